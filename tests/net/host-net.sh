# The net-guest suite, run in the emulated host's dom0 (rumpxen host):
# every case boots a guest with rx-run and reports RESULT lines.
# Files in /root: pingable, net_errors, dom0-*.sh, dom0-lib.sh.
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
exit 0
