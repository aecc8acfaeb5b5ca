"""Scale-out numbers in one session: ingest workers, Dask, shard loading, Oxigraph and Virtuoso bulk loads, the query mix on Virtuoso.

    python benchmarks/scaleout.py --articles 10000                  # everything (Virtuoso needs virtuoso-t and isql-vt)
    python benchmarks/scaleout.py --articles 1000 --skip-virtuoso   # only the embedded parts

Uses the cached corpus of benchmarks/generate.py (``articles-N.jsonl``, ``quads-N.nq.gz``,
``params-N.json`` in ``--data``) as it is: it never generates, so run generate.py first. Steps,
each run once, all on 127.0.0.1, in a scratch folder removed at the end:

1. ``kg ingest`` of the first ``--ingest-articles`` articles into a fresh embedded store with
   ``--workers 1`` and ``--workers 2``; ``kg ingest --out DIR`` with ``--workers 1``, ``--workers 2``
   and ``--dask local:N`` (a LocalCluster's start-up, timed on its own in this process, is
   reported beside the run and taken off its throughput); the shards of the three runs are
   compared (SHA-256 from their manifests);
2. ``kg load`` of those shards into a fresh Oxigraph store, ``--mode bulk`` and ``--mode graph``;
   pyoxigraph's ``Store.bulk_load`` of ``quads-N.nq.gz`` into a fresh folder, for reference;
3. a scratch Virtuoso (tests/virtuoso_server.py): its own bulk loader (``ld_dir`` +
   ``rdf_loader_run()`` + ``checkpoint`` through isql) of ``quads-N.nq.gz``; then the query mix of
   benchmarks/load.py (uncached, ``--clients``) against that Virtuoso's ``/sparql`` and against
   ``kg serve --no-cache`` on the embedded store, alternating kind by kind, with the row counts of
   every request compared; then, on a second fresh Virtuoso, ``kg load --store
   http://127.0.0.1:PORT/sparql-auth`` of the shards (KG_STORE_USER/KG_STORE_PASSWORD dba/dba);
4. one markdown report, to stdout and benchmarks/results/<date>-scaleout.md.
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from benchmarks import compare, load
from benchmarks.compare import log

RESULTS = Path(__file__).resolve().parent / "results"
DATA = Path(__file__).resolve().parent / "data"
OURS, VIRTUOSO = "ours", "virtuoso"
# Virtuoso refuses ORDER BY with a LIMIT above [Parameters] MaxSortedTopRows (default 10,000; error
# SR353) however few rows match, and raising it to 10 M crashes Virtuoso 7.2 on such a query ("GPF:
# Dkpool.c:1968 large free not on 4k boundary"). So for the kinds with ORDER BY the mix's no-op
# clause here is "LIMIT 5000+n" instead of "LIMIT 10000000+n", for both servers; the report checks
# that no answer reached 5,000 rows (the clause changed no answer).
SORTED_KINDS = [kind for kind in load.SMALL if "ORDER BY" in load.QUERIES[kind]]
SORTED_BASE = 5000


def requests_for(kind: str, params: dict, start: int, count: int) -> list[load.Request]:
    """benchmarks/load.py's uncached requests, with the smaller no-op LIMIT for ORDER BY kinds (see SORTED_BASE)."""
    batch = load.requests_for(kind, params, start, count)
    if kind not in SORTED_KINDS:
        return batch
    out = []
    for r in batch:
        serial = int(r.key.split(":")[1])
        old = f"LIMIT {load.LIMIT_BASE + serial}"
        assert r.query.endswith(old), r.query[-60:]
        out.append(load.Request(r.kind, r.key, r.query[: -len(old)] + f"LIMIT {SORTED_BASE + serial}", r.result))
    return out


@dataclass
class Run:
    """One timed command."""

    label: str
    command: str
    items: int = 0  # articles or graphs
    quads: int = 0
    seconds: float = 0.0  # as the command reports it
    wall: float = 0.0  # the whole process, interpreter start included
    status: int = 0
    note: str = ""
    startup: float | None = None  # a Dask LocalCluster's start-up, included in seconds
    workers: int = 1

    @property
    def work_seconds(self) -> float:
        return self.seconds - (self.startup or 0.0)


INGESTED = re.compile(r"ingested (\d+) article\(s\), (\d+) quads, skipped (\d+), in ([\d.]+) s")
WROTE = re.compile(r"wrote (\d+) article\(s\), (\d+) quads, skipped (\d+), in (\d+) shard\(s\).* in ([\d.]+) s")
LOADED = re.compile(r"loaded (\d+) graph\(s\), (\d+) quads from (\d+) shard\(s\) in ([\d.]+) s")


def kg_command(label: str, args: list[str], work: Path, env: dict | None = None, timeout: float | None = None) -> Run:
    """Run ``python -m kg ARGS`` and read its report line (the last line of its stderr)."""
    argv = [sys.executable, "-m", "kg", *args]
    shown = shlex.join(["kg", *args]).replace(str(work), "$WORK")
    log(f"{label}: {shown}")
    run = Run(label, shown)
    began = time.perf_counter()
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=timeout)
        run.status, stderr = done.returncode, done.stderr
    except subprocess.TimeoutExpired as exc:
        run.status, stderr = -1, (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        run.note = f"stopped after {timeout:.0f} s"
    run.wall = time.perf_counter() - began
    if m := INGESTED.search(stderr):
        run.items, run.quads, skipped, run.seconds = int(m[1]), int(m[2]), int(m[3]), float(m[4])
    elif m := WROTE.search(stderr):
        run.items, run.quads, skipped, run.seconds = int(m[1]), int(m[2]), int(m[3]), float(m[5])
    elif m := LOADED.search(stderr):
        run.items, run.quads, skipped, run.seconds = int(m[1]), int(m[2]), 0, float(m[4])
    else:
        skipped = 0
        run.note = (run.note + "; " if run.note else "") + "no report line: " + stderr.strip()[-300:].replace("\n", " ")
    if skipped:
        run.note = (run.note + "; " if run.note else "") + f"{skipped} skipped"
    log(f"{label}: {run.items} items, {run.quads} quads in {run.seconds:.1f} s ({run.wall:.1f} s wall), status {run.status}")
    return run


def dask_startup(address: str) -> float:
    """Seconds to start a LocalCluster (and its client) as ``kg ingest --dask`` does, and close it again (not counted)."""
    from kg.pipeline.distributed import connect

    began = time.perf_counter()
    client, close = connect(address)
    client.wait_for_workers(len(client.scheduler_info()["workers"]) or 1, timeout=120)
    seconds = time.perf_counter() - began
    close()
    return seconds


def manifest_digests(folder: Path) -> list[tuple[str, str]]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [(s["file"], s["sha256"]) for s in manifest["shards"]]


def first_articles(jsonl: Path, n: int, target: Path) -> Path:
    return compare.first_articles(jsonl, n, target)


def pyoxigraph_bulk_load(nquads: Path, target: Path) -> Run:
    import gc

    import pyoxigraph as ox

    log(f"pyoxigraph Store.bulk_load of {nquads.name}")
    run = Run("pyoxigraph `Store.bulk_load` of the gzip N-Quads file (in process)", f"pyoxigraph.Store(DIR).bulk_load(gzip.open({nquads.name!r}), RdfFormat.N_QUADS); flush()")
    began = time.perf_counter()
    store = ox.Store(str(target))
    with gzip.open(nquads, "rb") as f:
        store.bulk_load(f, ox.RdfFormat.N_QUADS)
    store.flush()
    run.seconds = run.wall = time.perf_counter() - began
    run.quads = len(store)
    run.items = sum(1 for _ in store.named_graphs())
    del store
    gc.collect()
    log(f"pyoxigraph bulk_load: {run.quads} quads in {run.seconds:.1f} s")
    return run


# --- Virtuoso -----------------------------------------------------------------------------------


def virtuoso_count(server) -> tuple[int, int]:
    """(quads, graphs) of newskg's graphs in a Virtuoso (its own system graphs left out)."""
    from kg.stores.remote import RemoteStore

    store = RemoteStore(server.url)
    rows = list(
        store.query(
            "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/newskg/')) }"
        )
    )
    return int(rows[0]["n"].value), int(rows[0]["graphs"].value)


def virtuoso_bulk_loader(server, nquads: Path) -> Run:
    """Virtuoso's own bulk loader on one file: ld_dir + rdf_loader_run(), then checkpoint (timed apart)."""
    folder, pattern = nquads.parent, nquads.name
    run = Run(
        "Virtuoso's bulk loader (`ld_dir` + `rdf_loader_run()`, isql), then `checkpoint`",
        f"isql-vt 127.0.0.1:ISQL dba dba: ld_dir('{folder.name}', '{pattern}', 'urn:x-newskg-bench:default'); rdf_loader_run(); checkpoint;",
    )
    log(f"virtuoso bulk loader: {pattern}")
    began = time.perf_counter()
    server.isql(f"ld_dir('{folder}', '{pattern}', 'urn:x-newskg-bench:default');\nrdf_loader_run();")
    loaded = time.perf_counter() - began
    server.isql("checkpoint;")
    run.wall = time.perf_counter() - began
    run.seconds = loaded
    failed = server.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_state <> 2 OR ll_error IS NOT NULL;")
    if "/" in failed:
        run.note = "load list: " + " ".join(failed.split())[:200]
    run.quads, run.items = virtuoso_count(server)
    run.note = (run.note + "; " if run.note else "") + f"checkpoint after it: {run.wall - loaded:.1f} s"
    log(f"virtuoso bulk loader: {run.quads} quads in {loaded:.1f} s (+ checkpoint {run.wall - loaded:.1f} s)")
    return run


def virtuoso_version(server) -> str:
    try:
        out = server.isql("SELECT sys_stat('st_dbms_ver'), sys_stat('st_build_date');")
        return " ".join(out.split())
    except RuntimeError:
        return "unknown"


# --- the query mix ------------------------------------------------------------------------------


def mix(targets: dict[str, str], params: dict, clients: list[int], max_requests: int, max_seconds: float, rows_requests: int) -> compare.Results:
    """The uncached mix, alternating between the servers kind by kind (order rotating); the same requests for each."""
    results = compare.Results()
    endpoint = {name: load.Target(url) for name, url in targets.items()}
    names = list(targets)
    log("warm-up: one unmeasured request of each kind on each server")
    for name in names:
        for kind in load.SMALL:
            load.run_cell(endpoint[name], [load.make_request(kind, params, 10**6)], 1, 60, kind)
    serial = 0
    for k, kind in enumerate(load.SMALL):
        for n in clients:
            batch = requests_for(kind, params, serial, max_requests)
            serial += max_requests
            for name in compare._rotate(names, k):
                cell = load.run_cell(endpoint[name], batch, n, max_seconds, kind)
                results.cell(name, "uncached", kind, n).merge(cell)
                log(f"{name} {kind} x{n}: {len(cell.ok)} ok, {len(cell.errors)} errors, {load.num(cell.throughput)} req/s")
    batch = load.requests_for("rows100k", params, 0, rows_requests)
    for name in names:
        cell = load.run_cell(endpoint[name], batch, 1, max_seconds * 3, "rows100k")
        results.cell(name, "uncached", "rows100k", 1).merge(cell)
        log(f"{name} rows100k: {len(cell.ok)} ok, median {load.ms(cell.latency(0.5))} ms")
    return results


def explain_describe(results: compare.Results, params: dict, ours_url: str, limit: int = 5) -> str | None:
    """For DESCRIBE requests whose distinct-triple counts differ: are Virtuoso's the triples with the entity as subject *or object*?

    Counted on the embedded store (through ``kg serve``), which holds the same quads.
    """
    from kg.stores.remote import RemoteStore

    wrong, _flagged = compare.check_answers(results)
    cases = [(key, got) for kind, key, got in wrong if kind == "describe" and all(isinstance(v, int) for v in got.values())][:limit]
    if not cases:
        return None
    store = RemoteStore(ours_url)
    count = "SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({test}) }} }}"
    shown, explained = [], 0
    for key, got in cases:
        entity = load._values("describe", params, int(key.split(":")[1]))["entity"]
        out = int(next(iter(store.query(count.format(test=f"?s = <{entity}>"))))["n"].value)
        both = int(next(iter(store.query(count.format(test=f"?s = <{entity}> || ?o = <{entity}>"))))["n"].value)
        explained += got.get(OURS) == out and got.get(VIRTUOSO) == both
        shown.append(f"{key} <{entity}>: kg serve {got.get(OURS)}, Virtuoso {got.get(VIRTUOSO)}; distinct triples with it as subject {out}, as subject or object {both}")
    return (
        f"DESCRIBE: {explained} of the {len(cases)} differing requests checked are explained by Virtuoso describing a resource by the triples "
        "with it as subject **or object** (its default DESCRIBE), Oxigraph by those with it as subject (and their blank nodes): " + "; ".join(shown)
    )


# --- the report ---------------------------------------------------------------------------------


def rate(value: float, seconds: float) -> str:
    return f"{value / seconds:,.0f}" if seconds > 0 and value else "–"


def versions() -> dict:
    found = {}
    for package in ("newskg", "pyoxigraph", "dask", "distributed", "granian", "flask"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def report(meta: dict, ingest_runs: list[Run], load_runs: list[Run], mix_results: compare.Results | None, clients: list[int], notes: list[str]) -> str:
    host = meta["host"]
    lines = [f"# newskg scale-out benchmark: {meta['articles']:,} articles, {meta['corpus_quads']:,} quads", ""]
    lines += [
        f"- date: {meta['date']}",
        f"- machine: {host['cpu']}, {host['cores']} cores, {host['ram']} RAM; {host['platform']}",
        f"- Python {host['python']}; " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + f"; Virtuoso {meta.get('virtuoso', 'not run')}",
        f"- newskg commit: {host['commit']}",
        f"- command: `{meta['command']}`",
        f"- load average (1, 5, 15 min) before: {meta['load_before']}; after: {meta['load_after']} (other work on the machine shows here)",
        "- each measure is one run; `$WORK` is a scratch folder; kg commands ran as `python -m kg` of this checkout",
        "",
        "## Ingest",
        "",
        "`seconds` is what the command reports (reading, extracting, writing; without interpreter start-up), `wall` the whole process.",
        "",
        "| run | articles | quads | seconds | wall s | articles/s | per core | command |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    cores = os.cpu_count() or 1
    for r in ingest_runs:
        workers = r.workers
        secs = r.work_seconds
        per_core = f"{r.items / secs / min(workers, cores):,.0f}" if secs > 0 and r.items else "–"
        extra = f" (LocalCluster start-up {r.startup:.1f} s taken off; {r.seconds:.1f} s with it, {r.items / r.seconds:,.0f} articles/s)" if r.startup else ""
        note = f" {r.note}" if r.note else ""
        lines.append(f"| {r.label}{extra}{note} | {r.items:,} | {r.quads:,} | {secs:.1f} | {r.wall:.1f} | {rate(r.items, secs)} | {per_core} | `{r.command}` |")
    lines += ["", "## Loading", "", "| load | graphs | quads | seconds | quads/s | command |", "|---|---:|---:|---:|---:|---|"]
    for r in load_runs:
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.label}{note} | {r.items:,} | {r.quads:,} | {r.seconds:.1f} | {rate(r.quads, r.seconds)} | `{r.command}` |")
    if mix_results is not None:
        wrong, flagged = compare.check_answers(mix_results)
        c = mix_results.cells.get
        lines += [
            "",
            "## The query mix: Virtuoso's /sparql beside kg serve --no-cache",
            "",
            (
                f"Uncached (every query text unique), at most {meta['max_requests']} requests and {meta['max_seconds']:g} s per cell, "
                "the same requests to both, alternating kind by kind; `req/s (median / p95 ms)`. Clients run on the same 2 cores."
            ),
            "",
            "| kind | clients | kg serve --no-cache (embedded) | Virtuoso /sparql | Virtuoso/ours | answers |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for kind in load.SMALL:
            for n in clients:
                a, b = c((OURS, "uncached", kind, n)), c((VIRTUOSO, "uncached", kind, n))
                ratio = f"{b.throughput / a.throughput:.2f}x" if a and b and a.throughput and b.throughput else "–"
                check = "differ" if (OURS, kind) in flagged or (VIRTUOSO, kind) in flagged else "same row counts"
                lines.append(f"| ({load.KINDS[kind][0]}) {kind} | {n} | {compare._fmt_rate(a)} | {compare._fmt_rate(b)} | {ratio} | {check} |")
        rows = {}
        for name in (OURS, VIRTUOSO):
            cell = c((name, "uncached", "rows100k", 1))
            rows[name] = None
            if cell and cell.ok:
                rows[name] = sorted(o.rows / o.seconds for o in cell.ok if o.seconds > 0)[len(cell.ok) // 2]
        fmt = lambda v: f"{v:,.0f} rows/s" if v else "–"
        ratio = f"{rows[VIRTUOSO] / rows[OURS]:.2f}x" if rows[OURS] and rows[VIRTUOSO] else "–"
        check = "differ" if (OURS, "rows100k") in flagged or (VIRTUOSO, "rows100k") in flagged else "same row counts"
        lines.append(f"| (g) rows100k (CSV, median request) | 1 | {fmt(rows[OURS])} | {fmt(rows[VIRTUOSO])} | {ratio} | {check} |")
        lines += ["", "### Answer checks", ""]
        if wrong:
            lines.append(f"{len(wrong)} requests got different row counts (or errors). First 20:")
            lines.append("")
            lines.append("| kind | request | kg serve | Virtuoso |")
            lines.append("|---|---|---:|---:|")
            for kind, key, got in wrong[:20]:
                lines.append(f"| {kind} | {key} | {got.get(OURS, '–')} | {got.get(VIRTUOSO, '–')} |")
        else:
            lines.append("Every request got the same row count from both (SELECT: rows; DESCRIBE: distinct triples).")
        lines += ["", "### Per server", ""]
        for name, title in ((OURS, "kg serve --no-cache"), (VIRTUOSO, "Virtuoso /sparql")):
            cells = sorted((cell for (s, _m, _k, _n), cell in mix_results.cells.items() if s == name), key=lambda cell: (list(load.KINDS).index(cell.kind), cell.clients))
            lines += [f"{title}:", "", load.cell_table(cells), ""]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    lines.append("")
    return "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------

_STOP: list = []


def _stop_all() -> None:
    while _STOP:
        thing = _STOP.pop()
        try:
            thing.stop()
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:  # keep stopping the others
            log(f"could not stop {thing}: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000, metavar="N", help="which cached corpus: articles-N.jsonl, quads-N.nq.gz, params-N.json (default 10000)")
    parser.add_argument("--data", type=Path, default=DATA, help="where the corpus is (default benchmarks/data)")
    parser.add_argument("--ingest-articles", type=int, default=None, metavar="N", help="ingest only the first N articles (default all)")
    parser.add_argument("--dask", default="local:2", metavar="ADDRESS", help="the Dask run's --dask (default local:2; 'none' skips it)")
    parser.add_argument("--skip-virtuoso", action="store_true", help="leave out everything that needs Virtuoso")
    parser.add_argument("--skip-graph-mode", action="store_true", help="leave out kg load --mode graph")
    parser.add_argument("--virtuoso-buffers", type=int, default=170_000, help="Virtuoso NumberOfBuffers, 8 KiB pages (default 170000: 1.3 GB)")
    parser.add_argument("--virtuoso-load-timeout", type=float, default=1200, metavar="SECONDS", help="stop kg load into Virtuoso after this long (default 1200)")
    parser.add_argument("--clients", default="1,8", help="query mix clients (default 1,8)")
    parser.add_argument("--max-requests", type=int, default=100, help="requests per query-mix cell (default 100)")
    parser.add_argument("--max-seconds", type=float, default=10.0, help="seconds per query-mix cell (default 10)")
    parser.add_argument("--rows-requests", type=int, default=3, help="100k-row SELECTs per server (default 3)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for <date>-scaleout.md (default benchmarks/results); '-' writes none")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new one under --data, removed at the end)")
    args = parser.parse_args(argv)
    clients = [int(c) for c in args.clients.split(",") if c.strip()]

    jsonl = args.data / f"articles-{args.articles}.jsonl"
    nquads = args.data / f"quads-{args.articles}.nq.gz"
    params_path = args.data / f"params-{args.articles}.json"
    meta_path = args.data / f"quads-{args.articles}.meta.json"
    missing = [p for p in (jsonl, nquads, params_path, meta_path) if not p.exists()]
    if missing:
        parser.error(f"missing {', '.join(map(str, missing))}: run benchmarks/generate.py --articles {args.articles} --nquads first")

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, compare._on_signal)
    atexit.register(_stop_all)
    atexit.register(compare.stop_all)

    corpus = json.loads(meta_path.read_text(encoding="utf-8"))
    meta = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": shlex.join(getattr(sys, "orig_argv", [sys.executable] + sys.argv)),
        "host": compare.machine(),
        "versions": versions(),
        "load_before": compare._loadavg(),
        "articles": args.articles,
        "corpus_quads": corpus["quads"],
        "max_requests": args.max_requests,
        "max_seconds": args.max_seconds,
    }
    notes: list[str] = []
    own_work = args.work is None
    work = args.work or Path(tempfile.mkdtemp(prefix="scaleout-", dir=args.data))
    work.mkdir(parents=True, exist_ok=True)
    ingest_runs: list[Run] = []
    load_runs: list[Run] = []
    mix_results = None
    try:
        # 1. ingest
        n = args.ingest_articles or args.articles
        source = first_articles(jsonl, n, work / f"articles-first-{n}.jsonl") if n < args.articles else jsonl
        expected = corpus["quads"] if n >= args.articles else compare.quads_of_first(nquads, n)
        for w in (1, 2):
            run = kg_command(f"`kg ingest --workers {w}` into a new embedded store", ["ingest", "--store", str(work / f"ingest-{w}"), "--workers", str(w), str(source)], work)
            run.workers = w
            ingest_runs.append(run)
            shutil.rmtree(work / f"ingest-{w}", ignore_errors=True)
        shard_dirs = {}
        for w in (1, 2):
            out = work / f"shards-{w}"
            run = kg_command(f"`kg ingest --out DIR --workers {w}` (shards, no store)", ["ingest", "--out", str(out), "--workers", str(w), str(source)], work)
            run.workers = w
            ingest_runs.append(run)
            shard_dirs[f"--workers {w}"] = out
        if args.dask.lower() != "none":
            startup = None
            try:
                log(f"timing the start-up of a Dask cluster ({args.dask})")
                startup = dask_startup(args.dask)
                log(f"Dask {args.dask} start-up: {startup:.1f} s")
            except (ImportError, OSError, RuntimeError, ValueError, TimeoutError) as exc:  # Dask missing: the run below reports it too
                notes.append(f"Dask start-up not timed: {type(exc).__name__}: {exc}")
            out = work / "shards-dask"
            run = kg_command(f"`kg ingest --out DIR --dask {args.dask}`", ["ingest", "--out", str(out), "--dask", args.dask, str(source)], work)
            m = re.fullmatch(r"local(?::(\d+))?", args.dask)
            run.workers = int(m[1]) if m and m[1] else (os.cpu_count() or 1) if m else 1
            if m and startup is not None and run.seconds > startup:
                run.startup = startup
            ingest_runs.append(run)
            if run.status == 0:
                shard_dirs[f"--dask {args.dask}"] = out
        for r in ingest_runs:
            if r.quads and r.quads != expected:
                notes.append(f"**WARNING**: {r.label} gave {r.quads:,} quads; quads-{args.articles}.nq.gz has {expected:,} for those articles")
        if all(r.quads == expected for r in ingest_runs):
            notes.append(f"every ingest run gave {expected:,} quads, as quads-{args.articles}.nq.gz has for those articles")
        digests = {name: manifest_digests(folder) for name, folder in shard_dirs.items()}
        if len({tuple(d) for d in digests.values()}) == 1:
            notes.append(f"the shards of {', '.join(digests)} are byte for byte the same ({len(next(iter(digests.values())))} files, SHA-256 in their manifests)")
        else:
            notes.append("**WARNING**: the shard runs wrote different files: " + "; ".join(f"{k}: {len(v)} files" for k, v in digests.items()))
        shards = shard_dirs["--workers 1"]

        # 2. loading into Oxigraph
        store_bulk = work / "store-bulk"
        load_runs.append(kg_command("`kg load --mode bulk` of the shards into a new Oxigraph store", ["load", "--store", str(store_bulk), "--mode", "bulk", str(shards)], work))
        if not args.skip_graph_mode:
            load_runs.append(kg_command("`kg load --mode graph` of the shards into a new Oxigraph store", ["load", "--store", str(work / "store-graph"), "--mode", "graph", str(shards)], work))
            shutil.rmtree(work / "store-graph", ignore_errors=True)
        load_runs.append(pyoxigraph_bulk_load(nquads, work / "store-pyoxigraph"))
        shutil.rmtree(work / "store-pyoxigraph", ignore_errors=True)

        # 3. Virtuoso
        if args.skip_virtuoso:
            notes.append("Virtuoso: skipped (--skip-virtuoso)")
        else:
            from virtuoso_server import Virtuoso, find_binary, find_isql

            if find_binary() is None or find_isql() is None:
                notes.append("Virtuoso: not run: virtuoso-t or isql-vt is not installed (Debian package virtuoso-opensource)")
            else:
                incoming = work / "virtuoso-files"
                incoming.mkdir()
                shutil.copy(nquads, incoming / nquads.name)
                first = Virtuoso(work / "virtuoso-1", buffers=args.virtuoso_buffers, dirs_allowed=[incoming], server_threads=10, max_seconds=300)
                _STOP.append(first)
                first.start()
                meta["virtuoso"] = virtuoso_version(first)
                notes.append(
                    f"Virtuoso: a scratch database (tests/virtuoso_server.py), NumberOfBuffers {args.virtuoso_buffers:,}, ResultSetMaxRows 1,000,000, "
                    "MaxSortedTopRows at its default 10,000 (see the note on LIMIT), "
                    f"HTTP ServerThreads 10, ThreadsPerQuery 2; started in {first.started_in:.1f} s"
                )
                run = virtuoso_bulk_loader(first, incoming / nquads.name)
                run.items = run.items or 0
                load_runs.append(run)
                notes.append(f"Virtuoso used {first.rss_mb():,.0f} MB after its bulk load")

                # the query mix: kg serve --no-cache on the embedded store (kg load --mode bulk) and Virtuoso's /sparql
                params = load.load_params(params_path)
                ours = compare.ours(store_bulk, work, ["--no-cache"])
                ours.start(timeout=180)
                meta["ours_argv"] = shlex.join(ours.argv).replace(str(work), "$WORK")
                mix_results = mix({OURS: ours.query_url, VIRTUOSO: first.url}, params, clients, args.max_requests, args.max_seconds, args.rows_requests)
                most = max((o.rows or 0 for (_s, _m, kind, _n), cell in mix_results.cells.items() if kind in SORTED_KINDS for o in cell.ok), default=0)
                notes.append(
                    f"LIMIT: in the uncached mix every request carries a no-op clause that makes its text unique; for {', '.join(SORTED_KINDS)} (ORDER BY) "
                    f"it is LIMIT {SORTED_BASE:,}+n here, not benchmarks/load.py's LIMIT 10,000,000+n, for both servers: Virtuoso 7.2 refuses an ORDER BY "
                    "with a LIMIT above MaxSortedTopRows (default 10,000; error SR353) however few rows match, and with MaxSortedTopRows raised to 10 M "
                    "it crashed on such a query (GPF: Dkpool.c:1968 large free not on 4k boundary). "
                    f"The largest answer of those kinds had {most:,} rows" + (" (below the LIMIT: it changed no answer)" if most < SORTED_BASE else " **WARNING: the LIMIT may have cut answers**")
                )
                explained = explain_describe(mix_results, params, ours.query_url)
                if explained:
                    notes.append(explained)
                notes.append(f"kg serve: `{meta['ours_argv']}`, {ours.rss_mb():,.0f} MB at the end; Virtuoso {first.rss_mb():,.0f} MB at the end")
                ours.stop()
                first.stop()
                _STOP.remove(first)
                shutil.rmtree(work / "virtuoso-1", ignore_errors=True)

                second = Virtuoso(work / "virtuoso-2", buffers=args.virtuoso_buffers, server_threads=10, max_seconds=300)
                _STOP.append(second)
                second.start()
                run = kg_command(
                    "`kg load` of the shards into Virtuoso over HTTP (`/sparql-auth`, Digest, one update per article graph)",
                    ["load", "--store", second.auth_url, str(shards)],
                    work,
                    env=second.environ(),
                    timeout=args.virtuoso_load_timeout,
                )
                run.command = run.command.replace(str(second.http), "PORT")
                quads, graphs = virtuoso_count(second)
                if run.status != 0 or not run.seconds:
                    run.note = (run.note + "; " if run.note else "") + f"{quads:,} quads in {graphs:,} graphs were in Virtuoso when it stopped"
                    run.quads, run.items, run.seconds = quads, graphs, run.wall
                elif quads != run.quads:
                    run.note = (run.note + "; " if run.note else "") + f"Virtuoso counts {quads:,} quads"
                load_runs.append(run)
                second.stop()
                _STOP.remove(second)
        meta["load_after"] = compare._loadavg()
        text = report(meta, ingest_runs, load_runs, mix_results, clients, notes)
        print(text)
        if str(args.results) != "-":
            args.results.mkdir(parents=True, exist_ok=True)
            target = args.results / f"{datetime.now().strftime('%Y-%m-%d')}-scaleout.md"
            target.write_text(text, encoding="utf-8")
            log(f"wrote {target}")
        failed = [r.label for r in ingest_runs + load_runs if r.status != 0]
        return 1 if failed else 0
    finally:
        _stop_all()
        compare.stop_all()
        if own_work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
