// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vfu-peer.c - a tiny vfio-user server for tests: see vfu-peer.h.
 */
#include "vfu-peer.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* How long the peer waits for the client: to connect, to send the rest of a
 * message, to take a reply. */
#define PEER_ACCEPT_US (10 * G_USEC_PER_SEC)
#define PEER_TIMEOUT_US (5 * G_USEC_PER_SEC)
/* Most fds the client may send with one message. */
#define PEER_MAX_FDS 16

static int64_t deadline(void)
{
	return sv_deadline_us(PEER_TIMEOUT_US);
}

/* One message to the client; a client that is gone is no error here. */
static void peer_send(Peer *p, uint16_t id, uint16_t cmd, uint32_t flags, uint32_t err,
		      const void *payload, size_t len, const int *fds, unsigned nfds)
{
	const struct iovec iov = { (void *)payload, len };
	g_autoptr(GError) e = NULL;

	if (!vfu_wire_send(p->conn, id, cmd, flags, err, &iov, 1, fds, nfds, deadline(), &e))
		g_test_message("peer: %s", e->message);
}

/* A command with VFU_F_NO_REPLY (a posted write) gets no reply, whatever happened. */
static void reply(Peer *p, const struct vfu_header *h, const void *payload, size_t len)
{
	if (!(h->flags & VFU_F_NO_REPLY))
		peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY, 0, payload, len, NULL, 0);
}

static void reply_fds(Peer *p, const struct vfu_header *h, const void *payload, size_t len,
		      const int *fds, unsigned nfds)
{
	if (!(h->flags & VFU_F_NO_REPLY))
		peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY, 0, payload, len, fds, nfds);
}

static void reply_error(Peer *p, const struct vfu_header *h, int e)
{
	if (!(h->flags & VFU_F_NO_REPLY))
		peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY | VFU_F_ERROR, (uint32_t)e, NULL,
			  0, NULL, 0);
}

/* One message (NULL at the end of the stream or after the deadline). */
static VfuMsg *peer_recv(Peer *p)
{
	g_autoptr(GError) err = NULL;
	VfuMsg *m = NULL;
	VfuWireStatus st = vfu_wire_recv(p->conn, deadline(), &m, &err);

	g_assert_cmpint(st, !=, VFU_WIRE_BAD);
	if (st != VFU_WIRE_MSG)
		return NULL;
	g_assert_cmpuint(m->hdr.msg_size, ==, sizeof(m->hdr) + m->len);
	return m;
}

/* The payload of @m, NUL-terminated and padded (structs are read from it). */
static uint8_t *payload_of(const VfuMsg *m)
{
	uint8_t *data = g_malloc0(m->len + 1);

	if (m->len)
		memcpy(data, m->data, m->len);
	return data;
}

static void region_info_reply(Peer *p, const struct vfu_header *h, const uint8_t *data)
{
	struct vfio_region_info req, *ri;
	uint8_t buf[2048] = { 0 };
	size_t len = sizeof(*ri);
	int fds[1];
	unsigned nfds = 0;

	memcpy(&req, data, sizeof(req));
	ri = (void *)buf;
	ri->index = req.index;
	if (req.index == VFIO_PCI_BAR0_REGION_INDEX) {
		p->n_region_info_bar0++;
		ri->size = BAR0_SIZE;
		ri->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
		if (p->mmap_bar0 || p->big_caps || p->cap_loop) {
			struct vfio_region_info_cap_sparse_mmap *sp = (void *)(buf + len);
			uint32_t sp_off = (uint32_t)len;

			ri->flags |= VFIO_REGION_INFO_FLAG_CAPS;
			ri->cap_offset = sp_off;
			sp->header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP;
			sp->header.version = 1;
			sp->nr_areas = 2;
			sp->areas[0].offset = 0;
			sp->areas[0].size = 0x1000;
			sp->areas[1].offset = 0x2000;
			sp->areas[1].size = 0x2000;
			len += sizeof(*sp) + 2 * sizeof(sp->areas[0]);
			if (p->cap_loop)
				sp->header.next = sp_off;
			if (p->big_caps) {
				struct vfio_info_cap_header *u = (void *)(buf + len);

				sp->header.next = (uint32_t)len;
				u->id = UNKNOWN_CAP;
				u->version = 3;
				len += sizeof(*u) + BIG_CAP_BYTES;
			}
		}
		if (p->mmap_bar0) {
			ri->flags |= VFIO_REGION_INFO_FLAG_MMAP;
			fds[nfds++] = p->bar0_fd;
		}
	} else if (req.index == VFIO_PCI_CONFIG_REGION_INDEX) {
		ri->size = sizeof(p->config);
		ri->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	}
	ri->argsz = (uint32_t)len;
	/* argsz too small: the fixed part only, with the size needed (vfio-user.rst). */
	if (req.argsz < len) {
		ri->flags &= ~VFIO_REGION_INFO_FLAG_CAPS;
		ri->cap_offset = 0;
		reply(p, h, buf, sizeof(*ri));
		return;
	}
	reply_fds(p, h, buf, len, fds, nfds);
}

static uint8_t *region_mem(Peer *p, uint32_t region, uint64_t offset, uint32_t count)
{
	if (region == VFIO_PCI_CONFIG_REGION_INDEX && offset + count <= sizeof(p->config))
		return p->config + offset;
	if (region == VFIO_PCI_BAR0_REGION_INDEX && offset + count <= BAR0_SIZE)
		return p->bar0 + offset;
	return NULL;
}

/*
 * While the client waits for a reply, make it serve a DMA_WRITE first
 * (vfio-user.rst: "unrelated messages ... can appear in between a client
 * to server request/reply").
 */
static void nested_dma_write(Peer *p)
{
	uint8_t buf[sizeof(struct vfu_dma_access) + 16];
	struct vfu_dma_access acc = { p->maps[0].iova + 0x40, 16 };
	g_autoptr(VfuMsg) m = NULL;

	memcpy(buf, &acc, sizeof(acc));
	memset(buf + sizeof(acc), 0x5a, 16);
	peer_send(p, 0x4343, VFU_CMD_DMA_WRITE, VFU_F_TYPE_COMMAND, 0, buf, sizeof(buf), NULL, 0);
	m = peer_recv(p);
	g_assert_nonnull(m);
	g_assert_cmpuint(m->hdr.msg_id, ==, 0x4343);
	g_assert_cmpuint(vfu_msg_type(&m->hdr), ==, VFU_F_TYPE_REPLY);
	if (!(m->hdr.flags & VFU_F_ERROR))
		p->n_nested_dma_ok++;
}

/*
 * DMA_WRITE slot (n % 256) of the first window with n, and reply to the
 * read right after, without waiting: the client's receive thread must
 * apply the write before it files the reply that follows it on the wire.
 */
static void storm_dma_write(Peer *p)
{
	uint8_t buf[sizeof(struct vfu_dma_access) + 16];
	uint32_t n = p->n_storm_sent++;
	struct vfu_dma_access acc = { p->maps[0].iova + (n % 256) * 16, 16 };

	memcpy(buf, &acc, sizeof(acc));
	for (unsigned i = 0; i < 4; i++)
		memcpy(buf + sizeof(acc) + 4 * i, &n, 4);
	peer_send(p, (uint16_t)(0x8000 + (n & 0x7fff)), VFU_CMD_DMA_WRITE, VFU_F_TYPE_COMMAND, 0,
		  buf, sizeof(buf), NULL, 0);
}

static void region_read_reply(Peer *p, const struct vfu_header *h, const uint8_t *data)
{
	struct vfu_region_access a;
	g_autofree uint8_t *out = NULL;
	uint8_t *mem;
	Fault f = p->fault;
	int efd;

	memcpy(&a, data, sizeof(a));
	p->n_region_reads++;
	p->max_rw_count = MAX(p->max_rw_count, a.count);
	p->fault = FAULT_NONE;
	if (p->silent_id >= 0) {
		/* The late reply to the request we ignored. */
		struct vfu_region_access late = { 0, 0, 4 };
		uint8_t buf[20] = { 0 };

		memcpy(buf, &late, sizeof(late));
		peer_send(p, (uint16_t)p->silent_id, VFU_CMD_REGION_READ, VFU_F_TYPE_REPLY, 0,
			  buf, sizeof(buf), NULL, 0);
		p->silent_id = -1;
	}
	if (p->dma_during_read && p->maps[0].size)
		nested_dma_write(p);
	if (p->storm && p->maps[0].size)
		storm_dma_write(p);
	mem = region_mem(p, a.region, a.offset, a.count);
	if (!mem) {
		reply_error(p, h, EINVAL);
		return;
	}
	out = g_malloc(sizeof(a) + a.count);
	memcpy(out, &a, sizeof(a));
	memcpy(out + sizeof(a), mem, a.count);
	switch (f) {
	case FAULT_NONE:
		reply(p, h, out, sizeof(a) + a.count);
		break;
	case FAULT_ERROR:
		reply_error(p, h, p->fault_errno);
		break;
	case FAULT_CLOSE:
		vfu_wire_free(p->conn);
		p->conn = NULL;
		break;
	case FAULT_WRONG_ID:
		peer_send(p, (uint16_t)(h->msg_id ^ 0x5555), h->cmd, VFU_F_TYPE_REPLY, 0, out,
			  sizeof(a) + a.count, NULL, 0);
		break;
	case FAULT_TRUNCATED:
		reply(p, h, out, sizeof(a));
		break;
	case FAULT_WRONG_CMD:
		peer_send(p, h->msg_id, VFU_CMD_REGION_WRITE, VFU_F_TYPE_REPLY, 0, out, sizeof(a),
			  NULL, 0);
		break;
	case FAULT_OVERSIZE: {
		struct vfu_header big = { h->msg_id, h->cmd, 64u << 20, VFU_F_TYPE_REPLY, 0 };
		const struct iovec iov = { &big, sizeof(big) };

		g_assert_true(vfu_wire_send_bytes(p->conn, &iov, 1, NULL, 0, deadline(), NULL));
		break;
	}
	case FAULT_FDS:
		efd = eventfd(0, EFD_CLOEXEC);
		reply_fds(p, h, out, sizeof(a) + a.count, &efd, 1);
		close(efd);
		break;
	case FAULT_SILENT:
		p->silent_id = h->msg_id;
		break;
	}
}

static void region_write_reply(Peer *p, const struct vfu_header *h, const uint8_t *data,
			       size_t len)
{
	struct vfu_region_access a;
	uint8_t *mem;

	memcpy(&a, data, sizeof(a));
	p->n_region_writes++;
	if (h->flags & VFU_F_NO_REPLY)
		p->n_posted_writes++;
	p->max_rw_count = MAX(p->max_rw_count, a.count);
	mem = region_mem(p, a.region, a.offset, a.count);
	if (!mem || len != sizeof(a) + a.count) {
		reply_error(p, h, EINVAL);
		return;
	}
	memcpy(mem, data + sizeof(a), a.count);
	reply(p, h, &a, sizeof(a));
}

static void irq_info_reply(Peer *p, const struct vfu_header *h, const uint8_t *data)
{
	struct vfio_irq_info ii;

	memcpy(&ii, data, sizeof(ii));
	ii.argsz = sizeof(ii);
	ii.flags = VFIO_IRQ_INFO_EVENTFD;
	ii.count = 0;
	if (ii.index == VFIO_PCI_INTX_IRQ_INDEX) {
		ii.flags |= VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED;
		ii.count = 1;
	} else if (ii.index == VFIO_PCI_MSI_IRQ_INDEX) {
		ii.flags |= VFIO_IRQ_INFO_NORESIZE;
		ii.count = 1;
	}
	reply(p, h, &ii, sizeof(ii));
}

static void dma_map_reply(Peer *p, const struct vfu_header *h, const uint8_t *data, int *fds,
			  unsigned nfds)
{
	struct vfu_dma_map m;
	PeerMap *pm = NULL;

	memcpy(&m, data, sizeof(m));
	if (nfds && p->refuse_fd_maps) {
		close(fds[0]);
		p->n_fd_maps_refused++;
		reply_error(p, h, EINVAL);
		return;
	}
	for (unsigned i = 0; i < PEER_MAX_MAPS; i++)
		if (!p->maps[i].size) {
			pm = &p->maps[i];
			break;
		}
	g_assert_nonnull(pm);
	*pm = (PeerMap){ m.address, m.size, m.offset, nfds ? fds[0] : -1, NULL };
	if (nfds) {
		pm->map = mmap(NULL, m.size, PROT_READ | PROT_WRITE, MAP_SHARED, fds[0],
			       (off_t)m.offset);
		g_assert(pm->map != MAP_FAILED);
	}
	p->n_maps++;
	reply(p, h, NULL, 0);
}

static void dma_unmap_reply(Peer *p, const struct vfu_header *h, const uint8_t *data)
{
	struct vfu_dma_unmap u;

	memcpy(&u, data, sizeof(u));
	for (unsigned i = 0; i < PEER_MAX_MAPS; i++) {
		PeerMap *pm = &p->maps[i];

		if (pm->size && pm->iova == u.address && pm->size == u.size) {
			if (pm->map)
				munmap(pm->map, pm->size);
			if (pm->fd >= 0)
				close(pm->fd);
			memset(pm, 0, sizeof(*pm));
			p->n_unmaps++;
			reply(p, h, &u, sizeof(u));
			return;
		}
	}
	p->n_bad_unmaps++;
	reply_error(p, h, ENOENT);
}

static void handle_command(Peer *p, const struct vfu_header *h, uint8_t *data, int *fds,
			   unsigned nfds)
{
	size_t len = h->msg_size - 16;

	switch (h->cmd) {
	case VFU_CMD_VERSION: {
		struct vfu_version v = { p->major, p->minor };
		size_t jl = p->json ? strlen(p->json) + 1 : 0;
		g_autofree uint8_t *out = g_malloc(sizeof(v) + jl);

		memcpy(&v, data, sizeof(v));
		p->client_major = v.major;
		p->client_minor = v.minor;
		p->client_json = g_strndup((char *)data + sizeof(v), len - sizeof(v));
		v.major = p->major;
		v.minor = p->minor;
		memcpy(out, &v, sizeof(v));
		if (jl)
			memcpy(out + sizeof(v), p->json, jl);
		reply(p, h, out, sizeof(v) + jl);
		break;
	}
	case VFU_CMD_DEVICE_GET_INFO: {
		uint32_t di[4] = { 16, VFIO_DEVICE_FLAGS_RESET | VFIO_DEVICE_FLAGS_PCI, 9, 5 };

		reply(p, h, di, sizeof(di));
		break;
	}
	case VFU_CMD_DEVICE_GET_REGION_INFO:
		region_info_reply(p, h, data);
		break;
	case VFU_CMD_REGION_READ:
		region_read_reply(p, h, data);
		break;
	case VFU_CMD_REGION_WRITE:
		region_write_reply(p, h, data, len);
		break;
	case VFU_CMD_DEVICE_GET_IRQ_INFO:
		irq_info_reply(p, h, data);
		break;
	case VFU_CMD_DEVICE_SET_IRQS: {
		struct vfio_irq_set s;

		memcpy(&s, data, sizeof(s));
		p->irq_flags = s.flags;
		p->irq_count = s.count;
		p->irq_nfds = nfds;
		if (nfds) {
			if (p->irq_fd >= 0)
				close(p->irq_fd);
			p->irq_fd = fds[0];
			for (unsigned i = 1; i < nfds; i++)
				close(fds[i]);
		}
		reply(p, h, NULL, 0);
		break;
	}
	case VFU_CMD_DMA_MAP:
		dma_map_reply(p, h, data, fds, nfds);
		return; /* fds consumed */
	case VFU_CMD_DMA_UNMAP:
		dma_unmap_reply(p, h, data);
		break;
	case VFU_CMD_DEVICE_RESET:
		p->n_resets++;
		/* As QEMU's pci_do_device_reset(): BAR addresses and decoding cleared. */
		if (p->bar0_reg) {
			memset(p->config + 0x10, 0, 8);
			p->config[0x10] = p->bar0_reg;
			p->config[4] = 0;
		}
		reply(p, h, NULL, 0);
		break;
	default:
		reply_error(p, h, ENOTSUP);
		break;
	}
	if (h->cmd != VFU_CMD_DEVICE_SET_IRQS)
		for (unsigned i = 0; i < nfds; i++)
			close(fds[i]);
}

static void send_action(Peer *p)
{
	struct vfu_dma_access a = { p->action_addr, p->action_len };
	uint8_t buf[sizeof(a) + 256];
	size_t len = sizeof(a);

	memcpy(buf, &a, sizeof(a));
	if (p->action_cmd != VFU_CMD_DMA_READ) {
		memcpy(buf + sizeof(a), p->action_data, p->action_len);
		len += p->action_len;
	}
	peer_send(p, 0x4242, p->action_cmd, VFU_F_TYPE_COMMAND, 0, buf, len, NULL, 0);
}

static gpointer peer_thread(gpointer data)
{
	Peer *p = data;
	struct pollfd a[2] = { { .fd = p->listen_fd, .events = POLLIN },
			       { .fd = p->ctl[0], .events = POLLIN } };
	int fd;

	if (sv_poll_until(a, 2, sv_deadline_us(PEER_ACCEPT_US)) <= 0 || !a[0].revents)
		return NULL;
	fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	g_assert_cmpint(fd, >=, 0);
	p->conn = vfu_wire_new(fd, "the client", sizeof(struct vfu_header) + VFU_MAX_MSG_SIZE,
			       PEER_MAX_FDS);
	while (p->conn) {
		struct pollfd pf[2] = { { .fd = vfu_wire_fd(p->conn), .events = POLLIN },
					{ .fd = p->ctl[0], .events = POLLIN } };
		g_autoptr(VfuMsg) m = NULL;
		g_autofree uint8_t *msg = NULL;
		const struct vfu_header *hp;

		if (sv_poll_until(pf, 2, SV_NO_DEADLINE) < 0)
			continue;
		if (pf[1].revents) {
			char c;

			g_assert_cmpint(read(p->ctl[0], &c, 1), ==, 1);
			g_mutex_lock(&p->lock);
			if (p->stop) {
				g_mutex_unlock(&p->lock);
				break;
			}
			if (p->action_pending) {
				p->action_pending = false;
				send_action(p);
			}
			g_mutex_unlock(&p->lock);
			continue;
		}
		m = peer_recv(p);
		if (!m)
			break;
		hp = &m->hdr;
		msg = payload_of(m);
		g_mutex_lock(&p->lock);
		if (vfu_msg_type(hp) == VFU_F_TYPE_REPLY && p->storm) {
			p->n_storm_replies++;
			if (hp->flags & VFU_F_ERROR)
				p->n_storm_errors++;
			g_cond_broadcast(&p->cond);
		} else if (vfu_msg_type(hp) == VFU_F_TYPE_REPLY) {
			/* The client's answer to our DMA_READ/DMA_WRITE. */
			p->action_reply_flags = hp->flags;
			p->action_reply_errno = hp->error_no;
			p->action_reply_len = MIN(m->len, sizeof(p->action_reply));
			memcpy(p->action_reply, msg, p->action_reply_len);
			p->action_done = true;
			g_cond_broadcast(&p->cond);
		} else {
			/* handle_command() owns the fds: it keeps or closes each. */
			handle_command(p, hp, msg, m->fds, m->n_fds);
			m->n_fds = 0;
		}
		g_mutex_unlock(&p->lock);
	}
	return NULL;
}

Peer *peer_new(void)
{
	Peer *p = g_new0(Peer, 1);

	p->major = VFU_MAJOR;
	p->minor = VFU_MINOR;
	p->json = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";
	p->listen_fd = p->irq_fd = p->bar0_fd = -1;
	p->silent_id = -1;
	for (unsigned i = 0; i < sizeof(p->config); i++)
		p->config[i] = (uint8_t)(i * 7 + 3);
	return p;
}

void peer_start(Peer *p)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	g_autoptr(GError) err = NULL;

	p->dir = g_dir_make_tmp("vfu-peer-XXXXXX", &err);
	g_assert_no_error(err);
	p->path = g_build_filename(p->dir, "s", NULL);
	g_snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", p->path);
	p->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(bind(p->listen_fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
	g_assert_cmpint(listen(p->listen_fd, 1), ==, 0);
	g_assert_cmpint(pipe2(p->ctl, O_CLOEXEC), ==, 0);
	/* BAR0 lives in a memfd: REGION_READ/WRITE and the client's mmap see the same bytes. */
	p->bar0_fd = memfd_create("peer-bar0", MFD_CLOEXEC);
	g_assert_cmpint(ftruncate(p->bar0_fd, BAR0_SIZE), ==, 0);
	p->bar0 = mmap(NULL, BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, p->bar0_fd, 0);
	g_assert(p->bar0 != MAP_FAILED);
	g_mutex_init(&p->lock);
	g_cond_init(&p->cond);
	p->thread = g_thread_new("vfu-peer", peer_thread, p);
}

char *peer_device(Peer *p)
{
	return g_strdup_printf("vfio-user:%s", p->path);
}

void peer_free(Peer *p)
{
	g_mutex_lock(&p->lock);
	p->stop = true;
	g_mutex_unlock(&p->lock);
	g_assert_cmpint(write(p->ctl[1], "q", 1), ==, 1);
	g_thread_join(p->thread);
	for (unsigned i = 0; i < PEER_MAX_MAPS; i++) {
		if (p->maps[i].map)
			munmap(p->maps[i].map, p->maps[i].size);
		if (p->maps[i].size && p->maps[i].fd >= 0)
			close(p->maps[i].fd);
	}
	vfu_wire_free(p->conn);
	if (p->irq_fd >= 0)
		close(p->irq_fd);
	close(p->listen_fd);
	close(p->ctl[0]);
	close(p->ctl[1]);
	munmap(p->bar0, BAR0_SIZE);
	close(p->bar0_fd);
	unlink(p->path);
	rmdir(p->dir);
	g_mutex_clear(&p->lock);
	g_cond_clear(&p->cond);
	g_free(p->client_json);
	g_free(p->path);
	g_free(p->dir);
	g_free(p);
}

void peer_action(Peer *p, uint16_t cmd, uint64_t addr, const void *data, uint32_t len)
{
	gint64 deadline = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;

	g_assert_cmpuint(len, <=, sizeof(p->action_data));
	g_mutex_lock(&p->lock);
	p->action_cmd = cmd;
	p->action_addr = addr;
	p->action_len = len;
	if (data)
		memcpy(p->action_data, data, len);
	p->action_pending = true;
	p->action_done = false;
	g_mutex_unlock(&p->lock);
	g_assert_cmpint(write(p->ctl[1], "a", 1), ==, 1);
	g_mutex_lock(&p->lock);
	while (!p->action_done)
		if (!g_cond_wait_until(&p->cond, &p->lock, deadline))
			break;
	g_assert_true(p->action_done);
	g_mutex_unlock(&p->lock);
}
