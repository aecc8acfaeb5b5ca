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
