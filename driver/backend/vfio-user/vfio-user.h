/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfio-user.h - private to the vfio-user client backend (protocol 0.x, QEMU
 * docs/interop/vfio-user.rst; wire format in sofvfio/vfio-user-proto.h).
 *
 * Pieces, each in its own file:
 *   client.c     the connection: socket, the receive thread, matching
 *                replies to requests (the framing, sendmsg/recvmsg with
 *                SCM_RIGHTS and message ids are sofvfio/vfio-user-wire.h)
 *   negotiate.c  VERSION and DEVICE_GET_INFO at open
 *   dma.c        memfd DMA memory, DMA_MAP/UNMAP, and serving the server's
 *                DMA_READ/DMA_WRITE from the map table
 *   region.c     GET_REGION_INFO (capability chain), REGION_READ/WRITE, mmap
 *   irq.c        GET_IRQ_INFO, SET_IRQS
 *   bars.c       BAR placement and decoding at open and after reset
 *   ops.c        the SvBackendOps table: open, close, describe, reset
 *
 * Threads: the caller's thread sends requests and sleeps on a condition
 * variable; one receive thread per connection owns the read side of the
 * socket, hands replies to the waiting requester and answers the server's
 * own requests (DMA_READ/DMA_WRITE) at any time, also while no request is
 * in flight.  Sends are serialised by a mutex (see docs/vfio-user.md).
 */
#ifndef SOFVFIO_BACKEND_VFIO_USER_H
#define SOFVFIO_BACKEND_VFIO_USER_H

#include "../../core/backend.h"
#include "sofvfio/vfio-user-proto.h"
#include "sofvfio/vfio-user-wire.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

/* Our side of the VERSION proposal. */
#define VFU_CLIENT_MAX_FDS 8                    /* fds we accept in one message */
#define VFU_CLIENT_MAX_XFER VFU_DEFAULT_MAX_DATA_XFER /* bytes we accept in one transfer */
/* Largest message we accept: header, access struct, data, room for capability chains. */
#define VFU_CLIENT_MAX_MSG (VFU_CLIENT_MAX_XFER + 4096)
#define VFU_DEFAULT_TIMEOUT_MS 5000

/* Defaults when the server leaves a capability out (vfio-user.rst, "Version"). */
#define VFU_DEFAULT_SERVER_FDS 1
#define VFU_DEFAULT_PGSIZES 4096
#define VFU_DEFAULT_MAX_DMA_MAPS 65535


/* A reply handed to a requester: the received message, kept by value
 * (vfu_msg_clear() frees it, vfu_msg_take_fd() takes an fd out of it). */
typedef VfuMsg VfuReply;

typedef struct VfuConn VfuConn;

/*
 * Handler for requests the server sends us (DMA_READ/DMA_WRITE), called on
 * the receive thread.  Fill *@out (g_malloc'ed payload, *@out_len bytes)
 * and return 0, or return an errno for an error reply.
 */
typedef int (*VfuServeFunc)(void *data, const struct vfu_header *hdr, const uint8_t *payload,
			    size_t len, uint8_t **out, size_t *out_len);

/* client.c */
VfuConn *vfu_conn_connect(const char *path, const char *devname, GError **error);
void vfu_conn_set_server(VfuConn *c, VfuServeFunc fn, void *data);
gboolean vfu_conn_start(VfuConn *c, GError **error);
void vfu_conn_close(VfuConn *c);
/*
 * vfu_conn_set_eager() - the server may send us commands at any time from
 * now on (DMA windows without an fd): the receive thread listens again at
 * the end of every call, not only after a burst of them.
 */
void vfu_conn_set_eager(VfuConn *c);
/*
 * vfu_conn_dead() - the connection ended (server gone, broken framing):
 * every call fails; *@why (optional) says why, naming the device.
 */
gboolean vfu_conn_dead(VfuConn *c, GError **why);
int vfu_conn_timeout_ms(VfuConn *c);
uint64_t vfu_conn_served(VfuConn *c, uint64_t *bytes_read, uint64_t *bytes_written,
			 uint64_t *refused);

/**
 * vfu_call() - send one request and wait for its reply.
 * @c: connection
 * @cmd: VFU_CMD_*
 * @iov: payload pieces (after the header), @n_iov of them
 * @fds: fds to send with it (SCM_RIGHTS), @n_fds of them
 * @max_reply_fds: fds the reply may carry; more is a protocol error
 * @reply: the reply on success (clear it with vfu_reply_clear())
 * @what: what the request does, for messages ("REGION_READ of BAR0 at
 *        0x10 (4 bytes)")
 * @error: SV_ERROR_CRASHED when the server went away, SV_ERROR_TIMEOUT,
 *         SV_ERROR_PROTOCOL for a malformed reply; an error reply becomes
 *         an error from its errno naming @what
 */
gboolean vfu_call(VfuConn *c, uint16_t cmd, const struct iovec *iov, unsigned n_iov,
		  const int *fds, unsigned n_fds, unsigned max_reply_fds, VfuReply *reply,
		  const char *what, GError **error);

/**
 * vfu_post() - send one command with VFU_F_NO_REPLY and wait for nothing (a
 * posted write).  Fails only when it cannot be sent (the connection gone);
 * what the server makes of it shows at the next call.
 */
gboolean vfu_post(VfuConn *c, uint16_t cmd, const struct iovec *iov, unsigned n_iov,
		  const char *what, GError **error);
/**
 * vfu_conn_sync() - when commands were posted since the last reply, one
 * replied round trip, so that a server gone meanwhile is known now.
 */
gboolean vfu_conn_sync(VfuConn *c, GError **error);

/* vfu_call_simple() - vfu_call() with one payload buffer and no fds either way. */
gboolean vfu_call_simple(VfuConn *c, uint16_t cmd, const void *req, size_t len,
			 VfuReply *reply, const char *what, GError **error);

/* One region's state: what GET_REGION_INFO said and the fds it sent. */
typedef struct {
	bool valid;
	uint32_t flags;
	uint64_t size;
	uint64_t offset;         /* mmap offset in the fds */
	unsigned n_sparse;
	SvSparseArea sparse[SV_MAX_SPARSE];
	int fds[SV_MAX_SPARSE];  /* one per sparse area, or fds[0] for all */
	unsigned n_fds;
} VfuRegion;

/* A DMA window the server may reach: the table DMA_READ/WRITE are served from. */
typedef struct {
	uint64_t iova;
	uint64_t size;
	uint8_t *vaddr;
	bool with_fd;
} VfuDmaWindow;

typedef enum {
	VFU_DMA_SHARED,   /* DMA_MAP carries a memfd: the server maps it */
	VFU_DMA_MESSAGE,  /* no fd: the server uses DMA_READ/DMA_WRITE */
} VfuDmaMode;

/**
 * struct VfuDev - the backend's per-device state (dev->priv).
 * @conn: the connection
 * @path: socket path
 * @major/@minor: negotiated version
 * @server_major/@server_minor: what the server answered
 * @caps: the server's capabilities
 * @xfer: bytes per REGION_READ/WRITE message (min of both sides)
 * @dma_mode: how DMA memory is shared
 * @dma_mode_forced: SOFVFIO_VFU_DMA chose the mode
 * @dma_lock: protects @windows (the receive thread reads it)
 * @windows: VfuDmaWindow entries
 * @regions: per-region state
 */
typedef struct {
	VfuConn *conn;
	char *path;
	const char *devname;
	uint16_t major, minor;
	uint16_t server_major, server_minor;
	VfuCaps caps;
	size_t xfer;
	VfuDmaMode dma_mode;
	bool dma_mode_forced;
	GMutex dma_lock;
	GArray *windows;
	VfuRegion regions[SV_REGION_MAX];
} VfuDev;

/* negotiate.c */
gboolean vfu_negotiate(VfuDev *v, GError **error);
gboolean vfu_get_device_info(VfuDev *v, SvDeviceInfo *info, GError **error);

/* dma.c */
gboolean vfu_dma_init(VfuDev *v, GError **error);
void vfu_dma_fini(VfuDev *v);
int vfu_dma_serve(void *data, const struct vfu_header *hdr, const uint8_t *payload,
		  size_t len, uint8_t **out, size_t *out_len);
gboolean vfu_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed, uint64_t *fixed_iova,
		       GError **error);
void vfu_mem_free(SvDevice *dev, SvDmaBuf *buf);
gboolean vfu_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
gboolean vfu_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
const char *vfu_dma_mode_name(VfuDmaMode mode);
/* vfu_dma_count() - windows mapped with an fd (@shared) and without (@message). */
void vfu_dma_count(VfuDev *v, unsigned *shared, unsigned *message);

/* region.c */
gboolean vfu_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error);
gboolean vfu_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			 GError **error);
gboolean vfu_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			  size_t len, GError **error);
/* vfu_region_post() - a posted REGION_WRITE (VFU_F_NO_REPLY) of a BAR. */
gboolean vfu_region_post(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error);
void *vfu_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
		      GError **error);
void vfu_region_munmap(SvDevice *dev, void *addr, size_t size);
void vfu_regions_fini(VfuDev *v);

/* irq.c */
gboolean vfu_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error);
gboolean vfu_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
		     uint32_t flags, const int *fds, GError **error);

/**
 * vfu_place_bars() - give every BAR without an address one (aligned, as
 * firmware does) and enable memory/IO decoding for them (bars.c).
 */
gboolean vfu_place_bars(SvDevice *dev, GError **error);

#endif
