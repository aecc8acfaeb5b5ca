"""Statements and counts in the constructions real news uses (issue 11, second round): a body
written inside a longer description of its place or of the group that runs it, descriptions of
an entity named earlier, headline grammar, totals without a noun, and refusals with a positive
part. All sentences are invented."""

from __future__ import annotations

import pytest

from extracting import run


def counted(text: str, lang: str) -> list[tuple[str, str, list[int]]]:
    """(speaker label, speaker type, values of its counts) of each statement, in text order."""
    x = run(text, lang)
    return [(x.entities[s.speaker].label, x.entities[s.speaker].type, [q.value for q in s.quantities]) for s in x.statements]


# --- a body inside a longer description -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("The Rafah health ministry said 52 people were killed in strikes on Tuesday.", "Rafah health ministry"),
        ("The health ministry in Rafah said 52 people were killed in strikes on Tuesday.", "Rafah health ministry"),
        ("The health ministry in Hamas-run Rafah said 52 people were killed in strikes on Tuesday.", "Rafah health ministry"),
        ("The health ministry in the Houthi-run capital said 52 people were killed in strikes on Tuesday.", "Houthi health ministry"),
        ("The Hamas-run health ministry said 52 people were killed in strikes on Tuesday.", "Hamas-run health ministry"),
        ("Rafah's civil defence agency said 52 people were killed in strikes on Tuesday.", "Rafah's civil defence agency"),
    ],
)
def test_a_body_inside_a_description_of_its_place_speaks_not_the_place(text, label):
    assert counted(text, "en") == [(label, "Organization", [52])]


def test_a_body_the_gazetteer_knows_is_found_across_a_possessive():
    assert counted("Gaza's Civil Defence said rescuers had recovered 14 bodies.", "en")[0][1:] == ("Organization", [14])
    assert counted("Gaza's civil defence agency said rescuers had recovered 14 bodies.", "en") == [("Gaza Civil Defence", "Organization", [14])]


def test_a_national_body_in_a_capital_is_not_named_after_the_city():
    x = run("Officials met at the national security council in Mogadishu on Monday.", "en")
    assert not any("council" in e.label.casefold() for e in x.entities.values())


def test_a_head_first_body_with_its_place_speaks():
    assert counted("Kementerian Kesehatan Zorath mengatakan 47 orang tewas dalam serangan semalam.", "id") == [
        ("Kementerian Kesehatan Zorath", "Organization", [47])
    ]


# --- headline grammar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, speaker, values",
    [
        ("Yemen's Houthis say two killed in US strikes on Hodeidah", "en", "Houthis", [2]),
        ("Kemenkes Gaza: Sedikitnya 16 Orang Tewas di Halaman RS", "id", "Kemenkes Gaza", [16]),
    ],
)
def test_headline_grammar(text, lang, speaker, values):
    assert counted(text, lang) == [(speaker, "Organization", values)]


def test_a_plural_present_reports_in_running_text_but_not_after_a_determiner():
    assert counted("The Houthis say 12 people were killed in the strikes.", "en") == [("Houthis", "Organization", [12])]
    assert counted("The Houthi claim of 12 deaths could not be verified.", "en") == []


# --- descriptions of an entity named before, though it has not spoken --------------------------------


@pytest.mark.parametrize(
    "text, lang, speaker",
    [
        ("Al-Shabaab fighters stormed a base near Baidoa on Monday. The al Qaeda-linked group claimed it had killed 17 soldiers.", "en", "Al-Shabaab"),
        ("Tentara Israel menggempur kamp itu pada Selasa. Sebanyak 17 orang tewas, kata militer.", "id", "Israel Defense Forces"),
        ("Sudan's foreign ministry condemned the shelling on Tuesday. The ministry said 17 civilians were killed.", "en", "Sudan's foreign ministry"),
    ],
)
def test_a_description_means_the_one_actor_of_its_kind_named_before(text, lang, speaker):
    assert [(label, values) for label, _type, values in counted(text, lang)][-1] == (speaker, [17])


def test_a_description_that_fits_two_actors_named_before_says_nothing():
    text = "Al-Shabaab fighters and ISWAP fighters stormed two bases on Monday. The group claimed it had killed 17 soldiers."
    assert counted(text, "en") == []


# --- totals with no noun of their own -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("The Rafah health ministry said 12 people were killed on Monday, bringing the total to 1,200.", "en"),
        ("Kementerian Kesehatan Rafah mengatakan 12 orang tewas pada Senin, sehingga totalnya menjadi 1.200 orang.", "id"),
    ],
)
def test_a_total_without_a_noun_takes_the_kind_of_the_count_it_continues(text, lang):
    (st,) = run(text, lang).statements
    assert [(q.value, q.kind) for q in st.quantities] == [(12, "killed"), (1200, "killed")]


def test_a_total_without_a_noun_after_wounded_is_wounded():
    (st,) = run("The Rafah health ministry said 30 people were wounded, bringing the total to 4,100.", "en").statements
    assert [(q.value, q.kind) for q in st.quantities] == [(30, "wounded"), (4100, "wounded")]


# --- refusals with a positive part -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang, values",
    [
        ("The Nigerian Army declined to say how many soldiers died, noting that 14 were wounded.", "en", [14]),
        ("The Nigerian Army refused to comment but said 9 soldiers were wounded.", "en", [9]),
        ("The Nigerian Army did not say how many soldiers were killed.", "en", None),
    ],
)
def test_a_refusal_makes_a_statement_only_for_its_positive_part(text, lang, values):
    got = counted(text, lang)
    assert got == ([] if values is None else [("Nigerian Army", "MilitaryUnit", values)])
