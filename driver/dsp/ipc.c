// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc.c - IPC3 over the cAVS doorbells (Linux cnl.c cnl_ipc_send_msg(),
 * cnl_ipc_irq_thread(), cnl_ipc_host_done()/dsp_done(); hda-ipc.c for
 * cAVS 1.5; ipc3.c for the reply rules).
 *
 * Host -> DSP: the message goes to the host box (DOWNBOX), the request
 * register gets BUSY; the DSP answers with DONE in the acknowledge register
 * and {size, cmd, error} in the host box; the host writes DONE back.
 * DSP -> host: BUSY in the DSP request register; a panic when its value
 * carries 0x0dead000 (the oops offset in the extension register), else a
 * message in the DSP box (UPBOX); the host clears BUSY (write 1) and sets
 * DONE in the DSP acknowledge register.
 *
 * Waits service the function's interrupt (the IPC interrupt arrives on the
 * HDA controller's MSI/INTx), with the doorbells read on every look.
 */
#define SV_LOG_PREFIX "dsp-ipc"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "dsp-internal.h"

#include <string.h>

#define REPLY_HDR 12

void dsp_ipc_int_enable(SvDsp *d, bool on)
{
	const SvDspIpcRegs *r = &d->gen->ipc;

	/* hda_dsp_ipc_int_enable(): HIPCCTL BUSY|DONE, then ADSPIC.IPC */
	dsp_update(d, r->ctl, HIPCCTL_BUSY | HIPCCTL_DONE, on ? HIPCCTL_BUSY | HIPCCTL_DONE : 0);
	dsp_update(d, ADSPIC, ADSPIX_IPC, on ? ADSPIX_IPC : 0);
}

void dsp_ipc_reset(SvDsp *d)
{
	d->rx_pending = false;
	d->rx_cmd = 0;
	d->rx_len = 0;
	d->panicked = false;
}

static uint32_t dspbox(SvDsp *d)
{
	/* Before FW_READY the DSP box is at its fixed place (HDA_DSP_MBOX_UPLINK_OFFSET). */
	return d->fw_ready_seen ? d->boxes.dspbox : FW_READY_BOX;
}

static void host_done(SvDsp *d)
{
	const SvDspIpcRegs *r = &d->gen->ipc;

	/* BUSY is write-1-to-clear; then DONE tells the DSP the message is taken */
	dsp_wr(d, r->tdr, dsp_rd(d, r->tdr) | r->tdr_busy);
	if (r->tda)
		dsp_wr(d, r->tda, dsp_rd(d, r->tda) | r->tda_done);
	else
		dsp_update(d, r->ctl, HIPCCTL_BUSY, HIPCCTL_BUSY);
}

static void take_panic(SvDsp *d, uint32_t tdr, uint32_t tdd)
{
	uint32_t off = SRAM_WINDOW(0) + (tdd & 0xffffff);
	uint8_t buf[0x400 + 44 + 4 * SV_DSP_OOPS_STACK_WORDS];
	g_autoptr(GError) err = NULL;

	if (off + sizeof(buf) > d->bar4_size)
		off = (uint32_t)(d->bar4_size - sizeof(buf));
	dsp_copy_from(d, off, buf, sizeof(buf));
	if (!sv_dsp_oops_parse(buf, sizeof(buf), tdr & 0x7fffffff, &d->oops, &err))
		sv_warn("%s: panic 0x%08x: %s", d->name, tdr, err->message);
	d->oops.message = tdr & 0x7fffffff;
	d->oops.offset = off;
	if (!d->oops.code)
		d->oops.code = tdr & 0x0fffffff;
	d->panicked = true;
	d->booted = false;
}

void dsp_ipc_service(SvDsp *d)
{
	const SvDspIpcRegs *r = &d->gen->ipc;
	uint32_t tdr = dsp_rd(d, r->tdr), tdd, hdr[2];

	if (tdr == 0xffffffffu || !(tdr & r->tdr_busy))
		return;
	tdd = dsp_rd(d, r->tdd);
	d->rx_count++;
	if ((tdr & SV_DSP_PANIC_MAGIC_MASK) == SV_DSP_PANIC_MAGIC) {
		take_panic(d, tdr, tdd);
		host_done(d);
		return;
	}
	dsp_copy_from(d, dspbox(d), hdr, sizeof(hdr));
	hdr[0] = GUINT32_FROM_LE(hdr[0]);
	hdr[1] = GUINT32_FROM_LE(hdr[1]);
	sv_debug("%s: DSP message 0x%08x, %u bytes", d->name, hdr[1], hdr[0]);
	if (hdr[1] == SV_IPC_TRACE_DMA_POSITION) {
		uint32_t posn[6]; /* reply header (12), host_offset, overflow, messages */

		dsp_copy_from(d, dspbox(d), posn, sizeof(posn));
		d->trace_host_offset = GUINT32_FROM_LE(posn[3]);
		d->trace_pos_seen = true;
	} else {
		d->rx_cmd = hdr[1];
		/* FW_READY's extended records follow it in the box (snd_sof_fw_parse_ext_data()) */
		d->rx_len = hdr[1] == SV_IPC_GLB_FW_READY ? sizeof(d->rx_buf)
							 : MIN(MAX(hdr[0], 8u), sizeof(d->rx_buf));
		dsp_copy_from(d, dspbox(d), d->rx_buf, d->rx_len);
		d->rx_pending = true;
	}
	host_done(d);
}

/* ---- waiting ----------------------------------------------------------- */

typedef gboolean (*DspCond)(SvDsp *d, void *data);

typedef struct {
	SvDsp *d;
	DspCond cond;
	void *data;
} EventWait;

static gboolean event_cond(void *data, GError **error)
{
	EventWait *w = data;

	/* take the interrupt (and re-arm INTx) whatever raised it */
	if (!hda_controller_service(w->d->ctl, 0, error))
		return FALSE;
	dsp_ipc_service(w->d);
	if (!sv_device_take_error(w->d->dev, error))
		return FALSE;
	return w->cond(w->d, w->data) || w->d->panicked;
}

/*
 * Between two looks: sleep on the function's interrupt eventfd (the IPC
 * interrupt arrives there), at most 5 ms so a lost edge costs little; in
 * polling mode, 1 ms.
 */
void dsp_idle(void *data, int64_t deadline_us)
{
	SvDsp *d = *(SvDsp **)data;
	struct pollfd p = { .fd = hda_controller_irq_fd(d->ctl), .events = POLLIN };
	int64_t now = sv_now_us();

	if (p.fd < 0) {
		g_usleep((gulong)CLAMP(deadline_us - now, 1, 1000));
		return;
	}
	(void)sv_poll_until(&p, 1, MIN(deadline_us, now + 5000));
}

static gboolean dsp_wait_event(SvDsp *d, DspCond cond, void *data, int timeout_ms,
			       const char *what, GError **error)
{
	EventWait w = { d, cond, data };

	return sv_wait_until_idle(event_cond, dsp_idle, &w, (int64_t)timeout_ms * 1000, what,
				  error);
}

/*
 * The firmware is gone (a panic, or no answer): nothing of it can be trusted
 * to run on, so the cores are reset and powered down (CPA polled) and the
 * trace stream released, as before a recovery boot (Linux marks it
 * SOF_FW_CRASHED and boots it again from a powered-down DSP).
 */
static void crashed(SvDsp *d)
{
	g_autoptr(GError) err = NULL;

	d->booted = false;
	d->imr_allowed = false;
	dsp_trace_release(d);
	dsp_ipc_int_enable(d, false);
	if (!dsp_core_reset_power_down(d, d->gen->host_managed_cores, &err))
		sv_warn("%s: powering the crashed DSP down: %s", d->name, err->message);
}

static gboolean panic_error(SvDsp *d, const char *during, GError **error)
{
	g_autofree char *text = sv_dsp_oops_describe(&d->oops);

	crashed(d);
	g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_PANIC, "%s: the DSP firmware panicked %s:\n%s",
		    d->name, during, text);
	return FALSE;
}

static gboolean rx_is(SvDsp *d, void *data)
{
	return d->rx_pending && d->rx_cmd == *(uint32_t *)data;
}

gboolean dsp_ipc_wait_rx(SvDsp *d, uint32_t cmd, int timeout_ms, GError **error)
{
	g_autofree char *name = sv_ipc_cmd_name(cmd);
	g_autofree char *what = g_strdup_printf("the DSP's %s message", name);

	if (!dsp_wait_event(d, rx_is, &cmd, timeout_ms, what, error))
		return FALSE;
	if (d->panicked) {
		g_autofree char *during = g_strdup_printf("waiting for %s", what);

		return panic_error(d, during, error);
	}
	return TRUE;
}

/* ---- host -> DSP --------------------------------------------------------- */

static gboolean ack_done(SvDsp *d, void *data)
{
	const SvDspIpcRegs *r = &d->gen->ipc;

	return (dsp_rd(d, r->ack) & r->ack_done) != 0;
}

/* cnl_ipc_dsp_done() / hda_dsp_ipc_cmd_done(DSP_REPLY): DONE back, DONE interrupt on */
static void dsp_done(SvDsp *d)
{
	const SvDspIpcRegs *r = &d->gen->ipc;

	dsp_wr(d, r->ack, dsp_rd(d, r->ack) | r->ack_done);
	dsp_update(d, r->ctl, HIPCCTL_DONE, HIPCCTL_DONE);
}

static gboolean ipc_state(SvDsp *d, GError **error)
{
	if (d->panicked)
		return panic_error(d, "earlier (boot it again)", error);
	if (!d->booted) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_STATE,
			    "%s: the DSP firmware is not running: boot it first", d->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean ipc_timeout(SvDsp *d, const char *name, int ms, GError *cause, GError **error)
{
	const SvDspIpcRegs *r = &d->gen->ipc;
	g_autofree char *st = dsp_status_text(d);

	g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
		    "%s: IPC %s got no reply in %d ms (%s): request 0x%08x, ack 0x%08x, DSP "
		    "request 0x%08x, HIPCCTL 0x%08x, ADSPIS 0x%08x [%s]; the DSP is powered down",
		    d->name, name, ms, cause->message, dsp_rd(d, r->req), dsp_rd(d, r->ack),
		    dsp_rd(d, r->tdr), dsp_rd(d, r->ctl), dsp_rd(d, ADSPIS), st);
	g_error_free(cause);
	crashed(d);
	return FALSE;
}

/*
 * One message: @compact (PM_GATE on generations with an extension register)
 * goes in the doorbells alone.  Replies of PM_CTX_SAVE and PM_GATE are not in
 * the mailbox (its windows may be off: hda_dsp_ipc_get_reply()).
 */
gboolean dsp_ipc_reply_check(const char *dev, const char *name, const uint32_t rh[3],
			     size_t reply_size, GError **error)
{
	int64_t err = -(int64_t)(int32_t)rh[2];

	if (err > 0) {
		/* -INT32_MIN is no errno (and no int): name it without g_strerror(). */
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: IPC %s: the firmware replied error %" G_GINT64_FORMAT " (%s)", dev,
			    name, -err, err <= G_MAXINT ? g_strerror((int)err) : "not an errno");
		return FALSE;
	}
	if (rh[0] > reply_size || rh[0] < REPLY_HDR) {
		/* Linux ipc3: a reply larger than the buffer is -EINVAL */
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: IPC %s: reply of %u bytes, %zu expected at most (and %u at least)",
			    dev, name, rh[0], reply_size, REPLY_HDR);
		return FALSE;
	}
	return TRUE;
}

static gboolean ipc_tx(SvDsp *d, uint32_t cmd, const void *msg, size_t msg_size, bool compact,
		       uint32_t compact_data, void *reply, size_t reply_size, size_t *reply_len,
		       GError **error)
{
	const SvDspIpcRegs *r = &d->gen->ipc;
	g_autofree char *name = sv_ipc_cmd_name(cmd);
	int ms = d->opts.ipc_timeout_ms;
	uint32_t rh[3];
	GError *err = NULL;

	if (!ipc_state(d, error))
		return FALSE;
	if (msg_size > d->boxes.hostbox_size || msg_size > SV_IPC_MSG_MAX) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: IPC %s of %zu bytes does not fit the host box (%u bytes, at most %u)",
			    d->name, name, msg_size, d->boxes.hostbox_size, SV_IPC_MSG_MAX);
		return FALSE;
	}
	if (dsp_rd(d, r->req) & r->req_busy) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: IPC %s: the request register still reads BUSY (0x%08x): the DSP "
			    "did not take the previous message", d->name, name, dsp_rd(d, r->req));
		return FALSE;
	}
	if (compact) {
		dsp_wr(d, r->req_data, compact_data);
		dsp_wr(d, r->req, r->req_busy | IPC_MSG_COMPACT | IPC_PM_GATE_COMPACT);
	} else {
		dsp_copy_to(d, d->boxes.hostbox, msg, msg_size);
		dsp_wr(d, r->req, r->req_busy);
	}
	if (!sv_device_take_error(d->dev, error))
		return FALSE;
	if (!dsp_wait_event(d, ack_done, NULL, ms, "the reply (acknowledge DONE)", &err))
		return ipc_timeout(d, name, ms, err, error);
	if (d->panicked) {
		g_autofree char *during = g_strdup_printf("during IPC %s", name);

		return panic_error(d, during, error);
	}
	if (compact || cmd == SV_IPC_PM_CTX_SAVE || cmd == SV_IPC_PM_GATE) {
		rh[0] = REPLY_HDR;
		rh[1] = SV_IPC_GLB_REPLY;
		rh[2] = 0;
	} else {
		dsp_copy_from(d, d->boxes.hostbox, rh, sizeof(rh));
		for (unsigned i = 0; i < 3; i++)
			rh[i] = GUINT32_FROM_LE(rh[i]);
	}
	if (!dsp_ipc_reply_check(d->name, name, rh, reply_size, error)) {
		dsp_done(d);
		return FALSE;
	}
	if (compact || cmd == SV_IPC_PM_CTX_SAVE || cmd == SV_IPC_PM_GATE)
		memcpy(reply, rh, REPLY_HDR);
	else
		dsp_copy_from(d, d->boxes.hostbox, reply, rh[0]);
	if (reply_len)
		*reply_len = rh[0];
	dsp_done(d);
	return sv_device_take_error(d->dev, error);
}

gboolean sv_dsp_ipc_tx(SvDsp *d, const void *msg, size_t msg_size, void *reply,
		       size_t reply_size, size_t *reply_len, GError **error)
{
	uint32_t hdr[2] = { 0, 0 };

	if (msg_size < 8) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "an IPC3 message starts with {size, cmd}: %zu bytes is too short",
			    msg_size);
		return FALSE;
	}
	memcpy(hdr, msg, 8);
	return ipc_tx(d, GUINT32_FROM_LE(hdr[1]), msg, msg_size, false, 0, reply, reply_size,
		      reply_len, error);
}

gboolean sv_dsp_pm_gate(SvDsp *d, uint32_t flags, GError **error)
{
	uint32_t msg[8] = { GUINT32_TO_LE(32), GUINT32_TO_LE(SV_IPC_PM_GATE), GUINT32_TO_LE(flags) };
	uint32_t reply[3];

	/* cnl_compact_ipc_compress(): PM_GATE travels in the doorbells where HIPCIDD exists */
	return ipc_tx(d, SV_IPC_PM_GATE, msg, sizeof(msg), d->gen->ipc.req_data != 0, flags,
		      reply, sizeof(reply), NULL, error);
}
