# The network benchmark inside the emulated host's dom0 (run through
# the wrapper net.sh writes, which sets ROUNDS, SMALL_COUNT, MTU_COUNT,
# BLAST_S, TCP_MIB, PING_ROUNDS and LINUX, 1 when the Linux guest's
# files are here).
#  1. raw frames and (when the rump TCP guest was built) TCP: in each
#     round our guests (one boot per test) and then the Linux guest (one
#     boot for all tests), the order of the two swapped every round;
#  2. ping round trips: pingable and the Linux guest running together,
#     the measurements alternating.
cd /root || exit 1
. /root/net-dom0.sh
chmod +x /root/net-peer
PATH=/root:$PATH

tests="tx-small:tx:60:$SMALL_COUNT tx-mtu:tx:1514:$MTU_COUNT rx-small:rx:60:0 rx-mtu:rx:1514:0"
if [ -f /root/net-tcp-bench ]; then
	tests="$tests tcp:tcp:0:0"
else
	echo "@@skip tcp"
fi
run_ours() { for t in $tests; do ours_test "$t"; done; }
round=1
while [ $round -le "$ROUNDS" ]; do
	if [ "$LINUX" != 1 ]; then
		run_ours
	elif [ $((round % 2)) = 1 ]; then
		run_ours
		linux_tests $tests
	else
		linux_tests $tests
		run_ours
	fi
	round=$((round + 1))
done

# Ping round trips, both guests up at once; each guest's dom0 script
# waits for the end of the measurements.
cat > /root/stop-when-done.sh <<'EOS'
while [ ! -e /tmp/bench-done ]; do sleep 1; done
xenstore-write "/local/domain/$RX_DOMID/data/pingable-stop" 1
EOS
cat > /root/destroy-when-done.sh <<'EOS'
while [ ! -e /tmp/bench-done ]; do sleep 1; done
xl destroy "$RX_DOMID"
EOS
rm -f /tmp/bench-done
guests=ours
[ "$LINUX" = 1 ] && guests="ours linux"
rx-run -T 900 -M 16 -n "xenbr0,mac=$RX_MAC" --dom0 /root/stop-when-done.sh \
	pingable -- "net.ip=$RX_IP/24" >/tmp/rx.log 2>&1 &
rx_pid=$!
if [ "$LINUX" = 1 ]; then
	rx-run -T 900 -M 128 -n "xenbr0,mac=$LINUX_MAC" --ramdisk /root/netguest.cpio \
		--dom0 /root/destroy-when-done.sh /root/vmlinux -- quiet rxt=net,hang \
		>/tmp/linux.log 2>&1 &
	linux_pid=$!
fi
ip_of() { if [ "$1" = ours ]; then echo $RX_IP; else echo $LINUX_IP; fi; }
ready=
for g in $guests; do
	if bench_wait "$(ip_of $g)"; then
		ready="$ready $g"
	else
		echo "@@fail $g: $(ip_of $g) never answered ping"
	fi
done
round=1
while [ $round -le "$PING_ROUNDS" ]; do
	for t in "ping-small 56 300 1" "ping-mtu 1472 200 1" "ping-small-4 56 150 4"; do
		set -- $t
		for g in $ready; do
			measure "$g" "$(ip_of $g)" "$1" "$2" "$3" "$4"
		done
	done
	round=$((round + 1))
done
echo "@@segfaults in dom0 during the run: $(dmesg | grep -c segfault)"
touch /tmp/bench-done
wait $rx_pid
echo "@@rc ours ping $?"
[ -n "${linux_pid:-}" ] && wait "$linux_pid"
tr -d '\r' </tmp/rx.log | grep -a 'pingable: vif0 stats' | sed 's/^/@@note ours ping: /'
exit 0
