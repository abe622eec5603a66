// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops.c - the vfio-user backend's ops table: `vfio-user:PATH` names a
 * server listening on the UNIX socket PATH (sofvfio-emu, or any vfio-user
 * 0.x server such as libvfio-user's samples).
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

static void vfu_free(VfuDev *v)
{
	/* The thread goes first: it reads the DMA windows. */
	vfu_conn_close(v->conn);
	vfu_regions_fini(v);
	vfu_dma_fini(v);
	g_free(v->path);
	g_free(v);
}

static gboolean vfu_open(SvDevice *dev, const char *spec, GError **error)
{
	VfuDev *v = g_new0(VfuDev, 1);

	v->path = g_strdup(spec);
	v->devname = dev->name;
	if (!vfu_dma_init(v, error))
		goto fail;
	v->conn = vfu_conn_connect(spec, dev->name, error);
	if (!v->conn)
		goto fail;
	vfu_conn_set_server(v->conn, vfu_dma_serve, v);
	if (!vfu_conn_start(v->conn, error) || !vfu_negotiate(v, error) ||
	    !vfu_get_device_info(v, &dev->info, error))
		goto fail;
	dev->priv = v;
	/* vfio-pci enables memory decoding at open (vfio_pci_core_enable()), and
	 * firmware placed the BARs long before: both, for every backend alike. */
	if (!vfu_place_bars(dev, error)) {
		dev->priv = NULL;
		goto fail;
	}
	return TRUE;
fail:
	/* Once connected, the step: the session is over before it began. */
	if (v->conn)
		g_prefix_error(error, "opening the device: ");
	vfu_free(v);
	return FALSE;
}

static void vfu_close(SvDevice *dev)
{
	VfuDev *v = dev->priv;

	if (!v)
		return;
	vfu_free(v);
	dev->priv = NULL;
}

static void vfu_describe(SvDevice *dev, GString *out)
{
	VfuDev *v = dev->priv;
	uint64_t rd, wr, refused, served;
	unsigned shared, message;

	served = vfu_conn_served(v->conn, &rd, &wr, &refused);
	vfu_dma_count(v, &shared, &message);
	g_string_append_printf(out, "vfio-user socket: %s\n", v->path);
	g_string_append_printf(out, "vfio-user protocol: %u.%u (server answered %u.%u, we "
			       "proposed %u.%u)\n", v->major, v->minor, v->server_major,
			       v->server_minor, VFU_MAJOR, VFU_MINOR);
	g_string_append_printf(out, "vfio-user server max_msg_fds: %" G_GUINT64_FORMAT "\n",
			       v->caps.max_msg_fds);
	g_string_append_printf(out, "vfio-user server max_data_xfer_size: %" G_GUINT64_FORMAT
			       "\n", v->caps.max_data_xfer_size);
	g_string_append_printf(out, "vfio-user server pgsizes: 0x%" G_GINT64_MODIFIER "x\n",
			       v->caps.pgsizes);
	g_string_append_printf(out, "vfio-user server max_dma_maps: %" G_GUINT64_FORMAT "\n",
			       v->caps.max_dma_maps);
	g_string_append_printf(out, "vfio-user transfer size: %zu bytes per message\n", v->xfer);
	g_string_append_printf(out, "vfio-user DMA: %s%s\n", vfu_dma_mode_name(v->dma_mode),
			       v->dma_mode_forced ? " (set by SOFVFIO_VFU_DMA)" : "");
	g_string_append_printf(out, "vfio-user DMA mappings: %u shared, %u by messages\n",
			       shared, message);
	g_string_append_printf(out, "vfio-user DMA requests served: %" G_GUINT64_FORMAT
			       " (%" G_GUINT64_FORMAT " bytes read, %" G_GUINT64_FORMAT
			       " written, %" G_GUINT64_FORMAT " refused)\n", served, rd, wr,
			       refused);
	g_string_append_printf(out, "vfio-user reply timeout: %d ms\n",
			       vfu_conn_timeout_ms(v->conn));
}

static gboolean vfu_gone(SvDevice *dev, GError **why)
{
	VfuDev *v = dev->priv;

	if (!v)
		return FALSE;
	/* Posted writes unconfirmed: one round trip says whether the server took them. */
	vfu_conn_sync(v->conn, NULL);
	return vfu_conn_dead(v->conn, why);
}

static gboolean vfu_reset(SvDevice *dev, GError **error)
{
	VfuDev *v = dev->priv;
	VfuReply r;

	if (!vfu_call_simple(v->conn, VFU_CMD_DEVICE_RESET, NULL, 0, &r, "DEVICE_RESET", error))
		return FALSE;
	vfu_msg_clear(&r);
	/* A reset clears the BARs of a function that models them (QEMU's does):
	 * place them again, as vfio-pci restores config space around its resets. */
	return vfu_place_bars(dev, error);
}

const SvBackendOps sv_backend_vfio_user = {
	.name = "vfio-user",
	.prefix = "vfio-user:",
	.open = vfu_open,
	.close = vfu_close,
	.describe = vfu_describe,
	.region_info = vfu_region_info,
	.region_read = vfu_region_read,
	.region_write = vfu_region_write,
	.region_post = vfu_region_post,
	.region_mmap = vfu_region_mmap,
	.region_munmap = vfu_region_munmap,
	.irq_info = vfu_irq_info,
	.irq_set = vfu_irq_set,
	.reset = vfu_reset,
	.mem_alloc = vfu_mem_alloc,
	.mem_free = vfu_mem_free,
	.dma_map = vfu_dma_map,
	.dma_unmap = vfu_dma_unmap,
	.iova_ranges = NULL, /* the whole space: a vfio-user server has no IOMMU windows */
	.gone = vfu_gone,
	.has_iommu = FALSE,
};
