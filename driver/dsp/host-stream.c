// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * host-stream.c - host DMA streams handed to the DSP: the code loader
 * (playback, SPIB), the ICCMAX stream and the trace (capture).  Linux
 * hda_cl_prepare() + hda_dsp_stream_hw_params() + hda_cl_cleanup(): the
 * descriptor is taken with its DSP tag, PROCEN set (host and link DMA
 * decoupled), reset, BDL, tag, CBL; PROCEN cleared around SDxFMT where the
 * generation needs it (SOF_INTEL_PROCEN_FMT_QUIRK); SPIB enabled with the
 * buffer size for playback.
 */
#define SV_LOG_PREFIX "dsp-stream"
#include "sofvfio/log.h"
#include "dsp-internal.h"

#include <string.h>

void dsp_stream_release(SvDsp *d, DspStream *st)
{
	g_autoptr(GError) err = NULL;
	unsigned sd;

	if (!st->s)
		return;
	sd = hda_stream_index(st->s);
	if (!hda_stream_stop(st->s, &err))
		sv_warn("%s: stopping SD%u: %s", d->name, sd, err->message);
	g_clear_error(&err);
	if (st->spib && !hda_spib_set(d->ctl, sd, FALSE, 0, &err))
		sv_warn("%s: SPIB of SD%u off: %s", d->name, sd, err->message);
	g_clear_error(&err);
	if (st->procen && !hda_pp_set_procen(d->ctl, sd, FALSE, &err))
		sv_warn("%s: PROCEN of SD%u off: %s", d->name, sd, err->message);
	hda_stream_close(st->s); /* reset, BDL address 0, DMA buffer freed */
	memset(st, 0, sizeof(*st));
}

gboolean dsp_stream_prepare(SvDsp *d, DspStream *st, HdaStreamDir dir, const void *data,
			    size_t size, uint16_t fmt, GError **error)
{
	unsigned sd;

	st->s = hda_stream_open_dsp(d->ctl, dir, error);
	if (!st->s)
		return FALSE;
	sd = hda_stream_index(st->s);
	st->procen = true;
	if (!hda_pp_set_procen(d->ctl, sd, TRUE, error) ||
	    !hda_stream_setup_buffer(st->s, size, error))
		goto fail;
	if (data)
		memcpy(hda_stream_buffer(st->s), data, size);
	if (d->gen->procen_fmt_quirk && !hda_pp_set_procen(d->ctl, sd, FALSE, error))
		goto fail;
	if (!hda_stream_set_format_word(st->s, fmt, error))
		goto fail;
	if (d->gen->procen_fmt_quirk && !hda_pp_set_procen(d->ctl, sd, TRUE, error))
		goto fail;
	if (dir == HDA_STREAM_OUTPUT) {
		st->spib = true;
		if (!hda_spib_set(d->ctl, sd, TRUE, (uint32_t)size, error))
			goto fail;
	}
	return TRUE;
fail:
	dsp_stream_release(d, st);
	return FALSE;
}
