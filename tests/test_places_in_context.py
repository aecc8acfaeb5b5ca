"""Unknown places found by their context (round 5 of issue 11): a preposition with a describing
adjective, "from" after a verb of leaving, the ends of a corridor, a place noun in apposition,
buildings and streets named with their noun, heads that open a geographic name. Every sentence
here is invented."""

from __future__ import annotations

import pytest

from extracting import entities


@pytest.mark.parametrize(
    "text, lang, places",
    [
        ("Residents in rural Zorbu and Mbala told reporters that checkpoints remained.", "en", ["Zorbu", "Mbala"]),
        ("A humanitarian corridor linking Goma and Zorbu was open on Friday.", "en", ["Zorbu"]),
        ("Fighters were forced to retreat from Zorbu after a long firefight.", "en", ["Zorbu"]),
        ("The army said troops had pulled back from Kesse and Zorbu, but denied losses.", "en", ["Kesse", "Zorbu"]),
        ("He told the president on Saturday that Zorbu, the last village in the region held by the rebels, had fallen.", "en", ["Zorbu"]),
        ("The militia said it had taken Zorbu, Mbala, Kesse and Wanu, localities straddling the border.", "en", ["Zorbu", "Mbala", "Kesse", "Wanu"]),
        ("Shelling hit positions in the high plateaus of Zorbu territory on Monday.", "en", ["Zorbu"]),
        ("A soldier was killed in the Kesse sector on Tuesday, the army said.", "en", ["Kesse"]),
        ("Boats were seen along Lake Zorbu during the night.", "en", ["Lake Zorbu"]),
        ("Pasukan itu membebaskan Zorbu dan Mbala-Byk, dua permukiman kecil di sebelah timur kota.", "id", ["Zorbu", "Mbala-Byk"]),
        ("Warga sipil dievakuasi dari Zorbu setelah gempuran artileri pada Senin malam.", "id", ["Zorbu"]),
        ("Dua rudal diluncurkan ke arah Zorbu, dekat Tel Aviv, pada Kamis dini hari.", "id", ["Zorbu"]),
        ("Seorang prajurit gugur di sektor Zorbu Ghati, kata seorang pejabat militer.", "id", ["Zorbu Ghati"]),
        ("Pernyataan itu menyebut pertempuran berlangsung di Angoor Adda, Zorbu, Mbala hingga Kesse pekan lalu.", "id", ["Zorbu", "Mbala", "Kesse"]),
    ],
)
def test_an_unknown_name_in_a_place_context_is_a_place(text, lang, places):
    found = entities(text, lang)
    assert all(found.get(p) == "Location" for p in places), found


@pytest.mark.parametrize(
    "text, lang, place",
    [
        ("Crowds gathered on al-Zorbu Street in the evening.", "en", "al-Zorbu Street"),
        ("Thousands of prisoners were freed from Zorbu prison on Sunday.", "en", "Zorbu Prison"),
        ("Families crossed the Zorbu bridge into the country by Tuesday.", "en", "Zorbu bridge"),
        ("Tim medis mengevakuasi 30 korban luka dari Jalan al-Zorbu, sementara dua ambulans rusak.", "id", "Jalan al-Zorbu"),
        ("Para tahanan dibebaskan dari penjara Zorbu pada Senin pagi.", "id", "Zorbu Prison"),
        ("Komandan milisi itu tewas di kamp militer Zorbu yang dikuasai brigade lain.", "id", "Kamp Militer Zorbu"),
    ],
)
def test_a_street_prison_bridge_or_camp_is_a_place_of_its_own(text, lang, place):
    assert entities(text, lang).get(place) == "Location", entities(text, lang)


@pytest.mark.parametrize(
    "text, lang, unwanted",
    [
        ("Ahmed Zorbu, a village elder, said ten people died.", "en", ["Ahmed Zorbu"]),
        ("Mbala, the town's mayor, said the road was closed.", "en", ["Mbala"]),
        ("Drones struck deep inside Russian territory overnight.", "en", ["Russian"]),
        ("He withdrew from Reuters talks on Monday.", "en", ["Reuters"]),
    ],
)
def test_a_person_or_body_beside_a_place_cue_stays_what_it_is(text, lang, unwanted):
    found = entities(text, lang)
    assert all(found.get(u) != "Location" for u in unwanted), found


def test_a_sea_with_a_head_noun_is_the_sea():
    found = entities("Officials accused the government of plans to seize the Red Sea port of Zorbu.", "en")
    assert found.get("Red Sea") == "Location" and "Red Sea port" not in found, found


def test_a_region_inside_a_body_name_is_no_entity_of_its_own():
    found = entities("Pasukan Uni Afrika dan tentara Somalia merebut kota itu pada Selasa.", "id")
    assert "Africa" not in found, found


@pytest.mark.parametrize(
    "text, lang, region",
    [
        ("The senior adviser for Africa said talks would go on.", "en", "Africa"),
        ("Militants were trying to push south towards the coastal states of West Africa.", "en", "West Africa"),
        ("Ukraina siap membeli sistem itu dari mitra Eropa maupun Amerika Serikat.", "id", "Europe"),
    ],
)
def test_world_regions_are_places(text, lang, region):
    assert entities(text, lang).get(region) == "Location", entities(text, lang)
