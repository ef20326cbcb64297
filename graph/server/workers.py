"""Where queries run: worker processes that can be stopped, forked from the loaded store.

Neither pyoxigraph nor rdflib can interrupt a running query, so the server never runs one in its
own process. A *zygote* process is forked once the store is loaded; it forks the workers
(copy-on-write: the store is shared, not copied) and, when a query passes its time limit, the
server kills that worker and asks the zygote for a new one. Forking from the single-threaded
zygote, never from the server with its threads, keeps locks held by other threads out of the
children.

Each worker answers one query at a time: query text in, serialized result bytes out, at most
``max_rows`` rows (it fetches one more to tell whether the answer was cut). On Linux the zygote
installs a seccomp filter before forking, so workers cannot open internet sockets at all: even a
query that slipped past :mod:`graph.server.guard` could not make SPARQL ``SERVICE`` calls.

>>> from graph.paths import bundled_graph_files
>>> from graph.store import load_store
>>> store = load_store(bundled_graph_files())
>>> reply = execute(store, Job("ASK { person:Stalin rel:exiledWith person:Kamenew }"))
>>> reply.body, reply.media_type
(b'{"head":{},"boolean":true}', 'application/sparql-results+json')
>>> reply = execute(store, Job("SELECT ?p WHERE { ?p a kg:Person }", max_rows=2))
>>> reply.truncated, reply.body.count(b'"type":"uri"')
(True, 2)
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import platform
import queue
import signal
import socket
import struct
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from ..errors import KGError, QueryError
from ..namespaces import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "RESULTS_FORMATS",
    "Job",
    "QueryFailed",
    "QueryTimeout",
    "Reply",
    "Unavailable",
    "WorkerPool",
    "execute",
]

#: Media types of SELECT and ASK results, the first the default.
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types of CONSTRUCT and DESCRIBE results, the first the default.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class QueryFailed(QueryError):
    """The query could not be answered; ``status`` is the HTTP status (400, 406 or 500)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Unavailable(KGError):
    """No answer in time: every worker busy, a worker lost, or the server closing (503)."""

    status = 503


class QueryTimeout(Unavailable):
    """The query passed its time limit; its worker was killed and replaced."""


@dataclass(frozen=True)
class Job:
    """One query for a worker: text, the media type wanted for each result kind, row cap and
    dataset: graph IRIs from the protocol's ``default-graph-uri`` / ``named-graph-uri``, and
    ``union`` (query the union of all graphs by default; must be off for a query with FROM)."""

    query: str
    results_type: str | None = "application/sparql-results+json"
    graph_type: str | None = "text/turtle"
    max_rows: int = 10_000
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    union: bool = True


@dataclass(frozen=True)
class Reply:
    """A serialized answer: bytes, their media type, and whether rows were cut at the cap."""

    body: bytes
    media_type: str
    truncated: bool = False


# ---------------------------------------------------------------------------- running one query
def execute(store: ox.Store, job: Job) -> Reply:
    """Run ``job`` on ``store`` and serialize the answer; raises :class:`QueryFailed`."""
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if job.default_graph:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
    elif job.union:  # pyoxigraph lets this option override a query's FROM
        options["use_default_graph_as_union"] = True
    if job.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        return _serialize(store.query(job.query, **options), job)
    except SyntaxError as exc:
        raise QueryFailed(f"SPARQL syntax error: {exc}", 400) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed(f"the query failed: {exc}", 500) from None


def _serialize(results: Any, job: Job) -> Reply:
    cap = job.max_rows
    if isinstance(results, ox.QueryTriples):
        media = _wanted(job.graph_type, GRAPH_FORMATS)
        triples = list(itertools.islice(results, cap + 1))
        body = ox.serialize(triples[:cap], format=GRAPH_FORMATS[media], prefixes=PREFIXES)
        return Reply(body or b"", media, len(triples) > cap)
    media = _wanted(job.results_type, RESULTS_FORMATS)
    if isinstance(results, ox.QueryBoolean):
        return Reply(results.serialize(format=RESULTS_FORMATS[media]) or b"", media)
    variables = [v.value for v in results.variables]
    rows = list(itertools.islice(results, cap + 1))
    # pyoxigraph serializes only whole result sets: rebuild the first `cap` rows as one (via TSV,
    # whose terms are N-Triples) so every format is still written by Oxigraph itself.
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv(row[i]) for i in range(len(variables))) for row in rows[:cap]]
    kept = ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)
    return Reply(kept.serialize(format=RESULTS_FORMATS[media]) or b"", media, len(rows) > cap)


def _wanted(media: str | None, formats: dict[str, Any]) -> str:
    if media is None:
        raise QueryFailed(
            "none of the accepted media types fits this query's results; ask for one of "
            + ", ".join(formats), 406,
        )
    return media


def _tsv(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv(term.subject)} {_tsv(term.predicate)} {_tsv(term.object)} )>>"
    return str(term)


# ---------------------------------------------------------------------------- the sandbox
_SECCOMP = {  # machine: (AUDIT_ARCH_*, number of the socket() system call)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}


def deny_network() -> bool:
    """Forbid this process and its future children to create IPv4/IPv6 sockets (Linux seccomp).

    Unix sockets (how the server talks to its workers) stay allowed. Returns False, changing
    nothing, where seccomp is unavailable. Cannot be undone: call it only in a worker process.
    """
    arch = _SECCOMP.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    audit_arch, nr_socket = arch
    ld, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, eperm = 0x7FFF0000, 0x00050000 | 1  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EPERM
    program = [
        (ld, 0, 0, 4),  # the architecture
        (jeq, 0, 5, audit_arch),
        (ld, 0, 0, 0),  # the system call number
        (jeq, 0, 3, nr_socket),
        (ld, 0, 0, 16),  # socket()'s first argument: the address family
        (jeq, 2, 0, socket.AF_INET),
        (jeq, 1, 0, socket.AF_INET6),
        (ret, 0, 0, allow),
        (ret, 0, 0, eperm),
    ]
    code = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *i) for i in program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.addressof(code))
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(fprog), 0, 0) == 0)


def _die_with_parent() -> None:
    """Have the kernel kill this process when its parent exits (Linux; else a no-op)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


# ---------------------------------------------------------------------------- processes
def _zygote(store: ox.Store, control: socket.socket, server_end: socket.socket, sandbox: bool) -> None:
    """Fork a worker for every byte the server sends; hand its socket back with SCM_RIGHTS."""
    server_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    control.sendall(b"1" if sandbox and deny_network() else b"0")
    me = os.getpid()
    while control.recv(1):
        ours, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            control.close()
            theirs.close()
            _die_with_parent()
            if os.getppid() != me:
                os._exit(0)
            _worker(store, Connection(ours.detach()))
            os._exit(0)
        ours.close()
        socket.send_fds(control, [pid.to_bytes(8, "little")], [theirs.fileno()])
        theirs.close()


def _worker(store: ox.Store, conn: Connection) -> None:
    """Answer jobs until the server closes the connection."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[Any, ...] = ("ok", execute(store, job))
        except QueryFailed as exc:
            answer = ("error", exc.status, str(exc))
        except Exception as exc:  # reported to the client, never fatal to the worker
            answer = ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
        conn.send(answer)


@dataclass
class _Worker:
    pid: int
    conn: Connection
    pidfd: int | None


class WorkerPool:
    """``size`` worker processes over ``store``, each query limited to ``timeout`` seconds.

    :meth:`run` is blocking and thread-safe: call it from as many threads as there are clients.
    A query waits at most ``timeout`` for a free worker and then at most ``timeout`` for its
    answer; :class:`Unavailable` (or its subclass :class:`QueryTimeout`) says which ran out.
    """

    def __init__(self, store: ox.Store, size: int, *, timeout: float, sandbox: bool = True) -> None:
        self.size = size
        self.timeout = timeout
        self._closed = False
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[int] = set()
        control, theirs = socket.socketpair()
        self._control = control
        self._zygote = multiprocessing.get_context("fork").Process(
            target=_zygote, args=(store, theirs, control, sandbox), name="kg-serve-zygote",
            daemon=True,
        )
        self._zygote.start()
        theirs.close()
        #: Whether the workers are barred from opening network sockets.
        self.sandboxed = control.recv(1) == b"1"
        for _ in range(size):
            self._idle.put(self._spawn())

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def busy(self) -> int:
        """How many workers are answering a query now."""
        return max(0, len(self._workers) - self._idle.qsize())

    def run(self, job: Job) -> Reply:
        """Answer ``job`` on a free worker; raises :class:`QueryFailed` or :class:`Unavailable`."""
        if self._closed:
            raise Unavailable("the server is shutting down")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Unavailable(
                f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again later"
            ) from None
        answer: tuple[Any, ...] | None = None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                raise QueryTimeout(
                    f"the query ran past the time limit of {self.timeout:g} s and was stopped"
                )
            answer = worker.conn.recv()
        except (EOFError, OSError):
            raise Unavailable("the query's worker process died (out of memory?)") from None
        finally:
            if answer is not None:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if answer[0] == "ok":
            return answer[1]  # type: ignore[no-any-return]
        raise QueryFailed(answer[2], answer[1])

    def close(self) -> None:
        """Stop every worker and the zygote."""
        self._closed = True
        while True:
            try:
                self._kill(self._idle.get_nowait())
            except queue.Empty:
                break
        for pid in list(self._workers):
            _signal(pid, None)
        self._workers.clear()
        self._control.close()
        self._zygote.join(timeout=5)
        if self._zygote.is_alive():
            self._zygote.kill()

    def _spawn(self) -> _Worker:
        with self._lock:
            try:
                self._control.sendall(b"s")
                msg, fds, _, _ = socket.recv_fds(self._control, 8, 1)
            except OSError:
                msg, fds = b"", []
        if not fds:
            raise Unavailable("could not start a query worker: the worker zygote is gone")
        pid = int.from_bytes(msg, "little")
        try:
            pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        self._workers.add(pid)
        return _Worker(pid, Connection(fds[0]), pidfd)

    def _kill(self, worker: _Worker) -> None:
        _signal(worker.pid, worker.pidfd)
        self._workers.discard(worker.pid)
        worker.conn.close()
        if worker.pidfd is not None:
            os.close(worker.pidfd)

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        if self._closed:
            return
        try:
            self._idle.put(self._spawn())
        except Unavailable as exc:
            self.size -= 1
            print(f"kg serve: {exc}; {self.size} workers left", file=sys.stderr)


def _signal(pid: int, pidfd: int | None) -> None:
    """SIGKILL a worker, through its pidfd where there is one (no pid-reuse race)."""
    try:
        if pidfd is not None:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, OSError):
        pass
