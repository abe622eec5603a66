// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfu-raw-client.c - a raw vfio-user client for tests: see vfu-raw-client.h.
 */
#include "vfu-raw-client.h"
#include "sofvfio/wait.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Most fds the server may send us with one message (it sends none). */
#define RAW_MAX_FDS 16

typedef struct {
	const char *path;
	int fd;
} Connect;

static gboolean try_connect(void *data, GError **error)
{
	Connect *cn = data;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	g_assert_cmpint(fd, >=, 0);
	g_strlcpy(sa.sun_path, cn->path, sizeof(sa.sun_path));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return FALSE;
	}
	cn->fd = fd;
	return TRUE;
}

RawClient *raw_client_connect(const char *sock_path, int timeout_ms)
{
	Connect cn = { sock_path, -1 };
	g_autoptr(GError) err = NULL;
	RawClient *c;

	/* The previous client's teardown may still be in progress: retry, bounded. */
	sv_wait_until(try_connect, &cn, (int64_t)timeout_ms * 1000, "the server to accept", &err);
	g_assert_no_error(err);
	g_assert_cmpint(cn.fd, >=, 0);
	c = g_new0(RawClient, 1);
	c->wire = vfu_wire_new(cn.fd, "the server", sizeof(struct vfu_header) + VFU_MAX_MSG_SIZE,
			       RAW_MAX_FDS);
	c->fd = cn.fd;
	c->timeout_ms = timeout_ms;
	return c;
}

void raw_client_free(RawClient *c)
{
	vfu_wire_free(c->wire);
	g_free(c);
}

static int64_t deadline(RawClient *c)
{
	return sv_deadline_us((int64_t)c->timeout_ms * 1000);
}

void raw_send_bytes(RawClient *c, const void *buf, size_t len, const int *fds, unsigned n_fds)
{
	const struct iovec iov = { (void *)buf, len };
	g_autoptr(GError) err = NULL;

	vfu_wire_send_bytes(c->wire, &iov, 1, fds, n_fds, deadline(c), &err);
	g_assert_no_error(err);
}

uint16_t raw_send(RawClient *c, uint16_t cmd, uint32_t flags, const void *p, size_t len,
		  const int *fds, unsigned n_fds)
{
	const struct iovec iov = { (void *)p, len };
	g_autoptr(GError) err = NULL;
	uint16_t id = vfu_wire_next_id(c->wire);

	vfu_wire_send(c->wire, id, cmd, flags, 0, &iov, 1, fds, n_fds, deadline(c), &err);
	g_assert_no_error(err);
	return id;
}

/* The server's own requests: serve them from c->mem. */
static void serve_dma(RawClient *c, const VfuMsg *m)
{
	struct vfu_dma_access acc;
	struct iovec iov[2] = { { &acc, sizeof(acc) }, { NULL, 0 } };
	g_autoptr(GError) err = NULL;

	g_assert_cmpuint(m->len, >=, sizeof(acc));
	memcpy(&acc, m->data, sizeof(acc));
	c->dma_requests++;
	g_assert_nonnull(c->mem);
	g_assert_cmpuint(acc.address, >=, c->mem_iova);
	g_assert_cmpuint(acc.address + acc.count, <=, c->mem_iova + c->mem_size);
	if (m->hdr.cmd == VFU_CMD_DMA_READ) {
		iov[1] = (struct iovec){ c->mem + (acc.address - c->mem_iova), acc.count };
	} else {
		g_assert_cmpuint(m->len, ==, sizeof(acc) + acc.count);
		memcpy(c->mem + (acc.address - c->mem_iova), m->data + sizeof(acc), acc.count);
	}
	if (!vfu_wire_send(c->wire, m->hdr.msg_id, m->hdr.cmd, VFU_F_TYPE_REPLY, 0, iov, 2, NULL, 0,
			   deadline(c), &err))
		g_error("replying to %s: %s", vfu_cmd_name(m->hdr.cmd), err->message);
}

gboolean raw_wait_reply(RawClient *c, uint16_t id, RawReply *r)
{
	for (;;) {
		g_autoptr(VfuMsg) m = NULL;
		g_autoptr(GError) err = NULL;
		VfuWireStatus st = vfu_wire_recv(c->wire, deadline(c), &m, &err);

		/* A header the wire refused (msg_size out of range) is a server bug. */
		if (st == VFU_WIRE_BAD)
			g_assert_no_error(err);
		if (st != VFU_WIRE_MSG)
			return FALSE;
		g_assert_cmpuint(m->hdr.msg_size, ==, sizeof(m->hdr) + m->len);
		if (vfu_msg_type(&m->hdr) == VFU_F_TYPE_COMMAND) {
			serve_dma(c, m);
			continue;
		}
		g_assert_cmpuint(m->hdr.msg_id, ==, id);
		r->hdr = m->hdr;
		r->len = m->len;
		if (m->len)
			memcpy(r->data, m->data, m->len);
		return TRUE;
	}
}

int raw_call(RawClient *c, uint16_t cmd, const void *p, size_t len, const int *fds,
	     unsigned n_fds, RawReply *r)
{
	uint16_t id = raw_send(c, cmd, VFU_F_TYPE_COMMAND, p, len, fds, n_fds);

	g_assert_true(raw_wait_reply(c, id, r));
	g_assert_cmpuint(r->hdr.cmd, ==, cmd);
	g_assert_cmpuint(vfu_msg_type(&r->hdr), ==, VFU_F_TYPE_REPLY);
	if (r->hdr.flags & VFU_F_ERROR) {
		g_assert_cmpuint(r->len, ==, 0); /* an error reply is the header only */
		g_assert_cmpuint(r->hdr.error_no, !=, 0);
		return r->hdr.error_no;
	}
	return 0;
}

int raw_version(RawClient *c, uint16_t major, uint16_t minor, const char *json, RawReply *r)
{
	size_t jl = json ? strlen(json) + 1 : 0;
	g_autofree uint8_t *buf = g_malloc(4 + jl);
	struct vfu_version v = { major, minor };

	memcpy(buf, &v, sizeof(v));
	if (jl)
		memcpy(buf + 4, json, jl);
	return raw_call(c, VFU_CMD_VERSION, buf, 4 + jl, NULL, 0, r);
}

int raw_region_rw(RawClient *c, uint32_t region, uint64_t off, void *buf, uint32_t count,
		  gboolean write)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	g_autofree uint8_t *msg = g_malloc(sizeof(struct vfu_region_access) + count);
	struct vfu_region_access acc = { .offset = off, .region = region, .count = count };
	int err;

	memcpy(msg, &acc, sizeof(acc));
	if (write)
		memcpy(msg + sizeof(acc), buf, count);
	err = raw_call(c, write ? VFU_CMD_REGION_WRITE : VFU_CMD_REGION_READ, msg,
		       sizeof(acc) + (write ? count : 0), NULL, 0, r);
	if (err)
		return err;
	g_assert_cmpuint(r->len, ==, sizeof(acc) + (write ? 0 : count));
	memcpy(&acc, r->data, sizeof(acc));
	g_assert_cmpuint(acc.count, ==, count);
	g_assert_cmpuint(acc.offset, ==, off);
	if (!write)
		memcpy(buf, r->data + sizeof(acc), count);
	return 0;
}

uint32_t raw_rd(RawClient *c, uint32_t region, uint64_t off, unsigned width)
{
	uint32_t v = 0;

	g_assert_cmpint(raw_region_rw(c, region, off, &v, width, FALSE), ==, 0);
	return v;
}

void raw_wr(RawClient *c, uint32_t region, uint64_t off, unsigned width, uint32_t v)
{
	g_assert_cmpint(raw_region_rw(c, region, off, &v, width, TRUE), ==, 0);
}

int raw_set_irqs(RawClient *c, uint32_t index, uint32_t flags, uint32_t start, uint32_t count,
		 const int *fds, unsigned n_fds)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	struct vfio_irq_set s = { .argsz = sizeof(s), .flags = flags, .index = index,
				  .start = start, .count = count };

	return raw_call(c, VFU_CMD_DEVICE_SET_IRQS, &s, sizeof(s), fds, n_fds, r);
}

int raw_dma_map(RawClient *c, uint64_t iova, uint64_t size, uint64_t offset, int fd)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	struct vfu_dma_map m = { .argsz = sizeof(m), .flags = VFU_DMA_F_READ | VFU_DMA_F_WRITE,
				 .offset = offset, .address = iova, .size = size };

	return raw_call(c, VFU_CMD_DMA_MAP, &m, sizeof(m), &fd, fd >= 0 ? 1 : 0, r);
}

int raw_dma_unmap(RawClient *c, uint64_t iova, uint64_t size)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	struct vfu_dma_unmap u = { .argsz = sizeof(u), .address = iova, .size = size };
	int err = raw_call(c, VFU_CMD_DMA_UNMAP, &u, sizeof(u), NULL, 0, r);

	if (!err) { /* the reply echoes the entry */
		g_assert_cmpuint(r->len, ==, sizeof(u));
		g_assert_cmpmem(r->data, sizeof(u), &u, sizeof(u));
	}
	return err;
}
