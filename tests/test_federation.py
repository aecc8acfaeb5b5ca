"""SERVICE through the endpoint: the documented federated query, against a local stand-in for
Wikidata's SPARQL service (no test touches the network)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from conftest import QUERIES, SEEDS
from kg.pipeline.ingest import ingest
from kg.stores.local import Store
from kg.web import create_app

BIRTH = {
    "head": {"vars": ["wikidata", "born", "citizenship"]},
    "results": {
        "bindings": [
            {
                "wikidata": {"type": "uri", "value": "http://www.wikidata.org/entity/Q3874799"},
                "born": {"type": "literal", "value": "1978-01-25T00:00:00Z", "datatype": "http://www.w3.org/2001/XMLSchema#dateTime"},
                "citizenship": {"type": "literal", "value": "Ukraine", "xml:lang": "en"},
            }
        ]
    },
}


@pytest.fixture
def wikidata_stand_in():
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            requests.append((self.headers.get("Content-Type"), body.decode()))
            out = json.dumps(BIRTH).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", requests
    server.shutdown()


def test_federated_query_joins_wikidata_answers_when_allowed(wikidata_stand_in):
    url, requests = wikidata_stand_in
    store = Store()
    ingest([SEEDS], store, "https://w3id.org/newskg/")
    app = create_app(store)
    query = (QUERIES / "cq-federation-wikidata.rq").read_text().replace("https://query.wikidata.org/sparql", url)

    refused = app.test_client().get("/sparql", query_string={"query": query})
    assert refused.status_code == 403 and not requests  # off by default: nothing was called

    app.config["NEWSKG_SERVICE_HOSTS"] = ("127.0.0.1",)
    response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    rows = response.get_json()["results"]["bindings"]
    assert [(r["label"]["value"], r["born"]["value"], r["citizenship"]["value"]) for r in rows] == [
        ("Volodymyr Zelenskyy", "1978-01-25T00:00:00Z", "Ukraine")
    ]
    assert requests and "wdt" not in requests[0][1] and "P569" in requests[0][1]
