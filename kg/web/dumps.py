"""``/dumps/``: the whole store as gzip-compressed files, streamed as they are written.

They are files to download, so they go out as ``application/gzip`` with
``Content-Disposition: attachment`` and *without* ``Content-Encoding: gzip`` (which would make
clients decompress them and save something that is not the ``.gz`` it claims to be).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, render_template


@dataclass(frozen=True)
class Dump:
    filename: str
    fmt: str  # a kg.store.DUMP_FORMATS key
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

bp = Blueprint("dumps", __name__, url_prefix="/dumps")


@bp.route("/")
def index() -> str:
    return render_template("dumps.html", title=current_app.extensions["newskg.title"], dumps=DUMPS.values())


@bp.route("/<name>")
def download(name: str) -> Response:
    dump = DUMPS.get(name)
    if dump is None:
        abort(404, f"no dump named {name!r}; see /dumps/")
    store = current_app.extensions["newskg.store"]
    response = Response(store.stream_dump(dump.fmt, gzip=True), content_type="application/gzip")
    response.headers.set("Content-Disposition", "attachment", filename=dump.filename)
    return response
