# dom0 side of the `rump` suite: boots the rump demo a few times with
# rx-run and prints one "RESULT ok - ..." / "RESULT not ok - ...: why"
# line per test. Files in /root: rump-demo (image), disk.ffs (fresh
# makefs image of apps/demo/files), src-NAME (the source files),
# dom0-http.sh (the HTTP client run while the demo serves).
# Every guest gets its own copy of the pristine image: a guest killed
# with the file system mounted leaves it unclean, and NetBSD's FFS may
# panic on such an image (there is no fsck here), which would make the
# later cases fail for the wrong reason.
cd /root
cp disk.ffs pristine.ffs
WRITTEN_NAME=written-by-guest.txt
WRITTEN_TEXT='written by the rumpxen demo through NetBSD FFS'
TCP_PORT=7000

ok() { echo "RESULT ok - $1"; }
fail() { echo "RESULT not ok - $1: $2"; }
check() { # name why command...
	n=$1 why=$2
	shift 2
	if "$@"; then ok "$n"; else fail "$n" "$why"; fi
}
has() { grep -qF -- "$2" "$1"; }

# Expected listing: "NAME SIZE" for every source file, sorted.
for f in src-*; do
	echo "${f#src-} $(wc -c < "$f")"
done | sort > expected-listing

# 1. The demo with disk and NIC: FFS work, HTTP served to dom0, the
# listing sent to dom0's TCP server, shutdown by GET /shutdown.
nc -l -p $TCP_PORT > tcp-received 2>/dev/null &
nc_pid=$!
rx-run -M 32 -T 200 -b /root/disk.ffs -n xenbr0 -e send_to=10.0.0.1:$TCP_PORT \
	--dom0 /root/dom0-http.sh /root/rump-demo > a.out 2> a.err
a_status=$?
echo "--- demo run: status $a_status"; cat a.out
while IFS= read -r line; do echo "stderr: $line"; done < a.err

check rump_init "no 'rump_init returned 0' line (status $a_status)" \
	has a.out "demo: rump kernel up (rump_init returned 0"
ok_list=1
for f in src-*; do
	name=${f#src-}
	line=$(grep -E "^demo:   $name +[0-9]+ bytes" a.out)
	[ "$(echo "$line" | awk '{print $3}')" = "$(wc -c < "$f")" ] || ok_list=0
done
if has a.out "demo: FFS mounted on /disk" && [ $ok_list = 1 ]; then
	ok ffs_mount_and_list
else
	fail ffs_mount_and_list "mount failed or the listing does not match apps/demo/files"
fi
check ffs_read_file "hello.txt not printed as in apps/demo/files" \
	has a.out "demo: hello.txt says: $(cat src-hello.txt)"
check ffs_write_fsync "no 'wrote and synced' line" has a.out "demo: wrote and synced $WRITTEN_NAME"
check ffs_unmount "no 'unmounted' line" has a.out "demo: /disk unmounted"
check demo_exit_status_0 "rx-run status $a_status" [ "$a_status" = 0 ]

# What the guest wrote, read by dom0's own (Linux) FFS code.
modprobe ufs 2>/dev/null
mkdir -p /mnt/ffs
loop=$(losetup -f)
if losetup -r "$loop" /root/disk.ffs && mount -t ufs -o ro,ufstype=44bsd "$loop" /mnt/ffs; then
	if [ "$(cat /mnt/ffs/$WRITTEN_NAME 2>/dev/null)" = "$WRITTEN_TEXT" ]; then
		ok dom0_reads_guest_write
	else
		fail dom0_reads_guest_write "$WRITTEN_NAME in the image: '$(cat /mnt/ffs/$WRITTEN_NAME 2>&1)'"
	fi
	same=1
	for f in src-*; do cmp -s "$f" "/mnt/ffs/${f#src-}" || same=0; done
	check dom0_source_files_intact "a source file differs in the image" [ $same = 1 ]
	umount /mnt/ffs
else
	fail dom0_reads_guest_write "dom0 could not mount the image (losetup/mount -t ufs)"
	fail dom0_source_files_intact "dom0 could not mount the image"
fi
losetup -d "$loop" 2>/dev/null

# HTTP: what dom0-http.sh fetched.
grep -v "^$WRITTEN_NAME " http-listing 2>/dev/null | sort > got-listing
if cmp -s got-listing expected-listing &&
	grep -q "^$WRITTEN_NAME $((${#WRITTEN_TEXT} + 1))\$" http-listing; then
	ok http_get_listing
else
	fail http_get_listing "GET / gave '$(tr '\n' ';' < http-listing 2>/dev/null)'"
fi
same=1
for f in src-*; do cmp -s "$f" "http-${f#src-}" || same=0; done
check http_get_files "a file fetched over HTTP differs from apps/demo/files" [ $same = 1 ]
check http_missing_file_404 "GET /no-such-file: $(cat http-404 2>/dev/null)" grep -q " 404" http-404
check http_bad_name_400 "GET /.hidden: $(cat http-400 2>/dev/null)" grep -q " 400" http-400
check http_shutdown "GET /shutdown did not answer, or the server did not stop" \
	sh -c 'grep -q "shutting down" http-shutdown && grep -q "shutdown requested" a.out'

# TCP client in the guest: the listing it sent to dom0's nc (which is
# still waiting if the guest never connected).
kill $nc_pid 2>/dev/null
wait $nc_pid 2>/dev/null
grep -v "^$WRITTEN_NAME " tcp-received 2>/dev/null | sort > got-tcp
check tcp_client_to_dom0 "received '$(tr '\n' ';' < tcp-received 2>/dev/null)'" \
	cmp -s got-tcp expected-listing

# 2. A static address and max_requests: one GET, then the demo stops
# by itself.
cat > dom0-static.sh <<'EOS'
i=0
until ping -c 1 -W 1 10.0.0.77 > /dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 60 ] || exit 1; sleep 1
done
for try in 1 2 3 4 5; do
	timeout 10 wget -q -O /root/static-hello http://10.0.0.77/hello.txt 2>/dev/null && exit 0
	echo "dom0-static: try $try failed"; sleep 2
done
exit 1
EOS
cp /root/pristine.ffs /root/disk3.ffs
rx-run -M 32 -T 150 -b /root/disk3.ffs -n xenbr0 -e ip=10.0.0.77/24 -e max_requests=1 \
	--dom0 /root/dom0-static.sh /root/rump-demo > e.out 2>&1
s=$?
echo "--- static address, max_requests=1: status $s"; cat e.out
check static_ip_max_requests "status $s; $(grep -E 'static address|stopped after' e.out | tr '\n' ';')" \
	sh -c "[ $s = 0 ] && cmp -s static-hello src-hello.txt && grep -q 'virt0: static address 10.0.0.77/24' e.out && grep -q 'stopped after 1 request(s)\$' e.out"

# 3. Bad input: clear errors and distinct statuses, no hang.
rx-run -M 32 -T 60 -e ip=10.0.0.300/24 /root/rump-demo > c.out 2>&1
s=$?
echo "--- bad setting: status $s"; cat c.out
check bad_config_rejected "status $s, output: $(tr '\n' ';' < c.out | cut -c1-200)" \
	sh -c "[ $s = 2 ] && grep -q 'bad ip=' c.out"
rx-run -M 32 -T 120 -n xenbr0 /root/rump-demo > b.out 2>&1
s=$?
echo "--- no disk: status $s"; cat b.out
check missing_disk_error "status $s, output: $(grep demo: b.out | tail -2 | tr '\n' ';')" \
	sh -c "[ $s = 3 ] && grep -q 'demo: no disk' b.out"
cp /root/pristine.ffs /root/disk2.ffs
rx-run -M 32 -T 120 -b /root/disk2.ffs /root/rump-demo > d.out 2>&1
s=$?
echo "--- no NIC: status $s"; cat d.out
check missing_nic_error "status $s, output: $(grep demo: d.out | tail -2 | tr '\n' ';')" \
	sh -c "[ $s = 4 ] && grep -q 'demo: no network interface' d.out && grep -q 'demo: /disk unmounted' d.out"
exit 0
