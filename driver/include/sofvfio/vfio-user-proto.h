/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/vfio-user-proto.h - the vfio-user wire format (protocol 0.x, as
 * described in QEMU's docs/interop/vfio-user.rst and spoken by QEMU and
 * libvfio-user).  Shared by the server (emu/) and the client backend.
 *
 * Every message: a 16-byte header, then the payload; all fields in host
 * byte order; file descriptors ride as SCM_RIGHTS on the header's sendmsg.
 * Payloads that mirror a VFIO ioctl use linux/vfio.h structures
 * (vfio_device_info, vfio_region_info + caps, vfio_irq_info, vfio_irq_set).
 */
#ifndef SOFVFIO_VFIO_USER_PROTO_H
#define SOFVFIO_VFIO_USER_PROTO_H

#include <stdint.h>
#include <linux/vfio.h>

#define VFU_MAJOR 0
#define VFU_MINOR 2  /* we propose 0.2 (libvfio-user); QEMU's client speaks 0.0 */

enum vfu_cmd {
	VFU_CMD_VERSION = 1,
	VFU_CMD_DMA_MAP = 2,
	VFU_CMD_DMA_UNMAP = 3,
	VFU_CMD_DEVICE_GET_INFO = 4,
	VFU_CMD_DEVICE_GET_REGION_INFO = 5,
	VFU_CMD_DEVICE_GET_REGION_IO_FDS = 6,
	VFU_CMD_DEVICE_GET_IRQ_INFO = 7,
	VFU_CMD_DEVICE_SET_IRQS = 8,
	VFU_CMD_REGION_READ = 9,
	VFU_CMD_REGION_WRITE = 10,
	VFU_CMD_DMA_READ = 11,   /* server -> client */
	VFU_CMD_DMA_WRITE = 12,  /* server -> client */
	VFU_CMD_DEVICE_RESET = 13,
	VFU_CMD_DIRTY_PAGES = 14,
	VFU_CMD_REGION_WRITE_MULTI = 15,
	VFU_CMD_DEVICE_FEATURE = 16,
	VFU_CMD_MIG_DATA_READ = 17,
	VFU_CMD_MIG_DATA_WRITE = 18,
	VFU_CMD_MAX,
};

/* Header flags */
#define VFU_F_TYPE_MASK 0xfu
#define VFU_F_TYPE_COMMAND 0x0u
#define VFU_F_TYPE_REPLY 0x1u
#define VFU_F_NO_REPLY (1u << 4)
#define VFU_F_ERROR (1u << 5)

struct vfu_header {
	uint16_t msg_id;
	uint16_t cmd;
	uint32_t msg_size;  /* header included */
	uint32_t flags;
	uint32_t error_no;  /* errno, with VFU_F_ERROR */
} __attribute__((packed));

/* VERSION: then a NUL-terminated JSON object: {"capabilities":{...}} */
struct vfu_version {
	uint16_t major;
	uint16_t minor;
	/* char json[]; */
} __attribute__((packed));

/* Capability defaults when a peer does not state them (vfio-user.rst). */
#define VFU_DEFAULT_MAX_FDS 8
#define VFU_DEFAULT_MAX_DATA_XFER (1024 * 1024)

/* DMA_MAP (flags: READ, WRITE); an fd in SCM_RIGHTS when the memory is mappable. */
#define VFU_DMA_F_READ (1u << 0)
#define VFU_DMA_F_WRITE (1u << 1)
struct vfu_dma_map {
	uint32_t argsz;
	uint32_t flags;
	uint64_t offset;   /* into the fd */
	uint64_t address;  /* IOVA */
	uint64_t size;
} __attribute__((packed));

struct vfu_dma_unmap {
	uint32_t argsz;
	uint32_t flags;
	uint64_t address;
	uint64_t size;
} __attribute__((packed));

/* DEVICE_GET_INFO: struct vfio_device_info (argsz, flags, num_regions, num_irqs[, cap_offset]) */
/* DEVICE_GET_REGION_INFO: struct vfio_region_info then its capability chain */
/* DEVICE_GET_IRQ_INFO: struct vfio_irq_info */
/* DEVICE_SET_IRQS: struct vfio_irq_set (no data for eventfds: fds in SCM_RIGHTS) */

/* REGION_READ / REGION_WRITE (request and reply; write reply carries no data) */
struct vfu_region_access {
	uint64_t offset;
	uint32_t region;
	uint32_t count;
	/* uint8_t data[]; */
} __attribute__((packed));

/* DMA_READ / DMA_WRITE, server to client */
struct vfu_dma_access {
	uint64_t address;
	uint64_t count;
	/* uint8_t data[]; */
} __attribute__((packed));

/* Largest message either side accepts: header + access + max transfer + slack. */
#define VFU_MAX_MSG_SIZE (VFU_DEFAULT_MAX_DATA_XFER + 4096)

#endif
