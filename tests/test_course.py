"""The course (docs/course/): every lesson runs as printed, every exercise solution
passes its checks, and every untouched skeleton fails them (so no check is vacuous)."""
from __future__ import annotations

from pathlib import Path

import pytest

from declcoal.course.exercises import check_exercises, solution_path
from declcoal.course.runner import blocks, run_lesson

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "docs" / "course"
LESSONS = sorted(COURSE.glob("[0-9][0-9]-*.md"))
EXERCISES = sorted((COURSE / "exercises").glob("lesson*.py"))


def test_there_is_a_course():
    assert len(LESSONS) >= 1 and len(EXERCISES) >= 1


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_as_printed(lesson):
    res = run_lesson(lesson, workdir=ROOT)
    assert res.examples > 0, "a lesson without a single executed example"
    assert res.ok, "\n\n".join(map(str, res.failures))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_solutions_pass(exercise, monkeypatch):
    monkeypatch.chdir(ROOT)
    outcomes = check_exercises(exercise, solution_path(exercise))
    assert len(outcomes) >= 2
    failed = [f"{o.number}: {o.message}" for o in outcomes if not o.passed]
    assert not failed, failed


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_skeletons_fail_every_check(exercise, monkeypatch):
    monkeypatch.chdir(ROOT)
    outcomes = check_exercises(exercise)
    passed = [o.number for o in outcomes if o.passed]
    assert not passed, f"these checks pass on the unsolved skeleton: {passed}"


def test_every_lesson_links_its_exercises_and_the_next_lesson():
    for k, lesson in enumerate(LESSONS):
        text = lesson.read_text(encoding="utf-8")
        assert "## Exercises" in text, lesson.name
        if k + 1 < len(LESSONS):
            assert LESSONS[k + 1].name in text, f"{lesson.name} does not link to {LESSONS[k + 1].name}"


def test_a_broken_lesson_fails(tmp_path):
    res = run_lesson(ROOT / "tests" / "fixtures" / "broken_lesson.md", workdir=ROOT)
    assert not res.ok
    assert len(res.failures) == 3
    lines = [f.line for f in res.failures]
    assert lines == sorted(lines) and lines[0] == 5
    assert "Fraction(5, 6)" in res.failures[0].got
    assert "71/2" in res.failures[1].got
    assert "RuntimeError" in res.failures[2].got


def test_the_runner_reads_fences_and_flags():
    md = "text\n```pycon skip\n>>> 1/0\n```\n\n````console\n$ declcoal --version\n```\nnested\n```\n````\n"
    bs = blocks(md)
    assert [(b.kind, b.flags) for b in bs] == [("pycon", ("skip",)), ("console", ())]
    assert "nested" in bs[1].text


def test_course_cli(capsys, monkeypatch):
    from declcoal.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["course", "list"]) == 0
    assert "01-" in capsys.readouterr().out
    assert main(["course", "run", str(ROOT / "tests" / "fixtures" / "broken_lesson.md")]) == 1
    assert "FAILED" in capsys.readouterr().out
    assert main(["course", "check", str(EXERCISES[0]), "--solution"]) == 0
    assert main(["course", "check", str(EXERCISES[0])]) == 1
    assert main(["course", "check", "nonexistent.py"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such exercise file" in err
