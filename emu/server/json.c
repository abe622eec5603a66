// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - just enough JSON (RFC 8259) for the VERSION capabilities:
 * a validating recursive-descent reader that records the members of
 * "capabilities" we know and skips everything else.
 */
#include "server-priv.h"

#include <string.h>

#define MAX_DEPTH 32

typedef struct {
	const char *start, *p, *end;
	GError **error;
} Reader;

typedef enum { CTX_TOP, CTX_CAPS, CTX_TWIN, CTX_OTHER } Ctx;

static gboolean fail(Reader *r, const char *what)
{
	g_set_error(r->error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		    "malformed VERSION JSON: %s at offset %td", what, r->p - r->start);
	return FALSE;
}

static void ws(Reader *r)
{
	while (r->p < r->end && strchr(" \t\r\n", *r->p) && *r->p)
		r->p++;
}

static gboolean lit(Reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return fail(r, "unknown literal");
	r->p += n;
	return TRUE;
}

/* A string; its raw text (escapes kept) goes to @out when not NULL. */
static gboolean string(Reader *r, GString *out)
{
	if (r->p >= r->end || *r->p != '"')
		return fail(r, "string expected");
	r->p++;
	while (r->p < r->end && *r->p != '"') {
		if ((unsigned char)*r->p < 0x20)
			return fail(r, "control character in a string");
		if (*r->p == '\\') {
			if (++r->p >= r->end)
				break;
			if (*r->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (r->p + i >= r->end || !g_ascii_isxdigit(r->p[i]))
						return fail(r, "bad \\u escape");
				r->p += 4;
			} else if (!strchr("\"\\/bfnrt", *r->p) || !*r->p) {
				return fail(r, "bad escape");
			}
			if (out)
				g_string_append_c(out, '\\');
		}
		if (out)
			g_string_append_c(out, *r->p);
		r->p++;
	}
	if (r->p >= r->end)
		return fail(r, "unterminated string");
	r->p++;
	return TRUE;
}

/* A number; *@u gets it when it is a non-negative integer that fits. */
static gboolean number(Reader *r, uint64_t *u, gboolean *is_uint)
{
	const char *start = r->p;
	gboolean neg = FALSE, frac = FALSE, overflow = FALSE;
	uint64_t v = 0;

	if (r->p < r->end && *r->p == '-') {
		neg = TRUE;
		r->p++;
	}
	if (r->p >= r->end || !g_ascii_isdigit(*r->p))
		return fail(r, "number expected");
	while (r->p < r->end && g_ascii_isdigit(*r->p)) {
		unsigned d = *r->p++ - '0';

		if (v > (G_MAXUINT64 - d) / 10)
			overflow = TRUE;
		v = v * 10 + d;
	}
	if (r->p < r->end && *r->p == '.') {
		frac = TRUE;
		r->p++;
		if (r->p >= r->end || !g_ascii_isdigit(*r->p))
			return fail(r, "digits expected after '.'");
		while (r->p < r->end && g_ascii_isdigit(*r->p))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		frac = TRUE;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || !g_ascii_isdigit(*r->p))
			return fail(r, "digits expected in an exponent");
		while (r->p < r->end && g_ascii_isdigit(*r->p))
			r->p++;
	}
	*is_uint = !neg && !frac && !overflow && r->p > start;
	*u = v;
	return TRUE;
}

static gboolean value(Reader *r, int depth, Ctx ctx, const char *key, EmuPeerCaps *caps);

static gboolean object(Reader *r, int depth, Ctx ctx, EmuPeerCaps *caps)
{
	r->p++; /* '{' */
	ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return TRUE;
	}
	for (;;) {
		g_autoptr(GString) key = g_string_new(NULL);

		ws(r);
		if (!string(r, key))
			return FALSE;
		ws(r);
		if (r->p >= r->end || *r->p != ':')
			return fail(r, "':' expected");
		r->p++;
		if (!value(r, depth + 1, ctx, key->str, caps))
			return FALSE;
		ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return TRUE;
		}
		return fail(r, "',' or '}' expected");
	}
}

static gboolean array(Reader *r, int depth, EmuPeerCaps *caps)
{
	r->p++; /* '[' */
	ws(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return TRUE;
	}
	for (;;) {
		if (!value(r, depth + 1, CTX_OTHER, NULL, caps))
			return FALSE;
		ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return TRUE;
		}
		return fail(r, "',' or ']' expected");
	}
}

/* Record a known capability; values of another type are ignored. */
static void record_uint(Ctx ctx, const char *key, uint64_t v, EmuPeerCaps *caps)
{
	if (ctx != CTX_CAPS)
		return;
	if (!strcmp(key, "max_msg_fds"))
		caps->max_msg_fds = v;
	else if (!strcmp(key, "max_data_xfer_size"))
		caps->max_data_xfer_size = v;
	else if (!strcmp(key, "pgsizes"))
		caps->pgsizes = v;
	else if (!strcmp(key, "max_dma_maps"))
		caps->max_dma_maps = v;
}

static void record_bool(Ctx ctx, const char *key, gboolean v, EmuPeerCaps *caps)
{
	if (ctx == CTX_CAPS && !strcmp(key, "write_multiple"))
		caps->write_multiple = v;
	else if (ctx == CTX_TWIN && !strcmp(key, "supported"))
		caps->twin_socket = v;
}

static gboolean value(Reader *r, int depth, Ctx ctx, const char *key, EmuPeerCaps *caps)
{
	uint64_t u;
	gboolean is_uint;

	if (depth > MAX_DEPTH)
		return fail(r, "nested too deep");
	ws(r);
	if (r->p >= r->end)
		return fail(r, "value expected");
	switch (*r->p) {
	case '{': {
		Ctx inner = CTX_OTHER;

		if (ctx == CTX_TOP && depth == 0)
			inner = CTX_TOP;
		else if (ctx == CTX_TOP && key && !strcmp(key, "capabilities"))
			inner = CTX_CAPS;
		else if (ctx == CTX_CAPS && key && !strcmp(key, "twin_socket"))
			inner = CTX_TWIN;
		return object(r, depth, inner, caps);
	}
	case '[':
		return array(r, depth, caps);
	case '"':
		return string(r, NULL);
	case 't':
		if (!lit(r, "true"))
			return FALSE;
		if (key)
			record_bool(ctx, key, TRUE, caps);
		return TRUE;
	case 'f':
		if (!lit(r, "false"))
			return FALSE;
		if (key)
			record_bool(ctx, key, FALSE, caps);
		return TRUE;
	case 'n':
		return lit(r, "null");
	default:
		if (!number(r, &u, &is_uint))
			return FALSE;
		if (key && is_uint)
			record_uint(ctx, key, u, caps);
		return TRUE;
	}
}

gboolean emu_json_parse_caps(const char *json, size_t len, EmuPeerCaps *caps, GError **error)
{
	Reader r = { json, json, json + len, error };

	ws(&r);
	if (r.p >= r.end) /* nothing but blanks: no capabilities */
		return TRUE;
	if (*r.p != '{')
		return fail(&r, "object expected");
	if (!value(&r, 0, CTX_TOP, NULL, caps))
		return FALSE;
	ws(&r);
	if (r.p != r.end)
		return fail(&r, "trailing characters");
	return TRUE;
}
