"""The ``kg`` command: ingest, query, dump, serve."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pyoxigraph as ox

from . import __version__, config
from .articles import DEFAULT_MAX_ARTICLE_BYTES, count_articles
from .namespaces import PREFIXES
from .paths import project_dir

# The contract queries live in the repository's queries/ folder, beside the package.
QUERIES = project_dir("queries")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # `kg dump | head` is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="newskg: news about armed conflict as a knowledge graph.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    def size_limit_option(p):
        p.add_argument(
            "--max-article-bytes",
            type=_non_negative_int,
            default=DEFAULT_MAX_ARTICLE_BYTES,
            metavar="N",
            help=f"report and skip an article with more than N bytes of UTF-8 text (default {DEFAULT_MAX_ARTICLE_BYTES}, 1 MiB; 0: no limit)",
        )

    def store_option(p):
        p.add_argument(
            "--store",
            default=None,
            metavar="DIR|URL",
            help=f"store folder, or the URL of a remote SPARQL 1.1 store (docs/scaling.md) (default: $KG_STORE or {config.DEFAULT_STORE})",
        )

    p = sub.add_parser("ingest", help="extract articles (.txt, news-please .json/.jsonl, folders) into the store")
    store_option(p)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--base", default=None, help=f"base IRI for minted IRIs (default: $KG_BASE or {config.DEFAULT_BASE})")
    p.add_argument(
        "--online",
        action="store_true",
        help="look up entities the gazetteer does not link in Wikidata (network; cached in $KG_WIKIDATA_CACHE or data/cache/wikidata)",
    )
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="extract in N processes (default 1); the store gets the same graphs, written in input order",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="write gzip N-Quads shards and manifest.json to DIR instead of the store; load them with kg load (docs/scaling.md)",
    )
    p.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="extract on a Dask cluster: local, local:N (a local cluster of N processes) or a scheduler address such as tcp://host:8786; needs --out",
    )
    p.add_argument("--shard-size", type=_positive_int, default=1000, metavar="N", help="articles per shard with --out (default 1000)")
    size_limit_option(p)
    p.set_defaults(run=_ingest)

    p = sub.add_parser("load", help="load shards from kg ingest --out into the store, replacing their articles' graphs")
    store_option(p)
    p.add_argument("sources", nargs="+", metavar="DIR|SHARD", help="shard folders (every shard their manifest lists) or .nq.gz shard files")
    p.add_argument("--batch", type=_positive_int, default=500, metavar="N", help="graphs per bulk-loader batch (default 500)")
    p.add_argument(
        "--mode",
        choices=("auto", "bulk", "graph"),
        default="auto",
        help="graph: one transaction per article graph; bulk: drop a batch's graphs, then Oxigraph's bulk loader (not transactional); "
        "auto (default): bulk for batches of 50,000 quads or more",
    )
    p.set_defaults(run=_load)

    p = sub.add_parser(
        "refresh",
        help="recompute the shared entities and claims graphs from every article graph (after graphs were written "
        "by something else than kg ingest or kg load: a store's own bulk loader, /store, /update)",
    )
    store_option(p)
    p.add_argument("--base", default=None, help="base IRI the articles were ingested with (default: KG_BASE or %s)" % config.DEFAULT_BASE)
    p.set_defaults(run=_refresh)

    p = sub.add_parser("index", help="bring the full-text search index beside the store up to date, or remake it")
    store_option(p)
    p.add_argument("--rebuild", action="store_true", help="throw the index away and read every graph again")
    p.add_argument("--index", type=Path, default=None, metavar="DIR", help="index folder (default: beside the store, DIR.search)")
    p.set_defaults(run=_index)

    p = sub.add_parser("query", help="run a SPARQL query file against the store")
    store_option(p)
    p.add_argument("file", type=Path, metavar="FILE.rq", help="query file, or - for standard input")
    p.add_argument("--format", choices=("table", "json", "csv", "tsv", "xml", "turtle", "ntriples"), default="table")
    p.set_defaults(run=_query)

    p = sub.add_parser("dump", help="write the whole store as N-Quads, TriG or Turtle")
    store_option(p)
    p.add_argument("--format", choices=("nquads", "trig", "turtle"), default="nquads")
    p.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: standard output); .gz compresses")
    p.set_defaults(run=_dump)

    p = sub.add_parser("eval", help="ingest articles into a temporary store and score them against gold files")
    p.add_argument("--gold", type=Path, required=True, metavar="DIR", help="folder of gold JSON files (docs/evaluation.md)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--queries", type=Path, default=QUERIES, metavar="DIR", help="folder with entities.rq, statements.rq, troop-counts.rq")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss and every extra")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    size_limit_option(p)
    p.set_defaults(run=_eval)

    p = sub.add_parser("serve", help="serve SPARQL query/update, the graph store, linked data, dumps and a query UI")
    store_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=_positive_int, default=8, help="requests served at once by each worker (default 8); as many more wait up to 2 s for a turn, then get 503")
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="worker processes (default 1); more than one serves the store read-only: restart after kg ingest",
    )
    p.add_argument(
        "--server",
        choices=("granian", "granian-wsgi", "waitress"),
        default="granian",
        help="granian (default: /sparql, /health, /dumps and /id redirects on its native interface, the rest through Flask), "
        "granian-wsgi (everything through Flask under granian's WSGI) or waitress (pure Python)",
    )
    p.add_argument(
        "--max-connections",
        type=_positive_int,
        default=None,
        metavar="N",
        help="open connections each worker holds (granian; default 4096, fewer if the file descriptor limit is low)",
    )
    p.add_argument(
        "--header-timeout",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help="close a connection that takes longer to send a request's headers, or idles as long (granian; default 10)",
    )
    p.add_argument("--base", default=None, help="base IRI the store was ingested with (default: KG_BASE or %s)" % config.DEFAULT_BASE)
    p.add_argument(
        "--update-token",
        default=None,
        metavar="TOKEN",
        help="bearer token that /update and graph store writes require (default: KG_UPDATE_TOKEN); without one the endpoint is read-only",
    )
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="stop a query after this long (default 30)")
    p.add_argument("--cache-size", type=int, default=64, metavar="MiB", help="memory for cached query results (default 64)")
    p.add_argument("--no-cache", action="store_true", help="never answer a query from the result cache")
    p.add_argument("--html-max-rows", type=int, default=1000, metavar="N", help="rows shown on an HTML result page (default 1000)")
    p.add_argument(
        "--query-workers",
        type=int,
        default=None,
        metavar="N",
        help="processes that evaluate queries, each killed at the timeout or past --query-memory (default 8; "
        "0 evaluates in threads, where a query past its deadline is answered but not stopped)",
    )
    p.add_argument("--query-memory", type=_positive_int, default=1024, metavar="MiB", help="memory one query may use (default 1024)")
    p.add_argument(
        "--query-limits",
        default="",
        type=_query_limits,
        metavar="LIMITS",
        help="ceilings on a query's shape, e.g. depth=64,unions=256,tokens=10000,prefix=32,bytes=1048576 (these are the defaults)",
    )
    p.add_argument(
        "--cors",
        nargs="*",
        metavar="ORIGIN",
        default=["*"],
        help="origins whose scripts may read answers: queries, dumps, linked data, /reconcile (default: any, '*'); "
        "give the flag alone to turn CORS off",
    )
    p.add_argument(
        "--cors-write",
        nargs="+",
        metavar="ORIGIN",
        default=[],
        help="origins whose scripts may call /update and write to /store with the token (default: none); named one by one, never '*'",
    )
    p.add_argument(
        "--allow-service",
        nargs="*",
        metavar="HOST",
        default=None,
        help="allow SPARQL SERVICE to these hosts (default when given without hosts: query.wikidata.org); off unless given",
    )
    p.set_defaults(run=_serve)

    p = sub.add_parser(
        "install-ui",
        help="download the UI assets (YASGUI, Vega, Vega-Lite, world-atlas, from the npm registry; pinned and verified) so `kg serve` shows them",
    )
    p.add_argument("--force", action="store_true", help="download and extract again even if the right version is installed")
    p.add_argument("--check", action="store_true", help="download nothing: exit 0 if the UI is installed, 1 if not")
    p.set_defaults(run=_install_ui)
    return parser


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {value}")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def _store_path(args) -> str:
    """The ``--store`` folder or URL, else ``$KG_STORE``, else the default folder."""
    return str(args.store or config.store_path())


def _open(args, must_exist: bool = False, search: bool = False):
    """The store; with ``search``, its full-text index is brought up to date and follows every
    write (kg/search/index.py), which is how ``kg ingest`` and ``kg load`` keep it current."""
    from .stores.remote import is_url, open_store

    location = _store_path(args)
    if must_exist and not is_url(location) and not Path(location).exists():
        raise OSError(f"no store at {location}; run `kg ingest` first or pass --store")
    store = open_store(location)
    if search:
        from .search import open_index

        open_index(store)
    return store


def _index(args) -> int:
    import time

    from .search import SearchIndex
    from .search.index import default_location

    store = _open(args, must_exist=True)
    location = args.index or default_location(store)
    started = time.perf_counter()
    if args.rebuild:
        count = SearchIndex(location).rebuild(store)
        print(f"indexed {count} documents of {len(store.named_graphs())} graph(s) in {time.perf_counter() - started:.2f} s into {location}", file=sys.stderr)
    else:
        index = SearchIndex(location)
        changed = 0 if index.revision == store.revision else index.reconcile(store)
        print(f"search index up to date ({changed} graph(s) re-indexed, {len(index)} documents) in {time.perf_counter() - started:.2f} s: {location}", file=sys.stderr)
    return 0


def _ingest(args) -> int:
    from .pipeline.ingest import ProgressBar, ingest

    if args.dask and args.out is None:
        print("kg: --dask writes shards: give --out DIR, then kg load DIR", file=sys.stderr)
        return 2
    if args.dask and (args.online or args.workers > 1):
        print("kg: --dask runs on the cluster's workers: drop --online and --workers", file=sys.stderr)
        return 2
    base = args.base or config.base_iri()
    linker = None
    if args.online:
        from .link import WikidataClient, default_cache_dir

        endpoints = {k: v for k, v in (("api_url", os.environ.get("KG_WIKIDATA_API")), ("sparql_url", os.environ.get("KG_WIKIDATA_SPARQL"))) if v}
        linker = WikidataClient(cache_dir=default_cache_dir(), **endpoints)
    if linker is not None and args.workers > 1:
        print("kg: --online looks entities up from one process; use it with --workers 1", file=sys.stderr)
        return 2
    if args.out is not None:
        return _ingest_shards(args, base, linker)
    store = _open(args, search=True)
    report = ingest(
        args.paths,
        store,
        base,
        progress=ProgressBar(count_articles(args.paths)),
        linker=linker,
        workers=args.workers,
        max_article_bytes=args.max_article_bytes,
    )
    for error in report.skipped:
        print(f"kg: skipped {error.source}: {error.reason}", file=sys.stderr)
    print(
        f"ingested {len(report.ingested)} article(s), {report.quads} quads, "
        f"skipped {len(report.skipped)}, in {report.seconds:.2f} s into {_store_path(args)}",
        file=sys.stderr,
    )
    return 0 if report.ok else 3


def _ingest_shards(args, base: str, linker) -> int:
    """kg ingest --out DIR [--dask ADDRESS]: shards instead of the store."""
    from .pipeline.ingest import ProgressBar

    progress = ProgressBar(count_articles(args.paths))
    try:
        if args.dask:
            from .pipeline.distributed import write_shards_dask

            report = write_shards_dask(
                args.paths, args.out, base, address=args.dask, shard_size=args.shard_size, progress=progress, max_article_bytes=args.max_article_bytes
            )
        else:
            from .pipeline.shards import write_shards

            report = write_shards(
                args.paths,
                args.out,
                base,
                workers=args.workers,
                shard_size=args.shard_size,
                linker=linker,
                progress=progress,
                max_article_bytes=args.max_article_bytes,
            )
    except (RuntimeError, ValueError) as exc:  # Dask missing, a bad --dask address, a worker on another version
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    for error in report.skipped:
        print(f"kg: skipped {error.source}: {error.reason}", file=sys.stderr)
    print(
        f"wrote {len(report.ingested)} article(s), {report.quads} quads, skipped {len(report.skipped)}, "
        f"in {len(report.shards)} shard(s) and {report.manifest}, in {report.seconds:.2f} s",
        file=sys.stderr,
    )
    return 0 if report.ok else 3


def _load(args) -> int:
    from .pipeline.ingest import ProgressBar
    from .pipeline.load import load_shards
    from .pipeline.shards import ShardError, shard_files

    try:
        total = len(shard_files(args.sources))
        store = _open(args, search=True)
        report = load_shards(store, args.sources, batch=args.batch, mode=args.mode, progress=ProgressBar(total))
    except ShardError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    print(
        f"loaded {report.graphs} graph(s), {report.quads} quads from {len(report.shards)} shard(s) "
        f"in {report.seconds:.2f} s into {_store_path(args)}",
        file=sys.stderr,
    )
    return 0


def _refresh(args) -> int:
    import time

    from .pipeline.shared import refresh_all

    started = time.perf_counter()
    store = _open(args, must_exist=True)
    with store.batch():
        refresh_all(store, args.base or config.base_iri())
        store.flush()
    print(f"refreshed the shared graphs of {_store_path(args)} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


def _query(args) -> int:
    text = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8")
    store = _open(args, must_exist=True)
    try:
        from .search import clause

        if clause.mentions_search(text):  # search clauses are answered by the index (docs/search.md)
            from .search import open_index

            text = clause.expand(text, open_index(store, follow=False))
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        print(f"kg: malformed query: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout.buffer
    if isinstance(result, ox.QuerySolutions):
        if args.format == "table":
            _table(result, out)
        else:
            result.serialize(out, _RESULT_FORMATS.get(args.format, ox.QueryResultsFormat.JSON))
    elif isinstance(result, ox.QueryBoolean):
        if args.format == "table":
            out.write(b"true\n" if bool(result) else b"false\n")
        else:
            result.serialize(out, _RESULT_FORMATS.get(args.format, ox.QueryResultsFormat.JSON))
    else:
        result.serialize(out, _GRAPH_FORMATS.get(args.format, ox.RdfFormat.TURTLE))
    out.flush()
    return 0


def _table(solutions: ox.QuerySolutions, out) -> None:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(row[name]) for name in names] for row in solutions]
    widths = [min(100, max([len(n)] + [len(r[k]) for r in rows])) for k, n in enumerate(names)]
    line = lambda cells: " | ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()
    text = [line(names), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    text.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    out.write(("\n".join(text) + "\n").encode("utf-8"))


def _cell(term) -> str:
    """A compact cell: prefixed names for known vocabularies, literals without their datatype."""
    if term is None:
        return ""
    value = term.value if hasattr(term, "value") else str(term)
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace) and len(value) > len(namespace):
                return f"{prefix}:{value[len(namespace):]}"
    return " ".join(value.split())


def _dump(args) -> int:
    store = _open(args, must_exist=True)
    gzip = bool(args.output and args.output.suffix == ".gz")
    chunks = store.stream_dump(args.format, gzip=gzip)
    if args.output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return 0
    tmp = args.output.with_name(args.output.name + ".part")
    with tmp.open("wb") as f:
        for chunk in chunks:
            f.write(chunk)
    tmp.replace(args.output)  # a reader never sees half a dump
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _eval(args) -> int:
    import json

    from . import evaluate
    from .pipeline.ingest import ingest
    from .stores.local import Store
    from .web import create_app

    golds = evaluate.load_gold(args.gold)
    if not golds:
        print(f"kg: no gold files in {args.gold}", file=sys.stderr)
        return 2
    store = Store()  # in memory: an evaluation set is small, and nothing is left behind
    report = ingest(args.paths, store, config.base_iri(), max_article_bytes=args.max_article_bytes)
    for error in report.skipped:
        print(f"kg: skipped {error.source}: {error.reason}", file=sys.stderr)
    client = create_app(store).test_client()
    rows = {name: _sparql_rows(client, args.queries / f"{name}.rq") for name in ("entities", "statements", "troop-counts")}
    scores = evaluate.score(golds, rows["entities"], rows["statements"], rows["troop-counts"])
    if args.json:
        print(json.dumps(scores.as_dict(), indent=2))
    else:
        print(evaluate.format_report(scores, verbose=args.verbose))
    return 0


def _sparql_rows(client, query_file: Path) -> list[dict]:
    """Rows of a query run over the SPARQL protocol, as {variable: value}."""
    response = client.post("/sparql", data=query_file.read_bytes(), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    if response.status_code != 200:
        raise OSError(f"{query_file.name}: HTTP {response.status_code}: {response.get_data(as_text=True)}")
    bindings = response.get_json()["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def _query_limits(text: str) -> str:
    from .sparqltext.guard import Limits

    try:
        Limits.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _serve(args) -> int:
    from .stores.remote import is_url
    from .web.server import Settings, serve

    path = _store_path(args)
    if not is_url(path) and not Path(path).exists():
        raise OSError(f"no store at {path}; run `kg ingest` first or pass --store")
    token = args.update_token or config.update_token()
    if "*" in args.cors_write:
        print("kg: --cors-write takes the origins allowed to write one by one (https://host[:port]), not '*'", file=sys.stderr)
        return 2
    if token and args.workers > 1:
        print("kg: writes need one worker: drop --workers, or serve read-only (no update token)", file=sys.stderr)
        return 2
    settings = Settings(
        store=path,
        read_only=args.workers > 1,
        base=args.base or config.base_iri(),
        update_token=token,
        timeout=args.timeout,
        cache_bytes=0 if args.no_cache else args.cache_size << 20,
        cors_origins=tuple(args.cors),
        cors_write_origins=tuple(args.cors_write),
        service_hosts=() if args.allow_service is None else tuple(args.allow_service or ["query.wikidata.org"]),
        html_max_rows=args.html_max_rows,
        query_workers=args.query_workers,
        query_memory=args.query_memory << 20,
        query_limits=args.query_limits,
    )
    connections = {name: value for name, value in (("max_connections", args.max_connections),
                                                    ("header_timeout", args.header_timeout)) if value is not None}
    serve(settings, host=args.host, port=args.port, threads=args.threads, workers=args.workers, server=args.server,
          **connections)  # the defaults live in kg.web.server
    return 0


def _install_ui(args) -> int:
    from .web import assets

    if args.check:
        ok = assets.yasgui_installed()
        print(f"{assets.YASGUI_PACKAGE} {assets.YASGUI_VERSION}: {'installed' if ok else 'not installed (run kg install-ui)'} in {assets.VENDOR_DIR}")
        for package in assets.CHART_PACKAGES:
            there = assets.package_installed(package)
            ok = ok and there
            print(f"{package.name} {package.version}: {'installed' if there else 'not installed (run kg install-ui)'}")
        return 0 if ok else 1
    try:
        for line in assets.install_all(force=args.force):
            print(line, file=sys.stderr)
    except assets.AssetError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    return 0
