// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status.c - what the FSR, the ROM error code and a panic code mean
 * (Linux sound/soc/sof/intel/hda.h HDA_DSP_ROM_*, hda-dsp.c hda_dsp_state
 * names, include/sound/sof/header.h SOF_IPC_PANIC_*).
 */
#include "dsp-internal.h"

G_DEFINE_QUARK(sv-dsp-error-quark, sv_dsp_error)

const char *sv_dsp_fsr_state_name(uint32_t state)
{
	switch (state) {
	case 0x0: return "RESET";
	case SV_DSP_FSR_INIT_DONE: return "INIT_DONE";
	case SV_DSP_FSR_FW_MANIFEST_LOADED: return "FW_MANIFEST_LOADED";
	case SV_DSP_FSR_FW_LOADED: return "FW_LOADED";
	case SV_DSP_FSR_FW_ENTERED: return "FW_ENTERED";
	case 0xf: return "RFW_START";
	default: return NULL;
	}
}

static const char *fsr_wait_name(uint32_t wait)
{
	switch (wait) {
	case 0: return NULL;
	case 1: return "waiting for an IPC";
	case 2: return "waiting for DMA";
	case 6: return "waiting for the CSE";
	default: return "waiting";
	}
}

char *sv_dsp_fsr_describe(uint32_t fsr)
{
	const char *st = sv_dsp_fsr_state_name(SV_DSP_FSR_STATE(fsr));
	const char *wait = fsr_wait_name(SV_DSP_FSR_WAIT(fsr));
	GString *s = g_string_new(NULL);

	if (fsr == 0xffffffffu)
		return g_strdup("0xffffffff: all ones (the DSP does not answer)");
	g_string_printf(s, "0x%08x: state 0x%x (%s)", fsr, SV_DSP_FSR_STATE(fsr),
			st ? st : "unknown");
	if (wait)
		g_string_append_printf(s, ", %s (%u)", wait, SV_DSP_FSR_WAIT(fsr));
	g_string_append_printf(s, ", module %u", SV_DSP_FSR_MODULE(fsr));
	if (SV_DSP_FSR_HALTED(fsr))
		g_string_append(s, ", halted");
	return g_string_free(s, FALSE);
}

const char *sv_dsp_rom_error_name(uint32_t code)
{
	switch (code) {
	case 0: return "no error";
	case 40: return "CSE error";
	case 41: return "CSE wrong response";
	case 42: return "IMR too small";
	case 43: return "base firmware not found";
	case 44: return "CSE validation failed (signature)";
	case 45: return "IPC fatal error";
	case 46: return "L2 cache error";
	case 47: return "load offset too small";
	case 50: return "API pointer invalid";
	case 51: return "base firmware incompatible";
	case 0xbee00000: return "unhandled interrupt";
	case 0xecc00000: return "memory hole ECC";
	case 0xcafe0000: return "kernel exception";
	case 0xbeef0000: return "user exception";
	case 0xdecaf000: return "unexpected reset";
	case 0x4c4c4e55: return "null firmware entry point";
	default: return NULL;
	}
}

const char *sv_dsp_panic_name(uint32_t code)
{
	static const char *const names[] = { "MEM", "WORK", "IPC", "ARCH", "PLATFORM", "TASK",
					     "EXCEPTION", "DEADLOCK", "STACK", "IDLE", "WFI",
					     "ASSERT" };

	if ((code & SV_DSP_PANIC_MAGIC_MASK) != SV_DSP_PANIC_MAGIC)
		return NULL;
	code &= 0xfff;
	return code < G_N_ELEMENTS(names) ? names[code] : NULL;
}

const char *sv_dsp_mem_zone_name(uint32_t zone)
{
	static const char *const names[] = { "SYS", "SYS_RUNTIME", "RUNTIME", "BUFFER",
					     "RUNTIME_SHARED", "SYS_SHARED" };

	return zone < G_N_ELEMENTS(names) ? names[zone] : "UNKNOWN";
}

char *sv_ipc_cmd_name(uint32_t cmd)
{
	static const struct {
		uint32_t cmd;
		const char *name;
	} names[] = {
		{ SV_IPC_GLB_REPLY, "GLB_REPLY" },
		{ SV_IPC_GLB_FW_READY, "FW_READY" },
		{ SV_IPC_PM_CTX_SAVE, "PM_CTX_SAVE" },
		{ SV_IPC_PM_CTX_RESTORE, "PM_CTX_RESTORE" },
		{ SV_IPC_PM_CORE_ENABLE, "PM_CORE_ENABLE" },
		{ SV_IPC_PM_GATE, "PM_GATE" },
		{ SV_IPC_TRACE_DMA_PARAMS_EXT, "TRACE_DMA_PARAMS_EXT" },
		{ SV_IPC_TRACE_DMA_POSITION, "TRACE_DMA_POSITION" },
		{ SV_IPC_TRACE_DMA_FREE, "TRACE_DMA_FREE" },
		{ SV_IPC_DEBUG_MEM_USAGE, "DEBUG_MEM_USAGE" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].cmd == cmd)
			return g_strdup(names[i].name);
	return g_strdup_printf("GLB 0x%x CMD 0x%03x", cmd >> 28, (cmd >> 16) & 0xfff);
}
