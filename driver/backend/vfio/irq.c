// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - interrupts: VFIO_DEVICE_GET_IRQ_INFO and VFIO_DEVICE_SET_IRQS
 * (a struct vfio_irq_set followed by its data: nothing for DATA_NONE, one
 * int32 eventfd per vector for DATA_EVENTFD, -1 to unassign).
 */
#define SV_LOG_PREFIX "vfio"
#include "sofvfio/log.h"
#include "vfio.h"

#include <errno.h>
#include <string.h>

gboolean sv_vfio_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	SvVfio *v = dev->priv;
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = index };

	if (sv_vfio_ioctl(v->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii) < 0) {
		int err = errno;

		/*
		 * Some kernels reject the error and request indices (no AER / no
		 * request support for this function): that means "none", not a failure.
		 */
		if (index == VFIO_PCI_ERR_IRQ_INDEX || index == VFIO_PCI_REQ_IRQ_INDEX) {
			sv_debug("%s: VFIO_DEVICE_GET_IRQ_INFO(%s): %s; reporting 0 vectors",
				 dev->name, sv_irq_name(index), g_strerror(err));
			*info = (SvIrqInfo){ .index = index };
			return TRUE;
		}
		sv_set_error_errno(error, err, "%s: VFIO_DEVICE_GET_IRQ_INFO(%s)", dev->name,
				   sv_irq_name(index));
		return FALSE;
	}
	info->index = index;
	info->flags = ii.flags;
	info->count = ii.count;
	return TRUE;
}

static const char *action_name(uint32_t flags)
{
	if (flags & VFIO_IRQ_SET_ACTION_MASK)
		return "MASK";
	if (flags & VFIO_IRQ_SET_ACTION_UNMASK)
		return "UNMASK";
	return "TRIGGER";
}

gboolean sv_vfio_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
			 uint32_t flags, const int *fds, GError **error)
{
	SvVfio *v = dev->priv;
	size_t data_len = 0;
	g_autofree struct vfio_irq_set *set = NULL;

	if (flags & VFIO_IRQ_SET_DATA_EVENTFD) {
		if (count && !fds) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "%s: SET_IRQS(%s) with DATA_EVENTFD needs %u fds", dev->name,
				    sv_irq_name(index), count);
			return FALSE;
		}
		data_len = (size_t)count * sizeof(int32_t);
	} else if (flags & VFIO_IRQ_SET_DATA_BOOL) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: SET_IRQS with DATA_BOOL is not used by this backend", dev->name);
		return FALSE;
	}
	set = g_malloc0(sizeof(*set) + data_len);
	set->argsz = (uint32_t)(sizeof(*set) + data_len);
	set->flags = flags;
	set->index = index;
	set->start = start;
	set->count = count;
	for (uint32_t i = 0; data_len && i < count; i++) {
		int32_t fd = fds[i];

		memcpy(set->data + i * sizeof(fd), &fd, sizeof(fd));
	}
	if (sv_vfio_ioctl(v->fd, VFIO_DEVICE_SET_IRQS, set) < 0) {
		sv_set_error_errno(error, errno, "%s: VFIO_DEVICE_SET_IRQS(%s, %s, vectors %u..%u%s)",
				   dev->name, sv_irq_name(index), action_name(flags), start,
				   start + (count ? count - 1 : 0),
				   flags & VFIO_IRQ_SET_DATA_EVENTFD ? ", eventfds" : "");
		return FALSE;
	}
	return TRUE;
}
