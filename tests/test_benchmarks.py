"""Smoke test of benchmarks/: the generator, the load driver, the comparison's answer check.

Tiny sizes, no timing assertions, no network; oxigraph serve and rdflib-endpoint are not needed
(they come with the ``bench`` extra, for benchmarks/compare.py only).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import LiveServer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import compare, generate, load
from benchmarks import wrk as wrk_driver
from kg.articles import Article, read_file
from kg.extract import extract
from kg.stores.local import Store
from kg.web import create_app

N = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> generate.Paths:
    return generate.generate(N, tmp_path_factory.mktemp("corpus"), nquads=True, processes=2, log=lambda _m: None)


def test_generator_is_deterministic_and_caches(corpus, tmp_path):
    again = generate.generate(N, tmp_path, nquads=True, processes=1, log=lambda _m: None)
    for name in ("jsonl", "nquads", "params"):
        assert getattr(again, name).read_bytes() == getattr(corpus, name).read_bytes(), name
    messages = []
    generate.generate(N, tmp_path, nquads=True, log=messages.append)
    assert messages == [f"cached: {again.jsonl}", f"cached: {again.nquads}"]
    # a smaller corpus is the start of a larger one
    five = generate.generate(5, tmp_path, log=lambda _m: None)
    assert corpus.jsonl.read_text(encoding="utf-8").splitlines()[:5] == five.jsonl.read_text(encoding="utf-8").splitlines()


def test_articles_are_news_please_records_the_extractor_understands(corpus):
    articles = list(read_file(corpus.jsonl))
    assert len(articles) == N and all(isinstance(a, Article) for a in articles)
    assert {a.language for a in articles} == {"en", "id"}
    assert all(a.title and a.url and a.published and a.domain for a in articles)
    extractions = [extract(a) for a in articles]
    assert all(x.statements for x in extractions), "every article has a lead statement"
    statements = [s for x in extractions for s in x.statements]
    assert sum(1 for s in statements if s.date) >= N  # "on Monday (28/10)" / "pada Senin (28/10)"
    assert sum(1 for s in statements if s.quantities) >= N // 2
    assert sum(1 for s in statements if s.quote) >= 1
    assert sum(1 for x in extractions for e in x.entities.values() if e.wikidata) >= N


def test_nquads_are_what_kg_ingest_stores(corpus, tmp_path):
    from kg.pipeline.ingest import ingest

    store = Store(tmp_path / "store")
    report = ingest([corpus.jsonl], store, generate.BASE)
    assert report.ok and len(report.ingested) == N
    loaded = ox.Store()  # compared once stored: Oxigraph stores xsd:nonNegativeInteger as xsd:integer
    with gzip.open(corpus.nquads, "rb") as f:
        loaded.bulk_load(f, ox.RdfFormat.N_QUADS)
    generated = set(loaded)
    assert set(store.quads()) == generated  # the article graphs, then the shared entities and claims graphs
    assert len(store.named_graphs()) == N + 2
    meta = generate.json.loads(corpus.meta("quads").read_text())
    assert compare.quads_of_first(corpus.nquads, N) == meta["quads"] == report.quads < meta["store_quads"] == len(generated)
    assert 0 < compare.quads_of_first(corpus.nquads, 3) < len(generated)


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory):
    """A kg serve equivalent in-process: the app under waitress on a free port, in a thread."""
    path = tmp_path_factory.mktemp("served") / "store"
    raw = ox.Store(str(path))
    with gzip.open(corpus.nquads, "rb") as f:
        raw.bulk_load(f, ox.RdfFormat.N_QUADS)
    del raw
    with LiveServer(create_app(Store(path))) as live:
        yield live.url


def test_load_driver_runs_every_kind_and_counts_rows(corpus, server):
    params = load.load_params(corpus.params)
    cells = load.run_mix(f"{server}/sparql", params, list(load.KINDS), [1, 2], max_requests=2, max_seconds=60, log=lambda _m: None)
    assert len(cells) == len(load.KINDS) * 2
    for cell in cells:
        assert [o.error for o in cell.outcomes] == [None, None], cell.kind
        assert all(o.rows is not None and o.bytes > 0 for o in cell.outcomes)
        assert cell.throughput and cell.latency(0.5) and cell.latency(0.95)
        assert cell.cache_states() == {"miss": 2}, "uncached requests never repeat a query text"
    for o in (o for c in cells if c.kind == "rows100k" for o in c.outcomes):
        assert o.rows == params["quads"] - int(o.key.split(":")[1])  # every quad, after OFFSET <serial>
    rows = {c.kind: c.rows for c in cells if c.clients == 1}
    assert rows["lookup"] > 0 and rows["describe"] > 0 and rows["cross_graph"] > 0
    table = load.cell_table(cells)
    assert "(a) lookup" in table and "(g) rows100k" in table

    repeated = load.run_mix(f"{server}/sparql", params, ["lookup", "contains"], [2], max_requests=6, max_seconds=60, repeated=True, log=lambda _m: None)
    assert all(c.cache_states() == {"hit": 6} for c in repeated), "repeated queries come from the result cache after the priming round"

    dump = load.download(f"{server}/dumps/newskg.nq.gz")
    assert dump.status == 200 and dump.error is None and dump.bytes > 0


def test_load_command_line(corpus, server, capsys):
    status = load.main(["--url", f"{server}/sparql", "--params", str(corpus.params), "--kinds", "lookup,by_speaker", "--clients", "1", "--max-requests", "1", "--dump-url", f"{server}/dumps/newskg.nq.gz"])
    out = capsys.readouterr().out
    assert status == 0
    assert "| (a) lookup | 1 | 1 | 0 |" in out and "| (b) by_speaker | 1 | 1 | 0 |" in out and "dump " in out


@pytest.mark.parametrize("url", ["http://example.org/sparql", "http://10.0.0.1:8000/sparql", "http://192.168.1.5/sparql", "https://127.0.0.1/sparql"])
def test_load_driver_refuses_other_hosts(url):
    with pytest.raises(ValueError):
        load.Target(url)
    with pytest.raises(SystemExit):
        load.main(["--url", url, "--params", "unused.json"])


def test_uncached_queries_differ_and_repeated_ones_repeat(corpus):
    params = load.load_params(corpus.params)
    for kind in load.KINDS:
        texts = [r.query for r in load.requests_for(kind, params, 0, 50)]
        assert len(set(texts)) == 50, kind
        assert len({r.query for r in load.requests_for(kind, params, 0, 50, repeated=True)}) <= load.REPEATED_SET


def test_wrk_templates_make_the_load_drivers_requests(corpus):
    params = load.load_params(corpus.params)
    target = load.Target("http://127.0.0.1:1/sparql")
    for kind in load.KINDS:
        templates = wrk_driver.templates(target, kind, params, repeated=False)
        base = 0 if kind in ("describe", "rows100k") else load.LIMIT_BASE
        for serial in (0, 1, 7, 123456):
            prefix, suffix, accept = templates[serial % len(templates)]
            request = load.make_request(kind, params, serial)
            assert prefix + str(base + serial) + suffix == target.query_path(request.query), kind
            assert accept == request.accept
        repeated = wrk_driver.templates(target, kind, params, repeated=True)
        assert [p for p, _s, _a in repeated] == [target.query_path(r.query) for r in load.requests_for(kind, params, 0, load.REPEATED_SET, repeated=True)]


def test_wrk_cells_against_a_live_server(corpus, server):
    try:
        path = wrk_driver.ensure_wrk(install=False)
    except wrk_driver.WrkMissing as exc:
        pytest.skip(str(exc))
    params = load.load_params(corpus.params)
    for kind in ("lookup", "describe"):  # the first query starts a worker process: not in the timed second
        load.run_cell(load.Target(f"{server}/sparql"), [load.make_request(kind, params, 4_999_999)], 1, 60, kind)
    cell = wrk_driver.run(f"{server}/sparql", "lookup", params, connections=2, seconds=1, start=5_000_000, wrk=path)
    assert cell.ok and cell.requests > 0 and cell.rate > 0 and cell.p50_ms is not None, cell
    repeated = wrk_driver.run(f"{server}/sparql", "describe", params, connections=2, seconds=1, repeated=True, wrk=path)
    assert repeated.ok, repeated
    with pytest.raises(ValueError):
        wrk_driver.run("http://10.0.0.1:8000/sparql", "lookup", params, wrk=path)


def _cell(kind, rows):
    cell = load.Cell(kind, 1)
    cell.outcomes = [load.Outcome(f"{kind}:{n}", kind, 0.01, 200, 10, r, None) for n, r in enumerate(rows)]
    return cell


def test_answer_check_blames_the_odd_server_out():
    results = compare.Results()
    results.cells[("ours", "uncached", "lookup", 1)] = _cell("lookup", [2, 3])
    results.cells[("oxigraph", "uncached", "lookup", 1)] = _cell("lookup", [2, 3])
    results.cells[("rdflib", "uncached", "lookup", 1)] = _cell("lookup", [2, 4])
    results.cells[("ours", "uncached", "contains", 1)] = _cell("contains", [5])
    results.cells[("oxigraph", "uncached", "contains", 1)] = _cell("contains", [6])
    wrong, flagged = compare.check_answers(results)
    assert [key for _kind, key, _rows in wrong] == ["contains:0", "lookup:1"]
    assert flagged == {("rdflib", "lookup"), ("ours", "contains"), ("oxigraph", "contains")}


# --- benchmarks/scaleout.py, without Virtuoso and Dask ------------------------------------------


def test_scaleout_keeps_sorted_queries_under_virtuosos_limit(corpus):
    from benchmarks import scaleout

    params = load.load_params(corpus.params)
    assert set(scaleout.SORTED_KINDS) == {"by_speaker", "per_place"}
    for kind in load.SMALL:
        ours, theirs = load.requests_for(kind, params, 7, 3), scaleout.requests_for(kind, params, 7, 3)
        assert [r.key for r in ours] == [r.key for r in theirs]
        if kind in scaleout.SORTED_KINDS:
            assert [r.query.rsplit("LIMIT ", 1)[1] for r in theirs] == [str(scaleout.SORTED_BASE + n) for n in (7, 8, 9)]
            assert [r.query.rsplit("LIMIT", 1)[0] for r in theirs] == [r.query.rsplit("LIMIT", 1)[0] for r in ours]
        else:
            assert theirs == ours


def test_scaleout_embedded_parts(corpus, tmp_path, capsys):
    """Ingest (1 and 2 workers, into a store and into shards), kg load (bulk, graph), pyoxigraph's bulk load: one report."""
    from benchmarks import scaleout

    status = scaleout.main(["--articles", str(N), "--data", str(corpus.out), "--skip-virtuoso", "--dask", "none", "--results", str(tmp_path)])
    assert status == 0
    [written] = tmp_path.glob("*-scaleout.md")
    text = written.read_text(encoding="utf-8")
    assert text.strip() in capsys.readouterr().out  # the same report on stdout
    quads = generate.json.loads(corpus.meta("quads").read_text())["quads"]
    rows = [line for line in text.splitlines() if line.startswith(("| `kg ", "| pyoxigraph"))]
    assert len(rows) == 4 + 3, rows  # 4 ingest runs, 2 kg load modes, pyoxigraph
    # kg ingest and kg load count the article graphs' quads; pyoxigraph the whole file, which also
    # holds the shared entities and claims graphs
    store_quads = generate.json.loads(corpus.meta("quads").read_text())["store_quads"]
    assert all(f"| {store_quads if line.startswith('| pyoxigraph') else quads:,} |" in line for line in rows), rows
    assert f"every ingest run gave {quads:,} quads" in text
    assert "byte for byte the same" in text
    assert "Virtuoso: skipped" in text
    assert not list(corpus.out.glob("scaleout-*")), "the scratch folder is removed"


def test_search_benchmark_runs_and_checks_its_hits(corpus, capsys):
    """benchmarks/search.py end to end on the tiny corpus: same hits for the index and the regex
    forms, equal to the folded whole-word truth (the script raises otherwise)."""
    from benchmarks import search

    assert search.main(["--articles", str(N), "--out", str(corpus.out), "--words", "1", "--runs", "1",
                        "--regex-runs", "1", "--no-report"]) == 0
    out = capsys.readouterr().out
    assert "| word | hits" in out and "| `" in out  # a word was found, and measured
