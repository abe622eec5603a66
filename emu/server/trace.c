// SPDX-License-Identifier: GPL-2.0-or-later
/* trace.c - see trace.h. */
#include "trace.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static FILE *trace_file;

gboolean emu_trace_open(const char *path, GError **error)
{
	emu_trace_close();
	if (!strcmp(path, "-")) {
		trace_file = stdout;
		return TRUE;
	}
	trace_file = fopen(path, "we");
	if (!trace_file) {
		int err = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot open the trace file %s: %s", path, g_strerror(err));
		return FALSE;
	}
	/* Line buffered: a trace stays readable when the emulator is killed. */
	setvbuf(trace_file, NULL, _IOLBF, 0);
	return TRUE;
}

void emu_trace_close(void)
{
	if (trace_file && trace_file != stdout)
		fclose(trace_file);
	else if (trace_file)
		fflush(trace_file);
	trace_file = NULL;
}

gboolean emu_trace_on(void)
{
	return trace_file != NULL;
}

void emu_trace(const char *fmt, ...)
{
	va_list ap;

	if (!trace_file)
		return;
	va_start(ap, fmt);
	vfprintf(trace_file, fmt, ap);
	va_end(ap);
	fputc('\n', trace_file);
}
