// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hda-flows.c - see hda-flows.h.
 */
#include "hda-flows.h"
#include "sofvfio/hda-codec.h"
#include "sofvfio/hda-pcm.h"

#include <string.h>

const char *hda_flow_name(HdaFlow flow)
{
	static const char *const names[] = {
		[HDA_FLOW_BRINGUP] = "bring-up",
		[HDA_FLOW_ENUMERATE] = "enumeration",
		[HDA_FLOW_PLAY] = "play",
		[HDA_FLOW_RECORD] = "record",
	};

	return flow < HDA_N_FLOWS ? names[flow] : "?";
}

typedef struct {
	uint64_t left, done;
} Tone;

/* A square wave, so the DMA moves something other than zeros. */
static gssize tone_read(void *data, void *buf, size_t frames, GError **error)
{
	Tone *t = data;
	int16_t *s = buf;
	size_t n = (size_t)MIN((uint64_t)frames, t->left);

	for (size_t i = 0; i < n; i++, t->done++)
		s[2 * i] = s[2 * i + 1] = (t->done / 24) & 1 ? 8000 : -8000;
	t->left -= n;
	return (gssize)n;
}

static gboolean sink_write(void *data, const void *buf, size_t frames, GError **error)
{
	*(uint64_t *)data += frames;
	return TRUE;
}

static gboolean enumerate(HdaController *ctl, GError **error)
{
	uint16_t mask = hda_controller_info(ctl)->codec_mask;

	for (unsigned cad = 0; cad < 15; cad++) {
		HdaCodec *c;

		if (!(mask & (1u << cad)))
			continue;
		c = hda_codec_enumerate(ctl, cad, error);
		if (!c)
			return FALSE;
		hda_codec_free(c);
	}
	return TRUE;
}

typedef struct {
	void (*fn)(void *data);
	void *data;
} Hook;

/* Called once, where the flow's work ends and its teardown begins. */
static void hook_call(Hook *h)
{
	if (h->fn)
		h->fn(h->data);
	h->fn = NULL;
}

static gboolean stream(HdaController *ctl, HdaStreamDir dir, unsigned frames, Hook *hook,
		       GError **error)
{
	HdaPcmConfig cfg = { .format = { 48000, 16, 2 }, .cad = -1 };
	HdaPcm *pcm = hda_pcm_open(ctl, dir, &cfg, error);
	Tone tone = { frames, 0 };
	uint64_t got = 0;
	gboolean ok;

	if (!pcm)
		return FALSE;
	if (dir == HDA_STREAM_OUTPUT)
		ok = hda_pcm_play(pcm, tone_read, &tone, NULL, NULL, NULL, NULL, error);
	else
		ok = hda_pcm_capture(pcm, frames, sink_write, &got, NULL, NULL, NULL, NULL, error);
	hook_call(hook);
	hda_pcm_close(pcm);
	return ok;
}

gboolean hda_flow_run(SvDevice *dev, HdaFlow flow, const HdaOptions *opts, unsigned frames,
		      GError **error)
{
	return hda_flow_run_hooked(dev, flow, opts, frames, NULL, NULL, error);
}

gboolean hda_flow_run_hooked(SvDevice *dev, HdaFlow flow, const HdaOptions *opts,
			     unsigned frames, void (*before_close)(void *data), void *data,
			     GError **error)
{
	HdaController *ctl = hda_controller_open(dev, opts, error);
	gboolean ok = ctl != NULL;
	Hook hook = { before_close, data };

	if (ok && flow == HDA_FLOW_ENUMERATE)
		ok = enumerate(ctl, error);
	else if (ok && flow == HDA_FLOW_PLAY)
		ok = stream(ctl, HDA_STREAM_OUTPUT, frames, &hook, error);
	else if (ok && flow == HDA_FLOW_RECORD)
		ok = stream(ctl, HDA_STREAM_INPUT, frames, &hook, error);
	hook_call(&hook);
	hda_controller_close(ctl);
	return ok;
}
