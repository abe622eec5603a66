// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * device.c - the kernel VFIO backend: open a PCI function bound to vfio-pci
 * through the group/container API, and the ops table the core calls.
 *
 * Open, each step checked with an error that says what to do:
 *   address -> sysfs (exists, IOMMU group, bound to vfio-pci)
 *   -> container (API version, type1v2/type1) -> group (viable)
 *   -> SET_CONTAINER + SET_IOMMU + IOMMU info -> device fd -> device info
 * Close undoes it in reverse order.
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <unistd.h>

static void vfio_free(SvVfio *v)
{
	if (!v)
		return;
	if (v->fd >= 0)
		close(v->fd);
	sv_vfio_group_close(v->group);
	sv_vfio_container_close(v->container);
	g_free(v->sysfs);
	g_free(v);
}

static gboolean get_device_info(SvDevice *dev, SvVfio *v, GError **error)
{
	struct vfio_device_info fixed = { .argsz = sizeof(fixed) };
	g_autofree struct vfio_device_info *di = NULL;
	size_t len;
	int err;

	di = sv_vfio_get_info(v->fd, VFIO_DEVICE_GET_INFO, &fixed, sizeof(fixed), &len, &err);
	if (!di) {
		sv_set_error_errno(error, err, "%s: VFIO_DEVICE_GET_INFO", v->addr);
		return FALSE;
	}
	if (!(di->flags & VFIO_DEVICE_FLAGS_PCI)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: VFIO says this is not a PCI device (flags 0x%x)", v->addr,
			    di->flags);
		return FALSE;
	}
	dev->info.flags = di->flags;
	dev->info.num_regions = di->num_regions;
	dev->info.num_irqs = di->num_irqs;
	return TRUE;
}

static gboolean vfio_open(SvDevice *dev, const char *spec, GError **error)
{
	SvVfio *v = g_new0(SvVfio, 1);
	int group_id = -1;

	v->fd = -1;
	dev->priv = v;
	if (!sv_vfio_parse_address(spec, v->addr, error) ||
	    !sv_vfio_sysfs_check(v->addr, &group_id, error))
		goto fail;
	v->sysfs = g_strdup_printf("/sys/bus/pci/devices/%s", v->addr);
	v->container = sv_vfio_container_open(error);
	if (!v->container)
		goto fail;
	v->group = sv_vfio_group_open(group_id, v->addr, error);
	if (!v->group || !sv_vfio_group_attach(v->group, v->container, v->addr, error))
		goto fail;
	v->fd = sv_vfio_group_device_fd(v->group, v->addr, error);
	if (v->fd < 0 || !get_device_info(dev, v, error))
		goto fail;
	/* Region offsets and sizes, for the slow path and mmap. */
	v->n_regions = MIN(dev->info.num_regions, (uint32_t)SV_REGION_MAX);
	for (uint32_t i = 0; i < v->n_regions; i++)
		if (!sv_vfio_region_info(dev, i, &v->regions[i], error))
			goto fail;
	sv_debug("%s: group %d, %s, device fd %d", v->addr, group_id,
		 sv_vfio_iommu_type_name(v->container->iommu_type), v->fd);
	return TRUE;

fail:
	vfio_free(v);
	dev->priv = NULL;
	return FALSE;
}

static void vfio_close(SvDevice *dev)
{
	vfio_free(dev->priv);
	dev->priv = NULL;
}

static void describe_reset(SvDevice *dev, SvVfio *v, GString *out)
{
	g_autofree char *path = g_build_filename(v->sysfs, "reset_method", NULL);
	g_autofree char *methods = NULL;

	g_file_get_contents(path, &methods, NULL, NULL);
	if (methods)
		g_strstrip(methods);
	if (dev->info.flags & VFIO_DEVICE_FLAGS_RESET)
		g_string_append_printf(out, "device reset: VFIO_DEVICE_RESET supported%s%s%s\n",
				       methods ? " (methods: " : "", methods ? methods : "",
				       methods ? ")" : "");
	else
		g_string_append(out, "device reset: none (no FLR, PM or bus reset: reset the "
				"device through its own registers)\n");
}

static void vfio_describe(SvDevice *dev, GString *out)
{
	SvVfio *v = dev->priv;
	g_autofree char *drv = sv_vfio_sysfs_driver(v->addr);
	g_autofree char *devs = sv_vfio_group_devices(v->group->id);
	uint32_t st = v->group->status_flags;

	g_string_append_printf(out, "pci address: %s\n", v->addr);
	g_string_append_printf(out, "sysfs: %s\n", v->sysfs);
	g_string_append_printf(out, "kernel driver: %s\n", drv ? drv : "none");
	sv_vfio_container_describe(v->container, out);
	g_string_append_printf(out, "iommu group: %d (/dev/vfio/%d)\n", v->group->id,
			       v->group->id);
	g_string_append_printf(out, "group status: 0x%x%s%s\n", st,
			       st & VFIO_GROUP_FLAGS_VIABLE ? " VIABLE" : "",
			       st & VFIO_GROUP_FLAGS_CONTAINER_SET ? " CONTAINER_SET" : "");
	g_string_append_printf(out, "group devices: %s\n", devs);
	g_string_append_printf(out, "group fd: %d\ndevice fd: %d\n", v->group->fd, v->fd);
	describe_reset(dev, v, out);
}

static gboolean vfio_reset(SvDevice *dev, GError **error)
{
	SvVfio *v = dev->priv;

	if (sv_vfio_ioctl(v->fd, VFIO_DEVICE_RESET, NULL) < 0) {
		sv_set_error_errno(error, errno, "%s: VFIO_DEVICE_RESET", v->addr);
		return FALSE;
	}
	return TRUE;
}

const SvBackendOps sv_backend_vfio = {
	.name = "vfio",
	.prefix = NULL, /* PCI addresses, and "vfio:ADDR" (stripped by the core) */
	.open = vfio_open,
	.close = vfio_close,
	.describe = vfio_describe,
	.region_info = sv_vfio_region_info,
	.region_read = sv_vfio_region_read,
	.region_write = sv_vfio_region_write,
	.region_mmap = sv_vfio_region_mmap,
	.region_munmap = sv_vfio_region_munmap,
	.irq_info = sv_vfio_irq_info,
	.irq_set = sv_vfio_irq_set,
	.reset = vfio_reset,
	.mem_alloc = sv_vfio_mem_alloc,
	.mem_free = sv_vfio_mem_free,
	.dma_map = sv_vfio_dma_map,
	.dma_unmap = sv_vfio_dma_unmap,
	.iova_ranges = sv_vfio_iova_ranges,
	.has_iommu = TRUE,
};
