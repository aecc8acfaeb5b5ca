"""Counts: a number, its bound, and what it counts ("lebih dari 3.000 tentara", "about 11,000 troops").

A number counts only when a noun from the lexicon's ``counts`` follows it closely; that keeps
years, times, percentages and "24/7" out without a list of exceptions.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import Lexicon
from ..text import Token
from .model import DateSpan, Quantity

_MAX_GAP = 1  # words allowed between the number and the counted noun ("11.000 prajurit infanteri")


def find(text: str, tokens: list[Token], lex: Lexicon, dates: list[DateSpan]) -> list[Quantity]:
    quantities = []
    i = 0  # the first token not yet read
    # A number is a numeral or a number word: only those tokens are tried.
    for at in [k for k, t in enumerate(tokens) if t.text[:1].isdecimal() or t.folded in lex.number_words]:
        if at < i:
            continue  # inside a count just read
        i = at
        found = _number_at(tokens, i, lex)
        if not found or _inside(tokens[i], dates):
            continue
        value, n = found
        counted = _counted_noun(tokens, i + n, lex) or _noun_before(tokens, i, n, lex) or _elided_noun(tokens, i, n, lex, quantities)
        if counted is None or _is_percentage(tokens, i + n):
            i += n
            continue
        noun_start, noun_len, kind = counted
        bound, first = _bound(tokens, i, lex)
        last = tokens[noun_start + noun_len - 1]
        quantities.append(
            Quantity(
                start=tokens[first].start,
                end=last.end,
                text=text[tokens[first].start : last.end],
                value=value,
                bound=bound,
                kind=kind,
                unit=text[tokens[noun_start].start : last.end],
            )
        )
        i = noun_start + noun_len
    return quantities


def value_of(tokens, i, n, lex) -> int | None:
    found = _number_at(tokens, i, lex)
    return found[0] if found else None


def _noun_before(tokens, i, n, lex) -> tuple[int, int, str] | None:
    """A counted noun before the number: "a crew of 18", "awak sebanyak 18"."""
    found = lex.counts_before.match_ending_at(tokens, i)
    return (i, n, found[1]) if found else None


def _elided_noun(tokens, i, n, lex, earlier) -> tuple[int, int, str] | None:
    """A number whose noun is understood: "melukai sedikitnya 90 (lainnya)", "wounding 11",
    "up to 5,000 more". The kind comes from the verb, else from the count before it."""
    j = i
    bound = lex.bounds.match_ending_at(tokens, j)
    if bound:
        j -= bound[0]
    verb = lex.count_verbs.match_ending_at(tokens, j)
    after = i + n
    elided = after < len(tokens) and tokens[after].folded in lex.ellipsis
    if verb:
        return (after, 1, verb[1]) if elided else (i, n, verb[1])
    if elided and earlier:
        return after, 1, earlier[-1].kind
    if earlier and j > 0 and tokens[j - 1].folded in lex.coordinators and tokens[j - 1].start - earlier[-1].end < 60:
        return i, n, earlier[-1].kind  # "termasuk 12 di atas Oblast Saratov dan sembilan di atas Oblast Bryansk"
    partitive = lex.partitives.match_at(tokens, after) if after < len(tokens) else None
    if earlier and (partitive and value_of(tokens, i, n, lex) != 1 or lex.inclusion_words.match_ending_at(tokens, j)):
        # "30 drones, including 12 over Saratov", "four sailors were injured, three of them critically"
        return (after, partitive[0], earlier[-1].kind) if partitive else (i, n, earlier[-1].kind)
    return None


def _people_by_nationality(tok: Token, lex: Lexicon) -> bool:
    """A capitalised plural of a demonym ("Ukrainians") names people."""
    return tok.is_capitalised and tok.folded.endswith("s") and tok.folded[:-1] in lex.demonym_words


def _number_at(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(value, tokens used) for '3.000', '3,000', '1,5 juta', '10 ribu', 'dua ribu', 'sepuluh'."""
    tok = tokens[i]
    value = _numeral(tok.text, lex)
    if value is None:
        value = lex.number_words.get(tok.folded)
        if value is None:
            return None
    used = 1
    if i + 1 < len(tokens) and tokens[i + 1].folded in lex.multipliers:
        value *= lex.multipliers[tokens[i + 1].folded]
        used = 2
    if value != int(value):
        return None
    return int(value), used


def _numeral(text: str, lex: Lexicon) -> float | None:
    if not text[:1].isdecimal():
        return None  # every form starts with a digit (\d is exactly what isdecimal accepts)
    grouped, decimal = _numeral_patterns(lex.thousands_separator, lex.decimal_separator)
    if grouped.fullmatch(text):
        return int(_NON_DIGIT.sub("", text))
    if decimal.fullmatch(text):
        return float(text.replace(lex.decimal_separator, "."))
    if _DIGITS.fullmatch(text):
        return int(text)
    return None


_NON_DIGIT = re.compile(r"\D")
_DIGITS = re.compile(r"\d+")


@cache
def _numeral_patterns(thousands_separator: str, decimal_separator: str) -> tuple[re.Pattern, re.Pattern]:
    """"3.000" / "3,000" and "1,5" / "1.5" for a language's separators, compiled once."""
    thousands, decimal = re.escape(thousands_separator), re.escape(decimal_separator)
    return re.compile(rf"\d{{1,3}}(?:{thousands}\d{{3}})+"), re.compile(rf"\d+{decimal}\d+")


def _counted_noun(tokens: list[Token], j: int, lex: Lexicon) -> tuple[int, int, str] | None:
    """The counted noun after a number, skipping one modifier or a capitalised name
    ("3,000 North Korean troops")."""
    skipped = 0
    for k in range(j, min(j + 5, len(tokens))):
        if not tokens[k].is_word:
            return None
        found = lex.counts.match_at(tokens, k)
        if found:
            return k, found[0], found[1]
        if _people_by_nationality(tokens[k], lex):
            return k, 1, "people"  # "189 Ukrainians", "200 Russians"
        if tokens[k].folded in lex.linking_words:
            continue
        skipped += 1
        if skipped > _MAX_GAP and not tokens[k].is_capitalised:
            return None
    return None


def _bound(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str, int]:
    """The bound word before a number, looking past fillers: "hampir mencapai 12.000"."""
    j = i
    filler = lex.fillers.match_ending_at(tokens, j)
    if filler:
        j -= filler[0]
    found = lex.bounds.match_ending_at(tokens, j)
    if found:
        return found[1], j - found[0]
    return "exact", i


def _is_percentage(tokens: list[Token], j: int) -> bool:
    return j < len(tokens) and tokens[j].folded in {"%", "persen", "percent", "per"}


def _inside(tok: Token, dates: list[DateSpan]) -> bool:
    return any(d.start <= tok.start < d.end for d in dates)
