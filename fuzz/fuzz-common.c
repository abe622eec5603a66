// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-common.c - logging policy, inputs as files, an input cursor.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

/* Log domains whose warnings are the project's own diagnostics of bad input. */
static gboolean project_domain(const char *domain)
{
	return domain && (!strcmp(domain, "sofvfio") || g_str_has_prefix(domain, "emu"));
}

static void log_handler(const char *domain, GLogLevelFlags level, const char *msg,
			gpointer data)
{
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL) ||
	    (level & G_LOG_LEVEL_WARNING && !project_domain(domain))) {
		fprintf(stderr, "fuzz: %s: %s (treated as a bug)\n", domain ? domain : "?", msg);
		abort();
	}
	if (g_getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%s: %s\n", domain ? domain : "?", msg);
}

static GLogWriterOutput log_writer(GLogLevelFlags level, const GLogField *fields, gsize n,
				   gpointer data)
{
	const char *domain = NULL, *msg = "";

	for (gsize i = 0; i < n; i++) {
		if (!strcmp(fields[i].key, "GLIB_DOMAIN"))
			domain = fields[i].value;
		else if (!strcmp(fields[i].key, "MESSAGE"))
			msg = fields[i].value;
	}
	log_handler(domain, level, msg, NULL);
	return G_LOG_WRITER_HANDLED;
}

void fuzz_setup(void)
{
	/* G_DEBUG=fatal-warnings (the test suites) must not make a diagnostic fatal here. */
	g_log_set_always_fatal(G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
	g_log_set_default_handler(log_handler, NULL);
	g_log_set_writer_func(log_writer, NULL, NULL);
}

char *fuzz_file(const uint8_t *data, size_t size, int *fd)
{
	size_t done = 0;

	*fd = memfd_create("fuzz-input", MFD_CLOEXEC);
	if (*fd < 0)
		abort();
	while (done < size) {
		ssize_t n = write(*fd, data + done, size - done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	return g_strdup_printf("/proc/self/fd/%d", *fd);
}

const uint8_t *fuzz_bytes(FuzzInput *in, size_t n, size_t *got)
{
	const uint8_t *p = in->p;

	*got = MIN(n, in->left);
	in->p += *got;
	in->left -= *got;
	return p;
}

uint8_t fuzz_u8(FuzzInput *in)
{
	size_t got;
	const uint8_t *p = fuzz_bytes(in, 1, &got);

	return got ? p[0] : 0;
}

uint16_t fuzz_u16(FuzzInput *in)
{
	return (uint16_t)(fuzz_u8(in) | fuzz_u8(in) << 8);
}

uint32_t fuzz_u32(FuzzInput *in)
{
	return fuzz_u16(in) | (uint32_t)fuzz_u16(in) << 16;
}

unsigned fuzz_make_fds(uint8_t spec, int *fds)
{
	unsigned n = spec & 7;

	for (unsigned i = 0; i < n; i++) {
		if (spec & 8) {
			fds[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		} else {
			fds[i] = memfd_create("fuzz-mem", MFD_CLOEXEC);
			if (fds[i] >= 0 && ftruncate(fds[i], 64 * 1024) < 0)
				abort();
		}
		if (fds[i] < 0)
			abort();
	}
	return n;
}
