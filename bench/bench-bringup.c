// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-bringup.c - `sofvfio-bench bringup`: from nothing to every codec
 * enumerated, as `sofvfio codecs` does it: sv_device_open(), then
 * hda_controller_open() (PCI enable, link reset, codec mask, CORB/RIRB,
 * interrupts, transport probe), then hda_codec_enumerate() for every codec
 * in the mask.  Closing is not timed.
 * Series (milliseconds): "samples" the whole, "open", "controller", "enumerate".
 */
#include "bench.h"
#include "bench-hda.h"
#include "sofvfio/hda-codec.h"

int bench_bringup_main(int argc, char **argv)
{
	g_autofree char *device = NULL, *irq = NULL, *cmd = NULL;
	int reps = 7, warmup = 1;
	gboolean keep_open = FALSE;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device, "device (default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ "irq", 0, 0, G_OPTION_ARG_STRING, &irq, "auto, msi, intx or poll", "MODE" },
		{ "cmd", 0, 0, G_OPTION_ARG_STRING, &cmd, "auto, corb or immediate", "MODE" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ "keep-open", 0, 0, G_OPTION_ARG_NONE, &keep_open,
		  "open the device once; time only controller bring-up + enumeration", NULL },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	HdaOptions opts;
	SvDevice *dev = NULL;
	HdaController *ctl = NULL;
	BenchRecord *rec = NULL;
	unsigned n_codecs = 0, n_widgets = 0;
	int status = 1;

	if (!bench_parse("bringup", "bring-up and enumeration", entries, &argc, &argv))
		return 2;
	if (reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench bringup: --reps must be >= 1\n");
		return 2;
	}
	if (!bench_hda_options(irq, cmd, &opts, &err))
		goto out;
	if (keep_open && !(dev = sv_device_open(device, &err)))
		goto out;

	rec = bench_record_new("bringup", "ms");
	for (int r = 0; r < warmup + reps; r++) {
		int64_t t0 = bench_now_ns(), t1, t2, t3;
		uint16_t mask;

		if (!keep_open && !(dev = sv_device_open(device, &err)))
			goto finish;
		t1 = bench_now_ns();
		ctl = hda_controller_open(dev, &opts, &err);
		if (!ctl)
			goto finish;
		t2 = bench_now_ns();
		mask = hda_controller_info(ctl)->codec_mask;
		n_codecs = n_widgets = 0;
		for (unsigned cad = 0; cad < 15; cad++) {
			HdaCodec *codec;

			if (!(mask & (1u << cad)))
				continue;
			codec = hda_codec_enumerate(ctl, cad, &err);
			if (!codec)
				goto finish;
			n_codecs++;
			n_widgets += codec->n_widgets;
			hda_codec_free(codec);
		}
		t3 = bench_now_ns();
		if (r == 0) {
			bench_record_str(rec, "device", sv_device_name(dev));
			bench_record_str(rec, "backend",
					 bench_backend_label(sv_device_backend(dev)));
			bench_record_str(rec, "irq", hda_irq_mode_name(hda_controller_irq_mode(ctl)));
			bench_record_str(rec, "cmd", hda_cmd_mode_name(hda_controller_cmd_mode(ctl)));
			bench_record_num(rec, "keep_open", keep_open);
		}
		if (r >= warmup) {
			bench_record_sample(rec, NULL, (double)(t3 - (keep_open ? t1 : t0)) / 1e6);
			bench_record_sample(rec, "open", (double)(t1 - t0) / 1e6);
			bench_record_sample(rec, "controller", (double)(t2 - t1) / 1e6);
			bench_record_sample(rec, "enumerate", (double)(t3 - t2) / 1e6);
		}
		hda_controller_close(ctl);
		ctl = NULL;
		if (!keep_open) {
			sv_device_close(dev);
			dev = NULL;
		}
	}
	bench_record_num(rec, "codecs", n_codecs);
	bench_record_num(rec, "widgets", n_widgets);
	/* Success falls through with no error: the record is emitted either way. */
finish:
	status = bench_record_finish(rec, err);
out:
	if (err)
		g_printerr("sofvfio-bench bringup: %s\n", err->message);
	hda_controller_close(ctl);
	sv_device_close(dev);
	return status;
}
