// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-manifest.c - the $AM1 firmware descriptor and its $AME module
 * entries (rimage sof/user/manifest.h), which the ROM reads at payload
 * offset 0x2000 (MAN_DESC_OFFSET_V1_8):
 *
 *   sof_man_fw_header (0x34): "$AM1", header_len, name[8],
 *     preload_page_count, fw_image_flags, feature_mask, version (4 x u16),
 *     num_module_entries, fw_compat, hw_buf_length, load_offset
 *   sof_man_module (0x74): "$AME", name[8], uuid[16], type, hash[32],
 *     entry_point, cfg_offset, cfg_count, affinity_mask,
 *     instance_max_count, instance_bss_size, segment[3] {flags, v_base_addr,
 *     file_offset}
 *
 * A module's hash is the SHA-256 of its text and rodata pages, from the
 * text segment's file offset (man_hash_modules).
 */
#include "image-priv.h"

#include <string.h>

#define MAN_DESC_OFFSET 0x2000
#define FW_HEADER_SIZE 0x34
#define MODULE_SIZE 0x74
#define MAX_MODULES 64

static void parse_segment(const SvImgFile *f, guint64 o, SvDspSegment *s)
{
	guint32 fl = sv_img_u32(f, o);

	/* union sof_man_segment_flags */
	*s = (SvDspSegment){
		.flags = fl,
		.contents = fl & 1, .alloc = fl >> 1 & 1, .load = fl >> 2 & 1,
		.readonly = fl >> 3 & 1, .code = fl >> 4 & 1, .data = fl >> 5 & 1,
		.type = fl >> 8 & 0xf,
		.pages = fl >> 16,
		.vaddr = sv_img_u32(f, o + 4),
		.file_offset = sv_img_u32(f, o + 8),
	};
}

static gboolean parse_module(const SvImgFile *f, SvDspImage *img, guint i, guint64 o,
			     SvDspModule *m, GError **error)
{
	static const char *const seg_names[] = { "text", "rodata", "bss" };
	guint64 text_off, text_len;

	if (!sv_img_magic(f, o, "$AME")) {
		g_autofree char *magic = sv_img_describe_magic(f, o);

		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MAGIC,
			     "$AME module entry %u at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "struct_id %s, expected \"$AME\"", i, o, magic);
		return FALSE;
	}
	m->offset = o;
	sv_img_str(f, o + 4, 8, m->name);
	memcpy(m->uuid, f->data + o + 12, 16);
	m->type = sv_img_u32(f, o + 28);
	m->entry_point = sv_img_u32(f, o + 64);
	m->cfg_offset = sv_img_u16(f, o + 68);
	m->cfg_count = sv_img_u16(f, o + 70);
	m->affinity_mask = sv_img_u32(f, o + 72);
	m->instance_max_count = sv_img_u16(f, o + 76);
	m->instance_bss_size = sv_img_u16(f, o + 78);
	for (guint s = 0; s < 3; s++) {
		SvDspSegment *seg = &m->segments[s];
		g_autofree char *what = NULL;

		parse_segment(f, o + 80 + 12 * s, seg);
		if (!seg->contents)
			continue;       /* bss: allocated, nothing in the file */
		what = g_strdup_printf("$AME module %s (entry at file offset 0x%" G_GINT64_MODIFIER
				       "x) %s segment (%u pages at payload offset 0x%x)",
				       m->name, o, seg_names[s], seg->pages, seg->file_offset);
		if (!sv_img_need(f, what, sv_img_foff(img, seg->file_offset),
				 (guint64)seg->pages * SV_DSP_PAGE_SIZE, f->size, "the payload",
				 error))
			return FALSE;
	}
	/* man_hash_modules: text + rodata pages from the text segment on */
	text_off = sv_img_foff(img, m->segments[SV_DSP_SEGMENT_TEXT].file_offset);
	text_len = ((guint64)m->segments[SV_DSP_SEGMENT_TEXT].pages +
		    m->segments[SV_DSP_SEGMENT_RODATA].pages) * SV_DSP_PAGE_SIZE;
	{
		g_autofree char *what = g_strdup_printf(
			"$AME module %s (entry at file offset 0x%" G_GINT64_MODIFIER "x) "
			"text+rodata", m->name, o);

		if (!sv_img_need(f, what, text_off, text_len, f->size, "the payload", error))
			return FALSE;
	}
	/* The ROM has only the preloaded pages, and jumps to entry_point in text. */
	for (guint s = 0; s < 2; s++) {
		const SvDspSegment *seg = &m->segments[s];

		if (seg->contents &&
		    (guint64)seg->file_offset + (guint64)seg->pages * SV_DSP_PAGE_SIZE >
		    (guint64)img->manifest.preload_page_count * SV_DSP_PAGE_SIZE) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "$AME module %s (entry at file offset 0x%" G_GINT64_MODIFIER
				     "x) %s segment: payload offset %#x + %u pages ends beyond the "
				     "%u pages of $AM1 preload_page_count (what the code loader "
				     "sends)", m->name, o, seg_names[s], seg->file_offset, seg->pages,
				     img->manifest.preload_page_count);
			return FALSE;
		}
	}
	{
		const SvDspSegment *t = &m->segments[SV_DSP_SEGMENT_TEXT];

		if (m->entry_point < t->vaddr ||
		    (guint64)m->entry_point >= (guint64)t->vaddr + (guint64)t->pages * SV_DSP_PAGE_SIZE) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "$AME module %s (entry at file offset 0x%" G_GINT64_MODIFIER
				     "x): entry_point %#x is outside its text segment (%#x, %u "
				     "pages)", m->name, o, m->entry_point, t->vaddr, t->pages);
			return FALSE;
		}
	}
	sv_img_hash_stated(f, o + 32, 32, FALSE, &m->hash);
	sv_img_hash(f, text_off, text_len, 32, &m->hash);
	return TRUE;
}

gboolean sv_img_parse_manifest(const SvImgFile *f, SvDspImage *img, GError **error)
{
	SvDspImageManifest *d = &img->manifest;
	guint64 o = sv_img_foff(img, MAN_DESC_OFFSET), mo;

	if (!sv_img_need(f, "$AM1 firmware descriptor (at payload offset 0x2000)", o,
			 FW_HEADER_SIZE, f->size, "the payload", error))
		return FALSE;
	if (!sv_img_magic(f, o, "$AM1")) {
		g_autofree char *magic = sv_img_describe_magic(f, o);

		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MAGIC,
			     "$AM1 firmware descriptor at file offset 0x%" G_GINT64_MODIFIER "x "
			     "(payload offset 0x2000): header_id %s, expected \"$AM1\"", o, magic);
		return FALSE;
	}
	if (img->meta.present &&
	    (o < img->meta.hash.offset ||
	     o + FW_HEADER_SIZE > (guint64)img->meta.hash.offset + img->meta.hash.size)) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "$AM1 firmware descriptor at file offset 0x%" G_GINT64_MODIFIER "x is "
			     "outside the firmware entry (file offset %#x, %#x bytes) that the "
			     "metadata hashes", o, img->meta.hash.offset, img->meta.hash.size);
		return FALSE;
	}
	d->offset = o;
	d->header_len = sv_img_u32(f, o + 4);
	sv_img_str(f, o + 8, 8, d->name);
	d->preload_page_count = sv_img_u32(f, o + 16);
	d->fw_image_flags = sv_img_u32(f, o + 20);
	d->feature_mask = sv_img_u32(f, o + 24);
	sv_img_version4(f, o + 28, d->version);
	d->num_module_entries = sv_img_u32(f, o + 36);
	d->fw_compat = sv_img_u32(f, o + 40);
	d->hw_buf_length = sv_img_u32(f, o + 44);
	d->load_offset = sv_img_u32(f, o + 48);
	if (d->header_len < FW_HEADER_SIZE || d->num_module_entries == 0 ||
	    d->num_module_entries > MAX_MODULES) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "$AM1 firmware descriptor at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "header_len %#x (at least %#x) or num_module_entries %u (1 to %d) "
			     "out of range", o, d->header_len, FW_HEADER_SIZE,
			     d->num_module_entries, MAX_MODULES);
		return FALSE;
	}
	/* The code loader moves preload_page_count pages: they must all be there. */
	if ((guint64)d->preload_page_count * SV_DSP_PAGE_SIZE > img->payload_size) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_TRUNCATED,
			     "$AM1 firmware descriptor at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "preload_page_count %u (%#" G_GINT64_MODIFIER "x bytes) is more than "
			     "the payload's %#zx bytes (truncated file?)", o,
			     d->preload_page_count,
			     (guint64)d->preload_page_count * SV_DSP_PAGE_SIZE, img->payload_size);
		return FALSE;
	}
	mo = o + d->header_len;
	if (!sv_img_need(f, "$AME module entries", mo,
			 (guint64)d->num_module_entries * MODULE_SIZE, f->size, "the payload",
			 error))
		return FALSE;
	d->modules = g_new0(SvDspModule, d->num_module_entries);
	d->n_modules = d->num_module_entries;
	for (guint i = 0; i < d->n_modules; i++)
		if (!parse_module(f, img, i, mo + (guint64)i * MODULE_SIZE, &d->modules[i], error))
			return FALSE;
	return TRUE;
}
