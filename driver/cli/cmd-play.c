// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-play.c - `sofvfio play -d DEVICE [FILE | --tone HZ]`: play a WAV file
 * or a sine through the first codec with an output path.
 */
#include "commands.h"
#include "pcm-cli.h"

#include <math.h>
#include <stdio.h>

#define DEFAULT_LEVEL_DBFS -6.02
#define DEFAULT_TONE_S 2.0

/* Cap a source at a number of frames (--duration with a file). */
typedef struct {
	HdaPcmReadFunc read;
	void *data;
	uint64_t left;
} Limit;

static gssize limit_read(void *data, void *buf, size_t frames, GError **error)
{
	Limit *l = data;
	gssize n;

	if (!l->left)
		return 0;
	n = l->read(l->data, buf, (size_t)MIN((uint64_t)frames, l->left), error);
	if (n > 0)
		l->left -= (uint64_t)n;
	return n;
}

/* --rate/--channels must agree with the file: there is no resampler or mixer. */
static gboolean check_file_format(const char *file, const HdaPcmFormat *ff, const CliPcmOpts *o,
				  GError **error)
{
	if (o->rate && (unsigned)o->rate != ff->rate) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s is %u Hz: --rate %d would need resampling, which sofvfio does not "
			    "do (drop --rate or convert the file, e.g. 'sox %s -r %d out.wav')",
			    file, ff->rate, o->rate, file, o->rate);
		return FALSE;
	}
	if (o->channels && (unsigned)o->channels != ff->channels) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s has %u channels: --channels %d would need remixing, which sofvfio "
			    "does not do", file, ff->channels, o->channels);
		return FALSE;
	}
	return TRUE;
}

int cmd_play(int argc, char **argv)
{
	CliHdaOpts hopts = { 0 };
	CliPcmOpts popts = { 0 };
	double tone = 0, level = DEFAULT_LEVEL_DBFS;
	GOptionEntry entries[] = {
		{ "tone", 0, 0, G_OPTION_ARG_DOUBLE, &tone, "play a sine of this frequency",
		  "HZ" },
		{ "level", 0, 0, G_OPTION_ARG_DOUBLE, &level,
		  "tone level in dBFS: its peak, and its AES17 RMS (default -6.02)", "DBFS" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[FILE.wav]");
	g_autoptr(GError) err = NULL;
	CliPcmRun run = { 0 };
	HdaWav *wav = NULL;
	HdaTone gen;
	Limit limit = { 0 };
	HdaPcmFormat fmt = { 48000, 16, 2 };
	HdaPcmStats st;
	CliMeter meter;
	uint64_t file_frames = 0, frames;
	const char *file = NULL;
	int status = 1;

	g_option_context_set_summary(ctx,
		"Play a WAV file (integer PCM, at a rate, width and channel count the codec's\n"
		"DAC takes) or a generated sine (--tone) through the first codec with an output\n"
		"path. One interrupt per period refills the buffer; without interrupts the\n"
		"position is polled once a period. Ctrl-C stops cleanly.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	cli_hda_add_options(ctx, &hopts);
	cli_pcm_add_options(ctx, &popts,
		"play this long (default: the whole file; 2 s for a tone)");
	if (!cli_parse(ctx, &argc, &argv, "play"))
		goto out_usage;
	if (tone < 0 || (tone > 0 && (tone >= 1e6 || !isfinite(tone))) || level > 0) {
		fprintf(stderr, "sofvfio play: --tone %g: give a frequency above 0 and below 1 MHz; "
			"--level at most 0 dBFS\n", tone);
		goto out_usage;
	}
	if (argc > 2 || (argc == 2) == (tone > 0)) {
		fprintf(stderr, "sofvfio play: give a FILE.wav or --tone HZ (see 'sofvfio play "
			"--help')\n");
		goto out_usage;
	}
	if (!cli_pcm_check_duration("play", &popts))
		goto out_usage;

	if (argc == 2) {
		file = argv[1];
		/* The file first: a bad file fails before the device is touched. */
		wav = hda_wav_open_read(file, &fmt, &file_frames, &err);
		if (!wav || !check_file_format(file, &fmt, &popts, &err))
			goto out;
		if (popts.bits) {
			fmt.bits = (unsigned)popts.bits;
			hda_wav_set_output(wav, fmt.bits);
		}
		frames = file_frames;
		if (popts.duration > 0)
			frames = MIN(frames, (uint64_t)llround(popts.duration * fmt.rate));
		limit = (Limit){ hda_wav_read, wav, frames };
	} else {
		fmt.rate = popts.rate ? (unsigned)popts.rate : 48000;
		fmt.bits = popts.bits ? (unsigned)popts.bits : 16;
		fmt.channels = popts.channels ? (unsigned)popts.channels : 2;
		frames = (uint64_t)llround((popts.duration > 0 ? popts.duration : DEFAULT_TONE_S) *
					   fmt.rate);
		hda_tone_init(&gen, &fmt, tone, level, frames);
		limit = (Limit){ hda_tone_read, &gen, frames };
	}
	status = cli_pcm_open(&run, "play", &hopts, &popts, &fmt, HDA_STREAM_OUTPUT, file, &err);
	if (status)
		goto out;
	status = 1;
	if (file)
		printf("playing: %s (%s, %.3f s)\n", file, run.fmt_str, (double)frames / fmt.rate);
	else
		printf("playing: tone %g Hz at %.2f dBFS (%s, %.3f s)\n", tone, level, run.fmt_str,
		       (double)frames / fmt.rate);
	cli_pcm_print_path(&run);

	cli_meter_init(&meter, &fmt, (double)frames / fmt.rate, "playing");
	if (!hda_pcm_play(run.pcm, limit_read, &limit, cli_meter_update, &meter, run.cancel, &st,
			  &err)) {
		cli_meter_done(&meter);
		goto out;
	}
	cli_meter_done(&meter);
	cli_pcm_report(run.ctl, run.pcm, &st, "underruns");
	if (st.xruns)
		fprintf(stderr, "sofvfio play: %" G_GUINT64_FORMAT " underrun%s: the buffer ran "
			"dry (try a larger --periods or --period-ms)\n", st.xruns,
			st.xruns == 1 ? "" : "s");
	status = st.cancelled ? 130 : 0;
out:
	if (err)
		status = cli_fail("play", err);
	status = cli_pcm_close(&run, "play", status);
	hda_wav_close(wav, NULL);
	cli_hda_opts_clear(&hopts);
	cli_pcm_opts_clear(&popts);
	return status;
out_usage:
	status = 2;
	goto out;
}
