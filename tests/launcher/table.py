#!/usr/bin/env python3
"""launcher-args, the table part: the launcher's option and exit-status
tables against the commands made from them, without booting anything.

  - every bad value of every option in the table is refused with the
    table's ERROR status by each command that takes the option, and
    rumpxen run and rx-run's generated parser (dom0) say the same;
  - every --help lists every option of its command and is the text
    generated from the table; rumpxen build accepts every option its
    rows list;
  - the exit statuses run, host, build and rx-run give and list agree
    with the one table;
  - --cmdline: refused with -- ARGS and with a newline; and the spec
    round trip: what rumpxen run normalises, and what rx-run's own
    parser makes of the same options, becomes one and the same xl
    config, whose strings xl's own parser (libxlutil) reads back byte
    for byte.

usage: table.py WORKDIR ELF    (prints "ok - ..." / "not ok - ..." lines;
       RX_TABLES and RUMPXEN_HOST_DIR are set by args.sh)
"""
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tools", "host"))

import exits  # noqa: E402
import options  # noqa: E402
import run_cmd  # noqa: E402
from exits import BUILD, DOM0, HOST, RUN  # noqa: E402

RUMPXEN = os.path.join(TOP, "tools", "rumpxen")
RX_RUN = os.path.join(TOP, "tools", "dom0", "rx-run")
BUILD_TOOL = os.path.join(TOP, "tools", "build", "rumpxen-build")
WORK, ELF = sys.argv[1], sys.argv[2]
SCRIPT = os.path.join(WORK, "script.sh")


def ok(name):
    print(f"ok - {name}")


def bad(name, why):
    print(f"not ok - {name}: {why}")


def check(name, good, why):
    if good:
        ok(name)
    else:
        bad(name, why)


def command(cmd):
    return {RUN: [RUMPXEN, "run"], HOST: [RUMPXEN, "host"], BUILD: [RUMPXEN, "build"],
            DOM0: ["sh", RX_RUN]}[cmd]


def run(argv, env=None):
    """(status, stdout, stderr) of argv, within 20 s."""
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=20,
                           env=dict(os.environ, **(env or {})))
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def first_error(cmd, stderr):
    """The error line of a front end, without its prefix."""
    prefix = (options.PROG[cmd] + ": ").encode()
    lines = stderr.split(b"\n")
    for i, line in enumerate(lines):
        if line.startswith(prefix):
            # A message may hold the refused value's newline.
            rest = [line[len(prefix):]]
            for more in lines[i + 1:]:
                if more.startswith(b"usage:") or not more:
                    break
                rest.append(more)
            return b"\n".join(rest)
    return None


def show(v):
    return repr(v if len(v) < 40 else v[:37] + "...")


def bad_values():
    """Each bad value of the table through every command taking it."""
    for o in options.OPTIONS:
        if o.check is None:
            continue
        for value in o.bad:
            said = {}
            for cmd in (RUN, DOM0, HOST):
                if cmd not in o.commands:
                    continue
                tail = [SCRIPT] if cmd == HOST else [ELF]
                status, _, err = run(command(cmd) + [o.flag, value] + tail)
                name = f"{options.PROG[cmd]} {o.flag} {show(value)} refused"
                said[cmd] = first_error(cmd, err)
                check(name, status == exits.ERROR and said[cmd],
                      f"status {status}, want {exits.ERROR}; stderr {err[:200]!r}")
            if RUN in said and DOM0 in said:
                check(f"rumpxen run and rx-run agree on {o.flag} {show(value)}",
                      said[RUN] == said[DOM0], f"{said[RUN]!r} vs {said[DOM0]!r}")
            try:
                o.check(value)
                bad(f"table: {o.flag} {show(value)} is bad", "the Python check accepts it")
            except options.BadInput:
                pass


def too_many_disks():
    disk = os.path.join(WORK, "disk.img")
    argv = []
    for _ in range(27):
        argv += ["-b", disk + ",ro"]
    said = {}
    for cmd in (RUN, DOM0):
        status, _, err = run(command(cmd) + argv + [ELF])
        said[cmd] = first_error(cmd, err)
        check(f"{options.PROG[cmd]}: a 27th disk is refused",
              status == exits.ERROR and said[cmd] and b"at most 26" in said[cmd],
              f"status {status}: {err[:200]!r}")
    check("rumpxen run and rx-run agree on a 27th disk", said[RUN] == said[DOM0],
          f"{said[RUN]!r} vs {said[DOM0]!r}")


def helps():
    for cmd in (RUN, HOST, BUILD, DOM0):
        argv = command(cmd) + ["--help"]
        status, out, _ = run(argv)
        text = out.decode(errors="replace")
        missing = [o.flag for o in options.options_for(cmd) if o.flag not in text]
        missing += [str(r.status) for r in exits.rows(cmd)
                    if r.status is not None and f"  {r.status} " not in text]
        check(f"{options.PROG[cmd]} --help lists every option and exit status of the tables",
              status == 0 and not missing, f"status {status}; missing {missing}")
        check(f"{options.PROG[cmd]} --help is the text generated from the tables",
              text == options.help_text(cmd), "it differs")
    status, out, _ = run([RUMPXEN, "help"])
    missing = [name for name, _, _ in options.COMMANDS if f"rumpxen {name}" not in out.decode()]
    check("rumpxen help lists every command", status == 0 and not missing, f"missing {missing}")
    # The build tool parses its own options: it must take each one its
    # rows list (no input files is the first complaint, not the option).
    for o in options.options_for(BUILD):
        status, _, err = run([BUILD_TOOL] + o.sample + ["-o", os.path.join(WORK, "x")])
        check(f"rumpxen build takes {o.sample}", status == exits.ERROR and b"no input files" in err,
              f"status {status}: {err[:200]!r}")


def exit_statuses():
    # What each command gives for the same kind of bad input.
    cases = {RUN: [ELF, "--frobnicate", "1"], HOST: ["--frobnicate", "1", SCRIPT],
             BUILD: ["--frobnicate"], DOM0: [ELF, "--frobnicate", "1"]}
    got = {cmd: run(command(cmd) + argv)[0] for cmd, argv in cases.items()}
    check("run, host, build and rx-run give the table's ERROR for an unknown option",
          set(got.values()) == {exits.ERROR}, f"{got}")
    broken = os.path.join(WORK, "broken.c")
    with open(broken, "w") as f:
        f.write("int main(void) { return missing_semicolon }\n")
    status, _, err = run([RUMPXEN, "build", "-o", os.path.join(WORK, "broken"), broken])
    check("rumpxen build gives the table's FAILED for code that does not compile",
          status == exits.FAILED and b"compilation failed" in err, f"status {status}: {err[-200:]!r}")
    status, out, _ = run([sys.executable, os.path.join(TOP, "tools", "host", "exits.py"), "sh"])
    want = "".join(f"RX_EXIT_{r.name}={r.status}\n" for r in exits.TABLE if r.status is not None)
    check("exits.py sh prints the table for the sh side", status == 0 and out.decode() == want,
          f"{out!r}")
    with open(os.environ["RX_TABLES"]) as f:
        tables = f.read()
    check("dom0's tables.sh carries the same exit statuses", want in tables, "they differ")
    # Every status the table names for run/host/build appears in the docs.
    with open(os.path.join(TOP, "docs", "launcher.md")) as f:
        doc = f.read()
    missing = [r.status for r in exits.TABLE if r.status is not None and f"| {r.status} |" not in doc]
    check("docs/launcher.md documents every exit status of the table", not missing, f"{missing}")
    missing = [o.flag for o in options.OPTIONS if o.check is not None and f"`{o.flag}" not in doc]
    check("docs/launcher.md documents every option of run, host and rx-run", not missing,
          f"{missing}")


def cmdline_refusals():
    for cmd in (RUN, DOM0):
        status, _, err = run(command(cmd) + ["--cmdline", "x", ELF, "--", "y"])
        check(f"{options.PROG[cmd]}: --cmdline together with -- ARGS is an error",
              status == exits.ERROR and b"--cmdline and -- ARGS together" in err,
              f"status {status}: {err[:200]!r}")
        status, _, err = run(command(cmd) + ["--cmdline", "a\nb", ELF])
        check(f"{options.PROG[cmd]}: --cmdline with a newline is refused",
              status == exits.ERROR and b"newline" in err, f"status {status}: {err[:200]!r}")
        status, _, err = run(command(cmd) + [ELF, "--", "a", "b\nc"])
        check(f"{options.PROG[cmd]}: a guest argument with a newline is refused",
              status == exits.ERROR and b"newline" in err, f"status {status}: {err[:200]!r}")


class XlConfig:
    """xl's own config parser (libxlutil, from libxen-dev) over ctypes."""

    def __init__(self, data):
        name = ctypes.util.find_library("xlutil")
        self.lib = ctypes.CDLL(name)
        libc = ctypes.CDLL(None)
        libc.fopen.restype = ctypes.c_void_p
        libc.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
        lib = self.lib
        lib.xlu_cfg_init.restype = ctypes.c_void_p
        lib.xlu_cfg_init.argtypes = (ctypes.c_void_p, ctypes.c_char_p)
        lib.xlu_cfg_readdata.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        lib.xlu_cfg_get_string.argtypes = (ctypes.c_void_p, ctypes.c_char_p,
                                           ctypes.POINTER(ctypes.c_char_p), ctypes.c_int)
        lib.xlu_cfg_get_long.argtypes = (ctypes.c_void_p, ctypes.c_char_p,
                                         ctypes.POINTER(ctypes.c_long), ctypes.c_int)
        lib.xlu_cfg_get_list.argtypes = (ctypes.c_void_p, ctypes.c_char_p,
                                         ctypes.POINTER(ctypes.c_void_p),
                                         ctypes.POINTER(ctypes.c_int), ctypes.c_int)
        lib.xlu_cfg_get_listitem.restype = ctypes.c_char_p
        lib.xlu_cfg_get_listitem.argtypes = (ctypes.c_void_p, ctypes.c_int)
        self.cfg = lib.xlu_cfg_init(libc.fopen(os.devnull.encode(), b"w"), b"domain.cfg")
        self.ok = lib.xlu_cfg_readdata(self.cfg, data, len(data)) == 0

    def string(self, key):
        v = ctypes.c_char_p()
        return v.value if self.lib.xlu_cfg_get_string(self.cfg, key.encode(), v, 1) == 0 else None

    def number(self, key):
        v = ctypes.c_long()
        return v.value if self.lib.xlu_cfg_get_long(self.cfg, key.encode(), v, 1) == 0 else None

    def items(self, key):
        lst, n = ctypes.c_void_p(), ctypes.c_int()
        if self.lib.xlu_cfg_get_list(self.cfg, key.encode(), lst, n, 1) != 0:
            return None
        return [self.lib.xlu_cfg_get_listitem(lst, i) for i in range(n.value)]


def round_trip():
    """Options -> spec -> rx-run -> xl config -> xl's parser, for strings
    that need every kind of care."""
    odd = os.path.join(WORK, "odd dir $x 'q' \"d\" back\\slash")
    shutil.rmtree(odd, ignore_errors=True)
    os.makedirs(odd)
    image = os.path.join(odd, "kernel 'one'")
    ramdisk = os.path.join(odd, 'ramdisk "two"')
    disk = os.path.join(odd, "disk, with comma 'three'")
    shutil.copy(ELF, image)
    for path in (ramdisk, disk):
        with open(path, "wb") as f:
            f.write(bytes(4096))
    cmdline = ('{"name": "rx test", "path": "C:\\\\dir\\\\x", \'q\': \'$HOME\', '
               '"tab": "a\tb", "utf": "\u00e9", "end": "\\\\"}')
    words = ["one", "two words", 'quo"te', "back\\slash", "", "$dollar", "it's"]
    common = ["-M", "0032", "-b", disk, "-b", disk + ",ro", "-n", "xenbr0",
              "-n", "br1,mac=00:16:3e:aa:bb:cc", "-e", 'k1=v a"l\\ue $x', "-e", "k2=",
              "--ramdisk", ramdisk, "--name", "rt-1", "-T", "77", image]
    for label, argv, want_extra in (
            ("--cmdline", ["--cmdline", cmdline] + common, cmdline),
            ("-- ARGS", common + ["--"] + words, options.join_args(words))):
        o = options.parse(RUN, argv)
        spec = os.path.join(WORK, "spec")
        with open(spec, "wb") as f:
            f.write(run_cmd.spec_bytes(o, o["image"], o["disk"], None, o["ramdisk"], None))
        env = {"RX_RUN_CONFIG_ONLY": "1"}
        s1, host_cfg, e1 = run(["sh", RX_RUN, "--spec", spec], env)
        s2, dom0_cfg, e2 = run(["sh", RX_RUN] + argv, env)
        check(f"round trip ({label}): rumpxen run's spec and rx-run's own parser make the same "
              "xl config", s1 == 0 and s2 == 0 and host_cfg == dom0_cfg,
              f"status {s1}/{s2}; {e1[:200]!r} {e2[:200]!r}")
        try:
            xl = XlConfig(host_cfg)
        except (OSError, AttributeError, TypeError) as e:
            print(f"skip - round trip ({label}) through xl's parser # no libxlutil: {e}")
            continue
        b = os.fsencode
        want = {"extra": b(want_extra), "kernel": b(image), "ramdisk": b(ramdisk), "name": b"rt-1"}
        got = {k: xl.string(k) for k in want}
        check(f"round trip ({label}): xl reads kernel, ramdisk, name and the command line "
              "back byte for byte", xl.ok and got == want, f"{got} != {want}")
        disks = xl.items("disk") or []
        check(f"round trip ({label}): xl reads both disk paths back",
              xl.number("memory") == 32 and len(disks) == 2 and
              all(d.endswith(b", target=" + b(disk)) for d in disks) and
              b"access=rw" in disks[0] and b"access=ro" in disks[1],
              f"memory {xl.number('memory')}, disks {disks}")
        check(f"round trip ({label}): settings and timeout reach rx-run unchanged",
              b'# config k1=v a"l\\ue $x\n# config k2=\n# timeout 77\n' in host_cfg,
              host_cfg[-200:])


def main():
    with open(SCRIPT, "w") as f:
        f.write("exit 0\n")
    bad_values()
    too_many_disks()
    helps()
    exit_statuses()
    cmdline_refusals()
    round_trip()


if __name__ == "__main__":
    main()
