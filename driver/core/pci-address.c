// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci-address.c - PCI addresses, parsed in one place: the kernel backend's
 * device names, `sofvfio bind/unbind/doctor`, the bind state file, the
 * CLI's short names and the tests all go through here.
 */
#include "sofvfio/device.h"

#include <string.h>

/* The kernel backend's name prefixes (driver/backend/vfio/device.c). */
static const char *const kernel_prefixes[] = { "vfio:", "iommufd:", "group:" };

/* Exactly @min..@max hex digits at *@p, not followed by another; advance *@p. */
static gboolean hex_field(const char **p, unsigned min, unsigned max, unsigned long *val)
{
	unsigned n = 0;

	*val = 0;
	while (n < max && g_ascii_isxdigit((*p)[n])) {
		*val = *val * 16 + (unsigned long)g_ascii_xdigit_value((*p)[n]);
		n++;
	}
	*p += n;
	return n >= min && !g_ascii_isxdigit(**p);
}

gboolean sv_pci_address_parse(const char *spec, char out[SV_PCI_ADDR_MAX], const char *hint,
			      GError **error)
{
	unsigned long domain = 0, bus = 0, slot = 0, fn = 0;
	const char *p = spec ? spec : "";
	const char *c1 = strchr(p, ':');
	gboolean ok = TRUE;

	/* DDDD:BB:DD.F (a VMD domain has up to 8 digits) or BB:DD.F for domain 0. */
	if (c1 && strchr(c1 + 1, ':'))
		ok = hex_field(&p, 4, 8, &domain) && *p++ == ':';
	ok = ok && hex_field(&p, 2, 2, &bus) && *p++ == ':' && hex_field(&p, 2, 2, &slot) &&
	     *p++ == '.' && hex_field(&p, 1, 1, &fn) && *p == '\0' && slot <= 0x1f && fn <= 7;
	if (!ok) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "'%s' is not a PCI address: expected DDDD:BB:DD.F or BB:DD.F in hex "
			    "(domain, bus, device 00-1f, function 0-7), e.g. 0000:00:1f.3%s%s",
			    spec ? spec : "", hint ? "; " : "", hint ? hint : "");
		return FALSE;
	}
	g_snprintf(out, SV_PCI_ADDR_MAX, "%04lx:%02lx:%02lx.%lx", domain, bus, slot, fn);
	return TRUE;
}

const char *sv_pci_name_strip(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kernel_prefixes); i++)
		if (g_str_has_prefix(name, kernel_prefixes[i]))
			return name + strlen(kernel_prefixes[i]);
	return name;
}

gboolean sv_device_pci_address(const char *name, char out[SV_PCI_ADDR_MAX])
{
	return sv_pci_address_parse(sv_pci_name_strip(name), out, NULL, NULL);
}
