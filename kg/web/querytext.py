"""Just enough lexing of SPARQL text to answer two questions the Oxigraph API does not.

pyoxigraph exposes no parsed query object, yet the endpoint must know whether a query names its
own dataset (``FROM`` / ``FROM NAMED``): Oxigraph's ``use_default_graph_as_union=True`` silently
replaces such a dataset by the union of all graphs. This module splits a query into tokens,
skipping comments, string literals and IRIs, so a keyword is only found where it is a keyword.
It never decides whether a query is valid; Oxigraph's parser does that.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
      \#[^\n\r]*                              # comment
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"     # long strings
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n\r]|\\.)*"                   # short strings
    | '(?:[^'\\\n\r]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>               # IRI reference
    | [?$@]?(?:[^\s<>"'{}()\[\],;\#|^`\\!=*/+&]|\\.)+   # keyword, name, variable, number, lang tag
    | \S                                      # any other punctuation
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


def tokens(sparql: str) -> list[str]:
    """The query's tokens, without comments."""
    return [t for t in _TOKEN.findall(sparql) if not t.startswith("#")]


def names_dataset(sparql: str) -> bool:
    """Whether the query has a ``FROM`` or ``FROM NAMED`` clause."""
    return any(t.upper() == "FROM" for t in tokens(sparql))


def first_keyword(sparql: str) -> str | None:
    """The first keyword after the ``PREFIX``/``BASE`` prologue, upper-cased (``SELECT``, ``INSERT``…)."""
    toks = tokens(sparql)
    i = 0
    while i < len(toks):
        word = toks[i].upper()
        if word == "PREFIX":
            i += 3
        elif word == "BASE":
            i += 2
        else:
            return word
    return None


def service_targets(sparql: str) -> list[str]:
    """What each ``SERVICE`` clause names: an ``<IRI>``, a prefixed name or a variable."""
    toks = tokens(sparql)
    targets = []
    for i, tok in enumerate(toks):
        if tok.upper() == "SERVICE" and i + 1 < len(toks):
            j = i + 2 if toks[i + 1].upper() == "SILENT" else i + 1
            if j < len(toks):
                targets.append(toks[j])
    return targets


def looks_like_update(sparql: str) -> bool:
    return first_keyword(sparql) in UPDATE_KEYWORDS
