"""Where input came from: file name and text, for errors that say ``file:line``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DeclcoalError, InputError


@dataclass(frozen=True)
class Source:
    """A named piece of input text."""

    name: str
    text: str

    @classmethod
    def read(cls, path: str | Path) -> "Source":
        p = Path(path)
        if not p.exists():
            raise InputError(f"no such file: {p}")
        if p.is_dir():
            raise InputError(f"{p} is a directory, expected a game file")
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not a UTF-8 text file ({exc.reason} at byte {exc.start})", file=str(p)) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=str(p)) from None
        return cls(str(p), text)

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
