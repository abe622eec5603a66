// SPDX-License-Identifier: GPL-2.0-or-later
/* pci-names.c - names from libpci, so that output reads like lspci's. */
#include "pci-names.h"

#include <pci/pci.h>
#include <string.h>

char *pci_describe(const uint8_t *cfg)
{
	struct pci_access *pacc = pci_alloc();
	char cls[128], name[256];
	uint16_t vendor = cfg[0] | cfg[1] << 8, device = cfg[2] | cfg[3] << 8;
	uint16_t class = cfg[0x0a] | cfg[0x0b] << 8;
	char *out;

	pacc->error = NULL; /* keep libpci's defaults: it only warns on a missing pci.ids */
	pci_init(pacc);
	/* NO_HWDB: pci.ids only; libpci's udev hwdb path leaks its udev context. */
	pci_lookup_name(pacc, cls, sizeof(cls), PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_HWDB, class);
	pci_lookup_name(pacc, name, sizeof(name),
			PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_HWDB, vendor, device);
	out = g_strdup_printf("%s: %s (rev %02x)", cls, name, cfg[0x08]);
	pci_cleanup(pacc);
	return out;
}

char *pci_short_address(SvDevice *dev)
{
	const char *name = sv_device_name(dev);
	char addr[SV_PCI_ADDR_MAX];

	if (strcmp(sv_device_backend(dev), "vfio") != 0 || !sv_device_pci_address(name, addr))
		return g_strdup(name);
	/* lspci drops domain 0000 */
	return g_strdup(g_str_has_prefix(addr, "0000:") ? addr + 5 : addr);
}
