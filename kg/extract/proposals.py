"""Pass 1 of mention finding: candidate spans proposed from each sentence.

Each proposer reads one sentence's tokens and returns candidates: the dateline, gazetteer names,
acronym definitions, names built on head words, a country's troops, cited outlets, places typed by
context, governments, titled and appositive people, subjects of reporting verbs."""

from __future__ import annotations

import re
from functools import lru_cache

from ..gazetteer import Entry
from ..text import QUOTES_CLOSE, Token, fold, slug, tokenize
from .names import _compound_adjective
from .spans import ACRONYM, LANGUAGE, PLACE_TYPES, Candidate, dateline


class ProposalRules:
    """Candidate proposers; mixed into :class:`kg.extract.mentions.MentionFinder`, whose state they use."""

    def _candidates(self, tokens: list[Token], index: int) -> list[Candidate]:
        found: list[Candidate] = []
        # A headline or related-story line in Title Case capitalises every content word, so
        # capitals there say nothing about names: names are built only from known words.
        self._title_case = _title_case(tokens, self.lex.stopwords) and not self._reported_sentence(tokens)
        found += self._dateline(tokens, index)
        found += self._capitals_as_governments(tokens, self._gazetteer(tokens))
        found += self._acronym_definitions(tokens)
        found += self._organisations(tokens, found)
        found += self._numbered_units(tokens)
        found += self._possessive_organisations(tokens, found)
        found += self._place_bodies(tokens, found)
        found += self._troops(tokens, found)
        found += self._cited_sources(tokens)
        found += self._named_outlets(tokens, found)
        if not self._title_case:
            found += self._regions(tokens, found)
            found += self._places(tokens, found)
            found += self._geographic(tokens, found)
            found += self._coordinated_places(tokens, found)
            found += self._apposed_places(tokens, found)
        found += self._governments(tokens, found)
        found += self._demonym_countries(tokens, found)
        if not self._title_case:
            found += self._armed_groups(tokens, found)
        found += self._known_groups(tokens)
        found += self._people(tokens, found)
        return found

    def _reported_sentence(self, tokens) -> bool:
        """A sentence closed by a full stop with a reporting verb in lower case is running text,
        however many names it holds ("Hal itu disampaikan Ketua Komisi ... Anis Hidayah di Jakarta,
        Kamis (15/5)."): no headline."""
        if not tokens or tokens[-1].text != ".":
            return False
        return any(t.is_word and not t.is_capitalised and self.lex.verb_at(tokens, k) is not None for k, t in enumerate(tokens))

    def _armed_groups(self, tokens, known) -> list[Candidate]:
        """Armed groups named by a group noun: "the Zorbu militia", "Mbesa rebels", "the rebel group
        Zorbu", "kelompok Zorbu", "milisi Fano", "pemberontak Ndali": the name is the group (an
        Organization labelled with the name alone), the noun is part of the mention. A capitalised
        head ends a group's own name ("Ndali Liberation Front"). A place, a people or a country
        beside the noun describes the fighters ("Tigray rebels", "Sudanese militias"), and a name
        the gazetteer knows is left to it."""
        out = []
        lex = self.lex
        for i in lex.group_nouns.starts(tokens):
            noun = lex.group_nouns.match_at(tokens, i)
            if not noun or tokens[i].is_upper:
                continue
            n = noun[0]
            if i + n < len(tokens) and tokens[i + n].folded in lex.title_links:
                continue  # "the Kursk group of forces", "kelompok dari ...": not a group's name
            if tokens[i].is_capitalised and i > 0 and not lex.heads_first:
                continue  # "Wagner Group", "Zorbu Militia": a name's own head (below)
            spans = []
            if not lex.heads_first and not tokens[i].is_capitalised:
                spans.append((self._group_name_back(tokens, i), i))  # "the Zorbu militia"
            after = self._group_name_after(tokens, i + n)
            lead = i > 0 and (not tokens[i - 1].is_capitalised or tokens[i - 1].folded in lex.determiners)
            if after > i + n and (lex.heads_first or lead):
                spans.append((i + n, after))  # "kelompok Zorbu", "the rebel group Zorbu"
            for s, e in spans:
                if s is None or e <= s or not self._group_name_ok(tokens, s, e, known):
                    continue
                if lex.heads_first and tokens[i].is_capitalised and e - s > 1 and not tokens[s].is_upper:
                    continue  # "Kelompok Ahli PBB", "Gerakan Aceh Merdeka": the head is part of a longer name
                out.append(self._group(tokens, s, e, min(s, i), max(e, i + n)))
                break
        for i in lex.group_name_heads.starts(tokens):
            head = lex.group_name_heads.match_at(tokens, i)
            if not head or not tokens[i].is_capitalised or i == 0 or lex.heads_first:
                continue
            s = self._group_name_back(tokens, i)
            if s is None or s == i or not self._group_name_ok(tokens, s, i, known, whole=True):
                continue
            e = i + head[0]  # "Ndali Liberation Front": the whole name
            label = self._surface(tokens, s, e)
            out.append(Candidate(s, e, "Organization", label, priority=2, key=f"Organization:{slug(label)}"))
        return out

    def _group_name_back(self, tokens, i) -> int | None:
        """Start of the capitalised name (up to three words, or an acronym) right before ``i``."""
        s = i
        while s > 0 and i - s < 3:
            tok = tokens[s - 1]
            if not (tok.is_word and (tok.is_capitalised or tok.is_upper)) or _compound_adjective(tok.text):
                break
            if self._not_a_name(tokens, s - 1) or tok.folded in self.lex.group_modifiers:
                break
            s -= 1
        return s if s < i else None

    def _group_name_after(self, tokens, j) -> int:
        end = j
        while end < len(tokens) and end - j < 3:
            tok = tokens[end]
            if not (tok.is_word and (tok.is_capitalised or tok.is_upper)) or self._not_a_name(tokens, end):
                break
            if tok.folded in self.lex.group_modifiers or _compound_adjective(tok.text):
                break
            end += 1
        return end

    def _group_name_ok(self, tokens, s, e, known, whole=False) -> bool:
        """A name, not a description: no known place, country or people in it, not a known body
        (the gazetteer names it), not a capitalised common word, not a sentence's first word alone."""
        for c in known:
            if c.start < e and s < c.end and (c.type in PLACE_TYPES or c.type == "Person" or (c.entry is not None and not whole)):
                return False
        if any(self.gaz.demonym_at(tokens, k) for k in range(s, e)):
            return False
        if any(self.lex.titles.match_at(tokens, k) or self.lex.troop_nouns.match_at(tokens, k) for k in range(s, e)):
            return False
        if self._a_people(self._surface(tokens, s, e)):
            return False
        if e - s == 1 and not tokens[s].is_upper:
            if self._common_word(tokens[s]) or tokens[s].folded in self.lex.common_nouns:
                return False
            if tokens[s].folded in self.lex.direction_words:
                return False  # "Kelompok Utara": a head and its sector, a unit's name, no group's
            if s == 0 or not tokens[s - 1].is_word and tokens[s - 1].text not in ("(", ","):
                return False  # "Rebels said ...": a capital at a sentence's start says nothing
        return True

    def _a_people(self, name: str) -> bool:
        """The article writes the name as a people's somewhere: "suku Badui", "ethnic Fulani",
        "Fulani herders"."""
        before = "|".join(re.escape(w) for w in self.lex.people_before)
        after = "|".join(re.escape(w) for w in self.lex.people_after)
        words = re.escape(name)
        patterns = ([rf"\b(?:{before})\s+{words}\b"] if before else []) + ([rf"\b{words}\s+(?:{after})\b"] if after else [])
        return any(re.search(p, self.text, re.IGNORECASE) for p in patterns)

    def _group(self, tokens, s, e, start, end) -> Candidate:
        label = self._surface(tokens, s, e)
        key = self._group_names.get(tuple(t.folded for t in tokens[s:e])) or f"Organization:{slug(label)}"
        self._group_names[tuple(t.folded for t in tokens[s:e])] = key
        written = self._surface(tokens, start, end)
        return Candidate(start, end, "Organization", label, priority=4, aliases=[written], key=key)

    def _known_groups(self, tokens) -> list[Candidate]:
        """Later bare mentions of a group named before: "Zorbu" after "the Zorbu militia"."""
        if not self._group_names:
            return []
        out = []
        firsts = {k[0] for k in self._group_names}
        for i, tok in enumerate(tokens):
            if tok.folded not in firsts or not (tok.is_capitalised or tok.is_upper):
                continue
            for name, key in self._group_names.items():
                n = len(name)
                if tuple(t.folded for t in tokens[i : i + n]) == name:
                    out.append(Candidate(i, i + n, "Organization", self._surface(tokens, i, i + n), priority=5, key=key))
                    break
        return out

    def _places(self, tokens, known) -> list[Candidate]:
        """Unknown places typed by their context: "kota Ann", "the village of Andriivka",
        "near Pokrovsk", "di Beit Lahia". Known names and all-caps acronyms are left alone."""
        out = []
        taken = {k for c in known for k in range(c.start, c.end)}
        cues = self.lex.place_nouns.first_words | self.lex.place_prepositions | self.lex.source_prepositions
        for i in range(len(tokens)):
            if tokens[i].folded not in cues:
                continue  # neither a place noun nor a preposition starts here
            if i > 0 and tokens[i].is_capitalised and tokens[i].folded in self.lex.place_prepositions and tokens[i - 1].is_word:
                continue  # a capitalised preposition inside a title: "Menteri Dalam Negeri"
            noun = self.lex.place_nouns.match_at(tokens, i)
            cue = noun[0] if noun else (1 if self._place_preposition(tokens, i) else 0)
            j = i + cue
            if cue and not noun:
                while j < len(tokens) - 1 and tokens[j].folded in self.lex.place_adjectives and not tokens[j].is_capitalised:
                    j += 1  # "in rural Zorbu", "di pedalaman Zorbu"
            if not cue or j >= len(tokens) or j in taken:
                continue
            end = self._place_run(tokens, j, taken)
            if end == j + 1 and self._common_word(tokens[j]):
                continue  # "in God", "at Home", "di Pengungsian": a common noun, capitalised
            if end > j:
                out.append(Candidate(j, end, "Location", self._surface(tokens, j, end), priority=0))
        return out

    def _place_preposition(self, tokens, i) -> bool:
        """A preposition at ``i`` that puts the name after it in a place: "in", "near", or "from"
        after a verb of leaving ("retreated from Zorbu", "pulled back from Mbala")."""
        tok = tokens[i]
        if tok.folded in self.lex.place_prepositions:
            return True
        return tok.folded in self.lex.source_prepositions and not tok.is_capitalised and bool(self.lex.leaving_verbs.match_ending_at(tokens, i))

    def _regions(self, tokens, known) -> list[Candidate]:
        """A name with a region or camp noun: "Zanwa state", "the region of Mbalu", "Tulkarm
        Governorate", "provinsi Zorba", "kegubernuran Tulkarm", "kamp pengungsi Nur Shams", "the
        Abu Shouk refugee camp". The whole phrase is the place: the gazetteer's row when one of its
        names is the phrase or is the name with a region noun, else a new Location labelled as the
        phrase names it ("Zanwa State", "Provinsi Zorba"). A known city with a region noun is the
        region (with a weak noun such as "district" or "wilayah" it stays the city: the town's area);
        a known region, feature, country, body or person beside the noun is left to the gazetteer."""
        lex = self.lex
        out = []
        spans = []  # (phrase start, phrase end, name start, name end, label template)
        for i in lex.region_nouns_before.starts(tokens):
            noun = lex.region_nouns_before.match_at(tokens, i)
            if not noun:
                continue
            if i > 0 and tokens[i - 1].is_word and tokens[i - 1].is_capitalised and not tokens[i].is_capitalised and lex.region_nouns_after.match_at(tokens, i):
                # "the Zorbu district of Mbala": the noun is Zorbu's; the name after "of" is
                # the larger place that holds it (a place, not "Mbala District")
                j = i + noun[0]
                end = self._place_run(tokens, j, {k for c in known for k in range(c.start, c.end)})
                if end > j and not (end == j + 1 and self._common_word(tokens[j])):
                    out.append(Candidate(j, end, "Location", self._surface(tokens, j, end), priority=0))
                continue
            if noun[1].get("capitalised", False) and not tokens[i].is_capitalised:
                continue  # "komandan lapangan X": a common noun, no facility's name
            j = i + noun[0]
            end = self._place_run(tokens, j, set(), prefixed=True)
            if end == j + 1 and self._road_ends(tokens, j, tokens[j].text.split("-")):
                continue  # "jalan Goma-Sake": a road between two places, no street's name
            if end > j:
                spans.append((i, end, j, end, noun[1]))
                # "wilayah Kursk dan Belgorod", "provinsi Latakia, Tartus dan Homs": the noun
                # is every conjunct's
                nouns = self._surface(tokens, i, j)
                for s, e in self._conjuncts_after(tokens, end):
                    spans.append((s, e, s, e, dict(noun[1], phrase=f"{nouns} {self._surface(tokens, s, e)}", shared=True)))
        for i in lex.region_nouns_after.starts(tokens):
            noun = lex.region_nouns_after.match_at(tokens, i)
            if not noun or i == 0:
                continue
            after = i + noun[0]
            if tokens[i].is_capitalised and after < len(tokens) and tokens[after].is_word and tokens[after].is_capitalised:
                continue  # "Shan State Army", "Camp David Accords": part of a longer name
            s = self._region_name_back(tokens, i)
            if s is not None and noun[1].get("own", False):
                s = self._title_in_name(tokens, s)
            if s is not None:
                spans.append((s, after, s, i, noun[1]))
        for i in lex.region_plurals_after.starts(tokens):
            # "the Kursk and Belgorod regions", "South Gondar and North Wollo zones": each name
            # with the singular noun
            hit = lex.region_plurals_after.match_at(tokens, i)
            if not hit or i == 0:
                continue
            n, (singular, template) = hit
            if any(template.get(k, False) for k in ("camp", "own", "locality")):
                continue  # regions only: "the Jenin and Nur Shams camps" name camps of their own
            if tokens[i].is_capitalised and i + n < len(tokens) and tokens[i + n].is_word and tokens[i + n].is_capitalised:
                continue
            for s, e, name in self._conjuncts_before(tokens, i):
                spans.append((s, e, s, e, dict(template, phrase=f"{name} {singular}", name=name, shared=True)))
        for start, end, s, e, template in spans:
            cand = self._region_candidate(tokens, start, end, s, e, template, known)
            if cand is not None:
                out.append(cand)
        return out

    def _region_name_back(self, tokens, i) -> int | None:
        """Start of the capitalised name (up to three words) right before a region noun at ``i``."""
        s = i
        while s > 0 and i - s < 3:
            tok = tokens[s - 1]
            if tok.is_word and not tok.is_capitalised and self._particle_ends_name(tok):
                s -= 1  # a name opening with a fused article: "al-Rashid Street"
                break
            if not (tok.is_word and tok.is_capitalised) or tok.is_upper or self._not_a_name(tokens, s - 1):
                break
            if self.lex.organization_heads.match_at(tokens, s - 1) or self.lex.unit_heads.match_at(tokens, s - 1):
                break
            s -= 1
        if s == i or (s > 0 and tokens[s - 1].text in ("'s", "’s")):
            return None
        if s == 0 and i - s == 1 and self._common_word(tokens[s]):
            return None
        return s

    def _title_in_name(self, tokens, s) -> int:
        """A building or street named after someone keeps the title in its name: "the General
        Santander stadium" (a capitalised title word right before the name, none before it)."""
        if s < 1:
            return s
        hit = self.lex.titles.match_ending_at(tokens, s)
        if not hit:
            return s
        k = s - hit[0]
        if not all(t.is_word and t.is_capitalised for t in tokens[k:s]):
            return s
        if k > 0 and tokens[k - 1].is_word and tokens[k - 1].is_capitalised:
            return s  # a longer run of capitals before: not this name's
        return k

    def _conjuncts_before(self, tokens, i) -> list[tuple[int, int]]:
        """The coordinated names before a plural noun at ``i`` ("Kursk and Belgorod regions",
        "Latakia, Tartus and Homs provinces"), two or more, else none."""
        names = []
        k = i
        while True:
            s = self._region_name_back(tokens, k)
            if s is None:
                break
            names.append((s, k))
            if s >= 2 and (tokens[s - 1].folded in self.lex.conjunctions or tokens[s - 1].text == ",") and not (tokens[s - 1].text == "," and len(names) == 1):
                k = s - 1
                continue
            break
        return self._elided(tokens, names[::-1]) if len(names) >= 2 else []

    def _elided(self, tokens, names) -> list[tuple[int, int, str]]:
        """Each conjunct with the name it stands for: a lone compass word before a name that
        opens with one shares the rest of it ("East and West Gojjam zones": East Gojjam)."""
        ls, le = names[-1]
        rest = self._surface(tokens, ls + 1, le) if le - ls > 1 and tokens[ls].folded in self.lex.direction_words else None
        out = []
        for s, e in names:
            if e - s == 1 and tokens[s].folded in self.lex.direction_words:
                if rest is None:
                    return []  # "North and South regions": no name to share
                out.append((s, e, f"{tokens[s].text} {rest}"))
            else:
                out.append((s, e, self._surface(tokens, s, e)))
        return out

    def _conjuncts_after(self, tokens, end) -> list[tuple[int, int]]:
        """The names coordinated with a region noun's name that ends at ``end`` ("wilayah Kursk
        dan Belgorod", "provinsi Latakia, Tartus dan Homs"): a list closed by a conjunction whose
        last name no verb follows (the next clause's subject), else none."""
        items, k = [], end
        while k + 1 < len(tokens) and (tokens[k].folded in self.lex.conjunctions or tokens[k].text == ","):
            e = self._place_run(tokens, k + 1, set(), prefixed=True)
            if e == k + 1:
                break
            items.append((k + 1, e, tokens[k].text != ","))
            if tokens[k].text != ",":
                break
            k = e
        if not items or not items[-1][2] or (items[-1][1] < len(tokens) and self.lex.verb_at(tokens, items[-1][1]) is not None):
            return []
        return [(s, e) for s, e, _ in items]

    def _region_candidate(self, tokens, start, end, s, e, template, known) -> Candidate | None:
        lex = self.lex
        if e - s == 1 and not self._particle_ends_name(tokens[s]) and (self._common_word(tokens[s]) or tokens[s].folded in lex.common_nouns):
            return None  # "the region of Europe"? no: "State of Emergency", "Home district"
        cand = self._region_reading(tokens, start, end, s, e, template, known)
        if cand is not None and template.get("shared", False):
            cand.priority = 5  # the region, over the gazetteer's town of the same name
        return cand

    def _region_reading(self, tokens, start, end, s, e, template, known) -> Candidate | None:
        lex = self.lex
        phrase = template.get("phrase") or self._surface(tokens, start, end)
        whole = self._gazetteer_phrase(phrase)
        if whole is not None:
            return Candidate(start, end, whole.type, whole.label_en or whole.label_id, whole, priority=3, country=whole.country)
        inside = [c for c in known if c.start < e and s < c.end]
        if template.get("own", False):
            # "Ofer prison", "Jalan Salah al-Din": the building or street is a place of its own,
            # whatever the name inside it names elsewhere (not a country: "Israel Street"?)
            if any(c.type == "Country" for c in inside) and not (start < s and tokens[start].is_capitalised):
                return None  # but a capitalised head names the place: "Lapangan Palestina"
            label = template["label"].format(self._surface(tokens, s, e))
            return Candidate(start, end, "Location", label, priority=1, key=f"Location:{slug(label)}")
        name = next((c for c in inside if c.start == s and c.end == e and c.entry is not None), None)
        written = template.get("name") or self._surface(tokens, s, e)
        if any(c is not name and (c.type != "Location" or c.entry is not None) for c in inside) and not (
            not template.get("weak", False)
            and all(c.type == "Location" and c.entry is not None and c.entry.kind == "cities" and s < c.start for c in inside)
        ):
            # part of another known name; but a town's name inside a longer one before a region
            # noun is that region's ("South Gondar zone": not the town of Gondar)
            return None
        camp = template.get("camp", False)
        if not camp and not template.get("locality", False):
            region = self._region_by_core(tuple(t.folded for t in tokenize(written)), name.entry.country if name else None)
            if region is not None:
                return Candidate(start, end, region.type, region.label_en or region.label_id, region, priority=3, country=region.country)
        if name is not None:
            if name.type != "Location" or name.entry.kind != "cities":
                return None  # a known country, region or feature: the noun describes it
            if template.get("weak", False):
                return None  # "Poonch district", "wilayah Bakhmut": the town and its area
        label = template["label"].format(written)
        country = name.entry.country if name is not None else None
        if name is None and template.get("bare", False):
            # "Kabupaten Zorba" and a bare "Zorba" elsewhere are one place (the bare name's key)
            return Candidate(start, end, "Location", label, priority=1, key=f"Location:{slug(self._surface(tokens, s, e))}")
        return Candidate(start, end, "Location", label, priority=1, country=country, key=f"Location:{slug(label)}")

    def _sole_entry(self, tokens, start: int = 0, end: int | None = None) -> Entry | None:
        """The one gazetteer entry whose name is exactly ``tokens[start:end]`` (to the last token by
        default); None when no name is, or when several entries share it."""
        hit = self.gaz.match_at(tokens, start)
        if hit and hit[0] == (len(tokens) if end is None else end) - start and len({e.key for e in hit[1]}) == 1:
            return hit[1][0]
        return None

    def _gazetteer_phrase(self, phrase: str) -> Entry | None:
        """The one gazetteer place a phrase names, its first letter written as a capital
        ("kegubernuran Tulkarm" is "Kegubernuran Tulkarm")."""
        e = self._sole_entry(tokenize(phrase[:1].upper() + phrase[1:]))
        return e if e is not None and e.type in PLACE_TYPES else None

    def _region_by_core(self, core: tuple[str, ...], country: str | None) -> Entry | None:
        """The gazetteer region whose name is ``core`` with a region noun: "Tulkarm" ->
        Tulkarm Governorate (named "Kegubernuran Tulkarm"). Of several, the one in ``country``."""
        hits = _regions_by_core(self.gaz).get(core, [])
        if country is not None and len(hits) > 1:
            hits = [h for h in hits if h.country == country]
        return hits[0] if len(hits) == 1 else None

    def _common_word(self, token) -> bool:
        """A capitalised word that is a common noun: one the lexicon lists, or one the same
        article also writes in lower case."""
        if token.folded in self.lex.common_nouns or token.folded in self.lex.platforms:
            return True  # "at Home", "on Telegram"
        if self._lowercase_words is None:
            self._lowercase_words = {fold(w) for w in re.findall(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*", self.text) if w[:1].islower()}
        return token.folded in self._lowercase_words

    def _governments(self, tokens, known) -> list[Candidate]:
        """"Pemerintah Rwanda", "the Rwandan government": the country, as an actor."""
        out = []
        countries = {c.start: c for c in known if c.type == "Country" and c.entry}
        for i in self.lex.government_nouns.starts(tokens):
            noun = self.lex.government_nouns.match_at(tokens, i)
            if not noun:
                continue
            k = i + noun[0]
            while k < len(tokens) and k - i - noun[0] < 2 and tokens[k].folded in self.lex.government_modifiers:
                k += 1  # "pemerintah federal Somalia"
            c = countries.get(k)  # head first: "Pemerintah Rwanda"
            if c is not None:
                out.append(Candidate(i, c.end, "Country", c.label, c.entry, priority=3, country=c.country))
                continue
            back = i
            while back > 0 and i - back < 2 and tokens[back - 1].folded in self.lex.government_modifiers:
                back -= 1  # "Ethiopia's federal government"
            if back >= 2 and tokens[back - 1].text in ("'s", "’s") and (c := next((x for x in known if x.type == "Country" and x.entry and x.end == back - 1), None)):
                out.append(Candidate(c.start, i + noun[0], "Country", c.label, c.entry, priority=3, country=c.country))
                continue
            demonym = next((d for d in range(max(0, i - 3), i) if self.gaz.demonym_at(tokens, d)), None)
            if demonym is not None and not self.lex.heads_first:  # "the Rwandan government"
                entry = self.gaz.country(self.gaz.demonym_at(tokens, demonym)[1])
                if entry is not None:
                    out.append(Candidate(demonym, i + noun[0], "Country", entry.label_en, entry, priority=3, country=entry.country))
        return out

    def _demonym_countries(self, tokens, known) -> list[Candidate]:
        """A demonym used as an adjective names its country: "French officials", "a Kenyan
        police officer", "U.S. strikes". Inside a longer name it is left to that name ("Indian
        Ocean", "Turkish Airlines"), and a longer candidate over it wins anyway ("Sudanese army")."""
        out = []
        for i in self.gaz.demonym_starts(tokens):
            hit = self.gaz.demonym_at(tokens, i)
            if not hit:
                continue
            n, iso = hit
            after = tokens[i + n] if i + n < len(tokens) else None
            if after is not None and after.is_word and after.is_capitalised and not self.lex.troop_nouns.match_at(tokens, i + n) and not self._title_after(tokens, i + n):
                continue  # part of a name (but "Malaysian Prime Minister X": a post of the country)
            entry = self.gaz.country(iso)
            if entry is not None:
                out.append(Candidate(i, i + n, "Country", entry.label_en, entry, priority=0, country=iso, modifier=True))
        return out

    def _title_after(self, tokens, j) -> bool:
        """A title at ``j``, or after one capitalised portfolio word: "Prime Minister",
        "President", "Education Minister"."""
        if self.lex.titles.match_at(tokens, j):
            return True
        return j + 1 < len(tokens) and tokens[j].is_capitalised and tokens[j + 1].is_capitalised and bool(self.lex.titles.match_at(tokens, j + 1)) and tokens[j].folded not in self.lex.titles.first_words

    def _geographic(self, tokens, known) -> list[Candidate]:
        """"Black Sea", "Gulf of Aden", "Laut Hitam", "Sungai Litani", "Engels-2 air base"."""
        out = []
        taken = {k for c in known for k in range(c.start, c.end)}
        for i in self.lex.place_heads.starts(tokens):
            head = self.lex.place_heads.match_at(tokens, i)
            if not head:
                continue
            after = i + head[0]
            linked = after < len(tokens) and tokens[after].folded in self.lex.title_links  # "Gulf of Aden"
            opening = tokens[i].is_capitalised and tokens[i].folded in self.lex.heads_before  # "Lake Zorbu"
            if self.lex.heads_first or (linked and tokens[i].is_capitalised) or opening:
                j = after + 1 if linked else after
                end = self._place_run(tokens, j, set())
                if end > j and tokens[i].folded in self.lex.descriptive_heads and not tokens[i].is_capitalised and any(c.start == j and c.end == end and c.type in PLACE_TYPES and c.entry for c in known):
                    continue  # "pelabuhan Hodeidah", "laut Nigeria": the known place, described
                if end > j:
                    out.append(Candidate(i, end, "Location", self._surface(tokens, i, end), priority=1))
                    continue
            start = i  # head last: "Black Sea", "Engels-2 air base"
            while start > 0 and tokens[start - 1].is_word and tokens[start - 1].is_capitalised and not self._function_word(tokens, start - 1):
                start -= 1
            described = any(
                c.start == start and c.end == i and c.type in PLACE_TYPES and c.entry and not c.chars
                and (tokens[i].folded in self.lex.descriptive_heads or c.entry.kind == "features")
                for c in known
            )  # "Artibonite valley"; a sea's port, a river's bank: "the Red Sea port of Assab"
            if start < i and (start - 1) not in taken and not described:
                # ("Marte base", "Artibonite valley": the known place itself, not a new one)
                out.append(Candidate(start, after, "Location", self._surface(tokens, start, after), priority=1))
        return out

    def _coordinated_places(self, tokens, known) -> list[Candidate]:
        """Unknown names coordinated with a known town or region are places of the same kind:
        "towards Zorbu, Mbala and Kesse", "di Goma, Mbesa dan Kibo", "Mbala and Zorbu, two front-line
        towns". A list needs a conjunction before its last item; every item is a known place (not a
        country: "Israel and X" may be a party) or a capitalised name nothing else claims. A list
        that opens a clause after a comma ("In Goma, X and Y said"), or is followed by a verb (its
        items may be speakers) when no preposition puts it in a place, is left alone."""
        lex = self.lex
        places = {c.start: c for c in known if c.type == "Location" and not c.modifier}
        taken = {k for c in known for k in range(c.start, c.end)}
        out = []
        i = 0
        while i < len(tokens):
            items, j, joined = [], i, False  # items: (start, end, known place or None)
            while j < len(tokens):
                c = places.get(j)
                if c is not None:
                    end, item = max(x.end for x in known if x.start == j and x.type == "Location"), c
                elif j in taken or not tokens[j].is_capitalised or (j == 0 or not tokens[j - 1].is_word) and not items:
                    break
                else:
                    end, item = self._place_run(tokens, j, taken), None
                    if end < len(tokens) and tokens[end].is_word and tokens[end].is_capitalised:
                        break  # the name goes on into a known one: "Mount Lebanon"
                    if end == j or (end == j + 1 and (self._common_word(tokens[j]) or self._person_by_given_name(tokens[j]))):
                        break
                items.append((j, end, item))
                if joined or end >= len(tokens):
                    j = end
                    break
                sep = tokens[end].folded
                if sep in lex.conjunctions or sep in lex.place_conjunctions:
                    joined, j = True, end + 1
                elif sep == "," and end + 1 < len(tokens) and tokens[end + 1].folded in lex.conjunctions:
                    joined, j = True, end + 2  # the serial comma: "Zorbu, Mbala, and Kesse"
                elif sep == ",":
                    j = end + 1
                else:
                    j = end
                    break
            if len(items) >= 2 and joined and self._place_list_ok(tokens, items, j):
                for s, e, item in items:
                    if item is None:
                        out.append(Candidate(s, e, "Location", self._surface(tokens, s, e), priority=0))
            i = max(i + 1, items[-1][1] if joined and items else i + 1)
        return out

    def _apposed_places(self, tokens, known) -> list[Candidate]:
        """Names set off by a comma and described by a place noun are places: "Zorbu, the last
        village held by ...", "Zorbu, Mbala and Kesse, localities straddling ...", "Zorbu dan
        Mbala, dua permukiman kecil". Only a few determiners and adjectives may stand between the
        comma and the noun, and the noun may not go on into a person's noun ("a village elder")."""
        lex = self.lex
        if not lex.apposed_place_nouns:
            return []
        taken = {k for c in known for k in range(c.start, c.end)}
        places = {c.start: c for c in known if c.type == "Location" and not c.modifier}
        out = []
        for k, tok in enumerate(tokens):
            if tok.text != "," or k == 0:
                continue
            j = k + 1
            while j < len(tokens) and j - k <= 4 and tokens[j].folded in lex.apposed_place_words and not tokens[j].is_capitalised:
                j += 1
            if j >= len(tokens) or tokens[j].folded not in lex.apposed_place_nouns or tokens[j].is_capitalised:
                continue
            if j + 1 < len(tokens) and (tokens[j + 1].folded in lex.apposed_place_blockers or tokens[j + 1].text in ("'s", "’s")):
                continue  # "a village elder", "the town's mayor"
            items = self._names_before(tokens, k, taken, places)
            for s, e in items:
                if s not in places:
                    out.append(Candidate(s, e, "Location", self._surface(tokens, s, e), priority=2))
        return out

    def _names_before(self, tokens, k, taken, places) -> list[tuple[int, int]]:
        """The list of names that ends right before ``k``: "Zorbu", "Zorbu and Mbala", "Zorbu,
        Mbala and Kesse" (each a known place or an unclaimed capitalised name, none a person's
        given name); [] when no list ends there."""
        items: list[tuple[int, int]] = []
        e = k
        while e > 0:
            c = next((c for c in places.values() if c.end == e), None)
            if c is not None:
                s = c.start
            else:
                s = e
                while s > 0 and e - s < 3 and (s - 1) not in taken and tokens[s - 1].is_word and tokens[s - 1].is_capitalised and not tokens[s - 1].is_upper and not self._not_a_name(tokens, s - 1):
                    s -= 1
                if s == e or self._person_by_given_name(tokens[s]) or (e == s + 1 and self._common_word(tokens[s])):
                    return []
            items.append((s, e))
            if s >= 2 and (tokens[s - 1].folded in self.lex.conjunctions or tokens[s - 1].folded in self.lex.place_conjunctions or tokens[s - 1].text == ","):
                if tokens[s - 2].text == "," and tokens[s - 1].text != ",":
                    e = s - 2  # the serial comma
                else:
                    e = s - 1
                if e > 0 and tokens[e - 1].is_word and tokens[e - 1].is_capitalised:
                    continue
            break
        return items

    def _place_list_ok(self, tokens, items, after) -> bool:
        lex = self.lex
        if all(item is not None for _, _, item in items):
            return False
        if not any(item is not None for _, _, item in items) and not self._moved_to(tokens, items):
            return False
        if items[-1][2] is None and items[-1][1] != after:
            return False  # the last name did not end the list ("... and Zorbu Kesse's")
        first = items[0][0]
        if tokens[items[0][1]].text == "," and (first <= 1 or tokens[first - 1].folded in lex.place_prepositions and first - 1 <= 1):
            return False  # "In Goma, Mbala and Zorbu said ...": the names after the comma are the clause's
        k = first - 1
        while k > 0 and tokens[k].folded in lex.place_adjectives and not tokens[k].is_capitalised:
            k -= 1  # "in rural Zorbu and Mbala"
        placed = first > 0 and (self._place_preposition(tokens, k) or lex.place_nouns.match_ending_at(tokens, first) or self._route_ends(tokens, items))
        if not placed and after < len(tokens) and (lex.looks_like_verb(tokens[after]) or lex.verb_at(tokens, after) is not None):
            return False  # "Goma and Mbala said ...": perhaps speakers
        return True

    def _moved_to(self, tokens, items) -> bool:
        """A list of unknown names right after a verb of movement: "fled Zorbu, Mbala and Kesse",
        "reached Mbala and Kesse", "meninggalkan Zorbu dan Mbala", or the two ends of a road ("the
        highway between Zorbu and Mbala"). No item may open with a
        given name or be a common noun."""
        first = items[0][0]
        if self._route_ends(tokens, items):
            pass  # the ends of a road: "the road between Zorbu and Mbala", "jalan antara Zorbu dan Mbala"
        elif first == 0 or tokens[first - 1].folded not in self.lex.motion_verbs or tokens[first - 1].is_capitalised:
            return False
        return not any(self._person_by_given_name(tokens[s]) or (e == s + 1 and self._common_word(tokens[s])) for s, e, _ in items)

    def _route_ends(self, tokens, items) -> bool:
        """The two names are the ends of a road: "the road between Zorbu and Mbala", "a corridor
        linking Zorbu and Mbala", "jalan antara Zorbu dan Mbala"."""
        first = items[0][0]
        return len(items) == 2 and first >= 2 and tokens[first - 1].folded in self.lex.between_words and tokens[first - 2].folded in self.lex.route_nouns

    def _place_run(self, tokens, j, taken, prefixed=False) -> int:
        """End of the capitalised place name (up to three words) at ``j``; ``prefixed``: after a
        place noun the name may open with a fused article ("Jalan al-Rashid")."""
        end = j
        while end < len(tokens) and end - j < 3 and end not in taken:
            tok = tokens[end]
            if (end > j or prefixed) and tok.is_word and not tok.is_capitalised and self._particle_ends_name(tok):
                end += 1  # an article fused to the name's last word ends it: "Maroun al-Ras"
                if end - 1 == j and prefixed:
                    continue  # "Jalan al-Rashid", "Jalan al-Quds Baru"
                break
            if not (tok.is_word and tok.is_capitalised) or tok.is_upper or self._not_a_name(tokens, end) or self.gaz.demonym_at(tokens, end):
                break
            if self.lex.titles.match_at(tokens, end) or self.lex.organization_heads.match_at(tokens, end) or self.lex.unit_heads.match_at(tokens, end):
                return j
            end += 1
        if end < len(tokens) and tokens[end].text in ("'s", "’s"):
            return j  # "in Putin's speech"
        return end

    def _dateline(self, tokens: list[Token], index: int) -> list[Candidate]:
        """The place of a dateline opening a paragraph ("KYIV -", "KHARTOUM, Sudan (AP) —",
        "Jakarta (ANTARA) -"; below a headline or a sub-head too): the gazetteer's place of that
        name, else an unknown place named in capitals. A capitalised name alone before a dash
        ("Jakarta – ...") is one only when it is a known place (the gazetteer proposes it)."""
        sentence = self.sentences[index] if index < len(self.sentences) else None
        if sentence is None or not tokens or (index > 0 and self.sentences[index - 1].paragraph == sentence.paragraph):
            return []
        m = dateline(self.text[sentence.start :])
        if not m:
            return []
        place_end = sentence.start + m.end("place")
        words = [k for k, t in enumerate(tokens) if t.end <= place_end and t.is_word]
        if not words or words[-1] + 1 >= len(tokens):
            return []
        start, end = words[0], words[-1] + 1
        if any(tokens[k].folded in self.lex.kicker_words for k in words):
            return []  # "BREAKING -", "FOTO -": a kicker, no place
        hit = self.gaz.match_at(tokens, start)
        if hit and hit[0] == end - start:
            places = [e for e in hit[1] if e.type in PLACE_TYPES]
            if len(places) == 1:
                return [Candidate(start, end, places[0].type, places[0].label_en, places[0], priority=5)]
            if places or hit[1]:
                return []  # a known name of another kind, or several places: left to the gazetteer
        label = " ".join(tokens[k].text.title() for k in range(start, end))
        label = "-".join(w[:1].upper() + w[1:] for w in label.split("-"))
        return [Candidate(start, end, "Location", label, priority=5)]

    def _gazetteer(self, tokens: list[Token]) -> list[Candidate]:
        out = self._hyphenated(tokens)
        for i in self.gaz.starts(tokens):
            if not tokens[i].is_word:
                continue
            hit = self.gaz.match_at(tokens, i)
            if not hit:
                continue
            n, entries = hit
            if n == 1 and all(e.type == "Person" for e in entries) and self._other_first_name(tokens, i, entries):
                continue
            if i > 0 and tokens[i - 1].folded in self.lex.language_before and all(e.type == "Country" for e in entries):
                # "berbahasa Inggris": the language, no entity; the span is held so no rule makes
                # a name of it
                out.append(Candidate(i, i + n, LANGUAGE, self._surface(tokens, i, i + n), priority=9))
                continue
            keys = {e.key for e in entries}
            if len(keys) > 1:
                place = self._place_by_context(entries)
                if place is not None:
                    entries, keys = [place], {place.key}
            if n == 1 and ACRONYM.fullmatch(tokens[i].text) and self._foreign_acronym(tokens[i], entries):
                continue
            if len(keys) == 1:
                e = entries[0]
                out.append(Candidate(i, i + n, e.type, e.label_en or e.label_id, e, priority=4, country=e.country))
                if n > 1 and e.type in ("Organization", "MilitaryUnit"):
                    out += self._country_opening(tokens, i, n)
            elif len({e.type for e in entries}) == 1:
                # Equally good candidates: keep the type, link none.
                out.append(Candidate(i, i + n, entries[0].type, self._surface(tokens, i, i + n), priority=3))
        return out

    def _foreign_acronym(self, token, entries) -> bool:
        """An acronym alone that the article defined for a body of its own ("Syrian National Army
        (SNA)" before "the SNA"), or that names a country's armed forces when the article names
        neither that country nor its people ("SNA" in an article about Syria is no Somali army):
        then it is no mention of the gazetteer's body."""
        defined = self.short_forms.get((token.folded,))
        if defined is not None and defined not in {e.key for e in entries}:
            return True
        units = [e for e in entries if e.type == "MilitaryUnit" and e.country]
        return len(units) == len(entries) and not any(e.country in self._countries_in_article() for e in units)

    def _countries_in_article(self) -> frozenset[str]:
        """The ISO codes of the countries the article names: by name, by their people's name or
        by a place of theirs the gazetteer knows (one of that name only)."""
        if self._article_countries is None:
            words = [t for t in tokenize(self.text) if t.is_word]
            codes = set(self._countries_named())
            for i in self.gaz.demonym_starts(words):
                hit = self.gaz.demonym_at(words, i)
                if hit:
                    codes.add(hit[1])
            for i in self.gaz.starts(words):  # "Papua", "Kharkiv": a place of the country
                hit = self.gaz.match_at(words, i)
                if hit and len({e.country for e in hit[1]}) == 1:
                    codes |= {e.country for e in hit[1] if e.type in PLACE_TYPES and e.country}
            self._article_countries = frozenset(codes)
        return self._article_countries

    def _country_opening(self, tokens, i, n) -> list[Candidate]:
        """A country's name that opens a known body's name is a nested mention of the country:
        "United Kingdom" in "United Kingdom Maritime Trade Operations", "U.S." in "U.S. Defense
        Department" (the gazetteer gives only the longest name at a position)."""
        for m in range(n - 1, 0, -1):
            hit = self.gaz.match_at(tokens[i : i + m], 0)
            if hit and hit[0] == m:
                countries = {e.key: e for e in hit[1] if e.type == "Country"}
                if len(countries) == 1 and len({e.key for e in hit[1]}) == 1:
                    e = next(iter(countries.values()))
                    return [Candidate(i, i + m, e.type, e.label_en or e.label_id, e, priority=4, country=e.country, modifier=True)]
                return []
        return []

    def _place_by_context(self, entries) -> Entry | None:
        """Of places of different countries that share a name ("Tripoli": Libya, Lebanon), the one
        whose country the article names, when exactly one is; else the one that is a national
        capital, when exactly one is; else none."""
        if not all(e.type in PLACE_TYPES and e.type != "Country" and e.country for e in entries):
            return None
        if len({e.country for e in entries}) != len(entries):
            return None
        named = self._countries_named()
        hits = [e for e in entries if e.country in named]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            capitals = [e for e in entries if e.wikidata in self.gaz.capitals]
            if len(capitals) == 1:
                return capitals[0]
        return None

    def _countries_named(self) -> frozenset[str]:
        """The ISO codes of the countries the article names (by a country's own name), found once."""
        if self._named_countries is None:
            words = [t for t in tokenize(self.text) if t.is_word]
            codes = set()
            for i in self.gaz.starts(words):
                hit = self.gaz.match_at(words, i)
                if hit:
                    codes |= {e.country for e in hit[1] if e.type == "Country" and e.country}
            self._named_countries = frozenset(codes)
        return self._named_countries

    def _capitals_as_governments(self, tokens, found: list[Candidate]) -> list[Candidate]:
        """A capital that stands for its government is the country: "Kigali denied ...",
        "dibantah Islamabad", "ties with Kigali", "Neither Moscow nor Pyongyang has ...",
        "Yerevan: ..." (a headline). In a place phrase it stays the city ("in Kigali", "kota
        Bamako", "Khartoum state"); where the context says neither, it stays the city too."""
        capitals = [c for c in found if c.entry is not None and c.chars is None and c.entry.wikidata in self.gaz.capitals]
        if not capitals:
            return found
        verdict = {id(c): self._capital_reading(tokens, c) for c in capitals}
        # Coordinated capitals share a reading: "Neither Moscow nor Pyongyang has confirmed".
        ordered = sorted(capitals, key=lambda c: c.start)
        for _ in range(2):
            for a, b in zip(ordered, ordered[1:]):
                between = tokens[a.end : b.start]
                if len(between) == 1 and between[0].folded in self.lex.conjunctions | {","}:
                    if verdict[id(a)] is None:
                        verdict[id(a)] = verdict[id(b)]
                    if verdict[id(b)] is None:
                        verdict[id(b)] = verdict[id(a)]
        out = []
        for c in found:
            if verdict.get(id(c)) == "country":
                country = self.gaz.country(self.gaz.capitals[c.entry.wikidata])
                if country is not None:
                    out.append(Candidate(c.start, c.end, "Country", country.label_en, country, priority=c.priority, country=country.country))
                    continue
            out.append(c)
        return out

    def _capital_reading(self, tokens, c) -> str | None:
        """"city", "country" or None (undecided) for a capital's mention."""
        before = tokens[c.start - 1] if c.start > 0 else None
        after = tokens[c.end] if c.end < len(tokens) else None
        lex = self.lex
        if before is not None and (before.folded in lex.subject_openers or lex.relation_phrases.match_ending_at(tokens, c.start)):
            return "country"  # "Neither Moscow nor Kyiv ...", "Baik Moskow maupun ...", "according to Yerevan"
        if after is not None and lex.headline_verbs.get(after.folded) is not None and after.is_word:
            return "country"  # a headline's bare verb: "Moskow Klaim ...", "Kinshasa Akui ..."
        if before is not None and (
            before.folded in lex.place_prepositions
            or before.folded in lex.city_before
            or lex.place_nouns.match_ending_at(tokens, c.start)
        ):
            return "city"
        if after is not None and (
            after.folded in lex.city_after
            or after.folded in lex.designations
            or lex.place_heads.match_at(tokens, c.end)
        ):
            return "city"
        if after is not None and after.text == ":" and (before is None or not before.is_word):
            return "country"  # "Yerevan: 23 Armenians still held" (a headline's speaker)
        if after is not None and after.text == "," and c.end + 1 < len(tokens) and tokens[c.end + 1].folded in lex.relative_pronouns:
            return "country"  # "Washington, which imposed sanctions"
        k = c.end
        while k < len(tokens) and tokens[k].is_word and not tokens[k].is_capitalised and tokens[k].folded in lex.predicate_words:
            k += 1
        if k > c.end or (after is not None and (lex.looks_like_verb(after) or lex.verb_at(tokens, c.end) or after.folded in lex.subject_verbs)):
            return "country"  # "Kigali has deployed", "Kinshasa said", "Islamabad denied", "Kairo menyatakan", "Pretoria put"
        if self._verb_after_interposed(tokens, c.end) or self._verb_after_apposition(tokens, c.end):
            return "country"  # "Moscow on Monday denied", "Kampala, a close ally of Juba, said"
        if (
            before is not None and before.is_word and not before.is_capitalised and after is not None and after.folded in lex.control_markers
            and c.end + 1 < len(tokens) and tokens[c.end + 1].is_word and not tokens[c.end + 1].is_capitalised
            and tokens[c.end + 1].folded not in lex.stopwords
        ):
            return "country"  # "press Abuja to deploy more troops", "mendesak Abuja agar mengirim"
        if before is not None and (before.folded in lex.relation_words or lex.looks_like_verb(before) or lex.verbs.match_ending_at(tokens, c.start)):
            return "country"  # "ties with Kigali", "asked Islamabad", "dibantah Islamabad", "according to Yerevan"
        return None

    def _verb_after_interposed(self, tokens, k) -> bool:
        """A verb after a time or manner phrase right after a capital: "on Monday denied", "pekan
        lalu meminta", "lebih dulu mengakui", "pada Senin (3/3) menyatakan"."""
        lex = self.lex
        start, words = k, 0
        while k < len(tokens) and k - start < 7:
            tok = tokens[k]
            if tok.is_word and tok.folded in lex.interposed and (not tok.is_capitalised or tok.folded in lex.weekdays):
                words += 1
            elif not (tok.text in "()/" or tok.text.isdigit()):
                break
            k += 1
        return words > 0 and k < len(tokens) and self._acting_verb(tokens, k)

    def _acting_verb(self, tokens, k) -> bool:
        """A finite verb at ``k`` of which a capital before it is the subject."""
        lex = self.lex
        tok = tokens[k]
        return lex.looks_like_verb(tok) or lex.verb_at(tokens, k) is not None or (tok.is_word and not tok.is_capitalised and tok.folded in lex.subject_verbs)

    def _verb_after_apposition(self, tokens, k) -> bool:
        """A verb after an apposition set off by commas right after a capital: "Kampala, a close
        ally of Juba, said", "Bamako, now grouped in an alliance, announced". An apposition that
        names the city as a place ("the capital", "where ...") does not count."""
        lex = self.lex
        if k >= len(tokens) or tokens[k].text != ",":
            return False
        end = next((j for j in range(k + 2, min(k + 12, len(tokens))) if tokens[j].text == ","), None)
        if end is None or end + 1 >= len(tokens):
            return False
        inner = tokens[k + 1 : end]
        if inner[0].folded in lex.place_relatives or inner[0].folded in lex.relative_pronouns or inner[0].folded in lex.conjunctions:
            return False
        if any(t.folded in lex.city_after or t.folded in lex.designations or t.text in QUOTES_CLOSE for t in inner):
            return False
        if any(lex.place_nouns.match_at(inner, j) or lex.city_cues_before.match_at(inner, j) or lex.city_cues_after.match_at(inner, j) for j in range(len(inner))):
            return False
        return self._acting_verb(tokens, end + 1)

    def _hyphenated(self, tokens: list[Token]) -> list[Candidate]:
        """A known name fused to a suffix or another name: "Barbados-flagged", "Russia-Ukraine",
        "Cook Islands-flagged" (the name's first words before the fused token); a demonym fused
        to a participle names its country: "Liberian-flagged", "Turkish-made", "Iranian-backed";
        a capital fused to a participle of rule or backing is its government ("Moscow-installed",
        "Tehran-backed"; "Moscow-based" stays the city)."""
        out = []
        for i, tok in enumerate(tokens):
            if "-" not in tok.text:
                continue
            if self.lex.affiliation_participles:
                c = self._affiliated_body(tokens, i)
                if c is not None:
                    out.append(c)
                    continue
            if not tok.is_capitalised:
                continue
            offset = tok.start
            parts = tok.text.split("-")
            ends = self._road_ends(tokens, i, parts)
            for k, part in enumerate(parts):
                sub = tokenize(part, offset)
                e = self._hyphen_place(sub)
                if e is None and ends:
                    # "the Stepanakert-Askeran highway", "jalan Goma-Sake": the road's ends are places
                    out.append(Candidate(i, i + 1, "Location", part, priority=1, chars=(offset, offset + len(part))))
                    offset += len(part) + 1
                    continue
                if e is not None and e.wikidata in self.gaz.capitals and k + 1 < len(parts) and fold(parts[k + 1]) in self.lex.government_participles:
                    e = self.gaz.country(self.gaz.capitals[e.wikidata]) or e  # "Moscow-installed": the government
                if e is not None:
                    out.append(Candidate(i, i + 1, e.type, e.label_en, e, priority=1, country=e.country, chars=(offset, offset + len(part))))
                elif k == 0 and sub:
                    c = self._hyphen_name_before(tokens, i, sub)
                    if c is not None:
                        out.append(c)
                offset += len(part) + 1
        return out

    def _road_ends(self, tokens, i, parts) -> bool:
        """A hyphenated pair of names beside a road noun names the road's two ends: "the
        Stepanakert-Askeran highway", "jalan Goma-Sake" (``[places]`` ``route_nouns``)."""
        if len(parts) != 2 or not all(p[:1].isupper() and p[1:2].islower() for p in parts):
            return False
        for p in parts:
            sub = tokenize(p)
            hit = self.gaz.match_at(sub, 0)
            if hit and hit[0] == len(sub) and any(e.type not in PLACE_TYPES for e in hit[1]) or self.gaz.demonym_at(sub, 0):
                return False  # "a Hamas-Israel road map", "Russian-Ukrainian": no road's ends
        routes = self.lex.route_nouns
        after = [t.folded for t in tokens[i + 1 : i + 3] if t.is_word]
        before = [t.folded for t in tokens[max(0, i - 2) : i] if t.is_word]
        return bool(
            after and (after[0] in routes or " ".join(after[:2]) in routes)
            or before and (before[-1] in routes and not tokens[i - 1].is_capitalised or " ".join(before[-2:]) in routes)
        )

    def _affiliated_body(self, tokens, i) -> Candidate | None:
        """A known body's name fused to a participle of affiliation: "the al-Qaeda-linked group",
        "Islamic State-linked insurgents" (its first words may be the words before the fused
        token). Organisations and units only: a place so fused is read as above."""
        tok = tokens[i]
        head, _, tail = tok.text.rpartition("-")
        if not head or fold(tail) not in self.lex.affiliation_participles:
            return None
        sub = tokenize(head, tok.start)
        if not sub:
            return None
        for back in (2, 1, 0):
            s = i - back
            if s < 0 or not all(t.is_word for t in tokens[s:i]):
                continue
            words = tokens[s:i] + sub
            if not any(c.isupper() for t in words for c in t.text):
                continue  # "the well-linked ...": a common word
            e = self._sole_entry(words)
            if e is None:
                continue
            if e.type not in ("Organization", "MilitaryUnit"):
                return None
            # a modifier only: "the al Qaeda-linked group" is another body, named before it
            return Candidate(s, i + 1, e.type, e.label_en, e, priority=1, country=e.country, chars=(words[0].start, sub[-1].end), modifier=True)
        return None

    def _hyphen_place(self, sub: list[Token]) -> Entry | None:
        """The one place a part of a hyphenated word names: by a name, or by a demonym."""
        if not sub:
            return None
        e = self._sole_entry(sub)
        if e is not None and e.type in PLACE_TYPES:
            return e
        demonym = self.gaz.demonym_at(sub, 0)
        if demonym and demonym[0] == len(sub):
            return self.gaz.country(demonym[1])
        return None

    def _hyphen_name_before(self, tokens, i, sub) -> Candidate | None:
        """A place name whose last word is fused to a suffix: "Cook Islands-flagged" (its first
        words are the capitalised words before the fused token)."""
        for back in (1, 2):
            s = i - back
            if s < 0 or not all(t.is_word and t.is_capitalised for t in tokens[s:i]):
                return None
            e = self._sole_entry(tokens[s:i] + sub)
            if e is not None and e.type in PLACE_TYPES:
                if s > 0 and tokens[s - 1].is_word and tokens[s - 1].is_capitalised and not self._function_word(tokens, s - 1):
                    return None  # the name goes on further back: part of a longer name
                return Candidate(s, i + 1, e.type, e.label_en, e, priority=1, country=e.country, chars=(tokens[s].start, sub[-1].end))
        return None

    def _other_first_name(self, tokens, i, entries) -> bool:
        """A capitalised word before a surname-only match that is not the entry's first name."""
        if i == 0 or not tokens[i - 1].is_word or not tokens[i - 1].is_capitalised or self._not_a_name(tokens, i - 1):
            return False
        first = tokens[i - 1].folded
        return not any(fold(name).split()[0] == first for e in entries for name, _ in e.names() if len(name.split()) > 1)

    def _acronym_definitions(self, tokens: list[Token]) -> list[Candidate]:
        """"Long Name (ACR)" and "Name A atau Name B (ACR)": one entity, every form an alias."""
        out = []
        opening = [k for k in range(2, len(tokens) - 2) if tokens[k].text == "("]  # where "(ACR)" can open
        for k in opening:
            defined = self._parenthesised_definition(tokens, k)
            if defined is None:
                continue
            named_inside, first, inner = defined
            names = []
            end = k
            acronym = self._surface(tokens, first, inner)
            while True:
                start = self._org_name_back(tokens, end)
                if start is None:
                    break
                start = self._start_by_initials(tokens, start, end, acronym)
                start = self._past_leading_title(tokens, start, end, acronym)
                names.insert(0, (start, end))
                alt = self.lex.alternative.match_ending_at(tokens, start)
                if not alt:
                    break
                end = start - alt[0]
            names += named_inside
            if not names:
                continue
            forms = [self._surface(tokens, s, e) for s, e in names]
            known = self._known_entry(tokens, names, first, inner)
            if known is not None:
                for s, e in names + [(first, inner)]:
                    out.append(Candidate(s, e, known.type, known.label_en, known, priority=6, country=known.country))
                self.short_forms[tuple(t.folded for t in tokens[first:inner])] = known.key
                continue
            label = next((f for f in forms if _initials(f) == acronym), forms[-1])
            type_ = self._type_from_heads(tokens, names) or "Organization"
            group_key = f"{type_}:{slug(label)}"
            aliases = forms + [acronym]
            for s, e in names:
                out.append(Candidate(s, e, type_, label, priority=6, aliases=aliases, key=group_key))
            out.append(Candidate(first, inner, type_, label, priority=6, aliases=aliases, key=group_key))
            self.short_forms[tuple(t.folded for t in tokens[first:inner])] = group_key
        return out

    def _parenthesised_definition(self, tokens, k) -> tuple[list[tuple[int, int]], int, int] | None:
        """What the parentheses opening at ``k`` define: "(NRC)" an acronym; "(Arakan Army/AA)", the
        way Indonesian papers give a body's name in its own language with its acronym, a second
        name and the acronym. The names inside, then where the acronym starts and ends."""
        close = self._acronym_in_parentheses(tokens, k)
        if close is not None:
            return [], k + 1, close
        for slash in range(k + 2, min(k + 8, len(tokens) - 2)):
            if tokens[slash].text == "/":
                break
            if not (tokens[slash].is_word and (tokens[slash].is_capitalised or tokens[slash].folded in self.lex.organization_inner)):
                return None
        else:
            return None
        if not (tokens[k + 1].is_capitalised and tokens[slash - 1].is_capitalised):
            return None
        close = self._acronym_in_parentheses(tokens, slash, opener="/")
        return ([(k + 1, slash)], slash + 1, close) if close is not None else None

    def _start_by_initials(self, tokens, start, end, acronym) -> int:
        """Where the name an acronym defines starts: the run back from "(SAF)" may take in
        joining words before the name ("... North Kordofan state for the Sudanese Armed Forces
        (SAF)"); when the run's initials are not the acronym but a shorter run after a
        lower-case word's are, the name is that shorter run."""
        if _initials(self._surface(tokens, start, end)) == acronym:
            return start
        lower = False
        for s in range(start, end):
            if tokens[s].is_word and not tokens[s].is_capitalised:
                lower = True
            elif lower and tokens[s].is_capitalised and _initials(self._surface(tokens, s, end)) == acronym:
                return s
        return start

    def _known_entry(self, tokens, names, acronym_start, acronym_end) -> Entry | None:
        """The single gazetteer entry that one of the defined names (or the acronym) matches in
        full, or that ends one of them after joining words the run back took in ("Fighters of
        the National Liberation Army (ELN)": the name is trimmed to the entry's words)."""
        for s, e in names:
            entry = self._sole_entry(tokens, s, e)
            if entry is not None:
                return entry
        by_acronym = self._sole_entry(tokens, acronym_start, acronym_end)
        for n, (s, e) in enumerate(names):
            for t in range(s + 1, e - 1):
                if tokens[t - 1].is_word and not tokens[t - 1].is_capitalised and tokens[t].is_capitalised:
                    hit = self.gaz.match_at(tokens, t)
                    entry = hit[1][0] if hit and hit[0] == e - t and len({x.key for x in hit[1]}) == 1 else None
                    if entry is None and by_acronym is not None and _bare_names(by_acronym) & {fold(self._surface(tokens, t, e))}:
                        entry = by_acronym
                    if entry is not None and entry.type in ("Organization", "MilitaryUnit"):
                        names[n] = (t, e)
                        return entry
        return by_acronym

    def _acronym_in_parentheses(self, tokens, k, opener: str = "(") -> int | None:
        """End of "(NRC)" or "(Kemlu RI)" opening at ``k``: 1-3 capitalised words, one in capitals."""
        if tokens[k].text != opener:
            return None
        for n in (1, 2, 3):
            close = k + 1 + n
            if close < len(tokens) and tokens[close].text == ")":
                words = tokens[k + 1 : close]
                if all(t.is_word and t.is_capitalised for t in words) and any(ACRONYM.fullmatch(t.text) for t in words):
                    return close
                return None
        return None

    def _organisations(self, tokens: list[Token], known: list[Candidate]) -> list[Candidate]:
        """Names built on a head word: "Kementerian Pertahanan Korea Selatan", "kedutaan Korea
        Utara", "Ministry of Defence of Ukraine", "Russian Defence Ministry", "International
        Organization for Migration". A possessive is not part of the name ("South Korea's
        National Intelligence Service" names the service)."""
        out = []
        places = {c.start: c for c in known if c.type in PLACE_TYPES}
        people = {c.start for c in known if c.type == "Person"}
        in_titles = self._inside_titles(tokens)
        heads = sorted({*self.lex.unit_heads.starts(tokens), *self.lex.organization_heads.starts(tokens)})
        bodies = {(c.start, c.end) for c in known if c.type in ("Organization", "MilitaryUnit") and c.entry is not None}
        body_starts = frozenset(s for s, _ in bodies)
        for i in heads:
            if i in in_titles:
                continue
            for table, type_ in ((self.lex.unit_heads, "MilitaryUnit"), (self.lex.organization_heads, "Organization")):
                head = table.match_at(tokens, i)
                if not head:
                    continue
                after = i + head[0]
                end = self._extend_name(tokens, after, places, people, body_starts)
                back = not self.lex.heads_first and (tokens[i].is_capitalised or (type_ == "MilitaryUnit" and tokens[i].folded not in self.lex.named_heads_only))
                start = self._extend_back(tokens, i) if back else i  # heads-first names start at their head
                if type_ == "MilitaryUnit" and tokens[i].is_capitalised:
                    start = self._ordinal_back(tokens, start)  # "36th Division", "153 Task Force Battalion"
                named_after = end > after and any(t.is_capitalised or self._ordinal(t) for t in tokens[after:end])
                if end == after and self._unit_number(tokens, i, after, type_):
                    end, named_after = after + 1, True  # "Brigade 444", "Police Battalion 5": the unit's number
                # A capitalised head of two words is a name by itself: "(Ukraine's) General Staff".
                whole_name = head[0] >= 2 and all(t.is_capitalised for t in tokens[i:after])
                lone_acronym = end == after + 1 and tokens[after].is_upper
                if named_after and not tokens[i].is_capitalised and self._describes_place(tokens, after, end, places):
                    break  # "the centre of Bukavu", "pusat Bukavu", "pemerintah provinsi X": a place's, no name
                if named_after and not tokens[i].is_capitalised and self._title_after_head(tokens, after, end):
                    break  # "pemerintah Perdana Menteri Abiy Ahmed": a post and its holder, no body's name
                if named_after and not tokens[i].is_capitalised and (after, end) in bodies:
                    break  # "pasukan khusus Korps Badai": a lower-case head before a known body's name describes it
                if named_after and not tokens[i].is_capitalised and (not self.lex.heads_first or lone_acronym):
                    start = after  # "state news agency KCNA", "kelompok M23": the name is the organisation
                if named_after and self._post_word(tokens, i, after, end, places):
                    break  # "juru bicara pemerintah Jean Mbala": a word of the post, then the person
                if named_after or start < i or whole_name:
                    end = end if named_after else after
                    end = self._located(tokens, end, places)
                    possessor = self._possessor(tokens, start, places)
                    country = self._country_in(start, end, places) or self._demonym_country(tokens, start, end) or possessor
                    if possessor:  # "Russia's Defense Ministry" is how the text names it
                        start = next(c.start for c in places.values() if c.end == start - 1 and c.type == "Country")
                    entry = self._country_entry(tokens, start, end, type_, country, places)
                    label = entry.label_en if entry else self._surface(tokens, start, end)
                    out.append(Candidate(start, end, type_, label, entry, priority=2, country=country))
                    break
        return out

    def _numbered_units(self, tokens) -> list[Candidate]:
        """Units named by their number before a head word, written in lower case or shared by
        several numbers: "the 36th division", "the 98th and 36th divisions" (two units, each
        "<number> Division"), "the 33rd Front" (a capitalised head of a group's name after a
        number). The number makes the name; without it the head word is a common noun."""
        out: list[Candidate] = []
        lex = self.lex
        k = 0
        while k < len(tokens):
            numbers = []
            j = k
            while j + 1 < len(tokens) and tokens[j].text.isdigit() and len(tokens[j].text) <= 3 and tokens[j + 1].folded in lex.ordinal_suffixes:
                numbers.append(j)
                j += 2
                if j + 1 < len(tokens) and (tokens[j].text == "," or tokens[j].folded in lex.conjunctions) and tokens[j + 1].text.isdigit():
                    j += 1
                    continue
                break
            if not numbers:
                k += 1
                continue
            head = self._numbered_head(tokens, j)
            if head is None or (len(numbers) == 1 and tokens[j].is_capitalised and not head[2]):
                k = j  # a capitalised unit head after one number: _organisations names it
                continue
            end, word, _group = head
            for n, at in enumerate(numbers):
                label = f"{tokens[at].text}{tokens[at + 1].text} {word}"
                stop = end if n == len(numbers) - 1 else at + 2
                out.append(Candidate(at, stop, "MilitaryUnit", label, None, priority=2))
            k = end
        return out

    def _numbered_head(self, tokens, j) -> tuple[int, str, bool] | None:
        """The unit head word after a unit's number ("division", "divisions", "Front"): its end,
        the head as a name writes it ("Division"), and whether it is a group's head."""
        if j >= len(tokens) or not tokens[j].is_word:
            return None
        tok = tokens[j]
        head = self.lex.unit_heads.match_at(tokens, j)
        if head is None and tok.folded.endswith("s"):  # the plural of several units: "divisions"
            single = [Token(tok.text[:-1], tok.start, tok.end - 1)]
            head = self.lex.unit_heads.match_at(single, 0) if head is None else head
            if head is not None and head[0] == 1:
                return j + 1, tok.text[:-1].capitalize() if not tok.is_capitalised else tok.text[:-1], False
            head = None
        if head is not None:
            words = " ".join(t.text if t.is_capitalised else t.text.capitalize() for t in tokens[j : j + head[0]])
            return j + head[0], words, False
        if tok.is_capitalised and self.lex.group_name_heads.match_at(tokens, j):
            return j + 1, tok.text, True  # "the 33rd Front": a faction of a group, named by its number
        return None

    def _describes_place(self, tokens, after, end, places) -> bool:
        """Whether the words after a lower-case head only name a place other than a country
        (past joining words): "the centre of Bukavu", "pusat Bukavu", "rumah sakit Abu Salim",
        "pemerintah provinsi Cabo Delgado". The head describes something of the place; a country
        after a head makes its body ("kedutaan Korea Utara")."""
        k = after
        if self.lex.governing_heads.match_ending_at(tokens, after):
            region = self.lex.region_nouns_before.match_at(tokens, after)
            if not region:
                return False  # "otoritas Karabakh", "the authorities of X": the place's governing body
            if after not in places:
                k = after + region[0]  # "pemerintah provinsi Cabo Delgado": the province's, as a place
        while k < end and not tokens[k].is_capitalised and tokens[k].folded in self.lex.organization_inner:
            k += 1
        place = places.get(k)
        return place is not None and place.type != "Country" and place.end == end

    def _title_after_head(self, tokens, after, end) -> bool:
        """A title right after a lower-case head ("pemerintah Perdana Menteri X", "the government
        of President X"): the words name a post and its holder, not the body."""
        k = after
        while k < end and not tokens[k].is_capitalised and tokens[k].folded in self.lex.organization_inner:
            k += 1
        return k < end and self.lex.titles.match_at(tokens, k) is not None

    def _post_word(self, tokens, i, after, end, places) -> bool:
        """A lower-case head right after a title is a word of the post (the lexicon's
        ``title_modifiers``), not a body, when a personal name of two or more words with no place
        in it follows: "juru bicara pemerintah Jean Mbala"."""
        if tokens[i].is_capitalised or after != i + 1 or tokens[i].folded not in self.lex.title_modifiers:
            return False
        if i == 0 or not self.lex.titles.match_ending_at(tokens, i):
            return False
        if any(k in places for k in range(after, end)):
            return False
        return self._name_run(tokens, after, minimum=2) >= end

    def _name_word_in_title_case(self, tok) -> bool:
        """In a Title Case line, the words a name may be built from: acronyms and the words of
        organisation names the lexicon knows ("Dewan Keamanan", "Defence Ministry")."""
        return tok.is_upper or tok.folded in self.lex.organization_inner or tok.folded in self.lex.portfolio_words or bool(
            self.lex.organization_heads.match_at([tok], 0) or self.lex.unit_heads.match_at([tok], 0)
        )

    def _possessor(self, tokens, start, places) -> str | None:
        """The country in "Russia's Defense Ministry"."""
        if start >= 2 and tokens[start - 1].text in ("'s", "’s"):
            for c in places.values():
                if c.end == start - 1 and c.type == "Country":
                    return c.country
        return None

    def _country_entry(self, tokens, start, end, type_, country, places) -> Entry | None:
        """The gazetteer's organisation of that country whose name holds these words
        ("Russian Defence Ministry" -> Russian Ministry of Defence), if exactly one does."""
        if not country:
            return None
        skip = {k for c in places.values() if c.type == "Country" for k in range(c.start, c.end)}
        words = []
        for k in range(start, end):
            joining = tokens[k].folded in self.lex.title_links or tokens[k].folded in self.lex.determiners
            if k in skip or not tokens[k].is_word or joining or self.gaz.demonym_at(tokens, k):
                continue
            words.append(self.lex.spelling_variants.get(tokens[k].folded, tokens[k].folded))
        return self.gaz.by_words(country, type_, words) if words else None

    def _inside_titles(self, tokens) -> set[int]:
        """Positions inside a title after its first word: "parlemen" in "anggota parlemen"."""
        inside = set()
        for t in self.lex.titles.starts(tokens):
            found = self.lex.titles.match_at(tokens, t)
            if found:
                inside.update(range(t + 1, t + found[0]))
        return inside

    def _plural_possessive(self, tokens, k) -> bool:
        """A bare apostrophe after a capitalised plural and before a capitalised word: the
        "Workers'" of "Kurdistan Workers' Party", a word of the name, not a possessor."""
        return (
            0 < k < len(tokens) - 1
            and tokens[k].text in ("'", "’")
            and tokens[k - 1].is_word and tokens[k - 1].is_capitalised and tokens[k - 1].text.endswith("s")
            and tokens[k + 1].is_word and tokens[k + 1].is_capitalised
            and tokens[k - 1].end == tokens[k].start
        )

    def _extend_back(self, tokens, i) -> int:
        """Capitalised words before a head word ("Russian Defence" Ministry), not across a
        possessive but across a plural one inside the name ("Kurdistan Workers' Party")."""
        start = i
        while start > 0:
            if start >= 2 and self._plural_possessive(tokens, start - 1):
                start -= 1  # the apostrophe; the plural before it is taken below
            prev = tokens[start - 1]
            if not (prev.is_word and prev.is_capitalised) or prev.folded in self.lex.stopwords or _compound_adjective(prev.text):
                break
            if self._title_case and not self._name_word_in_title_case(prev):
                break
            if self.lex.titles.match_at(tokens, start - 1) or prev.folded in self.lex.group_modifiers:
                break  # "Armed group": a description, no name
            if "-" in prev.text and prev.text.rsplit("-", 1)[1][:1].islower():
                break  # "al Qaeda-linked group", "Iran-backed militia": an adjective, no name
            start -= 1
        if start < i and tokens[start].text in ("'", "’"):
            start += 1  # the plural before the apostrophe was no word of the name
        return start

    def _ordinal(self, tok) -> bool:
        """"ke-91": a number written as an ordinal with a prefix."""
        return any(tok.folded.startswith(p) and tok.folded[len(p):].isdigit() for p in self.lex.ordinal_prefixes)

    def _unit_number(self, tokens, i, after, type_) -> bool:
        """A bare number right after a capitalised unit head is the unit's number ("Brigade 444",
        "Border Guard Police Battalion 5"), not a count or a year."""
        if type_ != "MilitaryUnit" or not tokens[i].is_capitalised or after >= len(tokens):
            return False
        number = tokens[after].text
        if not (number.isdigit() and len(number) <= 3):
            return False
        # "Brigade 30 tentara": a number before a troop noun counts soldiers
        return not self.lex.troop_nouns.match_at(tokens, after + 1)

    def _ordinal_back(self, tokens, start) -> int:
        """A unit's number before its name: "36th Division", "the 153 Task Force Battalion"."""
        k = start
        if k >= 2 and tokens[k - 1].folded in self.lex.ordinal_suffixes and tokens[k - 2].text.isdigit():
            k -= 2
        elif k >= 1 and tokens[k - 1].text.isdigit() and len(tokens[k - 1].text) <= 3:
            k -= 1
        return k

    def _extend_name(self, tokens, j, places, people, bodies=frozenset()) -> int:
        """End of the words after a body's head word that belong to its name (``bodies``: where
        known bodies' names start)."""
        end = self._extend_name_words(tokens, j, places, people, bodies)
        for k in range(j, end):
            if tokens[k].folded in self.lex.conjunctions and not tokens[k].is_capitalised and any(
                tokens[h].is_capitalised and (self.lex.organization_heads.match_at(tokens, h) or self.lex.unit_heads.match_at(tokens, h))
                for h in range(k + 1, end)
            ):
                return k  # "People Power Party and Kim X of the Democratic Party": a second head makes a second name
        return end

    def _extend_name_words(self, tokens, j, places, people, bodies=frozenset()) -> int:
        end = j
        first = j
        numbered = False
        while j < len(tokens):
            tok = tokens[j]
            if self._ordinal(tok):
                j += 1  # "Divisi ke-91", "Brigade Mekanis ke-47": the unit's number
                end = j
                numbered = True
                continue
            if j in places:
                if numbered and places[j].type == "Country":
                    return end  # "Brigade Mekanis ke-93 Ukraina": the number ends the name, the country owns it
                return places[j].end  # a country or place closes an organisation's name
            if self._plural_possessive(tokens, j) and j > first:
                j += 1  # "the Workers' Party of Korea": a plural possessive inside the name
                continue
            if j in people or not tok.is_word:
                break
            title = self.lex.titles.match_at(tokens, j)
            if title and j > first and (j + title[0] in people or (j + title[0] not in places and self._name_run(tokens, j + title[0], minimum=2) >= j + title[0] + 2)):
                break  # "Pusat Penerangan TNI Brigjen TNI X Y": a rank and its holder follow the body's name
            if tok.is_capitalised and not self._function_word(tokens, j) and not (self._title_case and not self._name_word_in_title_case(tok)):
                j += 1
                end = j
            elif tok.folded in self.lex.conjunctions and j + 1 < len(tokens) and (
                tokens[j + 1].is_upper or j + 1 in places or j + 1 in people
                or self.lex.organization_heads.match_at(tokens, j + 1) or self.lex.unit_heads.match_at(tokens, j + 1)
                or tokens[j + 1].folded in self.lex.determiners or self.lex.titles.match_at(tokens, j + 1)
                or j + 1 in bodies or j == first
            ):
                break  # "Kementerian Pertahanan dan Kementerian Dalam Negeri", "army and RSF", "the Guard and the Service", "the Army and Wing Commander X", "kelompok X dan Y" (Y a known body): two names; "pemerintah dan X": no name opens with a conjunction
            elif tok.folded in self.lex.organization_inner and not self.lex.troop_nouns.match_at(tokens, j):
                j += 1  # "militer Myanmar" after a name is the army, not part of the name
            else:
                break
        return end

    def _possessive_organisations(self, tokens, known) -> list[Candidate]:
        """"Russia's foreign ministry", "Ukraine's military intelligence": a country's institution."""
        out = []
        owners = [c for c in known if c.type == "Country"]
        for i in self.gaz.demonym_starts(tokens):  # "Russian embassy", "Egyptian foreign ministry"
            hit = self.gaz.demonym_at(tokens, i)
            entry = self.gaz.country(hit[1]) if hit else None
            if entry is not None and not self.lex.heads_first:
                owners.append(Candidate(i, i + hit[0], "Country", entry.label_en, entry, country=hit[1], modifier=True))
        places = {c.start: c for c in known if c.type in PLACE_TYPES}
        for c in owners:
            if c.end >= len(tokens):
                continue
            if c.chars is not None and c.chars[1] < tokens[c.end - 1].end:
                continue  # "Iran-backed group", "Qatar-based network": a fused country describes, it owns no body
            possessive = tokens[c.end].text in ("'s", "’s")
            if not possessive and self.lex.heads_first:
                continue  # "kementerian luar negeri" comes before its country in head-first languages
            j = c.end + 1 if possessive else c.end
            # Lower-case words only: a capitalised name after the possessive is the name itself.
            first = j
            while j < len(tokens) and j - first < 3 and tokens[j].is_word and not tokens[j].is_capitalised and not (
                self.lex.organization_heads.match_at(tokens, j) or self.lex.unit_heads.match_at(tokens, j)
            ):
                if tokens[j].folded in self.lex.stopwords or self.lex.looks_like_verb(tokens[j]) or self.lex.verb_at(tokens, j):
                    break  # "China since taking office": a clause, no qualifier of a body
                j += 1  # "maritime", "parliamentary", "foreign"
            if j < len(tokens) and tokens[j].is_capitalised:
                continue
            if not possessive and not c.modifier and any(
                tokens[k].folded not in self.lex.portfolio_words and tokens[k].folded not in self.lex.organization_inner for k in range(first, j)
            ):
                continue  # "Israel hits army headquarters": without a possessive only a portfolio word qualifies a body
            head = self.lex.organization_heads.match_at(tokens, j) if j < len(tokens) else None
            type_ = "Organization"
            if not head and possessive and self._possessive_troops(tokens, first, j):
                out.append(self._army(tokens, c.start, j, c.country))  # "Israel's military said": its armed forces
                continue
            if not head:
                head = self.lex.unit_heads.match_at(tokens, j) if j < len(tokens) else None
                type_ = "MilitaryUnit"
            if head and type_ == "Organization" and self.lex.government_nouns.match_at(tokens, j) and c.entry is not None:
                # "Ethiopia's federal government": the country, as an actor
                out.append(Candidate(c.start, j + head[0], "Country", c.label, c.entry, priority=3, country=c.country))
                continue
            if head:
                end = j + head[0]
                while end < len(tokens) and not tokens[end].is_capitalised and (
                    self.lex.organization_heads.match_at(tokens, end) or self.lex.unit_heads.match_at(tokens, end)
                ):
                    end += 1  # "military intelligence agency"
                if type_ == "MilitaryUnit" and all(self.lex.troop_nouns.match_at(tokens, k) or tokens[k].folded in self.lex.troop_modifiers for k in range(first, end)):
                    out.append(self._army(tokens, c.start, end, c.country))  # "Sudan's army": its armed forces
                    continue
                end = self._located(tokens, end, places)
                entry = self._country_entry(tokens, first, end, type_, c.country, {})
                if entry is None and c.modifier and (type_ == "MilitaryUnit" or (first == j and not self.lex.located_heads.match_at(tokens, j))):
                    continue  # "a Russian command post": no body the gazetteer knows, and no qualifier naming one
                label = entry.label_en if entry else self._surface(tokens, c.start, end)
                out.append(Candidate(c.start, end, type_, label, entry, priority=2, country=c.country))
        return out

    def _possessive_troops(self, tokens, first, j) -> bool:
        """"Israel's military said", "Russia's armed forces have lost": after a country's
        possessive the troop noun alone ("military", "armed forces") is the subject of a verb, or
        closes the clause: that country's armed forces. Not when more words follow ("Israel's
        military campaign", "its military and political leaders"): an adjective there."""
        noun = self.lex.troop_nouns.match_at(tokens, first)
        if not noun or first + noun[0] != j:
            return False
        if j >= len(tokens):
            return True
        nxt = tokens[j]
        if not nxt.is_word:
            return nxt.text in ",.;:"
        return not nxt.is_capitalised and nxt.folded not in self.lex.conjunctions and (
            self.lex.verb_at(tokens, j) or self.lex.looks_like_verb(nxt) or nxt.folded in self.lex.stopwords
        )

    def _located(self, tokens, end, places) -> int:
        """An embassy's name holds the place it is in: "Russian embassy in Budapest", "Kedutaan
        Besar Myanmar di Jakarta"."""
        head = next((self.lex.located_heads.match_ending_at(tokens, k) for k in range(end, max(0, end - 4), -1) if self.lex.located_heads.match_ending_at(tokens, k)), None)
        if head and end + 1 < len(tokens) and tokens[end].folded in self.lex.place_prepositions and (place := places.get(end + 1)) is not None:
            return place.end
        return end

    def _troops(self, tokens, known) -> list[Candidate]:
        """"tentara (bayaran) Korea Utara", "North Korean troops": the country's armed forces."""
        out = []
        countries = {c.start: c for c in known if c.type == "Country" and c.country}
        for i in sorted({*self.lex.troop_nouns.starts(tokens), *self.gaz.demonym_starts(tokens)}):
            noun = self.lex.troop_nouns.match_at(tokens, i)
            if noun:
                j = i + noun[0]
                while j < len(tokens) and tokens[j].folded in self.lex.troop_modifiers:
                    j += 1
                if j in countries:
                    c = countries[j]
                    out.append(self._army(tokens, i, c.end, c.country))
                elif any(self.lex.government_nouns.match_at(tokens, k) for k in range(i + noun[0], j)):
                    army = self._one_national_army()
                    if army is not None:  # "pasukan pemerintah": the one state's forces the article has named
                        out.append(Candidate(i, j, "MilitaryUnit", army.label, priority=2, key=army.key, country=army.country))
            demonym = self.gaz.demonym_at(tokens, i)
            if demonym:
                n, iso = demonym
                j = i + n
                while j < len(tokens) and tokens[j].folded in self.lex.troop_modifiers:
                    j += 1
                noun = self.lex.troop_nouns.match_at(tokens, j)
                if noun:
                    out.append(self._army(tokens, i, j + noun[0], iso))
        return out

    def _one_national_army(self):
        """The armed forces of a state named earlier in the article, when exactly one is."""
        armies = [e for e in self.entities.values() if e.type == "MilitaryUnit" and e.country and (units := self.gaz.of_country(e.country, "MilitaryUnit")) and units[0].key == e.key]
        return armies[0] if len(armies) == 1 else None

    def _army(self, tokens, start, end, iso) -> Candidate:
        """A country's armed forces: the gazetteer's row, else named as the text first names them
        (one entity per country and article, whatever the later wording)."""
        units = self.gaz.of_country(iso, "MilitaryUnit")
        if units:
            return Candidate(start, end, "MilitaryUnit", units[0].label_en, units[0], priority=3, country=iso)
        key = f"MilitaryUnit:armed-forces-{iso.lower()}"
        label = self.entities[key].label if key in self.entities else self._surface(tokens, start, end)
        return Candidate(start, end, "MilitaryUnit", label, priority=3, country=iso, key=key)

    def _cited_sources(self, tokens) -> list[Candidate]:
        """"Dilansir Ukrainska Pravda", "citing Interfax": an outlet, typed as an organisation."""
        out = []
        for i in self.lex.source_cues.starts(tokens):
            cue = self.lex.source_cues.match_at(tokens, i)
            if cue:
                j = i + cue[0]
                end = self._capitalised_run(tokens, j, 2 if self._title_case else 5)
                if end > j:
                    out.append(Candidate(j, end, "Organization", self._surface(tokens, j, end), priority=1))
        return out

    def _named_outlets(self, tokens, known) -> list[Candidate]:
        """A name beside a lower-case outlet noun is a news outlet: "state broadcaster X",
        "stasiun televisi X", "the X news site" (in languages that put the head last, the name
        before it after an article or a possessive). A place, a people or a person the other
        rules found there is no outlet's name."""
        out = []
        lex = self.lex
        taken = {k for c in known if c.type in PLACE_TYPES or c.type == "Person" for k in range(c.start, c.end)}
        demonym = lambda k: self.gaz.demonym_at(tokens, k) is not None
        for i in lex.outlet_nouns.starts(tokens):
            noun = lex.outlet_nouns.match_at(tokens, i)
            if not noun or tokens[i].is_capitalised:
                continue
            j = i + noun[0]
            end = j
            while end < len(tokens) and end - j < 3 and end not in taken and (
                (tokens[end].is_word and tokens[end].is_capitalised and not self._not_a_name(tokens, end))
                or (end > j and tokens[end].text.isdigit() and end + 1 < len(tokens) and tokens[end + 1].is_capitalised and not self._not_a_name(tokens, end + 1))
            ):
                end += 1  # "Ethio 251 Media": a number inside the name
            if end > j and not (self._title_case or any(demonym(k) for k in range(j, end))):
                out.append(Candidate(j, end, "Organization", self._surface(tokens, j, end), priority=1))
                continue
            if lex.heads_first or i == 0:
                continue
            start = i
            while start > 0 and i - start < 3 and tokens[start - 1].is_word and tokens[start - 1].is_capitalised and start - 1 not in taken and not self._not_a_name(tokens, start - 1):
                start -= 1
            before = tokens[start - 1] if start > 0 else None
            if start < i and before is not None and (before.folded in lex.determiners or before.text in ("'s", "’s")) and not self._title_case:
                out.append(Candidate(start, i, "Organization", self._surface(tokens, start, i), priority=1))
        return out

    def _people(self, tokens, known) -> list[Candidate]:
        """Names after a title ("Menteri Pertahanan Jerman Boris Pistorius"), before an appositive
        role ("Maria Zakharova, juru bicara ..."), after a role ("juru bicara X, Vadym Mysnyk,"), and
        subjects or objects of reporting verbs."""
        out = []
        taken = {k for c in known for k in range(c.start, c.end)}
        actors = sorted((c for c in known if c.type in ("Organization", "MilitaryUnit", "Country")), key=lambda c: c.end - c.start)
        orgs = {c.start: c for c in actors}  # the longest at each start wins
        ends = {c.end: c for c in actors}
        persons = {c.start: c for c in known if c.type == "Person"}
        soft = frozenset(c.start for c in known if c.type == "Location" and c.end - c.start == 1)  # may sit inside a name
        persons_by_end = {}
        for c in sorted((c for c in known if c.type == "Person"), key=lambda c: -c.start):
            persons_by_end[c.end] = c  # the longest name ending there wins
        i = 0
        while i < len(tokens):
            starts_title = i not in taken and tokens[i].folded in self.lex.titles.first_words
            title = self.lex.titles.match_at(tokens, i) if starts_title else None
            plural = title is None and i not in taken and tokens[i].folded in self.lex.title_plurals.first_words
            if plural:  # "lawmakers A and B": a title in the plural, then the names of its holders
                title = self.lex.title_plurals.match_at(tokens, i)
                if title and not self._names_joined(tokens, i + title[0], taken, soft, persons):
                    title = None  # "who heads the Senate": a verb's form, or a plural with no names
            if title:
                j = i + title[0]
                inner = j
                while inner < len(tokens) and not tokens[inner].is_capitalised and tokens[inner].folded in self.lex.organization_inner:
                    inner += 1  # "Penasihat urusan luar negeri Bangladesh"
                if inner > j and inner in orgs:
                    j = inner
                org = orgs.get(j)
                if org is None:
                    k2 = j
                    while k2 < len(tokens) and (tokens[k2].folded in self.lex.title_links or tokens[k2].folded in self.lex.determiners):
                        k2 += 1
                    org = orgs.get(k2) if k2 > j else None
                if org is None:
                    org = self._country_after_portfolio(tokens, j, orgs)
                if org is None:
                    place = self._place_after_title(tokens, j, known)
                    if place is not None:
                        org = place  # a governor of a region: the person is found, no post is made
                if org is not None and org.type == "Country" and org.end + 1 < len(tokens) and tokens[org.end].text in ("'s", "’s"):
                    org = orgs.get(org.end + 1) or org  # "for South Korea's Joint Chiefs of Staff"
                if org is None and j < len(tokens) and ACRONYM.fullmatch(tokens[j].text) and j not in taken:
                    # "Sekretaris Jenderal NATO ...", "juru bicara AA ...": an acronym after a title
                    # names an organisation, the one the article defined if it did.
                    org = self._short_form_candidate(tokens, j) or Candidate(j, j + 1, "Organization", tokens[j].text, priority=1)
                    out.append(org)
                if org is None and inner > j and not any(t.folded in self.lex.title_links for t in tokens[j:inner]):
                    j = inner  # "Juru bicara militer Marta Ilunga": lower-case words of the post, then the name
                if org is None and inner == j:
                    j = self._title_modifiers(tokens, j)  # "Komandan lapangan Andi Tabuni": a lower-case word of the post, then a full name
                label_start, after_org = i, org.end if org else j
                if org is None:  # "NATO Secretary General Mark Rutte", "Russia's foreign minister"
                    org = ends.get(i) or (ends.get(i - 1) if i and tokens[i - 1].text in ("'s", "’s") else None)
                    label_start = org.start if org else i
                role = (title[1], label_start, after_org, org)
                k = after_org + 1 if after_org < len(tokens) and tokens[after_org].text == "," else after_org
                k = self._past_short_form(tokens, k)  # "Ketua Komisi ... (Komnas HAM) Anis Hidayah"
                while k < len(tokens) and tokens[k].is_capitalised and (rank := self.lex.titles.match_at(tokens, k)):
                    k += rank[0]  # "..., Mayor Jenderal Zaw Min Tun,": a rank, then the name
                known_person = persons.get(k)
                if known_person is not None:  # "Sekretaris Jenderal NATO Mark Rutte", a known name
                    out.append(self._person(tokens, k, known_person.end, role=role))
                    i = self._coordinated_person(tokens, known_person.end, taken, soft, persons, role if plural else None, out)
                    continue
                if org is None and k < len(tokens) and tokens[k].folded in self.lex.title_links:
                    k += 2 if k + 1 < len(tokens) and tokens[k + 1].is_capitalised else 1  # "for Restoration"
                k, end = self._name_after_title(tokens, k, taken, soft)
                later = next((persons[p] for p in range(end, min(end + 3, len(tokens))) if p in persons and all(t.is_word and t.is_capitalised for t in tokens[end:p])), None)
                if end > k and later is not None:
                    # "Direktur Pelindungan WNI Judha Nugraha": capitalised words of the post, then a known name
                    out.append(self._person(tokens, later.start, later.end, role=role))
                    i = later.end
                    continue
                comma = end
                while comma < len(tokens) and (comma in soft or (comma in taken and any(c.start <= comma < c.end and c.type in PLACE_TYPES for c in known))):
                    comma += 1  # "Kepala Administrasi Militer Oblast Zaporizhzhia, Ivan Fedorov": the body's place
                if end > k and comma < len(tokens) and tokens[comma].text == "," and self._apposed_name(tokens, comma + 1):
                    # "juru bicara Pertahanan Sipil Gaza, Mahmoud Basal, ...": the words after the
                    # title name the body; the person is the name after the comma.
                    # ("Bupati Puncak, Willem Wandik, ...": a local head's post names the place he heads)
                    type_ = "Location" if title[1] in ("governor", "head-of-government") and org is None else "Organization"
                    out.append(Candidate(k, comma if type_ == "Organization" else end, type_, self._surface(tokens, k, comma if type_ == "Organization" else end), priority=1))
                    i = end
                    continue
                if end > k:
                    out.append(self._person(tokens, k, end, role=role))
                    i = self._coordinated_person(tokens, end, taken, soft, persons, role if plural else None, out)
                    continue
                if plural:
                    i += 1  # "the leaders of ...": a plural title with no names after it is no one's post
                    continue
                # Appositive: "Name , (the) Title Org," -> the name before the comma holds the post;
                # "Name, Ukraine's parliamentary commissioner for ..." too.
                p = self._appositive_start(tokens, label_start, ends)
                if p >= 2 and tokens[p - 1].text == ",":
                    known_person = persons_by_end.get(p - 1)
                    start = known_person.start if known_person else self._name_run_back(tokens, p - 1, taken, person=True)
                    if start is not None:
                        post_start = p
                        while post_start < label_start and tokens[post_start].folded in self.lex.determiners:
                            post_start += 1
                        # "Ukraine's parliamentary commissioner ...": the whole apposition is the post
                        out.append(self._person(tokens, start, p - 1, role=(role[0], post_start, role[2], role[3])))
            i += 1
        out += self._apposed_people(tokens, taken | {k for c in out for k in range(c.start, c.end)}, soft)
        taken = taken | {k for c in out for k in range(c.start, c.end)}
        out += self._appositive_names(tokens, taken, soft)
        out += self._verb_subjects(tokens, taken | {k for c in out for k in range(c.start, c.end)})
        out += self._cued_people(tokens, taken | {k for c in out for k in range(c.start, c.end)})
        out += self._aged_people(tokens, taken | {k for c in out for k in range(c.start, c.end)})
        out += self._listed_people(tokens, taken | {k for c in out for k in range(c.start, c.end)}, soft)
        if self._title_case:  # capitals say nothing there: only people the gazetteer or the article knows
            out = [c for c in out if c.type != "Person" or c.entry is not None or c.key is not None]
        return out

    def _apposition_then_verb(self, tokens, end) -> bool:
        """After a name that opens the sentence, an apposition set off by commas and then a
        reporting verb: "Tomas Verlaine, Kenya researcher at Human Rights Watch, noted ..." (a
        role the titles do not list). The apposition holds a lower-case noun, a capitalised word
        (the body or country served) and no verb."""
        close = next((k for k in range(end + 2, min(end + 12, len(tokens))) if tokens[k].text == ","), None)
        if close is None or close + 1 >= len(tokens):
            return False
        inside = tokens[end + 1 : close]
        if not any(t.is_word and not t.is_capitalised for t in inside) or not any(t.is_word and t.is_capitalised for t in inside):
            return False  # a role noun and the body or country it serves
        if any(t.is_word and not t.is_capitalised and (self.lex.looks_like_verb(t) or self.lex.verb_at(tokens, end + 1 + n)) for n, t in enumerate(inside)):
            return False
        return self.lex.verb_at(tokens, close + 1) is not None

    def _past_leading_title(self, tokens, start, end, acronym: str | None = None) -> int:
        """A title before a body's own head word is a person's post, no word of the name:
        "Ketua Komisi Nasional ... (Komnas HAM)" defines "Komisi Nasional ..." ("Kepala Staf
        Gabungan" keeps its title: no head word follows it). So is a title before two or more
        capitalised words whose initials the acronym does not spell with the title ("Direktur
        Jenderal Hubungan Masyarakat ... (ISPR)" names the office, its director is a person's
        post); "High Commissioner for Refugees (UNHCR)", "Kepala Staf Gabungan (KSG)" and a
        title before an acronym ("Komisaris Tinggi PBB ...") keep it."""
        title = self.lex.titles.match_at(tokens, start)
        if title and start + title[0] < end - 1:
            k = start + title[0]
            if tokens[k].is_capitalised and (self.lex.organization_heads.match_at(tokens, k) or self.lex.unit_heads.match_at(tokens, k)):
                return k
            if (
                acronym
                and tokens[k].is_capitalised
                and not tokens[k].is_upper
                and tokens[k + 1].is_capitalised
                and _initials(self._surface(tokens, start, end)) != acronym
            ):
                return k
        return start

    def _past_short_form(self, tokens, k) -> int:
        """Past a body's short form in brackets between a title's body and the name: "Ketua Komisi
        Nasional Hak Asasi Manusia (Komnas HAM) Anis Hidayah" (up to three capitalised words)."""
        if k < len(tokens) and tokens[k].text == "(":
            close = next((n for n in range(k + 1, min(k + 5, len(tokens))) if tokens[n].text == ")"), None)
            if close is not None and close > k + 1 and all(t.is_word and t.is_capitalised for t in tokens[k + 1 : close]):
                return close + 1
        return k

    def _names_joined(self, tokens, j, taken, soft, persons) -> bool:
        """Two names joined by a conjunction right at ``j`` ("Karim Haddad and Omar Fayyad")."""
        if j >= len(tokens) or not tokens[j].is_capitalised or (j in taken and j not in persons):
            return False
        end = persons[j].end if j in persons else self._name_run(tokens, j, taken, minimum=2, soft=soft)
        return end > j and end + 1 < len(tokens) and tokens[end].folded in self.lex.conjunctions and tokens[end + 1].is_capitalised

    def _coordinated_person(self, tokens, end, taken, soft, persons, role, out) -> int:
        """A second name joined to a titled name ("lawmakers A and B", "menteri A dan B"): a person
        too, holding the post only when the title was plural. Two capitalised words at least (or a
        name the article knows), no title, no head word of a body. Returns where the scan goes on."""
        if end + 1 >= len(tokens) or tokens[end].folded not in self.lex.conjunctions:
            return end
        j = end + 1
        if j in taken and j not in persons or not tokens[j].is_capitalised or self.lex.titles.match_at(tokens, j):
            return end
        known = persons.get(j)
        stop = known.end if known else self._name_run(tokens, j, taken, minimum=2, soft=soft)
        if stop == j or self._type_from_heads(tokens, [(j, stop)]):
            return end
        hit = self.gaz.match_at(tokens, j)
        if hit and any(e.type != "Person" for e in hit[1]):
            return end  # "President A and Zorbia": a place or body, no second name
        out.append(self._person(tokens, j, stop, role=role))
        return stop

    def _appositive_names(self, tokens, taken, soft=frozenset()) -> list[Candidate]:
        """A name set off by commas next to a role: "UNICEF's representative in Mozambique, Mary
        Louise Eagleton, warned ...", "Kepala misi IOM di Mozambik, Laura Tomm Bonde, mengatakan",
        and a name opening the sentence before its role: "Kate Hixon, Africa director at ...".
        Two to four capitalised words, none a known place or organisation, and a title before the
        name or a reporting verb right after it."""
        out = []
        commas = [k for k, t in enumerate(tokens) if t.text == ","]
        for i in [-1] + commas:
            j = i + 1
            if j >= len(tokens) or j in taken or not tokens[j].is_capitalised:
                continue
            end = self._name_run(tokens, j, taken, minimum=2, soft=soft)
            if end == j or end >= len(tokens) or tokens[end].text != ",":
                continue
            if i < 0:  # the sentence opens with the name: its role follows
                role = any(self.lex.titles.match_at(tokens, k) for k in range(end + 1, min(end + 8, len(tokens))))
                role = role or self._apposition_then_verb(tokens, end)
            else:
                role = any(self.lex.titles.match_at(tokens, k) for k in range(max(0, i - 8), i))
                k = end + 1
                while k < len(tokens) and tokens[k].folded in self.lex.predicate_words:
                    k += 1
                role = role or (k < len(tokens) and self.lex.verb_at(tokens, k) is not None)
            if role:
                type_ = self._type_from_heads(tokens, [(j, end)])
                if type_:  # "Cosmoship Management": a body named by its head word, in any language
                    out.append(Candidate(j, end, type_, self._surface(tokens, j, end), priority=2))
                else:
                    out.append(self._person(tokens, j, end))
        return out

    def _title_modifiers(self, tokens, j) -> int:
        """Past up to two lower-case words of the post after a title (the lexicon's
        ``title_modifiers``: "komandan lapangan", "komandan senior") when a name of two capitalised
        words follows them; else ``j``."""
        k = j
        while k < len(tokens) and k - j < 2 and tokens[k].folded in self.lex.title_modifiers and not tokens[k].is_capitalised:
            k += 1
        if k == j or k + 1 >= len(tokens):
            return j
        if all(t.is_word and t.is_capitalised and not t.is_upper and not self._not_a_name(tokens, n) for n, t in ((k, tokens[k]), (k + 1, tokens[k + 1]))):
            return k
        return j

    def _name_after_title(self, tokens, k, taken, soft=frozenset()) -> tuple[int, int]:
        """The name in the words after a title, past the portfolio and its country or body
        ("Menteri Kesehatan Mohammad Reza Zafarghandi", "Komunikasi Kongo Patrick Muyaya",
        "Direktur Pelindungan WNI Judha Nugraha"); else the last two words of a long run."""
        end = self._name_run(tokens, k, taken, soft=soft)
        p = k
        while p < len(tokens) and p not in taken:
            hit = self.gaz.match_at(tokens, p)
            if hit and any(e.type in PLACE_TYPES for e in hit[1]):
                p += hit[0]
            elif tokens[p].folded in _country_words(self.gaz) and tokens[p].folded not in self.lex.stopwords:
                p += 1  # "Kongo": a word of a country's name, though not a name by itself
            elif tokens[p].folded in self.lex.portfolios or (p > k and tokens[p].folded in self.lex.title_links) or tokens[p].is_upper:
                p += 1
            else:
                break
        if p > k:
            after = self._name_run(tokens, p, taken, soft=soft)
            if after - p >= 2:
                return p, after
            if p >= end and after == p:
                return k, k  # "Menteri Komunikasi sekaligus juru bicara ...": the portfolio, no name
        if end - k == 1 and end < len(tokens) and tokens[end].is_capitalised and self.lex.titles.match_at(tokens, end):
            return k, k  # "Perwakilan Khusus Ketua Komisi ...": a word of the post between two titles
        if end - k >= 4 and any(self._body_word(tokens, n) for n in range(k, end)):
            return end - 2, end  # "Dewan Kedaulatan Abdel Fattah": words of a body, then the name
        return k, end  # "Kapten Jean Pierre Mbala Ndoko": four names, nothing else

    def _body_word(self, tokens, n) -> bool:
        """A capitalised word that can belong to a body's or post's name rather than a person's."""
        lex = self.lex
        tok = tokens[n]
        if tok.folded in lex.portfolio_words or tok.folded in lex.portfolios or tok.folded in lex.organization_inner:
            return True
        tables = (lex.organization_heads, lex.unit_heads, lex.group_name_heads, lex.titles, lex.troop_nouns)
        return any(t.match_at(tokens, n) for t in tables) or bool(self.gaz.match_at(tokens, n))

    def _apposed_name(self, tokens, k) -> tuple[int, int] | None:
        """A personal name standing alone after a comma, past rank titles: (start, end) when it is
        followed by a comma, the sentence's end or a reporting verb ("..., Brigjen Felix
        Kulayigye, menegaskan", "..., Mary Louise Eagleton, warned")."""
        while k < len(tokens) and tokens[k].is_capitalised and (rank := self.lex.titles.match_at(tokens, k) or self.lex.honorifics.match_at(tokens, k)):
            k += rank[0]
        end = self._name_run(tokens, k)
        if end - k < 2:
            return None
        if end < len(tokens) and tokens[end].text not in ",.;" and not self.lex.verb_at(tokens, end):
            return None
        hit = self.gaz.match_at(tokens, k)
        if hit and hit[0] >= end - k and any(e.type != "Person" for e in hit[1]):
            return None  # a known place or body, not a person
        return k, end

    def _apposed_people(self, tokens, taken, soft=frozenset()) -> list[Candidate]:
        """"Juru bicara militer Uganda (UPDF), Brigjen Felix Kulayigye, menegaskan ...", "UNICEF's
        representative in Mozambique, Mary Louise Eagleton, warned": a name standing alone after
        a comma, with a title before that comma in the same clause, is a person holding that post."""
        out = []
        for q in [k for k, t in enumerate(tokens) if t.text in QUOTES_CLOSE and k + 1 < len(tokens)]:
            # '"...," Abdiasis Abu Musab, al-Shabaab's spokesman, told ...': the speaker right after a quotation
            found = self._apposed_name(tokens, q + 1)
            if found is not None and not any(x in taken for x in range(*found)) and q > 0 and tokens[q - 1].text in ",.!?":
                out.append(self._person(tokens, found[0], found[1]))
        found = self._apposed_name(tokens, 0) if tokens and tokens[0].is_capitalised else None
        if found is not None and found[0] == 0 and found[1] + 1 < len(tokens) and tokens[found[1]].text == "," and not any(x in taken for x in range(*found)):
            nxt = found[1] + 1  # "Bintou Keita, who heads MONUSCO, told ...", "Kate Hixon, Africa advocacy director at ..., warned"
            opener = tokens[nxt].folded in self.lex.insertion_openers or tokens[nxt].folded in self.lex.determiners or tokens[nxt].folded in self.lex.indefinites
            titled = any(self.lex.titles.match_at(tokens, x) for x in range(nxt, min(nxt + 4, len(tokens))))
            if opener or titled:
                out.append(self._person(tokens, found[0], found[1]))
        for c in [k for k, t in enumerate(tokens) if t.text == ","]:
            found = self._apposed_name(tokens, c + 1)
            if found is None or any(x in taken for x in range(*found)):
                continue
            title = None
            for j in range(c - 1, max(-1, c - 15), -1):
                if tokens[j].text in ",;:" or self.lex.verb_at(tokens, j):
                    break
                if self.lex.titles.match_at(tokens, j) and not tokens[j].is_upper:
                    title = j
            if title is None:
                continue
            n, role_name = self.lex.titles.match_at(tokens, title)
            start = title
            while start > 0 and (tokens[start - 1].text in ("'s", "’s") or tokens[start - 1].is_capitalised and tokens[start - 1].is_word) and c - start < 12:
                start -= 1  # "UNICEF's representative ...": the post includes its owner
            out.append(self._person(tokens, found[0], found[1], role=(role_name, start, c, None)))
        return out

    def _verb_subjects(self, tokens, taken) -> list[Candidate]:
        out = []
        for i in range(len(tokens)):
            verb = self.lex.verb_at(tokens, i)
            if not verb:
                continue
            n, info = verb
            if info.speaker in ("before", "either"):
                at = i
                while at > 0 and (skip := self.lex.between.match_ending_at(tokens, at)) and not tokens[at - 1].is_capitalised:
                    at -= skip[0]  # "CENTCOM also warned", "X juga mengatakan"
                start = self._name_run_back(tokens, at, taken, minimum=1, person=True)
                if start is not None and at - start == 1 and self.lex.anonymous.match_at(tokens, start):
                    start = None  # "Witnesses told AFP": nobody named
                if start is not None and at - start >= 3 and start >= 2 and tokens[start - 1].folded in self.lex.title_links and self.lex.titles.match_ending_at(tokens, start - 1):
                    p = start
                    while p < at - 2 and tokens[p].folded in self.lex.portfolios:
                        p += 1  # "Minister of Defence Abdulkadir Mohamed Nur said"
                    start = p
                if (
                    start is not None
                    and start >= 2
                    and tokens[start - 1].folded in self.lex.title_links
                    and tokens[start - 2].is_capitalised
                    and not self.lex.titles.match_ending_at(tokens, start - 1)
                ):
                    # "the Syrian Observatory for Human Rights said": the end of a body's name
                    org_start = self._org_name_back_from(tokens, at)
                    if org_start is not None and org_start < start - 1:
                        while org_start > 0 and self.gaz.demonym_at(tokens, org_start - 1):
                            org_start -= 1
                        out.append(Candidate(org_start, at, "Organization", self._surface(tokens, org_start, at), priority=1))
                        continue
                owner = self._demonym_before(tokens, start) if start is not None else None
                if start is not None and owner is not None and not self.gaz.match_at(tokens, start):
                    # "Finnish Customs said": a demonym before a bare name makes a national body
                    out.append(Candidate(owner, at, "Organization", self._surface(tokens, owner, at), priority=1))
                elif start is not None and start and self.lex.company_nouns.match_ending_at(tokens, start) and not tokens[start - 1].is_capitalised:
                    # "grid operator Elering said": a company
                    out.append(Candidate(start, at, "Organization", self._surface(tokens, start, at), priority=1))
                elif start is not None and start and tokens[start - 1].folded in self.lex.determiners:
                    # "The Pentagon said": an institution.
                    out.append(Candidate(start, at, "Organization", self._surface(tokens, start, at), priority=1))
                elif start is not None and at - start == 1 and (earlier := self._person_by_given_name(tokens[start])):
                    # "Abdifatah menambahkan" after "Mayor Abdifatah Aden Hassan": the person named before
                    out.append(Candidate(start, at, "Person", earlier.label, priority=3, key=earlier.key))
                elif start is not None and not (at - start == 1 and (not any(t.is_word for t in tokens[:start]) or self._common_word(tokens[start])) and not self.gaz.match_at(tokens, start)):
                    # A lone capitalised word opening the sentence is a common noun as often as a
                    # name ("Witnesses said"); a known surname is found by the reference pass.
                    out.append(self._person(tokens, start, at))
                elif at and ACRONYM.fullmatch(tokens[at - 1].text) and (at - 1) not in taken and (tokens[at - 1].folded,) not in self.short_forms:
                    # "IDF mengatakan", "CENTCOM also warned": an unknown acronym speaking is an
                    # organisation (a known one is left to the short-reference pass).
                    out.append(Candidate(at - 1, at, "Organization", tokens[at - 1].text, priority=1))
            if info.speaker in ("after", "either", "inverted", "agent"):
                end = self._name_run(tokens, i + n, taken, minimum=2)
                if end > i + n:
                    out.append(self._person(tokens, i + n, end))
                j = i + n + (1 if i + n < len(tokens) and self.lex.statement_nouns.match_at(tokens, i + n) else 0)
                if info.speaker == "after" and j < len(tokens) and ACRONYM.fullmatch(tokens[j].text) and j not in taken and (tokens[j].folded,) not in self.short_forms:
                    # "menurut data ACLED", "according to ACLED": an unknown acronym cited is an organisation
                    out.append(Candidate(j, j + 1, "Organization", tokens[j].text, priority=1))
        return out

    def _aged_people(self, tokens, taken) -> list[Candidate]:
        """A name with an age set off after it: "Noa Argamani, 26, Almog Meir Jan, 22, and ...",
        "Liri Albag (19)". Two to four capitalised words, none a known place or body, after a
        list separator, then the age (a number below 120) closed by a separator."""
        out = []
        n = len(tokens)
        for j in range(n):
            if j in taken or not tokens[j].is_capitalised or tokens[j].is_upper:
                continue
            if j > 0 and not (tokens[j - 1].text in ",;:—–-(" or tokens[j - 1].folded in self.lex.conjunctions):
                continue
            end = self._name_run(tokens, j, taken, minimum=2)
            if end == j or end + 2 >= n or any(k in taken for k in range(j, end)):
                continue
            opener, age, closer = tokens[end], tokens[end + 1], tokens[end + 2]
            if not ((opener.text == "," and closer.text in (",", ";", "—", "–", ".", ")") or closer.folded in self.lex.conjunctions) or (opener.text == "(" and closer.text == ")")):
                continue
            if not (age.text.isdigit() and 0 < int(age.text) < 120):
                continue
            hit = self.gaz.match_at(tokens, j)
            if hit and hit[0] >= end - j and any(e.type != "Person" for e in hit[1]):
                continue
            out.append(self._person(tokens, j, end))
        return out

    def _listed_people(self, tokens, taken, soft=frozenset()) -> list[Candidate]:
        """Names listed after a noun of people or a title: "the four hostages, A B, C D and E F,
        were freed", "Keempat sandera itu, A B, C D dan E F, ...", "lawmakers A B and C D". Two
        names at least, each of two to four capitalised words, none a known place or body,
        separated by commas and a conjunction."""
        out = []
        lex = self.lex
        n = len(tokens)
        for i in sorted({*lex.counts.starts(tokens), *lex.titles.starts(tokens)}):
            noun = lex.counts.match_at(tokens, i)
            if noun is not None and noun[1] == "equipment":
                noun = None
            noun = noun or lex.titles.match_at(tokens, i)
            if not noun or tokens[i].is_capitalised and i > 0 and tokens[i - 1].is_word:
                continue  # a capitalised title inside a name is left to the title rules
            k = i + noun[0]
            while k < n and (tokens[k].folded in lex.determiners or tokens[k].folded in lex.anaphora_after):
                k += 1  # "sandera itu"
            if k < n and tokens[k].text in (",", ":", "—", "–"):
                k += 1
            names = []
            while k < n and (k not in taken or k in soft):
                # a one-word place may open a listed name ("Naama Levy"): the longer name wins it
                here = taken - {k} if k in soft else taken
                end = self._name_run(tokens, k, here, minimum=2, soft=soft)
                if end == k or any(x in here and x not in soft for x in range(k, end)):
                    break
                names.append((k, end))
                if end < n and tokens[end].text == ",":
                    k = end + 1
                    if k < n and tokens[k].folded in lex.conjunctions:
                        k += 1
                elif end < n and tokens[end].folded in lex.conjunctions:
                    k = end + 1
                else:
                    break
            if len(names) < 2:
                continue
            for s, e in names:
                hit = self.gaz.match_at(tokens, s)
                if hit and hit[0] >= e - s and any(x.type != "Person" for x in hit[1]):
                    break
                if self._type_from_heads(tokens, [(s, e)]) or any(self.gaz.demonym_at(tokens, x) for x in range(s, e)):
                    break
            else:
                out += [self._person(tokens, s, e) for s, e in names]
        return out

    def _demonym_before(self, tokens, start) -> int | None:
        """Where a demonym ending right before ``start`` begins ("Finnish" before "Customs"), or None."""
        for d in range(max(0, start - 3), start):
            hit = self.gaz.demonym_at(tokens, d)
            if hit and d + hit[0] == start:
                return d
        return None

    def _cued_people(self, tokens, taken) -> list[Candidate]:
        """A personal name after a cue that only people take: "the unit led by X Y", "kelompok
        yang dipimpin X Y". Two words at least, none a known place or body."""
        out = []
        for i in self.lex.person_cues.starts(tokens):
            cue = self.lex.person_cues.match_at(tokens, i)
            if not cue:
                continue
            j = i + cue[0]
            while j < len(tokens) and tokens[j].is_capitalised and (rank := self.lex.titles.match_at(tokens, j) or self.lex.honorifics.match_at(tokens, j)):
                j += rank[0]  # "led by Colonel X Y"
            end = self._name_run(tokens, j, taken, minimum=2)
            if end > j and not self._type_from_heads(tokens, [(j, end)]):
                out.append(self._person(tokens, j, end))
        for i in self.lex.naming_cues.starts(tokens):
            # "a commander named X Y", "komandan bernama X Y": a name after a person's noun and a naming word
            cue = self.lex.naming_cues.match_at(tokens, i)
            if not cue or not (self.lex.titles.match_ending_at(tokens, i) or self.lex.title_plurals.match_ending_at(tokens, i) or self.lex.named_nouns.match_ending_at(tokens, i)):
                continue
            j = i + cue[0]
            end = self._name_run(tokens, j, taken, minimum=2)
            if end > j and not self._type_from_heads(tokens, [(j, end)]):
                out.append(self._person(tokens, j, end))
        return out

    def _person_by_given_name(self, token):
        """The one person named earlier in the article whose first name this word is."""
        hits = [e for e in self.entities.values() if e.type == "Person" and len(e.label.split()) >= 2 and fold(e.label.split()[0]) == token.folded]
        return hits[0] if len(hits) == 1 else None

    def _appositive_start(self, tokens, p, ends) -> int:
        """Step back from a title over determiners, lower-case adjectives and a possessor."""
        for _ in range(6):
            if p == 0:
                break
            prev = tokens[p - 1]
            if prev.folded in self.lex.determiners or (prev.is_word and not prev.is_capitalised and not self.lex.verb_at(tokens, p - 1)):
                p -= 1
            elif prev.text in ("'s", "’s") and (owner := ends.get(p - 1)) is not None:
                p = owner.start
            else:
                break
        return p

    def _country_after_portfolio(self, tokens, j, orgs) -> Candidate | None:
        """"Menteri Komunikasi Kongo ...", "Foreign Secretary of Britain": up to three capitalised
        words naming the portfolio, then the country whose post it is."""
        for k in range(j, min(j + 4, len(tokens))):
            c = orgs.get(k)
            if c is not None and c.type == "Country":
                return c
            if not (tokens[k].is_word and tokens[k].is_capitalised) or tokens[k].is_upper:
                return None
        return None

    def _place_after_title(self, tokens, j, known) -> Candidate | None:
        """A place named right after a title, past place nouns: "Gubernur wilayah Darfur"."""
        while j < len(tokens) and (noun := self.lex.place_nouns.match_at(tokens, j)) and not tokens[j].is_capitalised:
            j += noun[0]
        return next((c for c in known if c.start == j and c.type == "Location"), None)

    def _short_form_candidate(self, tokens, j) -> Candidate | None:
        key = self.short_forms.get((tokens[j].folded,))
        entity = self.entities.get(key) if key else None
        if entity is None:
            return None
        return Candidate(j, j + 1, entity.type, entity.label, priority=5, key=key)

    def _person(self, tokens, start, end, role=None) -> Candidate:
        surface = self._surface(tokens, start, end)
        hit = self.gaz.match_at(tokens, start)
        entry = hit[1][0] if hit and hit[0] == end - start and len(hit[1]) == 1 and hit[1][0].type == "Person" else None
        cand = Candidate(start, end, "Person", entry.label_en if entry else surface, entry, priority=3)
        cand.role = role  # type: ignore[attr-defined]
        return cand


@lru_cache(maxsize=4)
def _country_words(gaz) -> frozenset[str]:
    """The words of the countries' names ("kongo" of "Republik Demokratik Kongo")."""
    words = set()
    for entry in gaz.entries:
        if entry.type == "Country":
            for name, _lang in entry.names():
                words.update(t.folded for t in tokenize(name) if t.is_word and len(t.text) > 3)
    return frozenset(words)


@lru_cache(maxsize=4)
def _regions_by_core(gaz) -> dict[tuple[str, ...], list[Entry]]:
    """The gazetteer's regions by the words of a name of theirs that holds a region noun of any
    language the project knows, without that noun: ("tulkarm",) -> [Tulkarm Governorate]."""
    from .. import lexicon

    nouns = set()
    for language in lexicon.available():
        lex = lexicon.load(language)
        for table in (lex.region_nouns_before, lex.region_nouns_after):
            for phrase, value in table.items():
                if not value.get("camp", False) and not value.get("locality", False):
                    nouns.add(phrase)
    out: dict[tuple[str, ...], list[Entry]] = {}
    for entry in gaz.entries:
        if entry.type != "Location" or entry.kind == "cities":
            continue
        for name, _lang in entry.names():
            words = tuple(t.folded for t in tokenize(name) if t.is_word)
            for noun in nouns:
                n = len(noun)
                for k in range(len(words) - n + 1):
                    if words[k : k + n] == noun and len(words) > n:
                        core = words[:k] + words[k + n :]
                        if entry not in out.setdefault(core, []):
                            out[core].append(entry)
    return out


def _title_case(tokens, stopwords) -> bool:
    """Most content words capitalised: a headline, sub-head or related-story line. A sentence
    that ends with a full stop and writes two content words in lower case is running text,
    however many names it holds."""
    words = capitals = 0
    for t in tokens:
        text = t.text
        if len(text) >= 4 and text[0].isalpha() and not text.isupper() and t.folded not in stopwords:
            words += 1
            capitals += text[0].isupper()
    if words - capitals >= 2 and tokens and tokens[-1].text in ".!?":
        return False  # a sentence of running text dense with names ("Kapolda Papua Irjen ... di Distrik Sugapa.")
    if words >= 2 and capitals == words and tokens and tokens[-1].text not in ".!?" and tokens[-1].is_word:
        return True  # a short sub-head, every content word capitalised ("X: Lebih dari 200 Militan Dinetralisir")
    return words >= 4 and capitals >= 0.8 * words


def _bare_names(entry: Entry) -> set[str]:
    """An entry's names, folded, without the qualifier in parentheses that tells it from its
    namesakes ("National Liberation Army (Colombia)" -> "national liberation army")."""
    return {fold(re.sub(r"\s*\([^)]*\)", "", name)) for name, _lang in entry.names()}


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())
