/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda-regs.h - Intel High Definition Audio controller registers
 * (HDA spec rev 1.0a, section 3.3), as found in BAR0.  Shared by the driver
 * (driver/hda) and the controller model (emu/hda).  Names follow the spec.
 */
#ifndef SOFVFIO_HDA_REGS_H
#define SOFVFIO_HDA_REGS_H

/* 3.3.2 Global Capabilities */
#define HDA_GCAP 0x00 /* 16 */
#define  HDA_GCAP_64OK (1u << 0)
#define  HDA_GCAP_NSDO(x) (((x) >> 1) & 0x3)
#define  HDA_GCAP_BSS(x) (((x) >> 3) & 0x1f)
#define  HDA_GCAP_ISS(x) (((x) >> 8) & 0xf)
#define  HDA_GCAP_OSS(x) (((x) >> 12) & 0xf)
#define HDA_VMIN 0x02 /* 8 */
#define HDA_VMAJ 0x03 /* 8 */
#define HDA_OUTPAY 0x04 /* 16 */
#define HDA_INPAY 0x06 /* 16 */
#define HDA_GCTL 0x08 /* 32 */
#define  HDA_GCTL_CRST (1u << 0)   /* 0 = controller in reset */
#define  HDA_GCTL_FCNTRL (1u << 1)
#define  HDA_GCTL_UNSOL (1u << 8)  /* accept unsolicited responses */
#define HDA_WAKEEN 0x0c /* 16 */
#define HDA_STATESTS 0x0e /* 16, RW1C: bit n = codec n present */
#define  HDA_STATESTS_MASK 0x7fff
#define HDA_GSTS 0x10 /* 16 */
#define HDA_LLCH 0x14 /* 16, Skylake+: first extended capability */
#define HDA_OUTSTRMPAY 0x18 /* 16 */
#define HDA_INSTRMPAY 0x1a /* 16 */
#define HDA_INTCTL 0x20 /* 32 */
#define  HDA_INT_GIE (1u << 31)
#define  HDA_INT_CIE (1u << 30)
#define  HDA_INT_SIE_MASK 0x3fffffffu
#define HDA_INTSTS 0x24 /* 32 */
#define  HDA_INT_GIS (1u << 31)
#define  HDA_INT_CIS (1u << 30)
#define HDA_WALCLK 0x30 /* 32, 24 MHz */
#define HDA_SSYNC 0x38 /* 32 (0x34 on old ICH: alias) */
#define HDA_SSYNC_OLD 0x34
#define HDA_CORBLBASE 0x40 /* 32, 128-byte aligned */
#define HDA_CORBUBASE 0x44
#define HDA_CORBWP 0x48 /* 16 */
#define HDA_CORBRP 0x4a /* 16 */
#define  HDA_CORBRP_RST (1u << 15)
#define HDA_CORBCTL 0x4c /* 8 */
#define  HDA_CORBCTL_MEIE (1u << 0)
#define  HDA_CORBCTL_RUN (1u << 1)
#define HDA_CORBSTS 0x4d /* 8, RW1C */
#define  HDA_CORBSTS_MEI (1u << 0)
#define HDA_CORBSIZE 0x4e /* 8 */
#define HDA_RIRBLBASE 0x50
#define HDA_RIRBUBASE 0x54
#define HDA_RIRBWP 0x58 /* 16 */
#define  HDA_RIRBWP_RST (1u << 15)
#define HDA_RINTCNT 0x5a /* 16 */
#define HDA_RIRBCTL 0x5c /* 8 */
#define  HDA_RIRBCTL_RINTCTL (1u << 0)
#define  HDA_RIRBCTL_DMAEN (1u << 1)
#define  HDA_RIRBCTL_OIC (1u << 2)
#define HDA_RIRBSTS 0x5d /* 8, RW1C */
#define  HDA_RIRBSTS_RINTFL (1u << 0)
#define  HDA_RIRBSTS_RIRBOIS (1u << 2)
#define HDA_RIRBSIZE 0x5e /* 8 */
/* CORBSIZE/RIRBSIZE: 1:0 select (0: 2 entries, 1: 16, 2: 256), 7:4 capability bits */
#define  HDA_RINGSIZE_SEL(x) ((x) & 0x3)
#define  HDA_RINGSIZE_CAP(x) (((x) >> 4) & 0xf)
#define HDA_ICOI 0x60 /* 32: immediate command output */
#define HDA_ICII 0x64 /* 32: immediate response input */
#define HDA_ICIS 0x68 /* 16: immediate command status */
#define  HDA_ICIS_ICB (1u << 0) /* busy */
#define  HDA_ICIS_IRV (1u << 1) /* response valid, RW1C */
#define HDA_DPLBASE 0x70
#define  HDA_DPLBASE_ENABLE (1u << 0)
#define HDA_DPUBASE 0x74

/* 3.3.14 Stream descriptors: input first, then output, then bidirectional. */
#define HDA_SD_BASE 0x80
#define HDA_SD_STRIDE 0x20
#define HDA_SD_OFF(n) (HDA_SD_BASE + HDA_SD_STRIDE * (n))
#define HDA_SD_CTL 0x00 /* 24 bits (bytes 0-2) */
#define  HDA_SD_CTL_SRST (1u << 0)
#define  HDA_SD_CTL_RUN (1u << 1)
#define  HDA_SD_CTL_IOCE (1u << 2)
#define  HDA_SD_CTL_FEIE (1u << 3)
#define  HDA_SD_CTL_DEIE (1u << 4)
#define  HDA_SD_CTL_STRIPE(x) (((x) & 3u) << 16)
#define  HDA_SD_CTL_TP (1u << 18)
#define  HDA_SD_CTL_DIR (1u << 19)
#define  HDA_SD_CTL_STRM(x) (((x) & 0xfu) << 20)
#define  HDA_SD_CTL_STRM_GET(x) (((x) >> 20) & 0xf)
#define HDA_SD_STS 0x03 /* 8, RW1C */
#define  HDA_SD_STS_BCIS (1u << 2)
#define  HDA_SD_STS_FIFOE (1u << 3)
#define  HDA_SD_STS_DESE (1u << 4)
#define  HDA_SD_STS_FIFORDY (1u << 5)
#define  HDA_SD_STS_CLEAR (HDA_SD_STS_BCIS | HDA_SD_STS_FIFOE | HDA_SD_STS_DESE)
#define HDA_SD_LPIB 0x04
#define HDA_SD_CBL 0x08
#define HDA_SD_LVI 0x0c /* 16 */
#define HDA_SD_FIFOW 0x0e /* 16 */
#define HDA_SD_FIFOS 0x10 /* 16 */
#define HDA_SD_FMT 0x12 /* 16 */
#define HDA_SD_BDPL 0x18
#define HDA_SD_BDPU 0x1c

/* BDL (3.6.2): 16-byte entries, at most 256, 128-byte aligned list. */
#define HDA_BDL_MAX_ENTRIES 256
#define HDA_BDLE_IOC (1u << 0)

/* Stream format (3.7.1), in SDnFMT and the converter's SET_STREAM_FORMAT. */
#define HDA_FMT_NON_PCM (1u << 15)
#define HDA_FMT_BASE_44K (1u << 14)
#define HDA_FMT_MULT(x) (((x) & 7u) << 11)
#define HDA_FMT_DIV(x) (((x) & 7u) << 8)
#define HDA_FMT_BITS(x) (((x) & 7u) << 4)
#define HDA_FMT_CHAN(x) ((x) & 0xfu)
#define HDA_FMT_BITS_8 0
#define HDA_FMT_BITS_16 1
#define HDA_FMT_BITS_20 2
#define HDA_FMT_BITS_24 3
#define HDA_FMT_BITS_32 4

/* Verb and response layout (7.3). */
#define HDA_VERB(cad, nid, verb, payload)                                              \
	((((uint32_t)(cad) & 0xf) << 28) | (((uint32_t)(nid) & 0xff) << 20) |          \
	 (((uint32_t)(verb) & 0xfff) << 8) | ((uint32_t)(payload) & 0xff))
#define HDA_VERB4(cad, nid, verb4, payload16)                                          \
	((((uint32_t)(cad) & 0xf) << 28) | (((uint32_t)(nid) & 0xff) << 20) |          \
	 (((uint32_t)(verb4) & 0xf) << 16) | ((uint32_t)(payload16) & 0xffff))
#define HDA_VERB_CAD(v) (((v) >> 28) & 0xf)
#define HDA_VERB_NID(v) (((v) >> 20) & 0xff)
/* RIRB entry: response, then extended: bits 3:0 codec address, bit 4 unsolicited. */
#define HDA_RIRB_EX_CAD(x) ((x) & 0xf)
#define HDA_RIRB_EX_UNSOL (1u << 4)
/* Bits 31:5 of the extended response are reserved (read 0, spec 4.4.2.1):
 * all ones there is what memory the controller never wrote holds. */
#define HDA_RIRB_EX_UNWRITTEN 0xffffffffu

/* Extended capabilities (Skylake+ LLCH list): header ID in 27:16, next in 15:0. */
#define HDA_EXTCAP_ID(hdr) (((hdr) >> 16) & 0xfff)
#define HDA_EXTCAP_NEXT(hdr) ((hdr) & 0xffff)
#define HDA_EXTCAP_GTS 1
#define HDA_EXTCAP_ML 2
#define HDA_EXTCAP_PP 3
#define HDA_EXTCAP_SPB 4
#define HDA_EXTCAP_DRSM 5
#define HDA_PP_PPCTL 0x04
#define  HDA_PPCTL_GPROCEN (1u << 30)
#define  HDA_PPCTL_PIE (1u << 31)

/* PCI config: Intel HDA traffic class select. */
#define HDA_PCI_TCSEL 0x44

/* Timings (spec 5.5.1 and Linux azx_reset). */
#define HDA_RESET_TIMEOUT_US 100000  /* CRST to toggle */
#define HDA_RESET_HOLD_US 100        /* CRST low for at least 100 us */
#define HDA_CODEC_WAKE_US 521        /* 25 frames at 48 kHz after CRST=1 */

#endif
