// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - what a cAVS DSP adds to the HDA controller's BAR0: the capability
 * list from LLCH (0x14), each header with its ID in bits 27:16 and the next
 * offset in 15:0, and the vendor registers Linux touches around a boot.
 *
 *   GTS  0x500  global time sync (header only)
 *   PP   0x800  processing pipe: PPCTL (PROCEN per stream, GPROCEN 30, PIE 31), PPSTS
 *   ML   0xc00  multi-link: one HDA link, LCTL.SPA -> LCTL.CPA at once
 *   DRSM 0x1f00 DMA resume, a dword per stream
 *   SPIB 0x700  software position in buffer: SPBFCCTL, SPIB_n, MAXFIFOS_n
 *   EM2  0x1030 (L1SEN bit 13), D0I3C 0x104a
 *
 * The offsets are those of real parts where a log shows them (PP 0x800 on
 * GLK, SPIB 0x700 and DRSM 0x1f00 on TGL, linux#4558); the list's order
 * follows those logs.  A driver must walk the list, not assume them.
 */
#define SV_LOG_PREFIX "dsp-caps"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#define F(x) offsetof(EmuDsp, x)
#define CAP_HDR(id, next) (((uint32_t)(id) << 16) | (next))

enum { CAP_GTS = 1, CAP_ML = 2, CAP_PP = 3, CAP_SPIB = 4, CAP_DRSM = 5 };
enum { OFF_GTS = 0x500, OFF_SPIB = 0x700, OFF_PP = 0x800, OFF_ML = 0xc00, OFF_DRSM = 0x1f00 };

#define CAPS_STREAMS 8
#define PPCTL_PROCEN_MASK ((1u << CAPS_STREAMS) - 1)
#define PPCTL_GPROCEN (1u << 30)
#define PPCTL_PIE (1u << 31)
#define LCTL_SPA (1u << 16)
#define LCTL_CPA (1u << 23)
#define EM2_L1SEN (1u << 13)
#define D0I3C_I3 (1u << 18)      /* bit 2 of the byte at 0x104a */
#define MAXFIFOS 0x100           /* the model's FIFO size per stream */

static uint32_t read_lctl(EmuDsp *d, const DspReg *r, uint32_t stored)
{
	/* The link powers up (or down) as soon as asked. */
	return (stored & LCTL_SPA) ? stored | LCTL_CPA : stored & ~LCTL_CPA;
}

#define SPIB_REGS(n)                                                                          \
	{ .name = "SPIB" #n, .offset = OFF_SPIB + 0x8 + 8 * (n), .wmask = 0xffffffff,         \
	  .field = F(spib[n]) },                                                              \
	{ .name = "MAXFIFOS" #n, .offset = OFF_SPIB + 0xc + 8 * (n), .reset = MAXFIFOS }
#define DRSM_REG(n)                                                                           \
	{ .name = "DRSM" #n, .offset = OFF_DRSM + 0x8 + 8 * (n), .wmask = 0xffffffff,         \
	  .field = F(drsm[n]) }

static const DspReg caps[] = {
	{ .name = "LLCH", .offset = 0x14, .reset = OFF_GTS },
	{ .name = "GTSCH", .offset = OFF_GTS, .reset = CAP_HDR(CAP_GTS, OFF_PP) },
	{ .name = "PPCH", .offset = OFF_PP, .reset = CAP_HDR(CAP_PP, OFF_ML) },
	{ .name = "PPCTL", .offset = OFF_PP + 0x4,
	  .wmask = PPCTL_PROCEN_MASK | PPCTL_GPROCEN | PPCTL_PIE, .field = F(ppctl) },
	{ .name = "PPSTS", .offset = OFF_PP + 0x8 },
	{ .name = "MLCH", .offset = OFF_ML, .reset = CAP_HDR(CAP_ML, OFF_DRSM) },
	{ .name = "MLCD", .offset = OFF_ML + 0x4, .reset = 0 /* links - 1 */ },
	{ .name = "LCAP0", .offset = OFF_ML + 0x40, .reset = 0 /* an HDA link */ },
	{ .name = "LCTL0", .offset = OFF_ML + 0x44, .wmask = LCTL_SPA, .field = F(ml_lctl),
	  .read = read_lctl },
	{ .name = "DRSMCH", .offset = OFF_DRSM, .reset = CAP_HDR(CAP_DRSM, OFF_SPIB) },
	DRSM_REG(0), DRSM_REG(1), DRSM_REG(2), DRSM_REG(3),
	DRSM_REG(4), DRSM_REG(5), DRSM_REG(6), DRSM_REG(7),
	{ .name = "SPBFCH", .offset = OFF_SPIB, .reset = CAP_HDR(CAP_SPIB, 0) },
	{ .name = "SPBFCCTL", .offset = OFF_SPIB + 0x4, .wmask = PPCTL_PROCEN_MASK,
	  .field = F(spbfcctl) },
	SPIB_REGS(0), SPIB_REGS(1), SPIB_REGS(2), SPIB_REGS(3),
	SPIB_REGS(4), SPIB_REGS(5), SPIB_REGS(6), SPIB_REGS(7),
	{ .name = "EM2", .offset = 0x1030, .reset = EM2_L1SEN, .wmask = 0xffffffff,
	  .field = F(em2) },
	{ .name = "D0I3C", .offset = 0x1048, .wmask = D0I3C_I3, .field = F(d0i3c) },
};

gboolean dsp_caps_claims(EmuDsp *d, uint32_t off)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(caps); i++)
		if ((off & ~3u) == caps[i].offset)
			return TRUE;
	return FALSE;
}

uint32_t dsp_caps_read(EmuDsp *d, uint32_t off, unsigned width)
{
	uint32_t v = 0;

	dsp_table_access(d, caps, G_N_ELEMENTS(caps), off, width, &v, FALSE);
	return v;
}

void dsp_caps_write(EmuDsp *d, uint32_t off, unsigned width, uint32_t val)
{
	uint32_t old = d->ppctl;

	dsp_table_access(d, caps, G_N_ELEMENTS(caps), off, width, &val, TRUE);
	if (old != d->ppctl)
		sv_debug("PPCTL 0x%08x: GPROCEN %d, PIE %d, PROCEN 0x%02x", d->ppctl,
			 !!(d->ppctl & PPCTL_GPROCEN), !!(d->ppctl & PPCTL_PIE),
			 d->ppctl & PPCTL_PROCEN_MASK);
	dsp_changed(d);
}

void dsp_caps_reset(EmuDsp *d)
{
	dsp_regs_reset(d, caps, G_N_ELEMENTS(caps));
}

gboolean dsp_caps_stream_owned(EmuDsp *d, unsigned n)
{
	return n < CAPS_STREAMS && (d->ppctl & PPCTL_GPROCEN) && (d->ppctl & (1u << n));
}

int64_t dsp_caps_spib_limit(EmuDsp *d, unsigned n)
{
	return n < CAPS_STREAMS && (d->spbfcctl & (1u << n)) ? (int64_t)d->spib[n] : -1;
}

gboolean dsp_caps_irq_enabled(EmuDsp *d)
{
	return d->ppctl & PPCTL_PIE;
}
