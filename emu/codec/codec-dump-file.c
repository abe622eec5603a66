// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-file.c - a codec dump file: where its "Codec:" sections are
 * (a bare /proc/asound/cardN/codec#M, several of them one after the
 * other, or inside alsa-info output), and the init_pin_configs blocks
 * alsa-info copies from /sys/class/sound/hwC<card>D<addr>/.
 *
 * A section starts at a "Codec:" line at the start of a line and runs to
 * the next one, or to the first line that starts with something else than
 * white space or a capital letter (alsa-info's "!!" and "--endcollapse--"
 * markers, sysfs paths, command output): the lines Linux prints start with
 * a capital or are indented.  All other text is skipped.
 */
#include "codec-dump.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	unsigned start, end;   /* line indices, end excluded */
} Section;

typedef struct {
	unsigned card, addr, nid;
	uint32_t config;
} InitPin;

typedef struct EmuCodecDump {
	char *path;
	char *text;
	char **lines;          /* point into text */
	unsigned n_lines;
	GArray *sections;      /* Section */
	GArray *init_pins;     /* InitPin */
	GArray *cards;         /* card numbers, in the order of their init_pin_configs blocks */
} DumpFile;

void emu_codec_dump_close(EmuCodecDump *f)
{
	if (!f)
		return;
	g_free(f->path);
	g_free(f->text);
	g_free(f->lines);
	if (f->sections)
		g_array_unref(f->sections);
	if (f->init_pins)
		g_array_unref(f->init_pins);
	if (f->cards)
		g_array_unref(f->cards);
	g_free(f);
}

static bool ends_section(const char *l)
{
	return *l && *l != ' ' && *l != '\t' && !(*l >= 'A' && *l <= 'Z');
}

/* "/sys/class/sound/hwC0D0/init_pin_configs:" then "0x14 0x99130110" lines. */
static unsigned read_init_pins(DumpFile *f, unsigned i)
{
	unsigned card, addr, nid, config, k;
	char tail[32];

	if (sscanf(f->lines[i], "/sys/class/sound/hwC%uD%u/%31s", &card, &addr, tail) != 3 ||
	    strcmp(tail, "init_pin_configs:"))
		return i;
	/* A card counts even when its block is empty (a codec without pins). */
	for (k = 0; k < f->cards->len && g_array_index(f->cards, unsigned, k) != card; k++)
		;
	if (k == f->cards->len)
		g_array_append_val(f->cards, card);
	for (i++; i < f->n_lines; i++) {
		InitPin p;

		if (sscanf(f->lines[i], "0x%x 0x%x", &nid, &config) != 2)
			break;
		p = (InitPin){ .card = card, .addr = addr, .nid = nid, .config = config };
		g_array_append_val(f->init_pins, p);
	}
	return i - 1;
}

static void scan(DumpFile *f)
{
	Section cur = { 0, 0 };
	bool open = false;

	f->sections = g_array_new(FALSE, FALSE, sizeof(Section));
	f->init_pins = g_array_new(FALSE, FALSE, sizeof(InitPin));
	f->cards = g_array_new(FALSE, FALSE, sizeof(unsigned));
	for (unsigned i = 0; i < f->n_lines; i++) {
		const char *l = f->lines[i];
		/* After a soft line break ("=" at the end) the line goes on: any first character. */
		bool continued = open && i && g_str_has_suffix(f->lines[i - 1], "=");
		/* The first character first: most lines start with neither. */
		bool codec = l[0] == 'C' && g_str_has_prefix(l, "Codec:");

		if (codec || (open && !continued && ends_section(l))) {
			if (open) {
				cur.end = i;
				g_array_append_val(f->sections, cur);
			}
			open = codec;
			cur.start = i;
		}
		if (!open && l[0] == '/' && g_str_has_prefix(l, "/sys/class/sound/hwC"))
			i = read_init_pins(f, i);
	}
	if (open) {
		cur.end = f->n_lines;
		g_array_append_val(f->sections, cur);
	}
}

EmuCodecDump *emu_codec_dump_open(const char *path, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *text = NULL;
	DumpFile *f;
	gsize len;
	GPtrArray *lines;
	char *p;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		g_set_error(error, G_FILE_ERROR, err->code, "cannot read codec dump: %s",
			    err->message);
		return NULL;
	}
	f = g_new0(DumpFile, 1);
	f->path = g_strdup(path);
	f->text = g_steal_pointer(&text);
	lines = g_ptr_array_new();
	for (p = f->text; p < f->text + len;) {
		char *nl = memchr(p, '\n', f->text + len - p);
		char *end = nl ? nl : f->text + len;

		if (end > p && end[-1] == '\r')
			end[-1] = 0;
		*end = 0;  /* at the end of the text: g_file_get_contents' own NUL */
		g_ptr_array_add(lines, p);  /* a NUL byte inside a line cuts it short */
		p = end + 1;
	}
	f->n_lines = lines->len;
	f->lines = (char **)g_ptr_array_free(lines, FALSE);
	scan(f);
	return f;
}

unsigned emu_codec_dump_count(const EmuCodecDump *f)
{
	return f->sections->len;
}

int emu_codec_dump_sections(const char *path, GError **error)
{
	EmuCodecDump *f = emu_codec_dump_open(path, error);
	int n;

	if (!f)
		return -1;
	n = (int)emu_codec_dump_count(f);
	emu_codec_dump_close(f);
	return n;
}

/* The "Address: N" of a section, -1 when it has none. */
static int section_address(const DumpFile *f, const Section *s)
{
	unsigned addr;

	for (unsigned i = s->start; i < s->end; i++)
		if (sscanf(f->lines[i], "Address: %u", &addr) == 1)
			return (int)addr;
	return -1;
}

/*
 * alsa-info lists init_pin_configs per card and codec address; the codec
 * sections come card after card, addresses rising within a card.  The
 * section's card is the n-th card named in the sysfs blocks, n counting
 * the address drops before it.  Only pin widgets take a value.
 */
static void apply_init_pins(EmuCodec *c, DumpFile *f, unsigned index, const int *addrs,
			    const char *path, bool as_dumped)
{
	unsigned group = 0, card;

	for (unsigned i = 1; i <= index; i++)
		if (addrs[i] <= addrs[i - 1])
			group++;
	if (group >= f->cards->len || addrs[index] < 0)
		return;
	card = g_array_index(f->cards, unsigned, group);
	for (unsigned i = 0; i < f->init_pins->len; i++) {
		const InitPin *p = &g_array_index(f->init_pins, InitPin, i);
		EmuCodecNode *n = p->nid < EMU_CODEC_NIDS ? c->node[p->nid] : NULL;

		if (p->card != card || p->addr != (unsigned)addrs[index])
			continue;
		if (!n)
			continue;  /* a pin of a function group the dump does not detail (modem) */
		if (p->nid == c->afg || AC_WCAP_TYPE(n->param[AC_PAR_AUDIO_WIDGET_CAP]) != AC_WID_PIN) {
			emu_codec_dump_warn(c, path, 0,
					    "init_pin_configs of hwC%uD%u: 0x%02x is not a pin",
					    p->card, p->addr, p->nid);
			continue;
		}
		c->init_pins++;
		if (n->st.reg[EMU_REG_CONFIG] != p->config)
			c->init_pins_differ++;
		if (!as_dumped)
			n->st.reg[EMU_REG_CONFIG] = n->init.reg[EMU_REG_CONFIG] = p->config;
	}
}

EmuCodec *emu_codec_dump_codec(EmuCodecDump *f, int index, unsigned flags, GError **error)
{
	const char *path = f->path;
	g_autofree int *addrs = NULL;
	unsigned n = f->sections->len;
	EmuCodec *c;

	if (!n) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "codec dump %s has no \"Codec:\" section: expected the text of "
			    "/proc/asound/cardN/codec#M, or alsa-info output holding it", path);
		return NULL;
	}
	if (index < 0 || (unsigned)index >= n) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "codec dump %s has %u codec section%s: #%d does not exist "
			    "(use #0 to #%u)", path, n, n == 1 ? "" : "s", index, n - 1);
		return NULL;
	}
	{
		const Section *s = &g_array_index(f->sections, Section, index);

		c = emu_codec_dump_parse(f->lines + s->start, s->end - s->start, path,
					 s->start + 1, NULL);
	}
	/* The addresses of the sections up to this one give the card grouping. */
	addrs = g_new(int, index + 1);
	for (int i = 0; i <= index; i++)
		addrs[i] = section_address(f, &g_array_index(f->sections, Section, i));
	if (f->init_pins->len)
		apply_init_pins(c, f, index, addrs, path, flags & EMU_CODEC_PINS_AS_DUMPED);
	c->sections = n;
	c->section = index;
	return c;
}

EmuCodec *emu_codec_dump_load(const char *path, int index, unsigned flags, GError **error)
{
	EmuCodecDump *f = emu_codec_dump_open(path, error);
	EmuCodec *c;

	if (!f)
		return NULL;
	c = emu_codec_dump_codec(f, index, flags, error);
	emu_codec_dump_close(f);
	return c;
}
