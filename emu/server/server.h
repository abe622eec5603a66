/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/server/server.h - the vfio-user server of sofvfio-emu: one PCI
 * function served over an AF_UNIX socket (QEMU docs/interop/vfio-user.rst,
 * wire format in sofvfio/vfio-user-proto.h), one client at a time.
 *
 * The server owns what is the same for any PCI device: the socket and the
 * message loop, PCI config space (pci.h), interrupts (eventfds handed over
 * by the client), the client's DMA windows, the timer that paces the
 * device.  A device model plugs in with an EmuDeviceOps table and reaches
 * memory and interrupts through emu_dma_read()/emu_dma_write() and
 * emu_server_irq_level().
 */
#ifndef SOFVFIO_EMU_SERVER_H
#define SOFVFIO_EMU_SERVER_H

#include <glib.h>
#include <stdint.h>

#include "pci.h"

typedef struct EmuServer EmuServer;

/**
 * struct EmuDeviceOps - a device model behind the server.
 * @bar_read: read @width (1, 2 or 4) bytes at @offset of BAR @bar (naturally
 *            aligned); return 0 or an errno
 * @bar_write: the write counterpart
 * @reset: function-level reset (VFIO_USER_DEVICE_RESET, PM D3hot->D0):
 *         device registers back to their power-on values
 * @tick: the pacing timer fired (or, with a period of 0, one loop
 *        iteration passed); @now_us is the monotonic time
 * @event: a request from outside (SIGUSR1: inject an unsolicited event)
 * @client: a client connected (@connected TRUE) or went away (its DMA
 *          windows and interrupt fds are already gone)
 */
typedef struct {
	int (*bar_read)(void *opaque, unsigned bar, uint64_t offset, unsigned width, uint32_t *val);
	int (*bar_write)(void *opaque, unsigned bar, uint64_t offset, unsigned width, uint32_t val);
	void (*reset)(void *opaque);
	void (*tick)(void *opaque, int64_t now_us);
	void (*event)(void *opaque);
	void (*client)(void *opaque, gboolean connected);
} EmuDeviceOps;

/**
 * struct EmuServerOptions - how to serve.
 * @socket_path: where to listen
 * @once: return from emu_server_run() after the first client disconnects
 * @no_bar_decode: answer BAR accesses whatever the command register and the
 *                 BAR registers say (default: only a placed BAR with memory
 *                 decoding on answers, as on a bus and in QEMU's server)
 * @die_at: for fault tests: when command number @die_at arrives (counted
 *          from 1 over the whole lifetime) the process kills itself
 *          (SIGKILL, as `kill -9` would), unanswered; 0 never
 * @hang_at: the same, but it stays alive with the socket open and answers
 *           nothing more (a hung server); 0 never
 */
typedef struct {
	const char *socket_path;
	gboolean once;
	gboolean no_bar_decode;
	unsigned die_at;
	unsigned hang_at;
} EmuServerOptions;

/**
 * emu_server_new() - bind and listen on @opts->socket_path.
 * A stale socket file (nobody listening) is removed first; a live socket or
 * a path that is not a socket is refused.
 * Return: the server, or NULL with @error set.
 */
EmuServer *emu_server_new(const EmuServerOptions *opts, GError **error);

/**
 * emu_server_set_device() - plug the device model in: @pci is its config
 * space (the server takes ownership), @ops/@opaque its callbacks.
 */
void emu_server_set_device(EmuServer *srv, EmuPci *pci, const EmuDeviceOps *ops, void *opaque);

/**
 * emu_server_publish() - make the socket appear at its path (it listens
 * under a temporary name until then, so that a client never finds a server
 * that is not ready).  emu_server_run() does it too.
 */
gboolean emu_server_publish(EmuServer *srv, GError **error);

/**
 * emu_server_run() - serve clients until SIGTERM/SIGINT (or, with
 * @once, until the first client leaves).  Return: FALSE with @error on a
 * fatal error (the listening socket failed).
 */
gboolean emu_server_run(EmuServer *srv, GError **error);

/** emu_server_free() - close everything and remove the socket file. */
void emu_server_free(EmuServer *srv);

/** emu_server_pci() - the device's config space. */
EmuPci *emu_server_pci(EmuServer *srv);

/**
 * emu_server_schedule() - pace the device: call ops->tick every
 * @period_us microseconds (timerfd), on every loop iteration when
 * @period_us is 0, never when it is negative.
 */
void emu_server_schedule(EmuServer *srv, int64_t period_us);

/**
 * emu_server_irq_level() - the device's interrupt condition (for HDA:
 * INTSTS.GIS && INTCTL.GIE).  Delivered as INTx (level, automasked) or as
 * MSI (on the rising edge) depending on what the client enabled.
 */
void emu_server_irq_level(EmuServer *srv, gboolean level);

/**
 * emu_dma_read() / emu_dma_write() - device DMA to the client's memory at
 * @iova: straight through a shared mapping when the client passed an fd,
 * else with DMA_READ/DMA_WRITE messages to the client (bounded wait).
 * Return: FALSE when any byte is not mapped (with the needed permission),
 * bus mastering is off, or the client did not answer: a master abort.
 */
gboolean emu_dma_read(EmuServer *srv, uint64_t iova, void *buf, size_t len);
gboolean emu_dma_write(EmuServer *srv, uint64_t iova, const void *buf, size_t len);

#endif
