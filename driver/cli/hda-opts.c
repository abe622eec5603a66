// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hda-opts.c - the HDA options of `sofvfio codecs` and `sofvfio verb`.
 */
#include "commands.h"
#include "hda-opts.h"

#include <string.h>

void cli_hda_add_options(GOptionContext *ctx, CliHdaOpts *o)
{
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &o->device,
		  "device (PCI address, vfio-user:SOCKET, qtest:...; default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ "irq", 0, 0, G_OPTION_ARG_STRING, &o->irq,
		  "interrupts: msi, intx or poll (default: MSI, else INTx, else polling)",
		  "MODE" },
		{ "cmd", 0, 0, G_OPTION_ARG_STRING, &o->cmd,
		  "codec commands: corb or immediate (default: CORB/RIRB, immediate if that "
		  "fails)", "MODE" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout_ms,
		  "per-verb response deadline in ms (default 100)", "MS" },
		{ NULL }
	};

	/* GLib copies the entries: a stack array is fine. */
	g_option_context_add_main_entries(ctx, entries, NULL);
}

void cli_hda_opts_clear(CliHdaOpts *o)
{
	g_clear_pointer(&o->device, g_free);
	g_clear_pointer(&o->irq, g_free);
	g_clear_pointer(&o->cmd, g_free);
}

gboolean cli_hda_parse(CliHdaOpts *o, HdaOptions *h, GError **error)
{
	memset(h, 0, sizeof(*h));
	if (o->irq) {
		if (!g_ascii_strcasecmp(o->irq, "msi"))
			h->irq = HDA_IRQ_MSI;
		else if (!g_ascii_strcasecmp(o->irq, "intx"))
			h->irq = HDA_IRQ_INTX;
		else if (!g_ascii_strcasecmp(o->irq, "poll"))
			h->irq = HDA_IRQ_POLL;
		else if (!g_ascii_strcasecmp(o->irq, "auto"))
			h->irq = HDA_IRQ_AUTO;
		else {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--irq %s: expected msi, intx, poll or auto", o->irq);
			return FALSE;
		}
	}
	if (o->cmd) {
		if (!g_ascii_strcasecmp(o->cmd, "corb"))
			h->cmd = HDA_CMD_CORB;
		else if (!g_ascii_strcasecmp(o->cmd, "immediate"))
			h->cmd = HDA_CMD_IMMEDIATE;
		else if (!g_ascii_strcasecmp(o->cmd, "auto"))
			h->cmd = HDA_CMD_AUTO;
		else {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--cmd %s: expected corb, immediate or auto", o->cmd);
			return FALSE;
		}
	}
	if (o->timeout_ms < 0) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--timeout %d: must be positive", o->timeout_ms);
		return FALSE;
	}
	h->response_timeout_ms = o->timeout_ms;
	return TRUE;
}

gboolean cli_hda_open(CliHdaOpts *o, SvDevice **dev, HdaController **ctl, GError **error)
{
	HdaOptions h;

	*dev = NULL;
	*ctl = NULL;
	if (!cli_hda_parse(o, &h, error))
		return FALSE;
	*dev = sv_device_open(o->device, error);
	if (!*dev)
		return FALSE;
	*ctl = hda_controller_open(*dev, &h, error);
	if (!*ctl) {
		sv_device_close(*dev);
		*dev = NULL;
		return FALSE;
	}
	return TRUE;
}

int cli_hda_close(SvDevice *dev, HdaController *ctl, const char *cmd, int status)
{
	g_autoptr(GError) err = NULL;

	hda_controller_close(ctl);
	if (dev && status == 0 && sv_device_gone(dev, &err)) {
		g_prefix_error(&err, "closing the device: ");
		status = cli_fail(cmd, err);
	}
	sv_device_close(dev);
	return status;
}
