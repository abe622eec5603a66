// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * client.c - one vfio-user connection: the socket, a receive thread, and
 * requests matched to their replies (QEMU docs/interop/vfio-user.rst,
 * "Header", "Command Concurrency").
 *
 * A requester sends its command under the send lock, then sleeps on the
 * condition variable until the receive thread files the reply with the same
 * message id, or the deadline passes.  The receive thread is the only reader
 * of the socket: it also answers commands the server sends us (DMA_READ and
 * DMA_WRITE) whenever they come, between replies or while nobody waits.
 * A reply nobody asked for, a broken frame, or the server hanging up ends
 * the connection: every waiter gets the error, and so does every later call.
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "vfio-user.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

struct VfuConn {
	int sock;
	int stop_fd;            /* eventfd: tells the receive thread to end */
	char *path;
	char *devname;
	int timeout_ms;
	GThread *thread;
	GMutex send_lock;       /* one message on the wire at a time */
	GMutex lock;            /* everything below */
	GCond cond;
	GList *pending;         /* VfuPending* */
	uint16_t next_id;
	GError *dead;           /* why the connection is unusable, once it is */
	VfuServeFunc serve;
	void *serve_data;
	uint64_t served, bytes_read, bytes_written, refused;
};

static const char *const cmd_names[] = {
	[VFU_CMD_VERSION] = "VERSION",
	[VFU_CMD_DMA_MAP] = "DMA_MAP",
	[VFU_CMD_DMA_UNMAP] = "DMA_UNMAP",
	[VFU_CMD_DEVICE_GET_INFO] = "DEVICE_GET_INFO",
	[VFU_CMD_DEVICE_GET_REGION_INFO] = "DEVICE_GET_REGION_INFO",
	[VFU_CMD_DEVICE_GET_REGION_IO_FDS] = "DEVICE_GET_REGION_IO_FDS",
	[VFU_CMD_DEVICE_GET_IRQ_INFO] = "DEVICE_GET_IRQ_INFO",
	[VFU_CMD_DEVICE_SET_IRQS] = "DEVICE_SET_IRQS",
	[VFU_CMD_REGION_READ] = "REGION_READ",
	[VFU_CMD_REGION_WRITE] = "REGION_WRITE",
	[VFU_CMD_DMA_READ] = "DMA_READ",
	[VFU_CMD_DMA_WRITE] = "DMA_WRITE",
	[VFU_CMD_DEVICE_RESET] = "DEVICE_RESET",
	[VFU_CMD_DIRTY_PAGES] = "DIRTY_PAGES",
	[VFU_CMD_REGION_WRITE_MULTI] = "REGION_WRITE_MULTI",
	[VFU_CMD_DEVICE_FEATURE] = "DEVICE_FEATURE",
	[VFU_CMD_MIG_DATA_READ] = "MIG_DATA_READ",
	[VFU_CMD_MIG_DATA_WRITE] = "MIG_DATA_WRITE",
};

const char *vfu_cmd_name(unsigned cmd)
{
	if (cmd < G_N_ELEMENTS(cmd_names) && cmd_names[cmd])
		return cmd_names[cmd];
	return "unknown command";
}

static void close_fds(int *fds, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

void vfu_reply_clear(VfuReply *reply)
{
	if (reply->fds)
		close_fds(reply->fds, reply->n_fds);
	g_free(reply->fds);
	g_free(reply->data);
	memset(reply, 0, sizeof(*reply));
}

int vfu_reply_take_fd(VfuReply *reply, unsigned i)
{
	int fd;

	if (i >= reply->n_fds)
		return -1;
	fd = reply->fds[i];
	reply->fds[i] = -1;
	return fd;
}

static void pending_free(VfuPending *p)
{
	vfu_reply_clear(&p->reply);
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
				  "connection refused: a stale socket nobody listens on");
		else
			sv_set_error_errno(error, e, "%s: connecting to vfio-user server at %s",
					   devname, path);
		return NULL;
	}
	/* Non-blocking: every wait below is a poll() with a deadline. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
		sv_set_error_errno(error, errno, "%s: fcntl(O_NONBLOCK)", devname);
		close(fd);
		return NULL;
	}
	stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (stop_fd < 0) {
		sv_set_error_errno(error, errno, "%s: eventfd", devname);
		close(fd);
		return NULL;
	}
	c = g_new0(VfuConn, 1);
	c->sock = fd;
	c->stop_fd = stop_fd;
	c->path = g_strdup(path);
	c->devname = g_strdup(devname);
	c->timeout_ms = timeout;
	c->next_id = 1;
	g_mutex_init(&c->send_lock);
	g_mutex_init(&c->lock);
	g_cond_init(&c->cond);
	return c;
}

void vfu_conn_set_server(VfuConn *c, VfuServeFunc fn, void *data)
{
	c->serve = fn;
	c->serve_data = data;
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
			   "vfio-user server closed the connection; restart it (sofvfio-emu "
			   "--socket %s) and open the device again", c->path);
}

/* ---- sending --------------------------------------------------------------- */

/* Wait until @fd polls for @events or @deadline (sv_now_us) passes: 1, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		int64_t left = deadline - sv_now_us();
		int r;

		if (left < 0)
			left = 0;
		r = poll(&pfd, 1, (int)((left + 999) / 1000));
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/*
 * Send one message: @hdr, then @iov, with @fds as SCM_RIGHTS on the first
 * byte.  Holds the send lock for the whole message so that messages from
 * the requester and the receive thread never interleave.
 */
static gboolean send_msg(VfuConn *c, const struct vfu_header *hdr, const struct iovec *iov,
			 unsigned n_iov, const int *fds, unsigned n_fds, GError **error)
{
	struct iovec vec[8];
	union {
		char buf[CMSG_SPACE(sizeof(int) * VFU_CLIENT_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	int64_t deadline = sv_now_us() + (int64_t)c->timeout_ms * 1000;
	unsigned n = 0, first = 0;
	size_t total = 0, sent = 0;
	gboolean ok = FALSE;

	g_assert(n_iov < G_N_ELEMENTS(vec) && n_fds <= VFU_CLIENT_MAX_FDS);
	vec[n++] = (struct iovec){ (void *)hdr, sizeof(*hdr) };
	for (unsigned i = 0; i < n_iov; i++)
		if (iov[i].iov_len)
			vec[n++] = iov[i];
	for (unsigned i = 0; i < n; i++)
		total += vec[i].iov_len;

	g_mutex_lock(&c->send_lock);
	while (sent < total) {
		struct msghdr msg = { .msg_iov = vec + first, .msg_iovlen = n - first };
		ssize_t r;

		if (sent == 0 && n_fds) {
			struct cmsghdr *cm;

			memset(&ctl, 0, sizeof(ctl));
			msg.msg_control = ctl.buf;
			msg.msg_controllen = CMSG_SPACE(sizeof(int) * n_fds);
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
			memcpy(CMSG_DATA(cm), fds, sizeof(int) * n_fds);
		}
		r = sendmsg(c->sock, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			int w;

			if (errno == EINTR)
				continue;
			if (errno == EPIPE || errno == ECONNRESET) {
				GError *e = crashed(c);

				g_propagate_error(error, g_error_copy(e));
				conn_fail(c, e);
				goto out;
			}
			if (errno != EAGAIN) {
				sv_set_error_errno(error, errno, "sending %s to the vfio-user server",
						   vfu_cmd_name(hdr->cmd));
				if (sent) /* half a message on the wire: framing is gone */
					conn_fail(c, g_error_copy(*error));
				goto out;
			}
			w = wait_fd(c->sock, POLLOUT, deadline);
			if (w <= 0) {
				g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
					    "the vfio-user server at %s took no data for %d ms while "
					    "we sent %s", c->path, c->timeout_ms,
					    vfu_cmd_name(hdr->cmd));
				if (sent) /* half a message on the wire: framing is gone */
					conn_fail(c, g_error_copy(*error));
				goto out;
			}
			continue;
		}
		sent += (size_t)r;
		/* Skip what went out; fds rode with the first byte. */
		while (first < n && (size_t)r >= vec[first].iov_len) {
			r -= (ssize_t)vec[first].iov_len;
			first++;
		}
		if (first < n && r) {
			vec[first].iov_base = (uint8_t *)vec[first].iov_base + r;
			vec[first].iov_len -= (size_t)r;
		}
	}
	ok = TRUE;
out:
	g_mutex_unlock(&c->send_lock);
	return ok;
}

/* ---- receiving ------------------------------------------------------------- */

typedef struct {
	struct vfu_header hdr;
	uint8_t *data;
	size_t len;
	int fds[VFU_CLIENT_MAX_FDS];
	unsigned n_fds;
} VfuMsg;

static void msg_clear(VfuMsg *m)
{
	close_fds(m->fds, m->n_fds);
	m->n_fds = 0;
	g_clear_pointer(&m->data, g_free);
}

/*
 * Read exactly @len bytes into @buf, collecting any fds into @m.  Returns 1
 * when done, 0 on a clean end of stream before the first byte (only when
 * @eof_ok), -1 with @error otherwise.
 */
static int read_full(VfuConn *c, VfuMsg *m, void *buf, size_t len, bool eof_ok,
		     int64_t deadline, GError **error)
{
	size_t got = 0;

	while (got < len) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * VFU_CLIENT_MAX_FDS)];
			struct cmsghdr align;
		} ctl;
		struct iovec v = { (uint8_t *)buf + got, len - got };
		struct msghdr msg = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = ctl.buf,
				      .msg_controllen = sizeof(ctl.buf) };
		ssize_t r = recvmsg(c->sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);

		if (r < 0) {
			int w;

			if (errno == EINTR)
				continue;
			if (errno == ECONNRESET) {
				g_propagate_error(error, crashed(c));
				return -1;
			}
			if (errno != EAGAIN) {
				sv_set_error_errno(error, errno, "reading from the vfio-user server");
				return -1;
			}
			w = wait_fd(c->sock, POLLIN, deadline);
			if (w == 0) {
				g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
					    "the vfio-user server sent %zu of %zu bytes of a message, "
					    "then nothing for %d ms", got, len, c->timeout_ms);
				return -1;
			}
			if (w < 0) {
				sv_set_error_errno(error, errno, "poll on the vfio-user socket");
				return -1;
			}
			continue;
		}
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
			size_t n;
			const int *in;

			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			in = (const int *)CMSG_DATA(cm);
			for (size_t i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, in + i, sizeof(fd));
				if (m->n_fds < G_N_ELEMENTS(m->fds))
					m->fds[m->n_fds++] = fd;
				else
					close(fd);
			}
		}
		if (msg.msg_flags & MSG_CTRUNC) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "the vfio-user server sent more than %d file descriptors with "
				    "one message (we announced max_msg_fds %d)", VFU_CLIENT_MAX_FDS,
				    VFU_CLIENT_MAX_FDS);
			return -1;
		}
		if (r == 0) {
			if (got == 0 && eof_ok)
				return 0;
			g_propagate_error(error, crashed(c));
			g_prefix_error(error, "in the middle of a message: ");
			return -1;
		}
		got += (size_t)r;
	}
	return 1;
}

/* Receive one whole message.  1: got one; 0: orderly end; -1: error (fatal). */
static int recv_msg(VfuConn *c, VfuMsg *m, GError **error)
{
	int64_t deadline = sv_now_us() + (int64_t)c->timeout_ms * 1000;
	int r;

	memset(m, 0, sizeof(*m));
	r = read_full(c, m, &m->hdr, sizeof(m->hdr), true, deadline, error);
	if (r <= 0)
		return r;
	if (m->hdr.msg_size < sizeof(m->hdr) || m->hdr.msg_size > VFU_CLIENT_MAX_MSG) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "the vfio-user server sent a message (id %u, %s) of %u bytes: "
			    "outside [%zu, %d]", m->hdr.msg_id,
			    vfu_cmd_name(m->hdr.cmd), m->hdr.msg_size, sizeof(m->hdr),
			    VFU_CLIENT_MAX_MSG);
		return -1;
	}
	m->len = m->hdr.msg_size - sizeof(m->hdr);
	if (m->len) {
		m->data = g_malloc(m->len);
		if (read_full(c, m, m->data, m->len, false, deadline, error) < 0)
			return -1;
	}
	return 1;
}

/* Answer a command the server sent us. */
static void serve_request(VfuConn *c, VfuMsg *m)
{
	struct vfu_header rh = { .msg_id = m->hdr.msg_id, .cmd = m->hdr.cmd,
				 .flags = VFU_F_TYPE_REPLY };
	g_autoptr(GError) err = NULL;
	uint8_t *out = NULL;
	size_t out_len = 0;
	int e;

	if (m->n_fds) {
		/* No server-to-client command carries fds. */
		sv_debug("%s: %s from the server came with %u fds: refused", c->devname,
			 vfu_cmd_name(m->hdr.cmd), m->n_fds);
		close_fds(m->fds, m->n_fds);
		m->n_fds = 0;
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
		struct iovec v = { out, out_len };

		if (e) {
			rh.flags |= VFU_F_ERROR;
			rh.error_no = (uint32_t)e;
			v.iov_len = 0;
		}
		rh.msg_size = (uint32_t)(sizeof(rh) + v.iov_len);
		if (!send_msg(c, &rh, &v, 1, NULL, 0, &err))
			sv_debug("%s: replying to %s: %s", c->devname, vfu_cmd_name(m->hdr.cmd),
				 err->message);
	}
	g_free(out);
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
		g_mutex_unlock(&c->lock);
		sv_debug("%s: dropping the late reply to %s (id %u)", c->devname,
			 vfu_cmd_name(m->hdr.cmd), m->hdr.msg_id);
		pending_free(p);
		msg_clear(m);
		return TRUE;
	}
	if (m->n_fds > p->max_fds) {
		p->error = g_error_new(SV_ERROR, SV_ERROR_PROTOCOL,
				       "the reply carried %u file descriptor(s); at most %u "
				       "expected", m->n_fds, p->max_fds);
		close_fds(m->fds, m->n_fds);
		m->n_fds = 0;
	}
	p->reply.hdr = m->hdr;
	p->reply.data = m->data;
	p->reply.len = m->len;
	m->data = NULL;
	if (m->n_fds) {
		p->reply.fds = g_memdup2(m->fds, sizeof(int) * m->n_fds);
		p->reply.n_fds = m->n_fds;
		m->n_fds = 0;
	}
	p->done = true;
	g_cond_broadcast(&c->cond);
	g_mutex_unlock(&c->lock);
	return TRUE;
}

static gpointer recv_thread(gpointer data)
{
	VfuConn *c = data;

	for (;;) {
		struct pollfd pfd[2] = { { .fd = c->sock, .events = POLLIN },
					 { .fd = c->stop_fd, .events = POLLIN } };
		GError *err = NULL;
		VfuMsg m;
		int r;

		/* Idle wait: ends with a message, a hang-up, or close (stop_fd). */
		r = poll(pfd, 2, -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sv_set_error_errno(&err, errno, "poll on the vfio-user socket");
			conn_fail(c, err);
			break;
		}
		if (pfd[1].revents)
			break;
		r = recv_msg(c, &m, &err);
		if (r <= 0) {
			msg_clear(&m);
			conn_fail(c, r == 0 ? crashed(c) : err);
			break;
		}
		switch (m.hdr.flags & VFU_F_TYPE_MASK) {
		case VFU_F_TYPE_REPLY:
			if (!file_reply(c, &m, &err)) {
				msg_clear(&m);
				conn_fail(c, err);
				return NULL;
			}
			break;
		case VFU_F_TYPE_COMMAND:
			serve_request(c, &m);
			break;
		default:
			g_set_error(&err, SV_ERROR, SV_ERROR_PROTOCOL,
				    "the vfio-user server sent a message of type %u (flags "
				    "0x%x): neither command nor reply",
				    m.hdr.flags & VFU_F_TYPE_MASK, m.hdr.flags);
			msg_clear(&m);
			conn_fail(c, err);
			return NULL;
		}
		msg_clear(&m);
	}
	return NULL;
}

gboolean vfu_conn_start(VfuConn *c, GError **error)
{
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
	close(c->sock);
	close(c->stop_fd);
	g_list_free_full(c->pending, (GDestroyNotify)pending_free);
	g_clear_error(&c->dead);
	g_mutex_clear(&c->send_lock);
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

gboolean vfu_call(VfuConn *c, uint16_t cmd, const struct iovec *iov, unsigned n_iov,
		  const int *fds, unsigned n_fds, unsigned max_reply_fds, VfuReply *reply,
		  const char *what, GError **error)
{
	struct vfu_header hdr = { .cmd = cmd, .flags = VFU_F_TYPE_COMMAND };
	g_autoptr(GError) send_err = NULL;
	VfuPending *p;
	size_t size = sizeof(hdr);
	gint64 deadline;
	GError *perr;

	memset(reply, 0, sizeof(*reply));
	for (unsigned i = 0; i < n_iov; i++)
		size += iov[i].iov_len;
	g_assert(size <= UINT32_MAX);
	hdr.msg_size = (uint32_t)size;

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
		p->id = c->next_id++;
	while (id_in_use(c, p->id));
	c->pending = g_list_prepend(c->pending, p);
	g_mutex_unlock(&c->lock);
	hdr.msg_id = p->id;

	if (!send_msg(c, &hdr, iov, n_iov, fds, n_fds, &send_err)) {
		g_mutex_lock(&c->lock);
		c->pending = g_list_remove(c->pending, p);
		g_mutex_unlock(&c->lock);
		pending_free(p);
		g_set_error(error, send_err->domain, send_err->code, "%s: %s (sending %s)",
			    c->devname, send_err->message, what);
		return FALSE;
	}

	deadline = g_get_monotonic_time() + (gint64)c->timeout_ms * 1000;
	g_mutex_lock(&c->lock);
	while (!p->done) {
		if (!g_cond_wait_until(&c->cond, &c->lock, deadline) && !p->done) {
			p->abandoned = true;
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
