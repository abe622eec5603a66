// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-dsp-info.c - `sofvfio dsp info`: the DSP's generation, capabilities,
 * ADSPCS per core, the FSR decoded, the ROM error and the IPC registers,
 * read without booting anything.
 */
#include "commands.h"
#include "hda-opts.h"
#include "sofvfio/dsp.h"

#include <stdio.h>

int cmd_dsp_info(int argc, char **argv)
{
	CliHdaOpts o = { 0 };
	gboolean json = FALSE;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output (json-glib)", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- the SOF DSP's state");
	GError *err = NULL;
	SvDspOptions opts = { 0 };
	SvDevice *dev = NULL;
	SvDsp *dsp = NULL;
	SvDspInfo info;
	int status = 1;

	cli_hda_add_options(ctx, &o);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Opens the HD Audio controller, finds the DSP generation from the PCI ID and\n"
		"prints what BAR4 says now: ADSPCS per core, the FSR, the ROM error code and\n"
		"the IPC doorbells.  Nothing is powered or booted.  See docs/dsp.md.");
	if (!cli_parse(ctx, &argc, &argv, "dsp info")) {
		cli_hda_opts_clear(&o);
		return 2;
	}
	if (!cli_hda_parse(&o, &opts.hda, &err))
		goto out;
	dev = sv_device_open(o.device, &err);
	if (!dev)
		goto out;
	dsp = sv_dsp_open(dev, &opts, &err);
	if (!dsp || !sv_dsp_read_info(dsp, &info, &err))
		goto out;
	if (json) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		g_autoptr(JsonGenerator) gen = json_generator_new();
		g_autoptr(JsonNode) root = NULL;
		g_autofree char *text = NULL;

		json_builder_begin_object(b);
		sv_dsp_info_to_json(dsp, &info, b);
		json_builder_end_object(b);
		root = json_builder_get_root(b);
		json_generator_set_root(gen, root);
		json_generator_set_pretty(gen, TRUE);
		text = json_generator_to_data(gen, NULL);
		printf("%s\n", text);
	} else {
		sv_dsp_info_print(dsp, &info, stdout);
	}
	status = 0;
out:
	sv_dsp_close(dsp);
	sv_device_close(dev);
	cli_hda_opts_clear(&o);
	return err ? cli_fail("dsp info", err) : status;
}
