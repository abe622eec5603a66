// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * path.c - codec paths for a stream (HDA spec rev 1.0a 7.1.2, 7.3.3):
 * output DAC -> [mixer/selector...] -> pin, input pin -> [...] -> ADC,
 * found with a breadth-first search over the connection lists (a widget
 * lists its inputs), then powered, selected, unmuted and enabled.
 */
#define SV_LOG_PREFIX "hda-path"
#include "sofvfio/hda-pcm.h"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"

#include <math.h>
#include <string.h>

#define NID_MAX 256
#define POWER_TIMEOUT_US 200000

/* ---- naming ---------------------------------------------------------------- */

/* QEMU's codec models, by vendor id without the low nibble (mixer variants). */
static const struct {
	uint32_t id;
	const char *name;
} qemu_codecs[] = {
	{ 0x1af40010, "hda-output" },
	{ 0x1af40020, "hda-duplex" },
	{ 0x1af40030, "hda-micro" },
};

char *hda_codec_describe(const HdaCodec *codec)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(qemu_codecs); i++)
		if ((codec->vendor_id & ~0xfu) == qemu_codecs[i].id)
			return g_strdup_printf("codec %u (QEMU %s)", codec->cad, qemu_codecs[i].name);
	return g_strdup_printf("codec %u (%s %s)", codec->cad,
			       codec->vendor_name ? codec->vendor_name : "vendor ?",
			       codec->chip_name ? codec->chip_name : "");
}

static const char *widget_short(const HdaWidget *w)
{
	switch (w->type) {
	case AC_WID_AUD_OUT:
		return "DAC";
	case AC_WID_AUD_IN:
		return "ADC";
	case AC_WID_AUD_MIX:
		return "mixer";
	case AC_WID_AUD_SEL:
		return "selector";
	case AC_WID_PIN:
		return "pin";
	default:
		return "widget";
	}
}

char *hda_path_to_string(const HdaCodec *codec, const HdaPath *path)
{
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; i < path->n; i++) {
		const HdaWidget *w = hda_codec_widget(codec, path->nid[i]);

		if (i)
			g_string_append(s, " -> ");
		if (w && w->type == AC_WID_PIN)
			g_string_append_printf(s, "%s ", hda_pin_device_name(w->pin_default));
		g_string_append_printf(s, "%s 0x%02x", w ? widget_short(w) : "widget", path->nid[i]);
	}
	return g_string_free(s, FALSE);
}

/* ---- search ---------------------------------------------------------------- */

static bool is_digital(const HdaWidget *w)
{
	return (w->wcaps & AC_WCAP_DIGITAL) != 0;
}

static bool pin_connected(const HdaWidget *w)
{
	return AC_DEFCFG_PORT_CONN(w->pin_default) != AC_JACK_PORT_NONE;
}

static bool pin_digital(const HdaWidget *w)
{
	unsigned dev = AC_DEFCFG_DEVICE(w->pin_default);

	return is_digital(w) || (w->pincap & (AC_PINCAP_HDMI | AC_PINCAP_DP)) ||
	       dev == AC_JACK_SPDIF_OUT || dev == AC_JACK_DIG_OTHER_OUT ||
	       dev == AC_JACK_SPDIF_IN || dev == AC_JACK_DIG_OTHER_IN;
}

/* Lower is better; -1: not a candidate. */
static int pin_rank(const HdaWidget *w, HdaStreamDir dir)
{
	unsigned dev = AC_DEFCFG_DEVICE(w->pin_default);

	if (w->type != AC_WID_PIN || !pin_connected(w))
		return -1;
	if (dir == HDA_STREAM_OUTPUT) {
		if (!(w->pincap & AC_PINCAP_OUT))
			return -1;
		if (pin_digital(w))
			return 10;
		return dev == AC_JACK_LINE_OUT ? 0 : dev == AC_JACK_SPEAKER ? 1 :
		       dev == AC_JACK_HP_OUT ? 2 : 5;
	}
	if (!(w->pincap & AC_PINCAP_IN))
		return -1;
	if (pin_digital(w))
		return 10;
	return dev == AC_JACK_LINE_IN ? 0 : dev == AC_JACK_MIC_IN ? 1 : dev == AC_JACK_AUX ? 2 :
	       dev == AC_JACK_CD ? 3 : 5;
}

typedef bool (*GoalFunc)(const HdaWidget *w, const void *goal);

/*
 * Breadth-first from @start over connection lists (towards the sources),
 * through mixers and selectors only, to the nearest widget @goal accepts.
 * Fills @chain with start..goal and returns its length, 0 when none.
 */
static unsigned bfs(const HdaCodec *codec, unsigned start, GoalFunc goal, const void *goal_data,
		    unsigned *chain)
{
	int prev[NID_MAX];
	unsigned queue[NID_MAX], head = 0, tail = 0, depth[NID_MAX];

	for (unsigned i = 0; i < NID_MAX; i++)
		prev[i] = -2;
	prev[start] = -1;
	depth[start] = 1;
	queue[tail++] = start;
	while (head < tail) {
		unsigned nid = queue[head++];
		const HdaWidget *w = hda_codec_widget(codec, nid);

		if (!w)
			continue;
		if (nid != start && goal(w, goal_data)) {
			unsigned n = depth[nid];

			for (int v = (int)nid, i = (int)n - 1; v >= 0; v = prev[v], i--)
				chain[i] = (unsigned)v;
			return n;
		}
		/* Only the start and mixers/selectors are crossed. */
		if (nid != start && w->type != AC_WID_AUD_MIX && w->type != AC_WID_AUD_SEL)
			continue;
		if (depth[nid] >= HDA_PATH_MAX_DEPTH)
			continue;
		for (unsigned c = 0; c < w->n_conn; c++) {
			unsigned src = w->conn[c];

			if (src >= NID_MAX || prev[src] != -2 || !hda_codec_widget(codec, src))
				continue;
			prev[src] = (int)nid;
			depth[src] = depth[nid] + 1;
			queue[tail++] = src;
		}
	}
	return 0;
}

static bool goal_dac(const HdaWidget *w, const void *digital)
{
	return w->type == AC_WID_AUD_OUT && is_digital(w) == *(const bool *)digital;
}

static bool goal_pin(const HdaWidget *w, const void *nid)
{
	return w->nid == *(const unsigned *)nid;
}

static int conn_index(const HdaWidget *w, unsigned src)
{
	for (unsigned c = 0; c < w->n_conn; c++)
		if (w->conn[c] == src)
			return (int)c;
	return -1;
}

/* Store @chain (sink first) in signal order (source first). */
static void store_path(const HdaCodec *codec, HdaStreamDir dir, const unsigned *chain,
		       unsigned n, HdaPath *path)
{
	*path = (HdaPath){ .dir = dir, .cad = codec->cad, .n = n };
	for (unsigned i = 0; i < n; i++)
		path->nid[i] = chain[n - 1 - i];
	path->conn_idx[0] = -1;
	for (unsigned i = 1; i < n; i++)
		path->conn_idx[i] = conn_index(hda_codec_widget(codec, path->nid[i]),
					       path->nid[i - 1]);
	if (dir == HDA_STREAM_OUTPUT) {
		path->converter = path->nid[0];
		path->pin = path->nid[n - 1];
	} else {
		path->pin = path->nid[0];
		path->converter = path->nid[n - 1];
	}
}

/* Candidate pins of @dir, best first. */
static unsigned candidate_pins(const HdaCodec *codec, HdaStreamDir dir, unsigned *pins)
{
	unsigned n = 0;

	for (int rank = 0; rank <= 10; rank++)
		for (unsigned i = 0; i < codec->n_widgets; i++)
			if (pin_rank(&codec->widgets[i], dir) == rank)
				pins[n++] = codec->widgets[i].nid;
	return n;
}

static void no_path(const HdaCodec *codec, HdaStreamDir dir, const unsigned *pins,
		    unsigned n_pins, GError **error)
{
	g_autofree char *who = hda_codec_describe(codec);
	g_autoptr(GString) why = g_string_new(NULL);
	unsigned n_conv = 0, conv_type = dir == HDA_STREAM_OUTPUT ? AC_WID_AUD_OUT : AC_WID_AUD_IN;

	for (unsigned i = 0; i < codec->n_widgets; i++)
		if (codec->widgets[i].type == conv_type)
			n_conv++;
	if (!codec->afg)
		g_string_append(why, "it has no audio function group");
	else if (!n_pins) {
		unsigned listed = 0;

		g_string_append_printf(why, "no connected pin can %s",
				       dir == HDA_STREAM_OUTPUT ? "output" : "take input");
		for (unsigned i = 0; i < codec->n_widgets; i++) {
			const HdaWidget *w = &codec->widgets[i];
			uint32_t io = w->pincap & (AC_PINCAP_OUT | AC_PINCAP_IN);

			if (w->type != AC_WID_PIN)
				continue;
			g_string_append_printf(why, "%s0x%02x %s (%s%s)", listed++ ? ", " : " (pins: ",
					       w->nid, hda_pin_device_name(w->pin_default),
					       io == (AC_PINCAP_OUT | AC_PINCAP_IN) ? "in+out" :
					       io == AC_PINCAP_OUT ? "output only" :
					       io == AC_PINCAP_IN ? "input only" : "no I/O",
					       pin_connected(w) ? "" : ", not connected");
		}
		g_string_append(why, listed ? ")" : " (no pins)");
	} else if (!n_conv)
		g_string_append_printf(why, "it has no %s", dir == HDA_STREAM_OUTPUT ? "DAC" : "ADC");
	else {
		g_string_append_printf(why, "no %s reaches a pin (tried",
				       dir == HDA_STREAM_OUTPUT ? "DAC" : "ADC");
		for (unsigned i = 0; i < n_pins; i++)
			g_string_append_printf(why, " 0x%02x", pins[i]);
		g_string_append(why, ")");
	}
	g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "%s has no %s path: %s", who,
		    dir == HDA_STREAM_OUTPUT ? "output" : "input", why->str);
}

gboolean hda_path_find(const HdaCodec *codec, HdaStreamDir dir, HdaPath *path, GError **error)
{
	unsigned pins[NID_MAX], n_pins = codec->afg ? candidate_pins(codec, dir, pins) : 0;
	unsigned chain[HDA_PATH_MAX_DEPTH], best[HDA_PATH_MAX_DEPTH], best_n = 0;

	for (unsigned p = 0; p < n_pins; p++) {
		const HdaWidget *pin = hda_codec_widget(codec, pins[p]);
		bool digital = pin_digital(pin);
		unsigned n;

		if (dir == HDA_STREAM_OUTPUT) {
			n = bfs(codec, pins[p], goal_dac, &digital, chain);
			if (n) {
				store_path(codec, dir, chain, n, path);
				return TRUE;
			}
			continue;
		}
		/* Input: the nearest ADC whose search reaches this pin. */
		for (unsigned i = 0; i < codec->n_widgets; i++) {
			const HdaWidget *w = &codec->widgets[i];

			if (w->type != AC_WID_AUD_IN || is_digital(w) != digital)
				continue;
			n = bfs(codec, w->nid, goal_pin, &pins[p], chain);
			if (n && (!best_n || n < best_n)) {
				memcpy(best, chain, n * sizeof(*chain));
				best_n = n;
			}
		}
		if (best_n) {
			store_path(codec, dir, best, best_n, path);
			return TRUE;
		}
	}
	no_path(codec, dir, pins, n_pins, error);
	return FALSE;
}

/* ---- enabling ---------------------------------------------------------------- */

double hda_amp_gain_db(uint32_t caps, unsigned step)
{
	/* 7.3.4.10: step size in 0.25 dB units minus one; offset is the 0 dB step. */
	return ((double)step - AC_AMPCAP_OFFSET(caps)) * (AC_AMPCAP_STEP_SIZE(caps) + 1) * 0.25;
}

unsigned hda_amp_default_step(uint32_t caps)
{
	unsigned steps = AC_AMPCAP_NUM_STEPS(caps), offset = AC_AMPCAP_OFFSET(caps);

	return offset <= steps ? offset : steps / 2;
}

typedef struct {
	HdaController *ctl;
	unsigned cad;
	GError **error;
} Verbs;

static gboolean verb(Verbs *v, unsigned nid, unsigned verb_id, unsigned payload, uint32_t *resp)
{
	uint32_t dummy;

	return hda_verb(v->ctl, v->cad, nid, verb_id, payload, resp ? resp : &dummy, v->error);
}

/* SET_AMP_GAIN_MUTE, the 4-bit verb with a 16-bit payload (7.3.3.7). */
static gboolean set_amp(Verbs *v, unsigned nid, uint32_t dir_bits, unsigned index, uint32_t caps,
			bool mute, double *gain)
{
	unsigned step = hda_amp_default_step(caps);
	uint32_t payload = dir_bits | AC_AMP_SET_LEFT | AC_AMP_SET_RIGHT | AC_AMP_SET_INDEX(index) |
			   (step & AC_AMP_GAIN) | (mute ? AC_AMP_MUTE : 0);
	uint32_t resp;

	if (!mute && gain)
		*gain += hda_amp_gain_db(caps, step);
	return hda_command(v->ctl, HDA_VERB4(v->cad, nid, AC_VERB4_SET_AMP_GAIN_MUTE, payload),
			   &resp, v->error);
}

typedef struct {
	Verbs *v;
	unsigned nid;
} PowerWait;

static gboolean power_d0(void *data, GError **error)
{
	PowerWait *p = data;
	uint32_t r;

	if (!hda_verb(p->v->ctl, p->v->cad, p->nid, AC_VERB_GET_POWER_STATE, 0, &r, error))
		return FALSE;
	/* 7.3.3.10: actual state in 7:4. */
	return ((r >> 4) & 0xf) == AC_PWRST_D0;
}

static gboolean power_up(Verbs *v, unsigned nid)
{
	PowerWait p = { v, nid };
	g_autofree char *what = g_strdup_printf("NID 0x%02x of codec %u to reach D0", nid, v->cad);

	return verb(v, nid, AC_VERB_SET_POWER_STATE, AC_PWRST_D0, NULL) &&
	       sv_wait_until(power_d0, &p, POWER_TIMEOUT_US, what, v->error);
}

/* Pin control VREF for a mic: 80 %, 50 %, 100 %, else Hi-Z (7.3.3.13, pin caps 7.3.4.9). */
static unsigned mic_vref(uint32_t pincap)
{
	unsigned caps = AC_PINCAP_VREF(pincap);

	if (caps & (1u << 4))
		return 4;
	if (caps & (1u << 1))
		return 1;
	if (caps & (1u << 5))
		return 5;
	return 0;
}

static gboolean enable_widget(Verbs *v, const HdaCodec *codec, HdaPath *path, unsigned i)
{
	const HdaWidget *w = hda_codec_widget(codec, path->nid[i]);
	bool input_pin = path->dir == HDA_STREAM_INPUT && i == 0;
	int sel = path->conn_idx[i];

	if ((w->wcaps & AC_WCAP_POWER) && !power_up(v, w->nid))
		return FALSE;
	/* Selectors, pins and converters pick one input; mixers sum them all. */
	if (sel >= 0 && w->type != AC_WID_AUD_MIX && w->n_conn > 1 &&
	    !verb(v, w->nid, AC_VERB_SET_CONNECT_SEL, (unsigned)sel, NULL))
		return FALSE;
	if (w->wcaps & AC_WCAP_IN_AMP) {
		if (w->type == AC_WID_AUD_MIX) {
			/* Only the path's input: other sources would add to the level. */
			for (unsigned c = 0; c < w->n_conn && c < 16; c++)
				if (!set_amp(v, w->nid, AC_AMP_SET_INPUT, c, w->amp_in_caps,
					     (int)c != sel, &path->gain_db))
					return FALSE;
		} else if (w->type == AC_WID_PIN || sel >= 0) {
			if (!set_amp(v, w->nid, AC_AMP_SET_INPUT,
				     w->type == AC_WID_PIN ? 0 : (unsigned)sel, w->amp_in_caps, false,
				     &path->gain_db))
				return FALSE;
		}
	}
	if ((w->wcaps & AC_WCAP_OUT_AMP) && !input_pin &&
	    !set_amp(v, w->nid, AC_AMP_SET_OUTPUT, 0, w->amp_out_caps, false, &path->gain_db))
		return FALSE;
	if (w->type != AC_WID_PIN)
		return TRUE;
	if (path->dir == HDA_STREAM_OUTPUT) {
		unsigned ctl = AC_PINCTL_OUT_EN;

		if (AC_DEFCFG_DEVICE(w->pin_default) == AC_JACK_HP_OUT &&
		    (w->pincap & AC_PINCAP_HP_DRV))
			ctl |= AC_PINCTL_HP_EN;
		if (!verb(v, w->nid, AC_VERB_SET_PIN_WIDGET_CONTROL, ctl, NULL))
			return FALSE;
		/* External amplifier power down: set EAPD to power the amplifier (7.3.3.16). */
		if ((w->pincap & AC_PINCAP_EAPD) &&
		    !verb(v, w->nid, AC_VERB_SET_EAPD_BTLENABLE,
			  (w->eapd | AC_EAPDBTL_EAPD) & 0x7, NULL))
			return FALSE;
		return TRUE;
	}
	return verb(v, w->nid, AC_VERB_SET_PIN_WIDGET_CONTROL,
		    AC_PINCTL_IN_EN | (AC_DEFCFG_DEVICE(w->pin_default) == AC_JACK_MIC_IN ?
						mic_vref(w->pincap) : 0),
		    NULL);
}

gboolean hda_path_enable(HdaController *ctl, const HdaCodec *codec, HdaPath *path,
			 GError **error)
{
	Verbs v = { ctl, codec->cad, error };
	g_autofree char *desc = hda_path_to_string(codec, path);

	path->gain_db = 0;
	/* 7.3.3.10: the function group first, then its widgets. */
	if (!power_up(&v, codec->afg))
		goto fail;
	for (unsigned i = 0; i < path->n; i++)
		if (!enable_widget(&v, codec, path, i))
			goto fail;
	sv_debug("codec %u: %s enabled, %.2f dB", codec->cad, desc, path->gain_db);
	return TRUE;
fail:
	g_prefix_error(error, "enabling %s on codec %u: ", desc, codec->cad);
	return FALSE;
}

gboolean hda_path_connect(HdaController *ctl, const HdaPath *path, unsigned tag, unsigned channel,
			  uint16_t fmt_word, GError **error)
{
	uint32_t resp;

	/* 7.3.3.11 stream tag 7:4, lowest channel 3:0; then 7.3.3.8 the format. */
	if (!hda_verb(ctl, path->cad, path->converter, AC_VERB_SET_CHANNEL_STREAMID,
		      (tag & 0xf) << 4 | (channel & 0xf), &resp, error) ||
	    !hda_command(ctl, HDA_VERB4(path->cad, path->converter, AC_VERB4_SET_STREAM_FORMAT,
					fmt_word), &resp, error)) {
		g_prefix_error(error, "connecting converter 0x%02x of codec %u to stream %u: ",
			       path->converter, path->cad, tag);
		return FALSE;
	}
	return TRUE;
}

void hda_path_disconnect(HdaController *ctl, const HdaPath *path)
{
	g_autoptr(GError) err = NULL;
	uint32_t resp;

	if (sv_device_gone(hda_controller_device(ctl), NULL))
		return;
	if (!hda_verb(ctl, path->cad, path->converter, AC_VERB_SET_CHANNEL_STREAMID, 0, &resp,
		      &err))
		sv_warn_dev(hda_controller_device(ctl), "codec %u: converter 0x%02x back to "
			    "stream 0: %s", path->cad, path->converter, err->message);
}
