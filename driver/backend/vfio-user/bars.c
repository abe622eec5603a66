// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bars.c - place a vfio-user function's BARs as firmware does, and turn
 * decoding on.
 *
 * Through kernel VFIO a function was placed by the firmware (or the OS)
 * before vfio-pci got it, and vfio-pci enables memory decoding at open.  A
 * vfio-user server exports a function that no firmware has seen; one that
 * models the bus faithfully answers a BAR access only when the BAR has an
 * address and the command register decodes it.  QEMU's x-vfio-user-server
 * resolves REGION_READ/WRITE through the PCI address space
 * (memory_region_find() on the BAR's region in hw/remote/vfio-user-obj.c):
 * an unplaced BAR is "vfu: invalid address" there, EINVAL here.
 *
 * So at open, and again after a DEVICE_RESET (which clears them on a real
 * function), every BAR that has no address gets one, naturally aligned, the
 * larger ones first (as SeaBIOS's pci_region_map_entries() does): memory
 * BARs in a 32-bit window below the 4 GiB hole, 64-bit ones that do not
 * fit there above 4 GiB, IO BARs in the 0xc000-0xffff IO window.  BARs that
 * already have an address keep it; nothing else in config space is
 * touched, so the layers above still own it.
 */
#define SV_LOG_PREFIX "vfio-user"
#include "sofvfio/log.h"
#include "vfio-user.h"

#include <linux/pci_regs.h>

/* Windows of the address spaces we place into (a q35-like layout). */
#define MEM32_BASE 0xc0000000ull
#define MEM32_END 0xfec00000ull /* the IOAPIC and what follows stay free */
#define MEM64_BASE 0x8000000000ull
#define MEM64_END 0x10000000000ull
#define IO_BASE 0xc000ull
#define IO_END 0x10000ull

typedef struct {
	unsigned bar;
	uint64_t size;   /* a power of two */
	uint64_t addr;   /* 0: unplaced */
	uint32_t type_bits; /* the register's low bits: space, type, prefetchable */
	bool io, mem64;
} Bar;

typedef struct {
	uint64_t base, end;
} Window;

static uint64_t pow2_ceil(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p)
		p <<= 1;
	return p;
}

static bool overlaps(const Bar *b, uint64_t addr, uint64_t size)
{
	return b->addr && addr < b->addr + b->size && b->addr < addr + size;
}

/* The lowest aligned address in @w where @size bytes overlap no placed BAR of the same kind. */
static uint64_t find_room(const Bar *bars, unsigned n, const Bar *want, const Window *w)
{
	uint64_t a = (w->base + want->size - 1) & ~(want->size - 1);

	while (a + want->size <= w->end && a >= w->base) {
		bool clash = false;

		for (unsigned i = 0; i < n; i++) {
			if (bars[i].io == want->io && overlaps(&bars[i], a, want->size)) {
				/* past the one in the way, aligned again */
				a = (bars[i].addr + bars[i].size + want->size - 1) & ~(want->size - 1);
				clash = true;
				break;
			}
		}
		if (!clash)
			return a;
	}
	return 0;
}

/*
 * The size of region @index (0 when it is not there).  A malformed answer
 * leaves that BAR alone, for whoever uses it to meet the same error; only
 * a server gone or silent fails the open.
 */
static gboolean region_size(SvDevice *dev, uint32_t index, SvRegionInfo *ri, GError **error)
{
	g_autoptr(GError) err = NULL;

	if (sv_region_info(dev, index, ri, &err))
		return TRUE;
	if (g_error_matches(err, SV_ERROR, SV_ERROR_CRASHED) ||
	    g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT)) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	sv_debug("%s: %s not placed: %s", dev->name, sv_region_name(index), err->message);
	ri->size = 0;
	return TRUE;
}

/* Read what config space says about every BAR the server reports a region for. */
static gboolean read_bars(SvDevice *dev, Bar *bars, unsigned *n, GError **error)
{
	*n = 0;
	for (unsigned i = 0; i <= SV_REGION_BAR5 && i < dev->info.num_regions; i++) {
		unsigned off = PCI_BASE_ADDRESS_0 + 4 * i;
		SvRegionInfo ri;
		uint32_t lo, hi = 0;
		Bar *b = &bars[*n];

		if (!region_size(dev, i, &ri, error))
			return FALSE;
		if (!ri.size)
			continue;
		if (!sv_config_read32(dev, off, &lo, error))
			return FALSE;
		b->bar = i;
		b->io = lo & PCI_BASE_ADDRESS_SPACE_IO;
		b->type_bits = lo & (b->io ? ~PCI_BASE_ADDRESS_IO_MASK : ~PCI_BASE_ADDRESS_MEM_MASK);
		/* A 64-bit type in BAR5 has no upper half: taken as 32-bit. */
		b->mem64 = !b->io && i < SV_REGION_BAR5 &&
			   (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64;
		if (b->mem64 && !sv_config_read32(dev, off + 4, &hi, error))
			return FALSE;
		b->addr = b->io ? lo & PCI_BASE_ADDRESS_IO_MASK
				: ((uint64_t)hi << 32 | (lo & PCI_BASE_ADDRESS_MEM_MASK));
		b->size = pow2_ceil(ri.size);
		(*n)++;
		if (b->mem64)
			i++; /* the upper half is not a BAR of its own */
	}
	return TRUE;
}

static gboolean write_bar(SvDevice *dev, const Bar *b, GError **error)
{
	unsigned off = PCI_BASE_ADDRESS_0 + 4 * b->bar;
	uint32_t back;

	/* The type bits are read-only on a function; written back as they read. */
	if (!sv_config_write32(dev, off, (uint32_t)b->addr | b->type_bits, error) ||
	    (b->mem64 && !sv_config_write32(dev, off + 4, (uint32_t)(b->addr >> 32), error)) ||
	    !sv_config_read32(dev, off, &back, error))
		return FALSE;
	/* A server that does not model BAR registers keeps its own value: say so, go on. */
	if ((back & (b->io ? PCI_BASE_ADDRESS_IO_MASK : PCI_BASE_ADDRESS_MEM_MASK)) !=
	    (uint32_t)b->addr)
		sv_debug("%s: BAR%u reads 0x%08x after placing it at 0x%" G_GINT64_MODIFIER "x",
			 dev->name, b->bar, back, b->addr);
	sv_debug("%s: BAR%u (%s, 0x%" G_GINT64_MODIFIER "x bytes) placed at 0x%"
		 G_GINT64_MODIFIER "x", dev->name, b->bar, b->io ? "IO" : b->mem64 ? "mem64" : "mem",
		 b->size, b->addr);
	return TRUE;
}

static gint by_size_desc(gconstpointer a, gconstpointer b)
{
	const Bar *x = a, *y = b;

	return x->size < y->size ? 1 : x->size > y->size ? -1 : (int)x->bar - (int)y->bar;
}

gboolean vfu_place_bars(SvDevice *dev, GError **error)
{
	static const Window mem32 = { MEM32_BASE, MEM32_END }, mem64 = { MEM64_BASE, MEM64_END },
			    io = { IO_BASE, IO_END };
	Bar bars[6] = { 0 };
	unsigned n, want = 0;
	uint16_t cmd;

	if (!(dev->info.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    dev->info.num_regions <= SV_REGION_CONFIG)
		return TRUE;
	if (!read_bars(dev, bars, &n, error))
		goto fail;
	qsort(bars, n, sizeof(bars[0]), (int (*)(const void *, const void *))by_size_desc);
	for (unsigned i = 0; i < n; i++) {
		Bar *b = &bars[i];

		want |= b->io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
		if (b->addr)
			continue;
		b->addr = find_room(bars, n, b, b->io ? &io : &mem32);
		if (!b->addr && b->mem64)
			b->addr = find_room(bars, n, b, &mem64);
		if (!b->addr) {
			g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
				    "%s: no room for BAR%u (0x%" G_GINT64_MODIFIER "x bytes) in the "
				    "%s window", dev->name, b->bar, b->size,
				    b->io ? "IO" : b->mem64 ? "64-bit memory" : "32-bit memory");
			return FALSE;
		}
		if (!write_bar(dev, b, error))
			goto fail;
	}
	if (!want)
		return TRUE;
	if (!sv_config_read16(dev, PCI_COMMAND, &cmd, error) ||
	    ((cmd & want) != want && !sv_config_write16(dev, PCI_COMMAND, cmd | want, error)))
		goto fail;
	return TRUE;
fail:
	g_prefix_error(error, "placing the BARs (as firmware does) at open: ");
	return FALSE;
}
