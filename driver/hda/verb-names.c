// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * verb-names.c - verb and parameter names as alsa-tools' hda-verb takes
 * them ("SET_AMP_GAIN_MUTE", "PARAMETERS", "VENDOR_ID"; any case, with or
 * without the AC_VERB_/AC_PAR_ prefix), and building a command word.
 *
 * Verbs are kept in their 12-bit form.  The 4-bit verbs (spec 7.3.2:
 * 0x2-0x5, 0xa-0xd, with a 16-bit payload) appear as 0xN00, the way
 * hda-verb writes SET_AMP_GAIN_MUTE as 0x300 and then ORs in a 16-bit
 * payload.
 */
#include "sofvfio/hda-codec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *name;
	unsigned value;
} NameVal;

#define V(n) { #n, AC_VERB_##n }
static const NameVal verbs[] = {
	V(GET_STREAM_FORMAT), V(GET_AMP_GAIN_MUTE), V(GET_PROC_COEF), V(GET_COEF_INDEX),
	V(PARAMETERS), V(GET_CONNECT_SEL), V(GET_CONNECT_LIST), V(GET_PROC_STATE),
	V(GET_SDI_SELECT), V(GET_POWER_STATE), V(GET_CONV), V(GET_PIN_WIDGET_CONTROL),
	V(GET_UNSOLICITED_RESPONSE), V(GET_PIN_SENSE), V(GET_BEEP_CONTROL),
	V(GET_EAPD_BTLENABLE), V(GET_DIGI_CONVERT_1), V(GET_DIGI_CONVERT_2),
	V(GET_VOLUME_KNOB_CONTROL), V(GET_GPIO_DATA), V(GET_GPIO_MASK), V(GET_GPIO_DIRECTION),
	V(GET_GPIO_WAKE_MASK), V(GET_GPIO_UNSOLICITED_RSP_MASK), V(GET_GPIO_STICKY_MASK),
	V(GET_CONFIG_DEFAULT), V(GET_SUBSYSTEM_ID), V(GET_CVT_CHAN_COUNT),
	V(GET_HDMI_DIP_SIZE), V(GET_HDMI_ELDD), V(GET_HDMI_DIP_INDEX), V(GET_HDMI_DIP_DATA),
	V(GET_HDMI_DIP_XMIT), V(GET_HDMI_CP_CTRL), V(GET_HDMI_CHAN_SLOT), V(GET_DEVICE_SEL),
	V(GET_DEVICE_LIST),
	V(SET_STREAM_FORMAT), V(SET_AMP_GAIN_MUTE), V(SET_PROC_COEF), V(SET_COEF_INDEX),
	V(SET_CONNECT_SEL), V(SET_PROC_STATE), V(SET_SDI_SELECT), V(SET_POWER_STATE),
	V(SET_CHANNEL_STREAMID), V(SET_PIN_WIDGET_CONTROL), V(SET_UNSOLICITED_ENABLE),
	V(SET_PIN_SENSE), V(SET_BEEP_CONTROL), V(SET_EAPD_BTLENABLE), V(SET_DIGI_CONVERT_1),
	V(SET_DIGI_CONVERT_2), V(SET_VOLUME_KNOB_CONTROL), V(SET_GPIO_DATA), V(SET_GPIO_MASK),
	V(SET_GPIO_DIRECTION), V(SET_GPIO_WAKE_MASK), V(SET_GPIO_UNSOLICITED_RSP_MASK),
	V(SET_GPIO_STICKY_MASK), V(SET_CONFIG_DEFAULT_BYTES_0), V(SET_CONFIG_DEFAULT_BYTES_1),
	V(SET_CONFIG_DEFAULT_BYTES_2), V(SET_CONFIG_DEFAULT_BYTES_3), V(SET_EAPD),
	V(SET_CODEC_RESET),
	/* Spellings people use for the parameter verb. */
	{ "GET_PARAMETER", AC_VERB_PARAMETERS },
	{ "GET_PARAMETERS", AC_VERB_PARAMETERS },
};
#undef V

#define PAR(n) { #n, AC_PAR_##n }
static const NameVal params[] = {
	PAR(VENDOR_ID), PAR(SUBSYSTEM_ID), PAR(REV_ID), PAR(NODE_COUNT), PAR(FUNCTION_TYPE),
	PAR(AUDIO_FG_CAP), PAR(AUDIO_WIDGET_CAP), PAR(PCM), PAR(STREAM), PAR(PIN_CAP),
	PAR(AMP_IN_CAP), PAR(CONNLIST_LEN), PAR(POWER_STATE), PAR(PROC_CAP), PAR(GPIO_CAP),
	PAR(AMP_OUT_CAP), PAR(VOL_KNB_CAP), PAR(DEVLIST_LEN), PAR(HDMI_LPCM_CAP),
};
#undef PAR

static bool is_4bit(unsigned verb12)
{
	unsigned hi = verb12 >> 8;

	return (verb12 & 0xff) == 0 && ((hi >= 0x2 && hi <= 0x5) || (hi >= 0xa && hi <= 0xd));
}

static bool parse_number(const char *s, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	g_autofree unsigned *row = g_new(unsigned, lb + 1);

	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned sub = diag + (g_ascii_toupper(a[i - 1]) != g_ascii_toupper(b[j - 1]));

			row[j] = MIN(MIN(row[j - 1] + 1, up + 1), sub);
			diag = up;
		}
	}
	return row[lb];
}

/* "close matches": small edit distance, or the text is part of the name. */
static char *suggest(const char *text, const NameVal *tab, size_t n)
{
	GString *s = g_string_new(NULL);
	g_autofree char *up = g_ascii_strup(text, -1);
	unsigned found = 0;

	for (size_t i = 0; i < n && found < 8; i++) {
		unsigned d = edit_distance(up, tab[i].name);

		if (d <= MAX(2u, (unsigned)strlen(up) / 4) ||
		    (strlen(up) >= 3 && strstr(tab[i].name, up))) {
			g_string_append_printf(s, "%s%s", found ? ", " : "", tab[i].name);
			found++;
		}
	}
	return g_string_free(s, !found);
}

static const char *strip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return g_ascii_strncasecmp(s, prefix, n) == 0 ? s + n : s;
}

gboolean hda_verb_lookup(const char *name, unsigned *verb, gboolean *is4, GError **error)
{
	const char *s;
	unsigned v;

	if (!name || !*name) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "empty verb");
		return FALSE;
	}
	if (g_ascii_isdigit(name[0])) {
		if (!parse_number(name, 0xfff, &v)) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "verb '%s' is not a number from 0 to 0xfff", name);
			return FALSE;
		}
		/* 0x3 is the 4-bit SET_AMP_GAIN_MUTE, i.e. 0x300. */
		if (v <= 0xf && is_4bit(v << 8))
			v <<= 8;
		*verb = v;
		*is4 = is_4bit(v);
		return TRUE;
	}
	s = strip_prefix(name, "AC_VERB_");
	for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++)
		if (g_ascii_strcasecmp(s, verbs[i].name) == 0) {
			*verb = verbs[i].value;
			*is4 = is_4bit(*verb);
			return TRUE;
		}
	{
		g_autofree char *close = suggest(s, verbs, G_N_ELEMENTS(verbs));

		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "unknown verb '%s'%s%s%s", name,
			    close ? " (did you mean: " : "", close ? close : "", close ? "?)" : "");
	}
	return FALSE;
}

gboolean hda_param_lookup(const char *name, unsigned *param, GError **error)
{
	const char *s;

	if (!name || !*name) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "empty parameter");
		return FALSE;
	}
	if (g_ascii_isdigit(name[0])) {
		if (!parse_number(name, 0xffff, param)) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "parameter '%s' is not a number from 0 to 0xffff", name);
			return FALSE;
		}
		return TRUE;
	}
	s = strip_prefix(name, "AC_PAR_");
	for (size_t i = 0; i < G_N_ELEMENTS(params); i++)
		if (g_ascii_strcasecmp(s, params[i].name) == 0) {
			*param = params[i].value;
			return TRUE;
		}
	{
		g_autofree char *close = suggest(s, params, G_N_ELEMENTS(params));

		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "unknown parameter '%s'%s%s%s",
			    name, close ? " (did you mean: " : "", close ? close : "",
			    close ? "?)" : "");
	}
	return FALSE;
}

const char *hda_verb_name(unsigned verb)
{
	for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++)
		if (verbs[i].value == verb)
			return verbs[i].name;
	return NULL;
}

const char *hda_param_name(unsigned param)
{
	for (size_t i = 0; i < G_N_ELEMENTS(params); i++)
		if (params[i].value == param)
			return params[i].name;
	return NULL;
}

gboolean hda_verb_build(unsigned cad, unsigned nid, unsigned verb, gboolean is4,
			unsigned payload, uint32_t *cmd, GError **error)
{
	if (cad > 14) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "codec address %u out of range (0-14)",
			    cad);
		return FALSE;
	}
	if (nid > 0x7f) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "NID 0x%x out of range (0-0x7f)", nid);
		return FALSE;
	}
	if (verb > 0xfff || (is4 && !is_4bit(verb))) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "verb 0x%x is not a %s verb", verb,
			    is4 ? "4-bit (0xN00)" : "12-bit");
		return FALSE;
	}
	if (is4) {
		if (payload > 0xffff) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "payload 0x%x does not fit the 16 bits of 4-bit verb 0x%x", payload,
				    verb >> 8);
			return FALSE;
		}
		*cmd = HDA_VERB4(cad, nid, verb >> 8, payload);
		return TRUE;
	}
	if (payload > 0xff) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "payload 0x%x does not fit the 8 bits of 12-bit verb 0x%03x%s%s%s",
			    payload, verb, hda_verb_name(verb) ? " (" : "",
			    hda_verb_name(verb) ? hda_verb_name(verb) : "",
			    hda_verb_name(verb) ? ")" : "");
		return FALSE;
	}
	*cmd = HDA_VERB(cad, nid, verb, payload);
	return TRUE;
}
