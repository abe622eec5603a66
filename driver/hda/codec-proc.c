// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-proc.c - print a codec in the text format of Linux's
 * /proc/asound/cardN/codec#M (sound/hda/common/proc.c, formerly
 * sound/pci/hda/hda_proc.c): the same lines, spacing and order, from the
 * values hda_codec_enumerate() read.
 *
 * Not printed, because they show the kernel driver's own choices rather
 * than the hardware: "Control:"/"ControlAmp:" (mixer controls), "Device:"
 * (PCM devices), "In-driver Connection:" (connection overrides), the DP-MST
 * "Devices:" list and processing coefficients (dumped only for codecs whose
 * driver asks).  docs/hda.md has the normalisation used for comparisons.
 */
#include "sofvfio/hda-codec.h"

#define P(...) g_string_append_printf(out, __VA_ARGS__)

static void amp_caps(GString *out, uint32_t caps)
{
	if (caps == 0 || caps == 0xffffffffu) {
		P("N/A\n");
		return;
	}
	P("ofs=0x%02x, nsteps=0x%02x, stepsize=0x%02x, mute=%x\n", AC_AMPCAP_OFFSET(caps),
	  AC_AMPCAP_NUM_STEPS(caps), AC_AMPCAP_STEP_SIZE(caps), (caps & AC_AMPCAP_MUTE) ? 1 : 0);
}

static void amp_vals(GString *out, const HdaAmpVal *v, unsigned n, bool stereo)
{
	for (unsigned i = 0; i < n; i++) {
		P(" [0x%02x", v[i].left);
		if (stereo)
			P(" 0x%02x", v[i].right);
		P("]");
	}
	P("\n");
}

static void pcm_caps(GString *out, uint32_t pcm, uint32_t stream)
{
	static const unsigned rates[] = { 8000,  11025, 16000,  22050,  32000,  44100,
					  48000, 88200, 96000, 176400, 192000, 384000 };
	static const unsigned bits[] = { 8, 16, 20, 24, 32 };

	if (pcm == 0xffffffffu || stream == 0xffffffffu) {
		P("N/A\n");
		return;
	}
	P("    rates [0x%x]:", pcm & AC_SUPPCM_RATES);
	for (unsigned i = 0; i < G_N_ELEMENTS(rates); i++)
		if (pcm & (1u << i))
			P(" %u", rates[i]);
	P("\n    bits [0x%x]:", (pcm >> 16) & 0xff);
	for (unsigned i = 0; i < G_N_ELEMENTS(bits); i++)
		if (pcm & (AC_SUPPCM_BITS_8 << i))
			P(" %u", bits[i]);
	P("\n    formats [0x%x]:", stream & 0xf);
	if (stream & AC_SUPFMT_PCM)
		P(" PCM");
	if (stream & AC_SUPFMT_FLOAT32)
		P(" FLOAT");
	if (stream & AC_SUPFMT_AC3)
		P(" AC3");
	P("\n");
}

static void power(GString *out, uint32_t sup, uint32_t pwr)
{
	/* POWER_STATE parameter bits (7.3.4.12); unnamed bits print as the
	 * kernel's printf prints a NULL string. */
	static const char *const names[32] = {
		[0] = "D0", [1] = "D1", [2] = "D2", [3] = "D3", [4] = "D3cold",
		[29] = "S3D3cold", [30] = "CLKSTOP", [31] = "EPSS",
	};

	if (sup != 0xffffffffu) {
		P("  Power states: ");
		for (unsigned i = 0; i < 32; i++)
			if (sup & (1u << i))
				P(" %s", names[i] ? names[i] : "(null)");
		P("\n");
	}
	P("  Power: setting=%s, actual=%s", hda_power_state_name(pwr & 0xf),
	  hda_power_state_name((pwr >> 4) & 0xf));
	if (pwr & (1u << 8))
		P(", Error");
	if (pwr & (1u << 9))
		P(", Clock-stop-OK");
	if (pwr & (1u << 10))
		P(", Setting-reset");
	P("\n");
}

static void gpio(GString *out, const HdaGpio *g)
{
	unsigned n = g->caps & 0xff;

	P("GPIO: io=%u, o=%u, i=%u, unsolicited=%u, wake=%u\n", n, (g->caps >> 8) & 0xff,
	  (g->caps >> 16) & 0xff, (g->caps >> 30) & 1, (g->caps >> 31) & 1);
	if (!g->have_state)
		return;
	for (unsigned i = 0; i < n; i++)
		P("  IO[%u]: enable=%u, dir=%u, wake=%u, sticky=%u, data=%u, unsol=%u\n", i,
		  (g->mask >> i) & 1, (g->dir >> i) & 1, (g->wake >> i) & 1, (g->sticky >> i) & 1,
		  (g->data >> i) & 1, (g->unsol >> i) & 1);
}

static bool pin(GString *out, const HdaCodec *c, const HdaWidget *w)
{
	uint32_t caps = w->pincap, cfg = w->pin_default;
	unsigned vref = AC_PINCAP_VREF(caps);

	P("  Pincap 0x%08x:", caps);
	if (caps & AC_PINCAP_IN)
		P(" IN");
	if (caps & AC_PINCAP_OUT)
		P(" OUT");
	if (caps & AC_PINCAP_HP_DRV)
		P(" HP");
	if (caps & AC_PINCAP_EAPD)
		P(" EAPD");
	if (caps & AC_PINCAP_PRES_DETECT)
		P(" Detect");
	if (caps & AC_PINCAP_BALANCE)
		P(" Balanced");
	if (caps & AC_PINCAP_HDMI) {
		/* Realtek uses this bit for R/L swap. */
		if (c->vendor_id >> 16 == 0x10ec) {
			P(" R/L");
		} else {
			if (caps & AC_PINCAP_HBR)
				P(" HBR");
			P(" HDMI");
		}
	}
	if (caps & AC_PINCAP_DP)
		P(" DP");
	if (caps & AC_PINCAP_TRIG_REQ)
		P(" Trigger");
	if (caps & AC_PINCAP_IMP_SENSE)
		P(" ImpSense");
	P("\n");
	if (vref) {
		P("    Vref caps:");
		if (vref & 0x01)
			P(" HIZ");
		if (vref & 0x02)
			P(" 50");
		if (vref & 0x04)
			P(" GRD");
		if (vref & 0x10)
			P(" 80");
		if (vref & 0x20)
			P(" 100");
		P("\n");
	}
	if (w->have & HDA_HAVE_EAPD) {
		P("  EAPD 0x%x:", w->eapd);
		if (w->eapd & AC_EAPDBTL_BALANCED)
			P(" BALANCED");
		if (w->eapd & AC_EAPDBTL_EAPD)
			P(" EAPD");
		if (w->eapd & AC_EAPDBTL_LR_SWAP)
			P(" R/L");
		P("\n");
	}
	P("  Pin Default 0x%08x: [%s] %s at %s %s\n", cfg, hda_pin_port_name(cfg),
	  hda_pin_device_name(cfg), hda_pin_connectivity_name(cfg), hda_pin_location_name(cfg));
	P("    Conn = %s, Color = %s\n", hda_pin_conn_type_name(cfg), hda_pin_color_name(cfg));
	P("    DefAssociation = 0x%x, Sequence = 0x%x\n", AC_DEFCFG_DEF_ASSOC(cfg),
	  AC_DEFCFG_SEQUENCE(cfg));
	/* Misc bit 0: jack detection override (no presence detect). */
	if (AC_DEFCFG_MISC(cfg) & 1)
		P("    Misc = NO_PRESENCE\n");
	return vref != 0;
}

static void pin_ctls(GString *out, uint32_t ctl, bool vref)
{
	P("  Pin-ctls: 0x%02x:", ctl);
	if (ctl & AC_PINCTL_IN_EN)
		P(" IN");
	if (ctl & AC_PINCTL_OUT_EN)
		P(" OUT");
	if (ctl & AC_PINCTL_HP_EN)
		P(" HP");
	if (vref) {
		switch (ctl & AC_PINCTL_VREFEN) {
		case 0: P(" VREF_HIZ"); break;
		case 1: P(" VREF_50"); break;
		case 2: P(" VREF_GRD"); break;
		case 4: P(" VREF_80"); break;
		case 5: P(" VREF_100"); break;
		default: break;
		}
	}
	P("\n");
}

static void digital(GString *out, uint32_t d)
{
	static const char *const dig1[8] = {
		" Enabled", " Validity", " ValidityCfg", " Preemphasis",
		" Non-Copyright", " Non-Audio", " Pro", " GenLevel",
	};

	P("  Digital:");
	for (unsigned i = 0; i < 8; i++)
		if (d & (1u << i))
			P("%s", dig1[i]);
	if ((d >> 16) & 0x80)
		P(" KAE");
	P("\n  Digital category: 0x%x\n", (d >> 8) & 0x7f);
	P("  IEC Coding Type: 0x%x\n", (d >> 16) & 0xf);
}

static void widget(GString *out, const HdaCodec *c, const HdaWidget *w)
{
	uint32_t wc = w->wcaps;

	P("Node 0x%02x [%s] wcaps 0x%x:", w->nid, hda_widget_type_name(w->type), wc);
	if (wc & AC_WCAP_STEREO) {
		unsigned chans = AC_WCAP_CHAN_CNT_EXT(wc) * 2 + 2;

		if (chans == 2)
			P(" Stereo");
		else
			P(" %u-Channels", chans);
	} else {
		P(" Mono");
	}
	if (wc & AC_WCAP_DIGITAL)
		P(" Digital");
	if (wc & AC_WCAP_IN_AMP)
		P(" Amp-In");
	if (wc & AC_WCAP_OUT_AMP)
		P(" Amp-Out");
	if (wc & AC_WCAP_STRIPE)
		P(" Stripe");
	if (wc & AC_WCAP_LR_SWAP)
		P(" R/L");
	if (wc & AC_WCAP_CP_CAPS)
		P(" CP");
	P("\n");

	if (w->have & HDA_HAVE_AMP_IN) {
		P("  Amp-In caps: ");
		amp_caps(out, w->amp_in_caps_raw);
		P("  Amp-In vals: ");
		amp_vals(out, w->amp_in_vals, w->n_amp_in_vals, w->amp_in_stereo);
	}
	if (w->have & HDA_HAVE_AMP_OUT) {
		P("  Amp-Out caps: ");
		amp_caps(out, w->amp_out_caps_raw);
		P("  Amp-Out vals: ");
		amp_vals(out, w->amp_out_vals, w->n_amp_out_vals, w->amp_out_stereo);
	}

	switch (w->type) {
	case AC_WID_PIN:
		if (w->have & HDA_HAVE_PIN)
			pin_ctls(out, w->pin_ctl, pin(out, c, w));
		break;
	case AC_WID_VOL_KNB:
		if (w->have & HDA_HAVE_VOL_KNOB)
			P("  Volume-Knob: delta=%u, steps=%u, direct=%u, val=%u\n",
			  (w->vol_knob_caps >> 7) & 1, w->vol_knob_caps & 0x7f,
			  (w->vol_knob >> 7) & 1, w->vol_knob & 0x7f);
		break;
	case AC_WID_AUD_OUT:
	case AC_WID_AUD_IN:
		if (w->have & HDA_HAVE_CONV)
			P("  Converter: stream=%u, channel=%u\n", (w->conv >> 4) & 0xf,
			  w->conv & 0xf);
		if (w->have & HDA_HAVE_SDI)
			P("  SDI-Select: %u\n", w->sdi_select & 0xf);
		if (w->have & HDA_HAVE_DIGITAL)
			digital(out, w->digi);
		if (w->have & HDA_HAVE_PCM) {
			P("  PCM:\n");
			pcm_caps(out, w->pcm_raw, w->stream_raw);
		}
		break;
	default:
		break;
	}
	if (w->have & HDA_HAVE_UNSOL)
		P("  Unsolicited: tag=%02x, enabled=%u\n", w->unsol & 0x3f, (w->unsol >> 7) & 1);
	if (w->have & HDA_HAVE_POWER)
		power(out, w->power_caps, w->power_state);
	if (AC_WCAP_DELAY(wc))
		P("  Delay: %u samples\n", AC_WCAP_DELAY(wc));
	if (w->have & HDA_HAVE_CONN && (wc & AC_WCAP_CONN_LIST || w->type == AC_WID_VOL_KNB)) {
		P("  Connection: %u\n", w->n_conn);
		if (w->n_conn) {
			P("    ");
			for (unsigned i = 0; i < w->n_conn; i++) {
				P(" 0x%02x", w->conn[i]);
				if ((w->have & HDA_HAVE_CONN_SEL) && (int)i == w->conn_sel)
					P("*");
			}
			P("\n");
		}
	}
	if (w->have & HDA_HAVE_PROC)
		P("  Processing caps: benign=%u, ncoeff=%u\n", w->proc_caps & 1,
		  (w->proc_caps >> 8) & 0xff);
}

void hda_codec_print_proc(const HdaCodec *c, GString *out)
{
	if (c->vendor_name && c->chip_name)
		P("Codec: %s %s\n", c->vendor_name, c->chip_name);
	else
		P("Codec: Not Set\n");
	P("Address: %u\n", c->cad);
	if (c->afg)
		P("AFG Function Id: 0x%x (unsol %u)\n", AC_FGT_TYPE(c->afg_function_type),
		  c->afg_unsol ? 1 : 0);
	if (c->mfg)
		P("MFG Function Id: 0x%x (unsol %u)\n", AC_FGT_TYPE(c->mfg_function_type),
		  c->mfg_unsol ? 1 : 0);
	P("Vendor Id: 0x%08x\n", c->vendor_id);
	P("Subsystem Id: 0x%08x\n", c->subsystem_id);
	P("Revision Id: 0x%x\n", c->revision_id);
	if (c->mfg)
		P("Modem Function Group: 0x%x\n", c->mfg);
	else
		P("No Modem Function Group found\n");
	if (!c->afg)
		return;
	P("Default PCM:\n");
	pcm_caps(out, c->pcm, c->stream);
	P("Default Amp-In caps: ");
	amp_caps(out, c->amp_in_caps);
	P("Default Amp-Out caps: ");
	amp_caps(out, c->amp_out_caps);
	P("State of AFG node 0x%02x:\n", c->afg);
	power(out, c->power_caps, c->power_state);
	if (!c->start_nid) {
		P("Invalid AFG subtree\n");
		return;
	}
	gpio(out, &c->gpio);
	for (unsigned i = 0; i < c->n_widgets; i++)
		widget(out, c, &c->widgets[i]);
}
