// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - `sofvfio COMMAND [OPTIONS]`: dispatch to the subcommands.
 */
#include "commands.h"
#include "sofvfio/log.h"

#include <stdio.h>
#include <string.h>

const SvCommand sv_commands[] = {
	{ "info", "show a device: VFIO API, group, flags, regions and IRQs", cmd_info },
	{ "config", "dump PCI config space in the lspci -xxx layout", cmd_config },
	{ "codecs", "enumerate HDA codecs: Linux /proc text, JSON or Graphviz DOT", cmd_codecs },
	{ "verb", "send one verb to a codec and print the response (like hda-verb)", cmd_verb },
	{ "play", "play a WAV file or a tone through the codec's output path", cmd_play },
	{ "record", "record from the codec's input path into a WAV file", cmd_record },
	{ "status", "audio functions: driver, IOMMU group, VFIO readiness", cmd_status },
	{ "bind", "give a function's IOMMU group to vfio-pci (records what to restore)", cmd_bind },
	{ "unbind", "give a bound IOMMU group back to its original drivers", cmd_unbind },
	{ "doctor", "check the machine: IOMMU, interrupt remapping, modules, permissions", cmd_doctor },
	{ "dsp", "the SOF audio DSP: firmware images, state, boot and IPC (see 'sofvfio dsp --help')", cmd_dsp },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sofvfio COMMAND [OPTIONS]\n\n"
		"A userspace driver for Intel HD Audio controllers through VFIO.\n\n"
		"Commands:\n");
	cli_print_commands(out, sv_commands);
	fprintf(out,
		"\nDevices (-d DEVICE, or $SOFVFIO_DEVICE):\n"
		"  0000:00:1f.3            a PCI function bound to vfio-pci (kernel VFIO:\n"
		"                          iommufd where usable, else group/container)\n"
		"  iommufd:0000:00:1f.3    the same through iommufd + the device cdev only\n"
		"  group:0000:00:1f.3      the same through the VFIO group/container only\n"
		"  vfio-user:SOCKET        a vfio-user server, e.g. sofvfio-emu\n"
		"  qtest:[OPTIONS]         QEMU's intel-hda model driven over qtest\n\n"
		"Run 'sofvfio COMMAND --help' for a command's options.\n");
}

gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv, const char *cmd)
{
	g_autoptr(GError) err = NULL;

	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "sofvfio %s: %s (see 'sofvfio %s --help')\n", cmd, err->message,
			cmd);
		return FALSE;
	}
	return TRUE;
}

int cli_fail(const char *cmd, GError *error)
{
	fprintf(stderr, "sofvfio %s: %s\n", cmd, error ? error->message : "failed");
	return 1;
}

void cli_print_commands(FILE *out, const SvCommand *table)
{
	for (const SvCommand *c = table; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
}

int cli_dispatch(const SvCommand *table, int argc, char **argv, const char *who,
		 void (*usage_fn)(FILE *out))
{
	if (argc < 2) {
		usage_fn(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage_fn(stdout);
		return 0;
	}
	for (const SvCommand *c = table; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown %scommand '%s'\n\n", who, table == sv_commands ? "" : "sub",
		argv[1]);
	usage_fn(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	sv_log_diagnostics();
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("sofvfio %s\n", SOFVFIO_VERSION);
		return 0;
	}
	return cli_dispatch(sv_commands, argc, argv, "sofvfio", usage);
}
