# Runs in dom0 while the demo serves (rx-run --dom0): fetches the
# listing, every source file, a missing and a malformed name, then asks
# the server to stop. Results are left in /root/http-* for the suite.
# busybox wget in the emulated dom0 sometimes dies (SIGSEGV) or stalls;
# each fetch gets 5 tries of 10 s, and every failed try is reported.
cd /root
ip=${RX_GUEST_IP:?no guest address}

fetch() { # URL-PATH OUTPUT
	for try in 1 2 3 4 5; do
		timeout 10 wget -q -O "$2" "http://$ip$1" 2>/dev/null && return 0
		echo "dom0-http: GET $1 try $try failed (status $?)"
		sleep 2
	done
	return 1
}

# Wait for the address with ping (failing wgets in a tight loop are
# what crashes most here), then for the server.
i=0
until ping -c 1 -W 1 "$ip" > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 150 ] || { echo "dom0-http: $ip never answered ping"; exit 1; }
	sleep 1
done
fetch / http-listing || exit 1
for f in src-*; do
	fetch "/${f#src-}" "http-${f#src-}"
done
# Error answers: wget prints the status line it got.
timeout 10 wget -O /dev/null "http://$ip/no-such-file" > http-404 2>&1
timeout 10 wget -O /dev/null "http://$ip/.hidden" > http-400 2>&1
fetch /shutdown http-shutdown
exit 0
