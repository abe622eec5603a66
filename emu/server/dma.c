// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dma.c - the client's DMA windows (VFIO_USER_DMA_MAP/UNMAP) and device
 * DMA through them.
 *
 * A window that came with an fd is mmap()ed MAP_SHARED and reached with
 * plain copies (zero copy on the socket).  The client can still shrink the
 * file behind our back, so those copies run under a SIGBUS guard: a fault
 * becomes a failed DMA (a master abort for the device), never a crash.
 * A window without an fd is reached with DMA_READ/DMA_WRITE messages.
 */
#define SV_LOG_PREFIX "dma"
#include "sofvfio/log.h"
#include "server-priv.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- SIGBUS guard ------------------------------------------------------ */

static sigjmp_buf guard_env;
static volatile sig_atomic_t guard_active;

static void sigbus_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (guard_active) {
		guard_active = 0;
		siglongjmp(guard_env, 1);
	}
	/* Not a guarded copy: a real bug; die the way we would have. */
	signal(sig, SIG_DFL);
	raise(sig);
}

void emu_dma_guard_init(void)
{
	struct sigaction sa = { .sa_sigaction = sigbus_handler, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

static gboolean guarded_copy(void *dst, const void *src, size_t len)
{
	if (sigsetjmp(guard_env, 1)) {
		sv_warn("SIGBUS on a shared DMA window: the client truncated the memory it mapped");
		return FALSE;
	}
	guard_active = 1;
	memcpy(dst, src, len);
	guard_active = 0;
	return TRUE;
}

/* ---- the window table --------------------------------------------------- */

static EmuDmaRegion *region(EmuServer *srv, unsigned i)
{
	return &g_array_index(srv->dma, EmuDmaRegion, i);
}

/* Index of the first window whose start is above @iova. */
static unsigned upper_bound(EmuServer *srv, uint64_t iova)
{
	unsigned lo = 0, hi = srv->dma->len;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (region(srv, mid)->iova <= iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static EmuDmaRegion *find(EmuServer *srv, uint64_t iova)
{
	unsigned i = upper_bound(srv, iova);
	EmuDmaRegion *r;

	if (!i)
		return NULL;
	r = region(srv, i - 1);
	return iova - r->iova < r->size ? r : NULL;
}

static gboolean overlaps_any(EmuServer *srv, uint64_t iova, uint64_t size)
{
	unsigned i = upper_bound(srv, iova + size - 1);

	/* Only the window starting last at or below our end can reach into us. */
	if (!i)
		return FALSE;
	return region(srv, i - 1)->iova + region(srv, i - 1)->size > iova;
}

static void release(EmuDmaRegion *r)
{
	if (r->map)
		munmap(r->map, r->map_len);
	r->map = NULL;
	r->ptr = NULL;
}

int emu_dma_map(EmuServer *srv, const struct vfu_dma_map *m, int fd)
{
	EmuDmaRegion r = { .iova = m->address, .size = m->size, .flags = m->flags };
	int ret = 0;

	/* vfio_dma_do_map(): a permission, page-aligned address and size, no wrap. */
	if ((m->flags & ~(VFU_DMA_F_READ | VFU_DMA_F_WRITE)) ||
	    !(m->flags & (VFU_DMA_F_READ | VFU_DMA_F_WRITE)) || !m->size ||
	    ((m->address | m->size) & (EMU_PGSIZE - 1)) || m->address + m->size - 1 < m->address) {
		ret = EINVAL;
		goto out;
	}
	if (overlaps_any(srv, m->address, m->size)) {
		ret = EEXIST;
		goto out;
	}
	if (srv->dma->len >= EMU_MAX_DMA_MAPS) {
		ret = ENOSPC;
		goto out;
	}
	if (fd >= 0) {
		uint64_t off = m->offset & ~(uint64_t)(EMU_PGSIZE - 1);
		uint64_t delta = m->offset - off;
		int prot = ((m->flags & VFU_DMA_F_READ) ? PROT_READ : 0) |
			   ((m->flags & VFU_DMA_F_WRITE) ? PROT_WRITE : 0);
		struct stat st;

		/* Only files with a size we can check: no mapping past the end (SIGBUS). */
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || m->offset + m->size < m->offset ||
		    m->offset + m->size > (uint64_t)st.st_size || m->size + delta > SIZE_MAX) {
			ret = EINVAL;
			goto out;
		}
		r.map_len = m->size + delta;
		r.map = mmap(NULL, r.map_len, prot, MAP_SHARED, fd, (off_t)off);
		if (r.map == MAP_FAILED) {
			ret = errno;
			r.map = NULL;
			goto out;
		}
		r.ptr = (uint8_t *)r.map + delta;
	}
	g_array_insert_val(srv->dma, upper_bound(srv, r.iova), r);
	sv_debug("map iova 0x%" G_GINT64_MODIFIER "x size 0x%" G_GINT64_MODIFIER "x %s%s %s",
		 r.iova, r.size, (r.flags & VFU_DMA_F_READ) ? "r" : "",
		 (r.flags & VFU_DMA_F_WRITE) ? "w" : "", r.ptr ? "shared" : "by message");
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

int emu_dma_unmap(EmuServer *srv, const struct vfu_dma_unmap *u)
{
	unsigned i;

	if (u->flags == VFIO_DMA_UNMAP_FLAG_ALL) {
		if (u->address || u->size)
			return EINVAL;
		emu_dma_unmap_all(srv);
		return 0;
	}
	if (u->flags) /* no dirty page tracking here */
		return EINVAL;
	i = upper_bound(srv, u->address);
	if (!i || region(srv, i - 1)->iova != u->address || region(srv, i - 1)->size != u->size)
		return EINVAL;
	release(region(srv, i - 1));
	g_array_remove_index(srv->dma, i - 1);
	return 0;
}

void emu_dma_unmap_all(EmuServer *srv)
{
	for (unsigned i = 0; i < srv->dma->len; i++)
		release(region(srv, i));
	g_array_set_size(srv->dma, 0);
}

/* ---- device DMA ---------------------------------------------------------- */

static gboolean by_message(EmuServer *srv, uint64_t iova, uint8_t *buf, size_t len,
			   gboolean write)
{
	uint64_t max = MIN(srv->peer.max_data_xfer_size, (uint64_t)EMU_MAX_DATA_XFER);

	while (len) {
		struct vfu_dma_access acc = { .address = iova, .count = MIN(len, max) };
		VfuMsg *reply;
		gboolean ok;

		if (write)
			reply = emu_server_request(srv, VFU_CMD_DMA_WRITE, &acc, sizeof(acc), buf,
						   acc.count);
		else
			reply = emu_server_request(srv, VFU_CMD_DMA_READ, &acc, sizeof(acc), NULL, 0);
		if (!reply)
			return FALSE;
		ok = !(reply->hdr.flags & VFU_F_ERROR);
		if (ok && !write) {
			ok = reply->len == sizeof(acc) + acc.count;
			if (ok)
				memcpy(buf, reply->data + sizeof(acc), acc.count);
			else
				sv_warn("DMA_READ reply of %zu bytes for %" G_GUINT64_FORMAT
					" requested", reply->len, (uint64_t)acc.count);
		} else if (!ok) {
			sv_debug("client refused DMA_%s at 0x%" G_GINT64_MODIFIER "x: %s",
				 write ? "WRITE" : "READ", iova, g_strerror(reply->hdr.error_no));
		}
		vfu_msg_free(reply);
		if (!ok)
			return FALSE;
		iova += acc.count;
		buf += acc.count;
		len -= acc.count;
	}
	return TRUE;
}

static gboolean dma_rw(EmuServer *srv, uint64_t iova, uint8_t *buf, size_t len, gboolean write)
{
	if (!len)
		return TRUE;
	/* A function without bus mastering cannot start a transaction. */
	if (!emu_pci_bus_master(srv->pci)) {
		sv_debug("DMA at 0x%" G_GINT64_MODIFIER "x with bus mastering off", iova);
		return FALSE;
	}
	while (len) {
		EmuDmaRegion *r = find(srv, iova);
		size_t chunk;

		if (!r || !(r->flags & (write ? VFU_DMA_F_WRITE : VFU_DMA_F_READ))) {
			sv_debug("DMA %s at 0x%" G_GINT64_MODIFIER "x: %s", write ? "write" : "read",
				 iova, r ? "not permitted" : "not mapped");
			return FALSE;
		}
		chunk = MIN(len, r->iova + r->size - iova);
		if (r->ptr) {
			uint8_t *p = r->ptr + (iova - r->iova);

			if (!(write ? guarded_copy(p, buf, chunk) : guarded_copy(buf, p, chunk)))
				return FALSE;
		} else if (!by_message(srv, iova, buf, chunk, write)) {
			return FALSE;
		}
		iova += chunk;
		buf += chunk;
		len -= chunk;
	}
	return TRUE;
}

gboolean emu_dma_read(EmuServer *srv, uint64_t iova, void *buf, size_t len)
{
	return dma_rw(srv, iova, buf, len, FALSE);
}

gboolean emu_dma_write(EmuServer *srv, uint64_t iova, const void *buf, size_t len)
{
	return dma_rw(srv, iova, (uint8_t *)buf, len, TRUE);
}
