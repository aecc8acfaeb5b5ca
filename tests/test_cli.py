"""The `kg` command as a user runs it: ingest, query, dump."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from conftest import QUERIES, SEEDS, query_rows, run_kg

COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Article graphs: the shared entities and claims graphs are there too, whatever was ingested.
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } }"


def count(store, query, tmp_path, capsys) -> int:
    q = tmp_path / "count.rq"
    q.write_text(query)
    return int(query_rows(store, q, capsys)[0]["n"])


def test_console_script_is_installed():
    out = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("kg ")


def test_reingesting_replaces_the_graph_without_duplicates(tmp_path, capsys):
    store = tmp_path / "store"
    assert run_kg("ingest", "--store", store, SEEDS) == 0
    first = count(store, COUNT_QUADS, tmp_path, capsys)
    assert run_kg("ingest", "--store", store, SEEDS) == 0
    assert count(store, COUNT_QUADS, tmp_path, capsys) == first
    assert count(store, COUNT_GRAPHS, tmp_path, capsys) == 1
    assert len(query_rows(store, QUERIES / "statements.rq", capsys)) == 12


def test_iris_are_deterministic_across_stores(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    run_kg("ingest", "--store", a, SEEDS)
    run_kg("ingest", "--store", b, SEEDS)
    rows_a = query_rows(a, QUERIES / "statements.rq", capsys)
    rows_b = query_rows(b, QUERIES / "statements.rq", capsys)
    assert [r["statement"] for r in rows_a] == [r["statement"] for r in rows_b]
    assert [r["speaker"] for r in rows_a] == [r["speaker"] for r in rows_b]


def test_base_iri_is_configurable(tmp_path, capsys, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv("KG_BASE", "http://kg.example.org/news")
    assert run_kg("ingest", "--store", store, SEEDS) == 0
    found = query_rows(store, QUERIES / "statements.rq", capsys)
    assert all(r["statement"].startswith("http://kg.example.org/news/id/article/") for r in found)


def test_a_broken_file_is_reported_and_skipped_and_the_rest_goes_in(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text((SEEDS / "000_1ed06db30246a34c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (batch / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    (batch / "latin1.txt").write_bytes("Bogot\xe1".encode("latin-1"))
    (batch / "lines.jsonl").write_text('{"maintext": "Kyiv is quiet.", "url": "https://x.example/1"}\nnot json\n[1, 2]\n', encoding="utf-8")
    store = tmp_path / "store"
    capsys.readouterr()
    status = run_kg("ingest", "--store", store, batch)
    err = capsys.readouterr().err
    assert status == 3  # something was skipped
    assert "broken.json" in err and "invalid JSON" in err
    assert "latin1.txt" in err and "cannot read" in err
    assert "lines.jsonl:2" in err and "lines.jsonl:3" in err
    assert "ingested 2 article(s)" in err and "skipped 4" in err
    assert count(store, COUNT_GRAPHS, tmp_path, capsys) == 2


def test_empty_and_missing_inputs(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    store = tmp_path / "store"
    capsys.readouterr()
    assert run_kg("ingest", "--store", store, empty) == 3
    assert "empty article" in capsys.readouterr().err
    assert count(store, COUNT_GRAPHS, tmp_path, capsys) == 0  # an empty article is not stored
    assert run_kg("ingest", "--store", store, tmp_path / "nope.txt") == 3
    assert "no such file" in capsys.readouterr().err


def test_query_formats(seed_store, capsys):
    capsys.readouterr()
    assert run_kg("query", "--store", seed_store, QUERIES / "statements.rq") == 0
    table = capsys.readouterr().out
    assert "Kyrylo Budanov" in table and "(12 rows)" in table
    assert run_kg("query", "--store", seed_store, QUERIES / "statements.rq", "--format", "csv") == 0
    csv_out = capsys.readouterr().out
    assert csv_out.splitlines()[0].startswith("url,source,statement,speaker")
    assert len(csv_out.strip().splitlines()) == 13


def test_malformed_query_is_a_clear_error(seed_store, tmp_path, capsys):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ")
    capsys.readouterr()
    assert run_kg("query", "--store", seed_store, bad) == 2
    assert "malformed query" in capsys.readouterr().err


def test_dump_formats_round_trip(seed_store, tmp_path, capsys):
    nq = tmp_path / "all.nq.gz"
    assert run_kg("dump", "--store", seed_store, "--format", "nquads", "-o", nq) == 0
    quads = list(ox.parse(gzip.decompress(nq.read_bytes()), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == count(seed_store, COUNT_QUADS, tmp_path, capsys)
    assert {str(q.graph_name.value).split("/graph/")[-1] for q in quads} == {"000_1ed06db30246a34c", "shared/entities", "shared/claims"}

    trig = tmp_path / "all.trig"
    assert run_kg("dump", "--store", seed_store, "--format", "trig", "-o", trig) == 0
    assert len(list(ox.parse(trig.read_bytes(), format=ox.RdfFormat.TRIG))) == len(quads)

    capsys.readouterr()
    assert run_kg("dump", "--store", seed_store, "--format", "turtle") == 0
    triples = list(ox.parse(capsys.readouterr().out.encode(), format=ox.RdfFormat.TURTLE))
    # the union has every triple once: the article's, and the shared graphs' (where an entity's
    # type is in the article's graph too)
    assert len(triples) == len({(q.subject, q.predicate, q.object) for q in quads})


def test_jsonl_records_get_url_ids_and_metadata(corpus_store, capsys, tmp_path):
    q = tmp_path / "articles.rq"
    q.write_text(
        "PREFIX nkg: <https://w3id.org/newskg/ontology#> PREFIX schema: <http://schema.org/> "
        "SELECT ?source ?url ?published ?lang WHERE { GRAPH ?g { ?a a nkg:Article ; nkg:sourceFile ?source ; "
        "schema:inLanguage ?lang . OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a schema:datePublished ?published } } } ORDER BY ?source"
    )
    found = {r["source"]: r for r in query_rows(corpus_store, q, capsys)}
    assert set(found) == {"000_1ed06db30246a34c.txt", "batch.jsonl#1", "batch.jsonl#2", "pentagon-en.json"}
    assert found["pentagon-en.json"]["url"] == "https://news.example.org/world/2024/11/06/pentagon-north-korean-troops"
    assert found["pentagon-en.json"]["published"] == "2024-11-06T14:30:00"
    assert found["pentagon-en.json"]["lang"] == "en"
    assert found["batch.jsonl#1"]["lang"] == "id"
    assert "url" not in found["000_1ed06db30246a34c.txt"]


def test_english_article_statements(corpus_store, capsys):
    found = [r for r in query_rows(corpus_store, QUERIES / "statements.rq", capsys) if r.get("url", "").endswith("pentagon-north-korean-troops")]
    speakers = [r["speakerLabel"] for r in found]
    # "The Pentagon" is the gazetteer's alias of the US Department of Defense.
    assert speakers == ["United States Department of Defense", "Sabrina Singh", "Lloyd Austin", "Ukraine's military intelligence"]
    assert found[0]["date"] == "2024-11-05"  # "on Tuesday", published Wednesday 6 November
    assert found[1]["quote"] == "true"
    counts = {
        (r["speakerLabel"], int(r["value"]), r["bound"])
        for r in query_rows(corpus_store, QUERIES / "troop-counts.rq", capsys)
        if r.get("url", "").endswith("pentagon-north-korean-troops")
    }
    assert counts == {("United States Department of Defense", 10000, "approximate"), ("Lloyd Austin", 8000, "lower"), ("Ukraine's military intelligence", 200, "lower")}


def test_refusals_and_unnamed_sources_are_not_statements(corpus_store, capsys):
    texts = [r["text"] for r in query_rows(corpus_store, QUERIES / "statements.rq", capsys)]
    assert not any("declined to comment" in t for t in texts)
    # "menurut pengamat setempat": according to unnamed observers, no speaker to attribute to.
    assert not any("pengamat" in t for t in texts)


def test_json_output_is_valid_sparql_results(seed_store, capsys):
    capsys.readouterr()
    assert run_kg("query", "--store", seed_store, QUERIES / "entities.rq", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["head"]["vars"] == ["url", "source", "entity", "type", "label", "wikidata"]


def test_ingest_with_worker_processes_gives_the_same_store(tmp_path, capsys):
    from conftest import DATA

    inputs = [SEEDS, DATA / "samples", DATA / "articles"]
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_kg("ingest", "--store", one, *inputs) == 0
    assert run_kg("ingest", "--store", two, "--workers", "2", *inputs) == 0
    dumps = []
    for store in (one, two):
        assert run_kg("dump", "--store", store, "-o", tmp_path / f"{store.name}.nq") == 0
        dumps.append(sorted((tmp_path / f"{store.name}.nq").read_text(encoding="utf-8").splitlines()))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 1000


def test_workers_report_broken_files_too(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good.txt").write_text((SEEDS / "000_1ed06db30246a34c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (batch / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    capsys.readouterr()
    assert run_kg("ingest", "--store", tmp_path / "store", "--workers", "2", batch) == 3
    err = capsys.readouterr().err
    assert "broken.json" in err and "ingested 1 article(s)" in err and "skipped 1" in err
    with pytest.raises(SystemExit) as refused:
        run_kg("ingest", "--store", tmp_path / "store", "--workers", "0", batch)
    assert refused.value.code == 2 and "at least 1" in capsys.readouterr().err


def test_refresh_rebuilds_the_shared_graphs_from_the_article_graphs(tmp_path, capsys):
    """After a load that bypassed kg ingest and kg load (a store's own bulk loader), kg refresh
    recomputes the entities and claims graphs: the store is then as kg ingest leaves it."""
    import pyoxigraph as ox

    from kg.stores.local import Store

    ingested = tmp_path / "ingested"
    assert run_kg("ingest", "--store", ingested, SEEDS) == 0
    dump = tmp_path / "seed.nq"
    assert run_kg("dump", "--store", ingested, "--format", "nquads", "-o", dump) == 0
    raw = tmp_path / "raw"
    store = ox.Store(str(raw))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    for graph in [g for g in store.named_graphs() if "/graph/shared/" in g.value]:
        store.remove_graph(graph)
    store.flush()
    del store
    assert run_kg("refresh", "--store", raw) == 0
    lines = lambda path: sorted(b"".join(Store(path).stream_dump("nquads")).splitlines())
    assert lines(raw) == lines(ingested)
