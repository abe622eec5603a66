// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-doctor.c - `sofvfio doctor [ADDRESS]`: is this machine ready for the
 * driver?  Each check prints one verdict line (ok / warn / FAIL) and, when
 * something is wrong, the fix.  Exit status 0 when nothing FAILed.
 *
 * The facts come from the sysfs library (driver/sysfs: IOMMU groups,
 * modules, probe.c for the CPU vendor, the kernel command line, interrupt
 * remapping and CAP_IPC_LOCK; dmesg is not reliably readable by users), the
 * memory a run pins from the HDA library (hda_pcm_dma_bytes()); this file
 * only judges them and says what to do.
 */
#include "commands.h"
#include "sofvfio/device.h"
#include "sofvfio/hda-pcm.h"
#include "sofvfio/hda-regs.h"
#include "sofvfio/sysfs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef enum { V_OK, V_WARN, V_FAIL } Verdict;

typedef struct {
	unsigned fails, warns;
} Doctor;

static void report(Doctor *d, Verdict v, const char *fix, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void report(Doctor *d, Verdict v, const char *fix, const char *fmt, ...)
{
	static const char *const words[] = { "ok", "warn", "FAIL" };
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	printf("%-4s  %s\n", words[v], msg);
	if (fix && v != V_OK)
		printf("      fix: %s\n", fix);
	d->fails += v == V_FAIL;
	d->warns += v == V_WARN;
}

static gboolean check_iommu(Doctor *d)
{
	static const char *const offs[] = { "iommu=off", "intel_iommu=off", "amd_iommu=off" };
	unsigned groups = sv_iommu_group_count();
	const char *vendor = sv_cpu_vendor();
	gboolean amd = vendor && !strcmp(vendor, "amd");
	const char *opt = amd ? "amd_iommu=on" : "intel_iommu=on";
	g_autofree char *fix = NULL;

	if (groups) {
		report(d, V_OK, NULL, "IOMMU: on, %u IOMMU groups", groups);
		return TRUE;
	}
	for (guint i = 0; i < G_N_ELEMENTS(offs); i++)
		if (sv_kernel_cmdline_has(offs[i])) {
			fix = g_strdup_printf("remove %s from the kernel command line (Debian: "
					      "GRUB_CMDLINE_LINUX in /etc/default/grub, `sudo "
					      "update-grub`, reboot)", offs[i]);
			report(d, V_FAIL, fix, "IOMMU: off (%s on the kernel command line)", offs[i]);
			return FALSE;
		}
	if (sv_kernel_cmdline_has(opt))
		fix = g_strdup_printf(
			"%s is on the kernel command line already, so the IOMMU is missing or "
			"off in the firmware: enable VT-d (Intel) / AMD-Vi (AMD) in the firmware "
			"setup; in a QEMU guest add -device intel-iommu (q35)", opt);
	else
		fix = g_strdup_printf(
			"add %s to the kernel command line (Debian: GRUB_CMDLINE_LINUX in "
			"/etc/default/grub, then `sudo update-grub` and reboot) and enable %s in "
			"the firmware setup%s; iommu=pt as well keeps the host's other devices on "
			"identity mappings", opt, amd ? "the IOMMU (AMD-Vi)" : "VT-d",
			amd ? " (on AMD the kernel turns the IOMMU on by itself when the firmware "
			      "has it: the firmware setting is what matters)" :
			vendor ? "" : " (amd_iommu=on on AMD)");
	report(d, V_FAIL, fix, "IOMMU: off (/sys/kernel/iommu_groups is empty)%s",
	       sv_kernel_cmdline_has(opt) ? "" : ", not enabled on the kernel command line");
	return FALSE;
}

static void check_irq_remap(Doctor *d, gboolean iommu)
{
	g_auto(SvIrqRemap) r = { 0 };
	const char *sep;

	if (!iommu) {
		report(d, V_FAIL, "turn the IOMMU on first (above)",
		       "interrupt remapping: none without an IOMMU");
		return;
	}
	sv_irq_remap_probe(&r);
	sep = *r.units ? "; " : "";
	if (r.ir_interrupts) {
		report(d, V_OK, NULL, "interrupt remapping: in use (%u interrupts through IR- chips "
		       "in /proc/interrupts%s%s)", r.ir_interrupts, sep, r.units);
		return;
	}
	if (r.unsafe_allowed) {
		report(d, V_WARN, "enable interrupt remapping in the firmware (VT-d/AMD-Vi) and drop "
		       "allow_unsafe_interrupts",
		       "interrupt remapping: not in use; vfio_iommu_type1 allow_unsafe_interrupts=Y "
		       "lets VFIO work without it (a device could forge interrupts)%s%s",
		       sep, r.units);
		return;
	}
	report(d, V_FAIL,
	       "enable interrupt remapping (x2APIC/VT-d IR in the firmware; not intremap=off); "
	       "or, unsafe, `options vfio_iommu_type1 allow_unsafe_interrupts=1` in "
	       "/etc/modprobe.d/vfio.conf",
	       "interrupt remapping: not in use (no IR- interrupt chips in /proc/interrupts%s%s): "
	       "VFIO refuses to attach a group without it", sep, r.units);
}

static void check_modules(Doctor *d)
{
	static const char *const mods[] = { "vfio", "vfio_pci", "vfio_iommu_type1" };
	g_autoptr(GString) missing = g_string_new(NULL);

	for (guint i = 0; i < G_N_ELEMENTS(mods); i++)
		if (!sv_module_loaded(mods[i]))
			g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", mods[i]);
	if (!missing->len) {
		report(d, V_OK, NULL, "modules: vfio, vfio_pci, vfio_iommu_type1 loaded");
		return;
	}
	report(d, V_WARN,
	       "`sudo modprobe vfio-pci vfio_iommu_type1` (`sofvfio bind` loads vfio-pci itself); "
	       "to load at boot: echo vfio-pci > /etc/modules-load.d/vfio-pci.conf",
	       "modules: not loaded: %s", missing->str);
}

static void check_container_node(Doctor *d)
{
	g_autofree char *node = sv_dev_path("/vfio/vfio");

	if (!g_file_test(node, G_FILE_TEST_EXISTS)) {
		report(d, V_FAIL, "`sudo modprobe vfio` (the kernel needs CONFIG_VFIO)",
		       "%s: missing", node);
		return;
	}
	if (access(node, R_OK | W_OK) != 0) {
		report(d, V_FAIL, "`sudo chmod 0666 /dev/vfio/vfio` (the container node is meant to "
		       "be open to all; access is granted per group)",
		       "%s: not readable and writable by you (uid %u)", node, (unsigned)getuid());
		return;
	}
	report(d, V_OK, NULL, "%s: read/write for you", node);
}

/* iommufd: optional (the group/container path needs none); say which path a plain address takes. */
static void check_iommufd(Doctor *d)
{
	g_autofree char *node = sv_dev_path("/iommu");

	if (!sv_iommufd_present())
		report(d, V_OK, NULL, "iommufd: no %s (kernel without CONFIG_IOMMUFD, or the module "
		       "not loaded): devices open through the group/container path", node);
	else if (access(node, R_OK | W_OK) != 0)
		report(d, V_WARN, "run as root, or give /dev/iommu and the device cdev to your user",
		       "iommufd: %s is not readable and writable by you (uid %u): the group path "
		       "will be used", node, (unsigned)getuid());
	else
		report(d, V_OK, NULL, "iommufd: %s: read/write for you (devices with a cdev open "
		       "through iommufd)", node);
}

/* What the HDA driver pins for DMA, as the HDA library allocates it: the
 * controller (CORB/RIRB page, position buffer), one playback stream
 * (`sofvfio play`) and one capture stream (`record`), default periods. */
static uint64_t dma_need(unsigned rate, unsigned channels, unsigned bits)
{
	const HdaPcmFormat fmt = { .rate = rate, .bits = bits, .channels = channels };

	return hda_controller_dma_bytes() + hda_pcm_dma_bytes(HDA_STREAM_OUTPUT, &fmt, 0, 0) +
	       hda_pcm_dma_bytes(HDA_STREAM_INPUT, &fmt, 0, 0);
}

static void check_memlock(Doctor *d)
{
	uint64_t typical = dma_need(48000, 2, 16), most = dma_need(192000, 8, 32);
	g_autofree char *need = g_strdup_printf(
		"the driver pins %" G_GUINT64_FORMAT " KiB for 48 kHz stereo S16 and %"
		G_GUINT64_FORMAT " KiB at most (192 kHz, 8 ch, 32-bit): CORB/RIRB page + "
		"position buffer + a playback stream (BDL + %u x %u ms) + a capture stream "
		"(BDL + %u x %u ms)", typical / 1024, most / 1024, HDA_PCM_DEFAULT_PERIODS_OUT,
		HDA_PCM_DEFAULT_PERIOD_MS, HDA_PCM_DEFAULT_PERIODS_IN, HDA_PCM_DEFAULT_PERIOD_MS);
	g_autofree char *fix = NULL;
	struct rlimit rl;

	if (sv_has_cap_ipc_lock()) {
		report(d, V_OK, NULL, "locked memory: not limited (CAP_IPC_LOCK); %s", need);
		return;
	}
	if (getrlimit(RLIMIT_MEMLOCK, &rl) != 0) {
		report(d, V_WARN, NULL, "locked memory: getrlimit failed; %s", need);
		return;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= most) {
		if (rl.rlim_cur == RLIM_INFINITY)
			report(d, V_OK, NULL, "locked memory: unlimited; %s", need);
		else
			report(d, V_OK, NULL, "locked memory: limit %llu KiB; %s",
			       (unsigned long long)rl.rlim_cur / 1024, need);
		return;
	}
	fix = g_strdup_printf("raise it to %" G_GUINT64_FORMAT " KiB or more: `ulimit -l %"
			      G_GUINT64_FORMAT "` (up to the hard limit), or `USER - memlock %"
			      G_GUINT64_FORMAT "` in /etc/security/limits.conf, or LimitMEMLOCK= "
			      "for a systemd service", most / 1024, most / 1024, most / 1024);
	report(d, rl.rlim_cur >= typical ? V_WARN : V_FAIL, fix,
	       "locked memory: limit %llu KiB%s; %s", (unsigned long long)rl.rlim_cur / 1024,
	       rl.rlim_cur >= typical ? " (enough for 48 kHz stereo, not for every format)" :
	       " is too small", need);
}

static void check_device(Doctor *d, const char *addr, gboolean iommu)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(SvPciFunc) f = sv_pci_func_read(addr, &err);
	g_autoptr(GPtrArray) members = NULL;
	g_autofree char *reason = NULL, *resets = NULL, *node = NULL, *fix = NULL;
	SvVfioReadiness r;

	if (!f) {
		report(d, V_FAIL, "`sofvfio status --all` lists the functions", "%s", err->message);
		return;
	}
	printf("%s (class %06x, %04x:%04x, driver %s):\n", addr, f->class_code, f->vendor,
	       f->device, f->driver ? f->driver : "none");
	if (f->iommu_group >= 0)
		members = sv_iommu_group_members(f->iommu_group, NULL);

	/* the group node */
	if (f->iommu_group < 0) {
		report(d, V_FAIL, iommu ? "the IOMMU does not cover this function" :
		       "turn the IOMMU on first (above)", "%s: no IOMMU group, so no /dev/vfio node",
		       addr);
	} else {
		node = sv_dev_path("/vfio/%d", f->iommu_group);
		if (!g_file_test(node, G_FILE_TEST_EXISTS)) {
			fix = g_strdup_printf("`sudo sofvfio bind %s --owner $USER`", addr);
			report(d, V_FAIL, fix, "%s: missing (group %d is not on vfio-pci)", node,
			       f->iommu_group);
		} else if (access(node, R_OK | W_OK) != 0) {
			fix = g_strdup_printf("`sudo chown $USER %s`, or bind with `sudo sofvfio bind "
					      "%s --owner $USER`", node, addr);
			report(d, V_FAIL, fix, "%s: not readable and writable by you (uid %u)", node,
			       (unsigned)getuid());
		} else {
			report(d, V_OK, NULL, "%s: read/write for you", node);
		}
	}

	/* the device cdev (iommufd path) */
	if (f->driver && !strcmp(f->driver, "vfio-pci")) {
		g_autofree char *cdev = sv_pci_vfio_cdev(addr);

		if (cdev)
			report(d, V_OK, NULL, "device cdev: %s%s", cdev, access(cdev, R_OK | W_OK) ?
			       " (not read/write for you: the group path will be used)" : "");
		else
			report(d, V_OK, NULL, "device cdev: none (kernel without "
			       "CONFIG_VFIO_DEVICE_CDEV): the group path will be used");
	}

	/* viability */
	r = sv_vfio_readiness(f, members, &reason);
	g_clear_pointer(&fix, g_free);
	if (r == SV_VFIO_READY) {
		report(d, V_OK, NULL, "group: %s", reason);
	} else {
		fix = r == SV_VFIO_NO_IOMMU ? g_strdup("turn the IOMMU on first (above)") :
		      r == SV_VFIO_NOT_VIABLE ?
			g_strdup_printf("`sudo sofvfio unbind %s` then `sudo sofvfio bind %s` moves "
					"the whole group", addr, addr) :
			g_strdup_printf("`sudo sofvfio bind %s`", addr);
		report(d, V_FAIL, fix, "group: %s (%s)", sv_vfio_readiness_word(r), reason);
	}

	/* reset */
	resets = sv_pci_reset_methods(addr);
	if (resets)
		report(d, V_OK, NULL, "reset: %s (VFIO_DEVICE_RESET available)", resets);
	else if ((f->class_code >> 8) == 0x0403)
		/* HDA spec 3.3.7: GCTL.CRST resets the whole controller link */
		report(d, V_OK, NULL, "reset: no function reset (no reset_method or reset file); "
		       "the HDA driver resets the controller through GCTL.CRST instead");
	else
		report(d, V_WARN, "nothing to do; expect the device to keep its state between opens",
		       "reset: no function reset (no reset_method or reset file): "
		       "VFIO_DEVICE_RESET unavailable");
}

int cmd_doctor(int argc, char **argv)
{
	GOptionEntry entries[] = { { NULL } };
	g_autoptr(GOptionContext) ctx = g_option_context_new("[ADDRESS] - check the machine for VFIO");
	g_autoptr(GPtrArray) addrs = g_ptr_array_new_with_free_func(g_free);
	const char *env = g_getenv("SOFVFIO_DEVICE");
	char addr[SV_PCI_ADDR_MAX];
	g_autoptr(GError) err = NULL;
	Doctor d = { 0, 0 };
	gboolean iommu;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Checks, one line each (ok / warn / FAIL, then the fix): the IOMMU, interrupt\n"
		"remapping, the vfio modules, /dev/vfio/vfio, /dev/iommu (iommufd), and for\n"
		"the device (ADDRESS, else $SOFVFIO_DEVICE when it is a PCI address, else\n"
		"every audio function): its /dev/vfio/GROUP node and permissions, its device\n"
		"cdev, group viability, reset methods;\n"
		"then the locked-memory limit against what the driver pins for DMA.\n"
		"Exit status: 0 when nothing FAILed (warnings are fine), 1 otherwise.\n");
	if (!cli_parse(ctx, &argc, &argv, "doctor"))
		return 2;
	if (argc > 2) {
		fprintf(stderr, "sofvfio doctor: one ADDRESS at most (see 'sofvfio doctor --help')\n");
		return 2;
	}
	if (argc == 2) {
		if (!sv_pci_parse_address(argv[1], addr, &err)) {
			fprintf(stderr, "sofvfio doctor: %s\n", err->message);
			return 2;
		}
		g_ptr_array_add(addrs, g_strdup(addr));
	} else if (env && sv_pci_parse_address(env, addr, NULL)) {
		g_ptr_array_add(addrs, g_strdup(addr));
	} else {
		g_autoptr(GPtrArray) funcs = sv_pci_list(NULL);

		for (guint i = 0; funcs && i < funcs->len; i++) {
			const SvPciFunc *f = g_ptr_array_index(funcs, i);

			if (sv_pci_is_audio(f))
				g_ptr_array_add(addrs, g_strdup(f->address));
		}
	}

	iommu = check_iommu(&d);
	check_irq_remap(&d, iommu);
	check_modules(&d);
	check_container_node(&d);
	check_iommufd(&d);
	check_memlock(&d);
	if (!addrs->len)
		report(&d, V_WARN, "name one: `sofvfio doctor 0000:00:1f.3`",
		       "no audio function found (class 0403/0401/0480)");
	for (guint i = 0; i < addrs->len; i++)
		check_device(&d, g_ptr_array_index(addrs, i), iommu);
	printf("\n%s: %u failed, %u warning%s\n", d.fails ? "not ready" : "ready", d.fails, d.warns,
	       d.warns == 1 ? "" : "s");
	return d.fails ? 1 : 0;
}
