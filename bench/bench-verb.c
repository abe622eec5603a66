// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-verb.c - `sofvfio-bench verb`: the codec verb round trip through the
 * driver (hda_command()), for several command paths on one open device:
 *
 *   msi        CORB/RIRB, waiting for the MSI
 *   intx       CORB/RIRB, waiting for INTx
 *   poll       CORB/RIRB, polling RIRBWP
 *   immediate  the immediate command interface (ICOI/ICII/ICIS)
 *
 * The paths are interleaved: every repetition brings the controller up in
 * each mode in turn (hda_controller_open()), sends --count verbs and closes
 * it, so that drift in the machine's speed hits all modes alike and their
 * ratios and differences stay meaningful.  The verb is GET_PARAMETER(VENDOR_ID)
 * to the root node of the lowest codec: a read with no side effect, answered
 * by every codec; every response is checked against the first.
 * Output: one record per mode; samples = mean microseconds per verb of each
 * repetition.
 */
#include "bench.h"
#include "bench-hda.h"

#include <string.h>

#define MAX_MODES 4

typedef struct {
	const char *name;
	const char *irq, *cmd;     /* bench_hda_options() words */
} ModeDef;

static const ModeDef mode_defs[] = {
	{ "msi", "msi", "corb" },
	{ "intx", "intx", "corb" },
	{ "poll", "poll", "corb" },
	{ "immediate", "auto", "immediate" },
};

typedef struct {
	const ModeDef *def;
	HdaOptions opts;
	BenchRecord *rec;
	uint32_t first;            /* the first response, 0 before the first run */
	gboolean seen;
	gboolean fell_back;        /* the interrupt path died and the driver polled */
} Mode;

/* One repetition of @m: bring-up, @count verbs (timed), close. Returns us/verb or < 0. */
static double run_mode(SvDevice *dev, Mode *m, int codec, int count, GError **error)
{
	HdaController *ctl = hda_controller_open(dev, &m->opts, error);
	uint32_t verb, res;
	uint16_t mask;
	int64_t t0;
	double us = -1;
	int cad = codec;

	if (!ctl)
		return -1;
	mask = hda_controller_info(ctl)->codec_mask;
	if (cad < 0 && !mask) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "%s: no codec on the link",
			    sv_device_name(dev));
		goto out;
	}
	if (cad < 0)
		cad = __builtin_ctz(mask);
	verb = HDA_VERB((unsigned)cad, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID);
	if (!m->seen) {
		if (!hda_command(ctl, verb, &m->first, error))
			goto out;
		m->seen = TRUE;
		bench_record_str(m->rec, "irq", hda_irq_mode_name(hda_controller_irq_mode(ctl)));
		bench_record_str(m->rec, "cmd", hda_cmd_mode_name(hda_controller_cmd_mode(ctl)));
		bench_record_num(m->rec, "codec", cad);
		bench_record_num(m->rec, "vendor_id", m->first);
	}
	t0 = bench_now_ns();
	for (int i = 0; i < count; i++) {
		if (!hda_command(ctl, verb, &res, error))
			goto out;
		if (res != m->first) {
			g_set_error(error, SV_ERROR, SV_ERROR_IO,
				    "%s: verb 0x%08x answered 0x%08x, then 0x%08x",
				    sv_device_name(dev), verb, m->first, res);
			goto out;
		}
	}
	us = (double)(bench_now_ns() - t0) / 1e3 / count;
	/* A dead interrupt path falls back to polling on the way: say so. */
	if (m->opts.irq != HDA_IRQ_POLL && m->opts.irq != HDA_IRQ_AUTO &&
	    hda_controller_irq_mode(ctl) == HDA_IRQ_POLL)
		m->fell_back = TRUE;
out:
	hda_controller_close(ctl);
	return us;
}

static gboolean parse_modes(const char *list, Mode *modes, unsigned *n, GError **error)
{
	g_auto(GStrv) words = g_strsplit(list, ",", -1);

	*n = 0;
	for (unsigned i = 0; words[i]; i++) {
		unsigned d;

		for (d = 0; d < G_N_ELEMENTS(mode_defs); d++)
			if (!strcmp(words[i], mode_defs[d].name))
				break;
		if (d == G_N_ELEMENTS(mode_defs) || *n == MAX_MODES) {
			g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
				    "bad --modes %s: a comma list of up to %u of msi, intx, poll, "
				    "immediate", list, MAX_MODES);
			return FALSE;
		}
		modes[*n].def = &mode_defs[d];
		if (!bench_hda_options(mode_defs[d].irq, mode_defs[d].cmd, &modes[*n].opts, error))
			return FALSE;
		(*n)++;
	}
	return *n > 0;
}

int bench_verb_main(int argc, char **argv)
{
	g_autofree char *device = NULL, *modes_s = NULL;
	int count = 300, reps = 7, warmup = 1, codec = -1;
	GOptionEntry entries[] = {
		{ "device", 'd', 0, G_OPTION_ARG_STRING, &device, "device (default $SOFVFIO_DEVICE)",
		  "DEVICE" },
		{ "modes", 'm', 0, G_OPTION_ARG_STRING, &modes_s,
		  "comma list of msi, intx, poll, immediate (msi,poll,immediate)", "LIST" },
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "verbs per repetition (300)", "N" },
		{ "reps", 'r', 0, G_OPTION_ARG_INT, &reps, "repetitions (7)", "N" },
		{ "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "repetitions not counted (1)", "N" },
		{ "codec", 0, 0, G_OPTION_ARG_INT, &codec, "codec address (lowest present)", "CAD" },
		{ NULL }
	};
	g_autoptr(GError) err = NULL;
	Mode modes[MAX_MODES] = { 0 };
	unsigned n_modes = 0;
	SvDevice *dev = NULL;
	int status = 1;

	if (!bench_parse("verb", "verb round trip", entries, &argc, &argv))
		return 2;
	if (count < 1 || reps < 1 || warmup < 0) {
		g_printerr("sofvfio-bench verb: --count and --reps must be >= 1\n");
		return 2;
	}
	if (!parse_modes(modes_s ? modes_s : "msi,poll,immediate", modes, &n_modes, &err))
		goto out;
	dev = sv_device_open(device, &err);
	if (!dev)
		goto out;
	for (unsigned i = 0; i < n_modes; i++) {
		modes[i].rec = bench_record_new("verb", "us");
		bench_record_str(modes[i].rec, "mode", modes[i].def->name);
		bench_record_str(modes[i].rec, "device", sv_device_name(dev));
		bench_record_str(modes[i].rec, "backend",
				 bench_backend_label(sv_device_backend(dev)));
		bench_record_num(modes[i].rec, "count", count);
	}
	for (int r = 0; r < warmup + reps; r++) {
		for (unsigned i = 0; i < n_modes; i++) {
			double us = run_mode(dev, &modes[i], codec, count, &err);

			if (us < 0) {
				g_prefix_error(&err, "mode %s: ", modes[i].def->name);
				bench_record_str(modes[i].rec, "error", err->message);
				goto emit;
			}
			if (r >= warmup)
				bench_record_sample(modes[i].rec, NULL, us);
		}
	}
	status = 0;
emit:
	for (unsigned i = 0; i < n_modes; i++) {
		if (modes[i].fell_back)
			bench_record_str(modes[i].rec, "fell_back_to", "poll");
		bench_record_emit(modes[i].rec);
	}
out:
	if (err)
		g_printerr("sofvfio-bench verb: %s\n", err->message);
	sv_device_close(dev);
	return status;
}
