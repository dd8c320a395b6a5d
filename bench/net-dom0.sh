# Measuring helpers for the network benchmark (busybox sh, in dom0).
# Adaptive pings (-A: the next request leaves when the reply is in)
# measure round trips per second; several at once load the path harder.
up() { cut -d' ' -f1 /proc/uptime; }

# Wait until IP answers (up to 120 s), then warm up ARP and the paths.
bench_wait() { # IP
	n=0
	until ping -q -c 1 -W 1 "$1" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 120 ] || return 1
	done
	ping -q -c 20 -A "$1" >/dev/null 2>&1
	return 0
}

# Print one "@@net ..." line.
measure() { # GUEST IP TEST SIZE COUNT FLOWS
	t0=$(up)
	f=0
	pids=
	while [ $f -lt "$6" ]; do
		ping -q -A -W 2 -c "$5" -s "$4" "$2" >"/tmp/bench.$f" 2>&1 &
		pids="$pids $!"
		f=$((f + 1))
	done
	# Only our pings: the caller may have guests running in the background.
	for p in $pids; do wait "$p"; done
	t1=$(up)
	recv=0
	f=0
	while [ $f -lt "$6" ]; do
		r=$(sed -n 's/.* transmitted, \([0-9]*\) packets received.*/\1/p' "/tmp/bench.$f")
		recv=$((recv + ${r:-0}))
		f=$((f + 1))
	done
	echo "@@net guest=$1 test=$3 size=$4 flows=$6 sent=$(($5 * $6)) recv=$recv t0=$t0 t1=$t1"
}
