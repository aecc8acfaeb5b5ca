"""Text search through the index, in SPARQL, against the best plain-SPARQL equivalent.

    python benchmarks/search.py [--articles 10000] [--words 3] [--runs 15]

On the synthetic corpus (benchmarks/generate.py): the N-Quads are bulk-loaded into a scratch
store, the search index is built (``kg index --rebuild``), ``kg serve`` (its defaults: granian,
query worker processes) is started on a free 127.0.0.1 port, and for a few selective words each of
two queries is sent over the SPARQL protocol:

* **index**: ``?s search:sentence "WORD" . ?s nif:anchorOf ?text`` (the endpoint rewrites the
  search clause into ``VALUES`` from the index before evaluation);
* **regex**: ``?s a nif:Sentence ; nif:anchorOf ?text FILTER(REGEX(?text, "\\\\bWORD\\\\b", "i"))``,
  and the same with a ``CONTAINS(LCASE(?text), "word")`` test before the ``REGEX`` (cheaper per
  row); the faster of the two is "the best plain-SPARQL equivalent".

Both must give the same sentences, and both must equal the ground truth computed here in Python
(whole-word matches after case and diacritics folding, over every sentence). Every request
carries ``LIMIT 10000000+n`` so the result cache never answers it. Latency is the median of
``--runs`` requests (the regex forms: fewer, they are slow). The table goes to stdout and to
``benchmarks/results/<date>-search-<N>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402
from compare import build_store  # noqa: E402  (the same bulk load as the throughput benchmark)

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
PREFIXES = f"PREFIX search: <https://w3id.org/newskg/search#>\nPREFIX nif: <{NIF}>\n"
INDEX = PREFIXES + 'SELECT ?s WHERE {{ ?s search:sentence "{word}" . ?s nif:anchorOf ?text }} LIMIT {limit}'
REGEX = PREFIXES + 'SELECT ?s WHERE {{ ?s a nif:Sentence ; nif:anchorOf ?text FILTER(REGEX(?text, "\\\\b{word}\\\\b", "i")) }} LIMIT {limit}'
CONTAINS_REGEX = PREFIXES + ('SELECT ?s WHERE {{ ?s a nif:Sentence ; nif:anchorOf ?text '
                             'FILTER(CONTAINS(LCASE(?text), "{word}") && REGEX(?text, "\\\\b{word}\\\\b", "i")) }} LIMIT {limit}')


def log(message: str) -> None:
    print(f"[search] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sentences(store_path: Path) -> dict[str, str]:
    from kg.stores.local import Store

    store = Store(store_path, read_only=True)
    rows = store.query(f"SELECT ?s ?t WHERE {{ GRAPH ?g {{ ?s a <{NIF}Sentence> ; <{NIF}anchorOf> ?t }} }}")
    out = {row[0].value: row[1].value for row in rows}
    del rows, store
    return out


def truth(texts: dict[str, str], word: str) -> set[str]:
    """Whole-word matches after case and diacritics folding (the index's own analyzer)."""
    from kg.search import fold

    return {s for s, t in texts.items() if word in fold(t)}


def pick_words(texts: dict[str, str], n: int, low: int, high: int) -> list[str]:
    """Words of at least 6 letters found in between ``low`` and ``high`` sentences: selective."""
    from kg.search import fold

    counts = Counter(w for t in texts.values() for w in set(fold(t)))
    fitting = sorted((w for w, c in counts.items() if low <= c <= high and len(w) >= 6 and w.isalpha()), key=lambda w: (counts[w], w))
    step = max(len(fitting) // max(n, 1), 1)
    return fitting[::step][:n]


def ask(url: str, query: str) -> tuple[float, set[str]]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json",
                                                              "Content-Type": "application/x-www-form-urlencoded"})
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        body = response.read()
        cache = response.headers.get("X-Cache")
    seconds = time.perf_counter() - began
    assert cache in ("miss", "off"), f"the result cache answered ({cache})"
    rows = json.loads(body)["results"]["bindings"]
    return seconds, {row["s"]["value"] for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--words", type=int, default=3)
    parser.add_argument("--runs", type=int, default=15, help="requests per word for the index form (default 15)")
    parser.add_argument("--regex-runs", type=int, default=5, help="requests per word for each regex form (default 5)")
    parser.add_argument("--out", type=Path, default=generate.DEFAULT_OUT)
    parser.add_argument("--no-report", action="store_true", help="do not write benchmarks/results/")
    args = parser.parse_args(argv)

    paths = generate.generate(args.articles, out=args.out, nquads=True, log=log)
    work = args.out / f"search-{args.articles}"
    import shutil

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    store_path = work / "store"
    log(f"bulk-loaded in {build_store(paths.nquads, store_path):.1f} s")

    from kg.search import SearchIndex
    from kg.search.index import default_location
    from kg.stores.local import Store

    store = Store(store_path)
    began = time.perf_counter()
    documents = SearchIndex(default_location(store)).rebuild(store)
    build_seconds = time.perf_counter() - began
    began = time.perf_counter()
    SearchIndex(default_location(store)).reconcile(store)  # what a SPARQL update costs the index
    reconcile_seconds = time.perf_counter() - began
    index_mb = sum(p.stat().st_size for p in default_location(store).rglob("*") if p.is_file()) / 1e6
    del store
    import gc

    gc.collect()
    log(f"indexed {documents} documents in {build_seconds:.1f} s ({index_mb:.1f} MB); a full reconcile takes {reconcile_seconds:.1f} s")

    texts = sentences(store_path)
    words = pick_words(texts, args.words, low=max(len(texts) // 2000, 5), high=max(len(texts) // 100, 50))
    log(f"{len(texts)} sentences; words: {', '.join(words)}")

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=open(work / "serve.log", "wb"), start_new_session=True)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("kg serve did not start; see " + str(work / "serve.log"))
        serial = iter(range(10_000_000, 20_000_000))
        rows = []
        for word in words:
            expected = truth(texts, word)
            timings = {}
            for name, template, runs in (("index", INDEX, args.runs), ("regex", REGEX, args.regex_runs), ("contains+regex", CONTAINS_REGEX, args.regex_runs)):
                ask(url, template.format(word=word, limit=next(serial)))  # warm-up, not measured
                seconds, found = [], None
                for _ in range(runs):
                    took, hits = ask(url, template.format(word=word, limit=next(serial)))
                    seconds.append(took)
                    assert found is None or hits == found
                    found = hits
                if found != expected:
                    raise AssertionError(f"{name} for {word!r}: {len(found)} hits, the folded whole-word truth has {len(expected)}")
                timings[name] = statistics.median(seconds)
            best = min(timings["regex"], timings["contains+regex"])
            rows.append((word, len(expected), timings["index"], timings["regex"], timings["contains+regex"], best / timings["index"]))
            log(f"{word}: {len(expected)} hits; index {timings['index'] * 1000:.1f} ms, regex {timings['regex'] * 1000:.0f} ms, "
                f"contains+regex {timings['contains+regex'] * 1000:.0f} ms: {best / timings['index']:.0f}x")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    table = [
        f"Text search, {args.articles} articles ({len(texts)} sentences), {date.today().isoformat()}, {os.cpu_count()} cores; "
        f"kg serve defaults; median of {args.runs} (index) / {args.regex_runs} (regex) uncached requests over HTTP.",
        "",
        "| word | hits (same in all three) | index (search clause → VALUES) | REGEX on word boundaries | CONTAINS + REGEX | best plain ÷ index |",
        "|---|---|---|---|---|---|",
    ]
    for word, hits, index, regex, contains, ratio in rows:
        table.append(f"| `{word}` | {hits} | {index * 1000:.1f} ms | {regex * 1000:.0f} ms | {contains * 1000:.0f} ms | **{ratio:.0f}x** |")
    table += ["", f"Index: {documents} documents, {index_mb:.1f} MB, built in {build_seconds:.1f} s (`kg index --rebuild`); "
                  f"a full reconcile (what an update whose graphs its text does not bound costs the index) {reconcile_seconds:.1f} s."]
    text = "\n".join(table) + "\n"
    print(text)
    if not args.no_report:
        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        (results / f"{date.today().isoformat()}-search-{args.articles}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
