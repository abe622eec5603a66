// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz-codec-dump.c - the codec dump parser (emu/codec) on any text: the
 * file reader (sections, alsa-info wrappers, init_pin_configs), each
 * section's parser, then the model built from it answering verbs and
 * printing itself as /proc text, as sofvfio-emu --codec dump:FILE#N does.
 */
#include "fuzz.h"
#include "codec-model.h"
#include "codec.h"

#include <stdbool.h>
#include <unistd.h>

/* A handler that answers the same whatever the payload: one payload tells all. */
static bool payload_blind(const EmuCodec *c, unsigned verb)
{
	const EmuVerbDesc *d = &c->verbs[verb];

	return !d->fn || d->fn == emu_verb_get_reg || d->fn == emu_verb_answer_zero;
}

/*
 * The verbs a driver's enumeration sends (GET_PARAMETER and the "get" verbs
 * 0xf00-0xf1f), to every node.  Payloads 0, 0x7f and 0xfe go to the verbs
 * whose handler reads the payload (lists, indices); a register read or a
 * zero answer takes payload 0 only, the other two ran the same code on the
 * same register.
 */
static void ask_every_node(EmuCodec *c)
{
	EmuCodecInfo info;
	uint32_t r;

	emu_codec_info(c, &info);
	for (unsigned nid = 0; nid < EMU_CODEC_NIDS; nid++) {
		if (!c->node[nid])
			continue;
		for (unsigned p = 0; p < EMU_CODEC_NPARAMS; p++)
			emu_codec_verb(c, nid << 20 | 0xf00 << 8 | p, &r);
		for (unsigned v = 0xf01; v < 0xf20; v++)
			for (unsigned payload = 0; payload < 0x100; payload += 0x7f) {
				emu_codec_verb(c, nid << 20 | v << 8 | payload, &r);
				if (payload_blind(c, v))
					break;
			}
		/* Amp gain queries (4-bit verb 0xb, both directions, both sides, index 0). */
		for (unsigned q = 0; q < 4; q++)
			emu_codec_verb(c, nid << 20 | 0xb0000 | (q & 1) << 13 | (q >> 1) << 15, &r);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) err = NULL;
	g_autofree char *path = NULL;
	EmuCodecDump *dump;
	int fd, sections;

	path = fuzz_file(data, size, &fd);
	dump = emu_codec_dump_open(path, &err);
	if (!dump)
		abort(); /* a memfd is always readable */
	sections = (int)emu_codec_dump_count(dump);
	/*
	 * The first sections, and one past the end (the "no such section"
	 * error), from the file read once; a fourth section by its
	 * "dump:FILE#N" spec, as sofvfio-emu --codec reads it (the file again).
	 */
	for (int i = 0; i <= MIN(sections, 3); i++) {
		g_autoptr(GError) e = NULL;
		g_autofree char *spec = g_strdup_printf("dump:%s#%d", path, i);
		unsigned flags = i & 1 ? EMU_CODEC_PINS_AS_DUMPED : 0;
		EmuCodec *c = i < 3 ? emu_codec_dump_codec(dump, i, flags, &e) :
			      emu_codec_new_full(spec, flags, &e);

		if ((c != NULL) != (i < sections))
			abort(); /* every section found must load, and only those */
		if (!c)
			continue;
		ask_every_node(c);
		g_free(emu_codec_proc_text(c, c->address, TRUE));
		emu_codec_reset(c);
		emu_codec_free(c);
	}
	emu_codec_dump_close(dump);
	close(fd);
	return 0;
}
