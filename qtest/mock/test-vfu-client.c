// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-vfu-client.c - the vfio-user client backend against a tiny peer
 * (qtest/lib/vfu-peer.h: a server in a thread of this process that models
 * no HDA controller), so that the client meets every path: a good
 * negotiation and bad ones, error replies, a server that hangs up, replies
 * that break the protocol, DMA requests while the driver is idle, the DMA
 * fallback to messages, region capabilities, interrupts.
 *
 * Runs without any device (suite `mock`); ordinary device tests run against
 * sofvfio-emu through qtest/lib/with-emu.
 */
#include "harness.h"
#include "vfu-peer.h"
#include "sofvfio/vfio-user-proto.h"
#include "sofvfio/wait.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static SvDevice *open_peer(Peer *p)
{
	g_autofree char *name = peer_device(p);
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	sv_assert_no_error(err);
	return dev;
}

static char *describe(SvDevice *dev)
{
	GString *s = g_string_new(NULL);

	sv_device_describe(dev, s);
	return g_string_free(s, FALSE);
}

/* ---- negotiation ----------------------------------------------------------- */

static void test_negotiate(gconstpointer data)
{
	Peer *p = peer_new();
	g_autofree char *desc = NULL;
	const SvDeviceInfo *info;
	uint8_t buf[256], wr[200];
	unsigned reads, writes;
	SvDevice *dev;
	g_autoptr(GError) err = NULL;

	/* Whitespace, unknown keys, nested objects and arrays: all fine. */
	p->minor = 1;
	p->json = " {\n \"capabilities\" : { \"max_msg_fds\" : 4 , \"max_data_xfer_size\":64,"
		  "\"pgsizes\": 4096, \"twin_socket\": {\"supported\": false, \"x\": [1, {}]},"
		  " \"migration\": {\"pgsize\": 4096, \"max_bitmap_size\": 1e9},"
		  " \"write_multiple\": true, \"future\": [null, \"s\\\"q\"] }, \"other\": 1 } ";
	peer_start(p);
	dev = open_peer(p);

	/* We propose 0.2 and only what we implement. */
	g_assert_cmpuint(p->client_major, ==, 0);
	g_assert_cmpuint(p->client_minor, ==, 2);
	g_assert_cmpstr(p->client_json, ==,
			"{\"capabilities\":{\"max_msg_fds\":8,\"max_data_xfer_size\":1048576}}");

	info = sv_device_get_info(dev);
	g_assert_cmpuint(info->num_regions, ==, 9);
	g_assert_cmpuint(info->num_irqs, ==, 5);
	g_assert_true(info->flags & VFIO_DEVICE_FLAGS_RESET);
	g_assert_cmpstr(sv_device_backend(dev), ==, "vfio-user");
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "vfio-user protocol: 0.1"));
	g_assert_nonnull(strstr(desc, "max_data_xfer_size: 64\n"));
	g_assert_nonnull(strstr(desc, "max_msg_fds: 4\n"));
	g_assert_nonnull(strstr(desc, p->path));

	/* 256 bytes with a 64-byte transfer limit: split, data intact. */
	reads = p->n_region_reads;
	writes = p->n_region_writes;
	p->max_rw_count = 0;
	g_assert_true(sv_config_read(dev, 0, buf, sizeof(buf), &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(buf, sizeof(buf), p->config, sizeof(p->config));
	g_assert_cmpuint(p->n_region_reads - reads, ==, 4);
	g_assert_cmpuint(p->max_rw_count, ==, 64);
	for (unsigned i = 0; i < sizeof(wr); i++)
		wr[i] = (uint8_t)(0xa5 ^ i);
	g_assert_true(sv_config_write(dev, 8, wr, sizeof(wr), &err));
	g_assert_cmpuint(p->n_region_writes - writes, ==, 4);
	g_assert_cmpmem(p->config + 8, sizeof(wr), wr, sizeof(wr));
	g_assert_cmpuint(p->max_rw_count, ==, 64);

	sv_device_close(dev);
	peer_free(p);
}

static uint64_t bar0_addr(const Peer *p)
{
	uint64_t lo = p->config[0x10] | p->config[0x11] << 8 | p->config[0x12] << 16 |
		      (uint64_t)p->config[0x13] << 24;
	uint64_t hi = p->config[0x14] | p->config[0x15] << 8 | p->config[0x16] << 16 |
		      (uint64_t)p->config[0x17] << 24;

	return hi << 32 | (lo & ~0xfull);
}

/*
 * As firmware, then vfio-pci's open (pci_enable_device()): an unplaced
 * BAR gets an aligned address, memory decoding goes on, bus master and the
 * rest of the command register are left alone; a DEVICE_RESET that clears
 * the BARs (QEMU's does) is followed by placing them again.
 */
static void test_place_bars(gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	Peer *p = peer_new();
	SvDevice *dev;
	uint64_t addr;

	p->config[4] = 0x00;
	p->config[5] = 0x04; /* INTx disable: must survive */
	memset(p->config + 0x10, 0, 4 * 6);
	p->config[0x10] = p->bar0_reg = 0x04; /* 64-bit memory BAR, unplaced */
	peer_start(p);
	dev = open_peer(p);
	addr = bar0_addr(p);
	g_assert_cmphex(addr, !=, 0);
	g_assert_cmphex(addr % BAR0_SIZE, ==, 0);
	g_assert_cmphex(addr + BAR0_SIZE, <=, 0xfec00000u); /* below the IOAPIC */
	g_assert_cmphex(p->config[0x10] & 0xf, ==, 0x04);   /* type bits as they were */
	g_assert_cmphex(p->config[4], ==, 0x02);
	g_assert_cmphex(p->config[5], ==, 0x04);
	/* The layers above still own config space: what they write stays. */
	g_assert_true(sv_pci_enable(dev, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(p->config[4], ==, 0x06);
	/* Reset clears them; the backend places them again. */
	g_assert_true(sv_device_reset(dev, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_resets, ==, 1);
	g_assert_cmphex(bar0_addr(p), ==, addr);
	g_assert_cmphex(p->config[4], ==, 0x02);
	sv_device_close(dev);
	peer_free(p);

	/* A BAR that already has an address (placed by someone else) keeps it. */
	p = peer_new();
	memset(p->config + 0x10, 0, 4 * 6);
	p->config[0x10] = 0x04;
	p->config[0x14] = 0x12; /* 0x12_00000000: above 4 GiB */
	p->config[4] = 0x00;
	p->config[5] = 0x00;
	peer_start(p);
	dev = open_peer(p);
	g_assert_cmphex(bar0_addr(p), ==, 0x1200000000ull);
	g_assert_cmphex(p->config[4], ==, 0x02);
	sv_device_close(dev);
	peer_free(p);
}

static void expect_open_error(Peer *p, int code, const char *const *needles)
{
	g_autofree char *name = peer_device(p);
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	g_assert_null(dev);
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, code);
	for (; *needles; needles++)
		if (!strstr(err->message, *needles))
			g_error("'%s' not in: %s", *needles, err->message);
}

static void test_version_major(gconstpointer data)
{
	Peer *p = peer_new();
	const char *const needles[] = { "1.0", "0.2", "protocol", NULL };

	p->major = 1;
	p->minor = 0;
	peer_start(p);
	expect_open_error(p, SV_ERROR_PROTOCOL, needles);
	peer_free(p);
}

static void test_bad_json(gconstpointer data)
{
	static const struct {
		const char *json;
		const char *needle;
	} cases[] = {
		{ "{\"capabilities\":{\"max_msg_fds\":\"eight\"}}", "max_msg_fds" },
		{ "{\"capabilities\":{\"max_data_xfer_size\":-4}}", "max_data_xfer_size" },
		{ "{\"capabilities\":{\"max_data_xfer_size\":0}}", "max_data_xfer_size 0" },
		{ "{capabilities: 1}", "malformed JSON" },
		{ "{\"capabilities\":{\"pgsizes\":4096}", "malformed JSON" },
		{ "{\"capabilities\":[]}", "not an object" },
		{ "{} trailing", "line 1, column 11" }, /* where the text after the object starts */
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		Peer *p = peer_new();
		const char *const needles[] = { cases[i].needle, NULL };

		p->json = cases[i].json;
		peer_start(p);
		expect_open_error(p, SV_ERROR_PROTOCOL, needles);
		peer_free(p);
	}
}

static void test_no_json(gconstpointer data)
{
	Peer *p = peer_new();
	g_autofree char *desc = NULL;
	SvDevice *dev;

	/* No capabilities at all: the defaults of vfio-user.rst. */
	p->json = NULL;
	peer_start(p);
	dev = open_peer(p);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "max_msg_fds: 1\n"));
	g_assert_nonnull(strstr(desc, "max_data_xfer_size: 1048576\n"));
	g_assert_nonnull(strstr(desc, "max_dma_maps: 65535\n"));
	sv_device_close(dev);
	peer_free(p);
}

/* ---- connect errors --------------------------------------------------------- */

static void test_connect_errors(gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("vfu-conn-XXXXXX", NULL);
	g_autofree char *missing = g_build_filename(dir, "missing.sock", NULL);
	g_autofree char *file = g_build_filename(dir, "file", NULL);
	g_autofree char *stale = g_build_filename(dir, "stale.sock", NULL);
	g_autofree char *name = NULL;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	name = g_strdup_printf("vfio-user:%s", missing);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(err->message, "sofvfio-emu --socket"));
	g_assert_nonnull(strstr(err->message, missing));
	g_clear_error(&err);

	g_assert_true(g_file_set_contents(file, "x", 1, NULL));
	g_free(name);
	name = g_strdup_printf("vfio-user:%s", file);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_assert_nonnull(strstr(err->message, "not a socket"));
	g_clear_error(&err);

	/* A socket file nobody listens on (a server that died): ECONNREFUSED. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	g_snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", stale);
	g_assert_cmpint(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), ==, 0);
	close(fd);
	g_free(name);
	name = g_strdup_printf("vfio-user:%s", stale);
	g_assert_null(sv_device_open(name, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	g_assert_nonnull(strstr(err->message, "stale"));
	g_assert_nonnull(strstr(err->message, "sofvfio-emu --socket"));
	g_clear_error(&err);

	g_assert_null(sv_device_open("vfio-user:", &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);

	unlink(file);
	unlink(stale);
	rmdir(dir);
}

static void test_bad_env(gconstpointer data)
{
	Peer *p = peer_new();
	const char *const n1[] = { "SOFVFIO_VFU_TIMEOUT_MS", NULL };
	const char *const n2[] = { "SOFVFIO_VFU_DMA", NULL };

	peer_start(p);
	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "soon", TRUE);
	expect_open_error(p, SV_ERROR_INVAL, n1);
	g_unsetenv("SOFVFIO_VFU_TIMEOUT_MS");
	g_setenv("SOFVFIO_VFU_DMA", "carrier-pigeon", TRUE);
	expect_open_error(p, SV_ERROR_INVAL, n2);
	g_unsetenv("SOFVFIO_VFU_DMA");
	peer_free(p);
}

/* ---- error replies and broken servers --------------------------------------- */

static void test_error_reply(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint32_t v = 0;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_ERROR;
	p->fault_errno = ENOSPC;
	g_assert_false(sv_config_read32(dev, 0x10, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_nonnull(err);
	g_assert_nonnull(strstr(err->message, "REGION_READ"));
	g_assert_nonnull(strstr(err->message, "CONFIG"));
	g_assert_nonnull(strstr(err->message, "0x10"));
	g_assert_nonnull(strstr(err->message, g_strerror(ENOSPC)));
	g_clear_error(&err);
	/* An error reply is the server's answer, not a broken connection. */
	g_assert_true(sv_config_read32(dev, 0x10, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(&v, 4, p->config + 0x10, 4);
	sv_device_close(dev);
	peer_free(p);
}

static void test_server_closes(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint32_t v;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_CLOSE;
	g_assert_false(sv_config_read32(dev, 0, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_assert_nonnull(strstr(err->message, "closed the connection"));
	g_assert_nonnull(strstr(err->message, "REGION_READ"));
	g_clear_error(&err);
	/* And so does everything after. */
	g_assert_false(sv_config_read32(dev, 0, &v, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	sv_device_close(dev);
	peer_free(p);
}

static unsigned count_fds(void)
{
	GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
	unsigned n = 0;

	g_assert_nonnull(d);
	while (g_dir_read_name(d))
		n++;
	g_dir_close(d);
	return n;
}

typedef struct {
	unsigned want;
} FdCount;

static gboolean fds_back(void *data, GError **error)
{
	return count_fds() == ((FdCount *)data)->want;
}

static void test_malformed(gconstpointer data)
{
	static const struct {
		Fault fault;
		const char *needle;
	} cases[] = {
		{ FAULT_WRONG_ID, "matches no request" },
		{ FAULT_TRUNCATED, "truncated" },
		{ FAULT_WRONG_CMD, "REGION_WRITE reply" },
		{ FAULT_OVERSIZE, "67108864 bytes" },
		{ FAULT_FDS, "file descriptor" },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
		Peer *p = peer_new();
		g_autoptr(GError) err = NULL;
		FdCount fc;
		uint32_t v;
		SvDevice *dev;

		peer_start(p);
		dev = open_peer(p);
		fc.want = count_fds();
		p->fault = cases[i].fault;
		g_assert_false(sv_config_read32(dev, 0, &v, &err));
		g_test_message("%s", err ? err->message : "(no error)");
		g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
		if (!strstr(err->message, cases[i].needle))
			g_error("case %u: '%s' not in: %s", i, cases[i].needle, err->message);
		g_clear_error(&err);
		/* Unexpected fds are closed, not leaked (the peer closes its own copy). */
		g_assert_true(sv_wait_until(fds_back, &fc, 2 * G_USEC_PER_SEC, "fd count", &err));
		sv_device_close(dev);
		peer_free(p);
	}
}

static void test_timeout(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	int64_t t0;
	uint32_t v;
	SvDevice *dev;

	g_setenv("SOFVFIO_VFU_TIMEOUT_MS", "1000", TRUE);
	peer_start(p);
	dev = open_peer(p);
	p->fault = FAULT_SILENT;
	t0 = sv_now_us();
	g_assert_false(sv_config_read32(dev, 0x20, &v, &err));
	g_test_message("%s", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, SV_ERROR_TIMEOUT);
	g_assert_cmpint(sv_now_us() - t0, >=, 1000000);
	g_assert_cmpint(sv_now_us() - t0, <, 10000000);
	g_assert_nonnull(strstr(err->message, "1000 ms"));
	g_clear_error(&err);
	/* The late reply to the abandoned request is dropped; the next one works. */
	g_assert_true(sv_config_read32(dev, 0x20, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpmem(&v, 4, p->config + 0x20, 4);
	sv_device_close(dev);
	peer_free(p);
	g_unsetenv("SOFVFIO_VFU_TIMEOUT_MS");
}

/* ---- DMA --------------------------------------------------------------------- */

typedef struct {
	const uint8_t *where;
	const uint8_t *want;
	size_t len;
} MemWait;

static gboolean mem_equal(void *data, GError **error)
{
	MemWait *m = data;

	return memcmp((const void *)m->where, m->want, m->len) == 0;
}

static void fill(uint8_t *b, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 13);
}

/* The peer's DMA_WRITE lands in the buffer and its DMA_READ sees our bytes. */
static void check_dma_messages(Peer *p, SvDmaBuf *buf)
{
	g_autoptr(GError) err = NULL;
	uint8_t pat[64];
	struct vfu_dma_access echo;
	MemWait mw = { (uint8_t *)buf->vaddr + 0x100, pat, sizeof(pat) };

	fill(pat, sizeof(pat), 0x31);
	/* Test thread idle: only the receive thread can serve this. */
	peer_action(p, VFU_CMD_DMA_WRITE, buf->iova + 0x100, pat, sizeof(pat));
	g_assert_cmpuint(p->action_reply_flags & VFU_F_ERROR, ==, 0);
	g_assert_true(sv_wait_until(mem_equal, &mw, 2 * G_USEC_PER_SEC, "DMA_WRITE data", &err));
	sv_assert_no_error(err);

	fill((uint8_t *)buf->vaddr + 0x200, 48, 0x77);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova + 0x200, NULL, 48);
	g_assert_cmpuint(p->action_reply_flags & VFU_F_ERROR, ==, 0);
	g_assert_cmpuint(p->action_reply_len, ==, 16 + 48);
	memcpy(&echo, p->action_reply, sizeof(echo));
	g_assert_cmphex(echo.address, ==, buf->iova + 0x200);
	g_assert_cmpuint(echo.count, ==, 48);
	g_assert_cmpmem(p->action_reply + 16, 48, (uint8_t *)buf->vaddr + 0x200, 48);

	/* Outside every mapping, or running off the end: refused, nothing written. */
	peer_action(p, VFU_CMD_DMA_WRITE, buf->iova + 0x10000000, pat, 8);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	g_assert_cmpuint(p->action_reply_errno, ==, EFAULT);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova + buf->size - 16, NULL, 32);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	g_assert_cmpuint(p->action_reply_errno, ==, EFAULT);
	peer_action(p, VFU_CMD_DMA_READ, buf->iova - 8, NULL, 16);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
	/* A command a client does not serve. */
	peer_action(p, VFU_CMD_DEVICE_RESET, 0, NULL, 0);
	g_assert_true(p->action_reply_flags & VFU_F_ERROR);
}

static void test_dma_shared(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf;
	SvDevice *dev;
	uint8_t pat[32];
	MemWait mw;

	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 8192, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_maps, ==, 1);
	g_assert_cmpint(p->maps[0].fd, >=, 0);
	g_assert_cmphex(p->maps[0].iova, ==, buf->iova);
	g_assert_cmpuint(p->maps[0].size, ==, buf->size);

	/* Zero-copy: the peer's own mapping of our memfd is the same memory. */
	fill(pat, sizeof(pat), 0x11);
	memcpy(p->maps[0].map + 0x300, pat, sizeof(pat));
	mw = (MemWait){ (uint8_t *)buf->vaddr + 0x300, pat, sizeof(pat) };
	g_assert_true(mem_equal(&mw, NULL));

	check_dma_messages(p, buf);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "shared memory"));
	g_assert_nonnull(strstr(desc, "requests served: 2 "));
	g_assert_nonnull(strstr(desc, "1 shared, 0 by messages"));

	sv_dma_free(dev, buf);
	g_assert_cmpuint(p->n_unmaps, ==, 1);
	g_assert_cmpuint(p->n_bad_unmaps, ==, 0);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_fallback(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf, *buf2;
	SvDevice *dev;

	p->refuse_fd_maps = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 1);
	g_assert_cmpuint(p->n_maps, ==, 1);
	g_assert_cmpint(p->maps[0].fd, ==, -1);
	check_dma_messages(p, buf);
	/* Once refused, later maps go without an fd straight away. */
	buf2 = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 1);
	g_assert_cmpuint(p->n_maps, ==, 2);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "DMA: messages"));
	g_assert_nonnull(strstr(desc, "0 shared, 2 by messages"));
	sv_dma_free(dev, buf2);
	sv_dma_free(dev, buf);
	g_assert_cmpuint(p->n_unmaps, ==, 2);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_env_message(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *desc = NULL;
	SvDmaBuf *buf;
	SvDevice *dev;

	g_setenv("SOFVFIO_VFU_DMA", "message", TRUE);
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_fd_maps_refused, ==, 0);
	g_assert_cmpint(p->maps[0].fd, ==, -1);
	check_dma_messages(p, buf);
	desc = describe(dev);
	g_assert_nonnull(strstr(desc, "set by SOFVFIO_VFU_DMA"));
	sv_device_close(dev); /* frees and unmaps the buffer */
	g_assert_cmpuint(p->n_unmaps, ==, 1);
	peer_free(p);
	g_unsetenv("SOFVFIO_VFU_DMA");
}

static void test_dma_during_request(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint8_t want[16];
	SvDmaBuf *buf;
	SvDevice *dev;
	uint32_t v;

	p->dma_during_read = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	for (unsigned i = 0; i < 3; i++) {
		g_assert_true(sv_config_read32(dev, 4 * i, &v, &err));
		sv_assert_no_error(err);
		g_assert_cmpmem(&v, 4, p->config + 4 * i, 4);
	}
	g_assert_cmpuint(p->n_nested_dma_ok, ==, 3);
	memset(want, 0x5a, sizeof(want));
	g_assert_cmpmem((uint8_t *)buf->vaddr + 0x40, 16, want, 16);
	sv_device_close(dev);
	peer_free(p);
}

static void test_dma_storm(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	gint64 deadline;
	SvDmaBuf *buf;
	SvDevice *dev;
	uint32_t v, slot[4];

	p->storm = true;
	peer_start(p);
	dev = open_peer(p);
	buf = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	for (uint32_t n = 0; n < 2000; n++) {
		g_assert_true(sv_config_read32(dev, 0x10, &v, &err));
		/* The DMA_WRITE sent before this reply is in memory already. */
		memcpy(slot, (uint8_t *)buf->vaddr + (n % 256) * 16, sizeof(slot));
		if (slot[0] != n || slot[3] != n)
			g_error("after read %u the DMA slot holds %u", n, slot[0]);
	}
	deadline = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
	g_mutex_lock(&p->lock);
	while (p->n_storm_replies < 2000 && g_cond_wait_until(&p->cond, &p->lock, deadline))
		;
	g_mutex_unlock(&p->lock);
	g_assert_cmpuint(p->n_storm_replies, ==, 2000);
	g_assert_cmpuint(p->n_storm_errors, ==, 0);
	sv_device_close(dev);
	peer_free(p);
}

/* ---- regions ------------------------------------------------------------------ */

static void test_region_mmap(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	SvRegionInfo info;
	unsigned writes;
	uint32_t v;
	SvDevice *dev;

	p->mmap_bar0 = true;
	peer_start(p);
	dev = open_peer(p);
	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(info.size, ==, BAR0_SIZE);
	g_assert_true(info.flags & VFIO_REGION_INFO_FLAG_MMAP);
	g_assert_cmpuint(info.n_sparse, ==, 2);
	g_assert_cmphex(info.sparse[1].offset, ==, 0x2000);
	g_assert_cmpuint(info.n_caps, ==, 1);
	g_assert_cmpuint(info.cap_ids[0], ==, VFIO_REGION_INFO_CAP_SPARSE_MMAP);

	g_assert_true(sv_bar_map(dev, 0, &err));
	writes = p->n_region_writes;
	/* Inside a sparse area: a pointer into the server's memory. */
	g_assert_nonnull(sv_bar_ptr(dev, 0, 0x10));
	g_assert_nonnull(sv_bar_ptr(dev, 0, 0x3ffc));
	/* The hole between areas goes through REGION_READ/WRITE. */
	g_assert_null(sv_bar_ptr(dev, 0, 0x1800));

	sv_write32(dev, 0, 0x10, 0xdeadbeef);
	memcpy(&v, p->bar0 + 0x10, 4);
	g_assert_cmphex(v, ==, 0xdeadbeef);
	g_assert_cmpuint(p->n_region_writes, ==, writes);
	/* Posted (VFU_F_NO_REPLY): the next read comes after it, so it is done then. */
	sv_write32(dev, 0, 0x1800, 0x12345678);
	g_assert_cmphex(sv_read32(dev, 0, 0x1800), ==, 0x12345678);
	g_assert_cmpuint(p->n_region_writes, ==, writes + 1);
	g_assert_cmpuint(p->n_posted_writes, ==, 1);
	memcpy(&v, p->bar0 + 0x1800, 4);
	g_assert_cmphex(v, ==, 0x12345678);
	v = 0xcafef00d;
	memcpy(p->bar0 + 0x2004, &v, 4);
	g_assert_cmphex(sv_read32(dev, 0, 0x2004), ==, 0xcafef00d);
	g_assert_cmphex(sv_read32(dev, 0, 0x1800), ==, 0x12345678);
	g_assert_true(sv_device_take_error(dev, &err));
	sv_device_close(dev);
	peer_free(p);
}

static void test_region_caps(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	SvRegionInfo info;
	SvDevice *dev;
	unsigned asked;

	/* Capabilities bigger than the first argsz: asked again with the size given. */
	p->big_caps = true;
	peer_start(p);
	dev = open_peer(p);
	/* (the open itself asked too: placing the BARs needs their sizes) */
	asked = p->n_region_info_bar0;
	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_region_info_bar0 - asked, ==, 2);
	g_assert_cmpuint(info.n_caps, ==, 2);
	g_assert_cmpuint(info.cap_ids[1], ==, UNKNOWN_CAP);
	g_assert_cmpuint(info.cap_versions[1], ==, 3);
	g_assert_cmpuint(info.n_sparse, ==, 2);
	/* No MMAP flag, no fd: mapping falls back to messages without an error. */
	g_assert_true(sv_bar_map(dev, 0, &err));
	g_assert_null(sv_bar_ptr(dev, 0, 0x10));
	sv_device_close(dev);
	peer_free(p);

	p = peer_new();
	p->cap_loop = true;
	peer_start(p);
	dev = open_peer(p);
	g_assert_false(sv_region_info(dev, SV_REGION_BAR0, &info, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_assert_nonnull(strstr(err->message, "loop"));
	sv_device_close(dev);
	peer_free(p);
}

/* ---- interrupts and reset --------------------------------------------------- */

static void test_irq(gconstpointer data)
{
	Peer *p = peer_new();
	g_autoptr(GError) err = NULL;
	uint64_t one = 1, n = 0;
	SvIrqInfo info;
	SvDevice *dev;

	peer_start(p);
	dev = open_peer(p);
	g_assert_true(sv_irq_info(dev, SV_IRQ_INTX, &info, &err));
	g_assert_cmpuint(info.count, ==, 1);
	g_assert_true(info.flags & VFIO_IRQ_INFO_MASKABLE);

	g_assert_true(sv_irq_enable(dev, SV_IRQ_INTX, 1, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER);
	g_assert_cmpuint(p->irq_count, ==, 1);
	g_assert_cmpuint(p->irq_nfds, ==, 1);
	/* The server signals through the eventfd it got: the driver sees it. */
	g_assert_cmpint(write(p->irq_fd, &one, sizeof(one)), ==, sizeof(one));
	g_assert_true(sv_irq_wait(dev, SV_IRQ_INTX, 0, 2000, &n, &err));
	g_assert_cmpuint(n, ==, 1);

	g_assert_true(sv_irq_mask(dev, SV_IRQ_INTX, 0, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK);
	g_assert_cmpuint(p->irq_nfds, ==, 0);
	g_assert_true(sv_irq_unmask(dev, SV_IRQ_INTX, 0, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK);

	g_assert_true(sv_irq_disable(dev, SV_IRQ_INTX, &err));
	g_assert_cmphex(p->irq_flags, ==, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER);
	g_assert_cmpuint(p->irq_count, ==, 0);

	g_assert_true(sv_device_reset(dev, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(p->n_resets, ==, 1);
	sv_device_close(dev);
	peer_free(p);
}

static unsigned initial_fds;

/* Last: every test closed what it opened, the client's sockets, memfds and received fds too. */
static void test_no_fd_leak(gconstpointer data)
{
	FdCount fc = { initial_fds };
	g_autoptr(GError) err = NULL;

	g_assert_true(sv_wait_until(fds_back, &fc, 2 * G_USEC_PER_SEC, "fd count", &err));
	g_assert_cmpuint(count_fds(), ==, initial_fds);
}

int main(int argc, char **argv)
{
	sv_test_init(&argc, &argv);
	initial_fds = count_fds();
	sv_test_add_nodev("/vfio-user-client/negotiate", 0, test_negotiate, NULL);
	sv_test_add_nodev("/vfio-user-client/no-json", 0, test_no_json, NULL);
	sv_test_add_nodev("/vfio-user-client/place-bars", 0, test_place_bars, NULL);
	sv_test_add_nodev("/vfio-user-client/version-major", 0, test_version_major, NULL);
	sv_test_add_nodev("/vfio-user-client/bad-json", 0, test_bad_json, NULL);
	sv_test_add_nodev("/vfio-user-client/connect-errors", 0, test_connect_errors, NULL);
	sv_test_add_nodev("/vfio-user-client/bad-env", 0, test_bad_env, NULL);
	sv_test_add_nodev("/vfio-user-client/error-reply", 0, test_error_reply, NULL);
	sv_test_add_nodev("/vfio-user-client/server-closes", 0, test_server_closes, NULL);
	sv_test_add_nodev("/vfio-user-client/malformed-replies", 0, test_malformed, NULL);
	sv_test_add_nodev("/vfio-user-client/timeout", 0, test_timeout, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-shared", 0, test_dma_shared, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-fallback", 0, test_dma_fallback, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-env-message", 0, test_dma_env_message, NULL);
	sv_test_add_nodev("/vfio-user-client/dma-during-request", 0, test_dma_during_request,
			  NULL);
	sv_test_add_nodev("/vfio-user-client/dma-storm", 0, test_dma_storm, NULL);
	sv_test_add_nodev("/vfio-user-client/region-mmap", 0, test_region_mmap, NULL);
	sv_test_add_nodev("/vfio-user-client/region-caps", 0, test_region_caps, NULL);
	sv_test_add_nodev("/vfio-user-client/irq-reset", 0, test_irq, NULL);
	sv_test_add_nodev("/vfio-user-client/no-fd-leak", 0, test_no_fd_leak, NULL);
	return sv_test_run();
}
