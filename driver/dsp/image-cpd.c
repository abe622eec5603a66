// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-cpd.c - the $CPD partition directory, the CSS manifest header and
 * its extensions, and the ADSP metadata file (rimage cse.h, css.h,
 * plat_auth.h, manifest.h; laid out by man_write_fw_v1_8/_v2_5 and by
 * Intel's signing tool for the intel-signed images).
 *
 *   $CPD v1: {marker, nb_entries, header_version 1, entry_version,
 *            header_length 0x10, checksum u8, name[4]}; the bytes of the
 *            header and entries sum to 0 mod 256 (cse.c, ri_cse_create).
 *   $CPD v2: header_length 0x14, a CRC-32/ISO-HDLC of header and entries
 *            (with the checksum field 0) at +0x10 (ri_cse_create_v2_5).
 *   entry:   {name[12], offset, length, reserved}, offsets in the payload.
 *   CSS:     {header_type, header_len (dwords), header_version (0x10000 /
 *            0x21000), reserved0, vendor, date, size (dwords), "$MN2",
 *            padding, version, svn, reserved1[18], modulus_size,
 *            exponent_size, modulus, exponent, signature}, then extensions
 *            {type, length} up to size dwords.
 *   .met:    adsp_meta_file_ext {17, len, imr_type, reserved[16],
 *            comp_desc {reserved[2], version, hash, base, limit, attr[4]}}.
 */
#include "image-priv.h"

#include <string.h>

#define CPD_V1_HDR 0x10
#define CPD_V2_HDR 0x14
#define CPD_ENTRY 24
#define CSS_FIXED 0x80            /* up to and including exponent_size */
#define CSS_VERSION_1_8 0x10000
#define CSS_VERSION_2_5 0x21000
#define SIGNED_PKG_FIXED 52       /* signed_pkg_info_ext up to module[] */
#define SIGNED_PKG_MODULE_FIXED 20
#define META_FIXED 28             /* ext_type, ext_len, imr_type, reserved[16] */

static guint css_hash_len(const SvDspImage *img)
{
	return img->css.header_version == CSS_VERSION_2_5 ? 48 : 32;
}

/* The entry called @name, or whose name ends in @suffix, or has no dot. */
static const SvDspCpdEntry *cpd_find(const SvDspImageCpd *cpd, const char *name,
				     const char *suffix, gboolean dotless)
{
	for (guint i = 0; i < cpd->nb_entries; i++) {
		const char *n = cpd->entries[i].name;

		if ((name && !strcmp(n, name)) || (suffix && g_str_has_suffix(n, suffix)) ||
		    (dotless && !strchr(n, '.')))
			return &cpd->entries[i];
	}
	return NULL;
}

static const SvDspCpdEntry *cpd_require(const SvImgFile *f, const SvDspImage *img,
					const char *suffix, gboolean dotless, const char *what,
					GError **error)
{
	const SvDspCpdEntry *e = cpd_find(&img->cpd, NULL, suffix, dotless);

	if (!e)
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MISSING,
			     "$CPD directory at file offset 0x%x: no %s entry", img->payload_offset,
			     what);
	return e;
}

static void cpd_checksum(const SvImgFile *f, SvDspImage *img, guint32 dir_len)
{
	const guint8 *dir = f->data + img->payload_offset;
	SvDspImageCpd *cpd = &img->cpd;

	if (cpd->header_version == 1) {
		guint8 sum = 0;

		for (guint32 i = 0; i < dir_len; i++)
			sum += dir[i];
		cpd->checksum = sv_img_u8(f, img->payload_offset + 11);
		cpd->checksum_ok = sum == 0;
	} else {
		g_autofree guint8 *copy = g_memdup2(dir, dir_len);

		cpd->checksum = sv_img_u32(f, img->payload_offset + 0x10);
		memset(copy + 0x10, 0, 4);
		cpd->checksum_ok = sv_img_crc32(copy, dir_len) == cpd->checksum;
	}
}

gboolean sv_img_parse_cpd(const SvImgFile *f, SvDspImage *img, GError **error)
{
	SvDspImageCpd *cpd = &img->cpd;
	guint64 base = img->payload_offset, end = f->size;
	guint32 hdr_len, dir_len;

	if (!sv_img_need(f, "$CPD header", base, CPD_V1_HDR, end, "the file", error))
		return FALSE;
	cpd->nb_entries = sv_img_u32(f, base + 4);
	cpd->header_version = sv_img_u8(f, base + 8);
	cpd->entry_version = sv_img_u8(f, base + 9);
	cpd->header_length = sv_img_u8(f, base + 10);
	sv_img_str(f, base + 12, 4, cpd->name);
	hdr_len = cpd->header_version == 1 ? CPD_V1_HDR : CPD_V2_HDR;
	if ((cpd->header_version != 1 && cpd->header_version != 2) ||
	    cpd->header_length != hdr_len) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_VERSION,
			     "$CPD header at file offset 0x%" G_GINT64_MODIFIER "x: header_version "
			     "%u with header_length %#x; known are 1 (0x10 bytes, cAVS 1.5-2.0) "
			     "and 2 (0x14 bytes, cAVS 2.5)", base, cpd->header_version,
			     cpd->header_length);
		return FALSE;
	}
	if (cpd->nb_entries == 0 || cpd->nb_entries > SV_DSP_IMAGE_MAX_CPD_ENTRIES) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "$CPD header at file offset 0x%" G_GINT64_MODIFIER "x: nb_entries %u "
			     "is not between 1 and %d", base, cpd->nb_entries,
			     SV_DSP_IMAGE_MAX_CPD_ENTRIES);
		return FALSE;
	}
	dir_len = hdr_len + cpd->nb_entries * CPD_ENTRY;
	if (!sv_img_need(f, "$CPD directory", base, dir_len, end, "the file", error))
		return FALSE;
	for (guint i = 0; i < cpd->nb_entries; i++) {
		SvDspCpdEntry *e = &cpd->entries[i];
		guint64 eo = base + hdr_len + (guint64)i * CPD_ENTRY;
		g_autofree char *what = NULL;

		sv_img_str(f, eo, 12, e->name);
		/* bits 31:25 of the offset are CSE flags (compression); rimage writes 0 */
		e->offset = sv_img_u32(f, eo + 12) & 0x1ffffff;
		e->length = sv_img_u32(f, eo + 16);
		what = g_strdup_printf("$CPD entry %u (%s, entry at file offset 0x%" G_GINT64_MODIFIER
				       "x)", i, e->name, eo);
		if (!sv_img_need(f, what, base + e->offset, e->length, end, "the payload", error))
			return FALSE;
	}
	cpd_checksum(f, img, dir_len);
	return TRUE;
}

static gboolean parse_signed_pkg(const SvImgFile *f, SvDspImage *img, const SvDspManExt *x,
				 GError **error)
{
	SvDspSignedPkg *p = &img->signed_pkg;
	SvDspSignedPkgModule *m = &p->module;
	guint hash_len = css_hash_len(img);
	guint64 o = x->offset, mo = o + SIGNED_PKG_FIXED;
	const SvDspCpdEntry *met;

	if (x->length < SIGNED_PKG_FIXED + SIGNED_PKG_MODULE_FIXED + hash_len) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "signed package info extension at file offset 0x%x: length %#x is "
			     "too small for one module with a %u-byte hash", x->offset, x->length,
			     hash_len);
		return FALSE;
	}
	p->present = true;
	sv_img_str(f, o + 8, 4, p->name);
	p->vcn = sv_img_u32(f, o + 12);
	p->svn = sv_img_u32(f, o + 32);
	p->fw_type = sv_img_u8(f, o + 36);
	p->fw_sub_type = sv_img_u8(f, o + 37);
	sv_img_str(f, mo, 12, m->name);
	m->type = sv_img_u8(f, mo + 12);
	m->hash_algo = sv_img_u8(f, mo + 13);
	m->hash_size = sv_img_u16(f, mo + 14);
	m->meta_size = sv_img_u32(f, mo + 16);
	if (m->hash_size != hash_len) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "signed package info module %s at file offset 0x%" G_GINT64_MODIFIER
			     "x: hash_size %u, CSS version %#x uses %u-byte hashes", m->name, mo,
			     m->hash_size, img->css.header_version, hash_len);
		return FALSE;
	}
	met = cpd_find(&img->cpd, m->name, NULL, FALSE);
	if (!met) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MISSING,
			     "signed package info module at file offset 0x%" G_GINT64_MODIFIER
			     "x names %s, which the $CPD directory does not have", mo, m->name);
		return FALSE;
	}
	if (m->meta_size > met->length) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "signed package info module %s at file offset 0x%" G_GINT64_MODIFIER
			     "x: meta_size %#x is more than the $CPD entry's length %#x", m->name,
			     mo, m->meta_size, met->length);
		return FALSE;
	}
	/* rimage stores this hash last byte first (bytes_swap in manifest.c) */
	sv_img_hash_stated(f, mo + SIGNED_PKG_MODULE_FIXED, hash_len, TRUE, &m->hash);
	sv_img_hash(f, sv_img_foff(img, met->offset), m->meta_size, hash_len, &m->hash);
	return TRUE;
}

static void parse_partition(const SvImgFile *f, SvDspImage *img, const SvDspManExt *x)
{
	SvDspPartitionInfo *p = &img->partition;
	guint64 o = x->offset;

	if (x->length < 16)
		return;
	p->present = true;
	p->type = x->type;
	sv_img_str(f, o + 8, 4, p->name);
	p->length = sv_img_u32(f, o + 12);
	/* partition_info_ext: hash[32] at +16, then vcn, versions, id, flags */
	if (x->type == SV_DSP_MAN_EXT_PARTITION_INFO && x->length >= 68) {
		p->vcn = sv_img_u32(f, o + 48);
		p->part_version = sv_img_u32(f, o + 52);
		p->fmt_version = sv_img_u32(f, o + 56);
		p->instance_id = sv_img_u32(f, o + 60);
		p->part_flags = sv_img_u32(f, o + 64);
	}
}

static gboolean parse_extensions(const SvImgFile *f, SvDspImage *img, guint64 end,
				 GError **error)
{
	guint64 o = (guint64)img->css.offset + img->css.header_len * 4ull;

	img->n_exts = 0;
	while (o + 8 <= end) {
		SvDspManExt *x;
		g_autofree char *what = NULL;

		if (img->n_exts == SV_DSP_IMAGE_MAX_EXTS) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "manifest extension at file offset 0x%" G_GINT64_MODIFIER "x: "
				     "more than %d extensions", o, SV_DSP_IMAGE_MAX_EXTS);
			return FALSE;
		}
		x = &img->exts[img->n_exts];
		x->offset = o;
		x->type = sv_img_u32(f, o);
		x->length = sv_img_u32(f, o + 4);
		what = g_strdup_printf("manifest extension %u (%s)", img->n_exts,
				       sv_dsp_man_ext_name(x->type));
		if (x->length < 8) {
			sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
				     "%s at file offset 0x%" G_GINT64_MODIFIER "x: length %#x is "
				     "smaller than its header", what, o, x->length);
			return FALSE;
		}
		if (!sv_img_need(f, what, o, x->length, end, "the CSS manifest (size)", error))
			return FALSE;
		img->n_exts++;
		if (x->type == SV_DSP_MAN_EXT_SIGNED_PKG_INFO) {
			if (!parse_signed_pkg(f, img, x, error))
				return FALSE;
		} else if (x->type == SV_DSP_MAN_EXT_PARTITION_INFO ||
			   x->type == SV_DSP_MAN_EXT_INFO_0X16) {
			parse_partition(f, img, x);
		}
		o += x->length;
	}
	if (!img->signed_pkg.present) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MISSING,
			     "CSS manifest at file offset 0x%x: no signed package info extension "
			     "(type 15)", img->css.offset);
		return FALSE;
	}
	return TRUE;
}

gboolean sv_img_parse_css(const SvImgFile *f, SvDspImage *img, GError **error)
{
	const SvDspCpdEntry *man = cpd_require(f, img, ".man", FALSE, "*.man (CSS manifest)", error);
	SvDspImageCss *c = &img->css;
	guint64 o, end;
	guint key_len;

	if (!man)
		return FALSE;
	o = sv_img_foff(img, man->offset);
	end = o + man->length;
	c->offset = o;
	if (!sv_img_need(f, "CSS header", o, CSS_FIXED, end, "the $CPD entry ADSP.man", error))
		return FALSE;
	c->header_type = sv_img_u32(f, o);
	c->header_len = sv_img_u32(f, o + 4);
	c->header_version = sv_img_u32(f, o + 8);
	c->module_vendor = sv_img_u32(f, o + 16);
	c->date = sv_img_u32(f, o + 20);
	c->size = sv_img_u32(f, o + 24);
	sv_img_version4(f, o + 36, c->version);
	c->svn = sv_img_u32(f, o + 44);
	c->modulus_size = sv_img_u32(f, o + 120);
	c->exponent_size = sv_img_u32(f, o + 124);
	if (!sv_img_magic(f, o + 28, "$MN2")) {
		g_autofree char *m = sv_img_describe_magic(f, o + 28);

		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MAGIC,
			     "CSS header at file offset 0x%" G_GINT64_MODIFIER "x: header_id %s "
			     "at 0x%" G_GINT64_MODIFIER "x, expected \"$MN2\"", o, m, o + 28);
		return FALSE;
	}
	if (c->header_version != CSS_VERSION_1_8 && c->header_version != CSS_VERSION_2_5) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_VERSION,
			     "CSS header at file offset 0x%" G_GINT64_MODIFIER "x: header_version "
			     "%#x; known are 0x10000 (cAVS 1.5-2.0, RSA-2048) and 0x21000 "
			     "(cAVS 2.5, RSA-3072)", o, c->header_version);
		return FALSE;
	}
	key_len = c->header_version == CSS_VERSION_2_5 ? 384 : 256;
	if (c->modulus_size * 4ull != key_len || c->exponent_size != 1 ||
	    c->header_len * 4ull != CSS_FIXED + 2ull * key_len + 4) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "CSS header at file offset 0x%" G_GINT64_MODIFIER "x: header_len %#x, "
			     "modulus_size %#x, exponent_size %#x do not describe the RSA-%u "
			     "layout of header_version %#x", o, c->header_len, c->modulus_size,
			     c->exponent_size, key_len * 8, c->header_version);
		return FALSE;
	}
	c->key_bits = key_len * 8;
	c->modulus_offset = o + CSS_FIXED;
	c->exponent_offset = c->modulus_offset + key_len;
	c->signature_offset = c->exponent_offset + 4;
	if (!sv_img_need(f, "CSS header with key and signature", o, c->header_len * 4ull, end,
			 "the $CPD entry ADSP.man", error) ||
	    !sv_img_need(f, "CSS manifest (size)", o, c->size * 4ull, end,
			 "the $CPD entry ADSP.man", error))
		return FALSE;
	return parse_extensions(f, img, o + c->size * 4ull, error);
}

gboolean sv_img_parse_meta(const SvImgFile *f, SvDspImage *img, GError **error)
{
	const SvDspCpdEntry *met = cpd_require(f, img, ".met", FALSE, "*.met (metadata)", error);
	const SvDspCpdEntry *code;
	SvDspAdspMeta *m = &img->meta;
	guint hash_len = css_hash_len(img);
	guint64 o, d;
	guint32 type, len;

	if (!met)
		return FALSE;
	code = cpd_require(f, img, NULL, TRUE, "firmware (name without a dot)", error);
	if (!code)
		return FALSE;
	o = sv_img_foff(img, met->offset);
	if (!sv_img_need(f, "ADSP metadata extension", o, META_FIXED + 12 + hash_len + 8,
			 o + met->length, "its $CPD entry", error))
		return FALSE;
	type = sv_img_u32(f, o);
	len = sv_img_u32(f, o + 4);
	if (type != SV_DSP_MAN_EXT_ADSP_META || len > met->length) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "ADSP metadata extension (%s) at file offset 0x%" G_GINT64_MODIFIER
			     "x: ext_type %u length %#x, expected type 17 within the entry's %#x "
			     "bytes", met->name, o, type, len, met->length);
		return FALSE;
	}
	m->present = true;
	m->offset = o;
	m->imr_type = sv_img_u32(f, o + 8);
	d = o + META_FIXED;     /* comp_desc[0] */
	m->comp_version = sv_img_u32(f, d + 8);
	m->base_offset = sv_img_u32(f, d + 12 + hash_len);
	m->limit_offset = sv_img_u32(f, d + 16 + hash_len);
	/*
	 * rimage: the firmware entry's length = limit - base (cse.c), and the
	 * hash covers that entry to the end of the image (manifest.c).
	 */
	if (m->limit_offset < m->base_offset ||
	    m->limit_offset - m->base_offset != code->length) {
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "ADSP metadata extension at file offset 0x%" G_GINT64_MODIFIER "x: "
			     "limit_offset 0x%x - base_offset 0x%x is not the length %#x of the "
			     "$CPD entry %s it hashes", o, m->limit_offset, m->base_offset,
			     code->length, code->name);
		return FALSE;
	}
	sv_img_hash_stated(f, d + 12, hash_len, FALSE, &m->hash);
	sv_img_hash(f, sv_img_foff(img, code->offset), code->length, hash_len, &m->hash);
	return TRUE;
}
