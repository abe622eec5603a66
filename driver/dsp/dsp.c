// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dsp.c - open and close a DSP: the PCI identity decides the generation,
 * BAR4 must be there, the HDA controller comes up (driver/hda), then the
 * DSP-side capabilities (bringup.c); and what `dsp info` reads.
 */
#define SV_LOG_PREFIX "dsp"
#include "sofvfio/log.h"
#include "dsp-internal.h"

#include <string.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_REVISION_CLASS 0x08
#define DSP_BAR4_MIN 0x100000u /* 1 MiB: registers, SSPs, the SRAM windows */

static void irq_hook(HdaController *ctl, void *data)
{
	dsp_ipc_service(data);
}

SvDsp *sv_dsp_open(SvDevice *dev, const SvDspOptions *opts, GError **error)
{
	SvDsp *d = g_new0(SvDsp, 1);
	uint16_t vendor = 0, device = 0;
	uint32_t cls = 0;
	SvRegionInfo ri;

	d->dev = dev;
	d->name = sv_device_name(dev);
	if (opts)
		d->opts = *opts;
	if (d->opts.fw_ready_timeout_ms <= 0)
		d->opts.fw_ready_timeout_ms = DSP_FW_READY_TIMEOUT_MS;
	if (d->opts.ipc_timeout_ms <= 0)
		d->opts.ipc_timeout_ms = DSP_IPC_TIMEOUT_MS;
	if (!sv_config_read16(dev, PCI_VENDOR_ID, &vendor, error) ||
	    !sv_config_read16(dev, PCI_DEVICE_ID, &device, error) ||
	    !sv_config_read32(dev, PCI_REVISION_CLASS, &cls, error))
		goto fail;
	d->part = sv_dsp_lookup(vendor, device);
	if (!d->part) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_UNSUPPORTED,
			    "%s is %04x:%04x (class 0x%06x): not an Intel audio DSP this driver "
			    "knows (cAVS 1.5 Apollo Lake 8086:5a98, cAVS 1.8 Cannon Lake "
			    "8086:9dc8, cAVS 2.x Ice/Tiger Lake 8086:34c8/a0c8 ...)", d->name,
			    vendor, device, cls >> 8);
		goto fail;
	}
	d->gen = d->part->gen;
	if (!d->gen->supported) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_UNSUPPORTED,
			    "%s is %s (%04x:%04x), an %s DSP: not supported: %s", d->name,
			    d->part->part, vendor, device, d->gen->name, d->gen->unsupported_why);
		goto fail;
	}
	/* Linux SOF takes class 0x040100 (DSP) or 0x040380; 0x040300 has no DSP */
	if ((cls >> 8) == 0x040300)
		sv_warn("%s: class 0x040300 (HDA without DSP): the BIOS may have hidden the DSP",
			d->name);
	if (!sv_region_info(dev, 4, &ri, error))
		goto fail;
	if (ri.size < DSP_BAR4_MIN) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_UNSUPPORTED,
			    "%s (%s) has a BAR4 of %" G_GUINT64_FORMAT " bytes; the DSP needs "
			    "1 MiB there (no DSP on this function, or QEMU's intel-hda, which "
			    "has none)", d->name, d->part->part, ri.size);
		goto fail;
	}
	d->bar4_size = ri.size;
	if (!sv_bar_map(dev, 4, error))
		goto fail;
	d->ctl = hda_controller_open(dev, opts ? &opts->hda : NULL, error);
	if (!d->ctl)
		goto fail;
	if (!dsp_bringup(d, error))
		goto fail;
	hda_controller_set_irq_hook(d->ctl, irq_hook, d);
	sv_debug("%s: %s, %s DSP, %u cores, host manages 0x%x", d->name, d->part->part,
		 d->gen->name, d->gen->cores, d->gen->host_managed_cores);
	return d;
fail:
	sv_dsp_close(d);
	return NULL;
}

void sv_dsp_close(SvDsp *d)
{
	g_autoptr(GError) err = NULL;

	if (!d)
		return;
	if (d->ctl) {
		dsp_trace_release(d);
		if (d->gen && d->gen->supported && sv_dsp_cores_powered(d) == 0xffffffffu) {
			sv_debug("%s: closing: ADSPCS reads all ones (the DSP does not answer): "
				 "nothing to power down", d->name);
		} else if (d->gen && d->gen->supported) {
			dsp_ipc_int_enable(d, false);
			if (!dsp_core_reset_power_down(d, d->gen->host_managed_cores, &err))
				sv_warn("%s: closing: %s", d->name, err->message);
		}
		hda_controller_set_irq_hook(d->ctl, NULL, NULL);
		dsp_bringdown(d);
		hda_controller_close(d->ctl);
	}
	sv_device_take_error(d->dev, NULL);
	g_free(d);
}

const SvDspGen *sv_dsp_gen(SvDsp *d) { return d->gen; }
const SvDspPciId *sv_dsp_part(SvDsp *d) { return d->part; }
HdaController *sv_dsp_controller(SvDsp *d) { return d->ctl; }

gboolean sv_dsp_read_info(SvDsp *d, SvDspInfo *info, GError **error)
{
	const SvDspIpcRegs *r = &d->gen->ipc;
	const HdaControllerInfo *ci = hda_controller_info(d->ctl);
	uint32_t cls = 0;

	memset(info, 0, sizeof(*info));
	info->vendor = d->part->vendor;
	info->device = d->part->device;
	if (!sv_config_read32(d->dev, PCI_REVISION_CLASS, &cls, error))
		return FALSE;
	info->class_code = cls >> 8;
	info->pp = d->pp;
	info->spib = d->spib;
	info->drsm = d->drsm;
	info->ml = hda_extcap_find(d->ctl, HDA_EXTCAP_ML);
	info->gts = hda_extcap_find(d->ctl, HDA_EXTCAP_GTS);
	info->ppctl = hda_pp_ppctl(d->ctl);
	info->adspcs = dsp_rd(d, ADSPCS);
	info->adspic = dsp_rd(d, ADSPIC);
	info->adspis = dsp_rd(d, ADSPIS);
	info->fsr = dsp_rd(d, d->gen->rom_status);
	info->rom_error = dsp_rd(d, d->gen->rom_status + 4);
	info->ipc_req = dsp_rd(d, r->req);
	info->ipc_ack = dsp_rd(d, r->ack);
	info->ipc_req_data = r->req_data ? dsp_rd(d, r->req_data) : 0;
	info->ipc_tdr = dsp_rd(d, r->tdr);
	info->ipc_tda = r->tda ? dsp_rd(d, r->tda) : 0;
	info->ipc_tdd = dsp_rd(d, r->tdd);
	info->ipc_ctl = dsp_rd(d, r->ctl);
	info->n_in = ci->n_in;
	info->n_out = ci->n_out;
	return sv_device_take_error(d->dev, error);
}
