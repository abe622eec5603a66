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

/**
 * struct EmuHdaDspOps - an audio DSP behind the controller (emu/dsp: cAVS).
 * The controller hands it what it does not decode itself, and the streams
 * the driver gave it with PPCTL.PROCEN.
 * @bar0_claims: TRUE when the BAR0 byte at @offset is the DSP's (its LLCH
 *               capability list, vendor registers); the whole access goes there
 * @bar0_read: a claimed BAR0 access (@width 1, 2 or 4)
 * @bar0_write: the write counterpart (not called while the controller is in reset)
 * @bar_read: an access to another BAR than 0 (the DSP's BAR4); 0 or an errno
 * @bar_write: the write counterpart
 * @owns_stream: TRUE while stream @n (0..ISS+OSS-1) is the DSP's: its data goes
 *               to the DSP (output) or comes from it (input), not to the codecs
 * @stream_avail: bytes the DSP takes from (output) or gives to (input) stream @n now
 * @stream_data: output stream @n delivers @len bytes, or input stream @n wants
 *               @len bytes in @buf (at most what @stream_avail said)
 * @stream_run: stream @n starts (@running TRUE) or stops (RUN, SRST)
 * @irq: the DSP's interrupt towards INTSTS.GIS
 * @next_event: microseconds until the DSP's next timed event, -1 for none
 * @tick: time passed (the server's pacing timer)
 * @reset: @function TRUE: function-level reset; FALSE: controller reset (GCTL.CRST)
 */
typedef struct {
	gboolean (*bar0_claims)(void *dsp, uint32_t offset);
	uint32_t (*bar0_read)(void *dsp, uint32_t offset, unsigned width);
	void (*bar0_write)(void *dsp, uint32_t offset, unsigned width, uint32_t val);
	int (*bar_read)(void *dsp, unsigned bar, uint64_t offset, unsigned width, uint32_t *val);
	int (*bar_write)(void *dsp, unsigned bar, uint64_t offset, unsigned width, uint32_t val);
	gboolean (*owns_stream)(void *dsp, unsigned n);
	size_t (*stream_avail)(void *dsp, unsigned n);
	void (*stream_data)(void *dsp, unsigned n, uint8_t *buf, size_t len);
	void (*stream_run)(void *dsp, unsigned n, gboolean running);
	gboolean (*irq)(void *dsp);
	int64_t (*next_event)(void *dsp, int64_t now_us);
	void (*tick)(void *dsp, int64_t now_us);
	void (*reset)(void *dsp, gboolean function);
} EmuHdaDspOps;

/** emu_hda_attach_dsp() - put a DSP behind the controller (before the first client). */
void emu_hda_attach_dsp(EmuHda *hda, const EmuHdaDspOps *ops, void *dsp);

/**
 * struct EmuHdaStreamState - what a DSP sees of a stream descriptor.
 * @output: an output (playback) stream
 * @tag: SDnCTL.STRM (0: none)
 * @running: SDnCTL.RUN and out of reset
 */
typedef struct {
	gboolean output;
	unsigned tag;
	gboolean running;
} EmuHdaStreamState;

/** emu_hda_num_streams() - stream descriptors: input ones (@iss) first, then output ones. */
unsigned emu_hda_num_streams(EmuHda *hda, unsigned *iss);
/** emu_hda_stream_state() - stream @n's state; FALSE when there is no stream @n. */
gboolean emu_hda_stream_state(EmuHda *hda, unsigned n, EmuHdaStreamState *st);
/** emu_hda_dsp_changed() - the DSP's interrupt, timing or stream needs changed. */
void emu_hda_dsp_changed(EmuHda *hda);

#endif
