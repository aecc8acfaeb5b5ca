"""Count recall (issue 11, round 5): counts a statement gives that were read but not kept, and
numbers whose noun or bound was not understood. Invented sentences, read through ``extract()``:
(speaker, value, bound, kind) of the statements' quantities."""

from __future__ import annotations

import pytest

from kg.articles import from_record
from kg.extract import extract


def counts(text: str, lang: str) -> list[tuple[str, int, str, str]]:
    article = from_record(
        {"title": "t", "maintext": text, "date_publish": "2024-11-06 10:00:00", "language": lang, "url": "https://x.example/n"},
        "n.json",
    )
    ex = extract(article)
    return [(ex.entities[s.speaker].label, q.value, q.bound, q.kind) for s in ex.statements if s.speaker in ex.entities for q in s.quantities]


# --- an attribution set off by commas inside the sentence: the claim is on both sides ---------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Juru bicara militer Budi Santoso berbicara kepada wartawan di Medan, Senin. Pasukan pemerintah, lanjut Santoso, telah menangkap 24 anggota kelompok itu.",
            [("Budi Santoso", 24, "exact", "prisoners")],
        ),
        (
            "Juru bicara militer Budi Santoso mengatakan serangan terus berlanjut. Pasukan musuh, imbuhnya, kehilangan sekitar 1.000 personel dalam sepekan.",
            [("Budi Santoso", 1000, "approximate", "casualties")],
        ),
    ],
)
def test_an_inserted_attribution_keeps_the_counts_after_it(text, expected):
    assert counts(text, "id") == expected


def test_an_attribution_closing_the_sentence_with_the_speaker_after_a_comma_is_no_insertion():
    # "ungkap juru bicara X, Y, Selasa": the comma opens the speaker's name, not the claim
    text = "Sedikitnya lima warga tewas di kota itu, ungkap juru bicara kepolisian, Budi Santoso, Selasa (5/11)."
    assert counts(text, "id") == [("Budi Santoso", 5, "lower", "killed")]


# --- what a number counts and its bound ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        # a strength names a force even when its noun is not in the lexicon
        ("Rustem Umerov said the enemy had moved a 20,000-strong reserve to the river.", "en", [("Rustem Umerov", 20000, "exact", "troops")]),
        # a verb of passing a figure makes it a lower bound
        ("Rustem Umerov said the number of people displaced had passed 1.2 million.", "en", [("Rustem Umerov", 1200000, "lower", "civilians")]),
        ("Rustem Umerov said the toll had surpassed 300.", "en", [("Rustem Umerov", 300, "lower", "killed")]),
        # people and equipment nouns
        ("Rustem Umerov said 14 of its officials had been detained in the capital.", "en", [("Rustem Umerov", 14, "exact", "prisoners")]),
        ("Rustem Umerov said the army seized 400 small arms and 25 motorcycles.", "en", [("Rustem Umerov", 400, "exact", "equipment"), ("Rustem Umerov", 25, "exact", "equipment")]),
        ("Rustem Umerov mengatakan Ukraina memerlukan sedikitnya 8 sistem pertahanan tambahan.", "id", [("Rustem Umerov", 8, "lower", "equipment")]),
        # a copula between the part and the noun it is
        ("Rustem Umerov mengatakan 120 di antaranya adalah narapidana dan 300 lainnya merupakan tahanan politik.", "id", [("Rustem Umerov", 120, "exact", "prisoners"), ("Rustem Umerov", 300, "exact", "prisoners")]),
    ],
)
def test_nouns_and_bounds(text, lang, expected):
    assert counts(text, lang) == expected


def test_an_ordinal_numeral_is_no_count():
    text = "Rustem Umerov said units of the 41st Combined Arms Army and 3rd Guards had moved 500 soldiers to the sector."
    assert counts(text, "en") == [("Rustem Umerov", 500, "exact", "troops")]
