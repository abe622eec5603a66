// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * negotiate.c - the first two messages on a connection: VERSION (propose
 * 0.2 and our capabilities, learn the server's) and DEVICE_GET_INFO
 * (vfio-user.rst, "VFIO_USER_VERSION", "VFIO_USER_DEVICE_GET_INFO").
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

#include <string.h>

/*
 * What we propose: only what this client implements (no twin socket, no
 * migration, no write_multiple): the fds and the transfer size we accept.
 */
static char *proposal(void)
{
	const VfuCaps ours = { .max_msg_fds = VFU_CLIENT_MAX_FDS,
			       .max_data_xfer_size = VFU_CLIENT_MAX_XFER };

	return vfu_caps_write(&ours);
}

gboolean vfu_negotiate(VfuDev *v, GError **error)
{
	g_autofree char *json = proposal();
	struct vfu_version ver = { .major = VFU_MAJOR, .minor = VFU_MINOR };
	struct iovec iov[2] = { { &ver, sizeof(ver) }, { json, strlen(json) + 1 } };
	VfuReply r;
	struct vfu_version sv;
	VfuCaps caps = {
		.max_msg_fds = VFU_DEFAULT_SERVER_FDS,
		.max_data_xfer_size = VFU_DEFAULT_MAX_DATA_XFER,
		.pgsizes = VFU_DEFAULT_PGSIZES,
		.max_dma_maps = VFU_DEFAULT_MAX_DMA_MAPS,
	};
	g_autoptr(GError) jerr = NULL;

	if (!vfu_call(v->conn, VFU_CMD_VERSION, iov, 2, NULL, 0, 0, &r, "VERSION", error))
		return FALSE;
	if (r.len < sizeof(sv)) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the VERSION reply holds %zu bytes; a version needs %zu",
			    v->devname, r.len, sizeof(sv));
		vfu_msg_clear(&r);
		return FALSE;
	}
	memcpy(&sv, r.data, sizeof(sv));
	v->server_major = sv.major;
	v->server_minor = sv.minor;
	if (sv.major != VFU_MAJOR) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the vfio-user server at %s speaks protocol %u.%u; this client "
			    "speaks %u.%u (majors must match): use a server for protocol %u.x",
			    v->devname, v->path, sv.major, sv.minor, VFU_MAJOR, VFU_MINOR,
			    VFU_MAJOR);
		vfu_msg_clear(&r);
		return FALSE;
	}
	/* The server must answer a minor <= ours; take the smaller either way. */
	if (sv.minor > VFU_MINOR)
		sv_debug("%s: server answered minor %u to our %u; using %u", v->devname, sv.minor,
			 VFU_MINOR, VFU_MINOR);
	v->major = VFU_MAJOR;
	v->minor = MIN(sv.minor, VFU_MINOR);

	if (!vfu_caps_parse((const char *)r.data + sizeof(sv), r.len - sizeof(sv), &caps,
			    VFU_CAPS_STRICT, &jerr)) {
		g_autofree char *text = g_strndup((const char *)r.data + sizeof(sv),
						  MIN(r.len - sizeof(sv), 200));

		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL, "%s: %s: '%s'", v->devname,
			    jerr->message, text);
		vfu_msg_clear(&r);
		return FALSE;
	}
	vfu_msg_clear(&r);
	if (!caps.max_data_xfer_size) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the vfio-user server announces max_data_xfer_size 0: no "
			    "region could be read", v->devname);
		return FALSE;
	}
	v->caps = caps;
	/* REGION_READ replies come to us: bounded by our limit too. */
	v->xfer = (size_t)MIN(caps.max_data_xfer_size, (uint64_t)VFU_CLIENT_MAX_XFER);
	sv_debug("%s: protocol %u.%u, server max_msg_fds %" G_GUINT64_FORMAT
		 " max_data_xfer_size %" G_GUINT64_FORMAT " pgsizes 0x%" G_GINT64_MODIFIER "x"
		 " max_dma_maps %" G_GUINT64_FORMAT, v->devname, v->major, v->minor,
		 caps.max_msg_fds, caps.max_data_xfer_size, caps.pgsizes, caps.max_dma_maps);
	return TRUE;
}

/* Bounds a sane server stays within (QEMU's client guards against the same). */
#define VFU_MAX_REGIONS 100
#define VFU_MAX_IRQS 50

gboolean vfu_get_device_info(VfuDev *v, SvDeviceInfo *info, GError **error)
{
	struct vfio_device_info req = { .argsz = sizeof(req) };
	struct vfio_device_info di;
	VfuReply r;

	/* vfio-user.rst: argsz 16, everything else zero. */
	req.argsz = 16;
	if (!vfu_call_simple(v->conn, VFU_CMD_DEVICE_GET_INFO, &req, 16, &r, "DEVICE_GET_INFO",
			     error))
		return FALSE;
	if (r.len < 16) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the DEVICE_GET_INFO reply holds %zu bytes; 16 expected",
			    v->devname, r.len);
		vfu_msg_clear(&r);
		return FALSE;
	}
	memset(&di, 0, sizeof(di));
	memcpy(&di, r.data, 16);
	vfu_msg_clear(&r);
	if (di.num_regions > VFU_MAX_REGIONS || di.num_irqs > VFU_MAX_IRQS) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the vfio-user server reports %u regions and %u IRQ indices "
			    "(limits %d and %d): refusing the device", v->devname,
			    di.num_regions, di.num_irqs, VFU_MAX_REGIONS, VFU_MAX_IRQS);
		return FALSE;
	}
	info->flags = di.flags;
	/* Indices past what the device API names are left out. */
	info->num_regions = MIN(di.num_regions, (uint32_t)SV_REGION_MAX);
	info->num_irqs = MIN(di.num_irqs, (uint32_t)SV_IRQ_NUM_INDICES);
	if (info->num_regions != di.num_regions || info->num_irqs != di.num_irqs)
		sv_debug("%s: server reports %u regions / %u irq indices; using %u / %u",
			 v->devname, di.num_regions, di.num_irqs, info->num_regions,
			 info->num_irqs);
	return TRUE;
}
