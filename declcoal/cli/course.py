"""``declcoal course``: run the course's lessons and check exercises (docs/course/)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import InputError

LESSONS_DIR = Path("docs") / "course"


def _lessons(paths: list[str]) -> list[Path]:
    if paths:
        out = [Path(p) for p in paths]
    else:
        out = sorted(LESSONS_DIR.glob("[0-9][0-9]-*.md"))
        if not out:
            raise InputError(f"no lessons found in {LESSONS_DIR}/ (run from the repository root, or name the lessons)")
    for p in out:
        if not p.is_file():
            raise InputError(f"{p}: no such lesson file")
    return out


def cmd_list(args) -> int:
    for p in _lessons([]):
        title = next((ln.lstrip("# ").strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.startswith("# ")), "")
        print(f"{p}  {title}")
    return 0


def cmd_run(args) -> int:
    from ..course.runner import run_lesson

    failed = 0
    report = []
    for path in _lessons(args.lessons):
        res = run_lesson(path)
        report.append({"lesson": str(path), "examples": res.examples, "failures": [str(f) for f in res.failures]})
        if not args.json:
            status = "ok" if res.ok else f"{len(res.failures)} FAILED"
            print(f"{path}: {res.examples} examples in {res.blocks} blocks: {status}")
            for f in res.failures:
                print(f, file=sys.stderr)
        failed += not res.ok
    if args.json:
        print(json.dumps(report, indent=2))
    return 1 if failed else 0


def cmd_check(args) -> int:
    from ..course.exercises import check_exercises, solution_path

    path = Path(args.exercise)
    if not path.is_file():
        raise InputError(f"{path}: no such exercise file")
    answers = solution_path(path) if args.solution else (Path(args.answers) if args.answers else None)
    if answers is not None and not Path(answers).is_file():
        raise InputError(f"{answers}: no such file")
    try:
        outcomes = check_exercises(path, answers)
    except (ValueError, ImportError, SyntaxError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    if args.json:
        print(json.dumps([o.__dict__ for o in outcomes], indent=2))
    else:
        for o in outcomes:
            print(f"exercise {o.number}: " + ("ok" if o.passed else f"not yet — {o.message}"))
    return 0 if all(o.passed for o in outcomes) else 1


def register(sub) -> None:
    p = sub.add_parser("course", help="run the course's lessons, check exercises (docs/course/)",
                       description="The constraint-programming course in docs/course/: every lesson is a page "
                                   "whose code blocks run and are checked; exercises are checked by their CHECKS.")
    csub = p.add_subparsers(dest="course_command", metavar="SUBCOMMAND")
    pl = csub.add_parser("list", help="the lessons, in order")
    pl.set_defaults(func=cmd_list)
    pr = csub.add_parser("run", help="run lessons (all, by default) and compare every printed output")
    pr.add_argument("lessons", nargs="*", help="lesson files (default: docs/course/NN-*.md)")
    pr.add_argument("--json", action="store_true")
    pr.set_defaults(func=cmd_run)
    pc = csub.add_parser("check", help="check the exercises of a lesson (your answers, in the exercise file)")
    pc.add_argument("exercise", help="e.g. docs/course/exercises/lesson01.py")
    g = pc.add_mutually_exclusive_group()
    g.add_argument("--solution", action="store_true", help="check the teacher's solutions instead")
    g.add_argument("--answers", metavar="FILE", help="check the functions of another file")
    pc.add_argument("--json", action="store_true")
    pc.set_defaults(func=cmd_check)
