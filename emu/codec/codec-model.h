/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * codec-model.h - the generic codec model behind every EmuCodec: a table
 * of nodes by NID, each with its parameters (GET_PARAMETER answers), its
 * connection list as the hardware encodes it, and its settable state.
 * Verbs are executed through a verb table (codec-verbs.c); the built-in
 * models and the dump parser only fill the node table.
 *
 * Internal to emu/codec.
 */
#ifndef SOFVFIO_EMU_CODEC_MODEL_H
#define SOFVFIO_EMU_CODEC_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "codec.h"
#include "sofvfio/hda-verbs.h"

/* Verbs and fields hda-verbs.h does not carry (names as in Linux hda_verbs.h). */
#ifndef AC_VERB_SET_SUBSYSTEM_ID_0
#define AC_VERB_SET_SUBSYSTEM_ID_0 0x720
#define AC_VERB_SET_SUBSYSTEM_ID_1 0x721
#define AC_VERB_SET_SUBSYSTEM_ID_2 0x722
#define AC_VERB_SET_SUBSYSTEM_ID_3 0x723
#endif
#ifndef AC_VERB_SET_DIGI_CONVERT_3
#define AC_VERB_SET_DIGI_CONVERT_3 0x73e
#define AC_VERB_SET_DIGI_CONVERT_4 0x73f
#endif
#ifndef AC_VERB_SET_CVT_CHAN_COUNT
#define AC_VERB_SET_CVT_CHAN_COUNT 0x72d
#define AC_VERB_SET_HDMI_DIP_INDEX 0x730
#define AC_VERB_SET_HDMI_DIP_DATA 0x731
#define AC_VERB_SET_HDMI_DIP_XMIT 0x732
#define AC_VERB_SET_HDMI_CP_CTRL 0x733
#define AC_VERB_SET_HDMI_CHAN_SLOT 0x734
#define AC_VERB_SET_DEVICE_SEL 0x735
#endif
#ifndef AC_PWRST_SETTING
#define AC_PWRST_SETTING 0x0f          /* GET_POWER_STATE: PS-Set */
#define AC_PWRST_ACTUAL_SHIFT 4        /* PS-Act */
#define AC_PWRST_ERROR (1u << 8)
#define AC_PWRST_CLK_STOP_OK (1u << 9)
#define AC_PWRST_SETTING_RESET (1u << 10)
#endif
#ifndef AC_UNSOL_ENABLED
#define AC_UNSOL_TAG 0x3f
#define AC_UNSOL_ENABLED (1u << 7)
#endif

#define EMU_CODEC_NIDS 256      /* the verb's NID field is 8 bits (27:20) */
#define EMU_CODEC_NPARAMS 0x21  /* GET_PARAMETER ids 0x00..0x20 are kept */
#define EMU_AMP_INDICES 16      /* SET_AMP_GAIN_MUTE index is 4 bits */
#define EMU_MAX_DEVICES 64      /* DEVLIST_LEN is 6 bits */
#define EMU_AMP_IN 0
#define EMU_AMP_OUT 1
#define EMU_CH_LEFT 0
#define EMU_CH_RIGHT 1

/* Settable per-node state kept as plain registers (verb table: reg index). */
enum {
	EMU_REG_CONN_SEL,     /* 0x701/0xf01 */
	EMU_REG_PROC_STATE,   /* 0x703/0xf03 */
	EMU_REG_SDI,          /* 0x704/0xf04 */
	EMU_REG_POWER,        /* 0xf05 answer: setting 3:0, actual 7:4, flags */
	EMU_REG_CONV,         /* 0x706/0xf06: stream 7:4, channel 3:0 */
	EMU_REG_PINCTL,       /* 0x707/0xf07 */
	EMU_REG_UNSOL,        /* 0x708/0xf08: enable bit 7, tag 5:0 */
	EMU_REG_PIN_SENSE,    /* 0xf09 answer */
	EMU_REG_BEEP,         /* 0x70a/0xf0a */
	EMU_REG_EAPD,         /* 0x70c/0xf0c */
	EMU_REG_DIGI,         /* 0xf0d: DIG1 7:0, DIG2 15:8, DIG3 23:16, DIG4 31:24 */
	EMU_REG_VOLKNOB,      /* 0x70f/0xf0f */
	EMU_REG_GPIO_DATA,    /* 0x715..0x71a / 0xf15..0xf1a (AFG) */
	EMU_REG_GPIO_MASK,
	EMU_REG_GPIO_DIR,
	EMU_REG_GPIO_WAKE,
	EMU_REG_GPIO_UNSOL,
	EMU_REG_GPIO_STICKY,
	EMU_REG_CONFIG,       /* 0xf1c, 0x71c..0x71f */
	EMU_REG_SSID,         /* 0xf20, 0x720..0x723 */
	EMU_REG_FORMAT,       /* 0x2/0xa stream format */
	EMU_REG_COEF_INDEX,   /* 0x5/0xd */
	EMU_REG_CVT_CHAN,     /* 0x72d/0xf2d */
	EMU_REG_DIP_INDEX,    /* 0x730/0xf30 */
	EMU_REG_DIP_XMIT,     /* 0x732/0xf32 */
	EMU_REG_CP_CTRL,      /* 0x733/0xf33 */
	EMU_REG_CHAN_SLOT,    /* 0x734/0xf34 */
	EMU_REG_DEV_SEL,      /* 0x735/0xf35 */
	EMU_REG_COUNT
};

/** struct EmuNodeState - what verbs can change; reset restores the initial copy. */
typedef struct {
	uint32_t reg[EMU_REG_COUNT];
	uint8_t amp[2][EMU_AMP_INDICES][2];   /* [EMU_AMP_IN/OUT][index][EMU_CH_*] */
	uint8_t dev_conn_sel[EMU_MAX_DEVICES]; /* connection select per DP-MST device */
} EmuNodeState;

/** struct EmuConnEntry - one connection list entry as the codec encodes it. */
typedef struct {
	uint16_t nid;
	bool range;   /* all NIDs after the previous entry up to @nid */
} EmuConnEntry;

typedef struct EmuCodecNode {
	unsigned nid;
	uint32_t param[EMU_CODEC_NPARAMS];
	EmuConnEntry *conn;            /* raw entries (ranges not expanded) */
	unsigned n_conn;
	bool conn_long;                /* long form: 16-bit entries */
	uint8_t devices[EMU_MAX_DEVICES]; /* DP-MST device entries (4 bits each) */
	unsigned n_devices;
	unsigned state_nid;            /* node whose stream state this one shares (QEMU) */
	EmuNodeState st, init;
	GHashTable *coef, *coef_init;  /* coefficient index -> value, NULL when none */
} EmuCodecNode;

typedef struct EmuVerbDesc EmuVerbDesc;
/* A verb handler: FALSE means no response; @d carries the table entry's arguments. */
typedef gboolean (*EmuVerbFn)(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			      uint32_t payload, uint32_t *resp);

/**
 * struct EmuVerbDesc - one verb table entry.
 * @fn: handler, NULL for verbs the codec does not implement (answered 0)
 * @reg: EMU_REG_* the generic handlers work on
 * @shift: bit position for the byte-wise set verbs
 * @mask: bits a set verb stores
 */
struct EmuVerbDesc {
	EmuVerbFn fn;
	uint8_t reg;
	uint8_t shift;
	uint32_t mask;
};

/* Verb tables are indexed by the 12-bit verb id; 4-bit verbs by id << 8. */
#define EMU_VERB_TABLE_SIZE 0x1000

struct EmuCodec {
	char *name;
	const EmuVerbDesc *verbs;
	EmuCodecNode *node[EMU_CODEC_NIDS];
	unsigned afg, mfg;
	int address;          /* the dump's "Address:", -1 when unknown */
	/* how a dump was read */
	unsigned sections, section, lines, warnings;
	unsigned init_pins, init_pins_differ;
	char *first_warning;
};

/* codec-verbs.c */
extern const EmuVerbDesc emu_verbs_full[EMU_VERB_TABLE_SIZE];
gboolean emu_verb_get_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			  uint32_t payload, uint32_t *resp);
gboolean emu_verb_get_param(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			    uint32_t payload, uint32_t *resp);
gboolean emu_verb_get_conn_list(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
				uint32_t payload, uint32_t *resp);
gboolean emu_verb_set_reg(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			  uint32_t payload, uint32_t *resp);
gboolean emu_verb_answer_zero(EmuCodec *c, EmuCodecNode *n, const EmuVerbDesc *d,
			      uint32_t payload, uint32_t *resp);

/* codec-model.c */
EmuCodec *emu_codec_alloc(const char *name, const EmuVerbDesc *verbs);
EmuCodecNode *emu_codec_add_node(EmuCodec *c, unsigned nid);
void emu_codec_node_free(EmuCodecNode *n);
void emu_codec_set_conn(EmuCodecNode *n, const EmuConnEntry *entries, unsigned count);
void emu_codec_set_coef(EmuCodecNode *n, unsigned index, uint32_t value);
uint32_t emu_codec_get_coef(EmuCodecNode *n, unsigned index);
void emu_codec_finalize(EmuCodec *c);
void emu_codec_reset(EmuCodec *c);

/* codec-builtin.c */
EmuCodec *emu_codec_builtin_new(const char *name);
const char *emu_codec_builtin_names(void);

/* codec-dump-file.c */
EmuCodec *emu_codec_dump_load(const char *path, int index, unsigned flags, GError **error);

#endif
