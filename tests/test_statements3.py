"""Speakers, dates and kinds on invented sentences (issue 11, development set 3): an unknown name
after "according to" / "menurut" is no reason to pick the next actor, an outlet that cites a named
source carries that source's words, and related constructions."""

from __future__ import annotations

from datetime import date

from kg.articles import Article
from kg.extract import extract

PUBLISHED = date(2025, 3, 12)  # a Wednesday


def run(text: str, lang: str):
    return extract(Article(id="t", source="t.txt", text=text, language=lang, published=PUBLISHED))


def speakers(text: str, lang: str) -> list[str]:
    x = run(text, lang)
    return [x.entities[s.speaker].label if s.speaker in x.entities else "unnamed" for s in x.statements]


# --- "according to <a name not recognised>, <actor> ..." -------------------------------------------


def test_an_unrecognised_name_after_menurut_does_not_hand_the_statement_to_the_next_actor():
    text = "Menurut Borvanu, pasukan Angkatan Bersenjata Ukraina berhasil memukul mundur penyerang."
    assert "Armed Forces of Ukraine" not in speakers(text, "id")


def test_an_unrecognised_name_after_according_to_does_not_hand_the_statement_to_the_next_actor():
    text = "According to Borvanu, the Armed Forces of Ukraine pushed the attackers back across the river."
    assert "Armed Forces of Ukraine" not in speakers(text, "en")


def test_according_to_an_actor_still_speaks():
    assert speakers("Menurut Kementerian Pertahanan Ukraina, 40 drone ditembak jatuh.", "id") != []
    assert speakers("According to the United Nations, 40,000 people have fled the town.", "en") == ["United Nations"]


# --- an outlet that cites a named source ------------------------------------------------------------


def test_an_outlet_citing_a_named_source_carries_its_words():
    text = "The broadcaster Al Jazeera, citing the World Health Organization, reported that 12 clinics had closed."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, x.entities[s.outlet].label if s.outlet else None) for s in x.statements] == [
        ("World Health Organization", "Al Jazeera")
    ]


def test_an_outlet_citing_a_named_source_carries_its_words_id():
    text = "Kantor berita Reuters, mengutip Organisasi Kesehatan Dunia, melaporkan 12 klinik tutup."
    x = run(text, "id")
    assert [x.entities[s.speaker].label for s in x.statements] == ["World Health Organization"]


# --- "the same evening" dates by the day named before ------------------------------------------------


def test_the_same_evening_takes_the_day_named_before():
    text = (
        "President Tomas Varga said in a televised address late on Friday that the army would hold the town. "
        "Kampala said the same evening that it was watching the border closely."
    )
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements][-1] == ("Uganda", date(2025, 3, 7))


def test_malam_yang_sama_takes_the_day_named_before():
    text = (
        "Presiden Tomas Varga dalam pidato yang disiarkan televisi, Jumat (7/3), mengatakan tentara akan mempertahankan kota itu. "
        "Pada malam yang sama, Kampala menyatakan terus memantau perbatasan."
    )
    x = run(text, "id")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements][-1] == ("Uganda", date(2025, 3, 7))
