// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-dsp.c - `sofvfio-bench dsp`: DSP boots of a SOF image on a device
 * with a DSP (the mock's model: `sofvfio-emu --dsp cnl`), against a floor
 * measured in the same run on the same device: the same payload moved
 * through one playback stream (BDL over the payload, RUN, until the buffer
 * completion of its last entry), which is the DMA work a cold boot cannot
 * avoid.
 * Series (milliseconds): "cold" (open + cold boot + close, IMR off),
 * "imr" (the second boot of a DSP: PM_CTX_SAVE, cores off, IMR boot),
 * "floor" (the payload through a playback stream), interleaved per repetition.
 */
#include "bench.h"
#include "sofvfio/dsp.h"
#include "sofvfio/hda-stream.h"
#include "sofvfio/wait.h"

#include <string.h>

static gboolean stream_done(void *data, GError **error)
{
	HdaStream *s = data;

	return (hda_stream_status(s) & HDA_SD_STS_BCIS) != 0;
}

/* The payload through one playback stream: programming, DMA, completion. */
static gboolean floor_once(SvDevice *dev, const SvDspImage *img, double *ms, GError **error)
{
	int64_t t0 = bench_now_ns();
	HdaController *ctl = hda_controller_open(dev, NULL, error);
	HdaStream *s = NULL;
	gboolean ok = FALSE;

	if (!ctl)
		return FALSE;
	s = hda_stream_open(ctl, HDA_STREAM_OUTPUT, error);
	if (!s || !hda_stream_setup_buffer(s, img->payload_size, error) ||
	    !hda_stream_set_format_word(s, 0x40, error))
		goto out;
	memcpy(hda_stream_buffer(s), img->payload, img->payload_size);
	if (!hda_stream_start(s, NULL, NULL, error) ||
	    !sv_wait_until(stream_done, s, 60 * G_USEC_PER_SEC, "the buffer completion", error))
		goto out;
	ok = TRUE;
out:
	hda_stream_close(s);
	hda_controller_close(ctl);
	*ms = (double)(bench_now_ns() - t0) / 1e6;
	return ok;
}

static gboolean cold_once(SvDevice *dev, const SvDspImage *img, double *ms, GError **error)
{
	SvDspOptions opts = { .no_imr = true };
	int64_t t0 = bench_now_ns();
	SvDsp *dsp = sv_dsp_open(dev, &opts, error);
	gboolean ok = dsp && sv_dsp_boot(dsp, img, NULL, error);

	sv_dsp_close(dsp);
	*ms = (double)(bench_now_ns() - t0) / 1e6;
	return ok;
}

int bench_dsp_main(int argc, char **argv)
{
	g_autofree char *device = NULL, *firmware = NULL;
	int reps = 5, warmup = 1;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device, "device with a DSP (default "
		  "$SOFVFIO_DEVICE)", "DEVICE" },
		{ "firmware", 'f', 0, G_OPTION_ARG_FILENAME, &firmware,
		  "SOF image (default /lib/firmware/intel/sof/sof-cnl.ri)", "FILE" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (5)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	g_autoptr(SvDspImage) img = NULL;
	SvDevice *dev = NULL;
	SvDsp *warm = NULL;
	BenchRecord *rec = NULL;
	int status = 1;

	if (!bench_parse("dsp", "DSP cold and IMR boot against a playback-stream floor", entries,
			 &argc, &argv))
		return 2;
	if (reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench dsp: --reps must be >= 1\n");
		return 2;
	}
	img = sv_dsp_image_load_file(firmware ? firmware : "/lib/firmware/intel/sof/sof-cnl.ri",
				     &err);
	if (!img)
		goto out;
	dev = sv_device_open(device, &err);
	if (!dev)
		goto out;
	rec = bench_record_new("dsp", "ms");
	bench_record_str(rec, "device", sv_device_name(dev));
	bench_record_str(rec, "backend", bench_backend_label(sv_device_backend(dev)));
	bench_record_str(rec, "firmware", img->name);
	bench_record_num(rec, "payload_bytes", (double)img->payload_size);
	for (int r = 0; r < warmup + reps; r++) {
		double cold, imr, fl;
		SvDspBoot boot;
		int64_t t0;

		if (!cold_once(dev, img, &cold, &err) || !floor_once(dev, img, &fl, &err))
			goto finish;
		/* IMR: a DSP booted cold (not timed), then booted again from IMR; one
		 * controller user at a time, so it is closed before the next repetition */
		warm = sv_dsp_open(dev, NULL, &err);
		if (!warm || !sv_dsp_boot(warm, img, &boot, &err))
			goto finish;
		t0 = bench_now_ns();
		if (!sv_dsp_boot(warm, img, &boot, &err))
			goto finish;
		imr = (double)(bench_now_ns() - t0) / 1e6;
		sv_dsp_close(warm);
		warm = NULL;
		if (!boot.imr) {
			g_set_error(&err, SV_DSP_ERROR, SV_DSP_ERROR_FIRMWARE,
				    "the second boot was not an IMR boot (FW_READY flags 0x%" G_GINT64_MODIFIER
				    "x)", boot.fw_ready.flags);
			goto finish;
		}
		if (r < warmup)
			continue;
		bench_record_sample(rec, "cold", cold);
		bench_record_sample(rec, "imr", imr);
		bench_record_sample(rec, "floor", fl);
	}
finish:
	sv_dsp_close(warm);
	status = bench_record_finish(rec, err);
out:
	if (err)
		g_printerr("sofvfio-bench dsp: %s\n", err->message);
	sv_device_close(dev);
	return status;
}
