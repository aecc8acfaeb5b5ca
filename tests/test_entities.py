"""Entities in real-news constructions: capitals standing for governments, places told apart by
context, names that stop where the name stops, common-noun phrases for armies and groups. Every
sentence here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from kg.articles import Article
from kg.extract import extract


def entities(text: str, lang: str) -> dict[str, str]:
    """label -> type of the entities the article mentions."""
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language=lang))
    return {e.label: e.type for e in x.entities.values()}


def mention_types(text: str, lang: str) -> list[tuple[str, str]]:
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language=lang))
    return [(m.text, x.entities[m.entity].type) for m in x.mentions if not m.nested]


@pytest.mark.parametrize(
    "text, lang, country, city",
    [
        ("Kigali denied the charge on Monday, and the talks in Kampala went on.", "en", "Rwanda", "Kampala"),
        ("Officials flew from Kampala to Kigali. Kampala said it would send more troops.", "en", "Uganda", "Kigali"),
        ("The minister asked Islamabad to act, while the delegation stayed in Nairobi.", "en", "Pakistan", "Nairobi"),
        ("Congo cut diplomatic ties with Kigali after the fighting reached central Goma.", "en", "Rwanda", None),
        ("Neither Moscow nor Pyongyang has confirmed the deployment.", "en", "Russia", None),
        ("Washington, which imposed sanctions last year, welcomed the move.", "en", "United States", None),
        ("Tuduhan itu dibantah Islamabad, sementara delegasi tiba di Bamako.", "id", "Pakistan", "Bamako"),
        ("Kairo menyatakan pasukan pertamanya akan tiba bulan depan.", "id", "Egypt", None),
        ("Baik Moskow maupun Pyongyang belum mengonfirmasi laporan itu.", "id", "Russia", None),
    ],
)
def test_a_capital_that_stands_for_its_government_is_the_country(text, lang, country, city):
    found = entities(text, lang)
    assert found.get(country) == "Country"
    if city:
        assert found.get(city) == "Location"


def test_a_headline_led_by_a_capital_names_the_country():
    found = entities("Yerevan: 23 Armenians still held\nThe talks resumed on Friday.", "en")
    assert found.get("Armenia") == "Country" and "Yerevan" not in found


@pytest.mark.parametrize(
    "text, lang, city",
    [
        ("Fighting continued in Khartoum state and in central Khartoum.", "en", "Khartoum"),
        ("Harga bahan bakar di pasar gelap Bamako melonjak.", "id", "Bamako"),
        ("Stok bahan bakar di ibu kota Bamako menipis.", "id", "Bamako"),
        ("The director of Mogadishu's main hospital said 20 people were admitted.", "en", "Mogadishu"),
    ],
)
def test_a_capital_in_a_place_phrase_stays_the_city(text, lang, city):
    found = entities(text, lang)
    assert found.get(city) == "Location"
