"""``/`` (the query UI), ``/examples.json`` and ``/examples/<name>.rq`` (the example queries), ``/health``.

``/`` shows YASGUI, served from ``/static/vendor/yasgui/`` once ``kg install-ui`` has put it
there (:mod:`kg.web.assets`), set up for this server's ``/sparql`` with the queries of
``queries/*.rq`` as one-click examples. Without the assets it shows a plain query form and says
how to install the UI, so ``kg serve`` works either way. Either page also has the plain form
(for browsers without JavaScript), the dumps and the links to the rest of the service.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, url_for

from ..paths import project_dir
from . import assets
from .dumps import DUMPS
from .negotiation import SHORT_NAMES

bp = Blueprint("pages", __name__)

EXAMPLE_QUERY = """\
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX schema: <http://schema.org/>

SELECT ?article ?headline WHERE {
  ?article a nkg:Article .
  OPTIONAL { ?article schema:headline ?headline }
}
LIMIT 20
"""


@dataclass(frozen=True)
class Example:
    name: str  # the file name without .rq
    title: str  # the first comment line
    description: str  # the other leading comment lines; paragraphs separated by a blank line
    query: str  # the whole file, comments included


def parse_example(name: str, text: str) -> Example:
    """An example from the text of a ``.rq`` file: its leading ``#`` lines document it."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line[1:].strip())
    title = comments[0] if comments else name
    paragraphs, current = [], []
    for line in comments[1:]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return Example(name=name, title=title, description="\n\n".join(paragraphs), query=text)


def load_examples(folder: Path | None = None) -> list[Example]:
    """The examples of ``folder`` (default: the project's ``queries/``), by file name; [] if none."""
    if folder is None:
        try:
            folder = project_dir("queries")
        except FileNotFoundError:
            return []
    return [parse_example(path.stem, path.read_text(encoding="utf-8")) for path in sorted(Path(folder).glob("*.rq"))]


@bp.route("/")
def index() -> str:
    examples = load_examples()
    endpoint = url_for("sparql.query", _external=True)
    ui = {
        "endpoint": endpoint,
        "method": "POST",
        "defaultQuery": EXAMPLE_QUERY,
        "examples": [asdict(e) for e in examples],
        "labels": url_for("views.labels_service", _external=True),  # what the result table shows for IRIs
    }
    return render_template(
        "index.html",
        title=current_app.extensions["newskg.title"],
        example=EXAMPLE_QUERY,
        examples=examples,
        endpoint=endpoint,
        writable=bool(current_app.config["NEWSKG_UPDATE_TOKEN"]),
        formats=list(SHORT_NAMES),
        dumps=DUMPS.values(),
        yasgui=assets.yasgui_installed(),
        charts=assets.charts_installed(),  # a Chart view in YASGUI's results (ui.js)
        yasgui_version=assets.YASGUI_VERSION,
        install_command=assets.INSTALL_COMMAND,
        ui=ui,
    )


@bp.route("/examples.json")
def examples_json():
    """``{"examples": [{"name", "title", "description", "query"}, …]}``, one per ``queries/*.rq``."""
    return jsonify(examples=[asdict(e) for e in load_examples()])


@bp.route("/examples/<name>.rq")
def example_file(name: str) -> Response:
    """One example query as its ``.rq`` file."""
    for example in load_examples():
        if example.name == name:
            return Response(example.query, content_type="application/sparql-query; charset=utf-8")
    abort(404, f"no example query named {name!r}")


@bp.route("/health")
def health():
    """``status``, ``triples`` (quads over all graphs), the store ``revision``, the result cache's counters
    and the query runner's (workers, running queries, queries stopped by deadline or memory, crashes).

    Never cached: it is what a load balancer or a monitor polls.
    """
    store = current_app.extensions["newskg.store"]
    response = jsonify(
        status="ok",
        triples=len(store),
        revision=store.revision,
        modified=datetime.fromtimestamp(store.modified, timezone.utc).isoformat(timespec="seconds"),
        writable=bool(current_app.config["NEWSKG_UPDATE_TOKEN"]),
        timeout=current_app.config["NEWSKG_TIMEOUT"],
        cache=current_app.extensions["newskg.cache"].stats(),
        queries=current_app.extensions["newskg.runner"].stats(),
    )
    response.headers["Cache-Control"] = "no-store"
    return response
