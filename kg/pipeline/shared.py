"""The two graphs ingest keeps besides the article graphs: entities and claims (docs/model.md).

* ``{base}graph/shared/entities``: the canonical description of every entity an article graph
  names: its type, one ``skos:prefLabel`` per language, its labels, and for a gazetteer row its
  aliases (``skos:altLabel``), QID (``owl:sameAs``) and country (``nkg:ofCountry``, whose country
  is described too). A gazetteer row's description is a constant of the committed tables. Any
  other entity's is computed from the article graphs: per language, the least (in code-point
  order) of the names the articles give it (``nkg:articleLabel``), so it depends on which
  articles the store holds, never on the order they came in.
* ``{base}graph/shared/claims``: per claim, its tallies over the article graphs that report it:
  ``nkg:reportCount`` (statements), ``nkg:outletCount`` (distinct ``schema:publisher``, an
  article without one counting as its own outlet), ``nkg:firstReported`` / ``nkg:lastReported``
  (report dates: the article's publication date, else its reference date, else the date of
  saying) and ``schema:firstAppearance`` (the article of the first report; on a tie the least IRI).

Both are recomputed for exactly the entities and claims an article graph names before and after
it is written, by one SPARQL update (:func:`refresh`) that :mod:`kg.pipeline.ingest` and :mod:`kg.pipeline.load`
run after the article's replacement, in the same request (so the same transaction on Oxigraph
and on Virtuoso). That makes them a function of the article graphs and the tables: writing an
article twice leaves them as once, shards loaded in any order or on any machine give the same
result, and an entity or claim no article names any more loses its description (a gazetteer
row's description is written only while some article graph names the entity, which is why an
article graph names the country of each gazetteer entity in it). Article ids are
``[A-Za-z0-9_-]+``, so no article graph can be named ``shared/…``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ..gazetteer import Entry
from ..graph import Minter
from ..identity import TYPE_PATHS, default_tables
from ..namespaces import ONTOLOGY, OWL, RDF, RDFS, SCHEMA, SKOS, WIKIDATA, XSD

ENTITY_TYPES = frozenset(ONTOLOGY + t for t in TYPE_PATHS)
CLAIM = ONTOLOGY + "Claim"
_TYPE = f"<{RDF}type>"
_ENTITY_OBJECTS = frozenset(f"<{t}>" for t in ENTITY_TYPES)
_CLAIM_OBJECT = f"<{CLAIM}>"


def entities_graph(base: str) -> ox.NamedNode:
    return Minter(base).shared_graph("entities")


def claims_graph(base: str) -> ox.NamedNode:
    return Minter(base).shared_graph("claims")


def named_in(ntriples: str | bytes) -> tuple[set[str], set[str]]:
    """The entity IRIs and the claim IRIs an article graph's N-Triples (or N-Quads) type.

    A scan of the text, not a parse: the lines are the pipeline's own, one triple each, and
    ``kg load`` meets them as bytes it has already checked against its manifest.
    """
    text = ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples
    entities, claims = set(), set()
    for line in text.split("\n"):
        subject, _, rest = line.partition(" ")
        predicate, _, rest = rest.partition(" ")
        if predicate != _TYPE:
            continue
        obj = rest.split(" ", 1)[0]
        if obj in _ENTITY_OBJECTS:
            entities.add(subject[1:-1])
        elif obj == _CLAIM_OBJECT:
            claims.add(subject[1:-1])
    return entities, claims


def named_in_store(store, *graphs: ox.NamedNode) -> tuple[set[str], set[str]]:
    """What the store's ``graphs`` type now (nothing for a graph it does not have): the entities
    and claims whose shared descriptions must be recomputed once the graphs are replaced."""
    types = " ".join(f"<{t}>" for t in (*ENTITY_TYPES, CLAIM))
    names = " ".join(str(g) for g in graphs)
    rows = store.query(f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s a ?t VALUES ?t {{ {types} }} }} }}")
    entities, claims = set(), set()
    for row in rows:
        (claims if row["t"].value == CLAIM else entities).add(row["s"].value)
    return entities, claims


def refresh(base: str, entities: Iterable[str], claims: Iterable[str], named: Iterable[str] = ()) -> str:
    """SPARQL update operations (no prologue needed) that recompute the shared descriptions of
    ``entities`` and ``claims`` (IRIs) from the article graphs; empty when there are none.

    ``named``: those of ``entities`` that the graph being written names. A gazetteer row's
    description is a constant of the tables, so for those it is only inserted (nothing to read,
    nothing to delete: the cheap common case, a new article naming known entities); the other
    gazetteer entities are deleted and written back only if some article still names them.
    After the tables change, ``kg refresh`` rewrites every description.
    """
    tables = default_tables()
    named = set(named)
    fixed: dict[str, Entry] = {}
    derived: list[str] = []
    prefix = base + "id/"
    for iri in sorted(set(entities) | named):
        entry = tables.by_path.get(iri[len(prefix):]) if iri.startswith(prefix) else None
        if entry is None:
            derived.append(iri)
        else:
            fixed[iri] = entry
    kept = {iri: entry for iri, entry in fixed.items() if iri in named}
    checked = {iri: entry for iri, entry in fixed.items() if iri not in named}
    ops = []
    graph = str(entities_graph(base))
    mint = Minter(base)
    cleared = sorted(set(checked) | set(derived))
    if cleared:
        ops.append(f"DELETE {{ GRAPH {graph} {{ ?e ?p ?o }} }} WHERE {{ VALUES ?e {{ {_iris(cleared)} }} GRAPH {graph} {{ ?e ?p ?o }} }}")
    if kept:
        lines = [line for iri, entry in sorted(kept.items()) for line in _description(iri, entry, mint, tables)]
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")
    if checked:
        # written back for the rows some article still names (an article that names an entity
        # also names its country: the graph describes it)
        rows = "\n".join(f"({line[:-2]})" for iri, entry in sorted(checked.items()) for line in _description(iri, entry, mint, tables))
        ops.append(
            f"INSERT {{ GRAPH {graph} {{ ?e ?p ?o }} }} WHERE {{\n"
            f"  VALUES (?e ?p ?o) {{\n{rows}\n  }}\n"
            f"  FILTER EXISTS {{ GRAPH ?g {{ ?e <{ONTOLOGY}articleLabel> ?named }} }}\n"
            f"}}"
        )
    if derived:
        ops.append(
            f"INSERT {{ GRAPH {graph} {{ ?e a ?t ; <{SKOS}prefLabel> ?label ; <{RDFS}label> ?label }} }} WHERE {{\n"
            f"  {{ SELECT ?e ?t ?lang (MIN(STR(?l)) AS ?text) WHERE {{\n"
            f"      VALUES ?e {{ {_iris(derived)} }}\n"
            f"      GRAPH ?g {{ ?e a ?t ; <{ONTOLOGY}articleLabel> ?l }}\n"
            f"      BIND (LANG(?l) AS ?lang)\n"
            f"  }} GROUP BY ?e ?t ?lang }}\n"
            f"  BIND (STRLANG(?text, ?lang) AS ?label)\n"
            f"}}"
        )
    claims = sorted(set(claims))
    if claims:
        ops += _claim_ops(base, claims)
    return " ;\n".join(ops)


def refreshes(base: str, entities: Iterable[str], claims: Iterable[str], size: int = 200, named: Iterable[str] = ()) -> Iterator[str]:
    """:func:`refresh` cut into updates of at most ``size`` entities or claims each, for a bulk
    load's thousands (a remote store limits the size of one update)."""
    entities, claims, named = sorted(set(entities)), sorted(set(claims)), set(named)
    for at in range(0, len(entities), size):
        part = entities[at : at + size]
        yield refresh(base, part, (), named=named.intersection(part))
    for at in range(0, len(claims), size):
        yield refresh(base, (), claims[at : at + size])


def _claim_ops(base: str, claims: list[str]) -> list[str]:
    graph = str(claims_graph(base))
    n = ONTOLOGY
    return [
        f"DELETE {{ GRAPH {graph} {{ ?c ?p ?o }} }} WHERE {{ VALUES ?c {{ {_iris(claims)} }} GRAPH {graph} {{ ?c ?p ?o }} }}",
        f"INSERT {{ GRAPH {graph} {{ ?c a <{CLAIM}> ; <{n}reportCount> ?reports ; <{n}outletCount> ?outlets ;"
        f" <{n}firstReported> ?first ; <{n}lastReported> ?last ; <{SCHEMA}firstAppearance> ?firstArticle }} }} WHERE {{\n"
        f"  {{ SELECT ?c (COUNT(DISTINCT ?st) AS ?reports) (COUNT(DISTINCT ?outlet) AS ?outlets)\n"
        f"           (MIN(?day) AS ?first) (MAX(?day) AS ?last) (MIN(CONCAT(STR(?day), \" \", STR(?a))) AS ?firstKey) WHERE {{\n"
        f"      VALUES ?c {{ {_iris(claims)} }}\n"
        f"      GRAPH ?g {{\n"
        f"        ?c <{n}reportedBy> ?st . ?st <{n}reportedIn> ?a .\n"
        f"        OPTIONAL {{ ?a <{SCHEMA}publisher> ?publisher }}\n"
        f"        OPTIONAL {{ ?a <{SCHEMA}datePublished> ?published }}\n"
        f"        OPTIONAL {{ ?a <{n}referenceDate> ?reference }}\n"
        f"        OPTIONAL {{ ?st <{n}saidOn> ?said }}\n"
        f"      }}\n"
        f"      BIND (COALESCE(?publisher, STR(?a)) AS ?outlet)\n"
        f"      BIND (COALESCE(<{XSD}date>(SUBSTR(STR(?published), 1, 10)), ?reference, ?said) AS ?day)\n"
        f"  }} GROUP BY ?c }}\n"
        f"  BIND (IRI(STRAFTER(?firstKey, \" \")) AS ?firstArticle)\n"
        f"}}",
    ]


def _description(iri: str, entry: Entry, mint: Minter, tables) -> list[str]:
    """A gazetteer row as N-Triples lines: its canonical description."""
    s = f"<{iri}>"
    out = [f"{s} <{RDF}type> <{ONTOLOGY}{entry.type}> ."]
    preferred = {(entry.label_en, "en"), (entry.label_id, "id")} - {("", "en"), ("", "id")}
    for name, lang in sorted(preferred):
        out.append(f"{s} <{SKOS}prefLabel> {_lit(name, lang)} .")
        out.append(f"{s} <{RDFS}label> {_lit(name, lang)} .")
    for name, lang in sorted(set(entry.aliases) - preferred):
        out.append(f"{s} <{SKOS}altLabel> {_lit(name, lang)} .")
    if entry.wikidata:
        out.append(f"{s} <{OWL}sameAs> <{WIKIDATA}{entry.wikidata}> .")
    country = tables.countries.get(entry.country or "") if entry.type != "Country" else None
    if country is not None:
        out.append(f"{s} <{ONTOLOGY}ofCountry> {mint.entity(tables.identity_of_entry(country))} .")
    return out


def _lit(value: str, lang: str) -> str:
    return str(ox.Literal(value, language=lang))


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def write_article(store, graph: ox.NamedNode, ntriples: str, count: int, base: str) -> int:
    """Replace an article graph and recompute what the shared graphs say about the entities and
    claims it names, before and after, in one request (one transaction where the store has them)."""
    old_entities, old_claims = named_in_store(store, graph) if store.has_graph(graph) else (set(), set())
    entities, claims = named_in(ntriples)
    then = refresh(base, old_entities | entities, old_claims | claims, named=entities)
    return store.replace_graph_text(graph, ntriples, count, then=then)


def base_of(graph: str) -> str:
    """The base an article graph ``{base}graph/{id}`` was minted under (ids have no slash)."""
    return graph[: graph.rindex("graph/")]


def refresh_all(store, base: str) -> None:
    """Recompute both shared graphs from every article graph of ``store``: after graphs were
    written some other way (a raw bulk load of N-Quads, the graph store protocol). Everything
    either kind of graph names is recomputed, so what no article names any more goes."""
    types = " ".join(f"<{t}>" for t in (*ENTITY_TYPES, CLAIM))
    rows = store.query(f"SELECT DISTINCT ?s ?t WHERE {{ GRAPH ?g {{ ?s a ?t VALUES ?t {{ {types} }} }} }}")
    entities, claims = set(), set()
    for row in rows:
        (claims if row["t"].value == CLAIM else entities).add(row["s"].value)
    for update in refreshes(base, entities, claims):
        store.update(update)
