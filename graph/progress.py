"""Progress on stderr for big inputs: status lines, and a file reader that counts its bytes.

:class:`Progress` writes statuses; on a terminal each overwrites the last, in a log each is a
line (at most one every two seconds unless the phase changes). :class:`ReadWatch` wraps a file
so that a parser reading it reports how far it has got.

>>> import io
>>> seen = []
>>> watch = ReadWatch(io.BytesIO(b"x" * 1000), 1000, seen.append)
>>> _ = watch.read(500); _ = watch.read(600)
>>> seen
[50, 100]
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TextIO

__all__ = ["PROGRESS_BYTES", "TTY_BYTES", "Progress", "ReadWatch", "silent"]

#: Inputs from this size on show progress in a log (``kg check``: minutes for 100 MB).
PROGRESS_BYTES = 8_000_000
#: Inputs from this size on show progress on a terminal.
TTY_BYTES = 1_000_000


class Progress:
    """Status lines on ``stream`` (stderr); silent when ``stream`` is None.

    >>> out = io.StringIO()
    >>> say = Progress(out)
    >>> say("reading a.ttl: 10%", "reading"); say("reading a.ttl: 20%", "reading")
    >>> say("SHACL 0%", "SHACL")
    >>> out.getvalue().splitlines()
    ['reading a.ttl: 10%', 'SHACL 0%']
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.tty = bool(stream is not None and stream.isatty())
        self._phase = ""
        self._last = 0.0

    @classmethod
    def auto(cls, paths: Iterable[Path], setting: bool | None, *, logs: bool = True) -> Progress:
        """Shown when ``setting`` is True; when None, for big inputs on a terminal and (with
        ``logs``) for very big ones anywhere."""
        if setting is None:
            size = sum(p.stat().st_size for p in paths if p.is_file())
            tty = sys.stderr.isatty()
            setting = (tty and size >= TTY_BYTES) or (logs and size >= PROGRESS_BYTES)
        return cls(sys.stderr if setting else None)

    @property
    def shown(self) -> bool:
        return self.stream is not None

    def __call__(self, text: str, phase: str | None = None) -> None:
        if self.stream is None:
            return
        phase = phase or text
        now = time.monotonic()
        if self.tty:
            self.stream.write(f"\r{text}\x1b[K")
        elif phase != self._phase or now - self._last >= 2:
            self.stream.write(text + "\n")
        else:
            return
        self._phase, self._last = phase, now
        self.stream.flush()

    def done(self) -> None:
        """Clear the status line (terminal only: a log keeps its lines)."""
        if self.stream is not None and self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def silent(text: str, phase: str | None = None) -> None:
    """A progress callback that shows nothing."""


class ReadWatch(io.RawIOBase):
    """``source`` read through, calling ``report`` with the whole percent read when it grows."""

    def __init__(self, source: BinaryIO, total: int, report: Callable[[int], None]) -> None:
        super().__init__()
        self._source, self._total, self._report = source, max(total, 1), report
        self._read = 0
        self._percent = -1

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._source.readinto(buffer)  # type: ignore[attr-defined]
        if count:
            self._read += count
            percent = min(100, self._read * 100 // self._total)
            if percent != self._percent:
                self._percent = percent
                self._report(percent)
        return int(count or 0)
