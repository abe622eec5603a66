// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - VFIO capability chains (struct vfio_info_cap_header, linux/vfio.h),
 * walked and decoded once for every backend that receives them: the kernel's
 * *_INFO ioctls and vfio-user's DEVICE_GET_REGION_INFO replies.
 *
 * A chain is a list of {id, version, next} headers inside the info buffer,
 * "next" an offset from the buffer's start, 0 ending it.  Every offset is
 * checked against the buffer and must grow, so a corrupt chain (a kernel bug,
 * or a hostile vfio-user server) can neither read outside the buffer nor loop.
 */
#define SV_LOG_PREFIX "caps"
#include "sofvfio/log.h"
#include "backend.h"

#include <string.h>

gboolean sv_walk_caps(const void *buf, size_t len, uint32_t first, size_t min_offset,
		      SvCapFunc fn, void *data, const char *what, GError **error)
{
	uint32_t off = first;

	for (unsigned n = 0; off; n++) {
		struct vfio_info_cap_header hdr;
		size_t avail;

		if (n >= SV_MAX_CAPS) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: more than %d capabilities in the chain; refusing to go on",
				    what, SV_MAX_CAPS);
			return FALSE;
		}
		if (off < min_offset || off > len || len - off < sizeof(hdr)) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: capability at offset %u lies outside the %zu-byte info "
				    "buffer (fixed part: %zu bytes)", what, off, len, min_offset);
			return FALSE;
		}
		memcpy(&hdr, (const uint8_t *)buf + off, sizeof(hdr));
		if (hdr.next && hdr.next <= off) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: capability %u at offset %u points back to offset %u "
				    "(a loop)", what, hdr.id, off, hdr.next);
			return FALSE;
		}
		/* A capability ends where the next one starts, or at the buffer's end. */
		avail = (hdr.next && hdr.next < len ? hdr.next : len) - off;
		if (!fn(&hdr, (const uint8_t *)buf + off, avail, data, error))
			return FALSE;
		off = hdr.next;
	}
	return TRUE;
}

typedef struct {
	SvDevice *dev;
	SvRegionInfo *info;
	const char *what;
} RegionCtx;

static gboolean cap_too_short(const RegionCtx *ctx, const struct vfio_info_cap_header *hdr,
			      size_t avail, GError **error)
{
	g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
		    "%s: capability %u does not fit in its %zu bytes", ctx->what, hdr->id, avail);
	return FALSE;
}

/* VFIO_REGION_INFO_CAP_SPARSE_MMAP: the parts of the region that may be mapped. */
static gboolean sparse_cap(const RegionCtx *ctx, const struct vfio_info_cap_header *hdr,
			   const void *cap, size_t avail, GError **error)
{
	SvRegionInfo *info = ctx->info;
	struct vfio_region_info_cap_sparse_mmap sm;
	const uint8_t *areas = (const uint8_t *)cap + sizeof(sm);

	if (avail < sizeof(sm))
		return cap_too_short(ctx, hdr, avail, error);
	memcpy(&sm, cap, sizeof(sm));
	if (sm.nr_areas > (avail - sizeof(sm)) / sizeof(struct vfio_region_sparse_mmap_area))
		return cap_too_short(ctx, hdr, avail, error);
	for (uint32_t i = 0; i < sm.nr_areas; i++) {
		struct vfio_region_sparse_mmap_area a;

		memcpy(&a, areas + i * sizeof(a), sizeof(a));
		if (!a.size)
			continue;
		/* Mapping outside the region would reach memory that is not the device's. */
		if (a.offset > info->size || a.size > info->size - a.offset) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: sparse mmap area %u [0x%" G_GINT64_MODIFIER "x, +0x%"
				    G_GINT64_MODIFIER "x) lies outside the 0x%" G_GINT64_MODIFIER
				    "x-byte region", ctx->what, i, (uint64_t)a.offset,
				    (uint64_t)a.size, info->size);
			return FALSE;
		}
		if (info->n_sparse >= SV_MAX_SPARSE) {
			/* Harmless: the rest of the region goes through read/write. */
			sv_warn("%s: %u sparse mmap areas; only the first %d are mapped",
				ctx->what, sm.nr_areas, SV_MAX_SPARSE);
			break;
		}
		info->sparse[info->n_sparse++] = (SvSparseArea){ a.offset, a.size };
	}
	return TRUE;
}

static gboolean region_cap(const struct vfio_info_cap_header *hdr, const void *cap,
			   size_t avail, void *data, GError **error)
{
	const RegionCtx *ctx = data;
	SvRegionInfo *info = ctx->info;

	if (info->n_caps < SV_MAX_CAPS) {
		info->cap_ids[info->n_caps] = hdr->id;
		info->cap_versions[info->n_caps] = hdr->version;
		info->n_caps++;
	}
	switch (hdr->id) {
	case VFIO_REGION_INFO_CAP_SPARSE_MMAP:
		return sparse_cap(ctx, hdr, cap, avail, error);
	case VFIO_REGION_INFO_CAP_TYPE: {
		struct vfio_region_info_cap_type t;

		if (avail < sizeof(t))
			return cap_too_short(ctx, hdr, avail, error);
		memcpy(&t, cap, sizeof(t));
		info->has_type = true;
		info->type = t.type;
		info->subtype = t.subtype;
		return TRUE;
	}
	case VFIO_REGION_INFO_CAP_MSIX_MAPPABLE:
		info->msix_mappable = true; /* a header only: the MSI-X table may be mapped */
		return TRUE;
	default:
		return TRUE; /* recorded by id; nothing of it is used here */
	}
}

gboolean sv_region_decode_caps(SvDevice *dev, SvRegionInfo *info, const void *buf, size_t len,
			       uint32_t cap_offset, const char *what, GError **error)
{
	RegionCtx ctx = { dev, info, what };

	return sv_walk_caps(buf, len, cap_offset, sizeof(struct vfio_region_info), region_cap,
			    &ctx, what, error);
}
