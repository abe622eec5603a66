// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - just enough JSON (RFC 8259) to read our own state files back,
 * and the string escaping the JSON writers share.  Strict: no trailing
 * commas, no comments; nesting is bounded.
 */
#include "sysfs-priv.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 16

void sv_json_append_string(GString *out, const char *str)
{
	if (!str) {
		g_string_append(out, "null");
		return;
	}
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\t': g_string_append(out, "\\t"); break;
		case '\r': g_string_append(out, "\\r"); break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

void json_node_free(JsonNode *n)
{
	if (!n)
		return;
	g_free(n->str);
	g_free(n->key);
	if (n->items)
		g_ptr_array_unref(n->items);
	g_free(n);
}

const JsonNode *json_get(const JsonNode *n, const char *key)
{
	if (!n || n->kind != JSON_OBJECT)
		return NULL;
	for (guint i = 0; i < n->items->len; i++) {
		const JsonNode *m = g_ptr_array_index(n->items, i);

		if (!strcmp(m->key, key))
			return m;
	}
	return NULL;
}

typedef struct {
	const char *text, *p;
	GError **error;
} Parser;

static gboolean fail(Parser *ps, const char *what)
{
	g_set_error(ps->error, SV_ERROR, SV_ERROR_INVAL, "JSON: %s at offset %ld", what,
		    (long)(ps->p - ps->text));
	return FALSE;
}

static void skip_ws(Parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static void append_utf8(GString *s, gunichar c)
{
	char buf[6];

	g_string_append_len(s, buf, g_unichar_to_utf8(c, buf));
}

static char *parse_string(Parser *ps)
{
	GString *s = g_string_new(NULL);

	ps->p++; /* the opening quote */
	while (*ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (!c || c < 0x20) {
			fail(ps, c ? "control character in a string" : "unterminated string");
			g_string_free(s, TRUE);
			return NULL;
		}
		if (c != '\\') {
			g_string_append_c(s, (char)c);
			ps->p++;
			continue;
		}
		ps->p++;
		switch (*ps->p) {
		case '"': case '\\': case '/': g_string_append_c(s, *ps->p); break;
		case 'n': g_string_append_c(s, '\n'); break;
		case 't': g_string_append_c(s, '\t'); break;
		case 'r': g_string_append_c(s, '\r'); break;
		case 'b': g_string_append_c(s, '\b'); break;
		case 'f': g_string_append_c(s, '\f'); break;
		case 'u': {
			gunichar u = 0;

			for (int i = 1; i <= 4; i++) {
				if (!g_ascii_isxdigit(ps->p[i])) {
					fail(ps, "bad \\u escape");
					g_string_free(s, TRUE);
					return NULL;
				}
				u = u * 16 + (gunichar)g_ascii_xdigit_value(ps->p[i]);
			}
			ps->p += 4;
			/* (surrogate pairs are not needed for our files: kept as U+FFFD) */
			append_utf8(s, (u >= 0xd800 && u <= 0xdfff) ? 0xfffd : u);
			break;
		}
		default:
			fail(ps, "bad escape");
			g_string_free(s, TRUE);
			return NULL;
		}
		ps->p++;
	}
	ps->p++;
	return g_string_free(s, FALSE);
}

static JsonNode *parse_value(Parser *ps, int depth);

static JsonNode *parse_container(Parser *ps, int depth, gboolean object)
{
	JsonNode *n = g_new0(JsonNode, 1);
	char close = object ? '}' : ']';

	n->kind = object ? JSON_OBJECT : JSON_ARRAY;
	n->items = g_ptr_array_new_with_free_func((GDestroyNotify)json_node_free);
	ps->p++;
	skip_ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return n;
	}
	for (;;) {
		g_autofree char *key = NULL;
		JsonNode *v;

		skip_ws(ps);
		if (object) {
			if (*ps->p != '"') {
				fail(ps, "expected a member name");
				goto err;
			}
			/* A bad string has said why, and moved ps->p: not a second error. */
			if (!(key = parse_string(ps)))
				goto err;
			skip_ws(ps);
			if (*ps->p != ':') {
				fail(ps, "expected ':'");
				goto err;
			}
			ps->p++;
		}
		v = parse_value(ps, depth + 1);
		if (!v)
			goto err;
		v->key = g_steal_pointer(&key);
		g_ptr_array_add(n->items, v);
		skip_ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			return n;
		}
		fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
		goto err;
	}
err:
	json_node_free(n);
	return NULL;
}

static JsonNode *parse_value(Parser *ps, int depth)
{
	JsonNode *n;

	if (depth > JSON_MAX_DEPTH) {
		fail(ps, "nested too deeply");
		return NULL;
	}
	skip_ws(ps);
	switch (*ps->p) {
	case '{':
		return parse_container(ps, depth, TRUE);
	case '[':
		return parse_container(ps, depth, FALSE);
	case '"': {
		char *s = parse_string(ps);

		if (!s)
			return NULL;
		n = g_new0(JsonNode, 1);
		n->kind = JSON_STRING;
		n->str = s;
		return n;
	}
	}
	n = g_new0(JsonNode, 1);
	if (g_str_has_prefix(ps->p, "null")) {
		n->kind = JSON_NULL;
		ps->p += 4;
	} else if (g_str_has_prefix(ps->p, "true")) {
		n->kind = JSON_BOOL;
		n->b = TRUE;
		ps->p += 4;
	} else if (g_str_has_prefix(ps->p, "false")) {
		n->kind = JSON_BOOL;
		ps->p += 5;
	} else if (*ps->p == '-' || g_ascii_isdigit(*ps->p)) {
		char *end;

		n->kind = JSON_NUMBER;
		n->num = g_ascii_strtod(ps->p, &end);
		if (end == ps->p) {
			g_free(n);
			fail(ps, "bad number");
			return NULL;
		}
		ps->p = end;
	} else {
		g_free(n);
		fail(ps, *ps->p ? "unexpected character" : "unexpected end");
		return NULL;
	}
	return n;
}

JsonNode *json_parse(const char *text, GError **error)
{
	Parser ps = { text, text, error };
	JsonNode *n = parse_value(&ps, 0);

	if (!n)
		return NULL;
	skip_ws(&ps);
	if (*ps.p) {
		fail(&ps, "trailing characters");
		json_node_free(n);
		return NULL;
	}
	return n;
}
