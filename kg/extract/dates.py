"""Dates in text, made absolute.

Forms (names from the lexicon): ``Senin (28/10)``, ``28 Oktober 2024``, ``October 28``,
``between March 2 and 5`` / ``2-5 Maret``, ``on Friday`` / ``pada Jumat``, ``yesterday`` /
``kemarin``, ``2024-10-28``. A date without a year takes the year that puts it closest before
the reference date (news reports what has happened); a weekday alone is the last such day on or
before the reference date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from ..lexicon import Lexicon
from ..text import Token
from .model import DateSpan

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY_NUMERIC = re.compile(r"\(\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?\s*\)")
_DAY = re.compile(r"\d{1,2}")
_YEAR = re.compile(r"(19|20)\d\d")


def find(text: str, tokens: list[Token], lex: Lexicon, reference: date | None) -> list[DateSpan]:
    """Every date expression in ``tokens`` (a sentence), resolved against ``reference``."""
    spans: list[DateSpan] = []
    taken: set[int] = set()

    def add(span: DateSpan | None, first: int, last: int):
        if span and not taken.intersection(range(first, last + 1)):
            spans.append(span)
            taken.update(range(first, last + 1))

    for i in _date_starts(tokens, lex):
        if i in taken:
            continue
        for reader in (_weekday_numeric, _day_month, _month_day, _weekday_alone, _relative, _iso):
            found = reader(text, tokens, i, lex, reference)
            if found:
                span, last = found
                add(span, i, last)
                break
    return sorted(spans, key=lambda s: s.start)


def infer_reference(text: str, tokens: list[Token], lex: Lexicon, today: date) -> date | None:
    """A date the text fixes by itself, to anchor the others when publication is unknown.

    ``Senin (28/10)`` names a weekday and a day: only some years fit; the latest one not after
    ``today`` is taken.
    """
    for i in range(len(tokens)):
        found = _weekday_and_day(text, tokens, i, lex)
        if not found:
            continue
        weekday, m = found
        day, month = int(m.group(1)), int(m.group(2))
        for year in range(today.year, today.year - 30, -1):
            candidate = _safe_date(year, month, day)
            if candidate and candidate <= today and candidate.weekday() == weekday:
                return candidate
    return None


def _date_starts(tokens: list[Token], lex: Lexicon) -> list[int]:
    """The tokens a date can start at: what every reader needs at its first token is a digit
    (days, ISO dates), a month ("Oct."), a weekday or a relative day. Most tokens are none of
    these, and are passed over without trying each reader in turn."""
    words = _day_words(lex)
    return [i for i, t in enumerate(tokens) if t.text[:1].isdecimal() or t.folded in words or t.folded.rstrip(".") in lex.months]


@cache
def _day_words(lex: Lexicon) -> frozenset[str]:
    return frozenset(lex.weekdays) | lex.relative_days.first_words


# --- readers: each returns (DateSpan, index of its last token) or None -----------------------


def _weekday_and_day(text, tokens, i, lex) -> tuple[int, re.Match] | None:
    """A weekday at token ``i`` followed by "(28/10)" or "(14/1/2025)", perhaps past a time of
    day ("Senin malam (27/10)"): (weekday, the match)."""
    weekday = lex.weekdays.get(tokens[i].folded)
    if weekday is None or i + 1 >= len(tokens):
        return None
    j = i + 1
    time = lex.times_of_day.match_at(tokens, j)
    if time and j + time[0] < len(tokens) and tokens[j + time[0]].text == "(":
        j += time[0]
    m = _WEEKDAY_NUMERIC.match(text, tokens[j].start)
    return (weekday, m) if m else None


def _weekday_numeric(text, tokens, i, lex, reference):
    found = _weekday_and_day(text, tokens, i, lex)
    if not found:
        return None
    weekday, m = found
    day, month = int(m.group(1)), int(m.group(2))
    year = _full_year(m.group(3))
    value = _safe_date(year, month, day) if year else _year_by_weekday(day, month, weekday, reference)
    last = _last_token_before(tokens, m.end())
    return (DateSpan(tokens[i].start, m.end(), value), last) if value else None


def _day_month(text, tokens, i, lex, reference):
    # "8 Oktober", "2-5 Maret", "2 dan 5 Maret", "28 October 2024"
    day = _day(tokens, i)
    if day is None:
        return None
    j = i + 1
    end_day = None
    if j + 1 < len(tokens) and tokens[j].folded in lex.range_words and _day(tokens, j + 1) is not None:
        end_day = _day(tokens, j + 1)
        j += 2
    if j >= len(tokens) or tokens[j].folded.rstrip(".") not in lex.months:
        return None
    month = lex.months[tokens[j].folded.rstrip(".")]
    year, last = _year_after(tokens, j)
    return _resolved(tokens[i].start, tokens[last].end, day, end_day, month, year, reference, last)


def _month_day(text, tokens, i, lex, reference):
    # "October 28", "March 2 and 5", "Oct. 28, 2024"
    if tokens[i].folded.rstrip(".") not in lex.months or not tokens[i].is_capitalised:
        return None
    month = lex.months[tokens[i].folded.rstrip(".")]
    j = i + 1
    if j < len(tokens) and tokens[j].text == ".":
        j += 1
    day = _day(tokens, j)
    if day is None:
        return None
    last = j
    end_day = None
    if j + 2 < len(tokens) and tokens[j + 1].folded in lex.range_words and _day(tokens, j + 2) is not None:
        end_day = _day(tokens, j + 2)
        last = j + 2
    k = last + 1
    if k < len(tokens) and tokens[k].text == ",":
        k += 1
    year = None
    if k < len(tokens) and _YEAR.fullmatch(tokens[k].text):
        year, last = int(tokens[k].text), k
    return _resolved(tokens[i].start, tokens[last].end, day, end_day, month, year, reference, last)


def _weekday_alone(text, tokens, i, lex, reference):
    weekday = lex.weekdays.get(tokens[i].folded)
    if weekday is None or reference is None or not tokens[i].is_capitalised:
        return None
    back = (reference.weekday() - weekday) % 7
    return DateSpan(tokens[i].start, tokens[i].end, reference - timedelta(days=back)), i


def _relative(text, tokens, i, lex, reference):
    found = lex.relative_days.match_at(tokens, i)
    if not found or reference is None:
        return None
    n, offset = found
    return DateSpan(tokens[i].start, tokens[i + n - 1].end, reference + timedelta(days=offset)), i + n - 1


def _iso(text, tokens, i, lex, reference):
    m = _ISO.match(text, tokens[i].start)
    if not m:
        return None
    value = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (DateSpan(m.start(), m.end(), value), _last_token_before(tokens, m.end())) if value else None


# --- helpers ---------------------------------------------------------------------------------


def _day(tokens, i) -> int | None:
    if i < len(tokens) and _DAY.fullmatch(tokens[i].text):
        value = int(tokens[i].text)
        return value if 1 <= value <= 31 else None
    return None


def _year_after(tokens, j) -> tuple[int | None, int]:
    k = j + 1
    if k < len(tokens) and tokens[k].text == ",":
        k += 1
    if k < len(tokens) and _YEAR.fullmatch(tokens[k].text):
        return int(tokens[k].text), k
    return None, j


def _resolved(start, end, day, end_day, month, year, reference, last):
    if year is not None:
        first = _safe_date(year, month, day)
        second = _safe_date(year, month, end_day) if end_day else None
    else:
        first = _closest_before(day, month, reference)
        second = _safe_date(first.year, month, end_day) if first and end_day else None
    if first is None:
        return None
    return DateSpan(start, end, first, second), last


def _closest_before(day: int, month: int, reference: date | None) -> date | None:
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        candidate = _safe_date(year, month, day)
        # A few days' grace: an article can announce what is planned for the coming days.
        if candidate and candidate <= reference + timedelta(days=7):
            return candidate
    return None


def _year_by_weekday(day, month, weekday, reference) -> date | None:
    if reference is None:
        return None
    for delta in (0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6):
        candidate = _safe_date(reference.year + delta, month, day)
        if candidate and candidate.weekday() == weekday:
            return candidate
    return None


def _full_year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe_date(year, month, day) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, TypeError):
        return None


def _last_token_before(tokens, end) -> int:
    return max(k for k, t in enumerate(tokens) if t.start < end)
