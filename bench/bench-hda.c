// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-hda.c - "--irq msi|intx|poll|auto" and "--cmd corb|immediate|auto".
 */
#include "bench-hda.h"

#include <string.h>

static const struct {
	const char *name;
	HdaIrqMode mode;
} irq_modes[] = {
	{ "auto", HDA_IRQ_AUTO }, { "msi", HDA_IRQ_MSI }, { "intx", HDA_IRQ_INTX },
	{ "poll", HDA_IRQ_POLL },
};

static const struct {
	const char *name;
	HdaCmdMode mode;
} cmd_modes[] = {
	{ "auto", HDA_CMD_AUTO }, { "corb", HDA_CMD_CORB }, { "immediate", HDA_CMD_IMMEDIATE },
};

gboolean bench_hda_options(const char *irq, const char *cmd, HdaOptions *opts, GError **error)
{
	unsigned i;

	memset(opts, 0, sizeof(*opts));
	for (i = 0; irq && i < G_N_ELEMENTS(irq_modes); i++)
		if (!strcmp(irq, irq_modes[i].name))
			break;
	if (irq && i == G_N_ELEMENTS(irq_modes)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --irq %s: use auto, msi, intx or poll", irq);
		return FALSE;
	}
	if (irq)
		opts->irq = irq_modes[i].mode;
	for (i = 0; cmd && i < G_N_ELEMENTS(cmd_modes); i++)
		if (!strcmp(cmd, cmd_modes[i].name))
			break;
	if (cmd && i == G_N_ELEMENTS(cmd_modes)) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --cmd %s: use auto, corb or immediate", cmd);
		return FALSE;
	}
	if (cmd)
		opts->cmd = cmd_modes[i].mode;
	return TRUE;
}
