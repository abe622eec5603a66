#!/bin/sh
# guest-smoke.sh - TAP checks of `sofvfio info` and `sofvfio config` output,
# run inside the emulated guest (busybox sh) on $SOFVFIO_DEVICE.
#
# Expected values come from the environment (set by qtest/guest/meson.build):
#   EXPECT_DEVID   PCI device id of the controller (2668 intel-hda, 293e ich9)
#   EXPECT_MSI     1 when the controller has MSI (msi=on), 0 otherwise
#   EXPECT_PATH    the kernel interface the plain address must take: group
#                  (default; kernels without iommufd) or iommufd
#   MODE=noiommu   the guest runs without an IOMMU: check the advice instead
set -u
dev=${SOFVFIO_DEVICE:?SOFVFIO_DEVICE is not set}
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { # DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
has() { grep -q -e "$1" "$2"; }   # PATTERN FILE
into() { out=$1; shift; "$@" >"$out" 2>$err; } # FILE COMMAND...: stdout to FILE

info=/tmp/info.out config=/tmp/config.out err=/tmp/err.out

if [ "${MODE:-}" = noiommu ]; then
	echo "1..3"
	sofvfio info -d "$dev" >/dev/null 2>$err
	st=$?
	sed 's/^/# /' $err
	check "info without an IOMMU exits 1" test $st = 1
	check "the message says there is no IOMMU group" has "has no IOMMU group" $err
	check "and how to turn the IOMMU on" sh -c "grep -q 'intel_iommu=on' $err && grep -q '/sys/kernel/iommu_groups is empty' $err"
	exit $failed
fi

echo "1..19"
path=${EXPECT_PATH:-group}

check "sofvfio info exits 0" into $info sofvfio info -d "$dev"
sed 's/^/# /' $info $err
check "title names the controller ($EXPECT_DEVID)" has "PCI id: 8086:$EXPECT_DEVID" $info
check "info: the plain address took the $path path" has "^vfio path: $path (" $info
if [ "$path" = iommufd ]; then
	check "info: bound through the device cdev" has '^device cdev: /dev/vfio/devices/vfio[0-9]* (devid [0-9]*, page table [0-9]*)$' $info
	# IOMMU_IOAS_IOVA_RANGES after the attach: the MSI window 0xfee00000 is cut out.
	check "info: IOAS ranges around the MSI window" has '^iova ranges: \[0x0-0xfedfffff\] \[0xfef00000-0x' $info
else
	check "info: VFIO API and TYPE1v2 IOMMU" sh -c "grep -q '^vfio api version: 0' $info && grep -q '^iommu type: TYPE1v2' $info"
	check "info: group viable and in a container" has '^group status: .* VIABLE CONTAINER_SET' $info
fi
check "info: PCI device flag" has '^Device flags: .* PCI' $info
check "info: 9 regions, one line each" sh -c "grep -q '^Regions: 9$' $info && test \$(grep -c '^Region [0-8] ' $info) = 9"
check "info: BAR0 16 KiB, R W MMAP" has '^Region 0 BAR0: size 0x4000 (16 KiB), offset 0x0, flags 0x7 R W MMAP$' $info
check "info: config region 256 bytes, R W" has '^Region 7 CONFIG: size 0x100 (256 bytes), offset 0x[0-9a-f]*, flags 0x3 R W$' $info
check "info: 5 IRQ indices" sh -c "grep -q '^IRQ indices: 5$' $info && test \$(grep -c '^IRQ [0-4] ' $info) = 5"
check "info: INTx automasked eventfd" has '^IRQ 0 INTx: count 1, flags 0x7 EVENTFD MASKABLE AUTOMASKED$' $info
if [ "$EXPECT_MSI" = 1 ]; then
	check "info: MSI, 1 vector" has '^IRQ 1 MSI: count 1, flags 0x9 EVENTFD NORESIZE$' $info
else
	check "info: no MSI (msi=off)" has '^IRQ 1 MSI: count 0, .*(not implemented)$' $info
fi

check "sofvfio config exits 0" into $config sofvfio config -d "$dev"
sed 's/^/# /' $config $err
check "config: title and 16 rows" sh -c "head -n 1 $config | grep -q '^00:1b.0 ' && test \$(grep -c '^[0-9a-f]0: ' $config) = 16"
check "config: vendor 8086, device $EXPECT_DEVID" has "^00: 86 80 $(echo "$EXPECT_DEVID" | sed 's/\(..\)\(..\)/\2 \1/') " $config
check "config: rows equal the sysfs config file" sh -c "od -An -tx1 -v /sys/bus/pci/devices/$dev/config | head -n 16 | sed 's/^ *//' >/tmp/sys.hex; sed -n 's/^[0-9a-f]0: //p' $config | cmp -s - /tmp/sys.hex"

# status and doctor show the device cdev and whether iommufd is there.
status=/tmp/status.out doctor=/tmp/doctor.out
sofvfio status >$status 2>&1; sofvfio doctor "$dev" >$doctor 2>&1
sed 's/^/# /' $status $doctor
if [ "$path" = iommufd ]; then
	check "status: the cdev, and iommufd there" has '^    vfio cdev: /dev/vfio/devices/vfio[0-9]*, iommufd: yes (/dev/iommu)$' $status
	check "doctor: /dev/iommu usable, the device cdev" sh -c "grep -q '^ok    iommufd: /dev/iommu: read/write for you' $doctor && grep -q '^ok    device cdev: /dev/vfio/devices/vfio[0-9]*\$' $doctor"
else
	check "status: no cdev, no iommufd" has '^    vfio cdev: none, iommufd: no$' $status
	check "doctor: no iommufd, no cdev: the group path" sh -c "grep -q '^ok    iommufd: no /dev/iommu .*group/container path' $doctor && grep -q '^ok    device cdev: none (kernel without CONFIG_VFIO_DEVICE_CDEV)' $doctor"
fi

# A function that does not exist: status 1 and the advice.
sofvfio info -d 0000:00:1f.7 >/dev/null 2>$err
st=$?
cat $err | sed 's/^/# /'
check "info on a missing function fails with advice" sh -c "test $st = 1 && grep -q 'no such PCI function' $err && grep -q 'lspci -D' $err"
exit $failed
