# Runs in dom0 next to the blk_io guest in "detach" mode (rx-run
# --dom0): once the guest says it is busy, detach its first disk.
i=0
while [ $i -lt 600 ]; do
	[ "$(xenstore-read /local/domain/$RX_DOMID/data/blktest/ready 2>/dev/null)" = 1 ] && break
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
xl block-detach "$RX_DOMID" xvda || { echo "not ok - detach: xl block-detach failed"; exit 1; }
