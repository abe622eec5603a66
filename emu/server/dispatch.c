// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dispatch.c - one handler per vfio-user command (vfio-user.rst
 * "Commands").  Each checks its payload, does the work, and leaves a reply
 * payload in @out or returns an errno for an error reply.  Argument checks
 * follow vfio-pci where the command mirrors an ioctl.
 */
#define SV_LOG_PREFIX "dispatch"
#include "sofvfio/log.h"
#include "server-priv.h"
#include "trace.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <string.h>

typedef int (*Handler)(EmuServer *srv, VfuMsg *msg, GByteArray *out);

static int cmd_version(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	return emu_version_negotiate(srv, msg, out);
}

static int cmd_dma_map(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	struct vfu_dma_map m;
	int fd = -1;

	if (msg->n_fds > 1)
		return EINVAL;
	memcpy(&m, msg->data, sizeof(m));
	if (m.argsz < sizeof(m))
		return EINVAL;
	if (msg->n_fds) {
		fd = msg->fds[0];
		msg->fds[0] = -1;
	}
	return emu_dma_map(srv, &m, fd);
}

static int cmd_dma_unmap(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	struct vfu_dma_unmap u;
	int ret;

	memcpy(&u, msg->data, sizeof(u));
	if (u.argsz < sizeof(u))
		return EINVAL;
	ret = emu_dma_unmap(srv, &u);
	if (!ret) /* the reply is the request's entry (vfio-user.rst DMA_UNMAP) */
		g_byte_array_append(out, msg->data, sizeof(u));
	return ret;
}

static int cmd_get_info(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	uint32_t argsz;
	struct {
		uint32_t argsz, flags, num_regions, num_irqs;
	} info = { sizeof(info), VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET,
		   EMU_NUM_REGIONS, EMU_NUM_IRQS };

	memcpy(&argsz, msg->data, sizeof(argsz));
	if (argsz < sizeof(info))
		return EINVAL;
	g_byte_array_append(out, (const guint8 *)&info, sizeof(info));
	return 0;
}

static void region_info(EmuServer *srv, uint32_t index, uint64_t *size, uint32_t *flags)
{
	*size = 0;
	*flags = 0;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX) {
		*size = EMU_PCI_CFG_SIZE;
		*flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	} else if (index <= VFIO_PCI_BAR5_REGION_INDEX && emu_pci_bar_size(srv->pci, index)) {
		/* Trapped: every access is a message (no MMAP, no fd). */
		*size = emu_pci_bar_size(srv->pci, index);
		*flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	}
}

static int cmd_get_region_info(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	struct vfio_region_info info;
	uint64_t size;

	memcpy(&info, msg->data, sizeof(info));
	/* No capability chains here, so the 32-byte structure is always enough and a
	 * smaller argsz is EINVAL (vfio-pci: argsz < minsz). */
	if (info.argsz < sizeof(info) || info.index >= EMU_NUM_REGIONS)
		return EINVAL;
	info.argsz = sizeof(info);
	info.cap_offset = 0;
	info.offset = 0;
	region_info(srv, info.index, &size, &info.flags);
	info.size = size;
	g_byte_array_append(out, (const guint8 *)&info, sizeof(info));
	return 0;
}

static int cmd_get_irq_info(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	struct vfio_irq_info info;
	int ret;

	memcpy(&info, msg->data, sizeof(info));
	if (info.argsz < sizeof(info))
		return EINVAL;
	ret = emu_irq_info(srv, info.index, &info.flags, &info.count);
	if (ret)
		return ret;
	info.argsz = sizeof(info);
	g_byte_array_append(out, (const guint8 *)&info, sizeof(info));
	return 0;
}

static int cmd_set_irqs(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	struct vfio_irq_set set;

	memcpy(&set, msg->data, sizeof(set));
	if (set.argsz < sizeof(set) || set.argsz > msg->len)
		return EINVAL;
	return emu_irq_set(srv, &set, msg->data + sizeof(set), set.argsz - sizeof(set), msg);
}

/* The access sizes vfio-pci uses when it forwards a read/write: naturally
 * aligned dwords, then words, then bytes (vfio_pci_core_do_io_rw()). */
static unsigned chunk_width(uint64_t off, size_t left)
{
	if (left >= 4 && !(off & 3))
		return 4;
	if (left >= 2 && !(off & 1))
		return 2;
	return 1;
}

static int config_access(EmuServer *srv, uint64_t off, uint8_t *buf, size_t count,
			 gboolean write)
{
	while (count) {
		unsigned w = chunk_width(off, count), changed;
		uint32_t v = 0;

		if (write) {
			memcpy(&v, buf, w);
			changed = emu_pci_write(srv->pci, off, w, v);
			emu_trace("cfg w%u 0x%04x 0x%08x", w, (unsigned)off, v);
			if (changed & EMU_PCI_PM_RESET) {
				sv_info("PM reset (D3hot -> D0)");
				srv->ops->reset(srv->dev);
			}
			if (changed & (EMU_PCI_CHANGED_COMMAND | EMU_PCI_CHANGED_MSI))
				emu_irq_update(srv);
		} else {
			v = emu_pci_read(srv->pci, off, w);
			memcpy(buf, &v, w);
			emu_trace("cfg r%u 0x%04x 0x%08x", w, (unsigned)off, v);
		}
		off += w;
		buf += w;
		count -= w;
	}
	return 0;
}

static int bar_access(EmuServer *srv, unsigned bar, uint64_t off, uint8_t *buf, size_t count,
		      gboolean write)
{
	/* A function answers only a placed BAR with decoding on, as QEMU's
	 * x-vfio-user-server does (it resolves BARs in the PCI address space);
	 * vfio-pci refuses BAR accesses while memory decoding is off (-EIO). */
	if (srv->bar_decode && !emu_pci_bar_decodes(srv->pci, bar)) {
		sv_debug("BAR%u access refused: %s", bar, emu_pci_mem_enabled(srv->pci) ?
			 "the BAR has no address" : "memory decoding is off");
		return EIO;
	}
	while (count) {
		unsigned w = chunk_width(off, count);
		uint32_t v = 0;
		int ret;

		if (write) {
			memcpy(&v, buf, w);
			ret = srv->ops->bar_write(srv->dev, bar, off, w, v);
		} else {
			ret = srv->ops->bar_read(srv->dev, bar, off, w, &v);
			memcpy(buf, &v, w);
		}
		if (ret)
			return ret;
		off += w;
		buf += w;
		count -= w;
	}
	return 0;
}

static int region_access(EmuServer *srv, VfuMsg *msg, GByteArray *out, gboolean write)
{
	struct vfu_region_access acc;
	uint64_t size;
	uint32_t flags;
	uint8_t *data;
	int ret;

	memcpy(&acc, msg->data, sizeof(acc));
	if (acc.count > EMU_MAX_DATA_XFER || acc.region >= EMU_NUM_REGIONS)
		return EINVAL;
	/* A write carries exactly its data; a read nothing after the header. */
	if (msg->len != sizeof(acc) + (write ? acc.count : 0))
		return EINVAL;
	region_info(srv, acc.region, &size, &flags);
	if (!(flags & (write ? VFIO_REGION_INFO_FLAG_WRITE : VFIO_REGION_INFO_FLAG_READ)) ||
	    acc.offset >= size || acc.count > size - acc.offset)
		return EINVAL;
	g_byte_array_append(out, (const guint8 *)&acc, sizeof(acc));
	if (write) {
		data = msg->data + sizeof(acc);
	} else {
		g_byte_array_set_size(out, sizeof(acc) + acc.count);
		data = out->data + sizeof(acc);
	}
	if (acc.region == VFIO_PCI_CONFIG_REGION_INDEX)
		ret = config_access(srv, acc.offset, data, acc.count, write);
	else
		ret = bar_access(srv, acc.region, acc.offset, data, acc.count, write);
	if (ret)
		g_byte_array_set_size(out, 0);
	return ret;
}

static int cmd_region_read(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	return region_access(srv, msg, out, FALSE);
}

static int cmd_region_write(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	return region_access(srv, msg, out, TRUE);
}

static int cmd_reset(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	/* Like vfio-pci's reset: config space is saved and restored around it, the
	 * function's own state goes back to power-on values. */
	sv_info("device reset requested by the client");
	srv->ops->reset(srv->dev);
	return 0;
}

/**
 * struct CmdDesc - one command the server takes: its handler, the smallest
 * payload it takes, whether fds may come with it.  Commands not in the
 * table (DMA_READ/DMA_WRITE are the server's own, the optional ones we do
 * not implement) get ENOSYS.
 */
typedef struct {
	Handler fn;
	size_t min_len;
	gboolean takes_fds;
} CmdDesc;

static const CmdDesc cmds[VFU_CMD_MAX] = {
	[VFU_CMD_VERSION] = { .fn = cmd_version, .min_len = sizeof(struct vfu_version) },
	[VFU_CMD_DMA_MAP] = { .fn = cmd_dma_map, .min_len = sizeof(struct vfu_dma_map),
			      .takes_fds = TRUE },
	[VFU_CMD_DMA_UNMAP] = { .fn = cmd_dma_unmap, .min_len = sizeof(struct vfu_dma_unmap) },
	[VFU_CMD_DEVICE_GET_INFO] = { .fn = cmd_get_info, .min_len = 16 },
	[VFU_CMD_DEVICE_GET_REGION_INFO] = { .fn = cmd_get_region_info,
					     .min_len = sizeof(struct vfio_region_info) },
	[VFU_CMD_DEVICE_GET_IRQ_INFO] = { .fn = cmd_get_irq_info,
					  .min_len = sizeof(struct vfio_irq_info) },
	[VFU_CMD_DEVICE_SET_IRQS] = { .fn = cmd_set_irqs, .min_len = sizeof(struct vfio_irq_set),
				      .takes_fds = TRUE },
	[VFU_CMD_REGION_READ] = { .fn = cmd_region_read,
				  .min_len = sizeof(struct vfu_region_access) },
	[VFU_CMD_REGION_WRITE] = { .fn = cmd_region_write,
				   .min_len = sizeof(struct vfu_region_access) },
	[VFU_CMD_DEVICE_RESET] = { .fn = cmd_reset },
};

static int execute(EmuServer *srv, VfuMsg *msg, GByteArray *out)
{
	const CmdDesc *d = msg->hdr.cmd < VFU_CMD_MAX ? &cmds[msg->hdr.cmd] : NULL;

	if (vfu_msg_type(&msg->hdr) != VFU_F_TYPE_COMMAND)
		return EINVAL;
	if (!d || !d->fn)
		return ENOSYS;
	if (!srv->negotiated && msg->hdr.cmd != VFU_CMD_VERSION) {
		sv_warn("%s before VERSION refused", vfu_cmd_name(msg->hdr.cmd));
		return EINVAL;
	}
	if (msg->len < d->min_len || (msg->n_fds && !d->takes_fds) ||
	    msg->n_fds > EMU_MAX_MSG_FDS)
		return EINVAL;
	return d->fn(srv, msg, out);
}

void emu_dispatch(EmuServer *srv, VfuMsg *msg)
{
	g_autoptr(GByteArray) out = NULL;
	int err;

	/* Faults on purpose, mid-session: --die-after (gone the way `kill -9`
	 * takes a server), --hang-after (alive, socket open, answering nothing). */
	srv->n_cmds++;
	if (srv->die_at && srv->n_cmds >= srv->die_at)
		raise(SIGKILL);
	if (srv->hang_at && srv->n_cmds >= srv->hang_at) {
		sv_info("command %u: hanging (--hang-after), answering nothing", srv->n_cmds);
		for (;;)
			pause(); /* signals are blocked (signalfd): only SIGKILL ends this */
	}
	out = g_byte_array_new();
	err = execute(srv, msg, out);

	if (err)
		sv_debug("%s (id %u, %zu bytes, %u fds): %s", vfu_cmd_name(msg->hdr.cmd),
			 msg->hdr.msg_id, msg->len, msg->n_fds, g_strerror(err));
	else
		sv_debug("%s (id %u) ok", vfu_cmd_name(msg->hdr.cmd), msg->hdr.msg_id);
	emu_server_reply(srv, msg, err, out->data, out->len);
}
