// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hda-mini.c - see hda-mini.h.  Register names and sequence from the HDA
 * spec rev 1.0a: 4.2 (reset), 4.4.1 (CORB), 4.4.2 (RIRB), 3.3 (registers).
 *
 * A second, independent implementation on purpose, kept apart from
 * driver/hda (it shares only the register offsets): a test oracle.  The
 * device tests use it to check the device API without the HDA driver in
 * the way, so a driver bug cannot hide a backend bug.  Do not merge it
 * into driver/hda.  The two fixed waits below are the spec's hold times
 * (4.2.2: CRST asserted >= 100 us; codecs answer within 521 us of the
 * link coming out of reset), not waits for a condition.
 */
#include "hda-mini.h"
#include "sofvfio/hda-regs.h"
#include "sofvfio/wait.h"

#include <string.h>

#define RING_ENTRIES 256
#define RIRB_OFFSET 2048
#define RING_RUN_TIMEOUT_US 10000  /* CORBRUN / RIRBDMAEN take effect "promptly" */
#define CODEC_TIMEOUT_US 100000    /* codecs announce themselves in STATESTS */

static gboolean take_error(HdaMini *h, const char *what, GError **error)
{
	GError *err = NULL;

	if (sv_device_take_error(h->dev, &err))
		return TRUE;
	g_propagate_prefixed_error(error, err, "%s: ", what);
	return FALSE;
}

static gboolean codecs_present(void *data, GError **error)
{
	HdaMini *h = data;
	uint64_t v;

	if (!sv_bar_read(h->dev, 0, HDA_STATESTS, 2, &v, error))
		return FALSE;
	return (v & HDA_STATESTS_MASK) != 0;
}

/* 4.2.2: GCTL.CRST low, hold, high; codecs then set their STATESTS bit. */
static gboolean link_reset(HdaMini *h, GError **error)
{
	SvDevice *dev = h->dev;
	uint32_t gctl = sv_read32(dev, 0, HDA_GCTL);

	sv_write32(dev, 0, HDA_GCTL, gctl & ~HDA_GCTL_CRST);
	if (!take_error(h, "entering reset", error) ||
	    !sv_wait_reg(dev, 0, HDA_GCTL, 4, HDA_GCTL_CRST, 0, HDA_RESET_TIMEOUT_US,
			 "GCTL.CRST to read 0", error))
		return FALSE;
	g_usleep(HDA_RESET_HOLD_US);
	sv_write32(dev, 0, HDA_GCTL, sv_read32(dev, 0, HDA_GCTL) | HDA_GCTL_CRST);
	if (!take_error(h, "leaving reset", error) ||
	    !sv_wait_reg(dev, 0, HDA_GCTL, 4, HDA_GCTL_CRST, HDA_GCTL_CRST, HDA_RESET_TIMEOUT_US,
			 "GCTL.CRST to read 1", error))
		return FALSE;
	g_usleep(HDA_CODEC_WAKE_US);
	if (!sv_wait_until(codecs_present, h, CODEC_TIMEOUT_US, "a codec in STATESTS", error))
		return FALSE;
	h->codec_mask = sv_read16(dev, 0, HDA_STATESTS) & HDA_STATESTS_MASK;
	sv_write16(dev, 0, HDA_STATESTS, h->codec_mask); /* RW1C */
	return take_error(h, "reading STATESTS", error);
}

/* Stop the rings and interrupts a previous user may have left running. */
static void quiesce(HdaMini *h)
{
	SvDevice *dev = h->dev;
	g_autoptr(GError) err = NULL;

	sv_write32(dev, 0, HDA_INTCTL, 0);
	sv_write8(dev, 0, HDA_CORBCTL, 0);
	sv_write8(dev, 0, HDA_RIRBCTL, 0);
	if (!sv_wait_reg(dev, 0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN, 0, RING_RUN_TIMEOUT_US,
			 "CORBCTL.RUN to read 0", &err) ||
	    !sv_wait_reg(dev, 0, HDA_RIRBCTL, 1, HDA_RIRBCTL_DMAEN, 0, RING_RUN_TIMEOUT_US,
			 "RIRBCTL.DMAEN to read 0", &err))
		g_printerr("# hda-mini: %s\n", err->message);
	/* Clearing RINTFL also resets QEMU's pending-response count. */
	sv_write8(dev, 0, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS);
}

static gboolean setup_rings(HdaMini *h, GError **error)
{
	SvDevice *dev = h->dev;
	uint64_t corb = h->rings->iova, rirb = h->rings->iova + RIRB_OFFSET;
	uint16_t gcap = sv_read16(dev, 0, HDA_GCAP);
	uint8_t corbsize = sv_read8(dev, 0, HDA_CORBSIZE), rirbsize = sv_read8(dev, 0, HDA_RIRBSIZE);
	g_autoptr(GError) ignored = NULL;

	if (!take_error(h, "reading GCAP", error))
		return FALSE;
	if ((rirb >> 32) && !(gcap & HDA_GCAP_64OK)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: ring IOVA 0x%" G_GINT64_MODIFIER "x is above 4 GiB and GCAP says "
			    "the controller has 32-bit addressing", sv_device_name(dev), rirb);
		return FALSE;
	}
	/* CORBSIZE/RIRBSIZE bits 7:4: supported sizes; bit 6 = 256 entries. */
	if (!(HDA_RINGSIZE_CAP(corbsize) & 4) || !(HDA_RINGSIZE_CAP(rirbsize) & 4)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: CORBSIZE 0x%02x / RIRBSIZE 0x%02x: no 256-entry rings",
			    sv_device_name(dev), corbsize, rirbsize);
		return FALSE;
	}

	/* 4.4.1.3: CORB base and size with CORBRUN clear, WP 0, RP reset. */
	sv_write32(dev, 0, HDA_CORBLBASE, (uint32_t)corb);
	sv_write32(dev, 0, HDA_CORBUBASE, (uint32_t)(corb >> 32));
	sv_write8(dev, 0, HDA_CORBSIZE, (corbsize & 0xf0) | 2);
	sv_write16(dev, 0, HDA_CORBWP, 0);
	sv_write16(dev, 0, HDA_CORBRP, HDA_CORBRP_RST);
	/* Some controllers never read the reset bit back: that wait may time out. */
	sv_wait_reg(dev, 0, HDA_CORBRP, 2, HDA_CORBRP_RST, HDA_CORBRP_RST, 1000, "CORBRP.RST",
		    &ignored);
	sv_write16(dev, 0, HDA_CORBRP, 0);
	if (!take_error(h, "programming the CORB", error) ||
	    !sv_wait_reg(dev, 0, HDA_CORBRP, 2, HDA_CORBRP_RST, 0, RING_RUN_TIMEOUT_US,
			 "CORBRP.RST to read 0", error))
		return FALSE;

	/* 4.4.2: RIRB base and size, WP reset, one response per interrupt. */
	sv_write32(dev, 0, HDA_RIRBLBASE, (uint32_t)rirb);
	sv_write32(dev, 0, HDA_RIRBUBASE, (uint32_t)(rirb >> 32));
	sv_write8(dev, 0, HDA_RIRBSIZE, (rirbsize & 0xf0) | 2);
	sv_write16(dev, 0, HDA_RIRBWP, HDA_RIRBWP_RST);
	sv_write16(dev, 0, HDA_RINTCNT, 1);
	sv_write8(dev, 0, HDA_RIRBCTL, HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_RINTCTL);
	sv_write8(dev, 0, HDA_CORBCTL, HDA_CORBCTL_RUN);
	if (!take_error(h, "programming the RIRB", error) ||
	    !sv_wait_reg(dev, 0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN, HDA_CORBCTL_RUN,
			 RING_RUN_TIMEOUT_US, "CORBCTL.RUN to read 1", error))
		return FALSE;
	h->corb_wp = 0;
	h->rirb_rp = 0;
	return TRUE;
}

gboolean hda_mini_init(HdaMini *h, SvDevice *dev, GError **error)
{
	memset(h, 0, sizeof(*h));
	h->dev = dev;
	if (!sv_pci_enable(dev, error) || !sv_bar_map(dev, 0, error))
		return FALSE;
	quiesce(h);
	if (!take_error(h, "stopping the controller", error) || !link_reset(h, error))
		return FALSE;
	h->rings = sv_dma_alloc(dev, 4096, error);
	if (!h->rings)
		return FALSE;
	if (!setup_rings(h, error)) {
		hda_mini_fini(h);
		return FALSE;
	}
	sv_write32(dev, 0, HDA_INTCTL, HDA_INT_GIE | HDA_INT_CIE);
	if (!take_error(h, "enabling interrupts", error)) {
		hda_mini_fini(h);
		return FALSE;
	}
	return TRUE;
}

gboolean hda_mini_send(HdaMini *h, uint32_t verb, GError **error)
{
	volatile uint32_t *corb = h->rings->vaddr;
	uint16_t wp = (h->corb_wp + 1) % RING_ENTRIES;

	corb[wp] = GUINT32_TO_LE(verb);
	/* The entry must be in memory before CORBWP tells the controller about it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sv_write16(h->dev, 0, HDA_CORBWP, wp);
	h->corb_wp = wp;
	return take_error(h, "writing CORBWP", error);
}

gboolean hda_mini_take(HdaMini *h, uint32_t *resp, uint32_t *ex, gboolean *got,
		       GError **error)
{
	volatile uint32_t *rirb = (volatile uint32_t *)((uint8_t *)h->rings->vaddr + RIRB_OFFSET);
	uint16_t wp = sv_read16(h->dev, 0, HDA_RIRBWP) & 0xff;
	uint16_t rp;

	*got = FALSE;
	if (!take_error(h, "reading RIRBWP", error))
		return FALSE;
	if (wp == h->rirb_rp)
		return TRUE;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* read the entry after RIRBWP */
	rp = (h->rirb_rp + 1) % RING_ENTRIES;
	*resp = GUINT32_FROM_LE(rirb[rp * 2]);
	if (ex)
		*ex = GUINT32_FROM_LE(rirb[rp * 2 + 1]);
	h->rirb_rp = rp;
	*got = TRUE;
	return TRUE;
}

typedef struct {
	HdaMini *h;
	uint32_t resp;
} PollCtx;

static gboolean response_ready(void *data, GError **error)
{
	PollCtx *p = data;
	gboolean got;

	if (!hda_mini_take(p->h, &p->resp, NULL, &got, error))
		return FALSE;
	return got;
}

gboolean hda_mini_poll(HdaMini *h, int timeout_ms, uint32_t *resp, GError **error)
{
	PollCtx p = { h, 0 };

	if (!sv_wait_until(response_ready, &p, (int64_t)timeout_ms * 1000,
			   "a codec response in the RIRB", error))
		return FALSE;
	*resp = p.resp;
	return TRUE;
}

gboolean hda_mini_ack(HdaMini *h, uint8_t *rirbsts, GError **error)
{
	uint8_t v = sv_read8(h->dev, 0, HDA_RIRBSTS);

	sv_write8(h->dev, 0, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS);
	if (rirbsts)
		*rirbsts = v;
	return take_error(h, "clearing RIRBSTS", error);
}

void hda_mini_fini(HdaMini *h)
{
	g_autoptr(GError) err = NULL;

	if (!h->dev)
		return;
	/* Nothing may DMA into the page once it is unmapped. */
	quiesce(h);
	if (!sv_device_take_error(h->dev, &err))
		g_printerr("# hda-mini: stopping: %s\n", err->message);
	sv_dma_free(h->dev, h->rings);
	h->rings = NULL;
	h->dev = NULL;
}
