"""Reproduction of Tick (1995), Tables 2 and 3: the comparison data (the CLI renders it).

The paper's numbers are transcribed here from the OCR text of CIS-TR-95-13 with the
reconstruction decisions recorded next to them (docs/tightening.md, "Reproduction").
Comparisons are made *at the paper's rounding*: each paper entry is compared with
declcoal's exact value rounded half-up to as many decimals as the paper printed.

Where an entry differs, :func:`reproduce` attaches evidence computed on the spot:

* whether some point of the faithful final region S(K_final) rounds to the paper's
  allocation (then the difference is only *which* point Phase III picked — the order
  of CLP(R)'s ``dump/3`` output, which the paper does not give);
* whether the paper's MSE agrees with declcoal's allocation rather than the paper's
  printed one (then the printed allocation is a typo).

Table 3's MSE column is the mean squared difference between the allocation and the
Shapley value *as printed* (rounded to one decimal): computed that way all sixteen
MSE entries agree with the paper; against the exact Shapley value seven of the
4-player entries differ in the third significant digit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..model.numbers import rounded_half_up
from ..model.tu import TUGame
from ..results import jsonable
from ..solvers import lp as lpmod
from ..concepts.tu.shapley import shapley
from ..concepts.tu.tightening import Gamma, TighteningResult, mse, template_order, tighten

#: Table 2 (Scandinavian Cement, relative tightening), as printed. "*" = fixed.
TABLE2 = [
    (1, ["0.07689"] * 6, [False, False, False, False, True, True]),
    (2, ["0.166655", "0.166655", "0.166655", "0.07689", "0.07689", "0.07689"], [True, False, False, False, True, True]),
    (3, ["0.166655", "0.297189", "0.297189", "0.07689", "0.07689", "0.07689"], [True, True, False, True, True, True]),
    (4, ["0.166655", "0.297189", "1.69241", "0.07689", "0.07689", "0.07689"], [True, True, True, True, True, True]),
]
TABLE2_NOTE = (
    "The printed table leaves K4 (coalition {X,Y}) unstarred after iterations 1 and 2, yet its value stays "
    "0.07689 in iteration 2 while every non-fixed parameter moves to 0.166655 — so K4 was already fixed "
    "(search1/update moves every float parameter). In iteration 1, raising K4 alone by 2ε is infeasible "
    "(the three pair constraints meet: 154 >= 143(1+K) forces K <= 1/13). The missing stars are a "
    "printing defect; declcoal fixes K4 in iteration 1."
)

#: Table 3 as printed: game -> (Shapley, relative, absolute, MSE relative, MSE absolute).
TABLE3 = {
    "cement": (["35.5", "28.5", "13"], ["35.0", "28.5", "13.5"], ["34.4", "28.3", "14.3"], "0.155", "1.06"),
    "tweak1": (["36.8", "25.8", "14.3"], ["37.2", "23.0", "16.8"], ["37", "23", "17"], "4.88", "5.06"),
    "rand1": (["29.5", "41", "49.5"], ["31.4", "38.8", "49.7"], ["27.5", "42", "50.5"], "2.86", "2.00"),
    "rand2": (["22.5", "35", "39.5"], ["20.1", "36.8", "40.1"], ["21.3", "36.3", "39.3"], "3.18", "1.06"),
    "rand3": (["46.5", "38.5", "28.3", "36.7"], ["47.7", "36.4", "23.8", "42.1"], ["48", "40", "32", "30"], "13.5", "15.8"),
    "rand4": (["39.3", "44.2", "46.8", "39.7"], ["43.7", "21.4", "64.7", "40.2"], ["37.5", "30.25", "53.5", "48.75"], "215", "81.2"),
    "rand5": (["31.3", "51.8", "54.2", "62.7"], ["34.3", "55.3", "51.0", "59.4"], ["34", "59", "52", "55"], "10.5", "30.8"),
    "tweak5": (["37.2", "46", "48.3", "68.5"], ["49.4", "35.7", "28.1", "86.8"], ["60.5", "38", "31", "70.5"], "249", "228"),
}
GAMES = list(TABLE3)

#: The appendix's data/3 facts (payoffs in binary order), the input of Table 3.
DATA = {
    "cement": [30, 22, 59, 5, 45, 39, 77],
    "tweak1": [30, 22, 59, 5, 53, 39, 77],
    "raiffa": [0, 0, 118, 0, 84, 50, 121],
    "rand1": [12, 33, 65, 46, 69, 71, 120],
    "rand2": [18, 33, 39, 36, 45, 55, 97],
    "rand3": [30, 22, 59, 8, 45, 39, 77, 12, 55, 45, 90, 44, 81, 73, 150],
    "rand4": [6, 8, 40, 8, 63, 47, 99, 10, 64, 47, 75, 80, 55, 84, 170],
    "rand5": [8, 33, 17, 26, 51, 45, 43, 29, 56, 49, 61, 53, 56, 99, 200],
    "tweak5": [8, 33, 17, 26, 51, 45, 43, 29, 126, 49, 61, 53, 56, 99, 200],
}


def tick_game(name: str) -> TUGame:
    """One of Tick's data sets with players X, Y, Z (3) or W, X, Y, Z (4) as in Table 3."""
    w = DATA[name]
    players = ["X", "Y", "Z"] if len(w) == 7 else ["W", "X", "Y", "Z"]
    return TUGame.from_list(players, w, name=name)


def decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def at_paper_rounding(x: Fraction, paper: str) -> Fraction:
    return rounded_half_up(x, decimals(paper))


def matches(x: Fraction, paper: str) -> bool:
    return at_paper_rounding(x, paper) == Fraction(paper)




@dataclass
class Cell:
    paper: str
    ours: Fraction
    match: bool

    def to_dict(self) -> dict:
        return jsonable({"paper": self.paper, "ours": self.ours, "ours_rounded": at_paper_rounding(self.ours, self.paper),
                         "match": self.match})


def _cells(ours: list[Fraction] | None, paper: list[str]) -> list[Cell]:
    if ours is None:
        return [Cell(p, Fraction(0), False) for p in paper]
    return [Cell(p, x, matches(x, p)) for x, p in zip(ours, paper)]


@dataclass
class GameRow:
    game: str
    players: tuple[str, ...]
    shapley: list[Cell]
    relative: list[Cell]
    absolute: list[Cell]
    mse_relative: Cell
    mse_absolute: Cell
    mse_exact: tuple[Fraction, Fraction]  # MSE against the exact Shapley value
    exact_relative: list[Fraction]
    exact_absolute: list[Fraction]
    faithful: dict = field(default_factory=dict)  # family -> TighteningResult
    evidence: dict = field(default_factory=dict)  # family -> text

    def to_dict(self) -> dict:
        return jsonable({
            "game": self.game, "players": list(self.players),
            "shapley": [c.to_dict() for c in self.shapley], "relative": [c.to_dict() for c in self.relative],
            "absolute": [c.to_dict() for c in self.absolute], "mse_relative": self.mse_relative.to_dict(),
            "mse_absolute": self.mse_absolute.to_dict(), "mse_vs_exact_shapley": list(self.mse_exact),
            "exact_relative": self.exact_relative,
            "exact_absolute": self.exact_absolute, "evidence": self.evidence,
            "faithful": {k: {"status": r.status, "iterations": len(r.trace), "phase3_equalities": r.equalities}
                         for k, r in self.faithful.items()},
        })


@dataclass
class Reproduction:
    table2: list[dict]
    table2_note: str
    table2_match: bool
    games: list[GameRow]
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return jsonable({"table2": self.table2, "table2_note": self.table2_note, "table2_match": self.table2_match,
                         "table3": [g.to_dict() for g in self.games], "seconds": self.seconds})


def region_meets_box(game: TUGame, res: TighteningResult, paper: list[str]) -> bool:
    """Does the final tightened region S(K_final) (before Phase III) contain a point
    that rounds to the paper's printed allocation (box of half a last digit)?"""
    n = game.n
    gamma = Gamma(res.family)
    lp = lpmod.LP(n)
    for mk, k in zip(template_order(n), res.K):
        lp.add([1 if mk >> i & 1 else 0 for i in range(n)], ">=", gamma.value(game.v(mk), k))
    lp.add([1] * n, "=", game.v(game.grand))
    for i, p in enumerate(paper):
        half = Fraction(1, 2) / 10 ** decimals(p)
        e = [1 if j == i else 0 for j in range(n)]
        lp.add(e, ">=", Fraction(p) - half)
        lp.add(e, "<=", Fraction(p) + half)
    return lpmod.feasible_point(lp) is not None


def table2(game: TUGame) -> tuple[list[dict], bool, TighteningResult]:
    r = tighten(game, "relative", "faithful", iterations=4)
    rows = []
    ok = True
    for (it, kp, fp), rec in zip(TABLE2, r.trace):
        cells = [Cell(p, k, matches(k, p)) for p, k in zip(kp, rec.K)]
        flags = [a == b for a, b in zip(fp, rec.fixed)]
        ok = ok and all(c.match for c in cells)
        rows.append({"iteration": it, "K": [c.to_dict() for c in cells], "paper_fixed": fp, "fixed": rec.fixed,
                     "fixed_match": flags})
    ok = ok and len(r.trace) == len(TABLE2)
    return rows, ok, r


def reproduce(games: list[str] | None = None) -> Reproduction:
    """Compute everything `declcoal reproduce tick` prints (Tables 2 and 3), from the
    appendix's data sets."""
    import time

    t0 = time.perf_counter()
    loaded = {name: tick_game(name) for name in GAMES}
    t2rows, t2ok, _ = table2(loaded["cement"])
    rows = []
    for name in games or GAMES:
        g = loaded[name]
        sh, rel_p, abs_p, mse_r, mse_a = TABLE3[name]
        phi = shapley(g).values
        fr = tighten(g, "relative", "faithful")
        fa = tighten(g, "absolute", "faithful")
        er = tighten(g, "relative", "exact")
        ea = tighten(g, "absolute", "exact")
        # Table 3's MSE is taken against the Shapley values as printed (one decimal):
        # computed with declcoal's Shapley value rounded the same way, all 16 agree.
        phi_printed = [at_paper_rounding(x, p) for x, p in zip(phi, sh)]
        m_r, m_a = mse(fr.allocation, phi_printed), mse(fa.allocation, phi_printed)
        row = GameRow(
            name, g.players, _cells(phi, sh), _cells(fr.allocation, rel_p), _cells(fa.allocation, abs_p),
            Cell(mse_r, m_r, matches(m_r, mse_r)), Cell(mse_a, m_a, matches(m_a, mse_a)),
            (mse(fr.allocation, phi), mse(fa.allocation, phi)),
            er.allocation, ea.allocation, {"relative": fr, "absolute": fa},
        )
        for fam, cells, res, paper, mcell in (("relative", row.relative, fr, rel_p, row.mse_relative),
                                              ("absolute", row.absolute, fa, abs_p, row.mse_absolute)):
            if all(c.match for c in cells):
                continue
            inside = region_meets_box(g, res, paper)
            paper_mse = mse([Fraction(p) for p in paper], phi_printed)
            if inside:
                msg = ("a point of the faithful final region rounds to the paper's allocation: the difference is "
                       "only the vertex Phase III picked (the paper's choose/2 sees the constraints in CLP(R)'s "
                       "dump/3 order, not given; declcoal uses the const/3 template reversed)")
            else:
                msg = "no point of the faithful final region rounds to the paper's allocation"
                if mcell.match and not matches(paper_mse, mcell.paper):
                    msg += (f"; the paper's own MSE {mcell.paper} matches declcoal's allocation, while its printed "
                            f"allocation would give MSE {float(paper_mse):.3g}: the printed allocation is a typo")
            row.evidence[fam] = msg
        rows.append(row)
    return Reproduction(t2rows, TABLE2_NOTE, t2ok, rows, time.perf_counter() - t0)
