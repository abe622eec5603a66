// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * controller.c - bring an HDA controller up and down (as Linux
 * azx_first_init()/azx_init_chip() do), and service its interrupts.
 *
 * Bring-up: PCI memory + bus master, TCSEL cleared, GCAP, link reset and
 * codec mask, extended capabilities, status cleared, position buffer,
 * interrupts, then the command transport (CORB/RIRB, or the immediate
 * command interface when CORB/RIRB does not answer).
 */
#define SV_LOG_PREFIX "hda"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "ctl-internal.h"

#include <string.h>

#define DEFAULT_RESPONSE_TIMEOUT_MS 100
#define DEFAULT_IRQ_TIMEOUT_MS 200

uint64_t hda_controller_dma_bytes(void)
{
	size_t page = sv_page_size();

	return (HDA_RING_PAGE + page - 1) / page * page +
	       (HDA_POSBUF_BYTES + page - 1) / page * page;
}

static gboolean setup_posbuf(HdaController *ctl, GError **error)
{
	g_autoptr(GError) err = NULL;

	ctl->posbuf = sv_dma_alloc(ctl->dev, HDA_POSBUF_BYTES, &err);
	if (!ctl->posbuf) {
		sv_warn_dev(ctl->dev, "%s: no position buffer (%s)", ctl->name, err->message);
		return TRUE;
	}
	if (!ctl->info.addr64 && (ctl->posbuf->iova >> 32)) {
		sv_warn_dev(ctl->dev, "%s: position buffer IOVA is above 4 GiB without GCAP.64OK: not used",
			ctl->name);
		sv_dma_free(ctl->dev, ctl->posbuf);
		ctl->posbuf = NULL;
		return TRUE;
	}
	memset(ctl->posbuf->vaddr, 0, ctl->posbuf->size);
	/* 3.3.32: DPLBASE bits 31:7 address (128-byte aligned), bit 0 enables. */
	wr32(ctl, HDA_DPUBASE, (uint32_t)(ctl->posbuf->iova >> 32));
	wr32(ctl, HDA_DPLBASE, (uint32_t)ctl->posbuf->iova | HDA_DPLBASE_ENABLE);
	return sv_device_take_error(ctl->dev, error);
}

/* BAR0 when one mapping covers all of it (kernel VFIO), else NULL: the
 * register accessors then go through the device API (ctl-internal.h). */
static volatile uint8_t *map_whole_bar(HdaController *ctl)
{
	volatile uint8_t *first = sv_bar_ptr(ctl->dev, 0, 0);
	volatile uint8_t *last = sv_bar_ptr(ctl->dev, 0, ctl->bar_size - 1);

	if (!first || last != first + (ctl->bar_size - 1))
		return NULL;
	return first;
}

static gboolean read_caps(HdaController *ctl, GError **error)
{
	SvRegionInfo ri;
	uint16_t gcap;

	if (!sv_region_info(ctl->dev, SV_REGION_BAR0, &ri, error))
		return FALSE;
	if (ri.size < 0x80 + HDA_SD_STRIDE) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: BAR0 is %" G_GUINT64_FORMAT " bytes: too small for an HDA "
			    "controller (is this an audio device?)", ctl->name, ri.size);
		return FALSE;
	}
	ctl->bar_size = ri.size;
	if (!sv_bar_map(ctl->dev, 0, error))
		return FALSE;
	ctl->mmio = map_whole_bar(ctl);
	gcap = rd16(ctl, HDA_GCAP);
	ctl->info.gcap = gcap;
	ctl->info.vmin = rd8(ctl, HDA_VMIN);
	ctl->info.vmaj = rd8(ctl, HDA_VMAJ);
	if (!sv_device_take_error(ctl->dev, error))
		return FALSE;
	if (gcap == 0xffff) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "%s: GCAP reads 0xffff: the device does not answer", ctl->name);
		return FALSE;
	}
	ctl->info.n_in = HDA_GCAP_ISS(gcap);
	ctl->info.n_out = HDA_GCAP_OSS(gcap);
	ctl->info.n_bidi = HDA_GCAP_BSS(gcap);
	ctl->info.addr64 = gcap & HDA_GCAP_64OK;
	if (HDA_SD_OFF(hda_ctl_num_sd(ctl)) > ctl->bar_size) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: GCAP 0x%04x announces %u stream descriptors, more than BAR0 "
			    "(0x%" G_GINT64_MODIFIER "x bytes) holds", ctl->name, gcap,
			    hda_ctl_num_sd(ctl), ctl->bar_size);
		return FALSE;
	}
	sv_debug("%s: GCAP 0x%04x (%u in, %u out, %u bidi%s), HDA %u.%u", ctl->name, gcap,
		 ctl->info.n_in, ctl->info.n_out, ctl->info.n_bidi,
		 ctl->info.addr64 ? ", 64-bit" : "", ctl->info.vmaj, ctl->info.vmin);
	return TRUE;
}

HdaController *hda_controller_open(SvDevice *dev, const HdaOptions *opts, GError **error)
{
	HdaController *ctl = g_new0(HdaController, 1);
	uint8_t tcsel;

	ctl->dev = dev;
	ctl->name = sv_device_name(dev);
	if (opts)
		ctl->opts = *opts;
	if (ctl->opts.response_timeout_ms <= 0)
		ctl->opts.response_timeout_ms = DEFAULT_RESPONSE_TIMEOUT_MS;
	if (ctl->opts.irq_timeout_ms <= 0)
		ctl->opts.irq_timeout_ms = DEFAULT_IRQ_TIMEOUT_MS;
	ctl->irq_mode = HDA_IRQ_POLL;
	ctl->irq_fd = -1;
	ctl->cmd_mode = HDA_CMD_CORB;

	/* Drop any error an earlier user of the device left behind. */
	sv_device_take_error(dev, NULL);
	if (!sv_pci_enable(dev, error))
		goto fail;
	/* Intel HDA: TCSEL (config 0x44) 2:0 = TC0, as Linux azx_init_pci(). */
	if (!sv_config_read8(dev, HDA_PCI_TCSEL, &tcsel, error) ||
	    ((tcsel & 7) && !sv_config_write8(dev, HDA_PCI_TCSEL, tcsel & ~7, error)))
		goto fail;
	if (!read_caps(ctl, error))
		goto fail;
	if (!hda_ctl_link_reset(ctl, error))
		goto fail;
	hda_ctl_parse_extcaps(ctl);
	/* No wake events (Linux clears WAKEEN on resume too): a WAKEEN a previous
	 * user left would let STATESTS hold INTSTS.CIS, and the interrupt service
	 * counts on the RIRB being the only controller source. */
	wr16(ctl, HDA_WAKEEN, 0);
	hda_ctl_clear_status(ctl);
	if (!setup_posbuf(ctl, error))
		goto fail;
	if (!hda_ctl_irq_setup(ctl, error))
		goto fail;
	if (!hda_ctl_probe_transport(ctl, error))
		goto fail;
	if (!sv_device_take_error(dev, error))
		goto fail;
	sv_debug("%s: controller up: codecs 0x%04x, %s, %s", ctl->name, ctl->info.codec_mask,
		 hda_irq_mode_name(ctl->irq_mode), hda_cmd_mode_name(ctl->cmd_mode));
	return ctl;

fail:
	g_prefix_error(error, "HDA controller bring-up: ");
	hda_controller_close(ctl);
	return NULL;
}

void hda_controller_close(HdaController *ctl)
{
	g_autoptr(GError) err = NULL;

	if (!ctl)
		return;
	if (ctl->bar_size && !sv_device_gone(ctl->dev, NULL)) {
		/* Streams' RUN bits, CORB/RIRB DMA, INTCTL off; then the position
		 * buffer; the controller is left in reset.  (Nothing to say to a
		 * device whose far end is gone: the error that said so is reported.) */
		hda_ctl_stop_dma(ctl);
		hda_corb_stop(ctl);
		hda_ctl_irq_teardown(ctl);
		wr32(ctl, HDA_DPLBASE, 0);
		wr32(ctl, HDA_DPUBASE, 0);
		hda_ctl_clear_status(ctl);
		if (!hda_ctl_enter_reset(ctl, &err) && !sv_device_gone(ctl->dev, NULL))
			sv_warn_dev(ctl->dev, "%s: %s", ctl->name, err->message);
		g_clear_error(&err);
		if (!sv_device_take_error(ctl->dev, &err))
			sv_debug("%s: while closing: %s", ctl->name, err->message);
	}
	sv_device_take_error(ctl->dev, NULL);
	sv_dma_free(ctl->dev, ctl->rings);
	sv_dma_free(ctl->dev, ctl->posbuf);
	g_free(ctl);
}

const HdaControllerInfo *hda_controller_info(HdaController *ctl)
{
	return &ctl->info;
}

SvDevice *hda_controller_device(HdaController *ctl)
{
	return ctl->dev;
}

HdaIrqMode hda_controller_irq_mode(HdaController *ctl)
{
	return ctl->irq_mode;
}

HdaCmdMode hda_controller_cmd_mode(HdaController *ctl)
{
	return ctl->cmd_mode;
}

volatile uint32_t *hda_controller_posbuf(HdaController *ctl)
{
	return ctl->posbuf ? ctl->posbuf->vaddr : NULL;
}

void hda_controller_set_irq_hook(HdaController *ctl, HdaIrqHook fn, void *data)
{
	ctl->irq_hook = fn;
	ctl->irq_hook_data = data;
}

int hda_controller_irq_fd(HdaController *ctl)
{
	return ctl->irq_mode == HDA_IRQ_POLL ? -1 : ctl->irq_fd;
}

void hda_controller_set_unsol_handler(HdaController *ctl, HdaUnsolFunc fn, void *data)
{
	ctl->unsol_fn = fn;
	ctl->unsol_data = data;
}

void hda_controller_set_stream_handler(HdaController *ctl, unsigned sd, HdaStreamIrqFunc fn,
				       void *data)
{
	if (sd >= hda_ctl_num_sd(ctl)) {
		sv_warn_dev(ctl->dev, "%s: no stream descriptor %u (the controller has %u)", ctl->name, sd,
			hda_ctl_num_sd(ctl));
		return;
	}
	ctl->sd_fn[sd] = fn;
	ctl->sd_data[sd] = data;
	if (ctl->irq_mode == HDA_IRQ_POLL)
		return;
	if (fn)
		ctl->intctl |= 1u << sd;
	else
		ctl->intctl &= ~(1u << sd);
	wr32(ctl, HDA_INTCTL, ctl->intctl);
}

/* SDnSTS of stream @sd: acknowledge what is set and tell its handler (TRUE then). */
static bool service_stream(HdaController *ctl, unsigned sd)
{
	uint8_t sts = rd8(ctl, HDA_SD_OFF(sd) + HDA_SD_STS);

	if (sts == 0xff || !(sts & HDA_SD_STS_CLEAR))
		return false;
	wr8(ctl, HDA_SD_OFF(sd) + HDA_SD_STS, sts & HDA_SD_STS_CLEAR);
	ctl->sd_fn[sd](ctl, sd, sts, ctl->sd_data[sd]);
	return true;
}

/*
 * The one stream with interrupts enabled (SIE), when there is exactly one
 * (with a handler); -1 otherwise.  An interrupt
 * then is most likely that stream's period: its SDnSTS says so without
 * INTSTS (one register round trip less per period), and what else may be
 * pending (a CIS source) is seen by the end-of-service INTSTS look (MSI) or
 * re-fires (INTx, level).
 */
static int single_stream(const HdaController *ctl)
{
	uint32_t sie = ctl->intctl & HDA_INT_SIE_MASK;

	if (!sie || (sie & (sie - 1)))
		return -1;
	return ctl->sd_fn[__builtin_ctz(sie)] ? __builtin_ctz(sie) : -1;
}

/* INTSTS.CIS: the RIRB, else a codec status change (STATESTS under WAKEEN). */
static unsigned service_cis(HdaController *ctl)
{
	uint8_t rirbsts;
	unsigned n = hda_rirb_collect(ctl, &rirbsts);
	uint16_t st;

	if (rirbsts & (HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS))
		return n;
	st = rd16(ctl, HDA_STATESTS) & HDA_STATESTS_MASK;
	if (st) {
		sv_debug("%s: codec status change 0x%04x", ctl->name, st);
		wr16(ctl, HDA_STATESTS, st);
	}
	return n;
}

/*
 * MSI is sent on a rising edge of GIS: a source raised while another was
 * still pending sends none.  Leave with INTSTS clear, or come back at once
 * (hda_ctl_irq_wait()) with what is left; INTx re-fires by itself when
 * unmasked.
 */
static void msi_look_again(HdaController *ctl)
{
	uint32_t want = HDA_INT_CIS | (ctl->intctl & HDA_INT_SIE_MASK), intsts;

	if (ctl->irq_mode != HDA_IRQ_MSI)
		return;
	intsts = rd32(ctl, HDA_INTSTS);
	if (intsts != 0xffffffffu && (intsts & want)) {
		ctl->intsts_left = intsts & want;
		ctl->irq_again = true;
	}
}

/*
 * With interrupts: INTSTS (spec 3.3.15) names the sources (SIS is set
 * whatever INTCTL says, so only streams with a handler count).  @intsts: the
 * status read at the end of the last service, 0 to read it now.  Whenever
 * sources were handled INTSTS is read again at the end: that read covers
 * every MSI the wait took without looking (hda_ctl_irq_wait()).
 */
static unsigned service_intsts(HdaController *ctl, uint32_t intsts)
{
	uint32_t want = HDA_INT_CIS | (ctl->intctl & HDA_INT_SIE_MASK);
	unsigned n = 0, n_sd = hda_ctl_num_sd(ctl);

	/* What the last service left may be stale (a handler gone): then read. */
	intsts &= want;
	if (!intsts) {
		intsts = rd32(ctl, HDA_INTSTS);
		if (intsts == 0xffffffffu)
			return 0; /* device gone: the access error is reported by the caller */
		intsts &= want;
	}
	if (intsts & HDA_INT_CIS)
		n = service_cis(ctl);
	for (unsigned sd = 0; sd < n_sd; sd++)
		if ((intsts & (1u << sd)) && ctl->sd_fn[sd])
			service_stream(ctl, sd);
	if (intsts)
		msi_look_again(ctl);
	return n;
}

/* Polling: every source (INTSTS stream bits are not gated by INTCTL, but
 * reading each SDnSTS is what older parts are known to agree with). */
static unsigned service_poll(HdaController *ctl)
{
	unsigned n = hda_rirb_poll(ctl), n_sd = hda_ctl_num_sd(ctl);
	uint32_t intsts = rd32(ctl, HDA_INTSTS);

	if (intsts != 0xffffffffu && (intsts & HDA_INT_CIS)) {
		uint16_t st = rd16(ctl, HDA_STATESTS) & HDA_STATESTS_MASK;

		if (st) {
			sv_debug("%s: codec status change 0x%04x", ctl->name, st);
			wr16(ctl, HDA_STATESTS, st);
		}
	}
	for (unsigned sd = 0; sd < n_sd; sd++)
		if (ctl->sd_fn[sd])
			service_stream(ctl, sd);
	return n;
}

static unsigned service(HdaController *ctl, bool fired)
{
	bool rirb_only = fired && hda_ctl_rirb_only_source(ctl);
	uint32_t left = ctl->intsts_left;
	unsigned n = 0;
	int sd;

	if (ctl->in_service)
		/* a handler sending a verb: only its response matters */
		return ctl->irq_mode == HDA_IRQ_POLL ? hda_rirb_poll(ctl) : hda_rirb_collect(ctl, NULL);
	ctl->in_service = true;
	ctl->intsts_left = 0;
	if (ctl->irq_mode == HDA_IRQ_POLL)
		n = service_poll(ctl);
	else if (rirb_only)
		/* INTSTS is not needed; an interrupt the RIRB does not explain falls
		 * through to the full look. */
		n = hda_rirb_collect(ctl, NULL);
	else if (fired && !left && (sd = single_stream(ctl)) >= 0 && service_stream(ctl, sd))
		msi_look_again(ctl);
	else if (ctl->irq_mode != HDA_IRQ_POLL && !n)
		n = service_intsts(ctl, left);
	if (rirb_only && ctl->irq_mode != HDA_IRQ_POLL && !n)
		n = service_intsts(ctl, left); /* the RIRB did not explain it */
	if (ctl->irq_hook)
		ctl->irq_hook(ctl, ctl->irq_hook_data);
	ctl->in_service = false;
	return n;
}

unsigned hda_ctl_service_irq(HdaController *ctl)
{
	return service(ctl, true);
}

unsigned hda_ctl_service_pending(HdaController *ctl)
{
	return service(ctl, false);
}

gboolean hda_controller_service(HdaController *ctl, int timeout_ms, GError **error)
{
	GError *err = NULL;
	gboolean fired = hda_ctl_irq_wait(ctl, timeout_ms, &err);

	if (err) {
		g_propagate_error(error, err);
		return FALSE;
	}
	if (fired) {
		hda_ctl_service_irq(ctl);
		hda_ctl_irq_done(ctl);
	} else {
		hda_ctl_service_pending(ctl);
	}
	return sv_device_take_error(ctl->dev, error);
}

const char *hda_cmd_mode_name(HdaCmdMode mode)
{
	switch (mode) {
	case HDA_CMD_CORB: return "corb";
	case HDA_CMD_IMMEDIATE: return "immediate";
	case HDA_CMD_AUTO: return "auto";
	}
	return "?";
}
