// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ldc.c - the firmware's log dictionary.  A SOF firmware's trace records
 * carry the address of their log entry, whose level, file, line, text and
 * parameter count live in the .ldc file built with the image (sof-logger
 * reads it: entry at (address - base_address) + data_offset, header {level,
 * component_class, params_num, line_idx, file_name_len, text_len}, then the
 * file name and the text).  The image itself does not hold the texts, so the
 * model takes sof-<part>.ldc from its dictionary folder when its header
 * states the loaded image's source hash (the check sof-logger makes); its
 * records then point where the real firmware's do.  Without one, the
 * model's own addresses are used (docs/dsp-model.md).
 */
#define SV_LOG_PREFIX "dsp-ldc"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#include <string.h>

#define LDC_HEADER 76            /* sig, base_address, data_length, data_offset, fw version */
#define LDC_SRC_HASH (16 + 44)   /* version.src_hash */
#define LDC_ENTRY_HEADER 24
#define LDC_MAX_NAME 256

static gboolean header_of(const uint8_t *b, size_t len, uint32_t *base, uint32_t *length,
			  uint32_t *offset)
{
	if (len < LDC_HEADER || memcmp(b, "Logs", 4))
		return FALSE;
	*base = dsp_get32(b, 4);
	*length = dsp_get32(b, 8);
	*offset = dsp_get32(b, 12);
	return *offset >= LDC_HEADER && *offset <= len && *length <= len - *offset;
}

void dsp_ldc_load(EmuDsp *d, uint32_t src_hash)
{
	g_autofree char *path = NULL;
	uint32_t base, length, offset;
	char *data;
	gsize len;

	g_clear_pointer(&d->ldc, g_bytes_unref);
	if (!d->ldc_dir)
		return;
	/* Every platform's image of a release has the same source hash: the name
	 * tells which platform's dictionary (sof-cnl.ldc for sof-cnl.ri). */
	path = g_strdup_printf("%s/sof-%s.ldc", d->ldc_dir, d->part->name);
	if (!g_file_get_contents(path, &data, &len, NULL)) {
		sv_debug("no %s: the model's own log addresses", path);
		return;
	}
	if (!header_of((uint8_t *)data, len, &base, &length, &offset) ||
	    dsp_get32((uint8_t *)data, LDC_SRC_HASH) != src_hash) {
		sv_info("%s is not the dictionary of this image (source hash 0x%08x): the model's "
			"own log addresses", path, src_hash);
		g_free(data);
		return;
	}
	sv_info("log dictionary %s (source hash 0x%08x)", path, src_hash);
	d->ldc = g_bytes_new_take(data, len);
}

gboolean dsp_ldc_find(EmuDsp *d, const char *text, gboolean prefix, unsigned n_params,
		      uint32_t *address)
{
	gsize len;
	const uint8_t *b = d->ldc ? g_bytes_get_data(d->ldc, &len) : NULL;
	uint32_t base, length, offset;
	size_t tl = strlen(text);

	if (!b || !header_of(b, len, &base, &length, &offset))
		return FALSE;
	/* The text is preceded by its file name (NUL-terminated) and the header. */
	for (const uint8_t *t = memmem(b + offset, length, text, tl); t;
	     t = memmem(t + 1, b + offset + length - (t + 1), text, tl)) {
		size_t at = t - b;

		for (uint32_t fl = 2; fl <= LDC_MAX_NAME && at >= offset + LDC_ENTRY_HEADER + fl; fl++) {
			size_t h = at - fl - LDC_ENTRY_HEADER;

			uint32_t len_text = dsp_get32(b, h + 20);

			if (t[-1] == 0 && dsp_get32(b, h + 16) == fl &&
			    (prefix ? len_text >= tl + 1 : len_text == tl + 1) &&
			    at + len_text <= offset + length && t[len_text - 1] == 0 &&
			    b[h + LDC_ENTRY_HEADER + fl - 1] == 0) {
				if (dsp_get32(b, h + 8) != n_params)
					return FALSE;
				*address = base + (uint32_t)(h - offset);
				return TRUE;
			}
		}
	}
	return FALSE;
}

uint32_t dsp_ldc_debug_abi(EmuDsp *d)
{
	return d->ldc ? dsp_get32(g_bytes_get_data(d->ldc, NULL), 16 + 40) : 0;
}
