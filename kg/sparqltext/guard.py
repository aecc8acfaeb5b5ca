"""What a query or update may ask of this server, decided before Oxigraph sees the text.

Two jobs, both on the raw text because pyoxigraph exposes no parsed query:

* **Network operations** (``SERVICE`` in queries and updates, ``LOAD`` in updates) make the
  server fetch URLs. They are refused unless every one names a full IRI on an allowed host.
  The text is read the way Oxigraph's parser (spargebra 0.5, a PEG parser) reads it, so that a
  string, IRI or comment is skipped only where Oxigraph skips it too; the keyword is then looked
  for as a *substring* of everything else, because a PEG parser takes keywords glued to the next
  token (``SERVICE?x{``, ``trueSERVICE<…>``) that a tokenizer would read as one name. Wherever
  the reading could differ from Oxigraph's (an ``<…>`` that may be an IRI or a less-than, an
  unterminated string, a stray backslash), the guard stops trusting its reading and refuses if
  the word occurs anywhere in the text. So the guard refuses some harmless texts (a variable
  named ``?service``, a comment mentioning a service) and never lets a network operation
  through: ``tests/test_guard.py`` fuzzes it against Oxigraph's own parser.
* **Parse limits**: Oxigraph's parser and optimiser recurse, and a query nested a few thousand
  deep (or chaining ten thousand operators) overflows the stack and kills the process. Nesting,
  runs of prefix operators, UNION branches and the number of tokens are bounded here and
  answered 400 before the engine sees the text.

Differences from the SPARQL grammar that matter here (Oxigraph 0.5, checked in its parser):
``\\u`` escapes are decoded only inside IRIs and strings, not in the whole text; an IRI
reference is ``<`` + anything but ``>`` + ``>``, kept only if it parses as an IRI (otherwise the
``<`` may be a less-than); keywords match ASCII case-insensitively; ``\\`` outside strings only
escapes a local-name character (``ex:a\\#b`` holds no comment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

NETWORK_WORDS = ("SERVICE",)
UPDATE_NETWORK_WORDS = ("SERVICE", "LOAD")


class Refused(Exception):
    """The text is refused before evaluation: ``status`` is 400 (limits) or 403 (network)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    """Ceilings on a query's shape; the defaults leave every realistic query well inside.

    Oxigraph 0.5 crashed here at about 2,500 levels of ``{``, 20,000 ``!`` in a row and 10,000
    ``+`` or ``UNION`` in a chain (tests/test_guard.py records the probes).
    """

    max_bytes: int = 1 << 20
    max_depth: int = 64  # nesting of { ( [
    max_prefix_run: int = 32  # ! - + ^ in a row
    max_unions: int = 256
    max_tokens: int = 10_000

    @classmethod
    def parse(cls, text: str) -> "Limits":
        """``depth=64,unions=256,tokens=10000,bytes=1048576,prefix=32`` (any subset)."""
        names = {"bytes": "max_bytes", "depth": "max_depth", "prefix": "max_prefix_run", "unions": "max_unions", "tokens": "max_tokens"}
        values = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, _, value = item.partition("=")
            if key.strip() not in names or not value.strip().isdigit() or int(value) <= 0:
                raise ValueError(f"bad limit {item!r}: use {', '.join(f'{k}=N' for k in names)} with N > 0")
            values[names[key.strip()]] = int(value)
        return cls(**values)


# --- reading the text as Oxigraph does -------------------------------------------------------

_ECHAR = r"\\[tbnrf\"'\\]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
# PEG: String = LONG1 / LONG2 / SHORT1 / SHORT2, each repetition greedy without backtracking,
# hence the atomic groups and possessive quantifiers.
_STRINGS = {
    "'": (
        re.compile(rf"'''(?:(?>''|')?+(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+'''"),
        re.compile(rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*+'"),
    ),
    '"': (
        re.compile(rf'"""(?:(?>""|")?+(?:[^"\\]|{_ECHAR}|{_UCHAR}))*+"""'),
        re.compile(rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*+"'),
    ),
}
_LOCAL_ESCAPABLE = set("_~.-!$&'()*+,;=/?#@%")
_NOT_IN_IRI = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
_IRI_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SCHEME_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_SPECIAL = re.compile(r"[#\"'<\\]")  # the characters read() acts on; it skips all others


@dataclass
class Reading:
    """The text with strings, IRI contents and comments blanked (same offsets), the IRIs, and
    whether the reading is certain to be Oxigraph's."""

    code: str
    iris: dict[int, str]  # offset of '<' -> the IRI, \\u escapes decoded
    certain: bool


def read(text: str) -> Reading:
    code = list(text)
    iris: dict[int, str] = {}
    certain = True
    i, n = 0, len(text)

    def blank(start: int, end: int) -> None:
        code[start:end] = " " * (end - start)

    special = _SPECIAL.search
    while i < n:
        m = special(text, i)  # nothing happens between these characters: jump to the next one
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == "#":
            end = _line_end(text, i)
            blank(i, end)
            i = end
        elif c in _STRINGS:
            long, short = _STRINGS[c]
            m = long.match(text, i) or short.match(text, i)
            if m is None:  # Oxigraph cannot parse this either, but where would it resume?
                certain = False
                i += 1
                continue
            blank(m.start() + 1, m.end() - 1)
            i = m.end()
        elif c == "<":
            end = text.find(">", i + 1)
            iri = _iri(text[i + 1 : end]) if end > 0 else None
            if iri is None:  # surely not an IRI: Oxigraph reads '<' as an operator too
                i += 1
                continue
            content = text[i + 1 : end]
            if ("'" in content or "#" in content) and not _SCHEME_AUTHORITY.match(content):
                # If Oxigraph read this '<' as less-than, the quote or '#' would open a string or
                # a comment that runs past the '>' and the two readings would part.
                certain = False
            iris[i] = iri
            blank(i + 1, end)
            i = end + 1
        else:  # a backslash
            if i + 1 < n and text[i + 1] in _LOCAL_ESCAPABLE:
                i += 2
            else:
                certain = False
                i += 1
    return Reading("".join(code), iris, certain)


def _line_end(text: str, start: int) -> int:
    ends = [p for p in (text.find("\n", start), text.find("\r", start)) if p >= 0]
    return min(ends) if ends else len(text)


def _iri(content: str) -> str | None:
    """The IRI ``<content>`` stands for, or None when Oxigraph surely cannot take it as one.

    Oxigraph decodes ``\\uXXXX`` / ``\\UXXXXXXXX`` (and no other escape) before it checks the IRI.
    """
    if "\\" in content:
        if re.search(r"\\(?![uU])", content):
            return None
        decoded, rest = [], content
        while "\\" in rest:
            before, _, after = rest.partition("\\")
            m = _IRI_ESCAPE.match("\\" + after)
            if m is None:
                return None
            point = int(m.group(1) or m.group(2), 16)
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                return None
            decoded += [before, chr(point)]
            rest = after[len(m.group()) - 1 :]
        content = "".join(decoded) + rest
    if _NOT_IN_IRI.search(content):
        return None
    return content


# --- the checks ------------------------------------------------------------------------------


def check(text: str, *, update: bool = False, allowed_hosts=(), limits: Limits | None = None) -> Reading:
    """Raise :class:`Refused` for a text over ``limits`` or with a network operation that is not
    allowed; return the reading otherwise."""
    limits = limits or Limits()
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise Refused(f"the {'update' if update else 'query'} is larger than {limits.max_bytes} bytes", 413)
    reading = read(text)
    _check_shape(reading.code, limits)
    words = UPDATE_NETWORK_WORDS if update else NETWORK_WORDS
    hosts = {h.lower() for h in allowed_hosts}
    for word in words:
        _check_network(text, reading, word, hosts)
    return reading


_OPEN, _CLOSE = "{([", "})]"
_PREFIX_OPS = "!-+^"
_TOKEN = re.compile(r"[A-Za-z0-9_:?$.\-\u00b7\u00c0-\uffff]+|\S")
_BRACKETS = re.compile(r"[{(\[})\]]")
_PREFIX_OP = re.compile(r"[!\-+^]")
_PREFIX_RUN = re.compile(r"[!\-+^](?:\s*[!\-+^])*")


def _check_shape(code: str, limits: Limits) -> None:
    # (the loops run over brackets and operator runs found by regular expressions, not every character)
    depth = deepest = 0
    for c in _BRACKETS.findall(code):
        if c in _OPEN:
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    # a run: prefix operators with only whitespace between them (str.isspace() is re's \s)
    longest = max((len(_PREFIX_OP.findall(run)) for run in _PREFIX_RUN.findall(code)), default=0)
    if deepest > limits.max_depth:
        raise Refused(f"the text is nested {deepest} deep; this endpoint allows {limits.max_depth}", 400)
    if longest > limits.max_prefix_run:
        raise Refused(f"{longest} operators in a row; this endpoint allows {limits.max_prefix_run}", 400)
    unions = len(re.findall(r"(?i)union", code))
    if unions > limits.max_unions:
        raise Refused(f"{unions} UNION branches; this endpoint allows {limits.max_unions}", 400)
    tokens = len(_TOKEN.findall(code))
    if tokens > limits.max_tokens:
        raise Refused(f"{tokens} tokens; this endpoint allows {limits.max_tokens}", 400)


_NAME_CHAR = re.compile(r"[A-Za-z0-9_\-.:?$%\\\u00b7\u00c0-\uffff]")


def _check_network(text: str, reading: Reading, word: str, hosts: set[str]) -> None:
    where = word + (" (federated queries)" if word == "SERVICE" else " (fetching a URL into the store)")
    if not reading.certain:
        if re.search(f"(?i){word}", text):
            raise Refused(
                f"{where} is not allowed, and this text cannot be read unambiguously enough to tell "
                f"whether it has one: write IRIs in full (<scheme://…>) and avoid the word {word} elsewhere",
                403,
            )
        return
    code = reading.code
    for m in re.finditer(f"(?i){word}", code):
        if not hosts:
            raise Refused(_disabled(word), 403)
        if m.start() > 0 and _NAME_CHAR.match(code[m.start() - 1]):
            raise Refused(f"the word {word} inside a name is refused on this endpoint (rename it)", 403)
        target = _operand(code, m.end())
        iri = reading.iris.get(target) if target is not None else None
        host = urlsplit(iri).hostname if iri else None
        if host is None or host.lower() not in hosts:
            allowed = ", ".join(sorted(hosts))
            raise Refused(f"this {word} is not allowed: write its target as a full IRI on one of: {allowed}", 403)


def _operand(code: str, at: int) -> int | None:
    """Offset of the '<' of the IRI after a keyword (and an optional SILENT), if that is what follows."""
    m = re.compile(r"\s*(?:(?i:silent)\s*)?<").match(code, at)
    return m.end() - 1 if m else None


def _disabled(word: str) -> str:
    if word == "SERVICE":
        return "SERVICE is disabled on this endpoint (federated queries are off; see kg serve --allow-service)"
    return "LOAD is disabled on this endpoint (it fetches URLs; see kg serve --allow-service)"
