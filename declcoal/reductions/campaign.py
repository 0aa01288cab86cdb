"""Reduction verification as a campaign (issue 11 on the engine of issue 10).

``ReductionCampaign(reduction="prop11", family="exhaustive", vars=3, clauses=3)``
yields one instance per formula (or GCS game) and checks it with
:func:`declcoal.reductions.verify.check_instance` inside the worker. The summary counts,
per preference notion, agreements and disagreements of the source and target answers
and the certificate checks; counterexamples are saved as files (DIMACS, the CRG as ASP
facts, and ``evidence.json``).
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from .runner import Campaign, Instance
from .verify import check_instance, cnf_family, crg_family, decode, resolve

FAMILIES = ("exhaustive", "random", "cnfgen:php", "cnfgen:ordering", "cnfgen:randkcnf", "crg")


class ReductionCampaign(Campaign):
    """Verify one reduction on one instance family.

    params: ``reduction`` (registered name or ``module:attribute``), ``family``
    (:data:`FAMILIES`), ``vars``, ``clauses`` (bounds), ``count``, ``seed``, ``k`` (random
    k-CNF width), ``min_vars``, ``tautologies``, ``empty`` (exhaustive options)."""

    name = "verify"

    def __init__(self, reduction: str = "prop11", family: str = "exhaustive", **params):
        super().__init__(reduction=reduction, family=family, **params)
        resolve(reduction)  # an unknown reduction is an input error now, not 837 error rows later
        self.name = f"verify-{reduction}"

    def _family(self) -> Iterator[dict]:
        p = dict(self.params)
        fam = p.pop("family")
        p.pop("reduction")
        if fam == "formula":
            return iter([{"cnf": p["cnf"]}])
        if fam == "crg":
            keep = {k: p[k] for k in ("count", "seed", "agents", "goals", "resources", "max_en", "max_req") if k in p}
            return crg_family(**keep)
        keep = {k: p[k] for k in ("vars", "clauses", "count", "seed", "k", "min_vars", "min_clauses", "tautologies", "empty") if k in p}
        return cnf_family(fam, **keep)

    def __len__(self) -> int:
        """The number of instances, where the family says it (random formulas, random
        CRGs, one formula); the exhaustive and cnfgen families do not (TypeError)."""
        fam = self.params["family"]
        if fam == "formula":
            return 1
        if fam in ("random", "crg"):
            return int(self.params.get("count", 100))
        raise TypeError("the size of this family is known only by enumerating it")

    def least_count(self) -> int:
        """A lower bound on the number of instances, cheap to compute: the exact count
        where :meth:`__len__` knows it; for the exhaustive family the formulas visited
        divided by the z! renamings that can merge them (at least one class per z! formulas)."""
        try:
            return len(self)
        except TypeError:
            pass
        except OverflowError:  # len() stops at sys.maxsize; the count itself is what is asked
            return int(self.params.get("count", 100))
        p = self.params
        if p["family"] != "exhaustive":
            return 0
        from math import comb, factorial

        total, enough = 0, 1 << 64  # a lower bound: past 2^64 (any limit) it stops counting
        clauses = p.get("clauses", 3)
        for z in range(p.get("min_vars", 1), p.get("vars", 3) + 1):
            types = 4**z - 1 + (1 if p.get("empty") else 0) if p.get("tautologies") else 3**z - 1 + (1 if p.get("empty") else 0)
            # Σ_{k=1..C} C(types+k−1, k) = C(types+C, C) − 1 (hockey stick), and C(n, j) grows
            # with j up to n/2, so j = min(types, C, 64) keeps it a lower bound that is cheap
            visited = comb(types + clauses, min(types, clauses, 64)) - 1
            total += -(-visited // factorial(z))
            if total > enough:
                break
        return total

    def instances(self) -> Iterator[Instance]:
        for index, params in enumerate(self._family()):
            yield self.instance(index, params)

    def check(self, inst: Instance) -> dict:
        red = resolve(self.params["reduction"])
        return check_instance(red, decode(red, inst.params))

    # ------------------------------------------------------------ report
    def summary(self, records: list[dict]) -> dict:
        return summarize(records)

    def counterexample(self, inst: Instance, record: dict) -> dict[str, str] | None:
        if record is None or record.get("status") in ("error", "timeout"):
            reason = record.get("error") if record else "no record"
            return {"params.json": json.dumps(inst.params, indent=1), "error.txt": f"{reason}\n"}
        if not problems(record):
            return None
        red = resolve(self.params["reduction"])
        x = decode(red, inst.params)
        files = dict(red.files(x, red.construct(x)))
        files["evidence.json"] = json.dumps({"problems": problems(record), **record}, indent=1, ensure_ascii=False)
        return files


def problems(rec: dict) -> list[str]:
    """Why a record is a counterexample: disagreements and failed certificate checks."""
    out = []
    for notion, row in rec.get("notions", {}).items():
        if not row["agree"]:
            out.append(f"{notion}: source {rec['source']} but target {row['target']}")
        for what in ("forward", "backward", "refutation"):
            if what in row and not row[what]["ok"]:
                out.append(f"{notion}: {what} certificate fails")
        if row.get("evidence", {}).get("prop7_agrees") is False:
            out.append(f"{notion}: Prop. 7 (weak iff no coalition successful) disagrees with the blocking check")
    if rec.get("source_evidence", {}).get("gcs_equals_sat") is False:
        out.append("the GCS instance built from Φ does not succeed exactly when Φ is satisfiable")
    sz = rec.get("sizes", {})
    exp = sz.get("expected")
    if exp and any(sz.get(k) != v for k, v in exp.items()):
        out.append(f"sizes {({k: sz.get(k) for k in exp})} differ from the paper's {exp}")
    return out


def summarize(records: list[dict]) -> dict:
    """Counts per notion: instances, yes/no, agreements, disagreements, certificate checks
    (forward ok / the paper's own forward map ok / backward ok / refutation ok)."""
    out: dict = {"instances": len(records), "status": dict(Counter(r["status"] for r in records)), "notions": {}}
    ok = [r["result"] for r in records if r["status"] == "ok" and r["result"]]
    out["source_yes"] = sum(1 for r in ok if r["source"])
    out["source_no"] = sum(1 for r in ok if not r["source"])
    notions = sorted({n for r in ok for n in r["notions"]})
    for n in notions:
        rows = [(r, r["notions"][n]) for r in ok if n in r["notions"]]
        c: Counter = Counter()
        for r, row in rows:
            c["agree" if row["agree"] else "disagree"] += 1
            for what in ("forward", "backward", "refutation"):
                if what in row:
                    c[f"{what}_checked"] += 1
                    c[f"{what}_ok"] += row[what]["ok"]
            if "forward" in row and "paper_ok" in row["forward"]:
                c["paper_forward_checked"] += 1
                c["paper_forward_ok"] += row["forward"]["paper_ok"]
        bad = [r["instance"] for r, row in rows if not row["agree"]]
        first = bad[0] if bad else None
        out["notions"][n] = {**{k: c.get(k, 0) for k in ("agree", "disagree", "forward_checked", "forward_ok",
                                                          "paper_forward_ok", "paper_forward_checked", "backward_checked", "backward_ok",
                                                          "refutation_checked", "refutation_ok")},
                             "first_disagreement": first, "disagreements": bad[:20]}
    out["sizes_match_paper"] = all(not any("sizes" in p for p in problems(r)) for r in ok)
    return out


# ---------------------------------------------------------------- built-in campaigns
def verify_campaign(reduction: str = "prop11", family: str = "exhaustive", vars: int = 3, clauses: int = 3,
                    count: int = 100, seed: int = 0, k: int = 3, min_vars: int = 1, tautologies: bool = False,
                    empty: bool = False, cnf: dict | None = None) -> ReductionCampaign:
    """Verify a reduction (prop8..prop11 of Dunne et al. 2010, broken11 or module:attribute)
    on a family: exhaustive, random, cnfgen:NAME, crg (Props. 8/10) or formula (one
    ``cnf``); run it with ``declcoal.reductions.runner.run`` (docs/reductions.md)."""
    if family == "formula":
        return ReductionCampaign(reduction, family, cnf=cnf)
    if family == "crg":
        return ReductionCampaign(reduction, family, count=count, seed=seed)
    params: dict = {"vars": vars, "clauses": clauses}
    if family == "random":
        params.update(count=count, seed=seed, k=k, min_vars=min_vars)
    elif family == "exhaustive":
        params.update(min_vars=min_vars, tautologies=tautologies, empty=empty)
    else:
        params.update(seed=seed)
    return ReductionCampaign(reduction, family, **params)


from ..campaigns import builtin  # noqa: E402 - registration after the definitions

builtin("verify", "verify a reduction on a formula family (declcoal verify; reduction=prop8..prop11|broken11)")(
    verify_campaign)
