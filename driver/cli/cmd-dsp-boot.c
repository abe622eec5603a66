// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-dsp-boot.c - `sofvfio dsp boot`: boot a SOF firmware image on the
 * DSP and run IPC commands in the same session.  Prints each step with its
 * time, then FW_READY, then each command's result; exit status 0 only when
 * the boot(s) and every command succeeded.
 */
#include "commands.h"
#include "hda-opts.h"
#include "sofvfio/dsp.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The .ldc dictionary next to the image: sof-cnl.ri -> sof-cnl.ldc. */
static char *ldc_for(const char *fw)
{
	g_autofree char *base = NULL;
	char *dot;

	base = g_strdup(fw);
	dot = strrchr(base, '.');
	if (dot && !strcmp(dot, ".ri"))
		*dot = 0;
	{
		char *ldc = g_strconcat(base, ".ldc", NULL);

		if (access(ldc, R_OK) == 0)
			return ldc;
		g_free(ldc);
	}
	return NULL;
}

static void emit_json(JsonBuilder *b)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	g_autofree char *text = NULL;

	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	text = json_generator_to_data(gen, NULL);
	printf("%s\n", text);
}

int cmd_dsp_boot(int argc, char **argv)
{
	CliHdaOpts o = { 0 };
	g_autofree char *firmware = NULL, *ldc = NULL, *ldc_opt = NULL;
	g_auto(GStrv) ipc = NULL;
	gboolean json = FALSE, no_imr = FALSE;
	int boots = 1, fw_ready_ms = 0, ipc_ms = 0;
	g_autofree char *cmds_help = g_strdup_printf("after the boot, run CMD: %s "
						     "(repeatable, in order)",
						     sv_dsp_command_names());
	GOptionEntry entries[] = {
		{ "firmware", 'f', 0, G_OPTION_ARG_FILENAME, &firmware,
		  "SOF firmware image (.ri), e.g. /lib/firmware/intel/sof/sof-cnl.ri", "FILE" },
		{ "ipc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ipc, cmds_help, "CMD" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output (json-glib)", NULL },
		{ "boots", 0, 0, G_OPTION_ARG_INT, &boots,
		  "boot this many times (the second and later are IMR boots when the firmware "
		  "allows it)", "N" },
		{ "no-imr", 0, 0, G_OPTION_ARG_NONE, &no_imr, "always cold boot", NULL },
		{ "ldc", 0, 0, G_OPTION_ARG_FILENAME, &ldc_opt,
		  "trace dictionary (default: FILE with .ldc for .ri, when it exists)", "LDC" },
		{ "fw-ready-timeout", 0, 0, G_OPTION_ARG_INT, &fw_ready_ms,
		  "FW_READY deadline in ms (default 2000)", "MS" },
		{ "ipc-timeout", 0, 0, G_OPTION_ARG_INT, &ipc_ms,
		  "IPC reply deadline in ms (default 500)", "MS" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- boot the SOF DSP firmware");
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(SvDspImage) img = NULL;
	GError *err = NULL;
	SvDspOptions opts = { 0 };
	SvDevice *dev = NULL;
	SvDsp *dsp = NULL;
	gboolean ok = TRUE;
	FILE *out = json ? NULL : stdout;

	cli_hda_add_options(ctx, &o);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Cold boot over the code-loader stream (IMR boot for later boots when FW_READY\n"
		"allows it), each step with its time, FW_READY, then the --ipc commands.\n"
		"Exit status 0 only when everything succeeded.  See docs/dsp.md.");
	if (!cli_parse(ctx, &argc, &argv, "dsp boot")) {
		cli_hda_opts_clear(&o);
		return 2;
	}
	out = json ? NULL : stdout;
	if (!firmware || boots < 1) {
		fprintf(stderr, "sofvfio dsp boot: %s\n", !firmware ? "--firmware FILE is required" :
			"--boots must be at least 1");
		cli_hda_opts_clear(&o);
		return 2;
	}
	opts.no_imr = no_imr;
	opts.fw_ready_timeout_ms = fw_ready_ms;
	opts.ipc_timeout_ms = ipc_ms;
	if (!cli_hda_parse(&o, &opts.hda, &err))
		goto out;
	/* Every --ipc command is checked before the DSP is touched. */
	for (char **c = ipc; c && *c; c++)
		if (!sv_dsp_check_command(*c, &err))
			goto out;
	img = sv_dsp_image_load_file(firmware, &err);
	if (!img)
		goto out;
	ldc = ldc_opt ? g_strdup(ldc_opt) : ldc_for(firmware);
	dev = sv_device_open(o.device, &err);
	if (!dev)
		goto out;
	dsp = sv_dsp_open(dev, &opts, &err);
	if (!dsp)
		goto out;
	if (img->manifest.load_offset && img->manifest.load_offset != sv_dsp_gen(dsp)->load_offset)
		fprintf(stderr, "sofvfio dsp boot: warning: %s has load offset 0x%x, a %s ROM "
			"expects 0x%x: the ROM will likely refuse it\n", firmware,
			img->manifest.load_offset, sv_dsp_gen(dsp)->name,
			sv_dsp_gen(dsp)->load_offset);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "device");
	json_builder_add_string_value(b, sv_device_name(dev));
	json_builder_set_member_name(b, "part");
	json_builder_add_string_value(b, sv_dsp_part(dsp)->part);
	json_builder_set_member_name(b, "generation");
	json_builder_add_string_value(b, sv_dsp_gen(dsp)->name);
	json_builder_set_member_name(b, "firmware");
	json_builder_add_string_value(b, firmware);
	json_builder_set_member_name(b, "boots");
	json_builder_begin_array(b);
	if (out)
		fprintf(out, "%s: %s, %s DSP; firmware %s (%zu bytes, payload %zu)\n",
			sv_device_name(dev), sv_dsp_part(dsp)->part, sv_dsp_gen(dsp)->name, firmware,
			img->size, img->payload_size);
	for (int i = 0; i < boots && ok; i++) {
		SvDspBoot boot;

		ok = sv_dsp_boot(dsp, img, &boot, &err);
		json_builder_begin_object(b);
		sv_dsp_boot_to_json(&boot, b);
		json_builder_set_member_name(b, "ok");
		json_builder_add_boolean_value(b, ok);
		if (ok) {
			json_builder_set_member_name(b, "fw_ready");
			json_builder_begin_object(b);
			sv_dsp_fw_ready_to_json(&boot.fw_ready, b);
			json_builder_end_object(b);
		} else {
			json_builder_set_member_name(b, "error");
			json_builder_add_string_value(b, err->message);
		}
		json_builder_end_object(b);
		if (out) {
			sv_dsp_boot_print(&boot, out);
			if (ok)
				sv_dsp_fw_ready_print(&boot.fw_ready, out);
		}
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "ipc");
	json_builder_begin_array(b);
	for (char **c = ipc; ok && c && *c; c++) {
		ok = sv_dsp_run_command(dsp, *c, ldc, b, out, &err);
		if (!ok && !json)
			break;
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	json_builder_end_object(b);
	if (json)
		emit_json(b);
out:
	sv_dsp_close(dsp);
	sv_device_close(dev);
	cli_hda_opts_clear(&o);
	return err ? cli_fail("dsp boot", err) : 0;
}
