// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-dsp.c - `sofvfio dsp SUBCOMMAND`: the SOF audio DSP.  A table of
 * subcommands, each in its own cmd-dsp-*.c file.
 */
#include "commands.h"

#include <stdio.h>

static const SvCommand dsp_commands[] = {
	{ "fw-info", "decode and check a SOF firmware image (.ri) file", cmd_dsp_fw_info },
	{ "info", "the DSP's generation, cores, FSR, ROM error and IPC registers", cmd_dsp_info },
	{ "boot", "boot a SOF firmware image and run IPC commands in the same session",
	  cmd_dsp_boot },
	{ NULL, NULL, NULL },
};

static void dsp_usage(FILE *out)
{
	fprintf(out, "Usage: sofvfio dsp SUBCOMMAND [OPTIONS]\n\n"
		"The SOF audio DSP (Intel cAVS) of an HD Audio function.\n\n"
		"Subcommands:\n");
	cli_print_commands(out, dsp_commands);
	fprintf(out, "\nRun 'sofvfio dsp SUBCOMMAND --help' for its options.\n");
}

int cmd_dsp(int argc, char **argv)
{
	return cli_dispatch(dsp_commands, argc, argv, "sofvfio dsp", dsp_usage);
}
