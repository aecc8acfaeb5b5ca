"""Entities in real-news constructions: capitals standing for governments, places told apart by
context, names that stop where the name stops, common-noun phrases for armies and groups. Every
sentence here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from kg.articles import Article
from kg.extract import extract
from extracting import entities


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
        ("Neither Maputo nor the army's spokesman answered, while aid reached Pemba.", "en", "Mozambique", None),
        ("Neither Kampala nor Kinshasa publishes its own figures.", "en", "Uganda", None),
        ("Both Nairobi and Kampala condemn the raid.", "en", "Kenya", None),
        ("Most residents left for Armenia, according to Yerevan.", "en", "Armenia", None),
        ("Baik Bamako maupun Korps Afrika belum menanggapi.", "id", "Mali", None),
        ("Kampala dan Kigali sama-sama mengonfirmasi pertukaran itu.", "id", "Uganda", None),
        ("Menurut Kigali, pasukan itu sudah ditarik.", "id", "Rwanda", None),
        ("Kinshasa Bantah Bukavu Jatuh\nPara pejabat menolak berkomentar.", "id", "Democratic Republic of the Congo", None),
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


@pytest.mark.parametrize(
    "text, lang, person",
    [
        ("Yemen's information minister Khalid al-Aiser said 20 people were killed.", "en", "Khalid al-Aiser"),
        ("The rebel leader Iyad Ag Ghaly said the blockade would go on.", "en", "Iyad Ag Ghaly"),
        ("Air Marshal A.K. Bharti, who briefed reporters, declined to comment.", "en", "A.K. Bharti"),
        ("Menteri Pendidikan Amadou Sy Savané mengatakan sekolah akan dibuka.", "id", "Amadou Sy Savané"),
        ("The UN High Commissioner for Human Rights Nadia Okoro said the toll was rising.", "en", "Nadia Okoro"),
        ("Director General of Military Operations, Lieutenant General Tomas Rivai, said the guns fell silent.", "en", "Tomas Rivai"),
        ("Juru bicara Kepolisian Somalia, Mayor Abdifatah Aden Hassan, mengatakan empat orang tewas.", "id", "Abdifatah Aden Hassan"),
    ],
)
def test_a_name_stops_where_the_name_stops(text, lang, person):
    found = entities(text, lang)
    assert found.get(person) == "Person"
    assert not any(t == "Person" and label != person and label in person for label, t in found.items())


def test_a_ministry_and_the_person_after_it_are_two_entities():
    found = entities("Juru bicara Kementerian Luar Negeri Sudan Ahmed Yousif mengatakan pasukan itu mundur.", "id")
    assert found.get("Ahmed Yousif") == "Person"
    assert found.get("Kementerian Luar Negeri Sudan") == "Organization"


@pytest.mark.parametrize(
    "text, lang, person",
    [
        ("UNICEF's representative in the country, Mary Brook Ellison, warned that children were at risk.", "en", "Mary Brook Ellison"),
        ("Kepala misi IOM di negara itu, Laura Tamsin Berg, mengatakan pengungsi terus berdatangan.", "id", "Laura Tamsin Berg"),
        ("Kate Hollis, Africa advocacy director at a rights group, warned of more attacks.", "en", "Kate Hollis"),
    ],
)
def test_a_name_set_off_by_commas_next_to_a_role_is_a_person(text, lang, person):
    assert entities(text, lang).get(person) == "Person"


def test_a_lone_capitalised_word_opening_a_sentence_is_not_a_person():
    found = entities("Witnesses said the attackers came at dawn.", "en")
    assert "Witnesses" not in found


def test_a_first_name_refers_back_to_the_person_named_before():
    x = extract(Article(id="t", source="t.txt", language="id", published=date(2025, 3, 1), text=(
        "Empat orang tewas, menurut juru bicara polisi, Mayor Abdifatah Aden Hassan. "
        "Abdifatah menambahkan, tiga korban adalah warga sipil.")))
    speakers = [x.entities[s.speaker].label for s in x.statements]
    assert speakers and all(s == "Abdifatah Aden Hassan" for s in speakers)


@pytest.mark.parametrize(
    "text, lang, army",
    [
        ("At least 15 Chadian soldiers were killed in the raid.", "en", "Chadian Armed Forces"),
        ("Rwandan troops crossed the border, the report said.", "en", "Rwanda Defence Force"),
        ("Tentara Somalia merebut kembali kota itu.", "id", "Somali National Army"),
    ],
)
def test_a_countrys_troops_are_its_armed_forces_under_their_own_name(text, lang, army):
    assert entities(text, lang).get(army) == "MilitaryUnit"


@pytest.mark.parametrize(
    "line, lang, unwanted",
    [
        ("Baca Juga: Dewan Keamanan PBB Gelar Rapat Darurat Bahas Perbatasan", "id", "Gelar"),
        ("Korban Kedua dari Kontingen Polisi Tewas dalam Operasi Kilat", "id", "Operasi Kilat"),
        ("Arakan Army Klaim Rebut Markas Komando Barat Junta", "id", "Klaim"),
    ],
)
def test_a_title_case_line_builds_no_name_from_its_capitals(line, lang, unwanted):
    found = entities(line + "\nPasukan itu mundur pada Selasa.", lang)
    assert not any(unwanted in label for label in found), found


def test_a_demonym_names_its_country_without_making_it_a_speaker():
    x = extract(Article(id="t", source="t.txt", language="en", published=date(2025, 3, 1),
                        text="A Kenyan police officer was killed, and French officials said the mission would go on."))
    labels = {e.label: e.type for e in x.entities.values()}
    assert labels.get("Kenya") == "Country" and labels.get("France") == "Country"
    assert all(s.speaker in x.sources or x.entities[s.speaker].type != "Country" for s in x.statements)
    [officials] = x.sources.values()  # "French officials": an unnamed source of France, not France
    assert x.entities[officials.affiliation].label == "France"


def test_a_demonym_inside_a_name_names_no_country():
    assert "India" not in entities("The ship sank in the Indian Ocean overnight.", "en")


@pytest.mark.parametrize(
    "text, lang, embassy",
    [
        ("The Russian embassy in Budapest did not respond to a request for comment.", "en", "Russian embassy in Budapest"),
        ("Kedutaan Besar Myanmar di Jakarta tidak menjawab permintaan konfirmasi.", "id", "Kedutaan Besar Myanmar di Jakarta"),
    ],
)
def test_an_embassys_name_holds_the_city_it_is_in(text, lang, embassy):
    assert entities(text, lang).get(embassy) == "Organization"


def test_a_countrys_army_in_the_possessive_is_its_armed_forces():
    assert entities("Sudan's army said it had retaken the palace.", "en").get("Sudanese Armed Forces") == "MilitaryUnit"


def test_an_institutions_head_word_is_no_ones_name():
    found = entities("• Army says troops repelled the assault on the base", "en")
    assert "Army" not in found or found["Army"] != "Person"


def test_government_troops_of_a_named_country_are_its_armed_forces():
    assert entities("Pasukan pemerintah Suriah ditarik mundur dari kota itu.", "id").get("Syrian Armed Forces") == "MilitaryUnit"
    assert entities("Syrian government forces withdrew from the city.", "en").get("Syrian Armed Forces") == "MilitaryUnit"


def test_a_company_named_with_its_trade_word_is_an_organisation():
    assert entities("Perusahaan pengelola kapal, Cosmoship Management, menyebut kapal itu membawa 22 awak.", "id").get("Cosmoship Management") == "Organization"


@pytest.mark.parametrize(
    "text, lang, names",
    [
        ("Kementerian Pertahanan dan Kementerian Dalam Negeri Suriah mengumumkan jam malam.", "id", ["Kementerian Pertahanan", "Kementerian Dalam Negeri Suriah"]),
        ("Rwanda and Uganda rejected the charges.", "en", ["Rwanda", "Uganda"]),
    ],
)
def test_coordinated_names_are_split(text, lang, names):
    found = entities(text, lang)
    assert all(n in found for n in names), found
    assert not any(" dan " in label or " and " in label for label in found)


def test_a_compound_adjective_is_not_part_of_the_name_it_describes():
    found = entities("The Kenyan-led Multinational Security Support (MSS) mission now has 991 personnel.", "en")
    assert not any(label.startswith("Kenyan-led") for label in found)


@pytest.mark.parametrize(
    "text, lang, country",
    [
        ("Pemerintah federal Somalia mengecam serangan itu.", "id", "Somalia"),
        ("Ethiopia's federal government rejected the accusation.", "en", "Ethiopia"),
    ],
)
def test_a_government_with_a_modifier_is_its_country(text, lang, country):
    found = entities(text, lang)
    assert found.get(country) == "Country" and not any("government" in l or "pemerintah" in l for l in found)


@pytest.mark.parametrize(
    "text, lang, place, unwanted",
    [
        ("Gangs attacked farms in the Artibonite valley overnight.", "en", "Artibonite Department", "Artibonite valley"),
        ("Kapal itu tenggelam di laut Nigeria dekat Lagos.", "id", "Nigeria", "laut Nigeria"),
    ],
)
def test_a_head_word_describing_a_known_place_makes_no_new_place(text, lang, place, unwanted):
    found = entities(text, lang)
    assert place in found and unwanted not in found


def test_government_troops_are_the_one_state_army_the_article_named():
    x = extract(Article(id="t", source="t.txt", language="id", published=date(2025, 3, 1),
                        text="Tentara Suriah dikerahkan ke kota itu. Pasukan pemerintah kemudian ditarik mundur."))
    assert [(m.text, x.entities[m.entity].label) for m in x.mentions if m.text == "Pasukan pemerintah"] == [("Pasukan pemerintah", "Syrian Armed Forces")]


def test_government_troops_with_no_state_named_are_left_alone():
    assert not any(t == "MilitaryUnit" for t in entities("Government troops withdrew from the town at dawn.", "en").values())


@pytest.mark.parametrize(
    "text, lang, word",
    [
        ('"We trust in God," a resident of Goma said.', "en", "God"),
        ("Since the War began, residents near Frontline positions fled to Safety.", "en", "Safety"),
        ("Warga di Pengungsian mengatakan air bersih habis di pengungsian itu.", "id", "Pengungsian"),
    ],
)
def test_a_capitalised_common_noun_is_no_place_and_no_person(text, lang, word):
    assert word not in entities(text, lang)


@pytest.mark.parametrize(
    "text, lang, unit",
    [
        ("Troops of the 36th Division advanced overnight.", "en", "36th Division"),
        ("The 153 Task Force Battalion repelled the attack.", "en", "153 Task Force Battalion"),
        ("Pasukan Divisi ke-91 bergerak maju ke perbatasan.", "id", "Divisi ke-91"),
    ],
)
def test_a_units_number_is_part_of_its_name(text, lang, unit):
    assert entities(text, lang).get(unit) == "MilitaryUnit"


def test_a_title_case_line_names_no_unknown_person():
    found = entities("Baca Juga: PM Abiy Ahmed Kunjungi Djibouti Bahas Akses Pelabuhan\nPasukan itu mundur.", "id")
    assert not any(t == "Person" and "Bahas" in label for label, t in found.items())


def test_a_bare_number_before_a_common_unit_noun_is_a_count_not_a_name():
    found = entities("The group claimed that 89 army soldiers were killed.", "en")
    assert not any(label.startswith("89") for label in found)


def entity_aliases(text: str, lang: str) -> dict[str, tuple[str, set[str]]]:
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language=lang))
    return {e.label: (e.type, set(e.aliases)) for e in x.entities.values()}


@pytest.mark.parametrize(
    "text, lang, group, written",
    [
        ("Fighters of the Zorbu militia stormed a checkpoint on Tuesday.", "en", "Zorbu", "Zorbu militia"),
        ("Officials blamed the attack on Mbesa rebels from the hills.", "en", "Mbesa", "Mbesa rebels"),
        ("The rebel group Lakwena said it had pulled back.", "en", "Lakwena", "rebel group Lakwena"),
        ("Pos polisi itu diserang kelompok Zorbu pada Selasa malam.", "id", "Zorbu", "kelompok Zorbu"),
        ("Milisi Mbesa menguasai jalan menuju pelabuhan.", "id", "Mbesa", "Milisi Mbesa"),
        ("Pemberontak Ndali mengklaim telah merebut kota Loboko.", "id", "Ndali", "Pemberontak Ndali"),
    ],
)
def test_a_name_beside_a_group_noun_is_an_armed_group(text, lang, group, written):
    found = entity_aliases(text, lang)
    assert found[group][0] == "Organization"
    assert written in found[group][1] or written == group
    assert not any(t == "Person" for t, _ in found.values())


def test_a_group_named_once_is_the_same_group_later_and_speaks():
    x = extract(Article(id="t", source="t.txt", language="en", published=date(2025, 3, 1), text=(
        "Gunmen of the Zorbu militia attacked the market.\nZorbu said the market had been a military target.\n")))
    groups = [e for e in x.entities.values() if e.label == "Zorbu"]
    assert len(groups) == 1 and groups[0].type == "Organization"
    assert [x.entities[s.speaker].label for s in x.statements] == ["Zorbu"]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Tigray rebels and Sudanese militias were blamed for the raid.", "en"),  # a place and a people describe the fighters
        ("Rebels said they had left the town.", "en"),  # a sentence's first word says nothing
        ("Armed group members were seen near the road.", "en"),
        ("Ethnic Fulani militias attacked the village, and Fulani herders fled.", "en"),  # a people, not a group
        ("Warga Druze diserang milisi Badui, dan suku Badui menolak tuduhan itu.", "id"),
        ("The Kursk group of forces said 40 attacks were repelled.", "en"),  # a unit of an army, not a group's name
    ],
)
def test_descriptions_beside_group_nouns_make_no_group(text, lang):
    found = entity_aliases(text, lang)
    assert not any(t == "Organization" for t, _ in found.values()), found


def test_a_capitalised_head_ends_a_groups_own_name():
    found = entity_aliases("The Ndali Liberation Front claimed the ambush near the border.", "en")
    assert found.get("Ndali Liberation Front", ("",))[0] == "Organization"


def test_a_longer_name_after_a_capitalised_kelompok_stays_whole():
    found = entity_aliases("Kelompok Strategis Operasional Siversk melaporkan serangan itu.", "id")
    assert "Kelompok Strategis Operasional Siversk" in found


@pytest.mark.parametrize(
    "text, lang, person",
    [
        ("The convoy was ambushed by a unit led by Abu Hamza al-Masri.", "en", "Abu Hamza al-Masri"),
        ("Kelompok itu dipimpin Egianus Tabuni sejak 2019.", "id", "Egianus Tabuni"),
        ("Juru bicara NUG U Kyaw Zaw mengatakan dua desa dibakar.", "id", "U Kyaw Zaw"),
        ("Kapolda Papua Irjen Pol Budi Santoso mengatakan dua polisi terluka di Distrik Sugapa.", "id", "Budi Santoso"),
        ("Pangdam Cenderawasih Mayjen Rudi Hartono menegaskan pasukan akan bertahan.", "id", "Rudi Hartono"),
    ],
)
def test_people_named_with_a_cue_an_honorific_or_a_police_rank(text, lang, person):
    found = entity_aliases(text, lang)
    assert found.get(person, ("",))[0] == "Person", found
    assert not any(label.startswith(("Kapolda", "Pangdam")) for label in found)


def test_a_running_sentence_dense_with_names_is_no_headline():
    found = entity_aliases("Kapolda Papua Irjen Pol Budi Santoso mengatakan dua anggota Brimob terluka di Distrik Sugapa, Kabupaten Intan Jaya.", "id")
    assert found.get("Distrik Sugapa", ("",))[0] == "Location"
    assert found.get("Papua", ("",))[0] == "Location"


def test_a_local_heads_post_names_a_place():
    found = entity_aliases("Bupati Puncak, Willem Wandik, meminta warga tetap tenang.", "id")
    assert found.get("Puncak", ("",))[0] == "Location" and found.get("Willem Wandik", ("",))[0] == "Person"


def test_a_body_without_a_qid_named_only_by_its_acronym_is_labelled_so():
    found = entity_aliases("ZRF rebels advanced on the town, and ZRF said it would hold it.", "en")
    assert "ZRF" in found and found["ZRF"][0] == "Organization"


def test_a_gazetteer_body_without_a_qid_is_labelled_by_the_acronym_the_article_writes():
    # each article is scored on the name it wrote; the gazetteer's name stays a label of the entity
    found = entity_aliases("M23 rebels advanced on the town, and M23 said it would hold it.", "en")
    assert "M23" in found and "March 23 Movement" not in found
    assert "March 23 Movement" in found["M23"][1]


@pytest.mark.parametrize(
    "text, lang, place",
    [
        ("Fighting spread across Zanwa state on Monday, residents said.", "en", "Zanwa State"),
        ("The attack in Zorba province killed nine people.", "en", "Zorba Province"),
        ("Aid reached the region of Mbalu on Sunday.", "en", "Mbalu Region"),
        ("Police in Ndeko district said two people died.", "en", "Ndeko District"),
        ("Gunmen attacked a village in Lumbo county.", "en", "Lumbo County"),
        ("Residents of the Abu Tarfa refugee camp fled north.", "en", "Abu Tarfa refugee camp"),
        ("Pertempuran meluas di provinsi Zorba pada Senin.", "id", "Provinsi Zorba"),
        ("Warga kabupaten Nduka mengungsi ke hutan.", "id", "Kabupaten Nduka"),
        ("Bentrokan terjadi di distrik Kiwarak pada malam hari.", "id", "Distrik Kiwarak"),
        ("Pasukan menyerbu kamp pengungsi Nur Talla sebelum fajar.", "id", "Kamp Pengungsi Nur Talla"),
    ],
)
def test_a_name_with_a_region_or_camp_noun_is_that_place_labelled_with_the_noun(text, lang, place):
    assert entities(text, lang).get(place) == "Location"


@pytest.mark.parametrize(
    "text, lang, region",
    [
        ("Israeli forces raided Tulkarm Governorate on Tuesday.", "en", "Tulkarm Governorate"),
        ("Pasukan Israel menyerbu kegubernuran Tulkarm pada Selasa.", "id", "Tulkarm Governorate"),
        ("Pasukan memasuki negara bagian Kassala pekan lalu.", "id", "Kassala State"),
    ],
)
def test_a_known_region_written_with_its_noun_in_lower_case_is_the_gazetteers_region(text, lang, region):
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language=lang))
    found = {e.label: e.wikidata for e in x.entities.values()}
    assert found.get(region, "").startswith("Q")


@pytest.mark.parametrize(
    "text, lang, region, city",
    [
        ("Shelling hit Kharkiv region overnight, and Kharkiv city lost power.", "en", "Kharkiv Oblast", "Kharkiv"),
        ("Drone menghantam wilayah Kharkiv dan kota Kharkiv pada malam hari.", "id", "Kharkiv Oblast", "Kharkiv"),
        ("Fighting raged in Kassala State while the city of Kassala was calm.", "en", "Kassala State", "Kassala"),
        ("Fighting raged in Khartoum State, and Khartoum itself was calm.", "en", "Khartoum State", "Khartoum"),
        ("Troops left Marlo state, and the camp near Marlo town was empty.", "en", "Marlo State", None),
    ],
)
def test_a_region_and_its_city_are_told_apart_by_their_nouns(text, lang, region, city):
    found = entities(text, lang)
    assert found.get(region) == "Location"
    if city:
        assert found.get(city) == "Location"


def test_a_known_city_with_a_camp_noun_is_the_camp_not_the_city():
    found = entities("Raids hit Jenin and the Jenin refugee camp overnight.", "en")
    assert found.get("Jenin refugee camp") == "Location" and found.get("Jenin") == "Location"


@pytest.mark.parametrize(
    "text, lang, unwanted",
    [
        ("The Islamic State claimed the attack.", "en", "Islamic State State"),
        ("The Zorbu State Army said it withdrew.", "en", "Zorbu State"),
        ("Officials declared a State of Emergency on Monday.", "en", "Emergency State"),
        ("Hegseth met aides in the Trump camp.", "en", "Trump camp"),
    ],
)
def test_a_region_noun_inside_another_name_or_beside_a_person_makes_no_place(text, lang, unwanted):
    assert unwanted not in entities(text, lang)


def test_a_known_name_after_the_capitalised_words_of_a_post_is_the_person_alone():
    found = entities("Proses itu disiapkan, kata Direktur Perlindungan WNI Retno Marsudi di Jakarta, Rabu.", "id")
    assert found.get("Retno Marsudi") == "Person"
    assert "Perlindungan" not in found


@pytest.mark.parametrize(
    "text, lang, name, type_",
    [
        ("The Pakistani Taliban, or Tehrik-i-Taliban Pakistan, claimed the raid.", "en", "Tehrik-i-Taliban Pakistan", "Organization"),
        ("Salva Kiir met the envoys in the capital on Monday.", "en", "Salva Kiir", "Person"),
        ("Kyodo News reported the launch before dawn.", "en", "Kyodo News", "Organization"),
        ("Juru bicara TPNPB Sebby Sambom mengklaim serangan itu.", "id", "Sebby Sambom", "Person"),
        ("Pasukan Pertahanan Rakyat Sudan Selatan menguasai kota itu.", "id", "South Sudan People's Defence Forces", "MilitaryUnit"),
    ],
)
def test_actors_of_the_wars_in_the_news_are_known_by_name(text, lang, name, type_):
    assert entities(text, lang).get(name) == type_


@pytest.mark.parametrize(
    "text, lang, person",
    [
        ("Komandan lapangan Andi Tabuna ditahan aparat gabungan pada Senin.", "id", "Andi Tabuna"),
        ("Pasukan menewaskan komandan senior Abu Hamid al-Tarimi dalam serangan udara.", "id", "Abu Hamid al-Tarimi"),
        ("Police announced the arrest of opposition leader Mamadou Kerta on Monday.", "en", "Mamadou Kerta"),
        ("Gunmen abducted a local chief, Ibrahim Danjaro, from his home.", "en", "Ibrahim Danjaro"),
    ],
)
def test_a_person_introduced_with_a_post_is_a_person_when_only_an_object(text, lang, person):
    assert entities(text, lang).get(person) == "Person"


def test_a_lower_case_word_after_a_title_that_is_not_part_of_a_post_makes_no_person():
    found = entities("Komandan itu mengunjungi Kota Baru pada Senin.", "id")
    assert "Kota Baru" not in found or found["Kota Baru"] != "Person"


def wikidata_of(text: str, lang: str) -> dict[str, str | None]:
    """label -> QID of the entities the article mentions."""
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language=lang))
    return {e.label: e.wikidata for e in x.entities.values()}


@pytest.mark.parametrize(
    "text, lang, qid",
    [
        ("Fighting between two militias shook Libya's capital overnight. In Tripoli, shops stayed shut.", "en", "Q3579"),
        ("Bentrokan antarmilisi kembali pecah di ibu kota Libya. Toko-toko di Tripoli tutup sejak Senin.", "id", "Q3579"),
        ("Residents of Tripoli queued for bread on Sunday.", "en", "Q3579"),  # no country named: the capital
    ],
)
def test_a_place_name_two_countries_share_follows_the_article_country(text, lang, qid):
    assert qid in wikidata_of(text, lang).values()


def test_a_place_name_two_countries_share_is_the_other_one_when_the_article_names_it():
    found = wikidata_of("Lebanese troops deployed in Tripoli after a night of clashes in northern Lebanon.", "en")
    assert "Q3579" not in found.values()
    assert any(label.startswith("Tripoli") for label in found)


@pytest.mark.parametrize(
    "text, lang, qid",
    [
        ("A drone hit a checkpoint in Paktika on Friday, officials said.", "en", "Q185575"),
        ("Serangan udara menghantam Provinsi Paktika pada Selasa malam.", "id", "Q185575"),
        ("Two soldiers died in the Far North Region of the country, the army said.", "en", "Q823976"),
        ("Bentrokan terjadi di Region Barat Laut pada Jumat pagi.", "id", "Q823946"),
        ("Armed men blocked a highway in Sinaloa, the state government said.", "en", "Q80252"),
        ("Helmand province saw heavy fighting last week.", "en", "Q173821"),
    ],
)
def test_first_level_subdivisions_of_every_country_are_known(text, lang, qid):
    assert qid in wikidata_of(text, lang).values()


@pytest.mark.parametrize(
    "text, lang, absent",
    [
        ("The North Region and the East Region are far apart, he said.", "en", {"Q502341", "Q845168"}),
        ("Kabul said the talks would go on.", "en", {"Q188933"}),  # the city (or the government), not the province
        ("Herat was calm on Monday.", "en", {"Q182844"}),
    ],
)
def test_regions_named_by_common_words_or_their_capitals_need_their_designation(text, lang, absent):
    assert not absent & set(wikidata_of(text, lang).values())


# --- long names after ranks and posts, outlets named whole, commands ---------------------------------


@pytest.mark.parametrize(
    "text, lang, name",
    [
        ("Kolonel Jean Pierre Mbala Ndoko mengatakan 30 tentara tewas.", "id", "Jean Pierre Mbala Ndoko"),
        ("Juru bicara militer, Kapten Jean Pierre Mbala Ndoko, mengatakan 30 tentara tewas.", "id", "Jean Pierre Mbala Ndoko"),
        ("Colonel Jean Pierre Mbala Ndoko said 30 soldiers were killed.", "en", "Jean Pierre Mbala Ndoko"),
        ("Gubernur Sinaloa Rubén Talavera Moya mengakui situasi belum pulih.", "id", "Rubén Talavera Moya"),
    ],
)
def test_a_long_name_after_a_rank_is_kept_whole(text, lang, name):
    found = entities(text, lang)
    assert found.get(name) == "Person", found


def test_a_body_word_before_a_long_name_still_cuts_it():
    found = entities("Ketua Dewan Kedaulatan Abdel Karim Tabuni mengatakan 30 tentara tewas.", "id")
    assert "Abdel Karim Tabuni" not in found or found["Abdel Karim Tabuni"] == "Person"
    assert not any(t == "Person" and "Dewan" in label for label, t in found.items()), found


@pytest.mark.parametrize(
    "text",
    [
        "Sebanyak 40 orang tewas, kata juru bicara pemerintah Jean Paul Mbeki, Selasa (20/5).",
        "Juru bicara pemerintah Jean Paul Mbeki mengatakan 40 orang tewas.",
    ],
)
def test_a_post_word_between_title_and_name_is_no_body(text):
    found = entities(text, "id")
    assert found.get("Jean Paul Mbeki") == "Person", found
    assert not any("pemerintah" in label.casefold() for label in found), found


def test_a_government_after_a_title_with_its_country_stays_the_country():
    found = entities("Juru bicara pemerintah Somalia mengatakan 40 orang tewas.", "id")
    assert found.get("Somalia") == "Country", found


@pytest.mark.parametrize(
    "text, lang, outlet",
    [
        ("The minister was quoted by the Dhaka Tribune as saying that 40 refugees arrived.", "en", "Dhaka Tribune"),
        ("Sebanyak 40 tentara tewas, dilansir dari Journal du Cameroun, Jumat (15/11).", "id", "Journal du Cameroun"),
    ],
)
def test_outlets_are_organisations_named_whole(text, lang, outlet):
    found = entities(text, lang)
    assert found.get(outlet) == "Organization", found
    assert "Dhaka" not in found and "Journal" not in found, found


def test_a_named_command_is_a_military_unit_and_a_lower_case_command_no_name():
    assert entities("The army's Northern Command said 40 rockets were fired.", "en").get("Northern Command") == "MilitaryUnit"
    found = entities("The Russian command said 40 soldiers were killed.", "en")
    assert not any("command" in label.casefold() for label in found), found


@pytest.mark.parametrize(
    "text, lang, city, province",
    [
        ("Talks resumed in Istanbul on Friday.", "en", "Istanbul", "İstanbul Province"),
        ("Perundingan digelar di Istanbul pekan lalu.", "id", "Istanbul", "İstanbul Province"),
        ("The tanker docked in Dubai on Monday.", "en", "Dubai", "Dubai Emirate"),
    ],
)
def test_a_bare_city_name_is_the_city_not_its_province(text, lang, city, province):
    found = entities(text, lang)
    assert found.get(city) == "Location" and province not in found


def test_a_port_of_a_known_city_in_indonesian_is_the_city():
    found = entities("Kapal-kapal itu bersandar di pelabuhan Latakia ketika diserang.", "id")
    assert found.get("Latakia") == "Location" and "pelabuhan Latakia" not in found


def test_a_capitalised_preposition_inside_a_title_opens_no_place():
    found = entities("Menteri Dalam Negeri Kenya Amos Kiprono mengatakan polisi tetap bertugas.", "id")
    assert "Negeri" not in found and found.get("Kenya") == "Country"


@pytest.mark.parametrize(
    "text, lang, place",
    [
        ("Clashes went on around the Tishreen Dam for a third day.", "en", "Tishreen Dam"),
        ("Strikes hit the Ras Kanatib power station overnight.", "en", "Ras Kanatib power station"),
        ("Drone menghantam kubah reaktor PLTN Zaporizhzhia pada Minggu.", "id", "PLTN Zaporizhzhia"),
        ("Pasukan itu merebut Bendungan Tishreen setelah pertempuran sengit.", "id", "Bendungan Tishreen"),
    ],
)
def test_a_named_dam_or_power_plant_is_a_place(text, lang, place):
    assert entities(text, lang).get(place) == "Location"


@pytest.mark.parametrize(
    "text, lang, label",
    [
        # a name ending in a troop noun is a name unless the rest only names a country
        ("Fighters of the National Liberation Army (ELN) blocked the road, the mayor said.", "en", "National Liberation Army"),
        # a number inside a name does not make it a description
        ("Israel's Channel 12 said the talks would resume on Sunday.", "en", "Channel 12"),
        # a body the article names only by its acronym is known by that acronym
        ("IRNA said the strike hit a depot near the port.", "en", "IRNA"),
        ("Menurut IRNA, serangan itu mengenai gudang di dekat pelabuhan.", "id", "IRNA"),
    ],
)
def test_a_gazetteer_body_without_a_link_keeps_the_name_the_article_writes(text, lang, label):
    assert label in entities(text, lang)


def test_a_somali_army_written_so_stays_a_description():
    found = entities("The Somali Army said it had retaken the town.", "en")
    assert "Somali Army" not in found and "Somali National Army" in found


def test_an_acronym_defines_the_name_its_initials_spell():
    found = entities("The town has been the capital of Zanwa state for the Tarvish Armed Forces (TAF) since May.", "en")
    assert found.get("Tarvish Armed Forces") == "MilitaryUnit"
    assert not any("state for" in label for label in found)


@pytest.mark.parametrize(
    "text, lang, body, person",
    [
        ("Menteri Komunikasi sekaligus juru bicara pemerintah, Joko Santer, menegaskan pasukan itu mundur.", "id", None, "Joko Santer"),
        ("Kepala Administrasi Militer Oblast Zaporizhzhia, Ivan Mirko, mengatakan dua orang tewas.", "id", "Administrasi Militer Oblast Zaporizhzhia", "Ivan Mirko"),
    ],
)
def test_words_of_a_post_after_a_title_are_no_name(text, lang, body, person):
    found = entities(text, lang)
    assert found.get(person) == "Person"
    assert "Komunikasi" not in found and "Administrasi Militer" not in found
    if body:
        assert found.get(body) == "Organization"


def test_a_word_of_a_post_between_two_titles_is_no_name():
    found = entities("Diene, yang juga menjabat Perwakilan Khusus Ketua Komisi Uni Afrika, tiba di Mogadishu.", "id")
    assert "Khusus" not in found


@pytest.mark.parametrize(
    "text, lang, body",
    [
        ("Finnish Customs said the tanker had been seized.", "en", "Finnish Customs"),
        ("Estonian grid operator Vetrana said repairs would take months.", "en", "Vetrana"),
        ("Menurut keterangan, perusahaan Vetrana mengatakan perbaikan butuh waktu berbulan-bulan.", "id", "Vetrana"),
    ],
)
def test_a_speaking_name_after_a_demonym_or_a_company_noun_is_a_body(text, lang, body):
    found = entities(text, lang)
    assert any(label.endswith(body) and t == "Organization" for label, t in found.items())
    assert not any(t == "Person" for t in found.values())


@pytest.mark.parametrize(
    "text, lang, people",
    [
        ("The three — Tamar Oreni, 26, Yosef Dalmi, 41, and Karin Meshulam, 33 — were freed on Saturday.", "en", ["Tamar Oreni", "Yosef Dalmi", "Karin Meshulam"]),
        ("Ketiga sandera itu, Tamar Oreni (26), Yosef Dalmi (41) dan Karin Meshulam (33), dibebaskan Sabtu.", "id", ["Tamar Oreni", "Yosef Dalmi", "Karin Meshulam"]),
        ("Korban tewas adalah Sersan Yosef Dalmi (41) dan Spesialis Karin Meshulam (33).", "id", ["Yosef Dalmi", "Karin Meshulam"]),
    ],
)
def test_names_with_their_ages_are_people(text, lang, people):
    found = entities(text, lang)
    for person in people:
        assert found.get(person) == "Person"
    assert not any(label.startswith(("Sersan", "Spesialis")) for label in found)


@pytest.mark.parametrize(
    "text, person",
    [
        ("Police said Chief Inspector Arnon Zamora, an officer in the unit, was killed.", "Arnon Zamora"),
        ("Air Force spokesman Air Commodore Tunde Obasi said jets struck the camp.", "Tunde Obasi"),
    ],
)
def test_ranks_stay_out_of_names_and_a_place_word_can_close_one(text, person):
    found = entities(text, "en")
    assert found.get(person) == "Person"
    assert "Zamora" not in found


@pytest.mark.parametrize(
    "text, names",
    [
        ("Ukraine said the National Guard and the State Border Guard Service took part.", ["National Guard", "State Border Guard Service"]),
        ("The Indian Army and Wing Commander Vyomika Singh said nine sites were hit.", ["Indian Army", "Vyomika Singh"]),
    ],
)
def test_and_before_a_determiner_or_a_title_joins_two_names(text, names):
    found = entities(text, "en")
    for name in names:
        assert name in found
    assert not any(" and " in label for label in found)


@pytest.mark.parametrize(
    "text, lang, body",
    [
        ("Olena Marchuk, head of the Bilopillia City Military Administration, said two people were hurt.", "en", "Bilopillia City Military Administration"),
        ("Administrasi Militer Oblast Zaporizhzhia mengatakan dua orang tewas.", "id", "Administrasi Militer Oblast Zaporizhzhia"),
    ],
)
def test_a_military_administration_is_a_body(text, lang, body):
    assert entities(text, lang).get(body) == "Organization"


def test_a_name_cut_short_by_a_possessive_is_not_the_label():
    found = entities("The General Staff of Ukraine's Armed Forces said 150 clashes took place.", "en")
    assert "General Staff of Ukraine" not in found


@pytest.mark.parametrize(
    "text, lang, places",
    [
        ("Families fled towards Goma, Mbesa and Kibo on Monday.", "en", ["Goma", "Mbesa", "Kibo"]),
        ("The rebels pushed into Mogok and Zanda in Mandalay Region.", "en", ["Mogok", "Zanda"]),
        ("Officials in Kherson and Zorivka said ten people died.", "en", ["Kherson", "Zorivka"]),
        ("Warga mengungsi ke Goma, Sake dan Kibati sejak Senin.", "id", ["Goma", "Sake", "Kibati"]),
        ("Huliaipole dan Orikhiv, dua kota garis depan, dihantam artileri.", "id", ["Orikhiv"]),
        ("Operasi di sekitar Zemio dan Mboki masih berlangsung.", "id", ["Zemio", "Mboki"]),
    ],
)
def test_an_unknown_name_coordinated_with_a_known_town_is_a_place(text, lang, places):
    found = entities(text, lang)
    assert all(found.get(p) == "Location" for p in places), found


@pytest.mark.parametrize(
    "text, lang, unwanted",
    [
        ("In Goma, Mbesa and Kibo said the road was closed.", "en", ["Mbesa", "Kibo"]),
        ("Kherson and Zorivka said ten people died.", "en", ["Zorivka"]),
        ("Schools in Beirut and Mount Lebanon filled up.", "en", ["Mount"]),
        ("Israel and Zorbu traded fire on Sunday.", "en", ["Zorbu"]),
    ],
)
def test_a_coordinated_name_stays_untyped_where_the_list_may_be_speakers(text, lang, unwanted):
    found = entities(text, lang)
    assert all(found.get(u) != "Location" for u in unwanted), found


@pytest.mark.parametrize(
    "text, lang, place, unwanted",
    [
        ("A jet bombed Zorbu Ni Kyan village on Wednesday.", "en", "Zorbu Ni Kyan", "Zorbu Ni Kyan village"),
        ("Gunmen stormed a post in the Mbala area of the district.", "en", "Mbala", "Mbala area"),
        ("Rebels ambushed a patrol in the Kesse forest on Sunday.", "en", "Kesse", "Kesse forest"),
        ("A strike hit a house in the Zanwa neighbourhood of Gaza City.", "en", "Zanwa", "Zanwa neighbourhood"),
        ("Eleven miners were killed in Zorbu regency last week.", "en", "Zorbu Regency", "Zorbu"),
    ],
)
def test_a_name_with_a_locality_noun_is_the_place(text, lang, place, unwanted):
    found = entities(text, lang)
    assert found.get(place) == "Location" and unwanted not in found, found


def test_a_known_town_with_a_locality_noun_stays_the_town():
    found = entities("Residents of the Gaza City area fled south.", "en")
    assert found.get("Gaza City") == "Location" and "Gaza City Area" not in found


def test_an_indonesian_district_and_its_bare_name_are_one_place():
    x = extract(Article(id="t", source="t.txt", text="Warga di Zorba Lama mengungsi. Milisi merebut markas di distrik Zorba Lama.", published=date(2025, 3, 1), language="id"))
    places = [e.label for e in x.entities.values() if e.type == "Location"]
    assert places == ["Zorba Lama"], places


def test_a_country_nested_in_a_name_is_the_longest_country_named():
    found = entities("The UN Mission in South Sudan said the convoy was hit near Malakal.", "en")
    assert found.get("South Sudan") == "Country" and "Sudan" not in found, found


@pytest.mark.parametrize(
    "text, unwanted",
    [
        ("Kekerasan di dua provinsi berbahasa Inggris itu pecah pada 2019.", "United Kingdom"),
        ("Media berbahasa Prancis melaporkan penyergapan itu pada Senin.", "Prancis"),
        ("Ia fasih berbahasa Arab dan bahasa Rusia sejak kecil.", "Russia"),
    ],
)
def test_a_country_name_used_for_its_language_is_no_entity(text, unwanted):
    found = entities(text, "id")
    assert unwanted not in found and "France" not in found, found


def test_a_country_name_after_its_language_use_is_still_the_country():
    found = entities("Media berbahasa Inggris melaporkan serangan itu. Inggris mengecam serangan tersebut.", "id")
    assert found.get("United Kingdom") == "Country", found


@pytest.mark.parametrize(
    "text, lang, country",
    [
        ("Rebels seized the Liberian-flagged tanker Zorba Star off the coast.", "en", "Liberia"),
        ("The army said Turkish-made drones struck the depot near Mbala.", "en", "Turkey"),
        ("Iranian-backed fighters shelled the outpost overnight.", "en", "Iran"),
        ("The Cook Islands-flagged freighter Zorbu dragged its anchor.", "en", "Cook Islands"),
        ("Kapal tanker berbendera Liberia itu terbakar di lepas pantai.", "id", "Liberia"),
        ("Milisi itu memakai drone buatan Turki dalam serangan tersebut.", "id", "Turkey"),
    ],
)
def test_a_demonym_or_country_fused_to_a_participle_names_the_country(text, lang, country):
    found = entities(text, lang)
    assert found.get(country) == "Country", found


@pytest.mark.parametrize(
    "text, country",
    [
        ("The truce was brokered by Malaysian Prime Minister Zorba Anwar last week.", "Malaysia"),
        ("Kenyan President Mbala Kesse said the mission would stay.", "Kenya"),
        ("The talks were hosted by Thai Education Minister Zorbu Lamai.", "Thailand"),
    ],
)
def test_a_demonym_before_a_title_names_the_country(text, country):
    found = entities(text, "en")
    assert found.get(country) == "Country", found


def test_a_demonym_opening_a_body_name_is_left_to_the_name():
    found = entities("The Norwegian Zorbu Council said it was bracing for more arrivals.", "en")
    assert "Norway" not in found, found


@pytest.mark.parametrize(
    "text, body, country",
    [
        ("The tanker was hit by a drone, according to the United Kingdom Maritime Trade Operations centre.", "United Kingdom Maritime Trade Operations", "United Kingdom"),
        # named as the article writes it, a name the gazetteer lists for the row (tests/test_article_labels.py)
        ("The U.S. Defense Department confirmed that the convoy reached Zorbu.", "U.S. Defense Department", "United States"),
    ],
)
def test_a_country_opening_a_known_body_name_is_a_nested_country(text, body, country):
    x = extract(Article(id="t", source="t.txt", text=text, published=date(2025, 3, 1), language="en"))
    found = {e.label: e.type for e in x.entities.values()}
    assert body in found and found.get(country) == "Country", found
    nested = [m for m in x.mentions if x.entities[m.entity].label == country]
    assert nested and all(m.nested for m in nested), nested  # it never speaks for the body
    assert all(x.entities[s.speaker].label != country for s in x.statements if s.speaker in x.entities)


def test_a_person_named_after_a_country_opens_no_country():
    found = entities("Defence Minister Israel Katz said the strikes would go on.", "en")
    assert "Israel" not in found, found


@pytest.mark.parametrize(
    "text, lang, country",
    [
        ("Pretoria put its own losses at four soldiers after the clash near Zorbu.", "en", "South Africa"),
        ("Moscow on Tuesday denied that its jets had struck the market.", "en", "Russia"),
        ("Kampala, a close ally of the junta, said it would send more troops.", "en", "Uganda"),
        ("The governor said he would press Abuja to deploy more soldiers to the north.", "en", "Nigeria"),
        ("Clashes broke out as Tehran-backed militias fired rockets at the base.", "en", "Iran"),
        ("Washington dan Paris pekan lalu meminta warga mereka meninggalkan negara itu.", "id", "United States"),
        ("Washington dan Paris pekan lalu meminta warga mereka meninggalkan negara itu.", "id", "France"),
        ("Moskow lebih dulu mengakui kehadiran pasukan asing itu.", "id", "Russia"),
        ("Gubernur itu mendesak Abuja agar mengirim lebih banyak tentara.", "id", "Nigeria"),
    ],
)
def test_a_capital_acting_after_an_irregular_verb_a_time_phrase_or_an_apposition_is_its_country(text, lang, country):
    found = entities(text, lang)
    assert found.get(country) == "Country", found


@pytest.mark.parametrize(
    "text, city",
    [
        ("Kyiv, the capital, was quiet on Sunday.", "Kyiv"),
        ("Juba, where the talks were held, stayed calm.", "Juba"),
        ("The Moscow-based analyst said the figures were too low.", "Moscow"),
        ("He travelled to Kampala to meet the envoy.", "Kampala"),
    ],
)
def test_a_capital_described_as_a_place_stays_the_city(text, city):
    found = entities(text, "en")
    assert found.get(city) == "Location", found


@pytest.mark.parametrize(
    "text, lang, places",
    [
        ("Thousands fled Zorbu, Mbala Kesse and Nduri after the raid.", "en", ["Zorbu", "Mbala Kesse", "Nduri"]),
        ("The convoy reached Kibo and Lamai before dusk.", "en", ["Kibo", "Lamai"]),
        ("Ribuan warga meninggalkan Zorbu dan Mbala setelah serangan itu.", "id", ["Zorbu", "Mbala"]),
    ],
)
def test_unknown_names_listed_after_a_verb_of_movement_are_places(text, lang, places):
    found = entities(text, lang)
    assert all(found.get(p) == "Location" for p in places), found


def test_one_unknown_name_after_a_verb_of_movement_is_left_alone():
    found = entities("The convoy reached Kibo before dusk.", "en")
    assert "Kibo" not in found, found


@pytest.mark.parametrize(
    "text, lang, place",
    [
        # an article fused to a place's last word belongs to its name
        ("Troops pushed toward the hill village of Kesse al-Zorb on Tuesday.", "en", "Kesse al-Zorb"),
        # the two ends of a road are places, in either language
        ("The convoy was ambushed on the road between Zorbu and Mbalo.", "en", "Mbalo"),
        ("Serangan terjadi di jalan antara Zorbu dan Mbalo pada Senin.", "id", "Mbalo"),
        # township, raion and zone are first-level names with their noun
        ("The rebels seized Kesse township after a week of fighting.", "en", "Kesse Township"),
        ("Shelling hit villages in the Zorbu zone overnight.", "en", "Zorbu Zone"),
        # "the X district of Y": X's district, inside the place Y
        ("Twelve fighters were killed in the Mbalo district of East Zorbu, the army said.", "en", "East Zorbu"),
    ],
)
def test_place_constructions(text, lang, place):
    assert entities(text, lang).get(place) == "Location"


def test_district_of_a_named_place_is_not_that_place_s_district():
    found = entities("Twelve fighters were killed in the Mbalo district of East Zorbu, the army said.", "en")
    assert "East Zorbu District" not in found and found.get("Mbalo District") == "Location"


def test_talks_between_two_names_make_no_places():
    assert "Mbalo" not in entities("Talks between Zorbu and Mbalo broke down on Friday.", "en")


@pytest.mark.parametrize(
    "text, place",
    [
        ("Di kota pesisir Zorbu saja, puluhan warga tewas.", "Zorbu"),
        ("Sasaran berada di kawasan pegunungan Kesse, Mbalo dan Tanri.", "Mbalo"),
    ],
)
def test_place_noun_with_a_geographic_modifier(text, place):
    assert entities(text, "id").get(place) == "Location"


def test_a_name_and_acronym_in_parentheses_are_one_body():
    # Indonesian papers give a body's name in its own language and its acronym in one pair of
    # parentheses; the acronym written alone later is the same body.
    found = entities("Kelompok Tentara Velaria (Velarian Liberation Army/VLA) mengklaim telah merebut markas itu. "
                     "Juru bicara VLA, Hadi Sarto, mengatakan 40 tentara ditawan.", "id")
    assert found.get("Velarian Liberation Army") in ("Organization", "MilitaryUnit")
    assert "VLA" not in found and "Velarian Liberation Army/VLA" not in found


def test_indonesian_officials_posts_before_their_names():
    """"Pejabat biro politik X Y", "anggota biro politik kelompok itu, Y,": the name is a person;
    a bare "pejabat" with no name stays an unnamed source."""
    got = entities("Pejabat biro politik Houthi Karim al-Zubaidi mengatakan operasi akan berlanjut.", "id")
    assert got.get("Karim al-Zubaidi") == "Person"
    got = entities("Hal itu disampaikan anggota biro politik kelompok tersebut, Salim Haddad, pada Jumat.", "id")
    assert got.get("Salim Haddad") == "Person"
    assert "Person" not in entities("Seorang pejabat senior mengatakan 12 orang tewas.", "id").values()


@pytest.mark.parametrize(
    "text, lang, label",
    [
        ("Menurut Moskow, pasukan Kelompok Utara telah merebut desa Zelenivka.", "id", "Kelompok Utara"),
        ("Rusia menyebut Kelompok Barat menewaskan 40 tentara.", "id", "Kelompok Barat"),
    ],
)
def test_a_group_head_and_a_compass_word_are_a_unit(text, lang, label):
    got = entities(text, lang)
    assert got.get(label) == "MilitaryUnit"
    assert not {"Utara", "Barat"} & set(got)


def test_a_body_run_by_a_group_is_that_groups_body():
    """"Kementerian Kesehatan yang dikelola kelompok Zorbu": the body with the clause naming its
    ruler, labelled as written; the bare ministry of another article is not merged into it."""
    got = entities("Kelompok Zorbu menyerang kota itu. SANAA – Kementerian Kesehatan yang dikelola kelompok Zorbu menyatakan 30 orang tewas.", "id")
    assert got.get("Kementerian Kesehatan yang dikelola kelompok Zorbu") == "Organization"
    assert "Kementerian Kesehatan" not in got
    assert entities("Kementerian Kesehatan menyatakan 30 orang tewas.", "id") == {"Kementerian Kesehatan": "Organization"}
