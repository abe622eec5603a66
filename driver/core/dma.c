// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dma.c - DMA buffers: memory from the backend, an IOVA from the allocator
 * below (inside the IOMMU's usable ranges), a mapping through the backend.
 *
 * The allocator is a bump pointer that starts at 1 MiB and skips holes
 * between usable ranges.  Freed IOVA space is not reused: a 64-bit space
 * does not run out for a driver that maps a few buffers.
 */
#define SV_LOG_PREFIX "dma"
#include "sofvfio/log.h"
#include "backend.h"

#include <string.h>

#define IOVA_START 0x100000ull /* keep clear of page 0 and low legacy ranges */

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Place @size bytes at or above dev->iova_next inside a usable range. */
static gboolean iova_alloc(SvDevice *dev, uint64_t size, uint64_t *iova, GError **error)
{
	g_autoptr(GArray) ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	uint64_t cur = MAX(dev->iova_next, IOVA_START);

	if (dev->ops->iova_ranges)
		dev->ops->iova_ranges(dev, ranges);
	if (ranges->len == 0) {
		uint64_t all[2] = { IOVA_START, ~0ull };

		g_array_append_vals(ranges, all, 2);
	}
	for (guint i = 0; i + 1 < ranges->len; i += 2) {
		uint64_t start = g_array_index(ranges, uint64_t, i);
		uint64_t end = g_array_index(ranges, uint64_t, i + 1); /* inclusive */
		uint64_t at = round_up(MAX(cur, start), sv_page_size());

		if (at < start || at > end || end - at < size - 1)
			continue;
		*iova = at;
		dev->iova_next = at + size;
		return TRUE;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
		    "%s: no room for %" G_GUINT64_FORMAT " bytes of IOVA space above 0x%"
		    G_GINT64_MODIFIER "x in the IOMMU's usable ranges", dev->name, size, cur);
	return FALSE;
}

static const SvDmaMapping *find_overlap(SvDevice *dev, uint64_t iova, uint64_t size)
{
	for (guint i = 0; i < dev->dma_maps->len; i++) {
		const SvDmaMapping *m = &g_array_index(dev->dma_maps, SvDmaMapping, i);

		if (iova < m->iova + m->size && m->iova < iova + size)
			return m;
	}
	return NULL;
}

gboolean sv_dma_map_at(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	const SvDmaMapping *m;
	SvDmaMapping nm = { buf, iova, buf->size };

	if (iova % sv_page_size()) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: IOVA 0x%" G_GINT64_MODIFIER "x is not page aligned", dev->name, iova);
		return FALSE;
	}
	/*
	 * Checked here so that every backend refuses the same way; the kernel
	 * (EEXIST) and a vfio-user server would refuse too.
	 */
	m = find_overlap(dev, iova, buf->size);
	if (m) {
		g_set_error(error, SV_ERROR, SV_ERROR_EXISTS,
			    "%s: DMA map of 0x%zx bytes at IOVA 0x%" G_GINT64_MODIFIER "x refused: "
			    "it overlaps the mapping at 0x%" G_GINT64_MODIFIER "x (0x%"
			    G_GINT64_MODIFIER "x bytes); unmap that first or pick another IOVA",
			    dev->name, buf->size, iova, m->iova, m->size);
		return FALSE;
	}
	if (!dev->ops->dma_map(dev, buf, iova, error))
		return FALSE;
	g_array_append_val(dev->dma_maps, nm);
	return TRUE;
}

gboolean sv_dma_unmap_at(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	for (guint i = 0; i < dev->dma_maps->len; i++) {
		SvDmaMapping *m = &g_array_index(dev->dma_maps, SvDmaMapping, i);

		if (m->buf == buf && m->iova == iova) {
			gboolean ok = dev->ops->dma_unmap(dev, buf, iova, error);

			g_array_remove_index(dev->dma_maps, i);
			return ok;
		}
	}
	g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
		    "%s: no DMA mapping of this buffer at IOVA 0x%" G_GINT64_MODIFIER "x",
		    dev->name, iova);
	return FALSE;
}

SvDmaBuf *sv_dma_alloc(SvDevice *dev, size_t size, GError **error)
{
	SvDmaBuf *buf;
	gboolean fixed = FALSE;
	uint64_t iova = 0;

	if (!size) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: DMA buffer of 0 bytes", dev->name);
		return NULL;
	}
	buf = g_new0(SvDmaBuf, 1);
	buf->size = round_up(size, sv_page_size());
	buf->fd = -1;
	if (!dev->ops->mem_alloc(dev, buf, &fixed, &iova, error)) {
		g_free(buf);
		return NULL;
	}
	memset(buf->vaddr, 0, buf->size);
	if ((!fixed && !iova_alloc(dev, buf->size, &iova, error)) ||
	    !sv_dma_map_at(dev, buf, iova, error)) {
		dev->ops->mem_free(dev, buf);
		g_free(buf);
		return NULL;
	}
	buf->iova = iova;
	g_ptr_array_add(dev->dma_bufs, buf);
	sv_debug("%s: DMA buffer of 0x%zx bytes at IOVA 0x%" G_GINT64_MODIFIER "x", dev->name,
		 buf->size, buf->iova);
	return buf;
}

void sv_dma_free(SvDevice *dev, SvDmaBuf *buf)
{
	if (!buf)
		return;
	/* Drop every mapping of this buffer, aliases included. */
	for (guint i = dev->dma_maps->len; i-- > 0;) {
		SvDmaMapping *m = &g_array_index(dev->dma_maps, SvDmaMapping, i);

		if (m->buf == buf) {
			g_autoptr(GError) err = NULL;

			if (!dev->ops->dma_unmap(dev, buf, m->iova, &err) && !sv_device_gone(dev, NULL))
				sv_warn("%s: unmapping IOVA 0x%" G_GINT64_MODIFIER "x: %s",
					dev->name, m->iova, err->message);
			g_array_remove_index(dev->dma_maps, i);
		}
	}
	dev->ops->mem_free(dev, buf);
	g_ptr_array_remove(dev->dma_bufs, buf);
	g_free(buf);
}

void sv_dma_free_all(SvDevice *dev);
void sv_dma_free_all(SvDevice *dev)
{
	while (dev->dma_bufs->len)
		sv_dma_free(dev, g_ptr_array_index(dev->dma_bufs, dev->dma_bufs->len - 1));
}

unsigned sv_dma_count(SvDevice *dev)
{
	return dev->dma_bufs->len;
}
