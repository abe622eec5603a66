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
 * Verbs and responses are not register accesses: they are taken from guest
 * RAM, which we share.  After each write that can make the model fetch verbs
 * or write responses (GCTL, the CORB/RIRB registers, ICIS), the model's read
 * pointer CORBRP and write pointer RIRBWP are read (qtest commands that are
 * not logged and have no side effect in the model); the CORB entries between
 * the last read pointer and the new one are the verbs the model fetched (HDA
 * spec 4.4.1.3), the RIRB entries up to the new write pointer their
 * responses (4.4.2), matched to the verbs by the codec address in the
 * extended word (solicited responses of one codec come in order).  QEMU's
 * intel-hda runs the CORB and writes the response synchronously inside the
 * CORBWP write, so a verb's line comes right after that write, where the
 * mock (which logs when it hands the verb to its codec) puts it too.  A verb
 * whose response has not come is held back, with the verbs after it, until it
 * does; verbs to a codec address with no codec (QEMU has one codec, at 0) and
 * verbs still unanswered at a controller reset or at close are "-> none".
 * An immediate command (ICOI, then ICIS.ICB) is logged from ICOI and ICII.
 */
#define SV_LOG_PREFIX "qtest-trace"
#include "sofvfio/log.h"
#include "sofvfio/hda-regs.h"
#include "qtest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define RING_ENTRIES 256u /* QEMU's CORB and RIRB: CORBSIZE/RIRBSIZE 0x42, fixed */
#define QEMU_CODEC_CAD 0  /* the one codec the backend plugs in gets address 0 */
#define VERB_INDIRECT (1u << 27) /* QEMU refuses indirect node addressing */

typedef struct {
	uint32_t verb;
	uint32_t response;
	gboolean answered, none;
} TraceVerb;

struct QtTrace {
	GMutex lock;         /* held around each traced access: lines in access order */
	FILE *f;
	char *path;
	/* the model's CORB/RIRB as the writes that reached it left them */
	uint32_t corblbase, corbubase, rirblbase, rirbubase, icoi;
	unsigned corbrp;     /* last CORB entry whose verb is logged (or pending) */
	unsigned rirbwp;     /* last RIRB entry taken */
	GArray *pending;     /* TraceVerb, in CORB order; the head is not answered */
};

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
	t->pending = g_array_new(FALSE, FALSE, sizeof(TraceVerb));
	qt->trace = t;
	return TRUE;
}

static void line(QtTrace *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(QtTrace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
	fputc('\n', t->f);
}

/* Log the answered verbs at the head of the queue, in CORB order. */
static void emit_answered(QtTrace *t)
{
	guint n = 0;

	while (n < t->pending->len) {
		TraceVerb *v = &g_array_index(t->pending, TraceVerb, n);

		if (!v->answered)
			break;
		if (v->none)
			line(t, "verb 0x%08x -> none", v->verb);
		else
			line(t, "verb 0x%08x -> 0x%08x", v->verb, v->response);
		n++;
	}
	g_array_remove_range(t->pending, 0, n);
}

/* Verbs that will get no response any more (reset, close): "-> none". */
static void flush_pending(QtTrace *t)
{
	for (guint i = 0; i < t->pending->len; i++) {
		TraceVerb *v = &g_array_index(t->pending, TraceVerb, i);

		if (!v->answered)
			v->answered = v->none = TRUE;
	}
	emit_answered(t);
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
	flush_pending(t);
	if (t->f == stdout)
		fflush(t->f);
	else if (fclose(t->f))
		sv_warn("%s: writing the trace file %s failed: %s", qt->dev->name, t->path,
			g_strerror(errno));
	g_array_unref(t->pending);
	g_free(t->path);
	g_mutex_clear(&t->lock);
	g_free(t);
	qt->trace = NULL;
}

/* A little-endian dword of guest RAM; FALSE when @gpa is not in RAM. */
static gboolean ram_dword(QtDev *qt, uint64_t gpa, uint32_t *val)
{
	uint32_t v;

	if (gpa > qt->ram_size || qt->ram_size - gpa < 4)
		return FALSE;
	memcpy(&v, qt->ram + gpa, 4);
	*val = GUINT32_FROM_LE(v);
	return TRUE;
}

/* The verbs the model fetched: CORB entries after the last one up to @rp. */
static void take_verbs(QtDev *qt, unsigned rp)
{
	QtTrace *t = qt->trace;
	uint64_t base = (uint64_t)t->corbubase << 32 | (t->corblbase & ~0x7fu);

	while (t->corbrp != rp) {
		TraceVerb v = { 0 };

		t->corbrp = (t->corbrp + 1) % RING_ENTRIES;
		if (!ram_dword(qt, base + 4 * t->corbrp, &v.verb)) {
			sv_warn("%s: trace: CORB entry %u at 0x%" G_GINT64_MODIFIER "x is outside "
				"guest RAM", qt->dev->name, t->corbrp, base + 4 * t->corbrp);
			v.verb = 0xffffffffu;
		}
		/* No codec to answer: QEMU's intel_hda_send_command() drops it. */
		if (HDA_VERB_CAD(v.verb) != QEMU_CODEC_CAD || (v.verb & VERB_INDIRECT))
			v.answered = v.none = TRUE;
		g_array_append_val(t->pending, v);
	}
}

/* The responses the model wrote: RIRB entries after the last one up to @wp. */
static void take_responses(QtDev *qt, unsigned wp)
{
	QtTrace *t = qt->trace;
	uint64_t base = (uint64_t)t->rirbubase << 32 | (t->rirblbase & ~0x7fu);

	while (t->rirbwp != wp) {
		uint32_t resp = 0, ex = 0;
		guint i;

		t->rirbwp = (t->rirbwp + 1) % RING_ENTRIES;
		if (!ram_dword(qt, base + 8 * t->rirbwp, &resp) ||
		    !ram_dword(qt, base + 8 * t->rirbwp + 4, &ex)) {
			sv_warn("%s: trace: RIRB entry %u is outside guest RAM", qt->dev->name,
				t->rirbwp);
			continue;
		}
		if (ex & HDA_RIRB_EX_UNSOL) {
			line(t, "unsol 0x%08x 0x%08x", resp, ex);
			continue;
		}
		/* The oldest unanswered verb to the codec that answered. */
		for (i = 0; i < t->pending->len; i++) {
			TraceVerb *v = &g_array_index(t->pending, TraceVerb, i);

			if (!v->answered && HDA_VERB_CAD(v->verb) == HDA_RIRB_EX_CAD(ex)) {
				v->response = resp;
				v->answered = TRUE;
				break;
			}
		}
		if (i == t->pending->len)
			line(t, "rirb 0x%08x 0x%08x (no verb waiting for it)", resp, ex);
	}
	emit_answered(t);
}

static gboolean read_reg(QtDev *qt, unsigned off, unsigned width, uint32_t *val, GError **error)
{
	uint64_t v = 0;

	if (!qt_cmd(qt, &v, error, "read%c 0x%" G_GINT64_MODIFIER "x", width == 2 ? 'w' : 'l',
		    qt->bars[0].addr + off))
		return FALSE;
	*val = (uint32_t)v;
	return TRUE;
}

/*
 * Bring the log up to the model: fetched verbs, written responses.  After a
 * write to CORBRP (its reset; QEMU even lets the pointer be written) or to
 * RIRBWP (its reset) the pointer is taken as it is: nothing was fetched or
 * written by that.
 */
static gboolean sync_rings(QtDev *qt, gboolean rp_moved, gboolean wp_moved, GError **error)
{
	QtTrace *t = qt->trace;
	uint32_t rp, wp;

	if (!read_reg(qt, HDA_CORBRP, 2, &rp, error) || !read_reg(qt, HDA_RIRBWP, 2, &wp, error))
		return FALSE;
	if (rp_moved)
		t->corbrp = rp & 0xff;
	else
		take_verbs(qt, rp & 0xff);
	if (wp_moved)
		t->rirbwp = wp & 0xff;
	else
		take_responses(qt, wp & 0xff);
	return TRUE;
}

/* Merge the bytes of a write (@val at @off, @width bytes) into a register copy. */
static void merge(uint32_t *reg, unsigned reg_off, unsigned off, unsigned width, uint32_t val)
{
	for (unsigned b = 0; b < width; b++) {
		unsigned at = off + b;

		if (at >= reg_off && at < reg_off + 4) {
			unsigned sh = 8 * (at - reg_off);

			*reg = (*reg & ~(0xffu << sh)) | (((val >> (8 * b)) & 0xff) << sh);
		}
	}
}

static gboolean touches(unsigned off, unsigned width, unsigned reg, unsigned reg_width)
{
	return off < reg + reg_width && off + width > reg;
}

/* What a BAR0 write did to the command path (after QEMU has carried it out). */
static gboolean bar0_written(QtDev *qt, unsigned off, unsigned width, uint32_t val,
			     GError **error)
{
	QtTrace *t = qt->trace;
	uint32_t ics, icii;

	merge(&t->corblbase, HDA_CORBLBASE, off, width, val);
	merge(&t->corbubase, HDA_CORBUBASE, off, width, val);
	merge(&t->rirblbase, HDA_RIRBLBASE, off, width, val);
	merge(&t->rirbubase, HDA_RIRBUBASE, off, width, val);
	merge(&t->icoi, HDA_ICOI, off, width, val);
	if (touches(off, width, HDA_GCTL, 1) && !((val >> (8 * (HDA_GCTL - off))) & HDA_GCTL_CRST)) {
		/* CRST 0: intel_hda_reset() zeroes pointers and bases. */
		flush_pending(t);
		t->corblbase = t->corbubase = t->rirblbase = t->rirbubase = t->icoi = 0;
		t->corbrp = t->rirbwp = 0;
		return TRUE;
	}
	if (touches(off, width, HDA_ICIS, 1) && ((val >> (8 * (HDA_ICIS - off))) & HDA_ICIS_ICB)) {
		/* An immediate command: QEMU answers inside the write (ICB cleared, IRV set). */
		if (!read_reg(qt, HDA_ICIS, 2, &ics, error))
			return FALSE;
		if (!(ics & HDA_ICIS_ICB) && (ics & HDA_ICIS_IRV)) {
			if (!read_reg(qt, HDA_ICII, 4, &icii, error))
				return FALSE;
			line(t, "verb 0x%08x -> 0x%08x", t->icoi, icii);
		} else {
			line(t, "verb 0x%08x -> none", t->icoi);
		}
	}
	/* CORBWP and CORBCTL.RUN start the CORB; clearing RIRBSTS.RINTFL lets a
	 * stalled QEMU go on (its intel_hda_set_rirb_sts()). */
	if (off <= HDA_RIRBSIZE && off + width > HDA_CORBLBASE)
		return sync_rings(qt, touches(off, width, HDA_CORBRP, 2),
				  touches(off, width, HDA_RIRBWP, 2), error);
	return TRUE;
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
 * region @index that QEMU has just carried out, and what it made the model
 * do to the command rings.  Call with qt_trace_lock() held.
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
	if (write)
		return bar0_written(qt, (unsigned)off, width, val, error);
	if (touches((unsigned)off, width, HDA_RIRBWP, 1))
		take_responses(qt, (val >> (8 * (HDA_RIRBWP - (unsigned)off))) & 0xff);
	return TRUE;
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
	flush_pending(t);
	t->corblbase = t->corbubase = t->rirblbase = t->rirbubase = t->icoi = 0;
	t->corbrp = t->rirbwp = 0;
	line(t, "reset function");
	g_mutex_unlock(&t->lock);
}
