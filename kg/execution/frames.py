"""Messages between the server and a query worker: a tag byte, a 4-byte length, the payload."""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
import time

JOB = b"J"
HEADER = b"H"
CHUNK = b"C"
END = b"E"
ERROR = b"X"

_HEAD = struct.Struct(">cI")


def frame(tag: bytes, payload: bytes) -> bytes:
    return _HEAD.pack(tag, len(payload)) + payload


def head(tag: bytes, size: int) -> bytes:
    """The header of a message of ``size`` payload bytes (sent before the payload itself)."""
    return _HEAD.pack(tag, size)


def send_parts(sock: socket.socket, parts: list) -> None:
    """``sock.sendall(b"".join(parts))`` without joining: one ``sendmsg`` (more if it sends less)."""
    views = [memoryview(p).cast("B") for p in parts if len(p)]
    while views:
        sent = sock.sendmsg(views)
        while views and sent >= len(views[0]):
            sent -= len(views[0])
            views.pop(0)
        if views and sent:
            views[0] = views[0][sent:]


class Closed(Exception):
    """The other end closed the socket (or died) before a whole message arrived."""


class Reader:
    """Reads whole messages from a socket, optionally against a clock of seconds left."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._buffer = bytearray()
        self._blocking = True  # whether the socket is in blocking mode (async reads turn it off)

    def message(self, deadline: float | None = None) -> tuple[bytes, bytes]:
        """The next ``(tag, payload)``; ``TimeoutError`` once ``time.monotonic()`` passes ``deadline``."""
        self._fill(_HEAD.size, deadline)
        tag, size = _HEAD.unpack_from(self._buffer)
        self._fill(_HEAD.size + size, deadline)
        with memoryview(self._buffer) as view:
            payload = bytes(view[_HEAD.size : _HEAD.size + size])
        del self._buffer[: _HEAD.size + size]
        return tag, payload

    def buffered(self) -> bool:
        """Whether bytes of a further message are already here."""
        return bool(self._buffer)

    def ensure_blocking(self) -> None:
        """Back to blocking mode for the synchronous calls (``sendall`` from a thread)."""
        if not self._blocking:
            self._sock.settimeout(None)
            self._blocking = True

    def job(self):
        """The next job sent to a worker (None when the server closed the socket)."""
        try:
            tag, payload = self.message()
        except Closed:
            return None
        if tag != JOB:
            raise ValueError(f"unexpected message {tag!r}")
        return pickle.loads(payload)

    def _fill(self, size: int, deadline: float | None) -> None:
        while len(self._buffer) < size:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no answer in time")
                self._sock.settimeout(left)
                self._blocking = True
            elif not self._blocking:
                self._sock.settimeout(None)
                self._blocking = True
            try:
                data = self._sock.recv(max(size - len(self._buffer), 256 * 1024))
            except socket.timeout:
                raise TimeoutError("no answer in time") from None
            except OSError as exc:  # connection reset: the worker died
                raise Closed(str(exc)) from None
            if not data:
                raise Closed("closed")
            self._buffer += data

    # --- the same, on an asyncio event loop (the lean HTTP path, kg.web.lean) ---------------------

    async def amessage(self, deadline: float | None = None) -> tuple[bytes, bytes | bytearray]:
        """:meth:`message` without blocking the event loop: waits for the socket to be readable.

        A payload that is not all here yet is read straight into a buffer of its own (returned
        as a ``bytearray``), not through the reader's buffer: a chunk of a large answer is copied
        once on its way in, by the kernel."""
        if len(self._buffer) < _HEAD.size:
            await self._afill(_HEAD.size, deadline)
        tag, size = _HEAD.unpack_from(self._buffer)
        end = _HEAD.size + size
        if len(self._buffer) >= end:
            with memoryview(self._buffer) as view:
                payload = bytes(view[_HEAD.size : end])
            del self._buffer[:end]
            return tag, payload
        payload = bytearray(size)
        have = len(self._buffer) - _HEAD.size
        with memoryview(self._buffer) as view:
            payload[:have] = view[_HEAD.size :]
        self._buffer.clear()
        with memoryview(payload) as view:
            await self._afill_into(view[have:], deadline)
        return tag, payload

    def ensure_nonblocking(self) -> None:
        """Non-blocking mode, for the event loop's ``sock_sendall`` and :meth:`amessage`."""
        if self._blocking:
            self._sock.setblocking(False)
            self._blocking = False

    async def _afill(self, size: int, deadline: float | None) -> None:
        sock = self._sock
        while len(self._buffer) < size:
            self._buffer += await self._arecv(sock.recv, max(size - len(self._buffer), 256 * 1024), deadline=deadline)

    async def _afill_into(self, view: memoryview, deadline: float | None) -> None:
        """Fill ``view`` from the socket (the rest of one payload, nothing after it)."""
        while len(view):
            view = view[await self._arecv(self._sock.recv_into, view, deadline=deadline) :]

    async def _arecv(self, recv, arg, deadline: float | None):
        """What one ``recv(arg)`` (``sock.recv`` or ``sock.recv_into``) gives, once the socket has
        something: ``Closed`` when the worker closed it or died."""
        self.ensure_nonblocking()
        while True:
            try:
                got = recv(arg)
            except BlockingIOError:
                await _readable(self._sock, deadline)
                continue
            except OSError as exc:  # connection reset: the worker died
                raise Closed(str(exc)) from None
            if not got:
                raise Closed("closed")
            return got


def _wake(future: asyncio.Future, value) -> None:
    if not future.done():
        if isinstance(value, BaseException):
            future.set_exception(value)
        else:
            future.set_result(value)


async def _readable(sock: socket.socket, deadline: float | None) -> None:
    """Wait until ``sock`` has data (or was closed); ``TimeoutError`` once ``deadline`` passes."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    fd = sock.fileno()
    timer = None
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer in time")
        timer = loop.call_later(left, _wake, future, TimeoutError("no answer in time"))
    loop.add_reader(fd, _wake, future, None)
    try:
        await future
    finally:
        loop.remove_reader(fd)
        if timer is not None:
            timer.cancel()
