/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/codec/codec.h - the codec models of sofvfio-emu, as the controller
 * model (emu/hda) sees them.
 */
#ifndef SOFVFIO_EMU_CODEC_H
#define SOFVFIO_EMU_CODEC_H

#include <glib.h>
#include <stdint.h>

typedef struct EmuCodec EmuCodec;
EmuCodec *emu_codec_new(const char *spec, GError **error); /* "hda-duplex" | "hda-micro" | "hda-output" | "dump:FILE" | "dump:FILE#N" */
void emu_codec_free(EmuCodec *codec);
/* Execute one verb addressed to this codec (the 32-bit command with the CAd field ignored); returns TRUE and sets *response when the codec answers (real codecs answer every verb to an existing NID; unknown NIDs get no response: FALSE). */
gboolean emu_codec_verb(EmuCodec *codec, uint32_t verb, uint32_t *response);
/* The converter (DAC/ADC) currently bound to @stream_tag (SET_CHANNEL_STREAMID) in direction @output; returns its NID or 0, and its stream format (SET_STREAM_FORMAT). */
unsigned emu_codec_stream_converter(EmuCodec *codec, unsigned stream_tag, gboolean output, uint16_t *format);
/* Codec vendor id, for logs. */
uint32_t emu_codec_vendor_id(EmuCodec *codec);

/*
 * Additions of emu/codec (models, dump parser); the declarations above are
 * the controller model's contract and stay as they are.
 *
 * Specs: "hda-duplex", "hda-micro", "hda-output" are QEMU 7.2's codecs of
 * those names (hw/audio/hda-codec.c with its default mixer=on), answering
 * every verb as QEMU does.  "dump:FILE" loads a Linux codec dump
 * (/proc/asound/cardN/codec#M text, bare or inside alsa-info output);
 * "dump:FILE#N" takes the N-th (0-based) "Codec:" section of the file.
 * See emu/codec/README.md for what is modelled and the decisions taken.
 */

/**
 * struct EmuCodecInfo - what a model holds, and for a dump how it was read.
 * @name: the "Codec:" line (dump) or the built-in model's name
 * @address: the dump's "Address:" (codec address on its link), -1 if none
 * @nodes: widget nodes under the audio function group
 * @afg: NID of the audio function group, 0 when there is none
 * @mfg: NID of the modem function group, 0 when there is none
 * @sections: "Codec:" sections in the dump file (0 for built-in models)
 * @section: the section loaded
 * @lines: lines of the section that were read
 * @warnings: lines that could not be understood (skipped)
 * @first_warning: the first of them with its line number, or NULL
 * @init_pins: pins an init_pin_configs block of the file gives a value for
 * @init_pins_differ: how many of those values differ from the dump's own
 *                    "Pin Default" line (GET_CONFIG_DEFAULT answers the
 *                    init_pin_configs value, the codec's power-on value,
 *                    unless EMU_CODEC_PINS_AS_DUMPED)
 */
typedef struct {
	const char *name;
	int address;
	unsigned nodes;
	unsigned afg, mfg;
	unsigned sections, section;
	unsigned lines;
	unsigned warnings;
	const char *first_warning;
	unsigned init_pins, init_pins_differ;
} EmuCodecInfo;

/**
 * enum EmuCodecFlags - how emu_codec_new_full() builds a model.
 * @EMU_CODEC_PINS_AS_DUMPED: GET_CONFIG_DEFAULT answers the dump's own
 *   "Pin Default" values even when the file has init_pin_configs (by
 *   default the init_pin_configs values win: the codec's power-on values,
 *   which old kernels overwrote before the dump was taken)
 */
typedef enum {
	EMU_CODEC_PINS_AS_DUMPED = 1 << 0,
} EmuCodecFlags;

/** emu_codec_new_full() - emu_codec_new() with EmuCodecFlags. */
EmuCodec *emu_codec_new_full(const char *spec, unsigned flags, GError **error);

/** emu_codec_info() - fill @info about @codec (strings owned by @codec). */
void emu_codec_info(EmuCodec *codec, EmuCodecInfo *info);

/**
 * emu_codec_dump_sections() - how many "Codec:" sections the dump @path has
 * (0 is not an error here); -1 and @error when the file cannot be read.
 */
int emu_codec_dump_sections(const char *path, GError **error);

/**
 * typedef EmuCodecDump - a codec dump file read once, to build several of
 * its codecs (emu_codec_new() of "dump:FILE#N" reads FILE each time).
 */
typedef struct EmuCodecDump EmuCodecDump;

/** emu_codec_dump_open() - read and scan the dump @path; NULL and @error if unreadable. */
EmuCodecDump *emu_codec_dump_open(const char *path, GError **error);

/** emu_codec_dump_count() - how many "Codec:" sections @dump has (may be 0). */
unsigned emu_codec_dump_count(const EmuCodecDump *dump);

/**
 * emu_codec_dump_codec() - the model of section @index of @dump, as
 * emu_codec_new_full() of "dump:FILE#@index" with @flags builds it; NULL
 * and @error when there is no such section.
 */
EmuCodec *emu_codec_dump_codec(EmuCodecDump *dump, int index, unsigned flags, GError **error);

/** emu_codec_dump_close() - release @dump (NULL is fine); its codecs stay valid. */
void emu_codec_dump_close(EmuCodecDump *dump);

/**
 * emu_codec_proc_text() - @codec printed as Linux prints a codec's proc
 * file (/proc/asound/cardN/codec#M, kernel 6.x), read through verbs only;
 * @address is the address to print, @dump_coef adds the processing
 * coefficients.  Lines that come from the kernel driver, not the codec
 * (Control:, Device:, In-driver Connection:) are not printed.  g_free().
 */
char *emu_codec_proc_text(EmuCodec *codec, int address, gboolean dump_coef);

/**
 * emu_codec_set_pin_sense() - what GET_PIN_SENSE answers for pin @nid from
 * now on (bit 31 presence detect, bit 30 ELD valid for HDMI pins); FALSE
 * when @nid is not a node of @codec.
 */
gboolean emu_codec_set_pin_sense(EmuCodec *codec, unsigned nid, uint32_t sense);

#endif
