"""The one table of exit statuses of `rumpxen run`, `rumpxen host`,
`rumpxen build` and rx-run (the runner in dom0).

Everything else takes its numbers from here: the Python side imports
the constants, the help texts list the rows, and the sh side (rx-run,
tools/build/rumpxen-build) reads the `RX_EXIT_NAME=N` lines that
`python3 exits.py sh` prints. The table lives in Python because Python
also generates the help texts from it; python3 is a launcher dependency
already, and one small data file would need a second reader in Python
anyway.

Run and host pass a status of their own through (the guest's, the
script's); 124..126 then cannot be told from the launcher's own, so
guests should keep to 0..123.
"""
import sys
import textwrap
from collections import namedtuple

RUN, HOST, BUILD, DOM0 = "run", "host", "build", "rx-run"

# name, status (None: passed through), commands, meaning
Exit = namedtuple("Exit", "name status commands meaning")

TABLE = [
    Exit("GUEST", None, (RUN, DOM0),
         "the guest's own status (0..255, from its exit-status key; 0 when it powered "
         "off without one)"),
    Exit("SCRIPT", None, (HOST,), "SCRIPT's own status"),
    Exit("OK", 0, (BUILD,), "the image was written"),
    Exit("FAILED", 1, (BUILD,), "compiling or linking failed (stderr names what)"),
    Exit("TIMEOUT", 124, (RUN, HOST, DOM0),
         "timeout: the guest (run) or SCRIPT (host) was still running after -T"),
    Exit("ERROR", 125, (RUN, HOST, BUILD, DOM0),
         "bad input (options, files), or a launcher or host failure"),
    Exit("CRASH", 126, (RUN, DOM0), "the guest crashed"),
    Exit("INTERRUPTED", 130, (RUN, HOST, BUILD, DOM0), "interrupted (SIGINT, SIGTERM or SIGHUP)"),
]

OK = 0
FAILED = 1
TIMEOUT = 124
ERROR = 125
CRASH = 126
INTERRUPTED = 130


def _check_constants():
    """The constants above are spelled out for readers; they must agree."""
    for row in TABLE:
        if row.status is not None and globals()[row.name] != row.status:
            raise AssertionError(f"exits.{row.name} disagrees with the table")


_check_constants()


def rows(command):
    return [r for r in TABLE if command in r.commands]


def help_lines(command):
    """The "exit status" section of a command's help."""
    out = ["exit status:"]
    for r in rows(command):
        out += textwrap.wrap(r.meaning, 78, initial_indent=f"  {'own' if r.status is None else r.status:<5} ",
                             subsequent_indent=" " * 8)
    return out


def sh_lines():
    """RX_EXIT_NAME=N for every numbered row, for sh readers."""
    return [f"RX_EXIT_{r.name}={r.status}" for r in TABLE if r.status is not None]


if __name__ == "__main__":
    if sys.argv[1:] != ["sh"]:
        print("usage: exits.py sh", file=sys.stderr)
        sys.exit(ERROR)
    print("\n".join(sh_lines()))
