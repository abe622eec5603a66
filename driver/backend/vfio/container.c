// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * container.c - the VFIO container (/dev/vfio/vfio): API version,
 * extensions, the IOMMU model (type1v2, type1 as fall-back), its usable
 * IOVA ranges, and DMA mappings (VFIO_IOMMU_MAP_DMA / UNMAP_DMA).
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define VFIO_CONTAINER_NODE "/dev/vfio/vfio"
#define DMA_ENTRY_LIMIT "/sys/module/vfio_iommu_type1/parameters/dma_entry_limit"

/* VFIO_CHECK_EXTENSION arguments (linux/vfio.h), by number. */
static const char *const ext_names[] = {
	[VFIO_TYPE1_IOMMU] = "TYPE1",
	[VFIO_SPAPR_TCE_IOMMU] = "SPAPR_TCE",
	[VFIO_TYPE1v2_IOMMU] = "TYPE1v2",
	[VFIO_DMA_CC_IOMMU] = "DMA_CC",
	[VFIO_EEH] = "EEH",
	[VFIO_TYPE1_NESTING_IOMMU] = "TYPE1_NESTING",
	[VFIO_SPAPR_TCE_v2_IOMMU] = "SPAPR_TCE_v2",
	[VFIO_NOIOMMU_IOMMU] = "NOIOMMU",
	[VFIO_UNMAP_ALL] = "UNMAP_ALL",
	[VFIO_UPDATE_VADDR] = "UPDATE_VADDR",
};

const char *sv_vfio_iommu_type_name(int type)
{
	if (type > 0 && (size_t)type < G_N_ELEMENTS(ext_names) && ext_names[type])
		return ext_names[type];
	return "none";
}

/*
 * Before SET_IOMMU every IOMMU driver answers; after it, the chosen one does,
 * for its domain (DMA_CC, cache coherency, only shows up then).
 */
static void check_extensions(SvVfioContainer *c)
{
	c->extensions = 0;
	for (int ext = 1; ext < 32; ext++)
		if (sv_vfio_ioctl(c->fd, VFIO_CHECK_EXTENSION, (void *)(intptr_t)ext) > 0)
			c->extensions |= 1u << ext;
}

SvVfioContainer *sv_vfio_container_open(GError **error)
{
	SvVfioContainer *c = g_new0(SvVfioContainer, 1);

	c->dma_avail = -1;
	c->iova_ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	c->fd = open(VFIO_CONTAINER_NODE, O_RDWR | O_CLOEXEC);
	if (c->fd < 0) {
		int err = errno;

		if (err == ENOENT)
			g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
				    "%s does not exist: load the VFIO modules (modprobe vfio-pci)",
				    VFIO_CONTAINER_NODE);
		else
			sv_set_error_errno(error, err, "opening the VFIO container %s%s",
					   VFIO_CONTAINER_NODE, err == EACCES ?
					   " (run as root, or make it mode 0666 as udev does)" : "");
		sv_vfio_container_close(c);
		return NULL;
	}
	c->api_version = sv_vfio_ioctl(c->fd, VFIO_GET_API_VERSION, NULL);
	if (c->api_version != VFIO_API_VERSION) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: VFIO API version %d, this program speaks version %d",
			    VFIO_CONTAINER_NODE, c->api_version, VFIO_API_VERSION);
		sv_vfio_container_close(c);
		return NULL;
	}
	check_extensions(c);
	if (!(c->extensions & (1u << VFIO_TYPE1v2_IOMMU | 1u << VFIO_TYPE1_IOMMU))) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s offers no type1 IOMMU (extensions 0x%x)%s; load vfio_iommu_type1",
			    VFIO_CONTAINER_NODE, c->extensions,
			    c->extensions & (1u << VFIO_NOIOMMU_IOMMU) ?
			    ", only the unsafe no-IOMMU mode, which this driver does not use" : "");
		sv_vfio_container_close(c);
		return NULL;
	}
	return c;
}

/* IOVA range capability: copy the ranges into c->iova_ranges. */
static gboolean iommu_cap(const struct vfio_info_cap_header *hdr, const void *cap, size_t avail,
			  void *data, GError **error)
{
	SvVfioContainer *c = data;

	if (hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
		struct vfio_iommu_type1_info_cap_iova_range r;
		const struct vfio_iova_range *ranges;

		if (avail < sizeof(r))
			goto short_cap;
		memcpy(&r, cap, sizeof(r));
		if (r.nr_iovas > (avail - sizeof(r)) / sizeof(struct vfio_iova_range))
			goto short_cap;
		ranges = (const struct vfio_iova_range *)((const uint8_t *)cap + sizeof(r));
		g_array_set_size(c->iova_ranges, 0);
		for (uint32_t i = 0; i < r.nr_iovas; i++) {
			struct vfio_iova_range one;

			memcpy(&one, &ranges[i], sizeof(one));
			if (one.end < one.start)
				continue;
			g_array_append_val(c->iova_ranges, one.start);
			g_array_append_val(c->iova_ranges, one.end);
		}
	} else if (hdr->id == VFIO_IOMMU_TYPE1_INFO_DMA_AVAIL) {
		struct vfio_iommu_type1_info_dma_avail a;

		if (avail < sizeof(a))
			goto short_cap;
		memcpy(&a, cap, sizeof(a));
		c->dma_avail = a.avail;
	}
	return TRUE;

short_cap:
	g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
		    "VFIO_IOMMU_GET_INFO: capability %u does not fit in its %zu bytes", hdr->id,
		    avail);
	return FALSE;
}

static gboolean get_iommu_info(SvVfioContainer *c, GError **error)
{
	struct vfio_iommu_type1_info fixed = { .argsz = sizeof(fixed) };
	g_autofree struct vfio_iommu_type1_info *info = NULL;
	size_t len;
	int err;

	info = sv_vfio_get_info(c->fd, VFIO_IOMMU_GET_INFO, &fixed, sizeof(fixed), &len, &err);
	if (!info) {
		sv_set_error_errno(error, err, "VFIO_IOMMU_GET_INFO on the %s container",
				   sv_vfio_iommu_type_name(c->iommu_type));
		return FALSE;
	}
	return sv_vfio_iommu_info_decode(c, info, len, error);
}

gboolean sv_vfio_iommu_info_decode(SvVfioContainer *c, const struct vfio_iommu_type1_info *info,
				   size_t len, GError **error)
{
	c->info_flags = info->flags;
	c->iova_pgsizes = info->flags & VFIO_IOMMU_INFO_PGSIZES ? info->iova_pgsizes : 0;
	if (!(info->flags & VFIO_IOMMU_INFO_CAPS) || !info->cap_offset)
		return TRUE; /* old kernel: no IOVA ranges reported, the core assumes all */
	return sv_walk_caps(info, len, info->cap_offset, sizeof(*info), iommu_cap, c,
			    "VFIO_IOMMU_GET_INFO", error);
}

gboolean sv_vfio_container_set_iommu(SvVfioContainer *c, GError **error)
{
	int type = c->extensions & (1u << VFIO_TYPE1v2_IOMMU) ? VFIO_TYPE1v2_IOMMU :
		   VFIO_TYPE1_IOMMU;

	if (c->iommu_type)
		return TRUE; /* a second group in the same container */
	if (sv_vfio_ioctl(c->fd, VFIO_SET_IOMMU, (void *)(intptr_t)type) < 0) {
		sv_set_error_errno(error, errno, "VFIO_SET_IOMMU(%s) on %s",
				   sv_vfio_iommu_type_name(type), VFIO_CONTAINER_NODE);
		return FALSE;
	}
	c->iommu_type = type;
	check_extensions(c);
	return get_iommu_info(c, error);
}

/* What bounds pinned memory, for the error message of a failed map. */
static char *dma_limits(SvVfioContainer *c)
{
	g_autofree char *limit = NULL;
	GString *s = g_string_new(NULL);
	char *rl = sv_vfio_memlock_limit();

	g_string_append(s, rl);
	g_free(rl);
	if (g_file_get_contents(DMA_ENTRY_LIMIT, &limit, NULL, NULL))
		g_string_append_printf(s, "; %s is %s", DMA_ENTRY_LIMIT, g_strstrip(limit));
	if (c->dma_avail >= 0)
		g_string_append_printf(s, "; %" G_GINT64_FORMAT " mappings were available at open",
				       c->dma_avail);
	return g_string_free(s, FALSE);
}

gboolean sv_vfio_container_dma_map(SvVfioContainer *c, void *vaddr, uint64_t iova,
				   uint64_t size, GError **error)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};
	int err;

	if (sv_vfio_ioctl(c->fd, VFIO_IOMMU_MAP_DMA, &map) == 0)
		return TRUE;
	err = errno;
	if (err == EEXIST) {
		sv_set_error_errno(error, err, "VFIO_IOMMU_MAP_DMA of 0x%" G_GINT64_MODIFIER
				   "x bytes at IOVA 0x%" G_GINT64_MODIFIER "x: the range is "
				   "already mapped", size, iova);
	} else if (err == ENOMEM || err == ENOSPC || err == EPERM) {
		g_autofree char *why = dma_limits(c);

		sv_set_error_errno(error, err, "VFIO_IOMMU_MAP_DMA of 0x%" G_GINT64_MODIFIER
				   "x bytes at IOVA 0x%" G_GINT64_MODIFIER "x: cannot pin that "
				   "memory (%s)", size, iova, why);
	} else {
		sv_set_error_errno(error, err, "VFIO_IOMMU_MAP_DMA of 0x%" G_GINT64_MODIFIER
				   "x bytes at IOVA 0x%" G_GINT64_MODIFIER "x", size, iova);
	}
	return FALSE;
}

gboolean sv_vfio_container_dma_unmap(SvVfioContainer *c, uint64_t iova, uint64_t size,
				     GError **error)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (sv_vfio_ioctl(c->fd, VFIO_IOMMU_UNMAP_DMA, &unmap) < 0) {
		sv_set_error_errno(error, errno, "VFIO_IOMMU_UNMAP_DMA of 0x%" G_GINT64_MODIFIER
				   "x bytes at IOVA 0x%" G_GINT64_MODIFIER "x", size, iova);
		return FALSE;
	}
	/* The kernel returns how much it unmapped: all of it, or the mapping was not ours. */
	if (unmap.size != size) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO,
			    "VFIO_IOMMU_UNMAP_DMA at IOVA 0x%" G_GINT64_MODIFIER "x unmapped 0x%"
			    G_GINT64_MODIFIER "x bytes, not 0x%" G_GINT64_MODIFIER "x",
			    iova, (uint64_t)unmap.size, size);
		return FALSE;
	}
	return TRUE;
}

static void append_pgsizes(GString *out, uint64_t pgsizes)
{
	static const char *const units[] = { "", "K", "M", "G", "T" };

	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t sz = 1ull << bit;
		unsigned u = 0;

		if (!(pgsizes & sz))
			continue;
		while (u + 1 < G_N_ELEMENTS(units) && sz >= 1024 && !(sz % 1024)) {
			sz /= 1024;
			u++;
		}
		g_string_append_printf(out, " %" G_GUINT64_FORMAT "%s", sz, units[u]);
	}
}

void sv_vfio_container_describe(SvVfioContainer *c, GString *out)
{
	g_string_append_printf(out, "vfio api version: %d\n", c->api_version);
	g_string_append(out, "vfio extensions:");
	for (int ext = 1; ext < 32; ext++)
		if (c->extensions & (1u << ext)) {
			if ((size_t)ext < G_N_ELEMENTS(ext_names) && ext_names[ext])
				g_string_append_printf(out, " %s", ext_names[ext]);
			else
				g_string_append_printf(out, " EXT%d", ext);
		}
	g_string_append_printf(out, "\niommu type: %s%s\n", sv_vfio_iommu_type_name(c->iommu_type),
			       c->iommu_type == VFIO_TYPE1_IOMMU ? " (TYPE1v2 not offered)" : "");
	if (c->iova_pgsizes) {
		g_string_append(out, "iommu page sizes:");
		append_pgsizes(out, c->iova_pgsizes);
		g_string_append_c(out, '\n');
	}
	sv_vfio_append_ranges(out, c->iova_ranges);
	if (c->dma_avail >= 0)
		g_string_append_printf(out, "dma mappings available: %" G_GINT64_FORMAT "\n",
				       c->dma_avail);
	g_string_append_printf(out, "container fd: %d (%s)\n", c->fd, VFIO_CONTAINER_NODE);
}

void sv_vfio_container_close(SvVfioContainer *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	g_array_unref(c->iova_ranges);
	g_free(c);
}
