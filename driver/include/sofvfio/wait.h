/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/wait.h - the one bounded wait.  Every poll of hardware state in
 * the project goes through sv_wait_until(), every wait on file descriptors
 * through sv_poll_until(): nothing spins or blocks without a deadline.
 */
#ifndef SOFVFIO_WAIT_H
#define SOFVFIO_WAIT_H

#include <glib.h>
#include <poll.h>
#include <stdint.h>

G_BEGIN_DECLS

struct SvDevice;

/** sv_now_us() - monotonic time in microseconds. */
int64_t sv_now_us(void);

/** typedef SvWaitCond - condition for sv_wait_until(); may set @error to stop early. */
typedef gboolean (*SvWaitCond)(void *data, GError **error);

/**
 * typedef SvWaitIdle - how sv_wait_until_idle() passes the time between two
 * looks: return when the condition may have changed (an interrupt came) or
 * at @deadline_us (sv_now_us() clock), whichever is first.
 */
typedef void (*SvWaitIdle)(void *data, int64_t deadline_us);

/* A deadline that never passes (sv_poll_until() waits without limit). */
#define SV_NO_DEADLINE INT64_MAX

/**
 * sv_wait_until() - poll @cond until it holds or @timeout_us passes.
 * @cond: the condition
 * @data: passed to @cond
 * @timeout_us: deadline, from now
 * @what: what is being waited for, for the timeout message
 *        ("GCTL.CRST to read 1 on 0000:00:1b.0")
 * @error: SV_ERROR_TIMEOUT naming @what and the limit, or @cond's error
 *
 * Polls at once, then backs off from 1 us up to 1 ms between polls, and
 * checks once more after the deadline so a slow scheduler cannot cause a
 * false timeout.  The deadline counts from the first look that fails.
 * Return: TRUE when @cond held.
 */
gboolean sv_wait_until(SvWaitCond cond, void *data, int64_t timeout_us, const char *what,
		       GError **error);

/**
 * sv_wait_until_idle() - sv_wait_until() with @idle passing the time between
 * looks instead of the back-off (NULL: the back-off), e.g. to sleep on an
 * interrupt eventfd.
 */
gboolean sv_wait_until_idle(SvWaitCond cond, SvWaitIdle idle, void *data, int64_t timeout_us,
			    const char *what, GError **error);

/** sv_deadline_us() - the deadline @timeout_us from now; negative: SV_NO_DEADLINE. */
int64_t sv_deadline_us(int64_t timeout_us);

/**
 * sv_poll_until() - poll(2) @fds until one has an event or @deadline_us
 * (sv_now_us() clock, SV_NO_DEADLINE for none) passes.
 * @fds: as for poll(2)
 * @n: number of @fds
 * @deadline_us: absolute deadline
 *
 * EINTR is retried with the time left; the wait is rounded up to whole
 * milliseconds and never returns 0 before the deadline.
 * Return: the number of @fds with events, 0 when the deadline passed, -1
 * with errno set when poll() failed.
 */
int sv_poll_until(struct pollfd *fds, unsigned n, int64_t deadline_us);

/**
 * sv_wait_reg() - wait until (BAR register & @mask) == @value.
 * @dev: device
 * @bar: BAR index
 * @offset: register offset
 * @width: 1, 2 or 4
 * @mask: bits compared
 * @value: expected value of those bits
 * @timeout_us: deadline
 * @what: register name for the message ("GCTL.CRST")
 * @error: error
 */
gboolean sv_wait_reg(struct SvDevice *dev, unsigned bar, uint64_t offset, unsigned width,
		     uint32_t mask, uint32_t value, int64_t timeout_us, const char *what,
		     GError **error);

G_END_DECLS

#endif
