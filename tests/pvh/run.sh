#!/bin/bash
# Run the guest-pvh suite: the guest tests booted as PVH, all in one
# boot of the emulated Xen host, and write the suite's result file.
#
# usage: run.sh BUILD_DIR RESULT_FILE
set -u
build=${1:?build dir}
result=${2:?result file}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$build/tests/pvh
mkdir -p "$work" "$(dirname "$result")"
: > "$result"

if ! command -v qemu-system-x86_64 > /dev/null || [ ! -x "$root/tools/rumpxen" ]; then
	echo "skip - guest-pvh # no emulated Xen host here (needs qemu-system-x86_64 and tools/rumpxen)" >> "$result"
	exit 0
fi

python3 "$root/tests/xendrivers/blk_pattern.py" "$work/ro.img" 4096 0x11 &&
	python3 "$root/tests/xendrivers/blk_pattern.py" "$work/expect_rw.img" 4096 0x5a || {
	echo "not ok - guest-pvh: cannot create the disk images" >> "$result"
	exit 0
}

files=()
for f in "$build/apps/hello/hello" "$work/hello-nopvh" "$build/apps/pingable/pingable" \
	"$build/tests/guest/platform" "$build/tests/guest/tls" "$build/tests/guest/console_in" \
	"$build/tests/guest/xs_client" "$build/tests/guest/gnttab_basic" \
	"$build/tests/guest/blk_io" "$build/tests/guest/net_errors" \
	"$build/tests/xendrivers/gntpeer" "$work/ro.img" "$work/expect_rw.img" \
	"$here/pvh-run.sh" "$here/dom0-ping.sh" "$root/tests/guest/dom0/console_in.sh" \
	"$root/tests/xendrivers/gntpeer-dom0.sh" "$root/tests/xendrivers/vbd-stats-dom0.sh"; do
	if [ ! -f "$f" ]; then
		echo "not ok - guest-pvh: $f missing" >> "$result"
		exit 0
	fi
	files+=(--file "$f")
done

# 2 GiB for the emulated machine: one case gives its guest 1200 MiB.
"$root/tools/rumpxen" host -m 2048 -T 1500 --log "$work/host.log" "${files[@]}" \
	"$here/dom0-suite.sh" > "$work/output.txt" 2>&1
rc=$?
tr -d '\r' < "$work/output.txt" | grep -E '^(ok|not ok|skip) - ' >> "$result"
if [ $rc -ne 0 ]; then
	echo "not ok - guest-pvh: emulated host run ended with status $rc (see $work/output.txt)" >> "$result"
elif ! grep -q '^ok - ' "$result"; then
	echo "not ok - guest-pvh: no results from the guests (see $work/output.txt)" >> "$result"
fi
exit 0
