"""MkDocs hooks: reference pages generated from the code at build time.

* ``reference/cli.md`` — every command's ``--help``, from the argparse parser itself,
  so the reference can never drift from the command.
* ``reference/encodings.md`` — ``encodings/README.md`` and every ``.lp`` program in
  full, so students read on the site exactly what clingo runs.

Links in ``docs/`` pages that point into the repository outside ``docs/`` (``../encodings/…``,
``../examples/…``) are rewritten to the generated page or shown as code paths, so the
pages read well both on GitHub and on the site.
"""
from __future__ import annotations

import argparse
import io
import re
from contextlib import redirect_stdout
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]


def _cli_reference() -> str:
    from declcoal.cli import build_parser

    parser = build_parser()
    out = ["# Command-line reference", "",
           "Generated at build time from the `declcoal` command's own parser (`declcoal CMD --help`).", ""]

    def walk(p: argparse.ArgumentParser, words: list[str]) -> None:
        buf = io.StringIO()
        with redirect_stdout(buf):
            p.print_help()
        title = " ".join(["declcoal", *words])
        out.extend([f"{'#' * min(2 + len(words), 4)} `{title}`", "", "```text", buf.getvalue().rstrip(), "```", ""])
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*words, name])

    walk(parser, [])
    return "\n".join(out)


def _encodings_reference() -> str:
    enc = ROOT / "encodings"
    readme = (enc / "README.md").read_text(encoding="utf-8")
    readme = re.sub(r"^# .*\n", "", readme, count=1)
    readme = re.sub(r"\]\((\.\./)?docs/([^)]+)\)", r"](../\2)", readme)
    out = ["# The ASP encodings", "",
           "Every program below runs with plain clingo (`python -m clingo FILE FACTS`); "
           "this page is generated from the files themselves.", "", readme, ""]
    for lp in sorted(enc.rglob("*.lp")):
        rel = lp.relative_to(ROOT).as_posix()
        out.extend([f"## `{rel}`", "", "```prolog", lp.read_text(encoding="utf-8").rstrip(), "```", ""])
    return "\n".join(out)


def on_files(files, config):
    files.append(File.generated(config, "reference/cli.md", content=_cli_reference()))
    files.append(File.generated(config, "reference/encodings.md", content=_encodings_reference()))
    return files


_OUTSIDE = re.compile(r"\[([^\]]*)\]\((?:\.\./)+(encodings|examples|benchmarks|tests|declcoal)/([^)\s]*)\)")


def on_page_markdown(markdown, page, config, files):
    up = "../" * page.file.src_uri.count("/")

    def fix(m: re.Match) -> str:
        text, top, rest = m.group(1), m.group(2), m.group(3)
        if top == "encodings":
            return f"[{text}]({up}reference/encodings.md)"
        path = f"{top}/{rest}".rstrip("/")
        return text if f"`{path}`" == text or path in text else f"{text} (`{path}`)"

    return _OUTSIDE.sub(fix, markdown)
