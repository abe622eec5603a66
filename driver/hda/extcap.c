// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * extcap.c - the extended capability list of Skylake+ controllers.
 *
 * LLCH (BAR0 0x14) holds the offset of the first capability header; each
 * header carries version 31:28, ID 27:16 and the next offset 15:0 (Linux
 * snd_hdac_ext_bus_parse_capabilities()).  Older parts and QEMU read 0.
 * The walk stops at HDA_MAX_EXTCAPS entries, at offset 0, at an all-ones
 * header (device gone) and at anything outside BAR0.
 */
#define SV_LOG_PREFIX "hda-extcap"
#include "sofvfio/log.h"
#include "ctl-internal.h"

static const char *extcap_name(unsigned id)
{
	switch (id) {
	case HDA_EXTCAP_GTS: return "GTS";
	case HDA_EXTCAP_ML: return "ML";
	case HDA_EXTCAP_PP: return "PP";
	case HDA_EXTCAP_SPB: return "SPB";
	case HDA_EXTCAP_DRSM: return "DRSM";
	default: return "unknown";
	}
}

void hda_ctl_parse_extcaps(HdaController *ctl)
{
	uint32_t off = rd16(ctl, HDA_LLCH);

	ctl->info.n_extcaps = 0;
	while (off && ctl->info.n_extcaps < HDA_MAX_EXTCAPS) {
		uint32_t hdr;
		HdaExtCap *cap;

		if (off % 4 || off + 4 > ctl->bar_size || off < 0x80) {
			sv_warn_dev(ctl->dev, "%s: extended capability at 0x%x is outside BAR0 or misaligned; "
				"list ignored from there", ctl->name, off);
			break;
		}
		hdr = rd32(ctl, off);
		if (hdr == 0xffffffffu) {
			sv_warn_dev(ctl->dev, "%s: extended capability header at 0x%x reads all ones", ctl->name,
				off);
			break;
		}
		cap = &ctl->info.extcaps[ctl->info.n_extcaps++];
		cap->id = HDA_EXTCAP_ID(hdr);
		cap->version = hdr >> 28;
		cap->offset = off;
		sv_debug("%s: extended capability %s (id %u, version %u) at 0x%x", ctl->name,
			 extcap_name(cap->id), cap->id, cap->version, off);
		if (HDA_EXTCAP_NEXT(hdr) == off)
			break; /* a self loop */
		off = HDA_EXTCAP_NEXT(hdr);
	}
}

uint32_t hda_extcap_find(HdaController *ctl, uint16_t id)
{
	for (unsigned i = 0; i < ctl->info.n_extcaps; i++)
		if (ctl->info.extcaps[i].id == id)
			return ctl->info.extcaps[i].offset;
	return 0;
}

/* ---- PP, SPIB (Linux hda.h SOF_HDA_REG_PP_*, SOF_HDA_SPIB_*) ------------- */

#define SPB_SPBFCCTL 0x04
#define SPB_SPIB(sd) (0x08 + 0x08 * (sd))

static uint32_t need_cap(HdaController *ctl, uint16_t id, GError **error)
{
	uint32_t off = hda_extcap_find(ctl, id);

	if (!off)
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s has no %s capability in its LLCH list (LLCH 0x%04x): not a "
			    "DSP-capable (Skylake or later) controller", ctl->name, extcap_name(id),
			    rd16(ctl, HDA_LLCH));
	return off;
}

static gboolean ppctl_update(HdaController *ctl, uint32_t mask, uint32_t val, GError **error)
{
	uint32_t pp = need_cap(ctl, HDA_EXTCAP_PP, error), v;

	if (!pp)
		return FALSE;
	v = rd32(ctl, pp + HDA_PP_PPCTL);
	wr32(ctl, pp + HDA_PP_PPCTL, (v & ~mask) | (val & mask));
	return sv_device_take_error(ctl->dev, error);
}

gboolean hda_pp_set_procen(HdaController *ctl, unsigned sd, gboolean on, GError **error)
{
	return ppctl_update(ctl, 1u << sd, on ? 1u << sd : 0, error);
}

gboolean hda_pp_set_gprocen(HdaController *ctl, gboolean on, GError **error)
{
	uint32_t bits = HDA_PPCTL_GPROCEN | HDA_PPCTL_PIE;

	return ppctl_update(ctl, bits, on ? bits : 0, error);
}

uint32_t hda_pp_ppctl(HdaController *ctl)
{
	uint32_t pp = hda_extcap_find(ctl, HDA_EXTCAP_PP);

	return pp ? rd32(ctl, pp + HDA_PP_PPCTL) : 0;
}

gboolean hda_spib_set(HdaController *ctl, unsigned sd, gboolean enable, uint32_t pos,
		      GError **error)
{
	uint32_t spb = need_cap(ctl, HDA_EXTCAP_SPB, error), v;

	if (!spb)
		return FALSE;
	/* Linux hda_dsp_stream_spib_config(): enable bit first, then the position. */
	v = rd32(ctl, spb + SPB_SPBFCCTL);
	wr32(ctl, spb + SPB_SPBFCCTL, enable ? v | (1u << sd) : v & ~(1u << sd));
	wr32(ctl, spb + SPB_SPIB(sd), pos);
	return sv_device_take_error(ctl->dev, error);
}

gboolean hda_spib_get(HdaController *ctl, unsigned sd, gboolean *enabled, uint32_t *pos)
{
	uint32_t spb = hda_extcap_find(ctl, HDA_EXTCAP_SPB);

	if (!spb)
		return FALSE;
	*enabled = !!(rd32(ctl, spb + SPB_SPBFCCTL) & (1u << sd));
	*pos = rd32(ctl, spb + SPB_SPIB(sd));
	return TRUE;
}
