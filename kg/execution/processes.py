"""Queries evaluated in worker processes that can be killed: deadlines and memory budgets that hold.

pyoxigraph has no way to cancel a query, so a query in a thread runs until it ends, whatever
the server answered. Here every query runs in a worker process (:mod:`.worker`), and the server

* kills the worker when the query's time is up (time spent waiting for a slow client to take
  the answer does not count), so its CPU and memory are released at once;
* kills it when its resident memory passes the budget (a watchdog looks every 50 ms);
* lowers the CPU priority of a query that has run for a second, so that short queries keep
  their share of the machine while long ones grind (after the query the worker gets its
  priority back where the system allows it, and is replaced where it does not);
* replaces a worker that crashed (a bug in the engine fails one request, not the server).

A killed or crashed worker is replaced on demand. Requests beyond the number of workers wait a
moment for one to come free, then get :class:`~.answers.Busy` (503). The workers read the store
through :mod:`.snapshots`, which makes every acknowledged write visible to the next query.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping

from . import frames
from .answers import Busy, MemoryBudgetExceeded, NotAcceptable, WorkerCrashed
from .snapshots import Snapshots

log = logging.getLogger(__name__)

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
NICE_AFTER = 1.0  # CPU seconds of work after which a query yields the CPU to shorter ones


class _Worker:
    def __init__(self, network: bool, path: str | None = None):
        parent, child = socket.socketpair()
        settings = {"network": network, "open": path}  # the store is opened while the worker starts
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.execution.worker", str(child.fileno()), json.dumps(settings)],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.sock = parent
        self.reader = frames.Reader(parent)
        self.opened: str | None = path  # the snapshot this worker reads
        self.busy_since: float | None = None
        self.niced = False
        self.over_budget = False
        self.cpu_base = 0.0  # CPU seconds when the watchdog first saw the current query
        self.cpu_since: float | None = None  # that query's busy_since

    def cpu_seconds(self) -> float:
        """CPU time (user and system) this worker has used since it started."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _TICK
        except (OSError, ValueError, IndexError):
            return 0.0  # gone, or no /proc: the deadline and the memory budget still hold

    def rss(self) -> int:
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        try:
            self.process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.sock.close()
        self.process.wait()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


class ProcessRunner:
    """Run queries in up to ``workers`` processes reading ``snapshots``; same ``run()`` as the thread runner."""

    def __init__(
        self,
        snapshots: Snapshots,
        *,
        timeout: float | None,
        workers: int = 8,
        memory_bytes: int | None = 1 << 30,
        wait: float = 10.0,
        network: bool = False,
    ):
        self.snapshots = snapshots
        self.timeout = timeout
        self.limit = workers
        self.memory_bytes = memory_bytes
        self.wait = wait
        self.network = network
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._starting = 0
        self._waiting = 0
        self._free = threading.Condition()
        self._closed = False
        # the watchdog holds the runner weakly, so an app that is dropped takes its workers along
        threading.Thread(target=_watch, args=(weakref.ref(self),), name="newskg-query-watchdog", daemon=True).start()
        self.killed = {"timeout": 0, "memory": 0, "crashed": 0, "abandoned": 0}

    @property
    def running(self) -> int:
        return len(self._busy)

    def stats(self) -> dict:
        return {"workers": len(self._idle) + len(self._busy), "running": len(self._busy), "killed": dict(self.killed)}

    # --- one query ----------------------------------------------------------------------------

    def run(
        self, sparql: str, options: Mapping, chosen: Mapping[str, str | None], html: Mapping | None = None
    ) -> tuple[str, Iterator[bytes]]:
        """``(media type, byte chunks)`` once the answer has begun; raises like the thread runner,
        plus :class:`MemoryBudgetExceeded` and :class:`WorkerCrashed`."""
        worker = self._acquire()
        path = self.snapshots.current()
        clock = _Clock(self.timeout)
        try:
            self._send(worker, path, sparql, options, chosen, html)
            tag, payload = clock.read(worker.reader)
        except BaseException as exc:
            raise self._failed(worker, exc) from None
        if tag == frames.ERROR:
            self._release(worker)
            raise _error(payload)
        return payload.decode("ascii"), self._stream(worker, clock)

    def _send(self, worker: _Worker, path: str, sparql, options, chosen, html) -> None:
        message = self._job(worker, path, sparql, options, chosen, html)
        worker.reader.ensure_blocking()
        worker.sock.sendall(message)

    def _job(self, worker: _Worker, path: str, sparql, options, chosen, html) -> bytes:
        """The framed job for ``worker``, which from now on reads ``path`` and is busy."""
        plain = {k: ([str(g.value) for g in v] if k in ("default_graph", "named_graphs") else v) for k, v in options.items()}
        job = pickle.dumps((path, sparql, plain, dict(chosen), dict(html) if html else None), protocol=pickle.HIGHEST_PROTOCOL)
        self.snapshots.retain(path, previous=worker.opened)
        worker.opened = path
        worker.busy_since = time.monotonic()
        return frames.frame(frames.JOB, job)

    # --- one query, on an event loop ----------------------------------------------------------

    async def run_async(
        self, sparql: str, options: Mapping, chosen: Mapping[str, str | None], html: Mapping | None = None
    ) -> tuple[str, list[bytes], AsyncIterator[bytes] | None]:
        """:meth:`run` for an asyncio event loop (the lean HTTP path): nothing here blocks the loop.

        Returns ``(media type, chunks, rest)``: the chunks already received and, unless the whole
        answer is in them (``rest`` None), an async iterator over the others, which the caller
        must exhaust or ``aclose()`` (that is how a client that went away stops the query).
        The same deadline, memory budget, accounting and errors as :meth:`run`.
        """
        worker = self._try_acquire()
        if worker is None:  # none idle: wait (or start one) in a thread, as run() would
            worker = await asyncio.get_running_loop().run_in_executor(None, self._acquire)
        path = self.snapshots.current()
        clock = _Clock(self.timeout)
        reader = worker.reader
        try:
            message = self._job(worker, path, sparql, options, chosen, html)
            reader.ensure_nonblocking()
            await asyncio.get_running_loop().sock_sendall(worker.sock, message)
            tag, payload = await reader.amessage(clock.deadline)
        except BaseException as exc:
            raise self._failed(worker, exc) from None
        if tag == frames.ERROR:
            self._release(worker)
            raise _error(payload)
        media_type = payload.decode("ascii")
        chunks: list[bytes] = []
        # what already arrived with the header (a small answer comes in one piece) is taken now
        while reader.buffered():
            try:
                tag, payload = await reader.amessage(clock.deadline)
            except BaseException as exc:
                raise self._failed(worker, exc) from None
            if tag == frames.CHUNK:
                chunks.append(payload)
            elif tag == frames.END:
                self._release(worker)
                return media_type, chunks, None
            else:
                self._release(worker)
                if chunks:
                    return media_type, chunks, _failing(_error(payload))
                raise _error(payload)
        return media_type, chunks, self._astream(worker, clock)

    async def _astream(self, worker: _Worker, clock: "_Clock") -> AsyncIterator[bytes]:
        finished = False
        try:
            while True:
                try:
                    tag, payload = await worker.reader.amessage(clock.deadline)
                except BaseException as exc:
                    raise self._failed(worker, exc) from None
                finished = tag != frames.CHUNK
                chunk = self._frame(worker, tag, payload)
                if chunk is None:
                    return
                clock.pause()
                yield chunk  # the client's time, not the query's
                clock.resume()
        finally:
            self._abandon(worker, finished)

    def _try_acquire(self) -> _Worker | None:
        """An idle live worker, now, or None."""
        with self._free:
            while self._idle and not self._closed:
                worker = self._idle.pop()
                if worker.alive:
                    self._busy.add(worker)
                    return worker
                self._forget(worker)
        return None

    def _stream(self, worker: _Worker, clock: "_Clock") -> Iterator[bytes]:
        finished = False
        try:
            while True:
                try:
                    tag, payload = clock.read(worker.reader)
                except BaseException as exc:
                    raise self._failed(worker, exc) from None
                finished = tag != frames.CHUNK
                chunk = self._frame(worker, tag, payload)
                if chunk is None:
                    return
                clock.pause()
                yield chunk  # the client's time, not the query's
                clock.resume()
        finally:
            self._abandon(worker, finished)

    def _frame(self, worker: _Worker, tag: bytes, payload: bytes) -> bytes | None:
        """A frame of an answer being streamed: its chunk, or None at its end. The worker is
        released at the end, and on an error frame, which cuts the body short."""
        if tag == frames.CHUNK:
            return payload
        self._release(worker)
        if tag == frames.END:
            return None
        raise _error(payload)

    def _abandon(self, worker: _Worker, finished: bool) -> None:
        """The answer's stream was closed: unless it ran to its end (or failed, which discards
        the worker), the client went away mid-answer while the worker may still be writing, so
        the worker is stopped. ``finished``, not the busy set, says so: a released worker may
        already be serving the next query."""
        if not finished and worker in self._busy:
            self.killed["abandoned"] += 1
            self._discard(worker)

    def _translate(self, worker: _Worker, exc: BaseException) -> BaseException:
        if isinstance(exc, TimeoutError):
            return TimeoutError(f"the query ran longer than {self.timeout:g} s")
        if worker.over_budget:
            return MemoryBudgetExceeded(self.memory_bytes)
        if isinstance(exc, frames.Closed):
            return WorkerCrashed(worker.process.returncode)
        return exc

    def _failed(self, worker: _Worker, exc: BaseException) -> BaseException:
        """Count and discard a worker whose query failed; the exception its client is to get."""
        if isinstance(exc, TimeoutError):
            self.killed["timeout"] += 1
        elif isinstance(exc, frames.Closed) and not worker.over_budget:
            self.killed["crashed"] += 1
            log.warning("a query worker died (exit status %s); replacing it", worker.process.poll())
        self._discard(worker)
        return self._translate(worker, exc)

    # --- the pool -----------------------------------------------------------------------------

    def _acquire(self) -> _Worker:
        """An idle worker, waiting for one to be freed or started (whichever comes first)."""
        deadline = time.monotonic() + self.wait
        with self._free:
            while True:
                if self._closed:
                    raise Busy()
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        self._busy.add(worker)
                        return worker
                    self._forget(worker)
                self._waiting += 1
                if len(self._busy) + self._starting < self.limit and self._starting < self._waiting:
                    self._start_one()
                left = deadline - time.monotonic()
                if left > 0:
                    self._free.wait(left)
                self._waiting -= 1
                if left <= 0 and not self._idle:
                    raise Busy()

    def warm(self, count: int | None = None, ready_within: float = 0.0) -> None:
        """Start ``count`` workers (default: all), so that a burst of first queries does not wait
        for processes to start; with ``ready_within``, return once they are up (or that many
        seconds have passed)."""
        deadline = time.monotonic() + ready_within
        with self._free:
            for _ in range(min(count or self.limit, self.limit) - len(self._idle) - len(self._busy) - self._starting):
                self._start_one()
            while self._starting and time.monotonic() < deadline:
                self._free.wait(deadline - time.monotonic())

    def _start_one(self) -> None:
        """Start a worker in the background; it joins the idle ones when it is up. Holds ``_free``."""
        self._starting += 1

        path = self.snapshots.current()
        self.snapshots.retain(path, previous=None)  # before the worker opens it, not once it has

        def start():
            worker = None
            try:
                worker = _Worker(self.network, path)
            except OSError as exc:
                log.error("could not start a query worker: %s", exc)
            with self._free:
                self._starting -= 1
                if worker is not None:
                    if self._closed:
                        worker.kill()
                    else:
                        self._idle.append(worker)
                else:
                    self.snapshots.release(path)
                self._free.notify()

        threading.Thread(target=start, name="newskg-query-worker-start", daemon=True).start()

    def _release(self, worker: _Worker) -> None:
        worker.busy_since = None
        if worker.niced and not _restore_priority(worker):
            # an unprivileged process cannot take its priority back: start afresh, at once (the
            # replacement starts now, not when a request finds no idle worker)
            self._discard(worker)
            with self._free:
                if not self._closed and len(self._idle) + len(self._busy) + self._starting < self.limit:
                    self._start_one()
            return
        with self._free:
            self._busy.discard(worker)
            self._idle.append(worker)
            self._free.notify()

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._free:
            self._busy.discard(worker)
            self._forget(worker)
            self._free.notify()

    def _forget(self, worker: _Worker) -> None:
        self.snapshots.release(worker.opened)
        worker.opened = None

    def _check(self, now: float) -> None:
        for worker in list(self._busy):
            since = worker.busy_since
            if since is None:
                continue
            if self.memory_bytes and worker.rss() > self.memory_bytes:
                worker.over_budget = True
                self.killed["memory"] += 1
                try:
                    worker.process.send_signal(signal.SIGKILL)
                except ProcessLookupError:
                    pass
            elif not worker.niced:
                # "worked for a second" is CPU time, not time on the clock, which on a busy
                # machine (or with a slow client) passes a second long before the query has
                # done that much. The count starts when the watchdog first sees the query (within
                # one period of its start; queries shorter than that are never looked at).
                if worker.cpu_since != since:
                    worker.cpu_base, worker.cpu_since = worker.cpu_seconds(), since
                elif now - since > NICE_AFTER and worker.cpu_seconds() - worker.cpu_base > NICE_AFTER:
                    worker.niced = True
                    try:
                        os.setpriority(os.PRIO_PROCESS, worker.process.pid, 10)
                    except OSError:
                        pass

    def __del__(self):
        for worker in self._idle + list(self._busy):
            worker.kill()

    def close(self) -> None:
        with self._free:
            self._closed = True
            workers = self._idle + list(self._busy)
            self._idle.clear()
            self._busy.clear()
        for worker in workers:
            worker.kill()
        self.snapshots.close()


def _restore_priority(worker: _Worker) -> bool:
    """Give an idle worker whose query was reniced its normal priority back, where the system lets
    this server do so (root, ``CAP_SYS_NICE``, or an ``RLIMIT_NICE`` that allows nice 0); a
    worker kept this way keeps its warm caches. False when it may not: the worker is replaced."""
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, 0)
    except OSError:
        return False
    worker.niced = False
    return True


def _watch(runner_ref) -> None:
    """Every 50 ms: memory budgets and priorities of the running queries."""
    while (runner := runner_ref()) is not None and not runner._closed:
        runner._check(time.monotonic())
        del runner
        time.sleep(0.05)


class _Clock:
    """Seconds of work left for one query: time the answer waits for its client does not count."""

    def __init__(self, timeout: float | None):
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self._paused_at: float | None = None

    def read(self, reader: frames.Reader):
        return reader.message(self.deadline)

    def pause(self) -> None:
        self._paused_at = time.monotonic()

    def resume(self) -> None:
        if self.deadline is not None and self._paused_at is not None:
            self.deadline += time.monotonic() - self._paused_at
        self._paused_at = None


async def _failing(exc: BaseException) -> AsyncIterator[bytes]:
    raise exc
    yield b""  # an async generator that fails when first read


def _error(payload: bytes) -> BaseException:
    kind, message = pickle.loads(payload)
    if kind == "syntax":
        return SyntaxError(message)
    if kind == "not-acceptable":
        return NotAcceptable(message)
    return RuntimeError(message)
