// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reg.c - BAR4 access for the DSP driver: read-modify-write, bounded waits
 * (on driver/core/wait.c, servicing the controller's interrupt meanwhile),
 * mailbox copies, and the status every failure message carries.
 */
#define SV_LOG_PREFIX "dsp"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "dsp-internal.h"

#include <string.h>

void dsp_update(SvDsp *d, uint32_t off, uint32_t mask, uint32_t val)
{
	uint32_t v = dsp_rd(d, off);

	dsp_wr(d, off, (v & ~mask) | (val & mask));
}

typedef struct {
	SvDsp *d;
	uint32_t off, mask, val;
	uint32_t last;
} RegWait;

static gboolean reg_matches(void *data, GError **error)
{
	RegWait *w = data;

	w->last = dsp_rd(w->d, w->off);
	if (!sv_device_take_error(w->d->dev, error))
		return FALSE;
	return (w->last & w->mask) == w->val;
}

gboolean dsp_wait(SvDsp *d, uint32_t off, uint32_t mask, uint32_t val, int64_t timeout_us,
		  const char *what, GError **error)
{
	RegWait w = { d, off, mask, val, 0 };
	g_autofree char *desc = g_strdup_printf("%s (BAR4+0x%x & 0x%x == 0x%x)", what, off, mask,
						val);
	GError *err = NULL;

	if (sv_wait_until(reg_matches, &w, timeout_us, desc, &err))
		return TRUE;
	g_propagate_prefixed_error(error, err, "%s read 0x%08x last: ", what, w.last);
	return FALSE;
}

void dsp_copy_from(SvDsp *d, uint32_t off, void *buf, size_t len)
{
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i += 4) {
		uint32_t v = GUINT32_TO_LE(dsp_rd(d, off + (uint32_t)i));

		memcpy(p + i, &v, MIN(4, len - i));
	}
}

void dsp_copy_to(SvDsp *d, uint32_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	for (size_t i = 0; i < len; i += 4) {
		uint32_t v = 0;

		memcpy(&v, p + i, MIN(4, len - i));
		dsp_wr(d, off + (uint32_t)i, GUINT32_FROM_LE(v));
	}
}

char *dsp_status_text(SvDsp *d)
{
	uint32_t cs = dsp_rd(d, ADSPCS), fsr = dsp_rd(d, d->gen->rom_status);
	uint32_t err = dsp_rd(d, d->gen->rom_status + 4);
	const SvDspIpcRegs *r = &d->gen->ipc;
	g_autofree char *f = sv_dsp_fsr_describe(fsr);
	const char *en = sv_dsp_rom_error_name(err);

	sv_device_take_error(d->dev, NULL);
	if (cs == 0xffffffffu && fsr == 0xffffffffu)
		return g_strdup("every DSP register reads 0xffffffff: the DSP (BAR4) does not "
				"answer; is the function powered (D0) and BAR4 enabled?");
	return g_strdup_printf("ADSPCS 0x%08x (CPA 0x%x SPA 0x%x CSTALL 0x%x CRST 0x%x), FSR %s, "
			       "ROM error %u (0x%x%s%s), IPC req 0x%08x ack 0x%08x",
			       cs, (cs >> 24) & 0xf, (cs >> 16) & 0xf, (cs >> 8) & 0xf, cs & 0xf, f,
			       err, err, en ? ": " : "", en ? en : "", dsp_rd(d, r->req),
			       dsp_rd(d, r->ack));
}

void dsp_fail(SvDsp *d, GError **error, SvDspErrorCode code, const char *step, GError *cause)
{
	g_autofree char *st = dsp_status_text(d);

	if (cause)
		g_set_error(error, SV_DSP_ERROR, code, "%s: DSP boot step \"%s\" failed: %s [%s]",
			    d->name, step, cause->message, st);
	else
		g_set_error(error, SV_DSP_ERROR, code, "%s: DSP boot step \"%s\" failed: %s",
			    d->name, step, st);
	if (cause)
		g_error_free(cause);
}
