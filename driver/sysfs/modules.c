// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modules.c - kernel modules: loaded (/sys/module/NAME) and which modules
 * could drive a PCI function (its modalias against the `alias pci:...`
 * patterns of modules.alias, as `modprobe --resolve-alias` does, without
 * running it).
 */
#include "sysfs-priv.h"

#include <fnmatch.h>
#include <string.h>

gboolean sv_module_loaded(const char *name)
{
	g_autofree char *mod = g_strdup(name);
	g_autofree char *path = NULL;

	/* /sys/module uses underscores: vfio-pci -> vfio_pci */
	g_strdelimit(mod, "-", '_');
	path = sv_sysfs_path("/module/%s", mod);
	return g_file_test(path, G_FILE_TEST_IS_DIR);
}

typedef struct {
	char *pattern;
	char *module;
} Alias;

static void alias_free(gpointer p)
{
	Alias *a = p;

	g_free(a->pattern);
	g_free(a->module);
	g_free(a);
}

/* The pci: aliases of modules.alias, parsed once per process. */
static GPtrArray *pci_aliases(void)
{
	static GPtrArray *aliases;
	static gboolean tried;
	G_LOCK_DEFINE_STATIC(aliases);
	GPtrArray *out;

	G_LOCK(aliases);
	if (!tried) {
		g_autofree char *dir = sv_modules_dir();
		g_autofree char *path = g_build_filename(dir, "modules.alias", NULL);
		g_autofree char *text = NULL;

		tried = TRUE;
		if (g_file_get_contents(path, &text, NULL, NULL)) {
			g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

			aliases = g_ptr_array_new_with_free_func(alias_free);
			for (char **l = lines; *l; l++) {
				g_auto(GStrv) w = NULL;
				Alias *a;

				if (!g_str_has_prefix(*l, "alias pci:"))
					continue;
				w = g_strsplit_set(*l, " \t", 3);
				if (g_strv_length(w) < 3)
					continue;
				a = g_new(Alias, 1);
				a->pattern = g_strdup(w[1]);
				a->module = g_strdup(g_strstrip(w[2]));
				g_ptr_array_add(aliases, a);
			}
		}
	}
	out = aliases;
	G_UNLOCK(aliases);
	return out;
}

GPtrArray *sv_modalias_modules(const char *modalias)
{
	GPtrArray *aliases = pci_aliases();
	GPtrArray *out;

	if (!aliases)
		return NULL;
	out = g_ptr_array_new_with_free_func(g_free);
	if (!modalias)
		return out;
	for (guint i = 0; i < aliases->len; i++) {
		const Alias *a = g_ptr_array_index(aliases, i);
		gboolean dup = FALSE;

		if (fnmatch(a->pattern, modalias, 0) != 0)
			continue;
		for (guint j = 0; j < out->len && !dup; j++)
			dup = !strcmp(g_ptr_array_index(out, j), a->module);
		if (!dup)
			g_ptr_array_add(out, g_strdup(a->module));
	}
	return out;
}
