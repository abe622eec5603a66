// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-trace.c - the canonical view of a device trace and the comparison
 * of two (tracecanon.h), on hand-written traces: each rule, and that an
 * injected difference (a changed response, a missing verb, an extra write)
 * is reported at its line; the errors of the qtest backend's trace= option.
 *
 * The same driver run on QEMU and on the mock, compared through this view,
 * is qtest/qtest/test-trace-parity.c (suite qtest).
 */
#include "tracecanon.h"
#include "sofvfio/device.h"

#include <stdio.h>
#include <string.h>

/* ---- the canonical view on hand-written traces ------------------------ */

static GArray *canon(const char *text)
{
	return trace_canon(text);
}

static const char *text_at(GArray *v, guint i)
{
	g_assert_cmpuint(i, <, v->len);
	return g_array_index(v, TraceLine, i).text;
}

static void test_canon_drops(void)
{
	GArray *v = canon("cfg r2 0x0004 0x00000000\n"
			  "cfg w2 0x0004 0x00000006\n"
			  "reset function\n"
			  "mmio r2 0x0000 0x00004401\n"
			  "mmio r2 0x0014 0x00000000 (unknown)\n"
			  "mmio w4 0x0008 0x00000001\n"
			  "mmio w2 0x0200 0x00000001 (unknown)\n"
			  "stream 4 run tag 1 fmt 0x0011 cbl 8192 lvi 1\n"
			  "mmio r4 0x0024 0x80000010\n"
			  "verb 0x000f0000 -> 0x1af40022\n"
			  "\n"
			  "verb 0x300f0000 -> none\n"
			  "unsol 0x04000000 0x00000010\n"
			  "reset link\n");

	g_assert_cmpuint(v->len, ==, 5);
	g_assert_cmpstr(text_at(v, 0), ==, "mmio w4 0x0008 0x00000001");
	g_assert_cmpuint(g_array_index(v, TraceLine, 0).raw_line, ==, 6);
	g_assert_cmpstr(text_at(v, 1), ==, "mmio w2 0x0200 0x00000001");
	g_assert_cmpstr(text_at(v, 2), ==, "verb 0x000f0000 -> 0x1af40022");
	g_assert_cmpuint(g_array_index(v, TraceLine, 2).raw_line, ==, 10);
	g_assert_cmpstr(text_at(v, 3), ==, "verb 0x300f0000 -> none");
	g_assert_cmpstr(text_at(v, 4), ==, "unsol 0x04000000 0x00000010");
	trace_canon_free(v);
}

static void test_canon_dma(void)
{
	/* Same layout at other addresses: equal; pages numbered by first use. */
	const char *a = "mmio w4 0x0040 0x00101000\nmmio w4 0x0044 0x00000000\n"
			"mmio w4 0x0050 0x00101800\nmmio w4 0x0070 0x00100001\n"
			"mmio w4 0x0118 0x00102000\nmmio w4 0x011c 0x00000000\n"
			"mmio w4 0x0070 0x00000000\n";
	const char *b = "mmio w4 0x0040 0xfee00000\nmmio w4 0x0044 0x00000001\n"
			"mmio w4 0x0050 0xfee00800\nmmio w4 0x0070 0x00200001\n"
			"mmio w4 0x0118 0x00300000\nmmio w4 0x011c 0x00000001\n"
			"mmio w4 0x0070 0x00000000\n";
	/* Another layout: RIRB in a page of its own. */
	const char *c = "mmio w4 0x0040 0x00101000\nmmio w4 0x0044 0x00000000\n"
			"mmio w4 0x0050 0x00102800\nmmio w4 0x0070 0x00100001\n"
			"mmio w4 0x0118 0x00102000\nmmio w4 0x011c 0x00000000\n"
			"mmio w4 0x0070 0x00000000\n";
	GArray *va = canon(a), *vb = canon(b), *vc = canon(c);
	g_autofree char *d1 = NULL;
	g_autofree char *d2 = NULL;
	unsigned index;

	g_assert_cmpstr(text_at(va, 0), ==, "mmio w4 0x0040 dma0+0x000");
	g_assert_cmpstr(text_at(va, 1), ==, "mmio w4 0x0044 dma-upper");
	g_assert_cmpstr(text_at(va, 2), ==, "mmio w4 0x0050 dma0+0x800");
	g_assert_cmpstr(text_at(va, 3), ==, "mmio w4 0x0070 dma1+0x001");
	g_assert_cmpstr(text_at(va, 4), ==, "mmio w4 0x0118 dma2+0x000");
	g_assert_cmpstr(text_at(va, 5), ==, "mmio w4 0x011c dma-upper");
	g_assert_cmpstr(text_at(va, 6), ==, "mmio w4 0x0070 0x00000000");
	d1 = trace_compare(va, vb, "a", "b", &index);
	g_assert_null(d1);
	d2 = trace_compare(va, vc, "a", "c", &index);
	g_assert_nonnull(d2);
	g_assert_cmpuint(index, ==, 2);
	g_assert_nonnull(strstr(d2, "line 3: mmio w4 0x0050 dma0+0x800"));
	g_assert_nonnull(strstr(d2, "line 3: mmio w4 0x0050 dma1+0x800"));
	trace_canon_free(va);
	trace_canon_free(vb);
	trace_canon_free(vc);
}

static void test_canon_period_acks(void)
{
	/* 3 acknowledged periods on one side, 5 on the other: the same view. */
	const char *a = "mmio w1 0x0100 0x0000001e\n"
			"mmio r4 0x0024 0x80000010\nmmio w1 0x0103 0x00000004\n"
			"mmio r4 0x0024 0x80000010\nmmio w1 0x0103 0x00000004\n"
			"mmio w1 0x0103 0x00000004\nmmio w1 0x0100 0x00000000\n"
			"mmio w1 0x0103 0x0000001c\n";
	const char *b = "mmio w1 0x0100 0x0000001e\n"
			"mmio w1 0x0103 0x00000004\nmmio w1 0x0103 0x00000004\n"
			"mmio w1 0x0103 0x00000004\nmmio w1 0x0103 0x00000004\n"
			"mmio w1 0x0103 0x00000004\nmmio w1 0x0100 0x00000000\n"
			"mmio w1 0x0103 0x0000001c\n";
	/* None acknowledged: a difference. */
	const char *c = "mmio w1 0x0100 0x0000001e\nmmio w1 0x0100 0x00000000\n"
			"mmio w1 0x0103 0x0000001c\n";
	/* Repeated writes elsewhere are not collapsed. */
	const char *d = "mmio w2 0x0048 0x00000001\nmmio w2 0x0048 0x00000001\n";
	GArray *va = canon(a), *vb = canon(b), *vc = canon(c), *vd = canon(d);
	g_autofree char *d1 = NULL;
	g_autofree char *d2 = NULL;
	unsigned index;

	g_assert_cmpuint(va->len, ==, 4);
	d1 = trace_compare(va, vb, "a", "b", &index);
	g_assert_null(d1);
	d2 = trace_compare(va, vc, "a", "c", &index);
	g_assert_nonnull(d2);
	g_assert_cmpuint(index, ==, 1);
	g_assert_cmpuint(vd->len, ==, 2);
	trace_canon_free(va);
	trace_canon_free(vb);
	trace_canon_free(vc);
	trace_canon_free(vd);
}

static const char base_trace[] =
	"cfg r2 0x0004 0x00000006\n"           /* 1 */
	"mmio w4 0x0008 0x00000001\n"          /* 2: canonical 1 */
	"mmio r2 0x000e 0x00000001\n"          /* 3 */
	"mmio w2 0x0048 0x00000001\n"          /* 4: canonical 2 */
	"verb 0x000f0000 -> 0x1af40022\n"      /* 5: canonical 3 */
	"mmio r2 0x0058 0x00000001\n"          /* 6 */
	"mmio w1 0x005d 0x00000001\n"          /* 7: canonical 4 */
	"mmio w2 0x0048 0x00000002\n"          /* 8: canonical 5 */
	"verb 0x001f0005 -> 0x00000001\n"      /* 9: canonical 6 */
	"mmio w1 0x005d 0x00000001\n";         /* 10: canonical 7 */


static void check_injected(const char *changed, unsigned want_index, const char *want_a,
			   const char *want_b)
{
	GArray *a = canon(base_trace), *b = canon(changed);
	g_autofree char *diff = NULL;
	unsigned index = 0;

	diff = trace_compare(a, b, "qtest", "mock", &index);
	g_assert_nonnull(diff);
	g_test_message("%s", diff);
	g_assert_cmpuint(index, ==, want_index);
	g_assert_nonnull(strstr(diff, want_a));
	g_assert_nonnull(strstr(diff, want_b));
	trace_canon_free(a);
	trace_canon_free(b);
}

static void test_canon_injected(void)
{
	g_autofree char *resp = trace_edit_line(base_trace, 9, "verb 0x001f0005 -> 0x00000002");
	g_autofree char *none = trace_edit_line(base_trace, 9, "verb 0x001f0005 -> none");
	g_autofree char *missing = trace_edit_line(base_trace, 9, NULL);
	g_autofree char *extra = trace_edit_line(base_trace, 3, "mmio w2 0x000e 0x00000001");
	g_autofree char *read = trace_edit_line(base_trace, 6, "mmio r2 0x0058 0x00000007");
	g_autofree char *tail = g_strconcat(base_trace, "mmio w4 0x0008 0x00000000\n", NULL);
	GArray *a = canon(base_trace), *r = canon(read);
	g_autofree char *same = NULL;
	unsigned index;

	/* A changed response: canonical line 6, raw line 9 on both sides. */
	check_injected(resp, 5, "first difference at canonical line 6",
		       "mock line 9: verb 0x001f0005 -> 0x00000002");
	check_injected(none, 5, "qtest line 9: verb 0x001f0005 -> 0x00000001",
		       "mock line 9: verb 0x001f0005 -> none");
	/* A verb the mock never answered at all: the next line moves up. */
	check_injected(missing, 5, "qtest line 9: verb 0x001f0005",
		       "mock line 9: mmio w1 0x005d 0x00000001");
	/* A write instead of a read. */
	check_injected(extra, 1, "qtest line 4: mmio w2 0x0048 0x00000001",
		       "mock line 3: mmio w2 0x000e 0x00000001");
	/* One more write at the end. */
	check_injected(tail, 7, "qtest end of trace (7 canonical lines)",
		       "mock line 11: mmio w4 0x0008 0x00000000");
	/* A read that returns something else is not part of the view. */
	same = trace_compare(a, r, "qtest", "mock", &index);
	g_assert_null(same);
	g_assert_cmpuint(index, ==, 7);
	trace_canon_free(a);
	trace_canon_free(r);
}

/* ---- the trace= option of the qtest backend -------------------------- */

static void check_open_error(const char *name, int code, const char *want)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	g_assert_null(dev);
	g_assert_nonnull(err);
	if (code == SV_ERROR_IO && g_error_matches(err, SV_ERROR, SV_ERROR_NOT_FOUND)) {
		g_test_skip("no QEMU: the trace file is opened after QEMU is found");
		return;
	}
	g_test_message("%s: %s", name, err->message);
	g_assert_error(err, SV_ERROR, code);
	g_assert_nonnull(strstr(err->message, want));
}

static void test_option(void)
{
	check_open_error("qtest:trace=", SV_ERROR_INVAL, "the value is empty");
	check_open_error("qtest:trace=/tmp/x.trace,trace=/tmp/y.trace", SV_ERROR_INVAL,
			 "trace is given twice");
	check_open_error("qtest:wav=/tmp/same,trace=/tmp/same", SV_ERROR_INVAL,
			 "names the same file as wav=");
	check_open_error("qtest:trace=/tmp/same,log=/tmp/same", SV_ERROR_INVAL,
			 "names the same file as log=");
	/* A file that cannot be written: refused before QEMU starts. */
	check_open_error("qtest:trace=/nonexistent-dir/x.trace", SV_ERROR_IO,
			 "cannot open the trace file /nonexistent-dir/x.trace");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/trace/unit/canon-drops", test_canon_drops);
	g_test_add_func("/trace/unit/canon-dma-addresses", test_canon_dma);
	g_test_add_func("/trace/unit/canon-period-acks", test_canon_period_acks);
	g_test_add_func("/trace/unit/injected-difference", test_canon_injected);
	g_test_add_func("/trace/unit/qtest-option-errors", test_option);
	return g_test_run();
}
