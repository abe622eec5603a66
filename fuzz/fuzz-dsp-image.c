// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-dsp-image.c - the SOF firmware image reader (driver/dsp/image*.c)
 * on any bytes, as `sofvfio dsp fw-info` and a boot use it: decode, verify
 * against every known platform, print as text and as JSON.
 */
#include "fuzz.h"
#include "sofvfio/dsp-image.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	devnull = fopen("/dev/null", "w");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) err = NULL;
	/* libFuzzer's buffer is exactly @size long (ASan sees a read past it): no copy of it. */
	g_autoptr(GBytes) bytes = g_bytes_new_static(data, size);
	g_autoptr(SvDspImage) img = sv_dsp_image_load_bytes(bytes, "fuzz.ri", &err);
	const SvDspImagePlatform *platforms;
	bool json_done[2] = { false, false };  /* for a platform: [refused], [accepted] */
	gsize n;

	if (!img) {
		if (!err || !err->message[0])
			abort(); /* a refusal names what is wrong */
		return 0;
	}
	/*
	 * Verify for every platform and for none.  The JSON of an image is the
	 * same for every platform but for its "verify" member (the platform and
	 * the outcome), and building it is most of an input's time: it is built
	 * without a platform, and for the first platform that accepts the image
	 * and the first that refuses it, which reaches each of its branches with
	 * this image's data.
	 */
	platforms = sv_dsp_image_platforms(&n);
	for (gsize i = 0; i <= n; i++) {
		g_autoptr(GError) verr = NULL;
		const SvDspImagePlatform *p = i < n ? &platforms[i] : NULL;
		bool ok = sv_dsp_image_verify(img, p, &verr);
		g_autofree char *json = NULL;

		if (!ok && (!verr || !verr->message[0]))
			abort();
		if (p && json_done[ok])
			continue;
		if (p)
			json_done[ok] = true;
		json = sv_dsp_image_to_json(img, p, verr);
		if (!json || json[0] != '{')
			abort();
	}
	for (guint32 type = 0; type < 16; type++)
		sv_dsp_image_window(img, type);
	sv_dsp_image_print(img, devnull);
	return 0;
}
