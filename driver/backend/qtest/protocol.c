// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * protocol.c - the qtest line protocol (QEMU system/qtest.c): one command
 * line, one reply line ("OK [VALUE]" or "FAIL reason"); "IRQ raise N" /
 * "IRQ lower N" lines arrive whenever an intercepted line changes, before
 * any reply, and also when no command is in flight (a stream timer).
 *
 * So one I/O thread reads everything QEMU sends: it splits interrupt lines
 * out (irq.c), queues replies for the caller waiting in qt_cmd(), drains
 * QEMU's stderr, polls the MSI doorbell word, and notices QEMU's end (EOF
 * on the qtest socket), after which every command fails with
 * SV_ERROR_CRASHED.  Every wait is bounded.
 */
#define SV_LOG_PREFIX "qtest"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "qtest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * TCG in real time on a shared 2-core machine: generous, but bounded.
 * $SOFVFIO_QTEST_TIMEOUT_MS overrides it (tests of a hung QEMU).
 */
#define REPLY_TIMEOUT_US (15 * G_USEC_PER_SEC)

static int64_t reply_timeout_us(void)
{
	const char *env = g_getenv("SOFVFIO_QTEST_TIMEOUT_MS");
	guint64 ms;

	if (env && g_ascii_string_to_unsigned(env, 10, 1, 3600 * 1000, &ms, NULL))
		return (int64_t)ms * 1000;
	return REPLY_TIMEOUT_US;
}

QtLineKind qt_line_parse(const char *line, int *irq, gboolean *raise)
{
	guint64 n;

	if (!g_str_has_prefix(line, "IRQ "))
		return QT_LINE_REPLY;
	*raise = g_str_has_prefix(line + 4, "raise ");
	if (!*raise && !g_str_has_prefix(line + 4, "lower "))
		return QT_LINE_IGNORED;
	/*
	 * An IOAPIC input: decimal, in int range (a wrapped number must not
	 * alias ours), digits only: g_ascii_string_to_unsigned() refuses leading
	 * whitespace but lets a vertical tab through (fuzz finding).
	 */
	if (!g_ascii_isdigit(line[10]) ||
	    !g_ascii_string_to_unsigned(line + 10, 10, 0, G_MAXINT, &n, NULL))
		return QT_LINE_IGNORED;
	*irq = (int)n;
	return QT_LINE_IRQ;
}

char *qt_line_take(GString *buf)
{
	char *nl = memchr(buf->str, '\n', buf->len);
	char *line;

	if (!nl)
		return NULL;
	line = g_strndup(buf->str, (gsize)(nl - buf->str));
	g_string_erase(buf, 0, nl - buf->str + 1);
	return line;
}

static void handle_line(QtDev *qt, char *line)
{
	gboolean raise = FALSE;
	int irq = -1;

	switch (qt_line_parse(line, &irq, &raise)) {
	case QT_LINE_IGNORED:
		sv_debug("%s: ignoring '%s'", qt->dev->name, line);
		g_free(line);
		return;
	case QT_LINE_IRQ:
		qt_irq_line(qt, irq, raise);
		g_free(line);
		return;
	case QT_LINE_REPLY:
		break;
	}
	/*
	 * A reply: whatever the command did to the MSI doorbell happened before
	 * QEMU answered, so look now and the eventfd is signalled before the
	 * caller sees the reply.
	 */
	qt_irq_poll_msi(qt, TRUE);
	g_mutex_lock(&qt->lock);
	g_queue_push_tail(&qt->replies, line);
	g_cond_broadcast(&qt->cond);
	g_mutex_unlock(&qt->lock);
}

/* Read what is there on the qtest socket; FALSE at EOF or error. */
static gboolean read_qtest(QtDev *qt)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(qt->qtest_fd, buf, sizeof(buf));
		char *line;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return TRUE;
		if (n <= 0)
			return FALSE;
		g_string_append_len(qt->rbuf, buf, n);
		while ((line = qt_line_take(qt->rbuf)))
			handle_line(qt, line);
	}
}

static void mark_dead(QtDev *qt)
{
	/* Drain stderr to its EOF (bounded), then collect the exit status. */
	int64_t deadline = sv_deadline_us(G_USEC_PER_SEC / 2);

	for (;;) {
		struct pollfd p = { .fd = -1, .events = POLLIN };

		qt_stderr_consume(qt);
		if (qt->stderr_fd < 0)
			break;
		p.fd = qt->stderr_fd;
		if (sv_poll_until(&p, 1, deadline) <= 0 || sv_now_us() >= deadline)
			break;
	}
	qt_reap(qt, 2 * G_USEC_PER_SEC);
	g_mutex_lock(&qt->lock);
	qt->dead = TRUE;
	g_cond_broadcast(&qt->cond);
	g_mutex_unlock(&qt->lock);
	sv_debug("%s: QEMU (pid %d) has gone", qt->dev->name, (int)qt->pid);
}

static gpointer io_thread(gpointer data)
{
	QtDev *qt = data;

	for (;;) {
		struct pollfd p[3] = {
			{ .fd = qt->wake_fd[0], .events = POLLIN },
			{ .fd = qt->qtest_fd, .events = POLLIN },
			{ .fd = qt->stderr_fd, .events = POLLIN },
		};
		int64_t poll_us;
		struct timespec ts;
		int r;

		g_mutex_lock(&qt->irq_lock);
		poll_us = qt->msi_on ? qt->msi_poll_us : -1;
		g_mutex_unlock(&qt->irq_lock);
		ts.tv_sec = poll_us / G_USEC_PER_SEC;
		ts.tv_nsec = (poll_us % G_USEC_PER_SEC) * 1000;
		r = ppoll(p, 3, poll_us < 0 ? NULL : &ts, NULL);
		if (r < 0 && errno != EINTR) {
			sv_warn("%s: qtest I/O thread: poll: %s", qt->dev->name, g_strerror(errno));
			g_usleep(1000);
			continue;
		}
		if (r == 0) {
			qt_irq_poll_msi(qt, FALSE);
			continue;
		}
		if (p[0].revents) {
			char b[64];

			while (read(qt->wake_fd[0], b, sizeof(b)) > 0) {
			}
			if (g_atomic_int_get(&qt->stopping))
				break;
		}
		if (p[2].revents)
			qt_stderr_consume(qt);
		if (p[1].revents && !read_qtest(qt)) {
			mark_dead(qt);
			break;
		}
	}
	return NULL;
}

/** qt_io_start() - start the I/O thread once QEMU has connected. */
gboolean qt_io_start(QtDev *qt, GError **error)
{
	if (pipe2(qt->wake_fd, O_CLOEXEC | O_NONBLOCK) < 0) {
		sv_set_error_errno(error, errno, "%s: pipe", qt->dev->name);
		qt->wake_fd[0] = qt->wake_fd[1] = -1;
		return FALSE;
	}
	qt->rbuf = g_string_new(NULL);
	qt->reply_timeout_us = reply_timeout_us();
	qt->io_thread = g_thread_new("sofvfio-qtest", io_thread, qt);
	return TRUE;
}

/** qt_io_kick() - make the I/O thread re-read its polling interval. */
void qt_io_kick(QtDev *qt)
{
	if (qt->wake_fd[1] >= 0 && write(qt->wake_fd[1], "k", 1) < 0) {
		/* the pipe is full: the thread is awake anyway */
	}
}

/** qt_io_stop() - stop and join the I/O thread; drop unread replies. */
void qt_io_stop(QtDev *qt)
{
	if (qt->io_thread) {
		g_atomic_int_set(&qt->stopping, TRUE);
		qt_io_kick(qt);
		g_thread_join(qt->io_thread);
		qt->io_thread = NULL;
	}
	for (int i = 0; i < 2; i++)
		if (qt->wake_fd[i] >= 0) {
			close(qt->wake_fd[i]);
			qt->wake_fd[i] = -1;
		}
	g_queue_clear_full(&qt->replies, g_free);
	if (qt->rbuf)
		g_string_free(qt->rbuf, TRUE);
	qt->rbuf = NULL;
}

/**
 * qt_check_alive() - SV_ERROR_CRASHED when QEMU has gone, SV_ERROR_IO when
 * an earlier timeout left the reply stream out of step.
 */
gboolean qt_check_alive(QtDev *qt, GError **error)
{
	gboolean dead, desync;

	g_mutex_lock(&qt->lock);
	dead = qt->dead;
	desync = qt->desync;
	g_mutex_unlock(&qt->lock);
	if (dead) {
		qt_set_crashed_error(qt, error, "the device is unusable");
		return FALSE;
	}
	if (desync) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "%s: an earlier qtest command got no reply in time, so replies can no "
			    "longer be matched to commands; close and reopen the device",
			    qt->dev->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean send_line(QtDev *qt, const char *line, size_t len, GError **error)
{
	int64_t deadline = sv_deadline_us(qt->reply_timeout_us);
	size_t off = 0;

	while (off < len) {
		ssize_t n = send(qt->qtest_fd, line + off, len - off, MSG_NOSIGNAL);
		struct pollfd p = { .fd = qt->qtest_fd, .events = POLLOUT };

		if (n >= 0) {
			off += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			/* EPIPE / ECONNRESET: QEMU went; let the I/O thread collect it. */
			int err = errno;

			g_mutex_lock(&qt->lock);
			g_cond_wait_until(&qt->cond, &qt->lock,
					  g_get_monotonic_time() + 2 * G_USEC_PER_SEC);
			g_mutex_unlock(&qt->lock);
			if (!qt_check_alive(qt, error))
				return FALSE;
			sv_set_error_errno(error, err, "%s: sending a qtest command", qt->dev->name);
			return FALSE;
		}
		if (sv_poll_until(&p, 1, deadline) == 0) {
			g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
				    "%s: QEMU (pid %d) stopped reading qtest commands", qt->dev->name,
				    (int)qt->pid);
			g_mutex_lock(&qt->lock);
			qt->desync = TRUE;
			g_mutex_unlock(&qt->lock);
			return FALSE;
		}
	}
	return TRUE;
}

static char *wait_reply(QtDev *qt, const char *cmd, GError **error)
{
	int64_t deadline = g_get_monotonic_time() + qt->reply_timeout_us;
	char *reply = NULL;
	gboolean dead = FALSE, timeout = FALSE;

	g_mutex_lock(&qt->lock);
	while (!(reply = g_queue_pop_head(&qt->replies))) {
		if (qt->dead) {
			dead = TRUE;
			break;
		}
		if (!g_cond_wait_until(&qt->cond, &qt->lock, deadline) &&
		    g_queue_is_empty(&qt->replies) && !qt->dead) {
			timeout = TRUE;
			qt->desync = TRUE;
			break;
		}
	}
	g_mutex_unlock(&qt->lock);
	if (dead) {
		g_autofree char *what = g_strdup_printf("qtest command '%s'", cmd);

		qt_set_crashed_error(qt, error, what);
	} else if (timeout) {
		g_autofree char *tail = qt_stderr_tail(qt, 4);

		g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
			    "%s: QEMU (pid %d) did not answer qtest command '%s' within %"
			    G_GINT64_FORMAT " ms%s%s", qt->dev->name, (int)qt->pid, cmd,
			    qt->reply_timeout_us / 1000,
			    *tail ? "; its stderr:\n" : "", tail);
	}
	return reply;
}

gboolean qt_reply_parse(const char *name, const char *cmd, const char *reply, uint64_t *value,
			GError **error)
{
	const char *v;
	char *end = NULL;

	if (strcmp(reply, "OK") && !g_str_has_prefix(reply, "OK ")) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: QEMU answered qtest command '%s' with '%s'", name, cmd, reply);
		return FALSE;
	}
	for (v = reply + 2; *v == ' '; v++)
		;
	if (!value)
		return TRUE;
	*value = 0;
	if (!*v)
		return TRUE;
	/* QEMU prints values as 0x%x / 0x% PRIx64: no sign, no wrap (strtoull takes "-1"). */
	errno = 0;
	if (g_ascii_isdigit(*v))
		*value = g_ascii_strtoull(v, &end, 0);
	if (!end || end == v || *end || errno == ERANGE) {
		*value = 0;
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: qtest command '%s': cannot parse reply '%s'", name, cmd, reply);
		return FALSE;
	}
	return TRUE;
}

/**
 * qt_cmd() - send one qtest command and wait for its reply.
 * @qt: the device
 * @value: if not NULL, the number after "OK" (0 when there is none)
 * @error: SV_ERROR_PROTOCOL when QEMU answers FAIL, SV_ERROR_CRASHED when it
 *         has gone, SV_ERROR_TIMEOUT when it does not answer
 * @fmt: the command, without newline; every number in it formatted by us
 *       from values checked by the caller (a malformed number aborts QEMU)
 */
gboolean qt_cmd(QtDev *qt, uint64_t *value, GError **error, const char *fmt, ...)
{
	g_autofree char *cmd = NULL;
	g_autofree char *line = NULL;
	g_autofree char *reply = NULL;
	gboolean ok = FALSE;
	va_list ap;

	va_start(ap, fmt);
	cmd = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	line = g_strconcat(cmd, "\n", NULL);

	g_mutex_lock(&qt->cmd_lock);
	if (!qt_check_alive(qt, error) || !send_line(qt, line, strlen(line), error))
		goto out;
	reply = wait_reply(qt, cmd, error);
	if (!reply)
		goto out;
	ok = qt_reply_parse(qt->dev->name, cmd, reply, value, error);
out:
	g_mutex_unlock(&qt->cmd_lock);
	return ok;
}
