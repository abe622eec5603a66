// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci.c - the function at 00:1b.0 as VFIO regions.
 *
 * Config space goes through PCI configuration mechanism #1 (PCI Local Bus
 * spec 3.0, 3.2.2.3.2): the address dword in port 0xCF8, the data in
 * 0xCFC..0xCFF.  No firmware ran, so nothing placed the BARs: they are
 * sized (write all ones, read back, restore) and placed here, memory BARs
 * from 0xE0000000 as libqos does.  As vfio-pci does, the BAR registers are
 * virtualised towards the user (sizing through config space works and does
 * not move the real BAR) and the MSI capability is the backend's own.
 * BAR accesses become qtest readX/writeX (inX/outX for I/O BARs).
 */
#define SV_LOG_PREFIX "qtest-pci"
#include "sofvfio/log.h"
#include "qtest.h"

#include <string.h>

#define CFG_SIZE 256
#define PCI_VENDOR_INTEL 0x8086
#define PCI_COMMAND 0x04
#define  PCI_COMMAND_IO 0x1
#define  PCI_COMMAND_MEMORY 0x2
#define  PCI_COMMAND_MASTER 0x4
#define PCI_STATUS 0x06
#define  PCI_STATUS_CAP_LIST 0x10
#define PCI_BAR0 0x10
#define PCI_CAPABILITY_LIST 0x34
#define PCI_ROM_ADDRESS 0x30
#define  PCI_ROM_ENABLE 0x1
#define  PCI_ROM_MASK 0xfffff800u
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_CAP_ID_MSI 0x05
#define PCI_MSI_FLAGS_64BIT 0x80
#define PCI_MSI_FLAGS_MASKBIT 0x100

static char io_suffix(unsigned width)
{
	return width == 1 ? 'b' : width == 2 ? 'w' : width == 4 ? 'l' : 'q';
}

/* Latch @off's dword in 0xCF8 (skipped when it already is: only we touch it). */
static gboolean latch(QtDev *qt, uint32_t off, GError **error)
{
	uint32_t addr = 0x80000000u | (QT_PCI_SLOT << 11) | (off & 0xfc);

	if (qt->cf8 == addr)
		return TRUE;
	qt->cf8 = 0;
	if (!qt_cmd(qt, NULL, error, "outl 0xcf8 0x%x", addr))
		return FALSE;
	qt->cf8 = addr;
	return TRUE;
}

static gboolean check_cfg(QtDev *qt, uint32_t off, unsigned width, GError **error)
{
	if ((width != 1 && width != 2 && width != 4) || off % width || off + width > CFG_SIZE) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: config access of %u bytes at 0x%x is not a naturally aligned 1, 2 "
			    "or 4 byte access inside the %u bytes of config space", qt->dev->name,
			    width, off, CFG_SIZE);
		return FALSE;
	}
	return TRUE;
}

/** qt_cfg_read() - one real config read of @width bytes (no virtualisation). */
gboolean qt_cfg_read(QtDev *qt, uint32_t off, unsigned width, uint32_t *val, GError **error)
{
	uint64_t v = 0;
	gboolean ok;

	if (!check_cfg(qt, off, width, error))
		return FALSE;
	g_mutex_lock(&qt->cfg_lock);
	ok = latch(qt, off, error) &&
	     qt_cmd(qt, &v, error, "in%c 0x%x", io_suffix(width), 0xcfc + (off & 3));
	g_mutex_unlock(&qt->cfg_lock);
	*val = (uint32_t)v;
	return ok;
}

/** qt_cfg_write() - one real config write of @width bytes (no virtualisation). */
gboolean qt_cfg_write(QtDev *qt, uint32_t off, unsigned width, uint32_t val, GError **error)
{
	gboolean ok;

	if (!check_cfg(qt, off, width, error))
		return FALSE;
	if (width < 4)
		val &= (1u << (8 * width)) - 1;
	g_mutex_lock(&qt->cfg_lock);
	ok = latch(qt, off, error) &&
	     qt_cmd(qt, NULL, error, "out%c 0x%x 0x%x", io_suffix(width), 0xcfc + (off & 3), val);
	g_mutex_unlock(&qt->cfg_lock);
	return ok;
}

/* ---- BAR sizing and placement -------------------------------------------- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static gboolean size_reg(QtDev *qt, uint32_t off, uint32_t ones, uint32_t *orig,
			 uint32_t *probe, GError **error)
{
	return qt_cfg_read(qt, off, 4, orig, error) && qt_cfg_write(qt, off, 4, ones, error) &&
	       qt_cfg_read(qt, off, 4, probe, error) && qt_cfg_write(qt, off, 4, *orig, error);
}

static gboolean place(QtDev *qt, QtBar *b, uint64_t *next, uint64_t limit, const char *what,
		      GError **error)
{
	uint64_t at = align_up(*next, b->size);

	if (at + b->size > limit || at + b->size < at) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: no room for %s of 0x%" G_GINT64_MODIFIER "x bytes below 0x%"
			    G_GINT64_MODIFIER "x", qt->dev->name, what, b->size, limit);
		return FALSE;
	}
	b->addr = at;
	*next = at + b->size;
	return TRUE;
}

/* Program the placed addresses into the device (also after a reset). */
static gboolean program_bars(QtDev *qt, GError **error)
{
	for (unsigned i = 0; i < 6; i++) {
		const QtBar *b = &qt->bars[i];
		uint32_t off = PCI_BAR0 + 4 * i;

		if (!b->size)
			continue;
		if (!qt_cfg_write(qt, off, 4, (uint32_t)b->addr, error) ||
		    (b->is64 && !qt_cfg_write(qt, off + 4, 4, (uint32_t)(b->addr >> 32), error)))
			return FALSE;
	}
	if (qt->rom.size &&
	    !qt_cfg_write(qt, PCI_ROM_ADDRESS, 4, (uint32_t)qt->rom.addr | PCI_ROM_ENABLE, error))
		return FALSE;
	return qt_cfg_write(qt, PCI_COMMAND, 2, qt->command, error);
}

static gboolean size_bars(QtDev *qt, GError **error)
{
	uint64_t mmio = QT_MMIO_BASE, pio = QT_PIO_BASE;
	uint32_t orig, probe;

	for (unsigned i = 0; i < 6; i++) {
		QtBar *b = &qt->bars[i];
		QtVreg *vr = &qt->vregs[i];
		uint32_t off = PCI_BAR0 + 4 * i;
		g_autofree char *what = g_strdup_printf("BAR%u", i);

		if (!size_reg(qt, off, 0xffffffffu, &orig, &probe, error))
			return FALSE;
		if (!probe)
			continue; /* not implemented: reads as 0 */
		if (orig & 1) {
			/* I/O BAR: bits 1:0 are flags, 16-bit port space on x86 */
			b->io = TRUE;
			b->flags = orig & 0x3;
			b->size = (uint16_t)(~(probe & ~0x3u) + 1);
			if (!b->size || !place(qt, b, &pio, QT_PIO_LIMIT, what, error))
				return FALSE;
			qt->command |= PCI_COMMAND_IO;
			*vr = (QtVreg){ (uint32_t)b->addr, ~(uint32_t)(b->size - 1) & ~0x3u, 0x1 };
			continue;
		}
		b->flags = orig & 0xf;
		b->is64 = ((orig >> 1) & 0x3) == 0x2;
		if (b->is64) {
			uint32_t orig_hi, probe_hi;

			if (i == 5 || !size_reg(qt, off + 4, 0xffffffffu, &orig_hi, &probe_hi,
						error)) {
				if (i == 5)
					g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
						    "%s: BAR5 claims to be 64-bit", qt->dev->name);
				return FALSE;
			}
			b->size = ~(((uint64_t)probe_hi << 32) | (probe & ~0xfu)) + 1;
		} else {
			b->size = (uint32_t)(~(probe & ~0xfu) + 1);
		}
		/* 64-bit BARs too go below 4 GiB: the hole above RAM is free. */
		if (!b->size || !place(qt, b, &mmio, QT_MMIO_LIMIT, what, error))
			return FALSE;
		*vr = (QtVreg){ (uint32_t)b->addr, (uint32_t)~(b->size - 1) & ~0xfu, b->flags };
		if (b->is64) {
			qt->vregs[i + 1] = (QtVreg){ (uint32_t)(b->addr >> 32),
						     (uint32_t)(~(b->size - 1) >> 32), 0 };
			i++; /* the upper half is no BAR of its own */
		}
	}
	if (!size_reg(qt, PCI_ROM_ADDRESS, PCI_ROM_MASK, &orig, &probe, error))
		return FALSE;
	if (probe & PCI_ROM_MASK) {
		qt->rom.size = (uint32_t)(~(probe & PCI_ROM_MASK) + 1);
		if (!place(qt, &qt->rom, &mmio, QT_MMIO_LIMIT, "the expansion ROM", error))
			return FALSE;
		qt->vregs[6] = (QtVreg){ (uint32_t)qt->rom.addr,
					 (uint32_t)~(qt->rom.size - 1) & (PCI_ROM_MASK | 1), 0 };
	}
	return TRUE;
}

static gboolean find_msi(QtDev *qt, GError **error)
{
	uint32_t status, ptr, hdr;

	if (!qt_cfg_read(qt, PCI_STATUS, 2, &status, error))
		return FALSE;
	if (!(status & PCI_STATUS_CAP_LIST))
		return TRUE;
	if (!qt_cfg_read(qt, PCI_CAPABILITY_LIST, 1, &ptr, error))
		return FALSE;
	/* At most 48 capabilities fit in the 192 bytes after the header. */
	for (unsigned n = 0; ptr >= 0x40 && n < 48; n++) {
		ptr &= 0xfc;
		if (!qt_cfg_read(qt, ptr, 4, &hdr, error))
			return FALSE;
		if ((hdr & 0xff) == PCI_CAP_ID_MSI) {
			qt->msi_cap = (uint8_t)ptr;
			qt->msi_ctrl = (uint16_t)(hdr >> 16);
			return TRUE;
		}
		ptr = (hdr >> 8) & 0xff;
	}
	return TRUE;
}

/**
 * qt_pci_setup() - check the function is the controller asked for, size
 * and place its BARs, enable memory decode and bus mastering, find MSI.
 * Also run after a reset (the BARs are placed again where they were).
 */
gboolean qt_pci_setup(QtDev *qt, GError **error)
{
	uint32_t id, pin;
	uint16_t want = qt_controller_device_id(qt->opt.controller);

	qt->cf8 = 0;
	if (qt->command) /* after a reset: same places as before */
		return program_bars(qt, error);
	if (!qt_cfg_read(qt, 0, 4, &id, error))
		return FALSE;
	if ((id & 0xffff) != PCI_VENDOR_INTEL || id >> 16 != want) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "%s: 00:%02x.0 is %04x:%04x, not the %s model (8086:%04x)",
			    qt->dev->name, QT_PCI_SLOT, id & 0xffff, id >> 16, qt->opt.controller,
			    want);
		return FALSE;
	}
	/* Decoding off while sizing (it is after power-on; make sure). */
	if (!qt_cfg_write(qt, PCI_COMMAND, 2, 0, error) || !size_bars(qt, error) ||
	    !find_msi(qt, error) || !qt_cfg_read(qt, PCI_INTERRUPT_PIN, 1, &pin, error))
		return FALSE;
	qt->int_pin = (uint8_t)pin;
	qt->command |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	return program_bars(qt, error);
}

/* ---- regions -------------------------------------------------------------- */

static const QtBar *bar_of(QtDev *qt, uint32_t index)
{
	if (index <= VFIO_PCI_BAR5_REGION_INDEX)
		return &qt->bars[index];
	if (index == VFIO_PCI_ROM_REGION_INDEX)
		return &qt->rom;
	return NULL;
}

gboolean qt_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error)
{
	QtDev *qt = qt_of(dev);
	const QtBar *b = bar_of(qt, index);

	if (!qt_check_alive(qt, error))
		return FALSE;
	info->index = index;
	info->offset = 0;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX) {
		info->size = CFG_SIZE;
		info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	} else if (b && b->size) {
		/* No MMAP flag: BARs are QEMU's, reached by qtest commands only. */
		info->size = b->size;
		info->flags = VFIO_REGION_INFO_FLAG_READ;
		if (index != VFIO_PCI_ROM_REGION_INDEX)
			info->flags |= VFIO_REGION_INFO_FLAG_WRITE;
	}
	return TRUE;
}

static gboolean check_range(QtDev *qt, uint32_t index, uint64_t offset, size_t len,
			    uint64_t size, GError **error)
{
	if (!size || offset > size || len > size - offset) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: %s access of %zu bytes at 0x%" G_GINT64_MODIFIER "x is outside "
			    "the region (0x%" G_GINT64_MODIFIER "x bytes)", qt->dev->name,
			    sv_region_name(index), len, offset, size);
		return FALSE;
	}
	return TRUE;
}

/* Largest naturally aligned access at @off that fits in @left bytes (max @max). */
static unsigned chunk(uint64_t off, size_t left, unsigned max)
{
	for (unsigned w = max; w > 1; w /= 2)
		if (!(off % w) && left >= w)
			return w;
	return 1;
}

static int vreg_index(uint32_t dword)
{
	if (dword >= PCI_BAR0 && dword < PCI_BAR0 + 24)
		return (int)(dword - PCI_BAR0) / 4;
	return dword == PCI_ROM_ADDRESS ? 6 : -1;
}

static gboolean cfg_region_read(QtDev *qt, uint64_t offset, uint8_t *out, size_t len,
				GError **error)
{
	for (uint32_t dw = (uint32_t)offset & ~3u; dw < offset + len; dw += 4) {
		int vi = vreg_index(dw);
		uint32_t v;

		if (vi >= 0) {
			g_mutex_lock(&qt->cfg_lock);
			v = (qt->vregs[vi].val & qt->vregs[vi].mask) | qt->vregs[vi].ro;
			g_mutex_unlock(&qt->cfg_lock);
		} else if (!qt_cfg_read(qt, dw, 4, &v, error)) {
			return FALSE;
		}
		/* Config space is little-endian, so is the host. */
		for (unsigned b = 0; b < 4; b++)
			if (dw + b >= offset && dw + b < offset + len)
				out[dw + b - offset] = (uint8_t)(v >> (8 * b));
	}
	return TRUE;
}

static gboolean in_msi_cap(QtDev *qt, uint32_t off, unsigned width)
{
	unsigned len;

	if (!qt->msi_cap)
		return FALSE;
	len = 10 + (qt->msi_ctrl & PCI_MSI_FLAGS_64BIT ? 4 : 0) +
	      (qt->msi_ctrl & PCI_MSI_FLAGS_MASKBIT ? 10 : 0);
	return off < qt->msi_cap + len && off + width > qt->msi_cap;
}

static gboolean cfg_region_write(QtDev *qt, uint64_t offset, const uint8_t *in, size_t len,
				 GError **error)
{
	for (size_t done = 0; done < len;) {
		uint32_t off = (uint32_t)(offset + done), val = 0;
		unsigned w = chunk(off, len - done, 4);
		int vi = vreg_index(off & ~3u);

		memcpy(&val, in + done, w);
		if (vi >= 0) {
			unsigned shift = 8 * (off & 3);
			uint32_t m = (w == 4 ? 0xffffffffu : ((1u << (8 * w)) - 1)) << shift;

			g_mutex_lock(&qt->cfg_lock);
			qt->vregs[vi].val = (qt->vregs[vi].val & ~m) | ((val << shift) & m);
			g_mutex_unlock(&qt->cfg_lock);
		} else if (in_msi_cap(qt, off, w)) {
			/* MSI belongs to SET_IRQS, as with vfio-pci. */
			sv_debug("%s: config write of %u bytes at 0x%x (MSI capability) dropped",
				 qt->dev->name, w, off);
		} else if (!qt_cfg_write(qt, off, w, val, error)) {
			return FALSE;
		}
		done += w;
	}
	return TRUE;
}

static gboolean bar_access(QtDev *qt, const QtBar *b, uint64_t offset, void *buf, size_t len,
			   gboolean write, GError **error)
{
	uint8_t *p = buf;

	for (size_t done = 0; done < len;) {
		uint64_t off = offset + done, addr = b->addr + off, v = 0;
		unsigned w = chunk(off, len - done, b->io ? 4 : 8);
		gboolean ok;

		if (write) {
			memcpy(&v, p + done, w);
			ok = b->io ? qt_cmd(qt, NULL, error, "out%c 0x%" G_GINT64_MODIFIER "x 0x%"
					    G_GINT64_MODIFIER "x", io_suffix(w), addr, v)
				   : qt_cmd(qt, NULL, error, "write%c 0x%" G_GINT64_MODIFIER "x 0x%"
					    G_GINT64_MODIFIER "x", io_suffix(w), addr, v);
		} else {
			ok = b->io ? qt_cmd(qt, &v, error, "in%c 0x%" G_GINT64_MODIFIER "x",
					    io_suffix(w), addr)
				   : qt_cmd(qt, &v, error, "read%c 0x%" G_GINT64_MODIFIER "x",
					    io_suffix(w), addr);
			if (ok)
				memcpy(p + done, &v, w);
		}
		if (!ok)
			return FALSE;
		done += w;
	}
	return TRUE;
}

static gboolean region_read(QtDev *qt, uint32_t index, uint64_t offset, void *buf, size_t len,
			    GError **error)
{
	const QtBar *b = bar_of(qt, index);

	if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		return check_range(qt, index, offset, len, CFG_SIZE, error) &&
		       cfg_region_read(qt, offset, buf, len, error);
	if (!check_range(qt, index, offset, len, b ? b->size : 0, error))
		return FALSE;
	return bar_access(qt, b, offset, buf, len, FALSE, error);
}

static gboolean region_write(QtDev *qt, uint32_t index, uint64_t offset, const void *buf,
			     size_t len, GError **error)
{
	const QtBar *b = bar_of(qt, index);

	if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		return check_range(qt, index, offset, len, CFG_SIZE, error) &&
		       cfg_region_write(qt, offset, buf, len, error);
	if (!check_range(qt, index, offset, len, b ? b->size : 0, error))
		return FALSE;
	if (index == VFIO_PCI_ROM_REGION_INDEX) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: the expansion ROM is read-only",
			    qt->dev->name);
		return FALSE;
	}
	return bar_access(qt, b, offset, (void *)buf, len, TRUE, error);
}

/*
 * With trace=: the access in the pieces a vfio-user server (and vfio-pci)
 * makes of it, naturally aligned 4, 2 or 1 bytes, each logged once QEMU has
 * carried it out (trace.c).
 */
static gboolean region_traced(QtDev *qt, uint32_t index, uint64_t offset, uint8_t *buf,
			      size_t len, gboolean write, GError **error)
{
	const QtBar *b = bar_of(qt, index);
	gboolean ok;

	/* The whole access is checked first: nothing happens when a part is outside. */
	if (!check_range(qt, index, offset, len,
			 index == VFIO_PCI_CONFIG_REGION_INDEX ? CFG_SIZE : b ? b->size : 0,
			 error))
		return FALSE;
	ok = TRUE;
	qt_trace_lock(qt);
	for (size_t done = 0; ok && done < len;) {
		unsigned w = chunk(offset + done, len - done, 4);
		uint32_t v = 0;

		ok = write ? region_write(qt, index, offset + done, buf + done, w, error)
			   : region_read(qt, index, offset + done, buf + done, w, error);
		if (ok) {
			memcpy(&v, buf + done, w);
			ok = qt_trace_access(qt, index, offset + done, w, v, write, error);
		}
		done += w;
	}
	qt_trace_unlock(qt);
	return ok;
}

gboolean qt_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			GError **error)
{
	QtDev *qt = qt_of(dev);

	if (qt->trace)
		return region_traced(qt, index, offset, buf, len, FALSE, error);
	return region_read(qt, index, offset, buf, len, error);
}

gboolean qt_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error)
{
	QtDev *qt = qt_of(dev);

	if (qt->trace)
		return region_traced(qt, index, offset, (uint8_t *)buf, len, TRUE, error);
	return region_write(qt, index, offset, buf, len, error);
}
