// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wav.c - audio files through libsndfile: integer PCM in (WAV or anything
 * libsndfile reads), WAV out, converted to and from the memory layout of an
 * HDA stream (see hda_samples_pack()).
 */
#define SV_LOG_PREFIX "hda-wav"
#include "sofvfio/hda-pcm.h"
#include "sofvfio/log.h"

#include <errno.h>
#include <sndfile.h>
#include <string.h>

#define CHUNK_SAMPLES 4096

struct HdaWav {
	SNDFILE *sf;
	SF_INFO info;
	char *path;
	bool writing;
	unsigned file_bits; /* bits of the file's samples */
	unsigned io_bits;   /* bits of the memory layout read or written */
	unsigned channels;
	uint64_t frames;
	int32_t *tmp;       /* CHUNK_SAMPLES */
};

/* Integer PCM subtypes and their widths. */
static const struct {
	int subtype;
	unsigned bits;
} int_subtypes[] = {
	{ SF_FORMAT_PCM_S8, 8 }, { SF_FORMAT_PCM_U8, 8 },  { SF_FORMAT_PCM_16, 16 },
	{ SF_FORMAT_PCM_24, 24 }, { SF_FORMAT_PCM_32, 32 },
};

static const char *subtype_name(int subtype)
{
	SF_FORMAT_INFO fi = { .format = subtype };

	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.name)
		return fi.name;
	return "unknown encoding";
}

static void wav_free(HdaWav *w)
{
	if (w->sf)
		sf_close(w->sf);
	g_free(w->tmp);
	g_free(w->path);
	g_free(w);
}

HdaWav *hda_wav_open_read(const char *path, HdaPcmFormat *fmt, uint64_t *frames, GError **error)
{
	HdaWav *w = g_new0(HdaWav, 1);
	int subtype;

	w->path = g_strdup(path);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, SV_ERROR, SV_ERROR_NOT_FOUND, "%s: no such file", path);
		goto fail;
	}
	w->sf = sf_open(path, SFM_READ, &w->info);
	if (!w->sf) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%s: not an audio file libsndfile can read (%s): give a WAV file of "
			    "integer PCM samples", path, sf_strerror(NULL));
		goto fail;
	}
	subtype = w->info.format & SF_FORMAT_SUBMASK;
	for (unsigned i = 0; i < G_N_ELEMENTS(int_subtypes); i++)
		if (int_subtypes[i].subtype == subtype)
			w->file_bits = int_subtypes[i].bits;
	if (!w->file_bits) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s: %s samples; HD Audio streams carry integer PCM (8, 16, 24 or 32 "
			    "bit here): convert it, e.g. 'sox %s -b 16 out.wav'", path,
			    subtype_name(subtype), path);
		goto fail;
	}
	if (w->info.channels < 1 || w->info.samplerate < 1) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: %d channels at %d Hz", path,
			    w->info.channels, w->info.samplerate);
		goto fail;
	}
	w->channels = (unsigned)w->info.channels;
	w->io_bits = w->file_bits;
	w->tmp = g_new(int32_t, CHUNK_SAMPLES);
	fmt->rate = (unsigned)w->info.samplerate;
	fmt->bits = w->file_bits;
	fmt->channels = w->channels;
	if (frames)
		*frames = w->info.frames > 0 ? (uint64_t)w->info.frames : 0;
	return w;
fail:
	wav_free(w);
	return NULL;
}

void hda_wav_set_output(HdaWav *w, unsigned bits)
{
	w->io_bits = bits;
}

gssize hda_wav_read(void *wav, void *buf, size_t frames, GError **error)
{
	HdaWav *w = wav;
	unsigned fb = hda_format_sample_bytes(w->io_bits) * w->channels;
	size_t done = 0;

	while (done < frames) {
		size_t want = MIN(frames - done, CHUNK_SAMPLES / w->channels);
		/* sf_readf_int gives 32-bit MSB-justified samples whatever the file holds. */
		sf_count_t got = sf_readf_int(w->sf, w->tmp, (sf_count_t)want);

		if (got < 0 || (got == 0 && sf_error(w->sf))) {
			g_set_error(error, SV_ERROR, SV_ERROR_IO, "%s: reading: %s", w->path,
				    sf_strerror(w->sf));
			return -1;
		}
		hda_samples_pack(w->tmp, (uint8_t *)buf + done * fb, (size_t)got * w->channels,
				 w->io_bits);
		done += (size_t)got;
		if ((size_t)got < want)
			break;
	}
	w->frames += done;
	return (gssize)done;
}

HdaWav *hda_wav_open_write(const char *path, const HdaPcmFormat *fmt, GError **error)
{
	HdaWav *w = g_new0(HdaWav, 1);
	int subtype;

	switch (fmt->bits) {
	case 8:
		subtype = SF_FORMAT_PCM_U8;
		break;
	case 16:
		subtype = SF_FORMAT_PCM_16;
		break;
	case 20:
	case 24:
		subtype = SF_FORMAT_PCM_24;
		break;
	case 32:
		subtype = SF_FORMAT_PCM_32;
		break;
	default:
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: %u-bit samples cannot be written",
			    path, fmt->bits);
		g_free(w);
		return NULL;
	}
	w->path = g_strdup(path);
	w->writing = true;
	w->info.samplerate = (int)fmt->rate;
	w->info.channels = (int)fmt->channels;
	w->info.format = SF_FORMAT_WAV | subtype;
	w->channels = fmt->channels;
	w->file_bits = w->io_bits = fmt->bits;
	if (!sf_format_check(&w->info)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL, "%s: WAV cannot hold %u Hz, %u channels",
			    path, fmt->rate, fmt->channels);
		goto fail;
	}
	w->sf = sf_open(path, SFM_WRITE, &w->info);
	if (!w->sf) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "%s: cannot create: %s", path,
			    sf_strerror(NULL));
		goto fail;
	}
	w->tmp = g_new(int32_t, CHUNK_SAMPLES);
	return w;
fail:
	wav_free(w);
	return NULL;
}

gboolean hda_wav_write(void *wav, const void *buf, size_t frames, GError **error)
{
	HdaWav *w = wav;
	unsigned fb = hda_format_sample_bytes(w->io_bits) * w->channels;
	size_t done = 0;

	while (done < frames) {
		size_t n = MIN(frames - done, CHUNK_SAMPLES / w->channels);

		hda_samples_unpack((const uint8_t *)buf + done * fb, w->tmp, n * w->channels,
				   w->io_bits);
		if (sf_writef_int(w->sf, w->tmp, (sf_count_t)n) != (sf_count_t)n) {
			g_set_error(error, SV_ERROR, SV_ERROR_IO, "%s: writing: %s", w->path,
				    sf_strerror(w->sf));
			return FALSE;
		}
		done += n;
	}
	w->frames += frames;
	return TRUE;
}

uint64_t hda_wav_frames(HdaWav *w)
{
	return w->frames;
}

gboolean hda_wav_close(HdaWav *w, GError **error)
{
	gboolean ok = TRUE;

	if (!w)
		return TRUE;
	if (w->writing)
		sf_write_sync(w->sf);
	if (sf_close(w->sf) != 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_IO, "%s: closing: %s", w->path,
			    sf_strerror(NULL));
		ok = FALSE;
	}
	w->sf = NULL;
	wav_free(w);
	return ok;
}
