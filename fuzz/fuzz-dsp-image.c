// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-dsp-image.c - the SOF firmware image reader (driver/dsp/image*.c)
 * on any bytes, as `sofvfio dsp fw-info` and a boot use it: decode, verify
 * against every known platform, print as text and as JSON.
 */
#include "fuzz.h"
#include "sofvfio/dsp-image.h"

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
	g_autoptr(SvDspImage) img = sv_dsp_image_load_data(data, size, "fuzz.ri", &err);
	const SvDspImagePlatform *platforms;
	gsize n;

	if (!img) {
		if (!err || !err->message[0])
			abort(); /* a refusal names what is wrong */
		return 0;
	}
	platforms = sv_dsp_image_platforms(&n);
	for (gsize i = 0; i <= n; i++) {
		g_autoptr(GError) verr = NULL;
		const SvDspImagePlatform *p = i < n ? &platforms[i] : NULL;
		g_autofree char *json = NULL;

		if (!sv_dsp_image_verify(img, p, &verr) && (!verr || !verr->message[0]))
			abort();
		json = sv_dsp_image_to_json(img, p, verr);
		if (!json || json[0] != '{')
			abort();
	}
	for (guint32 type = 0; type < 16; type++)
		sv_dsp_image_window(img, type);
	sv_dsp_image_print(img, devnull);
	return 0;
}
