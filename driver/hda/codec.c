// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec.c - codec enumeration (HDA spec 7.3.4 parameters, 7.3.3 verbs):
 * root node, function groups, the AFG's capabilities and state, and every
 * widget with everything Linux's /proc/asound/cardN/codec#M shows.
 *
 * The reads follow Linux (sound/hda/core/device.c, sound/hda/common/proc.c)
 * so that the printed text matches the kernel's line for line: the same
 * verbs, the same defaults, the same quirks (e.g. a connection list holding
 * two zero entries is empty).
 */
#define SV_LOG_PREFIX "hda-codec"
#include "sofvfio/log.h"
#include "sofvfio/hda-codec.h"

#include <string.h>

#define MAX_CONNS 1024 /* expanded ranges included */

typedef struct {
	HdaController *ctl;
	unsigned cad;
	GError **error;
} Reader;

static gboolean verb12(Reader *r, unsigned nid, unsigned verb, unsigned payload, uint32_t *v)
{
	if (!hda_command(r->ctl, HDA_VERB(r->cad, nid, verb, payload), v, r->error)) {
		g_prefix_error(r->error, "codec %u NID 0x%02x verb 0x%03x payload 0x%02x: ",
			       r->cad, nid, verb, payload);
		return FALSE;
	}
	return TRUE;
}

static gboolean param(Reader *r, unsigned nid, unsigned par, uint32_t *v)
{
	return verb12(r, nid, AC_VERB_PARAMETERS, par, v);
}

static gboolean verb4(Reader *r, unsigned nid, unsigned verb, unsigned payload, uint32_t *v)
{
	if (!hda_command(r->ctl, HDA_VERB4(r->cad, nid, verb, payload), v, r->error)) {
		g_prefix_error(r->error, "codec %u NID 0x%02x verb 0x%x payload 0x%04x: ", r->cad,
			       nid, verb, payload);
		return FALSE;
	}
	return TRUE;
}

unsigned hda_conn_list_words(uint32_t clist_len)
{
	unsigned len = AC_CLIST_LENGTH(clist_len);
	unsigned per = (clist_len & AC_CLIST_LONG) ? 2 : 4;

	if (len <= 1)
		return len;
	return (len + per - 1) / per;
}

int hda_conn_list_decode(uint32_t clist_len, const uint32_t *words, unsigned n_words,
			 uint16_t *out, unsigned max_out)
{
	bool is_long = clist_len & AC_CLIST_LONG;
	unsigned shift = is_long ? 16 : 8, per = is_long ? 2 : 4;
	uint32_t range = 1u << (shift - 1), mask = range - 1, field = (1u << shift) - 1;
	unsigned len = AC_CLIST_LENGTH(clist_len), n = 0, prev = 0, zeros = 0;

	if (!len)
		return 0;
	if (n_words < hda_conn_list_words(clist_len))
		return -1;
	if (len == 1) {
		/* A single entry is taken as is (7.3.3.3: no range possible). */
		if (max_out < 1)
			return -1;
		out[0] = words[0] & mask;
		return 1;
	}
	for (unsigned i = 0; i < len; i++) {
		uint32_t e = (words[i / per] >> (shift * (i % per))) & field;
		unsigned nid = e & mask;

		/* One zero entry is tolerated; a second one marks the list invalid. */
		if (nid == 0 && zeros++)
			return 0;
		if (e & range) {
			/* A range runs from the previous entry + 1 to this one. */
			if (!prev || prev >= nid)
				continue; /* invalid: skipped, the previous NID kept */
			for (unsigned x = prev + 1; x <= nid; x++) {
				if (n >= max_out)
					return -1;
				out[n++] = (uint16_t)x;
			}
		} else {
			if (n >= max_out)
				return -1;
			out[n++] = (uint16_t)nid;
		}
		prev = nid;
	}
	return (int)n;
}

static gboolean read_conns(Reader *r, HdaWidget *w)
{
	unsigned n_words;
	uint32_t words[128];
	uint16_t conns[MAX_CONNS];
	int n;

	if (!param(r, w->nid, AC_PAR_CONNLIST_LEN, &w->conn_len_raw))
		return FALSE;
	w->have |= HDA_HAVE_CONN;
	n_words = hda_conn_list_words(w->conn_len_raw);
	for (unsigned i = 0; i < n_words; i++) {
		unsigned per = (w->conn_len_raw & AC_CLIST_LONG) ? 2 : 4;

		if (!verb12(r, w->nid, AC_VERB_GET_CONNECT_LIST, n_words == 1 ? 0 : i * per,
			    &words[i]))
			return FALSE;
	}
	n = hda_conn_list_decode(w->conn_len_raw, words, n_words, conns, MAX_CONNS);
	if (n < 0) {
		sv_warn("codec %u NID 0x%02x: connection list expands past %u entries: ignored",
			r->cad, w->nid, MAX_CONNS);
		n = 0;
	}
	w->n_conn = (unsigned)n;
	w->conn = n ? g_memdup2(conns, sizeof(conns[0]) * n) : NULL;

	w->conn_sel = -1;
	if (w->n_conn > 1 && w->type != AC_WID_AUD_MIX && w->type != AC_WID_VOL_KNB &&
	    w->type != AC_WID_POWER) {
		uint32_t sel;

		if (!verb12(r, w->nid, AC_VERB_GET_CONNECT_SEL, 0, &sel))
			return FALSE;
		w->conn_sel = (int)sel;
		w->have |= HDA_HAVE_CONN_SEL;
	}
	return TRUE;
}

static gboolean read_amp_vals(Reader *r, HdaWidget *w, bool out, unsigned n, bool stereo,
			      HdaAmpVal **vals)
{
	unsigned dir = out ? AC_AMP_GET_OUTPUT : AC_AMP_GET_INPUT;

	*vals = n ? g_new0(HdaAmpVal, n) : NULL;
	for (unsigned i = 0; i < n; i++) {
		/* The index goes in 3:0 of the payload; like Linux, a larger
		 * index is not masked (some codecs have more than 16 inputs). */
		if (!verb4(r, w->nid, AC_VERB4_GET_AMP_GAIN_MUTE, AC_AMP_GET_LEFT | dir | i,
			   &(*vals)[i].left))
			return FALSE;
		if (!stereo) {
			(*vals)[i].right = (*vals)[i].left;
			continue;
		}
		if (!verb4(r, w->nid, AC_VERB4_GET_AMP_GAIN_MUTE, AC_AMP_GET_RIGHT | dir | i,
			   &(*vals)[i].right))
			return FALSE;
	}
	return TRUE;
}

static gboolean read_amps(Reader *r, const HdaCodec *c, HdaWidget *w)
{
	if (w->wcaps & AC_WCAP_IN_AMP) {
		unsigned n = w->type == AC_WID_PIN ? 1 : w->n_conn;
		bool stereo = w->wcaps & AC_WCAP_STEREO;

		if (!param(r, w->nid, AC_PAR_AMP_IN_CAP, &w->amp_in_caps_raw))
			return FALSE;
		w->amp_in_caps = (w->wcaps & AC_WCAP_AMP_OVRD) ? w->amp_in_caps_raw
							       : c->amp_in_caps;
		/* A stereo-to-mono mixer: one input from a stereo widget (proc.c). */
		if (!stereo && n == 1 && w->type == AC_WID_AUD_MIX && w->n_conn) {
			uint32_t src;

			if (!param(r, w->conn[0], AC_PAR_AUDIO_WIDGET_CAP, &src))
				return FALSE;
			stereo = src & AC_WCAP_STEREO;
		}
		w->amp_in_stereo = stereo;
		w->n_amp_in_vals = n;
		if (!read_amp_vals(r, w, false, n, stereo, &w->amp_in_vals))
			return FALSE;
		w->have |= HDA_HAVE_AMP_IN;
	}
	if (w->wcaps & AC_WCAP_OUT_AMP) {
		if (!param(r, w->nid, AC_PAR_AMP_OUT_CAP, &w->amp_out_caps_raw))
			return FALSE;
		w->amp_out_caps = (w->wcaps & AC_WCAP_AMP_OVRD) ? w->amp_out_caps_raw
								: c->amp_out_caps;
		w->amp_out_stereo = w->wcaps & AC_WCAP_STEREO;
		w->n_amp_out_vals = 1;
		if (!read_amp_vals(r, w, true, 1, w->amp_out_stereo, &w->amp_out_vals))
			return FALSE;
		w->have |= HDA_HAVE_AMP_OUT;
	}
	return TRUE;
}

static gboolean read_widget(Reader *r, const HdaCodec *c, HdaWidget *w)
{
	unsigned nid = w->nid;

	if (!param(r, nid, AC_PAR_AUDIO_WIDGET_CAP, &w->wcaps))
		return FALSE;
	w->type = AC_WCAP_TYPE(w->wcaps);
	w->conn_sel = -1;

	/* A volume knob always has a connection list (7.3.4.14). */
	if (((w->wcaps & AC_WCAP_CONN_LIST) || w->type == AC_WID_VOL_KNB) && !read_conns(r, w))
		return FALSE;
	if (!read_amps(r, c, w))
		return FALSE;

	switch (w->type) {
	case AC_WID_PIN:
		if (!param(r, nid, AC_PAR_PIN_CAP, &w->pincap))
			return FALSE;
		if (w->pincap & AC_PINCAP_EAPD) {
			if (!verb12(r, nid, AC_VERB_GET_EAPD_BTLENABLE, 0, &w->eapd))
				return FALSE;
			w->have |= HDA_HAVE_EAPD;
		}
		if (!verb12(r, nid, AC_VERB_GET_CONFIG_DEFAULT, 0, &w->pin_default) ||
		    !verb12(r, nid, AC_VERB_GET_PIN_WIDGET_CONTROL, 0, &w->pin_ctl))
			return FALSE;
		w->have |= HDA_HAVE_PIN;
		break;
	case AC_WID_VOL_KNB:
		if (!param(r, nid, AC_PAR_VOL_KNB_CAP, &w->vol_knob_caps) ||
		    !verb12(r, nid, AC_VERB_GET_VOLUME_KNOB_CONTROL, 0, &w->vol_knob))
			return FALSE;
		w->have |= HDA_HAVE_VOL_KNOB;
		break;
	case AC_WID_AUD_OUT:
	case AC_WID_AUD_IN:
		if (!verb12(r, nid, AC_VERB_GET_CONV, 0, &w->conv))
			return FALSE;
		w->have |= HDA_HAVE_CONV;
		if (w->type == AC_WID_AUD_IN && (w->conv & 0xf) == 0) {
			if (!verb12(r, nid, AC_VERB_GET_SDI_SELECT, 0, &w->sdi_select))
				return FALSE;
			w->have |= HDA_HAVE_SDI;
		}
		if (w->wcaps & AC_WCAP_DIGITAL) {
			if (!verb12(r, nid, AC_VERB_GET_DIGI_CONVERT_1, 0, &w->digi))
				return FALSE;
			w->have |= HDA_HAVE_DIGITAL;
		}
		if (w->wcaps & AC_WCAP_FORMAT_OVRD) {
			if (!param(r, nid, AC_PAR_PCM, &w->pcm_raw) ||
			    !param(r, nid, AC_PAR_STREAM, &w->stream_raw))
				return FALSE;
			w->have |= HDA_HAVE_PCM;
		}
		/* Linux query_pcm_param()/query_stream_param(): the AFG's when the
		 * widget has no override or answers 0. */
		w->pcm = (w->have & HDA_HAVE_PCM) && w->pcm_raw && w->pcm_raw != 0xffffffffu
				 ? w->pcm_raw : c->pcm;
		w->stream = (w->have & HDA_HAVE_PCM) && w->stream_raw &&
					    w->stream_raw != 0xffffffffu
				    ? w->stream_raw : c->stream;
		break;
	default:
		break;
	}
	if (w->wcaps & AC_WCAP_UNSOL_CAP) {
		if (!verb12(r, nid, AC_VERB_GET_UNSOLICITED_RESPONSE, 0, &w->unsol))
			return FALSE;
		w->have |= HDA_HAVE_UNSOL;
	}
	if (w->wcaps & AC_WCAP_POWER) {
		if (!param(r, nid, AC_PAR_POWER_STATE, &w->power_caps) ||
		    !verb12(r, nid, AC_VERB_GET_POWER_STATE, 0, &w->power_state))
			return FALSE;
		w->have |= HDA_HAVE_POWER;
	}
	if (w->wcaps & AC_WCAP_PROC_WID) {
		if (!param(r, nid, AC_PAR_PROC_CAP, &w->proc_caps))
			return FALSE;
		w->have |= HDA_HAVE_PROC;
	}
	return TRUE;
}

static gboolean read_gpio(Reader *r, HdaCodec *c)
{
	HdaGpio *g = &c->gpio;
	unsigned n;

	if (!param(r, c->afg, AC_PAR_GPIO_CAP, &g->caps))
		return FALSE;
	n = g->caps & 0xff;
	if (!n || n > 8)
		return TRUE;
	if (!verb12(r, c->afg, AC_VERB_GET_GPIO_MASK, 0, &g->mask) ||
	    !verb12(r, c->afg, AC_VERB_GET_GPIO_DIRECTION, 0, &g->dir) ||
	    !verb12(r, c->afg, AC_VERB_GET_GPIO_WAKE_MASK, 0, &g->wake) ||
	    !verb12(r, c->afg, AC_VERB_GET_GPIO_UNSOLICITED_RSP_MASK, 0, &g->unsol) ||
	    !verb12(r, c->afg, AC_VERB_GET_GPIO_STICKY_MASK, 0, &g->sticky) ||
	    !verb12(r, c->afg, AC_VERB_GET_GPIO_DATA, 0, &g->data))
		return FALSE;
	g->have_state = true;
	return TRUE;
}

static gboolean read_function_groups(Reader *r, HdaCodec *c)
{
	uint32_t nc;

	if (!param(r, 0, AC_PAR_NODE_COUNT, &nc))
		return FALSE;
	c->fg_start = AC_NODE_START(nc);
	c->n_fgs = AC_NODE_TOTAL(nc);
	for (unsigned i = 0; i < c->n_fgs; i++) {
		unsigned nid = c->fg_start + i;
		uint32_t ft;

		if (!param(r, nid, AC_PAR_FUNCTION_TYPE, &ft))
			return FALSE;
		switch (AC_FGT_TYPE(ft)) {
		case AC_GRP_AUDIO_FUNCTION:
			c->afg = nid;
			c->afg_function_type = ft;
			c->afg_unsol = ft & AC_FGT_UNSOL_CAP;
			break;
		case AC_GRP_MODEM_FUNCTION:
			c->mfg = nid;
			c->mfg_function_type = ft;
			c->mfg_unsol = ft & AC_FGT_UNSOL_CAP;
			break;
		default:
			break;
		}
	}
	return TRUE;
}

static gboolean read_afg(Reader *r, HdaCodec *c)
{
	uint32_t nc;

	if (!param(r, c->afg, AC_PAR_AUDIO_FG_CAP, &c->afg_caps) ||
	    !param(r, c->afg, AC_PAR_PCM, &c->pcm) ||
	    !param(r, c->afg, AC_PAR_STREAM, &c->stream) ||
	    !param(r, c->afg, AC_PAR_AMP_IN_CAP, &c->amp_in_caps) ||
	    !param(r, c->afg, AC_PAR_AMP_OUT_CAP, &c->amp_out_caps) ||
	    !verb12(r, c->afg, AC_VERB_GET_POWER_STATE, 0, &c->power_state) ||
	    !read_gpio(r, c) || !param(r, c->afg, AC_PAR_NODE_COUNT, &nc))
		return FALSE;
	/* Counted only once there is an array to count (hda_codec_free() walks it). */
	if (!((nc >> 16) & 0x7fff) || (nc & 0x7fff) >= 0xff ||
	    ((nc >> 16) & 0x7fff) + (nc & 0x7fff) > 0x100) {
		g_set_error(r->error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "codec %u: AFG 0x%02x reports an invalid node range (NODE_COUNT "
			    "0x%08x)", r->cad, c->afg, nc);
		return FALSE;
	}
	c->start_nid = (nc >> 16) & 0x7fff;
	c->n_widgets = nc & 0x7fff;
	c->widgets = g_new0(HdaWidget, c->n_widgets);
	for (unsigned i = 0; i < c->n_widgets; i++) {
		c->widgets[i].nid = c->start_nid + i;
		if (!read_widget(r, c, &c->widgets[i]))
			return FALSE;
	}
	return TRUE;
}

HdaCodec *hda_codec_enumerate(HdaController *ctl, unsigned cad, GError **error)
{
	g_autoptr(HdaCodec) c = g_new0(HdaCodec, 1);
	GError *err = NULL;
	Reader r = { ctl, cad, &err };
	const char *vendor;
	unsigned fg;

	c->cad = cad;
	if (cad > 14) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "codec address %u out of range "
			    "(0-14)", cad);
		return NULL;
	}
	if (!param(&r, 0, AC_PAR_VENDOR_ID, &c->vendor_id)) {
		if (g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT)) {
			g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
				    "%s: no codec at address %u (codec mask 0x%04x): %s",
				    sv_device_name(hda_controller_device(ctl)), cad,
				    hda_controller_info(ctl)->codec_mask, err->message);
			g_error_free(err);
			return NULL;
		}
		goto fail;
	}
	if (!param(&r, 0, AC_PAR_SUBSYSTEM_ID, &c->subsystem_id) ||
	    !param(&r, 0, AC_PAR_REV_ID, &c->revision_id) || !read_function_groups(&r, c))
		goto fail;
	if (!c->afg && !c->mfg) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "codec %u (vendor id 0x%08x) has neither an audio nor a modem function "
			    "group", cad, c->vendor_id);
		return NULL;
	}
	fg = c->afg ? c->afg : c->mfg;
	/* Linux re-reads the subsystem id from the function group when the root's
	 * parameter is 0 or all ones. */
	if ((c->subsystem_id == 0 || c->subsystem_id == 0xffffffffu) &&
	    !verb12(&r, fg, AC_VERB_GET_SUBSYSTEM_ID, 0, &c->subsystem_id))
		goto fail;
	if (!param(&r, fg, AC_PAR_POWER_STATE, &c->power_caps))
		goto fail;
	vendor = hda_codec_vendor_name(c->vendor_id);
	c->vendor_name = vendor ? g_strdup(vendor)
				: g_strdup_printf("Generic %04x", c->vendor_id >> 16);
	c->chip_name = hda_codec_chip_name(c->vendor_id);
	if (c->afg && !read_afg(&r, c))
		goto fail;
	return g_steal_pointer(&c);

fail:
	g_propagate_prefixed_error(error, err, "enumerating codec %u: ", cad);
	return NULL;
}

void hda_codec_free(HdaCodec *codec)
{
	if (!codec)
		return;
	for (unsigned i = 0; i < codec->n_widgets; i++) {
		g_free(codec->widgets[i].conn);
		g_free(codec->widgets[i].amp_in_vals);
		g_free(codec->widgets[i].amp_out_vals);
	}
	g_free(codec->widgets);
	g_free(codec->vendor_name);
	g_free(codec->chip_name);
	g_free(codec);
}

const HdaWidget *hda_codec_widget(const HdaCodec *codec, unsigned nid)
{
	if (!codec || nid < codec->start_nid || nid >= codec->start_nid + codec->n_widgets)
		return NULL;
	return &codec->widgets[nid - codec->start_nid];
}

const HdaWidget *hda_codec_find_widget(const HdaCodec *codec, unsigned type, unsigned from)
{
	for (unsigned i = 0; codec && i < codec->n_widgets; i++)
		if (codec->widgets[i].nid >= from && codec->widgets[i].type == type)
			return &codec->widgets[i];
	return NULL;
}
