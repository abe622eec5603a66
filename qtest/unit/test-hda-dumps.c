// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-hda-dumps.c - the /proc printer against real codecs: every codec
 * section of the hda-emu dump collection (../shared/codecs, read at test
 * time, skipped when absent) is parsed back into an HdaCodec (raw values
 * from the hex fields, decoded fields from their words), printed with
 * hda_codec_print_proc() and compared with the original line for line,
 * after the normalisation of docs/hda.md.
 *
 * Only dumps in the format of current kernels ("State of AFG node") are
 * compared; a section with a line this parser does not know is counted as
 * "not understood" and not compared.  A section that was understood and
 * prints differently is a failure.
 *
 * Second test: each understood section is served by sofvfio-emu (--codec
 * dump:FILE#N) and enumerated through the whole driver (vfio-user backend,
 * controller, CORB/RIRB, hda_codec_enumerate()); the result must print as
 * the dump does, less the differences listed at compare_with_emu().
 *
 * Environment: SOFVFIO_CODEC_DUMPS (default: SV_CODEC_DUMPS from meson),
 * SOFVFIO_EMU (default: the sofvfio-emu built alongside).
 */
#include "sofvfio/hda-codec.h"
#include "hda-dumps-util.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#ifndef SV_EMU
#define SV_EMU ""
#endif
#ifndef SV_CODEC_DUMPS
#define SV_CODEC_DUMPS "../shared/codecs"
#endif

typedef struct {
	HdaCodec *c;
	GArray *widgets; /* HdaWidget */
	HdaWidget *w;    /* current node, points into widgets (re-fetched after growth) */
	char *why;       /* first line not understood */
	enum { IN_HEADER, IN_DEFAULT_PCM, IN_NODE, IN_PCM, IN_CONN } state;
	unsigned pcm_line;
	uint32_t *pcm_target, *stream_target;
} Parser;

static HdaWidget *cur(Parser *p)
{
	return p->widgets->len ? &g_array_index(p->widgets, HdaWidget, p->widgets->len - 1) : NULL;
}

static bool fail(Parser *p, const char *line)
{
	if (!p->why)
		p->why = g_strdup(line);
	return false;
}

static int state_index(const char *s)
{
	static const char *const names[] = { "D0", "D1", "D2", "D3", "D3cold" };

	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

static bool parse_amp_caps(const char *s, uint32_t *caps)
{
	unsigned ofs, steps, size, mute;

	if (!strcmp(s, "N/A")) {
		*caps = 0;
		return true;
	}
	if (sscanf(s, "ofs=0x%x, nsteps=0x%x, stepsize=0x%x, mute=%x", &ofs, &steps, &size,
		   &mute) != 4)
		return false;
	*caps = ofs | steps << 8 | size << 16 | (mute ? AC_AMPCAP_MUTE : 0);
	return true;
}

static bool parse_amp_vals(const char *s, unsigned *n, HdaAmpVal **vals, bool *stereo)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(HdaAmpVal));

	*stereo = false;
	while (*s == ' ')
		s++;
	while (*s == '[') {
		HdaAmpVal v = { 0 };
		char *end;

		v.left = (uint32_t)strtoul(s + 1, &end, 16);
		if (*end == ' ') {
			v.right = (uint32_t)strtoul(end + 1, &end, 16);
			*stereo = true;
		} else {
			v.right = v.left;
		}
		if (*end != ']') {
			g_array_free(a, TRUE);
			return false;
		}
		g_array_append_val(a, v);
		s = end + 1;
		while (*s == ' ')
			s++;
	}
	if (*s) {
		g_array_free(a, TRUE);
		return false;
	}
	*n = a->len;
	*vals = (HdaAmpVal *)g_array_free(a, FALSE);
	if (!*n)
		g_clear_pointer(vals, g_free);
	return true;
}

static bool parse_power_states(const char *s, uint32_t *caps)
{
	static const struct {
		const char *name;
		unsigned bit;
	} bits[] = { { "D0", 0 }, { "D1", 1 }, { "D2", 2 }, { "D3", 3 }, { "D3cold", 4 },
		     { "S3D3cold", 29 }, { "CLKSTOP", 30 }, { "EPSS", 31 } };
	g_auto(GStrv) words = g_strsplit(s, " ", -1);

	*caps = 0;
	for (char **w = words; *w; w++) {
		bool found = false;

		if (!**w)
			continue;
		for (unsigned i = 0; i < G_N_ELEMENTS(bits); i++)
			if (!strcmp(*w, bits[i].name)) {
				*caps |= 1u << bits[i].bit;
				found = true;
			}
		if (!found)
			return false;
	}
	return true;
}

static bool parse_power(const char *s, uint32_t *state)
{
	char set[16], act[16];
	const char *rest;
	int a, b;

	if (sscanf(s, "setting=%15[^,], actual=%15[^,\n]", set, act) != 2)
		return false;
	a = state_index(set);
	b = state_index(act);
	if (a < 0 || b < 0)
		return false;
	*state = (uint32_t)a | (uint32_t)b << 4;
	rest = strstr(s, act) + strlen(act);
	if (strstr(rest, ", Error"))
		*state |= 1u << 8;
	if (strstr(rest, ", Clock-stop-OK"))
		*state |= 1u << 9;
	if (strstr(rest, ", Setting-reset"))
		*state |= 1u << 10;
	return true;
}

static bool parse_digital(const char *s, uint32_t *digi)
{
	static const char *const names[] = { "Enabled", "Validity", "ValidityCfg", "Preemphasis",
					     "Non-Copyright", "Non-Audio", "Pro", "GenLevel" };
	g_auto(GStrv) words = g_strsplit(s, " ", -1);

	for (char **w = words; *w; w++) {
		bool found = false;

		if (!**w)
			continue;
		if (!strcmp(*w, "KAE")) {
			*digi |= 0x80u << 16;
			continue;
		}
		for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
			if (!strcmp(*w, names[i])) {
				*digi |= 1u << i;
				found = true;
			}
		if (!found)
			return false;
	}
	return true;
}

/* PCM block lines: "    rates [0x...]:", "    bits [0x..]:", "    formats [0x.]:",
 * or "N/A"; TRUE when @l was one of them. */
static bool pcm_line(Parser *p, const char *l)
{
	unsigned v;

	if (p->pcm_line == 0 && !strcmp(l, "N/A")) {
		*p->pcm_target = *p->stream_target = 0xffffffffu;
		p->pcm_line = 3;
		return true;
	}
	switch (p->pcm_line) {
	case 0:
		if (sscanf(l, "    rates [0x%x]:", &v) != 1)
			return false;
		*p->pcm_target = v;
		break;
	case 1:
		if (sscanf(l, "    bits [0x%x]:", &v) != 1)
			return false;
		*p->pcm_target |= v << 16;
		break;
	case 2:
		if (sscanf(l, "    formats [0x%x]:", &v) != 1)
			return false;
		*p->stream_target = v;
		break;
	default:
		return false;
	}
	p->pcm_line++;
	return true;
}

static bool header_line(Parser *p, const char *l)
{
	HdaCodec *c = p->c;
	unsigned a, b;

	if (g_str_has_prefix(l, "Codec: ")) {
		c->vendor_name = g_strdup("");
		c->chip_name = g_strdup(l + 7); /* printed back as "Codec:  NAME": see compare */
		return true;
	}
	if (sscanf(l, "Address: %u", &c->cad) == 1)
		return true;
	if (sscanf(l, "AFG Function Id: 0x%x (unsol %u)", &a, &b) == 2) {
		c->afg_function_type = a;
		c->afg_unsol = b;
		return true;
	}
	if (sscanf(l, "MFG Function Id: 0x%x (unsol %u)", &a, &b) == 2) {
		c->mfg_function_type = a;
		c->mfg_unsol = b;
		return true;
	}
	if (sscanf(l, "Vendor Id: 0x%x", &c->vendor_id) == 1 ||
	    sscanf(l, "Subsystem Id: 0x%x", &c->subsystem_id) == 1 ||
	    sscanf(l, "Revision Id: 0x%x", &c->revision_id) == 1 ||
	    sscanf(l, "Modem Function Group: 0x%x", &c->mfg) == 1 ||
	    !strcmp(l, "No Modem Function Group found"))
		return true;
	if (!strcmp(l, "Default PCM:")) {
		p->state = IN_DEFAULT_PCM;
		p->pcm_line = 0;
		p->pcm_target = &c->pcm;
		p->stream_target = &c->stream;
		return true;
	}
	if (g_str_has_prefix(l, "Default Amp-In caps: "))
		return parse_amp_caps(l + 21, &c->amp_in_caps);
	if (g_str_has_prefix(l, "Default Amp-Out caps: "))
		return parse_amp_caps(l + 22, &c->amp_out_caps);
	if (sscanf(l, "State of AFG node 0x%x:", &c->afg) == 1)
		return true;
	if (g_str_has_prefix(l, "  Power states:"))
		return parse_power_states(l + 15, &c->power_caps);
	if (g_str_has_prefix(l, "  Power: "))
		return parse_power(l + 9, &c->power_state);
	if (g_str_has_prefix(l, "GPIO: ")) {
		unsigned io, o, in, un, wk;

		if (sscanf(l, "GPIO: io=%u, o=%u, i=%u, unsolicited=%u, wake=%u", &io, &o, &in,
			   &un, &wk) != 5)
			return false;
		c->gpio.caps = io | o << 8 | in << 16 | un << 30 | (uint32_t)wk << 31;
		return true;
	}
	if (g_str_has_prefix(l, "  IO[")) {
		unsigned i, en, dir, wake, sticky, data, unsol;

		if (sscanf(l, "  IO[%u]: enable=%u, dir=%u, wake=%u, sticky=%u, data=%u, unsol=%u",
			   &i, &en, &dir, &wake, &sticky, &data, &unsol) != 7 || i > 7)
			return false;
		c->gpio.have_state = true;
		c->gpio.mask |= en << i;
		c->gpio.dir |= dir << i;
		c->gpio.wake |= wake << i;
		c->gpio.sticky |= sticky << i;
		c->gpio.data |= data << i;
		c->gpio.unsol |= unsol << i;
		return true;
	}
	return false;
}

static bool node_line(Parser *p, const char *l)
{
	HdaWidget *w = cur(p);
	unsigned a, b, c2, d;

	if (g_str_has_prefix(l, "  Amp-In caps: ")) {
		w->have |= HDA_HAVE_AMP_IN;
		return parse_amp_caps(l + 15, &w->amp_in_caps_raw);
	}
	if (g_str_has_prefix(l, "  Amp-In vals:"))
		return parse_amp_vals(l + 14, &w->n_amp_in_vals, &w->amp_in_vals,
				      &w->amp_in_stereo);
	if (g_str_has_prefix(l, "  Amp-Out caps: ")) {
		w->have |= HDA_HAVE_AMP_OUT;
		return parse_amp_caps(l + 16, &w->amp_out_caps_raw);
	}
	if (g_str_has_prefix(l, "  Amp-Out vals:"))
		return parse_amp_vals(l + 15, &w->n_amp_out_vals, &w->amp_out_vals,
				      &w->amp_out_stereo);
	if (sscanf(l, "  Pincap 0x%x:", &w->pincap) == 1) {
		w->have |= HDA_HAVE_PIN;
		return true;
	}
	if (g_str_has_prefix(l, "    Vref caps:") || g_str_has_prefix(l, "    Conn = ") ||
	    g_str_has_prefix(l, "    DefAssociation = ") || !strcmp(l, "    Misc = NO_PRESENCE") ||
	    g_str_has_prefix(l, "  Delay: "))
		return true; /* derived from raw values printed elsewhere */
	if (sscanf(l, "  EAPD 0x%x:", &w->eapd) == 1) {
		w->have |= HDA_HAVE_EAPD;
		return true;
	}
	if (sscanf(l, "  Pin Default 0x%x:", &w->pin_default) == 1 ||
	    sscanf(l, "  Pin-ctls: 0x%x:", &w->pin_ctl) == 1)
		return true;
	if (sscanf(l, "  Converter: stream=%u, channel=%u", &a, &b) == 2) {
		w->conv = a << 4 | b;
		w->have |= HDA_HAVE_CONV;
		return true;
	}
	if (sscanf(l, "  SDI-Select: %u", &w->sdi_select) == 1) {
		w->have |= HDA_HAVE_SDI;
		return true;
	}
	if (g_str_has_prefix(l, "  Digital:")) {
		w->have |= HDA_HAVE_DIGITAL;
		return parse_digital(l + 10, &w->digi);
	}
	if (sscanf(l, "  Digital category: 0x%x", &a) == 1) {
		w->digi |= a << 8;
		return true;
	}
	if (sscanf(l, "  IEC Coding Type: 0x%x", &a) == 1) {
		w->digi |= a << 16;
		return true;
	}
	if (!strcmp(l, "  PCM:")) {
		w->have |= HDA_HAVE_PCM;
		p->state = IN_PCM;
		p->pcm_line = 0;
		p->pcm_target = &w->pcm_raw;
		p->stream_target = &w->stream_raw;
		return true;
	}
	if (sscanf(l, "  Unsolicited: tag=%x, enabled=%u", &a, &b) == 2) {
		w->unsol = a | b << 7;
		w->have |= HDA_HAVE_UNSOL;
		return true;
	}
	if (g_str_has_prefix(l, "  Power states:")) {
		w->have |= HDA_HAVE_POWER;
		return parse_power_states(l + 15, &w->power_caps);
	}
	if (g_str_has_prefix(l, "  Power: ")) {
		w->have |= HDA_HAVE_POWER;
		return parse_power(l + 9, &w->power_state);
	}
	if (sscanf(l, "  Volume-Knob: delta=%u, steps=%u, direct=%u, val=%u", &a, &b, &c2, &d) ==
	    4) {
		w->vol_knob_caps = a << 7 | b;
		w->vol_knob = c2 << 7 | d;
		w->have |= HDA_HAVE_VOL_KNOB;
		return true;
	}
	if (sscanf(l, "  Processing caps: benign=%u, ncoeff=%u", &a, &b) == 2) {
		w->proc_caps = a | b << 8;
		w->have |= HDA_HAVE_PROC;
		return true;
	}
	if (sscanf(l, "  Connection: %u", &w->n_conn) == 1) {
		w->have |= HDA_HAVE_CONN;
		if (w->n_conn)
			p->state = IN_CONN;
		return true;
	}
	return false;
}

static bool conn_line(Parser *p, const char *l)
{
	HdaWidget *w = cur(p);
	g_auto(GStrv) words = g_strsplit(l, " ", -1);
	unsigned n = 0;

	if (!g_str_has_prefix(l, "     0x"))
		return false;
	w->conn = g_new0(uint16_t, w->n_conn);
	for (char **x = words; *x; x++) {
		char *end;

		if (!**x)
			continue;
		if (n >= w->n_conn)
			return false;
		w->conn[n] = (uint16_t)strtoul(*x, &end, 16);
		if (*end == '*') {
			w->conn_sel = (int)n;
			w->have |= HDA_HAVE_CONN_SEL;
		}
		n++;
	}
	p->state = IN_NODE;
	return n == w->n_conn;
}

static bool parse_line(Parser *p, const char *l)
{
	unsigned nid, wcaps;

	if (sscanf(l, "Node 0x%x [", &nid) == 1) {
		const char *w = strstr(l, "] wcaps 0x");
		HdaWidget n = { .nid = nid, .conn_sel = -1 };

		if (!w || sscanf(w, "] wcaps 0x%x:", &wcaps) != 1)
			return fail(p, l);
		n.wcaps = wcaps;
		n.type = AC_WCAP_TYPE(wcaps);
		if (!p->widgets->len)
			p->c->start_nid = nid;
		else if (nid != cur(p)->nid + 1)
			return fail(p, l);
		g_array_append_val(p->widgets, n);
		p->state = IN_NODE;
		return true;
	}
	switch (p->state) {
	case IN_DEFAULT_PCM:
	case IN_PCM:
		if (p->pcm_line < 3)
			return pcm_line(p, l) || fail(p, l);
		p->state = p->state == IN_PCM ? IN_NODE : IN_HEADER;
		return parse_line(p, l);
	case IN_HEADER:
		return header_line(p, l) || fail(p, l);
	case IN_CONN:
		return conn_line(p, l) || fail(p, l);
	case IN_NODE:
		return node_line(p, l) || fail(p, l);
	}
	return fail(p, l);
}

/*
 * Lines of a kernel dump we do not print (docs/hda.md): the driver's mixer
 * controls, PCM devices and connection overrides; the DP-MST device list
 * (printed for some codecs by some kernels); lines of a driver's own proc
 * hook (IDT/SigmaTel "Power-Map:").
 */
static bool dropped(const char *l, bool *skip_next_conn)
{
	if (*skip_next_conn && g_str_has_prefix(l, "    ")) {
		*skip_next_conn = false;
		return true;
	}
	*skip_next_conn = false;
	if (g_str_has_prefix(l, "  In-driver Connection: ")) {
		*skip_next_conn = true;
		return true;
	}
	return g_str_has_prefix(l, "  Control: ") || g_str_has_prefix(l, "    ControlAmp: ") ||
	       g_str_has_prefix(l, "  Device: ") || g_str_has_prefix(l, "  Devices: ") ||
	       g_str_has_prefix(l, "     Dev ") || g_str_has_prefix(l, "    *Dev ") ||
	       g_str_has_prefix(l, "Power-Map: ");
}

typedef struct {
	unsigned sections, modern, understood, identical, dot_checked;
	GString *failures;
	GString *not_understood;
	char *dot;          /* Graphviz dot, when installed */
	const char *emu;    /* sofvfio-emu: compare with what the driver enumerates */
	const char *path;   /* current file */
	unsigned index;     /* its "Codec:" section, from 0 */
	bool init_pins;     /* the file has alsa-info's init_pin_configs */
} Stats;

/* The DOT graph of a real codec must be valid Graphviz input. */
static void check_dot(const char *file, const HdaCodec *c, Stats *st)
{
	g_autoptr(GString) dot = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	g_autofree char *tmp = NULL, *errout = NULL;
	const char *keep = g_getenv("SOFVFIO_DOT_DIR");
	int fd, status = 0;

	hda_codec_print_dot(c, dot);
	if (keep) {
		g_autofree char *name = g_strdup_printf("%s/%s-%u.dot", keep, file, c->cad);

		g_file_set_contents(name, dot->str, -1, NULL);
	}
	if (!st->dot)
		return;
	fd = g_file_open_tmp("codec-XXXXXX.dot", &tmp, &err);
	g_assert_no_error(err);
	close(fd);
	g_assert_true(g_file_set_contents(tmp, dot->str, -1, NULL));
	{
		const char *argv[] = { st->dot, "-Tcanon", "-o/dev/null", tmp, NULL };

		g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
					   NULL, NULL, NULL, &errout, &status, &err));
	}
	g_unlink(tmp);
	if (!g_spawn_check_wait_status(status, NULL) || (errout && *errout))
		g_string_append_printf(st->failures, "# %s codec %u: dot rejects the graph: %s\n",
				       file, c->cad, errout ? errout : "");
	st->dot_checked++;
}

/* ---- the same codecs through sofvfio-emu and the whole driver ------------- */

static HdaCodec *enumerate_on_emu(const char *emu, const char *path, unsigned index,
				  GError **error)
{
	g_autofree char *spec = g_strdup_printf("dump:%s#%u", path, index);
	const char *args[] = { "--codec", spec, NULL };
	HdaOptions opts = { .irq = HDA_IRQ_POLL, .response_timeout_ms = 1000 };
	HdaCodec *c = NULL;
	SvEmuChild emu_child;
	SvDevice *dev;

	if (!sv_emu_child_start(&emu_child, emu, args, error))
		return NULL;
	dev = sv_device_open(emu_child.device, error);
	if (dev) {
		HdaController *ctl = hda_controller_open(dev, &opts, error);

		if (ctl)
			c = hda_codec_enumerate(ctl, 0, error);
		hda_controller_close(ctl);
		sv_device_close(dev);
	}
	sv_emu_child_stop(&emu_child, NULL);
	return c;
}

static void print_lines(const HdaCodec *c, GString *out)
{
	g_autoptr(GString) raw = g_string_new(NULL);
	g_auto(GStrv) lines = NULL;

	hda_codec_print_proc(c, raw);
	lines = g_strsplit(raw->str, "\n", -1);
	/* The first line (Codec: name) is the kernel driver's chip name. */
	for (char **x = lines + 1; *x; x++)
		if (**x || x[1])
			g_string_append_printf(out, "%s\n", g_strchomp(*x));
}

/*
 * @dumped: the section as parsed.  The differences that are not the
 * driver's: the mock puts the codec at address 0; with alsa-info's
 * init_pin_configs it serves the power-on pin defaults rather than the
 * driver's overrides; kernels before the stereo-to-mono fix printed one
 * value for a mono mixer fed by one stereo widget.
 */
static void compare_with_emu(const char *file, HdaCodec *dumped, Stats *st)
{
	g_autoptr(GError) err = NULL;
	g_autoptr(HdaCodec) got = enumerate_on_emu(st->emu, st->path, st->index, &err);
	g_autoptr(GString) a = g_string_new(NULL), b = g_string_new(NULL);

	if (!got) {
		g_string_append_printf(st->failures, "# %s#%u: %s\n", file, st->index,
				       err ? err->message : "?");
		return;
	}
	dumped->cad = got->cad;
	for (unsigned i = 0; i < dumped->n_widgets && i < got->n_widgets; i++) {
		HdaWidget *w = &dumped->widgets[i];
		const HdaWidget *src;

		if (st->init_pins && (w->have & HDA_HAVE_PIN))
			w->pin_default = got->widgets[i].pin_default;
		if (w->type == AC_WID_AUD_MIX && !(w->wcaps & AC_WCAP_STEREO) && w->n_conn == 1 &&
		    w->n_amp_in_vals == 1 && !w->amp_in_stereo &&
		    (src = hda_codec_widget(dumped, w->conn[0])) && (src->wcaps & AC_WCAP_STEREO))
			w->amp_in_stereo = true;
	}
	print_lines(dumped, a);
	print_lines(got, b);
	if (!strcmp(a->str, b->str)) {
		st->identical++;
		return;
	}
	{
		g_auto(GStrv) x = g_strsplit(a->str, "\n", -1), y = g_strsplit(b->str, "\n", -1);
		unsigned i = 0;

		while (x[i] && y[i] && !strcmp(x[i], y[i]))
			i++;
		g_string_append_printf(st->failures, "# %s#%u, line %u:\n#   dump:    '%s'\n"
				       "#   sofvfio: '%s'\n", file, st->index, i + 2,
				       x[i] ? x[i] : "(end)", y[i] ? y[i] : "(end)");
	}
}

static void check_section(const char *file, char **lines, unsigned n, Stats *st)
{
	Parser p = { .c = g_new0(HdaCodec, 1),
		     .widgets = g_array_new(FALSE, TRUE, sizeof(HdaWidget)) };
	g_autoptr(GString) want = g_string_new(NULL), got = g_string_new(NULL);
	g_autoptr(HdaCodec) c = p.c;
	bool skip_conn = false, modern = false;

	st->sections++;
	for (unsigned i = 0; i < n; i++)
		modern |= g_str_has_prefix(lines[i], "State of AFG node");
	if (!modern) {
		g_array_free(p.widgets, TRUE);
		return;
	}
	st->modern++;
	for (unsigned i = 0; i < n; i++) {
		if (dropped(lines[i], &skip_conn))
			continue;
		g_string_append_printf(want, "%s\n", lines[i]);
		if (!p.why)
			parse_line(&p, lines[i]);
	}
	c->n_widgets = p.widgets->len;
	c->widgets = (HdaWidget *)g_array_free(p.widgets, FALSE);
	if (p.why) {
		if (st->not_understood->len < 4000)
			g_string_append_printf(st->not_understood, "# %s: '%s'\n", file, p.why);
		g_free(p.why);
		return;
	}
	st->understood++;
	c->afg = c->afg ? c->afg : (c->afg_function_type ? 1 : 0);
	if (st->emu) {
		compare_with_emu(file, c, st);
		return;
	}
	{
		g_autoptr(GString) raw = g_string_new(NULL);
		g_auto(GStrv) out = NULL;

		hda_codec_print_proc(c, raw);
		/* "Codec: NAME" is the kernel driver's name for the chip: compared as is. */
		if (g_str_has_prefix(raw->str, "Codec:  "))
			g_string_erase(raw, 6, 1);
		out = g_strsplit(raw->str, "\n", -1);
		for (char **x = out; *x; x++)
			if (**x || x[1])
				g_string_append_printf(got, "%s\n", g_strchomp(*x));
	}
	check_dot(file, c, st);
	if (!strcmp(got->str, want->str)) {
		st->identical++;
		return;
	}
	{
		g_auto(GStrv) a = g_strsplit(want->str, "\n", -1), b = g_strsplit(got->str, "\n", -1);
		unsigned i = 0;

		while (a[i] && b[i] && !strcmp(a[i], b[i]))
			i++;
		g_string_append_printf(st->failures, "# %s codec %u, line %u:\n#   kernel:  '%s'\n"
				       "#   sofvfio: '%s'\n", file, c->cad, i + 1,
				       a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
	}
}

static bool codec_line(const char *l)
{
	static const char *const prefixes[] = {
		"Codec: ", "Address: ", "AFG Function Id: ", "MFG Function Id: ", "Vendor Id: ",
		"Subsystem Id: ", "Revision Id: ", "No Modem Function Group found",
		"Modem Function Group: ", "Default PCM:", "Default Amp-In caps: ",
		"Default Amp-Out caps: ", "State of AFG node ", "GPIO: ", "Node 0x", "  ", "N/A",
		"Invalid AFG subtree", "Power-Map: ",
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(prefixes); i++)
		if (g_str_has_prefix(l, prefixes[i]))
			return true;
	return false;
}

static void check_file(const char *dir, const char *name, Stats *st)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	unsigned n;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	st->path = path;
	st->index = 0;
	st->init_pins = strstr(text, "init_pin_configs") != NULL;
	lines = g_strsplit(text, "\n", -1);
	n = g_strv_length(lines);
	/* Mail clients and editors lose trailing blanks (the kernel prints one
	 * after an empty "Power states: "): compare without them. */
	for (unsigned i = 0; i < n; i++)
		g_strchomp(lines[i]);
	for (unsigned i = 0; i < n; i++) {
		unsigned end;

		if (!g_str_has_prefix(lines[i], "Codec: "))
			continue;
		for (end = i + 1; end < n && codec_line(lines[end]) &&
				  !g_str_has_prefix(lines[end], "Codec: ");
		     end++)
			;
		check_section(name, lines + i, end - i, st);
		st->index++;
		i = end - 1;
	}
}

/* Every file of the collection, in name order; FALSE when there is none. */
static bool check_all(Stats *st)
{
	const char *dir = g_getenv("SOFVFIO_CODEC_DUMPS") ? g_getenv("SOFVFIO_CODEC_DUMPS")
							  : SV_CODEC_DUMPS;
	g_autoptr(GPtrArray) names = sv_dump_files(dir);

	if (!names) {
		g_autofree char *msg = g_strdup_printf("no codec dumps at %s", dir);

		g_test_skip(msg);
		return false;
	}
	for (unsigned i = 0; i < names->len; i++)
		check_file(dir, names->pdata[i], st);
	return true;
}

static void test_emu(void)
{
	const char *emu = g_getenv("SOFVFIO_EMU") ? g_getenv("SOFVFIO_EMU") : SV_EMU;
	Stats st = { .failures = g_string_new(NULL), .not_understood = g_string_new(NULL),
		     .emu = emu };

	if (!*emu || !g_file_test(emu, G_FILE_TEST_IS_EXECUTABLE)) {
		g_test_skip("no sofvfio-emu (SOFVFIO_EMU)");
	} else if (check_all(&st)) {
		g_test_message("%u codec sections served by sofvfio-emu, %u enumerated "
			       "identically", st.understood, st.identical);
		if (st.failures->len)
			g_printerr("%s", st.failures->str);
		g_assert_cmpuint(st.understood, >, 0);
		g_assert_cmpuint(st.identical, ==, st.understood);
	}
	g_string_free(st.failures, TRUE);
	g_string_free(st.not_understood, TRUE);
}

static void test_dumps(void)
{
	Stats st = { .failures = g_string_new(NULL), .not_understood = g_string_new(NULL),
		     .dot = g_find_program_in_path("dot") };

	if (!check_all(&st)) {
		g_string_free(st.failures, TRUE);
		g_string_free(st.not_understood, TRUE);
		g_free(st.dot);
		return;
	}
	g_test_message("%u codec sections, %u in the current format, %u understood, %u printed "
		       "identically; %u DOT graphs accepted by Graphviz%s", st.sections, st.modern,
		       st.understood, st.identical, st.dot_checked,
		       st.dot ? "" : " (dot not installed)");
	if (st.not_understood->len)
		g_test_message("not understood (first lines):\n%s", st.not_understood->str);
	if (st.failures->len)
		g_printerr("%s", st.failures->str);
	g_assert_cmpuint(st.understood, >, 0);
	g_assert_cmpuint(st.identical, ==, st.understood);
	g_assert_cmpuint(st.failures->len, ==, 0);
	g_string_free(st.failures, TRUE);
	g_string_free(st.not_understood, TRUE);
	g_free(st.dot);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hda-dumps/proc-roundtrip", test_dumps);
	g_test_add_func("/hda-dumps/emu-enumerate", test_emu);
	return g_test_run();
}
