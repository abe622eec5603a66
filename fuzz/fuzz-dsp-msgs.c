// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-dsp-msgs.c - what the SOF DSP writes that the driver decodes
 * (driver/dsp): FW_READY with its extended records and the mailboxes its
 * windows give, an oops, the dma-trace stream with a .ldc dictionary, and
 * an IPC reply header.  Input: a selector byte, then the bytes (for the
 * trace: a 32-bit dictionary length, the dictionary, then the trace).
 */
#include "fuzz.h"
#include "sofvfio/dsp.h"
#include "dsp-internal.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	devnull = fopen("/dev/null", "w");
	return 0;
}

static void fw_ready(const uint8_t *p, size_t len)
{
	g_autoptr(GError) err = NULL, merr = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	SvDspFwReady fw;
	SvDspMailboxes mb;

	if (!sv_dsp_fw_ready_parse(p, len, &fw, &err)) {
		if (!err)
			abort();
		return;
	}
	if (fw.n_windows > SV_DSP_IMAGE_MAX_WINDOWS || fw.n_ext > G_N_ELEMENTS(fw.ext_types))
		abort();
	sv_dsp_fw_ready_print(&fw, devnull);
	json_builder_begin_object(b);
	sv_dsp_fw_ready_to_json(&fw, b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	/* The mailboxes must lie inside BAR4 (cAVS: 1 MiB, 2 MiB on some parts). */
	for (uint64_t bar4 = 1u << 20; bar4 <= 2u << 20; bar4 <<= 1) {
		g_clear_error(&merr);
		if (!sv_dsp_mailboxes_from_windows(fw.windows, fw.n_windows, bar4, &mb, &merr)) {
			if (!merr)
				abort();
			continue;
		}
		if (!mb.dspbox_size || !mb.hostbox_size ||
		    (uint64_t)mb.dspbox + mb.dspbox_size > bar4 ||
		    (uint64_t)mb.hostbox + mb.hostbox_size > bar4 ||
		    (uint64_t)mb.exception + mb.exception_size > bar4 ||
		    (uint64_t)mb.stream + mb.stream_size > bar4 ||
		    (uint64_t)mb.debug + mb.debug_size > bar4)
			abort();
	}
}

static void oops(const uint8_t *p, size_t len)
{
	FuzzInput in = { p, len };
	uint32_t message = fuzz_u32(&in);
	g_autoptr(GError) err = NULL;
	SvDspOops o;

	if (!sv_dsp_oops_parse(in.p, in.left, message, &o, &err)) {
		if (!err)
			abort();
		return;
	}
	if (o.filename[32])
		abort();
	g_free(sv_dsp_oops_describe(&o));
}

static void trace(const uint8_t *p, size_t len)
{
	FuzzInput in = { p, len };
	uint32_t ldc_len = fuzz_u32(&in);
	g_autoptr(GError) err = NULL;
	g_autoptr(GArray) recs = NULL;
	const uint8_t *ldc;
	size_t got;

	ldc = fuzz_bytes(&in, ldc_len, &got);
	recs = sv_dsp_trace_decode(in.p, in.left, ldc_len ? ldc : NULL, got, &err);
	if (!recs) {
		if (!err)
			abort();
		return;
	}
	for (guint i = 0; i < recs->len; i++) {
		const SvDspTraceRecord *r = &g_array_index(recs, SvDspTraceRecord, i);

		if (r->n_params > G_N_ELEMENTS(r->params))
			abort();
		g_free(sv_dsp_trace_record_format(r));
	}
}

static void ipc_reply(const uint8_t *p, size_t len)
{
	FuzzInput in = { p, len };
	uint32_t rh[3] = { fuzz_u32(&in), fuzz_u32(&in), fuzz_u32(&in) };
	size_t reply_size = fuzz_u16(&in) % (SV_IPC_MSG_MAX + 1);
	g_autoptr(GError) err = NULL;
	gboolean ok = dsp_ipc_reply_check("fuzz", "GLB_DEBUG", rh, reply_size, &err);

	if (ok == (err != NULL) || (ok && (rh[0] > reply_size || (int32_t)rh[2] < 0)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	switch (data[0] % 4) {
	case 0:
		fw_ready(data + 1, size - 1);
		break;
	case 1:
		oops(data + 1, size - 1);
		break;
	case 2:
		trace(data + 1, size - 1);
		break;
	case 3:
		ipc_reply(data + 1, size - 1);
		break;
	}
	return 0;
}
