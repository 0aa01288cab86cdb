"""CRG files: ASP facts (``.lp``) and TOML/JSON documents (``kind = "crg"``).

ASP facts, usable as-is with ``clingo`` and ``encodings/crg/*.lp``::

    agent(a1). goal(g1). resource(r1).
    wants(a1,g1).          % g1 ∈ G_1
    en(a1,r1,2).           % en(a1, r1) = 2   (missing pairs are 0)
    req(g1,r1,3).          % req(g1, r1) = 3

Unary facts may pool names (``agent(a1;a2;a3).``); ``%`` starts a comment. A coalition
structure σ (for ``--sigma``) is written with three more predicates::

    sigma_member(l1,a1).   % agent a1 belongs to cooperation structure l1 of σ
    sigma_goal(l1,g1).     % l1 achieves goal g1
    sigma_xi(a1,r1,4).     % a1 contributes 4 of r1 (missing = 0)

The TOML twin::

    kind = "crg"
    name = "example2"
    agents = ["a1", "a2"]
    goals = ["g1", "g2"]
    resources = ["r1", "r2"]
    [wants]
    a1 = ["g1"]
    [en]
    a1 = { r1 = 8, r2 = 1 }
    [req]
    g1 = { r1 = 4, r3 = 1 }

and σ in TOML/JSON as ``[[sigma]]`` tables with ``coalition``, ``goals`` and ``xi``
(``xi = { a1 = { r1 = 4 } }``). Every error names the file and line.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import DeclcoalError, InputError
from ..model.crg import CRG, Coop, asp_term, check_sigma, make_coop
from .source import Source
from .tabular import parse_json, parse_toml

GAME_PREDICATES = {"agent": 1, "goal": 1, "resource": 1, "wants": 2, "en": 3, "req": 3}
SIGMA_PREDICATES = {"sigma_member": 2, "sigma_goal": 2, "sigma_xi": 3}
CRG_KEYS = {"kind", "name", "description", "source", "agents", "goals", "resources", "wants", "en", "req", "meta", "sigma"}

_FACT = re.compile(r"\s*([a-z][A-Za-z0-9_]*)\s*(?:\(([^()]*)\))?\s*\.")
_CONST = re.compile(r"^[a-z][A-Za-z0-9_]*$")
_INT = re.compile(r"^-?[0-9]+$")


def parse_facts(src: Source, allowed: dict[str, int]) -> list[tuple[str, tuple[str, ...], int]]:
    """Ground facts ``p(t1,...,tk).`` with their line numbers (comments stripped).

    Only the predicates in ``allowed`` (name -> arity) are accepted, so a typo such as
    ``wnats(a1,g1).`` is an error, not a silently ignored atom."""
    facts = []
    text = re.sub(r"%\*.*?\*%", lambda m: "\n" * m.group(0).count("\n"), src.text, flags=re.S)
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("%", 1)[0]
        pos = 0
        while pos < len(line):
            if not line[pos:].strip():
                break
            if line[pos:].lstrip().startswith("#"):
                raise InputError(f"directives ({line[pos:].strip()[:20]}...) are not allowed in a facts file", file=src.name, line=no)
            m = _FACT.match(line, pos)
            if not m:
                bad = line[pos:].strip()
                raise InputError(f"not a fact: {bad[:40]!r} (expected e.g. en(a1,r1,2).)", file=src.name, line=no)
            pred, args = m.group(1), m.group(2)
            parts = tuple(a.strip() for a in args.split(",")) if args is not None else ()
            if pred not in allowed:
                raise InputError(
                    f"unknown predicate {pred}/{len(parts)} (allowed: {', '.join(f'{p}/{k}' for p, k in allowed.items())})",
                    file=src.name, line=no,
                )
            if len(parts) != allowed[pred]:
                raise InputError(f"{pred} takes {allowed[pred]} arguments, got {len(parts)}", file=src.name, line=no)
            pools = [p.split(";") for p in parts]
            pools = [[_term(x.strip(), src, no) for x in pool] for pool in pools]
            parts = tuple(_term(p.strip(), src, no) if len(pool) == 1 else p for p, pool in zip(parts, pools))
            if any(len(p) > 1 for p in pools) and len(parts) != 1:
                raise InputError("pooling with ';' is supported in unary facts only", file=src.name, line=no)
            for names in pools:
                for name in names:
                    name = name.strip()
                    if not name:
                        raise InputError(f"empty argument in {pred}(...)", file=src.name, line=no)
            if len(parts) == 1:
                for name in pools[0]:
                    facts.append((pred, (name.strip(),), no))
            else:
                facts.append((pred, parts, no))
            pos = m.end()
    return facts


_STRING = re.compile(r'^"([^"\\]*)"$')


def _term(text: str, src: Source, line: int) -> str:
    """A fact argument: an ASP constant or integer as it is, a quoted string ("Ä",
    "Alice") unquoted; anything else (Alice: a variable in ASP) is an error."""
    m = _STRING.match(text)
    if m:
        return m.group(1)
    if text == "not":
        raise InputError("'not' is a reserved word of ASP (clingo cannot parse it as a constant); quote it: \"not\"",
                         file=src.name, line=line)
    if _CONST.match(text) or _INT.match(text) or not text:
        return text
    raise InputError(f"{text!r} is not an ASP constant (lower-case letter first); quote other names: \"{text}\"",
                     file=src.name, line=line)


def _nat(text: str, what: str, src: Source, line: int) -> int:
    if not _INT.match(text):
        raise InputError(f"{what} must be a natural number, got {text!r}", file=src.name, line=line)
    if len(text.strip().lstrip("+-")) > 18:
        raise InputError(f"{what} {text[:20]}... is too large (declcoal's limit for CRG amounts: 10^18)",
                         file=src.name, line=line)
    v = int(text)
    if v < 0:
        raise InputError(f"{what} must be a natural number (>= 0), got {v}", file=src.name, line=line)
    return v


def _const(text: str, what: str, src: Source, line: int) -> str:
    return text  # checked by _term when the facts were parsed


def read_facts(src: Source) -> list[CRG]:
    """A CRG from ASP facts (``EXTENSIONS['.lp']``)."""
    facts = parse_facts(src, {**GAME_PREDICATES, **SIGMA_PREDICATES})
    return [_game_from_facts(src, [f for f in facts if f[0] in GAME_PREDICATES])]


def _game_from_facts(src: Source, facts: list) -> CRG:
    names: dict[str, list[str]] = {"agent": [], "goal": [], "resource": []}
    where: dict[tuple, int] = {}
    for pred, args, no in facts:
        if pred in names:
            x = _const(args[0], pred, src, no)
            if (pred, x) in where:
                raise InputError(f"duplicate {pred}({x}) (first on line {where[(pred, x)]})", file=src.name, line=no)
            where[(pred, x)] = no
            names[pred].append(x)
    if not names["agent"]:
        raise InputError("no agent/1 facts: a CRG needs at least one agent", file=src.name, line=1)
    if not names["resource"]:
        raise InputError("no resource/1 facts: a CRG needs at least one resource", file=src.name, line=1)
    known = {k: set(v) for k, v in names.items()}
    wants: dict[str, list[str]] = {}
    en: dict[tuple[str, str], int] = {}
    req: dict[tuple[str, str], int] = {}
    for pred, args, no in facts:
        if pred == "wants":
            a, g = args
            _known(known, "agent", a, src, no)
            _known(known, "goal", g, src, no)
            if g in wants.get(a, []):
                raise InputError(f"duplicate wants({a},{g})", file=src.name, line=no)
            wants.setdefault(a, []).append(g)
        elif pred in ("en", "req"):
            x, r, k = args
            _known(known, "agent" if pred == "en" else "goal", x, src, no)
            _known(known, "resource", r, src, no)
            table = en if pred == "en" else req
            if (x, r) in table:
                raise InputError(f"duplicate {pred}({x},{r},...): the amount is given twice", file=src.name, line=no)
            table[(x, r)] = _nat(k, f"{pred}({x},{r},_)", src, no)
            where[(pred, x, r)] = no
    for g in names["goal"]:
        if not any(req.get((g, r), 0) > 0 for r in names["resource"]):
            raise InputError(
                f"goal {g} requires no resource; §3 assumes every goal has some req({g},r,k) with k > 0",
                file=src.name, line=where[("goal", g)],
            )
    try:
        return CRG.build(names["agent"], names["goal"], names["resource"], wants, en, req, name=Path(src.name).stem)
    except DeclcoalError as exc:
        words = set(re.findall(r"'([A-Za-z0-9_]+)'", exc.message))
        decl = [no for key, no in where.items() if len(key) == 2 and key[1] in words]  # agent(x)/goal(x)/resource(x)
        lines = decl or [no for key, no in where.items() if words & set(key[1:])]
        raise exc.located(src.name, max(lines) if lines else 1) from None


def _known(known: dict, kind: str, x: str, src: Source, no: int) -> None:
    if x not in known[kind]:
        raise InputError(f"unknown {kind} {x!r} (declare it with {kind}({x}).)", file=src.name, line=no)


# ---------------------------------------------------------------- TOML / JSON
def crg_from_doc(doc: dict, src: Source) -> CRG:
    """A CRG from a TOML/JSON document with ``kind = "crg"`` (``KINDS['crg']``)."""
    unknown = sorted(set(doc) - CRG_KEYS)
    if unknown:
        raise src.error(InputError(f"unknown key {unknown[0]!r} in a CRG (allowed: {', '.join(sorted(CRG_KEYS))})"), unknown[0])
    lists = {}
    for key in ("agents", "goals", "resources"):
        v = doc.get(key, [] if key == "goals" else None)
        if v is None:
            raise InputError(f"missing '{key} = [...]'", file=src.name)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise src.error(InputError(f"'{key}' must be a list of names"), key)
        lists[key] = v
    wants_doc = doc.get("wants", {})
    if not isinstance(wants_doc, dict):
        raise src.error(InputError("'wants' must be a table agent = [goals]"), "wants")
    wants = {}
    for a, gs in wants_doc.items():
        if not isinstance(gs, list) or not all(isinstance(g, str) for g in gs):
            raise src.error(InputError(f"wants.{a} must be a list of goal names"), a, "wants")
        if len(set(gs)) != len(gs):
            raise src.error(InputError(f"wants.{a} lists a goal twice"), a, "wants")
        wants[a] = gs
    tables = {}
    for key in ("en", "req"):
        t = doc.get(key, {})
        if not isinstance(t, dict):
            raise src.error(InputError(f"'{key}' must be a table of tables"), key)
        flat = {}
        for x, row in t.items():
            if not isinstance(row, dict):
                raise src.error(InputError(f"{key}.{x} must be a table resource = amount"), x, key)
            for r, k in row.items():
                if isinstance(k, bool) or not isinstance(k, int):
                    raise src.error(InputError(f"{key}({x},{r}) must be a natural number, got {k!r}"), x, key)
                if k < 0:
                    raise src.error(InputError(f"{key}({x},{r}) must be a natural number (>= 0), got {k}"), x, key)
                flat[(x, r)] = k
        tables[key] = flat
    name = doc.get("name", Path(src.name).stem)
    if not isinstance(name, str):
        raise src.error(InputError("'name' must be a string"), "name")
    meta = {k: doc[k] for k in ("description", "source") if k in doc}
    try:
        return CRG.build(lists["agents"], lists["goals"], lists["resources"], wants, tables["en"], tables["req"], name=name, meta=meta)
    except DeclcoalError as exc:
        raise src.error(exc, *_quoted(exc.message)) from None


def _quoted(message: str) -> list[str]:
    """Names quoted in an error message (repr() uses "..." for names containing ')."""
    return [a or b for a, b in re.findall(r"'([^'\s]+)'|\"([^\"\s]+)\"", message)]


# ---------------------------------------------------------------- writing
def crg_to_facts(game: CRG) -> str:
    """ASP facts for a game (the format :func:`read_facts` reads); names that are not
    ASP constants are written as quoted strings (``agent("Ä").``)."""
    q = asp_term
    lines = [f"% {game.name}: coalitional resource game (Dunne et al. 2010, §3)"]
    lines.append("agent(" + ";".join(map(q, game.agents)) + ").")
    if game.goals:
        lines.append("goal(" + ";".join(map(q, game.goals)) + ").")
    lines.append("resource(" + ";".join(map(q, game.resources)) + ").")
    for i, a in enumerate(game.agents):
        ws = [f"wants({q(a)},{q(g)})." for j, g in enumerate(game.goals) if game.wants[i] >> j & 1]
        if ws:
            lines.append(" ".join(ws))
    for i, a in enumerate(game.agents):
        es = [f"en({q(a)},{q(r)},{game.en[i][k]})." for k, r in enumerate(game.resources) if game.en[i][k]]
        if es:
            lines.append(" ".join(es))
    for j, g in enumerate(game.goals):
        lines.append(" ".join(f"req({q(g)},{q(r)},{game.req[j][k]})." for k, r in enumerate(game.resources)
                              if game.req[j][k]))
    return "\n".join(lines) + "\n"


def sigma_to_facts(game: CRG, sigma) -> str:
    """σ as ``sigma_member/2``, ``sigma_goal/2``, ``sigma_xi/3`` facts (for block.lp)."""
    q = asp_term
    out = []
    for k, lam in enumerate(sigma, start=1):
        for i in range(game.n):
            if lam.coalition >> i & 1:
                out.append(f"sigma_member(l{k},{q(game.agents[i])}).")
        for j in range(game.m):
            if lam.goals >> j & 1:
                out.append(f"sigma_goal(l{k},{q(game.goals[j])}).")
        for i in range(game.n):
            for r in range(game.t):
                if lam.xi[i][r]:
                    out.append(f"sigma_xi({q(game.agents[i])},{q(game.resources[r])},{lam.xi[i][r]}).")
    return "\n".join(out) + "\n"


def sigma_to_doc(game: CRG, sigma) -> list[dict]:
    return [
        {k: v for k, v in lam.to_dict(game).items() if k in ("coalition", "goals", "xi")} for lam in sigma
    ]


# ---------------------------------------------------------------- σ files
def read_sigma(game: CRG, path: str | Path) -> tuple[Coop, ...]:
    """A coalition structure σ (Dunne et al. 2010, §3.4) for ``game`` from a .lp / .toml / .json file, validated
    (partition of Ag, feasible cooperation structures within endowments)."""
    src = Source.read(path)
    ext = Path(path).suffix.lower()
    try:
        if ext == ".lp":
            sigma = _sigma_from_facts(game, src)
        elif ext in (".toml", ".json"):
            doc = parse_toml(src) if ext == ".toml" else parse_json(src)
            if "sigma" not in doc:
                raise InputError("missing [[sigma]] tables (one per cooperation structure)", line=1)
            sigma = _sigma_from_doc(game, doc["sigma"], src)
        else:
            raise InputError(f"unknown σ file type {ext or '(none)'!r}; use .lp, .toml or .json", line=1)
        check_sigma(game, sigma)
        return sigma
    except DeclcoalError as exc:
        raise exc.located(src.name) from None


def _sigma_from_facts(game: CRG, src: Source) -> tuple[Coop, ...]:
    facts = parse_facts(src, {**SIGMA_PREDICATES, **GAME_PREDICATES})
    ai = {a: k for k, a in enumerate(game.agents)}
    gi = {g: k for k, g in enumerate(game.goals)}
    ri = {r: k for k, r in enumerate(game.resources)}
    order: list[str] = []
    coal: dict[str, int] = {}
    goals: dict[str, int] = {}
    xi = [[0] * game.t for _ in range(game.n)]
    seen_xi: set = set()
    first_line: dict[str, int] = {}  # first sigma_member line of each structure
    xi_line: dict[tuple[str, str], int] = {}
    for pred, args, no in facts:
        if pred == "sigma_member":
            k, a = args
            first_line.setdefault(k, no)
            if a not in ai:
                raise InputError(f"unknown agent {a!r} in σ", file=src.name, line=no)
            if k not in coal:
                order.append(k)
                coal[k] = 0
            for other, m in coal.items():
                if m >> ai[a] & 1:
                    raise InputError(f"agent {a} is in two cooperation structures of σ ({other} and {k})", file=src.name, line=no)
            coal[k] |= 1 << ai[a]
        elif pred == "sigma_goal":
            k, g = args
            if g not in gi:
                raise InputError(f"unknown goal {g!r} in σ", file=src.name, line=no)
            goals[k] = goals.get(k, 0) | 1 << gi[g]
        elif pred == "sigma_xi":
            a, r, v = args
            if a not in ai:
                raise InputError(f"unknown agent {a!r} in σ", file=src.name, line=no)
            if r not in ri:
                raise InputError(f"unknown resource {r!r} in σ", file=src.name, line=no)
            if (a, r) in seen_xi:
                raise InputError(f"duplicate sigma_xi({a},{r},...)", file=src.name, line=no)
            seen_xi.add((a, r))
            xi_line[(a, r)] = no
            xi[ai[a]][ri[r]] = _nat(v, f"sigma_xi({a},{r},_)", src, no)
    for k in goals:
        if k not in coal:
            raise InputError(f"sigma_goal({k},...) names a cooperation structure with no sigma_member({k},...)", file=src.name,
                             line=src.line_of(f"sigma_goal({k}"))
    if not coal:
        raise InputError("no sigma_member/2 facts: σ is empty", file=src.name, line=1)
    out = []
    for k in order:
        rows = [xi[i] if coal[k] >> i & 1 else [0] * game.t for i in range(game.n)]
        try:
            out.append(make_coop(game, coal[k], goals.get(k, 0), rows))
        except DeclcoalError as exc:  # over-endowed: the sigma_xi line; infeasible: the structure's first line
            over = re.match(r"(\w+) contributes (\w+)=", exc.message)
            line = xi_line.get(over.groups()) if over else None
            raise exc.located(src.name, line or first_line[k]) from None
    try:
        check_sigma(game, tuple(out))
    except DeclcoalError as exc:
        # not a partition: agents outside σ (incl. contributions by them) -> the first σ line
        raise exc.located(src.name, min(first_line.values())) from None
    return tuple(out)


def _sigma_from_doc(game: CRG, items, src: Source) -> tuple[Coop, ...]:
    if not isinstance(items, list):
        raise src.error(InputError("'sigma' must be an array of tables [[sigma]]"), "sigma")
    out = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise src.error(InputError(f"sigma #{n} must be a table"), "sigma")
        bad = sorted(set(item) - {"coalition", "goals", "xi"})
        if bad:
            raise src.error(InputError(f"unknown key {bad[0]!r} in sigma #{n} (allowed: coalition, goals, xi)"), bad[0])
        for key in ("coalition", "goals"):
            v = item.get(key, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise src.error(InputError(f"sigma #{n}: {key} must be a list of names, got {v!r}"), "sigma")
        try:
            C = game.agent_mask(item.get("coalition", []))
            G = game.goal_mask(item.get("goals", []))
            rows = [[0] * game.t for _ in range(game.n)]
            xi = item.get("xi", {})
            if not isinstance(xi, dict):
                raise InputError(f"sigma #{n}: xi must be a table agent = {{resource = amount}}")
            for a, row in xi.items():
                i = game.agent_mask([a]).bit_length() - 1
                if not isinstance(row, dict):
                    raise InputError(f"sigma #{n}: xi.{a} must be a table resource = amount")
                for r, v in row.items():
                    if r not in game.resources:
                        raise InputError(f"sigma #{n}: unknown resource {r!r}")
                    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                        raise InputError(f"sigma #{n}: xi({a},{r}) must be a natural number, got {v!r}")
                    rows[i][game.resources.index(r)] = v
            out.append(make_coop(game, C, G, rows))
        except DeclcoalError as exc:
            words = [w for w in _quoted(exc.message) if not w.isdigit()]
            raise src.error(exc, *words, "sigma") from None
    try:
        check_sigma(game, tuple(out))
    except DeclcoalError as exc:  # not a partition of Ag
        raise src.error(exc, "sigma") from None
    return tuple(out)


def sigma_from_game_file(game: CRG, path: str | Path) -> tuple[Coop, ...] | None:
    """σ facts/tables written inside the game file itself, if any."""
    src = Source.read(path)
    ext = Path(path).suffix.lower()
    if ext == ".lp":
        if not any(p in src.text for p in SIGMA_PREDICATES):
            return None
        return read_sigma(game, path)
    if ext in (".toml", ".json"):
        doc = parse_toml(src) if ext == ".toml" else parse_json(src)
        if "sigma" not in doc:
            return None
        return read_sigma(game, path)
    return None
