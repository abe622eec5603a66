// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-qtest-reply.c - the qtest line protocol as the backend reads it
 * (driver/backend/qtest/protocol.c): any bytes from "QEMU", arriving in
 * reads of any size, cut into lines, each line an interrupt line or a reply,
 * each reply parsed as the answer of a command with and without a value.
 * Input: one byte choosing the read size, then the bytes QEMU sends.
 */
#include "fuzz.h"
#include "qtest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

static void check_line(const char *line)
{
	g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL;
	gboolean raise = FALSE, ok, is_ok;
	uint64_t v = 1, again = 0;
	int irq = -1;

	switch (qt_line_parse(line, &irq, &raise)) {
	case QT_LINE_IRQ: {
		/* The input number is the one in the line, not a wrapped one. */
		const char *digits = line + 10;
		g_autofree char *printed = g_strdup_printf("%d", irq);

		while (digits[0] == '0' && digits[1])
			digits++;
		if (irq < 0 || strcmp(digits, printed))
			abort();
		return;
	}
	case QT_LINE_IGNORED:
		return;
	case QT_LINE_REPLY:
		break;
	}
	ok = qt_reply_parse("fuzz", "readl 0xfebf0000", line, &v, &e1);
	if (ok == (e1 != NULL))
		abort();
	/* Without a value wanted, only OK / FAIL matters; with one, OK and a number. */
	is_ok = !strcmp(line, "OK") || g_str_has_prefix(line, "OK ");
	if (qt_reply_parse("fuzz", "writel 0xfebf0000 0x1", line, NULL, &e2) != is_ok ||
	    (ok && !is_ok))
		abort();
	if (ok) {
		/* A value read back as QEMU would print it parses to itself. */
		g_autofree char *printed = g_strdup_printf("OK 0x%" PRIx64, v);

		if (!qt_reply_parse("fuzz", "readq 0", printed, &again, &e3) || again != v)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput in = { data, size };
	size_t read_size = fuzz_u8(&in) % 64 + 1, got;
	g_autoptr(GString) rbuf = g_string_new(NULL);
	const uint8_t *p;
	size_t lines = 0, newlines = 0;

	while ((p = fuzz_bytes(&in, read_size, &got)), got) {
		char *line;

		g_string_append_len(rbuf, (const char *)p, (gssize)got);
		for (size_t i = 0; i < got; i++)
			newlines += p[i] == '\n';
		while ((line = qt_line_take(rbuf))) {
			if (strchr(line, '\n'))
				abort();
			check_line(line);
			lines++;
			g_free(line);
		}
	}
	/* One line per newline, whatever the reads; the rest is the unfinished last line. */
	if (lines != newlines || memchr(rbuf->str, '\n', rbuf->len))
		abort();
	return 0;
}
