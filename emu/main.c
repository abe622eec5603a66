// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - sofvfio-emu: an Intel HD Audio controller with codecs, served
 * as a vfio-user device on a UNIX socket.  See emu/README.md.
 */
#define SV_LOG_PREFIX "emu"
#include "sofvfio/log.h"
#include "dsp/dsp.h"
#include "hda/hda.h"
#include "server/server.h"
#include "server/trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static GLogLevelFlags max_level = G_LOG_LEVEL_WARNING;

static void log_handler(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
	static const struct {
		GLogLevelFlags level;
		const char *name;
	} names[] = {
		{ G_LOG_LEVEL_ERROR, "error" },     { G_LOG_LEVEL_CRITICAL, "critical" },
		{ G_LOG_LEVEL_WARNING, "warning" }, { G_LOG_LEVEL_MESSAGE, "message" },
		{ G_LOG_LEVEL_INFO, "info" },       { G_LOG_LEVEL_DEBUG, "debug" },
	};
	const char *name = "log";

	/* GLib levels grow less severe with larger values. */
	if ((level & G_LOG_LEVEL_MASK) > max_level)
		return;
	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
		if (level & names[i].level) {
			name = names[i].name;
			break;
		}
	fprintf(stderr, "sofvfio-emu[%d]: %s: %s\n", (int)getpid(), name, msg);
}

static gboolean parse_level(const char *s, GError **error)
{
	if (!s || !strcmp(s, "warn") || !strcmp(s, "warning"))
		max_level = G_LOG_LEVEL_WARNING;
	else if (!strcmp(s, "error"))
		max_level = G_LOG_LEVEL_CRITICAL;
	else if (!strcmp(s, "info"))
		max_level = G_LOG_LEVEL_INFO;
	else if (!strcmp(s, "debug"))
		max_level = G_LOG_LEVEL_DEBUG;
	else {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --log-level %s: use error, warn, info or debug", s);
		return FALSE;
	}
	return TRUE;
}

int main(int argc, char **argv)
{
	g_autofree char *socket_path = NULL, *controller = NULL, *sink = NULL, *source = NULL;
	g_autofree char *pace = NULL, *trace = NULL, *log_level = NULL, *pidfile = NULL;
	g_autofree char *dsp_part = NULL, *dsp_fault = NULL, *dsp_logs = NULL;
	g_auto(GStrv) codecs = NULL;
	gboolean once = FALSE, no_bar_decode = FALSE;
	int die_after = -1, hang_after = -1;
	GOptionEntry entries[] = {
		{ "socket", 's', 0, G_OPTION_ARG_FILENAME, &socket_path,
		  "listen on this UNIX socket (required)", "PATH" },
		{ "controller", 0, 0, G_OPTION_ARG_STRING, &controller,
		  "ich6 (8086:2668, default) or ich9 (8086:293e)", "ich6|ich9" },
		{ "dsp", 0, 0, G_OPTION_ARG_STRING, &dsp_part,
		  "an Intel SOF audio DSP behind the controller, which then presents that part's "
		  "PCI identity (class 0x040100), LLCH capabilities and BAR4: cnl (8086:9dc8, "
		  "cAVS 1.8), apl (8086:5a98, cAVS 1.5) or tgl (8086:a0c8, cAVS 2.5)", "cnl|apl|tgl" },
		{ "dsp-fault", 0, 0, G_OPTION_ARG_STRING, &dsp_fault,
		  "inject one DSP failure: cpa-stuck, no-rom-ack, rom-error=CODE, fsr-stuck=VALUE, "
		  "no-fw-ready, panic, ipc-timeout, abi-mismatch or dead", "KIND[=VALUE]" },
		{ "dsp-logs", 0, 0, G_OPTION_ARG_FILENAME, &dsp_logs,
		  "where the firmware's log dictionaries (.ldc) are: trace records point at the "
		  "entries of the one matching the loaded image (default " EMU_DSP_LOGS_DIR ")",
		  "DIR" },
		{ "codec", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &codecs,
		  "codec at the next address: hda-duplex (default), hda-micro, hda-output, "
		  "dump:FILE or dump:FILE#N; repeat for more codecs", "SPEC" },
		{ "sink", 0, 0, G_OPTION_ARG_FILENAME, &sink,
		  "write what output streams play to this WAV file", "FILE.wav" },
		{ "source", 0, 0, G_OPTION_ARG_STRING, &source,
		  "what input streams record: a WAV file or tone:HZ (default: silence)",
		  "FILE.wav|tone:HZ" },
		{ "pace", 0, 0, G_OPTION_ARG_STRING, &pace,
		  "realtime (default: streams move at their sample rate) or fast (as fast as the "
		  "driver keeps up)", "realtime|fast" },
		{ "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace,
		  "log every register access and codec verb to FILE (- for stdout)", "FILE" },
		{ "log-level", 0, 0, G_OPTION_ARG_STRING, &log_level,
		  "error, warn (default), info or debug", "LEVEL" },
		{ "once", 0, 0, G_OPTION_ARG_NONE, &once,
		  "exit when the first client disconnects", NULL },
		{ "pidfile", 0, 0, G_OPTION_ARG_FILENAME, &pidfile,
		  "write the process id to FILE once listening", "FILE" },
		{ "no-bar-decode", 0, 0, G_OPTION_ARG_NONE, &no_bar_decode,
		  "answer BAR accesses even when the BAR has no address or memory decoding "
		  "is off (default: only placed, decoded BARs answer, as on a bus)", NULL },
		{ "die-after", 0, 0, G_OPTION_ARG_INT, &die_after,
		  "fault tests: answer N commands, then die (SIGKILL) when the next arrives", "N" },
		{ "hang-after", 0, 0, G_OPTION_ARG_INT, &hang_after,
		  "fault tests: answer N commands, then nothing more (alive, socket open)", "N" },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- Intel HD Audio controller as a "
							     "vfio-user device");
	g_autoptr(GError) err = NULL;
	EmuServerOptions sopts = { 0 };
	EmuHdaOptions hopts = { 0 };
	EmuDspOptions dopts = { 0 };
	EmuServer *srv;
	EmuHda *hda;
	EmuDsp *dsp = NULL;
	gboolean ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Signals: SIGTERM/SIGINT finish the WAV file and exit; SIGUSR1 makes every codec\n"
		"node with unsolicited responses enabled send one (a jack event).\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &err) || !parse_level(log_level, &err))
		goto usage;
	g_log_set_default_handler(log_handler, NULL);
	sv_log_diagnostics();
	if (argc > 1) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "unexpected argument %s",
			    argv[1]);
		goto usage;
	}
	if (!socket_path) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "--socket PATH is required");
		goto usage;
	}
	if (pace && strcmp(pace, "realtime") && strcmp(pace, "fast")) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --pace %s: use realtime or fast", pace);
		goto usage;
	}
	if ((dsp_fault || dsp_logs) && !dsp_part) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
			    "--dsp-fault and --dsp-logs need --dsp cnl|apl|tgl");
		goto usage;
	}
	if (dsp_part && controller) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
			    "--dsp gives the function its part's identity: leave out --controller");
		goto usage;
	}
	if (die_after < -1 || hang_after < -1) {
		g_set_error(&err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --%s-after %d: a number of commands, 0 or more",
			    die_after < -1 ? "die" : "hang", die_after < -1 ? die_after : hang_after);
		goto usage;
	}
	if (trace && !emu_trace_open(trace, &err))
		goto fail;

	sopts.socket_path = socket_path;
	sopts.once = once;
	sopts.no_bar_decode = no_bar_decode;
	/* "after N answered" is command N + 1 */
	sopts.die_at = die_after >= 0 ? (unsigned)die_after + 1 : 0;
	sopts.hang_at = hang_after >= 0 ? (unsigned)hang_after + 1 : 0;
	srv = emu_server_new(&sopts, &err);
	if (!srv)
		goto fail;
	hopts.controller = controller;
	hopts.codecs = codecs;
	hopts.sink = sink;
	hopts.source = source;
	hopts.fast = pace && !strcmp(pace, "fast");
	hda = emu_hda_new(srv, &hopts, &err);
	if (!hda) {
		emu_server_free(srv);
		goto fail;
	}
	dopts.part = dsp_part;
	dopts.fault = dsp_fault;
	dopts.logs_dir = dsp_logs;
	if ((dsp_part && !(dsp = emu_dsp_new(srv, hda, &dopts, &err))) ||
	    !emu_server_publish(srv, &err)) {
		emu_hda_free(hda);
		emu_dsp_free(dsp);
		emu_server_free(srv);
		goto fail;
	}
	if (pidfile) {
		g_autofree char *pid = g_strdup_printf("%d\n", (int)getpid());

		if (!g_file_set_contents(pidfile, pid, -1, &err)) {
			emu_hda_free(hda);
			emu_dsp_free(dsp);
			emu_server_free(srv);
			goto fail;
		}
	}
	printf("listening on %s\n", socket_path);
	fflush(stdout);

	ok = emu_server_run(srv, &err);
	emu_hda_free(hda);
	emu_dsp_free(dsp);
	emu_server_free(srv);
	if (pidfile)
		unlink(pidfile);
	emu_trace_close();
	if (!ok)
		goto fail;
	return EXIT_SUCCESS;

usage:
	g_printerr("sofvfio-emu: %s\n(see sofvfio-emu --help)\n", err->message);
	return 2;
fail:
	g_printerr("sofvfio-emu: %s\n", err->message);
	emu_trace_close();
	return EXIT_FAILURE;
}
