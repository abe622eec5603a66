// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * samples.c - samples as the stream formats hold them in memory (8-bit
 * unsigned, 16-bit and 20/24/32-bit MSB-justified signed, little endian):
 * packing and unpacking, level metering (peak and AES17 RMS) and the sine
 * generator of `sofvfio play --tone`.  Pure logic, no device.
 */
#include "sofvfio/hda-pcm.h"

#include <math.h>
#include <string.h>

void hda_samples_pack(const int32_t *in, void *out, size_t n, unsigned bits)
{
	uint8_t *o8 = out;
	int16_t *o16 = out;
	int32_t *o32 = out;
	/* 20/24-bit samples are MSB-justified in 32 bits: clear the unused bits. */
	uint32_t mask = bits == 20 ? 0xfffff000u : bits == 24 ? 0xffffff00u : 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		switch (bits) {
		case 8:
			o8[i] = (uint8_t)((in[i] >> 24) + 128);
			break;
		case 16:
			o16[i] = GINT16_TO_LE((int16_t)(in[i] >> 16));
			break;
		default:
			o32[i] = GINT32_TO_LE((int32_t)((uint32_t)in[i] & mask));
			break;
		}
	}
}

void hda_samples_unpack(const void *in, int32_t *out, size_t n, unsigned bits)
{
	const uint8_t *i8 = in;
	const int16_t *i16 = in;
	const int32_t *i32 = in;

	for (size_t i = 0; i < n; i++) {
		switch (bits) {
		case 8:
			out[i] = (int32_t)((uint32_t)((int)i8[i] - 128) << 24);
			break;
		case 16:
			out[i] = (int32_t)((uint32_t)(int16_t)GINT16_FROM_LE(i16[i]) << 16);
			break;
		default:
			out[i] = GINT32_FROM_LE(i32[i]);
			break;
		}
	}
}

void hda_levels(const void *buf, size_t frames, const HdaPcmFormat *fmt, double *rms_db,
		double *peak_db)
{
	unsigned ch = fmt->channels;
	g_autofree double *sum = g_new0(double, ch);
	g_autofree double *peak = g_new0(double, ch);
	int32_t tmp[256];
	size_t done = 0;

	while (done < frames) {
		size_t n = MIN(frames - done, G_N_ELEMENTS(tmp) / ch);

		if (!n)
			break;
		hda_samples_unpack((const uint8_t *)buf + done * hda_format_frame_bytes(fmt), tmp,
				   n * ch, fmt->bits);
		for (size_t f = 0; f < n; f++)
			for (unsigned c = 0; c < ch; c++) {
				double x = tmp[f * ch + c] / 2147483648.0;

				sum[c] += x * x;
				peak[c] = MAX(peak[c], fabs(x));
			}
		done += n;
	}
	for (unsigned c = 0; c < ch; c++) {
		double rms = frames ? sqrt(sum[c] / (double)frames) : 0;

		/* AES17: +3.01 dB so that a full-scale sine reads 0 dBFS. */
		if (rms_db)
			rms_db[c] = rms > 0 ? 20 * log10(rms) + 20 * log10(M_SQRT2) : -INFINITY;
		if (peak_db)
			peak_db[c] = peak[c] > 0 ? 20 * log10(peak[c]) : -INFINITY;
	}
}

void hda_tone_init(HdaTone *t, const HdaPcmFormat *fmt, double freq, double level_dbfs,
		   uint64_t frames)
{
	*t = (HdaTone){ .fmt = *fmt, .freq = freq, .amplitude = pow(10, level_dbfs / 20),
			.total = frames };
	t->amplitude = CLAMP(t->amplitude, 0, 1);
}

gssize hda_tone_read(void *tone, void *buf, size_t frames, GError **error)
{
	HdaTone *t = tone;
	unsigned ch = t->fmt.channels, bits = t->fmt.bits;
	double full = ldexp(1, (int)bits - 1) - 1; /* largest sample of the width */
	size_t n = (size_t)MIN((uint64_t)frames, t->total - t->n), done = 0;
	int32_t tmp[256];

	while (done < n) {
		size_t k = MIN(n - done, G_N_ELEMENTS(tmp) / ch);

		for (size_t f = 0; f < k; f++) {
			double ph = 2 * G_PI * t->freq * (double)(t->n + done + f) / t->fmt.rate;
			int64_t v = llrint(t->amplitude * full * sin(ph));
			/* Quantised at the stream's width, then MSB-justified. */
			int32_t s = (int32_t)(uint32_t)((uint64_t)v << (32 - bits));

			for (unsigned c = 0; c < ch; c++)
				tmp[f * ch + c] = s;
		}
		hda_samples_pack(tmp, (uint8_t *)buf + done * hda_format_frame_bytes(&t->fmt),
				 k * ch, bits);
		done += k;
	}
	t->n += n;
	return (gssize)n;
}
