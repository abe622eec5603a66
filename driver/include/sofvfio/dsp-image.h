/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/dsp-image.h - SOF DSP firmware images (".ri" files).
 *
 * A cAVS image as rimage writes it and Linux's SOF loader reads it:
 *
 *   file   +0            XMan extended manifest (SOF ext_manifest.h): header
 *                        {magic, full_size, header_size, version} and elements
 *                        {type, size}: FW_VERSION, WINDOW, CC_VERSION,
 *                        PROBE_INFO, DBG_ABI, CONFIG_DATA, PLATFORM_CONFIG.
 *   file   +full_size    the payload: what goes over the code-loader DMA.
 *   payload +0           $CPD partition directory (rimage cse.h) with entries
 *                        "ADSP.man", "cavs0015.met", "cavs0015".
 *   ADSP.man             CSS header ($MN2, rimage css.h) with the RSA key and
 *                        signature, then extensions (signed package info,
 *                        then partition info or "info 0x16").
 *   cavs0015.met         ADSP metadata extension: the hash of the firmware.
 *   payload +0x2000      $AM1 firmware descriptor (rimage manifest.h) and its
 *                        $AME module entries, each with 3 segments and a
 *                        SHA-256 of its text+rodata.
 *
 * Baytrail/Cherrytrail/Broadwell images carry the older "Reef" format after
 * the XMan instead (Linux uapi sound/sof/fw.h): modules of blocks, no
 * manifest and no hashes.
 *
 * sv_dsp_image_load_*() decode every structure with bounds checks and compute
 * every hash that can be checked without Intel's keys; malformed input is a
 * GError in SV_DSP_IMAGE_ERROR naming the structure and its file offset.
 * A loaded image is never partially valid: either the whole structure
 * parsed, or the load failed.  Hash and checksum results are recorded in the
 * image (the *_ok fields); sv_dsp_image_verify() turns them, and the checks
 * against a platform, into an error.
 * No RSA signature is checked (that needs Intel's key and is the ROM's job).
 */
#ifndef SOFVFIO_DSP_IMAGE_H
#define SOFVFIO_DSP_IMAGE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

G_BEGIN_DECLS

#define SV_DSP_IMAGE_ERROR (sv_dsp_image_error_quark())
GQuark sv_dsp_image_error_quark(void);

/**
 * enum SvDspImageError - error codes of the SV_DSP_IMAGE_ERROR domain.
 * @SV_DSP_IMAGE_ERROR_IO: the file could not be opened or read
 * @SV_DSP_IMAGE_ERROR_TRUNCATED: a structure runs past the end of the file
 *     (or of the structure that contains it)
 * @SV_DSP_IMAGE_ERROR_MAGIC: a magic/marker is not what the format requires
 * @SV_DSP_IMAGE_ERROR_VERSION: a structure version this reader does not know
 * @SV_DSP_IMAGE_ERROR_BOUNDS: a size, count or offset field is inconsistent
 *     (too small for its own header, overlapping, beyond its container)
 * @SV_DSP_IMAGE_ERROR_MISSING: a structure the format requires is absent
 *     (e.g. no $CPD entry for the manifest)
 * @SV_DSP_IMAGE_ERROR_CHECKSUM: the $CPD directory checksum/CRC32 differs
 * @SV_DSP_IMAGE_ERROR_HASH: a SHA-256/384 differs: a module's text+rodata,
 *     the metadata's hash of the firmware, or the signed package info's
 *     hash of the metadata
 * @SV_DSP_IMAGE_ERROR_PLATFORM: the image does not suit the platform asked
 *     for (load offset, manifest generation) or the platform is unknown
 */
typedef enum {
	SV_DSP_IMAGE_ERROR_IO,
	SV_DSP_IMAGE_ERROR_TRUNCATED,
	SV_DSP_IMAGE_ERROR_MAGIC,
	SV_DSP_IMAGE_ERROR_VERSION,
	SV_DSP_IMAGE_ERROR_BOUNDS,
	SV_DSP_IMAGE_ERROR_MISSING,
	SV_DSP_IMAGE_ERROR_CHECKSUM,
	SV_DSP_IMAGE_ERROR_HASH,
	SV_DSP_IMAGE_ERROR_PLATFORM,
} SvDspImageError;

/* SOF ABI version word (SOF abi.h): major 31:24, minor 23:12, patch 11:0. */
#define SV_DSP_ABI_MAJOR(v) (((v) >> 24) & 0xff)
#define SV_DSP_ABI_MINOR(v) (((v) >> 12) & 0xfff)
#define SV_DSP_ABI_PATCH(v) ((v) & 0xfff)

/**
 * enum SvDspWindowType - SOF_IPC_REGION_* (SOF/Linux include/sound/sof/info.h):
 * what a window region of the DSP's SRAM windows holds.
 */
typedef enum {
	SV_DSP_WINDOW_DOWNBOX = 0,   /* host -> DSP mailbox ("host box") */
	SV_DSP_WINDOW_UPBOX = 1,     /* DSP -> host mailbox ("DSP box") */
	SV_DSP_WINDOW_TRACE = 2,
	SV_DSP_WINDOW_DEBUG = 3,
	SV_DSP_WINDOW_STREAM = 4,
	SV_DSP_WINDOW_REGS = 5,
	SV_DSP_WINDOW_EXCEPTION = 6,
} SvDspWindowType;

/* Name of a SOF_IPC_REGION_* type ("DOWNBOX", ...); "UNKNOWN" otherwise. */
const char *sv_dsp_window_type_name(guint32 type);

/* SOF_IPC_MAX_ELEMS: a window record has room for 16 windows. */
#define SV_DSP_IMAGE_MAX_WINDOWS 16

/**
 * struct SvDspImageWindow - one sof_ipc_window_elem, as FW_READY's WINDOW
 * record carries it.
 * @type: SvDspWindowType
 * @id: window number (BAR4 0x80000 + 0x20000 * @id on cAVS)
 * @flags: SOF_IPC_MEM_* flags (0 in the images seen)
 * @size: bytes of the region
 * @offset: bytes from the start of window @id
 */
typedef struct {
	guint32 type;
	guint32 id;
	guint32 flags;
	guint32 size;
	guint32 offset;
} SvDspImageWindow;

/**
 * struct SvDspImageFwVersion - sof_ipc_fw_version (+ the element's flags).
 * @major/@minor/@micro/@build: firmware version (build 0xffff: not set)
 * @date/@time/@tag: NUL-terminated copies of the fixed-size fields
 * @abi_version: SOF ABI word (SV_DSP_ABI_MAJOR() ...)
 * @src_hash: hash of the firmware's sources (for the .ldc dictionary)
 * @flags: ext_man_fw_version.flags
 */
typedef struct {
	guint16 major, minor, micro, build;
	char date[13];
	char time[11];
	char tag[7];
	guint32 abi_version;
	guint32 src_hash;
	guint32 flags;
} SvDspImageFwVersion;

/** struct SvDspImageCcVersion - sof_ipc_cc_version: the compiler that built it. */
typedef struct {
	guint32 major, minor, micro;
	char name[17];
	char optim[5];
	char desc[33];
} SvDspImageCcVersion;

/** struct SvDspImageTokenValue - one {token, value} of CONFIG_DATA / PLATFORM_CONFIG. */
typedef struct {
	guint32 token;
	guint32 value;
} SvDspImageTokenValue;

/*
 * CONFIG_DATA tokens (Linux include/sound/sof/ext_manifest.h, config_elem_type).
 */
#define SV_DSP_CONFIG_IPC_MSG_SIZE 1
#define SV_DSP_CONFIG_MEMORY_USAGE_SCAN 2
/* "IPC_MSG_SIZE", "MEMORY_USAGE_SCAN", or NULL. */
const char *sv_dsp_config_token_name(guint32 token);
/* PLATFORM_CONFIG tokens (SOF cavs/ext_manifest.h: LPRO, OUTBOX_SIZE,
 * INBOX_SIZE); NULL when unknown. */
const char *sv_dsp_platform_config_token_name(guint32 token);

/* XMan element types (SOF ext_manifest.h enum ext_man_elem_type). */
typedef enum {
	SV_DSP_XMAN_FW_VERSION = 0,
	SV_DSP_XMAN_WINDOW = 1,
	SV_DSP_XMAN_CC_VERSION = 2,
	SV_DSP_XMAN_PROBE_INFO = 3,
	SV_DSP_XMAN_DBG_ABI = 4,
	SV_DSP_XMAN_CONFIG_DATA = 5,
	SV_DSP_XMAN_PLATFORM_CONFIG = 6,
} SvDspXmanType;
/* "FW_VERSION", ... or "UNKNOWN". */
const char *sv_dsp_xman_type_name(guint32 type);

#define SV_DSP_IMAGE_MAX_ELEMENTS 32
#define SV_DSP_IMAGE_MAX_TOKENS 32

/** struct SvDspXmanElement - where one element sits: @offset is a file offset. */
typedef struct {
	guint32 type;
	guint32 offset;
	guint32 size;
} SvDspXmanElement;

/**
 * struct SvDspImageXman - the XMan extended manifest, decoded.
 * @present: FALSE for an image without one (then the payload is the file)
 * @full_size/@header_size/@version: the header (version major 31:24,
 *     minor 23:12, patch 11:0, as SOF_EXT_MAN_VERSION_*)
 * @elements/@n_elements: every element in file order, known or not
 * @have_*: which of the decoded fields below were present
 */
typedef struct {
	bool present;
	guint32 full_size;
	guint32 header_size;
	guint32 version;
	SvDspXmanElement elements[SV_DSP_IMAGE_MAX_ELEMENTS];
	guint n_elements;

	bool have_fw_version;
	SvDspImageFwVersion fw_version;
	bool have_windows;
	SvDspImageWindow windows[SV_DSP_IMAGE_MAX_WINDOWS];
	guint n_windows;
	bool have_cc_version;
	SvDspImageCcVersion cc_version;
	bool have_probe;
	guint32 probe_points_max;
	guint32 probe_injection_dmas_max;
	bool have_dbg_abi;
	guint32 dbg_abi_version;
	SvDspImageTokenValue config[SV_DSP_IMAGE_MAX_TOKENS];
	guint n_config;
	SvDspImageTokenValue platform_config[SV_DSP_IMAGE_MAX_TOKENS];
	guint n_platform_config;
} SvDspImageXman;

/* The largest hash any structure holds: SHA-384 (CSS 2.5 / TGL and later). */
#define SV_DSP_IMAGE_HASH_MAX 48

/**
 * struct SvDspImageHash - one hash the image states and the one computed.
 * @len: 32 (SHA-256) or 48 (SHA-384); 0 when nothing was checked
 * @stated: the hash stored in the image
 * @computed: the hash of the bytes it covers, computed with GChecksum
 * @ok: @stated == @computed
 * @offset/@size: file offset and size of the bytes it covers
 * @stated_offset: file offset of the stated hash (what an error names)
 */
typedef struct {
	guint len;
	guint8 stated[SV_DSP_IMAGE_HASH_MAX];
	guint8 computed[SV_DSP_IMAGE_HASH_MAX];
	bool ok;
	guint32 offset;
	guint32 size;
	guint32 stated_offset;
} SvDspImageHash;

/**
 * struct SvDspCpdEntry - one $CPD directory entry.
 * @name: NUL-terminated entry name ("ADSP.man")
 * @offset/@length: payload offset and bytes, as stored (offset bits 24:0;
 *     rimage keeps the upper bits zero)
 */
typedef struct {
	char name[13];
	guint32 offset;
	guint32 length;
} SvDspCpdEntry;

#define SV_DSP_IMAGE_MAX_CPD_ENTRIES 16

/**
 * struct SvDspImageCpd - the $CPD partition directory (rimage cse.h), at
 * payload offset 0.
 * @header_version: 1 (cAVS 1.5..2.0, 8-bit checksum) or 2 (cAVS 2.5, CRC32)
 * @entry_version/@header_length: as stored
 * @name: partition name ("ADSP")
 * @checksum: stored checksum (v1: u8; v2: CRC32)
 * @checksum_ok: the recomputed one agrees
 */
typedef struct {
	guint32 nb_entries;
	guint8 header_version;
	guint8 entry_version;
	guint8 header_length;
	char name[5];
	guint32 checksum;
	bool checksum_ok;
	SvDspCpdEntry entries[SV_DSP_IMAGE_MAX_CPD_ENTRIES];
} SvDspImageCpd;

/**
 * struct SvDspImageCss - the CSS manifest header ($MN2) of ADSP.man.
 * @offset: file offset
 * @header_type/@header_len (dwords)/@header_version (0x10000 or 0x21000)
 * @module_vendor: 0x8086
 * @date: BCD yyyymmdd
 * @size: dwords of the whole manifest
 * @version: major, minor, hotfix, build
 * @svn: security version number
 * @modulus_size/@exponent_size: dwords
 * @key_bits: RSA modulus bits (2048 or 3072)
 * @modulus_offset/@exponent_offset/@signature_offset: file offsets of the
 *     key and the signature
 */
typedef struct {
	guint32 offset;
	guint32 header_type, header_len, header_version;
	guint32 module_vendor, date, size;
	guint16 version[4];
	guint32 svn;
	guint32 modulus_size, exponent_size;
	guint key_bits;
	guint32 modulus_offset, exponent_offset, signature_offset;
} SvDspImageCss;

/* Manifest extension types (rimage plat_auth.h, manifest.h). */
#define SV_DSP_MAN_EXT_PARTITION_INFO 3
#define SV_DSP_MAN_EXT_SIGNED_PKG_INFO 15
#define SV_DSP_MAN_EXT_ADSP_META 17
#define SV_DSP_MAN_EXT_INFO_0X16 22
const char *sv_dsp_man_ext_name(guint32 type);

/** struct SvDspManExt - one extension {type, length} after the CSS header. */
typedef struct {
	guint32 type;
	guint32 offset;   /* file offset */
	guint32 length;
} SvDspManExt;

#define SV_DSP_IMAGE_MAX_EXTS 8

/**
 * struct SvDspSignedPkgModule - signed_pkg_info_module: the metadata file
 * the package signs.
 * @name: "cavs0015.met"
 * @type/@hash_algo/@hash_size/@meta_size: as stored (hash_algo is 2 in the
 *     cAVS 1.8 images, which use SHA-256, and 0 in the 2.5 ones, which use
 *     SHA-384: the algorithm follows @hash_size)
 * @hash: its stated hash (stored byte-reversed, as rimage writes it) vs the
 *     SHA of the first @meta_size bytes of the .met entry
 */
typedef struct {
	char name[13];
	guint8 type;
	guint8 hash_algo;
	guint16 hash_size;
	guint32 meta_size;
	SvDspImageHash hash;
} SvDspSignedPkgModule;

/** struct SvDspSignedPkg - signed_pkg_info_ext (extension 15). */
typedef struct {
	bool present;
	char name[5];
	guint32 vcn, svn;
	guint8 fw_type, fw_sub_type;
	SvDspSignedPkgModule module;
} SvDspSignedPkg;

/**
 * struct SvDspPartitionInfo - partition_info_ext (extension 3, rimage-signed
 * cAVS 1.8 images) or info_ext_0x16 (extension 22: Intel-signed images and
 * every cAVS 2.5 one).
 * @type: 3 or 22
 * @name: "ADSP"
 * @length: partition length (type 3) / file size (type 22)
 * @vcn/@part_version/@fmt_version/@instance_id/@part_flags: type 3 only
 */
typedef struct {
	bool present;
	guint32 type;
	char name[5];
	guint32 length;
	guint32 vcn, part_version, fmt_version, instance_id, part_flags;
} SvDspPartitionInfo;

/**
 * struct SvDspAdspMeta - adsp_meta_file_ext (extension 17) in the .met entry.
 * @offset: file offset
 * @imr_type: as stored (3 in the rimage-signed images, 4 in Intel's)
 * @comp_version/@base_offset/@limit_offset: comp_desc[0]; limit - base is
 *     the length of the firmware entry ("cavs0015") it hashes
 * @hash: its stated hash vs the SHA of that entry (SHA-256 with CSS 1.8,
 *     SHA-384 with CSS 2.5)
 */
typedef struct {
	bool present;
	guint32 offset;
	guint32 imr_type;
	guint32 comp_version, base_offset, limit_offset;
	SvDspImageHash hash;
} SvDspAdspMeta;

/**
 * struct SvDspSegment - sof_man_segment_desc.
 * @flags: the raw flags word; @contents..@data its bits, @type bits 11:8
 *     (SOF_MAN_SEGMENT_TEXT 0 / RODATA 1 / BSS 2), @pages bits 31:16
 * @vaddr: DSP address
 * @file_offset: payload offset of the segment's bytes
 */
typedef struct {
	guint32 flags;
	bool contents, alloc, load, readonly, code, data;
	guint type;
	guint pages;
	guint32 vaddr;
	guint32 file_offset;
} SvDspSegment;

#define SV_DSP_SEGMENT_TEXT 0
#define SV_DSP_SEGMENT_RODATA 1
#define SV_DSP_SEGMENT_BSS 2
#define SV_DSP_PAGE_SIZE 4096

/**
 * struct SvDspModule - one $AME module entry (sof_man_module).
 * @offset: file offset of the entry
 * @name: NUL-terminated ("BRNGUP", "BASEFW")
 * @uuid: 16 bytes as stored
 * @type: sof_man_module_type word (load_type 3:0, auto_start 4, domain_ll 5,
 *     domain_dp 6, lib_code 7)
 * @entry_point/@cfg_offset/@cfg_count/@affinity_mask/@instance_max_count/
 * @instance_bss_size: as stored
 * @segments: text, rodata, bss
 * @hash: stated module hash vs SHA-256 of text+rodata pages
 */
typedef struct {
	guint32 offset;
	char name[9];
	guint8 uuid[16];
	guint32 type;
	guint32 entry_point;
	guint16 cfg_offset, cfg_count;
	guint32 affinity_mask;
	guint16 instance_max_count, instance_bss_size;
	SvDspSegment segments[3];
	SvDspImageHash hash;
} SvDspModule;

/**
 * struct SvDspImageManifest - the $AM1 firmware descriptor (sof_man_fw_header).
 * @offset: file offset (payload offset 0x2000, rimage's MAN_DESC_OFFSET)
 * @name: "ADSPFW"
 * @version: major, minor, hotfix, build
 * @fw_compat: hw_buf_base_addr in older rimage
 * @load_offset: where the ROM expects the image in IMR/SRAM: the ROM refuses
 *     an image built for another part (ROM error 47)
 * @modules/@n_modules: the $AME entries
 */
typedef struct {
	guint32 offset;
	guint32 header_len;
	char name[9];
	guint32 preload_page_count;
	guint32 fw_image_flags;
	guint32 feature_mask;
	guint16 version[4];
	guint32 num_module_entries;
	guint32 fw_compat, hw_buf_length;
	guint32 load_offset;
	SvDspModule *modules;
	guint n_modules;
} SvDspImageManifest;

/** struct SvDspLegacyBlock/SvDspLegacyModule - "Reef" format (BYT/CHT/BDW). */
typedef struct {
	guint32 type;     /* SOF_FW_BLK_TYPE_*: 1 IRAM, 2 DRAM, 3 SRAM, 4 ROM, 5 IMR */
	guint32 size;
	guint32 offset;   /* DSP offset within the block type's memory */
	guint32 file_offset;
} SvDspLegacyBlock;

typedef struct {
	guint32 type;     /* 0 base firmware, 1 module */
	guint32 size;
	guint32 file_offset;
	SvDspLegacyBlock *blocks;
	guint n_blocks;
} SvDspLegacyModule;

typedef enum {
	SV_DSP_IMAGE_CAVS,    /* XMan + $CPD/CSS/$AM1 (APL and later) */
	SV_DSP_IMAGE_LEGACY,  /* XMan + "Reef" modules (BYT, CHT, BDW) */
} SvDspImageFormat;

/**
 * struct SvDspImage - a decoded image.  Read-only for callers.
 * @name: where it came from (the file name, or the name given)
 * @data/@size: the whole file (owned by the image)
 * @payload/@payload_size: the file less the XMan's full_size: what the
 *     code-loader DMA sends to the ROM
 * @payload_offset: file offset of the payload (= xman.full_size)
 * @format: cAVS or legacy
 * @xman: the extended manifest
 * @cpd/@css/@exts/@n_exts/@signed_pkg/@partition/@meta/@manifest: cAVS only
 * @legacy_modules/@n_legacy_modules/@legacy_abi: legacy only
 * @hashes_ok: every hash compared agreed (TRUE for a legacy image, which
 *     carries none: then @hashes_checked is 0)
 * @hashes_checked: how many hashes were compared
 */
typedef struct {
	char *name;
	const guint8 *data;
	gsize size;
	const guint8 *payload;
	gsize payload_size;
	guint32 payload_offset;
	SvDspImageFormat format;

	SvDspImageXman xman;

	SvDspImageCpd cpd;
	SvDspImageCss css;
	SvDspManExt exts[SV_DSP_IMAGE_MAX_EXTS];
	guint n_exts;
	SvDspSignedPkg signed_pkg;
	SvDspPartitionInfo partition;
	SvDspAdspMeta meta;
	SvDspImageManifest manifest;

	SvDspLegacyModule *legacy_modules;
	guint n_legacy_modules;
	guint32 legacy_abi;

	bool hashes_ok;
	guint hashes_checked;

	/*< private >*/
	GBytes *bytes;
} SvDspImage;

/**
 * sv_dsp_image_load_file() - read and decode a firmware image file.
 * @path: the .ri file
 * @error: SV_DSP_IMAGE_ERROR_IO if it cannot be read (naming @path), or a
 *     format error naming the structure and file offset
 *
 * Return: a new image (free with sv_dsp_image_free()), or NULL.
 */
SvDspImage *sv_dsp_image_load_file(const char *path, GError **error);

/**
 * sv_dsp_image_load_data() - decode an image held in memory.
 * @data/@size: the image bytes (copied: the caller keeps its buffer)
 * @name: how errors name it (e.g. the original file name); may be NULL
 * @error: as sv_dsp_image_load_file()
 *
 * Reads nothing outside @data[0..@size).
 * Return: a new image, or NULL.
 */
SvDspImage *sv_dsp_image_load_data(const void *data, gsize size, const char *name,
				   GError **error);

/**
 * sv_dsp_image_load_bytes() - sv_dsp_image_load_data() without the copy.
 * @bytes: the image bytes; the image holds a reference to them (a
 *     g_bytes_new_static() buffer must outlive the image)
 * @name: as sv_dsp_image_load_data()
 * @error: as sv_dsp_image_load_file()
 *
 * Reads nothing outside @bytes: this is what the fuzzer calls.
 * Return: a new image, or NULL.
 */
SvDspImage *sv_dsp_image_load_bytes(GBytes *bytes, const char *name, GError **error);

/* sv_dsp_image_free() - release an image (NULL is fine). */
void sv_dsp_image_free(SvDspImage *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SvDspImage, sv_dsp_image_free)

/**
 * struct SvDspImagePlatform - what a part's ROM expects of an image.
 * @name: the SOF platform name as in the firmware file name ("cnl")
 * @description: "Cannon Lake (cAVS 1.8)"
 * @load_offset: the $AM1 load_offset the ROM accepts
 * @css_version: CSS header_version of its images (0x10000 or 0x21000)
 */
typedef struct {
	const char *name;
	const char *description;
	guint32 load_offset;
	guint32 css_version;
} SvDspImagePlatform;

/**
 * sv_dsp_image_platforms() - the table of known cAVS platforms.
 * @n: set to the number of entries
 */
const SvDspImagePlatform *sv_dsp_image_platforms(gsize *n);

/* sv_dsp_image_platform_lookup() - by name ("cnl", "tgl", ...); NULL if unknown. */
const SvDspImagePlatform *sv_dsp_image_platform_lookup(const char *name);

/**
 * sv_dsp_image_platform_guess() - the platform a file name names
 * ("sof-cnl.ri", "/lib/.../sof-tgl-h.ri"); NULL when it names none.
 */
const SvDspImagePlatform *sv_dsp_image_platform_guess(const char *path);

/**
 * sv_dsp_image_verify() - the checks a ROM makes that need no key.
 * @img: a loaded image
 * @platform: the part it is meant for, or NULL to skip the platform checks
 * @error: the first failure: SV_DSP_IMAGE_ERROR_CHECKSUM ($CPD),
 *     SV_DSP_IMAGE_ERROR_HASH (naming the module or the metadata and the
 *     file offset of the stated hash), SV_DSP_IMAGE_ERROR_PLATFORM (load
 *     offset or CSS version not the platform's, or a legacy image)
 *
 * Return: TRUE when every check passed.
 */
gboolean sv_dsp_image_verify(const SvDspImage *img, const SvDspImagePlatform *platform,
			     GError **error);

/**
 * sv_dsp_image_window() - the first XMan window of @type, or NULL.
 */
const SvDspImageWindow *sv_dsp_image_window(const SvDspImage *img, guint32 type);

/**
 * sv_dsp_image_print() - fw-info text: every structure, one per block.
 * @out: where to write
 */
void sv_dsp_image_print(const SvDspImage *img, FILE *out);

/**
 * sv_dsp_image_to_json() - the same as JSON (json-glib), pretty-printed;
 * free with g_free().  @verify_error: the result of sv_dsp_image_verify()
 * to include ("verify": {"ok": ..., "error": ...}), or NULL when it passed.
 */
char *sv_dsp_image_to_json(const SvDspImage *img, const SvDspImagePlatform *platform,
			   const GError *verify_error);

G_END_DECLS

#endif
