#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# server-killed.sh - the vfio-user server dies (SIGKILL, as `kill -9`) or
# hangs at many points of a whole session: open, bring-up, codec
# enumeration, play, record, close.  `sofvfio-emu --die-after N` answers N
# commands and dies when the next arrives; N runs over the session (every
# command of the first 80, then a stride through the rest, to the end).
# `--hang-after N` keeps the socket open and answers nothing more, at a few
# points, with a short reply timeout.  Each run must end with exit status 1
# and one error line that names the server (its socket) and the step, within
# the deadline, with no GLib warning or critical (G_DEBUG=fatal-warnings
# turns them into a crash), nothing leaked (under ASan, LSan fails the exit).
# Prints TAP.
#
#   server-killed.sh SOFVFIO SOFVFIO-EMU
set -uo pipefail

sofvfio=${1:?sofvfio binary}
emu=${2:?sofvfio-emu binary}
dir=$(mktemp -d "${TMPDIR:-/tmp}/server-killed.XXXXXX") || exit 1
emu_pid=
real_pid=
cleanup() {
	[ -z "$emu_pid" ] || { kill -KILL "$real_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; }
	rm -rf "$dir"
}
trap cleanup EXIT
export G_DEBUG=fatal-warnings
# Every step of the session names itself in the error (driver layers' prefixes).
STEPS='opening the device|HDA controller bring-up|enumerating codec|setting up (playback|capture)|playback|capture|closing the device'
DEADLINE_S=${SERVER_KILLED_DEADLINE_S:-4}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# start_emu [EMU-OPTIONS...]: a fresh mock on $dir/s, waited for (bounded).
# It runs under a subshell that reaps it the moment it dies (so "is it
# alive" is true to the instant, and its SIGKILL is no job notice of ours).
start_emu() {
	rm -f "$dir/s" "$dir/pid"
	( "$emu" --socket "$dir/s" --pidfile "$dir/pid" --source tone:1000 --log-level info \
		"$@" >"$dir/emu.log" 2>&1 </dev/null; true ) 2>/dev/null &
	emu_pid=$!
	for ((i = 0; i < 200; i++)); do
		[ -S "$dir/s" ] && [ -s "$dir/pid" ] && { real_pid=$(cat "$dir/pid"); return 0; }
		kill -0 "$emu_pid" 2>/dev/null || break
		sleep 0.02
	done
	echo "# sofvfio-emu did not come up:"
	sed 's/^/# /' "$dir/emu.log"
	return 1
}

reap_emu() {
	[ -n "$emu_pid" ] || return 0
	kill -KILL "$real_pid" 2>/dev/null
	wait "$emu_pid" 2>/dev/null
	emu_pid=
}

# The commands of each session, counted on a mock that lives through it.
play=(play --tone 1000 --duration 0.2)
record=(record --duration 0.2 "$dir/rec.wav")
count_cmds() {
	start_emu --log-level debug || return 1
	"$sofvfio" "$@" -d "vfio-user:$dir/s" >/dev/null 2>"$dir/count.err" ||
		{ sed 's/^/# /' "$dir/count.err"; reap_emu; return 1; }
	reap_emu
	grep -c 'dispatch: .* (id ' "$dir/emu.log"
}

# one_fault NAME die|hang N CMD...: the mock dies (hangs) after N commands of CMD's session.
one_fault() {
	local name=$1 fault=$2 after=$3 rc start end ms lines fired
	shift 3
	start_emu "--$fault-after" "$after" || { not_ok "$name: mock up"; return; }
	start=$(date +%s%N)
	"$sofvfio" "$@" -d "vfio-user:$dir/s" >"$dir/out" 2>"$dir/err"
	rc=$?
	end=$(date +%s%N)
	ms=$(((end - start) / 1000000))
	# Did the fault happen?  Sessions vary by a few commands (interrupt timing).
	fired=1
	if [ "$fault" = die ]; then
		# (its reaper may be a moment behind the client noticing: bounded)
		for ((i = 0; i < 50; i++)); do
			kill -0 "$real_pid" 2>/dev/null || break
			sleep 0.02
		done
		! kill -0 "$real_pid" 2>/dev/null || fired=0
	else
		grep -q hanging "$dir/emu.log" || fired=0
	fi
	reap_emu
	lines=$(wc -l <"$dir/err")
	if [ $fired = 0 ] && [ $rc = 0 ] && [ "$lines" = 0 ]; then
		skip "$name, server ${fault}s after $after commands" \
			"this session took $after commands or fewer: no fault to meet"
	elif [ $fired = 1 ] && [ $rc = 1 ] && [ "$lines" = 1 ] && grep -qF "$dir/s" "$dir/err" &&
	   grep -qE "$STEPS" "$dir/err" && [ $ms -lt $((DEADLINE_S * 1000)) ]; then
		ok "$name, server ${fault}s after $after commands: $(cut -c1-200 "$dir/err") (${ms} ms)"
	else
		echo "# exit $rc after ${ms} ms, $lines line(s) on stderr (want exit 1, one line naming" \
		     "$dir/s and the step, under ${DEADLINE_S} s):"
		sed 's/^/#   /' "$dir/err"
		not_ok "$name, server ${fault}s after $after commands"
	fi
}

# session NAME CMD...: every command of the first 80, then a stride to the end.
session() {
	local name=$1 total k last
	shift
	total=$(count_cmds "$@") || { not_ok "$name: a whole session on a live mock"; return; }
	echo "# $name: $total commands in a whole session"
	[ "$total" -gt 100 ] || { not_ok "$name: only $total commands counted"; return; }
	# (the last few commands vary by a few from run to run: interrupt timing)
	last=$((total - 5))
	for ((k = 0; k < last; k += (k < 80 ? 1 : 13))); do
		one_fault "$name" die "$k" "$@"
	done
	one_fault "$name" die "$last" "$@"
	# Hung: the reply timeout is the deadline (short here).
	for k in 0 3 30 $((total / 2)) "$last"; do
		SOFVFIO_VFU_TIMEOUT_MS=300 one_fault "$name" hang "$k" "$@"
	done
}

session play "${play[@]}"
session record "${record[@]}"
# Enumeration alone (codecs): the same through its own steps.
session codecs codecs

echo "1..$n"
[ $failed = 0 ]
