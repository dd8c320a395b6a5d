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
run_case blk-io -M 32 -T 240 --dom0 /root/vbd-stats-dom0.sh -b /root/rw.img -b /root/ro.img,ro \
	blk_io -- io
# blkfront logs each disk's counters when it closes: the writable disk
# saw one bounced 2-sector write and one flush, the read-only one one
# bounced 3-sector read and no flush.
if grep -q 'blkfront: 51712: .* 1 bounced = 1024 bytes, 1 flushes' blk-io.log &&
	grep -q 'blkfront: 51728: .* 1 bounced = 1536 bytes, 0 flushes' blk-io.log; then
	echo "ok - blk-io: counters logged at close"
else
	echo "not ok - blk-io: counters at close missing or wrong: $(grep 'bounced =' blk-io.log | tr -d '\r' | tr '\n' ' ')"
fi
if cmp -s rw.img expect_rw.img; then
	echo "ok - blk-io: dom0 finds the written pattern in the disk image"
else
	echo "not ok - blk-io: disk image differs from the written pattern ($(cmp rw.img expect_rw.img 2>&1 | head -n1))"
fi
# A disk without a write cache: a loop device switched to write-through
# before blkback sees it, so blkback offers no flush.
dd if=/dev/zero of=nowc.img bs=1024 count=256 2>/dev/null
if nowc=$(losetup -f) && losetup "$nowc" nowc.img &&
	echo "write through" > "/sys/block/${nowc##*/}/queue/write_cache"; then
	run_case blk-noflush -M 32 -T 240 --dom0 /root/vbd-stats-dom0.sh -b "$nowc" \
		-b /root/ro.img,ro blk_io -- noflush
	losetup -d "$nowc"
else
	echo "not ok - blk-noflush: cannot set up a loop device without a write cache"
fi

dd if=/dev/zero of=rw.img bs=1024 count=2048 2>/dev/null
run_case blk-detach -M 32 -T 240 --dom0 /root/detach-dom0.sh -b /root/rw.img -b /root/ro.img,ro blk_io -- detach
exit 0
