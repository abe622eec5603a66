// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-header.c - the header lines of a codec dump section: the
 * root node (vendor, subsystem, revision), the function groups, and the
 * audio function group's defaults, power state and GPIOs.
 */
#include "codec-dump-ctx.h"

#include <string.h>

static void h_codec(Ctx *x, const char *s)
{
	g_free(x->c->name);
	x->c->name = g_strstrip(g_strdup(s));
}

static void h_address(Ctx *x, const char *s)
{
	uint32_t v;

	if (dump_read_num(&s, 10, &v))
		x->address = (int)v;
	else
		warn(x, "Address: no number");
}

/* "0x1 (unsol 1)": the FUNCTION_TYPE parameter, unsolicited capable in bit 8. */
static bool read_fid(const char *s, uint32_t *fid)
{
	const char *u;
	uint32_t unsol = 0;

	if (!dump_read_num(&s, 16, fid))
		return false;
	u = strstr(s, "unsol ");
	if (u) {
		u += 6;
		dump_read_num(&u, 10, &unsol);
	}
	*fid = (*fid & 0xff) | (unsol ? AC_FGT_UNSOL_CAP : 0);
	return true;
}

static void h_afg_fid(Ctx *x, const char *s)
{
	if (!read_fid(s, &x->afg_fid))
		return warn(x, "AFG Function Id: no value");
	x->afg_fid_set = x->afg_seen = true;
}

static void h_mfg_fid(Ctx *x, const char *s)
{
	if (!read_fid(s, &x->mfg_fid))
		return warn(x, "MFG Function Id: no value");
	x->mfg_fid_set = true;
}

/* Old kernels: "Function Id: 0x1", the type of the first function group. */
static void h_fid(Ctx *x, const char *s)
{
	uint32_t fid;

	if (!read_fid(s, &fid))
		return warn(x, "Function Id: no value");
	if (AC_FGT_TYPE(fid) == AC_GRP_MODEM_FUNCTION) {
		x->mfg_fid = fid;
		x->mfg_fid_set = true;
	} else {
		x->afg_fid = fid;
		x->afg_fid_set = x->afg_seen = true;
	}
}

static void h_header_num(Ctx *x, const char *s, uint32_t *dst, const char *what)
{
	if (!dump_read_num(&s, 0, dst))
		warn(x, "%s: no value", what);
}

static void h_vendor(Ctx *x, const char *s) { h_header_num(x, s, &x->vendor, "Vendor Id"); }
static void h_ssid(Ctx *x, const char *s) { h_header_num(x, s, &x->ssid, "Subsystem Id"); }
static void h_rev(Ctx *x, const char *s) { h_header_num(x, s, &x->rev, "Revision Id"); }

static void h_mfg(Ctx *x, const char *s)
{
	uint32_t nid;

	if (!dump_read_num(&s, 0, &nid) || !nid || nid >= EMU_CODEC_NIDS)
		return warn(x, "Modem Function Group: bad NID");
	x->mfg_nid = nid;
}

/* Old kernels print "rates 0x07f, bits 0x0e, types 0x1" on one line. */
static bool read_old_pcm(const char *s, EmuCodecNode *n)
{
	static const char *const names[] = { "rates ", "bits ", "types " };
	uint32_t v[3];

	for (unsigned i = 0; i < 3; i++) {
		s = strstr(s, names[i]);
		if (!s)
			return false;
		s += strlen(names[i]);
		if (!dump_read_num(&s, 16, &v[i]))
			return false;
	}
	n->param[AC_PAR_PCM] = (v[0] & AC_SUPPCM_RATES) | (v[1] & 0xff) << 16;
	n->param[AC_PAR_STREAM] = v[2];
	return true;
}

void dump_start_pcm(Ctx *x, EmuCodecNode *n, const char *s)
{
	*dump_flags_of(x, n) |= SEEN_PCM;
	while (*s == ' ')
		s++;
	if (!*s) {
		x->mode = MODE_PCM;
		x->pcm_node = n;
	} else if (g_str_has_prefix(s, "N/A")) {
		n->param[AC_PAR_PCM] = n->param[AC_PAR_STREAM] = 0;
	} else if (!read_old_pcm(s, n)) {
		warn(x, "PCM line not understood");
	}
}

static void h_default_pcm(Ctx *x, const char *s)
{
	x->afg_seen = true;
	dump_start_pcm(x, x->afg, s);
}

static void h_default_amp_in(Ctx *x, const char *s)
{
	x->afg_seen = true;
	if (!dump_read_amp_caps(s, &x->afg->param[AC_PAR_AMP_IN_CAP]))
		warn(x, "Default Amp-In caps not understood");
	x->afg_flags |= SEEN_AMP_IN;
}

static void h_default_amp_out(Ctx *x, const char *s)
{
	x->afg_seen = true;
	if (!dump_read_amp_caps(s, &x->afg->param[AC_PAR_AMP_OUT_CAP]))
		warn(x, "Default Amp-Out caps not understood");
	x->afg_flags |= SEEN_AMP_OUT;
}

static void h_afg_state(Ctx *x, const char *s)
{
	uint32_t nid;

	x->afg_seen = true;
	if (dump_read_num(&s, 0, &nid) && nid && nid < EMU_CODEC_NIDS)
		x->afg_nid = nid;
	else
		warn(x, "State of AFG node: bad NID");
	x->cur = x->afg;
}

/* "io=2, o=0, i=0, unsolicited=1, wake=0": GPIO_CAP (7.3.4.14). */
static void h_gpio(Ctx *x, const char *s)
{
	uint32_t io, o, i, unsol, wake;

	x->afg_seen = true;
	x->cur = x->afg;
	if (!dump_read_kv(s, "io", 10, &io) || !dump_read_kv(s, "o", 10, &o) || !dump_read_kv(s, "i", 10, &i) ||
	    !dump_read_kv(s, "unsolicited", 10, &unsol) || !dump_read_kv(s, "wake", 10, &wake))
		return warn(x, "GPIO line not understood");
	x->afg->param[AC_PAR_GPIO_CAP] = (io & 0xff) | (o & 0xff) << 8 | (i & 0xff) << 16 |
					 (unsol ? 1u << 30 : 0) | (wake ? 1u << 31 : 0);
}

/* "IO[0]: enable=0, dir=0, wake=0, sticky=0, data=0, unsol=0" (unsol= since 2.6.2x). */
static void h_gpio_io(Ctx *x, const char *s)
{
	static const struct {
		const char *key;
		unsigned reg;
	} bits[] = {
		{ "enable", EMU_REG_GPIO_MASK }, { "dir", EMU_REG_GPIO_DIR },
		{ "wake", EMU_REG_GPIO_WAKE }, { "sticky", EMU_REG_GPIO_STICKY },
		{ "data", EMU_REG_GPIO_DATA }, { "unsol", EMU_REG_GPIO_UNSOL },
	};
	uint32_t idx, v;

	if (!dump_read_num(&s, 10, &idx) || idx > 7)
		return warn(x, "GPIO IO line: bad index");
	for (unsigned k = 0; k < G_N_ELEMENTS(bits); k++)
		if (dump_read_kv(s, bits[k].key, 10, &v) && v)
			x->afg->st.reg[bits[k].reg] |= 1u << idx;
}


/* The header lines: root node and audio function group. */
const DumpKey emu_dump_header_keys[] = {
	{ "Codec:", h_codec },
	{ "Address:", h_address },
	{ "AFG Function Id:", h_afg_fid },
	{ "MFG Function Id:", h_mfg_fid },
	{ "Function Id:", h_fid },
	{ "Vendor Id:", h_vendor },
	{ "Subsystem Id:", h_ssid },
	{ "Revision Id:", h_rev },
	{ "No Modem Function Group found", dump_ignore },
	{ "Modem Function Group:", h_mfg },
	{ "Default PCM:", h_default_pcm },
	{ "Default Amp-In caps:", h_default_amp_in },
	{ "Default Amp-Out caps:", h_default_amp_out },
	{ "State of AFG node", h_afg_state },
	{ "GPIO:", h_gpio },
	{ "IO[", h_gpio_io },
	{ "Invalid AFG subtree", dump_ignore },
	{ "Power-Map:", dump_ignore },           /* IDT/STAC proc hook (vendor verb) */
	{ "Analog Loopback:", dump_ignore },     /* IDT/STAC proc hook (vendor verb) */
	{ NULL, NULL }
};
