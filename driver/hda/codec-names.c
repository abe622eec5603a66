// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * codec-names.c - names for codec vendors, widget types, pin configuration
 * fields and power states, worded as Linux's proc file words them (HDA
 * spec 7.3.3.31 for the pin configuration fields).
 */
#include "sofvfio/hda-codec.h"

/* PCI-SIG vendor ids as HDA codecs report them (VENDOR_ID 31:16). */
static const struct {
	uint16_t id;
	const char *name;
} vendors[] = {
	{ 0x0014, "Loongson" },
	{ 0x1002, "ATI" },
	{ 0x1013, "Cirrus Logic" },
	{ 0x1057, "Motorola" },
	{ 0x1095, "Silicon Image" },
	{ 0x10de, "Nvidia" },
	{ 0x10ec, "Realtek" },
	{ 0x1102, "Creative" },
	{ 0x1106, "VIA" },
	{ 0x111d, "IDT" },
	{ 0x11c1, "LSI" },
	{ 0x11d4, "Analog Devices" },
	{ 0x13f6, "C-Media" },
	{ 0x14f1, "Conexant" },
	{ 0x17e8, "Chrontel" },
	{ 0x1854, "LG" },
	{ 0x19e5, "Huawei" },
	{ 0x1aec, "Wolfson Microelectronics" },
	{ 0x1af4, "QEMU" },
	{ 0x1fa8, "Senarytech" },
	{ 0x434d, "C-Media" },
	{ 0x8086, "Intel" },
	{ 0x8384, "SigmaTel" },
};

const char *hda_codec_vendor_name(uint32_t vendor_id)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(vendors); i++)
		if (vendors[i].id == vendor_id >> 16)
			return vendors[i].name;
	return NULL;
}

char *hda_codec_chip_name(uint32_t vendor_id)
{
	/* QEMU's hda-output/-duplex/-micro (0x1af400xy) have no dedicated
	 * driver: Linux binds the generic parser, which names them "Generic". */
	if (vendor_id >> 16 == 0x1af4)
		return g_strdup("Generic");
	return g_strdup_printf("ID %x", vendor_id & 0xffff);
}

const char *hda_widget_type_name(unsigned type)
{
	static const char *const names[16] = {
		[AC_WID_AUD_OUT] = "Audio Output",
		[AC_WID_AUD_IN] = "Audio Input",
		[AC_WID_AUD_MIX] = "Audio Mixer",
		[AC_WID_AUD_SEL] = "Audio Selector",
		[AC_WID_PIN] = "Pin Complex",
		[AC_WID_POWER] = "Power Widget",
		[AC_WID_VOL_KNB] = "Volume Knob Widget",
		[AC_WID_BEEP] = "Beep Generator Widget",
		[AC_WID_VENDOR] = "Vendor Defined Widget",
	};

	return type < 16 && names[type] ? names[type] : "UNKNOWN Widget";
}

const char *hda_widget_type_short(unsigned type)
{
	static const char *const names[16] = {
		[AC_WID_AUD_OUT] = "dac",
		[AC_WID_AUD_IN] = "adc",
		[AC_WID_AUD_MIX] = "mixer",
		[AC_WID_AUD_SEL] = "selector",
		[AC_WID_PIN] = "pin",
		[AC_WID_POWER] = "power",
		[AC_WID_VOL_KNB] = "volume-knob",
		[AC_WID_BEEP] = "beep",
		[AC_WID_VENDOR] = "vendor",
	};

	return type < 16 && names[type] ? names[type] : "unknown";
}

const char *hda_pin_port_name(uint32_t cfg)
{
	static const char *const names[4] = { "Jack", "N/A", "Fixed", "Both" };

	return names[AC_DEFCFG_PORT_CONN(cfg)];
}

const char *hda_pin_device_name(uint32_t cfg)
{
	static const char *const names[16] = {
		"Line Out", "Speaker", "HP Out", "CD", "SPDIF Out", "Digital Out",
		"Modem Line", "Modem Hand", "Line In", "Aux", "Mic", "Telephony",
		"SPDIF In", "Digital In", "Reserved", "Other",
	};

	return names[AC_DEFCFG_DEVICE(cfg)];
}

const char *hda_pin_connectivity_name(uint32_t cfg)
{
	/* Location 5:4 (config bits 29:28): external, internal, separate chassis, other. */
	static const char *const names[4] = { "Ext", "Int", "Sep", "Oth" };

	return names[(AC_DEFCFG_LOCATION(cfg) >> 4) & 3];
}

const char *hda_pin_location_name(uint32_t cfg)
{
	static const char *const bases[7] = {
		"N/A", "Rear", "Front", "Left", "Right", "Top", "Bottom",
	};
	static const struct {
		uint8_t loc;
		const char *name;
	} specials[] = {
		{ 0x07, "Rear Panel" }, { 0x08, "Drive Bar" }, { 0x17, "Riser" },
		{ 0x18, "HDMI" },       { 0x19, "ATAPI" },     { 0x37, "Mobile-In" },
		{ 0x38, "Mobile-Out" },
	};
	unsigned loc = AC_DEFCFG_LOCATION(cfg);

	if ((loc & 0xf) < 7)
		return bases[loc & 0xf];
	for (unsigned i = 0; i < G_N_ELEMENTS(specials); i++)
		if (specials[i].loc == loc)
			return specials[i].name;
	return "UNKNOWN";
}

const char *hda_pin_conn_type_name(uint32_t cfg)
{
	static const char *const names[16] = {
		"Unknown", "1/8", "1/4", "ATAPI", "RCA", "Optical", "Digital", "Analog",
		"DIN", "XLR", "RJ11", "Comb", NULL, NULL, NULL, "Other",
	};
	const char *n = names[AC_DEFCFG_CONN_TYPE(cfg)];

	return n ? n : "UNKNOWN";
}

const char *hda_pin_color_name(uint32_t cfg)
{
	static const char *const names[16] = {
		"Unknown", "Black", "Grey", "Blue", "Green", "Red", "Orange", "Yellow",
		"Purple", "Pink", NULL, NULL, NULL, NULL, "White", "Other",
	};
	const char *n = names[AC_DEFCFG_COLOR(cfg)];

	return n ? n : "UNKNOWN";
}

const char *hda_power_state_name(unsigned state)
{
	static const char *const names[] = { "D0", "D1", "D2", "D3", "D3cold" };

	return state < G_N_ELEMENTS(names) ? names[state] : "UNKNOWN";
}
