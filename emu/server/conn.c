// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conn.c - vfio-user framing: see conn.h.
 *
 * Each recvmsg() asks for at most the bytes that remain of the current
 * header or payload, so data (and fds) of two messages are never mixed.
 */
#define SV_LOG_PREFIX "conn"
#include "sofvfio/log.h"
#include "conn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* Room for the most fds one sendmsg() can carry (SCM_MAX_FD), so that extra
 * fds are received and closed here rather than leaked or truncated. */
#define CMSG_MAX_FDS 253

struct EmuConn {
	int fd;
	struct vfu_header hdr;
	size_t hdr_got;
	gboolean have_hdr;
	uint8_t *data;
	size_t len, data_got;
	GArray *fds;
};

void emu_msg_free(EmuMsg *msg)
{
	if (!msg)
		return;
	for (unsigned i = 0; i < msg->n_fds; i++)
		if (msg->fds[i] >= 0)
			close(msg->fds[i]);
	g_free(msg->fds);
	g_free(msg->data);
	g_free(msg);
}

EmuConn *emu_conn_new(int fd)
{
	EmuConn *conn = g_new0(EmuConn, 1);

	conn->fd = fd;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	conn->fds = g_array_new(FALSE, FALSE, sizeof(int));
	return conn;
}

static void drop_partial(EmuConn *conn)
{
	for (unsigned i = 0; i < conn->fds->len; i++)
		close(g_array_index(conn->fds, int, i));
	g_array_set_size(conn->fds, 0);
	g_clear_pointer(&conn->data, g_free);
	conn->hdr_got = conn->data_got = conn->len = 0;
	conn->have_hdr = FALSE;
}

void emu_conn_free(EmuConn *conn)
{
	if (!conn)
		return;
	drop_partial(conn);
	g_array_free(conn->fds, TRUE);
	close(conn->fd);
	g_free(conn);
}

int emu_conn_fd(EmuConn *conn)
{
	return conn->fd;
}

static void take_fds(EmuConn *conn, struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			g_array_append_val(conn->fds, fd);
		}
	}
}

static EmuMsg *finish(EmuConn *conn)
{
	EmuMsg *msg = g_new0(EmuMsg, 1);

	msg->hdr = conn->hdr;
	msg->data = conn->data;
	msg->len = conn->len;
	msg->n_fds = conn->fds->len;
	msg->fds = g_new(int, conn->fds->len + 1);
	if (conn->fds->len)
		memcpy(msg->fds, conn->fds->data, conn->fds->len * sizeof(int));
	g_array_set_size(conn->fds, 0);
	conn->data = NULL;
	conn->hdr_got = conn->data_got = conn->len = 0;
	conn->have_hdr = FALSE;
	return msg;
}

EmuRecv emu_conn_recv(EmuConn *conn, EmuMsg **msg)
{
	union {
		char buf[CMSG_SPACE(CMSG_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;

	*msg = NULL;
	for (;;) {
		struct iovec iov;
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;

		if (conn->have_hdr && conn->data_got == conn->len) {
			*msg = finish(conn);
			return EMU_RECV_MSG;
		}
		if (!conn->have_hdr) {
			iov.iov_base = (uint8_t *)&conn->hdr + conn->hdr_got;
			iov.iov_len = sizeof(conn->hdr) - conn->hdr_got;
		} else {
			iov.iov_base = conn->data + conn->data_got;
			iov.iov_len = conn->len - conn->data_got;
		}
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(conn->fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return EMU_RECV_AGAIN;
		if (n <= 0) {
			if (n < 0)
				sv_debug("recvmsg: %s", g_strerror(errno));
			else if (conn->hdr_got || conn->have_hdr)
				sv_info("client closed the socket in the middle of a message");
			take_fds(conn, &mh);
			drop_partial(conn);
			return EMU_RECV_CLOSED;
		}
		take_fds(conn, &mh);
		if (mh.msg_flags & MSG_CTRUNC)
			sv_warn("more than %d fds in one message: the rest were dropped",
				CMSG_MAX_FDS);
		if (conn->have_hdr) {
			conn->data_got += n;
			continue;
		}
		conn->hdr_got += n;
		if (conn->hdr_got < sizeof(conn->hdr))
			continue;
		if (conn->hdr.msg_size < sizeof(conn->hdr) ||
		    conn->hdr.msg_size > VFU_MAX_MSG_SIZE) {
			EmuMsg *bad = g_new0(EmuMsg, 1);

			bad->hdr = conn->hdr;
			drop_partial(conn);
			*msg = bad;
			return EMU_RECV_BAD;
		}
		conn->have_hdr = TRUE;
		conn->len = conn->hdr.msg_size - sizeof(conn->hdr);
		conn->data = conn->len ? g_malloc(conn->len) : NULL;
		conn->data_got = 0;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

gboolean emu_conn_send(EmuConn *conn, uint16_t msg_id, uint16_t cmd, uint32_t flags,
		       uint32_t error_no, const void *p1, size_t l1, const void *p2, size_t l2)
{
	struct vfu_header hdr = {
		.msg_id = msg_id,
		.cmd = cmd,
		.msg_size = sizeof(hdr) + l1 + l2,
		.flags = flags,
		.error_no = error_no,
	};
	struct iovec iov[3] = {
		{ &hdr, sizeof(hdr) },
		{ (void *)p1, l1 },
		{ (void *)p2, l2 },
	};
	int64_t deadline = now_ms() + EMU_SEND_TIMEOUT_MS;
	unsigned first = 0;

	while (first < 3) {
		struct msghdr mh = { .msg_iov = iov + first, .msg_iovlen = 3 - first };
		ssize_t n = sendmsg(conn->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = conn->fd, .events = POLLOUT };
			int64_t left = deadline - now_ms();

			if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
				sv_warn("client does not read its socket: giving up on it");
				return FALSE;
			}
			continue;
		}
		if (n < 0) {
			sv_debug("sendmsg: %s", g_strerror(errno));
			return FALSE;
		}
		/* Skip what went out, possibly in the middle of an iovec. */
		while (first < 3 && (size_t)n >= iov[first].iov_len) {
			n -= iov[first].iov_len;
			first++;
		}
		if (first < 3) {
			iov[first].iov_base = (uint8_t *)iov[first].iov_base + n;
			iov[first].iov_len -= n;
		}
	}
	return TRUE;
}
