/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hda-trace.h - the trace decoder: from the BAR0 accesses a backend carried
 * out, the verbs an HDA controller model fetched from its CORB and the
 * responses it wrote to its RIRB (HDA spec 4.4.1.3, 4.4.2), as the lines
 * of sofvfio-emu's --trace format ("verb 0x000f0000 -> 0x1af40022",
 * "verb V -> none", "unsol R EX").  It sits above the backend contract
 * (core/backend.h): a backend's trace feeds it every access it made and
 * gives it three ways to look (guest memory, a register read that is not
 * logged, the line sink); the backend itself knows no HDA register.
 *
 * The qtest backend's trace= feeds it (driver/backend/qtest/trace.c).  The
 * mock logs its verbs from its own model (emu/hda/corb.c): that is the
 * other, independent side of the trace comparison (qtest/qtest/
 * test-trace-parity.c), so it does not go through this decoder.
 */
#ifndef SOFVFIO_TRACE_HDA_TRACE_H
#define SOFVFIO_TRACE_HDA_TRACE_H

#include <glib.h>
#include <stdint.h>

/**
 * struct HdaTraceIo - how the decoder looks at the device.
 * @read_ram: a little-endian dword of the memory the controller reaches at
 *            @addr; FALSE when @addr is outside it
 * @read_reg: a BAR0 register of @width bytes, read without a trace line and
 *            without side effects in the model (CORBRP, RIRBWP, ICIS, ICII)
 * @line: one line of the trace
 * @name: the device, for warnings
 * @data: passed to each
 */
typedef struct {
	gboolean (*read_ram)(void *data, uint64_t addr, uint32_t *val);
	gboolean (*read_reg)(void *data, unsigned off, unsigned width, uint32_t *val,
			     GError **error);
	void (*line)(void *data, const char *text);
	const char *name;
	void *data;
} HdaTraceIo;

/**
 * struct HdaTraceModel - what the decoder knows of the model behind it.
 * @codec_mask: codec addresses with a codec: verbs to others get no answer
 * @refuses_indirect: verbs with the indirect-NID bit (27) get no answer
 * @ring_entries: CORB and RIRB entries (CORBSIZE/RIRBSIZE)
 */
typedef struct {
	uint16_t codec_mask;
	gboolean refuses_indirect;
	unsigned ring_entries;
} HdaTraceModel;

typedef struct HdaTraceDecoder HdaTraceDecoder;

HdaTraceDecoder *hda_trace_decoder_new(const HdaTraceModel *model, const HdaTraceIo *io);
/** hda_trace_decoder_free() - log the verbs still pending ("-> none"), free (NULL-safe). */
void hda_trace_decoder_free(HdaTraceDecoder *d);

/**
 * hda_trace_decoder_access() - one BAR0 access of @width bytes at @off that
 * the model has just carried out: decode what it made the command path do.
 * @error: a failed register read while looking
 */
gboolean hda_trace_decoder_access(HdaTraceDecoder *d, unsigned off, unsigned width, uint32_t val,
				  gboolean write, GError **error);

/** hda_trace_decoder_reset() - a device reset: pending verbs "-> none", rings start over. */
void hda_trace_decoder_reset(HdaTraceDecoder *d);

#endif
