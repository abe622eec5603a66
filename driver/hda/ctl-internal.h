/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctl-internal.h - the HDA controller's private state, shared by the files
 * of driver/hda that implement hda.h (controller.c, reset.c, extcap.c,
 * irq.c, corb.c, immediate.c, command.c).  Not a public header.
 */
#ifndef SOFVFIO_HDA_CTL_INTERNAL_H
#define SOFVFIO_HDA_CTL_INTERNAL_H

#include "sofvfio/hda.h"

#define HDA_MAX_SD 30          /* INTCTL/INTSTS have 30 stream bits */
#define HDA_RING_PAGE 4096     /* CORB at 0, RIRB at 2048 */
#define HDA_RIRB_OFFSET 2048
#define HDA_PENDING_MAX 16     /* solicited responses read but not yet claimed */

/* Shorthands: every register access goes to BAR0 at its own width. */
#define rd8(c, o) sv_read8((c)->dev, 0, (o))
#define rd16(c, o) sv_read16((c)->dev, 0, (o))
#define rd32(c, o) sv_read32((c)->dev, 0, (o))
#define wr8(c, o, v) sv_write8((c)->dev, 0, (o), (v))
#define wr16(c, o, v) sv_write16((c)->dev, 0, (o), (v))
#define wr32(c, o, v) sv_write32((c)->dev, 0, (o), (v))

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

	/* interrupts */
	HdaIrqMode irq_mode;
	uint32_t irq_index;          /* SV_IRQ_MSI / SV_IRQ_INTX when not polling */
	uint32_t intctl;             /* shadow of INTCTL */
	unsigned irqs_seen;

	/* command transport */
	HdaCmdMode cmd_mode;
	SvDmaBuf *rings;             /* CORB + RIRB page */
	unsigned corb_wp;            /* last CORB slot written */
	unsigned rirb_rp;            /* last RIRB slot read */
	bool corb_running;
	bool imm_warned;             /* ICIS.ICB stuck warning given */
	HdaRirbEntry pending[HDA_PENDING_MAX];
	unsigned n_pending;
	unsigned unsol_count, stray_count;

	/* handlers */
	HdaUnsolFunc unsol_fn;
	void *unsol_data;
	HdaStreamIrqFunc sd_fn[HDA_MAX_SD];
	void *sd_data[HDA_MAX_SD];

	/* position buffer */
	SvDmaBuf *posbuf;
	bool in_service;
};

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
/* wait for the interrupt (TRUE) or time out (FALSE, no error); poll mode sleeps */
gboolean hda_ctl_irq_wait(HdaController *ctl, int timeout_ms, GError **error);
void hda_ctl_irq_done(HdaController *ctl);
void hda_ctl_irq_to_polling(HdaController *ctl, const char *why);

/* corb.c */
gboolean hda_corb_setup(HdaController *ctl, GError **error);
void hda_corb_stop(HdaController *ctl);
gboolean hda_corb_send(HdaController *ctl, uint32_t verb, GError **error);
/* read new RIRB entries: solicited ones into ctl->pending, unsolicited to the handler */
unsigned hda_rirb_collect(HdaController *ctl);
gboolean hda_corb_command(HdaController *ctl, uint32_t verb, uint32_t *res, bool *no_response,
			  GError **error);
gboolean hda_corb_unstall(HdaController *ctl, uint32_t verb, uint32_t *res);

/* immediate.c */
gboolean hda_imm_command(HdaController *ctl, uint32_t verb, uint32_t *res, GError **error);

/* controller.c: service everything pending without waiting (RIRB, streams,
 * STATESTS), re-arm INTx; returns the number of RIRB entries read */
unsigned hda_ctl_service_pending(HdaController *ctl);

/* command.c */
gboolean hda_ctl_probe_transport(HdaController *ctl, GError **error);

#endif
