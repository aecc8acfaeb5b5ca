"""Bodies written inside a longer description of a place or a group: "the Gaza health ministry",
"Gaza's Civil Defence", "the health ministry in Hamas-run Gaza", "the health ministry in the
Houthi-run capital", "the Hamas-run health ministry", "Houthi health ministry". The body is an
organisation of its own, labelled as the article writes it; the place or group it belongs to
stays a nested mention and never speaks for it. Mixed into
:class:`kg.extract.mentions.MentionFinder`; all words come from the lexicon (`[entities]`
`organization_heads`, `control_suffixes`, `body_prepositions`)."""

from __future__ import annotations

from ..text import Token
from .spans import Candidate

_MODIFIERS = 3  # lower-case words before a body's head word: "civil defence agency", "health ministry"


class BodyRules:
    def _place_bodies(self, tokens: list[Token], known: list[Candidate]) -> list[Candidate]:
        if self.lex.heads_first:  # "Kementerian Kesehatan Gaza": head-first names already hold their place
            return self._bodies_run_by(tokens, known)
        out: list[Candidate] = []
        owners = {
            c.start: c
            for c in known
            if (c.type == "Location" and c.end - c.start <= 3) or (c.type in ("Organization", "MilitaryUnit") and c.end - c.start == 1 and not c.modifier)
        }
        for start, owner in owners.items():
            if owner.end >= len(tokens):
                continue
            if tokens[owner.end].text in ("'s", "’s"):
                got = self._body_across_possessive(tokens, owner) or self._body_after(tokens, owner, owner.end + 1)
            elif owner.type != "Location" and not tokens[owner.end].is_capitalised:
                got = self._body_after(tokens, owner, owner.end, lead=True)  # "Houthi health ministry"
            elif owner.type == "Location" and start > 0 and tokens[start - 1].folded in self.lex.determiners:
                got = self._body_after(tokens, owner, owner.end, lead=True)  # "the Gaza health ministry"
            else:
                got = None
            if got is not None:
                out.append(got)
        out += self._bodies_in_places(tokens, known)
        return out

    def _body_across_possessive(self, tokens, owner) -> Candidate | None:
        """"Gaza's Civil Defence": the gazetteer's body whose name is the owner's words and the
        words after the possessive."""
        joined = tokens[: owner.end] + tokens[owner.end + 1 :]
        hit = self.gaz.match_at(joined, owner.start)
        if not hit or owner.start + hit[0] <= owner.end or len({e.key for e in hit[1]}) != 1:
            return None
        entry = hit[1][0]
        if entry.type not in ("Organization", "MilitaryUnit"):
            return None
        return Candidate(owner.start, owner.start + hit[0] + 1, entry.type, entry.label_en or entry.label_id, entry, priority=3, country=entry.country)

    def _head_run(self, tokens, j) -> int | None:
        """The end of "<up to three lower-case words> <head word>" at ``j`` ("health ministry",
        "civil defence agency", "media office"), or None."""
        lex = self.lex
        k = j
        while k < len(tokens) and k - j <= _MODIFIERS:
            tok = tokens[k]
            if not tok.is_word or tok.is_capitalised or tok.folded in self.lex.stopwords or lex.verb_at(tokens, k):
                return None
            head = lex.organization_heads.match_at(tokens, k)
            if head and lex.government_nouns.match_at(tokens, k):
                return None  # "the provincial government": a government, read as its state elsewhere
            if head:
                end = k + head[0]
                if any(tokens[x].is_capitalised for x in range(k, end)):
                    return None
                return end
            k += 1
        return None

    def _body_after(self, tokens, owner, j, lead=False) -> Candidate | None:
        """"Gaza's health ministry", "the Gaza health ministry", "Houthi health ministry"."""
        end = self._head_run(tokens, j)
        if end is None or end - j < 2 and lead:
            return None  # "the Gaza office": a lone head word after a name is no body's name
        if end < len(tokens) and tokens[end].is_word and tokens[end].is_capitalised:
            return None  # "the Gaza health ministry Spokesman X": the name goes on
        label = self._surface(tokens, owner.start, end)
        return Candidate(owner.start, end, "Organization", label, None, priority=3)

    def _bodies_in_places(self, tokens, known) -> list[Candidate]:
        """"the health ministry in Hamas-run Gaza" (the place's body: "Gaza health ministry"),
        "the health ministry in the Houthi-run capital", "the Hamas-run health ministry" (the
        body of the group that runs it: "Houthi health ministry")."""
        lex = self.lex
        out = []
        places = {c.start: c for c in known if c.type == "Location"}
        for i, tok in enumerate(tokens):
            if tok.folded not in lex.determiners or i + 1 >= len(tokens):
                continue
            j = i + 1
            ruler = self._ruler(tokens[j])
            if ruler:
                j += 1  # "the Hamas-run health ministry"
            end = self._head_run(tokens, j)
            if end is None:
                continue
            head = self._surface(tokens, j, end)
            if ruler:
                out.append(Candidate(i + 1, end, "Organization", f"{ruler} {head}", None, priority=3))
                continue
            if end + 1 >= len(tokens) or tokens[end].folded not in lex.body_prepositions:
                continue
            k = end + 1
            if tokens[k].folded in lex.determiners:
                k += 1
            ruler = self._ruler(tokens[k]) if k < len(tokens) else None
            if ruler:
                k += 1
            place = places.get(k)
            capital = place is not None and place.entry is not None and place.entry.wikidata in self.gaz.capitals
            if place is not None and place.end - place.start <= 3 and not capital:  # "in Mogadishu": the national body
                out.append(Candidate(j, place.end, "Organization", f"{self._surface(tokens, place.start, place.end)} {head}", None, priority=3))
            elif ruler and k < len(tokens) and tokens[k].is_word and not tokens[k].is_capitalised and (k + 1 == len(tokens) or not tokens[k + 1].is_capitalised):
                out.append(Candidate(j, k + 1, "Organization", f"{ruler} {head}", None, priority=3))  # "in the Houthi-run capital"
        return out

    def _bodies_run_by(self, tokens, known) -> list[Candidate]:
        """"Kementerian Kesehatan yang dikelola kelompok Houthi": a body named without its state,
        then a clause naming the group or place that runs it (`[entities]` `control_phrases`, a
        group noun between them allowed). The body is an organisation of its own, labelled as the
        article writes the whole phrase; the ruler stays a nested mention."""
        lex = self.lex
        out: list[Candidate] = []
        if not lex.control_phrases.first_words:
            return out
        bodies = {c.end: c for c in known if c.type == "Organization" and c.entry is None and not c.modifier}
        rulers = {c.start: c for c in known if c.type in ("Organization", "MilitaryUnit", "Location", "Country")}
        for end, body in bodies.items():
            phrase = lex.control_phrases.match_at(tokens, end)
            if not phrase:
                continue
            k = end + phrase[0]
            group = lex.group_nouns.match_at(tokens, k)
            if group and k + group[0] in rulers:
                k += group[0]  # "yang dikelola kelompok Houthi"
            ruler = rulers.get(k)
            if ruler is None or ruler.end - ruler.start > 4:
                continue
            label = self._surface(tokens, body.start, ruler.end)
            out.append(Candidate(body.start, ruler.end, "Organization", label, None, priority=3))
        return out

    def _ruler(self, tok: Token) -> str | None:
        """"Hamas" in "Hamas-run", "Houthi" in "Houthi-controlled"."""
        if not tok.is_capitalised or "-" not in tok.text:
            return None
        name, _, suffix = tok.text.rpartition("-")
        return name if name and f"-{suffix.casefold()}" in self.lex.control_suffixes else None
