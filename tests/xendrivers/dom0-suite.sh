# The driver guest tests, run inside the emulated host's dom0 (files in
# /root, see run-guest.sh). Each case's result lines are prefixed with
# the case name; a case whose guest exit status is not 0 adds a failure.
cd /root || exit 1

run_case() { # name args... (rx-run arguments)
	name=$1
	shift
	rx-run "$@" > "$name.log" 2>&1
	rc=$?
	tr -d '\r' < "$name.log" | awk -v n="$name" '
		/^ok - / { sub(/^ok - /, ""); print "ok - " n ": " $0; next }
		/^not ok - / { sub(/^not ok - /, ""); print "not ok - " n ": " $0; next }
		/^skip - / { sub(/^skip - /, ""); print "skip - " n ": " $0; next }'
	if [ $rc -eq 0 ]; then
		echo "ok - $name: guest exit status 0"
	else
		echo "not ok - $name: guest exit status $rc"
		sed 's/^/# /' "$name.log" | tail -n 30
	fi
}

chmod +x gntpeer
run_case xenstore -M 32 -T 240 xs_client
run_case gnttab-local -M 32 -T 120 gnttab_basic -- local
run_case gnttab-peer -M 32 -T 180 --dom0 /root/gntpeer-dom0.sh gnttab_basic -- peer

dd if=/dev/zero of=rw.img bs=1024 count=2048 2>/dev/null
run_case blk-io -M 32 -T 240 -b /root/rw.img -b /root/ro.img,ro blk_io -- io
if cmp -s rw.img expect_rw.img; then
	echo "ok - blk-io: dom0 finds the written pattern in the disk image"
else
	echo "not ok - blk-io: disk image differs from the written pattern ($(cmp rw.img expect_rw.img 2>&1 | head -n1))"
fi
dd if=/dev/zero of=rw.img bs=1024 count=2048 2>/dev/null
run_case blk-detach -M 32 -T 240 --dom0 /root/detach-dom0.sh -b /root/rw.img -b /root/ro.img,ro blk_io -- detach
exit 0
