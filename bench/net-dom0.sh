# Measuring helpers for the network benchmark (busybox sh, in dom0):
# ping round trips, and runs of one guest at a time with net-peer (below).
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

# --- one guest at a time: raw frames and TCP ---
# Our guests use RX_MAC/RX_IP, the Linux guest LINUX_MAC/LINUX_IP (the
# emulated host's DHCP server pins 00:16:3e:52:58:NN to 10.0.0.NN).
# A test is NAME:MODE:SIZE:COUNT (MODE tx, rx or tcp); our guest boots
# once per test (its settings are per boot), the Linux guest once for
# a list of tests (net-linux-init runs them in order; each step starts
# when dom0's net-peer sends GO or connects).
RX_MAC=00:16:3e:aa:bb:70
RX_IP=10.0.0.70
LINUX_MAC=00:16:3e:52:58:47
LINUX_IP=10.0.0.71
GUEST_WAIT=120

# Run a command in the background as job NAME: its pid in
# /tmp/NAME.pid, its exit status in /tmp/NAME.rc once it has ended.
bg_job() { # NAME COMMAND...
	job=$1
	shift
	rm -f "/tmp/$job.pid" "/tmp/$job.rc"
	("$@" &
	echo $! >"/tmp/$job.pid"
	wait $!
	echo $? >"/tmp/$job.rc") &
}
stop_job() { [ -e "/tmp/$1.rc" ] || kill "$(cat "/tmp/$1.pid" 2>/dev/null)" 2>/dev/null; }

# Start a guest: rx-run ARGS..., its output in /tmp/guest.log.
start_guest() { bg_job guest rx-run "$@" >/tmp/guest.log 2>&1; }

# Wait for the guest's rx-run; returns its status.
guest_done() {
	wait
	return "$(cat /tmp/guest.rc 2>/dev/null || echo 125)"
}

# One step of dom0's side, net-peer ARGS..., beside the running guest;
# its output in /tmp/peer.out. When the guest has been gone for 5 s
# dom0's side is stopped (it would wait for a peer that no longer
# exists); when dom0's side fails the guest is stopped (it may wait for
# ever).
peer_step() {
	bg_job peer net-peer "$@" >/tmp/peer.out 2>&1
	gone=0
	while [ ! -e /tmp/peer.rc ] && [ $gone -lt 25 ]; do
		[ -e /tmp/guest.rc ] && gone=$((gone + 1))
		sleep 0.2
	done
	if [ ! -e /tmp/peer.rc ]; then
		stop_job peer
		echo "net-peer: stopped, the guest had gone" >>/tmp/peer.out
		while [ ! -e /tmp/peer.rc ]; do sleep 0.1; done
	fi
	[ "$(cat /tmp/peer.rc)" = 0 ] || stop_job guest
}

# dom0's side of test NAME:MODE:SIZE:COUNT against the guest at MAC/IP.
peer_test() { # TEST MAC IP
	local name mode size count
	IFS=: read -r name mode size count <<EOT
$1
EOT
	case $mode in
	tx) peer_step count xenbr0 "$2" $((GUEST_WAIT + 30)) ;;
	rx) peer_step blast xenbr0 "$2" "$size" "$BLAST_S" $((GUEST_WAIT + 30)) ;;
	tcp) peer_step tcp-client "$3" 5001 "$TCP_MIB" $((GUEST_WAIT + 30)) ;;
	esac
}

# Print one test's lines, "@@r WHO NAME " before each: dom0's (file
# PEER_OUT) and the guest's (stdin), then "@@rc WHO NAME STATUS".
report() { # WHO NAME STATUS PEER_OUT
	sed "s/^/@@r $1 $2 /" "$4"
	tr -d '\r' | grep -a '^netbench\|^net-peer\|^rx-run' | sed "s/^/@@r $1 $2 /"
	echo "@@rc $1 $2 $3"
}

ours_test() { # NAME:MODE:SIZE:COUNT
	local name mode size count
	IFS=: read -r name mode size count <<EOT
$1
EOT
	if [ "$mode" = tcp ]; then
		start_guest -T 300 -M 64 -n "xenbr0,mac=$RX_MAC" -e "ip=$RX_IP/24" \
			-e "bench_mib=$TCP_MIB" /root/net-tcp-bench
	else
		start_guest -T 300 -M 16 -n "xenbr0,mac=$RX_MAC" -e "bench_mode=$mode" \
			-e "bench_size=$size" -e "bench_count=$count" -e "bench_wait=$GUEST_WAIT" \
			/root/net-bench
	fi
	peer_test "$1" $RX_MAC $RX_IP
	guest_done
	report ours "$name" $? /tmp/peer.out </tmp/guest.log
}

# All tests in one Linux boot. The guest tags its lines "@nb NAME ".
linux_tests() { # NAME:MODE:SIZE:COUNT...
	local t name rc
	start_guest -T 600 -M 128 -n "xenbr0,mac=$LINUX_MAC" --ramdisk /root/netguest.cpio \
		/root/vmlinux -- quiet rdinit=/bin/net-linux-init "nbwait=$GUEST_WAIT" \
		"nbtests=$(echo "$*" | tr ' ' ,)" "nbip=$LINUX_IP/24" "nbmib=$TCP_MIB"
	for t in "$@"; do
		peer_test "$t" $LINUX_MAC $LINUX_IP
		mv /tmp/peer.out "/tmp/peer.${t%%:*}"
	done
	guest_done
	rc=$?
	for t in "$@"; do
		name=${t%%:*}
		tr -d '\r' </tmp/guest.log | sed -n "s/^@nb $name //p; /^rx-run/p" |
			report linux "$name" $rc "/tmp/peer.$name"
	done
}
