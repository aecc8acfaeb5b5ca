"""Runs of capitalised words that make names, and the small span helpers the passes share."""

from __future__ import annotations

import re

from .. import lexicon

_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")  # "A.K." in "A.K. Bharti" is part of a name, no acronym
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
_COMPOUND_ADJECTIVE = re.compile(r"\w+-[a-z]\w*")


def _compound_adjective(word: str) -> bool:
    """"Kenyan-led", "Rwanda-backed", "Washington-based": a description, not part of a name."""
    return bool(_COMPOUND_ADJECTIVE.fullmatch(word))


class NameRules:
    """Name runs and span helpers; mixed into :class:`kg.extract.mentions.MentionFinder`."""

    def _capitalised_run(self, tokens, j, limit) -> int:
        end = j
        while end < len(tokens) and end - j < limit and tokens[end].is_word and tokens[end].is_capitalised:
            end += 1
        return end

    def _name_run(self, tokens, j, taken=frozenset(), minimum=1, soft=frozenset()) -> int:
        """End of a personal name starting at ``j`` (1-4 capitalised words, and the particles
        inside names: "Khalid al-Aiser", "Iyad Ag Ghaly", "Osama bin Laden"), or ``j``."""
        end = j
        if j + 1 < len(tokens) and tokens[j].text in self.lex.name_openers and tokens[j + 1].is_word and tokens[j + 1].is_capitalised and not tokens[j + 1].is_upper:
            end = j + 1  # "U Kyaw Zaw", "Daw Khin Mar": an honorific that opens the name
        while end < len(tokens) and end - j < 5:
            tok = tokens[end]
            if end > j and self._name_particle(tokens, end):
                end += 1
                continue
            if INITIALS.fullmatch(tok.text) and end + 1 < len(tokens) and tokens[end + 1].is_capitalised and end not in taken:
                end += 1  # "A.K. Bharti": initials before the surname
                continue
            inside = end > j and end in soft and end + 1 < len(tokens) and end + 1 not in taken and tokens[end + 1].is_word and tokens[end + 1].is_capitalised
            # "Chief Inspector Arnon Zamora, ...": a one-word place right after a lone given name ends it
            inside = inside or (end - j == 1 and end in soft and (end + 1 >= len(tokens) or not tokens[end + 1].is_capitalised) and not self._particle(tokens, j))
            if not (tok.is_word and tok.is_capitalised and not tok.is_upper) or (end in taken and not inside):
                break  # a one-word place inside a name is part of it: "Abdifatah Aden Hassan"
            if self._not_a_name(tokens, end) and not self._month_in_name(tokens, j, end):
                break
            end += 1
        while end > j and self._name_particle(tokens, end - 1) and not self._particle_ends_name(tokens[end - 1]):
            end -= 1  # a particle does not end a name ("Ahmed bin")
        return end if end - j >= minimum else j

    def _month_in_name(self, tokens, j, k) -> bool:
        """A month's word inside a personal name, after two names and with no number beside it:
        "Almog Meir Jan, 22" (a date has its day or year: "Jan 22", "22 Jan")."""
        if k - j < 2 or tokens[k].folded not in self.lex.months or tokens[k - 1].text[:1].isdigit():
            return False
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        return not (after is not None and (after.text[:1].isdigit() or after.text == "."))

    def _name_particle(self, tokens, k) -> bool:
        """A particle inside a personal name: "al-Aiser" (a prefix fused to the next name), or
        a lower-case connective ("bin", "ag", "van") between capitalised names."""
        tok = tokens[k]
        if not tok.is_word:
            return False
        if self._particle_ends_name(tok):
            return True
        return tok.folded in self.lex.name_particles and k + 1 < len(tokens) and tokens[k + 1].is_word and tokens[k + 1].is_capitalised

    def _particle_ends_name(self, tok) -> bool:
        """"al-Aiser", "el-Sisi", "ad-Din": a name with a fused article."""
        for prefix in self.lex.name_prefixes:
            if tok.folded.startswith(prefix) and len(tok.text) > len(prefix) + 1 and tok.text[len(prefix)].isupper():
                return True
        return False

    def _skip_portfolio(self, tokens, k, limit) -> int:
        """Past the capitalised words of a portfolio or an office between a title and a name:
        "Menteri Pendidikan Amadou ...", "Direktur Pelindungan WNI Judha ...", "High
        Commissioner for Human Rights Volker ..."."""
        start = k
        last = k  # just past the last portfolio word or acronym
        while k < len(tokens) and k - start < limit:
            tok = tokens[k]
            if tok.is_word and (tok.folded in self.lex.portfolio_words or tok.is_upper) and not INITIALS.fullmatch(tok.text):
                k = last = k + 1
            elif tok.is_word and tok.folded in self.lex.title_links and k > start:
                k += 1  # "Human Rights" in "Commissioner for Human Rights"
            else:
                break
        return last

    def _particle(self, tokens, k) -> bool:
        return self._name_particle(tokens, k)

    def _name_run_back(self, tokens, end, taken=frozenset(), minimum=1, person=False) -> int | None:
        """Start of a capitalised name ending just before ``end``, or None.

        A person's name holds no acronym and no title ("Sekretaris Jenderal NATO Mark Rutte").
        """
        start = end
        while start > 0 and end - start < 6:
            tok = tokens[start - 1]
            if start < end and start - 1 > 0 and (start - 1) not in taken and self._particle(tokens, start - 1) and tokens[start - 2].is_capitalised:
                start -= 1  # "... al-Sharaa said": the particle, then the given name before it
                continue
            if not (tok.is_word and tok.is_capitalised) or (start - 1) in taken or self._not_a_name(tokens, start - 1):
                break
            if person and ((tok.is_upper and not _INITIALS.fullmatch(tok.text)) or self.lex.titles.match_at(tokens, start - 1)):
                break
            if person and (self.lex.unit_heads.match_at(tokens, start - 1) or self.lex.organization_heads.match_at(tokens, start - 1) or self.lex.troop_nouns.match_at(tokens, start - 1)):
                break  # "Army says ...": an institution's head word is no one's name
            start -= 1
        return start if end - start >= minimum else None

    def _org_name_back(self, tokens, end) -> int | None:
        if end > 1 and not tokens[end - 1].is_capitalised and self.lex.organization_heads.match_at(tokens, end - 1):
            end -= 1  # "... Operations agency (UKMTO)": the name is what comes before "agency"
        return self._org_name_back_from(tokens, end, self.lex.definition_inner)

    def _org_name_back_from(self, tokens, end, also=frozenset()) -> int | None:
        """Start of an organisation's name ending before ``end`` ("Pasukan Pertahanan Israel",
        "Badan PBB untuk Pengungsi Palestina", "Joint Chiefs of Staff"): capitalised words, with
        lower-case joining words between them, not across a possessive."""
        start, k = None, end
        while k > 0 and end - k < 10:
            tok = tokens[k - 1]
            if "-" in tok.text and tok.text.rsplit("-", 1)[1][:1].islower():
                break  # "The Washington-based ... (HRANA)": an adjective, no part of the name
            inside = start is not None and k >= 2 and tokens[k - 2].is_word and tokens[k - 2].is_capitalised and tok.is_capitalised
            if tok.is_word and (tok.is_capitalised or self._particle(tokens, k - 1)) and (inside or not self._function_word(tokens, k - 1)):
                start = k = k - 1  # particles inside the name ("al-Islam wal-Muslimin"); "Pasukan Sementara PBB"
            elif tok.is_word and not tok.is_capitalised and (tok.folded in self.lex.organization_inner or tok.folded in also) and start is not None:
                k -= 1
            else:
                break
        return start

    def _function_word(self, tokens, k) -> bool:
        """A stopword that is not a content word of names (titles, troop nouns, head words are)."""
        if tokens[k].folded not in self.lex.stopwords:
            return tokens[k].folded in self.lex.months or tokens[k].folded in self.lex.weekdays
        return not (
            self.lex.titles.match_at(tokens, k)
            or self.lex.troop_nouns.match_at(tokens, k)
            or self.lex.organization_heads.match_at(tokens, k)
            or self.lex.unit_heads.match_at(tokens, k)
        )

    def _not_a_name(self, tokens, k) -> bool:
        word = tokens[k].folded
        return (
            (word in self.lex.stopwords and not self._given_name_homograph(tokens, k))
            or word in self.lex.pronouns
            or word in self.lex.months
            or word in self.lex.weekdays
            or self.lex.verb_at(tokens, k) is not None
            or self.lex.titles.match_at(tokens, k) is not None
            or self.gaz.demonym_at(tokens, k) is not None
        )

    def _given_name_homograph(self, tokens, k) -> bool:
        """A function word that is also a given name, capitalised inside a sentence right before
        another capitalised word, after a comma or a title: "Kepala ..., Oleh Mbalanko, mengatakan",
        "Gubernur Oleh Mbalanko" (not "oleh Rusia", nor "Diserang Oleh Rusia" in a headline)."""
        return (
            tokens[k].folded in self.lex.name_homographs
            and k > 0 and (tokens[k - 1].text in (",", "(") or self.lex.titles.match_ending_at(tokens, k))
            and tokens[k].is_capitalised and not tokens[k].is_upper
            and k + 1 < len(tokens) and tokens[k + 1].is_word and tokens[k + 1].is_capitalised
            and tokens[k + 1].folded not in self.lex.stopwords
        )

    def _surface(self, tokens, start, end) -> str:
        return self.text[tokens[start].start : tokens[end - 1].end]

    def _type_from_heads(self, tokens, spans) -> str | None:
        """A name's type from its head words, in any language the project knows: names in
        another language are common ("Arakan Army" in an Indonesian article)."""
        for lex in [self.lex] + [lexicon.load(l) for l in lexicon.available() if l != self.lex.language]:
            for s, e in spans:
                for k in range(s, e):
                    if lex.unit_heads.match_at(tokens, k) or lex.troop_nouns.match_at(tokens, k) and tokens[k].is_capitalised:
                        return "MilitaryUnit"
            for s, e in spans:
                for k in range(s, e):
                    if lex.organization_heads.match_at(tokens, k):
                        return "Organization"
        return None

    def _country_in(self, start, end, places) -> str | None:
        for k in range(start, end):
            c = places.get(k)
            if c and c.type == "Country" and c.country:
                return c.country
        return None

    def _demonym_country(self, tokens, start, end) -> str | None:
        for k in range(start, end):
            hit = self.gaz.demonym_at(tokens, k)
            if hit:
                return hit[1]
        return None
