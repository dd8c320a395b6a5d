# dom0 side of `make run` (rump demo): fetch the listing and a file
# over HTTP, then ask the demo to shut down.
ip=${RX_GUEST_IP:?no guest address}
i=0
until timeout 10 wget -q -O /tmp/listing "http://$ip/"; do
	i=$((i + 1))
	[ $i -lt 90 ] || { echo "dom0: no HTTP server at $ip after 90 tries"; exit 1; }
	sleep 1
done
echo "dom0: GET http://$ip/ ->"
sed 's/^/dom0:   /' /tmp/listing
timeout 10 wget -q -O /tmp/hello "http://$ip/hello.txt" || { echo "dom0: GET /hello.txt failed"; exit 1; }
echo "dom0: GET http://$ip/hello.txt -> $(cat /tmp/hello)"
timeout 10 wget -q -O /tmp/bye "http://$ip/shutdown" || { echo "dom0: GET /shutdown failed"; exit 1; }
echo "dom0: GET http://$ip/shutdown -> $(cat /tmp/bye)"
