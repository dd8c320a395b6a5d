# dom0 side of the single-vif test: pings of every size up to the MTU,
# a flood with loss counted, the MAC from the configuration in dom0's
# neighbour table; then stops the guest. Env: NET_IP, NET_MAC, RX_DOMID.
. /root/dom0-lib.sh

if ! wait_reachable "$NET_IP" 90; then
	result_fail ping_reachable "no reply from $NET_IP within 90 s"
	stop_guest "$RX_DOMID"
	exit 0
fi
result_ok ping_reachable
for size in 0 1 56 100 1000 1400 1472; do
	ping_all "ping_size_$size" "$NET_IP" 5 -s "$size"
done
# 1473 data bytes need a 1501-byte datagram: dom0 fragments it, and the
# guest answers no fragments, so nothing may come back.
got=$(ping -q -c 2 -W 2 -s 1473 "$NET_IP" 2>&1 | ping_received)
if [ "${got:-0}" -eq 0 ]; then
	result_ok ping_fragments_not_answered
else
	result_fail ping_fragments_not_answered "$got replies to fragmented pings"
fi
check_neighbour mac_from_config "$NET_IP" "$NET_MAC"

# Flood: 3000 small pings at 1 ms intervals; count what is lost.
out=$(ping -q -i 0.001 -c 3000 -W 3 "$NET_IP" 2>&1)
got=$(echo "$out" | ping_received)
lost=$((3000 - ${got:-0}))
echo "flood: 3000 sent, ${got:-0} received, $lost lost"
# The emulated host shares two CPUs with other work: allow 2% loss.
if [ "$lost" -le 60 ]; then
	result_ok "ping_flood_loss_under_2pct"
else
	result_fail "ping_flood_loss_under_2pct" "$lost of 3000 lost"
fi
out=$(ping -q -i 0.001 -c 1000 -W 3 -s 1472 "$NET_IP" 2>&1)
got=$(echo "$out" | ping_received)
lost=$((1000 - ${got:-0}))
echo "flood mtu: 1000 sent, ${got:-0} received, $lost lost"
if [ "$lost" -le 20 ]; then
	result_ok "ping_flood_mtu_loss_under_2pct"
else
	result_fail "ping_flood_mtu_loss_under_2pct" "$lost of 1000 lost"
fi
stop_guest "$RX_DOMID"
