// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dsp-unit.c - the DSP driver's decoders and tables on byte buffers:
 * generation descriptors, FSR/ROM error/panic names, FW_READY and its
 * extended records, the mailboxes from the windows, the oops, the trace
 * page table and records (with the real sof-cnl.ldc when installed).
 *
 * Buffers are laid out here from the structure definitions of Linux
 * include/sound/sof/ (info.h, xtensa.h, header.h) and SOF user/trace.h,
 * written field by field, not with the driver's code.
 */
#include "sofvfio/dsp.h"

#include <string.h>

#define LDC "/lib/firmware/intel/sof/sof-cnl.ldc"

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	v = GUINT32_TO_LE(v);
	memcpy(b + off, &v, 4);
}

static void put16(uint8_t *b, size_t off, uint16_t v)
{
	v = GUINT16_TO_LE(v);
	memcpy(b + off, &v, 2);
}

/* ---- descriptors ---------------------------------------------------------- */

static void test_gen_cnl(void)
{
	const SvDspPciId *p = sv_dsp_lookup(0x8086, 0x9dc8);

	g_assert_nonnull(p);
	g_assert_cmpstr(p->gen->name, ==, "cAVS 1.8");
	g_assert_cmpstr(p->gen->platform, ==, "cnl");
	g_assert_true(p->gen->supported);
	g_assert_cmpuint(p->gen->cores, ==, 4);
	g_assert_cmphex(p->gen->host_managed_cores, ==, 0xf);
	/* cnl.c: HIPCIDR 0xd0, HIPCIDA 0xd4 DONE bit 31, HIPCTDR 0xc0, HIPCCTL 0xe8 */
	g_assert_cmphex(p->gen->ipc.req, ==, 0xd0);
	g_assert_cmphex(p->gen->ipc.ack, ==, 0xd4);
	g_assert_cmphex(p->gen->ipc.ack_done, ==, 1u << 31);
	g_assert_cmphex(p->gen->ipc.req_data, ==, 0xd8);
	g_assert_cmphex(p->gen->ipc.tdr, ==, 0xc0);
	g_assert_cmphex(p->gen->ipc.tda, ==, 0xc4);
	g_assert_cmphex(p->gen->ipc.tdd, ==, 0xc8);
	g_assert_cmphex(p->gen->ipc.ctl, ==, 0xe8);
	g_assert_cmpuint(p->gen->rom_init_timeout_ms, ==, 300);
	g_assert_cmphex(p->gen->rom_status, ==, 0x80000);
	g_assert_cmphex(p->gen->load_offset, ==, 0x30000);
	g_assert_cmpuint(p->gen->ssp_count, ==, 3);
	g_assert_false(p->gen->iccmax);
}

static void test_gen_apl(void)
{
	const SvDspPciId *p = sv_dsp_lookup(0x8086, 0x5a98);

	g_assert_nonnull(p);
	g_assert_cmpstr(p->gen->name, ==, "cAVS 1.5");
	/* hda.h HIPCI 0x48, HIPCIE 0x4c with DONE bit 30, HIPCT 0x40, HIPCTE 0x44, HIPCCTL 0x50 */
	g_assert_cmphex(p->gen->ipc.req, ==, 0x48);
	g_assert_cmphex(p->gen->ipc.ack, ==, 0x4c);
	g_assert_cmphex(p->gen->ipc.ack_done, ==, 1u << 30);
	g_assert_cmphex(p->gen->ipc.tdr, ==, 0x40);
	g_assert_cmphex(p->gen->ipc.tdd, ==, 0x44);
	g_assert_cmphex(p->gen->ipc.ctl, ==, 0x50);
	g_assert_cmphex(p->gen->ipc.tda, ==, 0);
	g_assert_cmpuint(p->gen->rom_init_timeout_ms, ==, 150);
	g_assert_cmphex(p->gen->host_managed_cores, ==, 0x3);
	g_assert_cmphex(p->gen->load_offset, ==, 0x2000);
}

static void test_gen_tgl_icl_ace(void)
{
	const SvDspPciId *tgl = sv_dsp_lookup(0x8086, 0xa0c8);
	const SvDspPciId *icl = sv_dsp_lookup(0x8086, 0x34c8);
	const SvDspPciId *mtl = sv_dsp_lookup(0x8086, 0x7e28);
	const SvDspPciId *lnl = sv_dsp_lookup(0x8086, 0xa828);

	g_assert_nonnull(tgl);
	g_assert_cmpstr(tgl->gen->platform, ==, "tgl");
	g_assert_cmphex(tgl->gen->host_managed_cores, ==, 0x1); /* TGL: core 0 only */
	g_assert_true(tgl->gen->iccmax);
	g_assert_nonnull(icl);
	g_assert_true(icl->gen->iccmax);
	g_assert_cmphex(icl->gen->host_managed_cores, ==, 0xf);
	g_assert_nonnull(mtl);
	g_assert_false(mtl->gen->supported);
	g_assert_nonnull(strstr(mtl->gen->unsupported_why, "IPC4"));
	g_assert_nonnull(lnl);
	g_assert_false(lnl->gen->supported);
	g_assert_null(sv_dsp_lookup(0x8086, 0x2668)); /* ICH6 HDA: no DSP */
	g_assert_true(sv_dsp_gen_by_platform("cnl") == sv_dsp_lookup(0x8086, 0x9dc8)->gen);
}

/* ---- names ----------------------------------------------------------------- */

static void test_status_names(void)
{
	g_autofree char *a = sv_dsp_fsr_describe(0x06000021);
	g_autofree char *b = sv_dsp_fsr_describe(0x00000005);
	g_autofree char *c = sv_dsp_fsr_describe(0xffffffff);

	/* linux#2478: wait state 6 = waiting for the CSE */
	g_assert_nonnull(strstr(a, "state 0x21"));
	g_assert_nonnull(strstr(a, "CSE"));
	g_assert_nonnull(strstr(b, "FW_ENTERED"));
	g_assert_nonnull(strstr(c, "does not answer"));
	g_assert_cmpstr(sv_dsp_fsr_state_name(1), ==, "INIT_DONE");
	g_assert_nonnull(strstr(sv_dsp_rom_error_name(44), "signature"));
	g_assert_nonnull(strstr(sv_dsp_rom_error_name(47), "load offset"));
	g_assert_nonnull(strstr(sv_dsp_rom_error_name(43), "not found"));
	g_assert_null(sv_dsp_rom_error_name(12345));
	g_assert_cmpstr(sv_dsp_panic_name(0x0dead006), ==, "EXCEPTION");
	g_assert_cmpstr(sv_dsp_panic_name(0x0dead000), ==, "MEM");
	g_assert_cmpstr(sv_dsp_panic_name(0x0dead008), ==, "STACK");
	g_assert_null(sv_dsp_panic_name(0x12345678));
}

/* ---- FW_READY ------------------------------------------------------------- */

/* A FW_READY as the CNL firmware 2.2 sends it: version 2.2.0, tag 57864,
 * ABI 3.22.1, flags with D3_PERSISTENT, then WINDOW (the seven windows of
 * the CNL image), CC_INFO, USER_ABI_INFO. */
static size_t build_fw_ready(uint8_t *b, uint32_t abi)
{
	static const uint32_t win[7][3] = { /* type, id, offset; size below */
		{ 5, 0, 0 }, { 1, 0, 0x1000 }, { 0, 1, 0 }, { 3, 2, 0 },
		{ 6, 2, 0x800 }, { 4, 2, 0x1000 }, { 2, 3, 0 },
	};
	static const uint32_t sizes[7] = { 0x1000, 0x1000, 0x2000, 0x800, 0x800, 0x1000, 0x2000 };
	size_t at = 108, rec;

	memset(b, 0, 1024);
	put32(b, 0, 108);
	put32(b, 4, 0x70000000);
	put32(b, 24, 60);                /* version.hdr.size */
	put16(b, 28, 2);
	put16(b, 30, 2);
	put16(b, 32, 0);
	put16(b, 34, 1);
	memcpy(b + 36, "Dec 13 2022", 11);
	memcpy(b + 48, "12:00:00", 8);
	memcpy(b + 58, "57864", 5);
	put32(b, 64, abi);
	put32(b, 68, 0xaabbccdd);
	put32(b, 84, 0x10);              /* flags: D3_PERSISTENT */
	/* WINDOW: ext hdr {size, cmd, type}, num_windows, elems of 24 bytes */
	rec = 12 + 4 + 7 * 24;
	put32(b, at, (uint32_t)rec);
	put32(b, at + 4, 0x70000000);
	put32(b, at + 8, 1);
	put32(b, at + 12, 7);
	for (unsigned i = 0; i < 7; i++) {
		size_t w = at + 16 + i * 24;

		put32(b, w, 24);
		put32(b, w + 4, win[i][0]);
		put32(b, w + 8, win[i][1]);
		put32(b, w + 12, 0);
		put32(b, w + 16, sizes[i]);
		put32(b, w + 20, win[i][2]);
	}
	at += rec;
	/* CC_INFO: major minor micro reserved[4] name[16] optim[4] desc[32] */
	rec = 12 + 12 + 16 + 16 + 4 + 32;
	put32(b, at, (uint32_t)rec);
	put32(b, at + 4, 0x70000000);
	put32(b, at + 8, 2);
	put32(b, at + 12, 12);
	put32(b, at + 16, 0);
	put32(b, at + 20, 8);
	memcpy(b + at + 40, "XCC", 3);
	memcpy(b + at + 56, "O2", 2);
	at += rec;
	/* USER_ABI_INFO */
	put32(b, at, 16);
	put32(b, at + 4, 0x70000000);
	put32(b, at + 8, 4);
	put32(b, at + 12, (5u << 24) | (3u << 12));
	return at + 16;
}

static void test_fw_ready(void)
{
	uint8_t b[1024];
	size_t len = build_fw_ready(b, (3u << 24) | (22u << 12) | 1);
	SvDspFwReady fw;
	SvDspMailboxes mb;
	GError *err = NULL;

	g_assert_true(sv_dsp_fw_ready_parse(b, len, &fw, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(fw.version.major, ==, 2);
	g_assert_cmpuint(fw.version.minor, ==, 2);
	g_assert_cmpuint(fw.version.micro, ==, 0);
	g_assert_cmpuint(fw.version.build, ==, 1);
	g_assert_cmpstr(fw.version.tag, ==, "57864");
	g_assert_cmpstr(fw.version.date, ==, "Dec 13 2022");
	g_assert_cmphex(fw.version.src_hash, ==, 0xaabbccdd);
	g_assert_cmpuint(SV_DSP_ABI_MINOR(fw.version.abi_version), ==, 22);
	g_assert_true(fw.flags & SV_DSP_FW_FLAG_D3_PERSISTENT);
	g_assert_cmpuint(fw.n_windows, ==, 7);
	g_assert_true(fw.have_cc);
	g_assert_cmpstr(fw.cc.name, ==, "XCC");
	g_assert_cmpuint(fw.cc.major, ==, 12);
	g_assert_true(fw.have_user_abi);
	g_assert_cmpuint(SV_DSP_ABI_MAJOR(fw.user_abi_version), ==, 5);
	g_assert_cmpuint(fw.n_ext, ==, 3);

	/* the windows decide the boxes: UPBOX w0+0x1000, DOWNBOX w1 (facts sheet) */
	g_assert_true(sv_dsp_mailboxes_from_windows(fw.windows, fw.n_windows, 0x100000, &mb, &err));
	g_assert_cmphex(mb.dspbox, ==, 0x81000);
	g_assert_cmphex(mb.dspbox_size, ==, 0x1000);
	g_assert_cmphex(mb.hostbox, ==, 0xa0000);
	g_assert_cmphex(mb.hostbox_size, ==, 0x2000);
	g_assert_cmphex(mb.exception, ==, 0xc0800);
	g_assert_cmphex(mb.stream, ==, 0xc1000);
	/* outside a smaller BAR4: refused */
	g_assert_false(sv_dsp_mailboxes_from_windows(fw.windows, fw.n_windows, 0xa0000, &mb, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_clear_error(&err);
	/* no DOWNBOX: refused */
	g_assert_false(sv_dsp_mailboxes_from_windows(fw.windows, 2, 0x100000, &mb, &err));
	g_assert_nonnull(strstr(err->message, "DOWNBOX"));
	g_clear_error(&err);
}

static void test_fw_ready_bad(void)
{
	uint8_t b[1024];
	size_t len = build_fw_ready(b, (4u << 24) | 1);
	SvDspFwReady fw;
	GError *err = NULL;

	/* an unknown ABI major is refused (snd_sof_ipc_valid) */
	g_assert_false(sv_dsp_fw_ready_parse(b, len, &fw, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_UNSUPPORTED);
	g_assert_nonnull(strstr(err->message, "ABI 4.0.1"));
	g_clear_error(&err);
	len = build_fw_ready(b, 3u << 24);
	/* short */
	g_assert_false(sv_dsp_fw_ready_parse(b, 100, &fw, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_clear_error(&err);
	/* a record claiming more than the box holds, with its offset */
	put32(b, 108, 1000);
	g_assert_false(sv_dsp_fw_ready_parse(b, len, &fw, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_assert_nonnull(strstr(err->message, "+0x6c"));
	g_clear_error(&err);
	/* not FW_READY */
	put32(b, 4, 0x10000000);
	g_assert_false(sv_dsp_fw_ready_parse(b, len, &fw, &err));
	g_assert_nonnull(strstr(err->message, "not FW_READY"));
	g_clear_error(&err);
}

/* ---- oops ------------------------------------------------------------------ */

static void test_oops(void)
{
	uint8_t b[0x400 + 44 + 128] = { 0 };
	uint32_t total = 28 + 24 * 4 + 16 * 4; /* headers, 24 registers, 16 AR */
	SvDspOops o;
	GError *err = NULL;
	g_autofree char *text = NULL;

	put32(b, 0, 0x1);                     /* arch: xtensa */
	put32(b, 4, total);
	put32(b, 16, 16);                     /* numaregs */
	put32(b, 24, 0xbe0fff00);             /* stackptr */
	put32(b, 28, 29);                     /* exccause */
	put32(b, 28 + 4, 0xdeadbeef);         /* excvaddr */
	put32(b, 28 + 12, 0xbe012345);        /* epc1 */
	put32(b, total, 44);                  /* panic_info.hdr.size */
	put32(b, total + 4, 0x0dead006);
	memcpy(b + total + 8, "src/arch/xtensa/init.c", 22);
	put32(b, total + 40, 123);
	put32(b, total + 44, 0x11111111);     /* stack[0] */
	put32(b, total + 44 + 31 * 4, 0x22222222);
	g_assert_true(sv_dsp_oops_parse(b, sizeof(b), 0x0dead006, &o, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(o.regs[0], ==, 29);
	g_assert_cmphex(o.regs[1], ==, 0xdeadbeef);
	g_assert_cmpstr(sv_dsp_oops_reg_name(3), ==, "epc1");
	g_assert_cmphex(o.regs[3], ==, 0xbe012345);
	g_assert_cmphex(o.code, ==, 0x0dead006);
	g_assert_cmpstr(o.filename, ==, "src/arch/xtensa/init.c");
	g_assert_cmpuint(o.linenum, ==, 123);
	g_assert_cmphex(o.stack[0], ==, 0x11111111);
	g_assert_cmphex(o.stack[31], ==, 0x22222222);
	text = sv_dsp_oops_describe(&o);
	g_assert_nonnull(strstr(text, "EXCEPTION"));
	g_assert_nonnull(strstr(text, "init.c:123"));
	g_assert_nonnull(strstr(text, "excvaddr    0xdeadbeef"));
	/* totalsize > 0x400: bogus (Linux "FW oops is bogus") */
	put32(b, 4, 0x800);
	g_assert_false(sv_dsp_oops_parse(b, sizeof(b), 0x0dead006, &o, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_PROTOCOL);
	g_assert_nonnull(strstr(err->message, "bogus"));
	g_clear_error(&err);
}

/* ---- trace ----------------------------------------------------------------- */

static void test_page_table(void)
{
	uint8_t t[16] = { 0 };

	/* PFNs 0x12345, 0x6789a, 0xbcdef from IOVA 0x12345000 + pages 0..2 would be
	 * consecutive; use 3 consecutive PFNs p, p+1, p+2 and check the packing:
	 * bytes 0-2 = pfn0 (20 bits), pfn1 << 4 from byte 2, pfn2 at byte 5. */
	sv_dsp_page_table_fill(t, 0x12345000, 3);
	g_assert_cmphex(t[0], ==, 0x45);
	g_assert_cmphex(t[1], ==, 0x23);
	/* byte 2: low nibble pfn0 bits 19:16 (0x1), high nibble pfn1 bits 3:0 (0x6) */
	g_assert_cmphex(t[2], ==, 0x61);
	g_assert_cmphex(t[3], ==, 0x34);   /* pfn1 = 0x12346: bits 11:4 */
	g_assert_cmphex(t[4], ==, 0x12);   /* bits 19:12 */
	g_assert_cmphex(t[5], ==, 0x47);   /* pfn2 = 0x12347 */
	g_assert_cmphex(t[6], ==, 0x23);
	g_assert_cmphex(t[7] & 0xf, ==, 0x1);
}

static void test_trace_records(void)
{
	g_autoptr(GMappedFile) f = NULL;
	const uint8_t *ldc;
	size_t ldc_len;
	uint32_t base, data_off, params, fl, tl;
	uint8_t rec[2 * (20 + 8)] = { 0 };
	g_autoptr(GArray) recs = NULL;
	GError *err = NULL;
	SvDspTraceRecord *r;
	g_autofree char *line = NULL;

	f = g_mapped_file_new(LDC, FALSE, NULL);
	if (!f) {
		g_test_skip(LDC " is not installed (firmware-sof-signed)");
		return;
	}
	ldc = (const uint8_t *)g_mapped_file_get_contents(f);
	ldc_len = g_mapped_file_get_length(f);
	memcpy(&base, ldc + 4, 4);
	memcpy(&data_off, ldc + 12, 4);
	/* the first dictionary entry, read here: {level, class, params, line, file_len, text_len} */
	memcpy(&params, ldc + data_off + 8, 4);
	memcpy(&fl, ldc + data_off + 16, 4);
	memcpy(&tl, ldc + data_off + 20, 4);
	g_assert_cmpuint(params, <=, 2);
	/* two records of that entry, with params 7 (and 8) */
	for (unsigned i = 0; i < 2; i++) {
		size_t at = i * (20 + 4 * params);

		put32(rec, at, 0);
		put32(rec, at + 4, 1 | (2u << 12) | (i << 24));
		put32(rec, at + 8, 1000 + i);
		put32(rec, at + 16, base);        /* the entry at data_offset */
		for (unsigned k = 0; k < params; k++)
			put32(rec, at + 20 + 4 * k, 7 + k);
	}
	recs = sv_dsp_trace_decode(rec, 2 * (20 + 4 * params), ldc, ldc_len, &err);
	g_assert_no_error(err);
	g_assert_cmpuint(recs->len, ==, 2);
	r = &g_array_index(recs, SvDspTraceRecord, 1);
	g_assert_cmpuint(r->core, ==, 1);
	g_assert_cmpuint(r->id_0, ==, 1);
	g_assert_cmpuint(r->id_1, ==, 2);
	g_assert_cmpuint(r->timestamp, ==, 1001);
	g_assert_cmpuint(r->n_params, ==, params);
	g_assert_nonnull(r->file);
	g_assert_cmpstr(r->file, ==, (const char *)ldc + data_off + 24);
	g_assert_nonnull(r->text);
	if (params)
		g_assert_nonnull(strstr(r->text, "7"));
	line = sv_dsp_trace_record_format(r);
	g_assert_nonnull(strstr(line, "[1001] c1"));
	/* not a dictionary */
	g_assert_null(sv_dsp_trace_decode(rec, sizeof(rec), (const uint8_t *)"nope", 4, &err));
	g_assert_error(err, SV_ERROR, SV_ERROR_INVAL);
	g_clear_error(&err);
}

static void test_ipc_names(void)
{
	g_autofree char *a = sv_ipc_cmd_name(0x40070000);
	g_autofree char *b = sv_ipc_cmd_name(0x90030000);
	g_autofree char *c = sv_ipc_cmd_name(0x30010000);

	g_assert_cmpstr(a, ==, "PM_CORE_ENABLE");
	g_assert_cmpstr(b, ==, "TRACE_DMA_PARAMS_EXT");
	g_assert_cmpstr(c, ==, "GLB 0x3 CMD 0x001");
	g_assert_cmpstr(sv_dsp_mem_zone_name(3), ==, "BUFFER");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dsp/unit/gen/cnl", test_gen_cnl);
	g_test_add_func("/dsp/unit/gen/apl", test_gen_apl);
	g_test_add_func("/dsp/unit/gen/tgl-icl-ace", test_gen_tgl_icl_ace);
	g_test_add_func("/dsp/unit/status-names", test_status_names);
	g_test_add_func("/dsp/unit/fw-ready", test_fw_ready);
	g_test_add_func("/dsp/unit/fw-ready-bad", test_fw_ready_bad);
	g_test_add_func("/dsp/unit/oops", test_oops);
	g_test_add_func("/dsp/unit/page-table", test_page_table);
	g_test_add_func("/dsp/unit/trace-records", test_trace_records);
	g_test_add_func("/dsp/unit/ipc-names", test_ipc_names);
	return g_test_run();
}
