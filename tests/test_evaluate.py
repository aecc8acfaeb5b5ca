"""The scorer on small hand-made cases, and `kg eval` end to end on the seed."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, SEEDS, run_kg
from kg.evaluate import format_report, normalise, score

WD = "http://www.wikidata.org/entity/"
NKG = "https://w3id.org/newskg/ontology#"

GOLD = {
    "article": "a.txt",
    "url": None,
    "entities": [
        {"label": "Kyrylo Budanov", "type": "Person", "wikidata": None, "aliases": ["Budanov"]},
        {"label": "Russia", "type": "Country", "wikidata": "Q159", "aliases": ["Rusia"]},
        {"label": "Main Directorate of Intelligence", "type": "Organization", "wikidata": None, "aliases": ["HUR"]},
    ],
    "statements": [
        {"speaker": "Kyrylo Budanov", "date": "2024-10-18", "quote": False, "counts": [{"value": 11000, "bound": "approximate"}]},
        {"speaker": "Main Directorate of Intelligence", "date": None, "quote": False, "counts": []},
    ],
}


def ent(label, type_, wikidata=None, iri=None):
    row = {"source": "a.txt", "entity": iri or f"urn:{label}", "type": NKG + type_, "label": label}
    if wikidata:
        row["wikidata"] = WD + wikidata
    return row


def stmt(n, speaker, date=None, wikidata=None):
    row = {"source": "a.txt", "statement": f"urn:s{n}", "speakerLabel": speaker}
    if date:
        row["date"] = date
    if wikidata:
        row["speakerWikidata"] = WD + wikidata
    return row


def count(speaker, value, bound, kind=None):
    row = {"source": "a.txt", "statement": "urn:s", "speakerLabel": speaker, "value": str(value), "bound": bound}
    if kind:
        row["kind"] = "https://w3id.org/newskg/kind/" + kind
    return row


def test_normalise_folds_case_and_punctuation():
    assert normalise("Korean People's Army") == normalise("KOREAN PEOPLE’S ARMY") == "korean people s army"
    assert normalise("Kyiv,") == "kyiv"


def test_perfect_prediction():
    report = score(
        [GOLD],
        [ent("Kyrylo Budanov", "Person"), ent("Rusia", "Country", "Q159"), ent("HUR", "Organization")],
        [stmt(1, "Budanov", "2024-10-18"), stmt(2, "Main Directorate of Intelligence")],
        [count("Kyrylo Budanov", 11000, "approximate")],
    )
    for facet in ("entities", "typed", "statements", "counts"):
        assert report.total(facet).f1 == 1.0, facet
    assert report.link_accuracy == 1.0


def test_qid_match_wrong_type_wrong_link_and_extras():
    report = score(
        [GOLD],
        [
            ent("Budanov", "Organization"),  # matched by alias, wrong type
            ent("Russian Federation", "Country", "Q159"),  # matched by QID although the label differs
            ent("Main Directorate of Intelligence", "Organization", "Q1"),  # gold has no QID: no link judged
            ent("Kursk", "Location", "Q3159"),  # extra
        ],
        [],
        [],
    )
    e, t = report.total("entities"), report.total("typed")
    assert (e.tp, e.predicted, e.gold) == (3, 4, 3)
    assert (t.tp, t.predicted, t.gold) == (2, 4, 3)
    assert e.precision == 0.75 and e.recall == 1.0
    links = report.total("links")
    assert (links.tp, links.gold) == (1, 1)


def test_wrong_link_lowers_link_accuracy():
    report = score([GOLD], [ent("Russia", "Country", "Q2")], [], [])
    assert report.total("entities").tp == 1  # matched by label
    assert report.link_accuracy == 0.0


def test_statements_need_the_gold_date_when_gold_has_one():
    report = score([GOLD], [], [stmt(1, "Kyrylo Budanov", "2024-10-19"), stmt(2, "HUR", "2024-01-01")], [])
    s = report.total("statements")
    # Budanov's date is wrong; HUR's gold has no date, so any predicted date is fine.
    assert (s.tp, s.predicted, s.gold) == (1, 2, 2)


def test_statements_match_greedily_one_to_one():
    gold = dict(GOLD, statements=[{"speaker": "Kyrylo Budanov", "date": None, "quote": False, "counts": []}])
    report = score([gold], [], [stmt(1, "Budanov"), stmt(2, "Kyrylo Budanov")], [])
    s = report.total("statements")
    assert (s.tp, s.predicted, s.gold) == (1, 2, 1)
    assert s.precision == 0.5 and s.recall == 1.0 and s.f1 == pytest.approx(2 / 3)


def test_an_undated_gold_statement_does_not_take_the_statement_a_dated_one_needs():
    # The undated headline claim comes first in the gold; the dated statement in the text needs
    # the one prediction with its date, and the undated one can take the other.
    gold = dict(GOLD, statements=[{"speaker": "Kyrylo Budanov", "date": None, "quote": False, "counts": []},
                                  {"speaker": "Kyrylo Budanov", "date": "2024-10-18", "quote": False, "counts": []}])
    report = score([gold], [], [stmt(1, "Kyrylo Budanov", "2024-10-18"), stmt(2, "Kyrylo Budanov")], [])
    s = report.total("statements")
    assert (s.tp, s.predicted, s.gold) == (2, 2, 2)


def test_counts_are_sets_of_speaker_value_bound():
    report = score(
        [GOLD],
        [],
        [],
        [count("Budanov", 11000, "approximate"), count("Budanov", 11000, "approximate"), count("Budanov", 3000, "lower")],
    )
    c = report.total("counts")
    assert (c.tp, c.predicted, c.gold) == (1, 2, 1)


def test_kind_accuracy_among_matched_counts_with_a_gold_kind():
    kinds = [{"value": 11000, "bound": "approximate", "kind": "troops"}, {"value": 40, "bound": "exact", "kind": "killed"},
             {"value": 5, "bound": "exact", "kind": "equipment"}, {"value": 7, "bound": "lower"}]
    gold = dict(GOLD, statements=[{"speaker": "Kyrylo Budanov", "date": None, "quote": False, "counts": kinds}])
    report = score(
        [gold],
        [],
        [],
        [count("Budanov", 11000, "approximate", "troops"), count("Budanov", 40, "exact", "troops"),
         count("Budanov", 7, "lower", "people"), count("Budanov", 99, "exact", "killed")],
    )
    # 5 equipment is missed (not scored for kind); 7 has no gold kind (not scored); 40 is the wrong kind.
    k = report.total("kinds")
    assert (k.tp, k.gold) == (1, 2) and report.kind_accuracy == 0.5
    assert any("kind: ('kyrylo budanov', 40, 'exact') is killed, predicted troops" in m for m in report.articles[0].misses)
    assert report.as_dict()["kind_accuracy"] == {"accuracy": 0.5, "correct": 1, "matched_gold_with_kind": 2}


def test_kind_accuracy_is_not_applicable_without_gold_kinds():
    report = score([GOLD], [], [], [count("Budanov", 11000, "approximate", "troops")])
    assert report.total("counts").tp == 1 and report.kind_accuracy is None
    assert "kind accuracy" in format_report(report) and "n/a" in format_report(report)


def test_micro_average_over_articles():
    other = dict(GOLD, article="b.txt", statements=[{"speaker": "Russia", "date": None, "quote": False, "counts": []}])
    rows_b = [dict(stmt(9, "Rusia"), source="b.txt"), dict(stmt(10, "Russia"), source="b.txt")]
    report = score([GOLD, other], [], [stmt(1, "Kyrylo Budanov", "2024-10-18")] + rows_b, [])
    s = report.total("statements")
    assert (s.tp, s.predicted, s.gold) == (2, 3, 3)


def test_identity_counts_the_iris_one_real_entity_gets_across_articles():
    """Real entities: a QID, or a normalised gold label (joined to the QID a gold entity with that
    label has elsewhere). Only those matched in two articles or more can split."""
    other = dict(GOLD, article="b.txt", entities=GOLD["entities"] + [
        {"label": "Rusia", "type": "Country", "wikidata": None, "aliases": []}])
    third = dict(GOLD, article="c.txt", entities=[{"label": "Russia", "type": "Country", "wikidata": None, "aliases": []}])
    entities = [
        ent("Kyrylo Budanov", "Person", iri="urn:budanov"), ent("Russia", "Country", "Q159", iri="urn:russia"),
        dict(ent("Budanov", "Person", iri="urn:budanov-2"), source="b.txt"), dict(ent("Rusia", "Country", "Q159", iri="urn:russia"), source="b.txt"),
        dict(ent("HUR", "Organization", iri="urn:hur"), source="b.txt"),
        dict(ent("Russia", "Country", iri="urn:russia-3"), source="c.txt"),  # gold without QID, same label: Q159 too
    ]
    report = score([GOLD, other, third], entities, [], [])
    ident = report.identity
    assert ident.iris["Q159"] == {"urn:russia", "urn:russia-3"} and ident.articles["Q159"] == 3
    assert ident.iris["kyrylo budanov"] == {"urn:budanov", "urn:budanov-2"}
    assert ident.articles["main directorate of intelligence"] == 1  # matched in b.txt only: cannot split
    assert ident.split == ["Q159", "kyrylo budanov"] and ident.mean == 2.0
    assert report.as_dict()["identity"] == {"iris_per_entity": 2.0, "repeated_entities": 2, "split_entities": 2}
    assert "identity" in format_report(report) and "split 'Q159'" in format_report(report, verbose=True)


def test_kg_eval_on_the_seed(capsys):
    capsys.readouterr()
    assert run_kg("eval", "--gold", DATA / "seed-gold", SEEDS, "--json") == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["statements"]["tp"] == 12 and scores["statements"]["gold"] == 12
    assert scores["counts"]["f1"] == 1.0
    assert scores["typed"]["f1"] >= 0.95
    assert scores["link_accuracy"]["accuracy"] == 1.0


def test_kg_eval_verbose_lists_misses_and_extras(tmp_path, capsys):
    gold = json.loads((DATA / "seed-gold" / "000_1ed06db30246a34c.json").read_text(encoding="utf-8"))
    gold["entities"].append({"label": "Atlantis", "type": "Location", "wikidata": None, "aliases": []})
    gold["statements"] = gold["statements"][:-1]  # drop Rutte's: ours becomes an extra
    (tmp_path / "seed.json").write_text(json.dumps(gold), encoding="utf-8")
    capsys.readouterr()
    assert run_kg("eval", "--gold", tmp_path, SEEDS, "-v") == 0
    out = capsys.readouterr().out
    assert "miss  entity: 'Atlantis' (Location)" in out
    assert "extra statement: 'Mark Rutte'" in out


def test_development_set_meets_the_extraction_targets(capsys):
    """The targets of the extraction issue, on the 12 development articles (see README)."""
    capsys.readouterr()
    assert run_kg("eval", "--gold", DATA / "gold", DATA / "articles", "--json") == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["typed"]["gold"] >= 150 and scores["statements"]["gold"] >= 80  # the whole set was scored
    assert scores["typed"]["f1"] >= 0.95
    assert scores["link_accuracy"]["accuracy"] >= 0.98
    assert scores["statements"]["f1"] >= 0.90
    assert scores["counts"]["f1"] >= 0.95
    assert scores["identity"]["iris_per_entity"] == 1.0  # one IRI per real entity across the set


# Floors on the other sets with gold, a little under their scores when the floor was set, so a
# change that costs any of them fails here before it reaches a blind set. The retired blind sets
# (scored before and after their rounds, then opened for development) are the most realistic.
# Columns: typed entity F1, statement precision, statement F1, count F1, link accuracy, kind accuracy.
FLOORS = {
    "dev2": (0.92, 0.96, 0.93, 0.94, 0.97, 0.97),
    "dev3": (0.89, 0.93, 0.91, 0.91, 0.94, 0.96),
    "heldout": (0.91, 0.95, 0.92, 0.88, 0.97, 0.89),
    "blind2": (0.90, 0.93, 0.92, 0.95, 0.90, 0.84),
    "blind3": (0.91, 0.95, 0.88, 0.87, 0.97, 0.92),
    "blind4": (0.91, 0.96, 0.92, 0.89, 0.98, 0.96),
    "blind5": (0.92, 0.94, 0.88, 0.91, 0.97, 0.87),
    "blind6": (0.91, 0.95, 0.89, 0.90, 0.98, 0.96),
    "blind7": (0.86, 0.89, 0.83, 0.86, 0.97, 0.89),
    "blind8": (0.91, 0.93, 0.90, 0.86, 0.95, 0.83),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_other_sets_stay_above_their_floors(name, capsys):
    typed, precision, statements, counts, links, kinds = FLOORS[name]
    capsys.readouterr()
    assert run_kg("eval", "--gold", DATA / name / "gold", DATA / name / "articles", "--json") == 0
    scores = json.loads(capsys.readouterr().out)
    got = (scores["typed"]["f1"], scores["statements"]["precision"], scores["statements"]["f1"],
           scores["counts"]["f1"], scores["link_accuracy"]["accuracy"], scores["kind_accuracy"]["accuracy"])
    assert all(g >= f for g, f in zip(got, FLOORS[name])), (name, got)
