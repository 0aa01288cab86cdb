#!/usr/bin/env python3
"""The results table of docs/reductions-constructions.md from the JSON summaries that
benchmarks/reduction_campaigns.sh writes: python benchmarks/reduction_campaigns_table.py OUTDIR"""
from __future__ import annotations

import json
import sys
from pathlib import Path

FAMILIES = {"ex33": "exhaustive z ≤ 3, k ≤ 3", "ex23te": "exhaustive z ≤ 2, k ≤ 3, with tautologies and ∅ clause",
            "rnd": "random 3-CNF", "crg": "random GCS games (n ≤ 3, m ≤ 3, t ≤ 2)",
            "cnfgen-php": "cnfgen pigeonhole, sizes 1–3", "cnfgen-ordering": "cnfgen ordering, sizes 1–3",
            "ex34": "exhaustive z ≤ 3, k ≤ 4", "z0": "exhaustive z = 0 (only ∅ clauses, k ≤ 3)"}


def main(out: str) -> None:
    rows = []
    for f in sorted(Path(out).glob("*.json")):
        try:
            d = json.loads(f.read_text())
        except ValueError:
            continue  # still running
        s = d["summary"]
        fam, prop = f.stem.rsplit("-", 1)
        p, u = s["notions"].get("preference", {}), s["notions"].get("utility", {})
        status = ", ".join(f"{v} {k}" for k, v in sorted(s["status"].items()) if v)

        def cell(c):
            if not c:
                return "— | — | — | —"
            fw = f"{c['forward_ok']}/{c['forward_checked']}"
            if c.get("paper_forward_checked"):
                fw += f" (paper's map {c['paper_forward_ok']})"
            return (f"{c['agree']} / **{c['disagree']}** | {fw} | {c['backward_ok']}/{c['backward_checked']} | "
                    f"{c['refutation_ok']}/{c['refutation_checked']}")

        rows.append(f"| {prop} | {FAMILIES.get(fam, fam)} | {s['instances']} ({status}) | "
                    f"{s.get('source_yes', 0)}/{s.get('source_no', 0)} | {cell(p)} | {cell(u)} |")
    print("| prop | family | instances | yes/no | ≻_i agree / **disagree** | ≻_i forward | ≻_i backward | "
          "≻_i refutation | u agree / **disagree** | u forward | u backward | u refutation |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "reduction-runs")
