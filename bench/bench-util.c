// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-util.c - clock and JSON-line output of sofvfio-bench (json-glib).
 */
#include "bench.h"
#include "sofvfio/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct BenchRecord {
	JsonBuilder *fields;  /* the record's object, open: its fields so far */
	GPtrArray *names;     /* series names */
	GPtrArray *series;    /* GArray of double, parallel to names */
};

int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

BenchRecord *bench_record_new(const char *bench, const char *unit)
{
	BenchRecord *r = g_new0(BenchRecord, 1);

	r->fields = json_builder_new_immutable();
	json_builder_begin_object(r->fields);
	r->names = g_ptr_array_new_with_free_func(g_free);
	r->series = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	bench_record_str(r, "bench", bench);
	bench_record_str(r, "unit", unit);
	return r;
}

void bench_record_str(BenchRecord *r, const char *key, const char *value)
{
	sv_json_member_string(r->fields, key, value ? value : "");
}

void bench_record_num(BenchRecord *r, const char *key, double value)
{
	json_builder_set_member_name(r->fields, key);
	/* Counts and ids stay integers, as readers of the records expect. */
	if (value == (double)(gint64)value && fabs(value) < 9007199254740992.0)
		json_builder_add_int_value(r->fields, (gint64)value);
	else
		json_builder_add_double_value(r->fields, value);
}

void bench_record_sample(BenchRecord *r, const char *series, double value)
{
	const char *name = series ? series : "samples";
	GArray *a = NULL;

	for (unsigned i = 0; i < r->names->len; i++)
		if (!strcmp(r->names->pdata[i], name))
			a = r->series->pdata[i];
	if (!a) {
		a = g_array_new(FALSE, FALSE, sizeof(double));
		g_ptr_array_add(r->names, g_strdup(name));
		g_ptr_array_add(r->series, a);
	}
	g_array_append_val(a, value);
}

void bench_record_emit(BenchRecord *r)
{
	g_autofree char *text = NULL;

	for (unsigned i = 0; i < r->names->len; i++) {
		GArray *a = r->series->pdata[i];

		json_builder_set_member_name(r->fields, r->names->pdata[i]);
		json_builder_begin_array(r->fields);
		for (unsigned j = 0; j < a->len; j++)
			json_builder_add_double_value(r->fields, g_array_index(a, double, j));
		json_builder_end_array(r->fields);
	}
	json_builder_end_object(r->fields);
	text = sv_json_builder_write(r->fields, FALSE);
	printf("%s\n", text);
	fflush(stdout);
	g_object_unref(r->fields);
	g_ptr_array_unref(r->names);
	g_ptr_array_unref(r->series);
	g_free(r);
}

int bench_record_finish(BenchRecord *r, const GError *err)
{
	if (err)
		bench_record_str(r, "error", err->message);
	bench_record_emit(r);
	return err ? 1 : 0;
}

const char *bench_backend_label(const char *backend)
{
	if (!backend)
		return "unknown";
	/* Which vfio-user server: the one who started it knows (run-bench.py sets it). */
	if (!strcmp(backend, "vfio-user"))
		return g_getenv("SOFVFIO_BENCH_SERVER") && *g_getenv("SOFVFIO_BENCH_SERVER") ?
		       g_getenv("SOFVFIO_BENCH_SERVER") : "vfio-user";
	if (!strcmp(backend, "vfio"))
		return "guest";
	return backend;
}

gboolean bench_parse(const char *cmd, const char *summary, GOptionEntry *entries, int *argc,
		     char ***argv)
{
	g_autofree char *param = g_strdup_printf("%s - %s", cmd, summary);
	g_autoptr(GOptionContext) ctx = g_option_context_new(param);
	g_autoptr(GError) err = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		g_printerr("sofvfio-bench %s: %s\n", cmd, err->message);
		return FALSE;
	}
	if (*argc > 1) {
		g_printerr("sofvfio-bench %s: unexpected argument %s\n", cmd, (*argv)[1]);
		return FALSE;
	}
	return TRUE;
}
