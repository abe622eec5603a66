/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * codec-dump-ctx.h - the state of the section parser (codec-dump-parse.c)
 * shared with its line handlers: codec-dump-header.c (root and AFG lines),
 * codec-dump-node.c (Node line, amps, pins, converters, PCM, digital),
 * codec-dump-conn.c (unsolicited, power, devices, connections,
 * processing), and the value readers of codec-dump-read.c.
 *
 * Internal to emu/codec.
 */
#ifndef SOFVFIO_EMU_CODEC_DUMP_CTX_H
#define SOFVFIO_EMU_CODEC_DUMP_CTX_H

#include <stdbool.h>

#include "codec-dump.h"

/* What a widget's block showed (decides what the parser derives at the end). */
enum {
	SEEN_PCM = 1 << 0,
	SEEN_AMP_IN = 1 << 1,
	SEEN_AMP_OUT = 1 << 2,
	SEEN_PWR_STATES = 1 << 3,
	SEEN_POWER = 1 << 4,
	SEEN_CONN = 1 << 5,
	SEEN_UNSOL = 1 << 6,
	SEEN_PROC = 1 << 7,
	SEEN_DIGITAL = 1 << 8,
	NO_WCAPS = 1 << 16,   /* the Node line had no wcaps: rebuilt from the block */
};

typedef enum {
	MODE_NONE,
	MODE_PCM,        /* rates/bits/formats lines follow */
	MODE_CONN,       /* the connection list line follows */
	MODE_SKIP_LIST,  /* the "In-driver Connection" list line follows */
} Mode;

typedef struct {
	EmuCodec *c;
	const char *path;
	unsigned line;
	EmuCodecNode *afg;    /* the AFG's values until its NID is known */
	bool afg_seen;
	unsigned afg_nid;     /* "State of AFG node 0x.." */
	uint32_t afg_fid, mfg_fid;
	bool afg_fid_set, mfg_fid_set;
	unsigned mfg_nid;
	uint32_t vendor, ssid, rev;
	int address;
	EmuCodecNode *cur;    /* receives node lines: a widget or the AFG */
	Mode mode;
	EmuCodecNode *pcm_node;
	unsigned conn_expect;
	uint32_t seen[EMU_CODEC_NIDS];
	uint32_t afg_flags;
	bool skip_block;      /* after a bad or duplicate Node line: its lines are ignored */
	bool nodes_started;
	bool ended;           /* text that is not part of the dump followed it */
} Ctx;


/** struct DumpKey - a line key (matched after the indentation) and its handler. */
typedef struct {
	const char *key;
	void (*fn)(Ctx *x, const char *rest);
} DumpKey;

extern const DumpKey emu_dump_header_keys[];
extern const DumpKey emu_dump_node_keys[];
extern const DumpKey emu_dump_conn_keys[];

#define warn(x, ...) emu_codec_dump_warn((x)->c, (x)->path, (x)->line, __VA_ARGS__)

/* codec-dump-read.c */
uint32_t *dump_flags_of(Ctx *x, EmuCodecNode *n);
bool dump_read_num(const char **p, int base, uint32_t *out);
bool dump_read_kv(const char *s, const char *key, int base, uint32_t *out);
bool dump_has_word(const char *s, const char *word);
bool dump_read_amp_caps(const char *s, uint32_t *caps);

/* codec-dump-header.c */
void dump_start_pcm(Ctx *x, EmuCodecNode *n, const char *s);

/* codec-dump-node.c */
EmuCodecNode *dump_node_or_warn(Ctx *x);

/* codec-dump-conn.c */
void dump_ignore(Ctx *x, const char *rest);
bool dump_read_conn_line(Ctx *x, EmuCodecNode *n, const char *s, bool store);

#endif
