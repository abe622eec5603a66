/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * codec-dump.h - between the dump file reader (codec-dump-file.c: sections,
 * alsa-info wrappers, init_pin_configs) and the section parser
 * (codec-dump-parse.c: the lines of one "Codec:" section).
 *
 * Internal to emu/codec.
 */
#ifndef SOFVFIO_EMU_CODEC_DUMP_H
#define SOFVFIO_EMU_CODEC_DUMP_H

#include "codec-model.h"

#define EMU_CODEC_LOG_DOMAIN "emu-codec"

/**
 * emu_codec_dump_parse() - build a codec from the @n lines of one section
 * (@lines[0] is its "Codec:" line, line number @first_line in @path).
 * Never fails: lines that cannot be understood are counted as warnings.
 * @address: the section's "Address:" (codec address on the link), or -1.
 */
EmuCodec *emu_codec_dump_parse(char *const *lines, unsigned n, const char *path,
			       unsigned first_line, int *address);

/** emu_codec_dump_warn() - count a warning on @c, keep the first one's text. */
void emu_codec_dump_warn(EmuCodec *c, const char *path, unsigned line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

#endif
