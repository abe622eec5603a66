// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mem.c - DMA buffers in guest RAM.
 *
 * QEMU's guest RAM is a memfd we created and map too (memory-backend-file
 * with mem-path=/dev/fd/N, share=on), so a buffer is a piece of guest RAM
 * with a real CPU pointer and no copying.  On q35 with at most 2 GiB all RAM
 * sits below 4 GiB at guest physical address == offset in the memfd.
 * There is no IOMMU: the device's address of a buffer is its guest physical
 * address, so the backend picks the IOVA (first fit from 1 MiB up, page
 * aligned, freed space reused) and refuses any other.
 */
#define SV_LOG_PREFIX "qtest-mem"
#include "sofvfio/log.h"
#include "qtest.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

/** qt_mem_init() - create and map the guest RAM memfd (before QEMU starts). */
gboolean qt_mem_init(QtDev *qt, GError **error)
{
	qt->ram_size = (size_t)qt->opt.mem_mib << 20;
	qt->ram_fd = memfd_create("sofvfio-qtest-ram", MFD_CLOEXEC);
	if (qt->ram_fd < 0) {
		sv_set_error_errno(error, errno, "%s: memfd for %u MiB of guest RAM",
				   qt->dev->name, qt->opt.mem_mib);
		return FALSE;
	}
	if (ftruncate(qt->ram_fd, (off_t)qt->ram_size) < 0) {
		sv_set_error_errno(error, errno, "%s: sizing the guest RAM memfd to %u MiB",
				   qt->dev->name, qt->opt.mem_mib);
		return FALSE;
	}
	qt->ram = mmap(NULL, qt->ram_size, PROT_READ | PROT_WRITE, MAP_SHARED, qt->ram_fd, 0);
	if (qt->ram == MAP_FAILED) {
		qt->ram = NULL;
		sv_set_error_errno(error, errno, "%s: mapping %u MiB of guest RAM", qt->dev->name,
				   qt->opt.mem_mib);
		return FALSE;
	}
	qt->free_list = g_array_new(FALSE, FALSE, sizeof(QtRange));
	g_array_append_val(qt->free_list,
			   ((QtRange){ QT_DMA_START, qt->ram_size - QT_DMA_START }));
	return TRUE;
}

void qt_mem_fini(QtDev *qt)
{
	if (qt->ram)
		munmap(qt->ram, qt->ram_size);
	if (qt->ram_fd >= 0)
		close(qt->ram_fd);
	if (qt->free_list)
		g_array_unref(qt->free_list);
	qt->ram = NULL;
	qt->ram_fd = -1;
	qt->free_list = NULL;
}

gboolean qt_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed, uint64_t *fixed_iova,
		      GError **error)
{
	QtDev *qt = qt_of(dev);
	size_t page = sv_page_size();
	uint64_t size = (buf->size + page - 1) & ~(uint64_t)(page - 1);

	if (!qt_check_alive(qt, error))
		return FALSE;
	g_mutex_lock(&qt->mem_lock);
	for (guint i = 0; i < qt->free_list->len; i++) {
		QtRange *r = &g_array_index(qt->free_list, QtRange, i);
		uint64_t gpa = r->start;

		if (r->size < size)
			continue;
		r->start += size;
		r->size -= size;
		if (!r->size)
			g_array_remove_index(qt->free_list, i);
		g_mutex_unlock(&qt->mem_lock);
		buf->vaddr = qt->ram + gpa;
		buf->fd = -1;
		buf->fd_offset = gpa;
		buf->backend = NULL;
		*has_fixed = TRUE;
		*fixed_iova = gpa;
		return TRUE;
	}
	g_mutex_unlock(&qt->mem_lock);
	g_set_error(error, SV_ERROR, SV_ERROR_FAILED,
		    "%s: no room for a DMA buffer of 0x%zx bytes in %u MiB of guest RAM; open "
		    "the device with a larger mem=MiB", qt->dev->name, buf->size, qt->opt.mem_mib);
	return FALSE;
}

void qt_mem_free(SvDevice *dev, SvDmaBuf *buf)
{
	QtDev *qt = qt_of(dev);
	size_t page = sv_page_size();
	QtRange nr = { (uint64_t)((uint8_t *)buf->vaddr - qt->ram),
		       (buf->size + page - 1) & ~(uint64_t)(page - 1) };
	guint i;

	g_mutex_lock(&qt->mem_lock);
	for (i = 0; i < qt->free_list->len; i++)
		if (g_array_index(qt->free_list, QtRange, i).start > nr.start)
			break;
	g_array_insert_val(qt->free_list, i, nr);
	/* Coalesce with the next, then with the previous range. */
	if (i + 1 < qt->free_list->len) {
		QtRange *a = &g_array_index(qt->free_list, QtRange, i);
		QtRange *b = &g_array_index(qt->free_list, QtRange, i + 1);

		if (a->start + a->size == b->start) {
			a->size += b->size;
			g_array_remove_index(qt->free_list, i + 1);
		}
	}
	if (i > 0) {
		QtRange *a = &g_array_index(qt->free_list, QtRange, i - 1);
		QtRange *b = &g_array_index(qt->free_list, QtRange, i);

		if (a->start + a->size == b->start) {
			a->size += b->size;
			g_array_remove_index(qt->free_list, i);
		}
	}
	g_mutex_unlock(&qt->mem_lock);
	buf->vaddr = NULL;
}

gboolean qt_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	QtDev *qt = qt_of(dev);
	uint64_t gpa = (uint64_t)((uint8_t *)buf->vaddr - qt->ram);

	if (iova != gpa) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: cannot map at IOVA 0x%" G_GINT64_MODIFIER "x: qtest has no IOMMU: "
			    "IOVA must equal the guest physical address (0x%" G_GINT64_MODIFIER "x)",
			    qt->dev->name, iova, gpa);
		return FALSE;
	}
	return TRUE; /* identity: nothing to program */
}

gboolean qt_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	return TRUE;
}

void qt_iova_ranges(SvDevice *dev, GArray *ranges)
{
	QtDev *qt = qt_of(dev);
	uint64_t r[2] = { QT_DMA_START, qt->ram_size - 1 };

	g_array_append_vals(ranges, r, 2);
}
