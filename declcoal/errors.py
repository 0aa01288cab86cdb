"""The one exception hierarchy of declcoal (DESIGN.md, principle 6).

Every problem a user can cause raises a subclass of :class:`DeclcoalError`; the CLI
turns it into a one-line message and exit code 2 (bad input) or 1 (solver limit).
"""
from __future__ import annotations


class DeclcoalError(Exception):
    """Root of all errors declcoal raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def located(self, file: str | None = None, line: int | None = None) -> "DeclcoalError":
        """Return the same error with a file (and line) attached if it has none yet."""
        if self.file is None and file is not None:
            self.file = str(file)
        if self.line is None and line is not None:
            self.line = line
        return self

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.message}"


class InputError(DeclcoalError):
    """Malformed or inconsistent input: a file, a value, a parameter."""


class GameError(InputError):
    """A game that is well-formed as text but not as a game (wrong sizes, bad worths)."""


class UnsupportedError(InputError):
    """A request outside what a concept supports (e.g. too many players)."""


class SolverLimitError(DeclcoalError):
    """A solver gave up (time-out, resource limit, unknown answer)."""

    exit_code = 1
