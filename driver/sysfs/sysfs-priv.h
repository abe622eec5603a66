/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs-priv.h - helpers shared by the files of driver/sysfs. */
#ifndef SOFVFIO_SYSFS_PRIV_H
#define SOFVFIO_SYSFS_PRIV_H

#include "sofvfio/device.h"
#include "sofvfio/sysfs.h"
#include "sofvfio/json.h"

/* Contents of a small attribute file without the trailing newline; NULL on error. */
char *sysfs_read_attr(const char *path);

/* Basename of the target of the symlink @dir/@name; NULL when there is none. */
char *sysfs_link_name(const char *dir, const char *name);

/* "/sys/bus/pci/devices/ADDR" (under the sysfs root). */
char *sysfs_pci_dir(const char *address);

/* Does the path @link (a symlink target, relative or absolute) pass through
 * a directory component named @component? */
gboolean sysfs_path_has_component(const char *link, const char *component);

/* ---- running a helper program (exec.c) ------------------------------------- */

/*
 * Run @argv (searched in PATH, then /sbin and /usr/sbin) with a deadline of
 * @timeout_ms; its stderr is returned in @errout.  Killed on timeout.
 * Return: TRUE when it exited with status 0.
 */
gboolean sysfs_run(const char *const *argv, int timeout_ms, char **errout, GError **error);

/* ---- the steps of bind and unbind (steps.c) ---------------------------------- */

/* One bind or unbind run. */
typedef struct {
	const SvBindOptions *opts;
	gboolean forward;      /* bind's own writes (the test hook counts these) */
	unsigned writes;       /* forward writes attempted */
	unsigned long fail_at; /* $SOFVFIO_BIND_FAIL_AT, 0 = off */
} BindRun;

void bind_run_init(BindRun *run, const SvBindOptions *opts);
void bind_say(BindRun *run, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Write @value to @path (a dry run prints it as `echo VALUE > PATH`). */
gboolean bind_write(BindRun *run, const char *path, const char *value, GError **error);

/* Wait (bounded) until @address is bound to @driver (NULL: to none). */
gboolean bind_wait_driver(const char *address, const char *driver, int64_t timeout_us,
			  GError **error);

/* Give @m back what the state file says it had: driver_override, driver. */
gboolean bind_restore_member(BindRun *run, const SvBindMember *m, GError **error);

/* Make sure vfio-pci is registered (modprobe vfio-pci when it is not). */
gboolean bind_load_vfio_pci(BindRun *run, GError **error);

/* Exclusive lock on group @group's bind state (flock): the fd, or -1. */
int bind_lock_group(int group, GError **error);

#endif
