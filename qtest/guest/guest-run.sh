#!/bin/bash
# guest-run.sh LAUNCHER [LAUNCHER-ARGS...] - run a TAP-speaking program in
# the emulated guest (emu/guest/sofvfio-guest) for a meson TAP test.
#
# The program's TAP goes to stdout as is.  When the guest cannot run here
# (no QEMU, no kernel image, no launcher) a TAP skip plan with the reason is
# printed instead; when the guest itself fails, a "Bail out!" with the
# launcher's own words.
set -uo pipefail

launcher=$1; shift
skip() { echo "1..0 # SKIP $*"; exit 0; }

[[ -x $launcher ]] || skip "the guest launcher $launcher is missing"
qemu=${SOFVFIO_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null || skip "$qemu not found (install qemu-system-x86)"
compgen -G '/boot/vmlinuz-*' >/dev/null ||
	skip "no /boot/vmlinuz-* kernel image (install linux-image-amd64)"

errf=$(mktemp "${TMPDIR:-/tmp}/guest-run.XXXXXX")
outf=$(mktemp "${TMPDIR:-/tmp}/guest-run.XXXXXX")
trap 'rm -f "$errf" "$outf"' EXIT
# A guest silent for this long (no console, no TAP) is stopped as hung.
stall=${SOFVFIO_GUEST_STALL:-150}
run_guest() {
	"$launcher" "$@" --stall "$stall" >"$outf" 2> >(tee "$errf" >&2)
	rc=$?
	wait # the tee
}
run_guest "$@"
# A TCG guest has been seen (about once in a few hundred boots) to stop dead:
# its CPU idle, no output after some point; the launcher stops it after
# $stall s without output (status 124, as at its timeout).  When that
# happens before any test failed, the boot is
# repeated once and the first attempt's output kept as TAP comments, so the
# log shows it.  A hang that is the driver's own repeats, and fails.
if [[ $rc == 124 ]] && ! grep -q '^not ok' "$outf"; then
	echo "# the guest stopped making progress until its timeout (launcher status 124)" \
		"before any test failed; its output, then one more boot:"
	sed 's/^/# attempt 1: /' "$outf"
	run_guest "$@"
fi
cat "$outf"
case $rc in
0) ;;
77)	# the launcher's own skip, or the program's (which printed its TAP plan)
	grep -q "sofvfio-guest: skip:" "$errf" &&
		skip "$(grep -m1 'skip:' "$errf" | sed 's/.*skip: //')"
	exit 0 ;;
2|99|124|129|130|143)
	echo "Bail out! the guest did not run the tests (launcher status $rc): $(tail -n 1 "$errf")"
	;;
esac
exit "$rc"
