// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stream.c - stream descriptors and their DMA engines (HDA spec rev 1.0a
 * 3.3.35-3.3.45, 3.6 "Buffer Descriptor List").
 *
 * A running stream walks its BDL one entry at a time, fetching each entry
 * by DMA when it gets there (as hardware does: software may rewrite entries
 * ahead of the engine).  LPIB counts bytes modulo CBL; the entry index wraps
 * after LVI.  At the end of an entry with IOC set, BCIS is set.  Output data
 * goes to the WAV sink when a codec converter is bound to the stream's tag,
 * input data comes from the capture source under the same condition
 * (silence otherwise).
 *
 * Pacing: in real time the stream moves rate * elapsed bytes per tick; in
 * fast mode one BDL entry per loop iteration, but only while the stream's
 * interrupt is not pending, so a driver that takes its interrupts sees every
 * period.  A held stream goes on as soon as the register write that clears
 * its interrupt (SDnSTS, SDnCTL, INTCTL) is served: every change of the
 * interrupt state kicks the engine (emu_hda_streams_kick()), so fast pace is
 * bounded by the driver, not by the tick; the tick stays as a slow fallback.
 * Clearing RUN pauses the engine where it is; SRST rewinds it.
 */
#define SV_LOG_PREFIX "hda-stream"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "hda-priv.h"
#include "sofvfio/wait.h"

#include <string.h>

#define XFER_CHUNK 16384

static gboolean is_output(unsigned n)
{
	return n >= EMU_HDA_NUM_ISS;
}

static unsigned tag_of(const EmuHdaStream *s)
{
	return HDA_SD_CTL_STRM_GET(s->ctl);
}

static gboolean active(EmuHda *h, unsigned n)
{
	const EmuHdaStream *s = &h->sd[n];

	return !emu_hda_in_reset(h) && (s->ctl & HDA_SD_CTL_RUN) && !(s->ctl & HDA_SD_CTL_SRST) &&
	       !(h->ssync & (1u << n));
}

gboolean emu_hda_stream_sis(EmuHda *h, unsigned n)
{
	const EmuHdaStream *s = &h->sd[n];

	return ((s->sts & HDA_SD_STS_BCIS) && (s->ctl & HDA_SD_CTL_IOCE)) ||
	       ((s->sts & HDA_SD_STS_FIFOE) && (s->ctl & HDA_SD_CTL_FEIE)) ||
	       ((s->sts & HDA_SD_STS_DESE) && (s->ctl & HDA_SD_CTL_DEIE));
}

uint32_t emu_hda_read_sdsts(EmuHda *h, const EmuHdaReg *r, uint32_t stored)
{
	/* FIFORDY: the FIFO is primed whenever the engine runs. */
	return stored | ((h->sd[emu_hda_reg_stream(r)].ctl & HDA_SD_CTL_RUN) ? HDA_SD_STS_FIFORDY : 0);
}

/* Fast pace holds a stream while its interrupt is pending (see the top). */
static gboolean irq_pending(EmuHda *h, unsigned n)
{
	return emu_hda_stream_sis(h, n) && (h->intctl & (1u << n)) && (h->intctl & HDA_INT_GIE);
}

void emu_hda_streams_kick(EmuHda *h)
{
	if (!h->fast)
		return;
	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
		if (active(h, n) && !irq_pending(h, n)) {
			emu_server_schedule(h->srv, 0);
			return;
		}
}

gboolean emu_hda_stream_dsp(EmuHda *h, unsigned n)
{
	return h->dsp && h->dsp_ops->owns_stream(h->dsp, n);
}

/*
 * Arm the pacing timer for the streams' @period (-1: none needed) and for the
 * DSP's next timed event, whichever comes first.
 */
static void schedule(EmuHda *h, int64_t period)
{
	int64_t dsp = h->dsp ? h->dsp_ops->next_event(h->dsp, sv_now_us()) : -1;

	if (dsp >= 0 && (period < 0 || dsp < period))
		period = dsp;
	emu_server_schedule(h->srv, period);
}

void emu_hda_streams_schedule(EmuHda *h)
{
	gboolean any = FALSE;

	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
		any |= active(h, n);
	schedule(h, !any ? -1 : h->fast ? 0 : EMU_HDA_TICK_US);
}

static void engine_reset(EmuHdaStream *s)
{
	s->bde = 0;
	s->bd_valid = FALSE;
	s->bd_off = 0;
	s->clock = FALSE;
	s->warned_fmt = FALSE;
	emu_hda_source_cursor_reset(&s->cursor);
}

void emu_hda_streams_stop(EmuHda *h)
{
	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++)
		engine_reset(&h->sd[n]);
}

/* A descriptor or data DMA failed: DESE, and the engine stops (RUN reads 0). */
static void stream_error(EmuHda *h, unsigned n, const char *what)
{
	EmuHdaStream *s = &h->sd[n];

	sv_warn("stream %u: %s: descriptor error, stream stopped", n, what);
	emu_trace("stream %u error", n);
	s->sts |= HDA_SD_STS_DESE;
	s->ctl &= ~HDA_SD_CTL_RUN;
	s->clock = FALSE;
	if (h->dsp)
		h->dsp_ops->stream_run(h->dsp, n, FALSE);
	emu_hda_update_irq(h);
	emu_hda_streams_schedule(h);
}

static gboolean fetch_entry(EmuHda *h, unsigned n)
{
	EmuHdaStream *s = &h->sd[n];
	uint64_t at = ((uint64_t)s->bdpu << 32 | (s->bdpl & ~0x7fu)) + 16ull * s->bde;
	uint8_t e[16];
	uint64_t addr;
	uint32_t len, flags;

	if (!emu_dma_read(h->srv, at, e, sizeof(e))) {
		stream_error(h, n, "BDL entry not reachable by DMA");
		return FALSE;
	}
	memcpy(&addr, e, 8);
	memcpy(&len, e + 8, 4);
	memcpy(&flags, e + 12, 4);
	s->bd_addr = GUINT64_FROM_LE(addr);
	s->bd_len = GUINT32_FROM_LE(len);
	s->bd_flags = GUINT32_FROM_LE(flags);
	if (!s->bd_len) {
		stream_error(h, n, "BDL entry of length 0");
		return FALSE;
	}
	s->bd_valid = TRUE;
	s->bd_off = 0;
	return TRUE;
}

/* The converter bound to the stream's tag in its direction, in any codec. */
static gboolean bound(EmuHda *h, unsigned n, uint16_t *codec_fmt)
{
	unsigned tag = tag_of(&h->sd[n]);

	if (!tag)
		return FALSE;
	for (unsigned i = 0; i < h->n_codecs; i++)
		if (h->codecs[i] &&
		    emu_codec_stream_converter(h->codecs[i], tag, is_output(n), codec_fmt))
			return TRUE;
	return FALSE;
}

static void write_position(EmuHda *h, unsigned n)
{
	uint32_t lpib = GUINT32_TO_LE(h->sd[n].lpib);
	uint64_t base = (uint64_t)h->dpubase << 32 | (h->dplbase & ~0x7fu);

	/* Position buffer (spec 3.6.1): one 8-byte slot per stream, LPIB first. */
	if ((h->dplbase & HDA_DPLBASE_ENABLE) && !emu_dma_write(h->srv, base + 8 * n, &lpib, 4))
		sv_debug("stream %u: position buffer not reachable by DMA", n);
}

/* Move @bytes through stream @n. */
static void transfer(EmuHda *h, unsigned n, const EmuHdaPcmFormat *f, uint64_t bytes)
{
	EmuHdaStream *s = &h->sd[n];
	uint16_t codec_fmt = 0;
	gboolean dsp = emu_hda_stream_dsp(h, n);
	gboolean to_codec = !dsp && bound(h, n, &codec_fmt), irq = FALSE;
	uint8_t buf[XFER_CHUNK];

	if (to_codec && codec_fmt != s->fmt && !s->warned_fmt) {
		sv_warn("stream %u: SDnFMT 0x%04x but the codec converter has 0x%04x: using SDnFMT",
			n, s->fmt, codec_fmt);
		s->warned_fmt = TRUE;
	}
	while (bytes && (s->ctl & HDA_SD_CTL_RUN)) {
		uint64_t chunk;

		if (!s->cbl) {
			stream_error(h, n, "CBL is 0");
			return;
		}
		if (s->lpib >= s->cbl)
			s->lpib = 0;
		if (!s->bd_valid && !fetch_entry(h, n))
			return;
		chunk = MIN(bytes, (uint64_t)(s->bd_len - s->bd_off));
		chunk = MIN(chunk, (uint64_t)(s->cbl - s->lpib));
		chunk = MIN(chunk, (uint64_t)sizeof(buf));
		if (is_output(n)) {
			if (!emu_dma_read(h->srv, s->bd_addr + s->bd_off, buf, chunk)) {
				stream_error(h, n, "buffer not reachable by DMA");
				return;
			}
			if (dsp)
				h->dsp_ops->stream_data(h->dsp, n, buf, chunk);
			else if (to_codec)
				emu_hda_sink_write(h->sink, f, buf, chunk);
		} else {
			if (dsp)
				h->dsp_ops->stream_data(h->dsp, n, buf, chunk);
			else
				emu_hda_source_read(to_codec ? h->source : NULL, &s->cursor, f, buf,
						    chunk);
			if (!emu_dma_write(h->srv, s->bd_addr + s->bd_off, buf, chunk)) {
				stream_error(h, n, "buffer not reachable by DMA");
				return;
			}
		}
		s->bd_off += chunk;
		s->lpib += chunk;
		bytes -= chunk;
		if (s->lpib >= s->cbl)
			s->lpib = 0;
		if (s->bd_off >= s->bd_len) {
			if (s->bd_flags & HDA_BDLE_IOC) {
				s->sts |= HDA_SD_STS_BCIS;
				irq = TRUE;
			}
			s->bde = s->bde >= (s->lvi & 0xff) ? 0 : s->bde + 1;
			s->bd_valid = FALSE;
			s->bd_off = 0;
		}
	}
	write_position(h, n);
	if (irq)
		emu_hda_update_irq(h);
}

/*
 * A stream the DSP owns moves as fast as the DSP takes or gives data (its
 * gateway, not a codec clock, paces it), up to DSP_CHUNK per loop iteration.
 */
#define DSP_CHUNK (64 * 1024)
static gboolean tick_dsp(EmuHda *h, unsigned n)
{
	size_t avail = MIN(h->dsp_ops->stream_avail(h->dsp, n), (size_t)DSP_CHUNK);

	if (!avail)
		return FALSE;
	transfer(h, n, NULL, avail);
	return TRUE;
}

/* Move stream @n's share of data; TRUE when it could move any. */
static gboolean tick_one(EmuHda *h, unsigned n, int64_t now)
{
	EmuHdaStream *s = &h->sd[n];
	EmuHdaPcmFormat f;
	uint64_t due, max_lag;

	if (!active(h, n)) {
		s->clock = FALSE;
		return FALSE;
	}
	if (emu_hda_stream_dsp(h, n))
		return tick_dsp(h, n);
	if (!emu_hda_format_decode(s->fmt, &f)) {
		if (!s->warned_fmt)
			sv_warn("stream %u: reserved format 0x%04x: no data moves", n, s->fmt);
		s->warned_fmt = TRUE;
		return FALSE;
	}
	if (h->fast) {
		if (irq_pending(h, n))
			return FALSE;
		if (!s->bd_valid && !fetch_entry(h, n))
			return FALSE;
		transfer(h, n, &f, s->bd_len - s->bd_off);
		return TRUE;
	}
	if (!s->clock) {
		s->clock = TRUE;
		s->t0_us = now;
		s->frames_done = 0;
		return TRUE;
	}
	due = (uint64_t)(now - s->t0_us) * f.rate / 1000000;
	max_lag = (uint64_t)f.rate * EMU_HDA_MAX_LAG_US / 1000000;
	if (due > s->frames_done + max_lag) {
		sv_debug("stream %u fell %" G_GUINT64_FORMAT " frames behind: skipping ahead", n,
			 due - s->frames_done);
		s->frames_done = due - (uint64_t)f.rate * EMU_HDA_TICK_US / 1000000;
	}
	if (due > s->frames_done) {
		uint64_t frames = due - s->frames_done;

		s->frames_done = due;
		transfer(h, n, &f, frames * f.frame);
	}
	return TRUE;
}

void emu_hda_streams_tick(EmuHda *h, int64_t now)
{
	gboolean moved = FALSE, any = FALSE, dsp_moved = FALSE;

	for (unsigned n = 0; n < EMU_HDA_NUM_SD; n++) {
		gboolean m = tick_one(h, n, now);

		moved |= m;
		dsp_moved |= m && emu_hda_stream_dsp(h, n);
		any |= active(h, n);
	}
	/* Fast mode spins only while a stream can move; streams that all wait for
	 * the driver to take its interrupt are kicked by the write that clears it
	 * (emu_hda_streams_kick()), and looked at every tick as a fallback.  DSP
	 * streams spin while they move, whatever the pace. */
	if (dsp_moved || (h->fast && any))
		schedule(h, moved ? 0 : EMU_HDA_TICK_US);
	else
		schedule(h, any ? EMU_HDA_TICK_US : -1);
}

static void stream_start(EmuHda *h, unsigned n)
{
	EmuHdaStream *s = &h->sd[n];

	emu_trace("stream %u run tag %u fmt 0x%04x cbl %u lvi %u", n, tag_of(s), s->fmt, s->cbl,
		  s->lvi);
	sv_debug("stream %u (%s) starts: tag %u, format 0x%04x, %u bytes in %u entries", n,
		 is_output(n) ? "output" : "input", tag_of(s), s->fmt, s->cbl, s->lvi + 1);
	s->clock = FALSE;
	if (h->dsp)
		h->dsp_ops->stream_run(h->dsp, n, TRUE);
	emu_hda_streams_schedule(h);
}

static void stop(EmuHda *h, unsigned n)
{
	emu_trace("stream %u stop", n);
	h->sd[n].clock = FALSE;
	if (h->dsp)
		h->dsp_ops->stream_run(h->dsp, n, FALSE);
	emu_hda_streams_schedule(h);
}

/*
 * SDnCTL (spec 3.3.35).  SRST 1: the stream's registers go to their reset
 * values and the bit reads back 1; SRST 0: it reads back 0.  While SRST is
 * set nothing else in CTL takes.  RUN 0->1 starts (or resumes) the engine,
 * 1->0 pauses it.
 */
void emu_hda_write_sdctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask)
{
	unsigned n = emu_hda_reg_stream(r);
	EmuHdaStream *s = &h->sd[n];

	if (old & HDA_SD_CTL_SRST) {
		if (s->ctl & HDA_SD_CTL_SRST) {
			s->ctl = HDA_SD_CTL_SRST;
			return;
		}
		old = 0; /* out of reset: a fresh stream */
	} else if (s->ctl & HDA_SD_CTL_SRST) {
		gboolean was_running = old & HDA_SD_CTL_RUN;

		emu_hda_regs_reset_stream(h, n);
		engine_reset(s);
		s->ctl = HDA_SD_CTL_SRST;
		emu_trace("stream %u reset", n);
		if (was_running && h->dsp)
			h->dsp_ops->stream_run(h->dsp, n, FALSE);
		if (was_running)
			emu_hda_streams_schedule(h);
		emu_hda_update_irq(h);
		return;
	}
	if (!(old & HDA_SD_CTL_RUN) && (s->ctl & HDA_SD_CTL_RUN))
		stream_start(h, n);
	else if ((old & HDA_SD_CTL_RUN) && !(s->ctl & HDA_SD_CTL_RUN))
		stop(h, n);
	emu_hda_update_irq(h);
}
