/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qtest.h - private to the qtest backend: QEMU's own intel-hda model in a
 * child QEMU (q35, TCG, a firmware that only halts), driven over the qtest
 * line protocol, with guest RAM shared with us so DMA buffers have a CPU
 * pointer.  One file per job:
 *
 *   options.c   the option string after "qtest:"
 *   launch.c    the QEMU child: command line, sockets, stderr ring, reaping
 *   qmp.c       the QMP socket: handshake, version, quit, system_reset
 *   protocol.c  the I/O thread and one-command-one-reply over qtest
 *   pci.c       config space through 0xcf8/0xcfc, BAR sizing and placement
 *   irq.c       INTx (intercepted IOAPIC line) and MSI (a word in RAM) as eventfds
 *   mem.c       the guest-RAM allocator behind DMA buffers
 *   trace.c     trace=PATH: accesses, verbs and responses in sofvfio-emu's format
 *   ops.c       the SvBackendOps table
 */
#ifndef SOFVFIO_BACKEND_QTEST_H
#define SOFVFIO_BACKEND_QTEST_H

#include "../../core/backend.h"

#include <sys/types.h>

/* ---- options.c -------------------------------------------------------- */

/** struct QtOptions - what "qtest:OPTIONS" asked for. */
typedef struct {
	char *controller;   /* "intel-hda" or "ich9-intel-hda" */
	char *codec;        /* "hda-duplex", "hda-micro", "hda-output" */
	gboolean msi;       /* the controller's msi=on|off property */
	char *wav;          /* wav audiodev output file, NULL: audiodev none */
	char *qemu;         /* qemu=PATH, NULL: $SOFVFIO_QEMU or PATH */
	unsigned mem_mib;   /* guest RAM */
	char *log;          /* copy of QEMU's stderr, NULL: none */
	char *trace;        /* trace=PATH ("-": stdout), NULL: no trace */
} QtOptions;

#define QT_MEM_MIN_MIB 16u
#define QT_MEM_MAX_MIB 2048u /* all of it below 4 GiB on q35: GPA == offset in the RAM file */
#define QT_MEM_DEFAULT_MIB 128u

gboolean qt_options_parse(const char *name, const char *spec, QtOptions *opt, GError **error);
void qt_options_clear(QtOptions *opt);
/* PCI device ID of @controller's model (vendor is always Intel 8086). */
uint16_t qt_controller_device_id(const char *controller);

/* ---- the device ------------------------------------------------------- */

#define QT_STDERR_RING 8192

/* Where things go in the guest (q35 with nothing but our halting firmware). */
#define QT_PCI_SLOT 0x1b         /* 00:1b.0, the HDA slot on ICH9 */
#define QT_INTX_GSI 16           /* q35: ICH9 routes 00:1b.0 INTA to IOAPIC input 16 */
#define QT_MMIO_BASE 0xe0000000u /* BARs placed from here up, as libqos does */
#define QT_MMIO_LIMIT 0xfec00000u
#define QT_PIO_BASE 0xc000u
#define QT_PIO_LIMIT 0x10000u
#define QT_MSI_GPA 0x80000u      /* MSI doorbell: a word in conventional RAM */
#define QT_MSI_DATA 0x5a11u      /* any non-zero value: the watcher clears the word */
#define QT_DMA_START 0x100000u   /* DMA buffers from 1 MiB up */

typedef struct {
	uint64_t size;      /* 0: not implemented (or the upper half of a 64-bit BAR) */
	uint64_t addr;      /* where we placed it (bus address or I/O port) */
	uint32_t flags;     /* low bits of the BAR register (I/O, type, prefetch) */
	gboolean io, is64;
} QtBar;

/*
 * A config dword the user sees virtualised, as vfio-pci does for BARs: writes
 * land here (so sizing works), the device's real BAR stays where we put it.
 * Reads return (val & mask) | ro.
 */
typedef struct {
	uint32_t val, mask, ro;
} QtVreg;

typedef struct QtTrace QtTrace; /* trace.c */

typedef struct QtDev {
	SvDevice *dev;       /* for messages: dev->name */
	QtOptions opt;
	char *qemu_path;
	char *bios_path;
	char *qemu_version;  /* "7.2.22 (Debian ...)" */

	/* launch.c */
	pid_t pid;
	char *tmpdir;        /* holds the two sockets until QEMU has connected */
	char *qtest_sock, *qmp_sock;
	int qtest_fd, qmp_fd, stderr_fd, log_fd;
	int wake_fd[2];      /* wakes the I/O thread (stop, or MSI polling changed) */
	gboolean stopping;
	int64_t launch_us;   /* from fork to a ready device */

	/* protected by @lock */
	GMutex lock;
	GCond cond;
	GQueue replies;      /* char *, qtest reply lines not yet taken */
	gboolean dead;       /* QEMU is gone (or its qtest connection is) */
	gboolean reaped;
	int wstatus;
	char *death;         /* "was killed by signal 9 (Killed)" */
	gboolean desync;     /* a reply timed out: the stream is out of step */

	/* QEMU's stderr, under err_lock (read by the I/O thread and on errors) */
	GMutex err_lock;
	char ring[QT_STDERR_RING];
	size_t ring_len;     /* bytes in the ring (<= QT_STDERR_RING) */
	size_t ring_head;    /* next write position */

	/* protocol.c */
	GThread *io_thread;
	GMutex cmd_lock;     /* one command in flight */
	GString *rbuf;       /* partial line from QEMU (I/O thread only) */
	int64_t reply_timeout_us;
	GString *qmp_buf;    /* partial line from QMP (qmp.c, under cmd_lock) */
	GMutex qmp_lock;
	gboolean qmp_ready;  /* capabilities negotiated: commands (quit) work */

	/* pci.c, under cfg_lock (0xcf8 then 0xcfc must not interleave) */
	GMutex cfg_lock;
	uint32_t cf8;        /* last address latched in 0xcf8, 0 unknown */
	QtBar bars[6];
	QtBar rom;
	QtVreg vregs[7];     /* BAR0..BAR5 dwords, then the expansion ROM dword */
	uint8_t msi_cap;     /* offset of the MSI capability, 0 none */
	uint16_t msi_ctrl;   /* its Message Control as found */
	uint8_t int_pin;
	uint16_t command;    /* command register we set (restored after reset) */

	/* irq.c, under irq_lock (the I/O thread signals, callers configure) */
	GMutex irq_lock;
	int intx_fd, msi_fd;
	gboolean intx_masked, intx_level, msi_on;
	uint64_t msi_events, intx_events;
	int64_t msi_poll_us; /* watcher back-off */

	/* mem.c */
	GMutex mem_lock;
	int ram_fd;          /* memfd: QEMU's guest RAM, mapped by both */
	uint8_t *ram;
	size_t ram_size;
	GArray *free_list;   /* QtRange, sorted, coalesced */

	/* trace.c: NULL without trace= */
	QtTrace *trace;
} QtDev;

typedef struct {
	uint64_t start, size;
} QtRange;

static inline QtDev *qt_of(SvDevice *dev)
{
	return dev->priv;
}

/* launch.c */
char *qt_find_qemu(QtDev *qt, GError **error);
char *qt_find_bios(QtDev *qt, GError **error);
gboolean qt_launch(QtDev *qt, GError **error);
void qt_shutdown(QtDev *qt);
void qt_stderr_consume(QtDev *qt);
char *qt_stderr_tail(QtDev *qt, unsigned max_lines);
gboolean qt_reap(QtDev *qt, int64_t timeout_us);
void qt_set_crashed_error(QtDev *qt, GError **error, const char *what);

/* qmp.c */
gboolean qt_qmp_handshake(QtDev *qt, GError **error);
gboolean qt_qmp_command(QtDev *qt, const char *cmd, const char *wait_event, char **reply,
			int64_t timeout_us, GError **error);
gboolean qt_qmp_send(QtDev *qt, const char *cmd, GError **error);

/* protocol.c */
gboolean qt_io_start(QtDev *qt, GError **error);
void qt_io_stop(QtDev *qt);
void qt_io_kick(QtDev *qt);
gboolean qt_cmd(QtDev *qt, uint64_t *value, GError **error, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
gboolean qt_check_alive(QtDev *qt, GError **error);
/* The line protocol itself, free of any QEMU (fuzz/fuzz-qtest-reply.c drives these). */
typedef enum {
	QT_LINE_REPLY,   /* the answer to the command in flight */
	QT_LINE_IRQ,     /* "IRQ raise N" / "IRQ lower N": *irq, *raise set */
	QT_LINE_IGNORED, /* an IRQ line of another kind, or malformed */
} QtLineKind;
QtLineKind qt_line_parse(const char *line, int *irq, gboolean *raise);
/* The next whole line in @buf (removed from it, without its newline), or NULL. */
char *qt_line_take(GString *buf);
/* "OK [VALUE]" into *@value (when not NULL); "FAIL ..." or garbage: SV_ERROR_PROTOCOL. */
gboolean qt_reply_parse(const char *name, const char *cmd, const char *reply, uint64_t *value,
			GError **error);

/* pci.c */
gboolean qt_pci_setup(QtDev *qt, GError **error);
gboolean qt_cfg_read(QtDev *qt, uint32_t off, unsigned width, uint32_t *val, GError **error);
gboolean qt_cfg_write(QtDev *qt, uint32_t off, unsigned width, uint32_t val, GError **error);
gboolean qt_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info, GError **error);
gboolean qt_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf, size_t len,
			GError **error);
gboolean qt_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			 size_t len, GError **error);

/* irq.c */
void qt_irq_init(QtDev *qt);
void qt_irq_line(QtDev *qt, int line, gboolean level);
int64_t qt_irq_poll_msi(QtDev *qt, gboolean activity);
gboolean qt_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error);
gboolean qt_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
		    uint32_t flags, const int *fds, GError **error);
gboolean qt_irq_restore(QtDev *qt, GError **error);

/* mem.c */
gboolean qt_mem_init(QtDev *qt, GError **error);
void qt_mem_fini(QtDev *qt);
gboolean qt_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed, uint64_t *fixed_iova,
		      GError **error);
void qt_mem_free(SvDevice *dev, SvDmaBuf *buf);
gboolean qt_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
gboolean qt_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error);
void qt_iova_ranges(SvDevice *dev, GArray *ranges);

/* trace.c */
gboolean qt_trace_open(QtDev *qt, GError **error);
void qt_trace_close(QtDev *qt);
void qt_trace_lock(QtDev *qt);
void qt_trace_unlock(QtDev *qt);
gboolean qt_trace_access(QtDev *qt, uint32_t index, uint64_t off, unsigned width, uint32_t val,
			 gboolean write, GError **error);
void qt_trace_reset(QtDev *qt);

#endif
