"""The one option table of the launcher, and everything made from it:
the parser of `rumpxen run` and `rumpxen host`, every --help text, and
(through dom0_tables.py) the option parser of rx-run inside the
emulated dom0.

`rumpxen build` is parsed by tools/build/rumpxen-build (bash); its rows
here give its --help and let tests/launcher/args.sh check that the tool
accepts every option listed.
"""
import exits
from checks import (CopyIn, Count, Disk, File, Image, Nic, Path, Setting, Text, Word, Choice,
                    BadInput, NEWLINE_MSG)
from exits import BUILD, DOM0, HOST, RUN

# A PV guest's command line: MAX_GUEST_CMDLINE (xen/xen.h, 1024) less
# its NUL; Xen's domain builder cuts anything longer.
CMDLINE_MAX = 1023
CMDLINE = Text("guest command line", CMDLINE_MAX)
TIMEOUT_MAX = 31536000  # a year


class Option:
    """flag, argument form, spec key, check, help, the commands that take
    it; repeat: may be given again (values kept in order); bad: values
    the check refuses (run through every parser by the tests); sample:
    a valid use (for options only documented here)."""

    def __init__(self, flag, arg, key, check, help, commands, repeat=False, default=None,
                 most=None, bad=(), sample=()):
        self.flag, self.arg, self.key, self.check, self.help = flag, arg, key, check, help
        self.commands, self.repeat, self.default = commands, repeat, default
        self.bad, self.sample = bad, sample
        # most: how often a repeated option may be given
        self.most = most
        self.too_many = f"too many {flag} options: %s (at most {most})"


class Positional:
    def __init__(self, name, key, check, help, commands):
        self.name, self.key, self.check, self.help, self.commands = name, key, check, help, commands


R = (RUN, DOM0)
OPTIONS = [
    Option("-M", "MiB", "mem", Count("memory size", 1, 1048576, "MiB"),
           "guest memory (default 64)", R, default="64",
           bad=["lots", "0", "-4", "1048577", "1.5", ""]),
    Option("-b", "FILE[,ro]", "disk", Disk(),
           "a disk from a file or block device: first xvda, then xvdb, ...; ro attaches it "
           "read-only (a writable disk must be writable by the caller)", R, repeat=True, most=26,
           bad=["/nonexistent/disk.img", "/", "/nonexistent,ro", "a\nb"]),
    Option("-n", "BRIDGE[,mac=MAC]", "nic", Nic(),
           "a NIC on BRIDGE (the emulated host has xenbr0); without mac= it gets "
           "00:16:3e:52:58:NN (NN from 0a)", R, repeat=True,
           bad=["xenbr0,mac=00:11:22", "xenbr0,speed=10", "bad/bridge", ",mac=00:16:3e:00:00:01",
                "xenbr0,mac=00:16:3e:00:00:0g", ""]),
    Option("-e", "KEY=VALUE", "config", Setting(),
           "a configuration setting, written to xenstore rumpxen/config/KEY before the guest "
           "starts", R, repeat=True,
           bad=["novalue", "a/b=1", "=1", "k" * 64 + "=1", "k=" + "v" * 256, "k=a\nb"]),
    Option("-T", "SECONDS", "timeout", Count("timeout", 1, TIMEOUT_MAX, "whole seconds"),
           "give up on the guest this long after its unpause (default 300)", R, default="300",
           bad=["1.5", "0", "", "x", str(TIMEOUT_MAX + 1)]),
    Option("--host", "auto|xen|emulated", "host", Choice("--host", ("auto", "xen", "emulated")),
           "where to boot: xen drives xl on this Xen dom0, emulated boots the emulated Xen host; "
           "auto (default): xen when /proc/xen/capabilities says control_d", (RUN,),
           default="auto", bad=["cloud", ""]),
    Option("--dom0", "SCRIPT", "dom0", File("dom0 script"),
           "run SCRIPT (sh) in dom0 while the guest runs (docs/launcher.md)", R,
           bad=["/nonexistent/script.sh", "/"]),
    Option("--ramdisk", "FILE", "ramdisk", File("ramdisk"),
           "an initial ramdisk for the guest (Linux guests)", R, bad=["/nonexistent/initrd"]),
    Option("--name", "NAME", "name", Word("domain name"),
           "the domain's name (default rx-PID)", R, bad=["a b", "x/y", "", "q'"]),
    Option("--cmdline", "STRING", "cmdline", CMDLINE,
           "the guest's whole command line, passed on verbatim as xl's extra= (for PV kernels "
           "of any kind); not together with -- ARGS", R, bad=["a\nb", "x" * (CMDLINE_MAX + 1)]),
    Option("--symbols", "FILE", "symbols", File("symbol file"),
           "symbols of IMAGE (nm output, or an ELF when dom0 has nm) for the report of a crash "
           "the guest could not report itself", (DOM0,), bad=["/nonexistent/image.map"]),
    Option("--log", "FILE", "log", Path(),
           "keep the emulated host's log here (kept only on failure otherwise)", (RUN, HOST)),
    # rumpxen host
    Option("-T", "SECONDS", "timeout", Count("timeout", 1, TIMEOUT_MAX, "whole seconds"),
           "time SCRIPT may run once dom0 is up (default 1800)", (HOST,), default="1800",
           bad=["0", "soon"]),
    Option("-m", "MiB", "memory", Count("memory size", 640, 1048576, "MiB"),
           "memory of the emulated machine (default 1536; dom0 takes 512)", (HOST,),
           default="1536", bad=["639", "lots"]),
    Option("--file", "SRC[:DEST]", "files", CopyIn(),
           "copy a host file into dom0 (DEST: default /root/BASENAME; a relative DEST is "
           "under /root)", (HOST,), repeat=True, bad=["/nonexistent/file:x"]),
    Option("--disk", "FILE[,ro]", "disks", Disk(),
           "attach a host file to dom0 as /dev/rxdisk/N (N from 0, in order)", (HOST,),
           repeat=True, bad=["/nonexistent/disk.img"]),
    # rumpxen build (parsed by tools/build/rumpxen-build)
    Option("--rump", "PREFIX", None, None,
           "a rump kernel installation: PREFIX/include/rump/rump.h, PREFIX/lib/librump*.a "
           "(default $RUMP_PREFIX); librump.a is always linked", (BUILD,),
           sample=["--rump", "/nonexistent"]),
    Option("-l", "COMPONENT", None, None,
           "also link PREFIX/lib/librumpCOMPONENT.a (rump archives are linked whole)", (BUILD,),
           repeat=True, sample=["-l", "fs_ffs"]),
    Option("-o", "IMAGE", None, None,
           "the image to write; IMAGE.dbg keeps its symbols, IMAGE.objs/ the objects and "
           "the link log", (BUILD,), sample=["-o", "image"]),
    Option("-I", "DIR", None, None, "passed to the compiler", (BUILD,), repeat=True,
           sample=["-I", "/tmp"]),
    Option("-D", "NAME[=VALUE]", None, None, "passed to the compiler", (BUILD,), repeat=True,
           sample=["-D", "X=1"]),
    Option("-include", "FILE", None, None, "passed to the compiler", (BUILD,), repeat=True,
           sample=["-include", "x.h"]),
    Option("-UNAME, -O..., -W..., -f..., -m..., -g..., -std=...", "", None, None,
           "passed to the compiler", (BUILD,), repeat=True,
           sample=["-UX", "-O2", "-Wall", "-fno-common", "-mno-red-zone", "-g", "-std=c11"]),
    Option("-Wl,OPT[,OPT...]", "", None, None, "passed to the linker", (BUILD,), repeat=True,
           sample=["-Wl,--gc-sections"]),
]

POSITIONALS = [
    Positional("IMAGE", "image", Image(), "the guest kernel (an ELF PV kernel: ours, Linux, ...)",
               R),
    Positional("SCRIPT", "script", File("script"), "run with sh in dom0, in /root, with rx-run "
               "on PATH", (HOST,)),
    Positional("FILE.c|FILE.o|LIB.a...", None, None,
               "the application: C files are compiled, objects and archives linked", (BUILD,)),
]

# -- ARGS: words for the guest's command line (run and rx-run).
ARGS_HELP = ("-- ARGS: words for the guest's command line (xl extra=), joined by blanks; a word "
             "that is empty or holds a blank, tab, \" or \\ goes in double quotes with \" and \\ "
             "escaped. Our guests take KEY=VALUE words as settings and words after a -- word as "
             "the application's arguments.")

SUMMARY = {
    RUN: "Boot IMAGE, any PV kernel, as a Xen domU; stream its console to stdout and exit "
         "with its status.",
    DOM0: "Boot IMAGE as a domU from a dom0 script of the emulated Xen host; the options of "
          "rumpxen run (without --host and --log).",
    HOST: "Boot the emulated Xen host once, copy files into dom0, run SCRIPT there and exit "
          "with its status.",
    BUILD: "Compile and link an application into a bootable Xen guest image.",
}

PROG = {RUN: "rumpxen run", HOST: "rumpxen host", BUILD: "rumpxen build", DOM0: "rx-run"}

# The commands of tools/rumpxen, for `rumpxen help`.
COMMANDS = [
    ("run", "[options] IMAGE [-- ARGS...]", "boot IMAGE as a PV domU, exit with its status"),
    ("host", "[options] SCRIPT", "run SCRIPT in the emulated Xen host's dom0"),
    ("setup", "", "install host packages, assemble the emulated Xen host"),
    ("build", "[options] -o IMAGE FILE...", "build an image (tools/build/rumpxen-build)"),
    ("help", "[COMMAND]", "this text, or COMMAND's"),
]

# Messages of the parsers (Python here, sh in dom0): one value each.
MSG = {
    "needs_arg": "option %s needs an argument",
    "unknown": "unknown option '%s'",
    "missing": "no %s given",
    "rest_first": "no %s before --",
    "unexpected": "unexpected argument '%s' (guest arguments go after --)",
    "cmdline_and_args": "%s and -- ARGS together: --cmdline is the guest's whole command line",
    "newline": NEWLINE_MSG,
}


def options_for(command):
    return [o for o in OPTIONS if command in o.commands]


def positional_for(command):
    return next(p for p in POSITIONALS if command in p.commands)


def takes_args(command):
    return command in R


def quote_word(word):
    if word == "" or any(c in word for c in " \t\"\\"):
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


def join_args(words):
    """The guest command line for -- ARGS."""
    for w in words:
        if "\n" in w:
            raise BadInput(MSG["newline"] % "guest argument")
    return CMDLINE(" ".join(quote_word(w) for w in words))


def parse(command, argv):
    """Check argv against the table; return {key: value} with defaults
    filled in (lists for repeated options), the positional under its key,
    "cmdline" (run), and "help" when asked for."""
    table = {o.flag: o for o in options_for(command)}
    pos = positional_for(command)
    v = {o.key: ([] if o.repeat else o.default) for o in table.values()}
    v[pos.key] = None
    args = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            return {"help": True}
        if a == "--" and takes_args(command):
            if v[pos.key] is None:
                raise BadInput(MSG["rest_first"] % pos.name)
            args = argv[i + 1:]
            break
        if a.startswith("-") and a != "-":
            o = table.get(a)
            if o is None:
                raise BadInput(MSG["unknown"] % a)
            if i + 1 >= len(argv):
                raise BadInput(MSG["needs_arg"] % a)
            if o.most is not None and len(v[o.key]) >= o.most:
                raise BadInput(o.too_many % (len(v[o.key]) + 1))
            value = o.check(argv[i + 1])
            if o.repeat:
                v[o.key].append(value)
            else:
                v[o.key] = value
            i += 2
            continue
        if v[pos.key] is not None:
            raise BadInput(MSG["unexpected"] % a)
        v[pos.key] = a
        i += 1
    if v[pos.key] is None:
        raise BadInput(MSG["missing"] % pos.name)
    v[pos.key] = pos.check(v[pos.key])
    if takes_args(command):
        if args is not None and v["cmdline"] is not None:
            raise BadInput(MSG["cmdline_and_args"] % "--cmdline")
        if args is not None:
            v["cmdline"] = join_args(args)
        elif v["cmdline"] is None:
            v["cmdline"] = ""
    return v


def _wrap(words, first, indent, width=78):
    lines, line = [], first
    for w in words:
        if len(line) + 1 + len(w) > width and line.strip():
            lines.append(line)
            line = indent + w
        else:
            line += (" " if line and not line.endswith(" ") else "") + w
    lines.append(line)
    return lines


def _form(o):
    return f"{o.flag} {o.arg}".strip()


def usage_lines(command):
    words = []
    for o in options_for(command):
        words.append(f"[{_form(o)}]" + ("..." if o.repeat else ""))
    words.append(positional_for(command).name)
    if takes_args(command):
        words.append("[-- ARGS...]")
    prog = PROG[command]
    return _wrap(words, f"usage: {prog}", " " * (len(prog) + 8))


def help_text(command):
    out = usage_lines(command) + [""] + _wrap(SUMMARY[command].split(), "", "") + ["", "options:"]
    rows = [(_form(o), o.help) for o in options_for(command)]
    pos = positional_for(command)
    rows.append((pos.name, pos.help))
    for form, text in rows:
        if len(form) < 20:
            out += _wrap(text.split(), f"  {form:<20}", " " * 22)
        else:
            out += [f"  {form}"] + _wrap(text.split(), " " * 22, " " * 22)
    if takes_args(command):
        out += [""] + _wrap(ARGS_HELP.split(), "", "")
    return "\n".join(out + [""] + exits.help_lines(command)) + "\n"


def commands_help():
    out = ["usage: rumpxen COMMAND ...", ""]
    for name, form, text in COMMANDS:
        out.append(f"  rumpxen {name} {form}".rstrip())
        out.append(f"      {text}")
    out += ["", "rumpxen help COMMAND (or rumpxen COMMAND --help) describes COMMAND."]
    return "\n".join(out) + "\n"
