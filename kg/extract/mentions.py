"""Entities and their mentions: gazetteer names, names the text defines, names context types.

Pass 1 reads each sentence left to right and proposes candidate spans from several sources
(gazetteer, acronym definitions, organisation and unit names, a country's troops, titled and
appositive people, outlets after a citation cue, subjects of reporting verbs). Overlaps are
settled longest-first; a country inside an organisation's name stays as a nested mention.
Pass 2 finds later short references: surnames, acronyms, and shorter forms of a name the
article used before ("Intelijen Ukraina" after "Intelijen Pertahanan Ukraina", "Kursk" after
"Oblast Kursk"). The passes live in ``proposals.py`` and ``references.py``, the name runs they
share in ``names.py``; this module drives them and turns candidates into entities and mentions.
"""

from __future__ import annotations

from functools import lru_cache

from ..gazetteer import Entry, Gazetteer
from ..lexicon import Lexicon
from ..text import Token, fold, slug, tokenize
from .bodies import BodyRules
from .model import Entity, Mention, Post, Sentence
from .names import NameRules
from .proposals import ProposalRules
from .references import ReferenceRules
from .spans import ACTOR_TYPES, LANGUAGE, PLACE_TYPES, Candidate, RoleSpan, SentenceMentions, dateline

__all__ = ["ACTOR_TYPES", "PLACE_TYPES", "MentionFinder", "SentenceMentions", "dateline"]


class MentionFinder(BodyRules, ProposalRules, ReferenceRules, NameRules):
    def __init__(self, text: str, sentences: list[Sentence], lex: Lexicon, gaz: Gazetteer, language: str):
        self.text = text
        self.sentences = sentences
        self.lex = lex
        self.gaz = gaz
        self.language = language
        self.entities: dict[str, Entity] = {}
        self.posts: list[Post] = []
        self.short_forms: dict[tuple[str, ...], str] = {}  # folded words -> entity key
        self.per_sentence: list[SentenceMentions] = []
        self._title_case = False  # set per sentence by the proposers
        self._lowercase_words: set[str] | None = None  # the article's words written in lower case, on first need
        self._named_countries: frozenset[str] | None = None  # ISO codes of the countries the article names, on first need
        self._article_countries: frozenset[str] | None = None  # the same, with the countries whose people it names
        self._group_names: dict[tuple[str, ...], str] = {}  # folded name of an armed group named by a group noun -> entity key

    def run(self) -> list[Mention]:
        for index, sentence in enumerate(self.sentences):
            tokens = tokenize(sentence.text, sentence.start)
            candidates = self._candidates(tokens, index)
            mentions, roles = self._settle(tokens, candidates, index)
            self.per_sentence.append(SentenceMentions(tokens, mentions, roles))
        history: list[Mention] = []
        for index, sm in enumerate(self.per_sentence):
            sm.mentions = sorted(sm.mentions + self._short_references(sm, index), key=lambda m: (m.start, -m.end))
            sm.mentions = sorted(sm.mentions + self._anaphora(sm, index, history), key=lambda m: (m.start, -m.end))
            sm.mentions = sorted(sm.mentions + self._name_part_references(sm, index, history), key=lambda m: (m.start, -m.end))
            history += [m for m in sm.mentions if not m.nested]
        return [m for sm in self.per_sentence for m in sm.mentions]

    def _settle(self, tokens, candidates, index) -> tuple[list[Mention], list[RoleSpan]]:
        ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
        chosen: list[Candidate] = []
        nested: list[Candidate] = []
        for c in ordered:
            overlaps = [o for o in chosen if c.start < o.end and o.start < c.end and not _apart(c, o)]
            if not overlaps:
                chosen.append(c)
            elif any(o.start == c.start and o.end == c.end for o in overlaps):
                continue  # the same span, proposed twice
            elif (
                all(o.start <= c.start and c.end <= o.end and o.type not in PLACE_TYPES and o.type != "Person" for o in overlaps)
                and c.entry
                and c.type != "Person"
                and c.entry.kind != "features"  # a region or sea in a body's name: "Uni Afrika", "Black Sea Fleet"
            ):
                if not any(n.start == c.start and n.end == c.end for n in nested):
                    nested.append(c)
        # Of nested names one inside another, the longer: "South Sudan", not "Sudan", in "the UN
        # Mission in South Sudan".
        nested = [n for n in nested if n.type not in PLACE_TYPES or not any(
            o.type in PLACE_TYPES and o.start <= n.start and n.end <= o.end and o.end - o.start > n.end - n.start for o in nested
        )]
        # A gazetteer match can win the span from the titled-person candidate; keep the post.
        roles_by_span = {(c.start, c.end): c.role for c in candidates if getattr(c, "role", None)}
        mentions, roles = [], []
        for c in sorted(chosen, key=lambda c: c.start):
            if c.type == LANGUAGE:
                continue  # a language's name: no entity
            entity = self._entity(c)
            mentions.append(self._mention(tokens, c, entity.key, index, nested=c.modifier))
            role = roles_by_span.get((c.start, c.end)) if c.type == "Person" else None
            if role:
                roles.append(self._post(tokens, entity.key, role, chosen))
        for c in nested:
            entity = self._entity(c)
            mentions.append(self._mention(tokens, c, entity.key, index, nested=True))
        return mentions, [r for r in roles if r]

    def _mention(self, tokens, c, key, index, nested) -> Mention:
        start, end = c.chars or (tokens[c.start].start, tokens[c.end - 1].end)
        surface = self.text[start:end]
        entity = self.entities[key]
        if fold(surface) != fold(entity.label):
            entity.aliases.add(surface)
        return Mention(start, end, surface, key, index, nested)

    def _entity(self, c: Candidate) -> Entity:
        if c.entry is not None:
            return self._from_entry(c.entry)
        key = c.key or self._merge_key(c) or f"{c.type}:{slug(c.label)}"
        entity = self.entities.get(key)
        if entity is None:
            entity = Entity(key=key, type=c.type, label=c.label, language=self.language, country=c.country)
            self.entities[key] = entity
            self._register_short_forms(entity)
        entity.aliases.update(a for a in c.aliases if fold(a) != fold(entity.label))
        return entity

    def entity_for(self, e: Entry) -> Entity:
        """The article's entity for a gazetteer entry, made on first use."""
        return self._from_entry(e)

    def _from_entry(self, e: Entry) -> Entity:
        entity = self.entities.get(e.key)
        if entity is None:
            labels = {lang: label for lang, label in (("en", e.label_en), ("id", e.label_id)) if label}
            language = "en" if e.label_en else "id"
            entity = Entity(e.key, e.type, labels[language], language, e.wikidata, labels, country=e.country)
            self.entities[e.key] = entity
            self._register_short_forms(entity)
        return entity

    def _merge_key(self, c: Candidate) -> str | None:
        """An earlier organisation one of whose names holds this one's words in order, same head
        word: "Intelijen Ukraina" after "Intelijen Pertahanan Ukraina"."""
        words = [fold(w) for w in c.label.split()]
        if len(words) < 2 or c.type not in ("Organization", "MilitaryUnit"):
            return None
        for entity in self.entities.values():
            if entity.type != c.type:
                continue
            for name in {entity.label, *entity.labels.values(), *entity.aliases}:
                theirs = [fold(w) for w in name.split()]
                if theirs and words[0] == theirs[0] and _subsequence(words, theirs):
                    return entity.key
        return None

    def _register_short_forms(self, entity: Entity) -> None:
        if entity.type not in ("Person", "Location"):
            return  # only people and places are referred to by a shorter name
        words = [t.text for t in _name_words(entity.label)]
        if entity.type == "Person" and len(words) >= 2:
            self.short_forms.setdefault((fold(words[-1]),), entity.key)
        if entity.type == "Location":
            core = [w for w in words if fold(w) not in self.lex.designations]
            if core and len(core) < len(words):
                self.short_forms.setdefault(tuple(fold(w) for w in core), entity.key)
            for label in entity.labels.values():
                core = [t.text for t in _name_words(label) if t.folded not in self.lex.designations]
                if core:
                    self.short_forms.setdefault(tuple(fold(w) for w in core), entity.key)

    def _post(self, tokens, holder, role, chosen) -> RoleSpan | None:
        role_name, start, end, org = role
        org_key = None
        if org is not None:
            match = next((c for c in chosen if c.start == org.start and c.end == org.end), None)
            if match is not None:
                org_key = self._entity(match).key
        label = self.text[tokens[start].start : tokens[end - 1].end]
        self.posts.append(Post(holder=holder, role=role_name, label=label, organization=org_key))
        span_end = tokens[end - 1].end
        closing = self._acronym_in_parentheses(tokens, end) if end < len(tokens) else None
        if closing:  # "... Joint Chiefs of Staff (JCS)": the acronym belongs to the role too
            span_end = tokens[closing].end
        return RoleSpan(tokens[start].start, span_end, holder)

@lru_cache(maxsize=1 << 14)
def _name_words(name: str) -> tuple[Token, ...]:
    """The word tokens of a name. Entities' labels recur from article to article (most come
    from the gazetteer), so each is tokenised once."""
    return tuple(t for t in tokenize(name) if t.is_word)


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _apart(a: Candidate, b: Candidate) -> bool:
    """Two parts of one token that do not overlap: "Zorbu" and "Mbala" in "Zorbu-Mbala"."""
    return a.chars is not None and b.chars is not None and (a.chars[1] <= b.chars[0] or b.chars[1] <= a.chars[0])
