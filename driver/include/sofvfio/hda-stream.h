/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda-stream.h - HDA stream descriptors (HDA spec rev 1.0a, 3.3.35-
 * 3.3.45 and 3.6): allocation of a descriptor and a stream tag, reset, the
 * buffer descriptor list, start/stop and DMA positions; and the stream
 * format word (3.7.1) with what a converter supports.
 *
 * Sits on the controller API (hda.h): nothing here knows the backend.
 */
#ifndef SOFVFIO_HDA_STREAM_H
#define SOFVFIO_HDA_STREAM_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sofvfio/hda.h"

G_BEGIN_DECLS

/** enum HdaStreamDir - output (playback, memory to codec) or input (capture). */
typedef enum {
	HDA_STREAM_OUTPUT = 0,
	HDA_STREAM_INPUT = 1,
} HdaStreamDir;

/** hda_stream_dir_name() - "output" or "input". */
const char *hda_stream_dir_name(HdaStreamDir dir);

/* ---- formats (format.c) ------------------------------------------------ */

/**
 * struct HdaPcmFormat - an integer PCM format.
 * @rate: frames per second (one of the 12 HDA rates)
 * @bits: significant bits per sample: 8, 16, 20, 24 or 32
 * @channels: 1..16
 *
 * In memory a sample takes 1 byte (8 bit), 2 bytes (16 bit) or 4 bytes
 * (20, 24, 32 bit, MSB-justified, as Linux's S32_LE with msbits); 8-bit
 * samples are unsigned (as Linux declares them), wider ones signed.
 */
typedef struct {
	unsigned rate;
	unsigned bits;
	unsigned channels;
} HdaPcmFormat;

#define HDA_N_RATES 12
#define HDA_MAX_CHANNELS 16

/** hda_rate_from_index() - the rate of bit @i of the PCM parameter (0..11), 0 if none. */
unsigned hda_rate_from_index(unsigned i);
/** hda_rate_index() - the PCM parameter bit for @rate, or -1 when HDA has no such rate. */
int hda_rate_index(unsigned rate);
/** hda_bits_pcm_bit() - the AC_SUPPCM_BITS_* bit for @bits, 0 when HDA has none. */
uint32_t hda_bits_pcm_bit(unsigned bits);

/** hda_format_sample_bytes() - bytes one sample takes in memory (1, 2 or 4), 0 if invalid. */
unsigned hda_format_sample_bytes(unsigned bits);
/** hda_format_frame_bytes() - bytes one frame takes in memory. */
unsigned hda_format_frame_bytes(const HdaPcmFormat *fmt);
/** hda_format_byte_rate() - bytes per second. */
unsigned hda_format_byte_rate(const HdaPcmFormat *fmt);

/**
 * hda_format_encode() - the 16-bit stream format word for SDnFMT and the
 * converter's SET_STREAM_FORMAT (spec 3.7.1: base, multiplier, divisor,
 * bits, channels - 1).
 * Return: FALSE with SV_ERROR_UNSUPPORTED when HDA cannot express @fmt.
 */
gboolean hda_format_encode(const HdaPcmFormat *fmt, uint16_t *word, GError **error);

/**
 * hda_format_decode() - the inverse of hda_format_encode().
 * Return: FALSE with SV_ERROR_UNSUPPORTED for non-PCM words, reserved bit
 * codes, or a rate that is not a whole number.
 */
gboolean hda_format_decode(uint16_t word, HdaPcmFormat *fmt, GError **error);

/** hda_format_to_string() - "48000 Hz, 16 bit, 2 channels" (free with g_free()). */
char *hda_format_to_string(const HdaPcmFormat *fmt);

/**
 * hda_converter_channels() - the most channels a converter takes, from its
 * widget capabilities (stereo bit and channel count extension, 7.3.4.6).
 */
unsigned hda_converter_channels(uint32_t wcaps);

/**
 * hda_format_supported() - TRUE when a converter with PCM parameter @pcm,
 * stream formats @stream and @max_channels, behind a controller (any HDA
 * rate, 1..16 channels), handles @fmt.
 */
gboolean hda_format_supported(uint32_t pcm, uint32_t stream, unsigned max_channels,
			      const HdaPcmFormat *fmt);

/**
 * hda_format_caps_string() - what a converter supports, as text:
 * "16000 22050 32000 44100 48000 88200 96000 Hz, 16 bit, 1-2 channels".
 * A converter without integer PCM says so.  Free with g_free().
 */
char *hda_format_caps_string(uint32_t pcm, uint32_t stream, unsigned max_channels);

/**
 * hda_format_check() - hda_format_supported() with a useful error.
 * @pcm/@stream/@max_channels: the converter's resolved capabilities
 * @what: who the converter is, for the message ("codec 0 (QEMU hda-duplex) DAC 0x02")
 * @fmt: the requested format
 * @error: SV_ERROR_UNSUPPORTED: "@what supports <caps>: <what is wrong> requested"
 */
gboolean hda_format_check(uint32_t pcm, uint32_t stream, unsigned max_channels, const char *what,
			  const HdaPcmFormat *fmt, GError **error);

/* ---- buffer descriptor list (stream.c) --------------------------------- */

/** struct HdaBdlEntry - one BDL entry as the controller reads it (3.6.3, little-endian). */
typedef struct {
	uint32_t addr_lo;
	uint32_t addr_hi;
	uint32_t len;
	uint32_t flags; /* HDA_BDLE_IOC */
} HdaBdlEntry;

/** Alignment of the BDL and of every buffer it points to (3.6.2/3.6.3). */
#define HDA_BDL_ALIGN 128

/**
 * hda_bdl_fill() - describe a cyclic buffer of @periods periods of
 * @period_bytes at @iova, one entry per period with IOC set when @ioc.
 * @bdl: room for HDA_BDL_MAX_ENTRIES entries
 * Return: FALSE with SV_ERROR_INVAL when @periods is not 2..256, @iova or
 * @period_bytes is not a multiple of 128, or a period is empty or > 4 GiB.
 */
gboolean hda_bdl_fill(HdaBdlEntry *bdl, uint64_t iova, size_t period_bytes, unsigned periods,
		      gboolean ioc, GError **error);

/**
 * hda_period_frames_align() - @frames rounded to the nearest (at least one)
 * multiple that keeps every period 128-byte aligned in memory.
 */
unsigned hda_period_frames_align(const HdaPcmFormat *fmt, unsigned frames);

/* ---- stream descriptors (stream.c) -------------------------------------- */

typedef struct HdaStream HdaStream;

/**
 * enum HdaPosSource - where a DMA position comes from.
 * @HDA_POS_AUTO: the position buffer once it has proven itself against
 *                SDnLPIB, else SDnLPIB
 * @HDA_POS_LPIB: SDnLPIB, read from the register
 * @HDA_POS_POSBUF: the DMA position buffer in memory (DPLBASE)
 */
typedef enum {
	HDA_POS_AUTO = 0,
	HDA_POS_LPIB,
	HDA_POS_POSBUF,
} HdaPosSource;

/** hda_pos_source_name() - "auto", "LPIB" or "position buffer". */
const char *hda_pos_source_name(HdaPosSource src);

/**
 * hda_stream_open() - take a free stream descriptor of direction @dir
 * (bidirectional ones when the plain ones are taken) and a free stream tag
 * (1..15, per direction), and reset the descriptor.
 * Return: the stream or NULL with SV_ERROR_BUSY when none is free.
 */
HdaStream *hda_stream_open(HdaController *ctl, HdaStreamDir dir, GError **error);

/**
 * hda_stream_open_dsp() - hda_stream_open() for streams the DSP is told
 * about: a plain descriptor (no bidirectional one) whose tag is fixed by its
 * index as Linux's SOF driver numbers them: capture descriptor i has tag
 * i + 1, playback descriptor i has tag i - ISS + 1 (hda_dsp_stream_init()).
 */
HdaStream *hda_stream_open_dsp(HdaController *ctl, HdaStreamDir dir, GError **error);

/**
 * hda_stream_close() - stop, reset, free the DMA memory and give the
 * descriptor and tag back.  NULL is fine.
 */
void hda_stream_close(HdaStream *s);

/**
 * hda_stream_setup() - allocate the cyclic DMA buffer (@periods periods of
 * @period_bytes, see hda_period_frames_align()) and its BDL (IOC on every
 * period), and program the descriptor: reset, tag, CBL, LVI, FMT, BDPL/BDPU,
 * interrupt enables.  Can be called again on a stopped stream.
 */
gboolean hda_stream_setup(HdaStream *s, const HdaPcmFormat *fmt, size_t period_bytes,
			  unsigned periods, GError **error);

/**
 * hda_stream_dma_bytes() - the DMA memory hda_stream_setup() allocates for
 * @periods periods of @period_bytes: the BDL page and the cyclic buffer,
 * in one buffer rounded up to pages.
 */
size_t hda_stream_dma_bytes(size_t period_bytes, unsigned periods);

/**
 * hda_stream_setup_buffer() - one buffer of @bytes (CBL = @bytes, any size),
 * described by page-sized BDL entries with the last one short (as Linux's
 * scatter-gather buffers), IOC on the last; the descriptor reset, tag, CBL,
 * LVI and BDPL/BDPU programmed, SDnFMT left alone (hda_stream_set_format_word()).
 * Fill hda_stream_buffer() before starting.  For non-PCM transfers such as
 * the DSP's code loader and trace.
 */
gboolean hda_stream_setup_buffer(HdaStream *s, size_t bytes, GError **error);

/** hda_stream_set_format_word() - write SDnFMT. */
gboolean hda_stream_set_format_word(HdaStream *s, uint16_t word, GError **error);

/** hda_stream_dma() - the stream's DMA buffer (BDL page, then the data), or NULL. */
SvDmaBuf *hda_stream_dma(HdaStream *s);

/**
 * hda_stream_start() - route the descriptor's interrupts to @fn (may be NULL:
 * they are still counted), set its SIE bit in INTCTL, and set RUN.
 */
gboolean hda_stream_start(HdaStream *s, HdaStreamIrqFunc fn, void *data, GError **error);

/**
 * hda_stream_stop() - clear RUN (bounded wait for the DMA engine to stop),
 * disable its interrupt, clear SDnSTS.  Safe on a stopped stream.
 */
gboolean hda_stream_stop(HdaStream *s, GError **error);

/** hda_stream_reset() - the SRST sequence (RUN cleared first). */
gboolean hda_stream_reset(HdaStream *s, GError **error);

/**
 * hda_stream_position() - the DMA position in the cyclic buffer (bytes,
 * 0..CBL-1).  In HDA_POS_AUTO mode the position buffer is validated against
 * SDnLPIB (within CBL, advancing when LPIB advances) and abandoned for good
 * when it is stale or bogus; hda_stream_pos_source() tells which is used.
 */
gboolean hda_stream_position(HdaStream *s, uint32_t *pos, GError **error);

/** hda_stream_lpib() - SDnLPIB as read now. */
gboolean hda_stream_lpib(HdaStream *s, uint32_t *lpib, GError **error);

/** hda_stream_set_pos_source() - force a position source (default HDA_POS_AUTO). */
void hda_stream_set_pos_source(HdaStream *s, HdaPosSource src);

/**
 * hda_stream_pos_source() - the source in use (never AUTO once a position was
 * read) and, in @why, a short reason ("stale: slot 4 did not move while LPIB
 * did"); @why may be NULL.
 */
HdaPosSource hda_stream_pos_source(HdaStream *s, const char **why);

/** hda_stream_status() - SDnSTS as read now (HDA_SD_STS_*). */
uint8_t hda_stream_status(HdaStream *s);
/** hda_stream_ack() - write @sts back to SDnSTS (write-1-to-clear). */
void hda_stream_ack(HdaStream *s, uint8_t sts);

/* Accessors. */
HdaController *hda_stream_controller(HdaStream *s);
HdaStreamDir hda_stream_dir(HdaStream *s);
unsigned hda_stream_index(HdaStream *s); /* descriptor index: interrupt bit, posbuf slot */
unsigned hda_stream_tag(HdaStream *s);   /* 1..15 */
uint16_t hda_stream_format_word(HdaStream *s);
const HdaPcmFormat *hda_stream_format(HdaStream *s);
uint8_t *hda_stream_buffer(HdaStream *s);       /* the cyclic buffer (CPU view) */
size_t hda_stream_buffer_bytes(HdaStream *s);   /* CBL */
size_t hda_stream_period_bytes(HdaStream *s);
unsigned hda_stream_periods(HdaStream *s);
gboolean hda_stream_running(HdaStream *s);
/** hda_stream_irq_count() - interrupts delivered to this stream since it started. */
uint64_t hda_stream_irq_count(HdaStream *s);
/** hda_stream_error_count() - FIFO errors and descriptor errors seen in SDnSTS. */
uint64_t hda_stream_error_count(HdaStream *s);

G_END_DECLS

#endif
