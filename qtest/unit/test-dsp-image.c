// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dsp-image.c - the SOF .ri image reader (driver/dsp/image*.c) and
 * `sofvfio dsp fw-info` on the real images of Debian's firmware-sof-signed
 * (/lib/firmware/intel/sof, or $SOFVFIO_SOF_FIRMWARE), and on broken images
 * the tests make from them: tampered, truncated at every structure
 * boundary, wrong magics, sizes running past their container, images for
 * another platform.
 *
 * What the reader computes is checked against this file's own reading of
 * the bytes (facts_*: fixed offsets of rimage's structures, found by their
 * magics) and against the facts the issue states for sof-cnl.ri.  Without
 * the firmware package the tests skip loudly; with CI=true they fail.
 */
#include "sofvfio/dsp-image.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

static const char *fw_dir;      /* .../intel/sof */

/* ---- the firmware -------------------------------------------------------- */

static gboolean need_firmware(void)
{
	g_autofree char *probe = g_build_filename(fw_dir, "community", "sof-cnl.ri", NULL);

	if (g_file_test(probe, G_FILE_TEST_IS_REGULAR))
		return TRUE;
	if (!g_strcmp0(g_getenv("CI"), "true")) {
		g_test_message("%s is missing: ci/setup installs firmware-sof-signed "
			       "(non-free-firmware); CI must run these tests", probe);
		g_test_fail();
	} else {
		g_autofree char *why = g_strdup_printf(
			"%s is missing: install Debian's firmware-sof-signed (ci/setup does)", probe);

		g_test_skip(why);
	}
	return FALSE;
}

static char *fw_path(const char *flavour, const char *file)
{
	return flavour ? g_build_filename(fw_dir, flavour, file, NULL) :
			 g_build_filename(fw_dir, file, NULL);
}

static GBytes *read_fw(const char *flavour, const char *file)
{
	g_autofree char *path = fw_path(flavour, file);
	g_autoptr(GError) err = NULL;
	char *data;
	gsize len;

	g_assert_true(g_file_get_contents(path, &data, &len, &err));
	g_assert_no_error(err);
	return g_bytes_new_take(data, len);
}

/* A writable copy of an image to break. */
static GByteArray *copy_fw(const char *flavour, const char *file)
{
	g_autoptr(GBytes) b = read_fw(flavour, file);
	gsize len;
	const guint8 *d = g_bytes_get_data(b, &len);
	GByteArray *a = g_byte_array_sized_new(len);

	g_byte_array_append(a, d, len);
	return a;
}

static guint32 le32(const guint8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (guint32)p[3] << 24;
}

static void put32(guint8 *p, guint32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* ---- this test's own reading of a cAVS image (independent of the reader) - */

typedef struct {
	gsize size;
	guint32 payload;          /* file offset: the XMan's full_size */
	guint32 am1;              /* file offset of "$AM1", found by searching */
	guint32 n_modules;
	guint32 module[8];        /* file offsets of the "$AME" entries */
	guint32 text_off[8];      /* file offset of each module's text */
	guint32 hashed_len[8];    /* text + rodata bytes */
	guint32 met, met_len;     /* file offset/length of the .met entry */
	guint32 code, code_len;   /* ... of the firmware entry */
	guint32 man;              /* ... of ADSP.man (CSS) */
} Facts;

static const guint8 *find(const guint8 *d, gsize len, gsize from, const char *magic)
{
	const guint8 *p = memmem(d + from, len - from, magic, strlen(magic));

	g_assert_nonnull(p);
	return p;
}

static void facts_read(const guint8 *d, gsize len, Facts *f)
{
	const guint8 *cpd;
	guint32 n;

	memset(f, 0, sizeof(*f));
	f->size = len;
	g_assert_cmpmem(d, 4, "XMan", 4);
	f->payload = le32(d + 4);
	cpd = d + f->payload;
	g_assert_cmpmem(cpd, 4, "$CPD", 4);
	/* entries after the header_length byte's worth of header */
	n = le32(cpd + 4);
	for (guint32 i = 0; i < n; i++) {
		const guint8 *e = cpd + cpd[10] + 24 * i;
		guint32 off = f->payload + le32(e + 12), elen = le32(e + 16);
		char name[13] = { 0 };

		memcpy(name, e, 12);
		if (g_str_has_suffix(name, ".met")) {
			f->met = off;
			f->met_len = elen;
		} else if (g_str_has_suffix(name, ".man")) {
			f->man = off;
		} else {
			f->code = off;
			f->code_len = elen;
		}
	}
	f->am1 = find(d, len, f->payload, "$AM1") - d;
	f->n_modules = le32(d + f->am1 + 36);
	g_assert_cmpuint(f->n_modules, <=, G_N_ELEMENTS(f->module));
	for (guint32 i = 0; i < f->n_modules; i++) {
		const guint8 *m = find(d, len, i ? f->module[i - 1] + 4 : f->am1, "$AME");
		/* segment[0] (text) and [1] (rodata): flags bits 31:16 = pages */
		const guint8 *seg = m + 80;

		f->module[i] = m - d;
		f->text_off[i] = f->payload + le32(seg + 8);
		f->hashed_len[i] = ((le32(seg) >> 16) + (le32(seg + 12) >> 16)) * 4096;
	}
}

static void sha(GChecksumType t, const guint8 *d, gsize len, guint8 *out, gsize out_len)
{
	g_autoptr(GChecksum) c = g_checksum_new(t);

	g_checksum_update(c, d, len);
	g_checksum_get_digest(c, out, &out_len);
}

/* Payload offset -> file offset. */
static guint32 foff(const SvDspImage *img, guint32 off)
{
	return img->payload_offset + off;
}

/* ---- every image of the package ------------------------------------------ */

/* The .ri files of @dir (NULL: fw_dir itself), symlinks resolved and deduplicated. */
static GPtrArray *list_images(const char *sub, GHashTable *seen)
{
	g_autofree char *dir = sub ? g_build_filename(fw_dir, sub, NULL) : g_strdup(fw_dir);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		char *real;

		if (!g_str_has_suffix(name, ".ri"))
			continue;
		real = realpath(path, NULL);
		g_assert_nonnull(real);
		if (g_hash_table_contains(seen, real)) {
			free(real);
			continue;
		}
		g_hash_table_add(seen, g_strdup(real));
		free(real);
		g_ptr_array_add(out, g_steal_pointer(&path));
	}
	return out;
}

static void check_cavs_against_facts(const SvDspImage *img)
{
	Facts f;

	facts_read(img->data, img->size, &f);
	g_assert_cmpuint(img->payload_offset, ==, f.payload);
	g_assert_cmpuint(img->payload_size, ==, f.size - f.payload);
	g_assert_true(img->payload == img->data + f.payload);
	g_assert_cmpuint(img->manifest.offset, ==, f.am1);
	/* rimage's MAN_DESC_OFFSET: the ROM looks for $AM1 at payload + 0x2000 */
	g_assert_cmpuint(f.am1 - f.payload, ==, 0x2000);
	g_assert_cmpuint(img->manifest.n_modules, ==, f.n_modules);
	g_assert_cmpuint(img->css.offset, ==, f.man);
	g_assert_cmpuint(img->meta.hash.offset, ==, f.code);
	g_assert_cmpuint(img->meta.hash.size, ==, f.code_len);
	/* the firmware entry runs to the end of the file */
	g_assert_cmpuint(f.code + f.code_len, ==, f.size);
	for (guint i = 0; i < f.n_modules; i++) {
		const SvDspModule *m = &img->manifest.modules[i];
		guint8 h[32];

		g_assert_cmpuint(m->offset, ==, f.module[i]);
		sha(G_CHECKSUM_SHA256, img->data + f.text_off[i], f.hashed_len[i], h, sizeof(h));
		/* the hash stored in the $AME entry at +32 is ours, and the reader's */
		g_assert_cmpmem(h, 32, img->data + f.module[i] + 32, 32);
		g_assert_cmpmem(m->hash.computed, 32, h, 32);
		g_assert_true(m->hash.ok);
	}
	/* the signed package info's hash is that of the .met, byte-reversed */
	{
		guint hl = img->css.header_version == 0x21000 ? 48 : 32;
		guint8 h[48], rev[48];

		sha(hl == 48 ? G_CHECKSUM_SHA384 : G_CHECKSUM_SHA256, img->data + f.met,
		    img->signed_pkg.module.meta_size, h, hl);
		for (guint i = 0; i < hl; i++)
			rev[i] = h[hl - 1 - i];
		g_assert_cmpuint(img->signed_pkg.module.hash.len, ==, hl);
		g_assert_cmpmem(img->signed_pkg.module.hash.computed, hl, h, hl);
		g_assert_nonnull(memmem(img->data + img->css.offset, f.met - img->css.offset,
					rev, hl));
	}
}

/* The JSON of every image parses and says what the structure holds. */
static void check_json(const SvDspImage *img, const SvDspImagePlatform *p)
{
	g_autofree char *text = sv_dsp_image_to_json(img, p, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) err = NULL;
	JsonObject *o;

	g_assert_true(json_parser_load_from_data(parser, text, -1, &err));
	g_assert_no_error(err);
	o = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpint(json_object_get_int_member(o, "payload_size"), ==, img->payload_size);
	g_assert_cmpstr(json_object_get_string_member(o, "format"), ==,
			img->format == SV_DSP_IMAGE_CAVS ? "cavs" : "legacy");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
		json_object_get_object_member(o, "xman"), "windows")), ==, img->xman.n_windows);
	if (img->format == SV_DSP_IMAGE_LEGACY)
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
			o, "legacy_modules")), ==, img->n_legacy_modules);
	else
		g_assert_cmpint(json_object_get_int_member(json_object_get_object_member(
			o, "manifest"), "load_offset"), ==, img->manifest.load_offset);
	g_assert_true(json_object_get_boolean_member(json_object_get_object_member(o, "verify"),
						     "ok"));
}

static void test_every_image(void)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const char *subs[] = { "intel-signed", "community", NULL };
	guint n_cavs = 0, n_legacy = 0, n_per_flavour[2] = { 0, 0 };

	if (!need_firmware())
		return;
	for (guint s = 0; s < G_N_ELEMENTS(subs); s++) {
		g_autoptr(GPtrArray) files = list_images(subs[s], seen);

		if (s < 2)
			n_per_flavour[s] = files->len;
		for (guint i = 0; i < files->len; i++) {
			const char *path = files->pdata[i];
			g_autoptr(GError) err = NULL;
			g_autoptr(SvDspImage) img = sv_dsp_image_load_file(path, &err);
			const SvDspImagePlatform *p = sv_dsp_image_platform_guess(path);

			g_test_message("%s", path);
			g_assert_no_error(err);
			g_assert_nonnull(img);
			g_assert_true(img->xman.present);
			g_assert_true(img->xman.have_fw_version);
			g_assert_true(img->xman.have_windows);
			g_assert_true(img->hashes_ok);
			if (img->format == SV_DSP_IMAGE_CAVS) {
				/* each module, the metadata, the signed package info */
				g_assert_cmpuint(img->hashes_checked, ==, img->manifest.n_modules + 2);
				g_assert_true(img->cpd.checksum_ok);
				g_assert_nonnull(p);
				check_cavs_against_facts(img);
				n_cavs++;
			} else {
				g_assert_cmpuint(img->hashes_checked, ==, 0);
				g_assert_cmpuint(img->n_legacy_modules, >, 0);
				g_assert_null(p);
				n_legacy++;
			}
			sv_dsp_image_verify(img, p, &err);
			g_assert_no_error(err);
			check_json(img, p);
		}
	}
	/* firmware-sof-signed 2.2.4: 10 distinct images in intel-signed/, 6 in
	 * community/ (the rest are symlinks), byt/cht/bdw at the top */
	g_assert_cmpuint(n_per_flavour[0], >=, 5);
	g_assert_cmpuint(n_per_flavour[1], >=, 5);
	g_assert_cmpuint(n_legacy, >=, 1);
	g_test_message("%u cAVS and %u legacy images", n_cavs, n_legacy);
}

/*
 * The .ldc logger dictionary built with each image starts with
 * snd_sof_logs_header {"Logs", base_address, data_length, data_offset,
 * sof_ipc_fw_version}: an independent record of the version, tag, source
 * hash and the debug ABI that the XMan states.
 */
static void test_ldc_agrees(void)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) files = NULL;
	guint checked = 0;

	if (!need_firmware())
		return;
	files = list_images(NULL, seen);
	for (guint i = 0; i < files->len; i++) {
		const char *ri = files->pdata[i];
		g_autofree char *base = g_path_get_basename(ri);
		g_autofree char *stem = g_strndup(base, strlen(base) - 3);
		g_autofree char *ldc_name = g_strconcat(stem, ".ldc", NULL);
		g_autofree char *ldc = fw_path(NULL, ldc_name);
		g_autoptr(GError) err = NULL;
		g_autoptr(SvDspImage) img = sv_dsp_image_load_file(ri, &err);
		g_autofree char *d = NULL;
		gsize len;
		const SvDspImageFwVersion *v;
		const guint8 *fv;

		g_assert_no_error(err);
		if (!g_file_get_contents(ldc, &d, &len, NULL))
			continue;
		g_test_message("%s ~ %s", ri, ldc);
		g_assert_cmpuint(len, >=, 16 + 60);
		g_assert_cmpmem(d, 4, "Logs", 4);
		fv = (const guint8 *)d + 16;
		v = &img->xman.fw_version;
		g_assert_cmpuint(fv[4] | fv[5] << 8, ==, v->major);
		g_assert_cmpuint(fv[6] | fv[7] << 8, ==, v->minor);
		g_assert_cmpuint(fv[8] | fv[9] << 8, ==, v->micro);
		g_assert_cmpuint(fv[10] | fv[11] << 8, ==, v->build);
		g_assert_cmpmem(fv + 34, strlen(v->tag), v->tag, strlen(v->tag));
		g_assert_cmpuint(le32(fv + 40), ==, img->xman.dbg_abi_version);
		g_assert_cmpuint(le32(fv + 44), ==, v->src_hash);
		checked++;
	}
	g_assert_cmpuint(checked, >=, 5);
}

/* ---- sof-cnl.ri: the facts the issue states ------------------------------- */

static void check_cnl(const char *flavour)
{
	g_autofree char *path = fw_path(flavour, "sof-cnl.ri");
	g_autoptr(GError) err = NULL;
	g_autoptr(SvDspImage) img = sv_dsp_image_load_file(path, &err);
	const SvDspImageXman *x;
	const SvDspImageManifest *d;
	/* type, id, offset, size (sof-dsp.md, from the image's XMan) */
	static const guint32 windows[7][4] = {
		{ SV_DSP_WINDOW_REGS, 0, 0, 0x1000 },
		{ SV_DSP_WINDOW_UPBOX, 0, 0x1000, 0x1000 },
		{ SV_DSP_WINDOW_DOWNBOX, 1, 0, 0x2000 },
		{ SV_DSP_WINDOW_DEBUG, 2, 0, 0x800 },
		{ SV_DSP_WINDOW_EXCEPTION, 2, 0x800, 0x800 },
		{ SV_DSP_WINDOW_STREAM, 2, 0x1000, 0x1000 },
		{ SV_DSP_WINDOW_TRACE, 3, 0, 0x2000 },
	};

	g_assert_no_error(err);
	x = &img->xman;
	d = &img->manifest;
	g_assert_cmpuint(img->size, ==, 557824);
	g_assert_cmpuint(x->full_size, ==, 0x300);
	g_assert_cmpuint(img->payload_size, ==, 0x88000);
	g_assert_cmpuint(x->fw_version.major, ==, 2);
	g_assert_cmpuint(x->fw_version.minor, ==, 2);
	g_assert_cmpuint(x->fw_version.micro, ==, 0);
	g_assert_cmpstr(x->fw_version.tag, ==, "57864");
	g_assert_cmpuint(SV_DSP_ABI_MAJOR(x->fw_version.abi_version), ==, 3);
	g_assert_cmpuint(SV_DSP_ABI_MINOR(x->fw_version.abi_version), ==, 22);
	g_assert_cmpuint(SV_DSP_ABI_PATCH(x->fw_version.abi_version), ==, 1);
	g_assert_cmpuint(x->dbg_abi_version, ==, (5u << 24) | (3u << 12));
	g_assert_cmpstr(x->cc_version.name, ==, "XCC");
	g_assert_cmpuint(x->cc_version.major, ==, 12);
	g_assert_cmpuint(x->cc_version.micro, ==, 8);
	g_assert_cmpuint(x->n_config, >=, 1);
	g_assert_cmpuint(x->config[0].token, ==, SV_DSP_CONFIG_IPC_MSG_SIZE);
	g_assert_cmpuint(x->config[0].value, ==, 0x180);
	g_assert_cmpuint(x->n_windows, ==, 7);
	for (guint i = 0; i < 7; i++) {
		const SvDspImageWindow *w = sv_dsp_image_window(img, windows[i][0]);

		g_assert_nonnull(w);
		g_assert_cmpuint(w->id, ==, windows[i][1]);
		g_assert_cmpuint(w->offset, ==, windows[i][2]);
		g_assert_cmpuint(w->size, ==, windows[i][3]);
	}
	g_assert_cmpuint(img->cpd.nb_entries, ==, 3);
	g_assert_cmpstr(img->cpd.entries[0].name, ==, "ADSP.man");
	g_assert_cmpuint(img->cpd.entries[0].offset, ==, 0x58);
	g_assert_cmpstr(img->cpd.entries[1].name, ==, "cavs0015.met");
	g_assert_cmpuint(img->cpd.entries[1].offset, ==, flavour[0] == 'c' ? 0x400 : 0x3c0);
	g_assert_cmpuint(img->css.header_version, ==, 0x10000);
	g_assert_cmpuint(img->css.key_bits, ==, 2048);
	g_assert_cmpuint(d->load_offset, ==, 0x30000);
	g_assert_cmpstr(d->name, ==, "ADSPFW");
	g_assert_cmpuint(d->preload_page_count, ==, 136);
	g_assert_cmpuint(d->feature_mask, ==, 0xffff);
	g_assert_cmpuint(d->version[0], ==, 2);
	g_assert_cmpuint(d->version[1], ==, 2);
	g_assert_cmpuint(d->version[2], ==, 0);
	g_assert_cmpuint(d->version[3], ==, 1);
	g_assert_cmpuint(d->n_modules, ==, 2);
	g_assert_cmpstr(d->modules[0].name, ==, "BRNGUP");
	g_assert_cmpuint(d->modules[0].entry_point, ==, 0xb0038000);
	g_assert_cmpstr(d->modules[1].name, ==, "BASEFW");
	g_assert_cmpuint(d->modules[1].entry_point, ==, 0xbe00c400);
	g_assert_cmpuint(d->modules[1].segments[SV_DSP_SEGMENT_TEXT].file_offset, ==, 0xa000);
	/* CSS version: 2.2.0.1 in the community image, 0.0.0.0 in Intel's */
	if (flavour[0] == 'c') {
		g_assert_cmpuint(img->css.version[0], ==, 2);
		g_assert_cmpuint(img->css.version[1], ==, 2);
		g_assert_cmpuint(img->css.version[2], ==, 0);
		g_assert_cmpuint(img->css.version[3], ==, 1);
	} else {
		for (int i = 0; i < 4; i++)
			g_assert_cmpuint(img->css.version[i], ==, 0);
	}
	sv_dsp_image_verify(img, sv_dsp_image_platform_lookup("cnl"), &err);
	g_assert_no_error(err);
}

static void test_cnl_community(void)
{
	if (need_firmware())
		check_cnl("community");
}

static void test_cnl_intel(void)
{
	if (need_firmware())
		check_cnl("intel-signed");
}

/* The two flavours differ in the signature and the manifest, not the XMan. */
static void test_cnl_flavours(void)
{
	g_autoptr(GBytes) a = NULL, b = NULL;
	gsize la, lb;
	const guint8 *pa, *pb;

	if (!need_firmware())
		return;
	a = read_fw("community", "sof-cnl.ri");
	b = read_fw("intel-signed", "sof-cnl.ri");
	pa = g_bytes_get_data(a, &la);
	pb = g_bytes_get_data(b, &lb);
	g_assert_cmpuint(la, ==, lb);
	g_assert_cmpmem(pa, 0x300, pb, 0x300);
	g_assert_true(memcmp(pa, pb, la) != 0);
}

/* ---- broken images --------------------------------------------------------- */

/* Load @a: expect an SV_DSP_IMAGE_ERROR @code whose message holds each of @... */
static void expect_load_error(const GByteArray *a, int code, ...)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(SvDspImage) img = sv_dsp_image_load_data(a->data, a->len, "broken.ri", &err);
	va_list ap;
	const char *s;

	g_assert_null(img);
	g_assert_error(err, SV_DSP_IMAGE_ERROR, code);
	g_test_message("%s", err->message);
	g_assert_true(g_str_has_prefix(err->message, "broken.ri: "));
	va_start(ap, code);
	while ((s = va_arg(ap, const char *)))
		if (!strstr(err->message, s))
			g_error("'%s' is not in the error: %s", s, err->message);
	va_end(ap);
}

/* Load @a (must parse), verify for @platform: expect @code naming each of @... */
static void expect_verify_error(const GByteArray *a, const char *platform,
				int code, ...)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(SvDspImage) img = sv_dsp_image_load_data(a->data, a->len, "broken.ri", &err);
	va_list ap;
	const char *s;

	g_assert_no_error(err);
	g_assert_false(sv_dsp_image_verify(img, platform ? sv_dsp_image_platform_lookup(platform) :
					   NULL, &err));
	g_assert_error(err, SV_DSP_IMAGE_ERROR, code);
	g_test_message("%s", err->message);
	va_start(ap, code);
	while ((s = va_arg(ap, const char *)))
		if (!strstr(err->message, s))
			g_error("'%s' is not in the error: %s", s, err->message);
	va_end(ap);
}

static char *hexoff(guint32 off)
{
	return g_strdup_printf("file offset %#x", off);
}

static void tamper_modules(const char *flavour, const char *file)
{
	g_autoptr(GByteArray) orig = copy_fw(flavour, file);
	Facts f;

	facts_read(orig->data, orig->len, &f);
	for (guint i = 0; i < f.n_modules; i++) {
		g_autoptr(GByteArray) a = copy_fw(flavour, file);
		char name[9] = { 0 };
		g_autofree char *where = hexoff(f.module[i]);

		memcpy(name, a->data + f.module[i] + 4, 8);
		/* one flipped bit in the middle of the module's text+rodata */
		a->data[f.text_off[i] + f.hashed_len[i] / 2] ^= 0x01;
		expect_verify_error(a, NULL, SV_DSP_IMAGE_ERROR_HASH, name, where, "$AME module",
				    NULL);
	}
}

static void test_tamper_module(void)
{
	if (!need_firmware())
		return;
	tamper_modules("community", "sof-cnl.ri");
	tamper_modules("intel-signed", "sof-cnl.ri");
	tamper_modules("intel-signed", "sof-tgl.ri");
}

/* A byte outside the modules but inside the firmware entry: the metadata hash. */
static void test_tamper_metadata(void)
{
	g_autoptr(GByteArray) a = NULL, b = NULL, c = NULL;
	Facts f;

	if (!need_firmware())
		return;
	a = copy_fw("intel-signed", "sof-cnl.ri");
	facts_read(a->data, a->len, &f);
	/* the gap between the firmware entry's start and $AM1 is padding */
	a->data[f.code + 0x10] ^= 0x80;
	expect_verify_error(a, NULL, SV_DSP_IMAGE_ERROR_HASH, "ADSP metadata", NULL);

	/* a byte of the .met itself: the signed package info's hash of it */
	b = copy_fw("community", "sof-cnl.ri");
	facts_read(b->data, b->len, &f);
	b->data[f.met + 0x10] ^= 0x01;   /* reserved[16]: read by nobody but the hash */
	expect_verify_error(b, NULL, SV_DSP_IMAGE_ERROR_HASH, "signed package info", NULL);

	/* the $CPD checksum: a reserved byte of entry 0, v1 (sum) and v2 (CRC-32) */
	b = (g_byte_array_unref(b), copy_fw("community", "sof-cnl.ri"));
	b->data[f.payload + 0x10 + 20] ^= 0x04;
	expect_verify_error(b, NULL, SV_DSP_IMAGE_ERROR_CHECKSUM, "$CPD", "checksum", NULL);
	c = copy_fw("community", "sof-tgl.ri");
	facts_read(c->data, c->len, &f);
	c->data[f.payload + 0x14 + 20] ^= 0x04;
	expect_verify_error(c, NULL, SV_DSP_IMAGE_ERROR_CHECKSUM, "$CPD", "CRC-32", NULL);
}

/* Every structure boundary of @file, and a page grid: a clear error, no overread. */
static void truncate_everywhere(const char *flavour, const char *file)
{
	g_autoptr(GByteArray) orig = copy_fw(flavour, file);
	g_autoptr(GArray) cuts = g_array_new(FALSE, FALSE, sizeof(guint32));
	g_autoptr(GError) err = NULL;
	g_autoptr(SvDspImage) img = sv_dsp_image_load_data(orig->data, orig->len, file, &err);
	guint32 v;

	g_assert_no_error(err);
#define CUT(x) do { v = (x); if (v < orig->len) g_array_append_val(cuts, v); } while (0)
#define AROUND(x) do { CUT((x) - 1); CUT(x); CUT((x) + 1); CUT((x) + 4); } while (0)
	for (v = 0; v <= 16; v++)
		CUT(v);
	for (guint i = 0; i < img->xman.n_elements; i++) {
		AROUND(img->xman.elements[i].offset);
		AROUND(img->xman.elements[i].offset + 8);
		AROUND(img->xman.elements[i].offset + img->xman.elements[i].size);
	}
	if (img->format == SV_DSP_IMAGE_CAVS) {
		AROUND(img->payload_offset + img->cpd.header_length);
		for (guint i = 0; i < img->cpd.nb_entries; i++) {
			AROUND(img->payload_offset + img->cpd.header_length + 24 * i);
			AROUND(foff(img, img->cpd.entries[i].offset));
			AROUND(foff(img, img->cpd.entries[i].offset +
						img->cpd.entries[i].length));
		}
		AROUND(img->css.offset + 0x80);
		AROUND(img->css.signature_offset);
		for (guint i = 0; i < img->n_exts; i++) {
			AROUND(img->exts[i].offset);
			AROUND(img->exts[i].offset + img->exts[i].length);
		}
		AROUND(img->meta.offset + 0x20);
		AROUND(img->manifest.offset);
		AROUND(img->manifest.offset + 0x34);
		for (guint i = 0; i < img->manifest.n_modules; i++) {
			const SvDspModule *m = &img->manifest.modules[i];

			AROUND(m->offset);
			AROUND(m->offset + 0x74);
			for (guint s = 0; s < 2; s++)
				AROUND(foff(img, m->segments[s].file_offset));
		}
	} else {
		for (guint i = 0; i < img->n_legacy_modules; i++) {
			AROUND(img->legacy_modules[i].file_offset);
			for (guint k = 0; k < img->legacy_modules[i].n_blocks; k++)
				AROUND(img->legacy_modules[i].blocks[k].file_offset);
		}
	}
	for (v = 0x1000; v < orig->len; v += 0x4000)
		CUT(v);
	CUT(orig->len - 1);
#undef AROUND
#undef CUT
	for (guint i = 0; i < cuts->len; i++) {
		guint32 len = g_array_index(cuts, guint32, i);
		g_autoptr(GError) e = NULL;
		/* a fresh allocation of exactly @len bytes: ASan sees any overread */
		g_autofree guint8 *cut = g_memdup2(orig->data, len ? len : 1);
		g_autoptr(SvDspImage) bad = sv_dsp_image_load_data(cut, len, file, &e);

		if (bad)
			g_error("%s cut to %#x bytes loaded without error", file, len);
		g_assert_true(e->domain == SV_DSP_IMAGE_ERROR);
		if (!strstr(e->message, "file offset"))
			g_error("%s cut to %#x: the error names no file offset: %s", file, len,
				e->message);
		if (len >= 16 && len != img->payload_offset)
			if (e->code != SV_DSP_IMAGE_ERROR_TRUNCATED)
				g_error("%s cut to %#x: code %d, not TRUNCATED: %s", file, len, e->code,
					e->message);
	}
	g_test_message("%s: %u cuts, each refused", file, cuts->len);
}

static void test_truncated(void)
{
	if (!need_firmware())
		return;
	truncate_everywhere("community", "sof-cnl.ri");
	truncate_everywhere("intel-signed", "sof-cnl.ri");
	truncate_everywhere("intel-signed", "sof-tgl.ri");
	truncate_everywhere(NULL, "sof-byt.ri");
}

/* A fresh copy of the community sof-cnl.ri in *@a (and its facts in @f). */
static void fresh_cnl(GByteArray **a, Facts *f)
{
	if (*a)
		g_byte_array_unref(*a);
	*a = copy_fw("community", "sof-cnl.ri");
	if (f)
		facts_read((*a)->data, (*a)->len, f);
}
#define FRESH() fresh_cnl(&a, NULL)

static void test_wrong_magic(void)
{
	g_autoptr(GByteArray) a = NULL;
	Facts f;

	if (!need_firmware())
		return;
	fresh_cnl(&a, &f);
	a->data[0] = 'x';       /* "xMan" */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_MAGIC, "file offset 0x0", "XMan", NULL);
	FRESH();
	a->data[f.payload] = '%';
	expect_load_error(a, SV_DSP_IMAGE_ERROR_MAGIC, "file offset 0x300", "$CPD", NULL);
	FRESH();
	a->data[f.man + 28] = '#';      /* $MN2 */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_MAGIC, "CSS header", "$MN2", NULL);
	FRESH();
	a->data[f.am1 + 3] = '2';       /* $AM2 */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_MAGIC, "$AM1", "file offset 0x2300", NULL);
	FRESH();
	a->data[f.module[1]] = '!';
	{
		g_autofree char *where = hexoff(f.module[1]);

		expect_load_error(a, SV_DSP_IMAGE_ERROR_MAGIC, "$AME module entry 1", where, NULL);
	}
	FRESH();
	put32(a->data + 12, 2u << 24);  /* XMan version 2.0.0 */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_VERSION, "XMan", "2.0.0", NULL);
	FRESH();
	a->data[f.payload + 8] = 3;     /* $CPD header_version 3 */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_VERSION, "$CPD", NULL);
}

static void test_sizes_past_end(void)
{
	g_autoptr(GByteArray) a = NULL;
	Facts f;

	if (!need_firmware())
		return;
	fresh_cnl(&a, &f);
	/* XMan element 3 (CC_VERSION at 0x220) claims more than the XMan holds */
	g_assert_cmpuint(le32(a->data + 0x220), ==, SV_DSP_XMAN_CC_VERSION);
	put32(a->data + 0x224, 0x1000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "XMan element 3 (CC_VERSION)",
			  "file offset 0x220", NULL);
	FRESH();
	put32(a->data + 0x224, 4);      /* smaller than its header */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "XMan element 3", "smaller", NULL);
	FRESH();
	put32(a->data + 0x24, 17);      /* WINDOW num_windows > 16 */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "WINDOW", "num_windows 17", NULL);
	FRESH();
	put32(a->data + 4, a->len + 0x100);  /* XMan full_size past the file */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_TRUNCATED, "XMan", NULL);
	FRESH();
	put32(a->data + 4, a->len);     /* XMan is the whole file */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_MISSING, "full_size", NULL);
	FRESH();
	/* $CPD entry 2 (the firmware) longer than the payload */
	put32(a->data + f.payload + 0x10 + 2 * 24 + 16, 0x90000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_TRUNCATED, "$CPD entry 2 (cavs0015", NULL);
	FRESH();
	put32(a->data + f.payload + 4, 1000);        /* nb_entries */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "nb_entries 1000", NULL);
	FRESH();
	/* CSS size (dwords) beyond the ADSP.man entry */
	put32(a->data + f.man + 24, 0x1000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "CSS manifest", "ADSP.man", NULL);
	FRESH();
	/* the first extension's length runs past the manifest */
	put32(a->data + f.man + 0x284 + 4, 0x400);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "manifest extension 0", NULL);
	FRESH();
	put32(a->data + f.man + 0x284 + 4, 0);       /* length 0: no endless loop */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "manifest extension 0", "length 0", NULL);
	FRESH();
	/* BASEFW's rodata claims 0x400 pages */
	put32(a->data + f.module[1] + 80 + 12, (0x400u << 16) | 0x12f);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_TRUNCATED, "BASEFW", "rodata", NULL);
	FRESH();
	/* BRNGUP's entry point outside its text segment */
	put32(a->data + f.module[0] + 64, 0xb0040000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "BRNGUP", "entry_point 0xb0040000",
			  "outside its text", NULL);
	FRESH();
	/* fewer preload pages than BASEFW's rodata needs (still inside the file) */
	put32(a->data + f.am1 + 16, 100);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "BASEFW", "preload_page_count", NULL);
	FRESH();
	/* the firmware entry starts after $AM1: the metadata hash would not cover it */
	put32(a->data + f.payload + 0x10 + 2 * 24 + 12, 0x3000);
	put32(a->data + f.payload + 0x10 + 2 * 24 + 16, 0x88000 - 0x3000);
	put32(a->data + f.met + 28 + 12 + 32 + 4, 0x2000 + 0x88000 - 0x3000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "$AM1", "outside the firmware entry", NULL);
	FRESH();
	put32(a->data + f.am1 + 36, 100);            /* num_module_entries */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "num_module_entries 100", NULL);
	FRESH();
	put32(a->data + f.am1 + 16, 1000);           /* preload_page_count */
	expect_load_error(a, SV_DSP_IMAGE_ERROR_TRUNCATED, "preload_page_count 1000", NULL);
	FRESH();
	/* metadata limit - base no longer the firmware entry's length */
	put32(a->data + f.met + 28 + 12 + 32 + 4, 0x2000);
	expect_load_error(a, SV_DSP_IMAGE_ERROR_BOUNDS, "limit_offset", NULL);
}
#undef FRESH

static void test_wrong_platform(void)
{
	g_autoptr(GByteArray) tgl = NULL, apl = NULL, byt = NULL;

	if (!need_firmware())
		return;
	/* TGL: same load offset as CNL (0x30000) but CSS 2.5 with RSA-3072 */
	tgl = copy_fw("intel-signed", "sof-tgl.ri");
	expect_verify_error(tgl, "cnl", SV_DSP_IMAGE_ERROR_PLATFORM, "0x21000", "RSA-3072",
			    "cnl", NULL);
	/* APL's load offset 0x2000 on CNL (0x30000): ROM error 47 */
	apl = copy_fw("community", "sof-apl.ri");
	expect_verify_error(apl, "cnl", SV_DSP_IMAGE_ERROR_PLATFORM, "load_offset 0x2000",
			    "0x30000", NULL);
	/* and the other way round */
	apl = (g_byte_array_unref(apl), copy_fw("community", "sof-cnl.ri"));
	expect_verify_error(apl, "apl", SV_DSP_IMAGE_ERROR_PLATFORM, "load_offset 0x30000",
			    "0x2000", NULL);
	byt = copy_fw(NULL, "sof-byt.ri");
	expect_verify_error(byt, "cnl", SV_DSP_IMAGE_ERROR_PLATFORM, "legacy", NULL);
}

/* Random damage in the headers: any outcome but a crash or an overread. */
static void test_random_damage(void)
{
	g_autoptr(GByteArray) orig = NULL;
	g_autoptr(GRand) r = g_rand_new_with_seed(0x50f);
	guint refused = 0, loaded = 0;

	if (!need_firmware())
		return;
	orig = copy_fw("intel-signed", "sof-tgl.ri");
	for (guint i = 0; i < 400; i++) {
		g_autofree guint8 *d = g_memdup2(orig->data, orig->len);
		g_autoptr(GError) e = NULL;
		g_autoptr(SvDspImage) img = NULL;

		/* in the XMan, $CPD, CSS, metadata (0..0x900) or $AM1/$AME (0x2300..) */
		for (guint k = 0; k < 4; k++) {
			guint32 at = g_rand_int_range(r, 0, 0x900 + 0x200);

			d[at < 0x900 ? at : at - 0x900 + 0x2300] = g_rand_int(r);
		}
		img = sv_dsp_image_load_data(d, orig->len, "random.ri", &e);
		if (img) {
			loaded++;
			sv_dsp_image_verify(img, sv_dsp_image_platform_lookup("tgl"), NULL);
		} else {
			g_assert_true(e->domain == SV_DSP_IMAGE_ERROR);
			g_assert_true(g_str_has_prefix(e->message, "random.ri: "));
			refused++;
		}
	}
	g_test_message("%u refused, %u loaded", refused, loaded);
	g_assert_cmpuint(refused, >, 0);
}

static void test_platforms(void)
{
	gsize n;
	const SvDspImagePlatform *p = sv_dsp_image_platforms(&n);

	g_assert_cmpuint(n, >=, 8);
	g_assert_cmpstr(sv_dsp_image_platform_guess("/x/sof-tgl-h.ri")->name, ==, "tgl-h");
	g_assert_cmpuint(sv_dsp_image_platform_guess("sof-cnl.ri")->load_offset, ==, 0x30000);
	g_assert_cmpuint(sv_dsp_image_platform_lookup("apl")->load_offset, ==, 0x2000);
	g_assert_cmpuint(sv_dsp_image_platform_lookup("tgl")->css_version, ==, 0x21000);
	g_assert_null(sv_dsp_image_platform_guess("sof-byt.ri"));
	g_assert_null(sv_dsp_image_platform_guess("firmware.bin"));
	g_assert_null(sv_dsp_image_platform_lookup("mtl"));
	(void)p;
}

static void test_load_file_errors(void)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *dir = g_dir_make_tmp("dsp-image-XXXXXX", NULL);
	g_autofree char *empty = g_build_filename(dir, "empty.ri", NULL);

	g_assert_null(sv_dsp_image_load_file("/nonexistent/sof-cnl.ri", &err));
	g_assert_error(err, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_IO);
	g_assert_nonnull(strstr(err->message, "/nonexistent/sof-cnl.ri"));
	g_assert_nonnull(strstr(err->message, "firmware-sof-signed"));
	g_clear_error(&err);
	g_assert_null(sv_dsp_image_load_file(dir, &err));
	g_assert_error(err, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_IO);
	g_assert_nonnull(strstr(err->message, "directory"));
	g_clear_error(&err);
	g_assert_true(g_file_set_contents(empty, "", 0, NULL));
	g_assert_null(sv_dsp_image_load_file(empty, &err));
	g_assert_error(err, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_TRUNCATED);
	g_assert_nonnull(strstr(err->message, "empty"));
	g_clear_error(&err);
	/* not a firmware image at all */
	g_assert_true(g_file_set_contents(empty, "hello, world\n", -1, NULL));
	g_assert_null(sv_dsp_image_load_file(empty, &err));
	g_assert_error(err, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_MAGIC);
	g_assert_nonnull(strstr(err->message, "not a SOF firmware image"));
	g_unlink(empty);
	g_rmdir(dir);
}

/* ---- sofvfio dsp fw-info ---------------------------------------------------- */

typedef struct {
	int status;
	char *out, *err;
} Run;

static void run_clear(Run *r)
{
	g_free(r->out);
	g_free(r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static void run_cli(Run *r, const char *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) err = NULL;
	int wait;

	g_ptr_array_add(argv, (char *)SV_CLI_PATH);
	for (; *args; args++)
		g_ptr_array_add(argv, (char *)*args);
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
				   &r->out, &r->err, &wait, &err));
	g_assert_no_error(err);
	g_assert_true(WIFEXITED(wait));
	r->status = WEXITSTATUS(wait);
}

static JsonObject *parse_json(JsonParser *p, const char *text)
{
	g_autoptr(GError) err = NULL;

	g_assert_true(json_parser_load_from_data(p, text, -1, &err));
	g_assert_no_error(err);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)));
	return json_node_get_object(json_parser_get_root(p));
}

static void test_cli_text(void)
{
	g_autofree char *path = NULL;
	g_auto(Run) r = { 0 };

	if (!need_firmware())
		return;
	path = fw_path("community", "sof-cnl.ri");
	run_cli(&r, (const char *[]){ "dsp", "fw-info", path, NULL });
	g_assert_cmpint(r.status, ==, 0);
	g_assert_cmpstr(r.err, ==, "");
	for (const char *const *s = (const char *[]){
		     "FW_VERSION: 2.2.0 ", "tag \"57864\"", "ABI 3.22.1", "WINDOW: 7 windows",
		     "load_offset 0x30000", "$AME BRNGUP", "$AME BASEFW", "version 2.2.0.1",
		     "Payload: file offset 0x300, 0x88000 bytes", "Hashes: 4 checked, all agree",
		     "Platform: cnl", "Verify: ok", NULL }; *s; s++)
		if (!strstr(r.out, *s))
			g_error("'%s' missing from:\n%s", *s, r.out);
}

static void test_cli_legacy(void)
{
	g_autofree char *path = NULL;
	g_auto(Run) r = { 0 };

	if (!need_firmware())
		return;
	path = fw_path(NULL, "sof-byt.ri");
	run_cli(&r, (const char *[]){ "dsp", "fw-info", path, NULL });
	g_assert_cmpint(r.status, ==, 0);
	g_assert_nonnull(strstr(r.out, "legacy (Reef) image"));
	g_assert_nonnull(strstr(r.out, "Reef firmware header"));
	g_assert_nonnull(strstr(r.out, "Hashes: none in this format"));
	g_assert_nonnull(strstr(r.out, "no platform checks"));
}

static void test_cli_json(void)
{
	g_autofree char *path = NULL;
	g_auto(Run) r = { 0 };
	g_autoptr(JsonParser) p = json_parser_new();
	g_autoptr(GBytes) file = NULL;
	JsonObject *o, *x, *fw, *man, *verify;
	JsonArray *win, *mods;
	Facts f;

	if (!need_firmware())
		return;
	path = fw_path("intel-signed", "sof-cnl.ri");
	file = read_fw("intel-signed", "sof-cnl.ri");
	facts_read(g_bytes_get_data(file, NULL), g_bytes_get_size(file), &f);
	run_cli(&r, (const char *[]){ "dsp", "fw-info", "--json", path, NULL });
	g_assert_cmpint(r.status, ==, 0);
	o = parse_json(p, r.out);
	g_assert_cmpstr(json_object_get_string_member(o, "format"), ==, "cavs");
	g_assert_cmpint(json_object_get_int_member(o, "size"), ==, f.size);
	g_assert_cmpint(json_object_get_int_member(o, "payload_offset"), ==, f.payload);
	g_assert_cmpint(json_object_get_int_member(o, "payload_size"), ==, f.size - f.payload);
	x = json_object_get_object_member(o, "xman");
	fw = json_object_get_object_member(x, "fw_version");
	g_assert_cmpstr(json_object_get_string_member(fw, "tag"), ==, "57864");
	g_assert_cmpstr(json_object_get_string_member(fw, "abi"), ==, "3.22.1");
	g_assert_cmpint(json_object_get_int_member(fw, "major"), ==, 2);
	win = json_object_get_array_member(x, "windows");
	g_assert_cmpuint(json_array_get_length(win), ==, 7);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(win, 2),
						      "name"), ==, "DOWNBOX");
	g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(win, 2), "size"),
			==, 0x2000);
	man = json_object_get_object_member(o, "manifest");
	g_assert_cmpint(json_object_get_int_member(man, "load_offset"), ==, 0x30000);
	g_assert_cmpint(json_object_get_int_member(man, "offset"), ==, f.am1);
	mods = json_object_get_array_member(man, "modules");
	g_assert_cmpuint(json_array_get_length(mods), ==, f.n_modules);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(mods, 0),
						      "name"), ==, "BRNGUP");
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(mods, 1),
						      "name"), ==, "BASEFW");
	g_assert_true(json_object_get_boolean_member(
		json_object_get_object_member(json_array_get_object_element(mods, 1), "hash"), "ok"));
	verify = json_object_get_object_member(o, "verify");
	g_assert_true(json_object_get_boolean_member(verify, "ok"));
	g_assert_cmpstr(json_object_get_string_member(verify, "platform"), ==, "cnl");
	g_assert_true(json_object_get_boolean_member(o, "hashes_ok"));
}

static void test_cli_errors(void)
{
	g_autofree char *dir = g_dir_make_tmp("dsp-fw-info-XXXXXX", NULL);
	g_autofree char *empty = g_build_filename(dir, "empty.ri", NULL);
	g_auto(Run) r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 }, r5 = { 0 }, r6 = { 0 };
	g_auto(Run) r7 = { 0 }, r8 = { 0 }, r11 = { 0 };

	run_cli(&r1, (const char *[]){ "dsp", "fw-info", "/nonexistent.ri", NULL });
	g_assert_cmpint(r1.status, ==, 1);
	g_assert_nonnull(strstr(r1.err, "sofvfio dsp fw-info: /nonexistent.ri: cannot read"));
	run_cli(&r2, (const char *[]){ "dsp", "fw-info", dir, NULL });
	g_assert_cmpint(r2.status, ==, 1);
	g_assert_nonnull(strstr(r2.err, "is a directory"));
	g_assert_true(g_file_set_contents(empty, "", 0, NULL));
	run_cli(&r3, (const char *[]){ "dsp", "fw-info", empty, NULL });
	g_assert_cmpint(r3.status, ==, 1);
	g_assert_nonnull(strstr(r3.err, "empty"));
	run_cli(&r4, (const char *[]){ "dsp", "fw-info", NULL });
	g_assert_cmpint(r4.status, ==, 2);
	g_assert_nonnull(strstr(r4.err, "which FILE?"));
	run_cli(&r5, (const char *[]){ "dsp", "--help", NULL });
	g_assert_cmpint(r5.status, ==, 0);
	g_assert_nonnull(strstr(r5.out, "fw-info"));
	run_cli(&r6, (const char *[]){ "dsp", "fw-info", "--help", NULL });
	g_assert_cmpint(r6.status, ==, 0);
	g_assert_nonnull(strstr(r6.out, "--json"));
	g_assert_nonnull(strstr(r6.out, "Platforms:"));
	run_cli(&r7, (const char *[]){ "dsp", "no-such", NULL });
	g_assert_cmpint(r7.status, ==, 2);
	g_assert_nonnull(strstr(r7.err, "unknown subcommand 'no-such'"));
	run_cli(&r8, (const char *[]){ "dsp", "fw-info", "--platform", "zzz", "x.ri", NULL });
	g_assert_cmpint(r8.status, ==, 2);
	g_assert_nonnull(strstr(r8.err, "unknown platform 'zzz'"));
	run_cli(&r11, (const char *[]){ "--help", NULL });
	g_assert_nonnull(strstr(r11.out, "dsp"));
	g_unlink(empty);
	g_rmdir(dir);
}

static void test_cli_failed_checks(void)
{
	g_autofree char *dir = g_dir_make_tmp("dsp-fw-info-XXXXXX", NULL);
	g_autofree char *bad = g_build_filename(dir, "sof-cnl.ri", NULL);
	g_autofree char *tgl = NULL;
	g_auto(Run) r1 = { 0 }, r2 = { 0 };
	g_autoptr(GByteArray) a = NULL;
	g_autoptr(JsonParser) p = json_parser_new();
	JsonObject *o;
	Facts f;

	if (!need_firmware())
		return;
	/* a tampered module: the text is printed, then the error; status 1 */
	a = copy_fw("community", "sof-cnl.ri");
	facts_read(a->data, a->len, &f);
	a->data[f.text_off[1] + 0x100] ^= 0xff;
	g_assert_true(g_file_set_contents(bad, (const char *)a->data, a->len, NULL));
	run_cli(&r1, (const char *[]){ "dsp", "fw-info", bad, NULL });
	g_assert_cmpint(r1.status, ==, 1);
	g_assert_nonnull(strstr(r1.out, "MISMATCH"));
	g_assert_nonnull(strstr(r1.out, "Verify: FAILED"));
	g_assert_nonnull(strstr(r1.err, "BASEFW"));
	/* a TGL image for CNL, as JSON: verify.ok false with the reason */
	tgl = fw_path("intel-signed", "sof-tgl.ri");
	run_cli(&r2, (const char *[]){ "dsp", "fw-info", "--json", "--platform", "cnl", tgl, NULL });
	g_assert_cmpint(r2.status, ==, 1);
	o = parse_json(p, r2.out);
	o = json_object_get_object_member(o, "verify");
	g_assert_false(json_object_get_boolean_member(o, "ok"));
	g_assert_nonnull(strstr(json_object_get_string_member(o, "error"), "0x21000"));
	g_unlink(bad);
	g_rmdir(dir);
}

/*
 * Two meson tests run this program: "dsp-image" the /dsp-image/nofw tests
 * (no firmware needed), "dsp-image-firmware" (--require-firmware) the
 * /dsp-image/fw ones, which say "1..0 # SKIP" with the reason when the
 * firmware is missing, so meson shows the whole test as skipped (under
 * CI=true they run, and fail).
 */
int main(int argc, char **argv)
{
	gboolean require = argc > 1 && !strcmp(argv[1], "--require-firmware");
	g_autofree char *probe = NULL;

	if (require) {
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	fw_dir = g_getenv("SOFVFIO_SOF_FIRMWARE");
	if (!fw_dir)
		fw_dir = "/lib/firmware/intel/sof";
	probe = g_build_filename(fw_dir, "community", "sof-cnl.ri", NULL);
	if (require && !g_file_test(probe, G_FILE_TEST_IS_REGULAR) &&
	    g_strcmp0(g_getenv("CI"), "true")) {
		printf("1..0 # SKIP %s is missing: install Debian's firmware-sof-signed "
		       "(non-free-firmware; ci/setup does)\n", probe);
		return 0;
	}
	g_test_init(&argc, &argv, NULL);

	g_test_add_func("/dsp-image/nofw/platforms", test_platforms);
	g_test_add_func("/dsp-image/nofw/load-file-errors", test_load_file_errors);
	g_test_add_func("/dsp-image/nofw/cli-errors", test_cli_errors);
	g_test_add_func("/dsp-image/fw/every-image", test_every_image);
	g_test_add_func("/dsp-image/fw/ldc-agrees", test_ldc_agrees);
	g_test_add_func("/dsp-image/fw/cnl-community", test_cnl_community);
	g_test_add_func("/dsp-image/fw/cnl-intel-signed", test_cnl_intel);
	g_test_add_func("/dsp-image/fw/cnl-flavours", test_cnl_flavours);
	g_test_add_func("/dsp-image/fw/tamper-module", test_tamper_module);
	g_test_add_func("/dsp-image/fw/tamper-metadata", test_tamper_metadata);
	g_test_add_func("/dsp-image/fw/truncated", test_truncated);
	g_test_add_func("/dsp-image/fw/wrong-magic", test_wrong_magic);
	g_test_add_func("/dsp-image/fw/sizes-past-end", test_sizes_past_end);
	g_test_add_func("/dsp-image/fw/wrong-platform", test_wrong_platform);
	g_test_add_func("/dsp-image/fw/random-damage", test_random_damage);
	g_test_add_func("/dsp-image/fw/cli-text", test_cli_text);
	g_test_add_func("/dsp-image/fw/cli-json", test_cli_json);
	g_test_add_func("/dsp-image/fw/cli-legacy", test_cli_legacy);
	g_test_add_func("/dsp-image/fw/cli-failed-checks", test_cli_failed_checks);
	return g_test_run();
}
