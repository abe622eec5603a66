// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dsp.c - the DSP as a whole: the PCI identity it gives the function, its
 * timed events, and the EmuHdaDspOps the controller calls.
 */
#define SV_LOG_PREFIX "dsp"
#include "sofvfio/log.h"
#include "dsp-priv.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <linux/pci_regs.h>
#include <string.h>

#define PCI_CLASS_AUDIO_DSP 0x040100     /* multimedia audio, DSP present (SOF) */
#define PCI_PGCTL 0x44                   /* ADSPPGD bit 2 (and TCSEL below it) */
#define PCI_CGCTL 0x48                   /* ADSPDCGE bit 1, MISCBDCGE bit 6 */
#define PCI_CGCTL_RESET 0x40             /* as a TGL read it at probe (linux#3715 log) */

int64_t dsp_now(void)
{
	return sv_now_us(); /* the clock the controller and the server pace with */
}

void dsp_at(EmuDsp *d, DspEvent ev, int64_t delay_us)
{
	d->due[ev] = dsp_now() + delay_us;
	dsp_changed(d);
}

void dsp_cancel(EmuDsp *d, DspEvent ev)
{
	d->due[ev] = -1;
}

void dsp_changed(EmuDsp *d)
{
	emu_hda_dsp_changed(d->hda);
}

gboolean dsp_stream_state(EmuDsp *d, unsigned n, EmuHdaStreamState *st)
{
	return emu_hda_stream_state(d->hda, n, st);
}

void dsp_set_fsr(EmuDsp *d, uint32_t fsr)
{
	dsp_sram_write32(d, DSP_WIN_BASE + DSP_SRAM_FSR, fsr);
}

uint32_t dsp_fsr(EmuDsp *d)
{
	return dsp_sram_read32(d, DSP_WIN_BASE + DSP_SRAM_FSR);
}

static void run_event(EmuDsp *d, DspEvent ev)
{
	switch (ev) {
	case DSP_EV_POWER:
		dsp_power_event(d);
		break;
	case DSP_EV_ROM:
	case DSP_EV_INIT:
	case DSP_EV_VERIFY:
		dsp_rom_event(d, ev);
		break;
	case DSP_EV_FW_READY:
		dsp_fw_ready(d);
		break;
	case DSP_EV_IPC:
		dsp_fw_ipc(d);
		break;
	case DSP_EV_TRACE:
		dsp_trace_event(d);
		break;
	default:
		break;
	}
}

/* Everything to power-on values but the IMR, which lives in host memory. */
static void reset_all(EmuDsp *d)
{
	const DspPart *p = d->part;

	for (unsigned ev = 0; ev < DSP_EV_COUNT; ev++)
		d->due[ev] = -1;
	dsp_regs_reset(d, p->regs, p->n_regs);
	d->cpa = 0;
	d->fw_cores = 0;
	memset(d->ssp, 0, sizeof(d->ssp));
	memset(d->sram, 0, DSP_SRAM_SIZE);
	dsp_caps_reset(d);
	dsp_ipc_flush(d);
	d->rom_msg = FALSE;
	dsp_trace_stop(d);
	g_byte_array_set_size(d->trace_pending, 0);
	d->state = DSP_OFF;
	memset(d->moved, 0, sizeof(d->moved));
}

/* ---- EmuHdaDspOps -------------------------------------------------------------- */

static gboolean op_bar0_claims(void *dsp, uint32_t off)
{
	return dsp_caps_claims(dsp, off);
}

static uint32_t op_bar0_read(void *dsp, uint32_t off, unsigned width)
{
	return dsp_caps_read(dsp, off, width);
}

static void op_bar0_write(void *dsp, uint32_t off, unsigned width, uint32_t val)
{
	dsp_caps_write(dsp, off, width, val);
}

static int op_bar_read(void *dsp, unsigned bar, uint64_t off, unsigned width, uint32_t *val)
{
	return bar == 4 ? dsp_bar4_read(dsp, off, width, val) : EINVAL;
}

static int op_bar_write(void *dsp, unsigned bar, uint64_t off, unsigned width, uint32_t val)
{
	return bar == 4 ? dsp_bar4_write(dsp, off, width, val) : EINVAL;
}

static gboolean op_owns_stream(void *dsp, unsigned n)
{
	return dsp_caps_stream_owned(dsp, n);
}

static size_t op_stream_avail(void *dsp, unsigned n)
{
	EmuDsp *d = dsp;
	EmuHdaStreamState st;

	if (n >= DSP_MAX_STREAMS || !dsp_stream_state(d, n, &st))
		return 0;
	return st.output ? dsp_rom_stream_avail(d, n) : dsp_trace_stream_avail(d, n);
}

static void op_stream_data(void *dsp, unsigned n, uint8_t *buf, size_t len)
{
	EmuDsp *d = dsp;
	EmuHdaStreamState st;

	if (n >= DSP_MAX_STREAMS || !dsp_stream_state(d, n, &st))
		return;
	if (st.output)
		dsp_rom_stream_data(d, n, buf, len);
	else
		dsp_trace_stream_data(d, n, buf, len);
	d->moved[n] += len;
}

static void op_stream_run(void *dsp, unsigned n, gboolean running)
{
	EmuDsp *d = dsp;

	if (n >= DSP_MAX_STREAMS)
		return;
	if (running)
		d->moved[n] = 0;
}

static gboolean op_irq(void *dsp)
{
	return dsp_irq(dsp);
}

static int64_t op_next_event(void *dsp, int64_t now)
{
	EmuDsp *d = dsp;
	int64_t next = -1;

	for (unsigned ev = 0; ev < DSP_EV_COUNT; ev++)
		if (d->due[ev] >= 0 && (next < 0 || d->due[ev] < next))
			next = d->due[ev];
	return next < 0 ? -1 : MAX(next - now, 0);
}

static void op_tick(void *dsp, int64_t now)
{
	EmuDsp *d = dsp;

	/* Events may schedule others; run what is due, each at most once per tick. */
	for (unsigned ev = 0; ev < DSP_EV_COUNT; ev++)
		if (d->due[ev] >= 0 && d->due[ev] <= now) {
			d->due[ev] = -1;
			run_event(d, ev);
		}
}

static void op_reset(void *dsp, gboolean function)
{
	EmuDsp *d = dsp;

	if (function)
		reset_all(d);
	else
		dsp_caps_reset(d);
}

static const EmuHdaDspOps ops = {
	.bar0_claims = op_bar0_claims,
	.bar0_read = op_bar0_read,
	.bar0_write = op_bar0_write,
	.bar_read = op_bar_read,
	.bar_write = op_bar_write,
	.owns_stream = op_owns_stream,
	.stream_avail = op_stream_avail,
	.stream_data = op_stream_data,
	.stream_run = op_stream_run,
	.irq = op_irq,
	.next_event = op_next_event,
	.tick = op_tick,
	.reset = op_reset,
};

/* The function becomes the part: its ids, the DSP class, BAR4, PGCTL/CGCTL. */
static void set_identity(EmuServer *srv, const DspPart *p)
{
	EmuPci *pci = emu_server_pci(srv);

	emu_pci_init_reg(pci, PCI_DEVICE_ID, 2, p->device, 0, 0);
	emu_pci_init_reg(pci, PCI_REVISION_ID, 1, p->revision, 0, 0);
	emu_pci_init_reg(pci, PCI_CLASS_PROG, 1, PCI_CLASS_AUDIO_DSP & 0xff, 0, 0);
	emu_pci_init_reg(pci, PCI_CLASS_DEVICE, 2, PCI_CLASS_AUDIO_DSP >> 8, 0, 0);
	emu_pci_set_bar(pci, 4, DSP_BAR4_SIZE, TRUE);
	emu_pci_init_reg(pci, PCI_PGCTL, 4, 0, 0x1f, 0);
	emu_pci_init_reg(pci, PCI_CGCTL, 4, PCI_CGCTL_RESET, 0xff, 0);
}

EmuDsp *emu_dsp_new(EmuServer *srv, EmuHda *hda, const EmuDspOptions *opts, GError **error)
{
	const DspPart *p = dsp_part_find(opts->part);
	DspFault fault;
	EmuDsp *d;
	unsigned iss, n = emu_hda_num_streams(hda, &iss);

	if (!p) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "unknown --dsp \"%s\": use %s", opts->part ? opts->part : "",
			    dsp_part_names());
		return NULL;
	}
	if (!dsp_fault_parse(opts->fault, &fault, error))
		return NULL;
	g_return_val_if_fail(n <= 8, NULL); /* caps.c has PROCEN/SPIB/DRSM for 8 streams */
	d = g_new0(EmuDsp, 1);
	d->part = p;
	d->hda = hda;
	d->fault = fault;
	d->sram = g_malloc0(DSP_SRAM_SIZE);
	d->load = g_byte_array_new();
	d->trace_pending = g_byte_array_new();
	d->ldc_dir = g_strdup(opts->logs_dir ? opts->logs_dir : EMU_DSP_LOGS_DIR);
	g_queue_init(&d->out);
	reset_all(d);
	set_identity(srv, p);
	emu_hda_attach_dsp(hda, &ops, d);
	sv_info("DSP: %s (%s, 8086:%04x), %u cores, fault %s", p->platform, p->gen, p->device,
		p->cores, dsp_fault_name(fault.kind));
	return d;
}

void emu_dsp_free(EmuDsp *d)
{
	if (!d)
		return;
	dsp_ipc_flush(d);
	dsp_image_info_clear(&d->img);
	g_byte_array_unref(d->load);
	g_byte_array_unref(d->trace_pending);
	if (d->ldc)
		g_bytes_unref(d->ldc);
	g_free(d->ldc_dir);
	if (d->imr)
		g_byte_array_unref(d->imr);
	g_free(d->sram);
	g_free(d);
}
