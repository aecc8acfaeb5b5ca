"""Splitting text into sentences that keep quotations whole.

A quotation that runs over several sentences ("... malam hari. Anggota staf ...," ujar NRC.) is
one unit: it is one act of saying, and its attribution comes at its end.
"""

from __future__ import annotations

import re

from .model import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
# Abbreviations whose full stop does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Pvt|Adm|Brig|Gov|Sen|Rep|Amb|Pres|Sec|St|Mt|Ft"
    r"|No|Jl|Jln|Sdr|Bpk|Tn|Ny|Kol|Brigjen|Mayjen|Letjen|Jend|Vol|vs|etc|approx|Inc|Ltd|Co|Jr|Sr"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Agu|Okt|Des)"
    r"|\b(?:U\.S|U\.K|U\.N|a\.n|dll|dsb|dkk|tsb))\.$"
)
_STRAIGHT = '"'
_OPENERS = "“«„"
_CLOSERS = "”»"


def split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for paragraph, match in enumerate(_PARAGRAPH.finditer(text)):
        for start, end in _split_paragraph(match.group(), match.start()):
            sentences.append(Sentence(start, end, text[start:end], paragraph))
    return sentences


def _split_paragraph(para: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    depth = 0
    begin = 0
    i = 0
    while i < len(para):
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
    rest = para[i + 1 :]
    if rest and not rest[0].isspace() and rest[0] not in _CLOSERS + _STRAIGHT + ")":
        return False  # "3.000", "U.S.A", "24/7."
    nxt = rest.lstrip(_CLOSERS + _STRAIGHT + ") ")
    if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in _OPENERS + _STRAIGHT):
        return False
    return para[i] != "." or not _ABBREVIATION.search(para[: i + 1])
