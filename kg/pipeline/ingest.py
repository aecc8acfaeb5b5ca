"""Batch ingest: read -> extract -> quads -> store, one transaction per article.

A broken file or an article the extractor cannot handle is reported and skipped; the rest of
the batch goes in.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .. import graph
from . import shared
from ..articles import DEFAULT_MAX_ARTICLE_BYTES, Article, ArticleError, read_paths
from ..extract import extract
from ..stores.local import Store, triple_lines


@dataclass
class Report:
    ingested: list[str] = field(default_factory=list)  # article sources
    skipped: list[ArticleError] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped


def article_quads(article: Article, base: str, today: date | None = None, linker=None):
    """The pure part: an article in, its graph name and quads out.

    ``linker`` (opt-in, e.g. a :class:`kg.link.WikidataClient`) links what the gazetteer left
    unlinked before the graph is built.
    """
    extraction = extract(article, today=today)
    if linker is not None:
        from ..link import apply_links, link_unlinked

        apply_links(extraction, link_unlinked(extraction, linker))
    return graph.graph_name(extraction, base), graph.quads(extraction, base)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    base: str,
    progress: Callable[[int, str], None] | None = None,
    today: date | None = None,
    linker=None,
    workers: int = 1,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Report:
    """Read, extract and store every article under ``paths``, each in its own transaction, which
    also brings the shared entities and claims graphs up to date (:mod:`kg.pipeline.shared`).

    With ``workers`` > 1, extraction (the pure part) runs in that many processes while this
    one writes to the store in input order; the result is the same as with one worker.
    Articles with no text, or with more than ``max_article_bytes`` of it (0: no limit), are
    reported and skipped (:func:`kg.articles.read_paths`).
    """
    if workers > 1 and linker is not None:
        raise ValueError("online linking runs in one process: use --workers 1 with --online")
    report = Report()
    started = time.perf_counter()
    items = read_paths(list(paths), max_article_bytes)
    outcomes = outcomes_in_processes(items, base, today, workers) if workers > 1 else (article_outcome(i, base, today, linker) for i in items)
    with store.batch():
        for n, outcome in enumerate(outcomes, start=1):
            if isinstance(outcome, ArticleError):
                report.skipped.append(outcome)
            else:
                source, name, ntriples, count = outcome
                report.quads += shared.write_article(store, ox.NamedNode(name), ntriples, count, base)
                report.ingested.append(source)
            if progress:
                progress(n, outcome.source if isinstance(outcome, ArticleError) else outcome[0])
        store.flush()
    report.seconds = time.perf_counter() - started
    return report


Outcome = ArticleError | tuple[str, str, str, int]  # (source, graph IRI, N-Triples, triple count)


def article_outcome(item: Article | ArticleError, base: str, today: date | None, linker=None) -> Outcome:
    """What one article becomes: its graph as lines, or the reason it was skipped."""
    if isinstance(item, ArticleError):
        return item
    try:
        name, quads = article_quads(item, base, today, linker)
    except Exception as exc:  # one bad article must not sink the batch
        return ArticleError(item.source, f"extraction failed: {type(exc).__name__}: {exc}")
    lines = triple_lines(quads)
    return item.source, name.value, "\n".join(lines), len(lines)


def outcomes_in_processes(items: Iterable[Article | ArticleError], base: str, today: date | None, workers: int) -> Iterator[Outcome]:
    """:func:`article_outcome` of each item, computed in ``workers`` processes, yielded in input order.

    At most a few batches per worker are in flight, so memory stays flat on a large corpus.
    Processes are spawned, not forked: this process has the store (and its threads) open.
    """
    window = workers * 4
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for batch in batches(items, 16):
            pending.append(pool.submit(_outcomes_of_batch, batch, base, today))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _outcomes_of_batch(batch: list[Article | ArticleError], base: str, today: date | None) -> list[Outcome]:
    return [article_outcome(item, base, today) for item in batch]


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class ProgressBar:
    """A one-line progress display on stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total = max(total, 1)
        self.stream = stream = stream or sys.stderr
        self.width = width
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        filled = int(self.width * min(done, self.total) / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {label[:40]:<40}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
