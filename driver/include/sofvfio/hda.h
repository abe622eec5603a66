/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda.h - the Intel HDA controller on top of the device API:
 * link reset, capabilities, interrupts, and the codec command transport
 * (CORB/RIRB with the immediate command interface as fall-back).
 *
 * Nothing here knows which backend reaches the device.
 */
#ifndef SOFVFIO_HDA_H
#define SOFVFIO_HDA_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sofvfio/device.h"
#include "sofvfio/hda-regs.h"
#include "sofvfio/hda-verbs.h"

G_BEGIN_DECLS

typedef struct HdaController HdaController;

/** enum HdaIrqMode - how the controller signals: MSI preferred, INTx, polling. */
typedef enum {
	HDA_IRQ_AUTO = 0, /* MSI if the device has it, else INTx, else polling */
	HDA_IRQ_MSI,
	HDA_IRQ_INTX,
	HDA_IRQ_POLL,
} HdaIrqMode;

/** enum HdaCmdMode - codec command transport. */
typedef enum {
	HDA_CMD_AUTO = 0,   /* CORB/RIRB; immediate command interface if that fails */
	HDA_CMD_CORB,
	HDA_CMD_IMMEDIATE,
} HdaCmdMode;

/**
 * struct HdaOptions - how to bring the controller up (zero = defaults).
 * @irq: interrupt mode
 * @cmd: command transport
 * @response_timeout_ms: per-verb deadline (default 100 ms; QEMU under TCG is slow)
 * @irq_timeout_ms: how long to wait for an interrupt before declaring the
 *                  interrupt path dead and falling back to polling (default 200)
 */
typedef struct {
	HdaIrqMode irq;
	HdaCmdMode cmd;
	int response_timeout_ms;
	int irq_timeout_ms;
} HdaOptions;

#define HDA_MAX_EXTCAPS 10

/** struct HdaExtCap - one entry of the LLCH extended capability list. */
typedef struct {
	uint16_t id;      /* HDA_EXTCAP_* */
	uint8_t version;
	uint32_t offset;  /* in BAR0 */
} HdaExtCap;

/**
 * struct HdaControllerInfo - what the controller reports.
 * @gcap: GCAP; @vmaj/@vmin: version
 * @n_in/@n_out/@n_bidi: stream descriptor counts (GCAP ISS/OSS/BSS)
 * @addr64: 64-bit addresses supported
 * @codec_mask: STATESTS after the link reset
 * @corb_entries/@rirb_entries: ring sizes chosen
 * @n_extcaps/@extcaps: the LLCH list (PP, SPB, ML, GTS, DRSM) when present
 */
typedef struct {
	uint16_t gcap;
	uint8_t vmaj, vmin;
	unsigned n_in, n_out, n_bidi;
	bool addr64;
	uint16_t codec_mask;
	unsigned corb_entries, rirb_entries;
	unsigned n_extcaps;
	HdaExtCap extcaps[HDA_MAX_EXTCAPS];
} HdaControllerInfo;

/**
 * hda_controller_open() - enable the PCI function, reset the link, read the
 * codec mask, set up CORB/RIRB (or immediate commands), the position buffer
 * and interrupts.
 * @dev: device (not owned)
 * @opts: options, NULL for defaults
 * @error: error
 */
HdaController *hda_controller_open(SvDevice *dev, const HdaOptions *opts, GError **error);

/**
 * hda_controller_close() - stop every stream and the rings, mask and disable
 * interrupts, put the controller in reset, free DMA.  NULL is fine.
 */
void hda_controller_close(HdaController *ctl);

/**
 * hda_controller_dma_bytes() - the DMA memory an open controller pins
 * before any stream: the CORB/RIRB page and the DMA position buffer.
 */
uint64_t hda_controller_dma_bytes(void);

/** hda_controller_info() - what hda_controller_open() found. */
const HdaControllerInfo *hda_controller_info(HdaController *ctl);

/** hda_controller_device() - the device under the controller. */
SvDevice *hda_controller_device(HdaController *ctl);

/** hda_controller_irq_mode() - the interrupt mode in use (never AUTO). */
HdaIrqMode hda_controller_irq_mode(HdaController *ctl);

/** hda_controller_cmd_mode() - the command transport in use (never AUTO). */
HdaCmdMode hda_controller_cmd_mode(HdaController *ctl);

/** hda_extcap_find() - BAR0 offset of extended capability @id, or 0. */
uint32_t hda_extcap_find(HdaController *ctl, uint16_t id);

/*
 * Processing pipe (PP), software position in buffer (SPIB) and DMA resume
 * (DRSM) capabilities of DSP-capable controllers (Linux hda.h SOF_HDA_*).
 * Each returns FALSE with SV_ERROR_UNSUPPORTED naming the missing capability.
 */
/** hda_pp_set_procen() - PPCTL.PROCEN of stream descriptor @sd: the DSP owns its link side. */
gboolean hda_pp_set_procen(HdaController *ctl, unsigned sd, gboolean on, GError **error);
/** hda_pp_set_gprocen() - PPCTL.GPROCEN (global processing enable) and PIE. */
gboolean hda_pp_set_gprocen(HdaController *ctl, gboolean on, GError **error);
/** hda_pp_ppctl() - PPCTL as read now (0 without PP). */
uint32_t hda_pp_ppctl(HdaController *ctl);
/**
 * hda_spib_set() - SPBFCCTL bit @sd (@enable) and SPIB_@sd = @pos: the
 * DMA engine stops at @pos instead of running round the buffer.
 */
gboolean hda_spib_set(HdaController *ctl, unsigned sd, gboolean enable, uint32_t pos,
		      GError **error);
/** hda_spib_get() - SPBFCCTL's bit for @sd and SPIB_@sd (FALSE without SPIB). */
gboolean hda_spib_get(HdaController *ctl, unsigned sd, gboolean *enabled, uint32_t *pos);

/**
 * typedef HdaIrqHook - another source sharing the function's interrupt (the
 * DSP's IPC doorbells): called on every service, before INTx is re-armed.
 */
typedef void (*HdaIrqHook)(HdaController *ctl, void *data);
void hda_controller_set_irq_hook(HdaController *ctl, HdaIrqHook fn, void *data);

/** hda_controller_irq_fd() - the interrupt eventfd, -1 when polling. */
int hda_controller_irq_fd(HdaController *ctl);

/**
 * hda_command() - send one 32-bit verb (see HDA_VERB()/HDA_VERB4()) and wait
 * for its response.
 * Return: FALSE with SV_ERROR_TIMEOUT when no response came in time (the
 * controller stays usable), or another error.
 */
gboolean hda_command(HdaController *ctl, uint32_t verb, uint32_t *response, GError **error);

/** hda_verb() - hda_command() for HDA_VERB(@cad, @nid, @verb, @payload). */
gboolean hda_verb(HdaController *ctl, unsigned cad, unsigned nid, unsigned verb, unsigned payload,
		  uint32_t *response, GError **error);

/** hda_param() - GET_PARAMETER @param of @nid. */
gboolean hda_param(HdaController *ctl, unsigned cad, unsigned nid, unsigned param,
		   uint32_t *value, GError **error);

/** typedef HdaUnsolFunc - an unsolicited response (RIRB entry with bit 4 of the extended word). */
typedef void (*HdaUnsolFunc)(HdaController *ctl, unsigned cad, uint32_t response, void *data);
void hda_controller_set_unsol_handler(HdaController *ctl, HdaUnsolFunc fn, void *data);

/**
 * typedef HdaStreamIrqFunc - a stream descriptor raised an interrupt.
 * @sd: stream descriptor index (0-based over in, out, bidi)
 * @sts: SDnSTS as read (already cleared in the hardware)
 */
typedef void (*HdaStreamIrqFunc)(HdaController *ctl, unsigned sd, uint8_t sts, void *data);

/**
 * hda_controller_set_stream_handler() - route stream descriptor @sd's
 * interrupts to @fn and enable (@fn != NULL) or disable its SIE bit in INTCTL.
 */
void hda_controller_set_stream_handler(HdaController *ctl, unsigned sd, HdaStreamIrqFunc fn,
				       void *data);

/**
 * hda_controller_service() - wait up to @timeout_ms for an interrupt (or
 * one polling interval in HDA_IRQ_POLL mode), then service everything
 * pending: RIRB responses, unsolicited responses, stream interrupts; INTx is
 * unmasked afterwards.
 * Return: FALSE only on a hard error (a timeout is not an error here).
 */
gboolean hda_controller_service(HdaController *ctl, int timeout_ms, GError **error);

/**
 * hda_controller_posbuf() - the DMA position buffer (DPLBASE), 8 bytes per
 * stream descriptor, or NULL when it could not be set up.
 */
volatile uint32_t *hda_controller_posbuf(HdaController *ctl);

/** hda_sd_offset() - BAR0 offset of stream descriptor @sd. */
static inline uint32_t hda_sd_offset(unsigned sd)
{
	return HDA_SD_OFF(sd);
}

/** hda_irq_mode_name() / hda_cmd_mode_name() - "msi", "intx", "poll" / "corb", "immediate". */
const char *hda_irq_mode_name(HdaIrqMode mode);
const char *hda_cmd_mode_name(HdaCmdMode mode);

G_END_DECLS

#endif
