#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the qtest backend's firmware: 64 KiB that only halt.

x86 starts at 0xFFFFFFF0, the image's last 16 bytes (offset 0xFFF0):
  FA     cli       no interrupt will wake the CPU
  F4     hlt
  EB FD  jmp $-1   back to hlt should anything (an NMI) wake it
The CPU sits there while qtest drives the devices: nothing touches RAM,
config space or BARs behind the backend's back.
"""
import sys

SIZE = 0x10000
RESET_VECTOR = 0xFFF0
CODE = bytes([0xFA, 0xF4, 0xEB, 0xFD])

image = bytearray(SIZE)
image[RESET_VECTOR:RESET_VECTOR + len(CODE)] = CODE
with open(sys.argv[1], 'wb') as f:
    f.write(image)
