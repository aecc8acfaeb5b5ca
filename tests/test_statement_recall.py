"""Statement and count recall on invented sentences (issue 11): second speakers in one sentence,
appositions that name the speaker, counts whose speaker is named by a description, a pronoun or
a figure's source, totals that refer back to an earlier sentence, and reporting verbs in the
forms real news uses."""

from __future__ import annotations

from datetime import date

import pytest

from kg.articles import Article
from kg.extract import extract

PUBLISHED = date(2025, 3, 12)  # a Wednesday


def run(text: str, lang: str):
    return extract(Article(id="t", source="t.txt", text=text, language=lang, published=PUBLISHED))


def counted(text: str, lang: str) -> list[tuple[str, list[int]]]:
    """(speaker label, values of its counts) of each statement, in text order."""
    x = run(text, lang)
    return [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements]


# --- the speaker named in an apposition -----------------------------------------------------------


def test_a_number_after_said_is_the_claim_not_an_unnamed_speaker():
    text = "The UN agency for migrants, IOM, said some 42,000 people had left the district."
    assert counted(text, "en") == [("International Organization for Migration", [42000])]


def test_a_person_in_apposition_speaks_though_a_description_follows_the_verb():
    text = (
        "The Congolese army said it had retaken the hill. "
        "The rebels' spokesman, Lawrence Kanyuka, said the group had shot down two army drones."
    )
    assert counted(text, "en") == [("Armed Forces of the Democratic Republic of the Congo", []), ("Lawrence Kanyuka", [2])]


def test_an_inverted_attribution_with_an_acronym_in_parentheses_keeps_the_claim_before_it():
    text = "At least 310 people were killed in the province in May, 40 of them children, the International Organization for Migration (IOM) said, as fighting spread."
    assert counted(text, "en") == [("International Organization for Migration", [310, 40])]


def test_an_inverted_pronoun_attribution_keeps_the_claim_before_it():
    text = "Governor Amina Bello said 14 villagers were killed. Another 30 were wounded, she said."
    assert counted(text, "en") == [("Amina Bello", [14]), ("Amina Bello", [30])]
