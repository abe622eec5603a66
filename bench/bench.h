/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench.h - what the sofvfio-bench subcommands share: a nanosecond clock
 * and one JSON line per measurement on stdout, which run-bench.py collects.
 * Benchmarks print figures; they never judge them.
 */
#ifndef SOFVFIO_BENCH_H
#define SOFVFIO_BENCH_H

#include <glib.h>
#include <stdint.h>

/** bench_now_ns() - CLOCK_MONOTONIC in nanoseconds (comparable between processes). */
int64_t bench_now_ns(void);

/**
 * BenchRecord - one measurement: fixed string/number fields and the samples,
 * one per repetition.  Built with bench_record_new(), printed and freed by
 * bench_record_emit().
 */
typedef struct BenchRecord BenchRecord;

/** bench_record_new() - a record for benchmark @bench, samples in @unit. */
BenchRecord *bench_record_new(const char *bench, const char *unit);
/** bench_record_str() / bench_record_num() - add a field. */
void bench_record_str(BenchRecord *r, const char *key, const char *value);
void bench_record_num(BenchRecord *r, const char *key, double value);
/** bench_record_sample() - append one sample to the named series ("samples" by default). */
void bench_record_sample(BenchRecord *r, const char *series, double value);
/** bench_record_emit() - print the record as one JSON line on stdout and free it. */
void bench_record_emit(BenchRecord *r);
/* Record @err (if any) as "error", emit @r; returns the exit status (1 with @err). */
int bench_record_finish(BenchRecord *r, const GError *err);

/**
 * bench_backend_label() - "qtest" or "guest" for a device's backend; for
 * vfio-user the server named by $SOFVFIO_BENCH_SERVER ("mock", "qemu"), else
 * "vfio-user".
 */
const char *bench_backend_label(const char *backend);

/* The subcommands: argc/argv after the subcommand name; exit status. */
int bench_verb_main(int argc, char **argv);
int bench_bringup_main(int argc, char **argv);
int bench_region_main(int argc, char **argv);
int bench_irq_main(int argc, char **argv);
int bench_floor_main(int argc, char **argv);

/**
 * struct BenchFloor - the transport floor (bench-floor.c): an echo process
 * at the other end of a socketpair; bench_floor_run() times @count 4-byte
 * round trips (microseconds each), so that a measurement can interleave it.
 */
typedef struct {
	int fd;
	int pid;
} BenchFloor;
gboolean bench_floor_start(BenchFloor *f, GError **error);
gboolean bench_floor_run(BenchFloor *f, int count, double *us, GError **error);
void bench_floor_stop(BenchFloor *f);
int bench_kprobe_main(int argc, char **argv);
int bench_dsp_main(int argc, char **argv);

/** bench_parse() - GOptionContext parse for a subcommand; FALSE after printing why. */
gboolean bench_parse(const char *cmd, const char *summary, GOptionEntry *entries, int *argc,
		     char ***argv);

#endif
