// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw.c - the firmware the ROM entered: FW_READY, then IPC3 (SOF
 * src/ipc/ipc3/handler.c, Linux include/sound/sof/) for the messages that
 * need no topology.
 *
 * FW_READY is the image's own struct sof_ipc_fw_ready (the BASEFW .fw_ready
 * section: version, date, time, tag, ABI, source hash, flags), written into
 * the DSP box with the extended records the firmware adds, here the WINDOW
 * record of the part; the doorbell says FW_READY with window 0's host
 * offset >> 12 in the extension, as SOF's platform_boot_complete() does.
 *
 * Host messages: the header {size, cmd} and body in the host box; the reply
 * in the host box; then DONE.  A handler result <= 0 is answered with the
 * generic reply {12, GLB_REPLY, result}, as the firmware does; unknown
 * commands get -EINVAL.  PM_GATE also comes compact (doorbell bit 30, type 8
 * in 28:24, flags in the extension) and then has no mailbox reply.
 */
#define SV_LOG_PREFIX "dsp-fw"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "dsp-priv.h"

#include <errno.h>
#include <string.h>

#define FW_READY_US 2000          /* FW_ENTERED -> FW_READY */
#define WINDOW_RECORD_SIZE 400    /* struct sof_ipc_window: 16-byte head, 16 elements */
#define EXT_WINDOW 1
#define VERSION_OFF 24            /* struct sof_ipc_fw_version in FW_READY */
#define ABI_OFF (VERSION_OFF + 40)
#define FLAGS_OFF 84

void dsp_fw_enter(EmuDsp *d)
{
	uint64_t flags;

	dsp_set_fsr(d, DSP_FSR_FW_ENTERED);
	emu_trace("dsp fw entered");
	d->state = DSP_FW_START;
	if (!dsp_image_fw_ready(d->load->data, d->load->len, d->fw_ready)) {
		sv_warn("the BASEFW module holds no sof_ipc_fw_ready: no FW_READY will come");
		return;
	}
	/* The firmware's log entries: its dictionary has their addresses. */
	dsp_ldc_load(d, dsp_get32(d->fw_ready, VERSION_OFF + 44));
	dsp_trace_addresses(d);
	memcpy(&flags, d->fw_ready + FLAGS_OFF, 8);
	flags = GUINT64_FROM_LE(flags);
	/* IMR: an image that survives D3 is what the ROM enters on an IMR boot. */
	if (!(flags & SOF_INFO_D3_PERSISTENT))
		g_clear_pointer(&d->imr, g_byte_array_unref);
	else if (!d->imr || d->imr->len != d->load->len ||
		 memcmp(d->imr->data, d->load->data, d->load->len)) {
		g_clear_pointer(&d->imr, g_byte_array_unref);
		d->imr = g_byte_array_sized_new(d->load->len);
		g_byte_array_append(d->imr, d->load->data, d->load->len);
	}
	if (d->fault.kind == DSP_FAULT_NO_FW_READY) {
		sv_info("fault no-fw-ready: FW_ENTERED, but no FW_READY");
		return;
	}
	dsp_at(d, DSP_EV_FW_READY, FW_READY_US);
}

static void window_record(EmuDsp *d, GByteArray *b)
{
	const DspPart *p = d->part;
	guint start = b->len;

	dsp_put32(b, WINDOW_RECORD_SIZE);
	dsp_put32(b, SOF_GLB_FW_READY);
	dsp_put32(b, EXT_WINDOW);
	dsp_put32(b, p->n_windows);
	for (unsigned i = 0; i < p->n_windows; i++) {
		dsp_put32(b, 0); /* element header size: 0, as the firmware leaves it */
		dsp_put32(b, p->windows[i].type);
		dsp_put32(b, p->windows[i].id);
		dsp_put32(b, 0); /* flags */
		dsp_put32(b, p->windows[i].size);
		dsp_put32(b, p->windows[i].offset);
	}
	g_byte_array_set_size(b, start + WINDOW_RECORD_SIZE);
	memset(b->data + start + 16 + 24 * p->n_windows, 0,
	       WINDOW_RECORD_SIZE - 16 - 24 * p->n_windows);
}

void dsp_fw_ready(EmuDsp *d)
{
	GByteArray *box = g_byte_array_new();
	uint32_t abi = dsp_get32(d->fw_ready, ABI_OFF);

	if (d->fault.kind == DSP_FAULT_ABI_MISMATCH) {
		uint32_t bumped = abi + (1u << 24);

		sv_info("fault abi-mismatch: ABI %u.%u.%u reported as %u.%u.%u", abi >> 24,
			(abi >> 12) & 0xfff, abi & 0xfff, bumped >> 24, (bumped >> 12) & 0xfff,
			bumped & 0xfff);
		abi = bumped;
		abi = GUINT32_TO_LE(abi);
		memcpy(d->fw_ready + ABI_OFF, &abi, 4);
		abi = GUINT32_FROM_LE(abi);
	}
	g_byte_array_append(box, d->fw_ready, SOF_FW_READY_SIZE);
	window_record(d, box);
	/* What follows the last record is not another one (cmd != FW_READY). */
	g_byte_array_set_size(box, box->len + 12);
	memset(box->data + box->len - 12, 0, 12);
	d->state = DSP_FW_RUN;
	sv_info("FW_READY: version %u.%u.%u, ABI 0x%08x", dsp_get32(d->fw_ready, 28) & 0xffff,
		dsp_get32(d->fw_ready, 28) >> 16, dsp_get32(d->fw_ready, 32) & 0xffff, abi);
	dsp_trace_log(d, DSP_LOG_IPC_INIT, NULL);
	dsp_trace_log(d, DSP_LOG_TRACE_INIT, NULL);
	dsp_ipc_send(d, SOF_GLB_FW_READY, DSP_WIN_BASE >> 12, box);
	if (d->host_msg)
		dsp_at(d, DSP_EV_IPC, 0);
}

/* ---- IPC3 commands -------------------------------------------------------------- */

typedef struct {
	uint32_t cmd;
	const char *name;
	uint32_t min_size;
	/* Return <= 0 for the generic reply, or 1 with *reply built. */
	int (*handle)(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply);
} FwCmd;

static int cmd_ok(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	return 0;
}

static int cmd_ctx_save(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	d->ctx_saved = TRUE;
	return 0;
}

static int cmd_ctx_restore(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	d->ctx_saved = FALSE;
	return 0;
}

static int cmd_core_enable(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	uint32_t mask = dsp_get32(msg, 8);

	dsp_trace_log(d, DSP_LOG_CORE_ENABLE, &mask);
	return dsp_power_core_enable(d, mask);
}

static int cmd_pm_gate(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	d->pm_gate_flags = dsp_get32(msg, 8);
	dsp_trace_log(d, DSP_LOG_PM_GATE, &d->pm_gate_flags);
	return 0;
}

/* struct sof_ipc_dma_trace_params_ext: buffer.size at 20, stream_tag at 36, timestamp_ns at 40. */
static int cmd_trace_params(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	uint64_t ns;

	memcpy(&ns, msg + 40, 8);
	return dsp_trace_start(d, dsp_get32(msg, 36), dsp_get32(msg, 20), GUINT64_FROM_LE(ns));
}

static int cmd_trace_free(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	dsp_trace_stop(d);
	return 0;
}

/*
 * struct sof_ipc_dbg_mem_usage: reply header, reserved[4], num_elems, then
 * {zone, id, used, free, reserved} per heap (zones SYS, SYS_RUNTIME, RUNTIME,
 * BUFFER); the figures are the model's.
 */
static int cmd_mem_usage(EmuDsp *d, const uint8_t *msg, uint32_t size, GByteArray *reply)
{
	/* zone, id, used, free */
	static const uint32_t heaps[][4] = {
		{ 0, 0, 0x2000, 0x0 }, { 1, 0, 0x0800, 0x1800 }, { 2, 0, 0x3000, 0x9000 },
		{ 3, 0, 0x0, 0x50000 },
	};
	uint32_t n = G_N_ELEMENTS(heaps);

	dsp_put32(reply, 12 + 16 + 4 + 20 * n);
	dsp_put32(reply, SOF_DEBUG_MEM_USAGE);
	dsp_put32(reply, 0);
	for (unsigned i = 0; i < 4; i++)
		dsp_put32(reply, 0);
	dsp_put32(reply, n);
	for (unsigned i = 0; i < n; i++) {
		/* The trace's DMA buffer comes out of the BUFFER zone while it runs. */
		uint32_t used = heaps[i][2] + (heaps[i][0] == 3 && d->trace_on ? 0x1000 : 0);

		dsp_put32(reply, heaps[i][0]);
		dsp_put32(reply, heaps[i][1]);
		dsp_put32(reply, used);
		dsp_put32(reply, heaps[i][3] - (used - heaps[i][2]));
		dsp_put32(reply, 0);
	}
	return 1;
}

static const FwCmd commands[] = {
	{ .cmd = SOF_GLB_REPLY, .name = "GLB_REPLY (ping)", .min_size = 8, .handle = cmd_ok },
	{ .cmd = SOF_PM_CTX_SAVE, .name = "PM_CTX_SAVE", .min_size = 8, .handle = cmd_ctx_save },
	{ .cmd = SOF_PM_CTX_RESTORE, .name = "PM_CTX_RESTORE", .min_size = 8,
	  .handle = cmd_ctx_restore },
	{ .cmd = SOF_PM_CORE_ENABLE, .name = "PM_CORE_ENABLE", .min_size = 12,
	  .handle = cmd_core_enable },
	{ .cmd = SOF_PM_GATE, .name = "PM_GATE", .min_size = 12, .handle = cmd_pm_gate },
	{ .cmd = SOF_TRACE_DMA_PARAMS_EXT, .name = "TRACE_DMA_PARAMS_EXT", .min_size = 48,
	  .handle = cmd_trace_params },
	{ .cmd = SOF_TRACE_DMA_FREE, .name = "TRACE_DMA_FREE", .min_size = 8,
	  .handle = cmd_trace_free },
	{ .cmd = SOF_DEBUG_MEM_USAGE, .name = "DEBUG_MEM_USAGE", .min_size = 8,
	  .handle = cmd_mem_usage },
};

static void answer(EmuDsp *d, GByteArray *reply)
{
	dsp_sram_write(d, dsp_window_offset(d->part, SOF_REGION_DOWNBOX, NULL), reply->data,
		       reply->len);
	dsp_ipc_answer(d);
}

static void compact(EmuDsp *d, uint32_t doorbell, uint32_t ext)
{
	if ((doorbell & (0x1fu << 24)) == DSP_COMPACT_PM_GATE) {
		d->pm_gate_flags = ext;
		sv_debug("compact PM_GATE flags 0x%x", ext);
		dsp_trace_log(d, DSP_LOG_PM_GATE, &ext);
	} else {
		sv_warn("compact IPC 0x%08x (type %u) unknown: answered without effect", doorbell,
			(doorbell >> 24) & 0x1f);
	}
	/* No mailbox reply: the windows may be gated. */
	dsp_ipc_answer(d);
}

void dsp_fw_ipc(EmuDsp *d)
{
	uint32_t ext, doorbell, size, cmd, hostbox, boxsize;
	const FwCmd *c = NULL;
	uint8_t msg[SOF_IPC_MSG_MAX];
	g_autoptr(GByteArray) reply = g_byte_array_new();
	uint32_t params[2];
	int ret;

	if (d->state != DSP_FW_RUN || !d->host_msg)
		return;
	d->host_msg = FALSE;
	if (d->fault.kind == DSP_FAULT_IPC_TIMEOUT) {
		sv_info("fault ipc-timeout: the host's message 0x%08x is never answered",
			dsp_ipc_request(d, NULL));
		return;
	}
	if (d->fault.kind == DSP_FAULT_PANIC) {
		dsp_panic(d, SOF_PANIC_EXCEPTION);
		return;
	}
	doorbell = dsp_ipc_request(d, &ext);
	if (doorbell & DSP_IPC_COMPACT) {
		compact(d, doorbell, ext);
		return;
	}
	hostbox = dsp_window_offset(d->part, SOF_REGION_DOWNBOX, &boxsize);
	dsp_sram_read(d, hostbox, msg, 8);
	size = dsp_get32(msg, 0);
	cmd = dsp_get32(msg, 4);
	params[0] = cmd;
	dsp_trace_log(d, DSP_LOG_IPC_CMD, params);
	if (size < 8 || size > SOF_IPC_MSG_MAX) {
		sv_warn("IPC 0x%08x: size %u (8..%u): -EINVAL", cmd, size, SOF_IPC_MSG_MAX);
		ret = -EINVAL;
	} else {
		dsp_sram_read(d, hostbox, msg, size);
		for (unsigned i = 0; i < G_N_ELEMENTS(commands); i++)
			if (commands[i].cmd == (cmd & (SOF_GLB_MASK | SOF_CMD_MASK)))
				c = &commands[i];
		if (!c) {
			sv_info("IPC 0x%08x: not a command this firmware model takes (no topology): "
				"-EINVAL", cmd);
			ret = -EINVAL;
		} else if (size < c->min_size) {
			sv_warn("IPC %s: %u bytes, at least %u needed: -EINVAL", c->name, size,
				c->min_size);
			ret = -EINVAL;
		} else {
			ret = c->handle(d, msg, size, reply);
			sv_debug("IPC %s: %d", c->name, ret);
		}
	}
	if (ret <= 0) {
		g_byte_array_set_size(reply, 0);
		dsp_put32(reply, 12);
		dsp_put32(reply, SOF_GLB_REPLY);
		dsp_put32(reply, (uint32_t)ret);
	}
	if (ret < 0) {
		params[1] = (uint32_t)ret;
		dsp_trace_log(d, DSP_LOG_IPC_ERROR, params);
	}
	answer(d, reply);
}
