// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * device.c - the kernel VFIO backend: open a PCI function bound to vfio-pci
 * through iommufd + its device cdev, or through the group/container API,
 * and the ops table the core calls (the same for both: everything after
 * the device fd is common).
 *
 * Names: "iommufd:ADDR" takes the iommufd path, "group:ADDR" the group
 * path, a plain ADDR (or "vfio:ADDR") iommufd when it is usable (the device
 * has a cdev, /dev/iommu and the cdev open) and the group path otherwise.
 *
 * Open, each step checked with an error that says what to do:
 *   address -> sysfs (exists, IOMMU group, bound to vfio-pci)
 *   iommufd: /dev/iommu -> cdev -> BIND_IOMMUFD -> IOAS_ALLOC
 *            -> ATTACH_IOMMUFD_PT -> IOAS_IOVA_RANGES
 *   group:   container (API version, type1v2/type1) -> group (viable)
 *            -> SET_CONTAINER + SET_IOMMU + IOMMU info -> GET_DEVICE_FD
 *   -> device info -> region info
 * Close undoes it in reverse order.
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void vfio_free(SvVfio *v)
{
	if (!v)
		return;
	/* Closing the device fd unbinds it from iommufd / releases the group's use. */
	if (v->fd >= 0)
		close(v->fd);
	sv_iommufd_close(v->iommufd);
	sv_vfio_group_close(v->group);
	sv_vfio_container_close(v->container);
	g_free(v->cdev);
	g_free(v->path_why);
	g_free(v->sysfs);
	g_free(v);
}

/* The iommufd path: /dev/iommu, the cdev, bind, an IOAS, attach, its ranges. */
static gboolean open_iommufd(SvVfio *v, gboolean *unavailable, GError **error)
{
	*unavailable = TRUE;
	v->iommufd = sv_iommufd_open(error);
	if (!v->iommufd)
		return FALSE;
	v->fd = sv_vfio_cdev_open(v->addr, &v->cdev, error);
	if (v->fd < 0)
		return FALSE;
	/* From here on the path is there: a failure is an error, not a fallback. */
	*unavailable = FALSE;
	return sv_vfio_cdev_bind(v, error) &&
	       sv_iommufd_ioas_alloc(v->iommufd, error) &&
	       sv_vfio_cdev_attach(v->fd, v->iommufd->ioas_id, v->cdev, &v->pt_id, error) &&
	       sv_iommufd_query_ranges(v->iommufd, error);
}

static gboolean open_group(SvVfio *v, GError **error)
{
	v->container = sv_vfio_container_open(error);
	if (!v->container)
		return FALSE;
	v->group = sv_vfio_group_open(v->group_id, v->addr, error);
	if (!v->group || !sv_vfio_group_attach(v->group, v->container, v->addr, error))
		return FALSE;
	v->fd = sv_vfio_group_device_fd(v->group, v->addr, error);
	return v->fd >= 0;
}

/* @msg up to its first ';' outside parentheses: the finding without the advice. */
static char *first_clause(char *msg)
{
	int depth = 0;

	for (char *p = msg; *p; p++) {
		depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
		if (*p == ';' && depth <= 0) {
			*p = '\0';
			break;
		}
	}
	return msg;
}

/* Undo a half-done iommufd attempt before trying the group path. */
static void drop_iommufd(SvVfio *v)
{
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	sv_iommufd_close(v->iommufd);
	v->iommufd = NULL;
	g_clear_pointer(&v->cdev, g_free);
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
	enum { AUTO, IOMMUFD, GROUP } want = AUTO;

	v->fd = -1;
	v->group_id = -1;
	dev->priv = v;
	if (g_str_has_prefix(spec, "iommufd:")) {
		want = IOMMUFD;
		spec += strlen("iommufd:");
	} else if (g_str_has_prefix(spec, "group:")) {
		want = GROUP;
		spec += strlen("group:");
	}
	if (!sv_pci_address_parse(spec, v->addr, "other backends take vfio-user:SOCKET or qtest:",
				  error) ||
	    !sv_vfio_sysfs_check(v->addr, &v->group_id, error))
		goto fail;
	v->sysfs = g_strdup_printf("/sys/bus/pci/devices/%s", v->addr);
	if (want != GROUP) {
		GError *err = NULL;
		gboolean unavailable;

		if (open_iommufd(v, &unavailable, &err)) {
			v->path = SV_VFIO_PATH_IOMMUFD;
			v->path_why = g_strdup(want == IOMMUFD ? "asked for by the iommufd: name" :
					       "preferred: the device has a cdev and /dev/iommu is usable");
		} else if (want == AUTO && unavailable) {
			sv_debug("%s: iommufd path unavailable (%s): group path", v->addr,
				 err->message);
			v->path_why = g_strdup_printf("fallback: %s", first_clause(err->message));
			g_clear_error(&err);
			drop_iommufd(v);
		} else {
			g_propagate_error(error, err);
			goto fail;
		}
	}
	if (v->path != SV_VFIO_PATH_IOMMUFD) {
		v->path = SV_VFIO_PATH_GROUP;
		if (!v->path_why)
			v->path_why = g_strdup("asked for by the group: name");
		if (!open_group(v, error))
			goto fail;
	}
	if (!get_device_info(dev, v, error))
		goto fail;
	/* Region offsets and sizes, for the slow path and mmap. */
	v->n_regions = MIN(dev->info.num_regions, (uint32_t)SV_REGION_MAX);
	for (uint32_t i = 0; i < v->n_regions; i++)
		if (!sv_vfio_region_info(dev, i, &v->regions[i], error))
			goto fail;
	if (v->path == SV_VFIO_PATH_IOMMUFD)
		sv_debug("%s: iommufd, %s devid %u, IOAS %u, page table %u, device fd %d", v->addr,
			 v->cdev, v->devid, v->iommufd->ioas_id, v->pt_id, v->fd);
	else
		sv_debug("%s: group %d, %s, device fd %d", v->addr, v->group_id,
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
	g_autofree char *devs = sv_vfio_group_devices(v->group_id);

	g_string_append_printf(out, "pci address: %s\n", v->addr);
	g_string_append_printf(out, "sysfs: %s\n", v->sysfs);
	g_string_append_printf(out, "kernel driver: %s\n", drv ? drv : "none");
	g_string_append_printf(out, "vfio path: %s (%s)\n",
			       v->path == SV_VFIO_PATH_IOMMUFD ? "iommufd" : "group", v->path_why);
	if (v->path == SV_VFIO_PATH_IOMMUFD) {
		g_string_append_printf(out, "device cdev: %s (devid %u, page table %u)\n", v->cdev,
				       v->devid, v->pt_id);
		sv_iommufd_describe(v->iommufd, out);
		g_string_append_printf(out, "iommu group: %d\n", v->group_id);
		g_string_append_printf(out, "group devices: %s\n", devs);
		g_string_append_printf(out, "device fd: %d\n", v->fd);
	} else {
		uint32_t st = v->group->status_flags;

		sv_vfio_container_describe(v->container, out);
		g_string_append_printf(out, "iommu group: %d (/dev/vfio/%d)\n", v->group_id,
				       v->group_id);
		g_string_append_printf(out, "group status: 0x%x%s%s\n", st,
				       st & VFIO_GROUP_FLAGS_VIABLE ? " VIABLE" : "",
				       st & VFIO_GROUP_FLAGS_CONTAINER_SET ? " CONTAINER_SET" : "");
		g_string_append_printf(out, "group devices: %s\n", devs);
		g_string_append_printf(out, "group fd: %d\ndevice fd: %d\n", v->group->fd, v->fd);
	}
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
	/* PCI addresses, "vfio:ADDR" (stripped by the core), "iommufd:ADDR", "group:ADDR" */
	.prefix = NULL,
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
