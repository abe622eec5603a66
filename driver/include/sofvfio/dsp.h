/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/dsp.h - the SOF audio DSP of Intel HD Audio controllers (cAVS),
 * through BAR4 of the same PCI function, on the device API and the HDA layer.
 *
 * One descriptor per DSP generation (SvDspGen) holds what differs between
 * parts: register offsets and bits of the IPC doorbells, core count, which
 * cores the host powers, timeouts, the code-loader quirks.  The generation
 * is chosen from the PCI ID.  Facts from Linux sound/soc/sof/intel/ (hda.h,
 * hda-dsp.c, hda-loader.c, hda-ipc.c, cnl.c, apl.c, icl.c, tgl.c) and
 * include/sound/sof/ (header.h, info.h, xtensa.h, debug.h, trace.h).
 *
 * Life of a DSP: sv_dsp_open() (HDA controller up, generation, PP/SPIB/DRSM,
 * GPROCEN), sv_dsp_boot() (cold boot over a code-loader stream, or IMR boot
 * when the last FW_READY allowed it), IPC3 messages (sv_dsp_ipc_*()),
 * sv_dsp_close() (cores down, streams released, gating restored).
 */
#ifndef SOFVFIO_DSP_H
#define SOFVFIO_DSP_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include "sofvfio/device.h"
#include "sofvfio/dsp-image.h"
#include "sofvfio/hda.h"

G_BEGIN_DECLS

/* ---- generations -------------------------------------------------------- */

/** enum SvDspIp - DSP IP generation (Linux SOF_INTEL_CAVS_* / ACE_*). */
typedef enum {
	SV_DSP_IP_CAVS_1_5,  /* Apollo Lake, Gemini Lake */
	SV_DSP_IP_CAVS_1_8,  /* Cannon Lake, Coffee/Comet Lake */
	SV_DSP_IP_CAVS_2_0,  /* Ice Lake, Jasper/Elkhart Lake */
	SV_DSP_IP_CAVS_2_5,  /* Tiger Lake, Alder/Raptor Lake */
	SV_DSP_IP_ACE,       /* Meteor Lake and later: IPC4 only, other registers */
} SvDspIp;

/**
 * struct SvDspIpcRegs - the IPC doorbell layout of a generation (BAR4 offsets).
 * @req/@req_busy: host->DSP request (HIPCIDR on cAVS 1.8+, HIPCI on 1.5), BUSY bit
 * @ack/@ack_done: host->DSP acknowledge (HIPCIDA / HIPCIE), DONE bit
 *     (bit 31 on cAVS 1.8+, bit 30 on cAVS 1.5)
 * @req_data: request extension (HIPCIDD), 0 when the generation has none
 * @tdr/@tdr_busy: DSP->host request (HIPCTDR / HIPCT), BUSY bit (write 1 to clear)
 * @tda/@tda_done: DSP->host acknowledge (HIPCTDA), 0 when none (cAVS 1.5)
 * @tdd: DSP->host extension (HIPCTDD / HIPCTE): the panic's oops offset
 * @ctl: HIPCCTL (interrupt enables BUSY bit 0, DONE bit 1)
 */
typedef struct {
	uint32_t req, req_busy;
	uint32_t ack, ack_done;
	uint32_t req_data;
	uint32_t tdr, tdr_busy;
	uint32_t tda, tda_done;
	uint32_t tdd;
	uint32_t ctl;
} SvDspIpcRegs;

/**
 * struct SvDspGen - what the driver needs to know about one DSP generation.
 * @name: "cAVS 1.8"; @parts: "Cannon Lake, Coffee Lake, Comet Lake"
 * @platform: the SOF platform name of its firmware ("cnl": sof-cnl.ri)
 * @ip: the IP generation
 * @supported: FALSE for generations the driver only names (ACE)
 * @unsupported_why: why not, for the error message
 * @cores: DSP cores
 * @init_core_mask: the core the ROM runs on (core 0)
 * @host_managed_cores: cores whose power the host switches (TGL: core 0 only)
 * @ipc: doorbell layout
 * @rom_status: BAR4 offset of the FSR (window 0 + 0)
 * @rom_init_timeout_ms: ROM INIT_DONE deadline (300; 150 on cAVS 1.5)
 * @ssp_base/@ssp_count: SSP ports whose SSC1 gets SCLK/SFRM consumer mode
 *     after power-up (Linux hda_ssp_set_cbp_cfp())
 * @iccmax: the boot runs with an ICCMAX capture stream prepared (ICL, TGL:
 *     Linux hda_dsp_cl_boot_firmware_iccmax())
 * @procen_fmt_quirk: SDxFMT is written with PROCEN cleared (Linux
 *     SOF_INTEL_PROCEN_FMT_QUIRK: APL, CNL, ICL)
 * @load_offset: the $AM1 load offset its ROM expects (0x2000 APL, 0x30000 CNL+)
 */
typedef struct {
	const char *name;
	const char *parts;
	const char *platform;
	SvDspIp ip;
	bool supported;
	const char *unsupported_why;
	unsigned cores;
	uint32_t init_core_mask;
	uint32_t host_managed_cores;
	SvDspIpcRegs ipc;
	uint32_t rom_status;
	unsigned rom_init_timeout_ms;
	uint32_t ssp_base;
	unsigned ssp_count;
	bool iccmax;
	bool procen_fmt_quirk;
	uint32_t load_offset;
} SvDspGen;

/** struct SvDspPciId - one PCI device ID and its generation. */
typedef struct {
	uint16_t vendor, device;
	const char *part;        /* "Cannon Lake-LP" */
	const SvDspGen *gen;
} SvDspPciId;

/** sv_dsp_pci_ids() - the table of known parts; @n set to its length. */
const SvDspPciId *sv_dsp_pci_ids(size_t *n);

/**
 * sv_dsp_lookup() - the part with @vendor:@device, or NULL when unknown.
 * An ACE part is found (its generation says it is unsupported).
 */
const SvDspPciId *sv_dsp_lookup(uint16_t vendor, uint16_t device);

/** sv_dsp_gen_by_platform() - the generation of SOF platform @name ("cnl"), or NULL. */
const SvDspGen *sv_dsp_gen_by_platform(const char *name);

/* ---- status decoding ---------------------------------------------------- */

/* FSR (window 0 + 0): state 23:0, wait state 27:24, module 30:28, halted bit 31. */
#define SV_DSP_FSR_STATE(v) ((v) & 0xffffff)
#define SV_DSP_FSR_WAIT(v) (((v) >> 24) & 0xf)
#define SV_DSP_FSR_MODULE(v) (((v) >> 28) & 0x7)
#define SV_DSP_FSR_HALTED(v) (((v) >> 31) & 1)
#define SV_DSP_FSR_INIT_DONE 0x1
#define SV_DSP_FSR_FW_MANIFEST_LOADED 0x3
#define SV_DSP_FSR_FW_LOADED 0x4
#define SV_DSP_FSR_FW_ENTERED 0x5

/** sv_dsp_fsr_state_name() - "INIT_DONE", "FW_ENTERED", ... or NULL. */
const char *sv_dsp_fsr_state_name(uint32_t state);

/**
 * sv_dsp_fsr_describe() - the FSR as text: "0x06000021: state 0x21 (?), waiting
 * for the CSE (6), module 0"; free with g_free().
 */
char *sv_dsp_fsr_describe(uint32_t fsr);

/** sv_dsp_rom_error_name() - ROM error code (window 0 + 4) meaning, or NULL. */
const char *sv_dsp_rom_error_name(uint32_t code);

/** sv_dsp_panic_name() - "EXCEPTION" for 0x0dead006 ..., or NULL. */
const char *sv_dsp_panic_name(uint32_t code);

/* ---- FW_READY ------------------------------------------------------------- */

/* sof_ipc_fw_ready.flags (info.h) */
#define SV_DSP_FW_FLAG_BUILD (1u << 0)
#define SV_DSP_FW_FLAG_LOCKS (1u << 1)
#define SV_DSP_FW_FLAG_LOCKSV (1u << 2)
#define SV_DSP_FW_FLAG_GDB (1u << 3)
#define SV_DSP_FW_FLAG_D3_PERSISTENT (1u << 4)

/* The ABI major this driver speaks (SOF_ABI_MAJOR). */
#define SV_DSP_ABI_MAJOR_SUPPORTED 3

/**
 * struct SvDspFwReady - sof_ipc_fw_ready and the extended records after it.
 * @dspbox_offset/@hostbox_offset/@dspbox_size/@hostbox_size: as the firmware
 *     states them (SOF leaves them 0 on cAVS: the WINDOW record decides)
 * @version: sof_ipc_fw_version (same type as the image's XMan FW_VERSION)
 * @flags: SV_DSP_FW_FLAG_*
 * @windows/@n_windows: the WINDOW record (type 1)
 * @have_cc/@cc: the CC record (type 2)
 * @have_probe/@probe_points_max/@probe_injection_dmas_max: PROBE (type 3)
 * @have_user_abi/@user_abi_version: USER_ABI_INFO (type 4)
 * @n_ext/@ext_types: every extended record's type, in order
 */
typedef struct {
	uint32_t dspbox_offset, hostbox_offset, dspbox_size, hostbox_size;
	SvDspImageFwVersion version;
	uint64_t flags;
	SvDspImageWindow windows[SV_DSP_IMAGE_MAX_WINDOWS];
	unsigned n_windows;
	bool have_cc;
	SvDspImageCcVersion cc;
	bool have_probe;
	uint32_t probe_points_max, probe_injection_dmas_max;
	bool have_user_abi;
	uint32_t user_abi_version;
	unsigned n_ext;
	uint32_t ext_types[16];
} SvDspFwReady;

/* Size of sof_ipc_fw_ready: the extended records start after it. */
#define SV_DSP_FW_READY_SIZE 108

/**
 * sv_dsp_fw_ready_parse() - decode FW_READY and its extended records.
 * @buf/@len: the DSP box contents (at least SV_DSP_FW_READY_SIZE bytes)
 * @out: filled on success
 * @error: SV_ERROR_PROTOCOL naming the field and byte offset that is wrong
 *     (header, a record running past @len); SV_ERROR_UNSUPPORTED for an ABI
 *     major other than SV_DSP_ABI_MAJOR_SUPPORTED
 */
gboolean sv_dsp_fw_ready_parse(const uint8_t *buf, size_t len, SvDspFwReady *out,
			       GError **error);

/**
 * struct SvDspMailboxes - where the IPC mailboxes are (BAR4 offsets), from
 * the WINDOW record: UPBOX is the DSP box, DOWNBOX the host box
 * (Linux ipc_get_windows(): window n at 0x80000 + 0x20000 n, plus offset).
 */
typedef struct {
	uint32_t dspbox, dspbox_size;
	uint32_t hostbox, hostbox_size;
	uint32_t stream, stream_size;
	uint32_t exception, exception_size;   /* 0: not given */
	uint32_t debug, debug_size;
} SvDspMailboxes;

/** sv_dsp_window_offset() - BAR4 offset of window @w's region (0x80000 + 0x20000 id + offset). */
uint32_t sv_dsp_window_offset(const SvDspImageWindow *w);

/**
 * sv_dsp_mailboxes_from_windows() - the mailboxes the windows describe.
 * Return: FALSE with SV_ERROR_PROTOCOL when UPBOX or DOWNBOX is missing or
 * empty, or a window lies outside BAR4 (@bar4_size).
 */
gboolean sv_dsp_mailboxes_from_windows(const SvDspImageWindow *w, unsigned n,
				       uint64_t bar4_size, SvDspMailboxes *out, GError **error);

/* ---- oops ------------------------------------------------------------------ */

#define SV_DSP_PANIC_MAGIC 0x0dead000u
#define SV_DSP_PANIC_MAGIC_MASK 0x0ffff000u
#define SV_DSP_OOPS_STACK_WORDS 32
#define SV_DSP_OOPS_NREGS 24

/**
 * struct SvDspOops - a firmware panic (Linux xtensa.h sof_ipc_dsp_oops_xtensa,
 * trace.h sof_ipc_panic_info, then HDA_DSP_STACK_DUMP_SIZE stack words).
 * @message: HIPCTDR of the panic message (0x0dead00X)
 * @offset: BAR4 offset of the oops
 * @arch/@totalsize: arch header (totalsize > 0x400 means a bogus oops)
 * @configidhi/@configidlo/@numaregs/@stackoffset/@stackptr: platform header
 * @regs: exccause, excvaddr, ps, epc1..7, eps2..7, depc, intenable,
 *     interrupt, sar, debugcause, windowbase, windowstart, excsave1
 * @code/@filename/@linenum: panic_info
 * @stack: the stack words after it
 */
typedef struct {
	uint32_t message, offset;
	uint32_t arch, totalsize;
	uint32_t configidhi, configidlo, numaregs, stackoffset, stackptr;
	uint32_t regs[SV_DSP_OOPS_NREGS];
	uint32_t code;
	char filename[33];
	uint32_t linenum;
	uint32_t stack[SV_DSP_OOPS_STACK_WORDS];
} SvDspOops;

/** sv_dsp_oops_reg_name() - name of register @i of SvDspOops.regs ("exccause"). */
const char *sv_dsp_oops_reg_name(unsigned i);

/**
 * sv_dsp_oops_parse() - decode an oops from @buf (@len bytes read at the
 * oops offset).  Return: FALSE with SV_ERROR_PROTOCOL when the header is
 * bogus (totalsize > 0x400) or @len is too short for it.
 */
gboolean sv_dsp_oops_parse(const uint8_t *buf, size_t len, uint32_t message, SvDspOops *out,
			   GError **error);

/** sv_dsp_oops_describe() - multi-line text of an oops (free with g_free()). */
char *sv_dsp_oops_describe(const SvDspOops *oops);

/* ---- the DSP ---------------------------------------------------------------- */

#define SV_DSP_ERROR (sv_dsp_error_quark())
GQuark sv_dsp_error_quark(void);

/**
 * enum SvDspErrorCode - why a DSP operation failed (domain SV_DSP_ERROR; the
 * message names the step, the registers and the decoded FSR/ROM error).
 */
typedef enum {
	SV_DSP_ERROR_UNSUPPORTED,  /* unknown part, ACE, no BAR4, no PP capability */
	SV_DSP_ERROR_DEAD,         /* BAR4 reads all ones */
	SV_DSP_ERROR_POWER,        /* CPA/CRST never followed */
	SV_DSP_ERROR_ROM,          /* no ROM ack, ROM error, FSR stuck */
	SV_DSP_ERROR_FIRMWARE,     /* no FW_ENTERED / FW_READY, bad FW_READY */
	SV_DSP_ERROR_ABI,          /* FW_READY ABI major unknown */
	SV_DSP_ERROR_IPC,          /* IPC timeout, error reply, bad reply */
	SV_DSP_ERROR_PANIC,        /* the firmware panicked (oops decoded) */
	SV_DSP_ERROR_STATE,        /* not booted / already booted */
} SvDspErrorCode;

typedef struct SvDsp SvDsp;

/**
 * struct SvDspOptions - how to run the DSP (zero = defaults).
 * @hda: controller options (interrupt mode ...)
 * @fw_ready_timeout_ms: FW_READY deadline (default 2000)
 * @ipc_timeout_ms: IPC reply deadline (default 500)
 * @no_imr: never try an IMR boot
 * @test_send_whole_file: TEST ONLY: send the whole .ri, XMan included, over
 *     the code loader (the mistake of the seed loader), to see the ROM refuse it
 */
typedef struct {
	HdaOptions hda;
	int fw_ready_timeout_ms;
	int ipc_timeout_ms;
	bool no_imr;
	bool test_send_whole_file;
} SvDspOptions;

/**
 * sv_dsp_open() - bring the controller up for the DSP: HDA controller
 * (link reset, interrupts), generation from the PCI ID, PP/SPIB/DRSM from the
 * LLCH list, GPROCEN on.  The DSP stays unpowered.
 * @dev: the device (not owned)
 * @opts: options or NULL
 * @error: SV_DSP_ERROR_UNSUPPORTED (unknown part, ACE, no BAR4, no PP) or
 *     the controller's error
 */
SvDsp *sv_dsp_open(SvDevice *dev, const SvDspOptions *opts, GError **error);

/**
 * sv_dsp_close() - cores reset and powered down (CPA polled), trace stream
 * released, GPROCEN off, clock/power gating restored, controller closed.
 */
void sv_dsp_close(SvDsp *dsp);

const SvDspGen *sv_dsp_gen(SvDsp *dsp);
const SvDspPciId *sv_dsp_part(SvDsp *dsp);
HdaController *sv_dsp_controller(SvDsp *dsp);

/**
 * struct SvDspInfo - the state `sofvfio dsp info` shows.
 * @vendor/@device/@class_code: PCI identity
 * @pp/@spib/@drsm/@ml/@gts: BAR0 offsets of the capabilities (0: absent)
 * @ppctl: PPCTL
 * @adspcs: ADSPCS; @adspic/@adspis: interrupt control/status
 * @fsr/@rom_error: window 0 +0 and +4
 * @ipc_*: the doorbell registers as read (0 for those the generation lacks)
 * @n_in/@n_out: stream descriptors
 */
typedef struct {
	uint16_t vendor, device;
	uint32_t class_code;
	uint32_t pp, spib, drsm, ml, gts;
	uint32_t ppctl;
	uint32_t adspcs, adspic, adspis;
	uint32_t fsr, rom_error;
	uint32_t ipc_req, ipc_ack, ipc_req_data, ipc_tdr, ipc_tda, ipc_tdd, ipc_ctl;
	unsigned n_in, n_out;
} SvDspInfo;

/** sv_dsp_read_info() - read the state now. */
gboolean sv_dsp_read_info(SvDsp *dsp, SvDspInfo *info, GError **error);

/** sv_dsp_info_to_json() - @info as members of the object @b is building. */
void sv_dsp_info_to_json(SvDsp *dsp, const SvDspInfo *info, JsonBuilder *b);
/** sv_dsp_info_print() - @info as text. */
void sv_dsp_info_print(SvDsp *dsp, const SvDspInfo *info, FILE *out);

#define SV_DSP_MAX_STEPS 24

/** struct SvDspStep - one step of a boot, as it went. */
typedef struct {
	char name[40];      /* "power up cores 0x0f (CPA)" */
	int64_t us;         /* how long it took */
	bool ok;
} SvDspStep;

/**
 * struct SvDspBoot - what sv_dsp_boot() did.
 * @imr: the firmware came up from IMR (warm), not over the code loader
 * @imr_fell_back: an IMR boot was tried and failed, then a cold boot ran
 * @attempts: ROM init attempts of the cold boot (1..3)
 * @stream_index/@stream_tag: the code-loader stream used
 * @purge: the ROM_CONTROL message written to the request register
 * @payload_size: bytes sent over the code loader (CBL, SPIB)
 * @steps/@n_steps: each step with its time
 * @total_us: the whole boot
 * @fw_ready: the firmware's FW_READY
 * @boxes: the mailboxes the driver uses from now on
 */
typedef struct {
	bool imr, imr_fell_back;
	unsigned attempts;
	unsigned stream_index, stream_tag;
	uint32_t purge;
	size_t payload_size;
	SvDspStep steps[SV_DSP_MAX_STEPS];
	unsigned n_steps;
	int64_t total_us;
	SvDspFwReady fw_ready;
	SvDspMailboxes boxes;
} SvDspBoot;

/**
 * sv_dsp_boot() - boot the firmware of @img: an IMR boot when the DSP was
 * booted before by this SvDsp and its FW_READY had D3_PERSISTENT (it is put
 * to D3 first: PM_CTX_SAVE, cores down), with a cold boot as the fall-back;
 * else a cold boot.  On failure nothing is left powered, running or mapped.
 * @img: the image (its payload goes over the code loader)
 * @boot: filled (steps so far also on failure); may be NULL
 */
gboolean sv_dsp_boot(SvDsp *dsp, const SvDspImage *img, SvDspBoot *boot, GError **error);

/**
 * sv_dsp_boot_payload() - sv_dsp_boot() with the bytes the code loader
 * sends given directly (tests: a truncated or altered payload for the ROM to
 * refuse).  @payload/@size: what goes over the code-loader DMA.
 */
gboolean sv_dsp_boot_payload(SvDsp *dsp, const uint8_t *payload, size_t size, SvDspBoot *boot,
			     GError **error);

/** sv_dsp_booted() - TRUE after a successful boot (until a panic or close). */
gboolean sv_dsp_booted(SvDsp *dsp);

/**
 * sv_dsp_boot_to_json() / sv_dsp_fw_ready_to_json() - members of the object
 * @b is building; sv_dsp_boot_print() / sv_dsp_fw_ready_print(): as text.
 */
void sv_dsp_boot_to_json(const SvDspBoot *boot, JsonBuilder *b);
void sv_dsp_fw_ready_to_json(const SvDspFwReady *fw, JsonBuilder *b);
void sv_dsp_boot_print(const SvDspBoot *boot, FILE *out);
void sv_dsp_fw_ready_print(const SvDspFwReady *fw, FILE *out);

/**
 * sv_dsp_power_down() - D3: PM_CTX_SAVE when booted, then every host-managed
 * core reset and powered down (CPA polled).  Keeps what an IMR boot needs.
 */
gboolean sv_dsp_power_down(SvDsp *dsp, GError **error);

/**
 * sv_dsp_core_mask_powered() - ADSPCS.CPA of every core now (bit n = core n);
 * all ones when the register reads all ones.
 */
uint32_t sv_dsp_cores_powered(SvDsp *dsp);

/* ---- IPC3 ---------------------------------------------------------------- */

/* Message types (header.h): global type 31:28, command 27:16. */
#define SV_IPC_GLB_REPLY 0x10000000u
#define SV_IPC_GLB_FW_READY 0x70000000u
#define SV_IPC_PM_CTX_SAVE 0x40010000u
#define SV_IPC_PM_CTX_RESTORE 0x40020000u
#define SV_IPC_PM_CORE_ENABLE 0x40070000u
#define SV_IPC_PM_GATE 0x40080000u
#define SV_IPC_TRACE_DMA_PARAMS_EXT 0x90030000u
#define SV_IPC_TRACE_DMA_POSITION 0x90020000u
#define SV_IPC_TRACE_DMA_FREE 0x90050000u
#define SV_IPC_DEBUG_MEM_USAGE 0xd0010000u
#define SV_IPC_MSG_MAX 384

/** sv_ipc_cmd_name() - "PM_CORE_ENABLE" for 0x40070000 ..., "GLB 0x9 CMD 0x004" otherwise. */
char *sv_ipc_cmd_name(uint32_t cmd);

/**
 * sv_dsp_ipc_tx() - send one IPC3 message and wait for its reply.
 * @msg/@msg_size: the message, header {size, cmd} first (<= 384 bytes)
 * @reply/@reply_size: room for the reply; its size must not exceed it
 * @reply_len: bytes of reply received (may be NULL)
 * @error: SV_DSP_ERROR_IPC (timeout naming the registers; an error reply
 *     with its code; a reply larger than asked), SV_DSP_ERROR_PANIC with
 *     the oops decoded, SV_DSP_ERROR_STATE when not booted
 */
gboolean sv_dsp_ipc_tx(SvDsp *dsp, const void *msg, size_t msg_size, void *reply,
		       size_t reply_size, size_t *reply_len, GError **error);

/** sv_dsp_ping() - GLB_REPLY as a ping: the firmware answers 0. */
gboolean sv_dsp_ping(SvDsp *dsp, GError **error);
/** sv_dsp_pm_core_enable() - PM_CORE_ENABLE with @mask (the DSP powers the others). */
gboolean sv_dsp_pm_core_enable(SvDsp *dsp, uint32_t mask, GError **error);
/** sv_dsp_pm_ctx_save() - PM_CTX_SAVE (no mailbox reply: windows go off). */
gboolean sv_dsp_pm_ctx_save(SvDsp *dsp, GError **error);
/** sv_dsp_pm_gate() - PM_GATE with @flags (compact form on cAVS 1.8+). */
gboolean sv_dsp_pm_gate(SvDsp *dsp, uint32_t flags, GError **error);

/** struct SvDspMemZone - one sof_ipc_dbg_mem_usage_elem. */
typedef struct {
	uint32_t zone, id, used, free;
} SvDspMemZone;

/** sv_dsp_mem_zone_name() - "SYS", "SYS_RUNTIME", "RUNTIME", "BUFFER", ... */
const char *sv_dsp_mem_zone_name(uint32_t zone);

/** sv_dsp_mem_usage() - DEBUG MEM_USAGE: the heaps (free with g_free()). */
gboolean sv_dsp_mem_usage(SvDsp *dsp, SvDspMemZone **zones, unsigned *n, GError **error);

/* ---- DMA trace ------------------------------------------------------------ */

/**
 * struct SvDspTraceRecord - one dma-trace record (SOF user/trace.h
 * log_entry_header, then its parameters).
 * @uid/@id_0/@id_1/@core/@timestamp/@address: the header
 * @params/@n_params: its arguments (count from the .ldc dictionary)
 * @text: the formatted message when the dictionary has the entry, else NULL
 * @file/@line: where it was logged (dictionary), NULL/0 without one
 */
typedef struct {
	uint32_t uid, id_0, id_1, core;
	uint64_t timestamp;
	uint32_t address;
	uint32_t params[8];
	unsigned n_params;
	char *text;
	char *file;
	unsigned line;
	unsigned level;
} SvDspTraceRecord;

/**
 * sv_dsp_trace_start() - TRACE_DMA_PARAMS_EXT over a capture stream of the
 * controller (PROCEN, page table of the host buffer, stream tag), RUN set.
 * @ldc: the firmware's .ldc dictionary (for record sizes and texts), or NULL
 */
gboolean sv_dsp_trace_start(SvDsp *dsp, const char *ldc, GError **error);

/**
 * sv_dsp_trace_read() - the records that arrived since the last call.
 * @records: array of SvDspTraceRecord (free with g_array_unref(), the
 *     strings go with it)
 * @wait_ms: wait at most this long for the first data
 * @bytes: the raw bytes that arrived (may be NULL)
 */
gboolean sv_dsp_trace_read(SvDsp *dsp, int wait_ms, GArray **records, size_t *bytes,
			   GError **error);

/** sv_dsp_trace_stop() - TRACE_DMA_FREE, stream stopped and released. */
gboolean sv_dsp_trace_stop(SvDsp *dsp, GError **error);

/**
 * sv_dsp_trace_decode() - split @len bytes of dma-trace into records with
 * the dictionary @ldc_data (NULL: one record per 20-byte header, no params).
 */
GArray *sv_dsp_trace_decode(const uint8_t *buf, size_t len, const uint8_t *ldc_data,
			    size_t ldc_len, GError **error);

/** sv_dsp_trace_record_format() - "[ts] c0 p1.c2 file:line text" (g_free()). */
char *sv_dsp_trace_record_format(const SvDspTraceRecord *r);

/**
 * sv_dsp_page_table_fill() - SOF's compressed page table (20-bit PFNs,
 * Linux snd_sof_create_page_table()) of @pages pages at @iova.
 * @table: at least (pages * 5 + 1) / 2 + 3 bytes
 */
void sv_dsp_page_table_fill(uint8_t *table, uint64_t iova, unsigned pages);

/* ---- named commands (sofvfio dsp boot --ipc CMD) ----------------------- */

/**
 * sv_dsp_command_names() - the commands sv_dsp_run_command() knows, for
 * --help: "ping, mem-usage, trace, core-enable[=MASK], ctx-save, gate[=FLAGS]".
 */
const char *sv_dsp_command_names(void);

/**
 * sv_dsp_check_command() - whether sv_dsp_run_command() would take @cmd:
 * a known name, and a 32-bit number after "=" only where the command takes
 * one.  For checking a command line before a device is touched.
 * Return: FALSE with SV_ERROR_INVAL naming what is wrong.
 */
gboolean sv_dsp_check_command(const char *cmd, GError **error);

/**
 * sv_dsp_run_command() - run one named IPC command on a booted DSP.
 * @cmd: "ping", "mem-usage", "trace", "core-enable[=MASK]" (default: every
 *     core), "ctx-save", "gate[=FLAGS]" (default 0)
 * @ldc: the firmware's .ldc dictionary for "trace" (NULL: records without text)
 * @b: when not NULL, an object with the result is added to the array @b builds
 * @out: when not NULL, the result as text
 * @error: SV_ERROR_INVAL for an unknown command, or the command's error
 *     ("trace": SV_DSP_ERROR_FIRMWARE when no record arrived in a second)
 */
gboolean sv_dsp_run_command(SvDsp *dsp, const char *cmd, const char *ldc, JsonBuilder *b,
			    FILE *out, GError **error);

G_END_DECLS

#endif
