"""``declcoal query GAME [QUERY] [-f FILE]``: ask your own questions of a game.

Thin: load the game, hand each statement to :mod:`declcoal.query`, render the answer.
Without QUERY or -f it opens an interactive top level in the manner of a CLP(R)
prompt (prompt-toolkit when available and on a terminal; plain lines otherwise).
"""
from __future__ import annotations

import argparse
import sys

from ..errors import DeclcoalError, InputError
from ..io import write_atomic
from ._args import add_game_argument, add_json_flag, games_from_args
from ._render import print_json, say

EPILOG = """\
examples:
  declcoal query examples/tick/cement.toml 'range x[X] subject to core'
  declcoal query examples/tick/cement.toml 'vertices subject to core'
  declcoal query examples/tick/cement.toml 'maximize x[Z] subject to least_core'
  declcoal query examples/tick/raiffa.toml core            empty core: the conflicting coalitions
  declcoal query examples/ray-vohra/example6.toml 'vertices subject to unblocked_efficient'
  declcoal query examples/crg/example2.lp 'find subject to together(a1, a2), achieved(g1)'
  declcoal query examples/crg/example2.lp stable           no structure is stable: why
  declcoal query examples/tick/cement.toml -f queries.txt  one statement per line
  declcoal query examples/tick/cement.toml                 interactive prompt ('help')
  declcoal query examples/tick/cement.toml 'maximize x[Z] subject to core' --emit smt2 | z3 -in

Statements: maximize|minimize|range EXPR, vertices, member POINT, find, count, all —
each followed by 'subject to CONSTRAINTS'; or just CONSTRAINTS. Exact rationals.
Exit codes: 0 answer (infeasible is an answer), 2 bad input, 1 solver limit.

Limits (docs/query.md, "Limits"; beyond them: one line, exit 2):
  expressions nest at most 100 levels deep (parentheses around a right operand, signs);
  flat sums and products may be of any length
  numbers as in game files: at most 200 digits, 1e-100 <= |x| < 1e100 (or 0), and so is
  every coefficient computed from them
  vertices: at most 3,000,000 candidate bases (d rows of the region at a time), and at
  most 2,000 convex pieces for a region with 'or' or '!='
  all (resource games): at most 1,000 structures listed (count has no limit)
  conflicts are made minimal by one solver call per constraint when Z3's unsat core has
  at most 60 of them
Long enumerations show a progress bar on a terminal; Ctrl-C says how far they came.
"""

PROMPT = "?- "


def _query_object(args: argparse.Namespace):
    from ..model.crg import CRG
    from ..query import query

    games = games_from_args(args)
    if len(games) != 1:
        names = ", ".join(str(getattr(g, "name", "?")) for g in games)
        raise InputError(f"the file holds {len(games)} games ({names}); choose one with --game NAME", file=args.game)
    game = games[0]
    if isinstance(game, CRG):
        rules = None
        if args.rules:
            from pathlib import Path

            from ..io.source import Source

            if Path(args.rules).is_dir():
                raise InputError(f"{args.rules} is a directory, expected a rules file (--rules)")
            rules = Source.read(args.rules).text  # UTF-8 (a byte-order mark dropped), or one line naming it
        return query(game, rules=rules, rules_name=args.rules or "rules")
    if args.rules:
        raise InputError("--rules (your own ASP rules) applies to coalitional resource games only")
    return query(game)


def _render(result, as_json: bool) -> None:
    if isinstance(result, str):
        if as_json:
            print_json({"message": result})
        elif result:
            say(result)
        return
    if as_json:
        print_json(result.to_dict())
    else:
        say(result.text())


def _emit(args: argparse.Namespace, q, text: str) -> int:
    from ..query import syntax
    from ..query.crg import CRGQuery

    stmt = syntax.parse(text)
    if isinstance(stmt, syntax.Command):
        raise InputError("--emit needs a query, not a command")
    if args.emit == "smt2":
        if isinstance(q, CRGQuery):
            raise InputError("--emit smt2 is for TU and bargaining games; a coalitional resource game exports as --emit lp")
        out = q.smt2(stmt, text)
    else:
        if not isinstance(q, CRGQuery):
            raise InputError("--emit lp is for coalitional resource games; a TU game exports as --emit smt2")
        items = q.items + list(stmt.items)
        goal = (stmt.goal.kind, stmt.goal.expr)
        out = q.program(items, goal, query=text)
    if args.output:
        write_atomic(args.output, out)
    else:
        sys.stdout.write(out)
    return 0


def _run_file(args: argparse.Namespace, q) -> int:
    path = args.file
    # bounded like every game file (declcoal.limits.input_bytes), UTF-8, "-" for stdin
    from ..io.source import Source

    lines = Source.read(path).text.splitlines()
    results = []
    try:
        for no, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith(("%", "#")):
                continue
            res = q.run(line, file=path, line=no)
            if args.json:
                results.append({"line": no, "statement": line.strip(),
                                "answer": res if isinstance(res, str) else res.to_dict()})
            else:  # answers appear as they are found
                say(f"{PROMPT}{line.strip()}")
                _render(res, False)
    except KeyboardInterrupt:
        if args.json:  # keep the finished answers
            print_json(results)
        raise
    if args.json:
        print_json(results)
    return 0


def _reader():
    """A function prompt -> line (raises EOFError at the end): prompt-toolkit with
    history and line editing on a terminal, plain input() otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        try:
            from prompt_toolkit import PromptSession
            from prompt_toolkit.history import FileHistory, InMemoryHistory

            try:
                import os

                hist = FileHistory(os.path.expanduser("~/.declcoal_query_history"))
            except OSError:  # pragma: no cover - read-only home
                hist = InMemoryHistory()
            session = PromptSession(history=hist)
            return lambda p: session.prompt(p)
        except ImportError:  # pragma: no cover - prompt-toolkit is a dependency
            pass
    if sys.stdin.isatty():
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:  # pragma: no cover
            pass
        return input
    return lambda p: _plain_line()


def _plain_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _interactive(args: argparse.Namespace, q) -> int:
    read = _reader()
    tty = sys.stdin.isatty()
    if tty:
        say(f"declcoal query top level for {q.game.name}: one statement per line; 'help', 'quit'.")
    while True:
        try:
            line = read(PROMPT)
        except EOFError:
            if tty:
                say("")
            return 0
        except KeyboardInterrupt:  # Ctrl-C clears the line, as in a CLP(R) top level
            continue
        if not tty and line.strip():
            say(f"{PROMPT}{line.strip()}")
        try:
            from ..query import syntax

            stmt = syntax.parse(line)
            if isinstance(stmt, syntax.Command) and stmt.name == "quit":
                return 0
            res = q.execute(stmt, line.strip())
            _render(res, args.json)
        except DeclcoalError as exc:
            say(f"error: {exc}")
        except KeyboardInterrupt:
            say("interrupted")


def _query(args: argparse.Namespace) -> int:
    if args.file and args.statement:
        raise InputError("give either a query or -f FILE, not both")
    if args.emit and not args.statement:
        raise InputError("--emit needs a query argument")
    if args.output and not args.emit:
        raise InputError("-o/--output goes with --emit")
    q = _query_object(args)
    for text in args.require or []:
        q.run(f"assert {text}")
    if args.emit:
        return _emit(args, q, args.statement)
    if args.file:
        return _run_file(args, q)
    if args.statement is not None:
        res = q.run(args.statement)
        _render(res, args.json)
        return 0
    return _interactive(args, q)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query", help="ask your own questions: constraints, optima, ranges, vertices, witnesses (exact)",
        description="Pose queries over a game as constraints, in the manner of a CLP(R) top level: TU and "
        "bargaining games are answered exactly (rational LPs with lazily generated coalition rows; Z3 for "
        "non-convex regions), coalitional resource games by clingo. Infeasible queries are explained by a "
        "minimal set of conflicting constraints. Without a QUERY or -f, opens an interactive prompt.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.intermixed = True  # options anywhere: query GAME --json QUERY
    add_game_argument(p)
    p.add_argument("statement", metavar="QUERY", nargs="?", help="one statement, e.g. 'range x[A] subject to core'")
    p.add_argument("-f", "--file", metavar="FILE", help="run a file of statements, one per line ('-': standard input)")
    p.add_argument("--require", action="append", metavar="CONSTRAINTS",
                   help="constraints asserted before the query (repeatable)")
    p.add_argument("--rules", metavar="FILE", help="your own ASP rules (coalitional resource games)")
    p.add_argument("--emit", choices=["smt2", "lp"],
                   help="print the complete solver program of QUERY instead of answering it "
                   "(smt2: plain z3; lp: plain clingo)")
    p.add_argument("-o", "--output", metavar="FILE", help="with --emit: write the program here (atomically)")
    add_json_flag(p)
    p.set_defaults(func=_query)
