"""``kg publish`` without a store of its own: where the password comes from, and a store that
answers "created" but keeps fewer triples than it was sent (as Virtuoso once did)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

import graph
from graph.publish import Credentials, PublishError, credentials, publish

GRAPH = "https://w3id.org/stalin-kg/graph/test"


def test_the_password_comes_from_the_environment_or_netrc(tmp_path: Path) -> None:
    url = "http://127.0.0.1:8890/sparql-graph-crud-auth"
    assert credentials(url, "dba", environ={"KG_PASSWORD": "x"}) == Credentials("dba", "x")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password fromnetrc\n", encoding="utf-8")
    netrc.chmod(0o600)
    assert credentials(url, None, environ={}, netrc_file=netrc) == Credentials("dba", "fromnetrc")
    assert credentials(url, "dba", environ={}, netrc_file=netrc) == Credentials("dba", "fromnetrc")
    with pytest.raises(PublishError, match=r"no password for 'other'.*KG_PASSWORD"):
        credentials(url, "other", environ={}, netrc_file=netrc)
    assert credentials(url, None, environ={}, netrc_file=tmp_path / "none") is None
    assert "x" not in repr(Credentials("dba", "x"))


# ---------------------------------------------------------------------------- a lossy store
class _Lossy(http.server.BaseHTTPRequestHandler):
    """A Graph Store that answers 201 to every upload but keeps only the first line."""

    kept = b""

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).kept = body.split(b"\n", 1)[0] + b"\n"
        self.send_response(201)
        self.end_headers()

    do_POST = do_PUT

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/n-triples")
        self.send_header("Content-Length", str(len(self.kept)))
        self.end_headers()
        self.wfile.write(self.kept)

    def log_message(self, *args: object) -> None:
        pass


def test_a_store_that_loses_triples_fails_the_publish_loudly(kg: graph.KnowledgeGraph) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Lossy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        with pytest.raises(PublishError, match=r"holds 1 triples after the upload, but [\d,]+ were sent"):
            publish(kg, url, GRAPH)
    finally:
        server.shutdown()
        server.server_close()
