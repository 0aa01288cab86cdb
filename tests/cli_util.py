"""Run the declcoal CLI in-process for tests."""
from __future__ import annotations

from declcoal.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``declcoal ARGV...`` (arguments may be Paths)."""
    rc = main([str(a) for a in argv])
    out = capsys.readouterr()
    return rc, out.out, out.err
