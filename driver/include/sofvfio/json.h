/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/json.h - JSON in the project goes through json-glib; these are
 * the two things every user needs around it: parse text with an error that
 * says what was parsed and where it went wrong, and write a built tree.  In
 * the base library (driver/core/json.c), which the mock links too.
 */
#ifndef SOFVFIO_JSON_H
#define SOFVFIO_JSON_H

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * sv_json_parse() - parse @text as one JSON value.
 * @text: the text (need not be NUL-terminated when @len >= 0)
 * @len: its length in bytes, or -1 when NUL-terminated
 * @what: what the text is, for the message ("the VERSION reply")
 * @code: the SV_ERROR code for malformed text
 * @error: "malformed JSON in WHAT at line L, column C: REASON"
 * Return: the root (json_node_unref() it), or NULL with @error set; text
 * of blanks only is no error and returns a JSON null node.
 */
JsonNode *sv_json_parse(const char *text, gssize len, const char *what, int code,
			GError **error);

/**
 * sv_json_write() - @root as text: indented by two spaces when @pretty,
 * on one line otherwise.  Return: a newly allocated string.
 */
char *sv_json_write(JsonNode *root, gboolean pretty);

/*
 * Typed members of an object, without GLib warnings when the member is
 * absent or of another type (@o may be NULL too): what a reader of
 * someone else's JSON needs.
 */
/** sv_json_get_object() - member @key when it is an object, NULL otherwise. */
JsonObject *sv_json_get_object(JsonObject *o, const char *key);
/** sv_json_get_string() - member @key when it is a string, NULL otherwise. */
const char *sv_json_get_string(JsonObject *o, const char *key);
/** sv_json_get_int() - member @key into @out when it is an integer; FALSE otherwise. */
gboolean sv_json_get_int(JsonObject *o, const char *key, gint64 *out);

/** sv_json_add_string() - add @str to @b as a string value, or null when NULL. */
void sv_json_add_string(JsonBuilder *b, const char *str);

/** sv_json_member_string() - member @name: @str, or null when NULL. */
void sv_json_member_string(JsonBuilder *b, const char *name, const char *str);
/** sv_json_member_int() - member @name: the integer @v. */
void sv_json_member_int(JsonBuilder *b, const char *name, gint64 v);

/** sv_json_builder_write() - the tree @b built, as sv_json_write() writes it. */
char *sv_json_builder_write(JsonBuilder *b, gboolean pretty);

G_END_DECLS

#endif
