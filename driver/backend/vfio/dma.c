// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dma.c - DMA memory for kernel VFIO: anonymous pages of this process,
 * pinned and entered in the IOMMU by VFIO_IOMMU_MAP_DMA (group path) or
 * IOMMU_IOAS_MAP (iommufd path).
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* "RLIMIT_MEMLOCK is N KiB (...)": what bounds pinned memory on both paths. */
char *sv_vfio_memlock_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) < 0)
		return g_strdup("RLIMIT_MEMLOCK unknown");
	if (rl.rlim_cur == RLIM_INFINITY)
		return g_strdup("RLIMIT_MEMLOCK is unlimited");
	return g_strdup_printf("RLIMIT_MEMLOCK is %llu KiB (raise it with `ulimit -l` or run "
			       "as root)", (unsigned long long)rl.rlim_cur / 1024);
}

gboolean sv_vfio_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed,
			   uint64_t *fixed_iova, GError **error)
{
	void *p = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);

	if (p == MAP_FAILED) {
		sv_set_error_errno(error, errno, "%s: allocating %zu bytes of DMA memory", dev->name,
				   buf->size);
		return FALSE;
	}
	/*
	 * Pinned pages must stay this process's: a fork() would make them
	 * copy-on-write and the device would keep writing to the child's copy.
	 */
	if (madvise(p, buf->size, MADV_DONTFORK) < 0)
		sv_debug("%s: madvise(MADV_DONTFORK): %s", dev->name, g_strerror(errno));
	buf->vaddr = p;
	buf->fd = -1;
	buf->fd_offset = 0;
	buf->backend = NULL;
	*has_fixed = FALSE;
	*fixed_iova = 0;
	return TRUE;
}

void sv_vfio_mem_free(SvDevice *dev, SvDmaBuf *buf)
{
	if (buf->vaddr && munmap(buf->vaddr, buf->size) < 0)
		sv_warn("%s: munmap of a DMA buffer: %s", dev->name, g_strerror(errno));
	buf->vaddr = NULL;
}

gboolean sv_vfio_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	SvVfio *v = dev->priv;
	GError *err = NULL;
	gboolean ok = v->path == SV_VFIO_PATH_IOMMUFD ?
		sv_iommufd_map(v->iommufd, buf->vaddr, iova, buf->size, &err) :
		sv_vfio_container_dma_map(v->container, buf->vaddr, iova, buf->size, &err);

	if (!ok)
		g_propagate_prefixed_error(error, err, "%s: ", dev->name);
	return ok;
}

gboolean sv_vfio_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	SvVfio *v = dev->priv;
	GError *err = NULL;
	gboolean ok = v->path == SV_VFIO_PATH_IOMMUFD ?
		sv_iommufd_unmap(v->iommufd, iova, buf->size, &err) :
		sv_vfio_container_dma_unmap(v->container, iova, buf->size, &err);

	if (!ok)
		g_propagate_prefixed_error(error, err, "%s: ", dev->name);
	return ok;
}

void sv_vfio_iova_ranges(SvDevice *dev, GArray *ranges)
{
	SvVfio *v = dev->priv;
	GArray *r = v->path == SV_VFIO_PATH_IOMMUFD ? v->iommufd->iova_ranges :
		    v->container->iova_ranges;

	g_array_append_vals(ranges, r->data, r->len);
}
