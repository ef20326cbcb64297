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
query that slipped past :mod:`kgapp.server.guard` could not make SPARQL ``SERVICE`` calls.
In front of a remote store (``kg serve --endpoint``) the workers forward each query there
instead (:mod:`kgapp.server.remote`), with the same limits but no sandbox: they need the network.

Limits, so that no mix of queries takes the server down (:class:`WorkerPool`):

* time: a query past ``timeout`` is stopped (its worker killed and replaced);
* memory: a worker may map ``max_memory`` MB beyond what it shares with the zygote
  (``RLIMIT_DATA``); past it the query fails or the worker dies, and is replaced;
* a worker that dies (a query nested deep enough to overflow the stack, out of memory) is
  noticed at once (its socket closes) and replaced; workers leave no core files;
* CPU and capacity: workers run at nice :data:`WORKER_NICE`, so the server answering HTTP
  comes first; queries running past :data:`LONG_AFTER` seconds drop to nice
  :data:`LONG_NICE`, at most ``long_queries`` at once, so short queries come next and always
  find one of ``size`` workers within about ``LONG_AFTER`` seconds;
* a query whose client went away is stopped.

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

import contextlib
import ctypes
import functools
import itertools
import multiprocessing
import os
import platform
import resource
import signal
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from graph.errors import KGError, QueryError
from graph.messages import message
from graph.namespaces import PREFIXES
from graph.sparql_errors import syntax_error

from . import guard

__all__ = [
    "GRAPH_FORMATS",
    "LONG_AFTER",
    "LONG_NICE",
    "RESULTS_FORMATS",
    "WORKER_NICE",
    "Job",
    "QueryFailed",
    "QueryTimeout",
    "Reply",
    "Unavailable",
    "WorkerPool",
    "execute",
    "serialize_boolean",
    "serialize_solutions",
    "serialize_triples",
]

#: Seconds after which a running query counts as long (see :class:`WorkerPool`).
LONG_AFTER = 0.5
#: The niceness of the worker processes: the server itself (HTTP) gets the CPU first.
WORKER_NICE = 5
#: The niceness a long query's process drops to: short queries get the CPU first.
LONG_NICE = 10
_POLL = 0.05  # how often a waiting query looks whether its client is still there
_FORK_AFTER = 0.05  # how long a query waits for a busy worker before one is forked for it

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
    ``union`` (query the union of all graphs by default; must be off for a query with FROM).
    A protocol dataset (``default_graph`` not empty, or ``named_graphs`` not None) replaces the
    query's own, as the protocol says: its default graph is the merge of ``default_graph``
    (empty when that is), its named graphs are ``named_graphs``. ``base_iri`` resolves relative
    IRIs the query does not resolve with a ``BASE`` of its own.

    With ``guard`` set (the named graphs the server holds), the worker first checks the query
    with :func:`kgapp.server.guard.check` (which may take a while on a large query: better there
    than in the server) and queries the union only where the query names no ``FROM`` graph.
    """

    query: str
    results_type: str | None = "application/sparql-results+json"
    graph_type: str | None = "text/turtle"
    max_rows: int = 10_000
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] | None = None
    union: bool = True
    guard: frozenset[str] | None = None
    base_iri: str | None = None

    @property
    def protocol_dataset(self) -> bool:
        """Whether the protocol names the dataset (which then replaces the query's)."""
        return bool(self.default_graph) or self.named_graphs is not None


@dataclass(frozen=True)
class Reply:
    """A serialized answer: bytes, their media type, and whether rows were cut at the cap."""

    body: bytes
    media_type: str
    truncated: bool = False


# ---------------------------------------------------------------------------- running one query
def execute(store: ox.Store, job: Job) -> Reply:
    """Run ``job`` on ``store`` and serialize the answer; raises :class:`QueryFailed`, or
    :class:`~kgapp.server.guard.Refused` for a query the guard refuses."""
    union = job.union
    if job.guard is not None:
        union = union and not guard.check(job.query, graphs=job.guard).graphs
    options: dict[str, Any] = {"prefixes": PREFIXES, "base_iri": job.base_iri}
    if job.protocol_dataset:  # a graph the store does not hold is an empty one
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graph]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    elif union:  # pyoxigraph lets this option override a query's FROM
        options["use_default_graph_as_union"] = True
    try:
        return _serialize(store.query(job.query, **options), job)
    except SyntaxError as exc:
        raise QueryFailed(str(syntax_error(job.query, exc, PREFIXES)), 400) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryFailed(message("server.error.queryFailed", error=exc), 500) from None


def _serialize(results: Any, job: Job) -> Reply:
    if isinstance(results, ox.QueryTriples):
        return serialize_triples(results, job)
    if isinstance(results, ox.QueryBoolean):
        return serialize_boolean(bool(results), job)
    return serialize_solutions([v.value for v in results.variables], results, job)


def serialize_triples(triples: Iterable[ox.Triple], job: Job) -> Reply:
    """The first ``job.max_rows`` of ``triples`` (CONSTRUCT, DESCRIBE) as ``job.graph_type``."""
    media = _wanted(job.graph_type, GRAPH_FORMATS)
    kept = list(itertools.islice(triples, job.max_rows + 1))
    body = ox.serialize(kept[:job.max_rows], format=GRAPH_FORMATS[media], prefixes=PREFIXES)
    return Reply(body or b"", media, len(kept) > job.max_rows)


def serialize_boolean(value: bool, job: Job) -> Reply:
    """An ASK answer as ``job.results_type``."""
    media = _wanted(job.results_type, RESULTS_FORMATS)
    text = b"true" if value else b"false"  # as SPARQL TSV writes it, for Oxigraph to parse
    answer = ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV)
    return Reply(answer.serialize(format=RESULTS_FORMATS[media]) or b"", media)


def serialize_solutions(variables: list[str], rows: Iterable[Any], job: Job) -> Reply:
    """The first ``job.max_rows`` of ``rows`` (SELECT: sequences of pyoxigraph terms, None
    where unbound, in the order of ``variables``) as ``job.results_type``."""
    media = _wanted(job.results_type, RESULTS_FORMATS)
    cap = job.max_rows
    kept = list(itertools.islice(rows, cap + 1))
    # pyoxigraph serializes only whole result sets: rebuild the first `cap` rows as one (via TSV,
    # whose terms are N-Triples) so every format is still written by Oxigraph itself.
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv(row[i]) for i in range(len(variables))) for row in kept[:cap]]
    answer = ox.parse_query_results(("\n".join(lines) + "\n").encode(), format=ox.QueryResultsFormat.TSV)
    return Reply(answer.serialize(format=RESULTS_FORMATS[media]) or b"", media, len(kept) > cap)


def _wanted(media: str | None, formats: dict[str, Any]) -> str:
    if media is None:
        raise QueryFailed(message("server.error.noMediaType", types=", ".join(formats)), 406)
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
def _zygote(
    answer: Callable[[Job], Reply], control: socket.socket, server_end: socket.socket,
    sandbox: bool, max_memory: int,
) -> None:
    """Fork a worker for every byte the server sends; hand its socket back with SCM_RIGHTS."""
    server_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    _no_core_dumps()
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
            _limit_memory(max_memory)
            with contextlib.suppress(OSError):  # queries yield the CPU to the server (HTTP)
                os.nice(WORKER_NICE)
            _worker(answer, Connection(ours.detach()), max_memory)
            os._exit(0)
        ours.close()
        socket.send_fds(control, [pid.to_bytes(8, "little")], [theirs.fileno()])
        theirs.close()


def _worker(answer_job: Callable[[Job], Reply], conn: Connection, max_memory: int) -> None:
    """Answer jobs until the server closes the connection."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[Any, ...] = ("ok", answer_job(job))
        except (QueryFailed, guard.Refused) as exc:
            answer = ("error", exc.status, str(exc))
        except MemoryError:
            answer = ("error", 503, f"the query needed more than the memory limit of {max_memory} MB")
        except Exception as exc:  # reported to the client, never fatal to the worker
            answer = ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
        conn.send(answer)


def _limit_memory(megabytes: int) -> None:
    """Let this process map at most ``megabytes`` more private memory (``RLIMIT_DATA``).

    Pages it shares with the zygote (the store) are already counted, so the limit bounds what
    one query adds. Past it Python raises MemoryError and Oxigraph aborts the process.
    """
    if megabytes <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            data = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
        limit = (data * 1024) + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (OSError, ValueError, StopIteration):
        pass


def _no_core_dumps() -> None:
    """A worker that crashes (a query nested too deeply, out of memory) leaves no core file."""
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@dataclass
class _Worker:
    pid: int
    conn: Connection
    pidfd: int | None
    long: bool = False  # running a long query, at low priority: never reused


class WorkerPool:
    """Worker processes over ``store``, each query limited to ``timeout`` seconds.

    ``store`` is the pyoxigraph store the workers query (:func:`execute`), or a function that
    answers a :class:`Job` in a worker (``kg serve --endpoint``: forwarding it to a remote
    store, see :mod:`kgapp.server.remote`; give ``sandbox=False``, it needs the network).

    ``size`` processes are kept ready. A query takes a ready one, or (when none is free within
    50 ms) a process forked for it, so up to ``size + long_queries`` queries run at once; a query that finds that many running
    waits (at most ``timeout``) for one to end. A query still running after :data:`LONG_AFTER`
    seconds is *long*: its process drops to nice :data:`LONG_NICE` and is retired afterwards.
    At most ``long_queries`` are long at once; a query that would be one more is stopped. So
    ``size`` processes are always free of long queries, each free again within ``LONG_AFTER``
    seconds: however many long queries run, a new one waits at most about that long, unless
    more than ``size`` others are waiting before it.

    :meth:`run` is blocking and thread-safe: call it from as many threads as there are clients.
    :class:`Unavailable` (or its subclass :class:`QueryTimeout`) says which limit was reached.
    ``max_memory`` (MB, 0: none) bounds the memory one query may add to its process.
    """

    def __init__(
        self, store: ox.Store | Callable[[Job], Reply], size: int, *, timeout: float,
        long_queries: int = 8, max_memory: int = 0, sandbox: bool = True,
    ) -> None:
        self.size = size
        self.timeout = timeout
        self.long_queries = long_queries
        self.max_memory = max_memory
        self._closed = False
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._workers: set[int] = set()
        self._running = 0
        self._long = 0
        self._zygote_lock = threading.Lock()
        self._refill_lock = threading.Lock()
        answer = store if callable(store) else functools.partial(execute, store)
        control, theirs = socket.socketpair()
        self._control = control
        self._zygote = multiprocessing.get_context("fork").Process(
            target=_zygote, args=(answer, theirs, control, sandbox, max_memory),
            name="kg-serve-zygote", daemon=True,
        )
        self._zygote.start()
        theirs.close()
        #: Whether the workers are barred from opening network sockets.
        self.sandboxed = control.recv(1) == b"1"
        for _ in range(size):
            self._idle.append(self._spawn())

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def busy(self) -> int:
        """How many queries are running now."""
        return self._running

    @property
    def processes(self) -> int:
        """How many worker processes there are now (ready and busy)."""
        return len(self._workers)

    def run(self, job: Job, cancel: threading.Event | None = None) -> Reply:
        """Answer ``job`` on a worker; raises :class:`QueryFailed` or :class:`Unavailable`.

        Setting ``cancel`` (the client went away) stops the query and its worker.
        """
        worker = self._checkout(cancel)
        answer: tuple[Any, ...] | None = None
        try:
            answer = self._ask(worker, job, cancel)
        except (EOFError, OSError):
            limit = (message("server.error.memoryLimit", mb=self.max_memory) if self.max_memory
                     else message("server.error.memory"))
            raise Unavailable(message("server.error.workerDied", limit=limit)) from None
        finally:
            self._checkin(worker, reuse=answer is not None)
        if answer[0] == "ok":
            return answer[1]  # type: ignore[no-any-return]
        raise QueryFailed(answer[2], answer[1])

    def close(self) -> None:
        """Stop every worker and the zygote."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for worker in idle:
            self._kill(worker)
        for pid in list(self._workers):
            _signal(pid, None)
        self._workers.clear()
        self._control.close()
        self._zygote.join(timeout=5)
        if self._zygote.is_alive():
            self._zygote.kill()

    # ------------------------------------------------------------------------ one query
    def _checkout(self, cancel: threading.Event | None) -> _Worker:
        """A process for one query: a ready one, or a new one; waits while all may be busy
        (not for a client that went away)."""
        deadline = time.monotonic() + self.timeout
        most = self.size + self.long_queries
        with self._cond:
            while self._running >= most and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Unavailable(message("server.error.allBusy", n=most,
                                              seconds=f"{self.timeout:g}"))
                if cancel is not None and cancel.is_set():
                    raise Unavailable(message("server.error.goneBeforeStart"))
                self._cond.wait(left if cancel is None else min(left, _POLL))
            if self._closed:
                raise Unavailable(message("server.error.shuttingDown"))
            self._running += 1
            # a worker busy with a short query is soon free: fork one only if none is
            self._cond.wait_for(lambda: self._idle or self._closed, timeout=_FORK_AFTER)
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            try:
                worker = self._spawn()
            except Unavailable:
                with self._cond:
                    self._running -= 1
                    self._cond.notify()
                raise
        return worker

    def _ask(self, worker: _Worker, job: Job, cancel: threading.Event | None) -> tuple[Any, ...]:
        """Send ``job`` and wait for the answer, watching the clock and ``cancel``."""
        worker.conn.send(job)
        started = time.monotonic()
        wait = min(self.timeout, LONG_AFTER, _POLL if cancel is not None else self.timeout)
        while not worker.conn.poll(max(wait, 0.0)):  # (an answer, once there, always wins)
            ran = time.monotonic() - started
            if ran >= self.timeout:
                raise QueryTimeout(message("server.error.timeLimit", seconds=f"{self.timeout:g}"))
            if cancel is not None and cancel.is_set():
                raise Unavailable(message("server.error.goneDuring"))
            if not worker.long and ran >= LONG_AFTER:
                self._lengthen(worker)
            wait = min(self.timeout - ran, _POLL if cancel is not None else self.timeout)
            if not worker.long:
                wait = min(wait, LONG_AFTER - ran)
        return worker.conn.recv()  # type: ignore[no-any-return]

    def _lengthen(self, worker: _Worker) -> None:
        """Count ``worker``'s query as long and lower its priority, or stop it: too many."""
        with self._cond:
            full = self._long >= self.long_queries
            if not full:
                self._long += 1
                worker.long = True
        if full:
            raise Unavailable(message("server.error.tooManyLong", n=self.long_queries,
                                      seconds=f"{LONG_AFTER:g}"))
        with contextlib.suppress(OSError):  # gone already: its answer is waiting
            os.setpriority(os.PRIO_PROCESS, worker.pid, LONG_NICE)

    def _checkin(self, worker: _Worker, *, reuse: bool) -> None:
        """Take ``worker`` back after a query: ready for the next, or killed and replaced."""
        with self._cond:
            self._running -= 1
            if worker.long:
                self._long -= 1
            keep = reuse and not worker.long and not self._closed and len(self._idle) < self.size
            if keep:
                self._idle.append(worker)
            self._cond.notify_all()
        if not keep:
            self._kill(worker)
            self._refill()

    # ------------------------------------------------------------------------ processes
    def _refill(self) -> None:
        """Fork workers until ``size`` processes exist again."""
        with self._refill_lock:
            while not self._closed and len(self._workers) < self.size:
                try:
                    worker = self._spawn()
                except Unavailable as exc:
                    print(f"kg serve: {exc}", file=sys.stderr)
                    return
                with self._cond:
                    keep = not self._closed
                    if keep:
                        self._idle.append(worker)
                        self._cond.notify_all()
                if not keep:
                    self._kill(worker)

    def _spawn(self) -> _Worker:
        with self._zygote_lock:
            try:
                self._control.sendall(b"s")
                msg, fds, _, _ = socket.recv_fds(self._control, 8, 1)
            except OSError:
                msg, fds = b"", []
            if not fds:
                raise Unavailable(message("server.error.noZygote"))
        pid = int.from_bytes(msg, "little")
        with self._cond:
            self._workers.add(pid)
        try:
            pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        return _Worker(pid, Connection(fds[0]), pidfd)

    def _kill(self, worker: _Worker) -> None:
        _signal(worker.pid, worker.pidfd)
        with self._cond:
            self._workers.discard(worker.pid)
        worker.conn.close()
        if worker.pidfd is not None:
            os.close(worker.pidfd)


def _signal(pid: int, pidfd: int | None) -> None:
    """SIGKILL a worker, through its pidfd where there is one (no pid-reuse race)."""
    try:
        if pidfd is not None:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, OSError):
        pass
