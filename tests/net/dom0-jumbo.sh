# dom0 side of the jumbo-frame test (scatter-gather): raise the vif's
# and the bridge's MTU to 9000 (netback allows more than 1500 only for a
# frontend with feature-sg), ping across page boundaries in both
# directions with every reply's data checked (icmp_check), then raise
# the MTU above the guest's frame limit and check that such frames are
# dropped (the guest counts them) while jumbo pings keep working.
# Env: NET_IP, RX_DOMID; JUMBO_CASE names the results (default jumbo).
. /root/dom0-lib.sh

prefix=${JUMBO_CASE:-jumbo}
vif=vif$RX_DOMID.0
finish() {
	stop_guest "$RX_DOMID"
	# The bridge keeps an MTU set by hand; give later cases the default.
	ip link set xenbr0 mtu 1500 2>/dev/null
	exit 0
}

# icmp_check NAME SIZE COUNT: every reply present and byte-exact.
checked_ping() {
	if out=$(/root/icmp_check "$NET_IP" "$2" "$3" 2>&1); then
		result_ok "$1"
	else
		result_fail "$1" "$(echo "$out" | tail -n 2 | tr '\n' ' ')"
	fi
}

if ! wait_reachable "$NET_IP" 90; then
	result_fail ${prefix}_reachable "no reply from $NET_IP within 90 s"
	finish
fi
result_ok ${prefix}_reachable
if ip link set "$vif" mtu 9000 2>/tmp/mtu.log && ip link set xenbr0 mtu 9000 2>>/tmp/mtu.log; then
	result_ok ${prefix}_mtu_9000_accepted
else
	result_fail ${prefix}_mtu_9000_accepted "$(tr '\n' ' ' </tmp/mtu.log)"
	finish
fi
ip link show "$vif"

# Frame = data + 42 bytes. 4054: exactly one page; 4055: one byte into
# a second slot; 8150/8151: around two pages; 8972: an MTU-sized
# datagram (9014-byte frame, three slots).
for size in 1473 2000 4000 4054 4055 4096 5000 8000 8150 8151 8972; do
	checked_ping "${prefix}_ping_checked_$size" "$size" 5
done
ping_all ${prefix}_busybox_ping_8000 "$NET_IP" 5 -s 8000
out=$(ping -q -i 0.005 -c 300 -W 3 -s 8000 "$NET_IP" 2>&1)
got=$(echo "$out" | ping_received)
lost=$((300 - ${got:-0}))
echo "jumbo flood: 300 sent, ${got:-0} received, $lost lost"
if [ "$lost" -le 6 ]; then
	result_ok ${prefix}_flood_loss_under_2pct
else
	result_fail ${prefix}_flood_loss_under_2pct "$lost of 300 lost"
fi

# Above the guest's limit (9018-byte frames): 9100 data bytes make a
# 9142-byte frame. The guest must drop them (and count them), answer
# nothing, and go on answering jumbo pings.
if ip link set "$vif" mtu 9500 2>/tmp/mtu.log && ip link set xenbr0 mtu 9500 2>>/tmp/mtu.log; then
	got=$(ping -q -c 3 -W 2 -s 9100 "$NET_IP" 2>&1 | ping_received)
	if [ "${got:-0}" -eq 0 ]; then
		result_ok ${prefix}_oversize_not_answered
	else
		result_fail ${prefix}_oversize_not_answered "$got replies to 9142-byte frames"
	fi
	checked_ping ${prefix}_ping_after_oversize 8000 5
else
	result_fail ${prefix}_oversize_not_answered "cannot set MTU 9500: $(tr '\n' ' ' </tmp/mtu.log)"
fi
finish
