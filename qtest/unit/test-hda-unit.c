// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-hda-unit.c - pure logic of the HDA codec layer, no device: verb and
 * parameter names, command words, connection list decoding (short, long,
 * ranges, Linux's quirks), pin default decoding, and the /proc printer on
 * canned codecs (one of them compared with the kernel's own dump of QEMU's
 * hda-duplex, qtest/data/kernel-proc/hda-duplex.txt).
 */
#include "sofvfio/hda-codec.h"
#include "sofvfio/json.h"

#include <stdarg.h>
#include <string.h>

#ifndef SV_TEST_DATA
#define SV_TEST_DATA "qtest/data"
#endif

/* ---- verb and parameter names ------------------------------------------ */

static void test_verb_names(void)
{
	static const struct {
		const char *text;
		unsigned verb;
		gboolean is4;
	} ok[] = {
		{ "GET_PARAMETER", 0xf00, FALSE },
		{ "parameters", 0xf00, FALSE },
		{ "AC_VERB_PARAMETERS", 0xf00, FALSE },
		{ "get_connect_list", 0xf02, FALSE },
		{ "GET_CONFIG_DEFAULT", 0xf1c, FALSE },
		{ "SET_POWER_STATE", 0x705, FALSE },
		{ "set_amp_gain_mute", 0x300, TRUE },
		{ "GET_AMP_GAIN_MUTE", 0xb00, TRUE },
		{ "SET_STREAM_FORMAT", 0x200, TRUE },
		{ "0xf00", 0xf00, FALSE },
		{ "0x3", 0x300, TRUE },
		{ "0xb", 0xb00, TRUE },
		{ "0x300", 0x300, TRUE },
		{ "1793", 0x701, FALSE },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(ok); i++) {
		g_autoptr(GError) err = NULL;
		unsigned verb = 0;
		gboolean is4 = !ok[i].is4;

		g_assert_true(hda_verb_lookup(ok[i].text, &verb, &is4, &err));
		g_assert_no_error(err);
		g_assert_cmphex(verb, ==, ok[i].verb);
		g_assert_cmpint(is4, ==, ok[i].is4);
	}
	g_assert_cmpstr(hda_verb_name(0xf1c), ==, "GET_CONFIG_DEFAULT");
	g_assert_null(hda_verb_name(0xfee));
}

static void test_verb_name_errors(void)
{
	g_autoptr(GError) err = NULL;
	unsigned verb;
	gboolean is4;

	g_assert_false(hda_verb_lookup("PARAMETRS", &verb, &is4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, "PARAMETERS"));
	g_clear_error(&err);
	g_assert_false(hda_verb_lookup("amp_gain", &verb, &is4, &err));
	g_assert_nonnull(strstr(err->message, "SET_AMP_GAIN_MUTE"));
	g_assert_nonnull(strstr(err->message, "GET_AMP_GAIN_MUTE"));
	g_clear_error(&err);
	g_assert_false(hda_verb_lookup("frobnicate_the_codec", &verb, &is4, &err));
	g_assert_null(strstr(err->message, "did you mean"));
	g_clear_error(&err);
	g_assert_false(hda_verb_lookup("0x1000", &verb, &is4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);
	g_assert_false(hda_verb_lookup("", &verb, &is4, &err));
}

static void test_param_names(void)
{
	g_autoptr(GError) err = NULL;
	unsigned p;

	g_assert_true(hda_param_lookup("VENDOR_ID", &p, NULL));
	g_assert_cmphex(p, ==, 0x00);
	g_assert_true(hda_param_lookup("node_count", &p, NULL));
	g_assert_cmphex(p, ==, 0x04);
	g_assert_true(hda_param_lookup("AC_PAR_AMP_OUT_CAP", &p, NULL));
	g_assert_cmphex(p, ==, 0x12);
	g_assert_true(hda_param_lookup("0xb04a", &p, NULL));
	g_assert_cmphex(p, ==, 0xb04a);
	g_assert_true(hda_param_lookup("9", &p, NULL));
	g_assert_cmphex(p, ==, 9);
	g_assert_false(hda_param_lookup("NODE_CUONT", &p, &err));
	g_assert_nonnull(strstr(err->message, "NODE_COUNT"));
	g_assert_cmpstr(hda_param_name(0x09), ==, "AUDIO_WIDGET_CAP");
}

static void test_verb_build(void)
{
	g_autoptr(GError) err = NULL;
	uint32_t cmd;

	g_assert_true(hda_verb_build(0, 0, 0xf00, FALSE, 0x00, &cmd, NULL));
	g_assert_cmphex(cmd, ==, 0x000f0000);
	g_assert_true(hda_verb_build(2, 0x14, 0xf1c, FALSE, 0, &cmd, NULL));
	g_assert_cmphex(cmd, ==, 0x214f1c00);
	/* hda-verb: 0x14 SET_AMP_GAIN_MUTE 0xb000 -> 4-bit verb 3, payload 0xb000 */
	g_assert_true(hda_verb_build(0, 0x14, 0x300, TRUE, 0xb000, &cmd, NULL));
	g_assert_cmphex(cmd, ==, 0x0143b000);
	g_assert_true(hda_verb_build(1, 2, 0x200, TRUE, 0x0011, &cmd, NULL));
	g_assert_cmphex(cmd, ==, 0x10220011);

	g_assert_false(hda_verb_build(0, 1, 0xf00, FALSE, 0x100, &cmd, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, "8 bits"));
	g_clear_error(&err);
	g_assert_false(hda_verb_build(0, 1, 0x300, TRUE, 0x10000, &cmd, &err));
	g_assert_nonnull(strstr(err->message, "16 bits"));
	g_clear_error(&err);
	g_assert_false(hda_verb_build(15, 1, 0xf00, FALSE, 0, &cmd, &err));
	g_clear_error(&err);
	g_assert_false(hda_verb_build(0, 0x80, 0xf00, FALSE, 0, &cmd, &err));
	g_clear_error(&err);
	g_assert_false(hda_verb_build(0, 1, 0xf00, TRUE, 0, &cmd, &err));
}

/* ---- connection lists ----------------------------------------------------- */

static void check_conns(uint32_t clist, const uint32_t *words, unsigned n_words,
			const uint16_t *want, int n_want)
{
	uint16_t out[64];
	int n;

	g_assert_cmpuint(hda_conn_list_words(clist), ==, n_words);
	n = hda_conn_list_decode(clist, words, n_words, out, G_N_ELEMENTS(out));
	g_assert_cmpint(n, ==, n_want);
	for (int i = 0; i < n; i++)
		g_assert_cmphex(out[i], ==, want[i]);
}

static void test_conn_short(void)
{
	/* 5 entries, short form: 0x02 0x03 0x0c 0x0d | 0x22 */
	static const uint32_t w[] = { 0x0d0c0302, 0x00000022 };
	static const uint16_t want[] = { 0x02, 0x03, 0x0c, 0x0d, 0x22 };

	check_conns(5, w, 2, want, 5);
	/* A single entry: taken as is, range bit masked off. */
	{
		static const uint32_t one[] = { 0x000000ab };
		static const uint16_t want1[] = { 0x2b };

		check_conns(1, one, 1, want1, 1);
	}
	check_conns(0, NULL, 0, NULL, 0);
}

static void test_conn_long(void)
{
	/* 3 entries, long form: 0x0102 0x0010 | 0x0203 */
	static const uint32_t w[] = { 0x00100102, 0x00000203 };
	static const uint16_t want[] = { 0x0102, 0x0010, 0x0203 };

	check_conns(0x80 | 3, w, 2, want, 3);
}

static void test_conn_ranges(void)
{
	/* short: 0x02, range to 0x05, 0x09 -> 2 3 4 5 9 */
	static const uint32_t s[] = { 0x00098502 };
	static const uint16_t want_s[] = { 0x02, 0x03, 0x04, 0x05, 0x09 };
	/* long: 0x0010, range to 0x0013 -> 0x10..0x13 */
	static const uint32_t l[] = { 0x80130010 };
	static const uint16_t want_l[] = { 0x10, 0x11, 0x12, 0x13 };
	/* an invalid range (0x05 then range to 0x03) is skipped, 0x05 kept as
	 * the start of the next range: 5, [skip], 6..7 */
	static const uint32_t bad[] = { 0x00878305 };
	static const uint16_t want_bad[] = { 0x05, 0x06, 0x07 };
	uint16_t small[3];

	check_conns(3, s, 1, want_s, 5);
	check_conns(0x80 | 2, l, 1, want_l, 4);
	check_conns(3, bad, 1, want_bad, 3);
	/* the expansion must fit the caller's array */
	g_assert_cmpint(hda_conn_list_decode(0x80 | 2, l, 1, small, G_N_ELEMENTS(small)), ==, -1);
	/* too few response words */
	g_assert_cmpint(hda_conn_list_decode(5, s, 1, small, G_N_ELEMENTS(small)), ==, -1);
}

static void test_conn_zeros(void)
{
	/* One zero entry is kept; a second one makes the list empty (Linux). */
	static const uint32_t one_zero[] = { 0x00000302 | (0u << 16) };
	static const uint16_t want[] = { 0x02, 0x03, 0x00 };
	static const uint32_t two_zero[] = { 0x00000002 };

	check_conns(3, one_zero, 1, want, 3);
	check_conns(3, two_zero, 1, NULL, 0);
}

/* ---- pin default configuration ------------------------------------------- */

static void test_pin_default(void)
{
	static const struct {
		uint32_t cfg;
		const char *port, *device, *conn, *loc, *type, *color;
	} t[] = {
		{ 0x00004010, "Jack", "Line Out", "Ext", "N/A", "Unknown", "Green" },
		{ 0x00a05020, "Jack", "Mic", "Ext", "N/A", "Unknown", "Red" },
		{ 0x90170110, "Fixed", "Speaker", "Int", "N/A", "Analog", "Unknown" },
		{ 0x411111f0, "N/A", "Speaker", "Ext", "Rear", "1/8", "Black" },
		{ 0x18560010, "Jack", "Digital Out", "Int", "HDMI", "Digital", "Unknown" },
		{ 0x02214030, "Jack", "HP Out", "Ext", "Front", "1/8", "Green" },
		{ 0x01a19c20, "Jack", "Mic", "Ext", "Rear", "1/8", "Pink" },
		{ 0x37a7a000, "Jack", "Mic", "Oth", "Mobile-In", "Analog", "UNKNOWN" },
		{ 0x07ff00f0, "Jack", "Other", "Ext", "Rear Panel", "Other", "Unknown" },
		{ 0x3f000000, "Jack", "Line Out", "Oth", "UNKNOWN", "Unknown", "Unknown" },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(t); i++) {
		g_assert_cmpstr(hda_pin_port_name(t[i].cfg), ==, t[i].port);
		g_assert_cmpstr(hda_pin_device_name(t[i].cfg), ==, t[i].device);
		g_assert_cmpstr(hda_pin_connectivity_name(t[i].cfg), ==, t[i].conn);
		g_assert_cmpstr(hda_pin_location_name(t[i].cfg), ==, t[i].loc);
		g_assert_cmpstr(hda_pin_conn_type_name(t[i].cfg), ==, t[i].type);
		g_assert_cmpstr(hda_pin_color_name(t[i].cfg), ==, t[i].color);
	}
	g_assert_cmpuint(AC_DEFCFG_DEF_ASSOC(0x90170110), ==, 1);
	g_assert_cmpuint(AC_DEFCFG_SEQUENCE(0x90170112), ==, 2);
	g_assert_cmpstr(hda_widget_type_name(AC_WID_AUD_MIX), ==, "Audio Mixer");
	g_assert_cmpstr(hda_widget_type_name(0xe), ==, "UNKNOWN Widget");
	g_assert_cmpstr(hda_codec_vendor_name(0x10ec0269), ==, "Realtek");
	g_assert_null(hda_codec_vendor_name(0x12340001));
}

/* ---- the /proc printer ---------------------------------------------------- */

/* Drop the lines that show the kernel driver's choices (docs/hda.md). */
static char *normalize_kernel_proc(const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GString *out = g_string_new(NULL);
	bool in_driver_conn = false;

	for (char **l = lines; *l; l++) {
		if (in_driver_conn && g_str_has_prefix(*l, "    ")) {
			in_driver_conn = false;
			continue;
		}
		in_driver_conn = false;
		if (g_str_has_prefix(*l, "  Control: ") || g_str_has_prefix(*l, "    ControlAmp: ") ||
		    g_str_has_prefix(*l, "  Device: "))
			continue;
		if (g_str_has_prefix(*l, "  In-driver Connection: ")) {
			in_driver_conn = true;
			continue;
		}
		g_string_append(out, *l);
		if (l[1])
			g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

static HdaAmpVal *vals(unsigned n, uint32_t l, uint32_t r)
{
	HdaAmpVal *v = g_new(HdaAmpVal, n);

	for (unsigned i = 0; i < n; i++)
		v[i] = (HdaAmpVal){ l, r };
	return v;
}

static uint16_t *conns(unsigned n, ...)
{
	uint16_t *c = g_new(uint16_t, n);
	va_list ap;

	va_start(ap, n);
	for (unsigned i = 0; i < n; i++)
		c[i] = (uint16_t)va_arg(ap, unsigned);
	va_end(ap);
	return c;
}

/* QEMU's hda-duplex as the kernel left it (amps muted, pins enabled). */
static HdaCodec *qemu_duplex(void)
{
	HdaCodec *c = g_new0(HdaCodec, 1);
	HdaWidget *w;

	c->cad = 0;
	c->vendor_id = c->subsystem_id = 0x1af40022;
	c->revision_id = 0x100101;
	c->vendor_name = g_strdup("QEMU");
	c->chip_name = g_strdup("Generic");
	c->fg_start = 1;
	c->n_fgs = 1;
	c->afg = 1;
	c->afg_function_type = 1;
	c->pcm = 0x000201fc;
	c->stream = 1;
	c->start_nid = 2;
	c->n_widgets = 4;
	c->widgets = w = g_new0(HdaWidget, 4);

	w[0] = (HdaWidget){ .nid = 2, .type = AC_WID_AUD_OUT, .wcaps = 0x1d, .conn_sel = -1 };
	w[0].have = HDA_HAVE_AMP_OUT | HDA_HAVE_CONV | HDA_HAVE_PCM;
	w[0].amp_out_caps_raw = w[0].amp_out_caps = 0x80034a4a;
	w[0].n_amp_out_vals = 1;
	w[0].amp_out_vals = vals(1, 0x80, 0x80);
	w[0].amp_out_stereo = true;
	w[0].pcm_raw = w[0].pcm = 0x000201fc;
	w[0].stream_raw = w[0].stream = 1;

	w[1] = (HdaWidget){ .nid = 3, .type = AC_WID_PIN, .wcaps = 0x400101, .conn_sel = -1 };
	w[1].have = HDA_HAVE_PIN | HDA_HAVE_CONN;
	w[1].pincap = 0x10;
	w[1].pin_default = 0x00004010;
	w[1].pin_ctl = 0x40;
	w[1].conn_len_raw = 1;
	w[1].n_conn = 1;
	w[1].conn = conns(1, 0x02);

	w[2] = (HdaWidget){ .nid = 4, .type = AC_WID_AUD_IN, .wcaps = 0x10011b, .conn_sel = -1 };
	w[2].have = HDA_HAVE_AMP_IN | HDA_HAVE_CONV | HDA_HAVE_SDI | HDA_HAVE_PCM | HDA_HAVE_CONN;
	w[2].amp_in_caps_raw = w[2].amp_in_caps = 0x80034a4a;
	w[2].n_amp_in_vals = 1;
	w[2].amp_in_vals = vals(1, 0x80, 0x80);
	w[2].amp_in_stereo = true;
	w[2].pcm_raw = w[2].pcm = 0x000201fc;
	w[2].stream_raw = w[2].stream = 1;
	w[2].conn_len_raw = 1;
	w[2].n_conn = 1;
	w[2].conn = conns(1, 0x05);

	w[3] = (HdaWidget){ .nid = 5, .type = AC_WID_PIN, .wcaps = 0x400001, .conn_sel = -1 };
	w[3].have = HDA_HAVE_PIN;
	w[3].pincap = 0x20;
	w[3].pin_default = 0x00805020;
	w[3].pin_ctl = 0x20;
	return c;
}

static void test_proc_qemu_duplex(void)
{
	g_autoptr(HdaCodec) c = qemu_duplex();
	g_autofree char *path = g_build_filename(g_getenv("SV_TEST_DATA") ?
						 g_getenv("SV_TEST_DATA") : SV_TEST_DATA,
						 "kernel-proc", "hda-duplex.txt", NULL);
	g_autofree char *kernel = NULL, *want = NULL;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) err = NULL;

	if (!g_file_get_contents(path, &kernel, NULL, &err)) {
		g_test_skip(err->message);
		return;
	}
	want = normalize_kernel_proc(kernel);
	hda_codec_print_proc(c, out);
	g_assert_cmpstr(out->str, ==, want);
}

/*
 * A codec with every optional part: expected text written from the format
 * of Linux's proc.c, field by field.
 */
static HdaCodec *rich_codec(void)
{
	HdaCodec *c = g_new0(HdaCodec, 1);
	HdaWidget *w;

	c->cad = 2;
	c->vendor_id = 0x80862882;
	c->subsystem_id = 0x17aa21f3;
	c->revision_id = 0x100202;
	c->vendor_name = g_strdup("Intel");
	c->chip_name = g_strdup("ID 2882");
	c->fg_start = 1;
	c->n_fgs = 2;
	c->afg = 1;
	c->afg_function_type = 0x101;
	c->afg_unsol = true;
	c->mfg = 2;
	c->mfg_function_type = 0x2;
	c->pcm = 0x000e0560;
	c->stream = 0x5;
	c->amp_in_caps = 0;
	c->amp_out_caps = 0x80051f1f;
	c->power_caps = 0xe000000f;
	c->power_state = 0x733;
	c->gpio.caps = 0xc0000002;
	c->gpio.have_state = true;
	c->gpio.mask = 0x3;
	c->gpio.dir = 0x2;
	c->gpio.data = 0x1;
	c->gpio.sticky = 0x2;
	c->start_nid = 0x10;
	c->n_widgets = 6;
	c->widgets = w = g_new0(HdaWidget, 6);

	/* 0x10: 6-channel digital DAC with format override, unsol, power, delay */
	w[0] = (HdaWidget){ .nid = 0x10, .type = AC_WID_AUD_OUT, .conn_sel = -1 };
	w[0].wcaps = 0x00054695; /* stereo, 6 ch, out amp, fmt ovrd, unsol, digital, power, delay 5 */
	w[0].have = HDA_HAVE_AMP_OUT | HDA_HAVE_CONV | HDA_HAVE_DIGITAL | HDA_HAVE_PCM |
		    HDA_HAVE_UNSOL | HDA_HAVE_POWER;
	w[0].amp_out_caps_raw = 0;
	w[0].n_amp_out_vals = 1;
	w[0].amp_out_vals = vals(1, 0x1f, 0x9f);
	w[0].amp_out_stereo = true;
	w[0].conv = 0x51;
	w[0].digi = 0x0a0231; /* Enabled, Non-Copyright, Non-Audio; category 2; ICT 0xa */
	w[0].pcm_raw = 0x001e07ff;
	w[0].stream_raw = 0x7;
	w[0].unsol = 0x83;
	w[0].power_caps = 0x1;
	w[0].power_state = 0x30;

	/* 0x11: mixer, 3 inputs, mono, in-amp values per input */
	w[1] = (HdaWidget){ .nid = 0x11, .type = AC_WID_AUD_MIX, .wcaps = 0x20010a,
			    .conn_sel = -1 };
	w[1].have = HDA_HAVE_AMP_IN | HDA_HAVE_CONN;
	w[1].amp_in_caps_raw = 0x80051f1f;
	w[1].n_amp_in_vals = 3;
	w[1].amp_in_vals = vals(3, 0x80, 0x80);
	w[1].amp_in_vals[1].left = 0x1f;
	w[1].conn_len_raw = 3;
	w[1].n_conn = 3;
	w[1].conn = conns(3, 0x10, 0x14, 0x15);

	/* 0x12: selector, 2 inputs, second selected, processing caps */
	w[2] = (HdaWidget){ .nid = 0x12, .type = AC_WID_AUD_SEL, .wcaps = 0x300141 };
	w[2].have = HDA_HAVE_CONN | HDA_HAVE_CONN_SEL | HDA_HAVE_PROC;
	w[2].conn_len_raw = 2;
	w[2].n_conn = 2;
	w[2].conn = conns(2, 0x14, 0x15);
	w[2].conn_sel = 1;
	w[2].proc_caps = 0x0401;

	/* 0x13: volume knob, connections 0x10 (always has a list) */
	w[3] = (HdaWidget){ .nid = 0x13, .type = AC_WID_VOL_KNB, .wcaps = 0x600000, .conn_sel = -1 };
	w[3].have = HDA_HAVE_VOL_KNOB | HDA_HAVE_CONN;
	w[3].vol_knob_caps = 0x9f;
	w[3].vol_knob = 0x05;
	w[3].conn_len_raw = 1;
	w[3].n_conn = 1;
	w[3].conn = conns(1, 0x10);

	/* 0x14: headphone pin with vref, EAPD, detect, in+out amp */
	w[4] = (HdaWidget){ .nid = 0x14, .type = AC_WID_PIN, .wcaps = 0x40018f };
	w[4].have = HDA_HAVE_PIN | HDA_HAVE_EAPD | HDA_HAVE_AMP_IN | HDA_HAVE_AMP_OUT |
		    HDA_HAVE_UNSOL | HDA_HAVE_CONN | HDA_HAVE_CONN_SEL;
	w[4].pincap = 0x0001373f; /* ImpSense Trigger Detect HP OUT IN, all vrefs, EAPD */
	w[4].eapd = 0x2;
	w[4].pin_default = 0x0221401f | (1u << 8);
	w[4].pin_ctl = 0xc4;
	w[4].amp_in_caps_raw = 0x00270300;
	w[4].n_amp_in_vals = 1;
	w[4].amp_in_vals = vals(1, 0x00, 0x00);
	w[4].amp_in_stereo = true;
	w[4].amp_out_caps_raw = 0x80000000;
	w[4].n_amp_out_vals = 1;
	w[4].amp_out_vals = vals(1, 0x80, 0x80);
	w[4].amp_out_stereo = true;
	w[4].unsol = 0x81;
	w[4].conn_len_raw = 2;
	w[4].n_conn = 2;
	w[4].conn = conns(2, 0x10, 0x11);
	w[4].conn_sel = 0;

	/* 0x15: HDMI pin (HBR), not connected */
	w[5] = (HdaWidget){ .nid = 0x15, .type = AC_WID_PIN, .wcaps = 0x400000, .conn_sel = -1 };
	w[5].have = HDA_HAVE_PIN;
	w[5].pincap = 0x08000094;
	w[5].pin_default = 0x185600f0;
	w[5].pin_ctl = 0x00;
	return c;
}

static const char rich_expected[] =
	"Codec: Intel ID 2882\n"
	"Address: 2\n"
	"AFG Function Id: 0x1 (unsol 1)\n"
	"MFG Function Id: 0x2 (unsol 0)\n"
	"Vendor Id: 0x80862882\n"
	"Subsystem Id: 0x17aa21f3\n"
	"Revision Id: 0x100202\n"
	"Modem Function Group: 0x2\n"
	"Default PCM:\n"
	"    rates [0x560]: 44100 48000 96000 192000\n"
	"    bits [0xe]: 16 20 24\n"
	"    formats [0x5]: PCM AC3\n"
	"Default Amp-In caps: N/A\n"
	"Default Amp-Out caps: ofs=0x1f, nsteps=0x1f, stepsize=0x05, mute=1\n"
	"State of AFG node 0x01:\n"
	"  Power states:  D0 D1 D2 D3 S3D3cold CLKSTOP EPSS\n"
	"  Power: setting=D3, actual=D3, Error, Clock-stop-OK, Setting-reset\n"
	"GPIO: io=2, o=0, i=0, unsolicited=1, wake=1\n"
	"  IO[0]: enable=1, dir=0, wake=0, sticky=0, data=1, unsol=0\n"
	"  IO[1]: enable=1, dir=1, wake=0, sticky=1, data=0, unsol=0\n"
	"Node 0x10 [Audio Output] wcaps 0x54695: 6-Channels Digital Amp-Out\n"
	"  Amp-Out caps: N/A\n"
	"  Amp-Out vals:  [0x1f 0x9f]\n"
	"  Converter: stream=5, channel=1\n"
	"  Digital: Enabled Non-Copyright Non-Audio\n"
	"  Digital category: 0x2\n"
	"  IEC Coding Type: 0xa\n"
	"  PCM:\n"
	"    rates [0x7ff]: 8000 11025 16000 22050 32000 44100 48000 88200 96000 176400 192000\n"
	"    bits [0x1e]: 16 20 24 32\n"
	"    formats [0x7]: PCM FLOAT AC3\n"
	"  Unsolicited: tag=03, enabled=1\n"
	"  Power states:  D0\n"
	"  Power: setting=D0, actual=D3\n"
	"  Delay: 5 samples\n"
	"Node 0x11 [Audio Mixer] wcaps 0x20010a: Mono Amp-In\n"
	"  Amp-In caps: ofs=0x1f, nsteps=0x1f, stepsize=0x05, mute=1\n"
	"  Amp-In vals:  [0x80] [0x1f] [0x80]\n"
	"  Connection: 3\n"
	"     0x10 0x14 0x15\n"
	"Node 0x12 [Audio Selector] wcaps 0x300141: Stereo\n"
	"  Connection: 2\n"
	"     0x14 0x15*\n"
	"  Processing caps: benign=1, ncoeff=4\n"
	"Node 0x13 [Volume Knob Widget] wcaps 0x600000: Mono\n"
	"  Volume-Knob: delta=1, steps=31, direct=0, val=5\n"
	"  Connection: 1\n"
	"     0x10\n"
	"Node 0x14 [Pin Complex] wcaps 0x40018f: Stereo Amp-In Amp-Out\n"
	"  Amp-In caps: ofs=0x00, nsteps=0x03, stepsize=0x27, mute=0\n"
	"  Amp-In vals:  [0x00 0x00]\n"
	"  Amp-Out caps: ofs=0x00, nsteps=0x00, stepsize=0x00, mute=1\n"
	"  Amp-Out vals:  [0x80 0x80]\n"
	"  Pincap 0x0001373f: IN OUT HP EAPD Detect Trigger ImpSense\n"
	"    Vref caps: HIZ 50 GRD 80 100\n"
	"  EAPD 0x2: EAPD\n"
	"  Pin Default 0x0221411f: [Jack] HP Out at Ext Front\n"
	"    Conn = 1/8, Color = Green\n"
	"    DefAssociation = 0x1, Sequence = 0xf\n"
	"    Misc = NO_PRESENCE\n"
	"  Pin-ctls: 0xc4: OUT HP VREF_80\n"
	"  Unsolicited: tag=01, enabled=1\n"
	"  Connection: 2\n"
	"     0x10* 0x11\n"
	"Node 0x15 [Pin Complex] wcaps 0x400000: Mono\n"
	"  Pincap 0x08000094: OUT Detect HBR HDMI\n"
	"  Pin Default 0x185600f0: [Jack] Digital Out at Int HDMI\n"
	"    Conn = Digital, Color = Unknown\n"
	"    DefAssociation = 0xf, Sequence = 0x0\n"
	"  Pin-ctls: 0x00:\n";

static void test_proc_rich(void)
{
	g_autoptr(HdaCodec) c = rich_codec();
	g_autoptr(GString) out = g_string_new(NULL);

	hda_codec_print_proc(c, out);
	g_assert_cmpstr(out->str, ==, rich_expected);
}

static void test_proc_realtek_rl(void)
{
	g_autoptr(HdaCodec) c = rich_codec();
	g_autoptr(GString) out = g_string_new(NULL);

	/* Realtek uses Pincap bit 7 for R/L, not HDMI (proc.c). */
	c->widgets[5].pincap = 0x08000090;
	hda_codec_print_proc(c, out);
	g_assert_nonnull(strstr(out->str, "  Pincap 0x08000090: OUT HBR HDMI\n"));
	c->vendor_id = 0x10ec0269;
	g_string_truncate(out, 0);
	hda_codec_print_proc(c, out);
	g_assert_nonnull(strstr(out->str, "  Pincap 0x08000090: OUT R/L\n"));
}

/* Does JSONPath @path (json-glib's) find a node written compactly as @want? */
static gboolean json_has(JsonNode *root, const char *path, const char *want)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(JsonNode) found = json_path_query(path, root, &err);
	JsonArray *a;

	g_assert_no_error(err);
	a = json_node_get_array(found);
	for (guint i = 0; i < json_array_get_length(a); i++) {
		g_autofree char *text = sv_json_write(json_array_get_element(a, i), FALSE);

		if (!strcmp(text, want))
			return TRUE;
	}
	return FALSE;
}

static void test_json_dot(void)
{
	g_autoptr(HdaCodec) c = rich_codec();
	g_autoptr(GString) json = g_string_new(NULL), dot = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autoptr(JsonNode) root = NULL;

	hda_codec_print_json(c, json);
	/* JSON, one object, holding the documented keys. */
	root = sv_json_parse(json->str, -1, "the codec JSON", SV_ERROR_INVAL, &err);
	g_assert_no_error(err);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
	g_assert_true(json_has(root, "$.vendor_id", "2156275842"));
	g_assert_true(json_has(root, "$..connections", "[20,21]"));
	g_assert_true(json_has(root, "$..connection_select", "1"));
	g_assert_true(json_has(root, "$..device", "\"HP Out\""));
	g_assert_true(json_has(root, "$..type", "\"selector\""));
	g_assert_true(json_has(root, "$..values", "[[128,128],[31,31],[128,128]]"));

	hda_codec_print_dot(c, dot);
	g_assert_true(g_str_has_prefix(dot->str, "digraph \"codec2\" {"));
	g_assert_nonnull(strstr(dot->str, "n12 [shape=trapezium"));
	g_assert_nonnull(strstr(dot->str, "n11 [shape=ellipse"));
	g_assert_nonnull(strstr(dot->str, "n14 [shape=box"));
	g_assert_nonnull(strstr(dot->str, "n15 -> n12 [style=bold]"));
	g_assert_nonnull(strstr(dot->str, "n14 -> n12 [style=dashed]"));
	g_assert_nonnull(strstr(dot->str, "n10 -> n14 [style=bold]"));
	g_assert_nonnull(strstr(dot->str, "n11 -> n14 [style=dashed]"));
	g_assert_nonnull(strstr(dot->str, "n14 -> n11 [style=solid]"));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hda-unit/verb-names", test_verb_names);
	g_test_add_func("/hda-unit/verb-name-errors", test_verb_name_errors);
	g_test_add_func("/hda-unit/param-names", test_param_names);
	g_test_add_func("/hda-unit/verb-build", test_verb_build);
	g_test_add_func("/hda-unit/conn-list/short", test_conn_short);
	g_test_add_func("/hda-unit/conn-list/long", test_conn_long);
	g_test_add_func("/hda-unit/conn-list/ranges", test_conn_ranges);
	g_test_add_func("/hda-unit/conn-list/zeros", test_conn_zeros);
	g_test_add_func("/hda-unit/pin-default", test_pin_default);
	g_test_add_func("/hda-unit/proc/qemu-duplex", test_proc_qemu_duplex);
	g_test_add_func("/hda-unit/proc/rich", test_proc_rich);
	g_test_add_func("/hda-unit/proc/realtek-rl", test_proc_realtek_rl);
	g_test_add_func("/hda-unit/json-dot", test_json_dot);
	return g_test_run();
}
