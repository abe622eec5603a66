// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-xman.c - the XMan extended manifest at the start of a .ri file
 * (SOF/Linux include/sound/sof/ext_manifest.h, rimage ext_manifest.c).
 *
 * Header {magic "XMan", full_size, header_size, header_version}, then
 * elements {type, elem_size (incl. this header)} up to full_size.  Linux
 * (ipc3-loader.c) refuses a header major version other than its own (1),
 * an element smaller than its header or larger than what remains, and
 * bytes left over; it then strips full_size bytes before the DMA.  The
 * element payloads are the IPC structures FW_READY also carries
 * (include/sound/sof/info.h): sof_ipc_fw_version, sof_ipc_window,
 * sof_ipc_cc_version, sof_ipc_probe_support, sof_ipc_user_abi_version.
 */
#include "image-priv.h"

#include <string.h>

#define XMAN_HDR_SIZE 16
#define ELEM_HDR_SIZE 8
#define EXT_DATA_HDR_SIZE 12     /* sof_ipc_ext_data_hdr: {size, cmd}, type */
#define FW_VERSION_SIZE 60       /* sof_ipc_fw_version */
#define WINDOW_ELEM_SIZE 24      /* sof_ipc_window_elem */
#define CC_VERSION_SIZE 92       /* sof_ipc_cc_version */
#define PROBE_SIZE 28            /* sof_ipc_probe_support */
#define DBG_ABI_SIZE 16          /* sof_ipc_user_abi_version */

typedef struct {
	const SvImgFile *f;
	guint index;
	guint32 type;
	guint64 off;     /* element header */
	guint32 size;    /* elem_size */
	char what[64];
} Elem;

/* The element must hold its header plus @content bytes. */
static gboolean elem_need(const Elem *e, guint32 content, GError **error)
{
	if ((guint64)e->size >= ELEM_HDR_SIZE + (guint64)content)
		return TRUE;
	sv_img_error(e->f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
		     "%s at file offset 0x%" G_GINT64_MODIFIER "x: elem_size %#x is too small "
		     "for its content (%#x bytes with the header)", e->what, e->off, e->size,
		     ELEM_HDR_SIZE + content);
	return FALSE;
}

static gboolean parse_fw_version(const Elem *e, SvDspImageXman *x, GError **error)
{
	const SvImgFile *f = e->f;
	guint64 v = e->off + ELEM_HDR_SIZE;
	SvDspImageFwVersion *fw = &x->fw_version;

	/* sof_ipc_fw_version then the element's own u32 flags */
	if (!elem_need(e, FW_VERSION_SIZE + 4, error))
		return FALSE;
	fw->major = sv_img_u16(f, v + 4);
	fw->minor = sv_img_u16(f, v + 6);
	fw->micro = sv_img_u16(f, v + 8);
	fw->build = sv_img_u16(f, v + 10);
	sv_img_str(f, v + 12, 12, fw->date);
	sv_img_str(f, v + 24, 10, fw->time);
	sv_img_str(f, v + 34, 6, fw->tag);
	fw->abi_version = sv_img_u32(f, v + 40);
	fw->src_hash = sv_img_u32(f, v + 44);
	fw->flags = sv_img_u32(f, v + FW_VERSION_SIZE);
	x->have_fw_version = true;
	return TRUE;
}

static gboolean parse_windows(const Elem *e, SvDspImageXman *x, GError **error)
{
	const SvImgFile *f = e->f;
	guint64 v = e->off + ELEM_HDR_SIZE;
	guint32 n;

	/* sof_ipc_window: ext_data_hdr, num_windows, window[] */
	if (!elem_need(e, EXT_DATA_HDR_SIZE + 4, error))
		return FALSE;
	n = sv_img_u32(f, v + EXT_DATA_HDR_SIZE);
	if (n > SV_DSP_IMAGE_MAX_WINDOWS) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "%s at file offset 0x%" G_GINT64_MODIFIER "x: num_windows %u is more "
			     "than SOF_IPC_MAX_ELEMS (%d)", e->what, e->off, n,
			     SV_DSP_IMAGE_MAX_WINDOWS);
		return FALSE;
	}
	if (!elem_need(e, EXT_DATA_HDR_SIZE + 4 + n * WINDOW_ELEM_SIZE, error))
		return FALSE;
	for (guint32 i = 0; i < n; i++) {
		guint64 w = v + EXT_DATA_HDR_SIZE + 4 + (guint64)i * WINDOW_ELEM_SIZE;

		/* sof_ipc_window_elem: hdr{size}, type, id, flags, size, offset */
		x->windows[i] = (SvDspImageWindow){
			.type = sv_img_u32(f, w + 4),
			.id = sv_img_u32(f, w + 8),
			.flags = sv_img_u32(f, w + 12),
			.size = sv_img_u32(f, w + 16),
			.offset = sv_img_u32(f, w + 20),
		};
	}
	x->n_windows = n;
	x->have_windows = true;
	return TRUE;
}

static gboolean parse_cc_version(const Elem *e, SvDspImageXman *x, GError **error)
{
	const SvImgFile *f = e->f;
	guint64 v = e->off + ELEM_HDR_SIZE + EXT_DATA_HDR_SIZE;
	SvDspImageCcVersion *cc = &x->cc_version;

	/* major, minor, micro, reserved[4], name[16], optim[4], desc[32] */
	if (!elem_need(e, CC_VERSION_SIZE, error))
		return FALSE;
	cc->major = sv_img_u32(f, v);
	cc->minor = sv_img_u32(f, v + 4);
	cc->micro = sv_img_u32(f, v + 8);
	sv_img_str(f, v + 28, 16, cc->name);
	sv_img_str(f, v + 44, 4, cc->optim);
	sv_img_str(f, v + 48, 32, cc->desc);
	x->have_cc_version = true;
	return TRUE;
}

static gboolean parse_probe(const Elem *e, SvDspImageXman *x, GError **error)
{
	guint64 v = e->off + ELEM_HDR_SIZE + EXT_DATA_HDR_SIZE;

	if (!elem_need(e, PROBE_SIZE, error))
		return FALSE;
	x->probe_points_max = sv_img_u32(e->f, v);
	x->probe_injection_dmas_max = sv_img_u32(e->f, v + 4);
	x->have_probe = true;
	return TRUE;
}

static gboolean parse_dbg_abi(const Elem *e, SvDspImageXman *x, GError **error)
{
	if (!elem_need(e, DBG_ABI_SIZE, error))
		return FALSE;
	x->dbg_abi_version = sv_img_u32(e->f, e->off + ELEM_HDR_SIZE + EXT_DATA_HDR_SIZE);
	x->have_dbg_abi = true;
	return TRUE;
}

/* CONFIG_DATA / PLATFORM_CONFIG: {token, value}[]; token 0 is padding (EMPTY). */
static gboolean parse_tokens(const Elem *e, SvDspImageTokenValue *out, guint *n_out,
			     GError **error)
{
	guint32 n = (e->size - ELEM_HDR_SIZE) / 8;

	*n_out = 0;
	for (guint32 i = 0; i < n; i++) {
		guint64 t = e->off + ELEM_HDR_SIZE + (guint64)i * 8;
		guint32 token = sv_img_u32(e->f, t);

		if (!token)
			continue;
		if (*n_out == SV_DSP_IMAGE_MAX_TOKENS) {
			sv_img_error(e->f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "%s at file offset 0x%" G_GINT64_MODIFIER "x: more than %d "
				     "tokens", e->what, e->off, SV_DSP_IMAGE_MAX_TOKENS);
			return FALSE;
		}
		out[(*n_out)++] = (SvDspImageTokenValue){ token, sv_img_u32(e->f, t + 4) };
	}
	return TRUE;
}

static gboolean parse_element(const Elem *e, SvDspImageXman *x, guint32 *seen,
			      GError **error)
{
	if (e->type < 32 && (*seen & (1u << e->type))) {
		sv_img_error(e->f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "%s at file offset 0x%" G_GINT64_MODIFIER "x: a second %s element "
			     "(the first one would be ambiguous)", e->what, e->off,
			     sv_dsp_xman_type_name(e->type));
		return FALSE;
	}
	if (e->type < 32)
		*seen |= 1u << e->type;
	switch (e->type) {
	case SV_DSP_XMAN_FW_VERSION:
		return parse_fw_version(e, x, error);
	case SV_DSP_XMAN_WINDOW:
		return parse_windows(e, x, error);
	case SV_DSP_XMAN_CC_VERSION:
		return parse_cc_version(e, x, error);
	case SV_DSP_XMAN_PROBE_INFO:
		return parse_probe(e, x, error);
	case SV_DSP_XMAN_DBG_ABI:
		return parse_dbg_abi(e, x, error);
	case SV_DSP_XMAN_CONFIG_DATA:
		return parse_tokens(e, x->config, &x->n_config, error);
	case SV_DSP_XMAN_PLATFORM_CONFIG:
		return parse_tokens(e, x->platform_config, &x->n_platform_config, error);
	default:
		return TRUE;    /* unknown elements are skipped, as Linux does */
	}
}

gboolean sv_img_parse_xman(const SvImgFile *f, SvDspImageXman *x, GError **error)
{
	guint64 off, end;
	guint32 seen = 0;

	memset(x, 0, sizeof(*x));
	if (!sv_img_magic(f, 0, "XMan"))
		return TRUE;    /* no extended manifest: the payload is the file */
	if (!sv_img_need(f, "XMan header", 0, XMAN_HDR_SIZE, f->size, "the file", error))
		return FALSE;
	x->present = true;
	x->full_size = sv_img_u32(f, 4);
	x->header_size = sv_img_u32(f, 8);
	x->version = sv_img_u32(f, 12);
	if (SV_DSP_ABI_MAJOR(x->version) != 1) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_VERSION,
			     "XMan header at file offset 0x0: version %u.%u.%u, this reader "
			     "(like Linux) knows major version 1 only",
			     SV_DSP_ABI_MAJOR(x->version), SV_DSP_ABI_MINOR(x->version),
			     SV_DSP_ABI_PATCH(x->version));
		return FALSE;
	}
	if (x->header_size < XMAN_HDR_SIZE || x->header_size > x->full_size) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "XMan header at file offset 0x0: header_size %#x is not between "
			     "%#x and full_size %#x", x->header_size, XMAN_HDR_SIZE,
			     x->full_size);
		return FALSE;
	}
	if (!sv_img_need(f, "XMan (full_size)", 0, x->full_size, f->size, "the file", error))
		return FALSE;
	if (x->full_size == f->size) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MISSING,
			     "XMan header at file offset 0x0: full_size %#x is the whole file: "
			     "there is no firmware after the extended manifest", x->full_size);
		return FALSE;
	}

	end = x->full_size;
	for (off = x->header_size; off < end;) {
		Elem e = { .f = f, .index = x->n_elements, .off = off };

		g_snprintf(e.what, sizeof(e.what), "XMan element %u", e.index);
		if (!sv_img_need(f, e.what, off, ELEM_HDR_SIZE, end, "the XMan (full_size)", error))
			return FALSE;
		e.type = sv_img_u32(f, off);
		e.size = sv_img_u32(f, off + 4);
		g_snprintf(e.what, sizeof(e.what), "XMan element %u (%s)", e.index,
			   sv_dsp_xman_type_name(e.type));
		if (e.size < ELEM_HDR_SIZE) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "%s at file offset 0x%" G_GINT64_MODIFIER "x: elem_size %#x is "
				     "smaller than its own header", e.what, off, e.size);
			return FALSE;
		}
		if (!sv_img_need(f, e.what, off, e.size, end, "the XMan (full_size)", error))
			return FALSE;
		if (x->n_elements == SV_DSP_IMAGE_MAX_ELEMENTS) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "%s at file offset 0x%" G_GINT64_MODIFIER "x: more than %d "
				     "elements", e.what, off, SV_DSP_IMAGE_MAX_ELEMENTS);
			return FALSE;
		}
		x->elements[x->n_elements++] = (SvDspXmanElement){ e.type, (guint32)off, e.size };
		if (!parse_element(&e, x, &seen, error))
			return FALSE;
		off += e.size;
	}
	return TRUE;
}
