"""The documentation site builds strictly (broken links, missing pages and broken
anchors are errors) and every course lesson is reachable from the home page."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("mkdocs")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def test_site_builds_strictly(site):
    assert (site / "index.html").is_file()
    assert (site / "reference" / "cli" / "index.html").is_file()
    assert (site / "reference" / "encodings" / "index.html").is_file()


def test_every_lesson_is_in_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for lesson in sorted((ROOT / "docs" / "course").glob("[0-9][0-9]-*.md")):
        assert f"course/{lesson.stem}/" in home, f"{lesson.name} is not reachable from the home page"


def test_every_docs_page_is_in_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md") if "_site" not in p.parts]
    missing = [p for p in pages if not re.search(rf"(^|\s|: ){re.escape(p)}\s*$", nav, re.M)]
    assert not missing, f"pages not in mkdocs.yml's nav: {missing}"


def test_cli_reference_lists_every_command(site):
    from declcoal.cli import build_parser

    page = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"declcoal {name}" in page, name
