/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu-spawn.h - start a sofvfio-emu of the test's own with given options
 * (one per configuration: `--dsp cnl --dsp-fault cpa-stuck` ...) on a socket
 * in a fresh temporary directory, and take it down again (SIGTERM, SIGKILL
 * after a grace period, reaped, directory removed).  Every wait is bounded.
 */
#ifndef SOFVFIO_QTEST_EMU_SPAWN_H
#define SOFVFIO_QTEST_EMU_SPAWN_H

#include <glib.h>

typedef struct EmuSpawn EmuSpawn;

/**
 * emu_spawn() - run @emu (the sofvfio-emu executable) with @args (NULL
 * terminated) and wait up to 10 s for its socket.
 * Return: the server, or NULL with @error (its log in the message).
 */
EmuSpawn *emu_spawn(const char *emu, const char *const *args, GError **error);

/** emu_spawn_device() - "vfio-user:/tmp/.../emu.sock". */
const char *emu_spawn_device(EmuSpawn *e);

/** emu_spawn_log() - what the server printed so far (g_free()). */
char *emu_spawn_log(EmuSpawn *e);

/**
 * emu_spawn_stop() - stop and reap the server, remove its directory.
 * Return: TRUE when it was still running and exited on SIGTERM (no crash).
 */
gboolean emu_spawn_stop(EmuSpawn *e);

#endif
