// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-read.c - reading values out of codec dump lines, and the
 * warning count of a dump.
 */
#include "codec-dump-ctx.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

void emu_codec_dump_warn(EmuCodec *c, const char *path, unsigned line, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	c->warnings++;
	g_log(EMU_CODEC_LOG_DOMAIN, G_LOG_LEVEL_DEBUG, "%s:%u: %s", path, line, msg);
	if (!c->first_warning)
		c->first_warning = g_strdup_printf("%s:%u: %s", path, line, msg);
}

uint32_t *dump_flags_of(Ctx *x, EmuCodecNode *n)
{
	return n == x->afg ? &x->afg_flags : &x->seen[n->nid];
}

/* An unsigned number at *p (base 0: "0x.." hex, else decimal; base 16 with or without 0x). */
bool dump_read_num(const char **p, int base, uint32_t *out)
{
	const char *s = *p;
	char *end;
	unsigned long long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!isxdigit((unsigned char)*s))
		return false;
	v = g_ascii_strtoull(s, &end, base);
	if (end == s || v > G_MAXUINT32)
		return false;
	*out = (uint32_t)v;
	*p = end;
	return true;
}

/* "key=value" (or "key = value") anywhere in @s, the key starting a word. */
bool dump_read_kv(const char *s, const char *key, int base, uint32_t *out)
{
	size_t len = strlen(key);

	for (const char *p = strstr(s, key); p; p = strstr(p + 1, key)) {
		const char *v = p + len;

		if (p != s && p[-1] != ' ' && p[-1] != ',' && p[-1] != '\t')
			continue;
		while (*v == ' ')
			v++;
		if (*v != '=')
			continue;
		v++;
		return dump_read_num(&v, base, out);
	}
	return false;
}

bool dump_has_word(const char *s, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = strstr(s, word); p; p = strstr(p + 1, word))
		if ((p == s || p[-1] == ' ') && (p[len] == 0 || p[len] == ' ' || p[len] == ','))
			return true;
	return false;
}

/* "ofs=0x00, nsteps=0x1f, stepsize=0x05, mute=1" or "N/A" (caps 0 or no answer). */
bool dump_read_amp_caps(const char *s, uint32_t *caps)
{
	uint32_t ofs, nsteps, size, mute;

	if (g_str_has_prefix(s, "N/A")) {
		*caps = 0;
		return true;
	}
	if (!dump_read_kv(s, "ofs", 16, &ofs) || !dump_read_kv(s, "nsteps", 16, &nsteps) ||
	    !dump_read_kv(s, "stepsize", 16, &size) || !dump_read_kv(s, "mute", 16, &mute))
		return false;
	*caps = (ofs & 0x7f) | (nsteps & 0x7f) << 8 | (size & 0x7f) << 16 | (mute ? AC_AMPCAP_MUTE : 0);
	return true;
}

