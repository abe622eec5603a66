// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iommufd.c - an iommufd context (/dev/iommu) with one IO address space:
 * IOMMU_IOAS_ALLOC, IOMMU_IOAS_IOVA_RANGES (what the IOVA allocator may
 * use, read once a device is attached: its reserved regions, such as the
 * MSI window, are cut out then), IOMMU_IOAS_MAP with a fixed IOVA and
 * IOMMU_IOAS_UNMAP (Linux include/uapi/linux/iommufd.h).
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define IOMMUFD_NODE "/dev/iommu"

/* Does /lib/modules/RELEASE/@file name iommufd.ko? */
static gboolean modules_file_has_iommufd(const char *release, const char *file)
{
	g_autofree char *path = g_build_filename("/lib/modules", release, file, NULL);
	g_autofree char *text = NULL;

	return g_file_get_contents(path, &text, NULL, NULL) && strstr(text, "/iommufd.ko");
}

/* /dev/iommu is missing: say whether the module is unloaded or absent. */
static void no_node_error(GError **error)
{
	struct utsname u;

	if (g_file_test("/sys/class/misc/iommu", G_FILE_TEST_EXISTS)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s does not exist although iommufd is loaded (/sys/class/misc/iommu): "
			    "is devtmpfs mounted on /dev (or udev running)?", IOMMUFD_NODE);
		return;
	}
	if (uname(&u) == 0 && modules_file_has_iommufd(u.release, "modules.dep")) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s does not exist: the iommufd module is not loaded; load it with "
			    "`modprobe iommufd` (then rebind the device to vfio-pci if vfio was "
			    "loaded without it), or use the group path (group:ADDR)", IOMMUFD_NODE);
		return;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
		    "%s does not exist: kernel %s has no iommufd (built without CONFIG_IOMMUFD, "
		    "as Debian's kernels are); use the group/container path (group:ADDR, or the "
		    "plain address, which falls back to it)", IOMMUFD_NODE,
		    uname(&u) == 0 ? u.release : "?");
}

SvIommufd *sv_iommufd_open(GError **error)
{
	SvIommufd *i;
	int fd = open(IOMMUFD_NODE, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		int err = errno;

		if (err == ENOENT) {
			no_node_error(error);
		} else if (err == EACCES || err == EPERM) {
			g_autofree char *owner = sv_vfio_node_owner(IOMMUFD_NODE);

			g_set_error(error, SV_ERROR, SV_ERROR_PERM,
				    "cannot open %s: permission denied (%s; this process runs as "
				    "uid %u): run as root, or give the node to your user (udev rule "
				    "or chown) as for the device cdev", IOMMUFD_NODE, owner,
				    (unsigned)geteuid());
		} else {
			sv_set_error_errno(error, err, "opening %s", IOMMUFD_NODE);
		}
		return NULL;
	}
	i = g_new0(SvIommufd, 1);
	i->fd = fd;
	i->iova_ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	return i;
}

gboolean sv_iommufd_ioas_alloc(SvIommufd *i, GError **error)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };

	if (sv_vfio_ioctl(i->fd, IOMMU_IOAS_ALLOC, &a) < 0) {
		sv_set_error_errno(error, errno, "IOMMU_IOAS_ALLOC on %s", IOMMUFD_NODE);
		return FALSE;
	}
	i->ioas_id = a.out_ioas_id;
	return TRUE;
}

gboolean sv_iommufd_query_ranges(SvIommufd *i, GError **error)
{
	struct iommu_ioas_iova_ranges q = { .size = sizeof(q), .ioas_id = i->ioas_id };
	g_autofree struct iommu_iova_range *r = NULL;

	/* First ask how many (EMSGSIZE with num_iovas set), then fetch them. */
	if (sv_vfio_ioctl(i->fd, IOMMU_IOAS_IOVA_RANGES, &q) < 0 && errno != EMSGSIZE) {
		sv_set_error_errno(error, errno, "IOMMU_IOAS_IOVA_RANGES of IOAS %u", i->ioas_id);
		return FALSE;
	}
	for (int tries = 0; tries < 4; tries++) {
		uint32_t n = q.num_iovas;

		g_free(r);
		r = g_new0(struct iommu_iova_range, MAX(n, 1u));
		q.allowed_iovas = (uintptr_t)r;
		if (sv_vfio_ioctl(i->fd, IOMMU_IOAS_IOVA_RANGES, &q) == 0) {
			g_array_set_size(i->iova_ranges, 0);
			for (uint32_t k = 0; k < MIN(n, q.num_iovas); k++) {
				if (r[k].last < r[k].start)
					continue;
				g_array_append_val(i->iova_ranges, r[k].start);
				g_array_append_val(i->iova_ranges, r[k].last);
			}
			i->iova_alignment = q.out_iova_alignment;
			return TRUE;
		}
		if (errno != EMSGSIZE) /* EMSGSIZE: the ranges changed in between */
			break;
	}
	sv_set_error_errno(error, errno, "IOMMU_IOAS_IOVA_RANGES of IOAS %u", i->ioas_id);
	return FALSE;
}

/* Mappings must be aligned to what the IOAS reports (a page, normally). */
static gboolean check_alignment(SvIommufd *i, const char *what, uint64_t iova, uint64_t size,
				GError **error)
{
	uint64_t a = i->iova_alignment;

	if (a > 1 && ((iova | size) & (a - 1))) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s of 0x%" G_GINT64_MODIFIER "x bytes at IOVA 0x%" G_GINT64_MODIFIER
			    "x: IOAS %u needs IOVA and length aligned to 0x%" G_GINT64_MODIFIER "x",
			    what, size, iova, i->ioas_id, a);
		return FALSE;
	}
	return TRUE;
}

gboolean sv_iommufd_map(SvIommufd *i, void *vaddr, uint64_t iova, uint64_t size,
			GError **error)
{
	struct iommu_ioas_map m = {
		.size = sizeof(m),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = i->ioas_id,
		.user_va = (uintptr_t)vaddr,
		.length = size,
		.iova = iova,
	};
	int err;

	if (!check_alignment(i, "IOMMU_IOAS_MAP", iova, size, error))
		return FALSE;
	if (sv_vfio_ioctl(i->fd, IOMMU_IOAS_MAP, &m) == 0)
		return TRUE;
	err = errno;
	if (err == EEXIST) {
		sv_set_error_errno(error, err, "IOMMU_IOAS_MAP of 0x%" G_GINT64_MODIFIER "x bytes "
				   "at IOVA 0x%" G_GINT64_MODIFIER "x: the range is already mapped",
				   size, iova);
	} else if (err == ENOMEM || err == EPERM) {
		/* iommufd charges pinned pages to the user's RLIMIT_MEMLOCK. */
		g_autofree char *why = sv_vfio_memlock_limit();

		sv_set_error_errno(error, err, "IOMMU_IOAS_MAP of 0x%" G_GINT64_MODIFIER "x bytes "
				   "at IOVA 0x%" G_GINT64_MODIFIER "x: cannot pin that memory (%s)",
				   size, iova, why);
	} else {
		sv_set_error_errno(error, err, "IOMMU_IOAS_MAP of 0x%" G_GINT64_MODIFIER "x bytes "
				   "at IOVA 0x%" G_GINT64_MODIFIER "x into IOAS %u", size, iova,
				   i->ioas_id);
	}
	return FALSE;
}

gboolean sv_iommufd_unmap(SvIommufd *i, uint64_t iova, uint64_t size, GError **error)
{
	struct iommu_ioas_unmap u = {
		.size = sizeof(u),
		.ioas_id = i->ioas_id,
		.iova = iova,
		.length = size,
	};

	if (sv_vfio_ioctl(i->fd, IOMMU_IOAS_UNMAP, &u) < 0) {
		sv_set_error_errno(error, errno, "IOMMU_IOAS_UNMAP of 0x%" G_GINT64_MODIFIER "x "
				   "bytes at IOVA 0x%" G_GINT64_MODIFIER "x", size, iova);
		return FALSE;
	}
	/* The kernel answers the length it unmapped: all of it, or not ours. */
	if (u.length != size) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "IOMMU_IOAS_UNMAP at IOVA 0x%" G_GINT64_MODIFIER "x unmapped 0x%"
			    G_GINT64_MODIFIER "x bytes, not 0x%" G_GINT64_MODIFIER "x",
			    iova, (uint64_t)u.length, size);
		return FALSE;
	}
	return TRUE;
}

void sv_vfio_append_ranges(GString *out, GArray *ranges)
{
	g_string_append(out, "iova ranges:");
	if (!ranges->len)
		g_string_append(out, " not reported (no IOVA range capability)");
	for (guint k = 0; k + 1 < ranges->len; k += 2)
		g_string_append_printf(out, " [0x%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x]",
				       g_array_index(ranges, uint64_t, k),
				       g_array_index(ranges, uint64_t, k + 1));
	g_string_append_c(out, '\n');
}

void sv_iommufd_describe(SvIommufd *i, GString *out)
{
	g_string_append_printf(out, "iommufd: %s fd %d, IOAS %u\n", IOMMUFD_NODE, i->fd,
			       i->ioas_id);
	g_string_append_printf(out, "iova alignment: 0x%" G_GINT64_MODIFIER "x\n",
			       i->iova_alignment);
	sv_vfio_append_ranges(out, i->iova_ranges);
}

void sv_iommufd_close(SvIommufd *i)
{
	if (!i)
		return;
	if (i->ioas_id) {
		struct iommu_destroy d = { .size = sizeof(d), .id = i->ioas_id };

		/* Closing the fd frees it too; an explicit destroy reports leftovers. */
		if (sv_vfio_ioctl(i->fd, IOMMU_DESTROY, &d) < 0)
			sv_debug("IOMMU_DESTROY of IOAS %u: %s", i->ioas_id, g_strerror(errno));
	}
	if (i->fd >= 0)
		close(i->fd);
	g_array_unref(i->iova_ranges);
	g_free(i);
}
