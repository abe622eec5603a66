// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-builtin.c - QEMU 7.2's hda-duplex, hda-micro and hda-output
 * (hw/audio/hda-codec.c and hda-codec-common.h, with the default
 * mixer=on), as data, and the verb table that answers like QEMU does.
 *
 * Every answer was checked against QEMU 7.2 over qtest (GET_PARAMETER
 * 0x00..0x21 and the get verbs on every NID, then set/get pairs): see
 * qtest/unit/test-codec-parse.c, which asserts the same figures.
 *
 * QEMU's behaviour, kept on purpose because the driver's codec dump of the
 * mock must equal its dump of QEMU:
 * - only the verbs in emu_verbs_qemu[] do something; every other verb,
 *   SET_PIN_WIDGET_CONTROL, SET/GET_POWER_STATE and GET_SDI_SELECT
 *   included, is answered 0 and changes nothing (pin controls stay as
 *   built, power state always reads D0);
 * - amp gain/mute, converter stream/channel and stream format belong to a
 *   stream: the DAC's (NID 2) for every node but the ADC (NID 4); amps keep
 *   one left/right pair whatever the direction and index;
 * - the DAC starts unmuted at gain 0x4a, both converters at format 0x0011
 *   (PCM, 48 kHz, 16 bit, 2 channels).
 * Unlike QEMU, a NID the codec does not have gets no response (QEMU answers
 * 0): every model here follows real codecs on that.
 */
#include "codec-model.h"

#include <string.h>

#define QEMU_HDA_VENDOR 0x1af4
#define QEMU_HDA_PCM (AC_SUPPCM_BITS_16 | 0x1fc)  /* 16 bit, 16..96 kHz */
#define QEMU_HDA_AMP_STEPS 0x4a
/* mute, offset = steps = 0x4a, step size 3 (0.25 dB * 4 = 1 dB) */
#define QEMU_HDA_AMP_CAPS (AC_AMPCAP_MUTE | 3u << 16 | QEMU_HDA_AMP_STEPS << 8 | QEMU_HDA_AMP_STEPS)
#define QEMU_HDA_REV 0x00100101
#define QEMU_HDA_FORMAT 0x0011 /* AC_FMT: PCM, 48 kHz, 16 bit, 2 channels */

typedef struct {
	uint8_t id;
	uint32_t val;
} ParamInit;

/**
 * struct BuiltinNode - one node of a built-in codec.
 * @state_nid: the converter whose stream state (amps, stream, format) the node shares
 * @gain: initial amp gain (left and right) of the node's own stream state
 */
typedef struct {
	uint8_t nid;
	uint8_t state_nid;
	const ParamInit *params;
	unsigned n_params;
	uint32_t config;
	uint8_t pinctl;
	uint8_t conn;  /* the single connection, 0 for none */
	uint8_t gain;
} BuiltinNode;

typedef struct {
	const char *name;
	uint8_t device_id;      /* vendor id 15:0 */
	uint8_t n_widgets;      /* NIDs 2.. */
	uint32_t out_config, in_config;
} BuiltinCodec;

#define P(a) (a), G_N_ELEMENTS(a)

/* The three codecs differ only by id, widget count and pin configs. */
static const BuiltinCodec codecs[] = {
	/* line-out: jack, line out, green, assoc 1 seq 0; line-in: jack, line in, red, assoc 2 */
	{ "hda-duplex", 0x22, 4,
	  AC_JACK_PORT_COMPLEX << 30 | AC_JACK_LINE_OUT << 20 | 4 << 12 | 0x10,
	  AC_JACK_PORT_COMPLEX << 30 | AC_JACK_LINE_IN << 20 | 5 << 12 | 0x20 },
	/* speaker (green) and microphone (red) */
	{ "hda-micro", 0x32, 4,
	  AC_JACK_PORT_COMPLEX << 30 | AC_JACK_SPEAKER << 20 | 4 << 12 | 0x10,
	  AC_JACK_PORT_COMPLEX << 30 | AC_JACK_MIC_IN << 20 | 5 << 12 | 0x20 },
	{ "hda-output", 0x12, 2,
	  AC_JACK_PORT_COMPLEX << 30 | AC_JACK_LINE_OUT << 20 | 4 << 12 | 0x10, 0 },
};

static const ParamInit afg_params[] = {
	{ AC_PAR_FUNCTION_TYPE, AC_GRP_AUDIO_FUNCTION },
	{ AC_PAR_PCM, QEMU_HDA_PCM },
	{ AC_PAR_STREAM, AC_SUPFMT_PCM },
	{ AC_PAR_AMP_IN_CAP, 0 },
	{ AC_PAR_AMP_OUT_CAP, 0 },
	{ AC_PAR_GPIO_CAP, 0 },
	{ AC_PAR_AUDIO_FG_CAP, 0x00000808 },  /* input/output delay 8 samples */
	{ AC_PAR_POWER_STATE, 0 },
};

static const ParamInit dac_params[] = {
	{ AC_PAR_AUDIO_WIDGET_CAP, AC_WID_AUD_OUT << 20 | AC_WCAP_FORMAT_OVRD | AC_WCAP_AMP_OVRD |
				   AC_WCAP_OUT_AMP | AC_WCAP_STEREO },
	{ AC_PAR_PCM, QEMU_HDA_PCM },
	{ AC_PAR_STREAM, AC_SUPFMT_PCM },
	{ AC_PAR_AMP_IN_CAP, 0 },
	{ AC_PAR_AMP_OUT_CAP, QEMU_HDA_AMP_CAPS },
};

static const ParamInit adc_params[] = {
	{ AC_PAR_AUDIO_WIDGET_CAP, AC_WID_AUD_IN << 20 | AC_WCAP_CONN_LIST | AC_WCAP_FORMAT_OVRD |
				   AC_WCAP_AMP_OVRD | AC_WCAP_IN_AMP | AC_WCAP_STEREO },
	{ AC_PAR_PCM, QEMU_HDA_PCM },
	{ AC_PAR_STREAM, AC_SUPFMT_PCM },
	{ AC_PAR_AMP_IN_CAP, QEMU_HDA_AMP_CAPS },
	{ AC_PAR_AMP_OUT_CAP, 0 },
};

static const ParamInit lineout_params[] = {
	{ AC_PAR_AUDIO_WIDGET_CAP, AC_WID_PIN << 20 | AC_WCAP_CONN_LIST | AC_WCAP_STEREO },
	{ AC_PAR_PIN_CAP, AC_PINCAP_OUT },
	{ AC_PAR_AMP_IN_CAP, 0 },
	{ AC_PAR_AMP_OUT_CAP, 0 },
};

static const ParamInit linein_params[] = {
	{ AC_PAR_AUDIO_WIDGET_CAP, AC_WID_PIN << 20 | AC_WCAP_STEREO },
	{ AC_PAR_PIN_CAP, AC_PINCAP_IN },
	{ AC_PAR_AMP_IN_CAP, 0 },
	{ AC_PAR_AMP_OUT_CAP, 0 },
};

/* Widgets 2..5: DAC, line-out pin, ADC, line-in pin (hda-output stops at 3). */
static const BuiltinNode widgets[] = {
	{ .nid = 2, .state_nid = 2, P(dac_params), .gain = QEMU_HDA_AMP_STEPS },
	{ .nid = 3, .state_nid = 2, P(lineout_params), .pinctl = AC_PINCTL_OUT_EN, .conn = 2 },
	{ .nid = 4, .state_nid = 4, P(adc_params), .conn = 5 },
	{ .nid = 5, .state_nid = 2, P(linein_params), .pinctl = AC_PINCTL_IN_EN },
};

/* ---- QEMU's verb semantics ---- */

static EmuCodecNode *stream_of(EmuCodec *c, EmuCodecNode *n)
{
	return c->node[n->state_nid] ? c->node[n->state_nid] : n;
}

static gboolean qemu_get_stream_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
				    uint32_t payload, uint32_t *resp)
{
	return emu_verb_get_reg(c, stream_of(c, n), d, payload, resp);
}

static gboolean qemu_set_stream_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
				    uint32_t payload, uint32_t *resp)
{
	return emu_verb_set_reg(c, stream_of(c, n), d, payload, resp);
}

/* One left/right pair per stream, kept in the output amp slot 0. */
static gboolean qemu_get_amp(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			     uint32_t payload, uint32_t *resp)
{
	unsigned ch = (payload & AC_AMP_GET_LEFT) ? EMU_CH_LEFT : EMU_CH_RIGHT;

	*resp = stream_of(c, n)->st.amp[EMU_AMP_OUT][0][ch];
	return TRUE;
}

static gboolean qemu_set_amp(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			     uint32_t payload, uint32_t *resp)
{
	EmuCodecNode *s = stream_of(c, n);

	if (payload & AC_AMP_SET_LEFT)
		s->st.amp[EMU_AMP_OUT][0][EMU_CH_LEFT] = payload & (AC_AMP_MUTE | AC_AMP_GAIN);
	if (payload & AC_AMP_SET_RIGHT)
		s->st.amp[EMU_AMP_OUT][0][EMU_CH_RIGHT] = payload & (AC_AMP_MUTE | AC_AMP_GAIN);
	*resp = 0;
	return TRUE;
}

static const EmuVerbDesc emu_verbs_qemu[EMU_VERB_TABLE_SIZE] = {
	[AC_VERB_PARAMETERS] = { emu_verb_get_param, 0, 0, 0 },
	[AC_VERB_GET_SUBSYSTEM_ID] = { emu_verb_get_reg, EMU_REG_SSID, 0, 0 },
	[AC_VERB_GET_CONNECT_LIST] = { emu_verb_get_conn_list, 0, 0, 0 },
	[AC_VERB_GET_CONFIG_DEFAULT] = { emu_verb_get_reg, EMU_REG_CONFIG, 0, 0 },
	[AC_VERB_GET_PIN_WIDGET_CONTROL] = { emu_verb_get_reg, EMU_REG_PINCTL, 0, 0 },
	[AC_VERB_SET_CHANNEL_STREAMID] = { qemu_set_stream_reg, EMU_REG_CONV, 0, 0xff },
	[AC_VERB_GET_CONV] = { qemu_get_stream_reg, EMU_REG_CONV, 0, 0 },
	[AC_VERB_SET_STREAM_FORMAT] = { qemu_set_stream_reg, EMU_REG_FORMAT, 0, 0xffff },
	[AC_VERB_GET_STREAM_FORMAT] = { qemu_get_stream_reg, EMU_REG_FORMAT, 0, 0 },
	[AC_VERB_GET_AMP_GAIN_MUTE] = { qemu_get_amp, 0, 0, 0 },
	[AC_VERB_SET_AMP_GAIN_MUTE] = { qemu_set_amp, 0, 0, 0 },
};

static void add_params(EmuCodecNode *n, const ParamInit *p, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		n->param[p[i].id] = p[i].val;
}

static EmuCodec *build(const BuiltinCodec *b)
{
	uint32_t id = (uint32_t)QEMU_HDA_VENDOR << 16 | b->device_id;
	EmuCodec *c = emu_codec_alloc(b->name, emu_verbs_qemu);
	EmuCodecNode *root = emu_codec_add_node(c, 0), *afg = emu_codec_add_node(c, 1);
	unsigned last = 1 + b->n_widgets;

	c->afg = 1;
	root->param[AC_PAR_VENDOR_ID] = id;
	root->param[AC_PAR_SUBSYSTEM_ID] = id;
	root->param[AC_PAR_REV_ID] = QEMU_HDA_REV;
	root->param[AC_PAR_NODE_COUNT] = 1u << 16 | 1;
	root->state_nid = 2;
	add_params(afg, afg_params, G_N_ELEMENTS(afg_params));
	afg->param[AC_PAR_SUBSYSTEM_ID] = id;
	afg->param[AC_PAR_NODE_COUNT] = 2u << 16 | b->n_widgets;
	afg->state_nid = 2;

	for (unsigned i = 0; i < G_N_ELEMENTS(widgets) && widgets[i].nid <= last; i++) {
		const BuiltinNode *w = &widgets[i];
		EmuCodecNode *n = emu_codec_add_node(c, w->nid);

		add_params(n, w->params, w->n_params);
		n->state_nid = w->state_nid;
		n->st.reg[EMU_REG_PINCTL] = w->pinctl;
		n->st.reg[EMU_REG_FORMAT] = QEMU_HDA_FORMAT;
		n->st.amp[EMU_AMP_OUT][0][EMU_CH_LEFT] = w->gain;
		n->st.amp[EMU_AMP_OUT][0][EMU_CH_RIGHT] = w->gain;
		if (w->conn) {
			EmuConnEntry e = { .nid = w->conn };

			emu_codec_set_conn(n, &e, 1);
		}
	}
	if (c->node[3])
		c->node[3]->st.reg[EMU_REG_CONFIG] = b->out_config;
	if (c->node[5])
		c->node[5]->st.reg[EMU_REG_CONFIG] = b->in_config;
	for (unsigned nid = 0; nid <= last; nid++)
		c->node[nid]->st.reg[EMU_REG_SSID] = id;  /* QEMU answers 0xf20 on any node */
	emu_codec_finalize(c);
	return c;
}

EmuCodec *emu_codec_builtin_new(const char *name)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(codecs); i++)
		if (!strcmp(codecs[i].name, name))
			return build(&codecs[i]);
	return NULL;
}

const char *emu_codec_builtin_names(void)
{
	return "hda-duplex, hda-micro, hda-output";
}
