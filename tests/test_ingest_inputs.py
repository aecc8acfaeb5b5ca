"""Inputs that must not sink a batch: deeply nested, oversized, empty or badly encoded files go
to the report (path, and line for JSONL) and the rest of the batch goes in, with exit status 3,
through every path that reads articles (`kg ingest`, `--workers`, `--out`, `kg eval`). And a
killed ingest leaves a store revision that no ETag was ever made from.
"""

from __future__ import annotations

import gc
import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, SEEDS, run_kg
from kg.pipeline.shards import read_manifest
from kg.stores.local import REVISION_FILE, Store
from kg.web import create_app

GOOD_TEXT = (SEEDS / "000_1ed06db30246a34c.txt").read_text(encoding="utf-8")
DEEP = 100_000
MiB = 1 << 20


def record(n: int, text: str | None = None, **extra) -> dict:
    return {"maintext": text or f"Kyiv was quiet on day {n}, officials said.", "url": f"https://x.example/{n}", **extra}


def jsonl(*lines) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def ingested_sources(mode: str, tmp_path: Path) -> list[str]:
    """What a finished run stored (``--store``) or wrote (``--out``): article sources."""
    if mode == "out":
        return [a["source"] for shard in read_manifest(tmp_path / "out")["shards"] for a in shard["articles"]]
    rows = Store(tmp_path / "store").query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } }")
    return [row[0].value for row in rows]


MODES = {
    "store": lambda tmp_path: ["ingest", "--store", tmp_path / "store"],
    "workers": lambda tmp_path: ["ingest", "--store", tmp_path / "store", "--workers", "2"],
    "out": lambda tmp_path: ["ingest", "--out", tmp_path / "out"],
}


# --- A1: deep nesting, and bad files of any shape -------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_deeply_nested_file_is_reported_and_the_rest_of_the_batch_goes_in(mode, tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (batch / "b-deep.json").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    deep_object = '{"a": ' * DEEP + "1" + "}" * DEEP
    deep_field = '{"maintext": "Kyiv was quiet.", "extra": ' + "[" * DEEP + "]" * DEEP + "}"
    (batch / "c-lines.jsonl").write_text(jsonl(record(1), deep_object, deep_field, record(4)), encoding="utf-8")
    capsys.readouterr()
    status = run_kg(*MODES[mode](tmp_path), batch)
    err = capsys.readouterr().err
    assert status == 3, err
    assert f"skipped {batch / 'b-deep.json'}: invalid JSON: nested too deeply" in err
    assert f"{batch / 'c-lines.jsonl'}:2: invalid JSON: nested too deeply" in err
    assert f"{batch / 'c-lines.jsonl'}:3: invalid JSON: nested too deeply" in err
    assert "Traceback" not in err and "skipped 3" in err
    assert len(ingested_sources(mode, tmp_path)) == 3  # the seed and lines 1 and 4


def test_kg_eval_skips_a_deeply_nested_file_too(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "000_1ed06db30246a34c.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (batch / "deep.json").write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    capsys.readouterr()
    assert run_kg("eval", "--gold", DATA / "seed-gold", batch, "--json") == 0
    captured = capsys.readouterr()
    assert "deep.json: invalid JSON: nested too deeply" in captured.err
    assert json.loads(captured.out)["statements"]["tp"] == 12  # the seed was scored as ever


def test_bad_files_of_any_shape_are_reported_never_a_traceback(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    bad = {
        "latin1.txt": ("Bogot\xe1 is quiet.".encode("latin-1"), "cannot read: not UTF-8 text"),
        "utf16-no-bom.txt": ("Kyiv is quiet, officials said.".encode("utf-16-le"), "cannot read: it holds NUL bytes"),
        "utf16-bom.json": (json.dumps(record(1)).encode("utf-16"), "cannot read: UTF-16 text"),
        "array.json": (b"[1, 2]", "must be a JSON object"),
        "string.json": (b'"Kyiv is quiet."', "must be a JSON object"),
        "number.json": (b"42", "must be a JSON object"),
        "null.json": (b"null", "must be a JSON object"),
        "maintext-number.json": (b'{"maintext": 5}', "no 'maintext' string"),
        "maintext-list.json": (b'{"maintext": ["Kyiv", "is", "quiet"]}', "no 'maintext' string"),
        "huge-integer.json": (b'{"maintext": "Kyiv is quiet.", "n": ' + b"1" * 5000 + b"}", "invalid JSON"),
        "lone-surrogate.json": (b'{"maintext": "Kyiv \\ud800 is quiet.", "url": "https://x.example/s"}', "lone surrogate"),
    }
    for name, (data, _) in bad.items():
        (batch / name).write_bytes(data)
    (batch / "odd-metadata.json").write_text(json.dumps(record(2, authors=5, title=["t"], date_publish=7)), encoding="utf-8")
    lines = jsonl(record(3), "[1, 2]", "").encode("utf-8") + b'{"maintext": "Bogot\xe1"}\n' + jsonl(record(5)).encode("utf-8")
    (batch / "lines.jsonl").write_bytes(lines)
    capsys.readouterr()
    status = run_kg("ingest", "--store", tmp_path / "store", batch)
    err = capsys.readouterr().err
    assert status == 3 and "Traceback" not in err
    reported = dict(line.removeprefix("kg: skipped ").split(": ", 1) for line in err.splitlines() if line.startswith("kg: skipped "))
    for name, (_, reason) in bad.items():
        assert reason in reported[str(batch / name)], name
    assert f"{batch / 'lines.jsonl'}:2: a news-please record must be a JSON object" in err
    assert f"{batch / 'lines.jsonl'}:4: cannot read: not UTF-8 text" in err  # line 3 is blank: not an article
    assert f"ingested 3 article(s)" in err and f"skipped {len(bad) + 2}" in err
    assert len(ingested_sources("store", tmp_path)) == 3  # odd metadata is ignored, lines 1 and 5


# --- A2: empty articles ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_empty_articles_are_reported_and_not_stored(mode, tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (batch / "empty.txt").write_text("", encoding="utf-8")
    (batch / "blank.txt").write_text("  \n\t\r\n\u00a0\n", encoding="utf-8")
    (batch / "title-only.json").write_text(json.dumps({"title": "Kyiv under fire", "maintext": "", "url": "https://x.example/t"}), encoding="utf-8")
    (batch / "spaces.json").write_text(json.dumps(record(1, text=" \n\n ")), encoding="utf-8")
    (batch / "lines.jsonl").write_text(jsonl(record(2), record(3, text="\n")), encoding="utf-8")
    capsys.readouterr()
    status = run_kg(*MODES[mode](tmp_path), batch)
    err = capsys.readouterr().err
    assert status == 3, err
    for name in ("empty.txt", "blank.txt", "spaces.json", "lines.jsonl:2"):
        assert f"skipped {batch / name}: empty article: no text" in err, name
    assert f"skipped {batch / 'title-only.json'}: empty article: it has a title but no text" in err
    assert "skipped 5" in err
    assert len(ingested_sources(mode, tmp_path)) == 2  # the seed and line 1


# --- A3: the per-article size limit -----------------------------------------------------------------


def test_an_article_over_the_default_limit_is_reported_with_its_size_and_the_limit(tmp_path, capsys):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    # 512 Ki characters, but 1 MiB + 2 bytes of UTF-8: the limit counts bytes
    (batch / "big.json").write_text(json.dumps(record(1, text="é" * (MiB // 2 + 1)), ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert run_kg("ingest", "--store", tmp_path / "store", batch) == 3
    err = capsys.readouterr().err
    assert (f"skipped {batch / 'big.json'}: too large: 1,048,578 bytes (1.0 MiB) of text, over the limit of "
            "1,048,576 bytes (1.0 MiB) per article (--max-article-bytes)") in err
    assert "ingested 1 article(s)" in err


PATHS = {**MODES, "dask": lambda tmp_path: ["ingest", "--out", tmp_path / "out", "--dask", "local:1"]}


@pytest.mark.parametrize("mode", [*PATHS, "eval"])
def test_the_limit_is_per_article_and_configurable_on_every_path(mode, tmp_path, capsys):
    if mode == "dask":
        pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[test]' brings it)")
    batch = tmp_path / "batch"
    batch.mkdir()
    small = [record(n, text=f"Kyiv was quiet on day {n}, officials said. " * 10) for n in range(6)]
    large = record(9, text="Kyiv was quiet, officials said. " * 100)  # 3,200 bytes
    (batch / "lines.jsonl").write_text(jsonl(*small[:3], large, *small[3:]), encoding="utf-8")
    assert (batch / "lines.jsonl").stat().st_size > 3000  # the batch is larger than the limit, its articles are not
    (batch / "large.txt").write_text(large["maintext"], encoding="utf-8")
    args = ["eval", "--gold", DATA / "seed-gold"] if mode == "eval" else PATHS[mode](tmp_path)
    capsys.readouterr()
    status = run_kg(*args, "--max-article-bytes", "3000", batch)
    err = capsys.readouterr().err
    assert status == (0 if mode == "eval" else 3), err
    limit = "over the limit of 3,000 bytes (2.9 KiB) per article (--max-article-bytes)"
    assert f"skipped {batch / 'lines.jsonl'}:4: too large: 3,200 bytes (3.1 KiB) of text, {limit}" in err
    assert f"skipped {batch / 'large.txt'}: too large: 3,200 bytes (3.1 KiB) of text, {limit}" in err
    if mode != "eval":
        assert "skipped 2" in err and len(ingested_sources("out" if mode == "dask" else mode, tmp_path)) == 6
        assert run_kg(*PATHS[mode](tmp_path / "again"), "--max-article-bytes", "0", batch) == 0  # 0: no limit


def test_a_huge_file_is_not_read_to_find_out(tmp_path):
    """A 2 GiB article file and a 2 GiB JSONL line, under a 1 GiB address-space limit: reading
    either whole would fail; they are reported from their size and the rest goes in."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    for name, head in (("huge.txt", b""), ("huge.json", b""), ("lines.jsonl", jsonl(record(1)).encode())):
        with open(batch / name, "wb") as f:  # sparse: takes no disk space
            f.write(head)
            f.truncate(2 << 30)
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from kg.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script, "ingest", "--store", str(tmp_path / "store"), str(batch)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    for where in ("huge.txt", "huge.json", "lines.jsonl:2"):
        assert f"{batch / where}: too large: the " in done.stderr and "; not read" in done.stderr, where
    assert "2,147,483,648 bytes (2.0 GiB)" in done.stderr
    assert "ingested 2 article(s)" in done.stderr


# --- A4: the store revision after a crash -----------------------------------------------------------

KILLED_AFTER_ONE_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from kg.cli import main
    from kg.stores.local import Store

    written = Store.replace_graph_text

    def write_then_die(self, *args, **options):
        written(self, *args, **options)
        os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 or the OOM killer would, mid-batch

    Store.replace_graph_text = write_then_die
    sys.exit(main(sys.argv[1:]))
    """
)


def dump_etag(store_path: Path) -> str:
    """The ETag of the N-Quads dump, from an app on the store, closed again (RocksDB has one writer)."""
    response = create_app(Store(store_path)).test_client().get("/dumps/newskg.nq.gz")
    assert response.status_code == 200 and response.data
    response.close()
    gc.collect()
    return response.headers["ETag"]


def test_a_killed_ingest_leaves_a_revision_no_etag_was_made_from(tmp_path):
    store = tmp_path / "store"
    assert run_kg("ingest", "--store", store, SEEDS) == 0
    before = (store / REVISION_FILE).read_text().split()[0]
    etag = dump_etag(store)

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "lines.jsonl").write_text(jsonl(*(record(n) for n in range(20))), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", KILLED_AFTER_ONE_WRITE, "ingest", "--store", str(store), str(batch)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr

    after = Store(store)
    articles = [g for g in after.named_graphs() if "/graph/shared/" not in g.value]
    assert len(articles) == 2  # the seed, and the one article written before the kill
    assert after.revision != before
    del after
    assert dump_etag(store) != etag  # a client holding the old tag gets the new content, not a 304
