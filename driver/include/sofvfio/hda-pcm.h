/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda-pcm.h - PCM playback and capture on an HDA controller:
 * codec paths (converter to pin and back, HDA spec rev 1.0a 7.1/7.3), the
 * cyclic buffer arithmetic, the interrupt-driven refill/drain loop, WAV files
 * (libsndfile) and sample helpers (tone, levels).
 *
 * Sits on the controller, codec and stream APIs: nothing here knows the
 * backend.
 */
#ifndef SOFVFIO_HDA_PCM_H
#define SOFVFIO_HDA_PCM_H

#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "sofvfio/hda.h"
#include "sofvfio/hda-codec.h"
#include "sofvfio/hda-stream.h"

G_BEGIN_DECLS

/* ---- paths (path.c) ------------------------------------------------------ */

#define HDA_PATH_MAX_DEPTH 8

/**
 * struct HdaPath - widgets a stream crosses inside a codec, in signal order:
 * output DAC, [mixers/selectors], pin; input pin, [mixers/selectors], ADC.
 * @dir: output or input
 * @cad: codec address
 * @n: number of widgets
 * @nid: the widgets
 * @conn_idx: for i >= 1, the index of @nid[i-1] in @nid[i]'s connection list
 *            (-1 for i = 0)
 * @converter: the DAC or ADC
 * @pin: the pin
 * @gain_db: sum of the amp gains set along the path by hda_path_enable()
 */
typedef struct {
	HdaStreamDir dir;
	unsigned cad;
	unsigned n;
	unsigned nid[HDA_PATH_MAX_DEPTH];
	int conn_idx[HDA_PATH_MAX_DEPTH];
	unsigned converter;
	unsigned pin;
	double gain_db;
} HdaPath;

/**
 * hda_codec_describe() - "codec 0 (QEMU hda-duplex)", "codec 2 (Realtek ID 269)".
 * Free with g_free().
 */
char *hda_codec_describe(const HdaCodec *codec);

/**
 * hda_path_find() - the best path of direction @dir in @codec.
 *
 * Output: pins that can output and are connected (default config
 * connectivity not NONE), preferring line out, speaker, headphone, then
 * others (digital last), each reached from the nearest analog DAC through
 * mixers and selectors.  Input: connected input pins, preferring line in,
 * mic, aux, CD, then others, reached by the nearest ADC.
 * Return: FALSE with SV_ERROR_NOT_FOUND and a message naming the codec and
 * why there is no path ("codec 0 (QEMU hda-output) has no input path: no pin
 * can take input").
 */
gboolean hda_path_find(const HdaCodec *codec, HdaStreamDir dir, HdaPath *path, GError **error);

/**
 * hda_path_to_string() - "DAC 0x02 -> Line Out pin 0x03" (free with g_free()).
 */
char *hda_path_to_string(const HdaCodec *codec, const HdaPath *path);

/**
 * hda_path_enable() - power the AFG and the path's widgets to D0, select the
 * path's connections, set every amp on the path to 0 dB (or the middle of
 * its range when it has no 0 dB step) and unmute it (muting the other inputs
 * of mixers on the path), set the pin control (OUT_EN, plus HP_EN for
 * headphones; IN_EN with a VREF for mics) and EAPD when the pin has it.
 * Records the resulting gain in @path->gain_db.
 */
gboolean hda_path_enable(HdaController *ctl, const HdaCodec *codec, HdaPath *path,
			 GError **error);

/**
 * hda_path_connect() - tell the converter which stream it serves: SET_
 * CHANNEL_STREAMID (@tag, first @channel) and SET_STREAM_FORMAT (@fmt_word).
 */
gboolean hda_path_connect(HdaController *ctl, const HdaPath *path, unsigned tag, unsigned channel,
			  uint16_t fmt_word, GError **error);

/** hda_path_disconnect() - converter back to stream 0 ("no stream"); errors only logged. */
void hda_path_disconnect(HdaController *ctl, const HdaPath *path);

/** hda_amp_gain_db() - gain of @step with amp caps @caps, in dB (7.3.4.10). */
double hda_amp_gain_db(uint32_t caps, unsigned step);
/** hda_amp_default_step() - the 0 dB step, or the middle of the range without one. */
unsigned hda_amp_default_step(uint32_t caps);

/* ---- the cyclic buffer (pcm.c, pure arithmetic) -------------------------- */

/**
 * struct HdaRing - a cyclic DMA buffer seen as two ever-growing byte counts.
 * @size: bytes in the buffer (CBL)
 * @hw: bytes the DMA engine has moved since start (from its positions)
 * @appl: bytes the application has written (output) or taken (input)
 * @last_pos: the last position, 0..@size-1
 * @xruns: underruns (output) or overruns (input) seen
 */
typedef struct {
	uint32_t size;
	uint64_t hw;
	uint64_t appl;
	uint32_t last_pos;
	uint64_t xruns;
} HdaRing;

/** hda_ring_init() - empty ring of @size bytes, position 0. */
void hda_ring_init(HdaRing *r, uint32_t size);

/**
 * hda_ring_update() - account a new DMA position.
 * @pos: position, 0..size-1 (taken modulo size)
 * @expected: bytes the DMA should have moved since the last update judging
 *            by the clock, or 0 when the caller was not late; when it is
 *            more than a buffer, whole wraps the position cannot show are
 *            added (the nearest count)
 * Return: bytes the DMA moved (also added to @r->hw).
 */
uint64_t hda_ring_update(HdaRing *r, uint32_t pos, uint64_t expected);

/** hda_ring_room() - output: bytes that may be written now (size - queued, 0 on underrun). */
uint64_t hda_ring_room(const HdaRing *r);
/** hda_ring_ready() - input: bytes captured and not taken yet (at most size). */
uint64_t hda_ring_ready(const HdaRing *r);
/** hda_ring_offset() - where byte count @ptr falls in the buffer. */
uint32_t hda_ring_offset(const HdaRing *r, uint64_t ptr);

/**
 * hda_ring_check_underrun() - output: the DMA read past what was written
 * (hw > appl).  Counts it and resynchronises (appl = hw).
 */
gboolean hda_ring_check_underrun(HdaRing *r);

/**
 * hda_ring_check_overrun() - input: the DMA overwrote data not taken yet
 * (hw - appl > size).  Counts it and skips to the oldest intact data
 * (appl = hw - size + @guard).
 */
gboolean hda_ring_check_overrun(HdaRing *r, uint32_t guard);

/* ---- PCM streams (pcm.c) ----------------------------------------------- */

/* The defaults of struct HdaPcmConfig: 10 ms periods, 16 of them for a
 * playback stream, 32 for a capture stream. */
#define HDA_PCM_DEFAULT_PERIOD_MS 10
#define HDA_PCM_DEFAULT_PERIODS_OUT 16
#define HDA_PCM_DEFAULT_PERIODS_IN 32

/**
 * struct HdaPcmConfig - what to open.
 * @format: the stream format
 * @period_frames: frames per period (0: 10 ms); rounded so periods stay
 *                 128-byte aligned
 * @periods: periods in the buffer, 2..256 (0: 16 for playback, 32 for capture)
 * @cad: codec address, or -1 for the first codec with a path
 * @pos: position source (HDA_POS_AUTO by default)
 */
typedef struct {
	HdaPcmFormat format;
	unsigned period_frames;
	unsigned periods;
	int cad;
	HdaPosSource pos;
} HdaPcmConfig;

/**
 * struct HdaPcmStats - what a run saw.
 * @frames: frames of audio moved (output: from the source and played by the
 *          DMA engine; input: delivered to the sink)
 * @bytes_dma: bytes the DMA engine moved in total (padding included)
 * @irqs: stream interrupts delivered
 * @wakeups: loop wake-ups
 * @polled: wake-ups with no interrupt where the position had moved anyway
 *          (refilled by polling the position)
 * @acked: completions acknowledged by the loop itself (SDnSTS.BCIS found
 *         set without an interrupt)
 * @xruns: underruns (output) or overruns (input)
 * @late: wake-ups more than a whole buffer after the previous one
 * @backwards: positions that moved backwards: behind the last one with no
 *             buffer completion in between (never on a sane engine)
 * @stream_errors: FIFO or descriptor errors in SDnSTS
 * @max_gap_us: longest time between two wake-ups
 * @seconds: from start to stop
 * @pos_source/@pos_why: positions used and why
 * @cancelled: the run was cut short by the cancel flag
 */
typedef struct {
	uint64_t frames;
	uint64_t bytes_dma;
	uint64_t irqs;
	uint64_t wakeups;
	uint64_t polled;
	uint64_t acked;
	uint64_t xruns;
	uint64_t late;
	uint64_t backwards;
	uint64_t stream_errors;
	int64_t max_gap_us;
	double seconds;
	HdaPosSource pos_source;
	const char *pos_why;
	gboolean cancelled;
} HdaPcmStats;

typedef struct HdaPcm HdaPcm;

/**
 * typedef HdaPcmReadFunc - playback source: put up to @frames frames in the
 * stream format at @buf.
 * Return: frames written (fewer than @frames: the end), or -1 with @error.
 */
typedef gssize (*HdaPcmReadFunc)(void *data, void *buf, size_t frames, GError **error);

/** typedef HdaPcmWriteFunc - capture sink: take @frames frames at @buf. */
typedef gboolean (*HdaPcmWriteFunc)(void *data, const void *buf, size_t frames, GError **error);

/**
 * typedef HdaPcmProgressFunc - called after each wake-up with the stats so
 * far and the audio just queued or captured (@frames may be 0).
 */
typedef void (*HdaPcmProgressFunc)(void *data, const HdaPcmStats *stats, const void *buf,
				   size_t frames);

/**
 * hda_pcm_open() - find a codec with a path of direction @dir, check the
 * format against the converter (SV_ERROR_UNSUPPORTED listing what it
 * supports), take a stream descriptor, set up its buffer, enable the path
 * and connect the converter to the stream.
 * @ctl: an open controller
 * @dir: output or input
 * @cfg: what to open
 * @error: error
 */
HdaPcm *hda_pcm_open(HdaController *ctl, HdaStreamDir dir, const HdaPcmConfig *cfg,
		     GError **error);

/** hda_pcm_close() - stop, disconnect the converter, free everything.  NULL is fine. */
void hda_pcm_close(HdaPcm *pcm);

/**
 * hda_pcm_play() - play what @read supplies until it ends: prefill, start,
 * refill the periods the DMA has consumed on every interrupt (or every
 * period without one), then pad with silence until the DMA has played all
 * of it plus 100 ms (so the codec's FIFO drains), and stop.
 * @cancel: when not NULL and it becomes non-zero the run stops early
 *          (stats->cancelled); not an error
 * @stats: filled (may be NULL)
 * Return: FALSE on a hard error (device, source, a DMA engine that stopped
 * moving for 2 s).
 */
gboolean hda_pcm_play(HdaPcm *pcm, HdaPcmReadFunc read, void *read_data,
		      HdaPcmProgressFunc progress, void *progress_data,
		      const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error);

/**
 * hda_pcm_capture() - capture @frames frames into @write (0: until @cancel),
 * draining whatever the DMA has written on every interrupt (or every period).
 * After an overrun the audio the engine overwrote is skipped (and counted);
 * @frames frames are still delivered.
 */
gboolean hda_pcm_capture(HdaPcm *pcm, uint64_t frames, HdaPcmWriteFunc write, void *write_data,
			 HdaPcmProgressFunc progress, void *progress_data,
			 const volatile sig_atomic_t *cancel, HdaPcmStats *stats, GError **error);

HdaStream *hda_pcm_stream(HdaPcm *pcm);

/**
 * hda_pcm_dma_bytes() - the DMA memory hda_pcm_open() pins for one stream of
 * @dir in @fmt with @period_frames and @periods (0: the defaults, as in
 * struct HdaPcmConfig): what `sofvfio doctor` holds the locked-memory
 * limit against.
 */
uint64_t hda_pcm_dma_bytes(HdaStreamDir dir, const HdaPcmFormat *fmt, unsigned period_frames,
			   unsigned periods);
const HdaCodec *hda_pcm_codec(HdaPcm *pcm);
const HdaPath *hda_pcm_path(HdaPcm *pcm);
const HdaPcmFormat *hda_pcm_format(HdaPcm *pcm);
unsigned hda_pcm_period_frames(HdaPcm *pcm);

/**
 * hda_pcm_describe() - one line: "codec 0 (QEMU hda-duplex): DAC 0x02 -> Line
 * Out pin 0x03, 0.0 dB; SD4 tag 1, 8 periods of 480 frames (80.0 ms)".
 */
char *hda_pcm_describe(HdaPcm *pcm);

/* ---- samples (pcm.c) ----------------------------------------------------- */

/**
 * hda_samples_pack() - @n samples from 32-bit MSB-justified integers to the
 * memory layout of @bits (8: unsigned byte, 16: s16, 20/24/32: s32 MSB-justified).
 */
void hda_samples_pack(const int32_t *in, void *out, size_t n, unsigned bits);
/** hda_samples_unpack() - the inverse of hda_samples_pack(). */
void hda_samples_unpack(const void *in, int32_t *out, size_t n, unsigned bits);

/**
 * hda_levels() - per channel RMS and peak of @frames frames, in dBFS (AES17:
 * a full-scale sine reads 0 dBFS; digital silence reads -INFINITY).
 * @rms_db/@peak_db: @fmt->channels entries each (either may be NULL)
 */
void hda_levels(const void *buf, size_t frames, const HdaPcmFormat *fmt, double *rms_db,
		double *peak_db);

/**
 * struct HdaTone - a sine generator: the same tone on every channel, its
 * peak at @level_dbfs (so its AES17 RMS level is @level_dbfs too).
 */
typedef struct {
	HdaPcmFormat fmt;
	double freq;
	double amplitude; /* 0..1 of full scale */
	uint64_t n;       /* frames generated */
	uint64_t total;   /* frames to generate (UINT64_MAX: endless) */
} HdaTone;

void hda_tone_init(HdaTone *t, const HdaPcmFormat *fmt, double freq, double level_dbfs,
		   uint64_t frames);
/** hda_tone_read() - an HdaPcmReadFunc over an HdaTone. */
gssize hda_tone_read(void *tone, void *buf, size_t frames, GError **error);

/* ---- WAV files (wav.c, libsndfile) ------------------------------------- */

typedef struct HdaWav HdaWav;

/**
 * hda_wav_open_read() - open an audio file for playback.
 * @path: the file
 * @fmt: its format (rate, bits, channels)
 * @frames: its length in frames
 * Return: NULL with SV_ERROR_NOT_FOUND (no such file), SV_ERROR_INVAL (not
 * an audio file) or SV_ERROR_UNSUPPORTED (floating point or compressed
 * samples): messages name the file and what is supported.
 */
HdaWav *hda_wav_open_read(const char *path, HdaPcmFormat *fmt, uint64_t *frames, GError **error);

/**
 * hda_wav_read() - an HdaPcmReadFunc: frames in the file's rate and channel
 * count, converted to the bits of the format given to hda_wav_set_output().
 */
gssize hda_wav_read(void *wav, void *buf, size_t frames, GError **error);

/** hda_wav_set_output() - the sample width hda_wav_read() delivers (default: the file's). */
void hda_wav_set_output(HdaWav *w, unsigned bits);

/**
 * hda_wav_open_write() - create a WAV file for @fmt (20-bit samples are
 * stored as 24-bit).
 */
HdaWav *hda_wav_open_write(const char *path, const HdaPcmFormat *fmt, GError **error);

/** hda_wav_write() - an HdaPcmWriteFunc: frames in @fmt's memory layout. */
gboolean hda_wav_write(void *wav, const void *buf, size_t frames, GError **error);

/** hda_wav_frames() - frames read or written so far. */
uint64_t hda_wav_frames(HdaWav *w);

/** hda_wav_close() - finish the header and close.  NULL is fine. */
gboolean hda_wav_close(HdaWav *w, GError **error);

G_END_DECLS

#endif
