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
/* --duration: finite, not negative, at most CLI_MAX_DURATION_S; else says so on stderr. */
#define CLI_MAX_DURATION_S 86400
gboolean cli_pcm_check_duration(const char *cmd, const CliPcmOpts *o);

/* Fill @cfg from @o and the format @fmt; FALSE with a G_OPTION_ERROR on a bad value. */
gboolean cli_pcm_config(const CliPcmOpts *o, const HdaPcmFormat *fmt, HdaPcmConfig *cfg,
			GError **error);

/*
 * The setup and teardown `play` and `record` share.
 * @dev, @ctl, @pcm: what is open
 * @cancel: set by SIGINT/SIGTERM from the start of cli_pcm_open()
 * @cfg: the stream settings
 * @fmt_str: the format, for messages ("48000 Hz, 16 bit, 2 ch")
 */
typedef struct {
	SvDevice *dev;
	HdaController *ctl;
	HdaPcm *pcm;
	const volatile sig_atomic_t *cancel;
	HdaPcmConfig cfg;
	char *fmt_str;
} CliPcmRun;

/*
 * cli_pcm_open() - the stream settings from @o and @fmt, signals caught (a
 * Ctrl-C during setup still closes what was opened), the device and
 * controller opened from @hopts, a PCM of @dir opened; @what (not NULL)
 * prefixes an error of the PCM's open ("song.wav (48000 Hz...)").
 * Return: 0 when ready; 2 for a bad option (said on stderr as `sofvfio
 * @cmd: ...`); 130 when cancelled during setup; 1 with @error otherwise.
 * cli_pcm_close() undoes it in every case.
 */
int cli_pcm_open(CliPcmRun *run, const char *cmd, CliHdaOpts *hopts, const CliPcmOpts *o,
		 const HdaPcmFormat *fmt, HdaStreamDir dir, const char *what, GError **error);
/* Print the "device:" and "path:" lines of a run that starts. */
void cli_pcm_print_path(CliPcmRun *run);
/*
 * cli_pcm_close() - close the PCM, controller and device; release the
 * signals.  Return: @status, or cli_hda_close()'s when the device's far
 * end went away meanwhile.
 */
int cli_pcm_close(CliPcmRun *run, const char *cmd, int status);

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
