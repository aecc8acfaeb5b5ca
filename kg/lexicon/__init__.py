"""Per-language knowledge, loaded from ``<lang>.toml`` beside this file.

The extractor never branches on a language code: it asks the lexicon of the article's language.
Adding a language means adding a TOML file with the same sections.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text import Token, fold, tokenize

HERE = Path(__file__).parent


_UNKNOWN = object()
_MEMO_SIZE = 1 << 16


class PhraseTable:
    """Multi-word phrases (folded) mapped to values, matched against token lists."""

    def __init__(self, entries: dict[str, object]):
        self._table: dict[tuple[str, ...], object] = {}
        for phrase, value in entries.items():
            key = tuple(t.folded for t in tokenize(phrase))
            if key:
                self._table[key] = value
        self.longest = max((len(k) for k in self._table), default=0)
        # Matching runs at every token for many tables, and nearly every token starts (or ends)
        # no phrase: index the phrase lengths by first and by last word, longest first, so that
        # a miss costs one dict look-up and a hit tries only lengths that exist.
        self._lengths_from = _lengths_by(self._table, 0)
        self._lengths_to = _lengths_by(self._table, -1)
        self.first_words = frozenset(self._lengths_from)  # the folded words some phrase starts with

    def get(self, phrase: str, default=None):
        return self._table.get(tuple(t.folded for t in tokenize(phrase)), default)

    def items(self):
        """(folded words, value) of every phrase."""
        return self._table.items()

    def starts(self, tokens: list[Token]) -> list[int]:
        """The indices whose word starts some phrase: everywhere else ``match_at`` is None, so a
        pass that only acts on matches need not call it there."""
        first = self.first_words
        return [i for i, t in enumerate(tokens) if t.folded in first]

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, object] | None:
        """Longest phrase starting at token ``i``: (number of tokens, value)."""
        if not 0 <= i < len(tokens):
            return self._scan_at(tokens, i)
        lengths = self._lengths_from.get(tokens[i].folded)
        if lengths is None:
            return None
        room = len(tokens) - i
        for n in lengths:
            if n <= room:
                key = tuple(t.folded for t in tokens[i : i + n]) if n > 1 else (tokens[i].folded,)
                if key in self._table:
                    return n, self._table[key]
        return None

    def match_ending_at(self, tokens: list[Token], j: int) -> tuple[int, object] | None:
        """Longest phrase ending just before token ``j``."""
        if not 0 < j <= len(tokens):
            return self._scan_ending_at(tokens, j)
        lengths = self._lengths_to.get(tokens[j - 1].folded)
        if lengths is None:
            return None
        for n in lengths:
            if n <= j:
                key = tuple(t.folded for t in tokens[j - n : j])
                if key in self._table:
                    return n, self._table[key]
        return None

    # Every length in turn: what the indexed look-ups above do, kept for indices outside the
    # token list, where slicing makes the answer depend on more than the first or last word.
    def _scan_at(self, tokens, i):
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            key = tuple(t.folded for t in tokens[i : i + n])
            if key in self._table:
                return n, self._table[key]
        return None

    def _scan_ending_at(self, tokens, j):
        for n in range(min(self.longest, j), 0, -1):
            key = tuple(t.folded for t in tokens[j - n : j])
            if key in self._table:
                return n, self._table[key]
        return None


def _lengths_by(keys, position: int) -> dict[str, tuple[int, ...]]:
    """Folded word -> lengths of the keys that have it at ``position`` (0 or -1), longest first."""
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key[position], set()).add(len(key))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}


def _with_suffixes(entries: dict, suffixes: list[str]) -> dict:
    """The entries and, for each suffix, the entry with the suffix on its last word: "prajurit" ->
    "prajuritnya" (his/its soldiers)."""
    out = dict(entries)
    for phrase, value in entries.items():
        for suffix in suffixes:
            out.setdefault(phrase + suffix, value)
    return out


def _singulars(entries: dict, endings: dict) -> dict:
    """Singular forms of plural entries by the language's endings, longest ending first:
    {"ies": "y", "s": ""} makes "casualty" of "casualties" and "soldier" of "soldiers"."""
    out = {}
    ordered = sorted(endings.items(), key=lambda kv: -len(kv[0]))
    for phrase, value in entries.items():
        for ending, replacement in ordered:
            if phrase.endswith(ending) and len(phrase) > len(ending) + 2:
                out.setdefault(phrase[: -len(ending)] + replacement, value)
                break
    return out


def _plurals(entries: dict, endings: dict, links) -> dict:
    """Plural forms of entries by the language's endings read backwards, the last word only:
    {"ies": "y", "s": ""} makes "lawmakers" of "lawmaker" and "deputies" of "deputy". Entries
    with a linking word ("chief of staff") or an abbreviation ("gen.") have none."""
    out = {}
    ordered = sorted(endings.items(), key=lambda kv: -len(kv[1]))  # the longest replacement first
    for phrase, value in entries.items():
        words = phrase.split()
        if phrase.endswith(".") or any(w in links for w in words) or len(words[-1]) < 3:
            continue
        for ending, replacement in ordered:
            stem = words[-1][: len(words[-1]) - len(replacement)]
            if words[-1].endswith(replacement) and not (replacement and stem[-1:] in "aeiou"):  # "envoys", not "envoies"
                last = stem + ending
                out.setdefault(" ".join(words[:-1] + [last]), value)
                break
    return out


def _folded(section: dict, key: str) -> set[str]:
    """The words a lexicon section lists under ``key``, case- and diacritic-folded as text is."""
    return {fold(w) for w in section.get(key, [])}


def _table(values) -> PhraseTable:
    if isinstance(values, dict):
        return PhraseTable(values)
    return PhraseTable({v: True for v in values})


@dataclass(frozen=True)
class Verb:
    stance: str
    # Where the speaker stands: "before" (X said), "after" (..., according to X), "either",
    # "pronoun" (a pronoun fused to the verb: "ujarnya"), "agent" (the doer right after a passive:
    # "disampaikan Brown"), "inverted" (only after the words reported: ", ungkap UKMTO") or
    # "subject" (a participle speaks for its clause's subject: "..., saying that ...").
    speaker: str
    # The verb reports only with someone or something asked of ("mendesak Kyiv", "mendesak agar
    # ..."); without it, it is an act of force ("pasukan mendesak pinggiran kota").
    addressed: bool = False


def _forms(lemmas: dict, forms: dict) -> tuple[dict[str, Verb], dict[str, Verb]]:
    """The written forms of the reporting verbs: (forms for running text, forms for headlines).

    Each form class in ``forms`` makes a word from a verb's base with the first of its
    [pattern, replacement] rules that matches, then adds the verb's suffixes when the class takes
    them. A verb may give irregular forms and limit itself to some classes (see the lexicons)."""
    text: dict[str, Verb] = {}
    headline: dict[str, Verb] = {}
    for base, spec in lemmas.items():
        suffixes = spec.get("suffix", "")
        suffixes = [suffixes] if isinstance(suffixes, str) else list(suffixes)
        only = spec.get("only")
        irregular = spec.get("irregular", {})
        for name, form in forms.items():
            if only is not None and name not in only:
                continue
            if name in irregular:
                written = irregular[name]
                words = [written] if isinstance(written, str) else list(written)
            else:
                stem = next((re.sub(p, r, base, count=1) for p, r in form["rules"] if re.search(p, base)), None)
                if stem is None:
                    continue
                words = [stem + x for x in suffixes] if form.get("suffix") else [stem]
            target = headline if form.get("headline") else text
            info = Verb(spec["stance"], form.get("speaker", spec.get("speaker", "before")), spec.get("addressed", False))
            for word in words:
                if word:
                    target.setdefault(fold(word), info)
    return text, headline


class Lexicon:
    def __init__(self, data: dict):
        self.language: str = data["language"]
        self.months = {fold(k): v for k, v in data["months"].items()}
        self.weekdays = {fold(k): v for k, v in data["weekdays"].items()}
        self.relative_days = _table(data.get("relative_days", {}))
        dates = data.get("dates", {})
        self.day_prefixes = _folded(dates, "day_prefixes")
        self.range_words = _folded(dates, "range_words")
        self.times_of_day = _table(dates.get("times_of_day", []))
        numbers = data["numbers"]
        self.thousands_separator: str = numbers["thousands_separator"]
        self.decimal_separator: str = numbers["decimal_separator"]
        self.linking_words = _folded(numbers, "linking_words")
        self.fillers = _table(numbers.get("fillers", []))
        self.ellipsis = _folded(numbers, "ellipsis")
        # "250 di antaranya adalah narapidana": a copula between a part and the noun it is
        self.count_copulas = _folded(numbers, "count_copulas")
        # "41st", "2nd": a suffix written onto a numeral makes it an ordinal, no count
        self.ordinal_suffixes = _folded(numbers, "ordinal_suffixes")
        self.inclusion_words = _table(numbers.get("inclusion_words", []))
        self.coordinators = _folded(data["reporting"], "coordinators")
        self.partitives = _table(numbers.get("partitives", []))
        self.count_verbs = _table(numbers.get("count_verbs", {}))
        self.multipliers = {fold(k): v for k, v in numbers.get("multipliers", {}).items()}
        self.number_words = {fold(k): v for k, v in numbers.get("words", {}).items()}
        self.teens = {fold(k): v for k, v in numbers.get("teens", {}).items()}  # "dua belas" = 2 + 10
        self.bounds = _table({p: bound for bound, phrases in numbers["bounds"].items() for p in phrases})
        counts = data.get("counts", {})
        suffixes = [fold(s) for s in numbers.get("possessive_suffixes", [])]
        self.counts = _table(_with_suffixes(counts, suffixes))
        # Singulars ("one soldier"), derived from the plurals by the language's endings; they
        # count only for the number one.
        self.counts_singular = _table(_singulars(counts, numbers.get("singular_endings", {})) | numbers.get("singular_counts", {}))
        self.counts_before = _table(data.get("counts_before", {}))
        # What happened to the people counted, after them or after the number ("15 soldiers were
        # killed", "30 tewas"); the words that may stand between ("had been", "telah").
        self.count_states = _table(numbers.get("states", {}))
        # Words before a state that make the people counted part of those it befell ("were
        # among those taken prisoner").
        self.state_openers = _table(numbers.get("state_openers", []))
        self.auxiliaries = _folded(numbers, "auxiliaries")
        self.post_modifiers: int = numbers.get("post_modifiers", 0)
        self.max_gap: int = numbers.get("max_gap", 1)
        self.post_links = _folded(numbers, "post_links")
        self.modifier_links = _folded(numbers, "modifier_links")
        self.clause_words = _folded(numbers, "clause_words")
        self.generic_people = _folded(numbers, "generic_people")
        # People counted for being hurt or ill already: a wounded state does not change their kind
        # ("23 patients with severe injuries" stay people).
        self.hurt_people = {fold(w) + x for w in numbers.get("hurt_people", []) for x in ["", *(fold(s) for s in numbers.get("possessive_suffixes", []))]}
        self.collectives = {fold(p) + w: v for p in numbers.get("collective_prefixes", []) for w, v in self.number_words.items() if v >= 2}
        self.transitive_states = _folded(numbers, "transitive_states")
        self.number_negators = _folded(numbers, "negators")
        not_counted = dict.fromkeys(numbers.get("not_counted", []), True)
        self.not_counted = _table(not_counted | _singulars(not_counted, numbers.get("singular_endings", {})))
        self.reach_words = _folded(numbers, "reach_words")
        self.and_words = _folded(numbers, "and_words")
        self.numbering_words = _folded(numbers, "numbering_words")
        self.percent_words = _table(numbers.get("percent", []))
        self.classifiers = _folded(numbers, "classifiers")
        self.range_words = _folded(numbers, "range_words")
        self.range_openers = {fold(k): {fold(w) for w in v} for k, v in numbers.get("range_openers", {}).items()}
        self.range_not_after = _folded(numbers, "range_not_after")
        self.strength_words = _folded(numbers, "strength_words")
        self.strength_nouns = _table(numbers.get("strength_nouns", {}))
        # The kind of a strength said of the subject ("the group says it is 15,000-strong").
        self.strength_alone: str | None = numbers.get("strength_alone")
        # Words opening a clause with the whole a later count is part of: "of the 200 released, 121 ...".
        self.whole_openers = _folded(numbers, "whole_openers")
        self.totals = _table(numbers.get("totals", []))
        self.demonym_words = _folded(data, "demonym_words")
        reporting = data["reporting"]
        derived, headline = _forms(reporting.get("lemmas", {}), reporting.get("forms", {}))
        verbs = {**derived, **{fold(k): Verb(**v) for k, v in reporting.get("verbs", {}).items()}}
        self.verbs = _table(verbs)
        self.single_verbs = {k: v for k, v in verbs.items() if " " not in k}
        # Bare verbs that report with their speaker before them in a headline ("Houthi Klaim
        # ...", "India Sebut ...", "Baku Umumkan ...").
        self.headline_verbs = headline
        # Verbs that report only with a quotation after them ("X called the campaign “...”").
        self.quotation_verbs = _forms(reporting.get("quotation_lemmas", {}), reporting.get("forms", {}))[0]
        self._verb_forms: dict[str, tuple[int, Verb] | None] = {}  # memo of _verb_form
        # A typo keeps a verb's first and last letters: group the verbs by them, in table order.
        self._verbs_by_ends: dict[tuple[str, str], list[tuple[str, Verb]]] = {}
        for verb, info in self.single_verbs.items():
            if verb:
                self._verbs_by_ends.setdefault((verb[0], verb[-1]), []).append((verb, info))
        self.complementisers = _folded(reporting, "complementisers")
        # Words after an addressed verb that open what was asked ("mendesak agar ...").
        self.request_markers = _folded(reporting, "request_markers")
        # Adverbs right before a verb that go on with the speaker's last words ("X juga mengatakan").
        self.continuation_adverbs = _folded(reporting, "continuation_adverbs")
        self.negations = _folded(reporting, "negations")
        self.refusals = _table(reporting.get("refusals", []))
        self.pronouns = _folded(reporting, "pronouns")
        self.coordinators = _folded(reporting, "coordinators")
        self.pronoun_clitics = [fold(w) for w in reporting.get("pronoun_clitics", [])]
        self.organisation_pronouns = _folded(reporting, "organisation_pronouns")
        # "..., according to a statement issued by his office": the sentence's own speaker's side
        self.possessive_pronouns = _folded(reporting, "possessive_pronouns")
        self.source_cues = _table(reporting.get("source_cues", []))
        self.negative_subjects = _folded(reporting, "negative_subjects")
        # Words that make the clause after them a condition, not a report: "until X says ...".
        self.hypotheticals = _folded(reporting, "hypotheticals")
        # Words after a verb form that make it a noun: "the Houthi claim of 12 deaths".
        self.noun_markers_after = _folded(reporting, "noun_markers_after")
        self.between = _table(reporting.get("between", []))
        self.between_prepositions = _table(reporting.get("between_prepositions", []))
        self.anonymous = _table(reporting.get("anonymous", []))
        self.indefinites = _folded(reporting, "indefinites")
        self.statement_nouns = _table(reporting.get("statement_nouns", []))
        self.figure_nouns = _table(reporting.get("figure_nouns", []))
        self.figure_sources = _table(reporting.get("figure_sources", []))
        self.figure_verbs = _folded(reporting, "figure_verbs")
        self.estimate_verbs = _folded(reporting, "estimate_verbs")
        self.estimate_prepositions = _folded(reporting, "estimate_prepositions")
        self.back_references = _table(reporting.get("back_references", []))
        self.back_objects = _table(reporting.get("back_objects", []))
        self.outlet_nouns = _table(reporting.get("outlet_nouns", []))
        self.agent_markers = _folded(reporting, "agent_markers")
        # "the wing of the TPLF led by X said": a part of a body, which speaks for the body
        self.part_nouns = _table(reporting.get("part_nouns", []))
        self.audience_verbs = _folded(reporting, "audience_verbs")
        self.attribution_phrases = _table(reporting.get("attribution_phrases", []))
        # "in a written statement", "during a news conference", "in a lengthy post": the occasion
        # of saying, whatever few words describe it (kg/extract/attribution.py, _occasion_end)
        self.occasion_openers = _table(reporting.get("occasion_openers", []))
        self.occasion_nouns = _table(reporting.get("occasion_nouns", []))
        self.person_pronouns = _folded(reporting, "person_pronouns")
        self.insertion_openers = _folded(reporting, "insertion_openers")
        self.relatives = _folded(reporting, "relatives")
        self.conjunctions = _folded(reporting, "conjunctions")
        self.same_day = _table(reporting.get("same_day", []))
        self.citing_cues = _table(reporting.get("citing_cues", []))
        self.channel_cues = _table(reporting.get("channel_cues", []))
        self.audience_cues = _table(reporting.get("audience_cues", []))
        self.journalist_nouns = _table(reporting.get("journalist_nouns", []))
        self.channel_links = _folded(reporting, "channel_links")
        self.affiliation_links = _folded(reporting, "affiliation_links")
        self.evidence_nouns = _table(reporting.get("evidence_nouns", []))
        self.participle_suffix: str = reporting.get("participle_suffix", "")
        self.descriptions = _table({k: tuple(v.split()) for k, v in reporting.get("descriptions", {}).items()})
        self.branches = _table(reporting.get("branches", []))
        self.collective_words = {fold(k): v for k, v in reporting.get("collective_words", {}).items()}
        self.thing_pronouns = _folded(reporting, "thing_pronouns")
        self.demonstratives = _folded(reporting, "demonstratives")
        self.honorifics = _table(data.get("entities", {}).get("honorifics", []))
        self.definition_inner = {fold(w) for w in data.get("entities", {}).get("definition_inner", [])}
        places = data.get("places", {})
        self.place_prepositions = _folded(places, "prepositions")
        self.place_between = _folded(places, "between")
        # Words that make the country name after them its language: "berbahasa Inggris".
        self.language_before = _folded(places, "language_before")
        # Verbs of movement whose object is a place: a list of unknown names after one is a list of
        # places ("fled Zorbu, Mbala and Kesse").
        self.motion_verbs = _folded(places, "motion_verbs")
        self.route_nouns = _folded(places, "route_nouns")
        self.between_words = _folded(places, "between_words")
        self.designations = _folded(places, "designations")
        self.place_nouns = _table(places.get("place_nouns", []))
        self.place_heads = _table(places.get("place_heads", []))
        # Region and camp nouns and the label each gives a name: "Zanwa state" -> "Zanwa State",
        # "provinsi Zorba" -> "Provinsi Zorba" ({label, weak: a known town with it stays the town,
        # camp: a camp, not a region}).
        self.region_nouns_before = _table(places.get("region_nouns_before", {}))
        self.region_nouns_after = _table(places.get("region_nouns_after", {}))
        # Their plurals, shared by coordinated names: "the Kursk and Belgorod regions" are two
        # regions (the last word takes the plural suffix; each plural maps to its singular).
        self.region_plurals_after = _table({
            f"{noun}{suffix}": (noun, value)
            for noun, value in places.get("region_nouns_after", {}).items()
            for suffix in places.get("plural_suffixes", [])
        })
        # Words beside a bare name that make it the city, not a region named before ("kota Kursk").
        self.city_cues_before = _table(places.get("city_cues_before", []))
        self.city_cues_after = _table(places.get("city_cues_after", []))
        # Heads that describe a known place rather than name a new one: "Artibonite valley", "laut Nigeria".
        self.descriptive_heads = _folded(places, "descriptive_heads")
        # Common nouns that are capitalised in quotes and idioms but never name a place.
        self.common_nouns = _folded(places, "common_nouns")
        # Lower-case words between a place preposition and a name that describe the place:
        # "in rural Zorbu", "di pedalaman Zorbu".
        self.place_adjectives = _folded(places, "adjectives")
        # Verbs of leaving before a source preposition: "retreated from Zorbu", "mundur dari Zorbu".
        self.leaving_verbs = _table(places.get("leaving_verbs", []))
        self.source_prepositions = _folded(places, "source_prepositions")
        # A name set off by a comma and described by a place noun is a place: "Zorbu, the last
        # village held by ...", "Zorbu dan Mbala, dua permukiman kecil".
        self.apposed_place_nouns = _folded(places, "apposed_place_nouns")
        self.apposed_place_words = _folded(places, "apposed_place_words")
        self.apposed_place_blockers = _folded(places, "apposed_place_blockers")
        # Capitalised heads that open a geographic name: "Lake Zorbu", "Mount Mbala".
        self.heads_before = _folded(places, "heads_before")
        # Capitalised words that open a paragraph before a dash as a kicker, not a dateline's
        # place: "BREAKING -", "FOTO -".
        self.kicker_words = _folded(places, "kicker_words")
        # Words that close a list of places only: "di Zorbu, Mbala hingga Kesse".
        self.place_conjunctions = _folded(places, "conjunctions")
        # A capital standing for its government ("Kigali denied", "ties with Kigali") and the
        # words that keep it a city ("in Kigali", "from Kigali", "kota Kigali").
        metonymy = data.get("metonymy", {})
        self.city_before = _folded(metonymy, "city_before")
        self.city_after = _folded(metonymy, "city_after")
        self.predicate_words = _folded(metonymy, "predicate_words")
        self.subject_verbs = _folded(metonymy, "subject_verbs")
        self.relation_words = _folded(metonymy, "relation_words")
        self.relation_phrases = _table(metonymy.get("relation_phrases", []))
        self.subject_openers = _folded(metonymy, "subject_openers")
        self.verb_prefixes = tuple(fold(w) for w in metonymy.get("verb_prefixes", []))
        self.verb_suffixes = tuple(fold(w) for w in metonymy.get("verb_suffixes", []))
        self.conjunctions = _folded(metonymy, "conjunctions")
        self.relative_pronouns = _folded(metonymy, "relative_pronouns")
        # Words of a time or manner phrase that may stand between a capital and its verb ("Moscow
        # on Monday denied", "Washington dan Paris pekan lalu meminta"); weekdays and the words
        # of [relative_days] count too.
        self.interposed = _folded(metonymy, "interposed") | set(self.weekdays) | {
            w for phrase in data.get("relative_days", {}) for w in fold(phrase).split()
        }
        # Words that open a clause saying what the capital was asked to do ("press Abuja to deploy").
        self.control_markers = _folded(metonymy, "control_markers")
        # Relative words of place: an apposition they open keeps the capital a city ("Goma, where ...").
        self.place_relatives = _folded(metonymy, "place_relatives")
        # Participles fused to a capital that make it its government ("Moscow-installed"); any
        # other ("Moscow-based") keeps the city.
        self.government_participles = _folded(metonymy, "government_participles")
        entities = data["entities"]
        self.organization_heads = _table(entities.get("organization_heads", []))
        self.heads_first: bool = entities.get("heads_first", True)
        self.organization_inner = _folded(entities, "organization_inner")
        # Lower-case words of a post written after its title, before the name ("komandan lapangan X").
        self.title_modifiers = _folded(entities, "title_modifiers")
        self.unit_heads = _table(entities.get("unit_heads", []))
        # Unit heads that head a name only when capitalised ("Northern Command", not "the Russian command").
        self.named_heads_only = _folded(entities, "named_heads_only")
        self.troop_nouns = _table(entities.get("troop_nouns", []))
        self.troop_modifiers = _folded(entities, "troop_modifiers")
        self.stopwords = _folded(entities, "stopwords")
        self.alternative = _table(entities.get("alternative", []))
        self.determiners = _folded(entities, "determiners")
        self.name_particles = _folded(entities, "name_particles")
        self.portfolios = _folded(entities, "portfolios")
        self.title_links = _folded(entities, "title_links")
        self.spelling_variants = {fold(k): fold(v) for k, v in entities.get("spelling_variants", {}).items()}
        self.anaphora_before = _folded(entities, "anaphora_before")
        self.anaphora_after = _folded(entities, "anaphora_after")
        self.generic_organisation_nouns = _table(entities.get("generic_organisation_nouns", []))
        self.government_nouns = _table(entities.get("government_nouns", []))
        self.boilerplate = _table(data.get("boilerplate", {}).get("starts", []))
        self.name_prefixes = tuple(fold(w) for w in entities.get("name_prefixes", []))
        self.portfolio_words = _folded(entities, "portfolio_words")
        self.located_heads = _table(entities.get("located_heads", []))
        # "Hamas-run", "Houthi-controlled": the group that runs a place or body (kg/extract/bodies.py)
        self.control_suffixes = _folded(entities, "control_suffixes")
        self.affiliation_participles = _folded(entities, "affiliation_participles")
        # "the health ministry in Gaza": the preposition that ties a body to its place
        self.body_prepositions = _folded(entities, "body_prepositions")
        self.control_phrases = _table(entities.get("control_phrases", []))
        self.ordinal_suffixes = _folded(entities, "ordinal_suffixes")
        self.ordinal_prefixes = tuple(fold(w) for w in entities.get("ordinal_prefixes", []))
        self.government_modifiers = _folded(entities, "government_modifiers")
        # Armed groups named by a group noun: "the Zorbu militia", "kelompok Zorbu" (the name is
        # the group), "Zorbu Liberation Front" (a capitalised head ends the group's own name).
        self.group_nouns = _table(entities.get("group_nouns", []))
        self.group_name_heads = _table(entities.get("group_name_heads", []))
        self.group_modifiers = _folded(entities, "group_modifiers")
        # Words that make the name beside them a people, not a group: "suku Badui", "Fulani herders".
        self.people_before = [fold(w) for w in entities.get("people_before", [])]
        self.people_after = [fold(w) for w in entities.get("people_after", [])]
        # Words after which a personal name follows without a title: "led by X", "dipimpin X".
        self.person_cues = _table(entities.get("person_cues", []))
        self.company_nouns = _table(entities.get("company_nouns", []))
        self.governing_heads = _table(entities.get("governing_heads", []))
        # Words that open a personal name though written apart or in capitals: "U Kyaw Zaw", "Daw Khin".
        self.name_openers = {w for w in entities.get("name_openers", [])}
        self.direction_words = _folded(entities, "direction_words")
        # Online platforms and apps: never a place, a person or a group ("a statement on Telegram").
        self.platforms = _folded(entities, "platforms")
        # Function words that are also given names: "Oleh Mbalanko" (a Ukrainian given name) is
        # a name when written capitalised inside a sentence before another capitalised word.
        self.name_homographs = _folded(entities, "name_homographs")
        self.titles = _table(data.get("titles", {}))
        # Titles in the plural ("lawmakers A and B"), derived by the plural endings of [numbers].
        links = _folded(entities, "title_links")
        self.title_plurals = _table(_plurals(data.get("titles", {}), data["numbers"].get("singular_endings", {}), links))
        # Words after a title or a noun of people that introduce a name: "a commander named X".
        self.naming_cues = _table(entities.get("naming_cues", []))
        self.named_nouns = _table(entities.get("named_nouns", []))
        self.events = _table(data.get("events", {}))

    def looks_like_verb(self, token: Token) -> bool:
        """A lower-case word whose form marks it as a finite verb: an affix the lexicon lists
        ("denied", "menuding", "dibantah"), an auxiliary or adverb that opens a predicate, or a
        reporting verb."""
        word = token.folded
        if not token.is_word or token.is_capitalised:
            return False
        if word in self.predicate_words or word in self.single_verbs:
            return True
        if any(word.endswith(s) and len(word) >= len(s) + 3 for s in self.verb_suffixes):
            return True
        return any(word.startswith(p) and len(word) >= len(p) + 4 for p in self.verb_prefixes)

    def verb_at(self, tokens: list[Token], i: int) -> tuple[int, Verb] | None:
        """A reporting verb at token ``i``, tolerating one typo in long single-word verbs."""
        if i < 0 or tokens[i].folded in self.verbs.first_words:  # else no phrase can start here
            found = self.verbs.match_at(tokens, i)
            if found:
                return found
        # The rest depends on the word alone, and running text repeats its words: each is
        # worked out once (the memo is emptied now and then, so that it cannot grow for ever).
        word = tokens[i].folded
        found = self._verb_forms.get(word, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._verb_forms) >= _MEMO_SIZE:
                self._verb_forms.clear()
            found = self._verb_forms[word] = self._verb_form(word)
        return found

    def _verb_form(self, word: str) -> tuple[int, Verb] | None:
        """A one-word verb written with a fused pronoun or a typo."""
        for clitic in self.pronoun_clitics:
            # "ujarnya", "tulisnya": an "after" verb with the pronoun fused to it
            stem = self.single_verbs.get(word[: -len(clitic)]) if word.endswith(clitic) and len(word) > len(clitic) + 2 else None
            if stem is not None and stem.speaker in ("after", "agent", "inverted"):
                return 1, Verb(stem.stance, "pronoun")
        if len(word) >= 4 and word.isalpha():
            # Only verbs sharing the word's first and last letters can be its typo (_typo_of
            # checks that first); the first in table order still wins.
            for verb, info in self._verbs_by_ends.get((word[0], word[-1]), ()):
                if _typo_of(word, verb):
                    return 1, info
        return None


def _typo_of(word: str, verb: str) -> bool:
    """``word`` is ``verb`` with one slip of the keyboard: two letters swapped ("siad",
    "confimred"), or, in a long word, one letter added or dropped ("memngatakan", "mengatkan").
    A changed letter is not a slip: it makes other words ("menewaskan" is not "menegaskan"), and
    the last letter must be right, since endings carry grammar ("estimate" is not "estimates")."""
    if word == verb or word[-1] != verb[-1] or word[0] != verb[0]:
        return False
    if len(word) == len(verb):
        return _transposed(word, verb)
    return len(verb) >= 7 and len(word) >= 7 and _within_one_edit(word, verb) and _misshapen(word, verb)


_VOWELS = frozenset("aeiou")


def _misshapen(a: str, b: str) -> bool:
    """A letter added or dropped is a slip only where it breaks the word's shape: a vowel dropped
    (a syllable lost: "mengatkan"), a letter doubled or undoubled ("mengattakan", "anounced",
    "mengaakan"), or three consonants run together ("memngatakan"). Otherwise the word is as
    likely another word made the same way from another root: "diterbangkan" (flown) is no slip
    of "diterangkan", nor "mematikan" (deadly) of "memastikan"."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    letter = long[k]  # the letter one word has and the other lacks
    if letter in _VOWELS and long is b:
        return True  # a vowel dropped from the verb
    if (k > 0 and long[k - 1] == letter) or (k + 1 < len(long) and long[k + 1] == letter):
        return True
    if 0 < k < len(short) and short[k - 1] == short[k]:
        return True  # the drop made a double ("mengaakan")
    if long is a:  # a letter added: a run of three consonants through it
        lo = k
        while lo > 0 and long[lo - 1] not in _VOWELS:
            lo -= 1
        hi = k
        while hi + 1 < len(long) and long[hi + 1] not in _VOWELS:
            hi += 1
        return letter not in _VOWELS and hi - lo + 1 >= 3
    return False


def _transposed(a: str, b: str) -> bool:
    diffs = [k for k in range(len(a)) if a[k] != b[k]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diffs = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[k:] == long[k + 1 :]


def available() -> list[str]:
    return list(_available())


@cache
def _available() -> tuple[str, ...]:
    """The languages with a lexicon file: looked up once per process, not once per article."""
    return tuple(sorted(p.stem for p in HERE.glob("*.toml")))


@cache
def load(language: str) -> Lexicon:
    path = HERE / f"{language}.toml"
    if not path.exists():
        raise KeyError(f"no lexicon for language {language!r}; available: {', '.join(available())}")
    with path.open("rb") as f:
        return Lexicon(tomllib.load(f))


@cache
def furniture() -> PhraseTable:
    """The starts of site-furniture lines ("Baca Juga:", "Read more:", "ADVERTISEMENT") of every
    language: a site writes its furniture in whichever language it likes."""
    phrases: dict[str, object] = {}
    for language in available():
        with (HERE / f"{language}.toml").open("rb") as f:
            phrases.update({p: True for p in tomllib.load(f).get("boilerplate", {}).get("starts", [])})
    return PhraseTable(phrases)


def detect(text: str) -> str:
    """The available language whose function words cover most of the text's words."""
    words = [t.folded for t in tokenize(text[:5000]) if t.is_word]
    scores = {lang: sum(w in load(lang).stopwords for w in words) for lang in available()}
    return max(sorted(scores), key=lambda lang: scores[lang])
