// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-pcm.c - streams, playback and capture on a device, through the
 * harness: written once, run on every backend.
 *
 * What a sink received is checked after the device side has finished
 * writing it (QEMU writes its WAV header on exit): pcm-sink.sh runs
 * `sofvfio play` against a backend with a WAV sink and wavcheck on the
 * file.  Here: stream allocation and programming, playback and capture
 * mechanics (interrupts, monotonic positions, lengths), polling, lost
 * interrupts, and bad requests.
 */
#include "harness.h"
#include "sofvfio/hda-pcm.h"
#include "wavanalysis.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static HdaController *open_ctl(SvDevice *dev, HdaIrqMode irq)
{
	g_autoptr(GError) err = NULL;
	HdaOptions o = { .irq = irq };
	HdaController *ctl = hda_controller_open(dev, &o, &err);

	sv_assert_no_error(err);
	g_assert_nonnull(ctl);
	return ctl;
}

static const HdaPcmFormat s16 = { 48000, 16, 2 };

/* Open a PCM of @dir on the first codec that has a path, or skip. */
static HdaPcm *open_pcm(HdaController *ctl, HdaStreamDir dir, const HdaPcmFormat *fmt)
{
	g_autoptr(GError) err = NULL;
	HdaPcmConfig cfg = { .format = *fmt, .cad = -1 };
	HdaPcm *pcm = hda_pcm_open(ctl, dir, &cfg, &err);

	if (!pcm && g_error_matches(err, SV_ERROR, SV_ERROR_NOT_FOUND) &&
	    strstr(err->message, dir == HDA_STREAM_INPUT ? "no input path" : "no output path")) {
		g_autofree char *msg = g_strdup_printf("%s", err->message);

		g_test_skip(msg);
		return NULL;
	}
	sv_assert_no_error(err);
	return pcm;
}

/* ---- the DMA budget -------------------------------------------------------------- */

/*
 * What hda_pcm_dma_bytes() says a stream pins (`sofvfio doctor` holds the
 * locked-memory limit against it) is what an opened PCM allocated: the
 * two cannot drift apart (they did once: 8/16 periods against 16/32).
 */
static void test_dma_budget(SvDevice *dev, gconstpointer data)
{
	HdaStreamDir dir = GPOINTER_TO_INT(data);
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	HdaPcm *pcm = open_pcm(ctl, dir, &s16);
	SvDmaBuf *buf;

	if (pcm) {
		buf = hda_stream_dma(hda_pcm_stream(pcm));
		g_assert_nonnull(buf);
		g_assert_cmpuint(buf->size, ==, hda_pcm_dma_bytes(dir, &s16, 0, 0));
		g_assert_cmpuint(hda_pcm_period_frames(pcm), ==, s16.rate *
				 HDA_PCM_DEFAULT_PERIOD_MS / 1000);
		hda_pcm_close(pcm);
	}
	hda_controller_close(ctl);
}

/* ---- stream descriptors ------------------------------------------------------ */

static void test_stream_alloc(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	const HdaControllerInfo *info = hda_controller_info(ctl);
	HdaStream *s[32] = { 0 };
	g_autoptr(GError) err = NULL;
	unsigned n = 0, tags = 0;

	/* Every output descriptor (plain, then bidirectional), then BUSY. */
	while (n < G_N_ELEMENTS(s) && (s[n] = hda_stream_open(ctl, HDA_STREAM_OUTPUT, &err))) {
		unsigned sd = hda_stream_index(s[n]), tag = hda_stream_tag(s[n]);

		g_assert_cmpuint(sd, >=, info->n_in);
		g_assert_cmpuint(sd, <, info->n_in + info->n_out + info->n_bidi);
		g_assert_cmpuint(tag, >=, 1);
		g_assert_cmpuint(tag, <=, 15);
		g_assert_false(tags & (1u << tag));
		tags |= 1u << tag;
		n++;
	}
	g_assert_error(err, SV_ERROR, SV_ERROR_BUSY);
	g_assert_cmpuint(n, ==, MIN(info->n_out + info->n_bidi, 15));
	g_clear_error(&err);
	/* Inputs have their own tags: tag 1 again. */
	if (info->n_in) {
		HdaStream *in = hda_stream_open(ctl, HDA_STREAM_INPUT, &err);

		sv_assert_no_error(err);
		g_assert_cmpuint(hda_stream_index(in), <, info->n_in);
		g_assert_cmpuint(hda_stream_tag(in), ==, 1);
		hda_stream_close(in);
	}
	/* A descriptor given back is taken again. */
	hda_stream_close(s[0]);
	s[0] = hda_stream_open(ctl, HDA_STREAM_OUTPUT, &err);
	sv_assert_no_error(err);
	for (unsigned i = 0; i < n; i++)
		hda_stream_close(s[i]);
	hda_controller_close(ctl);
}

static void test_stream_program(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(GError) err = NULL;
	HdaStream *s = hda_stream_open(ctl, HDA_STREAM_OUTPUT, &err);
	uint32_t base, lpib;

	sv_assert_no_error(err);
	g_assert_true(hda_stream_setup(s, &s16, 1920, 4, &err));
	sv_assert_no_error(err);
	base = hda_sd_offset(hda_stream_index(s));
	/* What the descriptor holds now (spec 3.3.35-3.3.45). */
	g_assert_cmpuint(sv_read32(dev, 0, base + HDA_SD_CBL), ==, 4 * 1920);
	g_assert_cmpuint(sv_read16(dev, 0, base + HDA_SD_LVI) & 0xff, ==, 3);
	g_assert_cmphex(sv_read16(dev, 0, base + HDA_SD_FMT), ==, 0x0011);
	g_assert_cmpuint(sv_read8(dev, 0, base + HDA_SD_CTL + 2) >> 4, ==, hda_stream_tag(s));
	g_assert_cmphex(sv_read32(dev, 0, base + HDA_SD_BDPL) & 0x7f, ==, 0);
	g_assert_cmphex(sv_read8(dev, 0, base + HDA_SD_CTL) & HDA_SD_CTL_RUN, ==, 0);
	g_assert_true(hda_stream_lpib(s, &lpib, &err));
	g_assert_cmpuint(lpib, ==, 0);
	/* Bad geometry is refused before anything is touched. */
	g_assert_false(hda_stream_setup(s, &s16, 1922, 4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	hda_stream_close(s);
	hda_controller_close(ctl);
}

/* ---- playback ------------------------------------------------------------------ */

typedef struct {
	HdaController *ctl;
	HdaStream *s;
	SvDevice *dev;
	unsigned wakeups_before_cut;
	gboolean cut;
} Cut;

/* Progress hook that masks the stream's interrupt (INTCTL.SIE) mid-run. */
static void cut_irq(void *data, const HdaPcmStats *st, const void *buf, size_t frames)
{
	Cut *c = data;

	if (!c->cut && st->wakeups >= c->wakeups_before_cut) {
		uint32_t intctl = sv_read32(c->dev, 0, HDA_INTCTL);

		sv_write32(c->dev, 0, HDA_INTCTL, intctl & ~(1u << hda_stream_index(c->s)));
		c->cut = TRUE;
	}
}

static void play_tone(SvDevice *dev, HdaIrqMode irq, double secs, gboolean cut)
{
	HdaController *ctl = open_ctl(dev, irq);
	g_autoptr(GError) err = NULL;
	HdaPcm *pcm = open_pcm(ctl, HDA_STREAM_OUTPUT, &s16);
	uint64_t frames = (uint64_t)(secs * s16.rate);
	HdaPcmStats st;
	HdaTone tone;
	Cut c = { ctl, NULL, dev, 5, FALSE };
	int64_t t0;

	if (!pcm) {
		hda_controller_close(ctl);
		return;
	}
	c.s = hda_pcm_stream(pcm);
	hda_tone_init(&tone, &s16, 1000, -6.02, frames);
	t0 = g_get_monotonic_time();
	g_assert_true(hda_pcm_play(pcm, hda_tone_read, &tone, cut ? cut_irq : NULL, &c, NULL, &st,
				   &err));
	sv_assert_no_error(err);
	g_test_message("%s: %" G_GUINT64_FORMAT " frames in %.3f s, %" G_GUINT64_FORMAT
		       " interrupts, %" G_GUINT64_FORMAT " wake-ups (%" G_GUINT64_FORMAT
		       " without an interrupt), positions from %s (%s), longest gap %.1f ms",
		       hda_irq_mode_name(hda_controller_irq_mode(ctl)), st.frames, st.seconds,
		       st.irqs, st.wakeups, st.polled, hda_pos_source_name(st.pos_source),
		       st.pos_why, st.max_gap_us / 1000.0);
	g_assert_cmpuint(st.frames, ==, frames);
	g_assert_cmpuint(st.bytes_dma, >=, frames * 4);
	g_assert_cmpuint(st.backwards, ==, 0);
	g_assert_cmpuint(st.xruns, ==, 0);
	g_assert_cmpuint(st.stream_errors, ==, 0);
	g_assert_false(st.cancelled);
	g_assert_cmpint(st.pos_source, !=, HDA_POS_AUTO);
	/* Played at the sample rate (plus the drain), not instantly, not forever. */
	g_assert_cmpfloat(st.seconds, >=, secs * 0.9);
	g_assert_cmpfloat((g_get_monotonic_time() - t0) / 1e6, <, secs * 3 + 2);
	/* One interrupt per 10 ms period; without them the loop still went on. */
	if (irq == HDA_IRQ_POLL)
		g_assert_cmpint(hda_controller_irq_mode(ctl), ==, HDA_IRQ_POLL);
	if (!cut)
		g_assert_cmpuint(st.irqs, >=, frames / 480 / 2);
	else {
		/* The loop waited out interrupts that no longer came (2 periods + 5 ms). */
		g_assert_true(c.cut);
		g_assert_cmpint(st.max_gap_us, >=, 15000);
	}
	hda_pcm_close(pcm);
	hda_controller_close(ctl);
}

static void test_play(SvDevice *dev, gconstpointer data)
{
	play_tone(dev, HDA_IRQ_AUTO, 0.5, FALSE);
}

static void test_play_poll(SvDevice *dev, gconstpointer data)
{
	play_tone(dev, HDA_IRQ_POLL, 0.3, FALSE);
}

static void test_play_irq_lost(SvDevice *dev, gconstpointer data)
{
	play_tone(dev, HDA_IRQ_AUTO, 0.5, TRUE);
}

/* Progress hook that stalls the loop once, longer than the whole buffer. */
static void stall_once(void *data, const HdaPcmStats *st, const void *buf, size_t frames)
{
	gboolean *stalled = data;

	if (!*stalled && st->wakeups >= 10) {
		*stalled = TRUE;
		g_usleep(800 * 1000);
	}
}

/* A loop that falls behind by more than a buffer: underruns counted, playback goes on. */
static void test_underrun(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(GError) err = NULL;
	HdaPcm *pcm = open_pcm(ctl, HDA_STREAM_OUTPUT, &s16);
	gboolean stalled = FALSE;
	HdaPcmStats st;
	HdaTone tone;

	if (!pcm) {
		hda_controller_close(ctl);
		return;
	}
	hda_tone_init(&tone, &s16, 1000, -6.02, 48000);
	g_assert_true(hda_pcm_play(pcm, hda_tone_read, &tone, stall_once, &stalled, NULL, &st,
				   &err));
	sv_assert_no_error(err);
	g_test_message("%" G_GUINT64_FORMAT " underruns, %" G_GUINT64_FORMAT " late wake-ups, "
		       "longest gap %.1f ms", st.xruns, st.late, st.max_gap_us / 1000.0);
	g_assert_true(stalled);
	g_assert_cmpuint(st.late, >=, 1);
	g_assert_cmpuint(st.xruns, >=, 1);
	g_assert_cmpuint(st.backwards, ==, 0);
	g_assert_cmpuint(st.frames, ==, 48000);
	hda_pcm_close(pcm);
	hda_controller_close(ctl);
}

/*
 * The position buffer gone wrong behind the driver's back: DPLBASE disabled
 * (the slot stays still: stale) or garbage in the slot (bogus).  Positions
 * must come from LPIB, and playback must not notice.
 */
static void posbuf_broken(SvDevice *dev, uint32_t garbage, const char *why)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(GError) err = NULL;
	volatile uint32_t *pb = hda_controller_posbuf(ctl);
	HdaPcm *pcm;
	HdaPcmStats st;
	HdaTone tone;

	if (!pb) {
		g_test_skip("the controller set up no position buffer");
		hda_controller_close(ctl);
		return;
	}
	pcm = open_pcm(ctl, HDA_STREAM_OUTPUT, &s16);
	if (!pcm) {
		hda_controller_close(ctl);
		return;
	}
	sv_write32(dev, 0, HDA_DPLBASE, 0);
	pb[hda_stream_index(hda_pcm_stream(pcm)) * 2] = garbage;
	hda_tone_init(&tone, &s16, 1000, -6.02, 14400);
	g_assert_true(hda_pcm_play(pcm, hda_tone_read, &tone, NULL, NULL, NULL, &st, &err));
	sv_assert_no_error(err);
	g_test_message("positions from %s (%s)", hda_pos_source_name(st.pos_source), st.pos_why);
	g_assert_cmpint(st.pos_source, ==, HDA_POS_LPIB);
	g_assert_nonnull(strstr(st.pos_why, why));
	g_assert_cmpuint(st.frames, ==, 14400);
	g_assert_cmpuint(st.backwards, ==, 0);
	g_assert_cmpuint(st.xruns, ==, 0);
	hda_pcm_close(pcm);
	hda_controller_close(ctl);
}

static void test_posbuf_stale(SvDevice *dev, gconstpointer data)
{
	posbuf_broken(dev, 0, "stale");
}

static void test_posbuf_bogus(SvDevice *dev, gconstpointer data)
{
	posbuf_broken(dev, 0xdeadbeef, "bogus");
}

/* ---- capture --------------------------------------------------------------------- */

typedef struct {
	HdaWav *wav;
	GArray *samples; /* int32 */
	HdaPcmFormat fmt;
} Keep;

static gboolean keep_write(void *data, const void *buf, size_t frames, GError **error)
{
	Keep *k = data;
	size_t n = frames * k->fmt.channels, at = k->samples->len;

	g_array_set_size(k->samples, at + n);
	hda_samples_unpack(buf, &g_array_index(k->samples, int32_t, at), n, k->fmt.bits);
	return hda_wav_write(k->wav, buf, frames, error);
}

static void capture(SvDevice *dev, double expect_freq, gboolean stall)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("pcm-cap-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "cap.wav", NULL);
	HdaPcm *pcm = open_pcm(ctl, HDA_STREAM_INPUT, &s16);
	Keep k = { .fmt = s16 };
	gboolean stalled = FALSE;
	HdaPcmFormat rf;
	HdaPcmStats st;
	uint64_t frames;
	HdaWav *back;

	if (!pcm) {
		hda_controller_close(ctl);
		g_rmdir(dir);
		return;
	}
	k.samples = g_array_new(FALSE, FALSE, sizeof(int32_t));
	k.wav = hda_wav_open_write(path, &s16, &err);
	sv_assert_no_error(err);
	g_assert_true(hda_pcm_capture(pcm, 24000, keep_write, &k, stall ? stall_once : NULL,
				      &stalled, NULL, &st, &err));
	sv_assert_no_error(err);
	g_assert_true(hda_wav_close(k.wav, &err));
	if (stall) {
		/* 800 ms behind a 320 ms buffer: an overrun, counted; the capture goes on. */
		g_test_message("%" G_GUINT64_FORMAT " overruns, %" G_GUINT64_FORMAT " late wake-ups",
			       st.xruns, st.late);
		g_assert_cmpuint(st.xruns, >=, 1);
		g_assert_cmpuint(st.late, >=, 1);
		g_assert_cmpuint(st.frames, ==, 24000);
		goto out;
	}
	g_test_message("%" G_GUINT64_FORMAT " frames in %.3f s, %" G_GUINT64_FORMAT
		       " interrupts (%s), positions from %s (%s)", st.frames, st.seconds, st.irqs,
		       hda_irq_mode_name(hda_controller_irq_mode(ctl)),
		       hda_pos_source_name(st.pos_source), st.pos_why);
	/* Interrupts arrived, positions only moved forward, nothing was lost. */
	g_assert_cmpuint(st.irqs, >, 0);
	g_assert_cmpuint(st.backwards, ==, 0);
	g_assert_cmpuint(st.xruns, ==, 0);
	g_assert_cmpuint(st.frames, ==, 24000);
	g_assert_cmpuint(st.bytes_dma, >=, 24000 * 4);
	g_assert_cmpfloat(st.seconds, >=, 0.45);
	/* The file: expected length and format. */
	back = hda_wav_open_read(path, &rf, &frames, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(frames, ==, 24000);
	g_assert_cmpuint(rf.rate, ==, 48000);
	g_assert_cmpuint(rf.bits, ==, 16);
	g_assert_cmpuint(rf.channels, ==, 2);
	hda_wav_close(back, NULL);
	if (expect_freq > 0) {
		WavAnalysis a;

		wav_analyze(&g_array_index(k.samples, int32_t, 0), 24000, 2, 48000, 0, &a);
		for (unsigned c = 0; c < 2; c++) {
			g_test_message("ch%u: %.2f Hz, %.2f dBFS", c, a.ch[c].freq,
				       a.ch[c].rms_dbfs);
			g_assert_true(a.ch[c].present);
			g_assert_cmpfloat(fabs(a.ch[c].freq - expect_freq) / expect_freq, <=, 0.01);
		}
	}
out:
	g_array_free(k.samples, TRUE);
	g_unlink(path);
	g_rmdir(dir);
	hda_pcm_close(pcm);
	hda_controller_close(ctl);
}

/* A known source: $SOFVFIO_CAPTURE_FREQ Hz (the mock's --source tone:HZ), default 1000. */
static void test_capture(SvDevice *dev, gconstpointer data)
{
	const char *f = g_getenv("SOFVFIO_CAPTURE_FREQ");

	capture(dev, f && *f ? g_ascii_strtod(f, NULL) : 1000, FALSE);
}

static void test_overrun(SvDevice *dev, gconstpointer data)
{
	capture(dev, 0, TRUE);
}

/*
 * QEMU's intel-hda with the `none` audiodev records silence at the sample
 * rate: enough for the capture mechanics, an overrun included.
 */
static void test_qtest_capture_silence(gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev;

	if (strcmp(sv_test_backend()->kind, "qtest")) {
		g_test_skip("only on the qtest backend (it starts its own QEMU)");
		return;
	}
	dev = sv_device_open("qtest:", &err);
	if (!dev) {
		g_autofree char *msg = g_strdup_printf("qtest: %s", err->message);

		g_test_skip(msg);
		return;
	}
	capture(dev, 0, FALSE);
	capture(dev, 0, TRUE);
	sv_device_close(dev);
}

/* ---- bad requests ------------------------------------------------------------------ */

static const HdaWidget *path_converter(HdaController *ctl, HdaStreamDir dir, HdaCodec **out)
{
	const HdaControllerInfo *info = hda_controller_info(ctl);

	for (unsigned cad = 0; cad < 15; cad++) {
		HdaCodec *codec;
		HdaPath p;

		if (!(info->codec_mask & (1u << cad)))
			continue;
		codec = hda_codec_enumerate(ctl, cad, NULL);
		if (codec && hda_path_find(codec, dir, &p, NULL)) {
			*out = codec;
			return hda_codec_widget(codec, p.converter);
		}
		hda_codec_free(codec);
	}
	return NULL;
}

static void expect_unsupported(HdaController *ctl, const HdaWidget *conv, const HdaPcmFormat *f,
			       const char *what)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *caps = hda_format_caps_string(conv->pcm, conv->stream,
							hda_converter_channels(conv->wcaps));
	g_autofree char *req = g_strdup_printf("%s requested", what);
	HdaPcmConfig cfg = { .format = *f, .cad = -1 };

	g_assert_null(hda_pcm_open(ctl, HDA_STREAM_OUTPUT, &cfg, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	g_test_message("%s", err->message);
	/* It lists what the converter supports, and says what was wrong. */
	g_assert_nonnull(strstr(err->message, caps));
	g_assert_nonnull(strstr(err->message, req));
}

static void test_bad_format(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(HdaCodec) codec = NULL;
	const HdaWidget *conv = path_converter(ctl, HDA_STREAM_OUTPUT, &codec);
	static const unsigned widths[] = { 8, 20, 24, 32 };
	unsigned max_ch;
	gboolean tried = FALSE;

	if (!conv) {
		g_test_skip("no codec with an output path");
		hda_controller_close(ctl);
		return;
	}
	max_ch = hda_converter_channels(conv->wcaps);
	for (unsigned i = 0; i < HDA_N_RATES; i++)
		if (!(conv->pcm & (1u << i))) {
			HdaPcmFormat f = { hda_rate_from_index(i), 16, 2 };
			g_autofree char *what = g_strdup_printf("%u Hz", f.rate);

			expect_unsupported(ctl, conv, &f, what);
			tried = TRUE;
			break;
		}
	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (!(conv->pcm & hda_bits_pcm_bit(widths[i]))) {
			HdaPcmFormat f = { 48000, widths[i], 2 };
			g_autofree char *what = g_strdup_printf("%u bit", f.bits);

			expect_unsupported(ctl, conv, &f, what);
			tried = TRUE;
			break;
		}
	if (max_ch < HDA_MAX_CHANNELS) {
		/* Six channels on a stereo DAC, say. */
		HdaPcmFormat f = { 48000, 16, MAX(6, max_ch + 1) };
		g_autofree char *what = g_strdup_printf("%u channels", f.channels);

		expect_unsupported(ctl, conv, &f, what);
		tried = TRUE;
	}
	/* Nothing leaked: the default format still opens. */
	g_assert_true(tried);
	hda_pcm_close(open_pcm(ctl, HDA_STREAM_OUTPUT, &s16));
	hda_controller_close(ctl);
}

/* Whatever direction a codec lacks, opening it says so, naming the codec. */
static void check_no_path(SvDevice *dev, HdaStreamDir dir, const char *expect)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(GError) err = NULL;
	HdaPcmConfig cfg = { .format = s16, .cad = -1 };

	g_assert_null(hda_pcm_open(ctl, dir, &cfg, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_test_message("%s", err->message);
	g_assert_nonnull(strstr(err->message, expect));
	g_assert_nonnull(strstr(err->message, sv_device_name(dev)));
	hda_controller_close(ctl);
}

static void test_no_path(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO);
	g_autoptr(HdaCodec) codec = NULL;
	gboolean has_out = path_converter(ctl, HDA_STREAM_OUTPUT, &codec) != NULL;
	gboolean has_in;

	g_clear_pointer(&codec, hda_codec_free);
	has_in = path_converter(ctl, HDA_STREAM_INPUT, &codec) != NULL;
	hda_controller_close(ctl);
	if (!has_out)
		check_no_path(dev, HDA_STREAM_OUTPUT, "has no output path");
	if (!has_in)
		check_no_path(dev, HDA_STREAM_INPUT, "has no input path");
	if (has_in && has_out)
		g_test_skip("this device's codecs have both paths (see qtest-output-only)");
}

/* QEMU's hda-output has no input pin: recording from it is a clear error. */
static void test_qtest_output_only(gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev;

	if (strcmp(sv_test_backend()->kind, "qtest")) {
		g_test_skip("only on the qtest backend (it starts its own QEMU)");
		return;
	}
	dev = sv_device_open("qtest:codec=hda-output", &err);
	if (!dev) {
		g_autofree char *msg = g_strdup_printf("qtest:codec=hda-output: %s", err->message);

		g_test_skip(msg);
		return;
	}
	check_no_path(dev, HDA_STREAM_INPUT,
		      "codec 0 (QEMU hda-output) has no input path: no connected pin can take "
		      "input (pins: 0x03 Line Out (output only))");
	sv_device_close(dev);
}

int main(int argc, char **argv)
{
	sv_test_init(&argc, &argv);
	sv_test_add("pcm/stream/alloc", SV_NEEDS_NOTHING, test_stream_alloc, NULL);
	sv_test_add("pcm/dma-budget/playback", SV_NEEDS_NOTHING, test_dma_budget,
		    GINT_TO_POINTER(HDA_STREAM_OUTPUT));
	sv_test_add("pcm/dma-budget/capture", SV_NEEDS_NOTHING, test_dma_budget,
		    GINT_TO_POINTER(HDA_STREAM_INPUT));
	sv_test_add("pcm/stream/program", SV_NEEDS_NOTHING, test_stream_program, NULL);
	sv_test_add("pcm/play", SV_NEEDS_NOTHING, test_play, NULL);
	sv_test_add("pcm/play-poll", SV_NEEDS_NOTHING, test_play_poll, NULL);
	sv_test_add("pcm/play-irq-lost", SV_NEEDS_NOTHING, test_play_irq_lost, NULL);
	sv_test_add("pcm/underrun", SV_NEEDS_NOTHING, test_underrun, NULL);
	sv_test_add("pcm/posbuf-stale", SV_NEEDS_NOTHING, test_posbuf_stale, NULL);
	sv_test_add("pcm/posbuf-bogus", SV_NEEDS_NOTHING, test_posbuf_bogus, NULL);
	sv_test_add("pcm/capture", SV_NEEDS_CAPTURE, test_capture, NULL);
	sv_test_add("pcm/overrun", SV_NEEDS_CAPTURE, test_overrun, NULL);
	sv_test_add_nodev("pcm/qtest-capture-silence", SV_NEEDS_NOTHING,
			  test_qtest_capture_silence, NULL);
	sv_test_add("pcm/bad/format", SV_NEEDS_NOTHING, test_bad_format, NULL);
	sv_test_add("pcm/bad/no-path", SV_NEEDS_NOTHING, test_no_path, NULL);
	sv_test_add_nodev("pcm/bad/qtest-output-only", SV_NEEDS_NOTHING, test_qtest_output_only,
			  NULL);
	return sv_test_run();
}
