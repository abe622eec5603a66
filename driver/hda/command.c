// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * command.c - one verb, one response, over whichever transport is in use;
 * and the bring-up probe that chooses the transport.
 */
#define SV_LOG_PREFIX "hda-cmd"
#include "sofvfio/log.h"
#include "ctl-internal.h"

gboolean hda_command(HdaController *ctl, uint32_t verb, uint32_t *response, GError **error)
{
	uint32_t res = 0;
	bool none;
	gboolean ok;

	if (ctl->cmd_mode == HDA_CMD_IMMEDIATE)
		ok = hda_imm_command(ctl, verb, &res, error);
	else
		ok = hda_corb_command(ctl, verb, &res, &none, error);
	if (ok && response)
		*response = res;
	return ok;
}

gboolean hda_verb(HdaController *ctl, unsigned cad, unsigned nid, unsigned verb, unsigned payload,
		  uint32_t *response, GError **error)
{
	if (cad > 0xe || nid > 0x7f || verb > 0xfff || payload > 0xff) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: verb out of range: codec %u, NID 0x%x, verb 0x%x, payload 0x%x "
			    "(codec 0-14, NID 0-0x7f, 12-bit verb, 8-bit payload)", ctl->name, cad,
			    nid, verb, payload);
		return FALSE;
	}
	return hda_command(ctl, HDA_VERB(cad, nid, verb, payload), response, error);
}

gboolean hda_param(HdaController *ctl, unsigned cad, unsigned nid, unsigned param,
		   uint32_t *value, GError **error)
{
	return hda_verb(ctl, cad, nid, AC_VERB_PARAMETERS, param, value, error);
}

static gboolean switch_to_immediate(HdaController *ctl, uint32_t probe, GError **error)
{
	uint32_t res;

	hda_corb_stop(ctl);
	ctl->cmd_mode = HDA_CMD_IMMEDIATE;
	if (!hda_imm_command(ctl, probe, &res, error)) {
		g_prefix_error(error, "codec %u is in STATESTS but answers neither CORB/RIRB "
			       "nor immediate commands: ", HDA_VERB_CAD(probe));
		return FALSE;
	}
	sv_warn_dev(ctl->dev, "%s: CORB/RIRB gave no response; using the immediate command interface",
		ctl->name);
	return TRUE;
}

gboolean hda_ctl_probe_transport(HdaController *ctl, GError **error)
{
	g_autoptr(GError) err = NULL;
	unsigned cad;
	uint32_t probe, res;
	bool none = false;

	if (ctl->opts.cmd == HDA_CMD_IMMEDIATE) {
		hda_corb_stop(ctl);
		ctl->cmd_mode = HDA_CMD_IMMEDIATE;
		return TRUE;
	}
	if (!hda_corb_setup(ctl, error))
		return FALSE;
	ctl->cmd_mode = HDA_CMD_CORB;
	if (!ctl->info.codec_mask) {
		sv_debug("%s: no codec answered the link reset: transport not probed", ctl->name);
		return TRUE;
	}
	cad = (unsigned)__builtin_ctz(ctl->info.codec_mask);
	probe = HDA_VERB(cad, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID);
	if (hda_corb_command(ctl, probe, &res, &none, &err))
		goto ok;
	if (!g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT)) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	if (none && hda_corb_unstall(ctl, probe, &res))
		goto ok;
	if (ctl->opts.cmd == HDA_CMD_CORB) {
		sv_warn_dev(ctl->dev, "%s: CORB/RIRB probe of codec %u failed (%s); keeping CORB/RIRB as asked",
			ctl->name, cad, err->message);
		return TRUE;
	}
	return switch_to_immediate(ctl, probe, error);
ok:
	sv_debug("%s: codec %u vendor id 0x%08x over CORB/RIRB", ctl->name, cad, res);
	return TRUE;
}
