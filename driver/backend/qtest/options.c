// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * options.c - the option string of a qtest device name:
 *
 *   qtest:[CONTROLLER][,codec=C][,msi=on|off][,wav=PATH][,qemu=PATH][,mem=MiB][,log=PATH]
 *         [,trace=PATH]
 *
 * Everything is checked here, before QEMU runs: a mistake is reported with
 * the offending piece, its position and the valid choices.
 */
#include "qtest.h"

#include <string.h>

static const struct {
	const char *name;
	uint16_t device_id; /* what the model reports in config space */
} controllers[] = {
	{ "intel-hda", 0x2668 },      /* ICH6 HDA */
	{ "ich9-intel-hda", 0x293e }, /* ICH9 HDA */
};

static const char *const codecs[] = { "hda-duplex", "hda-micro", "hda-output" };

enum { K_CODEC, K_MSI, K_WAV, K_QEMU, K_MEM, K_LOG, K_TRACE, K_NUM };
static const char *const keys[K_NUM] = { "codec", "msi", "wav", "qemu", "mem", "log", "trace" };

uint16_t qt_controller_device_id(const char *controller)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(controllers); i++)
		if (!strcmp(controllers[i].name, controller))
			return controllers[i].device_id;
	return 0;
}

static char *list_controllers(void)
{
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; i < G_N_ELEMENTS(controllers); i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", controllers[i].name);
	return g_string_free(s, FALSE);
}

static char *list_strv(const char *const *v, unsigned n, const char *suffix)
{
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s%s", i ? ", " : "", v[i], suffix);
	return g_string_free(s, FALSE);
}

void qt_options_clear(QtOptions *opt)
{
	g_free(opt->controller);
	g_free(opt->codec);
	g_free(opt->wav);
	g_free(opt->qemu);
	g_free(opt->log);
	g_free(opt->trace);
	memset(opt, 0, sizeof(*opt));
}

/* Report a problem with option @pos (1-based) that starts at character @at. */
static gboolean fail(GError **error, const char *name, unsigned pos, size_t at, const char *piece,
		     const char *fmt, const char *detail)
{
	g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
		    "device '%s': option %u '%s' (at character %zu of the options): %s%s",
		    name, pos, piece, at, fmt, detail ? detail : "");
	return FALSE;
}

static gboolean set_value(QtOptions *opt, unsigned key, const char *val, const char *name,
			  unsigned pos, size_t at, const char *piece, GError **error)
{
	g_autofree char *valid = NULL;
	guint64 mib;
	char *end;

	switch (key) {
	case K_CODEC:
		for (unsigned i = 0; i < G_N_ELEMENTS(codecs); i++)
			if (!strcmp(val, codecs[i])) {
				opt->codec = g_strdup(val);
				return TRUE;
			}
		valid = list_strv(codecs, G_N_ELEMENTS(codecs), "");
		return fail(error, name, pos, at, piece, "unknown codec; valid codecs are ", valid);
	case K_MSI:
		if (!strcmp(val, "on") || !strcmp(val, "off")) {
			opt->msi = !strcmp(val, "on");
			return TRUE;
		}
		return fail(error, name, pos, at, piece, "msi takes on or off", NULL);
	case K_MEM:
		mib = g_ascii_strtoull(val, &end, 10);
		if (!*val || *end || !g_ascii_isdigit(*val) || mib < QT_MEM_MIN_MIB ||
		    mib > QT_MEM_MAX_MIB) {
			g_autofree char *range = g_strdup_printf(
				"mem takes a size in MiB from %u to %u", QT_MEM_MIN_MIB,
				QT_MEM_MAX_MIB);

			return fail(error, name, pos, at, piece, range, NULL);
		}
		opt->mem_mib = (unsigned)mib;
		return TRUE;
	default:
		/* A path: QEMU's option syntax escapes commas by doubling; ours splits on them. */
		if (!*val)
			return fail(error, name, pos, at, piece, "the value is empty: give a path",
				    NULL);
		if (key == K_WAV)
			opt->wav = g_strdup(val);
		else if (key == K_QEMU)
			opt->qemu = g_strdup(val);
		else if (key == K_TRACE)
			opt->trace = g_strdup(val);
		else
			opt->log = g_strdup(val);
		return TRUE;
	}
}

/**
 * qt_options_parse() - parse the part of a qtest device name after "qtest:".
 * @name: the whole device name, for messages
 * @spec: the options (may be empty)
 * @opt: filled with the options and defaults; clear with qt_options_clear()
 * @error: SV_ERROR_INVAL naming the offending option, its position and the
 *         valid choices
 */
gboolean qt_options_parse(const char *name, const char *spec, QtOptions *opt, GError **error)
{
	g_auto(GStrv) items = NULL;
	int first_pos[K_NUM] = { 0 };
	size_t at = 0;

	memset(opt, 0, sizeof(*opt));
	opt->msi = TRUE;
	opt->mem_mib = QT_MEM_DEFAULT_MIB;
	if (*spec) {
		items = g_strsplit(spec, ",", -1);
		for (unsigned i = 0; items[i]; at += strlen(items[i]) + 1, i++) {
			const char *item = items[i], *eq = strchr(item, '=');
			unsigned pos = i + 1, key;
			g_autofree char *k = NULL;

			if (!*item) {
				fail(error, name, pos, at, item,
				     "empty option: separate options with single commas and "
				     "leave no comma at either end", NULL);
				goto err;
			}
			if (!eq) {
				g_autofree char *valid = list_controllers();

				if (i > 0) {
					fail(error, name, pos, at, item, "expected KEY=VALUE (only "
					     "the first option may be a bare controller name)", NULL);
					goto err;
				}
				if (!qt_controller_device_id(item)) {
					fail(error, name, pos, at, item,
					     "unknown controller; valid controllers are ", valid);
					goto err;
				}
				opt->controller = g_strdup(item);
				continue;
			}
			if (eq == item) {
				fail(error, name, pos, at, item, "the key before '=' is empty", NULL);
				goto err;
			}
			k = g_strndup(item, (gsize)(eq - item));
			for (key = 0; key < K_NUM; key++)
				if (!strcmp(k, keys[key]))
					break;
			if (key == K_NUM) {
				g_autofree char *valid = list_strv(keys, K_NUM, "=");

				fail(error, name, pos, at, item, "unknown option; valid options are "
				     "a controller name first, then ", valid);
				goto err;
			}
			if (first_pos[key]) {
				g_autofree char *d = g_strdup_printf("%s is given twice (first as "
								     "option %d)", keys[key],
								     first_pos[key]);

				fail(error, name, pos, at, item, d, NULL);
				goto err;
			}
			first_pos[key] = (int)pos;
			if (!set_value(opt, key, eq + 1, name, pos, at, item, error))
				goto err;
		}
	}
	/* One file, one writer: a trace that is also the wav or log file is garbage. */
	if (opt->trace && strcmp(opt->trace, "-") &&
	    ((opt->wav && !strcmp(opt->trace, opt->wav)) ||
	     (opt->log && !strcmp(opt->trace, opt->log)))) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "device '%s': trace=%s names the same file as %s=: give the trace "
			    "a file of its own", name, opt->trace,
			    opt->wav && !strcmp(opt->trace, opt->wav) ? "wav" : "log");
		goto err;
	}
	if (!opt->controller)
		opt->controller = g_strdup(controllers[0].name);
	if (!opt->codec)
		opt->codec = g_strdup(codecs[0]);
	return TRUE;
err:
	qt_options_clear(opt);
	return FALSE;
}
