// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-vfio-caps.c - the kernel backend's decoders of *_INFO answers with
 * capability chains (driver/backend/vfio, walking with driver/core/caps.c):
 * any bytes as the VFIO_DEVICE_GET_REGION_INFO or VFIO_IOMMU_GET_INFO
 * buffer the kernel filled.  Input: one byte (even: region, odd: IOMMU),
 * then the buffer (zero-padded to the fixed struct, as the ioctl's is).
 * What is accepted must be sane: sparse areas inside the region, every
 * IOVA range in order.
 */
#include "fuzz.h"
#include "vfio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

static void region(const uint8_t *p, size_t len)
{
	SvDevice dev = { .name = (char *)"fuzz" };
	g_autoptr(GError) err = NULL;
	g_autofree uint8_t *buf = g_malloc0(MAX(len, sizeof(struct vfio_region_info)));
	SvRegionInfo info;

	memcpy(buf, p, len);
	len = MAX(len, sizeof(struct vfio_region_info));
	if (!sv_vfio_region_info_decode(&dev, VFIO_PCI_BAR0_REGION_INDEX,
					(const struct vfio_region_info *)buf, len, &info, &err)) {
		if (!err)
			abort();
		return;
	}
	if (info.n_caps > SV_MAX_CAPS || info.n_sparse > SV_MAX_SPARSE)
		abort();
	for (unsigned i = 0; i < info.n_sparse; i++)
		if (!info.sparse[i].size || info.sparse[i].offset > info.size ||
		    info.sparse[i].size > info.size - info.sparse[i].offset)
			abort();
}

static void iommu(const uint8_t *p, size_t len)
{
	SvVfioContainer c = { .dma_avail = -1 };
	g_autoptr(GError) err = NULL;
	g_autofree uint8_t *buf = g_malloc0(MAX(len, sizeof(struct vfio_iommu_type1_info)));

	memcpy(buf, p, len);
	len = MAX(len, sizeof(struct vfio_iommu_type1_info));
	c.iova_ranges = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	if (sv_vfio_iommu_info_decode(&c, (const struct vfio_iommu_type1_info *)buf, len, &err)) {
		if (c.iova_ranges->len % 2)
			abort();
		for (guint i = 0; i < c.iova_ranges->len; i += 2)
			if (g_array_index(c.iova_ranges, uint64_t, i) >
			    g_array_index(c.iova_ranges, uint64_t, i + 1))
				abort();
	} else if (!err) {
		abort();
	}
	g_array_unref(c.iova_ranges);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		iommu(data + 1, size - 1);
	else
		region(data + 1, size - 1);
	return 0;
}
