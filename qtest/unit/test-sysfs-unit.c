// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-sysfs-unit.c - the pure logic of driver/sysfs on a fake tree (the
 * roots come from SOFVFIO_SYSFS_ROOT, _DEV_ROOT, _PROC_ROOT, _MODULES_DIR,
 * _STATE_DIR): address parsing, enumeration, IOMMU group members and the
 * VFIO verdict, modules.alias matching, in-use detection (sound, block,
 * network), the state file round trip, and the dry-run plan text of bind
 * and unbind; and the rollback after a failing step (test hook).  The real
 * tests run on the real kernel in the emulated guest (test-bind.sh).
 */
#include "sofvfio/device.h"
#include "sofvfio/sysfs.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

static char *tmp;                       /* the fake tree */
static char *sys_root, *dev_root, *proc_root, *mod_dir, *state_dir;

/* ---- building the fake tree --------------------------------------------- */

static void put(const char *rel, const char *text)
{
	g_autofree char *path = g_build_filename(tmp, rel, NULL);
	g_autofree char *dir = g_path_get_dirname(path);

	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void mkdirs(const char *rel)
{
	g_autofree char *path = g_build_filename(tmp, rel, NULL);

	g_assert_cmpint(g_mkdir_with_parents(path, 0755), ==, 0);
}

static void link_to(const char *rel, const char *target)
{
	g_autofree char *path = g_build_filename(tmp, rel, NULL);
	g_autofree char *dir = g_path_get_dirname(path);

	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_unlink(path);
	g_assert_cmpint(symlink(target, path), ==, 0);
}

static char *get(const char *rel)
{
	g_autofree char *path = g_build_filename(tmp, rel, NULL);
	char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	return text;
}

/* put("DIR/NAME", formatted text) */
static void putf(const char *dir, const char *name, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void putf(const char *dir, const char *name, const char *fmt, ...)
{
	g_autofree char *rel = g_build_filename(dir, name, NULL);
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	put(rel, text);
}

/* A PCI function: ids, class, header type in config byte 0x0e, driver, group. */
static void add_func(const char *addr, unsigned vendor, unsigned device, unsigned cls,
		     unsigned hdr, const char *driver, int group)
{
	g_autofree char *d = g_strdup_printf("sys/bus/pci/devices/%s", addr);
	g_autofree char *cfgpath = g_build_filename(tmp, d, "config", NULL);
	char cfg[64] = { 0 };

	putf(d, "vendor", "0x%04x\n", vendor);
	putf(d, "device", "0x%04x\n", device);
	putf(d, "class", "0x%06x\n", cls);
	putf(d, "driver_override", "(null)\n");
	putf(d, "modalias", "pci:v%08Xd%08Xsv00001AF4sd00001100bc%02Xsc%02Xi%02X\n", vendor,
	     device, cls >> 16, (cls >> 8) & 0xff, cls & 0xff);
	cfg[0] = (char)(vendor & 0xff);
	cfg[1] = (char)(vendor >> 8);
	cfg[2] = (char)(device & 0xff);
	cfg[3] = (char)(device >> 8);
	cfg[8] = 0x03;
	cfg[0x0e] = (char)hdr;
	g_assert_true(g_file_set_contents(cfgpath, cfg, sizeof(cfg), NULL));
	if (driver) {
		g_autofree char *l = g_build_filename(d, "driver", NULL);
		g_autofree char *t = g_strdup_printf("../../../../bus/pci/drivers/%s", driver);
		g_autofree char *dd = g_strdup_printf("sys/bus/pci/drivers/%s", driver);

		link_to(l, t);
		mkdirs(dd);
	}
	if (group >= 0) {
		g_autofree char *l = g_build_filename(d, "iommu_group", NULL);
		g_autofree char *t = g_strdup_printf("../../../../kernel/iommu_groups/%d", group);
		g_autofree char *m = g_strdup_printf("sys/kernel/iommu_groups/%d/devices/%s", group,
						     addr);
		g_autofree char *mt = g_strdup_printf("../../../../bus/pci/devices/%s", addr);

		link_to(l, t);
		link_to(m, mt);
	}
}

static void set_driver(const char *addr, const char *driver)
{
	g_autofree char *p = g_strdup_printf("sys/bus/pci/devices/%s/driver", addr);
	g_autofree char *t = g_strdup_printf("../../../../bus/pci/drivers/%s", driver);

	link_to(p, t);
}

static void build_tree(void)
{
	/* group 1: the HDA function alone; group 2: LPC, AHCI, SMBus (a PCH);
	 * group 3: a bridge and a NIC behind it */
	add_func("0000:00:1b.0", 0x8086, 0x2668, 0x040300, 0x80, "snd_hda_intel", 1);
	add_func("0000:00:1f.0", 0x8086, 0x2918, 0x060100, 0x80, NULL, 2);
	add_func("0000:00:1f.2", 0x8086, 0x2922, 0x010601, 0x00, "ahci", 2);
	add_func("0000:00:1f.3", 0x8086, 0x2930, 0x0c0500, 0x00, "i801_smbus", 2);
	add_func("0000:00:1c.0", 0x8086, 0x2940, 0x060400, 0x81, "pcieport", 3);
	add_func("0000:01:00.0", 0x8086, 0x10d3, 0x020000, 0x00, "e1000e", 3);
	add_func("0000:00:1e.0", 0x8086, 0xa0c8, 0x040100, 0x00, NULL, -1); /* no IOMMU group */
	mkdirs("sys/bus/pci/drivers/vfio-pci");
	put("sys/bus/pci/drivers_probe", "");
	put("sys/bus/pci/drivers/snd_hda_intel/unbind", "");
	put("sys/bus/pci/drivers/vfio-pci/unbind", "");

	/* sound card 0 of 00:1b.0, its control device held open by PID 4242 */
	put("sys/bus/pci/devices/0000:00:1b.0/sound/card0/controlC0/dev", "116:5\n");
	put("sys/bus/pci/devices/0000:00:1b.0/sound/card0/pcmC0D0p/dev", "116:2\n");
	put("sys/bus/pci/devices/0000:00:1b.0/sound/card0/id", "Intel\n");
	put("proc/4242/comm", "aplay\n");
	link_to("proc/4242/fd/0", "/dev/null");
	link_to("proc/4242/fd/5", "/dev/snd/controlC0");
	put("proc/4243/comm", "bash\n");
	link_to("proc/4243/fd/1", "/dev/pts/0");

	/* a disk behind the AHCI controller: sda1 mounted, dm-0 (on sda2) swap */
	mkdirs("sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	mkdirs("sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2/holders/dm-0");
	mkdirs("sys/devices/virtual/block/dm-0");
	link_to("sys/class/block/sda",
		"../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda");
	link_to("sys/class/block/sda1",
		"../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
	link_to("sys/class/block/sda2",
		"../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2");
	link_to("sys/class/block/dm-0", "../../devices/virtual/block/dm-0");
	put("proc/mounts", "sysfs /sys sysfs rw 0 0\n/dev/sda1 /boot ext4 rw 0 0\n");
	put("proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
			  "/dev/dm-0                               partition\t1000\t0\t-2\n");

	/* a network interface behind the bridge, up */
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/flags", "0x1003\n");
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/operstate", "up\n");
	link_to("sys/class/net/eth0", "../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0");

	put("lib/modules/modules.alias",
	    "# Aliases extracted from modules themselves.\n"
	    "alias pci:v00008086d*sv*sd*bc04sc03i* snd_hda_intel\n"
	    "alias pci:v*d*sv*sd*bc04sc03i* snd_hda_intel\n"
	    "alias pci:v00008086d00002922sv*sd*bc*sc*i* ahci\n"
	    "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci\n"
	    "alias pci:v00008086d00002930sv*sd*bc*sc*i* i2c_i801\n");
	mkdirs("sys/module/vfio_pci");
	mkdirs("dev/vfio");
}

static void rm_rf(const char *path)
{
	if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) && g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
		const char *n;

		while (d && (n = g_dir_read_name(d))) {
			g_autofree char *p = g_build_filename(path, n, NULL);

			rm_rf(p);
		}
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

/* ---- addresses, enumeration, groups ----------------------------------------- */

static void test_parse_address(void)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "0000:00:1f.3", "0000:00:1f.3" }, { "00:1f.3", "0000:00:1f.3" },
		{ "0000:00:1F.3", "0000:00:1f.3" }, { "10000:e1:00.7", "10000:e1:00.7" },
	};
	static const char *const bad[] = {
		"", "1f.3", "00:1f", "00:20.0", "00:1f.8", "0:00:1f.3", "0000:00:1f.3x",
		"0000:000:1f.3", "vfio-user:/x", "123456789:00:00.0",
	};
	char out[SV_PCI_ADDR_MAX];

	for (guint i = 0; i < G_N_ELEMENTS(ok); i++) {
		g_autoptr(GError) err = NULL;

		g_assert_true(sv_pci_parse_address(ok[i].in, out, &err));
		g_assert_no_error(err);
		g_assert_cmpstr(out, ==, ok[i].out);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;

		g_assert_false(sv_pci_parse_address(bad[i], out, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
		g_assert_nonnull(strstr(err->message, "DDDD:BB:DD.F"));
	}
	/* Device names of the kernel backend name the same addresses. */
	g_assert_true(sv_device_pci_address("vfio:00:1b.0", out));
	g_assert_cmpstr(out, ==, "0000:00:1b.0");
	g_assert_true(sv_device_pci_address("iommufd:0000:00:1F.3", out));
	g_assert_cmpstr(out, ==, "0000:00:1f.3");
	g_assert_true(sv_device_pci_address("group:00:1b.0", out));
	g_assert_false(sv_device_pci_address("vfio-user:/tmp/s", out));
	g_assert_false(sv_device_pci_address("qtest:", out));
	g_assert_cmpstr(sv_pci_name_strip("group:00:1b.0"), ==, "00:1b.0");
}

static const SvPciFunc *find(GPtrArray *a, const char *addr)
{
	for (guint i = 0; i < a->len; i++) {
		const SvPciFunc *f = g_ptr_array_index(a, i);

		if (!strcmp(f->address, addr))
			return f;
	}
	return NULL;
}

static void test_enumeration(void)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) all = sv_pci_list(&err);
	const SvPciFunc *hda, *br, *lpc, *dsp;

	g_assert_no_error(err);
	g_assert_cmpuint(all->len, ==, 7);
	for (guint i = 1; i < all->len; i++)
		g_assert_cmpstr(((SvPciFunc *)all->pdata[i - 1])->address, <,
				((SvPciFunc *)all->pdata[i])->address);
	hda = find(all, "0000:00:1b.0");
	g_assert_nonnull(hda);
	g_assert_cmphex(hda->vendor, ==, 0x8086);
	g_assert_cmphex(hda->device, ==, 0x2668);
	g_assert_cmphex(hda->class_code, ==, 0x040300);
	g_assert_cmpuint(hda->header_type, ==, 0); /* multifunction bit masked */
	g_assert_cmpuint(hda->revision, ==, 3);
	g_assert_cmpstr(hda->driver, ==, "snd_hda_intel");
	g_assert_null(hda->driver_override); /* "(null)" */
	g_assert_cmpint(hda->iommu_group, ==, 1);
	g_assert_true(g_str_has_prefix(hda->modalias, "pci:v00008086d00002668"));
	g_assert_true(sv_pci_is_audio(hda));
	g_assert_false(sv_pci_is_bridge(hda));

	br = find(all, "0000:00:1c.0");
	g_assert_true(sv_pci_is_bridge(br));
	g_assert_false(sv_pci_is_audio(br));
	lpc = find(all, "0000:00:1f.0");
	g_assert_false(sv_pci_is_bridge(lpc)); /* an ISA bridge is an endpoint */
	g_assert_null(lpc->driver);
	dsp = find(all, "0000:00:1e.0");
	g_assert_true(sv_pci_is_audio(dsp));
	g_assert_cmpint(dsp->iommu_group, ==, -1);

	g_assert_null(sv_pci_func_read("0000:00:02.0", &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_cmpuint(sv_iommu_group_count(), ==, 3);
}

static void test_group_members(void)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) g2 = sv_iommu_group_members(2, &err);
	g_autoptr(GPtrArray) none = NULL;

	g_assert_no_error(err);
	g_assert_cmpuint(g2->len, ==, 3);
	g_assert_cmpstr(((SvPciFunc *)g2->pdata[0])->address, ==, "0000:00:1f.0");
	g_assert_cmpstr(((SvPciFunc *)g2->pdata[1])->driver, ==, "ahci");
	g_assert_cmpstr(((SvPciFunc *)g2->pdata[2])->driver, ==, "i801_smbus");
	none = sv_iommu_group_members(9, &err);
	g_assert_null(none);
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
}

static SvVfioReadiness verdict(const char *addr, char **reason)
{
	g_autoptr(SvPciFunc) f = sv_pci_func_read(addr, NULL);
	g_autoptr(GPtrArray) m = NULL;

	g_assert_nonnull(f);
	if (f->iommu_group >= 0)
		m = sv_iommu_group_members(f->iommu_group, NULL);
	return sv_vfio_readiness(f, m, reason);
}

static void test_readiness(void)
{
	g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL, *r5 = NULL;

	g_assert_cmpint(verdict("0000:00:1b.0", &r1), ==, SV_VFIO_BIND_NEEDED);
	g_assert_nonnull(strstr(r1, "driver snd_hda_intel"));
	g_assert_cmpstr(sv_vfio_readiness_word(SV_VFIO_BIND_NEEDED), ==, "bind needed");

	set_driver("0000:00:1b.0", "vfio-pci");
	g_assert_cmpint(verdict("0000:00:1b.0", &r2), ==, SV_VFIO_READY);
	g_assert_cmpstr(sv_vfio_readiness_word(SV_VFIO_READY), ==, "ready");
	set_driver("0000:00:1b.0", "snd_hda_intel");

	/* SMBus on vfio-pci, AHCI still on ahci: not viable, naming ahci */
	set_driver("0000:00:1f.3", "vfio-pci");
	g_assert_cmpint(verdict("0000:00:1f.3", &r3), ==, SV_VFIO_NOT_VIABLE);
	g_assert_cmpstr(r3, ==, "group not viable: 0000:00:1f.2 (ahci)");
	set_driver("0000:00:1f.3", "i801_smbus");

	/* a bridge (pcieport) in the group does not count */
	set_driver("0000:01:00.0", "vfio-pci");
	g_assert_cmpint(verdict("0000:01:00.0", &r4), ==, SV_VFIO_READY);
	set_driver("0000:01:00.0", "e1000e");

	g_assert_cmpint(verdict("0000:00:1e.0", &r5), ==, SV_VFIO_NO_IOMMU);
	g_assert_cmpstr(sv_vfio_readiness_word(SV_VFIO_NO_IOMMU), ==, "no IOMMU");
}

static void test_modules(void)
{
	g_autoptr(SvPciFunc) hda = sv_pci_func_read("0000:00:1b.0", NULL);
	g_autoptr(SvPciFunc) lpc = sv_pci_func_read("0000:00:1f.0", NULL);
	g_autoptr(GPtrArray) m1 = sv_modalias_modules(hda->modalias);
	g_autoptr(GPtrArray) m2 = sv_modalias_modules(lpc->modalias);

	/* two patterns match: listed once; vfio_pci: aliases do not count */
	g_assert_nonnull(m1);
	g_assert_cmpuint(m1->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(m1, 0), ==, "snd_hda_intel");
	g_assert_cmpuint(m2->len, ==, 0);
	g_assert_true(sv_module_loaded("vfio-pci"));
	g_assert_true(sv_module_loaded("vfio_pci"));
	g_assert_false(sv_module_loaded("vfio_iommu_type1"));
}

/* ---- machine facts (probe.c) ---------------------------------------------- */

static void test_probe(void)
{
	g_auto(SvIrqRemap) r = { 0 }, none = { 0 };

	put("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\n");
	put("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 intel_iommu=on quiet\n");
	g_assert_cmpstr(sv_cpu_vendor(), ==, "intel");
	g_assert_true(sv_kernel_cmdline_has("intel_iommu=on"));
	g_assert_false(sv_kernel_cmdline_has("intel_iommu")); /* whole words only */
	put("proc/cpuinfo", "vendor_id\t: AuthenticAMD\n");
	g_assert_cmpstr(sv_cpu_vendor(), ==, "amd");

	/* Nothing remapped, no VT-d unit, unsafe interrupts not allowed. */
	sv_irq_remap_probe(&none);
	g_assert_cmpuint(none.ir_interrupts, ==, 0);
	g_assert_cmpstr(none.units, ==, "");
	g_assert_false(none.unsafe_allowed);
	/* Two interrupts on IR- chips, one unit with ECAP.IR (bit 3), one without. */
	put("proc/interrupts", "           CPU0\n  24:  5  IR-PCI-MSI 512000-edge  snd_hda_intel\n"
	    "  25:  0  IR-IO-APIC 9-fasteoi acpi\n  26:  1  PCI-MSI 1-edge  x\n");
	put("sys/class/iommu/dmar0/intel-iommu/ecap", "f050da\n");
	put("sys/class/iommu/dmar1/intel-iommu/ecap", "f050d2\n");
	put("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "Y\n");
	sv_irq_remap_probe(&r);
	g_assert_cmpuint(r.ir_interrupts, ==, 2);
	g_assert_nonnull(strstr(r.units, "dmar0 ecap f050da IR yes"));
	g_assert_nonnull(strstr(r.units, "dmar1 ecap f050d2 IR no"));
	g_assert_true(r.unsafe_allowed);

	/* CapEff bit 14 is CAP_IPC_LOCK. */
	put("proc/self/status", "Name:\tsofvfio\nCapEff:\t0000000000004000\n");
	g_assert_true(sv_has_cap_ipc_lock());
	put("proc/self/status", "Name:\tsofvfio\nCapEff:\t0000000000000000\n");
	g_assert_false(sv_has_cap_ipc_lock());
}

/* ---- in use ------------------------------------------------------------------ */

static gboolean has_line(GPtrArray *a, const char *text)
{
	for (guint i = 0; i < a->len; i++)
		if (!strcmp(g_ptr_array_index(a, i), text))
			return TRUE;
	return FALSE;
}

static void test_users(void)
{
	g_autoptr(GPtrArray) snd = sv_pci_users("0000:00:1b.0", NULL);
	g_autoptr(GPtrArray) blk = sv_pci_users("0000:00:1f.2", NULL);
	g_autoptr(GPtrArray) net = sv_pci_users("0000:01:00.0", NULL);
	g_autoptr(GPtrArray) idle = sv_pci_users("0000:00:1f.3", NULL);
	g_autoptr(GPtrArray) down = NULL;

	g_assert_cmpuint(snd->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(snd, 0), ==,
			"sound card 0: /dev/snd/controlC0 open by PID 4242 (aplay)");
	g_assert_cmpuint(blk->len, ==, 2);
	g_assert_true(has_line(blk, "block device sda1 (/dev/sda1) is mounted on /boot"));
	g_assert_true(has_line(blk, "block device dm-0 (/dev/dm-0) is in use as swap"));
	g_assert_cmpuint(net->len, ==, 1);
	g_assert_cmpstr(g_ptr_array_index(net, 0), ==,
			"network interface eth0 is up (`ip link set eth0 down` first)");
	g_assert_cmpuint(idle->len, ==, 0);

	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/flags", "0x1002\n");
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/operstate", "down\n");
	down = sv_pci_users("0000:01:00.0", NULL);
	g_assert_cmpuint(down->len, ==, 0);
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/flags", "0x1003\n");
	put("sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/net/eth0/operstate", "up\n");
}

/* ---- state file ------------------------------------------------------------------ */

static void test_state_roundtrip(void)
{
	g_autoptr(SvBindState) st = sv_bind_state_new(7, "0000:00:1f.3");
	g_autoptr(SvBindState) back = NULL;
	g_autoptr(SvBindState) found = NULL;
	g_autoptr(GError) err = NULL;
	g_autofree char *json = NULL, *json2 = NULL, *path = NULL, *fpath = NULL;
	SvBindMember *m;

	sv_bind_state_add(st, "0000:00:1f.0", NULL, NULL);
	m = sv_bind_state_add(st, "0000:00:1f.3", "snd_hda_intel", "we\"ird\\name\n");
	m->step = SV_BIND_UNBOUND;
	json = sv_bind_state_to_json(st);
	g_assert_nonnull(strstr(json, "\"driver_override\" : \"we\\\"ird\\\\name\\n\""));
	back = sv_bind_state_from_json(json, &err);
	g_assert_no_error(err);
	g_assert_cmpint(back->group, ==, 7);
	g_assert_cmpstr(back->device, ==, "0000:00:1f.3");
	g_assert_cmpstr(back->created, ==, st->created);
	g_assert_cmpuint(back->members->len, ==, 2);
	m = g_ptr_array_index(back->members, 0);
	g_assert_null(m->driver);
	g_assert_null(m->driver_override);
	g_assert_cmpint(m->step, ==, SV_BIND_PENDING);
	m = g_ptr_array_index(back->members, 1);
	g_assert_cmpstr(m->driver, ==, "snd_hda_intel");
	g_assert_cmpstr(m->driver_override, ==, "we\"ird\\name\n");
	g_assert_cmpint(m->step, ==, SV_BIND_UNBOUND);
	json2 = sv_bind_state_to_json(back);
	g_assert_cmpstr(json, ==, json2);

	/* saved atomically into the state dir, found by any member's address */
	g_assert_true(sv_bind_state_save(st, &err));
	g_assert_no_error(err);
	path = sv_bind_state_path(7);
	g_assert_true(g_str_has_prefix(path, state_dir));
	g_assert_true(g_str_has_suffix(path, "/bind-7.json"));
	found = sv_bind_state_find("0000:00:1f.0", &fpath, &err);
	g_assert_no_error(err);
	g_assert_cmpstr(fpath, ==, path);
	g_assert_cmpuint(found->members->len, ==, 2);
	g_assert_null(sv_bind_state_find("0000:00:1b.0", NULL, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_clear_error(&err);
	g_unlink(path);
}

static void test_state_bad(void)
{
	static const char *const bad[] = {
		"", "{", "[]", "{\"version\": 2, \"group\": 1, \"members\": []}",
		"{\"version\": 1, \"members\": []}",
		"{\"version\": 1, \"group\": 1, \"members\": {}}",
		"{\"version\": 1, \"group\": 1, \"members\": [ {\"address\": \"xx\"} ]}",
		"{\"version\": 1, \"group\": 1, \"members\": [ {\"address\": 5} ]}",
		"{\"version\": 1, \"group\": 1, \"members\": [],}",
		"{\"version\": 1, \"group\": 1, \"members\": []} x",
		"{\"version\": 1, \"group\": 1, \"device\": \"a\x01\", \"members\": []}",
	};

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;

		g_assert_null(sv_bind_state_from_json(bad[i], &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	}
	/* a corrupt file is reported when nothing else matches */
	put("state/bind-5.json", "{ not json");
	{
		g_autoptr(GError) err = NULL;

		g_assert_null(sv_bind_state_find("0000:00:1b.0", NULL, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
		g_assert_nonnull(strstr(err->message, "bind-5.json"));
	}
	g_autofree char *p = g_build_filename(state_dir, "bind-5.json", NULL);
	g_unlink(p);
}

/* ---- bind / unbind plans -------------------------------------------------------- */

static void collect(const char *line, void *data)
{
	g_string_append_printf(data, "%s\n", line);
}

static char *expand(const char *tmpl)
{
	g_autoptr(GString) s = g_string_new(tmpl);

	g_string_replace(s, "@SYS@", sys_root, 0);
	g_string_replace(s, "@STATE@", state_dir, 0);
	return g_string_free(g_steal_pointer(&s), FALSE);
}

static void test_dry_run_plan(void)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autofree char *want = NULL, *ovr = NULL, *statef = NULL;
	g_autofree char *vfio_dir = g_build_filename(sys_root, "bus/pci/drivers/vfio-pci", NULL);
	SvBindOptions o = { .dry_run = TRUE, .say = collect, .say_data = out };

	/* group 2: three endpoints, one without a driver, a mounted disk on AHCI */
	g_assert_false(sv_bind_group("00:1f.3", &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_BUSY);
	g_assert_nonnull(strstr(err->message, "0000:00:1f.2 (ahci): block device sda1 (/dev/sda1) "
				"is mounted on /boot; 0000:00:1f.2 (ahci): block device dm-0 "
				"(/dev/dm-0) is in use as swap"));
	g_assert_nonnull(strstr(err->message, "--force"));
	g_clear_error(&err);
	g_string_truncate(out, 0);
	o.force = TRUE;
	g_assert_true(sv_bind_group("00:1f.3", &o, &err));
	o.force = FALSE;
	g_assert_no_error(err);
	want = expand(
		"# IOMMU group 2: 0000:00:1f.0 (no driver), 0000:00:1f.2 (ahci), 0000:00:1f.3 (i801_smbus)\n"
		"# 0000:00:1f.2 (ahci) is in use: block device sda1 (/dev/sda1) is mounted on /boot\n"
		"# 0000:00:1f.2 (ahci) is in use: block device dm-0 (/dev/dm-0) is in use as swap\n"
		"# --force: binding anyway; those users lose the device\n"
		"# write @STATE@/bind-2.json (the original drivers)\n"
		"echo vfio-pci > @SYS@/bus/pci/devices/0000:00:1f.0/driver_override\n"
		"echo 0000:00:1f.0 > @SYS@/bus/pci/drivers_probe\n"
		"echo vfio-pci > @SYS@/bus/pci/devices/0000:00:1f.2/driver_override\n"
		"echo 0000:00:1f.2 > @SYS@/bus/pci/drivers/ahci/unbind\n"
		"echo 0000:00:1f.2 > @SYS@/bus/pci/drivers_probe\n"
		"echo vfio-pci > @SYS@/bus/pci/devices/0000:00:1f.3/driver_override\n"
		"echo 0000:00:1f.3 > @SYS@/bus/pci/drivers/i801_smbus/unbind\n"
		"echo 0000:00:1f.3 > @SYS@/bus/pci/drivers_probe\n");
	g_assert_cmpstr(out->str, ==, want);
	/* nothing changed */
	ovr = get("sys/bus/pci/devices/0000:00:1f.3/driver_override");
	g_assert_cmpstr(ovr, ==, "(null)\n");
	statef = g_build_filename(state_dir, "bind-2.json", NULL);
	g_assert_false(g_file_test(statef, G_FILE_TEST_EXISTS));

	/* in use: the plan is printed, then the refusal; --force: no refusal */
	g_string_truncate(out, 0);
	g_assert_false(sv_bind_group("0000:00:1b.0", &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_BUSY);
	g_assert_nonnull(strstr(err->message, "/dev/snd/controlC0 open by PID 4242 (aplay)"));
	g_assert_nonnull(strstr(out->str, "# 0000:00:1b.0 (snd_hda_intel) is in use: sound card 0"));
	g_assert_nonnull(strstr(out->str, "/bus/pci/drivers/snd_hda_intel/unbind\n"));
	g_clear_error(&err);
	o.force = TRUE;
	g_string_truncate(out, 0);
	g_assert_true(sv_bind_group("0000:00:1b.0", &o, &err));
	g_assert_no_error(err);
	g_assert_nonnull(strstr(out->str, "# --force: binding anyway"));
	o.force = FALSE;

	/* the bridge of group 3 is left alone; vfio-pci missing: modprobe planned */
	rm_rf(vfio_dir);
	g_string_truncate(out, 0);
	set_driver("0000:01:00.0", "vfio-pci"); /* idle: on vfio-pci already */
	g_assert_true(sv_bind_group("0000:01:00.0", &o, &err));
	g_assert_no_error(err);
	g_assert_nonnull(strstr(out->str, "# 0000:00:1c.0: a bridge (pcieport), left alone\n"));
	g_assert_nonnull(strstr(out->str, "already on vfio-pci"));
	g_assert_null(strstr(out->str, "driver_override"));
	set_driver("0000:01:00.0", "e1000e");
	g_string_truncate(out, 0);
	o.force = TRUE;
	g_assert_true(sv_bind_group("0000:00:1f.3", &o, &err));
	o.force = FALSE;
	g_assert_nonnull(strstr(out->str, "\nmodprobe vfio-pci\n"));
	mkdirs("sys/bus/pci/drivers/vfio-pci");
	put("sys/bus/pci/drivers/vfio-pci/unbind", "");

	/* errors: no IOMMU group, a bridge, a missing function */
	g_assert_false(sv_bind_group("0000:00:1e.0", &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NO_IOMMU);
	g_assert_nonnull(strstr(err->message, "intel_iommu=on"));
	g_clear_error(&err);
	g_assert_false(sv_bind_group("0000:00:1c.0", &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);
	g_assert_false(sv_bind_group("0000:00:07.0", &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
}

static void test_unbind_plan(void)
{
	g_autoptr(SvBindState) st = sv_bind_state_new(1, "0000:00:1b.0");
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autofree char *want = NULL;
	SvBindOptions o = { .dry_run = TRUE, .say = collect, .say_data = out };

	/* as after a bind: on vfio-pci with the override set */
	set_driver("0000:00:1b.0", "vfio-pci");
	put("sys/bus/pci/devices/0000:00:1b.0/driver_override", "vfio-pci\n");
	sv_bind_state_add(st, "0000:00:1b.0", "snd_hda_intel", NULL)->step = SV_BIND_DONE;
	g_assert_true(sv_bind_state_save(st, &err));
	g_assert_true(sv_unbind_group("0000:00:1b.0", &o, &err));
	g_assert_no_error(err);
	want = expand("# restoring IOMMU group 1 from @STATE@/bind-1.json\n"
		      "echo \"\" > @SYS@/bus/pci/devices/0000:00:1b.0/driver_override\n"
		      "echo 0000:00:1b.0 > @SYS@/bus/pci/drivers/vfio-pci/unbind\n"
		      "echo 0000:00:1b.0 > @SYS@/bus/pci/drivers_probe\n"
		      "rm @STATE@/bind-1.json\n");
	g_assert_cmpstr(out->str, ==, want);
	{
		g_autoptr(SvBindState) still = sv_bind_state_find("0000:00:1b.0", NULL, NULL);

		g_assert_nonnull(still); /* a dry run removes nothing */
	}
	{
		g_autofree char *f = g_build_filename(state_dir, "bind-1.json", NULL);

		g_unlink(f);
	}

	/* no record: clear our override, unbind from vfio-pci, reprobe */
	g_string_truncate(out, 0);
	g_assert_true(sv_unbind_group("0000:00:1b.0", &o, &err));
	g_assert_nonnull(strstr(out->str, "no bind record for 0000:00:1b.0"));
	g_assert_nonnull(strstr(out->str, "/devices/0000:00:1b.0/driver_override\n"));
	g_assert_nonnull(strstr(out->str, "echo 0000:00:1b.0 > "));

	set_driver("0000:00:1b.0", "snd_hda_intel");
	put("sys/bus/pci/devices/0000:00:1b.0/driver_override", "(null)\n");
}

/* A failing step (test hook) rolls back what was already written. */
static void test_rollback(void)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autofree char *ovr = NULL, *unbind = NULL, *probe = NULL, *statef = NULL;
	SvBindOptions o = { .force = TRUE, .say = collect, .say_data = out };

	/* 00:1b.0: override (1), unbind (2), drivers_probe (3) <- refused */
	put("sys/bus/pci/drivers_probe", "");
	put("sys/bus/pci/drivers/snd_hda_intel/unbind", "");
	g_setenv("SOFVFIO_BIND_FAIL_AT", "3", TRUE);
	g_assert_false(sv_bind_group("0000:00:1b.0", &o, &err));
	g_unsetenv("SOFVFIO_BIND_FAIL_AT");
	g_assert_error(err, SV_ERROR, SV_ERROR_IO);
	g_assert_nonnull(strstr(err->message, "binding IOMMU group 1 failed at 0000:00:1b.0"));
	g_assert_nonnull(strstr(err->message, "test hook SOFVFIO_BIND_FAIL_AT=3"));
	g_assert_nonnull(strstr(err->message,
		"rolled back: 0000:00:1b.0 (snd_hda_intel); the group is as it was"));
	g_assert_nonnull(strstr(out->str, "0000:00:1b.0: bind failed: "));
	/* writes 1 and 2 happened, 3 did not, the override was cleared again */
	unbind = get("sys/bus/pci/drivers/snd_hda_intel/unbind");
	g_assert_cmpstr(unbind, ==, "0000:00:1b.0");
	probe = get("sys/bus/pci/drivers_probe");
	g_assert_cmpstr(probe, ==, "");
	ovr = get("sys/bus/pci/devices/0000:00:1b.0/driver_override");
	g_assert_cmpstr(ovr, ==, "\n");
	/* the record is gone once the rollback worked */
	statef = g_build_filename(state_dir, "bind-1.json", NULL);
	g_assert_false(g_file_test(statef, G_FILE_TEST_EXISTS));
	put("sys/bus/pci/devices/0000:00:1b.0/driver_override", "(null)\n");
}

/* The device cdev: vfio-dev/vfioN with a "dev" file (6.6+), not without (6.1-6.5). */
static void test_vfio_cdev(void)
{
	g_autofree char *want = g_build_filename(dev_root, "vfio/devices/vfio3", NULL);
	g_autofree char *vdir = g_build_filename(sys_root, "bus/pci/devices/0000:00:1f.3/vfio-dev",
						NULL);
	g_autofree char *iommu = g_build_filename(dev_root, "iommu", NULL);
	g_autofree char *none = NULL, *cdev = NULL;

	g_assert_null(sv_pci_vfio_cdev("0000:00:1f.3"));
	mkdirs("sys/bus/pci/devices/0000:00:1f.3/vfio-dev/vfio3");
	none = sv_pci_vfio_cdev("0000:00:1f.3");
	g_assert_null(none);
	put("sys/bus/pci/devices/0000:00:1f.3/vfio-dev/vfio3/dev", "511:3\n");
	cdev = sv_pci_vfio_cdev("0000:00:1f.3");
	g_assert_cmpstr(cdev, ==, want);
	rm_rf(vdir);

	g_assert_false(sv_iommufd_present());
	put("dev/iommu", "");
	g_assert_true(sv_iommufd_present());
	g_assert_cmpint(g_unlink(iommu), ==, 0);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp = g_dir_make_tmp("sofvfio-sysfs-XXXXXX", NULL);
	g_assert_nonnull(tmp);
	sys_root = g_build_filename(tmp, "sys", NULL);
	dev_root = g_build_filename(tmp, "dev", NULL);
	proc_root = g_build_filename(tmp, "proc", NULL);
	mod_dir = g_build_filename(tmp, "lib/modules", NULL);
	state_dir = g_build_filename(tmp, "state", NULL);
	g_setenv("SOFVFIO_SYSFS_ROOT", sys_root, TRUE);
	g_setenv("SOFVFIO_DEV_ROOT", dev_root, TRUE);
	g_setenv("SOFVFIO_PROC_ROOT", proc_root, TRUE);
	g_setenv("SOFVFIO_MODULES_DIR", mod_dir, TRUE);
	g_setenv("SOFVFIO_STATE_DIR", state_dir, TRUE);
	g_unsetenv("SOFVFIO_BIND_FAIL_AT");
	build_tree();

	g_test_add_func("/sysfs/parse-address", test_parse_address);
	g_test_add_func("/sysfs/enumeration", test_enumeration);
	g_test_add_func("/sysfs/group-members", test_group_members);
	g_test_add_func("/sysfs/readiness", test_readiness);
	g_test_add_func("/sysfs/vfio-cdev", test_vfio_cdev);
	g_test_add_func("/sysfs/modules", test_modules);
	g_test_add_func("/sysfs/probe", test_probe);
	g_test_add_func("/sysfs/users", test_users);
	g_test_add_func("/sysfs/state/roundtrip", test_state_roundtrip);
	g_test_add_func("/sysfs/state/bad", test_state_bad);
	g_test_add_func("/sysfs/bind/dry-run-plan", test_dry_run_plan);
	g_test_add_func("/sysfs/unbind/plan", test_unbind_plan);
	g_test_add_func("/sysfs/bind/rollback", test_rollback);
	rc = g_test_run();

	rm_rf(tmp);
	g_free(tmp);
	g_free(sys_root);
	g_free(dev_root);
	g_free(proc_root);
	g_free(mod_dir);
	g_free(state_dir);
	return rc;
}
