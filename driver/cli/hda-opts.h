/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hda-opts.h - options shared by the commands that drive the HDA controller
 * (`codecs`, `verb`): --irq, --cmd, --timeout, and opening device + controller.
 */
#ifndef SOFVFIO_CLI_HDA_OPTS_H
#define SOFVFIO_CLI_HDA_OPTS_H

#include <glib.h>
#include "sofvfio/hda.h"

typedef struct {
	char *device;
	char *irq;
	char *cmd;
	int timeout_ms;
} CliHdaOpts;

/* Add -d, --irq, --cmd and --timeout, stored in @o, to @ctx's main options. */
void cli_hda_add_options(GOptionContext *ctx, CliHdaOpts *o);

/* Free the strings of @o. */
void cli_hda_opts_clear(CliHdaOpts *o);

/* The controller options @o names (--irq, --cmd, --timeout). */
gboolean cli_hda_parse(CliHdaOpts *o, HdaOptions *h, GError **error);

/* Open the device and bring the controller up as @o says. */
gboolean cli_hda_open(CliHdaOpts *o, SvDevice **dev, HdaController **ctl, GError **error);

/*
 * Close what cli_hda_open() opened (NULLs fine).  Return: @status, or 1
 * after reporting it when @status was 0 but the device's far end went
 * away meanwhile (a vfio-user server killed while we closed).
 */
int cli_hda_close(SvDevice *dev, HdaController *ctl, const char *cmd, int status);

#endif
