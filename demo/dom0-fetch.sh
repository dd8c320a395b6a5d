# dom0 side of `make run` (rump demo): fetch the listing and a file
# over HTTP, then ask the demo to shut down.
ip=${RX_GUEST_IP:?no guest address}

# busybox wget in the emulated dom0 sometimes dies or stalls: 5 tries.
fetch() { # URL-PATH OUTPUT
	for try in 1 2 3 4 5; do
		timeout 10 wget -q -O "$2" "http://$ip$1" 2>/dev/null && return 0
		echo "dom0: GET $1 not answered (try $try of 5)"
		sleep 2
	done
	return 1
}

# Wait for the guest's address to answer ping, then ask the server.
i=0
until ping -c 1 -W 1 "$ip" > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 150 ] || { echo "dom0: $ip never answered ping"; exit 1; }
	sleep 1
done
fetch / /tmp/listing || exit 1
echo "dom0: GET http://$ip/ ->"
while IFS= read -r line; do echo "dom0:   $line"; done < /tmp/listing
fetch /hello.txt /tmp/hello || exit 1
echo "dom0: GET http://$ip/hello.txt -> $(cat /tmp/hello)"
fetch /shutdown /tmp/bye || exit 1
echo "dom0: GET http://$ip/shutdown -> $(cat /tmp/bye)"
