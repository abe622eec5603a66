// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core.c - DSP core power, reset and stall through ADSPCS (Linux
 * sound/soc/sof/intel/hda-dsp.c hda_dsp_core_power_up/_down/_reset_enter/
 * _reset_leave/_stall_reset/_run): set SPA, then poll CPA; set/clear CRST
 * and poll it; set/clear CSTALL.  Power-down polls CPA, the state the
 * hardware reports, never SPA, the request the driver just wrote.
 */
#define SV_LOG_PREFIX "dsp-core"
#include "sofvfio/log.h"
#include "dsp-internal.h"

static gboolean core_wait(SvDsp *d, uint32_t mask, uint32_t val, int64_t us, const char *what,
			  uint32_t cores, GError **error)
{
	g_autofree char *desc = g_strdup_printf("ADSPCS.%s of cores 0x%x", what, cores);

	return dsp_wait(d, ADSPCS, mask, val, us, desc, error);
}

gboolean dsp_core_power_up(SvDsp *d, uint32_t mask, GError **error)
{
	dsp_update(d, ADSPCS, ADSPCS_SPA(mask), ADSPCS_SPA(mask));
	return core_wait(d, ADSPCS_CPA(mask), ADSPCS_CPA(mask), DSP_PU_TIMEOUT_US,
			 "CPA to read 1 after SPA=1", mask, error);
}

gboolean dsp_core_power_down(SvDsp *d, uint32_t mask, GError **error)
{
	dsp_update(d, ADSPCS, ADSPCS_SPA(mask), 0);
	return core_wait(d, ADSPCS_CPA(mask), 0, DSP_PD_TIMEOUT_US, "CPA to read 0 after SPA=0",
			 mask, error);
}

gboolean dsp_core_reset_enter(SvDsp *d, uint32_t mask, GError **error)
{
	dsp_update(d, ADSPCS, ADSPCS_CRST(mask), ADSPCS_CRST(mask));
	return core_wait(d, ADSPCS_CRST(mask), ADSPCS_CRST(mask), DSP_RESET_TIMEOUT_US,
			 "CRST to read 1", mask, error);
}

static gboolean core_reset_leave(SvDsp *d, uint32_t mask, GError **error)
{
	dsp_update(d, ADSPCS, ADSPCS_CRST(mask), 0);
	return core_wait(d, ADSPCS_CRST(mask), 0, DSP_RESET_TIMEOUT_US, "CRST to read 0", mask,
			 error);
}

gboolean dsp_core_run(SvDsp *d, uint32_t mask, GError **error)
{
	uint32_t cs;

	if (!core_reset_leave(d, mask, error))
		return FALSE;
	dsp_update(d, ADSPCS, ADSPCS_CSTALL(mask), 0);
	/* hda_dsp_core_is_enabled(): powered, out of reset, not stalled */
	cs = dsp_rd(d, ADSPCS);
	if ((cs & (ADSPCS_CPA(mask) | ADSPCS_SPA(mask) | ADSPCS_CRST(mask) | ADSPCS_CSTALL(mask))) !=
	    (ADSPCS_CPA(mask) | ADSPCS_SPA(mask))) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_POWER,
			    "cores 0x%x are not running after unstall: ADSPCS 0x%08x", mask, cs);
		return FALSE;
	}
	return sv_device_take_error(d->dev, error);
}

gboolean dsp_core_reset_power_down(SvDsp *d, uint32_t mask, GError **error)
{
	GError *err = NULL;

	if (!mask)
		return TRUE;
	/* stall and reset first (hda_dsp_core_stall_reset()), then power off */
	dsp_update(d, ADSPCS, ADSPCS_CSTALL(mask), ADSPCS_CSTALL(mask));
	if (!dsp_core_reset_enter(d, mask, &err))
		sv_debug("%s: %s", d->name, err->message);
	g_clear_error(&err);
	return dsp_core_power_down(d, mask, error);
}

uint32_t sv_dsp_cores_powered(SvDsp *d)
{
	uint32_t cs = dsp_rd(d, ADSPCS);

	sv_device_take_error(d->dev, NULL);
	return cs == 0xffffffffu ? cs : (cs >> 24) & 0xf;
}
