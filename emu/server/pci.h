/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/server/pci.h - PCI configuration space of an emulated function
 * (PCI Local Bus 3.0 chapter 6, PCI PM 1.2, PCIe 3.0 section 7.8).
 *
 * Declarative: every byte has a value, a write mask and a write-1-to-clear
 * mask; the few registers with side effects (command, BARs, PMCSR, MSI
 * control) are recognised after the write and reported to the caller.
 * The space is 4 KiB (a PCI Express function); nothing lives above 0x100.
 */
#ifndef SOFVFIO_EMU_PCI_H
#define SOFVFIO_EMU_PCI_H

#include <glib.h>
#include <stdint.h>

#define EMU_PCI_CFG_SIZE 4096

typedef struct EmuPci EmuPci;

/* What a config write changed, for the server to act on. */
enum {
	EMU_PCI_CHANGED_COMMAND = 1 << 0, /* memory/bus master/INTx disable */
	EMU_PCI_CHANGED_MSI = 1 << 1,     /* MSI control (enable) */
	EMU_PCI_PM_RESET = 1 << 2,        /* D3hot -> D0 with No_Soft_Reset clear */
};

/**
 * emu_pci_new() - a type 0 header with the given identity, status "has a
 * capability list", interrupt pin INTA.
 */
EmuPci *emu_pci_new(uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code,
		    uint16_t subsys_vendor, uint16_t subsys);
void emu_pci_free(EmuPci *pci);

/**
 * emu_pci_init_reg() - set a register's power-on value and masks (@width
 * 1, 2 or 4 bytes at @off).
 */
void emu_pci_init_reg(EmuPci *pci, unsigned off, unsigned width, uint32_t val, uint32_t wmask,
		      uint32_t w1c);

/**
 * emu_pci_set_bar() - memory BAR @bar of @size bytes (a power of two);
 * @mem64: a 64-bit BAR, which also takes @bar + 1.
 */
void emu_pci_set_bar(EmuPci *pci, unsigned bar, uint64_t size, gboolean mem64);
/** emu_pci_bar_size() - the size given to emu_pci_set_bar(), 0 for none. */
uint64_t emu_pci_bar_size(EmuPci *pci, unsigned bar);

/* Capabilities, linked into the list in the order they are added. */
void emu_pci_add_pm(EmuPci *pci, unsigned off);
void emu_pci_add_msi(EmuPci *pci, unsigned off);  /* 1 vector, 64-bit address, no masking */
void emu_pci_add_pcie(EmuPci *pci, unsigned off); /* v2, root complex integrated endpoint */
/** emu_pci_has_pcie() - a PCI Express capability is present. */
gboolean emu_pci_has_pcie(EmuPci *pci);

/** emu_pci_read() - @width bytes (1, 2, 4) at @off, little endian. */
uint32_t emu_pci_read(EmuPci *pci, unsigned off, unsigned width);
/** emu_pci_write() - write through the masks; returns EMU_PCI_* change bits. */
unsigned emu_pci_write(EmuPci *pci, unsigned off, unsigned width, uint32_t val);

gboolean emu_pci_mem_enabled(EmuPci *pci);
/**
 * emu_pci_bar_decodes() - the function claims accesses to BAR @bar: memory
 * decoding is on and the BAR has an address (PCI 3.0 6.2.5.1: firmware
 * places BARs; 0 is an unplaced one).
 */
gboolean emu_pci_bar_decodes(EmuPci *pci, unsigned bar);
gboolean emu_pci_bus_master(EmuPci *pci);
gboolean emu_pci_intx_disabled(EmuPci *pci);
gboolean emu_pci_msi_enabled(EmuPci *pci);
/** emu_pci_set_msi_enabled() - what VFIO does to the hardware when MSI is (de)configured. */
void emu_pci_set_msi_enabled(EmuPci *pci, gboolean on);
/** emu_pci_set_intx_status() - status register bit 3 follows the INTx line. */
void emu_pci_set_intx_status(EmuPci *pci, gboolean asserted);

#endif
