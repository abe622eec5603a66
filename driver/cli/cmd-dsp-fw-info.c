// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-dsp-fw-info.c - `sofvfio dsp fw-info FILE [--json] [--platform P]`:
 * every structure of a SOF firmware image, and the checks a ROM makes that
 * need no key (hashes, $CPD checksum, load offset and CSS generation of
 * the platform).  Exit status 0 only when the image parses and every check
 * passes.
 */
#include "commands.h"
#include "sofvfio/dsp-image.h"

#include <stdio.h>

static void list_platforms(FILE *out)
{
	gsize n;
	const SvDspImagePlatform *p = sv_dsp_image_platforms(&n);

	for (gsize i = 0; i < n; i++)
		fprintf(out, "  %-6s %s, load offset %#x\n", p[i].name, p[i].description,
			p[i].load_offset);
}

int cmd_dsp_fw_info(int argc, char **argv)
{
	gboolean json = FALSE;
	g_autofree char *platform_name = NULL;
	GOptionEntry entries[] = {
		{ "json", 'j', 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL },
		{ "platform", 'p', 0, G_OPTION_ARG_STRING, &platform_name,
		  "check for this platform (default: from the file name sof-P.ri; 'none': no "
		  "platform checks)", "P" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("FILE - decode and check a SOF firmware image");
	g_autoptr(GError) err = NULL;
	g_autoptr(GError) verr = NULL;
	g_autoptr(SvDspImage) img = NULL;
	const SvDspImagePlatform *platform = NULL;
	g_autoptr(GString) desc = g_string_new(NULL);

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_string_append(desc,
		"Reads a SOF .ri image (e.g. /lib/firmware/intel/sof/sof-cnl.ri from Debian's\n"
		"firmware-sof-signed) and prints the XMan extended manifest (windows, firmware\n"
		"and ABI version, compiler, probe, debug ABI, config), the payload the code\n"
		"loader sends, the $CPD directory, the CSS header and its extensions, the\n"
		"metadata, the $AM1 descriptor and its $AME modules with their segments.\n"
		"It recomputes every SHA-256/384 the image states and the $CPD checksum,\n"
		"and checks the load offset and CSS generation of the platform.  The RSA\n"
		"signature is not checked (that needs Intel's key).\n\n"
		"Exit status: 0 all good, 1 malformed image or a failed check, 2 usage.\n\n"
		"Platforms:\n");
	{
		gsize n;
		const SvDspImagePlatform *p = sv_dsp_image_platforms(&n);

		for (gsize i = 0; i < n; i++)
			g_string_append_printf(desc, "  %-6s %s, load offset %#x\n", p[i].name,
					       p[i].description, p[i].load_offset);
	}
	g_string_append(desc, "\nExamples:\n"
		"  sofvfio dsp fw-info /lib/firmware/intel/sof/sof-cnl.ri\n"
		"  sofvfio dsp fw-info --json --platform tgl sof-tgl.ri\n");
	g_option_context_set_description(ctx, desc->str);
	if (!cli_parse(ctx, &argc, &argv, "dsp fw-info"))
		return 2;
	if (argc != 2) {
		fprintf(stderr, "sofvfio dsp fw-info: %s (see 'sofvfio dsp fw-info --help')\n",
			argc < 2 ? "which FILE?" : "one FILE only");
		return 2;
	}
	if (platform_name && g_ascii_strcasecmp(platform_name, "none")) {
		platform = sv_dsp_image_platform_lookup(platform_name);
		if (!platform) {
			fprintf(stderr, "sofvfio dsp fw-info: unknown platform '%s'; known are:\n",
				platform_name);
			list_platforms(stderr);
			return 2;
		}
	} else if (!platform_name) {
		platform = sv_dsp_image_platform_guess(argv[1]);
	}

	img = sv_dsp_image_load_file(argv[1], &err);
	if (!img)
		return cli_fail("dsp fw-info", err);
	sv_dsp_image_verify(img, platform, &verr);
	if (json) {
		g_autofree char *text = sv_dsp_image_to_json(img, platform, verr);

		printf("%s\n", text);
	} else {
		sv_dsp_image_print(img, stdout);
		if (platform)
			printf("Platform: %s (%s): load offset %#x, CSS %#x\n", platform->name,
			       platform->description, platform->load_offset, platform->css_version);
		else
			printf("Platform: none given, and the file name (sof-P.ri) names no cAVS platform: no platform checks\n");
		printf("Verify: %s\n", verr ? "FAILED" : "ok");
	}
	fflush(stdout);
	if (verr)
		return cli_fail("dsp fw-info", verr);
	return 0;
}
