// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sofvfio-bench.c - the measuring programs behind `ninja -C build bench`
 * (bench/run-bench.py).  Each subcommand repeats one operation, prints one
 * JSON line per measurement (samples = one value per repetition) and leaves
 * the statistics and comparisons to run-bench.py.  See docs/benchmarks.md.
 */
#include "bench.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "verb", bench_verb_main, "codec verb round trips through hda_command()" },
	{ "bringup", bench_bringup_main, "device open + controller bring-up + codec enumeration" },
	{ "region", bench_region_main, "4-byte REGION_READ / REGION_WRITE round trips" },
	{ "irq", bench_irq_main, "eventfd signal -> wake-up latency (the interrupt floor)" },
	{ "floor", bench_floor_main, "4-byte socketpair ping-pong between processes (transport floor)" },
	{ "dsp", bench_dsp_main, "DSP cold/IMR boot of a SOF image vs the payload through a stream" },
	{ "kprobe", bench_kprobe_main, "snd-hda-intel bind -> /proc/asound/cardN/codec#0" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: sofvfio-bench COMMAND [OPTIONS]   (COMMAND --help for options)\n\n");
	for (unsigned i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\nOne JSON line per measurement on stdout; see docs/benchmarks.md.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (unsigned i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "sofvfio-bench: unknown command %s\n", argv[1]);
	usage(stderr);
	return 2;
}
