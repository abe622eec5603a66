/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * harness.h - tests written once against the device API, run on every
 * backend (libqos style: a backend is a "machine" that provides interfaces,
 * a test states what it needs, the harness runs it where that is provided
 * and skips it with the reason elsewhere).
 *
 * The device comes from --device DEVICE or $SOFVFIO_DEVICE.  Test paths
 * start with the backend: /mock/device/info, /qtest/..., /guest/...
 * Without a device every test binary prints a TAP skip and exits 77.
 */
#ifndef SOFVFIO_QTEST_HARNESS_H
#define SOFVFIO_QTEST_HARNESS_H

#include <glib.h>
#include "sofvfio/device.h"

typedef enum {
	SV_NEEDS_NOTHING = 0,
	SV_NEEDS_IOMMU = 1 << 0,         /* DMA through a real IOMMU (kernel VFIO) */
	SV_NEEDS_SYSFS = 1 << 1,         /* the device is a sysfs PCI function */
	SV_NEEDS_INTX = 1 << 2,
	SV_NEEDS_MSI = 1 << 3,
	SV_NEEDS_CAPTURE = 1 << 4,       /* input streams record something known */
	SV_NEEDS_KERNEL_DRIVER = 1 << 5, /* snd-hda-intel available to compare with */
	SV_NEEDS_ROOT = 1 << 6,          /* can drop privileges (uid 0) */
	SV_NEEDS_WAV_SINK = 1 << 7,      /* what output streams play lands in $SOFVFIO_WAV */
	SV_NEEDS_UNSOL_SOURCE = 1 << 8,  /* the test can make a codec send an unsolicited
					  * response ($SOFVFIO_EMU_PID: SIGUSR1 to the mock) */
} SvNeeds;

/** struct SvTestBackend - the machine the tests run on. */
typedef struct {
	const char *kind;    /* "mock", "qtest", "guest", "vfio" (real hardware), "peer"
			      * (QEMU's own vfio-user server) */
	const char *device;  /* device name, NULL when none was given */
	SvNeeds provides;
} SvTestBackend;

typedef void (*SvTestFunc)(SvDevice *dev, gconstpointer data);

/**
 * sv_test_init() - g_test_init() plus --device DEVICE and --backend KIND
 * (default: from the device name, or $SOFVFIO_BACKEND for PCI addresses).
 */
void sv_test_init(int *argc, char ***argv);

/** sv_test_backend() - the backend the tests run on. */
const SvTestBackend *sv_test_backend(void);

/**
 * sv_test_add() - register /KIND/@path: a fresh device is opened for the
 * test and closed after it; the test is skipped, naming what is missing,
 * when the backend lacks something in @needs.
 */
void sv_test_add(const char *path, SvNeeds needs, SvTestFunc fn, gconstpointer data);

/**
 * sv_test_add_nodev() - register /KIND/@path for a test that opens devices
 * itself (bad-input tests); runs even without a device unless @needs says
 * otherwise.
 */
void sv_test_add_nodev(const char *path, SvNeeds needs, GTestDataFunc fn, gconstpointer data);

/** sv_test_run() - g_test_run(), or exit 77 with a TAP skip when no device was given. */
int sv_test_run(void);

/** sv_assert_no_error() - g_assert_no_error() that prints the message first. */
#define sv_assert_no_error(err)                                                         \
	do {                                                                            \
		if (err)                                                                \
			g_printerr("unexpected error: %s\n", (err)->message);           \
		g_assert_no_error(err);                                                 \
	} while (0)

#endif
