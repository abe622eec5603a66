// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * steps.c - the single steps bind and unbind are made of: one sysfs write
 * (or its plan line in a dry run), waiting for a `driver` link, restoring
 * one member, loading vfio-pci, locking a group's state.
 *
 * Restoring follows what driverctl and dpdk-devbind do: put driver_override
 * back (an empty line clears it: a stale override keeps the original driver
 * away), unbind from vfio-pci, then /sys/bus/pci/drivers_probe lets the
 * kernel pick the driver again; the `driver` link says whether it worked.
 */
#include "sysfs-priv.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define DRIVER_WAIT_US (5 * G_USEC_PER_SEC)
#define MODPROBE_TIMEOUT_MS 30000

void bind_run_init(BindRun *run, const SvBindOptions *opts)
{
	const char *hook = g_getenv("SOFVFIO_BIND_FAIL_AT");

	memset(run, 0, sizeof(*run));
	run->opts = opts;
	run->fail_at = hook ? strtoul(hook, NULL, 10) : 0;
}

void bind_say(BindRun *run, const char *fmt, ...)
{
	g_autofree char *line = NULL;
	va_list ap;

	if (!run->opts->say)
		return;
	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	run->opts->say(line, run->opts->say_data);
}

static void show_write(BindRun *run, const char *path, const char *value)
{
	if (!strcmp(value, "\n"))
		bind_say(run, "echo \"\" > %s", path);
	else
		bind_say(run, "echo %s > %s", value, path);
}

gboolean bind_write(BindRun *run, const char *path, const char *value, GError **error)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, e;

	if (run->opts->dry_run) {
		show_write(run, path, value);
		return TRUE;
	}
	if (run->opts->verbose)
		show_write(run, path, value);
	if (run->forward && run->fail_at && ++run->writes == run->fail_at) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "writing '%s' to %s failed: refused by the test hook "
			    "SOFVFIO_BIND_FAIL_AT=%lu", strcmp(value, "\n") ? value : "", path,
			    run->fail_at);
		return FALSE;
	}
	/* O_TRUNC as the shell's `echo >`: sysfs ignores it, a plain file (tests) needs it */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		goto fail;
	}
	n = write(fd, value, len);
	e = errno;
	close(fd);
	if (n == (ssize_t)len)
		return TRUE;
	if (n >= 0)
		e = EIO;
fail:
	g_set_error(error, SV_ERROR, (e == EACCES || e == EPERM) ? SV_ERROR_PERM : SV_ERROR_IO,
		    "writing '%s' to %s failed: %s%s", strcmp(value, "\n") ? value : "",
		    path, g_strerror(e),
		    (e == EACCES || e == EPERM) ? " (binding needs root: run it with sudo)" :
		    e == ENOENT ? " (no such attribute: is the device or driver gone?)" : "");
	return FALSE;
}

typedef struct {
	const char *address;
	const char *driver;
} DriverWait;

static gboolean driver_is(void *data, GError **error)
{
	DriverWait *w = data;
	g_autofree char *now = sv_pci_current_driver(w->address);

	return g_strcmp0(now, w->driver) == 0;
}

gboolean bind_wait_driver(const char *address, const char *driver, int64_t timeout_us,
			  GError **error)
{
	DriverWait w = { address, driver };
	g_autofree char *what = g_strdup_printf("%s to be bound to %s", address,
						driver ? driver : "no driver");
	g_autofree char *now = NULL;

	if (sv_wait_until(driver_is, &w, timeout_us, what, NULL))
		return TRUE;
	now = sv_pci_current_driver(address);
	g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
		    "%s is on %s, not %s, %.1f s after drivers_probe (see `dmesg | tail` for "
		    "the driver's complaint)", address, now ? now : "no driver",
		    driver ? driver : "no driver", timeout_us / 1e6);
	return FALSE;
}

gboolean bind_restore_member(BindRun *run, const SvBindMember *m, GError **error)
{
	g_autofree char *dir = sysfs_pci_dir(m->address);
	g_autofree char *ovr_path = g_build_filename(dir, "driver_override", NULL);
	g_autofree char *cur_ovr = sv_pci_current_override(m->address);
	g_autofree char *cur_drv = sv_pci_current_driver(m->address);
	g_autofree char *probe = sv_sysfs_path("/bus/pci/drivers_probe");
	gboolean want_vfio = !g_strcmp0(m->driver, "vfio-pci");
	const char *after;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s is gone (hot-unplugged?): nothing to restore", m->address);
		return FALSE;
	}
	/* 1. driver_override back to what it was (empty line: cleared) */
	if (g_strcmp0(cur_ovr, m->driver_override) != 0 &&
	    !bind_write(run, ovr_path, m->driver_override ? m->driver_override : "\n", error))
		return FALSE;
	/* 2. off vfio-pci, unless vfio-pci was its driver before */
	after = cur_drv;
	if (!g_strcmp0(cur_drv, "vfio-pci") && !want_vfio) {
		g_autofree char *unbind = sv_sysfs_path("/bus/pci/drivers/vfio-pci/unbind");

		if (!bind_write(run, unbind, m->address, error))
			return FALSE;
		after = NULL;
	}
	/* 3. let the kernel bind the original driver again */
	if (m->driver && g_strcmp0(after, m->driver) != 0) {
		if (after) {
			g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
				    "%s is on %s, not %s: unbind it by hand (echo %s > "
				    "%s/driver/unbind) and run `sofvfio unbind %s` again",
				    m->address, after, m->driver, m->address, dir, m->address);
			return FALSE;
		}
		if (!bind_write(run, probe, m->address, error))
			return FALSE;
	}
	if (run->opts->dry_run)
		return TRUE;
	/* 4. verify */
	if (m->driver)
		return bind_wait_driver(m->address, m->driver, DRIVER_WAIT_US, error);
	return TRUE;
}

gboolean bind_load_vfio_pci(BindRun *run, GError **error)
{
	static const char *const argv[] = { "modprobe", "vfio-pci", NULL };
	g_autofree char *drv = sv_sysfs_path("/bus/pci/drivers/vfio-pci");
	g_autoptr(GError) err = NULL;

	if (g_file_test(drv, G_FILE_TEST_IS_DIR))
		return TRUE;
	if (run->opts->dry_run) {
		bind_say(run, "modprobe vfio-pci");
		return TRUE;
	}
	if (run->opts->verbose)
		bind_say(run, "modprobe vfio-pci");
	if (!sysfs_run(argv, MODPROBE_TIMEOUT_MS, NULL, &err)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "vfio-pci is not loaded and `modprobe vfio-pci` failed: %s (the "
			    "kernel needs CONFIG_VFIO_PCI)", err->message);
		return FALSE;
	}
	if (!g_file_test(drv, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "`modprobe vfio-pci` succeeded but %s does not exist", drv);
		return FALSE;
	}
	return TRUE;
}

int bind_lock_group(int group, GError **error)
{
	g_autofree char *name = g_strdup_printf("bind-%d.lock", group);
	g_autofree char *path = g_build_filename(sv_state_dir(), name, NULL);
	int fd, e;

	if (g_mkdir_with_parents(sv_state_dir(), 0755) != 0 ||
	    (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		e = errno;
		g_set_error(error, SV_ERROR, (e == EACCES || e == EPERM) ? SV_ERROR_PERM : SV_ERROR_IO,
			    "cannot create %s: %s%s", path, g_strerror(e),
			    (e == EACCES || e == EPERM) ? " (binding needs root: run it with sudo)" : "");
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		e = errno;
		close(fd);
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "another sofvfio bind/unbind is working on IOMMU group %d (%s: %s)",
			    group, path, g_strerror(e));
		return -1;
	}
	return fd;
}
