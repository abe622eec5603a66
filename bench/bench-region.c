// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-region.c - `sofvfio-bench region`: one 4-byte access to BAR0 through
 * the backend's region read/write (on vfio-user: a REGION_READ or
 * REGION_WRITE message and its reply; on qtest: a qtest command; on kernel
 * VFIO: a pread/pwrite on the device fd), never through an mmap.
 * Read: GCAP/VMIN/VMAJ at 0x00.  Write: CORBLBASE (0x40) gets the value it
 * holds, and only while CORBCTL.RUN is clear (spec 3.3.18: the base may
 * not change while the CORB runs), so nothing on the device changes.
 * Series (microseconds per access): "read", "write", and "floor" (4-byte
 * socketpair ping-pongs between two processes, bench-floor.c) taken in
 * the same repetition, so that read/floor pairs up under any load.
 */
#include "bench.h"
#include "sofvfio/device.h"
#include "sofvfio/hda-regs.h"

int bench_region_main(int argc, char **argv)
{
	g_autofree char *device = NULL;
	int count = 2000, reps = 7, warmup = 1;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device, "device (default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "accesses per repetition (2000)", "N" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	SvDevice *dev = NULL;
	BenchRecord *rec = NULL;
	uint32_t v, base;
	uint8_t corbctl;
	int status = 1;
	BenchFloor floor = { 0 };

	if (!bench_parse("region", "4-byte region access round trip", entries, &argc, &argv))
		return 2;
	if (count < 1 || reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench region: --count and --reps must be >= 1\n");
		return 2;
	}
	dev = sv_device_open(device, &err);
	if (!dev || !sv_pci_enable(dev, &err))
		goto out;
	if (!sv_region_read(dev, SV_REGION_BAR0, HDA_CORBCTL, &corbctl, 1, &err) ||
	    !sv_region_read(dev, SV_REGION_BAR0, HDA_CORBLBASE, &base, 4, &err))
		goto out;
	if (corbctl & HDA_CORBCTL_RUN) {
		g_set_error(&err, SV_ERROR, SV_ERROR_BUSY,
			    "%s: the CORB is running: CORBLBASE is not a scratch register now",
			    sv_device_name(dev));
		goto out;
	}

	if (!bench_floor_start(&floor, &err))
		goto out;
	rec = bench_record_new("region", "us");
	bench_record_str(rec, "device", sv_device_name(dev));
	bench_record_str(rec, "backend", bench_backend_label(sv_device_backend(dev)));
	bench_record_num(rec, "count", count);
	bench_record_num(rec, "bytes", 4);
	for (int r = 0; r < warmup + reps; r++) {
		int64_t t0, t1;
		double fl;

		if (!bench_floor_run(&floor, count, &fl, &err))
			goto finish;
		t0 = bench_now_ns();

		for (int i = 0; i < count; i++)
			if (!sv_region_read(dev, SV_REGION_BAR0, HDA_GCAP, &v, 4, &err))
				goto finish;
		t1 = bench_now_ns();
		for (int i = 0; i < count; i++)
			if (!sv_region_write(dev, SV_REGION_BAR0, HDA_CORBLBASE, &base, 4, &err))
				goto finish;
		if (r < warmup)
			continue;
		bench_record_sample(rec, "floor", fl);
		bench_record_sample(rec, "read", (double)(t1 - t0) / 1e3 / count);
		bench_record_sample(rec, "write", (double)(bench_now_ns() - t1) / 1e3 / count);
	}
	/* Success falls through with no error: the record is emitted either way. */
finish:
	status = bench_record_finish(rec, err);
out:
	if (err)
		g_printerr("sofvfio-bench region: %s\n", err->message);
	bench_floor_stop(&floor);
	sv_device_close(dev);
	return status;
}
