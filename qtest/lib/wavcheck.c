// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wavcheck - check a recording: format, length, dominant frequency, level,
 * gaps, channels.  Prints one line per check and exits 0 when all pass,
 * 1 when one fails, 2 on a usage or file error.
 *
 *   wavcheck OUT.wav --expect-freq 1000 --expect-level -6.02 --tolerance-db 1 \
 *            --max-gap-ms 1 --channels 2 --min-duration 0.9
 */
#include "wavanalysis.h"

#include <glib.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>

typedef struct {
	double expect_freq, freq_tol_pct;
	double expect_level, tol_db;
	gboolean have_level;
	double max_gap_ms;
	int channels;
	double min_duration, max_duration;
	int rate, bits;
	gint64 expect_frames;
	double silence_dbfs;
	gboolean have_silence;
} Opts;

typedef struct {
	unsigned run, failed;
} Tally;

static void verdict(Tally *t, gboolean ok, const char *name, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static void verdict(Tally *t, gboolean ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	t->run++;
	if (!ok)
		t->failed++;
	printf("%s %s: ", ok ? "PASS" : "FAIL", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static unsigned subtype_bits(int format)
{
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
		return 8;
	case SF_FORMAT_PCM_16:
		return 16;
	case SF_FORMAT_PCM_24:
		return 24;
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_FLOAT:
		return 32;
	case SF_FORMAT_DOUBLE:
		return 64;
	default:
		return 0;
	}
}

static void checks(const Opts *o, const SF_INFO *info, const WavAnalysis *a, Tally *t)
{
	double tone_s = (double)(a->tone_end - a->tone_start) / a->rate;
	unsigned bits = subtype_bits(info->format);
	g_autoptr(GString) s = g_string_new(NULL);
	gboolean ok;

	if (o->rate)
		verdict(t, info->samplerate == o->rate, "rate", "%d Hz (expected %d Hz)",
			info->samplerate, o->rate);
	if (o->bits)
		verdict(t, bits == (unsigned)o->bits, "bits", "%u bit (expected %d)", bits,
			o->bits);
	if (o->expect_frames >= 0)
		verdict(t, (gint64)a->frames == o->expect_frames, "length",
			"%" G_GUINT64_FORMAT " frames (expected %" G_GINT64_FORMAT ")", a->frames,
			o->expect_frames);
	if (o->channels) {
		unsigned present = 0;

		g_string_truncate(s, 0);
		for (unsigned c = 0; c < a->channels; c++) {
			present += a->ch[c].present;
			g_string_append_printf(s, "%sch%u %s", c ? ", " : "", c,
					       a->ch[c].present ? "present" : "SILENT");
		}
		verdict(t, info->channels == o->channels && present == (unsigned)o->channels,
			"channels", "%d in the file, %u with signal: %s (expected %d)",
			info->channels, present, s->str, o->channels);
	}
	if (o->min_duration > 0)
		verdict(t, tone_s >= o->min_duration, "duration", "tone lasts %.3f s (min %.3f s)",
			tone_s, o->min_duration);
	if (o->max_duration > 0)
		verdict(t, tone_s <= o->max_duration, "max-duration",
			"tone lasts %.3f s (max %.3f s)", tone_s, o->max_duration);
	if (o->expect_freq > 0) {
		ok = a->tone_end > a->tone_start;
		g_string_truncate(s, 0);
		for (unsigned c = 0; c < a->channels; c++) {
			double err = fabs(a->ch[c].freq - o->expect_freq) / o->expect_freq * 100;

			ok &= a->ch[c].present && err <= o->freq_tol_pct;
			g_string_append_printf(s, "%sch%u %.2f Hz (%+.3f %%)", c ? ", " : "", c,
					       a->ch[c].freq,
					       (a->ch[c].freq - o->expect_freq) / o->expect_freq * 100);
		}
		verdict(t, ok, "frequency", "%s (expected %g Hz +- %g %%)", s->str, o->expect_freq,
			o->freq_tol_pct);
	}
	if (o->have_level) {
		ok = a->tone_end > a->tone_start;
		g_string_truncate(s, 0);
		for (unsigned c = 0; c < a->channels; c++) {
			ok &= isfinite(a->ch[c].rms_dbfs) &&
			      fabs(a->ch[c].rms_dbfs - o->expect_level) <= o->tol_db;
			g_string_append_printf(s, "%sch%u %.2f dBFS", c ? ", " : "", c,
					       a->ch[c].rms_dbfs);
		}
		verdict(t, ok, "level", "%s RMS (expected %.2f dBFS +- %g dB)", s->str,
			o->expect_level, o->tol_db);
	}
	if (o->max_gap_ms >= 0) {
		double worst = 0;
		unsigned wc = 0;

		for (unsigned c = 0; c < a->channels; c++) {
			double ms = 1000.0 * (double)a->ch[c].gap_frames / a->rate;

			if (ms > worst) {
				worst = ms;
				wc = c;
			}
		}
		ok = a->tone_end > a->tone_start && worst <= o->max_gap_ms;
		verdict(t, ok, "gaps", "longest silence inside the tone %.3f ms (ch%u at %.4f s; "
			"max %g ms)", worst, wc, (double)a->ch[wc].gap_at / a->rate, o->max_gap_ms);
	}
}

int main(int argc, char **argv)
{
	Opts o = { .freq_tol_pct = 1, .tol_db = 1, .max_gap_ms = -1, .expect_frames = -1 };
	double level = NAN, silence = NAN;
	GOptionEntry entries[] = {
		{ "expect-freq", 0, 0, G_OPTION_ARG_DOUBLE, &o.expect_freq,
		  "dominant frequency of every channel", "HZ" },
		{ "freq-tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &o.freq_tol_pct,
		  "frequency tolerance in percent (default 1)", "PCT" },
		{ "expect-level", 0, 0, G_OPTION_ARG_DOUBLE, &level,
		  "AES17 RMS level of every channel over the tone", "DBFS" },
		{ "tolerance-db", 0, 0, G_OPTION_ARG_DOUBLE, &o.tol_db,
		  "level tolerance (default 1 dB)", "DB" },
		{ "max-gap-ms", 0, 0, G_OPTION_ARG_DOUBLE, &o.max_gap_ms,
		  "longest digital silence allowed inside the tone", "MS" },
		{ "channels", 0, 0, G_OPTION_ARG_INT, &o.channels,
		  "channels in the file, each with signal", "N" },
		{ "min-duration", 0, 0, G_OPTION_ARG_DOUBLE, &o.min_duration,
		  "shortest tone (first to last non-silent sample)", "SECONDS" },
		{ "max-duration", 0, 0, G_OPTION_ARG_DOUBLE, &o.max_duration, "longest tone",
		  "SECONDS" },
		{ "rate", 0, 0, G_OPTION_ARG_INT, &o.rate, "sample rate of the file", "HZ" },
		{ "bits", 0, 0, G_OPTION_ARG_INT, &o.bits, "bits per sample of the file", "BITS" },
		{ "frames", 0, 0, G_OPTION_ARG_INT64, &o.expect_frames, "exact length in frames",
		  "N" },
		{ "silence", 0, 0, G_OPTION_ARG_DOUBLE, &silence,
		  "samples at or below this peak level count as silence (default: only "
		  "digital zero)", "DBFS" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("FILE.wav");
	g_autoptr(GError) err = NULL;
	g_autofree int32_t *x = NULL;
	WavAnalysis a;
	SF_INFO info = { 0 };
	SNDFILE *sf;
	sf_count_t got;
	Tally t = { 0 };

	g_option_context_set_summary(ctx,
		"Check a recording of a test tone: format and length, the dominant frequency\n"
		"and AES17 RMS level of each channel, and gaps (runs of digital silence) inside\n"
		"the tone, which runs from the first to the last non-silent sample.\n"
		"Exit status: 0 all checks pass, 1 a check failed, 2 usage or file error.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "wavcheck: %s\n", err->message);
		return 2;
	}
	if (argc != 2) {
		fprintf(stderr, "wavcheck: give one FILE.wav (see wavcheck --help)\n");
		return 2;
	}
	o.have_level = !isnan(level);
	o.expect_level = level;
	sf = sf_open(argv[1], SFM_READ, &info);
	if (!sf) {
		fprintf(stderr, "wavcheck: %s: %s\n", argv[1], sf_strerror(NULL));
		return 2;
	}
	if (info.channels < 1 || info.channels > WAV_MAX_CHANNELS || info.frames < 0 ||
	    info.frames > (sf_count_t)48000 * 3600) {
		fprintf(stderr, "wavcheck: %s: %d channels, %" G_GINT64_FORMAT " frames: not "
			"something to check\n", argv[1], info.channels, (gint64)info.frames);
		sf_close(sf);
		return 2;
	}
	x = g_new0(int32_t, (gsize)MAX(info.frames, 1) * (gsize)info.channels);
	got = sf_readf_int(sf, x, info.frames);
	sf_close(sf);
	if (got != info.frames) {
		fprintf(stderr, "wavcheck: %s: read %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
			" frames\n", argv[1], (gint64)got, (gint64)info.frames);
		return 2;
	}
	wav_analyze(x, (uint64_t)info.frames, (unsigned)info.channels, (unsigned)info.samplerate,
		    isnan(silence) ? 0 : wav_dbfs_to_threshold(silence), &a);

	printf("file: %s: %d Hz, %u bit, %d channel%s, %" G_GINT64_FORMAT " frames (%.3f s)\n",
	       argv[1], info.samplerate, subtype_bits(info.format), info.channels,
	       info.channels == 1 ? "" : "s", (gint64)info.frames,
	       (double)info.frames / info.samplerate);
	if (a.tone_end > a.tone_start)
		printf("tone: %.4f s .. %.4f s (%.4f s)\n", (double)a.tone_start / a.rate,
		       (double)a.tone_end / a.rate, (double)(a.tone_end - a.tone_start) / a.rate);
	else
		printf("tone: none (the file is silent)\n");
	for (unsigned c = 0; c < a.channels; c++)
		printf("ch%u: %.2f Hz, RMS %.2f dBFS, peak %.2f dBFS, longest silence %.3f ms\n", c,
		       a.ch[c].freq, a.ch[c].rms_dbfs, a.ch[c].peak_dbfs,
		       1000.0 * (double)a.ch[c].gap_frames / a.rate);
	checks(&o, &info, &a, &t);
	if (t.failed)
		printf("wavcheck: FAIL (%u of %u checks failed)\n", t.failed, t.run);
	else
		printf("wavcheck: PASS (%u checks)\n", t.run);
	return t.failed ? 1 : 0;
}
