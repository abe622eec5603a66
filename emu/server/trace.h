/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/server/trace.h - the --trace file: one line per register access,
 * config access and codec verb, in a fixed format so that the traces of two
 * runs can be diffed:
 *
 *   mmio r4 0x0008 0x00000001      BAR0 access: direction, width, offset, value
 *   cfg w2 0x0004 0x00000006       config space access
 *   verb 0x000f0000 -> 0x1af40022  codec verb and its response ("-> none")
 *   unsol 0x04000000 0x00000010    unsolicited response and its extended word
 *   stream 4 run tag 1 fmt 0x0011 cbl 8192 lvi 1
 *                                  stream state changes (run, stop, reset, error)
 *   reset link                     controller reset (GCTL.CRST 0) or "reset function"
 *   bar4 w4 0x00004 0x000f0f0f     with --dsp: BAR4 access (emu/dsp)
 *   dsp rom init-done              with --dsp: DSP events (ROM, IPC doorbells, firmware)
 *
 * Accesses that hit no register end in " (unknown)".
 */
#ifndef SOFVFIO_EMU_TRACE_H
#define SOFVFIO_EMU_TRACE_H

#include <glib.h>

/** emu_trace_open() - start tracing to @path ("-" is stdout). */
gboolean emu_trace_open(const char *path, GError **error);
/** emu_trace_close() - flush and close (NULL-safe to call twice). */
void emu_trace_close(void);
/** emu_trace_on() - TRUE when a trace file is open. */
gboolean emu_trace_on(void);
/** emu_trace() - write one line (the newline is added). */
void emu_trace(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif
