"""The ``declcoal reproduce PAPER`` command group, shared by every paper's module.

A module that reproduces a paper registers a sub-subcommand at import time and builds
the group in its ``register``::

    from ._reproduce import add_reproduction, ensure_parser

    def _run(args): ...                       # -> exit code
    add_reproduction("ray-vohra", "Ray & Vohra (2025), Examples 1-3", _run,
                     configure=lambda p: p.add_argument("--json", action="store_true"))

    def register(sub):
        ...
        ensure_parser(sub)

``ensure_parser`` creates the ``reproduce`` parser on first use and adds every
registered reproduction not yet present, so modules can register in any order.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Reproduction:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    configure: Callable[[argparse.ArgumentParser], None] | None = None


REGISTRY: dict[str, Reproduction] = {}


def add_reproduction(name: str, help: str, run: Callable[[argparse.Namespace], int],
                     configure: Callable[[argparse.ArgumentParser], None] | None = None) -> None:
    """Register ``declcoal reproduce NAME`` (``run(args) -> exit code``)."""
    REGISTRY[name] = Reproduction(name, help, run, configure)


def ensure_parser(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``reproduce`` parser's subparsers, created if needed, with every registered
    reproduction added."""
    parser = sub.choices.get("reproduce")
    if parser is None:
        parser = sub.add_parser(
            "reproduce", help="recompute a paper's tables and examples beside the printed numbers",
            description="Recompute a paper's tables and examples with declcoal and print them beside the "
            "paper's numbers, marking every difference (and the evidence for it).")
        parser._declcoal_sub = parser.add_subparsers(dest="paper", metavar="PAPER")  # type: ignore[attr-defined]
    psub = parser._declcoal_sub  # type: ignore[attr-defined]
    for name in sorted(REGISTRY):
        if name in psub.choices:
            continue
        rep = REGISTRY[name]
        p = psub.add_parser(name, help=rep.help, description=rep.help)
        if rep.configure:
            rep.configure(p)
        p.set_defaults(func=rep.run)
    return psub
