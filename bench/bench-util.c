// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-util.c - clock and JSON-line output of sofvfio-bench.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct BenchRecord {
	GString *fields;      /* ,"key":value ... */
	GPtrArray *names;     /* series names */
	GPtrArray *series;    /* GArray of double, parallel to names */
};

int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c < 0x20)
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_c(out, (char)c);
	}
	g_string_append_c(out, '"');
}

BenchRecord *bench_record_new(const char *bench, const char *unit)
{
	BenchRecord *r = g_new0(BenchRecord, 1);

	r->fields = g_string_new(NULL);
	r->names = g_ptr_array_new_with_free_func(g_free);
	r->series = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	bench_record_str(r, "bench", bench);
	bench_record_str(r, "unit", unit);
	return r;
}

void bench_record_str(BenchRecord *r, const char *key, const char *value)
{
	g_string_append_printf(r->fields, ",\"%s\":", key);
	json_string(r->fields, value ? value : "");
}

void bench_record_num(BenchRecord *r, const char *key, double value)
{
	g_string_append_printf(r->fields, ",\"%s\":%.9g", key, value);
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
	GString *out = g_string_new("{");

	/* fields start with ',': drop the first one */
	g_string_append(out, r->fields->str + 1);
	for (unsigned i = 0; i < r->names->len; i++) {
		GArray *a = r->series->pdata[i];

		g_string_append_printf(out, ",\"%s\":[", (const char *)r->names->pdata[i]);
		for (unsigned j = 0; j < a->len; j++)
			g_string_append_printf(out, "%s%.9g", j ? "," : "",
					       g_array_index(a, double, j));
		g_string_append_c(out, ']');
	}
	g_string_append(out, "}\n");
	fputs(out->str, stdout);
	fflush(stdout);
	g_string_free(out, TRUE);
	g_string_free(r->fields, TRUE);
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
	if (!strcmp(backend, "vfio-user"))
		return "mock";
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
