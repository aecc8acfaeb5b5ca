"""``/reconcile``: a reconciliation service (W3C Entity Reconciliation CG API, version 0.2).

This is the API OpenRefine speaks: point "Reconcile → Add standard service" at
``http://host:port/reconcile`` and cells of names become links to newskg entity IRIs.

Requests (``GET`` or ``POST`` form, parameters in the URL or the form body):

* nothing: the service manifest;
* ``queries={"q0": {"query": "Zelensky", "type": "...", "limit": 3, "type_strict": "should",
  "properties": [{"pid": "wikidata", "v": "Q3874799"}]}, ...}``: a batch, answered as
  ``{"q0": {"result": [{"id", "name", "type": [{"id", "name"}], "score", "match"}, ...]}, ...}``;
* ``query=Zelensky`` or ``query={"query": "Zelensky", ...}``: one query, as older clients send
  it, answered as ``{"result": [...]}``;
* ``callback=fn`` with any of these: JSONP, ``fn(<json>);`` as ``application/javascript``.

A batch or query that cannot be read is HTTP 400 with ``{"error": "..."}``; a body over
:data:`MAX_BODY_BYTES` (1 MiB) is 413, in plain text like every other route's (:mod:`kg.web.bodies`).

Candidates are the entities of the five types (``nkg:Person``, ``nkg:Organization``,
``nkg:MilitaryUnit``, ``nkg:Country``, ``nkg:Location``) with a ``skos:prefLabel``,
``rdfs:label`` or ``skos:altLabel`` that passes a prefilter run in SPARQL: a regular expression
per query word, insensitive to case and to diacritics (see :func:`prefilter_words` and
:func:`word_pattern`). Oxigraph has no text index, so the prefilter is one scan over the label
triples per batch (about 2 s for 1.4 M label triples, 100 k entities); everything finer is done
in Python over the candidates it lets through:

* labels and query are normalised (Unicode decomposition, diacritics dropped, case folded,
  apostrophes removed, any other punctuation a word break);
* a label equal to the query after normalisation scores 100, the same letters spaced
  differently 99; otherwise a label scores ``99 × max(word similarity, string similarity)``,
  where word similarity is the Dice coefficient over words, a query word counting as the
  ``difflib`` ratio of its best match among the label's words when that is at least 0.8, and
  string similarity is the ``difflib`` ratio of the two normalised strings; an entity scores
  its best label;
* a ``wikidata`` property (pid ``wikidata``, ``owl:sameAs`` or the full ``owl:sameAs`` IRI; value
  a QID, a Wikidata IRI, or a reconciled ``{"id": ...}``) makes an entity ``owl:sameAs`` that
  item score 100 whatever its labels, and halves the score of an entity linked to another item;
  other properties are ignored;
* ``match`` is true only for the top candidate, only when it scores 100 and every other
  candidate (including those cut by ``limit``) scores at most 90.

A ``type`` (one type id or a list) restricts candidates to those types; ``nkg:Organization``
includes ``nkg:MilitaryUnit`` and ``nkg:Location`` includes ``nkg:Country``, as in the ontology.
Type ids are full IRIs; ``nkg:Person`` and ``Person`` are accepted too. Several types mean any
of them (an entity has exactly one), whatever ``type_strict`` says.

An entity's canonical description (``skos:prefLabel`` per language, the gazetteer's labels and
aliases) is in the entities graph, and every article graph that names it adds the names it wrote
(``rdfs:label``); candidates are deduplicated by IRI, and its ``name`` is its English
``skos:prefLabel`` (else another one).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from kg import config
from kg.namespaces import ONTOLOGY, OWL, RDF, RDFS, SKOS, WIKIDATA

from . import bodies

bp = Blueprint("reconcile", __name__)

TYPES = {  # the entity types, in manifest order, with their display names
    ONTOLOGY + "Person": "Person",
    ONTOLOGY + "Organization": "Organization",
    ONTOLOGY + "MilitaryUnit": "Military unit",
    ONTOLOGY + "Country": "Country",
    ONTOLOGY + "Location": "Location",
}
NARROWER = {  # rdfs:subClassOf in ontology/newskg.ttl, among the five
    ONTOLOGY + "Organization": (ONTOLOGY + "MilitaryUnit",),
    ONTOLOGY + "Location": (ONTOLOGY + "Country",),
}
LABELS = (SKOS + "prefLabel", RDFS + "label", SKOS + "altLabel")
PREF_LABEL = SKOS + "prefLabel"
SAME_AS = OWL + "sameAs"
TYPE = RDF + "type"
WIKIDATA_PIDS = {"wikidata", "owl:sameas", "sameas", SAME_AS.casefold()}

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_BATCH = 200  # OpenRefine sends 10 at a time
MAX_BODY_BYTES = 1 << 20  # a form of MAX_BATCH queries, with room to spare
CANDIDATE_CAP = 200  # entities per query described and ranked, the best by label first
ROW_CAP = 100_000  # (entity, label) rows the label scan may return for one batch
DESCRIBE_CHUNK = 500  # entities per description query
MATCH_MARGIN = 10
EXACT = 100.0
SPACING = 99.0  # the same letters, spaced differently: 'Tamir Po' ~ 'Tamirpo'
FUZZY_WORD = 0.8  # a query word counts as found in a label when this similar to one of its words

# Words too common to look candidates up by (when the query has other words).
STOPWORDS = frozenset(
    "a an and at by de del der di dan dari for in ke of on or pada the to untuk van von yang".split()
)
_CALLBACK = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_QID = re.compile(r"(?:^|[/:=])(Q[1-9][0-9]*)$", re.IGNORECASE)
_NOT_WORD = r"[^\p{L}\p{N}]"  # in SPARQL (XPath / Rust) regular expression syntax


class ReconcileError(ValueError):
    """A request the service cannot read; answered with HTTP 400."""


# --- normalisation --------------------------------------------------------------------------

_FOLD_EXTRA = str.maketrans(  # letters Unicode decomposition leaves alone
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H",
     "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"}
)
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_BREAKS = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Lower case, no diacritics, no apostrophes, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_BREAKS.sub(" ", text).split())


def _variants() -> dict[str, str]:
    """For each base letter, a regex class of the letters that normalise to it (both cases)."""
    found: dict[str, set[str]] = defaultdict(set)
    blocks = [(0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x2000)]  # Latin, Greek, Cyrillic
    for start, end in blocks:
        for cp in range(start, end):
            ch = chr(cp)
            base = normalise(ch)
            if len(base) == 1 and base != ch and base.isalpha():
                found[base].add(ch)
    return {
        base: "[" + "".join(sorted({base, base.upper(), *chars})) + "]"
        for base, chars in found.items()
    }


_VARIANTS = _variants()


def word_pattern(word: str) -> str:
    """A regular expression matching ``word`` (normalised) in a label, whatever its diacritics."""
    return "".join(_VARIANTS.get(ch, re.escape(ch)) for ch in word)


# --- parsing the request --------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str  # normalised
    types: frozenset[str] | None  # None: any entity type
    limit: int
    qids: frozenset[str] = frozenset()

    @property
    def allowed(self) -> frozenset[str]:
        """The entity types a candidate may have (empty: the query named no entity type)."""
        return frozenset(TYPES) if self.types is None else self.types


def parse_batch(raw: str) -> dict[str, Query]:
    try:
        batch = json.loads(raw)
    except ValueError as exc:
        raise ReconcileError(f"queries is not valid JSON: {exc}") from None
    if not isinstance(batch, dict):
        raise ReconcileError(
            'queries must be a JSON object of queries by key, e.g. {"q0": {"query": "Kyiv"}}, '
            f"not a JSON {_json_kind(batch)}"
        )
    if len(batch) > MAX_BATCH:
        raise ReconcileError(f"at most {MAX_BATCH} queries per batch, not {len(batch)}")
    return {key: parse_query(value, key) for key, value in batch.items()}


def parse_single(raw: str) -> Query:
    """``query=``: a bare string, or a JSON object (a JSON string is taken as the string)."""
    stripped = raw.strip()
    if stripped.startswith("{"):
        try:
            value = json.loads(stripped)
        except ValueError as exc:
            raise ReconcileError(f"query looks like JSON but is not valid: {exc}") from None
        return parse_query(value, "query")
    if stripped.startswith('"'):
        try:
            value = json.loads(stripped)
        except ValueError:
            value = raw
        if isinstance(value, str):
            raw = value
    return parse_query({"query": raw}, "query")


def parse_query(value, key: str) -> Query:
    where = f"query {key!r}"
    if not isinstance(value, dict):
        raise ReconcileError(f"{where} must be a JSON object, not a JSON {_json_kind(value)}")
    text = value.get("query", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ReconcileError(f'{where}: "query" must be a string, not a JSON {_json_kind(text)}')
    return Query(
        text=normalise(text),
        types=_types(value.get("type"), where),
        limit=_limit(value.get("limit"), where),
        qids=_qids(value.get("properties"), where),
    )


def _types(value, where: str) -> frozenset[str] | None:
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ReconcileError(f'{where}: "type" must be a type id or a list of them')
    iris: set[str] = set()
    for type_id in value:
        iri = resolve_type(type_id)
        if iri is not None:
            iris.add(iri)
            iris.update(NARROWER.get(iri, ()))
    return frozenset(iris)  # empty when no id names an entity type: nothing can match


def resolve_type(type_id: str) -> str | None:
    """The entity type IRI ``type_id`` names (full IRI, ``nkg:Name`` or ``Name``), else None."""
    type_id = type_id.strip()
    if type_id in TYPES:
        return type_id
    local = type_id[4:] if type_id.startswith("nkg:") else type_id
    for iri, name in TYPES.items():
        if local.casefold() in (iri[len(ONTOLOGY):].casefold(), name.casefold()):
            return iri
    return None


def _limit(value, where: str) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ReconcileError(f'{where}: "limit" must be a positive integer, not {json.dumps(value)}')
    return min(value, MAX_LIMIT)


def _qids(properties, where: str) -> frozenset[str]:
    """The Wikidata items asked for by ``wikidata`` / ``owl:sameAs`` properties; others are ignored."""
    if properties is None:
        return frozenset()
    if not isinstance(properties, list):
        raise ReconcileError(f'{where}: "properties" must be a list of {{"pid": ..., "v": ...}}')
    qids: set[str] = set()
    for prop in properties:
        if not isinstance(prop, dict) or not isinstance(prop.get("pid"), str) or "v" not in prop:
            raise ReconcileError(f'{where}: each property must be an object with a "pid" string and a "v"')
        if prop["pid"].strip().casefold() not in WIKIDATA_PIDS:
            continue
        values = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        for v in values:
            if isinstance(v, dict):
                v = v.get("id")
            if isinstance(v, str) and (m := _QID.search(v.strip())):
                qids.add(m.group(1).upper())
    return frozenset(qids)


def _json_kind(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


# --- candidates from the store --------------------------------------------------------------


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ " + " ".join(f"<{iri}>" for iri in sorted(iris)) + " }"


def prefilter_words(text: str) -> tuple[list[str], list[str]]:
    """What a label must contain to be a candidate for ``text`` (normalised): ``(fragments, words)``.

    Words of three letters or more, stopwords aside, are looked for as fragments: all but their
    last two letters when they have six or more (``Zelenskiy`` finds ``Zelenskyy``), else whole.
    Only when the query has no such word are its short words looked for, as whole words.
    """
    words = list(dict.fromkeys(text.split()))
    long = [w for w in words if len(w) >= 3 and w not in STOPWORDS]
    if long:
        return [w[:-2] if len(w) >= 6 else w for w in long], []
    return [], words


def _prefilter_pattern(fragments, words) -> str:
    alternatives = [word_pattern(f) for f in fragments]
    alternatives += [f"(^|{_NOT_WORD}){word_pattern(w)}($|{_NOT_WORD})" for w in words]
    return "|".join(dict.fromkeys(alternatives))


def _passes(label: str, fragments, words) -> bool:
    """The prefilter again, in Python, on a normalised label: which query a label belongs to."""
    return any(f in label for f in fragments) or bool(words and set(words) & set(label.split()))


def _label_rows(store, pattern: str) -> list[tuple[str, str]]:
    """``(entity, label)`` for every label matching ``pattern`` (case-insensitive), each once.

    One scan over the label triples whatever the batch size: Oxigraph has no text index, and
    decoding the label literals is what costs, not the regular expression. (Joining the type in
    the same query makes Oxigraph 0.5 pick a much slower plan; see :func:`_types_of`.)
    """
    union = " UNION ".join(f"{{ ?e <{p}> ?label }}" for p in LABELS)
    sparql = f"""
SELECT DISTINCT ?e ?label WHERE {{
  GRAPH ?g {{
    {union}
    FILTER(REGEX(STR(?label), {_literal(pattern)}, "i"))
  }}
}} LIMIT {ROW_CAP}"""
    rows = [(row["e"].value, row["label"].value) for row in store.query(sparql)]
    if len(rows) >= ROW_CAP:
        current_app.logger.warning("reconcile: label prefilter stopped at %d rows; some candidates may be missed", ROW_CAP)
    return rows


def _types_of(store, iris) -> dict[str, set[str]]:
    """The entity types (of the five) asserted for each of ``iris``, in any graph."""
    types: dict[str, set[str]] = defaultdict(set)
    iris = sorted(iris)
    for start in range(0, len(iris), DESCRIBE_CHUNK):
        sparql = f"""
SELECT DISTINCT ?e ?type WHERE {{
  {_values("e", iris[start:start + DESCRIBE_CHUNK])}
  GRAPH ?g {{ ?e a ?type }}
}}"""
        for row in store.query(sparql):
            if row["type"].value in TYPES:
                types[row["e"].value].add(row["type"].value)
    return types


def _same_as_rows(store, qids) -> list[tuple[str, str]]:
    """``(entity, QID)`` for every entity ``owl:sameAs`` one of ``qids``."""
    sparql = f"""
SELECT DISTINCT ?e ?item WHERE {{
  {_values("item", (WIKIDATA + q for q in qids))}
  GRAPH ?g {{ ?e <{SAME_AS}> ?item }}
}}"""
    return [(row["e"].value, row["item"].value[len(WIKIDATA):]) for row in store.query(sparql)]


def find_candidates(store, batch: dict[str, Query], scorers: dict[str, Scorer]) -> dict[str, list[str]]:
    """Candidate entity IRIs for each query of ``batch``, best first, at most :data:`CANDIDATE_CAP`.

    Candidates are ordered by a quick score of the labels that passed the prefilter (the word
    similarity of :class:`Scorer`; 100 for an equal label, above 100 for the Wikidata item asked
    for); the full score comes later, over all labels. Only a query with more candidates than
    the cap has their types looked up here, so that the cap keeps entities of its types.
    """
    filters = {key: prefilter_words(q.text) for key, q in batch.items() if q.text and q.allowed}
    best: dict[str, dict[str, float]] = {key: {} for key in batch}
    if filters:
        pattern = _prefilter_pattern(
            [f for fragments, _ in filters.values() for f in fragments],
            [w for _, words in filters.values() for w in words],
        )
        for iri, label in _label_rows(store, pattern):
            folded = normalise(label)
            for key, (fragments, words) in filters.items():
                if _passes(folded, fragments, words):
                    found = best[key]
                    found[iri] = max(found.get(iri, 0.0), scorers[key].quick(folded))
    qids = {q for query in batch.values() if query.allowed for q in query.qids}
    if qids:
        for iri, qid in _same_as_rows(store, qids):
            for key, query in batch.items():
                if qid in query.qids and query.allowed:
                    best[key][iri] = EXACT + 1
    crowded = {key for key, found in best.items() if len(found) > CANDIDATE_CAP}
    types = _types_of(store, {iri for key in crowded for iri in best[key]}) if crowded else {}
    candidates = {}
    for key, found in best.items():
        iris = sorted(found, key=lambda iri: (-found[iri], iri))
        if key in crowded:
            iris = [iri for iri in iris if types.get(iri, set()) & batch[key].allowed]
        candidates[key] = iris[:CANDIDATE_CAP]
    return candidates


@dataclass
class Entity:
    iri: str
    labels: set[str] = field(default_factory=set)
    pref: Counter = field(default_factory=Counter)  # (prefLabel, is English) -> graphs
    types: set[str] = field(default_factory=set)
    qids: set[str] = field(default_factory=set)
    graphs: int = 0

    @property
    def name(self) -> str:
        """The prefLabel in most graphs (then English, then alphabetical)."""
        if self.pref:
            return min(self.pref, key=lambda k: (-self.pref[k], not k[1], k[0]))[0]
        return min(self.labels) if self.labels else self.iri.rstrip("/").rsplit("/", 1)[-1]


def describe(store, iris) -> dict[str, Entity]:
    """Labels, types and links of ``iris``, merged over every graph that describes them."""
    entities: dict[str, Entity] = {}
    iris = sorted(iris)
    wanted = ", ".join(f"<{p}>" for p in (*LABELS, SAME_AS, TYPE))
    for start in range(0, len(iris), DESCRIBE_CHUNK):
        # (a VALUES for ?p outside the GRAPH block makes Oxigraph 0.5 scan every quad)
        sparql = f"""
SELECT ?e ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  {_values("e", iris[start:start + DESCRIBE_CHUNK])}
  GRAPH ?g {{ ?e ?p ?o FILTER(?p IN ({wanted})) }}
}} GROUP BY ?e ?p ?o"""
        for row in store.query(sparql):
            iri, prop, obj, n = row["e"].value, row["p"].value, row["o"], int(row["n"].value)
            entity = entities.setdefault(iri, Entity(iri))
            if prop == TYPE:
                entity.types.add(obj.value)
                entity.graphs = max(entity.graphs, n)
            elif prop == SAME_AS:
                if obj.value.startswith(WIKIDATA):
                    entity.qids.add(obj.value[len(WIKIDATA):])
            elif isinstance(obj, ox.Literal):
                entity.labels.add(obj.value)
                if prop == PREF_LABEL:
                    entity.pref[(obj.value, obj.language == "en")] += n
    return entities


# --- scoring --------------------------------------------------------------------------------


class Scorer:
    """Scores normalised labels against one normalised query, 0 to 100.

    Equal strings score 100. Otherwise ``99 × max(words, string)``: ``words`` is the Dice
    coefficient over words, where a query word counts as its best ``difflib`` ratio with a word of
    the label when that is at least :data:`FUZZY_WORD` (``zelensky`` ~ ``zelenskyy``: 0.94), and
    ``string`` is the ``difflib`` ratio of the whole strings (``tamir po`` ~ ``tamirpo``).
    """

    def __init__(self, query: str):
        self.query = query
        self.words = query.split()
        self._unspaced = query.replace(" ", "")
        self._matcher = SequenceMatcher(None, autojunk=False)
        self._matcher.set_seq2(query)  # difflib indexes the second sequence once, for every label
        self._cache: dict[str, float] = {}

    def __call__(self, label: str) -> float:
        score = self._cache.get(label)
        if score is None:
            score = self._cache[label] = self._score(label)
        return score

    def quick(self, label: str) -> float:
        """The score without the whole-string comparison: a lower bound, for ordering candidates."""
        fixed = self._fixed(label)
        return fixed if fixed is not None else round(99 * self._word_similarity(label.split()), 1)

    def _fixed(self, label: str) -> float | None:
        """Scores that need no similarity: nothing to compare, equal, or equal but for spacing."""
        if not self.query or not label:
            return 0.0
        if label == self.query:
            return EXACT
        if label.replace(" ", "") == self._unspaced:
            return SPACING
        return None

    def _score(self, label: str) -> float:
        fixed = self._fixed(label)
        if fixed is not None:
            return fixed
        similarity = self._word_similarity(label.split())
        matcher = self._matcher
        matcher.set_seq1(label)
        if matcher.real_quick_ratio() > similarity and matcher.quick_ratio() > similarity:
            similarity = max(similarity, matcher.ratio())
        return round(99 * min(1.0, similarity), 1)

    def _word_similarity(self, label_words: list[str]) -> float:
        found = 0.0
        for word in self.words:
            best = max(_word_similarity(word, other) for other in label_words)
            if best >= FUZZY_WORD:
                found += best
        return min(1.0, 2 * found / (len(self.words) + len(label_words)))


def label_score(query: str, label: str) -> float:
    """The score of ``label`` for ``query``, both as written (see :class:`Scorer`)."""
    return Scorer(normalise(query))(normalise(label))


@lru_cache(maxsize=1 << 16)
def _word_similarity(a: str, b: str) -> float:
    """``difflib`` ratio of two words, 0 when their lengths alone rule out :data:`FUZZY_WORD`."""
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) < FUZZY_WORD * (len(a) + len(b)):
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def score(query: Query, scorer: Scorer, entity: Entity) -> float:
    """100 for the Wikidata item asked for; else the best label, halved if linked elsewhere."""
    if query.qids & entity.qids:
        return EXACT
    best = max((scorer(normalise(label)) for label in entity.labels), default=0.0)
    if query.qids and entity.qids:  # linked, but to another item than the one asked for
        best = round(best / 2, 1)
    return best


def rank(query: Query, scorer: Scorer, entities: list[Entity]) -> list[dict]:
    """Results, best first, cut at ``query.limit``; ``match`` as the module docstring says."""
    scored = [(score(query, scorer, e), e) for e in entities if e.types & query.allowed]
    scored = [(s, e) for s, e in scored if s > 0]
    scored.sort(key=lambda se: (-se[0], not query.qids & se[1].qids, -se[1].graphs, se[1].name, se[1].iri))
    clear = len(scored) == 1 or (len(scored) > 1 and scored[1][0] <= EXACT - MATCH_MARGIN)
    results = []
    for i, (s, entity) in enumerate(scored[: query.limit]):
        result = {
            "id": entity.iri,
            "name": entity.name,
            "type": [{"id": t, "name": TYPES[t]} for t in TYPES if t in entity.types],
            "score": s,
            "match": i == 0 and s == EXACT and clear,
        }
        if entity.qids:
            result["description"] = "Wikidata " + ", ".join(sorted(entity.qids, key=lambda q: (len(q), q)))
        results.append(result)
    return results


def reconcile_batch(store, batch: dict[str, Query]) -> dict[str, dict]:
    """Answer every query of ``batch`` with one label scan and one description of the candidates."""
    scorers = {key: Scorer(query.text) for key, query in batch.items()}
    candidates = find_candidates(store, batch, scorers)
    entities = describe(store, {iri for found in candidates.values() for iri in found})
    return {
        key: {"result": rank(query, scorers[key], [entities[iri] for iri in candidates[key] if iri in entities])}
        for key, query in batch.items()
    }


# --- the endpoint ---------------------------------------------------------------------------


def manifest() -> dict:
    title = current_app.extensions.get("newskg.title", "newskg")
    return {
        "versions": ["0.2"],
        "name": f"{title} entities",
        "identifierSpace": current_app.extensions.get("newskg.base") or config.base_iri(),
        "schemaSpace": ONTOLOGY,
        "defaultTypes": [{"id": iri, "name": name} for iri, name in TYPES.items()],
        "view": {"url": "{{id}}"},
    }


@bp.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    bodies.limit(MAX_BODY_BYTES, "the reconciliation request")
    params = request.values  # the URL's parameters, plus the form body of a POST
    callback = params.get("callback")
    if callback is not None and not _CALLBACK.fullmatch(callback):
        return _reply({"error": "callback must be a JavaScript identifier (letters, digits, _, $, .)"}, None, 400)
    try:
        if "queries" in params:
            answer = reconcile_batch(_store(), parse_batch(params["queries"]))
        elif "query" in params:
            answer = reconcile_batch(_store(), {"q": parse_single(params["query"])})["q"]
        elif request.method == "POST":
            raise ReconcileError(
                "missing queries: POST a batch as the form field queries={...} (or one query as query=...); "
                "GET /reconcile for the manifest"
            )
        else:
            answer = manifest()
    except ReconcileError as exc:
        return _reply({"error": str(exc)}, callback, 400)
    return _reply(answer, callback)


def _store():
    return current_app.extensions["newskg.store"]


def _reply(payload: dict, callback: str | None, status: int = 200) -> Response:
    body = json.dumps(payload, ensure_ascii=False)
    if callback:
        response = Response(f"{callback}({body});", status=status, content_type="application/javascript; charset=utf-8")
    else:
        response = Response(body, status=status, content_type="application/json; charset=utf-8")
    return response  # CORS headers come from kg.web.middleware: the read origins, as for every read
