// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-record.c - `sofvfio record -d DEVICE OUT.wav`: capture from the first
 * codec with an input path into a WAV file.
 */
#include "commands.h"
#include "pcm-cli.h"

#include <math.h>
#include <stdio.h>

#define DEFAULT_RECORD_S 5.0

/* The WAV file, plus the sums for the overall level of what was captured. */
typedef struct {
	HdaWav *wav;
	HdaPcmFormat fmt;
	double sum[HDA_MAX_CHANNELS];
	uint64_t frames;
} Sink;

static gboolean sink_write(void *data, const void *buf, size_t frames, GError **error)
{
	Sink *s = data;
	double rms[HDA_MAX_CHANNELS];

	hda_levels(buf, frames, &s->fmt, rms, NULL);
	for (unsigned c = 0; c < s->fmt.channels; c++) {
		/* Back from AES17 dBFS to a mean square, weighted by the chunk length. */
		double ms = isfinite(rms[c]) ? pow(10, (rms[c] - 20 * log10(M_SQRT2)) / 10) : 0;

		s->sum[c] += ms * (double)frames;
	}
	s->frames += frames;
	return hda_wav_write(s->wav, buf, frames, error);
}

static void print_levels(const Sink *s)
{
	printf("level:");
	for (unsigned c = 0; c < s->fmt.channels; c++) {
		double ms = s->frames ? s->sum[c] / (double)s->frames : 0;

		if (ms > 0)
			printf(" %.2f", 10 * log10(ms) + 20 * log10(M_SQRT2));
		else
			printf(" -inf");
	}
	printf(" dBFS (AES17 RMS per channel)\n");
}

int cmd_record(int argc, char **argv)
{
	CliHdaOpts hopts = { 0 };
	CliPcmOpts popts = { 0 };
	g_autoptr(GOptionContext) ctx = g_option_context_new("OUT.wav");
	g_autoptr(GError) err = NULL;
	CliPcmRun run = { 0 };
	HdaPcmFormat fmt;
	HdaPcmStats st;
	CliMeter meter;
	Sink sink = { 0 };
	uint64_t frames;
	const char *file;
	int status = 1;

	g_option_context_set_summary(ctx,
		"Record from the first codec with an input path into a WAV file. One interrupt\n"
		"per period drains the buffer; without interrupts the position is polled once\n"
		"a period. Ctrl-C stops cleanly and keeps what was recorded.");
	cli_hda_add_options(ctx, &hopts);
	cli_pcm_add_options(ctx, &popts,
		"record this long (default 5 s)");
	if (!cli_parse(ctx, &argc, &argv, "record"))
		goto out_usage;
	if (argc != 2) {
		fprintf(stderr, "sofvfio record: give one OUT.wav (see 'sofvfio record --help')\n");
		goto out_usage;
	}
	if (!cli_pcm_check_duration("record", &popts))
		goto out_usage;
	file = argv[1];
	fmt = (HdaPcmFormat){ popts.rate ? (unsigned)popts.rate : 48000,
			      popts.bits ? (unsigned)popts.bits : 16,
			      popts.channels ? (unsigned)popts.channels : 2 };
	frames = (uint64_t)llround((popts.duration > 0 ? popts.duration : DEFAULT_RECORD_S) *
				   fmt.rate);
	status = cli_pcm_open(&run, "record", &hopts, &popts, &fmt, HDA_STREAM_INPUT, NULL, &err);
	if (status)
		goto out;
	status = 1;
	/* The file only once the device can deliver: no empty file on errors. */
	sink.fmt = fmt;
	sink.wav = hda_wav_open_write(file, &fmt, &err);
	if (!sink.wav)
		goto out;
	printf("recording: %s (%s, %.3f s)\n", file, run.fmt_str, (double)frames / fmt.rate);
	cli_pcm_print_path(&run);

	cli_meter_init(&meter, &fmt, (double)frames / fmt.rate, "recording");
	if (!hda_pcm_capture(run.pcm, frames, sink_write, &sink, cli_meter_update, &meter,
			     run.cancel, &st, &err)) {
		cli_meter_done(&meter);
		goto out;
	}
	cli_meter_done(&meter);
	if (!hda_wav_close(g_steal_pointer(&sink.wav), &err))
		goto out;
	cli_pcm_report(run.ctl, run.pcm, &st, "overruns");
	print_levels(&sink);
	printf("written: %s (%" G_GUINT64_FORMAT " frames)\n", file, sink.frames);
	status = st.cancelled ? 130 : 0;
out:
	if (err)
		status = cli_fail("record", err);
	/* Whatever was captured before an error or Ctrl-C stays in a valid file. */
	if (sink.wav) {
		g_autoptr(GError) cerr = NULL;

		if (!hda_wav_close(sink.wav, &cerr))
			cli_fail("record", cerr);
	}
	status = cli_pcm_close(&run, "record", status);
	cli_hda_opts_clear(&hopts);
	cli_pcm_opts_clear(&popts);
	return status;
out_usage:
	status = 2;
	goto out;
}
