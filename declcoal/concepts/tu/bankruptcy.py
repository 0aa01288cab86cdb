"""Division rules for bankruptcy problems (E; c), Σ c_i ≥ E ≥ 0 (O'Neill 1982;
Aumann & Maschler 1985; Thomson 2003, "Axiomatic and game-theoretic analysis of
bankruptcy and taxation problems: a survey"). All exact.

* proportional: x_i = E · c_i / Σ c;
* constrained equal awards (CEA): x_i = min(c_i, λ), λ such that Σ x = E (Maimonides);
* constrained equal losses (CEL): x_i = max(0, c_i − μ), μ such that Σ x = E;
* Talmud (Aumann & Maschler 1985): CEA on the half-claims when E ≤ Σc/2; otherwise each
  gets half its claim and the rest is shared by CEL on the half-claims. Aumann &
  Maschler's theorem: the Talmud rule is the nucleolus of the bankruptcy game
  v(S) = max(0, E − Σ_{i∉S} c_i) — ``tests/test_constructors.py`` checks it against
  :func:`declcoal.nucleolus`.
"""
from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ...model.constructors import BankruptcyGame
from ...results import EXACT, timed
from .shapley import ValueResult

__all__ = ["proportional_rule", "cea_rule", "cel_rule", "talmud_rule", "bankruptcy_rules", "RULES"]


def _cea(estate: Fraction, claims: Sequence[Fraction]) -> list[Fraction]:
    """min(c_i, λ) with Σ = estate ≤ Σ c: water-filling over the claims in increasing order."""
    order = sorted(range(len(claims)), key=lambda i: claims[i])
    out = [Fraction(0)] * len(claims)
    left = estate
    for pos, i in enumerate(order):
        share = left / (len(claims) - pos)
        if claims[i] <= share:
            out[i] = claims[i]
            left -= claims[i]
        else:
            for j in order[pos:]:
                out[j] = share
            return out
    return out


def cea_rule(estate: Fraction, claims: Sequence[Fraction]) -> list[Fraction]:
    """Constrained equal awards: x_i = min(c_i, λ), Σ x_i = E (Thomson 2003, §2.1)."""
    return _cea(Fraction(estate), [Fraction(c) for c in claims])


def cel_rule(estate: Fraction, claims: Sequence[Fraction]) -> list[Fraction]:
    """Constrained equal losses: x_i = max(0, c_i − μ), Σ x_i = E — the dual of CEA:
    the losses Σc − E are shared by constrained equal awards (Thomson 2003, §2.1)."""
    cs = [Fraction(c) for c in claims]
    losses = _cea(sum(cs, Fraction(0)) - Fraction(estate), cs)
    return [c - l for c, l in zip(cs, losses)]


def proportional_rule(estate: Fraction, claims: Sequence[Fraction]) -> list[Fraction]:
    """x_i = E · c_i / Σ c (Aristotle; Thomson 2003, §2.1)."""
    cs = [Fraction(c) for c in claims]
    total = sum(cs, Fraction(0))
    return [Fraction(estate) * c / total if total else Fraction(0) for c in cs]


def talmud_rule(estate: Fraction, claims: Sequence[Fraction]) -> list[Fraction]:
    """The Talmud rule (Aumann & Maschler 1985): CEA on half-claims if E ≤ Σc/2, else
    c_i minus CEA of the loss on the half-claims (self-dual). It is the nucleolus of
    the bankruptcy game (Aumann & Maschler 1985, Theorem A)."""
    cs = [Fraction(c) for c in claims]
    half = [c / 2 for c in cs]
    total = sum(cs, Fraction(0))
    e = Fraction(estate)
    if e <= total / 2:
        return _cea(e, half)
    return [c - x for c, x in zip(cs, _cea(total - e, half))]


RULES = {"proportional": proportional_rule, "cea": cea_rule, "cel": cel_rule, "talmud": talmud_rule}


def bankruptcy_rules(game: BankruptcyGame, rules: Sequence[str] = tuple(RULES)) -> list[ValueResult]:
    """Every classic rule on the game's estate and claims, any number of claimants
    (Thomson 2003): one :class:`ValueResult` per rule."""
    out = []
    for name in rules:
        with timed() as t:
            vals = RULES[name](game.estate, game.claims)
        out.append(ValueResult(f"{name} rule", "closed form on (estate, claims)", EXACT, game.name, game.players,
                               vals, t.seconds, {"estate": game.estate}))
    return out
