/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dsp-internal.h - the DSP driver's private state and BAR4 registers, shared
 * by the files of driver/dsp.  Not a public header.  Names follow Linux
 * sound/soc/sof/intel/hda.h.
 */
#ifndef SOFVFIO_DSP_INTERNAL_H
#define SOFVFIO_DSP_INTERNAL_H

#include "sofvfio/dsp.h"
#include "sofvfio/hda-stream.h"

#define DSP_BAR 4

/* BAR4 general registers (cAVS) */
#define ADSPCS 0x04
#define  ADSPCS_CRST(cm) ((cm) << 0)
#define  ADSPCS_CSTALL(cm) ((cm) << 8)
#define  ADSPCS_SPA(cm) ((cm) << 16)
#define  ADSPCS_CPA(cm) ((cm) << 24)
#define ADSPIC 0x08
#define ADSPIS 0x0c
#define  ADSPIX_IPC (1u << 0)
#define  ADSPIX_CLDMA (1u << 1)

/* HIPCCTL interrupt enables */
#define HIPCCTL_BUSY (1u << 0)
#define HIPCCTL_DONE (1u << 1)

/* SRAM window 0: FSR, ROM error / FW status, trace pointer */
#define SRAM_WINDOW(n) (0x80000u + 0x20000u * (n))
#define ROM_STATUS (SRAM_WINDOW(0) + 0x0)
#define ROM_ERROR (SRAM_WINDOW(0) + 0x4)
#define FW_READY_BOX 0x81000u          /* HDA_DSP_MBOX_UPLINK_OFFSET */

/* ROM_CONTROL message (HDA_DSP_ROM_IPC_CONTROL / PURGE_FW) */
#define ROM_IPC_CONTROL 0x01000000u
#define ROM_IPC_PURGE_FW 0x00004000u
#define ROM_IPC_DMA_ID(tag) ((uint32_t)((tag) - 1) << 9)

/* Compact IPC (cnl.c): HDA_IPC_MSG_COMPACT | type << 24 */
#define IPC_MSG_COMPACT (1u << 30)
#define IPC_PM_GATE_COMPACT (0x8u << 24)

/* Config space (hda.h PCI_PGCTL / PCI_CGCTL) */
#define PCI_PGCTL 0x44
#define  PGCTL_ADSPPGD (1u << 2)
#define PCI_CGCTL 0x48
#define  CGCTL_ADSPDCGE (1u << 1)
#define HDA_VS_EM2 0x1030
#define  EM2_L1SEN (1u << 13)

/* SSP SSC1 consumer mode after power-up (hda-loader.c) */
#define SSP_SSC1 0x4
#define SSP_SET_CBP_CFP ((1u << 24) | (1u << 25))

/* Timeouts (hda.h) */
#define DSP_PU_TIMEOUT_US 50000          /* HDA_DSP_PU_TIMEOUT ms */
#define DSP_PD_TIMEOUT_US 50000
#define DSP_RESET_TIMEOUT_US 50000
#define DSP_INIT_TIMEOUT_US 500000       /* ROM ack (HIPCIE done) */
#define DSP_BASEFW_TIMEOUT_US 3000000    /* FW_ENTERED */
#define DSP_BOOT_ATTEMPTS 3              /* HDA_FW_BOOT_ATTEMPTS */
#define DSP_CL_FORMAT 0x40               /* HDA_CL_STREAM_FORMAT */
#define DSP_FW_READY_TIMEOUT_MS 2000
#define DSP_IPC_TIMEOUT_MS 500

/* host-stream.c: host DMA streams handed to the DSP (code loader, ICCMAX, trace) */
typedef struct {
	HdaStream *s;
	bool procen, spib;
} DspStream;

struct SvDsp {
	SvDevice *dev;
	const char *name;
	SvDspOptions opts;
	HdaController *ctl;
	const SvDspPciId *part;
	const SvDspGen *gen;
	uint64_t bar4_size;
	uint32_t pp, spib, drsm;          /* BAR0 offsets of the capabilities */
	uint8_t pgctl, cgctl;             /* config space as found (restored at close) */
	uint32_t em2;
	bool gating_saved;

	/* after a boot */
	bool booted, fw_ready_seen, imr_allowed, d3;
	uint32_t enabled_cores;           /* cores the firmware runs on (PM_CORE_ENABLE) */
	SvDspFwReady fw_ready;
	SvDspMailboxes boxes;
	bool panicked;
	SvDspOops oops;

	/* IPC: messages the DSP sent (type and first bytes), waiting to be seen */
	uint32_t rx_cmd;
	bool rx_pending;
	uint8_t rx_buf[4096];             /* FW_READY's extended records go past 384 bytes */
	size_t rx_len;
	uint32_t trace_host_offset;
	bool trace_pos_seen;
	unsigned rx_count;

	/* trace */
	DspStream trace;
	SvDmaBuf *trace_pt;               /* page table */
	GBytes *ldc;
	uint32_t trace_read;              /* bytes of the buffer consumed */
	GByteArray *trace_partial;        /* a record split by the wrap */
};

/* reg.c: BAR4 access and the bounded waits on it */
static inline uint32_t dsp_rd(SvDsp *d, uint32_t off)
{
	return sv_read32(d->dev, DSP_BAR, off);
}

static inline void dsp_wr(SvDsp *d, uint32_t off, uint32_t v)
{
	sv_write32(d->dev, DSP_BAR, off, v);
}

void dsp_update(SvDsp *d, uint32_t off, uint32_t mask, uint32_t val);
/* wait until (BAR4 @off & @mask) == @val; @what names the register for the error */
gboolean dsp_wait(SvDsp *d, uint32_t off, uint32_t mask, uint32_t val, int64_t timeout_us,
		  const char *what, GError **error);
/* the FSR, the ROM error and ADSPCS as text for messages (g_free()) */
char *dsp_status_text(SvDsp *d);
/* prefix @error with the step and add the status text */
void dsp_fail(SvDsp *d, GError **error, SvDspErrorCode code, const char *step, GError *cause);
void dsp_copy_from(SvDsp *d, uint32_t off, void *buf, size_t len);
void dsp_copy_to(SvDsp *d, uint32_t off, const void *buf, size_t len);

/* core.c: ADSPCS */
gboolean dsp_core_power_up(SvDsp *d, uint32_t mask, GError **error);
gboolean dsp_core_power_down(SvDsp *d, uint32_t mask, GError **error);
gboolean dsp_core_reset_enter(SvDsp *d, uint32_t mask, GError **error);
gboolean dsp_core_run(SvDsp *d, uint32_t mask, GError **error);
gboolean dsp_core_reset_power_down(SvDsp *d, uint32_t mask, GError **error);

/* bringup.c: capabilities, GPROCEN, gating */
gboolean dsp_bringup(SvDsp *d, GError **error);
void dsp_gating(SvDsp *d, bool enable);
void dsp_bringdown(SvDsp *d);

/* ipc.c */
void dsp_ipc_int_enable(SvDsp *d, bool on);
void dsp_ipc_service(SvDsp *d);          /* look at the doorbells, handle what rang */
/* pass the time on the interrupt eventfd: @data points to the SvDsp * (first member) */
void dsp_idle(void *data, int64_t deadline_us);
gboolean dsp_ipc_wait_rx(SvDsp *d, uint32_t cmd, int timeout_ms, GError **error);
void dsp_ipc_reset(SvDsp *d);
/*
 * The reply header {size, cmd, error} of an IPC (host box): FALSE with
 * SV_DSP_ERROR_IPC when it carries an error or a size outside
 * [REPLY_HDR, @reply_size].  Pure: fuzz/fuzz-dsp-msgs.c drives it.
 */
gboolean dsp_ipc_reply_check(const char *dev, const char *name, const uint32_t rh[3],
			     size_t reply_size, GError **error);

/* host-stream.c: host DMA streams handed to the DSP (code loader, ICCMAX, trace) */
gboolean dsp_stream_prepare(SvDsp *d, DspStream *st, HdaStreamDir dir, const void *data,
			    size_t size, uint16_t fmt, GError **error);
void dsp_stream_release(SvDsp *d, DspStream *st);

/* trace.c */
void dsp_trace_release(SvDsp *d);

#endif
