// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wait.c - the one bounded wait of the project: sv_wait_until() for a
 * condition that is looked at, sv_poll_until() for file descriptors.  In
 * the base library that the mock (emu/) links too: no device code here
 * (sv_wait_reg() is in bar.c).
 */
#include "sofvfio/wait.h"
#include "sofvfio/error.h"

#include <errno.h>
#include <time.h>

int64_t sv_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The default way to pass the time between two looks: back off from 1 us to 1 ms. */
static void backoff(int64_t *pause, int64_t deadline)
{
	g_usleep((gulong)MIN(*pause, MAX(deadline - sv_now_us(), 1)));
	*pause = MIN(*pause * 2, 1000);
}

gboolean sv_wait_until_idle(SvWaitCond cond, SvWaitIdle idle, void *data, int64_t timeout_us,
			    const char *what, GError **error)
{
	int64_t deadline = 0, pause = 1;

	for (;;) {
		GError *err = NULL;
		/* The clock is read only after a first miss (the hot paths answer at
		 * once), and before each later look: a late wake-up still gets one
		 * last look after the deadline. */
		gboolean expired = deadline && sv_now_us() >= deadline;

		if (cond(data, &err))
			return TRUE;
		if (err) {
			g_propagate_error(error, err);
			return FALSE;
		}
		if (expired)
			break;
		if (!deadline)
			deadline = sv_now_us() + timeout_us;
		if (idle)
			idle(data, deadline);
		else
			backoff(&pause, deadline);
	}
	g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT, "timed out after %" G_GINT64_FORMAT
		    " us waiting for %s", timeout_us, what);
	return FALSE;
}

gboolean sv_wait_until(SvWaitCond cond, void *data, int64_t timeout_us, const char *what,
		       GError **error)
{
	return sv_wait_until_idle(cond, NULL, data, timeout_us, what, error);
}

int64_t sv_deadline_us(int64_t timeout_us)
{
	return timeout_us < 0 ? SV_NO_DEADLINE : sv_now_us() + timeout_us;
}

int sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us)
{
	for (;;) {
		int64_t left = deadline_us == SV_NO_DEADLINE ? -1 : deadline_us - sv_now_us();
		int r;

		if (deadline_us != SV_NO_DEADLINE && left < 0)
			left = 0;
		/* Whole milliseconds, rounded up: a wait never ends before its deadline. */
		r = poll(fds, n, left < 0 ? -1 : (int)MIN((left + 999) / 1000, G_MAXINT));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 && deadline_us != SV_NO_DEADLINE && sv_now_us() < deadline_us)
			continue; /* woke early (rounding of the clock): wait the rest */
		return r;
	}
}
