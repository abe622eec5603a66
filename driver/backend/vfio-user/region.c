// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * region.c - device regions over vfio-user: DEVICE_GET_REGION_INFO with its
 * capability chain (struct vfio_region_info + vfio_info_cap_header chain,
 * linux/vfio.h), REGION_READ/REGION_WRITE split at the server's
 * max_data_xfer_size, and mmap of the fds that come with MMAP regions
 * (vfio-user.rst, "VFIO_USER_DEVICE_GET_REGION_INFO", "Read and Write
 * Operations").
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* First ask: room for the fixed part and a sparse cap of SV_MAX_SPARSE areas. */
#define INFO_FIRST_ARGSZ (sizeof(struct vfio_region_info) + 512)
#define INFO_MAX_ARGSZ (64 * 1024)
#define INFO_TRIES 3

static void region_clear(VfuRegion *rg)
{
	for (unsigned i = 0; i < rg->n_fds; i++)
		if (rg->fds[i] >= 0)
			close(rg->fds[i]);
	memset(rg, 0, sizeof(*rg));
}

void vfu_regions_fini(VfuDev *v)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(v->regions); i++)
		region_clear(&v->regions[i]);
}

static gboolean bad_reply(GError **error, SvDevice *dev, uint32_t index, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
static gboolean bad_reply(GError **error, SvDevice *dev, uint32_t index, const char *fmt, ...)
{
	g_autofree char *why = NULL;
	va_list ap;

	va_start(ap, fmt);
	why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
		    "%s: malformed DEVICE_GET_REGION_INFO reply for %s: %s", dev->name,
		    sv_region_name(index), why);
	return FALSE;
}

gboolean vfu_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error)
{
	VfuDev *v = dev->priv;
	uint32_t argsz = INFO_FIRST_ARGSZ;
	struct vfio_region_info ri;
	VfuRegion *rg;
	VfuReply r = { 0 };
	size_t len;

	for (unsigned tries = 0;; tries++) {
		struct vfio_region_info req = { .argsz = argsz, .index = index };
		g_autofree char *what = g_strdup_printf("DEVICE_GET_REGION_INFO of %s",
							sv_region_name(index));
		struct iovec iov = { &req, sizeof(req) };

		if (!vfu_call(v->conn, VFU_CMD_DEVICE_GET_REGION_INFO, &iov, 1, NULL, 0,
			      VFU_CLIENT_MAX_FDS, &r, what, error))
			return FALSE;
		if (r.len < sizeof(ri)) {
			bad_reply(error, dev, index, "%zu bytes; the fixed part alone is %zu",
				  r.len, sizeof(ri));
			goto fail;
		}
		memcpy(&ri, r.data, sizeof(ri));
		/* argsz too small: the reply says how much is needed; ask again. */
		if (ri.argsz > argsz && r.len < ri.argsz) {
			if (tries + 1 >= INFO_TRIES || ri.argsz > INFO_MAX_ARGSZ) {
				bad_reply(error, dev, index, "asks for argsz %u after %u tries "
					  "(limit %d bytes)", ri.argsz, tries + 1, INFO_MAX_ARGSZ);
				goto fail;
			}
			argsz = ri.argsz;
			vfu_msg_clear(&r);
			continue;
		}
		break;
	}
	if (ri.index != index) {
		bad_reply(error, dev, index, "it describes region %u", ri.index);
		goto fail;
	}
	/* Capabilities lie within argsz and within what arrived. */
	len = MIN(r.len, (size_t)MAX(ri.argsz, (uint32_t)sizeof(ri)));
	info->index = index;
	info->flags = ri.flags;
	info->size = ri.size;
	info->offset = ri.offset;
	if (ri.flags & VFIO_REGION_INFO_FLAG_CAPS) {
		g_autofree char *what = g_strdup_printf("%s: malformed DEVICE_GET_REGION_INFO "
							"reply for %s", dev->name,
							sv_region_name(index));

		if (!sv_region_decode_caps(dev, info, r.data, len, ri.cap_offset, what, error))
			goto fail;
	}
	if (r.n_fds && !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP)) {
		bad_reply(error, dev, index, "%u file descriptor(s) for a region without the "
			  "MMAP flag", r.n_fds);
		goto fail;
	}

	/* Keep what mmap needs: the offset, the areas and the fds. */
	if (index < G_N_ELEMENTS(v->regions)) {
		rg = &v->regions[index];
		region_clear(rg);
		rg->valid = true;
		rg->flags = ri.flags;
		rg->size = ri.size;
		rg->offset = ri.offset;
		rg->n_sparse = info->n_sparse;
		memcpy(rg->sparse, info->sparse, sizeof(rg->sparse));
		for (unsigned i = 0; i < r.n_fds && i < G_N_ELEMENTS(rg->fds); i++)
			rg->fds[rg->n_fds++] = vfu_msg_take_fd(&r, i);
		if ((ri.flags & VFIO_REGION_INFO_FLAG_MMAP) && !rg->n_fds)
			sv_debug("%s: %s has the MMAP flag but came without an fd: using "
				 "REGION_READ/WRITE", dev->name, sv_region_name(index));
	}
	vfu_msg_clear(&r);
	return TRUE;
fail:
	vfu_msg_clear(&r);
	return FALSE;
}

void *vfu_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
		      GError **error)
{
	VfuDev *v = dev->priv;
	VfuRegion *rg;
	int fd, prot = 0;
	uint64_t at;
	void *p;

	if (index >= G_N_ELEMENTS(v->regions))
		return NULL;
	rg = &v->regions[index];
	if (!rg->valid) {
		SvRegionInfo tmp = { 0 };

		if (!vfu_region_info(dev, index, &tmp, error))
			return NULL;
	}
	if (!(rg->flags & VFIO_REGION_INFO_FLAG_MMAP) || !rg->n_fds)
		return NULL; /* not mappable: the core uses REGION_READ/WRITE */
	if (offset > rg->size || size > rg->size - offset) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: mmap of %s [0x%" G_GINT64_MODIFIER "x, +0x%zx) is outside the "
			    "region", dev->name, sv_region_name(index), offset, size);
		return NULL;
	}
	/* One fd per sparse area when the server sent one each, else the first for all. */
	fd = rg->fds[0];
	for (unsigned i = 0; i < rg->n_sparse; i++)
		if (rg->sparse[i].offset == offset && i < rg->n_fds)
			fd = rg->fds[i];
	/* The reply's offset is the mmap offset of the region in the fd (vfio-user.rst). */
	at = rg->offset + offset;
	if (at % sv_page_size()) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: %s area at 0x%" G_GINT64_MODIFIER "x maps from fd offset 0x%"
			    G_GINT64_MODIFIER "x, not page aligned", dev->name,
			    sv_region_name(index), offset, at);
		return NULL;
	}
	if (rg->flags & VFIO_REGION_INFO_FLAG_READ)
		prot |= PROT_READ;
	if (rg->flags & VFIO_REGION_INFO_FLAG_WRITE)
		prot |= PROT_WRITE;
	p = mmap(NULL, size, prot, MAP_SHARED, fd, (off_t)at);
	if (p == MAP_FAILED) {
		sv_set_error_errno(error, errno, "%s: mmap of %s at 0x%" G_GINT64_MODIFIER "x "
				   "(0x%zx bytes) from the server's fd", dev->name,
				   sv_region_name(index), offset, size);
		return NULL;
	}
	return p;
}

void vfu_region_munmap(SvDevice *dev, void *addr, size_t size)
{
	munmap(addr, size);
}

static gboolean check_range(SvDevice *dev, uint32_t index, uint64_t offset, size_t len,
			    GError **error)
{
	if (offset + len < offset || len > UINT32_MAX) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: access of %zu bytes at 0x%" G_GINT64_MODIFIER "x of %s wraps",
			    dev->name, len, offset, sv_region_name(index));
		return FALSE;
	}
	return TRUE;
}

gboolean vfu_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			 GError **error)
{
	VfuDev *v = dev->priv;

	if (!check_range(dev, index, offset, len, error))
		return FALSE;
	/* count <= the server's max_data_xfer_size: split (vfio-user.rst). */
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, v->xfer);
		struct vfu_region_access a = { .offset = offset + done, .region = index,
					       .count = (uint32_t)n };
		g_autofree char *what = g_strdup_printf(
			"REGION_READ of %s at 0x%" G_GINT64_MODIFIER "x (%zu bytes)",
			sv_region_name(index), a.offset, n);
		struct vfu_region_access ra;
		VfuReply r;

		if (!vfu_call_simple(v->conn, VFU_CMD_REGION_READ, &a, sizeof(a), &r, what, error))
			return FALSE;
		if (r.len >= sizeof(ra))
			memcpy(&ra, r.data, sizeof(ra));
		if (r.len < sizeof(ra) || ra.count != n || r.len - sizeof(ra) < n) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: the reply to %s is truncated: %zu bytes of payload, "
				    "count %u; expected %zu bytes of data", dev->name, what, r.len,
				    r.len >= sizeof(ra) ? ra.count : 0, n);
			vfu_msg_clear(&r);
			return FALSE;
		}
		memcpy((uint8_t *)buf + done, r.data + sizeof(ra), n);
		vfu_msg_clear(&r);
		done += n;
	}
	return TRUE;
}

gboolean vfu_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			  size_t len, GError **error)
{
	VfuDev *v = dev->priv;

	if (!check_range(dev, index, offset, len, error))
		return FALSE;
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, v->xfer);
		struct vfu_region_access a = { .offset = offset + done, .region = index,
					       .count = (uint32_t)n };
		struct iovec iov[2] = { { &a, sizeof(a) }, { (uint8_t *)buf + done, n } };
		g_autofree char *what = g_strdup_printf(
			"REGION_WRITE of %s at 0x%" G_GINT64_MODIFIER "x (%zu bytes)",
			sv_region_name(index), a.offset, n);
		struct vfu_region_access ra;
		VfuReply r;

		if (!vfu_call(v->conn, VFU_CMD_REGION_WRITE, iov, 2, NULL, 0, 0, &r, what, error))
			return FALSE;
		/* The reply echoes offset, region and count; some servers send nothing. */
		if (r.len >= sizeof(ra)) {
			memcpy(&ra, r.data, sizeof(ra));
			if (ra.count != n) {
				g_set_error(error, SV_ERROR, SV_ERROR_IO,
					    "%s: %s: the server wrote %u of %zu bytes", dev->name,
					    what, ra.count, n);
				vfu_msg_clear(&r);
				return FALSE;
			}
		} else if (r.len) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: the reply to %s is truncated (%zu bytes)", dev->name, what,
				    r.len);
			vfu_msg_clear(&r);
			return FALSE;
		}
		vfu_msg_clear(&r);
		done += n;
	}
	return TRUE;
}

gboolean vfu_region_post(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error)
{
	VfuDev *v = dev->priv;
	struct vfu_region_access a = { .offset = offset, .region = index, .count = (uint32_t)len };
	struct iovec iov[2] = { { &a, sizeof(a) }, { (void *)buf, len } };
	char what[64];

	/* Register writes are a few bytes; anything larger goes replied. */
	if (len > v->xfer || index == SV_REGION_CONFIG)
		return vfu_region_write(dev, index, offset, buf, len, error);
	if (!check_range(dev, index, offset, len, error))
		return FALSE;
	g_snprintf(what, sizeof(what), "REGION_WRITE of %s at 0x%" G_GINT64_MODIFIER "x (%zu bytes)",
		   sv_region_name(index), offset, len);
	return vfu_post(v->conn, VFU_CMD_REGION_WRITE, iov, 2, what, error);
}
