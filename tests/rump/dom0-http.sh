# Runs in dom0 while the demo serves (rx-run --dom0): fetches the
# listing, every source file, a missing and a malformed name, then asks
# the server to stop. Results are left in /root/http-* for the suite.
# busybox wget's own -T crashes; each request is bounded by timeout(1).
cd /root
ip=${RX_GUEST_IP:?no guest address}

fetch() { # URL-PATH OUTPUT
	timeout 10 wget -q -O "$2" "http://$ip$1" 2>/dev/null && return 0
	echo "dom0-http: GET $1 failed (status $?)"
	return 1
}

# Wait until the guest's address answers ping.
i=0
until ping -c 1 -W 1 "$ip" > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 150 ] || { echo "dom0-http: $ip never answered ping"; exit 1; }
	sleep 1
done
# The server listens a moment after the address is up: ask a few times.
n=0
until fetch / http-listing; do
	n=$((n + 1))
	[ $n -lt 10 ] || exit 1
	sleep 1
done
for f in src-*; do
	fetch "/${f#src-}" "http-${f#src-}"
done
# Error answers: wget prints the status line it got.
timeout 10 wget -O /dev/null "http://$ip/no-such-file" > http-404 2>&1
timeout 10 wget -O /dev/null "http://$ip/.hidden" > http-400 2>&1
fetch /shutdown http-shutdown
exit 0
