"""`declcoal plot`: the imputation simplex picture (Tick 1995, Figures 5-6)."""
from __future__ import annotations

import pytest

from declcoal.cli import main
from declcoal.reproduce.tick import tick_game
from declcoal.viz.simplex import plot_simplex, region

from conftest import EXAMPLES

pytest.importorskip("matplotlib")


def test_plot_cement(tmp_path, capsys):
    out = tmp_path / "cement.png"
    rc = main(["plot", str(EXAMPLES / "tick" / "cement.toml"), "-o", str(out)])
    assert rc == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert list(tmp_path.iterdir()) == [out]  # no temp file left behind


def test_plot_draws_core_levels_iterations_and_nucleolus(tmp_path):
    drawn = plot_simplex(tick_game("rand1"), str(tmp_path / "r.png"), gamma="absolute")
    assert drawn["core"] and len(drawn["levels"]) == 3 and drawn["iterations"] and drawn["nucleolus"]


def test_plot_empty_core(tmp_path):
    drawn = plot_simplex(tick_game("raiffa"), str(tmp_path / "r.png"))
    assert not drawn["core"]


def test_core_polygon_of_cement():
    """The cement core is a hexagon-like polygon whose vertices satisfy every constraint."""
    g = tick_game("cement")
    poly = region(g, {m: float(g.v(m)) for m in range(1, 7)})
    assert len(poly) >= 3
    for p in poly:
        assert abs(sum(p) - 77) < 1e-9
        assert p[0] >= 30 - 1e-9 and p[0] + p[1] >= 59 - 1e-9


@pytest.mark.parametrize("argv,msg", [
    (["plot", str(EXAMPLES / "tick" / "rand3.toml"), "-o", "x.png"], "3-player"),
    (["plot", str(EXAMPLES / "tick" / "cement.toml"), "-o", "x.jpg"], ".png"),
    (["plot", str(EXAMPLES / "tick" / "cement.toml"), "-o", "/nonexistent-dir/x.png"], "does not exist"),
    (["plot", str(EXAMPLES / "tick" / "tick.pl"), "-o", "x.png"], "choose one"),
])
def test_plot_errors(capsys, argv, msg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2 and msg in err
    assert list(tmp_path.iterdir()) == []
