// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qmp.c - the few QMP exchanges the backend needs: the capabilities
 * handshake, query-version, system_reset (waiting for its RESET event) and
 * quit.  QMP sends one JSON object per line; events may come in between and
 * are skipped unless waited for.  Commands are written and replies read
 * through json-glib (sofvfio/json.h).
 */
#define SV_LOG_PREFIX "qtest-qmp"
#include "sofvfio/log.h"
#include "sofvfio/json.h"
#include "sofvfio/wait.h"
#include "qtest.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define QMP_TIMEOUT_US (10 * G_USEC_PER_SEC)

static gboolean qmp_write(QtDev *qt, const char *line, GError **error)
{
	size_t len = strlen(line), off = 0;

	while (off < len) {
		ssize_t n = send(qt->qmp_fd, line + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno == EPIPE || errno == ECONNRESET) {
				qt_reap(qt, G_USEC_PER_SEC);
				qt_set_crashed_error(qt, error, "QMP");
			} else {
				sv_set_error_errno(error, errno, "%s: writing to QEMU's QMP socket",
						   qt->dev->name);
			}
			return FALSE;
		}
		off += (size_t)n;
	}
	return TRUE;
}

/* Next line from QMP, at most until @deadline. */
static char *qmp_read_line(QtDev *qt, int64_t deadline, GError **error)
{
	for (;;) {
		char *nl = memchr(qt->qmp_buf->str, '\n', qt->qmp_buf->len);
		struct pollfd p = { .fd = qt->qmp_fd, .events = POLLIN };
		char buf[4096];
		ssize_t n;
		int r;

		if (nl) {
			char *line = g_strndup(qt->qmp_buf->str, (gsize)(nl - qt->qmp_buf->str));

			g_string_erase(qt->qmp_buf, 0, nl - qt->qmp_buf->str + 1);
			return line;
		}
		r = sv_poll_until(&p, 1, deadline);
		if (r == 0) {
			g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
				    "%s: QEMU's QMP monitor did not answer in time", qt->dev->name);
			return NULL;
		}
		if (r < 0) {
			sv_set_error_errno(error, errno, "%s: waiting for QEMU's QMP monitor",
					   qt->dev->name);
			return NULL;
		}
		n = read(qt->qmp_fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			qt_reap(qt, G_USEC_PER_SEC);
			qt_set_crashed_error(qt, error, "QMP");
			return NULL;
		}
		g_string_append_len(qt->qmp_buf, buf, n);
	}
}

/* {"execute": "CMD"} and its newline. */
static char *command_line(const char *cmd)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	g_autofree char *text = NULL;

	json_builder_begin_object(b);
	sv_json_member_string(b, "execute", cmd);
	json_builder_end_object(b);
	text = sv_json_builder_write(b, FALSE);
	return g_strconcat(text, "\n", NULL);
}

/* One line from QMP as an object; NULL with an error naming the line otherwise. */
static JsonObject *parse_line(QtDev *qt, const char *line, JsonNode **root, GError **error)
{
	*root = sv_json_parse(line, -1, "a line from QEMU's QMP monitor", SV_ERROR_PROTOCOL, error);
	if (!*root)
		return NULL;
	if (!JSON_NODE_HOLDS_OBJECT(*root)) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: QEMU's QMP monitor sent '%s', not a JSON object", qt->dev->name,
			    line);
		return NULL;
	}
	return json_node_get_object(*root);
}

/**
 * qt_qmp_command() - execute @cmd ("quit", "system_reset"...) without
 * arguments and wait for its return, and for the event @wait_event when not
 * NULL.  @reply (if not NULL) gets the return line.
 */
gboolean qt_qmp_command(QtDev *qt, const char *cmd, const char *wait_event, char **reply,
			int64_t timeout_us, GError **error)
{
	g_autofree char *line = command_line(cmd);
	int64_t deadline = sv_now_us() + (timeout_us ? timeout_us : QMP_TIMEOUT_US);
	gboolean have_return = FALSE, have_event = !wait_event, ok = FALSE;

	g_mutex_lock(&qt->qmp_lock);
	if (!qmp_write(qt, line, error))
		goto out;
	while (!have_return || !have_event) {
		g_autofree char *in = qmp_read_line(qt, deadline, error);
		g_autoptr(JsonNode) root = NULL;
		JsonObject *o;

		if (!in)
			goto out;
		o = parse_line(qt, in, &root, error);
		if (!o)
			goto out;
		if (json_object_has_member(o, "event")) {
			if (wait_event &&
			    !g_strcmp0(sv_json_get_string(o, "event"), wait_event))
				have_event = TRUE;
			sv_debug("%s: QMP event %s", qt->dev->name, in);
			continue;
		}
		if (json_object_has_member(o, "error")) {
			g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
				    "%s: QEMU refused QMP command %s: %s", qt->dev->name, cmd, in);
			goto out;
		}
		if (json_object_has_member(o, "return")) {
			have_return = TRUE;
			if (reply) {
				g_free(*reply);
				*reply = g_steal_pointer(&in);
			}
		}
	}
	ok = TRUE;
out:
	g_mutex_unlock(&qt->qmp_lock);
	return ok;
}

/** qt_qmp_send() - send @cmd without waiting for anything (quit). */
gboolean qt_qmp_send(QtDev *qt, const char *cmd, GError **error)
{
	g_autofree char *line = command_line(cmd);
	gboolean ok;

	g_mutex_lock(&qt->qmp_lock);
	ok = qmp_write(qt, line, error);
	g_mutex_unlock(&qt->qmp_lock);
	return ok;
}

/* {"return": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian ..."}} */
static char *parse_version(QtDev *qt, const char *reply)
{
	g_autoptr(JsonNode) root = NULL;
	JsonObject *ret = sv_json_get_object(parse_line(qt, reply, &root, NULL), "return");
	JsonObject *q = sv_json_get_object(ret, "qemu");
	g_autofree char *v = NULL;
	gint64 major, minor, micro;
	const char *package;

	if (!q || !sv_json_get_int(q, "major", &major) || !sv_json_get_int(q, "minor", &minor) ||
	    !sv_json_get_int(q, "micro", &micro))
		return g_strdup("unknown");
	v = g_strdup_printf("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, major,
			    minor, micro);
	package = sv_json_get_string(ret, "package");
	return package && *package ? g_strdup_printf("%s (%s)", v, package) : g_steal_pointer(&v);
}

/* {"QMP": {"version": {...}, "capabilities": [...]}} */
static gboolean qmp_greeting(QtDev *qt, const char *line)
{
	g_autoptr(JsonNode) root = NULL;
	JsonObject *o = parse_line(qt, line, &root, NULL);

	return o && json_object_has_member(o, "QMP");
}

/**
 * qt_qmp_handshake() - read QMP's greeting, leave capabilities negotiation
 * mode and ask for QEMU's version.
 */
gboolean qt_qmp_handshake(QtDev *qt, GError **error)
{
	g_autofree char *greeting = NULL;
	g_autofree char *version = NULL;

	qt->qmp_buf = g_string_new(NULL);
	greeting = qmp_read_line(qt, sv_now_us() + QMP_TIMEOUT_US, error);
	if (!greeting)
		return FALSE;
	if (!qmp_greeting(qt, greeting)) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: QEMU's QMP socket greeted with '%s', not a QMP greeting",
			    qt->dev->name, greeting);
		return FALSE;
	}
	if (!qt_qmp_command(qt, "qmp_capabilities", NULL, NULL, 0, error) ||
	    !qt_qmp_command(qt, "query-version", NULL, &version, 0, error))
		return FALSE;
	qt->qemu_version = parse_version(qt, version);
	qt->qmp_ready = TRUE;
	return TRUE;
}
