// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-vfu-client.c - the vfio-user client backend against a tiny peer
 * written here.  The peer speaks raw protocol (vfio-user.rst) on a socket
 * in a temporary directory, from a thread of this process; it models no
 * HDA controller, it exists to make the client meet every path: a good
 * negotiation and bad ones, error replies, a server that hangs up, replies
 * that break the protocol, DMA requests while the driver is idle, the DMA
 * fallback to messages, region capabilities, interrupts.
 *
 * Runs without any device (suite `mock`); ordinary device tests run against
 * sofvfio-emu through qtest/lib/with-emu.
 */
#include "harness.h"
#include "sofvfio/vfio-user-proto.h"
#include "sofvfio/wait.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ---- the peer -------------------------------------------------------------- */

typedef enum {
	FAULT_NONE,
	FAULT_ERROR,     /* error reply with @fault_errno */
	FAULT_CLOSE,     /* hang up instead of replying */
	FAULT_WRONG_ID,  /* reply under another message id */
	FAULT_TRUNCATED, /* count says N, no data follows */
	FAULT_WRONG_CMD, /* reply carries another command */
	FAULT_OVERSIZE,  /* header claims a 64 MiB message */
	FAULT_FDS,       /* a correct reply with an eventfd attached */
	FAULT_SILENT,    /* no reply now; a late one before the next */
} Fault;

#define BAR0_SIZE 0x4000
#define PEER_MAX_MAPS 8
#define UNKNOWN_CAP 0x7777
#define BIG_CAP_BYTES 1024

typedef struct {
	uint64_t iova, size, offset;
	int fd;
	uint8_t *map; /* the peer's own mapping of the client's memfd */
} PeerMap;

typedef struct {
	/* configuration, before peer_start() */
	uint16_t major, minor;
	const char *json;
	Fault fault;          /* applies to the next REGION_READ, once */
	int fault_errno;
	bool refuse_fd_maps;
	bool mmap_bar0;
	bool big_caps;
	bool cap_loop;
	bool dma_during_read; /* DMA_WRITE to the first window before each REGION_READ reply */
	bool storm;           /* each REGION_READ: a DMA_WRITE first, its reply not awaited */

	char *dir, *path;
	int listen_fd, conn_fd;
	int ctl[2];
	GThread *thread;
	GMutex lock;
	GCond cond;
	bool stop;

	/* what the peer saw */
	char *client_json;
	uint16_t client_major, client_minor;
	unsigned n_region_reads, n_region_writes;
	uint32_t max_rw_count;
	unsigned n_region_info_bar0;
	unsigned n_maps, n_fd_maps_refused, n_unmaps, n_bad_unmaps, n_resets;
	PeerMap maps[PEER_MAX_MAPS];
	int irq_fd;
	uint32_t irq_flags, irq_count;
	unsigned irq_nfds;
	int silent_id;
	unsigned n_nested_dma_ok;
	unsigned n_storm_sent, n_storm_replies, n_storm_errors;

	/* a command the peer sends the client (DMA_READ/DMA_WRITE, other) */
	bool action_pending, action_done;
	uint16_t action_cmd;
	uint64_t action_addr;
	uint8_t action_data[256];
	uint32_t action_len;
	uint32_t action_reply_flags, action_reply_errno;
	uint8_t action_reply[512];
	size_t action_reply_len;

	uint8_t config[256];
	int bar0_fd;
	uint8_t *bar0;
} Peer;

static ssize_t peer_send(Peer *p, uint16_t id, uint16_t cmd, uint32_t flags, uint32_t err,
			 const void *payload, size_t len, const int *fds, unsigned nfds)
{
	struct vfu_header h = { .msg_id = id, .cmd = cmd, .msg_size = (uint32_t)(16 + len),
				.flags = flags, .error_no = err };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, len } };
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} ctl;
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	if (nfds) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		m.msg_control = ctl.buf;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	return sendmsg(p->conn_fd, &m, MSG_NOSIGNAL);
}

static void reply(Peer *p, const struct vfu_header *h, const void *payload, size_t len)
{
	peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY, 0, payload, len, NULL, 0);
}

static void reply_fds(Peer *p, const struct vfu_header *h, const void *payload, size_t len,
		      const int *fds, unsigned nfds)
{
	peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY, 0, payload, len, fds, nfds);
}

static void reply_error(Peer *p, const struct vfu_header *h, int e)
{
	peer_send(p, h->msg_id, h->cmd, VFU_F_TYPE_REPLY | VFU_F_ERROR, (uint32_t)e, NULL, 0,
		  NULL, 0);
}

/* One message: 1, or 0 at end of stream. */
static int peer_recv(Peer *p, struct vfu_header *h, uint8_t **data, int *fds, unsigned *nfds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 16)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { h, sizeof(*h) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf) };
	ssize_t r = recvmsg(p->conn_fd, &m, MSG_WAITALL | MSG_CMSG_CLOEXEC);
	size_t len;

	*nfds = 0;
	*data = NULL;
	if (r <= 0)
		return 0;
	g_assert_cmpint(r, ==, sizeof(*h));
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm)) {
		unsigned n = (unsigned)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		memcpy(fds + *nfds, CMSG_DATA(cm), n * sizeof(int));
		*nfds += n;
	}
	g_assert_cmpuint(h->msg_size, >=, 16);
	len = h->msg_size - 16;
	*data = g_malloc0(len + 1);
	if (len && recv(p->conn_fd, *data, len, MSG_WAITALL) != (ssize_t)len)
		return 0;
	return 1;
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
	struct vfu_header h;
	g_autofree uint8_t *msg = NULL;
	int fds[16];
	unsigned nfds;

	memcpy(buf, &acc, sizeof(acc));
	memset(buf + sizeof(acc), 0x5a, 16);
	peer_send(p, 0x4343, VFU_CMD_DMA_WRITE, VFU_F_TYPE_COMMAND, 0, buf, sizeof(buf), NULL, 0);
	g_assert_true(peer_recv(p, &h, &msg, fds, &nfds));
	g_assert_cmpuint(h.msg_id, ==, 0x4343);
	g_assert_cmpuint(h.flags & VFU_F_TYPE_MASK, ==, VFU_F_TYPE_REPLY);
	if (!(h.flags & VFU_F_ERROR))
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
		close(p->conn_fd);
		p->conn_fd = -1;
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

		g_assert_cmpint(send(p->conn_fd, &big, sizeof(big), MSG_NOSIGNAL), ==, sizeof(big));
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

	if (poll(a, 2, 10000) <= 0 || !a[0].revents)
		return NULL;
	p->conn_fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	g_assert_cmpint(p->conn_fd, >=, 0);
	while (p->conn_fd >= 0) {
		struct pollfd pf[2] = { { .fd = p->conn_fd, .events = POLLIN },
					{ .fd = p->ctl[0], .events = POLLIN } };
		struct vfu_header h;
		g_autofree uint8_t *msg = NULL;
		int fds[16];
		unsigned nfds;

		if (poll(pf, 2, -1) < 0)
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
		if (!peer_recv(p, &h, &msg, fds, &nfds))
			break;
		g_mutex_lock(&p->lock);
		if ((h.flags & VFU_F_TYPE_MASK) == VFU_F_TYPE_REPLY && p->storm) {
			p->n_storm_replies++;
			if (h.flags & VFU_F_ERROR)
				p->n_storm_errors++;
			g_cond_broadcast(&p->cond);
		} else if ((h.flags & VFU_F_TYPE_MASK) == VFU_F_TYPE_REPLY) {
			/* The client's answer to our DMA_READ/DMA_WRITE. */
			p->action_reply_flags = h.flags;
			p->action_reply_errno = h.error_no;
			p->action_reply_len = MIN(h.msg_size - 16, sizeof(p->action_reply));
			memcpy(p->action_reply, msg, p->action_reply_len);
			p->action_done = true;
			g_cond_broadcast(&p->cond);
		} else {
			handle_command(p, &h, msg, fds, nfds);
		}
		g_mutex_unlock(&p->lock);
	}
	return NULL;
}

static Peer *peer_new(void)
{
	Peer *p = g_new0(Peer, 1);

	p->major = VFU_MAJOR;
	p->minor = VFU_MINOR;
	p->json = "{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}";
	p->listen_fd = p->conn_fd = p->irq_fd = p->bar0_fd = -1;
	p->silent_id = -1;
	for (unsigned i = 0; i < sizeof(p->config); i++)
		p->config[i] = (uint8_t)(i * 7 + 3);
	return p;
}

static void peer_start(Peer *p)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	g_autoptr(GError) err = NULL;

	p->dir = g_dir_make_tmp("vfu-peer-XXXXXX", &err);
	sv_assert_no_error(err);
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

static char *peer_device(Peer *p)
{
	return g_strdup_printf("vfio-user:%s", p->path);
}

static void peer_free(Peer *p)
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
	if (p->conn_fd >= 0)
		close(p->conn_fd);
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

/*
 * Make the peer send @cmd (DMA_READ/DMA_WRITE/other) for [@addr, +@len) and
 * wait (bounded) for the client's reply.  The test thread stays out of the
 * client meanwhile: the client's receive thread answers on its own.
 */
static void peer_action(Peer *p, uint16_t cmd, uint64_t addr, const void *data, uint32_t len)
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

static SvDevice *open_peer(Peer *p)
{
	g_autofree char *name = peer_device(p);
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	sv_assert_no_error(err);
	return dev;
}

static char *describe(SvDevice *dev)
{
	GString *s = g_string_new(NULL);

	sv_device_describe(dev, s);
	return g_string_free(s, FALSE);
}

/* ---- negotiation ----------------------------------------------------------- */

static void test_negotiate(gconstpointer data)
{
	Peer *p = peer_new();
	g_autofree char *desc = NULL;
	const SvDeviceInfo *info;
	uint8_t buf[256], wr[200];
	unsigned reads, writes;
	SvDevice *dev;
	g_autoptr(GError) err = NULL;

	/* Whitespace, unknown keys, nested objects and arrays: all fine. */
	p->minor = 1;
	p->json = " {\n \"capabilities\" : { \"max_msg_fds\" : 4 , \"max_data_xfer_size\":64,"
		  "\"pgsizes\": 4096, \"twin_socket\": {\"supported\": false, \"x\": [1, {}]},"
		  " \"migration\": {\"pgsize\": 4096, \"max_bitmap_size\": 1e9},"
		  " \"write_multiple\": true, \"future\": [null, \"s\\\"q\"] }, \"other\": 1 } ";
	peer_start(p);
	dev = open_peer(p);

	/* We propose 0.2 and only what we implement. */
	g_assert_cmpuint(p->client_major, ==, 0);
	g_assert_cmpuint(p->client_minor, ==, 2);
	g_assert_cmpstr(p->client_json, ==,
			"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}");

	info = sv_device_get_info(dev);
	g_assert_cmpuint(info->num_regions, ==, 9);
	g_assert_cmpuint(info->num_irqs, ==, 5);
	g_assert_true(info->flags & VFIO_DEVICE_FLAGS_RESET);
	g_assert_cmpstr(sv_device_backend(dev), ==, "vfio-user");
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "vfio-user protocol: 0.1"));
	g_assert_nonnull(strstr(desc, "max_data_xfer_size: 64\n"));
	g_assert_nonnull(strstr(desc, "max_msg_fds: 4\n"));
	g_assert_nonnull(strstr(desc, p->path));

	/* 256 bytes with a 64-byte transfer limit: split, data intact. */
	reads = p->n_region_reads;
	writes = p->n_region_writes;
	p->max_rw_count = 0;
	g_assert_true(sv_config_read(dev, 0, buf, sizeof(buf), &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(buf, sizeof(buf), p->config, sizeof(p->config));
	g_assert_cmpuint(p->n_region_reads - reads, ==, 4);
	g_assert_cmpuint(p->max_rw_count, ==, 64);
	for (unsigned i = 0; i < sizeof(wr); i++)
		wr[i] = (uint8_t)(0xa5 ^ i);
	g_assert_true(sv_config_write(dev, 8, wr, sizeof(wr), &err));
	g_assert_cmpuint(p->n_region_writes - writes, ==, 4);
	g_assert_cmpmem(p->config + 8, sizeof(wr), wr, sizeof(wr));
	g_assert_cmpuint(p->max_rw_count, ==, 64);

	sv_device_close(dev);
	peer_free(p);
}

/* Like vfio-pci's open (pci_enable_device()): memory decoding on, bus master left alone. */
static void test_enable_memory(gconstpointer data)
{
	Peer *p = peer_new();
	SvDevice *dev;

	p->config[4] = 0x00;
	p->config[5] = 0x04; /* INTx disable: must survive */
	peer_start(p);
	dev = open_peer(p);
	g_assert_cmphex(p->config[4], ==, 0x02);
	g_assert_cmphex(p->config[5], ==, 0x04);
	sv_device_close(dev);
	peer_free(p);
}

static void expect_open_error(Peer *p, int code, const char *const *needles)
{
	g_autofree char *name = peer_device(p);
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	g_assert_null(dev);
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, code);
	for (; *needles; needles++)
		if (!strstr(err->message, *needles))
			g_error("'%s' not in: %s", *needles, err->message);
}

static void test_version_major(gconstpointer data)
{
	Peer *p = peer_new();
	const char *const needles[] = { "1.0", "0.2", "protocol", NULL };

	p->major = 1;
	p->minor = 0;
	peer_start(p);
	expect_open_error(p, SV_ERROR_PROTOCOL, needles);
	peer_free(p);
}

static void test_bad_json(gconstpointer data)
{
	static const struct {
		const char *json;
		const char *needle;
	} cases[] = {
		{ "{\"capabilities\":{\"max_msg_fds\":\"eight\"}}", "max_msg_fds" },
		{ "{\"capabilities\":{\"max_data_xfer_size\":-4}}", "max_data_xfer_size" },
		{ "{\"capabilities\":{\"max_data_xfer_size\":0}}", "max_data_xfer_size 0" },
		{ "{capabilities: 1}", "malformed JSON" },
		{ "{\"capabilities\":{\"pgsizes\":4096}", "malformed JSON" },
		{ "{\"capabilities\":[]}", "not an object" },
		{ "{} trailing", "text after" },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		Peer *p = peer_new();
		const char *const needles[] = { cases[i].needle, NULL };

		p->json = cases[i].json;
		peer_start(p);
		expect_open_error(p, SV_ERROR_PROTOCOL, needles);
		peer_free(p);
	}
}

static void test_no_json(gconstpointer data)
{
	Peer *p = peer_new();
	g_autofree char *desc = NULL;
	SvDevice *dev;

	/* No capabilities at all: the defaults of vfio-user.rst. */
	p->json = NULL;
	peer_start(p);
	dev = open_peer(p);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "max_msg_fds: 1\n"));
	g_assert_nonnull(strstr(desc, "max_data_xfer_size: 1048576\n"));
	g_assert_nonnull(strstr(desc, "max_dma_maps: 65535\n"));
	sv_device_close(dev);
	peer_free(p);
}

/* ---- connect errors --------------------------------------------------------- */

static void test_connect_errors(gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("vfu-conn-XXXXXX", NULL);
	g_autofree char *missing = g_build_filename(dir, "missing.sock", NULL);
	g_autofree char *file = g_build_filename(dir, "file", NULL);
	g_autofree char *stale = g_build_filename(dir, "stale.sock", NULL);
	g_autofree char *name = NULL;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	name = g_strdup_printf("vfio-user:%s", missing);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(err->message, "sofvfio-emu --socket"));
	g_assert_nonnull(strstr(err->message, missing));
	g_clear_error(&err);

	g_assert_true(g_file_set_contents(file, "x", 1, NULL));
	g_free(name);
	name = g_strdup_printf("vfio-user:%s", file);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, "not a socket"));
	g_clear_error(&err);

	/* A socket file nobody listens on (a server that died): ECONNREFUSED. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	g_snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", stale);
	g_assert_cmpint(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
	close(fd);
	g_free(name);
	name = g_strdup_printf("vfio-user:%s", stale);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(err->message, "stale"));
	g_assert_nonnull(strstr(err->message, "sofvfio-emu --socket"));
	g_clear_error(&err);

	g_assert_null(sv_device_open("vfio-user:", &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);

	unlink(file);
	unlink(stale);
	rmdir(dir);
}

static void test_bad_env(gconstpointer data)
{
	Peer *p = peer_new();
	const char *const n1[] = { "SOFVFIO_VFU_TIMEOUT_MS", NULL };
	const char *const n2[] = { "SOFVFIO_VFU_DMA", NULL };

	peer_start(p);
	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "soon", TRUE);
	expect_open_error(p, SV_ERROR_INVAL, n1);
	g_unsetenv("SOFVFIO_VFU_TIMEOUT_MS");
	g_setenv("SOFVFIO_VFU_DMA", "carrier-pigeon", TRUE);
	expect_open_error(p, SV_ERROR_INVAL, n2);
	g_unsetenv("SOFVFIO_VFU_DMA");
	peer_free(p);
}

/* ---- error replies and broken servers --------------------------------------- */

static void test_error_reply(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint32_t v = 0;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_ERROR;
	p->fault_errno = ENOSPC;
	g_assert_false(sv_config_read32(dev, 0x10, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err->message, "REGION_READ"));
	g_assert_nonnull(strstr(err->message, "CONFIG"));
	g_assert_nonnull(strstr(err->message, "0x10"));
	g_assert_nonnull(strstr(err->message, g_strerror(ENOSPC)));
	g_clear_error(&err);
	/* An error reply is the server's answer, not a broken connection. */
	g_assert_true(sv_config_read32(dev, 0x10, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(&v, 4, p->config + 0x10, 4);
	sv_device_close(dev);
	peer_free(p);
}

static void test_server_closes(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint32_t v;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_CLOSE;
	g_assert_false(sv_config_read32(dev, 0, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_assert_nonnull(strstr(err->message, "closed the connection"));
	g_assert_nonnull(strstr(err->message, "REGION_READ"));
	g_clear_error(&err);
	/* And so does everything after. */
	g_assert_false(sv_config_read32(dev, 0, &v, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	sv_device_close(dev);
	peer_free(p);
}

static unsigned count_fds(void)
{
	GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
	unsigned n = 0;

	g_assert_nonnull(d);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

typedef struct {
	unsigned want;
} FdCount;

static gboolean fds_back(void *data, GError **error)
{
	return count_fds() == ((FdCount *)data)->want;
}

static void test_malformed(gconstpointer data)
{
	static const struct {
		Fault fault;
		const char *needle;
	} cases[] = {
		{ FAULT_WRONG_ID, "matches no request" },
		{ FAULT_TRUNCATED, "truncated" },
		{ FAULT_WRONG_CMD, "REGION_WRITE reply" },
		{ FAULT_OVERSIZE, "67108864 bytes" },
		{ FAULT_FDS, "file descriptor" },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		Peer *p = peer_new();
		g_autoptr(GError) err = NULL;
		FdCount fc;
		uint32_t v;
		SvDevice *dev;

		peer_start(p);
		dev = open_peer(p);
		fc.want = count_fds();
		p->fault = cases[i].fault;
		g_assert_false(sv_config_read32(dev, 0, &v, &err));
		g_test_message("%s", err ? err->message : "(no error)");
		g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
		if (!strstr(err->message, cases[i].needle))
			g_error("case %u: '%s' not in: %s", i, cases[i].needle, err->message);
		g_clear_error(&err);
		/* Unexpected fds are closed, not leaked (the peer closes its own copy). */
		g_assert_true(sv_wait_until(fds_back, &fc, 2 * G_USEC_PER_SEC, "fd count", &err));
		sv_device_close(dev);
		peer_free(p);
	}
}

static void test_timeout(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	int64_t t0;
	uint32_t v;
	SvDevice *dev;

	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "1000", TRUE);
	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_SILENT;
	t0 = sv_now_us();
	g_assert_false(sv_config_read32(dev, 0x20, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, SV_ERROR_TIMEOUT);
	g_assert_cmpint(sv_now_us() - t0, >=, 1000000);
	g_assert_cmpint(sv_now_us() - t0, <, 10000000);
	g_assert_nonnull(strstr(err->message, "1000 ms"));
	g_clear_error(&err);
	/* The late reply to the abandoned request is dropped; the next one works. */
	g_assert_true(sv_config_read32(dev, 0x20, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(&v, 4, p->config + 0x20, 4);
	sv_device_close(dev);
	peer_free(p);
	g_unsetenv("SOFVFIO_VFU_TIMEOUT_MS");
}

/* ---- DMA --------------------------------------------------------------------- */

typedef struct {
	const uint8_t *where;
	const uint8_t *want;
	size_t len;
} MemWait;

static gboolean mem_equal(void *data, GError **error)
{
	MemWait *m = data;

	return memcmp((const void *)m->where, m->want, m->len) == 0;
}

static void fill(uint8_t *b, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 13);
}

/* The peer's DMA_WRITE lands in the buffer and its DMA_READ sees our bytes. */
static void check_dma_messages(Peer *p, SvDmaBuf *buf)
{
	g_autoptr(GError) err = NULL;
	uint8_t pat[64];
	struct vfu_dma_access echo;
	MemWait mw = { (uint8_t *)buf->vaddr + 0x100, pat, sizeof(pat) };

	fill(pat, sizeof(pat), 0x31);
	/* Test thread idle: only the receive thread can serve this. */
	peer_action(p, VFU_CMD_DMA_WRITE, buf->iova + 0x100, pat, sizeof(pat));
	g_assert_cmpuint(p->action_reply_flags & VFU_F_ERROR, ==, 0);
	g_assert_true(sv_wait_until(mem_equal, &mw, 2 * G_USEC_PER_SEC, "DMA_WRITE data", &err));
	sv_assert_no_error(err);

	fill((uint8_t *)buf->vaddr + 0x200, 48, 0x77);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova + 0x200, NULL, 48);
	g_assert_cmpuint(p->action_reply_flags & VFU_F_ERROR, ==, 0);
	g_assert_cmpuint(p->action_reply_len, ==, 16 + 48);
	memcpy(&echo, p->action_reply, sizeof(echo));
	g_assert_cmphex(echo.address, ==, buf->iova + 0x200);
	g_assert_cmpuint(echo.count, ==, 48);
	g_assert_cmpmem(p->action_reply + 16, 48, (uint8_t *)buf->vaddr + 0x200, 48);

	/* Outside every mapping, or running off the end: refused, nothing written. */
	peer_action(p, VFU_CMD_DMA_WRITE, buf->iova + 0x10000000, pat, 8);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	g_assert_cmpuint(p->action_reply_errno, ==, EFAULT);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova + buf->size - 16, NULL, 32);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	g_assert_cmpuint(p->action_reply_errno, ==, EFAULT);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova - 8, NULL, 16);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	/* A command a client does not serve. */
	peer_action(p, VFU_CMD_DEVICE_RESET, 0, NULL, 0);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
}

static void test_dma_shared(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf;
	SvDevice *dev;
	uint8_t pat[32];
	MemWait mw;

	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 8192, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_maps, ==, 1);
	g_assert_cmpint(p->maps[0].fd, >=, 0);
	g_assert_cmphex(p->maps[0].iova, ==, buf->iova);
	g_assert_cmpuint(p->maps[0].size, ==, buf->size);

	/* Zero-copy: the peer's own mapping of our memfd is the same memory. */
	fill(pat, sizeof(pat), 0x11);
	memcpy(p->maps[0].map + 0x300, pat, sizeof(pat));
	mw = (MemWait){ (uint8_t *)buf->vaddr + 0x300, pat, sizeof(pat) };
	g_assert_true(mem_equal(&mw, NULL));

	check_dma_messages(p, buf);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "shared memory"));
	g_assert_nonnull(strstr(desc, "requests served: 2 "));
	g_assert_nonnull(strstr(desc, "1 shared, 0 by messages"));

	sv_dma_free(dev, buf);
	g_assert_cmpuint(p->n_unmaps, ==, 1);
	g_assert_cmpuint(p->n_bad_unmaps, ==, 0);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_fallback(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf, *buf2;
	SvDevice *dev;

	p->refuse_fd_maps = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 1);
	g_assert_cmpuint(p->n_maps, ==, 1);
	g_assert_cmpint(p->maps[0].fd, ==, -1);
	check_dma_messages(p, buf);
	/* Once refused, later maps go without an fd straight away. */
	buf2 = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 1);
	g_assert_cmpuint(p->n_maps, ==, 2);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "DMA: messages"));
	g_assert_nonnull(strstr(desc, "0 shared, 2 by messages"));
	sv_dma_free(dev, buf2);
	sv_dma_free(dev, buf);
	g_assert_cmpuint(p->n_unmaps, ==, 2);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_env_message(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf;
	SvDevice *dev;

	g_setenv("SOFVFIO_VFU_DMA", "message", TRUE);
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 0);
	g_assert_cmpint(p->maps[0].fd, ==, -1);
	check_dma_messages(p, buf);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "set by SOFVFIO_VFU_DMA"));
	sv_device_close(dev); /* frees and unmaps the buffer */
	g_assert_cmpuint(p->n_unmaps, ==, 1);
	peer_free(p);
	g_unsetenv("SOFVFIO_VFU_DMA");
}

static void test_dma_during_request(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint8_t want[16];
	SvDmaBuf *buf;
	SvDevice *dev;
	uint32_t v;

	p->dma_during_read = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	for (unsigned i = 0; i < 3; i++) {
		g_assert_true(sv_config_read32(dev, 4 * i, &v, &err));
		sv_assert_no_error(err);
		g_assert_cmpmem(&v, 4, p->config + 4 * i, 4);
	}
	g_assert_cmpuint(p->n_nested_dma_ok, ==, 3);
	memset(want, 0x5a, sizeof(want));
	g_assert_cmpmem((uint8_t *)buf->vaddr + 0x40, 16, want, 16);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_storm(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	gint64 deadline;
	SvDmaBuf *buf;
	SvDevice *dev;
	uint32_t v, slot[4];

	p->storm = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	for (uint32_t n = 0; n < 2000; n++) {
		g_assert_true(sv_config_read32(dev, 0x10, &v, &err));
		/* The DMA_WRITE sent before this reply is in memory already. */
		memcpy(slot, (uint8_t *)buf->vaddr + (n % 256) * 16, sizeof(slot));
		if (slot[0] != n || slot[3] != n)
			g_error("after read %u the DMA slot holds %u", n, slot[0]);
	}
	deadline = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
	g_mutex_lock(&p->lock);
	while (p->n_storm_replies < 2000 && g_cond_wait_until(&p->cond, &p->lock, deadline))
		;
	g_mutex_unlock(&p->lock);
	g_assert_cmpuint(p->n_storm_replies, ==, 2000);
	g_assert_cmpuint(p->n_storm_errors, ==, 0);
	sv_device_close(dev);
	peer_free(p);
}

/* ---- regions ------------------------------------------------------------------ */

static void test_region_mmap(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	SvRegionInfo info;
	unsigned writes;
	uint32_t v;
	SvDevice *dev;

	p->mmap_bar0 = true;
	peer_start(p);
	dev = open_peer(p);
	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(info.size, ==, BAR0_SIZE);
	g_assert_true(info.flags & VFIO_REGION_INFO_FLAG_MMAP);
	g_assert_cmpuint(info.n_sparse, ==, 2);
	g_assert_cmphex(info.sparse[1].offset, ==, 0x2000);
	g_assert_cmpuint(info.n_caps, ==, 1);
	g_assert_cmpuint(info.cap_ids[0], ==, VFIO_REGION_INFO_CAP_SPARSE_MMAP);

	g_assert_true(sv_bar_map(dev, 0, &err));
	writes = p->n_region_writes;
	/* Inside a sparse area: a pointer into the server's memory. */
	g_assert_nonnull(sv_bar_ptr(dev, 0, 0x10));
	g_assert_nonnull(sv_bar_ptr(dev, 0, 0x3ffc));
	/* The hole between areas goes through REGION_READ/WRITE. */
	g_assert_null(sv_bar_ptr(dev, 0, 0x1800));

	sv_write32(dev, 0, 0x10, 0xdeadbeef);
	memcpy(&v, p->bar0 + 0x10, 4);
	g_assert_cmphex(v, ==, 0xdeadbeef);
	g_assert_cmpuint(p->n_region_writes, ==, writes);
	sv_write32(dev, 0, 0x1800, 0x12345678);
	g_assert_cmpuint(p->n_region_writes, ==, writes + 1);
	memcpy(&v, p->bar0 + 0x1800, 4);
	g_assert_cmphex(v, ==, 0x12345678);
	v = 0xcafef00d;
	memcpy(p->bar0 + 0x2004, &v, 4);
	g_assert_cmphex(sv_read32(dev, 0, 0x2004), ==, 0xcafef00d);
	g_assert_cmphex(sv_read32(dev, 0, 0x1800), ==, 0x12345678);
	g_assert_true(sv_device_take_error(dev, &err));
	sv_device_close(dev);
	peer_free(p);
}

static void test_region_caps(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	SvRegionInfo info;
	SvDevice *dev;

	/* Capabilities bigger than the first argsz: asked again with the size given. */
	p->big_caps = true;
	peer_start(p);
	dev = open_peer(p);
	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_region_info_bar0, ==, 2);
	g_assert_cmpuint(info.n_caps, ==, 2);
	g_assert_cmpuint(info.cap_ids[1], ==, UNKNOWN_CAP);
	g_assert_cmpuint(info.cap_versions[1], ==, 3);
	g_assert_cmpuint(info.n_sparse, ==, 2);
	/* No MMAP flag, no fd: mapping falls back to messages without an error. */
	g_assert_true(sv_bar_map(dev, 0, &err));
	g_assert_null(sv_bar_ptr(dev, 0, 0x10));
	sv_device_close(dev);
	peer_free(p);

	p = peer_new();
	p->cap_loop = true;
	peer_start(p);
	dev = open_peer(p);
	g_assert_false(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_assert_nonnull(strstr(err->message, "loop"));
	sv_device_close(dev);
	peer_free(p);
}

/* ---- interrupts and reset --------------------------------------------------- */

static void test_irq(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint64_t one = 1, n = 0;
	SvIrqInfo info;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	g_assert_true(sv_irq_info(dev, SV_IRQ_INTX, &info, &err));
	g_assert_cmpuint(info.count, ==, 1);
	g_assert_true(info.flags & VFIO_IRQ_INFO_MASKABLE);

	g_assert_true(sv_irq_enable(dev, SV_IRQ_INTX, 1, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER);
	g_assert_cmpuint(p->irq_count, ==, 1);
	g_assert_cmpuint(p->irq_nfds, ==, 1);
	/* The server signals through the eventfd it got: the driver sees it. */
	g_assert_cmpint(write(p->irq_fd, &one, sizeof(one)), ==, sizeof(one));
	g_assert_true(sv_irq_wait(dev, SV_IRQ_INTX, 0, 2000, &n, &err));
	g_assert_cmpuint(n, ==, 1);

	g_assert_true(sv_irq_mask(dev, SV_IRQ_INTX, 0, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK);
	g_assert_cmpuint(p->irq_nfds, ==, 0);
	g_assert_true(sv_irq_unmask(dev, SV_IRQ_INTX, 0, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK);

	g_assert_true(sv_irq_disable(dev, SV_IRQ_INTX, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER);
	g_assert_cmpuint(p->irq_count, ==, 0);

	g_assert_true(sv_device_reset(dev, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_resets, ==, 1);
	sv_device_close(dev);
	peer_free(p);
}

static unsigned initial_fds;

/* Last: every test closed what it opened, the client's sockets, memfds and received fds too. */
static void test_no_fd_leak(gconstpointer data)
{
	FdCount fc = { initial_fds };
	g_autoptr(GError) err = NULL;

	g_assert_true(sv_wait_until(fds_back, &fc, 2 * G_USEC_PER_SEC, "fd count", &err));
	g_assert_cmpuint(count_fds(), ==, initial_fds);
}

int main(int argc, char **argv)
{
	sv_test_init(&argc, &argv);
	initial_fds = count_fds();
	sv_test_add_nodev("/vfio-user-client/negotiate", 0, test_negotiate, NULL);
	sv_test_add_nodev("/vfio-user-client/no-json", 0, test_no_json, NULL);
	sv_test_add_nodev("/vfio-user-client/enable-memory", 0, test_enable_memory, NULL);
	sv_test_add_nodev("/vfio-user-client/version-major", 0, test_version_major, NULL);
	sv_test_add_nodev("/vfio-user-client/bad-json", 0, test_bad_json, NULL);
	sv_test_add_nodev("/vfio-user-client/connect-errors", 0, test_connect_errors, NULL);
	sv_test_add_nodev("/vfio-user-client/bad-env", 0, test_bad_env, NULL);
	sv_test_add_nodev("/vfio-user-client/error-reply", 0, test_error_reply, NULL);
	sv_test_add_nodev("/vfio-user-client/server-closes", 0, test_server_closes, NULL);
	sv_test_add_nodev("/vfio-user-client/malformed-replies", 0, test_malformed, NULL);
	sv_test_add_nodev("/vfio-user-client/timeout", 0, test_timeout, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-shared", 0, test_dma_shared, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-fallback", 0, test_dma_fallback, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-env-message", 0, test_dma_env_message, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-during-request", 0, test_dma_during_request,
			  NULL);
	sv_test_add_nodev("/vfio-user-client/dma-storm", 0, test_dma_storm, NULL);
	sv_test_add_nodev("/vfio-user-client/region-mmap", 0, test_region_mmap, NULL);
	sv_test_add_nodev("/vfio-user-client/region-caps", 0, test_region_caps, NULL);
	sv_test_add_nodev("/vfio-user-client/irq-reset", 0, test_irq, NULL);
	sv_test_add_nodev("/vfio-user-client/no-fd-leak", 0, test_no_fd_leak, NULL);
	return sv_test_run();
}
