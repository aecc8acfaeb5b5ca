"""A query worker process: reads jobs from its socket, answers them from a read-only store.

Started by :class:`kg.execution.processes.ProcessRunner` as ``python -m kg.execution.worker FD
SETTINGS``. Each job names the store folder to read (a checkpoint of the server's store, or the
store itself when the server is read-only); the worker reopens when that changes, which is how
a write acknowledged by the server becomes visible to the next query on every worker.

Messages are framed (:mod:`.frames`): a job is one pickled tuple; an answer is a header with the
media type, chunks of bytes, and an end (or an error). A small answer goes out in one send.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import socket
import sys
import threading
import time

import pyoxigraph as ox

from . import frames
from .answers import NotAcceptable, write_answer
from .sandbox import deny_network

CHUNK = 64 * 1024  # the first chunk of an answer: its first bytes go out soon
MAX_CHUNK = 1024 * 1024  # each further chunk twice the last, up to this: a large answer crosses in
# few messages, so the server spends less per byte forwarding it (fewer wake-ups, reads, sends)


class _Out:
    """The binary file Oxigraph writes the answer to: framed chunks on the socket."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._pending = bytearray()
        self._data = bytearray()
        self._chunk = CHUNK

    def header(self, media_type: str) -> None:
        self._pending += frames.frame(frames.HEADER, media_type.encode("ascii"))

    def write(self, data) -> int:
        self._data += data
        if len(self._data) >= self._chunk:
            self._flush()
            self._chunk = min(self._chunk * 2, MAX_CHUNK)
        return len(data)

    def flush(self) -> None:
        pass  # chunks go out when full (64 KiB, then up to MAX_CHUNK) and at the end, not when Oxigraph flushes

    def _flush(self, *tail: bytes) -> None:
        """Send what is pending, the data as one chunk, and ``tail``: one system call, no copies."""
        parts = [self._pending] if self._pending else []
        if self._data:
            parts += [frames.head(frames.CHUNK, len(self._data)), self._data]
        parts += tail
        if parts:
            frames.send_parts(self._sock, parts)
        self._pending = bytearray()
        self._data = bytearray()

    def end(self) -> None:
        self._flush(frames.frame(frames.END, b""))

    def error(self, kind: str, message: str) -> None:
        self._data.clear()  # what was not sent yet is dropped with the answer
        self._pending += frames.frame(frames.ERROR, pickle.dumps((kind, message)))
        self._sock.sendall(self._pending)
        self._pending.clear()


def _options(plain: dict) -> dict:
    """Query options as pyoxigraph wants them (graphs travel as IRI strings)."""
    options = dict(plain)
    for key in ("default_graph", "named_graphs"):
        if key in options:
            options[key] = [ox.NamedNode(iri) for iri in options[key]]
    return options


def serve(sock: socket.socket, path: str | None = None) -> None:
    reader = frames.Reader(sock)
    store, opened = (ox.Store.read_only(path), path) if path else (None, None)
    while True:
        job = reader.job()
        if job is None:
            return  # the server closed the socket: it is stopping
        path, sparql, options, chosen, html = job
        if path != opened:
            store = None
            gc.collect()  # close the old checkpoint before opening the new one
            store, opened = ox.Store.read_only(path), path
        out = _Out(sock)
        try:
            write_answer(store, sparql, _options(options), chosen, html, out, started=out.header)
        except SyntaxError as exc:
            out.error("syntax", str(exc))
        except NotAcceptable as exc:
            out.error("not-acceptable", exc.kind)
        except Exception as exc:  # noqa: BLE001 -- evaluation failed: the request says why
            out.error("failed", str(exc))
        else:
            out.end()


def _exit_with_parent(parent: int) -> None:
    """A worker busy with a long query would outlive a server that was killed; it must not."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main(argv: list[str]) -> None:
    fd, settings = int(argv[1]), json.loads(argv[2])
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if not settings.get("network"):
        deny_network()
    sock = socket.socket(fileno=fd)
    try:
        serve(sock, settings.get("open"))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server went away or gave up on this answer


if __name__ == "__main__":
    main(sys.argv)
