// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-vfu-client.c - the vfio-user client backend (driver/backend/
 * vfio-user) against a hostile server: its replies (VERSION with its
 * capability JSON, DEVICE_GET_INFO, region info with capability chains
 * and mmap fds, IRQ info, region data, DMA_MAP/SET_IRQS acks) and its own
 * requests (DMA_READ/DMA_WRITE) come from the input, while the client opens
 * the device, reads everything `sofvfio info` reads, maps DMA memory,
 * enables INTx and MSI, touches BAR0 and closes.
 *
 * Input: chunks {u8 spec, u16 length, bytes}, one per message the server
 * sends.  spec bits 0-2: fds with it (bit 3: eventfds, else 64 KiB memfds);
 * bit 6: make it a well-formed reply to the request just read (header id,
 * command, size, reply flag written over the first 16 bytes).  The server
 * reads a request, then sends chunks until one completes the reply the
 * client waits for (so the client never waits out its timeout); with
 * nothing owed it reads the next request first, unless the chunk before
 * had bit 5 (a server-to-client request, or noise, between replies).
 * Bits 4 and 7 together: a pause: nothing is sent and the server reads the
 * client's next message, so the reply the client waits for times out
 * (SOFVFIO_VFU_TIMEOUT_MS=2) and it meets late replies.  When the input
 * ends the server closes the connection.
 *
 * The server has no thread: it runs in the client's, whenever one is about
 * to wait for the socket (see serve_now()), so a reply is on the socket
 * before the client waits for it, and the 2 ms only pass where the input
 * pauses.
 */
#include "fuzz.h"
#include "sofvfio/device.h"
#include "sofvfio/vfio-user-wire.h"
#include "sofvfio/wait.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char *tmpdir, *sock_path, *dev_name;
static int listen_fd = -1;

/*
 * The server's side of one input.  It tracks the message framing of what it
 * sent, as the client parses it, so that it knows when the client's wait is
 * over: a chunk that is not the awaited reply is followed by the next one
 * at once, and the client never waits out its timeout unless the input
 * pauses (SPEC_PAUSE).
 */
typedef struct {
	FuzzInput in;
	VfuWire *w;
	struct vfu_header req;  /* the client's last command */
	bool have_req;
	bool waiting;           /* the client waits for the reply to @req */
	struct vfu_header hdr;  /* the message being sent, as framed */
	size_t hdr_got, rest;
	bool broken;            /* a header the client refuses: it hangs up */
	bool ahead;             /* the chunk before had SPEC_AHEAD */
	bool closed;            /* the server hung up */
} Server;

#define SPEC_AHEAD 0x20   /* when idle: the next chunk goes out before a request is read */
#define SPEC_REPLY 0x40   /* re-addressed to the last request */
#define SPEC_PAUSE 0x90   /* both bits: nothing sent, the server waits for the client's next message */

/* A whole message went out: the awaited reply? */
static void sent_message(Server *s)
{
	if (s->waiting && vfu_msg_type(&s->hdr) == VFU_F_TYPE_REPLY &&
	    s->hdr.msg_id == s->req.msg_id && s->hdr.cmd == s->req.cmd)
		s->waiting = false;
}

/* Follow the framing over @n bytes sent. */
static void track(Server *s, const uint8_t *p, size_t n)
{
	while (n && !s->broken) {
		size_t take;

		if (s->hdr_got < sizeof(s->hdr)) {
			take = MIN(n, sizeof(s->hdr) - s->hdr_got);
			memcpy((uint8_t *)&s->hdr + s->hdr_got, p, take);
			s->hdr_got += take;
			if (s->hdr_got == sizeof(s->hdr)) {
				s->broken = s->hdr.msg_size < sizeof(s->hdr);
				s->rest = s->hdr.msg_size - sizeof(s->hdr);
			}
		} else {
			take = MIN(n, s->rest);
			s->rest -= take;
		}
		p += take;
		n -= take;
		if (s->hdr_got == sizeof(s->hdr) && !s->rest && !s->broken) {
			sent_message(s);
			s->hdr_got = 0;
		}
	}
}

/* Send a chunk (@spec, @got bytes at @p) and its fds. */
static void send_chunk(Server *s, uint8_t spec, const uint8_t *p, size_t got)
{
	/* zeroed: a header made of fewer bytes is deterministic */
	g_autofree uint8_t *buf = g_malloc0(MAX(got, sizeof(struct vfu_header)));
	struct iovec iov;
	int fds[8];
	unsigned n_fds;

	memcpy(buf, p, got);
	if (spec & SPEC_REPLY && s->have_req) {
		struct vfu_header h;

		got = MAX(got, sizeof(h));
		memcpy(&h, buf, sizeof(h));
		h.msg_id = s->req.msg_id;
		h.cmd = s->req.cmd;
		h.msg_size = (uint32_t)got;
		h.flags = (h.flags & ~VFU_F_TYPE_MASK) | VFU_F_TYPE_REPLY;
		memcpy(buf, &h, sizeof(h));
	}
	iov = (struct iovec){ buf, got };
	n_fds = fuzz_make_fds(spec, fds);
	if (vfu_wire_send_bytes(s->w, &iov, 1, fds, n_fds, sv_deadline_us(G_USEC_PER_SEC), NULL))
		track(s, buf, got);
	for (unsigned i = 0; i < n_fds; i++)
		close(fds[i]);
}

/* The server hangs up (the input is used up, or the client left). */
static void hang_up(Server *s)
{
	vfu_wire_free(s->w);
	s->w = NULL;
	s->closed = true;
}

/*
 * Whether a chunk (at most 64 KiB) goes out without waiting: the socket is
 * writable (a quarter of its buffer used at most), or broken (the send
 * fails at once).  The server must not wait: the client it waits for may be
 * the thread it runs in.
 */
static bool room(Server *s)
{
	struct pollfd pfd = { .fd = vfu_wire_fd(s->w), .events = POLLOUT };

	return poll(&pfd, 1, 0) != 0;
}

/*
 * Run the server as far as it goes without waiting for the client: its
 * next message, when nothing is owed, is read only if it is there.
 */
static void serve(Server *s)
{
	if (s->closed)
		return;
	if (!s->w) {
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			return;
		s->w = vfu_wire_new(fd, "the client", VFU_MAX_MSG_SIZE, VFU_WIRE_MAX_FDS);
	}
	while (s->in.left) {
		uint8_t spec;
		uint16_t len;
		size_t got;
		const uint8_t *p;

		if (!s->waiting && !s->ahead) {
			/* Nothing owed: the client's next message (or its hanging up). */
			g_autoptr(VfuMsg) m = NULL;

			switch (vfu_wire_recv(s->w, 0, &m, NULL)) {
			case VFU_WIRE_MSG:
				break;
			case VFU_WIRE_AGAIN:
				return;
			default:
				hang_up(s);
				return;
			}
			if (vfu_msg_type(&m->hdr) == VFU_F_TYPE_REPLY)
				continue; /* the client answering a request of ours */
			s->req = m->hdr;
			s->have_req = true;
			s->waiting = !(m->hdr.flags & VFU_F_NO_REPLY);
		}
		/* No room for a chunk: the client reads before it waits again. */
		if (!room(s))
			return;
		spec = fuzz_u8(&s->in);
		len = fuzz_u16(&s->in);
		p = fuzz_bytes(&s->in, len, &got);
		if ((spec & SPEC_PAUSE) == SPEC_PAUSE) {
			/* Silence: the reply the client waits for (if any) times out. */
			s->waiting = s->ahead = false;
			continue;
		}
		send_chunk(s, spec, p, got);
		s->ahead = spec & SPEC_AHEAD;
	}
	hang_up(s);
}

/*
 * The server runs in the client's threads, whenever one of them is about
 * to wait for the socket: a requester's blocking recvmsg() for its reply,
 * a wait for room to send (both wrapped at link time, fuzz/meson.build).
 * The server is then done with what the client sent, so the wait ends at
 * once, or after the client's timeout where the input pauses: no thread
 * of ours is woken per message.
 */
static GMutex server_lock;
static Server *server;    /* the input being served */

/* @may_wait: for the lock (else only when free: a wait of the server itself holds it). */
static void serve_now(bool may_wait)
{
	if (may_wait)
		g_mutex_lock(&server_lock);
	else if (!g_mutex_trylock(&server_lock))
		return;
	if (server)
		serve(server);
	g_mutex_unlock(&server_lock);
}

ssize_t __real_recvmsg(int fd, struct msghdr *mh, int flags);
ssize_t __wrap_recvmsg(int fd, struct msghdr *mh, int flags);
int __real_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us);
int __wrap_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us);

ssize_t __wrap_recvmsg(int fd, struct msghdr *mh, int flags)
{
	/* (the server's own reads never wait) */
	if (!(flags & MSG_DONTWAIT))
		serve_now(true);
	return __real_recvmsg(fd, mh, flags);
}

int __wrap_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us)
{
	serve_now(false);
	return __real_sv_poll_until(fds, n, deadline_us);
}

static void cleanup(void)
{
	close(listen_fd);
	g_unlink(sock_path);
	g_rmdir(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_autoptr(GError) err = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	fuzz_setup();
	/* What a pause costs.  Every other reply is on the socket before the
	 * client waits for it (serve_now()): the limit is never a race. */
	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "2", TRUE);
	tmpdir = g_dir_make_tmp("fuzz-vfu-XXXXXX", &err);
	if (!tmpdir)
		abort();
	sock_path = g_build_filename(tmpdir, "s", NULL);
	dev_name = g_strconcat("vfio-user:", sock_path, NULL);
	g_strlcpy(sa.sun_path, sock_path, sizeof(sa.sun_path));
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(listen_fd, 4) < 0)
		abort();
	atexit(cleanup);
	return 0;
}

/* What `sofvfio info` and a driver's bring-up ask of the device. */
static void use_device(SvDevice *dev)
{
	const SvDeviceInfo *info = sv_device_get_info(dev);
	g_autoptr(GString) out = g_string_new(NULL);
	SvDmaBuf *buf;
	uint32_t v;

	sv_device_describe(dev, out);
	for (uint32_t i = 0; i < MIN(info->num_regions, 16); i++) {
		SvRegionInfo ri;

		if (sv_region_info(dev, i, &ri, NULL) &&
		    (ri.n_caps > SV_MAX_CAPS || ri.n_sparse > SV_MAX_SPARSE))
			abort();
	}
	for (uint32_t i = 0; i < MIN(info->num_irqs, 8); i++) {
		SvIrqInfo ii;

		sv_irq_info(dev, i, &ii, NULL);
	}
	sv_config_read32(dev, 0, &v, NULL);
	sv_pci_enable(dev, NULL);
	if (sv_bar_map(dev, 0, NULL)) {
		sv_read32(dev, 0, 0);
		sv_write32(dev, 0, 8, 1);
		sv_device_take_error(dev, NULL);
	}
	buf = sv_dma_alloc(dev, 4096, NULL);
	if (sv_irq_enable(dev, 0, 1, NULL))
		sv_irq_disable(dev, 0, NULL);
	if (sv_irq_enable(dev, 1, 1, NULL))
		sv_irq_disable(dev, 1, NULL);
	if (buf)
		sv_dma_free(dev, buf);
	sv_device_reset(dev, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Server s = { { data, size } };
	g_autoptr(GError) err = NULL;
	SvDevice *dev;

	g_mutex_lock(&server_lock);
	server = &s;
	g_mutex_unlock(&server_lock);
	dev = sv_device_open(dev_name, &err);
	if (dev) {
		use_device(dev);
		sv_device_close(dev);
	} else if (!err || !err->message[0]) {
		abort(); /* a failed open says why */
	}
	g_mutex_lock(&server_lock);
	server = NULL;
	if (!s.w && !s.closed) {
		/* A client that never waited for a reply: its connection, never served. */
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd >= 0)
			close(fd);
	}
	if (s.w)
		hang_up(&s);
	g_mutex_unlock(&server_lock);
	return 0;
}
