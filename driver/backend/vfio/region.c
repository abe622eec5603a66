// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * region.c - device regions (BARs, ROM, config space, VGA, device-specific):
 * VFIO_DEVICE_GET_REGION_INFO with its capability chain, pread/pwrite at the
 * region's offset in the device fd, mmap of the parts that allow it.
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

gboolean sv_vfio_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info,
			     GError **error)
{
	SvVfio *v = dev->priv;
	struct vfio_region_info fixed = { .argsz = sizeof(fixed), .index = index };
	g_autofree struct vfio_region_info *ri = NULL;
	size_t len;
	int err;

	ri = sv_vfio_get_info(v->fd, VFIO_DEVICE_GET_REGION_INFO, &fixed, sizeof(fixed), &len,
			      &err);
	if (!ri && err == EINVAL && index == VFIO_PCI_VGA_REGION_INDEX) {
		/* vfio-pci answers EINVAL for the VGA region of a non-VGA function. */
		memset(info, 0, sizeof(*info));
		info->index = index;
		return TRUE;
	}
	if (!ri) {
		sv_set_error_errno(error, err, "%s: VFIO_DEVICE_GET_REGION_INFO(%s)", dev->name,
				   sv_region_name(index));
		return FALSE;
	}
	return sv_vfio_region_info_decode(dev, index, ri, len, info, error);
}

gboolean sv_vfio_region_info_decode(SvDevice *dev, uint32_t index,
				    const struct vfio_region_info *ri, size_t len,
				    SvRegionInfo *info, GError **error)
{
	g_autofree char *what = NULL;

	memset(info, 0, sizeof(*info));
	info->index = index;
	info->flags = ri->flags;
	info->size = ri->size;
	info->offset = ri->offset;
	if (!(ri->flags & VFIO_REGION_INFO_FLAG_CAPS) || !ri->cap_offset)
		return TRUE;
	what = g_strdup_printf("%s: VFIO_DEVICE_GET_REGION_INFO(%s)", dev->name,
			       sv_region_name(index));
	return sv_region_decode_caps(dev, info, ri, len, ri->cap_offset, what, error);
}

/* The cached region @index, checked for an access of @len bytes at @offset. */
static const SvRegionInfo *region_for(SvDevice *dev, uint32_t index, uint64_t offset,
				      size_t len, uint32_t need, GError **error)
{
	SvVfio *v = dev->priv;
	const SvRegionInfo *r;

	if (index >= v->n_regions || !v->regions[index].size) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s: region %s is not implemented by this device", dev->name,
			    sv_region_name(index));
		return NULL;
	}
	r = &v->regions[index];
	if (offset > r->size || len > r->size - offset) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: %s access of %zu bytes at 0x%" G_GINT64_MODIFIER "x goes past "
			    "its end (size 0x%" G_GINT64_MODIFIER "x)", dev->name,
			    sv_region_name(index), len, offset, r->size);
		return NULL;
	}
	if (!(r->flags & need)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED, "%s: %s is not %s", dev->name,
			    sv_region_name(index),
			    need == VFIO_REGION_INFO_FLAG_READ ? "readable" : "writable");
		return NULL;
	}
	return r;
}

/*
 * pread/pwrite the whole of [@offset, @offset+@len) of region @index at its
 * offset in the device fd: short transfers continue, EINTR retries.
 */
static gboolean region_io(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			  bool write, GError **error)
{
	SvVfio *v = dev->priv;
	const SvRegionInfo *r = region_for(dev, index, offset, len,
					   write ? VFIO_REGION_INFO_FLAG_WRITE :
						   VFIO_REGION_INFO_FLAG_READ, error);
	const char *verb = write ? "writing" : "reading";
	size_t done = 0;

	if (!r)
		return FALSE;
	while (done < len) {
		off_t at = (off_t)(r->offset + offset + done);
		ssize_t n = write ? pwrite(v->fd, (uint8_t *)buf + done, len - done, at)
				  : pread(v->fd, (uint8_t *)buf + done, len - done, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				sv_set_error_errno(error, errno, "%s: %s %zu bytes at %s+0x%"
						   G_GINT64_MODIFIER "x", dev->name, verb, len - done,
						   sv_region_name(index), offset + done);
			else
				g_set_error(error, SV_ERROR, SV_ERROR_IO,
					    "%s: %s %s+0x%" G_GINT64_MODIFIER "x: %s", dev->name,
					    verb, sv_region_name(index), offset + done,
					    write ? "nothing written" : "end of file");
			return FALSE;
		}
		done += (size_t)n;
	}
	return TRUE;
}

gboolean sv_vfio_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf,
			     size_t len, GError **error)
{
	return region_io(dev, index, offset, buf, len, false, error);
}

gboolean sv_vfio_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			      size_t len, GError **error)
{
	/* region_io() does not write to @buf when @write is set. */
	return region_io(dev, index, offset, (void *)buf, len, true, error);
}

void *sv_vfio_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
			  GError **error)
{
	SvVfio *v = dev->priv;
	const SvRegionInfo *r;
	int prot = 0;
	void *p;

	if (index >= v->n_regions)
		return NULL;
	r = &v->regions[index];
	if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP) || !size || offset > r->size ||
	    size > r->size - offset)
		return NULL;
	/* mmap works in pages: an unaligned window stays on the slow path. */
	if ((offset | size | r->offset) % sv_page_size())
		return NULL;
	if (r->flags & VFIO_REGION_INFO_FLAG_READ)
		prot |= PROT_READ;
	if (r->flags & VFIO_REGION_INFO_FLAG_WRITE)
		prot |= PROT_WRITE;
	p = mmap(NULL, size, prot, MAP_SHARED, v->fd, (off_t)(r->offset + offset));
	if (p == MAP_FAILED) {
		sv_set_error_errno(error, errno, "%s: mmap of %s [0x%" G_GINT64_MODIFIER "x +0x%zx]",
				   dev->name, sv_region_name(index), offset, size);
		return NULL;
	}
	return p;
}

void sv_vfio_region_munmap(SvDevice *dev, void *addr, size_t size)
{
	if (addr && munmap(addr, size) < 0)
		sv_warn("%s: munmap of a BAR window: %s", dev->name, g_strerror(errno));
}
