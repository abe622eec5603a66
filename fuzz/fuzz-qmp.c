// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-qmp.c - the qtest backend's QMP client (driver/backend/qtest/qmp.c,
 * json-glib) on any bytes from "QEMU's monitor": the greeting, the
 * capabilities handshake and query-version, then system_reset waiting for
 * its RESET event and a query, events in between, until the stream ends.
 * Input: what the monitor sends (lines of JSON), then its end of the socket
 * closes (QEMU gone).
 */
#include "fuzz.h"
#include "qtest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SvDevice dev = { .name = (char *)"fuzz" };
	QtDev qt = { .dev = &dev, .pid = 0, .stderr_fd = -1, .log_fd = -1 };
	g_autoptr(GError) err = NULL;
	g_autofree char *reply = NULL;
	size_t done = 0;
	int sv[2];

	/* Bigger inputs than a socket buffer would block the write: QMP lines are short. */
	if (size > 64 * 1024)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	while (done < size) {
		ssize_t n = write(sv[1], data + done, size - done);

		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	/* QEMU's side stops sending but keeps reading our commands. */
	shutdown(sv[1], SHUT_WR);
	qt.qmp_fd = sv[0];
	if (qt_qmp_handshake(&qt, &err)) {
		if (!qt.qemu_version || !qt.qmp_ready)
			abort();
		if (!qt_qmp_command(&qt, "system_reset", "RESET", NULL, 0, &err))
			g_clear_error(&err);
		if (!qt_qmp_command(&qt, "query-status", NULL, &reply, 0, &err))
			g_clear_error(&err);
	} else if (!err || !err->message[0]) {
		abort(); /* a failed handshake says why */
	}
	close(sv[0]);
	close(sv[1]);
	if (qt.qmp_buf)
		g_string_free(qt.qmp_buf, TRUE);
	g_free(qt.qemu_version);
	g_free(qt.death);
	return 0;
}
