// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracecmp - compare two device traces (sofvfio-emu --trace, qtest trace=)
 * in their canonical view (tracecanon.h: what is dropped and why).
 *
 *   tracecmp A B            exit 0: equal; 1: the first difference is printed
 *   tracecmp --canon A      print A's canonical view ("RAWLINE: text")
 *
 * Exit 2 on a usage or file error.
 */
#include "tracecanon.h"

#include <stdio.h>
#include <string.h>

static GArray *load(const char *path, unsigned *raw_lines)
{
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;

	if (!g_file_get_contents(path, &text, NULL, &err)) {
		fprintf(stderr, "tracecmp: %s\n", err->message);
		return NULL;
	}
	*raw_lines = trace_count_lines(text);
	return trace_canon(text);
}

int main(int argc, char **argv)
{
	GArray *a, *b;
	unsigned ra, rb, index;
	g_autofree char *diff = NULL;

	if (argc == 3 && !strcmp(argv[1], "--canon")) {
		if (!(a = load(argv[2], &ra)))
			return 2;
		for (guint i = 0; i < a->len; i++)
			printf("%u: %s\n", g_array_index(a, TraceLine, i).raw_line,
			       g_array_index(a, TraceLine, i).text);
		trace_canon_free(a);
		return 0;
	}
	if (argc != 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: tracecmp A B | tracecmp --canon A\n");
		return 2;
	}
	a = load(argv[1], &ra);
	b = a ? load(argv[2], &rb) : NULL;
	if (!b) {
		trace_canon_free(a);
		return 2;
	}
	diff = trace_compare(a, b, argv[1], argv[2], &index);
	if (diff)
		printf("%s\n", diff);
	else
		printf("equal: %u canonical lines (%s: %u lines, %s: %u lines)\n", a->len, argv[1],
		       ra, argv[2], rb);
	trace_canon_free(a);
	trace_canon_free(b);
	return diff ? 1 : 0;
}
