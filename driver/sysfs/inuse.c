// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inuse.c - is a PCI function busy?  What unbinding its driver would break:
 *  - sound: a process holds one of its cards' device nodes open (the nodes
 *    are the subdirectories of sound/cardN with a `dev` file; processes
 *    are found through their /proc/PID/fd links, by path or by device number);
 *  - storage: a block device below the function (or a holder of one, such
 *    as dm) is mounted or used for swap (/proc/mounts, /proc/swaps);
 *  - network: an interface below the function is up (IFF_UP or operstate).
 */
#include "sysfs-priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

typedef struct {
	char *name;   /* controlC0 */
	int card;
	dev_t rdev;
} SndNode;

static void snd_node_free(gpointer p)
{
	SndNode *n = p;

	g_free(n->name);
	g_free(n);
}

/* The ALSA device nodes of every card under the function's sound/ directory. */
static GPtrArray *sound_nodes(const char *address)
{
	g_autofree char *pci = sysfs_pci_dir(address);
	g_autofree char *sdir = g_build_filename(pci, "sound", NULL);
	g_autoptr(GDir) d = g_dir_open(sdir, 0, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func(snd_node_free);
	const char *card;

	while (d && (card = g_dir_read_name(d))) {
		g_autofree char *cdir = NULL;
		g_autoptr(GDir) cd = NULL;
		const char *e;
		int num;

		if (sscanf(card, "card%d", &num) != 1)
			continue;
		cdir = g_build_filename(sdir, card, NULL);
		cd = g_dir_open(cdir, 0, NULL);
		while (cd && (e = g_dir_read_name(cd))) {
			g_autofree char *devf = g_build_filename(cdir, e, "dev", NULL);
			g_autofree char *mm = sysfs_read_attr(devf);
			unsigned ma, mi;
			SndNode *n;

			if (!mm || sscanf(mm, "%u:%u", &ma, &mi) != 2)
				continue;
			n = g_new0(SndNode, 1);
			n->name = g_strdup(e);
			n->card = num;
			n->rdev = makedev(ma, mi);
			g_ptr_array_add(out, n);
		}
	}
	return out;
}

static const SndNode *match_node(GPtrArray *nodes, const char *fdpath, const char *target)
{
	struct stat st;

	/* udev and devtmpfs name ALSA nodes /dev/snd/NAME */
	if (g_str_has_prefix(target, "/dev/snd/"))
		for (guint i = 0; i < nodes->len; i++) {
			const SndNode *n = g_ptr_array_index(nodes, i);

			if (!strcmp(target + 9, n->name))
				return n;
		}
	/* any other name for the same character device */
	if (g_str_has_prefix(target, "/") && stat(fdpath, &st) == 0 && S_ISCHR(st.st_mode))
		for (guint i = 0; i < nodes->len; i++) {
			const SndNode *n = g_ptr_array_index(nodes, i);

			if (st.st_rdev == n->rdev)
				return n;
		}
	return NULL;
}

static void sound_users(const char *address, GPtrArray *out, gboolean *incomplete)
{
	g_autoptr(GPtrArray) nodes = sound_nodes(address);
	g_autofree char *proc = sv_proc_path("/");
	g_autoptr(GDir) pd = NULL;
	const char *pid;

	if (!nodes->len)
		return;
	pd = g_dir_open(proc, 0, NULL);
	while (pd && (pid = g_dir_read_name(pd))) {
		g_autofree char *fddir = NULL, *comm = NULL, *commf = NULL;
		g_autoptr(GDir) fd = NULL;
		g_autoptr(GError) err = NULL;
		const char *f;

		if (!g_ascii_isdigit(pid[0]) || atoi(pid) == getpid())
			continue;
		fddir = g_build_filename(proc, pid, "fd", NULL);
		fd = g_dir_open(fddir, 0, &err);
		if (!fd) {
			if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
			    g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_PERM))
				*incomplete = TRUE;
			continue;
		}
		while ((f = g_dir_read_name(fd))) {
			g_autofree char *fdpath = g_build_filename(fddir, f, NULL);
			g_autofree char *target = g_file_read_link(fdpath, NULL);
			const SndNode *n;

			if (!target || !(n = match_node(nodes, fdpath, target)))
				continue;
			if (!comm) {
				commf = g_build_filename(proc, pid, "comm", NULL);
				comm = sysfs_read_attr(commf);
			}
			g_ptr_array_add(out, g_strdup_printf(
				"sound card %d: %s open by PID %s (%s)", n->card, target, pid,
				comm ? comm : "?"));
		}
	}
}

/* Names of the class devices (/sys/class/CLASS/NAME) below @address. */
static GPtrArray *class_devices(const char *cls, const char *address)
{
	g_autofree char *dir = sv_sysfs_path("/class/%s", cls);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		g_autofree char *target = g_file_read_link(path, NULL);

		if (target && sysfs_path_has_component(target, address))
			g_ptr_array_add(out, g_strdup(name));
	}
	return out;
}

static gboolean in_list(GPtrArray *names, const char *name)
{
	for (guint i = 0; i < names->len; i++)
		if (!strcmp(g_ptr_array_index(names, i), name))
			return TRUE;
	return FALSE;
}

/* The block device name a mount source or swap path stands for ("" when none). */
static char *block_name(const char *path)
{
	g_autofree char *devroot_path = NULL;
	char *real;

	if (!g_str_has_prefix(path, "/dev/"))
		return g_strdup("");
	/* /dev/mapper/x and /dev/disk/by-uuid/... are links to the kernel name */
	devroot_path = sv_dev_path("%s", path + 4);
	real = realpath(devroot_path, NULL);
	if (real) {
		char *b = g_path_get_basename(real);

		free(real);
		return b;
	}
	return g_path_get_basename(path);
}

/* Which of @names (block devices) holds the filesystem mounted at @mnt ("" if none). */
static char *block_by_devnum(GPtrArray *names, const char *mnt)
{
	struct stat st;

	if (stat(mnt, &st) != 0)
		return g_strdup("");
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *p = sv_sysfs_path("/class/block/%s/dev",
						   (char *)g_ptr_array_index(names, i));
		g_autofree char *mm = sysfs_read_attr(p);
		unsigned ma, mi;

		if (mm && sscanf(mm, "%u:%u", &ma, &mi) == 2 && st.st_dev == makedev(ma, mi))
			return g_strdup(g_ptr_array_index(names, i));
	}
	return g_strdup("");
}

static void block_users(const char *address, GPtrArray *out)
{
	g_autoptr(GPtrArray) names = class_devices("block", address);
	g_autofree char *mounts = NULL, *swaps = NULL;
	g_autofree char *mpath = sv_proc_path("/mounts"), *spath = sv_proc_path("/swaps");
	guint direct = names->len;

	if (!names->len)
		return;
	/* holders (dm, md) of our disks and partitions are ours too */
	for (guint i = 0; i < direct; i++) {
		g_autofree char *hdir = sv_sysfs_path("/class/block/%s/holders",
						      (char *)g_ptr_array_index(names, i));
		g_autoptr(GDir) d = g_dir_open(hdir, 0, NULL);
		const char *h;

		while (d && (h = g_dir_read_name(d)))
			if (!in_list(names, h))
				g_ptr_array_add(names, g_strdup(h));
	}
	if (g_file_get_contents(mpath, &mounts, NULL, NULL)) {
		g_auto(GStrv) lines = g_strsplit(mounts, "\n", -1);

		for (char **l = lines; *l; l++) {
			g_auto(GStrv) w = g_strsplit(*l, " ", 3);
			g_autofree char *b = NULL;

			if (g_strv_length(w) < 2)
				continue;
			b = block_name(w[0]);
			if (!strcmp(w[0], "/dev/root")) {
				/* the kernel's name for a root= without an initramfs:
				 * the mount point's device number says which disk */
				g_free(b);
				b = block_by_devnum(names, w[1]);
			}
			if (*b && in_list(names, b))
				g_ptr_array_add(out, g_strdup_printf(
					"block device %s (%s) is mounted on %s", b, w[0], w[1]));
		}
	}
	if (g_file_get_contents(spath, &swaps, NULL, NULL)) {
		g_auto(GStrv) lines = g_strsplit(swaps, "\n", -1);

		for (char **l = lines; *l; l++) {
			g_auto(GStrv) w = g_strsplit_set(*l, " \t", 2);
			g_autofree char *b = NULL;

			if (l == lines || !w[0] || !*w[0])
				continue; /* header line */
			b = block_name(w[0]);
			if (*b && in_list(names, b))
				g_ptr_array_add(out, g_strdup_printf(
					"block device %s (%s) is in use as swap", b, w[0]));
		}
	}
}

static void net_users(const char *address, GPtrArray *out)
{
	g_autoptr(GPtrArray) names = class_devices("net", address);

	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		g_autofree char *fpath = sv_sysfs_path("/class/net/%s/flags", n);
		g_autofree char *opath = sv_sysfs_path("/class/net/%s/operstate", n);
		g_autofree char *flags = sysfs_read_attr(fpath);
		g_autofree char *oper = sysfs_read_attr(opath);

		/* IFF_UP (0x1, linux/if.h): administratively up */
		if ((flags && (strtoul(flags, NULL, 16) & 0x1)) || (oper && !strcmp(oper, "up")))
			g_ptr_array_add(out, g_strdup_printf(
				"network interface %s is up (`ip link set %s down` first)", n, n));
	}
}

GPtrArray *sv_pci_users(const char *address, gboolean *incomplete)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	gboolean inc = FALSE;

	sound_users(address, out, &inc);
	block_users(address, out);
	net_users(address, out);
	if (incomplete)
		*incomplete = inc;
	return out;
}
