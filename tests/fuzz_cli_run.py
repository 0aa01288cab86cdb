"""Hostile-user fuzzing of the whole ``declcoal`` CLI (issue 15's product-wide promise).

Not a test module (pytest does not collect it): a generator that builds several
thousand command × input pairs — malformed files of every format declcoal reads, wrong
option values, huge parameters, bad output places — runs each one in a forked child of
one warm process (``from declcoal.cli import main``, stdout/stderr to files, stdin from a
file), with a wall-clock limit and the child's peak memory from ``wait4``, and classifies
it:

* ``ok`` exit 0; ``refused`` exit 2 with one line ``declcoal: error: ...``;
  ``limit`` exit 1 with one line (a solver limit);
* ``BAD``: a traceback, "internal error", a multi-line error, another exit code, more
  than ``--timeout`` seconds, more than 1 GB peak RSS, or a file half-written by a
  failed ``-o``.

Usage::

    python tests/fuzz_cli_run.py --out /tmp/fuzz [--jobs 2] [--timeout 10] [--only CMD]

It writes ``results.jsonl`` (one record per pair) and prints the counts per command and
class, then every BAD pair with its command line. The regression module built from its
findings is ``tests/test_fuzz_cli.py``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import signal
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples"

# ============================================================== the inputs
BASES = {  # name -> (path, kind)
    "cement.toml": (EX / "tick/cement.toml", "tu"),
    "tick.pl": (EX / "tick/tick.pl", "tu"),
    "majority.toml": (EX / "tu/majority.toml", "tu"),
    "example1.toml": (EX / "ray-vohra/example1.toml", "bargaining"),
    "example6.toml": (EX / "ray-vohra/example6.toml", "bargaining"),
    "cournot-10.toml": (EX / "ray-vohra/cournot-10.toml", "partition"),
    "airport.toml": (EX / "field/airport.toml", "field"),
    "glove.toml": (EX / "field/glove.toml", "field"),
    "talmud-200.toml": (EX / "field/talmud-200.toml", "field"),
    "un.toml": (EX / "field/un-security-council.toml", "field"),
    "example2.lp": (EX / "crg/example2.lp", "crg"),
    "example3.lp": (EX / "crg/example3.lp", "crg"),
    "example2c.toml": (EX / "crg/example2.toml", "crg"),
    "example6.lp": (EX / "crg/example6.lp", "crg"),
    "sigma3.lp": (EX / "crg/example3_sigma.lp", "sigma"),
    "questions.txt": (EX / "query/cement-questions.txt", "query"),
    "rules.lp": (EX / "query/example2-rules.lp", "rules"),
    "unit.cnf": (EX / "reductions/unit.cnf", "cnf"),
    "partial.cnf": (EX / "reductions/partial.cnf", "cnf"),
}

BAD_NUMBERS = ["-1", "-5/3", "NaN", "nan", "inf", "-inf", "1e309", '"1e999999999"', "1.5e-9999999",
               "9" * 5000, "abc", '"x"', "0", "1/0", '"1/0"', "1e-400", "true", "[]", "{}", "0.0000001",
               "99999999999999999999999", "-0", "1_000", "0x10", "1e18"]
NUM = re.compile(r"(?<![A-Za-z_\d.])-?\d+(?:\.\d+)?(?:/\d+)?(?![A-Za-z_\d.])")


def _json_twin(text: str) -> str | None:
    """The base game as JSON (declcoal's own JSON), via tomllib."""
    import tomllib

    try:
        return json.dumps(tomllib.loads(text))
    except Exception:  # noqa: BLE001
        return None


def mutations(name: str, text: str, rng: random.Random) -> dict[str, bytes]:
    """Malformed variants of one valid file."""
    out: dict[str, bytes] = {}
    b = text.encode("utf-8")
    out["empty"] = b""
    out["blank"] = b"  \n\n\t\n"
    out["garbage"] = bytes(rng.randrange(256) for _ in range(400))
    out["nul"] = b.replace(b"\n", b"\x00\n", 3)
    out["bom"] = b"\xef\xbb\xbf" + b
    out["utf16"] = text.encode("utf-16")
    out["latin1"] = text.replace("a", "\xe9", 2).encode("latin-1", "replace")
    out["crlf"] = b.replace(b"\n", b"\r\n")
    for k, frac in enumerate((0.3, 0.5, 0.8)):
        out[f"trunc{k}"] = b[: int(len(b) * frac)]
    lines = text.splitlines(keepends=True)
    content = [i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(("#", "%", "c "))]
    for i in rng.sample(content, min(4, len(content))):
        out[f"del-line{i + 1}"] = "".join(lines[:i] + lines[i + 1:]).encode()
        out[f"dup-line{i + 1}"] = "".join(lines[: i + 1] + lines[i:]).encode()
    nums = list(NUM.finditer(text))
    picks = rng.sample(nums, min(3, len(nums)))
    for m in picks:
        for bad in BAD_NUMBERS:
            if name.endswith((".lp", ".pl", ".cnf", ".txt")) and bad.startswith('"'):
                bad = bad.strip('"')
            t = text[: m.start()] + bad + text[m.end():]
            out[f"num@{m.start()}={bad[:12]}"] = t.encode()
    for k in range(4):  # random character flips
        t = list(text)
        for _ in range(3):
            j = rng.randrange(len(t))
            t[j] = rng.choice("[]{}()=,.\"'|:;-0xZ \n")
        out[f"flip{k}"] = "".join(t).encode()
    if name.endswith(".toml"):
        out["deep"] = ("x = " + "[" * 50_000 + "]" * 50_000 + "\n").encode()
        out["dupkey"] = (text + "\nname = \"again\"\n").encode()
        out["unknown-key"] = (text.replace("\n", "\nzzz_unknown = 1\n", 1)).encode()
        out["kind-wrong"] = re.sub(r'kind\s*=\s*"[^"]*"', 'kind = "nonsense"', text).encode()
        for kind in ("partition", "bargaining", "crg", "weighted-voting", "bankruptcy", "mst", "assignment"):
            if f'kind = "{kind}"' not in text:
                t = re.sub(r'kind\s*=\s*"[^"]*"\n', "", text)
                out[f"as-{kind}"] = (f'kind = "{kind}"\n' + t).encode()
        js = _json_twin(text)
        if js:
            out["json-twin.json"] = js.encode()
            out["json-deep.json"] = ("[" * 100_000 + "]" * 100_000).encode()
            out["json-trail.json"] = (js + ",").encode()
            out["json-list.json"] = b"[1, 2, 3]"
            out["json-str.json"] = b'"players"'
            out["json-nan.json"] = re.sub(r"(?<=[\[ ,:])(\d+)(?=[,\]}])", "NaN", js, count=1).encode()
    if name.endswith(".lp") or name.endswith(".pl"):
        out["unterminated"] = text.rstrip().rstrip(".").encode()
        out["syntax"] = (text + "\nen(a1,r1,.\n").encode()
        out["rule"] = (text + "\nagent(X) :- goal(X).\n").encode()
        out["var-fact"] = (text + "\nagent(X).\n").encode()
        out["neg-big"] = (text + "\nen(a1,r1,-3).\nreq(g1,r1,99999999999999999999).\n").encode()
        out["string-args"] = (text + '\nagent("a b").\n').encode()
        out["undeclared"] = (text + "\nwants(zz,gg).\nen(zz,r9,1).\n").encode()
        out["deep-term"] = (text + "\nagent(" + "f(" * 5000 + "a" + ")" * 5000 + ").\n").encode()
    return out


def huge_files(d: Path) -> dict[str, bytes]:
    """Inputs large in size (players, agents, goals, structures, points)."""
    rng = random.Random(11)
    out: dict[str, bytes] = {}
    n = 22
    out["tu22.json"] = json.dumps({"players": [f"P{i}" for i in range(n)], "values": [0] * (2**n - 1)}).encode() \
        if False else json.dumps({"players": [f"P{i}" for i in range(n)], "values": [1, 2]}).encode()
    out["tu40-players.toml"] = ("players = [%s]\n[values]\n\"P0\" = 1\n" % ", ".join(f'"P{i}"' for i in range(40))).encode()
    out["tu16.json"] = json.dumps({"players": [f"P{i}" for i in range(16)],
                                   "values": [rng.randint(0, 9) for _ in range(2**16 - 1)]}).encode()
    out["wv-1000.toml"] = ("kind = \"weighted-voting\"\nquota = 2501\nweights = [%s]\n"
                           % ", ".join(str(rng.randint(1, 9)) for _ in range(1000))).encode()
    out["wv-hugeq.toml"] = b'kind = "weighted-voting"\nquota = 1e300\nweights = [1e299, 1e299, 1e299]\n'
    out["wv-bigw.toml"] = ("kind = \"weighted-voting\"\nquota = %s\nweights = [%s]\n"
                           % (10**15, ", ".join(str(10**14 + i) for i in range(30)))).encode()
    out["bankrupt-500.toml"] = ("kind = \"bankruptcy\"\nestate = 1000\nclaims = [%s]\n"
                                % ", ".join(str(rng.randint(1, 9)) for _ in range(500))).encode()
    out["airport-300.toml"] = ("kind = \"airport\"\ncosts = [%s]\n" % ", ".join(str(i) for i in range(1, 301))).encode()
    out["mst-40.toml"] = ("kind = \"mst\"\nplayers = [%s]\nedges = [%s]\n" % (
        ", ".join(f'"p{i}"' for i in range(40)),
        ", ".join(f'["{a}", "{b}", {rng.randint(1, 9)}]' for a, b in
                  [("source", f"p{i}") for i in range(40)] + [(f"p{i}", f"p{i + 1}") for i in range(39)]))).encode()
    parts = ", ".join(f'"{i}"' for i in range(1, 14))
    out["partition-13.toml"] = f'kind = "partition"\nplayers = [{parts}]\n[values]\n"12345678910111213" = 1\n'.encode()
    out["partition-9-missing.toml"] = ('kind = "partition"\nplayers = ["1","2","3","4","5","6","7","8","9"]\n'
                                       '[values]\n"123456789" = {123456789 = 5}\n').encode()
    pts = [[rng.randint(0, 10**6) for _ in range(3)] for _ in range(20_000)]
    out["barg-20000.json"] = json.dumps({"kind": "bargaining", "players": ["A", "B", "C"], "feasible": pts,
                                         "threats": {"A B": [[5, 5]]}}).encode()
    out["barg-30p.toml"] = ('kind = "bargaining"\nplayers = [%s]\nfeasible = [[%s]]\n'
                            % (", ".join(f'"P{i}"' for i in range(30)), ", ".join("1" for _ in range(30)))).encode()
    from declcoal.io.crg import crg_to_facts
    from declcoal.model.crg import random_game

    for (na, ng, nr) in ((200, 8, 4), (12, 40, 4), (30, 30, 8)):
        out[f"crg-{na}-{ng}.lp"] = crg_to_facts(random_game(random.Random(3), na, ng, nr, max_en=5, max_req=3,
                                                             p_want=0.2)).encode()
    out["crg-bigen.lp"] = b"agent(a). goal(g). resource(r). wants(a,g). en(a,r,123456789012). req(g,r,1).\n"
    out["cnf-200.cnf"] = ("p cnf 200 400\n" + "".join(
        f"{rng.choice([-1, 1]) * rng.randint(1, 200)} {rng.choice([-1, 1]) * rng.randint(1, 200)} 0\n"
        for _ in range(400))).encode()
    out["cnf-badheader.cnf"] = b"p cnf -3 2\n1 0\n"
    out["cnf-novars.cnf"] = b"p cnf 3 2\n1 2 x 0\n"
    out["cnf-huge-var.cnf"] = b"p cnf 3 1\n999999999999999999999 0\n"
    out["query-long.txt"] = ("range x[X] subject to core\n" * 2000).encode()
    out["query-deep.txt"] = ("maximize " + "(" * 5000 + "x[X]" + ")" * 5000 + " subject to core\n").encode()
    out["query-bad.txt"] = b"range x[Q] subject to core\nminimize\nvertices subject to nonsense\nassert\n"
    return out


# ====================================================================== commands
#: file-reading commands; GAME is the input file
FILE_COMMANDS = [
    ["info", "GAME"], ["shapley", "GAME"], ["shapley", "GAME", "--method", "permutation"], ["banzhaf", "GAME"],
    ["convert", "GAME", "--to", "json"], ["convert", "GAME", "--to", "prolog"], ["convert", "GAME", "--to", "lp"],
    ["convert", "GAME", "--order", "lex"], ["solve", "GAME"], ["tighten", "GAME"], ["core", "GAME"],
    ["least-core", "GAME"], ["nucleolus", "GAME"], ["nash", "GAME"], ["egalitarian", "GAME"],
    ["check", "GAME", "-x", "1,1,1"], ["power", "GAME"], ["rules", "GAME"],
    ["query", "GAME", "range x[X] subject to core"], ["export", "GAME", "--concept", "core", "--format", "smt2"],
    ["export", "GAME", "--concept", "successful", "--format", "lp"],
    ["crg", "info", "GAME"], ["crg", "success", "GAME"], ["crg", "check", "GAME"], ["crg", "block", "GAME"],
    ["crg", "core", "GAME"], ["crg", "top", "GAME"], ["crg", "negotiate", "GAME"], ["viable", "GAME"],
    ["construct", "prop9", "GAME"], ["verify", "prop11", "--file", "GAME"],
    ["query", "examples/tick/cement.toml", "-f", "GAME"], ["query", "examples/crg/example2.lp", "-f", "GAME"],
    ["crg", "check", "examples/crg/example3.lp", "--sigma", "GAME"],
    ["export", "examples/crg/example3.lp", "--concept", "block", "--format", "lp", "--sigma", "GAME"],
    ["query", "examples/crg/example2.lp", "--rules", "GAME", "stable"],
    ["check", "examples/tick/cement.toml", "--allocation-file", "GAME"],
    ["campaign", "report", "GAME"], ["course", "check", "01", "--answers", "GAME"],
    ["course", "run", "GAME"],
]
#: heavy commands on the large files are limited to the ones that must refuse or answer fast
LARGE_COMMANDS = [c for c in FILE_COMMANDS if c[0] in {"info", "shapley", "banzhaf", "convert", "check", "power",
                                                       "rules", "viable", "construct", "verify", "query", "nash",
                                                       "core", "solve", "crg", "export", "tighten", "nucleolus"}]

CEM = "examples/tick/cement.toml"
BARG = "examples/ray-vohra/example1.toml"
CRG2 = "examples/crg/example2.lp"
CRG3 = "examples/crg/example3.lp"
CRG6 = "examples/crg/example6.lp"
PART = "examples/ray-vohra/cournot-10.toml"
UN = "examples/field/un-security-council.toml"


def option_cases() -> list[list[str]]:
    """Wrong option values, huge parameters, bad output places, missing/unknown things."""
    c: list[list[str]] = []
    bad_ints = ["-1", "0", "abc", "1.5", "99999999999999999999999", "nan", "", "1e9"]
    bad_nums = ["-1", "0", "abc", "nan", "inf", "1e309", "1/0", "", "1e999999999", "-inf", "1/3", "9" * 5000]
    for v in bad_ints:
        c += [["info", CEM, "--max-work", v], ["check", CEM, "-x", "1,1,1", "--top", v],
              ["tighten", CEM, "--iterations", v], ["crg", "info", CRG2, "--max-listed", v],
              ["crg", "check", CRG2, "--max-goal-sets", v], ["crg", "core", CRG2, "--max-bits", v],
              ["crg", "negotiate", CRG6, "--sample", v], ["crg", "negotiate", CRG6, "--seed", v],
              ["crg", "negotiate", CRG6, "--all-orders", "--max-orders", v],
              ["campaign", "run", "demo", "--count", v, "--inprocess", "--db", "DB"],
              ["campaign", "run", "demo", "--jobs", v, "--count", "3", "--db", "DB"],
              ["campaign", "run", "demo", "--seed", v, "--count", "3", "--inprocess", "--db", "DB"],
              ["campaign", "run", "demo", "--batch-size", v, "--count", "3", "--inprocess", "--db", "DB"],
              ["campaign", "run", "demo", "--limit-per-instance", v, "--count", "3", "--inprocess", "--db", "DB"],
              ["campaign", "report", "FILE:full.sqlite", "--slowest", v], ["campaign", "report", "FILE:full.sqlite", "--failures", v],
              ["verify", "prop11", "--vars", v, "--no-progress"], ["verify", "prop11", "--clauses", v, "--no-progress"],
              ["verify", "prop11", "--random", v, "--no-progress"], ["verify", "prop9", "--jobs", v, "--no-progress"],
              ["verify", "prop11", "--random", "2", "--seed", v, "--no-progress"],
              ["verify", "prop11", "--random", "2", "--k", v, "--no-progress"],
              ["verify", "prop8", "--crg", v, "--no-progress"], ["verify", "prop11", "--limit", v, "--no-progress"],
              ["verify", "prop11", "--min-vars", v, "--no-progress"],
              ["viable", "rnd", "--r", "1/10", "--alpha", "2", "--n", v],
              ["viable", "environment", "--a", "1,1,1", "--digits", v]]
    for v in bad_nums:
        c += [["tighten", CEM, "--mode", "faithful", "--epsilon", v], ["tighten", CEM, "--mode", "faithful", "--delta-max", v],
              ["nash", BARG, "--weights", f"{v},1,1"], ["nash", CEM, "--weights", f"1,{v},1"],
              ["check", CEM, "-x", f"{v},1,1"], ["check", CEM, "-x", f"X={v},Y=1,Z=1"],
              ["export", CEM, "--concept", "eps-core", "--format", "smt2", "--eps", v],
              ["viable", "cournot", "--A", v, "--costs", "1,2,3"], ["viable", "cournot", "--A", "23", "--costs", f"1,{v},3"],
              ["viable", "environment", "--a", f"1,{v},1"], ["viable", "rnd", "--r", v, "--alpha", "2"],
              ["viable", "rnd", "--r", "1/10", "--alpha", v], ["viable", PART, "--weights", f"1,{v},1"],
              ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--weights", f"{v},1,1"],
              ["query", CEM, f"range x[X] subject to x[Y] >= {v}"],
              ["query", CEM, "range x[X]", "--require", f"x[Z] <= {v}"],
              ["campaign", "run", "theorem2", f"hi={v}", "--count", "2", "--inprocess", "--db", "DB"],
              ["campaign", "run", "cournot", f"A={v}", "--inprocess", "--db", "DB"],
              ["campaign", "run", "demo", f"work_ms={v}", "--count", "2", "--inprocess", "--db", "DB"]]
    # orders, structures, allocations, players
    for o in ["a1,a1,a2,a3", "a1", "zz,a1,a2", "", ",", "a1,,a2", "a1;a2", "A,B,C", "a1,a2,a3,a4,a5,a6"]:
        c.append(["crg", "negotiate", CRG6, "--order", o])
    for s in ["1|1", "1|2", "12|3|4", "", "|", "1||23", "123|", "x|yz", "1 2|3", "4", "12 3", "1|23|", "21|3"]:
        c += [["viable", PART, "--explain", s], ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--explain", s]]
    for x in ["1,1", "1,1,1,1", "X=1,Y=2", "X=1,Y=2,Z=3,W=4", "X=1,X=2,Z=3", "Q=1,Y=2,Z=3", "1;2;3", "",
              "1,,2", "X=1,2,3", "=1,=2,=3", "1 2 3"]:
        c.append(["check", CEM, "-x", x])
    for w in ["1,1", "1,1,1,1", "0,1,1", "-1,1,1", "", "a,b,c", "1;1;1", "1/0,1,1", "0.333,0.667,1"]:
        c += [["nash", BARG, "--weights", w], ["viable", PART, "--weights", w]]
    for g in ["nosuch", "", "cement,rand1", "CEMENT"]:
        c += [["info", "examples/tick/tick.pl", "--game", g], ["shapley", CEM, "--game", g]]
    for q in ["", "range", "range x[Q] subject to core", "range x[X] subject to nonsense", "maximize",
              "vertices subject to core and core", "member (X=1) subject to core", "x[X] >= ", "((((",
              "range x[X] subject to x[X] >= 1/0", "range x[X] subject to x[X] >= 1e999999999",
              "witness", "assert", "assert core", "range e(Q R) subject to core",
              "maximize " + "x[X] + " * 3000 + "x[Y] subject to core", "range x[X] subject to " + "(" * 3000 + "core" + ")" * 3000]:
        c += [["query", CEM, q], ["query", CRG2, q], ["query", BARG, q], ["query", CEM, "--emit", "smt2", q],
              ["query", CRG2, "--emit", "lp", q]]
    for em in (["--emit", "lp"], ["--emit", "smt2"]):
        c.append(["query", CEM, *em, "range x[X] subject to core"])
        c.append(["query", CRG2, *em, "stable"])
    c += [["query", CEM, "-f", "-"], ["query", CEM, "-f", "MISSING"], ["query", CEM, "-f", "/"],
          ["query", CEM, "-f", "/dev/null"], ["query", CEM, "--emit", "smt2", "-o", "/nonexistent/dir/x.smt2", "range x[X] subject to core"],
          ["query", CEM, "--emit", "smt2", "-o", "/proc/x.smt2", "range x[X] subject to core"],
          ["query", CEM, "-o", "OUTDIR/q.smt2", "range x[X] subject to core"],
          ["query", CEM, "--emit", "smt2", "-f", "examples/query/cement-questions.txt"]]
    # viable huge parameters
    c += [["viable", "cournot", "--A", "100", "--costs", ",".join(["1"] * k)] for k in (0, 1, 9, 12, 30)]
    c += [["viable", "environment", "--a", ",".join(["1"] * k)] for k in (0, 1, 10, 40)]
    c += [["viable", "rnd", "--r", "1/10", "--alpha", "2", "--n", k] for k in ("1", "11", "40", "1000")]
    c += [["viable", "cournot"], ["viable", "cournot", "--A", "10"], ["viable", "environment"], ["viable", "rnd"],
          ["viable", "nosuchmodel"], ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--a", "1,1"],
          ["viable", "cournot", "--A", "1", "--costs", "2,3,4"], ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--plot", "/nonexistent/x.png"],
          ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--plot", "/proc/x.png"],
          ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--plot", "OUTDIR/lat.txt"],
          ["viable", "rnd", "--r", "1/10", "--alpha", "2", "--digits", "100000"],
          ["viable", "environment", "--a", "1,2,3", "--digits", "100000"],
          ["viable", "cournot", "--A", "1e300", "--costs", "1,2,3"],
          ["viable", "cournot", "--A", "10", "--costs", "2,3,4", "--method", "z3", "--all", "--json"]]
    # crg negotiate sizes
    c += [["crg", "negotiate", "FILE:crg-30-30.lp", "--all-orders"], ["crg", "negotiate", "FILE:crg-200-8.lp"],
          ["crg", "negotiate", "FILE:crg-12-40.lp", "--sample", "3"],
          ["crg", "negotiate", CRG6, "--all-orders", "--max-orders", "1"],
          ["crg", "negotiate", CRG6, "--sample", "100000"], ["crg", "negotiate", CRG6, "--order", "a1,a2,a3", "--all-orders"]]
    # campaign
    c += [["campaign", "run", "nosuch", "--db", "DB"], ["campaign", "run", "os:system", "--db", "DB", "--inprocess"],
          ["campaign", "run", "nosuchmodule:campaign", "--db", "DB"], ["campaign", "run", "MISSING.py:x", "--db", "DB"],
          ["campaign", "run", "demo", "badparam", "--db", "DB", "--inprocess"],
          ["campaign", "run", "demo", "zzz=1", "--db", "DB", "--inprocess"],
          ["campaign", "run", "demo", "count=1", "count=2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "/nonexistent/dir/x.sqlite", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "/proc/x.sqlite", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "/", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "FILE:garbage.sqlite", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "FILE:empty.sqlite", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "DB", "--out", "/proc/x", "--inprocess"],
          ["campaign", "run", "demo", "--count", "3", "--db", "DB", "--dask", "tcp://127.0.0.1:1"],
          ["campaign", "run", "demo", "--count", "3", "--db", "DB", "--dask", "local:0"],
          ["campaign", "run", "demo", "--count", "3", "--db", "DB", "--dask", "local:-1"],
          ["campaign", "run", "demo", "--count", "3", "--db", "DB", "--dask", "nonsense"],
          ["campaign", "run", "theorem2", "n=40", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "theorem2", "n=0", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "theorem2", "dist=nosuch", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "theorem2", "weights=nosuch", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "theorem3", "n=30", "--count", "1", "--db", "DB", "--inprocess"],
          ["campaign", "run", "theorem4", "den=0", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "cournot", "n=12", "--db", "DB", "--inprocess"],
          ["campaign", "run", "cournot", "costs=abc", "--db", "DB", "--inprocess"],
          ["campaign", "run", "cournot", 'A=["x"]', "--db", "DB", "--inprocess"],
          ["campaign", "run", "crg-props", "en=-1", "--count", "2", "--db", "DB", "--inprocess"],
          ["campaign", "run", "verify", "reduction=nosuch", "--db", "DB", "--inprocess"],
          ["campaign", "run", "verify", "vars=40", "--db", "DB", "--inprocess"],
          ["campaign", "run", "verify", "family=nosuch", "--db", "DB", "--inprocess"],
          ["campaign", "run", "demo", "count=99999999999999999", "--db", "DB", "--inprocess"],
          ["campaign", "report", "MISSING"], ["campaign", "report", "/"], ["campaign", "report", "/dev/null"],
          ["campaign", "report", "FILE:garbage.sqlite"], ["campaign", "report", "FILE:empty.sqlite"],
          ["campaign", "report", "FILE:other.sqlite"], ["campaign", "list", "--json"], ["campaign"],
          ["campaign", "run"]]
    # verify / construct
    c += [["verify", "nosuch"], ["verify", "os:system"], ["verify", "prop11", "--cnfgen", "nosuch", "--no-progress"],
          ["verify", "prop11", "--cnfgen", "php", "--vars", "30", "--no-progress"],
          ["verify", "prop11", "--vars", "40", "--clauses", "40", "--no-progress"],
          ["verify", "prop11", "--vars", "5", "--clauses", "8", "--no-progress"],
          ["verify", "prop11", "--random", "100000000", "--no-progress", "--vars", "3"],
          ["verify", "prop11", "--file", "MISSING"], ["verify", "prop11", "--file", "/"],
          ["verify", "prop11", "--db", "/proc/x.sqlite", "--no-progress"],
          ["verify", "prop11", "--out", "/proc/x", "--random", "2", "--no-progress"],
          ["verify", "broken11", "--out", "/nonexistent/a/b", "--no-progress"],
          ["verify", "prop8", "--crg", "3", "--dask", "tcp://127.0.0.1:1", "--no-progress"],
          ["verify", "prop9", "--min-vars", "5", "--vars", "3", "--no-progress"],
          ["construct", "nosuch", "examples/reductions/unit.cnf"], ["construct", "prop9", "MISSING"],
          ["construct", "prop9", "examples/reductions/unit.cnf", "-o", "/proc/x.lp"],
          ["construct", "prop9", "examples/reductions/unit.cnf", "-o", "OUTDIR/x.xyz"],
          ["construct", "prop8", CRG2], ["construct", "prop10", CEM], ["construct", "prop9", "FILE:cnf-200.cnf"]]
    # course
    c += [["course", "run", "MISSING.md"], ["course", "run", "/"], ["course", "run", "/dev/null"],
          ["course", "check", "99"], ["course", "check", "nosuch"], ["course", "check", "01", "--answers", "MISSING"],
          ["course", "check", "01", "--answers", "/"], ["course", "check", ""], ["course", "check", "-1"],
          ["course", "list", "extra"], ["course"]]
    # outputs
    for o in ["/nonexistent/dir/x.json", "/proc/x.json", "/sys/x.toml", "/", "OUTDIR", "OUTDIR/x.unknown",
              "/dev/full", "-"]:
        c += [["convert", CEM, "-o", o], ["convert", CEM, "--to", "json", "-o", o], ["plot", CEM, "-o", o],
              ["export", CEM, "--concept", "core", "--format", "smt2", "-o", o],
              ["construct", "prop11", "examples/reductions/unit.cnf", "-o", o]]
    # option combinations that make no sense
    c += [["convert", CEM, "--order", "lex", "--to", "prolog"], ["convert", CEM, "--order", "lex", "--to", "lp"],
          ["convert", CEM, "--order", "nosuch"], ["convert", CRG2, "--order", "lex"], ["convert", BARG, "--order", "lex"],
          ["convert", PART, "--order", "lex"], ["convert", UN, "--order", "lex", "--to", "csv"],
          ["convert", CEM, "--numbered", "--to", "toml"], ["convert", PART, "--to", "prolog"], ["convert", PART, "--to", "lp"],
          ["convert", PART, "--to", "coopgame"], ["convert", BARG, "--to", "csv"], ["convert", CRG2, "--to", "coopgame"],
          ["export", CEM, "--concept", "successful", "--format", "smt2"], ["export", CRG2, "--concept", "core", "--format", "smt2"],
          ["export", CRG2, "--concept", "feasible", "--format", "lp", "--coalition", "zz"],
          ["export", CRG2, "--concept", "feasible", "--format", "lp"],
          ["export", CRG2, "--concept", "feasible", "--format", "lp", "--coalition", ""],
          ["export", CEM, "--concept", "eps-core", "--format", "smt2"], ["export", BARG, "--concept", "core", "--format", "smt2"],
          ["export", PART, "--concept", "core", "--format", "smt2"], ["export", UN, "--concept", "nucleolus-step", "--format", "smt2"],
          ["power", CEM], ["rules", CEM], ["power", PART], ["rules", BARG], ["power", "FILE:wv-1000.toml"],
          ["shapley", UN, "--method", "permutation"], ["shapley", "FILE:tu16.json", "--method", "permutation"],
          ["egalitarian", "FILE:tu16.json"], ["nash", "FILE:tu16.json", "--recursive"],
          ["tighten", CEM, "--mode", "exact", "--epsilon", "1"], ["tighten", CEM, "--lp", "z3", "--mode", "faithful"],
          ["crg", "core", CRG2, "--checker", "flow"], ["crg", "core", "FILE:crg-30-30.lp", "--method", "brute"],
          ["crg", "top", "FILE:crg-30-30.lp", "--method", "brute"], ["crg", "success", "FILE:crg-30-30.lp"],
          ["crg", "check", CRG3, "--sigma", "examples/crg/example2.lp"], ["crg", "check", CRG3, "--sigma", CEM],
          ["crg", "check", CRG2, "--sigma", "examples/crg/example3_sigma.lp"],
          ["crg", "block", CRG3, "--sigma", "MISSING"], ["crg", "check", CRG3, "--method", "csp", "--algorithm", "dinitz"],
          ["reproduce", "nosuch"], ["reproduce"], ["crg"], ["crg", "nosuch"], ["nosuchcommand"], [], ["--json"],
          ["info"], ["info", "a", "b"], ["info", "--json", "MISSING.json"], ["info", "-"], ["shapley", "-"],
          ["info", "/"], ["info", "/dev/null"], ["info", "/dev/zero"], ["info", "/proc/self/mem"],
          ["info", "MISSING.toml"], ["info", "examples"], ["crg", "info", "examples"], ["viable", "examples"],
          ["viable", "MISSING.toml"], ["viable", "/dev/null"], ["query", "MISSING", "x"], ["course", "run", "examples"]]
    return c


# ====================================================================== running
def _prepare(work: Path) -> tuple[dict[str, Path], list[tuple[str, list[str], str | None]]]:
    """Write every input file; return (files, cases = (label, argv, stdin file))."""
    rng = random.Random(2026)
    files: dict[str, Path] = {}
    fdir = work / "in"
    fdir.mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes) -> Path:
        p = fdir / name.replace("/", "_")
        p.write_bytes(data)
        files[name] = p
        return p

    mutated: list[tuple[str, str]] = []  # (file name, base kind)
    for base, (path, kind) in BASES.items():
        text = path.read_text(encoding="utf-8")
        stem, ext = base.rsplit(".", 1)
        for mname, data in mutations(base, text, rng).items():
            if mname.endswith(".json"):
                name = f"{stem}.{mname}"
            else:
                name = f"{stem}.{mname}.{ext}"
            put(name, data)
            mutated.append((name, kind))
    for name, data in huge_files(work).items():
        put(name, data)
    put("garbage.sqlite", bytes(random.Random(1).randrange(256) for _ in range(5000)))
    put("empty.sqlite", b"")
    import sqlite3

    other = fdir / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("create table if not exists foo (a)")
    con.commit()
    con.close()
    files["other.sqlite"] = other
    full = fdir / "full.sqlite"
    if not full.exists():
        import subprocess

        subprocess.run([sys.executable, "-m", "declcoal", "campaign", "run", "demo", "--count", "5", "--inprocess",
                        "--no-progress", "--db", str(full)], cwd=ROOT, capture_output=True, check=True)
    files["full.sqlite"] = full
    if (fdir / "unreadable.toml").exists():
        os.chmod(fdir / "unreadable.toml", 0o600)
    unread = put("unreadable.toml", (EX / "tick/cement.toml").read_bytes())
    os.chmod(unread, 0)

    cases: list[tuple[str, list[str], str | None]] = []
    # which commands apply to which base kind (cross-kind use is exercised too, on a subset)
    rel = {"tu": None, "bargaining": None, "partition": None, "field": None, "crg": None,
           "sigma": {"crg"}, "query": {"query"}, "rules": {"query"}, "cnf": {"construct", "verify"}}
    for name, kind in mutated:
        for cmd in FILE_COMMANDS:
            uses_file_as = _role(cmd)
            if uses_file_as == "game" and kind in ("sigma", "query", "rules", "cnf"):
                if rng.random() > 0.05:
                    continue
            elif uses_file_as != "game" and uses_file_as != kind and rng.random() > 0.03:
                continue
            elif uses_file_as == "game" and not _applies(cmd, kind) and rng.random() > 0.25:
                continue
            cases.append((f"file:{name}", [str(files[name]) if a == "GAME" else a for a in cmd], None))
    for name in huge_files(work):
        for cmd in LARGE_COMMANDS:
            if _role(cmd) == "game" or name.endswith((".cnf", ".txt")) and _role(cmd) in ("cnf", "query"):
                cases.append((f"large:{name}", [str(files[name]) if a == "GAME" else a for a in cmd], None))
    for cmd in FILE_COMMANDS:  # missing, directory, unreadable, stdin, /dev/null, fifo-like
        for special in ("MISSING.toml", "examples", "/dev/null", str(unread), "-"):
            argv = [special if a == "GAME" else a for a in cmd]
            stdin = str(EX / "tick/cement.toml") if special == "-" else None
            cases.append((f"special:{special}", argv, stdin))
            if special == "-":
                cases.append(("special:-garbage", argv, str(files["cement.garbage.toml"])))
                cases.append(("special:-empty", argv, str(files["cement.empty.toml"])))
    for argv in option_cases():
        argv = [str(files[a[5:]]) if a.startswith("FILE:") else a for a in argv]
        cases.append(("option", argv, None))
    cases.append(("stdin-query", ["query", CEM, "-f", "-"], str(files["questions.query-bad.txt"] if "questions.query-bad.txt" in files else files["query-bad.txt"])))
    cases.append(("stdin-alloc", ["check", CEM, "--allocation-file", "-"], str(files["cement.garbage.toml"])))
    return files, cases


def _role(cmd: list[str]) -> str:
    i = cmd.index("GAME")
    prev = cmd[i - 1] if i else ""
    if prev == "-f":
        return "query"
    if prev == "--sigma":
        return "sigma"
    if prev == "--rules":
        return "rules"
    if prev == "--allocation-file":
        return "alloc"
    if cmd[0] in ("construct", "verify"):
        return "cnf"
    if cmd[0] == "campaign":
        return "db"
    if cmd[0] == "course":
        return "course"
    return "game"


def _applies(cmd: list[str], kind: str) -> bool:
    name = cmd[0]
    if name == "crg":
        return kind == "crg"
    if name == "viable":
        return kind == "partition"
    if name in ("power", "rules"):
        return kind == "field"
    if name in ("nash", "egalitarian", "solve", "convert", "info", "query", "export"):
        return True
    return kind in ("tu", "field")


def _child(argv: list[str], stdin: str | None, out: Path, err: Path, memlimit: int) -> None:
    import contextlib

    os.setpgid(0, 0)
    resource.setrlimit(resource.RLIMIT_AS, (memlimit, memlimit))
    fd = os.open(stdin or os.devnull, os.O_RDONLY)
    os.dup2(fd, 0)
    sys.stdin = open(0, encoding="utf-8", errors="surrogateescape", closefd=False)
    code = 99
    # the files are the child's fds 1 and 2 too, so that what native code writes there
    # (clingo's or Z3's own messages) is classified like what Python prints
    for path, target in ((out, 1), (err, 2)):
        os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), target)
    with open(1, "w", encoding="utf-8", closefd=False, buffering=1) as o, \
            open(2, "w", encoding="utf-8", closefd=False, buffering=1) as e, \
            contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        try:
            from declcoal.cli import main

            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 98
        except BaseException:  # noqa: BLE001 - what main() let through
            import traceback

            traceback.print_exc()
            code = 97
        try:
            sys.stdout.flush()
        except Exception:  # noqa: BLE001
            pass
    os._exit(code if isinstance(code, int) and 0 <= code < 256 else 96)


def _one_error_line(line: str, json_errors: bool) -> bool:
    """``declcoal: error: ...``, or with --json on the command line one JSON object with
    an "error" key (errors are JSON there by design)."""
    if line.startswith("declcoal: error:"):
        return True
    if json_errors:
        try:
            return "error" in json.loads(line)
        except (ValueError, TypeError):
            return False
    return False


def classify(rc: int | None, err: str, secs: float, rss_mb: float, timeout: float,
             json_errors: bool = False) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    if rc is None:
        return "BAD:timeout"
    if rss_mb > 1024:
        return "BAD:memory"
    if "Traceback" in err:
        return "BAD:traceback"
    if "internal error" in err:
        return "BAD:internal"
    if rc == 0:
        return "ok"
    if rc == 2:
        return "refused" if len(lines) == 1 and _one_error_line(lines[0], json_errors) else "BAD:multiline2"
    if rc == 1:
        return "limit" if len(lines) == 1 and _one_error_line(lines[0], json_errors) else "BAD:multiline1"
    return f"BAD:exit{rc}"


def run_cases(cases, work: Path, jobs: int, timeout: float, memlimit: int, log) -> list[dict]:
    import declcoal.cli as cli  # warm: the parser and the heavy imports happen once, before forking
    import clingo  # noqa: F401
    import numpy  # noqa: F401
    import z3  # noqa: F401

    cli.build_parser()
    results: list[dict] = []
    running: dict[int, tuple] = {}
    queue = list(enumerate(cases))
    os.makedirs(work / "io", exist_ok=True)
    while queue or running:
        while queue and len(running) < jobs:
            k, (label, argv, stdin) = queue.pop(0)
            case_dir = work / "io" / str(k)
            case_dir.mkdir(exist_ok=True)
            argv = [str(case_dir / "db.sqlite") if a == "DB" else a for a in argv]
            argv = [str(case_dir / a[7:]) if a.startswith("OUTDIR/") else (str(case_dir) if a == "OUTDIR" else a)
                    for a in argv]
            argv = [str(ROOT / "tests/fixtures/fuzz-campaign.sqlite") if a == "FILE:full.sqlite" else a for a in argv]
            out, err = case_dir / "out", case_dir / "err"
            pid = os.fork()
            if pid == 0:
                os.chdir(case_dir if any(a.startswith("MISSING") for a in argv) else ROOT)
                _child(argv, stdin, out, err, memlimit)
            running[pid] = (k, label, argv, stdin, time.monotonic(), out, err, case_dir)
        time.sleep(0.005)
        for pid, (k, label, argv, stdin, t0, out, err, case_dir) in list(running.items()):
            try:
                wpid, status, ru = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                wpid, status, ru = pid, 0, None
            secs = time.monotonic() - t0
            if wpid == 0:
                if secs > timeout:
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    os.wait4(pid, 0)
                    rc, rss = None, 0.0
                else:
                    continue
            else:
                rc = os.waitstatus_to_exitcode(status)
                rss = (ru.ru_maxrss / 1024) if ru else 0.0
            del running[pid]
            e = err.read_text(encoding="utf-8", errors="replace") if err.exists() else ""
            cls = classify(rc, e, secs, rss, timeout, json_errors="--json" in argv)
            if cls != "ok" and rc not in (None, 0):
                leftovers = [p.name for p in case_dir.iterdir() if p.name not in ("out", "err", "db.sqlite")]
                tmp_left = [p for p in leftovers if ".tmp" in p or p.startswith(".")]
                if tmp_left:
                    cls = "BAD:half-written"
            cmd = argv[0] if argv else "(none)"
            if cmd in ("crg", "campaign", "course") and len(argv) > 1:
                cmd += " " + argv[1]
            rec = {"k": k, "label": label, "cmd": cmd, "argv": argv, "stdin": stdin, "rc": rc, "class": cls,
                   "secs": round(secs, 3), "rss_mb": round(rss, 1), "err": e[-1500:]}
            results.append(rec)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            if cls.startswith("BAD"):
                print(f"  {cls} {secs:.1f}s: declcoal {' '.join(argv)[:300]}\n     {e.strip()[-300:]}", flush=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="/tmp/declcoal-fuzz")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--memlimit-gb", type=float, default=4.0)
    ap.add_argument("--only", default=None, help="only commands starting with this")
    ap.add_argument("--limit", type=int, default=None, help="at most this many cases (a sample)")
    ap.add_argument("--per-command", type=int, default=120, help="mutated-file pairs per command (0: all)")
    ap.add_argument("--rerun", default=None, help="rerun the BAD pairs of this results.jsonl")
    ap.add_argument("--list", action="store_true", help="only print the cases")
    a = ap.parse_args()
    work = Path(a.out)
    work.mkdir(parents=True, exist_ok=True)
    _, cases = _prepare(work)
    if a.rerun:  # only the BAD pairs of an earlier run (their argv as run then)
        old = [json.loads(x) for x in open(a.rerun, encoding="utf-8")]
        cases = [(r["label"], r["argv"], r["stdin"]) for r in old if r["class"].startswith("BAD")]
        a.per_command = 0
    if a.only:
        cases = [c for c in cases if " ".join(c[1]).startswith(a.only)]
    if a.per_command:  # a stratified sample of the mutated files: at most this many per command
        rng, seen, kept = random.Random(0), Counter(), []
        shuffled = cases[:]
        rng.shuffle(shuffled)
        for c in shuffled:
            key = " ".join(c[1][:2]) if c[1] and c[1][0] in ("crg", "campaign", "course") else (c[1][0] if c[1] else "")
            if c[0].startswith("file:"):
                seen[key] += 1
                if seen[key] > a.per_command:
                    continue
            kept.append(c)
        cases = kept
    if a.limit:
        cases = random.Random(0).sample(cases, min(a.limit, len(cases)))
    print(f"{len(cases)} cases; load {os.getloadavg()}", flush=True)
    if a.list:
        for c in cases:
            print(c)
        return 0
    t0 = time.monotonic()
    with open(work / "results.jsonl", "w", encoding="utf-8") as log:
        results = run_cases(cases, work, a.jobs, a.timeout, int(a.memlimit_gb * 2**30), log)
    per: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        per[r["cmd"]][r["class"].split(":")[0]] += 1
    total = Counter(r["class"] for r in results)
    print(f"\n{len(results)} pairs in {time.monotonic() - t0:.0f} s; load {os.getloadavg()}")
    print(f"{'command':22} {'pairs':>6} {'ok':>6} {'refused':>8} {'limit':>6} {'BAD':>5}")
    for cmd in sorted(per):
        c = per[cmd]
        print(f"{cmd:22} {sum(c.values()):6} {c['ok']:6} {c['refused']:8} {c['limit']:6} {c['BAD']:5}")
    print("classes:", dict(total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
