// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * raw-verb.c - the baseline for the guest's verb benchmark: the same verb
 * loop as the driver's hda_command(), written with nothing but raw VFIO
 * ioctls, a mmap'ed BAR0 and libc (no project code, no GLib).  It is as
 * small as a correct loop can be: the time the driver adds on top of it is
 * the driver's overhead.
 *
 *   raw-verb [--count N] [--reps R] [--warmup W] [--mode msi|spin|immediate|all] BDF
 *
 * Set-up (Linux Documentation/driver-api/vfio.rst, "VFIO Usage Example"):
 * container, group, TYPE1v2 IOMMU, device fd, BAR0 mmap, memory + bus master,
 * one DMA page mapped at IOVA 1 MiB for the CORB (at 0) and RIRB (at 2048),
 * link reset, 256-entry rings.  Then per mode, --reps x --count verbs
 * GET_PARAMETER(VENDOR_ID) to the root node of the lowest codec:
 *   msi        write CORBWP, wait for the MSI eventfd (read, poll() if not
 *              signalled yet), clear RIRBSTS, read RIRBWP and the entry
 *              (what hda_command() does with MSI)
 *   spin       write CORBWP, read RIRBWP until it moves, clear RIRBSTS
 *              (QEMU fetches no verb while RINTCNT responses are unacknowledged)
 *   immediate  ICOI/ICII/ICIS (spec 3.4.3), CORB stopped
 * Output: one JSON line per mode, samples = mean microseconds per verb of
 * each repetition.  Everything is undone at the end (rings stopped, MSI off,
 * controller in reset, DMA unmapped, fds closed).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/vfio.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* HDA spec 1.0a section 3.3 register offsets in BAR0, and the bits used. */
#define GCTL 0x08       /* bit 0 CRST */
#define STATESTS 0x0e
#define INTCTL 0x20     /* bit 31 GIE, bit 30 CIE */
#define CORBLBASE 0x40
#define CORBUBASE 0x44
#define CORBWP 0x48
#define CORBRP 0x4a     /* bit 15 CORBRPRST */
#define CORBCTL 0x4c    /* bit 1 CORBRUN */
#define CORBSIZE 0x4e
#define RIRBLBASE 0x50
#define RIRBUBASE 0x54
#define RIRBWP 0x58     /* bit 15 RIRBWPRST */
#define RINTCNT 0x5a
#define RIRBCTL 0x5c    /* bit 0 RINTCTL, bit 1 RIRBDMAEN */
#define RIRBSTS 0x5d    /* bit 0 RINTFL, bit 2 RIRBOIS (write 1 to clear) */
#define RIRBSIZE 0x5e
#define ICOI 0x60
#define ICII 0x64
#define ICIS 0x68       /* bit 0 ICB, bit 1 IRV */

#define RING_ENTRIES 256
#define IOVA 0x100000ull
#define TIMEOUT_NS 100000000ll  /* per verb, as the driver's default */

static volatile uint8_t *bar;
static size_t bar_size;
static int container = -1, group = -1, device = -1, efd = -1;
static uint32_t *ring;     /* CORB at 0, RIRB at 2048 */
static int dma_mapped;
static unsigned corb_wp, rirb_rp;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint8_t rd8(unsigned o) { return *(volatile uint8_t *)(bar + o); }
static uint16_t rd16(unsigned o) { return *(volatile uint16_t *)(bar + o); }
static uint32_t rd32(unsigned o) { return *(volatile uint32_t *)(bar + o); }
static void wr8(unsigned o, uint8_t v) { *(volatile uint8_t *)(bar + o) = v; }
static void wr16(unsigned o, uint16_t v) { *(volatile uint16_t *)(bar + o) = v; }
static void wr32(unsigned o, uint32_t v) { *(volatile uint32_t *)(bar + o) = v; }

static int fail(const char *what)
{
	fprintf(stderr, "raw-verb: %s: %s\n", what, errno ? strerror(errno) : "failed");
	return -1;
}

/* Bounded register wait: (reg & mask) == want within @us microseconds. */
static int wait16(unsigned o, uint16_t mask, uint16_t want, int64_t us)
{
	int64_t end = now_ns() + us * 1000;

	while ((rd16(o) & mask) != want)
		if (now_ns() > end)
			return -1;
	return 0;
}

static int wait8(unsigned o, uint8_t mask, uint8_t want, int64_t us)
{
	int64_t end = now_ns() + us * 1000;

	while ((rd8(o) & mask) != want)
		if (now_ns() > end)
			return -1;
	return 0;
}

static int vfio_open(const char *bdf)
{
	char path[256], link[256];
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct vfio_region_info ci = { .argsz = sizeof(ci), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	ssize_t n;
	uint16_t cmd;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return fail(path);
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (container < 0)
		return fail("/dev/vfio/vfio");
	errno = 0;
	if (ioctl(container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
		return fail("VFIO API version / TYPE1v2");
	group = open(path, O_RDWR | O_CLOEXEC);
	if (group < 0)
		return fail(path);
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &gs) < 0 || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		return fail("group not viable");
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) < 0 ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return fail("VFIO_GROUP_SET_CONTAINER / VFIO_SET_IOMMU");
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (device < 0)
		return fail("VFIO_GROUP_GET_DEVICE_FD");
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri) < 0 ||
	    !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || ri.size < 0x100)
		return fail("BAR0 region info (mmap'able, >= 256 bytes)");
	bar_size = ri.size;
	bar = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, device, (off_t)ri.offset);
	if (bar == MAP_FAILED) {
		bar = NULL;
		return fail("mmap BAR0");
	}
	/* PCI command register: memory space (bit 1) + bus master (bit 2). */
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ci) < 0 ||
	    pread(device, &cmd, 2, (off_t)ci.offset + 4) != 2)
		return fail("config space read");
	cmd |= 0x6;
	if (pwrite(device, &cmd, 2, (off_t)ci.offset + 4) != 2)
		return fail("config space write");
	return 0;
}

static int dma_map(void)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE, .iova = IOVA, .size = 4096 };

	ring = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ring == MAP_FAILED) {
		ring = NULL;
		return fail("mmap DMA page");
	}
	memset(ring, 0, 4096);
	map.vaddr = (uintptr_t)ring;
	if (ioctl(container, VFIO_IOMMU_MAP_DMA, &map) < 0)
		return fail("VFIO_IOMMU_MAP_DMA");
	dma_mapped = 1;
	return 0;
}

static int msi(int on)
{
	char buf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *s = (struct vfio_irq_set *)buf;

	memset(buf, 0, sizeof(buf));
	s->argsz = on ? sizeof(buf) : sizeof(*s);
	s->index = VFIO_PCI_MSI_IRQ_INDEX;
	s->flags = (on ? VFIO_IRQ_SET_DATA_EVENTFD : VFIO_IRQ_SET_DATA_NONE) |
		   VFIO_IRQ_SET_ACTION_TRIGGER;
	s->count = on ? 1 : 0;
	if (on)
		memcpy(s->data, &efd, sizeof(int));
	return ioctl(device, VFIO_DEVICE_SET_IRQS, s) < 0 ? fail("VFIO_DEVICE_SET_IRQS (MSI)") : 0;
}

static void rings_stop(void)
{
	wr8(CORBCTL, 0);
	wait8(CORBCTL, 0x2, 0, 10000);
	wr8(RIRBCTL, 0);
	wait8(RIRBCTL, 0x2, 0, 10000);
	wr8(RIRBSTS, 0x5);
}

/* Link reset (spec 4.2.2) and the rings (4.4.1.3, 4.4.2.2); returns the codec mask. */
static int hda_setup(void)
{
	uint16_t mask;

	rings_stop();
	wr32(INTCTL, 0);
	wr32(GCTL, rd32(GCTL) & ~1u);
	if (wait8(GCTL, 1, 0, 100000) < 0)
		return fail("GCTL.CRST did not read 0");
	usleep(100);
	wr32(GCTL, rd32(GCTL) | 1u);
	if (wait8(GCTL, 1, 1, 100000) < 0)
		return fail("GCTL.CRST did not read 1");
	usleep(1000); /* codecs ask for an address within 521 us (25 frames) */
	mask = rd16(STATESTS) & 0x7fff;
	wr16(STATESTS, mask);

	wr32(CORBLBASE, (uint32_t)IOVA);
	wr32(CORBUBASE, (uint32_t)(IOVA >> 32));
	wr8(CORBSIZE, (rd8(CORBSIZE) & ~3) | 2);   /* 256 entries */
	wr16(CORBWP, 0);
	wr16(CORBRP, 0x8000);
	wait16(CORBRP, 0x8000, 0x8000, 1000);      /* some parts never read back 1 */
	wr16(CORBRP, 0);
	if (wait16(CORBRP, 0xffff, 0, 1000) < 0)
		return fail("CORBRP reset");
	wr32(RIRBLBASE, (uint32_t)(IOVA + 2048));
	wr32(RIRBUBASE, (uint32_t)((IOVA + 2048) >> 32));
	wr8(RIRBSIZE, (rd8(RIRBSIZE) & ~3) | 2);
	wr16(RIRBWP, 0x8000);
	wr16(RINTCNT, 1);
	wr8(RIRBCTL, 0x3);
	wr8(RIRBSTS, 0x5);
	wr8(CORBCTL, 0x2);
	if (wait8(CORBCTL, 0x2, 0x2, 10000) < 0)
		return fail("CORBCTL.RUN did not read 1");
	corb_wp = rirb_rp = 0;
	return mask;
}

/* One verb over CORB/RIRB; @use_msi: wait for the interrupt, else spin on RIRBWP. */
static int corb_verb(uint32_t verb, int use_msi, uint32_t *res)
{
	volatile uint32_t *corb = ring, *rirb = ring + 512;
	int64_t end;
	unsigned wp;

	corb_wp = (corb_wp + 1) % RING_ENTRIES;
	corb[corb_wp] = verb;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wr16(CORBWP, (uint16_t)corb_wp);
	if (use_msi) {
		struct pollfd p = { .fd = efd, .events = POLLIN };
		uint64_t n;

		/* The MSI may already be in (QEMU raises it during the CORBWP write):
		 * try the non-blocking read first, sleep in poll() only when it is not. */
		if (read(efd, &n, 8) != 8 &&
		    (poll(&p, 1, (int)(TIMEOUT_NS / 1000000)) != 1 || read(efd, &n, 8) != 8))
			return -1;
		wr8(RIRBSTS, rd8(RIRBSTS) & 0x5);
		wp = rd16(RIRBWP) & 0xff;
	} else {
		end = now_ns() + TIMEOUT_NS;
		while ((wp = rd16(RIRBWP) & 0xff) == rirb_rp)
			if (now_ns() > end)
				return -1;
		wr8(RIRBSTS, 0x5);
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (wp == rirb_rp)
		return -1;
	rirb_rp = wp;  /* one verb in flight: the newest entry is its response */
	*res = rirb[wp * 2];
	return 0;
}

static int imm_verb(uint32_t verb, uint32_t *res)
{
	int64_t end = now_ns() + TIMEOUT_NS;

	wr16(ICIS, 0x2);
	wr32(ICOI, verb);
	wr16(ICIS, 0x1);
	while ((rd16(ICIS) & 0x3) != 0x2)
		if (now_ns() > end)
			return -1;
	*res = rd32(ICII);
	wr16(ICIS, 0x2);
	return 0;
}

static int verb(const char *mode, uint32_t v, uint32_t *res)
{
	if (!strcmp(mode, "immediate"))
		return imm_verb(v, res);
	return corb_verb(v, !strcmp(mode, "msi"), res);
}

static int run_mode(const char *mode, uint32_t v, int count, int reps, int warmup)
{
	uint32_t first, res;

	if (!strcmp(mode, "immediate"))
		rings_stop();
	wr32(INTCTL, !strcmp(mode, "msi") ? 0xc0000000u : 0);
	if (verb(mode, v, &first) < 0) {
		fprintf(stderr, "raw-verb: %s: no response to verb 0x%08x\n", mode, v);
		return -1;
	}
	printf("{\"bench\":\"raw-verb\",\"unit\":\"us\",\"mode\":\"%s\",\"count\":%d,"
	       "\"vendor_id\":%u,\"samples\":[", mode, count, first);
	for (int r = 0; r < warmup + reps; r++) {
		int64_t t0 = now_ns();

		for (int i = 0; i < count; i++)
			if (verb(mode, v, &res) < 0 || res != first) {
				printf("],\"error\":\"verb %d of repetition %d failed\"}\n", i, r);
				return -1;
			}
		if (r >= warmup)
			printf("%s%.4f", r > warmup ? "," : "", (double)(now_ns() - t0) / 1e3 / count);
	}
	printf("]}\n");
	fflush(stdout);
	return 0;
}

static void teardown(void)
{
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap), .iova = IOVA,
						    .size = 4096 };

	if (bar) {
		wr32(INTCTL, 0);
		rings_stop();
		wr32(GCTL, rd32(GCTL) & ~1u);  /* back in reset, as the driver leaves it */
	}
	if (device >= 0 && efd >= 0)
		msi(0);
	if (dma_mapped)
		ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap);
	if (ring)
		munmap(ring, 4096);
	if (bar)
		munmap((void *)bar, bar_size);
	if (efd >= 0)
		close(efd);
	if (device >= 0)
		close(device);
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
}

int main(int argc, char **argv)
{
	static const char *modes[] = { "msi", "spin", "immediate" };
	const char *mode = "all", *bdf = NULL;
	int count = 500, reps = 7, warmup = 1, status = 1, mask;
	uint32_t v;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--warmup") && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else if (argv[i][0] != '-' && !bdf)
			bdf = argv[i];
		else
			bdf = NULL, i = argc;
	}
	if (!bdf || count < 1 || reps < 1 || warmup < 0) {
		fprintf(stderr, "usage: raw-verb [--count N] [--reps R] [--warmup W] "
				"[--mode msi|spin|immediate|all] BDF\n");
		return 2;
	}
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0 || vfio_open(bdf) < 0 || dma_map() < 0 || msi(1) < 0)
		goto out;
	mask = hda_setup();
	if (mask <= 0) {
		if (mask == 0)
			fprintf(stderr, "raw-verb: %s: no codec on the link\n", bdf);
		goto out;
	}
	/* GET_PARAMETER (0xf00) VENDOR_ID (0) to NID 0 of the lowest codec (spec 7.3.3.x). */
	v = ((uint32_t)__builtin_ctz((unsigned)mask) << 28) | (0xf00u << 8);
	status = 0;
	for (unsigned m = 0; m < 3; m++)
		if ((!strcmp(mode, "all") || !strcmp(mode, modes[m])) &&
		    run_mode(modes[m], v, count, reps, warmup) < 0)
			status = 1;
out:
	teardown();
	return status;
}
