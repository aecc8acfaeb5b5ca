"""The gazetteer's data: every row sourced and well-formed; the matcher's case and ambiguity rules."""

from __future__ import annotations

import csv
import re

import pytest

from conftest import ROOT
from kg.gazetteer import ENTITY_FILES, HERE, TYPES, default
from kg.text import tokenize

HEADER = ["wikidata", "type", "label_en", "label_id", "aliases_en", "aliases_id", "country", "source"]


def rows():
    for name in ENTITY_FILES:
        path = HERE / name
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                assert reader.fieldnames == HEADER, name
                for n, row in enumerate(reader, start=2):
                    yield f"{name}:{n}", row


def test_every_row_has_a_source_a_type_and_a_well_formed_qid():
    seen: dict[str, str] = {}
    count = 0
    for where, row in rows():
        count += 1
        assert row["source"].strip(), f"{where}: no source"
        assert row["type"] in TYPES, f"{where}: type {row['type']!r}"
        assert row["label_en"].strip() or row["label_id"].strip(), f"{where}: no label"
        qid = row["wikidata"].strip()
        if qid:
            assert re.fullmatch(r"Q[1-9][0-9]*", qid), f"{where}: {qid!r}"
            assert qid not in seen, f"{where}: {qid} also at {seen[qid]}"
            seen[qid] = where
    assert count > 500


def test_the_gazetteer_lives_in_the_package_not_in_shared():
    assert HERE == ROOT / "kg" / "gazetteer"


def match(text):
    tokens = tokenize(text)
    hit = default().match_at(tokens, 0)
    return None if hit is None else (hit[0], sorted({e.key for e in hit[1]}))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zelenskyy said", (1, ["Q3874799"])),
        ("ZELENSKY said", (1, ["Q3874799"])),  # case folded
        ("Oblast Kursk", (2, ["Q3178"])),  # Indonesian word order
        ("Kursk Oblast", (2, ["Q3178"])),
        ("Kursk region", (2, ["Q3178"])),  # designation in lower case
        ("Korea Utara", (2, ["Q423"])),  # longest match, not "Korea"
        ("US troops", (1, ["Q30"])),
    ],
)
def test_names_match(text, expected):
    assert match(text) == expected


@pytest.mark.parametrize("text", ["us all", "korea", "kursk oblast"])
def test_case_rules_keep_common_words_out(text):
    # an all-caps acronym only in capitals; a capitalised name only where the text capitalises it
    assert match(text) is None
