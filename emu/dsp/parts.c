// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parts.c - the parts the model can be, one descriptor each, and their
 * BAR4 register tables.  Values from the facts sheet and Linux
 * sound/soc/sof/intel/{hda.h,apl.c,cnl.c,tgl.c}; the windows are those the
 * images of firmware-sof-signed 2.2.4 state in their XMan WINDOW element
 * (the same seven on all three parts).
 */
#include "dsp-priv.h"

#include <string.h>

#define F(x) offsetof(EmuDsp, x)
#define ALL_CORES(n) ((1u << (n)) - 1)

/* The general registers, the same on every cAVS part. */
#define GENERAL_REGS(n_cores)                                                                 \
	{ .name = "ADSPCS", .offset = DSP_ADSPCS,                                             \
	  .reset = DSP_CS_CRST(ALL_CORES(n_cores)) | DSP_CS_CSTALL(ALL_CORES(n_cores)),        \
	  .wmask = DSP_CS_CRST(ALL_CORES(n_cores)) | DSP_CS_CSTALL(ALL_CORES(n_cores)) |       \
		   DSP_CS_SPA(ALL_CORES(n_cores)),                                             \
	  .field = F(adspcs), .read = dsp_read_adspcs, .write = dsp_write_adspcs },           \
	{ .name = "ADSPIC", .offset = DSP_ADSPIC, .wmask = DSP_IS_IPC | DSP_IS_CLDMA,          \
	  .field = F(adspic) },                                       \
	{ .name = "ADSPIS", .offset = DSP_ADSPIS, .read = dsp_read_adspis },                   \
	{ .name = "ADSPIC2", .offset = DSP_ADSPIC2, .wmask = 0xffffffff, .field = F(adspic2) }, \
	{ .name = "ADSPIS2", .offset = DSP_ADSPIS2 }

/* cAVS 1.5 (APL): HIPCT 0x40, HIPCTE 0x44, HIPCI 0x48, HIPCIE 0x4c (DONE bit 30), HIPCCTL 0x50. */
static const DspReg apl_regs[] = {
	GENERAL_REGS(2),
	{ .name = "HIPCT", .offset = 0x40, .w1c = DSP_IPC_BUSY, .field = F(ipc_dsp_req),
	  .write = dsp_write_ipc_dsp_req },
	{ .name = "HIPCTE", .offset = 0x44, .field = F(ipc_dsp_data) },
	{ .name = "HIPCI", .offset = 0x48, .wmask = 0xffffffff, .field = F(ipc_req),
	  .write = dsp_write_ipc_req },
	/* Bits 29:0 carry the host's extension, DONE (30) is the DSP's answer. */
	{ .name = "HIPCIE", .offset = 0x4c, .wmask = 0x3fffffff, .w1c = 1u << 30,
	  .field = F(ipc_req_ack) },
	{ .name = "HIPCCTL", .offset = 0x50, .wmask = DSP_HIPCCTL_BUSY | DSP_HIPCCTL_DONE,
	  .field = F(ipc_ctl) },
};

/* cAVS 1.8 and later: the IPC block at 0xc0 (Linux CNL_DSP_REG_*). */
#define CAVS18_IPC_REGS                                                                       \
	{ .name = "HIPCTDR", .offset = 0xc0, .w1c = DSP_IPC_BUSY, .field = F(ipc_dsp_req),    \
	  .write = dsp_write_ipc_dsp_req },                                                   \
	{ .name = "HIPCTDA", .offset = 0xc4, .wmask = 1u << 31, .field = F(ipc_dsp_ack),      \
	  .write = dsp_write_ipc_dsp_ack },                                                   \
	{ .name = "HIPCTDD", .offset = 0xc8, .field = F(ipc_dsp_data) },                      \
	{ .name = "HIPCIDR", .offset = 0xd0, .wmask = 0xffffffff, .field = F(ipc_req),        \
	  .write = dsp_write_ipc_req },                                                       \
	{ .name = "HIPCIDA", .offset = 0xd4, .w1c = 1u << 31, .field = F(ipc_req_ack) },       \
	{ .name = "HIPCIDD", .offset = 0xd8, .wmask = 0xffffffff, .field = F(ipc_req_data) },  \
	{ .name = "HIPCCTL", .offset = 0xe8, .wmask = DSP_HIPCCTL_BUSY | DSP_HIPCCTL_DONE,     \
	  .field = F(ipc_ctl) }

static const DspReg cavs18_regs[] = {
	GENERAL_REGS(4),
	CAVS18_IPC_REGS,
};

/* Initializers, not const objects: C (and clang) wants constants in static initializers. */
#define APL_IPC_LAYOUT { \
	.req = 0x48, .req_ack = 0x4c, .req_done = 1u << 30, .req_data = 0, \
	.dsp_req = 0x40, .dsp_data = 0x44, .dsp_ack = 0, .ctl = 0x50, \
}

#define CAVS18_IPC_LAYOUT { \
	.req = 0xd0, .req_ack = 0xd4, .req_done = 1u << 31, .req_data = 0xd8, \
	.dsp_req = 0xc0, .dsp_data = 0xc8, .dsp_ack = 0xc4, .ctl = 0xe8, \
}

/* REGS w0+0, UPBOX (DSP box) w0+0x1000, DOWNBOX (host box) w1, DEBUG and EXCEPTION
 * w2, STREAM w2+0x1000, TRACE w3. */
static const DspWindow cavs_windows[] = {
	{ .type = SOF_REGION_REGS, .id = 0, .size = 0x1000, .offset = 0 },
	{ .type = SOF_REGION_UPBOX, .id = 0, .size = 0x1000, .offset = 0x1000 },
	{ .type = SOF_REGION_DOWNBOX, .id = 1, .size = 0x2000, .offset = 0 },
	{ .type = SOF_REGION_DEBUG, .id = 2, .size = 0x800, .offset = 0 },
	{ .type = SOF_REGION_EXCEPTION, .id = 2, .size = 0x800, .offset = 0x800 },
	{ .type = SOF_REGION_STREAM, .id = 2, .size = 0x1000, .offset = 0x1000 },
	{ .type = SOF_REGION_TRACE, .id = 3, .size = 0x2000, .offset = 0 },
};

static const DspPart parts[] = {
	{
		.name = "cnl", .gen = "cAVS 1.8", .platform = "Cannon Lake",
		.device = 0x9dc8, .revision = 0x11,
		.cores = 4, .host_cores = ALL_CORES(4),
		.ipc = CAVS18_IPC_LAYOUT, .regs = cavs18_regs, .n_regs = G_N_ELEMENTS(cavs18_regs),
		.manifest = DSP_MANIFEST_V1_8, .load_offset = 0x30000,
		.ssp_base = 0x10000, .ssp_count = 3,
		.windows = cavs_windows, .n_windows = G_N_ELEMENTS(cavs_windows),
	},
	{
		.name = "apl", .gen = "cAVS 1.5", .platform = "Apollo Lake",
		.device = 0x5a98, .revision = 0x0b,
		.cores = 2, .host_cores = ALL_CORES(2),
		.ipc = APL_IPC_LAYOUT, .regs = apl_regs, .n_regs = G_N_ELEMENTS(apl_regs),
		.manifest = DSP_MANIFEST_V1_8, .load_offset = 0x2000,
		.ssp_base = 0x2000, .ssp_count = 6,
		.windows = cavs_windows, .n_windows = G_N_ELEMENTS(cavs_windows),
	},
	{
		/* TGL: the host powers core 0 only, the firmware the others. */
		.name = "tgl", .gen = "cAVS 2.5", .platform = "Tiger Lake",
		.device = 0xa0c8, .revision = 0x20,
		.cores = 4, .host_cores = 1u << 0,
		.ipc = CAVS18_IPC_LAYOUT, .regs = cavs18_regs, .n_regs = G_N_ELEMENTS(cavs18_regs),
		.manifest = DSP_MANIFEST_V2_5, .load_offset = 0x30000,
		.ssp_base = 0x10000, .ssp_count = 6,
		.windows = cavs_windows, .n_windows = G_N_ELEMENTS(cavs_windows),
	},
};

const DspPart *dsp_part_find(const char *name)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(parts); i++)
		if (name && !strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}

const char *dsp_part_names(void)
{
	return "cnl (8086:9dc8, cAVS 1.8), apl (8086:5a98, cAVS 1.5), tgl (8086:a0c8, cAVS 2.5)";
}

uint32_t dsp_window_offset(const DspPart *p, uint32_t type, uint32_t *size)
{
	for (unsigned i = 0; i < p->n_windows; i++)
		if (p->windows[i].type == type) {
			if (size)
				*size = p->windows[i].size;
			return DSP_WIN_BASE + DSP_WIN_STRIDE * p->windows[i].id +
			       p->windows[i].offset;
		}
	return 0;
}
