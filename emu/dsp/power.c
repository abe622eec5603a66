// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * power.c - ADSPCS: per core, CRST (3:0, reset), CSTALL (11:8, stall), SPA
 * (19:16, power requested) and CPA (27:24, power current, read-only).
 *
 * CPA follows SPA DSP_POWER_US after the write, as the power rail would
 * (Linux polls it in 500 us steps for 50 ms).  The host sets SPA only for the
 * cores the part lets it manage (TGL: core 0); the firmware powers the others
 * on PM_CORE_ENABLE.  Core 0 runs while it has power and is neither in reset
 * nor stalled; whatever runs on it stops when that ends.
 */
#define SV_LOG_PREFIX "dsp-power"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#include <errno.h>

#define DSP_POWER_US 200
#define SPA_OF(cs) (((cs) >> 16) & 0xf)

uint32_t dsp_read_adspcs(EmuDsp *d, const DspReg *r, uint32_t stored)
{
	return stored | DSP_CS_CPA(d->cpa);
}

static uint32_t wanted(EmuDsp *d)
{
	return (SPA_OF(d->adspcs) & d->part->host_cores) | (d->fw_cores & ~d->part->host_cores);
}

void dsp_write_adspcs(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	uint32_t spa = SPA_OF(d->adspcs);

	/* A core the host does not manage keeps the SPA bit the firmware gave it. */
	if (spa & ~d->part->host_cores) {
		d->adspcs &= ~DSP_CS_SPA(spa & ~d->part->host_cores);
		sv_debug("ADSPCS: SPA 0x%x ignored, the host manages cores 0x%x only",
			 spa & ~d->part->host_cores, d->part->host_cores);
	}
	if (wanted(d) != d->cpa) {
		if (d->fault.kind == DSP_FAULT_CPA_STUCK)
			sv_info("fault cpa-stuck: CPA stays 0x%x (SPA 0x%x)", d->cpa, wanted(d));
		else
			dsp_at(d, DSP_EV_POWER, DSP_POWER_US);
	}
	dsp_rom_step(d);
}

void dsp_power_event(EmuDsp *d)
{
	uint32_t was = d->cpa;

	d->cpa = wanted(d);
	sv_debug("CPA 0x%x -> 0x%x", was, d->cpa);
	dsp_rom_step(d);
}

gboolean dsp_core0_running(EmuDsp *d)
{
	return (d->cpa & 1) && !(d->adspcs & DSP_CS_CRST(1)) && !(d->adspcs & DSP_CS_CSTALL(1));
}

int dsp_power_core_enable(EmuDsp *d, uint32_t mask)
{
	uint32_t host = d->part->host_cores;

	if (mask & ~((1u << d->part->cores) - 1) || !(mask & 1))
		return -EINVAL;
	/* Cores the host manages must be up already (it powers them before asking). */
	if ((mask & host & ~d->cpa) != 0) {
		sv_warn("PM_CORE_ENABLE 0x%x: cores 0x%x are not powered (ADSPCS CPA 0x%x)", mask,
			mask & host & ~d->cpa, d->cpa);
		return -EINVAL;
	}
	d->fw_cores = mask & ~host;
	if (d->fault.kind != DSP_FAULT_CPA_STUCK)
		d->cpa = (d->cpa & host) | d->fw_cores;
	return 0;
}
