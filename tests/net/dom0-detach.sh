# dom0 side of the backend-goes-away test: once the guest answers, take
# its vif away with xl network-detach; the guest must notice, report it
# and exit on its own (checked by the caller). Env: NET_IP, RX_DOMID.
. /root/dom0-lib.sh

if ! wait_reachable "$NET_IP" 90; then
	result_fail detach_reachable "no reply from $NET_IP within 90 s"
	stop_guest "$RX_DOMID"
	exit 0
fi
result_ok detach_reachable
start=$(date +%s)
if xl network-detach "$RX_DOMID" 0 >/tmp/detach.log 2>&1; then
	result_ok detach_completes
else
	result_fail detach_completes "xl network-detach failed: $(tr '\n' ' ' </tmp/detach.log)"
fi
echo "detach took $(($(date +%s) - start)) s"
