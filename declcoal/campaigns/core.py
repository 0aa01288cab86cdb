"""What a campaign is: an instance source, a check, a summary (issue 10).

A campaign is any object with ``name``, ``params``, ``instances()`` and ``check()``;
subclassing :class:`Campaign` adds the helpers (stable instance ids, seeded random
numbers per instance, default summary). Everything here is plain data so that a
campaign can be pickled *by reference* (its class lives in an importable module) and
rebuilt in a worker process or on another machine: solver objects (Z3, clingo) are
built inside ``check()``, never shipped.
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator


def canonical_json(x: Any) -> str:
    """JSON with sorted keys and no spaces: the same data always gives the same text."""
    return json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def instance_id(campaign_name: str, campaign_params: dict, index: int, params: dict) -> str:
    """A stable id: a hash of the campaign's name and parameters, the index and the
    instance's own parameters (16 hex digits). Same inputs -> same id, on every machine."""
    text = canonical_json([campaign_name, campaign_params, index, params])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Instance:
    """One instance of a campaign.

    ``params`` is JSON-able and holds everything ``check()`` needs to rebuild the
    instance inside a worker (a seed, a game's worths, a formula...)."""

    id: str
    index: int
    params: dict = field(hash=False)

    def rng(self, seed: Any = 0) -> random.Random:
        """A random generator determined by the instance (its id) and ``seed`` alone."""
        return random.Random(f"{seed}:{self.id}")


class Campaign:
    """Base class for campaigns (subclass it, or duck-type the same attributes).

    A subclass sets ``name`` and ``params`` and defines ``instances()`` (deterministic:
    same params -> same instances in the same order) and ``check(inst) -> dict``
    (JSON-able, deterministic: no timings or process ids in it; the engine records
    seconds in their own column). ``summary`` and ``counterexample`` are optional.

    The class must live in an importable module (not ``__main__`` when workers have to
    import it, unless cloudpickle is installed), because workers rebuild it by reference.
    """

    name: str = "campaign"
    params: dict = {}

    def __init__(self, **params: Any):
        if params or not hasattr(self, "params"):
            self.params = dict(params)

    # -- to override -------------------------------------------------------------------
    def instances(self) -> Iterator[Instance]:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, inst: Instance) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self, records: list[dict]) -> dict:
        """Aggregate of the finished records (each ``{"id", "index", "params", "status",
        "result", "error", "seconds"}``) for ``declcoal campaign report``."""
        return {}

    def counterexample(self, inst: Instance, record: dict) -> dict[str, str] | None:
        """Files to save (name -> text) when ``record`` is a counterexample or a
        failure; ``None`` otherwise. ``record`` is check()'s dict for ``ok`` rows and
        ``{"status": "error"|"timeout", "error": message}`` for the others."""
        return None

    # -- helpers -----------------------------------------------------------------------
    def instance(self, index: int, params: dict) -> Instance:
        """The instance number ``index`` with ``params``, with its stable id."""
        return Instance(instance_id(self.name, self.params, index, params), index, params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, params={self.params!r})"


def campaign_count(campaign) -> int | None:
    """How many instances, if the campaign says so cheaply (``__len__`` or ``count``)."""
    if hasattr(campaign, "__len__"):
        try:
            return len(campaign)
        except TypeError:
            return None
        except OverflowError:  # len() of more than sys.maxsize instances
            return sys.maxsize + 1
    return None


def validate_campaign(campaign) -> None:
    """A one-line error for objects that are not campaigns."""
    from ..errors import InputError

    missing = [a for a in ("name", "params", "instances", "check") if not hasattr(campaign, a)]
    if missing:
        raise InputError(f"{campaign!r} is not a campaign: it lacks {', '.join(missing)}")
    try:
        canonical_json(campaign.params)
    except (TypeError, ValueError) as exc:
        raise InputError(f"campaign {campaign.name!r}: params are not JSON-able ({exc})") from None
