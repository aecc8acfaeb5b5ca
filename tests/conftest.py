"""Shared fixtures: a store with the seed article ingested through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUERIES = ROOT / "queries"
DATA = Path(__file__).resolve().parent / "data"


def run_kg(*args: str) -> int:
    return main([str(a) for a in args])


def query_rows(store: Path, query_file: Path, capsys) -> list[dict]:
    """Run a query file through `kg query --format json`; rows as {var: value}."""
    capsys.readouterr()
    assert run_kg("query", "--store", store, query_file, "--format", "json") == 0
    result = json.loads(capsys.readouterr().out)
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "store"
    assert main(["ingest", "--store", str(store), str(SEEDS)]) == 0
    return store


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The seed plus the small English and Indonesian test articles."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    assert main(["ingest", "--store", str(store), str(SEEDS), str(DATA / "samples")]) == 0
    return store


@pytest.fixture
def workdir(tmp_path) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path
