"""`rumpxen run`: boot IMAGE as a PV domU and exit with its status.

The options are those of rx-run, the dom0 runner that does the work:
on a Xen dom0 we call it directly; elsewhere we boot the emulated Xen
host with the image, ramdisk and script copied into dom0 and the disks
attached to it, and call it there. We check the options here first so
bad input fails in a moment, without booting anything.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import emuhost
import host_cmd

USAGE = """usage: rumpxen run [-M MiB] [-b FILE[,ro]]... [-n BRIDGE[,mac=MAC]]... [-e KEY=VALUE]...
                  [-T SECONDS] [--host auto|xen|emulated] [--dom0 SCRIPT] [--ramdisk FILE]
                  [--name NAME] [--log FILE] IMAGE [-- ARGS...]"""

DEFAULT_TIMEOUT = 300
# Time the emulated host may take beyond -T (dom0 boot is counted
# separately; this covers domain creation and teardown).
HOST_SLACK = 180


class BadInput(Exception):
    pass


def readable_file(path, what, writable=False):
    if not (os.path.isfile(path) or (what == "disk" and os.path.exists(path) and
                                     not os.path.isdir(path))):
        raise BadInput(f"{what} '{path}': not found or not a file")
    try:
        with open(path, "r+b" if writable else "rb"):
            pass
    except OSError as e:
        raise BadInput(f"{what} '{path}': {e.strerror}")


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def parse(argv):
    """Return a dict of options; raises BadInput."""
    o = {"mem": 64, "disks": [], "nics": [], "keys": [], "timeout": DEFAULT_TIMEOUT,
         "host": "auto", "dom0": None, "ramdisk": None, "name": None, "log": None,
         "image": None, "args": []}
    i = 0

    def value():
        if i + 1 >= len(argv):
            raise BadInput(f"option {argv[i]} needs an argument")
        return argv[i + 1]

    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            o["help"] = True
            return o
        if a == "--":
            if o["image"] is None:
                raise BadInput("no IMAGE before --")
            o["args"] = argv[i + 1:]
            break
        if a.startswith("-") and a != "-":
            v = value()
            if a == "-M":
                if not v.isdigit() or not 1 <= int(v) <= 1048576:
                    raise BadInput(f"bad memory size '{v}' (MiB, 1..1048576)")
                o["mem"] = int(v)
            elif a == "-T":
                if not v.isdigit() or int(v) < 1:
                    raise BadInput(f"bad timeout '{v}' (whole seconds, at least 1)")
                o["timeout"] = int(v)
            elif a == "-b":
                path, ro = (v[:-3], True) if v.endswith(",ro") else (v, False)
                readable_file(path, "disk", writable=not ro)
                o["disks"].append((path, ro))
            elif a == "-n":
                bridge, _, opt = v.partition(",")
                if not bridge or (opt and not opt.startswith("mac=")):
                    raise BadInput(f"bad NIC '{v}' (BRIDGE[,mac=MAC])")
                mac = opt[4:]
                parts = mac.split(":")
                if mac and (len(parts) != 6 or not all(
                        len(p) == 2 and all(c in "0123456789abcdefABCDEF" for c in p)
                        for p in parts)):
                    raise BadInput(f"bad MAC '{mac}'")
                o["nics"].append(v)
            elif a == "-e":
                key, eq, val = v.partition("=")
                if not eq or not key or len(key) > 63 or not all(
                        c.isascii() and (c.isalnum() or c in "_.-") for c in key):
                    raise BadInput(f"bad setting '{v}' (KEY=VALUE; key: letters, digits, _ . -, "
                                   "at most 63)")
                if len(val.encode()) > 255 or "\n" in val:
                    raise BadInput(f"bad value for '{key}' (at most 255 bytes, no newline)")
                o["keys"].append(v)
            elif a == "--host":
                if v not in ("auto", "xen", "emulated"):
                    raise BadInput(f"bad --host '{v}' (auto, xen or emulated)")
                o["host"] = v
            elif a == "--dom0":
                readable_file(v, "dom0 script")
                o["dom0"] = v
            elif a == "--ramdisk":
                readable_file(v, "ramdisk")
                o["ramdisk"] = v
            elif a == "--name":
                if not v or not all(c.isascii() and (c.isalnum() or c in "_.-") for c in v):
                    raise BadInput(f"bad domain name '{v}'")
                o["name"] = v
            elif a == "--log":
                o["log"] = v
            else:
                raise BadInput(f"unknown option '{a}'")
            i += 2
            continue
        if o["image"] is not None:
            raise BadInput(f"unexpected argument '{a}' (guest arguments go after --)")
        o["image"] = a
        i += 1
    if o["image"] is None:
        raise BadInput("no IMAGE given")
    readable_file(o["image"], "image")
    if not is_elf(o["image"]):
        raise BadInput(f"image '{o['image']}' is not an ELF file")
    return o


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


def rx_run_args(o, image, disks, dom0, ramdisk, symbols=None):
    """The rx-run command line for these options and dom0-side paths."""
    args = ["-M", str(o["mem"]), "-T", str(o["timeout"])]
    for path, ro in disks:
        args += ["-b", path + (",ro" if ro else "")]
    for nic in o["nics"]:
        args += ["-n", nic]
    for kv in o["keys"]:
        args += ["-e", kv]
    if dom0:
        args += ["--dom0", dom0]
    if ramdisk:
        args += ["--ramdisk", ramdisk]
    if o["name"]:
        args += ["--name", o["name"]]
    if symbols:
        args += ["--symbols", symbols]
    args.append(image)
    if o["args"]:
        args += ["--"] + o["args"]
    return args


def is_xen_dom0():
    try:
        with open("/proc/xen/capabilities") as f:
            return "control_d" in f.read()
    except OSError:
        return False


def run_on_xen(o):
    if shutil.which("xl") is None:
        raise BadInput("xl not found: this machine is not a Xen dom0 with the toolstack")
    # On a real dom0, rx-run reads the .dbg ELF itself (with nm).
    dbg = o["image"] + ".dbg"
    args = rx_run_args(o, o["image"], o["disks"], o["dom0"], o["ramdisk"],
                       dbg if os.path.isfile(dbg) else None)
    sys.stdout.flush()
    os.execv("/bin/sh", ["sh", emuhost.RX_RUN] + args)


def run_emulated(o):
    job_dir = "/root/rx"
    image = f"{job_dir}/image"
    dom0 = f"{job_dir}/dom0-script" if o["dom0"] else None
    ramdisk = f"{job_dir}/ramdisk" if o["ramdisk"] else None
    job = emuhost.Job("")
    job.add_file(o["image"], image)
    if dom0:
        job.add_file(o["dom0"], dom0)
    if ramdisk:
        job.add_file(o["ramdisk"], ramdisk)
    disks = [(job.add_disk(os.path.abspath(p), ro), ro) for p, ro in o["disks"]]
    symbols_host = symbols_file(o["image"])
    symbols = f"{job_dir}/symbols" if symbols_host else None
    if symbols_host:
        job.add_file(symbols_host, symbols)
    words = " ".join(emuhost.shell_quote(w)
                     for w in rx_run_args(o, image, disks, dom0, ramdisk, symbols))
    job.script_text = f"#!/bin/sh\nexec rx-run {words}\n"
    job.memory_mib = emuhost.DOM0_MEM_MIB + o["mem"] + 256
    job.timeout = o["timeout"] + HOST_SLACK
    host = emuhost.EmulatedHost(job, log_path=o["log"])
    try:
        return host_cmd.finish(host)
    finally:
        if symbols_host:
            os.unlink(symbols_host)


def main(argv):
    try:
        o = parse(argv)
        if o.get("help"):
            print(USAGE)
            return 0
        kind = o["host"]
        if kind == "auto":
            kind = "xen" if is_xen_dom0() else "emulated"
        if kind == "xen":
            run_on_xen(o)
        return run_emulated(o)
    except BadInput as e:
        print(f"rumpxen run: {e}", file=sys.stderr)
        print(USAGE, file=sys.stderr)
        return emuhost.EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
