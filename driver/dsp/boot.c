// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot.c - cold boot over the code loader and IMR boot, as Linux runs them
 * (sound/soc/sof/intel/hda-loader.c hda_cl_prepare(), cl_dsp_init(),
 * hda_cl_copy_fw(), hda_cl_cleanup(), hda_dsp_cl_boot_firmware(); the
 * FW_READY wait of sof/core.c).
 *
 * Cold boot: the payload (the file less its XMan) goes into a playback
 * stream taken with its DSP tag (index - ISS + 1), PROCEN set, format 0x40,
 * CBL and SPIB = payload size.  Up to three times: host-managed cores on
 * (CPA polled), SSPs in consumer mode, the ROM_CONTROL purge message with
 * DMA id = tag - 1, core 0 out of reset and unstalled, the ROM's DONE, the
 * other cores off, IPC interrupts on, FSR INIT_DONE.  Then the stream runs
 * until FSR FW_ENTERED, is stopped and released, and FW_READY is awaited.
 * Every failure leaves the cores powered down (CPA polled) and the stream,
 * SPIB, PROCEN and its DMA buffer released.
 */
#define SV_LOG_PREFIX "dsp-boot"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "dsp-internal.h"

#include <string.h>

typedef struct {
	SvDsp *d;
	SvDspBoot *rep;
	int64_t t0;
} Steps;

static void step_begin(Steps *st)
{
	st->t0 = sv_now_us();
}

static bool step_end(Steps *st, bool ok, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static bool step_end(Steps *st, bool ok, const char *fmt, ...)
{
	SvDspBoot *r = st->rep;
	va_list ap;

	if (r->n_steps < SV_DSP_MAX_STEPS) {
		SvDspStep *s = &r->steps[r->n_steps++];

		va_start(ap, fmt);
		g_vsnprintf(s->name, sizeof(s->name), fmt, ap);
		va_end(ap);
		s->us = sv_now_us() - st->t0;
		s->ok = ok;
	}
	return ok;
}

/* ---- ROM init (cl_dsp_init) ------------------------------------------- */

static void ssp_consumer_mode(SvDsp *d)
{
	for (unsigned i = 0; i < d->gen->ssp_count; i++)
		dsp_update(d, d->gen->ssp_base + 0x1000 * i + SSP_SSC1, SSP_SET_CBP_CFP,
			   SSP_SET_CBP_CFP);
}

typedef struct {
	SvDsp *d;
	uint32_t target;
	uint32_t fsr;
} FsrWait;

static gboolean fsr_reached(void *data, GError **error)
{
	FsrWait *w = data;

	uint32_t err;

	w->fsr = dsp_rd(w->d, w->d->gen->rom_status);
	if (!sv_device_take_error(w->d->dev, error))
		return FALSE;
	if (SV_DSP_FSR_STATE(w->fsr) == w->target)
		return TRUE;
	/* FSR.halted with an error code: the ROM gave up, waiting longer is useless
	 * (Linux waits the deadline out; the error is the same, only later) */
	err = dsp_rd(w->d, w->d->gen->rom_status + 4);
	if (SV_DSP_FSR_HALTED(w->fsr) && err && err != 0xffffffffu) {
		const char *name = sv_dsp_rom_error_name(err);

		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_ROM,
			    "the ROM halted with ROM error %u (0x%x%s%s) in FSR state 0x%x (%s)", err,
			    err, name ? ": " : "", name ? name : "", SV_DSP_FSR_STATE(w->fsr),
			    sv_dsp_fsr_state_name(SV_DSP_FSR_STATE(w->fsr)) ?
				    sv_dsp_fsr_state_name(SV_DSP_FSR_STATE(w->fsr)) : "unknown");
		return FALSE;
	}
	return FALSE;
}

static gboolean wait_fsr(SvDsp *d, uint32_t target, int64_t us, GError **error)
{
	FsrWait w = { d, target, 0 };
	g_autofree char *what = g_strdup_printf("FSR state %s (0x%x)",
						sv_dsp_fsr_state_name(target), target);

	return sv_wait_until(fsr_reached, &w, us, what, error);
}

/* One ROM init attempt; on failure the host-managed cores are powered down. */
static gboolean rom_init(SvDsp *d, Steps *st, unsigned tag, bool imr, GError **error)
{
	const SvDspGen *g = d->gen;
	const SvDspIpcRegs *r = &g->ipc;
	uint32_t others = g->host_managed_cores & ~g->init_core_mask;
	SvDspErrorCode code = SV_DSP_ERROR_POWER;
	const char *what;
	GError *err = NULL;

	step_begin(st);
	what = "power up the host-managed cores (poll CPA)";
	if (!step_end(st, dsp_core_power_up(d, g->host_managed_cores, &err),
		      "power up cores 0x%x", g->host_managed_cores))
		goto fail;
	ssp_consumer_mode(d);

	/* step 2: ROM_CONTROL, with the purge and the DMA id for a cold boot */
	st->rep->purge = r->req_busy | ROM_IPC_CONTROL;
	if (!imr)
		st->rep->purge |= ROM_IPC_PURGE_FW | ROM_IPC_DMA_ID(tag);
	dsp_wr(d, r->req, st->rep->purge);

	step_begin(st);
	what = "core 0 out of reset and unstalled";
	if (!step_end(st, dsp_core_run(d, g->init_core_mask, &err), "run core 0"))
		goto fail;

	step_begin(st);
	code = SV_DSP_ERROR_ROM;
	what = "the ROM's acknowledge of ROM_CONTROL (DONE)";
	if (!step_end(st, dsp_wait(d, r->ack, r->ack_done, r->ack_done, DSP_INIT_TIMEOUT_US,
				   "IPC acknowledge DONE", &err), "ROM acknowledge"))
		goto fail;
	dsp_wr(d, r->ack, dsp_rd(d, r->ack) | r->ack_done);

	step_begin(st);
	code = SV_DSP_ERROR_POWER;
	what = "power down the cores the boot does not need (poll CPA)";
	if (!step_end(st, dsp_core_reset_power_down(d, others, &err), "power down cores 0x%x",
		      others))
		goto fail;
	dsp_ipc_int_enable(d, true);

	step_begin(st);
	code = SV_DSP_ERROR_ROM;
	what = imr ? "FSR FW_ENTERED (firmware restored from IMR)" : "FSR INIT_DONE (ROM ready)";
	if (!step_end(st, wait_fsr(d, imr ? SV_DSP_FSR_FW_ENTERED : SV_DSP_FSR_INIT_DONE,
				   (int64_t)g->rom_init_timeout_ms * 1000, &err),
		      imr ? "ROM: FW_ENTERED from IMR" : "ROM: INIT_DONE"))
		goto fail;
	return TRUE;

fail:
	dsp_fail(d, error, code, what, err);
	dsp_ipc_int_enable(d, false);
	if (!dsp_core_reset_power_down(d, g->host_managed_cores, &err)) {
		sv_warn("%s: after the failure: %s", d->name, err->message);
		g_clear_error(&err);
	}
	return FALSE;
}

/* ---- FW_READY ------------------------------------------------------------ */

static gboolean wait_fw_ready(SvDsp *d, Steps *st, GError **error)
{
	GError *err = NULL;

	d->fw_ready_seen = false;
	step_begin(st);
	if (!step_end(st, dsp_ipc_wait_rx(d, SV_IPC_GLB_FW_READY, d->opts.fw_ready_timeout_ms,
					  &err), "FW_READY")) {
		if (err->domain == SV_DSP_ERROR) {
			g_propagate_prefixed_error(error, err, "%s: DSP boot step \"FW_READY\": ",
						   d->name);
			return FALSE;
		}
		dsp_fail(d, error, SV_DSP_ERROR_FIRMWARE,
			 "FW_READY (the firmware entered but did not say it is ready)", err);
		return FALSE;
	}
	d->rx_pending = false;
	if (!sv_dsp_fw_ready_parse(d->rx_buf, d->rx_len, &d->fw_ready, &err)) {
		g_set_error(error, SV_DSP_ERROR,
			    g_error_matches(err, SV_ERROR, SV_ERROR_UNSUPPORTED) ?
				    SV_DSP_ERROR_ABI : SV_DSP_ERROR_FIRMWARE,
			    "%s: DSP boot step \"FW_READY\": %s", d->name, err->message);
		g_error_free(err);
		return FALSE;
	}
	if (!sv_dsp_mailboxes_from_windows(d->fw_ready.windows, d->fw_ready.n_windows,
					   d->bar4_size, &d->boxes, &err)) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_FIRMWARE,
			    "%s: DSP boot step \"FW_READY windows\": %s", d->name, err->message);
		g_error_free(err);
		return FALSE;
	}
	d->fw_ready_seen = true;
	st->rep->fw_ready = d->fw_ready;
	st->rep->boxes = d->boxes;
	return TRUE;
}

/* ---- the boots ----------------------------------------------------------- */

static gboolean cold_boot(SvDsp *d, const uint8_t *payload, size_t size, Steps *st,
			  GError **error)
{
	const SvDspGen *g = d->gen;
	DspStream cl = { 0 }, iccmax = { 0 };
	GError *err = NULL;
	gboolean ok = FALSE;

	step_begin(st);
	if (g->iccmax && !step_end(st, dsp_stream_prepare(d, &iccmax, HDA_STREAM_INPUT, NULL, 4096, DSP_CL_FORMAT, &err),
				   "ICCMAX stream")) {
		dsp_fail(d, error, SV_DSP_ERROR_UNSUPPORTED, "prepare the ICCMAX capture stream", err);
		return FALSE;
	}
	step_begin(st);
	if (!step_end(st, dsp_stream_prepare(d, &cl, HDA_STREAM_OUTPUT, payload, size, DSP_CL_FORMAT, &err),
		      "code-loader stream (%zu bytes)", size)) {
		dsp_fail(d, error, SV_DSP_ERROR_UNSUPPORTED, "prepare the code-loader stream", err);
		goto out;
	}
	st->rep->stream_index = hda_stream_index(cl.s);
	st->rep->stream_tag = hda_stream_tag(cl.s);
	st->rep->payload_size = size;

	for (st->rep->attempts = 1; st->rep->attempts <= DSP_BOOT_ATTEMPTS; st->rep->attempts++) {
		g_clear_error(&err);
		if (rom_init(d, st, hda_stream_tag(cl.s), false, &err))
			break;
		sv_debug("%s: ROM init attempt %u of %u: %s", d->name, st->rep->attempts,
			 DSP_BOOT_ATTEMPTS, err->message);
	}
	if (st->rep->attempts > DSP_BOOT_ATTEMPTS) {
		st->rep->attempts = DSP_BOOT_ATTEMPTS;
		g_propagate_prefixed_error(error, err, "(after %u attempts) ", DSP_BOOT_ATTEMPTS);
		goto out;
	}

	/* hda_cl_copy_fw(): INTCTL bit, RUN | IOCE | FEIE | DEIE; then FW_ENTERED */
	step_begin(st);
	if (!step_end(st, hda_stream_start(cl.s, NULL, NULL, &err), "start the code loader")) {
		dsp_fail(d, error, SV_DSP_ERROR_ROM, "start the code-loader DMA", err);
		goto out;
	}
	step_begin(st);
	if (!step_end(st, wait_fsr(d, SV_DSP_FSR_FW_ENTERED, DSP_BASEFW_TIMEOUT_US, &err),
		      "ROM: FW_ENTERED")) {
		dsp_fail(d, error, SV_DSP_ERROR_ROM,
			 "FSR FW_ENTERED (the ROM loads and checks the firmware)", err);
		goto out;
	}
	step_begin(st);
	dsp_stream_release(d, &cl);
	dsp_stream_release(d, &iccmax);
	step_end(st, true, "release the code loader");
	ok = wait_fw_ready(d, st, error);
out:
	dsp_stream_release(d, &cl);
	dsp_stream_release(d, &iccmax);
	return ok;
}

static gboolean imr_boot(SvDsp *d, Steps *st, GError **error)
{
	if (!rom_init(d, st, 0, true, error))
		return FALSE;
	return wait_fw_ready(d, st, error);
}

static void leave_nothing(SvDsp *d)
{
	g_autoptr(GError) err = NULL;

	if (sv_dsp_cores_powered(d) == 0xffffffffu)
		return; /* a dead DSP: no register to write */
	dsp_ipc_int_enable(d, false);
	if (!dsp_core_reset_power_down(d, d->gen->host_managed_cores, &err))
		sv_warn("%s: powering the DSP down after a failed boot: %s", d->name,
			err->message);
	sv_device_take_error(d->dev, NULL);
}

gboolean sv_dsp_boot(SvDsp *d, const SvDspImage *img, SvDspBoot *boot, GError **error)
{
	/* the payload is the file less its XMan (hda_dsp_cl_boot_firmware()'s
	 * stripped_firmware); the whole file only when a test asks for the mistake */
	if (d->opts.test_send_whole_file)
		return sv_dsp_boot_payload(d, img->data, img->size, boot, error);
	return sv_dsp_boot_payload(d, img->payload, img->payload_size, boot, error);
}

gboolean sv_dsp_boot_payload(SvDsp *d, const uint8_t *payload, size_t size, SvDspBoot *boot,
			     GError **error)
{
	SvDspBoot local;
	Steps st = { d, boot ? boot : &local, 0 };
	bool try_imr = d->imr_allowed && !d->opts.no_imr;
	int64_t t0 = sv_now_us();
	gboolean ok = FALSE;
	GError *err = NULL;

	memset(st.rep, 0, sizeof(*st.rep));
	if (dsp_rd(d, ADSPCS) == 0xffffffffu && dsp_rd(d, d->gen->rom_status) == 0xffffffffu) {
		sv_device_take_error(d->dev, NULL);
		dsp_fail(d, error, SV_DSP_ERROR_DEAD, "read the DSP's state", NULL);
		return FALSE;
	}
	if (!size) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_FIRMWARE,
			    "%s: an empty firmware payload: nothing to boot", d->name);
		return FALSE;
	}
	/* a running firmware goes to D3 first (what an IMR boot starts from) */
	if (d->booted && !sv_dsp_power_down(d, &err)) {
		sv_debug("%s: D3 before the boot: %s", d->name, err->message);
		g_clear_error(&err);
		try_imr = false;
	}
	d->booted = false;
	dsp_ipc_reset(d);
	dsp_gating(d, false);
	if (try_imr) {
		ok = imr_boot(d, &st, &err);
		if (ok) {
			st.rep->imr = true;
		} else {
			sv_info("%s: IMR boot failed, cold boot instead: %s", d->name, err->message);
			g_clear_error(&err);
			st.rep->imr_fell_back = true;
			leave_nothing(d);
			dsp_ipc_reset(d);
		}
	}
	if (!ok) {
		/* start from a known state: every host-managed core off */
		if (!dsp_core_reset_power_down(d, d->gen->host_managed_cores, &err)) {
			dsp_fail(d, error, SV_DSP_ERROR_POWER, "power the cores down before the boot",
				 err);
			goto out;
		}
		ok = cold_boot(d, payload, size, &st, error);
	}
out:
	dsp_gating(d, true);
	if (!ok) {
		leave_nothing(d);
		d->imr_allowed = false;
	} else {
		d->booted = true;
		d->d3 = false;
		d->enabled_cores = d->gen->init_core_mask;
		d->imr_allowed = !!(d->fw_ready.flags & SV_DSP_FW_FLAG_D3_PERSISTENT);
	}
	st.rep->total_us = sv_now_us() - t0;
	return ok;
}

gboolean sv_dsp_power_down(SvDsp *d, GError **error)
{
	GError *err = NULL;
	gboolean ok = TRUE;

	/* hda_dsp_suspend(): PM_CTX_SAVE, then the cores off */
	if (d->booted && !sv_dsp_pm_ctx_save(d, &err)) {
		ok = FALSE;
		d->imr_allowed = false;
	}
	dsp_trace_release(d);
	d->booted = false;
	dsp_ipc_int_enable(d, false);
	if (!dsp_core_reset_power_down(d, d->gen->host_managed_cores, err ? NULL : &err))
		ok = FALSE;
	d->d3 = true;
	if (err)
		g_propagate_error(error, err);
	return ok;
}

gboolean sv_dsp_booted(SvDsp *d)
{
	return d->booted;
}
