// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * corb.c - the command path to the codecs (HDA spec rev 1.0a 4.4): the
 * CORB/RIRB rings in memory, the immediate command registers, and
 * unsolicited responses.
 *
 * The CORB is worked off as soon as software moves CORBWP (or sets RUN):
 * each verb is read by DMA, sent to the codec at its address, and the
 * response goes to the RIRB by DMA.  After RINTCNT responses, and when the
 * CORB runs empty with responses not yet signalled (the spec's "empty
 * response slot"), RIRBSTS.RINTFL is set if RIRBCTL.RINTCTL asks for it.
 * Unlike QEMU, the CORB never stalls waiting for software to clear RINTFL:
 * real controllers keep going and overwrite the ring.
 */
#define SV_LOG_PREFIX "hda-corb"
#include "sofvfio/log.h"
#include "sofvfio/hda-verbs.h"
#include "../server/trace.h"
#include "hda-priv.h"

#include <string.h>

#define ICIS_IRRUNSOL (1u << 3)
#define ICIS_IRRADD(cad) (((cad) & 0xfu) << 4)

static uint64_t addr64(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

gboolean emu_hda_send_verb(EmuHda *h, uint32_t verb, uint32_t *response)
{
	unsigned cad = HDA_VERB_CAD(verb), nid = (verb >> 20) & 0x7f;
	gboolean ok = cad < h->n_codecs && h->codecs[cad] &&
		      emu_codec_verb(h->codecs[cad], verb, response);

	if (ok && ((verb >> 8) & 0xfff) == AC_VERB_SET_UNSOLICITED_ENABLE)
		h->unsol[cad][nid] = verb & 0xff;
	if (ok)
		emu_trace("verb 0x%08x -> 0x%08x", verb, *response);
	else
		emu_trace("verb 0x%08x -> none", verb);
	return ok;
}

/* RINTFL for the responses written since the last time, when asked for. */
static void rirb_signal(EmuHda *h)
{
	if (h->rirbctl & HDA_RIRBCTL_RINTCTL)
		h->rirbsts |= HDA_RIRBSTS_RINTFL;
	h->rirb_count = 0;
}

/* Write one response (and its extended word) to the RIRB. */
static void rirb_push(EmuHda *h, uint32_t response, uint32_t ex)
{
	uint32_t entry[2] = { GUINT32_TO_LE(response), GUINT32_TO_LE(ex) };
	unsigned wp, n = h->rintcnt & 0xff;

	if (!(h->rirbctl & HDA_RIRBCTL_DMAEN)) {
		sv_debug("RIRB DMA off: response 0x%08x dropped", response);
		return;
	}
	wp = (h->rirbwp + 1) % EMU_HDA_RING_ENTRIES;
	if (!emu_dma_write(h->srv, addr64(h->rirblbase, h->rirbubase) + 8 * wp, entry,
			   sizeof(entry))) {
		sv_warn("RIRB entry %u at 0x%" G_GINT64_MODIFIER "x is not reachable by DMA", wp,
			addr64(h->rirblbase, h->rirbubase) + 8 * wp);
		h->corbsts |= HDA_CORBSTS_MEI;
		return;
	}
	h->rirbwp = wp;
	/* RINTCNT 0 means 256 responses (spec 3.3.27). */
	if (++h->rirb_count >= (n ? n : 256))
		rirb_signal(h);
}

static void corb_run(EmuHda *h)
{
	uint64_t base = addr64(h->corblbase, h->corbubase);

	if (!(h->corbctl & HDA_CORBCTL_RUN) || (h->corbrp & HDA_CORBRP_RST))
		return;
	while ((h->corbrp & 0xff) != (h->corbwp & 0xff)) {
		unsigned rp = ((h->corbrp & 0xff) + 1) % EMU_HDA_RING_ENTRIES;
		uint32_t verb, response;

		if (!emu_dma_read(h->srv, base + 4 * rp, &verb, sizeof(verb))) {
			sv_warn("CORB entry %u at 0x%" G_GINT64_MODIFIER "x is not reachable by DMA",
				rp, base + 4 * rp);
			h->corbsts |= HDA_CORBSTS_MEI;
			break;
		}
		h->corbrp = rp;
		verb = GUINT32_FROM_LE(verb);
		if (emu_hda_send_verb(h, verb, &response))
			rirb_push(h, response, HDA_VERB_CAD(verb));
	}
	if (h->rirb_count)
		rirb_signal(h);
	emu_hda_update_irq(h);
}

void emu_hda_write_corbwp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	corb_run(h);
}

/* CORBRP bit 15 (spec 3.3.21): set it, the pointer goes to 0 and the bit reads 1;
 * clear it, it reads 0 again.  The pointer itself is read-only. */
void emu_hda_write_corbrp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	if (!(mask & HDA_CORBRP_RST))
		return;
	if (val & HDA_CORBRP_RST)
		h->corbrp = HDA_CORBRP_RST;
	else
		h->corbrp &= 0xff;
}

void emu_hda_write_corbctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	if (!(old & HDA_CORBCTL_RUN) && (h->corbctl & HDA_CORBCTL_RUN))
		corb_run(h);
	else
		emu_hda_update_irq(h);
}

/* RIRBWP bit 15 resets the pointer to 0 (spec 3.3.26); it always reads 0. */
void emu_hda_write_rirbwp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	if ((mask & HDA_RIRBWP_RST) && (val & HDA_RIRBWP_RST))
		h->rirbwp = 0;
}

/*
 * ICIS (spec 3.4.3): writing ICB 1 sends ICOI; the response lands in ICII with
 * IRV set and ICB cleared.  A verb nobody answers (no codec at that address)
 * leaves ICB set, as on hardware: software times out.  Writing ICB 0 while
 * busy abandons the command (QEMU allows the same), a controller reset too.
 */
void emu_hda_write_icis(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	uint32_t response;

	if (!(mask & HDA_ICIS_ICB))
		return;
	if ((val & HDA_ICIS_ICB) && !(old & HDA_ICIS_ICB)) {
		h->icis |= HDA_ICIS_ICB;
		if (emu_hda_send_verb(h, h->icoi, &response)) {
			h->icii = response;
			h->icis &= ~(HDA_ICIS_ICB | ICIS_IRRUNSOL | ICIS_IRRADD(0xf));
			h->icis |= HDA_ICIS_IRV | ICIS_IRRADD(HDA_VERB_CAD(h->icoi));
		}
	} else if (!(val & HDA_ICIS_ICB) && (old & HDA_ICIS_ICB)) {
		h->icis &= ~HDA_ICIS_ICB;
	}
}

/* A jack event: flip the presence detect bit the pin reports (GET_PIN_SENSE bit 31). */
static void toggle_presence(EmuHda *h, unsigned cad, unsigned nid)
{
	uint32_t sense;

	if (!emu_codec_verb(h->codecs[cad], HDA_VERB(cad, nid, AC_VERB_GET_PIN_SENSE, 0), &sense))
		return;
	if (emu_codec_set_pin_sense(h->codecs[cad], nid, sense ^ (1u << 31)))
		sv_info("codec %u node %u: presence %s", cad, nid,
			(sense & (1u << 31)) ? "lost" : "detected");
}

void emu_hda_unsol_inject(EmuHda *h)
{
	unsigned enabled = 0, sent = 0;

	if (emu_hda_in_reset(h)) {
		sv_info("unsolicited response not sent: the controller is in reset");
		return;
	}
	for (unsigned cad = 0; cad < h->n_codecs; cad++)
		for (unsigned nid = 0; nid < G_N_ELEMENTS(h->unsol[cad]); nid++) {
			uint8_t ctl = h->unsol[cad][nid];
			/* Tag in 31:26 (spec 7.3.3.14, figure 48). */
			uint32_t response = (uint32_t)(ctl & 0x3f) << 26;
			uint32_t ex = cad | HDA_RIRB_EX_UNSOL;

			if (!(ctl & 0x80))
				continue;
			enabled++;
			toggle_presence(h, cad, nid);
			emu_trace("unsol 0x%08x 0x%08x", response, ex);
			/* Discarded unless software accepts them (GCTL.UNSOL, spec 3.3.7). */
			if (!(h->gctl & HDA_GCTL_UNSOL))
				continue;
			rirb_push(h, response, ex);
			sent++;
		}
	if (!enabled)
		sv_info("no node has unsolicited responses enabled: nothing sent");
	else if (!sent)
		sv_info("GCTL.UNSOL is 0: %u unsolicited response(s) discarded", enabled);
	if (h->rirb_count)
		rirb_signal(h);
	emu_hda_update_irq(h);
}

void emu_hda_codecs_reset(EmuHda *h)
{
	memset(h->unsol, 0, sizeof(h->unsol));
	for (unsigned i = 0; i < h->n_codecs; i++) {
		g_autoptr(GError) err = NULL;
		EmuCodec *fresh = emu_codec_new(h->codec_specs[i], &err);

		if (!fresh) {
			sv_warn("codec %u keeps its state: recreating it failed: %s", i,
				err->message);
			continue;
		}
		emu_codec_free(h->codecs[i]);
		h->codecs[i] = fresh;
	}
}
