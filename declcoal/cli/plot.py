"""``declcoal plot GAME -o FILE.png``: the imputation simplex of a 3-player game."""
from __future__ import annotations

import argparse

from ..concepts.tu.tightening import FAMILIES
from ..errors import InputError
from ._args import add_game_argument, add_json_flag, tu_games_from_args
from ._render import print_json, say


def _plot(args: argparse.Namespace) -> int:
    if not args.output.lower().endswith(".png"):
        raise InputError(f"-o must name a .png file, got {args.output!r}")
    games = tu_games_from_args(args)
    if len(games) != 1:
        raise InputError(f"the file holds {len(games)} games; choose one with --game NAME", file=args.game)
    from ..viz.simplex import plot_simplex

    plot_simplex(games[0], args.output, gamma=args.gamma)
    if args.json:
        print_json({"wrote": args.output, "format": "png", "game": games[0].name, "gamma": args.gamma})
    else:
        say(f"wrote {args.output}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plot", help="draw the imputation simplex of a 3-player game with Tick's tightening",
                       description="Draw the plane x1+x2+x3 = v(N) (Tick 1995, Figures 5-6): constraint lines, the "
                       "core, the tightened regions of each iteration, the Shapley value, the nucleolus and the "
                       "final tightened point. Needs matplotlib (pip install 'declcoal[plot]').")
    add_game_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help="PNG file to write (atomically)")
    p.add_argument("--gamma", choices=FAMILIES, default="relative", help="tightening family (default relative)")
    add_json_flag(p)
    p.set_defaults(func=_plot)
