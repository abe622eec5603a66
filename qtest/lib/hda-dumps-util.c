// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hda-dumps-util.c - a codec dump folder's files, and a sofvfio-emu child
 * for the dump tests (see hda-dumps-util.h).
 */
#include "hda-dumps-util.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *sv_dump_files(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *names;
	const char *name;

	if (!d)
		return NULL;
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)))
		if (strcmp(name, "README.md"))
			g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, cmp_names);
	return names;
}

typedef struct {
	SvEmuChild *child;
	int status;
	bool exited;
} Watch;

/* The pid file is written once the socket listens; an early exit stops the wait. */
static gboolean listening(void *data, GError **error)
{
	Watch *w = data;

	if (waitpid(w->child->pid, &w->status, WNOHANG) == w->child->pid) {
		w->exited = true;
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "sofvfio-emu exited");
		return FALSE;
	}
	return g_file_test(w->child->pidfile, G_FILE_TEST_EXISTS);
}

static void child_clear(SvEmuChild *c, char **log)
{
	if (log)
		g_file_get_contents(c->log, log, NULL, NULL);
	g_unlink(c->sock);
	g_unlink(c->pidfile);
	g_unlink(c->log);
	g_rmdir(c->dir);
	g_free(c->dir);
	g_free(c->sock);
	g_free(c->pidfile);
	g_free(c->log);
	g_free(c->device);
	memset(c, 0, sizeof(*c));
}

gboolean sv_emu_child_start(SvEmuChild *c, const char *emu, const char *const *args,
			    GError **error)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) err = NULL;
	Watch w = { .child = c };
	int log_fd;

	memset(c, 0, sizeof(*c));
	c->dir = g_dir_make_tmp("sv-emu-XXXXXX", error);
	if (!c->dir)
		return FALSE;
	c->sock = g_build_filename(c->dir, "emu.sock", NULL);
	c->pidfile = g_build_filename(c->dir, "emu.pid", NULL);
	c->log = g_build_filename(c->dir, "emu.log", NULL);
	c->device = g_strdup_printf("vfio-user:%s", c->sock);
	log_fd = g_open(c->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (log_fd < 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot create %s: %s", c->log, g_strerror(errno));
		child_clear(c, NULL);
		return FALSE;
	}
	g_ptr_array_add(argv, (char *)emu);
	g_ptr_array_add(argv, "--socket");
	g_ptr_array_add(argv, c->sock);
	g_ptr_array_add(argv, "--pidfile");
	g_ptr_array_add(argv, c->pidfile);
	g_ptr_array_add(argv, "--once");
	for (const char *const *a = args; a && *a; a++)
		g_ptr_array_add(argv, (char *)*a);
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_async_with_fds(NULL, (char **)argv->pdata, NULL,
				    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
				    NULL, &c->pid, -1, -1, log_fd, error)) {
		close(log_fd);
		child_clear(c, NULL);
		return FALSE;
	}
	close(log_fd);
	if (sv_wait_until(listening, &w, 5000000, "sofvfio-emu to listen", &err))
		return TRUE;
	if (!w.exited) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, &w.status, 0);
	}
	g_spawn_close_pid(c->pid);
	{
		g_autofree char *log = NULL;

		child_clear(c, &log);
		g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s (wait status 0x%x): %s",
			    err->message, w.status, log ? g_strstrip(log) : "");
	}
	return FALSE;
}

typedef struct {
	GPid pid;
	int status;
} Reap;

static gboolean reaped(void *data, GError **error)
{
	Reap *r = data;

	return waitpid(r->pid, &r->status, WNOHANG) == r->pid;
}

int sv_emu_child_stop(SvEmuChild *c, char **log)
{
	Reap r = { c->pid, 0 };

	/* Bounded: 2 s for the --once exit, 5 more after SIGTERM, then SIGKILL. */
	if (!sv_wait_until(reaped, &r, 2 * G_USEC_PER_SEC, "the mock to exit", NULL)) {
		kill(c->pid, SIGTERM);
		if (!sv_wait_until(reaped, &r, 5 * G_USEC_PER_SEC, "the mock to exit", NULL)) {
			kill(c->pid, SIGKILL);
			waitpid(c->pid, &r.status, 0);
		}
	}
	g_spawn_close_pid(c->pid);
	child_clear(c, log);
	return r.status;
}
