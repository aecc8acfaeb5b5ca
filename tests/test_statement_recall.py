"""Statement and count recall on invented sentences (issue 11): second speakers in one sentence,
appositions that name the speaker, counts whose speaker is named by a description, a pronoun or
a figure's source, totals that refer back to an earlier sentence, and reporting verbs in the
forms real news uses."""

from __future__ import annotations

from datetime import date

import pytest

from extracting import run


def counted(text: str, lang: str) -> list[tuple[str, list[int]]]:
    """(speaker label, values of its counts) of each statement, in text order."""
    x = run(text, lang)
    return [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements]


# --- the speaker named in an apposition -----------------------------------------------------------


def test_a_number_after_said_is_the_claim_not_an_unnamed_speaker():
    text = "The UN agency for migrants, IOM, said some 42,000 people had left the district."
    assert counted(text, "en") == [("IOM", [42000])]  # the gazetteer's body, named as the article writes it


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


# --- second speakers and descriptions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Kenyan President William Ruto and UN chief António Guterres both said 400 police officers would arrive in May.", "en"),
        ("Presiden Kenya William Ruto dan Sekjen PBB António Guterres sama-sama mengatakan 400 polisi akan tiba pada Mei.", "id"),
    ],
)
def test_speakers_who_both_said_it_each_speak(text, lang):
    assert counted(text, lang) == [("William Ruto", [400]), ("António Guterres", [400])]


def test_a_name_before_a_description_noun_is_the_speaker():
    text = "Governor Amina Bello said 14 villagers were killed. In the north, the Médecins Sans Frontières medical charity said it had treated 52 wounded people."
    assert counted(text, "en") == [("Amina Bello", [14]), ("Médecins Sans Frontières", [52])]


def test_a_place_in_a_compound_adjective_does_not_hide_the_subject_of_a_participle():
    text = "The London-based Syrian Observatory for Human Rights raised its toll, saying it had documented 212 deaths since Friday."
    assert counted(text, "en") == [("Syrian Observatory for Human Rights", [212])]


# --- figures and their sources ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Some 61,000 people have fled the district since June, according to figures released by the International Organization for Migration.", "en"),
        ("According to data from the International Organization for Migration, some 61,000 people have fled the district since June.", "en"),
        ("The International Organization for Migration's figures show some 61,000 people have fled the district since June.", "en"),
        ("Data dari Organisasi Internasional untuk Migrasi menunjukkan sekitar 61.000 orang mengungsi dari distrik itu sejak Juni.", "id"),
        ("Menurut data yang dirilis Organisasi Internasional untuk Migrasi, sekitar 61.000 orang mengungsi dari distrik itu sejak Juni.", "id"),
    ],
)
def test_the_source_of_figures_speaks(text, lang):
    (speaker, values), = counted(text, lang)
    assert values == [61000] and speaker in ("International Organization for Migration", "Organisasi Internasional untuk Migrasi")


def test_figures_released_by_a_description_are_the_body_named_before_it():
    text = "The UN Mission in South Sudan has 14,000 peacekeepers in the country, according to figures released by the mission."
    (speaker, values), = counted(text, "en")
    assert values == [14000] and "Mission" in speaker


def test_put_with_a_toll_as_its_object_reports_the_figure():
    text = "Sudan's army said 31 of its soldiers were killed, while the Sudan Doctors Network put the number of civilian deaths in the town at 460."
    assert counted(text, "en") == [("Sudanese Armed Forces", [31]), ("Sudan Doctors Network", [460])]


def test_put_without_a_figure_reports_nothing():
    assert counted("The garrison put up fierce resistance and 30 soldiers died.", "en") == []


# --- totals that continue the sentence before -------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("UNICEF said 18 children were killed overnight. The toll has risen to 4,400 since the war began.", "en"),
        ("UNICEF mengatakan 18 anak tewas semalam. Dengan demikian jumlah korban tewas menjadi 4.400 orang.", "id"),
    ],
)
def test_a_total_in_the_next_sentence_is_the_speaker_before(text, lang):
    assert counted(text, lang) == [("UNICEF", [18, 4400])]


def test_a_total_after_two_speakers_is_nobody_s():
    text = "UNICEF said 18 children were killed overnight, while the World Health Organization said 10 more died. The death toll rose to 4,400."
    assert [values for _, values in counted(text, "en")] == [[18], [10]]


def test_a_sentence_with_an_actor_is_no_continued_total():
    text = "UNICEF said 18 children were killed overnight. Hamas put its own toll at 40."
    assert counted(text, "en")[0] == ("UNICEF", [18])


# --- a second act of saying by the same speaker -----------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Information Minister Khalid Salem said three journalists were killed in the strike, and warned that the militia would pay for it.", "en"),
        ("Menteri Penerangan Khalid Salem mengatakan tiga jurnalis tewas dalam serangan itu dan menegaskan bahwa milisi akan membayarnya.", "id"),
    ],
)
def test_a_coordinated_verb_with_its_own_complement_goes_on_with_the_same_statement(text, lang):
    assert counted(text, lang) == [("Khalid Salem", [3])]


def test_a_second_complement_of_the_same_verb_is_one_statement_with_both_counts():
    text = "Governor Amina Bello said 14 villagers were killed and that 30 were wounded."
    assert counted(text, "en") == [("Amina Bello", [14, 30])]


def test_a_name_before_a_description_noun_speaks_with_the_one_coordinated_with_it():
    text = "The M23 rebel group and Congo's government both said on Monday that fighting had stopped in the city."
    assert [label for label, _ in counted(text, "en")] == ["M23", "Democratic Republic of the Congo"]  # named as the article writes it


def test_a_compound_adjective_before_a_name_is_not_part_of_it():
    text = "The Geneva-based Norwegian Refugee Council condemned the shelling, saying 12 aid workers had been wounded this year."
    assert counted(text, "en") == [("Norwegian Refugee Council", [12])]


# --- the occasion of saying dates the statement ---------------------------------------------------


def dated(text: str, lang: str) -> list[tuple[str, date | None]]:
    x = run(text, lang)
    return [(x.entities[s.speaker].label, s.date) for s in x.statements]


@pytest.mark.parametrize("text", [
    # a comma, then the occasion with words describing it
    "Interior Minister Tomas Avelar said the border posts would stay closed, in a written statement on Sunday.",
    "Interior Minister Tomas Avelar said the border posts would stay closed, during a news conference in the capital on Sunday.",
    "Interior Minister Tomas Avelar said the border posts would stay closed, as announced in a statement released by his office on Sunday.",
    # the attribution after the claim, with a long occasion that is no claim
    "The border posts will stay closed, Interior Minister Tomas Avelar said in a lengthy post on his official channel on Sunday.",
    # the occasion right after a quoted object, before the next clause
    "Interior Minister Tomas Avelar urged “calm on all sides” in a statement on Sunday and said the posts would stay closed.",
])
def test_the_date_of_the_occasion_of_saying_is_the_date_of_the_statement(text):
    assert dated(text, "en") == [("Tomas Avelar", date(2025, 3, 9))]


def test_a_date_inside_the_claim_with_no_occasion_dates_nothing():
    text = "Interior Minister Tomas Avelar said the border posts had been closed in a raid on Sunday."
    assert dated(text, "en") == [("Tomas Avelar", None)]


# --- coordinated speakers (round 5c) ---------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The United Nations and the European Union said on Friday that they backed the talks.",
    # an insertion after the coordinated subject
    "The United Nations and the European Union, among a dozen foreign missions, said the talks must go on.",
    "The United Nations and the European Union, whose envoys met in Geneva, both called for a ceasefire.",
])
def test_a_determiner_before_the_second_coordinate_keeps_both_speakers(text):
    assert [label for label, _ in counted(text, "en")] == ["United Nations", "European Union"]


def test_a_coordinated_pair_inside_the_claim_is_no_speaker():
    text = "Talks between the United Nations and the European Union would resume, the Kremlin said."
    assert [label for label, _ in counted(text, "en")] == ["Kremlin"]


# --- a country's military with a possessive (round 5c) ---------------------------------------------


@pytest.mark.parametrize("text, army", [
    ("Israel's military said on Tuesday that four of its soldiers had been wounded near the border.", "Israel Defense Forces"),
    ("Sudan's military said it had pushed the fighters out of two villages.", "Sudanese Armed Forces"),
])
def test_a_countrys_military_with_a_possessive_speaks_as_its_armed_forces(text, army):
    assert [label for label, _ in counted(text, "en")] == [army]


@pytest.mark.parametrize("text", [
    "Israel's military campaign has displaced thousands, the Red Cross said.",
    "Sudan's military and political leaders met on Monday, the African Union said.",
])
def test_military_as_an_adjective_after_a_possessive_names_no_army(text):
    x = run(text, "en")
    assert not [e for e in x.entities.values() if e.type == "MilitaryUnit"]


def test_an_administrator_before_a_name_is_a_title_and_the_person_speaks():
    text = "UNHCR Administrator Joanna Kessler said 40,000 people had crossed the border."
    assert [label for label, _ in counted(text, "en")] == ["Joanna Kessler"]


# --- a part of a body led by a person (round 5c) ---------------------------------------------------


@pytest.mark.parametrize("text, lang, body", [
    ("The wing of the Arakan Army led by Twan Mrat Naing said it had taken the town.", "en", "Arakan Army"),
    ("In a statement posted on Tuesday, the faction of the Arakan Army (AA) led by Twan Mrat Naing said it had taken the town.", "en", "Arakan Army"),
    ("Faksi Tentara Arakan yang dipimpin oleh Twan Mrat Naing mengatakan kota itu telah direbut.", "id", "Arakan Army"),
])
def test_a_part_of_a_body_led_by_a_person_speaks_as_the_body(text, lang, body):
    x = run(text, lang)
    got = [x.entities[s.speaker] for s in x.statements]
    assert [e.labels.get("en", e.label) for e in got] == [body]


@pytest.mark.parametrize("text", [
    "The faction led by Twan Mrat Naing said it had taken the town.",
    "A unit of the Arakan Army led by Twan Mrat Naing said it had taken the town.",
])
def test_a_body_led_by_a_person_with_no_part_noun_names_no_speaker(text):
    assert counted(text, "en") == []
