// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-legacy.c - the "Reef" format of the Baytrail, Cherrytrail and
 * Broadwell images (Linux include/uapi/sound/sof/fw.h, checked as
 * sof_ipc3_validate_firmware and sof_ipc3_load_fw_to_dsp do):
 *
 *   snd_sof_fw_header {sig "Reef", file_size (payload less this header),
 *                      num_modules, abi}
 *   snd_sof_mod_hdr   {type, size (its blocks, headers included), num_blocks}
 *   snd_sof_blk_hdr   {type, size, offset} + size bytes
 *
 * No manifest, no hashes: Linux copies the blocks into IRAM/DRAM itself.
 */
#include "image-priv.h"

#define FW_HDR 16
#define MOD_HDR 12
#define BLK_HDR 12
#define MAX_MODULES 64
#define MAX_BLOCKS 1024

static gboolean parse_module(const SvImgFile *f, guint i, guint64 o, SvDspLegacyModule *m,
			     GError **error)
{
	guint64 end, b;

	m->file_offset = o;
	m->type = sv_img_u32(f, o);
	m->size = sv_img_u32(f, o + 4);
	m->n_blocks = sv_img_u32(f, o + 8);
	end = o + MOD_HDR + m->size;
	if (m->n_blocks > MAX_BLOCKS) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "Reef module %u at file offset 0x%" G_GINT64_MODIFIER "x: %u blocks "
			     "(at most %d)", i, o, m->n_blocks, MAX_BLOCKS);
		return FALSE;
	}
	m->blocks = g_new0(SvDspLegacyBlock, m->n_blocks);
	b = o + MOD_HDR;
	for (guint k = 0; k < m->n_blocks; k++) {
		SvDspLegacyBlock *blk = &m->blocks[k];
		g_autofree char *what = g_strdup_printf("Reef module %u block %u", i, k);

		if (!sv_img_need(f, what, b, BLK_HDR, end, "its module (size)", error))
			return FALSE;
		blk->type = sv_img_u32(f, b);
		blk->size = sv_img_u32(f, b + 4);
		blk->offset = sv_img_u32(f, b + 8);
		blk->file_offset = b + BLK_HDR;
		if (!sv_img_need(f, what, b, BLK_HDR + (guint64)blk->size, end,
				 "its module (size)", error))
			return FALSE;
		b += BLK_HDR + blk->size;
	}
	return TRUE;
}

gboolean sv_img_parse_legacy(const SvImgFile *f, SvDspImage *img, GError **error)
{
	guint64 o = img->payload_offset;
	guint32 file_size, n;

	if (!sv_img_need(f, "Reef firmware header", o, FW_HDR, f->size, "the file", error))
		return FALSE;
	file_size = sv_img_u32(f, o + 4);
	n = sv_img_u32(f, o + 8);
	img->legacy_abi = sv_img_u32(f, o + 12);
	if ((guint64)file_size + FW_HDR != img->payload_size) {
		sv_img_error(f, error, file_size + (guint64)FW_HDR > img->payload_size ?
			     SV_DSP_IMAGE_ERROR_TRUNCATED : SV_DSP_IMAGE_ERROR_BOUNDS,
			     "Reef firmware header at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "file_size %#x + header is not the %#zx bytes after the XMan", o,
			     file_size, img->payload_size);
		return FALSE;
	}
	if (n == 0 || n > MAX_MODULES) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "Reef firmware header at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "num_modules %u is not between 1 and %d", o, n, MAX_MODULES);
		return FALSE;
	}
	img->legacy_modules = g_new0(SvDspLegacyModule, n);
	img->n_legacy_modules = n;
	o += FW_HDR;
	for (guint i = 0; i < n; i++) {
		SvDspLegacyModule *m = &img->legacy_modules[i];
		g_autofree char *what = g_strdup_printf("Reef module %u", i);

		if (!sv_img_need(f, what, o, MOD_HDR, f->size, "the file", error) ||
		    !sv_img_need(f, what, o, MOD_HDR + (guint64)sv_img_u32(f, o + 4), f->size,
				 "the file", error) ||
		    !parse_module(f, i, o, m, error))
			return FALSE;
		o += MOD_HDR + m->size;
	}
	return TRUE;
}
