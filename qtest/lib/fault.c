// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fault.c - the fault-injecting wrapper of fault.h: a copy of the real
 * backend's ops table (so ops it gains later pass straight through) whose
 * fallible operations count, fail the chosen one, and call the real ones.
 */
#include "fault.h"
#include "backend.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const SvBackendOps *inner;
static SvBackendOps wrapper;
static unsigned counter, fail_at;
static const char *failed;
static SvFaultMode mode;
static gboolean killed;
static unsigned peer_ops, peer_ops_ok; /* BAR accesses since the kill, and those that "worked" */

unsigned sv_fault_children(gboolean kill_them)
{
	g_autoptr(GDir) d = g_dir_open("/proc/self/task", 0, NULL);
	const char *t;
	unsigned n = 0;

	while (d && (t = g_dir_read_name(d))) {
		g_autofree char *p = g_strdup_printf("/proc/self/task/%s/children", t);
		g_autofree char *text = NULL;
		g_auto(GStrv) pids = NULL;

		if (!g_file_get_contents(p, &text, NULL, NULL))
			continue;
		pids = g_strsplit(g_strstrip(text), " ", -1);
		for (char **pid = pids; *pid && **pid; pid++, n++)
			if (kill_them)
				kill((pid_t)atoi(*pid), SIGKILL);
	}
	return n;
}

/* TRUE when this operation is the one to fail (then *error says so). */
static gboolean inject(const char *op, SvDevice *dev, GError **error)
{
	if (++counter != fail_at)
		return FALSE;
	failed = op;
	if (mode == SV_FAULT_KILL) {
		/* The operation itself goes ahead, to a dead peer; at open there is no
		 * peer yet: f_open() kills it as soon as it is up. */
		if (strcmp(op, "open"))
			sv_fault_children(TRUE);
		killed = TRUE;
		return FALSE;
	}
	g_set_error(error, SV_ERROR, SV_ERROR_IO, "%s: %s: %s #%u failed", dev->name,
		    SV_FAULT_MESSAGE, op, counter);
	return TRUE;
}

static gboolean f_open(SvDevice *dev, const char *spec, GError **error)
{
	gboolean ok = !inject("open", dev, error) && inner->open(dev, spec, error);

	if (ok && killed)
		sv_fault_children(TRUE);
	return ok;
}

/*
 * An access to a BAR (regions 0-5) reaches the device on every backend:
 * after the kill none can work.  Config space is left out: backends
 * virtualise parts of it (the BAR registers), as the kernel's vfio-pci does.
 */
static gboolean peer_op(uint32_t index, gboolean ok)
{
	if (killed && index <= SV_REGION_BAR5) {
		peer_ops++;
		peer_ops_ok += ok;
	}
	return ok;
}

static gboolean f_region_info(SvDevice *dev, uint32_t index, SvRegionInfo *info,
			      GError **error)
{
	return !inject("region_info", dev, error) && inner->region_info(dev, index, info, error);
}

static gboolean f_region_read(SvDevice *dev, uint32_t index, uint64_t offset, void *buf,
			      size_t len, GError **error)
{
	return !inject("region_read", dev, error) &&
	       peer_op(index, inner->region_read(dev, index, offset, buf, len, error));
}

static gboolean f_region_write(SvDevice *dev, uint32_t index, uint64_t offset, const void *buf,
			       size_t len, GError **error)
{
	return !inject("region_write", dev, error) &&
	       peer_op(index, inner->region_write(dev, index, offset, buf, len, error));
}

static void *f_region_mmap(SvDevice *dev, uint32_t index, uint64_t offset, size_t size,
			   GError **error)
{
	return inject("region_mmap", dev, error) ? NULL :
	       inner->region_mmap(dev, index, offset, size, error);
}

static gboolean f_irq_info(SvDevice *dev, uint32_t index, SvIrqInfo *info, GError **error)
{
	return !inject("irq_info", dev, error) && inner->irq_info(dev, index, info, error);
}

static gboolean f_irq_set(SvDevice *dev, uint32_t index, uint32_t start, uint32_t count,
			  uint32_t flags, const int *fds, GError **error)
{
	return !inject("irq_set", dev, error) &&
	       inner->irq_set(dev, index, start, count, flags, fds, error);
}

static gboolean f_reset(SvDevice *dev, GError **error)
{
	return !inject("reset", dev, error) && inner->reset(dev, error);
}

static gboolean f_mem_alloc(SvDevice *dev, SvDmaBuf *buf, gboolean *has_fixed,
			    uint64_t *fixed_iova, GError **error)
{
	return !inject("mem_alloc", dev, error) &&
	       inner->mem_alloc(dev, buf, has_fixed, fixed_iova, error);
}

static gboolean f_dma_map(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	return !inject("dma_map", dev, error) && inner->dma_map(dev, buf, iova, error);
}

static gboolean f_dma_unmap(SvDevice *dev, SvDmaBuf *buf, uint64_t iova, GError **error)
{
	return !inject("dma_unmap", dev, error) && inner->dma_unmap(dev, buf, iova, error);
}

SvDevice *sv_fault_open(const char *name, unsigned n, GError **error)
{
	return sv_fault_open_mode(name, n, SV_FAULT_FAIL, error);
}

SvDevice *sv_fault_open_mode(const char *name, unsigned n, SvFaultMode m, GError **error)
{
	const char *spec = NULL;

	inner = sv_backend_for(name, &spec);
	if (!inner) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED, "%s: no backend", name);
		return NULL;
	}
	wrapper = *inner;
	/* Only the operations the backend has are wrapped (NULL stays NULL). */
#define WRAP(op) wrapper.op = inner->op ? f_##op : NULL
	WRAP(open);
	WRAP(region_info);
	WRAP(region_read);
	WRAP(region_write);
	WRAP(region_mmap);
	WRAP(irq_info);
	WRAP(irq_set);
	WRAP(reset);
	WRAP(mem_alloc);
	WRAP(dma_map);
	WRAP(dma_unmap);
#undef WRAP
	counter = 0;
	fail_at = n;
	failed = NULL;
	mode = m;
	killed = FALSE;
	peer_ops = peer_ops_ok = 0;
	return sv_device_open_ops(&wrapper, name, spec, error);
}

unsigned sv_fault_count(void)
{
	return counter;
}

const char *sv_fault_failed(void)
{
	return failed;
}

unsigned sv_fault_peer_ops(unsigned *worked)
{
	if (worked)
		*worked = peer_ops_ok;
	return peer_ops;
}
