// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw-ready.c - FW_READY (include/sound/sof/info.h sof_ipc_fw_ready) and its
 * extended records {sof_ipc_ext_data_hdr: size, cmd, type}: WINDOW, CC_INFO,
 * PROBE_INFO, USER_ABI_INFO (Linux sof_fw_ready() / snd_sof_fw_parse_ext_data()
 * / ipc_get_windows()).  Pure decoding of byte buffers.
 */
#include "dsp-internal.h"

#include <string.h>

/* sof_ipc_fw_ready field offsets */
#define FR_CMD 4
#define FR_DSPBOX 8
#define FR_VERSION 24         /* sof_ipc_fw_version, 60 bytes */
#define FR_FLAGS 84
#define FV_MAJOR 4
#define FV_DATE 12
#define FV_TIME 24
#define FV_TAG 34
#define FV_ABI 40
#define FV_SRC_HASH 44
#define EXT_HDR 12            /* size, cmd, type */
#define WINDOW_ELEM 24        /* hdr, type, id, flags, size, offset */

enum { EXT_WINDOW = 1, EXT_CC_INFO = 2, EXT_PROBE_INFO = 3, EXT_USER_ABI_INFO = 4 };

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

static uint16_t le16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return GUINT16_FROM_LE(v);
}

static void copy_str(char *dst, const uint8_t *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = 0;
}

static gboolean bad(GError **error, size_t off, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean bad(GError **error, size_t off, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL, "FW_READY at DSP box +0x%zx: %s", off,
		    msg);
	return FALSE;
}

static gboolean parse_window(const uint8_t *r, uint32_t size, size_t at, SvDspFwReady *out,
			     GError **error)
{
	uint32_t n;

	if (size < EXT_HDR + 4)
		return bad(error, at, "WINDOW record of %u bytes has no window count", size);
	n = le32(r + EXT_HDR);
	if (n > SV_DSP_IMAGE_MAX_WINDOWS || EXT_HDR + 4 + (size_t)n * WINDOW_ELEM > size)
		return bad(error, at, "WINDOW record of %u bytes cannot hold %u windows "
			   "(%u bytes each, at most %u)", size, n, WINDOW_ELEM,
			   SV_DSP_IMAGE_MAX_WINDOWS);
	out->n_windows = n;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *w = r + EXT_HDR + 4 + i * WINDOW_ELEM;

		out->windows[i] = (SvDspImageWindow){ .type = le32(w + 4), .id = le32(w + 8),
						      .flags = le32(w + 12), .size = le32(w + 16),
						      .offset = le32(w + 20) };
	}
	return TRUE;
}

static gboolean parse_ext(const uint8_t *buf, size_t len, SvDspFwReady *out, GError **error)
{
	size_t at = SV_DSP_FW_READY_SIZE;

	/* Records follow until one is not a FW_READY extension (Linux stops there too). */
	while (at + EXT_HDR <= len && out->n_ext < G_N_ELEMENTS(out->ext_types)) {
		const uint8_t *r = buf + at;
		uint32_t size = le32(r), cmd = le32(r + 4), type = le32(r + 8);

		if (cmd != SV_IPC_GLB_FW_READY)
			break;
		if (size < EXT_HDR || size > len - at)
			return bad(error, at, "extended record type %u claims %u bytes, %zu are "
				   "left in the mailbox", type, size, len - at);
		out->ext_types[out->n_ext++] = type;
		switch (type) {
		case EXT_WINDOW:
			if (!parse_window(r, size, at, out, error))
				return FALSE;
			break;
		case EXT_CC_INFO:
			/* major, minor, micro, reserved[4], name[16], optim[4], desc[32] */
			if (size < EXT_HDR + 12 + 16 + 16 + 4 + 32)
				return bad(error, at, "CC_INFO record of %u bytes is too short", size);
			out->have_cc = true;
			out->cc.major = le32(r + 12);
			out->cc.minor = le32(r + 16);
			out->cc.micro = le32(r + 20);
			copy_str(out->cc.name, r + 40, 16);
			copy_str(out->cc.optim, r + 56, 4);
			copy_str(out->cc.desc, r + 60, 32);
			break;
		case EXT_PROBE_INFO:
			if (size < EXT_HDR + 8)
				return bad(error, at, "PROBE_INFO record of %u bytes is too short",
					   size);
			out->have_probe = true;
			out->probe_points_max = le32(r + 12);
			out->probe_injection_dmas_max = le32(r + 16);
			break;
		case EXT_USER_ABI_INFO:
			if (size < EXT_HDR + 4)
				return bad(error, at, "USER_ABI_INFO record of %u bytes is too short",
					   size);
			out->have_user_abi = true;
			out->user_abi_version = le32(r + 12);
			break;
		default:
			break; /* unknown records are skipped, as Linux does */
		}
		at += size;
		at = (at + 3) & ~(size_t)3;
	}
	return TRUE;
}

gboolean sv_dsp_fw_ready_parse(const uint8_t *buf, size_t len, SvDspFwReady *out,
			       GError **error)
{
	const uint8_t *v = buf + FR_VERSION;
	uint32_t size, cmd, abi;

	memset(out, 0, sizeof(*out));
	if (len < SV_DSP_FW_READY_SIZE)
		return bad(error, 0, "%zu bytes, FW_READY needs %u", len, SV_DSP_FW_READY_SIZE);
	size = le32(buf);
	cmd = le32(buf + FR_CMD);
	if (cmd != SV_IPC_GLB_FW_READY)
		return bad(error, FR_CMD, "command 0x%08x is not FW_READY (0x%08x)", cmd,
			   SV_IPC_GLB_FW_READY);
	if (size < SV_DSP_FW_READY_SIZE || size > SV_IPC_MSG_MAX)
		return bad(error, 0, "header size %u, FW_READY is %u bytes", size,
			   SV_DSP_FW_READY_SIZE);
	out->dspbox_offset = le32(buf + FR_DSPBOX);
	out->hostbox_offset = le32(buf + FR_DSPBOX + 4);
	out->dspbox_size = le32(buf + FR_DSPBOX + 8);
	out->hostbox_size = le32(buf + FR_DSPBOX + 12);
	out->version.major = le16(v + FV_MAJOR);
	out->version.minor = le16(v + FV_MAJOR + 2);
	out->version.micro = le16(v + FV_MAJOR + 4);
	out->version.build = le16(v + FV_MAJOR + 6);
	copy_str(out->version.date, v + FV_DATE, 12);
	copy_str(out->version.time, v + FV_TIME, 10);
	copy_str(out->version.tag, v + FV_TAG, 6);
	abi = out->version.abi_version = le32(v + FV_ABI);
	out->version.src_hash = le32(v + FV_SRC_HASH);
	out->flags = (uint64_t)le32(buf + FR_FLAGS) | (uint64_t)le32(buf + FR_FLAGS + 4) << 32;
	/* Linux snd_sof_ipc_valid(): another major is incompatible. */
	if (SV_DSP_ABI_MAJOR(abi) != SV_DSP_ABI_MAJOR_SUPPORTED) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "FW_READY: firmware %u.%u.%u speaks SOF ABI %u.%u.%u; this driver "
			    "speaks ABI %u.x: use a firmware built for ABI major %u",
			    out->version.major, out->version.minor, out->version.micro,
			    SV_DSP_ABI_MAJOR(abi), SV_DSP_ABI_MINOR(abi), SV_DSP_ABI_PATCH(abi),
			    SV_DSP_ABI_MAJOR_SUPPORTED, SV_DSP_ABI_MAJOR_SUPPORTED);
		return FALSE;
	}
	return parse_ext(buf, len, out, error);
}

uint32_t sv_dsp_window_offset(const SvDspImageWindow *w)
{
	return SRAM_WINDOW(w->id) + w->offset;
}

gboolean sv_dsp_mailboxes_from_windows(const SvDspImageWindow *w, unsigned n,
				       uint64_t bar4_size, SvDspMailboxes *out, GError **error)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < n; i++) {
		uint64_t off = sv_dsp_window_offset(&w[i]);

		if (w[i].id > 8 || off + w[i].size > bar4_size) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "window %u (%s): id %u offset 0x%x size 0x%x lies outside "
				    "BAR4 (0x%" G_GINT64_MODIFIER "x bytes)", i,
				    sv_dsp_window_type_name(w[i].type), w[i].id, w[i].offset,
				    w[i].size, bar4_size);
			return FALSE;
		}
		switch (w[i].type) {
		case SV_DSP_WINDOW_UPBOX:
			out->dspbox = (uint32_t)off;
			out->dspbox_size = w[i].size;
			break;
		case SV_DSP_WINDOW_DOWNBOX:
			out->hostbox = (uint32_t)off;
			out->hostbox_size = w[i].size;
			break;
		case SV_DSP_WINDOW_STREAM:
			out->stream = (uint32_t)off;
			out->stream_size = w[i].size;
			break;
		case SV_DSP_WINDOW_EXCEPTION:
			out->exception = (uint32_t)off;
			out->exception_size = w[i].size;
			break;
		case SV_DSP_WINDOW_DEBUG:
			out->debug = (uint32_t)off;
			out->debug_size = w[i].size;
			break;
		default:
			break;
		}
	}
	if (!out->dspbox_size || !out->hostbox_size) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "the firmware's windows give no %s mailbox (%u windows): cannot "
			    "talk to it", !out->dspbox_size ? "UPBOX (DSP box)" : "DOWNBOX (host box)",
			    n);
		return FALSE;
	}
	return TRUE;
}

static void print_flags(uint64_t flags, FILE *out)
{
	static const char *const names[] = { "BUILD", "LOCKS", "LOCKSV", "GDB", "D3_PERSISTENT" };

	fprintf(out, "  flags:        0x%" G_GINT64_MODIFIER "x", flags);
	for (unsigned i = 0; i < G_N_ELEMENTS(names); i++)
		if (flags & (1u << i))
			fprintf(out, " %s", names[i]);
	fputc('\n', out);
}

void sv_dsp_fw_ready_print(const SvDspFwReady *fw, FILE *out)
{
	uint32_t abi = fw->version.abi_version;

	fprintf(out, "FW_READY:\n");
	fprintf(out, "  version:      %u.%u.%u build %u, tag %s, %s %s\n", fw->version.major,
		fw->version.minor, fw->version.micro, fw->version.build, fw->version.tag,
		fw->version.date, fw->version.time);
	fprintf(out, "  ABI:          %u.%u.%u (0x%08x), source hash 0x%08x\n",
		SV_DSP_ABI_MAJOR(abi), SV_DSP_ABI_MINOR(abi), SV_DSP_ABI_PATCH(abi), abi,
		fw->version.src_hash);
	print_flags(fw->flags, out);
	fprintf(out, "  boxes stated: dsp 0x%x (0x%x bytes), host 0x%x (0x%x bytes)\n",
		fw->dspbox_offset, fw->dspbox_size, fw->hostbox_offset, fw->hostbox_size);
	fprintf(out, "  windows:      %u\n", fw->n_windows);
	for (unsigned i = 0; i < fw->n_windows; i++)
		fprintf(out, "    %-9s window %u + 0x%05x, 0x%05x bytes (BAR4 0x%06x)\n",
			sv_dsp_window_type_name(fw->windows[i].type), fw->windows[i].id,
			fw->windows[i].offset, fw->windows[i].size,
			sv_dsp_window_offset(&fw->windows[i]));
	if (fw->have_cc)
		fprintf(out, "  compiler:     %s %u.%u.%u %s %s\n", fw->cc.name, fw->cc.major,
			fw->cc.minor, fw->cc.micro, fw->cc.optim, fw->cc.desc);
	if (fw->have_probe)
		fprintf(out, "  probes:       %u points, %u injection DMAs\n", fw->probe_points_max,
			fw->probe_injection_dmas_max);
	if (fw->have_user_abi)
		fprintf(out, "  debug ABI:    %u.%u.%u\n", SV_DSP_ABI_MAJOR(fw->user_abi_version),
			SV_DSP_ABI_MINOR(fw->user_abi_version),
			SV_DSP_ABI_PATCH(fw->user_abi_version));
}

void sv_dsp_fw_ready_to_json(const SvDspFwReady *fw, JsonBuilder *b)
{
	g_autofree char *ver = g_strdup_printf("%u.%u.%u", fw->version.major, fw->version.minor,
					       fw->version.micro);
	g_autofree char *abi = g_strdup_printf("%u.%u.%u",
					       SV_DSP_ABI_MAJOR(fw->version.abi_version),
					       SV_DSP_ABI_MINOR(fw->version.abi_version),
					       SV_DSP_ABI_PATCH(fw->version.abi_version));

	json_builder_set_member_name(b, "version");
	json_builder_add_string_value(b, ver);
	json_builder_set_member_name(b, "build");
	json_builder_add_int_value(b, fw->version.build);
	json_builder_set_member_name(b, "tag");
	json_builder_add_string_value(b, fw->version.tag);
	json_builder_set_member_name(b, "date");
	json_builder_add_string_value(b, fw->version.date);
	json_builder_set_member_name(b, "time");
	json_builder_add_string_value(b, fw->version.time);
	json_builder_set_member_name(b, "abi");
	json_builder_add_string_value(b, abi);
	json_builder_set_member_name(b, "abi_version");
	json_builder_add_int_value(b, fw->version.abi_version);
	json_builder_set_member_name(b, "src_hash");
	json_builder_add_int_value(b, fw->version.src_hash);
	json_builder_set_member_name(b, "flags");
	json_builder_add_int_value(b, (gint64)fw->flags);
	json_builder_set_member_name(b, "d3_persistent");
	json_builder_add_boolean_value(b, !!(fw->flags & SV_DSP_FW_FLAG_D3_PERSISTENT));
	json_builder_set_member_name(b, "windows");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < fw->n_windows; i++) {
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "type");
		json_builder_add_string_value(b, sv_dsp_window_type_name(fw->windows[i].type));
		json_builder_set_member_name(b, "id");
		json_builder_add_int_value(b, fw->windows[i].id);
		json_builder_set_member_name(b, "offset");
		json_builder_add_int_value(b, fw->windows[i].offset);
		json_builder_set_member_name(b, "size");
		json_builder_add_int_value(b, fw->windows[i].size);
		json_builder_set_member_name(b, "bar4_offset");
		json_builder_add_int_value(b, sv_dsp_window_offset(&fw->windows[i]));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (fw->have_cc) {
		json_builder_set_member_name(b, "compiler");
		json_builder_add_string_value(b, fw->cc.name);
	}
	if (fw->have_user_abi) {
		json_builder_set_member_name(b, "dbg_abi_version");
		json_builder_add_int_value(b, fw->user_abi_version);
	}
}
