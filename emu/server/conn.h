/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/server/conn.h - vfio-user message framing on one client socket:
 * incremental, non-blocking receive (a message may arrive in pieces; fds
 * in SCM_RIGHTS belong to the message they arrive with) and bounded send.
 */
#ifndef SOFVFIO_EMU_CONN_H
#define SOFVFIO_EMU_CONN_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "sofvfio/vfio-user-proto.h"

/* Time a peer gets to take a reply off the socket before it is dropped. */
#define EMU_SEND_TIMEOUT_MS 5000

/**
 * struct EmuMsg - one received message.
 * @hdr: its header
 * @data: the payload (hdr.msg_size - 16 bytes, @len)
 * @fds: fds that came with it; a consumer sets the entries it keeps to -1,
 *       emu_msg_free() closes the rest
 * @n_fds: number of @fds
 */
typedef struct {
	struct vfu_header hdr;
	uint8_t *data;
	size_t len;
	int *fds;
	unsigned n_fds;
} EmuMsg;

/** emu_msg_free() - free @msg and close every fd it still holds (NULL is fine). */
void emu_msg_free(EmuMsg *msg);

typedef struct EmuConn EmuConn;

typedef enum {
	EMU_RECV_MSG,    /* *msg holds a complete message */
	EMU_RECV_AGAIN,  /* nothing complete yet */
	EMU_RECV_CLOSED, /* EOF or socket error: the peer is gone */
	EMU_RECV_BAD,    /* unusable header (msg_size out of range): *msg holds the header,
			  * the stream cannot be resynchronised */
} EmuRecv;

/** emu_conn_new() - take over connected socket @fd (made non-blocking). */
EmuConn *emu_conn_new(int fd);
/** emu_conn_free() - close the socket and drop a partial message. */
void emu_conn_free(EmuConn *conn);
int emu_conn_fd(EmuConn *conn);

/** emu_conn_recv() - read what is available, up to the end of one message. */
EmuRecv emu_conn_recv(EmuConn *conn, EmuMsg **msg);

/**
 * emu_conn_send() - send one message: header fields plus a payload in up to
 * two pieces.  Waits at most EMU_SEND_TIMEOUT_MS for room on the socket.
 * Return: FALSE when the peer is gone or stuck.
 */
gboolean emu_conn_send(EmuConn *conn, uint16_t msg_id, uint16_t cmd, uint32_t flags,
		       uint32_t error_no, const void *p1, size_t l1, const void *p2, size_t l2);

#endif
