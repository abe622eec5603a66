// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * controller.c - the controller as a whole: its PCI identity, controller
 * (link) reset through GCTL.CRST, the interrupt summary, the wall clock,
 * and the device callbacks the vfio-user server calls.
 */
#define SV_LOG_PREFIX "hda"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "hda-priv.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#define PCI_CLASS_HDA 0x040300   /* multimedia, HD audio */
#define EMU_HDA_PCI_HDCTL 0x40       /* ICH: bit 0 selects HD Audio (vs AC'97) signalling */
#define GSTS_FSTS (1u << 1)

gboolean emu_hda_in_reset(EmuHda *h)
{
	return !(h->gctl & HDA_GCTL_CRST);
}

/*
 * INTSTS (spec 3.3.15): SIS bit n for stream n's enabled status bits, CIS for
 * the controller's (RIRB response/overrun, CORB memory error, codec state
 * change under WAKEEN), GIS when any of those is enabled in INTCTL.
 */
uint32_t emu_hda_intsts(EmuHda *h)
{
	uint32_t sts = 0;
	gboolean cis;

	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
		if (emu_hda_stream_sis(h, n))
			sts |= 1u << n;
	cis = ((h->rirbsts & HDA_RIRBSTS_RINTFL) && (h->rirbctl & HDA_RIRBCTL_RINTCTL)) ||
	      ((h->rirbsts & HDA_RIRBSTS_RIRBOIS) && (h->rirbctl & HDA_RIRBCTL_OIC)) ||
	      ((h->corbsts & HDA_CORBSTS_MEI) && (h->corbctl & HDA_CORBCTL_MEIE)) ||
	      (h->statests & h->wakeen);
	if (cis)
		sts |= HDA_INT_CIS;
	/* The DSP's interrupt (IPC) is a source of the function's interrupt with no
	 * bit of its own here: SOF's handler sees GIS and asks ADSPIS. */
	if ((sts & h->intctl & 0xff) || (cis && (h->intctl & HDA_INT_CIE)) ||
	    (h->dsp && h->dsp_ops->irq(h->dsp)))
		sts |= HDA_INT_GIS;
	return sts;
}

void emu_hda_update_irq(EmuHda *h)
{
	emu_server_irq_level(h->srv, (emu_hda_intsts(h) & HDA_INT_GIS) && (h->intctl & HDA_INT_GIE));
	/* Fast pace: a stream held by its interrupt goes on once it is cleared. */
	emu_hda_streams_kick(h);
}

uint32_t emu_hda_read_intsts(EmuHda *h, const EmuHdaReg *r, uint32_t stored)
{
	return emu_hda_intsts(h);
}

/* 24 MHz since the link left reset; 0 while in reset (spec 3.3.16). */
uint32_t emu_hda_read_walclk(EmuHda *h, const EmuHdaReg *r, uint32_t stored)
{
	if (emu_hda_in_reset(h))
		return 0;
	return (uint32_t)((sv_now_us() - h->wall_base_us) * 24);
}

void emu_hda_write_irq(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	emu_hda_update_irq(h);
}

void emu_hda_write_ssync(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	/* A stream whose bit is set holds still; clearing the bit lets it go. */
	emu_hda_streams_schedule(h);
}

static unsigned codec_mask(EmuHda *h)
{
	unsigned m = 0;

	for (unsigned i = 0; i < h->n_codecs; i++)
		if (h->codecs[i])
			m |= 1u << i;
	return m;
}

/*
 * Controller reset.  @power_on: the function's own reset (VFIO_USER_DEVICE_RESET,
 * PM reset): everything to power-on values.  Otherwise GCTL.CRST went to 0:
 * every register but GCTL and the resume-well ones (WAKEEN, STATESTS).  The
 * link goes down either way, and that resets the codecs (spec 4.3, link reset).
 */
static void controller_reset(EmuHda *h, gboolean power_on)
{
	emu_hda_streams_stop(h);
	emu_hda_regs_reset(h, power_on);
	h->rirb_count = 0;
	emu_hda_codecs_reset(h);
	if (h->dsp)
		h->dsp_ops->reset(h->dsp, power_on);
	emu_trace("reset %s", power_on ? "function" : "link");
	emu_hda_update_irq(h);
	emu_hda_streams_schedule(h);
}

void emu_hda_write_gctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	if ((old & HDA_GCTL_CRST) && !(h->gctl & HDA_GCTL_CRST)) {
		uint32_t keep = h->gctl;

		sv_debug("GCTL.CRST 0: controller enters reset");
		controller_reset(h, FALSE);
		h->gctl = keep;
	} else if (!(old & HDA_GCTL_CRST) && (h->gctl & HDA_GCTL_CRST)) {
		/* Leaving reset: each codec requests its address (spec 4.3), which
		 * shows as its STATESTS bit. */
		h->statests |= codec_mask(h);
		h->wall_base_us = sv_now_us();
		sv_debug("GCTL.CRST 1: link up, STATESTS 0x%04x", h->statests);
	}
	if (h->gctl & HDA_GCTL_FCNTRL) {
		/* A flush completes at once: FSTS set, FCNTRL cleared by hardware. */
		h->gctl &= ~HDA_GCTL_FCNTRL;
		h->gsts |= GSTS_FSTS;
	}
	emu_hda_update_irq(h);
}

/* ---- the device callbacks ----------------------------------------------------- */

/* BAR0 bytes the DSP decodes (its capability list), and its own BARs, go to it. */
static gboolean dsp_claims(EmuHda *h, unsigned bar, uint64_t offset)
{
	return h->dsp && (bar != 0 || h->dsp_ops->bar0_claims(h->dsp, offset));
}

static int bar_read(void *opaque, unsigned bar, uint64_t offset, unsigned width, uint32_t *val)
{
	EmuHda *h = opaque;

	if (dsp_claims(h, bar, offset)) {
		if (bar != 0)
			return h->dsp_ops->bar_read(h->dsp, bar, offset, width, val);
		*val = h->dsp_ops->bar0_read(h->dsp, offset, width);
		emu_trace("mmio r%u 0x%04x 0x%08x", width, (unsigned)offset, *val);
		return 0;
	}
	if (bar != 0 || offset + width > EMU_HDA_BAR_SIZE)
		return EINVAL;
	*val = emu_hda_mmio_read(opaque, offset, width);
	return 0;
}

static int bar_write(void *opaque, unsigned bar, uint64_t offset, unsigned width, uint32_t val)
{
	EmuHda *h = opaque;

	if (dsp_claims(h, bar, offset)) {
		if (bar != 0)
			return h->dsp_ops->bar_write(h->dsp, bar, offset, width, val);
		emu_trace("mmio w%u 0x%04x 0x%08x", width, (unsigned)offset, val);
		/* Like every controller register but GCTL: no writes in reset (3.3.7). */
		if (!emu_hda_in_reset(h))
			h->dsp_ops->bar0_write(h->dsp, offset, width, val);
		emu_hda_update_irq(h);
		return 0;
	}
	if (bar != 0 || offset + width > EMU_HDA_BAR_SIZE)
		return EINVAL;
	emu_hda_mmio_write(opaque, offset, width, val);
	return 0;
}

static void dev_reset(void *opaque)
{
	controller_reset(opaque, TRUE);
}

static void dev_tick(void *opaque, int64_t now)
{
	EmuHda *h = opaque;

	if (h->dsp)
		h->dsp_ops->tick(h->dsp, now);
	emu_hda_streams_tick(opaque, now);
}

static void dev_event(void *opaque)
{
	emu_hda_unsol_inject(opaque);
}

static void dev_client(void *opaque, gboolean connected)
{
	EmuHda *h = opaque;

	if (!connected)
		for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
			if (h->sd[n].ctl & HDA_SD_CTL_RUN)
				sv_info("stream %u still runs without a client: its DMA will fault", n);
}

static const EmuDeviceOps emu_hda_ops = {
	.bar_read = bar_read,
	.bar_write = bar_write,
	.reset = dev_reset,
	.tick = dev_tick,
	.event = dev_event,
	.client = dev_client,
};

static EmuPci *build_pci(const char *controller, GError **error)
{
	uint16_t device;
	uint8_t rev;
	EmuPci *pci;

	if (!controller || !strcmp(controller, "ich6")) {
		device = 0x2668; /* 82801FB (ICH6) HD Audio, QEMU's intel-hda */
		rev = 1;
	} else if (!strcmp(controller, "ich9")) {
		device = 0x293e; /* 82801I (ICH9) HD Audio, QEMU's ich9-intel-hda */
		rev = 3;
	} else {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "unknown controller \"%s\": use ich6 or ich9", controller);
		return NULL;
	}
	/* Subsystem ids as QEMU gives its devices, so both mock and qtest look alike. */
	pci = emu_pci_new(0x8086, device, rev, PCI_CLASS_HDA, 0x1af4, 0x1100);
	emu_pci_set_bar(pci, 0, EMU_HDA_BAR_SIZE, TRUE);
	emu_pci_init_reg(pci, EMU_HDA_PCI_HDCTL, 1, 0x01, 0x01, 0);
	emu_pci_init_reg(pci, HDA_PCI_TCSEL, 1, 0, 0x07, 0);
	/* The ICH capability list: PM at 0x50, MSI at 0x60, PCI Express at 0x70. */
	emu_pci_add_pm(pci, 0x50);
	emu_pci_add_msi(pci, 0x60);
	emu_pci_add_pcie(pci, 0x70);
	return pci;
}

EmuHda *emu_hda_new(EmuServer *srv, const EmuHdaOptions *opts, GError **error)
{
	static char *default_codecs[] = { "hda-duplex", NULL };
	char **specs = opts->codecs && opts->codecs[0] ? opts->codecs : default_codecs;
	EmuHda *h;
	EmuPci *pci;

	if (g_strv_length(specs) > EMU_HDA_MAX_CODECS) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "%u codecs given: the link has %d codec addresses",
			    g_strv_length(specs), EMU_HDA_MAX_CODECS);
		return NULL;
	}
	pci = build_pci(opts->controller, error);
	if (!pci)
		return NULL;
	h = g_new0(EmuHda, 1);
	h->srv = srv;
	h->fast = opts->fast;
	h->codec_specs = g_strdupv(specs);
	h->n_codecs = g_strv_length(specs);
	for (unsigned i = 0; i < h->n_codecs; i++) {
		h->codecs[i] = emu_codec_new(specs[i], error);
		if (!h->codecs[i]) {
			g_prefix_error(error, "codec %u (%s): ", i, specs[i]);
			goto fail;
		}
		sv_info("codec %u: %s, vendor id 0x%08x", i, specs[i],
			emu_codec_vendor_id(h->codecs[i]));
	}
	if (opts->sink && !(h->sink = emu_hda_sink_open(opts->sink, error)))
		goto fail;
	if (opts->source && !(h->source = emu_hda_source_new(opts->source, error)))
		goto fail;
	emu_hda_regs_reset(h, TRUE);
	emu_server_set_device(srv, pci, &emu_hda_ops, h);
	return h;
fail:
	emu_pci_free(pci);
	emu_hda_free(h);
	return NULL;
}

void emu_hda_attach_dsp(EmuHda *h, const EmuHdaDspOps *ops, void *dsp)
{
	h->dsp_ops = ops;
	h->dsp = dsp;
}

unsigned emu_hda_num_streams(EmuHda *h, unsigned *iss)
{
	if (iss)
		*iss = EMU_HDA_NUM_ISS;
	return EMU_HDA_NUM_SD;
}

gboolean emu_hda_stream_state(EmuHda *h, unsigned n, EmuHdaStreamState *st)
{
	if (n >= EMU_HDA_NUM_SD)
		return FALSE;
	st->output = n >= EMU_HDA_NUM_ISS;
	st->tag = HDA_SD_CTL_STRM_GET(h->sd[n].ctl);
	st->running = !emu_hda_in_reset(h) && (h->sd[n].ctl & HDA_SD_CTL_RUN) &&
		      !(h->sd[n].ctl & HDA_SD_CTL_SRST);
	return TRUE;
}

void emu_hda_dsp_changed(EmuHda *h)
{
	emu_hda_update_irq(h);
	emu_hda_streams_schedule(h);
}

void emu_hda_free(EmuHda *h)
{
	if (!h)
		return;
	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
		h->sd[n].ctl &= ~HDA_SD_CTL_RUN;
	emu_hda_sink_close(h->sink);
	emu_hda_source_free(h->source);
	for (unsigned i = 0; i < EMU_HDA_MAX_CODECS; i++)
		if (h->codecs[i])
			emu_codec_free(h->codecs[i]);
	g_strfreev(h->codec_specs);
	g_free(h);
}
