// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * version.c - VFIO_USER_VERSION (vfio-user.rst "Version"): read the client's
 * proposal leniently, answer strictly: the same major, the smaller minor,
 * and only capabilities this server implements.
 */
#define SV_LOG_PREFIX "version"
#include "sofvfio/log.h"
#include "server-priv.h"

#include <errno.h>
#include <string.h>

int emu_version_negotiate(EmuServer *srv, const VfuMsg *msg, GByteArray *out)
{
	const struct vfu_version *v = (const void *)msg->data;
	VfuCaps caps = {
		/* Defaults of vfio-user.rst for what the client does not state. */
		.max_msg_fds = 1,
		.max_data_xfer_size = VFU_DEFAULT_MAX_DATA_XFER,
		.pgsizes = EMU_PGSIZE,
		.max_dma_maps = 65535,
	};
	g_autoptr(GError) err = NULL;
	g_autofree char *json = NULL;
	struct vfu_version reply;
	const char *text;
	size_t text_len;

	if (msg->len < sizeof(*v))
		return EINVAL;
	if (srv->negotiated) {
		sv_warn("second VERSION on the same connection refused");
		return EINVAL;
	}
	if (v->major != VFU_MAJOR) {
		sv_warn("client proposes protocol %u.%u; this server speaks %u.x only", v->major,
			v->minor, VFU_MAJOR);
		return ENOTSUP;
	}
	/* The JSON is optional and should end with a NUL; take it without one too. */
	text = (const char *)msg->data + sizeof(*v);
	text_len = msg->len - sizeof(*v);
	if (memchr(text, 0, text_len))
		text_len = strlen(text);
	if (!vfu_caps_parse(text, text_len, &caps, VFU_CAPS_LENIENT, &err)) {
		sv_warn("VERSION refused: %s", err->message);
		return EINVAL;
	}
	/* Nothing could be moved by message with a limit of 0 (and it is a 64-bit count). */
	if (!caps.max_data_xfer_size) {
		sv_warn("VERSION refused: max_data_xfer_size 0");
		return EINVAL;
	}
	srv->peer = caps;
	srv->minor = MIN(v->minor, VFU_MINOR);
	srv->negotiated = TRUE;

	reply.major = VFU_MAJOR;
	reply.minor = srv->minor;
	json = vfu_caps_write(&(VfuCaps){ .max_msg_fds = EMU_MAX_MSG_FDS,
					  .max_data_xfer_size = EMU_MAX_DATA_XFER,
					  .pgsizes = EMU_PGSIZE, .max_dma_maps = EMU_MAX_DMA_MAPS });
	g_byte_array_append(out, (const guint8 *)&reply, sizeof(reply));
	g_byte_array_append(out, (const guint8 *)json, strlen(json) + 1);
	sv_info("client speaks %u.%u (proposed %u.%u); it takes %" G_GUINT64_FORMAT
		" fds and %" G_GUINT64_FORMAT " bytes per message", VFU_MAJOR, srv->minor, v->major,
		v->minor, caps.max_msg_fds, caps.max_data_xfer_size);
	return 0;
}
