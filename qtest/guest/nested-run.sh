#!/bin/bash
# nested-run.sh LAUNCHER SOFVFIO - the nested passthrough test (meson test
# guest-nested-passthrough): prepare the inner guest (L2) on the host with
# `sofvfio-guest --export --passthrough 0000:00:1b.0`, then boot the outer
# one (L1: intel-hda behind intel-iommu, QEMU inside) and run
# guest-nested.sh there, L2's /proc parity TAP appended. TAP on stdout.
set -uo pipefail
launcher=$1 sofvfio=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
guest=$(dirname "$launcher")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nested-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# L2: snd-hda-intel on the passed-through function (--no-bind), waiting long
# for its codec probe (each register access crosses two emulated IOMMUs).
if ! "$launcher" --export "$tmp/l2" --passthrough 0000:00:1b.0 --no-bind --memory 256 \
	--append 'sofvfio.cardwait=900 mitigations=off' --bin "$sofvfio" --bin "$here/guest-proc-parity.sh" \
	--run 'cat /proc/asound/card0/codec#0' --run 'guest-proc-parity.sh' --run 'dmesg' \
	2>"$tmp/export.err"; then
	rc=$?
	[[ $rc == 77 ]] && exec "$here/guest-run.sh" "$launcher" --run true # its skip, reported the same way
	echo "Bail out! preparing the inner guest failed: $(tail -n 1 "$tmp/export.err")"
	exit 1
fi
files=()
for f in kernel base.cpio; do files+=(--file "$tmp/l2/$f:/l2/$f"); done
for f in run.cpio.gz nonce qemu.args commands; do files+=(--run-file "$tmp/l2/$f:/l2/$f"); done
exec "$here/guest-run.sh" "$launcher" --no-bind --with-qemu --memory 1536 --timeout 1700 \
	--append 'sofvfio.cardwait=60' --bin "$sofvfio" --bin "$guest/l2-guest" \
	--bin "$here/guest-nested.sh" --bin "$here/tap-join.sh" "${files[@]}" \
	--run "tap-join.sh nested 'guest-nested.sh /l2 /tmp/l2out' L2 'cat /tmp/l2out/2'"
