#!/bin/sh
# guest-capture.sh - runs in the emulated guest (booted with --audio none,
# whose input side paces capture streams): record 0.5 s from the line-in
# with `sofvfio record` and check what it reports and the file it wrote.
# TAP on stdout.
out=/tmp/capture.wav
log=/tmp/capture.log
n=0
fails=0
check() { # check DESCRIPTION COMMAND...
	n=$((n + 1)); desc=$1; shift
	if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fails=$((fails + 1)); fi
}
field() { sed -n "s/^$1: //p" "$log" | head -n 1; }

echo "1..6"
sofvfio record --duration 0.5 "$out" >"$log" 2>&1
rc=$?
sed 's/^/# /' "$log"
check "sofvfio record exits 0" [ "$rc" -eq 0 ]
irqs=$(field interrupts | cut -d' ' -f1)
check "interrupts arrived (${irqs:-none})" [ "${irqs:-0}" -gt 0 ]
check "positions advanced monotonically" [ "$(field monotonic | cut -d' ' -f1)" = yes ]
check "no overruns" [ "$(field overruns)" = 0 ]
check "24000 frames recorded (0.5 s at 48 kHz)" [ "$(field frames | cut -d' ' -f1)" = 24000 ]
# 44-byte canonical WAV header + 24000 frames * 2 channels * 2 bytes
size=$(wc -c <"$out" 2>/dev/null || echo 0)
check "the WAV file holds 48 kHz 16-bit stereo for 0.5 s (size $size)" [ "$size" -eq 96044 ]
[ "$fails" -eq 0 ]
