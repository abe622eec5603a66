/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pci-names.h - device and class names from libpci's pci.ids. */
#ifndef SOFVFIO_CLI_PCI_NAMES_H
#define SOFVFIO_CLI_PCI_NAMES_H

#include <stdint.h>
#include "sofvfio/device.h"

/**
 * pci_describe() - "Audio device: Intel Corporation 82801I (ICH9 Family) HD
 * Audio Controller (rev 03)", as lspci prints it, from @cfg (>= 64 bytes of
 * config space).  Falls back to numeric ids when pci.ids has no entry.
 * Return: a newly allocated string.
 */
char *pci_describe(const uint8_t *cfg);

/**
 * pci_short_address() - the lspci-style address for a device name:
 * "00:1b.0" for "0000:00:1b.0", the name itself for other backends.
 */
char *pci_short_address(SvDevice *dev);

#endif
