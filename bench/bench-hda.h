/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench-hda.h - option strings to HdaOptions, for the subcommands that
 * bring the controller up.
 */
#ifndef SOFVFIO_BENCH_HDA_H
#define SOFVFIO_BENCH_HDA_H

#include "sofvfio/hda.h"

/** bench_hda_options() - fill @opts from "--irq" and "--cmd" words (NULL = auto). */
gboolean bench_hda_options(const char *irq, const char *cmd, HdaOptions *opts, GError **error);

#endif
