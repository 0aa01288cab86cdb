"""Where the ASP encodings live (DESIGN.md: ``encodings/`` ships as ``declcoal._encodings``).

An installed wheel carries the ``.lp`` files as package data of ``declcoal._encodings``;
a source checkout has them in the top-level ``encodings/`` folder. :func:`encoding_path`
finds a file in either place, so a checkout and an installation behave the same.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import InputError

_CHECKOUT = Path(__file__).resolve().parent.parent.parent / "encodings"


@lru_cache(maxsize=None)
def encodings_root() -> Path:
    """The folder holding the encodings (package data first, then the checkout)."""
    try:
        root = resources.files("declcoal._encodings")
        path = Path(str(root))
        if path.is_dir() and any(path.rglob("*.lp")):
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - depends on installation
        pass
    if _CHECKOUT.is_dir():
        return _CHECKOUT
    raise InputError("cannot find declcoal's ASP encodings (neither package data declcoal._encodings nor ./encodings)")


def encoding_path(name: str) -> Path:
    """Path of an encoding such as ``"crg/block.lp"``."""
    p = encodings_root() / name
    if not p.is_file():
        known = ", ".join(sorted(str(q.relative_to(encodings_root())) for q in encodings_root().rglob("*.lp")))
        raise InputError(f"no encoding {name!r} (known: {known})")
    return p


def encoding_text(name: str) -> str:
    return encoding_path(name).read_text(encoding="utf-8")


def list_encodings(folder: str = "") -> list[str]:
    base = encodings_root() / folder if folder else encodings_root()
    return sorted(str(q.relative_to(encodings_root())) for q in base.rglob("*.lp"))
