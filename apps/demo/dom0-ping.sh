# dom0 side of `make run` (platform demo): ping the guest, then stop it.
ip=${RX_GUEST_IP:?no guest address}
i=0
until ping -c 1 -W 1 "$ip" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 60 ] || { echo "dom0: $ip does not answer ping"; exit 1; }
	sleep 1
done
echo "dom0: ping $ip:"
ping -c 3 "$ip" | while IFS= read -r line; do echo "dom0:   $line"; done
xenstore-write "/local/domain/$RX_DOMID/data/demo-stop" 1
echo "dom0: asked the demo to stop"
