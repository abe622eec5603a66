/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * image-priv.h - internals of the .ri reader: a bounds-checked view of the
 * file and the per-structure parsers (image-xman.c, image-cpd.c,
 * image-manifest.c, image-legacy.c) that fill an SvDspImage.
 *
 * Every read goes through sv_img_need() first: a structure is only decoded
 * once the bytes it occupies are known to lie inside the file and inside
 * the structure that contains it.  Errors name the file, the structure and
 * its file offset.
 */
#ifndef SOFVFIO_DSP_IMAGE_PRIV_H
#define SOFVFIO_DSP_IMAGE_PRIV_H

#include "sofvfio/dsp-image.h"

/* The file being read; offsets are file offsets unless named otherwise. */
typedef struct {
	const guint8 *data;
	gsize size;
	const char *name;
} SvImgFile;

void sv_img_error(const SvImgFile *f, GError **error, SvDspImageError code,
		  const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/*
 * sv_img_need() - check that @len bytes of @what at @off lie before @end
 * (the end of the containing structure @container, itself inside the file).
 * On failure: SV_DSP_IMAGE_ERROR_TRUNCATED naming both.
 */
gboolean sv_img_need(const SvImgFile *f, const char *what, guint64 off, guint64 len,
		     guint64 end, const char *container, GError **error);

/* Little-endian reads; the caller has checked the span with sv_img_need(). */
guint32 sv_img_u32(const SvImgFile *f, guint64 off);
guint16 sv_img_u16(const SvImgFile *f, guint64 off);
guint8 sv_img_u8(const SvImgFile *f, guint64 off);
/* Copy a fixed-size, possibly unterminated string field into @out[@len + 1]. */
void sv_img_str(const SvImgFile *f, guint64 off, gsize len, char *out);
/* struct fw_version: four u16 (major, minor, hotfix, build) at @off. */
void sv_img_version4(const SvImgFile *f, guint64 off, guint16 out[4]);
gboolean sv_img_magic(const SvImgFile *f, guint64 off, const char magic[4]);
/* "0x12345678 (\"ab..\")": a magic word for an error message; g_free() it. */
char *sv_img_describe_magic(const SvImgFile *f, guint64 off);

/* The parsers.  Each returns FALSE with @error set on a malformed structure. */
gboolean sv_img_parse_xman(const SvImgFile *f, SvDspImageXman *x, GError **error);
gboolean sv_img_parse_cpd(const SvImgFile *f, SvDspImage *img, GError **error);
gboolean sv_img_parse_css(const SvImgFile *f, SvDspImage *img, GError **error);
gboolean sv_img_parse_meta(const SvImgFile *f, SvDspImage *img, GError **error);
gboolean sv_img_parse_manifest(const SvImgFile *f, SvDspImage *img, GError **error);
gboolean sv_img_parse_legacy(const SvImgFile *f, SvDspImage *img, GError **error);

/* image-hash.c: hashes and checksums (GChecksum, zlib's crc32). */
void sv_img_hash(const SvImgFile *f, guint64 off, guint64 len, guint hash_len,
		 SvDspImageHash *h);
/* Fill @h->stated from @off (@reversed: stored last byte first, as rimage does). */
void sv_img_hash_stated(const SvImgFile *f, guint64 off, guint hash_len, gboolean reversed,
			SvDspImageHash *h);
guint32 sv_img_crc32(const guint8 *data, gsize len);
/* "SHA-256" / "SHA-384" */
const char *sv_img_hash_name(guint hash_len);

/* Lower-case hex of @len bytes; g_free() it. */
char *sv_img_hex(const guint8 *bytes, gsize len);

/* image.c: decode @bytes (taken over) as an image called @name. */
SvDspImage *sv_img_load_bytes(GBytes *bytes, const char *name, GError **error);

/* Payload offset -> file offset. */
static inline guint64 sv_img_foff(const SvDspImage *img, guint64 payload_off)
{
	return (guint64)img->payload_offset + payload_off;
}

#endif
