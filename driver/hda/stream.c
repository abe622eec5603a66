// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stream.c - HDA stream descriptors (HDA spec rev 1.0a 3.3.35-3.3.45) and
 * buffer descriptor lists (3.6): descriptor and tag allocation, SRST,
 * programming, RUN, DMA positions from SDnLPIB and the position buffer.
 *
 * SDnCTL is accessed a byte at a time (bits 7:0 at +0, 23:16 at +2, SDnSTS
 * at +3) as Linux does with SD_CTL updates: a 32-bit write would also write
 * SDnSTS, whose bits are write-1-to-clear on hardware but plain read/write in
 * QEMU's model.
 */
#define SV_LOG_PREFIX "hda-stream"
#include "sofvfio/hda-stream.h"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"

#include <string.h>

#define CTL_INT_MASK (HDA_SD_CTL_IOCE | HDA_SD_CTL_FEIE | HDA_SD_CTL_DEIE)
#define BDL_BYTES (HDA_BDL_MAX_ENTRIES * sizeof(HdaBdlEntry)) /* one 4 KiB page */
#define HDA_BDL_CHUNK 4096u
#define SRST_SET_TIMEOUT_US 1000      /* some models clear SRST at once: tolerated */
#define SRST_CLEAR_TIMEOUT_US 100000
#define RUN_CLEAR_TIMEOUT_US 100000
/* Position buffer checks before it is trusted (HDA_POS_AUTO). */
#define POSBUF_PROOF 3

G_STATIC_ASSERT(sizeof(HdaBdlEntry) == 16);

struct HdaStream {
	HdaController *ctl;
	SvDevice *dev;
	HdaStreamDir dir;
	unsigned sd;        /* descriptor index */
	bool bidi;
	unsigned tag;
	uint32_t base;      /* BAR0 offset of the descriptor */

	SvDmaBuf *dma;      /* BDL page, then the cyclic buffer */
	HdaBdlEntry *bdl;
	uint8_t *buf;
	size_t buf_bytes, period_bytes;
	unsigned periods;
	HdaPcmFormat fmt;
	uint16_t fmt_word;
	bool set_up, running;

	HdaStreamIrqFunc fn;
	void *fn_data;
	uint64_t irqs, errors;

	/* Position source choice (HDA_POS_AUTO) */
	HdaPosSource pos_want, pos_used;
	const char *pos_why;
	uint32_t pb_last, lpib_last;
	unsigned pb_proof, pb_still, pb_disagree;
	bool pos_seen, pb_rejected;
	uint32_t ret_last;  /* last position returned (AUTO) */
	bool ret_valid;
};

/* ---- descriptor and tag allocation --------------------------------------- */

/*
 * Which descriptors and tags are taken, per controller.  The controller
 * object is another file's; this small table keeps the bookkeeping here.
 */
typedef struct {
	uint32_t sd_used;
	uint16_t tag_used[2]; /* per direction; bit n = tag n */
} Alloc;

G_LOCK_DEFINE_STATIC(alloc_lock);
static GHashTable *allocs; /* HdaController * -> Alloc * */

static Alloc *alloc_get(HdaController *ctl)
{
	Alloc *a;

	if (!allocs)
		allocs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	a = g_hash_table_lookup(allocs, ctl);
	if (!a) {
		a = g_new0(Alloc, 1);
		g_hash_table_insert(allocs, ctl, a);
	}
	return a;
}

static void alloc_put(HdaController *ctl, unsigned sd, HdaStreamDir dir, unsigned tag)
{
	Alloc *a;

	G_LOCK(alloc_lock);
	a = allocs ? g_hash_table_lookup(allocs, ctl) : NULL;
	if (a) {
		a->sd_used &= ~(1u << sd);
		a->tag_used[dir] &= (uint16_t)~(1u << tag);
		if (!a->sd_used)
			g_hash_table_remove(allocs, ctl);
	}
	if (allocs && !g_hash_table_size(allocs)) {
		g_hash_table_destroy(allocs);
		allocs = NULL;
	}
	G_UNLOCK(alloc_lock);
}

/*
 * The tag a descriptor has when the DSP is in use (Linux hda_dsp_stream_init()):
 * capture descriptor i gets i + 1, playback descriptor i gets i - ISS + 1, so
 * the tag alone tells the DSP firmware which host DMA to use.
 */
static unsigned dsp_tag(const HdaControllerInfo *info, HdaStreamDir dir, unsigned sd)
{
	return dir == HDA_STREAM_INPUT ? sd + 1 : sd - info->n_in + 1;
}

static gboolean alloc_take(HdaController *ctl, HdaStreamDir dir, bool fixed_tags, unsigned *sd,
			   bool *bidi, unsigned *tag, GError **error)
{
	const HdaControllerInfo *info = hda_controller_info(ctl);
	unsigned first = dir == HDA_STREAM_INPUT ? 0 : info->n_in;
	unsigned n = dir == HDA_STREAM_INPUT ? info->n_in : info->n_out;
	unsigned bidi_first = info->n_in + info->n_out;
	Alloc *a;
	int found = -1;

	G_LOCK(alloc_lock);
	a = alloc_get(ctl);
	/* Plain descriptors of the direction first, then bidirectional ones
	 * (not with fixed tags: a bidirectional descriptor has none). */
	*tag = 0;
	for (unsigned i = first; i < first + n && found < 0; i++) {
		if (a->sd_used & (1u << i))
			continue;
		if (fixed_tags && (a->tag_used[dir] & (1u << dsp_tag(info, dir, i))))
			continue;
		found = (int)i;
		if (fixed_tags)
			*tag = dsp_tag(info, dir, i);
	}
	*bidi = false;
	for (unsigned i = bidi_first; i < bidi_first + info->n_bidi && found < 0 && !fixed_tags;
	     i++)
		if (!(a->sd_used & (1u << i))) {
			found = (int)i;
			*bidi = true;
		}
	/* Tags 1..15; 0 means "no stream" to a converter (7.3.3.11). */
	for (unsigned t = 1; t <= 15 && found >= 0 && !*tag; t++)
		if (!(a->tag_used[dir] & (1u << t)))
			*tag = t;
	if (found >= 0 && *tag) {
		a->sd_used |= 1u << found;
		a->tag_used[dir] |= (uint16_t)(1u << *tag);
		*sd = (unsigned)found;
	}
	if (!a->sd_used)
		g_hash_table_remove(allocs, ctl);
	G_UNLOCK(alloc_lock);

	if (found < 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "no free %s stream descriptor on %s (GCAP 0x%04x: %u input, %u output, "
			    "%u bidirectional, all in use): close another stream first",
			    hda_stream_dir_name(dir), sv_device_name(hda_controller_device(ctl)),
			    info->gcap, info->n_in, info->n_out, info->n_bidi);
		return FALSE;
	}
	if (!*tag) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "all 15 %s stream tags are in use on %s: close another stream first",
			    hda_stream_dir_name(dir), sv_device_name(hda_controller_device(ctl)));
		return FALSE;
	}
	return TRUE;
}

/* ---- BDL ------------------------------------------------------------------- */

gboolean hda_bdl_fill(HdaBdlEntry *bdl, uint64_t iova, size_t period_bytes, unsigned periods,
		      gboolean ioc, GError **error)
{
	/* 3.6.2: at least two entries (LVI >= 1), at most 256. */
	if (periods < 2 || periods > HDA_BDL_MAX_ENTRIES) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%u periods: a buffer descriptor list holds 2 to %u entries", periods,
			    HDA_BDL_MAX_ENTRIES);
		return FALSE;
	}
	if (!period_bytes || period_bytes > UINT32_MAX || period_bytes % HDA_BDL_ALIGN ||
	    iova % HDA_BDL_ALIGN) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "period of %zu bytes at 0x%" G_GINT64_MODIFIER "x: buffers must be "
			    "non-empty and %u-byte aligned", period_bytes, iova, HDA_BDL_ALIGN);
		return FALSE;
	}
	for (unsigned i = 0; i < periods; i++) {
		uint64_t a = iova + (uint64_t)i * period_bytes;

		bdl[i].addr_lo = GUINT32_TO_LE((uint32_t)a);
		bdl[i].addr_hi = GUINT32_TO_LE((uint32_t)(a >> 32));
		bdl[i].len = GUINT32_TO_LE((uint32_t)period_bytes);
		bdl[i].flags = GUINT32_TO_LE(ioc ? HDA_BDLE_IOC : 0);
	}
	return TRUE;
}

unsigned hda_period_frames_align(const HdaPcmFormat *fmt, unsigned frames)
{
	unsigned fb = hda_format_frame_bytes(fmt), g = HDA_BDL_ALIGN, b = fb, step;

	if (!fb)
		return frames;
	while (b) { /* gcd(128, frame bytes) */
		unsigned t = g % b;

		g = b;
		b = t;
	}
	step = HDA_BDL_ALIGN / g;
	frames = (frames + step / 2) / step * step;
	return frames ? frames : step;
}

/* ---- register helpers ------------------------------------------------------ */

static uint8_t ctl0(HdaStream *s)
{
	return sv_read8(s->dev, 0, s->base + HDA_SD_CTL);
}

static void set_ctl0(HdaStream *s, uint8_t v)
{
	sv_write8(s->dev, 0, s->base + HDA_SD_CTL, v);
}

static gboolean io_error(HdaStream *s, const char *what, GError **error)
{
	GError *err = NULL;

	if (sv_device_take_error(s->dev, &err))
		return TRUE;
	g_propagate_prefixed_error(error, err, "stream descriptor %u (%s) on %s: %s: ", s->sd,
				   hda_stream_dir_name(s->dir), sv_device_name(s->dev), what);
	return FALSE;
}

typedef struct {
	HdaStream *s;
	uint8_t mask, value;
} CtlWait;

static gboolean ctl_matches(void *data, GError **error)
{
	CtlWait *w = data;
	uint8_t v = ctl0(w->s);

	if (!sv_device_take_error(w->s->dev, error))
		return FALSE;
	return (v & w->mask) == w->value;
}

static gboolean wait_ctl(HdaStream *s, uint8_t mask, uint8_t value, int64_t timeout_us,
			 const char *what, GError **error)
{
	CtlWait w = { s, mask, value };
	g_autofree char *desc = g_strdup_printf("SD%uCTL.%s on %s", s->sd, what,
						sv_device_name(s->dev));

	return sv_wait_until(ctl_matches, &w, timeout_us, desc, error);
}

gboolean hda_stream_reset(HdaStream *s, GError **error)
{
	g_autoptr(GError) err = NULL;

	/* 3.3.35: the stream must be stopped (RUN = 0) before SRST is set. */
	set_ctl0(s, ctl0(s) & ~(HDA_SD_CTL_RUN | CTL_INT_MASK));
	if (!wait_ctl(s, HDA_SD_CTL_RUN, 0, RUN_CLEAR_TIMEOUT_US, "RUN to read 0", error))
		return FALSE;
	set_ctl0(s, HDA_SD_CTL_SRST);
	/*
	 * SRST reads back 1 once the descriptor is in reset.  QEMU's model resets
	 * the descriptor and clears the bit at once, so this one is tolerated
	 * (Linux also just moves on after its loop).
	 */
	if (!wait_ctl(s, HDA_SD_CTL_SRST, HDA_SD_CTL_SRST, SRST_SET_TIMEOUT_US, "SRST to read 1",
		      &err)) {
		if (err->code != SV_ERROR_TIMEOUT) {
			g_propagate_error(error, g_steal_pointer(&err));
			return FALSE;
		}
		sv_debug("SD%u: SRST never read back as 1 (model clears it at once)", s->sd);
	}
	set_ctl0(s, 0);
	if (!wait_ctl(s, HDA_SD_CTL_SRST, 0, SRST_CLEAR_TIMEOUT_US, "SRST to read 0", error))
		return FALSE;
	sv_write8(s->dev, 0, s->base + HDA_SD_STS, HDA_SD_STS_CLEAR);
	s->running = false;
	return io_error(s, "reset", error);
}

/* ---- open / close ---------------------------------------------------------- */

static HdaStream *stream_open(HdaController *ctl, HdaStreamDir dir, bool fixed_tags,
			      GError **error)
{
	HdaStream *s = g_new0(HdaStream, 1);

	if (!alloc_take(ctl, dir, fixed_tags, &s->sd, &s->bidi, &s->tag, error)) {
		g_free(s);
		return NULL;
	}
	s->ctl = ctl;
	s->dev = hda_controller_device(ctl);
	s->dir = dir;
	s->base = hda_sd_offset(s->sd);
	s->pos_want = HDA_POS_AUTO;
	if (!hda_stream_reset(s, error)) {
		hda_stream_close(s);
		return NULL;
	}
	sv_debug("SD%u (%s%s) tag %u on %s", s->sd, hda_stream_dir_name(dir),
		 s->bidi ? ", bidirectional" : "", s->tag, sv_device_name(s->dev));
	return s;
}

HdaStream *hda_stream_open(HdaController *ctl, HdaStreamDir dir, GError **error)
{
	return stream_open(ctl, dir, false, error);
}

HdaStream *hda_stream_open_dsp(HdaController *ctl, HdaStreamDir dir, GError **error)
{
	return stream_open(ctl, dir, true, error);
}

void hda_stream_close(HdaStream *s)
{
	g_autoptr(GError) err = NULL;

	if (!s)
		return;
	if (sv_device_gone(s->dev, NULL))
		goto free; /* its error is the one reported */
	if (!hda_stream_stop(s, &err) || !hda_stream_reset(s, &err))
		sv_warn_dev(s->dev, "closing SD%u: %s", s->sd, err->message);
	if (s->set_up) {
		sv_write32(s->dev, 0, s->base + HDA_SD_BDPL, 0);
		sv_write32(s->dev, 0, s->base + HDA_SD_BDPU, 0);
		sv_device_take_error(s->dev, NULL);
	}
free:
	sv_dma_free(s->dev, s->dma);
	alloc_put(s->ctl, s->sd, s->dir, s->tag);
	g_free(s);
}

/* ---- setup, start, stop ---------------------------------------------------- */

size_t hda_stream_dma_bytes(size_t period_bytes, unsigned periods)
{
	size_t page = sv_page_size();

	return (BDL_BYTES + period_bytes * periods + page - 1) / page * page;
}

gboolean hda_stream_setup(HdaStream *s, const HdaPcmFormat *fmt, size_t period_bytes,
			  unsigned periods, GError **error)
{
	const HdaControllerInfo *info = hda_controller_info(s->ctl);
	size_t bytes = period_bytes * periods;
	uint16_t word;
	uint8_t ctl2;

	if (s->running) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "SD%u on %s is running: stop it before setting it up again", s->sd,
			    sv_device_name(s->dev));
		return FALSE;
	}
	if (!hda_format_encode(fmt, &word, error))
		return FALSE;
	if (period_bytes % hda_format_frame_bytes(fmt)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "period of %zu bytes is not a whole number of %u-byte frames",
			    period_bytes, hda_format_frame_bytes(fmt));
		return FALSE;
	}
	if (periods < 2 || periods > HDA_BDL_MAX_ENTRIES || bytes > UINT32_MAX) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "%u periods of %zu bytes: need 2..%u periods and at most 4 GiB",
			    periods, period_bytes, HDA_BDL_MAX_ENTRIES);
		return FALSE;
	}
	if (s->dma && s->dma->size < BDL_BYTES + bytes) {
		sv_dma_free(s->dev, s->dma);
		s->dma = NULL;
	}
	if (!s->dma) {
		s->dma = sv_dma_alloc(s->dev, BDL_BYTES + bytes, error);
		if (!s->dma) {
			g_prefix_error(error, "stream buffer of %zu bytes for SD%u: ", bytes, s->sd);
			return FALSE;
		}
	}
	if (!info->addr64 && (s->dma->iova + s->dma->size - 1) >> 32) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s has no 64-bit addressing (GCAP.64OK = 0) but the stream buffer got "
			    "IOVA 0x%" G_GINT64_MODIFIER "x", sv_device_name(s->dev), s->dma->iova);
		return FALSE;
	}
	s->bdl = s->dma->vaddr;
	s->buf = (uint8_t *)s->dma->vaddr + BDL_BYTES;
	memset(s->dma->vaddr, 0, s->dma->size);
	if (!hda_bdl_fill(s->bdl, s->dma->iova + BDL_BYTES, period_bytes, periods, TRUE, error))
		return FALSE;
	s->buf_bytes = bytes;
	s->period_bytes = period_bytes;
	s->periods = periods;
	s->fmt = *fmt;
	s->fmt_word = word;

	if (!hda_stream_reset(s, error))
		return FALSE;
	/* CTL bits 23:16: stream tag, and DIR for a bidirectional descriptor (1 = output). */
	ctl2 = (uint8_t)(HDA_SD_CTL_STRM(s->tag) >> 16);
	if (s->bidi && s->dir == HDA_STREAM_OUTPUT)
		ctl2 |= (uint8_t)(HDA_SD_CTL_DIR >> 16);
	sv_write8(s->dev, 0, s->base + HDA_SD_CTL + 2, ctl2);
	sv_write32(s->dev, 0, s->base + HDA_SD_CBL, (uint32_t)bytes);
	sv_write16(s->dev, 0, s->base + HDA_SD_LVI, (uint16_t)(periods - 1));
	sv_write16(s->dev, 0, s->base + HDA_SD_FMT, word);
	sv_write32(s->dev, 0, s->base + HDA_SD_BDPL, (uint32_t)s->dma->iova);
	sv_write32(s->dev, 0, s->base + HDA_SD_BDPU, (uint32_t)(s->dma->iova >> 32));
	sv_write8(s->dev, 0, s->base + HDA_SD_STS, HDA_SD_STS_CLEAR);
	set_ctl0(s, CTL_INT_MASK);
	if (!io_error(s, "programming", error))
		return FALSE;
	s->set_up = true;
	hda_stream_set_pos_source(s, s->pos_want);
	sv_debug("SD%u: tag %u, fmt 0x%04x, %u x %zu bytes at IOVA 0x%" G_GINT64_MODIFIER "x",
		 s->sd, s->tag, word, periods, period_bytes, s->dma->iova + BDL_BYTES);
	return TRUE;
}

gboolean hda_stream_setup_buffer(HdaStream *s, size_t bytes, GError **error)
{
	const HdaControllerInfo *info = hda_controller_info(s->ctl);
	size_t chunk = HDA_BDL_CHUNK, entries;
	uint8_t ctl2;

	if (s->running) {
		g_set_error(error, SV_ERROR, SV_ERROR_BUSY,
			    "SD%u on %s is running: stop it before setting it up again", s->sd,
			    sv_device_name(s->dev));
		return FALSE;
	}
	if (!bytes || bytes > UINT32_MAX) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "a stream buffer of %zu bytes: need 1 byte to 4 GiB", bytes);
		return FALSE;
	}
	/* Pages as Linux's scatter-gather buffer gives them, larger chunks when
	 * 256 entries of a page do not cover the buffer; the last one is short. */
	while ((bytes + chunk - 1) / chunk > HDA_BDL_MAX_ENTRIES)
		chunk *= 2;
	entries = (bytes + chunk - 1) / chunk;
	sv_dma_free(s->dev, s->dma);
	s->dma = sv_dma_alloc(s->dev, BDL_BYTES + bytes, error);
	if (!s->dma) {
		g_prefix_error(error, "stream buffer of %zu bytes for SD%u: ", bytes, s->sd);
		return FALSE;
	}
	if (!info->addr64 && (s->dma->iova + s->dma->size - 1) >> 32) {
		g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
			    "%s has no 64-bit addressing (GCAP.64OK = 0) but the stream buffer got "
			    "IOVA 0x%" G_GINT64_MODIFIER "x", sv_device_name(s->dev), s->dma->iova);
		return FALSE;
	}
	s->bdl = s->dma->vaddr;
	s->buf = (uint8_t *)s->dma->vaddr + BDL_BYTES;
	for (size_t i = 0; i < entries; i++) {
		uint64_t a = s->dma->iova + BDL_BYTES + i * chunk;
		size_t len = MIN(chunk, bytes - i * chunk);

		s->bdl[i].addr_lo = GUINT32_TO_LE((uint32_t)a);
		s->bdl[i].addr_hi = GUINT32_TO_LE((uint32_t)(a >> 32));
		s->bdl[i].len = GUINT32_TO_LE((uint32_t)len);
		s->bdl[i].flags = GUINT32_TO_LE(i == entries - 1 ? HDA_BDLE_IOC : 0);
	}
	s->buf_bytes = bytes;
	s->period_bytes = bytes;
	s->periods = 1;
	memset(&s->fmt, 0, sizeof(s->fmt));
	if (!hda_stream_reset(s, error))
		return FALSE;
	ctl2 = (uint8_t)(HDA_SD_CTL_STRM(s->tag) >> 16);
	sv_write8(s->dev, 0, s->base + HDA_SD_CTL + 2, ctl2);
	sv_write32(s->dev, 0, s->base + HDA_SD_CBL, (uint32_t)bytes);
	/* LVI is the last valid entry: 0 for a one-entry list (3.3.38 asks for at
	 * least two entries of PCM streams; the code loader is not one). */
	sv_write16(s->dev, 0, s->base + HDA_SD_LVI, (uint16_t)(entries - 1));
	sv_write32(s->dev, 0, s->base + HDA_SD_BDPL, (uint32_t)s->dma->iova);
	sv_write32(s->dev, 0, s->base + HDA_SD_BDPU, (uint32_t)(s->dma->iova >> 32));
	sv_write8(s->dev, 0, s->base + HDA_SD_STS, HDA_SD_STS_CLEAR);
	if (!io_error(s, "programming", error))
		return FALSE;
	s->set_up = true;
	hda_stream_set_pos_source(s, HDA_POS_LPIB);
	sv_debug("SD%u: tag %u, %zu bytes in %zu BDL entries at IOVA 0x%" G_GINT64_MODIFIER "x",
		 s->sd, s->tag, bytes, entries, s->dma->iova + BDL_BYTES);
	return TRUE;
}

gboolean hda_stream_set_format_word(HdaStream *s, uint16_t word, GError **error)
{
	sv_write16(s->dev, 0, s->base + HDA_SD_FMT, word);
	s->fmt_word = word;
	return io_error(s, "writing SDnFMT", error);
}

SvDmaBuf *hda_stream_dma(HdaStream *s)
{
	return s->dma;
}

static void stream_irq(HdaController *ctl, unsigned sd, uint8_t sts, void *data)
{
	HdaStream *s = data;

	s->irqs++;
	if (sts & (HDA_SD_STS_FIFOE | HDA_SD_STS_DESE))
		s->errors++;
	if (s->fn)
		s->fn(ctl, sd, sts, s->fn_data);
}

gboolean hda_stream_start(HdaStream *s, HdaStreamIrqFunc fn, void *data, GError **error)
{
	if (!s->set_up) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "SD%u on %s: hda_stream_setup() first", s->sd, sv_device_name(s->dev));
		return FALSE;
	}
	s->fn = fn;
	s->fn_data = data;
	s->irqs = 0;
	s->errors = 0;
	/* 3.3.14: SIE in INTCTL gates the descriptor's interrupt; then RUN. */
	hda_controller_set_stream_handler(s->ctl, s->sd, stream_irq, s);
	set_ctl0(s, ctl0(s) | HDA_SD_CTL_RUN | CTL_INT_MASK);
	if (!io_error(s, "start", error)) {
		hda_controller_set_stream_handler(s->ctl, s->sd, NULL, NULL);
		return FALSE;
	}
	s->running = true;
	return TRUE;
}

gboolean hda_stream_stop(HdaStream *s, GError **error)
{
	gboolean ok;

	set_ctl0(s, ctl0(s) & ~(HDA_SD_CTL_RUN | CTL_INT_MASK));
	ok = io_error(s, "stop", error) &&
	     wait_ctl(s, HDA_SD_CTL_RUN, 0, RUN_CLEAR_TIMEOUT_US, "RUN to read 0", error);
	hda_controller_set_stream_handler(s->ctl, s->sd, NULL, NULL);
	sv_write8(s->dev, 0, s->base + HDA_SD_STS, HDA_SD_STS_CLEAR);
	s->running = false;
	return ok && io_error(s, "stop", error);
}

/* ---- positions ------------------------------------------------------------- */

const char *hda_pos_source_name(HdaPosSource src)
{
	switch (src) {
	case HDA_POS_LPIB:
		return "LPIB";
	case HDA_POS_POSBUF:
		return "position buffer";
	default:
		return "auto";
	}
}

gboolean hda_stream_lpib(HdaStream *s, uint32_t *lpib, GError **error)
{
	*lpib = sv_read32(s->dev, 0, s->base + HDA_SD_LPIB);
	return io_error(s, "reading LPIB", error);
}

static bool posbuf_read(HdaStream *s, uint32_t *pos)
{
	volatile uint32_t *pb = hda_controller_posbuf(s->ctl);

	if (!pb)
		return false;
	/* 3.6.1: 8 bytes per descriptor, in descriptor index order. */
	*pos = GUINT32_FROM_LE(pb[s->sd * 2]);
	return true;
}

static void reject_posbuf(HdaStream *s, const char *why)
{
	if (!s->pb_rejected)
		sv_debug("SD%u: positions from LPIB: %s", s->sd, why);
	s->pb_rejected = true;
	s->pos_used = HDA_POS_LPIB;
	s->pos_why = why;
}

/*
 * HDA_POS_AUTO: the position buffer is cheap (no register read) but some
 * models do not write it, or write another descriptor's slot.  It is trusted
 * once it has moved along with LPIB (within a period of it, inside CBL) a few
 * times; when it sits still while LPIB moves (twice in a row), leaves CBL or
 * disagrees with LPIB, LPIB is used from then on.
 */
static gboolean pos_auto(HdaStream *s, uint32_t *pos, GError **error)
{
	uint32_t pb, lpib, diff, dist;

	if (s->pb_rejected)
		return hda_stream_lpib(s, pos, error);
	if (!posbuf_read(s, &pb)) {
		reject_posbuf(s, "no position buffer (DPLBASE not set up)");
		return hda_stream_lpib(s, pos, error);
	}
	if (s->pos_used == HDA_POS_POSBUF && pb != s->pb_last && pb <= s->buf_bytes) {
		s->pb_still = 0;
		s->pb_last = pb;
		*pos = pb;
		return TRUE;
	}
	/* Not proven yet, or it did not move since last time: ask LPIB. */
	if (!hda_stream_lpib(s, &lpib, error))
		return FALSE;
	/* Read again after LPIB: a position buffer write racing the first read shows now. */
	posbuf_read(s, &pb);
	if (pb > s->buf_bytes) {
		reject_posbuf(s, "position buffer bogus: outside CBL");
		*pos = lpib;
		return TRUE;
	}
	if (!s->pos_seen) {
		s->pos_seen = true;
		s->pb_last = pb;
		s->lpib_last = lpib;
		s->pos_used = HDA_POS_LPIB;
		s->pos_why = "position buffer not proven yet";
		*pos = lpib;
		return TRUE;
	}
	diff = (uint32_t)(((uint64_t)pb + s->buf_bytes - lpib % s->buf_bytes) % s->buf_bytes);
	dist = MIN(diff, (uint32_t)s->buf_bytes - diff);
	if (pb == s->pb_last && lpib != s->lpib_last) {
		if (++s->pb_still >= 2)
			reject_posbuf(s, "position buffer stale: its slot did not move while LPIB did");
	} else if (pb != s->pb_last && dist > s->period_bytes) {
		s->pb_still = 0;
		if (++s->pb_disagree >= 2)
			reject_posbuf(s, "position buffer bogus: more than a period away from LPIB");
	} else if (pb != s->pb_last) {
		s->pb_still = s->pb_disagree = 0;
		if (s->pos_used != HDA_POS_POSBUF && ++s->pb_proof >= POSBUF_PROOF) {
			s->pos_used = HDA_POS_POSBUF;
			s->pos_why = "it moves with LPIB, inside CBL";
			sv_debug("SD%u: positions from the position buffer", s->sd);
		}
	}
	s->pb_last = pb;
	s->lpib_last = lpib;
	*pos = s->pos_used == HDA_POS_POSBUF ? pb : lpib;
	return TRUE;
}

/*
 * Switching between two sources that differ by a few bytes must not look like
 * a step back: a position a little behind the last one returned is held.
 */
static uint32_t hold_monotonic(HdaStream *s, uint32_t p)
{
	uint32_t back;

	if (s->ret_valid) {
		back = (uint32_t)(((uint64_t)s->ret_last + s->buf_bytes - p) % s->buf_bytes);
		if (back && back <= s->period_bytes)
			p = s->ret_last;
	}
	s->ret_last = p;
	s->ret_valid = true;
	return p;
}

gboolean hda_stream_position(HdaStream *s, uint32_t *pos, GError **error)
{
	uint32_t p;

	switch (s->pos_want) {
	case HDA_POS_LPIB:
		s->pos_used = HDA_POS_LPIB;
		s->pos_why = "forced by the caller";
		if (!hda_stream_lpib(s, &p, error))
			return FALSE;
		break;
	case HDA_POS_POSBUF:
		s->pos_used = HDA_POS_POSBUF;
		s->pos_why = "forced by the caller";
		if (!posbuf_read(s, &p)) {
			g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
				    "%s: the controller has no position buffer",
				    sv_device_name(s->dev));
			return FALSE;
		}
		break;
	default:
		if (!pos_auto(s, &p, error))
			return FALSE;
		/* LPIB equals CBL for an instant at the wrap on some parts: that is 0. */
		*pos = hold_monotonic(s, s->buf_bytes ? p % s->buf_bytes : p);
		return TRUE;
	}
	*pos = s->buf_bytes ? p % s->buf_bytes : p;
	return TRUE;
}

void hda_stream_set_pos_source(HdaStream *s, HdaPosSource src)
{
	s->pos_want = src;
	s->pos_seen = false;
	s->pb_rejected = false;
	s->ret_valid = false;
	s->pb_proof = s->pb_still = s->pb_disagree = 0;
	s->pos_used = 0;
	s->pos_why = NULL;
}

HdaPosSource hda_stream_pos_source(HdaStream *s, const char **why)
{
	if (why)
		*why = s->pos_why ? s->pos_why : "no position read yet";
	return s->pos_used ? s->pos_used : s->pos_want;
}

uint8_t hda_stream_status(HdaStream *s)
{
	return sv_read8(s->dev, 0, s->base + HDA_SD_STS);
}

void hda_stream_ack(HdaStream *s, uint8_t sts)
{
	sv_write8(s->dev, 0, s->base + HDA_SD_STS, sts & HDA_SD_STS_CLEAR);
}

/* ---- accessors ------------------------------------------------------------- */

HdaController *hda_stream_controller(HdaStream *s) { return s->ctl; }
HdaStreamDir hda_stream_dir(HdaStream *s) { return s->dir; }
unsigned hda_stream_index(HdaStream *s) { return s->sd; }
unsigned hda_stream_tag(HdaStream *s) { return s->tag; }
uint16_t hda_stream_format_word(HdaStream *s) { return s->fmt_word; }
const HdaPcmFormat *hda_stream_format(HdaStream *s) { return &s->fmt; }
uint8_t *hda_stream_buffer(HdaStream *s) { return s->buf; }
size_t hda_stream_buffer_bytes(HdaStream *s) { return s->buf_bytes; }
size_t hda_stream_period_bytes(HdaStream *s) { return s->period_bytes; }
unsigned hda_stream_periods(HdaStream *s) { return s->periods; }
gboolean hda_stream_running(HdaStream *s) { return s->running; }
uint64_t hda_stream_irq_count(HdaStream *s) { return s->irqs; }
uint64_t hda_stream_error_count(HdaStream *s) { return s->errors; }
