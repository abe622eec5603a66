// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-json.c - `sofvfio dsp fw-info --json`: the decoded image through
 * json-glib.  Numbers are JSON integers; hashes are lower-case hex.
 */
#include "image-priv.h"

#include <json-glib/json-glib.h>

#include "sofvfio/json.h"

static void member_str(JsonBuilder *b, const char *name, const char *v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, v);
}

static void member_bool(JsonBuilder *b, const char *name, gboolean v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_boolean_value(b, v);
}

static void member_abi(JsonBuilder *b, const char *name, guint32 v)
{
	g_autofree char *s = g_strdup_printf("%u.%u.%u", SV_DSP_ABI_MAJOR(v),
					     SV_DSP_ABI_MINOR(v), SV_DSP_ABI_PATCH(v));

	member_str(b, name, s);
}

static void member_version4(JsonBuilder *b, const char *name, const guint16 v[4])
{
	g_autofree char *s = g_strdup_printf("%u.%u.%u.%u", v[0], v[1], v[2], v[3]);

	member_str(b, name, s);
}

static void member_hash(JsonBuilder *b, const char *name, const SvDspImageHash *h)
{
	g_autofree char *stated = sv_img_hex(h->stated, h->len);
	g_autofree char *computed = sv_img_hex(h->computed, h->len);

	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	member_str(b, "algorithm", sv_img_hash_name(h->len));
	member_str(b, "stated", stated);
	member_str(b, "computed", computed);
	member_bool(b, "ok", h->ok);
	sv_json_member_int(b, "stated_offset", h->stated_offset);
	sv_json_member_int(b, "offset", h->offset);
	sv_json_member_int(b, "size", h->size);
	json_builder_end_object(b);
}

/* {type, name, offset, size|length}: where an XMan element / extension sits */
static void span(JsonBuilder *b, guint32 type, const char *name, guint32 offset,
		 const char *size_name, guint32 size)
{
	json_builder_begin_object(b);
	sv_json_member_int(b, "type", type);
	member_str(b, "name", name);
	sv_json_member_int(b, "offset", offset);
	sv_json_member_int(b, size_name, size);
	json_builder_end_object(b);
}

static void tokens(JsonBuilder *b, const char *name, const SvDspImageTokenValue *t, guint n,
		   const char *(*tname)(guint32))
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; i < n; i++) {
		const char *nm = tname(t[i].token);

		json_builder_begin_object(b);
		sv_json_member_int(b, "token", t[i].token);
		if (nm)
			member_str(b, "name", nm);
		sv_json_member_int(b, "value", t[i].value);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void xman(JsonBuilder *b, const SvDspImageXman *x)
{
	json_builder_set_member_name(b, "xman");
	if (!x->present) {
		json_builder_add_null_value(b);
		return;
	}
	json_builder_begin_object(b);
	member_abi(b, "version", x->version);
	sv_json_member_int(b, "header_size", x->header_size);
	sv_json_member_int(b, "full_size", x->full_size);
	json_builder_set_member_name(b, "elements");
	json_builder_begin_array(b);
	for (guint i = 0; i < x->n_elements; i++)
		span(b, x->elements[i].type, sv_dsp_xman_type_name(x->elements[i].type),
		     x->elements[i].offset, "size", x->elements[i].size);
	json_builder_end_array(b);
	if (x->have_fw_version) {
		const SvDspImageFwVersion *v = &x->fw_version;

		json_builder_set_member_name(b, "fw_version");
		json_builder_begin_object(b);
		sv_json_member_int(b, "major", v->major);
		sv_json_member_int(b, "minor", v->minor);
		sv_json_member_int(b, "micro", v->micro);
		sv_json_member_int(b, "build", v->build);
		member_str(b, "tag", v->tag);
		member_str(b, "date", v->date);
		member_str(b, "time", v->time);
		sv_json_member_int(b, "abi_version", v->abi_version);
		member_abi(b, "abi", v->abi_version);
		sv_json_member_int(b, "src_hash", v->src_hash);
		sv_json_member_int(b, "flags", v->flags);
		json_builder_end_object(b);
	}
	if (x->have_windows) {
		json_builder_set_member_name(b, "windows");
		json_builder_begin_array(b);
		for (guint i = 0; i < x->n_windows; i++) {
			const SvDspImageWindow *w = &x->windows[i];

			json_builder_begin_object(b);
			sv_json_member_int(b, "type", w->type);
			member_str(b, "name", sv_dsp_window_type_name(w->type));
			sv_json_member_int(b, "id", w->id);
			sv_json_member_int(b, "flags", w->flags);
			sv_json_member_int(b, "offset", w->offset);
			sv_json_member_int(b, "size", w->size);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
	}
	if (x->have_cc_version) {
		json_builder_set_member_name(b, "cc_version");
		json_builder_begin_object(b);
		member_str(b, "name", x->cc_version.name);
		sv_json_member_int(b, "major", x->cc_version.major);
		sv_json_member_int(b, "minor", x->cc_version.minor);
		sv_json_member_int(b, "micro", x->cc_version.micro);
		member_str(b, "optim", x->cc_version.optim);
		member_str(b, "desc", x->cc_version.desc);
		json_builder_end_object(b);
	}
	if (x->have_probe) {
		json_builder_set_member_name(b, "probe");
		json_builder_begin_object(b);
		sv_json_member_int(b, "probe_points_max", x->probe_points_max);
		sv_json_member_int(b, "injection_dmas_max", x->probe_injection_dmas_max);
		json_builder_end_object(b);
	}
	if (x->have_dbg_abi)
		member_abi(b, "dbg_abi", x->dbg_abi_version);
	tokens(b, "config", x->config, x->n_config, sv_dsp_config_token_name);
	tokens(b, "platform_config", x->platform_config, x->n_platform_config,
	       sv_dsp_platform_config_token_name);
	json_builder_end_object(b);
}

static void segment(JsonBuilder *b, const SvDspSegment *s)
{
	json_builder_begin_object(b);
	sv_json_member_int(b, "flags", s->flags);
	sv_json_member_int(b, "type", s->type);
	sv_json_member_int(b, "pages", s->pages);
	sv_json_member_int(b, "vaddr", s->vaddr);
	sv_json_member_int(b, "file_offset", s->file_offset);
	member_bool(b, "contents", s->contents);
	member_bool(b, "alloc", s->alloc);
	member_bool(b, "load", s->load);
	member_bool(b, "readonly", s->readonly);
	member_bool(b, "code", s->code);
	member_bool(b, "data", s->data);
	json_builder_end_object(b);
}

static void cavs(JsonBuilder *b, const SvDspImage *img)
{
	const SvDspImageCpd *cpd = &img->cpd;
	const SvDspImageCss *css = &img->css;
	const SvDspImageManifest *d = &img->manifest;

	json_builder_set_member_name(b, "cpd");
	json_builder_begin_object(b);
	member_str(b, "name", cpd->name);
	sv_json_member_int(b, "header_version", cpd->header_version);
	sv_json_member_int(b, "entry_version", cpd->entry_version);
	sv_json_member_int(b, "header_length", cpd->header_length);
	sv_json_member_int(b, "checksum", cpd->checksum);
	member_bool(b, "checksum_ok", cpd->checksum_ok);
	json_builder_set_member_name(b, "entries");
	json_builder_begin_array(b);
	for (guint i = 0; i < cpd->nb_entries; i++) {
		json_builder_begin_object(b);
		member_str(b, "name", cpd->entries[i].name);
		sv_json_member_int(b, "offset", cpd->entries[i].offset);
		sv_json_member_int(b, "length", cpd->entries[i].length);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "css");
	json_builder_begin_object(b);
	sv_json_member_int(b, "offset", css->offset);
	sv_json_member_int(b, "header_type", css->header_type);
	sv_json_member_int(b, "header_len", css->header_len);
	sv_json_member_int(b, "header_version", css->header_version);
	sv_json_member_int(b, "module_vendor", css->module_vendor);
	sv_json_member_int(b, "date", css->date);
	sv_json_member_int(b, "size", css->size);
	member_version4(b, "version", css->version);
	sv_json_member_int(b, "svn", css->svn);
	sv_json_member_int(b, "key_bits", css->key_bits);
	sv_json_member_int(b, "signature_offset", css->signature_offset);
	json_builder_set_member_name(b, "extensions");
	json_builder_begin_array(b);
	for (guint i = 0; i < img->n_exts; i++)
		span(b, img->exts[i].type, sv_dsp_man_ext_name(img->exts[i].type),
		     img->exts[i].offset, "length", img->exts[i].length);
	json_builder_end_array(b);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "signed_package");
	json_builder_begin_object(b);
	member_str(b, "name", img->signed_pkg.name);
	sv_json_member_int(b, "svn", img->signed_pkg.svn);
	sv_json_member_int(b, "fw_type", img->signed_pkg.fw_type);
	sv_json_member_int(b, "fw_sub_type", img->signed_pkg.fw_sub_type);
	member_str(b, "module", img->signed_pkg.module.name);
	sv_json_member_int(b, "meta_size", img->signed_pkg.module.meta_size);
	sv_json_member_int(b, "hash_algo", img->signed_pkg.module.hash_algo);
	member_hash(b, "hash", &img->signed_pkg.module.hash);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "metadata");
	json_builder_begin_object(b);
	sv_json_member_int(b, "offset", img->meta.offset);
	sv_json_member_int(b, "imr_type", img->meta.imr_type);
	sv_json_member_int(b, "base_offset", img->meta.base_offset);
	sv_json_member_int(b, "limit_offset", img->meta.limit_offset);
	member_hash(b, "hash", &img->meta.hash);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "manifest");
	json_builder_begin_object(b);
	sv_json_member_int(b, "offset", d->offset);
	member_str(b, "name", d->name);
	member_version4(b, "version", d->version);
	sv_json_member_int(b, "preload_page_count", d->preload_page_count);
	sv_json_member_int(b, "fw_image_flags", d->fw_image_flags);
	sv_json_member_int(b, "feature_mask", d->feature_mask);
	sv_json_member_int(b, "load_offset", d->load_offset);
	json_builder_set_member_name(b, "modules");
	json_builder_begin_array(b);
	for (guint i = 0; i < d->n_modules; i++) {
		const SvDspModule *m = &d->modules[i];

		json_builder_begin_object(b);
		member_str(b, "name", m->name);
		sv_json_member_int(b, "offset", m->offset);
		sv_json_member_int(b, "entry_point", m->entry_point);
		sv_json_member_int(b, "type", m->type);
		sv_json_member_int(b, "affinity_mask", m->affinity_mask);
		sv_json_member_int(b, "instance_max_count", m->instance_max_count);
		sv_json_member_int(b, "instance_bss_size", m->instance_bss_size);
		member_hash(b, "hash", &m->hash);
		json_builder_set_member_name(b, "segments");
		json_builder_begin_array(b);
		for (guint s = 0; s < 3; s++)
			segment(b, &m->segments[s]);
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static void legacy(JsonBuilder *b, const SvDspImage *img)
{
	member_abi(b, "legacy_abi", img->legacy_abi);
	json_builder_set_member_name(b, "legacy_modules");
	json_builder_begin_array(b);
	for (guint i = 0; i < img->n_legacy_modules; i++) {
		const SvDspLegacyModule *m = &img->legacy_modules[i];

		json_builder_begin_object(b);
		sv_json_member_int(b, "type", m->type);
		sv_json_member_int(b, "size", m->size);
		sv_json_member_int(b, "file_offset", m->file_offset);
		json_builder_set_member_name(b, "blocks");
		json_builder_begin_array(b);
		for (guint k = 0; k < m->n_blocks; k++) {
			json_builder_begin_object(b);
			sv_json_member_int(b, "type", m->blocks[k].type);
			sv_json_member_int(b, "size", m->blocks[k].size);
			sv_json_member_int(b, "offset", m->blocks[k].offset);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

char *sv_dsp_image_to_json(const SvDspImage *img, const SvDspImagePlatform *platform,
			   const GError *verify_error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	member_str(b, "file", img->name);
	sv_json_member_int(b, "size", img->size);
	member_str(b, "format", img->format == SV_DSP_IMAGE_CAVS ? "cavs" : "legacy");
	xman(b, &img->xman);
	sv_json_member_int(b, "payload_offset", img->payload_offset);
	sv_json_member_int(b, "payload_size", img->payload_size);
	if (img->format == SV_DSP_IMAGE_CAVS)
		cavs(b, img);
	else
		legacy(b, img);
	sv_json_member_int(b, "hashes_checked", img->hashes_checked);
	member_bool(b, "hashes_ok", img->hashes_ok);
	json_builder_set_member_name(b, "verify");
	json_builder_begin_object(b);
	if (platform) {
		member_str(b, "platform", platform->name);
		sv_json_member_int(b, "platform_load_offset", platform->load_offset);
	}
	member_bool(b, "ok", verify_error == NULL);
	if (verify_error)
		member_str(b, "error", verify_error->message);
	json_builder_end_object(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	return json_generator_to_data(gen, NULL);
}
