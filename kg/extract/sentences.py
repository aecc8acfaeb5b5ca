"""Splitting text into sentences that keep quotations whole.

A quotation that runs over several sentences ("... malam hari. Anggota staf ...," ujar NRC.) is
one unit: it is one act of saying, and its attribution comes at its end.
"""

from __future__ import annotations

import re

from ..text import tokenize
from .model import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Pvt|Adm|Brig|Gov|Sen|Rep|Amb|Pres|Sec|St|Mt|Ft"
    r"|No|Jl|Jln|Sdr|Bpk|Tn|Ny|Kol|Brigjen|Mayjen|Letjen|Jend|Vol|vs|etc|approx|Inc|Ltd|Co|Jr|Sr"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Agu|Okt|Des)"
    r"|\b(?:U\.S|U\.K|U\.N|a\.n|dll|dsb|dkk|tsb))\.$"
)
# How far back from a full stop _ABBREVIATION can look: its longest word, "Brigjen.", is 8
# characters, and \b reads one more. Room to spare; raise it for a longer abbreviation.
_ABBREVIATION_REACH = 16
_STRAIGHT = '"'
_OPENERS = "“«„"
_CLOSERS = "”»"
_SINGLE_OPENERS = "'‘"
_MARK = re.compile("[" + re.escape(_STRAIGHT + _OPENERS + _CLOSERS + ".!?") + "]")
_SKIPPED = _CLOSERS + _STRAIGHT + ") "  # what may stand between a sentence end and the next sentence


_BULLETS = "•·*-–—▪►"


def split(text: str, furniture=None) -> list[Sentence]:
    """The sentences of ``text``, paragraph by paragraph. A paragraph that starts with one of the
    phrases of ``furniture`` (a PhraseTable: "Baca Juga:", "Read more:") is site furniture and
    gives no sentence, so nothing in it becomes an entity or a statement."""
    sentences: list[Sentence] = []
    for paragraph, match in enumerate(_PARAGRAPH.finditer(text)):
        if furniture is not None and is_furniture(match.group(), furniture):
            continue
        for piece_start, piece_end in _without_furniture(match.group(), match.start(), furniture):
            for start, end in _split_paragraph(text[piece_start:piece_end], piece_start):
                if furniture is not None and is_furniture(text[start:end], furniture):
                    continue  # "... kata dia. Baca Juga: ...": a furniture sentence inside a paragraph
                sentences.append(Sentence(start, end, text[start:end], paragraph))
    return sentences


def _without_furniture(para: str, offset: int, furniture) -> list[tuple[int, int]]:
    """The paragraph's spans around furniture in parentheses ("... nyata. (Baca juga: ...)")."""
    if furniture is None or "(" not in para:
        return [(offset, offset + len(para))]
    pieces, begin = [], 0
    for open_at in [k for k, ch in enumerate(para) if ch == "("]:
        if open_at < begin:
            continue
        close = para.find(")", open_at)
        if close < 0 or not is_furniture(para[open_at + 1 : close], furniture):
            continue
        pieces.append((offset + begin, offset + open_at))
        begin = close + 1
    pieces.append((offset + begin, offset + len(para)))
    return [(a, b) for a, b in pieces if para[a - offset : b - offset].strip()]


def is_furniture(line: str, furniture) -> bool:
    tokens = tokenize(line[:120])
    k = 0
    while k < len(tokens) and tokens[k].text in _BULLETS:
        k += 1  # "• Read more: ..."
    return k < len(tokens) and furniture.match_at(tokens, k) is not None


def _split_paragraph(para: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    depth = 0
    begin = 0
    i = 0
    while True:
        mark = _MARK.search(para, i)  # only quote marks and sentence ends matter: jump between them
        if mark is None:
            break
        i = mark.start()
        ch = para[i]
        if ch == _STRAIGHT:
            depth = 0 if depth else 1
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and _ends_sentence(para, i):
            end = i + 1
            while end < len(para) and para[end] in _CLOSERS + _STRAIGHT + ")":
                end += 1
            spans.append((begin, end))
            begin = end
            i = end
            continue
        i += 1
    spans.append((begin, len(para)))
    out = []
    for s, e in spans:
        while s < e and para[s].isspace():
            s += 1
        while e > s and para[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s + offset, e + offset))
    return out


def _ends_sentence(para: str, i: int) -> bool:
    following = para[i + 1 : i + 2]
    if following and not following.isspace() and following not in _CLOSERS + _STRAIGHT + ")":
        return False  # "3.000", "U.S.A", "24/7."
    k = i + 1
    while k < len(para) and para[k] in _SKIPPED:
        k += 1
    nxt = para[k : k + 1]  # the first character after closing marks and spaces, if any
    if nxt in _SINGLE_OPENERS and para[k + 1 : k + 2].isupper():
        nxt = para[k + 1]  # "... the group. 'Israel will ...,' he said.": a quotation in single quotes
    if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS + _STRAIGHT):
        return False
    # An abbreviation is at most eight characters with its full stop; its \b needs one more
    # before it. Searching a short tail instead of the whole paragraph so far gives the same
    # answer and keeps splitting linear in the paragraph's length.
    return para[i] != "." or not _ABBREVIATION.search(para[max(0, i - _ABBREVIATION_REACH) : i + 1])
