"""Text search inside SPARQL: a search clause, answered by the index and put into the query as
``VALUES`` before Oxigraph evaluates it.

A search clause is a triple pattern of its own whose predicate is in the namespace
``https://w3id.org/newskg/search#``::

    PREFIX search: <https://w3id.org/newskg/search#>
    ?sentence  search:sentence  "kharkiv" .          # nif:Sentence whose text has the word
    ?statement search:statement "troops kursk" .     # nkg:Statement whose sentence or claim has both
    ?entity    search:entity    "zelensky" .         # anything named so (labels)
    (?sentence ?score) search:sentence "kharkiv" .   # with the relevance score (xsd:double)
    ?sentence  search:sentence ("kharkiv" 20) .      # the 20 best hits only

The object is a search in tantivy's query language (every word must occur, ``OR`` for either,
``"…"`` for a phrase, ``-word`` to leave one out), matched as whole words after folding case and
diacritics (:mod:`.index`). The endpoint replaces the clause by ``VALUES ?sentence { <…> … }``
holding every hit, so the rest of the query joins with them as with any other pattern, and the
engine never scans text. A search with more than :data:`MAX_HITS` hits is refused (400) unless
it names a limit: a ``VALUES`` block that large would cost more than the scan it replaces.

Only the text is read here (pyoxigraph exposes no parsed query): strings, IRIs and comments are
recognised, so a search IRI inside a string or a comment is left alone. A clause that is not a
pattern of its own (``?s nif:anchorOf ?t ; search:sentence "x"``) is refused with a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.sparqltext.tokens import Token
from kg.sparqltext.tokens import prefixes as _prefixes
from kg.sparqltext.tokens import string_value as _string_value
from kg.sparqltext.tokens import tokens as _tokens

from .documents import ENTITY, SENTENCE, STATEMENT

NAMESPACE = "https://w3id.org/newskg/search#"
PREDICATES = {"sentence": SENTENCE, "statement": STATEMENT, "entity": ENTITY}
MAX_HITS = 10_000
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"


class SearchClauseError(SyntaxError):
    """A search clause that cannot be answered (a SyntaxError: the endpoint answers 400)."""


def mentions_search(text: str) -> bool:
    """Cheap test first: a query that does not name the namespace has no clause (the common case)."""
    return "newskg/search#" in text


def _predicate(token: Token, prefixes: dict[str, str]) -> str | None:
    """The local name when ``token`` is an IRI in the search namespace, else None."""
    if token.kind == "iri":
        iri = token.text[1:-1]
    elif token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            return None
        iri = prefixes[prefix] + local
    else:
        return None
    return iri[len(NAMESPACE):] if iri.startswith(NAMESPACE) else None


@dataclass
class Clause:
    start: int  # offsets of the clause in the text (subject to object, not the final '.')
    end: int
    variables: list[str]  # one, or two with the score
    kind: str
    search: str
    limit: int | None


def find_clauses(text: str) -> list[Clause]:
    tokens = _tokens(text)
    prefixes = _prefixes(tokens)
    clauses = []
    for i, tok in enumerate(tokens):
        local = _predicate(tok, prefixes)
        if local is None:
            continue
        if i > 0 and tokens[i - 1].kind == "name" and tokens[i - 1].text.upper() == "PREFIX":
            continue
        if i > 1 and tokens[i - 2].kind == "name" and tokens[i - 2].text.upper() == "PREFIX":
            continue  # the IRI of a PREFIX declaration
        if local not in PREDICATES:
            raise SearchClauseError(f"unknown search predicate {tok.text}: use search:{', search:'.join(PREDICATES)}")
        clauses.append(_clause(tokens, i, PREDICATES[local], tok.text))
    return clauses


def _clause(tokens: list[Token], i: int, kind: str, shown: str) -> Clause:
    usage = (f"a search clause is a triple pattern of its own: ?x {shown} \"words\" . "
             f"or (?x ?score) {shown} (\"words\" 100) .")
    # subject: ?x, or ( ?x ?score )
    if i >= 1 and tokens[i - 1].kind == "var":
        first, variables = i - 1, [tokens[i - 1].text]
    elif i >= 4 and [t.text for t in (tokens[i - 4], tokens[i - 1])] == ["(", ")"] and tokens[i - 3].kind == tokens[i - 2].kind == "var":
        first, variables = i - 4, [tokens[i - 3].text, tokens[i - 2].text]
    else:
        raise SearchClauseError(usage)
    if first > 0 and tokens[first - 1].text not in ("{", ".", "}"):
        raise SearchClauseError(usage)
    # object: "words" (a language tag or datatype is ignored), or ( "words" N )
    j = i + 1
    limit = None
    if j < len(tokens) and tokens[j].kind == "string":
        search, j = _string_value(tokens[j].text), j + 1
    elif j + 3 < len(tokens) and tokens[j].text == "(" and tokens[j + 1].kind == "string" and tokens[j + 2].kind == "number" and tokens[j + 3].text == ")":
        search = _string_value(tokens[j + 1].text)
        try:
            limit = int(tokens[j + 2].text)
        except ValueError:
            raise SearchClauseError(f"the limit of a search must be a whole number, not {tokens[j + 2].text}") from None
        if limit < 0:
            raise SearchClauseError("the limit of a search cannot be negative")
        j += 4
    else:
        raise SearchClauseError(usage)
    if j < len(tokens) and tokens[j].kind == "lang":
        j += 1
    elif j + 1 < len(tokens) and tokens[j].text == "^^":
        j += 2
    if j < len(tokens) and tokens[j].text not in (".", "}"):
        raise SearchClauseError(usage)
    return Clause(tokens[first].start, tokens[j - 1].end, variables, kind, search, limit)


def _values(clause: Clause, hits) -> str:
    if len(clause.variables) == 1:
        return f"VALUES {clause.variables[0]} {{ " + " ".join(f"<{h.iri}>" for h in hits) + " }"
    rows = " ".join(f'(<{h.iri}> "{h.score!r}"^^<{XSD_DOUBLE}>)' for h in hits)
    return f"VALUES ({clause.variables[0]} {clause.variables[1]}) {{ {rows} }}"


def expand(text: str, index, max_hits: int = MAX_HITS) -> str:
    """``text`` with every search clause replaced by the ``VALUES`` of its hits from ``index``.

    Raises :class:`SearchClauseError` for a malformed clause, a search the index cannot read, one
    with too many hits, or when there is no index to ask.
    """
    if not mentions_search(text):
        return text
    clauses = find_clauses(text)
    if not clauses:
        return text
    if index is None:
        raise SearchClauseError("text search is not available here: this store has no search index")
    from .index import QueryError, SearchUnavailable, TooManyHits

    pieces, at = [], 0
    for clause in clauses:
        try:
            if clause.limit is not None:
                _, hits = index.search(clause.search, clause.kind, limit=clause.limit)
            else:
                hits = index.all_hits(clause.search, clause.kind, max_hits)
        except TooManyHits as exc:
            raise SearchClauseError(
                f"the search {clause.search!r} matches {exc.total} {clause.kind}s, more than the {exc.limit} a query may "
                f"join with: make it more selective, or ask for the best ones: ({_quote(clause.search)} {exc.limit})"
            ) from None
        except (QueryError, SearchUnavailable) as exc:
            raise SearchClauseError(str(exc)) from None
        pieces += [text[at : clause.start], _values(clause, hits)]
        at = clause.end
    pieces.append(text[at:])
    return "".join(pieces)


def _quote(search: str) -> str:
    return '"' + search.replace("\\", "\\\\").replace('"', '\\"') + '"'
