// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-parse.c - one "Codec:" section of a Linux codec dump (the
 * text of /proc/asound/cardN/codec#M, sound/hda/common/proc.c, and its
 * older forms) into the generic codec model.
 *
 * Each line is matched, after its indentation, against a table of keys;
 * the handler reads the values.  The header lines fill the root node and
 * the audio function group (AFG), "Node 0xNN [...] wcaps 0x...:" starts a
 * widget and the indented lines after it fill that widget.  What the dump
 * shows is what the codec answered when the dump was taken, so the model
 * answers exactly that; what it does not show is derived as Linux does
 * (see derive_node()).  A line that cannot be understood is skipped and
 * counted as a warning; nothing here fails.
 */
#include "codec-dump-ctx.h"

#include <string.h>

static bool is_blank(const char *s)
{
	return s[strspn(s, " \t")] == 0;
}

static const DumpKey *const tables[] = {
	emu_dump_header_keys, emu_dump_node_keys, emu_dump_conn_keys,
};

/* The first key, in table order, that starts @s.  The first character is
 * compared first: a line takes a few string compares, not seventy. */
static const DumpKey *find_key(const char *s)
{
	for (unsigned t = 0; t < G_N_ELEMENTS(tables); t++)
		for (const DumpKey *k = tables[t]; k->key; k++)
			if (k->key[0] == s[0] && !strncmp(s, k->key, strlen(k->key)))
				return k;
	return NULL;
}

static void parse_line(Ctx *x, const char *raw)
{
	const char *s = raw + strspn(raw, " \t");
	const DumpKey *key;

	/* The lines that belong to the one before. */
	if (x->mode == MODE_CONN || x->mode == MODE_SKIP_LIST) {
		Mode m = x->mode;

		x->mode = MODE_NONE;
		if (m == MODE_CONN && x->cur && dump_read_conn_line(x, x->cur, s, true))
			return;
		if (m == MODE_SKIP_LIST && dump_read_conn_line(x, NULL, s, false))
			return;
		if (m == MODE_CONN && x->conn_expect && !is_blank(s))
			warn(x, "Connection: %u without the list", x->conn_expect);
		else if (m == MODE_CONN && x->cur && !x->conn_expect)
			emu_codec_set_conn(x->cur, NULL, 0);
	}
	if (is_blank(s))
		return;
	if (x->mode == MODE_PCM && g_str_has_prefix(s, "N/A")) {
		x->pcm_node->param[AC_PAR_PCM] = x->pcm_node->param[AC_PAR_STREAM] = 0;
		x->mode = MODE_NONE;
		return;
	}
	if (x->skip_block && !g_str_has_prefix(s, "Node "))
		return;
	key = find_key(s);
	if (key) {
		size_t len = strlen(key->key);

		/* a PCM block ends at the first line that is not one of its three */
		if (x->mode == MODE_PCM && strcmp(key->key, "rates [") &&
		    strcmp(key->key, "bits [") && strcmp(key->key, "formats ["))
			x->mode = MODE_NONE;
		key->fn(x, s + len + strspn(s + len, " \t"));
		return;
	}
	/*
	 * Linux indents everything after the first Node line except other Node
	 * lines: an unknown line at the margin is text that followed the dump.
	 */
	if (x->nodes_started && s == raw) {
		x->ended = true;
		return;
	}
	warn(x, "line not understood: \"%.60s\"", s);
}

/* ---- after the section: what the dump does not show ---- */

/*
 * As Linux reads it (hda_codec.c query_amp_caps(), hdac_device.c
 * query_pcm_param()): a widget without AMP_OVRD has the AFG's amp caps, a
 * converter without FORMAT_OVRD the AFG's PCM and stream formats.  A
 * widget with power control but no "Power states:" line (old kernels) has
 * the AFG's.  Without wcaps on its Node line, a widget gets the bits its
 * block shows.
 */
static void derive_node(Ctx *x, EmuCodecNode *n, EmuCodecNode *afg)
{
	uint32_t seen = x->seen[n->nid];
	uint32_t *w = &n->param[AC_PAR_AUDIO_WIDGET_CAP];
	unsigned type;

	if (seen & NO_WCAPS) {
		if (seen & SEEN_CONN)
			*w |= AC_WCAP_CONN_LIST;
		if (seen & SEEN_UNSOL)
			*w |= AC_WCAP_UNSOL_CAP;
		if (seen & (SEEN_POWER | SEEN_PWR_STATES))
			*w |= AC_WCAP_POWER;
		if (seen & SEEN_PROC)
			*w |= AC_WCAP_PROC_WID;
		if (seen & SEEN_DIGITAL)
			*w |= AC_WCAP_DIGITAL;
		if (seen & SEEN_PCM)
			*w |= AC_WCAP_FORMAT_OVRD;
		if (((seen & SEEN_AMP_IN) && n->param[AC_PAR_AMP_IN_CAP] != afg->param[AC_PAR_AMP_IN_CAP]) ||
		    ((seen & SEEN_AMP_OUT) && n->param[AC_PAR_AMP_OUT_CAP] != afg->param[AC_PAR_AMP_OUT_CAP]))
			*w |= AC_WCAP_AMP_OVRD;
		if (seen & SEEN_AMP_IN)
			*w |= AC_WCAP_IN_AMP;
		if (seen & SEEN_AMP_OUT)
			*w |= AC_WCAP_OUT_AMP;
	}
	type = AC_WCAP_TYPE(*w);
	if (!(*w & AC_WCAP_AMP_OVRD)) {
		if (!(seen & SEEN_AMP_IN))
			n->param[AC_PAR_AMP_IN_CAP] = afg->param[AC_PAR_AMP_IN_CAP];
		if (!(seen & SEEN_AMP_OUT))
			n->param[AC_PAR_AMP_OUT_CAP] = afg->param[AC_PAR_AMP_OUT_CAP];
	}
	if ((type == AC_WID_AUD_OUT || type == AC_WID_AUD_IN) && !(seen & SEEN_PCM) &&
	    !(*w & AC_WCAP_FORMAT_OVRD)) {
		n->param[AC_PAR_PCM] = afg->param[AC_PAR_PCM];
		n->param[AC_PAR_STREAM] = afg->param[AC_PAR_STREAM];
	}
	if ((*w & AC_WCAP_POWER) && !(seen & SEEN_PWR_STATES))
		n->param[AC_PAR_POWER_STATE] = afg->param[AC_PAR_POWER_STATE];
	n->st.reg[EMU_REG_SSID] = x->ssid;
}

static void finish(Ctx *x)
{
	EmuCodec *c = x->c;
	EmuCodecNode *root = emu_codec_add_node(c, 0);
	bool widgets = false;

	for (unsigned nid = 1; nid < EMU_CODEC_NIDS; nid++)
		widgets |= c->node[nid] != NULL;
	root->param[AC_PAR_VENDOR_ID] = x->vendor;
	root->param[AC_PAR_SUBSYSTEM_ID] = x->ssid;
	root->param[AC_PAR_REV_ID] = x->rev;
	root->st.reg[EMU_REG_SSID] = x->ssid;

	/*
	 * Kernels that printed no modem group line stopped after the ids for a
	 * codec without an AFG.  Linux creates no codec without an AFG or a modem
	 * group, so that codec had a modem group; its NID is not shown: 1.
	 */
	if (!x->mfg_nid && !x->afg_seen && !widgets)
		x->mfg_nid = 1;
	if (x->mfg_nid) {
		EmuCodecNode *m;

		if (c->node[x->mfg_nid]) {
			emu_codec_dump_warn(c, x->path, x->line,
					    "Node 0x%02x is also the modem function group: dropped",
					    x->mfg_nid);
			emu_codec_node_free(c->node[x->mfg_nid]);
			c->node[x->mfg_nid] = NULL;
		}
		m = emu_codec_add_node(c, x->mfg_nid);
		m->param[AC_PAR_FUNCTION_TYPE] = x->mfg_fid_set ? x->mfg_fid : AC_GRP_MODEM_FUNCTION;
		m->st.reg[EMU_REG_SSID] = x->ssid;
		c->mfg = x->mfg_nid;
	}
	if (x->afg_seen || widgets) {
		unsigned nid = x->afg_nid ? x->afg_nid : (x->mfg_nid == 1 ? 2 : 1);
		EmuCodecNode *afg = x->afg;

		if (c->node[nid]) {
			emu_codec_dump_warn(c, x->path, x->line,
					    "Node 0x%02x is also the audio function group: dropped", nid);
			emu_codec_node_free(c->node[nid]);
			c->node[nid] = NULL;
		}
		afg->nid = afg->state_nid = nid;
		afg->param[AC_PAR_FUNCTION_TYPE] = x->afg_fid_set ? x->afg_fid : AC_GRP_AUDIO_FUNCTION;
		/* Old kernels did not print the AFG's power states: D0-D3 as the spec asks. */
		if (!(x->afg_flags & SEEN_PWR_STATES))
			afg->param[AC_PAR_POWER_STATE] = 0xf;
		afg->st.reg[EMU_REG_SSID] = x->ssid;
		c->node[nid] = afg;
		c->afg = nid;
		x->afg = NULL;
		for (unsigned w = 1; w < EMU_CODEC_NIDS; w++)
			if (c->node[w] && w != c->afg && w != c->mfg)
				derive_node(x, c->node[w], afg);
	}
	emu_codec_finalize(c);
}

EmuCodec *emu_codec_dump_parse(char *const *lines, unsigned n, const char *path,
			       unsigned first_line, int *address)
{
	Ctx x = { .path = path, .address = -1 };
	unsigned i;

	x.c = emu_codec_alloc("Not Set", emu_verbs_full);
	x.afg = g_new0(EmuCodecNode, 1);
	for (i = 0; i < n && !x.ended; i++) {
		g_autofree char *joined = NULL;
		const char *l = lines[i];
		size_t len = strlen(l);

		x.line = first_line + i;
		/* Mailed dumps: a quoted-printable soft line break ("=" at the end,
		 * RFC 2045 6.7): the line goes on in the next, even within a word. */
		if (len && l[len - 1] == '=' && i + 1 < n) {
			joined = g_strconcat(l, lines[i + 1], NULL);
			memmove(joined + len - 1, joined + len, strlen(joined + len) + 1);
			l = joined;
			i++;
		}
		parse_line(&x, l);
	}
	x.line = first_line + i;
	if (x.mode == MODE_CONN && x.conn_expect)
		warn(&x, "Connection: %u without the list", x.conn_expect);
	x.c->lines = x.ended ? i - 1 : i;
	finish(&x);
	emu_codec_node_free(x.afg);
	x.c->address = x.address;
	if (address)
		*address = x.address;
	return x.c;
}

