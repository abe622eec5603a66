// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cdev.c - the VFIO device cdev (CONFIG_VFIO_DEVICE_CDEV, Linux 6.6+):
 * /sys/bus/pci/devices/BDF/vfio-dev/vfioN names /dev/vfio/devices/vfioN;
 * the opened node is the device fd, usable once VFIO_DEVICE_BIND_IOMMUFD
 * tied it to an iommufd and VFIO_DEVICE_ATTACH_IOMMUFD_PT put it in an
 * IO address space (Documentation/driver-api/vfio.rst, "VFIO device cdev").
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "sofvfio/sysfs.h"
#include "vfio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PCI_DEVICES "/sys/bus/pci/devices"

int sv_vfio_cdev_open(const char *addr, char **node, GError **error)
{
	g_autofree char *path = sv_pci_vfio_cdev(addr);
	int fd, err;

	*node = NULL;
	if (!path) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s is bound to vfio-pci but has no VFIO device cdev (no char device under "
			    "%s/%s/vfio-dev): "
			    "the kernel is built without CONFIG_VFIO_DEVICE_CDEV (Linux 6.6+, needs "
			    "iommufd); use the group path (group:%s, or the plain address)", addr,
			    PCI_DEVICES, addr, addr);
		return -1;
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == EACCES || err == EPERM) {
			g_autofree char *owner = sv_vfio_node_owner(path);

			g_set_error(error, SV_ERROR, SV_ERROR_PERM,
				    "%s: cannot open its VFIO device cdev %s: permission denied (%s; "
				    "this process runs as uid %u): run as root, or give %s and "
				    "/dev/iommu to your user", addr, path, owner, (unsigned)geteuid(),
				    path);
		} else if (err == ENOENT) {
			g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
				    "%s: %s does not exist although sysfs lists it; is devtmpfs "
				    "mounted on /dev (or udev running)?", addr, path);
		} else {
			sv_set_error_errno(error, err, "%s: opening its VFIO device cdev %s", addr,
					   path);
		}
		return -1;
	}
	*node = g_steal_pointer(&path);
	return fd;
}

gboolean sv_vfio_cdev_bind(SvVfio *v, GError **error)
{
	struct vfio_device_bind_iommufd b = { .argsz = sizeof(b), .iommufd = v->iommufd->fd };
	int err;

	if (sv_vfio_ioctl(v->fd, VFIO_DEVICE_BIND_IOMMUFD, &b) == 0) {
		v->devid = b.out_devid;
		return TRUE;
	}
	err = errno;
	switch (err) {
	case EBUSY: /* vfio_device_block_group(): a group fd is open */
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "%s: VFIO_DEVICE_BIND_IOMMUFD on %s: the device is already open "
			    "through its IOMMU group /dev/vfio/%d (another program, or QEMU, uses "
			    "the group path); close that first", v->addr, v->cdev, v->group_id);
		return FALSE;
	case EINVAL: /* vfio_df_open(): the cdev path allows one open of a device */
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "%s: VFIO_DEVICE_BIND_IOMMUFD on %s: the device is already open "
			    "(bound through another cdev fd, or open through its group); close "
			    "that first", v->addr, v->cdev);
		return FALSE;
	case EPERM: /* iommufd_device_bind(): DMA ownership of the group, or MSI isolation */
		if (sv_vfio_group_has_other_driver(v->group_id, v->addr)) {
			sv_vfio_not_viable_error(error, v->addr, v->group_id);
			return FALSE;
		}
		g_set_error(error, SV_ERROR, SV_ERROR_PERM,
			    "%s: VFIO_DEVICE_BIND_IOMMUFD on %s: not permitted: another iommufd "
			    "owns IOMMU group %d, or the platform cannot isolate MSIs (turn on "
			    "interrupt remapping, or set iommufd's allow_unsafe_interrupts)",
			    v->addr, v->cdev, v->group_id);
		return FALSE;
	default:
		sv_set_error_errno(error, err, "%s: VFIO_DEVICE_BIND_IOMMUFD on %s", v->addr,
				   v->cdev);
		return FALSE;
	}
}

gboolean sv_vfio_cdev_attach(int fd, uint32_t ioas_id, const char *node, uint32_t *pt_id,
			     GError **error)
{
	struct vfio_device_attach_iommufd_pt a = { .argsz = sizeof(a), .pt_id = ioas_id };

	if (sv_vfio_ioctl(fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a) < 0) {
		sv_set_error_errno(error, errno, "%s: VFIO_DEVICE_ATTACH_IOMMUFD_PT to IOAS %u",
				   node, ioas_id);
		return FALSE;
	}
	*pt_id = a.pt_id;
	return TRUE;
}
