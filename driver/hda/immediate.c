// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * immediate.c - the Immediate Command interface (spec 3.4.3, ICOI/ICII/ICIS
 * at BAR0 0x60/0x64/0x68): one verb at a time through registers, no DMA.
 * The fall-back when CORB/RIRB gives no response at all (Linux's last
 * resort, "single_cmd").
 *
 * ICIS.ICB (busy) is set by software to send and cleared by the controller
 * when the response is latched in ICII with ICIS.IRV set.  QEMU's model
 * never clears ICB when the codec address has no codec: a verb to a missing
 * codec always times out, and the next verb must not wait for ICB forever.
 */
#define SV_LOG_PREFIX "hda-imm"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "ctl-internal.h"

#define ICB_IDLE_WAIT_US 1000

typedef struct {
	HdaController *ctl;
	uint16_t ics;
} IcsWait;

static gboolean response_valid(void *data, GError **error)
{
	IcsWait *w = data;

	w->ics = rd16(w->ctl, HDA_ICIS);
	if (!sv_device_take_error(w->ctl->dev, error))
		return FALSE;
	return (w->ics & (HDA_ICIS_IRV | HDA_ICIS_ICB)) == HDA_ICIS_IRV;
}

gboolean hda_imm_command(HdaController *ctl, uint32_t verb, uint32_t *res, GError **error)
{
	g_autoptr(GError) err = NULL;
	IcsWait w = { ctl, 0 };
	uint16_t ics = rd16(ctl, HDA_ICIS);

	if (ics & HDA_ICIS_ICB) {
		/* A previous verb still busy: give it a moment, then take over. */
		if (!sv_wait_reg(ctl->dev, 0, HDA_ICIS, 2, HDA_ICIS_ICB, 0, ICB_IDLE_WAIT_US,
				 "ICIS.ICB to clear", &err)) {
			if (!ctl->imm_warned)
				sv_debug("%s: ICIS.ICB stuck from an unanswered verb; sending "
					 "anyway", ctl->name);
			ctl->imm_warned = true;
		}
		g_clear_error(&err);
	}
	/* Clear a stale IRV (write 1), then send: ICOI, then ICB. Writing IRV alone
	 * also drops a stuck ICB on QEMU; real parts ignore a 0 written to ICB. */
	wr16(ctl, HDA_ICIS, HDA_ICIS_IRV);
	wr32(ctl, HDA_ICOI, verb);
	wr16(ctl, HDA_ICIS, HDA_ICIS_ICB);
	if (!sv_device_take_error(ctl->dev, error))
		return FALSE;
	if (!sv_wait_until(response_valid, &w, (int64_t)ctl->opts.response_timeout_ms * 1000,
			   "ICIS.IRV", &err)) {
		if (!g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT)) {
			g_propagate_error(error, g_steal_pointer(&err));
			return FALSE;
		}
		g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
			    "%s: no immediate response from codec %u (NID 0x%02x, verb 0x%08x) "
			    "within %d ms, ICIS 0x%04x: is there a codec at address %u? (codec "
			    "mask 0x%04x)", ctl->name, HDA_VERB_CAD(verb), HDA_VERB_NID(verb), verb,
			    ctl->opts.response_timeout_ms, w.ics, HDA_VERB_CAD(verb),
			    ctl->info.codec_mask);
		return FALSE;
	}
	*res = rd32(ctl, HDA_ICII);
	wr16(ctl, HDA_ICIS, HDA_ICIS_IRV);
	return sv_device_take_error(ctl->dev, error);
}
