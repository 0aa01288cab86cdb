"""``declcoal verify``: check a reduction on many small instances (issue 11).

    declcoal verify prop11 --vars 3 --clauses 3 --exhaustive --jobs 2 --db runs.sqlite
    declcoal verify prop9 --random 200 --seed 1 --vars 5 --clauses 6
    declcoal verify prop8 --crg 100                 random GCS games instead of formulas
    declcoal verify prop11 --file formula.cnf       one DIMACS formula
    declcoal verify mypackage.mymodule:MY_REDUCTION --exhaustive    your own reduction
"""
from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError
from ..limits import CAMPAIGN_INSTANCES, CAMPAIGN_JOBS, CAMPAIGN_LIMIT_SECONDS, DASK_CONNECT_SECONDS
from ._render import print_json, print_table, say

HELP = ("reduction: prop8, prop9, prop10, prop11 (Dunne et al. 2010), broken11 (a deliberately broken "
        "Prop. 11), or module:attribute for your own")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify", help="verify a complexity reduction on small instances (Dunne et al. 2010 Props. 8-11, or yours)",
        description="Build the reduction's game from every instance of a family, compare the instance's answer "
        "(e.g. satisfiable) with the game's (e.g. non-empty core) under both readings of preference (≻_i and "
        "u = V − c), and check certificates both ways. Disagreements are saved with their evidence (--out). "
        "Finished instances are kept in --db, so an interrupted run resumes.")
    p.add_argument("reduction", metavar="REDUCTION", help=HELP)
    p.add_argument("--vars", type=int, default=3, metavar="V", help="at most V variables (default 3)")
    p.add_argument("--clauses", type=int, default=3, metavar="C", help="at most C clauses (default 3)")
    fam = p.add_mutually_exclusive_group()
    fam.add_argument("--exhaustive", action="store_true", help="all formulas up to renaming and clause order (default)")
    fam.add_argument("--random", type=int, metavar="N", help="N seeded random k-CNF formulas")
    fam.add_argument("--cnfgen", metavar="NAME", help="a cnfgen family: php, ordering, randkcnf (sizes 1..V)")
    fam.add_argument("--crg", type=int, metavar="N", help="prop8/prop10: N random small GCS games instead of formulas")
    fam.add_argument("--file", metavar="DIMACS", help="one formula from a DIMACS file")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    p.add_argument("--k", type=int, default=3, metavar="K", help="clause width of random k-CNF (default 3)")
    p.add_argument("--min-vars", type=int, default=1, metavar="V", help="at least V variables (Prop. 9 assumes z > 1)")
    p.add_argument("--tautologies", action="store_true", help="exhaustive: also clauses containing x and ¬x")
    p.add_argument("--empty-clause", action="store_true", help="exhaustive: also the empty clause")
    run = p.add_mutually_exclusive_group()
    run.add_argument("--jobs", type=int, default=1, metavar="J",
                     help=f"worker processes (default 1; limit: at most {CAMPAIGN_JOBS:,})")
    run.add_argument("--dask", metavar="ADDR", help="a Dask scheduler address (tcp://host:8786)")
    p.add_argument("--db", metavar="FILE", help="SQLite file of finished instances (resumable)")
    p.add_argument("--out", metavar="DIR", help="save counterexamples here (DIMACS + CRG .lp + evidence.json)")
    p.add_argument("--limit", type=float, metavar="SEC",
                   help=f"time limit per instance (limit: at most {CAMPAIGN_LIMIT_SECONDS:,} s, a year)")
    p.add_argument("--max-instances", type=int, default=CAMPAIGN_INSTANCES, metavar="N",
                   help=f"limit: refuse runs of more than N instances at once (default {CAMPAIGN_INSTANCES:,})")
    p.add_argument("--dask-timeout", type=float, metavar="SEC",
                   help=f"seconds to reach the --dask scheduler before failing (default {DASK_CONNECT_SECONDS:g})")
    p.add_argument("--retry-failed", action="store_true", help="recompute instances stored as error or timeout")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the summary (and every record with --records) as JSON")
    p.add_argument("--records", action="store_true", help="with --json: every instance's record too")
    p.set_defaults(func=_verify)

    c = sub.add_parser(
        "construct", help="build a reduction's CRG from one instance (Dunne et al. 2010 Props. 8-11) and write it",
        description="Write the game a reduction builds: prop9 / prop11 from a DIMACS formula; prop8 / prop10 "
        "(Γ* with σ* = σ0) from a CRG file, or from a DIMACS formula through its GRAND COALITION SUCCESS game. "
        "The output (.lp ASP facts, .toml or .json) runs with the crg commands and with plain clingo.")
    c.add_argument("reduction", choices=["prop8", "prop9", "prop10", "prop11"], metavar="REDUCTION",
                   help="prop8, prop9, prop10 or prop11")
    c.add_argument("instance", metavar="FILE", help="a DIMACS .cnf file (prop8/prop10: or a CRG file)")
    c.add_argument("-o", "--output", metavar="OUT", help="write the game here (.lp, .toml, .json); default: print .lp facts")
    c.add_argument("--json", action="store_true", help="print the sizes (with the paper's formulas) as JSON")
    c.set_defaults(func=_construct)


#: the engine's messages name verify's own options
VERIFY_OPTIONS = {"limit_per_instance": "--limit", "jobs": "--jobs", "max_instances": "--max-instances",
                  "db": "--db", "dask_timeout": "--dask-timeout"}


def _spec_params(args) -> dict:
    """The parameters of the built-in campaign ``verify`` for these arguments."""
    from ..reductions.verify import resolve

    resolve(args.reduction)  # a one-line error now, not in every worker
    if args.clauses < 1:
        raise InputError(f"--clauses must be at least 1, got {args.clauses}")
    if args.vars < 0 or args.min_vars < 0 or args.min_vars > args.vars:
        raise InputError(f"need 0 <= --min-vars <= --vars, got {args.min_vars} and {args.vars}")
    if args.vars > 8 and not (args.random or args.cnfgen):
        raise InputError(f"--vars {args.vars}: exhaustive enumeration is meant for at most 8 variables")
    p: dict = {"reduction": args.reduction, "vars": args.vars, "clauses": args.clauses}
    if args.file:
        from ..io.dimacs import read_dimacs

        return {"reduction": args.reduction, "family": "formula", "cnf": read_dimacs(args.file).to_dict()}
    if args.crg is not None:
        if args.reduction not in ("prop8", "prop10"):
            raise InputError("--crg gives GRAND COALITION SUCCESS games: only for prop8 and prop10")
        if args.crg < 1:
            raise InputError(f"--crg must be at least 1, got {args.crg}")
        return {"reduction": args.reduction, "family": "crg", "count": args.crg, "seed": args.seed}
    if args.random is not None:
        if args.random < 1:
            raise InputError(f"--random must be at least 1, got {args.random}")
        return {**p, "family": "random", "count": args.random, "seed": args.seed, "k": args.k, "min_vars": args.min_vars}
    if args.cnfgen:
        from ..model.cnf import CNFGEN_FAMILIES

        if args.cnfgen not in CNFGEN_FAMILIES:
            raise InputError(f"unknown cnfgen family {args.cnfgen!r} (use {', '.join(CNFGEN_FAMILIES)})")
        return {**p, "family": f"cnfgen:{args.cnfgen}", "seed": args.seed}
    return {**p, "family": "exhaustive", "min_vars": args.min_vars, "tautologies": args.tautologies,
            "empty": args.empty_clause}


def _verify(args) -> int:
    from ..reductions.runner import run

    from ..reductions.campaign import verify_campaign

    if args.k < 1:
        raise InputError(f"--k {args.k}: the clause width must be at least 1")
    params = _spec_params(args)
    camp = verify_campaign(**params)
    from ..campaigns.engine import too_many

    least = camp.least_count()
    if least > args.max_instances:
        raise too_many(camp.name, least, args.max_instances, "--max-instances", at_least=params["family"] == "exhaustive")
    if args.out:
        import os

        try:
            os.makedirs(args.out, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--out {args.out}: cannot create the folder ({exc.strerror or exc})") from None
    res = run(camp, jobs=args.jobs, dask=args.dask, db=args.db, limit_per_instance=args.limit,
              progress=not args.no_progress and not args.json and sys.stderr.isatty(), out_dir=args.out,
              spec="verify", spec_params=params, retry_failed=args.retry_failed, max_instances=args.max_instances,
              dask_timeout=args.dask_timeout, options=VERIFY_OPTIONS)
    s = res.summary
    if args.json:
        out = {"reduction": args.reduction, "params": camp.params, "summary": s, "interrupted": res.interrupted,
               "counterexamples": res.counterexamples}
        if args.records:
            out["records"] = res.records
        print_json(out)
        return 130 if res.interrupted else 0
    say(f"{camp.name}: {s['instances']} instances ({s.get('source_yes', 0)} yes, {s.get('source_no', 0)} no); "
        f"status {', '.join(f'{k} {v}' for k, v in sorted(s['status'].items()))}")
    rows = []
    for n, c in s["notions"].items():
        rows.append([n, c["agree"], c["disagree"], f"{c['forward_ok']}/{c['forward_checked']}",
                     f"{c['paper_forward_ok']}/{c['paper_forward_checked']}" if c["paper_forward_checked"] else "—",
                     f"{c['backward_ok']}/{c['backward_checked']}", f"{c['refutation_ok']}/{c['refutation_checked']}",
                     c["first_disagreement"] or "—"])
    print_table("agreement of the source and target answers, certificates checked",
                ["notion", "agree", "disagree", "forward ok", "paper's forward map ok", "backward ok",
                 "refutation ok", "first disagreement"], rows)
    say(f"construction sizes match the paper's formulas: {'yes' if s['sizes_match_paper'] else 'NO'}")
    if res.counterexamples:
        say(f"{len(res.counterexamples)} counterexample folder(s) saved under {args.out}")
    if res.interrupted:
        say(f"interrupted: {s['instances']} of {res.total} instances finished"
            + (f", kept in {args.db}; rerun the same command to resume" if args.db else " (give --db to resume)"))
        return 130
    return 0


def _construct(args) -> int:
    from pathlib import Path

    from ..io import dumps_game, load_games, save_game
    from ..io.dimacs import read_dimacs
    from ..model.crg import CRG
    from ..reductions import constructions as K

    src = Path(args.instance)
    cnf = None
    if args.reduction in ("prop9", "prop11") or src.suffix.lower() in (".cnf", ".dimacs"):
        cnf = read_dimacs(src)
    if args.reduction == "prop9":
        game = K.prop9_game(cnf)
        expected = K.expected_sizes("prop9", z=cnf.z, k=cnf.k, literals=len(cnf.literals()))
    elif args.reduction == "prop11":
        game = K.prop11_game(cnf)
        expected = K.expected_sizes("prop11", z=cnf.z, k=cnf.k, literals=len(cnf.literals()))
    else:
        if cnf is not None:
            gcs = K.gcs_from_cnf(cnf)
        else:
            games = [g for g in load_games(src) if isinstance(g, CRG)]
            if len(games) != 1:
                raise InputError(f"{src}: expected one coalitional resource game, found {len(games)}")
            gcs = games[0]
        game = K.prop8_game(gcs)
        expected = K.expected_sizes(args.reduction, n=gcs.n, m=gcs.m, t=gcs.t)
    sizes = K.sizes(game)
    if args.output:
        save_game(game, args.output)
    if args.json:
        print_json({"reduction": args.reduction, "sizes": sizes, "paper": expected, "match": sizes == expected,
                    "output": args.output})
    elif args.output:
        say(f"{args.reduction}: {sizes['agents']} agents, {sizes['goals']} goals, {sizes['resources']} resources "
            f"(paper: {expected['agents']}, {expected['goals']}, {expected['resources']}) written to {args.output}")
    else:
        sys.stdout.write(dumps_game(game, "lp"))
    return 0
