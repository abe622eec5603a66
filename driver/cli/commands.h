/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * commands.h - the sofvfio subcommands.  Each lives in its own cmd-*.c file,
 * parses its own options with GOptionContext and returns an exit status.
 */
#ifndef SOFVFIO_CLI_COMMANDS_H
#define SOFVFIO_CLI_COMMANDS_H

#include <glib.h>
#include <stdio.h>

typedef struct {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} SvCommand;

/* The table, in main.c. */
extern const SvCommand sv_commands[];

/*
 * Shared option handling: parse @ctx, print errors as "sofvfio NAME: ..." and
 * return FALSE when the command should exit with status 2.
 */
gboolean cli_parse(GOptionContext *ctx, int *argc, char ***argv, const char *cmd);

/* The "  name  summary" lines of a command table. */
void cli_print_commands(FILE *out, const SvCommand *table);

/*
 * Run the entry of @table that argv[1] names with (argc - 1, argv + 1);
 * "--help"/"-h"/"help" print @usage on stdout (status 0), nothing or an
 * unknown name print it on stderr (status 2, "WHO: unknown command").
 */
int cli_dispatch(const SvCommand *table, int argc, char **argv, const char *who,
		 void (*usage)(FILE *out));

/* Report @error as "sofvfio CMD: message" on stderr; returns 1. */
int cli_fail(const char *cmd, GError *error);

int cmd_info(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_codecs(int argc, char **argv);
int cmd_verb(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_unbind(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_dsp(int argc, char **argv);

/* sofvfio dsp SUBCOMMAND (the table is in cmd-dsp.c) */
int cmd_dsp_fw_info(int argc, char **argv);
int cmd_dsp_info(int argc, char **argv);
int cmd_dsp_boot(int argc, char **argv);

#endif
