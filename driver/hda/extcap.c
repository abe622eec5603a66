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
			sv_warn("%s: extended capability at 0x%x is outside BAR0 or misaligned; "
				"list ignored from there", ctl->name, off);
			break;
		}
		hdr = rd32(ctl, off);
		if (hdr == 0xffffffffu) {
			sv_warn("%s: extended capability header at 0x%x reads all ones", ctl->name,
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
