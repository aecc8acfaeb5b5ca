"""Messages between the server and a query worker: a tag byte, a 4-byte length, the payload."""

from __future__ import annotations

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


class Closed(Exception):
    """The other end closed the socket (or died) before a whole message arrived."""


class Reader:
    """Reads whole messages from a socket, optionally against a clock of seconds left."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._buffer = bytearray()

    def message(self, deadline: float | None = None) -> tuple[bytes, bytes]:
        """The next ``(tag, payload)``; ``TimeoutError`` once ``time.monotonic()`` passes ``deadline``."""
        self._fill(_HEAD.size, deadline)
        tag, size = _HEAD.unpack_from(self._buffer)
        self._fill(_HEAD.size + size, deadline)
        payload = bytes(self._buffer[_HEAD.size : _HEAD.size + size])
        del self._buffer[: _HEAD.size + size]
        return tag, payload

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
            try:
                data = self._sock.recv(max(size - len(self._buffer), 256 * 1024))
            except socket.timeout:
                raise TimeoutError("no answer in time") from None
            except OSError as exc:  # connection reset: the worker died
                raise Closed(str(exc)) from None
            if not data:
                raise Closed("closed")
            self._buffer += data
