# Figures for PVH against PV (no verdicts), run in the emulated host's
# dom0 (rumpxen host) with hello and pvh-run.sh in /root:
#  - the smallest memory (1..4 MiB) hello boots in, each mode;
#  - seconds from before xl create to hello's main (its first line seen
#    on the console in dom0) and to the domain's shutdown, and the
#    guest's own first-instruction-to-main time; RUNS boots each, 16 MiB.
cd /root || exit 1
mkdir -p logs
runs=${RUNS:-5}

echo "memory (MiB): result of booting hello"
for type in pv pvh; do
	for mem in 1 2 3 4; do
		log=logs/mem-$type-$mem.log
		sh ./pvh-run.sh -t $type -M $mem -T 60 hello > "$log" 2>&1
		rc=$?
		if [ $rc -eq 0 ] && grep -q '^hello from rumpxen' "$log"; then
			what="boots: $(grep -m1 '^memory:' "$log" | tr -d '\r')"
		else
			what="fails (status $rc): $(grep -E 'error|panic|CRASH|failed' "$log" | head -n 1 | tr -d '\r')"
		fi
		printf '  %-3s %s MiB  %s\n' "$type" "$mem" "$what"
	done
done

echo "timing ($runs runs each, 16 MiB)"
for i in $(seq "$runs"); do
	for type in pv pvh; do
		sh ./pvh-run.sh -t $type -M 16 -T 60 --main '^hello from rumpxen' hello \
			> logs/run.txt 2>&1
		t=$(sed -n 's/^pvh-run: timing: create->main \([0-9.]*\) s, create->end \([0-9.]*\) s.*/\1 \2/p' logs/run.txt)
		# The guest's own clock: first instruction to main, in ms.
		g=$(tr -d '\r' < logs/run.txt | sed -n 's/^boot: main reached \([0-9]*\) us after.*/\1/p')
		[ -n "$t" ] && [ -n "$g" ] && echo "$type $t $(awk -v u="$g" 'BEGIN { printf "%.1f", u / 1000 }')" >> logs/timing.txt
	done
done
for type in pv pvh; do
	for col in 2 3 4; do
		awk -v t=$type '$1 == t' logs/timing.txt | cut -d' ' -f$col | sort -n > logs/t.txt
		n=$(wc -l < logs/t.txt)
		if [ "$n" -eq 0 ]; then
			echo "  $type: no timing (see logs)"
			continue
		fi
		min=$(head -n 1 logs/t.txt)
		med=$(sed -n "$(((n + 1) / 2))p" logs/t.txt)
		max=$(tail -n 1 logs/t.txt)
		case $col in
		2) what="create->main (s)" ;;
		3) what="create->end (s)" ;;
		4) what="first instruction->main (ms, guest clock)" ;;
		esac
		echo "  $type $what: min $min median $med max $max ($n runs)"
	done
done
