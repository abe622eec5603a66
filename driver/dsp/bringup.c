// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bringup.c - the controller side of the DSP: the PP, SPIB and DRSM
 * capabilities from the LLCH list, GPROCEN and PIE (Linux hda-ctrl.c
 * hda_dsp_ctrl_get_caps(), hda_dsp_ctrl_ppcap_enable/_int_enable()), and
 * clock/power gating around the boot (hda_dsp_ctrl_clock_power_gating(),
 * hda-dsp.c pre/post_fw_run: CGCTL.ADSPDCGE, PGCTL.ADSPPGD, EM2.L1SEN).
 */
#define SV_LOG_PREFIX "dsp"
#include "sofvfio/log.h"
#include "dsp-internal.h"

static uint32_t bar0_rd(SvDsp *d, uint32_t off)
{
	return sv_read32(d->dev, 0, off);
}

gboolean dsp_bringup(SvDsp *d, GError **error)
{
	d->pp = hda_extcap_find(d->ctl, HDA_EXTCAP_PP);
	d->spib = hda_extcap_find(d->ctl, HDA_EXTCAP_SPB);
	d->drsm = hda_extcap_find(d->ctl, HDA_EXTCAP_DRSM);
	if (!d->pp || !d->spib) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_UNSUPPORTED,
			    "%s: the controller's LLCH list has no %s capability (PP 0x%x, SPIB "
			    "0x%x, DRSM 0x%x): the DSP cannot be given a code-loader stream; "
			    "is this a SOF-capable (%s) controller?", d->name,
			    !d->pp ? "processing pipe (PP)" : "SPIB", d->pp, d->spib, d->drsm,
			    d->gen->parts);
		return FALSE;
	}
	/* The DSP takes part in every stream from now on (hda_dsp_ctrl_ppcap_enable). */
	if (!hda_pp_set_gprocen(d->ctl, TRUE, error))
		return FALSE;
	sv_debug("%s: PP 0x%x SPIB 0x%x DRSM 0x%x, PPCTL 0x%08x", d->name, d->pp, d->spib,
		 d->drsm, hda_pp_ppctl(d->ctl));
	return TRUE;
}

static void cfg_update8(SvDsp *d, uint32_t off, uint8_t mask, uint8_t val)
{
	uint8_t v;
	g_autoptr(GError) err = NULL;

	if (!sv_config_read8(d->dev, off, &v, &err) ||
	    !sv_config_write8(d->dev, off, (uint8_t)((v & ~mask) | (val & mask)), &err))
		sv_warn("%s: config 0x%x: %s", d->name, off, err->message);
}

/*
 * enable = FALSE before the boot: no DSP clock gating, DSP power gating
 * disabled, no L1 entry; TRUE after it: gating allowed again, L1SEN as found.
 */
void dsp_gating(SvDsp *d, bool enable)
{
	if (!d->gating_saved) {
		sv_config_read8(d->dev, PCI_PGCTL, &d->pgctl, NULL);
		sv_config_read8(d->dev, PCI_CGCTL, &d->cgctl, NULL);
		d->em2 = bar0_rd(d, HDA_VS_EM2);
		d->gating_saved = true;
	}
	cfg_update8(d, PCI_CGCTL, CGCTL_ADSPDCGE, enable ? CGCTL_ADSPDCGE : 0);
	cfg_update8(d, PCI_PGCTL, PGCTL_ADSPPGD, enable ? 0 : PGCTL_ADSPPGD);
	sv_write32(d->dev, 0, HDA_VS_EM2,
		   (bar0_rd(d, HDA_VS_EM2) & ~EM2_L1SEN) | (enable ? (d->em2 & EM2_L1SEN) : 0));
	sv_device_take_error(d->dev, NULL);
}

void dsp_bringdown(SvDsp *d)
{
	g_autoptr(GError) err = NULL;

	if (d->pp && !hda_pp_set_gprocen(d->ctl, FALSE, &err))
		sv_debug("%s: GPROCEN off: %s", d->name, err->message);
	if (d->gating_saved) {
		sv_config_write8(d->dev, PCI_PGCTL, d->pgctl, NULL);
		sv_config_write8(d->dev, PCI_CGCTL, d->cgctl, NULL);
		sv_write32(d->dev, 0, HDA_VS_EM2, d->em2);
		sv_device_take_error(d->dev, NULL);
	}
}
