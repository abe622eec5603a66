/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake-device.h - a hostile HDA controller for fuzz-hda-device.c: a
 * backend ops table (driver/core/backend.h) whose BAR0 register reads, and
 * the DMA the device writes (RIRB entries, position buffer), come from the
 * fuzzer's input.  Config space is a plain HDA function's (so the driver
 * gets as far as BAR0); register writes each take one input byte whose bit
 * 0 raises the interrupt.  When the input ends the device is gone: every
 * access fails, so every wait of the driver ends.
 */
#ifndef SOFVFIO_FUZZ_FAKE_DEVICE_H
#define SOFVFIO_FUZZ_FAKE_DEVICE_H

#include "fuzz.h"
#include "sofvfio/device.h"

/** fake_device_open() - a device answering from @data/@size (kept, not copied). */
SvDevice *fake_device_open(const uint8_t *data, size_t size, GError **error);

/** fake_device_left() - input bytes not consumed yet. */
size_t fake_device_left(SvDevice *dev);

#endif
