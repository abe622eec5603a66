// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-names.c - names of the numbers an image holds: window regions
 * (SOF_IPC_REGION_*, include/sound/sof/info.h), XMan element types
 * (ext_manifest.h), CONFIG_DATA tokens (Linux ext_manifest.h), cAVS
 * PLATFORM_CONFIG tokens (SOF cavs/ext_manifest.h) and manifest
 * extensions (rimage plat_auth.h, manifest.h).
 */
#include "image-priv.h"

#define NAME(table, v) ((v) < G_N_ELEMENTS(table) && (table)[v] ? (table)[v] : NULL)

const char *sv_dsp_window_type_name(guint32 type)
{
	static const char *const names[] = {
		[SV_DSP_WINDOW_DOWNBOX] = "DOWNBOX", [SV_DSP_WINDOW_UPBOX] = "UPBOX",
		[SV_DSP_WINDOW_TRACE] = "TRACE", [SV_DSP_WINDOW_DEBUG] = "DEBUG",
		[SV_DSP_WINDOW_STREAM] = "STREAM", [SV_DSP_WINDOW_REGS] = "REGS",
		[SV_DSP_WINDOW_EXCEPTION] = "EXCEPTION",
	};
	const char *n = NAME(names, type);

	return n ? n : "UNKNOWN";
}

const char *sv_dsp_xman_type_name(guint32 type)
{
	static const char *const names[] = {
		[SV_DSP_XMAN_FW_VERSION] = "FW_VERSION", [SV_DSP_XMAN_WINDOW] = "WINDOW",
		[SV_DSP_XMAN_CC_VERSION] = "CC_VERSION", [SV_DSP_XMAN_PROBE_INFO] = "PROBE_INFO",
		[SV_DSP_XMAN_DBG_ABI] = "DBG_ABI", [SV_DSP_XMAN_CONFIG_DATA] = "CONFIG_DATA",
		[SV_DSP_XMAN_PLATFORM_CONFIG] = "PLATFORM_CONFIG",
	};
	const char *n = NAME(names, type);

	return n ? n : "UNKNOWN";
}

const char *sv_dsp_config_token_name(guint32 token)
{
	static const char *const names[] = {
		[SV_DSP_CONFIG_IPC_MSG_SIZE] = "IPC_MSG_SIZE",
		[SV_DSP_CONFIG_MEMORY_USAGE_SCAN] = "MEMORY_USAGE_SCAN",
	};

	return NAME(names, token);
}

const char *sv_dsp_platform_config_token_name(guint32 token)
{
	/* enum cavs_config_elem_type */
	static const char *const names[] = {
		[1] = "LPRO", [2] = "OUTBOX_SIZE", [3] = "INBOX_SIZE",
	};

	return NAME(names, token);
}

const char *sv_dsp_man_ext_name(guint32 type)
{
	switch (type) {
	case SV_DSP_MAN_EXT_PARTITION_INFO:
		return "partition info";
	case SV_DSP_MAN_EXT_SIGNED_PKG_INFO:
		return "signed package info";
	case SV_DSP_MAN_EXT_ADSP_META:
		return "ADSP metadata";
	case SV_DSP_MAN_EXT_INFO_0X16:
		return "info 0x16";
	default:
		return "unknown";
	}
}
