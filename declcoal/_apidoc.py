"""Generate docs/api.md from ``declcoal.__all__`` and the docstrings.

Run ``python -m declcoal._apidoc > docs/api.md`` after adding public names;
``tests/test_api.py`` fails while a public name has no section in docs/api.md.
"""
from __future__ import annotations

import inspect
import sys

#: section title -> module prefixes (first match wins); the rest go to "Other"
SECTIONS = [
    ("Games (models)", ("model.tu", "model.bargaining", "model.crg")),
    ("Games of the field (constructors)", ("model.constructors",)),
    ("Partition function games (Ray & Vohra 2025, §3-4)", ("model.partition", "model.pfg_models",
                                                          "concepts.bargaining.viable")),
    ("Files", ("io",)),
    ("TU games: values, core family, tightening", ("concepts.tu.shapley", "concepts.tu.properties",
                                                   "concepts.tu.core", "concepts.tu.prenucleolus",
                                                   "concepts.tu.tightening", "concepts.tu.allocation")),
    ("Power indices, bankruptcy rules, airport games", ("concepts.tu.power", "concepts.tu.bankruptcy",
                                                        "concepts.tu.airport")),
    ("Coalitional Nash bargaining (Ray & Vohra 2025)", ("concepts.bargaining",)),
    ("Coalitional resource games (Dunne et al. 2010)", ("concepts.crg",)),
    ("Verifying reductions (Dunne et al. 2010, Props. 8-11; docs/reductions.md)", ("model.cnf", "reductions")),
    ("Declarative queries (docs/query.md)", ("query",)),
    ("Errors", ("errors",)),
]


def _module_of(name: str) -> str:
    import declcoal

    obj = getattr(declcoal, name)
    mod = getattr(obj, "__module__", "") or ""
    return mod.removeprefix("declcoal.")


def _section(module: str) -> str:
    for title, prefixes in SECTIONS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return title
    return "Other"


def _signature(obj) -> str:
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""
    return sig if len(sig) < 160 else sig[:157] + "...)"


def render() -> str:
    import declcoal

    names = [n for n in declcoal.__all__ if not n.startswith("__")]
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(_section(_module_of(n)), []).append(n)
    out = ["# Python API reference", "",
           "Every name below is importable from the package itself: `from declcoal import nucleolus`.",
           "Generated from the docstrings by `python -m declcoal._apidoc > docs/api.md`;",
           "`tests/test_api.py` checks that every public name has a section here, that every",
           "documented name imports, and that every public function cites its source.", ""]
    order = [t for t, _ in SECTIONS] + ["Other"]
    for title in order:
        if title not in groups:
            continue
        out.append(f"- [{title}](#{_anchor(title)})")
    out.append("")
    for title in order:
        if title not in groups:
            continue
        out += [f"## {title}", ""]
        for n in groups[title]:
            obj = getattr(declcoal, n)
            kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "value"
            out.append(f"### `{n}`")
            out.append("")
            sig = _signature(obj) if kind == "function" else ""
            out.append(f"`{n}{sig}` — {kind} in `declcoal.{_module_of(n)}`")
            out.append("")
            doc = inspect.getdoc(obj) or ""
            if doc:
                out += [line.rstrip() for line in doc.split("\n\n")[0].splitlines()]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def _anchor(title: str) -> str:
    keep = "".join(c for c in title.lower() if c.isalnum() or c in " -")
    return keep.replace(" ", "-")


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(render())
