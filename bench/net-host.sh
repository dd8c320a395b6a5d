# The network benchmark inside the emulated host's dom0: the pingable
# guest, then a Linux PV guest (if its files were provided), each
# measured by net-dom0.sh over xenbr0.
cd /root || exit 1
export BENCH_IP=10.0.0.70 BENCH_GUEST=rumpxen
cat > /root/stop-after.sh <<'EOS'
sh /root/net-dom0.sh
xenstore-write "/local/domain/$RX_DOMID/data/pingable-stop" 1
EOS
rx-run -T 600 -M 16 -n xenbr0,mac=00:16:3e:aa:bb:70 --dom0 /root/stop-after.sh \
	pingable -- "net.ip=$BENCH_IP/24" >/tmp/rx.log 2>&1
echo "@@status rumpxen $?"
grep -a -E '^@@|pingable: vif0 stats' /tmp/rx.log
# dom0 user processes have been seen to segfault under load in the
# emulated host; count them per guest so figures can be judged.
echo "@@segfaults after rumpxen: $(dmesg | grep -c segfault)"

if [ -f /root/vmlinux ] && [ -f /root/guest.cpio ]; then
	# The emulated host's DHCP server pins 00:16:3e:52:58:NN to 10.0.0.NN.
	export BENCH_IP=10.0.0.71 BENCH_GUEST=linux
	cat > /root/destroy-after.sh <<'EOS'
sh /root/net-dom0.sh
xl destroy "$RX_DOMID"
EOS
	rx-run -T 600 -M 128 -n xenbr0,mac=00:16:3e:52:58:47 --ramdisk /root/guest.cpio \
		--dom0 /root/destroy-after.sh /root/vmlinux -- quiet rxt=net,hang >/tmp/rx.log 2>&1
	grep -a -E '^@@' /tmp/rx.log
fi
echo "@@segfaults at the end: $(dmesg | grep -c segfault)"
exit 0
