"""``declcoal export GAME --concept C --format smt2|lp``: a concept as a plain solver program.

Thin: the programs are built by :mod:`declcoal.query.export` (SMT-LIB 2 for TU games,
runnable with plain ``z3``; ASP with the encodings inlined for coalitional resource
games, runnable with plain ``clingo``).
"""
from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..io import write_atomic
from ._args import add_game_argument, games_from_args

EPILOG = """\
examples:
  declcoal export examples/tick/cement.toml --concept core --format smt2 | z3 -in
  declcoal export examples/tick/raiffa.toml --concept core --format smt2     unsat; (get-unsat-core)
  declcoal export examples/tick/cement.toml --concept least-core --format smt2 -o lc.smt2
  declcoal export examples/crg/example2.lp --concept core --format lp -o core.lp && clingo core.lp
  declcoal export examples/crg/example3.lp --concept block --sigma examples/crg/example3_sigma.lp --format lp

TU concepts (smt2): core, imputation, eps-core (--eps), least-core, nucleolus-step.
CRG concepts (lp): feasible, sf (--coalition), successful, block (--sigma), core, weak-core,
strong-core, stable-structures.

Size: a TU export writes every coalition row, 2^n - 1 of them (exact games have at most
20 players: about a million rows; 18 players take about 30 s); a progress bar shows on a
terminal.
"""


def _export(args: argparse.Namespace) -> int:
    from ..model.crg import CRG
    from ..model.tu import TUGame
    from ..query.export import CRG_CONCEPTS, TU_CONCEPTS, crg_concept_lp, tu_concept_smt2

    games = games_from_args(args)
    if len(games) != 1:
        raise InputError(f"the file holds {len(games)} games; choose one with --game NAME", file=args.game)
    game = games[0]
    if isinstance(game, TUGame):
        if args.format != "smt2":
            raise InputError("TU concepts export as SMT-LIB 2: use --format smt2")
        if args.concept not in TU_CONCEPTS:
            raise InputError(f"concept {args.concept!r} is not a TU concept; use one of {', '.join(TU_CONCEPTS)}")
        text = tu_concept_smt2(game, args.concept, eps=args.eps)
    elif isinstance(game, CRG):
        if args.format != "lp":
            raise InputError("coalitional resource games export as ASP: use --format lp")
        if args.concept not in CRG_CONCEPTS:
            raise InputError(f"concept {args.concept!r} is not a CRG concept; use one of {', '.join(CRG_CONCEPTS)}")
        sigma = None
        if args.sigma:
            from ..io.crg import read_sigma

            sigma = read_sigma(game, args.sigma)
        coalition = None
        if args.coalition:
            from ..model.crg import _names_to_mask

            coalition = _names_to_mask(args.coalition.replace(",", " ").split(), game.agents, "agent")
        text = crg_concept_lp(game, args.concept, sigma=sigma, coalition=coalition)
    else:
        raise InputError(f"export covers TU games and coalitional resource games, not {type(game).__name__}",
                         file=args.game)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    from ..query.export import CRG_CONCEPTS, TU_CONCEPTS

    p = sub.add_parser("export", help="write a concept as a plain Z3 (SMT-LIB 2) or clingo (ASP) program",
                       description="Write a built-in concept of a game as a complete program for another solver: "
                       "SMT-LIB 2 for TU games (run with plain z3), ASP for coalitional resource games (run with "
                       "plain clingo; the encodings are inlined).", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_game_argument(p)
    p.add_argument("--concept", required=True, choices=sorted(set(TU_CONCEPTS) | set(CRG_CONCEPTS)),
                   help="the concept to export")
    p.add_argument("--format", required=True, choices=["smt2", "lp"], help="smt2 (TU games) or lp (CRGs)")
    p.add_argument("--eps", metavar="E", help="eps-core: the epsilon (exact, e.g. 1/10)")
    p.add_argument("--sigma", metavar="FILE", help="block: the coalition structure")
    p.add_argument("--coalition", metavar="AGENTS", help="feasible: the coalition, e.g. 'a1 a3'")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of standard output")
    p.set_defaults(func=_export)
