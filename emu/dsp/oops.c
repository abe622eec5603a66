// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oops.c - a firmware panic as SOF reports it on cAVS: the panic code goes to
 * window 0 + 4 (FW status), the oops into the EXCEPTION window, and the
 * DSP -> host doorbell rings with the code (0x0dead00X) and, in the
 * extension, the oops' offset from window 0 (Linux: HDA_DSP_PANIC_OFFSET()
 * adds 0x80000).
 *
 * The oops (Linux include/sound/sof/xtensa.h): struct sof_ipc_dsp_oops_xtensa
 * {arch_hdr {arch, totalsize}, plat_hdr {configidhi, configidlo, numaregs,
 * stackoffset, stackptr}, exccause .. excsave1 (24 registers), ar[numaregs]},
 * totalsize bytes in all; then struct sof_ipc_panic_info (Linux trace.h)
 * {hdr {size 44}, code, filename[32], linenum}; then the stack, 32 words
 * (stackoffset = totalsize + 44, as SOF's fill_core_dump()).  The register
 * values are the model's: an IllegalInstruction (exccause 0) in the IPC handler.
 */
#define SV_LOG_PREFIX "dsp-oops"
#include "sofvfio/log.h"
#include "dsp-priv.h"

#include <string.h>

#define NUM_AREGS 64               /* XCHAL_NUM_AREGS of the cAVS cores */
#define STACK_WORDS 32
#define PANIC_INFO_SIZE 44         /* hdr, code, filename[32], linenum */
#define OOPS_ARCH_XTENSA 0         /* the model's arch tag */
#define STACK_PTR 0xbe0a0f00u      /* in BASEFW's bss */

void dsp_panic(EmuDsp *d, uint32_t code)
{
	static const char file[32] = "src/ipc/ipc3/handler.c";
	g_autoptr(GByteArray) o = g_byte_array_new();
	uint32_t exc = dsp_window_offset(d->part, SOF_REGION_EXCEPTION, NULL);
	uint32_t totalsize = 8 + 20 + 24 * 4 + NUM_AREGS * 4;
	uint32_t line = 1412;

	dsp_put32(o, OOPS_ARCH_XTENSA);
	dsp_put32(o, totalsize);
	dsp_put32(o, 0x0002);                 /* configidhi */
	dsp_put32(o, 0x6011);                 /* configidlo */
	dsp_put32(o, NUM_AREGS);
	dsp_put32(o, totalsize + PANIC_INFO_SIZE); /* stackoffset: after the panic info */
	dsp_put32(o, STACK_PTR);
	dsp_put32(o, 0);                      /* exccause: IllegalInstruction */
	dsp_put32(o, 0);                      /* excvaddr */
	dsp_put32(o, 0x00060020);             /* ps */
	for (unsigned i = 1; i <= 7; i++)
		dsp_put32(o, i == 1 ? 0xbe012a4cu : 0); /* epc1..7 */
	for (unsigned i = 2; i <= 7; i++)
		dsp_put32(o, 0);              /* eps2..7 */
	dsp_put32(o, 0);                      /* depc */
	dsp_put32(o, 0x00000001);             /* intenable */
	dsp_put32(o, 0);                      /* interrupt */
	dsp_put32(o, 0x1f);                   /* sar */
	dsp_put32(o, 0);                      /* debugcause */
	dsp_put32(o, 1);                      /* windowbase */
	dsp_put32(o, 3);                      /* windowstart */
	dsp_put32(o, 0);                      /* excsave1 */
	for (unsigned i = 0; i < NUM_AREGS; i++)
		dsp_put32(o, i == 1 ? STACK_PTR : 0xbe010000u + 0x10 * i);
	g_assert(o->len == totalsize);
	dsp_put32(o, PANIC_INFO_SIZE);        /* panic_info: hdr.size */
	dsp_put32(o, code);
	g_byte_array_append(o, (const uint8_t *)file, sizeof(file));
	dsp_put32(o, line);
	for (unsigned i = 0; i < STACK_WORDS; i++)
		dsp_put32(o, 0xbe00c400u + 4 * i);
	dsp_sram_write(d, exc, o->data, o->len);
	dsp_sram_write32(d, DSP_WIN_BASE + DSP_SRAM_ERROR, code);
	sv_info("panic 0x%08x: oops at BAR4 0x%05x", code, exc);
	dsp_trace_stop(d);
	d->state = DSP_FW_PANIC;
	dsp_ipc_ring(d, code, exc - DSP_WIN_BASE);
}
