"""The server's settings: one table of ``Setting(name, default)``, the one place they live (their
help texts: ``cli.help.serve.NAME`` in the message catalogue).

``kg serve`` turns each into an option, the README renders the table, and a test holds every
default to it.

>>> Settings().timeout, Settings().max_rows, Settings().host
(10.0, 10000, '127.0.0.1')
>>> Settings().request_timeout, Settings().long_queries, Settings().max_memory
(10.0, 8, 256)
>>> Settings(timeout=1).timeout
1.0
>>> Settings().base_url is None, Settings(base_url="https://kg.example.org").base_url
(True, 'https://kg.example.org/')
>>> Settings(max_rows=-1)
Traceback (most recent call last):
...
ValueError: max_rows must be at least 0, not -1
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from graph.messages import message

__all__ = ["SETTINGS", "Setting", "Settings", "markdown_table"]


@dataclass(frozen=True)
class Setting:
    """One setting: its name (``--name`` on the command line, with ``-`` for ``_``) and
    default; its help text is in the message catalogue (``cli.help.serve.NAME``).

    >>> Setting("port", 8000).help
    'TCP port to listen on.'
    """

    name: str
    default: Any

    @property
    def help(self) -> str:
        """The help text, in English (the README's and the reference's language); ``kg serve
        --help`` shows it in the user's (:mod:`kgapp.helptexts`)."""
        return message(f"cli.help.serve.{self.name}", "en")


#: Every setting of ``kg serve``, in the order the README lists them.
SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1"),
    Setting("port", 8000),
    Setting("timeout", 10.0),
    Setting("request_timeout", 10.0),
    Setting("max_rows", 10_000),
    Setting("max_body", 1_048_576),
    Setting("cors", None),
    Setting("workers", 0),
    Setting("long_queries", 8),
    Setting("max_memory", 256),
    Setting("max_connections", 100),
    Setting("base_url", None),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Values for every :data:`SETTINGS` entry; unspecified ones take the table's default."""

    host: str = _DEFAULTS["host"]
    port: int = _DEFAULTS["port"]
    timeout: float = _DEFAULTS["timeout"]
    request_timeout: float = _DEFAULTS["request_timeout"]
    max_rows: int = _DEFAULTS["max_rows"]
    max_body: int = _DEFAULTS["max_body"]
    cors: str | None = _DEFAULTS["cors"]
    workers: int = _DEFAULTS["workers"]
    long_queries: int = _DEFAULTS["long_queries"]
    max_memory: int = _DEFAULTS["max_memory"]
    max_connections: int = _DEFAULTS["max_connections"]
    base_url: str | None = _DEFAULTS["base_url"]

    def __post_init__(self) -> None:
        for name in ("timeout", "request_timeout"):
            object.__setattr__(self, name, float(getattr(self, name)))
            if not getattr(self, name) > 0:
                raise ValueError(message("server.setting.positive", name=name,
                                         value=getattr(self, name)))
        for name, least in (("max_rows", 0), ("max_body", 0), ("workers", 0), ("port", 0),
                            ("long_queries", 0), ("max_memory", 0), ("max_connections", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or value < least:
                raise ValueError(message("server.setting.atLeast", name=name, least=least,
                                         value=repr(value)))
        if self.port > 65535:
            raise ValueError(message("server.setting.port", value=self.port))
        if self.cors is not None and not self.cors.startswith(("http://", "https://")):
            raise ValueError(message("server.setting.cors", value=repr(self.cors)))
        if self.base_url is not None:
            if not self.base_url.startswith(("http://", "https://")) or any(
                c in self.base_url for c in "?# \t\n"
            ):
                raise ValueError(message("server.setting.baseUrl", value=repr(self.base_url)))
            if not self.base_url.endswith("/"):  # a base: what follows it is a path below it
                object.__setattr__(self, "base_url", self.base_url + "/")

    @property
    def worker_count(self) -> int:
        """The number of worker processes: ``workers``, or the usable CPU cores when it is 0."""
        if self.workers:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)


def markdown_table() -> str:
    """The settings as a Markdown table, for the README.

    >>> print(markdown_table().splitlines()[2])
    | `--host` | `127.0.0.1` | Address to listen on. ...
    """
    rows = ["| option | default | meaning |", "|---|---|---|"]
    for s in SETTINGS:
        default = "none" if s.default is None else f"`{s.default}`"
        rows.append(f"| `--{s.name.replace('_', '-')}` | {default} | {s.help} |")
    return "\n".join(rows)


assert [f.name for f in fields(Settings)] == list(_DEFAULTS), "Settings must mirror SETTINGS"
