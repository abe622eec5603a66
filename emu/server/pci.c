// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pci.c - PCI configuration space, byte by byte through write masks.
 */
#include "pci.h"

#include <linux/pci_regs.h>
#include <string.h>

struct EmuPci {
	uint8_t cfg[EMU_PCI_CFG_SIZE];
	uint8_t wmask[EMU_PCI_CFG_SIZE];
	uint8_t w1c[EMU_PCI_CFG_SIZE];
	uint64_t bar_size[6];
	unsigned last_cap;   /* offset of the last capability, 0 for none */
	unsigned pm, msi, pcie;
	gboolean intx_status;
};

static void put(EmuPci *pci, unsigned off, unsigned width, uint32_t val, uint8_t *arr)
{
	for (unsigned i = 0; i < width; i++)
		arr[off + i] = val >> (8 * i);
}

void emu_pci_init_reg(EmuPci *pci, unsigned off, unsigned width, uint32_t val, uint32_t wmask,
		      uint32_t w1c)
{
	g_return_if_fail(off + width <= EMU_PCI_CFG_SIZE);
	put(pci, off, width, val, pci->cfg);
	put(pci, off, width, wmask, pci->wmask);
	put(pci, off, width, w1c, pci->w1c);
}

EmuPci *emu_pci_new(uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code,
		    uint16_t subsys_vendor, uint16_t subsys)
{
	EmuPci *pci = g_new0(EmuPci, 1);

	emu_pci_init_reg(pci, PCI_VENDOR_ID, 2, vendor, 0, 0);
	emu_pci_init_reg(pci, PCI_DEVICE_ID, 2, device, 0, 0);
	/* Memory space, bus master, parity and SERR# enables, INTx disable. */
	emu_pci_init_reg(pci, PCI_COMMAND, 2, 0,
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_PARITY |
			 PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE, 0);
	/* Error bits are write-1-to-clear; nothing here ever sets them. */
	emu_pci_init_reg(pci, PCI_STATUS, 2, PCI_STATUS_CAP_LIST, 0,
			 PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
			 PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |
			 PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
	emu_pci_init_reg(pci, PCI_REVISION_ID, 1, revision, 0, 0);
	emu_pci_init_reg(pci, PCI_CLASS_PROG, 1, class_code & 0xff, 0, 0);
	emu_pci_init_reg(pci, PCI_CLASS_DEVICE, 2, class_code >> 8, 0, 0);
	emu_pci_init_reg(pci, PCI_CACHE_LINE_SIZE, 1, 0, 0xff, 0);
	emu_pci_init_reg(pci, PCI_HEADER_TYPE, 1, PCI_HEADER_TYPE_NORMAL, 0, 0);
	emu_pci_init_reg(pci, PCI_SUBSYSTEM_VENDOR_ID, 2, subsys_vendor, 0, 0);
	emu_pci_init_reg(pci, PCI_SUBSYSTEM_ID, 2, subsys, 0, 0);
	emu_pci_init_reg(pci, PCI_INTERRUPT_LINE, 1, 0xff, 0xff, 0);
	emu_pci_init_reg(pci, PCI_INTERRUPT_PIN, 1, 1, 0, 0);
	return pci;
}

void emu_pci_free(EmuPci *pci)
{
	g_free(pci);
}

void emu_pci_set_bar(EmuPci *pci, unsigned bar, uint64_t size, gboolean mem64)
{
	unsigned off = PCI_BASE_ADDRESS_0 + 4 * bar;
	uint64_t mask = ~(size - 1);

	g_return_if_fail(bar < 6 && size >= 16 && !(size & (size - 1)) && (!mem64 || bar < 5));
	pci->bar_size[bar] = size;
	/* Sizing (PCI 3.0 6.2.5.1): the low bits are read-only type bits and the
	 * address bits below the size read back 0, so all ones reads back the mask. */
	emu_pci_init_reg(pci, off, 4, mem64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0,
			 (uint32_t)mask & PCI_BASE_ADDRESS_MEM_MASK, 0);
	if (mem64)
		emu_pci_init_reg(pci, off + 4, 4, 0, (uint32_t)(mask >> 32), 0);
}

uint64_t emu_pci_bar_size(EmuPci *pci, unsigned bar)
{
	return bar < 6 ? pci->bar_size[bar] : 0;
}

static void link_cap(EmuPci *pci, unsigned off, uint8_t id)
{
	pci->cfg[off] = id;
	pci->cfg[off + 1] = 0;
	if (pci->last_cap)
		pci->cfg[pci->last_cap + 1] = off;
	else
		pci->cfg[PCI_CAPABILITY_LIST] = off;
	pci->last_cap = off;
}

void emu_pci_add_pm(EmuPci *pci, unsigned off)
{
	link_cap(pci, off, PCI_CAP_ID_PM);
	/* PM 1.2 (version 3), PME# from D0, D3hot and D3cold. */
	emu_pci_init_reg(pci, off + PCI_PM_PMC, 2,
			 3 | PCI_PM_CAP_PME_D0 | PCI_PM_CAP_PME_D3hot | PCI_PM_CAP_PME_D3cold,
			 0, 0);
	/* PowerState and PME_En writable, PME_Status RW1C; No_Soft_Reset clear:
	 * D3hot -> D0 resets the function (what a PM reset relies on). */
	emu_pci_init_reg(pci, off + PCI_PM_CTRL, 2, 0, PCI_PM_CTRL_STATE_MASK | PCI_PM_CTRL_PME_ENABLE,
			 PCI_PM_CTRL_PME_STATUS);
	pci->pm = off;
}

void emu_pci_add_msi(EmuPci *pci, unsigned off)
{
	link_cap(pci, off, PCI_CAP_ID_MSI);
	/* One vector (MMC 0), 64-bit address, no per-vector masking. */
	emu_pci_init_reg(pci, off + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_64BIT, PCI_MSI_FLAGS_ENABLE |
			 PCI_MSI_FLAGS_QSIZE, 0);
	emu_pci_init_reg(pci, off + PCI_MSI_ADDRESS_LO, 4, 0, 0xfffffffc, 0);
	emu_pci_init_reg(pci, off + PCI_MSI_ADDRESS_HI, 4, 0, 0xffffffff, 0);
	emu_pci_init_reg(pci, off + PCI_MSI_DATA_64, 2, 0, 0xffff, 0);
	pci->msi = off;
}

void emu_pci_add_pcie(EmuPci *pci, unsigned off)
{
	link_cap(pci, off, PCI_CAP_ID_EXP);
	emu_pci_init_reg(pci, off + PCI_EXP_FLAGS, 2, 2 | (PCI_EXP_TYPE_RC_END << 4), 0, 0);
	/* 128-byte max payload, no FLR (reset goes through VFIO_USER_DEVICE_RESET). */
	emu_pci_init_reg(pci, off + PCI_EXP_DEVCAP, 4, 0, 0, 0);
	emu_pci_init_reg(pci, off + PCI_EXP_DEVCTL, 2, PCI_EXP_DEVCTL_RELAX_EN | PCI_EXP_DEVCTL_NOSNOOP_EN |
			 (2 << 12) /* 512-byte max read request */,
			 PCI_EXP_DEVCTL_CERE | PCI_EXP_DEVCTL_NFERE | PCI_EXP_DEVCTL_FERE |
			 PCI_EXP_DEVCTL_URRE | PCI_EXP_DEVCTL_RELAX_EN | PCI_EXP_DEVCTL_PAYLOAD |
			 PCI_EXP_DEVCTL_NOSNOOP_EN | PCI_EXP_DEVCTL_READRQ, 0);
	emu_pci_init_reg(pci, off + PCI_EXP_DEVSTA, 2, 0, 0,
			 PCI_EXP_DEVSTA_CED | PCI_EXP_DEVSTA_NFED | PCI_EXP_DEVSTA_FED |
			 PCI_EXP_DEVSTA_URD);
	pci->pcie = off;
}

gboolean emu_pci_has_pcie(EmuPci *pci)
{
	return pci->pcie != 0;
}

static uint32_t get(const EmuPci *pci, unsigned off, unsigned width)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)pci->cfg[off + i] << (8 * i);
	return v;
}

uint32_t emu_pci_read(EmuPci *pci, unsigned off, unsigned width)
{
	uint32_t v;

	if (off >= EMU_PCI_CFG_SIZE || width > EMU_PCI_CFG_SIZE - off)
		return 0;
	v = get(pci, off, width);
	/* Status bit 3 reflects the INTx line, whatever the disable bit says. */
	if (off <= PCI_STATUS && off + width > PCI_STATUS && pci->intx_status)
		v |= (uint32_t)PCI_STATUS_INTERRUPT << (8 * (PCI_STATUS - off));
	return v;
}

static unsigned pm_state(const EmuPci *pci)
{
	return pci->pm ? get(pci, pci->pm + PCI_PM_CTRL, 2) & PCI_PM_CTRL_STATE_MASK : 0;
}

static gboolean overlaps(unsigned off, unsigned width, unsigned reg, unsigned reg_width)
{
	return off < reg + reg_width && reg < off + width;
}

unsigned emu_pci_write(EmuPci *pci, unsigned off, unsigned width, uint32_t val)
{
	unsigned old_pm = pm_state(pci), changed = 0;

	if (off >= EMU_PCI_CFG_SIZE || width > EMU_PCI_CFG_SIZE - off)
		return 0;
	for (unsigned i = 0; i < width; i++) {
		uint8_t b = val >> (8 * i), m = pci->wmask[off + i];
		uint8_t *p = &pci->cfg[off + i];

		*p = (*p & ~m) | (b & m);
		*p &= ~(b & pci->w1c[off + i]);
	}
	if (pci->pm && overlaps(off, width, pci->pm + PCI_PM_CTRL, 2)) {
		unsigned st = pm_state(pci);

		/* D1 and D2 are not supported: such writes leave the state as it was. */
		if (st == 1 || st == 2) {
			pci->cfg[pci->pm + PCI_PM_CTRL] = (pci->cfg[pci->pm + PCI_PM_CTRL] & ~3) | old_pm;
			st = old_pm;
		}
		if (old_pm == 3 && st == 0)
			changed |= EMU_PCI_PM_RESET;
	}
	if (overlaps(off, width, PCI_COMMAND, 2))
		changed |= EMU_PCI_CHANGED_COMMAND;
	if (pci->msi && overlaps(off, width, pci->msi + PCI_MSI_FLAGS, 2)) {
		/* Only one vector: MME stays 0 whatever is written (PCI 3.0 6.8.1.3). */
		pci->cfg[pci->msi + PCI_MSI_FLAGS] &= ~PCI_MSI_FLAGS_QSIZE;
		changed |= EMU_PCI_CHANGED_MSI;
	}
	return changed;
}

gboolean emu_pci_mem_enabled(EmuPci *pci)
{
	return get(pci, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY;
}

gboolean emu_pci_bar_decodes(EmuPci *pci, unsigned bar)
{
	unsigned off = PCI_BASE_ADDRESS_0 + 4 * bar;
	uint64_t addr;

	if (bar >= 6 || !pci->bar_size[bar] || !emu_pci_mem_enabled(pci))
		return FALSE;
	addr = get(pci, off, 4) & PCI_BASE_ADDRESS_MEM_MASK;
	if ((get(pci, off, 4) & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64)
		addr |= (uint64_t)get(pci, off + 4, 4) << 32;
	/* Address 0 is where an unplaced BAR sits: no decoder claims it. */
	return addr != 0;
}

gboolean emu_pci_bus_master(EmuPci *pci)
{
	return get(pci, PCI_COMMAND, 2) & PCI_COMMAND_MASTER;
}

gboolean emu_pci_intx_disabled(EmuPci *pci)
{
	return get(pci, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE;
}

gboolean emu_pci_msi_enabled(EmuPci *pci)
{
	return pci->msi && (get(pci, pci->msi + PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_ENABLE);
}

void emu_pci_set_msi_enabled(EmuPci *pci, gboolean on)
{
	if (!pci->msi)
		return;
	if (on)
		pci->cfg[pci->msi + PCI_MSI_FLAGS] |= PCI_MSI_FLAGS_ENABLE;
	else
		pci->cfg[pci->msi + PCI_MSI_FLAGS] &= ~PCI_MSI_FLAGS_ENABLE;
}

void emu_pci_set_intx_status(EmuPci *pci, gboolean asserted)
{
	pci->intx_status = asserted;
}
