#!/bin/sh
# --dom0 script of the network test: ping the guest, then one TCP
# exchange with its "serve" action. Fails when either does not work.
echo "dom0-net: domid $RX_DOMID ip $RX_GUEST_IP"
[ -n "$RX_GUEST_IP" ] || exit 2
n=0
until ping -c 1 -W 1 "$RX_GUEST_IP" >/dev/null 2>&1; do
	n=$((n + 1))
	[ $n -lt 180 ] || { echo "dom0-net: no ping answer"; exit 1; }
	sleep 1
done
echo "dom0-net: ping ok"
n=0
# Keep our side open a few seconds so the answer can arrive.
until reply=$( (echo hello-guest; sleep 4) | nc "$RX_GUEST_IP" 7000 2>/dev/null) && [ -n "$reply" ]; do
	n=$((n + 1))
	[ $n -lt 30 ] || { echo "dom0-net: no TCP answer"; exit 1; }
	sleep 1
done
echo "dom0-net: got $reply"
