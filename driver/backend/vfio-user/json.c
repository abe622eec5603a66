// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - just enough JSON (RFC 8259) to read a VERSION message's
 * capabilities: {"capabilities":{"max_msg_fds":N,"max_data_xfer_size":N,
 * "pgsizes":N,"max_dma_maps":N,"twin_socket":{...},"write_multiple":B}}.
 *
 * Lenient in what it accepts (vfio-user.rst: peers add keys over time):
 * any whitespace, unknown keys with any value (nested objects and arrays
 * included), keys in any order.  It still refuses text that is not JSON,
 * and a known key whose value has the wrong type, because guessing there
 * would make us send messages the server cannot take.
 */
#include "vfio-user.h"

#include <string.h>

#define MAX_DEPTH 32

typedef struct {
	const char *p, *end;
	GError **error;
} Cursor;

static gboolean fail(Cursor *c, const char *what)
{
	if (c->error && !*c->error)
		g_set_error(c->error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "malformed JSON in the VERSION reply: %s", what);
	return FALSE;
}

static void skip_ws(Cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static gboolean expect(Cursor *c, char ch)
{
	skip_ws(c);
	if (c->p >= c->end || *c->p != ch) {
		char msg[32];

		g_snprintf(msg, sizeof(msg), "expected '%c'", ch);
		return fail(c, msg);
	}
	c->p++;
	return TRUE;
}

/* A string; its raw bytes (escapes left as they are) into @out when not NULL. */
static gboolean parse_string(Cursor *c, GString *out)
{
	if (!expect(c, '"'))
		return FALSE;
	while (c->p < c->end && *c->p != '"') {
		if ((unsigned char)*c->p < 0x20)
			return fail(c, "control character in a string");
		if (*c->p == '\\') {
			if (out)
				g_string_append_c(out, *c->p);
			c->p++;
			if (c->p >= c->end)
				break;
		}
		if (out)
			g_string_append_c(out, *c->p);
		c->p++;
	}
	if (c->p >= c->end)
		return fail(c, "unterminated string");
	c->p++;
	return TRUE;
}

/* A number; *@is_uint tells whether it is a plain non-negative integer that fits 64 bits. */
static gboolean parse_number(Cursor *c, uint64_t *val, bool *is_uint)
{
	const char *start = c->p;
	bool uint_ok = true;
	uint64_t v = 0;

	if (c->p < c->end && *c->p == '-') {
		uint_ok = false;
		c->p++;
	}
	if (c->p >= c->end || !g_ascii_isdigit(*c->p))
		return fail(c, "bad number");
	while (c->p < c->end && g_ascii_isdigit(*c->p)) {
		unsigned d = (unsigned)(*c->p - '0');

		if (v > (UINT64_MAX - d) / 10)
			uint_ok = false;
		v = v * 10 + d;
		c->p++;
	}
	if (c->p < c->end && *c->p == '.') {
		uint_ok = false;
		c->p++;
		if (c->p >= c->end || !g_ascii_isdigit(*c->p))
			return fail(c, "bad fraction");
		while (c->p < c->end && g_ascii_isdigit(*c->p))
			c->p++;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		uint_ok = false;
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (c->p >= c->end || !g_ascii_isdigit(*c->p))
			return fail(c, "bad exponent");
		while (c->p < c->end && g_ascii_isdigit(*c->p))
			c->p++;
	}
	*val = v;
	*is_uint = uint_ok && c->p > start;
	return TRUE;
}

static gboolean match_word(Cursor *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n))
		return fail(c, "unknown literal");
	c->p += n;
	return TRUE;
}

static gboolean skip_value(Cursor *c, int depth);

/*
 * Walk an object: @member is called with each key (cursor on its value)
 * and must consume the value.
 */
typedef gboolean (*MemberFunc)(Cursor *c, const char *key, void *data, int depth);

static gboolean parse_object(Cursor *c, MemberFunc member, void *data, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(c, "nested too deeply");
	if (!expect(c, '{'))
		return FALSE;
	skip_ws(c);
	if (c->p < c->end && *c->p == '}') {
		c->p++;
		return TRUE;
	}
	for (;;) {
		g_autoptr(GString) key = g_string_new(NULL);

		if (!parse_string(c, key) || !expect(c, ':'))
			return FALSE;
		skip_ws(c);
		if (!member(c, key->str, data, depth + 1))
			return FALSE;
		skip_ws(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		return expect(c, '}');
	}
}

static gboolean skip_member(Cursor *c, const char *key, void *data, int depth)
{
	return skip_value(c, depth);
}

static gboolean skip_value(Cursor *c, int depth)
{
	uint64_t v;
	bool u;

	if (depth > MAX_DEPTH)
		return fail(c, "nested too deeply");
	skip_ws(c);
	if (c->p >= c->end)
		return fail(c, "value missing");
	switch (*c->p) {
	case '{':
		return parse_object(c, skip_member, NULL, depth);
	case '[':
		c->p++;
		skip_ws(c);
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			return TRUE;
		}
		for (;;) {
			if (!skip_value(c, depth + 1))
				return FALSE;
			skip_ws(c);
			if (c->p < c->end && *c->p == ',') {
				c->p++;
				continue;
			}
			return expect(c, ']');
		}
	case '"':
		return parse_string(c, NULL);
	case 't':
		return match_word(c, "true");
	case 'f':
		return match_word(c, "false");
	case 'n':
		return match_word(c, "null");
	default:
		return parse_number(c, &v, &u);
	}
}

static gboolean parse_uint(Cursor *c, const char *key, uint64_t *out)
{
	bool is_uint;

	skip_ws(c);
	if (c->p >= c->end || !(g_ascii_isdigit(*c->p) || *c->p == '-')) {
		g_autofree char *m = g_strdup_printf("\"%s\" is not a number", key);

		return fail(c, m);
	}
	if (!parse_number(c, out, &is_uint))
		return FALSE;
	if (!is_uint) {
		g_autofree char *m = g_strdup_printf("\"%s\" is not a non-negative integer", key);

		return fail(c, m);
	}
	return TRUE;
}

static gboolean parse_bool(Cursor *c, const char *key, bool *out)
{
	skip_ws(c);
	if (c->p < c->end && *c->p == 't') {
		*out = true;
		return match_word(c, "true");
	}
	if (c->p < c->end && *c->p == 'f') {
		*out = false;
		return match_word(c, "false");
	}
	{
		g_autofree char *m = g_strdup_printf("\"%s\" is not true or false", key);

		return fail(c, m);
	}
}

static gboolean twin_member(Cursor *c, const char *key, void *data, int depth)
{
	if (!strcmp(key, "supported"))
		return parse_bool(c, "twin_socket.supported", data);
	return skip_value(c, depth);
}

static gboolean caps_member(Cursor *c, const char *key, void *data, int depth)
{
	VfuCaps *caps = data;
	static const struct {
		const char *key;
		size_t offset;
	} numbers[] = {
		{ "max_msg_fds", G_STRUCT_OFFSET(VfuCaps, max_msg_fds) },
		{ "max_data_xfer_size", G_STRUCT_OFFSET(VfuCaps, max_data_xfer_size) },
		{ "pgsizes", G_STRUCT_OFFSET(VfuCaps, pgsizes) },
		{ "max_dma_maps", G_STRUCT_OFFSET(VfuCaps, max_dma_maps) },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++)
		if (!strcmp(key, numbers[i].key))
			return parse_uint(c, key, G_STRUCT_MEMBER_P(caps, numbers[i].offset));
	if (!strcmp(key, "write_multiple"))
		return parse_bool(c, key, &caps->write_multiple);
	if (!strcmp(key, "twin_socket")) {
		skip_ws(c);
		if (c->p >= c->end || *c->p != '{')
			return fail(c, "\"twin_socket\" is not an object");
		return parse_object(c, twin_member, &caps->twin_socket, depth);
	}
	return skip_value(c, depth);
}

static gboolean top_member(Cursor *c, const char *key, void *data, int depth)
{
	if (!strcmp(key, "capabilities")) {
		skip_ws(c);
		if (c->p >= c->end || *c->p != '{')
			return fail(c, "\"capabilities\" is not an object");
		return parse_object(c, caps_member, data, depth);
	}
	return skip_value(c, depth);
}

/**
 * vfu_json_parse_caps() - read the capabilities of a VERSION message.
 * @json: the JSON text (need not be NUL-terminated)
 * @len: its length, trailing NULs allowed
 * @caps: holds the defaults on entry; keys present overwrite them
 * @error: SV_ERROR_PROTOCOL for text that is not JSON or a known key of the
 *         wrong type
 */
gboolean vfu_json_parse_caps(const char *json, size_t len, VfuCaps *caps, GError **error)
{
	Cursor c = { json, json + len, error };

	while (c.end > c.p && c.end[-1] == '\0')
		c.end--;
	skip_ws(&c);
	if (c.p == c.end)
		return TRUE; /* no JSON: all defaults */
	if (!parse_object(&c, top_member, caps, 0))
		return FALSE;
	skip_ws(&c);
	if (c.p != c.end)
		return fail(&c, "text after the object");
	return TRUE;
}
