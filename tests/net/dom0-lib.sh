# Helpers for the network tests' dom0 scripts (busybox sh). Results go
# to stdout as "RESULT ok - NAME" / "RESULT not ok - NAME: WHY" lines.

result_ok() { echo "RESULT ok - $1"; }
result_fail() { echo "RESULT not ok - $1: $2"; }

# Wait until IP answers a ping (up to $2 seconds, default 60).
wait_reachable() {
	n=0
	while [ $n -lt "${2:-60}" ]; do
		ping -q -c 1 -W 1 "$1" >/dev/null 2>&1 && return 0
		n=$((n + 1))
	done
	return 1
}

# "received" count of a busybox ping summary on stdin.
ping_received() {
	sed -n 's/.* transmitted, \([0-9]*\) packets received.*/\1/p' | head -n1
}

# Ask pingable in domain $1 to stop.
stop_guest() {
	xenstore-write "/local/domain/$1/data/pingable-stop" 1
}

# The neighbour entry of IP must carry MAC (lower case).
check_neighbour() {
	entry=$(ip neigh show "$2" 2>/dev/null | tr 'A-F' 'a-f')
	case $entry in
	*"lladdr $3"*) result_ok "$1" ;;
	*) result_fail "$1" "neighbour entry of $2 is '$entry', expected lladdr $3" ;;
	esac
}

# ping -c COUNT with OPTIONS; pass when every reply came back.
ping_all() {
	name=$1 ip=$2 count=$3
	shift 3
	got=$(ping -q -c "$count" -W 3 "$@" "$ip" 2>&1 | ping_received)
	if [ "${got:-0}" -eq "$count" ]; then
		result_ok "$name"
	else
		result_fail "$name" "${got:-0} of $count replies"
	fi
}
