/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/vfio-user-wire.h - the one vfio-user wire layer: framing of
 * messages on a UNIX stream socket (vfio-user.rst, "Header"), header
 * checks, sendmsg()/recvmsg() with SCM_RIGHTS, partial reads and writes,
 * message ids.  Used by the client backend (driver/backend/vfio-user), the
 * mock's server (emu/server) and the tests' peers (qtest/lib); it knows no
 * command beyond its name and owns no thread.
 *
 * Receiving is incremental: vfu_wire_recv() takes what the socket has, up
 * to the end of one message (each recvmsg() asks for at most what remains
 * of the current header or payload, so the bytes and fds of two messages
 * never mix), and waits for the rest until a deadline the caller gives (0:
 * not at all).  One reader at a time: a caller that reads from several
 * threads (a requester reading its own reply, a receive thread otherwise)
 * serialises vfu_wire_recv() itself.  Sending is whole messages under the
 * wire's own lock, so messages from two threads never interleave; a
 * message with VFU_F_NO_REPLY (a posted write) is sent the same way and
 * simply gets no reply.
 */
#ifndef SOFVFIO_VFIO_USER_WIRE_H
#define SOFVFIO_VFIO_USER_WIRE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "sofvfio/vfio-user-proto.h"

G_BEGIN_DECLS

/* The most fds one message can carry (the kernel's SCM_MAX_FD). */
#define VFU_WIRE_MAX_FDS 253
/* Payload pieces vfu_wire_send() takes after the header. */
#define VFU_WIRE_MAX_IOV 8

/**
 * struct VfuMsg - one received message.
 * @hdr: its header
 * @data: the payload, hdr.msg_size - 16 bytes (@len), NULL when empty
 * @len: payload bytes
 * @fds: fds that came with it; a consumer that keeps one sets its entry to
 *       -1 (vfu_msg_take_fd()), vfu_msg_free() closes the rest
 * @n_fds: number of @fds
 */
typedef struct {
	struct vfu_header hdr;
	uint8_t *data;
	size_t len;
	int *fds;
	unsigned n_fds;
} VfuMsg;

/** vfu_msg_free() - free @msg and close every fd it still holds (NULL is fine). */
void vfu_msg_free(VfuMsg *msg);
/** vfu_msg_clear() - free what @msg holds (a message kept by value) and zero it. */
void vfu_msg_clear(VfuMsg *msg);
/** vfu_msg_take_fd() - move fd @i out of @msg (-1 when there is none). */
int vfu_msg_take_fd(VfuMsg *msg, unsigned i);
/** vfu_msg_type() - VFU_F_TYPE_COMMAND, VFU_F_TYPE_REPLY or another (invalid) type. */
static inline unsigned vfu_msg_type(const struct vfu_header *hdr)
{
	return hdr->flags & VFU_F_TYPE_MASK;
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VfuMsg, vfu_msg_free)

/** vfu_cmd_name() - "REGION_READ" for VFU_CMD_REGION_READ; "unknown command" otherwise. */
const char *vfu_cmd_name(unsigned cmd);

typedef struct VfuWire VfuWire;

/**
 * vfu_wire_new() - take over the connected stream socket @fd.
 * @fd: the socket; made non-blocking, closed by vfu_wire_free()
 * @peer: the other side, for messages ("the vfio-user server at /tmp/s")
 * @max_msg: largest message accepted, header included
 * @max_fds: most fds accepted with one message (at most VFU_WIRE_MAX_FDS)
 */
VfuWire *vfu_wire_new(int fd, const char *peer, size_t max_msg, unsigned max_fds);
/** vfu_wire_free() - close the socket, drop a partial message (NULL is fine). */
void vfu_wire_free(VfuWire *w);
/** vfu_wire_fd() - the socket, to poll() for POLLIN with other fds. */
int vfu_wire_fd(VfuWire *w);
/** vfu_wire_peer() - the @peer given to vfu_wire_new(). */
const char *vfu_wire_peer(VfuWire *w);

/**
 * vfu_wire_next_id() - a new message id for a command we send (ids are the
 * sender's: vfio-user.rst).  Thread-safe; wraps at 65535.
 */
uint16_t vfu_wire_next_id(VfuWire *w);

typedef enum {
	VFU_WIRE_MSG,    /* *msg holds a complete message */
	VFU_WIRE_AGAIN,  /* no message began before the deadline */
	VFU_WIRE_CLOSED, /* the peer closed or reset the socket (@error: SV_ERROR_CRASHED) */
	VFU_WIRE_BAD,    /* a header whose msg_size is out of [16, max_msg] (@error:
			  * SV_ERROR_PROTOCOL); *msg holds that header alone; the stream
			  * cannot be resynchronised */
	VFU_WIRE_ERROR,  /* recvmsg() failed, too many fds, or the deadline passed in the
			  * middle of a message (@error); the stream is unusable */
} VfuWireStatus;

/**
 * vfu_wire_recv() - receive one message.
 * @w: the wire
 * @deadline_us: how long to wait for the rest (sv_now_us() clock): 0 reads
 *               only what is there, SV_NO_DEADLINE waits without limit
 * @msg: the message (VFU_WIRE_MSG, VFU_WIRE_BAD); free with vfu_msg_free()
 * @error: why, for VFU_WIRE_CLOSED, VFU_WIRE_BAD and VFU_WIRE_ERROR
 *
 * A message begun but not complete at the deadline stays buffered when
 * @deadline_us is 0 (the next call goes on with it) and is an error
 * otherwise ("sent 10 of 16 bytes of a message, then nothing for 5000 ms").
 */
VfuWireStatus vfu_wire_recv(VfuWire *w, int64_t deadline_us, VfuMsg **msg, GError **error);
/**
 * vfu_wire_set_blocking_reads() - from now on a vfu_wire_recv() with a
 * deadline sleeps in recvmsg() itself (at most @timeout_ms per call, then
 * poll() up to the deadline), one system call where a non-blocking read
 * takes three (EAGAIN, poll(), recvmsg()); with deadline 0 it still only
 * takes what is there.  Sends never block (MSG_DONTWAIT, poll()).
 */
gboolean vfu_wire_set_blocking_reads(VfuWire *w, int timeout_ms, GError **error);
/**
 * vfu_wire_set_read_ahead() - from now on a header is read together with
 * what follows it (up to 256 bytes): one recvmsg() for a small message.
 * What belongs to later messages stays buffered in the wire, so a reader
 * that polls the socket must first take messages until VFU_WIRE_AGAIN (or
 * while vfu_wire_buffered()): poll() does not see them.
 */
void vfu_wire_set_read_ahead(VfuWire *w);
/** vfu_wire_buffered() - bytes of a next message wait in the wire (read-ahead). */
bool vfu_wire_buffered(VfuWire *w);
/** vfu_wire_closed_mid_message() - the last VFU_WIRE_CLOSED cut a message short. */
bool vfu_wire_closed_mid_message(VfuWire *w);

/**
 * vfu_wire_send() - send one message: a header made of @id, @cmd, @flags,
 * @error_no and the payload's size, then the payload pieces @iov, with @fds
 * as SCM_RIGHTS on its first byte.
 * @w: the wire
 * @id: message id (vfu_wire_next_id() for a command, the command's for a reply)
 * @cmd: VFU_CMD_*
 * @flags: VFU_F_TYPE_* | VFU_F_NO_REPLY | VFU_F_ERROR
 * @error_no: errno of an error reply, 0 otherwise
 * @iov: payload pieces (empty ones are skipped), @n_iov of them (at most
 *       VFU_WIRE_MAX_IOV)
 * @fds: fds to pass, @n_fds of them (at most VFU_WIRE_MAX_FDS)
 * @deadline_us: how long to wait for room on the socket
 * @error: SV_ERROR_CRASHED when the peer is gone, SV_ERROR_TIMEOUT when it
 *         took no data until the deadline, SV_ERROR_IO otherwise
 * Return: FALSE with @error; vfu_wire_broken() tells whether part of the
 * message went out (the framing is lost: close the connection).
 */
gboolean vfu_wire_send(VfuWire *w, uint16_t id, uint16_t cmd, uint32_t flags, uint32_t error_no,
		       const struct iovec *iov, unsigned n_iov, const int *fds, unsigned n_fds,
		       int64_t deadline_us, GError **error);

/**
 * vfu_wire_send_bytes() - send @iov as it is (no header is made), with @fds
 * on its first byte: for peers that must put malformed messages on the wire
 * (the tests).  Same locking, partial writes and errors as vfu_wire_send().
 */
gboolean vfu_wire_send_bytes(VfuWire *w, const struct iovec *iov, unsigned n_iov, const int *fds,
			     unsigned n_fds, int64_t deadline_us, GError **error);

/** vfu_wire_broken() - a send failed after part of its message went out. */
bool vfu_wire_broken(VfuWire *w);

/* ---- VERSION capabilities (vfio-user.rst, "Version"): the JSON both sides send */

/**
 * struct VfuCaps - what a VERSION message's JSON object says.
 * @max_msg_fds: fds the peer accepts in one message
 * @max_data_xfer_size: largest data count the peer accepts
 * @pgsizes: page sizes the peer maps (bitmap)
 * @max_dma_maps: DMA windows the peer keeps at once
 * @twin_socket: the peer offered twin-socket mode (neither side here uses it)
 * @write_multiple: the peer takes REGION_WRITE_MULTI (neither side sends it)
 */
typedef struct {
	uint64_t max_msg_fds;
	uint64_t max_data_xfer_size;
	uint64_t pgsizes;
	uint64_t max_dma_maps;
	bool twin_socket;
	bool write_multiple;
} VfuCaps;

typedef enum {
	VFU_CAPS_STRICT,   /* a known key with a value of the wrong type is an error */
	VFU_CAPS_LENIENT,  /* ... is ignored (the key keeps its default) */
} VfuCapsMode;

/**
 * vfu_caps_parse() - read {"capabilities":{...}} from a VERSION message.
 * @json: the JSON text (need not be NUL-terminated)
 * @len: its length; trailing NULs are allowed
 * @caps: holds the defaults on entry; the keys present overwrite them
 * @mode: what a known key of the wrong type does
 * @error: SV_ERROR_PROTOCOL: malformed JSON (with the line and column), or
 *         a member that is not what the protocol says
 *
 * Lenient where the protocol asks for it (peers add keys over time):
 * unknown keys with any value, keys in any order; blank text is no
 * capabilities at all.
 */
gboolean vfu_caps_parse(const char *json, size_t len, VfuCaps *caps, VfuCapsMode mode,
			GError **error);

/**
 * vfu_caps_write() - {"capabilities":{...}} on one line, with the numbers of
 * @caps that are not 0 (in the order of struct VfuCaps).
 */
char *vfu_caps_write(const VfuCaps *caps);

G_END_DECLS

#endif
