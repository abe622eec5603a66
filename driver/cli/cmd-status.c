// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd-status.c - `sofvfio status [--all] [--json]`: the audio functions (or
 * every PCI function) with their driver, the modules that could drive them,
 * their IOMMU group and its other members, and whether VFIO can use them
 * now - what `dpdk-devbind --status` shows for network cards.
 */
#include "commands.h"
#include "sofvfio/json.h"
#include "sofvfio/sysfs.h"

#include <pci/pci.h>
#include <stdio.h>
#include <string.h>

/* Names from pci.ids through libpci, one lookup context for the whole listing. */
typedef struct {
	struct pci_access *pacc;
} Names;

static void names_init(Names *n)
{
	n->pacc = pci_alloc();
	pci_init(n->pacc);
}

static void names_fini(Names *n)
{
	pci_cleanup(n->pacc);
}

/* "Audio device: Intel Corporation 82801I (ICH9 Family) HD Audio Controller" */
static char *describe(Names *n, const SvPciFunc *f)
{
	char cls[128], name[256];

	/* NO_HWDB: pci.ids only (libpci's udev hwdb path leaks its udev context) */
	pci_lookup_name(n->pacc, cls, sizeof(cls), PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_HWDB,
			f->class_code >> 8);
	pci_lookup_name(n->pacc, name, sizeof(name),
			PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_HWDB, f->vendor,
			f->device);
	return g_strdup_printf("%s: %s", cls, name);
}

static char *modules_text(const SvPciFunc *f)
{
	g_autoptr(GPtrArray) mods = sv_modalias_modules(f->modalias);
	GString *s;

	if (!mods)
		return NULL;
	s = g_string_new(NULL);
	for (guint i = 0; i < mods->len; i++)
		g_string_append_printf(s, "%s%s", i ? "," : "", (char *)g_ptr_array_index(mods, i));
	return g_string_free(s, FALSE);
}

static void print_text(Names *n, const SvPciFunc *f, GPtrArray *members)
{
	g_autofree char *desc = describe(n, f);
	g_autofree char *mods = modules_text(f);
	g_autofree char *reason = NULL;
	SvVfioReadiness r = sv_vfio_readiness(f, members, &reason);

	printf("%s %s [%04x:%04x] (rev %02x)\n", f->address, desc, f->vendor, f->device,
	       f->revision);
	printf("    class %06x, driver %s, could be driven by %s", f->class_code,
	       f->driver ? f->driver : "none", mods ? (*mods ? mods : "no module") : "? (no modules.alias)");
	if (f->driver_override)
		printf(", driver_override %s", f->driver_override);
	printf("\n");
	if (f->iommu_group < 0) {
		printf("    IOMMU group: none\n");
	} else {
		g_autoptr(GString) others = g_string_new(NULL);

		for (guint i = 0; members && i < members->len; i++) {
			const SvPciFunc *m = g_ptr_array_index(members, i);

			if (!strcmp(m->address, f->address))
				continue;
			g_string_append_printf(others, "%s%s (%s%s)", others->len ? ", " : "",
					       m->address, m->driver ? m->driver : "no driver",
					       sv_pci_is_bridge(m) ? ", bridge" : "");
		}
		printf("    IOMMU group %d%s%s\n", f->iommu_group, others->len ? ", with " : ", alone",
		       others->str);
	}
	printf("    vfio: %s (%s)\n", sv_vfio_readiness_word(r), reason);
	if (f->driver && !strcmp(f->driver, "vfio-pci")) {
		g_autofree char *cdev = sv_pci_vfio_cdev(f->address);

		printf("    vfio cdev: %s, iommufd: %s\n", cdev ? cdev : "none",
		       sv_iommufd_present() ? "yes (/dev/iommu)" : "no");
	}
}

/* Each function as one object of the --json array. */
static void add_json(JsonBuilder *b, Names *n, const SvPciFunc *f, GPtrArray *members)
{
	g_autofree char *desc = describe(n, f);
	g_autoptr(GPtrArray) mods = sv_modalias_modules(f->modalias);
	g_autofree char *reason = NULL;
	g_autofree char *vendor = g_strdup_printf("%04x", f->vendor);
	g_autofree char *device = g_strdup_printf("%04x", f->device);
	g_autofree char *class_code = g_strdup_printf("%06x", f->class_code);
	SvVfioReadiness r = sv_vfio_readiness(f, members, &reason);

	json_builder_begin_object(b);
	sv_json_member_string(b, "address", f->address);
	sv_json_member_string(b, "vendor", vendor);
	sv_json_member_string(b, "device", device);
	sv_json_member_string(b, "class", class_code);
	sv_json_member_int(b, "revision", f->revision);
	sv_json_member_string(b, "name", desc);
	sv_json_member_string(b, "driver", f->driver);
	sv_json_member_string(b, "driver_override", f->driver_override);
	json_builder_set_member_name(b, "modules");
	if (!mods) {
		json_builder_add_null_value(b);
	} else {
		json_builder_begin_array(b);
		for (guint i = 0; i < mods->len; i++)
			json_builder_add_string_value(b, g_ptr_array_index(mods, i));
		json_builder_end_array(b);
	}
	json_builder_set_member_name(b, "iommu_group");
	if (f->iommu_group < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_int_value(b, f->iommu_group);
	json_builder_set_member_name(b, "group_members");
	json_builder_begin_array(b);
	for (guint i = 0; f->iommu_group >= 0 && members && i < members->len; i++) {
		const SvPciFunc *m = g_ptr_array_index(members, i);

		json_builder_begin_object(b);
		sv_json_member_string(b, "address", m->address);
		sv_json_member_string(b, "driver", m->driver);
		json_builder_set_member_name(b, "bridge");
		json_builder_add_boolean_value(b, sv_pci_is_bridge(m));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	{
		g_autofree char *cdev = sv_pci_vfio_cdev(f->address);

		sv_json_member_string(b, "vfio_cdev", cdev);
		json_builder_set_member_name(b, "iommufd");
		json_builder_add_boolean_value(b, sv_iommufd_present());
	}
	sv_json_member_string(b, "vfio", sv_vfio_readiness_word(r));
	sv_json_member_string(b, "reason", reason);
	json_builder_end_object(b);
}

int cmd_status(int argc, char **argv)
{
	gboolean all = FALSE, json = FALSE;
	GOptionEntry entries[] = {
		{ "all", 'a', 0, G_OPTION_ARG_NONE, &all, "every PCI function, not only audio", NULL },
		{ "json", 'j', 0, G_OPTION_ARG_NONE, &json, "JSON output (an array of objects)", NULL },
		{ NULL }
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("- audio functions, drivers and VFIO readiness");
	g_autoptr(GError) err = NULL;
	g_autoptr(GPtrArray) funcs = NULL;
	g_autoptr(JsonBuilder) jb = json_builder_new_immutable();
	unsigned shown = 0;
	Names names;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Lists the audio functions (class 0403 HD Audio, 0401, and Intel SST/SOF DSPs\n"
		"0401/0480), or every PCI function with --all: address, name, class,\n"
		"current driver, the modules whose modules.alias patterns match the\n"
		"function, its IOMMU group with the other members and their drivers, and a\n"
		"verdict: ready, bind needed, no IOMMU, or group not viable (naming the\n"
		"member that a kernel driver holds).\n\n"
		"Examples:\n"
		"  sofvfio status\n"
		"  sofvfio status --all --json\n");
	if (!cli_parse(ctx, &argc, &argv, "status"))
		return 2;
	if (argc > 1) {
		fprintf(stderr, "sofvfio status: unexpected argument '%s' (see 'sofvfio status --help')\n",
			argv[1]);
		return 2;
	}
	funcs = sv_pci_list(&err);
	if (!funcs)
		return cli_fail("status", err);

	names_init(&names);
	if (json)
		json_builder_begin_array(jb);
	for (guint i = 0; i < funcs->len; i++) {
		const SvPciFunc *f = g_ptr_array_index(funcs, i);
		g_autoptr(GPtrArray) members = NULL;

		if (!all && !sv_pci_is_audio(f))
			continue;
		if (f->iommu_group >= 0)
			members = sv_iommu_group_members(f->iommu_group, NULL);
		if (json) {
			add_json(jb, &names, f, members);
		} else {
			if (shown)
				printf("\n");
			print_text(&names, f, members);
		}
		shown++;
	}
	names_fini(&names);
	if (json) {
		g_autofree char *text = NULL;

		json_builder_end_array(jb);
		text = sv_json_builder_write(jb, TRUE);
		printf("%s\n", text);
	} else if (!shown) {
		printf("no %sPCI functions found%s\n", all ? "" : "audio ",
		       all ? "" : " (`sofvfio status --all` lists every function)");
	} else if (!sv_iommu_group_count()) {
		printf("\nThe IOMMU is off: `sofvfio doctor` says what to change.\n");
	}
	return 0;
}
