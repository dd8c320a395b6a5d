#!/bin/bash
# Suite "rumpuser-xen-devices": the guest conformance image run as domUs
# in the emulated Xen host (tools/rumpxen host), once with two disks (the
# Xen block backend; dom0 serves blkback's counters to it with
# tests/xendrivers/vbd-stats-dom0.sh) and once with a vif on the dom0
# bridge (the Xen network backend under virtif). Writes the guests'
# result lines.
# usage: run-xen-devices.sh IMAGE RESULT_FILE LOG_DIR
set -u
image=${1:?image}
result=${2:?result file}
logdir=${3:?log dir}
mkdir -p "$logdir" "$(dirname "$result")"
: > "$result"
say() { echo "$*" >> "$result"; }

launcher=tools/rumpxen
if [ ! -x "$launcher" ] || [ ! -f tools/host/host_cmd.py ]; then
	say "skip - xen blk backend # no launcher (tools/rumpxen host)"
	say "skip - xen net backend # no launcher (tools/rumpxen host)"
	exit 0
fi
size=1048576
mac=00:16:3e:aa:bb:70
cat > "$logdir/batch.sh" <<SCRIPT
dd if=/dev/zero of=/tmp/blk0 bs=1024 count=$((size / 1024)) 2>/dev/null
dd if=/dev/zero of=/tmp/blk1 bs=1024 count=64 2>/dev/null
echo "@@case blk"
rx-run -M 64 -T 200 --dom0 /root/vbd-stats-dom0.sh -b /tmp/blk0 -b /tmp/blk1,ro \
	/root/conformance -- blk $size
echo "@@status blk \$?"
echo "@@case net"
rx-run -M 64 -T 200 -n xenbr0,mac=$mac /root/conformance -- net $mac
echo "@@status net \$?"
SCRIPT
"$launcher" host -T 900 --log "$logdir/host.log" --file "$image:/root/conformance" \
	--file tests/xendrivers/vbd-stats-dom0.sh:/root/vbd-stats-dom0.sh \
	"$logdir/batch.sh" > "$logdir/out.log" 2>&1
rc=$?
for c in blk net; do
	status=$(sed -n "s/^@@status $c \([0-9]*\).*/\1/p" "$logdir/out.log" | tail -1)
	if [ -z "$status" ]; then
		say "not ok - xen $c backend: not run, emulated host status $rc (see $logdir/host.log)"
		continue
	fi
	tr -d '\r' < "$logdir/out.log" | sed -n "/^@@case $c\$/,/^@@status $c /p" |
		grep -E '^(ok|not ok|skip) - ' | sed -E "s/^(ok|not ok|skip) - /\1 - $c guest: /" >> "$result"
	if [ "$status" -eq 0 ]; then
		say "ok - xen $c backend: guest exited 0"
	else
		say "not ok - xen $c backend: guest exited $status (see $logdir/out.log)"
	fi
done
exit 0
