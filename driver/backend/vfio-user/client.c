// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * client.c - one vfio-user connection: the socket, a receive thread, and
 * requests matched to their replies (QEMU docs/interop/vfio-user.rst,
 * "Header", "Command Concurrency").
 *
 * One reader of the socket at a time (c->reader).  A requester sends its
 * command, then, when nobody else reads, reads the socket itself until its
 * reply comes: no hop between threads on the round trip (the floor is two
 * processes' ping-pong).  It files replies for other requesters and answers
 * the server's own commands (DMA_READ/DMA_WRITE) on the way.  While it
 * reads, the receive thread's interest in the socket is disarmed
 * (EPOLLONESHOT), so the thread sleeps through the round trip.  It is
 * re-armed (which also wakes it for anything left on the socket) at once
 * when the server may DMA by messages at any time (windows without an fd),
 * else REARM_DELAY_US after a burst of calls ends (a timerfd): a burst of
 * register accesses costs no epoll_ctl() per access, and a command the
 * server sends while we are idle is still answered within that delay.
 * The receive thread reads whenever no requester does: commands the server
 * sends while nobody waits, replies of requesters that sleep because
 * another thread reads.  A reply nobody asked for, a broken frame, or the
 * server hanging up ends the connection: every waiter gets the error, and
 * so does every later call.  Posted writes (vfu_post()) are sent with
 * VFU_F_NO_REPLY and wait for nothing; what goes wrong sending them ends
 * the connection, which the next call reports (as a read after a posted
 * PCI write would).
 * The bytes on the socket (framing, header checks, fds, partial I/O) are
 * the wire layer's (sofvfio/vfio-user-wire.h).
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "vfio-user.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

/* A request in flight. */
typedef struct {
	uint16_t id;
	uint16_t cmd;
	unsigned max_fds;
	bool done;       /* reply or error filed */
	bool abandoned;  /* the requester gave up (timeout): drop the reply */
	VfuReply reply;
	GError *error;
} VfuPending;

typedef enum {
	READER_NONE,
	READER_THREAD,          /* the receive thread */
	READER_CALLER,          /* a requester reading its own reply */
} VfuReader;

struct VfuConn {
	VfuWire *wire;          /* the socket; sends are serialised there */
	int stop_fd;            /* eventfd: tells the receive thread to end */
	int epfd;               /* the receive thread's: the socket (one-shot), stop_fd, timer_fd */
	int timer_fd;           /* re-arms the socket after a burst of calls */
	char *path;
	char *devname;
	int timeout_ms;
	GThread *thread;
	GMutex lock;            /* everything below */
	GCond cond;
	GList *pending;         /* VfuPending* */
	VfuReader reader;       /* who reads the socket now */
	bool armed;             /* the receive thread's socket interest is armed */
	bool timer_set;         /* timer_fd will re-arm it */
	bool eager;             /* re-arm at the end of every call (message-path DMA) */
	uint64_t posted;        /* posted commands since the last reply: unconfirmed */
	unsigned n_waiting;     /* requesters asleep on @cond (no wake-up costs a syscall) */
	GError *dead;           /* why the connection is unusable, once it is */
	unsigned n_abandoned;   /* requests timed out and still unanswered: hung */
	char *abandoned_what;   /* the first of them, for messages */
	VfuServeFunc serve;
	void *serve_data;
	uint64_t served, bytes_read, bytes_written, refused;
};

static void pending_free(VfuPending *p)
{
	vfu_msg_clear(&p->reply);
	g_clear_error(&p->error);
	g_free(p);
}

/* ---- connection setup ---------------------------------------------------- */

static int timeout_from_env(const char *devname, GError **error)
{
	const char *s = g_getenv("SOFVFIO_VFU_TIMEOUT_MS");
	guint64 v;

	if (!s || !*s)
		return VFU_DEFAULT_TIMEOUT_MS;
	if (!g_ascii_string_to_unsigned(s, 10, 1, 3600 * 1000, &v, NULL)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: SOFVFIO_VFU_TIMEOUT_MS='%s' is not a number of milliseconds "
			    "between 1 and 3600000", devname, s);
		return -1;
	}
	return (int)v;
}

static void not_found(GError **error, const char *devname, const char *path, const char *why)
{
	g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
		    "%s: no vfio-user server at %s (%s): start one with "
		    "`sofvfio-emu --socket %s`", devname, path, why, path);
}

VfuConn *vfu_conn_connect(const char *path, const char *devname, GError **error)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	g_autofree char *peer = NULL;
	g_autoptr(GError) err = NULL;
	struct stat st;
	VfuConn *c;
	int timeout, fd, stop_fd;

	if (!path || !*path) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: no socket path: name the device vfio-user:/path/to/socket",
			    devname);
		return NULL;
	}
	if (strlen(path) >= sizeof(addr.sun_path)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: socket path '%s' is longer than the %zu bytes a UNIX socket "
			    "address holds; use a shorter path", devname, path,
			    sizeof(addr.sun_path) - 1);
		return NULL;
	}
	timeout = timeout_from_env(devname, error);
	if (timeout < 0)
		return NULL;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT) {
			not_found(error, devname, path, "no such file");
			return NULL;
		}
		sv_set_error_errno(error, errno, "%s: cannot reach vfio-user socket %s",
				   devname, path);
		return NULL;
	}
	if (!S_ISSOCK(st.st_mode)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: %s is not a socket; give the path the vfio-user server "
			    "listens on (sofvfio-emu --socket PATH)", devname, path);
		return NULL;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		sv_set_error_errno(error, errno, "%s: socket(AF_UNIX)", devname);
		return NULL;
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int e = errno;

		close(fd);
		if (e == ECONNREFUSED)
			not_found(error, devname, path,
				  "connection refused: nobody listens there (any more): a stale "
				  "socket, or a server that serves one client per lifetime, as "
				  "QEMU's x-vfio-user-server does, after its client left");
		else
			sv_set_error_errno(error, e, "%s: connecting to vfio-user server at %s",
					   devname, path);
		return NULL;
	}
	stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (stop_fd < 0) {
		sv_set_error_errno(error, errno, "%s: eventfd", devname);
		close(fd);
		return NULL;
	}
	c = g_new0(VfuConn, 1);
	peer = g_strdup_printf("the vfio-user server at %s", path);
	c->wire = vfu_wire_new(fd, peer, VFU_CLIENT_MAX_MSG, VFU_CLIENT_MAX_FDS);
	/* A requester waiting for its reply sleeps in recvmsg(), and a small message
	 * is one recvmsg() (vfio-user-wire.h). */
	vfu_wire_set_read_ahead(c->wire);
	if (!vfu_wire_set_blocking_reads(c->wire, timeout, &err))
		sv_debug("%s: %s (reads stay non-blocking)", devname, err->message);
	c->stop_fd = stop_fd;
	c->path = g_strdup(path);
	c->devname = g_strdup(devname);
	c->timeout_ms = timeout;
	c->epfd = c->timer_fd = -1;
	g_mutex_init(&c->lock);
	g_cond_init(&c->cond);
	return c;
}

void vfu_conn_set_server(VfuConn *c, VfuServeFunc fn, void *data)
{
	c->serve = fn;
	c->serve_data = data;
}

gboolean vfu_conn_dead(VfuConn *c, GError **why)
{
	gboolean dead;

	g_mutex_lock(&c->lock);
	dead = c->dead || c->n_abandoned;
	if (c->dead && why)
		g_set_error(why, c->dead->domain, c->dead->code, "%s: %s", c->devname,
			    c->dead->message);
	else if (dead && why)
		g_set_error(why, SV_ERROR, SV_ERROR_TIMEOUT,
			    "%s: the vfio-user server at %s is not answering (no reply to %s "
			    "within %d ms)", c->devname, c->path, c->abandoned_what, c->timeout_ms);
	g_mutex_unlock(&c->lock);
	return dead;
}

int vfu_conn_timeout_ms(VfuConn *c)
{
	return c->timeout_ms;
}

uint64_t vfu_conn_served(VfuConn *c, uint64_t *bytes_read, uint64_t *bytes_written,
			 uint64_t *refused)
{
	uint64_t n;

	g_mutex_lock(&c->lock);
	n = c->served;
	*bytes_read = c->bytes_read;
	*bytes_written = c->bytes_written;
	*refused = c->refused;
	g_mutex_unlock(&c->lock);
	return n;
}

/* The connection is unusable from now on: fail every waiter with @err (taken). */
static void conn_fail(VfuConn *c, GError *err)
{
	g_mutex_lock(&c->lock);
	if (!c->dead) {
		sv_debug("%s: connection ends: %s", c->devname, err->message);
		c->dead = err;
		err = NULL;
	}
	for (GList *l = c->pending; l; l = l->next) {
		VfuPending *p = l->data;

		if (!p->done) {
			p->error = g_error_copy(c->dead);
			p->done = true;
		}
	}
	g_cond_broadcast(&c->cond);
	g_mutex_unlock(&c->lock);
	g_clear_error(&err);
}

static GError *crashed(VfuConn *c)
{
	return g_error_new(SV_ERROR, SV_ERROR_CRASHED,
			   "the vfio-user server at %s closed the connection (it exited or was "
			   "killed); start it again and open the device again", c->path);
}

/* ---- sending and receiving ------------------------------------------------ */

static int64_t deadline(VfuConn *c)
{
	return sv_deadline_us((int64_t)c->timeout_ms * 1000);
}

/*
 * Send one message (the wire layer serialises senders).  A server that hung
 * up, or half a message left on the wire, ends the connection.
 */
static gboolean send_msg(VfuConn *c, uint16_t id, uint16_t cmd, uint32_t flags, uint32_t error_no,
			 const struct iovec *iov, unsigned n_iov, const int *fds, unsigned n_fds,
			 GError **error)
{
	GError *err = NULL;

	if (vfu_wire_send(c->wire, id, cmd, flags, error_no, iov, n_iov, fds, n_fds, deadline(c),
			  &err))
		return TRUE;
	if (g_error_matches(err, SV_ERROR, SV_ERROR_CRASHED)) {
		g_clear_error(&err);
		err = crashed(c);
		conn_fail(c, g_error_copy(err));
	} else if (vfu_wire_broken(c->wire)) {
		conn_fail(c, g_error_copy(err));
	}
	g_propagate_error(error, err);
	return FALSE;
}

/* Answer a command the server sent us. */
static void serve_request(VfuConn *c, VfuMsg *m)
{
	g_autoptr(GError) err = NULL;
	uint8_t *out = NULL;
	size_t out_len = 0;
	int e;

	if (m->n_fds) {
		/* No server-to-client command carries fds. */
		sv_debug("%s: %s from the server came with %u fds: refused", c->devname,
			 vfu_cmd_name(m->hdr.cmd), m->n_fds);
		e = EINVAL;
	} else if ((m->hdr.cmd == VFU_CMD_DMA_READ || m->hdr.cmd == VFU_CMD_DMA_WRITE) &&
		   c->serve) {
		e = c->serve(c->serve_data, &m->hdr, m->data, m->len, &out, &out_len);
	} else {
		sv_debug("%s: the server sent command %u (%s), which a client does not take",
			 c->devname, m->hdr.cmd, vfu_cmd_name(m->hdr.cmd));
		e = ENOTSUP;
	}

	g_mutex_lock(&c->lock);
	if (e) {
		c->refused++;
	} else {
		const struct vfu_dma_access *a = (const void *)m->data;

		c->served++;
		if (m->hdr.cmd == VFU_CMD_DMA_READ)
			c->bytes_read += a->count;
		else
			c->bytes_written += a->count;
	}
	g_mutex_unlock(&c->lock);

	if (!(m->hdr.flags & VFU_F_NO_REPLY)) {
		struct iovec v = { out, e ? 0 : out_len };

		if (!send_msg(c, m->hdr.msg_id, m->hdr.cmd, VFU_F_TYPE_REPLY | (e ? VFU_F_ERROR : 0),
			      (uint32_t)e, &v, 1, NULL, 0, &err))
			sv_debug("%s: replying to %s: %s", c->devname, vfu_cmd_name(m->hdr.cmd),
				 err->message);
	}
	g_free(out);
}

/* Wake the requesters asleep on c->cond (with c->lock held). */
static void wake_waiters(VfuConn *c)
{
	if (c->n_waiting)
		g_cond_broadcast(&c->cond);
}

static VfuPending *find_pending(VfuConn *c, uint16_t id)
{
	for (GList *l = c->pending; l; l = l->next) {
		VfuPending *p = l->data;

		if (p->id == id && !p->done)
			return p;
	}
	return NULL;
}

/* File a reply with its requester.  FALSE with @error when it fits none (fatal). */
static gboolean file_reply(VfuConn *c, VfuMsg *m, GError **error)
{
	VfuPending *p;

	g_mutex_lock(&c->lock);
	p = find_pending(c, m->hdr.msg_id);
	if (!p) {
		g_mutex_unlock(&c->lock);
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "the vfio-user server replied to message id %u (%s), which "
			    "matches no request in flight", m->hdr.msg_id,
			    vfu_cmd_name(m->hdr.cmd));
		return FALSE;
	}
	if (p->cmd != m->hdr.cmd) {
		g_mutex_unlock(&c->lock);
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "the vfio-user server answered %s (message id %u) with a %s "
			    "reply", vfu_cmd_name(p->cmd), m->hdr.msg_id,
			    vfu_cmd_name(m->hdr.cmd));
		return FALSE;
	}
	if (p->abandoned) {
		/* Its requester timed out long ago: drop the late reply. */
		c->pending = g_list_remove(c->pending, p);
		if (!--c->n_abandoned)
			g_clear_pointer(&c->abandoned_what, g_free);
		g_mutex_unlock(&c->lock);
		sv_debug("%s: dropping the late reply to %s (id %u)", c->devname,
			 vfu_cmd_name(m->hdr.cmd), m->hdr.msg_id);
		pending_free(p);
		return TRUE;
	}
	if (m->n_fds > p->max_fds) {
		/* (the fds are closed with the message) */
		p->error = g_error_new(SV_ERROR, SV_ERROR_PROTOCOL,
				       "the reply carried %u file descriptor(s); at most %u "
				       "expected", m->n_fds, p->max_fds);
	} else if (m->n_fds) {
		p->reply.fds = g_steal_pointer(&m->fds);
		p->reply.n_fds = m->n_fds;
		m->n_fds = 0;
	}
	p->reply.hdr = m->hdr;
	p->reply.data = g_steal_pointer(&m->data);
	p->reply.len = m->len;
	c->posted = 0; /* the server answers in order: what was posted before is done */
	p->done = true;
	wake_waiters(c);
	g_mutex_unlock(&c->lock);
	return TRUE;
}

/*
 * Handle one message read by whoever reads (c->reader): file a reply, answer
 * a command.  FALSE when it ends the connection (already failed).
 */
static gboolean dispatch(VfuConn *c, VfuMsg *m)
{
	GError *err = NULL;

	switch (vfu_msg_type(&m->hdr)) {
	case VFU_F_TYPE_REPLY:
		if (file_reply(c, m, &err))
			return TRUE;
		break;
	case VFU_F_TYPE_COMMAND:
		serve_request(c, m);
		return TRUE;
	default:
		g_set_error(&err, SV_ERROR, SV_ERROR_PROTOCOL,
			    "the vfio-user server sent a message of type %u (flags 0x%x): neither "
			    "command nor reply", vfu_msg_type(&m->hdr), m->hdr.flags);
		break;
	}
	conn_fail(c, err);
	return FALSE;
}

/*
 * Read and handle messages until @until says stop: with @deadline_us 0,
 * what is on the socket now; otherwise until *@done turns true (under
 * c->lock) or the deadline passes.  Return: FALSE when the connection ended.
 */
static gboolean read_messages(VfuConn *c, int64_t deadline_us, const bool *done)
{
	for (;;) {
		g_autoptr(VfuMsg) m = NULL;
		GError *err = NULL;

		if (done) {
			bool d;

			g_mutex_lock(&c->lock);
			d = *done;
			g_mutex_unlock(&c->lock);
			/* Done, but what was read ahead is not the socket's any more: take
			 * it too (nobody's poll() would see it). */
			if (d && !vfu_wire_buffered(c->wire))
				return TRUE;
			if (d)
				deadline_us = 0;
		}
		switch (vfu_wire_recv(c->wire, deadline_us, &m, &err)) {
		case VFU_WIRE_MSG:
			if (!dispatch(c, m))
				return FALSE;
			continue;
		case VFU_WIRE_AGAIN:
			return TRUE;
		default: /* closed, or a stream that cannot go on */
			break;
		}
		if (g_error_matches(err, SV_ERROR, SV_ERROR_CRASHED)) {
			gboolean mid = vfu_wire_closed_mid_message(c->wire);

			g_clear_error(&err);
			err = crashed(c);
			if (mid)
				g_prefix_error(&err, "in the middle of a message: ");
		}
		conn_fail(c, err);
		return FALSE;
	}
}

/* How long after a burst of calls the receive thread listens again (shared DMA). */
#define REARM_DELAY_US 1000

/*
 * (Re)arm or disarm the receive thread's one-shot interest in the socket
 * (c->lock held).  Disarmed is one-shot too: epoll reports a hang-up
 * whatever the events asked for, and without EPOLLONESHOT it would report
 * it again on every epoll_wait(), the thread spinning while a caller reads
 * (or until the re-arm timer) after the server left.
 */
static void arm_thread(VfuConn *c, gboolean on)
{
	struct epoll_event ev = { .events = EPOLLONESHOT | (on ? EPOLLIN : 0), .data.u32 = 0 };

	if (c->epfd < 0 || c->armed == on)
		return;
	if (epoll_ctl(c->epfd, EPOLL_CTL_MOD, vfu_wire_fd(c->wire), &ev) < 0)
		sv_debug("%s: epoll_ctl: %s", c->devname, g_strerror(errno));
	c->armed = on;
}

/* A call ended, nobody reads (c->lock held): the thread listens again, now or soon. */
static void rearm_after_call(VfuConn *c)
{
	struct itimerspec its = { .it_value.tv_nsec = REARM_DELAY_US * 1000 };

	if (c->epfd < 0 || c->armed)
		return;
	if (c->eager) {
		arm_thread(c, TRUE);
	} else if (!c->timer_set) {
		if (timerfd_settime(c->timer_fd, 0, &its, NULL) < 0)
			arm_thread(c, TRUE);
		else
			c->timer_set = true;
	}
}

void vfu_conn_set_eager(VfuConn *c)
{
	g_mutex_lock(&c->lock);
	c->eager = true;
	if (c->reader == READER_NONE)
		arm_thread(c, TRUE);
	g_mutex_unlock(&c->lock);
}

static gpointer recv_thread(gpointer data)
{
	VfuConn *c = data;

	for (;;) {
		struct epoll_event ev[3];
		bool stop = false, readable = false, timer = false, ok;
		int n = epoll_wait(c->epfd, ev, 3, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			GError *err = NULL;

			sv_set_error_errno(&err, errno, "epoll_wait on the vfio-user socket");
			conn_fail(c, err);
			break;
		}
		for (int i = 0; i < n; i++) {
			if (ev[i].data.u32 == 1)
				stop = true;
			else if (ev[i].data.u32 == 2)
				timer = true;
			else
				readable = true;
		}
		if (stop)
			break;
		g_mutex_lock(&c->lock);
		if (readable)
			c->armed = false; /* one-shot: it fired */
		if (timer) {
			uint64_t expirations;

			if (read(c->timer_fd, &expirations, sizeof(expirations)) < 0)
				sv_debug("%s: timerfd: %s", c->devname, g_strerror(errno));
			c->timer_set = false;
			/* The burst of calls is over: listen (a caller now re-arms us itself). */
			if (c->reader == READER_NONE)
				arm_thread(c, TRUE);
		}
		/* A requester reading now re-arms us when it is done. */
		if (!readable || c->reader != READER_NONE || c->dead) {
			g_mutex_unlock(&c->lock);
			continue;
		}
		c->reader = READER_THREAD;
		g_mutex_unlock(&c->lock);
		ok = read_messages(c, 0, NULL);
		g_mutex_lock(&c->lock);
		c->reader = READER_NONE;
		wake_waiters(c); /* a requester may read now */
		if (ok)
			arm_thread(c, TRUE);
		g_mutex_unlock(&c->lock);
		if (!ok)
			break;
	}
	return NULL;
}

gboolean vfu_conn_start(VfuConn *c, GError **error)
{
	struct epoll_event sock = { .events = EPOLLIN | EPOLLONESHOT, .data.u32 = 0 };
	struct epoll_event stop = { .events = EPOLLIN, .data.u32 = 1 };
	struct epoll_event timer = { .events = EPOLLIN, .data.u32 = 2 };

	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	c->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	c->armed = true;
	if (c->epfd < 0 || c->timer_fd < 0 ||
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, vfu_wire_fd(c->wire), &sock) < 0 ||
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->stop_fd, &stop) < 0 ||
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->timer_fd, &timer) < 0) {
		sv_set_error_errno(error, errno, "%s: epoll for the vfio-user receive thread",
				   c->devname);
		return FALSE;
	}
	c->thread = g_thread_try_new("vfio-user-rx", recv_thread, c, error);
	if (!c->thread) {
		g_prefix_error(error, "%s: starting the vfio-user receive thread: ", c->devname);
		return FALSE;
	}
	return TRUE;
}

void vfu_conn_close(VfuConn *c)
{
	uint64_t one = 1;

	if (!c)
		return;
	if (c->thread) {
		if (write(c->stop_fd, &one, sizeof(one)) != sizeof(one))
			sv_warn("%s: cannot wake the vfio-user receive thread", c->devname);
		g_thread_join(c->thread);
	}
	vfu_wire_free(c->wire);
	close(c->stop_fd);
	if (c->epfd >= 0)
		close(c->epfd);
	if (c->timer_fd >= 0)
		close(c->timer_fd);
	g_list_free_full(c->pending, (GDestroyNotify)pending_free);
	g_clear_error(&c->dead);
	g_free(c->abandoned_what);
	g_mutex_clear(&c->lock);
	g_cond_clear(&c->cond);
	g_free(c->path);
	g_free(c->devname);
	g_free(c);
}

/* ---- requests -------------------------------------------------------------- */

static bool id_in_use(VfuConn *c, uint16_t id)
{
	for (GList *l = c->pending; l; l = l->next)
		if (((VfuPending *)l->data)->id == id)
			return true;
	return false;
}

/*
 * Give up the reader role: requesters asleep may read now; the receive
 * thread listens again (now or after the burst: rearm_after_call()).  Its
 * state changes under c->lock, so a wake-up always finds the role free or
 * taken, never in between.
 */
static void release_reader(VfuConn *c)
{
	g_mutex_lock(&c->lock);
	c->reader = READER_NONE;
	wake_waiters(c);
	rearm_after_call(c);
	g_mutex_unlock(&c->lock);
}

gboolean vfu_call(VfuConn *c, uint16_t cmd, const struct iovec *iov, unsigned n_iov,
		  const int *fds, unsigned n_fds, unsigned max_reply_fds, VfuReply *reply,
		  const char *what, GError **error)
{
	g_autoptr(GError) send_err = NULL;
	bool reading = false;
	VfuPending *p;
	gint64 until;
	GError *perr;

	memset(reply, 0, sizeof(*reply));

	p = g_new0(VfuPending, 1);
	p->cmd = cmd;
	p->max_fds = max_reply_fds;
	g_mutex_lock(&c->lock);
	if (c->dead) {
		GError *dead = g_error_copy(c->dead);

		g_mutex_unlock(&c->lock);
		g_free(p);
		g_set_error(error, dead->domain, dead->code, "%s: %s (cannot send %s)",
			    c->devname, dead->message, what);
		g_error_free(dead);
		return FALSE;
	}
	/* Message ids are ours (vfio-user.rst): skip ids a late reply may still use. */
	do
		p->id = vfu_wire_next_id(c->wire);
	while (id_in_use(c, p->id));
	c->pending = g_list_prepend(c->pending, p);
	/* Nobody reads: we read our own reply, the receive thread disarmed before
	 * the command goes out (a reply that beats the disarm would wake it). */
	if (c->reader == READER_NONE) {
		c->reader = READER_CALLER;
		reading = true;
		arm_thread(c, FALSE);
	}
	g_mutex_unlock(&c->lock);

	if (!send_msg(c, p->id, cmd, VFU_F_TYPE_COMMAND, 0, iov, n_iov, fds, n_fds, &send_err)) {
		if (reading)
			release_reader(c);
		g_mutex_lock(&c->lock);
		c->pending = g_list_remove(c->pending, p);
		g_mutex_unlock(&c->lock);
		pending_free(p);
		g_set_error(error, send_err->domain, send_err->code, "%s: %s (sending %s)",
			    c->devname, send_err->message, what);
		return FALSE;
	}

	until = sv_now_us() + (gint64)c->timeout_ms * 1000;
	g_mutex_lock(&c->lock);
	while (!p->done) {
		gboolean late;

		if (!reading && c->reader == READER_NONE) {
			/* The reader before us is done, our reply not in: read on. */
			c->reader = READER_CALLER;
			reading = true;
			arm_thread(c, FALSE);
		}
		if (reading) {
			g_mutex_unlock(&c->lock);
			read_messages(c, until, &p->done);
			release_reader(c);
			reading = false;
			g_mutex_lock(&c->lock);
			late = !p->done && sv_now_us() >= until;
		} else {
			/* (g_cond_wait_until() counts in g_get_monotonic_time(), the same clock) */
			c->n_waiting++;
			late = !g_cond_wait_until(&c->cond, &c->lock, until) && !p->done;
			c->n_waiting--;
		}
		if (late) {
			p->abandoned = true;
			/* Until it answers, the server counts as gone (sv_device_gone()). */
			if (!c->n_abandoned++)
				c->abandoned_what = g_strdup(what);
			g_mutex_unlock(&c->lock);
			g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
				    "%s: no reply to %s from the vfio-user server at %s within "
				    "%d ms (SOFVFIO_VFU_TIMEOUT_MS sets the limit)", c->devname,
				    what, c->path, c->timeout_ms);
			return FALSE;
		}
	}
	c->pending = g_list_remove(c->pending, p);
	g_mutex_unlock(&c->lock);

	perr = p->error;
	if (perr) {
		g_set_error(error, perr->domain, perr->code, "%s: %s (%s %s)", c->devname,
			    perr->message, perr->code == SV_ERROR_CRASHED ?
			    "while waiting for the reply to" : "in the reply to", what);
		pending_free(p);
		return FALSE;
	}
	if (p->reply.hdr.flags & VFU_F_ERROR) {
		/* An error reply may carry errno 0 (vfio-user.rst, "Header"). */
		int e = p->reply.hdr.error_no ? (int)p->reply.hdr.error_no : EIO;

		sv_set_error_errno(error, e, "%s: vfio-user %s failed (server errno %u)",
				   c->devname, what, p->reply.hdr.error_no);
		pending_free(p);
		return FALSE;
	}
	*reply = p->reply;
	memset(&p->reply, 0, sizeof(p->reply));
	pending_free(p);
	return TRUE;
}

gboolean vfu_call_simple(VfuConn *c, uint16_t cmd, const void *req, size_t len,
			 VfuReply *reply, const char *what, GError **error)
{
	struct iovec v = { (void *)req, len };

	return vfu_call(c, cmd, &v, req ? 1 : 0, NULL, 0, 0, reply, what, error);
}

gboolean vfu_post(VfuConn *c, uint16_t cmd, const struct iovec *iov, unsigned n_iov,
		  const char *what, GError **error)
{
	g_autoptr(GError) err = NULL;
	GError *dead = NULL;

	g_mutex_lock(&c->lock);
	if (c->dead)
		dead = g_error_copy(c->dead);
	else
		c->posted++;
	g_mutex_unlock(&c->lock);
	if (dead) {
		g_set_error(error, dead->domain, dead->code, "%s: %s (cannot send %s)", c->devname,
			    dead->message, what);
		g_error_free(dead);
		return FALSE;
	}
	if (send_msg(c, vfu_wire_next_id(c->wire), cmd, VFU_F_TYPE_COMMAND | VFU_F_NO_REPLY, 0,
		     iov, n_iov, NULL, 0, &err))
		return TRUE;
	g_set_error(error, err->domain, err->code, "%s: %s (sending %s, posted)", c->devname,
		    err->message, what);
	return FALSE;
}

gboolean vfu_conn_sync(VfuConn *c, GError **error)
{
	uint32_t argsz = 16;
	VfuReply r;
	bool posted;

	g_mutex_lock(&c->lock);
	posted = c->posted && !c->dead && !c->n_abandoned;
	g_mutex_unlock(&c->lock);
	if (!posted)
		return TRUE;
	/* Any replied command does: the server answers in order. */
	if (!vfu_call_simple(c, VFU_CMD_DEVICE_GET_INFO, &argsz, sizeof(argsz), &r,
			     "DEVICE_GET_INFO (confirming posted writes)", error))
		return FALSE;
	vfu_msg_clear(&r);
	return TRUE;
}
