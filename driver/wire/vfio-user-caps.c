// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfio-user-caps.c - the capabilities object of VERSION messages, read and
 * written through json-glib (sofvfio/json.h): see sofvfio/vfio-user-wire.h.
 */
#include "sofvfio/error.h"
#include "sofvfio/json.h"
#include "sofvfio/vfio-user-wire.h"

#include <string.h>

static const struct {
	const char *key;
	size_t offset;
} numbers[] = {
	{ "max_msg_fds", G_STRUCT_OFFSET(VfuCaps, max_msg_fds) },
	{ "max_data_xfer_size", G_STRUCT_OFFSET(VfuCaps, max_data_xfer_size) },
	{ "pgsizes", G_STRUCT_OFFSET(VfuCaps, pgsizes) },
	{ "max_dma_maps", G_STRUCT_OFFSET(VfuCaps, max_dma_maps) },
};

static gboolean wrong(VfuCapsMode mode, GError **error, const char *key, const char *want)
{
	if (mode == VFU_CAPS_LENIENT)
		return TRUE;
	g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
		    "malformed JSON in the VERSION message: \"%s\" is not %s", key, want);
	return FALSE;
}

static gboolean read_uint(JsonObject *o, const char *key, uint64_t *out, VfuCapsMode mode,
			  GError **error)
{
	JsonNode *n = json_object_get_member(o, key);

	if (!n)
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64 ||
	    json_node_get_int(n) < 0)
		return wrong(mode, error, key, "a non-negative integer");
	*out = (uint64_t)json_node_get_int(n);
	return TRUE;
}

static gboolean read_bool(JsonObject *o, const char *key, const char *name, bool *out,
			  VfuCapsMode mode, GError **error)
{
	JsonNode *n = json_object_get_member(o, key);

	if (!n)
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN)
		return wrong(mode, error, name, "true or false");
	*out = json_node_get_boolean(n);
	return TRUE;
}

gboolean vfu_caps_parse(const char *json, size_t len, VfuCaps *caps, VfuCapsMode mode,
			GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	JsonObject *top, *c;
	JsonNode *n;

	while (len && json[len - 1] == '\0')
		len--;
	root = sv_json_parse(json, (gssize)len, "the VERSION message", SV_ERROR_PROTOCOL, error);
	if (!root)
		return FALSE;
	if (JSON_NODE_HOLDS_NULL(root))
		return TRUE; /* no JSON: all defaults */
	if (!JSON_NODE_HOLDS_OBJECT(root))
		return wrong(VFU_CAPS_STRICT, error, "the VERSION JSON", "an object");
	top = json_node_get_object(root);
	n = json_object_get_member(top, "capabilities");
	if (!n)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT(n))
		return wrong(mode, error, "capabilities", "an object");
	c = json_node_get_object(n);
	for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++)
		if (!read_uint(c, numbers[i].key, G_STRUCT_MEMBER_P(caps, numbers[i].offset), mode,
			       error))
			return FALSE;
	if (!read_bool(c, "write_multiple", "write_multiple", &caps->write_multiple, mode, error))
		return FALSE;
	n = json_object_get_member(c, "twin_socket");
	if (n && !JSON_NODE_HOLDS_OBJECT(n))
		return wrong(mode, error, "twin_socket", "an object");
	if (n && !read_bool(json_node_get_object(n), "supported", "twin_socket.supported",
			    &caps->twin_socket, mode, error))
		return FALSE;
	return TRUE;
}

char *vfu_caps_write(const VfuCaps *caps)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "capabilities");
	json_builder_begin_object(b);
	for (size_t i = 0; i < G_N_ELEMENTS(numbers); i++) {
		uint64_t v = G_STRUCT_MEMBER(uint64_t, caps, numbers[i].offset);

		if (!v)
			continue;
		json_builder_set_member_name(b, numbers[i].key);
		json_builder_add_int_value(b, (gint64)v);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	return sv_json_builder_write(b, FALSE);
}
