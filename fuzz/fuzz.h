/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what every harness in fuzz/ shares.
 *
 * A harness is one LLVMFuzzerTestOneInput() over the project's real code
 * (its static libraries, never a copy).  It is linked twice: with libFuzzer
 * (-Dfuzz=true, clang: the fuzzer) and with replay.c (every build: replays
 * files, which is how found crashes stay fixed as ordinary tests).
 */
#ifndef SOFVFIO_FUZZ_H
#define SOFVFIO_FUZZ_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/**
 * fuzz_setup() - once per process: diagnostics of the project (its log
 * domains) about bad input are expected and dropped; a GLib critical or a
 * warning from GLib itself (misuse) aborts, so the fuzzer reports it.
 */
void fuzz_setup(void);

/**
 * fuzz_file() - @data as a file: a memfd, named by the returned
 * "/proc/self/fd/N" path (free it with g_free()); close *@fd after use.
 */
char *fuzz_file(const uint8_t *data, size_t size, int *fd);

/**
 * fuzz_make_fds() - the fds a message carries, from a spec byte: bits 0-2
 * how many (into @fds, at least 7 entries), bit 3 eventfds (interrupts),
 * else memfds of 64 KiB (DMA memory, region mmaps).  The caller closes them.
 */
unsigned fuzz_make_fds(uint8_t spec, int *fds);

/**
 * FuzzInput - a cursor over the input, for harnesses that take a few
 * numbers before the rest: a read past the end gives zeros.
 */
typedef struct {
	const uint8_t *p;
	size_t left;
} FuzzInput;

uint8_t fuzz_u8(FuzzInput *in);
uint16_t fuzz_u16(FuzzInput *in);
uint32_t fuzz_u32(FuzzInput *in);
/* Up to @n bytes (fewer at the end): the pointer, *@got their count. */
const uint8_t *fuzz_bytes(FuzzInput *in, size_t n, size_t *got);

#endif
