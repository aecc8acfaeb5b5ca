"""HTTP load driver: a fixed mix of SPARQL queries against one endpoint on 127.0.0.1.

    python benchmarks/load.py --url http://127.0.0.1:8000/sparql --params benchmarks/data/params-1000.json
                              [--kinds lookup,by_speaker,...] [--clients 1,8] [--max-requests 200]
                              [--max-seconds 20] [--repeated] [--dump-url URL]

Only the Python standard library talks HTTP (``http.client``, one keep-alive connection per client
thread), and only to 127.0.0.1: any other host is refused. Every cell (one query kind at one
number of clients) is bounded both in requests and in time.

Query kinds (the SPARQL is in :data:`QUERIES`; benchmarks/README.md shows it):

* ``lookup`` (a): an entity by its Wikidata IRI (``owl:sameAs``) and its labels
* ``by_speaker`` (b): the statements of one speaker, newest first
* ``per_place`` (c): figures of one kind in one month, counted and summed per place (GROUP BY)
* ``cross_graph`` (d): for each speaker of one article, how many other article graphs mention it
* ``contains`` (e): sentences whose text contains a word (a scan)
* ``describe`` (f): DESCRIBE of an entity
* ``rows100k`` (g): 100,000 rows of ``GRAPH ?g { ?s ?p ?o }`` as CSV

Uncached mode (the default) never sends the same query text twice to a server: parameters come
from a deterministic list taken from the data (``params-N.json`` written by generate.py), and each
request also carries its serial number in a clause that cannot change the answer (``LIMIT
10000000+n`` above any possible row count, an extra IRI to DESCRIBE that names nothing, or
``OFFSET n`` for the 100k-row query), so no result cache can answer it. ``--repeated`` instead
sends the same few queries over and over (after one unmeasured round that primes any cache): that
measures answers from a result cache, and is reported separately.

Every answer is checked: status 200, and its rows counted (SELECT: bindings or CSV records;
DESCRIBE: distinct triples, whatever the serialisation). Compare the counts across servers with
benchmarks/compare.py: a fast wrong answer must not win.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

LIMIT_BASE = 10_000_000  # far above any row count: a LIMIT this big changes no answer
ROWS = 100_000
REPEATED_SET = 4  # how many different queries a kind repeats in --repeated mode
ALLOWED_HOSTS = ("127.0.0.1", "localhost")
TIMEOUT = 300.0  # seconds a single request may take before it counts as failed

PREFIXES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# {param}s are filled from params-N.json; {tail} is the uncached mode's no-op variation.
QUERIES = {
    "lookup": """SELECT DISTINCT ?entity ?label WHERE {
  GRAPH ?g { ?entity owl:sameAs <{qid}> ; rdfs:label ?label }
}{tail}""",
    "by_speaker": """SELECT ?statement ?date ?text WHERE {
  GRAPH ?g {
    ?statement nkg:speaker <{speaker}> ; nkg:sentence ?sentence .
    ?sentence nif:anchorOf ?text .
    OPTIONAL { ?statement nkg:saidOn ?date }
  }
}
ORDER BY DESC(?date) ?statement{tail}""",
    "per_place": """SELECT ?place (COUNT(?quantity) AS ?figures) (SUM(?value) AS ?total) WHERE {
  GRAPH ?g {
    ?statement nkg:aboutPlace ?place ; nkg:saidOn ?date ; nkg:quantity ?quantity .
    ?quantity nkg:quantityKind <{kind}> ; nkg:value ?value .
    FILTER(?date >= "{month}-01"^^xsd:date && ?date < "{next_month}-01"^^xsd:date)
  }
}
GROUP BY ?place
ORDER BY DESC(?figures) ?place{tail}""",
    "cross_graph": """SELECT ?speaker (COUNT(DISTINCT ?other) AS ?articles) WHERE {
  GRAPH <{graph}> { ?statement nkg:speaker ?speaker }
  GRAPH ?other { ?article schema:mentions ?speaker }
  FILTER(?other != <{graph}>)
}
GROUP BY ?speaker{tail}""",
    "contains": """SELECT ?sentence WHERE {
  GRAPH ?g { ?sentence a nif:Sentence ; nif:anchorOf ?text }
  FILTER(CONTAINS(?text, "{word}"))
}{tail}""",
    "describe": """DESCRIBE <{entity}>{tail}""",
    "rows100k": """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }
LIMIT {rows}{tail}""",
}

KINDS = {
    "lookup": ("a", "entity look-up by Wikidata IRI, with its labels"),
    "by_speaker": ("b", "statements by speaker, newest first"),
    "per_place": ("c", "figures per place (GROUP BY), one kind and month"),
    "cross_graph": ("d", "join across named graphs: a graph's speakers in other graphs"),
    "contains": ("e", "CONTAINS scan over sentence text"),
    "describe": ("f", "DESCRIBE of an entity"),
    "rows100k": ("g", "100,000-row SELECT (CSV)"),
}
SMALL = ["lookup", "by_speaker", "per_place", "cross_graph", "contains", "describe"]
ACCEPT = {"json": "application/sparql-results+json", "csv": "text/csv", "graph": "application/rdf+xml"}
RESULT = {kind: "json" for kind in KINDS} | {"describe": "graph", "rows100k": "csv"}


# --- requests -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    kind: str
    key: str  # the same on every server for the same query text: what row counts are compared by
    query: str
    result: str  # json | csv | graph

    @property
    def accept(self) -> str:
        return ACCEPT[self.result]


def _next_month(month: str) -> str:
    year, m = map(int, month.split("-"))
    return f"{year + (m == 12)}-{m % 12 + 1:02d}"


def _values(kind: str, params: dict, serial: int) -> dict:
    def pick(name):
        values = params[name]
        if not values:
            raise ValueError(f"the parameters have no {name!r}: is the corpus empty?")
        return values[serial % len(values)]

    if kind == "lookup":
        return {"qid": pick("qids")}
    if kind == "by_speaker":
        return {"speaker": pick("speakers")}
    if kind == "per_place":
        kind_iri, month = pick("kind_months")
        return {"kind": kind_iri, "month": month, "next_month": _next_month(month)}
    if kind == "cross_graph":
        return {"graph": pick("graphs")}
    if kind == "contains":
        return {"word": pick("words").replace("\\", "").replace('"', "")}
    if kind == "describe":
        return {"entity": pick("entities")}
    if kind == "rows100k":
        return {"rows": ROWS}
    raise ValueError(f"unknown query kind {kind!r}")


def make_request(kind: str, params: dict, serial: int, unique: bool = True) -> Request:
    """The ``serial``-th request of ``kind``; ``unique`` adds the no-op clause that makes its text unique."""
    values = _values(kind, params, serial)
    if not unique:
        tail = ""
    elif kind == "describe":
        tail = f" <urn:x-newskg-bench:nothing:{serial}>"
    elif kind == "rows100k":
        tail = f" OFFSET {serial}"
    else:
        tail = f"\nLIMIT {LIMIT_BASE + serial}"
    text = QUERIES[kind]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    text = PREFIXES + text.replace("{tail}", tail)
    key = f"{kind}:{serial}" + ("" if unique else ":repeated")
    return Request(kind, key, text, RESULT[kind])


def requests_for(kind: str, params: dict, start: int, count: int, repeated: bool = False) -> list[Request]:
    """``count`` requests of ``kind``: serials ``start``.. (uncached), or cycling over the first few (repeated)."""
    if repeated:
        return [make_request(kind, params, (start + i) % REPEATED_SET, unique=False) for i in range(count)]
    return [make_request(kind, params, start + i) for i in range(count)]


# --- HTTP ---------------------------------------------------------------------------------------


class Target:
    """A SPARQL endpoint URL on 127.0.0.1 (anything else is refused)."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme != "http":
            raise ValueError(f"only http:// URLs on 127.0.0.1 are allowed, not {url!r}")
        if parts.hostname not in ALLOWED_HOSTS:
            raise ValueError(f"refusing to send load to {parts.hostname!r}: only 127.0.0.1 is allowed")
        self.url = url
        self.port = parts.port or 80
        self.path = parts.path or "/"

    def connect(self, timeout: float = TIMEOUT) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def query_path(self, query: str) -> str:
        return self.path + "?" + urlencode({"query": query})


@dataclass
class Outcome:
    key: str
    kind: str
    seconds: float
    status: int
    bytes: int
    rows: int | None  # None when the answer could not be read
    cache: str | None  # our X-Cache header: hit / miss / off
    error: str | None = None


def count_rows(result: str, body: bytes, content_type: str) -> int:
    """Rows of a SELECT answer, or distinct triples of a graph answer."""
    if result == "json":
        return len(json.loads(body)["results"]["bindings"])
    if result == "csv":
        return max(sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1, 0)
    import pyoxigraph as ox  # parses any RDF syntax fast; kg depends on it

    media = content_type.split(";")[0].strip().lower()
    fmt = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}.get(media, ox.RdfFormat.RDF_XML)
    return len(set(ox.parse(body, fmt)))


def send(conn: http.client.HTTPConnection, target: Target, request: Request) -> tuple[Outcome, http.client.HTTPConnection]:
    """One request on a keep-alive connection (reconnecting once if the server closed it)."""
    path = target.query_path(request.query)
    headers = {"Accept": request.accept, "Accept-Encoding": "identity"}
    for attempt in (0, 1):
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            seconds = time.perf_counter() - started
            break
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
            conn.close()
            conn = target.connect()
            if attempt:
                return Outcome(request.key, request.kind, time.perf_counter() - started, 0, 0, None, None, f"{type(exc).__name__}: {exc}"), conn
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = target.connect()
            return Outcome(request.key, request.kind, time.perf_counter() - started, 0, 0, None, None, f"{type(exc).__name__}: {exc}"), conn
    if response.getheader("Connection", "").lower() == "close":
        conn.close()
        conn = target.connect()
    outcome = Outcome(request.key, request.kind, seconds, response.status, len(body), None, response.getheader("X-Cache"))
    if response.status != 200:
        outcome.error = f"HTTP {response.status}: {body[:200].decode('utf-8', 'replace')}"
        return outcome, conn
    try:
        outcome.rows = count_rows(request.result, body, response.getheader("Content-Type", ""))
    except Exception as exc:  # an answer we cannot read is a wrong answer
        outcome.error = f"unreadable answer: {type(exc).__name__}: {exc}"
    return outcome, conn


@dataclass
class Cell:
    """What one query kind did at one number of clients (possibly over several rounds)."""

    kind: str
    clients: int
    outcomes: list[Outcome] = field(default_factory=list)
    wall: float = 0.0  # seconds the clients were busy, summed over rounds
    stopped_by_time: bool = False

    @property
    def ok(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is None]

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]

    def latency(self, q: float) -> float | None:
        values = sorted(o.seconds for o in self.ok)
        if not values:
            return None
        if q == 0.5:
            return statistics.median(values)
        return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))]

    @property
    def throughput(self) -> float | None:
        return len(self.ok) / self.wall if self.wall > 0 and self.ok else None

    @property
    def rows(self) -> int:
        return sum(o.rows or 0 for o in self.ok)

    @property
    def bytes(self) -> int:
        return sum(o.bytes for o in self.ok)

    @property
    def rows_per_second(self) -> float | None:
        seconds = sum(o.seconds for o in self.ok)
        return self.rows / seconds if seconds > 0 else None

    def cache_states(self) -> Counter:
        return Counter(o.cache for o in self.outcomes if o.cache)

    def merge(self, other: Cell) -> None:
        self.outcomes += other.outcomes
        self.wall += other.wall
        self.stopped_by_time |= other.stopped_by_time


def run_cell(target: Target, requests: list[Request], clients: int, max_seconds: float, kind: str | None = None) -> Cell:
    """Send ``requests`` with ``clients`` threads (one keep-alive connection each) until done or ``max_seconds``."""
    cell = Cell(kind or (requests[0].kind if requests else "?"), clients)
    lock = threading.Lock()
    pending = iter(requests)
    deadline = time.perf_counter() + max_seconds

    def client():
        conn = target.connect()
        try:
            while True:
                with lock:
                    if time.perf_counter() >= deadline:
                        cell.stopped_by_time = True
                        return
                    request = next(pending, None)
                if request is None:
                    return
                outcome, conn = send(conn, target, request)
                with lock:
                    cell.outcomes.append(outcome)
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, name=f"load-client-{n}", daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cell.wall = time.perf_counter() - started
    return cell


@dataclass
class Download:
    seconds: float
    bytes: int
    status: int
    error: str | None = None
    body_sample: bytes = b""


def download(url: str, accept: str | None = None, keep: Path | None = None, query: str | None = None) -> Download:
    """GET ``url`` (127.0.0.1 only) and read the whole body, timed; optionally keep it in a file."""
    target = Target(url)
    path = target.query_path(query) if query else (urlsplit(url).path + (("?" + urlsplit(url).query) if urlsplit(url).query else ""))
    conn = target.connect(timeout=1800)
    headers = {"Accept-Encoding": "identity"} | ({"Accept": accept} if accept else {})
    started = time.perf_counter()
    total = 0
    sink = open(keep, "wb") if keep else None
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        while chunk := response.read(1 << 20):
            total += len(chunk)
            if sink:
                sink.write(chunk)
        seconds = time.perf_counter() - started
        error = None if response.status == 200 else f"HTTP {response.status}"
        return Download(seconds, total, response.status, error)
    except (OSError, http.client.HTTPException) as exc:
        return Download(time.perf_counter() - started, total, 0, f"{type(exc).__name__}: {exc}")
    finally:
        if sink:
            sink.close()
        conn.close()


# --- reporting ----------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.1f}"


def num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def cell_table(cells: list[Cell]) -> str:
    lines = [
        "| kind | clients | requests | errors | median ms | p95 ms | req/s | rows | MB | cache |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in cells:
        letter = KINDS[c.kind][0]
        cache = ", ".join(f"{k} {v}" for k, v in sorted(c.cache_states().items())) or "–"
        more = " (time bound)" if c.stopped_by_time else ""
        lines.append(
            f"| ({letter}) {c.kind} | {c.clients} | {len(c.outcomes)}{more} | {len(c.errors)} | {ms(c.latency(0.5))} | {ms(c.latency(0.95))} | "
            f"{num(c.throughput)} | {c.rows:,} | {c.bytes / 1e6:.2f} | {cache} |"
        )
    return "\n".join(lines)


def load_params(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def run_mix(
    url: str,
    params: dict,
    kinds: list[str],
    clients: list[int],
    max_requests: int,
    max_seconds: float,
    repeated: bool = False,
    log=print,
) -> list[Cell]:
    """The mix against one endpoint: each kind at each number of clients; uncached or repeated."""
    target = Target(url)
    cells = []
    serial = 0
    for kind in kinds:
        for n in clients:
            if repeated:
                warm = requests_for(kind, params, 0, REPEATED_SET, repeated=True)
                run_cell(target, warm, 1, max_seconds, kind)  # unmeasured: primes any result cache
                batch = requests_for(kind, params, 0, max_requests, repeated=True)
            else:
                batch = requests_for(kind, params, serial, max_requests)
                serial += max_requests
            cell = run_cell(target, batch, n, max_seconds, kind)
            cells.append(cell)
            log(f"{'repeated' if repeated else 'uncached'} {kind} x{n}: {len(cell.ok)} ok, {len(cell.errors)} errors, median {ms(cell.latency(0.5))} ms, {num(cell.throughput)} req/s")
            for o in cell.errors[:3]:
                log(f"  error: {o.key}: {o.error}")
    return cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="SPARQL endpoint, e.g. http://127.0.0.1:8000/sparql (127.0.0.1 only)")
    parser.add_argument("--params", type=Path, required=True, help="params-N.json written by benchmarks/generate.py --nquads")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated query kinds (default all: {','.join(KINDS)})")
    parser.add_argument("--clients", default="1,8", help="comma-separated numbers of concurrent clients (default 1,8)")
    parser.add_argument("--max-requests", type=int, default=200, help="requests per cell at most (default 200)")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="seconds per cell at most (default 20)")
    parser.add_argument("--repeated", action="store_true", help="repeat the same few queries (result-cache answers), instead of never repeating one")
    parser.add_argument("--dump-url", default=None, help="also time the download of this dump URL (e.g. http://127.0.0.1:8000/dumps/newskg.nq.gz)")
    parser.add_argument("--dump-accept", default=None, help="Accept header for --dump-url (oxigraph serve's /store: application/n-quads)")
    args = parser.parse_args(argv)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {unknown}; choose from {', '.join(KINDS)}")
    if args.repeated and "rows100k" in kinds:
        kinds.remove("rows100k")
    clients = [int(c) for c in args.clients.split(",")]
    try:
        Target(args.url)
        if args.dump_url:
            Target(args.dump_url)
    except ValueError as exc:
        parser.error(str(exc))
    params = load_params(args.params)
    cells = run_mix(args.url, params, kinds, clients, args.max_requests, args.max_seconds, args.repeated, log=lambda m: print(m, file=sys.stderr))
    print(f"# {'repeated (result cache allowed)' if args.repeated else 'uncached'} mix against {args.url}\n")
    print(cell_table(cells))
    if args.dump_url:
        d = download(args.dump_url, args.dump_accept)
        print(f"\ndump {args.dump_url}: {d.bytes / 1e6:.1f} MB in {d.seconds:.2f} s" + (f" ({d.error})" if d.error else ""))
    return 1 if any(c.errors for c in cells) else 0


if __name__ == "__main__":
    sys.exit(main())
