/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/hda/audio.h - the sample side of the streams: the HDA stream format
 * (spec 3.7.1), the WAV sink output streams play into and the sources input
 * streams record from (a WAV file or a sine tone).
 *
 * Samples in memory are little endian: 8 bits unsigned, 16 bits signed,
 * 20/24/32 bits signed and left-justified in 32-bit containers (what Linux
 * uses as S32_LE with 20/24 significant bits).
 */
#ifndef SOFVFIO_EMU_HDA_AUDIO_H
#define SOFVFIO_EMU_HDA_AUDIO_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct EmuHdaPcmFormat - a decoded stream format.
 * @rate: frames per second
 * @channels: 1..16
 * @bits: significant bits (8, 16, 20, 24, 32)
 * @container: bytes per sample in memory (1, 2 or 4)
 * @frame: bytes per frame
 * @pcm: FALSE for a non-PCM stream (moved at the same rate, never converted)
 */
typedef struct {
	unsigned rate, channels, bits, container, frame;
	gboolean pcm;
} EmuHdaPcmFormat;

/** emu_hda_format_decode() - decode SDnFMT; FALSE for a reserved BITS or rate value. */
gboolean emu_hda_format_decode(uint16_t fmt, EmuHdaPcmFormat *out);

typedef struct EmuHdaSink EmuHdaSink;

/**
 * emu_hda_sink_open() - create @path as a valid, empty WAV file (48 kHz 16-bit
 * stereo until the first data decides the format).
 */
EmuHdaSink *emu_hda_sink_open(const char *path, GError **error);
/**
 * emu_hda_sink_write() - append @len bytes in format @f.  The first data fixes
 * the file's format; data in another format is dropped (with one warning).
 * The header is kept up to date after every write.
 */
void emu_hda_sink_write(EmuHdaSink *sink, const EmuHdaPcmFormat *f, const void *buf, size_t len);
/** emu_hda_sink_frames() - frames written so far. */
uint64_t emu_hda_sink_frames(EmuHdaSink *sink);
/** emu_hda_sink_close() - finish the header and close (NULL is fine). */
void emu_hda_sink_close(EmuHdaSink *sink);

typedef struct EmuHdaSource EmuHdaSource;

/** emu_hda_source_new() - "tone:HZ" or a WAV file (PCM 8/16/24/32, float 32); NULL: silence. */
EmuHdaSource *emu_hda_source_new(const char *spec, GError **error);
void emu_hda_source_free(EmuHdaSource *src);

/**
 * struct EmuHdaSourceCursor - one input stream's position in the source, and
 * a staging buffer so that frames may be handed out in pieces of any size.
 */
typedef struct {
	uint64_t frame;
	uint8_t stage[4096];
	unsigned stage_len, stage_pos;
	gboolean warned;
} EmuHdaSourceCursor;

/** emu_hda_source_cursor_reset() - back to the start (stream reset). */
void emu_hda_source_cursor_reset(EmuHdaSourceCursor *cur);

/**
 * emu_hda_source_read() - the next @len bytes of the source in format @f
 * (silence past the end of a file, or when @src is NULL or @f is not PCM).
 */
void emu_hda_source_read(EmuHdaSource *src, EmuHdaSourceCursor *cur, const EmuHdaPcmFormat *f, uint8_t *out,
		     size_t len);

#endif
