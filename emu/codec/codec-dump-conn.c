// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dump-conn.c - the widget lines of a codec dump for unsolicited
 * responses, power, DP-MST devices, connection lists and processing
 * coefficients.
 */
#include "codec-dump-ctx.h"

#include <string.h>

/* "tag=01, enabled=1": the tag is printed in hex without 0x. */
static void h_unsol(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t tag, en;

	if (!n)
		return;
	if (!dump_read_kv(s, "tag", 16, &tag) || !dump_read_kv(s, "enabled", 10, &en))
		return warn(x, "Unsolicited line not understood");
	n->st.reg[EMU_REG_UNSOL] = (tag & AC_UNSOL_TAG) | (en ? AC_UNSOL_ENABLED : 0);
	x->seen[n->nid] |= SEEN_UNSOL;
}

/* "Power states:  D0 D1 D2 D3 CLKSTOP EPSS": POWER_STATE parameter (7.3.4.12). */
static void h_power_states(Ctx *x, const char *s)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} states[] = {
		{ "D0", 1u << 0 }, { "D1", 1u << 1 }, { "D2", 1u << 2 }, { "D3", 1u << 3 },
		{ "D3cold", 1u << 4 }, { "S3D3cold", 1u << 29 }, { "CLKSTOP", 1u << 30 },
		{ "EPSS", 1u << 31 },
	};
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v = 0;

	if (!n)
		return;
	for (unsigned i = 0; i < G_N_ELEMENTS(states); i++)
		if (dump_has_word(s, states[i].name))
			v |= states[i].bit;
	n->param[AC_PAR_POWER_STATE] = v;
	*dump_flags_of(x, n) |= SEEN_PWR_STATES;
}

static bool read_pstate(const char *s, const char *key, uint32_t *ps)
{
	const char *p = strstr(s, key);

	if (!p)
		return false;
	p += strlen(key);
	if (g_str_has_prefix(p, "D3cold")) {
		*ps = 4;
		return true;
	}
	if (p[0] != 'D' || p[1] < '0' || p[1] > '3')
		return false;
	*ps = p[1] - '0';
	return true;
}

/* "setting=D0, actual=D3, Error, Clock-stop-OK, Setting-reset" or old "0x0". */
static void h_power(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t set, act, v;

	if (!n)
		return;
	*dump_flags_of(x, n) |= SEEN_POWER;
	if (read_pstate(s, "setting=", &set) && read_pstate(s, "actual=", &act)) {
		v = set | act << AC_PWRST_ACTUAL_SHIFT;
		if (strstr(s, "Error"))
			v |= AC_PWRST_ERROR;
		if (strstr(s, "Clock-stop-OK"))
			v |= AC_PWRST_CLK_STOP_OK;
		if (strstr(s, "Setting-reset"))
			v |= AC_PWRST_SETTING_RESET;
		n->st.reg[EMU_REG_POWER] = v;
	} else if (dump_read_num(&s, 0, &v)) {
		n->st.reg[EMU_REG_POWER] = v;
	} else {
		warn(x, "Power line not understood");
	}
}

/* "Delay: 13 samples": wcaps 19:16, which the Node line has (unless it has no wcaps). */
static void h_delay(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 10, &v))
		return warn(x, "Delay without a value");
	if (*dump_flags_of(x, n) & NO_WCAPS)
		n->param[AC_PAR_AUDIO_WIDGET_CAP] |= (v & 0xf) << 16;
}

/* "Devices: 2" (DP-MST pins): DEVLIST_LEN holds the count minus one. */
static void h_devices(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 10, &v) || v > EMU_MAX_DEVICES)
		return warn(x, "Devices: bad count");
	n->n_devices = v;
	n->param[AC_PAR_DEVLIST_LEN] = v ? v - 1 : 0;
}

/* "*Dev 00: PD = 1, ELDV = 1, IA = 0, Connections [ 0x02* 0x03 ]", '*' = selected. */
static void h_dev(Ctx *x, const char *s, bool selected)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t idx, pd = 0, eldv = 0, ia = 0;
	const char *list;

	if (!n)
		return;
	if (!dump_read_num(&s, 10, &idx) || idx >= n->n_devices)
		return warn(x, "Dev line: bad index");
	dump_read_kv(s, "PD", 10, &pd);
	dump_read_kv(s, "ELDV", 10, &eldv);
	dump_read_kv(s, "IA", 10, &ia);
	n->devices[idx] = (pd ? 1 : 0) | (eldv ? 2 : 0) | (ia ? 4 : 0);
	if (selected)
		n->st.reg[EMU_REG_DEV_SEL] = idx;
	list = strchr(s, '[');
	for (unsigned c = 0; list && *list; c++) {
		uint32_t nid;

		list++;
		if (!dump_read_num(&list, 16, &nid))
			break;
		if (*list == '*')
			n->st.dev_conn_sel[idx] = c;
	}
}

static void h_dev_plain(Ctx *x, const char *s) { h_dev(x, s, false); }
static void h_dev_selected(Ctx *x, const char *s) { h_dev(x, s, true); }

static void h_connection(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 10, &v))
		return warn(x, "Connection: no count");
	x->seen[n->nid] |= SEEN_CONN;
	x->conn_expect = v;
	x->mode = MODE_CONN;
}

static void h_indriver_conn(Ctx *x, const char *s)
{
	x->mode = MODE_SKIP_LIST;
}

static void h_proc_caps(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t benign, ncoeff;

	if (!n)
		return;
	if (!dump_read_kv(s, "benign", 10, &benign) || !dump_read_kv(s, "ncoeff", 10, &ncoeff))
		return warn(x, "Processing caps not understood");
	n->param[AC_PAR_PROC_CAP] = (benign & 1) | (ncoeff & 0xff) << 8;
	x->seen[n->nid] |= SEEN_PROC;
}

/* "Coeff 0x05: 0x1234" (proc.c with dump_coef). */
static void h_coeff(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t idx, val;

	if (!n)
		return;
	if (!dump_read_num(&s, 16, &idx) || *s != ':' || (s++, !dump_read_num(&s, 16, &val)))
		return warn(x, "Coeff line not understood");
	emu_codec_set_coef(n, idx, val);
}

/*
 * Realtek's proc hook prints GET_PROC_COEF, then GET_COEF_INDEX: with the
 * index stepping on after the read, the value sits at the index minus one.
 */
static void h_realtek_coef(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t v;

	if (!n)
		return;
	if (!dump_read_num(&s, 16, &v))
		return warn(x, "Processing Coefficient without a value");
	n->st.reg[EMU_REG_COEF_INDEX] = 0xffff;  /* until the index line comes */
	emu_codec_set_coef(n, 0xffff, v);
}

static void h_realtek_coef_index(Ctx *x, const char *s)
{
	EmuCodecNode *n = dump_node_or_warn(x);
	uint32_t idx, v;

	if (!n)
		return;
	if (!dump_read_num(&s, 16, &idx))
		return warn(x, "Coefficient Index without a value");
	v = emu_codec_get_coef(n, 0xffff);
	if (n->coef)
		g_hash_table_remove(n->coef, GUINT_TO_POINTER(0xffff));
	n->st.reg[EMU_REG_COEF_INDEX] = (idx - 1) & 0xffff;
	emu_codec_set_coef(n, (idx - 1) & 0xffff, v);
}

void dump_ignore(Ctx *x, const char *s)
{
}

/*
 * A connection list line: " 0x0c 0x0d* 0x0e".  As an extension for our
 * own dumps, "0x10-0x14" is a range entry (kept as a range in the model;
 * Linux prints ranges expanded, so real dumps never have one).
 */
bool dump_read_conn_line(Ctx *x, EmuCodecNode *n, const char *s, bool store)
{
	EmuConnEntry e[128] = { { 0 } };
	unsigned count = 0, expanded = 0;
	int sel = -1;

	while (*s) {
		uint32_t a, b;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (!g_str_has_prefix(s, "0x") || !dump_read_num(&s, 16, &a))
			return false;
		if (*s == '-') {
			s++;
			if (!dump_read_num(&s, 16, &b))
				return false;
		} else {
			b = a;
		}
		if (*s == '*')
			s++, sel = expanded + (b > a ? b - a : 0);
		if (*s && *s != ' ' && *s != '\t')
			return false;
		if (count + 2 > G_N_ELEMENTS(e) || a > 0x7fff || b > 0x7fff)
			return false;
		e[count++] = (EmuConnEntry){ .nid = a };
		expanded++;
		if (b > a) {
			e[count++] = (EmuConnEntry){ .nid = b, .range = true };
			expanded += b - a;
		} else if (b != a) {
			e[count++] = (EmuConnEntry){ .nid = b };
			expanded++;
		}
	}
	if (!store)
		return true;
	if (count > 0x7f) {
		warn(x, "connection list longer than 127 entries");
		count = 0x7f;
	}
	if (expanded != x->conn_expect)
		warn(x, "Connection: %u but %u entries listed", x->conn_expect, expanded);
	emu_codec_set_conn(n, e, count);
	if (sel >= 0)
		n->st.reg[EMU_REG_CONN_SEL] = sel;
	return true;
}


/* Widget lines: unsolicited, power, DP-MST devices, connections, processing. */
const DumpKey emu_dump_conn_keys[] = {
	{ "Unsolicited:", h_unsol },
	{ "Power states:", h_power_states },
	{ "Power:", h_power },
	{ "Delay:", h_delay },
	{ "Devices:", h_devices },
	{ "Dev ", h_dev_plain },
	{ "*Dev ", h_dev_selected },
	{ "Connection:", h_connection },
	{ "In-driver Connection:", h_indriver_conn },
	{ "Processing caps:", h_proc_caps },
	{ "Coeff ", h_coeff },
	{ "Processing Coefficient:", h_realtek_coef },
	{ "Coefficient Index:", h_realtek_coef_index },
	{ "Control:", dump_ignore },
	{ "ControlAmp:", dump_ignore },
	{ "Device:", dump_ignore },
	{ NULL, NULL }
};
