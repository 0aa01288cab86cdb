"""declcoal.progress: tasks report to the installed sink, and Ctrl-C keeps how far they came."""
import pytest

from declcoal import progress
from declcoal.cli import _progress


@pytest.fixture(autouse=True)
def _clean():
    progress._reset_for_tests()
    yield
    progress._reset_for_tests()


class Recorder:
    def __init__(self):
        self.events = []

    def start(self, t):
        self.events.append(("start", t.label, t.total))

    def update(self, t):
        self.events.append(("update", t.label, t.done))

    def finish(self, t):
        self.events.append(("finish", t.label, t.done))


def test_without_sink_a_task_only_counts():
    with progress.task("coalitions", 8) as t:
        for _ in range(8):
            t.advance()
    assert t.done == 8 and t.describe() == "8 of 8 coalitions"
    assert progress.describe_interrupted() is None


def test_sink_sees_start_updates_finish_and_iterate_batches():
    rec = Recorder()
    progress.set_sink(rec)
    assert list(progress.iterate(range(5), "orders", every=2)) == [0, 1, 2, 3, 4]
    assert rec.events == [("start", "orders", 5), ("update", "orders", 2), ("update", "orders", 4),
                          ("update", "orders", 5), ("finish", "orders", 5)]


def test_interrupt_records_the_open_tasks_innermost_first():
    with pytest.raises(KeyboardInterrupt):
        with progress.task("structures", 52) as outer:
            outer.advance(3)
            with progress.task("goal sets") as inner:
                inner.advance(7)
                raise KeyboardInterrupt
    assert [t.label for t in progress.interrupted_in()] == ["goal sets", "structures"]
    assert progress.describe_interrupted() == "3 of 52 structures done; 7 goal sets done"


def test_cli_interrupted_line_names_what_finished(capsys):
    from declcoal.cli import _interrupted

    with pytest.raises(KeyboardInterrupt):
        with progress.task("orders", 24) as t:
            t.advance(5)
            raise KeyboardInterrupt
    assert _interrupted() == 130
    err = capsys.readouterr().err
    assert err.strip() == "declcoal: interrupted (output printed above is complete; 5 of 24 orders done)"


def test_rich_sink_draws_only_after_the_delay(monkeypatch):
    sink = _progress.RichSink()
    t = progress.Task("coalitions", 10)
    sink.start(t)
    sink.update(t)
    assert t.handle is None  # too quick to show
    t.started -= 10 * _progress.DELAY
    t.done = 4
    sink.update(t)
    assert t.handle is not None and sink._progress is not None
    sink.finish(t)
    assert sink._progress is None


def test_interrupt_in_the_body_of_an_iterate_loop_is_described():
    """Ctrl-C in a ``for x in progress.iterate(...)`` body is raised outside the generator:
    the task is still open when the CLI asks, and counts the items finished."""
    def work():
        for k in progress.iterate(range(10), "coalitions"):
            if k == 3:
                raise KeyboardInterrupt

    from declcoal import interrupt

    interrupt._requested.set()  # what the SIGINT handler records before it raises
    try:
        work()
    except KeyboardInterrupt:
        assert progress.describe_interrupted() == "3 of 10 coalitions done"
    else:
        raise AssertionError("the interrupt was swallowed")
    finally:
        interrupt._requested.clear()
