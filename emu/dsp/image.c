// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image.c - the firmware image as the ROM sees it: the payload that comes
 * over the code loader (the .ri less its XMan), laid out by rimage
 * (manifest.h, css.h, cse.h, plat_auth.h):
 *
 *   0x0     $CPD partition directory "ADSP": header (16 bytes; v2.5: 20 with a
 *           checksum), entries {name[12], offset, length, reserved}:
 *           ADSP.man, <code>.met, <code>
 *   ADSP.man  CSS header ($MN2; v1.8: 161 dwords, version 0x10000, RSA-2048;
 *           v2.5: 225 dwords, 0x21000, RSA-3072), then extensions {type, len}:
 *           15 signed package info, whose module holds the hash of <code>.met
 *           (byte-reversed)
 *   <code>.met  ADSP metadata extension (type 17): the hash of <code>
 *           (SHA-256; v2.5: SHA-384) and its base offset, the $AM1's place
 *   $AM1    firmware descriptor: preload pages, version, modules, load offset,
 *           then $AME module entries {name, hash, entry, 3 segments}; a
 *           module's hash is SHA-256 of its text and rodata pages
 *
 * What the ROM checks here is everything but the RSA signature (no keys):
 * structure and bounds, header kinds for the part, the hashes, the load
 * offset.  Error codes are the ROM's (Linux hda.h): 43 base firmware not
 * found, 44 validation failed, 47 load offset.
 */
#define SV_LOG_PREFIX "dsp-image"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#include <string.h>

#define CPD_MAGIC 0x44504324u         /* "$CPD" */
#define CPD_ENTRY_SIZE 24
#define CSS_TYPE 4
#define CSS_VENDOR 0x8086
#define EXT_SIGNED_PKG 15
#define EXT_ADSP_META 17
#define FW_HDR_LEN 0x34               /* struct sof_man_fw_header */
#define MODULE_SIZE 116               /* struct sof_man_module */
#define PAGE 4096u
#define MAX_PRELOAD (16u << 20)

typedef struct {
	uint32_t off, len;
} Part;

/* The manifest kind a part's ROM reads. */
typedef struct {
	unsigned cpd_version, cpd_header_len;
	uint32_t css_len_dwords, css_version;
	GChecksumType meta_hash;
	size_t meta_hash_len;
} Flavour;

static const Flavour flavours[] = {
	[DSP_MANIFEST_V1_8] = { .cpd_version = 1, .cpd_header_len = 16, .css_len_dwords = 161,
				.css_version = 0x10000, .meta_hash = G_CHECKSUM_SHA256,
				.meta_hash_len = 32 },
	[DSP_MANIFEST_V2_5] = { .cpd_version = 2, .cpd_header_len = 20, .css_len_dwords = 225,
				.css_version = 0x21000, .meta_hash = G_CHECKSUM_SHA384,
				.meta_hash_len = 48 },
};

typedef struct {
	Part man, met, code;
	char met_name[13];
	uint32_t am1;     /* $AM1 offset (the metadata's base offset) */
} Directory;

static gboolean fits(size_t len, uint64_t off, uint64_t n)
{
	return off <= len && n <= len - off;
}

static gboolean has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/*
 * Read the $CPD directory.  Return 0 when complete, -1 when more bytes are
 * needed, or the ROM error with *why.
 */
static int read_directory(const DspPart *p, const uint8_t *img, size_t len, Directory *dir,
			  char **why)
{
	const Flavour *fl = &flavours[p->manifest];
	uint32_t n, hlen;

	memset(dir, 0, sizeof(*dir));
	if (len < 4)
		return -1;
	if (dsp_get32(img, 0) != CPD_MAGIC) {
		*why = g_strdup_printf("no $CPD partition directory at offset 0 (found 0x%08x%s)",
				       dsp_get32(img, 0),
				       !memcmp(img, "XMan", 4) ? ": the XMan was not stripped" : "");
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	if (len < 16)
		return -1;
	n = dsp_get32(img, 4);
	hlen = img[10];
	if (img[8] != fl->cpd_version || hlen != fl->cpd_header_len) {
		*why = g_strdup_printf("$CPD header version %u length %u: this %s ROM reads version "
				       "%u length %u", img[8], hlen, p->gen, fl->cpd_version,
				       fl->cpd_header_len);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	if (n == 0 || n > 16) {
		*why = g_strdup_printf("$CPD lists %u entries", n);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	if (len < hlen + (size_t)n * CPD_ENTRY_SIZE)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *e = img + hlen + i * CPD_ENTRY_SIZE;
		char name[13] = { 0 };
		Part part = { dsp_get32(e, 12), dsp_get32(e, 16) };

		memcpy(name, e, 12);
		if (!strcmp(name, "ADSP.man"))
			dir->man = part;
		else if (has_suffix(name, ".met")) {
			dir->met = part;
			memcpy(dir->met_name, name, sizeof(name));
		}
	}
	for (unsigned i = 0; i < n && dir->met.len; i++) {
		const uint8_t *e = img + hlen + i * CPD_ENTRY_SIZE;
		size_t base = strlen(dir->met_name) - 4;

		if (!memcmp(e, dir->met_name, base) && e[base] == 0)
			dir->code = (Part){ dsp_get32(e, 12), dsp_get32(e, 16) };
	}
	if (!dir->man.len || !dir->met.len || !dir->code.len) {
		*why = g_strdup_printf("$CPD has no %s entry",
				       !dir->man.len ? "ADSP.man" : !dir->met.len ? "*.met" :
				       "code partition");
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	/* The metadata extension: its component's base offset is where $AM1 is. */
	if (!fits(len, dir->met.off, dir->met.len))
		return -1;
	if (dsp_get32(img, dir->met.off) != EXT_ADSP_META ||
	    dir->met.len < 28 + 12 + fl->meta_hash_len + 8) {
		*why = g_strdup_printf("%s at 0x%x is not an ADSP metadata extension (type %u)",
				       dir->met_name, dir->met.off, dsp_get32(img, dir->met.off));
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	dir->am1 = dsp_get32(img, dir->met.off + 28 + 12 + fl->meta_hash_len);
	return 0;
}

gboolean dsp_image_headers(const DspPart *p, const uint8_t *img, size_t len, DspImageInfo *info)
{
	Directory dir;
	int r = read_directory(p, img, len, &dir, &info->why);
	uint32_t pages;

	if (r < 0)
		return FALSE;
	if (r > 0) {
		info->error = r;
		return TRUE;
	}
	if (!fits(len, dir.am1, FW_HDR_LEN))
		return FALSE;
	if (memcmp(img + dir.am1, "$AM1", 4)) {
		info->error = DSP_ROM_ERR_BASE_FW_NOT_FOUND;
		info->why = g_strdup_printf("no $AM1 firmware descriptor at 0x%x", dir.am1);
		return TRUE;
	}
	pages = dsp_get32(img, dir.am1 + 16);
	if (!pages || (uint64_t)pages * PAGE > MAX_PRELOAD || (uint64_t)pages * PAGE < dir.am1) {
		info->error = DSP_ROM_ERR_BASE_FW_NOT_FOUND;
		info->why = g_strdup_printf("$AM1 preload page count %u", pages);
		return TRUE;
	}
	info->need = (size_t)pages * PAGE;
	return TRUE;
}

static gboolean hash_is(GChecksumType type, const uint8_t *data, size_t len, const uint8_t *want,
			size_t want_len, gboolean reversed)
{
	g_autoptr(GChecksum) c = g_checksum_new(type);
	uint8_t got[64];
	gsize n = sizeof(got);

	g_checksum_update(c, data, len);
	g_checksum_get_digest(c, got, &n);
	if (n != want_len)
		return FALSE;
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[reversed ? n - 1 - i : i])
			return FALSE;
	return TRUE;
}

static uint32_t check_css(const DspPart *p, const uint8_t *img, size_t len, const Directory *dir,
			  char **why)
{
	const Flavour *fl = &flavours[p->manifest];
	uint32_t css = dir->man.off;

	if (!fits(len, css, 32)) {
		*why = g_strdup_printf("ADSP.man at 0x%x is past the end", css);
		return DSP_ROM_ERR_CSE_VALIDATION;
	}
	if (dsp_get32(img, css) != CSS_TYPE || dsp_get32(img, css + 4) != fl->css_len_dwords ||
	    dsp_get32(img, css + 8) != fl->css_version || dsp_get32(img, css + 16) != CSS_VENDOR ||
	    memcmp(img + css + 28, "$MN2", 4)) {
		*why = g_strdup_printf("CSS header at 0x%x (type %u, %u dwords, version 0x%x) is not "
				       "the %s kind (%u dwords, version 0x%x)", css, dsp_get32(img, css),
				       dsp_get32(img, css + 4), dsp_get32(img, css + 8), p->gen,
				       fl->css_len_dwords, fl->css_version);
		return DSP_ROM_ERR_CSE_VALIDATION;
	}
	if ((uint64_t)dsp_get32(img, css + 24) * 4 != dir->man.len || !fits(len, css, dir->man.len)) {
		*why = g_strdup_printf("CSS size %u dwords but ADSP.man is %u bytes",
				       dsp_get32(img, css + 24), dir->man.len);
		return DSP_ROM_ERR_CSE_VALIDATION;
	}
	return 0;
}

/* The signed package extension holds the hash of <code>.met (reversed). */
static uint32_t check_signed_pkg(const DspPart *p, const uint8_t *img, const Directory *dir,
				 char **why)
{
	const Flavour *fl = &flavours[p->manifest];
	uint32_t end = dir->man.off + dir->man.len;
	uint32_t ext = dir->man.off + fl->css_len_dwords * 4;

	while (ext + 8 <= end) {
		uint32_t type = dsp_get32(img, ext), elen = dsp_get32(img, ext + 4);
		uint32_t mod = ext + 52;

		if (elen < 8 || elen > end - ext)
			break;
		if (type == EXT_SIGNED_PKG) {
			uint16_t hsize;

			if (mod + 20 + fl->meta_hash_len > ext + elen) {
				*why = g_strdup_printf("signed package extension at 0x%x too short", ext);
				return DSP_ROM_ERR_CSE_VALIDATION;
			}
			memcpy(&hsize, img + mod + 14, 2);
			if (strncmp((const char *)img + mod, dir->met_name, 12) ||
			    GUINT16_FROM_LE(hsize) != fl->meta_hash_len ||
			    !hash_is(fl->meta_hash, img + dir->met.off, dir->met.len, img + mod + 20,
				     fl->meta_hash_len, TRUE)) {
				*why = g_strdup_printf("the hash of %s in the signed package extension "
						       "at 0x%x does not match", dir->met_name, ext);
				return DSP_ROM_ERR_CSE_VALIDATION;
			}
			return 0;
		}
		ext += elen;
	}
	*why = g_strdup_printf("ADSP.man at 0x%x has no signed package extension", dir->man.off);
	return DSP_ROM_ERR_CSE_VALIDATION;
}

static uint32_t check_meta(const DspPart *p, const uint8_t *img, size_t len, const Directory *dir,
			   char **why)
{
	const Flavour *fl = &flavours[p->manifest];

	if (!fits(len, dir->code.off, dir->code.len)) {
		*why = g_strdup_printf("code partition %u bytes at 0x%x is past the end (%zu bytes)",
				       dir->code.len, dir->code.off, len);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	if (!hash_is(fl->meta_hash, img + dir->code.off, dir->code.len,
		     img + dir->met.off + 28 + 12, fl->meta_hash_len, FALSE)) {
		*why = g_strdup_printf("the hash of the code partition (0x%x, %u bytes) does not "
				       "match %s", dir->code.off, dir->code.len, dir->met_name);
		return DSP_ROM_ERR_CSE_VALIDATION;
	}
	return 0;
}

typedef struct {
	char name[9];
	uint32_t text_off, size;   /* text and rodata pages, from the text segment's offset */
	const uint8_t *hash;
} Module;

static gboolean module_at(const uint8_t *img, size_t len, uint32_t at, Module *m)
{
	uint32_t text = at + 80, rodata = at + 92;

	if (!fits(len, at, MODULE_SIZE) || memcmp(img + at, "$AME", 4))
		return FALSE;
	memset(m->name, 0, sizeof(m->name));
	memcpy(m->name, img + at + 4, 8);
	m->hash = img + at + 32;
	m->text_off = dsp_get32(img, text + 8);
	m->size = ((dsp_get32(img, text) >> 16) + (dsp_get32(img, rodata) >> 16)) * PAGE;
	return TRUE;
}

static uint32_t check_modules(const DspPart *p, const uint8_t *img, size_t len, uint32_t am1,
			      char **why)
{
	uint32_t n = dsp_get32(img, am1 + 36), hlen = dsp_get32(img, am1 + 4);
	uint32_t load = dsp_get32(img, am1 + 48);
	gboolean basefw = FALSE;

	if (load != p->load_offset) {
		*why = g_strdup_printf("$AM1 load offset 0x%x, this %s part loads at 0x%x", load,
				       p->gen, p->load_offset);
		return DSP_ROM_ERR_LOAD_OFFSET;
	}
	if (hlen < FW_HDR_LEN || n == 0 || n > 32) {
		*why = g_strdup_printf("$AM1 header length %u with %u modules", hlen, n);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t at = am1 + hlen + i * MODULE_SIZE;
		Module m;

		if (!module_at(img, len, at, &m)) {
			*why = g_strdup_printf("module %u: no $AME entry at 0x%x", i, at);
			return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
		}
		if (!fits(len, m.text_off, m.size)) {
			*why = g_strdup_printf("module %s: segments at 0x%x, %u bytes, past the end",
					       m.name, m.text_off, m.size);
			return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
		}
		if (!hash_is(G_CHECKSUM_SHA256, img + m.text_off, m.size, m.hash, 32, FALSE)) {
			*why = g_strdup_printf("module %s: SHA-256 of its segments (0x%x, %u bytes) "
					       "does not match its $AME entry at 0x%x", m.name,
					       m.text_off, m.size, at);
			return DSP_ROM_ERR_CSE_VALIDATION;
		}
		basefw |= !strcmp(m.name, "BASEFW");
	}
	if (!basefw) {
		*why = g_strdup("no BASEFW module");
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	return 0;
}

uint32_t dsp_image_verify(const DspPart *p, const uint8_t *img, size_t len, char **why)
{
	Directory dir;
	int r = read_directory(p, img, len, &dir, why);
	uint32_t err;

	if (r < 0) {
		*why = g_strdup_printf("the image ends at %zu bytes inside its $CPD directory", len);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	if (r > 0)
		return r;
	if (!fits(len, dir.am1, FW_HDR_LEN) || memcmp(img + dir.am1, "$AM1", 4)) {
		*why = g_strdup_printf("no $AM1 firmware descriptor at 0x%x", dir.am1);
		return DSP_ROM_ERR_BASE_FW_NOT_FOUND;
	}
	/* The ROM reads the descriptor (load offset) before the CSE validates. */
	if (dsp_get32(img, dir.am1 + 48) != p->load_offset)
		return check_modules(p, img, len, dir.am1, why);
	if ((err = check_css(p, img, len, &dir, why)) || (err = check_signed_pkg(p, img, &dir, why)) ||
	    (err = check_meta(p, img, len, &dir, why)))
		return err;
	return check_modules(p, img, len, dir.am1, why);
}

gboolean dsp_image_fw_ready(const uint8_t *img, size_t len, uint8_t out[SOF_FW_READY_SIZE])
{
	Directory dir;
	g_autofree char *why = NULL;
	uint32_t n, hlen;

	/* The directory was checked already; any flavour finds $AM1 the same way. */
	for (unsigned f = 0; f < G_N_ELEMENTS(flavours); f++) {
		DspPart part = { .manifest = f, .gen = "" };

		g_clear_pointer(&why, g_free);
		if (read_directory(&part, img, len, &dir, &why) == 0)
			break;
		dir.am1 = 0;
	}
	if (!dir.am1 || !fits(len, dir.am1, FW_HDR_LEN))
		return FALSE;
	n = dsp_get32(img, dir.am1 + 36);
	hlen = dsp_get32(img, dir.am1 + 4);
	for (uint32_t i = 0; i < n && i < 32; i++) {
		Module m;

		if (!module_at(img, len, dir.am1 + hlen + i * MODULE_SIZE, &m) ||
		    strcmp(m.name, "BASEFW") || !fits(len, m.text_off, m.size))
			continue;
		/* struct sof_ipc_fw_ready lives in the .fw_ready section of BASEFW:
		 * {size 108, cmd FW_READY}, its version's own header size 60. */
		for (uint32_t o = m.text_off; o + SOF_FW_READY_SIZE <= m.text_off + m.size; o += 4)
			if (dsp_get32(img, o) == SOF_FW_READY_SIZE && dsp_get32(img, o + 4) == SOF_GLB_FW_READY &&
			    dsp_get32(img, o + 24) == 60) {
				memcpy(out, img + o, SOF_FW_READY_SIZE);
				return TRUE;
			}
	}
	return FALSE;
}

void dsp_image_info_clear(DspImageInfo *info)
{
	g_clear_pointer(&info->why, g_free);
	info->need = 0;
	info->error = 0;
}
