/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda-codec.h - HDA codecs: enumeration of a codec's function
 * groups and widgets (HDA spec rev 1.0a, section 7), and the three ways of
 * printing what was found: the Linux /proc/asound/cardN/codec#M text,
 * JSON, and a Graphviz DOT graph of the widgets.
 *
 * Every field holds what the codec answered (raw) and, where the spec lets a
 * widget inherit from its audio function group, the resolved value too:
 * amp caps from the AFG when the widget has no AMP_OVRD, PCM rates/bits and
 * stream formats from the AFG when it has no FORMAT_OVRD.
 */
#ifndef SOFVFIO_HDA_CODEC_H
#define SOFVFIO_HDA_CODEC_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "sofvfio/hda.h"

G_BEGIN_DECLS

/** struct HdaAmpVal - one GET_AMP_GAIN_MUTE index: left and right (right = left on mono). */
typedef struct {
	uint32_t left;
	uint32_t right;
} HdaAmpVal;

/*
 * HdaWidget.have: which optional fields were read (the codec was asked).
 * A field whose bit is clear was not applicable and holds 0.
 */
enum {
	HDA_HAVE_AMP_IN = 1u << 0,     /* amp_in_caps*, amp_in_vals */
	HDA_HAVE_AMP_OUT = 1u << 1,    /* amp_out_caps*, amp_out_vals */
	HDA_HAVE_PIN = 1u << 2,        /* pincap, pin_default, pin_ctl */
	HDA_HAVE_EAPD = 1u << 3,       /* eapd (pin with AC_PINCAP_EAPD) */
	HDA_HAVE_CONV = 1u << 4,       /* conv (converters) */
	HDA_HAVE_SDI = 1u << 5,        /* sdi_select (input converter, channel 0) */
	HDA_HAVE_DIGITAL = 1u << 6,    /* digi (digital converters) */
	HDA_HAVE_PCM = 1u << 7,        /* pcm_raw/stream_raw read from the widget (FORMAT_OVRD) */
	HDA_HAVE_UNSOL = 1u << 8,      /* unsol */
	HDA_HAVE_POWER = 1u << 9,      /* power_caps, power_state */
	HDA_HAVE_CONN = 1u << 10,      /* conn_len_raw, conn, n_conn */
	HDA_HAVE_CONN_SEL = 1u << 11,  /* conn_sel */
	HDA_HAVE_PROC = 1u << 12,      /* proc_caps */
	HDA_HAVE_VOL_KNOB = 1u << 13,  /* vol_knob_caps, vol_knob */
};

/**
 * struct HdaWidget - one widget of the audio function group.
 * @nid: node id
 * @type: AC_WID_* (AC_WCAP_TYPE(@wcaps))
 * @wcaps: AUDIO_WIDGET_CAP parameter
 * @have: HDA_HAVE_* bits: which of the fields below were read
 * @amp_in_caps_raw/@amp_out_caps_raw: AMP_IN/OUT_CAP parameters as the widget
 *     answered them (what Linux's proc file prints)
 * @amp_in_caps/@amp_out_caps: resolved: the AFG defaults unless AC_WCAP_AMP_OVRD
 * @n_amp_in_vals/@amp_in_vals: GET_AMP_GAIN_MUTE input, one per index (1 for
 *     pins, else one per connection), left and right
 * @amp_in_stereo: right values were read (stereo widget or stereo-to-mono mixer)
 * @n_amp_out_vals/@amp_out_vals/@amp_out_stereo: the output amp (1 index)
 * @pcm_raw/@stream_raw: PCM (0x0a) / STREAM (0x0b) parameters of the widget
 *     (HDA_HAVE_PCM: only read when AC_WCAP_FORMAT_OVRD)
 * @pcm/@stream: resolved rates+bits and formats (AFG defaults unless overridden;
 *     converters only, 0 otherwise)
 * @pincap: PIN_CAP parameter
 * @pin_default: configuration default (0xf1c)
 * @pin_ctl: pin widget control (0xf07)
 * @eapd: EAPD/BTL enable (0xf0c)
 * @conv: converter stream/channel (0xf06): stream 7:4, channel 3:0
 * @sdi_select: SDI select (0xf04)
 * @digi: digital converter control (0xf0d): DIG1 7:0, DIG2 15:8, DIG3 23:16
 * @unsol: unsolicited response control (0xf08): tag 5:0, enable bit 7
 * @power_caps: POWER_STATE parameter (0x0f)
 * @power_state: GET_POWER_STATE (0xf05): setting 3:0, actual 7:4
 * @conn_len_raw: CONNLIST_LEN parameter (0x0e)
 * @n_conn/@conn: connection list, ranges expanded (NIDs)
 * @conn_sel: GET_CONNECT_SEL index (-1: not read, e.g. mixers or <= 1 connection)
 * @proc_caps: PROC_CAP parameter (0x10): benign bit 0, coefficients 15:8
 * @vol_knob_caps: VOL_KNB_CAP parameter (0x13); @vol_knob: 0xf0f
 */
typedef struct {
	unsigned nid;
	unsigned type;
	uint32_t wcaps;
	uint32_t have;

	uint32_t amp_in_caps_raw, amp_out_caps_raw;
	uint32_t amp_in_caps, amp_out_caps;
	unsigned n_amp_in_vals;
	HdaAmpVal *amp_in_vals;
	bool amp_in_stereo;
	unsigned n_amp_out_vals;
	HdaAmpVal *amp_out_vals;
	bool amp_out_stereo;

	uint32_t pcm_raw, stream_raw;
	uint32_t pcm, stream;

	uint32_t pincap;
	uint32_t pin_default;
	uint32_t pin_ctl;
	uint32_t eapd;

	uint32_t conv;
	uint32_t sdi_select;
	uint32_t digi;
	uint32_t unsol;

	uint32_t power_caps;
	uint32_t power_state;

	uint32_t conn_len_raw;
	unsigned n_conn;
	uint16_t *conn;
	int conn_sel;

	uint32_t proc_caps;
	uint32_t vol_knob_caps;
	uint32_t vol_knob;
} HdaWidget;

/** struct HdaGpio - GPIO state of the AFG (as Linux's proc file prints it). */
typedef struct {
	uint32_t caps;      /* GPIO_CAP (0x11): io 7:0, o 15:8, i 23:16, unsol 30, wake 31 */
	bool have_state;    /* the registers below were read (1..8 GPIOs) */
	uint32_t data, mask, dir, wake, unsol, sticky;
} HdaGpio;

/**
 * struct HdaCodec - one codec, as found by hda_codec_enumerate().
 * @cad: codec address (0-14)
 * @vendor_id/@subsystem_id/@revision_id: root node parameters; @subsystem_id
 *     falls back to GET_SUBSYSTEM_ID (0xf20) on the function group when the
 *     parameter reads 0, as Linux does
 * @vendor_name: from the vendor table ("QEMU", "Realtek", or "Generic %04x")
 * @chip_name: "ID %x" (low 16 bits of @vendor_id), as Linux names unknown chips
 * @n_fgs/@fg_start: function group nodes under the root
 * @afg/@mfg: NID of the audio / modem function group, 0 when none
 * @afg_function_type/@mfg_function_type: FUNCTION_TYPE parameter (raw)
 * @afg_unsol/@mfg_unsol: unsolicited capable (FUNCTION_TYPE bit 8)
 * @afg_caps: AUDIO_FG_CAP (0x08): output delay 3:0, input delay 11:8, beep 16
 * @pcm/@stream/@amp_in_caps/@amp_out_caps: AFG defaults (0x0a, 0x0b, 0x0d, 0x12)
 * @power_caps/@power_state: AFG power (0x0f parameter, 0xf05)
 * @gpio: AFG GPIO
 * @start_nid/@n_widgets/@widgets: the AFG's widgets, @widgets[i].nid = @start_nid + i
 */
typedef struct {
	unsigned cad;
	uint32_t vendor_id;
	uint32_t subsystem_id;
	uint32_t revision_id;
	char *vendor_name;
	char *chip_name;

	unsigned fg_start, n_fgs;
	unsigned afg, mfg;
	uint32_t afg_function_type, mfg_function_type;
	bool afg_unsol, mfg_unsol;

	uint32_t afg_caps;
	uint32_t pcm, stream;
	uint32_t amp_in_caps, amp_out_caps;
	uint32_t power_caps, power_state;
	HdaGpio gpio;

	unsigned start_nid;
	unsigned n_widgets;
	HdaWidget *widgets;
} HdaCodec;

/**
 * hda_codec_enumerate() - read everything about the codec at @cad: root node,
 * function groups, AFG capabilities and state, every widget.
 * @ctl: controller
 * @cad: codec address
 * @error: SV_ERROR_NOT_FOUND when no codec answers at @cad (or it has
 *         neither AFG nor MFG), SV_ERROR_TIMEOUT when it stops answering
 * Return: the codec (free with hda_codec_free()) or NULL.
 */
HdaCodec *hda_codec_enumerate(HdaController *ctl, unsigned cad, GError **error);

/** hda_codec_free() - free a codec from hda_codec_enumerate().  NULL is fine. */
void hda_codec_free(HdaCodec *codec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HdaCodec, hda_codec_free)

/** hda_codec_widget() - the widget with @nid, or NULL when @nid is not one of the AFG's. */
const HdaWidget *hda_codec_widget(const HdaCodec *codec, unsigned nid);

/**
 * hda_codec_find_widget() - the first widget of AC_WID_* @type at or after
 * NID @from (0: from the start), or NULL.
 */
const HdaWidget *hda_codec_find_widget(const HdaCodec *codec, unsigned type, unsigned from);

/* ---- pure decoding helpers (no device access; unit tested) ------------- */

/**
 * hda_conn_list_decode() - expand a connection list from its raw responses.
 * @clist_len: CONNLIST_LEN parameter (length 6:0, long form bit 7)
 * @words: GET_CONNECT_LIST responses for indices 0, 4, 8... (short form) or
 *         0, 2, 4... (long form): (length + per - 1) / per words
 * @n_words: number of @words
 * @out: expanded NIDs
 * @max_out: room in @out
 * Return: number of NIDs (ranges expanded; a list whose entries hold two
 *         zero NIDs is treated as empty, as Linux does), or -1 when @out is
 *         too small or @words too short.
 */
int hda_conn_list_decode(uint32_t clist_len, const uint32_t *words, unsigned n_words,
			 uint16_t *out, unsigned max_out);

/** hda_conn_list_words() - GET_CONNECT_LIST responses needed for @clist_len. */
unsigned hda_conn_list_words(uint32_t clist_len);

/** hda_widget_type_name() - "Audio Output", "Pin Complex"... as Linux's proc file names them. */
const char *hda_widget_type_name(unsigned type);
/** hda_widget_type_short() - "dac", "adc", "mixer", "selector", "pin"... (JSON, DOT). */
const char *hda_widget_type_short(unsigned type);

/* Pin default configuration fields as text (Linux proc.c wording). */
const char *hda_pin_port_name(uint32_t pin_default);         /* "Jack", "N/A", "Fixed", "Both" */
const char *hda_pin_device_name(uint32_t pin_default);       /* "Line Out", "Speaker"... */
const char *hda_pin_connectivity_name(uint32_t pin_default); /* "Ext", "Int", "Sep", "Oth" */
const char *hda_pin_location_name(uint32_t pin_default);     /* "Rear", "Front", "HDMI"... */
const char *hda_pin_conn_type_name(uint32_t pin_default);    /* "1/8", "Optical"... */
const char *hda_pin_color_name(uint32_t pin_default);        /* "Black", "Green"... */

/** hda_codec_vendor_name() - vendor name for the top 16 bits of @vendor_id, or NULL. */
const char *hda_codec_vendor_name(uint32_t vendor_id);

/**
 * hda_codec_chip_name() - the chip name Linux would print for @vendor_id
 * ("Generic" for codecs the generic parser drives, such as QEMU's;
 * "ID %x" otherwise).  Free with g_free().
 */
char *hda_codec_chip_name(uint32_t vendor_id);

/** hda_power_state_name() - "D0".."D3", "D3cold" or "UNKNOWN". */
const char *hda_power_state_name(unsigned state);

/* ---- outputs ----------------------------------------------------------- */

/**
 * hda_codec_print_proc() - append the codec in the Linux
 * /proc/asound/cardN/codec#M text format to @out.  Lines that reflect only
 * the kernel driver's own choices (Control:, Device:, In-driver Connection)
 * are not printed; see docs/hda.md.
 */
void hda_codec_print_proc(const HdaCodec *codec, GString *out);

/**
 * hda_codec_to_json() - add the codec to @b as one JSON object (keys
 * documented in docs/hda.md), where @b expects a value.
 */
void hda_codec_to_json(const HdaCodec *codec, JsonBuilder *b);

/** hda_codec_print_json() - append the codec as one indented JSON object to @out. */
void hda_codec_print_json(const HdaCodec *codec, GString *out);

/**
 * hda_codec_print_dot() - append a Graphviz digraph of the widgets to @out:
 * one node per widget shaped by type, one edge per connection (the selected
 * one bold).
 */
void hda_codec_print_dot(const HdaCodec *codec, GString *out);

/* ---- verb names (hda-verb style) --------------------------------------- */

/**
 * hda_verb_lookup() - a verb by name ("GET_PARAMETER", "PARAMETERS",
 * "SET_AMP_GAIN_MUTE", "set_power_state"..., case-insensitive, with or
 * without "AC_VERB_" / "GET_"/"SET_" spelled out) or number ("0xf00", "0x3").
 * @name: the text
 * @verb: the verb id: 12 bits, or 4 bits for the 4-bit verbs
 * @is4: TRUE for a 4-bit verb (16-bit payload)
 * @error: SV_ERROR_INVAL naming close matches
 */
gboolean hda_verb_lookup(const char *name, unsigned *verb, gboolean *is4, GError **error);

/** hda_param_lookup() - a parameter by name ("VENDOR_ID", "node_count"...) or number. */
gboolean hda_param_lookup(const char *name, unsigned *param, GError **error);

/** hda_verb_name() - the name of 12-bit verb @verb ("GET_CONFIG_DEFAULT"), or NULL. */
const char *hda_verb_name(unsigned verb);
/** hda_param_name() - the name of parameter @param ("VENDOR_ID"), or NULL. */
const char *hda_param_name(unsigned param);

/**
 * hda_verb_build() - compose the 32-bit command for @cad, @nid, @verb
 * (12- or 4-bit as @is4 says) and @payload.
 * Return: FALSE with SV_ERROR_INVAL when a field does not fit (payload over
 * 8 bits for a 12-bit verb, over 16 bits for a 4-bit verb, NID over 0xff...).
 */
gboolean hda_verb_build(unsigned cad, unsigned nid, unsigned verb, gboolean is4,
			unsigned payload, uint32_t *cmd, GError **error);

G_END_DECLS

#endif
