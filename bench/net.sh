#!/bin/bash
# Network benchmark: round trips per second and throughput between dom0
# and a guest over xenbr0, small (56-byte ping) and MTU (1472-byte ping)
# frames, one and four flows; for the pingable guest (netfront and the
# platform API) and, when the Linux PV test guest can be built, for
# Linux running beside it on the same emulated host, the measurements
# alternating between the two. Prints figures and ratios.
# usage: net.sh PINGABLE_IMAGE
set -u
image=${1:?pingable image}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

extra=()
if host=$("$top/tools/emuhost/assemble.sh" 2>/dev/null | tail -n1) && [ -f "$host/vmlinux" ] &&
	"$top/tests/launcher/guest/make-initrd.sh" "$host" "$work/guest.cpio" 2>/dev/null; then
	extra=(--file "$host/vmlinux:vmlinux" --file "$work/guest.cpio:guest.cpio")
else
	echo "net bench: the Linux PV guest is unavailable; measuring rumpxen only"
fi

"$top/tools/rumpxen" host -T 1500 --file "$image:pingable" \
	--file "$top/bench/net-dom0.sh:net-dom0.sh" "${extra[@]}" \
	"$top/bench/net-host.sh" >"$work/out" 2>&1
rc=$?
grep -a '^@@\|stats' "$work/out" | tr -d '\r' | awk -v rc=$rc '
/^@@net/ {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	secs = v["t1"] - v["t0"]
	if (secs <= 0) secs = 0.01
	key = v["guest"] " " v["test"]
	# Rounds add up: the figure is over all rounds of a test.
	recv[key] += v["recv"]; sent[key] += v["sent"]; time[key] += secs; size[key] = v["size"]
	flows[key] = v["flows"]
	tests[v["test"]] = 1; guests[v["guest"]] = 1
	next
}
{ print }
END {
	for (g in guests) for (t in tests) {
		key = g " " t
		if (!(key in recv)) continue
		rtt[key] = recv[key] / time[key]
		# Frames both ways; IP bytes = ICMP payload + 8 + 20.
		mbit = recv[key] * 2 * (size[key] + 28) * 8 / time[key] / 1e6
		printf "%-8s %-8s size %4d flows %d: %5d/%5d replies in %6.2f s: %8.1f round trips/s, %6.2f Mbit/s IP both ways\n",
			g, t, size[key], flows[key], recv[key], sent[key], time[key], rtt[key], mbit
	}
	for (t in tests) {
		a = "rumpxen " t; b = "linux " t
		if ((a in rtt) && (b in rtt) && rtt[b] > 0)
			printf "ratio rumpxen/linux %-8s: %.2f\n", t, rtt[a] / rtt[b]
	}
	if (rc != 0) printf "net bench: rumpxen host exited with status %d\n", rc
}'
