"""Old IRIs that moved, and where to: the append-only table behind the linked-data redirects.

``redirects.csv`` beside this module has two columns, ``old`` and ``new``: IRI paths below the
base (``id/person/mark-rutte-q57792``, ``id/person/mark-rutte``). The linked-data routes answer a
request for an old IRI that the store does not know with ``301 Moved Permanently`` to the new one
(following a chain of moves), so IRIs published by an earlier version keep dereferencing.

Rows are only ever added. To add the moves of a change to the minting (or to the tables that
decide identity), run the minting before and after it over a corpus::

    python -m kg.identity.redirects seeds tests/data/articles tests/data/heldout/articles \
        tests/data/dev2/articles tests/data/samples

:func:`legacy_paths` is the minting of newskg 0.1 (entity slugs with the QID appended, statements
and events numbered in text order); the new paths come from :mod:`kg.graph` itself. An old path
that some article of the corpus still mints, or that would move to two different places, gets
no row (the run says which).
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from functools import cache
from pathlib import Path

from ..extract.model import Extraction
from ..text import slug
from . import TYPE_PATHS

HERE = Path(__file__).parent
REDIRECTS_FILE = HERE / "redirects.csv"
MAX_HOPS = 16


@cache
def table() -> dict[str, str]:
    if not REDIRECTS_FILE.exists():
        return {}
    with REDIRECTS_FILE.open(encoding="utf-8", newline="") as f:
        return {row["old"]: row["new"] for row in csv.DictReader(f)}


def moved_to(path: str) -> str | None:
    """Where the IRI path ``path`` (below the base) lives now, following moves; None if it never moved."""
    moves = table()
    seen = []
    while path in moves and len(seen) < MAX_HOPS:
        seen.append(path)
        path = moves[path]
    return path if seen else None


def legacy_paths(x: Extraction) -> dict[tuple, str]:
    """What newskg 0.1 minted for an extraction, below the base, keyed by what each IRI was of."""
    out: dict[tuple, str] = {}
    entity: dict[str, str] = {}
    for key, e in {**x.related, **x.entities}.items():
        name = slug(e.labels.get("en") or e.label)
        if e.wikidata:
            name = f"{name}-{e.wikidata.lower()}"
        entity[key] = f"id/{TYPE_PATHS[e.type]}/{name}"
        out[("entity", key)] = entity[key]
    for p in x.posts:
        org = x.entities.get(p.organization) if p.organization else None
        if org is not None and org.type in ("Organization", "MilitaryUnit", "Country"):
            out[("post", p.organization, p.role)] = entity[p.organization].replace("id/", "id/post/", 1) + "/" + p.role
    article = f"id/article/{x.article.id}"
    events = 0
    for n, st in enumerate(x.statements, start=1):
        out[("statement", n)] = f"{article}/statement/{n}"
        for k, _event in enumerate(st.events):
            events += 1
            out[("event", n, k)] = f"{article}/event/{events}"
    return out


def current_paths(x: Extraction, base: str) -> dict[tuple, str]:
    """What this version mints for the same things (:func:`kg.graph.minted`), below the base."""
    from .. import graph

    out = {what: iri[len(base):] for what, iri in graph.minted(x, base).items()}
    for p in x.posts:
        if ("entity", p.organization) in out:
            out[("post", p.organization, p.role)] = out[("entity", p.organization)].replace("id/", "id/post/", 1) + "/" + p.role
    return out


def moves(paths: list[str], base: str = "https://w3id.org/newskg/", today: date = date(2026, 1, 1)):
    """(old, new) moves over the articles under ``paths``, and the old paths left out (conflicts)."""
    from ..articles import ArticleError, read_paths
    from ..extract import extract

    found: dict[str, set[str]] = {}
    minted: set[str] = set()
    for article in read_paths(paths):
        if isinstance(article, ArticleError):
            continue
        x = extract(article, today=today)
        old, new = legacy_paths(x), current_paths(x, base)
        minted |= set(new.values())
        for what, path in old.items():
            if what in new and new[what] != path:
                found.setdefault(path, set()).add(new[what])
    out, left = [], []
    for old_path, targets in sorted(found.items()):
        if old_path in minted or len(targets) != 1:
            left.append((old_path, sorted(targets)))
        else:
            out.append((old_path, targets.pop()))
    return out, left


def append(rows: list[tuple[str, str]]) -> int:
    """Add the rows whose old path the table does not have yet, at its end; returns how many."""
    known = table()
    fresh = [(old, new) for old, new in rows if old not in known]
    new_file = not REDIRECTS_FILE.exists()
    with REDIRECTS_FILE.open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        if new_file:
            writer.writerow(["old", "new"])
        writer.writerows(fresh)
    table.cache_clear()
    return len(fresh)


NUMBERED = ("statement", "event", "quantity", "post")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    rows, left = moves(argv)
    # 0.1 numbered statements, events, quantities and posts in the order 0.1's extraction found
    # them; their rows were written once, from that extraction. A later extraction numbers
    # differently, so only entities' moves are added now.
    rows = [(old, new) for old, new in rows if not any(f"/{part}/" in old for part in NUMBERED)]
    added = append(rows)
    for old, targets in left:
        print(f"left out {old}: {'still minted' if len(targets) == 1 else 'moves to ' + ', '.join(targets)}", file=sys.stderr)
    print(f"{added} new row(s) in {REDIRECTS_FILE} ({len(rows)} moves found, {len(left)} left out)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
