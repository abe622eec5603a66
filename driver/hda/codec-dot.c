// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-dot.c - the widget graph as Graphviz DOT, drawn the way codecgraph
 * draws codec dumps: one node per widget, shaped by type (converters as
 * triangles pointing the way the signal flows, mixers as ellipses,
 * selectors as trapezia, pins as boxes), one edge per connection list entry
 * from the source to the widget; the selected connection of a selector,
 * pin or converter is bold, the others dashed.  Pins are filled with their
 * jack colour; a pin with no physical connection (port N/A) is dashed.
 *
 *   sofvfio codecs -d DEV --format dot | dot -Tsvg > codec.svg
 */
#include "sofvfio/hda-codec.h"

#include <string.h>

static const char *shape(unsigned type)
{
	switch (type) {
	case AC_WID_AUD_OUT: return "invtriangle";
	case AC_WID_AUD_IN: return "triangle";
	case AC_WID_AUD_MIX: return "ellipse";
	case AC_WID_AUD_SEL: return "trapezium";
	case AC_WID_PIN: return "box";
	case AC_WID_POWER: return "octagon";
	case AC_WID_VOL_KNB: return "circle";
	case AC_WID_BEEP: return "diamond";
	default: return "note";
	}
}

static const char *fill(const HdaWidget *w)
{
	static const char *const colors[16] = {
		[1] = "gray30", [2] = "gray70", [3] = "lightblue", [4] = "palegreen",
		[5] = "salmon", [6] = "orange", [7] = "yellow", [8] = "plum", [9] = "pink",
		[14] = "white",
	};

	if (w->type == AC_WID_PIN && (w->have & HDA_HAVE_PIN)) {
		const char *c = colors[AC_DEFCFG_COLOR(w->pin_default)];

		return c ? c : "white";
	}
	switch (w->type) {
	case AC_WID_AUD_OUT: return "lightyellow";
	case AC_WID_AUD_IN: return "lightcyan";
	default: return "white";
	}
}

void hda_codec_print_dot(const HdaCodec *c, GString *out)
{
	g_string_append_printf(out,
			       "digraph \"codec%u\" {\n"
			       "  label=\"%s %s (codec %u, vendor id 0x%08x)\";\n"
			       "  rankdir=LR;\n"
			       "  node [style=filled, fontname=\"Helvetica\", fontsize=10];\n",
			       c->cad, c->vendor_name ? c->vendor_name : "",
			       c->chip_name ? c->chip_name : "", c->cad, c->vendor_id);
	for (unsigned i = 0; i < c->n_widgets; i++) {
		const HdaWidget *w = &c->widgets[i];

		/* Dark jack colours get white text; pins with no connection
		 * (port N/A) are dashed. */
		bool dark = !strcmp(fill(w), "gray30");
		bool unused = (w->have & HDA_HAVE_PIN) &&
			      AC_DEFCFG_PORT_CONN(w->pin_default) == AC_JACK_PORT_NONE;

		g_string_append_printf(out, "  n%02x [shape=%s, fillcolor=\"%s\"%s%s, "
				       "label=\"0x%02x\\n%s", w->nid, shape(w->type), fill(w),
				       dark ? ", fontcolor=white" : "",
				       unused ? ", style=\"filled,dashed\"" : "", w->nid,
				       hda_widget_type_name(w->type));
		if (w->have & HDA_HAVE_PIN) {
			uint32_t cfg = w->pin_default;

			g_string_append_printf(out, "\\n%s %s\\n[%s] %s %s", hda_pin_device_name(cfg),
					       hda_pin_color_name(cfg), hda_pin_port_name(cfg),
					       hda_pin_connectivity_name(cfg),
					       hda_pin_location_name(cfg));
		}
		if ((w->have & HDA_HAVE_AMP_OUT) && w->n_amp_out_vals &&
		    (w->amp_out_vals[0].left & AC_AMP_MUTE))
			g_string_append(out, "\\n(out muted)");
		g_string_append(out, "\"];\n");
	}
	for (unsigned i = 0; i < c->n_widgets; i++) {
		const HdaWidget *w = &c->widgets[i];

		for (unsigned k = 0; k < w->n_conn; k++) {
			const char *style = "solid";

			if (w->have & HDA_HAVE_CONN_SEL)
				style = (int)k == w->conn_sel ? "bold" : "dashed";
			else if (w->n_conn == 1 && w->type != AC_WID_AUD_MIX)
				style = "bold";
			if (!hda_codec_widget(c, w->conn[k]))
				g_string_append_printf(out, "  n%02x [shape=plaintext, style=\"\", "
						       "label=\"0x%02x\\n(outside AFG)\"];\n",
						       w->conn[k], w->conn[k]);
			g_string_append_printf(out, "  n%02x -> n%02x [style=%s];\n", w->conn[k],
					       w->nid, style);
		}
	}
	g_string_append(out, "}\n");
}
