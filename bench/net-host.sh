# The network benchmark inside the emulated host's dom0: the pingable
# guest and (if its files were provided) a Linux PV guest run at the
# same time; the measurements alternate between them so that changes
# in the load of the machine hit both alike.
cd /root || exit 1
. /root/net-dom0.sh
RX_IP=10.0.0.70
# The emulated host's DHCP server pins 00:16:3e:52:58:NN to 10.0.0.NN.
LINUX_IP=10.0.0.71

# Each guest's dom0 script waits for the end of the measurements.
cat > /root/stop-when-done.sh <<'EOS'
while [ ! -e /tmp/bench-done ]; do sleep 1; done
xenstore-write "/local/domain/$RX_DOMID/data/pingable-stop" 1
EOS
cat > /root/destroy-when-done.sh <<'EOS'
while [ ! -e /tmp/bench-done ]; do sleep 1; done
xl destroy "$RX_DOMID"
EOS
rm -f /tmp/bench-done
rx-run -T 900 -M 16 -n xenbr0,mac=00:16:3e:aa:bb:70 --dom0 /root/stop-when-done.sh \
	pingable -- "net.ip=$RX_IP/24" >/tmp/rx.log 2>&1 &
rx_pid=$!
guests=rumpxen
if [ -f /root/vmlinux ] && [ -f /root/guest.cpio ]; then
	rx-run -T 900 -M 128 -n xenbr0,mac=00:16:3e:52:58:47 --ramdisk /root/guest.cpio \
		--dom0 /root/destroy-when-done.sh /root/vmlinux -- quiet rxt=net,hang \
		>/tmp/linux.log 2>&1 &
	linux_pid=$!
	guests="rumpxen linux"
fi

ip_of() { if [ "$1" = rumpxen ]; then echo $RX_IP; else echo $LINUX_IP; fi; }
ready=
for g in $guests; do
	if bench_wait "$(ip_of $g)"; then
		ready="$ready $g"
	else
		echo "@@fail $g: $(ip_of $g) never answered"
	fi
done

for round in 1 2; do
	for t in "small-1 56 1000 1" "small-4 56 500 4" "mtu-1 1472 500 1" "mtu-4 1472 250 4"; do
		set -- $t
		for g in $ready; do
			measure "$g" "$(ip_of $g)" "$1" "$2" "$3" "$4"
		done
	done
done
echo "@@segfaults in dom0 during the run: $(dmesg | grep -c segfault)"
touch /tmp/bench-done
wait $rx_pid
echo "@@status rumpxen $?"
[ -n "${linux_pid:-}" ] && wait "$linux_pid"
grep -a 'pingable: vif0 stats' /tmp/rx.log
exit 0
