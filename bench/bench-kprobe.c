// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-kprobe.c - `sofvfio-bench kprobe`: how long Linux's HDA driver takes
 * to bring up the same function, the reference for `bringup` in the guest.
 * Per repetition: unbind the function from the driver (sysfs
 * drivers/DRIVER/unbind), wait for its sound card to go, then take the time,
 * write the address to drivers/DRIVER/bind and poll (every --poll-us) until
 * /proc/asound/cardN/codec#0 of the function's card exists.  snd-hda-intel
 * probes the codecs in a work item after bind returns, and the card's /proc
 * files appear when the card is registered, after the codec driver (the
 * generic parser for QEMU's codecs) has set the codec up: so this is link
 * reset + codec probe + enumeration + the kernel's own codec setup.
 * Needs root and the function bound to DRIVER.
 * Series (milliseconds): "samples" bind -> codec#0, "bind_call" the write().
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static gboolean sysfs_write(const char *path, const char *value, GError **error)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "open %s: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	n = write(fd, value, strlen(value));
	if (n < 0)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "write %s to %s: %s",
			    value, path, g_strerror(errno));
	close(fd);
	return n >= 0;
}

/* The driver the function is bound to, or NULL. */
static char *bound_driver(const char *bdf)
{
	g_autofree char *link = g_strdup_printf("/sys/bus/pci/devices/%s/driver", bdf);
	g_autofree char *target = g_file_read_link(link, NULL);

	return target ? g_path_get_basename(target) : NULL;
}

/* TRUE once the function's card has a /proc/asound/cardN/codec#0 (@gone: once it has no card). */
static gboolean card_state(const char *bdf, gboolean gone)
{
	g_autofree char *pattern = g_strdup_printf("/sys/bus/pci/devices/%s/sound/card*", bdf);
	gboolean found = FALSE;
	glob_t g;

	if (glob(pattern, 0, NULL, &g) != 0)
		return gone;
	for (size_t i = 0; i < g.gl_pathc && !found; i++) {
		g_autofree char *card = g_path_get_basename(g.gl_pathv[i]);
		g_autofree char *proc = g_strdup_printf("/proc/asound/%s/codec#0", card);
		struct stat st;

		found = gone || stat(proc, &st) == 0;
	}
	globfree(&g);
	return gone ? !found : found;
}

static gboolean wait_card(const char *bdf, gboolean gone, int poll_us, int timeout_ms,
			  GError **error)
{
	int64_t deadline = bench_now_ns() + (int64_t)timeout_ms * 1000000;
	struct timespec ts = { 0, (long)poll_us * 1000 };

	while (!card_state(bdf, gone)) {
		if (bench_now_ns() > deadline) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
				    "%s: sound card %s within %d ms", bdf,
				    gone ? "still there" : "has no codec#0", timeout_ms);
			return FALSE;
		}
		nanosleep(&ts, NULL);
	}
	return TRUE;
}

int bench_kprobe_main(int argc, char **argv)
{
	g_autofree char *bdf = NULL, *driver = NULL;
	int reps = 7, warmup = 0, poll_us = 250, timeout_ms = 20000;
	GOptionEntry entries[] = {
		{ "bdf", 0, 0, G_OPTION_ARG_STRING, &bdf,
		  "PCI function (default $SOFVFIO_DEVICE, else 0000:00:1b.0)", "ADDR" },
		{ "driver", 0, 0, G_OPTION_ARG_STRING, &driver, "kernel driver (snd_hda_intel)",
		  "NAME" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (0)", "N" },
		{ "poll-us", 0, 0, G_OPTION_ARG_INT, &poll_us, "poll interval (250 us)", "US" },
		{ "timeout-ms", 0, 0, G_OPTION_ARG_INT, &timeout_ms, "per bind (20000)", "MS" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	g_autofree char *bound = NULL, *unbind = NULL, *bind = NULL;
	BenchRecord *rec;
	int status = 1;

	if (!bench_parse("kprobe", "kernel driver bind to codec#0", entries, &argc, &argv))
		return 2;
	if (reps < 1 || warmup < 0 || poll_us < 1 || poll_us > 999999 || timeout_ms < 1) {
		g_printerr("sofvfio-bench kprobe: bad --reps/--poll-us/--timeout-ms\n");
		return 2;
	}
	if (!bdf)
		bdf = g_strdup(g_getenv("SOFVFIO_DEVICE") ? g_getenv("SOFVFIO_DEVICE") :
			       "0000:00:1b.0");
	if (!driver)
		driver = g_strdup("snd_hda_intel");
	bound = bound_driver(bdf);
	if (!bound || strcmp(bound, driver)) {
		g_printerr("sofvfio-bench kprobe: %s is bound to %s, not %s (boot the guest with "
			   "--no-bind)\n", bdf, bound ? bound : "no driver", driver);
		return 1;
	}
	unbind = g_strdup_printf("/sys/bus/pci/drivers/%s/unbind", driver);
	bind = g_strdup_printf("/sys/bus/pci/drivers/%s/bind", driver);
	/* The boot-time probe may still be running: wait for it first. */
	if (!wait_card(bdf, FALSE, poll_us, timeout_ms, &err))
		goto out;

	rec = bench_record_new("kprobe", "ms");
	bench_record_str(rec, "bdf", bdf);
	bench_record_str(rec, "driver", driver);
	bench_record_num(rec, "poll_us", poll_us);
	for (int r = 0; r < warmup + reps; r++) {
		int64_t t0, t1;

		if (!sysfs_write(unbind, bdf, &err) ||
		    !wait_card(bdf, TRUE, poll_us, timeout_ms, &err))
			goto finish;
		t0 = bench_now_ns();
		if (!sysfs_write(bind, bdf, &err))
			goto finish;
		t1 = bench_now_ns();
		if (!wait_card(bdf, FALSE, poll_us, timeout_ms, &err))
			goto finish;
		if (r >= warmup) {
			bench_record_sample(rec, NULL, (double)(bench_now_ns() - t0) / 1e6);
			bench_record_sample(rec, "bind_call", (double)(t1 - t0) / 1e6);
		}
	}
	/* Success falls through with no error: the record is emitted either way. */
finish:
	status = bench_record_finish(rec, err);
out:
	if (err)
		g_printerr("sofvfio-bench kprobe: %s\n", err->message);
	return status;
}
