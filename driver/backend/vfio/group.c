// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * group.c - a VFIO group (/dev/vfio/N): open it, check it is viable (no
 * device of the IOMMU group is held by a kernel driver that does DMA),
 * attach it to a container, get a device fd from it.
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "owner root (uid 0), group root (gid 0), mode 0600" for a permission error. */
char *sv_vfio_node_owner(const char *path)
{
	struct stat st;
	struct passwd *pw;
	struct group *gr;

	if (stat(path, &st) < 0)
		return g_strdup("cannot stat it");
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	return g_strdup_printf("owner %s (uid %u), group %s (gid %u), mode %04o",
			       pw ? pw->pw_name : "?", (unsigned)st.st_uid, gr ? gr->gr_name : "?",
			       (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
}

/* The advice for a group some device of which a DMA-capable kernel driver holds. */
void sv_vfio_not_viable_error(GError **error, const char *addr, int id)
{
	g_autofree char *devs = sv_vfio_group_devices(id);

	g_set_error(error, SV_ERROR, SV_ERROR_NOT_VIABLE,
		    "%s: IOMMU group %d is not viable: every device of the group must be "
		    "bound to vfio-pci or to no driver, and the group holds: %s. Bind the "
		    "others too (`sofvfio bind ADDR` for each) or unbind them", addr, id, devs);
}

SvVfioGroup *sv_vfio_group_open(int id, const char *addr, GError **error)
{
	g_autofree char *node = g_strdup_printf("/dev/vfio/%d", id);
	struct vfio_group_status status = { .argsz = sizeof(status) };
	SvVfioGroup *g;
	int fd, err;

	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == EACCES || err == EPERM) {
			g_autofree char *owner = sv_vfio_node_owner(node);

			g_set_error(error, SV_ERROR, SV_ERROR_PERM,
				    "%s: cannot open its VFIO group %s: permission denied (%s; this "
				    "process runs as uid %u): run as root, or give the node to your "
				    "user with `sofvfio bind --owner USER %s`", addr, node, owner,
				    (unsigned)geteuid(), addr);
		} else if (err == EBUSY) {
			g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
				    "%s: VFIO group %s is already open (another program, QEMU or "
				    "this one, uses a device of IOMMU group %d); close it first",
				    addr, node, id);
		} else if (err == ENOENT) {
			g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
				    "%s: %s does not exist although the device is bound to vfio-pci; "
				    "is devtmpfs mounted on /dev (or udev running)?", addr, node);
		} else {
			sv_set_error_errno(error, err, "%s: opening VFIO group %s", addr, node);
		}
		return NULL;
	}
	if (sv_vfio_ioctl(fd, VFIO_GROUP_GET_STATUS, &status) < 0) {
		sv_set_error_errno(error, errno, "%s: VFIO_GROUP_GET_STATUS on %s", addr, node);
		close(fd);
		return NULL;
	}
	/*
	 * Viable = no device of the IOMMU group is owned by a kernel driver doing
	 * DMA (vfio-pci, pci-stub, no driver, or a bridge are fine).
	 */
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		sv_vfio_not_viable_error(error, addr, id);
		close(fd);
		return NULL;
	}
	g = g_new0(SvVfioGroup, 1);
	g->id = id;
	g->fd = fd;
	g->status_flags = status.flags;
	return g;
}

gboolean sv_vfio_group_attach(SvVfioGroup *g, SvVfioContainer *c, const char *addr,
			      GError **error)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };

	if (sv_vfio_ioctl(g->fd, VFIO_GROUP_SET_CONTAINER, &c->fd) < 0) {
		sv_set_error_errno(error, errno, "%s: VFIO_GROUP_SET_CONTAINER for group %d", addr,
				   g->id);
		return FALSE;
	}
	g->container = c;
	c->n_groups++;
	/* The IOMMU model is chosen once a group is in the container. */
	if (!sv_vfio_container_set_iommu(c, error))
		return FALSE;
	if (sv_vfio_ioctl(g->fd, VFIO_GROUP_GET_STATUS, &status) == 0)
		g->status_flags = status.flags;
	return TRUE;
}

int sv_vfio_group_device_fd(SvVfioGroup *g, const char *addr, GError **error)
{
	int fd = sv_vfio_ioctl(g->fd, VFIO_GROUP_GET_DEVICE_FD, (void *)addr);
	int err = errno;

	if (fd < 0)
		sv_set_error_errno(error, err, "%s: VFIO_GROUP_GET_DEVICE_FD on group %d%s",
				   addr, g->id, err == EBUSY ?
				   " (the device is already open elsewhere)" : "");
	return fd;
}

void sv_vfio_group_close(SvVfioGroup *g)
{
	if (!g)
		return;
	if (g->container) {
		/* Closing the fd would do it too; doing it explicitly reports nothing new. */
		sv_vfio_ioctl(g->fd, VFIO_GROUP_UNSET_CONTAINER, NULL);
		g->container->n_groups--;
	}
	if (g->fd >= 0)
		close(g->fd);
	g_free(g);
}
