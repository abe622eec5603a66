// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-wav.c - the WAV reader (driver/hda/wav.c over libsndfile) on any
 * file: open as `sofvfio play FILE` does, then read it to its end in the
 * stream layout of some sample width.  The input is the file itself, so a
 * real WAV is a seed as it is; the width and read size come from its length.
 */
#include "fuzz.h"
#include "sofvfio/hda-pcm.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned widths[] = { 8, 16, 20, 24, 32 };
	static const size_t reads[] = { 1, 7, 256, 4096, 10000 };
	g_autoptr(GError) err = NULL;
	g_autofree char *path = NULL;
	g_autofree uint8_t *buf = NULL;
	HdaPcmFormat fmt = { 0 };
	uint64_t frames = 0, total = 0;
	size_t chunk = reads[size / 5 % G_N_ELEMENTS(reads)];
	HdaWav *w;
	int fd;

	path = fuzz_file(data, size, &fd);
	w = hda_wav_open_read(path, &fmt, &frames, &err);
	if (!w) {
		if (!err)
			abort(); /* a failure always says why */
		close(fd);
		return 0;
	}
	if (!fmt.channels || !fmt.rate || !hda_format_sample_bytes(fmt.bits))
		abort(); /* what the open accepted, a stream can carry */
	hda_wav_set_output(w, widths[size % G_N_ELEMENTS(widths)]);
	buf = g_malloc((size_t)chunk * fmt.channels * 4);
	for (;;) {
		g_autoptr(GError) e = NULL;
		gssize n = hda_wav_read(w, buf, chunk, &e);

		if (n < 0 && !e)
			abort();
		if (n <= 0)
			break;
		if ((size_t)n > chunk)
			abort();
		total += (uint64_t)n;
		/* Compressed containers (FLAC) can hold hours: a few seconds are enough here. */
		if (total >= 1u << 20)
			break;
	}
	if (hda_wav_frames(w) != total)
		abort();
	hda_wav_close(w, NULL);
	close(fd);
	return 0;
}
