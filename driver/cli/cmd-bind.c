// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-bind.c - `sofvfio bind ADDRESS` and `sofvfio unbind ADDRESS`: move a
 * function's whole IOMMU group to vfio-pci and back (driver/sysfs/bind.c
 * does the work; this parses options and prints).
 */
#include "commands.h"
#include "sofvfio/device.h"
#include "sofvfio/sysfs.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void say_line(const char *line, void *data)
{
	printf("%s\n", line);
	fflush(stdout);
}

static gboolean parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (!*s || !g_ascii_isdigit(*s))
		return FALSE;
	*out = strtoul(s, &end, 10);
	return *end == '\0';
}

/* USER[:GROUP], names or numbers; without GROUP the user's primary group. */
static gboolean parse_owner(const char *spec, SvBindOptions *o, GError **error)
{
	g_auto(GStrv) parts = g_strsplit(spec, ":", 2);
	unsigned long id;
	struct passwd *pw = NULL;

	if (!parts[0] || !*parts[0])
		goto bad;
	if (parse_id(parts[0], &id)) {
		o->owner_uid = (uid_t)id;
		pw = getpwuid(o->owner_uid);
	} else if ((pw = getpwnam(parts[0]))) {
		o->owner_uid = pw->pw_uid;
	} else {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "--owner: no user '%s'", parts[0]);
		return FALSE;
	}
	if (parts[1] && *parts[1]) {
		struct group *gr;

		if (parse_id(parts[1], &id)) {
			o->owner_gid = (gid_t)id;
		} else if ((gr = getgrnam(parts[1]))) {
			o->owner_gid = gr->gr_gid;
		} else {
			g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "--owner: no group '%s'",
				    parts[1]);
			return FALSE;
		}
	} else if (pw) {
		o->owner_gid = pw->pw_gid;
	} else {
		/* a bare uid with no passwd entry: same number for the group */
		o->owner_gid = (gid_t)o->owner_uid;
	}
	o->set_owner = TRUE;
	return TRUE;
bad:
	g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "--owner: expected USER[:GROUP], got '%s'",
		    spec);
	return FALSE;
}

/* The one positional ADDRESS. */
static const char *one_address(int argc, char **argv, const char *cmd)
{
	if (argc != 2) {
		fprintf(stderr, "sofvfio %s: %s (see 'sofvfio %s --help')\n", cmd,
			argc < 2 ? "which PCI function? e.g. 0000:00:1f.3" : "one ADDRESS only",
			cmd);
		return NULL;
	}
	return argv[1];
}

int cmd_bind(int argc, char **argv)
{
	gboolean dry = FALSE, force = FALSE, verbose = FALSE;
	g_autofree char *owner = NULL;
	GOptionEntry entries[] = {
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry,
		  "print what would change (one line per sysfs write), change nothing", NULL },
		{ "force", 'f', 0, G_OPTION_ARG_NONE, &force,
		  "bind even when a member is in use (open sound device, mount, interface up)", NULL },
		{ "owner", 'o', 0, G_OPTION_ARG_STRING, &owner,
		  "chown /dev/vfio/GROUP to USER[:GROUP] (run the driver without root)", "USER[:GROUP]" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "show each sysfs write", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ADDRESS - give a function's IOMMU group to vfio-pci");
	g_autoptr(GError) err = NULL;
	SvBindOptions o = { 0 };
	const char *addr;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Binds ADDRESS and every other endpoint of its IOMMU group to vfio-pci (VFIO\n"
		"only opens a group whose endpoints are all on vfio-pci; PCI bridges are left\n"
		"alone). Per function: driver_override <- vfio-pci, unbind from the current\n"
		"driver, drivers_probe, then the `driver` link is checked. vfio-pci is loaded\n"
		"when needed. The original drivers are recorded first in\n"
		"$SOFVFIO_STATE_DIR/bind-GROUP.json (default /run/sofvfio) so that\n"
		"`sofvfio unbind` can restore them, even after a crash. If a step fails,\n"
		"everything already changed is rolled back.\n\n"
		"Refuses when a member is in use (a process holds one of its sound devices\n"
		"open, a disk behind it is mounted, a network interface is up) unless --force.\n\n"
		"Test hook: SOFVFIO_BIND_FAIL_AT=N makes the N-th sysfs write fail.\n\n"
		"Examples:\n"
		"  sofvfio bind 0000:00:1f.3 --dry-run\n"
		"  sudo sofvfio bind 0000:00:1f.3 --owner $USER\n");
	if (!cli_parse(ctx, &argc, &argv, "bind"))
		return 2;
	if (!(addr = one_address(argc, argv, "bind")))
		return 2;
	if (owner && !parse_owner(owner, &o, &err)) {
		fprintf(stderr, "sofvfio bind: %s\n", err->message);
		return 2;
	}
	o.dry_run = dry;
	o.force = force;
	o.verbose = verbose;
	o.say = say_line;
	if (!sv_bind_group(addr, &o, &err))
		return cli_fail("bind", err);
	return 0;
}

int cmd_unbind(int argc, char **argv)
{
	gboolean dry = FALSE, verbose = FALSE;
	GOptionEntry entries[] = {
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry,
		  "print what would change, change nothing", NULL },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "show each sysfs write", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("ADDRESS - give a function's IOMMU group back to its drivers");
	g_autoptr(GError) err = NULL;
	SvBindOptions o = { 0 };
	const char *addr;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Restores what `sofvfio bind` recorded for the group of ADDRESS: per member\n"
		"the saved driver_override (or an empty one), unbind from vfio-pci,\n"
		"drivers_probe, and a check that the original driver is back; then the state\n"
		"file is removed. Works after a crash in the middle of a bind. Without a\n"
		"record, clears vfio-pci overrides in the group, unbinds the members from\n"
		"vfio-pci and reprobes them, and says that no record existed.\n\n"
		"Example:\n"
		"  sudo sofvfio unbind 0000:00:1f.3\n");
	if (!cli_parse(ctx, &argc, &argv, "unbind"))
		return 2;
	if (!(addr = one_address(argc, argv, "unbind")))
		return 2;
	o.dry_run = dry;
	o.verbose = verbose;
	o.say = say_line;
	if (!sv_unbind_group(addr, &o, &err))
		return cli_fail("unbind", err);
	return 0;
}
