// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dsp-model.c - the mock's DSP model (sofvfio-emu --dsp) on its own,
 * driven with raw register accesses through the device API: no driver code,
 * and register constants of its own, taken from the facts sheet
 * (/work/shared/reference/sof-dsp.md), so that neither the model's nor the
 * driver's tables are trusted here.  The full boot tests with the real
 * driver are the dsp-driver's (test-dsp*.c).
 *
 * Each test starts its own server ($SOFVFIO_EMU) with the --dsp options it
 * needs.  Firmware comes from /lib/firmware/intel/sof (firmware-sof-signed;
 * $SOFVFIO_SOF_FIRMWARE names another folder);
 * without it the tests skip, or fail under CI=true.
 */
#include "sofvfio/device.h"
#include "sofvfio/wait.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define FW_DIR "/lib/firmware/intel/sof"

/* ---- registers, from the facts sheet --------------------------------------------- */
/* BAR0 (HDA) */
#define GCAP 0x00
#define GCTL 0x08
#define LLCH 0x14
#define INTCTL 0x20
#define INTSTS 0x24
#define SD(n) (0x80 + 0x20 * (n))
#define SD_CTL 0x00
#define SD_CBL 0x08
#define SD_LVI 0x0c
#define SD_FMT 0x12
#define SD_BDPL 0x18
#define SD_BDPU 0x1c
#define CAP_PP 3
#define CAP_SPIB 4
#define PPCTL 0x04
#define GPROCEN (1u << 30)
#define PIE (1u << 31)
#define SPBFCCTL 0x04
#define SPIB(n) (0x08 + 8 * (n))
/* BAR4 (DSP) */
#define ADSPCS 0x04
#define ADSPIC 0x08
#define ADSPIS 0x0c
#define CRST(m) ((m) << 0)
#define CSTALL(m) ((m) << 8)
#define SPA(m) ((m) << 16)
#define CPA(m) ((m) << 24)
#define FSR 0x80000
#define ROM_ERROR 0x80004
#define DSP_BOX 0x81000
#define HOST_BOX 0xa0000
#define BUSY (1u << 31)
#define ROM_CONTROL 0x01000000u
#define PURGE 0x4000u
#define FSR_INIT_DONE 1
#define FSR_FW_ENTERED 5
#define FSR_HALTED (1u << 31)

/* The IPC doorbells (host view), per generation. */
typedef struct {
	const char *part, *image;
	uint32_t req, ack, done, data, dsp_req, dsp_data, dsp_ack, ctl;
	uint32_t cores;
} Gen;

static const Gen cnl = { "cnl", "sof-cnl.ri", 0xd0, 0xd4, 1u << 31, 0xd8, 0xc0, 0xc8, 0xc4, 0xe8,
			 0xf };
static const Gen cnl_community = { "cnl", "community/sof-cnl.ri", 0xd0, 0xd4, 1u << 31, 0xd8,
				   0xc0, 0xc8, 0xc4, 0xe8, 0xf };
static const Gen apl = { "apl", "sof-apl.ri", 0x48, 0x4c, 1u << 30, 0, 0x40, 0x44, 0, 0x50, 0x3 };
static const Gen tgl = { "tgl", "sof-tgl.ri", 0xd0, 0xd4, 1u << 31, 0xd8, 0xc0, 0xc8, 0xc4, 0xe8,
			 0x1 };

/* ---- a server per test ------------------------------------------------------------ */

typedef struct {
	GPid pid;
	char *dir, *sock;
	SvDevice *dev;
	const Gen *gen;
	uint32_t pp, spib;        /* capability offsets, from the LLCH walk */
	unsigned iss;
	SvDmaBuf *bdl, *buf;
	unsigned stream;
} Dsp;

static void die_with_parent(gpointer unused)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static uint32_t rd(Dsp *d, unsigned bar, uint32_t off)
{
	return sv_read32(d->dev, bar, off);
}

static void wr(Dsp *d, unsigned bar, uint32_t off, uint32_t v)
{
	sv_write32(d->dev, bar, off, v);
}

static void wait_reg(Dsp *d, unsigned bar, uint32_t off, uint32_t mask, uint32_t want, int ms,
		     const char *what)
{
	g_autoptr(GError) err = NULL;

	if (!sv_wait_reg(d->dev, bar, off, 4, mask, want, ms * 1000ll, what, &err))
		g_error("%s (reads 0x%08x)", err->message, rd(d, bar, off));
}

/* TRUE when the register never matches within @ms (for "it never happens"). */
static gboolean stays_off(Dsp *d, unsigned bar, uint32_t off, uint32_t mask, uint32_t want, int ms)
{
	g_autoptr(GError) err = NULL;

	return !sv_wait_reg(d->dev, bar, off, 4, mask, want, ms * 1000ll, "-", &err);
}

static Dsp *dsp_start(const Gen *gen, const char *fault)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *name = NULL;
	const char *emu = g_getenv("SOFVFIO_EMU");
	Dsp *d = g_new0(Dsp, 1);
	char *argv[8] = { (char *)emu, "--socket", NULL, "--dsp", (char *)gen->part, NULL };
	int64_t deadline;
	uint32_t off;

	d->gen = gen;
	d->dir = g_dir_make_tmp("dsp-model-XXXXXX", &err);
	g_assert_no_error(err);
	d->sock = g_build_filename(d->dir, "emu.sock", NULL);
	argv[2] = d->sock;
	if (fault) {
		argv[5] = "--dsp-fault";
		argv[6] = (char *)fault;
	}
	g_assert_true(g_spawn_async(NULL, argv, NULL,
				    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, die_with_parent,
				    NULL, &d->pid, &err));
	deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
	while (!g_file_test(d->sock, G_FILE_TEST_EXISTS)) {
		g_assert_cmpint(g_get_monotonic_time(), <, deadline);
		g_assert_cmpint(waitpid(d->pid, NULL, WNOHANG), ==, 0);
		g_usleep(5000);
	}
	name = g_strdup_printf("vfio-user:%s", d->sock);
	d->dev = sv_device_open(name, &err);
	g_assert_no_error(err);
	/* Addresses for the BARs (a server decodes only assigned BARs), then decode on. */
	g_assert_true(sv_config_write32(d->dev, 0x10, 0xfe000004, &err));
	g_assert_true(sv_config_write32(d->dev, 0x14, 0, &err));
	g_assert_true(sv_config_write32(d->dev, 0x20, 0xfd000004, &err));
	g_assert_true(sv_config_write32(d->dev, 0x24, 0, &err));
	g_assert_true(sv_pci_enable(d->dev, &err));
	g_assert_no_error(err);
	/* The controller out of reset, then the capability list. */
	wr(d, 0, GCTL, 1);
	wait_reg(d, 0, GCTL, 1, 1, 100, "GCTL.CRST");
	d->iss = (sv_read16(d->dev, 0, GCAP) >> 8) & 0xf;
	for (off = rd(d, 0, LLCH) & 0xffff; off; off = rd(d, 0, off) & 0xffff) {
		uint32_t id = (rd(d, 0, off) >> 16) & 0xfff;

		if (id == CAP_PP)
			d->pp = off;
		else if (id == CAP_SPIB)
			d->spib = off;
	}
	return d;
}

static void dsp_stop(Dsp *d)
{
	int status = 0;

	sv_dma_free(d->dev, d->bdl);
	sv_dma_free(d->dev, d->buf);
	sv_device_close(d->dev);
	kill(d->pid, SIGTERM);
	g_assert_cmpint(waitpid(d->pid, &status, 0), ==, d->pid);
	g_spawn_close_pid(d->pid);
	/* The model must not have crashed, whatever it was asked. */
	g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	g_unlink(d->sock);
	g_rmdir(d->dir);
	g_free(d->sock);
	g_free(d->dir);
	g_free(d);
}

/* ---- firmware files --------------------------------------------------------------- */

static GBytes *firmware(const char *name)
{
	const char *dir = g_getenv("SOFVFIO_SOF_FIRMWARE");
	g_autofree char *path = g_build_filename(dir ? dir : FW_DIR, name, NULL);
	g_autoptr(GError) err = NULL;
	char *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		g_autofree char *msg = g_strdup_printf("%s (install firmware-sof-signed: ci/setup)",
						       err->message);

		if (!g_strcmp0(g_getenv("CI"), "true"))
			g_error("%s", msg);
		g_test_skip(msg);
		return NULL;
	}
	return g_bytes_new_take(data, len);
}

static uint32_t le32(const uint8_t *b)
{
	uint32_t v;

	memcpy(&v, b, 4);
	return GUINT32_FROM_LE(v);
}

/* What goes over the code loader: the file less its XMan ({magic, full_size, ...}). */
static GBytes *payload(GBytes *file)
{
	const uint8_t *p = g_bytes_get_data(file, NULL);

	g_assert_cmpmem(p, 4, "XMan", 4);
	return g_bytes_new_from_bytes(file, le32(p + 4), g_bytes_get_size(file) - le32(p + 4));
}

/* ---- the boot steps, as the facts sheet gives them ---------------------------------- */

static void power_up(Dsp *d)
{
	uint32_t m = d->gen->cores;

	wr(d, 4, ADSPCS, SPA(m) | CSTALL(m) | CRST(m));
	wait_reg(d, 4, ADSPCS, CPA(m), CPA(m), 50, "ADSPCS.CPA");
}

static void run_core0(Dsp *d)
{
	wr(d, 4, ADSPCS, rd(d, 4, ADSPCS) & ~CRST(1u));
	wait_reg(d, 4, ADSPCS, CRST(1u), 0, 50, "ADSPCS.CRST");
	wr(d, 4, ADSPCS, rd(d, 4, ADSPCS) & ~CSTALL(1u));
}

static void rom_message(Dsp *d, uint32_t msg)
{
	wr(d, 4, d->gen->req, BUSY | msg);
}

static void rom_ack(Dsp *d)
{
	wait_reg(d, 4, d->gen->ack, d->gen->done, d->gen->done, 500, "ROM DONE");
	wr(d, 4, d->gen->ack, d->gen->done);
	wait_reg(d, 4, FSR, 0xffffff, FSR_INIT_DONE, 300, "FSR INIT_DONE");
}

/* Stream @n (tag @tag) over @data, handed to the DSP (PROCEN); SPIB = @spib. */
static void stream_setup(Dsp *d, unsigned n, unsigned tag, const void *data, size_t len,
			 size_t spib, gboolean output)
{
	g_autoptr(GError) err = NULL;
	uint32_t sd = SD(n), entries = 0;
	uint32_t *bdl;

	d->stream = n;
	d->buf = sv_dma_alloc(d->dev, len, &err);
	g_assert_no_error(err);
	d->bdl = sv_dma_alloc(d->dev, 4096, &err);
	g_assert_no_error(err);
	if (data)
		memcpy(d->buf->vaddr, data, len);
	bdl = d->bdl->vaddr;
	for (size_t off = 0; off < len; off += 0x10000, entries++) {
		uint64_t a = d->buf->iova + off;

		bdl[4 * entries + 0] = (uint32_t)a;
		bdl[4 * entries + 1] = a >> 32;
		bdl[4 * entries + 2] = MIN(len - off, 0x10000);
		bdl[4 * entries + 3] = 0;
	}
	wr(d, 0, sd + SD_CTL, 1);
	wait_reg(d, 0, sd + SD_CTL, 1, 1, 10, "SDnCTL.SRST 1");
	wr(d, 0, sd + SD_CTL, 0);
	wait_reg(d, 0, sd + SD_CTL, 1, 0, 10, "SDnCTL.SRST 0");
	wr(d, 0, sd + SD_CTL, tag << 20);
	wr(d, 0, sd + SD_CBL, len);
	sv_write16(d->dev, 0, sd + SD_LVI, entries - 1);
	sv_write16(d->dev, 0, sd + SD_FMT, 0x40);
	wr(d, 0, sd + SD_BDPL, (uint32_t)d->bdl->iova);
	wr(d, 0, sd + SD_BDPU, d->bdl->iova >> 32);
	wr(d, 0, d->pp + PPCTL, rd(d, 0, d->pp + PPCTL) | GPROCEN | PIE | (1u << n));
	if (output && spib) {
		wr(d, 0, d->spib + SPBFCCTL, rd(d, 0, d->spib + SPBFCCTL) | (1u << n));
		wr(d, 0, d->spib + SPIB(n), spib);
	}
}

static void stream_run(Dsp *d, unsigned n)
{
	wr(d, 0, SD(n) + SD_CTL, rd(d, 0, SD(n) + SD_CTL) | 0x2);
}

/* Everything of a cold boot up to INIT_DONE, the stream running with @data. */
static void cold_boot_start_gprocen(Dsp *d, GBytes *data, unsigned purge_tag, gboolean gprocen)
{
	unsigned n = d->iss; /* the first output stream, tag 1 */
	gsize len;
	const void *p = g_bytes_get_data(data, &len);

	stream_setup(d, n, 1, p, len, len, TRUE);
	if (!gprocen)
		wr(d, 0, d->pp + PPCTL, rd(d, 0, d->pp + PPCTL) & ~GPROCEN);
	power_up(d);
	rom_message(d, ROM_CONTROL | PURGE | ((purge_tag - 1) << 9));
	run_core0(d);
	rom_ack(d);
	wr(d, 4, d->gen->ctl, 3);
	wr(d, 4, ADSPIC, 1);
	stream_run(d, n);
}

static void cold_boot_start(Dsp *d, GBytes *data, unsigned purge_tag)
{
	cold_boot_start_gprocen(d, data, purge_tag, TRUE);
}

/* The DSP's next message: doorbell (BUSY) and the DSP box. */
static uint32_t dsp_message(Dsp *d, uint8_t *box, size_t len, int ms)
{
	uint32_t db;

	wait_reg(d, 4, d->gen->dsp_req, BUSY, BUSY, ms, "DSP -> host doorbell BUSY");
	db = rd(d, 4, d->gen->dsp_req);
	g_assert_true(sv_region_read(d->dev, SV_REGION_BAR0 + 4, DSP_BOX, box, len, NULL));
	wr(d, 4, d->gen->dsp_req, BUSY); /* W1C: taken */
	if (d->gen->dsp_ack)
		wr(d, 4, d->gen->dsp_ack, 1u << 31);
	return db;
}

static void boot_to_fw_ready(Dsp *d, GBytes *file, uint8_t *ready, size_t len)
{
	g_autoptr(GBytes) pl = payload(file);

	cold_boot_start(d, pl, 1);
	wait_reg(d, 4, FSR, 0xffffff, FSR_FW_ENTERED, 3000, "FSR FW_ENTERED");
	g_assert_cmphex(dsp_message(d, ready, len, 2000) & ~BUSY, ==, 0x70000000);
}

/* Host -> DSP IPC: message in the host box, reply {size, cmd, error} back. */
static int32_t ipc(Dsp *d, const void *msg, size_t len, uint8_t *reply, size_t reply_len)
{
	g_assert_true(sv_region_write(d->dev, SV_REGION_BAR0 + 4, HOST_BOX, msg, len, NULL));
	wr(d, 4, d->gen->req, BUSY);
	wait_reg(d, 4, d->gen->ack, d->gen->done, d->gen->done, 500, "IPC DONE");
	/* DONE with HIPCCTL.DONE is an IPC interrupt source. */
	if (rd(d, 4, d->gen->ctl) & 2)
		g_assert_cmphex(rd(d, 4, ADSPIS) & 1, ==, 1);
	g_assert_true(sv_region_read(d->dev, SV_REGION_BAR0 + 4, HOST_BOX, reply, reply_len, NULL));
	wr(d, 4, d->gen->ack, d->gen->done);
	if (!(rd(d, 4, d->gen->dsp_req) & BUSY))
		g_assert_cmphex(rd(d, 4, ADSPIS) & 1, ==, 0);
	return (int32_t)le32(reply + 8);
}

static int32_t ipc_simple(Dsp *d, uint32_t cmd, uint32_t arg)
{
	uint32_t msg[3] = { 12, cmd, arg };
	uint8_t reply[12];

	ipc(d, msg, sizeof(msg), reply, sizeof(reply));
	g_assert_cmpuint(le32(reply), ==, 12);
	g_assert_cmphex(le32(reply + 4), ==, 0x10000000);
	return (int32_t)le32(reply + 8);
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_identity(void)
{
	Dsp *d = dsp_start(&cnl, NULL);
	SvRegionInfo info;
	uint32_t v;

	g_assert_true(sv_config_read32(d->dev, 0, &v, NULL));
	g_assert_cmphex(v, ==, 0x9dc88086);
	g_assert_true(sv_config_read32(d->dev, 8, &v, NULL));
	g_assert_cmphex(v >> 8, ==, 0x040100);
	g_assert_true(sv_region_info(d->dev, SV_REGION_BAR0 + 4, &info, NULL));
	g_assert_cmpuint(info.size, ==, 1u << 20);
	g_assert_cmphex(d->pp, !=, 0);
	g_assert_cmphex(d->spib, !=, 0);
	/* BAR4 decodes like BAR0: not with memory decoding off ... */
	{
		g_autoptr(GError) err = NULL;
		uint16_t cmd;
		uint64_t val;

		g_assert_true(sv_config_read16(d->dev, 4, &cmd, NULL));
		g_assert_true(sv_config_write16(d->dev, 4, cmd & ~0x2, NULL));
		g_assert_false(sv_bar_read(d->dev, 4, ADSPCS, 4, &val, &err));
		g_assert_nonnull(err);
		g_assert_true(sv_config_write16(d->dev, 4, cmd, NULL));
		/* ... nor without an address (the server decodes placed BARs only). */
		g_clear_error(&err);
		g_assert_true(sv_config_write32(d->dev, 0x20, 0x4, NULL));
		g_assert_false(sv_bar_read(d->dev, 4, ADSPCS, 4, &val, &err));
		g_assert_nonnull(err);
		g_assert_true(sv_config_write32(d->dev, 0x20, 0xfd000004, NULL));
		g_assert_true(sv_bar_read(d->dev, 4, ADSPCS, 4, &val, NULL));
	}
	/* EM2 (BAR0+0x1030) is there and takes writes. */
	wr(d, 0, 0x1030, 0);
	g_assert_cmphex(rd(d, 0, 0x1030), ==, 0);
	/* Cores start in reset and stalled, unpowered; SPA -> CPA, and back. */
	g_assert_cmphex(rd(d, 4, ADSPCS), ==, CRST(0xfu) | CSTALL(0xfu));
	power_up(d);
	wr(d, 4, ADSPCS, CSTALL(0xfu) | CRST(0xfu));
	wait_reg(d, 4, ADSPCS, CPA(0xfu), 0, 50, "ADSPCS.CPA off");
	dsp_stop(d);
}

/* The ROM answers its message whether it comes before or after the unstall. */
static void test_rom_orders(void)
{
	for (int order = 0; order < 2; order++) {
		Dsp *d = dsp_start(&cnl, NULL);

		power_up(d);
		if (order == 0) {
			rom_message(d, ROM_CONTROL | PURGE);
			run_core0(d);
		} else {
			run_core0(d);
			g_assert_cmphex(rd(d, 4, FSR), ==, 0);
			rom_message(d, ROM_CONTROL | PURGE);
		}
		rom_ack(d);
		g_assert_cmphex(rd(d, 4, cnl.req) & BUSY, ==, 0);
		dsp_stop(d);
	}
}

/* The XMan element of @type: {type, size} then its data (the IPC structure). */
static const uint8_t *xman_element(GBytes *file, uint32_t type)
{
	const uint8_t *x = g_bytes_get_data(file, NULL);

	for (uint32_t off = le32(x + 8); off + 8 <= le32(x + 4); off += le32(x + off + 4)) {
		if (le32(x + off) == type)
			return x + off + 8;
		g_assert_cmpuint(le32(x + off + 4), >=, 8);
	}
	g_error("no XMan element of type %u", type);
}

static void check_fw_ready(GBytes *file, const uint8_t *r)
{
	const uint8_t *x = g_bytes_get_data(file, NULL);
	uint64_t flags;

	/*
	 * sof_ipc_fw_version equals the XMan's FW_VERSION element (type 0) but for
	 * time[10] (version + 24): the reproducible build stamps "fwready." into
	 * the one, "extman" into the other.
	 */
	g_assert_cmpmem(r + 24, 24, xman_element(file, 0), 24);
	g_assert_cmpmem(r + 24 + 34, 60 - 34, xman_element(file, 0) + 34, 60 - 34);

	g_assert_cmpuint(le32(r), ==, 108);
	g_assert_cmphex(le32(r + 4), ==, 0x70000000);
	/* version: hdr.size 60, 2.2.0, tag "57864", ABI 3.22.1 (XMan FW_VERSION says so) */
	g_assert_cmpuint(le32(r + 24), ==, 60);
	g_assert_cmphex(le32(r + 28), ==, 0x00020002);
	g_assert_cmpuint(r[32] | r[33] << 8, ==, 0);
	g_assert_cmpstr((const char *)r + 58, ==, "57864");
	g_assert_cmphex(le32(r + 64), ==, (3u << 24) | (22u << 12) | 1u);
	memcpy(&flags, r + 84, 8);
	/* The extended WINDOW record after FW_READY: the windows of the image's XMan. */
	g_assert_cmphex(le32(r + 108 + 4), ==, 0x70000000);
	g_assert_cmpuint(le32(r + 108 + 8), ==, 1);
	g_assert_cmpuint(le32(r + 108 + 12), ==, 7);
	g_assert_cmpmem(r + 108 + 16, 7 * 24, xman_element(file, 1) + 16, 7 * 24);
	(void)x;
}

/*
 * The trace records, decoded as sof-logger does with the image's dictionary:
 * entry at (address - base) + data_offset, {level, class, params, line,
 * file_name_len, text_len}, file name, text; a record is {uid, ids,
 * timestamp (8), address} and the entry's parameters.
 */
static void check_trace(const uint8_t *buf, size_t len, const uint8_t *ready)
{
	g_autoptr(GBytes) ldc = firmware("sof-cnl.ldc");
	const uint8_t *l;
	gboolean abi = FALSE, cmd = FALSE;
	unsigned n = 0;

	if (!ldc)
		return;
	l = g_bytes_get_data(ldc, NULL);
	g_assert_cmpmem(l, 4, "Logs", 4);
	for (size_t off = 0; off + 20 <= len; n++) {
		uint32_t addr = le32(buf + off + 16), at, params;
		const uint8_t *e;
		const char *text;

		g_assert_cmphex(addr, >=, le32(l + 4));
		g_assert_cmphex(addr, <, le32(l + 4) + le32(l + 8));
		at = addr - le32(l + 4) + le32(l + 12);
		e = l + at;
		text = (const char *)e + 24 + le32(e + 16);
		params = le32(e + 8);
		if (n == 0)
			g_assert_cmpstr(text, ==, "ipc_init()");
		if (g_str_has_prefix(text, "DMA: FW ABI 0x%x DBG ABI 0x%x")) {
			g_assert_cmphex(le32(buf + off + 20), ==, le32(ready + 64));  /* FW ABI */
			g_assert_cmphex(le32(buf + off + 24), ==, le32(l + 16 + 40)); /* DBG ABI */
			g_assert_cmphex(le32(buf + off + 28), ==, le32(ready + 68));  /* src hash */
			abi = TRUE;
		}
		if (!strcmp(text, "ipc: new cmd 0x%x") && le32(buf + off + 20) == 0xd0010000)
			cmd = TRUE;
		off += 20 + 4 * params;
	}
	g_assert_true(abi);
	g_assert_true(cmd);
}

static void test_boot_cnl(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	g_autoptr(GError) err = NULL;
	uint8_t ready[108 + 400], reply[128];
	uint32_t trace_msg[20] = { 80, 0x90030000 };
	uint64_t flags;
	Dsp *d;

	if (!file)
		return;
	d = dsp_start(&cnl, NULL);
	g_assert_true(sv_irq_enable(d->dev, SV_IRQ_MSI, 1, &err));
	wr(d, 0, INTCTL, 1u << 31); /* GIE: the DSP's interrupt comes through it */
	boot_to_fw_ready(d, file, ready, sizeof(ready));
	check_fw_ready(file, ready);
	memcpy(&flags, ready + 84, 8);
	g_assert_cmphex(flags & 0x10, ==, 0x10); /* D3_PERSISTENT: IMR boot possible */
	g_assert_cmphex(rd(d, 4, cnl.dsp_data), ==, 0x80);
	/* The interrupt fired: MSI on the rising edge of INTSTS.GIS. */
	g_assert_true(sv_irq_wait(d->dev, SV_IRQ_MSI, 0, 100, NULL, &err));

	/* A pending DONE is the function's interrupt (INTSTS.GIS) only under ADSPIC.IPC. */
	g_assert_true(sv_region_write(d->dev, SV_REGION_BAR0 + 4, HOST_BOX,
				      (uint32_t[]){ 8, 0x10000000 }, 8, NULL));
	wr(d, 4, cnl.req, BUSY);
	wait_reg(d, 4, cnl.ack, 1u << 31, 1u << 31, 500, "ping DONE");
	g_assert_cmphex(rd(d, 0, INTSTS) & (1u << 31), ==, 1u << 31);
	wr(d, 4, ADSPIC, 0);
	g_assert_cmphex(rd(d, 0, INTSTS) & (1u << 31), ==, 0);
	g_assert_cmphex(rd(d, 4, ADSPIS) & 1, ==, 1);
	wr(d, 4, ADSPIC, 1);
	wr(d, 4, cnl.ack, 1u << 31);
	g_assert_cmphex(rd(d, 0, INTSTS) & (1u << 31), ==, 0);

	/* IPC3: ping, an unknown command, PM, mem usage, compact PM_GATE. */
	g_assert_cmpint(ipc_simple(d, 0x10000000, 0), ==, 0);
	g_assert_cmpint(ipc_simple(d, 0x30010000, 0), ==, -22);
	g_assert_cmpint(ipc_simple(d, 0x40070000, 0x1), ==, 0);
	g_assert_cmpint(ipc(d, (uint32_t[]){ 8, 0xd0010000 }, 8, reply, sizeof(reply)), ==, 0);
	g_assert_cmphex(le32(reply + 4), ==, 0xd0010000);
	g_assert_cmpuint(le32(reply), ==, 32 + 20 * le32(reply + 28));
	g_assert_cmpuint(le32(reply + 28), >, 0);
	wr(d, 4, cnl.data, 0x1);
	wr(d, 4, cnl.req, BUSY | (1u << 30) | (8u << 24));
	wait_reg(d, 4, cnl.ack, 1u << 31, 1u << 31, 500, "compact PM_GATE DONE");
	wr(d, 4, cnl.ack, 1u << 31);

	/* Trace: a capture stream handed to the DSP; records land in its buffer. */
	sv_dma_free(d->dev, d->buf);
	sv_dma_free(d->dev, d->bdl);
	stream_setup(d, 0, 5, NULL, 8192, 0, FALSE);
	trace_msg[5] = 8192;  /* buffer.size */
	trace_msg[9] = 5;     /* stream_tag */
	g_assert_cmpint(ipc(d, trace_msg, sizeof(trace_msg), reply, 12), ==, 0);
	stream_run(d, 0);
	/* TRACE_DMA_POSITION; the doorbell has 31 bits of the command, the box all. */
	g_assert_cmphex(dsp_message(d, reply, 24, 500) & ~BUSY, ==, 0x90020000 & ~BUSY);
	g_assert_cmphex(le32(reply + 4), ==, 0x90020000);
	g_assert_cmpuint(le32(reply + 12), >=, 20);       /* host_offset: bytes written */
	g_assert_cmpuint(le32(reply + 20), >=, 2);        /* messages */
	check_trace(d->buf->vaddr, le32(reply + 12), ready);
	g_assert_cmpint(ipc_simple(d, 0x90050000, 0), ==, 0);

	/* IMR boot: context saved, cores down and up, ROM_CONTROL only. */
	g_assert_cmpint(ipc_simple(d, 0x40010000, 0), ==, 0);
	wr(d, 4, ADSPCS, CSTALL(0xfu) | CRST(0xfu));
	wait_reg(d, 4, ADSPCS, CPA(0xfu), 0, 50, "ADSPCS.CPA off");
	g_assert_cmphex(rd(d, 4, FSR), ==, 0);
	power_up(d);
	rom_message(d, ROM_CONTROL);
	run_core0(d);
	rom_ack(d);
	wait_reg(d, 4, FSR, 0xffffff, FSR_FW_ENTERED, 100, "FSR FW_ENTERED (IMR)");
	g_assert_cmphex(dsp_message(d, ready, sizeof(ready), 2000) & ~BUSY, ==, 0x70000000);
	check_fw_ready(file, ready);
	g_assert_cmpint(ipc_simple(d, 0x10000000, 0), ==, 0);
	dsp_stop(d);
}

static void test_boot_other(gconstpointer data)
{
	const Gen *gen = data;
	g_autoptr(GBytes) file = firmware(gen->image);
	uint8_t ready[108 + 400];
	Dsp *d;

	if (!file)
		return;
	d = dsp_start(gen, NULL);
	if (gen == &tgl) {
		/* The host powers core 0 only: SPA for the others does nothing. */
		wr(d, 4, ADSPCS, SPA(0xfu) | CSTALL(0xfu) | CRST(0xfu));
		wait_reg(d, 4, ADSPCS, CPA(0xfu), CPA(0x1u), 50, "ADSPCS.CPA core 0");
		g_assert_true(stays_off(d, 4, ADSPCS, CPA(0xeu), CPA(0xeu), 5));
	}
	boot_to_fw_ready(d, file, ready, sizeof(ready));
	check_fw_ready(file, ready);
	g_assert_cmpint(ipc_simple(d, 0x10000000, 0), ==, 0);
	if (gen == &tgl) {
		/* ... the firmware powers the others. */
		g_assert_cmpint(ipc_simple(d, 0x40070000, 0x3), ==, 0);
		g_assert_cmphex(rd(d, 4, ADSPCS) & CPA(0xfu), ==, CPA(0x3u));
	}
	dsp_stop(d);
}

/* The ROM refuses what a ROM would: error code at window 0 + 4, FSR halted. */
static void refused(const Gen *gen, GBytes *pl, uint32_t code)
{
	Dsp *d = dsp_start(gen, NULL);

	cold_boot_start(d, pl, 1);
	wait_reg(d, 4, FSR, FSR_HALTED, FSR_HALTED, 3000, "FSR halted");
	g_assert_cmpuint(rd(d, 4, ROM_ERROR), ==, code);
	g_assert_cmphex(rd(d, 4, FSR) & 0xffffff, !=, FSR_FW_ENTERED);
	dsp_stop(d);
}

/* PROCEN hands a stream to the DSP only under GPROCEN: without it nothing loads. */
static void test_no_gprocen(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	g_autoptr(GBytes) pl = NULL;
	Dsp *d;

	if (!file)
		return;
	pl = payload(file);
	d = dsp_start(&cnl, NULL);
	cold_boot_start_gprocen(d, pl, 1, FALSE);
	g_assert_true(stays_off(d, 4, FSR, 0xffffff, FSR_FW_ENTERED, 300));
	dsp_stop(d);
}

static void test_refuse_xman(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");

	if (file)
		refused(&cnl, file, 43);
}

static void test_refuse_tampered(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	g_autoptr(GBytes) pl = NULL;
	uint8_t *p;
	gsize len;

	if (!file)
		return;
	pl = payload(file);
	p = g_bytes_unref_to_data(g_bytes_ref(pl), &len);
	p[0xa000 + 0x100] ^= 0x01; /* a byte of BASEFW's text */
	g_bytes_unref(pl);
	pl = g_bytes_new_take(p, len);
	refused(&cnl, pl, 44);
}

/* The $CPD entry named @name (a prefix match for "*.met"): its offset and length. */
static void cpd_entry(const uint8_t *p, const char *name, uint32_t *off, uint32_t *len)
{
	for (uint32_t i = 0; i < le32(p + 4); i++) {
		const uint8_t *e = p + p[10] + 24 * i;
		char entry[13] = { 0 };

		memcpy(entry, e, 12);
		if (!strcmp(entry, name) ||
		    (!strcmp(name, "*.met") && g_str_has_suffix(entry, ".met"))) {
			*off = le32(e + 12);
			*len = le32(e + 16);
			return;
		}
	}
	g_error("no $CPD entry %s", name);
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
	g_autoptr(GChecksum) c = g_checksum_new(G_CHECKSUM_SHA256);
	gsize n = 32;

	g_checksum_update(c, data, len);
	g_checksum_get_digest(c, out, &n);
}

/*
 * A module changed and the outer hashes made to match again (the metadata's
 * hash of the code partition, and the signed package's reversed hash of the
 * metadata): only the module's own hash in its $AME entry can catch it.
 */
static void test_refuse_module_hash(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	g_autoptr(GBytes) pl = NULL;
	uint32_t met, met_len, code, code_len, man, man_len;
	uint8_t *p, h[32];
	gsize len;

	if (!file)
		return;
	pl = payload(file);
	p = g_bytes_unref_to_data(g_bytes_ref(pl), &len);
	cpd_entry(p, "*.met", &met, &met_len);
	cpd_entry(p, "ADSP.man", &man, &man_len);
	cpd_entry(p, "cavs0015", &code, &code_len);
	p[0xa000 + 0x100] ^= 0x01;
	sha256(p + code, code_len, p + met + 28 + 12);
	sha256(p + met, met_len, h);
	/* signed package extension after the 161-dword CSS: module hash at +52+20 */
	g_assert_cmpuint(le32(p + man + 161 * 4), ==, 15);
	for (int i = 0; i < 32; i++)
		p[man + 161 * 4 + 52 + 20 + i] = h[31 - i];
	g_bytes_unref(pl);
	pl = g_bytes_new_take(p, len);
	refused(&cnl, pl, 44);
}

static void test_refuse_other_part(void)
{
	g_autoptr(GBytes) apl_file = firmware("sof-apl.ri");
	g_autoptr(GBytes) tgl_file = firmware("sof-tgl.ri");
	g_autoptr(GBytes) apl_pl = NULL, tgl_pl = NULL;

	if (!apl_file || !tgl_file)
		return;
	apl_pl = payload(apl_file);
	tgl_pl = payload(tgl_file);
	refused(&cnl, apl_pl, 47);   /* $AM1 load offset 0x2000, CNL loads at 0x30000 */
	refused(&cnl, tgl_pl, 43);   /* $CPD version 2: not a cAVS 1.8 image */
}

/* The purge names a DMA id whose stream is not the one running: nothing loads. */
static void test_wrong_tag(void)
{
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	g_autoptr(GBytes) pl = NULL;
	Dsp *d;

	if (!file)
		return;
	pl = payload(file);
	d = dsp_start(&cnl, NULL);
	cold_boot_start(d, pl, 7);
	g_assert_true(stays_off(d, 4, FSR, 0xffffff, FSR_FW_ENTERED, 200));
	g_assert_cmpuint(rd(d, 4, ROM_ERROR), ==, 43);
	dsp_stop(d);
}

/*
 * Random accesses of every width over the DSP's registers, SSPs, windows and
 * BAR0 capabilities (fixed seed): the model must stay up and keep answering,
 * then still take a ROM message.
 */
static void test_random_accesses(void)
{
	static const struct {
		unsigned bar;
		uint32_t base, span;
	} areas[] = {
		{ 4, 0x0, 0x100 }, { 4, 0x10000, 0x3000 }, { 4, 0x80000, 0x80000 },
		{ 0, 0x0, 0x200 }, { 0, 0x500, 0xb00 }, { 0, 0x1000, 0xf04 },
	};
	Dsp *d = dsp_start(&cnl, NULL);
	GRand *r = g_rand_new_with_seed(0x5f0f);

	for (unsigned i = 0; i < 4000; i++) {
		unsigned a = g_rand_int_range(r, 0, G_N_ELEMENTS(areas));
		unsigned width = 1u << g_rand_int_range(r, 0, 3);
		uint32_t off = (areas[a].base + g_rand_int_range(r, 0, areas[a].span)) & ~(width - 1);
		uint64_t val = g_rand_int(r);

		if (areas[a].bar == 0 && off < 0x20)
			continue; /* leave GCTL and friends alone: the controller stays up */
		if (g_rand_boolean(r))
			sv_bar_write(d->dev, areas[a].bar, off, width, val, NULL);
		else
			sv_bar_read(d->dev, areas[a].bar, off, width, &val, NULL);
	}
	g_rand_free(r);
	/* Still the part it was, and a ROM that boots from scratch. */
	wr(d, 4, ADSPCS, CSTALL(0xfu) | CRST(0xfu));
	wait_reg(d, 4, ADSPCS, CPA(0xfu), 0, 50, "ADSPCS.CPA off");
	wr(d, 4, cnl.ack, 1u << 31);
	wr(d, 4, cnl.req, 0);
	power_up(d);
	rom_message(d, ROM_CONTROL | PURGE);
	run_core0(d);
	rom_ack(d);
	dsp_stop(d);
}

typedef struct {
	const char *fault;
	void (*check)(Dsp *d, GBytes *file);
} FaultCase;

static void fault_cpa(Dsp *d, GBytes *file)
{
	wr(d, 4, ADSPCS, SPA(0xfu) | CSTALL(0xfu) | CRST(0xfu));
	g_assert_true(stays_off(d, 4, ADSPCS, CPA(0xfu), CPA(0xfu), 60));
}

static void fault_no_rom_ack(Dsp *d, GBytes *file)
{
	power_up(d);
	rom_message(d, ROM_CONTROL | PURGE);
	run_core0(d);
	g_assert_true(stays_off(d, 4, cnl.ack, 1u << 31, 1u << 31, 200));
	g_assert_cmphex(rd(d, 4, FSR), ==, 0);
}

static void fault_rom_error(Dsp *d, GBytes *file)
{
	g_autoptr(GBytes) pl = payload(file);

	cold_boot_start(d, pl, 1);
	wait_reg(d, 4, FSR, FSR_HALTED, FSR_HALTED, 3000, "FSR halted");
	g_assert_cmpuint(rd(d, 4, ROM_ERROR), ==, 0x2c);
}

static void fault_fsr_stuck(Dsp *d, GBytes *file)
{
	power_up(d);
	rom_message(d, ROM_CONTROL | PURGE);
	run_core0(d);
	wait_reg(d, 4, FSR, 0xffffffff, 0x06000021, 100, "FSR stuck value");
	g_assert_true(stays_off(d, 4, FSR, 0xffffff, FSR_INIT_DONE, 100));
}

static void fault_no_fw_ready(Dsp *d, GBytes *file)
{
	g_autoptr(GBytes) pl = payload(file);

	cold_boot_start(d, pl, 1);
	wait_reg(d, 4, FSR, 0xffffff, FSR_FW_ENTERED, 3000, "FSR FW_ENTERED");
	g_assert_true(stays_off(d, 4, cnl.dsp_req, BUSY, BUSY, 200));
}

static void fault_panic(Dsp *d, GBytes *file)
{
	uint8_t ready[108], oops[512];
	uint32_t msg[2] = { 8, 0x10000000 }, db, at, total;

	boot_to_fw_ready(d, file, ready, sizeof(ready));
	g_assert_true(sv_region_write(d->dev, SV_REGION_BAR0 + 4, HOST_BOX, msg, 8, NULL));
	wr(d, 4, cnl.req, BUSY);
	wait_reg(d, 4, cnl.dsp_req, BUSY, BUSY, 500, "panic doorbell");
	db = rd(d, 4, cnl.dsp_req) & ~BUSY;
	g_assert_cmphex(db & 0x0ffff000, ==, 0x0dead000);
	at = 0x80000 + (rd(d, 4, cnl.dsp_data) & 0xffffff);
	g_assert_true(sv_region_read(d->dev, SV_REGION_BAR0 + 4, at, oops, sizeof(oops), NULL));
	total = le32(oops + 4);
	g_assert_cmpuint(total, >=, 124);
	g_assert_cmpuint(total, <=, 0x400 - 44 - 128);
	/* panic_info (Linux trace.h): {hdr.size 44, code, filename[32], linenum} */
	g_assert_cmpuint(le32(oops + total), ==, 44);
	g_assert_cmphex(le32(oops + total + 4), ==, db);
	g_assert_nonnull(memchr(oops + total + 8, 0, 32));
	g_assert_cmpuint(strlen((const char *)oops + total + 8), >, 0);
	g_assert_cmphex(rd(d, 4, cnl.ack) & (1u << 31), ==, 0);      /* never answered */
}

static void fault_ipc_timeout(Dsp *d, GBytes *file)
{
	uint8_t ready[108];
	uint32_t msg[2] = { 8, 0x10000000 };

	boot_to_fw_ready(d, file, ready, sizeof(ready));
	g_assert_true(sv_region_write(d->dev, SV_REGION_BAR0 + 4, HOST_BOX, msg, 8, NULL));
	wr(d, 4, cnl.req, BUSY);
	g_assert_true(stays_off(d, 4, cnl.ack, 1u << 31, 1u << 31, 600));
}

static void fault_abi(Dsp *d, GBytes *file)
{
	uint8_t ready[108];

	boot_to_fw_ready(d, file, ready, sizeof(ready));
	g_assert_cmphex(le32(ready + 64) >> 24, ==, 4);
}

static void fault_dead(Dsp *d, GBytes *file)
{
	g_assert_cmphex(rd(d, 4, ADSPCS), ==, 0xffffffff);
	g_assert_cmphex(rd(d, 4, FSR), ==, 0xffffffff);
	wr(d, 0, d->pp + PPCTL, PIE); /* BAR0 still answers: only the DSP is gone */
	g_assert_cmphex(rd(d, 0, d->pp + PPCTL), ==, PIE);
}

static void test_fault(gconstpointer data)
{
	const FaultCase *c = data;
	g_autoptr(GBytes) file = firmware("sof-cnl.ri");
	Dsp *d;

	if (!file)
		return;
	d = dsp_start(&cnl, c->fault);
	c->check(d, file);
	dsp_stop(d);
}

static const FaultCase faults[] = {
	{ "cpa-stuck", fault_cpa },
	{ "no-rom-ack", fault_no_rom_ack },
	{ "rom-error=0x2c", fault_rom_error },
	{ "fsr-stuck=0x06000021", fault_fsr_stuck },
	{ "no-fw-ready", fault_no_fw_ready },
	{ "panic", fault_panic },
	{ "ipc-timeout", fault_ipc_timeout },
	{ "abi-mismatch", fault_abi },
	{ "dead", fault_dead },
};

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (!g_getenv("SOFVFIO_EMU")) {
		printf("1..0 # SKIP SOFVFIO_EMU does not name the sofvfio-emu executable\n");
		return 0;
	}
	g_test_add_func("/dsp-model/identity-power", test_identity);
	g_test_add_func("/dsp-model/rom-both-orders", test_rom_orders);
	g_test_add_func("/dsp-model/boot/cnl", test_boot_cnl);
	g_test_add_data_func("/dsp-model/boot/cnl-community", &cnl_community, test_boot_other);
	g_test_add_data_func("/dsp-model/boot/apl", &apl, test_boot_other);
	g_test_add_data_func("/dsp-model/boot/tgl", &tgl, test_boot_other);
	g_test_add_func("/dsp-model/refuse/xman-not-stripped", test_refuse_xman);
	g_test_add_func("/dsp-model/refuse/tampered-module", test_refuse_tampered);
	g_test_add_func("/dsp-model/refuse/module-hash", test_refuse_module_hash);
	g_test_add_func("/dsp-model/refuse/other-part", test_refuse_other_part);
	g_test_add_func("/dsp-model/refuse/purge-tag-mismatch", test_wrong_tag);
	g_test_add_func("/dsp-model/refuse/no-gprocen", test_no_gprocen);
	g_test_add_func("/dsp-model/random-accesses", test_random_accesses);
	for (unsigned i = 0; i < G_N_ELEMENTS(faults); i++) {
		g_autofree char *path = g_strdup_printf("/dsp-model/fault/%s", faults[i].fault);

		g_test_add_data_func(path, &faults[i], test_fault);
	}
	return g_test_run();
}
