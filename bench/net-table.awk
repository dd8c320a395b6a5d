# The network benchmark's table, from the "@@" lines of net-host.sh
# (load bench/figures.awk first). Variables: rounds; tcp, 1 when TCP
# was measured, else why not.
# Each run's figures become samples keyed WHO SUBSEP NAME; a run
# that printed no receiver figure, or whose launcher failed, counts as
# failed.
function rate(test, frames, bytes, ns) {
	# Small frames in thousands of frames/s, MTU frames and TCP in MB/s.
	return test ~ /small/ ? frames / ns * 1e6 : bytes / ns * 1e3
}
/^@@r / {
	who = $2; test = $3; prog = $4; role = $5
	frames = field("frames", 6); bytes = field("bytes", 6); ns = field("ns", 6) + 0
	if ((prog == "netpeer" || prog == "netbench") && ns > 0) {
		if (role == "count" || role == "rx") { sample(who SUBSEP test " recv", rate(test, frames, bytes, ns)); got = frames }
		if (role == "tx" || role == "blast") { sample(who SUBSEP test " sent", rate(test, frames, bytes, ns)); put = frames }
		if (role == "tcp-up") { sample(who SUBSEP "tcp up", rate(test, 0, bytes, ns)); got = 1 }
		if (role == "tcp-down") sample(who SUBSEP "tcp down", rate(test, 0, bytes, ns))
	} else if (prog == "net-peer:" || prog == "netbench:" || prog == "rx-run:" || prog == "netbench-linux:") {
		# Progress lines are not news; anything else (errors) is.
		if ($0 !~ /: ready, mode|listening on port|exit 0$|without an exit status; reporting 0/)
			notes[who " " test ": " substr($0, index($0, prog))]++
	}
	next
}
/^@@rc / {
	who = $2; test = $3
	runs[who]++
	if ($4 != 0 || (test != "ping" && got == "")) { failed[who SUBSEP test]++; nfailed[who]++ }
	else if (put > 0) sample(who SUBSEP test " delivered", 100 * got / put)
	got = ""; put = ""
	next
}
/^@@net / {
	for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	if (v["t1"] - v["t0"] > 0) sample(v["guest"] SUBSEP v["test"] " rtt", v["recv"] / (v["t1"] - v["t0"]))
	if (v["recv"] < v["sent"]) lost[v["guest"] " " v["test"]] += v["sent"] - v["recv"]
	next
}
/^@@skip tcp/ { if (tcp == 1) tcp = "not measured: the guest image did not reach dom0"; next }
/^@@fail / { print "  " substr($0, 8); next }
/^@@note / { notes[substr($0, 8)]++; next }
/^@@segfaults/ { seg = substr($0, 3); next }
function row(label, k,   o, l) {
	o = med("ours" SUBSEP k); l = med("linux" SUBSEP k)
	printf "  %-40s %9s %9s %11s\n", label, cell(o), cell(l), ratio(o, l)
}
END {
	printf "network, one dom0 boot, %d rounds alternating ours / Linux PV guest, medians\n", rounds
	printf "  %-40s %9s %9s %11s\n", "", "ours", "Linux PV", "ours/Linux"
	print "  raw frames guest -> dom0 (counted by dom0):"
	row("60-byte frames, kpps", "tx-small recv")
	row("  offered by the guest, kpps", "tx-small sent")
	row("  delivered, %", "tx-small delivered")
	row("1514-byte frames, MB/s", "tx-mtu recv")
	row("  offered by the guest, MB/s", "tx-mtu sent")
	row("  delivered, %", "tx-mtu delivered")
	print "  raw frames dom0 -> guest (counted by the guest):"
	row("60-byte frames, kpps", "rx-small recv")
	row("  offered by dom0, kpps", "rx-small sent")
	row("  delivered, %", "rx-small delivered")
	row("1514-byte frames, MB/s", "rx-mtu recv")
	row("  offered by dom0, MB/s", "rx-mtu sent")
	row("  delivered, %", "rx-mtu delivered")
	if (tcp == 1) {
		print "  TCP (ours: NetBSD rump kernel; timed by dom0):"
		row("dom0 -> guest, MB/s", "tcp up")
		row("guest -> dom0, MB/s", "tcp down")
	} else {
		print "  TCP: " tcp
	}
	print "  ping round trips (both guests up at once; ours: pingable):"
	row("56-byte, round trips/s", "ping-small rtt")
	row("1472-byte, round trips/s", "ping-mtu rtt")
	row("56-byte, 4 flows, round trips/s", "ping-small-4 rtt")
	for (w in runs) printf "  %s: %d runs, %d failed\n", w == "ours" ? "ours" : "Linux PV", runs[w], nfailed[w]
	for (k in failed) { split(k, p, SUBSEP); printf "  failed runs: %s %s: %d\n", p[1], p[2], failed[k] }
	for (k in lost) printf "  ping %s: %d requests unanswered\n", k, lost[k]
	for (k in notes) print "  " k
	if (seg != "") print "  " seg
}
