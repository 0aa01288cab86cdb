"""Write output files whole, and never clobber what the path names (DESIGN.md, principle 6).

:func:`write_atomic` decides by what the path is:

* ``-``: standard output, written directly;
* a symbolic link: followed (to the end of the chain) and its *target* written — the link
  stays a link;
* an existing device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe):
  written directly, never replaced by a regular file;
* an existing regular file with several hard links: written in place (a rename would cut
  the other names off);
* otherwise (a new file, or a regular file with one name): a temporary file in the same
  folder, then ``os.replace`` — readers see the old or the new text, never half of it.
  The new file keeps the old file's permission bits, or gets those the umask gives a new
  file (0666 & ~umask), not mkstemp's 0600.

Every ``OSError`` becomes an :class:`~declcoal.errors.InputError` naming the path (one
line, exit 2), and a failed write leaves no temporary file behind.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from ..errors import InputError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` (``-`` = standard output) as described above."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    name = str(path)
    if name == "-":
        _write_stdout(raw)
        return
    try:
        try:
            st = os.stat(name)  # follows links, also the kernel's own (/dev/stdout)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InputError(f"cannot write {name}: it is a directory")
        if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1):
            _write_in_place(name, raw)  # device, FIFO, socket, or a file with other names
            return
        target = Path(os.path.realpath(name))  # through every symbolic link
        _replace(target, raw, None if st is None else stat.S_IMODE(st.st_mode))
    except InputError:
        raise
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise InputError(f"cannot write {name}: {why}") from None


def _write_stdout(raw: bytes) -> None:
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (tests capturing output)
        sys.stdout.write(raw.decode("utf-8"))
    else:
        out.write(raw)
    sys.stdout.flush()


def _write_in_place(target: str, raw: bytes) -> None:
    flags = os.O_WRONLY
    if stat.S_ISREG(os.stat(target).st_mode):
        flags |= os.O_TRUNC
    fd = os.open(target, flags)
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)


def _umask_mode() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return 0o666 & ~old


def _replace(target: Path, raw: bytes, mode: int | None) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fchmod(fh.fileno(), _umask_mode() if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
