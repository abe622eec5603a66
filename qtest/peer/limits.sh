#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# limits.sh - what QEMU's own vfio-user server (7.2) does not do, met by the
# client as clear errors rather than as wrong answers.  Prints TAP.
#
#   limits.sh SOFVFIO WITH-QEMU [WITH-QEMU-OPTIONS...]
#
# - One client per lifetime: the second `sofvfio` against the same server
#   fails with exit 1 and says the server takes one client per lifetime.
# - No message-path DMA (DMA maps without an fd are ignored): with
#   SOFVFIO_VFU_DMA=message the bring-up fails, saying the device's DMA
#   does not reach memory and naming the setting, instead of listing a
#   codec of vendor 0x00000000.
# - BARs answer once placed: the same server, the same client, `codecs`
#   works (it fails with "vfu: invalid address" without BAR placement).
set -uo pipefail

sofvfio=${1:?sofvfio binary}
withqemu=${2:?with-qemu}
shift 2
peer=("$withqemu" "$@")
dir=$(mktemp -d "${TMPDIR:-/tmp}/peer-limits.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
show() { sed 's/^/# /' "$@"; }

"${peer[@]}" -- true 2>"$dir/probe.err"
if [ $? = 77 ]; then
	echo "1..0 # SKIP $(tail -n 1 "$dir/probe.err")"
	exit 0
fi

# expect NAME STATUS CMD...: CMD exits STATUS; its stderr is kept in $dir/err.
expect() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$dir/out" 2>"$dir/err"
	rc=$?
	show "$dir/out" "$dir/err"
	[ $rc = "$want" ] || { echo "# exit $rc, want $want"; not_ok "$name"; return 1; }
	return 0
}

if expect "codecs through QEMU's server (BARs placed at open)" 0 \
	"${peer[@]}" -- bash -c '"$1" codecs' bash "$sofvfio"; then
	if grep -q "^Vendor Id: 0x1af4" "$dir/out"; then
		ok "codecs through QEMU's server (BARs placed at open): vendor 0x1af4"
	else
		not_ok "codecs through QEMU's server: no QEMU codec listed"
	fi
fi

# Two clients, one after the other, against one QEMU.
if expect "a second client" 0 "${peer[@]}" -- bash -c \
	'"$1" info >/dev/null || exit 3; "$1" info >/dev/null 2>"$2"; [ $? = 1 ]' bash \
	"$sofvfio" "$dir/second.err"; then
	show "$dir/second.err"
	if grep -q "connection refused" "$dir/second.err" &&
	   grep -q "one client per lifetime" "$dir/second.err"; then
		ok "a second client is refused, and the error says the server takes one client per lifetime"
	else
		not_ok "a second client: the error does not say why"
	fi
fi

if expect "message-path DMA" 1 "${peer[@]}" -- env SOFVFIO_VFU_DMA=message "$sofvfio" codecs; then
	if grep -q "never reached memory" "$dir/err" && grep -q "SOFVFIO_VFU_DMA=message" "$dir/err" &&
	   [ "$(wc -l <"$dir/err")" = 1 ] && ! grep -q "0x00000000" "$dir/out"; then
		ok "message-path DMA: one error saying the DMA does not reach memory, no codec 0x00000000"
	else
		not_ok "message-path DMA: not the clear error"
	fi
fi

echo "1..$n"
[ $failed = 0 ]
