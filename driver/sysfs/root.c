// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * root.c - where sysfs, /dev, /proc, the kernel modules and the bind state
 * live.  Each root can be moved by an environment variable so that unit
 * tests run the same code on a fake tree.
 */
#include "sysfs-priv.h"

#include <stdarg.h>
#include <string.h>
#include <sys/utsname.h>

static const char *env_or(const char *var, const char *def)
{
	const char *v = g_getenv(var);

	return v && *v ? v : def;
}

const char *sv_sysfs_root(void)
{
	return env_or("SOFVFIO_SYSFS_ROOT", "/sys");
}

const char *sv_dev_root(void)
{
	return env_or("SOFVFIO_DEV_ROOT", "/dev");
}

const char *sv_proc_root(void)
{
	return env_or("SOFVFIO_PROC_ROOT", "/proc");
}

const char *sv_state_dir(void)
{
	return env_or("SOFVFIO_STATE_DIR", "/run/sofvfio");
}

char *sv_modules_dir(void)
{
	const char *dir = g_getenv("SOFVFIO_MODULES_DIR");
	struct utsname u;

	if (dir && *dir)
		return g_strdup(dir);
	if (uname(&u) != 0)
		return g_strdup("/lib/modules");
	return g_build_filename("/lib/modules", u.release, NULL);
}

G_GNUC_PRINTF(2, 0) static char *rooted(const char *root, const char *fmt, va_list ap)
{
	g_autofree char *rest = g_strdup_vprintf(fmt, ap);

	/* "/" as root: no double slash */
	if (!strcmp(root, "/"))
		return g_steal_pointer(&rest);
	return g_strconcat(root, rest, NULL);
}

char *sv_sysfs_path(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = rooted(sv_sysfs_root(), fmt, ap);
	va_end(ap);
	return p;
}

char *sv_dev_path(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = rooted(sv_dev_root(), fmt, ap);
	va_end(ap);
	return p;
}

char *sv_proc_path(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = rooted(sv_proc_root(), fmt, ap);
	va_end(ap);
	return p;
}

char *sysfs_read_attr(const char *path)
{
	char *text = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &text, &len, NULL))
		return NULL;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	return text;
}

char *sysfs_link_name(const char *dir, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autofree char *target = g_file_read_link(path, NULL);

	return target ? g_path_get_basename(target) : NULL;
}

char *sysfs_pci_dir(const char *address)
{
	return sv_sysfs_path("/bus/pci/devices/%s", address);
}

gboolean sysfs_path_has_component(const char *link, const char *component)
{
	g_auto(GStrv) parts = g_strsplit(link, "/", -1);

	for (char **p = parts; *p; p++)
		if (!strcmp(*p, component))
			return TRUE;
	return FALSE;
}
