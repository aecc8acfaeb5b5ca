"""Where one small query's time goes inside ``kg serve``: a profile of the request path.

Runs the entity look-up of the benchmark mix (a different Wikidata item and LIMIT each time, so
the result cache never answers) through the app in this process, then prints per-request time
and a pyinstrument (or, without it, cProfile) profile. With ``--inline`` it also times the same
requests with the query evaluated in the request thread instead of the query pool, which is what
the thread hand-off costs.

    python benchmarks/profile_request.py --store STORE [--requests 2000] [--query-workers 0 [--inline]]
    python benchmarks/profile_request.py --store STORE --lean [--params benchmarks/data/params-1000.json] [--requests 2000]

``--lean`` profiles what ``kg serve`` runs now: the lean RSGI path (:mod:`kg.web.lean`), driven in
this process with granian's calls (:mod:`kg.web.rsgi_local`), queries in worker processes. It
prints the server process's time per request for uncached look-ups (the mix's (a) lookup on the
benchmark corpus) and for result-cache hits, a
profile of each, and the time a worker spends per look-up (``write_answer``, unpickling and
framing included) measured in this process on the same store.
"""

from __future__ import annotations

import argparse
import time
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.stores.local import Store
from kg.web import create_app
from kg.execution import answers
from kg.execution.threads import ThreadRunner

QUERY = (
    "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?e ?l WHERE { ?e owl:sameAs <http://www.wikidata.org/entity/Q%d> . OPTIONAL { ?e skos:prefLabel ?l } } LIMIT %d"
)
ITEMS = (159, 212, 423, 884, 30, 3178, 7747, 57792, 1325, 148, 183)


def requests(client, n: int) -> float:
    started = time.perf_counter()
    for i in range(n):
        response = client.get("/sparql", query_string={"query": QUERY % (ITEMS[i % len(ITEMS)], 10 + i)},
                              headers={"Accept": "application/sparql-results+json"})
        response.get_data()
        assert response.status_code == 200, response.get_data(as_text=True)
    return (time.perf_counter() - started) / n * 1000


def inline_run(self, sparql, options, chosen, html=None):
    """The query in the request thread: no hand-off, and no way to answer at a deadline."""
    result = self.store.query(sparql, **options)
    kind = answers.GRAPH if isinstance(result, ox.QueryTriples) else answers.RESULTS
    media_type = chosen[kind]
    formats = answers.GRAPH_FORMATS if kind == answers.GRAPH else answers.RESULT_FORMATS
    return media_type, iter([result.serialize(format=formats[media_type])])


def lean(args) -> None:
    import asyncio
    import pickle

    from kg.execution import frames
    from kg.execution.worker import _Out, _options
    from kg.web.lean import LeanApp
    from kg.web.rsgi_local import Proto, Scope

    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks import load

    params = load.load_params(args.params)

    def lookup(serial: int, unique: bool = True) -> str:
        """The mix's (a) lookup (benchmarks/README.md), as benchmarks/load.py and wrk send it."""
        return load.make_request("lookup", params, serial, unique=unique).query

    app = LeanApp(create_app(Store(args.store, read_only=True)), threads=2)

    async def run(n: int, offset: int, repeat: bool) -> float:
        started = time.perf_counter()
        for i in range(n):
            query = lookup(i % 4, unique=False) if repeat else lookup(offset + i)
            scope = Scope("GET", "/sparql", urlencode({"query": query}), [("Host", "127.0.0.1:8000"), ("Accept", "application/sparql-results+json")])
            proto = Proto(b"")
            await app.__rsgi__(scope, proto)
            assert proto.status == 200, proto.chunks
        return (time.perf_counter() - started) / n * 1000

    loop = asyncio.new_event_loop()
    loop.run_until_complete(run(200, 10**6, False))  # warm-up: workers started
    loop.run_until_complete(run(8, 0, True))  # the cache primed
    uncached = loop.run_until_complete(run(args.requests, 2 * 10**6, False))
    hits = loop.run_until_complete(run(args.requests, 0, True))
    print(f"lean path, server process, per request: uncached {uncached:.3f} ms (one at a time, worker round trip included); cache hit {hits:.3f} ms")
    from pyinstrument import Profiler

    for label, offset, repeat in (("uncached", 3 * 10**6, False), ("cache hits", 0, True)):
        profiler = Profiler(interval=0.0001, async_mode="disabled")
        profiler.start()
        loop.run_until_complete(run(args.requests, offset, repeat))
        profiler.stop()
        print(f"--- {label}")
        print(profiler.output_text(unicode=False, color=False))

    # the worker's side of one look-up: what kg.execution.worker.serve does per job
    store = ox.Store.read_only(args.store)
    sink = _Sink()
    started = time.perf_counter()
    for i in range(args.requests):
        query = lookup(4 * 10**6 + i)
        job = pickle.dumps((args.store, query, {"use_default_graph_as_union": True}, {"results": "application/sparql-results+json", "graph": "text/turtle"}, None))
        _path, sparql, options, chosen, html = pickle.loads(frames.frame(frames.JOB, job)[5:])
        out = _Out(sink)
        answers.write_answer(store, sparql, _options(options), chosen, html, out, started=out.header)
        out.end()
    worker = (time.perf_counter() - started) / args.requests * 1000
    started = time.perf_counter()
    for i in range(args.requests):
        query = lookup(5 * 10**6 + i)
        store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
    engine = (time.perf_counter() - started) / args.requests * 1000
    print(f"worker process, per look-up: {worker:.3f} ms, of which Oxigraph parsing, evaluating and serialising: {engine:.3f} ms")
    app.runner.close()


class _Sink:
    def sendall(self, data) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--inline", action="store_true", help="also time queries evaluated in the request thread (with --query-workers 0)")
    parser.add_argument("--query-workers", type=int, default=None, help="0: the thread runner; default: worker processes")
    parser.add_argument("--lean", action="store_true", help="profile the lean RSGI path kg serve runs (kg.web.lean)")
    parser.add_argument("--params", default="benchmarks/data/params-1000.json", help="with --lean: the corpus parameters (generate.py)")
    args = parser.parse_args()
    if args.lean:
        return lean(args)
    client = create_app(Store(args.store, read_only=True), cache_bytes=0, query_workers=args.query_workers).test_client()
    requests(client, 200)  # warm-up
    print(f"per request, query pool: {requests(client, args.requests):.3f} ms")
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(requests, client, args.requests)
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)
    else:
        profiler = Profiler(interval=0.0002)
        profiler.start()
        requests(client, args.requests)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    if args.inline and args.query_workers == 0:
        pooled = ThreadRunner.run
        ThreadRunner.run = inline_run
        try:
            print(f"per request, inline: {requests(client, args.requests):.3f} ms")
        finally:
            ThreadRunner.run = pooled


if __name__ == "__main__":
    main()
