/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vfu-peer.h - a tiny vfio-user server for the client backend's tests.  It
 * speaks the protocol (vfio-user.rst) on a socket in a temporary directory,
 * from a thread of the test process, on the project's wire layer
 * (sofvfio/vfio-user-wire.h); it models no HDA controller: it exists to
 * make the client meet every path (a good negotiation and bad ones, error
 * replies, a server that hangs up, replies that break the protocol, DMA
 * requests while the driver is idle, the DMA fallback to messages, region
 * capabilities, interrupts).  A test sets the configuration fields, starts
 * it, drives the client, and reads what the peer saw.
 */
#ifndef SOFVFIO_QTEST_VFU_PEER_H
#define SOFVFIO_QTEST_VFU_PEER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sofvfio/vfio-user-wire.h"

typedef enum {
	FAULT_NONE,
	FAULT_ERROR,     /* error reply with @fault_errno */
	FAULT_CLOSE,     /* hang up instead of replying */
	FAULT_WRONG_ID,  /* reply under another message id */
	FAULT_TRUNCATED, /* count says N, no data follows */
	FAULT_WRONG_CMD, /* reply carries another command */
	FAULT_OVERSIZE,  /* header claims a 64 MiB message */
	FAULT_FDS,       /* a correct reply with an eventfd attached */
	FAULT_SILENT,    /* no reply now; a late one before the next */
} Fault;

#define BAR0_SIZE 0x4000
#define PEER_MAX_MAPS 8
#define UNKNOWN_CAP 0x7777
#define BIG_CAP_BYTES 1024

typedef struct {
	uint64_t iova, size, offset;
	int fd;
	uint8_t *map; /* the peer's own mapping of the client's memfd */
} PeerMap;

typedef struct {
	/* configuration, before peer_start() */
	uint16_t major, minor;
	const char *json;
	Fault fault;          /* applies to the next REGION_READ, once */
	int fault_errno;
	bool refuse_fd_maps;
	bool mmap_bar0;
	bool big_caps;
	bool cap_loop;
	bool dma_during_read; /* DMA_WRITE to the first window before each REGION_READ reply */
	bool storm;           /* each REGION_READ: a DMA_WRITE first, its reply not awaited */

	char *dir, *path;
	int listen_fd;
	VfuWire *conn;        /* the client, once connected */
	int ctl[2];
	GThread *thread;
	GMutex lock;
	GCond cond;
	bool stop;

	/* what the peer saw */
	char *client_json;
	uint16_t client_major, client_minor;
	unsigned n_region_reads, n_region_writes, n_posted_writes;
	uint32_t max_rw_count;
	unsigned n_region_info_bar0;
	unsigned n_maps, n_fd_maps_refused, n_unmaps, n_bad_unmaps, n_resets;
	PeerMap maps[PEER_MAX_MAPS];
	int irq_fd;
	uint32_t irq_flags, irq_count;
	unsigned irq_nfds;
	int silent_id;
	unsigned n_nested_dma_ok;
	unsigned n_storm_sent, n_storm_replies, n_storm_errors;

	/* a command the peer sends the client (DMA_READ/DMA_WRITE, other) */
	bool action_pending, action_done;
	uint16_t action_cmd;
	uint64_t action_addr;
	uint8_t action_data[256];
	uint32_t action_len;
	uint32_t action_reply_flags, action_reply_errno;
	uint8_t action_reply[512];
	size_t action_reply_len;

	uint8_t config[256];

	uint8_t bar0_reg;      /* BAR0's type bits restored by DEVICE_RESET; 0: untouched */
	int bar0_fd;
	uint8_t *bar0;
} Peer;

/** peer_new() - a peer with the default configuration (0.2, 8 fds, 1 MiB). */
Peer *peer_new(void);
/** peer_start() - listen, and serve one client from a thread. */
void peer_start(Peer *p);
/** peer_device() - the device name that reaches the peer ("vfio-user:PATH"). */
char *peer_device(Peer *p);
/** peer_free() - stop the thread, close and remove everything. */
void peer_free(Peer *p);
/**
 * peer_action() - make the peer send @cmd (DMA_READ/DMA_WRITE/other) for
 * [@addr, +@len) and wait (bounded) for the client's reply.  The test
 * thread stays out of the client meanwhile: the client's receive thread
 * answers on its own.
 */
void peer_action(Peer *p, uint16_t cmd, uint64_t addr, const void *data, uint32_t len);

#endif
