#!/bin/sh
# guest-nested.sh L2DIR OUTDIR - in the outer emulated guest (L1, booted
# --no-bind --with-qemu: snd-hda-intel on QEMU's intel-hda at 00:1b.0, behind
# intel-iommu), pass that function through to an inner guest (L2, exported by
# `sofvfio-guest --export L2DIR --passthrough 0000:00:1b.0`) and check that
# L2's snd-hda-intel sees the same codec L1's does. TAP, busybox sh.
#
# L2 runs, in order: cat /proc/asound/card0/codec#0; guest-proc-parity.sh
# (L2's kernel dump vs `sofvfio codecs` through L2's own vfio-pci); dmesg.
# Their outputs land in OUTDIR/1..3 (emu/guest/l2-guest); OUTDIR/2 is TAP
# for the caller to append (qtest/guest/tap-join.sh).
set -u
dev=0000:00:1b.0 l2=${1:?L2DIR} out=${2:?OUTDIR}
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
l1=/tmp/l1-codec0

echo "1..6"
cat "/proc/asound/card0/codec#0" >"$l1" 2>/dev/null
check "L1: snd-hda-intel probed the codec ($(head -n 1 "$l1" 2>/dev/null))" grep -q '^Codec: ' "$l1"

# Still on snd-hda-intel: l2-guest must refuse, naming the fix, before QEMU.
l2-guest "$l2" "$out" >/dev/null 2>/tmp/l2-refused.err
st=$?
sed 's/^/# /' /tmp/l2-refused.err
check "l2-guest refuses $dev while snd-hda-intel has it, and says to run sofvfio bind" \
	sh -c "test $st = 99 && grep -q 'cannot be passed through' /tmp/l2-refused.err &&
		grep -q 'sofvfio bind $dev' /tmp/l2-refused.err && test ! -s $l2/qemu.err"

sofvfio bind "$dev" >/tmp/bind.log 2>&1
st=$?
sed 's/^/# /' /tmp/bind.log
check "L1: sofvfio bind moved $dev (and its IOMMU group) to vfio-pci" test $st = 0

t0=$(date +%s)
l2-guest "$l2" "$out" >/dev/null 2>/tmp/l2.err
rc=$?
sed 's/^/# /' /tmp/l2.err
check "L2 booted with $dev passed through and ran its commands ($(( $(date +%s) - t0 )) s, status $rc)" \
	test -e "$out/done"

check "L2: snd-hda-intel probed the passed-through codec" grep -q '^Codec: ' "$out/1"
if cmp -s "$l1" "$out/1"; then
	ok "L2's codec dump (/proc/asound/card0/codec 0) equals L1's, $(wc -l <"$l1") lines"
else
	diff -u "$l1" "$out/1" 2>&1 | sed 's/^/# /'
	notok "L2's codec dump (/proc/asound/card0/codec 0) differs from L1's (diff above)"
fi
# L2's kernel log, for the timing of its boot and what it said about the
# IOMMU, vfio and the HDA function.
sed 's/^/# L2: /' "$out/3" 2>/dev/null
exit 0
