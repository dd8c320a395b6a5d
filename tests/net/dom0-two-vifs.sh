# dom0 side of the two-vif test: both addresses answer, each from its
# own configured MAC. Env: NET_IP, NET_IP2, NET_MAC, NET_MAC2, RX_DOMID.
. /root/dom0-lib.sh

for i in 1 2; do
	if [ $i = 1 ]; then ip=$NET_IP mac=$NET_MAC; else ip=$NET_IP2 mac=$NET_MAC2; fi
	if wait_reachable "$ip" 90; then
		result_ok "two_vifs_reachable_$i"
		ping_all "two_vifs_ping_$i" "$ip" 20 -i 0.01 -s 1000
		check_neighbour "two_vifs_mac_$i" "$ip" "$mac"
	else
		result_fail "two_vifs_reachable_$i" "no reply from $ip within 90 s"
	fi
done
stop_guest "$RX_DOMID"
