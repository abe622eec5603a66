/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/log.h - logging with a per-file prefix, on GLib's structured log.
 * Each .c file defines SV_LOG_PREFIX ("vfio", "hda-corb", ...) before
 * including this header.  G_MESSAGES_DEBUG=sofvfio shows debug messages;
 * `sofvfio -v` sets that.
 */
#ifndef SOFVFIO_LOG_H
#define SOFVFIO_LOG_H

#include <glib.h>

#ifndef SV_LOG_PREFIX
#define SV_LOG_PREFIX "sofvfio"
#endif

#define sv_debug(fmt, ...) g_log("sofvfio", G_LOG_LEVEL_DEBUG, "%s: " fmt, SV_LOG_PREFIX, ##__VA_ARGS__)
#define sv_info(fmt, ...) g_log("sofvfio", G_LOG_LEVEL_INFO, "%s: " fmt, SV_LOG_PREFIX, ##__VA_ARGS__)
#define sv_warn(fmt, ...) g_log("sofvfio", G_LOG_LEVEL_WARNING, "%s: " fmt, SV_LOG_PREFIX, ##__VA_ARGS__)
/*
 * sv_warn_dev() - sv_warn() about device @dev, but only debug once its far
 * end is gone (sv_device_gone(): a vfio-user server killed): what degrades
 * then is no news, the error that said so is the one the caller reports.
 */
#define sv_warn_dev(dev, fmt, ...)                                                        \
	g_log("sofvfio", sv_device_gone(dev, NULL) ? G_LOG_LEVEL_DEBUG : G_LOG_LEVEL_WARNING,   \
	      "%s: " fmt, SV_LOG_PREFIX, ##__VA_ARGS__)

/*
 * sv_log_diagnostics() - for the programs (sofvfio, sofvfio-emu): their
 * own warnings tell the user about bad input or a failing device and are
 * not fatal, even under G_DEBUG=fatal-warnings (the test suites); GLib's
 * and json-glib's warnings stay fatal there, being bugs.
 */
static inline void sv_log_diagnostics(void)
{
	GLogLevelFlags always = g_log_set_always_fatal(G_LOG_FATAL_MASK);
	static const char *const libs[] = { "GLib", "GLib-GObject", "GLib-GIO", "Json" };

	g_log_set_always_fatal((GLogLevelFlags)(always & ~G_LOG_LEVEL_WARNING));
	if (always & G_LOG_LEVEL_WARNING)
		for (unsigned i = 0; i < G_N_ELEMENTS(libs); i++)
			g_log_set_fatal_mask(libs[i], (GLogLevelFlags)(always | G_LOG_LEVEL_WARNING));
}

#endif
