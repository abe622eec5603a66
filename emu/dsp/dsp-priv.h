/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/dsp/dsp-priv.h - inside the DSP model:
 *
 *   parts.c   one descriptor per part (cnl, apl, tgl): identity, cores, IPC
 *             register layout, manifest flavour, load offset, windows
 *   regs.c    the BAR4 register tables and the access engine (BAR4 and BAR0)
 *   caps.c    the BAR0 LLCH capability list: GTS, PP, ML, DRSM, SPIB; EM2
 *   power.c   ADSPCS: SPA -> CPA after a delay, CRST/CSTALL, core 0 running
 *   ipc.c     the doorbells both ways, ADSPIS, the DSP's interrupt
 *   rom.c     the ROM: purge/IMR message, INIT_DONE, the code-loader gateway
 *   image.c   the image checks the ROM makes ($CPD, CSS, extensions, hashes,
 *             $AM1, load offset) and the firmware's own FW_READY data
 *   fw.c      the firmware: FW_READY, IPC3 commands
 *   trace.c   DMA trace records into the host's capture stream
 *   ldc.c     the image's log dictionary (the addresses of trace entries)
 *   oops.c    the panic: an xtensa oops in the exception window
 *   fault.c   --dsp-fault
 *   dsp.c     the model as a whole: events, hooks into the HDA controller
 *
 * Register names, offsets and bits here are the model's own, from the facts
 * sheet and the public sources; they are deliberately not shared with the
 * driver.
 */
#ifndef SOFVFIO_EMU_DSP_PRIV_H
#define SOFVFIO_EMU_DSP_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dsp.h"

/* ---- BAR4 (cAVS 1.5 - 2.5) ------------------------------------------------------ */
#define DSP_BAR4_SIZE 0x100000u           /* 1 MiB */
#define DSP_ADSPCS 0x04
#define DSP_ADSPIC 0x08
#define DSP_ADSPIS 0x0c
#define DSP_ADSPIC2 0x10
#define DSP_ADSPIS2 0x14
#define DSP_CS_CRST(m) ((uint32_t)(m) << 0)
#define DSP_CS_CSTALL(m) ((uint32_t)(m) << 8)
#define DSP_CS_SPA(m) ((uint32_t)(m) << 16)
#define DSP_CS_CPA(m) ((uint32_t)(m) << 24)
#define DSP_IS_IPC (1u << 0)
#define DSP_IS_CLDMA (1u << 1)
#define DSP_HIPCCTL_BUSY (1u << 0)        /* DSP->host request interrupt enable */
#define DSP_HIPCCTL_DONE (1u << 1)        /* host request answered interrupt enable */
#define DSP_IPC_BUSY (1u << 31)
#define DSP_IPC_COMPACT (1u << 30)        /* a message in the doorbell alone (cAVS 1.8+) */

/* SRAM windows: window n at 0x80000 + 0x20000 n, four of them up to the BAR's end. */
#define DSP_WIN_BASE 0x80000u
#define DSP_WIN_STRIDE 0x20000u
#define DSP_NUM_WINDOWS 4
#define DSP_SRAM_SIZE (DSP_NUM_WINDOWS * DSP_WIN_STRIDE)
#define DSP_SSP_WORDS 16                  /* per SSP: the first 16 dwords are stored */
#define DSP_MAX_SSP 6
#define DSP_MAX_CORES 4
#define DSP_MAX_STREAMS 16

/* Window 0 "registers" the ROM and the firmware write (FSR and friends). */
#define DSP_SRAM_FSR 0x0
#define DSP_SRAM_ERROR 0x4                /* ROM error code, later FW status / panic code */
#define DSP_FSR_STATE_MASK 0x00ffffffu
#define DSP_FSR_INIT_DONE 1
#define DSP_FSR_MANIFEST_LOADED 3
#define DSP_FSR_FW_LOADED 4
#define DSP_FSR_FW_ENTERED 5
#define DSP_FSR_HALTED (1u << 31)

/* ROM error codes (Linux hda.h HDA_DSP_ROM_*). */
#define DSP_ROM_ERR_BASE_FW_NOT_FOUND 43
#define DSP_ROM_ERR_CSE_VALIDATION 44
#define DSP_ROM_ERR_LOAD_OFFSET 47

/* The ROM's own IPC (host -> DSP doorbell before any firmware). */
#define DSP_ROM_CONTROL (1u << 24)
#define DSP_ROM_PURGE (1u << 14)
#define DSP_ROM_DMA_ID(x) (((x) >> 9) & 0x1f)

/* IPC3 (include/sound/sof/header.h). */
#define SOF_GLB(x) ((uint32_t)(x) << 28)
#define SOF_CMD(x) ((uint32_t)(x) << 16)
#define SOF_GLB_MASK 0xf0000000u
#define SOF_CMD_MASK 0x0fff0000u
#define SOF_GLB_REPLY SOF_GLB(0x1)
#define SOF_GLB_PM SOF_GLB(0x4)
#define SOF_GLB_FW_READY SOF_GLB(0x7)
#define SOF_GLB_TRACE SOF_GLB(0x9)
#define SOF_GLB_DEBUG SOF_GLB(0xd)
#define SOF_PM_CTX_SAVE (SOF_GLB_PM | SOF_CMD(0x1))
#define SOF_PM_CTX_RESTORE (SOF_GLB_PM | SOF_CMD(0x2))
#define SOF_PM_CORE_ENABLE (SOF_GLB_PM | SOF_CMD(0x7))
#define SOF_PM_GATE (SOF_GLB_PM | SOF_CMD(0x8))
#define SOF_TRACE_DMA_POSITION (SOF_GLB_TRACE | SOF_CMD(0x2))
#define SOF_TRACE_DMA_PARAMS_EXT (SOF_GLB_TRACE | SOF_CMD(0x3))
#define SOF_TRACE_DMA_FREE (SOF_GLB_TRACE | SOF_CMD(0x5))
#define SOF_DEBUG_MEM_USAGE (SOF_GLB_DEBUG | SOF_CMD(0x1))
#define SOF_IPC_MSG_MAX 384
#define SOF_FW_READY_SIZE 108
#define SOF_INFO_D3_PERSISTENT (1u << 4)
#define SOF_PANIC_MAGIC 0x0dead000u
#define SOF_PANIC_EXCEPTION (SOF_PANIC_MAGIC | 0x6)
/* The compact PM_GATE doorbell: type 8 in bits 28:24 (Linux hda.h HDA_IPC_PM_GATE). */
#define DSP_COMPACT_PM_GATE (8u << 24)

/* SOF_IPC_REGION_* window types of the WINDOW record. */
enum { SOF_REGION_DOWNBOX, SOF_REGION_UPBOX, SOF_REGION_TRACE, SOF_REGION_DEBUG,
       SOF_REGION_STREAM, SOF_REGION_REGS, SOF_REGION_EXCEPTION };

typedef struct EmuDsp EmuDsp;
typedef struct DspReg DspReg;

/**
 * struct DspReg - one dword register of a table (BAR4 or BAR0).
 * @name: the register's name, for logs
 * @offset: dword-aligned offset in its BAR
 * @reset: power-on value (what a register without @field reads)
 * @wmask: bits a host write stores
 * @w1c: bits a host write of 1 clears
 * @field: offsetof() the backing uint32_t in EmuDsp; 0 for a constant
 * @read: computes the value read from the stored one (NULL: stored value)
 * @write: runs after the masks were applied, with the old value and the raw
 *         written bits (@val, only the bytes in @mask were written)
 */
struct DspReg {
	const char *name;
	uint32_t offset;
	uint32_t reset, wmask, w1c;
	size_t field;
	uint32_t (*read)(EmuDsp *d, const DspReg *r, uint32_t stored);
	void (*write)(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask);
};

/**
 * struct DspIpcLayout - where a part keeps its IPC doorbells, host view.
 * @req: host -> DSP request (HIPCIDR, cAVS 1.5 HIPCI); BUSY bit 31
 * @req_ack: its answer (HIPCIDA, cAVS 1.5 HIPCIE)
 * @req_done: DONE bit of @req_ack (31; cAVS 1.5: 30)
 * @req_data: request extension (HIPCIDD); 0: the low bits of @req_ack (cAVS 1.5)
 * @dsp_req: DSP -> host request (HIPCTDR, cAVS 1.5 HIPCT); BUSY bit 31 (W1C)
 * @dsp_data: its extension (HIPCTDD, cAVS 1.5 HIPCTE)
 * @dsp_ack: host's answer (HIPCTDA, DONE bit 31); 0: none (cAVS 1.5)
 * @ctl: HIPCCTL
 */
typedef struct {
	uint32_t req, req_ack, req_done, req_data;
	uint32_t dsp_req, dsp_data, dsp_ack;
	uint32_t ctl;
} DspIpcLayout;

/** struct DspWindow - one SRAM region of the WINDOW record (SOF_REGION_*). */
typedef struct {
	uint32_t type, id, size, offset;
} DspWindow;

/** enum DspManifest - what the part's ROM reads: cAVS 1.5/1.8 or 2.5 ($CPD v2, CSS 0x21000). */
typedef enum { DSP_MANIFEST_V1_8, DSP_MANIFEST_V2_5 } DspManifest;

/**
 * struct DspPart - one part: everything that differs between generations.
 * @name: --dsp name
 * @gen: "cAVS 1.8"
 * @platform: marketing name
 * @device: PCI device id (vendor 0x8086)
 * @revision: PCI revision id
 * @cores: DSP cores
 * @host_cores: cores whose power the host switches in ADSPCS (TGL: core 0
 *              only; the firmware powers the others on PM_CORE_ENABLE)
 * @ipc: IPC register layout
 * @regs: the BAR4 register table, @n_regs entries
 * @manifest: image flavour the ROM reads
 * @load_offset: $AM1 load offset the ROM requires
 * @ssp_base: BAR4 offset of SSP 0 (0x1000 apart), @ssp_count of them
 * @windows: the SRAM windows the firmware reports, @n_windows of them
 */
typedef struct {
	const char *name, *gen, *platform;
	uint16_t device;
	uint8_t revision;
	unsigned cores;
	uint32_t host_cores;
	DspIpcLayout ipc;
	const DspReg *regs;
	unsigned n_regs;
	DspManifest manifest;
	uint32_t load_offset;
	uint32_t ssp_base;
	unsigned ssp_count;
	const DspWindow *windows;
	unsigned n_windows;
} DspPart;

/* parts.c */
const DspPart *dsp_part_find(const char *name);
/** dsp_part_names() - "cnl, apl, tgl". */
const char *dsp_part_names(void);
/** dsp_window_offset() - BAR4 offset of the first window of @type, 0 when none. */
uint32_t dsp_window_offset(const DspPart *p, uint32_t type, uint32_t *size);

/* fault.c */
typedef enum {
	DSP_FAULT_NONE,
	DSP_FAULT_CPA_STUCK,    /* core power never comes up */
	DSP_FAULT_NO_ROM_ACK,   /* the ROM never answers its message */
	DSP_FAULT_ROM_ERROR,    /* the ROM fails with @value */
	DSP_FAULT_FSR_STUCK,    /* FSR reads @value once the ROM started */
	DSP_FAULT_NO_FW_READY,  /* FW_ENTERED, then nothing */
	DSP_FAULT_PANIC,        /* panic on the first IPC after FW_READY */
	DSP_FAULT_IPC_TIMEOUT,  /* IPCs after FW_READY are never answered */
	DSP_FAULT_ABI_MISMATCH, /* FW_READY with an ABI major Linux does not know */
	DSP_FAULT_DEAD,         /* every BAR4 register reads 0xffffffff */
} DspFaultKind;

typedef struct {
	DspFaultKind kind;
	uint32_t value;
} DspFault;

gboolean dsp_fault_parse(const char *spec, DspFault *out, GError **error);
const char *dsp_fault_name(DspFaultKind kind);
/** dsp_fault_help() - one line per kind. */
const char *dsp_fault_help(void);

/* image.c */
/**
 * struct DspImageInfo - what the ROM found in a payload.
 * @need: bytes the ROM loads (the manifest's preload pages), 0 when not known yet
 * @error: ROM error code (0: none yet)
 * @why: what was wrong (for the log), NULL when fine
 */
typedef struct {
	size_t need;
	uint32_t error;
	char *why;
} DspImageInfo;

/**
 * dsp_image_headers() - look at the first @len bytes: the $CPD directory and the
 * $AM1 descriptor.  Return: FALSE when more bytes are needed to tell; TRUE with
 * @info->need set, or @info->error set (43: no firmware there).
 */
gboolean dsp_image_headers(const DspPart *p, const uint8_t *img, size_t len, DspImageInfo *info);
/**
 * dsp_image_verify() - everything the ROM checks on the whole preload image
 * (without the RSA signature): CSS, the signed package and metadata hashes,
 * load offset, module hashes.  Return: 0 or the ROM error code, with @why.
 */
uint32_t dsp_image_verify(const DspPart *p, const uint8_t *img, size_t len, char **why);
/**
 * dsp_image_fw_ready() - the firmware's own struct sof_ipc_fw_ready (108 bytes)
 * from the BASEFW module's segments.  Return: FALSE when there is none.
 */
gboolean dsp_image_fw_ready(const uint8_t *img, size_t len, uint8_t out[SOF_FW_READY_SIZE]);
void dsp_image_info_clear(DspImageInfo *info);

/* ---- the model's state ------------------------------------------------------------ */

/* What runs on core 0. */
typedef enum {
	DSP_OFF,        /* core 0 not running: nothing executes */
	DSP_ROM_BOOT,   /* the ROM starts (EV_ROM pending) */
	DSP_ROM_WAIT,   /* the ROM waits for its message */
	DSP_ROM_INIT,   /* message taken, INIT_DONE soon */
	DSP_ROM_LOAD,   /* INIT_DONE after a purge: waiting for the code loader's data */
	DSP_ROM_VERIFY, /* all loaded, being checked */
	DSP_ROM_HALT,   /* the ROM stopped with an error (or FSR stuck) */
	DSP_FW_START,   /* FW_ENTERED, FW_READY not sent yet */
	DSP_FW_RUN,     /* the firmware runs */
	DSP_FW_PANIC,   /* the firmware panicked */
} DspState;

/* Timed events. */
typedef enum {
	DSP_EV_POWER,    /* CPA follows SPA */
	DSP_EV_ROM,      /* the ROM is up */
	DSP_EV_INIT,     /* INIT_DONE */
	DSP_EV_VERIFY,   /* image checked */
	DSP_EV_FW_READY, /* the firmware says FW_READY */
	DSP_EV_IPC,      /* the firmware takes the host's message */
	DSP_EV_TRACE,    /* trace records are due */
	DSP_EV_COUNT
} DspEvent;

/* What the firmware logs (trace.c has their texts). */
typedef enum {
	DSP_LOG_IPC_INIT,
	DSP_LOG_TRACE_INIT,
	DSP_LOG_FW_ABI,
	DSP_LOG_IPC_CMD,
	DSP_LOG_PM_GATE,
	DSP_LOG_CORE_ENABLE,
	DSP_LOG_IPC_ERROR,
	DSP_LOG_COUNT
} DspLog;

/** struct DspMsg - a DSP -> host message waiting for the doorbell. */
typedef struct {
	uint32_t doorbell;    /* without BUSY */
	uint32_t ext;         /* HIPCTDD / HIPCTE */
	GByteArray *box;      /* into the DSP box first; NULL: none (panic) */
} DspMsg;

struct EmuDsp {
	const DspPart *part;
	EmuHda *hda;
	DspFault fault;

	/* BAR4 registers (host-written parts) */
	uint32_t adspcs;      /* CRST, CSTALL, SPA as written */
	uint32_t cpa;         /* core power active, one bit per core */
	uint32_t fw_cores;    /* cores the firmware powered (PM_CORE_ENABLE, !host_cores) */
	uint32_t adspic, adspic2;
	uint32_t ipc_req, ipc_req_ack, ipc_req_data;
	uint32_t ipc_dsp_req, ipc_dsp_data, ipc_dsp_ack;
	uint32_t ipc_ctl;
	uint32_t ssp[DSP_MAX_SSP][DSP_SSP_WORDS];
	uint8_t *sram;        /* the windows, DSP_SRAM_SIZE bytes */

	/* BAR0 capability registers */
	uint32_t ppctl, spbfcctl, spib[DSP_MAX_STREAMS], drsm[DSP_MAX_STREAMS];
	uint32_t ml_lctl, em2, d0i3c;

	int64_t due[DSP_EV_COUNT];   /* -1: not pending */

	/* ROM */
	DspState state;
	gboolean rom_msg;            /* a ROM message waits in the doorbell */
	gboolean purge;
	unsigned purge_tag;
	gboolean wrong_stream_seen;
	GByteArray *load;            /* what came over the code loader */
	DspImageInfo img;
	GByteArray *imr;             /* the image kept for an IMR boot (NULL: none) */
	uint64_t moved[DSP_MAX_STREAMS];   /* bytes through each DSP stream since RUN */

	/* firmware */
	uint8_t fw_ready[SOF_FW_READY_SIZE];
	gboolean host_msg;           /* the host's message waits for the firmware */
	GQueue out;                  /* DspMsg*: DSP -> host messages queued */
	gboolean out_busy;           /* one is in the doorbell, not taken yet */
	uint32_t pm_gate_flags;
	gboolean ctx_saved;

	/* trace */
	gboolean trace_on;
	unsigned trace_tag;
	uint32_t trace_size;         /* host buffer bytes (wraps there) */
	uint64_t trace_written;      /* bytes handed to the stream */
	unsigned trace_msgs;
	GByteArray *trace_pending;   /* records not yet taken by the stream */
	uint64_t trace_t0_ns;        /* host time at TRACE_DMA_PARAMS_EXT */
	int64_t trace_t0_us;
	char *ldc_dir;               /* where the log dictionaries are */
	GBytes *ldc;                 /* the loaded image's dictionary, NULL: none */
	uint32_t log_address[DSP_LOG_COUNT];  /* 0: not logged */
};

/* Little-endian helpers for the structures the model writes and reads. */
static inline void dsp_put32(GByteArray *b, uint32_t v)
{
	v = GUINT32_TO_LE(v);
	g_byte_array_append(b, (const uint8_t *)&v, 4);
}

static inline uint32_t dsp_get32(const uint8_t *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b + off, 4);
	return GUINT32_FROM_LE(v);
}

/* regs.c */
int dsp_bar4_read(EmuDsp *d, uint64_t off, unsigned width, uint32_t *val);
int dsp_bar4_write(EmuDsp *d, uint64_t off, unsigned width, uint32_t val);
/** dsp_table_access() - any access of @width at @off through a dword register table. */
gboolean dsp_table_access(EmuDsp *d, const DspReg *t, unsigned n, uint32_t off, unsigned width,
			  uint32_t *val, gboolean write);
void dsp_regs_reset(EmuDsp *d, const DspReg *t, unsigned n);
static inline uint32_t *dsp_reg_ptr(EmuDsp *d, const DspReg *r)
{
	return (uint32_t *)((uint8_t *)d + r->field);
}
uint32_t dsp_sram_read32(EmuDsp *d, uint32_t bar_off);
void dsp_sram_write32(EmuDsp *d, uint32_t bar_off, uint32_t val);
void dsp_sram_write(EmuDsp *d, uint32_t bar_off, const void *buf, size_t len);
void dsp_sram_read(EmuDsp *d, uint32_t bar_off, void *buf, size_t len);

/* caps.c */
gboolean dsp_caps_claims(EmuDsp *d, uint32_t off);
uint32_t dsp_caps_read(EmuDsp *d, uint32_t off, unsigned width);
void dsp_caps_write(EmuDsp *d, uint32_t off, unsigned width, uint32_t val);
void dsp_caps_reset(EmuDsp *d);
/** dsp_caps_stream_owned() - PPCTL.GPROCEN and PROCEN bit @n. */
gboolean dsp_caps_stream_owned(EmuDsp *d, unsigned n);
/** dsp_caps_spib_limit() - SPIB of stream @n when SPBFCCTL enables it, else -1. */
int64_t dsp_caps_spib_limit(EmuDsp *d, unsigned n);
/** dsp_caps_irq_enabled() - PPCTL.PIE: the DSP may interrupt the host. */
gboolean dsp_caps_irq_enabled(EmuDsp *d);

/* power.c */
uint32_t dsp_read_adspcs(EmuDsp *d, const DspReg *r, uint32_t stored);
void dsp_write_adspcs(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask);
void dsp_power_event(EmuDsp *d);
gboolean dsp_core0_running(EmuDsp *d);
/** dsp_power_core_enable() - the firmware powers the cores of @mask it manages. */
int dsp_power_core_enable(EmuDsp *d, uint32_t mask);

/* ipc.c */
uint32_t dsp_read_adspis(EmuDsp *d, const DspReg *r, uint32_t stored);
void dsp_write_ipc_req(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask);
void dsp_write_ipc_dsp_req(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask);
void dsp_write_ipc_dsp_ack(EmuDsp *d, const DspReg *r, uint32_t old, uint32_t val, uint32_t mask);
/** dsp_irq() - the DSP's interrupt line (ADSPIS & ADSPIC, PPCTL.PIE). */
gboolean dsp_irq(EmuDsp *d);
/** dsp_ipc_request() - the host's pending request: doorbell and extension. */
uint32_t dsp_ipc_request(EmuDsp *d, uint32_t *ext);
/** dsp_ipc_answer() - the DSP is done with the host's request: DONE, BUSY cleared. */
void dsp_ipc_answer(EmuDsp *d);
/** dsp_ipc_send() - queue a DSP -> host message (@box NULL: doorbell only); takes @box. */
void dsp_ipc_send(EmuDsp *d, uint32_t doorbell, uint32_t ext, GByteArray *box);
/** dsp_ipc_flush() - the firmware is gone: drop its queued messages and the host's. */
void dsp_ipc_flush(EmuDsp *d);
/** dsp_ipc_ring() - ring the DSP -> host doorbell now, over anything queued (panic). */
void dsp_ipc_ring(EmuDsp *d, uint32_t doorbell, uint32_t ext);

/* rom.c */
/** dsp_rom_step() - core 0 changed (power, reset, stall) or the ROM's message came. */
void dsp_rom_step(EmuDsp *d);
void dsp_rom_event(EmuDsp *d, DspEvent ev);
size_t dsp_rom_stream_avail(EmuDsp *d, unsigned n);
void dsp_rom_stream_data(EmuDsp *d, unsigned n, const uint8_t *buf, size_t len);
/** dsp_rom_halt() - the ROM stops with @code, FSR halted. */
void dsp_rom_halt(EmuDsp *d, uint32_t code, const char *why);

/* fw.c */
void dsp_fw_enter(EmuDsp *d);
void dsp_fw_ready(EmuDsp *d);
void dsp_fw_ipc(EmuDsp *d);

/* ldc.c */
/** dsp_ldc_load() - find the dictionary of the image with @src_hash (NULL-safe to miss). */
void dsp_ldc_load(EmuDsp *d, uint32_t src_hash);
/** dsp_ldc_find() - address of the entry with @text (@prefix: text starts so), @n_params. */
gboolean dsp_ldc_find(EmuDsp *d, const char *text, gboolean prefix, unsigned n_params,
		      uint32_t *address);
/** dsp_ldc_debug_abi() - the dictionary's debug ABI (its header's version), 0 without one. */
uint32_t dsp_ldc_debug_abi(EmuDsp *d);

/* trace.c */
int dsp_trace_start(EmuDsp *d, unsigned tag, uint32_t size, uint64_t host_ns);
void dsp_trace_stop(EmuDsp *d);
/** dsp_trace_addresses() - where each DspLog's entry is, from the dictionary or the model's. */
void dsp_trace_addresses(EmuDsp *d);
/** dsp_trace_log() - a trace record of @what with its parameters. */
void dsp_trace_log(EmuDsp *d, DspLog what, const uint32_t *params);
size_t dsp_trace_stream_avail(EmuDsp *d, unsigned n);
void dsp_trace_stream_data(EmuDsp *d, unsigned n, uint8_t *buf, size_t len);
void dsp_trace_event(EmuDsp *d);

/* oops.c */
void dsp_panic(EmuDsp *d, uint32_t code);

/* dsp.c */
int64_t dsp_now(void);
/** dsp_at() - run @ev @delay_us from now (replacing an earlier one). */
void dsp_at(EmuDsp *d, DspEvent ev, int64_t delay_us);
void dsp_cancel(EmuDsp *d, DspEvent ev);
/** dsp_changed() - the interrupt or the timing changed: tell the controller. */
void dsp_changed(EmuDsp *d);
/** dsp_stream_state() - the controller's stream @n. */
gboolean dsp_stream_state(EmuDsp *d, unsigned n, EmuHdaStreamState *st);
void dsp_set_fsr(EmuDsp *d, uint32_t fsr);
uint32_t dsp_fsr(EmuDsp *d);

#endif
