"""Run a lesson of the course: every code block of a Markdown page, in order, checked.

A lesson (``docs/course/*.md``) is ordinary Markdown that a reader can follow line by
line. Three kinds of fenced blocks are executed, in one namespace, from the top of the
page to the bottom, with the repository root (or the folder given) as the working
directory, so that paths such as ``examples/tick/cement.toml`` work as printed:

```` ```pycon ````
    Python interpreter sessions (``>>>`` / ``...`` prompts followed by the expected
    output), checked exactly as :mod:`doctest` checks them, with ``ELLIPSIS`` and
    ``NORMALIZE_WHITESPACE`` on: ``...`` in an expected output stands for any text
    (use it for times and solver statistics that vary from machine to machine).
```` ```python ````
    Plain Python, executed (definitions, imports); nothing is compared.
```` ```console ````
    Shell sessions: each ``$ declcoal ARGS`` line runs the declcoal command in-process
    and its standard output and standard error are compared with the lines that follow
    it, as doctest compares outputs. ``$ python -m clingo ...`` lines run clingo the
    same way (in a subprocess). Other ``$`` lines (``pip``, ``cd``) are shown, not run.

Other blocks (``lp``, ``smt2``, ``toml``, ``text`` …) are shown to the reader and not
run. A block whose opening fence carries ``skip`` (```` ```pycon skip ````) is not run.

This is what ``declcoal course run LESSON.md`` and the test suite use, so a lesson that
stops working fails CI. The same page works with plain ``python -m doctest`` for its
``pycon`` blocks when each expected output is followed by a blank line.
"""
from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
RUN_KINDS = {"pycon", "python", "console"}
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    """One fenced block: its language, the info string's flags, its text and first line."""

    kind: str
    flags: tuple[str, ...]
    text: str
    line: int  # 1-based line of the first line inside the fence


@dataclass
class Failure:
    """One failed example: where, what ran, what was expected and what came."""

    path: str
    line: int
    source: str
    expected: str
    got: str

    def __str__(self) -> str:
        exp = self.expected.rstrip("\n") or "(nothing)"
        got = self.got.rstrip("\n") or "(nothing)"
        return (f"{self.path}:{self.line}: example failed\n    {self.source.strip()}\n"
                f"  expected:\n{_indent(exp)}\n  got:\n{_indent(got)}")


@dataclass
class LessonResult:
    """What running a lesson gave: examples run, failures (empty when the lesson works)."""

    path: str
    examples: int = 0
    blocks: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def blocks(markdown: str) -> list[Block]:
    """The fenced code blocks of a Markdown text, in order (nested fences respected)."""
    out: list[Block] = []
    lines = markdown.splitlines()
    k = 0
    while k < len(lines):
        m = FENCE.match(lines[k])
        if not m:
            k += 1
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        words = info.replace("{", " ").replace("}", " ").split()
        kind = words[0].lower() if words else ""
        body: list[str] = []
        j = k + 1
        while j < len(lines):
            close = FENCE.match(lines[j])
            if close and close.group("fence")[0] == fence[0] and len(close.group("fence")) >= len(fence) \
                    and not close.group("info").strip():
                break
            body.append(lines[j])
            j += 1
        indent = len(m.group("indent"))
        text = "\n".join(line[indent:] if line[:indent].isspace() else line for line in body)
        out.append(Block(kind, tuple(words[1:]), text + "\n", k + 2))
        k = j + 1
    return out


class _Checker(doctest.OutputChecker):
    def ok(self, want: str, got: str) -> bool:
        return self.check_output(want, got, OPTIONS)


def _run_pycon(block: Block, globs: dict, path: str, result: LessonResult) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.text, globs, path, path, block.line - 1)
    test.globs = globs  # one namespace for the whole page (DocTest would work on a copy)
    failures: list[Failure] = []

    class Runner(doctest.DocTestRunner):
        def report_failure(self, out, test, example, got):  # noqa: D401 - doctest hook
            failures.append(Failure(path, test.lineno + example.lineno + 1, example.source, example.want, got))

        def report_unexpected_exception(self, out, test, example, exc_info):
            got = "".join(__import__("traceback").format_exception_only(exc_info[0], exc_info[1]))
            if example.exc_msg is not None:  # an expected exception of another kind
                got = "Traceback (most recent call last):\n  ...\n" + got
            failures.append(Failure(path, test.lineno + example.lineno + 1, example.source, example.want, got))

    runner = Runner(checker=doctest.OutputChecker(), optionflags=OPTIONS, verbose=False)
    runner.run(test, out=lambda s: None, clear_globs=False)
    result.examples += len(test.examples)
    result.failures.extend(failures)


def _run_python(block: Block, globs: dict, path: str, result: LessonResult) -> None:
    result.examples += 1
    try:
        code = compile(block.text, f"{path}:{block.line}", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, globs)  # noqa: S102 - running the lesson's own code is the point
    except Exception as exc:  # noqa: BLE001 - reported as a failed example
        result.failures.append(Failure(path, block.line, block.text.strip().splitlines()[0] if block.text.strip() else "",
                                       "(runs without error)", f"{type(exc).__name__}: {exc}"))


def _console_commands(block: Block) -> list[tuple[int, str, str]]:
    """(line, command, expected output) for every ``$`` line of a console block."""
    cmds: list[tuple[int, str, list[str]]] = []
    for k, line in enumerate(block.text.splitlines()):
        if line.startswith("$ "):
            cmds.append((block.line + k, line[2:].strip(), []))
        elif cmds:
            cmds[-1][2].append(line)
    return [(ln, cmd, "\n".join(want).rstrip("\n") + "\n" if "".join(want).strip() else "") for ln, cmd, want in cmds]


def run_command(command: str) -> str:
    """Run one console line of a lesson and return what it printed (stdout then stderr)."""
    argv = shlex.split(command.split(" #", 1)[0])
    if argv and argv[0] == "declcoal":
        from ..cli import main

        out, err = io.StringIO(), io.StringIO()
        width = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "100"  # tables render the same whatever the terminal
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = main(argv[1:])
        finally:
            if width is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = width
        text = out.getvalue() + err.getvalue()
        return text if rc in (0,) else text + f"[exit {rc}]\n"
    proc = subprocess.run([sys.executable if argv[0] == "python" else argv[0], *argv[1:]],
                          capture_output=True, text=True, timeout=600)
    return proc.stdout + proc.stderr


RUNNABLE_COMMANDS = ("declcoal", "python -m clingo", "python -m z3", "python -c")


def _run_console(block: Block, path: str, result: LessonResult) -> None:
    checker = _Checker()
    for line, command, want in _console_commands(block):
        if not command.startswith(RUNNABLE_COMMANDS):
            continue
        result.examples += 1
        got = run_command(command)
        if not checker.ok(want, got):
            result.failures.append(Failure(path, line, "$ " + command, want, got))


def run_lesson(path: str | Path, workdir: str | Path | None = None) -> LessonResult:
    """Run every code block of the lesson at ``path`` (see the module docstring).

    ``workdir`` is the directory the lesson's relative paths refer to: by default the
    repository root (the parent of ``docs/``), found from the lesson's own path.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        from ..errors import InputError

        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(f"not a UTF-8 text lesson (byte {exc.start}: {exc.reason})", file=str(path), line=line) from None
    except OSError as exc:
        from ..errors import InputError

        raise InputError(f"cannot read the lesson ({exc.strerror or exc})", file=str(path)) from None
    if workdir is None:
        workdir = next((p.parent for p in path.resolve().parents if p.name == "docs"), path.resolve().parent)
    result = LessonResult(str(path))
    globs: dict = {"__name__": "__lesson__"}
    old = os.getcwd()
    os.chdir(workdir)
    try:
        for block in blocks(text):
            if block.kind not in RUN_KINDS or "skip" in block.flags:
                continue
            result.blocks += 1
            if block.kind == "pycon":
                _run_pycon(block, globs, str(path), result)
            elif block.kind == "python":
                _run_python(block, globs, str(path), result)
            else:
                _run_console(block, str(path), result)
    finally:
        os.chdir(old)
    return result
