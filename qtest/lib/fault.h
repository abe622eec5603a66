/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fault.h - fault injection for tests (never in production paths): a
 * device opened through sv_fault_open() runs on its real backend (the one
 * its name selects) behind a wrapper of the backend ops
 * (driver/core/backend.h) that counts every operation and makes the Nth
 * fail, as the backend itself would fail it: open, region info, region
 * read/write, mmap, IRQ info, IRQ set, reset, DMA memory, DMA map/unmap.
 * Socket-level faults (the peer killed after its Nth message) are the
 * peer tests' (qtest/peer).
 *
 * One device at a time per process (the counters are global).
 */
#ifndef SOFVFIO_QTEST_FAULT_H
#define SOFVFIO_QTEST_FAULT_H

#include "sofvfio/device.h"

/**
 * sv_fault_open() - open @name with operation number @fail_at (from 1)
 * failing; 0 fails nothing (counting only).
 */
SvDevice *sv_fault_open(const char *name, unsigned fail_at, GError **error);

/**
 * enum SvFaultMode - what happens at the chosen operation.
 * @SV_FAULT_FAIL: it fails (the error names SV_FAULT_MESSAGE)
 * @SV_FAULT_KILL: every child process (the qtest backend's QEMU) is
 *                 SIGKILLed, then the operation runs (at open: QEMU is
 *                 killed as soon as the open has started it)
 */
typedef enum { SV_FAULT_FAIL, SV_FAULT_KILL } SvFaultMode;

/** sv_fault_open_mode() - sv_fault_open() with the @mode of the fault. */
SvDevice *sv_fault_open_mode(const char *name, unsigned fail_at, SvFaultMode mode,
			     GError **error);

/** sv_fault_count() - operations counted since the last sv_fault_open(). */
unsigned sv_fault_count(void);

/** sv_fault_failed() - the name of the operation made to fail ("dma_map"), or NULL. */
const char *sv_fault_failed(void);

/**
 * sv_fault_peer_ops() - in SV_FAULT_KILL mode, the BAR reads and writes
 * (which reach the peer on every backend) issued since the kill; *@worked
 * (if not NULL) gets how many of them reported success, which a dead peer
 * cannot give.
 */
unsigned sv_fault_peer_ops(unsigned *worked);

/**
 * sv_fault_children() - child processes of every thread of this process
 * (/proc/self/task/T/children), SIGKILLed when @kill_them.
 */
unsigned sv_fault_children(gboolean kill_them);

/** SV_FAULT_MESSAGE - what every injected error message contains. */
#define SV_FAULT_MESSAGE "injected fault"

#endif
