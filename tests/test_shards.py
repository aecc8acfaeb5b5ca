"""Shards: kg ingest --out / --dask writes gzip N-Quads shards, kg load loads them (docs/scaling.md).

The bar: a store loaded from shards holds exactly what `kg ingest` stores, loading twice changes
nothing, a re-extracted article replaces its graph, and every path writes the same bytes.
"""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, SEEDS, run_kg
from kg import __version__
from kg.pipeline.ingest import ingest
from kg.pipeline.load import load_shards
from kg.pipeline.shards import MANIFEST, ShardError, read_manifest, write_shards
from kg.stores.local import Store

BASE = "https://w3id.org/newskg/"
TODAY = date(2025, 6, 1)
INPUTS = [DATA / "articles", DATA / "samples", SEEDS]
SHARD_SIZE = 5  # several shards from the test articles


def nquads(store: Store) -> list[bytes]:
    """The store's N-Quads dump, sorted line by line."""
    return sorted(b"".join(store.stream_dump("nquads")).splitlines())


def articles_in(store: Store) -> list:
    """The store's article graphs (not the shared entities and claims graphs)."""
    return [g for g in store.named_graphs() if "/graph/shared/" not in g.value]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ingested() -> list[bytes]:
    """The dump of a store the test articles were ingested into directly."""
    store = Store()
    report = ingest(INPUTS, store, BASE, today=TODAY)
    assert report.ok and len(report.ingested) > SHARD_SIZE * 2
    return nquads(store)


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shards") / "out"
    report = write_shards(INPUTS, out, BASE, today=TODAY, shard_size=SHARD_SIZE)
    assert report.ok and len(report.shards) >= 3
    return out


def test_manifest_lists_shards_articles_and_provenance(shards):
    manifest = read_manifest(shards)
    assert manifest["newskg_version"] == __version__ and manifest["base"] == BASE and manifest["today"] == "2025-06-01"
    names = [e["file"] for e in manifest["shards"]]
    assert names == [f"part-{i:05d}.nq.gz" for i in range(len(names))]
    assert sorted(p.name for p in shards.iterdir()) == sorted(names + [MANIFEST])  # no .part left
    for entry in manifest["shards"]:
        lines = gzip.decompress((shards / entry["file"]).read_bytes()).splitlines()
        assert len(lines) == entry["quads"] == sum(a["quads"] for a in entry["articles"])
        assert all(a["graph"].startswith(BASE + "graph/") for a in entry["articles"])
    assert manifest["articles"] == sum(len(e["articles"]) for e in manifest["shards"])
    assert manifest["skipped"] == []


@pytest.mark.parametrize("mode", ["graph", "bulk"])
def test_round_trip_is_identical_and_reloading_duplicates_nothing(shards, ingested, mode):
    store = Store()
    report = load_shards(store, shards, mode=mode, batch=3)
    assert report.quads == read_manifest(shards)["quads"]
    assert (report.bulk_batches > 0) == (mode == "bulk") and (report.transactions > 0) == (mode == "graph")
    assert nquads(store) == ingested
    load_shards(store, shards, mode=mode, batch=3)
    assert nquads(store) == ingested
    load_shards(store, shards, mode="bulk" if mode == "graph" else "graph")  # the other way over it
    assert nquads(store) == ingested


def test_load_into_a_store_on_disk_and_from_shard_files(shards, ingested, tmp_path):
    store = Store(tmp_path / "store")
    load_shards(store, sorted(shards.glob("part-*.nq.gz")), mode="bulk")  # files: entries from the manifest beside them
    assert nquads(store) == ingested
    loose = tmp_path / "loose"  # shards without a manifest (made elsewhere): parsed and regrouped
    loose.mkdir()
    for path in shards.glob("part-*.nq.gz"):
        shutil.copy(path, loose / path.name)
    other = Store()
    load_shards(other, sorted(loose.iterdir()))
    assert nquads(other) == ingested


@pytest.mark.parametrize("mode", ["graph", "bulk"])
def test_load_bumps_the_revision(shards, mode):
    store = Store()
    before = store.revision
    load_shards(store, shards, mode=mode)
    assert store.revision != before
    again = store.revision
    load_shards(store, shards, mode=mode)
    assert store.revision != again


@pytest.mark.parametrize("mode", ["graph", "bulk"])
def test_a_changed_article_replaces_its_graph(tmp_path, mode):
    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    seed = next(articles.glob("*.txt"))
    out = tmp_path / "out"
    write_shards([articles], out, BASE, today=TODAY)
    store = Store()
    load_shards(store, out, mode=mode)
    before = nquads(store)
    # keep the first three lines only: the same article (same graph), fewer statements
    seed.write_text("\n".join(seed.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    write_shards([articles], out, BASE, today=TODAY)
    load_shards(store, out, mode=mode)
    expected = Store()
    ingest([articles], expected, BASE, today=TODAY)
    assert nquads(store) == nquads(expected) != before
    assert len(articles_in(store)) == 1


def test_a_broken_article_is_reported_and_skipped(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(DATA / "articles" / "en-01-nis-kursk-losses.json", articles / "a-good.json")
    (articles / "b-broken.json").write_text("{not json", encoding="utf-8")
    (articles / "c-norecord.jsonl").write_text('{"maintext": "Kyiv said nothing."}\n[1, 2]\n', encoding="utf-8")
    report = write_shards([articles], tmp_path / "out", BASE, today=TODAY, shard_size=2)
    assert not report.ok
    assert report.ingested == ["a-good.json", "c-norecord.jsonl#1"]
    assert [e.source for e in report.skipped] == [str(articles / "b-broken.json"), f"{articles / 'c-norecord.jsonl'}:2"]
    manifest = read_manifest(tmp_path / "out")
    assert [s["source"] for s in manifest["skipped"]] == [e.source for e in report.skipped]
    assert manifest["skipped"][0]["reason"].startswith("invalid JSON")
    assert [a["source"] for e in manifest["shards"] for a in e["articles"]] == report.ingested
    store = Store()
    load_shards(store, tmp_path / "out")
    assert len(articles_in(store)) == 2


def test_writing_is_deterministic_and_the_same_with_workers(shards, tmp_path):
    again = tmp_path / "again"
    write_shards(INPUTS, again, BASE, today=TODAY, shard_size=SHARD_SIZE)
    assert files(again) == files(shards)
    parallel = tmp_path / "parallel"
    write_shards(INPUTS, parallel, BASE, today=TODAY, shard_size=SHARD_SIZE, workers=2)
    assert files(parallel) == files(shards)


def test_dask_writes_the_same_shards(shards, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[test]' brings it)")
    from kg.pipeline.distributed import write_shards_dask

    out = tmp_path / "dask"
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            report = write_shards_dask(INPUTS, out, BASE, today=TODAY, shard_size=SHARD_SIZE, client=client)
    assert report.ok
    assert files(out) == files(shards)
    assert report.shards == [e["file"] for e in read_manifest(shards)["shards"]]


def test_resharding_removes_stale_shards_and_refuses_foreign_folders(tmp_path):
    out = tmp_path / "out"
    write_shards(INPUTS, out, BASE, today=TODAY, shard_size=2)
    many = len(list(out.glob("part-*")))
    report = write_shards(INPUTS, out, BASE, today=TODAY, shard_size=100)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "part-00000.nq.gz"] == sorted(report.shards + [MANIFEST])
    assert many > 1
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(OSError, match="not shards"):
        write_shards(INPUTS, tmp_path / "mine", BASE, today=TODAY)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_load_refuses_unfinished_or_altered_shards(shards, tmp_path):
    unfinished = tmp_path / "unfinished"
    shutil.copytree(shards, unfinished)
    (unfinished / MANIFEST).unlink()
    with pytest.raises(ShardError, match="no manifest.json"):
        load_shards(Store(), unfinished)
    altered = tmp_path / "altered"
    shutil.copytree(shards, altered)
    part = altered / "part-00001.nq.gz"
    part.write_bytes(gzip.compress(gzip.decompress(part.read_bytes())[:-200], mtime=0))
    store = Store()
    with pytest.raises(ShardError, match="does not match its manifest"):
        load_shards(store, altered)
    manifest = json.loads((altered / MANIFEST).read_text())
    assert len(articles_in(store)) == len(manifest["shards"][0]["articles"])  # the shard before it went in


# --- through the command line, once the lead has wired it (kg ingest --out/--dask, kg load) -------


def _wired() -> bool:
    from kg.cli import _parser

    try:
        _parser().parse_args(["load", "x"])
        return True
    except SystemExit:
        return False


@pytest.mark.skipif(not _wired(), reason="kg load / kg ingest --out are not wired into kg/cli.py yet")
def test_cli_out_and_load(tmp_path, capsys):
    out = tmp_path / "shards"
    assert run_kg("ingest", "--out", out, "--shard-size", SHARD_SIZE, *INPUTS) == 0
    assert not (tmp_path / "data").exists()
    direct = tmp_path / "direct"
    assert run_kg("ingest", "--store", direct, *INPUTS) == 0
    loaded = tmp_path / "loaded"
    for _ in range(2):
        assert run_kg("load", "--store", loaded, out) == 0
    assert nquads(Store(loaded)) == nquads(Store(direct))
    assert run_kg("ingest", "--dask", "local:1", "--out", tmp_path / "dask", "--shard-size", SHARD_SIZE, *INPUTS) == 0
    assert files(tmp_path / "dask") == files(out)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert run_kg("ingest", "--out", tmp_path / "b", broken) == 3
    assert "skipped" in capsys.readouterr().err
