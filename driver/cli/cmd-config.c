// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-config.c - `sofvfio config`: PCI config space in lspci's -xxx layout
 * (or -xxxx with --extended), read through the device API.
 */
#include "commands.h"
#include "pci-names.h"

#include <stdio.h>

int cmd_config(int argc, char **argv)
{
	g_autofree char *device = NULL;
	gboolean extended = FALSE;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device,
		  "device (PCI address, vfio-user:SOCKET, qtest:...; default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ "extended", 'x', 0, G_OPTION_ARG_NONE, &extended,
		  "dump all 4096 bytes (PCI Express extended space), like lspci -xxxx", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- dump PCI config space");
	g_autoptr(GError) err = NULL;
	g_autofree char *title = NULL, *addr = NULL;
	uint8_t cfg[4096] = { 0 };
	SvRegionInfo ri;
	size_t len;
	SvDevice *dev;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Prints the function's config space as `lspci -xxx` does: a title line,\n"
		"then 16 bytes per line, offsets in hex.  Output can be compared with\n"
		"`lspci -s ADDR -xxx` byte for byte.\n");
	if (!cli_parse(ctx, &argc, &argv, "config"))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "sofvfio config: unexpected argument '%s' (see 'sofvfio config "
			"--help')\n", argv[1]);
		return 2;
	}

	dev = sv_device_open(device, &err);
	if (!dev)
		return cli_fail("config", err);
	if (!sv_region_info(dev, SV_REGION_CONFIG, &ri, &err)) {
		sv_device_close(dev);
		return cli_fail("config", err);
	}
	len = extended ? 4096 : 256;
	if (len > ri.size)
		len = ri.size;
	if (!sv_config_read(dev, 0, cfg, len, &err)) {
		sv_device_close(dev);
		return cli_fail("config", err);
	}
	title = pci_describe(cfg);
	addr = pci_short_address(dev);
	printf("%s %s\n", addr, title);
	for (size_t off = 0; off < len; off += 16) {
		printf(len > 256 ? "%03zx:" : "%02zx:", off);
		for (size_t i = 0; i < 16; i++)
			printf(" %02x", cfg[off + i]);
		printf("\n");
	}
	printf("\n");
	sv_device_close(dev);
	return 0;
}
