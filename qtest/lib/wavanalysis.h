/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wavanalysis.h - what wavcheck measures in a recording, as pure functions
 * over samples (unit tested in test-pcm-unit.c): the tone region, per
 * channel dominant frequency, AES17 RMS level, peak, and the longest run of
 * digital silence inside the tone.
 */
#ifndef SOFVFIO_QTEST_WAVANALYSIS_H
#define SOFVFIO_QTEST_WAVANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WAV_MAX_CHANNELS 16

/**
 * struct WavChannel - one channel over the tone region.
 * @present: some sample exceeds the silence threshold
 * @freq: dominant frequency in Hz (0 when silent)
 * @rms_dbfs: AES17 RMS (a full-scale sine reads 0 dBFS), -INFINITY when silent
 * @peak_dbfs: largest magnitude
 * @gap_frames/@gap_at: longest run of samples at or below the silence
 *                      threshold inside the tone region, and where it starts
 */
typedef struct {
	bool present;
	double freq;
	double rms_dbfs;
	double peak_dbfs;
	uint64_t gap_frames;
	uint64_t gap_at;
} WavChannel;

/**
 * struct WavAnalysis - a whole file.
 * @rate/@channels/@frames: what was analysed
 * @tone_start/@tone_end: first frame with signal, one past the last (both 0
 *                        when everything is silent)
 * @ch: per channel
 */
typedef struct {
	unsigned rate;
	unsigned channels;
	uint64_t frames;
	uint64_t tone_start, tone_end;
	WavChannel ch[WAV_MAX_CHANNELS];
} WavAnalysis;

/**
 * wav_analyze() - analyse @frames interleaved frames of @channels channels.
 * @x: samples, full scale = 2^31 (32-bit MSB-justified, as libsndfile's
 *     sf_readf_int() returns them)
 * @threshold: magnitude at or below which a sample is silence (0: digital
 *             silence only)
 */
void wav_analyze(const int32_t *x, uint64_t frames, unsigned channels, unsigned rate,
		 int32_t threshold, WavAnalysis *out);

/**
 * wav_dominant_freq() - the strongest frequency of @n samples taken every
 * @stride from @x (Hann-windowed FFT over the largest power of two <= @n from
 * the middle, at most 2^18, with Gaussian interpolation between bins).
 * Return: Hz, 0 when @n < 64 or the signal is silent.
 */
double wav_dominant_freq(const int32_t *x, size_t n, size_t stride, unsigned rate);

/** wav_dbfs_to_threshold() - the sample magnitude of a level in dBFS (peak). */
int32_t wav_dbfs_to_threshold(double dbfs);

#endif
