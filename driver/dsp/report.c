// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report.c - `dsp info` and `dsp boot` reports: text and JSON (json-glib).
 */
#include "dsp-internal.h"
#include "sofvfio/json.h"

static void add_str(JsonBuilder *b, const char *name, const char *v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, v);
}

static void add_hex(JsonBuilder *b, const char *name, uint32_t v)
{
	g_autofree char *s = g_strdup_printf("0x%08x", v);

	add_str(b, name, s);
}

void sv_dsp_info_to_json(SvDsp *d, const SvDspInfo *i, JsonBuilder *b)
{
	const SvDspGen *g = d->gen;
	g_autofree char *fsr = sv_dsp_fsr_describe(i->fsr);
	const char *err = sv_dsp_rom_error_name(i->rom_error);
	g_autofree char *id = g_strdup_printf("%04x:%04x", i->vendor, i->device);

	add_str(b, "device", d->name);
	add_str(b, "pci_id", id);
	add_str(b, "part", d->part->part);
	add_str(b, "generation", g->name);
	add_str(b, "platform", g->platform);
	sv_json_member_int(b, "class", i->class_code);
	sv_json_member_int(b, "cores", g->cores);
	add_hex(b, "host_managed_cores", g->host_managed_cores);
	json_builder_set_member_name(b, "capabilities");
	json_builder_begin_object(b);
	sv_json_member_int(b, "pp", i->pp);
	sv_json_member_int(b, "spib", i->spib);
	sv_json_member_int(b, "drsm", i->drsm);
	sv_json_member_int(b, "ml", i->ml);
	sv_json_member_int(b, "gts", i->gts);
	add_hex(b, "ppctl", i->ppctl);
	json_builder_end_object(b);
	add_hex(b, "adspcs", i->adspcs);
	json_builder_set_member_name(b, "cores_state");
	json_builder_begin_array(b);
	for (unsigned c = 0; c < g->cores; c++) {
		json_builder_begin_object(b);
		sv_json_member_int(b, "core", c);
		json_builder_set_member_name(b, "powered");
		json_builder_add_boolean_value(b, !!(i->adspcs & ADSPCS_CPA(1u << c)));
		json_builder_set_member_name(b, "power_requested");
		json_builder_add_boolean_value(b, !!(i->adspcs & ADSPCS_SPA(1u << c)));
		json_builder_set_member_name(b, "reset");
		json_builder_add_boolean_value(b, !!(i->adspcs & ADSPCS_CRST(1u << c)));
		json_builder_set_member_name(b, "stalled");
		json_builder_add_boolean_value(b, !!(i->adspcs & ADSPCS_CSTALL(1u << c)));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	add_hex(b, "fsr", i->fsr);
	add_str(b, "fsr_decoded", fsr);
	sv_json_member_int(b, "rom_error", i->rom_error);
	add_str(b, "rom_error_name", err ? err : "unknown");
	json_builder_set_member_name(b, "ipc");
	json_builder_begin_object(b);
	add_hex(b, "req", i->ipc_req);
	add_hex(b, "ack", i->ipc_ack);
	add_hex(b, "req_data", i->ipc_req_data);
	add_hex(b, "dsp_req", i->ipc_tdr);
	add_hex(b, "dsp_ack", i->ipc_tda);
	add_hex(b, "dsp_data", i->ipc_tdd);
	add_hex(b, "ctl", i->ipc_ctl);
	json_builder_end_object(b);
	add_hex(b, "adspic", i->adspic);
	add_hex(b, "adspis", i->adspis);
}

void sv_dsp_info_print(SvDsp *d, const SvDspInfo *i, FILE *out)
{
	const SvDspGen *g = d->gen;
	const SvDspIpcRegs *r = &g->ipc;
	g_autofree char *fsr = sv_dsp_fsr_describe(i->fsr);
	const char *err = sv_dsp_rom_error_name(i->rom_error);

	fprintf(out, "%s: %s (%04x:%04x, class 0x%06x)\n", d->name, d->part->part, i->vendor,
		i->device, i->class_code);
	fprintf(out, "generation:   %s (SOF platform %s, firmware sof-%s.ri), %u cores, host "
		"manages 0x%x, ROM init %u ms\n", g->name, g->platform, g->platform, g->cores,
		g->host_managed_cores, g->rom_init_timeout_ms);
	fprintf(out, "streams:      %u capture, %u playback\n", i->n_in, i->n_out);
	fprintf(out, "capabilities: PP 0x%x, SPIB 0x%x, DRSM 0x%x, ML 0x%x, GTS 0x%x; PPCTL "
		"0x%08x%s\n", i->pp, i->spib, i->drsm, i->ml, i->gts, i->ppctl,
		i->ppctl & HDA_PPCTL_GPROCEN ? " (GPROCEN)" : "");
	fprintf(out, "ADSPCS:       0x%08x\n", i->adspcs);
	for (unsigned c = 0; c < g->cores; c++)
		fprintf(out, "  core %u:     %s%s%s%s\n", c,
			i->adspcs & ADSPCS_CPA(1u << c) ? "powered" : "off",
			i->adspcs & ADSPCS_SPA(1u << c) ? ", power requested" : "",
			i->adspcs & ADSPCS_CRST(1u << c) ? ", in reset" : "",
			i->adspcs & ADSPCS_CSTALL(1u << c) ? ", stalled" : "");
	fprintf(out, "FSR:          %s\n", fsr);
	fprintf(out, "ROM error:    %u (0x%x)%s%s\n", i->rom_error, i->rom_error, err ? ": " : "",
		err ? err : "");
	fprintf(out, "IPC:          req 0x%02x=0x%08x ack 0x%02x=0x%08x", r->req, i->ipc_req, r->ack,
		i->ipc_ack);
	if (r->req_data)
		fprintf(out, " data 0x%02x=0x%08x", r->req_data, i->ipc_req_data);
	fprintf(out, "\n              dsp req 0x%02x=0x%08x", r->tdr, i->ipc_tdr);
	if (r->tda)
		fprintf(out, " dsp ack 0x%02x=0x%08x", r->tda, i->ipc_tda);
	fprintf(out, " dsp data 0x%02x=0x%08x ctl 0x%02x=0x%08x\n", r->tdd, i->ipc_tdd, r->ctl,
		i->ipc_ctl);
	fprintf(out, "ADSPIC/IS:    0x%08x / 0x%08x\n", i->adspic, i->adspis);
}

void sv_dsp_boot_print(const SvDspBoot *boot, FILE *out)
{
	fprintf(out, "%s boot", boot->imr ? "IMR" : "cold");
	if (boot->imr_fell_back)
		fprintf(out, " (IMR boot failed first)");
	if (!boot->imr)
		fprintf(out, ": code loader SD%u tag %u, %zu bytes, purge 0x%08x, %u attempt%s",
			boot->stream_index, boot->stream_tag, boot->payload_size, boot->purge,
			boot->attempts, boot->attempts == 1 ? "" : "s");
	fprintf(out, "\n");
	for (unsigned i = 0; i < boot->n_steps; i++)
		fprintf(out, "  %-36s %9.3f ms%s\n", boot->steps[i].name, boot->steps[i].us / 1000.0,
			boot->steps[i].ok ? "" : "  FAILED");
	fprintf(out, "  %-36s %9.3f ms\n", "total", boot->total_us / 1000.0);
}

void sv_dsp_boot_to_json(const SvDspBoot *boot, JsonBuilder *b)
{
	add_str(b, "kind", boot->imr ? "imr" : "cold");
	json_builder_set_member_name(b, "imr_fell_back");
	json_builder_add_boolean_value(b, boot->imr_fell_back);
	sv_json_member_int(b, "attempts", boot->attempts);
	sv_json_member_int(b, "stream_index", boot->stream_index);
	sv_json_member_int(b, "stream_tag", boot->stream_tag);
	add_hex(b, "purge", boot->purge);
	sv_json_member_int(b, "payload_size", (gint64)boot->payload_size);
	sv_json_member_int(b, "total_us", boot->total_us);
	json_builder_set_member_name(b, "steps");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < boot->n_steps; i++) {
		json_builder_begin_object(b);
		add_str(b, "name", boot->steps[i].name);
		sv_json_member_int(b, "us", boot->steps[i].us);
		json_builder_set_member_name(b, "ok");
		json_builder_add_boolean_value(b, boot->steps[i].ok);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "mailboxes");
	json_builder_begin_object(b);
	sv_json_member_int(b, "dspbox", boot->boxes.dspbox);
	sv_json_member_int(b, "dspbox_size", boot->boxes.dspbox_size);
	sv_json_member_int(b, "hostbox", boot->boxes.hostbox);
	sv_json_member_int(b, "hostbox_size", boot->boxes.hostbox_size);
	json_builder_end_object(b);
}
