#!/usr/bin/env python3
"""Launch figures on the emulated Xen host, with a Linux PV guest (the
Debian kernel + the launcher tests' busybox initramfs):

  rumpxen run -> guest's first console line, -> exit (cold: each run
  boots the emulated host), with dom0's own boot time from the
  launcher's RUMPXEN_TIMING milestones; then, in one warm dom0, rx-run
  -> first line and -> exit for several guests in a row.

Prints medians (and min/max); never fails on speed; runs that do not
work are counted and named in the output.
usage: launch.py WORKDIR [RUNS]
"""
import os
import statistics
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUMPXEN = os.path.join(TOP, "tools", "rumpxen")
GUEST_ARGS = ["--", "quiet", "rxt=print.first-line,exit.0"]


def setup(work):
    host = subprocess.run([os.path.join(TOP, "tools", "emuhost", "assemble.sh")],
                          stdout=subprocess.PIPE, text=True, check=True).stdout.split()[-1]
    initrd = os.path.join(work, "guest.cpio")
    subprocess.run([os.path.join(TOP, "tests", "launcher", "guest", "make-initrd.sh"), host, initrd],
                   check=True)
    return os.path.join(host, "vmlinux"), initrd


def cold_run(kernel, initrd, work):
    timing = os.path.join(work, "timing")
    if os.path.exists(timing):
        os.unlink(timing)
    env = dict(os.environ, RUMPXEN_TIMING=timing)
    t0 = time.monotonic()
    p = subprocess.Popen([RUMPXEN, "run", "-M", "128", "-T", "240", "--ramdisk", initrd, kernel]
                         + GUEST_ARGS, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    first = None
    for line in p.stdout:
        if first is None and line.strip():
            first = time.monotonic() - t0
    rc = p.wait()
    done = time.monotonic() - t0
    marks = {}
    try:
        with open(timing) as f:
            for word in f.read().split():
                k, _, v = word.partition("=")
                marks[k] = float(v)
    except OSError:
        pass
    return rc, first, done, marks.get("dom0_ready")


DOM0_SCRIPT = """
up() { cut -d' ' -f1 /proc/uptime; }
i=0
while [ $i -lt RUNS ]; do
	t0=$(up)
	{ rx-run -M 128 -T 240 --ramdisk /root/guest.cpio /root/vmlinux -- quiet 'rxt=print.first-line,exit.0' \
		2>/tmp/err; echo $? >/tmp/rc; } | while IFS= read -r l; do echo "$(up) $l"; done >/tmp/o
	t1=$(up)
	first=$(head -n 1 /tmp/o | cut -d' ' -f1)
	echo "@@run $t0 $t1 $(cat /tmp/rc) ${first:--}"
	[ "$(cat /tmp/rc)" = 0 ] || sed 's/^/@@err /' /tmp/err
	i=$((i + 1))
done
"""


def warm_runs(kernel, initrd, work, runs):
    """[(to first line, to exit)] of the runs that worked."""
    script = os.path.join(work, "warm.sh")
    with open(script, "w") as f:
        f.write(DOM0_SCRIPT.replace("RUNS", str(runs)))
    out = subprocess.run([RUMPXEN, "host", "-T", "900", "--file", kernel + ":vmlinux",
                          "--file", initrd + ":guest.cpio", script],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    results = []
    for line in out.splitlines():
        if line.startswith("@@err "):
            print("  rx-run: " + line[6:])
        if not line.startswith("@@run "):
            continue
        t0, t1, rc, first = line.split()[1:5]
        if rc == "0" and first != "-":
            results.append((float(first) - float(t0), float(t1) - float(t0)))
    return results


def show(name, values):
    if not values:
        print(f"  {name:38s} no data")
        return
    print(f"  {name:38s} median {statistics.median(values):6.2f} s  "
          f"(min {min(values):.2f}, max {max(values):.2f}, n={len(values)})")


def main(argv):
    work = os.path.abspath(argv[1] if len(argv) > 1 else "build/bench/launch")
    runs = int(argv[2]) if len(argv) > 2 else 3
    os.makedirs(work, exist_ok=True)
    kernel, initrd = setup(work)
    print(f"launch benchmark: Linux PV guest, emulated Xen host, {runs} runs each")
    firsts, dones, readies, failures = [], [], [], 0
    for _ in range(runs):
        rc, first, done, ready = cold_run(kernel, initrd, work)
        if rc != 0 or first is None:
            failures += 1
            continue
        firsts.append(first)
        dones.append(done)
        if ready is not None:
            readies.append(ready)
    print("rumpxen run (cold: boots the emulated host each time)")
    show("launcher start -> dom0 ready", readies)
    show("launcher start -> guest's first line", firsts)
    show("launcher start -> exit", dones)
    warm = warm_runs(kernel, initrd, work, runs)
    print("rx-run in one warm dom0")
    show("rx-run -> guest's first line", [w[0] for w in warm])
    show("rx-run -> exit (guest gone)", [w[1] for w in warm])
    failures += runs - len(warm)
    if failures:
        # Reported, not fatal: `make bench` goes on with the other benchmarks.
        print(f"  FAILED: {failures} run(s) did not work")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
