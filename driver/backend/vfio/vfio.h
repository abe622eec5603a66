/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfio.h - private to the kernel VFIO backend (group/container API,
 * Linux Documentation/driver-api/vfio.rst).
 *
 * Objects, in the order they are set up and the reverse order they are torn
 * down:
 *   SvVfioContainer  /dev/vfio/vfio: API version, extensions, IOMMU type,
 *                    IOVA ranges, MAP_DMA/UNMAP_DMA
 *   SvVfioGroup      /dev/vfio/N: viability, attached to a container
 *   SvVfio           the device fd and what the core asks of it (dev->priv)
 */
#ifndef SOFVFIO_BACKEND_VFIO_H
#define SOFVFIO_BACKEND_VFIO_H

#include "../../core/backend.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * A canonical PCI address "DDDD:BB:DD.F" is 12 characters; domains above
 * 0xffff (Intel VMD) make it longer: room for an 8-digit domain.
 */
#define SV_VFIO_ADDR_LEN 16

/**
 * struct SvVfioContainer - one VFIO container (an IOMMU context).
 * Several groups may share one in principle; a device gets its own for now.
 * @fd: /dev/vfio/vfio
 * @api_version: VFIO_GET_API_VERSION
 * @extensions: bit n set when VFIO_CHECK_EXTENSION(n) answered > 0 (n < 32)
 * @iommu_type: the VFIO_*_IOMMU set with VFIO_SET_IOMMU (0 before)
 * @info_flags: VFIO_IOMMU_GET_INFO flags
 * @iova_pgsizes: page sizes the IOMMU maps (bitmap)
 * @iova_ranges: usable IOVA ranges, pairs of uint64_t [start, end] inclusive
 * @dma_avail: mappings the type1 driver still allows (-1: not reported)
 * @n_groups: groups attached
 */
typedef struct {
	int fd;
	int api_version;
	uint32_t extensions;
	int iommu_type;
	uint32_t info_flags;
	uint64_t iova_pgsizes;
	GArray *iova_ranges;
	int64_t dma_avail;
	unsigned n_groups;
} SvVfioContainer;

/**
 * struct SvVfioGroup - one IOMMU group, /dev/vfio/@id.
 * @id: group number
 * @fd: the group fd, -1 when closed
 * @status_flags: VFIO_GROUP_GET_STATUS flags (VIABLE, CONTAINER_SET)
 * @container: the container it is attached to, or NULL
 */
typedef struct {
	int id;
	int fd;
	uint32_t status_flags;
	SvVfioContainer *container;
} SvVfioGroup;

/**
 * struct SvVfio - the backend's per-device state (dev->priv).
 * @addr: canonical address "DDDD:BB:DD.F"
 * @sysfs: /sys/bus/pci/devices/@addr
 * @container: owned container
 * @group: owned group
 * @fd: device fd from VFIO_GROUP_GET_DEVICE_FD
 * @regions: region info at open (offsets and sizes for the slow path)
 * @n_regions: entries of @regions filled
 */
typedef struct {
	char addr[SV_VFIO_ADDR_LEN + 1];
	char *sysfs;
	SvVfioContainer *container;
	SvVfioGroup *group;
	int fd;
	SvRegionInfo regions[SV_REGION_MAX];
	unsigned n_regions;
} SvVfio;

/* sysfs.c: the PCI function as sysfs sees it, before any VFIO call. */
gboolean sv_vfio_parse_address(const char *spec, char out[SV_VFIO_ADDR_LEN + 1],
			       GError **error);
gboolean sv_vfio_sysfs_check(const char *addr, int *group_id, GError **error);
char *sv_vfio_sysfs_driver(const char *addr);
char *sv_vfio_group_devices(int group_id);

/* container.c */
SvVfioContainer *sv_vfio_container_open(GError **error);
gboolean sv_vfio_container_set_iommu(SvVfioContainer *c, GError **error);
gboolean sv_vfio_container_dma_map(SvVfioContainer *c, void *vaddr, uint64_t iova,
				   uint64_t size, GError **error);
gboolean sv_vfio_container_dma_unmap(SvVfioContainer *c, uint64_t iova, uint64_t size,
				     GError **error);
void sv_vfio_container_describe(SvVfioContainer *c, GString *out);
void sv_vfio_container_close(SvVfioContainer *c);
const char *sv_vfio_iommu_type_name(int type);

/* group.c */
SvVfioGroup *sv_vfio_group_open(int id, const char *addr, GError **error);
gboolean sv_vfio_group_attach(SvVfioGroup *g, SvVfioContainer *c, const char *addr,
			      GError **error);
int sv_vfio_group_device_fd(SvVfioGroup *g, const char *addr, GError **error);
void sv_vfio_group_close(SvVfioGroup *g);

/* region.c */
gboolean sv_vfio_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info,
			     GError **error);
gboolean sv_vfio_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf,
			     size_t len, GError **error);
gboolean sv_vfio_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			      size_t len, GError **error);
void *sv_vfio_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
			  GError **error);
void sv_vfio_region_munmap(SvDevice *dev, void *addr, size_t size);

/* irq.c */
gboolean sv_vfio_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error);
gboolean sv_vfio_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
			 uint32_t flags, const int *fds, GError **error);

/* dma.c */
gboolean sv_vfio_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed,
			   uint64_t *fixed_iova, GError **error);
void sv_vfio_mem_free(SvDevice *dev, SvDmaBuf *buf);
gboolean sv_vfio_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
gboolean sv_vfio_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
void sv_vfio_iova_ranges(SvDevice *dev, GArray *ranges);

/* caps.c */
/*
 * sv_vfio_get_info() - a *_INFO ioctl whose struct starts with argsz: @fixed
 * (@fixed_len bytes, input fields set) is sent and resent with a larger
 * buffer while the kernel asks for more.  Returns the g_malloc'ed answer
 * (@len bytes), or NULL with *@err an errno value.
 */
void *sv_vfio_get_info(int fd, unsigned long req, const void *fixed, size_t fixed_len,
		       size_t *len, int *err);
/* ioctl() that retries on EINTR; returns its result, errno set on -1. */
int sv_vfio_ioctl(int fd, unsigned long req, void *arg);

#endif
