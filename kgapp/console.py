"""The ``kg`` console script: :func:`kgapp.cli.main`, then a quick way out of the process.

Two things a command-line tool should do that a library should not:

* **End without tearing the heap down.** A graph of a million triples takes Oxigraph about
  0.4 s to free, triple by triple, and Python frees it at exit. The operating system reclaims
  the whole process at once, so after the command has finished, every ``atexit`` handler has
  run and the output is flushed, the process ends with ``os._exit`` and its exit status.
* **Stay quiet when the reader goes away.** ``kg query ... | head`` closes the pipe early; that
  is not an error worth a traceback (click turns it into exit status 1; output still buffered
  at the end is dropped with status 141).

``python -m kgapp`` runs the same entry point.
"""

from __future__ import annotations

import atexit
import os
import sys

from kgapp.cli import main

#: Exit status of a command whose output pipe was closed by the reader (128 + SIGPIPE).
EXIT_PIPE = 141


def _status(code: object) -> int:
    """The process exit status Python gives for ``SystemExit(code)``.

    >>> [_status(None), _status(0), _status(2), _status("message")]
    [0, 0, 2, 1]
    """
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1


def run() -> None:
    """Run ``kg`` with the arguments of this process, then end it without freeing the graph."""
    status = 1  # an uncaught exception (Python prints its traceback first)

    def leave() -> None:  # registered first, so it runs after every other atexit handler
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:
            os._exit(EXIT_PIPE)
        os._exit(status)

    atexit.register(leave)
    try:
        main(prog_name="kg")
        status = 0
    except SystemExit as exit_:  # click ends every command this way (exit 1 on a closed pipe)
        status = _status(exit_.code)
        raise

