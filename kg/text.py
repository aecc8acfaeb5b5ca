"""Tokens with character offsets, and the folding used to compare names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Words keep inner hyphens and apostrophes ("ke-47", "People's"); numbers keep their
# separators ("3.000", "1,5") so that they stay one token.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}(?![A-Za-z])|\d+(?:[.,]\d+)*|['’]s\b|\w+(?:-\w+)*(?:['’](?!s\b)\w+)*|[^\w\s]", re.UNICODE)

QUOTES_OPEN = "\"“«„"
QUOTES_CLOSE = "\"”»“"


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    folded: str = ""  # fold(text), computed once: every rule compares folded words

    def __post_init__(self):
        if not self.folded:
            object.__setattr__(self, "folded", fold(self.text))

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    # findall makes no match objects, which is most of the cost of finditer here. A token's
    # offset is then where it next occurs: only whitespace lies between two tokens (every other
    # character starts a token: a word character "\w+", anything else "[^\w\s]"), and a token
    # starts with a non-space, so it cannot be found inside that gap.
    tokens = []
    end = 0
    find = text.find
    for word in _TOKEN.findall(text):
        start = find(word, end)
        end = start + len(word)
        tokens.append(Token(word, start + offset, end + offset, fold(word)))
    return tokens


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form: 'Zelenskyy' == 'ZELENSKYY', 'Kyïv' == 'Kyiv'."""
    if text.isascii():
        return text.lower()  # the same as below for ASCII (no ’, nothing to decompose), and far cheaper
    return _fold_unicode(text)


@lru_cache(maxsize=1 << 14)
def _fold_unicode(text: str) -> str:
    text = text.replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_phrase(text: str) -> str:
    """Folded words joined by single spaces, punctuation other than inner hyphens dropped."""
    return " ".join(t.folded for t in tokenize(text) if t.is_word)


def slug(text: str) -> str:
    """An IRI path segment from a label: 'Kyrylo Budanov' -> 'kyrylo-budanov'."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words) or "unnamed"
