/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hda-flows.h - the four things a user does with the HDA driver, each from
 * an open device to a closed controller: bring-up, enumeration, a short
 * playback, a short capture.  Shared by the fault-injection tests
 * (device/test-faults.c) and the hostile-device fuzzer (fuzz/).
 */
#ifndef SOFVFIO_QTEST_HDA_FLOWS_H
#define SOFVFIO_QTEST_HDA_FLOWS_H

#include "sofvfio/device.h"
#include "sofvfio/hda.h"

typedef enum {
	HDA_FLOW_BRINGUP,   /* hda_controller_open(), close */
	HDA_FLOW_ENUMERATE, /* and every codec of the codec mask enumerated */
	HDA_FLOW_PLAY,      /* and @frames frames of a tone played */
	HDA_FLOW_RECORD,    /* and @frames frames captured */
	HDA_N_FLOWS,
} HdaFlow;

/** hda_flow_name() - "bring-up", "enumeration", "play", "record". */
const char *hda_flow_name(HdaFlow flow);

/**
 * hda_flow_run() - run @flow on @dev (not closed here) with @opts (NULL:
 * defaults) and @frames frames of audio at 48 kHz, 16-bit stereo.
 * Return: FALSE with @error from the first step that failed; everything
 * the flow set up is torn down either way.
 */
gboolean hda_flow_run(SvDevice *dev, HdaFlow flow, const HdaOptions *opts, unsigned frames,
		      GError **error);

/**
 * hda_flow_run_hooked() - hda_flow_run(), calling @before_close(@data) once
 * the flow's work is done (successfully or not), just before its teardown
 * (the stream's, else the controller's) begins: where a test marks the
 * boundary between work and teardown.
 */
gboolean hda_flow_run_hooked(SvDevice *dev, HdaFlow flow, const HdaOptions *opts,
			     unsigned frames, void (*before_close)(void *data), void *data,
			     GError **error);

#endif
