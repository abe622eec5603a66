/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcm-cli.h - what `sofvfio play` and `sofvfio record` share: stream
 * options, SIGINT handling, the progress line and the final report.
 */
#ifndef SOFVFIO_CLI_PCM_CLI_H
#define SOFVFIO_CLI_PCM_CLI_H

#include <glib.h>
#include <signal.h>
#include "hda-opts.h"
#include "sofvfio/hda-pcm.h"

/* Stream options common to both commands (0 / NULL = default). */
typedef struct {
	int rate, bits, channels;
	double period_ms;
	int periods;
	int cad;
	char *pos;
	double duration;
} CliPcmOpts;

/* Add --duration --rate --bits --channels --period-ms --periods --codec --pos to @ctx. */
void cli_pcm_add_options(GOptionContext *ctx, CliPcmOpts *o, const char *duration_help);
void cli_pcm_opts_clear(CliPcmOpts *o);

/* Fill @cfg from @o and the format @fmt; FALSE with a G_OPTION_ERROR on a bad value. */
gboolean cli_pcm_config(const CliPcmOpts *o, const HdaPcmFormat *fmt, HdaPcmConfig *cfg,
			GError **error);

/* Catch SIGINT/SIGTERM once (a second one kills): the flag to hand to the loop. */
const volatile sig_atomic_t *cli_pcm_catch_signals(void);
/* Put the default handlers back. */
void cli_pcm_release_signals(void);

/* Progress line with a level meter, on a terminal only. */
typedef struct {
	gboolean tty;
	int64_t last_us;
	double total_s;       /* 0: unknown */
	HdaPcmFormat fmt;
	const char *verb;     /* "playing", "recording" */
	gboolean shown;
} CliMeter;

void cli_meter_init(CliMeter *m, const HdaPcmFormat *fmt, double total_s, const char *verb);
/* An HdaPcmProgressFunc over a CliMeter. */
void cli_meter_update(void *meter, const HdaPcmStats *st, const void *buf, size_t frames);
/* End the progress line (if one was drawn). */
void cli_meter_done(CliMeter *m);

/* "key: value" lines about a finished run. */
void cli_pcm_report(HdaController *ctl, HdaPcm *pcm, const HdaPcmStats *st, const char *xrun_name);

#endif
