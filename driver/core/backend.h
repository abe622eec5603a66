/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backend.h - what a backend implements behind the device API.
 *
 * The core (device.c, irq.c, dma.c, bar.c) does everything that is the same
 * for all backends: name parsing, caching, BAR mapping policy, eventfd
 * creation, IOVA allocation, the sticky I/O error.  A backend only moves
 * bytes and ioctls.  Semantics mirror kernel VFIO: a vfio-user or qtest
 * backend behaves the way the kernel would (same flags, same errors).
 */
#ifndef SOFVFIO_CORE_BACKEND_H
#define SOFVFIO_CORE_BACKEND_H

#include "sofvfio/device.h"

typedef struct SvBackendOps SvBackendOps;

/**
 * struct SvBackendOps - one backend.
 * @name: "vfio", "vfio-user", "qtest"
 * @prefix: name prefix that selects it ("vfio-user:", "qtest"); NULL for the
 *          fallback (kernel VFIO takes PCI addresses)
 * @open: reach the device named @spec (the name without prefix); set
 *        dev->priv and dev->info
 * @close: release backend resources (the core has already disabled IRQs and
 *         freed DMA)
 * @describe: append "key: value" lines for `sofvfio info`
 * @region_info: fill @info (capability chain decoded)
 * @region_read/@region_write: slow-path access, any size up to the region end
 * @region_mmap: map [@offset, @offset+@size) of region @index; return NULL
 *               with *@error unset when that part cannot be mapped
 * @irq_info: fill @info
 * @irq_set: VFIO_DEVICE_SET_IRQS: @flags is DATA_* | ACTION_*; @fds holds
 *           @count eventfds for DATA_EVENTFD (-1 entries: unassign)
 * @reset: VFIO_DEVICE_RESET
 * @mem_alloc: allocate DMA-able memory of @buf->size bytes: set vaddr, fd,
 *             fd_offset, backend; set *@fixed_iova (and return TRUE in
 *             *@has_fixed) when the backend decides the IOVA itself (qtest)
 * @mem_free: release what @mem_alloc allocated
 * @dma_map/@dma_unmap: map/unmap @buf (or the part of it at @iova, @size)
 * @iova_ranges: usable IOVA ranges as pairs [start, end] (inclusive); empty
 *               means the whole 64-bit space less page 0
 * @region_post: a posted write (NULL: none): like @region_write but waits for
 *               no answer; only what can be seen locally (bounds, the
 *               connection gone) fails it, the rest shows at the next read
 * @gone: TRUE once the far end is gone for good, with why in @why (may be
 *        NULL); NULL: never known
 */
struct SvBackendOps {
	const char *name;
	const char *prefix;
	gboolean (*open)(SvDevice *dev, const char *spec, GError **error);
	void (*close)(SvDevice *dev);
	void (*describe)(SvDevice *dev, GString *out);
	gboolean (*region_info)(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error);
	gboolean (*region_read)(SvDevice *dev, uint32_t index, uint64_t offset, void *buf,
				size_t len, GError **error);
	gboolean (*region_write)(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
				 size_t len, GError **error);
	gboolean (*region_post)(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
				size_t len, GError **error);
	void *(*region_mmap)(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
			     GError **error);
	void (*region_munmap)(SvDevice *dev, void *addr, size_t size);
	gboolean (*irq_info)(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error);
	gboolean (*irq_set)(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
			    uint32_t flags, const int *fds, GError **error);
	gboolean (*reset)(SvDevice *dev, GError **error);
	gboolean (*mem_alloc)(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed,
			      uint64_t *fixed_iova, GError **error);
	void (*mem_free)(SvDevice *dev, SvDmaBuf *buf);
	gboolean (*dma_map)(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
	gboolean (*dma_unmap)(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
	void (*iova_ranges)(SvDevice *dev, GArray *ranges /* of uint64_t pairs */);
	gboolean (*gone)(SvDevice *dev, GError **why);
	/* TRUE when DMA passes a real IOMMU (kernel VFIO). */
	gboolean has_iommu;
};

/* One mmap'ed window of a BAR. */
typedef struct {
	uint64_t offset;
	uint64_t size;
	void *addr;
} SvBarWindow;

typedef struct {
	gboolean probed;        /* sv_bar_map() ran */
	SvRegionInfo info;
	unsigned n_windows;
	SvBarWindow windows[SV_MAX_SPARSE];
} SvBarState;

typedef struct {
	uint32_t count;
	int *fds;
} SvIrqState;

/* An IOVA mapping the core knows about (for overlap checks and teardown). */
typedef struct {
	SvDmaBuf *buf;
	uint64_t iova;
	uint64_t size;
} SvDmaMapping;

struct SvDevice {
	const SvBackendOps *ops;
	void *priv;
	char *name;
	SvDeviceInfo info;
	SvBarState bars[6];
	SvIrqState irqs[SV_IRQ_NUM_INDICES];
	GPtrArray *dma_bufs;    /* SvDmaBuf*, owned */
	GArray *dma_maps;       /* SvDmaMapping */
	uint64_t iova_next;     /* bump allocator cursor */
	GError *io_error;       /* first failed unchecked access */
};

/* Backends built into this library. */
extern const SvBackendOps sv_backend_vfio;
extern const SvBackendOps sv_backend_vfio_user;
extern const SvBackendOps sv_backend_qtest;

/**
 * sv_backend_for() - the backend a device name selects (by prefix; the
 * kernel's for the rest), *@spec set to the name without its prefix.
 */
const SvBackendOps *sv_backend_for(const char *name, const char **spec);

/**
 * sv_device_open_ops() - sv_device_open() with the backend @ops given:
 * for tests only (a fake device in fuzz/, the fault-injecting wrapper of
 * qtest/lib/fault.c); @spec is what @ops->open gets.
 */
SvDevice *sv_device_open_ops(const SvBackendOps *ops, const char *name, const char *spec,
			     GError **error);

/* Helpers for backends. */

/**
 * typedef SvCapFunc - called for each capability of a chain with its header,
 * a pointer to it and the bytes available from there (up to the next one or
 * the end of the buffer): check the capability fits before reading it.
 */
typedef gboolean (*SvCapFunc)(const struct vfio_info_cap_header *hdr, const void *cap,
			      size_t avail, void *data, GError **error);

/**
 * sv_walk_caps() - walk a VFIO capability chain in @buf (@len bytes) from
 * offset @first; offsets below @min_offset (the fixed struct), outside the
 * buffer, or not growing are SV_ERROR_PROTOCOL errors prefixed with @what.
 */
gboolean sv_walk_caps(const void *buf, size_t len, uint32_t first, size_t min_offset,
		      SvCapFunc fn, void *data, const char *what, GError **error);

/**
 * sv_region_decode_caps() - decode the capability chain of a struct
 * vfio_region_info in @buf into @info (sparse mmap areas, region type,
 * MSI-X mappable, ids and versions).  Shared by every backend that receives
 * region info in the kernel's layout.
 */
gboolean sv_region_decode_caps(SvDevice *dev, SvRegionInfo *info, const void *buf, size_t len,
			       uint32_t cap_offset, const char *what, GError **error);


#endif
