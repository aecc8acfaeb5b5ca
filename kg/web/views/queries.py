"""The store queries behind the exploration pages (search, figures, map), one small function each.

They are written against the data model of docs/model.md and are the only place these pages
know it: when the model changes (entity IRIs, claims), adapt the queries here and keep the
shapes of what they return. Every function takes the store and plain values, and returns plain
Python data (results are consumed here, in the calling thread).
"""

from __future__ import annotations

from collections import defaultdict


from kg.namespaces import NIF, ONTOLOGY, OWL, SCHEMA

PREFIXES = f"PREFIX nkg: <{ONTOLOGY}>\nPREFIX nif: <{NIF}>\nPREFIX schema: <{SCHEMA}>\nPREFIX owl: <{OWL}>\n"


def _rows(store, sparql: str) -> list[tuple]:
    return [tuple(row) for row in store.query(PREFIXES + sparql, use_default_graph_as_union=True)]


def _value(term) -> str | None:
    return term.value if term is not None else None


def _iris(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


# --- search hits --------------------------------------------------------------------------------


def sentence_details(store, sentences: list[str]) -> dict[str, dict]:
    """What a search hit shows about each sentence: its text, article (headline, date, language,
    outlet) and the statements made in it (speaker, stance, date, figures)."""
    if not sentences:
        return {}
    rows = _rows(store, f"""
SELECT ?s ?text ?article ?headline ?published ?lang ?publisher ?st ?speaker ?stance ?said ?value ?bound ?kind WHERE {{
  VALUES ?s {{ {_iris(sentences)} }}
  ?s nif:anchorOf ?text .
  OPTIONAL {{ ?s nif:referenceContext ?article .
    OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:datePublished ?published }}
    OPTIONAL {{ ?article schema:inLanguage ?lang }} OPTIONAL {{ ?article schema:publisher ?publisher }} }}
  OPTIONAL {{ ?st nkg:sentence ?s ; a nkg:Statement .
    OPTIONAL {{ ?st nkg:speaker ?speaker }} OPTIONAL {{ ?st nkg:stance ?stance }} OPTIONAL {{ ?st nkg:saidOn ?said }}
    OPTIONAL {{ ?st nkg:quantity ?q . ?q nkg:value ?value ; nkg:bound ?bound ; nkg:quantityKind ?kind }} }}
}}""")
    out: dict[str, dict] = {}
    for s, text, article, headline, published, lang, publisher, st, speaker, stance, said, value, bound, kind in rows:
        hit = out.setdefault(s.value, {
            "iri": s.value, "text": text.value, "article": _value(article), "headline": _value(headline),
            "published": _value(published)[:10] if published is not None else None, "lang": _value(lang),
            "publisher": _value(publisher), "statements": {},
        })
        if st is None:
            continue
        statement = hit["statements"].setdefault(st.value, {
            "iri": st.value, "speaker": _value(speaker), "stance": _value(stance), "said": _value(said), "figures": set(),
        })
        if value is not None:
            statement["figures"].add((int(value.value), bound.value, kind.value))
    for hit in out.values():
        hit["statements"] = sorted(hit["statements"].values(), key=lambda st: _natural(st["iri"]))
        for st in hit["statements"]:
            st["figures"] = sorted(st["figures"])
    return out


def _natural(iri: str) -> tuple:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


# --- figures ------------------------------------------------------------------------------------


def figures(store, *, kind: str | None = None, place: str | None = None, actor: str | None = None) -> list[dict]:
    """Every figure a statement gives: value, bound, kind, speaker, outlet, the date it was said
    (else the article's date), place and article; narrowed to a kind (IRI), a place (IRI: the
    statement is about it or about a place of that country) or an actor (IRI: speaker, subject
    or what is counted)."""
    filters = []
    if kind:
        filters.append(f"FILTER(?kind = <{kind}>)")
    if place:
        filters.append(f"""{{ ?st nkg:aboutPlace <{place}> }} UNION {{ ?st nkg:aboutPlace ?inside . ?inside nkg:ofCountry <{place}> }}""")
    if actor:
        filters.append(f"""{{ ?st nkg:speaker <{actor}> }} UNION {{ ?st nkg:about <{actor}> }} UNION {{ ?q nkg:countOf <{actor}> }}""")
    rows = _rows(store, f"""
SELECT DISTINCT ?q ?st ?value ?bound ?kind ?speaker ?said ?published ?publisher ?article ?place ?surface WHERE {{
  ?st a nkg:Statement ; nkg:quantity ?q .
  ?q nkg:value ?value ; nkg:quantityKind ?kind .
  OPTIONAL {{ ?q nkg:bound ?bound }} OPTIONAL {{ ?q nkg:surfaceForm ?surface }}
  OPTIONAL {{ ?st nkg:speaker ?speaker }} OPTIONAL {{ ?st nkg:saidOn ?said }} OPTIONAL {{ ?st nkg:aboutPlace ?place }}
  OPTIONAL {{ ?st nkg:reportedIn ?article OPTIONAL {{ ?article schema:datePublished ?published }}
              OPTIONAL {{ ?article schema:publisher ?publisher }} }}
  {" ".join(filters)}
}}""")
    seen, out = set(), []
    for q, st, value, bound, kind_, speaker, said, published, publisher, article, place_, surface in rows:
        if q.value in seen:  # a second place or date: one figure is one mark
            continue
        seen.add(q.value)
        date = _value(said) or (_value(published) or "")[:10] or None
        out.append({
            "iri": q.value, "statement": st.value, "value": int(value.value), "bound": _value(bound) or "exact",
            "kind": kind_.value, "speaker": _value(speaker), "outlet": _value(publisher), "date": date,
            "said": said is not None, "article": _value(article), "place": _value(place_), "text": _value(surface),
        })
    out.sort(key=lambda f: (f["date"] or "9999", f["iri"]))
    return out


def kinds_used(store) -> list[str]:
    return sorted(k.value for (k,) in _rows(store, "SELECT DISTINCT ?k WHERE { ?q nkg:quantityKind ?k }"))


# --- places -------------------------------------------------------------------------------------


def statements_by_place(store, *, kind: str | None = None, date_from: str | None = None, date_to: str | None = None) -> dict[str, int]:
    """How many statements are about each place (``nkg:aboutPlace``), narrowed to statements that
    give a figure of ``kind`` and to a period (the date of saying, else of publication)."""
    filters = []
    if kind:
        filters.append(f"?st nkg:quantity/nkg:quantityKind <{kind}> .")
    if date_from or date_to:
        filters.append("OPTIONAL { ?st nkg:saidOn ?said } OPTIONAL { ?st nkg:reportedIn/schema:datePublished ?published }"
                       " BIND(SUBSTR(STR(COALESCE(?said, ?published)), 1, 10) AS ?day)")
        if date_from:
            filters.append(f'FILTER(BOUND(?day) && ?day >= "{date_from}")')
        if date_to:
            filters.append(f'FILTER(BOUND(?day) && ?day <= "{date_to}")')
    rows = _rows(store, f"""
SELECT ?place (COUNT(DISTINCT ?st) AS ?n) WHERE {{ ?st a nkg:Statement ; nkg:aboutPlace ?place . {" ".join(filters)} }}
GROUP BY ?place""")
    return {place.value: int(n.value) for place, n in rows}


def same_as(store, iris: list[str]) -> dict[str, str]:
    """The Wikidata IRI each of ``iris`` is ``owl:sameAs`` (when linked)."""
    if not iris:
        return {}
    out = {}
    for at in range(0, len(iris), 500):
        for e, wd in _rows(store, f"SELECT DISTINCT ?e ?wd WHERE {{ VALUES ?e {{ {_iris(iris[at:at + 500])} }} ?e owl:sameAs ?wd }}"):
            out[e.value] = wd.value
    return out


def types_of(store, iris: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for at in range(0, len(iris), 500):
        for e, t in _rows(store, f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?e {{ {_iris(iris[at:at + 500])} }} ?e a ?t }}"):
            out[e.value].add(t.value)
    return out


def country_of(store, iris: list[str]) -> dict[str, str]:
    out = {}
    for at in range(0, len(iris), 500):
        for e, c in _rows(store, f"SELECT DISTINCT ?e ?c WHERE {{ VALUES ?e {{ {_iris(iris[at:at + 500])} }} ?e nkg:ofCountry ?c }}"):
            out[e.value] = c.value
    return out


def is_place(store, iri: str) -> bool:
    return bool(store.query(PREFIXES + f"ASK {{ {{ <{iri}> a nkg:Country }} UNION {{ <{iri}> a nkg:Location }} }}",
                            use_default_graph_as_union=True))


def is_actor_or_place(store, iri: str) -> bool:
    types = " ".join(f"nkg:{t}" for t in ("Person", "Organization", "MilitaryUnit", "Country", "Location"))
    return bool(store.query(PREFIXES + f"ASK {{ VALUES ?t {{ {types} }} <{iri}> a ?t }}", use_default_graph_as_union=True))


