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

/*
 * The table, as QEMU's intel-hda.c writes its own: one entry per register,
 * fields named.  Unnamed fields are 0: no reset value, nothing writable, no
 * write-1-to-clear bits, a global register, no handlers.  @field 0 marks a
 * constant (its @reset is what reads return).
 */
#define STREAM_REGS(n)                                                                  \
	{ .name = "SD" #n "CTL", .offset = SD(n, HDA_SD_CTL), .width = 3,               \
	  .sd = EMU_HDA_SDN(n), .wmask = SD_CTL_WMASK, .field = F(sd[n].ctl),           \
	  .write = emu_hda_write_sdctl },                                               \
	{ .name = "SD" #n "STS", .offset = SD(n, HDA_SD_STS), .width = 1,               \
	  .sd = EMU_HDA_SDN(n), .w1c = HDA_SD_STS_CLEAR, .field = F(sd[n].sts),         \
	  .read = emu_hda_read_sdsts, .write = emu_hda_write_irq },                     \
	{ .name = "SD" #n "LPIB", .offset = SD(n, HDA_SD_LPIB), .width = 4,             \
	  .sd = EMU_HDA_SDN(n), .field = F(sd[n].lpib) },                               \
	{ .name = "SD" #n "CBL", .offset = SD(n, HDA_SD_CBL), .width = 4,               \
	  .sd = EMU_HDA_SDN(n), .wmask = 0xffffffff, .field = F(sd[n].cbl) },           \
	{ .name = "SD" #n "LVI", .offset = SD(n, HDA_SD_LVI), .width = 2,               \
	  .sd = EMU_HDA_SDN(n), .wmask = 0xff, .field = F(sd[n].lvi) },                 \
	{ .name = "SD" #n "FIFOW", .offset = SD(n, HDA_SD_FIFOW), .width = 2,           \
	  .sd = EMU_HDA_SDN(n), .reset = 0x4, .wmask = 0x7, .field = F(sd[n].fifow) },  \
	{ .name = "SD" #n "FIFOS", .offset = SD(n, HDA_SD_FIFOS), .width = 2,           \
	  .sd = EMU_HDA_SDN(n), .reset = SD_FIFOS, .field = F(sd[n].fifos) },           \
	{ .name = "SD" #n "FMT", .offset = SD(n, HDA_SD_FMT), .width = 2,               \
	  .sd = EMU_HDA_SDN(n), .wmask = 0x7f7f, .field = F(sd[n].fmt) },               \
	{ .name = "SD" #n "BDPL", .offset = SD(n, HDA_SD_BDPL), .width = 4,             \
	  .sd = EMU_HDA_SDN(n), .wmask = 0xffffff80, .field = F(sd[n].bdpl) },          \
	{ .name = "SD" #n "BDPU", .offset = SD(n, HDA_SD_BDPU), .width = 4,             \
	  .sd = EMU_HDA_SDN(n), .wmask = 0xffffffff, .field = F(sd[n].bdpu) },          \
	{ .name = "SD" #n "LPIBA", .offset = EMU_HDA_ALIAS + SD(n, HDA_SD_LPIB),        \
	  .width = 4, .sd = EMU_HDA_SDN(n), .field = F(sd[n].lpib) }

static const EmuHdaReg regs[] = {
	{ .name = "GCAP", .offset = HDA_GCAP, .width = 2, .live_in_reset = TRUE,
	  .reset = HDA_GCAP_64OK | (EMU_HDA_NUM_ISS << 8) | (EMU_HDA_NUM_OSS << 12) },
	{ .name = "VMIN", .offset = HDA_VMIN, .width = 1, .live_in_reset = TRUE, .reset = 0 },
	{ .name = "VMAJ", .offset = HDA_VMAJ, .width = 1, .live_in_reset = TRUE, .reset = 1 },
	{ .name = "OUTPAY", .offset = HDA_OUTPAY, .width = 2, .live_in_reset = TRUE,
	  .reset = 0x3c },
	{ .name = "INPAY", .offset = HDA_INPAY, .width = 2, .live_in_reset = TRUE, .reset = 0x1d },
	{ .name = "GCTL", .offset = HDA_GCTL, .width = 4, .live_in_reset = TRUE,
	  .wmask = HDA_GCTL_CRST | HDA_GCTL_FCNTRL | HDA_GCTL_UNSOL, .field = F(gctl),
	  .write = emu_hda_write_gctl },
	{ .name = "WAKEEN", .offset = HDA_WAKEEN, .width = 2, .live_in_reset = TRUE,
	  .wmask = HDA_STATESTS_MASK, .field = F(wakeen), .write = emu_hda_write_irq },
	{ .name = "STATESTS", .offset = HDA_STATESTS, .width = 2, .live_in_reset = TRUE,
	  .w1c = HDA_STATESTS_MASK, .field = F(statests), .write = emu_hda_write_irq },
	{ .name = "GSTS", .offset = HDA_GSTS, .width = 2, .w1c = 1u << 1 /* FSTS */,
	  .field = F(gsts) },
	{ .name = "INTCTL", .offset = HDA_INTCTL, .width = 4,
	  .wmask = HDA_INT_GIE | HDA_INT_CIE | 0xff, .field = F(intctl),
	  .write = emu_hda_write_irq },
	/* INTSTS is computed from the status bits it summarises (read-only). */
	{ .name = "INTSTS", .offset = HDA_INTSTS, .width = 4, .read = emu_hda_read_intsts },
	{ .name = "WALCLK", .offset = HDA_WALCLK, .width = 4, .read = emu_hda_read_walclk },
	/* SSYNC is at 0x38 in the spec and at 0x34 on ICH6/7: both reach it. */
	{ .name = "SSYNC", .offset = HDA_SSYNC, .width = 4, .wmask = 0xff, .field = F(ssync),
	  .write = emu_hda_write_ssync },
	{ .name = "SSYNC(ICH)", .offset = HDA_SSYNC_OLD, .width = 4, .wmask = 0xff,
	  .field = F(ssync), .write = emu_hda_write_ssync },
	{ .name = "CORBLBASE", .offset = HDA_CORBLBASE, .width = 4, .wmask = 0xffffff80,
	  .field = F(corblbase) },
	{ .name = "CORBUBASE", .offset = HDA_CORBUBASE, .width = 4, .wmask = 0xffffffff,
	  .field = F(corbubase) },
	{ .name = "CORBWP", .offset = HDA_CORBWP, .width = 2, .wmask = 0xff, .field = F(corbwp),
	  .write = emu_hda_write_corbwp },
	/* CORBRP: the pointer is read-only; bit 15 is the reset handshake (handler). */
	{ .name = "CORBRP", .offset = HDA_CORBRP, .width = 2, .field = F(corbrp),
	  .write = emu_hda_write_corbrp },
	{ .name = "CORBCTL", .offset = HDA_CORBCTL, .width = 1,
	  .wmask = HDA_CORBCTL_MEIE | HDA_CORBCTL_RUN, .field = F(corbctl),
	  .write = emu_hda_write_corbctl },
	{ .name = "CORBSTS", .offset = HDA_CORBSTS, .width = 1, .w1c = HDA_CORBSTS_MEI,
	  .field = F(corbsts), .write = emu_hda_write_irq },
	/* 256 entries only: size capability 0100b, selected size 10b (read-only). */
	{ .name = "CORBSIZE", .offset = HDA_CORBSIZE, .width = 1, .reset = 0x42 },
	{ .name = "RIRBLBASE", .offset = HDA_RIRBLBASE, .width = 4, .wmask = 0xffffff80,
	  .field = F(rirblbase) },
	{ .name = "RIRBUBASE", .offset = HDA_RIRBUBASE, .width = 4, .wmask = 0xffffffff,
	  .field = F(rirbubase) },
	/* RIRBWP: the pointer is read-only; writing bit 15 resets it (reads 0). */
	{ .name = "RIRBWP", .offset = HDA_RIRBWP, .width = 2, .field = F(rirbwp),
	  .write = emu_hda_write_rirbwp },
	{ .name = "RINTCNT", .offset = HDA_RINTCNT, .width = 2, .wmask = 0xff,
	  .field = F(rintcnt) },
	{ .name = "RIRBCTL", .offset = HDA_RIRBCTL, .width = 1,
	  .wmask = HDA_RIRBCTL_RINTCTL | HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_OIC,
	  .field = F(rirbctl), .write = emu_hda_write_irq },
	{ .name = "RIRBSTS", .offset = HDA_RIRBSTS, .width = 1,
	  .w1c = HDA_RIRBSTS_RINTFL | HDA_RIRBSTS_RIRBOIS, .field = F(rirbsts),
	  .write = emu_hda_write_irq },
	{ .name = "RIRBSIZE", .offset = HDA_RIRBSIZE, .width = 1, .reset = 0x42 },
	{ .name = "ICOI", .offset = HDA_ICOI, .width = 4, .wmask = 0xffffffff, .field = F(icoi) },
	{ .name = "ICII", .offset = HDA_ICII, .width = 4, .field = F(icii) },
	/* ICIS: ICB handled by the handler, IRV write-1-to-clear, 7:4 responder. */
	{ .name = "ICIS", .offset = HDA_ICIS, .width = 2, .w1c = HDA_ICIS_IRV, .field = F(icis),
	  .write = emu_hda_write_icis },
	{ .name = "DPLBASE", .offset = HDA_DPLBASE, .width = 4,
	  .wmask = 0xffffff80 | HDA_DPLBASE_ENABLE, .field = F(dplbase) },
	{ .name = "DPUBASE", .offset = HDA_DPUBASE, .width = 4, .wmask = 0xffffffff,
	  .field = F(dpubase) },
	{ .name = "WALCLKA", .offset = EMU_HDA_ALIAS + HDA_WALCLK, .width = 4,
	  .read = emu_hda_read_walclk },
	STREAM_REGS(0), STREAM_REGS(1), STREAM_REGS(2), STREAM_REGS(3),
	STREAM_REGS(4), STREAM_REGS(5), STREAM_REGS(6), STREAM_REGS(7),
};

/* Which register each byte of BAR0 belongs to (-1: none). */
static int16_t reg_at[EMU_HDA_BAR_SIZE];

static gpointer build_map(gpointer unused)
{
	for (unsigned i = 0; i < EMU_HDA_BAR_SIZE; i++)
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

static uint32_t reg_value(EmuHda *h, const EmuHdaReg *r)
{
	uint32_t v = r->field ? *emu_hda_reg_ptr(h, r) : r->reset;

	return r->read ? r->read(h, r, v) : v;
}

static void reg_write(EmuHda *h, const EmuHdaReg *r, uint32_t val, uint32_t mask)
{
	uint32_t *p, old, wm;

	if (!r->field)
		return;
	/* A controller in reset takes no register writes but GCTL's (spec 3.3.7). */
	if (emu_hda_in_reset(h) && !r->live_in_reset) {
		sv_debug("write to %s ignored: the controller is in reset", r->name);
		return;
	}
	p = emu_hda_reg_ptr(h, r);
	old = *p;
	wm = r->wmask & mask;
	*p = (old & ~wm) | (val & wm);
	*p &= ~(val & mask & r->w1c);
	if (r->write)
		r->write(h, r, old, val, mask);
}

uint32_t emu_hda_mmio_read(EmuHda *h, uint32_t addr, unsigned width)
{
	gboolean known = FALSE;
	uint32_t v = 0;

	ensure_map();
	for (unsigned b = 0; b < width && addr + b < EMU_HDA_BAR_SIZE;) {
		int idx = reg_at[addr + b];
		const EmuHdaReg *r;
		uint32_t rv;

		if (idx < 0) {
			b++;
			continue;
		}
		r = &regs[idx];
		rv = reg_value(h, r);
		known = TRUE;
		for (; b < width && addr + b < EMU_HDA_BAR_SIZE && reg_at[addr + b] == idx; b++)
			v |= ((rv >> (8 * (addr + b - r->offset))) & 0xff) << (8 * b);
	}
	emu_trace("mmio r%u 0x%04x 0x%08x%s", width, addr, v, known ? "" : " (unknown)");
	return v;
}

void emu_hda_mmio_write(EmuHda *h, uint32_t addr, unsigned width, uint32_t val)
{
	gboolean known = FALSE;

	ensure_map();
	for (unsigned b = 0; b < width && addr + b < EMU_HDA_BAR_SIZE; b++)
		if (reg_at[addr + b] >= 0)
			known = TRUE;
	emu_trace("mmio w%u 0x%04x 0x%08x%s", width, addr, val, known ? "" : " (unknown)");
	if (!known)
		sv_debug("write of 0x%x to unknown offset 0x%04x ignored", val, addr);
	for (unsigned b = 0; b < width && addr + b < EMU_HDA_BAR_SIZE;) {
		int idx = reg_at[addr + b];
		uint32_t rv = 0, mask = 0;
		const EmuHdaReg *r;

		if (idx < 0) {
			b++;
			continue;
		}
		r = &regs[idx];
		for (; b < width && addr + b < EMU_HDA_BAR_SIZE && reg_at[addr + b] == idx; b++) {
			unsigned shift = 8 * (addr + b - r->offset);

			rv |= ((val >> (8 * b)) & 0xff) << shift;
			mask |= 0xffu << shift;
		}
		reg_write(h, r, rv, mask);
	}
}

void emu_hda_regs_reset(EmuHda *h, gboolean all)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++)
		if (regs[i].field && (all || !regs[i].live_in_reset))
			*emu_hda_reg_ptr(h, &regs[i]) = regs[i].reset;
}

void emu_hda_regs_reset_stream(EmuHda *h, unsigned n)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(regs); i++)
		if (regs[i].field && regs[i].sd == EMU_HDA_SDN(n))
			*emu_hda_reg_ptr(h, &regs[i]) = regs[i].reset;
}
