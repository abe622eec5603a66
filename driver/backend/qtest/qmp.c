// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qmp.c - the few QMP exchanges the backend needs: the capabilities
 * handshake, query-version, system_reset (waiting for its RESET event) and
 * quit.  QMP sends one JSON object per line; events may come in between and
 * are skipped unless waited for.  No JSON library: the replies we read are
 * fixed shapes.
 */
#define SV_LOG_PREFIX "qtest-qmp"
#include "sofvfio/log.h"
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

static gboolean is_event(const char *line, const char *name)
{
	g_autofree char *quoted = name ? g_strdup_printf("\"%s\"", name) : NULL;
	const char *ev = strstr(line, "\"event\"");

	return ev && (!name || strstr(ev, quoted));
}

/**
 * qt_qmp_command() - execute @cmd ("quit", "system_reset"...) without
 * arguments and wait for its return, and for the event @wait_event when not
 * NULL.  @reply (if not NULL) gets the return line.
 */
gboolean qt_qmp_command(QtDev *qt, const char *cmd, const char *wait_event, char **reply,
			int64_t timeout_us, GError **error)
{
	g_autofree char *line = g_strdup_printf("{\"execute\": \"%s\"}\n", cmd);
	int64_t deadline = sv_now_us() + (timeout_us ? timeout_us : QMP_TIMEOUT_US);
	gboolean have_return = FALSE, have_event = !wait_event, ok = FALSE;

	g_mutex_lock(&qt->qmp_lock);
	if (!qmp_write(qt, line, error))
		goto out;
	while (!have_return || !have_event) {
		g_autofree char *in = qmp_read_line(qt, deadline, error);

		if (!in)
			goto out;
		if (is_event(in, NULL)) {
			if (wait_event && is_event(in, wait_event))
				have_event = TRUE;
			sv_debug("%s: QMP event %s", qt->dev->name, in);
			continue;
		}
		if (strstr(in, "\"error\"")) {
			g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
				    "%s: QEMU refused QMP command %s: %s", qt->dev->name, cmd, in);
			goto out;
		}
		if (strstr(in, "\"return\"")) {
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
	g_autofree char *line = g_strdup_printf("{\"execute\": \"%s\"}\n", cmd);
	gboolean ok;

	g_mutex_lock(&qt->qmp_lock);
	ok = qmp_write(qt, line, error);
	g_mutex_unlock(&qt->qmp_lock);
	return ok;
}

static gboolean json_int(const char *s, const char *key, long *out)
{
	g_autofree char *k = g_strdup_printf("\"%s\":", key);
	const char *p = strstr(s, k);

	if (!p)
		return FALSE;
	*out = strtol(p + strlen(k), NULL, 10);
	return TRUE;
}

/* {"return": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian ..."}} */
static char *parse_version(const char *reply)
{
	long major, minor, micro;
	const char *pkg = strstr(reply, "\"package\":");
	g_autofree char *package = NULL;

	if (!json_int(reply, "major", &major) || !json_int(reply, "minor", &minor) ||
	    !json_int(reply, "micro", &micro))
		return g_strdup("unknown");
	if (pkg && (pkg = strchr(pkg + 10, '"'))) {
		const char *end = strchr(pkg + 1, '"');

		if (end && end > pkg + 1)
			package = g_strndup(pkg + 1, (gsize)(end - pkg - 1));
	}
	return package ? g_strdup_printf("%ld.%ld.%ld (%s)", major, minor, micro, package)
		       : g_strdup_printf("%ld.%ld.%ld", major, minor, micro);
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
	if (!strstr(greeting, "\"QMP\"")) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: QEMU's QMP socket greeted with '%s', not a QMP greeting",
			    qt->dev->name, greeting);
		return FALSE;
	}
	if (!qt_qmp_command(qt, "qmp_capabilities", NULL, NULL, 0, error) ||
	    !qt_qmp_command(qt, "query-version", NULL, &version, 0, error))
		return FALSE;
	qt->qemu_version = parse_version(version);
	qt->qmp_ready = TRUE;
	return TRUE;
}
