// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-faults.c - every backend operation of a bring-up, an enumeration, a
 * play and a record made to fail in turn (lib/fault.h), on the device
 * named by --device or $SOFVFIO_DEVICE: each run must end in one clear
 * error (or go on past the failure: a fallback) and leave nothing behind:
 * the same fds, threads and child processes as before it (ASan/LSan see
 * the memory).  TAP: one test per flow.
 *
 * --kill: at the chosen operation QEMU (every child process) is killed
 * instead (qtest backend): the same must hold, QEMU reaped.
 *
 * --flow NAME (bring-up, enumeration, play, record) runs that flow only, so
 * that a backend where each run starts a QEMU can cover every operation
 * index in four tests instead of one long one.
 *
 * $SOFVFIO_FAULT_STRIDE=K fails every K-th operation only (for a quick look
 * by hand); the counts say what was covered.
 */
#include "fault.h"
#include "hda-flows.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FRAMES 2400 /* 50 ms at 48 kHz */

static unsigned n_warnings;
static SvFaultMode mode = SV_FAULT_FAIL;

/* The driver's warnings about a failed teardown step are expected here; GLib's are bugs. */
static void log_handler(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL) ||
	    (level & G_LOG_LEVEL_WARNING && g_strcmp0(domain, "sofvfio"))) {
		printf("Bail out! %s: %s\n", domain ? domain : "?", msg);
		abort();
	}
	if (level & G_LOG_LEVEL_WARNING)
		n_warnings++;
}

static unsigned count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	unsigned n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

typedef struct {
	unsigned fds, threads, children;
} Footprint;

static Footprint footprint(void)
{
	/* A thread being joined may still be listed for a moment: settle (bounded). */
	Footprint f = { 0 };

	for (int i = 0; i < 50; i++) {
		f = (Footprint){ count_dir("/proc/self/fd"), count_dir("/proc/self/task"),
				 sv_fault_children(FALSE) };
		if (f.threads == 1 && f.children == 0)
			break;
		g_usleep(10000);
	}
	return f;
}

/* Where the flow's work ends and its teardown begins. */
typedef struct {
	unsigned ops;      /* operations so far */
	unsigned peer_ops; /* BAR accesses since the kill */
} Mark;

static void mark_teardown(void *data)
{
	Mark *m = data;

	m->ops = sv_fault_count();
	m->peer_ops = sv_fault_peer_ops(NULL);
}

/*
 * One run with operation @n failing; FALSE (and a diagnostic) when it left
 * something.  With QEMU killed: no BAR access after the kill may report
 * success (a dead QEMU answers nothing: such a value would be made up), and
 * the flow may succeed only if its work touched no BAR after the kill
 * (what is left of it is local, e.g. enabling an interrupt on qtest).
 */
static gboolean run_one(const char *name, HdaFlow flow, unsigned n, const Footprint *base,
			unsigned *errors, unsigned *tolerated)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_fault_open_mode(name, n, mode, &err);
	Mark mark = { 0 };
	gboolean ok = dev && hda_flow_run_hooked(dev, flow, NULL, FRAMES, mark_teardown, &mark,
						 &err);
	unsigned peer_ok = 0, peer = sv_fault_peer_ops(&peer_ok);
	Footprint after;

	sv_device_close(dev);
	after = footprint();
	if (mode == SV_FAULT_KILL && (peer_ok || (ok && mark.peer_ops))) {
		printf("# %s: QEMU killed at operation %u (%s): %u of %u BAR accesses after it "
		       "reported success, the flow %s (%u BAR accesses before its teardown)\n",
		       hda_flow_name(flow), n, sv_fault_failed(), peer_ok, peer,
		       ok ? "succeeded" : "failed", mark.peer_ops);
		return FALSE;
	} else if (ok) {
		(*tolerated)++;
	} else if (!err || !err->message[0]) {
		printf("# %s, operation %u (%s): failed without saying why\n", hda_flow_name(flow),
		       n, sv_fault_failed());
		return FALSE;
	} else {
		(*errors)++;
	}
	if (after.fds != base->fds || after.threads != base->threads || after.children) {
		printf("# %s, operation %u (%s) failing: %u fds (%u before), %u threads (%u), "
		       "%u children left; the error was: %s\n", hda_flow_name(flow), n,
		       sv_fault_failed(), after.fds, base->fds, after.threads, base->threads,
		       after.children, err ? err->message : "none");
		return FALSE;
	}
	return TRUE;
}

int main(int argc, char **argv)
{
	const char *name = g_getenv("SOFVFIO_DEVICE"), *stride_env = g_getenv("SOFVFIO_FAULT_STRIDE");
	unsigned stride = stride_env ? (unsigned)MAX(1, atoi(stride_env)) : 1;
	int failed = 0, first = 0, last = HDA_N_FLOWS - 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			name = argv[++i];
		} else if (!strcmp(argv[i], "--kill")) {
			mode = SV_FAULT_KILL;
		} else if (!strcmp(argv[i], "--flow") && i + 1 < argc) {
			i++;
			for (first = 0; first < HDA_N_FLOWS; first++)
				if (!strcmp(argv[i], hda_flow_name(first)))
					break;
			if (first == HDA_N_FLOWS) {
				fprintf(stderr, "test-faults: --flow '%s': not bring-up, "
					"enumeration, play or record\n", argv[i]);
				return 2;
			}
			last = first;
		} else {
			fprintf(stderr, "usage: test-faults [--kill] [--flow NAME] "
				"[--device NAME]\n");
			return 2;
		}
	}
	if (!name || !*name) {
		printf("1..0 # SKIP no device: --device NAME or SOFVFIO_DEVICE\n");
		return 77;
	}
	g_log_set_always_fatal(G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
	g_log_set_default_handler(log_handler, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%d\n", last - first + 1);
	for (HdaFlow flow = first; flow <= (HdaFlow)last; flow++) {
		g_autoptr(GError) err = NULL;
		Footprint base = footprint();
		unsigned total, errors = 0, tolerated = 0, runs = 0;
		Mark work = { 0 };
		gboolean clean = TRUE;
		SvDevice *dev = sv_fault_open(name, 0, &err);

		/* Counting run: nothing fails, everything must work. */
		if (!dev || !hda_flow_run_hooked(dev, flow, NULL, FRAMES, mark_teardown, &work, &err)) {
			printf("not ok %d - %s: fails without a fault: %s\n", flow - first + 1,
			       hda_flow_name(flow), err->message);
			sv_device_close(dev);
			failed++;
			continue;
		}
		sv_device_close(dev);
		total = sv_fault_count();
		for (unsigned n = 1; n <= total; n += n == total ? 1 : MIN(stride, total - n), runs++)
			clean &= run_one(name, flow, n, &base, &errors, &tolerated);
		printf("%s %d - %s on %s: %u operations (%u before teardown), %u runs each %s "
		       "(stride %u): "
		       "%u ended in an error, %u went on past it, %s\n", clean ? "ok" : "not ok",
		       flow - first + 1, hda_flow_name(flow), name, total, work.ops, runs,
		       mode == SV_FAULT_KILL ? "killing QEMU at one" : "failing one", stride, errors,
		       tolerated,
		       clean ? "nothing left behind" : "see above");
		failed += !clean;
	}
	printf("# %u warnings from the driver (teardown after a failure)\n", n_warnings);
	return failed ? 1 : 0;
}
