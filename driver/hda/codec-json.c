// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-json.c - a codec as JSON, built with json-glib.  Keys are stable and
 * documented in docs/hda.md: numbers are plain JSON numbers (raw
 * register/parameter values included, so nothing is lost), decoded fields
 * sit next to them, optional parts are absent rather than null.
 */
#include "sofvfio/hda-codec.h"

#include "sofvfio/json.h"

/* The builder, under the short names the printer below uses. */
typedef JsonBuilder Json;

static void open_(Json *j, const char *k, char c)
{
	if (k)
		json_builder_set_member_name(j, k);
	if (c == '{')
		json_builder_begin_object(j);
	else
		json_builder_begin_array(j);
}

static void close_(Json *j, char c)
{
	if (c == '}')
		json_builder_end_object(j);
	else
		json_builder_end_array(j);
}

static void num(Json *j, const char *k, uint64_t v)
{
	sv_json_member_int(j, k, (gint64)v);
}

static void boolean(Json *j, const char *k, bool v)
{
	json_builder_set_member_name(j, k);
	json_builder_add_boolean_value(j, v);
}

static void str(Json *j, const char *k, const char *v)
{
	sv_json_member_string(j, k, v);
}

static void pcm(Json *j, const char *k, uint32_t pcm_v, uint32_t stream)
{
	static const unsigned rates[] = { 8000,  11025, 16000,  22050,  32000,  44100,
					  48000, 88200, 96000, 176400, 192000, 384000 };
	static const unsigned bits[] = { 8, 16, 20, 24, 32 };
	static const struct {
		uint32_t bit;
		const char *name;
	} formats[] = {
		{ AC_SUPFMT_PCM, "PCM" }, { AC_SUPFMT_FLOAT32, "FLOAT32" }, { AC_SUPFMT_AC3, "AC3" },
	};

	open_(j, k, '{');
	num(j, "pcm", pcm_v);
	num(j, "stream", stream);
	open_(j, "rates", '[');
	for (unsigned i = 0; i < G_N_ELEMENTS(rates); i++)
		if (pcm_v & (1u << i))
			json_builder_add_int_value(j, rates[i]);
	close_(j, ']');
	open_(j, "bits", '[');
	for (unsigned i = 0; i < G_N_ELEMENTS(bits); i++)
		if (pcm_v & (AC_SUPPCM_BITS_8 << i))
			json_builder_add_int_value(j, bits[i]);
	close_(j, ']');
	open_(j, "formats", '[');
	for (unsigned i = 0; i < G_N_ELEMENTS(formats); i++)
		if (stream & formats[i].bit)
			json_builder_add_string_value(j, formats[i].name);
	close_(j, ']');
	close_(j, '}');
}

static void amp_caps(Json *j, const char *k, uint32_t caps)
{
	open_(j, k, '{');
	num(j, "raw", caps);
	num(j, "offset", AC_AMPCAP_OFFSET(caps));
	num(j, "steps", AC_AMPCAP_NUM_STEPS(caps));
	num(j, "step_size", AC_AMPCAP_STEP_SIZE(caps));
	boolean(j, "mute", caps & AC_AMPCAP_MUTE);
	close_(j, '}');
}

static void amp(Json *j, const char *k, uint32_t raw, uint32_t resolved, const HdaAmpVal *v,
		unsigned n, bool stereo)
{
	open_(j, k, '{');
	num(j, "caps_raw", raw);
	amp_caps(j, "caps", resolved);
	boolean(j, "stereo", stereo);
	open_(j, "values", '[');
	for (unsigned i = 0; i < n; i++) {
		open_(j, NULL, '[');
		json_builder_add_int_value(j, v[i].left);
		json_builder_add_int_value(j, stereo ? v[i].right : v[i].left);
		close_(j, ']');
	}
	close_(j, ']');
	close_(j, '}');
}

static void power(Json *j, const char *k, uint32_t caps, uint32_t state)
{
	static const char *const names[32] = {
		[0] = "D0", [1] = "D1", [2] = "D2", [3] = "D3", [4] = "D3cold",
		[29] = "S3D3cold", [30] = "CLKSTOP", [31] = "EPSS",
	};
	open_(j, k, '{');
	num(j, "caps", caps);
	open_(j, "states", '[');
	for (unsigned i = 0; i < 32; i++)
		if ((caps & (1u << i)) && names[i])
			json_builder_add_string_value(j, names[i]);
	close_(j, ']');
	num(j, "state", state);
	str(j, "setting", hda_power_state_name(state & 0xf));
	str(j, "actual", hda_power_state_name((state >> 4) & 0xf));
	close_(j, '}');
}

static void pin(Json *j, const HdaWidget *w)
{
	uint32_t cfg = w->pin_default;

	open_(j, "pin", '{');
	num(j, "caps", w->pincap);
	boolean(j, "input", w->pincap & AC_PINCAP_IN);
	boolean(j, "output", w->pincap & AC_PINCAP_OUT);
	boolean(j, "headphone", w->pincap & AC_PINCAP_HP_DRV);
	boolean(j, "presence_detect", w->pincap & AC_PINCAP_PRES_DETECT);
	boolean(j, "eapd_capable", w->pincap & AC_PINCAP_EAPD);
	boolean(j, "hdmi", w->pincap & AC_PINCAP_HDMI);
	boolean(j, "dp", w->pincap & AC_PINCAP_DP);
	num(j, "vref_caps", AC_PINCAP_VREF(w->pincap));
	num(j, "default_config", cfg);
	str(j, "port", hda_pin_port_name(cfg));
	str(j, "device", hda_pin_device_name(cfg));
	str(j, "connectivity", hda_pin_connectivity_name(cfg));
	str(j, "location", hda_pin_location_name(cfg));
	str(j, "conn_type", hda_pin_conn_type_name(cfg));
	str(j, "color", hda_pin_color_name(cfg));
	num(j, "misc", AC_DEFCFG_MISC(cfg));
	num(j, "association", AC_DEFCFG_DEF_ASSOC(cfg));
	num(j, "sequence", AC_DEFCFG_SEQUENCE(cfg));
	num(j, "control", w->pin_ctl);
	if (w->have & HDA_HAVE_EAPD)
		num(j, "eapd", w->eapd);
	close_(j, '}');
}

static void widget(Json *j, const HdaWidget *w)
{
	open_(j, NULL, '{');
	num(j, "nid", w->nid);
	str(j, "type", hda_widget_type_short(w->type));
	str(j, "type_name", hda_widget_type_name(w->type));
	num(j, "wcaps", w->wcaps);
	num(j, "channels", (w->wcaps & AC_WCAP_STEREO) ? AC_WCAP_CHAN_CNT_EXT(w->wcaps) * 2 + 2
						       : 1);
	boolean(j, "digital", w->wcaps & AC_WCAP_DIGITAL);
	if (AC_WCAP_DELAY(w->wcaps))
		num(j, "delay", AC_WCAP_DELAY(w->wcaps));
	if (w->have & HDA_HAVE_AMP_IN)
		amp(j, "amp_in", w->amp_in_caps_raw, w->amp_in_caps, w->amp_in_vals,
		    w->n_amp_in_vals, w->amp_in_stereo);
	if (w->have & HDA_HAVE_AMP_OUT)
		amp(j, "amp_out", w->amp_out_caps_raw, w->amp_out_caps, w->amp_out_vals,
		    w->n_amp_out_vals, w->amp_out_stereo);
	if (w->have & HDA_HAVE_PIN)
		pin(j, w);
	if (w->have & HDA_HAVE_CONV) {
		open_(j, "converter", '{');
		num(j, "stream", (w->conv >> 4) & 0xf);
		num(j, "channel", w->conv & 0xf);
		if (w->have & HDA_HAVE_SDI)
			num(j, "sdi_select", w->sdi_select & 0xf);
		if (w->have & HDA_HAVE_DIGITAL)
			num(j, "digital", w->digi);
		boolean(j, "format_override", w->have & HDA_HAVE_PCM);
		close_(j, '}');
		pcm(j, "pcm", w->pcm, w->stream);
	}
	if (w->have & HDA_HAVE_VOL_KNOB) {
		open_(j, "volume_knob", '{');
		num(j, "caps", w->vol_knob_caps);
		num(j, "control", w->vol_knob);
		close_(j, '}');
	}
	if (w->have & HDA_HAVE_UNSOL) {
		open_(j, "unsol", '{');
		num(j, "tag", w->unsol & 0x3f);
		boolean(j, "enabled", w->unsol & 0x80);
		close_(j, '}');
	}
	if (w->have & HDA_HAVE_POWER)
		power(j, "power", w->power_caps, w->power_state);
	if (w->have & HDA_HAVE_PROC) {
		open_(j, "processing", '{');
		boolean(j, "benign", w->proc_caps & 1);
		num(j, "coefficients", (w->proc_caps >> 8) & 0xff);
		close_(j, '}');
	}
	if (w->have & HDA_HAVE_CONN) {
		num(j, "connlist_len", w->conn_len_raw);
		open_(j, "connections", '[');
		for (unsigned i = 0; i < w->n_conn; i++)
			json_builder_add_int_value(j, w->conn[i]);
		close_(j, ']');
		if (w->have & HDA_HAVE_CONN_SEL)
			num(j, "connection_select", (unsigned)w->conn_sel);
	}
	close_(j, '}');
}

void hda_codec_to_json(const HdaCodec *c, JsonBuilder *b)
{
	Json *j = b;
	g_autofree char *name = g_strdup_printf("%s %s", c->vendor_name ? c->vendor_name : "",
						c->chip_name ? c->chip_name : "");

	open_(j, NULL, '{');
	num(j, "address", c->cad);
	str(j, "name", name);
	str(j, "vendor_name", c->vendor_name ? c->vendor_name : "");
	num(j, "vendor_id", c->vendor_id);
	num(j, "subsystem_id", c->subsystem_id);
	num(j, "revision_id", c->revision_id);
	open_(j, "function_groups", '[');
	for (unsigned i = 0; i < c->n_fgs; i++) {
		unsigned nid = c->fg_start + i;

		if (nid != c->afg && nid != c->mfg)
			continue;
		open_(j, NULL, '{');
		num(j, "nid", nid);
		str(j, "type", nid == c->afg ? "audio" : "modem");
		num(j, "function_type", nid == c->afg ? c->afg_function_type
						       : c->mfg_function_type);
		boolean(j, "unsol", nid == c->afg ? c->afg_unsol : c->mfg_unsol);
		close_(j, '}');
	}
	close_(j, ']');
	if (c->afg) {
		open_(j, "afg", '{');
		num(j, "nid", c->afg);
		num(j, "caps", c->afg_caps);
		pcm(j, "pcm", c->pcm, c->stream);
		amp_caps(j, "amp_in_caps", c->amp_in_caps);
		amp_caps(j, "amp_out_caps", c->amp_out_caps);
		power(j, "power", c->power_caps, c->power_state);
		open_(j, "gpio", '{');
		num(j, "caps", c->gpio.caps);
		num(j, "io", c->gpio.caps & 0xff);
		num(j, "o", (c->gpio.caps >> 8) & 0xff);
		num(j, "i", (c->gpio.caps >> 16) & 0xff);
		boolean(j, "unsol", (c->gpio.caps >> 30) & 1);
		boolean(j, "wake", (c->gpio.caps >> 31) & 1);
		if (c->gpio.have_state) {
			num(j, "data", c->gpio.data);
			num(j, "mask", c->gpio.mask);
			num(j, "direction", c->gpio.dir);
			num(j, "wake_mask", c->gpio.wake);
			num(j, "unsol_mask", c->gpio.unsol);
			num(j, "sticky_mask", c->gpio.sticky);
		}
		close_(j, '}');
		close_(j, '}');
	}
	open_(j, "widgets", '[');
	for (unsigned i = 0; i < c->n_widgets; i++)
		widget(j, &c->widgets[i]);
	close_(j, ']');
	close_(j, '}');
}

void hda_codec_print_json(const HdaCodec *c, GString *out)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	g_autofree char *text = NULL;

	hda_codec_to_json(c, b);
	text = sv_json_builder_write(b, TRUE);
	g_string_append(out, text);
}
