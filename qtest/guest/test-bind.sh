#!/bin/sh
# test-bind.sh SCENARIO - TAP tests of `sofvfio bind`, `unbind`, `status` and
# `doctor` on the real kernel, run INSIDE the emulated guest (busybox sh,
# root) by qtest/guest/meson.build through emu/guest/sofvfio-guest:
#
#   one      --no-bind: snd-hda-intel holds 00:1b.0 (alone in its group), and
#            ahci + i2c_i801 hold 00:1f.2/00:1f.3 (group with 00:1f.0)
#   two      --no-bind --second-function: 00:1b.0 and 00:1b.1 share a group
#   noiommu  --no-iommu: no IOMMU at all
#
# Every test compares what sysfs says (driver links, driver_override, the
# state file, /dev/vfio, /proc/asound/cards) before and after.
set -u
scenario=${1:?usage: test-bind.sh one|two|noiommu}
dev=0000:00:1b.0
state=${SOFVFIO_STATE_DIR:-/run/sofvfio}
out=/tmp/bind.out
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { # DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
has() { grep -q -e "$1" "$out"; }          # PATTERN: in the last output
show() { sed 's/^/# /' "$out"; }
run() { "$@" >"$out" 2>&1; st=$?; show; return 0; } # COMMAND...: status in $st
st_is() { [ "$st" = "$1" ]; }

drv() { # ADDRESS -> driver name or "-"
	l=$(readlink "/sys/bus/pci/devices/$1/driver" 2>/dev/null) && basename "$l" || echo -
}
group_of() { basename "$(readlink "/sys/bus/pci/devices/$1/iommu_group")"; }
# "address driver override" for every function of the group of $1
snap() {
	g=$(group_of "$1")
	for d in $(ls "/sys/kernel/iommu_groups/$g/devices"); do
		echo "$d $(drv "$d") $(cat "/sys/bus/pci/devices/$d/driver_override")"
	done
}
card_of() { # ADDRESS -> ALSA card number, or nothing
	for c in /sys/bus/pci/devices/"$1"/sound/card*; do
		[ -e "$c" ] && echo "${c##*/card}" && return 0
	done
	return 1
}
# The card of ADDRESS is listed in /proc/asound/cards (bounded wait, 10 s).
card_back() {
	i=0
	while [ $i -lt 100 ]; do
		c=$(card_of "$1") && grep -q "^ *$c \[" /proc/asound/cards && return 0
		i=$((i + 1)); sleep 0.1
	done
	return 1
}
same() { # BEFORE AFTER (snapshots)
	[ "$1" = "$2" ] && return 0
	echo "# before: $(echo "$1" | tr '\n' ';')"
	echo "# after:  $(echo "$2" | tr '\n' ';')"
	return 1
}
st0_same() { [ "$st" = 0 ] && same "$1" "$2"; }
# no state file for group $g, and the cards of the given functions are back
clean_and_cards() {
	[ ! -e "$state/bind-$g.json" ] || { echo "# $state/bind-$g.json is still there"; return 1; }
	for a in "$@"; do card_back "$a" || { echo "# no card for $a"; return 1; }; done
}

# ---- scenario one: one function, snd-hda-intel -------------------------------
scenario_one() {
	echo "1..38"
	g=$(group_of $dev)
	before=$(snap $dev)
	check "snd_hda_intel holds $dev before" [ "$(drv $dev)" = snd_hda_intel ]

	run sofvfio status
	check "status: bind needed for $dev" has "vfio: bind needed (driver snd_hda_intel"
	check "status: names the controller and the module" sh -c \
		"grep -q '^$dev .*\[8086:' $out && grep -q 'could be driven by snd_hda_intel' $out"

	# dry run: one line per sysfs write, nothing changes
	run sofvfio bind $dev --dry-run
	check "dry run exits 0" st_is 0
	check "dry run prints the 3 sysfs writes" sh -c \
		"grep -qx 'echo vfio-pci > /sys/bus/pci/devices/$dev/driver_override' $out &&
		 grep -qx 'echo $dev > /sys/bus/pci/drivers/snd_hda_intel/unbind' $out &&
		 grep -qx 'echo $dev > /sys/bus/pci/drivers_probe' $out &&
		 test \$(grep -c '^echo ' $out) = 3"
	check "dry run changes nothing (links, overrides, no state file)" sh -c \
		"test \"\$(echo '$before')\" = \"$(snap $dev)\" && test ! -e $state/bind-$g.json"

	# in use: this shell holds the card's control device open
	c=$(card_of $dev)
	exec 3</dev/snd/controlC"$c"
	run sofvfio bind $dev
	check "bind refuses while /dev/snd/controlC$c is open (exit 1)" st_is 1
	check "refusal names the device node and this process (PID $$)" sh -c \
		"grep -q 'in use' $out && grep -q '/dev/snd/controlC$c open by PID $$ ' $out && grep -q -- '--force' $out"
	check "refusal changed nothing" same "$before" "$(snap $dev)"
	exec 3<&-

	# --force proceeds: a holder that lets go after 3 s (ALSA's card removal
	# waits for open files, so the unbind completes when it exits)
	( exec 3</dev/snd/controlC"$c"; sleep 3 ) &
	holder=$!
	sleep 0.5
	run sofvfio bind $dev --force
	wait $holder
	check "bind --force proceeds past the in-use check" sh -c "test $st = 0 && grep -q -- '--force: binding anyway' $out"
	check "$dev on vfio-pci after --force" [ "$(drv $dev)" = vfio-pci ]
	run sofvfio unbind $dev
	check "unbind after --force restores snd_hda_intel" [ "$(drv $dev)" = snd_hda_intel ]
	card_back $dev

	# a user (uid 1000) for the --owner checks
	grep -q '^user:' /etc/passwd 2>/dev/null || {
		echo "user:x:1000:1000::/tmp:/bin/sh" >>/etc/passwd
		echo "user:x:1000:" >>/etc/group
	}
	run su -s /bin/sh -c "sofvfio doctor $dev" user
	check "doctor as a user before bind: exit 1, /dev/vfio/$g missing, fix names bind" sh -c \
		"test $st = 1 && grep -q '^FAIL  /dev/vfio/$g: missing' $out && grep -q 'fix: .sudo sofvfio bind $dev --owner' $out"

	# the real bind, with --owner
	run sofvfio bind $dev --owner user
	check "bind exits 0" st_is 0
	check "$dev is on vfio-pci with driver_override vfio-pci" sh -c \
		"test $(drv $dev) = vfio-pci && test \$(cat /sys/bus/pci/devices/$dev/driver_override) = vfio-pci"
	check "state file records snd_hda_intel, step done" sh -c \
		"tr -d ' \\n' <$state/bind-$g.json | grep -q '\"address\":\"$dev\",\"driver\":\"snd_hda_intel\",\"driver_override\":null,\"step\":\"done\"'"
	check "/dev/vfio/$g exists, owned by 1000:1000" sh -c \
		"test -c /dev/vfio/$g && test \"\$(stat -c %u:%g /dev/vfio/$g)\" = 1000:1000"
	run sofvfio info -d $dev
	check "sofvfio info works on the bound device" sh -c "test $st = 0 && grep -q 'group status: .*VIABLE' $out"
	run su -s /bin/sh -c "sofvfio info -d $dev && sofvfio doctor $dev" user
	check "as the --owner user (no root): info works and doctor passes" sh -c \
		"test $st = 0 && grep -q 'group status: .*VIABLE' $out && grep -q '^ok    /dev/vfio/$g: read/write for you' $out && ! grep -q '^FAIL' $out"
	run sofvfio status
	check "status: ready" has "vfio: ready (on vfio-pci, IOMMU group $g viable)"
	run sofvfio doctor $dev
	check "doctor passes every check after bind (exit 0, no FAIL)" sh -c "test $st = 0 && ! grep -q '^FAIL' $out && grep -q '^ok    IOMMU: on' $out"
	run sofvfio bind $dev
	check "bind again: already on vfio-pci, exit 0" sh -c "test $st = 0 && grep -q 'already on vfio-pci' $out"

	run sofvfio unbind $dev
	check "unbind exits 0" st_is 0
	check "unbind restores driver links and overrides" same "$before" "$(snap $dev)"
	check "the card is back in /proc/asound/cards" card_back $dev
	check "state file removed" [ ! -e $state/bind-$g.json ]
	run sofvfio unbind $dev
	check "unbind without a record says so and changes nothing" sh -c \
		"test $st = 0 && grep -q 'no bind record' $out && test \"\$(echo '$before')\" = \"$(snap $dev)\""

	# a step fails (test hook: the 3rd write, drivers_probe): roll back
	SOFVFIO_BIND_FAIL_AT=3 run sofvfio bind $dev
	check "bind with a failing step exits 1, naming failure and rollback" sh -c \
		"test $st = 1 && grep -q 'SOFVFIO_BIND_FAIL_AT=3' $out && grep -q 'rolled back: $dev (snd_hda_intel); the group is as it was' $out"
	check "rollback restored driver links and overrides" same "$before" "$(snap $dev)"
	check "rollback: card back, no state file" clean_and_cards $dev

	# after a crash between unbind and probe: the state file is the truth
	mkdir -p $state
	printf '{ "version": 1, "group": %s, "device": "%s", "members": [ { "address": "%s", "driver": "snd_hda_intel", "driver_override": null, "step": "unbound" } ] }\n' \
		"$g" $dev $dev >$state/bind-$g.json
	echo vfio-pci >/sys/bus/pci/devices/$dev/driver_override
	echo $dev >/sys/bus/pci/drivers/snd_hda_intel/unbind
	run sofvfio unbind $dev
	check "unbind after a crash mid-bind restores snd_hda_intel" sh -c \
		"test $st = 0 && test \"\$(echo '$before')\" = \"$(snap $dev)\" && test ! -e $state/bind-$g.json"
	card_back $dev

	# the PCH-like group: LPC 00:1f.0 (no driver), AHCI 00:1f.2, SMBus 00:1f.3
	b2=$(snap 0000:00:1f.3)
	echo vfio-pci >/sys/bus/pci/devices/0000:00:1f.3/driver_override
	echo 0000:00:1f.3 >/sys/bus/pci/drivers/i801_smbus/unbind
	echo 0000:00:1f.3 >/sys/bus/pci/drivers_probe
	run sofvfio status --all
	check "status: half-bound group is not viable, naming ahci" has \
		"vfio: group not viable (group not viable: 0000:00:1f.2 (ahci))"
	echo >/sys/bus/pci/devices/0000:00:1f.3/driver_override
	echo 0000:00:1f.3 >/sys/bus/pci/drivers/vfio-pci/unbind
	echo 0000:00:1f.3 >/sys/bus/pci/drivers_probe
	check "(hand restore of 00:1f.3)" same "$b2" "$(snap 0000:00:1f.3)"
	run sofvfio bind 0000:00:1f.3
	check "bind 00:1f.3 moves 00:1f.0, 00:1f.2 and 00:1f.3" sh -c \
		"test $st = 0 && test $(drv 0000:00:1f.0) = vfio-pci && test $(drv 0000:00:1f.2) = vfio-pci && test $(drv 0000:00:1f.3) = vfio-pci"
	run sofvfio unbind 0000:00:1f.3
	check "unbind gives ahci and i801_smbus back, 00:1f.0 stays unbound" same "$b2" "$(snap 0000:00:1f.3)"

	run sofvfio bind 0000:00:1b.7
	check "bind of a missing function: exit 1, 'no such PCI function'" sh -c "test $st = 1 && grep -q 'no such PCI function' $out"
	run sofvfio bind nonsense
	check "bind of a malformed address: exit 1, the expected form" sh -c "test $st = 1 && grep -q 'DDDD:BB:DD.F' $out"
	check "nothing left behind" same "$before" "$(snap $dev)"
}

# ---- scenario two: two functions in one group ----------------------------------
scenario_two() {
	echo "1..12"
	dev2=0000:00:1b.1
	g=$(group_of $dev)
	before=$(snap $dev)
	check "00:1b.0 and 00:1b.1 share IOMMU group $g, both on snd_hda_intel" sh -c \
		"test $(group_of $dev2) = $g && test $(drv $dev) = snd_hda_intel && test $(drv $dev2) = snd_hda_intel"

	run sofvfio bind $dev --dry-run
	check "dry run: 6 sysfs writes, 3 per function" sh -c "test $st = 0 && test \$(grep -c '^echo ' $out) = 6 && grep -q '$dev2 > /sys/bus/pci/drivers/snd_hda_intel/unbind' $out"
	check "dry run changes nothing" same "$before" "$(snap $dev)"

	# vfio-pci not loaded: bind loads it
	rmmod vfio_pci
	run sofvfio bind -v $dev
	check "bind $dev exits 0, loading vfio-pci first" sh -c \
		"test $st = 0 && grep -qx 'modprobe vfio-pci' $out && test -d /sys/bus/pci/drivers/vfio-pci"
	check "both functions on vfio-pci" sh -c "test $(drv $dev) = vfio-pci && test $(drv $dev2) = vfio-pci"
	check "state file has both members" sh -c "test \$(tr -d ' \\n' <$state/bind-$g.json | grep -o '\"driver\":\"snd_hda_intel\"' | wc -l) = 2"
	run sofvfio info -d $dev2
	check "sofvfio info works on the other function" sh -c "test $st = 0 && grep -q 'group status: .*VIABLE' $out"
	run sofvfio unbind $dev2
	check "unbind (by the other function) restores both" st0_same "$before" "$(snap $dev)"
	check "both cards back in /proc/asound/cards, no state file" clean_and_cards $dev $dev2

	# the 5th write is the second function's unbind: the first is already
	# on vfio-pci and must be rolled back too
	SOFVFIO_BIND_FAIL_AT=5 run sofvfio bind $dev
	check "failing step on the second member: exit 1, both rolled back" sh -c \
		"test $st = 1 && grep -q 'failed at $dev2' $out && grep -q 'rolled back: $dev2 (snd_hda_intel), $dev (snd_hda_intel)' $out"
	check "rollback restored both driver links and overrides" same "$before" "$(snap $dev)"
	check "rollback: both cards back, no state file" clean_and_cards $dev $dev2
}

# ---- scenario noiommu ------------------------------------------------------------
scenario_noiommu() {
	echo "1..5"
	run sofvfio doctor $dev
	check "doctor exits 1 without an IOMMU" st_is 1
	check "doctor says the IOMMU is off and what to add" sh -c \
		"grep -q '^FAIL  IOMMU: off' $out && grep -Eq 'fix: add (intel|amd)_iommu=on to the kernel command line' $out"
	before=$(drv $dev)
	run sofvfio bind $dev
	check "bind refuses: no IOMMU group (exit 1)" sh -c "test $st = 1 && grep -q 'has no IOMMU group' $out"
	check "bind without IOMMU changed nothing" sh -c "test $(drv $dev) = $before && test ! -e $state"
	run sofvfio status
	check "status: no IOMMU" has "vfio: no IOMMU"
}

case $scenario in
one) scenario_one ;;
two) scenario_two ;;
noiommu) scenario_noiommu ;;
*) echo "Bail out! unknown scenario '$scenario'"; exit 2 ;;
esac
exit $failed
