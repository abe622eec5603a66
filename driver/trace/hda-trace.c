// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hda-trace.c - the trace decoder (hda-trace.h): verbs and responses from
 * the accesses that reached the model.
 *
 * Verbs and responses are not register accesses: they are taken from the
 * memory the controller reaches.  After each write that can make the model
 * fetch verbs or write responses (GCTL, the CORB/RIRB registers, ICIS), the
 * model's read pointer CORBRP and write pointer RIRBWP are read (through
 * HdaTraceIo.read_reg: not logged, no side effect in the model); the CORB
 * entries between the last read pointer and the new one are the verbs the
 * model fetched (HDA spec 4.4.1.3), the RIRB entries up to the new write
 * pointer their responses (4.4.2), matched to the verbs by the codec
 * address in the extended word (solicited responses of one codec come in
 * order).  A verb whose response has not come is held back, with the verbs
 * after it, until it does; verbs to a codec address with no codec and verbs
 * still unanswered at a controller reset or at the end are "-> none".  An
 * immediate command (ICOI, then ICIS.ICB) is logged from ICOI and ICII.
 */
#define SV_LOG_PREFIX "hda-trace"
#include "sofvfio/log.h"
#include "sofvfio/hda-regs.h"
#include "hda-trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define VERB_INDIRECT (1u << 27) /* the indirect node addressing bit of a verb */

typedef struct {
	uint32_t verb;
	uint32_t response;
	gboolean answered, none;
} TraceVerb;

struct HdaTraceDecoder {
	HdaTraceModel model;
	HdaTraceIo io;
	/* the model's CORB/RIRB as the writes that reached it left them */
	uint32_t corblbase, corbubase, rirblbase, rirbubase, icoi;
	unsigned corbrp;     /* last CORB entry whose verb is logged (or pending) */
	unsigned rirbwp;     /* last RIRB entry taken */
	GArray *pending;     /* TraceVerb, in CORB order; the head is not answered */
};

static void line(HdaTraceDecoder *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(HdaTraceDecoder *t, const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	t->io.line(t->io.data, text);
}

HdaTraceDecoder *hda_trace_decoder_new(const HdaTraceModel *model, const HdaTraceIo *io)
{
	HdaTraceDecoder *t = g_new0(HdaTraceDecoder, 1);

	t->model = *model;
	t->io = *io;
	t->pending = g_array_new(FALSE, FALSE, sizeof(TraceVerb));
	return t;
}

/* Log the answered verbs at the head of the queue, in CORB order. */
static void emit_answered(HdaTraceDecoder *t)
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
static void flush_pending(HdaTraceDecoder *t)
{
	for (guint i = 0; i < t->pending->len; i++) {
		TraceVerb *v = &g_array_index(t->pending, TraceVerb, i);

		if (!v->answered)
			v->answered = v->none = TRUE;
	}
	emit_answered(t);
}

void hda_trace_decoder_free(HdaTraceDecoder *t)
{
	if (!t)
		return;
	flush_pending(t);
	g_array_unref(t->pending);
	g_free(t);
}

/* The verbs the model fetched: CORB entries after the last one up to @rp. */
static void take_verbs(HdaTraceDecoder *t, unsigned rp)
{
	uint64_t base = (uint64_t)t->corbubase << 32 | (t->corblbase & ~0x7fu);

	while (t->corbrp != rp) {
		TraceVerb v = { 0 };

		t->corbrp = (t->corbrp + 1) % t->model.ring_entries;
		if (!t->io.read_ram(t->io.data, base + 4 * t->corbrp, &v.verb)) {
			sv_warn("%s: trace: CORB entry %u at 0x%" G_GINT64_MODIFIER "x is outside "
				"guest RAM", t->io.name, t->corbrp, base + 4 * t->corbrp);
			v.verb = 0xffffffffu;
		}
		/* No codec to answer (QEMU's intel_hda_send_command() drops it). */
		if (!(t->model.codec_mask & (1u << HDA_VERB_CAD(v.verb))) ||
		    (t->model.refuses_indirect && (v.verb & VERB_INDIRECT)))
			v.answered = v.none = TRUE;
		g_array_append_val(t->pending, v);
	}
}

/* The responses the model wrote: RIRB entries after the last one up to @wp. */
static void take_responses(HdaTraceDecoder *t, unsigned wp)
{
	uint64_t base = (uint64_t)t->rirbubase << 32 | (t->rirblbase & ~0x7fu);

	while (t->rirbwp != wp) {
		uint32_t resp = 0, ex = 0;
		guint i;

		t->rirbwp = (t->rirbwp + 1) % t->model.ring_entries;
		if (!t->io.read_ram(t->io.data, base + 8 * t->rirbwp, &resp) ||
		    !t->io.read_ram(t->io.data, base + 8 * t->rirbwp + 4, &ex)) {
			sv_warn("%s: trace: RIRB entry %u is outside guest RAM", t->io.name,
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

/*
 * Bring the log up to the model: fetched verbs, written responses.  After a
 * write to CORBRP (its reset; QEMU even lets the pointer be written) or to
 * RIRBWP (its reset) the pointer is taken as it is: nothing was fetched or
 * written by that.
 */
static gboolean sync_rings(HdaTraceDecoder *t, gboolean rp_moved, gboolean wp_moved,
			   GError **error)
{
	uint32_t rp, wp;

	if (!t->io.read_reg(t->io.data, HDA_CORBRP, 2, &rp, error) || !t->io.read_reg(t->io.data, HDA_RIRBWP, 2, &wp, error))
		return FALSE;
	if (rp_moved)
		t->corbrp = rp & 0xff;
	else
		take_verbs(t, rp & 0xff);
	if (wp_moved)
		t->rirbwp = wp & 0xff;
	else
		take_responses(t, wp & 0xff);
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
static gboolean bar0_written(HdaTraceDecoder *t, unsigned off, unsigned width, uint32_t val,
			     GError **error)
{
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
		if (!t->io.read_reg(t->io.data, HDA_ICIS, 2, &ics, error))
			return FALSE;
		if (!(ics & HDA_ICIS_ICB) && (ics & HDA_ICIS_IRV)) {
			if (!t->io.read_reg(t->io.data, HDA_ICII, 4, &icii, error))
				return FALSE;
			line(t, "verb 0x%08x -> 0x%08x", t->icoi, icii);
		} else {
			line(t, "verb 0x%08x -> none", t->icoi);
		}
	}
	/* CORBWP and CORBCTL.RUN start the CORB; clearing RIRBSTS.RINTFL lets a
	 * stalled QEMU go on (its intel_hda_set_rirb_sts()). */
	if (off <= HDA_RIRBSIZE && off + width > HDA_CORBLBASE)
		return sync_rings(t, touches(off, width, HDA_CORBRP, 2),
				  touches(off, width, HDA_RIRBWP, 2), error);
	return TRUE;
}

gboolean hda_trace_decoder_access(HdaTraceDecoder *t, unsigned off, unsigned width, uint32_t val,
				  gboolean write, GError **error)
{
	if (write)
		return bar0_written(t, off, width, val, error);
	if (touches(off, width, HDA_RIRBWP, 1))
		take_responses(t, (val >> (8 * (HDA_RIRBWP - off))) & 0xff);
	return TRUE;
}

void hda_trace_decoder_reset(HdaTraceDecoder *t)
{
	flush_pending(t);
	t->corblbase = t->corbubase = t->rirblbase = t->rirbubase = t->icoi = 0;
	t->corbrp = t->rirbwp = 0;
}
