// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-hda-roundtrip.c - codec dumps through the whole stack, field by
 * field: every "Codec:" section of every dump file is served by
 * sofvfio-emu (--codec dump:FILE#N, one server per file, one codec address
 * per section), enumerated by the driver (vfio-user backend, controller,
 * CORB/RIRB, hda_codec_enumerate()) and what the driver read is compared
 * with what the dump shows, field by field: vendor/subsystem/revision ids,
 * function groups, the AFG's default PCM and amp caps, power states and
 * GPIO caps, the node list, and per node its type, wcaps, amp caps, pin
 * caps and default, connection list and selection, PCM rates/bits/formats,
 * power states, processing and volume knob caps.
 *
 * The dump side is read by the tests' own lenient extractor (dump-facts.h),
 * not by the emu parser: the test is an independent oracle.  The driver
 * side is the HdaCodec (raw values, as the codec answered).  A field the
 * driver read that the dump does not show is skipped and counted as "not
 * shown"; a field the dump shows that the driver did not read is a
 * mismatch.  Nothing is guessed.
 *
 * Known legitimate differences (the only ones; everything else fails the
 * test naming file, section, line, node and field):
 *  1. Pin Default with alsa-info's init_pin_configs in the file: the mock
 *     is specified to serve those, the codec's power-on values
 *     (emu/codec/README.md); the expected value is the init_pin_configs one
 *     (dump-facts.h reads the rule on its own).
 *  2. A '*' in the connection list of a Power Widget or Volume Knob: kernels
 *     before Linux stopped reading GET_CONNECT_SEL there printed one; these
 *     widgets select nothing and the driver, like current Linux, does not
 *     ask: the test asks (GET_CONNECT_SEL through hda_verb()) and compares.
 *  3. PCM "N/A" (the kernel got no answer) is served as 0 by the mock (a
 *     per-parameter "no response" is not modelled): N/A matches 0 and ~0.
 *     (Amp caps "N/A" is what Linux prints for 0 as well: no difference.)
 *  4. The codec address is not compared (the mock puts section N at N).
 *
 * /hda-roundtrip/detects-differences changes each field in turn in what the
 * driver read and requires the comparison to name it (and the project's
 * own dumps to show every field).
 *
 * Collections: qtest/data/codecs (dumps of the project's own making, always
 * run and asserted) and ../shared/codecs (skipped when absent).
 * Environment: SOFVFIO_CODEC_DUMPS (overrides ../shared/codecs),
 * SOFVFIO_EMU (default: the sofvfio-emu built alongside), SOFVFIO_TEST_VERBOSE=1
 * keeps the driver's debug lines.
 */
#include "sofvfio/hda-codec.h"
#include "dump-facts.h"
#include "hda-dumps-util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef SV_EMU
#define SV_EMU ""
#endif
#ifndef SV_CODEC_DUMPS
#define SV_CODEC_DUMPS "../shared/codecs"
#endif
#ifndef SV_CODEC_DATA
#define SV_CODEC_DATA "data/codecs"
#endif

/* HDA allows 15 codecs on a link: files with more sections use more servers. */
#define CODECS_PER_SERVER 15

/* What a widget's field needs the driver to have read (HDA_HAVE_*; 0: always). */
static const uint32_t field_have[DF_N_FIELDS] = {
	[DF_AMP_IN] = HDA_HAVE_AMP_IN,   [DF_AMP_OUT] = HDA_HAVE_AMP_OUT,
	[DF_PINCAP] = HDA_HAVE_PIN,      [DF_PIN_DEFAULT] = HDA_HAVE_PIN,
	[DF_CONN] = HDA_HAVE_CONN,       [DF_CONN_SEL] = HDA_HAVE_CONN_SEL,
	[DF_RATES] = HDA_HAVE_PCM,       [DF_BITS] = HDA_HAVE_PCM,
	[DF_FORMATS] = HDA_HAVE_PCM,     [DF_POWER_CAPS] = HDA_HAVE_POWER,
	[DF_PROC_CAPS] = HDA_HAVE_PROC,  [DF_VOL_KNOB_CAPS] = HDA_HAVE_VOL_KNOB,
};

typedef struct Stats Stats;

struct Stats {
	const char *name;   /* for messages */
	unsigned files, sections, matched, mismatched;
	unsigned compared, not_shown;
	unsigned init_pins, init_pins_differ;
	unsigned conn_sel_direct;  /* '*' on widgets the driver does not ask */
	unsigned per_field[DF_N_FIELDS];          /* mismatches */
	unsigned compared_field[DF_N_FIELDS], not_shown_field[DF_N_FIELDS];
	GString *mismatches;
	unsigned n_listed;
	const char *emu;
	/* what is done with each enumerated section: compare_section() unless set */
	void (*each)(Stats *st, const char *file, const DumpSection *s, HdaCodec *c,
		     HdaController *ctl);
	bool covered[DF_N_FIELDS]; /* detect_section(): fields shown to be checked */
};

/* ---- the driver side ---------------------------------------------------- */

static GString *list_text(const unsigned *nids, unsigned n)
{
	GString *s = g_string_new(NULL);

	for (unsigned i = 0; i < n; i++)
		g_string_append_printf(s, "%s0x%02x", i ? " " : "", nids[i]);
	return s;
}

static bool pcm_of(const HdaWidget *w, uint32_t *pcm, uint32_t *stream)
{
	if (w->have & HDA_HAVE_PCM) {
		*pcm = w->pcm_raw;
		*stream = w->stream_raw;
		return true;
	}
	if (w->have & HDA_HAVE_CONV) {
		/* Shown without FORMAT_OVRD: what the driver resolved. */
		*pcm = w->pcm;
		*stream = w->stream;
		return true;
	}
	return false;
}

/*
 * The driver's value of @f (masked to what the dump shows); FALSE with
 * @why when the driver has none.
 */
static bool driver_value(const HdaCodec *c, const HdaWidget *w, const DumpFact *f,
			 uint32_t *v, const char **why)
{
	uint32_t pcm = 0, stream = 0;

	*why = "not read by the driver";
	if (f->field >= DF_TYPE) {
		if (!w) {
			*why = "no such node in the driver's enumeration";
			return false;
		}
		if (field_have[f->field] && !(w->have & field_have[f->field]) &&
		    !(f->field >= DF_RATES && f->field <= DF_FORMATS && pcm_of(w, &pcm, &stream)))
			return false;
	}
	switch (f->field) {
	case DF_VENDOR_ID: *v = c->vendor_id; return true;
	case DF_SUBSYSTEM_ID: *v = c->subsystem_id; return true;
	case DF_REVISION_ID: *v = c->revision_id; return true;
	case DF_AFG_NID: *v = c->afg; return true;
	case DF_MFG_NID: *v = c->mfg; return true;
	case DF_AFG_FUNCTION:
		*v = (c->afg_function_type & 0xff) | (c->afg_unsol ? 1u << 8 : 0);
		return c->afg != 0;
	case DF_MFG_FUNCTION:
		*v = (c->mfg_function_type & 0xff) | (c->mfg_unsol ? 1u << 8 : 0);
		return c->mfg != 0;
	case DF_FUNCTION_ID:
		/* Old kernels printed the type of one group (the last found): either matches. */
		if (c->mfg && (c->mfg_function_type & 0xff) == f->value)
			*v = c->mfg_function_type & 0xff;
		else
			*v = c->afg_function_type & 0xff;
		return c->afg || c->mfg;
	case DF_DEFAULT_RATES: *v = c->pcm & 0xfff; return c->afg != 0;
	case DF_DEFAULT_BITS: *v = (c->pcm >> 16) & 0xff; return c->afg != 0;
	case DF_DEFAULT_FORMATS: *v = c->stream; return c->afg != 0;
	case DF_DEFAULT_AMP_IN: *v = c->amp_in_caps; return c->afg != 0;
	case DF_DEFAULT_AMP_OUT: *v = c->amp_out_caps; return c->afg != 0;
	case DF_AFG_POWER_CAPS: *v = c->power_caps & DF_POWER_STATES_SHOWN; return c->afg != 0;
	case DF_GPIO_CAPS: *v = c->gpio.caps & 0xc0ffffffu; return c->afg != 0;
	case DF_TYPE: *v = w->type; return true;
	case DF_WCAPS: *v = w->wcaps; return true;
	case DF_AMP_IN: *v = w->amp_in_caps_raw; return true;
	case DF_AMP_OUT: *v = w->amp_out_caps_raw; return true;
	case DF_PINCAP: *v = w->pincap; return true;
	case DF_PIN_DEFAULT: *v = w->pin_default; return true;
	case DF_CONN: *v = w->n_conn; return true;
	case DF_CONN_SEL: *v = (uint32_t)w->conn_sel; return true;
	case DF_RATES: pcm_of(w, &pcm, &stream); *v = pcm & 0xfff; return true;
	case DF_BITS: pcm_of(w, &pcm, &stream); *v = (pcm >> 16) & 0xff; return true;
	case DF_FORMATS: pcm_of(w, &pcm, &stream); *v = stream; return true;
	case DF_POWER_CAPS: *v = w->power_caps & DF_POWER_STATES_SHOWN; return true;
	case DF_PROC_CAPS: *v = w->proc_caps & 0xff01; return true;
	case DF_VOL_KNOB_CAPS: *v = w->vol_knob_caps & 0xff; return true;
	case DF_NODES:
	case DF_N_FIELDS:
		break;
	}
	return false;
}

static bool same_value(const DumpFact *f, uint32_t v)
{
	switch (f->field) {
	case DF_AMP_IN:
	case DF_AMP_OUT:
	case DF_DEFAULT_AMP_IN:
	case DF_DEFAULT_AMP_OUT:
		/* Linux prints N/A for 0 and for no answer (-1). */
		if (f->na || !v || v == 0xffffffffu)
			return f->na && (!v || v == 0xffffffffu);
		return (v & DF_AMP_CAPS_SHOWN) == f->value;
	case DF_TYPE:
		if (f->value == DF_TYPE_UNNAMED)
			return v >= 0x8 && v <= 0xe;
		return v == f->value;
	default:
		if (f->na) /* PCM N/A: served as 0 (see the header) */
			return !v || v == 0xffffffffu;
		return v == f->value;
	}
}

static void mismatch(Stats *st, const char *file, const DumpSection *s, const DumpFact *f,
		     const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void mismatch(Stats *st, const char *file, const DumpSection *s, const DumpFact *f,
		     const char *fmt, ...)
{
	g_autofree char *what = NULL;
	va_list ap;

	st->per_field[f->field]++;
	if (st->n_listed++ >= 200)
		return;
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (f->nid)
		g_string_append_printf(st->mismatches, "%s#%u line %u: node 0x%02x %s: %s\n", file,
				       s->index, f->line, f->nid, dump_field_names[f->field], what);
	else
		g_string_append_printf(st->mismatches, "%s#%u line %u: %s: %s\n", file, s->index,
				       f->line, dump_field_names[f->field], what);
}

static bool compare_list(Stats *st, const char *file, const DumpSection *s, const DumpFact *f,
			 const HdaCodec *c, const HdaWidget *w)
{
	g_autoptr(GString) want = NULL, got = NULL;
	g_autofree unsigned *nids = NULL;
	unsigned n;
	bool same;

	if (f->field == DF_NODES) {
		n = c->n_widgets;
		nids = g_new0(unsigned, n ? n : 1);
		for (unsigned i = 0; i < n; i++)
			nids[i] = c->widgets[i].nid;
	} else {
		if (!w || !(w->have & HDA_HAVE_CONN)) {
			mismatch(st, file, s, f, "the dump shows %u connections, the driver %s",
				 f->value, w ? "did not read a list" : "has no such node");
			return false;
		}
		if (!f->list) {
			if (w->n_conn == f->value)
				return true;
			mismatch(st, file, s, f, "dump %u connections, driver %u", f->value,
				 w->n_conn);
			return false;
		}
		n = w->n_conn;
		nids = g_new0(unsigned, n ? n : 1);
		for (unsigned i = 0; i < n; i++)
			nids[i] = w->conn[i];
	}
	same = f->list->len == n && (!n || !memcmp(f->list->data, nids, n * sizeof(unsigned))) &&
	       (f->field == DF_NODES || f->value == n);
	if (same)
		return true;
	want = list_text((const unsigned *)(void *)f->list->data, f->list->len);
	got = list_text(nids, n);
	if (f->field == DF_CONN)
		mismatch(st, file, s, f, "dump %u: [%s], driver %u: [%s]", f->value, want->str, n,
			 got->str);
	else
		mismatch(st, file, s, f, "dump [%s], driver [%s]", want->str, got->str);
	return false;
}

/* Fields the driver read that the dump does not show. */
static void count_not_shown(Stats *st, const DumpSection *s, const HdaCodec *c)
{
	static const DumpField codec_fields[] = {
		DF_VENDOR_ID, DF_SUBSYSTEM_ID, DF_REVISION_ID, DF_AFG_NID, DF_MFG_NID,
	};
	static const DumpField afg_fields[] = {
		DF_AFG_FUNCTION, DF_DEFAULT_RATES, DF_DEFAULT_BITS, DF_DEFAULT_FORMATS,
		DF_DEFAULT_AMP_IN, DF_DEFAULT_AMP_OUT, DF_AFG_POWER_CAPS, DF_GPIO_CAPS,
	};
	bool old_fid = dump_facts_find(s, DF_FUNCTION_ID, 0) != NULL;

	for (unsigned i = 0; i < G_N_ELEMENTS(codec_fields); i++)
		if (!dump_facts_find(s, codec_fields[i], 0))
			st->not_shown_field[codec_fields[i]]++;
	for (unsigned i = 0; c->afg && i < G_N_ELEMENTS(afg_fields); i++)
		if (!dump_facts_find(s, afg_fields[i], 0) &&
		    !(afg_fields[i] == DF_AFG_FUNCTION && old_fid))
			st->not_shown_field[afg_fields[i]]++;
	if (c->mfg && !dump_facts_find(s, DF_MFG_FUNCTION, 0) && !old_fid)
		st->not_shown_field[DF_MFG_FUNCTION]++;
	for (unsigned i = 0; i < c->n_widgets; i++) {
		const HdaWidget *w = &c->widgets[i];

		if (!dump_facts_find(s, DF_TYPE, w->nid) && !dump_facts_find(s, DF_WCAPS, w->nid))
			continue; /* not in the dump: a node list mismatch already */
		for (DumpField f = DF_TYPE; f < DF_N_FIELDS; f++)
			if ((!field_have[f] || (w->have & field_have[f])) &&
			    !dump_facts_find(s, f, w->nid))
				st->not_shown_field[f]++;
	}
}

/*
 * A '*' on a Power Widget or Volume Knob: kernels before Linux stopped
 * reading GET_CONNECT_SEL there printed one; these widgets select nothing
 * and the driver, like current Linux, does not ask.  Asked here directly.
 */
static bool conn_sel_asked_directly(Stats *st, const char *file, const DumpSection *s,
				    const DumpFact *f, const HdaWidget *w, HdaController *ctl,
				    unsigned cad)
{
	g_autoptr(GError) err = NULL;
	uint32_t v;

	if (f->field != DF_CONN_SEL || !w || (w->have & HDA_HAVE_CONN_SEL) ||
	    (w->type != AC_WID_POWER && w->type != AC_WID_VOL_KNB))
		return false;
	st->conn_sel_direct++;
	if (!hda_verb(ctl, cad, w->nid, AC_VERB_GET_CONNECT_SEL, 0, &v, &err))
		mismatch(st, file, s, f, "dump 0x%x, GET_CONNECT_SEL failed: %s", f->value,
			 err->message);
	else if (v != f->value)
		mismatch(st, file, s, f, "dump 0x%x, GET_CONNECT_SEL answers 0x%x", f->value, v);
	return true;
}

static void compare_section(Stats *st, const char *file, const DumpSection *s,
			    const HdaCodec *c, HdaController *ctl)
{
	unsigned before = st->n_listed;

	for (unsigned i = 0; i < s->facts->len; i++) {
		const DumpFact *f = &g_array_index(s->facts, DumpFact, i);
		const HdaWidget *w = f->nid ? hda_codec_widget(c, f->nid) : NULL;
		const char *why;
		uint32_t v;

		st->compared++;
		st->compared_field[f->field]++;
		if (f->field == DF_NODES || f->field == DF_CONN) {
			compare_list(st, file, s, f, c, w);
			continue;
		}
		if (conn_sel_asked_directly(st, file, s, f, w, ctl, c->cad))
			continue;
		if (!driver_value(c, w, f, &v, &why)) {
			mismatch(st, file, s, f, "dump 0x%x%s, %s", f->value, f->na ? " (N/A)" : "",
				 why);
			continue;
		}
		if (same_value(f, v))
			continue;
		if (f->field == DF_PIN_DEFAULT && f->from_init)
			mismatch(st, file, s, f,
				 "init_pin_configs 0x%08x (dump 0x%08x), driver 0x%08x", f->value,
				 f->dumped, v);
		else
			mismatch(st, file, s, f, "dump 0x%x%s, driver 0x%x", f->value,
				 f->na ? " (N/A)" : "", v);
	}
	count_not_shown(st, s, c);
	if (st->n_listed == before)
		st->matched++;
	else
		st->mismatched++;
}

/* Sections [@from, @to) of @path on one server, one codec address each. */
static void run_batch(Stats *st, const char *path, const char *file, GPtrArray *sections,
		      unsigned from, unsigned to)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) err = NULL;
	HdaOptions opts = { .irq = HDA_IRQ_POLL, .response_timeout_ms = 1000 };
	HdaController *ctl = NULL;
	SvDevice *dev = NULL;
	SvEmuChild emu;
	g_autofree char *log = NULL;
	int status;

	for (unsigned i = from; i < to; i++) {
		g_ptr_array_add(args, g_strdup("--codec"));
		g_ptr_array_add(args, g_strdup_printf("dump:%s#%u", path, i));
	}
	g_ptr_array_add(args, NULL);
	if (!sv_emu_child_start(&emu, st->emu, (const char *const *)args->pdata, &err)) {
		g_string_append_printf(st->mismatches, "%s#%u-%u: %s\n", file, from, to - 1,
				       err->message);
		st->mismatched += to - from;
		st->n_listed++;
		return;
	}
	dev = sv_device_open(emu.device, &err);
	if (dev)
		ctl = hda_controller_open(dev, &opts, &err);
	for (unsigned i = from; ctl && i < to; i++) {
		g_autoptr(HdaCodec) c = hda_codec_enumerate(ctl, i - from, &err);

		if (!c) {
			g_string_append_printf(st->mismatches, "%s#%u: %s\n", file, i,
					       err->message);
			g_clear_error(&err);
			st->mismatched++;
			st->n_listed++;
			continue;
		}
		if (st->each)
			st->each(st, file, sections->pdata[i], c, ctl);
		else
			compare_section(st, file, sections->pdata[i], c, ctl);
	}
	if (!ctl) {
		g_string_append_printf(st->mismatches, "%s: %s\n", file, err->message);
		st->mismatched += to - from;
		st->n_listed++;
	}
	hda_controller_close(ctl);
	if (dev)
		sv_device_close(dev);
	status = sv_emu_child_stop(&emu, &log);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		g_string_append_printf(st->mismatches, "%s: sofvfio-emu ended with wait status "
				       "0x%x: %s\n", file, status, log ? log : "");
		st->n_listed++;
	}
}

static void run_file(Stats *st, const char *dir, const char *file)
{
	g_autofree char *path = g_build_filename(dir, file, NULL);
	g_autofree char *text = NULL;
	g_autoptr(GPtrArray) sections = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	sections = dump_facts_read(text, &st->init_pins, &st->init_pins_differ);
	if (!sections->len)
		return;
	st->files++;
	st->sections += sections->len;
	for (unsigned from = 0; from < sections->len; from += CODECS_PER_SERVER)
		run_batch(st, path, file, sections, from,
			  MIN(sections->len, from + CODECS_PER_SERVER));
}

static void run_collection(const char *name, const char *dir, bool required)
{
	const char *emu = g_getenv("SOFVFIO_EMU") ? g_getenv("SOFVFIO_EMU") : SV_EMU;
	g_autoptr(GPtrArray) files = sv_dump_files(dir);
	Stats st = { .name = name, .emu = emu, .mismatches = g_string_new(NULL) };
	GString *per = g_string_new(NULL);

	if (!*emu || !g_file_test(emu, G_FILE_TEST_IS_EXECUTABLE)) {
		g_test_skip("no sofvfio-emu (SOFVFIO_EMU)");
		goto out;
	}
	if (!files) {
		g_autofree char *msg = g_strdup_printf("no codec dumps at %s", dir);

		if (required)
			g_test_fail_printf("%s", msg);
		else
			g_test_skip(msg);
		goto out;
	}
	for (unsigned i = 0; i < files->len; i++)
		run_file(&st, dir, files->pdata[i]);
	for (unsigned f = 0; f < DF_N_FIELDS; f++) {
		st.not_shown += st.not_shown_field[f];
		if (st.per_field[f])
			g_string_append_printf(per, "%s%s: %u", per->len ? ", " : "",
					       dump_field_names[f], st.per_field[f]);
	}
	g_test_message("%s: %u files, %u sections: %u matched field for field, %u mismatched%s, "
		       "%u fields compared, %u not shown; known differences: %u pin defaults from "
		       "init_pin_configs (%u differ from the dump), %u connection selects of power "
		       "widgets/volume knobs asked directly", name, st.files, st.sections,
		       st.matched, st.mismatched, st.mismatched ? " (listed)" : "", st.compared,
		       st.not_shown, st.init_pins, st.init_pins_differ, st.conn_sel_direct);
	if (per->len)
		g_test_message("mismatches by field: %s", per->str);
	g_string_truncate(per, 0);
	for (unsigned f = 0; f < DF_N_FIELDS; f++)
		g_string_append_printf(per, "%s%s %u/%u", f ? ", " : "", dump_field_names[f],
				       st.compared_field[f], st.not_shown_field[f]);
	g_test_message("compared/not shown by field: %s", per->str);
	if (st.mismatches->len) {
		g_auto(GStrv) lines = g_strsplit(st.mismatches->str, "\n", -1);

		for (char **l = lines; *l; l++)
			if (**l)
				g_test_message("mismatch: %s", *l);
		if (st.n_listed > 200)
			g_test_message("(%u more not listed)", st.n_listed - 200);
	}
	g_assert_cmpuint(st.sections, >, 0);
	g_assert_cmpuint(st.compared, >, 0);
	g_assert_cmpuint(st.mismatched, ==, 0);
	g_assert_cmpuint(st.n_listed, ==, 0);
	g_assert_cmpuint(st.matched, ==, st.sections);
out:
	g_string_free(per, TRUE);
	g_string_free(st.mismatches, TRUE);
}

/* ---- the comparison must see a difference in every field ---------------- */

/* A fact of @f in @s whose driver value can be changed, with its widget. */
static const DumpFact *mutable_fact(const DumpSection *s, DumpField f, HdaCodec *c, HdaWidget **w)
{
	for (unsigned i = 0; i < s->facts->len; i++) {
		const DumpFact *x = &g_array_index(s->facts, DumpFact, i);

		if (x->field != f)
			continue;
		*w = x->nid ? (HdaWidget *)hda_codec_widget(c, x->nid) : NULL;
		if (f >= DF_TYPE && !*w)
			continue;
		if (f == DF_CONN && (!x->list || !x->list->len))
			continue;
		if (f == DF_CONN_SEL && !((*w)->have & HDA_HAVE_CONN_SEL))
			continue;
		if (f == DF_NODES && !c->n_widgets)
			continue;
		return x;
	}
	return NULL;
}

/* Flip a bit the dump shows of @f's driver value (twice restores it). */
static void flip(DumpField f, HdaCodec *c, HdaWidget *w)
{
	switch (f) {
	case DF_VENDOR_ID: c->vendor_id ^= 1; break;
	case DF_SUBSYSTEM_ID: c->subsystem_id ^= 1; break;
	case DF_REVISION_ID: c->revision_id ^= 1; break;
	case DF_AFG_NID: c->afg ^= 0x40; break;
	case DF_MFG_NID: c->mfg ^= 0x40; break;
	case DF_AFG_FUNCTION: c->afg_unsol = !c->afg_unsol; break;
	case DF_MFG_FUNCTION: c->mfg_unsol = !c->mfg_unsol; break;
	case DF_FUNCTION_ID:
		c->afg_function_type ^= 0x4;
		c->mfg_function_type ^= 0x4;
		break;
	case DF_DEFAULT_RATES: c->pcm ^= 1; break;
	case DF_DEFAULT_BITS: c->pcm ^= 1u << 17; break;
	case DF_DEFAULT_FORMATS: c->stream ^= 1; break;
	case DF_DEFAULT_AMP_IN: c->amp_in_caps ^= 1; break;
	case DF_DEFAULT_AMP_OUT: c->amp_out_caps ^= 1; break;
	case DF_AFG_POWER_CAPS: c->power_caps ^= 1; break;
	case DF_GPIO_CAPS: c->gpio.caps ^= 1; break;
	case DF_NODES: c->widgets[c->n_widgets - 1].nid ^= 0x80; break;
	case DF_TYPE: w->type ^= 1; break;
	case DF_WCAPS: w->wcaps ^= AC_WCAP_CP_CAPS; break;
	case DF_AMP_IN: w->amp_in_caps_raw ^= 1; break;
	case DF_AMP_OUT: w->amp_out_caps_raw ^= 1; break;
	case DF_PINCAP: w->pincap ^= 1; break;
	case DF_PIN_DEFAULT: w->pin_default ^= 1; break;
	case DF_CONN: w->conn[w->n_conn - 1] ^= 1; break;
	case DF_CONN_SEL: w->conn_sel ^= 1; break;
	case DF_RATES: w->pcm_raw ^= 1; w->pcm ^= 1; break;
	case DF_BITS: w->pcm_raw ^= 1u << 17; w->pcm ^= 1u << 17; break;
	case DF_FORMATS: w->stream_raw ^= 1; w->stream ^= 1; break;
	case DF_POWER_CAPS: w->power_caps ^= 1; break;
	case DF_PROC_CAPS: w->proc_caps ^= 1; break;
	case DF_VOL_KNOB_CAPS: w->vol_knob_caps ^= 1; break;
	case DF_N_FIELDS: break;
	}
}

/* Each field once: changed in what the driver read, the comparison must name it. */
static void detect_section(Stats *st, const char *file, const DumpSection *s, HdaCodec *c,
			   HdaController *ctl)
{
	for (DumpField f = 0; f < DF_N_FIELDS; f++) {
		Stats scratch = { .mismatches = g_string_new(NULL) };
		HdaWidget *w = NULL;
		const DumpFact *x;

		if (st->covered[f] || !(x = mutable_fact(s, f, c, &w)))
			continue;
		compare_section(&scratch, file, s, c, ctl);
		g_assert_cmpuint(scratch.n_listed, ==, 0);
		flip(f, c, w);
		compare_section(&scratch, file, s, c, ctl);
		flip(f, c, w);
		if (!scratch.per_field[f])
			g_test_message("%s#%u: a changed %s went unnoticed", file, s->index,
				       dump_field_names[f]);
		g_assert_cmpuint(scratch.per_field[f], >, 0);
		g_assert_cmpuint(scratch.mismatched, ==, 1);
		st->covered[f] = true;
		g_string_free(scratch.mismatches, TRUE);
	}
}

static void test_detects(void)
{
	const char *emu = g_getenv("SOFVFIO_EMU") ? g_getenv("SOFVFIO_EMU") : SV_EMU;
	g_autoptr(GPtrArray) files = sv_dump_files(SV_CODEC_DATA);
	Stats st = { .emu = emu, .mismatches = g_string_new(NULL), .each = detect_section };

	if (!*emu || !g_file_test(emu, G_FILE_TEST_IS_EXECUTABLE)) {
		g_test_skip("no sofvfio-emu (SOFVFIO_EMU)");
		g_string_free(st.mismatches, TRUE);
		return;
	}
	g_assert_nonnull(files);
	for (unsigned i = 0; i < files->len; i++)
		run_file(&st, SV_CODEC_DATA, files->pdata[i]);
	g_assert_cmpstr(st.mismatches->str, ==, "");
	/* The project's own dumps show every field. */
	for (DumpField f = 0; f < DF_N_FIELDS; f++) {
		if (!st.covered[f])
			g_test_message("no dump of qtest/data/codecs shows the %s",
				       dump_field_names[f]);
		g_assert_true(st.covered[f]);
	}
	g_string_free(st.mismatches, TRUE);
}

static void test_own(void)
{
	run_collection("qtest/data/codecs", SV_CODEC_DATA, true);
}

static void test_shared(void)
{
	const char *dir = g_getenv("SOFVFIO_CODEC_DUMPS") ? g_getenv("SOFVFIO_CODEC_DUMPS")
							  : SV_CODEC_DUMPS;

	run_collection("../shared/codecs", dir, false);
}

/* Thousands of enumerations: the driver's debug and info lines would bury the results. */
static void quiet(const char *domain, GLogLevelFlags level, const char *msg, gpointer data)
{
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	if (!g_getenv("SOFVFIO_TEST_VERBOSE"))
		g_log_set_handler("sofvfio", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO, quiet, NULL);
	g_test_add_func("/hda-roundtrip/detects-differences", test_detects);
	g_test_add_func("/hda-roundtrip/own-dumps", test_own);
	g_test_add_func("/hda-roundtrip/shared-dumps", test_shared);
	return g_test_run();
}
