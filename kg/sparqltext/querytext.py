"""Just enough lexing of SPARQL text to answer two questions the Oxigraph API does not.

pyoxigraph exposes no parsed query object, yet the endpoint must know whether a query names its
own dataset (``FROM`` / ``FROM NAMED``): Oxigraph's ``use_default_graph_as_union=True`` silently
replaces such a dataset by the union of all graphs. This module splits a query into tokens,
skipping comments, string literals and IRIs, so a keyword is only found where it is a keyword.
It never decides whether a query is valid; Oxigraph's parser does that, and it is not a
security boundary: what a text may fetch is decided by :mod:`kg.sparqltext.guard`, which reads
the text exactly as Oxigraph does.
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
    # Upper-casing maps each character on its own, so a token that upper-cases to FROM leaves
    # FROM in the upper-cased text: most queries are answered without lexing them.
    if "FROM" not in sparql.upper():
        return False
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


def looks_like_update(sparql: str) -> bool:
    return first_keyword(sparql) in UPDATE_KEYWORDS


# --- SPARQL Update: what /update needs to know before handing the text to Oxigraph ------------

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


def _positioned_tokens(sparql: str) -> list[tuple[int, str]]:
    """``(offset, token)`` for each token, without comments."""
    return [(m.start(), m.group()) for m in _TOKEN.finditer(sparql) if not m.group().startswith("#")]


def names_update_dataset(update: str) -> bool:
    """Whether an update has a ``USING``, ``USING NAMED`` or ``WITH`` clause anywhere."""
    return any(t.upper() in ("USING", "WITH") for t in tokens(update))


def add_using(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` added to each ``DELETE``/``INSERT … WHERE``.

    This is how the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` reach Oxigraph,
    whose update API takes no dataset: the clauses go just before the ``WHERE`` of every
    operation that may have them (``Modify`` in the grammar). ``INSERT DATA``, ``DELETE DATA``,
    ``DELETE WHERE`` (which has no ``USING`` in the grammar) and the graph management operations
    (``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) are left as written.
    The graphs are given already written as ``<IRI>``; the caller must have checked them.
    Text that does not lex as expected is passed through for Oxigraph to reject.
    """
    clause = "".join(f"USING {g} " for g in default_graphs) + "".join(f"USING NAMED {g} " for g in named_graphs)
    if not clause:
        return update
    # Split into operations at the ';' outside braces, noting each token's brace depth.
    operations: list[list[tuple[int, str, int]]] = [[]]
    depth = 0
    for offset, tok in _positioned_tokens(update):
        if tok == "}":
            depth -= 1
        if tok == ";" and depth == 0:
            operations.append([])
        else:
            operations[-1].append((offset, tok, depth))
        if tok == "{":
            depth += 1
    inserts = []
    for op in operations:
        words = [tok.upper() for _, tok, _ in op]
        i = 0
        while i < len(words) and words[i] in ("PREFIX", "BASE"):
            i += 3 if words[i] == "PREFIX" else 2
        if i < len(words) and words[i] == "WITH":
            i += 2
        if i + 1 >= len(words) or words[i] not in ("INSERT", "DELETE"):
            continue
        if words[i + 1] == "DATA" or (words[i] == "DELETE" and words[i + 1] == "WHERE"):
            continue
        for offset, tok, tok_depth in op[i + 1 :]:
            if tok_depth == 0 and tok.upper() == "WHERE":
                inserts.append(offset)
                break
    for offset in reversed(inserts):
        update = update[:offset] + clause + update[offset:]
    return update
