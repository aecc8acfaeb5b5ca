"""An in-process RSGI client: the calls granian makes on an application, for tests and profiles.

``request(app, loop, method, path, ...)`` runs ``app.__rsgi__`` with a scope and protocol object
shaped like granian's (headers case-insensitive, the path percent-decoded, the body offered in
1,000-byte chunks) and returns what the app answered. ``fail_after=n`` makes the stream transport
raise after ``n`` chunks, as granian's does when the client has gone away.
"""

from __future__ import annotations


class Headers:
    def __init__(self, items):
        self._items = [(k.lower(), v) for k, v in items]

    def get(self, key, default=None):
        key = key.lower()
        return next((v for k, v in self._items if k == key), default)

    def items(self):
        return list(self._items)

    def keys(self):
        return [k for k, _ in self._items]

    def values(self):
        return [v for _, v in self._items]

    def __contains__(self, key):
        return key.lower() in self.keys()


class Scope:
    proto = "http"
    http_version = "1.1"
    rsgi_version = "1.5"
    server = "localhost:80"
    client = "127.0.0.1:50000"
    scheme = "http"
    authority = None

    def __init__(self, method, path, query_string, headers):
        self.method = method
        self.path = path
        self.query_string = query_string
        self.headers = Headers(headers)


class Closed(RuntimeError):
    pass


class Proto:
    def __init__(self, body: bytes, fail_after: int | None = None):
        self._body = body
        self.status = None
        self.headers = None
        self.chunks: list[bytes] = []
        self.streamed = False
        self._fail_after = fail_after

    async def __call__(self):
        return self._body

    def __aiter__(self):
        async def chunks():
            for i in range(0, len(self._body), 1000):
                yield self._body[i : i + 1000]

        return chunks()

    def response_empty(self, status, headers):
        self.status, self.headers = status, headers

    def response_bytes(self, status, headers, body):
        self.status, self.headers, self.chunks = status, headers, [bytes(body)]

    def response_str(self, status, headers, body):
        self.response_bytes(status, headers, body.encode())

    def response_stream(self, status, headers):
        self.status, self.headers, self.streamed = status, headers, True
        proto = self

        class Transport:
            async def send_bytes(self, data):
                if proto._fail_after is not None and len(proto.chunks) >= proto._fail_after:
                    raise Closed("the client went away")
                proto.chunks.append(bytes(data))

            async def send_str(self, data):
                await self.send_bytes(data.encode())

        return Transport()


class Answer:
    def __init__(self, status, headers, body, streamed=False):
        self.status = status
        self.headers = {}
        for name, value in headers:
            self.headers.setdefault(name.lower(), []).append(value)
        self.body = body
        self.streamed = streamed

    def header(self, name):
        values = self.headers.get(name.lower())
        return ", ".join(values) if values else None


def request(app, loop, method, path, query_string="", headers=(), body=b"", fail_after=None) -> Answer:
    headers = [("Host", "localhost"), *headers]
    if body:
        headers.append(("Content-Length", str(len(body))))
    proto = Proto(body, fail_after)
    loop.run_until_complete(app.__rsgi__(Scope(method, path, query_string, headers), proto))
    return Answer(proto.status, proto.headers, b"".join(proto.chunks), proto.streamed)
