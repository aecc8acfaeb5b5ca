"""Statement recall on invented sentences (issue 11, development set 3's remaining classes):
a source cue opening an insertion between subject and verb, "called" with a quotation, "dispute"
as a verb of denial, and a figure noun whose name before it speaks."""

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


def test_a_source_cue_after_a_comma_opens_an_insertion_before_the_verb():
    text = "Duta Besar Rusia untuk Mali, Sergei Lavrov, seperti dikutip kantor berita TASS, Senin (10/3), menegaskan bahwa 200 tentara Rusia hanya melatih pasukan lokal."
    x = run(text, "id")
    assert speakers(text, "id") == ["Sergei Lavrov"]
    assert [q.value for q in x.statements[0].quantities] == [200]
    text = "Russian envoy Sergei Lavrov, as quoted by the TASS news agency, on Monday, stressed that 200 Russian troops were only training local forces."
    assert speakers(text, "en") == ["Sergei Lavrov"]


def test_called_with_a_quotation_is_a_statement():
    x = run("Hamas called the attack “a crime against all the people of Gaza”.", "en")
    assert [(x.entities[s.speaker].label, s.quote) for s in x.statements] == [("Hamas", True)]
    text = "The UN human rights office said it had verified the killings of 111 civilians, a number its spokesman Volker Türk called “almost certainly far too low”."
    x = run(text, "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements][1] == ("Volker Türk", [])


def test_called_without_a_quotation_is_no_statement():
    assert speakers("Hamas called the attack a crime and 12 people were killed.", "en") == []
    assert speakers("Zelensky called a meeting of the security council on Monday.", "en") == []


def test_disputes_in_a_headline_is_a_denial():
    x = run("Hamas disputes figures\nHamas said 20 fighters were killed.", "en")
    assert [(x.entities[s.speaker].label, s.stance) for s in x.statements][0] == ("Hamas", "denied")


def test_a_name_before_a_figure_noun_speaks_through_the_figures():
    x = run("Russia denied it. A separate UN tally puts the number of people displaced at 1.5 million.", "en")
    assert [(x.entities[s.speaker].label, [q.value for q in s.quantities]) for s in x.statements][-1] == ("United Nations", [1500000])
