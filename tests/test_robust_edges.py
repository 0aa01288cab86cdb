"""Robust at the edges (issue 15): extreme inputs, output paths, Ctrl-C.

* Extreme inputs — every class of issue 15 (numbers beyond the limits, over-long and
  non-finite numbers, deep nesting, byte-order marks, duplicate keys, games large enough
  to trip an enumeration limit, decimal Nash weights) against every command that reads
  the file. Each file runs in its own subprocess under a memory limit
  (``resource.setrlimit(RLIMIT_AS)``), all commands in-process there; each must end
  with exit 0 (an answer) or 2 (a refusal on one line, naming the limit where a limit
  refused it), never an internal error or a traceback.
* Output paths — symbolic links written through, FIFOs and ``-`` written directly, file
  modes kept, unwritable places exit 2, nothing half-written after a failure.
* SIGINT — a long faithful tightening, a saturation core check and a long Shapley load,
  interrupted once they have started working: exit 130, "interrupted", no traceback,
  no "unknown".
"""
from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from declcoal.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: address-space limit of the subprocesses (Z3, clingo, numpy and their threads included)
MEMORY_LIMIT = 3 * 2**30
#: wall-clock limit per file (all its commands), generous for a loaded 2-core machine
FILE_TIMEOUT = 240


# ====================================================================== the files
def _tu(n: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    return {"players": [f"P{i}" for i in range(n)], "values": [rng.randint(0, 50 * bin(k).count("1"))
                                                               for k in range(1, 2**n)]}


def _crg(n: int, m: int, t: int, seed: int = 3, en: int = 5, req: int = 3, p_want: float = 0.2) -> str:
    from declcoal.io.crg import crg_to_facts
    from declcoal.model.crg import random_game

    return crg_to_facts(random_game(random.Random(seed), n, m, t, max_en=en, max_req=req, p_want=p_want))


CEMENT = (ROOT / "examples/tick/cement.toml").read_text(encoding="utf-8")


def _files(tmp: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (path, the file's own expectations: substrings the refusal must contain)."""
    files: dict[str, tuple[str, list[str]]] = {}

    def put(name: str, text: str | bytes, *expect: str) -> None:
        p = tmp / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        files[name] = (str(p), list(expect))

    three = '{"players": ["X", "Y", "Z"], "values": [%s]}'
    put("overflow.json", three % "1e309, 1, 1, 1, 1, 1, 1", "1e100")
    put("huge-exponent.json", three % '"1e999999999", 1, 1, 1, 1, 1, 1', "1e100")
    put("tiny-exponent.toml", 'players = ["X", "Y"]\nvalues = [1.5e-9999999, 1, 2]\n', "1e-100")
    put("long-int.json", three % ("1" + "0" * 100_000 + ", 1, 1, 1, 1, 1, 1"), "digits")
    put("long-int.toml", 'players = ["X", "Y"]\nvalues = [%s, 1, 2]\n' % ("9" * 100_000), "digits")
    put("nan.json", three % "NaN, 1, 1, 1, 1, 1, 1", "finite")
    put("inf.toml", 'players = ["X", "Y"]\nvalues = [inf, 1, 2]\n', "finite")
    put("deep.json", "[" * 100_000 + "]" * 100_000, "nested")
    put("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested")
    put("dupkey.json", '{"players": ["X", "Y"], "players": ["A", "B"], "values": [1, 1, 2]}', "twice")
    put("bom.toml", b"\xef\xbb\xbf" + CEMENT.encode("utf-8"))
    put("big-worth.toml", CEMENT.replace("77", "1e99"))
    put("tu14.json", json.dumps(_tu(14)))
    put("crg-amount.lp", "agent(a). goal(g). resource(r). wants(a,g). en(a,r,%s). req(g,r,1).\n" % ("9" * 40),
        "10^18")
    put("crg-24goals.lp", _crg(20, 24, 5))
    put("crg-60agents.lp", _crg(60, 10, 6, req=20))
    rng = random.Random(5)
    pts = [[rng.randint(0, 10**6) for _ in range(3)] for _ in range(10_000)]
    put("barg-10000.json", json.dumps({"kind": "bargaining", "players": ["A", "B", "C"], "feasible": pts,
                                       "threats": {"A B": [[5, 5]]}}))
    return files


#: every command that reads a game file (one argv per command; GAME is the file)
COMMANDS = [
    ["info", "GAME"], ["shapley", "GAME"], ["banzhaf", "GAME"], ["convert", "GAME", "--to", "json"],
    ["solve", "GAME"], ["tighten", "GAME"], ["core", "GAME"], ["least-core", "GAME"], ["nucleolus", "GAME"],
    ["nash", "GAME"], ["egalitarian", "GAME"], ["check", "GAME", "--allocation", "1,1,1"],
    ["crg", "info", "GAME"], ["crg", "success", "GAME"], ["crg", "check", "GAME"], ["crg", "block", "GAME"],
    ["crg", "check", "GAME", "--method", "flow"], ["crg", "top", "GAME"],
]
#: commands whose work is not bounded by a limit of declcoal's on some valid inputs (an
#: NP- or Σ2-hard search, or a solver's LP over 2^n rows); they run on the small files only
SKIP = {
    "tu14.json": {"tighten", "core", "least-core", "nucleolus", "nash", "egalitarian", "solve"},
    "crg-24goals.lp": {"crg top", "solve"},
    "crg-60agents.lp": {"crg top"},
}

DRIVER = textwrap.dedent("""
    import contextlib, functools, io, json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    import declcoal.cli as cli
    cli.build_parser = functools.lru_cache(maxsize=None)(cli.build_parser)  # one parser for all commands
    main = cli.main
    out = []
    for argv in json.loads(sys.argv[1]):
        o, e = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
            try:
                rc = main(argv)
            except SystemExit as exc:
                rc = exc.code
            except BaseException as exc:  # what main() let through: a failure of the test
                rc = "raised " + type(exc).__name__ + ": " + str(exc)[:200]
        out.append([argv, rc, e.getvalue()[-600:]])
        print(json.dumps(out[-1]), flush=True)
""")


@pytest.fixture(scope="module")
def extreme_files(tmp_path_factory):
    return _files(tmp_path_factory.mktemp("extreme"))


def _argv(cmd: list[str], path: str) -> list[str]:
    return [path if a == "GAME" else a for a in cmd]


def _run_all(path: str, cmds: list[list[str]]) -> list:
    script = DRIVER.format(limit=MEMORY_LIMIT)
    proc = subprocess.run([sys.executable, "-c", script, json.dumps([_argv(c, path) for c in cmds])],
                          capture_output=True, text=True, timeout=FILE_TIMEOUT, cwd=ROOT)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, f"driver died (exit {proc.returncode}): {proc.stderr[-800:]}"
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("[")]


SMALL = ["overflow.json", "huge-exponent.json", "tiny-exponent.toml", "long-int.json", "long-int.toml",
         "nan.json", "inf.toml", "deep.json", "deep.toml", "dupkey.json", "bom.toml", "big-worth.toml",
         "crg-amount.lp"]
LARGE = ["tu14.json", "crg-24goals.lp", "crg-60agents.lp", "barg-10000.json"]


def _commands_for(name: str) -> list[list[str]]:
    skip = SKIP.get(name, set())
    return [c for c in COMMANDS if " ".join(c[:2] if c[0] == "crg" else c[:1]) not in skip]


def _check(name: str, expect: list[str], results: list) -> None:
    for argv, rc, err in results:
        what = f"{name}: {' '.join(argv[:3])}: exit {rc}: {err}"
        assert rc in (0, 2), what
        assert "internal error" not in err and "Traceback" not in err, what
        if rc == 2:
            lines = [x for x in err.splitlines() if x.strip()]
            assert len(lines) == 1 and lines[0].startswith("declcoal: error:"), what
    refusals = [err for _, rc, err in results if rc == 2]
    for needle in expect:  # a file that must be refused says why, at the loader, for every command
        assert len(refusals) == len(results) and all(needle in err for err in refusals), (name, needle, refusals[:2])


def test_extreme_numbers_and_syntax_every_command(extreme_files):
    """The small files in one subprocess (one start-up): every command, every file."""
    cmds = [_argv(c, extreme_files[name][0]) for name in SMALL for c in _commands_for(name)]
    results = _run_all("", cmds)
    assert len(results) == len(cmds)
    for name in SMALL:
        path, expect = extreme_files[name]
        _check(name, expect, [r for r in results if path in r[0]])


@pytest.mark.parametrize("name", LARGE)
def test_extreme_sizes_every_command(extreme_files, name):
    path, expect = extreme_files[name]
    cmds = _commands_for(name)
    results = _run_all(path, cmds)
    assert len(results) == len(cmds)
    _check(name, expect, results)


def test_refusals_name_size_limit_option_and_method(extreme_files):
    """An enumeration above its limit is refused at once with size, limit, option, method."""
    results = _run_all(extreme_files["crg-24goals.lp"][0], [["crg", "check", "GAME", "--method", "flow"],
                                                             ["crg", "check", "GAME"]])
    (_, rc, err), (_, rc2, _) = results
    assert rc == 2 and "16,777,215" in err and "65,536" in err and "--max-goal-sets" in err and "--method" in err
    assert rc2 == 0  # the default (auto) answers the same question exactly


def test_info_degrades_instead_of_blocking(extreme_files, capsys):
    rc = main(["info", extreme_files["tu14.json"][0], "--json"])
    out = json.loads(capsys.readouterr().out)
    props = {p["name"]: p for p in out["properties"]}
    assert rc == 0 and props["superadditive"]["holds"] is None
    assert "not checked: too large" in props["superadditive"]["witness"] and "--max-work" in props["superadditive"]["witness"]
    assert props["essential"]["holds"] is not None


def test_successful_coalitions_listed_up_to_the_limit(extreme_files, capsys):
    rc = main(["crg", "info", extreme_files["crg-60agents.lp"][0], "--max-listed", "5", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0 and len(out["successful"]) <= 5


@pytest.mark.parametrize("weights", ["0.333,0.667,1", "0.33333,0.66667,1", "1/1000003,1/1000033,1"])
def test_decimal_weights_answer_at_once(capsys, weights):
    for f in ("example1.toml", "example5.toml", "pairs-tu.toml"):
        rc = main(["nash", str(ROOT / "examples/ray-vohra" / f), "--weights", weights])
        assert rc == 0, capsys.readouterr().err
    capsys.readouterr()


def test_nash_value_orders_like_the_exact_powers():
    from fractions import Fraction as F

    from declcoal.concepts.bargaining.nash import NashValue

    rng = random.Random(7)
    for _ in range(400):
        e = [rng.randint(1, 5) for _ in range(3)]
        a = [F(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(3)]
        b = [F(rng.randint(1, 9), rng.randint(1, 9)) for _ in range(3)] if rng.random() < 0.6 else [a[1], a[0], a[2]]
        pa = pb = F(1)
        for x, y, k in zip(a, b, e):
            pa, pb = pa * x**k, pb * y**k
        assert NashValue(a, e).compare(NashValue(b, e)) == (pa > pb) - (pa < pb)


def test_theorem3_prints_no_infeasible_point(tmp_path, capsys):
    p = tmp_path / "nogcs.toml"
    p.write_text('players = ["A", "B", "C"]\n[values]\n"A" = 0\n"B" = 0\n"C" = 0.5\n"A B" = 1\n"A C" = 1\n'
                 '"B C" = 1\n"A B C" = 1\n')
    assert main(["nash", str(p), "--theorem3"]) == 0
    out = capsys.readouterr().out
    assert "efficient x ≥ y: (" not in out and "Σy = 3/2 > v(N) = 1" in out and "{A,B} | {C}" in out


def test_solve_on_a_bargaining_file_is_not_empty(capsys):
    assert main(["solve", str(ROOT / "examples/ray-vohra/example1.toml")]) == 0
    assert "coalitional Nash σ(G)" in capsys.readouterr().out


def test_checker_with_saturation_is_an_error(capsys):
    rc = main(["crg", "core", str(ROOT / "examples/crg/example2.lp"), "--method", "saturation", "--checker", "flow"])
    assert rc == 2 and "--checker applies to --method cegar" in capsys.readouterr().err


def test_every_limited_command_names_its_limit_in_help(capsys):
    for argv, needle in ((["info"], "--max-work"), (["crg", "check"], "--max-goal-sets"),
                         (["crg", "block"], "--max-goal-sets"), (["crg", "core"], "--max-bits"),
                         (["crg", "info"], "--max-listed")):
        assert main([*argv, "--help"]) == 0
        out = capsys.readouterr().out
        assert needle in out and "limit" in out, argv


# ====================================================================== output paths
CEMENT_PATH = str(ROOT / "examples/tick/cement.toml")


def _convert(out: str, capsys=None, fmt: str = "json") -> int:
    return main(["convert", CEMENT_PATH, "--to", fmt, "-o", out])


def test_symlink_is_written_through(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    assert _convert(str(link)) == 0
    assert link.is_symlink() and '"cement"' in target.read_text()


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to("sub.json")
    assert _convert(str(link)) == 0
    assert link.is_symlink() and (tmp_path / "sub.json").is_file()


def test_mode_kept_and_umask_for_new_files(tmp_path):
    old = tmp_path / "old.json"
    old.write_text("x")
    old.chmod(0o640)
    assert _convert(str(old)) == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    mask = os.umask(0o027)
    try:
        assert _convert(str(tmp_path / "new.json")) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_hard_links_stay_linked(tmp_path):
    a = tmp_path / "a.json"
    a.write_text("x")
    os.link(a, tmp_path / "b.json")
    assert _convert(str(a)) == 0
    assert (tmp_path / "b.json").read_text() == a.read_text() and '"cement"' in a.read_text()


def test_fifo_written_directly(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert _convert(str(fifo)) == 0
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and b'"cement"' in got[0]


def test_dash_and_dev_stdout_are_standard_output(capsys):
    assert _convert("-") == 0
    assert '"cement"' in capsys.readouterr().out
    proc = subprocess.run([sys.executable, "-m", "declcoal", "convert", CEMENT_PATH, "--to", "json", "-o", "/dev/stdout"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and '"cement"' in proc.stdout
    assert Path("/dev/stdout").is_symlink() or Path("/dev/stdout").exists()


def test_dev_null_stays_a_device():
    assert _convert("/dev/null") == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("where", ["/proc/x.json", "/sys/x.toml", "/nonexistent-dir/x.json", "DIR"])
def test_unwritable_places_exit_2(tmp_path, capsys, where):
    out = str(tmp_path) if where == "DIR" else where
    assert _convert(out, fmt="toml") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("declcoal: error: cannot write") and "\n" not in err


def test_nothing_half_written_after_a_failure(tmp_path, monkeypatch, capsys):
    p = tmp_path / "g.json"
    p.write_text("precious")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    assert _convert(str(p)) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert p.read_text() == "precious" and sorted(x.name for x in tmp_path.iterdir()) == ["g.json"]


def test_closed_pipe_ends_quietly():
    cmd = f"{sys.executable} -m declcoal info {ROOT}/examples/tick/tick.pl --game rand3 --all | head -1"
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and proc.stderr == ""


# ====================================================================== SIGINT
def _cpu_seconds(pid: int) -> float:
    import psutil

    try:
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except psutil.Error:
        return 0.0


def _interrupt(argv: list[str], cpu: float) -> subprocess.CompletedProcess:
    """Start ``declcoal argv``, wait until it has spent ``cpu`` seconds of CPU (start-up
    costs about half a second: it is working by then, however loaded the machine is),
    send SIGINT and collect the result."""
    proc = subprocess.Popen([sys.executable, "-m", "declcoal", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 120
    while _cpu_seconds(proc.pid) < cpu and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the command finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def _assert_interrupted(res: subprocess.CompletedProcess) -> None:
    assert res.returncode == 130, (res.returncode, res.stderr[-800:])
    assert "interrupted" in res.stderr and "Traceback" not in res.stderr and "unknown" not in res.stderr, res.stderr


@pytest.fixture(scope="module")
def long_inputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sigint")
    (tmp / "r12.json").write_text(json.dumps(_tu(12, seed=12)))
    (tmp / "r20.json").write_text(json.dumps(_tu(20, seed=20)))
    (tmp / "c8.lp").write_text(_crg(8, 8, 4, seed=7, en=10, req=10, p_want=0.3))  # ~30 s by saturation
    return tmp


@pytest.mark.parametrize("cpu", [1.5])
def test_sigint_faithful_tightening(long_inputs, cpu):
    _assert_interrupted(_interrupt(["tighten", str(long_inputs / "r12.json"), "--mode", "faithful"], cpu))


@pytest.mark.parametrize("cpu", [1.5])
def test_sigint_saturation_core_check(long_inputs, cpu):
    _assert_interrupted(_interrupt(["crg", "core", str(long_inputs / "c8.lp"), "--method", "saturation",
                                    "--max-bits", "100000"], cpu))


@pytest.mark.parametrize("cpu", [1.3])
def test_sigint_long_shapley_load(long_inputs, cpu):
    _assert_interrupted(_interrupt(["shapley", str(long_inputs / "r20.json")], cpu))
