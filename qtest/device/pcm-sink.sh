#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# pcm-sink.sh - end-to-end audio checks that need the device side to finish
# writing its WAV sink before the file is analysed (QEMU writes the header on
# exit, sofvfio-emu on SIGTERM).  Prints TAP.
#
#   pcm-sink.sh qtest SOFVFIO WAVCHECK [QTEST-OPTIONS]
#   pcm-sink.sh mock  SOFVFIO WAVCHECK WITH-EMU EMU
#   pcm-sink.sh guest SOFVFIO WAVCHECK LAUNCHER [LAUNCHER-OPTIONS...]
#   pcm-sink.sh peer  SOFVFIO WAVCHECK WITH-QEMU CODEC [WITH-QEMU-OPTIONS...]
#
# Every play is 1 s of 1 kHz at -6.02 dBFS, 48 kHz, 16 bit, stereo, checked
# with: frequency within 1 %, AES17 level within 1 dB on both channels, no
# digital silence longer than 1 ms inside the tone, tone at least 0.9 s.
set -uo pipefail

mode=${1:?mode: qtest, mock or guest}
sofvfio=${2:?sofvfio binary}
wavcheck=${3:?wavcheck binary}
shift 3

dir=$(mktemp -d "${TMPDIR:-/tmp}/pcm-sink.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
n=0
failed=0
TONE=(--tone 1000 --duration 1 --level -6.02)
CHECK=(--expect-freq 1000 --expect-level -6.02 --tolerance-db 1 --max-gap-ms 1 --channels 2
       --min-duration 0.9 --max-duration 1.2 --rate 48000 --bits 16)

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# Indent a log as TAP comments.
show() { sed 's/^/# /' "$@"; }

# check NAME WAV [WAVCHECK-OPTIONS]: run wavcheck, report its verdict.
check() {
	local name=$1 wav=$2
	shift 2
	if "$wavcheck" "$wav" "$@" >"$dir/check.log" 2>&1; then
		show "$dir/check.log"
		ok "$name"
	else
		show "$dir/check.log"
		not_ok "$name"
	fi
}

# expect_fail NAME PATTERN CMD...: CMD must exit 1 and say PATTERN on stderr.
expect_fail() {
	local name=$1 pattern=$2 rc
	shift 2
	"$@" >"$dir/out.log" 2>"$dir/err.log"
	rc=$?
	show "$dir/err.log"
	if [[ $rc == 1 ]] && grep -qF -- "$pattern" "$dir/err.log"; then
		ok "$name"
	else
		echo "# expected exit 1 and '$pattern', got exit $rc"
		not_ok "$name"
	fi
}

# Bad input: what needs no device at all.
bad_files() {
	local dev=$1
	printf 'this is not audio\n' >"$dir/notes.wav"
	expect_fail "a file that is not audio is refused, naming it" \
		"$dir/notes.wav: not an audio file" "$sofvfio" play -d "$dev" "$dir/notes.wav"
	expect_fail "a missing file is refused" "no such file" \
		"$sofvfio" play -d "$dev" "$dir/none.wav"
	if command -v python3 >/dev/null; then
		python3 - "$dir" <<'EOF'
import struct, sys, wave
d = sys.argv[1]
def pcm(name, ch, width, rate=48000, frames=4800):
    w = wave.open(f"{d}/{name}", "wb")
    w.setnchannels(ch); w.setsampwidth(width); w.setframerate(rate)
    w.writeframes(bytes([0x80 if width == 1 else 0]) * (ch * width * frames)); w.close()
pcm("six.wav", 6, 2)
pcm("u8.wav", 2, 1)
pcm("r8k.wav", 2, 2, rate=8000)
# IEEE float (format tag 3), stereo, 48 kHz
data = b"\0" * (4800 * 8)
fmt = struct.pack("<HHIIHH", 3, 2, 48000, 48000 * 8, 8, 32)
with open(f"{d}/float.wav", "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
    f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)
EOF
		expect_fail "float samples are refused, naming the file" \
			"$dir/float.wav: 32 bit float samples" "$sofvfio" play -d "$dev" "$dir/float.wav"
	else
		skip "float samples are refused" "python3 not found (it writes the test files)"
	fi
}

# Layouts the codec cannot play: the message lists what it supports.
bad_layouts() {
	local dev=$1
	if [[ -e $dir/six.wav ]]; then
		expect_fail "6 channels on a stereo DAC: lists what it supports" \
			"1-2 channels: 6 channels requested" "$sofvfio" play -d "$dev" "$dir/six.wav"
		expect_fail "8-bit samples where only 16 bit exist: lists what it supports" \
			"16 bit, 1-2 channels: 8 bit requested" "$sofvfio" play -d "$dev" "$dir/u8.wav"
		expect_fail "an 8 kHz file on a 16-96 kHz DAC" "Hz, 16 bit, 1-2 channels: 8000 Hz requested" \
			"$sofvfio" play -d "$dev" "$dir/r8k.wav"
	else
		skip "unsupported layouts" "python3 not found (it writes the test files)"
	fi
	expect_fail "--rate 22050 --bits 24: lists what the DAC supports" \
		"supports 16000 22050 32000 44100 48000 88200 96000 Hz, 16 bit, 1-2 channels: 24 bit requested" \
		"$sofvfio" play -d "$dev" --tone 1000 --duration 0.1 --rate 22050 --bits 24
}

# sigint_play DEVICE LOG: a long play, stopped with SIGINT after 3 s.
sigint_play() {
	local dev=$1 log=$2 pid rc
	"$sofvfio" play -d "$dev" --tone 1000 --duration 20 >"$log" 2>&1 &
	pid=$!
	sleep 3
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	show "$log"
	if [[ $rc == 130 ]] && grep -q "^interrupted: yes" "$log"; then
		ok "SIGINT stops playback cleanly (exit 130)"
	else
		echo "# exit $rc"
		not_ok "SIGINT stops playback cleanly (exit 130)"
	fi
}

# sigint_record DEVICE WAV LOG: a long recording, stopped with SIGINT after 3 s.
sigint_record() {
	local dev=$1 wav=$2 log=$3 pid rc frames
	"$sofvfio" record -d "$dev" --duration 20 "$wav" >"$log" 2>&1 &
	pid=$!
	sleep 3
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	show "$log"
	frames=$(sed -n 's/^written: .* (\([0-9]*\) frames)$/\1/p' "$log")
	if [[ $rc == 130 ]] && grep -q "^interrupted: yes" "$log" && [[ ${frames:-0} -gt 24000 ]]; then
		ok "SIGINT stops recording cleanly (exit 130, $frames frames kept)"
	else
		echo "# exit $rc, frames '${frames:-}'"
		not_ok "SIGINT stops recording cleanly (exit 130)"
	fi
	check "the interrupted recording is a valid file of that length" "$wav" --rate 48000 \
		--bits 16 --frames "${frames:-0}"
}

case $mode in
qtest)
	opts=${1:-}
	dev="qtest:${opts}${opts:+,}"
	"$sofvfio" play -d "${dev}wav=$dir/tone.wav" "${TONE[@]}" >"$dir/play.log" 2>&1
	rc=$?; show "$dir/play.log"
	[[ $rc == 0 ]] && grep -q "^underruns: 0" "$dir/play.log" && ok "play a tone (msi/auto)" ||
		not_ok "play a tone (exit $rc)"
	check "the tone reached the sink: 1 kHz, -6.02 dBFS, no gaps" "$dir/tone.wav" "${CHECK[@]}"

	"$sofvfio" play -d "${dev}wav=$dir/poll.wav" --irq poll "${TONE[@]}" >"$dir/poll.log" 2>&1
	rc=$?; show "$dir/poll.log"
	[[ $rc == 0 ]] && grep -q "^interrupts: .*(poll)" "$dir/poll.log" && ok "play with --irq poll" ||
		not_ok "play with --irq poll (exit $rc)"
	check "polled playback reached the sink intact" "$dir/poll.wav" "${CHECK[@]}"

	# A WAV file (written here; without python3 the first sink file is reused).
	infile=$dir/tone.wav
	if command -v python3 >/dev/null; then
		infile=$dir/in.wav
		python3 - "$infile" <<'EOF2'
import math, struct, sys, wave
a = 10 ** (-6.02 / 20) * 32767
w = wave.open(sys.argv[1], "wb")
w.setnchannels(2); w.setsampwidth(2); w.setframerate(48000)
w.writeframes(b"".join(struct.pack("<hh", v, v) for v in
    (round(a * math.sin(2 * math.pi * 1000 * i / 48000)) for i in range(48000))))
w.close()
EOF2
	fi
	"$sofvfio" play -d "${dev}wav=$dir/again.wav" "$infile" >"$dir/file.log" 2>&1
	rc=$?; show "$dir/file.log"
	[[ $rc == 0 ]] && ok "play a WAV file" || not_ok "play a WAV file (exit $rc)"
	check "the file reached the sink intact" "$dir/again.wav" "${CHECK[@]}"

	sigint_play "${dev}wav=$dir/int.wav" "$dir/int.log"
	check "an interrupted playback leaves a valid file" "$dir/int.wav" --expect-freq 1000 \
		--expect-level -6.02 --max-gap-ms 1 --channels 2 --min-duration 1

	# QEMU's wav audiodev has no input voices: record with the `none` one.
	sigint_record "${dev%,}" "$dir/rec.wav" "$dir/rec.log"

	bad_files "${dev%,}"
	bad_layouts "${dev%,}"
	expect_fail "recording from hda-output (no input pin) says why" \
		"codec 0 (QEMU hda-output) has no input path: no connected pin can take input" \
		"$sofvfio" record -d qtest:codec=hda-output --duration 0.1 "$dir/none.wav"
	;;
mock)
	withemu=${1:?with-emu}; emu=${2:?sofvfio-emu}
	"$withemu" "$emu" --sink "$dir/tone.wav" -- \
		bash -c '"$1" play "${@:2}"' bash "$sofvfio" "${TONE[@]}" >"$dir/play.log" 2>&1
	rc=$?; show "$dir/play.log"
	[[ $rc == 0 ]] && ok "play a tone on the mock" || not_ok "play a tone on the mock (exit $rc)"
	check "the tone reached the mock's sink: 1 kHz, -6.02 dBFS, no gaps" "$dir/tone.wav" "${CHECK[@]}"

	"$withemu" "$emu" --source tone:1000 -- \
		sh -c '"$1" record --duration 0.5 "$2"' sh "$sofvfio" "$dir/rec.wav" >"$dir/rec.log" 2>&1
	rc=$?; show "$dir/rec.log"
	[[ $rc == 0 ]] && grep -q "^monotonic: yes" "$dir/rec.log" && grep -q "^overruns: 0" "$dir/rec.log" &&
		ok "record 0.5 s from the mock's 1 kHz source" || not_ok "record from the mock (exit $rc)"
	check "the recording holds 24000 frames of 1 kHz" "$dir/rec.wav" --expect-freq 1000 \
		--channels 2 --frames 24000 --rate 48000 --bits 16

	"$withemu" "$emu" --sink "$dir/poll.wav" -- \
		bash -c '"$1" play --irq poll "${@:2}"' bash "$sofvfio" "${TONE[@]}" >"$dir/poll.log" 2>&1
	rc=$?; show "$dir/poll.log"
	[[ $rc == 0 ]] && ok "play with --irq poll on the mock" || not_ok "play with --irq poll (exit $rc)"
	check "polled playback reached the sink intact" "$dir/poll.wav" "${CHECK[@]}"

	# A codec (from a dump) with a mic and an ADC only.
	micdump=$(dirname "$0")/../data/pcm-mic-only.txt
	expect_fail "a codec without outputs: play says why" \
		"has no output path: no connected pin can output (pins: 0x03 Mic (input only))" \
		"$withemu" "$emu" --codec "dump:$micdump" -- "$sofvfio" play --tone 1000 --duration 0.2
	"$withemu" "$emu" --codec "dump:$micdump" --source tone:440 -- \
		sh -c '"$1" record --duration 0.3 "$2"' sh "$sofvfio" "$dir/mic.wav" >"$dir/mic.log" 2>&1
	rc=$?; show "$dir/mic.log"
	[[ $rc == 0 ]] && grep -q "^path: .*Mic pin 0x03 -> ADC 0x02" "$dir/mic.log" &&
		ok "record through a mic pin" || not_ok "record through a mic pin (exit $rc)"
	check "the mic recording holds 440 Hz" "$dir/mic.wav" --expect-freq 440 --channels 2 \
		--frames 14400
	;;
guest)
	launcher=${1:?launcher}; shift
	"$launcher" "$@" --wav "$dir/tone.wav" --bin "$sofvfio" \
		--run "sofvfio play --tone 1000 --duration 1 --level -6.02" >"$dir/play.log" 2>&1
	rc=$?; show "$dir/play.log"
	if [[ $rc == 77 ]]; then
		echo "1..0 # SKIP the guest cannot run here: $(tail -n 1 "$dir/play.log")"
		exit 0
	fi
	[[ $rc == 0 ]] && grep -q "^underruns: 0" "$dir/play.log" && ok "play a tone in the guest (vfio-pci)" ||
		not_ok "play a tone in the guest (exit $rc)"
	check "the tone reached QEMU's wav audiodev: 1 kHz, -6.02 dBFS, no gaps" "$dir/tone.wav" "${CHECK[@]}"
	;;
peer)
	# QEMU's own vfio-user server, one QEMU per run (one client per lifetime).
	withqemu=${1:?with-qemu}; codec=${2:?codec}; shift 2
	peer=("$withqemu" --codec "$codec" "$@")
	"${peer[@]}" -- true 2>"$dir/probe.err"
	if [[ $? == 77 ]]; then
		echo "1..0 # SKIP $(tail -n 1 "$dir/probe.err")"
		exit 0
	fi
	for irq in auto poll; do
		"${peer[@]}" --wav "$dir/$irq.wav" -- bash -c '"$1" play "${@:2}"' bash "$sofvfio" \
			--irq "$irq" "${TONE[@]}" >"$dir/$irq.log" 2>&1
		rc=$?; show "$dir/$irq.log"
		[[ $rc == 0 ]] && grep -q "^underruns: 0" "$dir/$irq.log" &&
			ok "play a tone through QEMU's vfio-user server (--irq $irq)" ||
			not_ok "play a tone through QEMU's vfio-user server (--irq $irq, exit $rc)"
		check "the tone reached QEMU's wav audiodev: 1 kHz, -6.02 dBFS, no gaps" \
			"$dir/$irq.wav" "${CHECK[@]}"
	done
	if [[ $codec == hda-output ]]; then
		expect_fail "recording from hda-output (no input pin) says why" \
			"codec 0 (QEMU hda-output) has no input path" "${peer[@]}" -- \
			bash -c '"$1" record --duration 0.1 "$2"' bash "$sofvfio" "$dir/none.wav"
	else
		# The none audiodev's input is silence; what matters is the stream moving.
		"${peer[@]}" -- bash -c '"$1" record --duration 0.5 "$2"' bash "$sofvfio" \
			"$dir/rec.wav" >"$dir/rec.log" 2>&1
		rc=$?; show "$dir/rec.log"
		[[ $rc == 0 ]] && grep -q "^monotonic: yes" "$dir/rec.log" &&
			ok "record 0.5 s through QEMU's vfio-user server" ||
			not_ok "record through QEMU's vfio-user server (exit $rc)"
		check "the recording holds 24000 frames" "$dir/rec.wav" --frames 24000 --rate 48000 \
			--bits 16
	fi
	;;
*)
	echo "pcm-sink.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac
echo "1..$n"
[[ $failed == 0 ]]
