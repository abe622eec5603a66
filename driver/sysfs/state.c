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
 *
 * written and read through json-glib (sofvfio/json.h).
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
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	g_autofree char *text = NULL;

	json_builder_begin_object(b);
	sv_json_member_int(b, "version", STATE_VERSION);
	sv_json_member_int(b, "group", st->group);
	sv_json_member_string(b, "device", st->device);
	sv_json_member_string(b, "created", st->created);
	json_builder_set_member_name(b, "members");
	json_builder_begin_array(b);
	for (guint i = 0; i < st->members->len; i++) {
		const SvBindMember *m = g_ptr_array_index(st->members, i);

		json_builder_begin_object(b);
		sv_json_member_string(b, "address", m->address);
		sv_json_member_string(b, "driver", m->driver);
		sv_json_member_string(b, "driver_override", m->driver_override);
		sv_json_member_string(b, "step", step_names[m->step]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	text = sv_json_builder_write(b, TRUE);
	return g_strconcat(text, "\n", NULL);
}

/* A string member, or NULL for null or absent; FALSE when it has another type. */
static gboolean opt_string(JsonObject *obj, const char *key, const char **out)
{
	JsonNode *n = obj ? json_object_get_member(obj, key) : NULL;

	*out = NULL;
	if (!n || JSON_NODE_HOLDS_NULL(n))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return FALSE;
	*out = json_node_get_string(n);
	/* json-glib lets a malformed \u escape through as bytes that are not
	 * UTF-8 (a fuzz finding): refuse them here rather than write them back. */
	return g_utf8_validate(*out, -1, NULL);
}

/* An integer member in [@min, @max]; FALSE when absent or not one. */
static gboolean int_member(JsonObject *obj, const char *key, gint64 min, gint64 max, gint64 *out)
{
	return sv_json_get_int(obj, key, out) && *out >= min && *out <= max;
}

SvBindState *sv_bind_state_from_json(const char *text, GError **error)
{
	g_autoptr(JsonNode) root = sv_json_parse(text, -1, "the bind state", SV_ERROR_INVAL, error);
	g_autoptr(SvBindState) st = NULL;
	JsonObject *obj;
	JsonNode *members;
	JsonArray *arr;
	const char *device, *created;
	gint64 version, group;

	if (!root)
		return NULL;
	obj = JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	if (!obj || !int_member(obj, "version", STATE_VERSION, STATE_VERSION, &version)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "not a version %d bind state file", STATE_VERSION);
		return NULL;
	}
	members = json_object_get_member(obj, "members");
	if (!int_member(obj, "group", 0, G_MAXINT, &group) || !members ||
	    !JSON_NODE_HOLDS_ARRAY(members) || !opt_string(obj, "device", &device) ||
	    !opt_string(obj, "created", &created)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "bind state: \"group\" (a number), \"device\" and \"members\" (an "
			    "array) are required");
		return NULL;
	}
	st = sv_bind_state_new((int)group, device);
	if (created) {
		g_free(st->created);
		st->created = g_strdup(created);
	}
	arr = json_node_get_array(members);
	for (guint i = 0; i < json_array_get_length(arr); i++) {
		JsonNode *mn = json_array_get_element(arr, i);
		JsonObject *mo = JSON_NODE_HOLDS_OBJECT(mn) ? json_node_get_object(mn) : NULL;
		const char *addr, *drv, *ovr, *step;
		char canon[SV_PCI_ADDR_MAX];
		SvBindMember *m;
		guint s;

		if (!opt_string(mo, "address", &addr) || !addr ||
		    !sv_pci_parse_address(addr, canon, NULL) || !opt_string(mo, "driver", &drv) ||
		    !opt_string(mo, "driver_override", &ovr) || !opt_string(mo, "step", &step)) {
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
