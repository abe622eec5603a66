/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/device.h - the device API: one PCI function, whatever reaches it.
 *
 * Everything above this header (HDA, DSP, CLI, tests) sees a device as
 * regions, config space, interrupt eventfds and DMA buffers.  Which backend
 * provides them (kernel VFIO, vfio-user, qtest) is chosen by the device
 * name alone:
 *
 *   0000:00:1b.0 or 00:1b.0     kernel VFIO (the function must be bound to vfio-pci)
 *   vfio-user:/run/hda.sock     a vfio-user server (sofvfio-emu or any other)
 *   qtest: / qtest:OPTIONS      QEMU's own device model driven over qtest
 *
 * Region and IRQ indices, flags and actions are VFIO's own (linux/vfio.h),
 * so a backend that is not the kernel speaks the same language.
 */
#ifndef SOFVFIO_DEVICE_H
#define SOFVFIO_DEVICE_H

#include <glib.h>
#include "sofvfio/error.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/vfio.h>

G_BEGIN_DECLS

/* PCI region indices (VFIO_PCI_*_REGION_INDEX). */
enum {
	SV_REGION_BAR0 = VFIO_PCI_BAR0_REGION_INDEX,
	SV_REGION_BAR5 = VFIO_PCI_BAR5_REGION_INDEX,
	SV_REGION_ROM = VFIO_PCI_ROM_REGION_INDEX,
	SV_REGION_CONFIG = VFIO_PCI_CONFIG_REGION_INDEX,
	SV_REGION_VGA = VFIO_PCI_VGA_REGION_INDEX,
	SV_REGION_MAX = 16, /* indices a device may report, device-specific included */
};

/* PCI interrupt indices (VFIO_PCI_*_IRQ_INDEX). */
enum {
	SV_IRQ_INTX = VFIO_PCI_INTX_IRQ_INDEX,
	SV_IRQ_MSI = VFIO_PCI_MSI_IRQ_INDEX,
	SV_IRQ_MSIX = VFIO_PCI_MSIX_IRQ_INDEX,
	SV_IRQ_ERR = VFIO_PCI_ERR_IRQ_INDEX,
	SV_IRQ_REQ = VFIO_PCI_REQ_IRQ_INDEX,
	SV_IRQ_NUM_INDICES = VFIO_PCI_NUM_IRQS,
};

/**
 * struct SvDeviceInfo - VFIO_DEVICE_GET_INFO, backend independent.
 * @flags: VFIO_DEVICE_FLAGS_* (RESET, PCI, ...)
 * @num_regions: region indices the device reports (9 for PCI)
 * @num_irqs: IRQ indices the device reports (5 for PCI)
 */
typedef struct {
	uint32_t flags;
	uint32_t num_regions;
	uint32_t num_irqs;
} SvDeviceInfo;

/** struct SvSparseArea - one mmap'able window of a region (sparse mmap cap). */
typedef struct {
	uint64_t offset;
	uint64_t size;
} SvSparseArea;

#define SV_MAX_SPARSE 16
#define SV_MAX_CAPS 16

/**
 * struct SvRegionInfo - VFIO_DEVICE_GET_REGION_INFO with its capability chain decoded.
 * @index: region index
 * @flags: VFIO_REGION_INFO_FLAG_* (READ, WRITE, MMAP, CAPS)
 * @size: region size in bytes (0: region not implemented)
 * @offset: offset of the region in the device fd (kernel VFIO) or 0
 * @n_caps: capabilities found in the chain, in chain order, ids in @cap_ids
 * @n_sparse: sparse mmap areas (VFIO_REGION_INFO_CAP_SPARSE_MMAP), in @sparse
 * @has_type: a VFIO_REGION_INFO_CAP_TYPE was present: @type and @subtype hold it
 * @msix_mappable: VFIO_REGION_INFO_CAP_MSIX_MAPPABLE was present
 */
typedef struct {
	uint32_t index;
	uint32_t flags;
	uint64_t size;
	uint64_t offset;
	unsigned n_caps;
	uint16_t cap_ids[SV_MAX_CAPS];
	uint16_t cap_versions[SV_MAX_CAPS];
	unsigned n_sparse;
	SvSparseArea sparse[SV_MAX_SPARSE];
	bool has_type;
	uint32_t type, subtype;
	bool msix_mappable;
} SvRegionInfo;

/** struct SvIrqInfo - VFIO_DEVICE_GET_IRQ_INFO: @flags VFIO_IRQ_INFO_*, @count vectors. */
typedef struct {
	uint32_t index;
	uint32_t flags;
	uint32_t count;
} SvIrqInfo;

/**
 * struct SvDmaBuf - memory the device can reach by DMA.
 * @vaddr: CPU address (always valid: every backend gives shared memory or
 *         serves the device's DMA from it)
 * @iova: address the device uses
 * @size: size in bytes (a multiple of the page size)
 */
typedef struct SvDmaBuf {
	void *vaddr;
	uint64_t iova;
	size_t size;
	/*< private >*/
	int fd;               /* memfd or -1 */
	uint64_t fd_offset;   /* offset of vaddr in @fd */
	void *backend;        /* backend cookie */
} SvDmaBuf;

typedef struct SvDevice SvDevice;

/**
 * sv_device_open() - open a device by name.
 * @name: device name (see the top of this file); NULL uses $SOFVFIO_DEVICE
 * @error: return location for an error
 *
 * Return: the device, or NULL with @error set (SV_ERROR_*).
 */
SvDevice *sv_device_open(const char *name, GError **error);

/**
 * sv_device_close() - release everything: IRQs off, DMA unmapped and freed,
 * mappings dropped, fds closed, helper processes reaped.  NULL is fine.
 */
void sv_device_close(SvDevice *dev);

/** sv_device_name() - the name the device was opened with. */
const char *sv_device_name(SvDevice *dev);

/** sv_device_backend() - "vfio", "vfio-user" or "qtest". */
const char *sv_device_backend(SvDevice *dev);

/** sv_device_get_info() - VFIO_DEVICE_GET_INFO (cached at open). */
const SvDeviceInfo *sv_device_get_info(SvDevice *dev);

/**
 * sv_device_describe() - append backend facts to @out, one "key: value" per
 * line (API version, extensions, IOMMU type, group status, server version...).
 */
void sv_device_describe(SvDevice *dev, GString *out);

/**
 * sv_device_reset() - VFIO_DEVICE_RESET.
 * Return: FALSE with SV_ERROR_UNSUPPORTED when the device offers no reset.
 */
gboolean sv_device_reset(SvDevice *dev, GError **error);

/* ---- regions ---------------------------------------------------------- */

/**
 * sv_region_info() - region info with the capability chain walked and checked.
 * @dev: device
 * @index: region index
 * @info: filled on success
 * @error: error
 */
gboolean sv_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error);

/**
 * sv_region_read() - read @len bytes at @offset of region @index the slow
 * way (pread, a vfio-user message, qtest commands), never through a mapping.
 */
gboolean sv_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			GError **error);

/** sv_region_write() - the write counterpart of sv_region_read(). */
gboolean sv_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error);

/* ---- config space ----------------------------------------------------- */

/** sv_config_read() - read PCI config space (region 7). */
gboolean sv_config_read(SvDevice *dev, uint32_t offset, void *buf, size_t len, GError **error);
/** sv_config_write() - write PCI config space. */
gboolean sv_config_write(SvDevice *dev, uint32_t offset, const void *buf, size_t len,
			 GError **error);
gboolean sv_config_read8(SvDevice *dev, uint32_t offset, uint8_t *val, GError **error);
gboolean sv_config_read16(SvDevice *dev, uint32_t offset, uint16_t *val, GError **error);
gboolean sv_config_read32(SvDevice *dev, uint32_t offset, uint32_t *val, GError **error);
gboolean sv_config_write8(SvDevice *dev, uint32_t offset, uint8_t val, GError **error);
gboolean sv_config_write16(SvDevice *dev, uint32_t offset, uint16_t val, GError **error);
gboolean sv_config_write32(SvDevice *dev, uint32_t offset, uint32_t val, GError **error);

/**
 * sv_pci_enable() - set memory space and bus master in the command register.
 */
gboolean sv_pci_enable(SvDevice *dev, GError **error);

/* ---- BAR access ------------------------------------------------------- */

/**
 * sv_bar_map() - prepare BAR @bar for register access.
 *
 * Maps every mmap'able part of the BAR (the whole region, or its sparse
 * areas); the rest is reached through sv_region_read()/write().  Called
 * implicitly by the accessors; call it to learn about errors early.
 */
gboolean sv_bar_map(SvDevice *dev, unsigned bar, GError **error);

/**
 * sv_bar_ptr() - CPU pointer to @offset of BAR @bar when that byte is mapped,
 * NULL when accesses there go through the slow path.
 */
volatile void *sv_bar_ptr(SvDevice *dev, unsigned bar, uint64_t offset);

/**
 * sv_bar_read() / sv_bar_write() - one register access of @width bytes
 * (1, 2, 4 or 8), through the mapping when there is one, else the slow path.
 * Return: FALSE with @error on failure.
 */
gboolean sv_bar_read(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
		     uint64_t *val, GError **error);
gboolean sv_bar_write(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
		      uint64_t val, GError **error);

/*
 * Unchecked accessors for register-heavy code.  A failed access reads as
 * all ones (as a PCI master abort does) and is remembered: the first error
 * is kept until sv_device_take_error() hands it over.
 */
uint8_t sv_read8(SvDevice *dev, unsigned bar, uint64_t offset);
uint16_t sv_read16(SvDevice *dev, unsigned bar, uint64_t offset);
uint32_t sv_read32(SvDevice *dev, unsigned bar, uint64_t offset);
void sv_write8(SvDevice *dev, unsigned bar, uint64_t offset, uint8_t val);
void sv_write16(SvDevice *dev, unsigned bar, uint64_t offset, uint16_t val);
void sv_write32(SvDevice *dev, unsigned bar, uint64_t offset, uint32_t val);

/**
 * sv_device_gone() - the far end of @dev is gone for good (a vfio-user server
 * that closed the connection or was killed): every access fails from now
 * on, with the error that said so first.  Teardown uses it to stop talking
 * to it and to keep quiet about what fails: that error is the one to report.
 * @why: (optional) that error, naming the device
 */
gboolean sv_device_gone(SvDevice *dev, GError **why);

/**
 * sv_device_take_error() - move the first failed unchecked access's error to
 * @error.  Return: TRUE when there was none.
 */
gboolean sv_device_take_error(SvDevice *dev, GError **error);

/* ---- interrupts ------------------------------------------------------- */

/** sv_irq_info() - VFIO_DEVICE_GET_IRQ_INFO for @index. */
gboolean sv_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error);

/**
 * sv_irq_enable() - route @count vectors of @index to new eventfds
 * (ACTION_TRIGGER | DATA_EVENTFD).  Any other enabled index is disabled first
 * (a PCI function uses one of INTx/MSI/MSI-X at a time); ERR and REQ stack.
 */
gboolean sv_irq_enable(SvDevice *dev, uint32_t index, uint32_t count, GError **error);

/** sv_irq_disable() - stop @index and close its eventfds. */
gboolean sv_irq_disable(SvDevice *dev, uint32_t index, GError **error);

/** sv_irq_fd() - the eventfd of @vector of @index, or -1 when not enabled. */
int sv_irq_fd(SvDevice *dev, uint32_t index, uint32_t vector);

/** sv_irq_mask() / sv_irq_unmask() - ACTION_MASK / ACTION_UNMASK, DATA_NONE. */
gboolean sv_irq_mask(SvDevice *dev, uint32_t index, uint32_t vector, GError **error);
gboolean sv_irq_unmask(SvDevice *dev, uint32_t index, uint32_t vector, GError **error);

/** sv_irq_trigger() - fire @vector from software (ACTION_TRIGGER | DATA_NONE). */
gboolean sv_irq_trigger(SvDevice *dev, uint32_t index, uint32_t vector, GError **error);

/**
 * sv_irq_wait() - wait for @vector of @index to fire, at most @timeout_ms.
 * @count: if not NULL, the number of interrupts counted by the eventfd
 * Return: TRUE when it fired; FALSE with SV_ERROR_TIMEOUT otherwise.
 */
gboolean sv_irq_wait(SvDevice *dev, uint32_t index, uint32_t vector, int timeout_ms,
		     uint64_t *count, GError **error);

/* ---- DMA -------------------------------------------------------------- */

/**
 * sv_dma_alloc() - allocate @size bytes (rounded up to pages), zeroed,
 * mapped for the device at an IOVA chosen inside the IOMMU's usable ranges.
 */
SvDmaBuf *sv_dma_alloc(SvDevice *dev, size_t size, GError **error);

/* ---- PCI addresses (pci-address.c) --------------------------------------- */

/* "dddddddd:bb:dd.f" and its NUL: the longest canonical PCI address. */
#define SV_PCI_ADDR_MAX 17

/**
 * sv_pci_address_parse() - normalise a PCI address: "00:1f.3" or
 * "0000:00:1f.3" (a VMD domain may have up to 8 hex digits) becomes
 * "0000:00:1f.3" in @out.
 * @hint: what to do, appended to the error message (NULL: nothing)
 * @error: SV_ERROR_INVAL naming the text and the expected form
 */
gboolean sv_pci_address_parse(const char *spec, char out[SV_PCI_ADDR_MAX], const char *hint,
			      GError **error);

/** sv_pci_name_strip() - @name without the kernel backend's prefix (vfio:, iommufd:, group:). */
const char *sv_pci_name_strip(const char *name);

/**
 * sv_device_pci_address() - the canonical PCI address a device name of the
 * kernel backend names ("vfio:00:1b.0", "iommufd:0000:00:1b.0", "00:1b.0"),
 * into @out; FALSE for other names (vfio-user:, qtest:).
 */
gboolean sv_device_pci_address(const char *name, char out[SV_PCI_ADDR_MAX]);

/** sv_page_size() - the host page size: DMA buffers are rounded up to it. */
size_t sv_page_size(void);

/** sv_dma_free() - unmap and free (NULL is fine). */
void sv_dma_free(SvDevice *dev, SvDmaBuf *buf);

/** sv_dma_count() - DMA buffers allocated and not freed (tests: nothing leaked). */
unsigned sv_dma_count(SvDevice *dev);

/**
 * sv_dma_map_at() - map @buf additionally at @iova.  Refused with
 * SV_ERROR_EXISTS when the range overlaps a mapping.  Undo with
 * sv_dma_unmap_at(); sv_dma_free() drops such aliases too.
 */
gboolean sv_dma_map_at(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
gboolean sv_dma_unmap_at(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);

/* ---- helpers ---------------------------------------------------------- */

/** sv_region_name() - "BAR0".."BAR5", "ROM", "CONFIG", "VGA" or "REGION<n>". */
const char *sv_region_name(uint32_t index);
/** sv_irq_name() - "INTx", "MSI", "MSI-X", "ERR", "REQ" or "IRQ<n>". */
const char *sv_irq_name(uint32_t index);

/**
 * sv_device_has_kernel_iommu() - TRUE when DMA goes through a real IOMMU
 * (kernel VFIO); used by tests to know what a backend provides.
 */
gboolean sv_device_has_iommu(SvDevice *dev);

G_END_DECLS

#endif
