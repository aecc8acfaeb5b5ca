"""Statement recall on invented sentences (issue 11, development set 3's remaining classes):
object relative clauses, passive quotation by an outlet, figure verbs, description nouns and
verbs of saying the lexicon lacked."""

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


# --- "a charge the Taliban reject": an object relative clause ------------------------------------


def test_an_object_relative_clause_names_its_own_speaker():
    text = "Islamabad accuses Kabul of sheltering the fighters, a charge the Taliban reject."
    assert speakers(text, "en") == ["Pakistan", "Taliban"]


def test_a_source_linked_to_a_name_stays_unnamed():
    assert speakers("An official of the Taliban said 12 people were killed.", "en") == ["unnamed"]
    assert speakers("Sources close to the Taliban said 12 people died.", "en") == ["unnamed"]


# --- "X was quoted by <outlet> as saying" ------------------------------------------------------------


def test_was_quoted_by_an_outlet_as_saying_is_the_person_s_statement():
    text = "Volodymyr Zelensky was quoted by the Interfax news agency as saying on Tuesday that 14 drones had been shot down."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, s.date) for s in x.statements] == [("Volodymyr Zelenskyy", date(2025, 3, 11))]
    assert [q.value for q in x.statements[0].quantities] == [14]


# --- figure verbs and verbs of saying ----------------------------------------------------------------


def test_raised_its_count_to_reports_the_figure():
    text = "The World Health Organization on Monday raised its count of people killed in the floods to at least 312 people."
    x = run(text, "en")
    assert speakers(text, "en") == ["World Health Organization"]
    assert [q.value for q in x.statements[0].quantities] == [312]


def test_menepis_is_a_denial():
    x = run("Kementerian Pertahanan Rusia menepis laporan bahwa 300 tentaranya tewas.", "id")
    assert [s.stance for s in x.statements] == ["denied"]


def test_described_reports_what_the_speaker_said():
    text = "Hamas fired rockets at Ashkelon on Monday. The group described the salvo as a warning to Israel."
    assert speakers(text, "en") == ["Hamas"]


def test_the_militants_claimed_means_the_one_armed_group_that_spoke_before():
    text = "Al-Shabaab said it had attacked the base in Baidoa. The militants also claimed to have seized 3 vehicles."
    assert speakers(text, "en") == ["Al-Shabaab", "Al-Shabaab"]
