// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-info.c - `sofvfio info`: what VFIO says about a device (the facts a
 * vfio test program prints, and the backend's own), through the device API
 * only, so the same output comes from every backend.
 */
#include "commands.h"
#include "pci-names.h"

#include <stdio.h>

typedef struct {
	uint32_t bit;
	const char *name;
} FlagName;

/* VFIO_DEVICE_FLAGS_* (linux/vfio.h). */
static const FlagName device_flags[] = {
	{ VFIO_DEVICE_FLAGS_RESET, "RESET" },
	{ VFIO_DEVICE_FLAGS_PCI, "PCI" },
	{ VFIO_DEVICE_FLAGS_PLATFORM, "PLATFORM" },
	{ VFIO_DEVICE_FLAGS_AMBA, "AMBA" },
	{ VFIO_DEVICE_FLAGS_CCW, "CCW" },
	{ VFIO_DEVICE_FLAGS_AP, "AP" },
	{ VFIO_DEVICE_FLAGS_FSL_MC, "FSL_MC" },
	{ VFIO_DEVICE_FLAGS_CAPS, "CAPS" },
	{ 1u << 8, "CDX" },
};

/* VFIO_REGION_INFO_FLAG_*. */
static const FlagName region_flags[] = {
	{ VFIO_REGION_INFO_FLAG_READ, "R" },
	{ VFIO_REGION_INFO_FLAG_WRITE, "W" },
	{ VFIO_REGION_INFO_FLAG_MMAP, "MMAP" },
	{ VFIO_REGION_INFO_FLAG_CAPS, "CAPS" },
};

/* VFIO_IRQ_INFO_*. */
static const FlagName irq_flags[] = {
	{ VFIO_IRQ_INFO_EVENTFD, "EVENTFD" },
	{ VFIO_IRQ_INFO_MASKABLE, "MASKABLE" },
	{ VFIO_IRQ_INFO_AUTOMASKED, "AUTOMASKED" },
	{ VFIO_IRQ_INFO_NORESIZE, "NORESIZE" },
};

/* VFIO_REGION_INFO_CAP_* ids. */
static const char *const region_cap_names[] = {
	[VFIO_REGION_INFO_CAP_SPARSE_MMAP] = "SPARSE_MMAP",
	[VFIO_REGION_INFO_CAP_TYPE] = "TYPE",
	[VFIO_REGION_INFO_CAP_MSIX_MAPPABLE] = "MSIX_MAPPABLE",
	[VFIO_REGION_INFO_CAP_NVLINK2_SSATGT] = "NVLINK2_SSATGT",
	[VFIO_REGION_INFO_CAP_NVLINK2_LNKSPD] = "NVLINK2_LNKSPD",
};

/* " NAME NAME ..." for the bits of @flags that have a name, then any others in hex. */
static void append_flags(GString *s, uint32_t flags, const FlagName *names, size_t n)
{
	uint32_t rest = flags;

	for (size_t i = 0; i < n; i++)
		if (flags & names[i].bit) {
			g_string_append_printf(s, " %s", names[i].name);
			rest &= ~names[i].bit;
		}
	if (rest)
		g_string_append_printf(s, " 0x%x", rest);
}

static char *human_size(uint64_t size)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	while (u + 1 < G_N_ELEMENTS(units) && size >= 1024 && !(size % 1024)) {
		size /= 1024;
		u++;
	}
	return g_strdup_printf("%" G_GUINT64_FORMAT " %s", size, units[u]);
}

static const char *region_type_name(uint32_t type)
{
	/* VFIO_REGION_TYPE_* (linux/vfio.h). */
	if (type & VFIO_REGION_TYPE_PCI_VENDOR_TYPE)
		return "PCI vendor";
	switch (type) {
	case VFIO_REGION_TYPE_GFX: return "GFX";
	case VFIO_REGION_TYPE_CCW: return "CCW";
	case VFIO_REGION_TYPE_MIGRATION_DEPRECATED: return "MIGRATION";
	default: return "unknown";
	}
}

static gboolean print_region(SvDevice *dev, uint32_t index)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) s = g_string_new(NULL);
	g_autofree char *size = NULL;
	SvRegionInfo ri;

	if (!sv_region_info(dev, index, &ri, &err)) {
		printf("Region %u %s: error: %s\n", index, sv_region_name(index), err->message);
		return FALSE;
	}
	if (!ri.size) {
		printf("Region %u %s: not implemented\n", index, sv_region_name(index));
		return TRUE;
	}
	size = human_size(ri.size);
	g_string_append_printf(s, "Region %u %s: size 0x%" G_GINT64_MODIFIER "x (%s), offset 0x%"
			       G_GINT64_MODIFIER "x, flags 0x%x", index, sv_region_name(index),
			       ri.size, size, ri.offset, ri.flags);
	append_flags(s, ri.flags, region_flags, G_N_ELEMENTS(region_flags));
	printf("%s\n", s->str);
	if (ri.n_caps) {
		g_string_assign(s, "    capabilities:");
		for (unsigned i = 0; i < ri.n_caps; i++) {
			uint16_t id = ri.cap_ids[i];

			if (id < G_N_ELEMENTS(region_cap_names) && region_cap_names[id])
				g_string_append_printf(s, " %s", region_cap_names[id]);
			else
				g_string_append_printf(s, " CAP%u", id);
			g_string_append_printf(s, " v%u", ri.cap_versions[i]);
			if (i + 1 < ri.n_caps)
				g_string_append_c(s, ',');
		}
		printf("%s\n", s->str);
	}
	for (unsigned i = 0; i < ri.n_sparse; i++)
		printf("    sparse mmap area %u: offset 0x%" G_GINT64_MODIFIER "x, size 0x%"
		       G_GINT64_MODIFIER "x\n", i, ri.sparse[i].offset, ri.sparse[i].size);
	if (ri.has_type)
		printf("    region type: %s (type 0x%x, subtype 0x%x)\n", region_type_name(ri.type),
		       ri.type, ri.subtype);
	if (ri.msix_mappable)
		printf("    MSI-X table may be mapped\n");
	return TRUE;
}

static gboolean print_irq(SvDevice *dev, uint32_t index)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) s = g_string_new(NULL);
	SvIrqInfo ii;

	if (!sv_irq_info(dev, index, &ii, &err)) {
		printf("IRQ %u %s: error: %s\n", index, sv_irq_name(index), err->message);
		return FALSE;
	}
	g_string_append_printf(s, "IRQ %u %s: count %u, flags 0x%x", index, sv_irq_name(index),
			       ii.count, ii.flags);
	append_flags(s, ii.flags, irq_flags, G_N_ELEMENTS(irq_flags));
	if (!ii.count)
		g_string_append(s, " (not implemented)");
	printf("%s\n", s->str);
	return TRUE;
}

int cmd_info(int argc, char **argv)
{
	g_autofree char *device = NULL;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device,
		  "device (PCI address, vfio-user:SOCKET, qtest:...; default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- show what VFIO says about a device");
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) desc = g_string_new(NULL);
	g_autoptr(GString) flags = g_string_new(NULL);
	g_autofree char *title = NULL, *addr = NULL;
	uint8_t cfg[64] = { 0 };
	const SvDeviceInfo *info;
	gboolean ok = TRUE;
	SvDevice *dev;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Prints the device's name (from pci.ids), what the backend reports about\n"
		"itself (VFIO API version, IOMMU type and extensions, IOMMU group and its\n"
		"status, or the server/QEMU it talks to), the device flags, then every\n"
		"region (size, offset, flags, capabilities, sparse mmap areas, type) and\n"
		"every interrupt index (vectors and flags).\n\n"
		"Examples:\n"
		"  sofvfio info -d 0000:00:1b.0\n"
		"  sofvfio info -d qtest:ich9-intel-hda,codec=hda-micro\n");
	if (!cli_parse(ctx, &argc, &argv, "info"))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "sofvfio info: unexpected argument '%s' (see 'sofvfio info --help')\n",
			argv[1]);
		return 2;
	}

	dev = sv_device_open(device, &err);
	if (!dev)
		return cli_fail("info", err);
	if (!sv_config_read(dev, 0, cfg, sizeof(cfg), &err)) {
		sv_device_close(dev);
		return cli_fail("info", err);
	}
	title = pci_describe(cfg);
	addr = pci_short_address(dev);
	printf("%s %s\n", addr, title);
	printf("PCI id: %02x%02x:%02x%02x, subsystem %02x%02x:%02x%02x, class %02x%02x%02x\n",
	       cfg[1], cfg[0], cfg[3], cfg[2], cfg[0x2d], cfg[0x2c], cfg[0x2f], cfg[0x2e],
	       cfg[0x0b], cfg[0x0a], cfg[0x09]);

	sv_device_describe(dev, desc);
	printf("%s", desc->str);
	if (desc->len && desc->str[desc->len - 1] != '\n')
		printf("\n");

	info = sv_device_get_info(dev);
	append_flags(flags, info->flags, device_flags, G_N_ELEMENTS(device_flags));
	printf("Device flags: 0x%x%s\n", info->flags, flags->str);
	printf("Regions: %u\n", info->num_regions);
	for (uint32_t i = 0; i < info->num_regions && i < SV_REGION_MAX; i++)
		ok &= print_region(dev, i);
	printf("IRQ indices: %u\n", info->num_irqs);
	for (uint32_t i = 0; i < info->num_irqs && i < SV_IRQ_NUM_INDICES; i++)
		ok &= print_irq(dev, i);
	sv_device_close(dev);
	if (!ok) {
		fprintf(stderr, "sofvfio info: some regions or IRQ indices could not be read "
			"(see above)\n");
		return 1;
	}
	return 0;
}
