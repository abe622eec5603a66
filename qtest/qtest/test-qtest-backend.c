// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-qtest-backend.c - what only the qtest backend does: its option
 * string, finding QEMU, QEMU dying under it, never leaving a QEMU behind,
 * BAR placement and virtualised BAR registers, guest-RAM DMA with IOVA ==
 * guest physical address, MSI through a RAM doorbell and INTx through the
 * intercepted IOAPIC with VFIO's automask, reset, wav and log options, and
 * the cost of a register access.
 *
 * Device tests take the device from --device (qtest:..., see
 * qtest/qtest/meson.build); the option and failure tests open their own.  Every
 * test ends by checking that no QEMU child of ours is left.
 */
#include "harness.h"
#include "hda-mini.h"
#include "sofvfio/hda-regs.h"
#include "sofvfio/hda-verbs.h"
#include "sofvfio/wait.h"

#include <dirent.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IRQ_TIMEOUT_MS 2000
#define QUIET_MS 200
#define AC_PAR_VENDOR_ID 0x00

/* What each controller model reports (QEMU hw/audio/intel-hda.c). */
static const struct {
	const char *name;
	uint16_t device_id;
} controllers[] = {
	{ "intel-hda", 0x2668 },
	{ "ich9-intel-hda", 0x293e },
};

/* ---- helpers -------------------------------------------------------------- */

/* "key: value" from sv_device_describe(). */
static char *describe_value(SvDevice *dev, const char *key)
{
	g_autoptr(GString) s = g_string_new(NULL);
	g_autofree char *k = g_strdup_printf("\n%s: ", key);
	const char *p, *end;

	g_string_append_c(s, '\n');
	sv_device_describe(dev, s);
	p = strstr(s->str, k);
	if (!p)
		return NULL;
	p += strlen(k);
	end = strchr(p, '\n');
	return g_strndup(p, end ? (gsize)(end - p) : strlen(p));
}

static pid_t qemu_pid(SvDevice *dev)
{
	g_autofree char *v = describe_value(dev, "qemu-pid");

	g_assert_nonnull(v);
	return (pid_t)atoi(v);
}

/* Children of this process whose command is QEMU, zombies included. */
static GArray *qemu_children(void)
{
	GArray *pids = g_array_new(FALSE, FALSE, sizeof(pid_t));
	DIR *d = opendir("/proc");
	struct dirent *e;

	g_assert_nonnull(d);
	while ((e = readdir(d))) {
		g_autofree char *path = NULL;
		g_autofree char *stat = NULL;
		const char *close_paren;
		char state;
		int ppid;

		if (!g_ascii_isdigit(e->d_name[0]))
			continue;
		path = g_strdup_printf("/proc/%s/stat", e->d_name);
		if (!g_file_get_contents(path, &stat, NULL, NULL))
			continue;
		/* pid (comm) state ppid ...; comm may hold spaces, so parse after ')'. */
		close_paren = strrchr(stat, ')');
		if (!close_paren || sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2)
			continue;
		if (ppid == getpid() && strstr(stat, "(qemu"))
			g_array_append_val(pids, (pid_t){ atoi(e->d_name) });
	}
	closedir(d);
	return pids;
}

/* Any process at all whose command line names @needle (our qtest socket). */
static gboolean process_with_arg(const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	gboolean found = FALSE;

	g_assert_nonnull(d);
	while (!found && (e = readdir(d))) {
		g_autofree char *path = NULL;
		g_autofree char *cmd = NULL;
		gsize len;

		if (!g_ascii_isdigit(e->d_name[0]))
			continue;
		path = g_strdup_printf("/proc/%s/cmdline", e->d_name);
		if (!g_file_get_contents(path, &cmd, &len, NULL))
			continue;
		for (gsize i = 0; i < len; i += strlen(cmd + i) + 1)
			if (strstr(cmd + i, needle))
				found = TRUE;
	}
	closedir(d);
	return found;
}

static void assert_no_qemu_children(void)
{
	g_autoptr(GArray) pids = qemu_children();

	for (guint i = 0; i < pids->len; i++)
		g_printerr("# QEMU child %d left behind\n", g_array_index(pids, pid_t, i));
	g_assert_cmpuint(pids->len, ==, 0);
}

/* Close @dev and check its QEMU is gone: reaped, and no process names its socket. */
static void close_and_check(SvDevice *dev)
{
	g_autofree char *sock = describe_value(dev, "qtest-socket");
	pid_t pid = qemu_pid(dev);

	g_assert_nonnull(sock);
	sv_device_close(dev);
	g_assert_cmpint(kill(pid, 0), ==, -1);
	g_assert_cmpint(errno, ==, ESRCH); /* not even a zombie: reaped */
	g_assert_false(process_with_arg(sock));
}

static SvDevice *open_ok(const char *name)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	sv_assert_no_error(err);
	g_assert_nonnull(dev);
	return dev;
}

static void expect_open_error(const char *name, int code, const char *const *needles)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(name, &err);

	g_assert_null(dev);
	g_assert_nonnull(err);
	g_test_message("%s -> %s", name, err->message);
	g_assert_error(err, SV_ERROR, code);
	for (; needles && *needles; needles++) {
		if (!strstr(err->message, *needles))
			g_printerr("# '%s' not in: %s\n", *needles, err->message);
		g_assert_nonnull(strstr(err->message, *needles));
	}
	assert_no_qemu_children();
}

static uint32_t vendor_id_verb(HdaMini *h)
{
	unsigned cad = (unsigned)g_bit_nth_lsf(h->codec_mask, -1);

	return HDA_VERB(cad, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID);
}

static uint16_t expected_device_id(SvDevice *dev)
{
	g_autofree char *ctl = describe_value(dev, "controller");

	g_assert_nonnull(ctl);
	for (unsigned i = 0; i < G_N_ELEMENTS(controllers); i++)
		if (g_str_has_prefix(ctl, controllers[i].name) &&
		    ctl[strlen(controllers[i].name)] == ' ')
			return controllers[i].device_id;
	g_assert_not_reached();
}

/* ---- option string and QEMU discovery (no QEMU must start) ----------------- */

static void test_bad_controller(gconstpointer data)
{
	static const char *const n[] = { "'ich6-hda'", "option 1", "intel-hda",
					 "ich9-intel-hda", NULL };

	expect_open_error("qtest:ich6-hda", SV_ERROR_INVAL, n);
}

static void test_bad_codec(gconstpointer data)
{
	static const char *const n[] = { "codec=hda-nope", "option 2", "hda-duplex",
					 "hda-micro", "hda-output", NULL };

	expect_open_error("qtest:intel-hda,codec=hda-nope", SV_ERROR_INVAL, n);
}

static void test_bad_options(gconstpointer data)
{
	static const struct {
		const char *name;
		const char *needle[4]; /* NULL-terminated */
	} cases[] = {
		{ "qtest:intel-hda,,msi=on", { "option 2", "empty" } },
		{ "qtest:,msi=on", { "option 1", "empty" } },
		{ "qtest:msi=on,", { "option 2", "empty" } },
		{ "qtest:msi=on,msi=off", { "option 2", "twice", "option 1" } },
		{ "qtest:=on", { "option 1", "empty" } },
		{ "qtest:bogus=1", { "'bogus=1'", "codec=", "mem=" } },
		{ "qtest:msi=maybe", { "'msi=maybe'", "on or off" } },
		{ "qtest:mem=abc", { "'mem=abc'", "MiB" } },
		{ "qtest:mem=1", { "'mem=1'", "MiB" } },
		{ "qtest:mem=99999999999999999999", { "option 1", "MiB" } },
		{ "qtest:intel-hda,ich9-intel-hda", { "option 2", "KEY=VALUE" } },
		{ "qtest:codec=hda-duplex,msi", { "option 2", "'msi'", "KEY=VALUE" } },
		{ "qtest:wav=", { "'wav='", "empty" } },
		{ "qtest:intel-hda,msi=on,log=", { "option 3", "at character 17" } },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++)
		expect_open_error(cases[i].name, SV_ERROR_INVAL, cases[i].needle);
}

static void test_qemu_missing(gconstpointer data)
{
	static const char *const by_opt[] = { "/nonexistent/qemu", "qemu=", NULL };
	static const char *const by_path[] = { "qemu-system-x86", "qemu=PATH", NULL };
	g_autofree char *old_path = g_strdup(g_getenv("PATH"));
	g_autofree char *old_qemu = g_strdup(g_getenv("SOFVFIO_QEMU"));
	g_autofree char *empty = g_dir_make_tmp("sofvfio-nopath-XXXXXX", NULL);

	expect_open_error("qtest:qemu=/nonexistent/qemu", SV_ERROR_NOT_FOUND, by_opt);

	g_assert_nonnull(empty);
	g_setenv("PATH", empty, TRUE);
	g_unsetenv("SOFVFIO_QEMU");
	expect_open_error("qtest:", SV_ERROR_NOT_FOUND, by_path);
	g_setenv("PATH", old_path, TRUE);
	if (old_qemu)
		g_setenv("SOFVFIO_QEMU", old_qemu, TRUE);
	g_rmdir(empty);
}

/* A "QEMU" that says something and exits: the error quotes both. */
static void test_qemu_exits_at_start(gconstpointer data)
{
	static const char *const n[] = { "exited with status 3", "wrapper-last-words", NULL };
	g_autofree char *dir = g_dir_make_tmp("sofvfio-qt-XXXXXX", NULL);
	g_autofree char *script = g_build_filename(dir, "qemu", NULL);
	g_autofree char *name = g_strdup_printf("qtest:qemu=%s", script);
	g_autoptr(GError) err = NULL;

	g_assert_true(g_file_set_contents(script, "#!/bin/sh\necho wrapper-last-words >&2\n"
					  "exit 3\n", -1, &err));
	g_assert_cmpint(chmod(script, 0755), ==, 0);
	expect_open_error(name, SV_ERROR_CRASHED, n);
	g_unlink(script);
	g_rmdir(dir);
}

/* ---- QEMU's lifetime ----------------------------------------------------- */

static void test_crash(gconstpointer data)
{
	const char *name = sv_test_backend()->device;
	g_autoptr(GError) err = NULL;
	SvDevice *dev = open_ok(name);
	pid_t pid = qemu_pid(dev);
	SvRegionInfo ri;
	uint64_t v;
	uint32_t id;

	g_assert_true(sv_config_read32(dev, 0, &id, &err));
	sv_assert_no_error(err);
	g_assert_cmpint(kill(pid, SIGKILL), ==, 0);

	/* The very next access fails, quoting how QEMU ended. */
	g_assert_false(sv_config_read32(dev, 0, &id, &err));
	g_print("# after kill -9: %s\n", err ? err->message : "(no error)");
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_assert_nonnull(strstr(err->message, "killed by signal 9"));
	g_clear_error(&err);
	/* And every one after it. */
	g_assert_false(sv_bar_read(dev, 0, HDA_GCAP, 2, &v, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_clear_error(&err);
	g_assert_false(sv_device_reset(dev, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_clear_error(&err);
	g_assert_false(sv_region_info(dev, SV_REGION_BAR0, &ri, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_clear_error(&err);
	g_assert_null(sv_dma_alloc(dev, 4096, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	g_clear_error(&err);
	g_assert_false(sv_irq_enable(dev, SV_IRQ_INTX, 1, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_CRASHED);
	close_and_check(dev);
}

/* A QEMU that stops answering: a bounded wait, then the device refuses to go on. */
static void test_hang(gconstpointer data)
{
	const char *name = sv_test_backend()->device;
	g_autoptr(GError) err = NULL;
	SvDevice *dev;
	pid_t pid;
	uint32_t id;
	int64_t t0;

	g_setenv("SOFVFIO_QTEST_TIMEOUT_MS", "300", TRUE);
	dev = open_ok(name);
	g_unsetenv("SOFVFIO_QTEST_TIMEOUT_MS");
	pid = qemu_pid(dev);
	g_assert_cmpint(kill(pid, SIGSTOP), ==, 0);
	t0 = sv_now_us();
	g_assert_false(sv_config_read32(dev, 0, &id, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_TIMEOUT);
	g_assert_cmpint(sv_now_us() - t0, >=, 300000);
	g_assert_cmpint(sv_now_us() - t0, <, 5000000);
	g_clear_error(&err);
	/* A late reply could be taken for the next one: refuse instead. */
	g_assert_cmpint(kill(pid, SIGCONT), ==, 0);
	g_assert_false(sv_config_read32(dev, 0, &id, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_IO);
	g_assert_nonnull(strstr(err->message, "reopen"));
	close_and_check(dev);
}

static void test_no_orphans(gconstpointer data)
{
	const char *name = sv_test_backend()->device;
	SvDevice *a = open_ok(name), *b = open_ok(name);
	pid_t pa = qemu_pid(a), pb = qemu_pid(b);
	g_autoptr(GArray) kids = qemu_children();

	/* Two devices, two QEMUs, both children of ours. */
	g_assert_cmpint(pa, !=, pb);
	g_assert_cmpuint(kids->len, ==, 2);
	close_and_check(a);
	g_assert_cmpint(kill(pb, 0), ==, 0);
	close_and_check(b);
}

/* ---- wav and log options ------------------------------------------------- */

static void test_wav_and_log(gconstpointer data)
{
	g_autofree char *dir = g_dir_make_tmp("sofvfio-qt-XXXXXX", NULL);
	g_autofree char *wav = g_build_filename(dir, "out.wav", NULL);
	g_autofree char *log = g_build_filename(dir, "qemu.log", NULL);
	g_autofree char *script = g_build_filename(dir, "qemu", NULL);
	g_autofree char *qemu = g_find_program_in_path(g_getenv("SOFVFIO_QEMU") ?
						       g_getenv("SOFVFIO_QEMU") :
						       "qemu-system-x86_64");
	g_autofree char *body = g_strdup_printf("#!/bin/sh\necho hello-from-wrapper >&2\n"
						"exec %s \"$@\"\n", qemu);
	g_autofree char *name = g_strdup_printf("qtest:codec=hda-output,wav=%s,log=%s,qemu=%s",
						wav, log, script);
	g_autofree char *contents = NULL;
	g_autofree char *audio = NULL;
	g_autoptr(GError) err = NULL;
	gsize len;
	SvDevice *dev;

	g_assert_true(g_file_set_contents(script, body, -1, &err));
	g_assert_cmpint(chmod(script, 0755), ==, 0);
	dev = open_ok(name);
	audio = describe_value(dev, "audio");
	g_assert_nonnull(strstr(audio, wav));
	close_and_check(dev);

	/* A clean quit: the wav audiodev wrote its RIFF header. */
	g_assert_true(g_file_get_contents(wav, &contents, &len, &err));
	g_assert_cmpuint(len, >=, 44);
	g_assert_cmpmem(contents, 4, "RIFF", 4);
	g_assert_cmpmem(contents + 8, 4, "WAVE", 4);
	/* 48 kHz as asked (fmt chunk: sample rate at byte 24). */
	g_assert_cmpuint(GUINT32_FROM_LE(*(uint32_t *)(contents + 24)), ==, 48000);
	g_clear_pointer(&contents, g_free);
	g_assert_true(g_file_get_contents(log, &contents, &len, &err));
	g_assert_nonnull(strstr(contents, "hello-from-wrapper"));
	g_unlink(wav);
	g_unlink(log);
	g_unlink(script);
	g_rmdir(dir);
}

/* ---- the device ------------------------------------------------------------ */

static void test_config(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	SvRegionInfo ri;
	uint32_t id, bar0, probe = 0;
	uint16_t cmd;
	uint64_t gcap;

	g_assert_true(sv_config_read32(dev, 0, &id, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(id & 0xffff, ==, 0x8086);
	g_assert_cmphex(id >> 16, ==, expected_device_id(dev));

	/* The backend placed BAR0 and enabled memory decode and bus mastering. */
	g_assert_true(sv_config_read16(dev, 0x04, &cmd, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(cmd & 0x6, ==, 0x6);
	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &ri, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(ri.size, ==, 0x4000);
	g_assert_cmphex(ri.flags & VFIO_REGION_INFO_FLAG_MMAP, ==, 0);
	g_assert_true(sv_config_read32(dev, 0x10, &bar0, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(bar0 & ~0xfu, !=, 0);

	/* Sizing through config space sees the size and does not move the BAR. */
	g_assert_true(sv_config_write32(dev, 0x10, 0xffffffff, &err) &&
		      sv_config_read32(dev, 0x10, &probe, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(probe & ~0xfu, ==, (uint32_t)~(ri.size - 1));
	g_assert_true(sv_bar_read(dev, 0, HDA_GCAP, 2, &gcap, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(gcap, !=, 0xffff);
	g_assert_true(sv_config_write32(dev, 0x10, bar0, &err) &&
		      sv_config_read32(dev, 0x10, &probe, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(probe, ==, bar0);

	/* A plain R/W register goes to the device: the interrupt line byte. */
	g_assert_true(sv_config_write8(dev, 0x3c, 0x5a, &err));
	sv_assert_no_error(err);
	{
		uint8_t line;

		g_assert_true(sv_config_read8(dev, 0x3c, &line, &err));
		sv_assert_no_error(err);
		g_assert_cmphex(line, ==, 0x5a);
	}
	/* Outside config space: refused before anything goes on the wire. */
	g_assert_false(sv_config_read32(dev, 0xfe, &id, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
}

static void test_bar0(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	uint64_t v;
	uint8_t bytes[4];

	g_assert_true(sv_bar_read(dev, 0, HDA_VMAJ, 1, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(v, ==, 1);
	g_assert_true(sv_bar_read(dev, 0, HDA_VMIN, 1, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(v, ==, 0);
	/* GCAP: 4 input, 4 output streams in QEMU's model; at least one of each. */
	g_assert_true(sv_bar_read(dev, 0, HDA_GCAP, 2, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(HDA_GCAP_OSS(v), >=, 1);
	g_assert_cmpuint(HDA_GCAP_ISS(v), >=, 1);

	/* Widths 4 and 1 on a R/W register, and a multi-byte region read. */
	g_assert_true(sv_bar_write(dev, 0, HDA_CORBLBASE, 4, 0x12345680, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_bar_read(dev, 0, HDA_CORBLBASE, 4, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(v, ==, 0x12345680);
	g_assert_true(sv_region_read(dev, SV_REGION_BAR0, HDA_CORBLBASE, bytes, 4, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(bytes[3], ==, 0x12);
	g_assert_cmphex(bytes[1], ==, 0x56);
	g_assert_true(sv_bar_write(dev, 0, HDA_CORBLBASE, 4, 0, &err));
	sv_assert_no_error(err);

	/* Out of range: refused, nothing sent to QEMU. */
	g_assert_false(sv_region_read(dev, SV_REGION_BAR0, 0x4000, bytes, 4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);
	g_assert_false(sv_region_read(dev, 1, 0, bytes, 4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
}

static void test_dma(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	SvDmaBuf *a, *b, *c;
	HdaMini h;
	uint32_t resp;
	uint64_t first;

	/* IOVA is the guest physical address, from 1 MiB up, page aligned. */
	a = sv_dma_alloc(dev, 8192, &err);
	sv_assert_no_error(err);
	b = sv_dma_alloc(dev, 100, &err);
	sv_assert_no_error(err);
	g_assert_cmphex(a->iova, >=, 0x100000);
	g_assert_cmphex(a->iova % 4096, ==, 0);
	g_assert_cmphex(b->iova, >=, a->iova + a->size);
	first = a->iova;

	/* No IOMMU: another IOVA for the same memory is refused, and says why. */
	g_assert_false(sv_dma_map_at(dev, b, 0x40000000, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	g_assert_nonnull(strstr(err->message, "no IOMMU"));
	g_clear_error(&err);

	/* Freed guest RAM is reused (first fit). */
	sv_dma_free(dev, a);
	c = sv_dma_alloc(dev, 4096, &err);
	sv_assert_no_error(err);
	g_assert_cmphex(c->iova, ==, first);
	sv_dma_free(dev, c);
	sv_dma_free(dev, b);

	/* Round trip through the device: it reads our verb, writes its answer. */
	g_assert_true(hda_mini_init(&h, dev, &err));
	sv_assert_no_error(err);
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	g_assert_true(hda_mini_poll(&h, IRQ_TIMEOUT_MS, &resp, &err));
	sv_assert_no_error(err);
	/* QEMU's codecs: vendor 1af4 (Red Hat). */
	g_assert_cmphex(resp >> 16, ==, 0x1af4);
	hda_mini_fini(&h);
}

static gboolean fd_ready_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

static void serve(HdaMini *h, uint32_t index)
{
	g_autoptr(GError) err = NULL;
	uint32_t resp;

	g_assert_true(sv_irq_wait(h->dev, index, 0, IRQ_TIMEOUT_MS, NULL, &err));
	sv_assert_no_error(err);
	g_assert_true(hda_mini_poll(h, IRQ_TIMEOUT_MS, &resp, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(resp >> 16, ==, 0x1af4);
	g_assert_true(hda_mini_ack(h, NULL, &err));
	sv_assert_no_error(err);
}

static void assert_quiet(SvDevice *dev, uint32_t index)
{
	g_autoptr(GError) err = NULL;

	g_assert_false(sv_irq_wait(dev, index, 0, QUIET_MS, NULL, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_TIMEOUT);
}

static void test_msi(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *msi = describe_value(dev, "msi");
	SvIrqInfo ii;
	HdaMini h;

	g_assert_true(sv_irq_info(dev, SV_IRQ_MSI, &ii, &err));
	sv_assert_no_error(err);
	if (g_str_has_prefix(msi, "off")) {
		/* msi=off: no capability, so no vectors, and enabling is refused. */
		g_assert_cmpuint(ii.count, ==, 0);
		g_assert_false(sv_irq_enable(dev, SV_IRQ_MSI, 1, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
		return;
	}
	g_assert_cmpuint(ii.count, ==, 1);
	g_assert_true(hda_mini_init(&h, dev, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_irq_enable(dev, SV_IRQ_MSI, 1, &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_MSI);

	/*
	 * The response interrupt happens while QEMU handles the CORBWP write, so
	 * the eventfd is readable as soon as that write returns: no wait.
	 */
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	g_assert_true(fd_ready_now(sv_irq_fd(dev, SV_IRQ_MSI, 0)));
	serve(&h, SV_IRQ_MSI);
	/* Acknowledged: the next verb raises the next MSI. */
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	serve(&h, SV_IRQ_MSI);
	/* With interrupts off in INTCTL, nothing arrives. */
	sv_write32(dev, 0, HDA_INTCTL, 0);
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_MSI);
	hda_mini_fini(&h);
	g_assert_true(sv_irq_disable(dev, SV_IRQ_MSI, &err));
	sv_assert_no_error(err);
}

static void test_intx(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	SvIrqInfo ii;
	HdaMini h;
	uint32_t resp;

	g_assert_true(sv_irq_info(dev, SV_IRQ_INTX, &ii, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(ii.count, ==, 1);
	g_assert_cmphex(ii.flags & VFIO_IRQ_INFO_AUTOMASKED, ==, VFIO_IRQ_INFO_AUTOMASKED);
	g_assert_true(hda_mini_init(&h, dev, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_irq_enable(dev, SV_IRQ_INTX, 1, &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_INTX);

	/* "IRQ raise" comes before the reply to the CORBWP write. */
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	g_assert_true(fd_ready_now(sv_irq_fd(dev, SV_IRQ_INTX, 0)));
	serve(&h, SV_IRQ_INTX);

	/* Automasked: the line goes high again, the eventfd stays quiet... */
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_INTX);
	/* ...until the unmask, which finds the line still high and fires. */
	g_assert_true(sv_irq_unmask(dev, SV_IRQ_INTX, 0, &err));
	sv_assert_no_error(err);
	serve(&h, SV_IRQ_INTX);

	/* Explicit mask: the next one waits for the unmask too. */
	g_assert_true(sv_irq_unmask(dev, SV_IRQ_INTX, 0, &err));
	g_assert_true(sv_irq_mask(dev, SV_IRQ_INTX, 0, &err));
	sv_assert_no_error(err);
	g_assert_true(hda_mini_send(&h, vendor_id_verb(&h), &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_INTX);
	g_assert_true(hda_mini_poll(&h, IRQ_TIMEOUT_MS, &resp, &err));
	sv_assert_no_error(err);
	/* Serviced while masked: the line is low, the unmask stays quiet. */
	g_assert_true(hda_mini_ack(&h, NULL, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_irq_unmask(dev, SV_IRQ_INTX, 0, &err));
	sv_assert_no_error(err);
	assert_quiet(dev, SV_IRQ_INTX);

	hda_mini_fini(&h);
	g_assert_true(sv_irq_disable(dev, SV_IRQ_INTX, &err));
	sv_assert_no_error(err);
}

static void test_reset(SvDevice *dev, gconstpointer data)
{
	g_autoptr(GError) err = NULL;
	uint64_t v;
	uint16_t cmd;
	uint32_t bar0, bar0_after = 0;

	g_assert_true(sv_config_read32(dev, 0x10, &bar0, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_bar_write(dev, 0, HDA_CORBLBASE, 4, 0xabcd0000, &err));
	sv_assert_no_error(err);
	g_assert_true(sv_device_reset(dev, &err));
	sv_assert_no_error(err);
	/* The controller's registers are back at their reset values... */
	g_assert_true(sv_bar_read(dev, 0, HDA_CORBLBASE, 4, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(v, ==, 0);
	/* ...and the function is where it was, decoding, as after an FLR. */
	g_assert_true(sv_bar_read(dev, 0, HDA_VMAJ, 1, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmpuint(v, ==, 1);
	g_assert_true(sv_config_read16(dev, 0x04, &cmd, &err) &&
		      sv_config_read32(dev, 0x10, &bar0_after, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(cmd & 0x6, ==, 0x6);
	g_assert_cmphex(bar0_after, ==, bar0);
}

/* How long a register access takes over qtest (reported, loosely bounded). */
static void test_timing(gconstpointer data)
{
	const char *name = sv_test_backend()->device;
	const int n = 2000;
	int64_t t0 = sv_now_us(), t_open, t1;
	SvDevice *dev = open_ok(name);
	g_autofree char *launch = describe_value(dev, "launch-time");
	uint32_t id;

	t_open = sv_now_us() - t0;
	t0 = sv_now_us();
	for (int i = 0; i < n; i++)
		g_assert_cmphex(sv_read16(dev, 0, HDA_GCAP), !=, 0xffff);
	t1 = sv_now_us();
	g_print("# qtest: open %.1f ms (QEMU start to ready device: %s); BAR register read "
		"%.1f us; ", t_open / 1000.0, launch, (double)(t1 - t0) / n);
	t0 = sv_now_us();
	for (int i = 0; i < n; i++)
		g_assert_true(sv_config_read32(dev, 0, &id, NULL));
	t1 = sv_now_us();
	g_print("config dword read %.1f us\n", (double)(t1 - t0) / n);
	g_assert_true(sv_device_take_error(dev, NULL));
	/* Loose: catches a lost wake-up (a poll timeout per access), not a slow machine. */
	g_assert_cmpint((t1 - t0) / n, <, 5000);
	close_and_check(dev);
}

/*
 * Every test, device tests included, opens its own devices so that it can
 * end by checking that their QEMUs are gone.
 */
typedef struct {
	GTestDataFunc nodev;
	SvTestFunc fn;
} Case;

static void run_case(gconstpointer data)
{
	const Case *c = data;

	if (c->nodev) {
		c->nodev(NULL);
	} else {
		SvDevice *dev = open_ok(sv_test_backend()->device);

		c->fn(dev, NULL);
		close_and_check(dev);
	}
	assert_no_qemu_children();
}

static const struct {
	const char *path;
	SvNeeds needs;
	Case c;
} cases[] = {
	{ "/backend/bad/controller", 0, { test_bad_controller, NULL } },
	{ "/backend/bad/codec", 0, { test_bad_codec, NULL } },
	{ "/backend/bad/options", 0, { test_bad_options, NULL } },
	{ "/backend/bad/qemu-missing", 0, { test_qemu_missing, NULL } },
	{ "/backend/bad/qemu-exits-at-start", 0, { test_qemu_exits_at_start, NULL } },
	{ "/backend/lifetime/crash", 0, { test_crash, NULL } },
	{ "/backend/lifetime/no-orphans", 0, { test_no_orphans, NULL } },
	{ "/backend/lifetime/hang", 0, { test_hang, NULL } },
	{ "/backend/wav-and-log", SV_NEEDS_WAV_SINK, { test_wav_and_log, NULL } },
	{ "/backend/timing", 0, { test_timing, NULL } },
	{ "/backend/config", 0, { NULL, test_config } },
	{ "/backend/bar0", 0, { NULL, test_bar0 } },
	{ "/backend/dma", 0, { NULL, test_dma } },
	{ "/backend/irq/msi", SV_NEEDS_MSI, { NULL, test_msi } },
	{ "/backend/irq/intx", SV_NEEDS_INTX, { NULL, test_intx } },
	{ "/backend/reset", 0, { NULL, test_reset } },
};

int main(int argc, char **argv)
{
	const char *env_qemu = g_getenv("SOFVFIO_QEMU");
	g_autofree char *qemu = g_find_program_in_path(env_qemu && *env_qemu ? env_qemu :
						       "qemu-system-x86_64");
	int ret;

	sv_test_init(&argc, &argv);
	if (!qemu) {
		printf("1..0 # SKIP qemu-system-x86_64 not found (Debian package qemu-system-x86)\n");
		return 77;
	}
	if (!sv_test_backend()->device || strcmp(sv_test_backend()->kind, "qtest")) {
		printf("1..0 # SKIP these tests need a qtest device: --device qtest:[OPTIONS]\n");
		return 77;
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++)
		sv_test_add_nodev(cases[i].path, cases[i].needs, run_case, &cases[i].c);
	ret = sv_test_run();
	assert_no_qemu_children();
	return ret;
}
