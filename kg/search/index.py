"""The full-text index (tantivy) beside the store, and how it stays in step with it.

Why tantivy: a real search engine (BM25, phrase queries, an inverted index) in Rust with official
Python bindings on PyPI, embedded like Oxigraph (no server to run), writing to a folder with
atomic commits. Words are folded before they are indexed or searched: lower case, and diacritics
and ligatures reduced to ASCII (``Khárkiv`` → ``kharkiv``, ``Straße`` → ``strasse``). There is no
stemming: tantivy has no Indonesian stemmer, and Indonesian affixes (``me-``, ``di-``, ``-kan``)
would need the lexicon's help to strip safely, so a hit is a whole word after folding (the
definition the benchmark checks against a ``REGEX`` on word boundaries).

**Staying current.** The store and the index cannot commit together, so each says what it holds:
the store its revision (:attr:`kg.stores.local.Store.revision`, renewed on disk before any write and
after it), the index, in the same commit as its documents, the store revision it was last brought
up to and a fingerprint of every graph it indexed (:mod:`.documents`). Every write path tells the
index which graphs changed (:meth:`kg.stores.local.Store.on_change`) and waits for it to re-read them, so
``kg ingest``, ``kg load``, ``/update``, ``/store`` and remote stores all leave it current before
the write is acknowledged. A SPARQL update may touch any graph, so it makes the index
:meth:`reconcile`: read every graph's documents again and re-index those whose fingerprint
differs. When the index is opened and its revision is not the store's (a crash between the two
commits, a write by a process that did not have the index open, a remote store that others may
write), it reconciles the same way. ``kg index --rebuild`` throws it away and reads everything.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import tantivy

from . import documents
from .documents import ENTITY, KINDS, Doc

log = logging.getLogger(__name__)

ANALYZER = "newskg"
SCHEMA_VERSION = "1"
WRITER_HEAP = 32 << 20
STAGE_GRAPHS = 200  # texts of written graphs read together, in memory
FLUSH_GRAPHS = 2000  # staged graphs written to the index before a long batch ends
_META, _GRAPH = "_meta", "_graph"  # bookkeeping documents, never hits


def analyzer() -> tantivy.TextAnalyzer:
    """Words: runs of letters and digits, lower-cased and folded to ASCII."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_ANALYZER = analyzer()
_WORD = re.compile(r"[^\W_]+")  # what tantivy's simple tokenizer calls a token: alphanumeric runs


def fold(text: str) -> list[str]:
    """The index's words for ``text``, as the index makes them."""
    return _ANALYZER.analyze(text)


def word_spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where in ``text`` the folded ``words`` occur (for highlighting), as (start, end) offsets."""
    spans = []
    for match in _WORD.finditer(text):
        if words & set(fold(match.group())):
            spans.append(match.span())
    return spans


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("type", stored=True, tokenizer_name="raw")
    b.add_text_field("iri", stored=True, tokenizer_name="raw")
    b.add_text_field("graph", stored=True, tokenizer_name="raw")
    b.add_text_field("text", stored=True, tokenizer_name=ANALYZER)
    # fast (column) fields: /search counts their values among the hits (facets)
    b.add_text_field("lang", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("article", stored=True, tokenizer_name="raw")
    b.add_text_field("speaker", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("kind", stored=True, tokenizer_name="raw", fast=True)
    b.add_text_field("place", stored=True, tokenizer_name="raw")
    b.add_integer_field("date", stored=True, indexed=True, fast=True)
    b.add_text_field("stamp", stored=True, tokenizer_name="raw")  # _meta: store revision; _graph: fingerprint
    return b.build()


SCHEMA = _schema()


class SearchUnavailable(RuntimeError):
    """The index cannot answer (it is out of date and may not be written here)."""


class QueryError(ValueError):
    """The search text cannot be read (tantivy's query language)."""


@dataclass(frozen=True)
class Hit:
    iri: str
    score: float


@dataclass(frozen=True)
class Filters:
    """What ``/search`` narrows by; empty values do not narrow."""

    lang: str = ""
    speaker: str = ""  # IRI
    kind: str = ""  # IRI of a kind: concept
    date_from: int | None = None  # YYYYMMDD, inclusive
    date_to: int | None = None


class SearchIndex:
    """A tantivy index in ``path`` (None: in memory) of the documents of :mod:`.documents`."""

    def __init__(self, path: str | Path | None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is not None and not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
        if self.path is not None and read_only and not tantivy.Index.exists(str(self.path)):
            raise SearchUnavailable(f"no search index in {self.path}: run `kg index` once (it needs write access)")
        self._index = tantivy.Index(SCHEMA, path=str(self.path) if self.path is not None else None, reuse=True)
        self._index.register_tokenizer(ANALYZER, analyzer())
        self._lock = threading.RLock()
        self.stale = False  # read-only and behind the store: answers would be wrong
        # Writes whose content the store told (kg.stores.local.Store.on_content): their documents are read
        # from that text in memory, not back from the store; written into the index at the change.
        self._texts: dict[str, tuple[list, str | bytes, ox.RdfFormat]] = {}  # graph -> its write
        self._staged: dict[str, list[Doc]] = {}  # graph -> documents read from its text
        self._flushed: set[str] = set()  # graphs of staged documents already written (a long batch)

    # --- bookkeeping ----------------------------------------------------------------------

    def _stamped(self, kind: str) -> dict[str, str]:
        """``{graph or "": stamp}`` of the bookkeeping documents of ``kind``."""
        searcher = self._index.searcher()
        query = tantivy.Query.term_query(SCHEMA, "type", kind)
        total = searcher.search(query, limit=1, count=True).count
        if not total:
            return {}
        out = {}
        for _, address in searcher.search(query, limit=total).hits:
            doc = searcher.doc(address)
            out[doc.get_first("graph") or ""] = doc.get_first("stamp") or ""
        return out

    @property
    def revision(self) -> str | None:
        """The store revision this index was last brought up to (None: never)."""
        stamp = self._stamped(_META).get("")
        if not stamp or not stamp.startswith(SCHEMA_VERSION + ":"):
            return None
        return stamp.partition(":")[2]

    def fingerprints(self) -> dict[str, str]:
        return self._stamped(_GRAPH)

    def __len__(self) -> int:
        """Documents that can be hits."""
        searcher = self._index.searcher()
        return sum(searcher.search(tantivy.Query.term_query(SCHEMA, "type", k), limit=1, count=True).count for k in KINDS)

    # --- writing --------------------------------------------------------------------------

    def take_content(self, graphs: list[ox.NamedNode], data: str | bytes, fmt: ox.RdfFormat) -> None:
        """A write replaced ``graphs`` by exactly ``data``: read their documents from it later."""
        with self._lock:
            if any(g.value in self._texts for g in graphs):
                self._digest()  # a graph written twice: the first text is read before the second comes
            write = (graphs, data, fmt)
            for g in graphs:
                self._texts[g.value] = write
            if len(self._texts) >= STAGE_GRAPHS:
                self._digest()
            if len(self._staged) >= FLUSH_GRAPHS:  # a long batch: write what is read, keep memory flat
                self._commit([(ox.NamedNode(g), docs) for g, docs in self._staged.items()], None)
                self._flushed.update(self._staged)
                self._staged.clear()

    def _digest(self) -> None:
        """The pending texts, loaded into one in-memory store and read in one pass."""
        writes = {id(w): w for w in self._texts.values()}.values()
        memory = ox.Store()
        for graphs, data, fmt in writes:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            if fmt == ox.RdfFormat.N_TRIPLES:
                memory.load(payload, fmt, to_graph=graphs[0])
            else:
                memory.load(payload, fmt)
        found = dict((g.value, docs) for g, docs in documents.read_graphs(memory, None))
        for graph in self._texts:
            self._staged[graph] = found.get(graph, [])
        self._texts.clear()

    def sync(self, store, graphs: Iterable[ox.NamedNode] | None) -> None:
        """Catch up with a write of ``graphs`` (None: any graph may have changed)."""
        with self._lock:
            if graphs is None:  # any graph may have changed: everything is read from the store
                self._texts.clear()
                self._staged.clear()
                self._flushed.clear()
                self.reconcile(store)
                return
            self._digest()
            graphs = sorted(set(graphs), key=lambda g: g.value)
            changes = [(g, self._staged[g.value]) for g in graphs if g.value in self._staged]
            rest = [g for g in graphs if g.value not in self._staged and g.value not in self._flushed]
            # anything staged for a graph this change does not name is left over from a write that failed
            self._staged.clear()
            self._flushed.clear()
            changes += list(documents.read_graphs(store, rest))
            self._commit(changes, store.revision)

    def reconcile(self, store) -> int:
        """Re-index every graph whose documents differ from what the index holds, drop the graphs
        the store no longer has; the number of graphs re-indexed or dropped."""
        indexed = self.fingerprints()
        revision = store.revision
        changed, present = [], set()
        for graph, docs in documents.read_graphs(store, None):
            present.add(graph.value)
            if indexed.get(graph.value) != (documents.fingerprint(docs) if docs else None):
                changed.append((graph, docs))
        gone = set(indexed) - present
        changed += [(ox.NamedNode(g), []) for g in sorted(gone)]
        self._commit(changed, revision)
        if changed:
            log.info("search index: %d graph(s) re-indexed or dropped", len(changed))
        return len(changed)

    def rebuild(self, store) -> int:
        """Empty the index and read every graph; the number of documents indexed."""
        with self._lock:
            writer = self._writer()
            writer.delete_all_documents()
            revision = store.revision
            count = 0
            for graph, docs in documents.read_graphs(store, None):
                count += self._add(writer, graph, docs)
            self._add_meta(writer, revision)
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()
        return count

    def _commit(self, changes: list[tuple[ox.NamedNode, list[Doc]]], revision: str | None) -> None:
        """Replace the documents of each graph in ``changes`` and note ``revision`` (None: leave the
        note as it is: the index is not up to any revision yet), in one commit."""
        if self.read_only:
            raise SearchUnavailable("the search index is open read-only")
        with self._lock:
            writer = self._writer()
            for graph, docs in changes:
                writer.delete_documents_by_term("graph", graph.value)
                self._add(writer, graph, docs)
            if revision is not None:
                self._add_meta(writer, revision)
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()

    def _writer(self):
        # one thread: documents are small and few per write; a writer is opened per commit, so no
        # lock file is held between writes
        return self._index.writer(heap_size=WRITER_HEAP, num_threads=1)

    @staticmethod
    def _add(writer, graph: ox.NamedNode, docs: list[Doc]) -> int:
        for d in docs:
            doc = tantivy.Document(type=d.kind, iri=d.iri, graph=graph.value)
            for text in d.text:
                doc.add_text("text", text)
            for name, values in (("lang", [d.lang] if d.lang else []), ("article", [d.article] if d.article else []),
                                 ("speaker", d.speakers), ("kind", d.kinds), ("place", d.places)):
                for value in sorted(values):
                    doc.add_text(name, value)
            for value in sorted(d.dates):
                doc.add_integer("date", value)
            writer.add_document(doc)
        if docs:
            writer.add_document(tantivy.Document(type=_GRAPH, graph=graph.value, stamp=documents.fingerprint(docs)))
        return len(docs)

    @staticmethod
    def _add_meta(writer, revision: str) -> None:
        writer.delete_documents_by_term("type", _META)
        writer.add_document(tantivy.Document(type=_META, graph="", stamp=f"{SCHEMA_VERSION}:{revision}"))

    # --- searching ------------------------------------------------------------------------

    def parse(self, text: str, *, lenient: bool = False) -> tantivy.Query:
        """``text`` in tantivy's query language over the words (all words must occur unless
        ``OR`` says otherwise; ``"a b"`` is a phrase; ``-word`` leaves out)."""
        if lenient:
            query, _errors = self._index.parse_query_lenient(text, ["text"], conjunction_by_default=True)
            return query
        try:
            return self._index.parse_query(text, ["text"], conjunction_by_default=True)
        except ValueError as exc:
            raise QueryError(f"cannot read the search {text!r}: {exc}") from None

    def search(self, text: str, kind: str, *, filters: Filters = Filters(), limit: int = 50, offset: int = 0,
               lenient: bool = False) -> tuple[int, list[Hit]]:
        """``(number of hits, hits offset..offset+limit by relevance)`` of documents of ``kind``."""
        query = self._query(text, kind, filters, lenient)
        searcher = self._index.searcher()
        result = searcher.search(query, limit=max(limit, 1), offset=offset, count=True)
        hits = [Hit(searcher.doc(address).get_first("iri"), score) for score, address in result.hits[:limit]]
        if kind == ENTITY:  # an entity is a document per graph that names it: one hit each
            seen, unique = set(), []
            for hit in hits:
                if hit.iri not in seen:
                    seen.add(hit.iri)
                    unique.append(hit)
            hits = unique
        return result.count, hits

    def facets(self, text: str, kind: str, *, filters: Filters = Filters(), size: int = 10) -> dict[str, list[tuple[str, int]]]:
        """The most frequent speakers, kinds and languages among all hits, with their counts."""
        query = self._query(text, kind, filters, lenient=True)
        aggs = {name: {"terms": {"field": name, "size": size}} for name in ("speaker", "kind", "lang")}
        found = self._index.searcher().aggregate(query, aggs)
        return {name: [(b["key"], b["doc_count"]) for b in found.get(name, {}).get("buckets", [])] for name in aggs}

    def _query(self, text: str, kind: str, filters: Filters, lenient: bool) -> tantivy.Query:
        if self.stale:
            raise SearchUnavailable("the search index is behind the store and may not be updated here: run `kg index`")
        if kind not in KINDS:
            raise ValueError(f"unknown kind of document {kind!r}")
        clauses = [(tantivy.Occur.Must, self.parse(text, lenient=lenient)),
                   (tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, "type", kind))]
        for name, value in (("lang", filters.lang), ("speaker", filters.speaker), ("kind", filters.kind)):
            if value:
                clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(SCHEMA, name, value)))
        if filters.date_from is not None or filters.date_to is not None:
            clauses.append((tantivy.Occur.Must, tantivy.Query.range_query(
                SCHEMA, "date", tantivy.FieldType.Integer, filters.date_from, filters.date_to)))
        return tantivy.Query.boolean_query(clauses)

    def all_hits(self, text: str, kind: str, limit: int) -> list[Hit]:
        """Every hit of ``text`` among documents of ``kind``, best first, each IRI once; raises
        :class:`TooManyHits` when there are more than ``limit`` documents."""
        total, _ = self.search(text, kind, limit=0)
        if total > limit:
            raise TooManyHits(total, limit)
        _, hits = self.search(text, kind, limit=total)
        return hits


class TooManyHits(ValueError):
    def __init__(self, total: int, limit: int):
        super().__init__(f"the search matches {total} documents, more than the {limit} allowed")
        self.total, self.limit = total, limit


def default_location(store) -> Path | None:
    """Where the index of ``store`` lives: beside a store folder (``data/store.search/``); for a
    remote store under ``$KG_SEARCH_DIR`` (default ``data/search``) in a folder named after its
    URL; None (in memory) for an in-memory store."""
    path = getattr(store, "path", None)
    if path is not None:
        return Path(path).parent / (Path(path).name + ".search")
    url = getattr(store, "query_url", None)
    if url:
        import hashlib

        slug = re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:60]
        return Path(os.environ.get("KG_SEARCH_DIR", "data/search")) / f"{slug}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"
    return None


def open_index(store, *, location: str | Path | None = None, follow: bool = True) -> SearchIndex:
    """The index of ``store``, brought up to its revision, following its writes (``follow``).

    A read-only store gets a read-only index; if that one is behind the store it is marked
    ``stale`` and refuses to answer rather than answer wrongly.
    """
    read_only = bool(getattr(store, "read_only", False))
    location = location if location is not None else default_location(store)
    index = SearchIndex(location, read_only=read_only)
    if index.revision != store.revision:
        if read_only:
            index.stale = True
            log.warning("the search index in %s is behind the store; run `kg index` to bring it up to date", location)
        else:
            index.reconcile(store)
    if follow and not read_only:
        # weakly: a store that refers to itself through its listener would outlive its last user
        # and keep its folder locked
        owner = weakref.ref(store)
        if hasattr(store, "on_content"):
            store.on_content(index.take_content)
        store.on_change(lambda graphs: index.sync(owner(), graphs))
    return index
