// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wavanalysis.c - see wavanalysis.h.
 */
#include "wavanalysis.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FFT_MAX_LOG2 18
#define FULL_SCALE 2147483648.0

/* In-place iterative radix-2 FFT of @n (a power of two) points. */
static void fft(double complex *a, size_t n)
{
	for (size_t i = 1, j = 0; i < n; i++) {
		size_t bit = n >> 1;

		for (; j & bit; bit >>= 1)
			j ^= bit;
		j ^= bit;
		if (i < j) {
			double complex t = a[i];

			a[i] = a[j];
			a[j] = t;
		}
	}
	for (size_t len = 2; len <= n; len <<= 1) {
		double complex w = cexp(-2 * M_PI * I / (double)len);

		for (size_t i = 0; i < n; i += len) {
			double complex wk = 1;

			for (size_t k = 0; k < len / 2; k++) {
				double complex u = a[i + k], v = a[i + k + len / 2] * wk;

				a[i + k] = u + v;
				a[i + k + len / 2] = u - v;
				wk *= w;
			}
		}
	}
}

double wav_dominant_freq(const int32_t *x, size_t n, size_t stride, unsigned rate)
{
	size_t m = 1, start, best = 0;
	double complex *a;
	double best_mag = 0, freq = 0;

	while (m * 2 <= n && m < ((size_t)1 << FFT_MAX_LOG2))
		m *= 2;
	if (m < 64)
		return 0;
	start = (n - m) / 2;
	a = malloc(m * sizeof(*a));
	if (!a)
		return 0;
	for (size_t i = 0; i < m; i++) {
		double hann = 0.5 - 0.5 * cos(2 * M_PI * (double)i / (double)(m - 1));

		a[i] = hann * x[(start + i) * stride] / FULL_SCALE;
	}
	fft(a, m);
	/* Skip DC and the bin next to it. */
	for (size_t k = 2; k < m / 2; k++) {
		double mag = cabs(a[k]);

		if (mag > best_mag) {
			best_mag = mag;
			best = k;
		}
	}
	if (best && best_mag > 0) {
		/* Gaussian interpolation: exact for a Gaussian peak, very close for Hann. */
		double l = log(cabs(a[best - 1]) + 1e-300), c = log(best_mag);
		double r = log(cabs(a[best + 1]) + 1e-300), den = l - 2 * c + r;
		double delta = den != 0 ? 0.5 * (l - r) / den : 0;

		delta = delta < -0.5 ? -0.5 : delta > 0.5 ? 0.5 : delta;
		freq = ((double)best + delta) * rate / (double)m;
	}
	free(a);
	return freq;
}

int32_t wav_dbfs_to_threshold(double dbfs)
{
	double v = pow(10, dbfs / 20) * FULL_SCALE;

	return v >= 2147483647.0 ? INT32_MAX : (int32_t)v;
}

static uint64_t mag(int32_t v)
{
	return v < 0 ? (uint64_t)(-(int64_t)v) : (uint64_t)v;
}

void wav_analyze(const int32_t *x, uint64_t frames, unsigned channels, unsigned rate,
		 int32_t threshold, WavAnalysis *out)
{
	uint64_t thr = threshold > 0 ? (uint64_t)threshold : 0;

	memset(out, 0, sizeof(*out));
	out->rate = rate;
	out->channels = channels > WAV_MAX_CHANNELS ? WAV_MAX_CHANNELS : channels;
	out->frames = frames;
	channels = out->channels;

	/* The tone region: from the first to the last sample above the threshold. */
	for (uint64_t f = 0; f < frames && !out->tone_end; f++)
		for (unsigned c = 0; c < channels; c++)
			if (mag(x[f * channels + c]) > thr) {
				out->tone_start = f;
				out->tone_end = f + 1;
				break;
			}
	for (uint64_t f = frames; f > out->tone_start && out->tone_end; f--) {
		bool hit = false;

		for (unsigned c = 0; c < channels; c++)
			hit |= mag(x[(f - 1) * channels + c]) > thr;
		if (hit) {
			out->tone_end = f;
			break;
		}
	}

	for (unsigned c = 0; c < channels; c++) {
		WavChannel *ch = &out->ch[c];
		uint64_t n = out->tone_end - out->tone_start, run = 0, peak = 0;
		double sum = 0;

		for (uint64_t f = out->tone_start; f < out->tone_end; f++) {
			int32_t v = x[f * channels + c];
			double d = v / FULL_SCALE;

			sum += d * d;
			if (mag(v) > peak)
				peak = mag(v);
			if (mag(v) <= thr) {
				if (++run > ch->gap_frames) {
					ch->gap_frames = run;
					ch->gap_at = f + 1 - run;
				}
			} else {
				run = 0;
			}
		}
		ch->present = peak > thr;
		/* AES17: RMS + 3.01 dB, so a full-scale sine reads 0 dBFS. */
		ch->rms_dbfs = n && sum > 0 ? 10 * log10(sum / (double)n) + 20 * log10(M_SQRT2)
					    : -INFINITY;
		ch->peak_dbfs = peak ? 20 * log10((double)peak / FULL_SCALE) : -INFINITY;
		ch->freq = ch->present ? wav_dominant_freq(x + out->tone_start * channels + c,
							  (size_t)n, channels, rate)
				       : 0;
	}
}
