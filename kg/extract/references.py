"""Pass 2 of mention finding: later references to entities already named.

Surnames, acronyms and shorter forms of a name ("Intelijen Ukraina" after "Intelijen Pertahanan
Ukraina", "Kursk" after "Oblast Kursk"), and noun anaphora ("the ministry", "lembaga itu")."""

from __future__ import annotations

from functools import cache

from ..lexicon import Lexicon
from ..text import fold, tokenize
from .model import Entity, Mention
from .spans import SentenceMentions


class ReferenceRules:
    """Short references and anaphora; mixed into :class:`kg.extract.mentions.MentionFinder`."""

    def _short_references(self, sm: SentenceMentions, index: int) -> list[Mention]:
        tokens = sm.tokens
        out: list[Mention] = []
        longest = max((len(k) for k in self.short_forms), default=0)
        firsts = {k[0] for k in self.short_forms if k}
        i = 0  # the first token not yet read
        for at in [k for k, t in enumerate(tokens) if t.folded in firsts]:  # where a short form may start
            if at < i:
                continue  # inside the short form just read
            i = at
            hit = None
            # Short forms are runs of capitalised words: only spans inside the run starting here
            # can be one, longest first.
            run = self._capitalised_run(tokens, i, longest) - i
            for n in range(run, 0, -1):
                key = self.short_forms.get(tuple(t.folded for t in tokens[i : i + n]))
                if key:
                    hit = (n, key)
                    break
            if not hit:
                continue
            n, key = hit
            start, end = tokens[i].start, tokens[i + n - 1].end
            clash = [m for m in sm.mentions if m.start < end and start < m.end]
            if not clash:
                out.append(self._short_mention(start, end, key, index))
            elif n > 1 and all(start <= m.start and m.end <= end and (m.start, m.end) != (start, end) for m in clash):
                for m in clash:  # "Kemlu RI": "RI" is Indonesia inside the ministry's short name
                    m.nested = True
                out.append(self._short_mention(start, end, key, index))
            else:
                for m in clash:
                    if self._city_cue(tokens, i, i + n) or m.entity in self.gaz.capitals:
                        break  # "kota Kursk", "Kharkiv city", "Khartoum": the city, not the region named before
                    if m.start == start and m.end == end and m.entity != key and self._may_refer(m.entity, key):
                        m.entity = key  # "Kursk" after "Oblast Kursk" is the oblast
                        self.entities[key].aliases.add(m.text)
            i += n
        return out

    def _name_part_references(self, sm: SentenceMentions, index: int, history: list[Mention]) -> list[Mention]:
        """"Menurut Lee, ...", "according to Budi", "..., tutur Kristomei", "Hariyanto menambahkan":
        one capitalised word where a speaker stands (right after a verb whose speaker follows it,
        or right before one whose speaker precedes it, past adverbs) that is a word of the name of
        exactly one person named before, is that person. Two people sharing the word ("Kim" after
        "Kim Jong Un" and "Kim Byung-kee") name nobody. A place no source knows that the word was
        taken for ("according to Budi") gives way."""
        tokens, lex = sm.tokens, self.lex
        out: list[Mention] = []
        people = None  # name word -> the people named before with it, on first need
        for i, tok in enumerate(tokens):
            if not (tok.is_word and tok.is_capitalised and not tok.is_upper and len(tok.text) > 2) or tok.folded in lex.stopwords:
                continue
            if i + 1 < len(tokens) and tokens[i + 1].is_word and tokens[i + 1].is_capitalised:
                continue  # a longer name
            if i and tokens[i - 1].is_word and tokens[i - 1].is_capitalised and not lex.verb_at(tokens, i - 1):
                continue
            if not (self._speaker_slot(tokens, i) or self._joined_to_person(sm, i)):
                continue
            clash = [m for m in sm.mentions + out if m.start < tok.end and tok.start < m.end]
            if clash and not (len(clash) == 1 and self._unknown_place(clash[0], tok)):
                continue
            if people is None:
                people = self._people_by_name_word(history + [m for m in sm.mentions if m.end <= tok.start and not m.nested])
            hits = people.get(tok.folded, set())
            if len(hits) != 1:
                continue
            (key,) = hits
            if clash:
                clash[0].entity = key
                self.entities[key].aliases.add(tok.text)
            else:
                out.append(self._short_mention(tok.start, tok.end, key, index))
        return out

    def _speaker_slot(self, tokens, i) -> bool:
        """Whether a speaker stands at token ``i``: right after a verb whose speaker follows it
        ("menurut", "according to", "tutur", "said"), or right before (past adverbs) a verb whose
        speaker precedes it ("X also said", "X juga mengatakan")."""
        lex = self.lex
        for x in range(max(0, i - 3), i):
            found = lex.verb_at(tokens, x)
            if found and x + found[0] == i and found[1].speaker in ("after", "either", "inverted", "agent"):
                return True
        k = i + 1
        while k < len(tokens) and (skip := lex.between.match_at(tokens, k)) and not tokens[k].is_capitalised:
            k += skip[0]
        if k < len(tokens) and not tokens[k].is_capitalised:
            found = lex.verb_at(tokens, k)
            return bool(found and found[1].speaker in ("before", "either"))
        return False

    def _joined_to_person(self, sm: SentenceMentions, i: int) -> bool:
        """Whether the word at ``i`` is joined by "and"/"dan" to a person named right after it,
        past a title ("Park and Rep. Lee Seong-kweun ..."): a word of a name listed with people."""
        tokens = sm.tokens
        k = i + 2
        if k >= len(tokens) or tokens[i + 1].folded not in self.lex.conjunctions:
            return False
        starts = {k}
        if title := self.lex.titles.match_at(tokens, k):
            k += title[0]
            starts.add(k + 1 if k < len(tokens) and tokens[k].text == "." else k)
        firsts = {tokens[x].start for x in starts if x < len(tokens)}
        return any(m.start in firsts and not m.nested and (e := self.entities.get(m.entity)) is not None and e.type == "Person"
                   for m in sm.mentions)

    def _unknown_place(self, m: Mention, tok) -> bool:
        """A one-word place no source knows, made of the token alone ("to Budi")."""
        e = self.entities.get(m.entity)
        return bool(e and e.type == "Location" and e.wikidata is None and (m.start, m.end) == (tok.start, tok.end) and not m.nested)

    def _people_by_name_word(self, earlier: list[Mention]) -> dict[str, set[str]]:
        """Each capitalised word of the names of the people mentioned in ``earlier`` -> their keys."""
        out: dict[str, set[str]] = {}
        for key in {m.entity for m in earlier}:
            entity = self.entities.get(key)
            if entity is None or entity.type != "Person":
                continue
            for name in (entity.label, *entity.labels.values()):
                for t in tokenize(name):
                    if t.is_word and t.is_capitalised:
                        out.setdefault(t.folded, set()).add(key)
        return out

    def _city_cue(self, tokens, i, j) -> bool:
        """A word beside the name that makes it a town: "kota Kursk", "the city of Kharkiv", "Kharkiv city"."""
        return bool(self.lex.city_cues_before.match_ending_at(tokens, i) or self.lex.city_cues_after.match_at(tokens, j))

    def _anaphora(self, sm: SentenceMentions, index: int, history: list[Mention]) -> list[Mention]:
        """"the ministry", "lembaga itu", "the spokesman": the last entity of that kind, if any."""
        tokens, out = sm.tokens, []
        noun_starts = _anaphoric_starts(self.lex)
        for i in range(len(tokens)):
            if tokens[i].folded not in self.lex.anaphora_before and tokens[i].folded not in noun_starts:
                continue  # neither "the ..." nor a noun: nothing below can match here
            noun = None
            if tokens[i].folded in self.lex.anaphora_before and i + 1 < len(tokens):
                # "the agency", "the spy agency": up to two lower-case modifiers before the noun
                for skip in range(3):
                    k = i + 1 + skip
                    if k >= len(tokens) or (skip and (tokens[k - 1].is_capitalised or not tokens[k - 1].is_word)):
                        break
                    noun = self._anaphoric_noun(tokens, k)
                    if noun:
                        span = (i, k + noun[0])
                        break
            if noun is None:
                noun = self._anaphoric_noun(tokens, i)
                if noun and i + noun[0] < len(tokens) and tokens[i + noun[0]].folded in self.lex.anaphora_after:
                    span = (i, i + noun[0] + 1)
                else:
                    noun = None
            if noun is None:
                continue
            start, end = tokens[span[0]].start, tokens[span[1] - 1].end
            if any(m.start < end and start < m.end for m in sm.mentions + out):
                continue
            earlier = history + [m for m in sm.mentions if m.end <= start and not m.nested]
            key = self._antecedent(noun[1], earlier)
            if key:
                out.append(Mention(start, end, self.text[start:end], key, index, False))
        return out

    def _anaphoric_noun(self, tokens, i) -> tuple[int, tuple[str, str]] | None:
        for table, kind in _anaphoric_tables(self.lex):
            found = table.match_at(tokens, i)
            if found and not tokens[i].is_upper:
                value = found[1] if kind == "title" else " ".join(t.folded for t in tokens[i : i + found[0]])
                return found[0], (kind, value)
        return None

    def _antecedent(self, noun: tuple[str, str], earlier: list[Mention]) -> str | None:
        """The last entity the noun can mean: an organisation whose name holds the noun ("the
        ministry"), else the last organisation of that kind ("the agency" after "the NIS")."""
        kind, value = noun
        found = self._antecedent_by_name(kind, value, earlier)
        if found or kind not in ("Organization", "MilitaryUnit"):
            return found
        noun = tuple(value.split())
        return next((m.entity for m in reversed(earlier) if self.entities[m.entity].type == kind
                     and not names_other_branch(self.lex, noun, self.entities[m.entity])), None)

    def _antecedent_by_name(self, kind, value, earlier: list[Mention]) -> str | None:
        for m in reversed(earlier):
            entity = self.entities[m.entity]
            if kind == "title":
                if any(p.holder == entity.key and p.role == value for p in self.posts):
                    return entity.key
            elif kind == "generic":
                if entity.type == "Organization":
                    return entity.key
            elif entity.type == kind and any(value in fold(name) for name in self._names(entity)):
                return entity.key
        return None

    def _names(self, entity: Entity) -> set[str]:
        return {entity.label, *entity.labels.values(), *entity.aliases}

    def _may_refer(self, current: str, earlier: str) -> bool:
        a, b = self.entities.get(current), self.entities.get(earlier)
        return bool(a and b and a.type == b.type and not self._mentioned_before(current, earlier))

    def _mentioned_before(self, current: str, earlier: str) -> bool:
        """True when ``current`` was itself introduced before ``earlier`` (then it is not a short form)."""
        order = list(self.entities)
        return order.index(current) < order.index(earlier)

    def _short_mention(self, start, end, key, index) -> Mention:
        surface = self.text[start:end]
        entity = self.entities[key]
        if fold(surface) != fold(entity.label):
            entity.aliases.add(surface)
        return Mention(start, end, surface, key, index, False)


def names_other_branch(lex: Lexicon, noun: tuple[str, ...], entity: Entity) -> bool:
    """Whether a service's noun ("the army") cannot mean ``entity`` because the entity's name
    holds another service ("Nigerian Air Force", "Borno State Police Command"): such an anaphor
    means a body whose name holds its noun or holds no service at all."""
    if lex.branches.get(" ".join(noun)) is None:
        return False
    heads = _heads_named(lex, frozenset({entity.label, *entity.labels.values(), *entity.aliases}))
    return bool(heads) and noun not in heads


@cache
def _heads_named(lex: Lexicon, names: frozenset[str]) -> frozenset[tuple[str, ...]]:
    """The services (folded word runs) some name holds."""
    out = set()
    for name in names:
        tokens = tokenize(name)
        for i in range(len(tokens)):
            found = lex.branches.match_at(tokens, i)
            if found:
                out.add(tuple(t.folded for t in tokens[i : i + found[0]]))
    return frozenset(out)


def _anaphoric_tables(lex: Lexicon):
    """The noun tables of anaphora, in the order they are tried, with the kind each gives."""
    return (
        (lex.generic_organisation_nouns, "generic"),
        (lex.organization_heads, "Organization"),
        (lex.unit_heads, "MilitaryUnit"),
        (lex.titles, "title"),
    )


@cache
def _anaphoric_starts(lex: Lexicon) -> frozenset[str]:
    """The words an anaphoric noun can start with, once per lexicon."""
    return frozenset().union(*(table.first_words for table, _kind in _anaphoric_tables(lex)))
