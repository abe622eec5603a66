// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc.c - the two doorbells between host and DSP, host view (the part's
 * DspIpcLayout says where they are):
 *
 *   host -> DSP  the host writes the request with BUSY (bit 31); the DSP
 *                takes it, clears BUSY and sets DONE in the answer register
 *                (cAVS 1.8: HIPCIDA bit 31, cAVS 1.5: HIPCIE bit 30), which
 *                the host clears by writing 1.
 *   DSP -> host  the DSP writes its message into the DSP box (UPBOX window)
 *                and rings HIPCTDR/HIPCT with BUSY; the host clears BUSY
 *                (write 1) once it has read it, cAVS 1.8 also sets HIPCTDA
 *                DONE; the DSP then rings the next one.
 *
 * ADSPIS.IPC is set while a DSP request (BUSY) or a DONE is pending and
 * HIPCCTL enables it (HIPCCTL.BUSY, HIPCCTL.DONE); it interrupts the host
 * when ADSPIC.IPC and PPCTL.PIE are set, through INTSTS.GIS of the
 * controller (Linux: hda_dsp_interrupt_handler, then hda_dsp_check_ipc_irq).
 */
#define SV_LOG_PREFIX "dsp-ipc"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "dsp-priv.h"

static gboolean ipc_pending(EmuDsp *d)
{
	return ((d->ipc_dsp_req & DSP_IPC_BUSY) && (d->ipc_ctl & DSP_HIPCCTL_BUSY)) ||
	       ((d->ipc_req_ack & d->part->ipc.req_done) && (d->ipc_ctl & DSP_HIPCCTL_DONE));
}

uint32_t dsp_read_adspis(EmuDsp *d, const DspReg *r, uint32_t stored)
{
	return ipc_pending(d) ? DSP_IS_IPC : 0;
}

gboolean dsp_irq(EmuDsp *d)
{
	return d->fault.kind != DSP_FAULT_DEAD && ipc_pending(d) && (d->adspic & DSP_IS_IPC) &&
	       dsp_caps_irq_enabled(d);
}

void dsp_write_ipc_req(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	if ((old & DSP_IPC_BUSY) || !(d->ipc_req & DSP_IPC_BUSY))
		return;
	emu_trace("dsp ipc host 0x%08x", d->ipc_req);
	switch (d->state) {
	case DSP_FW_START:
	case DSP_FW_RUN:
	case DSP_FW_PANIC:
		d->host_msg = TRUE;
		if (d->state == DSP_FW_RUN)
			dsp_at(d, DSP_EV_IPC, 0);
		break;
	default:
		/* Before any firmware the doorbell is the ROM's. */
		d->rom_msg = TRUE;
		dsp_rom_step(d);
		break;
	}
}

uint32_t dsp_ipc_request(EmuDsp *d, uint32_t *ext)
{
	if (ext)
		*ext = d->part->ipc.req_data ? d->ipc_req_data : d->ipc_req_ack & 0x3fffffff;
	return d->ipc_req & ~DSP_IPC_BUSY;
}

void dsp_ipc_answer(EmuDsp *d)
{
	d->ipc_req &= ~DSP_IPC_BUSY;
	d->ipc_req_ack |= d->part->ipc.req_done;
	emu_trace("dsp ipc done");
	dsp_changed(d);
}

static void try_send(EmuDsp *d)
{
	DspMsg *m;
	uint32_t box;

	if (d->out_busy || (d->ipc_dsp_req & DSP_IPC_BUSY) || !(m = g_queue_pop_head(&d->out)))
		return;
	if (m->box) {
		box = dsp_window_offset(d->part, SOF_REGION_UPBOX, NULL);
		dsp_sram_write(d, box, m->box->data, m->box->len);
		g_byte_array_unref(m->box);
	}
	d->ipc_dsp_data = m->ext;
	d->ipc_dsp_req = DSP_IPC_BUSY | (m->doorbell & ~DSP_IPC_BUSY);
	d->out_busy = TRUE;
	emu_trace("dsp ipc dsp 0x%08x 0x%08x", d->ipc_dsp_req, d->ipc_dsp_data);
	g_free(m);
	dsp_changed(d);
}

void dsp_ipc_send(EmuDsp *d, uint32_t doorbell, uint32_t ext, GByteArray *box)
{
	DspMsg *m = g_new0(DspMsg, 1);

	m->doorbell = doorbell;
	m->ext = ext;
	m->box = box;
	g_queue_push_tail(&d->out, m);
	try_send(d);
}

void dsp_write_ipc_dsp_req(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	/* The host cleared BUSY: it has the message; the next one may go. */
	if ((old & DSP_IPC_BUSY) && !(d->ipc_dsp_req & DSP_IPC_BUSY)) {
		d->out_busy = FALSE;
		try_send(d);
	}
}

void dsp_write_ipc_dsp_ack(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	/* The DSP sees the host's DONE and takes it back (it is the DSP's to clear). */
	d->ipc_dsp_ack = 0;
}

static void msg_free(gpointer p)
{
	DspMsg *m = p;

	if (m->box)
		g_byte_array_unref(m->box);
	g_free(m);
}

void dsp_ipc_flush(EmuDsp *d)
{
	g_queue_clear_full(&d->out, msg_free);
	d->out_busy = FALSE;
	d->host_msg = FALSE;
}

void dsp_ipc_ring(EmuDsp *d, uint32_t doorbell, uint32_t ext)
{
	dsp_ipc_flush(d);
	d->ipc_dsp_data = ext;
	d->ipc_dsp_req = DSP_IPC_BUSY | doorbell;
	d->out_busy = TRUE;
	emu_trace("dsp ipc dsp 0x%08x 0x%08x", d->ipc_dsp_req, d->ipc_dsp_data);
	dsp_changed(d);
}
