// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-hda-device.c - the HDA driver (driver/hda through the device API)
 * against a hostile controller (fake-device.c): register values, RIRB
 * entries and position buffer contents from the input, through bring-up,
 * codec enumeration and a short playback (qtest/lib/hda-flows.c, the
 * fault tests' flows).  Time is virtual (clock_gettime, g_usleep and poll
 * are wrapped at link time: fuzz/meson.build), so a deadline costs
 * nothing and a wait without one shows as a libFuzzer timeout.
 * Input: one byte choosing the flow, then what the device answers.
 */
#include "fuzz.h"
#include "fake-device.h"
#include "hda-flows.h"

#include <poll.h>
#include <stdlib.h>
#include <time.h>

/* ---- virtual time ----------------------------------------------------------- */

static int64_t skew_ns; /* how far the virtual clock runs ahead of the real one */

int __real_clock_gettime(clockid_t clk, struct timespec *ts);
int __wrap_clock_gettime(clockid_t clk, struct timespec *ts);
void __wrap_g_usleep(gulong us);
int __real_poll(struct pollfd *fds, nfds_t n, int timeout);
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout);

int __wrap_clock_gettime(clockid_t clk, struct timespec *ts)
{
	int r = __real_clock_gettime(clk, ts);
	int64_t ns;

	if (r || (clk != CLOCK_MONOTONIC && clk != CLOCK_MONOTONIC_RAW))
		return r;
	ns = ts->tv_sec * 1000000000LL + ts->tv_nsec + skew_ns;
	ts->tv_sec = ns / 1000000000LL;
	ts->tv_nsec = ns % 1000000000LL;
	return 0;
}

void __wrap_g_usleep(gulong us)
{
	skew_ns += (int64_t)us * 1000;
}

/* What is ready now; otherwise the timeout passes at once (-1: a second). */
int __wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int r = __real_poll(fds, n, 0);

	if (r == 0 && timeout)
		skew_ns += (timeout < 0 ? 1000 : (int64_t)timeout) * 1000000;
	return r;
}

/* ----------------------------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Short deadlines: virtual time makes them free, but keep loops short too. */
	HdaOptions opts = { .response_timeout_ms = 20, .irq_timeout_ms = 20 };
	static const HdaFlow flows[] = { HDA_FLOW_BRINGUP, HDA_FLOW_ENUMERATE, HDA_FLOW_PLAY };
	g_autoptr(GError) err = NULL;
	SvDevice *dev;
	gboolean ok;

	if (!size)
		return 0;
	dev = fake_device_open(data + 1, size - 1, &err);
	if (!dev)
		abort(); /* the fake always opens */
	ok = hda_flow_run(dev, flows[data[0] % G_N_ELEMENTS(flows)], &opts, 480, &err);
	if (!ok && (!err || !err->message[0]))
		abort(); /* a failure says why */
	sv_device_close(dev);
	return 0;
}
