// SPDX-License-Identifier: GPL-2.0-or-later
/* harness.c - see harness.h. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static SvTestBackend backend;
static gboolean any_device_test;

typedef struct {
	SvNeeds needs;
	SvTestFunc fn;
	GTestDataFunc nodev_fn;
	gconstpointer data;
} TestCase;

static const struct {
	const char *kind;
	SvNeeds provides;
} kinds[] = {
	/* The project's own vfio-user mock: INTx, MSI, known capture source. */
	{ "mock", SV_NEEDS_INTX | SV_NEEDS_MSI | SV_NEEDS_CAPTURE | SV_NEEDS_WAV_SINK |
		  SV_NEEDS_UNSOL_SOURCE },
	/* QEMU's intel-hda over qtest: INTx, MSI, wav audiodev. */
	{ "qtest", SV_NEEDS_INTX | SV_NEEDS_MSI | SV_NEEDS_WAV_SINK },
	/* The emulated guest: real vfio-pci behind intel-iommu. */
	{ "guest", SV_NEEDS_IOMMU | SV_NEEDS_SYSFS | SV_NEEDS_INTX | SV_NEEDS_MSI |
		   SV_NEEDS_KERNEL_DRIVER | SV_NEEDS_WAV_SINK },
	/* A real machine's HDA function. */
	{ "vfio", SV_NEEDS_IOMMU | SV_NEEDS_SYSFS | SV_NEEDS_INTX | SV_NEEDS_MSI },
	/*
	 * QEMU's own vfio-user server (x-vfio-user-server, QEMU 7.2) exporting
	 * its intel-hda: INTx, MSI, wav audiodev (no input voices).  Its limits:
	 * one client per lifetime (qtest/peer/with-qemu starts one QEMU per
	 * test), and DMA maps without an fd are ignored (no message-path DMA).
	 */
	{ "peer", SV_NEEDS_INTX | SV_NEEDS_MSI | SV_NEEDS_WAV_SINK },
};

/* What a backend cannot do at all, said where a test would meet it. */
static const char *limit_of(const char *kind)
{
	if (!strcmp(kind, "peer") && !g_strcmp0(g_getenv("SOFVFIO_VFU_DMA"), "message"))
		return "QEMU's x-vfio-user-server ignores DMA maps without an fd (QEMU 7.2 "
		       "dma_register()): no message-path DMA, so SOFVFIO_VFU_DMA=message "
		       "cannot run there";
	return NULL;
}

static const char *const need_names[] = {
	"an IOMMU", "a sysfs PCI function", "INTx", "MSI", "a known capture source",
	"a kernel driver to compare with", "root", "a WAV sink",
	"a way to make the codec send an unsolicited response",
};

static char *missing(SvNeeds needs)
{
	GString *s = g_string_new(NULL);
	SvNeeds lack = needs & ~backend.provides;

	if ((needs & SV_NEEDS_ROOT) && geteuid() == 0)
		lack &= ~SV_NEEDS_ROOT;
	/* The mock sends one on SIGUSR1, when the test knows whom to signal. */
	if ((needs & SV_NEEDS_UNSOL_SOURCE) && !g_getenv("SOFVFIO_EMU_PID"))
		lack |= SV_NEEDS_UNSOL_SOURCE;
	for (unsigned i = 0; i < G_N_ELEMENTS(need_names); i++)
		if (lack & (1u << i))
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", need_names[i]);
	return g_string_free(s, s->len == 0);
}

void sv_test_init(int *argc, char ***argv)
{
	static char *device, *kind;
	GOptionEntry entries[] = {
		{ "device", 0, 0, G_OPTION_ARG_STRING, &device, "device to test", "DEVICE" },
		{ "backend", 0, 0, G_OPTION_ARG_STRING, &kind,
		  "mock, qtest, guest, peer or vfio (default: from the device name)", "KIND" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
	g_autoptr(GError) err = NULL;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_set_ignore_unknown_options(ctx, TRUE);
	if (!g_option_context_parse(ctx, argc, argv, &err))
		g_error("%s", err->message);
	g_test_init(argc, argv, NULL);

	if (!device && g_getenv("SOFVFIO_DEVICE") && *g_getenv("SOFVFIO_DEVICE"))
		device = g_strdup(g_getenv("SOFVFIO_DEVICE"));
	backend.device = device;
	if (!kind && g_getenv("SOFVFIO_BACKEND") && *g_getenv("SOFVFIO_BACKEND"))
		kind = g_strdup(g_getenv("SOFVFIO_BACKEND"));
	if (!kind && device)
		kind = g_strdup(g_str_has_prefix(device, "vfio-user:") ? "mock" :
				g_str_has_prefix(device, "qtest") ? "qtest" : "vfio");
	backend.kind = kind ? kind : "none";
	for (unsigned i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (!strcmp(kinds[i].kind, backend.kind))
			backend.provides = kinds[i].provides;
}

const SvTestBackend *sv_test_backend(void)
{
	return &backend;
}

static void run_case(gconstpointer p)
{
	const TestCase *tc = p;
	g_autofree char *lack = missing(tc->needs);
	g_autoptr(GError) err = NULL;
	SvDevice *dev;

	if (lack) {
		g_autofree char *msg = g_strdup_printf("the %s backend lacks %s", backend.kind, lack);

		g_test_skip(msg);
		return;
	}
	if (!tc->nodev_fn && limit_of(backend.kind)) {
		g_test_skip(limit_of(backend.kind));
		return;
	}
	if (tc->nodev_fn) {
		tc->nodev_fn(tc->data);
		return;
	}
	dev = sv_device_open(backend.device, &err);
	sv_assert_no_error(err);
	tc->fn(dev, tc->data);
	sv_device_close(dev);
}

static void add(const char *path, TestCase *tc)
{
	g_autofree char *full = g_strdup_printf("/%s/%s", backend.kind,
						path[0] == '/' ? path + 1 : path);

	g_test_add_data_func_full(full, tc, run_case, g_free);
}

void sv_test_add(const char *path, SvNeeds needs, SvTestFunc fn, gconstpointer data)
{
	TestCase *tc = g_new0(TestCase, 1);

	*tc = (TestCase){ .needs = needs, .fn = fn, .data = data };
	any_device_test = TRUE;
	add(path, tc);
}

void sv_test_add_nodev(const char *path, SvNeeds needs, GTestDataFunc fn, gconstpointer data)
{
	TestCase *tc = g_new0(TestCase, 1);

	*tc = (TestCase){ .needs = needs, .nodev_fn = fn, .data = data };
	add(path, tc);
}

int sv_test_run(void)
{
	if (!backend.device && any_device_test) {
		const char *st = g_getenv("SOFVFIO_SKIP_STATUS");

		printf("1..0 # SKIP no device given: pass --device DEVICE or set SOFVFIO_DEVICE "
		       "(a PCI address bound to vfio-pci, vfio-user:SOCKET or qtest:)\n");
		/*
		 * 77 is the skip status for a person or an exit-code runner; meson's
		 * TAP protocol wants 0 with the "1..0 # SKIP" plan instead (it
		 * counts 77 as an error), so meson.build sets SOFVFIO_SKIP_STATUS=0.
		 */
		return st && *st ? atoi(st) : 77;
	}
	return g_test_run();
}
