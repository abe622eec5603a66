// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - the device's interrupts as eventfds, behaving like vfio-pci.
 *
 * INTx: at launch the IOAPIC's inputs are intercepted (qtest
 * irq_intercept_in), so QEMU reports "IRQ raise 16" / "IRQ lower 16" for
 * the HDA function's INTA.  As vfio-pci does, a raise signals the eventfd
 * and masks the line (AUTOMASKED) until ACTION_UNMASK; an unmask while the
 * line is still high signals again.
 *
 * MSI: the capability is aimed at a word of guest RAM (QT_MSI_GPA), not at
 * the APIC window 0xFEExxxxx.  The device's MSI write is then an ordinary
 * memory write (msi_send_message() stores through the bus master address
 * space), landing in the RAM we share with QEMU.  The I/O thread looks at
 * the word after every qtest reply and between them with a short back-off,
 * takes it (exchange with 0) and signals the eventfd.
 *
 * MSI-X, ERR and REQ have no vectors here.
 */
#define SV_LOG_PREFIX "qtest-irq"
#include "sofvfio/log.h"
#include "qtest.h"

#include <unistd.h>

#define MSI_POLL_MIN_US 50
#define MSI_POLL_MAX_US 1000
#define PCI_COMMAND 0x04
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_MSI_FLAGS 2
#define  PCI_MSI_FLAGS_ENABLE 0x1
#define  PCI_MSI_FLAGS_QSIZE 0x70
#define  PCI_MSI_FLAGS_64BIT 0x80
#define PCI_MSI_ADDRESS_LO 4
#define PCI_MSI_ADDRESS_HI 8
#define PCI_MSI_DATA_32 8
#define PCI_MSI_DATA_64 12

void qt_irq_init(QtDev *qt)
{
	qt->intx_fd = qt->msi_fd = -1;
	qt->msi_poll_us = MSI_POLL_MIN_US;
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	/* EAGAIN only when the counter is at its maximum: it is signalled anyway. */
	if (write(fd, &one, sizeof(one)) < 0) {
	}
}

/** qt_irq_line() - an "IRQ raise|lower N" line from QEMU (I/O thread). */
void qt_irq_line(QtDev *qt, int line, gboolean level)
{
	if (line != QT_INTX_GSI) {
		sv_debug("%s: IOAPIC input %d %s (not ours)", qt->dev->name, line,
			 level ? "raised" : "lowered");
		return;
	}
	g_mutex_lock(&qt->irq_lock);
	qt->intx_level = level;
	if (level && qt->intx_fd >= 0 && !qt->intx_masked) {
		signal_fd(qt->intx_fd);
		qt->intx_masked = TRUE; /* VFIO_IRQ_INFO_AUTOMASKED */
		qt->intx_events++;
	}
	g_mutex_unlock(&qt->irq_lock);
}

/**
 * qt_irq_poll_msi() - look at the MSI doorbell (I/O thread).  @activity
 * says QEMU just answered something, so polling restarts at its fastest.
 * Return: microseconds until the next look.
 */
int64_t qt_irq_poll_msi(QtDev *qt, gboolean activity)
{
	uint32_t *word = (uint32_t *)(qt->ram + QT_MSI_GPA);
	uint32_t v = 0;
	int64_t next;

	g_mutex_lock(&qt->irq_lock);
	if (!qt->msi_on) {
		g_mutex_unlock(&qt->irq_lock);
		return -1;
	}
	if (__atomic_load_n(word, __ATOMIC_ACQUIRE))
		v = __atomic_exchange_n(word, 0, __ATOMIC_ACQ_REL);
	if (v) {
		if (v != QT_MSI_DATA)
			sv_debug("%s: MSI doorbell holds 0x%x, expected 0x%x", qt->dev->name, v,
				 QT_MSI_DATA);
		if (qt->msi_fd >= 0)
			signal_fd(qt->msi_fd);
		qt->msi_events++;
	}
	if (v || activity)
		qt->msi_poll_us = MSI_POLL_MIN_US;
	else
		qt->msi_poll_us = MIN(qt->msi_poll_us * 2, MSI_POLL_MAX_US);
	next = qt->msi_poll_us;
	g_mutex_unlock(&qt->irq_lock);
	return next;
}

static void irq_info(QtDev *qt, uint32_t index, SvIrqInfo *info)
{
	/* What vfio_pci_ioctl_get_irq_info() reports for such a function. */
	info->index = index;
	info->flags = VFIO_IRQ_INFO_EVENTFD;
	switch (index) {
	case VFIO_PCI_INTX_IRQ_INDEX:
		info->flags |= VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED;
		info->count = qt->int_pin ? 1 : 0;
		break;
	case VFIO_PCI_MSI_IRQ_INDEX:
		/* One vector: Multiple Message Enable stays 0. */
		info->flags |= VFIO_IRQ_INFO_NORESIZE;
		info->count = qt->msi_cap ? 1 : 0;
		break;
	default:
		info->flags |= VFIO_IRQ_INFO_NORESIZE;
		info->count = 0;
		break;
	}
}

gboolean qt_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	QtDev *qt = qt_of(dev);

	if (!qt_check_alive(qt, error))
		return FALSE;
	irq_info(qt, index, info);
	return TRUE;
}

static gboolean set_command_bits(QtDev *qt, uint16_t set, uint16_t clear, GError **error)
{
	uint32_t cmd;

	if (!qt_cfg_read(qt, PCI_COMMAND, 2, &cmd, error))
		return FALSE;
	cmd = (cmd | set) & ~(uint32_t)clear;
	return qt_cfg_write(qt, PCI_COMMAND, 2, cmd, error);
}

/* Aim the MSI capability at the doorbell word and enable it (one vector). */
static gboolean msi_program(QtDev *qt, gboolean enable, GError **error)
{
	uint32_t cap = qt->msi_cap, ctrl;
	gboolean is64 = qt->msi_ctrl & PCI_MSI_FLAGS_64BIT;

	if (!qt_cfg_read(qt, cap + PCI_MSI_FLAGS, 2, &ctrl, error))
		return FALSE;
	ctrl &= ~(uint32_t)(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	if (!enable)
		return qt_cfg_write(qt, cap + PCI_MSI_FLAGS, 2, ctrl, error);
	__atomic_store_n((uint32_t *)(qt->ram + QT_MSI_GPA), 0, __ATOMIC_RELEASE);
	return qt_cfg_write(qt, cap + PCI_MSI_ADDRESS_LO, 4, QT_MSI_GPA, error) &&
	       (!is64 || qt_cfg_write(qt, cap + PCI_MSI_ADDRESS_HI, 4, 0, error)) &&
	       qt_cfg_write(qt, cap + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32), 2, QT_MSI_DATA,
			    error) &&
	       qt_cfg_write(qt, cap + PCI_MSI_FLAGS, 2, ctrl | PCI_MSI_FLAGS_ENABLE, error) &&
	       /* as the kernel does when MSI goes on (pci_intx_for_msi) */
	       set_command_bits(qt, PCI_COMMAND_INTX_DISABLE, 0, error);
}

static gboolean set_intx(QtDev *qt, uint32_t count, uint32_t action, uint32_t data,
			 const int *fds, GError **error)
{
	gboolean enabled;

	g_mutex_lock(&qt->irq_lock);
	enabled = qt->intx_fd >= 0;
	g_mutex_unlock(&qt->irq_lock);
	if (action != VFIO_IRQ_SET_ACTION_TRIGGER && data == VFIO_IRQ_SET_DATA_EVENTFD) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: INTx %s through an eventfd (irqfd) is not available over qtest",
			    qt->dev->name, action == VFIO_IRQ_SET_ACTION_MASK ? "mask" : "unmask");
		return FALSE;
	}
	if (action == VFIO_IRQ_SET_ACTION_TRIGGER && data == VFIO_IRQ_SET_DATA_EVENTFD &&
	    count && fds[0] >= 0) {
		gboolean msi;

		g_mutex_lock(&qt->irq_lock);
		msi = qt->msi_on;
		g_mutex_unlock(&qt->irq_lock);
		if (msi) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "%s: MSI is enabled: disable it before enabling INTx",
				    qt->dev->name);
			return FALSE;
		}
		if (!set_command_bits(qt, 0, PCI_COMMAND_INTX_DISABLE, error))
			return FALSE;
		g_mutex_lock(&qt->irq_lock);
		qt->intx_fd = fds[0];
		qt->intx_masked = FALSE;
		if (qt->intx_level) {
			/* Already asserted: vfio-pci would take it at once. */
			signal_fd(qt->intx_fd);
			qt->intx_masked = TRUE;
			qt->intx_events++;
		}
		g_mutex_unlock(&qt->irq_lock);
		return TRUE;
	}
	if (action == VFIO_IRQ_SET_ACTION_TRIGGER && (!count || data == VFIO_IRQ_SET_DATA_EVENTFD)) {
		/* count 0, or an fd of -1: tear down */
		g_mutex_lock(&qt->irq_lock);
		qt->intx_fd = -1;
		qt->intx_masked = FALSE;
		g_mutex_unlock(&qt->irq_lock);
		return TRUE;
	}
	if (!enabled) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: INTx is not enabled",
			    qt->dev->name);
		return FALSE;
	}
	g_mutex_lock(&qt->irq_lock);
	if (action == VFIO_IRQ_SET_ACTION_TRIGGER) {
		signal_fd(qt->intx_fd); /* loopback from software: no automask */
	} else if (action == VFIO_IRQ_SET_ACTION_MASK) {
		qt->intx_masked = TRUE;
	} else {
		qt->intx_masked = FALSE;
		if (qt->intx_level) {
			signal_fd(qt->intx_fd);
			qt->intx_masked = TRUE;
			qt->intx_events++;
		}
	}
	g_mutex_unlock(&qt->irq_lock);
	return TRUE;
}

static gboolean set_msi(QtDev *qt, uint32_t count, uint32_t action, uint32_t data,
			const int *fds, GError **error)
{
	gboolean on;

	if (action != VFIO_IRQ_SET_ACTION_TRIGGER) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: MSI is not maskable on this device", qt->dev->name);
		return FALSE;
	}
	g_mutex_lock(&qt->irq_lock);
	on = qt->msi_on;
	g_mutex_unlock(&qt->irq_lock);
	if (data == VFIO_IRQ_SET_DATA_EVENTFD && count && fds[0] >= 0) {
		gboolean intx;

		g_mutex_lock(&qt->irq_lock);
		intx = qt->intx_fd >= 0;
		g_mutex_unlock(&qt->irq_lock);
		if (intx) {
			g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
				    "%s: INTx is enabled: disable it before enabling MSI",
				    qt->dev->name);
			return FALSE;
		}
		if (!on && !msi_program(qt, TRUE, error))
			return FALSE;
		g_mutex_lock(&qt->irq_lock);
		qt->msi_fd = fds[0];
		qt->msi_on = TRUE;
		qt->msi_poll_us = MSI_POLL_MIN_US;
		g_mutex_unlock(&qt->irq_lock);
		qt_io_kick(qt); /* start polling the doorbell */
		return TRUE;
	}
	if (!count || data == VFIO_IRQ_SET_DATA_EVENTFD) {
		g_mutex_lock(&qt->irq_lock);
		qt->msi_on = FALSE;
		qt->msi_fd = -1;
		g_mutex_unlock(&qt->irq_lock);
		return !on || msi_program(qt, FALSE, error);
	}
	if (!on) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: MSI is not enabled",
			    qt->dev->name);
		return FALSE;
	}
	g_mutex_lock(&qt->irq_lock);
	signal_fd(qt->msi_fd);
	g_mutex_unlock(&qt->irq_lock);
	return TRUE;
}

gboolean qt_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
		    uint32_t flags, const int *fds, GError **error)
{
	QtDev *qt = qt_of(dev);
	uint32_t action = flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	uint32_t data = flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	SvIrqInfo info;

	irq_info(qt, index, &info);
	if (data == VFIO_IRQ_SET_DATA_BOOL) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: DATA_BOOL is not supported by the qtest backend: use DATA_NONE",
			    qt->dev->name);
		return FALSE;
	}
	if ((count && (start >= info.count || count > info.count - start)) ||
	    (action != VFIO_IRQ_SET_ACTION_TRIGGER && action != VFIO_IRQ_SET_ACTION_MASK &&
	     action != VFIO_IRQ_SET_ACTION_UNMASK) ||
	    (data != VFIO_IRQ_SET_DATA_NONE && data != VFIO_IRQ_SET_DATA_EVENTFD) ||
	    (data == VFIO_IRQ_SET_DATA_EVENTFD && count && !fds)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: bad SET_IRQS for %s: start %u count %u flags 0x%x (%u vector(s))",
			    qt->dev->name, sv_irq_name(index), start, count, flags, info.count);
		return FALSE;
	}
	if (index == VFIO_PCI_INTX_IRQ_INDEX)
		return set_intx(qt, count, action, data, fds, error);
	if (index == VFIO_PCI_MSI_IRQ_INDEX)
		return set_msi(qt, count, action, data, fds, error);
	/* MSI-X, ERR, REQ: nothing to set up; count 0 "disable" is fine. */
	return TRUE;
}

/**
 * qt_irq_restore() - after a device reset, put the interrupt set-up back
 * (the reset disabled MSI and cleared the command register).
 */
gboolean qt_irq_restore(QtDev *qt, GError **error)
{
	gboolean msi, intx;

	g_mutex_lock(&qt->irq_lock);
	msi = qt->msi_on;
	intx = qt->intx_fd >= 0;
	qt->intx_level = FALSE;
	g_mutex_unlock(&qt->irq_lock);
	if (msi)
		return msi_program(qt, TRUE, error);
	if (intx)
		return set_command_bits(qt, 0, PCI_COMMAND_INTX_DISABLE, error);
	return TRUE;
}
