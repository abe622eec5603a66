// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * replay.c - the main() of a harness outside libFuzzer: every file named
 * (directories: every file in them, sorted) goes through
 * LLVMFuzzerTestOneInput() once, under whatever sanitizers the build has.
 * TAP output, one test per file, so a regression input is an ordinary test.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_done;

static void replay_one(const char *path)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *data = NULL;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		printf("not ok %d - %s: %s\n", ++n_done, path, err->message);
		exit(1);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	/* Reaching here is the assertion: a crash, sanitizer report or abort fails the test. */
	printf("ok %d - %s (%zu bytes)\n", ++n_done, path, (size_t)len);
	fflush(stdout);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_path(const char *path)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = NULL;
	const char *name;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		replay_one(path);
		return;
	}
	dir = g_dir_open(path, 0, NULL);
	if (!dir) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(dir)))
		g_ptr_array_add(names, g_build_filename(path, name, NULL));
	g_ptr_array_sort(names, cmp_str);
	for (guint i = 0; i < names->len; i++)
		replay_one(names->pdata[i]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...: replay inputs through the harness\n",
			argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		replay_path(argv[i]);
	if (!n_done) {
		/* An empty corpus proves nothing: say so instead of passing. */
		printf("1..0 # SKIP no input files in the paths given\n");
		return 77;
	}
	printf("1..%d\n", n_done);
	return 0;
}
