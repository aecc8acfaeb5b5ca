"""Places, second pass (issue 11): datelines anywhere a paragraph opens, a plural region noun
shared by coordinated names, a district written with a known town, the two ends of a
hyphenated road, named facilities of Indonesian text, a title inside a building's name. Every
sentence here is invented."""

from __future__ import annotations

import pytest

from extracting import entities, run


@pytest.mark.parametrize(
    "text, lang, place",
    [
        ("ZORBU, Kesseland (AP) — Fighters seized the town on Monday after a week of shelling.", "en", "Zorbu"),
        ("Rebels take town\nZORBU, May 26 — Fighters seized the town on Monday after a week of shelling.", "en", "Zorbu"),
        ("Rebels take town\nMBALA WEST — Fighters seized the town on Monday after a week of shelling.", "en", "Mbala West"),
        ("Opening line of the story.\nThe battle\nZORBU — Fighters seized the town on Monday.", "en", "Zorbu"),
        ("Zorbu (ANTARA) - Warga mengungsi setelah serangan artileri pada Senin pagi.", "id", "Zorbu"),
        ("Judul berita\nZORBU, KOMPAS.com - Warga mengungsi setelah serangan artileri pada Senin pagi.", "id", "Zorbu"),
    ],
)
def test_a_dateline_opening_any_paragraph_names_a_place(text, lang, place):
    x = run(text, lang)
    found = {e.label: e.type for e in x.entities.values()}
    assert found.get(place) == "Location", found
    assert x.dateline is not None and x.entities[x.dateline].label == place


def test_the_outlet_of_a_dateline_is_an_outlet_and_no_dateline_speaks():
    x = run("Rebels take town\nZorbu (Reuters) - The army said on Monday it had retaken the town.", "en")
    found = {e.label: e.type for e in x.entities.values()}
    assert found.get("Zorbu") == "Location" and found.get("Reuters") == "Organization", found
    assert all(x.entities[s.speaker].label != "Zorbu" for s in x.statements)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("BREAKING - Fighters seized the town on Monday after a week of shelling.", "en"),
        ("Zelensky - We will never give up our land, the president said on Monday.", "en"),
        ("FOTO - Warga mengungsi setelah serangan artileri pada Senin pagi.", "id"),
    ],
)
def test_a_kicker_or_a_person_before_a_dash_is_no_place(text, lang):
    found = entities(text, lang)
    assert not any(t == "Location" for t in found.values()), found


@pytest.mark.parametrize(
    "text, lang, places, absent",
    [
        ("Drones struck the Kursk and Belgorod regions overnight, officials said.", "en", ["Kursk Oblast", "Belgorod Oblast"], ["Belgorod", "Kursk"]),
        ("Shelling hit Donetsk and Luhansk oblasts on Monday.", "en", ["Donetsk Oblast", "Luhansk Oblast"], ["Luhansk"]),
        ("Fighting spread to the South Zorbu and North Mbala zones last week.", "en", ["South Zorbu Zone", "North Mbala Zone"], []),
        ("Fighting spread to the East and West Zorbu zones last week.", "en", ["East Zorbu Zone", "West Zorbu Zone"], ["East"]),
        ("Drone menghantam wilayah Kursk dan Belgorod pada Senin malam.", "id", ["Kursk Oblast", "Belgorod Oblast"], ["Belgorod"]),
        ("Serangan di provinsi Latakia, Tartus dan Homs menewaskan 20 orang.", "id", ["Latakia Governorate", "Tartus Governorate", "Homs Governorate"], []),
    ],
)
def test_a_plural_region_noun_is_every_conjunct_s(text, lang, places, absent):
    found = entities(text, lang)
    # an unlinked region is known by the name the article writes ("South Zorbu"), or by the
    # label with its noun when the text holds it
    assert all("Location" in (found.get(p), found.get(p.rsplit(" ", 1)[0])) for p in places), found
    assert not any(a in found for a in absent), found


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The Kursk and Belgorod governors said drones had struck.", "en"),
        ("Pejabat provinsi Aceh dan Zorbu Mbala mengatakan bahwa banjir sudah surut.", "id"),
    ],
)
def test_no_region_without_a_shared_region_noun(text, lang):
    found = entities(text, lang)
    assert not any(k.endswith("Oblast") or k.startswith("Provinsi Zorbu") for k in found), found
    assert found.get("Zorbu Mbala") != "Location", found


def test_a_district_written_with_a_known_town_is_the_district():
    found = entities("Two civilians were killed in the Kupiansk district on Wednesday.", "en")
    assert found.get("Kupiansk District") == "Location" and "Kupiansk" not in found, found
    found = entities("Sepuluh warga tewas di kota Kupiansk dan distrik Kupiansk, kata pejabat.", "id")
    assert found.get("Kupiansk") == "Location" and found.get("Distrik Kupiansk") == "Location", found
    # a region noun still gives the region, an area noun the town
    assert "Kharkiv Oblast" in entities("Shelling killed two in the Kharkiv region on Monday.", "en")
    assert "Kupiansk" in entities("Shelling hit the Kupiansk area on Monday.", "en")


@pytest.mark.parametrize(
    "text, lang, places",
    [
        ("Refugees drove along the Zorbu-Mbala highway on Monday.", "en", ["Zorbu", "Mbala"]),
        ("Warga mengungsi melalui jalan Goma-Zorbu pada Senin.", "id", ["Goma", "Zorbu"]),
    ],
)
def test_the_ends_of_a_hyphenated_road_are_places(text, lang, places):
    found = entities(text, lang)
    assert all(found.get(p) == "Location" for p in places), found
    assert not any(k.startswith("Jalan") for k in found), found


def test_a_body_in_a_hyphenated_pair_makes_no_road_end():
    found = entities("Envoys discussed a Hamas-Zorbu road map on Monday.", "en")
    assert found.get("Hamas") != "Location" and "Zorbu" not in found, found


@pytest.mark.parametrize(
    "text, place",
    [
        ("Sumber militer menyebut delapan tank hancur di sekitar Candi Ta Zorbu Thom pada pertempuran hari Jumat.", "Candi Ta Zorbu Thom"),
        ("Para sandera diserahkan kepada petugas Palang Merah di Lapangan Palestina sebelum dibawa menyeberang pada Sabtu siang.", "Lapangan Palestina"),
        ("Ribuan warga yang kehilangan rumah kini tinggal di Kamp Pengungsian Zorbu yang penuh sesak sejak pertempuran pecah pada bulan Januari lalu.", "Kamp Pengungsian Zorbu"),
        ("Pesawat tempur itu menggempur Pelabuhan Zorbu dan Bandara Mbala pada Senin malam, kata juru bicara kelompok itu kepada wartawan.", "Bandara Mbala"),
    ],
)
def test_an_indonesian_facility_is_a_place_as_written(text, place):
    found = entities(text, "id")
    assert found.get(place) == "Location", found


def test_a_title_inside_a_building_name_stays_in_it():
    found = entities("Fans gathered at the General Zorbu stadium in Cúcuta.", "en")
    assert found.get("General Zorbu Stadium") == "Location", found
    found = entities("General Zorbu said the stadium was closed.", "en")
    assert found.get("Zorbu") == "Person", found
