// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - interrupts the way vfio-pci presents them
 * (drivers/vfio/pci/vfio_pci_intrs.c, vfio_set_irqs_validate_and_prepare()):
 *
 *   INTx   count 1, EVENTFD | MASKABLE | AUTOMASKED: level triggered; each
 *          time it fires it masks itself until the client unmasks it, and an
 *          unmask while the line is still asserted fires it again at once.
 *   MSI    count 1, EVENTFD | NORESIZE: one message per rising edge of the
 *          interrupt condition while MSI is enabled in config space.
 *   MSI-X  count 0 (no MSI-X capability): every SET_IRQS on it is EINVAL.
 *   ERR    count 1 (the function has a PCI Express capability), REQ count 1:
 *          trigger eventfds only; the model never raises them, a client can
 *          loop them back with DATA_NONE/DATA_BOOL.
 *
 * Errors are the kernel's: EINVAL for a bad range, type or fd, ENOTTY for an
 * action the index does not have.
 */
#define SV_LOG_PREFIX "irq"
#include "sofvfio/log.h"
#include "server-priv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

void emu_irq_init(EmuIrq *irq)
{
	*irq = (EmuIrq){
		.intx_fd = -1, .unmask_fd = -1, .msi_fd = -1, .err_fd = -1, .req_fd = -1,
	};
}

static uint32_t irq_count(EmuServer *srv, uint32_t index)
{
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
	case VFIO_PCI_MSI_IRQ_INDEX:
	case VFIO_PCI_REQ_IRQ_INDEX:
		return 1;
	case VFIO_PCI_ERR_IRQ_INDEX:
		return emu_pci_has_pcie(srv->pci) ? 1 : 0;
	default:
		return 0;
	}
}

int emu_irq_info(EmuServer *srv, uint32_t index, uint32_t *flags, uint32_t *count)
{
	if (index >= EMU_NUM_IRQS)
		return EINVAL;
	/* vfio-pci refuses GET_IRQ_INFO for ERR on a conventional PCI function. */
	if (index == VFIO_PCI_ERR_IRQ_INDEX && !emu_pci_has_pcie(srv->pci))
		return EINVAL;
	*count = irq_count(srv, index);
	*flags = VFIO_IRQ_INFO_EVENTFD;
	if (index == VFIO_PCI_INTX_IRQ_INDEX)
		*flags |= VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED;
	else
		*flags |= VFIO_IRQ_INFO_NORESIZE;
	return 0;
}

static void signal_fd(int fd, const char *what)
{
	if (fd >= 0 && eventfd_write(fd, 1) < 0)
		sv_debug("signalling the %s eventfd: %s", what, g_strerror(errno));
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void emu_irq_update(EmuServer *srv)
{
	EmuIrq *irq = &srv->irq;
	gboolean msi_live;

	emu_pci_set_intx_status(srv->pci, irq->level);
	if (irq->type == EMU_IRQ_INTX) {
		/* Level triggered and automasked: fire, then stay quiet until unmasked. */
		if (irq->level && !irq->masked && !emu_pci_intx_disabled(srv->pci)) {
			irq->masked = TRUE;
			signal_fd(irq->intx_fd, "INTx");
		}
		return;
	}
	msi_live = irq->type == EMU_IRQ_MSI && emu_pci_msi_enabled(srv->pci);
	if (!irq->level || !msi_live) {
		irq->msi_armed = FALSE;
		return;
	}
	if (!irq->msi_armed) {
		irq->msi_armed = TRUE;
		signal_fd(irq->msi_fd, "MSI");
	}
}

void emu_server_irq_level(EmuServer *srv, gboolean level)
{
	srv->irq.level = level;
	emu_irq_update(srv);
}

static void intx_unmask(EmuServer *srv)
{
	srv->irq.masked = FALSE;
	emu_irq_update(srv);
}

void emu_irq_unmask_event(EmuServer *srv)
{
	eventfd_t v;

	if (srv->irq.unmask_fd < 0 || eventfd_read(srv->irq.unmask_fd, &v) < 0)
		return;
	if (srv->irq.type == EMU_IRQ_INTX)
		intx_unmask(srv);
}

static void intx_disable(EmuServer *srv)
{
	close_fd(&srv->irq.intx_fd);
	close_fd(&srv->irq.unmask_fd);
	srv->irq.masked = FALSE;
	srv->irq.type = EMU_IRQ_NONE;
}

static void msi_disable(EmuServer *srv)
{
	close_fd(&srv->irq.msi_fd);
	srv->irq.type = EMU_IRQ_NONE;
	srv->irq.msi_armed = FALSE;
	/* What vfio-pci's pci_free_irq_vectors() does to the hardware. */
	emu_pci_set_msi_enabled(srv->pci, FALSE);
}

void emu_irq_release(EmuServer *srv)
{
	gboolean level = srv->irq.level;

	if (srv->irq.type == EMU_IRQ_INTX)
		intx_disable(srv);
	else if (srv->irq.type == EMU_IRQ_MSI)
		msi_disable(srv);
	close_fd(&srv->irq.err_fd);
	close_fd(&srv->irq.req_fd);
	/* The device keeps its state, its interrupt condition included. */
	emu_irq_init(&srv->irq);
	srv->irq.level = level;
}

/* vfio-pci needs an eventfd (eventfd_ctx_fdget()); anything else is EINVAL. */
static gboolean is_eventfd(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return FALSE;
	target[n] = 0;
	return !strcmp(target, "anon_inode:[eventfd]");
}

static gboolean bool_at(const uint8_t *data, unsigned i)
{
	return data && data[i];
}

static int intx_trigger(EmuServer *srv, uint32_t count, uint32_t dtype, const uint8_t *data,
			VfuMsg *msg)
{
	EmuIrq *irq = &srv->irq;

	if (irq->type == EMU_IRQ_INTX && !count && dtype == VFIO_IRQ_SET_DATA_NONE) {
		intx_disable(srv);
		return 0;
	}
	if ((irq->type != EMU_IRQ_INTX && irq->type != EMU_IRQ_NONE) || count != 1)
		return EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
		close_fd(&irq->intx_fd);
		irq->intx_fd = vfu_msg_take_fd(msg, 0);
		if (irq->type == EMU_IRQ_NONE) {
			irq->type = EMU_IRQ_INTX;
			irq->masked = FALSE;
		}
		/* An asserted line fires as soon as the handler is in place. */
		emu_irq_update(srv);
		return 0;
	}
	if (irq->type != EMU_IRQ_INTX)
		return EINVAL;
	/* Loopback: fire the eventfd whatever the mask says (vfio_send_intx_eventfd()). */
	if (dtype == VFIO_IRQ_SET_DATA_NONE || bool_at(data, 0))
		signal_fd(irq->intx_fd, "INTx");
	return 0;
}

static int intx_mask(EmuServer *srv, gboolean unmask, uint32_t count, uint32_t dtype,
		     const uint8_t *data, VfuMsg *msg)
{
	EmuIrq *irq = &srv->irq;

	if (irq->type != EMU_IRQ_INTX || count != 1)
		return EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
		if (!unmask)
			return ENOTTY; /* vfio-pci has no mask eventfd either */
		close_fd(&irq->unmask_fd);
		irq->unmask_fd = vfu_msg_take_fd(msg, 0);
		return 0;
	}
	if (dtype == VFIO_IRQ_SET_DATA_BOOL && !bool_at(data, 0))
		return 0;
	if (unmask) {
		intx_unmask(srv);
	} else {
		irq->masked = TRUE;
	}
	return 0;
}

static int msi_trigger(EmuServer *srv, uint32_t count, uint32_t dtype, const uint8_t *data,
		       VfuMsg *msg)
{
	EmuIrq *irq = &srv->irq;

	if (irq->type == EMU_IRQ_MSI && !count && dtype == VFIO_IRQ_SET_DATA_NONE) {
		msi_disable(srv);
		return 0;
	}
	if (irq->type != EMU_IRQ_MSI && irq->type != EMU_IRQ_NONE)
		return EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
		if (!count)
			return EINVAL;
		close_fd(&irq->msi_fd);
		irq->msi_fd = vfu_msg_take_fd(msg, 0);
		if (irq->type == EMU_IRQ_NONE) {
			irq->type = EMU_IRQ_MSI;
			irq->msi_armed = FALSE;
			/* vfio-pci enables MSI in the function when the vectors are set up. */
			emu_pci_set_msi_enabled(srv->pci, TRUE);
		}
		emu_irq_update(srv);
		return 0;
	}
	if (irq->type != EMU_IRQ_MSI)
		return EINVAL;
	if (count && (dtype == VFIO_IRQ_SET_DATA_NONE || bool_at(data, 0)))
		signal_fd(irq->msi_fd, "MSI");
	return 0;
}

/* ERR and REQ: vfio_pci_set_ctx_trigger_single(). */
static int single_trigger(int *slot, uint32_t count, uint32_t dtype, const uint8_t *data,
			  VfuMsg *msg, const char *what)
{
	if (count > 1)
		return EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_NONE) {
		if (*slot < 0)
			return EINVAL;
		if (count)
			signal_fd(*slot, what);
		else
			close_fd(slot);
		return 0;
	}
	if (dtype == VFIO_IRQ_SET_DATA_BOOL) {
		if (*slot < 0 || !count)
			return EINVAL;
		if (bool_at(data, 0))
			signal_fd(*slot, what);
		return 0;
	}
	if (!count)
		return EINVAL;
	close_fd(slot);
	*slot = vfu_msg_take_fd(msg, 0);
	return 0;
}

int emu_irq_set(EmuServer *srv, const struct vfio_irq_set *set, const uint8_t *data,
		size_t data_len, VfuMsg *msg)
{
	uint32_t dtype = set->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	uint32_t action = set->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	uint32_t max;

	if (set->index >= EMU_NUM_IRQS || set->count >= G_MAXUINT32 - set->start ||
	    (set->flags & ~(VFIO_IRQ_SET_DATA_TYPE_MASK | VFIO_IRQ_SET_ACTION_TYPE_MASK)))
		return EINVAL;
	max = irq_count(srv, set->index);
	if (set->start >= max || set->start + set->count > max)
		return EINVAL;
	if (dtype != VFIO_IRQ_SET_DATA_NONE && dtype != VFIO_IRQ_SET_DATA_BOOL &&
	    dtype != VFIO_IRQ_SET_DATA_EVENTFD)
		return EINVAL;
	if (action != VFIO_IRQ_SET_ACTION_MASK && action != VFIO_IRQ_SET_ACTION_UNMASK &&
	    action != VFIO_IRQ_SET_ACTION_TRIGGER)
		return EINVAL;
	if (dtype == VFIO_IRQ_SET_DATA_BOOL && data_len < set->count)
		return EINVAL;
	/* The fds stand for the data array: one per vector (vfio-user.rst SET_IRQS). */
	if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
		if (msg->n_fds != set->count)
			return EINVAL;
		for (unsigned i = 0; i < msg->n_fds; i++)
			if (!is_eventfd(msg->fds[i]))
				return EINVAL;
	} else if (msg->n_fds) {
		return EINVAL;
	}

	switch (set->index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		if (action == VFIO_IRQ_SET_ACTION_TRIGGER)
			return intx_trigger(srv, set->count, dtype, data, msg);
		return intx_mask(srv, action == VFIO_IRQ_SET_ACTION_UNMASK, set->count, dtype, data,
				 msg);
	case VFIO_PCI_MSI_IRQ_INDEX:
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return ENOTTY; /* vfio-pci: no MSI masking ("XXX Need masking support") */
		return msi_trigger(srv, set->count, dtype, data, msg);
	case VFIO_PCI_ERR_IRQ_INDEX:
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return ENOTTY;
		return single_trigger(&srv->irq.err_fd, set->count, dtype, data, msg, "ERR");
	case VFIO_PCI_REQ_IRQ_INDEX:
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return ENOTTY;
		return single_trigger(&srv->irq.req_fd, set->count, dtype, data, msg, "REQ");
	default:
		return EINVAL;
	}
}
