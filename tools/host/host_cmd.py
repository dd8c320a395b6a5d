"""`rumpxen host`: boot the emulated Xen host once, copy files into
dom0, run a script there (cwd /root, rx-run on PATH) and exit with its
status (exit statuses: exits.py). Options: options.py.
"""
import os

import emuhost
import exits


def main(o):
    """Run with the options parsed from the table (options.parse)."""
    job = emuhost.Job("#!/bin/sh\nexec sh /root/.rx-host-script\n")
    job.add_file(o["script"], "/root/.rx-host-script")
    for src, dest in o["files"]:
        job.add_file(src, dest)
    for spec in o["disks"]:
        access, path = spec.split(" ", 1)
        job.add_disk(os.path.abspath(path), access == "ro")
    job.timeout = int(o["timeout"])
    job.memory_mib = int(o["memory"])
    return finish(emuhost.EmulatedHost(job, log_path=o["log"]))


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
        return exits.ERROR
    except emuhost.Interrupted:
        emuhost.say("interrupted; emulated host stopped")
        return exits.INTERRUPTED
    if status == exits.ERROR:
        host.show_log_tail(20)
    elif status in (exits.TIMEOUT, exits.CRASH) or os.environ.get("RUMPXEN_KEEP_LOG"):
        emuhost.say(f"host log: {host.log_path}")
    else:
        host.discard_log()
    return status
