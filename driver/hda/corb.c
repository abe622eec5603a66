// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * corb.c - the Command Outbound Ring Buffer and Response Inbound Ring Buffer
 * (spec 4.4.1, 4.4.2) in one DMA page: CORB at 0, RIRB at 2048.
 *
 * One verb is in flight at a time.  RINTCNT=1 with RIRBCTL=DMAEN|RINTCTL,
 * and RIRBSTS cleared after each batch of responses: QEMU's model stops
 * fetching verbs while RINTCNT responses are unacknowledged, so the
 * interrupt flag must be both enabled and cleared, whether or not the
 * interrupt itself reaches us.
 *
 * The hot path costs what the hardware needs.  The RIRB read pointer lives
 * in software (ctl->rirb_rp: the driver knows what it consumed), so a verb
 * is: the CORB entry and CORBWP; then, with interrupts, RIRBSTS read and
 * cleared and RIRBWP read once the interrupt came (Linux azx_interrupt()
 * order: a response landing after the clear raises RINTFL again), or, when
 * polling, RIRBWP read until it moves and RINTFL cleared.  Nothing is read
 * before a send: every response was taken by the verb it answered, and a
 * response that raced in between (unsolicited) is found with the next one.
 * After a verb that got no answer, the next send first collects and drops
 * whatever came late (ctl->rirb_resync).
 */
#define SV_LOG_PREFIX "hda-corb"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "ctl-internal.h"

#include <string.h>

#define CORBRP_RESET_US 1000    /* Linux: 1000 x 1 us each way */
#define DMA_STOP_US 10000

static unsigned ring_entries(HdaController *ctl, uint32_t size_reg, const char *what)
{
	uint8_t v = rd8(ctl, size_reg);
	unsigned cap = HDA_RINGSIZE_CAP(v), sel;

	/* Capability bits 4/5/6 = 2/16/256 entries; pick the largest offered.
	 * Parts with no capability bits get the select field left alone. */
	if (cap & 0x4)
		sel = 2;
	else if (cap & 0x2)
		sel = 1;
	else if (cap & 0x1)
		sel = 0;
	else
		sel = HDA_RINGSIZE_SEL(v);
	if (HDA_RINGSIZE_SEL(v) != sel)
		wr8(ctl, size_reg, (v & ~0x3) | sel);
	v = rd8(ctl, size_reg);
	sel = HDA_RINGSIZE_SEL(v);
	if (sel == 3) {
		sv_warn_dev(ctl->dev, "%s: %s select field reads the reserved value 3; assuming 256 entries",
			ctl->name, what);
		sel = 2;
	}
	return sel == 2 ? 256 : sel == 1 ? 16 : 2;
}

void hda_corb_stop(HdaController *ctl)
{
	g_autoptr(GError) err = NULL;

	wr8(ctl, HDA_CORBCTL, rd8(ctl, HDA_CORBCTL) & ~(HDA_CORBCTL_RUN | HDA_CORBCTL_MEIE));
	if (!sv_wait_reg(ctl->dev, 0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN, 0, DMA_STOP_US,
			 "CORBCTL.RUN to read 0", &err))
		sv_warn_dev(ctl->dev, "%s: %s", ctl->name, err->message);
	g_clear_error(&err);
	wr8(ctl, HDA_RIRBCTL, 0);
	if (!sv_wait_reg(ctl->dev, 0, HDA_RIRBCTL, 1, HDA_RIRBCTL_DMAEN, 0, DMA_STOP_US,
			 "RIRBCTL.DMAEN to read 0", &err))
		sv_warn_dev(ctl->dev, "%s: %s", ctl->name, err->message);
	wr8(ctl, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS);
	ctl->corb_running = false;
}

gboolean hda_corb_setup(HdaController *ctl, GError **error)
{
	g_autoptr(GError) err = NULL;
	uint64_t corb, rirb;

	if (!ctl->rings) {
		ctl->rings = sv_dma_alloc(ctl->dev, HDA_RING_PAGE, error);
		if (!ctl->rings) {
			g_prefix_error(error, "%s: CORB/RIRB page: ", ctl->name);
			return FALSE;
		}
	}
	/* The RIRB holds "never written" marks (reserved bits set): an entry the
	 * write pointer covers but DMA did not reach is seen (rirb_unwritten). */
	memset(ctl->rings->vaddr, 0, HDA_RIRB_OFFSET);
	memset((uint8_t *)ctl->rings->vaddr + HDA_RIRB_OFFSET, 0xff, HDA_RING_PAGE - HDA_RIRB_OFFSET);
	ctl->rirb_unwritten = false;
	corb = ctl->rings->iova;
	rirb = corb + HDA_RIRB_OFFSET;
	if (!ctl->info.addr64 && (rirb >> 32)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: CORB/RIRB IOVA 0x%" G_GINT64_MODIFIER "x is above 4 GiB but the "
			    "controller has no 64-bit addressing (GCAP.64OK=0)", ctl->name, corb);
		return FALSE;
	}

	/* Stop both engines before touching their registers. */
	hda_corb_stop(ctl);

	/* CORB (4.4.1.3) */
	wr32(ctl, HDA_CORBLBASE, (uint32_t)corb);
	wr32(ctl, HDA_CORBUBASE, (uint32_t)(corb >> 32));
	ctl->info.corb_entries = ring_entries(ctl, HDA_CORBSIZE, "CORBSIZE");
	wr16(ctl, HDA_CORBWP, 0);
	ctl->corb_wp = 0;
	/* CORBRP reset handshake: set bit 15, hardware acknowledges by reading it
	 * back as 1, clear it, wait for 0.  Some parts never read it back as 1
	 * (or self-clear): both waits are bounded and the second one decides. */
	wr16(ctl, HDA_CORBRP, HDA_CORBRP_RST);
	if (!sv_wait_reg(ctl->dev, 0, HDA_CORBRP, 2, HDA_CORBRP_RST, HDA_CORBRP_RST,
			 CORBRP_RESET_US, "CORBRP.RST to read 1", &err))
		sv_debug("%s: %s (continuing)", ctl->name, err->message);
	g_clear_error(&err);
	wr16(ctl, HDA_CORBRP, 0);
	if (!sv_wait_reg(ctl->dev, 0, HDA_CORBRP, 2, 0xffff, 0, CORBRP_RESET_US,
			 "CORBRP to read 0 after the reset", &err))
		sv_warn_dev(ctl->dev, "%s: %s (continuing)", ctl->name, err->message);
	g_clear_error(&err);

	/* RIRB (4.4.2.2) */
	wr32(ctl, HDA_RIRBLBASE, (uint32_t)rirb);
	wr32(ctl, HDA_RIRBUBASE, (uint32_t)(rirb >> 32));
	ctl->info.rirb_entries = ring_entries(ctl, HDA_RIRBSIZE, "RIRBSIZE");
	wr16(ctl, HDA_RIRBWP, HDA_RIRBWP_RST);
	ctl->rirb_rp = 0;
	wr16(ctl, HDA_RINTCNT, 1);
	/* RINTCTL is set even when polling: see the top of this file. */
	wr8(ctl, HDA_RIRBCTL, HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_RINTCTL);
	wr8(ctl, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS);

	wr8(ctl, HDA_CORBCTL, HDA_CORBCTL_RUN);
	if (!sv_wait_reg(ctl->dev, 0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN, HDA_CORBCTL_RUN,
			 DMA_STOP_US, "CORBCTL.RUN to read 1", error))
		return FALSE;
	wr32(ctl, HDA_GCTL, rd32(ctl, HDA_GCTL) | HDA_GCTL_UNSOL);
	ctl->corb_running = true;
	ctl->n_pending = 0;
	ctl->rirb_resync = false;
	sv_debug("%s: CORB %u entries at 0x%" G_GINT64_MODIFIER "x, RIRB %u entries at 0x%"
		 G_GINT64_MODIFIER "x", ctl->name, ctl->info.corb_entries, corb,
		 ctl->info.rirb_entries, rirb);
	return sv_device_take_error(ctl->dev, error);
}

/* Ring sizes are 2, 16 or 256 entries (ring_entries()): a mask, no division. */
static inline unsigned ring_next(unsigned i, unsigned entries)
{
	return (i + 1) & (entries - 1);
}

static inline void corb_send(HdaController *ctl, uint32_t verb)
{
	volatile uint32_t *corb = ctl->rings->vaddr;
	unsigned wp = ring_next(ctl->corb_wp, ctl->info.corb_entries);

	corb[wp] = GUINT32_TO_LE(verb);
	/* The entry must be in memory before the controller sees the new WP. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ctl->corb_wp = wp;
	wr16(ctl, HDA_CORBWP, wp);
}

static void deliver(HdaController *ctl, uint32_t res, uint32_t ex)
{
	if (ex & HDA_RIRB_EX_UNSOL) {
		ctl->unsol_count++;
		sv_debug("%s: unsolicited response 0x%08x from codec %u", ctl->name, res,
			 HDA_RIRB_EX_CAD(ex));
		if (ctl->unsol_fn)
			ctl->unsol_fn(ctl, HDA_RIRB_EX_CAD(ex), res, ctl->unsol_data);
		return;
	}
	if (ctl->n_pending == HDA_PENDING_MAX) {
		ctl->stray_count++;
		sv_warn_dev(ctl->dev, "%s: dropping unclaimed response 0x%08x from codec %u", ctl->name,
			ctl->pending[0].res, HDA_RIRB_EX_CAD(ctl->pending[0].ex));
		memmove(ctl->pending, ctl->pending + 1, sizeof(ctl->pending[0]) *
			(HDA_PENDING_MAX - 1));
		ctl->n_pending--;
	}
	ctl->pending[ctl->n_pending++] = (HdaRirbEntry){ res, ex };
}

/* Deliver the entries up to RIRBWP @wp (as read: 0xffff = device gone). */
static inline unsigned consume(HdaController *ctl, unsigned wp)
{
	volatile uint32_t *rirb;
	unsigned n = 0, entries = ctl->info.rirb_entries;

	if (wp == 0xffff) /* device gone: the access error is reported by the caller */
		return 0;
	wp &= entries - 1;
	rirb = (volatile uint32_t *)((uint8_t *)ctl->rings->vaddr + HDA_RIRB_OFFSET);
	/* The entries are in memory before the pointer that covers them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while (ctl->rirb_rp != wp) {
		uint32_t res, ex;

		ctl->rirb_rp = ring_next(ctl->rirb_rp, entries);
		res = GUINT32_FROM_LE(rirb[ctl->rirb_rp * 2]);
		ex = GUINT32_FROM_LE(rirb[ctl->rirb_rp * 2 + 1]);
		if (G_UNLIKELY(ex == HDA_RIRB_EX_UNWRITTEN)) {
			ctl->rirb_unwritten = true;
			continue;
		}
		rirb[ctl->rirb_rp * 2 + 1] = HDA_RIRB_EX_UNWRITTEN; /* armed for its next lap */
		deliver(ctl, res, ex);
		n++;
	}
	return n;
}

/* RIRBSTS read and cleared, then RIRBWP read (see hda_rirb_collect()). */
static inline unsigned collect(HdaController *ctl, uint8_t *status)
{
	uint8_t sts;

	if (status)
		*status = 0;
	if (!ctl->corb_running)
		return 0;
	/* Acknowledge first, then read the write pointer (Linux order): a response
	 * that lands in between sets RINTFL again; and QEMU fetches the next verb
	 * as soon as RINTFL is cleared. */
	sts = rd8(ctl, HDA_RIRBSTS);
	if (sts == 0xff)
		return 0;
	if (sts & (HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS))
		wr8(ctl, HDA_RIRBSTS, sts & (HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS));
	if (sts & HDA_RIRBSTS_RIRBOIS)
		sv_warn_dev(ctl->dev, "%s: RIRB overrun", ctl->name);
	if (status)
		*status = sts;
	return consume(ctl, rd16(ctl, HDA_RIRBWP));
}

unsigned hda_rirb_collect(HdaController *ctl, uint8_t *status)
{
	return collect(ctl, status);
}

unsigned hda_rirb_poll(HdaController *ctl)
{
	unsigned wp;

	if (!ctl->corb_running)
		return 0;
	wp = rd16(ctl, HDA_RIRBWP);
	if (wp == 0xffff || (wp & (ctl->info.rirb_entries - 1)) == ctl->rirb_rp)
		return 0;
	/* New entries: acknowledge them (QEMU fetches no verb while RINTFL is
	 * pending); one that lands after this write is seen at the next poll. */
	wr8(ctl, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL);
	return consume(ctl, wp);
}

/* Take the oldest pending response from codec @cad; drop older ones from others. */
static inline gboolean take_response(HdaController *ctl, unsigned cad, uint32_t *res)
{
	for (unsigned i = 0; i < ctl->n_pending; i++) {
		if (HDA_RIRB_EX_CAD(ctl->pending[i].ex) != cad)
			continue;
		*res = ctl->pending[i].res;
		if (i)
			sv_debug("%s: %u stale response(s) from other codecs dropped", ctl->name, i);
		ctl->stray_count += i;
		if (i + 1 < ctl->n_pending)
			memmove(ctl->pending, ctl->pending + i + 1,
				sizeof(ctl->pending[0]) * (ctl->n_pending - i - 1));
		ctl->n_pending -= i + 1;
		return TRUE;
	}
	return FALSE;
}

static void drop_pending(HdaController *ctl)
{
	if (ctl->n_pending)
		sv_debug("%s: dropping %u late response(s) before the next verb", ctl->name,
			 ctl->n_pending);
	ctl->stray_count += ctl->n_pending;
	ctl->n_pending = 0;
}

/* The wait for one response (wait_response()). */
typedef struct {
	HdaController *ctl;
	unsigned cad;
	uint32_t *res;
	bool *no_response;
	bool irq_fired;   /* the idle wait saw the interrupt: the next look takes it */
	bool failed;      /* a look failed (the error is not the wait's timeout) */
	GError *err;      /* the idle wait's error, for the next look */
	int64_t start;    /* the first miss (the polling back-off) */
} ResponseWait;

/* One look: what the interrupt or the RIRB brought; TRUE once the response is in. */
static gboolean response_arrived(void *data, GError **error)
{
	ResponseWait *w = data;
	HdaController *ctl = w->ctl;

	if (w->err) {
		g_propagate_error(error, g_steal_pointer(&w->err));
		w->failed = true;
		return FALSE;
	}
	if (ctl->irq_mode == HDA_IRQ_POLL) {
		if (hda_rirb_poll(ctl))
			*w->no_response = false;
	} else if (w->irq_fired || hda_ctl_irq_take(ctl) || hda_ctl_irq_wait(ctl, 0, error)) {
		unsigned got = 0;

		w->irq_fired = false;
		/* The RIRB alone when nothing else can have raised it (the same
		 * test as hda_ctl_service_irq(), inline: this is the hot path);
		 * otherwise, or when the RIRB does not explain it, every source. */
		if (hda_ctl_rirb_only_source(ctl)) {
			ctl->in_service = true;
			got = collect(ctl, NULL);
			ctl->in_service = false;
		}
		if (!got)
			got = hda_ctl_service_pending(ctl);
		if (got)
			*w->no_response = false;
		if (ctl->irq_mode == HDA_IRQ_INTX)
			hda_ctl_irq_done(ctl);
	} else if (*error) {
		w->failed = true;
		return FALSE;
	}
	if (!ctl->mmio && !sv_device_take_error(ctl->dev, error)) {
		w->failed = true;
		return FALSE;
	}
	return take_response(ctl, w->cad, w->res);
}

/* Between two looks: sleep on the interrupt, or poll with a short back-off. */
static void response_idle(void *data, int64_t deadline)
{
	ResponseWait *w = data;
	int64_t now = sv_now_us(), left = MAX(deadline - now, 0);

	if (!w->start)
		w->start = now;
	if (w->ctl->irq_mode == HDA_IRQ_POLL)
		/* QEMU answers at once, real codecs within a frame or two. */
		g_usleep((gulong)MIN(left, now - w->start < 1000 ? 10 : 200));
	else
		w->irq_fired = hda_ctl_irq_wait(w->ctl, (int)((left + 999) / 1000), &w->err);
}

/*
 * Wait for the response to @verb (already sent).  @no_response is set when
 * nothing at all came back (RIRBWP did not move).
 *
 * With interrupts, the interrupt is waited for first, so a dead interrupt
 * path shows up as "deadline passed, yet the response is in the RIRB": the
 * controller then falls back to polling (Linux does the same).  The clock is
 * read only when the response is not there at the first look (models answer
 * during the CORBWP write; hardware within a frame or two).  The caller sets
 * @no_response (true unless it already took RIRB entries for this verb).
 */
static gboolean wait_response(HdaController *ctl, uint32_t verb, uint32_t *res,
			      bool *no_response, GError **error)
{
	ResponseWait w = { ctl, HDA_VERB_CAD(verb), res, no_response };
	g_autoptr(GError) err = NULL;
	unsigned cad = w.cad;

	if (sv_wait_until_idle(response_arrived, response_idle, &w,
			       (int64_t)ctl->opts.response_timeout_ms * 1000, "a codec response",
			       &err))
		return TRUE;
	g_clear_error(&w.err);
	if (w.failed) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	/* Deadline passed: one full look (RIRBSTS too, for an overrun). */
	if (hda_rirb_collect(ctl, NULL))
		*no_response = false;
	if (!sv_device_take_error(ctl->dev, error))
		return FALSE;
	if (take_response(ctl, cad, res)) {
		hda_ctl_irq_to_polling(ctl, "a codec response arrived without an interrupt");
		return TRUE;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
		    "%s: no response from codec %u (NID 0x%02x, verb 0x%08x) within %d ms: is "
		    "there a codec at address %u? (codec mask 0x%04x)", ctl->name, cad,
		    HDA_VERB_NID(verb), verb, ctl->opts.response_timeout_ms, cad,
		    ctl->info.codec_mask);
	return FALSE;
}

static gboolean corb_command(HdaController *ctl, uint32_t verb, uint32_t *res, bool *no_response,
			     GError **error)
{
	/* After a verb that got no answer, what came late belongs to nobody. */
	if (ctl->rirb_resync) {
		hda_rirb_collect(ctl, NULL);
		ctl->rirb_resync = false;
	}
	drop_pending(ctl);
	corb_send(ctl, verb);
	/* (accesses through a mapped BAR have no errors to report) */
	if (!ctl->mmio && !sv_device_take_error(ctl->dev, error))
		return FALSE;
	*no_response = true;
	/*
	 * The common case, kept short (the hot path): the interrupt is in already
	 * and the RIRB is the only source that can have raised it.  Anything
	 * else, or an answer not there yet, goes through the general wait.
	 */
	if (hda_ctl_rirb_only_source(ctl) && hda_ctl_irq_take(ctl)) {
		unsigned got;

		ctl->in_service = true;
		got = collect(ctl, NULL);
		ctl->in_service = false;
		if (ctl->irq_mode == HDA_IRQ_INTX)
			hda_ctl_irq_done(ctl);
		if (!ctl->mmio && !sv_device_take_error(ctl->dev, error))
			return FALSE;
		if (got)
			*no_response = false;
		if (got && take_response(ctl, HDA_VERB_CAD(verb), res))
			return TRUE;
	}
	return wait_response(ctl, verb, res, no_response, error);
}

/*
 * RIRBWP moved over an entry still holding its "never written" mark: the
 * controller answered, but its DMA write did not reach our memory.  Better
 * said plainly than a response of 0 taken for the codec's.
 */
static gboolean rirb_reached_memory(HdaController *ctl, uint32_t verb, GError **error)
{
	if (G_LIKELY(!ctl->rirb_unwritten))
		return TRUE;
	g_set_error(error, SV_ERROR, SV_ERROR_IO,
		    "%s: the controller answered verb 0x%08x (RIRBWP moved) but its RIRB entry "
		    "never reached memory: the device's DMA does not land in the buffers we "
		    "gave it.  A vfio-user server that ignores DMA maps without an fd does this "
		    "(QEMU 7.2's x-vfio-user-server: let DMA memory be shared, i.e. do not set "
		    "SOFVFIO_VFU_DMA=message); on hardware, check the IOMMU mapping", ctl->name,
		    verb);
	return FALSE;
}

gboolean hda_corb_command(HdaController *ctl, uint32_t verb, uint32_t *res, bool *no_response,
			  GError **error)
{
	gboolean ok = corb_command(ctl, verb, res, no_response, error);

	if (G_UNLIKELY(ctl->rirb_unwritten)) {
		g_clear_error(error);
		ok = rirb_reached_memory(ctl, verb, error);
		*no_response = false;
	}
	if (ok)
		return TRUE;
	ctl->rirb_resync = true;
	return FALSE;
}

/*
 * QEMU keeps its count of unacknowledged responses across a controller
 * reset: when a previous user left it equal to RINTCNT, the model fetches no
 * verb at all.  Moving RINTCNT away from that count and kicking CORBWP gets
 * one response through; acknowledging it zeroes the count.
 */
gboolean hda_corb_unstall(HdaController *ctl, uint32_t verb, uint32_t *res)
{
	g_autoptr(GError) err = NULL;
	bool none = true;
	gboolean ok;

	sv_debug("%s: no response at all: retrying with RINTCNT=2", ctl->name);
	wr16(ctl, HDA_RINTCNT, 2);
	wr16(ctl, HDA_CORBWP, ctl->corb_wp);
	ok = wait_response(ctl, verb, res, &none, &err);
	wr16(ctl, HDA_RINTCNT, 1);
	hda_rirb_collect(ctl, NULL);
	ctl->rirb_resync = !ok;
	return ok;
}
