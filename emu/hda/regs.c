// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regs.c - the BAR0 register table of the controller (HDA spec rev 1.0a,
 * 3.3 "Register Interface"; values as the ICH6/ICH9 and QEMU's intel-hda
 * present them) and the engine that turns any access into register
 * accesses.
 *
 * An access of 1, 2 or 4 bytes may start anywhere: it is split over the
 * registers it touches, each getting the bytes that fall into it (with a
 * byte-enable mask), the way hardware decodes it.  A dword write at SDnCTL
 * thus also writes SDnSTS (clearing the status bits written as 1), a byte
 * read at SDnSTS reads just the status.  Bytes that belong to no register
 * read as 0 and ignore writes.
 */
#define SV_LOG_PREFIX "hda-regs"
#include "sofvfio/log.h"
#include "../server/trace.h"
#include "hda-priv.h"

#include <stddef.h>

#define F(x) offsetof(EmuHda, x)
#define SD(n, off) (HDA_SD_OFF(n) + (off))

/* SDnCTL: SRST, RUN, IOCE, FEIE, DEIE, TP and the stream tag; STRIPE is 0 (one
 * SDO line, GCAP.NSDO 0) and DIR is 0 (no bidirectional streams). */
#define SD_CTL_WMASK (0x1fu | HDA_SD_CTL_TP | HDA_SD_CTL_STRM(0xf))
/* FIFOS: bytes the engine may hold (read-only here). */
#define SD_FIFOS 0xff

#define STREAM_REGS(n)                                                                          \
	{ "SD" #n "CTL", SD(n, HDA_SD_CTL), 3, n, 0, SD_CTL_WMASK, 0, F(sd[n].ctl), FALSE, NULL,  \
	  hda_write_sdctl },                                                                    \
	{ "SD" #n "STS", SD(n, HDA_SD_STS), 1, n, 0, 0, HDA_SD_STS_CLEAR, F(sd[n].sts), FALSE,    \
	  hda_read_sdsts, hda_write_irq },                                                      \
	{ "SD" #n "LPIB", SD(n, HDA_SD_LPIB), 4, n, 0, 0, 0, F(sd[n].lpib), FALSE, NULL, NULL },   \
	{ "SD" #n "CBL", SD(n, HDA_SD_CBL), 4, n, 0, 0xffffffff, 0, F(sd[n].cbl), FALSE, NULL,    \
	  NULL },                                                                               \
	{ "SD" #n "LVI", SD(n, HDA_SD_LVI), 2, n, 0, 0xff, 0, F(sd[n].lvi), FALSE, NULL, NULL },   \
	{ "SD" #n "FIFOW", SD(n, HDA_SD_FIFOW), 2, n, 0x4, 0x7, 0, F(sd[n].fifow), FALSE, NULL,   \
	  NULL },                                                                               \
	{ "SD" #n "FIFOS", SD(n, HDA_SD_FIFOS), 2, n, SD_FIFOS, 0, 0, F(sd[n].fifos), FALSE,      \
	  NULL, NULL },                                                                         \
	{ "SD" #n "FMT", SD(n, HDA_SD_FMT), 2, n, 0, 0x7f7f, 0, F(sd[n].fmt), FALSE, NULL, NULL }, \
	{ "SD" #n "BDPL", SD(n, HDA_SD_BDPL), 4, n, 0, 0xffffff80, 0, F(sd[n].bdpl), FALSE, NULL,  \
	  NULL },                                                                               \
	{ "SD" #n "BDPU", SD(n, HDA_SD_BDPU), 4, n, 0, 0xffffffff, 0, F(sd[n].bdpu), FALSE, NULL,  \
	  NULL },                                                                               \
	{ "SD" #n "LPIBA", HDA_ALIAS + SD(n, HDA_SD_LPIB), 4, n, 0, 0, 0, F(sd[n].lpib), FALSE,    \
	  NULL, NULL }

static const HdaReg regs[] = {
	/* name, offset, width, stream, reset, wmask, w1c, field, live in reset, read, write */
	{ "GCAP", HDA_GCAP, 2, -1, HDA_GCAP_64OK | (HDA_NUM_ISS << 8) | (HDA_NUM_OSS << 12), 0, 0,
	  0, TRUE, NULL, NULL },
	{ "VMIN", HDA_VMIN, 1, -1, 0, 0, 0, 0, TRUE, NULL, NULL },
	{ "VMAJ", HDA_VMAJ, 1, -1, 1, 0, 0, 0, TRUE, NULL, NULL },
	{ "OUTPAY", HDA_OUTPAY, 2, -1, 0x3c, 0, 0, 0, TRUE, NULL, NULL },
	{ "INPAY", HDA_INPAY, 2, -1, 0x1d, 0, 0, 0, TRUE, NULL, NULL },
	{ "GCTL", HDA_GCTL, 4, -1, 0, HDA_GCTL_CRST | HDA_GCTL_FCNTRL | HDA_GCTL_UNSOL, 0, F(gctl),
	  TRUE, NULL, hda_write_gctl },
	{ "WAKEEN", HDA_WAKEEN, 2, -1, 0, HDA_STATESTS_MASK, 0, F(wakeen), TRUE, NULL,
	  hda_write_irq },
	{ "STATESTS", HDA_STATESTS, 2, -1, 0, 0, HDA_STATESTS_MASK, F(statests), TRUE, NULL,
	  hda_write_irq },
	{ "GSTS", HDA_GSTS, 2, -1, 0, 0, 1u << 1 /* FSTS */, F(gsts), FALSE, NULL, NULL },
	{ "INTCTL", HDA_INTCTL, 4, -1, 0, HDA_INT_GIE | HDA_INT_CIE | 0xff, 0, F(intctl), FALSE,
	  NULL, hda_write_irq },
	/* INTSTS is computed from the status bits it summarises (read-only). */
	{ "INTSTS", HDA_INTSTS, 4, -1, 0, 0, 0, 0, FALSE, hda_read_intsts, NULL },
	{ "WALCLK", HDA_WALCLK, 4, -1, 0, 0, 0, 0, FALSE, hda_read_walclk, NULL },
	/* SSYNC is at 0x38 in the spec and at 0x34 on ICH6/7: both reach it. */
	{ "SSYNC", HDA_SSYNC, 4, -1, 0, 0xff, 0, F(ssync), FALSE, NULL, hda_write_ssync },
	{ "SSYNC(ICH)", HDA_SSYNC_OLD, 4, -1, 0, 0xff, 0, F(ssync), FALSE, NULL, hda_write_ssync },
	{ "CORBLBASE", HDA_CORBLBASE, 4, -1, 0, 0xffffff80, 0, F(corblbase), FALSE, NULL, NULL },
	{ "CORBUBASE", HDA_CORBUBASE, 4, -1, 0, 0xffffffff, 0, F(corbubase), FALSE, NULL, NULL },
	{ "CORBWP", HDA_CORBWP, 2, -1, 0, 0xff, 0, F(corbwp), FALSE, NULL, hda_write_corbwp },
	/* CORBRP: the pointer is read-only; bit 15 is the reset handshake (handler). */
	{ "CORBRP", HDA_CORBRP, 2, -1, 0, 0, 0, F(corbrp), FALSE, NULL, hda_write_corbrp },
	{ "CORBCTL", HDA_CORBCTL, 1, -1, 0, HDA_CORBCTL_MEIE | HDA_CORBCTL_RUN, 0, F(corbctl),
	  FALSE, NULL, hda_write_corbctl },
	{ "CORBSTS", HDA_CORBSTS, 1, -1, 0, 0, HDA_CORBSTS_MEI, F(corbsts), FALSE, NULL,
	  hda_write_irq },
	/* 256 entries only: size capability 0100b, selected size 10b (read-only). */
	{ "CORBSIZE", HDA_CORBSIZE, 1, -1, 0x42, 0, 0, 0, FALSE, NULL, NULL },
	{ "RIRBLBASE", HDA_RIRBLBASE, 4, -1, 0, 0xffffff80, 0, F(rirblbase), FALSE, NULL, NULL },
	{ "RIRBUBASE", HDA_RIRBUBASE, 4, -1, 0, 0xffffffff, 0, F(rirbubase), FALSE, NULL, NULL },
	/* RIRBWP: the pointer is read-only; writing bit 15 resets it (reads 0). */
	{ "RIRBWP", HDA_RIRBWP, 2, -1, 0, 0, 0, F(rirbwp), FALSE, NULL, hda_write_rirbwp },
	{ "RINTCNT", HDA_RINTCNT, 2, -1, 0, 0xff, 0, F(rintcnt), FALSE, NULL, NULL },
	{ "RIRBCTL", HDA_RIRBCTL, 1, -1, 0,
	  HDA_RIRBCTL_RINTCTL | HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_OIC, 0, F(rirbctl), FALSE, NULL,
	  hda_write_irq },
	{ "RIRBSTS", HDA_RIRBSTS, 1, -1, 0, 0, HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS,
	  F(rirbsts), FALSE, NULL, hda_write_irq },
	{ "RIRBSIZE", HDA_RIRBSIZE, 1, -1, 0x42, 0, 0, 0, FALSE, NULL, NULL },
	{ "ICOI", HDA_ICOI, 4, -1, 0, 0xffffffff, 0, F(icoi), FALSE, NULL, NULL },
	{ "ICII", HDA_ICII, 4, -1, 0, 0, 0, F(icii), FALSE, NULL, NULL },
	/* ICIS: ICB handled by the handler, IRV write-1-to-clear, 7:4 responder. */
	{ "ICIS", HDA_ICIS, 2, -1, 0, 0, HDA_ICIS_IRV, F(icis), FALSE, NULL, hda_write_icis },
	{ "DPLBASE", HDA_DPLBASE, 4, -1, 0, 0xffffff80 | HDA_DPLBASE_ENABLE, 0, F(dplbase), FALSE,
	  NULL, NULL },
	{ "DPUBASE", HDA_DPUBASE, 4, -1, 0, 0xffffffff, 0, F(dpubase), FALSE, NULL, NULL },
	{ "WALCLKA", HDA_ALIAS + HDA_WALCLK, 4, -1, 0, 0, 0, 0, FALSE, hda_read_walclk, NULL },
	STREAM_REGS(0), STREAM_REGS(1), STREAM_REGS(2), STREAM_REGS(3),
	STREAM_REGS(4), STREAM_REGS(5), STREAM_REGS(6), STREAM_REGS(7),
};

/* Which register each byte of BAR0 belongs to (-1: none). */
static int16_t reg_at[HDA_BAR_SIZE];

static gpointer build_map(gpointer unused)
{
	for (unsigned i = 0; i < HDA_BAR_SIZE; i++)
		reg_at[i] = -1;
	for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++)
		for (unsigned b = 0; b < regs[i].width; b++) {
			g_assert(reg_at[regs[i].offset + b] < 0); /* the table must not overlap */
			reg_at[regs[i].offset + b] = i;
		}
	return NULL;
}

static void ensure_map(void)
{
	static GOnce once = G_ONCE_INIT;

	g_once(&once, build_map, NULL);
}

static uint32_t reg_value(EmuHda *h, const HdaReg *r)
{
	uint32_t v = r->field ? *hda_reg_ptr(h, r) : r->reset;

	return r->read ? r->read(h, r, v) : v;
}

static void reg_write(EmuHda *h, const HdaReg *r, uint32_t val, uint32_t mask)
{
	uint32_t *p, old, wm;

	if (!r->field)
		return;
	/* A controller in reset takes no register writes but GCTL's (spec 3.3.7). */
	if (hda_in_reset(h) && !r->live_in_reset) {
		sv_debug("write to %s ignored: the controller is in reset", r->name);
		return;
	}
	p = hda_reg_ptr(h, r);
	old = *p;
	wm = r->wmask & mask;
	*p = (old & ~wm) | (val & wm);
	*p &= ~(val & mask & r->w1c);
	if (r->write)
		r->write(h, r, old, val, mask);
}

uint32_t hda_mmio_read(EmuHda *h, uint32_t addr, unsigned width)
{
	gboolean known = FALSE;
	uint32_t v = 0;

	ensure_map();
	for (unsigned b = 0; b < width && addr + b < HDA_BAR_SIZE;) {
		int idx = reg_at[addr + b];
		const HdaReg *r;
		uint32_t rv;

		if (idx < 0) {
			b++;
			continue;
		}
		r = &regs[idx];
		rv = reg_value(h, r);
		known = TRUE;
		for (; b < width && addr + b < HDA_BAR_SIZE && reg_at[addr + b] == idx; b++)
			v |= ((rv >> (8 * (addr + b - r->offset))) & 0xff) << (8 * b);
	}
	emu_trace("mmio r%u 0x%04x 0x%08x%s", width, addr, v, known ? "" : " (unknown)");
	return v;
}

void hda_mmio_write(EmuHda *h, uint32_t addr, unsigned width, uint32_t val)
{
	gboolean known = FALSE;

	ensure_map();
	for (unsigned b = 0; b < width && addr + b < HDA_BAR_SIZE; b++)
		if (reg_at[addr + b] >= 0)
			known = TRUE;
	emu_trace("mmio w%u 0x%04x 0x%08x%s", width, addr, val, known ? "" : " (unknown)");
	if (!known)
		sv_debug("write of 0x%x to unknown offset 0x%04x ignored", val, addr);
	for (unsigned b = 0; b < width && addr + b < HDA_BAR_SIZE;) {
		int idx = reg_at[addr + b];
		uint32_t rv = 0, mask = 0;
		const HdaReg *r;

		if (idx < 0) {
			b++;
			continue;
		}
		r = &regs[idx];
		for (; b < width && addr + b < HDA_BAR_SIZE && reg_at[addr + b] == idx; b++) {
			unsigned shift = 8 * (addr + b - r->offset);

			rv |= ((val >> (8 * b)) & 0xff) << shift;
			mask |= 0xffu << shift;
		}
		reg_write(h, r, rv, mask);
	}
}

void hda_regs_reset(EmuHda *h, gboolean all)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++)
		if (regs[i].field && (all || !regs[i].live_in_reset))
			*hda_reg_ptr(h, &regs[i]) = regs[i].reset;
}

void hda_regs_reset_stream(EmuHda *h, unsigned n)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++)
		if (regs[i].field && regs[i].stream == (int)n)
			*hda_reg_ptr(h, &regs[i]) = regs[i].reset;
}
