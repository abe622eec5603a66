// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci.c - PCI functions as sysfs shows them (/sys/bus/pci/devices/ADDR):
 * ids, class, header type, driver, driver_override, IOMMU group, modalias.
 */
#include "sysfs-priv.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gboolean sv_pci_parse_address(const char *spec, char out[SV_PCI_ADDR_MAX], GError **error)
{
	return sv_pci_address_parse(spec, out, "`sofvfio status` lists the audio functions", error);
}

static unsigned long attr_hex(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autofree char *text = sysfs_read_attr(path);

	return text ? strtoul(text, NULL, 16) : 0;
}

/* NULL for "(null)", an empty value or a missing file. */
static char *override_value(const char *dir)
{
	g_autofree char *path = g_build_filename(dir, "driver_override", NULL);
	char *text = sysfs_read_attr(path);

	if (text && (!*text || !strcmp(text, "(null)")))
		g_clear_pointer(&text, g_free);
	return text;
}

SvPciFunc *sv_pci_func_read(const char *address, GError **error)
{
	g_autofree char *dir = sysfs_pci_dir(address);
	g_autofree char *cfgpath = g_build_filename(dir, "config", NULL);
	g_autofree char *alias = g_build_filename(dir, "modalias", NULL);
	g_autofree char *group = NULL;
	SvPciFunc *f;
	int fd;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s: no such PCI function (%s does not exist); list the functions "
			    "with `sofvfio status --all` or `lspci -D`", address, dir);
		return NULL;
	}
	f = g_new0(SvPciFunc, 1);
	g_strlcpy(f->address, address, sizeof(f->address));
	f->vendor = (uint16_t)attr_hex(dir, "vendor");
	f->device = (uint16_t)attr_hex(dir, "device");
	f->subvendor = (uint16_t)attr_hex(dir, "subsystem_vendor");
	f->subdevice = (uint16_t)attr_hex(dir, "subsystem_device");
	f->class_code = (uint32_t)attr_hex(dir, "class");
	f->header_type = 0xff;
	/* The first 64 bytes of config space are readable by anyone. */
	fd = open(cfgpath, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = pread(fd, f->config, sizeof(f->config), 0);

		if (n >= 0x10)
			f->header_type = f->config[0x0e] & 0x7f; /* bit 7: multifunction */
		if (n >= 0x09)
			f->revision = f->config[0x08];
		close(fd);
	}
	f->driver = sysfs_link_name(dir, "driver");
	f->driver_override = override_value(dir);
	group = sysfs_link_name(dir, "iommu_group");
	f->iommu_group = -1;
	if (group) {
		char *end;
		long id = strtol(group, &end, 10);

		if (!*end && id >= 0 && id <= G_MAXINT)
			f->iommu_group = (int)id;
	}
	f->modalias = sysfs_read_attr(alias);
	return f;
}

void sv_pci_func_free(SvPciFunc *f)
{
	if (!f)
		return;
	g_free(f->driver);
	g_free(f->driver_override);
	g_free(f->modalias);
	g_free(f);
}

static int cmp_funcs(gconstpointer a, gconstpointer b)
{
	const SvPciFunc *fa = *(SvPciFunc *const *)a, *fb = *(SvPciFunc *const *)b;

	return strcmp(fa->address, fb->address);
}

GPtrArray *sv_pci_list(GError **error)
{
	g_autofree char *dir = sv_sysfs_path("/bus/pci/devices");
	g_autoptr(GError) err = NULL;
	g_autoptr(GDir) d = g_dir_open(dir, 0, &err);
	GPtrArray *out;
	const char *name;

	if (!d) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "cannot list PCI functions: %s (is sysfs mounted?)", err->message);
		return NULL;
	}
	out = g_ptr_array_new_with_free_func((GDestroyNotify)sv_pci_func_free);
	while ((name = g_dir_read_name(d))) {
		SvPciFunc *f = sv_pci_func_read(name, NULL);

		if (f)
			g_ptr_array_add(out, f);
	}
	g_ptr_array_sort(out, cmp_funcs);
	return out;
}

gboolean sv_pci_is_bridge(const SvPciFunc *f)
{
	/* PCI Local Bus spec 6.2.1: header type 1 = PCI-to-PCI bridge. */
	return f->header_type == 1 || (f->class_code >> 8) == 0x0604;
}

gboolean sv_pci_is_audio(const SvPciFunc *f)
{
	unsigned cls = f->class_code >> 8;

	if (cls == 0x0403 || cls == 0x0401)
		return TRUE;
	/* Intel SST/SOF DSPs without the HDA class: 0x0401 or 0x0480 ("other multimedia"). */
	return f->vendor == 0x8086 && cls == 0x0480;
}

char *sv_pci_current_driver(const char *address)
{
	g_autofree char *dir = sysfs_pci_dir(address);

	return sysfs_link_name(dir, "driver");
}

char *sv_pci_current_override(const char *address)
{
	g_autofree char *dir = sysfs_pci_dir(address);

	return override_value(dir);
}

char *sv_pci_reset_methods(const char *address)
{
	g_autofree char *dir = sysfs_pci_dir(address);
	g_autofree char *rm = g_build_filename(dir, "reset_method", NULL);
	g_autofree char *reset = g_build_filename(dir, "reset", NULL);
	char *text = sysfs_read_attr(rm);

	/* reset_method (Linux 5.15+) lists the methods in the order tried. */
	if (text && *text)
		return text;
	g_free(text);
	if (g_file_test(reset, G_FILE_TEST_EXISTS))
		return g_strdup("reset");
	return NULL;
}

char *sv_pci_vfio_cdev(const char *address)
{
	g_autofree char *dir = sv_sysfs_path("/bus/pci/devices/%s/vfio-dev", address);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *n;

	while (d && (n = g_dir_read_name(d))) {
		g_autofree char *devt = g_build_filename(dir, n, "dev", NULL);

		if (g_str_has_prefix(n, "vfio") && g_file_test(devt, G_FILE_TEST_EXISTS))
			return sv_dev_path("/vfio/devices/%s", n);
	}
	return NULL;
}

gboolean sv_iommufd_present(void)
{
	g_autofree char *node = sv_dev_path("/iommu");

	return g_file_test(node, G_FILE_TEST_EXISTS);
}
