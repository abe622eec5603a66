// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reset.c - HDA link reset (spec 4.2.2 / 5.5.1) and status clearing.
 *
 * Order as Linux azx_reset(): clear STATESTS, CRST=0 and wait for it to read
 * 0, hold >= 100 us, CRST=1 and wait for it to read 1, give codecs 25 frames
 * (521 us) to request a status change, then read STATESTS.
 */
#define SV_LOG_PREFIX "hda-reset"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "ctl-internal.h"

unsigned hda_ctl_num_sd(const HdaController *ctl)
{
	return MIN(ctl->info.n_in + ctl->info.n_out + ctl->info.n_bidi, HDA_MAX_SD);
}

void hda_ctl_stop_dma(HdaController *ctl)
{
	unsigned n = hda_ctl_num_sd(ctl);

	/* Streams first (RUN, interrupt enables), then the command rings. */
	for (unsigned sd = 0; sd < n; sd++) {
		uint32_t off = HDA_SD_OFF(sd);
		uint8_t c = rd8(ctl, off + HDA_SD_CTL);

		if (c & (HDA_SD_CTL_RUN | HDA_SD_CTL_IOCE | HDA_SD_CTL_FEIE | HDA_SD_CTL_DEIE))
			wr8(ctl, off + HDA_SD_CTL, c & ~(HDA_SD_CTL_RUN | HDA_SD_CTL_IOCE |
							 HDA_SD_CTL_FEIE | HDA_SD_CTL_DEIE));
	}
	wr8(ctl, HDA_CORBCTL, 0);
	wr8(ctl, HDA_RIRBCTL, 0);
	wr32(ctl, HDA_INTCTL, 0);
}

gboolean hda_ctl_enter_reset(HdaController *ctl, GError **error)
{
	uint32_t gctl = rd32(ctl, HDA_GCTL);

	wr32(ctl, HDA_GCTL, gctl & ~HDA_GCTL_CRST);
	return sv_wait_reg(ctl->dev, 0, HDA_GCTL, 4, HDA_GCTL_CRST, 0, HDA_RESET_TIMEOUT_US,
			   "GCTL.CRST to read 0 (entering link reset)", error);
}

gboolean hda_ctl_link_reset(HdaController *ctl, GError **error)
{
	int64_t t0 = sv_now_us();
	uint32_t gctl;

	hda_ctl_stop_dma(ctl);
	wr16(ctl, HDA_STATESTS, HDA_STATESTS_MASK);

	if (!hda_ctl_enter_reset(ctl, error))
		return FALSE;
	/* 5.5.1: CRST must stay asserted for at least 100 us. */
	g_usleep(HDA_RESET_HOLD_US);

	gctl = rd32(ctl, HDA_GCTL);
	wr32(ctl, HDA_GCTL, gctl | HDA_GCTL_CRST);
	if (!sv_wait_reg(ctl->dev, 0, HDA_GCTL, 4, HDA_GCTL_CRST, HDA_GCTL_CRST,
			 HDA_RESET_TIMEOUT_US, "GCTL.CRST to read 1 (leaving link reset)", error))
		return FALSE;
	/* 4.3: codecs signal a status change within 25 frames (521 us) of CRST=1. */
	g_usleep(HDA_CODEC_WAKE_US);

	ctl->info.codec_mask = rd16(ctl, HDA_STATESTS) & HDA_STATESTS_MASK;
	wr16(ctl, HDA_STATESTS, HDA_STATESTS_MASK);
	if (!sv_device_take_error(ctl->dev, error))
		return FALSE;
	sv_debug("%s: link reset done in %" G_GINT64_FORMAT " us, codec mask 0x%04x", ctl->name,
		 sv_now_us() - t0, ctl->info.codec_mask);
	return TRUE;
}

void hda_ctl_clear_status(HdaController *ctl)
{
	unsigned n = hda_ctl_num_sd(ctl);

	for (unsigned sd = 0; sd < n; sd++)
		wr8(ctl, HDA_SD_OFF(sd) + HDA_SD_STS, HDA_SD_STS_CLEAR);
	wr16(ctl, HDA_STATESTS, HDA_STATESTS_MASK);
	wr8(ctl, HDA_RIRBSTS, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS);
	wr8(ctl, HDA_CORBSTS, HDA_CORBSTS_MEI);
	wr32(ctl, HDA_INTSTS, HDA_INT_GIS | HDA_INT_CIS | HDA_INT_SIE_MASK);
}
