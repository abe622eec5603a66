// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-trace-parity.c - the mock answers the driver as QEMU's model does,
 * proven by traces.
 *
 * /trace/parity/...: one driver run, twice: on QEMU's intel-hda with
 * hda-duplex over the qtest backend (trace=A), and on sofvfio-emu --controller
 * ich6 --codec hda-duplex (--trace B).  The canonical views must be equal
 * (the first difference is named otherwise).  Runs: `sofvfio codecs`,
 * `sofvfio play --tone 1000 --duration 0.1` (MSI, INTx, polling),
 * `sofvfio record --duration 0.1`, `sofvfio codecs --cmd immediate`, and a
 * sweep of codec verbs (every parameter and GET verb on every node, SET
 * verbs read back, a verb to a missing codec) from this program through the
 * driver API.  Each run then proves the comparison would see a difference: a
 * response changed in a copy of the mock's trace must be reported at that
 * verb; and the mock with another codec (hda-micro) must be reported at the
 * first verb that tells them apart.  No QEMU, no sofvfio-emu or no sofvfio
 * CLI: skipped with the reason.
 *
 * Environment: SOFVFIO_QEMU, SOFVFIO_EMU, SOFVFIO_CLI (default: the ones
 * built alongside); SOFVFIO_TRACE_KEEP=1 keeps the traces (their folder is
 * printed) even when they match.
 *
 * The canonical view itself is tested in qtest/unit/test-trace.c.
 */
#include "tracecanon.h"
#include "sofvfio/device.h"
#include "sofvfio/hda.h"
#include "sofvfio/wait.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SV_EMU_PATH
#define SV_EMU_PATH ""
#endif
#ifndef SV_CLI_PATH
#define SV_CLI_PATH ""
#endif
#ifndef SV_QEMU_PATH
#define SV_QEMU_PATH ""
#endif

#define QTEST_DEVICE "qtest:intel-hda,codec=hda-duplex"
#define EMU_START_US (10 * G_USEC_PER_SEC)
#define EMU_STOP_US (5 * G_USEC_PER_SEC)
#define CLI_TIMEOUT_S 120
/* ---- the same driver run on QEMU and on the mock ---------------------- */

static const char *env_or(const char *var, const char *def)
{
	const char *v = g_getenv(var);

	return v && *v ? v : def;
}

/* Why the parity tests cannot run here, or NULL. */
static char *missing_tools(void)
{
	const char *qemu = env_or("SOFVFIO_QEMU", SV_QEMU_PATH);
	g_autofree char *found = NULL;

	if (!*qemu || !(found = g_find_program_in_path(qemu)))
		return g_strdup("no QEMU (install qemu-system-x86 or set SOFVFIO_QEMU)");
	if (!g_file_test(env_or("SOFVFIO_EMU", SV_EMU_PATH), G_FILE_TEST_IS_EXECUTABLE))
		return g_strdup("no sofvfio-emu (build it, or set SOFVFIO_EMU)");
	if (!g_file_test(env_or("SOFVFIO_CLI", SV_CLI_PATH), G_FILE_TEST_IS_EXECUTABLE))
		return g_strdup("no sofvfio CLI (build it, or set SOFVFIO_CLI)");
	return NULL;
}

/* A sofvfio-emu with --once: it leaves after its one client. */
typedef struct {
	GPid pid;
	char *sock;
	char *log;
} Emu;

typedef struct {
	Emu *emu;
	int status;
	gboolean exited;
} EmuWait;

static gboolean emu_gone(void *data, GError **error)
{
	EmuWait *w = data;
	pid_t r = waitpid(w->emu->pid, &w->status, WNOHANG);

	if (r == w->emu->pid)
		w->exited = TRUE;
	return r != 0;
}

static gboolean emu_ready(void *data, GError **error)
{
	EmuWait *w = data;

	if (emu_gone(w, NULL)) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "sofvfio-emu exited at start (see %s)",
			    w->emu->log);
		return FALSE;
	}
	return g_file_test(w->emu->sock, G_FILE_TEST_EXISTS);
}

/* In the child: the server goes when the test does, even when an assertion aborts it. */
static void emu_child_setup(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static void emu_start(const char *dir, const char *trace, const char *codec, Emu *e)
{
	const char *argv[] = { env_or("SOFVFIO_EMU", SV_EMU_PATH), "--socket", NULL,
			       "--controller", "ich6", "--codec", codec, "--trace", trace,
			       "--once", NULL };
	g_autoptr(GError) err = NULL;
	EmuWait w = { e, 0, FALSE };
	int log_fd;

	e->sock = g_build_filename(dir, "emu.sock", NULL);
	e->log = g_build_filename(dir, "emu.log", NULL);
	argv[2] = e->sock;
	log_fd = g_open(e->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	g_assert_cmpint(log_fd, >=, 0);
	g_assert_true(g_spawn_async_with_fds(NULL, (char **)argv, NULL,
					     G_SPAWN_DO_NOT_REAP_CHILD, emu_child_setup, NULL,
					     &e->pid, -1,
					     log_fd, log_fd, &err));
	g_assert_no_error(err);
	close(log_fd);
	if (!sv_wait_until(emu_ready, &w, EMU_START_US, "sofvfio-emu's socket", &err)) {
		if (!w.exited) {
			kill(e->pid, SIGKILL);
			waitpid(e->pid, NULL, 0);
		}
		g_assert_no_error(err);
	}
}

/* Wait for the server to leave on its own (--once), else stop it; it must exit 0. */
static void emu_stop(Emu *e)
{
	EmuWait w = { e, 0, FALSE };
	g_autoptr(GError) err = NULL;

	if (!sv_wait_until(emu_gone, &w, EMU_STOP_US, "sofvfio-emu to exit", NULL)) {
		kill(e->pid, SIGTERM);
		if (!sv_wait_until(emu_gone, &w, EMU_STOP_US, "sofvfio-emu to exit", NULL)) {
			kill(e->pid, SIGKILL);
			waitpid(e->pid, &w.status, 0);
		}
	}
	g_spawn_close_pid(e->pid);
	if (!g_spawn_check_wait_status(w.status, &err))
		g_test_message("sofvfio-emu: %s (log: %s)", err->message, e->log);
	g_assert_no_error(err);
	g_free(e->sock);
	g_free(e->log);
}

typedef void (*RunFunc)(const char *device, const char *dir, const void *run);

/*
 * One driver run: a sofvfio command line, or a function of this program.
 * @mock_codec: the mock's codec (NULL: hda-duplex, as QEMU's)
 * @differ: NULL: the views must be equal; else the first difference must name
 *          these lines (the mock's last)
 */
typedef struct {
	const char *name;
	const char *argv[8]; /* after "sofvfio", before "-d DEVICE" goes after argv[0] */
	RunFunc fn;
	const char *mock_codec;
	const char *differ[2];
} Run;

static void run_cli(const char *device, const char *dir, const void *data)
{
	const Run *r = data;
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *out = NULL;
	g_autofree char *err_text = NULL;
	g_autoptr(GError) err = NULL;
	int status = 0;

	g_ptr_array_add(argv, g_strdup(env_or("SOFVFIO_CLI", SV_CLI_PATH)));
	g_ptr_array_add(argv, g_strdup(r->argv[0]));
	g_ptr_array_add(argv, g_strdup("-d"));
	g_ptr_array_add(argv, g_strdup(device));
	/* "@DIR/NAME": a file in the test's folder. */
	for (unsigned i = 1; r->argv[i]; i++)
		g_ptr_array_add(argv, g_str_has_prefix(r->argv[i], "@DIR/")
				      ? g_build_filename(dir, r->argv[i] + 5, NULL)
				      : g_strdup(r->argv[i]));
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
				   &out, &err_text, &status, &err));
	g_assert_no_error(err);
	if (!g_spawn_check_wait_status(status, &err))
		g_test_message("sofvfio %s -d %s: %s\nstdout:\n%s\nstderr:\n%s", r->argv[0], device,
			       err->message, out, err_text);
	g_assert_no_error(err);
}

/*
 * Codec verbs from this program through the driver API: every parameter and
 * GET verb on every node of codec 0, then SET verbs each read back.  Each
 * answer is checked to exist; what it is goes to the trace.
 */
static const uint16_t get_verbs[] = {
	AC_VERB_GET_CONNECT_SEL, AC_VERB_GET_CONNECT_LIST, AC_VERB_GET_PROC_STATE,
	AC_VERB_GET_SDI_SELECT, AC_VERB_GET_POWER_STATE, AC_VERB_GET_CONV,
	AC_VERB_GET_PIN_WIDGET_CONTROL, AC_VERB_GET_UNSOLICITED_RESPONSE,
	AC_VERB_GET_PIN_SENSE, AC_VERB_GET_BEEP_CONTROL, AC_VERB_GET_EAPD_BTLENABLE,
	AC_VERB_GET_DIGI_CONVERT_1, AC_VERB_GET_DIGI_CONVERT_2,
	AC_VERB_GET_VOLUME_KNOB_CONTROL, AC_VERB_GET_GPIO_DATA, AC_VERB_GET_GPIO_MASK,
	AC_VERB_GET_GPIO_DIRECTION, AC_VERB_GET_CONFIG_DEFAULT, AC_VERB_GET_SUBSYSTEM_ID,
	AC_VERB_GET_CVT_CHAN_COUNT,
};

/* SET verb, payload, and the GET (verb, payload) that reads it back. */
static const struct {
	uint16_t set, payload, get, get_payload;
} set_verbs[] = {
	{ AC_VERB_SET_POWER_STATE, 0x03, AC_VERB_GET_POWER_STATE, 0 },
	{ AC_VERB_SET_POWER_STATE, 0x00, AC_VERB_GET_POWER_STATE, 0 },
	{ AC_VERB_SET_CHANNEL_STREAMID, 0x21, AC_VERB_GET_CONV, 0 },
	{ AC_VERB_SET_PIN_WIDGET_CONTROL, 0x40, AC_VERB_GET_PIN_WIDGET_CONTROL, 0 },
	{ AC_VERB_SET_UNSOLICITED_ENABLE, 0x85, AC_VERB_GET_UNSOLICITED_RESPONSE, 0 },
	{ AC_VERB_SET_EAPD_BTLENABLE, 0x02, AC_VERB_GET_EAPD_BTLENABLE, 0 },
	{ AC_VERB_SET_CONNECT_SEL, 0x00, AC_VERB_GET_CONNECT_SEL, 0 },
};

/*
 * One command; a missing response is not an error here: the trace says
 * "-> none" and the comparison names it.
 */
static void cmd(HdaController *ctl, uint32_t verb)
{
	g_autoptr(GError) err = NULL;
	uint32_t r;

	if (!hda_command(ctl, verb, &r, &err))
		g_test_message("verb 0x%08x: %s", verb, err->message);
}

static void run_sweep(const char *device, const char *dir, const void *data)
{
	g_autoptr(GError) err = NULL;
	SvDevice *dev = sv_device_open(device, &err);
	HdaController *ctl;
	uint32_t nodes = 0, afg_nodes = 0;
	unsigned afg, first, last;

	g_assert_no_error(err);
	ctl = hda_controller_open(dev, NULL, &err);
	g_assert_no_error(err);
	hda_param(ctl, 0, 0, AC_PAR_NODE_COUNT, &nodes, &err);
	g_assert_no_error(err);
	afg = (nodes >> 16) & 0xff;
	hda_param(ctl, 0, afg, AC_PAR_NODE_COUNT, &afg_nodes, &err);
	g_assert_no_error(err);
	first = (afg_nodes >> 16) & 0xff;
	last = first + (afg_nodes & 0xff) - 1;
	g_assert_cmpuint(last, >=, first);
	for (unsigned nid = 0; nid <= last; nid++) {
		if (nid && nid != afg && nid < first)
			continue; /* only nodes that exist: the root, the AFG, its widgets */
		for (unsigned p = 0; p <= AC_PAR_HDMI_LPCM_CAP; p++)
			cmd(ctl, HDA_VERB(0, nid, AC_VERB_PARAMETERS, p));
		for (unsigned i = 0; i < G_N_ELEMENTS(get_verbs); i++)
			cmd(ctl, HDA_VERB(0, nid, get_verbs[i], 0));
		/* Amp gain: output/input, left/right, index 0 and 1; stream format. */
		for (unsigned amp = 0; amp < 8; amp++)
			cmd(ctl, HDA_VERB4(0, nid, AC_VERB_GET_AMP_GAIN_MUTE >> 8,
					   (amp & 1 ? AC_AMP_GET_OUTPUT : AC_AMP_GET_INPUT) |
					   (amp & 2 ? AC_AMP_GET_RIGHT : AC_AMP_GET_LEFT) |
					   (amp >> 2)));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB_GET_STREAM_FORMAT >> 8, 0));
		for (unsigned i = 0; i < G_N_ELEMENTS(set_verbs); i++) {
			cmd(ctl, HDA_VERB(0, nid, set_verbs[i].set, set_verbs[i].payload));
			cmd(ctl, HDA_VERB(0, nid, set_verbs[i].get, set_verbs[i].get_payload));
		}
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB4_SET_STREAM_FORMAT, 0x4011));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB_GET_STREAM_FORMAT >> 8, 0));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB4_SET_AMP_GAIN_MUTE,
				   AC_AMP_SET_OUTPUT | AC_AMP_SET_LEFT | AC_AMP_SET_RIGHT | 0x25));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB_GET_AMP_GAIN_MUTE >> 8,
				   AC_AMP_GET_OUTPUT | AC_AMP_GET_LEFT));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB4_SET_AMP_GAIN_MUTE,
				   AC_AMP_SET_INPUT | AC_AMP_SET_RIGHT | 0x80));
		cmd(ctl, HDA_VERB4(0, nid, AC_VERB_GET_AMP_GAIN_MUTE >> 8,
				   AC_AMP_GET_INPUT | AC_AMP_GET_RIGHT));
	}
	/* No codec at address 2: no response on either (QEMU drops it, so does the mock). */
	cmd(ctl, HDA_VERB(2, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	cmd(ctl, HDA_VERB(0, 0, AC_VERB_PARAMETERS, AC_PAR_VENDOR_ID));
	hda_controller_close(ctl);
	sv_device_close(dev);
}

/* Read a trace; it must exist and hold something. */
static char *read_trace(const char *path)
{
	g_autoptr(GError) err = NULL;
	char *text = NULL;

	g_file_get_contents(path, &text, NULL, &err);
	g_assert_no_error(err);
	g_assert_cmpuint(strlen(text), >, 0);
	return text;
}

/*
 * Teeth: change the response of the verb in the middle of @mock's view and
 * check that the comparison with @qtest names exactly that line.
 */
static void check_teeth(const char *mock_text, GArray *mock, GArray *qtest)
{
	g_autofree char *changed_line = NULL;
	g_autofree char *changed = NULL;
	g_autofree char *diff = NULL;
	g_autofree char *want = NULL;
	GArray *verbs = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *view;
	const TraceLine *l;
	uint32_t verb, resp;
	unsigned index;
	guint pick;

	for (guint i = 0; i < mock->len; i++)
		if (g_str_has_prefix(g_array_index(mock, TraceLine, i).text, "verb ") &&
		    !g_str_has_suffix(g_array_index(mock, TraceLine, i).text, "none"))
			g_array_append_val(verbs, i);
	g_assert_cmpuint(verbs->len, >, 0);
	pick = g_array_index(verbs, guint, verbs->len / 2);
	l = &g_array_index(mock, TraceLine, pick);
	g_assert_cmpint(sscanf(l->text, "verb 0x%x -> 0x%x", &verb, &resp), ==, 2);
	changed_line = g_strdup_printf("verb 0x%08x -> 0x%08x", verb, resp ^ 0x100);
	changed = trace_edit_line(mock_text, l->raw_line, changed_line);
	view = trace_canon(changed);
	diff = trace_compare(qtest, view, "qtest", "mock", &index);
	g_assert_nonnull(diff);
	g_assert_cmpuint(index, ==, pick);
	want = g_strdup_printf("mock line %u: %s", l->raw_line, changed_line);
	g_assert_nonnull(strstr(diff, want));
	g_test_message("teeth: response of canonical line %u changed in the mock's trace: "
		       "reported as %s", pick + 1, diff);
	trace_canon_free(view);
	g_array_unref(verbs);
}

static void rm_dir(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *p = g_build_filename(dir, name, NULL);

		g_unlink(p);
	}
	g_rmdir(dir);
}

static void test_parity(gconstpointer data)
{
	const Run *run = data;
	g_autofree char *why = missing_tools();
	g_autofree char *dir = NULL;
	g_autofree char *qtrace = NULL;
	g_autofree char *mtrace = NULL;
	g_autofree char *qdev = NULL;
	g_autofree char *mdev = NULL;
	g_autofree char *qtext = NULL;
	g_autofree char *mtext = NULL;
	g_autofree char *diff = NULL;
	g_autoptr(GError) err = NULL;
	GArray *qv, *mv;
	unsigned index;
	Emu emu = { 0 };

	if (why) {
		g_test_skip(why);
		return;
	}
	dir = g_dir_make_tmp("sofvfio-trace-XXXXXX", &err);
	g_assert_no_error(err);
	qtrace = g_build_filename(dir, "qtest.trace", NULL);
	mtrace = g_build_filename(dir, "mock.trace", NULL);

	qdev = g_strdup_printf(QTEST_DEVICE ",trace=%s", qtrace);
	(run->fn ? run->fn : run_cli)(qdev, dir, run);

	emu_start(dir, mtrace, run->mock_codec ? run->mock_codec : "hda-duplex", &emu);
	mdev = g_strdup_printf("vfio-user:%s", emu.sock);
	(run->fn ? run->fn : run_cli)(mdev, dir, run);
	emu_stop(&emu);

	qtext = read_trace(qtrace);
	mtext = read_trace(mtrace);
	qv = trace_canon(qtext);
	mv = trace_canon(mtext);
	g_test_message("%s: qtest trace %u lines (%zu bytes), mock trace %u lines (%zu bytes); "
		       "canonical views %u and %u lines", run->name, trace_count_lines(qtext),
		       strlen(qtext), trace_count_lines(mtext), strlen(mtext), qv->len, mv->len);
	diff = trace_compare(qv, mv, qtrace, mtrace, &index);
	g_assert_cmpuint(qv->len, >, 0);
	if (run->differ[0]) {
		/* A model that answers differently: the comparison must say where. */
		g_auto(GStrv) qlines = g_strsplit(qtext, "\n", -1);
		g_auto(GStrv) mlines = g_strsplit(mtext, "\n", -1);
		g_autofree char *want_q = NULL;
		g_autofree char *want_m = NULL;
		const TraceLine *ql, *ml;

		g_assert_nonnull(diff);
		g_test_message("%s", diff);
		g_assert_cmpuint(index, <, MIN(qv->len, mv->len));
		ql = &g_array_index(qv, TraceLine, index);
		ml = &g_array_index(mv, TraceLine, index);
		/* The lines named are those raw lines of the files, and the expected ones. */
		g_assert_cmpstr(qlines[ql->raw_line - 1], ==, run->differ[0]);
		g_assert_cmpstr(mlines[ml->raw_line - 1], ==, run->differ[1]);
		want_q = g_strdup_printf("qtest.trace line %u: %s", ql->raw_line, run->differ[0]);
		want_m = g_strdup_printf("mock.trace line %u: %s", ml->raw_line, run->differ[1]);
		g_assert_nonnull(strstr(diff, want_q));
		g_assert_nonnull(strstr(diff, want_m));
	} else {
		if (diff)
			g_test_message("QEMU and the mock differ (traces kept in %s): %s", dir,
				       diff);
		g_assert_null(diff);
		check_teeth(mtext, mv, qv);
	}
	trace_canon_free(qv);
	trace_canon_free(mv);
	if (g_getenv("SOFVFIO_TRACE_KEEP"))
		g_test_message("traces kept in %s", dir);
	else
		rm_dir(dir);
}

static const Run runs[] = {
	{ "codecs", { "codecs", NULL } },
	{ "codecs-immediate", { "codecs", "--cmd", "immediate", NULL } },
	{ "play", { "play", "--tone", "1000", "--duration", "0.1", NULL } },
	{ "play-intx", { "play", "--tone", "1000", "--duration", "0.1", "--irq", "intx", NULL } },
	{ "play-poll", { "play", "--tone", "1000", "--duration", "0.1", "--irq", "poll", NULL } },
	{ "record", { "record", "--duration", "0.1", "@DIR/record.wav", NULL } },
	{ "verb-sweep", { NULL }, run_sweep },
	/* Teeth on a real model: the mock with hda-micro (vendor id 0x1af40032). */
	{ "other-codec-differs", { "codecs", NULL }, NULL, "hda-micro",
	  { "verb 0x000f0000 -> 0x1af40022", "verb 0x000f0000 -> 0x1af40032" } },
};

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (unsigned i = 0; i < G_N_ELEMENTS(runs); i++) {
		g_autofree char *path = g_strdup_printf("/trace/parity/%s", runs[i].name);

		g_test_add_data_func(path, &runs[i], test_parity);
	}
	return g_test_run();
}
