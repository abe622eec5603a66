// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec.c - run a helper program (modprobe) with a deadline, collecting its
 * stderr for the error message; the child is always reaped.
 */
#include "sysfs-priv.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
	GPid pid;
	int status;
} Child;

static gboolean child_exited(void *data, GError **error)
{
	Child *c = data;

	return waitpid(c->pid, &c->status, WNOHANG) == c->pid;
}

/* PATH first, then the sbin directories a non-root PATH often lacks. */
static char *find_program(const char *name)
{
	static const char *const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };
	char *p = g_find_program_in_path(name);

	for (guint i = 0; !p && i < G_N_ELEMENTS(dirs); i++) {
		p = g_build_filename(dirs[i], name, NULL);
		if (!g_file_test(p, G_FILE_TEST_IS_EXECUTABLE))
			g_clear_pointer(&p, g_free);
	}
	return p;
}

gboolean sysfs_run(const char *const *argv, int timeout_ms, char **errout, GError **error)
{
	g_autofree char *prog = find_program(argv[0]);
	g_autoptr(GString) err = g_string_new(NULL);
	g_autoptr(GError) gerr = NULL;
	g_autofree char **args = NULL;
	int64_t deadline = sv_now_us() + (int64_t)timeout_ms * 1000;
	guint n = g_strv_length((char **)argv);
	Child c = { 0, 0 };
	int errfd = -1;

	if (errout)
		*errout = NULL;
	if (!prog) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND,
			    "%s not found in PATH, /usr/sbin or /sbin (install kmod)", argv[0]);
		return FALSE;
	}
	args = g_new0(char *, n + 1);
	args[0] = prog;
	for (guint i = 1; i < n; i++)
		args[i] = (char *)argv[i];
	if (!g_spawn_async_with_pipes(NULL, args, NULL,
				      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
				      NULL, NULL, &c.pid, NULL, NULL, &errfd, &gerr)) {
		g_set_error(error, SV_ERROR, SV_ERROR_FAILED, "cannot run %s: %s", prog,
			    gerr->message);
		return FALSE;
	}
	/* collect stderr until EOF or the deadline */
	for (;;) {
		struct pollfd pfd = { errfd, POLLIN, 0 };
		char buf[512];
		ssize_t r;

		if (sv_poll_until(&pfd, 1, deadline) <= 0)
			break;
		r = read(errfd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		g_string_append_len(err, buf, r);
	}
	close(errfd);
	{
		int64_t left = deadline - sv_now_us();

		if (!sv_wait_until(child_exited, &c, left > 0 ? left : 0, argv[0], NULL)) {
			kill(c.pid, SIGKILL);
			waitpid(c.pid, &c.status, 0);
			g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT, "%s did not finish in %d ms",
				    prog, timeout_ms);
			return FALSE;
		}
	}
	g_strstrip(err->str);
	err->len = strlen(err->str);
	if (errout)
		*errout = g_strdup(err->str);
	if (!WIFEXITED(c.status) || WEXITSTATUS(c.status) != 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_FAILED, "%s failed (%s %d)%s%s", prog,
			    WIFEXITED(c.status) ? "status" : "signal",
			    WIFEXITED(c.status) ? WEXITSTATUS(c.status) : WTERMSIG(c.status),
			    err->len ? ": " : "", err->str);
		return FALSE;
	}
	return TRUE;
}
