// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-codec-parse.c - the codec models of emu/codec (suite unit):
 * QEMU's built-in codecs answer like QEMU 7.2, set verbs keep state,
 * connection lists are encoded as hardware does, the Linux codec dump
 * parser reads the project's own dumps (qtest/data/codecs) and every dump
 * of ../shared/codecs (or $SOFVFIO_SHARED_CODECS), and each model prints
 * back (emu_codec_proc_text(), read through verbs) the dump it came from.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <string.h>

#include "codec.h"
#include "sofvfio/hda-verbs.h"

#define DATA(name) SV_CODEC_DATA "/" name

/* One verb to @nid; fails the test when the codec does not answer. */
static uint32_t rd(EmuCodec *c, unsigned nid, unsigned verb, unsigned payload)
{
	uint32_t r = 0xdeadbeef;

	if (!emu_codec_verb(c, (uint32_t)nid << 20 | verb << 8 | payload, &r))
		g_error("NID 0x%02x verb 0x%03x payload 0x%x: no response", nid, verb, payload);
	return r;
}

static uint32_t par(EmuCodec *c, unsigned nid, unsigned id)
{
	return rd(c, nid, AC_VERB_PARAMETERS, id);
}

static EmuCodec *codec_new(const char *spec)
{
	g_autoptr(GError) err = NULL;
	EmuCodec *c = emu_codec_new(spec, &err);

	if (!c)
		g_error("%s: %s", spec, err->message);
	return c;
}

/* ---- QEMU 7.2's hda-duplex / hda-micro / hda-output ---- */

/*
 * Every GET_PARAMETER 0x00..0x21 and these get verbs were sent to NIDs 0..7
 * of QEMU 7.2 (qemu-system-x86_64 -device ich9-intel-hda -device hda-*,
 * driven over qtest through the immediate command registers); the answers
 * that were not 0 are in qemu_answer().  Kinds: 'P' parameter, 'V' 12-bit
 * get verb with payload 0, 'A' GET_AMP_GAIN_MUTE with that payload, 'F'
 * GET_STREAM_FORMAT.
 */
static const unsigned probed_verbs[] = {
	0xf01, 0xf02, 0xf03, 0xf04, 0xf05, 0xf06, 0xf07, 0xf08, 0xf09, 0xf0a, 0xf0c,
	0xf0d, 0xf0e, 0xf0f, 0xf15, 0xf16, 0xf17, 0xf1c, 0xf20, 0xf2d, 0xf35, 0xf36,
};
static const unsigned probed_amps[] = { 0x8000, 0xa000, 0x0000, 0x2000, 0x2001 };

typedef struct {
	const char *name;
	uint32_t id;
	unsigned nodes;            /* NIDs 0..nodes-1 */
	uint32_t out_cfg, in_cfg;
} QemuCodec;

static const QemuCodec qemu_codecs[] = {
	{ "hda-duplex", 0x1af40022, 6, 0x00004010, 0x00805020 },
	{ "hda-micro", 0x1af40032, 6, 0x00104010, 0x00a05020 },
	{ "hda-output", 0x1af40012, 4, 0x00004010, 0 },
};

static uint32_t qemu_answer(const QemuCodec *q, unsigned nid, char kind, unsigned id)
{
	if (kind == 'V' && id == 0xf20)
		return q->id;                     /* subsystem id on every node */
	if (kind == 'F')
		return 0x11;                      /* the streams' format */
	if (kind == 'A')
		return nid == 4 ? 0 : 0x4a;       /* the DAC stream's gain, the ADC's */
	switch (nid << 16 | kind << 8 | id) {
	case 0 << 16 | 'P' << 8 | 0x00:
	case 0 << 16 | 'P' << 8 | 0x01:
	case 1 << 16 | 'P' << 8 | 0x01:
		return q->id;
	case 0 << 16 | 'P' << 8 | 0x02: return 0x00100101;
	case 0 << 16 | 'P' << 8 | 0x04: return 0x00010001;
	case 1 << 16 | 'P' << 8 | 0x04: return 0x00020000 | (q->nodes - 2);
	case 1 << 16 | 'P' << 8 | 0x05: return 0x00000001;
	case 1 << 16 | 'P' << 8 | 0x08: return 0x00000808;
	case 1 << 16 | 'P' << 8 | 0x0a:
	case 2 << 16 | 'P' << 8 | 0x0a:
	case 4 << 16 | 'P' << 8 | 0x0a:
		return 0x000201fc;
	case 1 << 16 | 'P' << 8 | 0x0b:
	case 2 << 16 | 'P' << 8 | 0x0b:
	case 4 << 16 | 'P' << 8 | 0x0b:
		return 0x00000001;
	case 2 << 16 | 'P' << 8 | 0x09: return 0x0000001d;
	case 2 << 16 | 'P' << 8 | 0x12: return 0x80034a4a;
	case 3 << 16 | 'P' << 8 | 0x09: return 0x00400101;
	case 3 << 16 | 'P' << 8 | 0x0c: return 0x00000010;
	case 3 << 16 | 'P' << 8 | 0x0e: return 0x00000001;
	case 3 << 16 | 'V' << 8 | 0xf02: return 0x00000002;
	case 3 << 16 | 'V' << 8 | 0xf07: return 0x00000040;
	case 3 << 16 | 'V' << 8 | 0xf1c: return q->out_cfg;
	case 4 << 16 | 'P' << 8 | 0x09: return 0x0010011b;
	case 4 << 16 | 'P' << 8 | 0x0d: return 0x80034a4a;
	case 4 << 16 | 'P' << 8 | 0x0e: return 0x00000001;
	case 4 << 16 | 'V' << 8 | 0xf02: return 0x00000005;
	case 5 << 16 | 'P' << 8 | 0x09: return 0x00400001;
	case 5 << 16 | 'P' << 8 | 0x0c: return 0x00000020;
	case 5 << 16 | 'V' << 8 | 0xf07: return 0x00000020;
	case 5 << 16 | 'V' << 8 | 0xf1c: return q->in_cfg;
	}
	return 0;
}

static void test_qemu_answers(gconstpointer data)
{
	const QemuCodec *q = data;
	EmuCodec *c = codec_new(q->name);
	unsigned checked = 0;

	g_assert_cmphex(emu_codec_vendor_id(c), ==, q->id);
	for (unsigned nid = 0; nid < q->nodes; nid++) {
		for (unsigned p = 0; p <= 0x21; p++, checked++)
			g_assert_cmphex(par(c, nid, p), ==, qemu_answer(q, nid, 'P', p));
		for (unsigned i = 0; i < G_N_ELEMENTS(probed_verbs); i++, checked++)
			g_assert_cmphex(rd(c, nid, probed_verbs[i], 0), ==,
					qemu_answer(q, nid, 'V', probed_verbs[i]));
		for (unsigned i = 0; i < G_N_ELEMENTS(probed_amps); i++, checked++)
			g_assert_cmphex(rd(c, nid, AC_VERB_GET_AMP_GAIN_MUTE, probed_amps[i]), ==,
					qemu_answer(q, nid, 'A', probed_amps[i]));
		g_assert_cmphex(rd(c, nid, AC_VERB_GET_STREAM_FORMAT, 0), ==,
				qemu_answer(q, nid, 'F', 0));
		checked++;
	}
	/* NIDs QEMU does not have: no response here (QEMU itself answers 0). */
	for (unsigned nid = q->nodes; nid < 0x100; nid++) {
		uint32_t r;

		g_assert_false(emu_codec_verb(c, nid << 20 | AC_VERB_PARAMETERS << 8, &r));
	}
	g_test_message("%s: %u answers as QEMU 7.2 gave them", q->name, checked);
	emu_codec_free(c);
}

/* The set verbs, as QEMU 7.2 handled them (probed the same way). */
static void test_qemu_state(void)
{
	EmuCodec *c = codec_new("hda-duplex");
	uint16_t fmt = 0;

	/* SET_PIN_WIDGET_CONTROL and SET_POWER_STATE are answered but change nothing. */
	g_assert_cmphex(rd(c, 3, AC_VERB_SET_PIN_WIDGET_CONTROL, 0), ==, 0);
	g_assert_cmphex(rd(c, 3, AC_VERB_GET_PIN_WIDGET_CONTROL, 0), ==, 0x40);
	g_assert_cmphex(rd(c, 1, AC_VERB_SET_POWER_STATE, 3), ==, 0);
	g_assert_cmphex(rd(c, 1, AC_VERB_GET_POWER_STATE, 0), ==, 0);
	/* Stream state is the DAC's for the pins too. */
	g_assert_cmphex(rd(c, 2, AC_VERB_SET_CHANNEL_STREAMID, 0x51), ==, 0);
	g_assert_cmphex(rd(c, 2, AC_VERB_GET_CONV, 0), ==, 0x51);
	g_assert_cmphex(rd(c, 3, AC_VERB_GET_CONV, 0), ==, 0x51);
	g_assert_cmphex(rd(c, 2, AC_VERB_SET_AMP_GAIN_MUTE, 0xa085), ==, 0);
	g_assert_cmphex(rd(c, 2, AC_VERB_GET_AMP_GAIN_MUTE, 0xa000), ==, 0x85);
	g_assert_cmphex(rd(c, 2, AC_VERB_GET_AMP_GAIN_MUTE, 0x8000), ==, 0x4a);
	g_assert_cmphex(rd(c, 3, AC_VERB_GET_AMP_GAIN_MUTE, 0xa000), ==, 0x85);
	/* The ADC has a stream of its own. */
	g_assert_cmphex(rd(c, 4, AC_VERB_SET_STREAM_FORMAT, 0x4031), ==, 0);
	g_assert_cmphex(rd(c, 4, AC_VERB_GET_STREAM_FORMAT, 0), ==, 0x4031);
	g_assert_cmphex(rd(c, 2, AC_VERB_GET_STREAM_FORMAT, 0), ==, 0x11);
	rd(c, 4, AC_VERB_SET_CHANNEL_STREAMID, 0x20);
	g_assert_cmpuint(emu_codec_stream_converter(c, 5, TRUE, &fmt), ==, 2);
	g_assert_cmphex(fmt, ==, 0x11);
	g_assert_cmpuint(emu_codec_stream_converter(c, 2, FALSE, &fmt), ==, 4);
	g_assert_cmphex(fmt, ==, 0x4031);
	g_assert_cmpuint(emu_codec_stream_converter(c, 5, FALSE, NULL), ==, 0);
	g_assert_cmpuint(emu_codec_stream_converter(c, 0, TRUE, NULL), ==, 0);
	/* Verbs QEMU does not implement: 0. */
	g_assert_cmphex(rd(c, 3, AC_VERB_SET_EAPD_BTLENABLE, 2), ==, 0);
	g_assert_cmphex(rd(c, 3, AC_VERB_GET_EAPD_BTLENABLE, 0), ==, 0);
	g_assert_cmphex(rd(c, 2, 0x800, 0x1234), ==, 0);  /* a 4-bit verb id nobody defines */
	emu_codec_free(c);
}

/* ---- the generic model: set verbs keep state ---- */

static void test_state(void)
{
	EmuCodec *c = codec_new("dump:" DATA("minimal.txt"));
	uint16_t fmt = 0;

	/* amps: per direction, channel and index */
	g_assert_cmphex(rd(c, 0x05, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT | 1), ==, 0x17);
	rd(c, 0x05, AC_VERB_SET_AMP_GAIN_MUTE, AC_AMP_SET_INPUT | AC_AMP_SET_RIGHT | 2 << 8 | 0x05);
	g_assert_cmphex(rd(c, 0x05, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_RIGHT | 2), ==, 0x05);
	g_assert_cmphex(rd(c, 0x05, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT | 2), ==, 0x80);
	g_assert_cmphex(rd(c, 0x05, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_RIGHT | 1), ==, 0x17);
	rd(c, 0x02, AC_VERB_SET_AMP_GAIN_MUTE, 0xb000 | AC_AMP_MUTE | 0x10);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_OUTPUT | AC_AMP_GET_LEFT), ==, 0x90);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_OUTPUT), ==, 0x90);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_INPUT | AC_AMP_GET_LEFT), ==, 0);
	/* pin control, EAPD, unsolicited, connection select */
	rd(c, 0x06, AC_VERB_SET_PIN_WIDGET_CONTROL, 0x40);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_PIN_WIDGET_CONTROL, 0), ==, 0x40);
	rd(c, 0x06, AC_VERB_SET_EAPD_BTLENABLE, 0);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_EAPD_BTLENABLE, 0), ==, 0);
	rd(c, 0x07, AC_VERB_SET_UNSOLICITED_ENABLE, 0x80 | 0x05);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_UNSOLICITED_RESPONSE, 0), ==, 0x85);
	g_assert_cmphex(rd(c, 0x0a, AC_VERB_GET_CONNECT_SEL, 0), ==, 1);
	rd(c, 0x0a, AC_VERB_SET_CONNECT_SEL, 2);
	g_assert_cmphex(rd(c, 0x0a, AC_VERB_GET_CONNECT_SEL, 0), ==, 2);
	/* converter stream/channel and format: what the controller model asks */
	rd(c, 0x02, AC_VERB_SET_CHANNEL_STREAMID, 0x30);
	rd(c, 0x02, AC_VERB_SET_STREAM_FORMAT, 0x4011);
	rd(c, 0x04, AC_VERB_SET_CHANNEL_STREAMID, 0x30);
	rd(c, 0x04, AC_VERB_SET_STREAM_FORMAT, 0x0031);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_CONV, 0), ==, 0x30);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_STREAM_FORMAT, 0), ==, 0x4011);
	g_assert_cmpuint(emu_codec_stream_converter(c, 3, TRUE, &fmt), ==, 0x02);
	g_assert_cmphex(fmt, ==, 0x4011);
	g_assert_cmpuint(emu_codec_stream_converter(c, 3, FALSE, &fmt), ==, 0x04);
	g_assert_cmphex(fmt, ==, 0x0031);
	g_assert_cmpuint(emu_codec_stream_converter(c, 4, TRUE, &fmt), ==, 0);
	/* power: setting and actual follow at once, flags stay */
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_POWER_STATE, 0), ==, 0x200);
	rd(c, 0x01, AC_VERB_SET_POWER_STATE, AC_PWRST_D3);
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_POWER_STATE, 0), ==, 0x233);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_POWER_STATE, 0), ==, 0x33);
	rd(c, 0x07, AC_VERB_SET_POWER_STATE, AC_PWRST_D0);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_POWER_STATE, 0), ==, 0x00);
	/* pin default, byte by byte; subsystem id */
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_CONFIG_DEFAULT, 0), ==, 0x0221101f);
	rd(c, 0x06, AC_VERB_SET_CONFIG_DEFAULT_BYTES_3, 0x90);
	rd(c, 0x06, AC_VERB_SET_CONFIG_DEFAULT_BYTES_0, 0x10);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_CONFIG_DEFAULT, 0), ==, 0x90211010);
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_SUBSYSTEM_ID, 0), ==, 0x53460001);
	/* GPIO on the AFG */
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_GPIO_DATA, 0), ==, 0x01);
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_GPIO_UNSOLICITED_RSP_MASK, 0), ==, 0x02);
	rd(c, 0x01, AC_VERB_SET_GPIO_DATA, 0x03);
	g_assert_cmphex(rd(c, 0x01, AC_VERB_GET_GPIO_DATA, 0), ==, 0x03);
	/* digital converter: DIG1 and category */
	g_assert_cmphex(rd(c, 0x03, AC_VERB_GET_DIGI_CONVERT_1, 0), ==, 0x0281);
	rd(c, 0x03, AC_VERB_SET_DIGI_CONVERT_2, 0x04);
	g_assert_cmphex(rd(c, 0x03, AC_VERB_GET_DIGI_CONVERT_1, 0), ==, 0x0481);
	/* coefficients: the index steps on after each access */
	rd(c, 0x0b, AC_VERB_SET_COEF_INDEX, 1);
	g_assert_cmphex(rd(c, 0x0b, AC_VERB_GET_PROC_COEF, 0), ==, 0x8000);
	g_assert_cmphex(rd(c, 0x0b, AC_VERB_GET_COEF_INDEX, 0), ==, 2);
	rd(c, 0x0b, AC_VERB_SET_PROC_COEF, 0x1234);
	rd(c, 0x0b, AC_VERB_SET_COEF_INDEX, 2);
	g_assert_cmphex(rd(c, 0x0b, AC_VERB_GET_PROC_COEF, 0), ==, 0x1234);
	/* a verb the model does not implement: 0 */
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_HDMI_ELDD, 0), ==, 0);
	/* pin sense, from the controller model */
	g_assert_true(emu_codec_set_pin_sense(c, 0x06, 0x80000000));
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_PIN_SENSE, 0), ==, 0x80000000);
	g_assert_false(emu_codec_set_pin_sense(c, 0x40, 0));
	/* function group reset: back to the dump's state */
	rd(c, 0x01, AC_VERB_SET_CODEC_RESET, 0);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_PIN_WIDGET_CONTROL, 0), ==, 0xc0);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_CONFIG_DEFAULT, 0), ==, 0x0221101f);
	g_assert_cmphex(rd(c, 0x0b, AC_VERB_GET_PROC_COEF, 0), ==, 0x0001);
	g_assert_cmpuint(emu_codec_stream_converter(c, 3, TRUE, NULL), ==, 0);
	emu_codec_free(c);
}

/* ---- connection lists ---- */

static void test_conn_short_range(void)
{
	EmuCodec *c = codec_new("dump:" DATA("longform.txt"));

	/* "0x02* 0x03-0x06 0x0a": entries 0x02, 0x03, range to 0x06, 0x0a */
	g_assert_cmphex(par(c, 0x07, AC_PAR_CONNLIST_LEN), ==, 4);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_CONNECT_LIST, 0), ==, 0x0a860302);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_CONNECT_LIST, 2), ==, 0x00000a86);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_CONNECT_LIST, 4), ==, 0);
	/* a plain short list: five entries, two responses */
	g_assert_cmphex(par(c, 0x0a, AC_PAR_CONNLIST_LEN), ==, 5);
	g_assert_cmphex(rd(c, 0x0a, AC_VERB_GET_CONNECT_LIST, 0), ==, 0x05040302);
	g_assert_cmphex(rd(c, 0x0a, AC_VERB_GET_CONNECT_LIST, 4), ==, 0x00000006);
	emu_codec_free(c);
}

static void test_conn_long_form(void)
{
	EmuCodec *c = codec_new("dump:" DATA("longform.txt"));

	/* "0x02 0x85* 0x90": a NID over 0x7f needs the long form, two per response */
	g_assert_cmphex(par(c, 0x08, AC_PAR_CONNLIST_LEN), ==, AC_CLIST_LONG | 3);
	g_assert_cmphex(rd(c, 0x08, AC_VERB_GET_CONNECT_LIST, 0), ==, 0x00850002);
	g_assert_cmphex(rd(c, 0x08, AC_VERB_GET_CONNECT_LIST, 2), ==, 0x00000090);
	g_assert_cmphex(rd(c, 0x08, AC_VERB_GET_CONNECT_SEL, 0), ==, 1);
	/* "0x100-0x104 0x0a*": a long-form range (bit 15) */
	g_assert_cmphex(par(c, 0x09, AC_PAR_CONNLIST_LEN), ==, AC_CLIST_LONG | 3);
	g_assert_cmphex(rd(c, 0x09, AC_VERB_GET_CONNECT_LIST, 0), ==, 0x81040100);
	g_assert_cmphex(rd(c, 0x09, AC_VERB_GET_CONNECT_LIST, 2), ==, 0x0000000a);
	g_assert_cmphex(rd(c, 0x09, AC_VERB_GET_CONNECT_SEL, 0), ==, 5);
	emu_codec_free(c);
}

/* ---- the parser on the project's own dumps ---- */

static char *read_text(const char *path)
{
	char *text = NULL;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

/* The dump without the lines the kernel driver adds (the model cannot know them). */
static char *without_driver_lines(const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; lines[i]; i++) {
		const char *t = lines[i] + strspn(lines[i], " ");

		if (g_str_has_prefix(t, "Control:") || g_str_has_prefix(t, "ControlAmp:") ||
		    g_str_has_prefix(t, "Device:"))
			continue;
		g_string_append(s, lines[i]);
		if (lines[i + 1])
			g_string_append_c(s, '\n');
	}
	return g_string_free(s, FALSE);
}

/*
 * Linux 6.1's own dump of the same QEMU codec (qtest/data/codecs, taken in
 * the emulated guest) equals the model's, once the model has seen the
 * writes of snd-hda-intel's generic parser that the dump shows (the DAC's
 * output and the ADC's input amps muted) and without the lines the kernel
 * driver adds.
 */
static void test_qemu_linux_dump(gconstpointer data)
{
	const QemuCodec *q = data;
	g_autofree char *file = g_strdup_printf(SV_CODEC_DATA "/qemu-%s-linux.txt", q->name);
	g_autofree char *text = read_text(file);
	const char *from = strstr(text, "Codec:");
	EmuCodec *c = codec_new(q->name);
	g_autofree char *got = NULL, *want = NULL;
	g_autofree char *dump = NULL;

	g_assert_nonnull(from);
	dump = without_driver_lines(from);
	rd(c, 2, AC_VERB_SET_AMP_GAIN_MUTE, AC_AMP_SET_OUTPUT | AC_AMP_SET_LEFT | AC_AMP_SET_RIGHT | AC_AMP_MUTE);
	if (q->nodes > 4)
		rd(c, 4, AC_VERB_SET_AMP_GAIN_MUTE, AC_AMP_SET_INPUT | AC_AMP_SET_LEFT | AC_AMP_SET_RIGHT | AC_AMP_MUTE);
	got = emu_codec_proc_text(c, 0, FALSE);
	/* the kernel names QEMU's codecs "QEMU Generic" */
	want = g_strdup_printf("Codec: %s%s", q->name, strchr(dump, '\n'));
	g_assert_cmpstr(got, ==, want);
	emu_codec_free(c);
}

static void test_parse_minimal(void)
{
	EmuCodec *c = codec_new("dump:" DATA("minimal.txt"));
	g_autofree char *text = read_text(DATA("minimal.txt"));
	g_autofree char *want = without_driver_lines(text);
	g_autofree char *got = NULL;
	EmuCodecInfo info;

	emu_codec_info(c, &info);
	g_assert_cmpstr(info.name, ==, "Sofvfio Test Minimal");
	g_assert_cmpint(info.address, ==, 0);
	g_assert_cmpuint(info.nodes, ==, 10);
	g_assert_cmpuint(info.afg, ==, 1);
	g_assert_cmpuint(info.mfg, ==, 0);
	g_assert_cmpuint(info.sections, ==, 1);
	g_assert_cmpuint(info.warnings, ==, 0);
	g_assert_cmphex(emu_codec_vendor_id(c), ==, 0x5346ab01);
	g_assert_cmphex(par(c, 0, AC_PAR_NODE_COUNT), ==, 0x00010001);
	g_assert_cmphex(par(c, 1, AC_PAR_NODE_COUNT), ==, 0x0002000a);
	g_assert_cmphex(par(c, 1, AC_PAR_FUNCTION_TYPE), ==, AC_FGT_UNSOL_CAP | 1);
	g_assert_cmphex(par(c, 1, AC_PAR_POWER_STATE), ==, 0xc000000f);
	g_assert_cmphex(par(c, 1, AC_PAR_GPIO_CAP), ==, 0x40000002);
	g_assert_cmphex(par(c, 0x02, AC_PAR_AUDIO_WIDGET_CAP), ==, 0x41d);
	g_assert_cmphex(par(c, 0x02, AC_PAR_AMP_OUT_CAP), ==, 0x00025757);
	g_assert_cmphex(par(c, 0x03, AC_PAR_PCM), ==, 0x001e05f0);
	g_assert_cmphex(par(c, 0x03, AC_PAR_STREAM), ==, 5);
	/* no FORMAT_OVRD: the AFG's PCM, as Linux reads it */
	g_assert_cmphex(par(c, 0x04, AC_PAR_PCM), ==, 0x000e0560);
	g_assert_cmphex(par(c, 0x06, AC_PAR_PIN_CAP), ==, 0x0001001c);
	g_assert_cmphex(par(c, 0x07, AC_PAR_AMP_IN_CAP), ==, 0x00270300);
	g_assert_cmphex(par(c, 0x08, AC_PAR_AMP_OUT_CAP), ==, 0x80170303);
	g_assert_cmphex(par(c, 0x09, AC_PAR_VOL_KNB_CAP), ==, 64);
	g_assert_cmphex(rd(c, 0x09, AC_VERB_GET_VOLUME_KNOB_CONTROL, 0), ==, 0x80 | 40);
	g_assert_cmphex(par(c, 0x0b, AC_PAR_PROC_CAP), ==, 4 << 8);
	g_assert_cmphex(rd(c, 0x07, AC_VERB_GET_PIN_WIDGET_CONTROL, 0), ==, 0x24);
	g_assert_cmphex(rd(c, 0x06, AC_VERB_GET_UNSOLICITED_RESPONSE, 0), ==, 0x81);
	/* printed back through verbs, it is the dump again */
	got = emu_codec_proc_text(c, info.address, TRUE);
	g_assert_cmpstr(got, ==, want);
	emu_codec_free(c);
}

static void test_parse_alsa_info(void)
{
	static const struct {
		const char *name;
		int address;
		unsigned nodes;
		unsigned pin;
		uint32_t pin_default;  /* init_pin_configs value */
		unsigned init_differ;
	} want[] = {
		{ "Sofvfio Test Analog", 0, 5, 0x05, 0x99130110, 1 },
		{ "Sofvfio Test HDMI", 3, 2, 0x03, 0x18560010, 0 },
		{ "Sofvfio Test Second Card", 0, 2, 0x03, 0x01014020, 1 },
	};
	g_autoptr(GError) err = NULL;

	g_assert_cmpint(emu_codec_dump_sections(DATA("alsa-info.txt"), &err), ==, 3);
	for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
		g_autofree char *spec = g_strdup_printf("dump:" DATA("alsa-info.txt") "#%u", i);
		EmuCodec *c = codec_new(spec);
		EmuCodec *raw = emu_codec_new_full(spec, EMU_CODEC_PINS_AS_DUMPED, &err);
		EmuCodecInfo info;

		g_assert_nonnull(raw);
		emu_codec_info(c, &info);
		g_assert_cmpstr(info.name, ==, want[i].name);
		g_assert_cmpint(info.address, ==, want[i].address);
		g_assert_cmpuint(info.nodes, ==, want[i].nodes);
		g_assert_cmpuint(info.section, ==, i);
		g_assert_cmpuint(info.sections, ==, 3);
		g_assert_cmpuint(info.warnings, ==, 0);
		g_assert_cmpuint(info.init_pins_differ, ==, want[i].init_differ);
		g_assert_cmphex(rd(c, want[i].pin, AC_VERB_GET_CONFIG_DEFAULT, 0), ==,
				want[i].pin_default);
		if (want[i].init_differ)
			g_assert_cmphex(rd(raw, want[i].pin, AC_VERB_GET_CONFIG_DEFAULT, 0), !=,
					want[i].pin_default);
		emu_codec_free(raw);
		emu_codec_free(c);
	}
	{
		/* #0 is the first; the HDMI codec: 8 channels, HBR/DP pin caps */
		EmuCodec *first = codec_new("dump:" DATA("alsa-info.txt"));
		EmuCodec *hdmi = codec_new("dump:" DATA("alsa-info.txt") "#1");

		g_assert_cmphex(emu_codec_vendor_id(first), ==, 0x5346ab05);
		g_assert_cmphex(par(hdmi, 0x03, AC_PAR_AUDIO_WIDGET_CAP), ==, 0x40778d);
		g_assert_cmphex(par(hdmi, 0x03, AC_PAR_PIN_CAP), ==, 0x0b000094);
		g_assert_cmphex(rd(hdmi, 0x01, AC_VERB_GET_POWER_STATE, 0), ==, 0x200);
		emu_codec_free(first);
		emu_codec_free(hdmi);
	}
}

static void test_parse_old_kernel(void)
{
	EmuCodec *c = codec_new("dump:" DATA("old.txt"));
	EmuCodecInfo info;

	emu_codec_info(c, &info);
	g_assert_cmpstr(info.name, ==, "Sofvfio Test Old Kernel");
	g_assert_cmpint(info.address, ==, 1);
	g_assert_cmpuint(info.nodes, ==, 5);
	/* one garbled line, named with its line number; the text after the dump ends it */
	g_assert_cmpuint(info.warnings, ==, 1);
	g_assert_nonnull(strstr(info.first_warning, "old.txt:37:"));
	g_assert_cmpuint(info.lines, ==, 37);
	/* "Default PCM: rates 0x07f, bits 0x0e, types 0x1" */
	g_assert_cmphex(par(c, 1, AC_PAR_PCM), ==, 0x000e007f);
	g_assert_cmphex(par(c, 1, AC_PAR_STREAM), ==, 1);
	/* no "Power states" for the AFG in old dumps: D0-D3 */
	g_assert_cmphex(par(c, 1, AC_PAR_POWER_STATE), ==, 0xf);
	g_assert_cmphex(par(c, 0x02, AC_PAR_PCM), ==, 0x00020060);
	g_assert_cmphex(par(c, 0x02, AC_PAR_STREAM), ==, 5);
	g_assert_cmphex(rd(c, 0x02, AC_VERB_GET_CONNECT_SEL, 0), ==, 0);
	/* no FORMAT_OVRD, no AMP_OVRD: the AFG's; "Power: 0x0" raw */
	g_assert_cmphex(par(c, 0x03, AC_PAR_PCM), ==, 0x000e007f);
	g_assert_cmphex(par(c, 0x03, AC_PAR_AMP_OUT_CAP), ==, 0x80053f3d);
	g_assert_cmphex(rd(c, 0x03, AC_VERB_GET_POWER_STATE, 0), ==, 0);
	/* "Pincap 0x081173f": the old "0x08%x" print */
	g_assert_cmphex(par(c, 0x04, AC_PAR_PIN_CAP), ==, 0x0001173f);
	g_assert_cmphex(par(c, 0x06, AC_PAR_PIN_CAP), ==, 0x20);
	/* "Amp-In caps: N/A" is 0, "Amp-In vals: 0x05 0x06" one index */
	g_assert_cmphex(par(c, 0x04, AC_PAR_AMP_IN_CAP), ==, 0);
	g_assert_cmphex(rd(c, 0x04, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT), ==, 0x05);
	g_assert_cmphex(rd(c, 0x04, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_RIGHT), ==, 0x06);
	g_assert_cmphex(rd(c, 0x04, AC_VERB_GET_EAPD_BTLENABLE, 0), ==, 2);
	g_assert_cmphex(par(c, 0x04, AC_PAR_CONNLIST_LEN), ==, 0);
	/* "Node 0x05 [Audio Mixer]:" without wcaps: rebuilt from the block */
	g_assert_cmphex(par(c, 0x05, AC_PAR_AUDIO_WIDGET_CAP), ==, 0x20010b);
	g_assert_cmphex(par(c, 0x05, AC_PAR_CONNLIST_LEN), ==, 2);
	g_assert_cmphex(rd(c, 0x05, AC_VERB_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT), ==, 0x80);
	emu_codec_free(c);
}

static void test_parse_errors(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("codec-parse-XXXXXX", NULL);
	g_autofree char *nocodec = g_build_filename(dir, "nocodec.txt", NULL);
	g_autofree char *hashname = g_build_filename(dir, "codec#0", NULL);
	g_autofree char *spec = NULL;
	g_autofree char *text = read_text(DATA("minimal.txt"));
	EmuCodec *c;

	g_assert_nonnull(dir);
	/* a missing file */
	g_assert_null(emu_codec_new("dump:" DATA("no-such-dump.txt"), &err));
	g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
	g_assert_nonnull(strstr(err->message, "no-such-dump.txt"));
	g_clear_error(&err);
	g_assert_cmpint(emu_codec_dump_sections(DATA("no-such-dump.txt"), &err), ==, -1);
	g_clear_error(&err);
	/* a file without a "Codec:" section */
	g_assert_true(g_file_set_contents(nocodec, "!!ALSA Information Script\n00:1b.0 audio\n", -1, NULL));
	spec = g_strconcat("dump:", nocodec, NULL);
	g_assert_null(emu_codec_new(spec, &err));
	g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, nocodec));
	g_assert_nonnull(strstr(err->message, "no \"Codec:\" section"));
	g_clear_error(&err);
	g_assert_cmpint(emu_codec_dump_sections(nocodec, NULL), ==, 0);
	/* a section that does not exist */
	g_assert_null(emu_codec_new("dump:" DATA("alsa-info.txt") "#3", &err));
	g_assert_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, "3 codec sections: #3 does not exist"));
	g_clear_error(&err);
	/* specs */
	g_assert_null(emu_codec_new("hda-nothing", &err));
	g_assert_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
	g_assert_nonnull(strstr(err->message, "hda-duplex"));
	g_clear_error(&err);
	g_assert_null(emu_codec_new("dump:", &err));
	g_assert_nonnull(err);
	g_clear_error(&err);
	g_assert_null(emu_codec_new("", &err));
	g_assert_nonnull(err);
	g_clear_error(&err);
	/* /proc's own name "codec#0" is a file name, not a section number */
	g_assert_true(g_file_set_contents(hashname, text, -1, NULL));
	g_free(spec);
	spec = g_strconcat("dump:", hashname, NULL);
	c = emu_codec_new(spec, &err);
	g_assert_no_error(err);
	emu_codec_free(c);
	g_free(spec);
	spec = g_strconcat("dump:", hashname, "#0", NULL);
	c = emu_codec_new(spec, &err);
	g_assert_no_error(err);
	emu_codec_free(c);
	g_remove(nocodec);
	g_remove(hashname);
	g_rmdir(dir);
}

/* ---- damaged dumps: never a crash, the damage counted ---- */

static char *mutate(const char *line, unsigned how)
{
	GString *o = g_string_new(NULL);

	switch (how) {
	case 0:  /* cut in the middle */
		return g_strndup(line, strlen(line) / 2);
	case 1:  /* numbers replaced by letters */
		for (const char *p = line; *p; p++)
			g_string_append_c(o, g_ascii_isdigit(*p) ? 'z' : *p);
		break;
	case 2:  /* numbers far too large */
		for (const char *p = line; *p; p++) {
			g_string_append_c(o, *p);
			if (g_ascii_isdigit(*p) && !g_ascii_isxdigit(p[1]))
				g_string_append(o, "fffffffffffffffff");
		}
		break;
	case 3:  /* gone */
		break;
	default: /* twice */
		g_string_append_printf(o, "%s\n%s", line, line);
		break;
	}
	return g_string_free(o, FALSE);
}

static void test_damaged(void)
{
	static const char *const files[] = { "minimal.txt", "old.txt", "alsa-info.txt", "longform.txt" };
	g_autofree char *dir = g_dir_make_tmp("codec-damage-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "damaged.txt", NULL);
	g_autofree char *spec = g_strconcat("dump:", path, NULL);
	unsigned variants = 0, warned = 0;

	for (unsigned f = 0; f < G_N_ELEMENTS(files); f++) {
		g_autofree char *file = g_build_filename(SV_CODEC_DATA, files[f], NULL);
		g_autofree char *text = read_text(file);
		g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
		unsigned n = g_strv_length(lines);

		for (unsigned i = 0; i < n; i++)
			for (unsigned how = 0; how < 5; how++) {
				GString *t = g_string_new(NULL);
				g_autoptr(GError) err = NULL;
				g_autofree char *m = mutate(lines[i], how);
				EmuCodec *c;

				for (unsigned k = 0; k < n; k++)
					g_string_append_printf(t, "%s\n", k == i ? m : lines[k]);
				g_assert_true(g_file_set_contents(path, t->str, t->len, NULL));
				g_string_free(t, TRUE);
				c = emu_codec_new(spec, &err);
				variants++;
				if (!c) {
					/* only when the damage took the one "Codec:" line away */
					g_assert_true(g_str_has_prefix(lines[i], "Codec:"));
					continue;
				}
				{
					EmuCodecInfo info;
					g_autofree char *proc = emu_codec_proc_text(c, 0, TRUE);

					emu_codec_info(c, &info);
					warned += info.warnings > 0;
					g_assert_nonnull(proc);
					for (unsigned nid = 0; nid < 0x100; nid++) {
						uint32_t r;

						if (emu_codec_verb(c, nid << 20 | AC_VERB_GET_CONNECT_LIST << 8, &r))
							emu_codec_verb(c, nid << 20 | AC_VERB_GET_AMP_GAIN_MUTE << 8 | 0xa00f, &r);
					}
				}
				emu_codec_free(c);
			}
	}
	g_test_message("%u damaged dumps parsed, %u with warnings", variants, warned);
	g_assert_cmpuint(warned, >, 0);
	g_remove(path);
	g_rmdir(dir);
}

/* ---- every dump of ../shared/codecs ---- */

typedef struct {
	unsigned sections, nodes, lines, warnings;
	unsigned init_pins, init_differ;
	unsigned compared, format_differs, mismatches;
	unsigned exact_sections, modern_sections, modern_exact;
} Totals;

/*
 * A line's shape: its text with every number replaced, keeping the digit
 * count of hex numbers of 4 digits or more (fixed-width prints: versions of
 * proc.c printed "0x%x" or "0x08%x" where the current one prints "0x%08x").
 */
static char *shape(const char *s)
{
	GString *o = g_string_new(NULL);

	while (*s) {
		if (g_str_has_prefix(s, "0x") && g_ascii_isxdigit(s[2])) {
			const char *start = s += 2;

			while (g_ascii_isxdigit(*s))
				s++;
			g_string_append_c(o, '#');
			if (s - start >= 4)
				g_string_append_printf(o, "%d", (int)(s - start));
		} else if (g_ascii_isdigit(*s)) {
			while (g_ascii_isdigit(*s))
				s++;
			g_string_append_c(o, '#');
		} else {
			g_string_append_c(o, *s++);
		}
	}
	return g_string_free(o, FALSE);
}

/* Lines the kernel driver or a vendor hook adds: no codec answer behind them. */
static bool driver_line(const char *t)
{
	static const char *const prefixes[] = {
		"Control:", "ControlAmp:", "Device:", "Power-Map:", "Analog Loopback:",
		"Processing Coefficient:", "Coefficient Index:", "Devices:", "Dev ", "*Dev ",
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (g_str_has_prefix(t, prefixes[i]))
			return true;
	return false;
}

/*
 * (scope, key) -> the lines with that key, in order: the scope is the Node
 * line, the key the shape of what precedes the first ':' or '=' (a list of
 * NIDs takes the key of the line before it).
 */
static GPtrArray *keyed_lines(char **lines, unsigned n, GHashTable *map)
{
	GPtrArray *order = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *scope = g_strdup("header");
	g_autofree char *last_key = g_strdup("");
	bool skip_list = false;

	for (unsigned i = 0; i < n; i++) {
		g_autofree char *l = g_strchomp(g_strdup(lines[i]));
		const char *t = l + strspn(l, " \t");
		g_autofree char *key = NULL;
		GPtrArray *same;

		if (!*t || driver_line(t))
			continue;
		if (g_str_has_prefix(t, "In-driver Connection:")) {
			skip_list = !g_str_has_suffix(t, " 0");
			continue;
		}
		if (g_str_has_prefix(t, "0x")) {
			if (skip_list) {
				skip_list = false;
				continue;
			}
			key = g_strconcat(scope, "|list:", last_key, NULL);
		} else {
			g_autofree char *prefix = g_strndup(t, strcspn(t, ":="));

			skip_list = false;
			if (g_str_has_prefix(t, "Node ")) {
				g_free(scope);
				scope = g_strndup(t, 9);
			}
			g_free(last_key);
			last_key = shape(prefix);
			key = g_strconcat(scope, "|", last_key, NULL);
		}
		same = g_hash_table_lookup(map, key);
		if (!same) {
			same = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(order, g_strdup(key));
			g_hash_table_insert(map, g_steal_pointer(&key), same);
		}
		g_ptr_array_add(same, g_strdup(l));
	}
	return order;
}

/*
 * Print the model back and compare with the dump: lines with the same key
 * and the same shape must be equal; lines whose shape differs come from
 * another version of proc.c (older kernels print less, or differently,
 * e.g. one value for a stereo-to-mono mixer input where proc.c now prints two).  A
 * section is identical when nothing differs at all.
 */
static void compare_section(EmuCodec *c, char **lines, unsigned n, const char *where, Totals *t)
{
	g_autoptr(GHashTable) dump = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							   (GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GHashTable) model = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
							    (GDestroyNotify)g_ptr_array_unref);
	EmuCodecInfo info;
	g_autofree char *text = NULL;
	g_auto(GStrv) out = NULL;
	g_autoptr(GPtrArray) dorder = NULL, morder = NULL;
	bool modern = false, exact;

	emu_codec_info(c, &info);
	text = emu_codec_proc_text(c, info.address, FALSE);
	out = g_strsplit(text, "\n", -1);
	dorder = keyed_lines(lines, n, dump);
	morder = keyed_lines(out, g_strv_length(out), model);
	exact = dorder->len == morder->len;
	for (unsigned i = 0; i < n; i++)
		modern |= g_str_has_prefix(lines[i], "State of AFG node");
	for (unsigned i = 0; i < dorder->len; i++) {
		const char *key = dorder->pdata[i];
		GPtrArray *ds = g_hash_table_lookup(dump, key), *ms = g_hash_table_lookup(model, key);

		if (!ms || ms->len != ds->len)
			exact = false;
		for (unsigned k = 0; k < ds->len; k++) {
			const char *d = ds->pdata[k], *m = ms && k < ms->len ? ms->pdata[k] : NULL;
			g_autofree char *dshape = shape(d), *mshape = m ? shape(m) : NULL;

			if (!m || strcmp(dshape, mshape)) {
				t->format_differs++;
				exact = false;
				continue;
			}
			t->compared++;
			if (strcmp(d, m)) {
				t->mismatches++;
				exact = false;
				g_test_message("%s: dump \"%s\", model \"%s\"", where, d, m);
			}
		}
	}
	t->exact_sections += exact;
	t->modern_sections += modern;
	t->modern_exact += modern && exact;
}

static void test_shared_codecs(void)
{
	const char *env = g_getenv("SOFVFIO_SHARED_CODECS");
	g_autofree char *dir = env ? g_strdup(env) : g_build_filename(SV_SOURCE_ROOT, "..", "shared",
								       "codecs", NULL);
	g_autoptr(GDir) d = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	Totals t = { 0 };
	unsigned files = 0, files_without = 0;
	const char *name;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_autofree char *why = g_strdup_printf("no codec dumps in %s (set SOFVFIO_SHARED_CODECS)", dir);

		g_test_skip(why);
		return;
	}
	d = g_dir_open(dir, 0, NULL);
	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d)))
		if (strcmp(name, "README.md"))
			g_ptr_array_add(names, g_build_filename(dir, name, NULL));
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	for (unsigned f = 0; f < names->len; f++) {
		const char *path = names->pdata[f];
		g_autoptr(GError) err = NULL;
		g_autofree char *text = NULL;
		g_auto(GStrv) lines = NULL;
		int n = emu_codec_dump_sections(path, &err);
		unsigned start = 0, nl;

		g_assert_no_error(err);
		files++;
		if (n == 0) {
			files_without++;  /* e.g. an lspci listing that came with a dump */
			g_test_message("%s: no codec section", path);
			continue;
		}
		g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
		lines = g_strsplit(text, "\n", -1);
		nl = g_strv_length(lines);
		for (unsigned i = 0; i < nl; i++)
			g_strchomp(lines[i]);  /* \r and trailing blanks */
		for (int s = 0; s < n; s++) {
			g_autofree char *spec = g_strdup_printf("dump:%s#%d", path, s);
			g_autofree char *where = g_strdup_printf("%s#%d", path, s);
			EmuCodec *c = emu_codec_new(spec, &err);
			EmuCodec *raw;
			EmuCodecInfo info;

			g_assert_no_error(err);
			g_assert_nonnull(c);
			emu_codec_info(c, &info);
			t.sections++;
			t.nodes += info.nodes;
			t.lines += info.lines;
			t.warnings += info.warnings;
			t.init_pins += info.init_pins;
			t.init_differ += info.init_pins_differ;
			if (info.warnings)
				g_test_message("%s", info.first_warning);
			g_assert_cmphex(emu_codec_vendor_id(c), !=, 0);
			while (start < nl && !g_str_has_prefix(lines[start], "Codec:"))
				start++;
			g_assert_cmpuint(start, <, nl);
			raw = emu_codec_new_full(spec, EMU_CODEC_PINS_AS_DUMPED, &err);
			g_assert_no_error(err);
			compare_section(raw, lines + start, MIN(info.lines, nl - start), where, &t);
			emu_codec_free(raw);
			emu_codec_free(c);
			start++;
		}
	}
	g_test_message("%u files (%u without a codec section), %u sections, %u nodes, "
		       "%u lines, %u warnings", files, files_without, t.sections, t.nodes, t.lines,
		       t.warnings);
	g_test_message("init_pin_configs: %u pins, %u differ from the dump's Pin Default",
		       t.init_pins, t.init_differ);
	g_test_message("printed back: %u lines equal, %u mismatches, %u of another proc.c "
		       "format; %u/%u sections identical; %u/%u of the current format identical",
		       t.compared - t.mismatches, t.mismatches, t.format_differs, t.exact_sections,
		       t.sections, t.modern_exact, t.modern_sections);
	g_assert_cmpuint(t.sections, >, 0);
	g_assert_cmpuint(t.mismatches, ==, 0);
}

/* The parser logs each warning at debug level: counted in EmuCodecInfo, not shown here. */
static void quiet(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_handler("emu-codec", G_LOG_LEVEL_DEBUG, quiet, NULL);
	for (unsigned i = 0; i < G_N_ELEMENTS(qemu_codecs); i++) {
		g_autofree char *path = g_strdup_printf("/codec/builtin/%s", qemu_codecs[i].name);

		g_test_add_data_func(path, &qemu_codecs[i], test_qemu_answers);
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(qemu_codecs); i++) {
		g_autofree char *path = g_strdup_printf("/codec/builtin/%s/linux-dump", qemu_codecs[i].name);

		g_test_add_data_func(path, &qemu_codecs[i], test_qemu_linux_dump);
	}
	g_test_add_func("/codec/builtin/qemu-set-verbs", test_qemu_state);
	g_test_add_func("/codec/verbs/state", test_state);
	g_test_add_func("/codec/connections/short-range", test_conn_short_range);
	g_test_add_func("/codec/connections/long-form", test_conn_long_form);
	g_test_add_func("/codec/dump/minimal", test_parse_minimal);
	g_test_add_func("/codec/dump/alsa-info", test_parse_alsa_info);
	g_test_add_func("/codec/dump/old-kernel", test_parse_old_kernel);
	g_test_add_func("/codec/dump/errors", test_parse_errors);
	g_test_add_func("/codec/dump/damaged", test_damaged);
	g_test_add_func("/codec/dump/shared-codecs", test_shared_codecs);
	return g_test_run();
}
