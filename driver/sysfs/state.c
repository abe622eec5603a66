// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c - the bind state file ($SOFVFIO_STATE_DIR/bind-GROUP.json): what
 * each member of a group was bound to before `sofvfio bind`, and how far
 * the bind got.  It is written atomically before anything changes and after
 * every step, so `sofvfio unbind` can restore the group after a crash.
 *
 *   { "version": 1, "group": 1, "device": "0000:00:1b.0", "created": "...",
 *     "members": [ { "address": "0000:00:1b.0", "driver": "snd_hda_intel",
 *                    "driver_override": null, "step": "done" } ] }
 */
#include "sysfs-priv.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define STATE_VERSION 1

static const char *const step_names[] = {
	[SV_BIND_PENDING] = "pending",
	[SV_BIND_OVERRIDE] = "override",
	[SV_BIND_UNBOUND] = "unbound",
	[SV_BIND_DONE] = "done",
};

static void member_free(gpointer p)
{
	SvBindMember *m = p;

	g_free(m->address);
	g_free(m->driver);
	g_free(m->driver_override);
	g_free(m);
}

SvBindState *sv_bind_state_new(int group, const char *device)
{
	SvBindState *st = g_new0(SvBindState, 1);
	g_autoptr(GDateTime) now = g_date_time_new_now_local();

	st->group = group;
	st->device = g_strdup(device);
	st->created = g_date_time_format_iso8601(now);
	st->members = g_ptr_array_new_with_free_func(member_free);
	return st;
}

void sv_bind_state_free(SvBindState *st)
{
	if (!st)
		return;
	g_free(st->device);
	g_free(st->created);
	g_ptr_array_unref(st->members);
	g_free(st);
}

SvBindMember *sv_bind_state_add(SvBindState *st, const char *address, const char *driver,
				const char *driver_override)
{
	SvBindMember *m = g_new0(SvBindMember, 1);

	m->address = g_strdup(address);
	m->driver = g_strdup(driver);
	m->driver_override = g_strdup(driver_override);
	m->step = SV_BIND_PENDING;
	g_ptr_array_add(st->members, m);
	return m;
}

char *sv_bind_state_path(int group)
{
	g_autofree char *name = g_strdup_printf("bind-%d.json", group);

	return g_build_filename(sv_state_dir(), name, NULL);
}

char *sv_bind_state_to_json(const SvBindState *st)
{
	GString *s = g_string_new("{\n  \"version\": ");

	g_string_append_printf(s, "%d,\n  \"group\": %d,\n  \"device\": ", STATE_VERSION,
			       st->group);
	sv_json_append_string(s, st->device);
	g_string_append(s, ",\n  \"created\": ");
	sv_json_append_string(s, st->created);
	g_string_append(s, ",\n  \"members\": [");
	for (guint i = 0; i < st->members->len; i++) {
		const SvBindMember *m = g_ptr_array_index(st->members, i);

		g_string_append(s, i ? ",\n    { \"address\": " : "\n    { \"address\": ");
		sv_json_append_string(s, m->address);
		g_string_append(s, ", \"driver\": ");
		sv_json_append_string(s, m->driver);
		g_string_append(s, ", \"driver_override\": ");
		sv_json_append_string(s, m->driver_override);
		g_string_append(s, ", \"step\": ");
		sv_json_append_string(s, step_names[m->step]);
		g_string_append(s, " }");
	}
	g_string_append(s, st->members->len ? "\n  ]\n}\n" : "]\n}\n");
	return g_string_free(s, FALSE);
}

/* A string member, or NULL for null; FALSE when it has another type. */
static gboolean opt_string(const JsonNode *obj, const char *key, const char **out)
{
	const JsonNode *n = json_get(obj, key);

	*out = NULL;
	if (!n || n->kind == JSON_NULL)
		return TRUE;
	if (n->kind != JSON_STRING)
		return FALSE;
	*out = n->str;
	return TRUE;
}

SvBindState *sv_bind_state_from_json(const char *text, GError **error)
{
	g_autoptr(JsonNode) root = json_parse(text, error);
	g_autoptr(SvBindState) st = NULL;
	const JsonNode *version, *group, *members;
	const char *device, *created;

	if (!root)
		return NULL;
	version = json_get(root, "version");
	group = json_get(root, "group");
	members = json_get(root, "members");
	if (!version || version->kind != JSON_NUMBER || version->num != STATE_VERSION) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "not a version %d bind state file", STATE_VERSION);
		return NULL;
	}
	if (!group || group->kind != JSON_NUMBER || group->num < 0 || group->num > G_MAXINT ||
	    !members || members->kind != JSON_ARRAY || !opt_string(root, "device", &device) ||
	    !opt_string(root, "created", &created)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "bind state: \"group\" (a number), \"device\" and \"members\" (an "
			    "array) are required");
		return NULL;
	}
	st = sv_bind_state_new((int)group->num, device);
	if (created) {
		g_free(st->created);
		st->created = g_strdup(created);
	}
	for (guint i = 0; i < members->items->len; i++) {
		const JsonNode *mn = g_ptr_array_index(members->items, i);
		const char *addr, *drv, *ovr, *step;
		char canon[SV_PCI_ADDR_MAX];
		SvBindMember *m;
		guint s;

		if (!opt_string(mn, "address", &addr) || !addr ||
		    !sv_pci_parse_address(addr, canon, NULL) || !opt_string(mn, "driver", &drv) ||
		    !opt_string(mn, "driver_override", &ovr) || !opt_string(mn, "step", &step)) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "bind state: member %u needs \"address\" (a PCI address), "
				    "\"driver\" and \"driver_override\" (strings or null)", i);
			return NULL;
		}
		m = sv_bind_state_add(st, canon, drv, ovr);
		for (s = 0; step && s < G_N_ELEMENTS(step_names); s++)
			if (!strcmp(step, step_names[s]))
				m->step = (SvBindStep)s;
	}
	return g_steal_pointer(&st);
}

gboolean sv_bind_state_save(const SvBindState *st, GError **error)
{
	g_autofree char *path = sv_bind_state_path(st->group);
	g_autofree char *text = sv_bind_state_to_json(st);
	g_autoptr(GError) err = NULL;

	if (g_mkdir_with_parents(sv_state_dir(), 0755) != 0) {
		int e = errno;

		g_set_error(error, SV_ERROR, e == EACCES ? SV_ERROR_PERM : SV_ERROR_IO,
			    "cannot create the state directory %s: %s%s", sv_state_dir(),
			    g_strerror(e), e == EACCES ? " (run as root, or set SOFVFIO_STATE_DIR)" : "");
		return FALSE;
	}
	/* temporary file + fsync + rename: a crash leaves the old or the new file */
	if (!g_file_set_contents_full(path, text, -1,
				      G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
				      0644, &err)) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "cannot write the bind state %s: %s",
			    path, err->message);
		return FALSE;
	}
	return TRUE;
}

SvBindState *sv_bind_state_find(const char *address, char **path, GError **error)
{
	g_autoptr(GDir) d = g_dir_open(sv_state_dir(), 0, NULL);
	g_autoptr(GError) corrupt = NULL;
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = NULL, *text = NULL;
		g_autoptr(GError) err = NULL;
		g_autoptr(SvBindState) st = NULL;

		if (!g_str_has_prefix(name, "bind-") || !g_str_has_suffix(name, ".json"))
			continue;
		p = g_build_filename(sv_state_dir(), name, NULL);
		if (!g_file_get_contents(p, &text, NULL, &err) ||
		    !(st = sv_bind_state_from_json(text, &err))) {
			if (!corrupt)
				corrupt = g_error_new(SV_ERROR, SV_ERROR_INVAL,
						      "cannot read the bind state %s: %s "
						      "(remove it if it is not needed)",
						      p, err->message);
			continue;
		}
		for (guint i = 0; i < st->members->len; i++) {
			const SvBindMember *m = g_ptr_array_index(st->members, i);

			if (!strcmp(m->address, address)) {
				if (path)
					*path = g_steal_pointer(&p);
				return g_steal_pointer(&st);
			}
		}
	}
	if (corrupt) {
		g_propagate_error(error, g_steal_pointer(&corrupt));
		return NULL;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "no bind state for %s in %s", address,
		    sv_state_dir());
	return NULL;
}
