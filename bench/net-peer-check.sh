#!/bin/sh
# Host checks of the network benchmark's helper and frame format:
# net_proto's parser, net-peer's refusal of bad arguments, timeouts
# without a peer (no hang), TCP over loopback, and (as root, which
# AF_PACKET needs) both raw-frame directions over the loopback device.
# Writes "ok - / not ok - / skip - " lines to RESULTS.
# usage: net-peer-check.sh NET_PEER NET_PROTO_TEST RESULTS
peer=${1:?net-peer}
proto=${2:?net_proto_test}
results=${3:?results file}
work=$(mktemp -d "${TMPDIR:-/tmp}/net-peer-check.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
: >"$results"

ok() { echo "ok - net-peer: $1" >>"$results"; }
notok() { echo "not ok - net-peer: $1: $2" >>"$results"; }

"$proto" >>"$results" || grep -q '^not ok' "$results" ||
	notok "net_proto_test" "failed without saying which check"

# expect NAME STATUS MESSAGE-PATTERN ARGS...: exit STATUS, stderr matching.
expect() {
	name=$1 want=$2 pattern=$3
	shift 3
	timeout 20 "$peer" "$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ $got -ne "$want" ]; then
		notok "$name" "exit $got, want $want ($(head -c 200 "$work/err"))"
	elif ! grep -q -- "$pattern" "$work/err"; then
		notok "$name" "no message matching \"$pattern\" (got: $(head -c 200 "$work/err"))"
	else
		ok "$name"
	fi
}
expect "unknown role" 2 "usage:" fly lo
expect "missing arguments" 2 "usage:" count lo
expect "bad MAC" 2 "bad MAC" count lo 00:16:3e:zz:00:01 5
expect "MAC with trailing text" 2 "bad MAC" count lo 00:16:3e:00:00:01x 5
expect "frame too small" 2 "bad size" tx lo 59 10 5
expect "frame too large" 2 "bad size" tx lo 1515 10 5
expect "zero count" 2 "bad count" tx lo 60 0 5
expect "negative wait" 2 "bad wait" rx lo -1 100
expect "bad IPv4 address" 2 "bad IPv4" tcp-client 10.0.0.300 5001 1 5
expect "port out of range" 2 "bad port" tcp-serve 70000 1 5
expect "closed port gives up" 1 "gave up after 1 s" tcp-client 127.0.0.1 1 1 1
expect "no client gives up" 1 "no connection within 1 s" tcp-serve 15002 1 1

# TCP over loopback: both ends print their figures for 2 MiB each way.
port=$((20000 + $$ % 20000))
timeout 30 "$peer" tcp-serve $port 2 10 >"$work/serve" 2>&1 &
spid=$!
timeout 30 "$peer" tcp-client 127.0.0.1 $port 2 10 >"$work/client" 2>&1
crc=$?
wait $spid
src=$?
if [ $crc -eq 0 ] && [ $src -eq 0 ] &&
	grep -q '^netpeer tcp-up bytes=2097152 ns=[0-9]*$' "$work/client" &&
	grep -q '^netpeer tcp-down bytes=2097152 ns=[0-9]*$' "$work/client" &&
	grep -q '^netbench tcp-sink bytes=2097152 ns=[0-9]*$' "$work/serve" &&
	grep -q '^netbench tcp-source bytes=2097152 ns=[0-9]*$' "$work/serve"; then
	ok "TCP 2 MiB each way over loopback"
else
	notok "TCP 2 MiB each way over loopback" "client $crc, server $src: $(cat "$work/client" "$work/serve" | tr '\n' ' ' | head -c 300)"
fi

if [ "$(id -u)" != 0 ]; then
	for n in "no GO gives up" "no DATA gives up" "frames to the counter" "frames from the blaster"; do
		echo "skip - net-peer: $n # AF_PACKET needs root" >>"$results"
	done
	exit 0
fi
# Loopback's MAC is all zeros; each end also sees the other's frames
# (and its own, which it ignores).
lo_mac=00:00:00:00:00:00
expect "no GO gives up" 1 "no GO within 1 s" rx lo 1 100
expect "no DATA gives up" 1 "no DATA within 1 s" count lo $lo_mac 1

timeout 30 "$peer" count lo $lo_mac 10 >"$work/count" 2>&1 &
cpid=$!
timeout 30 "$peer" tx lo 100 500 10 >"$work/tx" 2>&1
trc=$?
wait $cpid
crc=$?
if [ $trc -eq 0 ] && [ $crc -eq 0 ] &&
	grep -q '^netbench tx frames=500 bytes=50000 ns=[0-9]* drops=0$' "$work/tx" &&
	grep -q '^netpeer count frames=500 bytes=50000 ns=[0-9]* sent=500$' "$work/count"; then
	ok "frames to the counter: 500 sent, 500 counted"
else
	notok "frames to the counter" "tx $trc, count $crc: $(cat "$work/tx" "$work/count" | tr '\n' ' ' | head -c 300)"
fi

timeout 30 "$peer" rx lo 10 500 >"$work/rx" 2>&1 &
rpid=$!
timeout 30 "$peer" blast lo $lo_mac 1514 1 10 >"$work/blast" 2>&1
brc=$?
wait $rpid
rrc=$?
sent=$(sed -n 's/^netpeer blast frames=\([0-9]*\) .*/\1/p' "$work/blast")
got=$(sed -n 's/^netbench rx frames=\([0-9]*\) .*/\1/p' "$work/rx")
told=$(sed -n 's/^netbench rx .* sent=\([0-9]*\)$/\1/p' "$work/rx")
# A flood may overflow the receiver's socket on a busy machine, so only
# 0 < counted <= sent is certain; the END frame must carry the count.
if [ $brc -eq 0 ] && [ $rrc -eq 0 ] && [ -n "$sent" ] && [ -n "$got" ] && [ "$got" -gt 0 ] &&
	[ "$got" -le "$sent" ] && [ "$told" = "$sent" ]; then
	ok "frames from the blaster: $sent sent, $got counted, END carried the count"
else
	notok "frames from the blaster" "blast $brc, rx $rrc: $(cat "$work/blast" "$work/rx" | tr '\n' ' ' | head -c 300)"
fi
exit 0
