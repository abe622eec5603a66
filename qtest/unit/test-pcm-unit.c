// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-pcm-unit.c - the pure logic under playback and capture, no device:
 * format words, converter capabilities, BDL construction, ring arithmetic,
 * sample packing and levels, path search on synthetic codecs, WAV files,
 * and wavcheck's analysis (and the wavcheck tool itself on generated files).
 */
#include "sofvfio/hda-pcm.h"
#include "wavanalysis.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

/* ---- formats --------------------------------------------------------------- */

static void test_format_encode(void)
{
	static const struct {
		HdaPcmFormat f;
		uint16_t word;
	} cases[] = {
		/* spec 3.7.1 and Linux's rate table */
		{ { 48000, 16, 2 }, 0x0011 },  { { 44100, 16, 2 }, 0x4011 },
		{ { 96000, 24, 2 }, 0x0831 },  { { 192000, 32, 8 }, 0x1847 },
		{ { 8000, 16, 1 }, 0x0510 },   { { 11025, 8, 2 }, 0x4301 },
		{ { 22050, 20, 1 }, 0x4120 }, { { 32000, 16, 2 }, 0x0a11 },
		{ { 176400, 16, 2 }, 0x5811 }, { { 384000, 16, 16 }, 0x381f },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) err = NULL;
		HdaPcmFormat back;
		uint16_t w = 0;

		g_assert_true(hda_format_encode(&cases[i].f, &w, &err));
		g_assert_no_error(err);
		g_assert_cmphex(w, ==, cases[i].word);
		g_assert_true(hda_format_decode(w, &back, &err));
		g_assert_cmpuint(back.rate, ==, cases[i].f.rate);
		g_assert_cmpuint(back.bits, ==, cases[i].f.bits);
		g_assert_cmpuint(back.channels, ==, cases[i].f.channels);
	}
}

static void test_format_roundtrip_all(void)
{
	static const unsigned bits[] = { 8, 16, 20, 24, 32 };

	for (unsigned r = 0; r < HDA_N_RATES; r++)
		for (unsigned b = 0; b < G_N_ELEMENTS(bits); b++)
			for (unsigned ch = 1; ch <= HDA_MAX_CHANNELS; ch++) {
				HdaPcmFormat f = { hda_rate_from_index(r), bits[b], ch }, back;
				uint16_t w;

				g_assert_true(hda_format_encode(&f, &w, NULL));
				g_assert_true(hda_format_decode(w, &back, NULL));
				g_assert_true(memcmp(&f, &back, sizeof(f)) == 0);
			}
	g_assert_cmpint(hda_rate_index(12345), ==, -1);
	g_assert_cmpuint(hda_rate_from_index(12), ==, 0);
}

static void test_format_bad(void)
{
	static const HdaPcmFormat bad[] = {
		{ 12345, 16, 2 }, { 48000, 12, 2 }, { 48000, 16, 0 }, { 48000, 16, 17 },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;
		uint16_t w;

		g_assert_false(hda_format_encode(&bad[i], &w, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	}
	/* Non-PCM, a reserved multiplier, a reserved bits code. */
	g_assert_false(hda_format_decode(0x8011, &(HdaPcmFormat){ 0 }, NULL));
	g_assert_false(hda_format_decode(0x2011, &(HdaPcmFormat){ 0 }, NULL));
	g_assert_false(hda_format_decode(0x0051, &(HdaPcmFormat){ 0 }, NULL));
}

static void test_format_sizes(void)
{
	HdaPcmFormat f = { 48000, 16, 2 };

	g_assert_cmpuint(hda_format_frame_bytes(&f), ==, 4);
	g_assert_cmpuint(hda_format_byte_rate(&f), ==, 192000);
	f.bits = 24;
	g_assert_cmpuint(hda_format_frame_bytes(&f), ==, 8);
	f.bits = 8;
	g_assert_cmpuint(hda_format_frame_bytes(&f), ==, 2);
	g_assert_cmpuint(hda_format_sample_bytes(12), ==, 0);
}

/* QEMU's hda-duplex converters: 16 bit, 16-96 kHz, stereo. */
#define QEMU_PCM (AC_SUPPCM_BITS_16 | 0x1fc)

static void test_format_caps(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *caps = hda_format_caps_string(QEMU_PCM, AC_SUPFMT_PCM, 2);
	HdaPcmFormat ok = { 48000, 16, 2 }, rate = { 8000, 16, 2 }, bits = { 48000, 24, 2 },
		     chans = { 48000, 16, 6 };

	g_assert_cmpstr(caps, ==, "16000 22050 32000 44100 48000 88200 96000 Hz, 16 bit, "
				  "1-2 channels");
	g_assert_cmpuint(hda_converter_channels(AC_WCAP_STEREO), ==, 2);
	g_assert_cmpuint(hda_converter_channels(0), ==, 1);
	g_assert_cmpuint(hda_converter_channels(AC_WCAP_STEREO | (3u << 13)), ==, 8);

	g_assert_true(hda_format_check(QEMU_PCM, AC_SUPFMT_PCM, 2, "DAC", &ok, &err));
	g_assert_false(hda_format_check(QEMU_PCM, AC_SUPFMT_PCM, 2, "codec 0 DAC 0x02", &rate,
					&err));
	g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	/* The message lists what is supported, then what was asked. */
	g_assert_nonnull(strstr(err->message, "codec 0 DAC 0x02 supports 16000 22050 32000 "
					      "44100 48000 88200 96000 Hz, 16 bit, 1-2 channels"));
	g_assert_nonnull(strstr(err->message, ": 8000 Hz requested"));
	g_clear_error(&err);
	g_assert_false(hda_format_check(QEMU_PCM, AC_SUPFMT_PCM, 2, "DAC", &bits, &err));
	g_assert_nonnull(strstr(err->message, "24 bit requested"));
	g_clear_error(&err);
	g_assert_false(hda_format_check(QEMU_PCM, AC_SUPFMT_PCM, 2, "DAC", &chans, &err));
	g_assert_nonnull(strstr(err->message, "6 channels requested"));
	g_clear_error(&err);
	/* A converter without integer PCM (AC3 only) takes nothing. */
	g_assert_false(hda_format_supported(QEMU_PCM, AC_SUPFMT_AC3, 2, &ok));
}

/* ---- BDL --------------------------------------------------------------------- */

static void test_bdl(void)
{
	HdaBdlEntry bdl[HDA_BDL_MAX_ENTRIES];
	g_autoptr(GError) err = NULL;
	uint64_t iova = 0x123456780ull * 128;

	g_assert_true(hda_bdl_fill(bdl, iova, 1920, 4, TRUE, &err));
	for (unsigned i = 0; i < 4; i++) {
		uint64_t a = GUINT32_FROM_LE(bdl[i].addr_lo) |
			     (uint64_t)GUINT32_FROM_LE(bdl[i].addr_hi) << 32;

		g_assert_cmphex(a, ==, iova + i * 1920);
		g_assert_cmpuint(GUINT32_FROM_LE(bdl[i].len), ==, 1920);
		g_assert_cmphex(GUINT32_FROM_LE(bdl[i].flags), ==, HDA_BDLE_IOC);
	}
	g_assert_true(hda_bdl_fill(bdl, 0x1000, 128, HDA_BDL_MAX_ENTRIES, FALSE, &err));
	g_assert_cmphex(GUINT32_FROM_LE(bdl[255].addr_lo), ==, 0x1000 + 255 * 128);
	g_assert_cmphex(bdl[255].flags, ==, 0);

	g_assert_false(hda_bdl_fill(bdl, 0x1000, 1920, 1, TRUE, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);
	g_assert_false(hda_bdl_fill(bdl, 0x1000, 1920, 257, TRUE, &err));
	g_clear_error(&err);
	g_assert_false(hda_bdl_fill(bdl, 0x1000, 100, 4, TRUE, &err));
	g_assert_nonnull(strstr(err->message, "128-byte aligned"));
	g_clear_error(&err);
	g_assert_false(hda_bdl_fill(bdl, 0x1040, 1920, 4, TRUE, &err));
	g_clear_error(&err);
	g_assert_false(hda_bdl_fill(bdl, 0x1000, 0, 4, TRUE, &err));
}

static void test_period_align(void)
{
	HdaPcmFormat s16 = { 48000, 16, 2 }, cd = { 44100, 16, 2 }, three = { 48000, 16, 3 };
	HdaPcmFormat mono8 = { 48000, 8, 1 };

	g_assert_cmpuint(hda_period_frames_align(&s16, 480), ==, 480);
	g_assert_cmpuint(hda_period_frames_align(&cd, 441), ==, 448);  /* 32-frame steps */
	g_assert_cmpuint(hda_period_frames_align(&three, 480), ==, 512); /* 6-byte frames: 64 */
	g_assert_cmpuint(hda_period_frames_align(&mono8, 1), ==, 128);
	for (unsigned f = 1; f < 3000; f += 7)
		g_assert_cmpuint(hda_period_frames_align(&three, f) * 6 % 128, ==, 0);
}

/* ---- ring --------------------------------------------------------------------- */

static void test_ring_output(void)
{
	HdaRing r;

	hda_ring_init(&r, 1000);
	r.appl = 1000; /* prefilled */
	g_assert_cmpuint(hda_ring_room(&r), ==, 0);
	g_assert_cmpuint(hda_ring_update(&r, 300, 0), ==, 300);
	g_assert_cmpuint(hda_ring_room(&r), ==, 300);
	g_assert_cmpuint(hda_ring_offset(&r, r.appl), ==, 0);
	r.appl += 300;
	/* Wrap: 300 -> 100 is 800 bytes on. */
	g_assert_cmpuint(hda_ring_update(&r, 100, 0), ==, 800);
	g_assert_cmpuint(r.hw, ==, 1100);
	g_assert_false(hda_ring_check_underrun(&r));
	g_assert_cmpuint(hda_ring_room(&r), ==, 800);
	/* Late by 2.1 buffers: the clock adds the two wraps the position hides. */
	g_assert_cmpuint(hda_ring_update(&r, 200, 2150), ==, 2100);
	g_assert_cmpuint(r.hw, ==, 3200);
	g_assert_true(hda_ring_check_underrun(&r));
	g_assert_cmpuint(r.xruns, ==, 1);
	g_assert_cmpuint(r.appl, ==, r.hw);
	g_assert_cmpuint(hda_ring_room(&r), ==, 1000);
	/* Position equal to the size is position 0. */
	g_assert_cmpuint(hda_ring_update(&r, 1000, 0), ==, 800);
}

static void test_ring_input(void)
{
	HdaRing r;

	hda_ring_init(&r, 1000);
	hda_ring_update(&r, 400, 0);
	g_assert_cmpuint(hda_ring_ready(&r), ==, 400);
	r.appl += 400;
	g_assert_cmpuint(hda_ring_ready(&r), ==, 0);
	hda_ring_update(&r, 900, 0);
	g_assert_false(hda_ring_check_overrun(&r, 100));
	g_assert_cmpuint(hda_ring_ready(&r), ==, 500);
	/* Two buffers later without draining: overrun, resume at the oldest intact data. */
	hda_ring_update(&r, 950, 2050);
	g_assert_cmpuint(r.hw, ==, 2950);
	g_assert_true(hda_ring_check_overrun(&r, 100));
	g_assert_cmpuint(r.xruns, ==, 1);
	g_assert_cmpuint(r.appl, ==, 2950 - 1000 + 100);
	g_assert_cmpuint(hda_ring_ready(&r), ==, 900);
}

/* ---- samples ---------------------------------------------------------------- */

static void test_samples(void)
{
	static const unsigned widths[] = { 8, 16, 20, 24, 32 };
	int32_t in[5] = { 0, INT32_MAX, INT32_MIN, 0x12345678, -0x12345678 }, out[5];
	uint8_t buf[5 * 4];

	for (unsigned w = 0; w < G_N_ELEMENTS(widths); w++) {
		unsigned bits = widths[w];
		uint32_t keep = bits == 32 ? 0xffffffffu : ~((1u << (32 - bits)) - 1);

		hda_samples_pack(in, buf, 5, bits);
		hda_samples_unpack(buf, out, 5, bits);
		for (unsigned i = 0; i < 5; i++)
			g_assert_cmphex((uint32_t)out[i], ==, (uint32_t)in[i] & keep);
	}
	/* 8-bit samples are unsigned: silence is 0x80. */
	hda_samples_pack(in, buf, 1, 8);
	g_assert_cmphex(buf[0], ==, 0x80);
	/* 16-bit little-endian. */
	hda_samples_pack(&in[3], buf, 1, 16);
	g_assert_cmphex(buf[0], ==, 0x34);
	g_assert_cmphex(buf[1], ==, 0x12);
}

static void test_tone_levels(void)
{
	HdaPcmFormat f = { 48000, 16, 2 };
	g_autofree int16_t *buf = g_new(int16_t, 48000 * 2);
	g_autofree int32_t *wide = g_new(int32_t, 48000 * 2);
	double rms[2], peak[2];
	HdaTone t;

	hda_tone_init(&t, &f, 1000, -6.02, 48000);
	/* In pieces: the phase carries over. */
	g_assert_cmpint(hda_tone_read(&t, buf, 1000, NULL), ==, 1000);
	g_assert_cmpint(hda_tone_read(&t, buf + 2000, 50000, NULL), ==, 47000);
	g_assert_cmpint(hda_tone_read(&t, buf, 10, NULL), ==, 0);
	hda_levels(buf, 48000, &f, rms, peak);
	for (unsigned c = 0; c < 2; c++) {
		g_assert_cmpfloat_with_epsilon(rms[c], -6.02, 0.01);
		g_assert_cmpfloat_with_epsilon(peak[c], -6.02, 0.01);
	}
	hda_samples_unpack(buf, wide, 48000 * 2, 16);
	g_assert_cmpfloat_with_epsilon(wav_dominant_freq(wide, 48000, 2, 48000), 1000, 1);
	/* Full scale reads 0 dBFS (AES17); silence -inf. */
	hda_tone_init(&t, &f, 997, 0, 48000);
	hda_tone_read(&t, buf, 48000, NULL);
	hda_levels(buf, 48000, &f, rms, NULL);
	g_assert_cmpfloat_with_epsilon(rms[0], 0, 0.01);
	memset(buf, 0, 4 * 100);
	hda_levels(buf, 100, &f, rms, peak);
	g_assert_true(isinf(rms[1]) && rms[1] < 0);
}

/* ---- paths on synthetic codecs ---------------------------------------------- */

typedef struct {
	HdaCodec codec;
	HdaWidget w[16];
	uint16_t conn[16][8];
} Fake;

#define PIN_CFG(port, dev) (((uint32_t)(port) << 30) | ((uint32_t)(dev) << 20))

static void fake_init(Fake *f, uint32_t vendor_id)
{
	memset(f, 0, sizeof(*f));
	f->codec.vendor_id = vendor_id;
	f->codec.vendor_name = (char *)"Test";
	f->codec.chip_name = (char *)"ID 1";
	f->codec.afg = 1;
	f->codec.start_nid = 2;
	f->codec.widgets = f->w;
}

/* Add the next widget (NIDs from 2); conn ends with 0. */
static HdaWidget *fake_add(Fake *f, unsigned type, uint32_t caps, uint32_t pin_default,
			   const unsigned *conn)
{
	unsigned i = f->codec.n_widgets++;
	HdaWidget *w = &f->w[i];

	w->nid = f->codec.start_nid + i;
	w->type = type;
	w->wcaps = (type << 20) | AC_WCAP_STEREO | (type == AC_WID_PIN ? 0 : caps);
	if (type == AC_WID_PIN) {
		w->pincap = caps;
		w->pin_default = pin_default;
	}
	w->conn = f->conn[i];
	for (; conn && conn[w->n_conn]; w->n_conn++)
		f->conn[i][w->n_conn] = (uint16_t)conn[w->n_conn];
	if (w->n_conn)
		w->wcaps |= AC_WCAP_CONN_LIST;
	return w;
}

static void fake_duplex(Fake *f, uint32_t vendor)
{
	fake_init(f, vendor);
	fake_add(f, AC_WID_AUD_OUT, AC_WCAP_OUT_AMP, 0, NULL);                           /* 2 */
	fake_add(f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(0, AC_JACK_LINE_OUT),
		 (unsigned[]){ 2, 0 });                                                   /* 3 */
	fake_add(f, AC_WID_AUD_IN, AC_WCAP_IN_AMP, 0, (unsigned[]){ 5, 0 });            /* 4 */
	fake_add(f, AC_WID_PIN, AC_PINCAP_IN, PIN_CFG(0, AC_JACK_LINE_IN), NULL);        /* 5 */
}

static void test_path_duplex(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *who = NULL;
	g_autofree char *s = NULL;
	HdaPath p;
	Fake f;

	fake_duplex(&f, 0x1af40022);
	who = hda_codec_describe(&f.codec);
	g_assert_cmpstr(who, ==, "codec 0 (QEMU hda-duplex)");
	g_assert_true(hda_path_find(&f.codec, HDA_STREAM_OUTPUT, &p, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(p.n, ==, 2);
	g_assert_cmpuint(p.converter, ==, 2);
	g_assert_cmpuint(p.pin, ==, 3);
	g_assert_cmpint(p.conn_idx[1], ==, 0);
	s = hda_path_to_string(&f.codec, &p);
	g_assert_cmpstr(s, ==, "DAC 0x02 -> Line Out pin 0x03");
	g_assert_true(hda_path_find(&f.codec, HDA_STREAM_INPUT, &p, &err));
	g_assert_cmpuint(p.pin, ==, 5);
	g_assert_cmpuint(p.converter, ==, 4);
	g_assert_cmpuint(p.nid[0], ==, 5);
	g_assert_cmpuint(p.nid[1], ==, 4);
}

static void test_path_none(void)
{
	g_autoptr(GError) err = NULL;
	HdaPath p;
	Fake f;

	/* hda-output: no input pin at all. */
	fake_init(&f, 0x1af40012);
	fake_add(&f, AC_WID_AUD_OUT, 0, 0, NULL);
	fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(0, AC_JACK_LINE_OUT), (unsigned[]){ 2, 0 });
	g_assert_false(hda_path_find(&f.codec, HDA_STREAM_INPUT, &p, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(err->message, "codec 0 (QEMU hda-output) has no input path: "
					      "no connected pin can take input"));
	g_assert_nonnull(strstr(err->message, "0x03 Line Out (output only)"));
	g_clear_error(&err);

	/* Only a mic, and an output pin that is not connected (port NONE). */
	fake_init(&f, 0x10ec0269);
	fake_add(&f, AC_WID_AUD_OUT, 0, 0, NULL);
	fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(AC_JACK_PORT_NONE, AC_JACK_SPEAKER),
		 (unsigned[]){ 2, 0 });
	fake_add(&f, AC_WID_PIN, AC_PINCAP_IN, PIN_CFG(0, AC_JACK_MIC_IN), NULL);
	g_assert_false(hda_path_find(&f.codec, HDA_STREAM_OUTPUT, &p, &err));
	g_assert_nonnull(strstr(err->message, "has no output path: no connected pin can output"));
	g_assert_nonnull(strstr(err->message, "not connected"));
	g_clear_error(&err);

	/* An output pin no DAC reaches. */
	fake_init(&f, 0x10ec0269);
	fake_add(&f, AC_WID_AUD_OUT, 0, 0, NULL);
	fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(0, AC_JACK_LINE_OUT), NULL);
	g_assert_false(hda_path_find(&f.codec, HDA_STREAM_OUTPUT, &p, &err));
	g_assert_nonnull(strstr(err->message, "no DAC reaches a pin (tried 0x03)"));
}

static void test_path_choice(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *s = NULL;
	HdaPath p;
	Fake f;
	HdaWidget *spk;

	fake_init(&f, 0x10ec0269);
	fake_add(&f, AC_WID_AUD_OUT, AC_WCAP_DIGITAL, 0, NULL);                         /* 2 */
	fake_add(&f, AC_WID_AUD_OUT, 0, 0, NULL);                                        /* 3 */
	fake_add(&f, AC_WID_AUD_MIX, AC_WCAP_IN_AMP, 0, (unsigned[]){ 2, 0 });           /* 4 */
	fake_add(&f, AC_WID_AUD_SEL, 0, 0, (unsigned[]){ 4, 3, 0 });                     /* 5 */
	fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT | AC_PINCAP_HP_DRV,
		 PIN_CFG(0, AC_JACK_HP_OUT), (unsigned[]){ 5, 0 });                       /* 6 */
	fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(AC_JACK_PORT_NONE, AC_JACK_LINE_OUT),
		 (unsigned[]){ 3, 0 });                                                   /* 7 */
	spk = fake_add(&f, AC_WID_PIN, AC_PINCAP_OUT, PIN_CFG(AC_JACK_PORT_FIXED, AC_JACK_SPEAKER),
		       (unsigned[]){ 2, 3, 0 });                                          /* 8 */

	/* Line out is not connected; the speaker beats the headphone; analog DAC 3. */
	g_assert_true(hda_path_find(&f.codec, HDA_STREAM_OUTPUT, &p, &err));
	g_assert_cmpuint(p.pin, ==, 8);
	g_assert_cmpuint(p.converter, ==, 3);
	g_assert_cmpint(p.conn_idx[1], ==, 1);

	/* Without the speaker: headphone through the selector's second input. */
	spk->pin_default = PIN_CFG(AC_JACK_PORT_NONE, AC_JACK_SPEAKER);
	g_assert_true(hda_path_find(&f.codec, HDA_STREAM_OUTPUT, &p, &err));
	s = hda_path_to_string(&f.codec, &p);
	g_assert_cmpstr(s, ==, "DAC 0x03 -> selector 0x05 -> HP Out pin 0x06");
	g_assert_cmpint(p.conn_idx[1], ==, 1);
	g_assert_cmpint(p.conn_idx[2], ==, 0);
}

static void test_amp(void)
{
	uint32_t qemu = (0x4au << 0) | (0x4au << 8) | (3u << 16) | AC_AMPCAP_MUTE;
	uint32_t no0db = 0x7fu | (0x1fu << 8) | (1u << 16);

	g_assert_cmpuint(hda_amp_default_step(qemu), ==, 0x4a);
	g_assert_cmpfloat_with_epsilon(hda_amp_gain_db(qemu, 0x4a), 0, 1e-9);
	g_assert_cmpfloat_with_epsilon(hda_amp_gain_db(qemu, 0), -74, 1e-9);
	g_assert_cmpuint(hda_amp_default_step(no0db), ==, 0x0f);
	g_assert_cmpuint(hda_amp_default_step(0), ==, 0);
}

/* ---- WAV files ---------------------------------------------------------------- */

static char *tmp_path(const char *name)
{
	static char *dir;

	if (!dir)
		dir = g_dir_make_tmp("pcm-unit-XXXXXX", NULL);
	return g_build_filename(dir, name, NULL);
}

static void test_wav_roundtrip(void)
{
	g_autofree char *path = tmp_path("rt.wav");
	g_autoptr(GError) err = NULL;
	HdaPcmFormat f = { 44100, 16, 2 }, rf;
	int16_t out[8] = { 1, -1, 1000, -1000, 32767, -32768, 0, 5 }, in[8];
	int32_t in24[8];
	uint64_t frames;
	HdaWav *w;

	w = hda_wav_open_write(path, &f, &err);
	g_assert_no_error(err);
	g_assert_true(hda_wav_write(w, out, 4, &err));
	g_assert_cmpuint(hda_wav_frames(w), ==, 4);
	g_assert_true(hda_wav_close(w, &err));

	w = hda_wav_open_read(path, &rf, &frames, &err);
	g_assert_no_error(err);
	g_assert_cmpuint(rf.rate, ==, 44100);
	g_assert_cmpuint(rf.bits, ==, 16);
	g_assert_cmpuint(rf.channels, ==, 2);
	g_assert_cmpuint(frames, ==, 4);
	g_assert_cmpint(hda_wav_read(w, in, 8, &err), ==, 4);
	g_assert_true(memcmp(in, out, sizeof(out)) == 0);
	g_assert_true(hda_wav_close(w, NULL));

	/* Read as 24-bit (MSB-justified in 32). */
	w = hda_wav_open_read(path, &rf, &frames, &err);
	hda_wav_set_output(w, 24);
	g_assert_cmpint(hda_wav_read(w, in24, 4, &err), ==, 4);
	g_assert_cmphex((uint32_t)in24[2], ==, 1000u << 16);
	g_assert_cmphex((uint32_t)in24[5], ==, 0x80000000u);
	hda_wav_close(w, NULL);
	g_unlink(path);
}

static void test_wav_bad(void)
{
	g_autofree char *text = tmp_path("notes.wav");
	g_autofree char *flt = tmp_path("float.wav");
	g_autoptr(GError) err = NULL;
	SF_INFO info = { .samplerate = 48000, .channels = 2,
			 .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
	float samples[4] = { 0 };
	HdaPcmFormat f;
	SNDFILE *sf;

	g_assert_null(hda_wav_open_read("/nonexistent/x.wav", &f, NULL, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_clear_error(&err);

	g_assert_true(g_file_set_contents(text, "this is not audio\n", -1, NULL));
	g_assert_null(hda_wav_open_read(text, &f, NULL, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, text));
	g_assert_nonnull(strstr(err->message, "not an audio file"));
	g_clear_error(&err);

	sf = sf_open(flt, SFM_WRITE, &info);
	g_assert_nonnull(sf);
	sf_writef_float(sf, samples, 2);
	sf_close(sf);
	g_assert_null(hda_wav_open_read(flt, &f, NULL, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	g_assert_nonnull(strstr(err->message, flt));
	g_assert_nonnull(strstr(err->message, "float"));
	g_assert_nonnull(strstr(err->message, "integer PCM"));
	g_unlink(text);
	g_unlink(flt);
}

/* ---- wavcheck's analysis --------------------------------------------------------- */

/* @secs of a sine (@freq Hz, @db dBFS) on 2 channels at 48 kHz, silence around it. */
static int32_t *make_tone(double freq, double db, double secs, double lead, uint64_t *frames)
{
	uint64_t n = (uint64_t)((secs + 2 * lead) * 48000), l = (uint64_t)(lead * 48000);
	int32_t *x = g_new0(int32_t, n * 2);
	double a = pow(10, db / 20) * 32767;

	for (uint64_t i = 0; i < (uint64_t)(secs * 48000); i++) {
		int32_t v = (int32_t)lrint(a * sin(2 * G_PI * freq * (double)i / 48000)) * 65536;

		x[(l + i) * 2] = x[(l + i) * 2 + 1] = v;
	}
	*frames = n;
	return x;
}

static void test_analysis_pure(void)
{
	uint64_t n;
	g_autofree int32_t *x = make_tone(1000, -6.02, 1.0, 0.05, &n);
	WavAnalysis a;

	wav_analyze(x, n, 2, 48000, 0, &a);
	g_assert_cmpfloat_with_epsilon((double)(a.tone_end - a.tone_start) / 48000, 1.0, 0.001);
	g_assert_cmpfloat_with_epsilon((double)a.tone_start / 48000, 0.05, 0.001);
	for (unsigned c = 0; c < 2; c++) {
		g_assert_true(a.ch[c].present);
		g_assert_cmpfloat(fabs(a.ch[c].freq - 1000) / 1000, <, 0.001);
		g_assert_cmpfloat_with_epsilon(a.ch[c].rms_dbfs, -6.02, 0.05);
		/* A 1 kHz sine has isolated zero crossings only: no gap over 1 ms. */
		g_assert_cmpfloat(1000.0 * (double)a.ch[c].gap_frames / 48000, <, 1);
	}
}

static void test_analysis_gap(void)
{
	uint64_t n;
	g_autofree int32_t *x = make_tone(1000, -6.02, 1.0, 0.05, &n);
	uint64_t at = (uint64_t)(0.55 * 48000), len = 240; /* 5 ms */
	WavAnalysis a;

	memset(x + at * 2, 0, len * 2 * sizeof(*x));
	wav_analyze(x, n, 2, 48000, 0, &a);
	for (unsigned c = 0; c < 2; c++) {
		g_assert_cmpuint(a.ch[c].gap_frames, >=, len);
		g_assert_cmpuint(a.ch[c].gap_frames, <=, len + 2);
		g_assert_cmpfloat(1000.0 * (double)a.ch[c].gap_frames / 48000, >, 1);
		g_assert_cmpuint(a.ch[c].gap_at, <=, at);
	}
}

static void test_analysis_wrong(void)
{
	uint64_t n;
	g_autofree int32_t *x = make_tone(1100, -20, 0.5, 0, &n);
	WavAnalysis a;

	/* Silence the right channel. */
	for (uint64_t i = 0; i < n; i++)
		x[i * 2 + 1] = 0;
	wav_analyze(x, n, 2, 48000, 0, &a);
	g_assert_cmpfloat(fabs(a.ch[0].freq - 1000) / 1000, >, 0.01);
	g_assert_cmpfloat_with_epsilon(a.ch[0].freq, 1100, 1.1);
	g_assert_cmpfloat_with_epsilon(a.ch[0].rms_dbfs, -20, 0.05);
	g_assert_false(a.ch[1].present);
	g_assert_true(isinf(a.ch[1].rms_dbfs));
}

/* The wavcheck tool on files: exit status and the failing check's line. */
static int run_wavcheck(const char *file, const char *extra, char **out)
{
	const char *tool = g_getenv("WAVCHECK");
	g_autofree char *cmd = NULL;
	g_autoptr(GError) err = NULL;
	int status = -1;

	cmd = g_strdup_printf("'%s' '%s' --expect-freq 1000 --expect-level -6.02 --tolerance-db 1 "
			      "--max-gap-ms 1 --channels 2 --min-duration 0.9 --rate 48000 %s",
			      tool, file, extra);
	g_assert_true(g_spawn_command_line_sync(cmd, out, NULL, &status, &err));
	g_assert_no_error(err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void write_wav(const char *path, const int32_t *x, uint64_t n)
{
	SF_INFO info = { .samplerate = 48000, .channels = 2,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);

	g_assert_nonnull(sf);
	g_assert_cmpint(sf_writef_int(sf, x, (sf_count_t)n), ==, (sf_count_t)n);
	sf_close(sf);
}

static void test_wavcheck_tool(void)
{
	g_autofree char *path = tmp_path("tone.wav");
	uint64_t n;
	g_autofree int32_t *x = NULL;
	char *out = NULL;

	if (!g_getenv("WAVCHECK")) {
		g_test_skip("WAVCHECK (the wavcheck binary) not set: run through meson");
		return;
	}
	x = make_tone(1000, -6.02, 1.0, 0.05, &n);
	write_wav(path, x, n);
	g_assert_cmpint(run_wavcheck(path, "", &out), ==, 0);
	g_assert_nonnull(strstr(out, "wavcheck: PASS"));
	g_clear_pointer(&out, g_free);

	/* Wrong level expected. */
	g_assert_cmpint(run_wavcheck(path, "--expect-level -12", &out), ==, 1);
	g_assert_nonnull(strstr(out, "FAIL level"));
	g_clear_pointer(&out, g_free);

	/* A 5 ms gap. */
	memset(x + (uint64_t)(0.5 * 48000) * 2, 0, 240 * 2 * sizeof(*x));
	write_wav(path, x, n);
	g_assert_cmpint(run_wavcheck(path, "", &out), ==, 1);
	g_assert_nonnull(strstr(out, "FAIL gaps"));
	g_assert_null(strstr(out, "FAIL frequency"));
	g_clear_pointer(&out, g_free);
	g_free(x);

	/* The wrong frequency. */
	x = make_tone(1050, -6.02, 1.0, 0.05, &n);
	write_wav(path, x, n);
	g_assert_cmpint(run_wavcheck(path, "", &out), ==, 1);
	g_assert_nonnull(strstr(out, "FAIL frequency"));
	g_assert_null(strstr(out, "FAIL gaps"));
	g_clear_pointer(&out, g_free);

	/* Too short, and one channel silent. */
	g_free(x);
	x = make_tone(1000, -6.02, 0.5, 0.05, &n);
	for (uint64_t i = 0; i < n; i++)
		x[i * 2 + 1] = 0;
	write_wav(path, x, n);
	g_assert_cmpint(run_wavcheck(path, "", &out), ==, 1);
	g_assert_nonnull(strstr(out, "FAIL duration"));
	g_assert_nonnull(strstr(out, "FAIL channels"));
	g_clear_pointer(&out, g_free);

	/* Not a WAV file: a usage/file error, not a failed check. */
	g_assert_true(g_file_set_contents(path, "nope", -1, NULL));
	g_assert_cmpint(run_wavcheck(path, "", &out), ==, 2);
	g_free(out);
	g_unlink(path);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/pcm-unit/format/encode", test_format_encode);
	g_test_add_func("/pcm-unit/format/roundtrip-all", test_format_roundtrip_all);
	g_test_add_func("/pcm-unit/format/bad", test_format_bad);
	g_test_add_func("/pcm-unit/format/sizes", test_format_sizes);
	g_test_add_func("/pcm-unit/format/caps", test_format_caps);
	g_test_add_func("/pcm-unit/bdl/fill", test_bdl);
	g_test_add_func("/pcm-unit/bdl/period-align", test_period_align);
	g_test_add_func("/pcm-unit/ring/output", test_ring_output);
	g_test_add_func("/pcm-unit/ring/input", test_ring_input);
	g_test_add_func("/pcm-unit/samples/pack", test_samples);
	g_test_add_func("/pcm-unit/samples/tone-levels", test_tone_levels);
	g_test_add_func("/pcm-unit/path/duplex", test_path_duplex);
	g_test_add_func("/pcm-unit/path/none", test_path_none);
	g_test_add_func("/pcm-unit/path/choice", test_path_choice);
	g_test_add_func("/pcm-unit/path/amp", test_amp);
	g_test_add_func("/pcm-unit/wav/roundtrip", test_wav_roundtrip);
	g_test_add_func("/pcm-unit/wav/bad", test_wav_bad);
	g_test_add_func("/pcm-unit/analysis/pure-tone", test_analysis_pure);
	g_test_add_func("/pcm-unit/analysis/gap", test_analysis_gap);
	g_test_add_func("/pcm-unit/analysis/wrong", test_analysis_wrong);
	g_test_add_func("/pcm-unit/wavcheck/tool", test_wavcheck_tool);
	return g_test_run();
}
