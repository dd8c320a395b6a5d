"""`rumpxen run`: boot IMAGE as a PV domU and exit with its status.

The options were checked against the table (options.parse); here they
become rx-run's spec (its format is in tools/dom0/rx-run's header),
which rx-run trusts. On a Xen dom0 we run rx-run with it directly;
elsewhere we boot the emulated Xen host with the image, ramdisk, script
and spec copied into dom0 and the disks attached to it, and run rx-run
there.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import dom0_tables
import emuhost
import exits
import host_cmd
from checks import BadInput

# Time the emulated host may take beyond -T (dom0 boot is counted
# separately; this covers domain creation and teardown).
HOST_SLACK = 180
JOB_DIR = "/root/rx"


def spec_bytes(o, image, disks, dom0, ramdisk, symbols):
    """The spec for these options and the paths rx-run will see. Every
    value was checked to hold no newline; bytes go through unchanged."""
    entries = [("mem", o["mem"]), ("timeout", o["timeout"]), ("image", image),
               ("cmdline", o["cmdline"])]
    for key, value in (("name", o["name"]), ("ramdisk", ramdisk), ("dom0", dom0),
                       ("symbols", symbols)):
        if value is not None:
            entries.append((key, value))
    entries += [("disk", d) for d in disks]
    entries += [("nic", n) for n in o["nic"]]
    entries += [("config", kv) for kv in o["config"]]
    out = b""
    for key, value in entries:
        data = os.fsencode(value)
        assert b"\n" not in data, key
        out += key.encode() + b"=" + data + b"\n"
    return out


def symbols_file(image):
    """A temporary file with `nm -n` of IMAGE.dbg (the unstripped link
    next to IMAGE), for rx-run's report of crashes the guest cannot
    report itself; None when there is no .dbg or no nm."""
    dbg = image + ".dbg"
    if not os.path.isfile(dbg) or shutil.which("nm") is None:
        return None
    try:
        text = subprocess.run(["nm", "-n", dbg], capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    fd, path = tempfile.mkstemp(prefix="rumpxen-symbols-")
    with os.fdopen(fd, "wb") as f:
        f.write(text)
    return path


def is_xen_dom0():
    try:
        with open("/proc/xen/capabilities") as f:
            return "control_d" in f.read()
    except OSError:
        return False


def run_on_xen(o):
    """rx-run on this dom0, with the spec and tables in a temporary
    directory that goes when it is done."""
    if shutil.which("xl") is None:
        raise BadInput("xl not found: this machine is not a Xen dom0 with the toolstack")
    # On a real dom0, rx-run reads the .dbg ELF itself (with nm).
    dbg = o["image"] + ".dbg"
    work = tempfile.mkdtemp(prefix="rumpxen-run-")
    try:
        spec = os.path.join(work, "spec")
        with open(spec, "wb") as f:
            f.write(spec_bytes(o, o["image"], o["disk"], o["dom0"], o["ramdisk"],
                               dbg if os.path.isfile(dbg) else None))
        tables = os.path.join(work, "tables.sh")
        with open(tables, "w") as f:
            f.write(dom0_tables.render())
        sys.stdout.flush()
        child = subprocess.Popen(["sh", emuhost.RX_RUN, "--spec", spec],
                                 env=dict(os.environ, RX_TABLES=tables))

        # rx-run stops the guest on these; pass them on and wait for it.
        def forward(signum, frame):
            child.send_signal(signum)

        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, forward)
        status = child.wait()
        return status if status >= 0 else exits.INTERRUPTED
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_emulated(o):
    image = f"{JOB_DIR}/image"
    dom0 = f"{JOB_DIR}/dom0-script" if o["dom0"] else None
    ramdisk = f"{JOB_DIR}/ramdisk" if o["ramdisk"] else None
    job = emuhost.Job(f"#!/bin/sh\nexec rx-run --spec {JOB_DIR}/spec\n")
    job.add_file(o["image"], image)
    if dom0:
        job.add_file(o["dom0"], dom0)
    if ramdisk:
        job.add_file(o["ramdisk"], ramdisk)
    disks = []
    for d in o["disk"]:
        access, path = d.split(" ", 1)
        disks.append(f"{access} {job.add_disk(os.path.abspath(path), access == 'ro')}")
    symbols_host = symbols_file(o["image"])
    symbols = f"{JOB_DIR}/symbols" if symbols_host else None
    if symbols_host:
        job.add_file(symbols_host, symbols)
    job.add_bytes(spec_bytes(o, image, disks, dom0, ramdisk, symbols), f"{JOB_DIR}/spec")
    job.memory_mib = emuhost.DOM0_MEM_MIB + int(o["mem"]) + 256
    job.timeout = int(o["timeout"]) + HOST_SLACK
    host = emuhost.EmulatedHost(job, log_path=o["log"])
    try:
        return host_cmd.finish(host)
    finally:
        if symbols_host:
            os.unlink(symbols_host)


def main(o):
    """Run with the options parsed from the table (options.parse)."""
    kind = o["host"]
    if kind == "auto":
        kind = "xen" if is_xen_dom0() else "emulated"
    if kind == "xen":
        return run_on_xen(o)
    return run_emulated(o)
