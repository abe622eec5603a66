// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * msgs.c - the IPC3 messages that need no topology (include/sound/sof/
 * header.h, pm.h, debug.h): GLB_REPLY as a ping, PM_CORE_ENABLE
 * (sof_ipc_pm_core_config), PM_CTX_SAVE (sof_ipc_pm_ctx), DEBUG MEM_USAGE
 * (sof_ipc_dbg_mem_usage).  PM_GATE is in ipc.c (compact form).
 */
#include "dsp-internal.h"

#include <string.h>

static gboolean simple(SvDsp *d, const uint32_t *msg, size_t size, GError **error)
{
	uint32_t reply[3];

	return sv_dsp_ipc_tx(d, msg, size, reply, sizeof(reply), NULL, error);
}

gboolean sv_dsp_ping(SvDsp *d, GError **error)
{
	uint32_t msg[2] = { GUINT32_TO_LE(8), GUINT32_TO_LE(SV_IPC_GLB_REPLY) };

	return simple(d, msg, sizeof(msg), error);
}

/*
 * Linux hda_dsp_core_get() / hda_dsp_enable_core(): the cores the host
 * manages are powered up and run by the host before the firmware is told
 * (the firmware powers only the others, e.g. TGL's cores 1-3); cores leaving
 * the mask are powered down after it.  The primary core stays on.
 */
gboolean sv_dsp_pm_core_enable(SvDsp *d, uint32_t mask, GError **error)
{
	const SvDspGen *g = d->gen;
	uint32_t want = (mask | g->init_core_mask) & ((1u << g->cores) - 1);
	uint32_t up = want & g->host_managed_cores & ~d->enabled_cores;
	uint32_t down = d->enabled_cores & g->host_managed_cores & ~want;
	uint32_t msg[3] = { GUINT32_TO_LE(12), GUINT32_TO_LE(SV_IPC_PM_CORE_ENABLE),
			    GUINT32_TO_LE(want) };
	GError *err = NULL;

	if (mask & ~((1u << g->cores) - 1)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "core mask 0x%x: a %s DSP has %u cores", mask, g->name, g->cores);
		return FALSE;
	}
	if (up && (!dsp_core_power_up(d, up, &err) || !dsp_core_run(d, up, &err))) {
		dsp_core_reset_power_down(d, up, NULL);
		g_propagate_prefixed_error(error, err, "%s: PM_CORE_ENABLE: powering cores 0x%x: ",
					   d->name, up);
		return FALSE;
	}
	if (!simple(d, msg, sizeof(msg), error)) {
		if (up)
			dsp_core_reset_power_down(d, up, NULL);
		return FALSE;
	}
	d->enabled_cores = want;
	if (down && !dsp_core_reset_power_down(d, down, error))
		return FALSE;
	return TRUE;
}

gboolean sv_dsp_pm_ctx_save(SvDsp *d, GError **error)
{
	/* hdr 8, host buffer 28, num_elems, size, reserved[8] = 76 bytes */
	uint32_t msg[19] = { GUINT32_TO_LE(sizeof(msg)), GUINT32_TO_LE(SV_IPC_PM_CTX_SAVE) };

	return simple(d, msg, sizeof(msg), error);
}

gboolean sv_dsp_mem_usage(SvDsp *d, SvDspMemZone **zones, unsigned *n, GError **error)
{
	uint32_t msg[2] = { GUINT32_TO_LE(8), GUINT32_TO_LE(SV_IPC_DEBUG_MEM_USAGE) };
	uint32_t reply[SV_IPC_MSG_MAX / 4];
	size_t len = 0;
	uint32_t count;

	*zones = NULL;
	*n = 0;
	if (!sv_dsp_ipc_tx(d, msg, sizeof(msg), reply, sizeof(reply), &len, error))
		return FALSE;
	/* reply header 12, reserved[4] 16, num_elems, elems of {zone, id, used, free, reserved} */
	if (len < 32) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: MEM_USAGE reply of %zu bytes has no element count", d->name, len);
		return FALSE;
	}
	count = GUINT32_FROM_LE(reply[7]);
	if (32 + (size_t)count * 20 > len) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_IPC,
			    "%s: MEM_USAGE reply of %zu bytes cannot hold its %u elements",
			    d->name, len, count);
		return FALSE;
	}
	*zones = g_new0(SvDspMemZone, MAX(count, 1));
	for (uint32_t i = 0; i < count; i++) {
		const uint32_t *e = reply + 8 + 5 * i;

		(*zones)[i] = (SvDspMemZone){ GUINT32_FROM_LE(e[0]), GUINT32_FROM_LE(e[1]),
					      GUINT32_FROM_LE(e[2]), GUINT32_FROM_LE(e[3]) };
	}
	*n = count;
	return TRUE;
}
