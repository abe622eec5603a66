// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * emu-spawn.c - a sofvfio-emu per test configuration (emu-spawn.h).
 */
#include "emu-spawn.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct EmuSpawn {
	char *dir, *sock, *log, *device;
	GPid pid;
	bool reaped;
	int status;
};

static gboolean sock_ready(void *data, GError **error)
{
	EmuSpawn *e = data;
	struct stat st;
	int status;

	if (waitpid(e->pid, &status, WNOHANG) == e->pid) {
		e->reaped = true;
		e->status = status;
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
			    "sofvfio-emu exited (status 0x%x) before creating its socket", status);
		return FALSE;
	}
	return stat(e->sock, &st) == 0 && S_ISSOCK(st.st_mode);
}

char *emu_spawn_log(EmuSpawn *e)
{
	char *text = NULL;

	if (!g_file_get_contents(e->log, &text, NULL, NULL))
		return g_strdup("");
	return text;
}

EmuSpawn *emu_spawn(const char *emu, const char *const *args, GError **error)
{
	EmuSpawn *e = g_new0(EmuSpawn, 1);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	int fd;

	e->dir = g_dir_make_tmp("emu-spawn.XXXXXX", error);
	if (!e->dir) {
		g_free(e);
		return NULL;
	}
	e->sock = g_build_filename(e->dir, "emu.sock", NULL);
	e->log = g_build_filename(e->dir, "emu.log", NULL);
	e->device = g_strconcat("vfio-user:", e->sock, NULL);
	g_ptr_array_add(argv, (char *)emu);
	g_ptr_array_add(argv, "--socket");
	g_ptr_array_add(argv, e->sock);
	for (unsigned i = 0; args && args[i]; i++)
		g_ptr_array_add(argv, (char *)args[i]);
	g_ptr_array_add(argv, NULL);
	fd = open(e->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 ||
	    !g_spawn_async_with_fds(NULL, (char **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
				    NULL, NULL, &e->pid, -1, fd, fd, error)) {
		if (fd >= 0)
			close(fd);
		e->reaped = true;
		emu_spawn_stop(e);
		return NULL;
	}
	close(fd);
	if (!sv_wait_until(sock_ready, e, 10 * G_USEC_PER_SEC, "the mock's socket", error)) {
		g_autofree char *log = emu_spawn_log(e);

		g_prefix_error(error, "starting %s: ", emu);
		g_prefix_error(error, "%s\n(server log: %s) ", "", log);
		emu_spawn_stop(e);
		return NULL;
	}
	return e;
}

const char *emu_spawn_device(EmuSpawn *e)
{
	return e->device;
}

static gboolean gone(void *data, GError **error)
{
	EmuSpawn *e = data;

	if (waitpid(e->pid, &e->status, WNOHANG) == e->pid)
		e->reaped = true;
	return e->reaped;
}

gboolean emu_spawn_stop(EmuSpawn *e)
{
	gboolean clean = FALSE;

	if (!e)
		return FALSE;
	if (!e->reaped) {
		kill(e->pid, SIGTERM);
		if (!sv_wait_until(gone, e, 5 * G_USEC_PER_SEC, "the mock to exit", NULL)) {
			kill(e->pid, SIGKILL);
			sv_wait_until(gone, e, 5 * G_USEC_PER_SEC, "the mock to die", NULL);
		}
		clean = e->reaped && ((WIFEXITED(e->status) && !WEXITSTATUS(e->status)) ||
				      (WIFSIGNALED(e->status) && WTERMSIG(e->status) == SIGTERM));
		g_spawn_close_pid(e->pid);
	}
	if (e->dir) {
		unlink(e->sock);
		unlink(e->log);
		rmdir(e->dir);
	}
	g_free(e->dir);
	g_free(e->sock);
	g_free(e->log);
	g_free(e->device);
	g_free(e);
	return clean;
}
