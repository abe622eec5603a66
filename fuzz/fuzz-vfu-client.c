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
 * command, size, reply flag written over the first 16 bytes); bit 5: send
 * it before reading the next request (a server-to-client request, or noise).
 * When the input ends the server closes the connection.
 */
#include "fuzz.h"
#include "sofvfio/device.h"
#include "sofvfio/vfio-user-wire.h"
#include "sofvfio/wait.h"

#include <glib/gstdio.h>
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

typedef struct {
	FuzzInput in;
} Server;

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
	/* A server that stops answering costs this long per request. */
	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "10", TRUE);
	tmpdir = g_dir_make_tmp("fuzz-vfu-XXXXXX", &err);
	if (!tmpdir)
		abort();
	sock_path = g_build_filename(tmpdir, "s", NULL);
	dev_name = g_strconcat("vfio-user:", sock_path, NULL);
	g_strlcpy(sa.sun_path, sock_path, sizeof(sa.sun_path));
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(listen_fd, 4) < 0)
		abort();
	atexit(cleanup);
	return 0;
}

/* Send the next chunk; FALSE when the input is used up. */
static gboolean send_chunk(Server *s, VfuWire *w, const VfuMsg *req, uint8_t *spec_out)
{
	uint8_t spec;
	uint16_t len;
	size_t got;
	const uint8_t *p;
	g_autofree uint8_t *buf = NULL;
	struct iovec iov;
	int fds[8];
	unsigned n_fds;

	if (!s->in.left)
		return FALSE;
	spec = fuzz_u8(&s->in);
	len = fuzz_u16(&s->in);
	p = fuzz_bytes(&s->in, len, &got);
	buf = g_malloc(MAX(got, sizeof(struct vfu_header)));
	memcpy(buf, p, got);
	if (spec & 0x40 && req) {
		struct vfu_header h;

		got = MAX(got, sizeof(h));
		memcpy(&h, buf, sizeof(h));
		h.msg_id = req->hdr.msg_id;
		h.cmd = req->hdr.cmd;
		h.msg_size = (uint32_t)got;
		h.flags = (h.flags & ~VFU_F_TYPE_MASK) | VFU_F_TYPE_REPLY;
		memcpy(buf, &h, sizeof(h));
	}
	iov = (struct iovec){ buf, got };
	n_fds = fuzz_make_fds(spec, fds);
	vfu_wire_send_bytes(w, &iov, 1, fds, n_fds, sv_deadline_us(G_USEC_PER_SEC), NULL);
	for (unsigned i = 0; i < n_fds; i++)
		close(fds[i]);
	*spec_out = spec;
	return TRUE;
}

static gpointer server_main(gpointer data)
{
	Server *s = data;
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	VfuWire *w;

	if (fd < 0)
		return NULL;
	w = vfu_wire_new(fd, "the client", VFU_MAX_MSG_SIZE, VFU_WIRE_MAX_FDS);
	for (;;) {
		g_autoptr(VfuMsg) req = NULL;
		uint8_t spec = 0;

		if (vfu_wire_recv(w, sv_deadline_us(2 * G_USEC_PER_SEC), &req, NULL) != VFU_WIRE_MSG)
			break;
		if (vfu_msg_type(&req->hdr) == VFU_F_TYPE_REPLY)
			continue; /* the client answering a request of ours */
		do {
			if (!send_chunk(s, w, req, &spec))
				goto out;
		} while (spec & 0x20);
	}
out:
	vfu_wire_free(w);
	return NULL;
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
	GThread *t = g_thread_new("fuzz-server", server_main, &s);
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(dev_name, &err);

	if (dev) {
		use_device(dev);
		sv_device_close(dev);
	} else if (!err || !err->message[0]) {
		abort(); /* a failed open says why */
	}
	g_thread_join(t);
	return 0;
}
