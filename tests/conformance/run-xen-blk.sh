#!/bin/bash
# Suite "rumpuser-xen-blk": the Xen block backend tests of the guest
# conformance image, booted as a domU with two disks in the emulated Xen
# host (tools/rumpxen host). Writes the guest's result lines, prefixed.
# usage: run-xen-blk.sh IMAGE RESULT_FILE LOG_DIR
set -u
image=${1:?image}
result=${2:?result file}
logdir=${3:?log dir}
mkdir -p "$logdir" "$(dirname "$result")"
: > "$result"
say() { echo "$*" >> "$result"; echo "$*"; }

launcher=tools/rumpxen
if [ ! -x "$launcher" ] || [ ! -f tools/launcher/host_cmd.py ]; then
	say "skip - xen blk backend # no launcher (tools/rumpxen host)"
	exit 0
fi
size=1048576
cat > "$logdir/batch.sh" <<SCRIPT
dd if=/dev/zero of=/tmp/blk0 bs=1024 count=$((size / 1024)) 2>/dev/null
dd if=/dev/zero of=/tmp/blk1 bs=1024 count=64 2>/dev/null
rx-run -M 64 -T 200 -b /tmp/blk0 -b /tmp/blk1,ro /root/conformance -- blk $size
echo "@@rx-status \$?"
SCRIPT
"$launcher" host -T 900 --log "$logdir/host.log" --file "$image:/root/conformance" \
	"$logdir/batch.sh" > "$logdir/out.log" 2>&1
rc=$?
status=$(sed -n 's/^@@rx-status \([0-9]*\).*/\1/p' "$logdir/out.log" | tail -1)
if [ -z "$status" ]; then
	say "not ok - xen blk backend: emulated host failed (status $rc, see $logdir/host.log)"
	exit 0
fi
tr -d '\r' < "$logdir/out.log" | grep -E '^(ok|not ok|skip) - ' | sed -E 's/^(ok|not ok|skip) - /\1 - guest: /' >> "$result"
if [ "$status" -eq 0 ]; then
	say "ok - xen blk backend: guest exited 0"
else
	say "not ok - xen blk backend: guest exited $status (see $logdir/out.log)"
fi
exit 0
