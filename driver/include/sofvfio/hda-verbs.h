/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/hda-verbs.h - HDA codec verbs, parameters and field layouts
 * (HDA spec rev 1.0a, section 7.3).  Shared by the driver and the codec
 * models.  12-bit verbs are used with HDA_VERB(), 4-bit ones with HDA_VERB4().
 */
#ifndef SOFVFIO_HDA_VERBS_H
#define SOFVFIO_HDA_VERBS_H

/* 12-bit "get" verbs */
#define AC_VERB_GET_STREAM_FORMAT 0xa00
#define AC_VERB_GET_AMP_GAIN_MUTE 0xb00
#define AC_VERB_GET_PROC_COEF 0xc00
#define AC_VERB_GET_COEF_INDEX 0xd00
#define AC_VERB_PARAMETERS 0xf00
#define AC_VERB_GET_CONNECT_SEL 0xf01
#define AC_VERB_GET_CONNECT_LIST 0xf02
#define AC_VERB_GET_PROC_STATE 0xf03
#define AC_VERB_GET_SDI_SELECT 0xf04
#define AC_VERB_GET_POWER_STATE 0xf05
#define AC_VERB_GET_CONV 0xf06
#define AC_VERB_GET_PIN_WIDGET_CONTROL 0xf07
#define AC_VERB_GET_UNSOLICITED_RESPONSE 0xf08
#define AC_VERB_GET_PIN_SENSE 0xf09
#define AC_VERB_GET_BEEP_CONTROL 0xf0a
#define AC_VERB_GET_EAPD_BTLENABLE 0xf0c
#define AC_VERB_GET_DIGI_CONVERT_1 0xf0d
#define AC_VERB_GET_DIGI_CONVERT_2 0xf0e
#define AC_VERB_GET_VOLUME_KNOB_CONTROL 0xf0f
#define AC_VERB_GET_GPIO_DATA 0xf15
#define AC_VERB_GET_GPIO_MASK 0xf16
#define AC_VERB_GET_GPIO_DIRECTION 0xf17
#define AC_VERB_GET_GPIO_WAKE_MASK 0xf18
#define AC_VERB_GET_GPIO_UNSOLICITED_RSP_MASK 0xf19
#define AC_VERB_GET_GPIO_STICKY_MASK 0xf1a
#define AC_VERB_GET_CONFIG_DEFAULT 0xf1c
#define AC_VERB_GET_SUBSYSTEM_ID 0xf20
#define AC_VERB_GET_CVT_CHAN_COUNT 0xf2d
#define AC_VERB_GET_HDMI_DIP_SIZE 0xf2e
#define AC_VERB_GET_HDMI_ELDD 0xf2f
#define AC_VERB_GET_HDMI_DIP_INDEX 0xf30
#define AC_VERB_GET_HDMI_DIP_DATA 0xf31
#define AC_VERB_GET_HDMI_DIP_XMIT 0xf32
#define AC_VERB_GET_HDMI_CP_CTRL 0xf33
#define AC_VERB_GET_HDMI_CHAN_SLOT 0xf34
#define AC_VERB_GET_DEVICE_SEL 0xf35
#define AC_VERB_GET_DEVICE_LIST 0xf36

/* 12-bit "set" verbs */
#define AC_VERB_SET_STREAM_FORMAT 0x200
#define AC_VERB_SET_AMP_GAIN_MUTE 0x300
#define AC_VERB_SET_PROC_COEF 0x400
#define AC_VERB_SET_COEF_INDEX 0x500
#define AC_VERB_SET_CONNECT_SEL 0x701
#define AC_VERB_SET_PROC_STATE 0x703
#define AC_VERB_SET_SDI_SELECT 0x704
#define AC_VERB_SET_POWER_STATE 0x705
#define AC_VERB_SET_CHANNEL_STREAMID 0x706
#define AC_VERB_SET_PIN_WIDGET_CONTROL 0x707
#define AC_VERB_SET_UNSOLICITED_ENABLE 0x708
#define AC_VERB_SET_PIN_SENSE 0x709
#define AC_VERB_SET_BEEP_CONTROL 0x70a
#define AC_VERB_SET_EAPD_BTLENABLE 0x70c
#define AC_VERB_SET_DIGI_CONVERT_1 0x70d
#define AC_VERB_SET_DIGI_CONVERT_2 0x70e
#define AC_VERB_SET_VOLUME_KNOB_CONTROL 0x70f
#define AC_VERB_SET_GPIO_DATA 0x715
#define AC_VERB_SET_GPIO_MASK 0x716
#define AC_VERB_SET_GPIO_DIRECTION 0x717
#define AC_VERB_SET_GPIO_WAKE_MASK 0x718
#define AC_VERB_SET_GPIO_UNSOLICITED_RSP_MASK 0x719
#define AC_VERB_SET_GPIO_STICKY_MASK 0x71a
#define AC_VERB_SET_CONFIG_DEFAULT_BYTES_0 0x71c
#define AC_VERB_SET_CONFIG_DEFAULT_BYTES_1 0x71d
#define AC_VERB_SET_CONFIG_DEFAULT_BYTES_2 0x71e
#define AC_VERB_SET_CONFIG_DEFAULT_BYTES_3 0x71f
#define AC_VERB_SET_EAPD 0x788
#define AC_VERB_SET_CODEC_RESET 0x7ff

/* 4-bit verbs (16-bit payload) as used in HDA_VERB4() */
#define AC_VERB4_SET_STREAM_FORMAT 0x2
#define AC_VERB4_SET_AMP_GAIN_MUTE 0x3
#define AC_VERB4_SET_PROC_COEF 0x4
#define AC_VERB4_SET_COEF_INDEX 0x5
#define AC_VERB4_GET_STREAM_FORMAT 0xa
#define AC_VERB4_GET_AMP_GAIN_MUTE 0xb
#define AC_VERB4_GET_PROC_COEF 0xc
#define AC_VERB4_GET_COEF_INDEX 0xd

/* Parameters (GET_PARAMETER payload), 7.3.4 */
#define AC_PAR_VENDOR_ID 0x00
#define AC_PAR_SUBSYSTEM_ID 0x01
#define AC_PAR_REV_ID 0x02
#define AC_PAR_NODE_COUNT 0x04
#define AC_PAR_FUNCTION_TYPE 0x05
#define AC_PAR_AUDIO_FG_CAP 0x08
#define AC_PAR_AUDIO_WIDGET_CAP 0x09
#define AC_PAR_PCM 0x0a
#define AC_PAR_STREAM 0x0b
#define AC_PAR_PIN_CAP 0x0c
#define AC_PAR_AMP_IN_CAP 0x0d
#define AC_PAR_CONNLIST_LEN 0x0e
#define AC_PAR_POWER_STATE 0x0f
#define AC_PAR_PROC_CAP 0x10
#define AC_PAR_GPIO_CAP 0x11
#define AC_PAR_AMP_OUT_CAP 0x12
#define AC_PAR_VOL_KNB_CAP 0x13
#define AC_PAR_DEVLIST_LEN 0x15
#define AC_PAR_HDMI_LPCM_CAP 0x20

/* NODE_COUNT */
#define AC_NODE_START(x) (((x) >> 16) & 0xff)
#define AC_NODE_TOTAL(x) ((x) & 0xff)

/* FUNCTION_TYPE */
#define AC_FGT_TYPE(x) ((x) & 0xff)
#define AC_FGT_UNSOL_CAP (1u << 8)
#define AC_GRP_AUDIO_FUNCTION 0x01
#define AC_GRP_MODEM_FUNCTION 0x02

/* AUDIO_WIDGET_CAP */
#define AC_WCAP_STEREO (1u << 0)
#define AC_WCAP_IN_AMP (1u << 1)
#define AC_WCAP_OUT_AMP (1u << 2)
#define AC_WCAP_AMP_OVRD (1u << 3)
#define AC_WCAP_FORMAT_OVRD (1u << 4)
#define AC_WCAP_STRIPE (1u << 5)
#define AC_WCAP_PROC_WID (1u << 6)
#define AC_WCAP_UNSOL_CAP (1u << 7)
#define AC_WCAP_CONN_LIST (1u << 8)
#define AC_WCAP_DIGITAL (1u << 9)
#define AC_WCAP_POWER (1u << 10)
#define AC_WCAP_LR_SWAP (1u << 11)
#define AC_WCAP_CP_CAPS (1u << 12)
#define AC_WCAP_CHAN_CNT_EXT(x) (((x) >> 13) & 0x7)
#define AC_WCAP_DELAY(x) (((x) >> 16) & 0xf)
#define AC_WCAP_TYPE(x) (((x) >> 20) & 0xf)
#define AC_WID_AUD_OUT 0x0
#define AC_WID_AUD_IN 0x1
#define AC_WID_AUD_MIX 0x2
#define AC_WID_AUD_SEL 0x3
#define AC_WID_PIN 0x4
#define AC_WID_POWER 0x5
#define AC_WID_VOL_KNB 0x6
#define AC_WID_BEEP 0x7
#define AC_WID_VENDOR 0xf

/* PCM (rates and bits) and STREAM (formats) */
#define AC_SUPPCM_RATES 0xfff
#define AC_SUPPCM_BITS_8 (1u << 16)
#define AC_SUPPCM_BITS_16 (1u << 17)
#define AC_SUPPCM_BITS_20 (1u << 18)
#define AC_SUPPCM_BITS_24 (1u << 19)
#define AC_SUPPCM_BITS_32 (1u << 20)
#define AC_SUPFMT_PCM (1u << 0)
#define AC_SUPFMT_FLOAT32 (1u << 1)
#define AC_SUPFMT_AC3 (1u << 2)

/* PIN_CAP */
#define AC_PINCAP_IMP_SENSE (1u << 0)
#define AC_PINCAP_TRIG_REQ (1u << 1)
#define AC_PINCAP_PRES_DETECT (1u << 2)
#define AC_PINCAP_HP_DRV (1u << 3)
#define AC_PINCAP_OUT (1u << 4)
#define AC_PINCAP_IN (1u << 5)
#define AC_PINCAP_BALANCE (1u << 6)
#define AC_PINCAP_HDMI (1u << 7)
#define AC_PINCAP_VREF(x) (((x) >> 8) & 0x37)
#define AC_PINCAP_EAPD (1u << 16)
#define AC_PINCAP_DP (1u << 24)
#define AC_PINCAP_HBR (1u << 27)

/* AMP_IN_CAP / AMP_OUT_CAP */
#define AC_AMPCAP_OFFSET(x) ((x) & 0x7f)
#define AC_AMPCAP_NUM_STEPS(x) (((x) >> 8) & 0x7f)
#define AC_AMPCAP_STEP_SIZE(x) (((x) >> 16) & 0x7f)
#define AC_AMPCAP_MUTE (1u << 31)

/* SET_AMP_GAIN_MUTE payload (16 bit) */
#define AC_AMP_SET_OUTPUT (1u << 15)
#define AC_AMP_SET_INPUT (1u << 14)
#define AC_AMP_SET_LEFT (1u << 13)
#define AC_AMP_SET_RIGHT (1u << 12)
#define AC_AMP_SET_INDEX(x) (((x) & 0xfu) << 8)
#define AC_AMP_MUTE (1u << 7)
#define AC_AMP_GAIN 0x7f
/* GET_AMP_GAIN_MUTE payload */
#define AC_AMP_GET_OUTPUT (1u << 15)
#define AC_AMP_GET_INPUT 0
#define AC_AMP_GET_LEFT (1u << 13)
#define AC_AMP_GET_RIGHT 0

/* CONNLIST_LEN */
#define AC_CLIST_LENGTH(x) ((x) & 0x7f)
#define AC_CLIST_LONG (1u << 7)

/* Pin widget control */
#define AC_PINCTL_VREFEN 0x7
#define AC_PINCTL_IN_EN (1u << 5)
#define AC_PINCTL_OUT_EN (1u << 6)
#define AC_PINCTL_HP_EN (1u << 7)

/* EAPD/BTL */
#define AC_EAPDBTL_BALANCED (1u << 0)
#define AC_EAPDBTL_EAPD (1u << 1)
#define AC_EAPDBTL_LR_SWAP (1u << 2)

/* Power states */
#define AC_PWRST_D0 0x00
#define AC_PWRST_D1 0x01
#define AC_PWRST_D2 0x02
#define AC_PWRST_D3 0x03

/* Pin default configuration (GET_CONFIG_DEFAULT) */
#define AC_DEFCFG_PORT_CONN(x) (((x) >> 30) & 0x3)
#define AC_DEFCFG_LOCATION(x) (((x) >> 24) & 0x3f)
#define AC_DEFCFG_DEVICE(x) (((x) >> 20) & 0xf)
#define AC_DEFCFG_CONN_TYPE(x) (((x) >> 16) & 0xf)
#define AC_DEFCFG_COLOR(x) (((x) >> 12) & 0xf)
#define AC_DEFCFG_MISC(x) (((x) >> 8) & 0xf)
#define AC_DEFCFG_DEF_ASSOC(x) (((x) >> 4) & 0xf)
#define AC_DEFCFG_SEQUENCE(x) ((x) & 0xf)
#define AC_JACK_PORT_COMPLEX 0
#define AC_JACK_PORT_NONE 1
#define AC_JACK_PORT_FIXED 2
#define AC_JACK_PORT_BOTH 3
#define AC_JACK_LINE_OUT 0x0
#define AC_JACK_SPEAKER 0x1
#define AC_JACK_HP_OUT 0x2
#define AC_JACK_CD 0x3
#define AC_JACK_SPDIF_OUT 0x4
#define AC_JACK_DIG_OTHER_OUT 0x5
#define AC_JACK_MODEM_LINE_SIDE 0x6
#define AC_JACK_MODEM_HAND_SIDE 0x7
#define AC_JACK_LINE_IN 0x8
#define AC_JACK_AUX 0x9
#define AC_JACK_MIC_IN 0xa
#define AC_JACK_TELEPHONY 0xb
#define AC_JACK_SPDIF_IN 0xc
#define AC_JACK_DIG_OTHER_IN 0xd
#define AC_JACK_OTHER 0xf

#endif
