// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * json.c - json-glib with errors that name what and where: see
 * sofvfio/json.h.
 */
#include "sofvfio/error.h"
#include "sofvfio/json.h"

#include <stdio.h>

JsonNode *sv_json_parse(const char *text, gssize len, const char *what, int code,
			GError **error)
{
	g_autoptr(JsonParser) p = json_parser_new_immutable();
	g_autoptr(GError) err = NULL;
	JsonNode *root;

	if (!json_parser_load_from_data(p, text, len, &err)) {
		unsigned line, col;
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
