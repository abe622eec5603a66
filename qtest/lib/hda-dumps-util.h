/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hda-dumps-util.h - what the codec dump tests share (test-hda-dumps.c,
 * test-hda-roundtrip.c): the list of a dump folder's files, and a
 * sofvfio-emu child serving dumps on a socket of its own.
 */
#ifndef SOFVFIO_QTEST_HDA_DUMPS_UTIL_H
#define SOFVFIO_QTEST_HDA_DUMPS_UTIL_H

#include <glib.h>

/**
 * sv_dump_files() - the files of codec dump folder @dir (README.md left
 * out), in name order; NULL when @dir cannot be opened.  Free with
 * g_ptr_array_unref().
 */
GPtrArray *sv_dump_files(const char *dir);

/**
 * struct SvEmuChild - a running sofvfio-emu.
 * @pid: its process
 * @dir: temporary directory holding the socket, pid file and log
 * @device: device name for sv_device_open(): "vfio-user:DIR/emu.sock"
 */
typedef struct {
	GPid pid;
	char *dir;
	char *sock, *pidfile, *log;
	char *device;
} SvEmuChild;

/**
 * sv_emu_child_start() - start @emu --socket DIR/emu.sock --pidfile ...
 * --once @args, and wait (5 s at most) until it listens.
 * @child: filled in; give it to sv_emu_child_stop() when this returns TRUE
 * @emu: the sofvfio-emu executable
 * @args: further options (NULL-terminated), e.g. "--codec", "dump:FILE#0"
 * @error: the server did not start or exited (its log is in the message)
 */
gboolean sv_emu_child_start(SvEmuChild *child, const char *emu, const char *const *args,
			    GError **error);

/**
 * sv_emu_child_stop() - wait a little for the child to exit by itself (it
 * runs with --once), then SIGTERM, SIGKILL after 5 s; reap it, remove its
 * files and free @child's strings.
 * @log: when not NULL, the server's log (stderr) is returned here (g_free())
 * Return: the wait status of the child (0: a clean exit).
 */
int sv_emu_child_stop(SvEmuChild *child, char **log);

#endif
