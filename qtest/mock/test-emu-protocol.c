// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-emu-protocol.c - sofvfio-emu seen from a raw vfio-user socket: the
 * protocol edges (bad sizes, unknown commands, wrong fd counts, clients that
 * vanish) and the controller model behind it (reset, CORB/RIRB, immediate
 * commands, interrupts, streams), with no driver code in between.
 *
 * One server is started for the whole run ($SOFVFIO_EMU, set by meson) with
 * a WAV sink and a tone source; after each test a new client must still be
 * able to connect and negotiate, and at the end the server must exit 0 on
 * SIGTERM (under ASan that also means: no leaks).
 */
#include "harness.h"
#include "vfu-raw-client.h"
#include "sofvfio/hda-regs.h"
#include "sofvfio/hda-verbs.h"
#include "sofvfio/vfio-user-proto.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/pci_regs.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define TIMEOUT_MS 3000
#define BAR0 VFIO_PCI_BAR0_REGION_INDEX
#define CFG VFIO_PCI_CONFIG_REGION_INDEX

static char *tmpdir, *sock_path, *sink_path, *trace_path;
static GPid server_pid;
static gboolean server_gone;

/* ---- the server -------------------------------------------------------------- */

static unsigned server_fds(void)
{
	g_autofree char *path = g_strdup_printf("/proc/%d/fd", (int)server_pid);
	GDir *dir = g_dir_open(path, 0, NULL);
	unsigned n = 0;

	g_assert_nonnull(dir);
	while (g_dir_read_name(dir))
		n++;
	g_dir_close(dir);
	return n;
}

static unsigned baseline_fds;

/* A server outlives no test binary, even one that aborted. */
static void die_with_parent(gpointer unused)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean file_exists(void *data, GError **error)
{
	return g_file_test(data, G_FILE_TEST_EXISTS);
}

/* The socket is there, or the server is gone. */
static gboolean listening_or_gone(void *data, GError **error)
{
	if (g_file_test(sock_path, G_FILE_TEST_EXISTS))
		return TRUE;
	if (waitpid(server_pid, NULL, WNOHANG) == server_pid) {
		server_gone = TRUE;
		return TRUE;
	}
	return FALSE;
}

static gboolean server_start(const char *emu)
{
	g_autoptr(GError) err = NULL;
	char *argv[] = {
		(char *)emu, "--socket", sock_path, "--sink", sink_path, "--source", "tone:1000",
		"--trace", trace_path, "--log-level", "error", NULL,
	};

	if (!g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
			   die_with_parent, NULL, &server_pid, &err)) {
		printf("# cannot start %s: %s\n", emu, err->message);
		return FALSE;
	}
	/* The socket appears once the server listens; wait for it, bounded. */
	if (!sv_wait_until(listening_or_gone, NULL, 10 * G_USEC_PER_SEC, "the socket", &err)) {
		printf("# %s did not listen within 10 s\n", emu);
		return FALSE;
	}
	if (server_gone) {
		printf("# %s exited before listening\n", emu);
		return FALSE;
	}
	baseline_fds = server_fds();
	return TRUE;
}

static void assert_server_alive(void)
{
	int status;

	g_assert_false(server_gone);
	if (waitpid(server_pid, &status, WNOHANG) == server_pid) {
		server_gone = TRUE;
		g_error("sofvfio-emu died (status 0x%x)", status);
	}
}

/* ---- a raw client (lib/vfu-raw-client.h) ------------------------------------------ */

static RawClient *client_new(void)
{
	return raw_client_connect(sock_path, TIMEOUT_MS);
}

static RawClient *client_ready(void)
{
	RawClient *c = client_new();
	RawReply *r = g_new(RawReply, 1);

	g_assert_cmpint(raw_version(c, 0, 2, "{\"capabilities\":{\"max_msg_fds\":8}}", r), ==, 0);
	g_free(r);
	return c;
}

/* What firmware does before anyone talks to the function: BAR0 (64-bit) gets
 * an address, memory decoding (and bus mastering) goes on. */
#define BAR0_ADDR 0xfebf0000u
static void place_bar0(RawClient *c)
{
	raw_wr(c, CFG, PCI_BASE_ADDRESS_0, 4, BAR0_ADDR);
	raw_wr(c, CFG, PCI_BASE_ADDRESS_1, 4, 0);
	raw_wr(c, CFG, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* After every test: the server lives and a new client gets through. */
static void assert_server_serves(void)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	RawClient *c;
	uint32_t argsz = 16;
	uint8_t req[16] = { 0 };

	assert_server_alive();
	c = client_new();
	g_assert_cmpint(raw_version(c, 0, 2, "{}", r), ==, 0);
	memcpy(req, &argsz, 4);
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_INFO, req, sizeof(req), NULL, 0, r), ==, 0);
	raw_client_free(c);
	assert_server_alive();
}

static gboolean fd_readable(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return sv_poll_until(&pfd, 1, sv_deadline_us((int64_t)timeout_ms * 1000)) == 1;
}

/* The eventfd fired (count read and returned), or 0 after @timeout_ms. */
static uint64_t eventfd_count(int fd, int timeout_ms)
{
	eventfd_t v = 0;

	if (!fd_readable(fd, timeout_ms))
		return 0;
	g_assert_cmpint(eventfd_read(fd, &v), ==, 0);
	return v;
}

static int shared_mem(size_t size, uint8_t **map)
{
	int fd = memfd_create("emu-test-dma", MFD_CLOEXEC);

	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(ftruncate(fd, size), ==, 0);
	*map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	g_assert_true(*map != MAP_FAILED);
	return fd;
}

/* ---- protocol tests ------------------------------------------------------------------ */

static void test_version(gconstpointer data)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	struct vfu_version v;
	RawClient *c = client_new();
	const char *json;

	/* Commands before VERSION are refused; VERSION then works. */
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_RESET, NULL, 0, NULL, 0, r), ==, EINVAL);
	/* A client newer than us (0.9) gets our minor; unknown members are fine. */
	g_assert_cmpint(raw_version(c, 0, 9, "{\"capabilities\":{\"max_msg_fds\":16,"
				"\"max_data_xfer_size\":65536,\"migration\":{\"pgsize\":4096},"
				"\"twin_socket\":{\"supported\":true}},\"other\":[1,2.5e3,null]}",
				r), ==, 0);
	memcpy(&v, r->data, sizeof(v));
	g_assert_cmpuint(v.major, ==, 0);
	g_assert_cmpuint(v.minor, ==, VFU_MINOR);
	json = (const char *)r->data + sizeof(v);
	g_assert_cmpuint(r->data[r->len - 1], ==, 0); /* NUL-terminated */
	g_assert_nonnull(strstr(json, "\"max_msg_fds\":8"));
	g_assert_nonnull(strstr(json, "\"max_data_xfer_size\":1048576"));
	g_assert_nonnull(strstr(json, "\"pgsizes\":4096"));
	g_assert_nonnull(strstr(json, "\"max_dma_maps\":"));
	g_assert_null(strstr(json, "twin_socket")); /* never echo what we do not do */
	g_assert_null(strstr(json, "write_multiple"));
	/* Once is enough. */
	g_assert_cmpint(raw_version(c, 0, 2, NULL, r), ==, EINVAL);
	raw_client_free(c);

	/* QEMU's client proposes 0.0 without JSON: we answer 0.0. */
	c = client_new();
	g_assert_cmpint(raw_version(c, 0, 0, NULL, r), ==, 0);
	memcpy(&v, r->data, sizeof(v));
	g_assert_cmpuint(v.minor, ==, 0);
	raw_client_free(c);

	/* Another major, or JSON that is not JSON: error replies. */
	c = client_new();
	g_assert_cmpint(raw_version(c, 1, 0, NULL, r), !=, 0);
	g_assert_cmpint(raw_version(c, 0, 2, "{\"capabilities\":{\"max_msg_fds\":}", r), ==, EINVAL);
	g_assert_cmpint(raw_version(c, 0, 2, "{\"capabilities\":{}} trailing", r), ==, EINVAL);
	/* A JSON without its NUL is taken too. */
	{
		const char j[] = "{\"capabilities\":{\"pgsizes\":4096}}";
		uint8_t buf[4 + sizeof(j) - 1];

		memcpy(buf, &(struct vfu_version){ 0, 1 }, 4);
		memcpy(buf + 4, j, sizeof(j) - 1);
		g_assert_cmpint(raw_call(c, VFU_CMD_VERSION, buf, sizeof(buf), NULL, 0, r), ==, 0);
	}
	raw_client_free(c);
	assert_server_serves();
}

static void test_device_info(gconstpointer data)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	RawClient *c = client_ready();
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	struct vfio_irq_info ii = { .argsz = sizeof(ii) };
	uint32_t info[4] = { 16 };
	static const struct {
		uint32_t index, flags, count;
	} irqs[] = {
		{ VFIO_PCI_INTX_IRQ_INDEX,
		  VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE | VFIO_IRQ_INFO_AUTOMASKED, 1 },
		{ VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE, 1 },
		{ VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE, 0 },
		{ VFIO_PCI_ERR_IRQ_INDEX, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE, 1 },
		{ VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE, 1 },
	};

	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_INFO, info, sizeof(info), NULL, 0, r), ==, 0);
	memcpy(info, r->data, sizeof(info));
	g_assert_cmpuint(info[0], ==, 16);
	g_assert_cmpuint(info[1], ==, VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET);
	g_assert_cmpuint(info[2], ==, 9);
	g_assert_cmpuint(info[3], ==, 5);
	info[0] = 8; /* argsz too small */
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_INFO, info, sizeof(info), NULL, 0, r), ==, EINVAL);

	for (uint32_t i = 0; i < 9; i++) {
		ri = (struct vfio_region_info){ .argsz = sizeof(ri), .index = i };
		g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, r),
				==, 0);
		g_assert_cmpuint(r->len, ==, sizeof(ri));
		memcpy(&ri, r->data, sizeof(ri));
		g_assert_cmpuint(ri.index, ==, i);
		g_assert_cmpuint(ri.argsz, ==, sizeof(ri));
		if (i == BAR0) {
			g_assert_cmpuint(ri.size, ==, 0x4000);
			g_assert_cmpuint(ri.flags, ==, VFIO_REGION_INFO_FLAG_READ |
					 VFIO_REGION_INFO_FLAG_WRITE);
		} else if (i == CFG) {
			g_assert_cmpuint(ri.size, ==, 4096);
			g_assert_cmpuint(ri.flags, ==, VFIO_REGION_INFO_FLAG_READ |
					 VFIO_REGION_INFO_FLAG_WRITE);
		} else {
			g_assert_cmpuint(ri.size, ==, 0);
		}
	}
	ri = (struct vfio_region_info){ .argsz = sizeof(ri), .index = 9 };
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, r), ==,
			EINVAL);
	ri = (struct vfio_region_info){ .argsz = 16, .index = 0 };
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, r), ==,
			EINVAL);

	for (unsigned i = 0; i < G_N_ELEMENTS(irqs); i++) {
		ii = (struct vfio_irq_info){ .argsz = sizeof(ii), .index = irqs[i].index };
		g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_IRQ_INFO, &ii, sizeof(ii), NULL, 0, r), ==,
				0);
		memcpy(&ii, r->data, sizeof(ii));
		g_assert_cmpuint(ii.flags, ==, irqs[i].flags);
		g_assert_cmpuint(ii.count, ==, irqs[i].count);
	}
	ii = (struct vfio_irq_info){ .argsz = sizeof(ii), .index = 5 };
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_IRQ_INFO, &ii, sizeof(ii), NULL, 0, r), ==,
			EINVAL);
	raw_client_free(c);
	assert_server_serves();
}

static void test_truncated(gconstpointer data)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	RawClient *c = client_ready();
	struct vfu_region_access acc = { .offset = 0, .region = CFG, .count = 4 };
	uint8_t buf[sizeof(acc) + 4] = { 0 };

	/* Payloads shorter than their structure, or than the data they announce. */
	g_assert_cmpint(raw_call(c, VFU_CMD_REGION_READ, &acc, 8, NULL, 0, r), ==, EINVAL);
	g_assert_cmpint(raw_call(c, VFU_CMD_DMA_MAP, &acc, 8, NULL, 0, r), ==, EINVAL);
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_SET_IRQS, &acc, 12, NULL, 0, r), ==, EINVAL);
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_REGION_INFO, &acc, 16, NULL, 0, r), ==, EINVAL);
	memcpy(buf, &acc, sizeof(acc));
	g_assert_cmpint(raw_call(c, VFU_CMD_REGION_WRITE, buf, sizeof(acc) + 2, NULL, 0, r), ==, EINVAL);
	/* ... or longer. */
	g_assert_cmpint(raw_call(c, VFU_CMD_REGION_READ, buf, sizeof(buf), NULL, 0, r), ==, EINVAL);
	/* A message of an unknown type: error reply; a stray reply: ignored. */
	{
		uint16_t id = raw_send(c, VFU_CMD_REGION_READ, 0x3, &acc, sizeof(acc), NULL, 0);

		g_assert_true(raw_wait_reply(c, id, r));
		g_assert_true(r->hdr.flags & VFU_F_ERROR);
		g_assert_cmpuint(r->hdr.error_no, ==, EINVAL);
		raw_send(c, VFU_CMD_DMA_READ, VFU_F_TYPE_REPLY, &acc, sizeof(acc), NULL, 0);
	}
	/* The connection is still in step. */
	g_assert_cmpuint(raw_rd(c, CFG, PCI_VENDOR_ID, 2), ==, 0x8086);
	raw_client_free(c);
	assert_server_serves();
}

static void test_oversized(gconstpointer data)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	struct vfu_header h = { .msg_id = 7, .cmd = VFU_CMD_REGION_WRITE,
				.msg_size = 64u << 20, .flags = VFU_F_TYPE_COMMAND };
	RawClient *c = client_ready();
	char b;

	/* 64 MiB announced: an error reply, then the server hangs up (no resync). */
	raw_send_bytes(c, &h, sizeof(h), NULL, 0);
	g_assert_true(raw_wait_reply(c, 7, r));
	g_assert_true(r->hdr.flags & VFU_F_ERROR);
	g_assert_cmpuint(r->hdr.error_no, ==, E2BIG);
	g_assert_true(fd_readable(c->fd, TIMEOUT_MS));
	g_assert_cmpint(read(c->fd, &b, 1), ==, 0);
	raw_client_free(c);
	assert_server_serves();

	/* msg_size smaller than the header itself. */
	c = client_ready();
	h.msg_size = 8;
	raw_send_bytes(c, &h, sizeof(h), NULL, 0);
	g_assert_true(raw_wait_reply(c, 7, r));
	g_assert_cmpuint(r->hdr.error_no, ==, EINVAL);
	g_assert_true(fd_readable(c->fd, TIMEOUT_MS));
	g_assert_cmpint(read(c->fd, &b, 1), ==, 0);
	raw_client_free(c);

	/* A transfer above max_data_xfer_size in a message that fits. */
	c = client_ready();
	{
		struct vfu_region_access acc = { .offset = 0, .region = BAR0, .count = 2u << 20 };

		g_assert_cmpint(raw_call(c, VFU_CMD_REGION_READ, &acc, sizeof(acc), NULL, 0, r), ==,
				EINVAL);
	}
	raw_client_free(c);
	assert_server_serves();
}

static void test_unknown_command(gconstpointer data)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	RawClient *c = client_ready();
	uint8_t junk[32] = { 0 };

	g_assert_cmpint(raw_call(c, 99, junk, sizeof(junk), NULL, 0, r), ==, ENOSYS);
	g_assert_cmpint(raw_call(c, 0, NULL, 0, NULL, 0, r), ==, ENOSYS);
	g_assert_cmpint(raw_call(c, 0xffff, NULL, 0, NULL, 0, r), ==, ENOSYS);
	g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_GET_REGION_IO_FDS, junk, sizeof(junk), NULL, 0, r),
			==, ENOSYS);
	g_assert_cmpint(raw_call(c, VFU_CMD_REGION_WRITE_MULTI, junk, sizeof(junk), NULL, 0, r), ==,
			ENOSYS);
	g_assert_cmpint(raw_call(c, VFU_CMD_DMA_READ, junk, sizeof(junk), NULL, 0, r), ==, ENOSYS);
	/* NO_REPLY: nothing comes back, the next command's reply is next. */
	raw_send(c, 99, VFU_F_TYPE_COMMAND | VFU_F_NO_REPLY, NULL, 0, NULL, 0);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_DEVICE_ID, 2), ==, 0x2668);
	raw_client_free(c);
	assert_server_serves();
}

static void test_region_bounds(gconstpointer data)
{
	RawClient *c = client_ready();
	uint8_t buf[8];
	uint16_t cmd;

	g_assert_cmpint(raw_region_rw(c, CFG, 4096, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, CFG, 4094, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, CFG, G_MAXUINT64 - 1, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, CFG, 4092, buf, 4, FALSE), ==, 0);
	g_assert_cmpint(raw_region_rw(c, 1, 0, buf, 4, FALSE), ==, EINVAL); /* BAR1: size 0 */
	g_assert_cmpint(raw_region_rw(c, VFIO_PCI_ROM_REGION_INDEX, 0, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, 42, 0, buf, 4, FALSE), ==, EINVAL);
	/* BAR0 with memory decoding off: EIO, as vfio-pci gives. */
	place_bar0(c);
	cmd = raw_rd(c, CFG, PCI_COMMAND, 2);
	raw_wr(c, CFG, PCI_COMMAND, 2, cmd & ~PCI_COMMAND_MEMORY);
	g_assert_cmpint(raw_region_rw(c, BAR0, 0, buf, 2, FALSE), ==, EIO);
	raw_wr(c, CFG, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY);
	g_assert_cmpint(raw_region_rw(c, BAR0, 0x4000, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, BAR0, 0x3ffe, buf, 4, FALSE), ==, EINVAL);
	g_assert_cmpint(raw_region_rw(c, BAR0, 0x3ffc, buf, 4, FALSE), ==, 0);
	g_assert_cmpint(raw_region_rw(c, BAR0, 0, buf, 8, FALSE), ==, 0); /* split in dwords */
	g_assert_cmpuint(buf[0] | buf[1] << 8, ==, 0x4401);                /* GCAP */
	g_assert_cmpuint(buf[3], ==, 1);                                   /* VMAJ */
	raw_client_free(c);
	assert_server_serves();
}

/*
 * BAR decoding as on a bus (and in QEMU's x-vfio-user-server): only a placed
 * BAR with memory decoding on answers; with --no-bar-decode every access
 * answers (a server that does not model decoding).
 */
static void test_bar_decode(gconstpointer data)
{
	RawClient *c = client_ready();
	uint32_t v = 0;

	place_bar0(c);
	g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCAP, &v, 2, FALSE), ==, 0);
	g_assert_cmpuint(v, ==, 0x4401);
	/* Unplaced (address 0), decoding on: no decoder claims it. */
	raw_wr(c, CFG, PCI_BASE_ADDRESS_0, 4, 0);
	g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCAP, &v, 2, FALSE), ==, EIO);
	g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCTL, &v, 4, TRUE), ==, EIO);
	/* Placed above 4 GiB through the upper half only (a 64-bit BAR): answers. */
	raw_wr(c, CFG, PCI_BASE_ADDRESS_1, 4, 0x80);
	g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCAP, &v, 2, FALSE), ==, 0);
	/* Placed, decoding off: refused again. */
	raw_wr(c, CFG, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
	g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCAP, &v, 2, FALSE), ==, EIO);
	/* Config space answers whatever the decoding. */
	g_assert_cmpuint(raw_rd(c, CFG, PCI_VENDOR_ID, 2), ==, 0x8086);
	place_bar0(c);
	raw_client_free(c);
	assert_server_serves();

	/* --no-bar-decode: an unplaced BAR with decoding off still answers. */
	{
		g_autofree char *path = g_build_filename(tmpdir, "nodecode.sock", NULL);
		char *argv[] = { (char *)g_getenv("SOFVFIO_EMU"), "--socket", path,
				 "--no-bar-decode", "--once", NULL };
		g_autofree RawReply *r = g_new(RawReply, 1);
		GPid pid;
		int status;

		g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
					    G_SPAWN_STDOUT_TO_DEV_NULL, die_with_parent, NULL,
					    &pid, NULL));
		g_assert_true(sv_wait_until(file_exists, path, 10 * G_USEC_PER_SEC, path, NULL));
		c = raw_client_connect(path, TIMEOUT_MS);
		g_assert_cmpint(raw_version(c, 0, 2, NULL, r), ==, 0);
		g_assert_cmpuint(raw_rd(c, CFG, PCI_BASE_ADDRESS_0, 4) & PCI_BASE_ADDRESS_MEM_MASK, ==,
				 0);
		g_assert_cmpuint(raw_rd(c, CFG, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY, ==, 0);
		g_assert_cmpint(raw_region_rw(c, BAR0, HDA_GCAP, &v, 2, FALSE), ==, 0);
		g_assert_cmpuint(v, ==, 0x4401);
		raw_client_free(c);
		/* --once: it leaves with its client, cleanly. */
		g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
		g_spawn_close_pid(pid);
		g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

static void test_config(gconstpointer data)
{
	RawClient *c = client_ready();
	unsigned cap, found = 0;

	g_assert_cmpuint(raw_rd(c, CFG, PCI_VENDOR_ID, 4), ==, 0x26688086);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_CLASS_REVISION, 4) >> 8, ==, 0x040300);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_HEADER_TYPE, 1), ==, 0);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_INTERRUPT_PIN, 1), ==, 1);
	g_assert_true(raw_rd(c, CFG, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	/* BAR sizing: all ones reads back the size mask; 64-bit memory BAR. */
	raw_wr(c, CFG, PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_BASE_ADDRESS_0, 4), ==, 0xffffc004);
	raw_wr(c, CFG, PCI_BASE_ADDRESS_0, 4, 0xfebf0000);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_BASE_ADDRESS_0, 4), ==, 0xfebf0004);
	raw_wr(c, CFG, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_BASE_ADDRESS_2, 4), ==, 0);
	/* Read-only ids stay. */
	raw_wr(c, CFG, PCI_VENDOR_ID, 4, 0x12345678);
	g_assert_cmpuint(raw_rd(c, CFG, PCI_VENDOR_ID, 4), ==, 0x26688086);
	/* The capability list: PM, MSI (64-bit, one vector), PCI Express. */
	for (cap = raw_rd(c, CFG, PCI_CAPABILITY_LIST, 1); cap; cap = raw_rd(c, CFG, cap + 1, 1)) {
		unsigned id = raw_rd(c, CFG, cap, 1);

		g_assert_cmpuint(cap, >=, 0x40);
		found |= 1u << id;
		if (id == PCI_CAP_ID_MSI) {
			uint16_t flags = raw_rd(c, CFG, cap + PCI_MSI_FLAGS, 2);

			g_assert_true(flags & PCI_MSI_FLAGS_64BIT);
			g_assert_cmpuint(flags & PCI_MSI_FLAGS_QMASK, ==, 0);
		}
	}
	g_assert_cmpuint(found, ==, 1u << PCI_CAP_ID_PM | 1u << PCI_CAP_ID_MSI |
			 1u << PCI_CAP_ID_EXP);
	/* Unaligned, odd-sized accesses are split like vfio-pci does. */
	{
		uint8_t b[3];

		g_assert_cmpint(raw_region_rw(c, CFG, 1, b, 3, FALSE), ==, 0);
		g_assert_cmpuint(b[0], ==, 0x80);
		g_assert_cmpuint(b[1] | b[2] << 8, ==, 0x2668);
	}
	raw_client_free(c);
	assert_server_serves();
}

static void test_dma_map(gconstpointer data)
{
	uint8_t *mem;
	int fd = shared_mem(0x10000, &mem);
	RawClient *c = client_ready();

	g_assert_cmpint(raw_dma_map(c, 0x100000, 0x10000, 0, fd), ==, 0);
	/* Overlaps, at either end or inside: EEXIST, with or without an fd. */
	g_assert_cmpint(raw_dma_map(c, 0x108000, 0x10000, 0, fd), ==, EEXIST);
	g_assert_cmpint(raw_dma_map(c, 0x0f8000, 0x10000, 0, fd), ==, EEXIST);
	g_assert_cmpint(raw_dma_map(c, 0x104000, 0x1000, 0, -1), ==, EEXIST);
	g_assert_cmpint(raw_dma_map(c, 0x0f0000, 0x30000, 0, -1), ==, EEXIST);
	/* Adjacent is fine; unaligned, empty, wrapping or past the file: EINVAL. */
	g_assert_cmpint(raw_dma_map(c, 0x110000, 0x1000, 0, -1), ==, 0);
	g_assert_cmpint(raw_dma_map(c, 0x200800, 0x1000, 0, fd), ==, EINVAL);
	g_assert_cmpint(raw_dma_map(c, 0x200000, 0, 0, fd), ==, EINVAL);
	g_assert_cmpint(raw_dma_map(c, 0xfffffffffffff000ull, 0x2000, 0, -1), ==, EINVAL);
	g_assert_cmpint(raw_dma_map(c, 0x200000, 0x20000, 0, fd), ==, EINVAL);
	g_assert_cmpint(raw_dma_map(c, 0x200000, 0x1000, 0x10000, fd), ==, EINVAL);
	/* Unmap must match a map exactly. */
	g_assert_cmpint(raw_dma_unmap(c, 0x100000, 0x1000), ==, EINVAL);
	g_assert_cmpint(raw_dma_unmap(c, 0x101000, 0xf000), ==, EINVAL);
	g_assert_cmpint(raw_dma_unmap(c, 0x300000, 0x1000), ==, EINVAL);
	g_assert_cmpint(raw_dma_unmap(c, 0x100000, 0x10000), ==, 0);
	g_assert_cmpint(raw_dma_unmap(c, 0x100000, 0x10000), ==, EINVAL);
	/* The window is free again. */
	g_assert_cmpint(raw_dma_map(c, 0x108000, 0x8000, 0x8000, fd), ==, 0);
	/* Two fds with one map: EINVAL, and the server keeps neither. */
	{
		g_autofree RawReply *r = g_new(RawReply, 1);
		struct vfu_dma_map m = { .argsz = sizeof(m), .flags = VFU_DMA_F_READ,
					 .address = 0x400000, .size = 0x1000 };
		int fds[2] = { fd, fd };

		g_assert_cmpint(raw_call(c, VFU_CMD_DMA_MAP, &m, sizeof(m), fds, 2, r), ==, EINVAL);
		m.flags = 0; /* no permission */
		g_assert_cmpint(raw_call(c, VFU_CMD_DMA_MAP, &m, sizeof(m), NULL, 0, r), ==, EINVAL);
		m.flags = 4;
		g_assert_cmpint(raw_call(c, VFU_CMD_DMA_MAP, &m, sizeof(m), NULL, 0, r), ==, EINVAL);
	}
	raw_client_free(c);
	munmap(mem, 0x10000);
	close(fd);
	assert_server_serves();
}

/* @n_fds pipe write ends go with a message that must not keep them: after the
 * reply, their read ends see EOF once we close our copies. */
static void assert_fds_closed(int (*send)(RawClient *c, const int *fds, unsigned n), unsigned n)
{
	int p[8][2], fds[8];
	RawClient *c = client_ready();
	char b;

	g_assert_cmpuint(n, <=, 8);
	for (unsigned i = 0; i < n; i++) {
		g_assert_cmpint(pipe2(p[i], O_CLOEXEC), ==, 0);
		fds[i] = p[i][1];
	}
	g_assert_cmpint(send(c, fds, n), ==, EINVAL);
	for (unsigned i = 0; i < n; i++) {
		close(p[i][1]);
		g_assert_true(fd_readable(p[i][0], TIMEOUT_MS));
		g_assert_cmpint(read(p[i][0], &b, 1), ==, 0);
		close(p[i][0]);
	}
	raw_client_free(c);
}

static int send_intx_two_fds(RawClient *c, const int *fds, unsigned n)
{
	return raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX,
			VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, fds, n);
}

static int send_get_info_fds(RawClient *c, const int *fds, unsigned n)
{
	g_autofree RawReply *r = g_new(RawReply, 1);
	uint32_t info[4] = { 16 };

	return raw_call(c, VFU_CMD_DEVICE_GET_INFO, info, sizeof(info), fds, n, r);
}

static int send_pipe_as_eventfd(RawClient *c, const int *fds, unsigned n)
{
	return raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX,
			VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, fds, n);
}

static void test_set_irqs(gconstpointer data)
{
	RawClient *c;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	assert_fds_closed(send_intx_two_fds, 2);
	assert_fds_closed(send_get_info_fds, 3);
	assert_fds_closed(send_pipe_as_eventfd, 1); /* not an eventfd: EINVAL like vfio-pci */

	c = client_ready();
	/* Fewer fds than count; ranges past the index; MSI-X has no vectors. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0), ==, EINVAL);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 2, (int[]){ efd, efd }, 2), ==,
			EINVAL);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), ==, EINVAL);
	g_assert_cmpint(raw_set_irqs(c, 7, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0,
				 NULL, 0), ==, EINVAL);
	/* Two data types at once. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0),
			==, EINVAL);
	/* INTx on, then MSI refused while INTx is on (one type at a time). */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, 0);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, EINVAL);
	/* Loopback trigger reaches the eventfd. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0), ==, 0);
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	/* MSI has no masking in vfio-pci: ENOTTY. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_MASK, 0, 1, NULL, 0), ==, ENOTTY);
	/* count 0 disables; disabling what is off is EINVAL (vfio-pci). */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), ==, 0);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), ==, EINVAL);
	/* ERR and REQ take a trigger eventfd and loop it back. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, 0);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0), ==, 0);
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	raw_client_free(c);
	close(efd);
	assert_server_serves();
}

static void test_vanish(gconstpointer data)
{
	struct vfu_header h = { .msg_id = 1, .cmd = VFU_CMD_REGION_WRITE, .msg_size = 16 + 16 + 4,
				.flags = VFU_F_TYPE_COMMAND };
	struct vfu_region_access acc = { .offset = 0x44, .region = CFG, .count = 4 };
	RawClient *c;

	/* Half a header, then gone. */
	c = client_new();
	raw_send_bytes(c, &h, 8, NULL, 0);
	raw_client_free(c);
	assert_server_serves();

	/* A header and part of the payload, with an fd, then gone. */
	c = client_ready();
	{
		int efd = eventfd(0, EFD_CLOEXEC);
		uint8_t buf[16 + 8];

		memcpy(buf, &h, 16);
		memcpy(buf + 16, &acc, 8);
		raw_send_bytes(c, buf, sizeof(buf), &efd, 1);
		close(efd);
	}
	raw_client_free(c);
	assert_server_serves();

	/* Gone while the server waits for its DMA_READ answer (a map without fd). */
	c = client_ready();
	g_assert_cmpint(raw_dma_map(c, 0x10000, 0x1000, 0, -1), ==, 0);
	place_bar0(c);
	raw_wr(c, BAR0, HDA_GCTL, 4, HDA_GCTL_CRST);
	raw_wr(c, BAR0, HDA_CORBLBASE, 4, 0x10000);
	raw_wr(c, BAR0, HDA_CORBUBASE, 4, 0);
	raw_wr(c, BAR0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN);
	{
		struct vfu_region_access w = { .offset = HDA_CORBWP, .region = BAR0, .count = 2 };
		uint8_t buf[sizeof(w) + 2];
		uint16_t wp = 1;

		memcpy(buf, &w, sizeof(w));
		memcpy(buf + sizeof(w), &wp, 2);
		raw_send(c, VFU_CMD_REGION_WRITE, VFU_F_TYPE_COMMAND, buf, sizeof(buf), NULL, 0);
	}
	raw_client_free(c);
	assert_server_serves();
}

/* ---- the controller model ---------------------------------------------------------- */

#define IOVA 0x10000000ull
#define MEM_SIZE 0x10000
/* Layout of the test memory: CORB, RIRB, BDLs, position buffer, buffers. */
#define CORB_OFF 0x0
#define RIRB_OFF 0x800
#define DPL_OFF 0x1000
#define BDL_OUT_OFF 0x1100
#define BDL_IN_OFF 0x1200
#define OUT_BUF_OFF 0x2000
#define IN_BUF_OFF 0x6000
#define PERIOD 0x1000

typedef struct {
	RawClient *c;
	uint8_t *mem;     /* what the device reaches at IOVA */
	int memfd;        /* -1: mapped without fd (DMA by messages) */
	unsigned corb_wp;
} Hda;

static Hda *hda_open(gboolean shared)
{
	Hda *h = g_new0(Hda, 1);

	h->c = client_ready();
	h->memfd = -1;
	if (shared) {
		h->memfd = shared_mem(MEM_SIZE, &h->mem);
	} else {
		h->mem = g_malloc0(MEM_SIZE);
		h->c->mem = h->mem;
		h->c->mem_iova = IOVA;
		h->c->mem_size = MEM_SIZE;
	}
	g_assert_cmpint(raw_dma_map(h->c, IOVA, MEM_SIZE, 0, h->memfd), ==, 0);
	place_bar0(h->c);
	return h;
}

static void hda_close(Hda *h)
{
	raw_client_free(h->c);
	if (h->memfd >= 0) {
		munmap(h->mem, MEM_SIZE);
		close(h->memfd);
	} else {
		g_free(h->mem);
	}
	g_free(h);
}

static uint32_t mem32(Hda *h, unsigned off)
{
	uint32_t v;

	memcpy(&v, h->mem + off, 4);
	return GUINT32_FROM_LE(v);
}

static void put32(Hda *h, unsigned off, uint32_t v)
{
	v = GUINT32_TO_LE(v);
	memcpy(h->mem + off, &v, 4);
}

/* Controller reset as Linux does it, then CORB/RIRB running, as in the spec. */
static void hda_init(Hda *h)
{
	RawClient *c = h->c;

	raw_wr(c, BAR0, HDA_STATESTS, 2, HDA_STATESTS_MASK);
	raw_wr(c, BAR0, HDA_GCTL, 4, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_GCTL, 4) & HDA_GCTL_CRST, ==, 0);
	/* In reset: writes other than GCTL do not take, registers read reset values. */
	raw_wr(c, BAR0, HDA_INTCTL, 4, HDA_INT_GIE);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_INTCTL, 4), ==, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_CORBSIZE, 1), ==, 0x42);
	raw_wr(c, BAR0, HDA_GCTL, 4, HDA_GCTL_CRST);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_GCTL, 4) & HDA_GCTL_CRST, ==, HDA_GCTL_CRST);
	/* hda-duplex answers at address 0. */
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_STATESTS, 2), ==, 0x1);
	raw_wr(c, BAR0, HDA_STATESTS, 2, 0x1);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_STATESTS, 2), ==, 0);

	raw_wr(c, BAR0, HDA_CORBLBASE, 4, IOVA + CORB_OFF);
	raw_wr(c, BAR0, HDA_CORBUBASE, 4, 0);
	raw_wr(c, BAR0, HDA_CORBWP, 2, 0);
	/* CORBRP reset handshake: set bit 15, read 1, clear, read 0. */
	raw_wr(c, BAR0, HDA_CORBRP, 2, HDA_CORBRP_RST);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_CORBRP, 2), ==, HDA_CORBRP_RST);
	raw_wr(c, BAR0, HDA_CORBRP, 2, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_CORBRP, 2), ==, 0);
	raw_wr(c, BAR0, HDA_RIRBLBASE, 4, IOVA + RIRB_OFF);
	raw_wr(c, BAR0, HDA_RIRBUBASE, 4, 0);
	raw_wr(c, BAR0, HDA_RIRBWP, 2, HDA_RIRBWP_RST);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, 0);
	raw_wr(c, BAR0, HDA_RINTCNT, 2, 1);
	raw_wr(c, BAR0, HDA_RIRBCTL, 1, HDA_RIRBCTL_DMAEN | HDA_RIRBCTL_RINTCTL);
	raw_wr(c, BAR0, HDA_CORBCTL, 1, HDA_CORBCTL_RUN);
	raw_wr(c, BAR0, HDA_INTCTL, 4, HDA_INT_GIE | HDA_INT_CIE);
	h->corb_wp = 0;
}

/* One verb through CORB/RIRB; returns the response read from the RIRB. */
static uint32_t corb_verb(Hda *h, uint32_t verb)
{
	unsigned wp = (h->corb_wp + 1) % 256;
	unsigned rirb_wp = raw_rd(h->c, BAR0, HDA_RIRBWP, 2);
	unsigned slot = (rirb_wp + 1) % 256;

	put32(h, CORB_OFF + 4 * wp, verb);
	raw_wr(h->c, BAR0, HDA_CORBWP, 2, wp);
	h->corb_wp = wp;
	g_assert_cmpuint(raw_rd(h->c, BAR0, HDA_CORBRP, 2), ==, wp);
	g_assert_cmpuint(raw_rd(h->c, BAR0, HDA_RIRBWP, 2), ==, slot);
	g_assert_cmpuint(mem32(h, RIRB_OFF + 8 * slot + 4), ==, HDA_VERB_CAD(verb));
	return mem32(h, RIRB_OFF + 8 * slot);
}

static void clear_rirbsts(Hda *h)
{
	raw_wr(h->c, BAR0, HDA_RIRBSTS, 1, HDA_RIRBSTS_RINTFL);
	g_assert_cmpuint(raw_rd(h->c, BAR0, HDA_RIRBSTS, 1), ==, 0);
}

static void model_corb_msi(gboolean shared)
{
	Hda *h = hda_open(shared);
	RawClient *c = h->c;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	uint16_t msi_flags;

	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, 0);
	/* What vfio-pci does to the hardware: MSI now enabled in config space. */
	msi_flags = raw_rd(c, CFG, 0x60 + PCI_MSI_FLAGS, 2);
	g_assert_true(msi_flags & PCI_MSI_FLAGS_ENABLE);
	hda_init(h);

	g_assert_cmpuint(corb_verb(h, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID)), ==,
			 0x1af40022);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBSTS, 1), ==, HDA_RIRBSTS_RINTFL);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_INTSTS, 4), ==, HDA_INT_GIS | HDA_INT_CIS);
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	/* One message per rising edge: nothing more while the condition holds. */
	g_assert_cmpuint(eventfd_count(efd, 50), ==, 0);
	clear_rirbsts(h);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_INTSTS, 4), ==, 0);
	/* Next response, next message. */
	g_assert_cmpuint(corb_verb(h, HDA_VERB(0, 1, AC_VERB_PARAMETERS, AC_PAR_FUNCTION_TYPE)) &
			 0xff, ==, AC_GRP_AUDIO_FUNCTION);
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	clear_rirbsts(h);
	/* Two verbs in one go with RINTCNT 1: both answered in order. */
	{
		unsigned wp = h->corb_wp, rp = raw_rd(c, BAR0, HDA_RIRBWP, 2);

		put32(h, CORB_OFF + 4 * ((wp + 1) % 256), HDA_VERB(0, 0, AC_VERB_PARAMETERS,
								   AC_PAR_VENDOR_ID));
		put32(h, CORB_OFF + 4 * ((wp + 2) % 256), HDA_VERB(0, 0, AC_VERB_PARAMETERS,
								   AC_PAR_NODE_COUNT));
		raw_wr(c, BAR0, HDA_CORBWP, 2, (wp + 2) % 256);
		h->corb_wp = (wp + 2) % 256;
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, (rp + 2) % 256);
		g_assert_cmpuint(mem32(h, RIRB_OFF + 8 * ((rp + 1) % 256)), ==, 0x1af40022);
		g_assert_cmpuint(AC_NODE_START(mem32(h, RIRB_OFF + 8 * ((rp + 2) % 256))), ==, 1);
	}
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	clear_rirbsts(h);
	/* A verb to an address without codec gets no response. */
	{
		unsigned rp = raw_rd(c, BAR0, HDA_RIRBWP, 2);

		put32(h, CORB_OFF + 4 * ((h->corb_wp + 1) % 256), HDA_VERB(3, 0, AC_VERB_PARAMETERS,
									   AC_PAR_VENDOR_ID));
		h->corb_wp = (h->corb_wp + 1) % 256;
		raw_wr(c, BAR0, HDA_CORBWP, 2, h->corb_wp);
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_CORBRP, 2), ==, h->corb_wp);
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, rp);
	}

	/* The immediate command interface. */
	raw_wr(c, BAR0, HDA_ICOI, 4, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	raw_wr(c, BAR0, HDA_ICIS, 2, HDA_ICIS_ICB);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICIS, 2) & (HDA_ICIS_ICB | HDA_ICIS_IRV), ==,
			 HDA_ICIS_IRV);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICII, 4), ==, 0x1af40022);
	raw_wr(c, BAR0, HDA_ICIS, 2, HDA_ICIS_IRV);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICIS, 2) & HDA_ICIS_IRV, ==, 0);
	/* No codec at address 2: stays busy (software times out), ICB 0 abandons. */
	raw_wr(c, BAR0, HDA_ICOI, 4, HDA_VERB(2, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	raw_wr(c, BAR0, HDA_ICIS, 2, HDA_ICIS_ICB);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICIS, 2) & (HDA_ICIS_ICB | HDA_ICIS_IRV), ==,
			 HDA_ICIS_ICB);
	raw_wr(c, BAR0, HDA_ICIS, 2, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICIS, 2) & HDA_ICIS_ICB, ==, 0);

	if (!shared)
		g_assert_cmpuint(c->dma_requests, >, 0);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), ==, 0);
	g_assert_false(raw_rd(c, CFG, 0x60 + PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_ENABLE);
	close(efd);
	hda_close(h);
	assert_server_serves();
}

static void test_model_corb(gconstpointer data)
{
	model_corb_msi(TRUE);
}

static void test_model_corb_by_message(gconstpointer data)
{
	model_corb_msi(FALSE);
}

static void test_model_intx(gconstpointer data)
{
	Hda *h = hda_open(TRUE);
	RawClient *c = h->c;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	hda_init(h);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, 0);
	corb_verb(h, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	g_assert_true(raw_rd(c, CFG, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	/* Automasked: a new interrupt condition does not fire until UNMASK. */
	clear_rirbsts(h);
	g_assert_false(raw_rd(c, CFG, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	corb_verb(h, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	g_assert_cmpuint(eventfd_count(efd, 50), ==, 0);
	/* Level: still asserted at UNMASK, so it fires again at once. */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, NULL, 0), ==, 0);
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
	/* Cleared, then unmasked: quiet. */
	clear_rirbsts(h);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, NULL, 0), ==, 0);
	g_assert_cmpuint(eventfd_count(efd, 50), ==, 0);
	/* Masked by the client: nothing; unmask through an eventfd (virqfd). */
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_MASK, 0, 1, NULL, 0), ==, 0);
	corb_verb(h, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	g_assert_cmpuint(eventfd_count(efd, 50), ==, 0);
	{
		int ufd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

		g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
					 VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, &ufd, 1), ==, 0);
		g_assert_cmpint(eventfd_write(ufd, 1), ==, 0);
		g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), ==, 1);
		close(ufd);
	}
	clear_rirbsts(h);
	/* GIE off: no interrupt at all. */
	raw_wr(c, BAR0, HDA_INTCTL, 4, HDA_INT_CIE);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_INTX_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, NULL, 0), ==, 0);
	corb_verb(h, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_INTSTS, 4), ==, HDA_INT_GIS | HDA_INT_CIS);
	g_assert_cmpuint(eventfd_count(efd, 50), ==, 0);
	clear_rirbsts(h);
	close(efd);
	hda_close(h);
	assert_server_serves();
}

/* A register wait, bounded by TIMEOUT_MS: (@reg & @mask) != @unlike, or == when @equal. */
typedef struct {
	Hda *h;
	unsigned reg, width;
	uint32_t mask, value;
	gboolean equal;
} RegWait;

static gboolean reg_cond(void *data, GError **error)
{
	RegWait *w = data;
	gboolean eq = (raw_rd(w->h->c, BAR0, w->reg, w->width) & w->mask) == w->value;

	return w->equal ? eq : !eq;
}

static gboolean wait_reg(Hda *h, unsigned reg, unsigned width, uint32_t mask, uint32_t value,
			 gboolean equal)
{
	RegWait w = { h, reg, width, mask, value, equal };

	return sv_wait_until(reg_cond, &w, (int64_t)TIMEOUT_MS * 1000, "a register", NULL);
}

/* Wait until the device's own wall clock (WALCLK, 24 MHz) has moved @us. */
typedef struct {
	Hda *h;
	uint32_t from, ticks;
} ClockWait;

static gboolean clock_moved(void *data, GError **error)
{
	ClockWait *w = data;

	return raw_rd(w->h->c, BAR0, HDA_WALCLK, 4) - w->from >= w->ticks;
}

static void wait_device_time(Hda *h, unsigned us)
{
	ClockWait w = { h, raw_rd(h->c, BAR0, HDA_WALCLK, 4), us * 24 };
	g_autoptr(GError) err = NULL;

	g_assert_true(sv_wait_until(clock_moved, &w, (int64_t)TIMEOUT_MS * 1000, "WALCLK", &err));
}

static void test_model_regs(gconstpointer data)
{
	Hda *h = hda_open(TRUE);
	RawClient *c = h->c;
	unsigned sd4 = HDA_SD_OFF(4);
	uint32_t w1, w2;
	int64_t t0a, t0b, t1a, t1b;

	hda_init(h);
	/* Version, payloads, sizes. */
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_VMAJ, 1), ==, 1);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_VMIN, 1), ==, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBSIZE, 1), ==, 0x42);
	/* The wall clock runs at 24 MHz: two reads 20 ms of device time apart,
	 * each bracketed by the host's clock, so that a slow scheduler widens
	 * the bounds instead of failing a clock that is right. */
	t0a = sv_now_us();
	w1 = raw_rd(c, BAR0, HDA_WALCLK, 4);
	t0b = sv_now_us();
	wait_device_time(h, 20000);
	t1a = sv_now_us();
	w2 = raw_rd(c, BAR0, HDA_WALCLK, 4);
	t1b = sv_now_us();
	g_assert_cmpuint(w2 - w1, >=, 24 * 3 * (t1a - t0b) / 4);
	g_assert_cmpuint(w2 - w1, <=, 24 * 100 * (t1b - t0a));
	/* Stream reset handshake; the tag byte and the status byte by byte access. */
	raw_wr(c, BAR0, sd4 + HDA_SD_CTL, 1, HDA_SD_CTL_SRST);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CTL, 1) & HDA_SD_CTL_SRST, ==, HDA_SD_CTL_SRST);
	raw_wr(c, BAR0, sd4 + HDA_SD_CTL, 1, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CTL, 1), ==, 0);
	raw_wr(c, BAR0, sd4 + HDA_SD_CTL + 2, 1, 0x50);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CTL, 4), ==, 0x500000);
	g_assert_cmpuint(HDA_SD_CTL_STRM_GET(raw_rd(c, BAR0, sd4 + HDA_SD_CTL, 4)), ==, 5);
	/* Writable masks: FMT 0x7f7f, LVI 8 bits, BDPL 128-byte aligned. */
	raw_wr(c, BAR0, sd4 + HDA_SD_FMT, 2, 0xffff);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_FMT, 2), ==, 0x7f7f);
	raw_wr(c, BAR0, sd4 + HDA_SD_LVI, 2, 0xffff);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_LVI, 2), ==, 0xff);
	raw_wr(c, BAR0, sd4 + HDA_SD_BDPL, 4, 0xffffffff);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_BDPL, 4), ==, 0xffffff80);
	/* A byte inside a register: the high byte of CBL. */
	raw_wr(c, BAR0, sd4 + HDA_SD_CBL + 3, 1, 0x12);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CBL, 4), ==, 0x12000000);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CBL + 2, 2), ==, 0x1200);
	/* SRST brings the stream registers back. */
	raw_wr(c, BAR0, sd4 + HDA_SD_CTL, 1, HDA_SD_CTL_SRST);
	raw_wr(c, BAR0, sd4 + HDA_SD_CTL, 1, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CBL, 4), ==, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_FMT, 2), ==, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, sd4 + HDA_SD_CTL, 4), ==, 0);
	/* Unknown offsets read 0 and ignore writes. */
	raw_wr(c, BAR0, 0x190, 4, 0xffffffff);
	g_assert_cmpuint(raw_rd(c, BAR0, 0x190, 4), ==, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, 0x3000, 4), ==, 0);
	/* A dword at 0x0c: WAKEEN and STATESTS together. */
	raw_wr(c, BAR0, HDA_WAKEEN, 2, 0x3);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_WAKEEN, 4), ==, 0x3);
	raw_wr(c, BAR0, HDA_WAKEEN, 2, 0);
	/* PM reset: D3hot then D0 (No_Soft_Reset clear) resets the function. */
	raw_wr(c, BAR0, HDA_GCTL, 4, HDA_GCTL_CRST);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_GCTL, 4), ==, HDA_GCTL_CRST);
	g_assert_false(raw_rd(c, CFG, 0x50 + PCI_PM_CTRL, 2) & PCI_PM_CTRL_NO_SOFT_RESET);
	raw_wr(c, CFG, 0x50 + PCI_PM_CTRL, 2, 3);
	g_assert_cmpuint(raw_rd(c, CFG, 0x50 + PCI_PM_CTRL, 2) & PCI_PM_CTRL_STATE_MASK, ==, 3);
	raw_wr(c, CFG, 0x50 + PCI_PM_CTRL, 2, 0);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_GCTL, 4), ==, 0);
	raw_wr(c, BAR0, HDA_GCTL, 4, HDA_GCTL_CRST);
	/* Function reset: back in reset, config space kept. */
	{
		g_autofree RawReply *r = g_new(RawReply, 1);

		g_assert_cmpint(raw_call(c, VFU_CMD_DEVICE_RESET, NULL, 0, NULL, 0, r), ==, 0);
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_GCTL, 4), ==, 0);
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_STATESTS, 2), ==, 0);
		g_assert_cmpuint(raw_rd(c, CFG, PCI_COMMAND, 2) & PCI_COMMAND_MASTER, ==,
				 PCI_COMMAND_MASTER);
	}
	hda_close(h);
	assert_server_serves();
}

/* Bind converter @nid to @tag in format @fmt (immediate commands). */
static void bind_converter(Hda *h, unsigned nid, unsigned tag, uint16_t fmt)
{
	RawClient *c = h->c;
	const uint32_t verbs[] = {
		HDA_VERB(0, nid, AC_VERB_SET_CHANNEL_STREAMID, tag << 4),
		HDA_VERB4(0, nid, AC_VERB4_SET_STREAM_FORMAT, fmt),
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(verbs); i++) {
		raw_wr(c, BAR0, HDA_ICOI, 4, verbs[i]);
		raw_wr(c, BAR0, HDA_ICIS, 2, HDA_ICIS_ICB);
		g_assert_cmpuint(raw_rd(c, BAR0, HDA_ICIS, 2) & HDA_ICIS_IRV, ==, HDA_ICIS_IRV);
		raw_wr(c, BAR0, HDA_ICIS, 2, HDA_ICIS_IRV);
	}
}

static void setup_stream(Hda *h, unsigned n, unsigned tag, unsigned bdl_off, unsigned buf_off)
{
	RawClient *c = h->c;
	unsigned sd = HDA_SD_OFF(n);

	for (unsigned i = 0; i < 2; i++) {
		uint8_t *e = h->mem + bdl_off + 16 * i;
		uint64_t a = GUINT64_TO_LE(IOVA + buf_off + i * PERIOD);

		memcpy(e, &a, 8);
		put32(h, bdl_off + 16 * i + 8, PERIOD);
		put32(h, bdl_off + 16 * i + 12, HDA_BDLE_IOC);
	}
	raw_wr(c, BAR0, sd + HDA_SD_CTL, 1, HDA_SD_CTL_SRST);
	g_assert_cmpuint(raw_rd(c, BAR0, sd + HDA_SD_CTL, 1) & HDA_SD_CTL_SRST, ==, HDA_SD_CTL_SRST);
	raw_wr(c, BAR0, sd + HDA_SD_CTL, 1, 0);
	raw_wr(c, BAR0, sd + HDA_SD_CBL, 4, 2 * PERIOD);
	raw_wr(c, BAR0, sd + HDA_SD_LVI, 2, 1);
	raw_wr(c, BAR0, sd + HDA_SD_FMT, 2, 0x0011); /* 48 kHz, 16 bit, stereo */
	raw_wr(c, BAR0, sd + HDA_SD_BDPL, 4, IOVA + bdl_off);
	raw_wr(c, BAR0, sd + HDA_SD_BDPU, 4, 0);
	raw_wr(c, BAR0, sd + HDA_SD_CTL + 2, 1, tag << 4);
}

static gboolean wait_bcis(Hda *h, unsigned n)
{
	return wait_reg(h, HDA_SD_OFF(n) + HDA_SD_STS, 1, HDA_SD_STS_BCIS, HDA_SD_STS_BCIS, TRUE);
}


static void test_model_streams(gconstpointer data)
{
	Hda *h = hda_open(TRUE);
	RawClient *c = h->c;
	const unsigned out = 4, in = 0, sdo = HDA_SD_OFF(out), sdi = HDA_SD_OFF(in);
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	g_autofree uint8_t *wav = NULL;
	int16_t peak = 0;
	size_t wav_len;
	uint32_t lpib;

	hda_init(h);
	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_EVENTFD |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, &efd, 1), ==, 0);
	bind_converter(h, 2, 1, 0x0011); /* hda-duplex DAC */
	bind_converter(h, 4, 2, 0x0011); /* hda-duplex ADC */
	for (unsigned i = 0; i < 2 * PERIOD / 2; i++) {
		int16_t s = GINT16_TO_LE((int16_t)(i * 7 - 5000));

		memcpy(h->mem + OUT_BUF_OFF + 2 * i, &s, 2);
	}
	setup_stream(h, out, 1, BDL_OUT_OFF, OUT_BUF_OFF);
	setup_stream(h, in, 2, BDL_IN_OFF, IN_BUF_OFF);
	raw_wr(c, BAR0, HDA_DPLBASE, 4, (IOVA + DPL_OFF) | HDA_DPLBASE_ENABLE);
	raw_wr(c, BAR0, HDA_DPUBASE, 4, 0);
	raw_wr(c, BAR0, HDA_INTCTL, 4, HDA_INT_GIE | HDA_INT_CIE | (1u << out) | (1u << in));
	raw_wr(c, BAR0, sdo + HDA_SD_CTL, 1, HDA_SD_CTL_RUN | HDA_SD_CTL_IOCE);
	raw_wr(c, BAR0, sdi + HDA_SD_CTL, 1, HDA_SD_CTL_RUN | HDA_SD_CTL_IOCE);
	g_assert_true(raw_rd(c, BAR0, sdo + HDA_SD_STS, 1) & HDA_SD_STS_FIFORDY);

	/* One period is 4 KiB = 21 ms at 192 kB/s: BCIS and an MSI come soon. */
	g_assert_true(wait_bcis(h, out));
	g_assert_true(wait_bcis(h, in));
	g_assert_true(raw_rd(c, BAR0, HDA_INTSTS, 4) & HDA_INT_GIS);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_INTSTS, 4) & ((1u << out) | (1u << in)), ==,
			 (1u << out) | (1u << in));
	g_assert_cmpuint(eventfd_count(efd, TIMEOUT_MS), >=, 1);
	raw_wr(c, BAR0, sdo + HDA_SD_STS, 1, HDA_SD_STS_BCIS);
	raw_wr(c, BAR0, sdi + HDA_SD_STS, 1, HDA_SD_STS_BCIS);
	wait_device_time(h, 30000);
	g_assert_cmpuint(raw_rd(c, BAR0, sdo + HDA_SD_LPIB, 4), <, 2 * PERIOD);
	/* Stop (RUN 0 pauses), then read what arrived. */
	raw_wr(c, BAR0, sdo + HDA_SD_CTL, 1, HDA_SD_CTL_IOCE);
	raw_wr(c, BAR0, sdi + HDA_SD_CTL, 1, HDA_SD_CTL_IOCE);
	lpib = raw_rd(c, BAR0, sdo + HDA_SD_LPIB, 4);
	wait_device_time(h, 20000);
	g_assert_cmpuint(raw_rd(c, BAR0, sdo + HDA_SD_LPIB, 4), ==, lpib);
	g_assert_cmpuint(raw_rd(c, BAR0, sdo + HDA_SD_LPIB + 0x2000, 4), ==, lpib); /* alias */
	g_assert_cmpuint(mem32(h, DPL_OFF + 8 * out), ==, lpib); /* position buffer */

	/* The tone came in: a 1 kHz sine at -6 dBFS. */
	for (unsigned i = 0; i < 2 * PERIOD / 2; i++) {
		int16_t s;

		memcpy(&s, h->mem + IN_BUF_OFF + 2 * i, 2);
		s = GINT16_FROM_LE(s);
		peak = MAX(peak, ABS(s));
	}
	g_assert_cmpint(peak, >, 16000);
	g_assert_cmpint(peak, <, 16500);

	/* The played data went to the WAV sink unchanged, header up to date. */
	g_assert_true(g_file_get_contents(sink_path, (char **)&wav, &wav_len, NULL));
	g_assert_cmpuint(wav_len, >, 44 + PERIOD);
	g_assert_cmpmem(wav, 4, "RIFF", 4);
	g_assert_cmpuint(wav[22], ==, 2);                                   /* channels */
	g_assert_cmpuint(wav[24] | wav[25] << 8 | wav[26] << 16, ==, 48000); /* rate */
	g_assert_cmpuint(wav[34], ==, 16);                                  /* bits */
	g_assert_cmpuint(wav[40] | wav[41] << 8 | wav[42] << 16 | (uint32_t)wav[43] << 24, ==,
			 wav_len - 44);
	g_assert_cmpmem(wav + 44, PERIOD, h->mem + OUT_BUF_OFF, PERIOD);

	g_assert_cmpint(raw_set_irqs(c, VFIO_PCI_MSI_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				 VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), ==, 0);
	raw_wr(c, BAR0, sdo + HDA_SD_CTL, 1, HDA_SD_CTL_SRST);
	raw_wr(c, BAR0, sdi + HDA_SD_CTL, 1, HDA_SD_CTL_SRST);
	close(efd);
	hda_close(h);
	assert_server_serves();
}

static gboolean wait_rirbwp(Hda *h, unsigned from)
{
	return wait_reg(h, HDA_RIRBWP, 2, 0xffff, from, FALSE);
}

/*
 * Send the server SIGUSR1 (an external event for the device) and make sure
 * it was handled: the signal is queued on the server's signalfd before
 * kill() returns, and each turn of the server's loop handles the signalfd
 * before the client socket (emu/server/server.c), so the reply to the
 * read that follows comes after the event.
 */
static void device_event(Hda *h)
{
	g_assert_cmpint(kill(server_pid, SIGUSR1), ==, 0);
	(void)raw_rd(h->c, BAR0, HDA_GCTL, 4);
}

static void test_model_unsol(gconstpointer data)
{
	Hda *h = hda_open(TRUE);
	RawClient *c = h->c;
	const unsigned pin = 3; /* hda-duplex line-out pin */
	unsigned wp;

	hda_init(h);
	/* Enabled with tag 5, but GCTL.UNSOL 0: the response is discarded. */
	corb_verb(h, HDA_VERB(0, pin, AC_VERB_SET_UNSOLICITED_ENABLE, 0x80 | 5));
	clear_rirbsts(h);
	wp = raw_rd(c, BAR0, HDA_RIRBWP, 2);
	device_event(h);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, wp);
	/* Accepted: one RIRB entry, tag in 31:26, extended word has UNSOL and the codec. */
	raw_wr(c, BAR0, HDA_GCTL, 4, HDA_GCTL_CRST | HDA_GCTL_UNSOL);
	g_assert_cmpint(kill(server_pid, SIGUSR1), ==, 0);
	g_assert_true(wait_rirbwp(h, wp));
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, (wp + 1) % 256);
	g_assert_cmpuint(mem32(h, RIRB_OFF + 8 * ((wp + 1) % 256)) >> 26, ==, 5);
	g_assert_cmpuint(mem32(h, RIRB_OFF + 8 * ((wp + 1) % 256) + 4), ==, HDA_RIRB_EX_UNSOL | 0);
	g_assert_true(raw_rd(c, BAR0, HDA_RIRBSTS, 1) & HDA_RIRBSTS_RINTFL);
	clear_rirbsts(h);
	/* Each event is one response (the presence bit the pin reports flips with
	 * it where the codec model keeps pin sense; QEMU's codecs answer 0). */
	wp = raw_rd(c, BAR0, HDA_RIRBWP, 2);
	g_assert_cmpint(kill(server_pid, SIGUSR1), ==, 0);
	g_assert_true(wait_rirbwp(h, wp));
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, (wp + 1) % 256);
	clear_rirbsts(h);
	/* Disabled again: nothing. */
	corb_verb(h, HDA_VERB(0, pin, AC_VERB_SET_UNSOLICITED_ENABLE, 0));
	clear_rirbsts(h);
	wp = raw_rd(c, BAR0, HDA_RIRBWP, 2);
	device_event(h);
	g_assert_cmpuint(raw_rd(c, BAR0, HDA_RIRBWP, 2), ==, wp);
	hda_close(h);
	assert_server_serves();
}

/* Run the emulator on @path; return its exit status, or -1 when it listened
 * (only looked for when @may_listen: @path may already be someone's socket). */
typedef struct {
	const char *path;
	gboolean may_listen;
	GPid pid;
	int status;
	gboolean exited;
} EmuRun;

/* The emulator exited, or (when it may) listens on its path. */
static gboolean exited_or_listening(void *data, GError **error)
{
	EmuRun *r = data;
	struct stat st;

	if (waitpid(r->pid, &r->status, WNOHANG) == r->pid) {
		r->exited = TRUE;
		return TRUE;
	}
	if (r->may_listen && stat(r->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		gboolean live;

		g_strlcpy(sa.sun_path, r->path, sizeof(sa.sun_path));
		live = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(fd);
		return live;
	}
	return FALSE;
}

static int run_emu_on(const char *path, gboolean may_listen)
{
	char *argv[] = { (char *)g_getenv("SOFVFIO_EMU"), "--socket", (char *)path, NULL };
	EmuRun r = { path, may_listen };
	GPid pid;
	int status;

	g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
				    G_SPAWN_STDOUT_TO_DEV_NULL, die_with_parent,
				    NULL, &r.pid, NULL));
	sv_wait_until(exited_or_listening, &r, 10 * G_USEC_PER_SEC, "the emulator", NULL);
	if (r.exited) {
		g_spawn_close_pid(r.pid);
		return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 128;
	}
	pid = r.pid;
	kill(pid, SIGTERM);
	g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
	g_spawn_close_pid(pid);
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return -1;
}

static void test_socket_path(gconstpointer data)
{
	g_autofree char *file = g_build_filename(tmpdir, "plain-file", NULL);
	g_autofree char *stale = g_build_filename(tmpdir, "stale.sock", NULL);
	g_autofree char *content = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	/* Not a socket: refused, left alone. */
	g_assert_true(g_file_set_contents(file, "keep me", -1, NULL));
	g_assert_cmpint(run_emu_on(file, FALSE), >, 0);
	g_assert_true(g_file_get_contents(file, &content, NULL, NULL));
	g_assert_cmpstr(content, ==, "keep me");
	unlink(file);
	/* A live socket (our server's): refused, and that server goes on serving. */
	g_assert_cmpint(run_emu_on(sock_path, FALSE), >, 0);
	assert_server_serves();
	/* A stale socket (nobody listens): replaced. */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_strlcpy(sa.sun_path, stale, sizeof(sa.sun_path));
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
	close(fd);
	g_assert_cmpint(run_emu_on(stale, TRUE), ==, -1);
	g_assert_false(g_file_test(stale, G_FILE_TEST_EXISTS)); /* removed at exit */
}

static gboolean fds_at_baseline(void *data, GError **error)
{
	return server_fds() == baseline_fds;
}

static gboolean server_reaped(void *data, GError **error)
{
	return waitpid(server_pid, data, WNOHANG) == server_pid;
}

static void test_shutdown(gconstpointer data)
{
	int status = 0;

	assert_server_alive();
	/* Every fd a client handed over was closed with it (the last client may
	 * still be on its way out: wait, bounded). */
	sv_wait_until(fds_at_baseline, NULL, 10 * G_USEC_PER_SEC, "the server's fds", NULL);
	g_assert_cmpuint(server_fds(), ==, baseline_fds);
	g_assert_cmpint(kill(server_pid, SIGTERM), ==, 0);
	g_assert_true(sv_wait_until(server_reaped, &status, 10 * G_USEC_PER_SEC, "the server to exit",
				    NULL));
	server_gone = TRUE;
	/* A clean exit (under ASan: no leak report either), the socket removed. */
	g_assert_true(WIFEXITED(status));
	g_assert_cmpint(WEXITSTATUS(status), ==, 0);
	g_assert_false(g_file_test(sock_path, G_FILE_TEST_EXISTS));
	/* The trace saw it all, one line each, in the stable format. */
	{
		g_autofree char *trace = NULL;

		g_assert_true(g_file_get_contents(trace_path, &trace, NULL, NULL));
		g_assert_nonnull(strstr(trace, "\nmmio w4 0x0008 0x00000001\n"));
		g_assert_true(strstr(trace, "\nmmio r2 0x0000 0x00004401\n") ||
			      strstr(trace, "\nmmio r4 0x0000 0x01004401\n"));
		g_assert_nonnull(strstr(trace, "\nverb 0x000f0000 -> 0x1af40022\n"));
		g_assert_nonnull(strstr(trace, "\nverb 0x300f0000 -> none\n"));
		g_assert_nonnull(strstr(trace, "\ncfg w2 0x0004 0x00000006\n"));
		g_assert_nonnull(strstr(trace, "\nstream 4 run tag 1 fmt 0x0011"));
		g_assert_nonnull(strstr(trace, "\nunsol 0x14000000 0x00000010\n"));
		g_assert_nonnull(strstr(trace, " (unknown)\n"));
	}
}

int main(int argc, char **argv)
{
	const char *emu = g_getenv("SOFVFIO_EMU");
	int ret;

	sv_test_init(&argc, &argv);
	if (!emu || !g_file_test(emu, G_FILE_TEST_IS_EXECUTABLE)) {
		printf("1..0 # SKIP SOFVFIO_EMU does not name the sofvfio-emu executable\n");
		return 0;
	}
	tmpdir = g_dir_make_tmp("emu-proto-XXXXXX", NULL);
	g_assert_nonnull(tmpdir);
	sock_path = g_build_filename(tmpdir, "emu.sock", NULL);
	sink_path = g_build_filename(tmpdir, "sink.wav", NULL);
	trace_path = g_build_filename(tmpdir, "trace.txt", NULL);
	if (!server_start(emu)) {
		printf("Bail out! sofvfio-emu did not start\n");
		return 1;
	}

	sv_test_add_nodev("/emu-protocol/version", 0, test_version, NULL);
	sv_test_add_nodev("/emu-protocol/device-info", 0, test_device_info, NULL);
	sv_test_add_nodev("/emu-protocol/truncated", 0, test_truncated, NULL);
	sv_test_add_nodev("/emu-protocol/oversized", 0, test_oversized, NULL);
	sv_test_add_nodev("/emu-protocol/unknown-command", 0, test_unknown_command, NULL);
	sv_test_add_nodev("/emu-protocol/region-bounds", 0, test_region_bounds, NULL);
	sv_test_add_nodev("/emu-protocol/bar-decode", 0, test_bar_decode, NULL);
	sv_test_add_nodev("/emu-protocol/config", 0, test_config, NULL);
	sv_test_add_nodev("/emu-protocol/dma-map", 0, test_dma_map, NULL);
	sv_test_add_nodev("/emu-protocol/set-irqs", 0, test_set_irqs, NULL);
	sv_test_add_nodev("/emu-protocol/vanish", 0, test_vanish, NULL);
	sv_test_add_nodev("/emu-protocol/socket-path", 0, test_socket_path, NULL);
	sv_test_add_nodev("/emu-model/corb-rirb-msi", 0, test_model_corb, NULL);
	sv_test_add_nodev("/emu-model/corb-rirb-msi-by-message", 0, test_model_corb_by_message,
			  NULL);
	sv_test_add_nodev("/emu-model/intx", 0, test_model_intx, NULL);
	sv_test_add_nodev("/emu-model/registers", 0, test_model_regs, NULL);
	sv_test_add_nodev("/emu-model/streams", 0, test_model_streams, NULL);
	sv_test_add_nodev("/emu-model/unsolicited", 0, test_model_unsol, NULL);
	sv_test_add_nodev("/emu-shutdown/sigterm", 0, test_shutdown, NULL);
	ret = sv_test_run();

	if (!server_gone) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	g_spawn_close_pid(server_pid);
	unlink(sink_path);
	unlink(trace_path);
	unlink(sock_path);
	rmdir(tmpdir);
	g_free(sink_path);
	g_free(trace_path);
	g_free(sock_path);
	g_free(tmpdir);
	return ret;
}
