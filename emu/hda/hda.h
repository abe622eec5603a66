/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/hda/hda.h - the Intel HD Audio controller model of sofvfio-emu
 * (HDA spec rev 1.0a chapter 3; ICH6/ICH9 flavours as QEMU's intel-hda and
 * ich9-intel-hda present them).  It plugs into the vfio-user server as its
 * device: config space, BAR0 registers, CORB/RIRB and immediate commands to
 * the codec models, and the stream DMA engines that play into a WAV file
 * and record from a WAV file or a tone.  See docs/mock.md.
 */
#ifndef SOFVFIO_EMU_HDA_H
#define SOFVFIO_EMU_HDA_H

#include <glib.h>

#include "../server/server.h"

/**
 * struct EmuHdaOptions - what to build.
 * @controller: "ich6" (8086:2668) or "ich9" (8086:293e)
 * @codecs: codec specs (emu/codec/codec.h), codec address 0 first; NULL-terminated
 * @sink: WAV file receiving what output streams play (NULL: discarded)
 * @source: what input streams record: a WAV file or "tone:HZ" (NULL: silence)
 * @fast: move stream data as fast as the driver keeps up instead of in real time
 */
typedef struct {
	const char *controller;
	char **codecs;
	const char *sink;
	const char *source;
	gboolean fast;
} EmuHdaOptions;

typedef struct EmuHda EmuHda;

/**
 * emu_hda_new() - build the controller and attach it to @srv as its device.
 * Return: the model, or NULL with @error set (bad option, codec or file).
 */
EmuHda *emu_hda_new(EmuServer *srv, const EmuHdaOptions *opts, GError **error);

/** emu_hda_free() - stop the streams and finish the WAV file (NULL is fine). */
void emu_hda_free(EmuHda *hda);

#endif
