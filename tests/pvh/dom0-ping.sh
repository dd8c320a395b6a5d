# dom0 side of the PVH pingable case (pvh-run --dom0): the guest at
# NET_IP must answer pings of small and full-MTU size; then it is asked
# to stop (pingable polls data/pingable-stop). Exits non-zero, failing
# the case, when the guest never answers.
n=0
until ping -q -c 1 -W 1 "$NET_IP" > /dev/null 2>&1; do
	n=$((n + 1))
	if [ $n -ge 60 ]; then
		echo "not ok - pingable: no reply from $NET_IP within 60 s"
		xenstore-write "/local/domain/$RX_DOMID/data/pingable-stop" 1
		exit 1
	fi
done
rc=0
for size in 56 1472; do
	got=$(ping -q -c 5 -W 2 -s $size "$NET_IP" 2>&1 |
		sed -n 's/.* transmitted, \([0-9]*\) packets received.*/\1/p')
	if [ "${got:-0}" -eq 5 ]; then
		echo "ok - pingable: 5 of 5 pings of $size bytes answered"
	else
		echo "not ok - pingable: ${got:-0} of 5 pings of $size bytes answered"
		rc=1
	fi
done
xenstore-write "/local/domain/$RX_DOMID/data/pingable-stop" 1
exit $rc
