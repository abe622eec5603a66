// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-irq.c - `sofvfio-bench irq`: how long an eventfd signal takes to
 * wake a thread blocked in poll() on it, the floor under every interrupt the
 * driver takes (all three backends hand interrupts up as eventfds):
 *
 *   --mode process   another process writes the eventfd (sofvfio-emu does
 *                    this for the vfio-user mock's interrupts)
 *   --mode thread    another thread of this process writes it (the qtest
 *                    backend's I/O thread does this)
 *   --mode trigger   another thread asks the device for a software interrupt
 *                    (sv_irq_trigger(): on kernel VFIO the SET_IRQS ioctl and
 *                    the kernel's eventfd_signal, on vfio-user a SET_IRQS
 *                    message to the server, which writes the eventfd)
 *
 * The signalling side waits until the waiter has announced that it is about
 * to block, sleeps 200 us so that it really sleeps in poll(), takes the time
 * and signals; the waiter takes the time when poll() returns.  The clock is
 * CLOCK_MONOTONIC, shared by the processes of one (guest) kernel.
 * Samples: per repetition the median of --count wake-ups, in microseconds;
 * "events": every wake-up.
 */
#include "bench.h"
#include "sofvfio/device.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SETTLE_NS 200000
#define WAIT_MS 2000

typedef enum { MODE_PROCESS, MODE_THREAD, MODE_TRIGGER } IrqMode;

typedef struct {
	IrqMode mode;
	int efd;                 /* written by the signaller (process/thread modes) */
	int go[2];               /* waiter -> signaller: "about to block", or EOF: stop */
	SvDevice *dev;           /* trigger mode */
	uint32_t index;
	int64_t *t_signal;       /* shared with the signaller (mmap'ed for a process) */
	GError *error;           /* trigger mode: the first failure */
} IrqCtx;

static void settle(void)
{
	struct timespec ts = { 0, SETTLE_NS };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The signalling side: one signal per byte read from the go pipe. */
static void signaller(IrqCtx *c)
{
	char b;

	while (read(c->go[0], &b, 1) == 1) {
		uint64_t one = 1;

		settle();
		__atomic_store_n(c->t_signal, bench_now_ns(), __ATOMIC_SEQ_CST);
		if (c->mode == MODE_TRIGGER) {
			if (!sv_irq_trigger(c->dev, c->index, 0, c->error ? NULL : &c->error))
				return;
		} else if (write(c->efd, &one, sizeof(one)) != sizeof(one)) {
			return;
		}
	}
}

static void *signal_thread(void *data)
{
	signaller(data);
	return NULL;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One wake-up: announce, block, time it. Returns the latency in us, < 0 on failure. */
static double one_wakeup(IrqCtx *c, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t n;
	int64_t t1;
	int r;

	if (write(c->go[1], "g", 1) != 1)
		return -1;
	do
		r = poll(&pfd, 1, WAIT_MS);
	while (r < 0 && errno == EINTR);
	t1 = bench_now_ns();
	if (r <= 0 || read(fd, &n, sizeof(n)) != sizeof(n))
		return -1;
	return (double)(t1 - __atomic_load_n(c->t_signal, __ATOMIC_SEQ_CST)) / 1e3;
}

static gboolean parse_mode(const char *s, IrqMode *mode)
{
	if (!s || !strcmp(s, "process"))
		*mode = MODE_PROCESS;
	else if (!strcmp(s, "thread"))
		*mode = MODE_THREAD;
	else if (!strcmp(s, "trigger"))
		*mode = MODE_TRIGGER;
	else
		return FALSE;
	return TRUE;
}

int bench_irq_main(int argc, char **argv)
{
	g_autofree char *device = NULL, *mode_s = NULL, *index_s = NULL;
	int count = 200, reps = 7, warmup = 1;
	GOptionEntry entries[] = {
		{ "mode", 0, 0, G_OPTION_ARG_STRING, &mode_s, "process (default), thread or trigger",
		  "MODE" },
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device, "trigger mode: the device", "DEVICE" },
		{ "index", 0, 0, G_OPTION_ARG_STRING, &index_s, "trigger mode: msi (default) or intx",
		  "IRQ" },
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "wake-ups per repetition (200)", "N" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	IrqCtx c = { .efd = -1, .go = { -1, -1 } };
	g_autofree double *rep = NULL;
	BenchRecord *rec = NULL;
	pthread_t thread;
	gboolean have_thread = FALSE;
	pid_t child = -1;
	int fd, status = 1;

	if (!bench_parse("irq", "eventfd wake-up latency", entries, &argc, &argv))
		return 2;
	if (!parse_mode(mode_s, &c.mode) || count < 1 || reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench irq: --mode process|thread|trigger, --count/--reps >= 1\n");
		return 2;
	}
	c.index = index_s && !strcmp(index_s, "intx") ? SV_IRQ_INTX : SV_IRQ_MSI;
	c.t_signal = mmap(NULL, sizeof(int64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			  -1, 0);
	if (c.t_signal == MAP_FAILED || pipe2(c.go, O_CLOEXEC) < 0) {
		g_set_error(&err, G_FILE_ERROR, g_file_error_from_errno(errno), "mmap/pipe: %s",
			    g_strerror(errno));
		c.t_signal = NULL;
		goto out;
	}
	if (c.mode == MODE_TRIGGER) {
		c.dev = sv_device_open(device, &err);
		if (!c.dev || !sv_irq_enable(c.dev, c.index, 1, &err))
			goto out;
		fd = sv_irq_fd(c.dev, c.index, 0);
	} else {
		c.efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (c.efd < 0) {
			g_set_error(&err, G_FILE_ERROR, g_file_error_from_errno(errno), "eventfd: %s",
				    g_strerror(errno));
			goto out;
		}
		fd = c.efd;
	}

	if (c.mode == MODE_PROCESS) {
		child = fork();
		if (child < 0) {
			g_set_error(&err, G_FILE_ERROR, g_file_error_from_errno(errno), "fork: %s",
				    g_strerror(errno));
			goto out;
		}
		if (child == 0) {
			close(c.go[1]);
			signaller(&c);
			_exit(0);
		}
	} else {
		if (pthread_create(&thread, NULL, signal_thread, &c) != 0) {
			g_set_error(&err, G_FILE_ERROR, G_FILE_ERROR_FAILED, "pthread_create failed");
			goto out;
		}
		have_thread = TRUE;
	}

	rec = bench_record_new("irq", "us");
	bench_record_str(rec, "mode", mode_s ? mode_s : "process");
	if (c.dev) {
		bench_record_str(rec, "device", sv_device_name(c.dev));
		bench_record_str(rec, "backend", bench_backend_label(sv_device_backend(c.dev)));
		bench_record_str(rec, "index", sv_irq_name(c.index));
	}
	bench_record_num(rec, "count", count);
	rep = g_new(double, count);
	for (int r = 0; r < warmup + reps; r++) {
		for (int i = 0; i < count; i++) {
			rep[i] = one_wakeup(&c, fd);
			if (rep[i] < 0) {
				g_set_error(&err, SV_ERROR, SV_ERROR_TIMEOUT,
					    "no wake-up within %d ms (%s)", WAIT_MS,
					    c.error ? c.error->message : "signal lost");
				bench_record_str(rec, "error", err->message);
				goto emit;
			}
			if (r >= warmup)
				bench_record_sample(rec, "events", rep[i]);
		}
		if (r < warmup)
			continue;
		qsort(rep, count, sizeof(double), compare);
		bench_record_sample(rec, NULL, rep[count / 2]);
	}
	status = 0;
emit:
	bench_record_emit(rec);
out:
	/* EOF on the go pipe stops the signaller. */
	if (c.go[1] >= 0)
		close(c.go[1]);
	if (have_thread)
		pthread_join(thread, NULL);
	if (child > 0)
		waitpid(child, NULL, 0);
	if (c.go[0] >= 0)
		close(c.go[0]);
	if (c.efd >= 0)
		close(c.efd);
	if (c.error)
		g_error_free(c.error);
	if (err)
		g_printerr("sofvfio-bench irq: %s\n", err->message);
	sv_device_close(c.dev);
	if (c.t_signal)
		munmap(c.t_signal, sizeof(int64_t));
	return status;
}
