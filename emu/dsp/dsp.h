/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * emu/dsp/dsp.h - the SOF audio DSP (Intel cAVS) behind the mock's HDA
 * controller: the PCI identity of the part, the LLCH capabilities in BAR0,
 * BAR4 (core power, IPC, SRAM windows), the ROM that takes the firmware
 * through a code-loader stream and checks it, and an IPC3 firmware that
 * answers the messages that need no topology.  Written from
 * /work/shared/reference/sof-dsp.md and the public Linux/SOF/rimage sources,
 * on its own: it shares no register definition with the driver.  See
 * docs/dsp-model.md.
 */
#ifndef SOFVFIO_EMU_DSP_H
#define SOFVFIO_EMU_DSP_H

#include <glib.h>

#include "../hda/hda.h"
#include "../server/server.h"

/**
 * struct EmuDspOptions - what to build.
 * @part: "cnl", "apl" or "tgl"
 * @fault: a --dsp-fault KIND[=VALUE] to inject, NULL for none
 * @logs_dir: where the firmware's log dictionaries (.ldc) are, NULL for
 *            EMU_DSP_LOGS_DIR
 */
typedef struct {
	const char *part;
	const char *fault;
	const char *logs_dir;
} EmuDspOptions;

#define EMU_DSP_LOGS_DIR "/lib/firmware/intel/sof"

typedef struct EmuDsp EmuDsp;

/**
 * emu_dsp_new() - put the DSP of @opts->part behind @hda: the function takes
 * the part's PCI identity (vendor/device, class 0x040100) and BAR4.
 * Return: the model, or NULL with @error set (unknown part or fault).
 */
EmuDsp *emu_dsp_new(EmuServer *srv, EmuHda *hda, const EmuDspOptions *opts, GError **error);

/** emu_dsp_free() - NULL is fine. */
void emu_dsp_free(EmuDsp *dsp);

#endif
