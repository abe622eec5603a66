/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctl-internal.h - the HDA controller's private state, shared by the files
 * of driver/hda that implement hda.h (controller.c, reset.c, extcap.c,
 * irq.c, corb.c, immediate.c, command.c).  Not a public header.
 */
#ifndef SOFVFIO_HDA_CTL_INTERNAL_H
#define SOFVFIO_HDA_CTL_INTERNAL_H

#include "sofvfio/hda.h"

#include <stdbool.h>
#include <unistd.h>

#define HDA_MAX_SD 30          /* INTCTL/INTSTS have 30 stream bits */
#define HDA_RING_PAGE 4096     /* CORB at 0, RIRB at 2048 */
#define HDA_POSBUF_BYTES 4096  /* DMA position buffer: 8 bytes per stream (3.3.32) */
#define HDA_RIRB_OFFSET 2048
#define HDA_PENDING_MAX 16     /* solicited responses read but not yet claimed */

/*
 * Shorthands: every register access goes to BAR0 at its own width.  When the
 * backend maps all of BAR0 (kernel VFIO), straight through that mapping, as
 * sv_read*()/sv_write*() would do after their checks (the offsets here are
 * inside BAR0: its size is checked at bring-up); otherwise through them
 * (vfio-user messages, qtest commands).  HDA registers are little-endian.
 */
#define rd8(c, o) hda_rd8((c), (o))
#define rd16(c, o) hda_rd16((c), (o))
#define rd32(c, o) hda_rd32((c), (o))
#define wr8(c, o, v) hda_wr8((c), (o), (v))
#define wr16(c, o, v) hda_wr16((c), (o), (v))
#define wr32(c, o, v) hda_wr32((c), (o), (v))

typedef struct {
	uint32_t res;
	uint32_t ex;
} HdaRirbEntry;

struct HdaController {
	SvDevice *dev;
	const char *name;            /* device name, for messages */
	HdaOptions opts;             /* defaults filled in */
	HdaControllerInfo info;
	uint64_t bar_size;
	volatile uint8_t *mmio;      /* all of BAR0 mapped, or NULL */

	/* interrupts */
	HdaIrqMode irq_mode;
	uint32_t irq_index;          /* SV_IRQ_MSI / SV_IRQ_INTX when not polling */
	int irq_fd;                  /* its eventfd (non-blocking), -1 when polling */
	uint32_t intctl;             /* shadow of INTCTL */
	unsigned irqs_seen;
	/* MSI is one message per rising edge: a service that leaves a source
	 * pending comes back at once instead of waiting (irq.c, controller.c) */
	bool irq_again;
	uint32_t intsts_left;        /* INTSTS bits the last service left pending */

	/* command transport */
	HdaCmdMode cmd_mode;
	SvDmaBuf *rings;             /* CORB + RIRB page */
	unsigned corb_wp;            /* last CORB slot written */
	unsigned rirb_rp;            /* last RIRB slot read */
	bool corb_running;
	bool rirb_resync;            /* a verb got no answer: collect and drop before the next */
	bool rirb_unwritten;         /* RIRBWP covered an entry the controller never wrote */
	bool imm_warned;             /* ICIS.ICB stuck warning given */
	HdaRirbEntry pending[HDA_PENDING_MAX];
	unsigned n_pending;
	unsigned unsol_count, stray_count;

	/* handlers */
	HdaUnsolFunc unsol_fn;
	void *unsol_data;
	HdaIrqHook irq_hook;         /* another source on the same interrupt (DSP IPC) */
	void *irq_hook_data;
	HdaStreamIrqFunc sd_fn[HDA_MAX_SD];
	void *sd_data[HDA_MAX_SD];

	/* position buffer */
	SvDmaBuf *posbuf;
	bool in_service;
};

static inline uint8_t hda_rd8(HdaController *c, unsigned o)
{
	return c->mmio ? *(volatile uint8_t *)(c->mmio + o) : sv_read8(c->dev, 0, o);
}

static inline uint16_t hda_rd16(HdaController *c, unsigned o)
{
	return c->mmio ? GUINT16_FROM_LE(*(volatile uint16_t *)(c->mmio + o))
		       : sv_read16(c->dev, 0, o);
}

static inline uint32_t hda_rd32(HdaController *c, unsigned o)
{
	return c->mmio ? GUINT32_FROM_LE(*(volatile uint32_t *)(c->mmio + o))
		       : sv_read32(c->dev, 0, o);
}

static inline void hda_wr8(HdaController *c, unsigned o, uint8_t v)
{
	if (c->mmio)
		*(volatile uint8_t *)(c->mmio + o) = v;
	else
		sv_write8(c->dev, 0, o, v);
}

static inline void hda_wr16(HdaController *c, unsigned o, uint16_t v)
{
	if (c->mmio)
		*(volatile uint16_t *)(c->mmio + o) = GUINT16_TO_LE(v);
	else
		sv_write16(c->dev, 0, o, v);
}

static inline void hda_wr32(HdaController *c, unsigned o, uint32_t v)
{
	if (c->mmio)
		*(volatile uint32_t *)(c->mmio + o) = GUINT32_TO_LE(v);
	else
		sv_write32(c->dev, 0, o, v);
}

/* reset.c */
gboolean hda_ctl_link_reset(HdaController *ctl, GError **error);
gboolean hda_ctl_enter_reset(HdaController *ctl, GError **error);
void hda_ctl_clear_status(HdaController *ctl);
/* stream RUN/interrupt bits off, CORB/RIRB DMA off, INTCTL 0 */
void hda_ctl_stop_dma(HdaController *ctl);
unsigned hda_ctl_num_sd(const HdaController *ctl);

/* extcap.c */
void hda_ctl_parse_extcaps(HdaController *ctl);

/* irq.c */
gboolean hda_ctl_irq_setup(HdaController *ctl, GError **error);
void hda_ctl_irq_teardown(HdaController *ctl);
/* wait for the interrupt (TRUE) or time out (FALSE, no error); poll mode sleeps.
 * A signalled interrupt is taken without reading the clock. */
gboolean hda_ctl_irq_wait(HdaController *ctl, int timeout_ms, GError **error);
/* the interrupt, when it is signalled already: one read() of the eventfd */
static inline bool hda_ctl_irq_take(HdaController *ctl)
{
	uint64_t n;

	if (ctl->irq_again || ctl->irq_fd < 0 || read(ctl->irq_fd, &n, sizeof(n)) != sizeof(n))
		return false;
	ctl->irqs_seen++;
	return true;
}
/* after servicing: re-arm INTx (VFIO masks it when it fires) */
void hda_ctl_irq_done(HdaController *ctl);
void hda_ctl_irq_to_polling(HdaController *ctl, const char *why);

/* corb.c */
gboolean hda_corb_setup(HdaController *ctl, GError **error);
void hda_corb_stop(HdaController *ctl);
/* Read new RIRB entries (solicited ones into ctl->pending, unsolicited to the
 * handler); return how many.  collect: RIRBSTS read (@status, may be NULL; an
 * overrun is reported) and cleared, then RIRBWP read: after an interrupt, or
 * whenever in doubt.  poll: RIRBWP read, RINTFL cleared only when it moved. */
unsigned hda_rirb_collect(HdaController *ctl, uint8_t *status);
unsigned hda_rirb_poll(HdaController *ctl);
gboolean hda_corb_command(HdaController *ctl, uint32_t verb, uint32_t *res, bool *no_response,
			  GError **error);
gboolean hda_corb_unstall(HdaController *ctl, uint32_t verb, uint32_t *res);

/* immediate.c */
gboolean hda_imm_command(HdaController *ctl, uint32_t verb, uint32_t *res, GError **error);

/* controller.c: service without waiting; return the number of RIRB entries read.
 * _irq: after the interrupt fired (the cheapest look that finds its source);
 * _pending: everything that may be pending (RIRB, streams, STATESTS). */
unsigned hda_ctl_service_irq(HdaController *ctl);
unsigned hda_ctl_service_pending(HdaController *ctl);
/*
 * After an interrupt, the RIRB alone needs a look when nothing else can have
 * raised it: no stream interrupt enabled in INTCTL, nothing left pending by
 * the last service, not inside a handler; and WAKEEN 0, RIRBCTL.OIC and
 * CORBCTL.MEIE off (the driver never sets them), so RINTFL is the only
 * controller source, and clearing it drops INTSTS.GIS (no MSI edge lost).
 */
static inline bool hda_ctl_rirb_only_source(const HdaController *ctl)
{
	return !ctl->in_service && !ctl->intsts_left && !(ctl->intctl & HDA_INT_SIE_MASK) &&
	       ctl->corb_running;
}

/* command.c */
gboolean hda_ctl_probe_transport(HdaController *ctl, GError **error);

#endif
