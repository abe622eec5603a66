// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * commands.c - named IPC commands for `sofvfio dsp boot --ipc CMD` and the
 * tests: one table, each entry running a message of msgs.c/ipc.c/trace.c
 * and reporting its result as text and JSON.
 */
#include "sofvfio/wait.h"
#include "dsp-internal.h"

#include <stdlib.h>
#include <string.h>

#define TRACE_WAIT_MS 1000

typedef struct {
	SvDsp *d;
	const char *arg;
	const char *ldc;
	JsonBuilder *b;
	FILE *out;
} Cmd;

static gboolean arg_u32(const Cmd *c, uint32_t def, uint32_t *v, GError **error)
{
	char *end;
	unsigned long long x;

	if (!c->arg) {
		*v = def;
		return TRUE;
	}
	x = strtoull(c->arg, &end, 0);
	if (!*c->arg || *end || x > UINT32_MAX) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "\"%s\" is not a 32-bit number", c->arg);
		return FALSE;
	}
	*v = (uint32_t)x;
	return TRUE;
}

static gboolean run_ping(Cmd *c, GError **error)
{
	if (!sv_dsp_ping(c->d, error))
		return FALSE;
	if (c->out)
		fprintf(c->out, "ping: the firmware answered\n");
	return TRUE;
}

static gboolean run_core_enable(Cmd *c, GError **error)
{
	uint32_t mask;

	if (!arg_u32(c, (1u << c->d->gen->cores) - 1, &mask, error) ||
	    !sv_dsp_pm_core_enable(c->d, mask, error))
		return FALSE;
	if (c->b) {
		json_builder_set_member_name(c->b, "mask");
		json_builder_add_int_value(c->b, mask);
	}
	if (c->out)
		fprintf(c->out, "core-enable 0x%x: done\n", mask);
	return TRUE;
}

static gboolean run_ctx_save(Cmd *c, GError **error)
{
	if (!sv_dsp_pm_ctx_save(c->d, error))
		return FALSE;
	if (c->out)
		fprintf(c->out, "ctx-save: done\n");
	return TRUE;
}

static gboolean run_gate(Cmd *c, GError **error)
{
	uint32_t flags;

	if (!arg_u32(c, 0, &flags, error) || !sv_dsp_pm_gate(c->d, flags, error))
		return FALSE;
	if (c->out)
		fprintf(c->out, "gate 0x%x: done\n", flags);
	return TRUE;
}

static gboolean run_mem_usage(Cmd *c, GError **error)
{
	g_autofree SvDspMemZone *z = NULL;
	unsigned n;

	if (!sv_dsp_mem_usage(c->d, &z, &n, error))
		return FALSE;
	if (c->out)
		fprintf(c->out, "mem-usage: %u heaps\n", n);
	if (c->b) {
		json_builder_set_member_name(c->b, "heaps");
		json_builder_begin_array(c->b);
	}
	for (unsigned i = 0; i < n; i++) {
		if (c->out)
			fprintf(c->out, "  %-14s %u: used %u free %u\n", sv_dsp_mem_zone_name(z[i].zone),
				z[i].id, z[i].used, z[i].free);
		if (!c->b)
			continue;
		json_builder_begin_object(c->b);
		json_builder_set_member_name(c->b, "zone");
		json_builder_add_string_value(c->b, sv_dsp_mem_zone_name(z[i].zone));
		json_builder_set_member_name(c->b, "id");
		json_builder_add_int_value(c->b, z[i].id);
		json_builder_set_member_name(c->b, "used");
		json_builder_add_int_value(c->b, z[i].used);
		json_builder_set_member_name(c->b, "free");
		json_builder_add_int_value(c->b, z[i].free);
		json_builder_end_object(c->b);
	}
	if (c->b)
		json_builder_end_array(c->b);
	return TRUE;
}

static gboolean run_trace(Cmd *c, GError **error)
{
	g_autoptr(GArray) all = g_array_new(FALSE, TRUE, sizeof(SvDspTraceRecord));
	int64_t deadline = sv_now_us() + TRACE_WAIT_MS * 1000;
	size_t total = 0;
	gboolean ok = TRUE;

	if (!sv_dsp_trace_start(c->d, c->ldc, error))
		return FALSE;
	/* what the firmware logs within a second (at least one record) */
	while (sv_now_us() < deadline) {
		g_autoptr(GArray) recs = NULL;
		size_t bytes = 0;

		if (!sv_dsp_trace_read(c->d, (int)MAX((deadline - sv_now_us()) / 1000, 1), &recs,
				       &bytes, error)) {
			ok = FALSE;
			break;
		}
		total += bytes;
		for (guint i = 0; i < recs->len; i++) {
			SvDspTraceRecord *r = &g_array_index(recs, SvDspTraceRecord, i);

			g_array_append_val(all, *r);
			r->text = r->file = NULL; /* moved */
		}
		if (all->len)
			break;
	}
	if (ok && !all->len) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_FIRMWARE,
			    "%s: trace: no record arrived in %d ms (%zu bytes)", c->d->name,
			    TRACE_WAIT_MS, total);
		ok = FALSE;
	}
	if (!sv_dsp_trace_stop(c->d, ok ? error : NULL))
		ok = FALSE;
	if (!ok) {
		for (guint i = 0; i < all->len; i++) {
			g_free(g_array_index(all, SvDspTraceRecord, i).text);
			g_free(g_array_index(all, SvDspTraceRecord, i).file);
		}
		return FALSE;
	}
	if (c->out)
		fprintf(c->out, "trace: %u records, %zu bytes\n", all->len, total);
	if (c->b) {
		json_builder_set_member_name(c->b, "bytes");
		json_builder_add_int_value(c->b, (gint64)total);
		json_builder_set_member_name(c->b, "records");
		json_builder_begin_array(c->b);
	}
	for (guint i = 0; i < all->len; i++) {
		SvDspTraceRecord *r = &g_array_index(all, SvDspTraceRecord, i);
		g_autofree char *line = sv_dsp_trace_record_format(r);

		if (c->out)
			fprintf(c->out, "  %s\n", line);
		if (c->b) {
			json_builder_begin_object(c->b);
			json_builder_set_member_name(c->b, "timestamp");
			json_builder_add_int_value(c->b, (gint64)r->timestamp);
			json_builder_set_member_name(c->b, "core");
			json_builder_add_int_value(c->b, r->core);
			json_builder_set_member_name(c->b, "address");
			json_builder_add_int_value(c->b, r->address);
			json_builder_set_member_name(c->b, "params");
			json_builder_add_int_value(c->b, r->n_params);
			json_builder_set_member_name(c->b, "text");
			json_builder_add_string_value(c->b, r->text ? r->text : "");
			json_builder_set_member_name(c->b, "file");
			json_builder_add_string_value(c->b, r->file ? r->file : "");
			json_builder_end_object(c->b);
		}
		g_free(r->text);
		g_free(r->file);
	}
	if (c->b)
		json_builder_end_array(c->b);
	return TRUE;
}

typedef struct {
	const char *name;
	gboolean (*run)(Cmd *c, GError **error);
	gboolean takes_number; /* "NAME=NUMBER" */
} Command;

static const Command commands[] = {
	{ "ping", run_ping, FALSE },
	{ "mem-usage", run_mem_usage, FALSE },
	{ "trace", run_trace, FALSE },
	{ "core-enable", run_core_enable, TRUE },
	{ "ctx-save", run_ctx_save, FALSE },
	{ "gate", run_gate, TRUE },
};

const char *sv_dsp_command_names(void)
{
	return "ping, mem-usage, trace, core-enable[=MASK], ctx-save, gate[=FLAGS]";
}

/* The entry of @cmd ("NAME" or "NAME=ARG", *@arg pointing at ARG), its argument checked. */
static const Command *lookup(const char *cmd, const char **arg, GError **error)
{
	const char *eq = strchr(cmd, '=');
	size_t len = eq ? (size_t)(eq - cmd) : strlen(cmd);

	*arg = eq ? eq + 1 : NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		const Command *k = &commands[i];
		Cmd c = { .arg = *arg };
		uint32_t unused;

		if (strlen(k->name) != len || strncmp(k->name, cmd, len))
			continue;
		if (eq && !k->takes_number) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "IPC command \"%s\": %s takes no argument", cmd, k->name);
			return NULL;
		}
		if (eq && !arg_u32(&c, 0, &unused, error)) {
			g_prefix_error(error, "IPC command \"%s\": ", cmd);
			return NULL;
		}
		return k;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "unknown IPC command \"%s\": known are %s",
		    cmd, sv_dsp_command_names());
	return NULL;
}

gboolean sv_dsp_check_command(const char *cmd, GError **error)
{
	const char *arg;

	return lookup(cmd, &arg, error) != NULL;
}

gboolean sv_dsp_run_command(SvDsp *d, const char *cmd, const char *ldc, JsonBuilder *b,
			    FILE *out, GError **error)
{
	Cmd c = { d, NULL, ldc, b, out };
	const Command *k = lookup(cmd, &c.arg, error);
	gboolean ok;
	int64_t t0;

	if (!k)
		return FALSE;
	if (b) {
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "command");
		json_builder_add_string_value(b, cmd);
	}
	t0 = sv_now_us();
	ok = k->run(&c, error);
	if (b) {
		json_builder_set_member_name(b, "us");
		json_builder_add_int_value(b, sv_now_us() - t0);
		json_builder_set_member_name(b, "ok");
		json_builder_add_boolean_value(b, ok);
		if (!ok && error && *error) {
			json_builder_set_member_name(b, "error");
			json_builder_add_string_value(b, (*error)->message);
		}
		json_builder_end_object(b);
	}
	return ok;
}
