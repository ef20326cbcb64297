"""A real OpenLink Virtuoso (Debian's ``virtuoso-opensource``) on free loopback ports.

Used by ``tests/test_virtuoso.py``::

    with virtuoso_server(tmp_dir) as v:     # SPARQL at v.sparql, Graph Store at v.graph_store
        ...

The database lives in the temporary folder and is removed with it; the server listens on
127.0.0.1 only and is stopped on exit. A fresh database has the user ``dba`` with the password
``dba``, which the authenticated Graph Store endpoint (``/sparql-graph-crud-auth``) takes by
HTTP digest authentication.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from oxigraph_fixture import free_port, stop, wait_until_up

__all__ = ["VIRTUOSO", "VSP", "Virtuoso", "virtuoso_server"]

#: Where ``apt-get install virtuoso-opensource`` puts the server and its web root.
VIRTUOSO = Path("/usr/bin/virtuoso-t")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its base URL, SPARQL endpoint and Graph Store endpoints."""

    url: str
    folder: Path

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that takes digest authentication."""
        return f"{self.url}/sparql-graph-crud-auth"

    @property
    def anonymous_graph_store(self) -> str:
        """The Graph Store Protocol endpoint without authentication (read-only: PUT is 403)."""
        return f"{self.url}/sparql-graph-crud"

    def log(self) -> str:
        """The server's log, for a failing test's message."""
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[Virtuoso]:
    """Run ``virtuoso-t +foreground`` with a database in ``folder``; yields the server and
    stops it on exit."""
    if not VIRTUOSO.is_file():
        raise RuntimeError(
            f"Virtuoso is not installed at {VIRTUOSO} (apt-get install virtuoso-opensource)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(dir=folder, sql_port=sql_port, http_port=http_port, vsp=VSP),
                   encoding="utf-8")
    process = subprocess.Popen(
        [str(VIRTUOSO), "+foreground", "+configfile", str(ini)],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(f"http://127.0.0.1:{http_port}", folder)
    try:
        wait_until_up(f"{server.sparql}?query=ASK%7B%7D", process, seconds=60)
        yield server
    finally:
        stop(process, seconds=30)
