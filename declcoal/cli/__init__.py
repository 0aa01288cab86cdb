"""The ``declcoal`` command (thin: parse, call a concept, render).

Subcommands live in the modules of this package; each module that defines
``register(subparsers)`` is found automatically, so a new concept adds its commands
without touching this file. Exit codes (DESIGN.md, principle 6): 0 an answer (an
empty core is an answer), 2 bad input, 1 internal failure or solver limit.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from ..errors import DeclcoalError

EPILOG = """\
examples:
  declcoal info examples/tick/cement.toml
  declcoal shapley examples/tick/cement.toml            exact Shapley value
  declcoal shapley examples/tick/tick.pl --game rand3    one game of Tick's data file
  declcoal solve examples/tick/cement.toml              every concept in one table
  declcoal convert examples/tick/tick.pl --game cement -o cement.json
  declcoal tighten examples/tick/cement.toml --gamma relative --mode faithful --trace
  declcoal core examples/tick/raiffa.toml               empty core, with its certificate
  declcoal reproduce tick                               Tick's Tables 2 and 3 beside ours
  declcoal nash examples/ray-vohra/example6.toml        every maximiser, binding threats
  declcoal crg core examples/crg/example2.lp            CRG core, blocking explanations
  declcoal viable cournot --A 23 --costs 1,3,5           viable coalition structures, with reasons

Numbers are exact: 0.8 in a file means 4/5, and results print as 71/2 (35.5).
Exit codes: 0 answer, 2 bad input, 1 internal error or solver limit.
"""


#: modules whose commands come first in --help, in this order; the rest follow by name
PREFERRED_ORDER = ["tu", "solve", "tick", "plot", "nash", "crg"]


def _command_modules() -> list[str]:
    pkg = importlib.import_module(__name__)
    names = [m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")]
    rank = {name: k for k, name in enumerate(PREFERRED_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (DESIGN.md, principle 6):
    ``declcoal: error: CMD: message (see 'declcoal CMD --help')``, exit 2. Subcommand
    parsers inherit the class, so every command behaves the same."""

    #: set True on a command's parser to let its options come anywhere among its
    #: positionals (``query GAME --json QUERY``): argparse's intermixed parsing
    intermixed = False

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        if self.intermixed and not getattr(self, "_mixing", False):
            self._mixing = True  # parse_known_intermixed_args calls back here twice
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._mixing = False
        return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        """As argparse's, but arguments left over are reported by the command they were
        given to (``shapley: unrecognized arguments: extra (see 'declcoal shapley --help')``),
        not by the top-level parser."""
        ns, extras = self.parse_known_args(args, namespace)
        if extras:
            argv = sys.argv[1:] if args is None else list(args)
            self._command_parser(argv).error("unrecognized arguments: " + " ".join(extras))
        return ns

    def _command_parser(self, argv: list[str]) -> "argparse.ArgumentParser":
        """The innermost (sub)command parser that ``argv`` chose."""
        from ._groups import _subcommands

        parser = self
        for token in argv:
            action = _subcommands(parser)
            if action is None:
                break
            if token in action.choices:
                parser = action.choices[token]
        return parser

    def error(self, message: str):  # type: ignore[override]
        name = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        where = f"{name}: " if name else ""
        _error(f"{where}{message} (see 'declcoal {name + ' ' if name else ''}--help')", None, 2)
        raise SystemExit(2)


#: set by main(): errors go to stderr as one JSON object when the command line has --json
_JSON_ERRORS = False


def _error(text: str, exc: BaseException | None, code: int, prefix: str = "declcoal: error: ") -> None:
    """One line on stderr: ``declcoal: error: ...``, or with --json a JSON object
    ``{"error", "type", "file", "line", "exit_code"}`` (exit codes unchanged)."""
    if _JSON_ERRORS:
        from ._render import error_json

        from ..errors import InputError

        print(error_json(exc if exc is not None else InputError(text), code), file=sys.stderr)
    else:
        print(f"{prefix}{text}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="declcoal",
        description="Coalitional games and their solution concepts, stated declaratively and solved exactly.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"declcoal {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [importlib.import_module(f"{__name__}.{name}") for name in _command_modules()]
    for mod in modules:  # all imported first, so shared registries (reproduce, solve) are full
        if hasattr(mod, "register"):
            mod.register(sub)
    from ._groups import require_commands

    require_commands(parser)  # a group without its command: help, one error line, exit 2
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI. Ctrl-C is handled from the first instruction (:mod:`declcoal.interrupt`):
    exit 130 with ``declcoal: interrupted``; a closed pipe (``| head``) ends quietly."""
    from .. import interrupt

    if argv is None:  # the real command line (in-process callers keep their own handlers)
        interrupt.install()
        from ._progress import install as _progress_bars

        _progress_bars()
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    global _JSON_ERRORS
    _JSON_ERRORS = "--json" in (sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        return _closed_pipe()
    except DeclcoalError as exc:
        if interrupt.requested():
            return _interrupted()
        _error(str(exc), exc, exc.exit_code)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the CLI never shows a traceback by default
        if interrupt.requested():
            return _interrupted()
        if debug:
            raise
        _error(f"{type(exc).__name__}: {exc} (rerun with --debug for details)", exc, 1, "declcoal: internal error: ")
        return 1


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed a one-line usage error (or --help)
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    code = int(args.func(args) or 0)
    sys.stdout.flush()  # a closed pipe shows here, inside the handlers of main()
    return code


def _interrupted() -> int:
    from .. import interrupt, progress

    interrupt.finish()
    where = progress.describe_interrupted()
    where = f"; {where}" if where else ""
    try:
        print(f"declcoal: interrupted (output printed above is complete{where})", file=sys.stderr)
    except (OSError, KeyboardInterrupt):  # pragma: no cover
        pass
    return 130


def _closed_pipe() -> int:
    """The reader went away (``declcoal ... | head``): stop quietly, and keep Python's
    final flush of stdout from failing again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
