// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-codecs.c - `sofvfio codecs`: bring the controller up, enumerate the
 * codecs and print them as Linux's /proc/asound/cardN/codec#M, JSON or
 * Graphviz DOT.
 */
#include "commands.h"
#include "sofvfio/json.h"
#include "hda-opts.h"
#include "sofvfio/hda-codec.h"

#include <stdio.h>

static int usage_error(const char *msg)
{
	fprintf(stderr, "sofvfio codecs: %s (see 'sofvfio codecs --help')\n", msg);
	return 2;
}

int cmd_codecs(int argc, char **argv)
{
	CliHdaOpts ho = { 0 };
	g_autofree char *format = NULL;
	int codec = -1;
	GOptionEntry entries[] = {
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format,
		  "output format: proc (Linux /proc/asound/cardN/codec#M text, the default), "
		  "json or dot (Graphviz)", "FORMAT" },
		{ "codec", 'c', 0, G_OPTION_ARG_INT, &codec,
		  "only the codec at this address (default: every codec found)", "N" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- enumerate and print HDA codecs");
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(JsonBuilder) jb = json_builder_new_immutable();
	SvDevice *dev;
	HdaController *ctl;
	const HdaControllerInfo *info;
	enum { FMT_PROC, FMT_JSON, FMT_DOT } fmt = FMT_PROC;
	unsigned mask, n = 0;
	int rc = 0;

	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_hda_add_options(ctx, &ho);
	g_option_context_set_description(ctx,
		"Resets the HDA link, brings up the command transport and reads every\n"
		"codec the controller found (STATESTS): function groups, widgets, amps,\n"
		"pins, connections.  --format proc prints what Linux prints in\n"
		"/proc/asound/cardN/codec#M (less the lines that show the kernel driver's\n"
		"own mixer controls and PCM devices); json is documented in docs/hda.md;\n"
		"dot draws the widget graph: 'sofvfio codecs --format dot | dot -Tsvg'.\n\n"
		"Examples:\n"
		"  sofvfio codecs -d 0000:00:1b.0\n"
		"  sofvfio codecs -d qtest:codec=hda-micro --format json\n");
	if (!cli_parse(ctx, &argc, &argv, "codecs")) {
		cli_hda_opts_clear(&ho);
		return 2;
	}
	if (argc > 1) {
		cli_hda_opts_clear(&ho);
		return usage_error("unexpected argument");
	}
	if (!format || !g_ascii_strcasecmp(format, "proc"))
		fmt = FMT_PROC;
	else if (!g_ascii_strcasecmp(format, "json"))
		fmt = FMT_JSON;
	else if (!g_ascii_strcasecmp(format, "dot"))
		fmt = FMT_DOT;
	else {
		cli_hda_opts_clear(&ho);
		return usage_error("--format must be proc, json or dot");
	}
	if (codec < -1 || codec > 14) {
		cli_hda_opts_clear(&ho);
		return usage_error("--codec must be a codec address from 0 to 14");
	}

	if (!cli_hda_open(&ho, &dev, &ctl, &err)) {
		cli_hda_opts_clear(&ho);
		if (err->domain == G_OPTION_ERROR)
			return usage_error(err->message);
		return cli_fail("codecs", err);
	}
	info = hda_controller_info(ctl);
	mask = codec >= 0 ? 1u << codec : info->codec_mask;
	if (!mask) {
		g_set_error(&err, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s: no codec answered the link reset (STATESTS 0): nothing to show",
			    sv_device_name(dev));
		rc = cli_fail("codecs", err);
		goto out;
	}
	if (fmt == FMT_JSON) {
		json_builder_begin_object(jb);
		sv_json_member_string(jb, "device", sv_device_name(dev));
		sv_json_member_int(jb, "codec_mask", info->codec_mask);
		sv_json_member_string(jb, "irq", hda_irq_mode_name(hda_controller_irq_mode(ctl)));
		sv_json_member_string(jb, "cmd", hda_cmd_mode_name(hda_controller_cmd_mode(ctl)));
		json_builder_set_member_name(jb, "codecs");
		json_builder_begin_array(jb);
	}
	for (unsigned cad = 0; cad < 15; cad++) {
		g_autoptr(HdaCodec) c = NULL;

		if (!(mask & (1u << cad)))
			continue;
		c = hda_codec_enumerate(ctl, cad, &err);
		if (!c) {
			rc = cli_fail("codecs", err);
			goto out;
		}
		switch (fmt) {
		case FMT_PROC:
			if (n)
				g_string_append_c(out, '\n');
			hda_codec_print_proc(c, out);
			break;
		case FMT_JSON:
			hda_codec_to_json(c, jb);
			break;
		case FMT_DOT:
			hda_codec_print_dot(c, out);
			break;
		}
		n++;
	}
	if (fmt == FMT_JSON) {
		g_autofree char *text = NULL;

		json_builder_end_array(jb);
		json_builder_end_object(jb);
		text = sv_json_builder_write(jb, TRUE);
		g_string_append_printf(out, "%s\n", text);
	}
	fwrite(out->str, 1, out->len, stdout);
out:
	rc = cli_hda_close(dev, ctl, "codecs", rc);
	cli_hda_opts_clear(&ho);
	return rc;
}
