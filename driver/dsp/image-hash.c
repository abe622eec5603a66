// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-hash.c - the hashes an image states and the ones computed here
 * (SHA-256 with nettle, SHA-384 with GLib's GChecksum), and the $CPD v2
 * CRC-32 (zlib: CRC-32/ISO-HDLC, the parameters of rimage's
 * ri_cse_create_v2_5).
 *
 * Hashing is most of loading an image.  nettle's SHA-256 uses the CPU's
 * SHA extensions where there are some: about 1.2 GB/s against GLib's
 * 0.2 GB/s where this was measured.  For SHA-384 GLib's is as fast
 * (0.27 against nettle's 0.22 GB/s).
 */
#include "image-priv.h"

#include <nettle/sha2.h>
#include <string.h>
#include <zlib.h>

const char *sv_img_hash_name(guint hash_len)
{
	return hash_len == 48 ? "SHA-384" : "SHA-256";
}

void sv_img_hash_stated(const SvImgFile *f, guint64 off, guint hash_len, gboolean reversed,
			SvDspImageHash *h)
{
	g_assert(hash_len <= SV_DSP_IMAGE_HASH_MAX && off + hash_len <= f->size);
	h->len = hash_len;
	h->stated_offset = off;
	for (guint i = 0; i < hash_len; i++)
		h->stated[i] = f->data[off + (reversed ? hash_len - 1 - i : i)];
}

void sv_img_hash(const SvImgFile *f, guint64 off, guint64 len, guint hash_len,
		 SvDspImageHash *h)
{
	g_assert(off + len <= f->size);
	if (hash_len == 48) {
		g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA384);
		gsize n = sizeof(h->computed);

		g_checksum_update(sum, f->data + off, len);
		g_checksum_get_digest(sum, h->computed, &n);
		g_assert(n == hash_len);
	} else {
		struct sha256_ctx sum;

		g_assert(hash_len == SHA256_DIGEST_SIZE);
		sha256_init(&sum);
		sha256_update(&sum, len, f->data + off);
		sha256_digest(&sum, SHA256_DIGEST_SIZE, h->computed);
	}
	h->offset = off;
	h->size = len;
	h->ok = memcmp(h->computed, h->stated, hash_len) == 0;
}

guint32 sv_img_crc32(const guint8 *data, gsize len)
{
	return crc32(crc32(0, Z_NULL, 0), data, len);
}

/* Two digits a byte from a table: a printf call per byte cost more than the JSON around it. */
char *sv_img_hex(const guint8 *bytes, gsize len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = g_malloc(len * 2 + 1);

	for (gsize i = 0; i < len; i++) {
		s[2 * i] = digits[bytes[i] >> 4];
		s[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	s[len * 2] = 0;
	return s;
}
