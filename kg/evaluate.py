"""Scoring extraction against gold annotations, exactly as docs/evaluation.md (the gold FORMAT) says.

The scorer works on the rows of the three contract queries (``entities.rq``, ``statements.rq``,
``troop-counts.rq``) as plain dicts of variable -> value, so it can score any SPARQL endpoint's
answers, not only ours.

- Entities match when both have the same QID, or when the normalised predicted label (case-folded,
  punctuation removed) equals the gold label or one of its aliases; typed F1 also needs the type.
  Link accuracy: among matched gold entities that have a QID, the share whose predicted QID is equal.
- Statements match greedily by speaker (same rule) and, where gold has a date, the same date.
- Counts are sets of (speaker, value, bound) per article. Kind accuracy: among gold counts that
  match and carry a ``kind``, the share for which the prediction of that (speaker, value, bound)
  has a ``?kind`` with that local name.
- Precision, recall and F1 are micro-averaged over articles.
- Identity (across the whole gold set, not per article): a real entity is a gold QID, or a
  normalised gold label (joined to the QID of a gold entity with that label); for each real entity
  matched in at least two articles, the number of distinct predicted entity IRIs it was matched
  to. The mean is 1.0 when every real entity has one IRI everywhere.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

WIKIDATA = "http://www.wikidata.org/entity/"
_GoldKey = tuple[str | None, str]  # (QID, normalised label) of one gold entity


def normalise(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).casefold().replace("’", "'")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def qid(value: str | None) -> str | None:
    if not value:
        return None
    return value.removeprefix(WIKIDATA) if value.startswith(WIKIDATA) or re.fullmatch(r"Q\d+", value) else None


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleScore:
    article: str
    entities: Tally = field(default_factory=Tally)
    typed: Tally = field(default_factory=Tally)
    statements: Tally = field(default_factory=Tally)
    counts: Tally = field(default_factory=Tally)
    links: Tally = field(default_factory=Tally)  # tp = correct QIDs, gold = matched gold entities with a QID
    kinds: Tally = field(default_factory=Tally)  # tp = right kind, gold = matched gold counts with a kind
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    matched: list[tuple[_GoldKey, str]] = field(default_factory=list)  # (gold entity, predicted entity IRI)


@dataclass
class Identity:
    """How many distinct predicted IRIs each real entity got across the articles it was matched in."""

    iris: dict[str, set[str]]  # real entity (QID or normalised label) -> predicted IRIs
    articles: dict[str, int]  # real entity -> number of articles it was matched in

    @property
    def repeated(self) -> list[str]:
        """Real entities matched in two articles or more: the only ones whose identity can split."""
        return sorted(k for k, n in self.articles.items() if n >= 2)

    @property
    def split(self) -> list[str]:
        return [k for k in self.repeated if len(self.iris[k]) > 1]

    @property
    def mean(self) -> float | None:
        """Mean distinct IRIs per repeated real entity (1.0 is the target); None when none repeats."""
        repeated = self.repeated
        return sum(len(self.iris[k]) for k in repeated) / len(repeated) if repeated else None


@dataclass
class Report:
    articles: list[ArticleScore]

    @property
    def identity(self) -> Identity:
        return identity(self.articles)

    def total(self, facet: str) -> Tally:
        out = Tally()
        for a in self.articles:
            out.add(getattr(a, facet))
        return out

    @property
    def link_accuracy(self) -> float:
        t = self.total("links")
        return t.tp / t.gold if t.gold else 1.0

    @property
    def kind_accuracy(self) -> float | None:
        """None when no matched gold count carries a kind (gold written before kinds existed)."""
        t = self.total("kinds")
        return t.tp / t.gold if t.gold else None

    def as_dict(self) -> dict:
        facets = {}
        for name in ("entities", "typed", "statements", "counts"):
            t = self.total(name)
            facets[name] = {"precision": t.precision, "recall": t.recall, "f1": t.f1, "tp": t.tp, "predicted": t.predicted, "gold": t.gold}
        links = self.total("links")
        facets["link_accuracy"] = {"accuracy": self.link_accuracy, "correct": links.tp, "linked_gold": links.gold}
        kinds = self.total("kinds")
        facets["kind_accuracy"] = {"accuracy": self.kind_accuracy, "correct": kinds.tp, "matched_gold_with_kind": kinds.gold}
        ident = self.identity
        facets["identity"] = {
            "iris_per_entity": ident.mean,
            "repeated_entities": len(ident.repeated),
            "split_entities": len(ident.split),
        }
        return facets


def identity(articles: list[ArticleScore]) -> Identity:
    """Group the gold entities of all articles into real entities and count their predicted IRIs.

    Gold entities are one real entity when they share a QID, or a normalised label (a label seen
    with a QID somewhere joins that QID's entity), so a body the annotators wrote the same way in
    two languages counts once.
    """
    qid_of_label: dict[str, str] = {}
    for a in articles:
        for (wd, label), _ in a.matched:
            if wd:
                qid_of_label.setdefault(label, wd)
    iris: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for (wd, label), iri in a.matched:
            real = wd or qid_of_label.get(label) or label
            iris[real].add(iri)
            seen[real].add(a.article)
    return Identity(dict(iris), {k: len(v) for k, v in seen.items()})


class _GoldEntity:
    def __init__(self, raw: dict):
        self.label = raw["label"]
        self.type = raw["type"]
        self.qid = raw.get("wikidata")
        self.names = {normalise(raw["label"])} | {normalise(a) for a in raw.get("aliases", [])}

    def matches(self, label: str | None, wikidata: str | None) -> bool:
        if self.qid and wikidata and self.qid == wikidata:
            return True
        return label is not None and normalise(label) in self.names


def score_article(gold: dict, entities: list[dict], statements: list[dict], counts: list[dict]) -> ArticleScore:
    """Score one article's query rows against its gold annotation."""
    result = ArticleScore(gold.get("url") or gold["article"])
    golds = [_GoldEntity(e) for e in gold.get("entities", [])]
    by_label = {g.label: g for g in golds}
    _score_entities(result, golds, entities)
    _score_statements(result, gold, by_label, statements)
    _score_counts(result, gold, golds, counts)
    return result


def _score_entities(result: ArticleScore, golds: list[_GoldEntity], rows: list[dict]) -> None:
    predicted = list({r["entity"]: r for r in rows}.values())  # one per entity
    used: set[int] = set()
    result.entities.predicted = result.typed.predicted = len(predicted)
    result.entities.gold = result.typed.gold = len(golds)
    # QID matches first, so that a linked entity is not taken by a label look-alike.
    pairs: dict[int, int] = {}
    for rule in ("qid", "label"):
        for gi, g in enumerate(golds):
            if gi in pairs:
                continue
            for pi, p in enumerate(predicted):
                if pi in used:
                    continue
                wd = qid(p.get("wikidata"))
                hit = (g.qid and wd == g.qid) if rule == "qid" else g.matches(p.get("label"), None)
                if hit:
                    pairs[gi] = pi
                    used.add(pi)
                    break
    for gi, pi in pairs.items():
        g, p = golds[gi], predicted[pi]
        result.entities.tp += 1
        result.matched.append(((g.qid, normalise(g.label)), p["entity"]))
        p_type = _local_name(p.get("type", ""))
        if p_type == g.type:
            result.typed.tp += 1
        else:
            result.misses.append(f"entity type: {g.label!r} is {g.type}, predicted {p_type}")
        if g.qid:
            result.links.gold += 1
            if qid(p.get("wikidata")) == g.qid:
                result.links.tp += 1
            else:
                result.misses.append(f"link: {g.label!r} is {g.qid}, predicted {qid(p.get('wikidata'))}")
    for gi, g in enumerate(golds):
        if gi not in pairs:
            result.misses.append(f"entity: {g.label!r} ({g.type})")
    for pi, p in enumerate(predicted):
        if pi not in used:
            result.extras.append(f"entity: {p.get('label')!r} ({p.get('type', '').rsplit('#', 1)[-1]})")


def _speaker_entity(by_label: dict[str, _GoldEntity], name: str) -> _GoldEntity:
    return by_label.get(name) or _GoldEntity({"label": name, "type": "", "aliases": []})


def _score_statements(result: ArticleScore, gold: dict, by_label, rows: list[dict]) -> None:
    predicted = list({r["statement"]: r for r in rows}.values())
    wanted = gold.get("statements", [])
    result.statements.predicted, result.statements.gold = len(predicted), len(wanted)
    used: set[int] = set()
    # Dated gold statements first: an undated one matches any statement of its speaker, a dated
    # one only those of its date, so taking them in this order finds the largest matching.
    for s in sorted(wanted, key=lambda s: not s.get("date")):
        speaker = _speaker_entity(by_label, s["speaker"])
        for pi, p in enumerate(predicted):
            if pi in used or not speaker.matches(p.get("speakerLabel"), qid(p.get("speakerWikidata"))):
                continue
            if s.get("date") and p.get("date") != s["date"]:
                continue
            used.add(pi)
            result.statements.tp += 1
            break
        else:
            result.misses.append(f"statement: {s['speaker']!r} on {s.get('date')} (quote={s.get('quote')})")
    for pi, p in enumerate(predicted):
        if pi not in used:
            result.extras.append(f"statement: {p.get('speakerLabel')!r} on {p.get('date')}: {p.get('text', '')[:80]!r}")


def _score_counts(result: ArticleScore, gold: dict, golds: list[_GoldEntity], rows: list[dict]) -> None:
    def speaker_key(label, wikidata):
        for g in golds:
            if g.matches(label, wikidata):
                return normalise(g.label)
        return normalise(label or "")

    gold_kinds: dict[tuple, list[str]] = defaultdict(list)
    for s in gold.get("statements", []):
        for c in s.get("counts", []):
            kinds = gold_kinds[(normalise(s["speaker"]), int(c["value"]), c["bound"])]
            if c.get("kind"):
                kinds.append(c["kind"])
    predicted_kinds: dict[tuple, set[str]] = defaultdict(set)
    for r in rows:
        key = (speaker_key(r.get("speakerLabel"), qid(r.get("speakerWikidata"))), int(float(r["value"])), r["bound"])
        kind = r.get("kind")
        predicted_kinds[key].update({_local_name(kind)} if kind else set())
    wanted, got = set(gold_kinds), set(predicted_kinds)
    result.counts.tp, result.counts.predicted, result.counts.gold = len(wanted & got), len(got), len(wanted)
    result.misses += [f"count: {c}" for c in sorted(wanted - got)]
    result.extras += [f"count: {c}" for c in sorted(got - wanted)]
    for key in sorted(wanted & got):
        for kind in gold_kinds[key]:
            result.kinds.gold += 1
            if kind in predicted_kinds[key]:
                result.kinds.tp += 1
            else:
                found = ", ".join(sorted(predicted_kinds[key])) or "none"
                result.misses.append(f"kind: {key} is {kind}, predicted {found}")


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def load_gold(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))]


def score(golds: list[dict], entities: list[dict], statements: list[dict], counts: list[dict]) -> Report:
    """Score all articles that have a gold file; rows of other articles are ignored."""
    grouped: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for facet, rows in (("entities", entities), ("statements", statements), ("counts", counts)):
        for row in rows:
            for key in {row.get("url"), row.get("source")} - {None}:
                grouped[key][facet].append(row)
    articles = []
    for gold in golds:
        rows = grouped.get(gold.get("url") or "", {}) or grouped.get(gold["article"], {})
        articles.append(score_article(gold, rows.get("entities", []), rows.get("statements", []), rows.get("counts", [])))
    return Report(articles)


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'facet':<16}{'P':>7}{'R':>7}{'F1':>7}   tp/pred/gold"]
    for name, title in (("entities", "entities"), ("typed", "entities typed"), ("statements", "statements"), ("counts", "counts")):
        t = report.total(name)
        lines.append(f"{title:<16}{t.precision:7.3f}{t.recall:7.3f}{t.f1:7.3f}   {t.tp}/{t.predicted}/{t.gold}")
    links = report.total("links")
    lines.append(f"{'link accuracy':<16}{report.link_accuracy:7.3f}{'':14}   {links.tp}/{links.gold} matched gold entities with a QID")
    kinds = report.total("kinds")
    if report.kind_accuracy is None:
        lines.append(f"{'kind accuracy':<16}{'n/a':>7}{'':14}   no matched gold count carries a kind")
    else:
        lines.append(f"{'kind accuracy':<16}{report.kind_accuracy:7.3f}{'':14}   {kinds.tp}/{kinds.gold} matched gold counts with a kind")
    ident = report.identity
    if ident.mean is None:
        lines.append(f"{'identity':<16}{'n/a':>7}{'':14}   no gold entity is matched in two articles")
    else:
        lines.append(
            f"{'identity':<16}{ident.mean:7.3f}{'':14}   IRIs per real entity; {len(ident.split)}/{len(ident.repeated)}"
            " entities matched in 2+ articles have more than one"
        )
    lines.append(f"({len(report.articles)} article{'s' if len(report.articles) != 1 else ''}, micro-averaged)")
    if verbose:
        for real in ident.split:
            lines.append(f"  split {real!r}: {', '.join(sorted(ident.iris[real]))}")
        for a in report.articles:
            if a.misses or a.extras:
                lines.append(f"\n== {a.article}")
                lines += [f"  miss  {m}" for m in a.misses]
                lines += [f"  extra {e}" for e in a.extras]
    return "\n".join(lines)
