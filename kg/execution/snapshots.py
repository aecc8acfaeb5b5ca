"""What query workers read: the store folder itself, or checkpoints of a store being written.

Opening a RocksDB store read-only while another process writes it is undefined behaviour in
pyoxigraph, so a server that writes (``/update``, ``/store``) does not let its workers open the
live store. After every write (once per batch) it takes a checkpoint with ``Store.backup()``:
hard links to the store's immutable files, a few milliseconds. The checkpoint is taken inside
the write's call, before the write is acknowledged, and every job names the newest one, so an
acknowledged write is seen by the next query on every worker. A checkpoint is deleted once no
worker reads it any more.

A server that does not write (``kg serve --workers N``, a read-only store) has its workers open
the store folder itself, as the server does.
"""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path


class Snapshots:
    """The folder workers read (``current()``), and who still reads the older ones."""

    def current(self) -> str:
        raise NotImplementedError

    def retain(self, path: str, previous: str | None) -> None:
        """A worker moves from ``previous`` (None: nothing) to ``path``."""

    def release(self, path: str | None) -> None:
        """A worker reading ``path`` has stopped."""

    def close(self) -> None:
        pass


class StoreFolder(Snapshots):
    """Workers open the store folder itself (nobody writes it while the server runs)."""

    def __init__(self, path: Path):
        self._path = str(path)

    def current(self) -> str:
        return self._path


class Checkpoints(Snapshots):
    """Checkpoints of ``store`` (a :class:`kg.stores.local.Store` on disk), renewed after every write."""

    def __init__(self, store):
        self._store = store
        self.root = store.path.parent / f".{store.path.name}.checkpoints"
        shutil.rmtree(self.root, ignore_errors=True)  # left by a server that did not stop cleanly
        self.root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._readers: Counter[str] = Counter()
        self._count = 0
        self._current = self._take()
        store.on_write(self._renew)

    def current(self) -> str:
        return self._current

    def _take(self) -> str:
        self._count += 1
        path = self.root / str(self._count)
        self._store.backup(path)
        return str(path)

    def _renew(self) -> None:
        with self._lock:
            old, self._current = self._current, self._take()
            self._collect(old)

    def retain(self, path: str, previous: str | None) -> None:
        with self._lock:
            self._readers[path] += 1
            if previous is not None:
                self._readers[previous] -= 1
                self._collect(previous)

    def release(self, path: str | None) -> None:
        if path is None:
            return
        with self._lock:
            self._readers[path] -= 1
            self._collect(path)

    def _collect(self, path: str) -> None:
        if path != self._current and self._readers[path] <= 0:
            del self._readers[path]
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def for_store(store) -> Snapshots | None:
    """How workers can read ``store``; None when they cannot (in memory, or remote)."""
    path = getattr(store, "path", None)
    if path is None or not hasattr(store, "backup"):
        return None
    if getattr(store, "read_only", False):
        return StoreFolder(path)
    return Checkpoints(store)


__all__ = ["Snapshots", "StoreFolder", "Checkpoints", "for_store"]
