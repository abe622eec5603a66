#!/bin/sh
# guest-proc-parity.sh - in the emulated guest (emu/guest/sofvfio-guest
# --no-bind), in one boot: the kernel's own /proc/asound/card0/codec#N dump
# first, then the HDA function moved from snd-hda-intel to vfio-pci, then
# `sofvfio codecs --format proc`; both must agree line for line after the
# normalisation documented in docs/hda.md (the kernel driver's own mixer
# controls, PCM devices and in-driver connection overrides are dropped).
# Speaks TAP.  busybox sh.
#
# Environment: SOFVFIO_DEVICE (default 0000:00:1b.0), PARITY_KEEP=DIR to keep
# the dumps, SOFVFIO_ARGS extra arguments for sofvfio (e.g. "--irq intx").
set -u
dev=${SOFVFIO_DEVICE:-0000:00:1b.0}
sys=/sys/bus/pci/devices/$dev
tmp=${PARITY_KEEP:-/tmp/parity}
mkdir -p "$tmp"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
bail() { echo "Bail out! $*"; exit 1; }

# The kernel's lines that show the driver's choices, not the hardware's.
normalize() {
	awk '
		skip_conn && /^    / { skip_conn = 0; next }
		{ skip_conn = 0 }
		/^  Control: / || /^    ControlAmp: / || /^  Device: / { next }
		/^  In-driver Connection: / { skip_conn = 1; next }
		{ print }
	' "$1"
}

echo "1..4"
drv=$(basename "$(readlink "$sys/driver" 2>/dev/null)" 2>/dev/null)
[ "$drv" = snd_hda_intel ] || bail "$dev is driven by '${drv:-nothing}', not snd_hda_intel (boot with --no-bind)"

# 1: the kernel's dumps, one per codec
codecs=""
for f in /proc/asound/card0/codec#*; do
	[ -e "$f" ] || continue
	m=${f##*#}
	cat "$f" > "$tmp/kernel-$m.txt" && codecs="$codecs $m"
done
[ -n "$codecs" ] && ok "kernel dump of codec(s)$codecs" || bail "no /proc/asound/card0/codec#* (no codec probed?)"

# 2: hand the function to vfio-pci
echo vfio-pci > "$sys/driver_override"
echo "$dev" > "$sys/driver/unbind"
echo "$dev" > /sys/bus/pci/drivers_probe
i=0
while [ $i -lt 50 ]; do
	drv=$(basename "$(readlink "$sys/driver" 2>/dev/null)" 2>/dev/null)
	[ "$drv" = vfio-pci ] && break
	i=$((i + 1)); sleep 0.1
done
[ "$drv" = vfio-pci ] && ok "$dev rebound to vfio-pci" || bail "$dev is on '${drv:-nothing}' after rebinding"

# 3: our dumps
fail=0
for m in $codecs; do
	# shellcheck disable=SC2086
	sofvfio codecs -d "$dev" --codec "$m" --format proc ${SOFVFIO_ARGS:-} > "$tmp/sofvfio-$m.txt" 2> "$tmp/sofvfio-$m.err" || fail=1
done
[ $fail = 0 ] && ok "sofvfio codecs --format proc" || { notok "sofvfio codecs failed: $(cat "$tmp"/sofvfio-*.err)"; }

# 4: compare
fail=0
for m in $codecs; do
	normalize "$tmp/kernel-$m.txt" > "$tmp/kernel-$m.norm"
	if ! diff -u "$tmp/kernel-$m.norm" "$tmp/sofvfio-$m.txt" > "$tmp/diff-$m.txt"; then
		fail=1
		sed 's/^/# /' "$tmp/diff-$m.txt"
	fi
done
lines=$(cat "$tmp"/kernel-*.norm | wc -l)
[ $fail = 0 ] && ok "codec(s)$codecs: $lines lines identical to the kernel's (normalised)" ||
	notok "codec dump differs from the kernel's (diff above)"
