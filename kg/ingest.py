"""Batch ingest: read -> extract -> quads -> store, one transaction per article.

A broken file or an article the extractor cannot handle is reported and skipped; the rest of
the batch goes in.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import graph
from .articles import Article, ArticleError, read_paths
from .extract import extract
from .store import Store


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
        from .link import apply_links, link_unlinked

        apply_links(extraction, link_unlinked(extraction, linker))
    return graph.graph_name(extraction, base), graph.quads(extraction, base)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    base: str,
    progress: Callable[[int, str], None] | None = None,
    today: date | None = None,
    linker=None,
) -> Report:
    report = Report()
    started = time.perf_counter()
    for n, item in enumerate(read_paths(list(paths)), start=1):
        if isinstance(item, ArticleError):
            report.skipped.append(item)
        else:
            try:
                name, quads = article_quads(item, base, today, linker)
                report.quads += store.replace_graph(name, quads)
                report.ingested.append(item.source)
            except Exception as exc:  # one bad article must not sink the batch
                report.skipped.append(ArticleError(item.source, f"extraction failed: {type(exc).__name__}: {exc}"))
        if progress:
            progress(n, item.source)
    store.flush()
    report.seconds = time.perf_counter() - started
    return report


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
