// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.c - the trace=PATH option: what the driver did to the device and
 * what QEMU's model answered, in the line format of sofvfio-emu's --trace
 * (emu/server/trace.h), so that the two can be compared line for line:
 *
 *   cfg r2 0x0004 0x00000006       config space access (as the driver sees it)
 *   mmio w2 0x0048 0x00000001      BAR0 access: direction, width, offset, value
 *   verb 0x000f0000 -> 0x1af40022  a verb the controller fetched and its response
 *   verb 0x300f0000 -> none        ... that no codec answered
 *   unsol 0x04000000 0x00000010    an unsolicited response and its extended word
 *   reset function                 VFIO_DEVICE_RESET
 *
 * Accesses are logged as the vfio-user server splits them (naturally aligned
 * 1, 2 and 4 bytes, like vfio_pci_core_do_io_rw()), and carried out that way.
 *
 * The verbs and responses come from the trace decoder (driver/trace/
 * hda-trace.h), which this file feeds with every BAR0 access and lets look
 * at guest RAM (which we share) and read CORBRP/RIRBWP/ICIS/ICII with qtest
 * commands that are not logged.  QEMU's intel-hda runs the CORB and writes
 * the response synchronously inside the CORBWP write, so a verb's line
 * comes right after that write, where the mock (which logs when it hands the
 * verb to its codec) puts it too.  QEMU has one codec, at address 0, and
 * refuses indirect node addressing: that is the model the decoder is given.
 */
#define SV_LOG_PREFIX "qtest-trace"
#include "sofvfio/log.h"
#include "../../trace/hda-trace.h"
#include "qtest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* QEMU's intel-hda: one codec at address 0, CORB and RIRB of 256 entries
 * (CORBSIZE/RIRBSIZE 0x42, fixed), no indirect node addressing. */
static const HdaTraceModel qemu_model = {
	.codec_mask = 1u << 0,
	.refuses_indirect = TRUE,
	.ring_entries = 256,
};

struct QtTrace {
	GMutex lock;         /* held around each traced access: lines in access order */
	FILE *f;
	char *path;
	HdaTraceDecoder *decoder;
};

static void line(QtTrace *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(QtTrace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
	fputc('\n', t->f);
}

static void decoder_line(void *data, const char *text)
{
	QtTrace *t = ((QtDev *)data)->trace;

	line(t, "%s", text);
}

/* A little-endian dword of guest RAM; FALSE when @gpa is not in RAM. */
static gboolean ram_dword(void *data, uint64_t gpa, uint32_t *val)
{
	QtDev *qt = data;
	uint32_t v;

	if (gpa > qt->ram_size || qt->ram_size - gpa < 4)
		return FALSE;
	memcpy(&v, qt->ram + gpa, 4);
	*val = GUINT32_FROM_LE(v);
	return TRUE;
}

/* A BAR0 register read with a qtest command that is not logged. */
static gboolean read_reg(void *data, unsigned off, unsigned width, uint32_t *val,
			 GError **error)
{
	QtDev *qt = data;
	uint64_t v = 0;

	if (!qt_cmd(qt, &v, error, "read%c 0x%" G_GINT64_MODIFIER "x", width == 2 ? 'w' : 'l',
		    qt->bars[0].addr + off))
		return FALSE;
	*val = (uint32_t)v;
	return TRUE;
}

/**
 * qt_trace_open() - open the trace file named by the trace= option (nothing
 * to do without it).  "-" is stdout.
 * @qt: the device, options parsed
 * @error: SV_ERROR_IO naming the file and the reason
 */
gboolean qt_trace_open(QtDev *qt, GError **error)
{
	QtTrace *t;
	FILE *f;

	if (!qt->opt.trace)
		return TRUE;
	if (!strcmp(qt->opt.trace, "-")) {
		f = stdout;
	} else {
		/* "e": close-on-exec, so QEMU never inherits it. */
		f = fopen(qt->opt.trace, "we");
		if (!f) {
			int err = errno;

			g_set_error(error, SV_ERROR, SV_ERROR_IO,
				    "device '%s': cannot open the trace file %s: %s (give a "
				    "writable path in trace=)", qt->dev->name, qt->opt.trace,
				    g_strerror(err));
			return FALSE;
		}
		/* Line buffered: a trace stays readable when the program is killed. */
		setvbuf(f, NULL, _IOLBF, 0);
	}
	t = g_new0(QtTrace, 1);
	g_mutex_init(&t->lock);
	t->f = f;
	t->path = g_strdup(qt->opt.trace);
	t->decoder = hda_trace_decoder_new(&qemu_model, &(HdaTraceIo){
		.read_ram = ram_dword, .read_reg = read_reg, .line = decoder_line,
		.name = qt->dev->name, .data = qt });
	qt->trace = t;
	return TRUE;
}

/**
 * qt_trace_close() - log what is still pending, close the file, free.
 * NULL-safe: nothing to do without trace=.
 */
void qt_trace_close(QtDev *qt)
{
	QtTrace *t = qt->trace;

	if (!t)
		return;
	hda_trace_decoder_free(t->decoder);
	if (t->f == stdout)
		fflush(t->f);
	else if (fclose(t->f))
		sv_warn("%s: writing the trace file %s failed: %s", qt->dev->name, t->path,
			g_strerror(errno));
	g_free(t->path);
	g_mutex_clear(&t->lock);
	g_free(t);
	qt->trace = NULL;
}

/**
 * qt_trace_lock()/qt_trace_unlock() - held around a traced access so that
 * the lines of concurrent accesses come out in the order QEMU saw them.
 */
void qt_trace_lock(QtDev *qt)
{
	g_mutex_lock(&qt->trace->lock);
}

void qt_trace_unlock(QtDev *qt)
{
	g_mutex_unlock(&qt->trace->lock);
}

/**
 * qt_trace_access() - log one access of @width (1, 2, 4) bytes at @off of
 * region @index that QEMU has just carried out, and (the decoder) what it
 * made the model do to the command rings.  Call with qt_trace_lock() held.
 * @error: a failed qtest command while looking at the rings
 */
gboolean qt_trace_access(QtDev *qt, uint32_t index, uint64_t off, unsigned width, uint32_t val,
			 gboolean write, GError **error)
{
	QtTrace *t = qt->trace;

	if (index == VFIO_PCI_CONFIG_REGION_INDEX) {
		line(t, "cfg %c%u 0x%04x 0x%08x", write ? 'w' : 'r', width, (unsigned)off, val);
		return TRUE;
	}
	if (index != VFIO_PCI_BAR0_REGION_INDEX)
		return TRUE; /* intel-hda has no other region */
	line(t, "mmio %c%u 0x%04x 0x%08x", write ? 'w' : 'r', width, (unsigned)off, val);
	return hda_trace_decoder_access(t->decoder, (unsigned)off, width, val, write, error);
}

/**
 * qt_trace_reset() - log a device reset ("reset function", as the mock does)
 * after QEMU's system_reset: the rings start over.
 */
void qt_trace_reset(QtDev *qt)
{
	QtTrace *t = qt->trace;

	if (!t)
		return;
	g_mutex_lock(&t->lock);
	hda_trace_decoder_reset(t->decoder);
	line(t, "reset function");
	g_mutex_unlock(&t->lock);
}
