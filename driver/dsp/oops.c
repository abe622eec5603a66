// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oops.c - a firmware panic's oops: Linux include/sound/sof/xtensa.h
 * (sof_ipc_dsp_oops_xtensa: arch header, platform header, 24 registers, then
 * the AR registers up to totalsize), trace.h sof_ipc_panic_info {hdr.size,
 * code, filename[32], linenum} at oops + totalsize, then the stack
 * (HDA_DSP_STACK_DUMP_SIZE words); as hda_dsp_get_registers() reads it.
 */
#include "dsp-internal.h"

#include <string.h>

#define OOPS_REGS_AT 28          /* arch_hdr 8 + plat_hdr 20 */
#define OOPS_MAX_HDR 0x400       /* EXCEPT_MAX_HDR_SIZE */
#define PANIC_INFO_SIZE 44       /* hdr, code, filename[32], linenum */

static const char *const reg_names[SV_DSP_OOPS_NREGS] = {
	"exccause", "excvaddr", "ps", "epc1", "epc2", "epc3", "epc4", "epc5",
	"epc6", "epc7", "eps2", "eps3", "eps4", "eps5", "eps6", "eps7",
	"depc", "intenable", "interrupt", "sar", "debugcause", "windowbase", "windowstart",
	"excsave1",
};

const char *sv_dsp_oops_reg_name(unsigned i)
{
	return i < SV_DSP_OOPS_NREGS ? reg_names[i] : "?";
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

gboolean sv_dsp_oops_parse(const uint8_t *buf, size_t len, uint32_t message, SvDspOops *o,
			   GError **error)
{
	size_t pi;

	memset(o, 0, sizeof(*o));
	o->message = message;
	if (len < OOPS_REGS_AT + 4 * SV_DSP_OOPS_NREGS) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "oops: %zu bytes, the register dump alone is %u", len,
			    OOPS_REGS_AT + 4 * SV_DSP_OOPS_NREGS);
		return FALSE;
	}
	o->arch = le32(buf);
	o->totalsize = le32(buf + 4);
	o->configidhi = le32(buf + 8);
	o->configidlo = le32(buf + 12);
	o->numaregs = le32(buf + 16);
	o->stackoffset = le32(buf + 20);
	o->stackptr = le32(buf + 24);
	for (unsigned i = 0; i < SV_DSP_OOPS_NREGS; i++)
		o->regs[i] = le32(buf + OOPS_REGS_AT + 4 * i);
	/* Linux: "invalid header size 0x%x. FW oops is bogus" */
	if (o->totalsize > OOPS_MAX_HDR || o->totalsize < OOPS_REGS_AT + 4 * SV_DSP_OOPS_NREGS) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "oops header size 0x%x is bogus (0x%x..0x%x expected)", o->totalsize,
			    OOPS_REGS_AT + 4 * SV_DSP_OOPS_NREGS, OOPS_MAX_HDR);
		return FALSE;
	}
	pi = o->totalsize;
	if (pi + PANIC_INFO_SIZE + 4 * SV_DSP_OOPS_STACK_WORDS > len) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "oops of 0x%x bytes with its panic info and stack runs past the %zu "
			    "bytes read", o->totalsize, len);
		return FALSE;
	}
	o->code = le32(buf + pi + 4);
	memcpy(o->filename, buf + pi + 8, 32);
	o->filename[32] = 0;
	o->linenum = le32(buf + pi + 40);
	for (unsigned i = 0; i < SV_DSP_OOPS_STACK_WORDS; i++)
		o->stack[i] = le32(buf + pi + PANIC_INFO_SIZE + 4 * i);
	return TRUE;
}

char *sv_dsp_oops_describe(const SvDspOops *o)
{
	GString *s = g_string_new(NULL);
	const char *name = sv_dsp_panic_name(o->code ? o->code : o->message);

	g_string_append_printf(s, "DSP panic 0x%08x (%s) at %s:%u\n", o->code ? o->code : o->message,
			       name ? name : "unknown code", o->filename[0] ? o->filename : "?",
			       o->linenum);
	g_string_append_printf(s, "  message 0x%08x, oops at BAR4 0x%x, arch 0x%x, size 0x%x, "
			       "config 0x%08x:%08x, %u AR registers, stack pointer 0x%08x\n",
			       o->message, o->offset, o->arch, o->totalsize, o->configidhi,
			       o->configidlo, o->numaregs, o->stackptr);
	for (unsigned i = 0; i < SV_DSP_OOPS_NREGS; i++)
		g_string_append_printf(s, "%s%-11s 0x%08x%s", i % 4 ? "  " : "  ", reg_names[i],
				       o->regs[i], i % 4 == 3 ? "\n" : "");
	g_string_append(s, "  stack:");
	for (unsigned i = 0; i < SV_DSP_OOPS_STACK_WORDS; i++)
		g_string_append_printf(s, "%s0x%08x", i % 8 ? " " : "\n    ", o->stack[i]);
	return g_string_free(s, FALSE);
}
