// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump-facts.c - the values a codec dump shows, read leniently line by
 * line (see dump-facts.h).
 *
 * A second, independent reader of codec dumps on purpose (emu/codec has
 * the real parser): a test oracle for test-hda-roundtrip.c.  Do not make
 * it share code with emu/codec/codec-dump-*.c.
 */
#include "dump-facts.h"
#include "sofvfio/hda-verbs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dump_field_names[DF_N_FIELDS] = {
	[DF_VENDOR_ID] = "vendor id",
	[DF_SUBSYSTEM_ID] = "subsystem id",
	[DF_REVISION_ID] = "revision id",
	[DF_AFG_NID] = "AFG node",
	[DF_MFG_NID] = "modem group node",
	[DF_AFG_FUNCTION] = "AFG function id",
	[DF_MFG_FUNCTION] = "MFG function id",
	[DF_FUNCTION_ID] = "function id",
	[DF_DEFAULT_RATES] = "default PCM rates",
	[DF_DEFAULT_BITS] = "default PCM bits",
	[DF_DEFAULT_FORMATS] = "default PCM formats",
	[DF_DEFAULT_AMP_IN] = "default amp-in caps",
	[DF_DEFAULT_AMP_OUT] = "default amp-out caps",
	[DF_AFG_POWER_CAPS] = "AFG power states",
	[DF_GPIO_CAPS] = "GPIO caps",
	[DF_NODES] = "node list",
	[DF_TYPE] = "type",
	[DF_WCAPS] = "wcaps",
	[DF_AMP_IN] = "amp-in caps",
	[DF_AMP_OUT] = "amp-out caps",
	[DF_PINCAP] = "pincap",
	[DF_PIN_DEFAULT] = "pin default",
	[DF_CONN] = "connection list",
	[DF_CONN_SEL] = "connection select",
	[DF_RATES] = "PCM rates",
	[DF_BITS] = "PCM bits",
	[DF_FORMATS] = "PCM formats",
	[DF_POWER_CAPS] = "power states",
	[DF_PROC_CAPS] = "processing caps",
	[DF_VOL_KNOB_CAPS] = "volume knob caps",
};

/* Extraction state within a section. */
typedef struct {
	DumpSection *s;
	unsigned nid;       /* current node, 0 before the first */
	enum { PCM_NONE, PCM_DEFAULT, PCM_NODE } pcm;
	bool conn_pending;  /* the line after "Connection: N" holds the NIDs */
	unsigned conn_count, conn_line;
	bool ended;         /* an unknown line at the margin ended the section */
} Extract;

static void fact_clear(gpointer p)
{
	DumpFact *f = p;

	if (f->list)
		g_array_unref(f->list);
}

static DumpSection *section_new(unsigned index, unsigned line)
{
	DumpSection *s = g_new0(DumpSection, 1);

	s->index = index;
	s->line = line;
	s->address = -1;
	s->facts = g_array_new(FALSE, TRUE, sizeof(DumpFact));
	g_array_set_clear_func(s->facts, fact_clear);
	return s;
}

static void section_free(gpointer p)
{
	DumpSection *s = p;

	g_array_unref(s->facts);
	g_free(s);
}

static DumpFact *add(Extract *x, DumpField f, unsigned line, uint32_t value)
{
	DumpFact fact = { .field = f, .nid = f >= DF_TYPE ? x->nid : 0, .line = line,
			  .value = value, .dumped = value };

	g_array_append_val(x->s->facts, fact);
	return &g_array_index(x->s->facts, DumpFact, x->s->facts->len - 1);
}

const DumpFact *dump_facts_find(const DumpSection *s, DumpField f, unsigned nid)
{
	for (unsigned i = 0; i < s->facts->len; i++) {
		const DumpFact *x = &g_array_index(s->facts, DumpFact, i);

		if (x->field == f && x->nid == nid)
			return x;
	}
	return NULL;
}

/* "ofs=0x00, nsteps=0x1f, stepsize=0x05, mute=1" or "N/A". */
static bool read_amp_caps(const char *s, uint32_t *v, bool *na)
{
	unsigned ofs, steps, size, mute;

	s += strspn(s, " \t");
	*na = g_str_has_prefix(s, "N/A");
	if (*na) {
		*v = 0;
		return true;
	}
	if (sscanf(s, "ofs=0x%x, nsteps=0x%x, stepsize=0x%x, mute=%u", &ofs, &steps, &size,
		   &mute) != 4)
		return false;
	*v = (ofs & 0x7f) | (steps & 0x7f) << 8 | (size & 0x7f) << 16 | (mute ? 1u << 31 : 0);
	return true;
}

/* "D0 D1 D2 D3 D3cold S3D3cold CLKSTOP EPSS" (Linux's names for bits 0-4, 29-31). */
static bool read_power_states(const char *s, uint32_t *v)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = { { "D0", 0 }, { "D1", 1 }, { "D2", 2 }, { "D3", 3 }, { "D3cold", 4 },
		      { "S3D3cold", 29 }, { "CLKSTOP", 30 }, { "EPSS", 31 } };
	g_auto(GStrv) words = g_strsplit_set(s, " \t", -1);

	*v = 0;
	for (char **w = words; *w; w++) {
		unsigned i;

		if (!**w)
			continue;
		for (i = 0; i < G_N_ELEMENTS(names) && strcmp(*w, names[i].name); i++)
			;
		if (i == G_N_ELEMENTS(names))
			return false;
		*v |= 1u << names[i].bit;
	}
	return true;
}

/* "0x%08x", or an old kernel's "0x08%x" (fewer than 8 digits after "0x08"). */
static bool read_pincap(const char *s, uint32_t *v)
{
	size_t n;

	if (!g_str_has_prefix(s, "0x"))
		return false;
	s += 2;
	n = strspn(s, "0123456789abcdefABCDEF");
	if (!n)
		return false;
	if (n > 2 && n < 8 && g_str_has_prefix(s, "08")) {
		s += 2;
		n -= 2;
	}
	*v = n ? (uint32_t)strtoul(s, NULL, 16) : 0;
	return true;
}

/* Linux's widget type names (proc.c get_wid_type_name()). */
static const struct {
	const char *name;
	unsigned type;
} type_names[] = {
	{ "Audio Output", AC_WID_AUD_OUT },
	{ "Audio Input", AC_WID_AUD_IN },
	{ "Audio Mixer", AC_WID_AUD_MIX },
	{ "Audio Selector", AC_WID_AUD_SEL },
	{ "Pin Complex", AC_WID_PIN },
	{ "Power Widget", AC_WID_POWER },
	{ "Volume Knob Widget", AC_WID_VOL_KNB },
	{ "Beep Generator Widget", AC_WID_BEEP },
	{ "Vendor Defined Widget", AC_WID_VENDOR },
	{ "UNKNOWN Widget", DF_TYPE_UNNAMED },
};

/* "Node 0xNN [Type Name] wcaps 0x...: ..." or without " wcaps 0x...". */
static bool node_line(Extract *x, const char *l, unsigned line)
{
	const char *open = strchr(l, '['), *close = open ? strchr(open, ']') : NULL;
	unsigned nid, wcaps, i;

	if (sscanf(l, "Node 0x%x", &nid) != 1 || !close || !nid)
		return false;
	x->nid = nid;
	x->pcm = PCM_NONE;
	for (i = 0; i < G_N_ELEMENTS(type_names); i++)
		if ((size_t)(close - open - 1) == strlen(type_names[i].name) &&
		    !strncmp(open + 1, type_names[i].name, close - open - 1))
			break;
	if (i < G_N_ELEMENTS(type_names))
		add(x, DF_TYPE, line, type_names[i].type);
	if (sscanf(close, "] wcaps 0x%x", &wcaps) == 1)
		add(x, DF_WCAPS, line, wcaps);
	return true;
}

/* "0x02* 0x03 0x0b": the NIDs after "Connection: N" ('*': the one selected). */
static void conn_list(Extract *x, const char *l, unsigned line)
{
	g_auto(GStrv) words = g_strsplit_set(l, " \t", -1);
	GArray *list = g_array_new(FALSE, FALSE, sizeof(unsigned));
	int sel = -1;
	DumpFact *f;

	for (char **w = words; *w; w++) {
		char *end;
		unsigned nid;

		if (!**w)
			continue;
		nid = (unsigned)strtoul(*w, &end, 16);
		if (*end == '-') {
			/* The project's extension (emu/codec/README.md): "0xAA-0xBB" is a range. */
			unsigned last = (unsigned)strtoul(end + 1, &end, 16);

			for (; nid < last && nid < 0x7fff; nid++)
				g_array_append_val(list, nid);
		}
		if (*end == '*')
			sel = (int)list->len;
		g_array_append_val(list, nid);
	}
	f = add(x, DF_CONN, x->conn_line, x->conn_count);
	f->list = list;
	if (sel >= 0)
		add(x, DF_CONN_SEL, line, (uint32_t)sel);
}

/* rates/bits/formats of the PCM block open in @x. */
static bool pcm_item(Extract *x, const char *l, unsigned line)
{
	static const struct {
		const char *key;
		DumpField node, dflt;
	} items[] = { { "rates [0x", DF_RATES, DF_DEFAULT_RATES },
		      { "bits [0x", DF_BITS, DF_DEFAULT_BITS },
		      { "formats [0x", DF_FORMATS, DF_DEFAULT_FORMATS } };
	unsigned v;
	char *end;

	if (x->pcm == PCM_NONE)
		return false;
	for (unsigned i = 0; i < G_N_ELEMENTS(items); i++) {
		if (!g_str_has_prefix(l, items[i].key))
			continue;
		v = (unsigned)strtoul(l + strlen(items[i].key), &end, 16);
		if (*end != ']')
			return false;
		/* One kernel printed bits unshifted (bits 23:16 of the parameter). */
		if (items[i].node == DF_BITS && v > 0xff)
			v >>= 16;
		add(x, x->pcm == PCM_DEFAULT ? items[i].dflt : items[i].node, line, v);
		return true;
	}
	return false;
}

/* "PCM:" / "Default PCM:" and what follows: a block, "N/A", or the old one-line form. */
static void pcm_head(Extract *x, const char *rest, unsigned line, bool dflt)
{
	unsigned r, b, t;

	while (*rest == ' ')
		rest++;
	x->pcm = dflt ? PCM_DEFAULT : PCM_NODE;
	if (sscanf(rest, "rates 0x%x, bits 0x%x, types 0x%x", &r, &b, &t) == 3) {
		add(x, dflt ? DF_DEFAULT_RATES : DF_RATES, line, r);
		add(x, dflt ? DF_DEFAULT_BITS : DF_BITS, line, b);
		add(x, dflt ? DF_DEFAULT_FORMATS : DF_FORMATS, line, t);
	} else if (g_str_has_prefix(rest, "N/A")) {
		add(x, dflt ? DF_DEFAULT_RATES : DF_RATES, line, 0)->na = true;
		add(x, dflt ? DF_DEFAULT_BITS : DF_BITS, line, 0)->na = true;
		add(x, dflt ? DF_DEFAULT_FORMATS : DF_FORMATS, line, 0)->na = true;
	}
}

static void amp_line(Extract *x, DumpField f, const char *rest, unsigned line)
{
	uint32_t v;
	bool na;

	if (read_amp_caps(rest, &v, &na))
		add(x, f, line, v)->na = na;
}

/* A line at the margin; FALSE when it is not a codec line (the section ends). */
static bool margin_line(Extract *x, const char *l, unsigned line)
{
	static const char *const skipped[] = { "Codec:", "Power-Map:", "Analog Loopback:",
					       "Invalid AFG subtree" };
	unsigned a, b;

	if (g_str_has_prefix(l, "Node 0x"))
		return node_line(x, l, line);
	if (sscanf(l, "Address: %u", &a) == 1) {
		x->s->address = (int)a;
		return true;
	}
	if (sscanf(l, "Vendor Id: 0x%x", &a) == 1) {
		add(x, DF_VENDOR_ID, line, a);
		return true;
	}
	if (sscanf(l, "Subsystem Id: 0x%x", &a) == 1) {
		add(x, DF_SUBSYSTEM_ID, line, a);
		return true;
	}
	if (sscanf(l, "Revision Id: 0x%x", &a) == 1) {
		add(x, DF_REVISION_ID, line, a);
		return true;
	}
	if (sscanf(l, "AFG Function Id: 0x%x (unsol %u)", &a, &b) == 2) {
		add(x, DF_AFG_FUNCTION, line, (a & 0xff) | (b ? 1u << 8 : 0));
		return true;
	}
	if (sscanf(l, "MFG Function Id: 0x%x (unsol %u)", &a, &b) == 2) {
		add(x, DF_MFG_FUNCTION, line, (a & 0xff) | (b ? 1u << 8 : 0));
		return true;
	}
	if (sscanf(l, "Function Id: 0x%x", &a) == 1) {
		add(x, DF_FUNCTION_ID, line, a & 0xff);
		return true;
	}
	if (sscanf(l, "Modem Function Group: 0x%x", &a) == 1) {
		add(x, DF_MFG_NID, line, a);
		return true;
	}
	if (g_str_has_prefix(l, "No Modem Function Group found")) {
		add(x, DF_MFG_NID, line, 0);
		return true;
	}
	if (sscanf(l, "State of AFG node 0x%x", &a) == 1) {
		add(x, DF_AFG_NID, line, a);
		return true;
	}
	if (g_str_has_prefix(l, "Default PCM:")) {
		pcm_head(x, l + 12, line, true);
		return true;
	}
	if (g_str_has_prefix(l, "Default Amp-In caps:")) {
		amp_line(x, DF_DEFAULT_AMP_IN, l + 20, line);
		return true;
	}
	if (g_str_has_prefix(l, "Default Amp-Out caps:")) {
		amp_line(x, DF_DEFAULT_AMP_OUT, l + 21, line);
		return true;
	}
	if (g_str_has_prefix(l, "GPIO:")) {
		unsigned io, o, i, un, wk;

		if (sscanf(l, "GPIO: io=%u, o=%u, i=%u, unsolicited=%u, wake=%u", &io, &o, &i, &un,
			   &wk) == 5)
			add(x, DF_GPIO_CAPS, line,
			    (io & 0xff) | (o & 0xff) << 8 | (i & 0xff) << 16 | (un ? 1u << 30 : 0) |
				    (wk ? 1u << 31 : 0));
		return true;
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(skipped); i++)
		if (g_str_has_prefix(l, skipped[i]))
			return true;
	return false;
}

/* An indented line, @l without its indentation. */
static void indented_line(Extract *x, const char *l, unsigned line)
{
	unsigned a, b, c, d;
	uint32_t v;

	if (pcm_item(x, l, line))
		return;
	if (!x->nid) {
		/* The AFG's own lines under "State of AFG node". */
		if (g_str_has_prefix(l, "Power states:") && read_power_states(l + 13, &v))
			add(x, DF_AFG_POWER_CAPS, line, v);
		return;
	}
	if (g_str_has_prefix(l, "Amp-In caps:")) {
		amp_line(x, DF_AMP_IN, l + 12, line);
	} else if (g_str_has_prefix(l, "Amp-Out caps:")) {
		amp_line(x, DF_AMP_OUT, l + 13, line);
	} else if (g_str_has_prefix(l, "Pincap ")) {
		if (read_pincap(l + 7, &v))
			add(x, DF_PINCAP, line, v);
	} else if (sscanf(l, "Pin Default 0x%x", &a) == 1) {
		add(x, DF_PIN_DEFAULT, line, a);
	} else if (sscanf(l, "Connection: %u", &a) == 1) {
		x->conn_pending = true;
		x->conn_count = a;
		x->conn_line = line;
	} else if (g_str_has_prefix(l, "PCM:")) {
		pcm_head(x, l + 4, line, false);
	} else if (g_str_has_prefix(l, "Power states:")) {
		if (read_power_states(l + 13, &v))
			add(x, DF_POWER_CAPS, line, v);
	} else if (sscanf(l, "Processing caps: benign=%u, ncoeff=%u", &a, &b) == 2) {
		add(x, DF_PROC_CAPS, line, (a & 1) | (b & 0xff) << 8);
	} else if (sscanf(l, "Volume-Knob: delta=%u, steps=%u, direct=%u, val=%u", &a, &b, &c,
			  &d) >= 2) {
		add(x, DF_VOL_KNOB_CAPS, line, (a & 1) << 7 | (b & 0x7f));
	}
}

static void extract_line(Extract *x, const char *raw, unsigned line)
{
	const char *l = raw + strspn(raw, " \t");

	if (x->conn_pending) {
		x->conn_pending = false;
		if (g_str_has_prefix(l, "0x")) {
			conn_list(x, l, line);
			return;
		}
		/* No NID line: an empty list ("Connection: 0", a blank line) or only the count. */
		{
			DumpFact *f = add(x, DF_CONN, x->conn_line, x->conn_count);

			if (!x->conn_count)
				f->list = g_array_new(FALSE, FALSE, sizeof(unsigned));
		}
	}
	if (!*l)
		return;
	if (l == raw) {
		if (!margin_line(x, l, line))
			x->ended = true;
		return;
	}
	indented_line(x, l, line);
}

/* "/sys/class/sound/hwC0D0/init_pin_configs:" then "0xNN 0xVVVVVVVV" lines. */
typedef struct {
	unsigned card, addr, nid;
	uint32_t config;
} InitPin;

static void read_init_pins(char **lines, unsigned n, GArray *pins, GArray *cards)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned card, addr, k;
		char what[32];

		if (sscanf(lines[i], "/sys/class/sound/hwC%uD%u/%31[a-z_]:", &card, &addr,
			   what) != 3 ||
		    strcmp(what, "init_pin_configs"))
			continue;
		for (k = 0; k < cards->len && g_array_index(cards, unsigned, k) != card; k++)
			;
		if (k == cards->len)
			g_array_append_val(cards, card);
		for (i++; i < n; i++) {
			InitPin p = { .card = card, .addr = addr };

			if (sscanf(lines[i], "0x%x 0x%x", &p.nid, &p.config) != 2)
				break;
			g_array_append_val(pins, p);
		}
		i--;
	}
}

/*
 * The Pin Default the mock is specified to serve (emu/codec/README.md): the
 * init_pin_configs value of the section's card and address.  alsa-info lists
 * the cards in order; the sections come card after card, addresses rising
 * within a card.
 */
static void apply_init_pins(GPtrArray *sections, GArray *pins, GArray *cards,
			    unsigned *n_init, unsigned *n_differ)
{
	unsigned group = 0;

	for (unsigned i = 0; i < sections->len; i++) {
		DumpSection *s = sections->pdata[i];
		unsigned card;

		if (i && s->address <= ((DumpSection *)sections->pdata[i - 1])->address)
			group++;
		if (s->address < 0 || group >= cards->len)
			continue;
		card = g_array_index(cards, unsigned, group);
		for (unsigned k = 0; k < s->facts->len; k++) {
			DumpFact *f = &g_array_index(s->facts, DumpFact, k);

			if (f->field != DF_PIN_DEFAULT)
				continue;
			/* A pin listed twice (one file has it): the last value is the one kept. */
			for (unsigned p = 0; p < pins->len; p++) {
				const InitPin *ip = &g_array_index(pins, InitPin, p);

				if (ip->card == card && ip->addr == (unsigned)s->address &&
				    ip->nid == f->nid) {
					f->value = ip->config;
					f->from_init = true;
				}
			}
			*n_init += f->from_init;
			*n_differ += f->from_init && f->value != f->dumped;
		}
	}
}

GPtrArray *dump_facts_read(const char *text, unsigned *init_pins, unsigned *init_pins_differ)
{
	GPtrArray *sections = g_ptr_array_new_with_free_func(section_free);
	g_autoptr(GArray) pins = g_array_new(FALSE, FALSE, sizeof(InitPin));
	g_autoptr(GArray) cards = g_array_new(FALSE, FALSE, sizeof(unsigned));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	unsigned n = g_strv_length(lines);
	Extract x = { 0 };

	for (unsigned i = 0; i < n; i++)
		g_strchomp(lines[i]); /* also drops the '\r' of CRLF files */
	for (unsigned i = 0; i < n; i++) {
		if (g_str_has_prefix(lines[i], "Codec:")) {
			if (x.s)
				extract_line(&x, "", i + 1); /* flush a pending connection list */
			x = (Extract){ .s = section_new(sections->len, i + 1) };
			g_ptr_array_add(sections, x.s);
			continue;
		}
		if (!x.s || x.ended)
			continue;
		if (strchr(" \t", lines[i][0]) && lines[i][0] && g_str_has_suffix(lines[i], "=")) {
			/* Soft line breaks: "=" at the end, the line goes on in the next. */
			GString *joined = g_string_new(lines[i]);
			unsigned first = i + 1;

			while (joined->str[joined->len - 1] == '=' && i + 1 < n) {
				g_string_truncate(joined, joined->len - 1);
				g_string_append(joined, lines[++i]);
			}
			extract_line(&x, joined->str, first);
			g_string_free(joined, TRUE);
			continue;
		}
		extract_line(&x, lines[i], i + 1);
	}
	if (x.s && !x.ended)
		extract_line(&x, "", n);
	/* The node list of each section. */
	for (unsigned i = 0; i < sections->len; i++) {
		DumpSection *s = sections->pdata[i];
		GArray *nids = g_array_new(FALSE, FALSE, sizeof(unsigned));
		DumpFact f = { .field = DF_NODES, .line = s->line };

		for (unsigned k = 0; k < s->facts->len; k++) {
			const DumpFact *t = &g_array_index(s->facts, DumpFact, k);

			if (t->field == DF_TYPE ||
			    (t->field == DF_WCAPS && !dump_facts_find(s, DF_TYPE, t->nid)))
				g_array_append_val(nids, t->nid);
		}
		f.list = nids;
		g_array_append_val(s->facts, f);
	}
	read_init_pins(lines, n, pins, cards);
	if (pins->len)
		apply_init_pins(sections, pins, cards, init_pins, init_pins_differ);
	return sections;
}
