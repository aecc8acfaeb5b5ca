"""The seed article, end to end: CLI ingest, then the contract queries' answers."""

from __future__ import annotations

from collections import Counter

from conftest import QUERIES, query_rows

WD = "http://www.wikidata.org/entity/"
NKG = "https://w3id.org/newskg/ontology#"


def rows(store, name, capsys):
    return query_rows(store, QUERIES / name, capsys)


def test_seed_gives_its_twelve_attributed_statements(seed_store, capsys):
    # Entities with no confirmed QID are called as the article writes them; the gazetteer's
    # English names stay as rdfs:label.
    found = rows(seed_store, "statements.rq", capsys)
    speakers = Counter(r["speakerLabel"] for r in found)
    assert len(found) == 12
    assert speakers == {
        "National Resistance Center": 5,
        "Vadym Mysnyk": 1,
        "Kementerian Pertahanan Korea Selatan": 1,
        "Volodymyr Zelenskyy": 2,
        "Kyrylo Budanov": 1,
        "Intelijen Pertahanan Ukraina": 1,
        "Mark Rutte": 1,
    }


def test_statement_dates_are_the_ones_the_text_fixes(seed_store, capsys):
    found = rows(seed_store, "statements.rq", capsys)
    dated = sorted((r["speakerLabel"], r["date"]) for r in found if "date" in r)
    assert dated == sorted([
        ("Kementerian Pertahanan Korea Selatan", "2024-10-08"),
        ("Kyrylo Budanov", "2024-10-18"),
        ("Mark Rutte", "2024-10-28"),
        ("National Resistance Center", "2024-10-28"),  # "Senin (28/10)": the Monday of 2024
        ("Volodymyr Zelenskyy", "2024-10-13"),
        ("Volodymyr Zelenskyy", "2024-10-17"),
    ])
    # Six statements have no date of saying in the text; none is invented.
    assert sum("date" not in r for r in found) == 6


def test_quotations_are_flagged_and_scare_quotes_are_not(seed_store, capsys):
    found = rows(seed_store, "statements.rq", capsys)
    quoted = [r["text"] for r in found if r["quote"] == "true"]
    assert len(quoted) == 2
    assert all(t.startswith('"') for t in quoted)
    # A quotation spanning two sentences is one statement, attributed by "ujar NRC" at its end.
    assert any(t.endswith("ujar NRC.") and "malam hari. Anggota" in t for t in quoted)
    first = next(r for r in found if r["text"].startswith("KYIV"))
    assert first["quote"] == "false"  # tentara "bayaran": one quoted word is not a quotation


def test_budanov_said_on_18_october_about_11000_soldiers(seed_store, capsys):
    counts = rows(seed_store, "troop-counts.rq", capsys)
    budanov = [r for r in counts if r["speakerLabel"] == "Kyrylo Budanov"]
    assert [(r["value"], r["bound"], r.get("locationLabel")) for r in budanov] == [("11000", "approximate", "Russia")]
    statements = rows(seed_store, "statements.rq", capsys)
    said = next(r for r in statements if r["statement"] == budanov[0]["statement"])
    assert said["date"] == "2024-10-18"


def test_three_troop_counts_with_their_bounds(seed_store, capsys):
    counts = rows(seed_store, "troop-counts.rq", capsys)
    distinct = {(r["speakerLabel"], int(r["value"]), r["bound"]) for r in counts}
    assert distinct == {
        ("National Resistance Center", 3000, "lower"),
        ("Volodymyr Zelenskyy", 10000, "approximate"),
        ("Kyrylo Budanov", 11000, "approximate"),
    }
    # "24/7", "1 November" and "28/10" are not counts.
    assert {int(r["value"]) for r in counts} == {3000, 10000, 11000}


def test_entities_are_typed_and_linked(seed_store, capsys):
    found = rows(seed_store, "entities.rq", capsys)
    by_label = {r["label"]: (r["type"].removeprefix(NKG), r.get("wikidata", "").removeprefix(WD)) for r in found}
    assert by_label["Kyiv"] == ("Location", "Q1899")
    assert by_label["Kursk Oblast"] == ("Location", "Q3178")
    assert by_label["North Korea"] == ("Country", "Q423")
    assert by_label["South Korea"] == ("Country", "Q884")  # only inside the ministry's name
    assert by_label["Volodymyr Zelenskyy"] == ("Person", "Q3874799")
    assert by_label["Mark Rutte"] == ("Person", "Q57792")
    assert by_label["NATO"] == ("Organization", "Q7184")
    assert by_label["Vadym Mysnyk"] == ("Person", "")
    assert by_label["National Resistance Center"] == ("Organization", "")
    assert by_label["Kelompok Strategis Operasional Siversk"] == ("MilitaryUnit", "")
    assert by_label["Ukrainska Pravda"] == ("Organization", "Q904463")
    # "Kursk" after "Oblast Kursk" is the oblast, not a second place.
    assert "Kursk" not in by_label
    # One entity per thing: the army behind "tentara/pasukan/prajurit ... Korea Utara".
    assert sum(t == "MilitaryUnit" for t, _ in by_label.values()) == 2


def test_posts_from_titles_and_appositions(seed_store, capsys):
    found = rows(seed_store, "cq-posts.rq", capsys)
    posts = {(r["personLabel"], r["postLabel"], r["role"].rsplit("/", 1)[-1]) for r in found}
    assert posts == {
        ("Kyrylo Budanov", "Kepala Intelijen Pertahanan Ukraina", "head"),
        ("Vadym Mysnyk", "juru bicara Kelompok Strategis Operasional Siversk", "spokesperson"),
        ("Mark Rutte", "Sekretaris Jenderal NATO", "secretary-general"),
    }


def test_provenance_offsets_give_back_the_sentence(seed_store, capsys):
    text = (QUERIES.parent / "seeds" / "000_1ed06db30246a34c.txt").read_text(encoding="utf-8")
    found = rows(seed_store, "cq-provenance.rq", capsys)
    assert len(found) == 12
    for r in found:
        assert text[int(r["begin"]) : int(r["end"])] == r["sentence"]
        assert r["source"] == "000_1ed06db30246a34c.txt"


def test_timeline_of_north_korean_troops(seed_store, capsys):
    found = rows(seed_store, "cq-troops-timeline.rq", capsys)
    dates = [r.get("date") for r in found]
    assert dates[:2] == ["2024-10-18", "2024-10-28"]  # dated first, in order
    assert {r["speakerLabel"] for r in found} >= {"Kyrylo Budanov", "Mark Rutte", "National Resistance Center"}


def test_events_are_reported_by_statements(seed_store, capsys):
    found = rows(seed_store, "cq-events.rq", capsys)
    by_speaker = {(r["speakerLabel"], r["type"].rsplit("/", 1)[-1]): r for r in found}
    budanov = by_speaker[("Kyrylo Budanov", "training")]
    assert budanov["actorLabels"] == "Korean People's Army" and budanov["placeLabel"] == "Russia"
    arrival = by_speaker[("Intelijen Pertahanan Ukraina", "arrival")]
    assert arrival["when"] == "2024-10-23"  # the date in the claim, not a date of saying
    assert arrival["placeLabel"] == "Kursk Oblast"
    assert ("Mark Rutte", "presence") in by_speaker
    # Every event is reported by a statement of this article.
    assert all(r["statement"].startswith("https://w3id.org/newskg/id/article/000_1ed06db30246a34c/statement/") for r in found)
