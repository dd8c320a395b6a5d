# dom0 side of the network benchmark (busybox sh). Env: BENCH_IP (the
# guest), BENCH_GUEST (a label). Adaptive pings (-A: the next request
# leaves when the reply is in) measure round trips per second; several
# at once load the path harder. Prints "@@net ..." lines.
up() { cut -d' ' -f1 /proc/uptime; }

n=0
until ping -q -c 1 -W 1 "$BENCH_IP" >/dev/null 2>&1; do
	n=$((n + 1))
	[ $n -lt 120 ] || { echo "@@fail $BENCH_GUEST: $BENCH_IP never answered"; exit 0; }
done
# Warm up ARP caches and the guest's paths.
ping -q -c 20 -A "$BENCH_IP" >/dev/null 2>&1

measure() { # TEST SIZE COUNT FLOWS
	t0=$(up)
	f=0
	while [ $f -lt "$4" ]; do
		ping -q -A -W 2 -c "$3" -s "$2" "$BENCH_IP" >"/tmp/bench.$f" 2>&1 &
		f=$((f + 1))
	done
	wait
	t1=$(up)
	recv=0
	f=0
	while [ $f -lt "$4" ]; do
		r=$(sed -n 's/.* transmitted, \([0-9]*\) packets received.*/\1/p' "/tmp/bench.$f")
		recv=$((recv + ${r:-0}))
		f=$((f + 1))
	done
	echo "@@net guest=$BENCH_GUEST test=$1 size=$2 flows=$4 sent=$(($3 * $4)) recv=$recv t0=$t0 t1=$t1"
}

measure small-1 56 2000 1
measure small-4 56 1000 4
measure mtu-1 1472 1000 1
measure mtu-4 1472 500 4
echo "@@done $BENCH_GUEST"
