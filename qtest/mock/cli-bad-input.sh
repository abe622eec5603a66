#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# cli-bad-input.sh SOFVFIO SOFVFIO_EMU - every subcommand given missing,
# malformed and hostile arguments, on the mock ($SOFVFIO_DEVICE from
# lib/with-emu): each must exit non-zero (not by a signal), within 20 s,
# with an error on stderr naming what was wrong, and no GLib critical,
# sanitizer report or crash.  TAP.
set -u
cli=$1
emu=$2
dev=${SOFVFIO_DEVICE:?run under lib/with-emu}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli-bad.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# A WAV whose fmt chunk says 0 channels; a directory; an empty file.
printf 'RIFF\044\000\000\000WAVEfmt \020\000\000\000\001\000\000\000\200\273\000\000\000\000\000\000\000\000\020\000data\000\000\000\000' \
	>"$tmp/zero-channels.wav"
mkdir "$tmp/dir"
: >"$tmp/empty"

# check PATTERN COMMAND...: non-zero exit, stderr matching PATTERN (extended regex).
check() {
	local pattern=$1 rc err
	shift
	n=$((n + 1))
	timeout 20 "$@" >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	err=$(tr '\n' ' ' <"$tmp/err" | cut -c1-240)
	if [ $rc -eq 124 ]; then
		echo "not ok $n - $* hangs (no exit within 20 s)"
	elif [ $rc -eq 0 ] || [ $rc -ge 126 ]; then
		echo "not ok $n - $*: exit $rc (want an error exit: not 0, not a signal, not 'cannot run'); stderr: $err"
	elif grep -qE 'CRITICAL|WARNING \*\*|runtime error|Sanitizer|Segmentation' "$tmp/err"; then
		echo "not ok $n - $*: a bug report on stderr: $err"
	elif ! grep -qiE -- "$pattern" "$tmp/err"; then
		echo "not ok $n - $*: stderr does not say /$pattern/: $err"
	else
		echo "ok $n - $* (exit $rc): $err"
		return
	fi
	failed=$((failed + 1))
}

s=$cli
check 'Usage' "$s"
check "unknown command 'nosuch'" "$s" nosuch
check 'no device given' env -u SOFVFIO_DEVICE "$s" info
check "'bogus!!' is not a PCI address" "$s" info -d 'bogus!!'
check "'0000:zz:1f.3' is not a PCI address" "$s" info -d 0000:zz:1f.3
check 'no vfio-user server at /nonexistent/sock' "$s" info -d vfio-user:/nonexistent/sock
check 'no socket path' "$s" info -d vfio-user:
check "$tmp/dir is not a socket" "$s" info -d "vfio-user:$tmp/dir"
check 'unknown controller' "$s" info -d qtest:no-such-controller
check "unexpected argument 'extra'" "$s" info -d "$dev" extra
check "unexpected argument 'extra'" "$s" config -d "$dev" extra
check '--format must be proc, json or dot' "$s" codecs -d "$dev" --format nope
check 'NID and VERB are required' "$s" verb -d "$dev"
check 'NID must be a number' "$s" verb -d "$dev" zz GET_PARAMETER
check "verb '0x1000000000' is not a number" "$s" verb -d "$dev" 0 0x1000000000
check "unknown verb 'NOSUCHVERB'" "$s" verb -d "$dev" 0 NOSUCHVERB
check 'give a FILE.wav or --tone' "$s" play -d "$dev"
check '/nonexistent.wav: no such file' "$s" play -d "$dev" /nonexistent.wav
check "$tmp/dir: not an audio file" "$s" play -d "$dev" "$tmp/dir"
check 'zero-channels.wav: .*(channel count is zero|0 channels)' "$s" play -d "$dev" "$tmp/zero-channels.wav"
check "$tmp/empty: not an audio file" "$s" play -d "$dev" "$tmp/empty"
check '--tone -1000: give a frequency above 0' "$s" play -d "$dev" --tone -1000
check '--tone 1e\+12: give a frequency' "$s" play -d "$dev" --tone 1e12
check '--duration -1: give seconds' "$s" play -d "$dev" --tone 1000 --duration -1
check '--duration 1e\+30: give seconds' "$s" play -d "$dev" --tone 1000 --duration 1e30
check '--duration inf: give seconds' "$s" play -d "$dev" --tone 1000 --duration inf
check 'parse double value .abc. for --duration' "$s" play -d "$dev" --tone 1000 --duration abc
check '--periods 100000: 2 to' "$s" play -d "$dev" --tone 1000 --periods 100000
check 'give one OUT.wav' "$s" record -d "$dev"
check '--duration -5: give seconds' "$s" record -d "$dev" "$tmp/out.wav" --duration -5
check "$tmp/dir: cannot create" "$s" record -d "$dev" "$tmp/dir" --duration 0.05
check '/nonexistent/dir/out.wav: cannot create' "$s" record -d "$dev" /nonexistent/dir/out.wav --duration 0.05
check 'which PCI function' "$s" bind
check "'zz' is not a PCI address" "$s" bind zz
check "'0000:00:99.9' is not a PCI address" "$s" unbind 0000:00:99.9
check "unexpected argument 'zz'" "$s" status zz
check "'zz' is not a PCI address" "$s" doctor zz
check '/nonexistent: cannot read the firmware file' "$s" dsp fw-info /nonexistent
check "$tmp/dir: is a directory" "$s" dsp fw-info "$tmp/dir"
check "$tmp/empty: the file is empty" "$s" dsp fw-info "$tmp/empty"
check '--firmware FILE is required' "$s" dsp boot -d "$dev"
check 'not an Intel audio DSP' "$s" dsp info -d "$dev"
# --ipc commands are checked before the firmware file or the device is touched.
check 'unknown IPC command "frobnicate"' "$s" dsp boot -d "$dev" --firmware /nonexistent --ipc frobnicate
check 'ping takes no argument' "$s" dsp boot -d "$dev" --firmware /nonexistent --ipc ping=3
check '"0x1zz" is not a 32-bit number' "$s" dsp boot -d "$dev" --firmware /nonexistent --ipc gate=0x1zz
check '"" is not a 32-bit number' "$s" dsp boot -d "$dev" --firmware /nonexistent --ipc core-enable=

e=$emu
check '--socket PATH is required' "$e"
check 'unknown codec "nonsense"' "$e" --socket "$tmp/s1" --codec nonsense
check 'bad --pace warp' "$e" --socket "$tmp/s2" --pace warp
check 'cannot listen on /nonexistent/dir/s' "$e" --socket /nonexistent/dir/s
check 'unknown --dsp "zzz"' "$e" --socket "$tmp/s3" --dsp zzz
check '/nonexistent.wav' "$e" --socket "$tmp/s4" --source /nonexistent.wav

echo "1..$n"
[ $failed -eq 0 ]
