"""Where input came from: file name and text, for errors that say ``file:line``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DeclcoalError, InputError


#: the name standard input gets in messages
STDIN = "<stdin>"


def _read_bounded(fh, name: str):
    """Everything ``fh`` holds, but never more than :func:`declcoal.limits.input_bytes`
    (256 MiB unless ``DECLCOAL_MAX_INPUT_BYTES`` says otherwise): ``/dev/zero`` or an
    endless pipe is refused after reading one byte past the limit (issue 15, item 2)."""
    from ..limits import input_bytes

    limit = input_bytes()
    # in chunks: read(limit + 1) would allocate limit + 1 bytes up front (CPython's
    # buffered read does), 256 MiB of address space for every small file
    chunks, size = [], 0
    while size <= limit:
        chunk = fh.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = chunks[0][:0].join(chunks) if chunks else fh.read(0)
    if len(data) > limit:
        raise InputError(f"input larger than the limit of {limit:,} bytes (raise it with the environment "
                         f"variable DECLCOAL_MAX_INPUT_BYTES)", file=name)
    return data


@dataclass(frozen=True)
class Source:
    """A named piece of input text."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | Path) -> "Source":
        """The text of a file, or of standard input for ``-`` (named ``<stdin>``)."""
        if str(path) == "-":
            return cls.stdin()
        p = Path(path)
        if not p.exists():
            raise InputError(f"no such file: {p}")
        if p.is_dir():
            raise InputError(f"{p} is a directory, expected a game file")
        try:
            with open(p, "rb") as fh:
                data = _read_bounded(fh, str(p))
            text = data.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted and dropped
        except UnicodeDecodeError as exc:
            raise InputError(f"not a UTF-8 text file ({exc.reason} at byte {exc.start})", file=str(p)) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=str(p)) from None
        return cls(str(p), text)

    @classmethod
    def stdin(cls) -> "Source":
        import sys

        if hasattr(sys.stdin, "buffer"):
            data = _read_bounded(sys.stdin.buffer, STDIN)
        else:  # a text stream (tests, embedding): bounded the same way, in characters
            data = _read_bounded(sys.stdin, STDIN).encode("utf-8")
        try:
            return cls(STDIN, data.decode("utf-8-sig"))  # a byte-order mark is dropped, as for files
        except UnicodeDecodeError as exc:
            raise InputError(f"standard input is not UTF-8 text ({exc.reason} at byte {exc.start})", file=STDIN) from None

    def sniff(self) -> str:
        """The file type of text without a name (stdin), by its first meaningful line:
        ``{`` JSON, ``coalition,`` coopgame CSV, ``data(`` Tick's Prolog facts, other
        ``p(...)`` facts ASP (.lp), else TOML; any ``data(`` fact makes it Prolog."""
        if re.search(r"^\s*data\s*\(", self.text, flags=re.M):
            return ".pl"
        for raw in self.text.splitlines():
            line = raw.strip().lstrip("\ufeff")
            if not line or line.startswith(("#", "%")):
                continue
            if line.startswith("{"):
                return ".json"
            if line.replace(" ", "").startswith(("coalition,value", "coalition,cost")):
                return ".csv"
            if re.match(r"^(data|players)\s*\(", line) or line.startswith(":-"):
                return ".pl"
            if re.match(r"^[a-z][A-Za-z0-9_]*\s*\(.*\)\s*\.", line):
                return ".lp"
            return ".toml"
        return ".toml"

    def line_of(self, *needles: str) -> int | None:
        """1-based line of the first line that contains every needle (None if none)."""
        for no, line in enumerate(self.text.splitlines(), start=1):
            if all(n in line for n in needles):
                return no
        return None

    def line_of_key(self, key: str) -> int | None:
        """1-based line where ``key`` is assigned (``key =`` or ``"key" =`` / ``"key":``)."""
        pat = re.compile(r'^\s*("?)' + re.escape(key) + r'\1\s*[=:]')
        qpat = re.compile(r'"' + re.escape(key) + r'"\s*[=:]')
        for no, line in enumerate(self.text.splitlines(), start=1):
            if pat.search(line) or qpat.search(line):
                return no
        return None

    def error(self, exc: DeclcoalError, *keys: str) -> DeclcoalError:
        """Attach this file, and the line of the first key found, to ``exc``."""
        line = None
        for k in keys:
            if k:
                line = self.line_of_key(k) or self.line_of(k)
            if line:
                break
        return exc.located(self.name, line)

    def header(self, doc: dict, allowed: set[str], required: tuple[str, ...], what: str) -> tuple[str, list]:
        """The checks every game document starts with: no unknown key (naming the allowed
        ones), the ``required`` keys present, ``name`` a string (default: the file's stem)
        and ``players`` a list. Returns ``(name, players)``; errors carry file and line."""
        from pathlib import Path

        from ..errors import InputError

        unknown = sorted(set(doc) - allowed)
        if unknown:
            raise self.error(InputError(
                f"unknown key {unknown[0]!r} in {what} (allowed: {', '.join(sorted(allowed))})"), unknown[0])
        for key in required:
            if key not in doc:
                raise InputError(f"missing '{key}'", file=self.name)
        name = doc.get("name", Path(self.name).stem)
        if not isinstance(name, str):
            raise self.error(InputError("'name' must be a string"), "name")
        players = doc["players"]
        if not isinstance(players, list):
            raise self.error(InputError("'players' must be a list of names"), "players")
        return name, players
