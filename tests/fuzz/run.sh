#!/bin/bash
# Run one libFuzzer target for a bounded time and append its result line
# to a results file:
#   ok - fuzz NAME: RUNS runs in SECONDS s (SEEDS seeds, CORPUS inputs kept), no crash
#   not ok - fuzz NAME: ... input saved in FILE (log: LOG)
#
# usage: run.sh [--keep] BINARY NAME SECONDS RESULTS WORKDIR SEEDDIR [libFuzzer flags...]
#   --keep   keep WORKDIR/corpus from earlier runs (long runs build on it);
#            without it every run starts from the seeds alone, with a
#            fixed seed, so a short run does the same work each time.
set -u
keep=0
if [ "${1:-}" = --keep ]; then
	keep=1
	shift
fi
if [ $# -lt 6 ]; then
	echo "usage: run.sh [--keep] BINARY NAME SECONDS RESULTS WORKDIR SEEDDIR [flags...]" >&2
	exit 2
fi
bin=$1 name=$2 secs=$3 results=$4 work=$5 seeds=$6
shift 6

[ "$keep" = 1 ] || rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/crashes"
rm -f "$work"/crashes/*
log=$work/log

# libFuzzer stops itself after max_total_time; the outer timeout only
# catches a run that does not (a hang inside one input is caught by
# -timeout and reported like a crash).
seed_flag=-seed=1
[ "$keep" = 1 ] && seed_flag=
timeout $((secs * 2 + 60)) "$bin" -max_total_time="$secs" $seed_flag -timeout=10 \
	-print_final_stats=1 -artifact_prefix="$work/crashes/" "$@" "$work/corpus" "$seeds" \
	>"$log" 2>&1
rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
nseeds=$(find "$seeds" -type f | wc -l)
kept=$(find "$work/corpus" -type f | wc -l)
saved=$(find "$work/crashes" -type f | head -n 1)

if [ $rc -eq 0 ] && [ -n "$runs" ] && [ -z "$saved" ]; then
	echo "ok - fuzz $name: $runs runs in $secs s ($nseeds seeds, $kept inputs kept), no crash" \
		>>"$results"
elif [ $rc -eq 124 ]; then
	echo "not ok - fuzz $name: did not stop (killed after $((secs * 2 + 60)) s; log: $log)" \
		>>"$results"
else
	why=$(grep -a -m 1 -E '^==[0-9]+==ERROR|invariant broken|^SUMMARY|ALARM|out-of-memory' "$log" |
		cut -c 1-160)
	echo "not ok - fuzz $name: exit status $rc after ${runs:-?} runs: ${why:-see log};" \
		"input saved in ${saved:-(none)} (log: $log)" >>"$results"
fi
