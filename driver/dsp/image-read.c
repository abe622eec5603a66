// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-read.c - bounds-checked little-endian access to a firmware file and
 * the error messages of the image reader.
 */
#include "image-priv.h"

#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(sv-dsp-image-error-quark, sv_dsp_image_error)

void sv_img_error(const SvImgFile *f, GError **error, SvDspImageError code,
		  const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SV_DSP_IMAGE_ERROR, code, "%s: %s", f->name, msg);
}

gboolean sv_img_need(const SvImgFile *f, const char *what, guint64 off, guint64 len,
		     guint64 end, const char *container, GError **error)
{
	if (end > f->size)
		end = f->size;
	if (off <= end && len <= end - off)
		return TRUE;
	if (off >= f->size || len > f->size - off)
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_TRUNCATED,
			     "%s at file offset 0x%" G_GINT64_MODIFIER "x needs %#"
			     G_GINT64_MODIFIER "x bytes but the file ends at %#zx "
			     "(truncated file?)", what, off, len, f->size);
	else
		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_BOUNDS,
			     "%s at file offset 0x%" G_GINT64_MODIFIER "x (%#"
			     G_GINT64_MODIFIER "x bytes) runs past the end of %s at %#"
			     G_GINT64_MODIFIER "x", what, off, len, container, end);
	return FALSE;
}

guint32 sv_img_u32(const SvImgFile *f, guint64 off)
{
	guint32 v;

	g_assert(off + 4 <= f->size);
	memcpy(&v, f->data + off, 4);
	return GUINT32_FROM_LE(v);
}

guint16 sv_img_u16(const SvImgFile *f, guint64 off)
{
	guint16 v;

	g_assert(off + 2 <= f->size);
	memcpy(&v, f->data + off, 2);
	return GUINT16_FROM_LE(v);
}

guint8 sv_img_u8(const SvImgFile *f, guint64 off)
{
	g_assert(off < f->size);
	return f->data[off];
}

void sv_img_str(const SvImgFile *f, guint64 off, gsize len, char *out)
{
	g_assert(off + len <= f->size);
	memcpy(out, f->data + off, len);
	out[len] = '\0';
	/* Fields are NUL-padded; make what is printed printable. */
	for (gsize i = 0; i < len && out[i]; i++)
		if (!g_ascii_isprint(out[i]))
			out[i] = '?';
}

void sv_img_version4(const SvImgFile *f, guint64 off, guint16 out[4])
{
	for (int i = 0; i < 4; i++)
		out[i] = sv_img_u16(f, off + 2 * i);
}

gboolean sv_img_magic(const SvImgFile *f, guint64 off, const char magic[4])
{
	return off + 4 <= f->size && memcmp(f->data + off, magic, 4) == 0;
}

char *sv_img_describe_magic(const SvImgFile *f, guint64 off)
{
	char s[5];

	if (off + 4 > f->size)
		return g_strdup("(end of file)");
	sv_img_str(f, off, 4, s);
	return g_strdup_printf("0x%08x (\"%s\")", sv_img_u32(f, off), s);
}
