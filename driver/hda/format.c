// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * format.c - PCM formats: the stream format word (HDA spec 3.7.1) and what
 * a converter supports (PCM size/rate parameter 7.3.4.7, stream formats
 * 7.3.4.8, channel count 7.3.4.6).
 */
#define SV_LOG_PREFIX "hda-format"
#include "sofvfio/hda-stream.h"
#include "sofvfio/log.h"

/*
 * The rates of the PCM parameter, bit by bit, and how the format word
 * expresses each: base 48 or 44.1 kHz, multiplier, divisor.
 */
static const struct {
	unsigned rate;
	bool base44;
	unsigned mult, div;
} rates[HDA_N_RATES] = {
	{ 8000, false, 1, 6 },   { 11025, true, 1, 4 },  { 16000, false, 1, 3 },
	{ 22050, true, 1, 2 },   { 32000, false, 2, 3 }, { 44100, true, 1, 1 },
	{ 48000, false, 1, 1 },  { 88200, true, 2, 1 },  { 96000, false, 2, 1 },
	{ 176400, true, 4, 1 },  { 192000, false, 4, 1 }, { 384000, false, 8, 1 },
};

/* Bits per sample: format word code (3.7.1) and PCM parameter bit (7.3.4.7). */
static const struct {
	unsigned bits;
	unsigned code;
	uint32_t pcm_bit;
	unsigned bytes;
} widths[] = {
	{ 8, HDA_FMT_BITS_8, AC_SUPPCM_BITS_8, 1 },
	{ 16, HDA_FMT_BITS_16, AC_SUPPCM_BITS_16, 2 },
	{ 20, HDA_FMT_BITS_20, AC_SUPPCM_BITS_20, 4 },
	{ 24, HDA_FMT_BITS_24, AC_SUPPCM_BITS_24, 4 },
	{ 32, HDA_FMT_BITS_32, AC_SUPPCM_BITS_32, 4 },
};

const char *hda_stream_dir_name(HdaStreamDir dir)
{
	return dir == HDA_STREAM_INPUT ? "input" : "output";
}

unsigned hda_rate_from_index(unsigned i)
{
	return i < HDA_N_RATES ? rates[i].rate : 0;
}

int hda_rate_index(unsigned rate)
{
	for (unsigned i = 0; i < HDA_N_RATES; i++)
		if (rates[i].rate == rate)
			return (int)i;
	return -1;
}

uint32_t hda_bits_pcm_bit(unsigned bits)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (widths[i].bits == bits)
			return widths[i].pcm_bit;
	return 0;
}

unsigned hda_format_sample_bytes(unsigned bits)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (widths[i].bits == bits)
			return widths[i].bytes;
	return 0;
}

unsigned hda_format_frame_bytes(const HdaPcmFormat *fmt)
{
	return hda_format_sample_bytes(fmt->bits) * fmt->channels;
}

unsigned hda_format_byte_rate(const HdaPcmFormat *fmt)
{
	return hda_format_frame_bytes(fmt) * fmt->rate;
}

gboolean hda_format_encode(const HdaPcmFormat *fmt, uint16_t *word, GError **error)
{
	int ri = hda_rate_index(fmt->rate);
	unsigned code = 0;
	bool found = false;

	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (widths[i].bits == fmt->bits) {
			code = widths[i].code;
			found = true;
		}
	if (ri < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%u Hz is not an HD Audio rate (8000 11025 16000 22050 32000 44100 "
			    "48000 88200 96000 176400 192000 384000)", fmt->rate);
		return FALSE;
	}
	if (!found) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%u bit samples do not exist in HD Audio (8, 16, 20, 24 or 32)",
			    fmt->bits);
		return FALSE;
	}
	if (fmt->channels < 1 || fmt->channels > HDA_MAX_CHANNELS) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%u channels: an HD Audio stream has 1 to %u", fmt->channels,
			    HDA_MAX_CHANNELS);
		return FALSE;
	}
	*word = (uint16_t)((rates[ri].base44 ? HDA_FMT_BASE_44K : 0) |
			   HDA_FMT_MULT(rates[ri].mult - 1) | HDA_FMT_DIV(rates[ri].div - 1) |
			   HDA_FMT_BITS(code) | HDA_FMT_CHAN(fmt->channels - 1));
	return TRUE;
}

gboolean hda_format_decode(uint16_t word, HdaPcmFormat *fmt, GError **error)
{
	unsigned base = (word & HDA_FMT_BASE_44K) ? 44100 : 48000;
	unsigned mult = ((word >> 11) & 7) + 1, div = ((word >> 8) & 7) + 1;
	unsigned code = (word >> 4) & 7;

	if (word & HDA_FMT_NON_PCM) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "format 0x%04x is non-PCM", word);
		return FALSE;
	}
	/* Multipliers x5..x7 are reserved; x8 (code 7) is what 384 kHz uses. */
	if (mult >= 5 && mult <= 7) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "format 0x%04x uses a reserved multiplier", word);
		return FALSE;
	}
	if ((base * mult) % div) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "format 0x%04x: %u * %u / %u Hz is not a whole rate", word, base, mult,
			    div);
		return FALSE;
	}
	fmt->rate = base * mult / div;
	fmt->channels = (word & 0xf) + 1u;
	fmt->bits = 0;
	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (widths[i].code == code)
			fmt->bits = widths[i].bits;
	if (!fmt->bits) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "format 0x%04x: reserved bits code %u", word, code);
		return FALSE;
	}
	return TRUE;
}

char *hda_format_to_string(const HdaPcmFormat *fmt)
{
	return g_strdup_printf("%u Hz, %u bit, %u channel%s", fmt->rate, fmt->bits,
			       fmt->channels, fmt->channels == 1 ? "" : "s");
}

unsigned hda_converter_channels(uint32_t wcaps)
{
	/* 7.3.4.6: channel count = (ChanCountExt << 1 | Stereo) + 1. */
	return ((AC_WCAP_CHAN_CNT_EXT(wcaps) << 1) | (wcaps & AC_WCAP_STEREO)) + 1;
}

gboolean hda_format_supported(uint32_t pcm, uint32_t stream, unsigned max_channels,
			      const HdaPcmFormat *fmt)
{
	int ri = hda_rate_index(fmt->rate);
	uint32_t bit = hda_bits_pcm_bit(fmt->bits);

	if (!(stream & AC_SUPFMT_PCM) || ri < 0 || !bit)
		return FALSE;
	return (pcm & (1u << ri)) && (pcm & bit) && fmt->channels >= 1 &&
	       fmt->channels <= MIN(max_channels, HDA_MAX_CHANNELS);
}

static void append_caps(GString *s, uint32_t pcm, uint32_t stream, unsigned max_channels)
{
	unsigned n = 0;

	if (!(stream & AC_SUPFMT_PCM)) {
		g_string_append_printf(s, "no integer PCM (stream formats 0x%x)", stream);
		return;
	}
	for (unsigned i = 0; i < HDA_N_RATES; i++)
		if (pcm & (1u << i))
			g_string_append_printf(s, "%s%u", n++ ? " " : "", rates[i].rate);
	g_string_append(s, n ? " Hz, " : "no rates, ");
	n = 0;
	for (unsigned i = 0; i < G_N_ELEMENTS(widths); i++)
		if (pcm & widths[i].pcm_bit)
			g_string_append_printf(s, "%s%u", n++ ? "/" : "", widths[i].bits);
	g_string_append(s, n ? " bit, " : "no sample sizes, ");
	max_channels = MIN(max_channels, HDA_MAX_CHANNELS);
	if (max_channels <= 1)
		g_string_append(s, "1 channel");
	else
		g_string_append_printf(s, "1-%u channels", max_channels);
}

char *hda_format_caps_string(uint32_t pcm, uint32_t stream, unsigned max_channels)
{
	GString *s = g_string_new(NULL);

	append_caps(s, pcm, stream, max_channels);
	return g_string_free(s, FALSE);
}

gboolean hda_format_check(uint32_t pcm, uint32_t stream, unsigned max_channels, const char *what,
			  const HdaPcmFormat *fmt, GError **error)
{
	g_autoptr(GString) bad = g_string_new(NULL);
	g_autofree char *caps = NULL;
	int ri = hda_rate_index(fmt->rate);
	uint32_t bit = hda_bits_pcm_bit(fmt->bits);
	uint16_t word;

	if (hda_format_supported(pcm, stream, max_channels, fmt))
		return TRUE;
	/* Name every part of the request that does not fit. */
	if (ri < 0 || !(pcm & (1u << ri)))
		g_string_append_printf(bad, "%u Hz", fmt->rate);
	if (!bit || !(pcm & bit))
		g_string_append_printf(bad, "%s%u bit", bad->len ? ", " : "", fmt->bits);
	if (fmt->channels < 1 || fmt->channels > MIN(max_channels, HDA_MAX_CHANNELS))
		g_string_append_printf(bad, "%s%u channels", bad->len ? ", " : "",
				       fmt->channels);
	if (!bad->len)
		g_string_append(bad, "integer PCM");
	caps = hda_format_caps_string(pcm, stream, max_channels);
	/* A format HDA cannot even encode says so too. */
	if (!hda_format_encode(fmt, &word, NULL))
		g_string_append(bad, " (not expressible in an HDA stream format)");
	g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED, "%s supports %s: %s requested", what,
		    caps, bad->str);
	return FALSE;
}
