/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/hda/hda-priv.h - inside the controller model:
 *
 *   regs.c        the register table and the access engine (any width at any
 *                 offset, split over the registers it touches)
 *   controller.c  global registers: reset, interrupts, wall clock; the
 *                 device ops the server calls
 *   corb.c        CORB/RIRB, immediate commands, unsolicited responses
 *   stream.c      stream descriptors and their DMA engines
 *   audio.c       stream formats, WAV sink, capture sources
 */
#ifndef SOFVFIO_EMU_HDA_PRIV_H
#define SOFVFIO_EMU_HDA_PRIV_H

#include <stdint.h>

#include "sofvfio/hda-regs.h"
#include "../codec/codec.h"
#include "audio.h"
#include "hda.h"

#define EMU_HDA_BAR_SIZE 0x4000   /* 16 KiB BAR0 */
#define EMU_HDA_ALIAS 0x2000      /* WALCLK and SDnLPIB repeat at +0x2000 (spec 3.3.1) */
#define EMU_HDA_NUM_ISS 4         /* input streams: SD0-3 */
#define EMU_HDA_NUM_OSS 4         /* output streams: SD4-7 */
#define EMU_HDA_NUM_SD (EMU_HDA_NUM_ISS + EMU_HDA_NUM_OSS)
#define EMU_HDA_MAX_CODECS 15     /* STATESTS has 15 bits */
#define EMU_HDA_RING_ENTRIES 256  /* CORB and RIRB: 256 entries only (CORBSIZE 0x42) */

/* Pacing of running streams in real time. */
#define EMU_HDA_TICK_US 1000
/* A stream that fell further behind than this skips ahead instead of bursting. */
#define EMU_HDA_MAX_LAG_US 100000

typedef struct EmuHda EmuHda;

/**
 * struct EmuHdaStream - one stream descriptor (spec 3.3.35-3.3.45): its
 * registers, then the state of its DMA engine.
 */
typedef struct {
	uint32_t ctl;    /* 24 bits */
	uint32_t sts;
	uint32_t lpib, cbl, lvi, fifow, fifos, fmt, bdpl, bdpu;

	/* the BDL entry being worked on */
	unsigned bde;
	gboolean bd_valid;
	uint64_t bd_addr;
	uint32_t bd_len, bd_flags, bd_off;
	/* pacing */
	gboolean clock;          /* t0/frames_done valid: the stream is moving */
	int64_t t0_us;
	uint64_t frames_done;
	/* audio */
	EmuHdaSourceCursor cursor;
	gboolean warned_fmt;
} EmuHdaStream;

struct EmuHda {
	EmuServer *srv;
	gboolean fast;

	/* global registers */
	uint32_t gctl, wakeen, statests, gsts, intctl, ssync;
	uint32_t corblbase, corbubase, corbwp, corbrp, corbctl, corbsts;
	uint32_t rirblbase, rirbubase, rirbwp, rintcnt, rirbctl, rirbsts;
	uint32_t icoi, icii, icis;
	uint32_t dplbase, dpubase;
	EmuHdaStream sd[EMU_HDA_NUM_SD];

	/* controller state */
	unsigned rirb_count;     /* responses since RINTFL was last set */
	int64_t wall_base_us;    /* WALCLK zero: when the link left reset */

	/* codecs, by codec address */
	unsigned n_codecs;
	char **codec_specs;
	EmuCodec *codecs[EMU_HDA_MAX_CODECS];
	uint8_t unsol[EMU_HDA_MAX_CODECS][128]; /* SET_UNSOLICITED_ENABLE payload per NID */

	EmuHdaSink *sink;
	EmuHdaSource *source;

	/* the DSP behind the controller (NULL: none) */
	const EmuHdaDspOps *dsp_ops;
	void *dsp;
};

/**
 * struct EmuHdaReg - one register of the table.
 * @name: spec name, for traces and logs
 * @offset: BAR0 offset
 * @width: bytes (1..4; SDnCTL is 3)
 * @sd: stream descriptor registers: 1 + the stream's index (EMU_HDA_SDN(n));
 *      0 for global registers, so that an entry without it is a global one
 * @reset: power-on value (the value read for constant registers)
 * @wmask: bits a write stores
 * @w1c: bits a write of 1 clears
 * @field: offsetof() the backing uint32_t in EmuHda; 0 for a constant
 * @live_in_reset: written and kept while GCTL.CRST is 0 (GCTL itself and the
 *                 resume-well registers WAKEEN/STATESTS)
 * @read: computes the value read from the stored one (NULL: stored value)
 * @write: runs after the masks were applied, with the old value and the raw
 *         written @val and byte-enable @mask (in register bit positions)
 */
typedef struct EmuHdaReg EmuHdaReg;
struct EmuHdaReg {
	const char *name;
	uint16_t offset;
	uint8_t width;
	uint8_t sd;
	uint32_t reset, wmask, w1c;
	size_t field;
	gboolean live_in_reset;
	uint32_t (*read)(EmuHda *h, const EmuHdaReg *r, uint32_t stored);
	void (*write)(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
};

/* regs.c */
uint32_t emu_hda_mmio_read(EmuHda *h, uint32_t addr, unsigned width);
void emu_hda_mmio_write(EmuHda *h, uint32_t addr, unsigned width, uint32_t val);
/** emu_hda_regs_reset() - registers back to reset values: all but the live-in-reset
 *  ones (@all FALSE: controller reset), or every one (@all TRUE: power-on). */
void emu_hda_regs_reset(EmuHda *h, gboolean all);
/** emu_hda_regs_reset_stream() - stream @n's registers back to reset values. */
void emu_hda_regs_reset_stream(EmuHda *h, unsigned n);
static inline uint32_t *emu_hda_reg_ptr(EmuHda *h, const EmuHdaReg *r)
{
	return (uint32_t *)((uint8_t *)h + r->field);
}
#define EMU_HDA_SDN(n) ((n) + 1)
/** emu_hda_reg_stream() - the stream index of a stream descriptor register. */
static inline unsigned emu_hda_reg_stream(const EmuHdaReg *r)
{
	g_assert(r->sd > 0);
	return r->sd - 1u;
}

/* controller.c: register handlers and helpers */
gboolean emu_hda_in_reset(EmuHda *h);
uint32_t emu_hda_intsts(EmuHda *h);
void emu_hda_update_irq(EmuHda *h);
uint32_t emu_hda_read_intsts(EmuHda *h, const EmuHdaReg *r, uint32_t stored);
uint32_t emu_hda_read_walclk(EmuHda *h, const EmuHdaReg *r, uint32_t stored);
void emu_hda_write_gctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_irq(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_ssync(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);

/* corb.c */
void emu_hda_write_corbwp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_corbrp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_corbctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_rirbwp(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
void emu_hda_write_icis(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
/** emu_hda_send_verb() - one verb to the codec at its address; FALSE: nobody answered. */
gboolean emu_hda_send_verb(EmuHda *h, uint32_t verb, uint32_t *response);
/** emu_hda_unsol_inject() - an unsolicited response from every node that enabled them. */
void emu_hda_unsol_inject(EmuHda *h);
/** emu_hda_codecs_reset() - link reset: every codec back to its power-on state. */
void emu_hda_codecs_reset(EmuHda *h);

/* stream.c */
/** emu_hda_stream_dsp() - stream @n is the DSP's (PPCTL.PROCEN, see EmuHdaDspOps). */
gboolean emu_hda_stream_dsp(EmuHda *h, unsigned n);
void emu_hda_write_sdctl(EmuHda *h, const EmuHdaReg *r, uint32_t old, uint32_t val, uint32_t mask);
uint32_t emu_hda_read_sdsts(EmuHda *h, const EmuHdaReg *r, uint32_t stored);
/** emu_hda_stream_sis() - stream @n's interrupt status bit (INTSTS.SIS). */
gboolean emu_hda_stream_sis(EmuHda *h, unsigned n);
/** emu_hda_streams_stop() - stop every stream's engine (controller reset). */
void emu_hda_streams_stop(EmuHda *h);
/** emu_hda_streams_tick() - move data for every running stream. */
void emu_hda_streams_tick(EmuHda *h, int64_t now_us);
/** emu_hda_streams_schedule() - (re)arm the server's pacing for the running streams. */
void emu_hda_streams_schedule(EmuHda *h);
/** emu_hda_streams_kick() - fast pace: run the engines on the next loop iteration when a
 *  running stream is no longer held by its pending interrupt. */
void emu_hda_streams_kick(EmuHda *h);

#endif
