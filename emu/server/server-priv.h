/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/server/server-priv.h - the pieces of the server, private to emu/server:
 *
 *   server.c    socket, accept, the poll loop, client lifecycle, signals, the
 *               pacing timer, server-to-client requests (DMA_READ/WRITE)
 *   (the framing of messages on the socket is the wire layer's,
 *    sofvfio/vfio-user-wire.h, shared with the client)
 *   dispatch.c  one handler per command, argument checks, replies
 *   version.c   VERSION negotiation (the capabilities JSON: vfu_caps_parse())
 *   irq.c       interrupt indices as vfio-pci has them (INTx, MSI, ERR, REQ)
 *   dma.c       the client's DMA windows; device DMA through them
 *   pci.c       config space
 */
#ifndef SOFVFIO_EMU_SERVER_PRIV_H
#define SOFVFIO_EMU_SERVER_PRIV_H

#include <linux/vfio.h>

#include "sofvfio/vfio-user-wire.h"
#include "server.h"

/* What we state in the VERSION reply (and enforce). */
#define EMU_MAX_MSG_FDS 8
/* Time a peer gets to take a reply off the socket before it is dropped. */
#define EMU_SEND_TIMEOUT_MS 5000
#define EMU_MAX_DATA_XFER VFU_DEFAULT_MAX_DATA_XFER
#define EMU_PGSIZE 4096u
#define EMU_MAX_DMA_MAPS 1024

#define EMU_NUM_REGIONS (VFIO_PCI_VGA_REGION_INDEX + 1) /* 9: BAR0-5, ROM, config, VGA */
#define EMU_NUM_IRQS VFIO_PCI_NUM_IRQS                  /* 5: INTx, MSI, MSI-X, ERR, REQ */

/* Time the client gets to answer one DMA_READ/DMA_WRITE. */
#define EMU_DMA_TIMEOUT_MS 2000
/* Commands that may arrive (and wait) while we wait for such an answer. */
#define EMU_MAX_QUEUED 256


typedef enum { EMU_IRQ_NONE, EMU_IRQ_INTX, EMU_IRQ_MSI } EmuIrqType;

/*
 * Interrupt state, mirroring vfio-pci (drivers/vfio/pci/vfio_pci_intrs.c):
 * one of INTx/MSI at a time, INTx automasked, ERR and REQ on their own.
 */
typedef struct {
	EmuIrqType type;
	int intx_fd;        /* INTx trigger */
	int unmask_fd;      /* INTx unmask eventfd (virqfd), -1 when none */
	gboolean masked;    /* INTx masked (by the client or by firing) */
	int msi_fd;
	int err_fd, req_fd;
	gboolean level;     /* the device's interrupt condition */
	gboolean msi_armed; /* level was seen high while MSI was live: edge sent */
} EmuIrq;

/* One DMA window of the client. */
typedef struct {
	uint64_t iova, size;
	uint32_t flags;     /* VFU_DMA_F_READ/WRITE */
	uint8_t *ptr;       /* the shared mapping, NULL: reached by messages */
	void *map;          /* mmap() base and length (page aligned) */
	size_t map_len;
} EmuDmaRegion;

struct EmuServer {
	char *socket_path;
	char *tmp_path;             /* where the socket waits until published */
	gboolean once;
	gboolean bar_decode;        /* !EmuServerOptions.no_bar_decode */
	unsigned die_at, hang_at;   /* EmuServerOptions */
	unsigned n_cmds;            /* commands received so far */
	int listen_fd, sig_fd, timer_fd;
	int64_t period_us;          /* emu_server_schedule() */
	gboolean quit;

	/* The client (NULL when none). */
	VfuWire *conn;
	gboolean conn_dead;         /* it went away; torn down at the next loop turn */
	gboolean negotiated;
	uint16_t minor;
	VfuCaps peer;
	GQueue queued;              /* VfuMsg*: commands received during a DMA wait */
	unsigned n_clients;

	/* The device. */
	EmuPci *pci;
	const EmuDeviceOps *ops;
	void *dev;

	EmuIrq irq;
	GArray *dma;                /* EmuDmaRegion, sorted by iova */
};

/* server.c */
/**
 * emu_server_request() - send a server-to-client command and wait (at most
 * EMU_DMA_TIMEOUT_MS) for its reply; commands arriving meanwhile are queued.
 * Return: the reply (caller frees), NULL when the client failed or is gone.
 */
VfuMsg *emu_server_request(EmuServer *srv, uint16_t cmd, const void *p1, size_t l1,
			   const void *p2, size_t l2);
/**
 * emu_server_attach() - serve the connected socket @fd as the client (what
 * accepting a connection does; fuzz/fuzz-emu-dispatch.c uses a socketpair).
 */
void emu_server_attach(EmuServer *srv, int fd);
/**
 * emu_server_serve() - the client's part of one loop turn: read and execute
 * what arrived (when @readable), then what was queued, and drop the client
 * when it has gone.
 */
void emu_server_serve(EmuServer *srv, gboolean readable);
/** emu_server_reply() - send a reply (or an error reply when @err != 0). */
void emu_server_reply(EmuServer *srv, const VfuMsg *req, int err, const void *payload,
		      size_t len);

/* dispatch.c */
/** emu_dispatch() - execute one command from the client and reply to it. */
void emu_dispatch(EmuServer *srv, VfuMsg *msg);

/* version.c */
int emu_version_negotiate(EmuServer *srv, const VfuMsg *msg, GByteArray *out);

/* irq.c */
void emu_irq_init(EmuIrq *irq);
int emu_irq_info(EmuServer *srv, uint32_t index, uint32_t *flags, uint32_t *count);
/**
 * emu_irq_set() - VFIO_USER_DEVICE_SET_IRQS: @set is the request, @data the
 * bytes after it (DATA_BOOL), @msg holds the fds (taken when used).
 * Return: 0 or an errno, as vfio-pci would give.
 */
int emu_irq_set(EmuServer *srv, const struct vfio_irq_set *set, const uint8_t *data,
		size_t data_len, VfuMsg *msg);
/** emu_irq_update() - deliver what the current level and state call for. */
void emu_irq_update(EmuServer *srv);
/** emu_irq_unmask_event() - the INTx unmask eventfd fired. */
void emu_irq_unmask_event(EmuServer *srv);
/** emu_irq_release() - the client left: close every fd, back to no interrupts. */
void emu_irq_release(EmuServer *srv);

/* dma.c */
/** emu_dma_map() - VFIO_USER_DMA_MAP; takes @fd (-1: none) in every case. */
int emu_dma_map(EmuServer *srv, const struct vfu_dma_map *map, int fd);
int emu_dma_unmap(EmuServer *srv, const struct vfu_dma_unmap *unmap);
void emu_dma_unmap_all(EmuServer *srv);
/** emu_dma_guard_init() - install the SIGBUS guard for accesses to shared mappings. */
void emu_dma_guard_init(void);

#endif
