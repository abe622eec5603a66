// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image.c - load a SOF .ri image: the XMan, then either the cAVS layout
 * ($CPD, CSS, metadata, $AM1) or the legacy "Reef" one; free it; and
 * verify what a ROM checks without Intel's key.
 */
#include "image-priv.h"

#include <errno.h>
#include <string.h>

static void tally(SvDspImage *img, const SvDspImageHash *h)
{
	if (!h->len)
		return;
	img->hashes_checked++;
	img->hashes_ok &= h->ok;
}

static gboolean parse(const SvImgFile *f, SvDspImage *img, GError **error)
{
	if (!sv_img_parse_xman(f, &img->xman, error))
		return FALSE;
	img->payload_offset = img->xman.present ? img->xman.full_size : 0;
	img->payload = img->data + img->payload_offset;
	img->payload_size = img->size - img->payload_offset;

	if (img->xman.present &&
	    !sv_img_need(f, "payload magic after the XMan", img->payload_offset, 4, f->size,
			 "the file", error))
		return FALSE;
	if (sv_img_magic(f, img->payload_offset, "$CPD")) {
		img->format = SV_DSP_IMAGE_CAVS;
		if (!sv_img_parse_cpd(f, img, error) || !sv_img_parse_css(f, img, error) ||
		    !sv_img_parse_meta(f, img, error) || !sv_img_parse_manifest(f, img, error))
			return FALSE;
	} else if (sv_img_magic(f, img->payload_offset, "Reef")) {
		img->format = SV_DSP_IMAGE_LEGACY;
		if (!sv_img_parse_legacy(f, img, error))
			return FALSE;
	} else {
		g_autofree char *m = sv_img_describe_magic(f, img->payload_offset);

		sv_img_error(f, error, SV_DSP_IMAGE_ERROR_MAGIC,
			     "file offset 0x%x%s: magic %s is neither \"$CPD\" (cAVS image) nor "
			     "\"Reef\" (legacy SOF image)%s", img->payload_offset,
			     img->xman.present ? " (after the XMan)" : "", m,
			     img->xman.present ? "" : ", and the file does not start with an "
			     "\"XMan\" extended manifest either: not a SOF firmware image?");
		return FALSE;
	}

	/* Tally the hashes the reader compared (a legacy image has none). */
	img->hashes_ok = true;
	if (img->format == SV_DSP_IMAGE_CAVS) {
		tally(img, &img->signed_pkg.module.hash);
		tally(img, &img->meta.hash);
		for (guint i = 0; i < img->manifest.n_modules; i++)
			tally(img, &img->manifest.modules[i].hash);
	}
	return TRUE;
}

SvDspImage *sv_dsp_image_load_data(const void *data, gsize size, const char *name,
				   GError **error)
{
	return sv_img_load_bytes(g_bytes_new(data, size), name, error);
}

SvDspImage *sv_dsp_image_load_bytes(GBytes *bytes, const char *name, GError **error)
{
	return sv_img_load_bytes(g_bytes_ref(bytes), name, error);
}

SvDspImage *sv_img_load_bytes(GBytes *bytes, const char *name, GError **error)
{
	g_autoptr(SvDspImage) img = g_new0(SvDspImage, 1);
	SvImgFile f;

	img->bytes = bytes;
	img->data = g_bytes_get_data(bytes, &img->size);
	img->name = g_strdup(name ? name : "(image)");
	f = (SvImgFile){ img->data, img->size, img->name };
	/* An empty GBytes has no data pointer: nothing to offset from, nothing to read. */
	if (!img->size) {
		sv_img_error(&f, error, SV_DSP_IMAGE_ERROR_TRUNCATED,
			     "file offset 0x0: the file is empty: not a SOF firmware image");
		return NULL;
	}
	if (!parse(&f, img, error))
		return NULL;
	return g_steal_pointer(&img);
}

SvDspImage *sv_dsp_image_load_file(const char *path, GError **error)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(GMappedFile) map = NULL;
	g_autofree char *base = g_path_get_basename(path);

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_IO,
			    "%s: is a directory, not a firmware file (e.g. "
			    "/lib/firmware/intel/sof/sof-cnl.ri)", path);
		return NULL;
	}
	map = g_mapped_file_new(path, FALSE, &err);
	if (!map) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_IO,
			    "%s: cannot read the firmware file: %s%s", path, err->message,
			    g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
			    " (Debian ships the images in firmware-sof-signed, "
			    "non-free-firmware)" : "");
		return NULL;
	}
	if (g_mapped_file_get_length(map) == 0) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_TRUNCATED,
			    "%s: the file is empty", path);
		return NULL;
	}
	return sv_img_load_bytes(g_mapped_file_get_bytes(map), base, error);
}

void sv_dsp_image_free(SvDspImage *img)
{
	if (!img)
		return;
	for (guint i = 0; i < img->n_legacy_modules; i++)
		g_free(img->legacy_modules[i].blocks);
	g_free(img->legacy_modules);
	g_free(img->manifest.modules);
	g_free(img->name);
	if (img->bytes)
		g_bytes_unref(img->bytes);
	g_free(img);
}

const SvDspImageWindow *sv_dsp_image_window(const SvDspImage *img, guint32 type)
{
	for (guint i = 0; i < img->xman.n_windows; i++)
		if (img->xman.windows[i].type == type)
			return &img->xman.windows[i];
	return NULL;
}

static gboolean hash_check(const SvDspImage *img, const SvDspImageHash *h, const char *what,
			   GError **error)
{
	g_autofree char *stated = NULL, *computed = NULL;

	if (h->ok)
		return TRUE;
	stated = sv_img_hex(h->stated, h->len);
	computed = sv_img_hex(h->computed, h->len);
	g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_HASH,
		    "%s: %s: the %s stated at file offset 0x%x is %s, but the %#x bytes it "
		    "covers (file offset 0x%x) hash to %s: the image was modified or damaged",
		    img->name, what, sv_img_hash_name(h->len), h->stated_offset, stated, h->size,
		    h->offset, computed);
	return FALSE;
}

gboolean sv_dsp_image_verify(const SvDspImage *img, const SvDspImagePlatform *platform,
			     GError **error)
{
	if (img->format == SV_DSP_IMAGE_LEGACY) {
		if (platform) {
			g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_PLATFORM,
				    "%s: a legacy (Reef) image, for Baytrail/Cherrytrail/"
				    "Broadwell, not for %s (%s)", img->name, platform->name,
				    platform->description);
			return FALSE;
		}
		return TRUE;
	}
	if (!img->cpd.checksum_ok) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_CHECKSUM,
			    "%s: $CPD directory at file offset 0x%x: the stored %s %#x does not "
			    "match its header and entries", img->name, img->payload_offset,
			    img->cpd.header_version == 1 ? "checksum" : "CRC-32",
			    img->cpd.checksum);
		return FALSE;
	}
	for (guint i = 0; i < img->manifest.n_modules; i++) {
		const SvDspModule *m = &img->manifest.modules[i];
		g_autofree char *what = g_strdup_printf(
			"$AME module %u (%s, entry at file offset 0x%x) text+rodata", i, m->name,
			m->offset);

		if (!hash_check(img, &m->hash, what, error))
			return FALSE;
	}
	if (!hash_check(img, &img->meta.hash, "ADSP metadata (.met) hash of the firmware entry",
			error) ||
	    !hash_check(img, &img->signed_pkg.module.hash,
			"signed package info hash of the metadata (.met)", error))
		return FALSE;
	if (!platform)
		return TRUE;
	if (img->css.header_version != platform->css_version) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_PLATFORM,
			    "%s: CSS header at file offset 0x%x: header_version %#x (RSA-%u) is "
			    "not what %s (%s) takes (%#x): an image for another generation",
			    img->name, img->css.offset, img->css.header_version, img->css.key_bits,
			    platform->name, platform->description, platform->css_version);
		return FALSE;
	}
	if (img->manifest.load_offset != platform->load_offset) {
		g_set_error(error, SV_DSP_IMAGE_ERROR, SV_DSP_IMAGE_ERROR_PLATFORM,
			    "%s: $AM1 firmware descriptor at file offset 0x%x: load_offset 0x%x, "
			    "but %s (%s) loads at %#x: an image for another platform (the ROM "
			    "checks it: ROM error 47 is LOAD_OFFSET_TO_SMALL in Linux hda.h)",
			    img->name, img->manifest.offset, img->manifest.load_offset,
			    platform->name, platform->description,
			    platform->load_offset);
		return FALSE;
	}
	return TRUE;
}
