// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfio-user-wire.c - vfio-user framing on a stream socket: see
 * sofvfio/vfio-user-wire.h.  In the base library (driver/meson.build) that
 * the driver and the mock both link.
 */
#define SV_LOG_PREFIX "vfio-user-wire"
#include "sofvfio/log.h"
#include "sofvfio/error.h"
#include "sofvfio/vfio-user-wire.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct VfuWire {
	int fd;
	char *peer;
	size_t max_msg;
	unsigned max_fds;
	gint next_id;            /* atomic */
	GMutex send_lock;        /* one message on the wire at a time */
	bool broken;             /* half a message went out */
	bool blocking;           /* reads with a deadline sleep in recvmsg() (SO_RCVTIMEO) */
	/*
	 * Read-ahead (vfu_wire_set_read_ahead()): a header is read together with
	 * up to sizeof(spill) bytes after it, one recvmsg() for a small message.
	 * Bytes past the message wait in spill for the next one; fds that came
	 * with them (spill_fds) belong to the message holding the spill's last
	 * byte (the kernel ends a read after the first skb that carries fds, and
	 * a sender puts fds on the first byte of its message).
	 */
	bool read_ahead;
	uint8_t spill[256];
	size_t spill_off, spill_len;
	GArray *spill_fds;
	bool closed_mid_message;

	/* the message being received */
	struct vfu_header hdr;
	size_t hdr_got;
	bool have_hdr;
	uint8_t *data;
	size_t len, data_got;
	GArray *fds;
	void *cmsg;              /* control buffer for max_fds */
	size_t cmsg_len;
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

void vfu_msg_clear(VfuMsg *msg)
{
	for (unsigned i = 0; i < msg->n_fds; i++)
		if (msg->fds[i] >= 0)
			close(msg->fds[i]);
	g_free(msg->fds);
	g_free(msg->data);
	memset(msg, 0, sizeof(*msg));
}

void vfu_msg_free(VfuMsg *msg)
{
	if (!msg)
		return;
	vfu_msg_clear(msg);
	g_free(msg);
}

int vfu_msg_take_fd(VfuMsg *msg, unsigned i)
{
	int fd;

	if (i >= msg->n_fds)
		return -1;
	fd = msg->fds[i];
	msg->fds[i] = -1;
	return fd;
}

VfuWire *vfu_wire_new(int fd, const char *peer, size_t max_msg, unsigned max_fds)
{
	VfuWire *w = g_new0(VfuWire, 1);

	g_assert(max_msg >= sizeof(struct vfu_header) && max_msg <= UINT32_MAX);
	g_assert(max_fds >= 1 && max_fds <= VFU_WIRE_MAX_FDS);
	w->fd = fd;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		sv_warn("fcntl(O_NONBLOCK) on the socket to %s: %s", peer, g_strerror(errno));
	w->peer = g_strdup(peer);
	w->max_msg = max_msg;
	w->max_fds = max_fds;
	w->next_id = 1;
	g_mutex_init(&w->send_lock);
	w->fds = g_array_new(FALSE, FALSE, sizeof(int));
	w->spill_fds = g_array_new(FALSE, FALSE, sizeof(int));
	w->cmsg_len = CMSG_SPACE(sizeof(int) * max_fds);
	w->cmsg = g_malloc0(w->cmsg_len);
	return w;
}

static void drop_partial(VfuWire *w)
{
	for (unsigned i = 0; i < w->fds->len; i++)
		close(g_array_index(w->fds, int, i));
	g_array_set_size(w->fds, 0);
	for (unsigned i = 0; i < w->spill_fds->len; i++)
		close(g_array_index(w->spill_fds, int, i));
	g_array_set_size(w->spill_fds, 0);
	w->spill_off = w->spill_len = 0;
	g_clear_pointer(&w->data, g_free);
	w->hdr_got = w->data_got = w->len = 0;
	w->have_hdr = false;
}

void vfu_wire_free(VfuWire *w)
{
	if (!w)
		return;
	drop_partial(w);
	g_array_free(w->fds, TRUE);
	g_array_free(w->spill_fds, TRUE);
	close(w->fd);
	g_mutex_clear(&w->send_lock);
	g_free(w->cmsg);
	g_free(w->peer);
	g_free(w);
}

int vfu_wire_fd(VfuWire *w)
{
	return w->fd;
}

const char *vfu_wire_peer(VfuWire *w)
{
	return w->peer;
}

uint16_t vfu_wire_next_id(VfuWire *w)
{
	return (uint16_t)g_atomic_int_add(&w->next_id, 1);
}

gboolean vfu_wire_set_blocking_reads(VfuWire *w, int timeout_ms, GError **error)
{
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = timeout_ms % 1000 * 1000 };

	if (setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    fcntl(w->fd, F_SETFL, fcntl(w->fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		sv_set_error_errno(error, errno, "making reads from %s block", w->peer);
		return FALSE;
	}
	w->blocking = true;
	return TRUE;
}

void vfu_wire_set_read_ahead(VfuWire *w)
{
	w->read_ahead = true;
}

bool vfu_wire_buffered(VfuWire *w)
{
	return w->spill_len > w->spill_off;
}

bool vfu_wire_closed_mid_message(VfuWire *w)
{
	return w->closed_mid_message;
}

bool vfu_wire_broken(VfuWire *w)
{
	return w->broken;
}

/* ---- receiving ------------------------------------------------------------ */

static void take_fds_into(GArray *to, struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			g_array_append_val(to, fd);
		}
	}
}

static void take_fds(VfuWire *w, struct msghdr *mh)
{
	take_fds_into(w->fds, mh);
}

/* What the header says once complete: FALSE (*msg, *st, @error set) when it is out of range. */
static gboolean header_done(VfuWire *w, VfuWireStatus *st, VfuMsg **msg, GError **error);

/*
 * Take what the spill holds for the message being received: 1 when it gave
 * bytes, 0 when empty.  The spill's fds go with its last byte.
 */
static int from_spill(VfuWire *w, VfuWireStatus *st, VfuMsg **msg, GError **error)
{
	size_t avail = w->spill_len - w->spill_off, n;
	uint8_t *to;

	if (!avail)
		return 0;
	if (!w->have_hdr) {
		to = (uint8_t *)&w->hdr + w->hdr_got;
		n = MIN(avail, sizeof(w->hdr) - w->hdr_got);
	} else {
		to = w->data + w->data_got;
		n = MIN(avail, w->len - w->data_got);
	}
	memcpy(to, w->spill + w->spill_off, n);
	w->spill_off += n;
	if (w->spill_off == w->spill_len) {
		g_array_append_vals(w->fds, w->spill_fds->data, w->spill_fds->len);
		g_array_set_size(w->spill_fds, 0);
		w->spill_off = w->spill_len = 0;
	}
	if (w->have_hdr) {
		w->data_got += n;
		return 1;
	}
	w->hdr_got += n;
	if (w->hdr_got == sizeof(w->hdr) && !header_done(w, st, msg, error))
		return -1;
	return 1;
}

static VfuMsg *finish(VfuWire *w)
{
	VfuMsg *msg = g_new0(VfuMsg, 1);

	msg->hdr = w->hdr;
	msg->data = w->data;
	msg->len = w->len;
	msg->n_fds = w->fds->len;
	msg->fds = g_new(int, w->fds->len + 1);
	if (w->fds->len)
		memcpy(msg->fds, w->fds->data, w->fds->len * sizeof(int));
	g_array_set_size(w->fds, 0);
	w->data = NULL;
	w->hdr_got = w->data_got = w->len = 0;
	w->have_hdr = false;
	return msg;
}

/* One recvmsg() of what remains of the header or payload: 1 read, 0 nothing yet. */
static int recv_some(VfuWire *w, VfuWireStatus *st, VfuMsg **msg, bool wait, GError **error)
{
	struct iovec iov[2];
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 1, .msg_control = w->cmsg,
			     .msg_controllen = w->cmsg_len };
	bool in_message = w->hdr_got || w->have_hdr;
	bool ahead = false;
	ssize_t n;
	int r;

	r = from_spill(w, st, msg, error);
	if (r)
		return r;
	if (!w->have_hdr) {
		iov[0].iov_base = (uint8_t *)&w->hdr + w->hdr_got;
		iov[0].iov_len = sizeof(w->hdr) - w->hdr_got;
		/* At a message boundary: what follows the header comes in the same read. */
		if (w->read_ahead && !w->hdr_got) {
			iov[1].iov_base = w->spill;
			iov[1].iov_len = sizeof(w->spill);
			mh.msg_iovlen = 2;
			ahead = true;
		}
	} else {
		iov[0].iov_base = w->data + w->data_got;
		iov[0].iov_len = w->len - w->data_got;
	}
	do
		n = recvmsg(w->fd, &mh, (wait && w->blocking ? 0 : MSG_DONTWAIT) | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n < 0 && errno != ECONNRESET) {
		sv_set_error_errno(error, errno, "reading from %s", w->peer);
		drop_partial(w);
		*st = VFU_WIRE_ERROR;
		return -1;
	}
	if (n <= 0) {
		take_fds(w, &mh);
		drop_partial(w);
		w->closed_mid_message = in_message;
		g_set_error(error, SV_ERROR, SV_ERROR_CRASHED, "%s closed the connection%s", w->peer,
			    in_message ? " in the middle of a message" : "");
		*st = VFU_WIRE_CLOSED;
		return -1;
	}
	if (ahead && (size_t)n > sizeof(w->hdr)) {
		/* Past the header: the spill, and the fds with it (see struct VfuWire). */
		w->spill_off = 0;
		w->spill_len = (size_t)n - sizeof(w->hdr);
		take_fds_into(w->spill_fds, &mh);
		n = sizeof(w->hdr);
	} else {
		take_fds(w, &mh);
	}
	if (mh.msg_flags & MSG_CTRUNC) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s sent more than %u file descriptors with one message (at most %u "
			    "accepted)", w->peer, w->max_fds, w->max_fds);
		drop_partial(w);
		*st = VFU_WIRE_ERROR;
		return -1;
	}
	if (w->have_hdr) {
		w->data_got += (size_t)n;
		return 1;
	}
	w->hdr_got += (size_t)n;
	if (w->hdr_got < sizeof(w->hdr))
		return 1;
	return header_done(w, st, msg, error) ? 1 : -1;
}

static gboolean header_done(VfuWire *w, VfuWireStatus *st, VfuMsg **msg, GError **error)
{
	if (w->hdr.msg_size < sizeof(w->hdr) || w->hdr.msg_size > w->max_msg) {
		VfuMsg *bad = g_new0(VfuMsg, 1);

		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s sent a message (id %u, %s) of %u bytes: outside [%zu, %zu]",
			    w->peer, w->hdr.msg_id, vfu_cmd_name(w->hdr.cmd), w->hdr.msg_size,
			    sizeof(w->hdr), w->max_msg);
		bad->hdr = w->hdr;
		drop_partial(w);
		*msg = bad;
		*st = VFU_WIRE_BAD;
		return FALSE;
	}
	w->have_hdr = true;
	w->len = w->hdr.msg_size - sizeof(w->hdr);
	w->data = w->len ? g_malloc(w->len) : NULL;
	w->data_got = 0;
	return TRUE;
}

VfuWireStatus vfu_wire_recv(VfuWire *w, int64_t deadline_us, VfuMsg **msg, GError **error)
{
	int64_t start = deadline_us ? sv_now_us() : 0;

	*msg = NULL;
	w->closed_mid_message = false;
	for (;;) {
		struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
		VfuWireStatus st = VFU_WIRE_ERROR;
		int r;

		if (w->have_hdr && w->data_got == w->len) {
			*msg = finish(w);
			return VFU_WIRE_MSG;
		}
		/* Waiting: one recvmsg() that sleeps, rather than EAGAIN, poll(), recvmsg(). */
		r = recv_some(w, &st, msg, deadline_us != 0, error);
		if (r < 0)
			return st;
		if (r > 0)
			continue;
		if (!deadline_us)
			return VFU_WIRE_AGAIN;
		r = sv_poll_until(&pfd, 1, deadline_us);
		if (r < 0) {
			sv_set_error_errno(error, errno, "waiting for a message from %s", w->peer);
			drop_partial(w);
			return VFU_WIRE_ERROR;
		}
		if (r > 0)
			continue;
		if (!w->hdr_got && !w->have_hdr)
			return VFU_WIRE_AGAIN;
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s sent %zu of %zu bytes of a message, then nothing for %" G_GINT64_FORMAT
			    " ms", w->peer, w->have_hdr ? sizeof(w->hdr) + w->data_got : w->hdr_got,
			    w->have_hdr ? sizeof(w->hdr) + w->len : sizeof(w->hdr),
			    (deadline_us - start + 999) / 1000);
		drop_partial(w);
		return VFU_WIRE_ERROR;
	}
}

/* ---- sending -------------------------------------------------------------- */

static gboolean send_iov(VfuWire *w, struct iovec *vec, unsigned n, const int *fds,
			 unsigned n_fds, const char *what, int64_t deadline_us, GError **error)
{
	int64_t start = sv_now_us();
	size_t total = 0, sent = 0;
	unsigned first = 0;
	gboolean ok = FALSE;

	g_assert(n_fds <= VFU_WIRE_MAX_FDS);
	for (unsigned i = 0; i < n; i++)
		total += vec[i].iov_len;

	g_mutex_lock(&w->send_lock);
	while (sent < total) {
		struct msghdr mh = { .msg_iov = vec + first, .msg_iovlen = n - first };
		g_autofree void *ctl = NULL;
		ssize_t r;

		if (sent == 0 && n_fds) {
			struct cmsghdr *cm;

			/* The fds ride with the first byte of the message. */
			mh.msg_controllen = CMSG_SPACE(sizeof(int) * n_fds);
			ctl = g_malloc0(mh.msg_controllen);
			mh.msg_control = ctl;
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(sizeof(int) * n_fds);
			memcpy(CMSG_DATA(cm), fds, sizeof(int) * n_fds);
		}
		r = sendmsg(w->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			struct pollfd pfd = { .fd = w->fd, .events = POLLOUT };
			int e = errno, p;

			if (e == EINTR)
				continue;
			if (e == EPIPE || e == ECONNRESET) {
				g_set_error(error, SV_ERROR, SV_ERROR_CRASHED,
					    "%s closed the connection (sending %s)", w->peer, what);
				goto out;
			}
			if (e != EAGAIN && e != EWOULDBLOCK) {
				sv_set_error_errno(error, e, "sending %s to %s", what, w->peer);
				goto out;
			}
			p = sv_poll_until(&pfd, 1, deadline_us);
			if (p <= 0) {
				g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
					    "%s took no data for %" G_GINT64_FORMAT " ms while we "
					    "sent %s", w->peer, (sv_now_us() - start + 999) / 1000,
					    what);
				goto out;
			}
			continue;
		}
		sent += (size_t)r;
		/* Skip what went out, possibly in the middle of a piece. */
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
	if (!ok && sent) {
		/* Half a message on the wire: the framing is gone. */
		w->broken = true;
		g_prefix_error(error, "after %zu of %zu bytes: ", sent, total);
	}
	g_mutex_unlock(&w->send_lock);
	return ok;
}

gboolean vfu_wire_send(VfuWire *w, uint16_t id, uint16_t cmd, uint32_t flags, uint32_t error_no,
		       const struct iovec *iov, unsigned n_iov, const int *fds, unsigned n_fds,
		       int64_t deadline_us, GError **error)
{
	struct vfu_header hdr = { .msg_id = id, .cmd = cmd, .flags = flags, .error_no = error_no };
	struct iovec vec[VFU_WIRE_MAX_IOV + 1];
	size_t size = sizeof(hdr);
	unsigned n = 0;

	g_assert(n_iov <= VFU_WIRE_MAX_IOV);
	vec[n++] = (struct iovec){ &hdr, sizeof(hdr) };
	for (unsigned i = 0; i < n_iov; i++)
		if (iov[i].iov_len) {
			vec[n++] = iov[i];
			size += iov[i].iov_len;
		}
	g_assert(size <= UINT32_MAX);
	hdr.msg_size = (uint32_t)size;
	return send_iov(w, vec, n, fds, n_fds, vfu_cmd_name(cmd), deadline_us, error);
}

gboolean vfu_wire_send_bytes(VfuWire *w, const struct iovec *iov, unsigned n_iov, const int *fds,
			     unsigned n_fds, int64_t deadline_us, GError **error)
{
	struct iovec vec[VFU_WIRE_MAX_IOV];
	unsigned n = 0;

	g_assert(n_iov <= VFU_WIRE_MAX_IOV);
	for (unsigned i = 0; i < n_iov; i++)
		if (iov[i].iov_len)
			vec[n++] = iov[i];
	return send_iov(w, vec, n, fds, n_fds, "a message", deadline_us, error);
}
