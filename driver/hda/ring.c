// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ring.c - the arithmetic of a cyclic DMA buffer (sofvfio/hda-pcm.h,
 * HdaRing): the engine's position (LPIB or the position buffer) made
 * monotonic across wraps, room and data ready, underruns and overruns.
 * Pure logic, no device: the PCM engine (pcm.c) and the unit tests use it.
 */
#include "sofvfio/hda-pcm.h"

void hda_ring_init(HdaRing *r, uint32_t size)
{
	*r = (HdaRing){ .size = size };
}

uint64_t hda_ring_update(HdaRing *r, uint32_t pos, uint64_t expected)
{
	uint64_t d;

	pos %= r->size;
	d = ((uint64_t)pos + r->size - r->last_pos) % r->size;
	/* Late: add the whole wraps the clock says happened (the nearest count). */
	if (expected > r->size && expected > d)
		d += (expected - d + r->size / 2) / r->size * r->size;
	r->last_pos = pos;
	r->hw += d;
	return d;
}

uint64_t hda_ring_room(const HdaRing *r)
{
	uint64_t queued = r->appl > r->hw ? r->appl - r->hw : 0;

	return queued >= r->size ? 0 : r->size - queued;
}

uint64_t hda_ring_ready(const HdaRing *r)
{
	uint64_t ready = r->hw > r->appl ? r->hw - r->appl : 0;

	return MIN(ready, r->size);
}

uint32_t hda_ring_offset(const HdaRing *r, uint64_t ptr)
{
	return (uint32_t)(ptr % r->size);
}

gboolean hda_ring_check_underrun(HdaRing *r)
{
	if (r->hw <= r->appl)
		return FALSE;
	r->xruns++;
	r->appl = r->hw;
	return TRUE;
}

gboolean hda_ring_check_overrun(HdaRing *r, uint32_t guard)
{
	if (r->hw - r->appl <= r->size || r->hw < r->appl)
		return FALSE;
	r->xruns++;
	r->appl = r->hw - r->size + MIN(guard, r->size);
	return TRUE;
}
