// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * group.c - IOMMU groups (/sys/kernel/iommu_groups/N/devices) and the
 * "can VFIO use this function now" verdict.  A group is viable for VFIO
 * when every endpoint in it is bound to vfio-pci or to no driver; bridges
 * do not count (Documentation/driver-api/vfio.rst, "Groups, Devices, IOMMUs").
 */
#include "sysfs-priv.h"

#include <string.h>

unsigned sv_iommu_group_count(void)
{
	g_autofree char *dir = sv_sysfs_path("/kernel/iommu_groups");
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	unsigned n = 0;

	while (d && g_dir_read_name(d))
		n++;
	return n;
}

static int cmp_funcs(gconstpointer a, gconstpointer b)
{
	const SvPciFunc *fa = *(SvPciFunc *const *)a, *fb = *(SvPciFunc *const *)b;

	return strcmp(fa->address, fb->address);
}

GPtrArray *sv_iommu_group_members(int group, GError **error)
{
	g_autofree char *dir = sv_sysfs_path("/kernel/iommu_groups/%d/devices", group);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *out;
	const char *name;

	if (!d) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "IOMMU group %d does not exist (cannot list %s)", group, dir);
		return NULL;
	}
	out = g_ptr_array_new_with_free_func((GDestroyNotify)sv_pci_func_free);
	while ((name = g_dir_read_name(d))) {
		SvPciFunc *f = sv_pci_func_read(name, NULL);

		/* (a non-PCI member would have no PCI directory: not ours to judge) */
		if (f)
			g_ptr_array_add(out, f);
	}
	g_ptr_array_sort(out, cmp_funcs);
	return out;
}

const char *sv_vfio_readiness_word(SvVfioReadiness r)
{
	switch (r) {
	case SV_VFIO_READY:
		return "ready";
	case SV_VFIO_BIND_NEEDED:
		return "bind needed";
	case SV_VFIO_NO_IOMMU:
		return "no IOMMU";
	case SV_VFIO_NOT_VIABLE:
		return "group not viable";
	}
	return "?";
}

static gboolean on_vfio_or_free(const SvPciFunc *m)
{
	return !m->driver || !strcmp(m->driver, "vfio-pci");
}

SvVfioReadiness sv_vfio_readiness(const SvPciFunc *f, GPtrArray *members, char **reason)
{
	g_autoptr(GString) held = g_string_new(NULL);
	unsigned others = 0;

	if (f->iommu_group < 0 || !members) {
		*reason = g_strdup(sv_iommu_group_count() ?
			"no IOMMU group for this function" :
			"no IOMMU groups at all: the IOMMU is off; `sofvfio doctor` says what to change");
		return SV_VFIO_NO_IOMMU;
	}
	for (guint i = 0; i < members->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(members, i);

		if (!strcmp(m->address, f->address) || sv_pci_is_bridge(m))
			continue;
		others++;
		if (!on_vfio_or_free(m))
			g_string_append_printf(held, "%s%s (%s)", held->len ? ", " : "",
					       m->address, m->driver);
	}
	if (!f->driver || strcmp(f->driver, "vfio-pci") != 0) {
		*reason = g_strdup_printf("%s%s; `sofvfio bind %s` moves %s",
			f->driver ? "driver " : "no driver", f->driver ? f->driver : "",
			f->address, others ? "the whole group" : "it");
		return SV_VFIO_BIND_NEEDED;
	}
	if (held->len) {
		*reason = g_strdup_printf("group not viable: %s", held->str);
		return SV_VFIO_NOT_VIABLE;
	}
	*reason = g_strdup_printf("on vfio-pci, IOMMU group %d viable", f->iommu_group);
	return SV_VFIO_READY;
}
