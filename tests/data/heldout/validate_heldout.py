"""Checks the held-out articles and gold files for internal consistency.

Run: python tests/data/heldout/validate_heldout.py  (exit status 1 on any problem)
"""
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {"Person", "Organization", "Country", "Location", "MilitaryUnit"}
BOUNDS = {"exact", "approximate", "lower", "upper"}
REC_FIELDS = {"title", "maintext", "date_publish", "language", "url", "source_domain", "authors"}


def iso(s):
    dt.date.fromisoformat(s)
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) is not None


def check(name):
    errs = []
    rec = json.loads((HERE / "articles" / name).read_text(encoding="utf-8"))
    gold = json.loads((HERE / "gold" / name).read_text(encoding="utf-8"))
    missing = REC_FIELDS - rec.keys()
    if missing:
        errs.append(f"record lacks {sorted(missing)}")
    dt.datetime.strptime(rec["date_publish"], "%Y-%m-%d %H:%M:%S")
    if gold["article"] != name:
        errs.append("gold.article != file name")
    if gold["url"] != rec["url"]:
        errs.append("gold.url != record url")
    if gold["published"] != rec["date_publish"][:10] or not iso(gold["published"]):
        errs.append("gold.published mismatch")
    if gold["language"] != rec["language"]:
        errs.append("language mismatch")
    text = rec["title"] + "\n" + rec["maintext"]
    labels = set()
    for e in gold["entities"]:
        if e["label"] in labels:
            errs.append(f"duplicate label {e['label']}")
        labels.add(e["label"])
        if e["type"] not in TYPES:
            errs.append(f"bad type {e}")
        q = e["wikidata"]
        if q is not None and not re.fullmatch(r"Q[1-9]\d*", q):
            errs.append(f"bad QID {q}")
        forms = list(e["aliases"])
        if not any(f in text for f in [e["label"], *forms]):
            errs.append(f"entity {e['label']} has no surface form in the text")
        for a in forms:
            if a not in text:
                errs.append(f"alias not in text: {a!r} ({e['label']})")
    for s in gold["statements"]:
        if s["speaker"] not in labels:
            errs.append(f"speaker not an entity: {s['speaker']}")
        if s["location"] is not None and s["location"] not in labels:
            errs.append(f"location not an entity: {s['location']}")
        if s["date"] is not None and not iso(s["date"]):
            errs.append(f"bad date {s['date']}")
        if not isinstance(s["quote"], bool):
            errs.append("quote not bool")
        for c in s["counts"]:
            if not isinstance(c["value"], int) or c["bound"] not in BOUNDS:
                errs.append(f"bad count {c}")
    return errs, len(gold["entities"]), len(gold["statements"]), sum(len(s["counts"]) for s in gold["statements"])


def main():
    names = sorted(p.name for p in (HERE / "articles").glob("*.json"))
    golds = sorted(p.name for p in (HERE / "gold").glob("*.json"))
    bad = names != golds
    if bad:
        print("article and gold file names differ", names, golds)
    urls = set()
    for n in names:
        errs, ne, ns, nc = check(n)
        url = json.loads((HERE / "articles" / n).read_text(encoding="utf-8"))["url"]
        if url in urls:
            errs.append("duplicate url")
        urls.add(url)
        print(f"{n}: entities={ne} statements={ns} counts={nc}" + ("" if not errs else "  ERRORS:"))
        for e in errs:
            print("   ", e)
        bad = bad or bool(errs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
