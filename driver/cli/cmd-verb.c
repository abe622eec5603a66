// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-verb.c - `sofvfio verb`: send one verb to a codec and print the
 * response, as alsa-tools' hda-verb does through the kernel's hwdep device.
 */
#include "commands.h"
#include "hda-opts.h"
#include "sofvfio/hda-codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static int usage_error(const char *msg)
{
	fprintf(stderr, "sofvfio verb: %s (see 'sofvfio verb --help')\n", msg);
	return 2;
}

static gboolean parse_nid(const char *s, unsigned *nid)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+')
		return FALSE;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0x7f)
		return FALSE;
	*nid = (unsigned)v;
	return TRUE;
}

int cmd_verb(int argc, char **argv)
{
	CliHdaOpts ho = { 0 };
	int codec = 0;
	gboolean verbose = FALSE;
	GOptionEntry entries[] = {
		{ "codec", 'c', 0, G_OPTION_ARG_INT, &codec, "codec address (default 0)", "N" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
		  "also print the command word sent", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("NID VERB [PARAM] - send one verb "
							     "to a codec");
	g_autoptr(GError) err = NULL;
	unsigned nid, verb, payload = 0;
	gboolean is4;
	uint32_t cmd, res;
	SvDevice *dev;
	HdaController *ctl;
	int rc = 0;

	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_hda_add_options(ctx, &ho);
	g_option_context_set_description(ctx,
		"NID: node id (0 root, 1 usually the audio function group).\n"
		"VERB: a number (0xf00, or 0x3 for the 4-bit SET_AMP_GAIN_MUTE) or a name\n"
		"as hda-verb takes it, any case: GET_PARAMETER (PARAMETERS),\n"
		"GET_CONNECT_LIST, SET_AMP_GAIN_MUTE, GET_CONFIG_DEFAULT, SET_POWER_STATE...\n"
		"PARAM: the payload (8 bits; 16 bits for the 4-bit verbs SET_/GET_AMP_GAIN_MUTE,\n"
		"SET_/GET_STREAM_FORMAT and the coefficient verbs), a number or a parameter\n"
		"name: VENDOR_ID, NODE_COUNT, AUDIO_WIDGET_CAP, PIN_CAP, AMP_OUT_CAP...\n"
		"Prints the 32-bit response in hex.\n\n"
		"Examples:\n"
		"  sofvfio verb -d 0000:00:1b.0 0 PARAMETERS VENDOR_ID\n"
		"  sofvfio verb -d qtest: 2 SET_AMP_GAIN_MUTE 0xb04a\n");
	if (!cli_parse(ctx, &argc, &argv, "verb")) {
		cli_hda_opts_clear(&ho);
		return 2;
	}
	if (argc < 3 || argc > 4) {
		cli_hda_opts_clear(&ho);
		return usage_error(argc < 3 ? "NID and VERB are required" : "too many arguments");
	}
	if (codec < 0 || codec > 14) {
		cli_hda_opts_clear(&ho);
		return usage_error("--codec must be a codec address from 0 to 14");
	}
	if (!parse_nid(argv[1], &nid)) {
		cli_hda_opts_clear(&ho);
		return usage_error("NID must be a number from 0 to 0x7f");
	}
	if (!hda_verb_lookup(argv[2], &verb, &is4, &err) ||
	    (argc == 4 && !hda_param_lookup(argv[3], &payload, &err)) ||
	    !hda_verb_build((unsigned)codec, nid, verb, is4, payload, &cmd, &err)) {
		cli_hda_opts_clear(&ho);
		return usage_error(err->message);
	}

	if (!cli_hda_open(&ho, &dev, &ctl, &err)) {
		cli_hda_opts_clear(&ho);
		if (err->domain == G_OPTION_ERROR)
			return usage_error(err->message);
		return cli_fail("verb", err);
	}
	if (verbose)
		fprintf(stderr, "codec %d, nid 0x%02x, verb 0x%03x%s%s%s, payload 0x%x: command "
			"0x%08x (%s, %s)\n", codec, nid, verb, hda_verb_name(verb) ? " (" : "",
			hda_verb_name(verb) ? hda_verb_name(verb) : "",
			hda_verb_name(verb) ? ")" : "", payload, cmd,
			hda_cmd_mode_name(hda_controller_cmd_mode(ctl)),
			hda_irq_mode_name(hda_controller_irq_mode(ctl)));
	if (hda_command(ctl, cmd, &res, &err))
		printf("0x%08x\n", res);
	else
		rc = cli_fail("verb", err);
	rc = cli_hda_close(dev, ctl, "verb", rc);
	cli_hda_opts_clear(&ho);
	return rc;
}
