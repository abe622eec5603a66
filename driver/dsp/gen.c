// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen.c - one descriptor per DSP generation and the PCI IDs of the parts.
 *
 * From Linux sound/soc/sof/intel/: apl.c apl_chip_info, cnl.c cnl_chip_info,
 * icl.c icl_chip_info, tgl.c tgl_chip_info (register names from hda.h),
 * the PCI IDs from pci-apl.c, pci-cnl.c, pci-icl.c, pci-tgl.c, pci-mtl.c,
 * pci-lnl.c, pci-ptl.c (include/linux/pci_ids.h PCI_DEVICE_ID_INTEL_HDA_*).
 */
#include "dsp-internal.h"

#include <string.h>

/* cAVS 1.8+: HIPCIDR/HIPCIDA/HIPCIDD at 0xd0, HIPCTDR/TDA/TDD at 0xc0, HIPCCTL 0xe8. */
#define CNL_IPC                                                                            \
	{                                                                                  \
		.req = 0xd0, .req_busy = 1u << 31, .ack = 0xd4, .ack_done = 1u << 31,      \
		.req_data = 0xd8, .tdr = 0xc0, .tdr_busy = 1u << 31, .tda = 0xc4,          \
		.tda_done = 1u << 31, .tdd = 0xc8, .ctl = 0xe8,                            \
	}

static const SvDspGen gen_cavs15 = {
	.name = "cAVS 1.5",
	.parts = "Apollo Lake, Gemini Lake",
	.platform = "apl",
	.ip = SV_DSP_IP_CAVS_1_5,
	.supported = true,
	.cores = 2,
	.init_core_mask = 1,
	.host_managed_cores = 0x3,
	/* HIPCI 0x48 / HIPCIE 0x4c (DONE bit 30) / HIPCT 0x40 / HIPCTE 0x44 / HIPCCTL 0x50 */
	.ipc = { .req = 0x48, .req_busy = 1u << 31, .ack = 0x4c, .ack_done = 1u << 30,
		 .req_data = 0, .tdr = 0x40, .tdr_busy = 1u << 31, .tda = 0, .tda_done = 0,
		 .tdd = 0x44, .ctl = 0x50 },
	.rom_status = ROM_STATUS,
	.rom_init_timeout_ms = 150,
	.ssp_base = 0x2000,
	.ssp_count = 6,
	.procen_fmt_quirk = true,
	.load_offset = 0x2000,
};

static const SvDspGen gen_cavs18 = {
	.name = "cAVS 1.8",
	.parts = "Cannon Lake, Coffee Lake, Comet Lake",
	.platform = "cnl",
	.ip = SV_DSP_IP_CAVS_1_8,
	.supported = true,
	.cores = 4,
	.init_core_mask = 1,
	.host_managed_cores = 0xf,
	.ipc = CNL_IPC,
	.rom_status = ROM_STATUS,
	.rom_init_timeout_ms = 300,
	.ssp_base = 0x10000,
	.ssp_count = 3,
	.procen_fmt_quirk = true,
	.load_offset = 0x30000,
};

static const SvDspGen gen_cavs20 = {
	.name = "cAVS 2.0",
	.parts = "Ice Lake",
	.platform = "icl",
	.ip = SV_DSP_IP_CAVS_2_0,
	.supported = true,
	.cores = 4,
	.init_core_mask = 1,
	.host_managed_cores = 0xf,
	.ipc = CNL_IPC,
	.rom_status = ROM_STATUS,
	.rom_init_timeout_ms = 300,
	.ssp_base = 0x10000,
	.ssp_count = 6,
	.iccmax = true,
	.procen_fmt_quirk = true,
	.load_offset = 0x30000,
};

static const SvDspGen gen_cavs25 = {
	.name = "cAVS 2.5",
	.parts = "Tiger Lake, Alder Lake, Raptor Lake",
	.platform = "tgl",
	.ip = SV_DSP_IP_CAVS_2_5,
	.supported = true,
	.cores = 4,
	.init_core_mask = 1,
	/* the firmware powers cores 1-3 itself (PM_CORE_ENABLE) */
	.host_managed_cores = 0x1,
	.ipc = CNL_IPC,
	.rom_status = ROM_STATUS,
	.rom_init_timeout_ms = 300,
	.ssp_base = 0x10000,
	.ssp_count = 6,
	.iccmax = true,
	.procen_fmt_quirk = true,
	.load_offset = 0x30000,
};

static const SvDspGen gen_ace = {
	.name = "ACE",
	.parts = "Meteor Lake, Arrow Lake, Lunar Lake, Panther Lake",
	.platform = "mtl",
	.ip = SV_DSP_IP_ACE,
	.supported = false,
	.unsupported_why = "ACE parts move power control (HFDSSCS 0x1000), the IPC doorbells "
			   "(0x73200) and the SRAM windows (0x180000) and speak IPC4 only; this "
			   "driver implements cAVS with IPC3",
	.cores = 3,
};

static const SvDspPciId pci_ids[] = {
	{ 0x8086, 0x5a98, "Apollo Lake", &gen_cavs15 },
	{ 0x8086, 0x1a98, "Broxton-T", &gen_cavs15 },
	{ 0x8086, 0x3198, "Gemini Lake", &gen_cavs15 },
	{ 0x8086, 0x9dc8, "Cannon Lake-LP", &gen_cavs18 },
	{ 0x8086, 0xa348, "Coffee Lake-H", &gen_cavs18 },
	{ 0x8086, 0x02c8, "Comet Lake-LP", &gen_cavs18 },
	{ 0x8086, 0x06c8, "Comet Lake-H", &gen_cavs18 },
	{ 0x8086, 0xa3f0, "Comet Lake-S", &gen_cavs18 },
	{ 0x8086, 0x34c8, "Ice Lake-LP", &gen_cavs20 },
	{ 0x8086, 0x3dc8, "Ice Lake-H", &gen_cavs20 },
	{ 0x8086, 0xa0c8, "Tiger Lake-LP", &gen_cavs25 },
	{ 0x8086, 0x43c8, "Tiger Lake-H", &gen_cavs25 },
	{ 0x8086, 0x7ad0, "Alder Lake-S", &gen_cavs25 },
	{ 0x8086, 0x51c8, "Alder Lake-P", &gen_cavs25 },
	{ 0x8086, 0x7e28, "Meteor Lake-P", &gen_ace },
	{ 0x8086, 0x7728, "Arrow Lake", &gen_ace },
	{ 0x8086, 0x7f50, "Arrow Lake-S", &gen_ace },
	{ 0x8086, 0xa828, "Lunar Lake-P", &gen_ace },
	{ 0x8086, 0xe428, "Panther Lake", &gen_ace },
};

const SvDspPciId *sv_dsp_pci_ids(size_t *n)
{
	*n = G_N_ELEMENTS(pci_ids);
	return pci_ids;
}

const SvDspPciId *sv_dsp_lookup(uint16_t vendor, uint16_t device)
{
	for (size_t i = 0; i < G_N_ELEMENTS(pci_ids); i++)
		if (pci_ids[i].vendor == vendor && pci_ids[i].device == device)
			return &pci_ids[i];
	return NULL;
}

const SvDspGen *sv_dsp_gen_by_platform(const char *name)
{
	static const SvDspGen *const gens[] = { &gen_cavs15, &gen_cavs18, &gen_cavs20,
						&gen_cavs25, &gen_ace };

	for (size_t i = 0; i < G_N_ELEMENTS(gens); i++)
		if (!g_strcmp0(gens[i]->platform, name))
			return gens[i];
	return NULL;
}
