/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump-facts.h - the values a Linux codec dump (/proc/asound/cardN/codec#M,
 * bare or inside alsa-info output) shows, read by a small lenient extractor
 * of the tests' own: the oracle test-hda-roundtrip.c compares the driver
 * with, independent of the emu's dump parser.
 *
 * One line pattern per field, matched after the indentation, for every
 * kernel vintage seen:
 *
 *   Vendor Id: 0x..  Subsystem Id: 0x..  Revision Id: 0x..
 *   AFG Function Id: 0x.. (unsol N)  MFG Function Id: ...  Function Id: 0x.. (old)
 *   State of AFG node 0x..:  Modem Function Group: 0x..  No Modem Function Group found
 *   Default PCM: block, or "Default PCM: rates 0x.., bits 0x.., types 0x.." (old)
 *   Default Amp-In/Amp-Out caps: ofs=.., nsteps=.., stepsize=.., mute=N | N/A
 *   GPIO: io=.., o=.., i=.., unsolicited=.., wake=..   Power states: (AFG and nodes)
 *   Node 0xNN [Type Name] wcaps 0x..:   (or "Node 0xNN [Type Name]:" without wcaps)
 *   Amp-In caps / Amp-Out caps, Pincap 0x%08x (kernels before 2.6.17: "0x08%x"),
 *   Pin Default 0x%08x, Connection: N + the NIDs of the next line ('*' = selected;
 *   "0xAA-0xBB" is a range, the project's extension), PCM: block (rates [0x..],
 *   bits [0x..], formats [0x..]), "PCM: rates 0x.., bits 0x.., types 0x.." (old)
 *   or N/A, Processing caps: benign=, ncoeff=, Volume-Knob: delta=, steps=
 *
 * A section starts at a "Codec:" line and ends at the next one or at a line
 * at the margin that none of these (nor the vendor hook lines "Power-Map:",
 * "Analog Loopback:") starts.  An indented line ending in '=' goes on in the
 * next (quoted-printable soft line break of mailed dumps).  What a dump does
 * not show has no fact: nothing is derived or guessed.
 *
 * Pin Default: when the file carries alsa-info's init_pin_configs, the value
 * the mock is specified to serve is that one (emu/codec/README.md): the
 * section's card is the n-th card the sysfs blocks name, n counting the
 * address drops between sections.
 */
#ifndef SOFVFIO_QTEST_DUMP_FACTS_H
#define SOFVFIO_QTEST_DUMP_FACTS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/** enum DumpField - what a fact is about. */
typedef enum {
	/* the codec, its function groups and AFG defaults (DumpFact.nid 0) */
	DF_VENDOR_ID,
	DF_SUBSYSTEM_ID,
	DF_REVISION_ID,
	DF_AFG_NID,
	DF_MFG_NID,
	DF_AFG_FUNCTION,  /* type | unsol << 8 */
	DF_MFG_FUNCTION,
	DF_FUNCTION_ID,   /* old kernels: the type of one function group */
	DF_DEFAULT_RATES,
	DF_DEFAULT_BITS,
	DF_DEFAULT_FORMATS,
	DF_DEFAULT_AMP_IN,
	DF_DEFAULT_AMP_OUT,
	DF_AFG_POWER_CAPS,
	DF_GPIO_CAPS,
	DF_NODES,         /* the NIDs listed */
	/* one widget */
	DF_TYPE,
	DF_WCAPS,
	DF_AMP_IN,
	DF_AMP_OUT,
	DF_PINCAP,
	DF_PIN_DEFAULT,
	DF_CONN,
	DF_CONN_SEL,
	DF_RATES,
	DF_BITS,
	DF_FORMATS,
	DF_POWER_CAPS,
	DF_PROC_CAPS,
	DF_VOL_KNOB_CAPS,
	DF_N_FIELDS
} DumpField;

/* Names for messages ("pin default", "connection list"...). */
extern const char *const dump_field_names[DF_N_FIELDS];

#define DF_TYPE_UNNAMED 0x100u  /* "UNKNOWN Widget": a type Linux has no name for */
#define DF_AMP_CAPS_SHOWN 0x807f7f7fu /* mute 31, step size 22:16, steps 14:8, offset 6:0 */
#define DF_POWER_STATES_SHOWN 0xe000001fu /* D0-D3cold 4:0, S3D3cold 29, CLKSTOP 30, EPSS 31 */

/**
 * struct DumpFact - one value a dump shows.
 */
typedef struct {
	DumpField field;
	unsigned nid;       /* the widget, 0 for codec-level fields */
	unsigned line;      /* in the file, from 1 */
	uint32_t value;     /* DF_PIN_DEFAULT: the value the mock is specified to serve */
	uint32_t dumped;    /* DF_PIN_DEFAULT: the dump's own value */
	bool na;            /* amp caps / PCM "N/A" */
	bool from_init;     /* DF_PIN_DEFAULT: from init_pin_configs */
	GArray *list;       /* DF_CONN, DF_NODES: NIDs (unsigned); NULL: only a count shown */
} DumpFact;

/** struct DumpSection - the values one "Codec:" section shows. */
typedef struct {
	unsigned index;     /* "Codec:" section of the file, from 0 */
	unsigned line;      /* its "Codec:" line */
	int address;        /* "Address:", -1 when not shown */
	GArray *facts;      /* DumpFact */
} DumpSection;

/**
 * dump_facts_read() - the "Codec:" sections of a dump file's @text, with the
 * values each shows.
 * @text: the file (lines are modified in a copy)
 * @init_pins: incremented for each Pin Default taken from init_pin_configs
 * @init_pins_differ: incremented for each of those that differs from the dump's own
 * Return: DumpSection pointers (g_ptr_array_unref() frees them).
 */
GPtrArray *dump_facts_read(const char *text, unsigned *init_pins, unsigned *init_pins_differ);

/** dump_facts_find() - the first fact of @field for node @nid (0: codec level), or NULL. */
const DumpFact *dump_facts_find(const DumpSection *s, DumpField field, unsigned nid);

#endif
