#!/bin/bash
# Emulated-host checks of the network benchmark guest (net-bench): bad
# settings and a missing peer or vif end it with a clear message and
# the documented status (never a hang), and a short run in each
# direction against dom0's net-peer delivers what it reports.
# Writes "ok - / not ok - " lines to RESULTS.
# usage: net-guest-check.sh NET_BENCH NET_PEER RESULTS
set -u
image=${1:?net-bench image}
peer=${2:?net-peer}
results=${3:?results file}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/net-guest-check.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

cat >"$work/job.sh" <<'JOB'
. /root/net-dom0.sh
chmod +x /root/net-peer
PATH=/root:$PATH
# expect NAME STATUS PATTERN RX-RUN-ARGS...: the guest's status and a
# console line matching PATTERN.
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	rx-run -T 60 -M 16 "$@" /root/net-bench >/tmp/o 2>&1
	got=$?
	if [ $got -ne "$want" ]; then
		echo "RESULT not ok - net-bench: $name: status $got, want $want: $(tr -d '\r' </tmp/o | tail -n 3 | tr '\n' ' ')"
	elif ! tr -d '\r' </tmp/o | grep -q -- "$pattern"; then
		echo "RESULT not ok - net-bench: $name: no line matching \"$pattern\": $(tr -d '\r' </tmp/o | tail -n 3 | tr '\n' ' ')"
	else
		echo "RESULT ok - net-bench: $name"
	fi
}
vif="xenbr0,mac=$RX_MAC"
expect "no bench_mode" 2 "set bench_mode=tx or bench_mode=rx" -n "$vif"
expect "unknown bench_mode" 2 'got "txx"' -n "$vif" -e bench_mode=txx
expect "frame below 60 bytes" 2 'bad bench_size="59"' -n "$vif" -e bench_mode=tx -e bench_size=59
expect "frame above 1514 bytes" 2 'bad bench_size="1515"' -n "$vif" -e bench_mode=rx -e bench_size=1515
expect "count not a number" 2 'bad bench_count="lots"' -n "$vif" -e bench_mode=tx -e bench_count=lots
expect "no vif" 1 "netbench: no vif" -e bench_mode=tx
expect "no dom0 peer" 1 "no GO from dom0 within 2 s" -n "$vif" -e bench_mode=rx -e bench_wait=2

# Short runs with dom0's side: what dom0 counts must match what the
# guest sent, and the other way round.
GUEST_WAIT=60 BLAST_S=1
ours_test tx-check:tx:200:3000 >/tmp/r
rc=$(sed -n 's/^@@rc ours tx-check //p' /tmp/r)
sent=$(sed -n 's/^@@r ours tx-check netbench tx frames=\([0-9]*\) .*/\1/p' /tmp/r)
counted=$(sed -n 's/^@@r ours tx-check netpeer count frames=\([0-9]*\) .* sent=\([0-9]*\)$/\1 \2/p' /tmp/r)
if [ "$rc" = 0 ] && [ -n "$sent" ] && [ "$counted" = "$sent 3000" ] && [ "$sent" -gt 0 ]; then
	echo "RESULT ok - net-bench: tx run: $sent frames put on the ring, dom0 counted them all"
else
	echo "RESULT not ok - net-bench: tx run: status $rc, sent $sent, dom0 counted/told $counted: $(tr '\n' ' ' </tmp/r)"
fi
ours_test rx-check:rx:1514:0 >/tmp/r
rc=$(sed -n 's/^@@rc ours rx-check //p' /tmp/r)
sent=$(sed -n 's/^@@r ours rx-check netpeer blast frames=\([0-9]*\) .*/\1/p' /tmp/r)
got=$(sed -n 's/^@@r ours rx-check netbench rx frames=\([0-9]*\) .* sent=\([0-9]*\)$/\1 \2/p' /tmp/r)
set -- $got
if [ "$rc" = 0 ] && [ -n "$sent" ] && [ "${2:-}" = "$sent" ] && [ "${1:-0}" -gt 0 ] &&
	[ "$1" -le "$sent" ]; then
	echo "RESULT ok - net-bench: rx run: dom0 sent $sent frames, the guest counted $1"
else
	echo "RESULT not ok - net-bench: rx run: status $rc, dom0 sent $sent, guest counted/told $got: $(tr '\n' ' ' </tmp/r)"
fi
JOB
"$here/../tools/rumpxen" host -T 600 --file "$image:net-bench" --file "$peer:net-peer" \
	--file "$here/net-dom0.sh:net-dom0.sh" "$work/job.sh" >"$work/out" 2>&1
rc=$?
tr -d '\r' <"$work/out" | sed -n 's/^RESULT //p' >"$results"
if [ $rc -ne 0 ]; then
	echo "not ok - net-bench: emulated host exited with status $rc: $(tail -n 5 "$work/out" | tr '\n' ' ')" >>"$results"
fi
grep -q . "$results" || echo "not ok - net-bench: no result from the emulated host" >>"$results"
exit 0
