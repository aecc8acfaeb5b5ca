"""``/update``: the update operation of the SPARQL 1.1 Protocol, for holders of the write token.

Requests: ``POST`` with ``application/x-www-form-urlencoded`` (``update=…``, and optionally
``using-graph-uri`` / ``using-named-graph-uri``, each repeatable), or ``POST`` with
``application/sparql-update`` (the update as a UTF-8 body, the ``using-…`` parameters in the URL).
``GET`` is refused with 405 (``Allow: POST``): a link must never change the store.

Checks, in this order, each with its own answer:

* authorisation (:func:`kg.web.auth.write_refusal`): 403 when the server has no update token
  (it is read-only), 401 with ``WWW-Authenticate`` when the bearer token is missing or wrong;
* a body over 1 MiB: 413; another content type, or a ``charset`` other than UTF-8: 415;
* ``update`` missing, blank or repeated, a body that is not UTF-8, a query sent here (queries go
  to ``/sparql``), a ``using-…`` value that is not an absolute IRI, or ``using-…`` parameters
  together with an update that has its own ``USING`` / ``USING NAMED`` / ``WITH`` (the protocol
  forbids combining them): 400;
* ``SERVICE`` and ``LOAD`` make the server fetch URLs; both follow the federation allow-list
  (``service_hosts``, ``kg serve --allow-service``) and are refused with 403 otherwise.

Then Oxigraph runs the whole request as one transaction (all operations or none) and the store's
revision changes, which invalidates cached query answers and ETags. Answers: **204 No Content**
when it ran; 400 ``Malformed update: <Oxigraph's message>``; 500 with the message when it failed
while running (e.g. ``CREATE GRAPH`` of a graph that exists, ``DROP GRAPH`` of one that does not
without ``SILENT``, a failed ``LOAD``), in which case nothing was written.

The RDF dataset of an update is SPARQL Update's, not ``/sparql``'s: without ``USING`` (or
``using-graph-uri``) the ``WHERE`` clause matches the store's own default graph, which newskg
leaves empty, **not** the union of all graphs that queries see. Match article data with
``GRAPH ?g { … }``, or name the graphs with ``USING`` / ``using-graph-uri``. Oxigraph's update
API takes no dataset, so ``using-graph-uri`` / ``using-named-graph-uri`` are applied by writing
``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of each ``DELETE``/``INSERT … WHERE``
operation (see :func:`kg.sparqltext.querytext.add_using`); ``INSERT DATA``, ``DELETE DATA``,
``DELETE WHERE`` and the graph management operations have no dataset and are unaffected.

Relative IRIs in an update resolve against the endpoint's own URL (``…/update``) unless the
update has a ``BASE``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import MultiDict

from kg.sparqltext import querytext

from . import bodies
from .auth import write_refusal
from .responses import plain as _plain
from .sparql import RequestError, check_text

bp = Blueprint("update", __name__)

MAX_UPDATE_BYTES = 1 << 20  # an update larger than 1 MiB is not one we want to parse; use /store
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update"


@bp.route("/update", methods=["POST"])
def update() -> Response:
    refusal = write_refusal()
    if refusal is not None:
        return refusal
    try:
        text, using, using_named = _read_request()
        if querytext.first_keyword(text) in querytext.QUERY_FORMS:
            raise RequestError(
                f"this is a {querytext.first_keyword(text)} query, not an update: send queries to /sparql"
            )
        default_graphs = [_iri(u, "using-graph-uri") for u in using]
        named_graphs = [_iri(u, "using-named-graph-uri") for u in using_named]
        if (default_graphs or named_graphs) and querytext.names_update_dataset(text):
            raise RequestError(
                "using-graph-uri / using-named-graph-uri cannot be combined with an update that has "
                "its own USING, USING NAMED or WITH clause (SPARQL 1.1 Protocol, section 2.2.3)"
            )
        check_text(text, update=True)  # SERVICE and LOAD fetch URLs; deep nesting crashes the parser
        text = querytext.add_using(text, [str(g) for g in default_graphs], [str(g) for g in named_graphs])
    except RequestError as exc:
        return _plain(exc.status, str(exc))

    store = current_app.extensions["newskg.store"]
    try:
        store.update(text, base_iri=_base_iri())
    except SyntaxError as exc:
        return _plain(400, f"Malformed update: {exc}")
    except Exception as exc:  # noqa: BLE001 -- Oxigraph rolled the transaction back: nothing was written
        current_app.logger.warning("update failed: %s", exc)
        return _plain(500, f"Update failed, nothing was written: {exc}")
    return Response(status=204)


def _read_request() -> tuple[str, list[str], list[str]]:
    """The update text and the ``using-…`` graphs, from whichever way the request carries them."""
    mimetype = request.mimetype
    if mimetype not in (FORM, UPDATE):
        raise RequestError(
            f"unsupported content type {mimetype or '(none)'!r}; POST the update as {FORM} "
            f"(update=...) or as {UPDATE}",
            415,
        )
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise RequestError(f"{mimetype} requests must be UTF-8, not {charset}", 415)
    try:
        body = _read_body().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(f"the request body is not valid UTF-8: {exc}") from None
    if mimetype == FORM:
        try:
            pairs = parse_qsl(body, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise RequestError(f"the form is not valid UTF-8 once percent-decoded: {exc}") from None
        params = MultiDict(list(request.args.items(multi=True)) + pairs)  # the URL, then the body
        updates = params.getlist("update")
    else:
        params = request.args
        if "update" in params:
            raise RequestError(f"a {UPDATE} request carries its update in the body, not in the URL")
        updates = [body]
    if len(updates) > 1:
        raise RequestError("the update parameter must be given once, not repeated")
    if not updates or not updates[0].strip():
        hint = " (queries go to /sparql)" if "query" in params else ""
        raise RequestError(f"missing update: give one as update=... or as the body of a {UPDATE} POST{hint}")
    return updates[0], params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri")


def _read_body() -> bytes:
    """The request body; 413 past :data:`MAX_UPDATE_BYTES`, whether declared or chunked."""
    bodies.limit(MAX_UPDATE_BYTES, "the update")
    return request.get_data()


def _iri(value: str, parameter: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise RequestError(f"{parameter} is not a valid IRI: {value!r} ({exc})") from None


def _base_iri() -> str | None:
    """This endpoint's URL, against which relative IRIs resolve (None if the Host makes it no IRI)."""
    try:
        return ox.NamedNode(request.base_url).value
    except ValueError:
        return None
