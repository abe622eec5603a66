// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-bind-state.c - the bind state file (driver/sysfs/state.c), what
 * `sofvfio unbind` trusts to restore drivers: any text through
 * sv_bind_state_from_json().  What it accepts must survive a round trip:
 * written back and read again it gives the same state, and the same text.
 */
#include "fuzz.h"
#include "sofvfio/sysfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gboolean same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void check_same(const SvBindState *a, const SvBindState *b)
{
	if (a->group != b->group || !same_str(a->device, b->device) ||
	    !same_str(a->created, b->created) || a->members->len != b->members->len)
		abort();
	for (guint i = 0; i < a->members->len; i++) {
		const SvBindMember *x = a->members->pdata[i], *y = b->members->pdata[i];

		if (!same_str(x->address, y->address) || !same_str(x->driver, y->driver) ||
		    !same_str(x->driver_override, y->driver_override) || x->step != y->step)
			abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = g_strndup((const char *)data, size);
	g_autoptr(GError) err = NULL;
	g_autoptr(SvBindState) st = sv_bind_state_from_json(text, &err);
	g_autoptr(SvBindState) again = NULL;
	g_autofree char *out = NULL, *out2 = NULL;

	if (!st) {
		if (!err || !err->message[0])
			abort(); /* a refusal always says why */
		return 0;
	}
	out = sv_bind_state_to_json(st);
	again = sv_bind_state_from_json(out, &err);
	if (!again) {
		fprintf(stderr, "state written back is refused: %s\n%s\n", err->message, out);
		abort();
	}
	check_same(st, again);
	out2 = sv_bind_state_to_json(again);
	if (strcmp(out, out2))
		abort();
	return 0;
}
