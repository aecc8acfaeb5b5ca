"""Inputs that break naive extractors: long and empty articles, quote styles, typos, spacing."""

from __future__ import annotations

import json

import pytest

from conftest import QUERIES, query_rows, run_kg


def ingest(tmp_path, articles: dict[str, dict], capsys) -> list[dict]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, record in articles.items():
        (folder / name).write_text(json.dumps(record), encoding="utf-8")
    store = tmp_path / "store"
    capsys.readouterr()
    assert run_kg("ingest", "--store", store, folder) == 0
    return query_rows(store, QUERIES / "statements.rq", capsys)


def record(text: str, lang: str, url: str, published: str = "2024-11-06 10:00:00") -> dict:
    return {"title": "t", "maintext": text, "date_publish": published, "language": lang, "url": url}


PARAGRAPH_EN = (
    "Ukraine's air force said on Tuesday that Russia had launched 90 drones overnight. "
    '"Most of them were shot down over the north," the air force said. '
    "Officials in the region reported damage to power lines.\n"
)


def test_a_fifty_thousand_character_article(tmp_path, capsys):
    copies = 50_000 // len(PARAGRAPH_EN) + 1
    text = PARAGRAPH_EN * copies
    assert len(text) > 50_000
    rows = ingest(tmp_path, {"long.json": record(text, "en", "https://x.example/long")}, capsys)
    assert len(rows) == 2 * copies  # two attributed sentences per paragraph, none lost
    assert all(r["text"] in text for r in rows)


def test_an_empty_article_is_reported_and_not_stored(tmp_path, capsys):
    (tmp_path / "empty.json").write_text(json.dumps(record("", "id", "https://x.example/empty")), encoding="utf-8")
    (tmp_path / "blank.txt").write_text("   \n\n", encoding="utf-8")
    capsys.readouterr()
    assert run_kg("ingest", "--store", tmp_path / "store", tmp_path / "empty.json", tmp_path / "blank.txt") == 3
    err = capsys.readouterr().err
    assert "empty.json: empty article" in err and "blank.txt: empty article" in err and "ingested 0 article(s)" in err


@pytest.mark.parametrize("open_q, close_q", [('"', '"'), ("“", "”")])
def test_straight_and_curly_quotes_give_the_same_statements(tmp_path, capsys, open_q, close_q):
    text = (
        f"{open_q}Kami tidak akan mundur dari wilayah ini. Pasukan kami bertahan di sana,{close_q} "
        "kata Menteri Pertahanan Ukraina Rustem Umerov kepada wartawan pada Selasa (5/11).\n"
        f"{open_q}Bantuan dari mitra sangat dibutuhkan dalam waktu dekat.{close_q}\n"
    )
    rows = ingest(tmp_path, {"q.json": record(text, "id", "https://x.example/q")}, capsys)
    assert [(r["speakerLabel"], r["quote"], r.get("date")) for r in rows] == [
        ("Rustem Umerov", "true", "2024-11-05"),  # one statement for the two-sentence quotation
        ("Rustem Umerov", "true", None),  # the next paragraph's quotation continues him
    ]


def test_a_quotation_whose_speaker_is_named_in_the_next_paragraph(tmp_path, capsys):
    text = (
        "Shelling hit the market early on Monday.\n"
        '"We counted at least 27 bodies in the first hour."\n'
        "Those were the words of Ahmed Saleh, a volunteer with a local rescue group.\n"
    )
    rows = ingest(tmp_path, {"n.json": record(text, "en", "https://x.example/n")}, capsys)
    assert [(r["speakerLabel"], r["quote"]) for r in rows] == [("Ahmed Saleh", "true")]


def test_typos_in_reporting_verbs_and_odd_spacing(tmp_path, capsys):
    articles = {
        "id.json": record("Pada 3 November , Juru bicara Kremlin Dmitry Peskov mengatkan bahwa pembicaraan belum dimulai.", "id", "https://x.example/id"),
        "en.json": record("The Kremlin spokesman Dmitry Peskov siad on Monday that talks had not started.", "en", "https://x.example/en"),
    }
    rows = {r["url"]: r for r in ingest(tmp_path, articles, capsys)}
    assert rows["https://x.example/id"]["speakerLabel"] == "Dmitry Peskov"
    assert rows["https://x.example/id"]["date"] == "2024-11-03"
    assert rows["https://x.example/en"]["speakerLabel"] == "Dmitry Peskov"
    assert rows["https://x.example/en"]["date"] == "2024-11-04"


def test_refusals_and_negations_are_not_statements(tmp_path, capsys):
    text = (
        "Kementerian Pertahanan Rusia tidak memberikan tanggapan atas laporan tersebut.\n"
        "Juru bicara militer Israel enggan berkomentar.\n"
        "The Pentagon declined to comment, and the State Department did not respond to a request for comment.\n"
    )
    assert ingest(tmp_path, {"r.json": record(text, "id", "https://x.example/r")}, capsys) == []
