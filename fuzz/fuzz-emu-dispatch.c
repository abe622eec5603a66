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
 * memfds of 64 KiB).  A helper thread plays the client's side of the
 * server's own requests (DMA_READ answered with a pattern, DMA_WRITE acked)
 * and drops the replies.
 */
#include "fuzz.h"
#include "server-priv.h"
#include "hda.h"
#include "dsp.h"
#include "sofvfio/wait.h"

#include <glib/gstdio.h>
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
static GThread *client_thread;
static char *tmpdir;

/* The client's side of the server's requests; ends when the socket closes. */
static gpointer client_main(gpointer data)
{
	VfuWire *w = data;

	for (;;) {
		g_autoptr(GError) err = NULL;
		g_autoptr(VfuMsg) msg = NULL;
		struct vfu_dma_access acc = { 0 };
		struct iovec iov[2];
		g_autofree uint8_t *pattern = NULL;

		switch (vfu_wire_recv(w, sv_deadline_us(G_USEC_PER_SEC), &msg, &err)) {
		case VFU_WIRE_MSG:
			break;
		case VFU_WIRE_AGAIN:
			continue;
		default:
			return NULL;
		}
		if (vfu_msg_type(&msg->hdr) != VFU_F_TYPE_COMMAND)
			continue; /* a reply to the fuzzer's message */
		if (msg->len >= sizeof(acc))
			memcpy(&acc, msg->data, sizeof(acc));
		iov[0] = (struct iovec){ &acc, sizeof(acc) };
		iov[1] = (struct iovec){ NULL, 0 };
		if (msg->hdr.cmd == VFU_CMD_DMA_READ && acc.count <= VFU_DEFAULT_MAX_DATA_XFER) {
			pattern = g_malloc(acc.count);
			for (uint64_t i = 0; i < acc.count; i++)
				pattern[i] = (uint8_t)(acc.address + i);
			iov[1] = (struct iovec){ pattern, acc.count };
		}
		vfu_wire_send(w, msg->hdr.msg_id, msg->hdr.cmd, VFU_F_TYPE_REPLY, 0, iov, 2, NULL, 0,
			      sv_deadline_us(G_USEC_PER_SEC), NULL);
	}
}

static void disconnect(void)
{
	if (!client)
		return;
	/* Our end goes first: the server sees the client leave and drops it. */
	shutdown(vfu_wire_fd(client), SHUT_RDWR);
	g_thread_join(client_thread);
	vfu_wire_free(client);
	client = NULL;
	emu_server_serve(srv, TRUE);
}

static void connect_client(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	emu_server_attach(srv, sv[0]);
	client = vfu_wire_new(sv[1], "the server", VFU_MAX_MSG_SIZE, VFU_WIRE_MAX_FDS);
	client_thread = g_thread_new("fuzz-client", client_main, client);
}

static void cleanup(void)
{
	disconnect();
	emu_dsp_free(dsp);
	emu_hda_free(hda);
	emu_server_free(srv);
	g_rmdir(tmpdir);
	g_free(tmpdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *path = NULL;
	EmuServerOptions sopts = { 0 };
	EmuHdaOptions hopts = { .fast = TRUE };
	EmuDspOptions dopts = { .part = "cnl" };

	fuzz_setup();
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
		n_fds = fuzz_make_fds(spec, fds);
		/* A send can fail once the server dropped us: the next chunk reconnects. */
		if (!vfu_wire_send_bytes(client, &iov, 1, fds, n_fds, sv_deadline_us(G_USEC_PER_SEC),
					 NULL) && !srv->conn_dead)
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
	return 0;
}
