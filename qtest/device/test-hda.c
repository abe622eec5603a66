// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-hda.c - the HDA controller and codec layer, written once and run on
 * every backend (harness.h): bring-up and GCAP, the codec mask and vendor
 * id, enumeration of the codecs found, a verb to a missing codec (clean
 * timeout, controller still usable), the immediate command interface,
 * polling, INTx and MSI, and the state the controller is left in.
 *
 * Environment: SOFVFIO_CODEC_ID (expected GET_PARAMETER(VENDOR_ID) of the
 * first codec, e.g. 0x1af40022); without it QEMU-based backends expect a
 * QEMU codec (vendor 0x1af4).
 */
#include "harness.h"
#include "sofvfio/hda-codec.h"
#include "sofvfio/json.h"
#include "sofvfio/wait.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 500 /* per verb: TCG guests and qtest are slow, hardware is not */

static HdaController *open_ctl(SvDevice *dev, HdaIrqMode irq, HdaCmdMode cmd)
{
	HdaOptions o = { .irq = irq, .cmd = cmd, .response_timeout_ms = TIMEOUT_MS };
	g_autoptr(GError) err = NULL;
	HdaController *ctl = hda_controller_open(dev, &o, &err);

	sv_assert_no_error(err);
	g_assert_nonnull(ctl);
	return ctl;
}

static unsigned first_codec(HdaController *ctl)
{
	unsigned mask = hda_controller_info(ctl)->codec_mask;

	g_assert_cmphex(mask, !=, 0);
	return (unsigned)__builtin_ctz(mask);
}

static void check_vendor_id(const char *what, uint32_t id)
{
	const char *want = g_getenv("SOFVFIO_CODEC_ID");
	const char *kind = sv_test_backend()->kind;

	if (want && *want) {
		g_assert_cmphex(id, ==, (uint32_t)strtoul(want, NULL, 0));
		return;
	}
	g_assert_cmphex(id, !=, 0);
	g_assert_cmphex(id, !=, 0xffffffffu);
	if (!strcmp(kind, "qtest") || !strcmp(kind, "guest"))
		g_assert_cmphex(id >> 16, ==, 0x1af4);
	g_test_message("%s: codec vendor id 0x%08x", what, id);
}

static uint32_t vendor_id(HdaController *ctl, unsigned cad)
{
	g_autoptr(GError) err = NULL;
	uint32_t v = 0;

	g_assert_true(hda_param(ctl, cad, 0, AC_PAR_VENDOR_ID, &v, &err));
	sv_assert_no_error(err);
	return v;
}

/* ---- controller ----------------------------------------------------------- */

static void test_open(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	const HdaControllerInfo *info = hda_controller_info(ctl);
	unsigned n_sd = info->n_in + info->n_out + info->n_bidi;
	SvRegionInfo ri;

	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &ri, NULL));
	g_assert_cmphex(info->gcap, !=, 0);
	g_assert_cmphex(info->gcap, !=, 0xffff);
	g_assert_cmpuint(info->vmaj, ==, 1);
	g_assert_cmpuint(n_sd, >=, 1);
	g_assert_cmpuint(n_sd, <=, 30);
	g_assert_cmpuint(HDA_SD_OFF(n_sd), <=, ri.size);
	g_assert_cmpuint(info->n_in, ==, HDA_GCAP_ISS(info->gcap));
	g_assert_cmpuint(info->n_out, ==, HDA_GCAP_OSS(info->gcap));
	g_assert_cmphex(info->codec_mask, !=, 0);
	g_assert_cmphex(info->codec_mask & ~HDA_STATESTS_MASK, ==, 0);
	g_assert_true(info->corb_entries == 2 || info->corb_entries == 16 ||
		      info->corb_entries == 256);
	g_assert_true(info->rirb_entries == 2 || info->rirb_entries == 16 ||
		      info->rirb_entries == 256);
	g_assert_cmpint(hda_controller_irq_mode(ctl), !=, HDA_IRQ_AUTO);
	g_assert_cmpint(hda_controller_cmd_mode(ctl), ==, HDA_CMD_CORB);
	g_assert_true(hda_controller_device(ctl) == dev);
	g_assert_nonnull(hda_controller_posbuf(ctl));
	/* The controller is out of reset, with CORB running and unsolicited
	 * responses accepted. */
	g_assert_cmphex(sv_read32(dev, 0, HDA_GCTL) & (HDA_GCTL_CRST | HDA_GCTL_UNSOL), ==,
			HDA_GCTL_CRST | HDA_GCTL_UNSOL);
	g_assert_cmphex(sv_read8(dev, 0, HDA_CORBCTL) & HDA_CORBCTL_RUN, ==, HDA_CORBCTL_RUN);
	g_assert_cmphex(sv_read32(dev, 0, HDA_DPLBASE) & HDA_DPLBASE_ENABLE, ==, 1);
	/* STATESTS was cleared after it was read. */
	g_assert_cmphex(sv_read16(dev, 0, HDA_STATESTS) & info->codec_mask, ==, 0);
	g_test_message("GCAP 0x%04x, codecs 0x%04x, irq %s, %u-entry CORB", info->gcap,
		       info->codec_mask, hda_irq_mode_name(hda_controller_irq_mode(ctl)),
		       info->corb_entries);
	hda_controller_close(ctl);
}

static void test_close_state(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	g_autoptr(GError) err = NULL;

	hda_controller_close(ctl);
	/* Left in reset with every engine and interrupt off. */
	g_assert_cmphex(sv_read32(dev, 0, HDA_GCTL) & HDA_GCTL_CRST, ==, 0);
	g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL), ==, 0);
	g_assert_cmphex(sv_read8(dev, 0, HDA_CORBCTL) & HDA_CORBCTL_RUN, ==, 0);
	g_assert_cmphex(sv_read8(dev, 0, HDA_RIRBCTL) & HDA_RIRBCTL_DMAEN, ==, 0);
	g_assert_cmpint(sv_irq_fd(dev, SV_IRQ_MSI, 0), ==, -1);
	g_assert_cmpint(sv_irq_fd(dev, SV_IRQ_INTX, 0), ==, -1);
	g_assert_true(sv_device_take_error(dev, &err));

	/* And it comes up again, finding the same codecs. */
	ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	check_vendor_id("after reopen", vendor_id(ctl, first_codec(ctl)));
	hda_controller_close(ctl);
}

static void test_extcaps(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_POLL, HDA_CMD_AUTO);
	const HdaControllerInfo *info = hda_controller_info(ctl);
	uint16_t llch = sv_read16(dev, 0, HDA_LLCH);
	SvRegionInfo ri;

	g_assert_true(sv_region_info(dev, SV_REGION_BAR0, &ri, NULL));
	g_assert_cmpuint(info->n_extcaps, <=, HDA_MAX_EXTCAPS);
	if (!llch)
		g_assert_cmpuint(info->n_extcaps, ==, 0);
	else
		g_assert_cmpuint(info->extcaps[0].offset, ==, llch);
	for (unsigned i = 0; i < info->n_extcaps; i++) {
		const HdaExtCap *c = &info->extcaps[i];

		g_assert_cmpuint(c->offset + 4, <=, ri.size);
		g_assert_cmpuint(HDA_EXTCAP_ID(sv_read32(dev, 0, c->offset)), ==, c->id);
		g_assert_cmpuint(hda_extcap_find(ctl, c->id), !=, 0);
		g_test_message("extended capability %u at 0x%x", c->id, c->offset);
	}
	g_assert_cmpuint(hda_extcap_find(ctl, 0xfff), ==, 0);
	hda_controller_close(ctl);
}

/* ---- commands ------------------------------------------------------------- */

static void test_vendor(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	unsigned mask = hda_controller_info(ctl)->codec_mask;
	g_autoptr(GError) err = NULL;
	unsigned verb;
	gboolean is4;
	uint32_t cmd, v;

	for (unsigned cad = 0; cad < 15; cad++)
		if (mask & (1u << cad))
			check_vendor_id("codec", vendor_id(ctl, cad));
	/* The same through the hda-verb style names and hda_command(). */
	g_assert_true(hda_verb_lookup("GET_PARAMETER", &verb, &is4, NULL));
	g_assert_true(hda_verb_build(first_codec(ctl), 0, verb, is4, AC_PAR_VENDOR_ID, &cmd,
				     NULL));
	g_assert_true(hda_command(ctl, cmd, &v, &err));
	sv_assert_no_error(err);
	g_assert_cmphex(v, ==, vendor_id(ctl, first_codec(ctl)));
	/* Out-of-range arguments are refused before anything is sent. */
	g_assert_false(hda_verb(ctl, 15, 0, AC_VERB_PARAMETERS, 0, &v, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	hda_controller_close(ctl);
}

static void missing_codec(HdaController *ctl)
{
	unsigned mask = hda_controller_info(ctl)->codec_mask;
	unsigned cad = (unsigned)__builtin_ctz(~mask & 0x7fff), good = first_codec(ctl);
	g_autoptr(GError) err = NULL;
	g_autofree char *needle = g_strdup_printf("codec %u", cad);
	uint32_t want = vendor_id(ctl, good), v = 0;
	int64_t t0;

	for (int round = 0; round < 2; round++) {
		t0 = sv_now_us();
		g_assert_false(hda_param(ctl, cad, 0, AC_PAR_VENDOR_ID, &v, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_TIMEOUT);
		g_assert_nonnull(strstr(err->message, needle));
		/* bounded: about one deadline */
		g_assert_cmpint(sv_now_us() - t0, >=, TIMEOUT_MS * 1000 - 1000);
		g_assert_cmpint(sv_now_us() - t0, <, TIMEOUT_MS * 1000 * 4);
		g_test_message("%s", err->message);
		g_clear_error(&err);
		/* The controller is still usable, and answers the right codec. */
		g_assert_cmphex(vendor_id(ctl, good), ==, want);
		g_assert_cmphex(vendor_id(ctl, good), ==, want);
	}
}

static void test_missing_codec(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);

	missing_codec(ctl);
	g_assert_cmpint(hda_controller_cmd_mode(ctl), ==, HDA_CMD_CORB);
	hda_controller_close(ctl);
}

static void test_immediate(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_IMMEDIATE);
	g_autoptr(GError) err = NULL;
	g_autoptr(HdaCodec) c = NULL;

	g_assert_cmpint(hda_controller_cmd_mode(ctl), ==, HDA_CMD_IMMEDIATE);
	/* CORB stays off in immediate mode. */
	g_assert_cmphex(sv_read8(dev, 0, HDA_CORBCTL) & HDA_CORBCTL_RUN, ==, 0);
	check_vendor_id("immediate", vendor_id(ctl, first_codec(ctl)));
	c = hda_codec_enumerate(ctl, first_codec(ctl), &err);
	sv_assert_no_error(err);
	g_assert_cmpuint(c->n_widgets, >=, 1);
	/* QEMU leaves ICIS busy for a missing codec: the next verb still works. */
	missing_codec(ctl);
	hda_controller_close(ctl);
}

/* ---- interrupts ----------------------------------------------------------- */

static void verbs_in_mode(SvDevice *dev, HdaIrqMode mode)
{
	HdaController *ctl = open_ctl(dev, mode, HDA_CMD_CORB);
	unsigned cad = first_codec(ctl);
	uint32_t want = vendor_id(ctl, cad);
	int64_t t0 = sv_now_us();

	g_assert_cmpint(hda_controller_irq_mode(ctl), ==, mode);
	for (int i = 0; i < 50; i++)
		g_assert_cmphex(vendor_id(ctl, cad), ==, want);
	/* Still in that mode: had the interrupts not come, the controller would
	 * have warned (fatal in tests) and fallen back to polling. */
	g_assert_cmpint(hda_controller_irq_mode(ctl), ==, mode);
	g_assert_cmpint(hda_controller_cmd_mode(ctl), ==, HDA_CMD_CORB);
	g_test_message("%s: 50 verbs in %" G_GINT64_FORMAT " us", hda_irq_mode_name(mode),
		       sv_now_us() - t0);
	if (mode == HDA_IRQ_POLL)
		g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL), ==, 0);
	else
		g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL) & (HDA_INT_GIE | HDA_INT_CIE), ==,
				HDA_INT_GIE | HDA_INT_CIE);
	hda_controller_close(ctl);
}

static void test_poll(SvDevice *dev, gconstpointer data)
{
	verbs_in_mode(dev, HDA_IRQ_POLL);
}

static void test_intx(SvDevice *dev, gconstpointer data)
{
	SvIrqInfo info;

	g_assert_true(sv_irq_info(dev, SV_IRQ_INTX, &info, NULL));
	if (!info.count) {
		g_test_skip("the device reports no INTx");
		return;
	}
	verbs_in_mode(dev, HDA_IRQ_INTX);
}

static void test_msi(SvDevice *dev, gconstpointer data)
{
	SvIrqInfo info;

	uint16_t status;
	uint8_t ptr, id = 0;

	g_assert_true(sv_irq_info(dev, SV_IRQ_MSI, &info, NULL));
	if (!info.count) {
		g_test_skip("the device has no MSI capability (msi=off?)");
		return;
	}
	g_assert_true(sv_config_read16(dev, 0x06, &status, NULL)); /* PCI_STATUS */
	g_assert_true(sv_config_read8(dev, 0x34, &ptr, NULL));     /* PCI_CAPABILITY_LIST */
	for (unsigned n = 0; (status & 0x10) && ptr >= 0x40 && n < 48 && id != 0x05; n++) {
		g_assert_true(sv_config_read8(dev, ptr, &id, NULL));
		if (id != 0x05)
			g_assert_true(sv_config_read8(dev, ptr + 1, &ptr, NULL));
	}
	if (id != 0x05) {
		/* Vectors the function cannot send (QEMU's vfio-user server reports
		 * them for msi=off): asking for MSI is refused, saying why. */
		HdaOptions o = { .irq = HDA_IRQ_MSI, .response_timeout_ms = TIMEOUT_MS };
		g_autoptr(GError) err = NULL;

		g_assert_null(hda_controller_open(dev, &o, &err));
		g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
		g_assert_nonnull(strstr(err->message, "no MSI capability"));
		g_test_message("%s", err->message);
		return;
	}
	verbs_in_mode(dev, HDA_IRQ_MSI);
}

/*
 * The interrupt path dies under the controller (INTCTL cleared behind its
 * back): the response still lands in the RIRB, the controller notices the
 * missing interrupt, warns and carries on polling.
 */
static void test_dead_irq_fallback(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_CORB);
	unsigned cad = first_codec(ctl);
	uint32_t want = vendor_id(ctl, cad);

	if (hda_controller_irq_mode(ctl) == HDA_IRQ_POLL) {
		g_test_skip("no interrupts on this device");
		hda_controller_close(ctl);
		return;
	}
	sv_write32(dev, 0, HDA_INTCTL, 0);
	g_test_expect_message("sofvfio", G_LOG_LEVEL_WARNING, "*switching to polling*");
	g_assert_cmphex(vendor_id(ctl, cad), ==, want);
	g_test_assert_expected_messages();
	g_assert_cmpint(hda_controller_irq_mode(ctl), ==, HDA_IRQ_POLL);
	for (int i = 0; i < 5; i++)
		g_assert_cmphex(vendor_id(ctl, cad), ==, want);
	hda_controller_close(ctl);
}

/*
 * QEMU's model keeps its count of unacknowledged responses across a link
 * reset.  Leave it equal to RINTCNT (a response taken with RIRBCTL.RINTCTL
 * off is never acknowledged), reopen: CORB/RIRB must still come up, without
 * falling back to immediate commands (which would warn: fatal here).
 */
static void test_stale_rirb_count(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_POLL, HDA_CMD_CORB);
	unsigned cad = first_codec(ctl);
	uint32_t want = vendor_id(ctl, cad);

	sv_write8(dev, 0, HDA_RIRBCTL, HDA_RIRBCTL_DMAEN);
	g_assert_cmphex(vendor_id(ctl, cad), ==, want);
	hda_controller_close(ctl);

	ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	g_assert_cmpint(hda_controller_cmd_mode(ctl), ==, HDA_CMD_CORB);
	for (int i = 0; i < 5; i++)
		g_assert_cmphex(vendor_id(ctl, cad), ==, want);
	hda_controller_close(ctl);
}

static void stream_irq(HdaController *ctl, unsigned sd, uint8_t sts, void *data)
{
}

static void test_stream_handler_sie(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	const HdaControllerInfo *info = hda_controller_info(ctl);
	unsigned sd = info->n_in; /* the first output stream */
	g_autoptr(GError) err = NULL;

	if (hda_controller_irq_mode(ctl) == HDA_IRQ_POLL) {
		g_test_skip("no interrupts on this device");
		hda_controller_close(ctl);
		return;
	}
	hda_controller_set_stream_handler(ctl, sd, stream_irq, NULL);
	g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL) & (1u << sd), ==, 1u << sd);
	/* servicing with nothing pending returns at once, without error */
	g_assert_true(hda_controller_service(ctl, 0, &err));
	sv_assert_no_error(err);
	hda_controller_set_stream_handler(ctl, sd, NULL, NULL);
	g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL) & (1u << sd), ==, 0);
	g_assert_cmphex(sv_read32(dev, 0, HDA_INTCTL) & HDA_INT_GIE, ==, HDA_INT_GIE);
	hda_controller_close(ctl);
}

/* ---- codecs --------------------------------------------------------------- */

static unsigned count_type(const HdaCodec *c, unsigned type)
{
	unsigned n = 0;

	for (unsigned i = 0; i < c->n_widgets; i++)
		n += c->widgets[i].type == type;
	return n;
}

static void check_codec(HdaController *ctl, const HdaCodec *c)
{
	g_autoptr(GString) proc = g_string_new(NULL), json = g_string_new(NULL);
	g_autoptr(GString) dot = g_string_new(NULL);
	unsigned dacs = count_type(c, AC_WID_AUD_OUT), adcs = count_type(c, AC_WID_AUD_IN);
	unsigned pins = count_type(c, AC_WID_PIN);

	check_vendor_id("enumerated", c->vendor_id);
	g_assert_cmpuint(c->afg, !=, 0);
	g_assert_cmpuint(c->afg, >=, c->fg_start);
	g_assert_cmpuint(c->afg, <, c->fg_start + c->n_fgs);
	g_assert_cmpuint(AC_FGT_TYPE(c->afg_function_type), ==, AC_GRP_AUDIO_FUNCTION);
	g_assert_cmpuint(c->start_nid, >, c->afg - 1);
	g_assert_cmpuint(c->n_widgets, >=, 2);
	g_assert_cmpuint(dacs + adcs, >=, 1);
	g_assert_cmpuint(pins, >=, 1);
	g_assert_nonnull(c->vendor_name);
	g_assert_nonnull(c->chip_name);
	/* The AFG must offer some PCM format. */
	g_assert_cmphex(c->pcm & AC_SUPPCM_RATES, !=, 0);

	for (unsigned i = 0; i < c->n_widgets; i++) {
		const HdaWidget *w = &c->widgets[i];

		g_assert_true(hda_codec_widget(c, w->nid) == w);
		g_assert_cmpuint(w->type, ==, AC_WCAP_TYPE(w->wcaps));
		/* Every connection leads to a widget of this AFG. */
		for (unsigned k = 0; k < w->n_conn; k++)
			g_assert_nonnull(hda_codec_widget(c, w->conn[k]));
		if (w->have & HDA_HAVE_CONN_SEL)
			g_assert_cmpint(w->conn_sel, <, (int)w->n_conn);
		switch (w->type) {
		case AC_WID_AUD_OUT:
		case AC_WID_AUD_IN:
			g_assert_true(w->have & HDA_HAVE_CONV);
			g_assert_cmphex(w->pcm & AC_SUPPCM_RATES, !=, 0);
			g_assert_cmphex(w->stream & AC_SUPFMT_PCM, !=, 0);
			if (w->type == AC_WID_AUD_IN)
				g_assert_cmpuint(w->n_conn, >=, 1);
			break;
		case AC_WID_PIN:
			g_assert_true(w->have & HDA_HAVE_PIN);
			g_assert_cmphex(w->pincap & (AC_PINCAP_IN | AC_PINCAP_OUT), !=, 0);
			/* An output pin is fed by something. */
			if (w->pincap & AC_PINCAP_OUT)
				g_assert_cmpuint(w->n_conn, >=, 1);
			break;
		default:
			break;
		}
		if (w->wcaps & AC_WCAP_OUT_AMP) {
			g_assert_true(w->have & HDA_HAVE_AMP_OUT);
			g_assert_cmpuint(w->n_amp_out_vals, ==, 1);
		}
	}
	/* A converter's pin: some DAC reaches an output pin. */
	if (dacs) {
		const HdaWidget *dac = hda_codec_find_widget(c, AC_WID_AUD_OUT, 0);
		bool reached = false;

		for (unsigned i = 0; i < c->n_widgets; i++)
			for (unsigned k = 0; k < c->widgets[i].n_conn; k++)
				reached |= c->widgets[i].conn[k] == dac->nid;
		g_assert_true(reached);
	}

	hda_codec_print_proc(c, proc);
	g_assert_true(g_str_has_prefix(proc->str, "Codec: "));
	for (unsigned i = 0; i < c->n_widgets; i++) {
		g_autofree char *node = g_strdup_printf("\nNode 0x%02x [%s] wcaps 0x%x:",
							c->widgets[i].nid,
							hda_widget_type_name(c->widgets[i].type),
							c->widgets[i].wcaps);

		g_assert_nonnull(strstr(proc->str, node));
	}
	hda_codec_print_json(c, json);
	g_assert_true(g_str_has_prefix(json->str, "{"));
	g_assert_true(g_str_has_suffix(json->str, "}"));
	{
		/* ... and it is JSON. */
		g_autoptr(GError) jerr = NULL;
		g_autoptr(JsonNode) root = sv_json_parse(json->str, -1, "the codec JSON",
							  SV_ERROR_INVAL, &jerr);

		sv_assert_no_error(jerr);
		g_assert_nonnull(root);
	}
	hda_codec_print_dot(c, dot);
	g_assert_true(g_str_has_prefix(dot->str, "digraph"));
	g_test_message("codec %u: %s %s, %u widgets (%u DAC, %u ADC, %u pins)", c->cad,
		       c->vendor_name, c->chip_name, c->n_widgets, dacs, adcs, pins);
}

static void test_enumerate(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	unsigned mask = hda_controller_info(ctl)->codec_mask;
	g_autoptr(GError) err = NULL;

	for (unsigned cad = 0; cad < 15; cad++) {
		g_autoptr(HdaCodec) c = NULL;

		if (!(mask & (1u << cad)))
			continue;
		c = hda_codec_enumerate(ctl, cad, &err);
		sv_assert_no_error(err);
		g_assert_cmpuint(c->cad, ==, cad);
		check_codec(ctl, c);
	}
	/* A codec address with nothing there. */
	g_assert_null(hda_codec_enumerate(ctl, (unsigned)__builtin_ctz(~mask & 0x7fff), &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_NOT_FOUND);
	hda_controller_close(ctl);
}

/* The same codec read over CORB/RIRB and over immediate commands. */
static void test_enumerate_transports_agree(SvDevice *dev, gconstpointer data)
{
	g_autoptr(HdaCodec) a = NULL, b = NULL;
	g_autoptr(GString) ta = g_string_new(NULL), tb = g_string_new(NULL);
	g_autoptr(GError) err = NULL;
	HdaController *ctl;

	ctl = open_ctl(dev, HDA_IRQ_POLL, HDA_CMD_CORB);
	a = hda_codec_enumerate(ctl, first_codec(ctl), &err);
	sv_assert_no_error(err);
	hda_controller_close(ctl);
	ctl = open_ctl(dev, HDA_IRQ_POLL, HDA_CMD_IMMEDIATE);
	b = hda_codec_enumerate(ctl, first_codec(ctl), &err);
	sv_assert_no_error(err);
	hda_controller_close(ctl);
	hda_codec_print_json(a, ta);
	hda_codec_print_json(b, tb);
	g_assert_cmpstr(ta->str, ==, tb->str);
}

/* An amp value set through a verb reads back in the enumeration. */
static void test_amp_roundtrip(SvDevice *dev, gconstpointer data)
{
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_AUTO);
	unsigned cad = first_codec(ctl);
	g_autoptr(GError) err = NULL;
	g_autoptr(HdaCodec) c = hda_codec_enumerate(ctl, cad, &err);
	const HdaWidget *w = NULL, *w2;
	g_autoptr(HdaCodec) c2 = NULL;
	unsigned gain;
	uint32_t res;

	sv_assert_no_error(err);
	for (unsigned i = 0; i < c->n_widgets && !w; i++)
		if ((c->widgets[i].have & HDA_HAVE_AMP_OUT) &&
		    AC_AMPCAP_NUM_STEPS(c->widgets[i].amp_out_caps) >= 2)
			w = &c->widgets[i];
	if (!w) {
		g_test_skip("no widget with an output amp of 2+ steps");
		hda_controller_close(ctl);
		return;
	}
	gain = (w->amp_out_vals[0].left & AC_AMP_GAIN) == 1 ? 2 : 1;
	/* SET_AMP_GAIN_MUTE: output, left + right, index 0, unmuted, @gain */
	g_assert_true(hda_command(ctl, HDA_VERB4(cad, w->nid, AC_VERB4_SET_AMP_GAIN_MUTE,
						 AC_AMP_SET_OUTPUT | AC_AMP_SET_LEFT |
						 AC_AMP_SET_RIGHT | gain), &res, &err));
	sv_assert_no_error(err);
	c2 = hda_codec_enumerate(ctl, cad, &err);
	sv_assert_no_error(err);
	w2 = hda_codec_widget(c2, w->nid);
	g_assert_cmphex(w2->amp_out_vals[0].left, ==, gain);
	if (w2->amp_out_stereo)
		g_assert_cmphex(w2->amp_out_vals[0].right, ==, gain);
	/* Put the codec back as it was (codec state outlives a link reset). */
	g_assert_true(hda_command(ctl, HDA_VERB4(cad, w->nid, AC_VERB4_SET_AMP_GAIN_MUTE,
						 AC_AMP_SET_OUTPUT | AC_AMP_SET_LEFT |
						 (w->amp_out_vals[0].left & 0xff)), &res, &err));
	g_assert_true(hda_command(ctl, HDA_VERB4(cad, w->nid, AC_VERB4_SET_AMP_GAIN_MUTE,
						 AC_AMP_SET_OUTPUT | AC_AMP_SET_RIGHT |
						 (w->amp_out_vals[0].right & 0xff)), &res, &err));
	sv_assert_no_error(err);
	hda_controller_close(ctl);
}

/* ---- unsolicited responses ------------------------------------------------ */

typedef struct {
	unsigned count, cad;
	uint32_t response;
} UnsolSeen;

static void on_unsol(HdaController *ctl, unsigned cad, uint32_t response, void *data)
{
	UnsolSeen *seen = data;

	seen->count++;
	seen->cad = cad;
	seen->response = response;
}

/*
 * A jack event: a pin with unsolicited responses enabled (SET_UNSOLICITED_
 * ENABLE, tag in bits 5:0) sends one; it arrives through the RIRB with bit 4
 * of the extended word set, reaches the unsolicited handler with the tag in
 * bits 31:26 (HDA spec 7.3.3.14), and is not taken for a verb's response.
 */
static void test_unsol(SvDevice *dev, gconstpointer data)
{
	const unsigned tag = 0x2a;
	pid_t pid = (pid_t)atoi(g_getenv("SOFVFIO_EMU_PID"));
	HdaController *ctl = open_ctl(dev, HDA_IRQ_AUTO, HDA_CMD_CORB);
	g_autoptr(GError) err = NULL;
	unsigned cad = first_codec(ctl), pin = 0;
	g_autoptr(HdaCodec) codec = hda_codec_enumerate(ctl, cad, &err);
	UnsolSeen seen = { 0 };
	int64_t deadline;
	uint32_t res;

	sv_assert_no_error(err);
	for (unsigned i = 0; i < codec->n_widgets && !pin; i++)
		if (codec->widgets[i].type == AC_WID_PIN)
			pin = codec->widgets[i].nid;
	g_assert_cmpuint(pin, !=, 0);
	hda_controller_set_unsol_handler(ctl, on_unsol, &seen);
	g_assert_true(hda_verb(ctl, cad, pin, AC_VERB_SET_UNSOLICITED_ENABLE, 0x80 | tag, &res,
			       &err));
	sv_assert_no_error(err);

	g_assert_cmpint(kill(pid, SIGUSR1), ==, 0);
	deadline = sv_now_us() + 2 * G_USEC_PER_SEC;
	while (!seen.count && sv_now_us() < deadline) {
		g_assert_true(hda_controller_service(ctl, 50, &err));
		sv_assert_no_error(err);
	}
	g_assert_cmpuint(seen.count, >=, 1);
	g_assert_cmpuint(seen.cad, ==, cad);
	g_assert_cmphex(seen.response >> 26, ==, tag);

	/* Verbs still pair with their own responses afterwards. */
	check_vendor_id("after an unsolicited response", vendor_id(ctl, cad));
	hda_controller_close(ctl);
}

int main(int argc, char **argv)
{
	sv_test_init(&argc, &argv);
	sv_test_add("/hda/controller/open", SV_NEEDS_NOTHING, test_open, NULL);
	sv_test_add("/hda/controller/close-state", SV_NEEDS_NOTHING, test_close_state, NULL);
	sv_test_add("/hda/controller/extcaps", SV_NEEDS_NOTHING, test_extcaps, NULL);
	sv_test_add("/hda/cmd/vendor-id", SV_NEEDS_NOTHING, test_vendor, NULL);
	sv_test_add("/hda/cmd/missing-codec", SV_NEEDS_NOTHING, test_missing_codec, NULL);
	sv_test_add("/hda/cmd/immediate", SV_NEEDS_NOTHING, test_immediate, NULL);
	sv_test_add("/hda/irq/poll", SV_NEEDS_NOTHING, test_poll, NULL);
	sv_test_add("/hda/irq/intx", SV_NEEDS_INTX, test_intx, NULL);
	sv_test_add("/hda/irq/msi", SV_NEEDS_MSI, test_msi, NULL);
	sv_test_add("/hda/irq/dead-irq-fallback", SV_NEEDS_NOTHING, test_dead_irq_fallback, NULL);
	sv_test_add("/hda/irq/stream-handler-sie", SV_NEEDS_NOTHING, test_stream_handler_sie,
		    NULL);
	sv_test_add("/hda/cmd/stale-rirb-count", SV_NEEDS_NOTHING, test_stale_rirb_count, NULL);
	sv_test_add("/hda/codec/enumerate", SV_NEEDS_NOTHING, test_enumerate, NULL);
	sv_test_add("/hda/codec/transports-agree", SV_NEEDS_NOTHING,
		    test_enumerate_transports_agree, NULL);
	sv_test_add("/hda/codec/amp-roundtrip", SV_NEEDS_NOTHING, test_amp_roundtrip, NULL);
	sv_test_add("/hda/unsol/jack-event", SV_NEEDS_UNSOL_SOURCE, test_unsol, NULL);
	return sv_test_run();
}
