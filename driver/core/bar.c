// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bar.c - BAR register access behind one accessor: through an mmap'ed
 * window where the region allows it (whole region, or each sparse area),
 * through the backend's slow path everywhere else.
 */
#define SV_LOG_PREFIX "bar"
#include "sofvfio/log.h"
#include "backend.h"
#include "sofvfio/wait.h"

#include <string.h>

static gboolean check_bar(SvDevice *dev, unsigned bar, GError **error)
{
	if (bar >= G_N_ELEMENTS(dev->bars) || bar >= dev->info.num_regions) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: no BAR%u", dev->name, bar);
		return FALSE;
	}
	return TRUE;
}

static void add_window(SvDevice *dev, SvBarState *st, unsigned bar, uint64_t offset,
		       uint64_t size)
{
	g_autoptr(GError) err = NULL;
	void *addr;

	if (!size || st->n_windows >= G_N_ELEMENTS(st->windows))
		return;
	addr = dev->ops->region_mmap(dev, bar, offset, size, &err);
	if (!addr) {
		/* Not fatal: the slow path serves these offsets. */
		if (err)
			sv_debug("%s: BAR%u +0x%" G_GINT64_MODIFIER "x: mmap failed (%s), using "
				 "region read/write", dev->name, bar, offset, err->message);
		return;
	}
	st->windows[st->n_windows++] = (SvBarWindow){ offset, size, addr };
}

gboolean sv_bar_map(SvDevice *dev, unsigned bar, GError **error)
{
	SvBarState *st;

	if (!check_bar(dev, bar, error))
		return FALSE;
	st = &dev->bars[bar];
	if (st->probed)
		return TRUE;
	if (!sv_region_info(dev, bar, &st->info, error))
		return FALSE;
	if (!st->info.size) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s: BAR%u is not implemented by this device", dev->name, bar);
		return FALSE;
	}
	st->probed = TRUE;
	if (!(st->info.flags & VFIO_REGION_INFO_FLAG_MMAP) || !dev->ops->region_mmap)
		return TRUE;
	if (st->info.n_sparse) {
		/* Only the listed areas may be mapped (e.g. around an MSI-X table). */
		for (unsigned i = 0; i < st->info.n_sparse; i++) {
			const SvSparseArea *a = &st->info.sparse[i];

			if (a->offset + a->size > st->info.size)
				continue; /* region_info already rejected these; be safe */
			add_window(dev, st, bar, a->offset, a->size);
		}
	} else {
		add_window(dev, st, bar, 0, st->info.size);
	}
	return TRUE;
}

void sv_bar_unmap_all(SvDevice *dev);
void sv_bar_unmap_all(SvDevice *dev)
{
	for (unsigned b = 0; b < G_N_ELEMENTS(dev->bars); b++) {
		SvBarState *st = &dev->bars[b];

		for (unsigned i = 0; i < st->n_windows; i++)
			if (dev->ops->region_munmap)
				dev->ops->region_munmap(dev, st->windows[i].addr, st->windows[i].size);
		memset(st, 0, sizeof(*st));
	}
}

volatile void *sv_bar_ptr(SvDevice *dev, unsigned bar, uint64_t offset)
{
	SvBarState *st;

	if (bar >= G_N_ELEMENTS(dev->bars))
		return NULL;
	st = &dev->bars[bar];
	if (!st->probed && !sv_bar_map(dev, bar, NULL))
		return NULL;
	for (unsigned i = 0; i < st->n_windows; i++) {
		const SvBarWindow *w = &st->windows[i];

		if (offset >= w->offset && offset < w->offset + w->size)
			return (volatile uint8_t *)w->addr + (offset - w->offset);
	}
	return NULL;
}

static gboolean check_access(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
			     GError **error)
{
	if (width != 1 && width != 2 && width != 4 && width != 8) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: BAR%u access width %u is not "
			    "1, 2, 4 or 8", dev->name, bar, width);
		return FALSE;
	}
	if (!sv_bar_map(dev, bar, error))
		return FALSE;
	if (offset % width || offset + width > dev->bars[bar].info.size) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: BAR%u access of %u bytes at 0x%" G_GINT64_MODIFIER "x is %s "
			    "(BAR size 0x%" G_GINT64_MODIFIER "x)", dev->name, bar, width, offset,
			    offset % width ? "unaligned" : "out of range", dev->bars[bar].info.size);
		return FALSE;
	}
	return TRUE;
}

gboolean sv_bar_read(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
		     uint64_t *val, GError **error)
{
	volatile void *p;

	if (!check_access(dev, bar, offset, width, error))
		return FALSE;
	p = sv_bar_ptr(dev, bar, offset);
	if (p) {
		/* One access of exactly @width: device registers must not be split or merged. */
		switch (width) {
		case 1: *val = *(volatile uint8_t *)p; break;
		case 2: *val = *(volatile uint16_t *)p; break;
		case 4: *val = *(volatile uint32_t *)p; break;
		default: *val = *(volatile uint64_t *)p; break;
		}
		return TRUE;
	}
	*val = 0;
	return dev->ops->region_read(dev, bar, offset, val, width, error);
}

/* sv_bar_write(), posted when @posted and the backend can (unchecked accessors). */
static gboolean bar_write(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
			  uint64_t val, gboolean posted, GError **error)
{
	volatile void *p;

	if (!check_access(dev, bar, offset, width, error))
		return FALSE;
	p = sv_bar_ptr(dev, bar, offset);
	if (p) {
		switch (width) {
		case 1: *(volatile uint8_t *)p = (uint8_t)val; break;
		case 2: *(volatile uint16_t *)p = (uint16_t)val; break;
		case 4: *(volatile uint32_t *)p = (uint32_t)val; break;
		default: *(volatile uint64_t *)p = val; break;
		}
		return TRUE;
	}
	if (posted && dev->ops->region_post)
		return dev->ops->region_post(dev, bar, offset, &val, width, error);
	return dev->ops->region_write(dev, bar, offset, &val, width, error);
}

gboolean sv_bar_write(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
		      uint64_t val, GError **error)
{
	return bar_write(dev, bar, offset, width, val, FALSE, error);
}

/*
 * An error is kept and the far end is gone (or hung): the next accesses
 * cannot reach it either; fail them at once, as a master abort, instead of
 * waiting out a deadline for each.
 */
static gboolean abort_now(SvDevice *dev)
{
	return dev->io_error && sv_device_gone(dev, NULL);
}

static uint64_t read_unchecked(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width)
{
	GError *err = NULL;
	uint64_t v;

	if (abort_now(dev))
		return ~(uint64_t)0;
	if (sv_bar_read(dev, bar, offset, width, &v, &err))
		return v;
	if (!dev->io_error)
		dev->io_error = err;
	else
		g_error_free(err);
	return ~(uint64_t)0;
}

static void write_unchecked(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
			    uint64_t val)
{
	GError *err = NULL;

	if (abort_now(dev))
		return;
	/* Posted, as PCI posts MMIO writes: what goes wrong shows at the next read
	 * (or sv_device_take_error(), which keeps it like any failed access). */
	if (bar_write(dev, bar, offset, width, val, TRUE, &err))
		return;
	if (!dev->io_error)
		dev->io_error = err;
	else
		g_error_free(err);
}

uint8_t sv_read8(SvDevice *dev, unsigned bar, uint64_t offset)
{
	return (uint8_t)read_unchecked(dev, bar, offset, 1);
}

uint16_t sv_read16(SvDevice *dev, unsigned bar, uint64_t offset)
{
	return (uint16_t)read_unchecked(dev, bar, offset, 2);
}

uint32_t sv_read32(SvDevice *dev, unsigned bar, uint64_t offset)
{
	return (uint32_t)read_unchecked(dev, bar, offset, 4);
}

void sv_write8(SvDevice *dev, unsigned bar, uint64_t offset, uint8_t val)
{
	write_unchecked(dev, bar, offset, 1, val);
}

void sv_write16(SvDevice *dev, unsigned bar, uint64_t offset, uint16_t val)
{
	write_unchecked(dev, bar, offset, 2, val);
}

void sv_write32(SvDevice *dev, unsigned bar, uint64_t offset, uint32_t val)
{
	write_unchecked(dev, bar, offset, 4, val);
}

gboolean sv_device_take_error(SvDevice *dev, GError **error)
{
	if (!dev->io_error)
		return TRUE;
	g_propagate_error(error, dev->io_error);
	dev->io_error = NULL;
	return FALSE;
}

/* ---- waiting for a register (sofvfio/wait.h) ----------------------------- */

typedef struct {
	SvDevice *dev;
	unsigned bar, width;
	uint64_t offset;
	uint32_t mask, value;
} RegWait;

static gboolean reg_matches(void *data, GError **error)
{
	RegWait *w = data;
	uint64_t v;

	if (!sv_bar_read(w->dev, w->bar, w->offset, w->width, &v, error))
		return FALSE;
	return ((uint32_t)v & w->mask) == w->value;
}

gboolean sv_wait_reg(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width, uint32_t mask,
		     uint32_t value, int64_t timeout_us, const char *what, GError **error)
{
	RegWait w = { dev, bar, width, offset, mask, value };
	g_autofree char *desc = g_strdup_printf("%s on %s (BAR%u+0x%" G_GINT64_MODIFIER
						"x & 0x%x == 0x%x)", what, dev->name, bar,
						offset, mask, value);

	return sv_wait_until(reg_matches, &w, timeout_us, desc, error);
}
