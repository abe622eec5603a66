// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace.c - the firmware's DMA trace: a capture stream with its DSP tag and
 * PROCEN (Linux hda-trace.c), TRACE_DMA_PARAMS_EXT with the host buffer's
 * compressed page table and the tag (ipc3-dtrace.c), positions from
 * TRACE_DMA_POSITION messages or the stream's LPIB, and the records:
 * SOF src/include/user/trace.h log_entry_header {uid, id_0:12, id_1:12,
 * core:8, u64 timestamp, log_entry_address} then params; their number and
 * text come from the .ldc dictionary ("Logs" header {sig, base_address,
 * data_length, data_offset, sof_ipc_fw_version}, entries {level,
 * component_class, params_num, line_idx, file_name_len, text_len, file
 * name, text}, 4-byte aligned), as sof-logger reads them.
 */
#define SV_LOG_PREFIX "dsp-trace"
#include "sofvfio/log.h"
#include "sofvfio/wait.h"
#include "dsp-internal.h"

#include <string.h>

#define TRACE_PAGES 16                  /* DMA_BUF_SIZE_FOR_TRACE: 16 pages */
#define TRACE_BYTES (TRACE_PAGES * 4096)
#define REC_HDR 20
#define LDC_HDR 16
#define LDC_ENTRY_HDR 24
#define MAX_PARAMS 8

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return GUINT32_FROM_LE(v);
}

void sv_dsp_page_table_fill(uint8_t *table, uint64_t iova, unsigned pages)
{
	/* 20-bit PFNs packed 2.5 bytes apart (snd_sof_create_page_table()) */
	for (unsigned i = 0; i < pages; i++) {
		uint32_t pfn = (uint32_t)((iova >> 12) + i);
		uint8_t *p = table + ((i * 5) >> 1);
		uint32_t v;

		if (i & 1) {
			v = (p[0] & 0xf) | (pfn << 4);
		} else {
			memcpy(&v, p, 4);
			v = pfn;
		}
		v = GUINT32_TO_LE(v);
		memcpy(p, &v, 4);
	}
}

/* ---- records ------------------------------------------------------------ */

typedef struct {
	const uint8_t *data;
	size_t len;
	uint32_t base, offset, length;
} Ldc;

static bool ldc_open(Ldc *l, const uint8_t *data, size_t len)
{
	memset(l, 0, sizeof(*l));
	if (!data || len < LDC_HDR || memcmp(data, "Logs", 4))
		return false;
	l->data = data;
	l->len = len;
	l->base = le32(data + 4);
	l->length = le32(data + 8);
	l->offset = le32(data + 12);
	return l->offset <= len;
}

/* The dictionary entry at firmware address @addr: its header, file and text. */
static bool ldc_entry(const Ldc *l, uint32_t addr, uint32_t *params, uint32_t *level,
		      uint32_t *line, const char **file, size_t *file_len, const char **text,
		      size_t *text_len)
{
	uint64_t at;
	uint32_t fl, tl;

	if (!l->data || addr < l->base)
		return false;
	at = (uint64_t)addr - l->base + l->offset;
	if (at + LDC_ENTRY_HDR > l->len)
		return false;
	fl = le32(l->data + at + 16);
	tl = le32(l->data + at + 20);
	/* Nothing goes out before the entry is checked: decode() sizes records by *params. */
	if (at + LDC_ENTRY_HDR + (uint64_t)fl + tl > l->len || le32(l->data + at + 8) > MAX_PARAMS)
		return false;
	*level = le32(l->data + at);
	*params = le32(l->data + at + 8);
	*line = le32(l->data + at + 12);
	*file = (const char *)l->data + at + LDC_ENTRY_HDR;
	*file_len = fl;
	*text = *file + fl;
	*text_len = tl;
	return true;
}

/* printf with the record's u32 parameters, one per conversion (as sof-logger):
 * the format comes from the firmware's own dictionary, one conversion at a time. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *format_text(const char *text, size_t len, const uint32_t *p, unsigned n)
{
	GString *s = g_string_new(NULL);
	unsigned k = 0;

	for (size_t i = 0; i < len && text[i]; i++) {
		size_t j = i + 1;
		g_autofree char *spec = NULL;

		if (text[i] != '%') {
			g_string_append_c(s, text[i]);
			continue;
		}
		while (j < len && strchr("0123456789.-+ #l", text[j]))
			j++;
		if (j >= len || !strchr("diuxXoc%p", text[j])) {
			g_string_append_c(s, '%');
			continue;
		}
		if (text[j] == '%') {
			g_string_append_c(s, '%');
			i = j;
			continue;
		}
		spec = g_strndup(text + i, j - i + 1);
		for (char *c = spec; *c; c++)
			if (*c == 'l')
				memmove(c, c + 1, strlen(c)); /* params are 32 bits */
		if (k < n) {
			uint32_t v = p[k++];

			if (text[j] == 'd' || text[j] == 'i')
				g_string_append_printf(s, spec, (int)(int32_t)v);
			else if (text[j] == 'p')
				g_string_append_printf(s, "0x%x", v);
			else
				g_string_append_printf(s, spec, v);
		} else {
			g_string_append(s, "<?>");
		}
		i = j;
	}
	return g_string_free(s, FALSE);
}
#pragma GCC diagnostic pop

static void record_clear(gpointer p)
{
	SvDspTraceRecord *r = p;

	g_free(r->text);
	g_free(r->file);
}

/*
 * Decode whole records of @buf; return the bytes used.  With a dictionary, a
 * record naming an address it does not have stops the decoding (its size is
 * unknown): @bad is set to its offset (else to -1).
 */
static size_t decode(const uint8_t *buf, size_t len, const Ldc *ldc, GArray *out,
		     int64_t *bad, uint32_t *bad_address)
{
	size_t at = 0;

	*bad = -1;
	while (at + REC_HDR <= len) {
		const uint8_t *h = buf + at;
		SvDspTraceRecord r = { 0 };
		uint32_t ids = le32(h + 4), params = 0, level = 0, line = 0;
		const char *file = NULL, *text = NULL;
		size_t fl = 0, tl = 0;
		bool known;

		r.uid = le32(h);
		r.id_0 = ids & 0xfff;
		r.id_1 = (ids >> 12) & 0xfff;
		r.core = ids >> 24;
		r.timestamp = (uint64_t)le32(h + 8) | (uint64_t)le32(h + 12) << 32;
		r.address = le32(h + 16);
		if (!r.address && !r.timestamp && !r.uid) {
			at = len; /* unwritten (zero) space: nothing more */
			break;
		}
		known = ldc_entry(ldc, r.address, &params, &level, &line, &file, &fl, &text, &tl);
		if (!known && ldc->data) {
			*bad = (int64_t)at;
			*bad_address = r.address;
			break;
		}
		if (at + REC_HDR + 4 * params > len)
			break; /* the rest comes later */
		r.n_params = params;
		for (unsigned i = 0; i < params; i++)
			r.params[i] = le32(h + REC_HDR + 4 * i);
		if (known) {
			r.file = g_strndup(file, fl);
			r.line = line;
			r.level = level;
			r.text = format_text(text, tl, r.params, r.n_params);
		}
		g_array_append_val(out, r);
		at += REC_HDR + 4 * params;
	}
	return at;
}

GArray *sv_dsp_trace_decode(const uint8_t *buf, size_t len, const uint8_t *ldc_data,
			    size_t ldc_len, GError **error)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(SvDspTraceRecord));
	int64_t bad;
	uint32_t bad_address = 0;
	Ldc ldc;

	g_array_set_clear_func(out, record_clear);
	if (ldc_data && !ldc_open(&ldc, ldc_data, ldc_len)) {
		g_set_error(error, SV_ERROR, SV_ERROR_INVAL,
			    "the trace dictionary (%zu bytes) has no \"Logs\" header", ldc_len);
		g_array_unref(out);
		return NULL;
	}
	if (!ldc_data)
		memset(&ldc, 0, sizeof(ldc));
	decode(buf, len, &ldc, out, &bad, &bad_address);
	if (bad >= 0) {
		g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
			    "trace record at byte %" G_GINT64_FORMAT " names log entry 0x%08x, which "
			    "the dictionary does not have (its entries start at 0x%08x)", bad,
			    bad_address, ldc.base);
		g_array_unref(out);
		return NULL;
	}
	return out;
}

char *sv_dsp_trace_record_format(const SvDspTraceRecord *r)
{
	return g_strdup_printf("[%" G_GUINT64_FORMAT "] c%u %u.%u %s:%u %s", r->timestamp, r->core,
			       r->id_0, r->id_1, r->file ? r->file : "?", r->line,
			       r->text ? r->text : "(no dictionary entry)");
}

/* ---- the trace stream ---------------------------------------------------- */

void dsp_trace_release(SvDsp *d)
{
	dsp_stream_release(d, &d->trace);
	sv_dma_free(d->dev, d->trace_pt);
	d->trace_pt = NULL;
	g_clear_pointer(&d->ldc, g_bytes_unref);
	if (d->trace_partial)
		g_byte_array_unref(d->trace_partial);
	d->trace_partial = NULL;
	d->trace_read = 0;
	d->trace_pos_seen = false;
}

gboolean sv_dsp_trace_start(SvDsp *d, const char *ldc, GError **error)
{
	uint8_t msg[80] = { 0 }, reply[12];
	uint32_t *w = (uint32_t *)msg;
	SvDmaBuf *buf;

	if (d->trace.s) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_STATE, "%s: the trace already runs",
			    d->name);
		return FALSE;
	}
	if (ldc) {
		g_autoptr(GMappedFile) f = g_mapped_file_new(ldc, FALSE, error);

		if (!f) {
			g_prefix_error(error, "trace dictionary: ");
			return FALSE;
		}
		d->ldc = g_mapped_file_get_bytes(f);
	}
	if (!dsp_stream_prepare(d, &d->trace, HDA_STREAM_INPUT, NULL, TRACE_BYTES, 0, error))
		goto fail;
	d->trace_pt = sv_dma_alloc(d->dev, 4096, error);
	if (!d->trace_pt)
		goto fail;
	buf = hda_stream_dma(d->trace.s);
	/* the data follows the stream's BDL page */
	sv_dsp_page_table_fill(d->trace_pt->vaddr, buf->iova + 4096, TRACE_PAGES);
	w[0] = GUINT32_TO_LE(sizeof(msg));
	w[1] = GUINT32_TO_LE(SV_IPC_TRACE_DMA_PARAMS_EXT);
	w[2] = GUINT32_TO_LE(28);                          /* sof_ipc_host_buffer.hdr.size */
	w[3] = GUINT32_TO_LE((uint32_t)d->trace_pt->iova); /* phy_addr: the page table */
	w[4] = GUINT32_TO_LE(TRACE_PAGES);
	w[5] = GUINT32_TO_LE(TRACE_BYTES);
	w[9] = GUINT32_TO_LE(hda_stream_tag(d->trace.s));
	{
		uint64_t ns = (uint64_t)g_get_real_time() * 1000;

		w[10] = GUINT32_TO_LE((uint32_t)ns);
		w[11] = GUINT32_TO_LE((uint32_t)(ns >> 32));
	}
	d->trace_read = 0;
	d->trace_pos_seen = false;
	d->trace_partial = g_byte_array_new();
	if (!sv_dsp_ipc_tx(d, msg, sizeof(msg), reply, sizeof(reply), NULL, error))
		goto fail;
	if (!hda_stream_start(d->trace.s, NULL, NULL, error))
		goto fail;
	return TRUE;
fail:
	g_prefix_error(error, "starting the DMA trace: ");
	dsp_trace_release(d);
	return FALSE;
}

typedef struct {
	SvDsp *d;
	uint32_t pos;
} PosWait;

static uint32_t trace_pos(SvDsp *d)
{
	uint32_t lpib = 0;

	if (d->trace_pos_seen)
		return d->trace_host_offset % TRACE_BYTES;
	hda_stream_lpib(d->trace.s, &lpib, NULL);
	return lpib % TRACE_BYTES;
}

static gboolean pos_moved(void *data, GError **error)
{
	PosWait *w = data;

	if (!hda_controller_service(w->d->ctl, 0, error))
		return FALSE;
	dsp_ipc_service(w->d);
	w->pos = trace_pos(w->d);
	return w->pos != w->d->trace_read || w->d->panicked;
}

gboolean sv_dsp_trace_read(SvDsp *d, int wait_ms, GArray **records, size_t *bytes,
			   GError **error)
{
	PosWait w = { d, 0 };
	const uint8_t *buf;
	Ldc ldc;
	size_t used;
	g_autoptr(GError) err = NULL;

	*records = NULL;
	if (!d->trace.s) {
		g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_STATE, "%s: no trace running", d->name);
		return FALSE;
	}
	if (!sv_wait_until_idle(pos_moved, dsp_idle, &w, (int64_t)wait_ms * 1000, "trace data",
				&err) &&
	    !g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT)) {
		g_propagate_error(error, g_steal_pointer(&err));
		return FALSE;
	}
	buf = hda_stream_buffer(d->trace.s);
	if (bytes)
		*bytes = (w.pos + TRACE_BYTES - d->trace_read) % TRACE_BYTES;
	if (w.pos < d->trace_read) {
		g_byte_array_append(d->trace_partial, buf + d->trace_read, TRACE_BYTES - d->trace_read);
		d->trace_read = 0;
	}
	g_byte_array_append(d->trace_partial, buf + d->trace_read, w.pos - d->trace_read);
	d->trace_read = w.pos;
	if (!d->ldc || !ldc_open(&ldc, g_bytes_get_data(d->ldc, NULL), g_bytes_get_size(d->ldc)))
		memset(&ldc, 0, sizeof(ldc));
	*records = g_array_new(FALSE, TRUE, sizeof(SvDspTraceRecord));
	g_array_set_clear_func(*records, record_clear);
	{
		int64_t bad;
		uint32_t bad_address = 0;

		used = decode(d->trace_partial->data, d->trace_partial->len, &ldc, *records, &bad,
			      &bad_address);
		g_byte_array_remove_range(d->trace_partial, 0, (guint)used);
		if (bad >= 0) {
			g_set_error(error, SV_DSP_ERROR, SV_DSP_ERROR_FIRMWARE,
				    "%s: trace record %u (byte %" G_GINT64_FORMAT " of the new data) "
				    "names log entry 0x%08x, which the firmware's .ldc dictionary "
				    "does not have (entries from 0x%08x): is it this firmware's "
				    "dictionary?", d->name, (*records)->len, bad, bad_address,
				    ldc.base);
			g_clear_pointer(records, g_array_unref);
			return FALSE;
		}
	}
	return TRUE;
}

gboolean sv_dsp_trace_stop(SvDsp *d, GError **error)
{
	uint32_t msg[2] = { GUINT32_TO_LE(8), GUINT32_TO_LE(SV_IPC_TRACE_DMA_FREE) }, reply[3];
	gboolean ok = TRUE;

	if (d->trace.s && d->booted)
		ok = sv_dsp_ipc_tx(d, msg, sizeof(msg), reply, sizeof(reply), NULL, error);
	dsp_trace_release(d);
	return ok;
}
