/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracecanon.h - the canonical view of a device trace (sofvfio-emu --trace,
 * or the qtest backend's trace=), and the comparison of two of them.
 *
 * Raw traces of the same driver run on QEMU's intel-hda and on the mock
 * cannot be identical: how often the driver polls a register depends on
 * time, and config space and DMA addresses are the backend's.  The
 * canonical view keeps what the device was told and what it answered:
 *
 *   kept        BAR0 writes ("mmio w..."), verbs with their responses
 *               ("verb V -> R|none"), unsolicited responses ("unsol ..."),
 *               and anything the trace writers do not normally write
 *   dropped     BAR0 reads: polls (INTSTS, RIRBWP, LPIB, WALCLK, SDnSTS,
 *               handshakes) whose count and values depend on timing
 *   dropped     "cfg" lines: config space is the backend's (qtest places
 *               the BARs and enables memory and bus mastering itself, the
 *               mock starts with both off, as vfio-pci finds a function)
 *   dropped     "stream" and "reset" lines: events the mock derives from
 *               the SDnCTL/GCTL writes that the view keeps
 *   normalised  " (unknown)" (the mock marks accesses to offsets it has no
 *               register for) is cut off
 *   normalised  the values written to CORBLBASE, RIRBLBASE, DPLBASE and
 *               SDnBDPL become "dmaN+0xOFF": N numbers the 4 KiB pages in
 *               the order the trace first names them, OFF keeps the offset
 *               and flag bits; the upper halves (CORBUBASE, RIRBUBASE,
 *               DPUBASE, SDnBDPU) become "dma-upper".  Where a buffer lands
 *               is the backend's IOVA policy; its layout is the driver's.
 *               0 (a cleared address) stays 0x00000000.
 *   collapsed   a run of identical writes to an SDnSTS byte becomes one
 *               line: the acknowledgements of completed periods, as many
 *               as periods completed before the driver stopped the stream,
 *               which depends on how fast each model's clock moved
 */
#ifndef SOFVFIO_QTEST_TRACECANON_H
#define SOFVFIO_QTEST_TRACECANON_H

#include <glib.h>

/** struct TraceLine - one line of a canonical view and where it came from. */
typedef struct {
	char *text;
	unsigned raw_line; /* 1-based line number in the raw trace */
} TraceLine;

/**
 * trace_canon() - the canonical view of the trace @text.
 * Return: a GArray of TraceLine (free with trace_canon_free()).
 */
GArray *trace_canon(const char *text);

/** trace_canon_free() - free a view from trace_canon() (NULL-safe). */
void trace_canon_free(GArray *view);

/**
 * trace_compare() - compare two canonical views.
 * @a, @b: the views
 * @name_a, @name_b: names for the message ("qtest", "mock")
 * @index: set to the 0-based index of the first difference (or the common
 *         length when equal)
 * Return: NULL when the views are equal; otherwise a message naming the
 * first difference: its index, both raw line numbers and both lines ("end
 * of trace" when one view is a prefix of the other).
 */
char *trace_compare(GArray *a, GArray *b, const char *name_a, const char *name_b,
		    unsigned *index);

/** trace_count_lines() - lines in @text (a last line without '\n' counts). */
unsigned trace_count_lines(const char *text);

/**
 * trace_edit_line() - a copy of the trace @text with line @n (1-based)
 * replaced by @with, or dropped when @with is NULL (the tests' injected
 * differences).
 * Return: a newly allocated string.
 */
char *trace_edit_line(const char *text, unsigned n, const char *with);

#endif
