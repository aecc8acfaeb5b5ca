"""HTTP caching for query answers: ETags from the store revision, and an LRU of answers.

A query's answer can only change when the store does, so its validator is a hash of the
store's revision (:attr:`kg.stores.local.Store.revision`, new on every write and only then) and of
everything in the request that shapes the bytes: the query text, the dataset, the negotiated
formats. ``If-None-Match`` can then be answered with 304 before the query is even parsed.

:class:`ResultCache` keeps whole serialised answers, bounded in bytes, least recently used
first out. Entries are keyed by that same hash, so a write makes them unreachable; the cache
also empties itself the first time it sees a new revision, so stale answers do not sit in
memory (and :meth:`ResultCache.clear` is hooked to the store's writes, so a write empties it at once).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass


def etag(*parts: object) -> str:
    """An entity tag (without quotes) naming ``parts``: the store revision and whatever else
    shapes the bytes of one representation. Every validator the server hands out is made here."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode() + b"\x00")
    return digest.hexdigest()[:32]


def matches(if_none_match, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2) of a werkzeug ``ETags`` against our tag."""
    return bool(if_none_match) and (if_none_match.star_tag or if_none_match.contains_weak(etag))


def matches_header(if_none_match: str | None, etag: str) -> bool:
    """:func:`matches` for the raw ``If-None-Match`` header (the lean path has no werkzeug request)."""
    if not if_none_match:
        return False
    from werkzeug.http import parse_etags

    return matches(parse_etags(if_none_match), etag)


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes


class ResultCache:
    """Serialised answers, at most ``max_bytes`` in total; one answer at most a quarter of it."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, max_bytes)
        self.max_entry = self.max_bytes // 4
        self._entries: OrderedDict[str, Answer] = OrderedDict()
        self._size = 0
        self._revision: str | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def get(self, revision: str, key: str) -> Answer | None:
        with self._lock:
            self._follow(revision)
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, revision: str, key: str, answer: Answer) -> None:
        if len(answer.body) > self.max_entry:
            return
        with self._lock:
            if revision != self._revision or key in self._entries:
                return  # the store changed while this answer was computed: it may be stale
            self._entries[key] = answer
            self._size += len(answer.body)
            while self._size > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self._size -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def stats(self) -> dict:
        with self._lock:
            return {
                "enabled": self.enabled,
                "entries": len(self._entries),
                "bytes": self._size,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
            }

    def _follow(self, revision: str) -> None:
        """Forget everything when the store has moved on (called with the lock held)."""
        if revision != self._revision:
            self._entries.clear()
            self._size = 0
            self._revision = revision
