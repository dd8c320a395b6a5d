"""`rumpxen host`: boot the emulated Xen host once, copy files into
dom0, run a script there (cwd /root, rx-run on PATH) and exit with its
status; 125 when the host itself failed, 124 when the script outran -T.
"""
import argparse
import os
import sys

import emuhost

USAGE = "rumpxen host [-T SECONDS] [-m MiB] [--file SRC[:DEST]]... [--disk FILE[,ro]]... SCRIPT"


def parse(argv):
    p = argparse.ArgumentParser(prog="rumpxen host", usage=USAGE, description=__doc__)
    p.add_argument("--file", action="append", default=[], metavar="SRC[:DEST]",
                   help="copy a host file into dom0 (DEST default: /root/BASENAME; "
                        "a relative DEST is under /root)")
    p.add_argument("--disk", action="append", default=[], metavar="FILE[,ro]",
                   help="attach a host file to dom0 as /dev/rxdisk/N (N from 0, in order)")
    p.add_argument("-T", type=int, default=1800, metavar="SECONDS",
                   help="time the script may run once dom0 is up (default 1800)")
    p.add_argument("-m", type=int, default=1536, metavar="MiB",
                   help="memory of the emulated machine (default 1536; dom0 takes 512)")
    p.add_argument("--log", metavar="FILE", help="keep the host log here")
    p.add_argument("script", metavar="SCRIPT")
    return p.parse_args(argv)


def check_readable(path, what):
    if not os.path.isfile(path):
        raise emuhost.HostError(f"{what} '{path}' not found or not a regular file")
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise emuhost.HostError(f"{what} '{path}': {e.strerror}")


def dom0_path(dest, src):
    if not dest:
        dest = os.path.basename(src)
    if not dest.startswith("/"):
        dest = "/root/" + dest
    return dest


def main(argv):
    try:
        args = parse(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else emuhost.EXIT_ERROR
    try:
        if args.T < 1:
            raise emuhost.HostError("-T must be at least 1")
        if args.m < emuhost.DOM0_MEM_MIB + 128:
            raise emuhost.HostError(f"-m must be at least {emuhost.DOM0_MEM_MIB + 128}")
        check_readable(args.script, "script")
        job = emuhost.Job("#!/bin/sh\nexec sh /root/.rx-host-script\n")
        job.add_file(args.script, "/root/.rx-host-script")
        for spec in args.file:
            src, _, dest = spec.partition(":")
            check_readable(src, "file")
            job.add_file(src, dom0_path(dest, src))
        for spec in args.disk:
            path, ro = (spec[:-3], True) if spec.endswith(",ro") else (spec, False)
            check_readable(path, "disk")
            job.add_disk(os.path.abspath(path), ro)
        job.timeout = args.T
        job.memory_mib = args.m
    except emuhost.HostError as e:
        emuhost.say(f"error: {e}")
        return emuhost.EXIT_ERROR

    host = emuhost.EmulatedHost(job, log_path=args.log)
    return finish(host)


def report_timing(host):
    """RUMPXEN_TIMING=FILE: append the run's milestones (seconds since
    the launcher started) as one line of KEY=VALUE words."""
    path = os.environ.get("RUMPXEN_TIMING")
    if not path:
        return
    words = " ".join(f"{k}={v:.2f}" for k, v in sorted(host.timing.items(), key=lambda kv: kv[1]))
    with open(path, "a") as f:
        f.write(words + "\n")


def finish(host):
    """Run the host; show the log tail on host failures."""
    try:
        status = host.run()
        report_timing(host)
    except emuhost.HostError as e:
        emuhost.say(f"error: {e}")
        host.show_log_tail()
        return emuhost.EXIT_ERROR
    except emuhost.Interrupted:
        emuhost.say("interrupted; emulated host stopped")
        return 130
    if status == emuhost.EXIT_ERROR:
        host.show_log_tail(20)
    elif status in (emuhost.EXIT_TIMEOUT, 126) or os.environ.get("RUMPXEN_KEEP_LOG"):
        emuhost.say(f"host log: {host.log_path}")
    else:
        host.discard_log()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
