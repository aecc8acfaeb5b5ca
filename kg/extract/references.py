"""Pass 2 of mention finding: later references to entities already named.

Surnames, acronyms and shorter forms of a name ("Intelijen Ukraina" after "Intelijen Pertahanan
Ukraina", "Kursk" after "Oblast Kursk"), and noun anaphora ("the ministry", "lembaga itu")."""

from __future__ import annotations

from ..text import fold
from .model import Entity, Mention
from .spans import SentenceMentions


class ReferenceRules:
    """Short references and anaphora; mixed into :class:`kg.extract.mentions.MentionFinder`."""

    def _short_references(self, sm: SentenceMentions, index: int) -> list[Mention]:
        tokens = sm.tokens
        out: list[Mention] = []
        longest = max((len(k) for k in self.short_forms), default=0)
        i = 0
        while i < len(tokens):
            hit = None
            for n in range(min(longest, len(tokens) - i), 0, -1):
                span = tokens[i : i + n]
                if all(t.is_word and t.is_capitalised for t in span):
                    key = self.short_forms.get(tuple(t.folded for t in span))
                    if key:
                        hit = (n, key)
                        break
            if not hit:
                i += 1
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
                    if m.start == start and m.end == end and m.entity != key and self._may_refer(m.entity, key):
                        m.entity = key  # "Kursk" after "Oblast Kursk" is the oblast
                        self.entities[key].aliases.add(m.text)
            i += n
        return out

    def _anaphora(self, sm: SentenceMentions, index: int, history: list[Mention]) -> list[Mention]:
        """"the ministry", "lembaga itu", "the spokesman": the last entity of that kind, if any."""
        tokens, out = sm.tokens, []
        for i in range(len(tokens)):
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
        for table, kind in (
            (self.lex.generic_organisation_nouns, "generic"),
            (self.lex.organization_heads, "Organization"),
            (self.lex.unit_heads, "MilitaryUnit"),
            (self.lex.titles, "title"),
        ):
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
        return next((m.entity for m in reversed(earlier) if self.entities[m.entity].type == kind), None)

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
