"""``declcoal campaign report DB``: what a results database says (issue 10, item 3).

Generic part, for any campaign: counts by status, time (total, mean, slowest),
failures (error and timeout rows, messages grouped), agreements (every boolean field of
the results: how many true, how many false) and distributions (value counts of the
other scalar fields; min/median/max when there are many numeric values, exact "p/q"
strings included; the median of an even count is the upper middle value). Campaign part:
``campaign.summary(records)`` when the database says how to rebuild the campaign.
"""
from __future__ import annotations

import statistics
from collections import Counter
from fractions import Fraction
from pathlib import Path

from ..model.numbers import fraction_text
from .store import STATUSES, Store

MAX_DISTINCT = 12


def report(db: str | Path, *, slowest: int = 5, failures: int = 10, with_summary: bool = True) -> dict:
    """The report of a campaign database as plain JSON-able data."""
    with Store(db, readonly=True) as st:
        meta = st.meta()
        records = st.records()
    counts = Counter(r["status"] for r in records)
    secs = [r["seconds"] for r in records if r["seconds"] is not None]
    bad = [r for r in records if r["status"] != "ok"]
    ok = [r["result"] for r in records if r["status"] == "ok" and isinstance(r["result"], dict)]
    out = {
        "campaign": meta.get("name"),
        "params": meta.get("params"),
        "spec": meta.get("spec"),
        "created": meta.get("created"),
        "db": str(db),
        "rows": len(records),
        "counts": {s: counts.get(s, 0) for s in STATUSES},
        "seconds": {
            "total": round(sum(secs), 6),
            "mean": round(statistics.fmean(secs), 6) if secs else None,
            "max": round(max(secs), 6) if secs else None,
        },
        "slowest": [
            {"id": r["id"], "index": r["index"], "status": r["status"], "seconds": round(r["seconds"], 6)}
            for r in sorted((r for r in records if r["seconds"] is not None), key=lambda r: -r["seconds"])[:slowest]
        ],
        "failures": [
            {"id": r["id"], "index": r["index"], "status": r["status"], "error": r["error"], "params": r["params"]}
            for r in bad[:failures]
        ],
        "failure_messages": dict(Counter(f"{r['status']}: {r['error']}" for r in bad).most_common(failures)),
        "agreements": agreements(ok),
        "distributions": distributions(ok),
    }
    if with_summary:
        out["summary"] = _campaign_summary(meta, records)
    return out


def agreements(results: list[dict]) -> dict:
    """For each boolean field: ``{"true": n, "false": m}``."""
    out: dict = {}
    for key in _keys(results):
        vals = [r[key] for r in results if key in r]
        if vals and all(isinstance(v, bool) for v in vals):
            out[key] = {"true": sum(vals), "false": len(vals) - sum(vals)}
    return out


def distributions(results: list[dict]) -> dict:
    """Value counts of the non-boolean scalar fields (numbers summarised when many)."""
    out: dict = {}
    for key in _keys(results):
        vals = [r[key] for r in results if key in r]
        if not vals or all(isinstance(v, bool) for v in vals):
            continue
        if not all(v is None or isinstance(v, (int, float, str, bool)) for v in vals):
            continue
        c = Counter(vals)
        if len(c) <= MAX_DISTINCT:
            out[key] = {str(k): n for k, n in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))}
        elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            out[key] = {
                "min": min(vals), "median": statistics.median(vals), "max": max(vals), "distinct": len(c),
            }
        elif (exact := _fractions(vals)) is not None:  # exact numbers written as "p/q" strings
            srt = sorted(exact)
            out[key] = {"min": fraction_text(srt[0]), "median": fraction_text(srt[len(srt) // 2]),
                        "max": fraction_text(srt[-1]), "distinct": len(c)}
        else:
            top = c.most_common(MAX_DISTINCT)
            out[key] = {str(k): n for k, n in top} | {"(other values)": len(vals) - sum(n for _, n in top)}
    return out


def _fractions(vals) -> list | None:
    try:
        return [Fraction(v) for v in vals if isinstance(v, (str, int)) and not isinstance(v, bool)] if all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in vals) else None
    except (ValueError, ZeroDivisionError):
        return None


def _keys(results: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for r in results:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)


def _campaign_summary(meta: dict, records: list[dict]) -> dict | None:
    spec = meta.get("spec")
    if not spec:
        return None
    from ..errors import DeclcoalError
    from .builtins import load_campaign

    try:
        campaign = load_campaign(spec, meta.get("factory_params") or {})
        return campaign.summary(records) or None
    except (DeclcoalError, Exception) as exc:  # noqa: BLE001 - the generic report stands on its own
        return {"unavailable": f"cannot rebuild campaign {spec!r} for its summary ({type(exc).__name__}: {exc})"}
