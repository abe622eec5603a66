// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - json-glib with errors that name what and where: see
 * sofvfio/json.h.
 */
#include "sofvfio/error.h"
#include "sofvfio/json.h"

#include <stdio.h>
#include <string.h>

JsonNode *sv_json_parse(const char *text, gssize len, const char *what, int code,
			GError **error)
{
	g_autoptr(JsonParser) p = json_parser_new_immutable();
	g_autoptr(GError) err = NULL;
	size_t n = len < 0 ? strlen(text) : (size_t)len;
	unsigned line = 1, col = 1;
	JsonNode *root;

	/* A raw control character is never JSON (RFC 8259: strings escape them,
	 * and only blanks separate tokens); json-glib takes some in strings. */
	for (size_t i = 0; i < n; i++, col++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			line++;
			col = 0;
		} else if (c < 0x20 && c != '\t' && c != '\r') {
			g_set_error(error, SV_ERROR, code,
				    "malformed JSON in %s at line %u, column %u: control character "
				    "0x%02x (write it as \\u%04x)", what, line, col, c, c);
			return NULL;
		}
	}
	if (!json_parser_load_from_data(p, text, (gssize)n, &err)) {
		int at = 0;

		/* json-glib says "<data>:LINE:COL: Parse error: REASON". */
		if (sscanf(err->message, "<data>:%u:%u: Parse error: %n", &line, &col, &at) == 2 &&
		    at > 0)
			g_set_error(error, SV_ERROR, code,
				    "malformed JSON in %s at line %u, column %u: %s", what, line,
				    col, err->message + at);
		else
			g_set_error(error, SV_ERROR, code, "malformed JSON in %s: %s", what,
				    err->message);
		return NULL;
	}
	root = json_parser_get_root(p);
	return root ? json_node_ref(root) : json_node_new(JSON_NODE_NULL);
}

char *sv_json_write(JsonNode *root, gboolean pretty)
{
	g_autoptr(JsonGenerator) g = json_generator_new();

	json_generator_set_pretty(g, pretty);
	json_generator_set_indent(g, 2);
	json_generator_set_root(g, root);
	return json_generator_to_data(g, NULL);
}

char *sv_json_builder_write(JsonBuilder *b, gboolean pretty)
{
	g_autoptr(JsonNode) root = json_builder_get_root(b);

	return sv_json_write(root, pretty);
}

void sv_json_add_string(JsonBuilder *b, const char *str)
{
	if (str)
		json_builder_add_string_value(b, str);
	else
		json_builder_add_null_value(b);
}

void sv_json_member_string(JsonBuilder *b, const char *name, const char *str)
{
	json_builder_set_member_name(b, name);
	sv_json_add_string(b, str);
}

void sv_json_member_int(JsonBuilder *b, const char *name, gint64 v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, v);
}

JsonObject *sv_json_get_object(JsonObject *o, const char *key)
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;

	return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

const char *sv_json_get_string(JsonObject *o, const char *key)
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;

	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(n);
}

gboolean sv_json_get_int(JsonObject *o, const char *key, gint64 *out)
{
	JsonNode *n = o ? json_object_get_member(o, key) : NULL;

	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
		return FALSE;
	*out = json_node_get_int(n);
	return TRUE;
}
