// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * audio.c - stream formats, the WAV sink and the capture sources.
 * See audio.h.
 */
#define SV_LOG_PREFIX "hda-audio"
#include "sofvfio/log.h"
#include "audio.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define WAV_HEADER 44
#define WAVE_FORMAT_PCM 1
#define WAVE_FORMAT_FLOAT 3
#define WAVE_FORMAT_EXTENSIBLE 0xfffe

gboolean emu_hda_format_decode(uint16_t fmt, EmuHdaPcmFormat *out)
{
	static const unsigned bits[] = { 8, 16, 20, 24, 32 };
	unsigned mult = ((fmt >> 11) & 7) + 1, div = ((fmt >> 8) & 7) + 1, b = (fmt >> 4) & 7;

	if (b >= G_N_ELEMENTS(bits) || mult > 4)
		return FALSE;
	out->rate = ((fmt & (1u << 14)) ? 44100 : 48000) * mult / div;
	out->channels = (fmt & 0xf) + 1;
	out->bits = bits[b];
	out->container = out->bits == 8 ? 1 : out->bits == 16 ? 2 : 4;
	out->frame = out->channels * out->container;
	out->pcm = !(fmt & (1u << 15));
	return TRUE;
}

static void le16(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, v);
	le16(p + 2, v >> 16);
}

static uint32_t rd16(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

/* ---- sink ------------------------------------------------------------------ */

struct EmuHdaSink {
	char *path;
	int fd;
	gboolean have_fmt;
	EmuHdaPcmFormat fmt;
	uint64_t data_bytes;
	gboolean warned_fmt;   /* data in another format was refused (warned once) */
	gboolean warned_full;
};

static gboolean write_header(EmuHdaSink *s)
{
	uint8_t h[WAV_HEADER];
	unsigned ch = s->have_fmt ? s->fmt.channels : 2, rate = s->have_fmt ? s->fmt.rate : 48000;
	unsigned bytes = s->have_fmt ? s->fmt.container : 2;
	uint32_t data = (uint32_t)MIN(s->data_bytes, (uint64_t)G_MAXUINT32 - WAV_HEADER);

	memcpy(h, "RIFF", 4);
	le32(h + 4, WAV_HEADER - 8 + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	le32(h + 16, 16);
	le16(h + 20, WAVE_FORMAT_PCM);
	le16(h + 22, ch);
	le32(h + 24, rate);
	le32(h + 28, rate * ch * bytes);
	le16(h + 32, ch * bytes);
	le16(h + 34, bytes * 8);
	memcpy(h + 36, "data", 4);
	le32(h + 40, data);
	return pwrite(s->fd, h, sizeof(h), 0) == sizeof(h);
}

EmuHdaSink *emu_hda_sink_open(const char *path, GError **error)
{
	EmuHdaSink *s = g_new0(EmuHdaSink, 1);

	s->path = g_strdup(path);
	s->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (s->fd < 0 || !write_header(s)) {
		int err = errno;

		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot create the WAV sink %s: %s", path, g_strerror(err));
		emu_hda_sink_close(s);
		return NULL;
	}
	return s;
}

static gboolean same_format(const EmuHdaPcmFormat *a, const EmuHdaPcmFormat *b)
{
	return a->rate == b->rate && a->channels == b->channels && a->container == b->container;
}

void emu_hda_sink_write(EmuHdaSink *s, const EmuHdaPcmFormat *f, const void *buf, size_t len)
{
	if (!s || !len)
		return;
	if (!s->have_fmt) {
		s->fmt = *f;
		s->have_fmt = TRUE;
		sv_info("WAV sink %s: %u Hz, %u channel(s), %u-bit samples", s->path, f->rate,
			f->channels, f->container * 8);
	} else if (!same_format(&s->fmt, f)) {
		if (!s->warned_fmt)
			sv_warn("WAV sink %s holds %u Hz %u ch %u-bit: dropping data in %u Hz %u ch "
				"%u-bit (one format per file)", s->path, s->fmt.rate, s->fmt.channels,
				s->fmt.container * 8, f->rate, f->channels, f->container * 8);
		s->warned_fmt = TRUE;
		return;
	}
	if (s->data_bytes + len > (uint64_t)G_MAXUINT32 - WAV_HEADER) {
		if (!s->warned_full)
			sv_warn("WAV sink %s is full (4 GiB): dropping further data", s->path);
		s->warned_full = TRUE;
		return;
	}
	if (pwrite(s->fd, buf, len, WAV_HEADER + s->data_bytes) != (ssize_t)len) {
		sv_warn("writing the WAV sink %s: %s", s->path, g_strerror(errno));
		return;
	}
	s->data_bytes += len;
	/* Sizes always valid: the file is usable even if we are killed. */
	write_header(s);
}

uint64_t emu_hda_sink_frames(EmuHdaSink *s)
{
	return s && s->have_fmt ? s->data_bytes / s->fmt.frame : 0;
}

void emu_hda_sink_close(EmuHdaSink *s)
{
	if (!s)
		return;
	if (s->fd >= 0) {
		write_header(s);
		close(s->fd);
	}
	g_free(s->path);
	g_free(s);
}

/* ---- sources ----------------------------------------------------------------- */

struct EmuHdaSource {
	double tone_hz;      /* > 0: a sine at this frequency, -6 dBFS */
	float *samples;      /* else a WAV file, decoded to floats, interleaved */
	unsigned channels, rate;
	uint64_t frames;
	char *name;
};

static float sample_at(const uint8_t *p, unsigned fmt_tag, unsigned bits)
{
	if (fmt_tag == WAVE_FORMAT_FLOAT) {
		float f;
		uint32_t u = rd32(p);

		memcpy(&f, &u, sizeof(f));
		return f;
	}
	switch (bits) {
	case 8:
		return (p[0] - 128) / 128.0f;
	case 16:
		return (int16_t)rd16(p) / 32768.0f;
	case 24:
		return (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) /
		       2147483648.0f;
	default:
		return (int32_t)rd32(p) / 2147483648.0f;
	}
}

static EmuHdaSource *load_wav(const char *path, GError **error)
{
	g_autofree uint8_t *data = NULL;
	const uint8_t *fmt = NULL, *pcm = NULL;
	size_t len, pcm_len = 0;
	unsigned tag, ch, rate, bits, bytes;
	EmuHdaSource *src;

	if (!g_file_get_contents(path, (char **)&data, &len, error))
		return NULL;
	if (len < 12 || memcmp(data, "RIFF", 4) || memcmp(data + 8, "WAVE", 4))
		goto bad;
	for (size_t off = 12; off + 8 <= len;) {
		uint32_t sz = rd32(data + off + 4);

		if (sz > len - off - 8)
			sz = len - off - 8; /* a truncated last chunk: take what is there */
		if (!memcmp(data + off, "fmt ", 4) && sz >= 16)
			fmt = data + off + 8;
		else if (!memcmp(data + off, "data", 4)) {
			pcm = data + off + 8;
			pcm_len = sz;
		}
		off += 8 + sz + (sz & 1);
	}
	if (!fmt || !pcm)
		goto bad;
	tag = rd16(fmt);
	ch = rd16(fmt + 2);
	rate = rd32(fmt + 4);
	bits = rd16(fmt + 14);
	if (tag == WAVE_FORMAT_EXTENSIBLE && rd16(fmt + 16) >= 22)
		tag = rd16(fmt + 24); /* the sub-format GUID starts with the format tag */
	if (!ch || ch > 16 || !rate || (tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_FLOAT) ||
	    (tag == WAVE_FORMAT_PCM && bits != 8 && bits != 16 && bits != 24 && bits != 32) ||
	    (tag == WAVE_FORMAT_FLOAT && bits != 32)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "%s: unsupported WAV format (tag %u, %u channels, %u bits): use PCM "
			    "8/16/24/32 or float 32", path, tag, ch, bits);
		return NULL;
	}
	bytes = bits / 8;
	src = g_new0(EmuHdaSource, 1);
	src->channels = ch;
	src->rate = rate;
	src->frames = pcm_len / (bytes * ch);
	src->samples = g_new(float, src->frames * ch + 1);
	for (uint64_t i = 0; i < src->frames * ch; i++)
		src->samples[i] = sample_at(pcm + i * bytes, tag, bits);
	src->name = g_strdup(path);
	sv_info("capture source %s: %" G_GUINT64_FORMAT " frames, %u Hz, %u channel(s)", path,
		src->frames, rate, ch);
	return src;
bad:
	g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is not a WAV file", path);
	return NULL;
}

EmuHdaSource *emu_hda_source_new(const char *spec, GError **error)
{
	EmuHdaSource *src;
	char *end;
	double hz;

	if (!spec)
		return NULL;
	if (!g_str_has_prefix(spec, "tone:"))
		return load_wav(spec, error);
	hz = g_ascii_strtod(spec + 5, &end);
	if (end == spec + 5 || *end || !(hz > 0) || hz > 96000) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "bad --source %s: expected tone:HZ with 0 < HZ <= 96000", spec);
		return NULL;
	}
	src = g_new0(EmuHdaSource, 1);
	src->tone_hz = hz;
	src->name = g_strdup(spec);
	return src;
}

void emu_hda_source_free(EmuHdaSource *src)
{
	if (!src)
		return;
	g_free(src->samples);
	g_free(src->name);
	g_free(src);
}

void emu_hda_source_cursor_reset(EmuHdaSourceCursor *cur)
{
	cur->frame = 0;
	cur->stage_len = cur->stage_pos = 0;
	cur->warned = FALSE;
}

static void put_sample(uint8_t *p, const EmuHdaPcmFormat *f, double v)
{
	uint32_t u;

	v = CLAMP(v, -1.0, 1.0);
	switch (f->container) {
	case 1:
		p[0] = (uint8_t)lround(v * 127.0 + 128.0);
		return;
	case 2:
		le16(p, (uint16_t)(int16_t)lround(v * 32767.0));
		return;
	default:
		u = (uint32_t)(int32_t)llround(CLAMP(v * 2147483648.0, -2147483648.0, 2147483647.0));
		/* Left-justified: the bits below the significant ones read 0. */
		if (f->bits < 32)
			u &= ~((1u << (32 - f->bits)) - 1);
		le32(p, u);
		return;
	}
}

static double source_value(EmuHdaSource *src, EmuHdaSourceCursor *cur, const EmuHdaPcmFormat *f,
			   unsigned ch)
{
	uint64_t i;

	if (src->tone_hz > 0)
		return 0.5 * sin(2 * G_PI * src->tone_hz * (double)cur->frame / f->rate);
	if (cur->frame >= src->frames)
		return 0.0;
	if (src->rate != f->rate && !cur->warned) {
		sv_warn("capture source %s is %u Hz, the stream runs at %u Hz: not resampled",
			src->name, src->rate, f->rate);
		cur->warned = TRUE;
	}
	i = cur->frame * src->channels + ch % src->channels;
	return src->samples[i];
}

static void stage_refill(EmuHdaSource *src, EmuHdaSourceCursor *cur, const EmuHdaPcmFormat *f)
{
	unsigned n = sizeof(cur->stage) / f->frame;

	for (unsigned i = 0; i < n; i++, cur->frame++)
		for (unsigned c = 0; c < f->channels; c++)
			put_sample(cur->stage + i * f->frame + c * f->container, f,
				   src ? source_value(src, cur, f, c) : 0.0);
	cur->stage_len = n * f->frame;
	cur->stage_pos = 0;
}

void emu_hda_source_read(EmuHdaSource *src, EmuHdaSourceCursor *cur, const EmuHdaPcmFormat *f, uint8_t *out,
		     size_t len)
{
	if (!src || !f->pcm) {
		/* Silence: 0x80 for unsigned 8-bit samples, 0 otherwise. */
		memset(out, f->pcm && f->container == 1 ? 0x80 : 0, len);
		return;
	}
	while (len) {
		size_t n;

		if (cur->stage_pos >= cur->stage_len)
			stage_refill(src, cur, f);
		n = MIN(len, (size_t)(cur->stage_len - cur->stage_pos));
		memcpy(out, cur->stage + cur->stage_pos, n);
		cur->stage_pos += n;
		out += n;
		len -= n;
	}
}
