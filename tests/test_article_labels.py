"""The name an article gives an entity (``nkg:articleLabel``): the fullest name THIS article
writes for it, while the entity keeps one IRI and its canonical ``skos:prefLabel``. Every
sentence here is invented."""

from __future__ import annotations

from datetime import date

import pytest

from kg import graph, identity
from kg.articles import Article
from kg.extract import extract
from kg.namespaces import ONTOLOGY, SKOS
from kg.pipeline import shared

BASE = "https://example.org/"


def _extract(text: str, lang: str, id_: str = "t"):
    return extract(Article(id=id_, source=f"{id_}.txt", text=text, published=date(2025, 3, 1), language=lang))


def labels(text: str, lang: str) -> dict[str, str]:
    """label -> type of the entities the article mentions."""
    return {e.label: e.type for e in _extract(text, lang).entities.values()}


@pytest.mark.parametrize(
    "text, lang, label",
    [
        # another spelling of a place the gazetteer knows ("Sweida")
        ("Shelling hit Suwayda overnight, a local doctor said.", "en", "Suwayda"),
        ("Warga Suwayda mengungsi ke selatan, kata seorang dokter.", "id", "Suwayda"),
        # the short form of a body's name the gazetteer lists
        ("The UN Office for the Coordination of Humanitarian Affairs said 900 families fled.", "en", "UN Office for the Coordination of Humanitarian Affairs"),
        # a person's name as the article spells it, with its fused particle
        ("Interior ministry spokesman Noureddine al-Baba said the curfew would end on Friday.", "en", "Noureddine al-Baba"),
        # the fuller of two names of a person
        ("Perdana Menteri Ahmed Ghaleb al-Rahawi tewas dalam serangan itu, kata pejabat setempat.", "id", "Ahmed Ghaleb al-Rahawi"),
        # the label spelled as the article spells its words (no accent), though never written whole
        ('Gang leader Jimmy "Barbecue" Cherizier warned the police. "We will answer," Cherizier said.', "en", "Jimmy Cherizier"),
    ],
)
def test_a_row_the_article_names_otherwise_is_labelled_as_written(text, lang, label):
    assert label in labels(text, lang)


@pytest.mark.parametrize(
    "text, lang, written",
    [
        # a description the gazetteer lists as an alias is no name
        ("M23 rebels seized the hill on Monday, residents said.", "en", "M23 rebels"),
        ("The South Korean military said two drones crossed the border.", "en", "South Korean military"),
        # a common noun capitalised only because it opens the sentence
        ("Pemberontak M23 merebut bukit itu. Juru bicara pemberontak M23 mengatakan pasukannya bertahan.", "id", "Pemberontak M23"),
    ],
)
def test_a_description_the_gazetteer_lists_is_not_the_label(text, lang, written):
    found = labels(text, lang)
    assert written not in found and written.lower() not in found


def test_the_written_name_changes_neither_the_iri_nor_the_canonical_label():
    one = _extract("Shelling hit Sweida overnight, a local doctor said.", "en", "a")
    two = _extract("Shelling hit Suwayda overnight, a local doctor said.", "en", "b")

    def article_labels(x):
        return {q.subject.value: q.object.value for q in graph.quads(x, BASE) if q.predicate.value == ONTOLOGY + "articleLabel"}

    first, second = article_labels(one), article_labels(two)
    iri = next(iri for iri, label in first.items() if label == "Sweida")
    assert second[iri] == "Suwayda"  # the same IRI, the name each article writes
    who = identity.resolve(two)[next(iter(two.entities))]
    description = shared._description(iri, who.entry, graph.Minter(BASE), identity.default_tables())
    assert any(f"<{SKOS}prefLabel> \"Sweida\"@en" in line for line in description)
