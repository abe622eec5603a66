// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tracecanon.c - the canonical view of a device trace and the comparison of
 * two views; what is dropped and why is in tracecanon.h.
 */
#include "tracecanon.h"
#include "sofvfio/hda-regs.h"

#include <stdio.h>
#include <string.h>

#define UNKNOWN_SUFFIX " (unknown)"
#define SD_BASE 0x80u    /* stream descriptors: 0x80 + 0x20 n (spec 3.3.35) */
#define SD_SIZE 0x20u
#define SD_MAX 30u       /* GCAP's ISS + OSS + BSS is at most 30 */
#define SD_STS 0x03u     /* SDnSTS: byte 3 of the descriptor */
#define SD_BDPL 0x18u
#define SD_BDPU 0x1cu
#define PAGE_MASK 0xfffu

/* Address registers: the lower halves hold a DMA address plus flag bits. */
static const unsigned lower_regs[] = { HDA_CORBLBASE, HDA_RIRBLBASE, HDA_DPLBASE };
static const unsigned upper_regs[] = { HDA_CORBUBASE, HDA_RIRBUBASE, HDA_DPUBASE };

/* A parsed "mmio w<width> <offset> <value>" line. */
typedef struct {
	unsigned width, offset;
	guint64 value;
} MmioWrite;

static gboolean parse_mmio_write(const char *line, MmioWrite *w)
{
	char *end;

	if (!g_str_has_prefix(line, "mmio w"))
		return FALSE;
	line += strlen("mmio w");
	w->width = (unsigned)g_ascii_strtoull(line, &end, 10);
	if (end == line || *end != ' ')
		return FALSE;
	line = end + 1;
	w->offset = (unsigned)g_ascii_strtoull(line, &end, 16);
	if (end == line || *end != ' ')
		return FALSE;
	line = end + 1;
	w->value = g_ascii_strtoull(line, &end, 16);
	return end != line && !*end;
}

static gboolean in_sd(unsigned offset, unsigned *reg)
{
	if (offset < SD_BASE || offset >= SD_BASE + SD_MAX * SD_SIZE)
		return FALSE;
	*reg = (offset - SD_BASE) % SD_SIZE;
	return TRUE;
}

static gboolean is_lower(const MmioWrite *w)
{
	unsigned reg;

	if (w->width != 4)
		return FALSE;
	for (unsigned i = 0; i < G_N_ELEMENTS(lower_regs); i++)
		if (w->offset == lower_regs[i])
			return TRUE;
	return in_sd(w->offset, &reg) && reg == SD_BDPL;
}

static gboolean is_upper(const MmioWrite *w)
{
	unsigned reg;

	if (w->width != 4)
		return FALSE;
	for (unsigned i = 0; i < G_N_ELEMENTS(upper_regs); i++)
		if (w->offset == upper_regs[i])
			return TRUE;
	return in_sd(w->offset, &reg) && reg == SD_BDPU;
}

/* A write that covers an SDnSTS byte. */
static gboolean is_sdsts(const MmioWrite *w)
{
	unsigned reg;

	return in_sd(w->offset, &reg) && reg <= SD_STS && reg + w->width > SD_STS;
}

/* "dmaN+0xOFF" for a DMA address, N by the order pages first appear. */
static char *dma_name(GArray *pages, guint64 value)
{
	guint64 page = value & ~(guint64)PAGE_MASK;
	guint i;

	for (i = 0; i < pages->len; i++)
		if (g_array_index(pages, guint64, i) == page)
			break;
	if (i == pages->len)
		g_array_append_val(pages, page);
	return g_strdup_printf("dma%u+0x%03x", i, (unsigned)(value & PAGE_MASK));
}

static void push(GArray *view, char *text, unsigned raw_line)
{
	TraceLine l = { text, raw_line };

	g_array_append_val(view, l);
}

static void clear_line(gpointer p)
{
	g_free(((TraceLine *)p)->text);
}

GArray *trace_canon(const char *text)
{
	GArray *view = g_array_new(FALSE, FALSE, sizeof(TraceLine));
	g_autoptr(GArray) pages = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	gboolean last_sdsts = FALSE;

	g_array_set_clear_func(view, clear_line);
	for (unsigned i = 0; lines[i]; i++) {
		g_autofree char *line = g_strdup(lines[i]);
		size_t len = strlen(line);
		MmioWrite w;
		char *canon;

		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len)
			continue;
		if (g_str_has_suffix(line, UNKNOWN_SUFFIX))
			line[len - strlen(UNKNOWN_SUFFIX)] = '\0';
		if (g_str_has_prefix(line, "mmio r") || g_str_has_prefix(line, "cfg ") ||
		    g_str_has_prefix(line, "stream ") || g_str_has_prefix(line, "reset "))
			continue;
		if (!parse_mmio_write(line, &w)) {
			last_sdsts = FALSE;
			push(view, g_strdup(line), i + 1);
			continue;
		}
		if (is_lower(&w) && w.value) {
			g_autofree char *name = dma_name(pages, w.value);

			canon = g_strdup_printf("mmio w4 0x%04x %s", w.offset, name);
		} else if (is_upper(&w)) {
			canon = g_strdup_printf("mmio w4 0x%04x dma-upper", w.offset);
		} else {
			canon = g_strdup(line);
		}
		/* Period acknowledgements: one line for a run of the same write. */
		if (is_sdsts(&w) && last_sdsts &&
		    !strcmp(g_array_index(view, TraceLine, view->len - 1).text, canon)) {
			g_free(canon);
			continue;
		}
		last_sdsts = is_sdsts(&w);
		push(view, canon, i + 1);
	}
	return view;
}

void trace_canon_free(GArray *view)
{
	if (view)
		g_array_unref(view);
}

char *trace_compare(GArray *a, GArray *b, const char *name_a, const char *name_b,
		    unsigned *index)
{
	guint n = MIN(a->len, b->len), i;
	g_autofree char *la = NULL;
	g_autofree char *lb = NULL;

	for (i = 0; i < n; i++)
		if (strcmp(g_array_index(a, TraceLine, i).text, g_array_index(b, TraceLine, i).text))
			break;
	*index = i;
	if (i == n && a->len == b->len)
		return NULL;
	la = i < a->len ? g_strdup_printf("line %u: %s", g_array_index(a, TraceLine, i).raw_line,
					  g_array_index(a, TraceLine, i).text)
			: g_strdup_printf("end of trace (%u canonical lines)", a->len);
	lb = i < b->len ? g_strdup_printf("line %u: %s", g_array_index(b, TraceLine, i).raw_line,
					  g_array_index(b, TraceLine, i).text)
			: g_strdup_printf("end of trace (%u canonical lines)", b->len);
	return g_strdup_printf("first difference at canonical line %u:\n  %s %s\n  %s %s", i + 1,
			       name_a, la, name_b, lb);
}

unsigned trace_count_lines(const char *text)
{
	unsigned n = 0;
	const char *p;

	for (p = text; *p; p++)
		if (*p == '\n')
			n++;
	if (p > text && p[-1] != '\n')
		n++;
	return n;
}

char *trace_edit_line(const char *text, unsigned n, const char *with)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; lines[i]; i++) {
		if (!lines[i + 1] && !*lines[i])
			break;
		if (i + 1 == n) {
			if (with)
				g_string_append_printf(s, "%s\n", with);
			continue;
		}
		g_string_append_printf(s, "%s\n", lines[i]);
	}
	return g_string_free(s, FALSE);
}
