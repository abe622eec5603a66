// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wait.c - the one bounded wait of the project.
 */
#include "sofvfio/wait.h"
#include "backend.h"

#include <time.h>

int64_t sv_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

gboolean sv_wait_until(SvWaitCond cond, void *data, int64_t timeout_us, const char *what,
		       GError **error)
{
	int64_t deadline = sv_now_us() + timeout_us;
	int64_t pause = 1;

	for (;;) {
		GError *err = NULL;
		gboolean expired = sv_now_us() >= deadline;

		/* Evaluate after reading the clock: a late wake-up still gets one last look. */
		if (cond(data, &err))
			return TRUE;
		if (err) {
			g_propagate_error(error, err);
			return FALSE;
		}
		if (expired)
			break;
		g_usleep((gulong)MIN(pause, MAX(deadline - sv_now_us(), 1)));
		pause = MIN(pause * 2, 1000);
	}
	g_set_error(error, SV_ERROR, SV_ERROR_TIMEOUT, "timed out after %" G_GINT64_FORMAT
		    " us waiting for %s", timeout_us, what);
	return FALSE;
}

typedef struct {
	SvDevice *dev;
	unsigned bar, width;
	uint64_t offset;
	uint32_t mask, value;
} RegWait;

static gboolean reg_matches(void *data, GError **error)
{
	RegWait *w = data;
	uint64_t v;

	if (!sv_bar_read(w->dev, w->bar, w->offset, w->width, &v, error))
		return FALSE;
	return ((uint32_t)v & w->mask) == w->value;
}

gboolean sv_wait_reg(SvDevice *dev, unsigned bar, uint64_t offset, unsigned width, uint32_t mask,
		     uint32_t value, int64_t timeout_us, const char *what, GError **error)
{
	RegWait w = { dev, bar, width, offset, mask, value };
	g_autofree char *desc = g_strdup_printf("%s on %s (BAR%u+0x%" G_GINT64_MODIFIER
						"x & 0x%x == 0x%x)", what, dev->name, bar,
						offset, mask, value);

	return sv_wait_until(reg_matches, &w, timeout_us, desc, error);
}
