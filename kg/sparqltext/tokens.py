"""A light tokenizer of SPARQL text: strings, IRIs, comments, variables, prefixed names.

Enough to find constructs by their tokens (a search clause, the graphs an update names) without
mistaking a string or a comment for code. It is not the guard's reading (kg/sparqltext/guard.py),
which must agree with Oxigraph's parser to the letter; here a misreading costs a missed
construct, which callers treat conservatively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7-\uFFFF]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:(?:[\w\-:%\u00B7-\uFFFF](?:[\w.\-:%\u00B7-\uFFFF]*[\w\-:%\u00B7-\uFFFF])?)?)
  | (?P<name>[A-Za-z_][\w-]*)
  | (?P<punct>\^\^|.)
    """,
    re.VERBOSE | re.DOTALL,
)

@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int

def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
    return out

def string_value(token: str) -> str:
    """The value of a string token (quotes removed, escapes decoded)."""
    body = token[3:-3] if token[:3] in ("'''", '"""') else token[1:-1]
    escapes = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

    def unescape(m: re.Match) -> str:
        s = m.group()
        if s[1] in "uU":
            return chr(int(s[2:], 16))
        return escapes.get(s[1], s)

    return re.sub(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", unescape, body)

def prefixes(found: list[Token]) -> dict[str, str]:
    """``{"search": "https://…#"}`` from the ``PREFIX`` declarations."""
    out = {}
    for i, t in enumerate(found[:-2]):
        if t.kind == "name" and t.text.upper() == "PREFIX" and found[i + 1].kind == "pname" and found[i + 2].kind == "iri":
            out[found[i + 1].text[:-1]] = found[i + 2].text[1:-1]
    return out
