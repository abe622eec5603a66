// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault.c - --dsp-fault KIND[=VALUE]: the failures users meet (facts sheet,
 * "Failure modes users report"), one at a time.
 */
#include "dsp-priv.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	DspFaultKind kind;
	const char *name;
	gboolean value;   /* takes =VALUE */
	const char *help;
} kinds[] = {
	{ DSP_FAULT_CPA_STUCK, "cpa-stuck", FALSE, "ADSPCS.CPA never follows SPA" },
	{ DSP_FAULT_NO_ROM_ACK, "no-rom-ack", FALSE, "the ROM never answers its message (no DONE)" },
	{ DSP_FAULT_ROM_ERROR, "rom-error", TRUE, "=CODE: the ROM fails the load with CODE" },
	{ DSP_FAULT_FSR_STUCK, "fsr-stuck", TRUE, "=VALUE: FSR reads VALUE once the ROM started" },
	{ DSP_FAULT_NO_FW_READY, "no-fw-ready", FALSE, "FW_ENTERED, but FW_READY never comes" },
	{ DSP_FAULT_PANIC, "panic", FALSE, "the firmware panics on the first IPC after FW_READY" },
	{ DSP_FAULT_IPC_TIMEOUT, "ipc-timeout", FALSE, "IPCs after FW_READY are never answered" },
	{ DSP_FAULT_ABI_MISMATCH, "abi-mismatch", FALSE, "FW_READY reports ABI major + 1" },
	{ DSP_FAULT_DEAD, "dead", FALSE, "every BAR4 register reads 0xffffffff" },
};

gboolean dsp_fault_parse(const char *spec, DspFault *out, GError **error)
{
	const char *eq = spec ? strchr(spec, '=') : NULL;
	size_t len = spec ? (eq ? (size_t)(eq - spec) : strlen(spec)) : 0;

	out->kind = DSP_FAULT_NONE;
	out->value = 0;
	if (!spec)
		return TRUE;
	for (unsigned i = 0; i < G_N_ELEMENTS(kinds); i++) {
		char *end;
		unsigned long long v;

		if (strlen(kinds[i].name) != len || strncmp(kinds[i].name, spec, len))
			continue;
		if (kinds[i].value != (eq != NULL)) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "--dsp-fault %s: %s", spec, kinds[i].value ?
				    "needs =VALUE (decimal or 0x hex)" : "takes no value");
			return FALSE;
		}
		if (eq) {
			v = strtoull(eq + 1, &end, 0);
			if (!eq[1] || *end || v > 0xffffffffull) {
				g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
					    "--dsp-fault %s: \"%s\" is not a 32-bit number", spec,
					    eq + 1);
				return FALSE;
			}
			out->value = v;
		}
		out->kind = kinds[i].kind;
		return TRUE;
	}
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "unknown --dsp-fault \"%s\": use %s", spec, dsp_fault_help());
	return FALSE;
}

const char *dsp_fault_name(DspFaultKind kind)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "none";
}

const char *dsp_fault_help(void)
{
	static char *help;

	if (!help) {
		GString *s = g_string_new(NULL);

		for (unsigned i = 0; i < G_N_ELEMENTS(kinds); i++)
			g_string_append_printf(s, "%s%s%s", i ? ", " : "", kinds[i].name,
					       kinds[i].value ? "=N" : "");
		help = g_string_free(s, FALSE);
	}
	return help;
}
