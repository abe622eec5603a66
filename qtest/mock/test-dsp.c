// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test-dsp.c - the DSP driver against the mock's DSP model: real SOF
 * firmware images from /lib/firmware/intel/sof/ booted on `sofvfio-emu
 * --dsp cnl|apl`, every --dsp-fault kind, refused images, the seed loader's
 * six faults, and `sofvfio dsp boot` end to end.
 *
 * Each configuration gets a sofvfio-emu of its own (lib/emu-spawn.h):
 * $SOFVFIO_EMU names it, $SOFVFIO_CLI the sofvfio executable.  Expected
 * values come from the image (the dsp-image reader: its XMan) and from the
 * facts of Linux's SOF driver, never from the driver under test.
 *
 * With --device DEVICE (qtest, guest) the tests look for a DSP there (BAR4
 * of 1 MiB) and skip, saying so, when there is none: QEMU's intel-hda has
 * no DSP.
 */
#include "emu-spawn.h"
#include "sofvfio/dsp.h"
#include "sofvfio/hda-stream.h"
#include "sofvfio/wait.h"

#include <string.h>

/* the firmware folder: $SOFVFIO_SOF_FIRMWARE or Debian's */
#define FW_DIR (g_getenv("SOFVFIO_SOF_FIRMWARE") ? g_getenv("SOFVFIO_SOF_FIRMWARE") \
						: "/lib/firmware/intel/sof")
#define BAR4 4
#define ADSPCS 0x04

static const char *emu_path;
static const char *cli_path;
static const char *other_device; /* --device: a backend that is not the mock */

static SvDspImage *load_image(const char *rel)
{
	g_autofree char *path = g_build_filename(FW_DIR, rel, NULL);
	GError *err = NULL;
	SvDspImage *img;

	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		/* CI installs the firmware (ci/setup): there, its absence is a failure */
		if (!g_strcmp0(g_getenv("CI"), "true"))
			g_error("%s is not installed: ci/setup installs firmware-sof-signed", path);
		g_test_skip_printf("%s is not installed (ci/setup installs firmware-sof-signed)",
				   path);
		return NULL;
	}
	img = sv_dsp_image_load_file(path, &err);
	g_assert_no_error(err);
	return img;
}

/* A mock with a DSP model; the test is skipped (saying why) where there is none. */
typedef struct {
	EmuSpawn *emu;
	SvDevice *dev;
} Rig;

static bool rig_up(Rig *r, const char *const *args)
{
	GError *err = NULL;

	memset(r, 0, sizeof(*r));
	if (other_device) {
		SvRegionInfo ri = { 0 };

		r->dev = sv_device_open(other_device, &err);
		g_assert_no_error(err);
		if (!sv_region_info(r->dev, BAR4, &ri, NULL) || ri.size < 0x100000) {
			g_test_skip_printf("%s has no DSP (BAR4 of %" G_GUINT64_FORMAT " bytes): "
					   "QEMU's intel-hda models no SOF DSP; the DSP tests run on "
					   "the mock", other_device, ri.size);
			sv_device_close(r->dev);
			r->dev = NULL;
			return false;
		}
		return true;
	}
	if (!emu_path) {
		g_test_skip("$SOFVFIO_EMU does not name sofvfio-emu");
		return false;
	}
	r->emu = emu_spawn(emu_path, args, &err);
	g_assert_no_error(err);
	r->dev = sv_device_open(emu_spawn_device(r->emu), &err);
	g_assert_no_error(err);
	return true;
}

/*
 * Nothing left behind: no core powered (ADSPCS.CPA read after the failure),
 * no stream running (SDnCTL.RUN), no DMA buffer mapped; the mock still up.
 */
static void assert_clean(SvDevice *dev)
{
	uint32_t cs = sv_read32(dev, BAR4, ADSPCS);
	uint16_t gcap = sv_read16(dev, 0, 0);
	unsigned nsd = ((gcap >> 12) & 0xf) + ((gcap >> 8) & 0xf) + ((gcap >> 3) & 0x1f);

	if (cs != 0xffffffffu)
		g_assert_cmphex((cs >> 24) & 0xf, ==, 0);
	for (unsigned sd = 0; sd < nsd && gcap != 0xffff; sd++)
		g_assert_cmphex(sv_read8(dev, 0, 0x80 + 0x20 * sd) & 0x2, ==, 0);
	g_assert_cmpuint(sv_dma_count(dev), ==, 0);
}

/* every "|"-separated word of @words is in @msg */
static void assert_words(const char *msg, const char *words)
{
	g_auto(GStrv) w = g_strsplit(words, "|", -1);

	for (char **p = w; *p; p++)
		if (!strstr(msg, *p))
			g_error("\"%s\" is not in the message: %s", *p, msg);
}

static void rig_down(Rig *r)
{
	sv_device_close(r->dev);
	if (r->emu)
		g_assert_true(emu_spawn_stop(r->emu)); /* the mock did not crash */
}

/*
 * rig_up() and the firmware @image loaded into *@img; false (the test
 * skipped, the rig down) where either is missing.  The DSP is checked
 * first, so that where there is none (the guest) no firmware is asked for.
 */
static bool rig_up_image(Rig *r, const char *const *args, const char *image, SvDspImage **img)
{
	if (!rig_up(r, args))
		return false;
	*img = load_image(image);
	if (!*img) {
		rig_down(r);
		return false;
	}
	return true;
}

static void assert_fw_ready_matches(const SvDspFwReady *fw, const SvDspImage *img,
				    const SvDspMailboxes *boxes)
{
	const SvDspImageXman *x = &img->xman;

	/* FW_READY says what the image's XMan says */
	g_assert_true(x->have_fw_version);
	g_assert_cmpuint(fw->version.major, ==, x->fw_version.major);
	g_assert_cmpuint(fw->version.minor, ==, x->fw_version.minor);
	g_assert_cmpuint(fw->version.micro, ==, x->fw_version.micro);
	g_assert_cmpstr(fw->version.tag, ==, x->fw_version.tag);
	g_assert_cmphex(fw->version.abi_version, ==, x->fw_version.abi_version);
	g_assert_cmphex(fw->version.src_hash, ==, x->fw_version.src_hash);
	/* the windows the driver uses are those of the XMan */
	g_assert_true(x->have_windows);
	g_assert_cmpuint(fw->n_windows, ==, x->n_windows);
	for (unsigned i = 0; i < x->n_windows; i++) {
		g_assert_cmpuint(fw->windows[i].type, ==, x->windows[i].type);
		g_assert_cmpuint(fw->windows[i].id, ==, x->windows[i].id);
		g_assert_cmphex(fw->windows[i].offset, ==, x->windows[i].offset);
		g_assert_cmphex(fw->windows[i].size, ==, x->windows[i].size);
	}
	{
		const SvDspImageWindow *up = sv_dsp_image_window(img, SV_DSP_WINDOW_UPBOX);
		const SvDspImageWindow *down = sv_dsp_image_window(img, SV_DSP_WINDOW_DOWNBOX);

		g_assert_nonnull(up);
		g_assert_nonnull(down);
		/* window n is at BAR4 0x80000 + 0x20000 n (Linux SRAM_WINDOW_OFFSET) */
		g_assert_cmphex(boxes->dspbox, ==, 0x80000 + 0x20000 * up->id + up->offset);
		g_assert_cmphex(boxes->hostbox, ==, 0x80000 + 0x20000 * down->id + down->offset);
		g_assert_cmphex(boxes->hostbox_size, ==, down->size);
	}
}

/* The seed faults the boot report can show: tag, purge DMA id, size, XMan stripped. */
static void assert_loader_facts(SvDsp *dsp, const SvDspBoot *boot, const SvDspImage *img)
{
	const HdaControllerInfo *ci = hda_controller_info(sv_dsp_controller(dsp));

	g_assert_false(boot->imr);
	/* a playback descriptor, tag = index - ISS + 1 (not index + 1) */
	g_assert_cmpuint(boot->stream_index, >=, ci->n_in);
	g_assert_cmpuint(boot->stream_index, <, ci->n_in + ci->n_out);
	g_assert_cmpuint(boot->stream_tag, ==, boot->stream_index - ci->n_in + 1);
	/* the purge message: ROM_CONTROL | PURGE | (tag - 1) << 9 with the tag used */
	g_assert_cmphex(boot->purge & 0x01004000u, ==, 0x01004000u);
	g_assert_cmpuint(((boot->purge >> 9) & 0x1f) + 1, ==, boot->stream_tag);
	/* the payload is the file less its XMan, and its size is what was sent */
	g_assert_cmpuint(boot->payload_size, ==, img->size - img->xman.full_size);
	g_assert_cmpuint(boot->payload_size, ==, img->payload_size);
	g_assert_cmpmem(img->payload, 4, "$CPD", 4);
}

static void run_ipcs(SvDsp *dsp, const char *ldc)
{
	GError *err = NULL;
	g_autofree SvDspMemZone *zones = NULL;
	unsigned n = 0;
	g_autoptr(JsonBuilder) b = json_builder_new();

	g_assert_true(sv_dsp_ping(dsp, &err));
	g_assert_no_error(err);
	g_assert_true(sv_dsp_mem_usage(dsp, &zones, &n, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(n, >, 0);
	for (unsigned i = 0; i < n; i++)
		g_assert_cmpuint(zones[i].used + zones[i].free, >, 0);
	/* all cores: the host powers those it manages first (CPA), the firmware the
	 * rest; then back to core 0 alone, the others powered down again */
	{
		const SvDspGen *g = sv_dsp_gen(dsp);
		uint32_t all = (1u << g->cores) - 1;

		g_assert_true(sv_dsp_pm_core_enable(dsp, all, &err));
		g_assert_no_error(err);
		g_assert_cmphex(sv_dsp_cores_powered(dsp) & g->host_managed_cores, ==,
				g->host_managed_cores);
		g_assert_true(sv_dsp_pm_core_enable(dsp, 0x1, &err));
		g_assert_no_error(err);
		g_assert_cmphex(sv_dsp_cores_powered(dsp) & g->host_managed_cores, ==, 0x1);
	}
	g_assert_true(sv_dsp_pm_gate(dsp, 0, &err));
	g_assert_no_error(err);
	/* trace: a capture stream, TRACE_DMA_PARAMS_EXT, records arrive */
	json_builder_begin_array(b);
	g_assert_true(sv_dsp_run_command(dsp, "trace", ldc, b, NULL, &err));
	g_assert_no_error(err);
	json_builder_end_array(b);
	{
		g_autoptr(JsonNode) root = json_builder_get_root(b);
		JsonObject *o = json_array_get_object_element(json_node_get_array(root), 0);
		JsonArray *recs = json_object_get_array_member(o, "records");

		g_assert_cmpint(json_object_get_int_member(o, "bytes"), >, 0);
		g_assert_cmpuint(json_array_get_length(recs), >, 0);
		if (ldc) /* with the dictionary every record has its text */
			g_assert_cmpstr(json_object_get_string_member(
						json_array_get_object_element(recs, 0), "text"), !=, "");
	}
	g_assert_true(sv_dsp_ping(dsp, &err)); /* still answering after the trace */
	g_assert_no_error(err);

	/* an error reply comes back with its code: PM_CORE_ENABLE of a host-managed
	 * core the host did not power (the firmware refuses it, -EINVAL) */
	if (sv_dsp_gen(dsp)->host_managed_cores & 0x2) {
		uint32_t msg[3] = { GUINT32_TO_LE(12), GUINT32_TO_LE(SV_IPC_PM_CORE_ENABLE),
				    GUINT32_TO_LE(0x3) };
		uint32_t reply[3];

		g_assert_false(sv_dsp_ipc_tx(dsp, msg, sizeof(msg), reply, sizeof(reply), NULL, &err));
		g_assert_error(err, SV_DSP_ERROR, SV_DSP_ERROR_IPC);
		g_assert_nonnull(strstr(err->message, "error -22"));
		g_clear_error(&err);
	}
	/* a reply larger than the buffer is refused (ipc3.c: -EINVAL) */
	{
		uint32_t msg[2] = { GUINT32_TO_LE(8), GUINT32_TO_LE(SV_IPC_DEBUG_MEM_USAGE) };
		uint32_t reply[3];

		g_assert_false(sv_dsp_ipc_tx(dsp, msg, sizeof(msg), reply, sizeof(reply), NULL, &err));
		g_assert_error(err, SV_DSP_ERROR, SV_DSP_ERROR_IPC);
		g_assert_nonnull(strstr(err->message, "12 expected at most"));
		g_clear_error(&err);
	}
	g_assert_true(sv_dsp_ping(dsp, &err)); /* and the session goes on */
	g_assert_no_error(err);
}

typedef struct {
	const char *model;      /* --dsp */
	const char *image;      /* relative to FW_DIR */
	const char *ldc;
	bool imr;               /* its FW_READY must allow an IMR boot */
} BootCase;

static void test_boot(gconstpointer data)
{
	const BootCase *c = data;
	const char *args[] = { "--dsp", c->model, NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = c->image;
	g_autofree char *ldc = c->ldc ? g_build_filename(FW_DIR, c->ldc, NULL) : NULL;
	GError *err = NULL;
	SvDspBoot boot, boot2;
	SvDsp *dsp;
	Rig r;

	if (!rig_up_image(&r, args, image, &img))
		return;
	if (ldc && !g_file_test(ldc, G_FILE_TEST_EXISTS))
		g_clear_pointer(&ldc, g_free);
	dsp = sv_dsp_open(r.dev, NULL, &err);
	g_assert_no_error(err);
	g_assert_cmpstr(sv_dsp_gen(dsp)->platform, ==, c->model);
	g_assert_true(sv_dsp_boot(dsp, img, &boot, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(boot.attempts, ==, 1);
	assert_loader_facts(dsp, &boot, img);
	assert_fw_ready_matches(&boot.fw_ready, img, &boot.boxes);
	run_ipcs(dsp, ldc);

	/* The second boot comes from IMR when FW_READY said D3_PERSISTENT (the CNL
	 * firmware does), else it is a cold boot again; FW_READY comes either way. */
	if (c->imr)
		g_assert_true(boot.fw_ready.flags & SV_DSP_FW_FLAG_D3_PERSISTENT);
	g_assert_true(sv_dsp_boot(dsp, img, &boot2, &err));
	g_assert_no_error(err);
	g_assert_cmpint(boot2.imr, ==, !!(boot.fw_ready.flags & SV_DSP_FW_FLAG_D3_PERSISTENT));
	g_assert_false(boot2.imr_fell_back);
	assert_fw_ready_matches(&boot2.fw_ready, img, &boot2.boxes);
	g_assert_true(sv_dsp_ping(dsp, &err));
	g_assert_no_error(err);
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/* ---- faults ------------------------------------------------------------------ */

typedef struct {
	const char *fault;           /* --dsp-fault */
	bool boots;                  /* the boot succeeds, the first IPC fails */
	SvDspErrorCode code;
	const char *words;           /* in the message */
	int max_ms;                  /* the whole failure within this */
	int min_ms;                  /* and not faster: every attempt waited its deadline */
} FaultCase;

static void test_fault(gconstpointer data)
{
	const FaultCase *c = data;
	const char *args[] = { "--dsp", "cnl", "--dsp-fault", c->fault, NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = "sof-cnl.ri";
	GError *err = NULL;
	SvDspBoot boot;
	SvDsp *dsp;
	int64_t t0, ms;
	unsigned base_dma;
	gboolean ok;
	Rig r;

	if (!rig_up_image(&r, args, image, &img))
		return;
	dsp = sv_dsp_open(r.dev, NULL, &err);
	if (!dsp) {
		/* "dead": the controller itself reads all ones */
		g_assert_cmpstr(c->fault, ==, "dead");
		g_assert_nonnull(strstr(err->message, "0xffff"));
		g_clear_error(&err);
		assert_clean(r.dev);
		rig_down(&r);
		return;
	}
	base_dma = sv_dma_count(r.dev); /* the controller's rings and position buffer */
	t0 = sv_now_us();
	ok = sv_dsp_boot(dsp, img, &boot, &err);
	if (c->boots) {
		g_assert_no_error(err);
		g_assert_true(ok);
		t0 = sv_now_us();
		ok = sv_dsp_ping(dsp, &err);
	}
	ms = (sv_now_us() - t0) / 1000;
	g_assert_false(ok);
	g_assert_nonnull(err);
	g_test_message("%s: %s (%" G_GINT64_FORMAT " ms)", c->fault, err->message, ms);
	g_assert_error(err, SV_DSP_ERROR, (gint)c->code);
	assert_words(err->message, c->words);
	g_assert_cmpint(ms, <=, c->max_ms);
	g_assert_cmpint(ms, >=, c->min_ms);
	g_clear_error(&err);
	/* right after the failure: no core powered, nothing running or mapped but
	 * the controller's own rings (closed below) */
	{
		uint32_t cs = sv_read32(r.dev, BAR4, ADSPCS);
		uint16_t gcap = sv_read16(r.dev, 0, 0);
		unsigned nsd = ((gcap >> 12) & 0xf) + ((gcap >> 8) & 0xf);

		if (strcmp(c->fault, "dead"))
			g_assert_cmphex((cs >> 24) & 0xf, ==, 0);
		for (unsigned sd = 0; sd < nsd; sd++)
			g_assert_cmphex(sv_read8(r.dev, 0, 0x80 + 0x20 * sd) & 0x2, ==, 0);
		g_assert_cmpuint(sv_dma_count(r.dev), ==, base_dma);
	}
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/* ---- images the ROM refuses ------------------------------------------------- */

typedef enum { BAD_TAMPERED, BAD_TRUNCATED, BAD_OTHER_PART, BAD_WHOLE_FILE } BadKind;

typedef struct {
	BadKind kind;
	const char *words;
} BadCase;

static void test_bad_image(gconstpointer data)
{
	const BadCase *c = data;
	const char *args[] = { "--dsp", "cnl", NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = c->kind == BAD_OTHER_PART ? "sof-tgl.ri" : "sof-cnl.ri";
	SvDspOptions opts = { 0 };
	g_autofree uint8_t *copy = NULL;
	GError *err = NULL;
	SvDspBoot boot;
	SvDsp *dsp;
	gboolean ok;
	Rig r;

	if (!rig_up_image(&r, args, image, &img))
		return;
	opts.test_send_whole_file = c->kind == BAD_WHOLE_FILE;
	dsp = sv_dsp_open(r.dev, &opts, &err);
	g_assert_no_error(err);
	copy = g_memdup2(img->payload, img->payload_size);
	switch (c->kind) {
	case BAD_TAMPERED:
		/* one byte of the last module's text (its SHA-256 no longer matches) */
		g_assert_cmpuint(img->manifest.n_modules, >, 0);
		copy[img->manifest.modules[img->manifest.n_modules - 1].segments[0].file_offset + 0x40] ^= 0x5a;
		ok = sv_dsp_boot_payload(dsp, copy, img->payload_size, &boot, &err);
		break;
	case BAD_TRUNCATED:
		ok = sv_dsp_boot_payload(dsp, copy, img->payload_size / 2, &boot, &err);
		break;
	default:
		ok = sv_dsp_boot(dsp, img, &boot, &err);
		break;
	}
	g_assert_false(ok);
	g_test_message("%s", err->message);
	g_assert_error(err, SV_DSP_ERROR, SV_DSP_ERROR_ROM);
	assert_words(err->message, c->words);
	g_clear_error(&err);
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/*
 * Seed fault "purge DMA id disagrees with the stream": take the first
 * playback descriptor for something else, so the loader must use the next
 * one; its tag and the purge message's DMA id follow (tag 2, id 1), and the
 * model, which pulls the payload from the stream the purge names, boots.
 */
static void test_second_stream(void)
{
	const char *args[] = { "--dsp", "cnl", NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = "sof-cnl.ri";
	GError *err = NULL;
	SvDspBoot boot;
	HdaStream *busy;
	SvDsp *dsp;
	Rig r;

	if (!rig_up_image(&r, args, image, &img))
		return;
	dsp = sv_dsp_open(r.dev, NULL, &err);
	g_assert_no_error(err);
	busy = hda_stream_open_dsp(sv_dsp_controller(dsp), HDA_STREAM_OUTPUT, &err);
	g_assert_no_error(err);
	g_assert_cmpuint(hda_stream_tag(busy), ==, 1);
	g_assert_true(sv_dsp_boot(dsp, img, &boot, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(boot.stream_index, ==, hda_stream_index(busy) + 1);
	g_assert_cmpuint(boot.stream_tag, ==, 2);
	g_assert_cmpuint((boot.purge >> 9) & 0x1f, ==, 1);
	assert_loader_facts(dsp, &boot, img);
	hda_stream_close(busy);
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/*
 * Seed fault "a core power-down that polls SPA instead of CPA": SPA is the
 * request and reads 0 at once, CPA follows later (the model: 200 us); when
 * sv_dsp_power_down() returns, CPA must read 0 already.
 */
static void test_power_down_cpa(void)
{
	const char *args[] = { "--dsp", "cnl", NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = "sof-cnl.ri";
	GError *err = NULL;
	uint32_t cs;
	SvDsp *dsp;
	Rig r;

	if (!rig_up_image(&r, args, image, &img))
		return;
	dsp = sv_dsp_open(r.dev, NULL, &err);
	g_assert_no_error(err);
	g_assert_true(sv_dsp_boot(dsp, img, NULL, &err));
	g_assert_no_error(err);
	g_assert_true(sv_dsp_pm_core_enable(dsp, 0xf, &err));
	g_assert_no_error(err);
	g_assert_cmphex(sv_dsp_cores_powered(dsp), ==, 0xf);
	g_assert_true(sv_dsp_power_down(dsp, &err));
	g_assert_no_error(err);
	cs = sv_read32(r.dev, BAR4, ADSPCS);
	g_assert_cmphex((cs >> 16) & 0xf, ==, 0); /* SPA */
	g_assert_cmphex((cs >> 24) & 0xf, ==, 0); /* CPA */
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/* Open and close without a boot: the DSP stays off, gating is restored. */
static void test_info(void)
{
	const char *args[] = { "--dsp", "cnl", NULL };
	GError *err = NULL;
	SvDspInfo info;
	SvDsp *dsp;
	Rig r;

	if (!rig_up(&r, args))
		return;
	dsp = sv_dsp_open(r.dev, NULL, &err);
	g_assert_no_error(err);
	g_assert_true(sv_dsp_read_info(dsp, &info, &err));
	g_assert_no_error(err);
	g_assert_cmphex(info.vendor, ==, 0x8086);
	g_assert_cmphex(info.device, ==, 0x9dc8);
	g_assert_cmpuint(info.pp, !=, 0);
	g_assert_cmpuint(info.spib, !=, 0);
	g_assert_true(info.ppctl & (1u << 30)); /* GPROCEN */
	g_assert_cmphex((info.adspcs >> 24) & 0xf, ==, 0);
	sv_dsp_close(dsp);
	assert_clean(r.dev);
	rig_down(&r);
}

/* ---- the CLI ------------------------------------------------------------------- */

/* The CLI's stdout; its stderr into *@err_text (when not NULL) and the log. */
static char *run_cli_full(const char *const *argv, int *status, char **err_text)
{
	g_autofree char *err_out = NULL;
	char *out = NULL;
	GError *err = NULL;

	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
				   &err_out, status, &err));
	g_assert_no_error(err);
	if (err_out && *err_out)
		g_test_message("stderr: %s", err_out);
	if (err_text)
		*err_text = g_steal_pointer(&err_out);
	return out;
}

static char *run_cli(const char *const *argv, int *status)
{
	return run_cli_full(argv, status, NULL);
}

static void test_cli(void)
{
	const char *args[] = { "--dsp", "cnl", NULL };
	g_autoptr(SvDspImage) img = NULL;
	const char *image = "sof-cnl.ri";
	g_autofree char *fw = g_build_filename(FW_DIR, "sof-cnl.ri", NULL);
	g_autofree char *text = NULL, *json = NULL, *info = NULL;
	g_autoptr(JsonParser) p = json_parser_new();
	g_autofree char *ver = NULL;
	GError *err = NULL;
	JsonObject *root, *b0, *fr;
	JsonArray *ipc;
	int status;
	Rig r;

	if (!rig_up(&r, args))
		return;
	img = load_image(image);
	if (!img || !cli_path) {
		if (!cli_path)
			g_test_skip("$SOFVFIO_CLI does not name the sofvfio executable");
		rig_down(&r);
		return;
	}
	/* the CLI opens the device itself: let go of ours */
	sv_device_close(r.dev);
	r.dev = NULL;
	{
		const char *argv[] = { cli_path, "dsp", "boot", "-d", emu_spawn_device(r.emu),
				       "--firmware", fw, "--ipc", "ping", "--ipc", "mem-usage",
				       "--ipc", "trace", NULL };

		text = run_cli(argv, &status);
	}
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	ver = g_strdup_printf("%u.%u.%u", img->xman.fw_version.major, img->xman.fw_version.minor,
			      img->xman.fw_version.micro);
	g_assert_nonnull(strstr(text, "FW_READY"));
	g_assert_nonnull(strstr(text, ver));
	g_assert_nonnull(strstr(text, img->xman.fw_version.tag));
	g_assert_nonnull(strstr(text, "ping: the firmware answered"));
	g_assert_nonnull(strstr(text, "ROM: FW_ENTERED"));
	{
		const char *argv[] = { cli_path, "dsp", "boot", "-d", emu_spawn_device(r.emu),
				       "--firmware", fw, "--json", "--boots", "2", "--ipc", "ping",
				       NULL };

		json = run_cli(argv, &status);
	}
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_assert_true(json_parser_load_from_data(p, json, -1, &err));
	g_assert_no_error(err);
	root = json_node_get_object(json_parser_get_root(p));
	g_assert_true(json_object_get_boolean_member(root, "ok"));
	g_assert_cmpstr(json_object_get_string_member(root, "generation"), ==, "cAVS 1.8");
	b0 = json_array_get_object_element(json_object_get_array_member(root, "boots"), 0);
	g_assert_cmpstr(json_object_get_string_member(b0, "kind"), ==, "cold");
	fr = json_object_get_object_member(b0, "fw_ready");
	g_assert_cmpstr(json_object_get_string_member(fr, "version"), ==, ver);
	g_assert_cmpstr(json_object_get_string_member(fr, "tag"), ==, img->xman.fw_version.tag);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(fr, "windows")), ==,
			 img->xman.n_windows);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(
				json_object_get_array_member(root, "boots"), 1), "kind"), ==, "imr");
	ipc = json_object_get_array_member(root, "ipc");
	g_assert_cmpuint(json_array_get_length(ipc), ==, 1);
	g_assert_true(json_object_get_boolean_member(json_array_get_object_element(ipc, 0), "ok"));
	{
		const char *argv[] = { cli_path, "dsp", "info", "-d", emu_spawn_device(r.emu), NULL };

		info = run_cli(argv, &status);
	}
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_assert_nonnull(strstr(info, "cAVS 1.8"));
	g_assert_nonnull(strstr(info, "core 0:     off"));
	{
		const char *argv[] = { cli_path, "dsp", "info", "-d", emu_spawn_device(r.emu),
				       "--json", NULL };
		g_autofree char *j = run_cli(argv, &status);
		g_autoptr(JsonParser) ip = json_parser_new();
		JsonObject *o;
		JsonArray *cores;

		g_assert_true(g_spawn_check_wait_status(status, NULL));
		g_assert_true(json_parser_load_from_data(ip, j, -1, &err));
		g_assert_no_error(err);
		o = json_node_get_object(json_parser_get_root(ip));
		g_assert_cmpstr(json_object_get_string_member(o, "pci_id"), ==, "8086:9dc8");
		g_assert_cmpstr(json_object_get_string_member(o, "platform"), ==, "cnl");
		cores = json_object_get_array_member(o, "cores_state");
		g_assert_cmpuint(json_array_get_length(cores), ==, 4);
		for (guint i = 0; i < 4; i++)
			g_assert_false(json_object_get_boolean_member(
				json_array_get_object_element(cores, i), "powered"));
		g_assert_cmpint(json_object_get_int_member(json_object_get_object_member(o,
				"capabilities"), "pp"), >, 0);
		g_assert_nonnull(json_object_get_string_member(o, "fsr_decoded"));
	}
	{
		/* a bad command: exit status not 0, the command named */
		const char *argv[] = { cli_path, "dsp", "boot", "-d", emu_spawn_device(r.emu),
				       "--firmware", fw, "--ipc", "frobnicate", NULL };
		g_autofree char *e = NULL;
		g_autofree char *o = run_cli_full(argv, &status, &e);

		g_assert_false(g_spawn_check_wait_status(status, NULL));
		g_assert_nonnull(strstr(e, "frobnicate"));
		g_assert_cmpstr(o, ==, "");
	}
	g_assert_true(emu_spawn_stop(r.emu));
}

/*
 * Where there is no DSP (QEMU's intel-hda over qtest), sv_dsp_open() refuses
 * the device, saying why, and leaves nothing behind.
 */
static void test_no_dsp(void)
{
	GError *err = NULL;
	SvDevice *dev = sv_device_open(other_device, &err);
	SvDsp *dsp;

	g_assert_no_error(err);
	dsp = sv_dsp_open(dev, NULL, &err);
	g_assert_null(dsp);
	g_assert_error(err, SV_DSP_ERROR, SV_DSP_ERROR_UNSUPPORTED);
	g_test_message("%s", err->message);
	g_assert_true(strstr(err->message, "not an Intel audio DSP") ||
		      strstr(err->message, "BAR4"));
	g_clear_error(&err);
	g_assert_cmpuint(sv_dma_count(dev), ==, 0);
	sv_device_close(dev);
}

/* ---- registration ------------------------------------------------------------- */

static const BootCase boots[] = {
	{ "cnl", "intel-signed/sof-cnl.ri", "sof-cnl.ldc", true },
	{ "cnl", "community/sof-cnl.ri", "sof-cnl.ldc", true },
	{ "apl", "intel-signed/sof-apl.ri", "sof-apl.ldc", false },
	{ "tgl", "intel-signed/sof-tgl.ri", "sof-tgl.ldc", true },
};

/*
 * Deadlines (Linux hda.h): CPA 50 ms, ROM ack 500 ms, ROM init 300 ms, three
 * attempts; FW_ENTERED 3 s; FW_READY 2 s; IPC 500 ms.
 */
static const FaultCase faults[] = {
	{ "cpa-stuck", false, SV_DSP_ERROR_POWER, "power up|CPA|after 3 attempts", 2000, 150 },
	{ "no-rom-ack", false, SV_DSP_ERROR_ROM, "acknowledge|DONE|after 3 attempts", 4000, 1500 },
	{ "rom-error=44", false, SV_DSP_ERROR_ROM, "FW_ENTERED|ROM error 44|signature|halted", 3500,
	  0 },
	/* the ROM waits for the CSE and never acknowledges (linux#2478) */
	{ "fsr-stuck=0x06000021", false, SV_DSP_ERROR_ROM, "0x06000021|CSE|after 3 attempts", 3500,
	  1500 },
	{ "no-fw-ready", false, SV_DSP_ERROR_FIRMWARE, "FW_READY|2000000 us", 4000, 2000 },
	{ "panic", true, SV_DSP_ERROR_PANIC, "panicked|0x0dead006 (EXCEPTION) at |.c:|excvaddr|stack:", 1000, 0 },
	{ "ipc-timeout", true, SV_DSP_ERROR_IPC, "no reply in 500 ms|GLB_REPLY", 1500, 500 },
	{ "abi-mismatch", false, SV_DSP_ERROR_ABI, "FW_READY|ABI", 3000, 0 },
	{ "dead", false, SV_DSP_ERROR_DEAD, "0xffffffff", 1000, 0 },
};

static const BadCase bads[] = {
	/* the module's hash: CSE validation (44); no $CPD/manifest where the ROM looks,
	 * or a manifest this ROM does not take: base firmware not found (43) */
	{ BAD_TAMPERED, "FW_ENTERED|ROM error 44|halted" },
	{ BAD_TRUNCATED, "FW_ENTERED|ROM error 43|halted" },
	{ BAD_OTHER_PART, "FW_ENTERED|ROM error 43|halted" },
	{ BAD_WHOLE_FILE, "FW_ENTERED|ROM error 43|halted" },
};
static const char *const bad_names[] = { "tampered-module", "truncated", "tgl-image-on-cnl",
					 "whole-file-with-xman" };

int main(int argc, char **argv)
{
	const char *kind = "mock";

	g_test_init(&argc, &argv, NULL);
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--device"))
			other_device = argv[i + 1];
	if (other_device)
		kind = g_str_has_prefix(other_device, "qtest:") ? "qtest" : "guest";
	emu_path = g_getenv("SOFVFIO_EMU");
	cli_path = g_getenv("SOFVFIO_CLI");
	for (size_t i = 0; i < G_N_ELEMENTS(boots); i++) {
		g_autofree char *p = g_strdup_printf("/%s/dsp/boot/%s/%s", kind, boots[i].model,
						     boots[i].image);
		g_test_add_data_func(p, &boots[i], test_boot);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(faults); i++) {
		g_autofree char *name = g_strdelimit(g_strdup(faults[i].fault), "=", '-');
		g_autofree char *p = g_strdup_printf("/%s/dsp/fault/%s", kind, name);

		g_test_add_data_func(p, &faults[i], test_fault);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bads); i++) {
		g_autofree char *p = g_strdup_printf("/%s/dsp/refused/%s", kind, bad_names[i]);

		g_test_add_data_func(p, &bads[i], test_bad_image);
	}
	{
		g_autofree char *p1 = g_strdup_printf("/%s/dsp/seed/second-playback-stream", kind);
		g_autofree char *p2 = g_strdup_printf("/%s/dsp/info", kind);
		g_autofree char *p3 = g_strdup_printf("/%s/dsp/cli", kind);

		g_autofree char *p4 = g_strdup_printf("/%s/dsp/seed/power-down-polls-cpa", kind);

		g_test_add_func(p1, test_second_stream);
		g_test_add_func(p4, test_power_down_cpa);
		g_test_add_func(p2, test_info);
		g_test_add_func(p3, test_cli);
	}
	if (other_device) {
		g_autofree char *p = g_strdup_printf("/%s/dsp/no-dsp-refused", kind);

		g_test_add_func(p, test_no_dsp);
	}
	return g_test_run();
}
