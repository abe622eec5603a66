// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * device.c - device names, backend selection, open/close, info, reset,
 * config space.
 */
#define SV_LOG_PREFIX "device"
#include "sofvfio/log.h"
#include "backend.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Backends selected by prefix; the kernel backend takes what no prefix claims. */
static const SvBackendOps *const backends[] = {
	&sv_backend_vfio_user,
	&sv_backend_qtest,
	&sv_backend_vfio,
};

size_t sv_page_size(void)
{
	static size_t page;

	if (!page)
		page = (size_t)sysconf(_SC_PAGESIZE);
	return page;
}

const SvBackendOps *sv_backend_for(const char *name, const char **spec)
{
	for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
		const char *p = backends[i]->prefix;

		if (!p) {
			*spec = g_str_has_prefix(name, "vfio:") ? name + 5 : name;
			return backends[i];
		}
		if (g_str_has_prefix(name, p)) {
			*spec = name + strlen(p);
			/* "qtest" alone and "qtest:..." both select qtest */
			if (**spec == ':')
				(*spec)++;
			return backends[i];
		}
	}
	return NULL;
}

SvDevice *sv_device_open(const char *name, GError **error)
{
	const SvBackendOps *ops;
	const char *spec = NULL;

	if (!name || !*name)
		name = g_getenv("SOFVFIO_DEVICE");
	if (!name || !*name) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "no device given: pass -d DEVICE or set SOFVFIO_DEVICE "
			    "(a PCI address such as 0000:00:1f.3, vfio-user:SOCKET or qtest:)");
		return NULL;
	}
	ops = sv_backend_for(name, &spec);
	if (!ops || !ops->open) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "device '%s': this build has no backend for that kind of name", name);
		return NULL;
	}
	return sv_device_open_ops(ops, name, spec, error);
}

SvDevice *sv_device_open_ops(const SvBackendOps *ops, const char *name, const char *spec,
			     GError **error)
{
	SvDevice *dev = g_new0(SvDevice, 1);

	dev->ops = ops;
	dev->name = g_strdup(name);
	dev->dma_bufs = g_ptr_array_new();
	dev->dma_maps = g_array_new(FALSE, TRUE, sizeof(SvDmaMapping));
	if (!ops->open(dev, spec, error)) {
		g_ptr_array_unref(dev->dma_bufs);
		g_array_unref(dev->dma_maps);
		g_free(dev->name);
		g_free(dev);
		return NULL;
	}
	sv_debug("%s: opened (%s backend, %u regions, %u irq indices)", name, ops->name,
		 dev->info.num_regions, dev->info.num_irqs);
	return dev;
}

/* Implemented in bar.c, irq.c and dma.c: tear down what each keeps. */
void sv_bar_unmap_all(SvDevice *dev);
void sv_irq_disable_all(SvDevice *dev);
void sv_dma_free_all(SvDevice *dev);

void sv_device_close(SvDevice *dev)
{
	if (!dev)
		return;
	sv_irq_disable_all(dev);
	sv_dma_free_all(dev);
	sv_bar_unmap_all(dev);
	if (dev->ops->close)
		dev->ops->close(dev);
	g_ptr_array_unref(dev->dma_bufs);
	g_array_unref(dev->dma_maps);
	g_clear_error(&dev->io_error);
	g_free(dev->name);
	g_free(dev);
}

const char *sv_device_name(SvDevice *dev)
{
	return dev->name;
}

const char *sv_device_backend(SvDevice *dev)
{
	return dev->ops->name;
}

const SvDeviceInfo *sv_device_get_info(SvDevice *dev)
{
	return &dev->info;
}

gboolean sv_device_gone(SvDevice *dev, GError **why)
{
	return dev->ops->gone && dev->ops->gone(dev, why);
}

gboolean sv_device_has_iommu(SvDevice *dev)
{
	return dev->ops->has_iommu;
}

void sv_device_describe(SvDevice *dev, GString *out)
{
	g_string_append_printf(out, "backend: %s\n", dev->ops->name);
	if (dev->ops->describe)
		dev->ops->describe(dev, out);
}

gboolean sv_device_reset(SvDevice *dev, GError **error)
{
	if (!(dev->info.flags & VFIO_DEVICE_FLAGS_RESET) || !dev->ops->reset) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: the device offers no reset (no FLR or PM reset); reset it "
			    "through its own registers instead (HDA: GCTL.CRST)", dev->name);
		return FALSE;
	}
	return dev->ops->reset(dev, error);
}

/* ---- regions ---------------------------------------------------------- */

static gboolean check_index(SvDevice *dev, uint32_t index, GError **error)
{
	if (index >= dev->info.num_regions) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: region index %u out of range (the device has %u regions)",
			    dev->name, index, dev->info.num_regions);
		return FALSE;
	}
	return TRUE;
}

gboolean sv_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error)
{
	if (!check_index(dev, index, error))
		return FALSE;
	memset(info, 0, sizeof(*info));
	return dev->ops->region_info(dev, index, info, error);
}

gboolean sv_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			GError **error)
{
	if (!check_index(dev, index, error))
		return FALSE;
	return dev->ops->region_read(dev, index, offset, buf, len, error);
}

gboolean sv_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error)
{
	if (!check_index(dev, index, error))
		return FALSE;
	return dev->ops->region_write(dev, index, offset, buf, len, error);
}

/* ---- config space ----------------------------------------------------- */

gboolean sv_config_read(SvDevice *dev, uint32_t offset, void *buf, size_t len, GError **error)
{
	return sv_region_read(dev, SV_REGION_CONFIG, offset, buf, len, error);
}

gboolean sv_config_write(SvDevice *dev, uint32_t offset, const void *buf, size_t len,
			 GError **error)
{
	return sv_region_write(dev, SV_REGION_CONFIG, offset, buf, len, error);
}

/* Config space is little-endian; so is every host this project runs on. */
#define CONFIG_ACCESSORS(bits)                                                              \
	gboolean sv_config_read##bits(SvDevice *dev, uint32_t offset, uint##bits##_t *val,    \
				      GError **error)                                       \
	{                                                                                   \
		return sv_config_read(dev, offset, val, sizeof(*val), error);               \
	}                                                                                   \
	gboolean sv_config_write##bits(SvDevice *dev, uint32_t offset, uint##bits##_t val,    \
				       GError **error)                                      \
	{                                                                                   \
		return sv_config_write(dev, offset, &val, sizeof(val), error);              \
	}
CONFIG_ACCESSORS(8)
CONFIG_ACCESSORS(16)
CONFIG_ACCESSORS(32)

gboolean sv_pci_enable(SvDevice *dev, GError **error)
{
	uint16_t cmd;

	if (!sv_config_read16(dev, 0x04, &cmd, error))
		return FALSE;
	/* PCI_COMMAND: memory space (bit 1), bus master (bit 2). */
	cmd |= 0x0006;
	return sv_config_write16(dev, 0x04, cmd, error);
}

const char *sv_region_name(uint32_t index)
{
	static const char *const names[] = { "BAR0", "BAR1", "BAR2", "BAR3", "BAR4",
					     "BAR5", "ROM",  "CONFIG", "VGA" };
	static char other[SV_REGION_MAX][12];

	if (index < G_N_ELEMENTS(names))
		return names[index];
	if (index < SV_REGION_MAX) {
		if (!other[index][0])
			g_snprintf(other[index], sizeof(other[index]), "REGION%u", index);
		return other[index];
	}
	return "REGION?";
}

const char *sv_irq_name(uint32_t index)
{
	static const char *const names[] = { "INTx", "MSI", "MSI-X", "ERR", "REQ" };

	return index < G_N_ELEMENTS(names) ? names[index] : "IRQ?";
}
