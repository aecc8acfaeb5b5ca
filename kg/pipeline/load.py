"""Loading shards (kg/pipeline/shards.py) into a store: ``kg load DIR``.

Loading replaces: every article graph in a shard replaces the store's graph of that name, so
loading the same shards twice leaves the store as loading them once, and a re-extracted article
replaces its old graph instead of merging with it. Two ways, chosen per batch of graphs:

* ``graph``: one transaction per article graph (:meth:`Store.replace_graph_text`); readers see an
  article's old graph or its new one, never half of one, and a failure leaves every graph either
  old or new. For small shards and for stores being read while they load.
* ``bulk``: per batch of ``batch`` graphs, :meth:`Store.bulk_replace`: the batch's graphs that
  exist are dropped in one transaction, then Oxigraph's bulk loader writes the batch, which is
  not transactional. While a batch loads, its graphs may be missing or partial to a reader; if
  the load fails, some graphs of the failed batch stay missing or partial until ``kg load`` is
  run again (it is idempotent). Graphs of other batches are never affected.

``auto`` (the default) takes ``bulk`` for batches of at least ``BULK_MIN_QUADS`` quads, where
the bulk loader pays off, and ``graph`` for smaller ones.

Either way the shared entities and claims graphs (:mod:`kg.pipeline.shared`) are brought up to date for
what the loaded graphs name, before and after: in the same transaction as each graph in ``graph``
mode, by one update after each batch in ``bulk`` mode. Shards hold article graphs only, so it
does not matter where or in which order they were made.

Only :meth:`replace_graph_text`, :meth:`bulk_replace`, :meth:`update`, :meth:`query`,
:meth:`batch` and :meth:`flush` of the store are used, so a remote store that has those loads
the same way. A load is one batch: the
store's revision is renewed on disk before its first write and once more at its end (a revision
file rewritten per graph would cost as much as a small graph's write).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import shared
from .shards import graph_chunks, shard_files

MODES = ("auto", "bulk", "graph")
DEFAULT_BATCH = 500  # graphs per bulk batch: ~65 k quads of the benchmark corpus, ~250 k of real articles
BULK_MIN_QUADS = 50_000


@dataclass
class LoadReport:
    shards: list[str] = field(default_factory=list)
    graphs: int = 0
    quads: int = 0
    bulk_batches: int = 0  # batches that went through the bulk loader
    transactions: int = 0  # graphs replaced one transaction each
    seconds: float = 0.0


def load_shards(
    store,
    sources: str | Path | Iterable[str | Path],
    batch: int = DEFAULT_BATCH,
    mode: str = "auto",
    progress: Callable[[int, str], None] | None = None,
) -> LoadReport:
    """Load shard folders (every shard their manifest lists) or shard files into ``store``.

    Every shard's checksum is verified against its manifest before anything of it is written.
    Raises :class:`kg.pipeline.shards.ShardError` for a folder without a finished manifest or a shard that
    does not match it; shards before the failing one stay loaded.
    ``progress(n, shard file name)`` is called after each shard.
    """
    if mode not in MODES:
        raise ValueError(f"unknown load mode {mode!r}; choose one of {', '.join(MODES)}")
    if batch < 1:
        raise ValueError(f"batch must be at least 1 graph, not {batch}")
    report = LoadReport()
    started = time.perf_counter()
    with store.batch():
        for n, (path, entry) in enumerate(shard_files(sources), start=1):
            _load_shard(store, graph_chunks(path, entry), batch, mode, report)
            report.shards.append(str(path))
            if progress:
                progress(n, path.name)
        store.flush()
    report.seconds = time.perf_counter() - started
    return report


def _load_shard(store, chunks: list[tuple[str, bytes, int]], batch: int, mode: str, report: LoadReport) -> None:
    for at in range(0, len(chunks), batch):
        part = chunks[at : at + batch]
        quads = sum(count for _, _, count in part)
        if mode == "bulk" or (mode == "auto" and quads >= BULK_MIN_QUADS):
            graphs = [ox.NamedNode(graph) for graph, _, _ in part]
            entities, claims = shared.named_in_store(store, *graphs)
            store.bulk_replace(graphs, b"".join(data for _, data, _ in part))
            named: set[str] = set()
            for graph, data, _ in part:
                found = shared.named_in(data)
                named |= found[0]
                claims |= found[1]
            for then in shared.refreshes(shared.base_of(part[0][0]), entities | named, claims, named=named):
                store.update(then)
            report.bulk_batches += 1
        else:
            for graph, data, count in part:
                shared.write_article(store, ox.NamedNode(graph), _ntriples(graph, data), count, shared.base_of(graph))
            report.transactions += len(part)
        report.graphs += len(part)
        report.quads += quads


def _ntriples(graph: str, nquads: bytes) -> str:
    """The N-Quads lines of one graph (each ending ``<graph> .``) as N-Triples lines."""
    cut = len(f"<{graph}> .")
    return "\n".join(line[:-cut] + "." for line in nquads.decode("utf-8").splitlines())
