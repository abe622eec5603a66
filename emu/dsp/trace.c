// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.c - SOF's DMA trace: after TRACE_DMA_PARAMS_EXT the firmware writes
 * its log records through the host capture stream with the given tag (a
 * stream the host handed to the DSP with PROCEN) into the host's buffer,
 * and tells the host how far it got with TRACE_DMA_POSITION messages
 * {reply header, host_offset, overflow, messages}.
 *
 * A record is SOF's struct log_entry_header (sof src/include/user/trace.h,
 * 2.x): uid, id_0:12 | id_1:12 | core:8, a 64-bit timestamp in DSP ticks,
 * the address of its log entry (in the firmware's .ldc dictionary), then its
 * parameters, 32 bits each.  Entries are those of the image's dictionary
 * (ldc.c) or, without one, the model's own (docs/dsp-model.md).
 * Records logged before the trace starts wait (as the firmware's early log
 * does), up to TRACE_BACKLOG bytes.
 */
#define SV_LOG_PREFIX "dsp-trace"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#include <errno.h>
#include <string.h>

#define TRACE_BACKLOG 8192
#define TRACE_POSITION_US 2000    /* a position message this long after new data */
#define TRACE_TICKS_PER_US 38     /* the model's DSP clock: 38.4 MHz (XTAL) */
#define TRACE_ID_NONE 0xfff

/*
 * The records the model writes: the text of a real SOF 2.2 entry (found in
 * the image's dictionary when there is one) and the model's own address for
 * when there is none.  With a dictionary, what it lacks is not logged, as a
 * firmware logs only what its dictionary has.
 */
static const struct {
	const char *text;
	gboolean prefix;
	unsigned params;
	uint32_t own;
} logs[DSP_LOG_COUNT] = {
	[DSP_LOG_IPC_INIT] = { .text = "ipc_init()", .params = 0, .own = 0x1000 },
	[DSP_LOG_TRACE_INIT] = { .text = "dma_trace_init_complete()", .params = 0, .own = 0x1004 },
	[DSP_LOG_FW_ABI] = { .text = "DMA: FW ABI 0x%x DBG ABI 0x%x", .prefix = TRUE, .params = 3,
			     .own = 0x1008 },
	[DSP_LOG_IPC_CMD] = { .text = "ipc: new cmd 0x%x", .params = 1, .own = 0x100c },
	[DSP_LOG_PM_GATE] = { .text = "ipc: pm gate flags 0x%x", .params = 1, .own = 0x1010 },
	[DSP_LOG_CORE_ENABLE] = { .text = "ipc: pm core mask 0x%x -> enable", .params = 1,
				  .own = 0x1014 },
	[DSP_LOG_IPC_ERROR] = { .text = NULL /* the model's: "ipc: cmd 0x%x failed %d" */,
				.params = 2, .own = 0x1018 },
};

void dsp_trace_addresses(EmuDsp *d)
{
	for (unsigned i = 0; i < DSP_LOG_COUNT; i++) {
		uint32_t a = 0;

		if (!d->ldc)
			a = logs[i].own;
		else if (logs[i].text)
			dsp_ldc_find(d, logs[i].text, logs[i].prefix, logs[i].params, &a);
		d->log_address[i] = a;
	}
}

void dsp_trace_log(EmuDsp *d, DspLog what, const uint32_t *params)
{
	uint64_t ticks = (uint64_t)(dsp_now() - d->trace_t0_us) * TRACE_TICKS_PER_US +
			 d->trace_t0_ns / 1000 * TRACE_TICKS_PER_US;
	unsigned n = logs[what].params;

	if (!d->log_address[what] || d->trace_pending->len + 20 + 4 * n > TRACE_BACKLOG)
		return;
	dsp_put32(d->trace_pending, 0);                                   /* uid */
	dsp_put32(d->trace_pending, TRACE_ID_NONE | (TRACE_ID_NONE << 12)); /* ids, core 0 */
	dsp_put32(d->trace_pending, (uint32_t)ticks);
	dsp_put32(d->trace_pending, (uint32_t)(ticks >> 32));
	dsp_put32(d->trace_pending, d->log_address[what]);
	for (unsigned i = 0; i < n; i++)
		dsp_put32(d->trace_pending, params[i]);
	d->trace_msgs++;
}

/* The capture stream the trace goes through: DSP-owned, input, the trace's tag. */
static gboolean trace_stream(EmuDsp *d, unsigned n, gboolean need_running)
{
	EmuHdaStreamState st;

	return dsp_stream_state(d, n, &st) && !st.output && st.tag == d->trace_tag &&
	       dsp_caps_stream_owned(d, n) && (st.running || !need_running);
}

int dsp_trace_start(EmuDsp *d, unsigned tag, uint32_t size, uint64_t host_ns)
{
	gboolean found = FALSE;
	uint32_t params[3] = { dsp_get32(d->fw_ready, 64), dsp_ldc_debug_abi(d),
			       dsp_get32(d->fw_ready, 68) };

	d->trace_tag = tag;
	for (unsigned n = 0; n < DSP_MAX_STREAMS; n++)
		found |= trace_stream(d, n, FALSE);
	if (!tag || !found) {
		sv_warn("TRACE_DMA_PARAMS_EXT: no capture stream with tag %u handed to the DSP "
			"(PPCTL.PROCEN): -EINVAL", tag);
		d->trace_tag = 0;
		return -EINVAL;
	}
	d->trace_on = TRUE;
	d->trace_size = size;
	d->trace_written = 0;
	d->trace_t0_ns = host_ns;
	d->trace_t0_us = dsp_now();
	sv_info("trace: capture stream tag %u, host buffer %u bytes", tag, size);
	dsp_trace_log(d, DSP_LOG_FW_ABI, params);
	dsp_changed(d);
	return 0;
}

void dsp_trace_stop(EmuDsp *d)
{
	d->trace_on = FALSE;
	d->trace_tag = 0;
	dsp_cancel(d, DSP_EV_TRACE);
}

size_t dsp_trace_stream_avail(EmuDsp *d, unsigned n)
{
	if (!d->trace_on || d->state != DSP_FW_RUN || !trace_stream(d, n, TRUE))
		return 0;
	return d->trace_pending->len;
}

void dsp_trace_stream_data(EmuDsp *d, unsigned n, uint8_t *buf, size_t len)
{
	len = MIN(len, (size_t)d->trace_pending->len);
	memcpy(buf, d->trace_pending->data, len);
	g_byte_array_remove_range(d->trace_pending, 0, len);
	d->trace_written += len;
	if (d->due[DSP_EV_TRACE] < 0)
		dsp_at(d, DSP_EV_TRACE, TRACE_POSITION_US);
}

void dsp_trace_event(EmuDsp *d)
{
	GByteArray *posn;

	if (!d->trace_on || d->state != DSP_FW_RUN)
		return;
	posn = g_byte_array_new();
	dsp_put32(posn, 24);
	dsp_put32(posn, SOF_TRACE_DMA_POSITION);
	dsp_put32(posn, 0);
	dsp_put32(posn, d->trace_size ? (uint32_t)(d->trace_written % d->trace_size) :
				    (uint32_t)d->trace_written);
	dsp_put32(posn, 0);               /* overflow */
	dsp_put32(posn, d->trace_msgs);
	dsp_ipc_send(d, SOF_TRACE_DMA_POSITION, 0, posn);
}
