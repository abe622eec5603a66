// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-emu-dispatch.c - sofvfio-emu's vfio-user server (emu/server) with
 * its HDA controller and cnl DSP models, fed by a hostile client: whole
 * messages (header, payload) with a set of passed fds, through the real
 * receive path (the wire layer's framing) into the dispatcher, one loop
 * turn (client service, device tick) after each.
 *
 * The server, the device and the connection live from input to input, so
 * that sequences are explored (VERSION, DMA_MAP, SET_IRQS, then register
 * traffic that starts the device's DMA...); an input whose first byte has
 * bit 7 set, or every input under FUZZ_FRESH=1 (replays, regressions),
 * starts from a new connection and a device reset.
 *
 * Input: a flags byte, then chunks {u8 fds, u16 length, bytes}: bits 0-2
 * of fds give how many fds go with the chunk (bit 3: eventfds, else
 * memfds of 64 KiB).
 *
 * One thread: the client's side of the server's own requests (DMA_READ
 * answered with a pattern, DMA_WRITE acked) runs whenever the server is
 * about to wait for its socket (a DMA reply, or room to send), from a
 * link-time wrap of sv_poll_until() (-Wl,--wrap, fuzz/meson.build); the
 * replies to the fuzzer's messages are read and dropped at the end of the
 * input (or when they fill the socket).  No thread is woken per message, and a run is deterministic.  The
 * server's code is the one real clients meet.
 */
#include "fuzz.h"
#include "server-priv.h"
#include "hda.h"
#include "dsp.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

static EmuServer *srv;
static EmuHda *hda;
static EmuDsp *dsp;
static VfuWire *client;    /* our end of the connection */
static GByteArray *outbox; /* our replies, as far as the server has not taken them */
static bool client_broken; /* the server's bytes made no sense to our wire: stop reading */
static char *tmpdir;

/* Send what the server takes now of our replies. */
static void flush_outbox(void)
{
	while (outbox->len) {
		ssize_t n = send(vfu_wire_fd(client), outbox->data, outbox->len,
				 MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			g_byte_array_set_size(outbox, 0); /* the server is gone */
			return;
		}
		g_byte_array_remove_range(outbox, 0, (guint)n);
	}
}

/* Queue our reply to the server's request @msg. */
static void answer(const VfuMsg *msg)
{
	struct vfu_dma_access acc = { 0 };
	struct vfu_header h = { .msg_id = msg->hdr.msg_id, .cmd = msg->hdr.cmd,
				.flags = VFU_F_TYPE_REPLY };
	uint64_t n = 0;

	if (msg->len >= sizeof(acc))
		memcpy(&acc, msg->data, sizeof(acc));
	if (msg->hdr.cmd == VFU_CMD_DMA_READ && acc.count <= VFU_DEFAULT_MAX_DATA_XFER)
		n = acc.count;
	h.msg_size = (uint32_t)(sizeof(h) + sizeof(acc) + n);
	g_byte_array_append(outbox, (const guint8 *)&h, sizeof(h));
	g_byte_array_append(outbox, (const guint8 *)&acc, sizeof(acc));
	for (uint64_t i = 0; i < n; i++) {
		uint8_t b = (uint8_t)(acc.address + i);

		g_byte_array_append(outbox, &b, 1);
	}
}

/*
 * The client's side, without blocking: send what is owed, read what the
 * server sent, answer its requests, drop the replies to the fuzzer's
 * messages.
 */
static void pump(void)
{
	while (client && !client_broken) {
		g_autoptr(VfuMsg) msg = NULL;
		VfuWireStatus st;

		flush_outbox();
		st = vfu_wire_recv(client, 0, &msg, NULL);
		if (st == VFU_WIRE_AGAIN)
			break;
		if (st != VFU_WIRE_MSG) {
			/* closed (the server dropped us: reaped after its loop turn) or garbage */
			client_broken = true;
			break;
		}
		if (vfu_msg_type(&msg->hdr) == VFU_F_TYPE_COMMAND)
			answer(msg);
	}
	if (client)
		flush_outbox();
}

int __real_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us);
int __wrap_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us);

/*
 * The wire layer waits for a socket.  When it is the server waiting for
 * its client (emu_server_request()'s wait for a DMA reply, a reply that
 * does not fit in the socket), that client is us: play its part first, so
 * that the wait ends at once, as with a client in a process of its own.
 */
int __wrap_sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us)
{
	if (client && srv->conn && n == 1 && fds[0].fd == vfu_wire_fd(srv->conn))
		pump();
	return __real_sv_poll_until(fds, n, deadline_us);
}

static void disconnect(void)
{
	if (!client)
		return;
	/* Our end goes first: the server sees the client leave and drops it. */
	vfu_wire_free(client);
	client = NULL;
	g_byte_array_set_size(outbox, 0);
	emu_server_serve(srv, TRUE);
}

static void connect_client(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	emu_server_attach(srv, sv[0]);
	client = vfu_wire_new(sv[1], "the server", VFU_MAX_MSG_SIZE, VFU_WIRE_MAX_FDS);
	/* Small replies, many to one recvmsg(). */
	vfu_wire_set_read_ahead(client);
	client_broken = false;
}

static void cleanup(void)
{
	disconnect();
	emu_dsp_free(dsp);
	emu_hda_free(hda);
	emu_server_free(srv);
	g_rmdir(tmpdir);
	g_free(tmpdir);
	g_byte_array_free(outbox, TRUE);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *path = NULL;
	EmuServerOptions sopts = { 0 };
	EmuHdaOptions hopts = { .fast = TRUE };
	EmuDspOptions dopts = { .part = "cnl" };
	sigset_t mask;

	fuzz_setup();
	outbox = g_byte_array_new();
	tmpdir = g_dir_make_tmp("fuzz-emu-XXXXXX", &err);
	if (!tmpdir)
		abort();
	path = g_build_filename(tmpdir, "s", NULL);
	sopts.socket_path = path;
	srv = emu_server_new(&sopts, &err);
	hda = srv ? emu_hda_new(srv, &hopts, &err) : NULL;
	dsp = hda ? emu_dsp_new(srv, hda, &dopts, &err) : NULL;
	if (!dsp) {
		fprintf(stderr, "fuzz-emu-dispatch: %s\n", err->message);
		abort();
	}
	/* The server blocks them for its signalfd, which nobody polls here:
	 * libFuzzer's handlers (its final stats) and `timeout` get them again. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput in = { data, size };
	uint8_t flags = fuzz_u8(&in);

	if (flags & 0x80 || g_getenv("FUZZ_FRESH")) {
		disconnect();
		srv->ops->reset(srv->dev);
	}
	while (in.left) {
		uint8_t spec = fuzz_u8(&in);
		uint16_t len = fuzz_u16(&in);
		size_t got;
		const uint8_t *p = fuzz_bytes(&in, len, &got);
		struct iovec iov = { (void *)p, got };
		int fds[8];
		unsigned n_fds;

		if (!client || !srv->conn)
			connect_client();
		/* (our replies are all taken when the server's waits end: none to interleave) */
		flush_outbox();
		n_fds = fuzz_make_fds(spec, fds);
		/* A send can fail once the server dropped us: the next chunk reconnects. */
		if (outbox->len || (!vfu_wire_send_bytes(client, &iov, 1, fds, n_fds,
							  sv_deadline_us(G_USEC_PER_SEC), NULL) &&
				    !srv->conn_dead))
			disconnect();
		for (unsigned i = 0; i < n_fds; i++)
			close(fds[i]);
		emu_server_serve(srv, TRUE);
		srv->ops->tick(srv->dev, sv_now_us());
		if (!srv->conn) {
			/* The server dropped the client (protocol error): reap our side. */
			disconnect();
		}
	}
	/* The replies, read in bulk (the socket holds them until then, or the
	 * server's wait for room to send has us read them: __wrap_sv_poll_until()). */
	pump();
	return 0;
}
