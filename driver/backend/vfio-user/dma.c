// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dma.c - memory the vfio-user server reaches for the device's DMA
 * (vfio-user.rst, "Client memory access", DMA_MAP/DMA_UNMAP/DMA_READ/
 * DMA_WRITE).
 *
 * Memory is a memfd mapped shared.  Shared mode passes the memfd with
 * DMA_MAP and the server maps it: its DMA is a memcpy, zero-copy.  Message
 * mode maps without an fd and the server moves every byte with DMA_READ/
 * DMA_WRITE, which the receive thread answers from the window table below.
 * Message mode is chosen by SOFVFIO_VFU_DMA=message, by a server that takes
 * no fds (max_msg_fds 0), or after the server refuses an fd-backed map.
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const char *vfu_dma_mode_name(VfuDmaMode mode)
{
	return mode == VFU_DMA_SHARED ? "shared memory (memfd passed with DMA_MAP)"
				      : "messages (DMA_READ/DMA_WRITE)";
}

gboolean vfu_dma_init(VfuDev *v, GError **error)
{
	const char *env = g_getenv("SOFVFIO_VFU_DMA");

	g_mutex_init(&v->dma_lock);
	v->windows = g_array_new(FALSE, TRUE, sizeof(VfuDmaWindow));
	v->dma_mode = VFU_DMA_SHARED;
	if (env && *env) {
		if (!strcmp(env, "message") || !strcmp(env, "messages")) {
			v->dma_mode = VFU_DMA_MESSAGE;
		} else if (strcmp(env, "shared") && strcmp(env, "fd")) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "%s: SOFVFIO_VFU_DMA='%s': use 'shared' (memfd, default) or "
				    "'message' (DMA_READ/DMA_WRITE)", v->devname, env);
			return FALSE;
		}
		v->dma_mode_forced = true;
	}
	return TRUE;
}

void vfu_dma_fini(VfuDev *v)
{
	if (!v->windows)
		return;
	g_array_unref(v->windows);
	v->windows = NULL;
	g_mutex_clear(&v->dma_lock);
}

/* The window holding [@addr, @addr+@count), or NULL.  dma_lock held. */
static VfuDmaWindow *find_window(VfuDev *v, uint64_t addr, uint64_t count)
{
	for (guint i = 0; i < v->windows->len; i++) {
		VfuDmaWindow *w = &g_array_index(v->windows, VfuDmaWindow, i);

		if (addr >= w->iova && addr - w->iova < w->size && count <= w->size - (addr - w->iova))
			return w;
	}
	return NULL;
}

/*
 * Serve DMA_READ/DMA_WRITE on the receive thread.  An address outside
 * every window is refused with EFAULT, a malformed request with EINVAL:
 * the server's bug must not become ours.
 */
int vfu_dma_serve(void *data, const struct vfu_header *hdr, const uint8_t *payload,
		  size_t len, uint8_t **out, size_t *out_len)
{
	VfuDev *v = data;
	struct vfu_dma_access a;
	VfuDmaWindow *w;
	bool is_read = hdr->cmd == VFU_CMD_DMA_READ;

	if (len < sizeof(a))
		return EINVAL;
	memcpy(&a, payload, sizeof(a));
	if (a.count > VFU_CLIENT_MAX_XFER)
		return EINVAL;
	if (!is_read && len - sizeof(a) != a.count)
		return EINVAL;

	g_mutex_lock(&v->dma_lock);
	w = find_window(v, a.address, a.count);
	if (!w) {
		g_mutex_unlock(&v->dma_lock);
		sv_debug("%s: server %s of %" G_GUINT64_FORMAT " bytes at IOVA 0x%"
			 G_GINT64_MODIFIER "x is outside every DMA mapping: refused",
			 v->devname, vfu_cmd_name(hdr->cmd), a.count, a.address);
		return EFAULT;
	}
	if (is_read) {
		/* Reply: address, count, then the data. */
		*out_len = sizeof(a) + a.count;
		*out = g_malloc(*out_len);
		memcpy(*out, &a, sizeof(a));
		memcpy(*out + sizeof(a), w->vaddr + (a.address - w->iova), a.count);
	} else {
		memcpy(w->vaddr + (a.address - w->iova), payload + sizeof(a), a.count);
		/* Reply: address and count (as libvfio-user's client does). */
		*out_len = sizeof(a);
		*out = g_memdup2(&a, sizeof(a));
	}
	g_mutex_unlock(&v->dma_lock);
	return 0;
}

gboolean vfu_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed, uint64_t *fixed_iova,
		       GError **error)
{
	int fd = memfd_create("sofvfio-dma", MFD_CLOEXEC);
	void *p;

	if (fd < 0) {
		sv_set_error_errno(error, errno, "%s: memfd_create for a DMA buffer", dev->name);
		return FALSE;
	}
	if (ftruncate(fd, (off_t)buf->size) < 0) {
		sv_set_error_errno(error, errno, "%s: sizing a %zu-byte DMA buffer", dev->name,
				   buf->size);
		close(fd);
		return FALSE;
	}
	/* Shared: the server's mapping of the same memfd sees our stores. */
	p = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		sv_set_error_errno(error, errno, "%s: mapping a %zu-byte DMA buffer", dev->name,
				   buf->size);
		close(fd);
		return FALSE;
	}
	buf->vaddr = p;
	buf->fd = fd;
	buf->fd_offset = 0;
	*has_fixed = FALSE;
	return TRUE;
}

void vfu_mem_free(SvDevice *dev, SvDmaBuf *buf)
{
	if (buf->vaddr)
		munmap(buf->vaddr, buf->size);
	if (buf->fd >= 0)
		close(buf->fd);
	buf->vaddr = NULL;
	buf->fd = -1;
}

static void remove_window(VfuDev *v, uint64_t iova, uint64_t size)
{
	g_mutex_lock(&v->dma_lock);
	for (guint i = 0; i < v->windows->len; i++) {
		VfuDmaWindow *w = &g_array_index(v->windows, VfuDmaWindow, i);

		if (w->iova == iova && w->size == size) {
			g_array_remove_index_fast(v->windows, i);
			break;
		}
	}
	g_mutex_unlock(&v->dma_lock);
}

static gboolean send_map(VfuDev *v, SvDmaBuf *buf, uint64_t iova, bool with_fd, GError **error)
{
	struct vfu_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFU_DMA_F_READ | VFU_DMA_F_WRITE,
		/* "offset: the file offset ... or zero if the region is not mappable" */
		.offset = with_fd ? buf->fd_offset : 0,
		.address = iova,
		.size = buf->size,
	};
	struct iovec iov = { &m, sizeof(m) };
	g_autofree char *what = g_strdup_printf("DMA_MAP of 0x%zx bytes at IOVA 0x%"
						G_GINT64_MODIFIER "x (%s)", buf->size, iova,
						with_fd ? "memfd" : "no fd");
	VfuReply r;

	/* Reached by DMA_READ/DMA_WRITE: the server may ask at any time, also idle. */
	if (!with_fd)
		vfu_conn_set_eager(v->conn);
	if (!vfu_call(v->conn, VFU_CMD_DMA_MAP, &iov, 1, with_fd ? &buf->fd : NULL,
		      with_fd ? 1 : 0, 0, &r, what, error))
		return FALSE;
	vfu_msg_clear(&r);
	return TRUE;
}

gboolean vfu_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	VfuDev *v = dev->priv;
	VfuDmaWindow w = { .iova = iova, .size = buf->size, .vaddr = buf->vaddr };
	g_autoptr(GError) err = NULL;
	bool with_fd;

	if (v->windows->len >= v->caps.max_dma_maps) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "%s: the vfio-user server keeps at most %" G_GUINT64_FORMAT " DMA "
			    "mappings (max_dma_maps); free a buffer first", dev->name,
			    v->caps.max_dma_maps);
		return FALSE;
	}
	if (!v->dma_mode_forced && !v->caps.max_msg_fds)
		v->dma_mode = VFU_DMA_MESSAGE; /* the server takes no fds */
	with_fd = v->dma_mode == VFU_DMA_SHARED && buf->fd >= 0;
	w.with_fd = with_fd;

	/*
	 * The window goes in before DMA_MAP: the server may use it (DMA_READ)
	 * before its reply reaches us.
	 */
	g_mutex_lock(&v->dma_lock);
	g_array_append_val(v->windows, w);
	g_mutex_unlock(&v->dma_lock);

	if (send_map(v, buf, iova, with_fd, &err))
		return TRUE;
	/*
	 * A server that cannot map our fd (no mmap of memfds, a remote server)
	 * still reaches the memory by messages: fall back once and stay there.
	 * An overlap (EEXIST) or a dead connection is no reason to.
	 */
	if (with_fd && !v->dma_mode_forced && err->code != SV_ERROR_EXISTS &&
	    err->code != SV_ERROR_CRASHED && err->code != SV_ERROR_TIMEOUT &&
	    err->code != SV_ERROR_PROTOCOL) {
		sv_info("%s: the server refused an fd-backed DMA map (%s); using DMA_READ/"
			"DMA_WRITE messages from now on", dev->name, err->message);
		g_clear_error(&err);
		v->dma_mode = VFU_DMA_MESSAGE;
		g_mutex_lock(&v->dma_lock);
		for (guint i = 0; i < v->windows->len; i++) {
			VfuDmaWindow *x = &g_array_index(v->windows, VfuDmaWindow, i);

			if (x->iova == iova && x->size == buf->size)
				x->with_fd = false;
		}
		g_mutex_unlock(&v->dma_lock);
		if (send_map(v, buf, iova, false, &err))
			return TRUE;
	}
	remove_window(v, iova, buf->size);
	g_propagate_error(error, g_steal_pointer(&err));
	return FALSE;
}

gboolean vfu_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	VfuDev *v = dev->priv;
	/* DMA_UNMAP must match an earlier DMA_MAP exactly (vfio-user.rst). */
	struct vfu_dma_unmap u = { .argsz = sizeof(u), .flags = 0, .address = iova,
				   .size = buf->size };
	g_autofree char *what = g_strdup_printf("DMA_UNMAP of 0x%zx bytes at IOVA 0x%"
						G_GINT64_MODIFIER "x", buf->size, iova);
	VfuReply r;
	gboolean ok;

	/* Teardown with the server gone or hung: nothing to tell it, no deadline to wait out. */
	ok = !vfu_conn_dead(v->conn, error) &&
	     vfu_call_simple(v->conn, VFU_CMD_DMA_UNMAP, &u, sizeof(u), &r, what, error);
	if (ok)
		vfu_msg_clear(&r);
	/*
	 * The server released the window before replying; after a failure the
	 * memory is about to be freed anyway: stop serving it either way.
	 */
	remove_window(v, iova, buf->size);
	return ok;
}

void vfu_dma_count(VfuDev *v, unsigned *shared, unsigned *message)
{
	*shared = *message = 0;
	g_mutex_lock(&v->dma_lock);
	for (guint i = 0; i < v->windows->len; i++)
		if (g_array_index(v->windows, VfuDmaWindow, i).with_fd)
			(*shared)++;
		else
			(*message)++;
	g_mutex_unlock(&v->dma_lock);
}
