"""Writing output files atomically: a temporary file beside the target, then a rename.

An interrupted write leaves the old file (or nothing), never a truncated one.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_output(target) as f:
...     _ = f.write("hello")
>>> target.read_text()
'hello'

A target that cannot be written is an :class:`~graph.errors.OutputError` that names it, says
why and what to do; nothing is left behind:

>>> with atomic_output(target.parent / "no-such-folder" / "out.txt") as f:
...     pass
Traceback (most recent call last):
graph.errors.OutputError: cannot write .../no-such-folder/out.txt: the folder .../no-such-folder does not exist; create it or choose another file (-o)
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError
from .messages import message

__all__ = ["atomic_output"]

#: What a write says when there is no room for it: no space left, over the user's quota, over
#: the largest file the system allows.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    ``mode`` is ``"w"`` (text, UTF-8 unless ``encoding`` is given) or ``"wb"``. On any error
    the temporary file is removed and ``path`` is left as it was. A target that cannot be written
    (a folder in its place, its folder missing or not writable) raises
    :class:`~graph.errors.OutputError`, before the caller writes anything.
    """
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(message("write.isDirectory", path=target))
    if folder.exists() and not folder.is_dir():
        raise OutputError(message("write.notAFolder", path=target, folder=folder))
    if not folder.is_dir():
        raise OutputError(message("write.noFolder", path=target, folder=folder))
    if "b" not in mode:
        kwargs.setdefault("encoding", "utf-8")
        kwargs.setdefault("newline", "")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            try:
                yield handle
            except OSError as exc:
                if exc.errno in _FULL:  # the disk (or the user's share of it) is full
                    raise _cannot_write(target, exc) from None
                raise
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:
                raise _cannot_write(target, exc) from None
        try:
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _cannot_write(target: Path, exc: OSError) -> OutputError:
    """Why ``target`` could not be written, as an :class:`~graph.errors.OutputError`."""
    if isinstance(exc, PermissionError):
        return OutputError(message("write.denied", path=target, folder=target.parent))
    return OutputError(message("write.failed", path=target, reason=exc.strerror or exc))
