// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ops.c - the qtest backend's ops table: open (parse, launch, connect,
 * place the device), close, describe, reset.  See qtest.h for the files.
 */
#define SV_LOG_PREFIX "qtest"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "qtest.h"

#include <string.h>

#define RESET_TIMEOUT_US (10 * G_USEC_PER_SEC)

static QtDev *qt_new(SvDevice *dev)
{
	QtDev *qt = g_new0(QtDev, 1);

	qt->dev = dev;
	qt->pid = -1;
	qt->qtest_fd = qt->qmp_fd = qt->stderr_fd = qt->log_fd = qt->ram_fd = -1;
	qt->wake_fd[0] = qt->wake_fd[1] = -1;
	g_mutex_init(&qt->lock);
	g_cond_init(&qt->cond);
	g_mutex_init(&qt->err_lock);
	g_mutex_init(&qt->cmd_lock);
	g_mutex_init(&qt->qmp_lock);
	g_mutex_init(&qt->cfg_lock);
	g_mutex_init(&qt->irq_lock);
	g_mutex_init(&qt->mem_lock);
	g_queue_init(&qt->replies);
	qt_irq_init(qt);
	return qt;
}

static void qt_free(QtDev *qt)
{
	qt_shutdown(qt);
	qt_trace_close(qt);
	qt_mem_fini(qt);
	qt_options_clear(&qt->opt);
	g_free(qt->qemu_path);
	g_free(qt->bios_path);
	g_free(qt->qemu_version);
	g_free(qt->tmpdir);
	g_free(qt->qtest_sock);
	g_free(qt->qmp_sock);
	g_free(qt->death);
	if (qt->qmp_buf)
		g_string_free(qt->qmp_buf, TRUE);
	g_mutex_clear(&qt->lock);
	g_cond_clear(&qt->cond);
	g_mutex_clear(&qt->err_lock);
	g_mutex_clear(&qt->cmd_lock);
	g_mutex_clear(&qt->qmp_lock);
	g_mutex_clear(&qt->cfg_lock);
	g_mutex_clear(&qt->irq_lock);
	g_mutex_clear(&qt->mem_lock);
	g_free(qt);
}

static gboolean qt_open(SvDevice *dev, const char *spec, GError **error)
{
	QtDev *qt = qt_new(dev);
	int64_t t0;

	/* Everything the user can get wrong is checked before QEMU runs. */
	if (!qt_options_parse(dev->name, spec, &qt->opt, error) ||
	    !(qt->qemu_path = qt_find_qemu(qt, error)) ||
	    !(qt->bios_path = qt_find_bios(qt, error)) || !qt_mem_init(qt, error) ||
	    !qt_trace_open(qt, error))
		goto fail;
	t0 = sv_now_us();
	if (!qt_launch(qt, error) || !qt_io_start(qt, error) || !qt_qmp_handshake(qt, error) ||
	    /* INTx: QEMU reports IOAPIC input changes as "IRQ raise|lower N" lines. */
	    !qt_cmd(qt, NULL, error, "irq_intercept_in ioapic") || !qt_pci_setup(qt, error))
		goto fail;
	qt->launch_us = sv_now_us() - t0;
	dev->priv = qt;
	/* What vfio-pci reports for a PCI function; RESET is a QMP system_reset. */
	dev->info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	dev->info.num_regions = VFIO_PCI_NUM_REGIONS;
	dev->info.num_irqs = VFIO_PCI_NUM_IRQS;
	sv_debug("%s: QEMU %s (pid %d) ready in %" G_GINT64_FORMAT " ms, BAR0 at 0x%"
		 G_GINT64_MODIFIER "x", dev->name, qt->qemu_version, (int)qt->pid,
		 qt->launch_us / 1000, qt->bars[0].addr);
	return TRUE;
fail:
	qt_free(qt);
	return FALSE;
}

static void qt_close(SvDevice *dev)
{
	QtDev *qt = qt_of(dev);

	if (!qt)
		return;
	qt_free(qt);
	dev->priv = NULL;
}

static void qt_describe(SvDevice *dev, GString *out)
{
	QtDev *qt = qt_of(dev);
	gboolean dead;
	g_autofree char *death = NULL;

	g_mutex_lock(&qt->lock);
	dead = qt->dead;
	death = g_strdup(qt->death);
	g_mutex_unlock(&qt->lock);
	g_string_append_printf(out, "qemu: %s\n", qt->qemu_path);
	g_string_append_printf(out, "qemu-version: %s\n", qt->qemu_version);
	if (dead)
		g_string_append_printf(out, "qemu-pid: %d (%s)\n", (int)qt->pid,
				       death ? death : "gone");
	else
		g_string_append_printf(out, "qemu-pid: %d\n", (int)qt->pid);
	g_string_append_printf(out, "machine: q35 (pit=off, hpet=off), TCG, halting firmware "
			       "%s\n", qt->bios_path);
	g_string_append_printf(out, "controller: %s at 00:%02x.0 (8086:%04x)\n",
			       qt->opt.controller, QT_PCI_SLOT,
			       qt_controller_device_id(qt->opt.controller));
	g_string_append_printf(out, "codec: %s\n", qt->opt.codec);
	if (qt->opt.msi && qt->msi_cap)
		g_string_append_printf(out, "msi: on (capability at 0x%02x, doorbell at guest "
				       "0x%x)\n", qt->msi_cap, QT_MSI_GPA);
	else
		g_string_append_printf(out, "msi: off\n");
	g_string_append_printf(out, "intx: IOAPIC input %d (intercepted)\n", QT_INTX_GSI);
	if (qt->opt.wav)
		g_string_append_printf(out, "audio: wav %s (48000 Hz)\n", qt->opt.wav);
	else
		g_string_append_printf(out, "audio: none (48000 Hz)\n");
	g_string_append_printf(out, "guest-ram: %u MiB (memfd shared with QEMU), DMA from "
			       "0x%x\n", qt->opt.mem_mib, QT_DMA_START);
	for (unsigned i = 0; i < 6; i++)
		if (qt->bars[i].size)
			g_string_append_printf(out, "bar%u: %s 0x%" G_GINT64_MODIFIER "x (0x%"
					       G_GINT64_MODIFIER "x bytes)\n", i,
					       qt->bars[i].io ? "port" : "address",
					       qt->bars[i].addr, qt->bars[i].size);
	g_string_append_printf(out, "qtest-socket: %s\n", qt->qtest_sock);
	if (qt->opt.log)
		g_string_append_printf(out, "log: %s\n", qt->opt.log);
	g_string_append_printf(out, "launch-time: %" G_GINT64_FORMAT " ms\n",
			       qt->launch_us / 1000);
}

/*
 * VFIO_DEVICE_RESET: QEMU resets the whole (otherwise idle) machine; the
 * device comes back as after a function reset, and, as the kernel restores
 * a function's saved config state, BARs, command register and MSI are put
 * back.
 */
static gboolean qt_reset(SvDevice *dev, GError **error)
{
	QtDev *qt = qt_of(dev);

	if (!qt_check_alive(qt, error) ||
	    !qt_qmp_command(qt, "system_reset", "RESET", NULL, RESET_TIMEOUT_US, error))
		return FALSE;
	g_mutex_lock(&qt->cfg_lock);
	qt->cf8 = 0; /* the latch was reset too */
	g_mutex_unlock(&qt->cfg_lock);
	qt_trace_reset(qt);
	return qt_pci_setup(qt, error) && qt_irq_restore(qt, error);
}

static void *qt_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
			    GError **error)
{
	return NULL; /* QEMU's MMIO is reached by qtest commands only */
}

const SvBackendOps sv_backend_qtest = {
	.name = "qtest",
	.prefix = "qtest",
	.open = qt_open,
	.close = qt_close,
	.describe = qt_describe,
	.region_info = qt_region_info,
	.region_read = qt_region_read,
	.region_write = qt_region_write,
	.region_mmap = qt_region_mmap,
	.irq_info = qt_irq_info,
	.irq_set = qt_irq_set,
	.reset = qt_reset,
	.mem_alloc = qt_mem_alloc,
	.mem_free = qt_mem_free,
	.dma_map = qt_dma_map,
	.dma_unmap = qt_dma_unmap,
	.iova_ranges = qt_iova_ranges,
	.has_iommu = FALSE,
};
