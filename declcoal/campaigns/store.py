"""The results store: one SQLite file per campaign run (issue 10, item 3).

One row per instance in table ``results``::

    id TEXT PRIMARY KEY, idx INTEGER, params TEXT (JSON), status TEXT ('ok' | 'error' |
    'timeout'), result TEXT (JSON, NULL unless ok), error TEXT, seconds REAL,
    attempts INTEGER, finished TEXT (UTC time)

and table ``meta(key, value)`` holding the campaign's name, parameters and how to
rebuild it (``spec``). Rows are written as results arrive (WAL journal, commits at
least every ``commit_every`` seconds), so an interrupted run keeps every finished row
and a rerun skips them. Query it with ``sqlite3`` or ``pandas.read_sql``.
"""
from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError
from .core import canonical_json

STATUSES = ("ok", "error", "timeout")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS results (
    id TEXT PRIMARY KEY,
    idx INTEGER NOT NULL,
    params TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'timeout')),
    result TEXT,
    error TEXT,
    seconds REAL,
    attempts INTEGER NOT NULL DEFAULT 1,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS results_idx ON results (idx);
CREATE INDEX IF NOT EXISTS results_status ON results (status);
"""


class Store:
    """An open results database. ``Store(path)`` creates it if needed."""

    def __init__(self, path: str | Path, *, commit_every: float = 0.5, readonly: bool = False):
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise InputError("no such campaign database", file=str(path))
        try:
            if readonly:  # "rw" without create: closing the last connection then tidies the WAL files
                uri = self.path.resolve().as_uri()
                try:
                    self.conn = sqlite3.connect(f"{uri}?mode=rw", uri=True)
                except sqlite3.OperationalError:  # a read-only file or folder
                    self.conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
            else:
                if not self.path.parent.is_dir():  # never create folders on the way (as -o)
                    raise InputError(f"cannot create {self.path}: folder {self.path.parent} does not exist")
                self.conn = sqlite3.connect(self.path)
                if self._tables() - {"meta", "results"} and not {"meta", "results"} <= self._tables():
                    raise InputError("not a campaign database (it holds other tables); use another --db",
                                     file=str(path))
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.executescript(SCHEMA)
                self.conn.commit()
            names = self._tables()
        except sqlite3.OperationalError as exc:
            raise InputError(f"cannot open the database ({exc})", file=str(path)) from None
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not a campaign database ({exc})", file=str(path)) from None
        except OSError as exc:
            raise InputError(f"cannot create the database ({exc.strerror or exc})", file=str(path)) from None
        if not {"meta", "results"} <= names:
            raise InputError("not a campaign database (no results/meta tables)", file=str(path))
        self.commit_every = commit_every
        self._last_commit = time.monotonic()
        self._dirty = 0

    def _tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    # -- meta --------------------------------------------------------------------------
    def meta(self) -> dict:
        return {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM meta")}

    def bind(self, name: str, params: dict, spec: str | None, factory_params: dict | None = None) -> None:
        """Record which campaign this file holds, or refuse a different one."""
        meta = self.meta()
        if meta:
            if meta.get("name") != name or canonical_json(meta.get("params")) != canonical_json(params):
                raise InputError(
                    f"this database holds campaign {meta.get('name')!r} with params "
                    f"{canonical_json(meta.get('params'))}, not {name!r} with {canonical_json(params)}; "
                    "use another --db",
                    file=str(self.path),
                )
            return
        from .. import __version__

        rows = {
            "name": name,
            "params": params,
            "spec": spec,
            "factory_params": factory_params or {},
            "created": _now(),
            "declcoal": __version__,
        }
        self.conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [(k, json.dumps(v)) for k, v in rows.items()]
        )
        self.conn.commit()

    def set_meta(self, key: str, value) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value)))
        self._maybe_commit()

    # -- rows --------------------------------------------------------------------------
    def finished_ids(self, statuses=STATUSES) -> set[str]:
        marks = ",".join("?" * len(statuses))
        return {r[0] for r in self.conn.execute(f"SELECT id FROM results WHERE status IN ({marks})", tuple(statuses))}

    def write(self, inst, status: str, result: dict | None, error: str | None, seconds: float | None, attempts: int = 1):
        """Store (or replace) the row of ``inst``."""
        self.conn.execute(
            "INSERT OR REPLACE INTO results (id, idx, params, status, result, error, seconds, attempts, finished) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                inst.id,
                inst.index,
                canonical_json(inst.params),
                status,
                None if result is None else canonical_json(result),
                error,
                seconds,
                attempts,
                _now(),
            ),
        )
        self._dirty += 1
        self._maybe_commit()

    def _maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        self.conn.commit()
        self._last_commit = time.monotonic()
        self._dirty = 0

    def records(self) -> list[dict]:
        """Every row, in instance order, with JSON decoded."""
        cur = self.conn.execute(
            "SELECT id, idx, params, status, result, error, seconds, attempts FROM results ORDER BY idx, id"
        )
        return [
            {
                "id": r[0],
                "index": r[1],
                "params": json.loads(r[2]),
                "status": r[3],
                "result": None if r[4] is None else json.loads(r[4]),
                "error": r[5],
                "seconds": r[6],
                "attempts": r[7],
            }
            for r in cur
        ]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM results GROUP BY status"):
            out[status] = n
        return out

    def close(self) -> None:
        try:
            self.conn.commit()
        finally:
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
