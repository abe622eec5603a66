// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-floor.c - `sofvfio-bench floor`: the floor under every vfio-user
 * round trip, measured on this machine in this run: 4 bytes over an
 * AF_UNIX SOCK_STREAM socketpair, from this process to a forked one and
 * back (write, the other side's read and write, our read), nothing else.
 * A REGION_READ is that plus a header each way, the client and the
 * server's work.  Series (microseconds per round trip): "samples".
 */
#include "bench.h"
#include "sofvfio/device.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Move exactly @len bytes; FALSE on error or end of stream. */
static gboolean io_full(int fd, void *buf, size_t len, gboolean out)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = out ? write(fd, (char *)buf + done, len - done)
				: read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		done += (size_t)n;
	}
	return TRUE;
}

/* The other process: echo 4 bytes until the socket closes. */
static void echo(int fd)
{
	uint32_t v;

	while (io_full(fd, &v, sizeof(v), FALSE) && io_full(fd, &v, sizeof(v), TRUE))
		;
	_exit(0);
}

gboolean bench_floor_start(BenchFloor *f, GError **error)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "socketpair: %s", g_strerror(errno));
		return FALSE;
	}
	fflush(stdout);
	f->pid = fork();
	if (f->pid < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "fork: %s", g_strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return FALSE;
	}
	if (f->pid == 0) {
		close(sv[0]);
		echo(sv[1]);
	}
	close(sv[1]);
	f->fd = sv[0];
	return TRUE;
}

gboolean bench_floor_run(BenchFloor *f, int count, double *us, GError **error)
{
	int64_t t0 = bench_now_ns();

	for (uint32_t i = 0; i < (uint32_t)count; i++) {
		uint32_t v = i;

		if (!io_full(f->fd, &v, sizeof(v), TRUE) || !io_full(f->fd, &v, sizeof(v), FALSE) ||
		    v != i) {
			g_set_error(error, SV_ERROR, SV_ERROR_IO,
				    "the echo process stopped answering at round trip %u", i);
			return FALSE;
		}
	}
	*us = (double)(bench_now_ns() - t0) / 1e3 / count;
	return TRUE;
}

void bench_floor_stop(BenchFloor *f)
{
	int status;

	if (f->pid <= 0)
		return;
	close(f->fd);
	if (waitpid(f->pid, &status, 0) < 0 || !WIFEXITED(status))
		kill(f->pid, SIGKILL);
	f->pid = 0;
}

int bench_floor_main(int argc, char **argv)
{
	int count = 20000, reps = 7, warmup = 1;
	GOptionEntry entries[] = {
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "round trips per repetition (20000)",
		  "N" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	BenchFloor f = { 0 };
	BenchRecord *rec;

	if (!bench_parse("floor", "4-byte socketpair ping-pong between two processes", entries,
			 &argc, &argv))
		return 2;
	if (count < 1 || reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench floor: --count and --reps must be >= 1\n");
		return 2;
	}
	if (!bench_floor_start(&f, &err)) {
		g_printerr("sofvfio-bench floor: %s\n", err->message);
		return 1;
	}
	rec = bench_record_new("floor", "us");
	bench_record_num(rec, "count", count);
	bench_record_num(rec, "bytes", 4);
	for (int r = 0; r < warmup + reps; r++) {
		double us;

		if (!bench_floor_run(&f, count, &us, &err))
			break;
		if (r >= warmup)
			bench_record_sample(rec, "samples", us);
	}
	bench_floor_stop(&f);
	if (err)
		g_printerr("sofvfio-bench floor: %s\n", err->message);
	return bench_record_finish(rec, err);
}
