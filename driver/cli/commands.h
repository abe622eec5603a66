/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * commands.h - the sofvfio subcommands.  Each lives in its own cmd-*.c file,
 * parses its own options with GOptionContext and returns an exit status.
 */
#ifndef SOFVFIO_CLI_COMMANDS_H
#define SOFVFIO_CLI_COMMANDS_H

#include <glib.h>

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

#endif
