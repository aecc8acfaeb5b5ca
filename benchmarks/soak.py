"""Soak: normal queries keep being answered while hostile requests are mixed in.

``kg serve`` (granian, defaults but a shorter timeout) on the synthetic corpus; ``--clients``
threads send requests for ``--seconds``. A fraction ``--hostile`` of them is hostile, in turn:

* ``runaway``: a five-way cross join (stopped at the deadline),
* ``memory``: an ORDER BY over a three-way join (stopped at the memory budget),
* ``oversized``: a 4 MiB query body, half of them chunked (413),
* ``nested``: 3,000 levels of ``{`` (400),
* ``service``: a SERVICE hidden behind an escape in an IRI (403).

The rest is the small-query mix of ``load.py`` (look-ups, statements by speaker, figures per
place, cross-graph joins, text scans, DESCRIBE), each with a fresh variation so the result cache
never answers. Reported: requests served per kind and status, errors among the normal ones,
latency percentiles of the normal ones, and the peak resident memory of the server with all its
processes (sampled every 100 ms), against the bound the settings give.

    python benchmarks/soak.py [--articles 1000] [--clients 16] [--seconds 60] [--hostile 0.1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import shutil
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compare  # noqa: E402
import generate  # noqa: E402
import load  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
MEMORY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
NESTED = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000
SERVICE = "SELECT * WHERE { ?s ?p <http://a/\\u0041#x> SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"
HOSTILE = ["runaway", "memory", "oversized", "nested", "service"]


def hostile_request(conn: http.client.HTTPConnection, kind: str, serial: int) -> int:
    headers = {"Accept": "application/sparql-results+json"}
    if kind == "oversized":
        body = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (4 << 20)
        if serial % 2:
            conn.putrequest("POST", "/sparql")
            conn.putheader("Content-Type", "application/sparql-query")
            conn.putheader("Transfer-Encoding", "chunked")
            conn.putheader("Accept", headers["Accept"])
            conn.endheaders()
            try:
                for i in range(0, len(body), 64 * 1024):
                    piece = body[i : i + 64 * 1024]
                    conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.send(b"0\r\n\r\n")
            except OSError:
                pass  # the server may answer 413 and close before the body is all sent
        else:
            conn.request("POST", "/sparql", body=body, headers=headers | {"Content-Type": "application/sparql-query"})
    else:
        query = {"runaway": RUNAWAY + f" LIMIT {serial + 1}", "memory": MEMORY + f" LIMIT {serial + 1}", "nested": NESTED, "service": SERVICE}[kind]
        conn.request("POST", "/sparql", body=query.encode(), headers=headers | {"Content-Type": "application/sparql-query"})
    response = conn.getresponse()
    response.read()
    return response.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hostile", type=float, default=0.1, help="fraction of hostile requests (default 0.1)")
    parser.add_argument("--timeout", type=float, default=5, help="kg serve --timeout (default 5)")
    parser.add_argument("--query-memory", type=int, default=512, help="kg serve --query-memory in MiB (default 512)")
    parser.add_argument("--query-workers", type=int, default=8)
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT)
    parser.add_argument("--results", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)

    paths = generate.generate(args.articles, args.out, nquads=True, log=compare.log)
    params = load.load_params(paths.params)
    store = args.out / f"soak-store-{args.articles}"
    shutil.rmtree(store, ignore_errors=True)  # made afresh: the corpus may have changed with the code
    shutil.rmtree(store.parent / f".{store.name}.checkpoints", ignore_errors=True)
    compare.log(f"stores: bulk-loaded in {compare.build_store(paths.nquads, store):.1f} s")
    port = compare.free_port()
    server = compare.Server(
        name="kg serve",
        argv=[sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), "--timeout", str(args.timeout),
              "--query-memory", str(args.query_memory), "--query-workers", str(args.query_workers)],
        query_url=f"http://127.0.0.1:{port}/sparql",
        ready_url=f"http://127.0.0.1:{port}/health",
        log_path=args.out / "soak-server.log",
    )
    server.start(timeout=60)
    base_rss = server.rss_mb()
    target = load.Target(server.query_url)
    phases = [run_phase(server, target, params, args, 0.0), run_phase(server, target, params, args, args.hostile)]
    health = json.loads(_get(f"http://127.0.0.1:{port}/health"))
    server.stop()

    bound = base_rss + args.query_workers * args.query_memory
    lines = [
        f"# Soak, {dt.date.today().isoformat()}: {args.clients} clients x {args.seconds:g} s, without and with {args.hostile:.0%} hostile requests",
        "",
        f"kg serve --timeout {args.timeout:g} --query-memory {args.query_memory} --query-workers {args.query_workers}, "
        f"{args.articles}-article corpus, both phases in one run on the same server.",
        "",
        "| phase | normal served | normal errors | p50 ms | p90 ms | p99 ms | hostile requests (status: count) | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    errors_total = 0
    for phase in phases:
        hostile = "; ".join(
            f"{kind} {', '.join(f'{k}: {v}' for k, v in sorted(phase.statuses[kind].items(), key=str))}" for kind in HOSTILE if phase.statuses.get(kind)
        ) or "none"
        errors_total += len(phase.errors)
        lines.append(
            f"| {phase.hostile:.0%} hostile | {len(phase.latencies)} ({len(phase.latencies) / phase.elapsed:.0f}/s) | {len(phase.errors)} | "
            f"{phase.pct(0.5):.1f} | {phase.pct(0.9):.1f} | {phase.pct(0.99):.1f} | {hostile} | {phase.peak:.0f} |"
        )
    peak = max(phase.peak for phase in phases)
    lines += [
        "",
        f"Memory is the server with every worker process, sampled every 100 ms: {base_rss:.0f} MB at start, peak {peak:.0f} MB, "
        f"against the bound the settings give, {base_rss:.0f} MB + {args.query_workers} x {args.query_memory} MB = {bound:.0f} MB. "
        f"Queries the runner stopped: {health['queries'].get('killed')}.",
    ]
    for phase in phases:
        if phase.errors:
            lines += ["", f"First errors ({phase.hostile:.0%} hostile):", *(f"- {e}" for e in phase.errors[:10])]
    report = "\n".join(lines) + "\n"
    print(report)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{dt.date.today().isoformat()}-soak.md").write_text(report, encoding="utf-8")
    return 1 if errors_total or peak > bound else 0


class Phase:
    def __init__(self, hostile: float):
        self.hostile = hostile
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.peak = 0.0
        self.elapsed = 0.0

    def pct(self, q: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def run_phase(server, target, params: dict, args, hostile: float) -> Phase:
    phase = Phase(hostile)
    phase.peak = server.rss_mb()
    stop = threading.Event()
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def sample():
        while not stop.is_set():
            phase.peak = max(phase.peak, server.rss_mb())
            time.sleep(0.1)

    def client(number: int) -> None:
        rng = random.Random(number)
        conn = target.connect(timeout=120)
        serial = number * 1_000_000 + int(hostile * 1000) * 100_000_000
        while time.monotonic() < deadline:
            serial += 1
            if rng.random() < hostile:
                kind = HOSTILE[serial % len(HOSTILE)]
                try:
                    status = hostile_request(conn, kind, serial)
                except (OSError, http.client.HTTPException) as exc:
                    status = type(exc).__name__
                conn.close()
                conn = target.connect(timeout=120)
                with lock:
                    phase.statuses[kind][status] += 1
                continue
            kind = load.SMALL[serial % len(load.SMALL)]
            outcome, conn = load.send(conn, target, load.make_request(kind, params, serial))
            with lock:
                phase.statuses["normal"][outcome.status or "error"] += 1
                if outcome.error:
                    phase.errors.append(f"{kind}: {outcome.error[:160]}")
                else:
                    phase.latencies.append(outcome.seconds)
        conn.close()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.elapsed = time.monotonic() - began
    stop.set()
    sampler.join()
    return phase


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


if __name__ == "__main__":
    sys.exit(main())
