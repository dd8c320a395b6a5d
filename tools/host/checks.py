"""Kinds of option values: each checks a value and returns its
normalised form (what goes into rx-run's spec), or raises BadInput.

Inside the emulated dom0 there is no Python: scripts there call
`rx-run OPTIONS`, whose parser is generated from the same option table
(dom0_tables.py). Each kind names its sh twin in tools/dom0/rx-options
(`sh`) and hands it the same limits and message templates (`sh_args`),
so only the few lines of logic exist twice; tests/launcher/args.sh runs
every table entry's bad values through both and compares the messages.

Message templates take one value with %s (Python's % and sh's printf
read them alike); they hold no other % and no backslash.
"""
import os
import stat

NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
HEX = frozenset("0123456789abcdefABCDEF")
NEWLINE_MSG = "%s: a newline cannot be passed on"


class BadInput(Exception):
    pass


def bad(template, value):
    raise BadInput(template % value)


def no_newline(value, what):
    if "\n" in value:
        bad(NEWLINE_MSG, what)


def nbytes(value):
    return len(os.fsencode(value))


class Check:
    sh = None  # the twin's function name in tools/dom0/rx-options

    def sh_args(self):
        return []

    def templates(self):
        return [a for a in self.sh_args() if "%s" in a]


class Count(Check):
    """A whole decimal number LO..HI; normalised without leading zeros."""
    sh = "rx_count"

    def __init__(self, what, lo, hi, unit):
        self.lo, self.hi = lo, hi
        self.msg = f"bad {what} '%s' ({unit}, {lo}..{hi})"

    def __call__(self, value):
        if not value or not all("0" <= c <= "9" for c in value) or not self.lo <= int(value) <= self.hi:
            bad(self.msg, value)
        return str(int(value))

    def sh_args(self):
        return [str(self.lo), str(self.hi), self.msg]


class Word(Check):
    """Letters, digits, _ . - (a domain or bridge name)."""
    sh = "rx_word"

    def __init__(self, what):
        self.msg = f"bad {what} '%s' (letters, digits, _ . -)"

    def __call__(self, value):
        if not value or not all(c in NAME_CHARS for c in value):
            bad(self.msg, value)
        return value

    def sh_args(self):
        return [self.msg]


class Choice(Check):
    """One of a few words (host side only)."""

    def __init__(self, what, words):
        self.words = words
        self.msg = f"bad {what} '%s' ({', '.join(words)})"

    def __call__(self, value):
        if value not in self.words:
            bad(self.msg, value)
        return value


class Path(Check):
    """Any path (host side only; e.g. a log file to create)."""

    def __call__(self, value):
        if not value:
            raise BadInput("empty path")
        return value


class File(Check):
    """An existing, readable regular file."""
    sh = "rx_file"

    def __init__(self, what):
        self.what = what
        self.missing = f"{what} '%s': not found or not a file"
        self.unreadable = f"{what} '%s': not readable"

    def __call__(self, value):
        no_newline(value, self.what)
        if not os.path.isfile(value):
            bad(self.missing, value)
        if not os.access(value, os.R_OK):
            bad(self.unreadable, value)
        return value

    def sh_args(self):
        return [self.what, self.missing, self.unreadable]


class Image(File):
    """A readable ELF file (a guest kernel)."""
    sh = "rx_image"

    def __init__(self):
        super().__init__("image")
        self.not_elf = "image '%s' is not an ELF file"

    def __call__(self, value):
        super().__call__(value)
        with open(value, "rb") as f:
            if f.read(4) != b"\x7fELF":
                bad(self.not_elf, value)
        return value

    def sh_args(self):
        return super().sh_args() + [self.not_elf]


class Disk(Check):
    """FILE[,ro]: a regular file or block device, readable, and writable
    unless ro; normalised "rw FILE" or "ro FILE"."""
    sh = "rx_disk"
    missing = "disk '%s': not a file or block device"
    unreadable = "disk '%s': not readable"
    unwritable = "disk '%s': not writable (add ,ro)"

    def __call__(self, value):
        path, ro = (value[:-3], True) if value.endswith(",ro") else (value, False)
        no_newline(path, "disk")
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if not (stat.S_ISREG(mode) or stat.S_ISBLK(mode)):
            bad(self.missing, path)
        if not os.access(path, os.R_OK):
            bad(self.unreadable, path)
        if not ro and not os.access(path, os.W_OK):
            bad(self.unwritable, path)
        return ("ro " if ro else "rw ") + path

    def sh_args(self):
        return [self.missing, self.unreadable, self.unwritable]


class Nic(Check):
    """BRIDGE[,mac=MAC]; normalised "BRIDGE" or "BRIDGE MAC"."""
    sh = "rx_nic"
    bad_nic = "bad NIC '%s' (BRIDGE[,mac=MAC])"
    bad_bridge = "bad bridge name '%s' (letters, digits, _ . -)"
    bad_mac = "bad MAC '%s' (six hex pairs: 00:16:3e:12:34:56)"

    def __call__(self, value):
        bridge, comma, opt = value.partition(",")
        if comma and not opt.startswith("mac="):
            bad(self.bad_nic, value)
        if not bridge or not all(c in NAME_CHARS for c in bridge):
            bad(self.bad_bridge, bridge)
        mac = opt[4:]
        parts = mac.split(":")
        if comma and (len(parts) != 6 or not all(len(p) == 2 and set(p) <= HEX for p in parts)):
            bad(self.bad_mac, mac)
        return f"{bridge} {mac}" if comma else bridge

    def sh_args(self):
        return [self.bad_nic, self.bad_bridge, self.bad_mac]


class Setting(Check):
    """KEY=VALUE for xenstore: a name-like key of at most 63 characters,
    a value of at most 255 bytes without a newline."""
    sh = "rx_setting"
    KEY_MAX = 63
    VALUE_MAX = 255
    bad_setting = f"bad setting '%s' (KEY=VALUE; key: letters, digits, _ . -, at most {KEY_MAX})"
    bad_value = f"bad value for '%s' (at most {VALUE_MAX} bytes, no newline)"

    def __call__(self, value):
        key, eq, val = value.partition("=")
        if not eq or not key or len(key) > self.KEY_MAX or not all(c in NAME_CHARS for c in key):
            bad(self.bad_setting, value)
        if nbytes(val) > self.VALUE_MAX or "\n" in val:
            bad(self.bad_value, key)
        return value

    def sh_args(self):
        return [str(self.KEY_MAX), str(self.VALUE_MAX), self.bad_setting, self.bad_value]


class Text(Check):
    """A string passed on verbatim: any bytes but a newline, at most
    MAX bytes."""
    sh = "rx_text"

    def __init__(self, what, max_bytes):
        self.what = what
        self.max = max_bytes
        self.too_long = f"{what} longer than {max_bytes} bytes (%s)"

    def __call__(self, value):
        no_newline(value, self.what)
        if nbytes(value) > self.max:
            bad(self.too_long, nbytes(value))
        return value

    def sh_args(self):
        return [self.what, str(self.max), self.too_long]


class CopyIn(Check):
    """SRC[:DEST] for `rumpxen host --file`: SRC readable; DEST in dom0
    (default /root/BASENAME, a relative DEST is under /root)."""

    def __init__(self):
        self.src = File("file")

    def __call__(self, value):
        src, _, dest = value.partition(":")
        self.src(src)
        dest = dest or os.path.basename(src)
        if not dest.startswith("/"):
            dest = "/root/" + dest
        return (src, dest)
