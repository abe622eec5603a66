// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-model.c - the generic codec model: building the node table,
 * deriving the node-count and connection-list parameters from it, reset,
 * and the public entry points that do not execute verbs.
 */
#include "codec-model.h"

#include <string.h>

EmuCodec *emu_codec_alloc(const char *name, const EmuVerbDesc *verbs)
{
	EmuCodec *c = g_new0(EmuCodec, 1);

	c->name = g_strdup(name);
	c->verbs = verbs;
	c->address = -1;
	return c;
}

EmuCodecNode *emu_codec_add_node(EmuCodec *c, unsigned nid)
{
	EmuCodecNode *n;

	g_return_val_if_fail(nid < EMU_CODEC_NIDS, NULL);
	if (c->node[nid])
		return c->node[nid];
	n = g_new0(EmuCodecNode, 1);
	n->nid = nid;
	n->state_nid = nid;
	c->node[nid] = n;
	return n;
}

/*
 * The list is kept as the codec encodes it.  The long form (16-bit
 * entries, CONNLIST_LEN bit 7) is needed as soon as an entry does not fit
 * the 7 bits of a short-form entry (HDA spec 7.3.3.3, 7.3.4.11).
 */
void emu_codec_set_conn(EmuCodecNode *n, const EmuConnEntry *entries, unsigned count)
{
	g_free(n->conn);
	n->conn = count ? g_new(EmuConnEntry, count) : NULL;
	if (count)
		memcpy(n->conn, entries, count * sizeof(*entries));
	n->n_conn = count;
	n->conn_long = false;
	for (unsigned i = 0; i < count; i++)
		if (entries[i].nid > 0x7f)
			n->conn_long = true;
}

void emu_codec_set_coef(EmuCodecNode *n, unsigned index, uint32_t value)
{
	if (!n->coef)
		n->coef = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_insert(n->coef, GUINT_TO_POINTER(index & 0xffff),
			    GUINT_TO_POINTER(value & 0xffff));
}

uint32_t emu_codec_get_coef(EmuCodecNode *n, unsigned index)
{
	if (!n->coef)
		return 0;
	return GPOINTER_TO_UINT(g_hash_table_lookup(n->coef, GUINT_TO_POINTER(index & 0xffff)));
}

static GHashTable *coef_copy(GHashTable *src)
{
	GHashTable *dst;
	GHashTableIter it;
	gpointer k, v;

	if (!src)
		return NULL;
	dst = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_iter_init(&it, src);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(dst, k, v);
	return dst;
}

static bool is_fg(const EmuCodec *c, unsigned nid)
{
	return nid && (nid == c->afg || nid == c->mfg);
}

/* NODE_COUNT: start NID in 23:16, count in 7:0 (HDA spec 7.3.4.3). */
static uint32_t node_count(unsigned first, unsigned last)
{
	return first ? (first << 16) | (last - first + 1) : 0;
}

/*
 * Fill what follows from the node table (unless a built-in model gave it
 * explicitly), and keep the initial state for codec resets.
 */
void emu_codec_finalize(EmuCodec *c)
{
	EmuCodecNode *root = emu_codec_add_node(c, 0);
	unsigned fg_first = 0, fg_last = 0, w_first = 0, w_last = 0;

	for (unsigned nid = 1; nid < EMU_CODEC_NIDS; nid++) {
		if (!c->node[nid])
			continue;
		if (is_fg(c, nid)) {
			fg_first = fg_first ? fg_first : nid;
			fg_last = nid;
		} else {
			w_first = w_first ? w_first : nid;
			w_last = nid;
		}
	}
	if (!root->param[AC_PAR_NODE_COUNT])
		root->param[AC_PAR_NODE_COUNT] = node_count(fg_first, fg_last);
	if (c->afg && c->node[c->afg] && !c->node[c->afg]->param[AC_PAR_NODE_COUNT])
		c->node[c->afg]->param[AC_PAR_NODE_COUNT] = node_count(w_first, w_last);

	for (unsigned nid = 0; nid < EMU_CODEC_NIDS; nid++) {
		EmuCodecNode *n = c->node[nid];

		if (!n)
			continue;
		if (n->n_conn)
			n->param[AC_PAR_CONNLIST_LEN] = n->n_conn | (n->conn_long ? AC_CLIST_LONG : 0);
		n->init = n->st;
		if (n->coef_init)
			g_hash_table_unref(n->coef_init);
		n->coef_init = coef_copy(n->coef);
	}
}

/* What a codec reset (verb 0x7ff) brings back: the state the model started with. */
void emu_codec_reset(EmuCodec *c)
{
	for (unsigned nid = 0; nid < EMU_CODEC_NIDS; nid++) {
		EmuCodecNode *n = c->node[nid];

		if (!n)
			continue;
		n->st = n->init;
		if (n->coef)
			g_hash_table_unref(n->coef);
		n->coef = coef_copy(n->coef_init);
	}
}

/*
 * "dump:FILE#N": the last '#' followed by digits only selects a section,
 * unless FILE#N names an existing file as a whole (/proc's "codec#0").
 */
static EmuCodec *new_from_dump(const char *arg, unsigned flags, GError **error)
{
	const char *hash = strrchr(arg, '#');
	g_autofree char *path = NULL;
	guint64 index = 0;

	if (hash && hash[1] && !g_file_test(arg, G_FILE_TEST_EXISTS) &&
	    g_ascii_string_to_unsigned(hash + 1, 10, 0, G_MAXINT, &index, NULL))
		path = g_strndup(arg, hash - arg);
	else
		path = g_strdup(arg);
	if (!*path) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "codec \"dump:%s\": no file name after \"dump:\"", arg);
		return NULL;
	}
	return emu_codec_dump_load(path, (int)index, flags, error);
}

EmuCodec *emu_codec_new(const char *spec, GError **error)
{
	return emu_codec_new_full(spec, 0, error);
}

EmuCodec *emu_codec_new_full(const char *spec, unsigned flags, GError **error)
{
	EmuCodec *c;

	if (!spec || !*spec) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "no codec given: use %s, dump:FILE or dump:FILE#N",
			    emu_codec_builtin_names());
		return NULL;
	}
	if (g_str_has_prefix(spec, "dump:"))
		return new_from_dump(spec + 5, flags, error);
	c = emu_codec_builtin_new(spec);
	if (!c)
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "unknown codec \"%s\": use %s, dump:FILE (a Linux codec dump) "
			    "or dump:FILE#N (its N-th codec, from 0)",
			    spec, emu_codec_builtin_names());
	return c;
}

void emu_codec_node_free(EmuCodecNode *n)
{
	if (!n)
		return;
	g_free(n->conn);
	if (n->coef)
		g_hash_table_unref(n->coef);
	if (n->coef_init)
		g_hash_table_unref(n->coef_init);
	g_free(n);
}

void emu_codec_free(EmuCodec *c)
{
	if (!c)
		return;
	for (unsigned nid = 0; nid < EMU_CODEC_NIDS; nid++)
		emu_codec_node_free(c->node[nid]);
	g_free(c->first_warning);
	g_free(c->name);
	g_free(c);
}

uint32_t emu_codec_vendor_id(EmuCodec *c)
{
	return c->node[0] ? c->node[0]->param[AC_PAR_VENDOR_ID] : 0;
}

/*
 * Converters are Audio Output (DAC) and Audio Input (ADC) widgets; the
 * stream tag is CONV 7:4 (SET_CHANNEL_STREAMID, spec 7.3.3.11).  Tag 0
 * means "not streaming".  When several converters share a tag (a codec
 * that mirrors one stream to several outputs) the lowest NID answers.
 */
unsigned emu_codec_stream_converter(EmuCodec *c, unsigned stream_tag, gboolean output,
				    uint16_t *format)
{
	unsigned want = output ? AC_WID_AUD_OUT : AC_WID_AUD_IN;

	if (!stream_tag)
		return 0;
	for (unsigned nid = 1; nid < EMU_CODEC_NIDS; nid++) {
		EmuCodecNode *n = c->node[nid];

		if (!n || is_fg(c, nid) || AC_WCAP_TYPE(n->param[AC_PAR_AUDIO_WIDGET_CAP]) != want)
			continue;
		if (((n->st.reg[EMU_REG_CONV] >> 4) & 0xf) != stream_tag)
			continue;
		if (format)
			*format = n->st.reg[EMU_REG_FORMAT] & 0xffff;
		return nid;
	}
	return 0;
}

void emu_codec_info(EmuCodec *c, EmuCodecInfo *info)
{
	memset(info, 0, sizeof(*info));
	info->name = c->name;
	info->address = c->address;
	info->afg = c->afg;
	info->mfg = c->mfg;
	for (unsigned nid = 1; nid < EMU_CODEC_NIDS; nid++)
		if (c->node[nid] && !is_fg(c, nid))
			info->nodes++;
	info->sections = c->sections;
	info->section = c->section;
	info->lines = c->lines;
	info->warnings = c->warnings;
	info->first_warning = c->first_warning;
	info->init_pins = c->init_pins;
	info->init_pins_differ = c->init_pins_differ;
}

gboolean emu_codec_set_pin_sense(EmuCodec *c, unsigned nid, uint32_t sense)
{
	if (nid >= EMU_CODEC_NIDS || !c->node[nid])
		return FALSE;
	c->node[nid]->st.reg[EMU_REG_PIN_SENSE] = sense;
	return TRUE;
}
