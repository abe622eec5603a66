// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-node.c - the Node line of a codec dump and the widget lines
 * for amps, pins, volume knobs, converters, their PCM and digital state.
 */
#include "codec-dump-ctx.h"

#include <ctype.h>
#include <string.h>

static const char *const type_names[16] = {
	[AC_WID_AUD_OUT] = "Audio Output", [AC_WID_AUD_IN] = "Audio Input",
	[AC_WID_AUD_MIX] = "Audio Mixer", [AC_WID_AUD_SEL] = "Audio Selector",
	[AC_WID_PIN] = "Pin Complex", [AC_WID_POWER] = "Power Widget",
	[AC_WID_VOL_KNB] = "Volume Knob Widget", [AC_WID_BEEP] = "Beep Generator Widget",
	[AC_WID_VENDOR] = "Vendor Defined Widget",
};

/* Widget caps from the words Linux prints after the Node line's colon. */
static uint32_t wcaps_from_words(const char *s)
{
	static const struct {
		const char *word;
		uint32_t bit;
	} words[] = {
		{ "Stereo", AC_WCAP_STEREO }, { "Digital", AC_WCAP_DIGITAL },
		{ "Amp-In", AC_WCAP_IN_AMP }, { "Amp-Out", AC_WCAP_OUT_AMP },
		{ "Stripe", AC_WCAP_STRIPE }, { "R/L", AC_WCAP_LR_SWAP }, { "CP", AC_WCAP_CP_CAPS },
	};
	uint32_t w = 0;
	const char *ch = strstr(s, "-Channels");

	for (unsigned i = 0; i < G_N_ELEMENTS(words); i++)
		if (dump_has_word(s, words[i].word))
			w |= words[i].bit;
	if (ch) {
		/* N channels: (CHAN_CNT_EXT << 1 | STEREO) + 1 */
		const char *p = ch;
		uint32_t n;

		while (p > s && isdigit((unsigned char)p[-1]))
			p--;
		if (dump_read_num(&p, 10, &n) && n >= 2 && n <= 16)
			w |= ((n - 1) & 1) | ((n - 1) >> 1) << 13;
	}
	return w;
}

static void h_node(Ctx *x, const char *s)
{
	const char *open = strchr(s, '['), *close = open ? strchr(open, ']') : NULL;
	const char *wc = strstr(s, "wcaps ");
	uint32_t nid, wcaps = 0;
	EmuCodecNode *n;

	x->cur = NULL;
	x->mode = MODE_NONE;
	x->skip_block = true;
	x->nodes_started = true;
	if (!dump_read_num(&s, 0, &nid) || nid >= EMU_CODEC_NIDS)
		return warn(x, "Node line without a NID: block ignored");
	if (nid == 0)
		return warn(x, "Node 0x00 is the root node, not a widget: block ignored");
	if (x->c->node[nid])
		return warn(x, "Node 0x%02x a second time: block ignored", nid);
	x->skip_block = false;
	n = emu_codec_add_node(x->c, nid);
	x->cur = n;
	if (wc && (wc += 6, dump_read_num(&wc, 16, &wcaps))) {
		n->param[AC_PAR_AUDIO_WIDGET_CAP] = wcaps;
		return;
	}
	/* No wcaps value: the type from the bracket name, bits from the words. */
	x->seen[nid] |= NO_WCAPS;
	if (open && close) {
		g_autofree char *name = g_strndup(open + 1, close - open - 1);

		for (unsigned t = 0; t < 16; t++)
			if (type_names[t] && !strcmp(type_names[t], name))
				wcaps = t << 20;
	}
	n->param[AC_PAR_AUDIO_WIDGET_CAP] = wcaps | wcaps_from_words(close ? close : s);
}

EmuCodecNode *dump_node_or_warn(Ctx *x)
{
	if (!x->cur)
		warn(x, "widget line outside a Node block");
	return x->cur;
}

static void amp_caps(Ctx *x, const char *s, unsigned param, uint32_t seen)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (!n)
		return;
	if (!dump_read_amp_caps(s, &n->param[param]))
		warn(x, "amp caps not understood");
	*dump_flags_of(x, n) |= seen;
}

static void h_amp_in_caps(Ctx *x, const char *s) { amp_caps(x, s, AC_PAR_AMP_IN_CAP, SEEN_AMP_IN); }
static void h_amp_out_caps(Ctx *x, const char *s) { amp_caps(x, s, AC_PAR_AMP_OUT_CAP, SEEN_AMP_OUT); }

/*
 * " [0x00 0x00] [0x80 0x80]": per index, left then right (mono: one value).
 * Old kernels: "0x00 0x00" without brackets, a single index.
 */
static void amp_vals(Ctx *x, const char *s, unsigned dir)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	unsigned idx = 0;

	if (!n)
		return;
	while (*s == ' ')
		s++;
	if (*s && *s != '[') {
		uint32_t l, r;

		if (!dump_read_num(&s, 16, &l))
			return warn(x, "amp values not understood");
		r = l;
		dump_read_num(&s, 16, &r);
		n->st.amp[dir][0][EMU_CH_LEFT] = l;
		n->st.amp[dir][0][EMU_CH_RIGHT] = r;
		return;
	}
	for (const char *p = strchr(s, '['); p; p = strchr(p, '['), idx++) {
		uint32_t l, r;

		p++;
		if (!dump_read_num(&p, 16, &l))
			return warn(x, "amp values not understood");
		r = l;
		dump_read_num(&p, 16, &r);
		if (idx >= EMU_AMP_INDICES) {
			warn(x, "more than %d amp indices", EMU_AMP_INDICES);
			return;
		}
		n->st.amp[dir][idx][EMU_CH_LEFT] = l & 0xff;
		n->st.amp[dir][idx][EMU_CH_RIGHT] = r & 0xff;
	}
}

static void h_amp_in_vals(Ctx *x, const char *s) { amp_vals(x, s, EMU_AMP_IN); }
static void h_amp_out_vals(Ctx *x, const char *s) { amp_vals(x, s, EMU_AMP_OUT); }

/*
 * "Pincap 0x0001173f: IN OUT HP EAPD Detect".  Kernels before 2.6.17
 * printed "0x08%x" (literally "08" then the value): fewer than 8 digits
 * after "0x08" is that bug.
 */
static void h_pincap(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	const char *hex;
	size_t digits;
	uint32_t v;

	if (!n)
		return;
	while (*s == ' ')
		s++;
	hex = g_str_has_prefix(s, "0x") ? s + 2 : s;
	digits = strspn(hex, "0123456789abcdefABCDEF");
	if (digits > 2 && digits < 8 && g_str_has_prefix(hex, "08"))
		s = hex + 2;
	if (!dump_read_num(&s, 16, &v))
		return warn(x, "Pincap without a value");
	n->param[AC_PAR_PIN_CAP] = v;
}

static void h_pin_default(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (n && !dump_read_num(&s, 16, &n->st.reg[EMU_REG_CONFIG]))
		warn(x, "Pin Default without a value");
}

static void h_pinctl(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (n && !dump_read_num(&s, 16, &n->st.reg[EMU_REG_PINCTL]))
		warn(x, "Pin-ctls without a value");
}

/* "EAPD 0x2: EAPD" (old kernels: "EAPD: 0x2"). */
static void h_eapd(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (!n)
		return;
	if (*s == ':')
		s++;
	if (!dump_read_num(&s, 16, &n->st.reg[EMU_REG_EAPD]))
		warn(x, "EAPD without a value");
}

/* "delta=0, steps=64, direct=0, val=31": VOL_KNB_CAP and the knob's control. */
static void h_volknob(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t delta, steps, direct, val;

	if (!n)
		return;
	if (!dump_read_kv(s, "delta", 10, &delta) || !dump_read_kv(s, "steps", 10, &steps) ||
	    !dump_read_kv(s, "direct", 10, &direct) || !dump_read_kv(s, "val", 10, &val))
		return warn(x, "Volume-Knob line not understood");
	n->param[AC_PAR_VOL_KNB_CAP] = (delta ? 0x80 : 0) | (steps & 0x7f);
	n->st.reg[EMU_REG_VOLKNOB] = (direct ? 0x80 : 0) | (val & 0x7f);
}

static void h_converter(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t stream, channel;

	if (!n)
		return;
	if (!dump_read_kv(s, "stream", 10, &stream) || !dump_read_kv(s, "channel", 10, &channel))
		return warn(x, "Converter line not understood");
	n->st.reg[EMU_REG_CONV] = (stream & 0xf) << 4 | (channel & 0xf);
}

static void h_sdi(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (n && !dump_read_num(&s, 10, &n->st.reg[EMU_REG_SDI]))
		warn(x, "SDI-Select without a value");
}

/* "Digital: Enabled GenLevel": DIG1 bits, KAE in DIG3 (7.3.3.9). */
static void h_digital(Ctx *x, const char *s)
{
	static const struct {
		const char *word;
		uint32_t bit;
	} words[] = {
		{ "Enabled", 1u << 0 }, { "Validity", 1u << 1 }, { "ValidityCfg", 1u << 2 },
		{ "Preemphasis", 1u << 3 }, { "Non-Copyright", 1u << 4 },
		{ "Copyright", 1u << 4 } /* older kernels */, { "Non-Audio", 1u << 5 },
		{ "Pro", 1u << 6 }, { "GenLevel", 1u << 7 }, { "KAE", 1u << 23 },
	};
	EmuCodecNode *n = dump_node_or_warn(x);

	if (!n)
		return;
	for (unsigned i = 0; i < G_N_ELEMENTS(words); i++)
		if (dump_has_word(s, words[i].word))
			n->st.reg[EMU_REG_DIGI] |= words[i].bit;
	x->seen[n->nid] |= SEEN_DIGITAL;
}

static void h_dig_category(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 0, &v))
		return warn(x, "Digital category without a value");
	n->st.reg[EMU_REG_DIGI] = (n->st.reg[EMU_REG_DIGI] & ~0xff00u) | (v & 0xff) << 8;
}

static void h_iec_coding(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 0, &v))
		return warn(x, "IEC Coding Type without a value");
	n->st.reg[EMU_REG_DIGI] = (n->st.reg[EMU_REG_DIGI] & ~0x0f0000u) | (v & 0xf) << 16;
}

static void h_pcm(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);

	if (n)
		dump_start_pcm(x, n, s);
}

/* "rates [0x7f]: 8000 ...", "bits [0xe]: 16 20 24", "formats [0x1]: PCM". */
static void pcm_item(Ctx *x, const char *s, int which)
{
	EmuCodecNode *n = x->mode == MODE_PCM ? x->pcm_node : x->cur;
	uint32_t v;

	if (!n)
		return warn(x, "PCM line outside a PCM block");
	if (!dump_read_num(&s, 16, &v))
		return warn(x, "PCM value not understood");
	if (which == 0) {
		n->param[AC_PAR_PCM] = (n->param[AC_PAR_PCM] & ~AC_SUPPCM_RATES) | (v & AC_SUPPCM_RATES);
	} else if (which == 1) {
		if (v >= 0x1000)
			v >>= 16;  /* a kernel briefly printed the unshifted value */
		n->param[AC_PAR_PCM] = (n->param[AC_PAR_PCM] & 0xffff) | (v & 0xff) << 16;
	} else {
		n->param[AC_PAR_STREAM] = v;
	}
	*dump_flags_of(x, n) |= SEEN_PCM;
}

static void h_rates(Ctx *x, const char *s) { pcm_item(x, s, 0); }
static void h_bits(Ctx *x, const char *s) { pcm_item(x, s, 1); }
static void h_formats(Ctx *x, const char *s) { pcm_item(x, s, 2); }


/* Widget lines: the Node line, amps, pins, converters, PCM, digital. */
const DumpKey emu_dump_node_keys[] = {
	{ "Node ", h_node },
	{ "Amp-In caps:", h_amp_in_caps },
	{ "Amp-In vals:", h_amp_in_vals },
	{ "Amp-Out caps:", h_amp_out_caps },
	{ "Amp-Out vals:", h_amp_out_vals },
	{ "Pincap", h_pincap },
	{ "Vref caps:", dump_ignore },
	{ "EAPD", h_eapd },
	{ "Pin Default", h_pin_default },
	{ "Conn =", dump_ignore },
	{ "DefAssociation", dump_ignore },
	{ "Misc =", dump_ignore },
	{ "Pin-ctls:", h_pinctl },
	{ "Volume-Knob:", h_volknob },
	{ "Converter:", h_converter },
	{ "SDI-Select:", h_sdi },
	{ "Digital:", h_digital },
	{ "Digital category:", h_dig_category },
	{ "IEC Coding Type:", h_iec_coding },
	{ "PCM:", h_pcm },
	{ "rates [", h_rates },
	{ "bits [", h_bits },
	{ "formats [", h_formats },
	{ NULL, NULL }
};
