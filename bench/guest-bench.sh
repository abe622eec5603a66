#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-bench.sh - the guest half of run-bench.py, run by emu/guest/sofvfio-guest
# in a guest booted with --no-bind (snd-hda-intel owns 00:1b.0).  Prints the
# JSON lines of sofvfio-bench and raw-verb; run-bench.py reads them back.
#
#   1. kprobe: snd-hda-intel unbind/bind -> /proc/asound/cardN/codec#0
#   2. the function moves to vfio-pci (driver_override, unbind, drivers_probe)
#   3. the project's bring-up + enumeration, verb round trips through the
#      driver and through raw-verb (alternated round by round, so that drift
#      hits both), polled and immediate too, and the interrupt floor.
#
# Environment: BENCH_REPS (rounds, 7), BENCH_COUNT (verbs per repetition, 300),
# SOFVFIO_DEVICE (set by the launcher).

BDF=${SOFVFIO_DEVICE:-0000:00:1b.0}
REPS=${BENCH_REPS:-7}
COUNT=${BENCH_COUNT:-300}

note() { echo "{\"bench\":\"guest-note\",\"note\":\"$*\"}"; }
run() { "$@" || note "exit $?: $*"; }

echo "{\"bench\":\"guest-info\",\"kernel\":\"$(uname -r)\",\"cpus\":$(grep -c ^processor /proc/cpuinfo),\"bdf\":\"$BDF\"}"

run sofvfio-bench kprobe --bdf "$BDF" --reps "$REPS"

# Give the function to vfio-pci, as the launcher does without --no-bind.
dev=/sys/bus/pci/devices/$BDF
echo vfio-pci > "$dev/driver_override"
[ -e "$dev/driver" ] && echo "$BDF" > "$dev/driver/unbind"
echo "$BDF" > /sys/bus/pci/drivers_probe
group=$(basename "$(readlink "$dev/iommu_group")")
i=0
while [ ! -e "/dev/vfio/$group" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if [ ! -e "/dev/vfio/$group" ]; then
	note "$BDF did not bind to vfio-pci (driver: $(basename "$(readlink "$dev/driver")"))"
	exit 1
fi

run sofvfio-bench bringup -d "$BDF" --reps "$REPS"
run sofvfio-bench bringup -d "$BDF" --reps "$REPS" --keep-open
# Driver and raw-verb alternate round by round (and swap places every other
# round), one counted repetition each, so that drift hits both alike.
round=1
while [ $round -le "$REPS" ]; do
	if [ $((round % 2)) = 1 ]; then
		run sofvfio-bench verb -d "$BDF" --modes msi,poll,immediate --count "$COUNT" --reps 1
		run raw-verb --mode all --count "$COUNT" --reps 1 "$BDF"
	else
		run raw-verb --mode all --count "$COUNT" --reps 1 "$BDF"
		run sofvfio-bench verb -d "$BDF" --modes msi,poll,immediate --count "$COUNT" --reps 1
	fi
	round=$((round + 1))
done
run sofvfio-bench irq --mode trigger -d "$BDF" --reps "$REPS"
run sofvfio-bench irq --mode process --reps "$REPS"
exit 0
