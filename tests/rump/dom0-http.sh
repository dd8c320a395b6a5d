# Runs in dom0 while the demo serves (rx-run --dom0): fetches the
# listing, every source file, a missing and a malformed name, then asks
# the server to stop. Results are left in /root/http-* for the suite.
cd /root
ip=${RX_GUEST_IP:?no guest address}
i=0
until timeout 10 wget -q -O http-listing "http://$ip/"; do
	i=$((i + 1))
	[ $i -lt 120 ] || { echo "dom0-http: no server at $ip"; exit 1; }
	sleep 1
done
for f in src-*; do
	timeout 10 wget -q -O "http-${f#src-}" "http://$ip/${f#src-}"
done
timeout 10 wget -O /dev/null "http://$ip/no-such-file" > http-404 2>&1
timeout 10 wget -O /dev/null "http://$ip/.hidden" > http-400 2>&1
timeout 10 wget -q -O http-shutdown "http://$ip/shutdown"
exit 0
