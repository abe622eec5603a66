// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs.c - what sysfs says about a PCI function before VFIO is asked:
 * the function exists (its address is parsed by sv_pci_address_parse()), it has an IOMMU group,
 * it is bound to vfio-pci.  Each failure gets its own error code and a
 * message that says what to do.
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <stdlib.h>
#include <string.h>

#define PCI_DEVICES "/sys/bus/pci/devices"
#define IOMMU_GROUPS "/sys/kernel/iommu_groups"

/* basename of the symlink @dir/@link, NULL when there is none. */
static char *link_name(const char *dir, const char *link)
{
	g_autofree char *path = g_build_filename(dir, link, NULL);
	g_autofree char *target = g_file_read_link(path, NULL);

	return target ? g_path_get_basename(target) : NULL;
}

char *sv_vfio_sysfs_driver(const char *addr)
{
	g_autofree char *dir = g_build_filename(PCI_DEVICES, addr, NULL);

	return link_name(dir, "driver");
}

static int cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *sv_vfio_group_devices(int group_id)
{
	g_autofree char *dir = g_strdup_printf(IOMMU_GROUPS "/%d/devices", group_id);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	GString *s = g_string_new(NULL);
	const char *n;

	if (!d) {
		g_string_append_printf(s, "(cannot list %s)", dir);
		return g_string_free(s, FALSE);
	}
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		const char *dev = g_ptr_array_index(names, i);
		g_autofree char *drv = sv_vfio_sysfs_driver(dev);

		g_string_append_printf(s, "%s%s (%s)", s->len ? ", " : "", dev,
				       drv ? drv : "no driver");
	}
	return g_string_free(s, FALSE);
}

/* Is a device of group @group_id other than @addr bound to a driver but vfio-pci? */
gboolean sv_vfio_group_has_other_driver(int group_id, const char *addr)
{
	g_autofree char *dir = g_strdup_printf(IOMMU_GROUPS "/%d/devices", group_id);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *n;

	while (d && (n = g_dir_read_name(d))) {
		g_autofree char *drv = sv_vfio_sysfs_driver(n);

		if (strcmp(n, addr) != 0 && drv && strcmp(drv, "vfio-pci") != 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean iommu_groups_empty(void)
{
	g_autoptr(GDir) d = g_dir_open(IOMMU_GROUPS, 0, NULL);

	return !d || !g_dir_read_name(d);
}

gboolean sv_vfio_sysfs_check(const char *addr, int *group_id, GError **error)
{
	g_autofree char *dir = g_build_filename(PCI_DEVICES, addr, NULL);
	g_autofree char *group = NULL, *drv = NULL;
	char *end;
	long id;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s: no such PCI function (%s does not exist%s); list the machine's "
			    "functions with `lspci -D`", addr, dir,
			    g_file_test(PCI_DEVICES, G_FILE_TEST_IS_DIR) ? "" :
			    ", and neither does " PCI_DEVICES ": is sysfs mounted?");
		return FALSE;
	}

	group = link_name(dir, "iommu_group");
	if (!group) {
		g_set_error(error, SV_ERROR, SV_ERROR_NO_IOMMU,
			    "%s has no IOMMU group (no %s/iommu_group link)%s: the IOMMU is off. "
			    "Enable it in the firmware (VT-d / AMD-Vi) and boot with "
			    "intel_iommu=on (Intel) or amd_iommu=on (AMD) on the kernel command "
			    "line; in a QEMU guest add -device intel-iommu", addr, dir,
			    iommu_groups_empty() ? " and " IOMMU_GROUPS " is empty" : "");
		return FALSE;
	}
	id = strtol(group, &end, 10);
	if (*end || id < 0 || id > G_MAXINT) {
		g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
			    "%s: unexpected IOMMU group name '%s' in %s/iommu_group", addr, group,
			    dir);
		return FALSE;
	}

	drv = link_name(dir, "driver");
	if (!drv || strcmp(drv, "vfio-pci") != 0) {
		g_autofree char *now = drv ? g_strdup_printf("bound to %s", drv) :
					   g_strdup("not bound to any driver");
		g_autofree char *unbind = drv ? g_strdup_printf("echo %s > %s/driver/unbind; ",
								addr, dir) : g_strdup("");

		g_set_error(error, SV_ERROR, SV_ERROR_NOT_BOUND,
			    "%s is %s, not vfio-pci: bind it with `sofvfio bind %s` (or: echo "
			    "vfio-pci > %s/driver_override; %secho %s > "
			    "/sys/bus/pci/drivers_probe)", addr, now, addr, dir,
			    unbind, addr);
		return FALSE;
	}
	*group_id = (int)id;
	return TRUE;
}
