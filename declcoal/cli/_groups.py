"""Command groups given without a command (``declcoal``, ``declcoal crg``, ...).

Every parser with subcommands behaves the same way when none is chosen: its help on
standard output, then one line on standard error naming the choices, exit 2::

    declcoal: error: crg needs a command (choose a command: info, check, ...)
"""
from __future__ import annotations

import argparse
import sys

from ..errors import InputError


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    return parser._subparsers and next(  # type: ignore[return-value]
        (a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction)), None)


def choices(parser: argparse.ArgumentParser) -> list[str]:
    """The parser's subcommand names in help order (aliases left out)."""
    action = _subcommands(parser)
    if action is None:
        return []
    seen, out = set(), []
    for name, sub in action.choices.items():
        if id(sub) not in seen:
            seen.add(id(sub))
            out.append(name)
    return out


def _needs_command(parser: argparse.ArgumentParser):
    def run(args: argparse.Namespace) -> int:
        parser.print_help(sys.stdout)
        sys.stdout.flush()
        name = parser.prog.split(" ", 1)[1] if " " in parser.prog else ""
        what = f"{name} needs a command" if name else "no command given"
        raise InputError(f"{what} (choose a command: {', '.join(choices(parser))})")

    return run


def require_commands(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` and every command group below it the behaviour above."""
    action = _subcommands(parser)
    if action is None:
        return
    parser.set_defaults(func=_needs_command(parser))
    done = set()
    for sub in action.choices.values():
        if id(sub) not in done:
            done.add(id(sub))
            require_commands(sub)
