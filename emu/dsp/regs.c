// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regs.c - BAR4 of the DSP: the part's register table, the SSP registers
 * and the SRAM windows; and the dword-register engine both BAR4 and the
 * BAR0 capabilities (caps.c) run through.
 *
 * Every register is a dword; an access of 1, 2 or 4 bytes lands in the dword
 * that holds it, with a byte mask, so a byte write changes only its byte.
 * Offsets that hold no register read 0 and ignore writes.  The windows are
 * plain memory to the host (the firmware's mailboxes and status words).
 */
#define SV_LOG_PREFIX "dsp-regs"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "dsp-priv.h"

#include <errno.h>
#include <string.h>

static const DspReg *find(const DspReg *t, unsigned n, uint32_t dword)
{
	for (unsigned i = 0; i < n; i++)
		if (t[i].offset == dword)
			return &t[i];
	return NULL;
}

static uint32_t lane_mask(uint32_t off, unsigned width)
{
	uint32_t m = width >= 4 ? 0xffffffffu : ((1u << (8 * width)) - 1);

	return m << (8 * (off & 3));
}

gboolean dsp_table_access(EmuDsp *d, const DspReg *t, unsigned n, uint32_t off, unsigned width,
			  uint32_t *val, gboolean write)
{
	const DspReg *r = find(t, n, off & ~3u);
	unsigned shift = 8 * (off & 3);
	uint32_t mask = lane_mask(off, width);

	if (!r) {
		if (!write)
			*val = 0;
		return FALSE;
	}
	if (!write) {
		uint32_t v = r->field ? *dsp_reg_ptr(d, r) : r->reset;

		if (r->read)
			v = r->read(d, r, v);
		*val = (v & mask) >> shift;
		return TRUE;
	}
	if (r->field) {
		uint32_t *p = dsp_reg_ptr(d, r), old = *p, v = (*val << shift) & mask;
		uint32_t wm = r->wmask & mask;

		*p = (old & ~wm) | (v & wm);
		*p &= ~(v & r->w1c);
		if (r->write)
			r->write(d, r, old, v, mask);
	}
	return TRUE;
}

void dsp_regs_reset(EmuDsp *d, const DspReg *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (t[i].field)
			*dsp_reg_ptr(d, &t[i]) = t[i].reset;
}

/* ---- the windows ------------------------------------------------------------------ */

static gboolean in_sram(uint64_t off, size_t len)
{
	return off >= DSP_WIN_BASE && off + len <= DSP_WIN_BASE + DSP_SRAM_SIZE;
}

uint32_t dsp_sram_read32(EmuDsp *d, uint32_t off)
{
	uint32_t v;

	dsp_sram_read(d, off, &v, 4);
	return GUINT32_FROM_LE(v);
}

void dsp_sram_write32(EmuDsp *d, uint32_t off, uint32_t val)
{
	uint32_t v = GUINT32_TO_LE(val);

	dsp_sram_write(d, off, &v, 4);
}

void dsp_sram_write(EmuDsp *d, uint32_t off, const void *buf, size_t len)
{
	g_return_if_fail(in_sram(off, len));
	memcpy(d->sram + (off - DSP_WIN_BASE), buf, len);
}

void dsp_sram_read(EmuDsp *d, uint32_t off, void *buf, size_t len)
{
	g_return_if_fail(in_sram(off, len));
	memcpy(buf, d->sram + (off - DSP_WIN_BASE), len);
}

/* ---- BAR4 ------------------------------------------------------------------------- */

/* SSP i at ssp_base + 0x1000 i: Linux sets SSC1 bits 24/25 there after power-up. */
static uint32_t *ssp_word(EmuDsp *d, uint64_t off)
{
	const DspPart *p = d->part;
	uint64_t rel;

	if (off < p->ssp_base || off >= p->ssp_base + 0x1000ull * p->ssp_count)
		return NULL;
	rel = off - p->ssp_base;
	if ((rel & 0xfff) >= 4 * DSP_SSP_WORDS)
		return NULL;
	return &d->ssp[rel >> 12][(rel & 0xfff) >> 2];
}

static int bar4_access(EmuDsp *d, uint64_t off, unsigned width, uint32_t *val, gboolean write)
{
	const DspPart *p = d->part;
	gboolean known = TRUE;
	uint32_t *w;

	if (off + width > DSP_BAR4_SIZE || (off & (width - 1)))
		return EINVAL;
	if (d->fault.kind == DSP_FAULT_DEAD) {
		/* A DSP that fell off: all ones, writes lost. */
		if (!write)
			*val = 0xffffffffu >> (32 - 8 * width);
	} else if (in_sram(off, width)) {
		if (write)
			dsp_sram_write(d, off, val, width); /* little-endian host */
		else {
			*val = 0;
			dsp_sram_read(d, off, val, width);
		}
	} else if ((w = ssp_word(d, off & ~3ull))) {
		unsigned shift = 8 * (off & 3);
		uint32_t mask = lane_mask(off, width);

		if (write)
			*w = (*w & ~mask) | ((*val << shift) & mask);
		else
			*val = (*w & mask) >> shift;
	} else {
		known = dsp_table_access(d, p->regs, p->n_regs, off, width, val, write);
	}
	emu_trace("bar4 %c%u 0x%05x 0x%08x%s", write ? 'w' : 'r', width, (unsigned)off, *val,
		  known ? "" : " (unknown)");
	if (write)
		dsp_changed(d);
	return 0;
}

int dsp_bar4_read(EmuDsp *d, uint64_t off, unsigned width, uint32_t *val)
{
	return bar4_access(d, off, width, val, FALSE);
}

int dsp_bar4_write(EmuDsp *d, uint64_t off, unsigned width, uint32_t val)
{
	return bar4_access(d, off, width, &val, TRUE);
}
