// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pcm-cli.c - see pcm-cli.h.
 */
#include "pcm-cli.h"
#include "sofvfio/wait.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void cli_pcm_add_options(GOptionContext *ctx, CliPcmOpts *o, const char *duration_help)
{
	GOptionEntry entries[] = {
		{ "duration", 0, 0, G_OPTION_ARG_DOUBLE, &o->duration, duration_help, "SECONDS" },
		{ "rate", 0, 0, G_OPTION_ARG_INT, &o->rate, "frames per second (default 48000)",
		  "HZ" },
		{ "bits", 0, 0, G_OPTION_ARG_INT, &o->bits, "bits per sample: 8, 16, 20, 24, 32 "
		  "(default 16)", "BITS" },
		{ "channels", 0, 0, G_OPTION_ARG_INT, &o->channels, "channels (default 2)", "N" },
		{ "period-ms", 0, 0, G_OPTION_ARG_DOUBLE, &o->period_ms,
		  "period length (default 10 ms; one interrupt per period)", "MS" },
		{ "periods", 0, 0, G_OPTION_ARG_INT, &o->periods,
		  "periods in the buffer, 2-256 (default 16 for play, 32 for record)", "N" },
		{ "codec", 0, 0, G_OPTION_ARG_INT, &o->cad,
		  "codec address (default: the first codec with a path)", "CAD" },
		{ "pos", 0, 0, G_OPTION_ARG_STRING, &o->pos,
		  "DMA positions from: auto, lpib or posbuf (default auto)", "SOURCE" },
		{ NULL }
	};
	o->cad = -1;
	g_option_context_add_main_entries(ctx, entries, NULL);
}

gboolean cli_pcm_check_duration(const char *cmd, const CliPcmOpts *o)
{
	/* 1e30 s would overflow the frame count (llround): a day is plenty. */
	if (!isfinite(o->duration) || o->duration < 0 || o->duration > CLI_MAX_DURATION_S) {
		fprintf(stderr, "sofvfio %s: --duration %g: give seconds, more than 0 and at most "
			"%d (a day)\n", cmd, o->duration, CLI_MAX_DURATION_S);
		return FALSE;
	}
	return TRUE;
}

void cli_pcm_opts_clear(CliPcmOpts *o)
{
	g_clear_pointer(&o->pos, g_free);
}

gboolean cli_pcm_config(const CliPcmOpts *o, const HdaPcmFormat *fmt, HdaPcmConfig *cfg,
			GError **error)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->format = *fmt;
	cfg->cad = o->cad;
	if (o->periods && (o->periods < 2 || o->periods > HDA_BDL_MAX_ENTRIES)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--periods %d: 2 to %d", o->periods, HDA_BDL_MAX_ENTRIES);
		return FALSE;
	}
	cfg->periods = (unsigned)o->periods;
	if (o->period_ms < 0 || o->period_ms > 1000) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--period-ms %g: 0 to 1000", o->period_ms);
		return FALSE;
	}
	if (o->period_ms > 0)
		cfg->period_frames = MAX(1u, (unsigned)lround(o->period_ms * fmt->rate / 1000));
	if (!o->pos || !g_ascii_strcasecmp(o->pos, "auto"))
		cfg->pos = HDA_POS_AUTO;
	else if (!g_ascii_strcasecmp(o->pos, "lpib"))
		cfg->pos = HDA_POS_LPIB;
	else if (!g_ascii_strcasecmp(o->pos, "posbuf"))
		cfg->pos = HDA_POS_POSBUF;
	else {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--pos %s: auto, lpib or posbuf", o->pos);
		return FALSE;
	}
	return TRUE;
}

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

const volatile sig_atomic_t *cli_pcm_catch_signals(void)
{
	/* No SA_RESTART: the wait for an interrupt returns at once.  SA_RESETHAND:
	 * a second Ctrl-C kills as usual. */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESETHAND };

	stop_flag = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &stop_flag;
}

void cli_pcm_release_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

void cli_meter_init(CliMeter *m, const HdaPcmFormat *fmt, double total_s, const char *verb)
{
	*m = (CliMeter){ .tty = isatty(STDOUT_FILENO), .fmt = *fmt, .total_s = total_s,
			 .verb = verb };
}

static void bar(GString *s, double db)
{
	/* -60..0 dBFS over 20 cells. */
	int cells = isfinite(db) ? (int)lround((db + 60) / 3) : 0;

	cells = CLAMP(cells, 0, 20);
	g_string_append_c(s, '[');
	for (int i = 0; i < 20; i++)
		g_string_append_c(s, i < cells ? '#' : ' ');
	g_string_append_c(s, ']');
}

void cli_meter_update(void *meter, const HdaPcmStats *st, const void *buf, size_t frames)
{
	CliMeter *m = meter;
	g_autoptr(GString) s = NULL;
	double rms[HDA_MAX_CHANNELS];
	int64_t now = sv_now_us();

	if (!m->tty || !frames || now - m->last_us < 100000)
		return;
	m->last_us = now;
	hda_levels(buf, frames, &m->fmt, rms, NULL);
	s = g_string_new("\r");
	g_string_append_printf(s, "%s %6.2f s", m->verb, (double)st->frames / m->fmt.rate);
	if (m->total_s > 0)
		g_string_append_printf(s, " / %.2f s", m->total_s);
	for (unsigned c = 0; c < MIN(m->fmt.channels, 2u); c++) {
		g_string_append_printf(s, "  %c ", m->fmt.channels == 1 ? 'M' : c ? 'R' : 'L');
		bar(s, rms[c]);
		if (isfinite(rms[c]))
			g_string_append_printf(s, " %5.1f dBFS", rms[c]);
		else
			g_string_append(s, "  -inf dBFS");
	}
	if (st->xruns)
		g_string_append_printf(s, "  xruns %" G_GUINT64_FORMAT, st->xruns);
	g_string_append(s, "\033[K");
	fputs(s->str, stdout);
	fflush(stdout);
	m->shown = TRUE;
}

void cli_meter_done(CliMeter *m)
{
	if (m->shown) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
	}
	m->shown = FALSE;
}

void cli_pcm_report(HdaController *ctl, HdaPcm *pcm, const HdaPcmStats *st, const char *xrun_name)
{
	const HdaPcmFormat *fmt = hda_pcm_format(pcm);

	printf("frames: %" G_GUINT64_FORMAT " (%.3f s)\n", st->frames,
	       (double)st->frames / fmt->rate);
	printf("elapsed: %.3f s\n", st->seconds);
	printf("dma bytes: %" G_GUINT64_FORMAT "\n", st->bytes_dma);
	printf("interrupts: %" G_GUINT64_FORMAT " (%s)\n", st->irqs,
	       hda_irq_mode_name(hda_controller_irq_mode(ctl)));
	printf("wake-ups: %" G_GUINT64_FORMAT " (longest gap %.1f ms, %" G_GUINT64_FORMAT
	       " by polling the position, %" G_GUINT64_FORMAT " completions acknowledged "
	       "without an interrupt)\n",
	       st->wakeups, st->max_gap_us / 1000.0, st->polled, st->acked);
	printf("positions: %s (%s)\n", hda_pos_source_name(st->pos_source), st->pos_why);
	printf("monotonic: %s (%" G_GUINT64_FORMAT " backward steps, %" G_GUINT64_FORMAT
	       " late wake-ups)\n", st->backwards ? "no" : "yes", st->backwards, st->late);
	printf("%s: %" G_GUINT64_FORMAT "\n", xrun_name, st->xruns);
	if (st->stream_errors)
		printf("stream errors: %" G_GUINT64_FORMAT " (FIFO or descriptor errors)\n",
		       st->stream_errors);
	if (st->cancelled)
		printf("interrupted: yes\n");
}

int cli_pcm_open(CliPcmRun *run, const char *cmd, CliHdaOpts *hopts, const CliPcmOpts *o,
		 const HdaPcmFormat *fmt, HdaStreamDir dir, const char *what, GError **error)
{
	g_autoptr(GError) err = NULL;

	memset(run, 0, sizeof(*run));
	if (!cli_pcm_config(o, fmt, &run->cfg, &err)) {
		fprintf(stderr, "sofvfio %s: %s\n", cmd, err->message);
		return 2;
	}
	run->fmt_str = hda_format_to_string(fmt);
	run->cancel = cli_pcm_catch_signals();
	if (!cli_hda_open(hopts, &run->dev, &run->ctl, error))
		return 1;
	run->pcm = hda_pcm_open(run->ctl, dir, &run->cfg, error);
	if (!run->pcm) {
		if (what)
			g_prefix_error(error, "%s (%s): ", what, run->fmt_str);
		return 1;
	}
	return *run->cancel ? 130 : 0;
}

void cli_pcm_print_path(CliPcmRun *run)
{
	g_autofree char *desc = hda_pcm_describe(run->pcm);

	printf("device: %s\n", sv_device_name(run->dev));
	printf("path: %s\n", desc);
	fflush(stdout);
}

int cli_pcm_close(CliPcmRun *run, const char *cmd, int status)
{
	cli_pcm_release_signals();
	hda_pcm_close(run->pcm);
	status = cli_hda_close(run->dev, run->ctl, cmd, status);
	g_free(run->fmt_str);
	memset(run, 0, sizeof(*run));
	return status;
}
