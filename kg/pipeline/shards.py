"""Shards: extraction written as gzip N-Quads files, for bulk loading (docs/scaling.md).

A shard folder holds

* ``part-00000.nq.gz``, ``part-00001.nq.gz``, …: gzip N-Quads, one quad per line, every quad in
  the named graph of its article, the quads of one article together, articles in input order.
  Shard ``k`` holds what became of input items ``k * shard_size`` to ``(k + 1) * shard_size - 1``
  (an item is an article, or a file or record that could not be read); a shard whose items were
  all skipped is not written, so numbers can have gaps;
* ``manifest.json``: the newskg version and base IRI the shards were made with, the reference
  date, and for each shard its file, size, SHA-256, quad count and articles (source, graph IRI,
  quad count), and the skipped items with their reasons.

The bytes depend only on the input, the base, the reference date (``today``) and the newskg
version: the same input gives the same files whether extraction ran in one process, in local
worker processes or on a Dask cluster. Every file is written to a ``.part`` name and renamed, and
the manifest is written last: a folder is complete when it has a manifest, and
:func:`read_manifest` refuses one without.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import __version__
from ..articles import DEFAULT_MAX_ARTICLE_BYTES, Article, ArticleError, read_paths
from .ingest import Outcome, Report, batches, outcomes_in_processes, article_outcome

FORMAT = "newskg-shards"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SHARD_PREFIX = "part-"
SHARD_SUFFIX = ".nq.gz"
DEFAULT_SHARD_SIZE = 1000


def shard_name(index: int) -> str:
    return f"{SHARD_PREFIX}{index:05d}{SHARD_SUFFIX}"


@dataclass
class Shard:
    """What one partition of the input became: the shard's bytes and its manifest facts."""

    index: int
    data: bytes  # gzip N-Quads; empty when no article of the partition made it
    articles: list[dict]  # {"source", "graph", "quads"} in input order
    skipped: list[ArticleError]
    quads: int
    version: str = __version__  # of the process that extracted it (checked by the driver)

    @property
    def name(self) -> str:
        return shard_name(self.index)


@dataclass
class ShardReport(Report):
    """:class:`kg.pipeline.ingest.Report` (``ingested`` are the sources written) plus where they went."""

    out_dir: Path | None = None
    shards: list[str] = field(default_factory=list)

    @property
    def manifest(self) -> Path | None:
        return self.out_dir / MANIFEST if self.out_dir else None


# --- making shards ------------------------------------------------------------------------------


def build_shard(index: int, outcomes: Iterable[Outcome]) -> Shard:
    """A shard from the outcomes (:func:`kg.pipeline.ingest.article_outcome`) of one partition, in order."""
    buffer = io.BytesIO()
    articles, skipped, total = [], [], 0
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6) as out:
        for outcome in outcomes:
            if isinstance(outcome, ArticleError):
                skipped.append(outcome)
                continue
            source, graph, ntriples, count = outcome
            if count:
                # each N-Triples line "s p o ." becomes "s p o <graph> ."
                suffix = f"<{graph}> .\n"
                out.write("".join(line[:-1] + suffix for line in ntriples.split("\n")).encode("utf-8"))
            articles.append({"source": source, "graph": graph, "quads": count})
            total += count
    return Shard(index, buffer.getvalue() if articles else b"", articles, skipped, total)


def extract_partition(index: int, items: list[Article | ArticleError], base: str, today: date) -> Shard:
    """The pure function a worker runs: one partition of items in, its shard out.

    It calls the same per-article function as ``kg ingest`` (:func:`kg.pipeline.ingest.article_outcome`), so a
    graph in a shard is byte for byte the graph ``kg ingest`` would store.
    """
    return build_shard(index, (article_outcome(item, base, today) for item in items))


def partitions(
    paths: Iterable[str | Path], shard_size: int, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
) -> Iterator[tuple[int, list[Article | ArticleError]]]:
    """The input items (as :func:`kg.articles.read_paths` reads them) cut into numbered partitions."""
    if shard_size < 1:
        raise ValueError(f"shard size must be at least 1, not {shard_size}")
    return enumerate(batches(read_paths(list(paths), max_article_bytes), shard_size))


def write_shards(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    base: str,
    workers: int = 1,
    today: date | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    linker=None,
    progress: Callable[[int, str], None] | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> ShardReport:
    """Extract every article under ``paths`` into gzip N-Quads shards in ``out_dir``; no store.

    ``workers`` > 1 extracts in that many local processes (as ``kg ingest --workers``); the files
    are the same as with one. ``today`` is the reference date for articles without a publication
    date (default: today, fixed once for the whole run and recorded in the manifest).
    Skipped items (``max_article_bytes`` as for :func:`kg.pipeline.ingest.ingest`) are in the report and
    the manifest.
    """
    if workers > 1 and linker is not None:
        raise ValueError("online linking runs in one process: use --workers 1 with --online")
    today = today or date.today()
    writer = ShardWriter(out_dir, base, today, shard_size)
    items = read_paths(list(paths), max_article_bytes)
    if workers > 1:
        outcomes = outcomes_in_processes(items, base, today, workers)
    else:
        outcomes = (article_outcome(item, base, today, linker) for item in items)
    done = 0

    def counted(batch: list[Outcome]) -> Iterator[Outcome]:
        nonlocal done
        for outcome in batch:
            done += 1
            if progress:
                progress(done, outcome.source if isinstance(outcome, ArticleError) else outcome[0])
            yield outcome

    for index, batch in enumerate(batches(outcomes, shard_size)):
        writer.add(build_shard(index, counted(batch)))
    return writer.finish()


class ShardWriter:
    """Writes shards into a folder as they come (in any order) and the manifest at the end.

    Opening a folder that holds an earlier set of shards removes its manifest first (the folder
    is incomplete until :meth:`finish`); shard files the new manifest does not list are removed
    by :meth:`finish`. A folder holding anything else is refused, so a typo cannot clobber data.
    """

    def __init__(self, out_dir: str | Path, base: str, today: date, shard_size: int):
        self.out_dir = Path(out_dir)
        self.base, self.today, self.shard_size = base, today, shard_size
        self.started = time.perf_counter()
        self._entries: dict[int, dict] = {}
        self._skipped: dict[int, list[ArticleError]] = {}
        _prepare(self.out_dir)

    def add(self, shard: Shard) -> None:
        if shard.version != __version__:
            raise RuntimeError(f"a worker extracted with newskg {shard.version}, this process runs {__version__}: install the same version everywhere")
        self._skipped[shard.index] = list(shard.skipped)
        if shard.articles:
            self._entries[shard.index] = write_shard_file(self.out_dir, shard)

    def add_written(self, index: int, entry: dict | None, skipped: Iterable[ArticleError] = ()) -> None:
        """Record a shard a worker wrote itself (:func:`write_shard_file` on shared storage)."""
        self._skipped[index] = list(skipped)
        if entry is not None:
            self._entries[index] = entry

    def finish(self) -> ShardReport:
        order = sorted(set(self._entries) | set(self._skipped))
        entries = [self._entries[i] for i in order if i in self._entries]
        skipped = [error for i in order for error in self._skipped.get(i, ())]
        write_manifest(self.out_dir, self.base, self.today, self.shard_size, entries, skipped)
        listed = {e["file"] for e in entries}
        for path in self.out_dir.glob(f"{SHARD_PREFIX}*{SHARD_SUFFIX}"):
            if path.name not in listed:
                path.unlink()
        report = ShardReport(out_dir=self.out_dir, shards=[e["file"] for e in entries])
        report.ingested = [a["source"] for e in entries for a in e["articles"]]
        report.skipped = skipped
        report.quads = sum(e["quads"] for e in entries)
        report.seconds = time.perf_counter() - self.started
        return report


def write_shard_file(out_dir: str | Path, shard: Shard) -> dict:
    """Write ``shard`` as ``out_dir/part-NNNNN.nq.gz`` (atomically) and return its manifest entry.

    Safe to call twice for the same shard at once (a retried or speculative task): each call
    writes its own temporary file and renames it, and both have the same bytes.
    """
    out_dir = Path(out_dir)
    _write_atomic(out_dir / shard.name, shard.data)
    return {
        "file": shard.name,
        "bytes": len(shard.data),
        "sha256": hashlib.sha256(shard.data).hexdigest(),
        "quads": shard.quads,
        "articles": shard.articles,
    }


def write_manifest(out_dir: str | Path, base: str, today: date, shard_size: int, entries: list[dict], skipped: Iterable[ArticleError]) -> Path:
    """Write ``manifest.json`` (the last file of a shard folder); ``entries`` in shard order."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "newskg_version": __version__,
        "base": base,
        "today": today.isoformat(),
        "shard_size": shard_size,
        "articles": sum(len(e["articles"]) for e in entries),
        "quads": sum(e["quads"] for e in entries),
        "shards": entries,
        "skipped": [{"source": e.source, "reason": e.reason} for e in skipped],
    }
    path = Path(out_dir) / MANIFEST
    _write_atomic(path, (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    return path


def _prepare(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    strangers = [p.name for p in out_dir.iterdir() if not _ours(p.name)]
    if strangers:
        listed = ", ".join(sorted(strangers)[:5])
        raise OSError(f"{out_dir} holds files that are not shards ({listed}); give an empty or a shard folder")
    for path in out_dir.glob("*.part"):
        path.unlink()
    (out_dir / MANIFEST).unlink(missing_ok=True)


def _ours(name: str) -> bool:
    return name == MANIFEST or name.endswith(".part") or (name.startswith(SHARD_PREFIX) and name.endswith(SHARD_SUFFIX))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# --- reading shards -----------------------------------------------------------------------------


class ShardError(ValueError):
    """A shard folder or file that cannot be loaded as it is."""


def read_manifest(folder: str | Path) -> dict:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShardError(f"{folder} has no {MANIFEST}: not a shard folder, or the shards were not finished") from None
    except (OSError, ValueError) as exc:
        raise ShardError(f"{path}: unreadable manifest: {exc}") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ShardError(f"{path}: not a {FORMAT} version {FORMAT_VERSION} manifest")
    return manifest


def shard_files(sources: str | Path | Iterable[str | Path]) -> list[tuple[Path, dict | None]]:
    """The shards to load, with their manifest entries: a folder gives every shard its manifest
    lists; a file is taken with its entry from the manifest beside it, or none if there is none."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    found: list[tuple[Path, dict | None]] = []
    for source in map(Path, sources):
        if source.is_dir():
            found += [(source / e["file"], e) for e in read_manifest(source)["shards"]]
        elif source.is_file():
            entry = None
            if (source.parent / MANIFEST).exists():
                entry = next((e for e in read_manifest(source.parent)["shards"] if e["file"] == source.name), None)
            found.append((source, entry))
        else:
            raise ShardError(f"{source}: no such file or directory")
    return found


def graph_chunks(path: Path, entry: dict | None) -> list[tuple[str, bytes, int]]:
    """The graphs of one shard, in order: (graph IRI, its N-Quads lines, quad count).

    With a manifest entry, the file's checksum is verified and its lines are cut by the listed
    counts, each line checked to end with its graph; without one (a shard from elsewhere), the
    file is parsed with Oxigraph and regrouped, and every quad must be in a named graph.
    """
    raw = path.read_bytes()
    if entry is not None:
        if len(raw) != entry["bytes"] or hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise ShardError(f"{path}: does not match its manifest (size or SHA-256 differ): was it rewritten or truncated?")
        lines = gzip.decompress(raw).splitlines(keepends=True)
        chunks, at = [], 0
        for article in entry["articles"]:
            graph, count = article["graph"], article["quads"]
            part = lines[at : at + count]
            suffix = f"<{graph}> .\n".encode("utf-8")
            if len(part) != count or (part and not (part[0].endswith(suffix) and part[-1].endswith(suffix))):
                raise ShardError(f"{path}: the quads of {graph} are not where the manifest says")
            chunks.append((graph, b"".join(part), count))
            at += count
        if at != len(lines):
            raise ShardError(f"{path}: {len(lines) - at} line(s) more than the manifest lists")
        return chunks
    return _parsed_chunks(path, raw)


def _parsed_chunks(path: Path, raw: bytes) -> list[tuple[str, bytes, int]]:
    import pyoxigraph as ox

    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    groups: dict[str, list] = {}
    try:
        for quad in ox.parse(data, ox.RdfFormat.N_QUADS):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise ShardError(f"{path}: a quad outside a named graph; a shard holds one named graph per article")
            groups.setdefault(quad.graph_name.value, []).append(quad)
    except SyntaxError as exc:
        raise ShardError(f"{path}: not N-Quads: {exc}") from None
    chunks = []
    for graph, quads in groups.items():
        buffer = io.BytesIO()
        ox.serialize(quads, buffer, ox.RdfFormat.N_QUADS)
        chunks.append((graph, buffer.getvalue(), len(quads)))
    return chunks
