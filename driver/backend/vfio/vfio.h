/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfio.h - private to the kernel VFIO backend: the group/container API
 * (Linux Documentation/driver-api/vfio.rst) and the iommufd + device cdev
 * API (Documentation/userspace-api/iommufd.rst, "VFIO device cdev" in
 * vfio.rst). Both end in the same device fd; everything above it is shared.
 *
 * Objects, in the order they are set up and the reverse order they are torn
 * down:
 *   group path:
 *   SvVfioContainer  /dev/vfio/vfio: API version, extensions, IOMMU type,
 *                    IOVA ranges, MAP_DMA/UNMAP_DMA
 *   SvVfioGroup      /dev/vfio/N: viability, attached to a container
 *   iommufd path:
 *   SvIommufd        /dev/iommu and one IOAS: IOVA ranges, IOAS_MAP/UNMAP
 *   (device cdev)    /dev/vfio/devices/vfioN: BIND_IOMMUFD, ATTACH_IOMMUFD_PT
 *   both:
 *   SvVfio           the device fd and what the core asks of it (dev->priv)
 */
#ifndef SOFVFIO_BACKEND_VFIO_H
#define SOFVFIO_BACKEND_VFIO_H

#include "../../core/backend.h"
#include "iommufd-uapi.h"

#include <stdbool.h>
#include <stdint.h>

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
 * struct SvIommufd - one iommufd context with one IO address space.
 * @fd: /dev/iommu
 * @ioas_id: IOMMU_IOAS_ALLOC's id (0 before)
 * @iova_alignment: IOMMU_IOAS_IOVA_RANGES out_iova_alignment (bytes)
 * @iova_ranges: usable IOVA ranges, pairs of uint64_t [start, last] inclusive
 */
typedef struct {
	int fd;
	uint32_t ioas_id;
	uint64_t iova_alignment;
	GArray *iova_ranges;
} SvIommufd;

/* How the device fd was reached. */
typedef enum {
	SV_VFIO_PATH_GROUP,   /* /dev/vfio/N in a /dev/vfio/vfio container */
	SV_VFIO_PATH_IOMMUFD, /* /dev/vfio/devices/vfioN bound to /dev/iommu */
} SvVfioPath;

/**
 * struct SvVfio - the backend's per-device state (dev->priv).
 * @addr: canonical address "DDDD:BB:DD.F"
 * @sysfs: /sys/bus/pci/devices/@addr
 * @path: which kernel interface reached the device
 * @path_why: why that one (asked for by name, or what the plain address found)
 * @group_id: the IOMMU group (both paths)
 * @container: owned container (group path)
 * @group: owned group (group path)
 * @iommufd: owned iommufd context (iommufd path)
 * @cdev: the device cdev node (iommufd path)
 * @devid: VFIO_DEVICE_BIND_IOMMUFD's out_devid
 * @pt_id: the page table VFIO_DEVICE_ATTACH_IOMMUFD_PT attached (an
 *         automatically made hwpt for the IOAS)
 * @fd: device fd (VFIO_GROUP_GET_DEVICE_FD, or the opened cdev)
 * @regions: region info at open (offsets and sizes for the slow path)
 * @n_regions: entries of @regions filled
 */
typedef struct {
	char addr[SV_PCI_ADDR_MAX];
	char *sysfs;
	SvVfioPath path;
	char *path_why;
	int group_id;
	SvVfioContainer *container;
	SvVfioGroup *group;
	SvIommufd *iommufd;
	char *cdev;
	uint32_t devid;
	uint32_t pt_id;
	int fd;
	SvRegionInfo regions[SV_REGION_MAX];
	unsigned n_regions;
} SvVfio;

/* sysfs.c: the PCI function as sysfs sees it, before any VFIO call. */
gboolean sv_vfio_sysfs_check(const char *addr, int *group_id, GError **error);
char *sv_vfio_sysfs_driver(const char *addr);
char *sv_vfio_group_devices(int group_id);
gboolean sv_vfio_group_has_other_driver(int group_id, const char *addr);
char *sv_vfio_node_owner(const char *path);
char *sv_vfio_memlock_limit(void);

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
/* The VFIO_IOMMU_GET_INFO answer (@len bytes) into @c: flags, page sizes, IOVA ranges. */
gboolean sv_vfio_iommu_info_decode(SvVfioContainer *c, const struct vfio_iommu_type1_info *info,
				   size_t len, GError **error);

/* group.c */
SvVfioGroup *sv_vfio_group_open(int id, const char *addr, GError **error);
gboolean sv_vfio_group_attach(SvVfioGroup *g, SvVfioContainer *c, const char *addr,
			      GError **error);
int sv_vfio_group_device_fd(SvVfioGroup *g, const char *addr, GError **error);
void sv_vfio_group_close(SvVfioGroup *g);
void sv_vfio_not_viable_error(GError **error, const char *addr, int id);

/* iommufd.c */
SvIommufd *sv_iommufd_open(GError **error);
gboolean sv_iommufd_ioas_alloc(SvIommufd *i, GError **error);
gboolean sv_iommufd_query_ranges(SvIommufd *i, GError **error);
gboolean sv_iommufd_map(SvIommufd *i, void *vaddr, uint64_t iova, uint64_t size,
			GError **error);
gboolean sv_iommufd_unmap(SvIommufd *i, uint64_t iova, uint64_t size, GError **error);
void sv_iommufd_describe(SvIommufd *i, GString *out);
void sv_iommufd_close(SvIommufd *i);
void sv_vfio_append_ranges(GString *out, GArray *ranges);

/* cdev.c */
int sv_vfio_cdev_open(const char *addr, char **node, GError **error);
gboolean sv_vfio_cdev_bind(SvVfio *v, GError **error);
gboolean sv_vfio_cdev_attach(int fd, uint32_t ioas_id, const char *node, uint32_t *pt_id,
			     GError **error);

/* region.c */
gboolean sv_vfio_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info,
			     GError **error);
/* A VFIO_DEVICE_GET_REGION_INFO answer (@len bytes, from the kernel) into @info. */
gboolean sv_vfio_region_info_decode(SvDevice *dev, uint32_t index,
				    const struct vfio_region_info *ri, size_t len,
				    SvRegionInfo *info, GError **error);
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
