"""The HTML pages of resources and named graphs (template ``resource.html``)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from flask import render_template

from kg.namespaces import ONTOLOGY, OWL, RDF, RDFS, SKOS, WIKIDATA

from .context import page_globals
from .describe import Description, GraphContents
from .sentences import sentence_views
from .terms import LABEL_RANK, NAME_PREDICATES, SAME_AS, TYPE, natural_key
from .urls import href_for
from .views import Viewer, best_label, downloads

# properties listed first on a page, in this order; the rest follow by their short names
_ORDER = [RDF + "type", SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel", OWL + "sameAs"]
_ROLES = {"speaker": "speaker", "about": "about", "aboutPlace": "place", "reportedIn": "in article"}


def render_resource(d: Description, kind: str, variant_url, max_rows: int, concepts=()) -> str:
    viewer = Viewer(d.labels)
    properties, props_truncated = _property_rows(d.out, viewer, max_rows)
    # the article's sentences and mentions and the statements have tables of their own
    shown = {s for s, _, _ in d.fragments} | {e["iri"] for e in d.statements}
    incoming = sorted((sp for sp in d.incoming if sp[0] not in shown), key=lambda sp: (natural_key(sp[0]), str(sp[1])))
    sentences, sentences_truncated = sentence_views(d.fragments, viewer, max_rows)
    notices = list(d.notices)
    if props_truncated:
        notices.append(f"The property table shows the first {max_rows} values; download the RDF for the rest.")
    if len(incoming) > max_rows:
        notices.append(f"Only the first {max_rows} references are shown.")
    if sentences_truncated:
        notices.append(f"Only the first {max_rows} sentences are shown.")
    same_as = [viewer.term(o) for p, o in d.out if p == SAME_AS and isinstance(o, ox.NamedNode)]
    from ..views.entity import entity_sections  # figures over time, and a map for places

    explore = entity_sections(d.iri.value, {o.value for p, o in d.out if p == TYPE})
    return render_template(
        "resource.html",
        kind=kind,
        iri=d.iri.value,
        **_title(d, viewer),
        types=[viewer.term(o) for p, o in d.out if p == TYPE],
        names=_names(d, viewer),
        same_as=same_as,
        wikidata=[v for v in same_as if v["iri"].startswith(WIKIDATA)],
        properties=properties,
        incoming=[(viewer.term(s), viewer.predicate(p)) for s, p in incoming[:max_rows]],
        sentences=sentences,
        statements=[_statement_view(e, viewer) for e in d.statements],
        graphs=[viewer.term(g, use_label=False) for g in d.graphs],
        concepts=list(concepts),
        notices=notices,
        downloads=downloads(variant_url),
        max_rows=max_rows,
        explore=explore,
        **page_globals(),
    )


def render_graph(node: ox.NamedNode, contents: GraphContents, variant_url, store_url: str, max_rows: int,
                 article: Description | None = None) -> str:
    """A named graph's page: its article's statements first, then its sentences and mentions and
    all its triples folded away (``article`` is the description of the article it holds)."""
    viewer = Viewer({**contents.labels, **(article.labels if article is not None else {})})
    notices = []
    if contents.truncated:
        notices.append(f"Only the first {max_rows} of {contents.count} triples are listed; "
                       "download the graph for all of them.")
    rows = [(viewer.term(s, use_label=False), viewer.predicate(p), viewer.term(o)) for s, p, o in contents.rows]
    return render_template(
        "resource.html",
        kind="graph",
        iri=node.value,
        title=viewer.name(node.value),
        title_lang=None,
        count=contents.count,
        articles=[viewer.term(a) for a in contents.articles],
        store_url=store_url,
        graph_rows=rows,
        notices=notices,
        downloads=downloads(variant_url),
        statements=[_statement_view(e, viewer) for e in article.statements] if article is not None else [],
        sentences=sentence_views(article.fragments, viewer, max_rows)[0] if article is not None else [],
        types=[], names=[], same_as=[], wikidata=[], properties=[], incoming=[],
        graphs=[], concepts=[], max_rows=max_rows, explore={},
        **page_globals(),
    )


def _title(d: Description, viewer: Viewer) -> dict:
    """The page's heading: the resource's best label, else a name made from its IRI."""
    title = best_label([(LABEL_RANK[p], o) for p, o in d.out if p in LABEL_RANK and isinstance(o, ox.Literal)])
    if title is None:
        title = viewer.label(d.iri)
    if title is not None:
        return {"title": title.value, "title_lang": title.language}
    return {"title": _page_title(viewer.name(d.iri.value), d.iri.value, viewer), "title_lang": None}


def _page_title(name: str, iri: str, viewer: Viewer) -> str:
    """``statement 10`` becomes ``statement 10 · <article's name>`` (a page needs its context)."""
    parts = iri[len(viewer.base):].split("/") if iri.startswith(viewer.base) else []
    if len(parts) == 5 and parts[:2] == ["id", "article"]:
        article = ox.NamedNode(viewer.base + "/".join(parts[:3]))
        label = viewer.label(article)
        return f"{name} · {label.value if label is not None else viewer.name(article.value)}"
    return name


def _names(d: Description, viewer: Viewer) -> list[dict]:
    names = [(p, o) for p, o in d.out if p in NAME_PREDICATES and isinstance(o, ox.Literal)]
    names.sort(key=lambda po: (NAME_PREDICATES.index(po[0]), po[1].language or "", po[1].value))
    return [{"predicate": viewer.short(p.value), "value": o.value, "lang": o.language} for p, o in names]


def _property_rows(pairs, viewer: Viewer, max_rows: int) -> tuple[list, bool]:
    """``(predicate view, [value views])`` grouped by predicate, at most ``max_rows`` values."""
    grouped: dict = defaultdict(list)
    for p, o in pairs:
        grouped[p].append(o)

    def key(p):
        return (_ORDER.index(p.value) if p.value in _ORDER else len(_ORDER), viewer.short(p.value))

    rows, shown, truncated = [], 0, False
    for p in sorted(grouped, key=key):
        values = sorted(grouped[p], key=lambda o: (natural_key(o) if not isinstance(o, ox.Literal) else (), str(o)))
        room = max_rows - shown
        if room <= 0:
            truncated = True
            break
        if len(values) > room:
            values, truncated = values[:room], True
        shown += len(values)
        rows.append((viewer.predicate(p), [viewer.term(o) for o in values]))
    return rows, truncated


def _statement_view(e: dict, viewer: Viewer) -> dict:
    def term(key: str, use_label: bool = True):
        return viewer.term(e[key], use_label) if e[key] is not None else None

    return {
        "statement": viewer.term(e["iri"]),
        "roles": sorted(_ROLES.get(v.value[len(ONTOLOGY):], v.value) for v in e["via"]),
        "speaker": term("speaker"),
        "stance": term("stance"),
        "date": e["date"].value if e["date"] is not None else None,
        "quote": e["quote"] is not None and e["quote"].value == "true",
        "content": term("content"),
        "sentence": term("sentence", use_label=False),
        "sentence_href": href_for(e["sentence"].value, viewer.base, viewer.root) if e["sentence"] is not None else None,
        "text": e["text"].value if e["text"] is not None else None,
        "article": term("article"),
    }
