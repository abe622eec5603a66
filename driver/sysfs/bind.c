// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bind.c - move a whole IOMMU group to vfio-pci (`sofvfio bind`) and give
 * it back (`sofvfio unbind`).
 *
 * VFIO only opens a group when every endpoint in it is on vfio-pci or on
 * no driver (vfio.rst: the group must be "viable"), so binding one function
 * means binding its whole group: on Intel PCH audio the HDA function shares
 * it with the SMBus function.  PCI-PCI bridges (header type 1, class 0x0604)
 * are left alone: vfio allows them in a group and rebinding them would cut
 * off what sits behind them.
 *
 * Per member: driver_override = vfio-pci, unbind from the current driver,
 * drivers_probe, verify the `driver` link.  The original drivers go to the
 * state file before anything changes; on any failure everything already
 * changed is restored from it (see steps.c).
 */
#include "sysfs-priv.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define DRIVER_WAIT_US (5 * G_USEC_PER_SEC)
#define NODE_WAIT_US (5 * G_USEC_PER_SEC)

static gboolean node_exists(void *data, GError **error)
{
	return g_file_test(data, G_FILE_TEST_EXISTS);
}

/* The endpoints of @address's group, with an error when there is no IOMMU. */
static GPtrArray *group_endpoints(const SvPciFunc *f, BindRun *run, GError **error)
{
	g_autoptr(GPtrArray) members = NULL;
	GPtrArray *out;

	if (f->iommu_group < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_NO_IOMMU,
			    "%s has no IOMMU group%s: vfio-pci cannot take it. Enable VT-d/AMD-Vi "
			    "in the firmware and boot with intel_iommu=on (Intel) or amd_iommu=on "
			    "(AMD); `sofvfio doctor` checks it", f->address,
			    sv_iommu_group_count() ? "" : " (the IOMMU is off: no IOMMU groups)");
		return NULL;
	}
	members = sv_iommu_group_members(f->iommu_group, error);
	if (!members)
		return NULL;
	out = g_ptr_array_new_with_free_func((GDestroyNotify)sv_pci_func_free);
	for (guint i = 0; i < members->len; i++) {
		SvPciFunc *m = g_ptr_array_index(members, i);

		if (sv_pci_is_bridge(m)) {
			bind_say(run, "# %s: a bridge (%s), left alone", m->address,
				 m->driver ? m->driver : "no driver");
			continue;
		}
		g_ptr_array_add(out, g_ptr_array_steal_index(members, i--));
	}
	return out;
}

static gboolean all_on_vfio(GPtrArray *endpoints)
{
	for (guint i = 0; i < endpoints->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(endpoints, i);

		if (g_strcmp0(m->driver, "vfio-pci") != 0)
			return FALSE;
	}
	return TRUE;
}

/* Refuse (or, with --force, warn) when a member that loses its driver is busy. */
static gboolean check_users(BindRun *run, GPtrArray *endpoints, GError **error)
{
	g_autoptr(GString) uses = g_string_new(NULL);
	gboolean incomplete = FALSE;

	for (guint i = 0; i < endpoints->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(endpoints, i);
		g_autoptr(GPtrArray) u = NULL;
		gboolean inc = FALSE;

		if (!m->driver || !strcmp(m->driver, "vfio-pci"))
			continue;
		u = sv_pci_users(m->address, &inc);
		incomplete |= inc;
		for (guint j = 0; j < u->len; j++) {
			g_string_append_printf(uses, "%s%s (%s): %s", uses->len ? "; " : "",
					       m->address, m->driver,
					       (char *)g_ptr_array_index(u, j));
			bind_say(run, "%s%s (%s) is in use: %s", run->opts->dry_run ? "# " : "",
				 m->address, m->driver, (char *)g_ptr_array_index(u, j));
		}
	}
	if (incomplete)
		bind_say(run, "%snote: some processes could not be inspected (not root): "
			 "open sound devices may go unnoticed", run->opts->dry_run ? "# " : "");
	if (!uses->len)
		return TRUE;
	if (run->opts->force) {
		bind_say(run, "%s--force: binding anyway; those users lose the device",
			 run->opts->dry_run ? "# " : "");
		return TRUE;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
		    "refusing to bind: in use: %s. Stop the users (close the program, "
		    "unmount, `ip link set DEV down`) or pass --force", uses->str);
	return FALSE;
}

/* Roll back members 0..@upto (inclusive) in reverse; returns the summary. */
static char *rollback(BindRun *run, SvBindState *st, guint upto, gboolean *ok)
{
	g_autoptr(GString) done = g_string_new(NULL), failed = g_string_new(NULL);

	run->forward = FALSE;
	*ok = TRUE;
	for (guint k = upto + 1; k-- > 0;) {
		const SvBindMember *m = g_ptr_array_index(st->members, k);
		g_autoptr(GError) err = NULL;

		if (bind_restore_member(run, m, &err)) {
			g_string_append_printf(done, "%s%s (%s)", done->len ? ", " : "", m->address,
					       m->driver ? m->driver : "no driver");
		} else {
			*ok = FALSE;
			g_string_append_printf(failed, "%s%s", failed->len ? "; " : "",
					       err->message);
		}
	}
	if (*ok)
		return g_strdup_printf("rolled back: %s; the group is as it was",
				       done->len ? done->str : "nothing had changed");
	return g_strdup_printf("ROLLBACK FAILED: %s%s%s", failed->str,
			       done->len ? "; restored: " : "", done->str);
}

/* driver_override -> unbind -> drivers_probe -> verify, saving progress. */
static gboolean bind_member(BindRun *run, SvBindState *st, SvBindMember *m, GError **error)
{
	g_autofree char *dir = sysfs_pci_dir(m->address);
	g_autofree char *ovr = g_build_filename(dir, "driver_override", NULL);
	g_autofree char *probe = sv_sysfs_path("/bus/pci/drivers_probe");
	gboolean dry = run->opts->dry_run;

	if (g_strcmp0(m->driver_override, "vfio-pci") != 0) {
		if (!bind_write(run, ovr, "vfio-pci", error))
			return FALSE;
		m->step = SV_BIND_OVERRIDE;
		if (!dry && !sv_bind_state_save(st, error))
			return FALSE;
	}
	if (m->driver && strcmp(m->driver, "vfio-pci") != 0) {
		g_autofree char *unbind = sv_sysfs_path("/bus/pci/drivers/%s/unbind", m->driver);

		if (!bind_write(run, unbind, m->address, error))
			return FALSE;
		m->step = SV_BIND_UNBOUND;
		if (!dry && !sv_bind_state_save(st, error))
			return FALSE;
	}
	if (g_strcmp0(m->driver, "vfio-pci") != 0 && !bind_write(run, probe, m->address, error))
		return FALSE;
	if (dry)
		return TRUE;
	if (!bind_wait_driver(m->address, "vfio-pci", DRIVER_WAIT_US, error))
		return FALSE;
	m->step = SV_BIND_DONE;
	if (!sv_bind_state_save(st, error))
		return FALSE;
	bind_say(run, "%s: %s -> vfio-pci", m->address, m->driver ? m->driver : "no driver");
	return TRUE;
}

/* Wait for /dev/vfio/GROUP and hand it to the owner. */
static gboolean finish_node(BindRun *run, int group, GError **error)
{
	g_autofree char *node = sv_dev_path("/vfio/%d", group);
	g_autofree char *what = g_strdup_printf("%s to appear", node);
	const SvBindOptions *o = run->opts;

	if (o->dry_run) {
		if (o->set_owner)
			bind_say(run, "chown %u:%u %s", (unsigned)o->owner_uid,
				 (unsigned)o->owner_gid, node);
		return TRUE;
	}
	if (!sv_wait_until(node_exists, node, NODE_WAIT_US, what, error))
		return FALSE;
	if (o->set_owner) {
		if (o->verbose)
			bind_say(run, "chown %u:%u %s", (unsigned)o->owner_uid,
				 (unsigned)o->owner_gid, node);
		if (chown(node, o->owner_uid, o->owner_gid) != 0) {
			int e = errno;

			g_set_error(error, SV_ERROR, e == EPERM ? SV_ERROR_PERM : SV_ERROR_IO,
				    "chown %u:%u %s failed: %s", (unsigned)o->owner_uid,
				    (unsigned)o->owner_gid, node, g_strerror(e));
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean bind_locked(BindRun *run, const SvPciFunc *f, GPtrArray *endpoints,
			    GError **error)
{
	g_autoptr(SvBindState) st = NULL;
	g_autofree char *path = sv_bind_state_path(f->iommu_group);
	g_autoptr(GError) err = NULL;
	gboolean dry = run->opts->dry_run;

	st = sv_bind_state_new(f->iommu_group, f->address);
	for (guint i = 0; i < endpoints->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(endpoints, i);

		sv_bind_state_add(st, m->address, m->driver, m->driver_override);
	}
	if (!bind_load_vfio_pci(run, error))
		return FALSE;
	/* the record comes first: after this, unbind can always restore */
	if (dry)
		bind_say(run, "# write %s (the original drivers)", path);
	else if (!sv_bind_state_save(st, error))
		return FALSE;

	run->forward = TRUE;
	for (guint i = 0; i < st->members->len; i++) {
		SvBindMember *m = g_ptr_array_index(st->members, i);
		g_autofree char *undo = NULL;
		gboolean ok;

		if (bind_member(run, st, m, &err))
			continue;
		bind_say(run, "%s: bind failed: %s", m->address, err->message);
		undo = rollback(run, st, i, &ok);
		bind_say(run, "%s", undo);
		if (ok)
			g_unlink(path);
		g_set_error(error, SV_ERROR, err->code,
			    "binding IOMMU group %d failed at %s: %s; %s%s%s", f->iommu_group,
			    m->address, err->message, undo, ok ? "" : "; the state stays in ",
			    ok ? "" : path);
		return FALSE;
	}
	run->forward = FALSE;
	if (!finish_node(run, f->iommu_group, &err)) {
		/* the binding itself worked: keep it, the state file records it */
		g_set_error(error, SV_ERROR, err->code,
			    "IOMMU group %d is on vfio-pci, but: %s (undo with `sofvfio unbind %s`)",
			    f->iommu_group, err->message, f->address);
		return FALSE;
	}
	if (!dry) {
		g_autofree char *node = sv_dev_path("/vfio/%d", f->iommu_group);

		bind_say(run, "IOMMU group %d is on vfio-pci: %s%s; state in %s; undo with "
			 "`sofvfio unbind %s`", f->iommu_group, node,
			 run->opts->set_owner ? " (owner changed)" : "", path, f->address);
	}
	return TRUE;
}

gboolean sv_bind_group(const char *address, const SvBindOptions *opts, GError **error)
{
	g_autoptr(SvPciFunc) f = NULL;
	g_autoptr(GPtrArray) endpoints = NULL;
	g_autoptr(SvBindState) old = NULL;
	g_autofree char *oldpath = NULL;
	g_autoptr(GError) err = NULL;
	char addr[SV_PCI_ADDR_MAX];
	BindRun run;
	gboolean ok;
	int lock = -1;

	bind_run_init(&run, opts);
	if (!sv_pci_parse_address(address, addr, error) || !(f = sv_pci_func_read(addr, error)))
		return FALSE;
	if (sv_pci_is_bridge(f)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s is a PCI bridge: bind the function behind it", addr);
		return FALSE;
	}
	if (!(endpoints = group_endpoints(f, &run, error)))
		return FALSE;
	if (opts->dry_run) {
		g_autoptr(GString) list = g_string_new(NULL);

		for (guint i = 0; i < endpoints->len; i++) {
			const SvPciFunc *m = g_ptr_array_index(endpoints, i);

			g_string_append_printf(list, "%s%s (%s)", i ? ", " : "", m->address,
					       m->driver ? m->driver : "no driver");
		}
		bind_say(&run, "# IOMMU group %d: %s", f->iommu_group, list->str);
	}

	old = sv_bind_state_find(addr, &oldpath, &err);
	if (!old && !g_error_matches(err, SV_ERROR, SV_ERROR_NOT_FOUND)) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	g_clear_error(&err);
	if (all_on_vfio(endpoints)) {
		bind_say(&run, "%sIOMMU group %d is already on vfio-pci (%s)", opts->dry_run ? "# " : "",
			 f->iommu_group, old ? oldpath : "no bind record: bound by something else");
		run.forward = FALSE;
		return finish_node(&run, f->iommu_group, error);
	}
	if (old) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "a bind of IOMMU group %d did not finish (%s records it): run "
			    "`sofvfio unbind %s` first", old->group, oldpath, addr);
		return FALSE;
	}
	if (!check_users(&run, endpoints, &err)) {
		if (!opts->dry_run) {
			g_propagate_error(error, g_steal_pointer(&err));
			return FALSE;
		}
		/* a dry run still shows the plan, then says it would refuse */
	}
	if (!opts->dry_run && (lock = bind_lock_group(f->iommu_group, error)) < 0)
		return FALSE;
	ok = bind_locked(&run, f, endpoints, error);
	if (lock >= 0)
		close(lock);
	if (ok && err) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	return ok;
}

/* No record: undo what looks like ours (vfio-pci overrides and bindings). */
static gboolean unbind_without_record(BindRun *run, const char *addr, GError **error)
{
	g_autoptr(SvPciFunc) f = sv_pci_func_read(addr, error);
	g_autoptr(GPtrArray) endpoints = NULL;
	g_autoptr(GString) failed = g_string_new(NULL);
	g_autofree char *probe = sv_sysfs_path("/bus/pci/drivers_probe");
	guint touched = 0;

	if (!f)
		return FALSE;
	bind_say(run, "%sno bind record for %s in %s: clearing vfio-pci overrides and "
		 "reprobing", run->opts->dry_run ? "# " : "", addr, sv_state_dir());
	if (f->iommu_group >= 0) {
		if (!(endpoints = group_endpoints(f, run, error)))
			return FALSE;
	} else {
		endpoints = g_ptr_array_new_with_free_func((GDestroyNotify)sv_pci_func_free);
		g_ptr_array_add(endpoints, g_steal_pointer(&f));
	}
	for (guint i = 0; i < endpoints->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(endpoints, i);
		g_autofree char *ovr = sv_sysfs_path("/bus/pci/devices/%s/driver_override",
						     m->address);
		g_autofree char *unbind = sv_sysfs_path("/bus/pci/drivers/vfio-pci/unbind");
		g_autofree char *now = NULL;
		g_autoptr(GError) err = NULL;
		gboolean ours = !g_strcmp0(m->driver_override, "vfio-pci");
		gboolean on_vfio = !g_strcmp0(m->driver, "vfio-pci");

		if (!ours && !on_vfio)
			continue;
		touched++;
		if ((ours && !bind_write(run, ovr, "\n", &err)) ||
		    (on_vfio && !bind_write(run, unbind, m->address, &err)) ||
		    !bind_write(run, probe, m->address, &err)) {
			g_string_append_printf(failed, "%s%s", failed->len ? "; " : "", err->message);
			continue;
		}
		if (run->opts->dry_run)
			continue;
		now = sv_pci_current_driver(m->address);
		bind_say(run, "%s: %s -> %s", m->address, m->driver ? m->driver : "no driver",
			 now ? now : "no driver");
	}
	if (failed->len) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "unbind %s (no bind record): %s", addr,
			    failed->str);
		return FALSE;
	}
	if (!touched)
		bind_say(run, "%snothing to do: no function of the group is on vfio-pci",
			 run->opts->dry_run ? "# " : "");
	return TRUE;
}

gboolean sv_unbind_group(const char *address, const SvBindOptions *opts, GError **error)
{
	g_autoptr(SvBindState) st = NULL;
	g_autoptr(GError) err = NULL;
	g_autoptr(GString) failed = g_string_new(NULL);
	g_autofree char *path = NULL;
	char addr[SV_PCI_ADDR_MAX];
	BindRun run;
	int lock = -1;

	bind_run_init(&run, opts);
	if (!sv_pci_parse_address(address, addr, error))
		return FALSE;
	st = sv_bind_state_find(addr, &path, &err);
	if (!st) {
		if (!g_error_matches(err, SV_ERROR, SV_ERROR_NOT_FOUND)) {
			g_propagate_error(error, g_steal_pointer(&err));
			return FALSE;
		}
		return unbind_without_record(&run, addr, error);
	}
	if (!opts->dry_run && (lock = bind_lock_group(st->group, error)) < 0)
		return FALSE;
	if (opts->dry_run)
		bind_say(&run, "# restoring IOMMU group %d from %s", st->group, path);
	for (guint i = 0; i < st->members->len; i++) {
		const SvBindMember *m = g_ptr_array_index(st->members, i);
		g_autoptr(GError) e = NULL;
		g_autofree char *before = sv_pci_current_driver(m->address);

		if (!bind_restore_member(&run, m, &e)) {
			g_string_append_printf(failed, "%s%s", failed->len ? "; " : "", e->message);
			continue;
		}
		if (!opts->dry_run)
			bind_say(&run, "%s: %s -> %s", m->address, before ? before : "no driver",
				 m->driver ? m->driver : "no driver");
	}
	if (failed->len) {
		if (lock >= 0)
			close(lock);
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "restoring IOMMU group %d failed: %s; the record stays in %s (run "
			    "`sofvfio unbind %s` again once fixed)", st->group, failed->str, path, addr);
		return FALSE;
	}
	if (opts->dry_run) {
		bind_say(&run, "rm %s", path);
	} else {
		if (g_unlink(path) != 0)
			bind_say(&run, "warning: cannot remove %s: %s", path, g_strerror(errno));
		bind_say(&run, "IOMMU group %d restored; %s removed", st->group, path);
	}
	if (lock >= 0)
		close(lock);
	return TRUE;
}
