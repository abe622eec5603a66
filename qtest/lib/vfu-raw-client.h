/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfu-raw-client.h - a vfio-user client for tests that must speak the raw
 * protocol to a server (sofvfio-emu): every message is built here, so a
 * test can send what no driver would (bad sizes, unknown commands, stray
 * replies, wrong fd counts).  On the project's wire layer
 * (sofvfio/vfio-user-wire.h); no driver code.  Failures are test
 * assertions.
 */
#ifndef SOFVFIO_QTEST_VFU_RAW_CLIENT_H
#define SOFVFIO_QTEST_VFU_RAW_CLIENT_H

#include <glib.h>
#include <stdint.h>

#include "sofvfio/vfio-user-wire.h"

/**
 * struct RawClient - one connection.
 * @wire: the wire layer's connection
 * @fd: its socket (to see the server hang up)
 * @timeout_ms: how long each reply may take
 * @mem: memory served to the server's DMA_READ/DMA_WRITE (windows mapped
 *       without an fd), @mem_size bytes at IOVA @mem_iova
 * @dma_requests: DMA_READ/DMA_WRITE requests served so far
 */
typedef struct {
	VfuWire *wire;
	int fd;
	int timeout_ms;
	uint8_t *mem;
	uint64_t mem_iova;
	size_t mem_size;
	unsigned dma_requests;
} RawClient;

/** struct RawReply - a reply: header and payload (@len bytes of @data). */
typedef struct {
	struct vfu_header hdr;
	uint8_t data[VFU_MAX_MSG_SIZE];
	size_t len;
} RawReply;

/**
 * raw_client_connect() - connect to @sock_path, retrying (bounded by
 * @timeout_ms) while the server is still busy with the previous client.
 */
RawClient *raw_client_connect(const char *sock_path, int timeout_ms);
void raw_client_free(RawClient *c);

/** raw_send_bytes() - put @len bytes on the socket as they are, with @fds. */
void raw_send_bytes(RawClient *c, const void *buf, size_t len, const int *fds, unsigned n_fds);
/** raw_send() - send one message of type/flags @flags; return its id. */
uint16_t raw_send(RawClient *c, uint16_t cmd, uint32_t flags, const void *p, size_t len,
		  const int *fds, unsigned n_fds);
/**
 * raw_wait_reply() - wait for the reply to @id, serving the server's DMA
 * requests from @c->mem meanwhile.  FALSE when the server hung up or
 * nothing came within the timeout.
 */
gboolean raw_wait_reply(RawClient *c, uint16_t id, RawReply *r);
/** raw_call() - one command and its reply: 0 or the error reply's errno. */
int raw_call(RawClient *c, uint16_t cmd, const void *p, size_t len, const int *fds,
	     unsigned n_fds, RawReply *r);

/** raw_version() - VERSION @major.@minor with @json (NULL: none). */
int raw_version(RawClient *c, uint16_t major, uint16_t minor, const char *json, RawReply *r);
/** raw_region_rw() - REGION_READ/REGION_WRITE of @count bytes; 0 or errno. */
int raw_region_rw(RawClient *c, uint32_t region, uint64_t off, void *buf, uint32_t count,
		  gboolean write);
/** raw_rd() - read @width bytes of @region at @off (asserts success). */
uint32_t raw_rd(RawClient *c, uint32_t region, uint64_t off, unsigned width);
/** raw_wr() - write @width bytes of @v to @region at @off (asserts success). */
void raw_wr(RawClient *c, uint32_t region, uint64_t off, unsigned width, uint32_t v);
/** raw_set_irqs() - DEVICE_SET_IRQS; 0 or errno. */
int raw_set_irqs(RawClient *c, uint32_t index, uint32_t flags, uint32_t start, uint32_t count,
		 const int *fds, unsigned n_fds);
/** raw_dma_map() - DMA_MAP, with @fd when >= 0; 0 or errno. */
int raw_dma_map(RawClient *c, uint64_t iova, uint64_t size, uint64_t offset, int fd);
/** raw_dma_unmap() - DMA_UNMAP; 0 or errno (a success reply must echo the entry). */
int raw_dma_unmap(RawClient *c, uint64_t iova, uint64_t size);

#endif
