// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image-print.c - `sofvfio dsp fw-info` text: every structure of the
 * image, in file order, with the file offsets where they sit.
 */
#include "image-priv.h"

static void print_abi(FILE *out, guint32 v)
{
	fprintf(out, "%u.%u.%u", SV_DSP_ABI_MAJOR(v), SV_DSP_ABI_MINOR(v), SV_DSP_ABI_PATCH(v));
}

static void print_tokens(FILE *out, const char *title, const SvDspImageTokenValue *t, guint n,
			 const char *(*name)(guint32))
{
	fprintf(out, "  %s:", title);
	for (guint i = 0; i < n; i++) {
		const char *nm = name(t[i].token);

		if (nm)
			fprintf(out, " %s=%#x", nm, t[i].value);
		else
			fprintf(out, " token%u=%#x", t[i].token, t[i].value);
	}
	fprintf(out, "%s\n", n ? "" : " (none)");
}

static void print_xman(const SvDspImageXman *x, FILE *out)
{
	if (!x->present) {
		fprintf(out, "XMan extended manifest: none (the whole file is the payload)\n");
		return;
	}
	fprintf(out, "XMan extended manifest: file offset 0x0, version ");
	print_abi(out, x->version);
	fprintf(out, ", header_size %#x, full_size %#x, %u elements\n", x->header_size,
		x->full_size, x->n_elements);
	for (guint i = 0; i < x->n_elements; i++)
		fprintf(out, "  element %u %-16s type %u at %#x, %#x bytes\n", i,
			sv_dsp_xman_type_name(x->elements[i].type), x->elements[i].type,
			x->elements[i].offset, x->elements[i].size);
	if (x->have_fw_version) {
		const SvDspImageFwVersion *v = &x->fw_version;

		fprintf(out, "  FW_VERSION: %u.%u.%u build %u tag \"%s\" date \"%s\" time \"%s\" ABI ",
			v->major, v->minor, v->micro, v->build, v->tag, v->date, v->time);
		print_abi(out, v->abi_version);
		fprintf(out, " (0x%08x) src_hash 0x%08x flags %#x\n", v->abi_version, v->src_hash,
			v->flags);
	}
	if (x->have_windows) {
		fprintf(out, "  WINDOW: %u windows\n", x->n_windows);
		for (guint i = 0; i < x->n_windows; i++) {
			const SvDspImageWindow *w = &x->windows[i];

			fprintf(out, "    %-9s window %u offset 0x%05x size 0x%05x flags %#x\n",
				sv_dsp_window_type_name(w->type), w->id, w->offset, w->size,
				w->flags);
		}
	}
	if (x->have_cc_version)
		fprintf(out, "  CC_VERSION: %s %u.%u.%u optim \"%s\" desc \"%s\"\n",
			x->cc_version.name, x->cc_version.major, x->cc_version.minor,
			x->cc_version.micro, x->cc_version.optim, x->cc_version.desc);
	if (x->have_probe)
		fprintf(out, "  PROBE_INFO: probe_points_max %u, injection_dmas_max %u\n",
			x->probe_points_max, x->probe_injection_dmas_max);
	if (x->have_dbg_abi) {
		fprintf(out, "  DBG_ABI: ");
		print_abi(out, x->dbg_abi_version);
		fprintf(out, " (0x%08x)\n", x->dbg_abi_version);
	}
	print_tokens(out, "CONFIG_DATA", x->config, x->n_config, sv_dsp_config_token_name);
	print_tokens(out, "PLATFORM_CONFIG", x->platform_config, x->n_platform_config,
		     sv_dsp_platform_config_token_name);
}

static void print_hash(FILE *out, const SvDspImageHash *h)
{
	g_autofree char *hex = sv_img_hex(h->stated, h->len);

	fprintf(out, "%s %s (of %#x bytes at file offset 0x%x): %s\n", sv_img_hash_name(h->len),
		hex, h->size, h->offset, h->ok ? "ok" : "MISMATCH");
}

static void print_segment(FILE *out, const char *name, const SvDspSegment *s)
{
	fprintf(out, "      %-6s vaddr 0x%08x file_offset 0x%06x %5u pages flags 0x%08x type %u%s%s%s%s%s%s\n",
		name, s->vaddr, s->file_offset, s->pages, s->flags, s->type,
		s->contents ? " contents" : "", s->alloc ? " alloc" : "", s->load ? " load" : "",
		s->readonly ? " readonly" : "", s->code ? " code" : "", s->data ? " data" : "");
}

static void print_cavs(const SvDspImage *img, FILE *out)
{
	const SvDspImageCpd *cpd = &img->cpd;
	const SvDspImageCss *css = &img->css;
	const SvDspImageManifest *d = &img->manifest;

	fprintf(out, "$CPD partition directory \"%s\": file offset 0x%x, header_version %u, "
		"entry_version %u, header_length %#x, %s %#x (%s)\n", cpd->name,
		img->payload_offset, cpd->header_version, cpd->entry_version, cpd->header_length,
		cpd->header_version == 1 ? "checksum" : "CRC-32", cpd->checksum,
		cpd->checksum_ok ? "ok" : "MISMATCH");
	for (guint i = 0; i < cpd->nb_entries; i++)
		fprintf(out, "  %-12s payload offset 0x%06x length 0x%06x\n", cpd->entries[i].name,
			cpd->entries[i].offset, cpd->entries[i].length);

	fprintf(out, "CSS manifest header: file offset 0x%x, header_version %#x, RSA-%u, vendor "
		"%#06x, date %08x, size %#x, version %u.%u.%u.%u, svn %u\n", css->offset,
		css->header_version, css->key_bits, css->module_vendor, css->date, css->size * 4,
		css->version[0], css->version[1], css->version[2], css->version[3], css->svn);
	fprintf(out, "  key: modulus at %#x, exponent at %#x, signature at %#x (not checked: "
		"that needs Intel's key)\n", css->modulus_offset, css->exponent_offset,
		css->signature_offset);
	for (guint i = 0; i < img->n_exts; i++)
		fprintf(out, "  extension %u: type %u (%s) at %#x, %#x bytes\n", i,
			img->exts[i].type, sv_dsp_man_ext_name(img->exts[i].type),
			img->exts[i].offset, img->exts[i].length);
	fprintf(out, "  signed package info \"%s\": svn %u, fw_type %u, module %s type %u "
		"hash_algo %u meta_size %#x\n    ", img->signed_pkg.name, img->signed_pkg.svn,
		img->signed_pkg.fw_type, img->signed_pkg.module.name, img->signed_pkg.module.type,
		img->signed_pkg.module.hash_algo, img->signed_pkg.module.meta_size);
	print_hash(out, &img->signed_pkg.module.hash);
	if (img->partition.present)
		fprintf(out, "  %s \"%s\": length %#x\n", sv_dsp_man_ext_name(img->partition.type),
			img->partition.name, img->partition.length);

	fprintf(out, "ADSP metadata: file offset 0x%x, imr_type %u, base_offset 0x%x, "
		"limit_offset 0x%x\n  ", img->meta.offset, img->meta.imr_type,
		img->meta.base_offset, img->meta.limit_offset);
	print_hash(out, &img->meta.hash);

	fprintf(out, "$AM1 firmware descriptor \"%s\": file offset 0x%x, version %u.%u.%u.%u, "
		"preload_page_count %u, fw_image_flags %#x, feature_mask %#x, load_offset 0x%x, "
		"%u modules\n", d->name, d->offset, d->version[0], d->version[1], d->version[2],
		d->version[3], d->preload_page_count, d->fw_image_flags, d->feature_mask,
		d->load_offset, d->n_modules);
	for (guint i = 0; i < d->n_modules; i++) {
		const SvDspModule *m = &d->modules[i];

		fprintf(out, "  $AME %-8s file offset 0x%x, entry_point 0x%08x, type %#x, "
			"affinity %#x, instance_max_count %u, instance_bss_size %u\n    ", m->name,
			m->offset, m->entry_point, m->type, m->affinity_mask, m->instance_max_count,
			m->instance_bss_size);
		print_hash(out, &m->hash);
		print_segment(out, "text", &m->segments[SV_DSP_SEGMENT_TEXT]);
		print_segment(out, "rodata", &m->segments[SV_DSP_SEGMENT_RODATA]);
		print_segment(out, "bss", &m->segments[SV_DSP_SEGMENT_BSS]);
	}
}

static void print_legacy(const SvDspImage *img, FILE *out)
{
	fprintf(out, "Reef firmware header: file offset 0x%x, %u modules, ABI ", img->payload_offset,
		img->n_legacy_modules);
	print_abi(out, img->legacy_abi);
	fprintf(out, "\n");
	for (guint i = 0; i < img->n_legacy_modules; i++) {
		const SvDspLegacyModule *m = &img->legacy_modules[i];

		fprintf(out, "  module %u: type %u, %#x bytes, %u blocks, file offset 0x%x\n", i,
			m->type, m->size, m->n_blocks, m->file_offset);
		for (guint k = 0; k < m->n_blocks; k++)
			fprintf(out, "    block %u: type %u, %#x bytes to offset 0x%x\n", k,
				m->blocks[k].type, m->blocks[k].size, m->blocks[k].offset);
	}
}

void sv_dsp_image_print(const SvDspImage *img, FILE *out)
{
	fprintf(out, "%s: %zu bytes, %s image\n", img->name, img->size,
		img->format == SV_DSP_IMAGE_CAVS ? "cAVS ($CPD/CSS/$AM1)" : "legacy (Reef)");
	print_xman(&img->xman, out);
	fprintf(out, "Payload: file offset 0x%x, %#zx bytes (what the code loader DMA sends)\n",
		img->payload_offset, img->payload_size);
	if (img->format == SV_DSP_IMAGE_CAVS)
		print_cavs(img, out);
	else
		print_legacy(img, out);
	if (img->hashes_checked)
		fprintf(out, "Hashes: %u checked, %s\n", img->hashes_checked,
			img->hashes_ok ? "all agree" : "SOME DIFFER");
	else
		fprintf(out, "Hashes: none in this format\n");
}
