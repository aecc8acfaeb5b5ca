"""Queries evaluated in threads of the serving process (in-memory and remote stores, ``kg eval``).

pyoxigraph's result objects are bound to the thread that created them (calling a method from
another thread aborts the process), and ``kg.stores.local.stream_writer`` serialises in a thread of its
own. So the query is *run* in that writer thread too, which then learns whether it got solutions
or triples, picks the pre-negotiated format for that kind, and serialises. The request thread
waits for the first chunk (or the end, or an error) before it answers, so a malformed query, a
form that cannot be served in an acceptable type, or an evaluation error met early becomes a
proper 4xx/5xx instead of a 200 with a broken body.

A query past its deadline is answered 503 on time but stops only at Oxigraph's next write; a sort
or an aggregate finishes its in-memory step first. That is why a server on a store on disk uses
:class:`kg.execution.processes.ProcessRunner` instead.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping

from kg.stores.local import stream_writer

from .answers import Busy, write_answer


class ThreadRunner:
    """Runs queries for the endpoint, each in a writer thread, at most ``limit`` at a time."""

    def __init__(self, store, *, timeout: float | None, limit: int = 16):
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._running = 0
        self._lock = threading.Lock()
        self._pool = DaemonPool(limit, "newskg-query")

    @property
    def running(self) -> int:
        """Queries whose evaluation has not ended (including ones past their deadline)."""
        return self._running

    def stats(self) -> dict:
        return {"threads": self.limit, "running": self._running}

    def run(
        self, sparql: str, options: Mapping, chosen: Mapping[str, str | None], html: Mapping | None = None
    ) -> tuple[str, Iterator[bytes]]:
        """Run ``sparql`` and return ``(media type, byte chunks)`` once the first chunk is ready.

        ``chosen`` and ``html`` are as for :func:`kg.execution.answers.write_answer`. Raises
        ``SyntaxError`` (malformed query), :class:`~.answers.NotAcceptable`, ``TimeoutError``,
        :class:`~.answers.Busy`, or whatever Oxigraph raises when evaluation fails early.
        """
        if not self._slots.acquire(blocking=False):
            raise Busy()
        with self._lock:
            self._running += 1
        picked: list[str] = []

        def write(out) -> None:
            try:
                write_answer(self.store, sparql, options, chosen, html, out, started=picked.append)
            finally:
                with self._lock:
                    self._running -= 1
                self._slots.release()

        chunks = primed(stream_writer(write, timeout=self.timeout, spawn=self._pool.run))
        return picked[0], chunks

    def close(self) -> None:
        pass


class DaemonPool:
    """Threads kept between queries (starting one costs more than a small query), as daemons.

    ``concurrent.futures`` joins its threads at exit, so a query stuck past its deadline inside
    Oxigraph would keep a stopping server alive until the query ended; daemon threads do not.
    """

    def __init__(self, size: int, name: str):
        self._size = size
        self._name = name
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    def run(self, task) -> None:
        """Run ``task()`` in a pool thread, starting one if none is idle and the pool is not full."""
        with self._lock:
            if self._idle == 0 and self._threads < self._size:
                self._threads += 1
                threading.Thread(target=self._work, name=f"{self._name}-{self._threads}", daemon=True).start()
            else:
                self._idle -= 1  # this task is taken by an idle thread
        self._tasks.put(task)

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            try:
                task()
            finally:
                del task  # an idle thread must not keep the last query (and its store) alive
                with self._lock:
                    self._idle += 1


def primed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Pull the first chunk now (letting its exceptions out) and return an equivalent iterator."""
    try:
        first = next(chunks)
    except StopIteration:
        return iter(())
    return _chain(first, chunks)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield first
        yield from rest
    finally:
        close = getattr(rest, "close", None)
        if close is not None:
            close()
