"""Our ``kg serve`` against ``oxigraph serve`` and ``rdflib-endpoint``, on the same data, in one session.

    python benchmarks/compare.py --articles 1000      # all three servers
    python benchmarks/compare.py --articles 10000     # ours and oxigraph (rdflib-endpoint only up to --rdflib-max-articles)

Steps, all on 127.0.0.1:

1. the corpus: benchmarks/generate.py writes (or finds cached) the JSONL and the N-Quads;
2. ingest throughput: ``kg ingest`` of (the first ``--ingest-articles`` of) the JSONL into a
   scratch store, with 1 worker and, when ``kg ingest --workers`` exists, 2 workers;
3. stores: the N-Quads bulk-loaded into an Oxigraph folder that ``kg.stores.local.Store`` then opens (it
   adds its NEWSKG_REVISION file), and a copy of that folder for ``oxigraph serve``;
   rdflib-endpoint loads the (uncompressed) N-Quads file itself;
4. the servers start as subprocesses on free ports and are stopped at the end, on error too:
   ``kg serve`` (its defaults), ``oxigraph serve --location COPY --union-default-graph`` (so that
   its default graph is the union of the named graphs, as ours is) and ``rdflib-endpoint serve``
   (which builds an rdflib ``Dataset(default_union=True)``);
5. the load (benchmarks/load.py), alternating between the servers: for each of ``--rounds`` rounds,
   each query kind, each number of clients, each server in turn (the order rotates every round),
   the same requests; uncached, then the 100k-row SELECT, then repeated queries (result cache
   allowed), then dump downloads;
6. peak memory of a fresh ``kg serve`` (all its processes) while the full N-Quads dump streams;
7. one markdown table, to stdout and to benchmarks/results/<date>-<size>.md.

Row counts are compared request by request across servers; a server whose count differs from
the other two (or, with two servers, both of them) is distrusted on that query kind: its ratios are
left out and cannot meet a target.
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import importlib.metadata
import itertools
import math
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate, load
from benchmarks import wrk as wrk_driver

RESULTS = Path(__file__).resolve().parent / "results"
CLIENTS = (1, 8)
OURS, OXIGRAPH, RDFLIB = "ours", "oxigraph", "rdflib"
TITLES = {OURS: "kg serve (ours)", OXIGRAPH: "oxigraph serve", RDFLIB: "rdflib-endpoint"}
CONSTRUCT_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# measured with wrk (issue 15): 8 connections, the same run, the same corpus
WRK_TARGETS = {
    "small_ox": 0.3,  # uncached small queries, geometric mean over the kinds
    "cached_ox": 0.5,  # ours from the result cache / oxigraph serve evaluating the same query
    "rows_ox": 1.0,  # 100k-row SELECT, 1 connection
}
WRK_SERIAL = 2_000_000  # wrk's serials start here: above every serial the Python driver uses
WRK_ROWS_SERIAL = 1_000  # and for the 100k-row SELECT (OFFSET serial: 100k rows while it is under quads - 100k)
TARGETS = {
    "small8_ox": 0.7,
    "rows_ox": 0.9,
    "cached_ox": 1.5,
    "small_rdflib": 5.0,
    "rows_rdflib": 100.0,
    "ingest": 300.0,
    "memory_mb": 300.0,
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- servers as subprocesses --------------------------------------------------------------------

_RUNNING: list[Server] = []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    argv: list[str]
    query_url: str
    ready_url: str
    log_path: Path
    dump_url: str | None = None
    dump_accept: str | None = None
    dump_query: str | None = None
    proc: subprocess.Popen | None = None
    started_in: float = 0.0

    def start(self, timeout: float) -> None:
        log(f"starting {self.name}: {shlex.join(self.argv)}")
        began = time.perf_counter()
        out = open(self.log_path, "wb")
        # A session of its own: stopping it stops its children too (granian workers), nothing else.
        self.proc = subprocess.Popen(self.argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        _RUNNING.append(self)
        target = load.Target(self.ready_url)
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with status {self.proc.returncode}:\n{self.log_tail()}")
            if time.perf_counter() - began > timeout:
                raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")
            try:
                parts = urlsplit(self.ready_url)
                conn = target.connect(timeout=5)
                conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""), headers={"Accept": "application/sparql-results+json"})
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        self.started_in = time.perf_counter() - began
        log(f"{self.name} ready in {self.started_in:.1f} s (pid {self.proc.pid}, {self.rss_mb():.0f} MB)")

    def pids(self) -> list[int]:
        """The server's processes: everything in the session it leads."""
        if self.proc is None:
            return []
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[3]) == self.proc.pid:  # field 6 of stat, the session id
                    found.append(int(entry))
        return found

    def status_kb(self, key: str) -> int:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(key + ":"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def rss_mb(self) -> float:
        return self.status_kb("VmRSS") / 1024

    def reset_peak(self) -> bool:
        """Reset VmHWM of the server's processes (``echo 5 > /proc/PID/clear_refs``); False if not allowed."""
        ok = True
        for pid in self.pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                ok = False
        return ok

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        # children that outlived their leader
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self in _RUNNING:
            _RUNNING.remove(self)
        log(f"stopped {self.name}")


def stop_all() -> None:
    while _RUNNING:
        server = _RUNNING.pop()
        try:
            server.stop()
        except Exception as exc:  # keep stopping the others
            log(f"could not stop {server.name}: {exc}")


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def tool(name: str) -> str:
    """A console script of this environment (beside the interpreter), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: pip install -e '.[bench]'")
    return found


def ours(store: Path, work: Path, extra: list[str]) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), *extra]
    return Server(OURS, argv, f"{url}/sparql", f"{url}/health", work / "ours.log", dump_url=f"{url}/dumps/newskg.nq.gz")


def oxigraph(store: Path, work: Path) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [tool("oxigraph"), "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return Server(OXIGRAPH, argv, f"{url}/query", f"{url}/query?query=ASK%7B%7D", work / "oxigraph.log", dump_url=f"{url}/store", dump_accept="application/n-quads")


def rdflib_endpoint(nquads: Path, work: Path) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [tool("rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)]
    return Server(RDFLIB, argv, f"{url}/", f"{url}/?query=ASK%7B%7D", work / "rdflib.log", dump_url=f"{url}/", dump_accept="application/n-triples", dump_query=CONSTRUCT_ALL)


# --- preparing data -----------------------------------------------------------------------------


def build_store(nquads: Path, target: Path) -> float:
    """Bulk-load the N-Quads into an Oxigraph folder that kg.stores.local.Store then opens; returns seconds."""
    import gc

    import pyoxigraph as ox

    from kg.stores.local import Store

    began = time.perf_counter()
    store = ox.Store(str(target))
    with gzip.open(nquads, "rb") as f:
        store.bulk_load(f, ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    gc.collect()
    kg_store = Store(target)  # writes NEWSKG_REVISION, as a store made by kg ingest has
    count = len(kg_store)
    del kg_store
    gc.collect()
    seconds = time.perf_counter() - began
    log(f"loaded {count} quads into {target} in {seconds:.1f} s")
    return seconds


def first_articles(jsonl: Path, n: int, target: Path) -> Path:
    with open(jsonl, "rb") as f, open(target, "wb") as out:
        for k, line in enumerate(f):
            if k >= n:
                break
            out.write(line)
    return target


def quads_of_first(nquads: Path, n: int) -> int:
    """Quads of the first ``n`` articles (graphs) of the N-Quads file, which is in article order."""
    count, graphs, last = 0, 0, None
    with gzip.open(nquads, "rt", encoding="utf-8") as f:
        for line in f:
            graph = line[line.rstrip().rstrip(".").rstrip().rfind("<") :]
            if graph != last:
                graphs += 1
                last = graph
                if graphs > n:
                    break
            count += 1
    return count


@dataclass
class Ingest:
    workers: int
    articles: int = 0
    quads: int = 0
    seconds: float = 0.0  # as kg ingest reports it (reading, extracting, writing)
    wall: float = 0.0  # the whole command, interpreter start included
    status: int = 0
    note: str = ""

    @property
    def rate(self) -> float | None:
        return self.articles / self.seconds if self.seconds > 0 and self.articles else None


def ingest_supports_workers() -> bool:
    help_text = subprocess.run([sys.executable, "-m", "kg", "ingest", "--help"], check=False, capture_output=True, text=True).stdout
    return "--workers" in help_text


def run_ingest(jsonl: Path, store: Path, workers: int) -> Ingest:
    argv = [sys.executable, "-m", "kg", "ingest", "--store", str(store), str(jsonl)]
    if workers > 1:
        argv += ["--workers", str(workers)]
    log(f"ingest: {shlex.join(argv)}")
    began = time.perf_counter()
    done = subprocess.run(argv, check=False, capture_output=True, text=True)
    result = Ingest(workers, wall=time.perf_counter() - began, status=done.returncode)
    match = re.search(r"ingested (\d+) article\(s\), (\d+) quads, skipped (\d+), in ([\d.]+) s", done.stderr)
    if match:
        result.articles, result.quads, skipped, result.seconds = int(match[1]), int(match[2]), int(match[3]), float(match[4])
        if skipped:
            result.note = f"{skipped} skipped"
    else:
        result.note = "could not read kg ingest's report: " + done.stderr.strip()[-300:]
    log(f"ingest with {workers} worker(s): {result.articles} articles in {result.seconds:.1f} s ({result.wall:.1f} s wall)")
    return result


# --- the measurements ---------------------------------------------------------------------------


@dataclass
class Results:
    cells: dict = field(default_factory=dict)  # (server, mode, kind, clients) -> load.Cell
    wrk: dict = field(default_factory=dict)  # (server, mode, kind) -> list[wrk_driver.WrkCell]
    dumps: dict = field(default_factory=dict)  # server -> list[load.Download]
    dump_counts: dict = field(default_factory=dict)  # server -> (lines, what)
    started: dict = field(default_factory=dict)  # server -> (seconds to ready, MB after start)
    skipped: dict = field(default_factory=dict)  # server -> reason
    ingest: list = field(default_factory=list)
    memory: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def cell(self, server: str, mode: str, kind: str, clients: int) -> load.Cell:
        return self.cells.setdefault((server, mode, kind, clients), load.Cell(kind, clients))


def _rotate(items: list, r: int) -> list:
    r %= len(items)
    return items[r:] + items[:r]


def measure(servers: list[Server], params: dict, args, results: Results) -> None:
    rounds = args.rounds
    seconds = args.max_seconds / rounds

    def share(total: int, r: int) -> int:
        """Round ``r``'s part of ``total`` requests (the parts add up to ``total``, at least 1 each)."""
        return max(1, total // rounds + (r < total % rounds))

    def start(total: int, r: int, slot: int = 0, slots: int = 1) -> int:
        """The first serial of round ``r``'s part, for one of ``slots`` request streams sharing serials."""
        return sum(share(total, k) for k in range(r)) * slots + slot * share(total, r)
    targets = {s.name: load.Target(s.query_url) for s in servers}

    log("warm-up: one unmeasured request of each kind on each server")
    for s in servers:
        for kind in load.SMALL:
            load.run_cell(targets[s.name], [load.make_request(kind, params, 10**6)], 1, 60, kind)

    for r in range(rounds):
        order = _rotate(servers, r)
        log(f"round {r + 1}/{rounds}: uncached small queries, order {[s.name for s in order]}")
        for kind in load.SMALL:
            for ci, clients in enumerate(CLIENTS):
                batch = load.requests_for(kind, params, start(args.max_requests, r, ci, len(CLIENTS)), share(args.max_requests, r))
                for s in order:
                    cell = load.run_cell(targets[s.name], batch, clients, seconds, kind)
                    results.cell(s.name, "uncached", kind, clients).merge(cell)
        log(f"round {r + 1}/{rounds}: 100k-row SELECT")
        batch = load.requests_for("rows100k", params, start(args.rows_requests, r), share(args.rows_requests, r))
        for s in order:
            cell = load.run_cell(targets[s.name], batch, 1, seconds, "rows100k")
            results.cell(s.name, "uncached", "rows100k", 1).merge(cell)

    log("repeated queries: priming (unmeasured), then measured at 8 clients")
    for s in servers:
        for kind in load.SMALL:
            load.run_cell(targets[s.name], load.requests_for(kind, params, 0, load.REPEATED_SET, repeated=True), 1, 60, kind)
    for r in range(rounds):
        order = _rotate(servers, r)
        for kind in load.SMALL:
            batch = load.requests_for(kind, params, start(args.max_requests, r), share(args.max_requests, r), repeated=True)
            for s in order:
                cell = load.run_cell(targets[s.name], batch, CLIENTS[-1], seconds, kind)
                results.cell(s.name, "repeated", kind, CLIENTS[-1]).merge(cell)

    if args.wrk_seconds > 0:
        measure_wrk(servers, params, args, results)

    log("dump downloads")
    for r in range(args.dump_rounds):
        for s in _rotate(servers, r):
            keep = args.work / f"dump-{s.name}" if r == 0 else None
            d = load.download(s.dump_url, s.dump_accept, keep=keep, query=s.dump_query)
            results.dumps.setdefault(s.name, []).append(d)
            log(f"dump {s.name}: {d.bytes / 1e6:.1f} MB in {d.seconds:.2f} s {d.error or ''}")
            if keep is not None:
                opener = gzip.open if s.name == OURS else open
                with opener(keep, "rb") as f:
                    lines = sum(1 for line in f if line.strip())
                results.dump_counts[s.name] = (lines, "distinct triples (CONSTRUCT)" if s.dump_query else "quads")
                keep.unlink()


def measure_wrk(servers: list[Server], params: dict, args, results: Results) -> None:
    """The throughput cells again with wrk (C, no client cap): every small kind uncached and
    repeated at ``--wrk-connections``, the 100k-row SELECT at 1 connection; ``--wrk-rounds``
    rounds alternating between the servers (order rotating), ``--wrk-seconds`` each."""
    path = wrk_driver.ensure_wrk()
    log(f"wrk ({path}): {args.wrk_rounds} round(s) of {args.wrk_seconds:g} s per server and cell")
    serial = WRK_SERIAL
    targets = {s.name: load.Target(s.query_url) for s in servers}
    for r in range(args.wrk_rounds):
        order = _rotate(servers, r)
        for mode in ("uncached", "repeated"):
            for kind in load.SMALL + (["rows100k"] if mode == "uncached" else []):
                for s in order:
                    # rdflib-endpoint answers one query at a time: more connections only queue there
                    connections = 1 if kind == "rows100k" or s.name == RDFLIB else args.wrk_connections
                    # wrk stops with requests in flight, which a server may still be working on:
                    # wait until it answers promptly again, then one unmeasured request of this kind
                    # the 100k-row SELECT's serial is its OFFSET: small, or the answer would not have 100k rows
                    # (above the Python driver's, so that our result cache has none of these texts)
                    first = WRK_ROWS_SERIAL + 500 * r if kind == "rows100k" else serial
                    # every server, not only this one: the one before may still be evaluating what
                    # wrk left in flight (rdflib-endpoint: a 100k-row answer takes it seconds), on
                    # the same cores as the cell about to be measured
                    for target in targets.values():
                        settle(target)
                    load.run_cell(targets[s.name], [load.make_request(kind, params, first - 1, unique=mode == "uncached")], 1, 120, kind)
                    seconds = max(args.wrk_seconds, args.wrk_rows_seconds) if kind == "rows100k" else args.wrk_seconds
                    cell = wrk_driver.run(s.query_url, kind, params, connections=connections, seconds=seconds,
                                          start=first, repeated=mode == "repeated", wrk=path, timeout=60)
                    results.wrk.setdefault((s.name, mode, kind), []).append(cell)
                    log(f"wrk {mode} {kind} {s.name}: {cell.rate:,.1f} req/s ({cell.requests} requests, {cell.errors} errors)")
                serial += 1_000_000  # the next cell's texts are new to every server


_SETTLE = itertools.count()


def settle(target: load.Target, limit: float = 60.0) -> None:
    """Wait (at most ``limit`` s) until a query of nothing is answered within 50 ms: the server is idle."""
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        # a new text each time, so that no result cache answers it: it needs a free query worker
        probe = load.Request("settle", "settle", f"SELECT (1 AS ?one) WHERE {{}} LIMIT {load.LIMIT_BASE + next(_SETTLE)}", "json")
        cell = load.run_cell(target, [probe], 1, 60, "settle")
        if cell.outcomes and cell.outcomes[0].seconds < 0.05:
            return
        time.sleep(0.2)


def wrk_rate(results: Results, server: str, mode: str, kind: str) -> float | None:
    """Requests a second over all rounds; None when a round had errors or nothing was answered."""
    cells = results.wrk.get((server, mode, kind))
    if not cells or any(not c.ok for c in cells):
        return None
    return sum(c.requests for c in cells) / sum(c.seconds for c in cells)


def wrk_latency(results: Results, server: str, mode: str, kind: str) -> str:
    cells = results.wrk.get((server, mode, kind)) or []
    p50 = [c.p50_ms for c in cells if c.p50_ms is not None]
    p99 = [c.p99_ms for c in cells if c.p99_ms is not None]
    return f"{statistics.median(p50):.1f} / {max(p99):.1f} ms" if p50 and p99 else "–"


def probe_rdflib(nquads: Path, work: Path, params: dict, timeout: float) -> str:
    """For a corpus too large to benchmark rdflib-endpoint on: how long it takes to load, its memory, one query of each kind."""
    server = rdflib_endpoint(nquads, work)
    server.log_path = work / "rdflib-probe.log"
    try:
        server.start(timeout=timeout)
    except RuntimeError:
        server.stop()
        return f"probe: rdflib-endpoint was not ready {timeout:.0f} s after it started to load the file"
    try:
        rss = server.rss_mb()
        target = load.Target(server.query_url)
        deadline = time.perf_counter() + timeout
        timings = []
        for kind in load.SMALL:
            left = deadline - time.perf_counter()
            if left <= 0:
                timings.append(f"{kind} not run (probe time used up)")
                continue
            cell = load.run_cell(target, [load.make_request(kind, params, 0)], 1, left, kind)
            o = cell.outcomes[0] if cell.outcomes else None
            if o is None:
                timings.append(f"{kind} not run")
            elif o.error is None:
                timings.append(f"{kind} {o.seconds * 1000:,.0f} ms")
            else:
                timings.append(f"{kind} no answer after {o.seconds:,.0f} s ({o.error[:50]})")
        text = f"probe: it loaded the file in {server.started_in:.0f} s into {rss:,.0f} MB; one request each, 1 client: " + ", ".join(timings)
        log(text)
        return text
    finally:
        server.stop()


def memory_during_dump(store: Path, work: Path, extra: list[str], results: Results) -> None:
    """Start a fresh kg serve, then sample the RSS of all its processes every 20 ms while its dump streams."""
    server = ours(store, work, extra)
    server.log_path = work / "ours-memory.log"
    server.start(timeout=120)
    try:
        baseline = server.rss_mb()
        reset = server.reset_peak()
        samples: list[float] = []
        done = threading.Event()

        def sample():
            while not done.is_set():
                samples.append(server.rss_mb())
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        d = load.download(server.dump_url)
        done.set()
        sampler.join()
        hwm = server.status_kb("VmHWM") / 1024 if reset else None
        peak = max(samples + [baseline] + ([hwm] if hwm else []))
        results.memory = {
            "baseline_mb": baseline,
            "peak_mb": peak,
            "sampled_peak_mb": max(samples, default=baseline),
            "hwm_mb": hwm,
            "samples": len(samples),
            "processes": len(server.pids()),
            "seconds": d.seconds,
            "bytes": d.bytes,
            "error": d.error,
        }
        log(f"memory during dump: baseline {baseline:.0f} MB, peak {peak:.0f} MB over {len(samples)} samples")
    finally:
        server.stop()


# --- the report ---------------------------------------------------------------------------------


def _geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def check_answers(results: Results) -> tuple[list[tuple[str, str, dict]], set[tuple[str, str]]]:
    """Requests whose row counts differ between servers, and the (server, kind) pairs to distrust.

    An error is always the erring server's fault. Otherwise, with three answers, a server that
    disagrees with the other two is the one flagged; with no majority every server is flagged.
    """
    by_key: dict[str, dict[str, object]] = {}
    kinds: dict[str, str] = {}
    for (server, _mode, kind, _clients), cell in results.cells.items():
        for o in cell.outcomes:
            by_key.setdefault(o.key, {})[server] = o.rows if o.error is None else f"error: {o.error[:60]}"
            kinds[o.key] = kind
    wrong, flagged = [], set()
    for key, rows in sorted(by_key.items()):
        kind = kinds[key]
        errors = {s for s, v in rows.items() if isinstance(v, str)}
        counts = {s: v for s, v in rows.items() if s not in errors}
        if not errors and len(set(counts.values())) <= 1:
            continue
        wrong.append((kind, key, rows))
        flagged |= {(s, kind) for s in errors}
        if len(set(counts.values())) > 1:
            tally = Counter(counts.values())
            value, votes = tally.most_common(1)[0]
            if len(counts) >= 3 and votes > len(counts) / 2:
                flagged |= {(s, kind) for s, v in counts.items() if v != value}
            else:
                flagged |= {(s, kind) for s in counts}
    return wrong, flagged


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for package in ("newskg", "pyoxigraph", "oxigraph", "flask", "waitress", "granian", "rdflib", "rdflib-endpoint", "fastapi", "uvicorn"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    try:
        versions["oxigraph (CLI)"] = subprocess.run([tool("oxigraph"), "--version"], check=False, capture_output=True, text=True, timeout=10).stdout.strip()
    except (RuntimeError, OSError, subprocess.SubprocessError):
        pass
    commit = "unknown"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False, capture_output=True, text=True, timeout=10).stdout.strip() or commit
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], check=False, capture_output=True, text=True, timeout=10).stdout.strip()
        if dirty:
            commit += " (with uncommitted changes)"
    except (OSError, subprocess.SubprocessError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(), "platform": platform.platform(), "versions": versions, "commit": commit}


def _fmt_rate(cell: load.Cell | None) -> str:
    if cell is None or not cell.ok:
        return "–"
    flag = f" ({len(cell.errors)} errors)" if cell.errors else ""
    return f"{load.num(cell.throughput)} req/s ({load.ms(cell.latency(0.5))} / {load.ms(cell.latency(0.95))} ms){flag}"


def _ratio(ours_value: float | None, theirs: float | None, bad: bool = False) -> str:
    if not ours_value or not theirs:
        return "–"
    text = f"{ours_value / theirs:.2f}x"
    return text + " ⚠" if bad else text


def _verdict(ratio: float | None, target: float, bad: bool = False) -> str:
    if bad:
        return "INVALID (answers differ)"
    if ratio is None:
        return "–"
    return "PASS" if ratio >= target else "FAIL"


def wrk_report(results: Results, servers: list[str], args, bad) -> list[str]:
    has_rd = RDFLIB in servers
    lines = [
        "## Throughput with wrk",
        "",
        f"`wrk`, {args.wrk_connections} connections (100k rows, and rdflib-endpoint, which answers one query at a time: 1), "
        f"{args.wrk_rounds} round(s) of {args.wrk_seconds:g} s per cell ({max(args.wrk_seconds, args.wrk_rows_seconds):g} s for the 100k rows), servers alternating, each cell after every server is idle again "
        "(`SELECT (1 AS ?one) WHERE {}` answered within 50 ms) and one unmeasured request of its kind; the same query texts as the Python driver "
        "(uncached: a new text every request). "
        "Cells: `req/s (p50 / worst p99 latency)`; a cell with any error or non-2xx answer counts as failed (–).",
        "",
    ]
    head = ["measure"] + [TITLES[s] for s in servers] + ["ours/oxigraph"] + (["ours/rdflib-endpoint"] if has_rd else []) + ["target"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|")

    def cell(server, mode, kind):
        rate = wrk_rate(results, server, mode, kind)
        if rate is None:
            return "–"
        if kind == "rows100k":
            cells = results.wrk[(server, mode, kind)]
            size = sum(c.bytes for c in cells) / max(sum(c.requests for c in cells), 1) / 1e6
            return f"{rate * load.ROWS:,.0f} rows/s ({rate:.2f} req/s, {size:.1f} MB an answer; {wrk_latency(results, server, mode, kind)})"
        return f"{rate:,.0f} ({wrk_latency(results, server, mode, kind)})"

    def ratio(mine, theirs, distrusted):
        return None if distrusted or not mine or not theirs else mine / theirs

    verdicts = {}
    for mode, label in (("uncached", "uncached"), ("repeated", "repeated: ours from its result cache, the others evaluating")):
        r_ox, r_rd = [], []
        for kind in load.SMALL:
            ours = wrk_rate(results, OURS, mode, kind)
            ox = ratio(ours, wrk_rate(results, OXIGRAPH, mode, kind), bad(kind, OXIGRAPH))
            rd = ratio(ours, wrk_rate(results, RDFLIB, mode, kind), bad(kind, RDFLIB)) if has_rd else None
            r_ox.append(ox)
            r_rd.append(rd)
            row = [f"({load.KINDS[kind][0]}) {kind}, {label}"] + [cell(s, mode, kind) for s in servers]
            row += [f"{ox:.2f}x" if ox else "–"] + ([f"{rd:.1f}x" if rd else "–"] if has_rd else []) + [""]
            lines.append("| " + " | ".join(row) + " |")
        g_ox, g_rd = _geomean(r_ox), _geomean(r_rd) if has_rd else None
        key = "small_ox" if mode == "uncached" else "cached_ox"
        verdicts[key] = g_ox
        target = f"≥ {WRK_TARGETS[key]}x oxigraph: {_verdict(g_ox, WRK_TARGETS[key])}"
        row = [f"**small queries, {label}: geometric mean**"] + ["" for _ in servers]
        row += [f"**{g_ox:.2f}x**" if g_ox else "–"] + ([f"**{g_rd:.1f}x**" if g_rd else "–"] if has_rd else []) + [target]
        lines.append("| " + " | ".join(row) + " |")
    ours = wrk_rate(results, OURS, "uncached", "rows100k")
    ox = ratio(ours, wrk_rate(results, OXIGRAPH, "uncached", "rows100k"), bad("rows100k", OXIGRAPH))
    rd = ratio(ours, wrk_rate(results, RDFLIB, "uncached", "rows100k"), bad("rows100k", RDFLIB)) if has_rd else None
    row = ["(g) 100,000-row SELECT (CSV), 1 connection"] + [cell(s, "uncached", "rows100k") for s in servers]
    row += [f"**{ox:.2f}x**" if ox else "–"] + ([f"{rd:.1f}x" if rd else "–"] if has_rd else [])
    row += [f"≥ {WRK_TARGETS['rows_ox']}x oxigraph: {_verdict(ox, WRK_TARGETS['rows_ox'])}"]
    lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines += rows_rounds(results)
    failed = [f"{TITLES[s]} {m} {k}" for (s, m, k), cells in results.wrk.items() if any(not c.ok for c in cells)]
    if failed:
        lines.append("wrk cells with errors (left out): " + ", ".join(sorted(failed)))
        lines.append("")
    return lines


def rows_rounds(results: Results) -> list[str]:
    """The 100k-row cell round by round (the servers alternated within each round): our rows/s,
    oxigraph serve's, their ratio, and the median of the ratios, which one slow round on a shared
    machine moves less than the ratio of the totals in the table."""
    ours, theirs = results.wrk.get((OURS, "uncached", "rows100k")), results.wrk.get((OXIGRAPH, "uncached", "rows100k"))
    if not ours or not theirs or len(ours) != len(theirs):
        return []
    pairs = [(a.rate * load.ROWS, b.rate * load.ROWS) for a, b in zip(ours, theirs) if a.ok and b.ok and b.rate]
    if not pairs:
        return []
    ratios = [a / b for a, b in pairs]
    rounds = "; ".join(f"{a:,.0f} / {b:,.0f} rows/s = {a / b:.2f}x" for a, b in pairs)
    return [f"100k-row SELECT round by round (ours / oxigraph serve): {rounds}; **median of the rounds' ratios {statistics.median(ratios):.2f}x**.", ""]


def report(results: Results, servers: list[str], meta: dict, args, corpus: dict, host: dict) -> str:
    wrong, flagged = check_answers(results)

    def bad(kind: str, other: str) -> bool:
        return (OURS, kind) in flagged or (other, kind) in flagged
    has = lambda s: s in servers
    c = results.cells.get
    lines = []
    title = f"# newskg benchmark: {corpus['articles']:,} articles, {corpus['quads']:,} quads"
    lines += [title, ""]
    lines += [
        f"- date: {meta['date']}",
        f"- machine: {host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['platform']}",
        f"- Python {host['python']}; " + ", ".join(f"{k} {v}" for k, v in host["versions"].items()),
        f"- newskg commit: {host['commit']}",
        f"- command: `{meta['command']}`",
        f"- load average (1, 5, 15 min) before: {meta['load_before']}; after: {meta['load_after']} (other work on the machine shows here)",
        f"- corpus: {corpus['articles']:,} articles ({corpus.get('languages', '')}), mean {corpus.get('mean_chars', '?')} characters, "
        f"{corpus['quads']:,} quads ({corpus['quads'] / max(corpus['articles'], 1):.0f} an article), {corpus.get('statements', 0):,} statements; "
        f"generator {generate.GENERATOR_VERSION}, seed {generate.SEED}",
        f"- load: {args.rounds} rounds alternating between servers; per cell at most {args.max_requests} requests and {args.max_seconds:g} s "
        f"(100k-row SELECT: {args.rows_requests} requests); clients are threads with keep-alive connections, on the same 2-core machine as the servers",
        "- servers: " + "; ".join(f"{TITLES[s]} `{meta['argv'][s]}` (ready in {results.started[s][0]:.1f} s, {results.started[s][1]:.0f} MB)" for s in servers),
    ]
    for s, reason in results.skipped.items():
        lines.append(f"- {TITLES[s]}: not benchmarked: {reason}")
    lines.append("")
    if results.wrk:
        lines += wrk_report(results, servers, args, bad)
    lines.append("## Python driver (answers checked, latency detail)")
    lines.append("")
    lines.append("Speeds: `req/s (median / p95 latency)`. Ratios are our speed over theirs: above 1 means ours is faster. ⚠ marks kinds whose answers differ between servers (see below).")
    lines.append("")
    head = ["measure", TITLES[OURS], TITLES[OXIGRAPH]] + ([TITLES[RDFLIB]] if has(RDFLIB) else []) + ["ours/oxigraph"] + (["ours/rdflib-endpoint"] if has(RDFLIB) else []) + ["target"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|")

    def row(label, values, ratios, target=""):
        lines.append("| " + " | ".join([label] + values + ratios + [target]) + " |")

    def throughput(server, mode, kind, n):
        cell = c((server, mode, kind, n))
        return cell.throughput if cell else None

    for mode, clients_list, label in (("uncached", CLIENTS, "uncached"), ("repeated", (CLIENTS[-1],), "repeated (result cache allowed)")):
        for n in clients_list:
            ratios_ox, ratios_rd = [], []
            for kind in load.SMALL:
                ours_t = throughput(OURS, mode, kind, n)
                ox_t = throughput(OXIGRAPH, mode, kind, n)
                rd_t = throughput(RDFLIB, mode, kind, n) if has(RDFLIB) else None
                ratios_ox.append(None if bad(kind, OXIGRAPH) or not ours_t or not ox_t else ours_t / ox_t)
                ratios_rd.append(None if bad(kind, RDFLIB) or not ours_t or not rd_t else ours_t / rd_t)
                values = [_fmt_rate(c((s, mode, kind, n))) + (" ⚠" if (s, kind) in flagged else "") for s in servers]
                ratios = [_ratio(ours_t, ox_t, bad(kind, OXIGRAPH))] + ([_ratio(ours_t, rd_t, bad(kind, RDFLIB))] if has(RDFLIB) else [])
                row(f"({load.KINDS[kind][0]}) {kind}, {n} client{'s' if n > 1 else ''}, {label}", values, ratios)
            g_ox, g_rd = _geomean(ratios_ox), _geomean(ratios_rd)
            ours_bad = any((OURS, kind) in flagged for kind in load.SMALL)
            if mode == "uncached" and n == CLIENTS[-1]:
                target = f"≥ {TARGETS['small8_ox']}x oxigraph: {_verdict(g_ox, TARGETS['small8_ox'], ours_bad)}"
            elif mode == "repeated":
                target = f"≥ {TARGETS['cached_ox']}x oxigraph: {_verdict(g_ox, TARGETS['cached_ox'], ours_bad)}"
            else:
                target = ""
            if has(RDFLIB) and mode == "uncached":
                target += ("; " if target else "") + f"≥ {TARGETS['small_rdflib']}x rdflib-endpoint: {_verdict(g_rd, TARGETS['small_rdflib'], ours_bad)}"
            row(
                f"**small queries, {n} client{'s' if n > 1 else ''}, {label}: geometric mean of the ratios**",
                ["" for _ in servers],
                [f"**{g_ox:.2f}x**" if g_ox else "–"] + ([f"**{g_rd:.2f}x**" if g_rd else "–"] if has(RDFLIB) else []),
                target,
            )
    # 100k rows
    cells = {s: c((s, "uncached", "rows100k", 1)) for s in servers}

    def rows_speed(cell):
        """Rows a second of the median request."""
        if not cell or not cell.ok:
            return None
        return statistics.median(o.rows / o.seconds for o in cell.ok if o.seconds > 0)

    values = []
    for s in servers:
        cell = cells[s]
        if not cell or not cell.ok:
            values.append("–")
        else:
            flag = " ⚠" if (s, "rows100k") in flagged else ""
            values.append(f"{rows_speed(cell):,.0f} rows/s ({cell.latency(0.5):.2f} s median, {cell.rows // len(cell.ok):,} rows, {cell.bytes / len(cell.ok) / 1e6:.1f} MB, {len(cell.ok)} requests){flag}")
    r_ox = rows_speed(cells[OURS]) / rows_speed(cells[OXIGRAPH]) if rows_speed(cells.get(OURS)) and rows_speed(cells.get(OXIGRAPH)) else None
    r_rd = rows_speed(cells[OURS]) / rows_speed(cells[RDFLIB]) if has(RDFLIB) and rows_speed(cells.get(OURS)) and rows_speed(cells.get(RDFLIB)) else None
    target = f"≥ {TARGETS['rows_ox']}x oxigraph: {_verdict(r_ox, TARGETS['rows_ox'], bad('rows100k', OXIGRAPH))}"
    if has(RDFLIB):
        target += f"; ≥ {TARGETS['rows_rdflib']:g}x rdflib-endpoint: {_verdict(r_rd, TARGETS['rows_rdflib'], bad('rows100k', RDFLIB))}"
    row("(g) 100,000-row SELECT, 1 client (CSV)", values, [f"{r_ox:.2f}x" if r_ox else "–"] + ([f"{r_rd:.1f}x" if r_rd else "–"] if has(RDFLIB) else []), target)
    # dumps
    values, speeds = [], {}
    for s in servers:
        ds = [d for d in results.dumps.get(s, []) if not d.error]
        if not ds:
            values.append("–")
            continue
        best = sorted(d.seconds for d in ds)[len(ds) // 2]
        speeds[s] = 1 / best
        count, what = results.dump_counts.get(s, (0, "?"))
        values.append(f"{best:.2f} s ({ds[0].bytes / 1e6:.1f} MB, {count:,} {what})")
    ratios = [f"{speeds[OURS] / speeds[OXIGRAPH]:.2f}x" if OURS in speeds and OXIGRAPH in speeds else "–"]
    if has(RDFLIB):
        ratios.append(f"{speeds[OURS] / speeds[RDFLIB]:.2f}x (not alike)" if OURS in speeds and RDFLIB in speeds else "–")
    row("dump download (ours: /dumps/newskg.nq.gz; oxigraph: GET /store N-Quads; rdflib-endpoint: CONSTRUCT N-Triples)", values, ratios)
    # ingest and memory: ours only
    blank = ["" for _ in servers[1:]] + [""] + ([""] if has(RDFLIB) else [])
    for ing in results.ingest:
        if ing.rate is None:
            row(f"kg ingest, {ing.workers} worker{'s' if ing.workers > 1 else ''}", [ing.note or "n/a"], blank)
            continue
        per_core = ing.rate / min(ing.workers, os.cpu_count() or 1)
        target = f"≥ {TARGETS['ingest']:g} articles/s per core: {'PASS' if per_core >= TARGETS['ingest'] else 'FAIL'}"
        row(
            f"kg ingest, {ing.workers} worker{'s' if ing.workers > 1 else ''} ({ing.articles:,} articles)",
            [f"{ing.rate:,.0f} articles/s ({per_core:,.0f} per core; {ing.seconds:.1f} s, {ing.wall:.1f} s wall){' ' + ing.note if ing.note else ''}"],
            blank,
            target,
        )
    if not any(i.workers > 1 for i in results.ingest):
        row("kg ingest, 2 workers", ["n/a (kg ingest has no --workers)" if not results.ingest or results.ingest[0].workers == 1 else "n/a"], blank)
    m = results.memory
    if m:
        target = f"< {TARGETS['memory_mb']:g} MB: {'PASS' if m['peak_mb'] < TARGETS['memory_mb'] else 'FAIL'}"
        hwm = f", VmHWM {m['hwm_mb']:.0f} MB" if m.get("hwm_mb") else ""
        row(
            "peak memory of kg serve (all its processes) while streaming /dumps/newskg.nq.gz",
            [f"{m['peak_mb']:.0f} MB (from {m['baseline_mb']:.0f} MB at rest{hwm}; {m['processes']} processes, {m['samples']} samples every 20 ms; dump {m['bytes'] / 1e6:.1f} MB in {m['seconds']:.1f} s)"],
            blank,
            target,
        )
    lines.append("")
    # per-server details
    lines.append("## Per server and query kind")
    lines.append("")
    for s in servers:
        lines.append(f"### {TITLES[s]}")
        lines.append("")
        for mode in ("uncached", "repeated"):
            mode_cells = [cell for (server, m_, kind, n), cell in results.cells.items() if server == s and m_ == mode]
            if mode_cells:
                lines.append(f"{mode}:")
                lines.append("")
                lines.append(load.cell_table(sorted(mode_cells, key=lambda cell: (list(load.KINDS).index(cell.kind), cell.clients))))
                lines.append("")
    # checks
    lines.append("## Answer checks")
    lines.append("")
    if wrong:
        lines.append(f"**WARNING: {len(wrong)} requests got different row counts (or errors) from different servers.** First 30:")
        lines.append("")
        lines.append("Distrusted (their ratios are left out and cannot pass a target): " + ", ".join(f"{TITLES[s]} on {k}" for s, k in sorted(flagged)))
        lines.append("")
        lines.append("| kind | request | " + " | ".join(TITLES[s] for s in servers) + " |")
        lines.append("|---|---|" + "---:|" * len(servers))
        for kind, key, rows in wrong[:30]:
            lines.append(f"| {kind} | {key} | " + " | ".join(str(rows.get(s, "–")) for s in servers) + " |")
    else:
        lines.append("Every request that more than one server answered got the same row count from each (SELECT: rows; DESCRIBE: distinct triples).")
    lines.append("")
    ours_uncached = [cell for (s, mode, _k, _n), cell in results.cells.items() if s == OURS and mode == "uncached"]
    hits = sum(cell.cache_states().get("hit", 0) for cell in ours_uncached)
    lines.append(f"- result cache of ours in the uncached cells: {hits} hits (must be 0)" + (" **WARNING**" if hits else ""))
    rep = [cell for (s, mode, _k, _n), cell in results.cells.items() if s == OURS and mode == "repeated"]
    if rep:
        states = sum((cell.cache_states() for cell in rep), start=Counter())
        lines.append("- result cache of ours in the repeated cells: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    if OURS in results.dump_counts:
        expected = corpus["quads"]
        for s, (count, what) in results.dump_counts.items():
            if what == "quads" and count != expected:
                lines.append(f"- **WARNING**: the dump of {TITLES[s]} has {count:,} quads, the corpus {expected:,}")
        lines.append(f"- dump sizes checked against the corpus: {expected:,} quads")
    for note in results.notes:
        lines.append(f"- {note}")
    lines.append("")
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def size_name(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, metavar="N", help="corpus size (default 1000)")
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT, help="where the corpus lives (default benchmarks/data)")
    parser.add_argument("--servers", default="ours,oxigraph,rdflib", help="which servers (default ours,oxigraph,rdflib; ours and oxigraph are needed)")
    parser.add_argument("--rdflib-max-articles", type=int, default=1000, help="run rdflib-endpoint only up to this corpus size (default 1000)")
    parser.add_argument(
        "--rdflib-probe",
        type=float,
        default=300,
        metavar="SECONDS",
        help="above --rdflib-max-articles, still start rdflib-endpoint (for at most this long) and time its load and one query of each kind (0: skip)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds alternating between servers (default 3)")
    parser.add_argument("--max-requests", type=int, default=200, help="requests per cell, over all rounds (default 200)")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="seconds per cell, over all rounds (default 20)")
    parser.add_argument("--rows-requests", type=int, default=9, help="100k-row SELECTs per server, over all rounds (default 9)")
    parser.add_argument("--dump-rounds", type=int, default=2, help="dump downloads per server (default 2)")
    parser.add_argument("--ingest-articles", type=int, default=2000, help="articles kg ingest is timed on: the first N of the corpus (default 2000)")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--ours-args", default="", help="extra arguments for kg serve, e.g. '--workers 2'")
    parser.add_argument("--wrk-seconds", type=float, default=5.0, help="seconds of each wrk cell (default 5; 0: no wrk cells)")
    parser.add_argument("--wrk-rounds", type=int, default=2, help="wrk rounds alternating between servers (default 2)")
    parser.add_argument("--wrk-connections", type=int, default=8, help="wrk connections for the small queries (default 8)")
    parser.add_argument("--wrk-rows-seconds", type=float, default=15.0,
                        help="seconds of each wrk cell of the 100k-row SELECT (default 15: at 1 connection and ~1 s an answer, 5 s is a handful)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for <date>-<size>.md (default benchmarks/results)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new one under --out, removed at the end)")
    args = parser.parse_args(argv)
    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    if OURS not in servers or OXIGRAPH not in servers or any(s not in TITLES for s in servers):
        parser.error(f"--servers must include ours and oxigraph (rdflib is optional); known: {', '.join(TITLES)}")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    atexit.register(stop_all)

    results = Results()
    if RDFLIB in servers and args.articles > args.rdflib_max_articles:
        servers.remove(RDFLIB)
        results.skipped[RDFLIB] = (
            f"the corpus has {args.articles:,} articles, above --rdflib-max-articles {args.rdflib_max_articles:,}: rdflib-endpoint "
            "parses the whole N-Quads file into Python objects before it serves and answers one query at a time"
        )
    meta = {"date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "command": shlex.join(getattr(sys, "orig_argv", [sys.executable] + sys.argv)), "argv": {}}
    host = machine()
    meta["load_before"] = _loadavg()

    log(f"corpus of {args.articles} articles")
    paths = generate.generate(args.articles, args.out, nquads=True, log=log)
    corpus = dict(generate.json.loads(paths.meta("quads").read_text()))
    corpus.update({k: v for k, v in generate.json.loads(paths.meta("articles").read_text()).items() if k in ("mean_chars", "languages")})
    corpus["languages"] = ", ".join(f"{v} {k}" for k, v in sorted(corpus.get("languages", {}).items()))
    params = load.load_params(paths.params)

    args.out.mkdir(parents=True, exist_ok=True)
    own_work = args.work is None
    work = args.work or Path(tempfile.mkdtemp(prefix=f"compare-{args.articles}-", dir=args.out))
    work.mkdir(parents=True, exist_ok=True)
    args.work = work
    extra = shlex.split(args.ours_args)
    status = 0
    try:
        if not args.skip_ingest:
            n = min(args.ingest_articles, args.articles)
            subset = first_articles(paths.jsonl, n, work / f"articles-first-{n}.jsonl") if n < args.articles else paths.jsonl
            expected = quads_of_first(paths.nquads, n)
            workers = [1, 2] if ingest_supports_workers() else [1]
            for w in workers:
                result = run_ingest(subset, work / f"ingest-{w}", w)
                if result.quads and result.quads != expected:
                    results.notes.append(f"**WARNING**: kg ingest ({w} workers) stored {result.quads:,} quads for the first {n:,} articles; the N-Quads file has {expected:,}")
                elif result.quads:
                    results.notes.append(f"kg ingest ({w} worker{'s' if w > 1 else ''}) stored the same number of quads as the N-Quads file for those articles ({expected:,})")
                results.ingest.append(result)
                shutil.rmtree(work / f"ingest-{w}", ignore_errors=True)

        store_kg = work / "store-kg"
        results.notes.append(f"stores: N-Quads bulk-loaded in {build_store(paths.nquads, store_kg):.1f} s")
        instances = {OURS: ours(store_kg, work, extra)}
        if OXIGRAPH in servers:
            store_ox = work / "store-oxigraph"
            shutil.copytree(store_kg, store_ox)
            instances[OXIGRAPH] = oxigraph(store_ox, work)
        plain = work / "quads.nq"
        if RDFLIB in servers or (RDFLIB in results.skipped and args.rdflib_probe > 0):
            with gzip.open(paths.nquads, "rb") as src, open(plain, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        if RDFLIB in servers:
            instances[RDFLIB] = rdflib_endpoint(plain, work)
        for name, server in instances.items():
            meta["argv"][name] = shlex.join(server.argv).replace(str(work), "$WORK")
            server.start(timeout=1800 if name == RDFLIB else 180)
            results.started[name] = (server.started_in, server.rss_mb())
        measure([instances[s] for s in servers], params, args, results)
        for name in servers:
            results.notes.append(f"{TITLES[name]} used {instances[name].rss_mb():.0f} MB at the end of the load")
        stop_all()
        if not args.skip_memory:
            memory_during_dump(store_kg, work, extra, results)
        if RDFLIB in results.skipped and args.rdflib_probe > 0:
            results.skipped[RDFLIB] += "; " + probe_rdflib(plain, work, params, args.rdflib_probe)
        results.notes.append(
            "DESCRIBE over the union default graph: ours and oxigraph serve send a triple once per article graph that holds it "
            "(Oxigraph evaluates the union as a bag), rdflib-endpoint once; row counts compare distinct triples"
        )
        meta["load_after"] = _loadavg()
        text = report(results, servers, meta, args, corpus, host)
        print(text)
        args.results.mkdir(parents=True, exist_ok=True)
        target = args.results / f"{datetime.now().strftime('%Y-%m-%d')}-{size_name(args.articles)}.md"
        target.write_text(text, encoding="utf-8")
        log(f"wrote {target}")
        if check_answers(results)[0]:
            status = 1
    finally:
        stop_all()
        if own_work:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
