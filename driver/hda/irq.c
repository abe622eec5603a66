// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * irq.c - how the controller signals: MSI (preferred), INTx (level: VFIO
 * masks it when it fires, we unmask after servicing), or polling.
 *
 * INTCTL (3.3.14): GIE enables the interrupt at all, CIE the controller
 * sources (RIRB, STATESTS wake), SIE bit n stream descriptor n.  In polling
 * mode INTCTL stays 0 and the service routine reads the status registers.
 *
 * Waiting costs one read() of the eventfd when the interrupt is already
 * signalled (models raise it during the register write that causes it).
 * MSI is edge-signalled (one message per rising edge of INTSTS.GIS): when
 * the service routine finds a source still pending at its end it sets
 * ctl->irq_again, and the next wait returns at once instead of waiting for
 * a message that will not come.
 */
#define SV_LOG_PREFIX "hda-irq"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "ctl-internal.h"

#include <errno.h>
#include <linux/pci_regs.h>
#include <unistd.h>

#define HDA_POLL_INTERVAL_US 500

/*
 * The function has an MSI capability (PCI 3.0 6.7: the list from 0x34 when
 * STATUS.CAP_LIST is set).  What the interrupt info says is the backend's
 * view; whether the function can send MSI is its config space's (as Linux
 * and QEMU's vfio-pci decide): QEMU's x-vfio-user-server reports MSI vectors
 * for an intel-hda with msi=off, whose interrupts then come as INTx.
 */
static gboolean has_msi_cap(HdaController *ctl, GError **error)
{
	uint16_t status;
	uint8_t ptr, id;

	if (!sv_config_read16(ctl->dev, PCI_STATUS, &status, error) ||
	    !sv_config_read8(ctl->dev, PCI_CAPABILITY_LIST, &ptr, error))
		return FALSE;
	/* At most 48 capabilities fit in the 192 bytes after the header. */
	for (unsigned n = 0; (status & PCI_STATUS_CAP_LIST) && ptr >= 0x40 && n < 48; n++) {
		if (!sv_config_read8(ctl->dev, ptr & ~3u, &id, error))
			return FALSE;
		if (id == PCI_CAP_ID_MSI)
			return TRUE;
		if (!sv_config_read8(ctl->dev, (ptr & ~3u) + 1, &ptr, error))
			return FALSE;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
		    "%s: the function has no MSI capability in config space", ctl->name);
	return FALSE;
}

static gboolean try_enable(HdaController *ctl, uint32_t index, GError **error)
{
	SvIrqInfo info;

	if (!sv_irq_info(ctl->dev, index, &info, error))
		return FALSE;
	if (!info.count) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED, "%s: the device has no %s",
			    ctl->name, sv_irq_name(index));
		return FALSE;
	}
	if (index == SV_IRQ_MSI && !has_msi_cap(ctl, error))
		return FALSE;
	return sv_irq_enable(ctl->dev, index, 1, error);
}

gboolean hda_ctl_irq_setup(HdaController *ctl, GError **error)
{
	g_autoptr(GError) err = NULL;

	switch (ctl->opts.irq) {
	case HDA_IRQ_MSI:
	case HDA_IRQ_INTX: {
		uint32_t index = ctl->opts.irq == HDA_IRQ_MSI ? SV_IRQ_MSI : SV_IRQ_INTX;

		if (!try_enable(ctl, index, &err)) {
			g_set_error(error, SV_ERROR, err->code,
				    "%s: cannot use %s interrupts (%s); try --irq with another "
				    "mode", ctl->name, sv_irq_name(index), err->message);
			return FALSE;
		}
		ctl->irq_mode = ctl->opts.irq;
		ctl->irq_index = index;
		break;
	}
	case HDA_IRQ_POLL:
		ctl->irq_mode = HDA_IRQ_POLL;
		break;
	case HDA_IRQ_AUTO:
	default:
		if (try_enable(ctl, SV_IRQ_MSI, &err)) {
			ctl->irq_mode = HDA_IRQ_MSI;
			ctl->irq_index = SV_IRQ_MSI;
			break;
		}
		sv_debug("%s: MSI unavailable (%s), trying INTx", ctl->name, err->message);
		g_clear_error(&err);
		if (try_enable(ctl, SV_IRQ_INTX, &err)) {
			ctl->irq_mode = HDA_IRQ_INTX;
			ctl->irq_index = SV_IRQ_INTX;
			break;
		}
		sv_warn_dev(ctl->dev, "%s: no MSI and no INTx (%s): polling", ctl->name, err->message);
		ctl->irq_mode = HDA_IRQ_POLL;
		break;
	}
	ctl->irq_fd = -1;
	if (ctl->irq_mode == HDA_IRQ_POLL) {
		ctl->intctl = 0;
	} else {
		ctl->irq_fd = sv_irq_fd(ctl->dev, ctl->irq_index, 0);
		ctl->intctl = HDA_INT_GIE | HDA_INT_CIE;
		for (unsigned sd = 0; sd < HDA_MAX_SD; sd++)
			if (ctl->sd_fn[sd])
				ctl->intctl |= 1u << sd;
	}
	wr32(ctl, HDA_INTCTL, ctl->intctl);
	sv_debug("%s: interrupts: %s", ctl->name, hda_irq_mode_name(ctl->irq_mode));
	return sv_device_take_error(ctl->dev, error);
}

void hda_ctl_irq_teardown(HdaController *ctl)
{
	g_autoptr(GError) err = NULL;

	wr32(ctl, HDA_INTCTL, 0);
	ctl->intctl = 0;
	ctl->irq_again = false;
	ctl->intsts_left = 0;
	ctl->irq_fd = -1;
	if (ctl->irq_mode != HDA_IRQ_POLL && !sv_irq_disable(ctl->dev, ctl->irq_index, &err))
		sv_debug("%s: disabling %s: %s", ctl->name, sv_irq_name(ctl->irq_index),
			 err->message);
}

void hda_ctl_irq_to_polling(HdaController *ctl, const char *why)
{
	g_autoptr(GError) err = NULL;

	if (ctl->irq_mode == HDA_IRQ_POLL)
		return;
	sv_warn_dev(ctl->dev, "%s: %s interrupts are not arriving (%s): switching to polling", ctl->name,
		hda_irq_mode_name(ctl->irq_mode), why);
	if (!sv_irq_disable(ctl->dev, ctl->irq_index, &err))
		sv_debug("%s: disabling %s: %s", ctl->name, sv_irq_name(ctl->irq_index),
			 err->message);
	ctl->irq_mode = HDA_IRQ_POLL;
	ctl->irq_fd = -1;
	ctl->intctl = 0;
	ctl->irq_again = false;
	ctl->intsts_left = 0;
	wr32(ctl, HDA_INTCTL, 0);
}

gboolean hda_ctl_irq_wait(HdaController *ctl, int timeout_ms, GError **error)
{
	g_autoptr(GError) err = NULL;
	uint64_t n;

	if (ctl->irq_mode == HDA_IRQ_POLL) {
		if (timeout_ms > 0)
			g_usleep(MIN((int64_t)timeout_ms * 1000, HDA_POLL_INTERVAL_US));
		return FALSE;
	}
	if (ctl->irq_again && !ctl->in_service) {
		/* The last service left a source pending (INTSTS was read at its
		 * end): go on with it.  An MSI may be counted too: take it; what it
		 * signalled is in ctl->intsts_left or is seen by the INTSTS read
		 * that ends the service this leads to. */
		ctl->irq_again = false;
		if (read(ctl->irq_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			sv_debug("%s: reading the interrupt eventfd: %s", ctl->name,
				 g_strerror(errno));
		ctl->irqs_seen++;
		return TRUE;
	}
	if (hda_ctl_irq_take(ctl))
		return TRUE;
	if (timeout_ms <= 0)
		return FALSE;
	if (sv_irq_wait(ctl->dev, ctl->irq_index, 0, timeout_ms, NULL, &err)) {
		ctl->irqs_seen++;
		return TRUE;
	}
	if (g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT))
		return FALSE;
	g_propagate_error(error, g_steal_pointer(&err));
	return FALSE;
}

void hda_ctl_irq_done(HdaController *ctl)
{
	g_autoptr(GError) err = NULL;

	/* VFIO masks a level-triggered INTx when it fires; re-arm it now that the
	 * status bits that raised it are cleared. */
	if (ctl->irq_mode == HDA_IRQ_INTX && !sv_irq_unmask(ctl->dev, SV_IRQ_INTX, 0, &err))
		sv_debug("%s: INTx unmask: %s", ctl->name, err->message);
}

const char *hda_irq_mode_name(HdaIrqMode mode)
{
	switch (mode) {
	case HDA_IRQ_MSI: return "msi";
	case HDA_IRQ_INTX: return "intx";
	case HDA_IRQ_POLL: return "poll";
	case HDA_IRQ_AUTO: return "auto";
	}
	return "?";
}
