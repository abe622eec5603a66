// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pcm.c - PCM playback and capture: a codec path, a stream descriptor and
 * a cyclic DMA buffer of N periods (one BDL entry each, IOC on each), kept
 * full (playback) or empty (capture) from the stream's interrupts.
 *
 * The loop wakes on every stream interrupt, or after one period when none
 * comes (interrupts lost or masked, polling mode), reads the DMA position
 * and refills or drains whatever the engine has moved since the last time:
 * a dead interrupt path slows nothing down.  Underruns are detected from
 * positions and, when the loop itself was late by more than a buffer, from
 * the clock (the position alone cannot show whole wraps).
 *
 * This file is the engine; the ring arithmetic is ring.c, the samples
 * (packing, levels, the tone) samples.c.
 */
#define SV_LOG_PREFIX "hda-pcm"
#include "sofvfio/hda-pcm.h"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"

#include <math.h>
#include <string.h>

#define STALL_US 2000000  /* a DMA position that does not move for this long is an error */
#define DRAIN_MS 100      /* silence played after the end so the codec's FIFO empties */

struct HdaPcm {
	HdaController *ctl;
	HdaStreamDir dir;
	HdaCodec *codec;
	HdaPath path;
	HdaStream *stream;
	HdaPcmFormat fmt;
	unsigned period_frames, periods;
	bool connected;
};

/* ---- open / close -------------------------------------------------------------- */

static HdaCodec *pick_codec(HdaController *ctl, HdaStreamDir dir, int want_cad, HdaPath *path,
			    GError **error)
{
	const HdaControllerInfo *info = hda_controller_info(ctl);
	const char *name = sv_device_name(hda_controller_device(ctl));
	g_autoptr(GString) why = g_string_new(NULL);
	unsigned tried = 0;

	if (want_cad >= 0 && !(info->codec_mask & (1u << want_cad))) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "no codec at address %d on %s (codec mask 0x%04x)", want_cad, name,
			    info->codec_mask);
		return NULL;
	}
	for (unsigned cad = 0; cad < 15; cad++) {
		g_autoptr(GError) err = NULL;
		HdaCodec *codec;

		if (!(info->codec_mask & (1u << cad)) || (want_cad >= 0 && (unsigned)want_cad != cad))
			continue;
		tried++;
		codec = hda_codec_enumerate(ctl, cad, &err);
		if (codec && hda_path_find(codec, dir, path, &err))
			return codec;
		hda_codec_free(codec);
		g_string_append_printf(why, "%s%s", why->len ? "; " : "", err->message);
	}
	if (!tried)
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "no codec answered on %s (STATESTS was 0 after the link reset): "
			    "check the codec is attached", name);
	else if (tried == 1)
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "%s on %s", why->str, name);
	else
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "no codec on %s has an %s path: %s",
			    name, dir == HDA_STREAM_OUTPUT ? "output" : "input", why->str);
	return NULL;
}

/* The periods of a stream: @period_frames/@periods as asked, 0 for the defaults. */
static void geometry(HdaStreamDir dir, const HdaPcmFormat *fmt, unsigned period_frames,
		     unsigned periods, unsigned *out_frames, unsigned *out_periods)
{
	*out_frames = hda_period_frames_align(fmt, period_frames ? period_frames :
					      fmt->rate * HDA_PCM_DEFAULT_PERIOD_MS / 1000);
	*out_periods = periods ? periods : dir == HDA_STREAM_OUTPUT ? HDA_PCM_DEFAULT_PERIODS_OUT
								    : HDA_PCM_DEFAULT_PERIODS_IN;
}

uint64_t hda_pcm_dma_bytes(HdaStreamDir dir, const HdaPcmFormat *fmt, unsigned period_frames,
			   unsigned periods)
{
	unsigned frames, n;

	geometry(dir, fmt, period_frames, periods, &frames, &n);
	return hda_stream_dma_bytes((size_t)frames * hda_format_frame_bytes(fmt), n);
}

HdaPcm *hda_pcm_open(HdaController *ctl, HdaStreamDir dir, const HdaPcmConfig *cfg,
		     GError **error)
{
	HdaPcm *pcm = g_new0(HdaPcm, 1);
	const HdaWidget *conv;
	g_autofree char *who = NULL;
	g_autofree char *what = NULL;
	size_t period_bytes;

	pcm->ctl = ctl;
	pcm->dir = dir;
	pcm->fmt = cfg->format;
	pcm->codec = pick_codec(ctl, dir, cfg->cad, &pcm->path, error);
	if (!pcm->codec)
		goto fail;
	conv = hda_codec_widget(pcm->codec, pcm->path.converter);
	who = hda_codec_describe(pcm->codec);
	what = g_strdup_printf("%s %s 0x%02x", who, dir == HDA_STREAM_OUTPUT ? "DAC" : "ADC",
			       conv->nid);
	if (!hda_format_check(conv->pcm, conv->stream, hda_converter_channels(conv->wcaps), what,
			      &pcm->fmt, error))
		goto fail;

	geometry(dir, &pcm->fmt, cfg->period_frames, cfg->periods, &pcm->period_frames,
		 &pcm->periods);
	period_bytes = (size_t)pcm->period_frames * hda_format_frame_bytes(&pcm->fmt);
	pcm->stream = hda_stream_open(ctl, dir, error);
	if (!pcm->stream)
		goto fail;
	hda_stream_set_pos_source(pcm->stream, cfg->pos);
	if (!hda_stream_setup(pcm->stream, &pcm->fmt, period_bytes, pcm->periods, error))
		goto fail;
	/* Format first: QEMU's codec reopens its voice on SET_STREAM_FORMAT; amps after it. */
	if (!hda_path_connect(ctl, &pcm->path, hda_stream_tag(pcm->stream), 0,
			      hda_stream_format_word(pcm->stream), error))
		goto fail;
	pcm->connected = true;
	if (!hda_path_enable(ctl, pcm->codec, &pcm->path, error))
		goto fail;
	return pcm;
fail:
	g_prefix_error(error, "setting up %s: ", dir == HDA_STREAM_OUTPUT ? "playback" : "capture");
	hda_pcm_close(pcm);
	return NULL;
}

void hda_pcm_close(HdaPcm *pcm)
{
	if (!pcm)
		return;
	/* Stream first, then the converter: the codec never sees a running stream go silent. */
	if (pcm->stream && hda_stream_running(pcm->stream))
		hda_stream_stop(pcm->stream, NULL);
	if (pcm->connected)
		hda_path_disconnect(pcm->ctl, &pcm->path);
	hda_stream_close(pcm->stream);
	hda_codec_free(pcm->codec);
	g_free(pcm);
}

HdaStream *hda_pcm_stream(HdaPcm *pcm) { return pcm->stream; }
const HdaCodec *hda_pcm_codec(HdaPcm *pcm) { return pcm->codec; }
const HdaPath *hda_pcm_path(HdaPcm *pcm) { return &pcm->path; }
const HdaPcmFormat *hda_pcm_format(HdaPcm *pcm) { return &pcm->fmt; }
unsigned hda_pcm_period_frames(HdaPcm *pcm) { return pcm->period_frames; }

char *hda_pcm_describe(HdaPcm *pcm)
{
	g_autofree char *who = hda_codec_describe(pcm->codec);
	g_autofree char *path = hda_path_to_string(pcm->codec, &pcm->path);

	return g_strdup_printf("%s: %s, %+.1f dB; SD%u tag %u, %u periods of %u frames (%.1f ms)",
			       who, path, pcm->path.gain_db, hda_stream_index(pcm->stream),
			       hda_stream_tag(pcm->stream), pcm->periods, pcm->period_frames,
			       1000.0 * pcm->period_frames / pcm->fmt.rate);
}

/* ---- the loop ---------------------------------------------------------------------- */

typedef struct {
	HdaPcm *pcm;
	HdaStream *s;
	HdaPcmStats *st;
	HdaRing ring;
	uint8_t *buf;
	uint32_t size, fb;
	double byte_rate;
	int64_t buffer_us, t_start, t_last, t_moved;
	int timeout_ms;
	uint64_t queued;    /* output: frames taken from the source */
	uint64_t done_last; /* completions (interrupts + own acks) at the last wake-up */
	const volatile sig_atomic_t *cancel;
} Run;

static void run_init(Run *r, HdaPcm *pcm, HdaPcmStats *st, const volatile sig_atomic_t *cancel)
{
	*r = (Run){ .pcm = pcm, .s = pcm->stream, .st = st, .cancel = cancel };
	memset(st, 0, sizeof(*st));
	r->buf = hda_stream_buffer(r->s);
	r->size = (uint32_t)hda_stream_buffer_bytes(r->s);
	r->fb = hda_format_frame_bytes(&pcm->fmt);
	r->byte_rate = hda_format_byte_rate(&pcm->fmt);
	r->buffer_us = (int64_t)(1e6 * r->size / r->byte_rate);
	/*
	 * Without an interrupt, wake after two periods (plus scheduling slack):
	 * a dead interrupt path then costs nothing but latency the buffer hides.
	 * When polling, the controller's own interval paces the loop.
	 */
	r->timeout_ms = (int)ceil(1000.0 * pcm->period_frames / pcm->fmt.rate);
	if (hda_controller_irq_mode(pcm->ctl) != HDA_IRQ_POLL)
		r->timeout_ms = 2 * r->timeout_ms + 5;
	r->timeout_ms = MAX(r->timeout_ms, 1);
	hda_ring_init(&r->ring, r->size);
}

static gboolean cancelled(Run *r)
{
	if (r->cancel && *r->cancel) {
		r->st->cancelled = TRUE;
		return TRUE;
	}
	return FALSE;
}

static gboolean start(Run *r, GError **error)
{
	if (!hda_stream_start(r->s, NULL, NULL, error))
		return FALSE;
	r->t_start = r->t_last = r->t_moved = sv_now_us();
	return TRUE;
}

/* Wait for an interrupt or a period, then account the DMA position. */
static gboolean wake(Run *r, GError **error)
{
	HdaPcmStats *st = r->st;
	uint64_t irqs = hda_stream_irq_count(r->s), expected = 0, d, by_clock, done;
	g_autoptr(GError) err = NULL;
	int64_t now, gap;
	uint32_t pos;

	/* Until this stream's interrupt, or the deadline: other interrupts (RIRB) do not count. */
	for (int64_t deadline = sv_now_us() + r->timeout_ms * 1000LL;;) {
		int64_t left = deadline - sv_now_us();

		if (!hda_controller_service(r->pcm->ctl, (int)MAX(0, (left + 999) / 1000), &err)) {
			if (cancelled(r))
				return TRUE; /* a signal cut the wait short */
			g_propagate_error(error, g_steal_pointer(&err));
			return FALSE;
		}
		if (hda_stream_irq_count(r->s) != irqs || sv_now_us() >= deadline ||
		    cancelled(r))
			break;
	}
	now = sv_now_us();
	gap = now - r->t_last;
	r->t_last = now;
	st->wakeups++;
	st->max_gap_us = MAX(st->max_gap_us, gap);
	if (hda_stream_irq_count(r->s) == irqs) {
		/* No interrupt: acknowledge a completion ourselves so the engine goes on. */
		uint8_t sts = hda_stream_status(r->s);

		if (sts & HDA_SD_STS_CLEAR) {
			hda_stream_ack(r->s, sts);
			st->acked++;
			if (sts & (HDA_SD_STS_FIFOE | HDA_SD_STS_DESE))
				st->stream_errors++;
		}
	}
	if (!hda_stream_position(r->s, &pos, error))
		return FALSE;
	by_clock = (uint64_t)(gap * r->byte_rate / 1e6);
	if (gap > r->buffer_us * 5 / 4) {
		st->late++;
		expected = by_clock;
	}
	/*
	 * Every period ends with IOC, so the position can only wrap past the end of
	 * the buffer with a completion seen (an interrupt, or BCIS acknowledged or
	 * still pending).  A "wrap" without one is the position going back.
	 */
	done = hda_stream_irq_count(r->s) + st->acked;
	if (!expected && pos < r->ring.last_pos && done == r->done_last &&
	    !(hda_stream_status(r->s) & HDA_SD_STS_BCIS)) {
		st->backwards++;
		sv_debug("SD%u: position went back from %u to %u", hda_stream_index(r->s),
			 r->ring.last_pos, pos);
		r->ring.last_pos = pos;
		d = 0;
	} else {
		d = hda_ring_update(&r->ring, pos, expected);
	}
	r->done_last = done;
	if (d) {
		r->t_moved = now;
		if (hda_stream_irq_count(r->s) == irqs)
			st->polled++;
	} else if (now - r->t_moved > STALL_US) {
		g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
			    "%s stream SD%u (tag %u) on %s is not moving: DMA position stuck at %u "
			    "of %u bytes for %.1f s (%" G_GUINT64_FORMAT " interrupts so far): the "
			    "codec does not %s this stream (converter 0x%02x on another tag, or an "
			    "audio backend with no %s side)",
			    hda_stream_dir_name(r->pcm->dir), hda_stream_index(r->s),
			    hda_stream_tag(r->s), sv_device_name(hda_controller_device(r->pcm->ctl)),
			    pos, r->size, (now - r->t_moved) / 1e6, hda_stream_irq_count(r->s),
			    r->pcm->dir == HDA_STREAM_OUTPUT ? "consume" : "feed",
			    r->pcm->path.converter,
			    r->pcm->dir == HDA_STREAM_OUTPUT ? "output" : "input");
		return FALSE;
	}
	st->bytes_dma = r->ring.hw;
	return TRUE;
}

static gboolean finish(Run *r, gboolean ok, GError **error)
{
	HdaPcmStats *st = r->st;
	GError **err = ok ? error : NULL;

	ok = hda_stream_stop(r->s, err) && ok;
	st->seconds = (sv_now_us() - r->t_start) / 1e6;
	st->irqs = hda_stream_irq_count(r->s);
	st->stream_errors += hda_stream_error_count(r->s);
	st->xruns = r->ring.xruns;
	st->bytes_dma = r->ring.hw;
	st->pos_source = hda_stream_pos_source(r->s, &st->pos_why);
	if (r->pcm->dir == HDA_STREAM_OUTPUT)
		st->frames = MIN(r->queued, r->ring.hw / r->fb); /* played, not just queued */
	return ok;
}

/* Output: write source data (then silence) into the room the DMA has made. */
static gboolean refill(Run *r, HdaPcmReadFunc read, void *data, bool *done, uint64_t *end,
		       const uint8_t **chunk, size_t *chunk_frames, GError **error)
{
	uint8_t silence = r->pcm->fmt.bits == 8 ? 0x80 : 0;
	uint64_t room = hda_ring_room(&r->ring);

	while (room >= r->fb) {
		uint32_t off = hda_ring_offset(&r->ring, r->ring.appl);
		size_t n = (size_t)MIN(room, (uint64_t)(r->size - off)), got = 0;

		n -= n % r->fb;
		if (!n)
			break;
		if (!*done) {
			gssize k = read(data, r->buf + off, n / r->fb, error);

			if (k < 0)
				return FALSE;
			got = (size_t)k * r->fb;
			r->queued += (uint64_t)k;
			if (k) {
				*chunk = r->buf + off;
				*chunk_frames = (size_t)k;
			}
			if (got < n) {
				*done = true;
				*end = r->ring.appl + got;
			}
		}
		memset(r->buf + off + got, silence, n - got);
		r->ring.appl += n;
		room -= n;
	}
	return TRUE;
}

static gboolean play(HdaPcm *pcm, HdaPcmReadFunc read, void *read_data,
		     HdaPcmProgressFunc progress, void *progress_data,
		     const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error)
{
	HdaPcmStats local;
	Run r;
	bool done = false;
	uint64_t end = UINT64_MAX, drain;
	const uint8_t *chunk = NULL;
	size_t chunk_frames = 0;
	gboolean ok = TRUE;

	if (pcm->dir != HDA_STREAM_OUTPUT) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "hda_pcm_play() on a capture stream");
		return FALSE;
	}
	run_init(&r, pcm, stats ? stats : &local, cancel);
	/* Silence played after the end, so the codec's own FIFO empties. */
	drain = (uint64_t)(r.byte_rate * DRAIN_MS / 1000);
	if (!refill(&r, read, read_data, &done, &end, &chunk, &chunk_frames, error))
		return finish(&r, FALSE, NULL);
	if (!start(&r, error))
		return FALSE;
	while (!cancelled(&r)) {
		if (!wake(&r, error)) {
			ok = FALSE;
			break;
		}
		if (done && r.ring.hw >= end) {
			/* Only padding is left: a late wake-up there is no underrun. */
			if (r.ring.hw > r.ring.appl)
				r.ring.appl = r.ring.hw;
		} else if (hda_ring_check_underrun(&r.ring)) {
			sv_debug("underrun at byte %" G_GUINT64_FORMAT, r.ring.hw);
		}
		chunk_frames = 0;
		if (!refill(&r, read, read_data, &done, &end, &chunk, &chunk_frames, error)) {
			ok = FALSE;
			break;
		}
		r.st->xruns = r.ring.xruns;
		r.st->frames = MIN(r.queued, r.ring.hw / r.fb);
		if (progress)
			progress(progress_data, r.st, chunk, chunk_frames);
		if (done && r.ring.hw >= end + drain)
			break;
	}
	return finish(&r, ok, error);
}

/* The step an error happened in, for whoever reads it (open, bring-up, ...). */
static gboolean name_step(gboolean ok, const char *step, GError **error)
{
	if (!ok)
		g_prefix_error(error, "%s: ", step);
	return ok;
}

gboolean hda_pcm_play(HdaPcm *pcm, HdaPcmReadFunc read, void *read_data,
		      HdaPcmProgressFunc progress, void *progress_data,
		      const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error)
{
	return name_step(play(pcm, read, read_data, progress, progress_data, cancel, stats, error),
			 "playback", error);
}

static gboolean capture(HdaPcm *pcm, uint64_t frames, HdaPcmWriteFunc write, void *write_data,
			HdaPcmProgressFunc progress, void *progress_data,
			const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error)
{
	HdaPcmStats local;
	Run r;
	uint64_t want, taken = 0; /* bytes delivered: an overrun skips data, not the count */
	gboolean ok = TRUE;

	if (pcm->dir != HDA_STREAM_INPUT) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "hda_pcm_capture() on a playback stream");
		return FALSE;
	}
	run_init(&r, pcm, stats ? stats : &local, cancel);
	want = frames ? frames * r.fb : UINT64_MAX;
	if (!start(&r, error))
		return FALSE;
	while (ok && !cancelled(&r) && taken < want) {
		const uint8_t *chunk = NULL;
		size_t chunk_frames = 0;

		if (!wake(&r, error)) {
			ok = FALSE;
			break;
		}
		if (hda_ring_check_overrun(&r.ring, (uint32_t)hda_stream_period_bytes(r.s)))
			sv_debug("overrun at byte %" G_GUINT64_FORMAT, r.ring.hw);
		for (uint64_t ready = hda_ring_ready(&r.ring); ready >= r.fb && taken < want;) {
			uint32_t off = hda_ring_offset(&r.ring, r.ring.appl);
			size_t n = (size_t)MIN(MIN(ready, (uint64_t)(r.size - off)),
					       want - taken);

			n -= n % r.fb;
			if (!n)
				break;
			if (!write(write_data, r.buf + off, n / r.fb, error)) {
				ok = FALSE;
				break;
			}
			chunk = r.buf + off;
			chunk_frames = n / r.fb;
			r.st->frames += n / r.fb;
			r.ring.appl += n;
			taken += n;
			ready -= n;
		}
		r.st->xruns = r.ring.xruns;
		if (ok && progress)
			progress(progress_data, r.st, chunk, chunk_frames);
	}
	return finish(&r, ok, error);
}

gboolean hda_pcm_capture(HdaPcm *pcm, uint64_t frames, HdaPcmWriteFunc write, void *write_data,
			 HdaPcmProgressFunc progress, void *progress_data,
			 const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error)
{
	return name_step(capture(pcm, frames, write, write_data, progress, progress_data, cancel,
				 stats, error), "capture", error);
}
