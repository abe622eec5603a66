// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fake-device.c - see fake-device.h.  Register offsets are the HDA spec's
 * (section 3.3), written here on their own.
 */
#include "fake-device.h"
#include "backend.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BAR0_SIZE 0x4000
#define REG_INTSTS 0x24
#define REG_RIRBLBASE 0x50
#define REG_RIRBUBASE 0x54
#define REG_RIRBWP 0x58
#define REG_DPLBASE 0x70
#define REG_DPUBASE 0x74
#define RIRB_ENTRIES 256

typedef struct {
	FuzzInput in;
	uint8_t config[256];
	uint64_t rirb_base, posbuf_base;
	unsigned rirb_wp;
	int irq_fd[2];          /* INTx, MSI eventfds the core gave (not ours) */
	GArray *maps;           /* SvDmaMapping of the core's buffers */
} Fake;

static Fake *fake_of(SvDevice *dev)
{
	return dev->priv;
}

static gboolean gone(SvDevice *dev, GError **error)
{
	g_set_error(error, SV_ERROR, SV_ERROR_CRASHED, "%s: the fuzzed device is gone (input "
		    "used up)", dev->name);
	return FALSE;
}

/* The CPU address of device address @iova (@len bytes), or NULL. */
static uint8_t *dma_ptr(Fake *f, uint64_t iova, size_t len)
{
	for (guint i = 0; i < f->maps->len; i++) {
		const SvDmaMapping *m = &g_array_index(f->maps, SvDmaMapping, i);

		if (iova >= m->iova && iova - m->iova <= m->size && len <= m->size - (iova - m->iova))
			return (uint8_t *)m->buf->vaddr + (iova - m->iova);
	}
	return NULL;
}

/* Device DMA: @len input bytes written at @iova (skipped where nothing is mapped). */
static void dma_from_input(Fake *f, uint64_t iova, size_t len)
{
	size_t got;
	const uint8_t *p = fuzz_bytes(&f->in, len, &got);
	uint8_t *dst = dma_ptr(f, iova, got);

	if (dst)
		memcpy(dst, p, got);
}

/* The state fake_device_open() made, for the open the core calls next. */
static Fake *pending;

static gboolean fake_open(SvDevice *dev, const char *spec, GError **error)
{
	Fake *f = dev->priv = g_steal_pointer(&pending);

	dev->info = (SvDeviceInfo){ VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET,
				    VFIO_PCI_NUM_REGIONS, VFIO_PCI_NUM_IRQS };
	/* An HDA function (class 04:03): Intel ICH6, BAR0 memory, INTA, an MSI capability. */
	memset(f->config, 0, sizeof(f->config));
	f->config[0x00] = 0x86, f->config[0x01] = 0x80, f->config[0x02] = 0x68, f->config[0x03] = 0x26;
	f->config[0x06] = 0x10; /* capability list */
	f->config[0x0a] = 0x03, f->config[0x0b] = 0x04;
	f->config[0x34] = 0x60, f->config[0x3d] = 1;
	f->config[0x60] = 0x05; /* MSI, end of list; 64-bit address */
	f->config[0x62] = 0x80;
	f->irq_fd[0] = f->irq_fd[1] = -1;
	return TRUE;
}

static void fake_close(SvDevice *dev)
{
	Fake *f = fake_of(dev);

	g_array_unref(f->maps);
	g_free(f);
}

static gboolean fake_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info,
				 GError **error)
{
	memset(info, 0, sizeof(*info));
	info->index = index;
	if (index == VFIO_PCI_BAR0_REGION_INDEX)
		info->size = BAR0_SIZE;
	else if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		info->size = 256;
	if (info->size)
		info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	return TRUE;
}

static gboolean fake_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf,
				 size_t len, GError **error)
{
	Fake *f = fake_of(dev);
	size_t got;
	const uint8_t *p;

	if (index == VFIO_PCI_CONFIG_REGION_INDEX && offset <= 256 && len <= 256 - offset) {
		memcpy(buf, f->config + offset, len);
		return TRUE;
	}
	if (index != VFIO_PCI_BAR0_REGION_INDEX || offset > BAR0_SIZE || len > BAR0_SIZE - offset) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: no region %u at 0x%" G_GINT64_MODIFIER
			    "x", dev->name, index, offset);
		return FALSE;
	}
	p = fuzz_bytes(&f->in, len, &got);
	if (got < len)
		return gone(dev, error);
	memcpy(buf, p, len);
	if (offset == REG_RIRBWP && len >= 1) {
		/* The entries up to the new write pointer arrive by DMA with it. */
		unsigned wp = ((const uint8_t *)buf)[0] % RIRB_ENTRIES;

		while (f->rirb_wp != wp && f->in.left) {
			f->rirb_wp = (f->rirb_wp + 1) % RIRB_ENTRIES;
			dma_from_input(f, f->rirb_base + 8 * f->rirb_wp, 8);
		}
	} else if (offset == REG_INTSTS && f->posbuf_base) {
		/* A position buffer entry (8 bytes per stream) moves with each interrupt status. */
		dma_from_input(f, f->posbuf_base + 8 * (fuzz_u8(&f->in) % 30), 4);
	}
	return TRUE;
}

static void set_half(uint64_t *v, gboolean upper, uint32_t val)
{
	*v = upper ? (*v & 0xffffffffu) | (uint64_t)val << 32 : (*v & ~0xffffffffull) | val;
}

static gboolean fake_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
				  size_t len, GError **error)
{
	Fake *f = fake_of(dev);
	uint32_t v = 0;

	if (index == VFIO_PCI_CONFIG_REGION_INDEX && offset <= 256 && len <= 256 - offset) {
		memcpy(f->config + offset, buf, len);
		return TRUE;
	}
	if (index != VFIO_PCI_BAR0_REGION_INDEX || offset > BAR0_SIZE || len > BAR0_SIZE - offset) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: no region %u at 0x%" G_GINT64_MODIFIER
			    "x", dev->name, index, offset);
		return FALSE;
	}
	if (!f->in.left)
		return gone(dev, error);
	memcpy(&v, buf, MIN(len, sizeof(v)));
	switch (offset) {
	case REG_RIRBLBASE:
	case REG_RIRBUBASE:
		set_half(&f->rirb_base, offset == REG_RIRBUBASE, offset == REG_RIRBLBASE ? v & ~0x7fu : v);
		break;
	case REG_RIRBWP:
		if (v & 0x8000) /* RIRBWPRST */
			f->rirb_wp = 0;
		break;
	case REG_DPLBASE:
	case REG_DPUBASE:
		set_half(&f->posbuf_base, offset == REG_DPUBASE, offset == REG_DPLBASE ? v & ~0x7fu : v);
		break;
	}
	if (fuzz_u8(&f->in) & 1) {
		uint64_t one = 1;

		for (unsigned i = 0; i < 2; i++)
			if (f->irq_fd[i] >= 0 && write(f->irq_fd[i], &one, sizeof(one)) < 0)
				return gone(dev, error);
	}
	return TRUE;
}

static gboolean fake_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	*info = (SvIrqInfo){ index, VFIO_IRQ_INFO_EVENTFD, 0 };
	if (index == VFIO_PCI_INTX_IRQ_INDEX) {
		info->flags |= VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED;
		info->count = 1;
	} else if (index == VFIO_PCI_MSI_IRQ_INDEX) {
		info->flags |= VFIO_IRQ_INFO_NORESIZE;
		info->count = 1;
	}
	return TRUE;
}

static gboolean fake_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
			     uint32_t flags, const int *fds, GError **error)
{
	Fake *f = fake_of(dev);

	if (index > VFIO_PCI_MSI_IRQ_INDEX || start + count > 1) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: no such vectors", dev->name);
		return FALSE;
	}
	if ((flags & VFIO_IRQ_SET_ACTION_TRIGGER) && (flags & VFIO_IRQ_SET_DATA_EVENTFD))
		f->irq_fd[index] = count ? fds[0] : -1;
	else if ((flags & VFIO_IRQ_SET_ACTION_TRIGGER) && !count)
		f->irq_fd[index] = -1;
	return TRUE;
}

static gboolean fake_reset(SvDevice *dev, GError **error)
{
	return TRUE;
}

static gboolean fake_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed,
			       uint64_t *fixed_iova, GError **error)
{
	void *p = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		sv_set_error_errno(error, errno, "%s: DMA memory", dev->name);
		return FALSE;
	}
	buf->vaddr = p;
	buf->fd = -1;
	*has_fixed = FALSE;
	return TRUE;
}

static void fake_mem_free(SvDevice *dev, SvDmaBuf *buf)
{
	munmap(buf->vaddr, buf->size);
}

static gboolean fake_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	SvDmaMapping m = { buf, iova, buf->size };

	g_array_append_val(fake_of(dev)->maps, m);
	return TRUE;
}

static gboolean fake_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	GArray *maps = fake_of(dev)->maps;

	for (guint i = 0; i < maps->len; i++)
		if (g_array_index(maps, SvDmaMapping, i).buf == buf &&
		    g_array_index(maps, SvDmaMapping, i).iova == iova) {
			g_array_remove_index(maps, i);
			break;
		}
	return TRUE;
}

static void fake_iova_ranges(SvDevice *dev, GArray *ranges)
{
}

static const SvBackendOps fake_ops = {
	.name = "fuzz",
	.open = fake_open,
	.close = fake_close,
	.region_info = fake_region_info,
	.region_read = fake_region_read,
	.region_write = fake_region_write,
	.irq_info = fake_irq_info,
	.irq_set = fake_irq_set,
	.reset = fake_reset,
	.mem_alloc = fake_mem_alloc,
	.mem_free = fake_mem_free,
	.dma_map = fake_dma_map,
	.dma_unmap = fake_dma_unmap,
	.iova_ranges = fake_iova_ranges,
};

SvDevice *fake_device_open(const uint8_t *data, size_t size, GError **error)
{
	pending = g_new0(Fake, 1);
	pending->in = (FuzzInput){ data, size };
	pending->maps = g_array_new(FALSE, FALSE, sizeof(SvDmaMapping));
	return sv_device_open_ops(&fake_ops, "fuzz:hda", "", error);
}

size_t fake_device_left(SvDevice *dev)
{
	return fake_of(dev)->in.left;
}
