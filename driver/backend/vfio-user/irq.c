// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - interrupts over vfio-user: DEVICE_GET_IRQ_INFO and
 * DEVICE_SET_IRQS with eventfds as SCM_RIGHTS (vfio-user.rst,
 * "VFIO_USER_DEVICE_SET_IRQS"): the payload is a struct vfio_irq_set with
 * no data; the number of fds sent equals count.  A message carries at most
 * the server's max_msg_fds fds, and an fd cannot say "unassign": a run of
 * -1 entries goes as its own message with DATA_EVENTFD and no fds.
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

#include <string.h>

gboolean vfu_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	VfuDev *v = dev->priv;
	struct vfio_irq_info req = { .argsz = sizeof(req), .index = index };
	struct vfio_irq_info ii;
	g_autofree char *what = g_strdup_printf("DEVICE_GET_IRQ_INFO of %s", sv_irq_name(index));
	VfuReply r;

	if (!vfu_call_simple(v->conn, VFU_CMD_DEVICE_GET_IRQ_INFO, &req, sizeof(req), &r, what,
			     error))
		return FALSE;
	if (r.len < sizeof(ii)) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the reply to %s holds %zu bytes; %zu expected", dev->name, what,
			    r.len, sizeof(ii));
		vfu_msg_clear(&r);
		return FALSE;
	}
	memcpy(&ii, r.data, sizeof(ii));
	vfu_msg_clear(&r);
	if (ii.index != index) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: the reply to %s describes IRQ index %u", dev->name, what,
			    ii.index);
		return FALSE;
	}
	info->index = index;
	info->flags = ii.flags;
	info->count = ii.count;
	return TRUE;
}

static gboolean set_irqs(VfuDev *v, uint32_t index, uint32_t start, uint32_t count,
			 uint32_t flags, const int *fds, unsigned n_fds, GError **error)
{
	struct vfio_irq_set s = { .argsz = sizeof(s), .flags = flags, .index = index,
				  .start = start, .count = count };
	struct iovec iov = { &s, sizeof(s) };
	g_autofree char *what = g_strdup_printf("DEVICE_SET_IRQS of %s vectors %u..+%u "
						"(flags 0x%x, %u fds)", sv_irq_name(index),
						start, count, flags, n_fds);
	VfuReply r;

	if (!vfu_call(v->conn, VFU_CMD_DEVICE_SET_IRQS, &iov, 1, fds, n_fds, 0, &r, what, error))
		return FALSE;
	vfu_msg_clear(&r);
	return TRUE;
}

gboolean vfu_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
		     uint32_t flags, const int *fds, GError **error)
{
	VfuDev *v = dev->priv;
	unsigned max = (unsigned)MIN(v->caps.max_msg_fds, (uint64_t)VFU_CLIENT_MAX_FDS);

	/* Disabling (teardown) with the server gone or hung: nothing to wait for. */
	if (count == 0 && vfu_conn_dead(v->conn, error))
		return FALSE;
	if (!(flags & VFIO_IRQ_SET_DATA_EVENTFD) || count == 0)
		return set_irqs(v, index, start, count, flags, NULL, 0, error);
	if (!max) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: the vfio-user server takes no file descriptors (max_msg_fds 0): "
			    "it cannot signal %s through eventfds", dev->name,
			    sv_irq_name(index));
		return FALSE;
	}
	/* Runs of valid fds (at most @max per message) and runs of -1 (unassign). */
	for (uint32_t i = 0; i < count;) {
		bool valid = fds[i] >= 0;
		uint32_t n = 1;

		while (i + n < count && (fds[i + n] >= 0) == valid && (!valid || n < max))
			n++;
		if (!set_irqs(v, index, start + i, n, flags, valid ? fds + i : NULL,
			      valid ? n : 0, error))
			return FALSE;
		i += n;
	}
	return TRUE;
}
