// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-platform.c - what each cAVS part's ROM expects of an image: the
 * $AM1 load_offset (rimage config/<platform>.toml, fw_desc.header) and the
 * CSS generation (css 1.8: RSA-2048; css 2.5: RSA-3072, TGL and later).
 * Names are those of the firmware files (sof-<name>.ri); the aliases
 * Debian ships as symlinks (glk -> apl, cfl/cml -> cnl, ...) are listed
 * with their own descriptions.
 */
#include "image-priv.h"

#include <string.h>

#define CSS_1_8 0x10000
#define CSS_2_5 0x21000

static const SvDspImagePlatform platforms[] = {
	{ .name = "apl", .description = "Apollo Lake, cAVS 1.5", .load_offset = 0x2000,
	  .css_version = CSS_1_8 },
	{ .name = "glk", .description = "Gemini Lake, cAVS 1.5", .load_offset = 0x2000,
	  .css_version = CSS_1_8 },
	{ .name = "cnl", .description = "Cannon Lake, cAVS 1.8", .load_offset = 0x30000,
	  .css_version = CSS_1_8 },
	{ .name = "cfl", .description = "Coffee Lake, cAVS 1.8", .load_offset = 0x30000,
	  .css_version = CSS_1_8 },
	{ .name = "cml", .description = "Comet Lake, cAVS 1.8", .load_offset = 0x30000,
	  .css_version = CSS_1_8 },
	{ .name = "icl", .description = "Ice Lake, cAVS 2.0", .load_offset = 0x30000,
	  .css_version = CSS_1_8 },
	{ .name = "jsl", .description = "Jasper Lake, cAVS 2.0", .load_offset = 0x30000,
	  .css_version = CSS_1_8 },
	{ .name = "tgl", .description = "Tiger Lake, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "tgl-h", .description = "Tiger Lake-H, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "ehl", .description = "Elkhart Lake, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "adl", .description = "Alder Lake, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "adl-s", .description = "Alder Lake-S, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "adl-n", .description = "Alder Lake-N, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "rpl", .description = "Raptor Lake, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
	{ .name = "rpl-s", .description = "Raptor Lake-S, cAVS 2.5", .load_offset = 0x30000,
	  .css_version = CSS_2_5 },
};

const SvDspImagePlatform *sv_dsp_image_platforms(gsize *n)
{
	*n = G_N_ELEMENTS(platforms);
	return platforms;
}

const SvDspImagePlatform *sv_dsp_image_platform_lookup(const char *name)
{
	for (gsize i = 0; name && i < G_N_ELEMENTS(platforms); i++)
		if (!g_ascii_strcasecmp(platforms[i].name, name))
			return &platforms[i];
	return NULL;
}

const SvDspImagePlatform *sv_dsp_image_platform_guess(const char *path)
{
	g_autofree char *base = g_path_get_basename(path);
	size_t len = strlen(base);

	if (!g_str_has_prefix(base, "sof-") || !g_str_has_suffix(base, ".ri") || len < 8)
		return NULL;
	base[len - 3] = '\0';
	return sv_dsp_image_platform_lookup(base + 4);
}
