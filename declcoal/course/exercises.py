"""Check a lesson's exercises: a student's file, or the teacher's solutions.

An exercise file (``docs/course/exercises/lessonNN.py``) holds skeleton functions that
raise ``NotImplementedError`` and, at the bottom, a dictionary ``CHECKS`` mapping an
exercise number (``"1.1"``) to a check: a function that takes the *module holding the
answers* and raises ``AssertionError`` (with a message a student can act on) when an
answer is wrong. The solutions (``docs/course/solutions/lessonNN.py``) define the same
functions, solved.

:func:`check_exercises` runs every check against the exercise file itself (the
student's work, edited in place) or against another module (the solutions). The test
suite runs both ways: every solution must pass, and every untouched skeleton must fail
the same check — so a check that cannot fail is caught.
"""
from __future__ import annotations

import importlib.util
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class ExerciseOutcome:
    """One exercise checked: its number, whether it passed, and why not."""

    number: str
    passed: bool
    message: str = ""


def load_module(path: str | Path, name: str | None = None) -> ModuleType:
    """Import a Python file by path (exercise and solution files are not packages)."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(name or f"_course_{path.stem}_{abs(hash(str(path)))}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution_path(exercise: str | Path) -> Path:
    """Where the solutions of an exercise file live (``../solutions/<same name>``)."""
    exercise = Path(exercise)
    return exercise.parent.parent / "solutions" / exercise.name


def check_exercises(exercise: str | Path, answers: str | Path | None = None) -> list[ExerciseOutcome]:
    """Run the ``CHECKS`` of the exercise file against ``answers`` (a path; by default the
    exercise file itself, i.e. the student's work). One outcome per exercise, in order."""
    checks_module = load_module(exercise)
    checks = getattr(checks_module, "CHECKS", None)
    if not isinstance(checks, dict) or not checks:
        raise ValueError(f"{exercise}: no CHECKS dictionary (exercise number -> check function)")
    target = checks_module if answers is None else load_module(answers)
    outcomes = []
    for number, check in checks.items():
        try:
            check(target)
        except NotImplementedError:
            outcomes.append(ExerciseOutcome(number, False, "not done yet (the function still raises NotImplementedError)"))
        except AssertionError as exc:
            outcomes.append(ExerciseOutcome(number, False, str(exc) or "a check failed"))
        except Exception as exc:  # noqa: BLE001 - a student's bug is a failed exercise, not a crash
            last = traceback.extract_tb(exc.__traceback__)[-1]
            outcomes.append(ExerciseOutcome(number, False, f"{type(exc).__name__}: {exc} "
                                                          f"({Path(last.filename).name}:{last.lineno})"))
        else:
            outcomes.append(ExerciseOutcome(number, True))
    return outcomes
