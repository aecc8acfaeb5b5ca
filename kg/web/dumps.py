"""``/dumps/``: the whole store as gzip-compressed files, streamed as they are written.

They are files to download, so they go out as ``application/gzip`` with
``Content-Disposition: attachment`` and *without* ``Content-Encoding: gzip`` (which would make
clients decompress them and save something that is not the ``.gz`` it claims to be).

Caching and integrity:

* Each dump has a strong ``ETag`` derived from the store revision, the file name and the versions
  of zlib and Oxigraph, plus ``Last-Modified`` (the last write) and
  ``Cache-Control: public, max-age=300, must-revalidate``. ``If-None-Match`` /
  ``If-Modified-Since`` are answered with ``304`` and ``HEAD`` with the headers alone; neither
  serialises anything.
* The same store revision always gives byte-identical files: Oxigraph writes in index order, and
  ``kg.stores.local.gzip_chunks`` writes a gzip header with MTIME 0 and no file name (zlib, ``wbits=31``).
  That is what makes ``/dumps/SHA256SUMS`` (``sha256sum -c`` format) and ``/dumps/<file>.sha256``
  honest: each digest is computed by streaming the dump once per store revision and kept in memory
  until the next write. A download that runs to the end records its digest on the way, so a
  ``SHA256SUMS`` asked for after it costs nothing. A known digest is also sent as ``Repr-Digest``
  (RFC 9530) on the dump itself.
* Only the names in :data:`DUMPS` (and their ``.sha256``) are served; anything else is a 404, so
  no request can reach a path outside the dump set.

The small HTTP-validator helpers here (:class:`Validators`, :func:`last_modified`) are shared with
:mod:`kg.web.description`.
"""

from __future__ import annotations

import base64
import hashlib
import math
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request
from werkzeug.http import is_resource_modified

from kg.stores.local import Store

from .caching import etag


@dataclass(frozen=True)
class Dump:
    filename: str
    fmt: str  # a kg.stores.local.DUMP_FORMATS key
    media_type: str  # of the decompressed content
    description: str


DUMPS = {
    d.filename: d
    for d in (
        Dump("newskg.nq.gz", "nquads", "application/n-quads", "N-Quads: every named graph (one per article)"),
        Dump("newskg.trig.gz", "trig", "application/trig", "TriG: every named graph, with prefixes"),
        Dump("newskg.ttl.gz", "turtle", "text/turtle", "Turtle: the union of all graphs as one graph"),
    )
}

SUMS = "SHA256SUMS"
SUFFIX = ".sha256"
DUMP_CACHE_CONTROL = "public, max-age=300, must-revalidate"
# Checksums are tiny and must never be older than the files they vouch for: always revalidate.
SUMS_CACHE_CONTROL = "public, no-cache"
# What else decides the bytes of a dump besides the data: part of every dump ETag.
_WRITER_VERSIONS = f"zlib {zlib.ZLIB_RUNTIME_VERSION}; pyoxigraph {ox.__version__}"

bp = Blueprint("dumps", __name__, url_prefix="/dumps")


# --- HTTP validators (shared with kg.web.description) ------------------------------------------

_clock = time.time  # tests move it forward


def make_etag(*parts: object) -> str:
    """A strong entity tag (quoted) naming ``parts``."""
    return f'"{etag(*parts)}"'


def last_modified(modified: float) -> datetime | None:
    """``Last-Modified`` for something last changed at POSIX time ``modified``.

    None while the second of that change is not over: HTTP dates have one-second resolution, so a
    ``Last-Modified`` handed out then could equal that of a write later in the same second, and an
    ``If-Modified-Since`` would wrongly match it. Clients that have the ``ETag`` are not affected.
    """
    if math.floor(_clock()) <= math.floor(modified):
        return None
    return datetime.fromtimestamp(math.floor(modified), UTC)


@dataclass(frozen=True)
class Validators:
    """The validators and caching policy of one representation."""

    etag: str  # quoted, strong
    last_modified: datetime | None
    cache_control: str

    def fresh(self) -> bool:
        """Whether the client's copy is current (``If-None-Match`` wins over ``If-Modified-Since``)."""
        return not is_resource_modified(request.environ, etag=self.etag, last_modified=self.last_modified)

    def apply(self, response: Response) -> Response:
        response.headers["ETag"] = self.etag
        if self.last_modified is not None:
            response.last_modified = self.last_modified
        response.headers["Cache-Control"] = self.cache_control
        return response

    def not_modified(self) -> Response:
        return self.apply(Response(status=304))


# --- digests, per store revision ---------------------------------------------------------------


class DigestCache:
    """The SHA-256 of each dump for one store revision (forgotten at the next write)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the two fields below
        self._computing = threading.Lock()  # one digest computation at a time
        self._revision: str | None = None
        self._digests: dict[str, str] = {}

    def get(self, revision: str, name: str) -> str | None:
        with self._lock:
            return self._digests.get(name) if revision == self._revision else None

    def put(self, store: Store, revision: str, name: str, hexdigest: str) -> None:
        """Record a digest of the bytes streamed while ``store`` was at ``revision``.

        Dropped when the store has moved on since: the bytes may then belong to either revision.
        """
        with self._lock:
            if store.revision != revision:
                return
            if self._revision != revision:
                self._revision, self._digests = revision, {}
            self._digests[name] = hexdigest

    def digest(self, store: Store, revision: str, dump: Dump) -> str:
        """The hex SHA-256 of ``dump``, streaming it once when this revision has not been hashed."""
        if (known := self.get(revision, dump.filename)) is not None:
            return known
        with self._computing:
            if (known := self.get(revision, dump.filename)) is not None:
                return known  # another request computed it while this one waited
            sha = hashlib.sha256()
            for chunk in store.stream_dump(dump.fmt, gzip=True):
                sha.update(chunk)
            hexdigest = sha.hexdigest()
            self.put(store, revision, dump.filename, hexdigest)
            return hexdigest

    def hashing(self, chunks: Iterator[bytes], store: Store, revision: str, name: str) -> Iterator[bytes]:
        """Pass ``chunks`` through, recording their digest if they are read to the end."""
        sha = hashlib.sha256()
        try:
            for chunk in chunks:
                sha.update(chunk)
                yield chunk
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # a client that hung up stops the serialiser now, not at garbage collection
        self.put(store, revision, name, sha.hexdigest())


def _store() -> Store:
    return current_app.extensions["newskg.store"]


def _digests() -> DigestCache:
    return current_app.extensions.setdefault("newskg.dump_digests", DigestCache())


def _validators(store: Store, revision: str, kind: str, name: str, cache_control: str) -> Validators:
    return Validators(make_etag(kind, revision, name, _WRITER_VERSIONS), last_modified(store.modified), cache_control)


def _repr_digest(hexdigest: str) -> str:
    return "sha-256=:" + base64.b64encode(bytes.fromhex(hexdigest)).decode("ascii") + ":"


# --- routes -------------------------------------------------------------------------------------


@bp.route("/")
def index() -> str:
    return render_template(
        "dumps.html", title=current_app.extensions["newskg.title"], dumps=DUMPS.values(), sums=SUMS, suffix=SUFFIX
    )


@bp.route(f"/{SUMS}")
def checksums() -> Response:
    """Every dump's SHA-256, one ``<hex>  <file name>`` line each (``sha256sum -c SHA256SUMS``)."""
    return _checksum_response(SUMS, list(DUMPS.values()))


@bp.route("/<name>")
def download(name: str) -> Response:
    if name.endswith(SUFFIX) and name[: -len(SUFFIX)] in DUMPS:
        return _checksum_response(name, [DUMPS[name[: -len(SUFFIX)]]])
    dump = DUMPS.get(name)
    if dump is None:
        abort(404, f"no dump named {name!r}; see /dumps/")
    store = _store()
    revision = store.revision
    validators = _validators(store, revision, "dump", dump.filename, DUMP_CACHE_CONTROL)
    if validators.fresh():
        return validators.not_modified()
    digests = _digests()
    if request.method == "HEAD":
        body: Iterable[bytes] = iter(())  # an iterator: no Content-Length, nothing serialised
    else:
        body = digests.hashing(store.stream_dump(dump.fmt, gzip=True), store, revision, dump.filename)
    response = Response(body, content_type="application/gzip")
    response.headers.set("Content-Disposition", "attachment", filename=dump.filename)
    if (known := digests.get(revision, dump.filename)) is not None:
        response.headers["Repr-Digest"] = _repr_digest(known)
    return validators.apply(response)


def _checksum_response(name: str, dumps: list[Dump]) -> Response:
    store = _store()
    revision = store.revision
    validators = _validators(store, revision, "sha256", name, SUMS_CACHE_CONTROL)
    if validators.fresh():
        return validators.not_modified()
    if request.method == "HEAD":
        body: Iterable[bytes] = iter(())  # the digests are not computed for a HEAD
    else:
        digests = _digests()
        body = "".join(f"{digests.digest(store, revision, d)}  {d.filename}\n" for d in dumps).encode("ascii")
    return validators.apply(Response(body, content_type="text/plain; charset=utf-8"))
