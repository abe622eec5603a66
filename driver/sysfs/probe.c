// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe.c - facts about this machine that `sofvfio doctor` judges, read
 * under the sysfs/proc roots (root.c) so that tests can fake them:
 *  - the CPU vendor (/proc/cpuinfo vendor_id) and the kernel command line;
 *  - interrupt remapping: bit 3 (IR) of each VT-d unit's Extended Capability
 *    register (/sys/class/iommu/dmarN/intel-iommu/ecap, VT-d spec 11.4.3),
 *    "IR-" interrupt chips in /proc/interrupts (Intel and AMD), and
 *    vfio_iommu_type1's allow_unsafe_interrupts;
 *  - CAP_IPC_LOCK (bit 14 of CapEff in /proc/self/status).
 */
#include "sysfs-priv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *sv_cpu_vendor(void)
{
	g_autofree char *path = sv_proc_path("/cpuinfo");
	g_autofree char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	if (strstr(text, "GenuineIntel"))
		return "intel";
	if (strstr(text, "AuthenticAMD") || strstr(text, "HygonGenuine"))
		return "amd";
	return NULL;
}

gboolean sv_kernel_cmdline_has(const char *word)
{
	g_autofree char *path = sv_proc_path("/cmdline");
	g_autofree char *text = NULL;
	g_auto(GStrv) words = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return FALSE;
	words = g_strsplit_set(g_strstrip(text), " \t", -1);
	for (char **w = words; *w; w++)
		if (!strcmp(*w, word))
			return TRUE;
	return FALSE;
}

void sv_irq_remap_probe(SvIrqRemap *out)
{
	g_autofree char *cls = sv_sysfs_path("/class/iommu");
	g_autoptr(GDir) dir = g_dir_open(cls, 0, NULL);
	g_autofree char *ipath = sv_proc_path("/interrupts");
	g_autofree char *irqs = NULL;
	g_autofree char *unsafe_path =
		sv_sysfs_path("/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts");
	g_autofree char *unsafe = NULL;
	GString *units = g_string_new(NULL);
	const char *name;

	memset(out, 0, sizeof(*out));
	/* VT-d: ECAP_REG bit 3 = IR, interrupt remapping supported */
	while (dir && (name = g_dir_read_name(dir))) {
		g_autofree char *p = g_build_filename(cls, name, "intel-iommu", "ecap", NULL);
		g_autofree char *t = NULL;

		if (!g_file_get_contents(p, &t, NULL, NULL))
			continue;
		g_string_append_printf(units, "%s%s ecap %s IR %s", units->len ? ", " : "", name,
				       g_strstrip(t), (strtoull(t, NULL, 16) >> 3) & 1 ? "yes" : "no");
	}
	out->units = g_string_free(units, FALSE);
	/* the interrupt chips of remapped interrupts are named IR-IO-APIC, IR-PCI-MSI */
	if (g_file_get_contents(ipath, &irqs, NULL, NULL)) {
		g_auto(GStrv) lines = g_strsplit(irqs, "\n", -1);

		for (char **l = lines; *l; l++)
			if (strstr(*l, " IR-"))
				out->ir_interrupts++;
	}
	out->unsafe_allowed = g_file_get_contents(unsafe_path, &unsafe, NULL, NULL) &&
			      (unsafe[0] == 'Y' || unsafe[0] == '1');
}

void sv_irq_remap_clear(SvIrqRemap *r)
{
	g_clear_pointer(&r->units, g_free);
}

gboolean sv_has_cap_ipc_lock(void)
{
	g_autofree char *path = sv_proc_path("/self/status");
	g_autofree char *text = NULL;
	const char *p;

	if (!g_file_get_contents(path, &text, NULL, NULL) || !(p = strstr(text, "CapEff:")))
		return geteuid() == 0;
	return (strtoull(p + 7, NULL, 16) >> 14) & 1;
}
