# The net-guest suite, run in the emulated host's dom0 (rumpxen host):
# every case boots a guest with rx-run and reports RESULT lines.
# Files in /root: pingable, net_errors, icmp_check, dom0-*.sh, dom0-lib.sh.
. /root/dom0-lib.sh
cd /root || exit 1

# run_case NAME WANT_STATUS RX-RUN-ARGS...: run a guest, keep its log,
# check the exit status.
run_case() {
	name=$1 want=$2
	shift 2
	rx-run "$@" >"/tmp/$name.log" 2>&1
	rc=$?
	cat "/tmp/$name.log"
	if [ $rc -eq "$want" ]; then
		result_ok "${name}_exit_status"
	else
		result_fail "${name}_exit_status" "rx-run exited $rc, expected $want"
	fi
}

# Settings go on the guest command line: xenstore node names cannot
# hold the '.' of "net.ip", so -e cannot carry them.

# One vif: sizes, flood, MAC from the configuration.
export NET_IP=10.0.0.60 NET_MAC=00:16:3e:aa:bb:60
run_case ping 0 -T 300 -M 16 -n "xenbr0,mac=$NET_MAC" --dom0 dom0-ping.sh \
	pingable -- "net.ip=$NET_IP/24"
echo_count=$(sed -n 's/.*pingable: vif0 stats: .* echo \([0-9]*\) .*/\1/p' /tmp/ping.log)
if [ "${echo_count:-0}" -ge 4000 ]; then
	result_ok ping_guest_counted_echoes
else
	result_fail ping_guest_counted_echoes "guest answered ${echo_count:-0} echo requests, expected >= 4000"
fi

# guest_stat LOG NAME: the counter NAME from the guest's stats line.
guest_stat() {
	sed -n "s/.*pingable: vif0 stats: .* $2 \([0-9]*\).*/\1/p" "$1" | head -n1
}
# stat_at_least CASE LOG NAME MIN / stat_zero CASE LOG NAME
stat_at_least() {
	n=$(guest_stat "$2" "$3")
	if [ "${n:-0}" -ge "$4" ]; then
		result_ok "$1_guest_$3_counted"
	else
		result_fail "$1_guest_$3_counted" "$3 is ${n:-none}, expected >= $4"
	fi
}
stat_zero() {
	n=$(guest_stat "$2" "$3")
	if [ "${n:-x}" = 0 ]; then
		result_ok "$1_guest_no_$3"
	else
		result_fail "$1_guest_no_$3" "$3 is ${n:-none}, expected 0"
	fi
}

# Jumbo frames (scatter-gather both ways), then frames above the
# guest's limit, which it must count as dropped. 7 checked sizes above
# one page x 5, busybox and flood pings: far more than 50 frames of
# several slots each way.
export NET_IP=10.0.0.64 NET_MAC=00:16:3e:aa:bb:64 JUMBO_CASE=jumbo
run_case jumbo 0 -T 300 -M 16 -n "xenbr0,mac=$NET_MAC" --dom0 dom0-jumbo.sh \
	pingable -- "net.ip=$NET_IP/24"
stat_at_least jumbo /tmp/jumbo.log rx_multislot 50
stat_at_least jumbo /tmp/jumbo.log tx_multislot 50
stat_at_least jumbo /tmp/jumbo.log rx_oversize 3
stat_zero jumbo /tmp/jumbo.log rx_malformed

# The same with frames taken in pieces (netfront_open_rxv, the rump
# kernel backend's way): pingable joins them, icmp_check checks them.
export NET_IP=10.0.0.65 NET_MAC=00:16:3e:aa:bb:65 JUMBO_CASE=jumbo_pieces
run_case jumbo_pieces 0 -T 300 -M 16 -n "xenbr0,mac=$NET_MAC" --dom0 dom0-jumbo.sh \
	pingable -- "net.ip=$NET_IP/24" net.rx=pieces
stat_at_least jumbo_pieces /tmp/jumbo_pieces.log rx_pieces_multi 50
stat_zero jumbo_pieces /tmp/jumbo_pieces.log rx_pieces_bad
stat_at_least jumbo_pieces /tmp/jumbo_pieces.log rx_oversize 3
stat_zero jumbo_pieces /tmp/jumbo_pieces.log rx_malformed

# Two vifs on one guest.
export NET_IP=10.0.0.61 NET_IP2=10.0.0.62 NET_MAC=00:16:3e:aa:bb:61 NET_MAC2=00:16:3e:aa:bb:62
run_case two_vifs 0 -T 300 -M 16 -n "xenbr0,mac=$NET_MAC" -n "xenbr0,mac=$NET_MAC2" \
	--dom0 dom0-two-vifs.sh pingable -- "net.ip=$NET_IP/24" net.vifs=2

# The backend goes away: the guest reports it and exits with status 3.
export NET_IP=10.0.0.63 NET_MAC=00:16:3e:aa:bb:63
run_case detach 3 -T 120 -M 16 -n "xenbr0,mac=$NET_MAC" --dom0 dom0-detach.sh \
	pingable -- "net.ip=$NET_IP/24"
if grep -q "pingable: vif0: backend disconnected" /tmp/detach.log; then
	result_ok detach_guest_reports_error
else
	result_fail detach_guest_reports_error "no 'backend disconnected' line from the guest"
fi

# Bad xenstore input and API misuse, checked inside the guest.
run_case errors 0 -T 120 -M 16 -n xenbr0 net_errors

# Bad configuration: no address given.
run_case no_address 2 -T 60 -M 16 -n xenbr0 pingable
# Bad configuration: an unknown receive mode.
run_case bad_rx_mode 2 -T 60 -M 16 -n xenbr0 pingable -- net.ip=10.0.0.66/24 net.rx=bogus
exit 0
