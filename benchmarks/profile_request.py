"""Where one small query's time goes inside ``kg serve``: a profile of the request path.

Runs the entity look-up of the benchmark mix (a different Wikidata item and LIMIT each time, so
the result cache never answers) through the app in this process, then prints per-request time
and a pyinstrument (or, without it, cProfile) profile. With ``--inline`` it also times the same
requests with the query evaluated in the request thread instead of the query pool, which is what
the thread hand-off costs.

    python benchmarks/profile_request.py --store STORE [--requests 2000] [--query-workers 0 [--inline]]
"""

from __future__ import annotations

import argparse
import time

import pyoxigraph as ox

from kg.store import Store
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--inline", action="store_true", help="also time queries evaluated in the request thread (with --query-workers 0)")
    parser.add_argument("--query-workers", type=int, default=None, help="0: the thread runner; default: worker processes")
    args = parser.parse_args()
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
