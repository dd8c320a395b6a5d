# Runs in dom0 next to the gnttab_basic guest in "peer" mode (rx-run
# --dom0): waits for the guest's grant references, runs gntpeer on
# them, and passes the mapped / release / unmapped steps through
# xenstore. gntpeer's verdict lines go to the log with the guest's.
base=/local/domain/$RX_DOMID/data/gnttest
dir=$(dirname "$0")

wait_key() { # path -> value on stdout, fails after 60 s
	i=0
	while [ $i -lt 600 ]; do
		v=$(xenstore-read "$1" 2>/dev/null) && [ -n "$v" ] && { echo "$v"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

refs=$(wait_key $base/refs) || { echo "not ok - gntpeer: guest published no refs"; exit 1; }
set -- $refs
hold=/tmp/gntpeer.hold.$$ ready=/tmp/gntpeer.ready.$$
touch $hold
rm -f $ready
"$dir/gntpeer" "$RX_DOMID" "$1" "$2" $hold $ready &
pid=$!
i=0
while [ ! -e $ready ] && [ $i -lt 600 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
[ -e $ready ] && xenstore-write $base/mapped 1
wait_key $base/release >/dev/null
rm -f $hold
wait $pid
rc=$?
xenstore-write $base/unmapped 1
rm -f $ready
exit $rc
