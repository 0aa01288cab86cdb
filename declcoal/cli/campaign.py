"""``declcoal campaign run|report|list``: sweeps and verifications (issue 10).

Renders only: the engine is :mod:`declcoal.campaigns`.
"""
from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..limits import CAMPAIGN_INSTANCES, CAMPAIGN_JOBS, CAMPAIGN_LIMIT_SECONDS, DASK_CONNECT_SECONDS
from ._render import console, err_console, print_json, print_table, say

EPILOG = """\
examples:
  declcoal campaign list
  declcoal campaign run theorem2 n=4 --count 10000 --seed 1      all cores, resumable
  declcoal campaign run theorem3 n=3 --count 300 --dask local:2   a local Dask cluster
  declcoal campaign run crg-props --count 200 --jobs 1 --db crg.sqlite
  declcoal campaign run mypkg.mymodule:campaign size=3 --limit-per-instance 10
  declcoal campaign report theorem2-*.sqlite --json

Rerunning the same command resumes: finished instances are never recomputed.
Ctrl-C stops cleanly (exit 130) and keeps every finished row.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "campaign", help="run a check over thousands of instances on all cores or a Dask cluster; resumable",
        description="Campaigns: an instance source + a check, run in batches on local processes (all cores by "
        "default), in-process, or on Dask distributed; one SQLite row per instance, written as results arrive.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    csub = p.add_subparsers(dest="campaign_command", metavar="SUBCOMMAND", parser_class=_intermixed_parser())

    q = csub.add_parser("run", help="run (or resume) a campaign", epilog=EPILOG,
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("campaign", metavar="NAME", help="a built-in (see 'campaign list') or module.path:attribute "
                   "(also path/to/file.py:attribute): a campaign object, or a factory called with the parameters")
    q.add_argument("params", nargs="*", metavar="KEY=VALUE", help="campaign parameters (values read as JSON when "
                   "they parse: n=4 is a number, dist=uniform a string)")
    q.add_argument("--param", "-p", action="append", default=[], metavar="KEY=VALUE",
                   help="a campaign parameter (same as a positional KEY=VALUE; repeatable)")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--jobs", "-j", type=int, metavar="N", help=f"local worker processes (default: all cores; "
                       f"limit: at most {CAMPAIGN_JOBS:,})")
    where.add_argument("--dask", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786), or local:N to "
                       "start a LocalCluster of N worker processes")
    where.add_argument("--inprocess", action="store_true", help="run every check in this process (debugging)")
    q.add_argument("--db", metavar="FILE", help="results database (default: NAME-HASH.sqlite here, one per "
                   "campaign and parameters)")
    q.add_argument("--limit-per-instance", type=float, metavar="S", help="seconds per instance; beyond it the "
                   f"instance is a 'timeout' row and the campaign goes on (limit: at most {CAMPAIGN_LIMIT_SECONDS:,}, "
                   "a year)")
    q.add_argument("--max-instances", type=int, default=CAMPAIGN_INSTANCES, metavar="N",
                   help=f"limit: refuse campaigns of more than N instances at once (default {CAMPAIGN_INSTANCES:,}; "
                   "a campaign that does not say its size is refused when it yields one more)")
    q.add_argument("--dask-timeout", type=float, metavar="SEC", help=f"seconds to reach the --dask scheduler "
                   f"before failing (default {DASK_CONNECT_SECONDS:g})")
    q.add_argument("--seed", type=int, help="shorthand for the parameter seed=S")
    q.add_argument("--count", type=int, help="shorthand for the parameter count=N")
    q.add_argument("--batch-size", type=int, metavar="B", help="instances per task (default: about 8 batches "
                   "per worker, at most 64)")
    q.add_argument("--out", metavar="DIR", help="folder for counterexample files (default: beside the database)")
    q.add_argument("--retry-failed", action="store_true", help="recompute earlier error and timeout rows")
    q.add_argument("--no-progress", action="store_true", help="no progress bar")
    q.add_argument("--json", action="store_true", help="print the run's summary as JSON")
    q.set_defaults(func=_run)

    q = csub.add_parser("report", help="summarise a results database: counts, agreements, failures, slowest")
    q.add_argument("db", metavar="DB", help="a campaign's SQLite file")
    q.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")
    q.add_argument("--slowest", type=int, default=5, metavar="K", help="how many slowest instances (default 5)")
    q.add_argument("--failures", type=int, default=10, metavar="K", help="how many failures to list (default 10)")
    q.set_defaults(func=_report)

    q = csub.add_parser("list", help="the built-in campaigns and their parameters")
    q.add_argument("--json", action="store_true", help="print machine-readable JSON instead of a table")
    q.set_defaults(func=_list)


def _intermixed_parser():
    """The CLI's parser class, but KEY=VALUE parameters may come after options too
    (``campaign run demo --count 9 start=5``): argparse's intermixed parsing."""
    from . import Parser

    class Intermixed(Parser):
        _inside = False

        def parse_known_args(self, args=None, namespace=None):
            if self._inside:
                return super().parse_known_args(args, namespace)
            self._inside = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._inside = False

    return Intermixed


def _params(args) -> dict:
    from ..campaigns import parse_params

    params = parse_params([*args.params, *args.param])
    for key in ("seed", "count"):
        value = getattr(args, key)
        if value is not None:
            if key in params and params[key] != value:
                raise InputError(f"--{key} {value} contradicts the parameter {key}={params[key]}")
            params[key] = value
    return params


def _run(args) -> int:
    from ..campaigns import CampaignInterrupted, load_campaign, run_campaign

    params = _params(args)
    campaign = load_campaign(args.campaign, params)
    executor = "inprocess" if args.inprocess else "local"
    try:
        run = run_campaign(
            campaign, executor=executor, jobs=args.jobs, dask=args.dask, db=args.db, batch_size=args.batch_size,
            limit_per_instance=args.limit_per_instance, progress=not args.no_progress and not args.json,
            out_dir=args.out, retry_failed=args.retry_failed, spec=args.campaign, spec_params=params,
            max_instances=args.max_instances, dask_timeout=args.dask_timeout,
        )
    except CampaignInterrupted as exc:
        run = exc.run
        err_console.print(
            f"interrupted: {run.finished} of {run.total} instances finished ({run.computed} in this run; "
            f"{_counts_text(run.counts)}), kept in {run.db}; rerun the same command to resume",
            markup=False, highlight=False,
        )
        if args.json:
            print_json(run.to_dict())
        return 130
    if args.json:
        print_json(run.to_dict())
        return 0
    _kv_table(
        f"campaign {run.name}",
        [
            ["parameters", _params_text(run.params)],
            ["executor", run.executor],
            ["instances", str(run.total)],
            ["already finished", str(run.skipped)],
            ["computed now", str(run.computed)],
            ["ok / error / timeout", f"{run.counts['ok']} / {run.counts['error']} / {run.counts['timeout']}"],
            ["wall time", f"{run.seconds:.2f} s"],
            ["database", str(run.db)],
            ["files", f"{len(run.files)} in {run.out_dir}" if run.files else "-"],
        ],
    )
    say(f"details: declcoal campaign report {run.db}")
    return 0


def _kv_table(title: str, rows: list) -> None:
    """A two-column table without a header row: names on the left, values on the right."""
    from rich.table import Table

    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(str(name), str(value))
    console.print(table)


def _params_text(params: dict) -> str:
    """``n=4, A=[10,23]``: values as they would be typed after ``campaign run``."""
    import json

    return ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))}"
                     for k, v in params.items()) or "-"


def _counts_text(counts: dict) -> str:
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def _report(args) -> int:
    from ..campaigns import report

    rep = report(args.db, slowest=args.slowest, failures=args.failures)
    if args.json:
        print_json(rep)
        return 0
    params = _params_text(rep["params"] or {})
    secs = rep["seconds"]
    _kv_table(
        f"campaign {rep['campaign']} ({rep['db']})",
        [
            ["parameters", params],
            ["rows", str(rep["rows"])],
            *[[status, str(n)] for status, n in rep["counts"].items()],
            ["check time", f"{secs['total']:.3f} s total, {_sec(secs['mean'])} mean, {_sec(secs['max'])} max"],
        ],
    )
    if rep["agreements"]:
        print_table("agreements (boolean fields)", ["field", "true", "false"],
                    [[k, str(v["true"]), str(v["false"])] for k, v in rep["agreements"].items()])
    if rep["distributions"]:
        print_table("distributions", ["field", "values"],
                    [[k, ", ".join(f"{a}: {b}" for a, b in v.items())] for k, v in rep["distributions"].items()])
    if rep["failures"]:
        print_table("failures (first)", ["index", "id", "status", "message"],
                    [[str(f["index"]), f["id"], f["status"], f["error"] or ""] for f in rep["failures"]])
    if rep["slowest"]:
        print_table("slowest", ["index", "id", "status", "seconds"],
                    [[str(s["index"]), s["id"], s["status"], f"{s['seconds']:.4f}"] for s in rep["slowest"]])
    summary = rep.get("summary")
    if summary:
        import json

        _kv_table("campaign summary", [[k, v if isinstance(v, str) else json.dumps(v)] for k, v in summary.items()])
    return 0


def _sec(x) -> str:
    return "-" if x is None else f"{x:.4f} s"


def _list(args) -> int:
    from ..campaigns import builtins

    table = builtins()
    if args.json:
        print_json({name: {"help": b.help, "parameters": b.parameters()} for name, b in table.items()})
        return 0
    print_table("built-in campaigns", ["name", "parameters (defaults)", "checks"],
                [[name, _params_text(b.parameters()), b.help] for name, b in table.items()])
    say("your own: declcoal campaign run mypkg.mymodule:campaign [key=value ...]  (see docs/campaigns.md)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(2)
