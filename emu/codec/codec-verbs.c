// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-verbs.c - verb execution (HDA spec rev 1.0a 7.3): decoding the
 * command, the verb table, and the handlers of the generic model.
 *
 * A command is CAd 31:28, NID 27:20, verb 19:0.  Verb ids whose top
 * nibble is 7 or F are 12 bits with an 8-bit payload; the others are 4
 * bits with a 16-bit payload (stream format, amp, coefficients).  The
 * table is indexed by the 12-bit id, 4-bit ids as id << 8 (which is how
 * hda-verbs.h spells them: AC_VERB_SET_STREAM_FORMAT is 0x200).
 *
 * Answers: a NID the codec does not have gets no response (FALSE); a verb
 * the codec does not implement, on an existing node, is answered 0 like
 * QEMU's hda-codec does (real codecs differ; 0 is the common case).
 */
#include "codec-model.h"

gboolean emu_codec_verb(EmuCodec *c, uint32_t verb, uint32_t *response)
{
	unsigned nid = (verb >> 20) & 0xff, id, payload;
	EmuCodecNode *n = c->node[nid];
	const EmuVerbDesc *d;

	if (!n)
		return FALSE;
	if (((verb >> 16) & 0x7) == 0x7) {
		id = (verb >> 8) & 0xfff;
		payload = verb & 0xff;
	} else {
		id = ((verb >> 16) & 0xf) << 8;
		payload = verb & 0xffff;
	}
	d = &c->verbs[id];
	*response = 0;
	if (!d->fn)
		return TRUE;
	return d->fn(c, n, d, payload, response);
}

/* ---- generic handlers (also used by the built-in models' table) ---- */

gboolean emu_verb_answer_zero(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			      uint32_t payload, uint32_t *resp)
{
	*resp = 0;
	return TRUE;
}

gboolean emu_verb_get_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			  uint32_t payload, uint32_t *resp)
{
	*resp = n->st.reg[d->reg];
	return TRUE;
}

/* Store (payload & mask) << shift, leaving the register's other bits alone. */
gboolean emu_verb_set_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			  uint32_t payload, uint32_t *resp)
{
	uint32_t *r = &n->st.reg[d->reg];

	*r = (*r & ~(d->mask << d->shift)) | ((payload & d->mask) << d->shift);
	*resp = 0;
	return TRUE;
}

gboolean emu_verb_get_param(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			    uint32_t payload, uint32_t *resp)
{
	unsigned id = payload & 0xff;

	*resp = id < EMU_CODEC_NPARAMS ? n->param[id] : 0;
	return TRUE;
}

/*
 * GET_CONNECT_LIST (7.3.3.3): entries from index @payload on, four 8-bit
 * entries per response in the short form (bit 7: range), two 16-bit ones
 * in the long form (bit 15: range); unused slots are 0.
 */
gboolean emu_verb_get_conn_list(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
				uint32_t payload, uint32_t *resp)
{
	unsigned per = n->conn_long ? 2 : 4, bits = n->conn_long ? 16 : 8;
	uint32_t range = n->conn_long ? 0x8000 : 0x80, v = 0;

	for (unsigned k = 0; k < per && payload + k < n->n_conn; k++) {
		const EmuConnEntry *e = &n->conn[payload + k];

		v |= ((e->nid & (range - 1)) | (e->range ? range : 0)) << (k * bits);
	}
	*resp = v;
	return TRUE;
}

/* ---- handlers of the full model ---- */

/* DP-MST pins keep one connection select per device (spec 7.3.3.45). */
static gboolean get_conn_sel(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			     uint32_t payload, uint32_t *resp)
{
	unsigned dev = n->st.reg[EMU_REG_DEV_SEL] & 0x3f;

	*resp = n->n_devices ? n->st.dev_conn_sel[dev] : n->st.reg[EMU_REG_CONN_SEL];
	return TRUE;
}

static gboolean set_conn_sel(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			     uint32_t payload, uint32_t *resp)
{
	unsigned dev = n->st.reg[EMU_REG_DEV_SEL] & 0x3f;

	if (n->n_devices)
		n->st.dev_conn_sel[dev] = payload & 0xff;
	else
		n->st.reg[EMU_REG_CONN_SEL] = payload & 0xff;
	*resp = 0;
	return TRUE;
}

/* SET_POWER_STATE (7.3.3.10): the model reaches the state at once (PS-Act = PS-Set). */
static gboolean set_power(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			  uint32_t payload, uint32_t *resp)
{
	uint32_t *r = &n->st.reg[EMU_REG_POWER];
	unsigned ps = payload & AC_PWRST_SETTING;

	*r = (*r & ~(0xffu | AC_PWRST_SETTING_RESET)) | ps | (ps << AC_PWRST_ACTUAL_SHIFT);
	*resp = 0;
	return TRUE;
}

/* GET_AMP_GAIN_MUTE (7.3.3.7): bit 15 output, bit 13 left, 3:0 index. */
static gboolean get_amp(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			uint32_t payload, uint32_t *resp)
{
	unsigned dir = (payload & AC_AMP_GET_OUTPUT) ? EMU_AMP_OUT : EMU_AMP_IN;
	unsigned ch = (payload & AC_AMP_GET_LEFT) ? EMU_CH_LEFT : EMU_CH_RIGHT;

	*resp = n->st.amp[dir][payload & 0xf][ch];
	return TRUE;
}

/* SET_AMP_GAIN_MUTE: 15 output, 14 input, 13 left, 12 right, 11:8 index, 7 mute, 6:0 gain. */
static gboolean set_amp(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			uint32_t payload, uint32_t *resp)
{
	unsigned idx = (payload >> 8) & 0xf;

	for (unsigned dir = 0; dir < 2; dir++) {
		if (!(payload & (dir == EMU_AMP_OUT ? AC_AMP_SET_OUTPUT : AC_AMP_SET_INPUT)))
			continue;
		if (payload & AC_AMP_SET_LEFT)
			n->st.amp[dir][idx][EMU_CH_LEFT] = payload & 0xff;
		if (payload & AC_AMP_SET_RIGHT)
			n->st.amp[dir][idx][EMU_CH_RIGHT] = payload & 0xff;
	}
	*resp = 0;
	return TRUE;
}

/* Processing coefficients: the index steps on after each access (spec 7.3.3.x, as codecs do). */
static gboolean get_coef(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			 uint32_t payload, uint32_t *resp)
{
	uint32_t *idx = &n->st.reg[EMU_REG_COEF_INDEX];

	*resp = emu_codec_get_coef(n, *idx);
	*idx = (*idx + 1) & 0xffff;
	return TRUE;
}

static gboolean set_coef(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			 uint32_t payload, uint32_t *resp)
{
	uint32_t *idx = &n->st.reg[EMU_REG_COEF_INDEX];

	emu_codec_set_coef(n, *idx, payload);
	*idx = (*idx + 1) & 0xffff;
	*resp = 0;
	return TRUE;
}

/* GET_DEVICE_LIST (7.3.3.46): eight 4-bit entries from index @payload on. */
static gboolean get_device_list(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
				uint32_t payload, uint32_t *resp)
{
	uint32_t v = 0;

	for (unsigned k = 0; k < 8 && payload + k < n->n_devices; k++)
		v |= (uint32_t)(n->devices[payload + k] & 0xf) << (4 * k);
	*resp = v;
	return TRUE;
}

/* Function group reset (7.3.3.33): back to the initial state. */
static gboolean codec_reset(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			    uint32_t payload, uint32_t *resp)
{
	emu_codec_reset(c);
	*resp = 0;
	return TRUE;
}

#define GET(r) { emu_verb_get_reg, (r), 0, 0 }
#define SET(r, m) { emu_verb_set_reg, (r), 0, (m) }
#define SET_BYTE(r, s) { emu_verb_set_reg, (r), (s), 0xff }
#define CALL(f) { (f), 0, 0, 0 }

const EmuVerbDesc emu_verbs_full[EMU_VERB_TABLE_SIZE] = {
	[AC_VERB_SET_STREAM_FORMAT] = SET(EMU_REG_FORMAT, 0xffff),
	[AC_VERB_GET_STREAM_FORMAT] = GET(EMU_REG_FORMAT),
	[AC_VERB_SET_AMP_GAIN_MUTE] = CALL(set_amp),
	[AC_VERB_GET_AMP_GAIN_MUTE] = CALL(get_amp),
	[AC_VERB_SET_PROC_COEF] = CALL(set_coef),
	[AC_VERB_GET_PROC_COEF] = CALL(get_coef),
	[AC_VERB_SET_COEF_INDEX] = SET(EMU_REG_COEF_INDEX, 0xffff),
	[AC_VERB_GET_COEF_INDEX] = GET(EMU_REG_COEF_INDEX),
	[AC_VERB_PARAMETERS] = CALL(emu_verb_get_param),
	[AC_VERB_GET_CONNECT_SEL] = CALL(get_conn_sel),
	[AC_VERB_SET_CONNECT_SEL] = CALL(set_conn_sel),
	[AC_VERB_GET_CONNECT_LIST] = CALL(emu_verb_get_conn_list),
	[AC_VERB_GET_PROC_STATE] = GET(EMU_REG_PROC_STATE),
	[AC_VERB_SET_PROC_STATE] = SET(EMU_REG_PROC_STATE, 0xff),
	[AC_VERB_GET_SDI_SELECT] = GET(EMU_REG_SDI),
	[AC_VERB_SET_SDI_SELECT] = SET(EMU_REG_SDI, 0xff),
	[AC_VERB_GET_POWER_STATE] = GET(EMU_REG_POWER),
	[AC_VERB_SET_POWER_STATE] = CALL(set_power),
	[AC_VERB_GET_CONV] = GET(EMU_REG_CONV),
	[AC_VERB_SET_CHANNEL_STREAMID] = SET(EMU_REG_CONV, 0xff),
	[AC_VERB_GET_PIN_WIDGET_CONTROL] = GET(EMU_REG_PINCTL),
	[AC_VERB_SET_PIN_WIDGET_CONTROL] = SET(EMU_REG_PINCTL, 0xff),
	[AC_VERB_GET_UNSOLICITED_RESPONSE] = GET(EMU_REG_UNSOL),
	[AC_VERB_SET_UNSOLICITED_ENABLE] = SET(EMU_REG_UNSOL, AC_UNSOL_ENABLED | AC_UNSOL_TAG),
	[AC_VERB_GET_PIN_SENSE] = GET(EMU_REG_PIN_SENSE),
	[AC_VERB_SET_PIN_SENSE] = CALL(emu_verb_answer_zero), /* execute: nothing to do */
	[AC_VERB_GET_BEEP_CONTROL] = GET(EMU_REG_BEEP),
	[AC_VERB_SET_BEEP_CONTROL] = SET(EMU_REG_BEEP, 0xff),
	[AC_VERB_GET_EAPD_BTLENABLE] = GET(EMU_REG_EAPD),
	[AC_VERB_SET_EAPD_BTLENABLE] = SET(EMU_REG_EAPD, 0xff),
	[AC_VERB_GET_DIGI_CONVERT_1] = GET(EMU_REG_DIGI),
	[AC_VERB_GET_DIGI_CONVERT_2] = GET(EMU_REG_DIGI),
	[AC_VERB_SET_DIGI_CONVERT_1] = SET_BYTE(EMU_REG_DIGI, 0),
	[AC_VERB_SET_DIGI_CONVERT_2] = SET_BYTE(EMU_REG_DIGI, 8),
	[AC_VERB_SET_DIGI_CONVERT_3] = SET_BYTE(EMU_REG_DIGI, 16),
	[AC_VERB_SET_DIGI_CONVERT_4] = SET_BYTE(EMU_REG_DIGI, 24),
	[AC_VERB_GET_VOLUME_KNOB_CONTROL] = GET(EMU_REG_VOLKNOB),
	[AC_VERB_SET_VOLUME_KNOB_CONTROL] = SET(EMU_REG_VOLKNOB, 0xff),
	[AC_VERB_GET_GPIO_DATA] = GET(EMU_REG_GPIO_DATA),
	[AC_VERB_SET_GPIO_DATA] = SET(EMU_REG_GPIO_DATA, 0xff),
	[AC_VERB_GET_GPIO_MASK] = GET(EMU_REG_GPIO_MASK),
	[AC_VERB_SET_GPIO_MASK] = SET(EMU_REG_GPIO_MASK, 0xff),
	[AC_VERB_GET_GPIO_DIRECTION] = GET(EMU_REG_GPIO_DIR),
	[AC_VERB_SET_GPIO_DIRECTION] = SET(EMU_REG_GPIO_DIR, 0xff),
	[AC_VERB_GET_GPIO_WAKE_MASK] = GET(EMU_REG_GPIO_WAKE),
	[AC_VERB_SET_GPIO_WAKE_MASK] = SET(EMU_REG_GPIO_WAKE, 0xff),
	[AC_VERB_GET_GPIO_UNSOLICITED_RSP_MASK] = GET(EMU_REG_GPIO_UNSOL),
	[AC_VERB_SET_GPIO_UNSOLICITED_RSP_MASK] = SET(EMU_REG_GPIO_UNSOL, 0xff),
	[AC_VERB_GET_GPIO_STICKY_MASK] = GET(EMU_REG_GPIO_STICKY),
	[AC_VERB_SET_GPIO_STICKY_MASK] = SET(EMU_REG_GPIO_STICKY, 0xff),
	[AC_VERB_GET_CONFIG_DEFAULT] = GET(EMU_REG_CONFIG),
	[AC_VERB_SET_CONFIG_DEFAULT_BYTES_0] = SET_BYTE(EMU_REG_CONFIG, 0),
	[AC_VERB_SET_CONFIG_DEFAULT_BYTES_1] = SET_BYTE(EMU_REG_CONFIG, 8),
	[AC_VERB_SET_CONFIG_DEFAULT_BYTES_2] = SET_BYTE(EMU_REG_CONFIG, 16),
	[AC_VERB_SET_CONFIG_DEFAULT_BYTES_3] = SET_BYTE(EMU_REG_CONFIG, 24),
	[AC_VERB_GET_SUBSYSTEM_ID] = GET(EMU_REG_SSID),
	[AC_VERB_SET_SUBSYSTEM_ID_0] = SET_BYTE(EMU_REG_SSID, 0),
	[AC_VERB_SET_SUBSYSTEM_ID_1] = SET_BYTE(EMU_REG_SSID, 8),
	[AC_VERB_SET_SUBSYSTEM_ID_2] = SET_BYTE(EMU_REG_SSID, 16),
	[AC_VERB_SET_SUBSYSTEM_ID_3] = SET_BYTE(EMU_REG_SSID, 24),
	[AC_VERB_GET_CVT_CHAN_COUNT] = GET(EMU_REG_CVT_CHAN),
	[AC_VERB_SET_CVT_CHAN_COUNT] = SET(EMU_REG_CVT_CHAN, 0xff),
	[AC_VERB_GET_HDMI_DIP_INDEX] = GET(EMU_REG_DIP_INDEX),
	[AC_VERB_SET_HDMI_DIP_INDEX] = SET(EMU_REG_DIP_INDEX, 0xff),
	[AC_VERB_SET_HDMI_DIP_DATA] = CALL(emu_verb_answer_zero),
	[AC_VERB_GET_HDMI_DIP_XMIT] = GET(EMU_REG_DIP_XMIT),
	[AC_VERB_SET_HDMI_DIP_XMIT] = SET(EMU_REG_DIP_XMIT, 0xff),
	[AC_VERB_GET_HDMI_CP_CTRL] = GET(EMU_REG_CP_CTRL),
	[AC_VERB_SET_HDMI_CP_CTRL] = SET(EMU_REG_CP_CTRL, 0xff),
	[AC_VERB_GET_HDMI_CHAN_SLOT] = GET(EMU_REG_CHAN_SLOT),
	[AC_VERB_SET_HDMI_CHAN_SLOT] = SET(EMU_REG_CHAN_SLOT, 0xff),
	[AC_VERB_GET_DEVICE_SEL] = GET(EMU_REG_DEV_SEL),
	[AC_VERB_SET_DEVICE_SEL] = SET(EMU_REG_DEV_SEL, 0x3f),
	[AC_VERB_GET_DEVICE_LIST] = CALL(get_device_list),
	[AC_VERB_SET_CODEC_RESET] = CALL(codec_reset),
};
