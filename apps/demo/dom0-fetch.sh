# dom0 side of `make run` (rump demo): fetch the listing and a file
# over HTTP, then ask the demo to shut down.
ip=${RX_GUEST_IP:?no guest address}

# busybox wget's own -T crashes; bound each request with timeout(1).
fetch() { # URL-PATH OUTPUT
	timeout 10 wget -q -O "$2" "http://$ip$1" 2>/dev/null && return 0
	echo "dom0: GET $1 not answered"
	return 1
}

# Wait for the guest's address to answer ping, then ask the server.
i=0
until ping -c 1 -W 1 "$ip" > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 150 ] || { echo "dom0: $ip never answered ping"; exit 1; }
	sleep 1
done
# The server listens a moment after the address is up: ask a few times.
n=0
until fetch / /tmp/listing; do
	n=$((n + 1))
	[ $n -lt 10 ] || exit 1
	sleep 1
done
echo "dom0: GET http://$ip/ ->"
while IFS= read -r line; do echo "dom0:   $line"; done < /tmp/listing
fetch /hello.txt /tmp/hello || exit 1
echo "dom0: GET http://$ip/hello.txt -> $(cat /tmp/hello)"
fetch /shutdown /tmp/bye || exit 1
echo "dom0: GET http://$ip/shutdown -> $(cat /tmp/bye)"
