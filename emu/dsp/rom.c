// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom.c - the DSP's boot ROM.  It starts when core 0 runs (power, out of
 * reset, unstalled) and takes one message from the host doorbell, in
 * either order with the unstall (Linux sends it first, Zephyr's cavstool
 * after):
 *
 *   BUSY | ROM_CONTROL (bit 24) | PURGE (bit 14) | DMA id (13:9) = tag - 1
 *       cold boot: the ROM answers DONE, sets FSR INIT_DONE and waits for
 *       the image on the code-loader stream whose tag the message named,
 *       a stream the host handed to the DSP with PPCTL.PROCEN.  It pulls
 *       what the $AM1 says (preload pages), no further than SPIB, checks it
 *       (image.c), and enters the firmware: FSR FW_ENTERED.
 *   BUSY | ROM_CONTROL
 *       IMR boot: the firmware still in IMR from the last boot (kept when
 *       its FW_READY flags said D3_PERSISTENT) is entered again.
 *
 * FSR (window 0 + 0) goes INIT_DONE -> FW_MANIFEST_LOADED -> FW_LOADED ->
 * FW_ENTERED; a failure halts the ROM: FSR bit 31 and the error code at
 * window 0 + 4.  A stream with another tag is not taken (its DMA waits), and
 * the mismatch is reported as error 43 (base firmware not found) at +4.
 */
#define SV_LOG_PREFIX "dsp-rom"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "dsp-priv.h"

#include <string.h>

#define ROM_BOOT_US 500       /* core 0 unstalled -> the ROM takes its message */
#define ROM_INIT_US 200       /* message answered -> INIT_DONE */
#define ROM_VERIFY_US 1000    /* image in -> checked */
#define HEADER_BYTES 0x3000   /* what the ROM reads before it knows the preload size */
#define IMR_ENTER_US 20000    /* IMR boot: INIT_DONE held this long (a 500 us poller sees it) */

static const char *rom_error_name(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *name;
	} names[] = {
		{ 40, "CSE error" }, { 41, "CSE wrong response" }, { 42, "IMR too small" },
		{ 43, "base firmware not found" }, { 44, "CSE validation failed" },
		{ 45, "IPC fatal error" }, { 46, "L2 cache error" },
		{ 47, "load offset too small" }, { 50, "API pointer invalid" },
		{ 51, "base firmware incompatible" },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].code == code)
			return names[i].name;
	return "error";
}

void dsp_rom_halt(EmuDsp *d, uint32_t code, const char *why)
{
	sv_warn("ROM error %u (%s): %s", code, rom_error_name(code), why);
	emu_trace("dsp rom error %u", code);
	dsp_sram_write32(d, DSP_WIN_BASE + DSP_SRAM_ERROR, code);
	dsp_set_fsr(d, DSP_FSR_HALTED | (dsp_fsr(d) & DSP_FSR_STATE_MASK));
	d->state = DSP_ROM_HALT;
	/* A failed cold boot leaves nothing worth an IMR boot. */
	g_clear_pointer(&d->imr, g_byte_array_unref);
	dsp_changed(d);
}

/* Core 0 stopped: whatever ran on it is gone; SRAM with the power. */
static void stop(EmuDsp *d)
{
	sv_debug("core 0 stops (%s)", !(d->cpa & 1) ? "power off" : "reset or stall");
	emu_trace("dsp core0 stop");
	for (unsigned ev = 0; ev < DSP_EV_COUNT; ev++)
		if (ev != DSP_EV_POWER)
			dsp_cancel(d, ev);
	d->state = DSP_OFF;
	dsp_ipc_flush(d);
	dsp_trace_stop(d);
	g_byte_array_set_size(d->trace_pending, 0);
	if (!(d->cpa & 1))
		memset(d->sram, 0, DSP_SRAM_SIZE);
	dsp_set_fsr(d, 0);
}

static void take_message(EmuDsp *d)
{
	uint32_t msg = dsp_ipc_request(d, NULL);

	if (!(msg & DSP_ROM_CONTROL)) {
		sv_warn("ROM: doorbell 0x%08x is not a ROM_CONTROL message: ignored", msg);
		d->rom_msg = FALSE;
		return;
	}
	d->rom_msg = FALSE;
	if (d->fault.kind == DSP_FAULT_NO_ROM_ACK) {
		sv_info("fault no-rom-ack: the ROM does not answer 0x%08x", msg);
		d->state = DSP_ROM_HALT;
		return;
	}
	d->purge = msg & DSP_ROM_PURGE;
	d->purge_tag = DSP_ROM_DMA_ID(msg) + 1;
	sv_info("ROM: %s (0x%08x)", d->purge ? "purge: cold boot" : "IMR boot", msg);
	if (d->purge)
		sv_info("ROM: code loader DMA id %u: stream tag %u", d->purge_tag - 1, d->purge_tag);
	dsp_ipc_answer(d);
	d->state = DSP_ROM_INIT;
	dsp_at(d, DSP_EV_INIT, ROM_INIT_US);
}

void dsp_rom_step(EmuDsp *d)
{
	if (!dsp_core0_running(d)) {
		if (d->state != DSP_OFF)
			stop(d);
		return;
	}
	if (d->state == DSP_OFF) {
		d->state = DSP_ROM_BOOT;
		dsp_set_fsr(d, 0);
		dsp_sram_write32(d, DSP_WIN_BASE + DSP_SRAM_ERROR, 0);
		dsp_at(d, DSP_EV_ROM, ROM_BOOT_US);
	} else if (d->state == DSP_ROM_WAIT && d->rom_msg) {
		take_message(d);
	}
}

static void init_done(EmuDsp *d)
{
	dsp_set_fsr(d, DSP_FSR_INIT_DONE);
	emu_trace("dsp rom init-done");
	if (d->purge) {
		d->state = DSP_ROM_LOAD;
		g_byte_array_set_size(d->load, 0);
		dsp_image_info_clear(&d->img);
		d->wrong_stream_seen = FALSE;
		return;
	}
	if (!d->imr) {
		dsp_rom_halt(d, DSP_ROM_ERR_BASE_FW_NOT_FOUND,
			     "IMR boot asked, but no firmware is kept in IMR (no cold boot yet, or "
			     "its FW_READY did not say D3_PERSISTENT)");
		return;
	}
	g_byte_array_set_size(d->load, 0);
	g_byte_array_append(d->load, d->imr->data, d->imr->len);
	d->state = DSP_ROM_VERIFY;
	dsp_at(d, DSP_EV_VERIFY, IMR_ENTER_US);
}

static void verify(EmuDsp *d)
{
	g_autofree char *why = NULL;
	uint32_t err;

	if (d->fault.kind == DSP_FAULT_ROM_ERROR) {
		dsp_rom_halt(d, d->fault.value, "fault rom-error");
		return;
	}
	if (!d->purge) {
		/* IMR boot: the image was checked when it was loaded. */
		sv_info("ROM: entering the firmware kept in IMR (context %s)",
			d->ctx_saved ? "saved by PM_CTX_SAVE" : "not saved");
		dsp_fw_enter(d);
		return;
	}
	err = dsp_image_verify(d->part, d->load->data, d->load->len, &why);
	if (err) {
		dsp_rom_halt(d, err, why);
		return;
	}
	sv_info("ROM: image of %u bytes checked: entering the firmware", d->load->len);
	dsp_fw_enter(d);
}

void dsp_rom_event(EmuDsp *d, DspEvent ev)
{
	switch (ev) {
	case DSP_EV_ROM:
		if (d->fault.kind == DSP_FAULT_FSR_STUCK) {
			sv_info("fault fsr-stuck: FSR stays 0x%08x", d->fault.value);
			dsp_set_fsr(d, d->fault.value);
			d->state = DSP_ROM_HALT;
			return;
		}
		d->state = DSP_ROM_WAIT;
		if (d->rom_msg)
			take_message(d);
		break;
	case DSP_EV_INIT:
		init_done(d);
		break;
	case DSP_EV_VERIFY:
		verify(d);
		break;
	default:
		break;
	}
}

/* ---- the code-loader gateway --------------------------------------------------- */

static gboolean loader_stream(EmuDsp *d, unsigned n)
{
	EmuHdaStreamState st;

	if (d->state != DSP_ROM_LOAD || !dsp_stream_state(d, n, &st) || !st.output || !st.running)
		return FALSE;
	if (st.tag == d->purge_tag)
		return TRUE;
	if (!d->wrong_stream_seen) {
		d->wrong_stream_seen = TRUE;
		sv_warn("ROM: stream %u (tag %u) runs for the DSP, but the purge message named DMA "
			"id %u (tag %u): its data is not taken", n, st.tag, d->purge_tag - 1,
			d->purge_tag);
		dsp_sram_write32(d, DSP_WIN_BASE + DSP_SRAM_ERROR, DSP_ROM_ERR_BASE_FW_NOT_FOUND);
	}
	return FALSE;
}

size_t dsp_rom_stream_avail(EmuDsp *d, unsigned n)
{
	size_t have = d->load->len, want;
	int64_t spib;

	if (!loader_stream(d, n))
		return 0;
	want = d->img.need ? d->img.need - MIN(have, d->img.need) :
	       have < HEADER_BYTES ? HEADER_BYTES - have : 0x1000;
	spib = dsp_caps_spib_limit(d, n);
	if (spib >= 0)
		want = MIN(want, (uint64_t)spib > d->moved[n] ? (size_t)(spib - d->moved[n]) : 0);
	return want;
}

void dsp_rom_stream_data(EmuDsp *d, unsigned n, const uint8_t *buf, size_t len)
{
	int64_t spib = dsp_caps_spib_limit(d, n);

	g_byte_array_append(d->load, buf, len);
	if (!d->img.need && !d->img.error &&
	    dsp_image_headers(d->part, d->load->data, d->load->len, &d->img)) {
		if (d->img.error) {
			dsp_rom_halt(d, d->img.error, d->img.why);
			return;
		}
		sv_info("ROM: manifest read: %zu bytes to load", d->img.need);
		dsp_set_fsr(d, DSP_FSR_MANIFEST_LOADED);
	}
	if (d->img.need && d->load->len >= d->img.need) {
		dsp_set_fsr(d, DSP_FSR_FW_LOADED);
		d->state = DSP_ROM_VERIFY;
		dsp_at(d, DSP_EV_VERIFY, ROM_VERIFY_US);
	} else if (spib >= 0 && d->moved[n] + len >= (uint64_t)spib) {
		g_autofree char *why = g_strdup_printf(
			"the code loader stopped at SPIB (%" G_GINT64_FORMAT " bytes) %s", spib,
			d->img.need ? "before the end of the image" : "inside the image's headers");

		if (d->img.need)
			sv_info("ROM: %u of %zu bytes", d->load->len, d->img.need);
		dsp_rom_halt(d, DSP_ROM_ERR_BASE_FW_NOT_FOUND, why);
	}
}
