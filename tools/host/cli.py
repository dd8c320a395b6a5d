"""The command line of tools/rumpxen: `run`, `host` and `help` (setup
and build are sh, dispatched by tools/rumpxen itself).

    cli.py run|host ARGS...     check ARGS against the option table, run
    cli.py help [COMMAND]       the help text of rumpxen or of COMMAND
    cli.py COMMAND --help       the same
"""
import sys

import exits
import host_cmd
import options
import run_cmd
from checks import BadInput
from exits import BUILD, HOST, RUN

RUNNERS = {RUN: run_cmd.main, HOST: host_cmd.main}
HELP_TOPICS = {RUN: RUN, HOST: HOST, BUILD: BUILD}


def show_help(topic):
    if topic is None or topic in ("setup", "help"):
        sys.stdout.write(options.commands_help())
        return exits.OK
    if topic not in HELP_TOPICS:
        print(f"rumpxen help: no command '{topic}'", file=sys.stderr)
        sys.stderr.write(options.commands_help())
        return exits.ERROR
    sys.stdout.write(options.help_text(HELP_TOPICS[topic]))
    return exits.OK


def main(argv):
    cmd = argv[0] if argv else None
    if cmd in ("help", "-h", "--help"):
        return show_help(argv[1] if len(argv) > 1 else None)
    if cmd not in RUNNERS:
        print(f"rumpxen: unknown command '{cmd}'" if cmd else "rumpxen: no command",
              file=sys.stderr)
        sys.stderr.write(options.commands_help())
        return exits.ERROR
    try:
        o = options.parse(cmd, argv[1:])
        if o.get("help"):
            return show_help(cmd)
        return RUNNERS[cmd](o)
    except BadInput as e:
        print(f"{options.PROG[cmd]}: {e}", file=sys.stderr)
        print("\n".join(options.usage_lines(cmd)), file=sys.stderr)
        return exits.ERROR


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
