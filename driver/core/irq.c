// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - interrupts as eventfds, one per vector, for every backend.
 * The core owns the eventfds; a backend wires them to its interrupt source
 * (VFIO_DEVICE_SET_IRQS, vfio-user SET_IRQS with SCM_RIGHTS, a qtest watcher).
 */
#define SV_LOG_PREFIX "irq"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "backend.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static gboolean check_index(SvDevice *dev, uint32_t index, GError **error)
{
	if (index >= SV_IRQ_NUM_INDICES || index >= dev->info.num_irqs) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: IRQ index %u out of range (the device has %u)", dev->name, index,
			    dev->info.num_irqs);
		return FALSE;
	}
	return TRUE;
}

gboolean sv_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	if (!check_index(dev, index, error))
		return FALSE;
	*info = (SvIrqInfo){ .index = index };
	return dev->ops->irq_info(dev, index, info, error);
}

static void close_fds(SvIrqState *st)
{
	for (uint32_t i = 0; i < st->count; i++)
		if (st->fds[i] >= 0)
			close(st->fds[i]);
	g_clear_pointer(&st->fds, g_free);
	st->count = 0;
}

gboolean sv_irq_disable(SvDevice *dev, uint32_t index, GError **error)
{
	SvIrqState *st;
	gboolean ok;

	if (!check_index(dev, index, error))
		return FALSE;
	st = &dev->irqs[index];
	if (!st->count)
		return TRUE;
	/* DATA_NONE | ACTION_TRIGGER with count 0 tears the index down. */
	ok = dev->ops->irq_set(dev, index, 0, 0, VFIO_IRQ_SET_DATA_NONE |
			       VFIO_IRQ_SET_ACTION_TRIGGER, NULL, error);
	close_fds(st);
	return ok;
}

void sv_irq_disable_all(SvDevice *dev);
void sv_irq_disable_all(SvDevice *dev)
{
	for (uint32_t i = 0; i < SV_IRQ_NUM_INDICES; i++) {
		g_autoptr(GError) err = NULL;

		if (dev->irqs[i].count && !sv_irq_disable(dev, i, &err))
			sv_debug("%s: disabling %s: %s", dev->name, sv_irq_name(i), err->message);
	}
}

gboolean sv_irq_enable(SvDevice *dev, uint32_t index, uint32_t count, GError **error)
{
	SvIrqInfo info;
	SvIrqState *st;

	if (!sv_irq_info(dev, index, &info, error))
		return FALSE;
	if (!count || count > info.count) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: %s has %u vector(s); %u requested", dev->name,
			    sv_irq_name(index), info.count, count);
		return FALSE;
	}
	if (!(info.flags & VFIO_IRQ_INFO_EVENTFD)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: %s cannot signal an eventfd", dev->name, sv_irq_name(index));
		return FALSE;
	}
	/* INTx, MSI and MSI-X exclude each other on a PCI function. */
	if (index <= SV_IRQ_MSIX)
		for (uint32_t i = SV_IRQ_INTX; i <= SV_IRQ_MSIX; i++)
			if (dev->irqs[i].count && !sv_irq_disable(dev, i, error))
				return FALSE;
	st = &dev->irqs[index];
	if (st->count && !sv_irq_disable(dev, index, error))
		return FALSE;

	st->fds = g_new(int, count);
	st->count = count;
	for (uint32_t i = 0; i < count; i++) {
		st->fds[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (st->fds[i] < 0) {
			sv_set_error_errno(error, errno, "%s: eventfd for %s vector %u", dev->name,
					   sv_irq_name(index), i);
			close_fds(st);
			return FALSE;
		}
	}
	if (!dev->ops->irq_set(dev, index, 0, count, VFIO_IRQ_SET_DATA_EVENTFD |
			       VFIO_IRQ_SET_ACTION_TRIGGER, st->fds, error)) {
		close_fds(st);
		return FALSE;
	}
	sv_debug("%s: %s enabled, %u vector(s)", dev->name, sv_irq_name(index), count);
	return TRUE;
}

int sv_irq_fd(SvDevice *dev, uint32_t index, uint32_t vector)
{
	if (index >= SV_IRQ_NUM_INDICES || vector >= dev->irqs[index].count)
		return -1;
	return dev->irqs[index].fds[vector];
}

static gboolean irq_action(SvDevice *dev, uint32_t index, uint32_t vector, uint32_t action,
			   GError **error)
{
	SvIrqInfo info;

	if (!sv_irq_info(dev, index, &info, error))
		return FALSE;
	if (vector >= info.count) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: %s has no vector %u", dev->name,
			    sv_irq_name(index), vector);
		return FALSE;
	}
	if ((action & (VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_ACTION_UNMASK)) &&
	    !(info.flags & VFIO_IRQ_INFO_MASKABLE)) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED, "%s: %s is not maskable",
			    dev->name, sv_irq_name(index));
		return FALSE;
	}
	return dev->ops->irq_set(dev, index, vector, 1, VFIO_IRQ_SET_DATA_NONE | action, NULL,
				 error);
}

gboolean sv_irq_mask(SvDevice *dev, uint32_t index, uint32_t vector, GError **error)
{
	return irq_action(dev, index, vector, VFIO_IRQ_SET_ACTION_MASK, error);
}

gboolean sv_irq_unmask(SvDevice *dev, uint32_t index, uint32_t vector, GError **error)
{
	return irq_action(dev, index, vector, VFIO_IRQ_SET_ACTION_UNMASK, error);
}

gboolean sv_irq_trigger(SvDevice *dev, uint32_t index, uint32_t vector, GError **error)
{
	return irq_action(dev, index, vector, VFIO_IRQ_SET_ACTION_TRIGGER, error);
}

gboolean sv_irq_wait(SvDevice *dev, uint32_t index, uint32_t vector, int timeout_ms,
		     uint64_t *count, GError **error)
{
	int fd = sv_irq_fd(dev, index, vector);
	int64_t deadline = sv_deadline_us((int64_t)timeout_ms * 1000);
	uint64_t n;

	if (fd < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: %s vector %u is not enabled",
			    dev->name, sv_irq_name(index), vector);
		return FALSE;
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r;

		if (read(fd, &n, sizeof(n)) == sizeof(n)) {
			if (count)
				*count = n;
			return TRUE;
		}
		r = sv_poll_until(&pfd, 1, deadline);
		if (r == 0)
			break;
		if (r < 0) {
			sv_set_error_errno(error, errno, "%s: waiting for %s", dev->name,
					   sv_irq_name(index));
			return FALSE;
		}
	}
	g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT,
		    "%s: no %s interrupt (vector %u) within %d ms", dev->name, sv_irq_name(index),
		    vector, timeout_ms);
	return FALSE;
}
