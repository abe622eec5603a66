// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-proc.c - print a codec model the way Linux prints
 * /proc/asound/cardN/codec#M (sound/hda/common/proc.c, kernel 6.x),
 * reading it only through verbs, as the kernel reads a codec.  The model
 * of a dump should print that dump back: the unit tests check it, and
 * `sofvfio-emu` users can see what a model answers.
 *
 * Lines that come from the kernel driver rather than the codec (Control:,
 * Device:, In-driver Connection:, vendor hooks) are not printed.
 *
 * Independent of the driver's printer (driver/hda/codec-proc.c) on purpose:
 * a test oracle that checks the mock's dump parser (a dump must print back
 * as itself) without the driver's code.  Do not merge the two.
 */
#include "codec-model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * g_string_append_printf() without its two heap blocks per call (GLib's
 * g_vasprintf() result, then the copy): a codec prints a few thousand
 * short pieces.  Only what does not fit the stack buffer (a long codec
 * name) takes GLib's path.
 */
static void G_GNUC_PRINTF(2, 3) put(GString *o, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = g_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		g_string_append_len(o, buf, n);
		return;
	}
	va_start(ap, fmt);
	g_string_append_vprintf(o, fmt, ap);
	va_end(ap);
}

static uint32_t rd(EmuCodec *c, unsigned nid, unsigned verb, unsigned payload)
{
	uint32_t r = 0;

	if (!emu_codec_verb(c, (uint32_t)nid << 20 | verb << 8 | payload, &r))
		return 0xffffffff;  /* no response: Linux's -1 */
	return r;
}

static uint32_t par(EmuCodec *c, unsigned nid, unsigned id)
{
	return rd(c, nid, AC_VERB_PARAMETERS, id);
}

static void amp_caps(GString *o, uint32_t caps)
{
	if (caps == 0xffffffff || caps == 0) {
		g_string_append(o, "N/A\n");
		return;
	}
	put(o, "ofs=0x%02x, nsteps=0x%02x, stepsize=0x%02x, mute=%x\n",
	    caps & 0x7f, (caps >> 8) & 0x7f, (caps >> 16) & 0x7f, caps >> 31);
}

static void pcm_caps(GString *o, EmuCodec *c, unsigned nid)
{
	static const unsigned rates[] = { 8000, 11025, 16000, 22050, 32000, 44100,
					  48000, 88200, 96000, 176400, 192000, 384000 };
	static const unsigned bits[] = { 8, 16, 20, 24, 32 };
	uint32_t pcm = par(c, nid, AC_PAR_PCM), stream = par(c, nid, AC_PAR_STREAM);

	if (pcm == 0xffffffff || stream == 0xffffffff) {
		g_string_append(o, "N/A\n");
		return;
	}
	put(o, "    rates [0x%x]:", pcm & AC_SUPPCM_RATES);
	for (unsigned i = 0; i < G_N_ELEMENTS(rates); i++)
		if (pcm & (1u << i))
			put(o, " %u", rates[i]);
	put(o, "\n    bits [0x%x]:", (pcm >> 16) & 0xff);
	for (unsigned i = 0; i < G_N_ELEMENTS(bits); i++)
		if (pcm & (AC_SUPPCM_BITS_8 << i))
			put(o, " %u", bits[i]);
	put(o, "\n    formats [0x%x]:%s%s%s\n", stream & 0xf,
	    (stream & AC_SUPFMT_PCM) ? " PCM" : "",
	    (stream & AC_SUPFMT_FLOAT32) ? " FLOAT" : "",
	    (stream & AC_SUPFMT_AC3) ? " AC3" : "");
}

static const char *pwr_name(unsigned s)
{
	static const char *const names[] = { "D0", "D1", "D2", "D3", "D3cold" };

	return s < G_N_ELEMENTS(names) ? names[s] : "UNKNOWN";
}

static void power_state(GString *o, EmuCodec *c, unsigned nid)
{
	static const char *const names[32] = {
		[0] = "D0", [1] = "D1", [2] = "D2", [3] = "D3", [4] = "D3cold",
		[29] = "S3D3cold", [30] = "CLKSTOP", [31] = "EPSS",
	};
	uint32_t sup = par(c, nid, AC_PAR_POWER_STATE);
	uint32_t pwr = rd(c, nid, AC_VERB_GET_POWER_STATE, 0);

	if (sup != 0xffffffff) {
		g_string_append(o, "  Power states: ");
		for (unsigned i = 0; i < 32; i++)
			if ((sup & (1u << i)) && names[i])
				put(o, " %s", names[i]);
		g_string_append(o, "\n");
	}
	put(o, "  Power: setting=%s, actual=%s%s%s%s\n",
	    pwr_name(pwr & AC_PWRST_SETTING),
	    pwr_name((pwr >> AC_PWRST_ACTUAL_SHIFT) & 0xf),
	    (pwr & AC_PWRST_ERROR) ? ", Error" : "",
	    (pwr & AC_PWRST_CLK_STOP_OK) ? ", Clock-stop-OK" : "",
	    (pwr & AC_PWRST_SETTING_RESET) ? ", Setting-reset" : "");
}

/* snd_hdac_get_connections(): short/long form, ranges expanded. */
static int connections(EmuCodec *c, unsigned nid, uint16_t *list, int max)
{
	uint32_t len = par(c, nid, AC_PAR_CONNLIST_LEN), v = 0;
	unsigned bits, per, n, prev = 0, nulls = 0;
	uint32_t mask, range;
	int count = 0;

	if (len == 0xffffffff || !AC_CLIST_LENGTH(len))
		return 0;
	bits = (len & AC_CLIST_LONG) ? 16 : 8;
	per = 32 / bits;
	mask = (1u << (bits - 1)) - 1;
	range = 1u << (bits - 1);
	n = AC_CLIST_LENGTH(len);
	if (n == 1) {
		list[0] = rd(c, nid, AC_VERB_GET_CONNECT_LIST, 0) & mask;
		return 1;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned e;

		if (i % per == 0)
			v = rd(c, nid, AC_VERB_GET_CONNECT_LIST, i);
		e = v & mask;
		if (!e && nulls++)
			return 0;
		if (v & range) {
			if (!prev || prev >= e)
				goto next;
			for (unsigned k = prev + 1; k <= e && count < max; k++)
				list[count++] = k;
		} else if (count < max) {
			list[count++] = e;
		}
		prev = e;
next:
		v >>= bits;
	}
	return count;
}

static void amp_vals(GString *o, EmuCodec *c, unsigned nid, bool out, uint32_t wcaps,
		     int indices, const uint16_t *conn)
{
	bool stereo = wcaps & AC_WCAP_STEREO;

	/* a stereo-to-mono mix: one input, of a mixer, from a stereo source */
	if (!stereo && indices == 1 && !out && AC_WCAP_TYPE(wcaps) == AC_WID_AUD_MIX && conn)
		stereo = par(c, conn[0], AC_PAR_AUDIO_WIDGET_CAP) & AC_WCAP_STEREO;
	for (int i = 0; i < indices; i++) {
		unsigned dir = out ? AC_AMP_GET_OUTPUT : AC_AMP_GET_INPUT;

		put(o, " [0x%02x",
		    rd(c, nid, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT | dir | i));
		if (stereo)
			put(o, " 0x%02x",
			    rd(c, nid, AC_VERB_GET_AMP_GAIN_MUTE,
			       AC_AMP_GET_RIGHT | dir | i));
		g_string_append(o, "]");
	}
	g_string_append(o, "\n");
}

static const char *pick(const char *const *names, unsigned n, unsigned i)
{
	return i < n && names[i] ? names[i] : "UNKNOWN";
}

static void pin_caps(GString *o, EmuCodec *c, unsigned nid, bool *vref)
{
	static const char *const conns[4] = { "Jack", "N/A", "Fixed", "Both" };
	static const char *const types[16] = {
		"Line Out", "Speaker", "HP Out", "CD", "SPDIF Out", "Digital Out", "Modem Line",
		"Modem Hand", "Line In", "Aux", "Mic", "Telephony", "SPDIF In", "Digital In",
		"Reserved", "Other" };
	static const char *const where[4] = { "Ext", "Int", "Sep", "Oth" };
	static const char *const bases[7] = { "N/A", "Rear", "Front", "Left", "Right", "Top", "Bottom" };
	static const char *const conn_types[16] = { "Unknown", "1/8", "1/4", "ATAPI", "RCA", "Optical",
		"Digital", "Analog", "DIN", "XLR", "RJ11", "Comb", NULL, NULL, NULL, "Other" };
	static const char *const colors[16] = { "Unknown", "Black", "Grey", "Blue", "Green", "Red",
		"Orange", "Yellow", "Purple", "Pink", NULL, NULL, NULL, NULL, "White", "Other" };
	uint32_t caps = par(c, nid, AC_PAR_PIN_CAP), cfg, loc;
	const char *place = "UNKNOWN";

	put(o, "  Pincap 0x%08x:", caps);
	put(o, "%s%s%s%s%s%s", (caps & AC_PINCAP_IN) ? " IN" : "",
	    (caps & AC_PINCAP_OUT) ? " OUT" : "", (caps & AC_PINCAP_HP_DRV) ? " HP" : "",
	    (caps & AC_PINCAP_EAPD) ? " EAPD" : "",
	    (caps & AC_PINCAP_PRES_DETECT) ? " Detect" : "",
	    (caps & AC_PINCAP_BALANCE) ? " Balanced" : "");
	if (caps & AC_PINCAP_HDMI) {
		if ((emu_codec_vendor_id(c) >> 16) == 0x10ec)  /* Realtek: R/L swap */
			g_string_append(o, " R/L");
		else
			put(o, "%s HDMI", (caps & AC_PINCAP_HBR) ? " HBR" : "");
	}
	put(o, "%s%s%s\n", (caps & AC_PINCAP_DP) ? " DP" : "",
	    (caps & AC_PINCAP_TRIG_REQ) ? " Trigger" : "",
	    (caps & AC_PINCAP_IMP_SENSE) ? " ImpSense" : "");
	*vref = AC_PINCAP_VREF(caps) != 0;
	if (*vref) {
		unsigned v = AC_PINCAP_VREF(caps);

		put(o, "    Vref caps:%s%s%s%s%s\n", (v & 1) ? " HIZ" : "",
		    (v & 2) ? " 50" : "", (v & 4) ? " GRD" : "",
		    (v & 0x10) ? " 80" : "", (v & 0x20) ? " 100" : "");
	}
	if (caps & AC_PINCAP_EAPD) {
		uint32_t e = rd(c, nid, AC_VERB_GET_EAPD_BTLENABLE, 0);

		put(o, "  EAPD 0x%x:%s%s%s\n", e,
		    (e & AC_EAPDBTL_BALANCED) ? " BALANCED" : "",
		    (e & AC_EAPDBTL_EAPD) ? " EAPD" : "",
		    (e & AC_EAPDBTL_LR_SWAP) ? " R/L" : "");
	}
	cfg = rd(c, nid, AC_VERB_GET_CONFIG_DEFAULT, 0);
	loc = AC_DEFCFG_LOCATION(cfg);
	if ((loc & 0xf) < 7)
		place = bases[loc & 0xf];
	else if (loc == 0x07 || loc == 0x08 || loc == 0x17 || loc == 0x18 || loc == 0x19 ||
		 loc == 0x37 || loc == 0x38)
		place = loc == 0x07 ? "Rear Panel" : loc == 0x08 ? "Drive Bar" : loc == 0x17 ? "Riser" :
			loc == 0x18 ? "HDMI" : loc == 0x19 ? "ATAPI" : loc == 0x37 ? "Mobile-In" : "Mobile-Out";
	put(o, "  Pin Default 0x%08x: [%s] %s at %s %s\n", cfg,
	    conns[AC_DEFCFG_PORT_CONN(cfg)], types[AC_DEFCFG_DEVICE(cfg)],
	    where[(cfg >> 28) & 3], place);
	put(o, "    Conn = %s, Color = %s\n",
	    pick(conn_types, 16, AC_DEFCFG_CONN_TYPE(cfg)),
	    pick(colors, 16, AC_DEFCFG_COLOR(cfg)));
	put(o, "    DefAssociation = 0x%x, Sequence = 0x%x\n",
	    AC_DEFCFG_DEF_ASSOC(cfg), AC_DEFCFG_SEQUENCE(cfg));
	if (AC_DEFCFG_MISC(cfg) & 1)
		g_string_append(o, "    Misc = NO_PRESENCE\n");
}

static void pin_ctls(GString *o, EmuCodec *c, unsigned nid, bool vref)
{
	static const char *const vrefs[8] = { " VREF_HIZ", " VREF_50", " VREF_GRD", "", " VREF_80",
					      " VREF_100", "", "" };
	uint32_t p = rd(c, nid, AC_VERB_GET_PIN_WIDGET_CONTROL, 0);

	put(o, "  Pin-ctls: 0x%02x:%s%s%s%s\n", p,
	    (p & AC_PINCTL_IN_EN) ? " IN" : "", (p & AC_PINCTL_OUT_EN) ? " OUT" : "",
	    (p & AC_PINCTL_HP_EN) ? " HP" : "", vref ? vrefs[p & 7] : "");
}

static void digital(GString *o, EmuCodec *c, unsigned nid)
{
	static const char *const words[8] = { " Enabled", " Validity", " ValidityCfg",
		" Preemphasis", " Non-Copyright", " Non-Audio", " Pro", " GenLevel" };
	uint32_t d = rd(c, nid, AC_VERB_GET_DIGI_CONVERT_1, 0);

	g_string_append(o, "  Digital:");
	for (unsigned i = 0; i < 8; i++)
		if (d & (1u << i))
			g_string_append(o, words[i]);
	if (d & (1u << 23))
		g_string_append(o, " KAE");
	put(o, "\n  Digital category: 0x%x\n  IEC Coding Type: 0x%x\n",
	    (d >> 8) & 0x7f, (d >> 16) & 0xf);
}

/* @v in hex at @p, at least @digits of them; returns the end. */
static char *hex(char *p, uint32_t v, unsigned digits)
{
	static const char x[] = "0123456789abcdef";
	unsigned n = digits;

	if (digits == 2 && v <= 0xff) {  /* the common widths, without a loop */
		p[0] = x[v >> 4];
		p[1] = x[v & 0xf];
		return p + 2;
	}
	if (digits == 4 && v <= 0xffff) {
		p[0] = x[v >> 12];
		p[1] = x[(v >> 8) & 0xf];
		p[2] = x[(v >> 4) & 0xf];
		p[3] = x[v & 0xf];
		return p + 4;
	}
	while (n < 8 && v >> (4 * n))
		n++;
	while (n--)
		*p++ = x[(v >> (4 * n)) & 0xf];
	return p;
}

/*
 * "    Coeff 0x%02x: 0x%04x\n" without vsnprintf(): a processing widget
 * prints up to 255 of these lines, most of the text of a big codec.
 */
static void coeff_line(GString *o, unsigned index, uint32_t v)
{
	char line[32] = "    Coeff 0x", *p = line + 12;

	p = hex(p, index, 2);
	memcpy(p, ": 0x", 4);
	p = hex(p + 4, v, 4);
	*p++ = '\n';
	g_string_append_len(o, line, p - line);
}

static void node(GString *o, EmuCodec *c, unsigned nid, bool dump_coef)
{
	static const char *const type_names[16] = {
		"Audio Output", "Audio Input", "Audio Mixer", "Audio Selector", "Pin Complex",
		"Power Widget", "Volume Knob Widget", "Beep Generator Widget", NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, "Vendor Defined Widget" };
	uint32_t w = par(c, nid, AC_PAR_AUDIO_WIDGET_CAP);
	unsigned type = AC_WCAP_TYPE(w), chans = ((AC_WCAP_CHAN_CNT_EXT(w) << 1) | (w & 1)) + 1;
	uint16_t conn[128];
	int n_conn = 0;
	bool vref;

	put(o, "Node 0x%02x [%s] wcaps 0x%x:", nid,
	    w != 0xffffffff && type_names[type] ? type_names[type] : "UNKNOWN Widget", w);
	if (w & AC_WCAP_STEREO)
		put(o, chans == 2 ? " Stereo" : " %u-Channels", chans);
	else
		g_string_append(o, " Mono");
	put(o, "%s%s%s%s%s%s\n", (w & AC_WCAP_DIGITAL) ? " Digital" : "",
	    (w & AC_WCAP_IN_AMP) ? " Amp-In" : "", (w & AC_WCAP_OUT_AMP) ? " Amp-Out" : "",
	    (w & AC_WCAP_STRIPE) ? " Stripe" : "", (w & AC_WCAP_LR_SWAP) ? " R/L" : "",
	    (w & AC_WCAP_CP_CAPS) ? " CP" : "");
	if (type == AC_WID_VOL_KNB)
		w |= AC_WCAP_CONN_LIST;  /* a volume knob always has a connection list */
	if (w & AC_WCAP_CONN_LIST)
		n_conn = connections(c, nid, conn, G_N_ELEMENTS(conn));
	if (w & AC_WCAP_IN_AMP) {
		g_string_append(o, "  Amp-In caps: ");
		amp_caps(o, par(c, nid, AC_PAR_AMP_IN_CAP));
		g_string_append(o, "  Amp-In vals: ");
		amp_vals(o, c, nid, false, w, type == AC_WID_PIN ? 1 : n_conn, conn);
	}
	if (w & AC_WCAP_OUT_AMP) {
		g_string_append(o, "  Amp-Out caps: ");
		amp_caps(o, par(c, nid, AC_PAR_AMP_OUT_CAP));
		g_string_append(o, "  Amp-Out vals: ");
		amp_vals(o, c, nid, true, w, 1, conn);
	}
	if (type == AC_WID_PIN) {
		pin_caps(o, c, nid, &vref);
		pin_ctls(o, c, nid, vref);
	} else if (type == AC_WID_VOL_KNB) {
		uint32_t cap = par(c, nid, AC_PAR_VOL_KNB_CAP);
		uint32_t v = rd(c, nid, AC_VERB_GET_VOLUME_KNOB_CONTROL, 0);

		put(o, "  Volume-Knob: delta=%u, steps=%u, direct=%u, val=%u\n",
		    (cap >> 7) & 1, cap & 0x7f, (v >> 7) & 1, v & 0x7f);
	} else if (type == AC_WID_AUD_OUT || type == AC_WID_AUD_IN) {
		uint32_t conv = rd(c, nid, AC_VERB_GET_CONV, 0);

		put(o, "  Converter: stream=%u, channel=%u\n",
		    (conv >> 4) & 0xf, conv & 0xf);
		if (type == AC_WID_AUD_IN && !(conv & 0xf))
			put(o, "  SDI-Select: %u\n",
			    rd(c, nid, AC_VERB_GET_SDI_SELECT, 0) & 0xf);
		if (w & AC_WCAP_DIGITAL)
			digital(o, c, nid);
		if (w & AC_WCAP_FORMAT_OVRD) {
			g_string_append(o, "  PCM:\n");
			pcm_caps(o, c, nid);
		}
	}
	if (w & AC_WCAP_UNSOL_CAP) {
		uint32_t u = rd(c, nid, AC_VERB_GET_UNSOLICITED_RESPONSE, 0);

		put(o, "  Unsolicited: tag=%02x, enabled=%u\n", u & AC_UNSOL_TAG,
		    (u & AC_UNSOL_ENABLED) ? 1 : 0);
	}
	if (w & AC_WCAP_POWER)
		power_state(o, c, nid);
	if (AC_WCAP_DELAY(w))
		put(o, "  Delay: %u samples\n", AC_WCAP_DELAY(w));
	if (w & AC_WCAP_CONN_LIST) {
		int curr = -1;

		if (n_conn > 1 && type != AC_WID_AUD_MIX && type != AC_WID_VOL_KNB && type != AC_WID_POWER)
			curr = rd(c, nid, AC_VERB_GET_CONNECT_SEL, 0);
		put(o, "  Connection: %d\n", n_conn);
		if (n_conn > 0) {
			g_string_append(o, "    ");
			for (int i = 0; i < n_conn; i++)
				put(o, " 0x%02x%s", conn[i], i == curr ? "*" : "");
			g_string_append(o, "\n");
		}
	}
	if (w & AC_WCAP_PROC_WID) {
		uint32_t pc = par(c, nid, AC_PAR_PROC_CAP), ncoeff = (pc >> 8) & 0xff;

		put(o, "  Processing caps: benign=%u, ncoeff=%u\n", pc & 1, ncoeff);
		if (dump_coef) {
			uint32_t old = rd(c, nid, AC_VERB_GET_COEF_INDEX, 0);

			for (unsigned i = 0; i < ncoeff; i++) {
				rd(c, nid, AC_VERB_SET_COEF_INDEX, i);
				coeff_line(o, i, rd(c, nid, AC_VERB_GET_PROC_COEF, 0));
			}
			rd(c, nid, AC_VERB_SET_COEF_INDEX, old);
		}
	}
}

static void fg_id(GString *o, const char *what, uint32_t fid)
{
	put(o, "%s Function Id: 0x%x (unsol %u)\n", what, fid & 0xff,
	    (fid >> 8) & 1);
}

/**
 * emu_codec_proc_text() - the model as Linux's codec proc file, read
 * through verbs; @address is printed as the codec address, @dump_coef
 * adds the processing coefficients (proc.c's dump_coef).
 */
char *emu_codec_proc_text(EmuCodec *c, int address, gboolean dump_coef)
{
	GString *o = g_string_sized_new(16 * 1024);  /* a codec prints 5-30 KiB: few regrowths */
	uint32_t fgs = par(c, 0, AC_PAR_NODE_COUNT), ssid;
	unsigned afg = 0, mfg = 0;

	for (unsigned i = 0; i < AC_NODE_TOTAL(fgs); i++) {
		unsigned nid = AC_NODE_START(fgs) + i;
		uint32_t t = par(c, nid, AC_PAR_FUNCTION_TYPE);

		if (AC_FGT_TYPE(t) == AC_GRP_AUDIO_FUNCTION && !afg)
			afg = nid;
		else if (AC_FGT_TYPE(t) == AC_GRP_MODEM_FUNCTION && !mfg)
			mfg = nid;
	}
	ssid = par(c, 0, AC_PAR_SUBSYSTEM_ID);
	if (!ssid && (afg || mfg))
		ssid = rd(c, afg ? afg : mfg, AC_VERB_GET_SUBSYSTEM_ID, 0);
	put(o, "Codec: %s\nAddress: %d\n", c->name, address);
	if (afg)
		fg_id(o, "AFG", par(c, afg, AC_PAR_FUNCTION_TYPE));
	if (mfg)
		fg_id(o, "MFG", par(c, mfg, AC_PAR_FUNCTION_TYPE));
	put(o, "Vendor Id: 0x%08x\nSubsystem Id: 0x%08x\nRevision Id: 0x%x\n",
	    par(c, 0, AC_PAR_VENDOR_ID), ssid, par(c, 0, AC_PAR_REV_ID));
	if (mfg)
		put(o, "Modem Function Group: 0x%x\n", mfg);
	else
		g_string_append(o, "No Modem Function Group found\n");
	if (afg) {
		uint32_t sub = par(c, afg, AC_PAR_NODE_COUNT), gpio;

		g_string_append(o, "Default PCM:\n");
		pcm_caps(o, c, afg);
		g_string_append(o, "Default Amp-In caps: ");
		amp_caps(o, par(c, afg, AC_PAR_AMP_IN_CAP));
		g_string_append(o, "Default Amp-Out caps: ");
		amp_caps(o, par(c, afg, AC_PAR_AMP_OUT_CAP));
		put(o, "State of AFG node 0x%02x:\n", afg);
		power_state(o, c, afg);
		gpio = par(c, afg, AC_PAR_GPIO_CAP);
		put(o, "GPIO: io=%u, o=%u, i=%u, unsolicited=%u, wake=%u\n",
		    gpio & 0xff, (gpio >> 8) & 0xff, (gpio >> 16) & 0xff,
		    (gpio >> 30) & 1, gpio >> 31);
		if ((gpio & 0xff) && (gpio & 0xff) <= 8) {
			uint32_t en = rd(c, afg, AC_VERB_GET_GPIO_MASK, 0);
			uint32_t dir = rd(c, afg, AC_VERB_GET_GPIO_DIRECTION, 0);
			uint32_t wake = rd(c, afg, AC_VERB_GET_GPIO_WAKE_MASK, 0);
			uint32_t unsol = rd(c, afg, AC_VERB_GET_GPIO_UNSOLICITED_RSP_MASK, 0);
			uint32_t sticky = rd(c, afg, AC_VERB_GET_GPIO_STICKY_MASK, 0);
			uint32_t data = rd(c, afg, AC_VERB_GET_GPIO_DATA, 0);

			for (unsigned i = 0; i < (gpio & 0xff); i++)
				put(o, "  IO[%u]: enable=%u, dir=%u, wake=%u, sticky=%u, "
				    "data=%u, unsol=%u\n", i, (en >> i) & 1,
				    (dir >> i) & 1, (wake >> i) & 1, (sticky >> i) & 1,
				    (data >> i) & 1, (unsol >> i) & 1);
		}
		for (unsigned i = 0; i < AC_NODE_TOTAL(sub); i++)
			node(o, c, AC_NODE_START(sub) + i, dump_coef);
	}
	return g_string_free(o, FALSE);
}
