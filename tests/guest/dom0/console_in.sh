#!/bin/sh
# dom0 side of the console-input case: wait for the guest to say it is
# ready, then type two lines into its console (rx-run's RX_CONSOLE_IN).
[ -n "$RX_CONSOLE_IN" ] || { echo "console_in.sh: RX_CONSOLE_IN not set" >&2; exit 1; }
n=0
until grep -q "console-in: ready" "$RX_CONSOLE_LOG" 2>/dev/null; do
	n=$((n + 1))
	[ $n -gt 600 ] && { echo "console_in.sh: the guest never got ready" >&2; exit 1; }
	sleep 0.1
done
printf 'hello from dom0\n' > "$RX_CONSOLE_IN"
# 200 bytes: the alphabet over and over.
a=abcdefghijklmnopqrstuvwxyz
printf '%s\n' "$a$a$a$a$a$a$a$a" | cut -c1-200 > "$RX_CONSOLE_IN"
