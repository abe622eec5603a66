/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hda-mini.h - the smallest HDA bring-up that makes a controller answer a
 * verb through CORB/RIRB and raise an interrupt for it.  For the device
 * tests (interrupts, DMA) only; the real driver is driver/hda.
 */
#ifndef SOFVFIO_QTEST_HDA_MINI_H
#define SOFVFIO_QTEST_HDA_MINI_H

#include <glib.h>
#include "sofvfio/device.h"

/**
 * struct HdaMini - one controller with its command rings.
 * @dev: the device
 * @rings: one DMA page: CORB at 0 (256 x 4 bytes), RIRB at 2048 (256 x 8 bytes)
 * @codec_mask: STATESTS after the link reset
 * @corb_wp: last CORB entry written
 * @rirb_rp: last RIRB entry consumed
 */
typedef struct {
	SvDevice *dev;
	SvDmaBuf *rings;
	uint16_t codec_mask;
	uint16_t corb_wp;
	uint16_t rirb_rp;
} HdaMini;

/**
 * hda_mini_init() - PCI enable, link reset (GCTL.CRST), CORB/RIRB in one
 * DMA page, RINTCNT=1, RIRBCTL=DMAEN|RINTCTL, INTCTL=GIE|CIE.
 * Return: FALSE with @error (and nothing left allocated) on failure.
 */
gboolean hda_mini_init(HdaMini *h, SvDevice *dev, GError **error);

/** hda_mini_send() - put @verb on the CORB and move CORBWP. */
gboolean hda_mini_send(HdaMini *h, uint32_t verb, GError **error);

/**
 * hda_mini_take() - consume the next RIRB entry if RIRBWP moved.
 * @got: TRUE when an entry was taken into @resp / @ex
 */
gboolean hda_mini_take(HdaMini *h, uint32_t *resp, uint32_t *ex, gboolean *got,
		       GError **error);

/**
 * hda_mini_poll() - wait (bounded, by polling RIRBWP) for the next response.
 */
gboolean hda_mini_poll(HdaMini *h, int timeout_ms, uint32_t *resp, GError **error);

/**
 * hda_mini_ack() - read RIRBSTS into *@rirbsts (may be NULL) and clear it
 * (RW1C), which lets the controller send the next response interrupt.
 */
gboolean hda_mini_ack(HdaMini *h, uint8_t *rirbsts, GError **error);

/** hda_mini_fini() - interrupts off, rings stopped, DMA page freed. */
void hda_mini_fini(HdaMini *h);

#endif
