# Runs in dom0 next to a guest test (rx-run --dom0): answers the guest's
# requests for blkback's per-vbd counters, see vbd_stats.h for the
# protocol. Ends when the guest says "done" or its domain is gone.
base=/local/domain/$RX_DOMID/data/vbdstats
last=
while xenstore-read "/local/domain/$RX_DOMID/name" >/dev/null 2>&1; do
	req=$(xenstore-read "$base/req" 2>/dev/null)
	[ "$req" = done ] && exit 0
	if [ -n "$req" ] && [ "$req" != "$last" ]; then
		set -- $req
		stats=/sys/bus/xen-backend/devices/vbd-$RX_DOMID-$2/statistics
		if [ -r "$stats/f_req" ]; then
			ans="$1 $(cat "$stats/rd_req") $(cat "$stats/wr_req") $(cat "$stats/f_req")"
		else
			ans="$1 none"
		fi
		xenstore-write "$base/ans" "$ans"
		last=$req
	fi
	sleep 0.05
done
exit 0
