"""Extraction: one article in, an :class:`Extraction` out. A pure function of its inputs.

sentences -> reference date -> mentions -> dates and numbers per sentence -> statements.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

from .. import gazetteer as gazetteer_module
from .. import lexicon
from ..articles import Article
from ..gazetteer import Gazetteer
from ..text import tokenize
from . import attribution, dates, numbers, sentences
from .mentions import MentionFinder, dateline
from .model import Extraction

__all__ = ["extract", "Extraction"]


def extract(article: Article, gazetteer: Gazetteer | None = None, today: date | None = None) -> Extraction:
    """Everything newskg reads from one article.

    ``today`` only matters for articles without a publication date, where a weekday-anchored date
    in the text ("Senin (28/10)") fixes the year: the latest fitting year not after ``today``.
    """
    gaz = gazetteer or gazetteer_module.default()
    language = _language(article)
    lex = lexicon.load(language)
    units = sentences.split(article.text, lexicon.furniture())
    reference = _reference_date(article, lex, today or date.today())

    finder = MentionFinder(article.text, units, lex, gaz, language)
    mentions = finder.run()

    affiliation = {p.holder: p.organization for p in finder.posts if p.organization}
    head = dateline(article.text)
    opening = _datelines(article.text, units)  # every paragraph's dateline: under a sub-head too
    # the article's own: "KYIV -" at the top, or "PORT SUDAN, March 22 -" under headline and bullet lines
    top = next((span for index, span in opening.items() if index < 6), None)
    paragraphs = Counter(s.paragraph for s in units)
    contexts = []
    for index, (sentence, sm) in enumerate(zip(units, finder.per_sentence)):
        found_dates = dates.find(article.text, sm.tokens, lex, reference)
        line = opening.get(index)
        if line is not None:
            found_dates = [d for d in found_dates if not line[0] <= d.start < line[1]]  # the filing date
        found_numbers = numbers.find(article.text, sm.tokens, lex, found_dates)
        _link_counts(found_numbers, sm.mentions)
        headline = paragraphs[sentence.paragraph] == 1 and attribution.is_headline(sentence.text) and not (index == 0 and head)
        lead = line[1] if line is not None else sentence.start
        contexts.append(attribution.Context(sentence, index, sm, found_dates, found_numbers, affiliation, headline, lead))
    unnamed: dict = {}
    posts: dict[str, set[str]] = {}
    for p in finder.posts:
        posts.setdefault(p.role, set()).add(p.holder)
    statements = attribution.find(contexts, finder.entities, lex, _capitals(finder, gaz), unnamed, posts)

    used = {m.entity for m in mentions} | {s.speaker for s in statements}
    used |= {s.outlet for s in statements if s.outlet} | {k for s in statements for k in s.citing}
    used |= {s.affiliation for s in unnamed.values() if s.affiliation}
    entities = {k: e for k, e in finder.entities.items() if k in used}
    _name_as_written(entities, mentions, article.text, language, lex, gaz, [u.start for u in units])
    posts = [p for p in finder.posts if p.holder in entities]
    related, country_of = _countries(entities, finder, gaz)
    place = None
    if top is not None:  # the place of the first dateline: "KYIV -" at the top or under a headline line
        place = next((m.entity for m in mentions if top[0] <= m.start < top[1] and entities[m.entity].type in ("Location", "Country")), None)
    return Extraction(
        article=article,
        language=language,
        reference_date=reference,
        sentences=units,
        entities=entities,
        mentions=mentions,
        posts=posts,
        statements=statements,
        dateline=place if head or top else None,
        related=related,
        country_of=country_of,
        sources=unnamed,
    )


def _datelines(text, units) -> dict[int, tuple[int, int]]:
    """The datelines that open paragraphs ("KYIV -" at the top, "GOMA —" after a sub-head):
    sentence index -> (start, end) in the text."""
    out = {}
    for index, s in enumerate(units):
        if index > 0 and units[index - 1].paragraph == s.paragraph:
            continue
        m = dateline(text[s.start :])
        if m is not None:
            out[index] = (s.start, s.start + m.end())
    return out


def _capitals(finder, gaz):
    """A capital that speaks is its country's government ("Kinshasa said"): city key -> country key."""

    def capital_of(key: str) -> str | None:
        entry = gaz.capital_of(key)
        return finder.entity_for(entry).key if entry is not None else None

    return capital_of


def _name_as_written(entities, mentions, text, language, lex, gaz, starts=()) -> None:
    """An entity with no Wikidata link is known only by its name, so its preferred label is a
    name the article uses: the gazetteer's own when the text has it, else the fullest written
    name (acronyms and pronoun-like references aside). A description ("Rwandan soldiers",
    "Sudan's army") is not a name: an entity the gazetteer names keeps the gazetteer's label
    then. The gazetteer's labels stay as labels. A linked body the article names only by its
    acronym ("told AFP") is known by that acronym in the article. A gazetteer row, linked or
    not, whose labels the article never writes is known by the fullest of its other names the
    article writes (:func:`_row_name_as_written`): "Suwayda" for the row labelled "Sweida"."""
    folded = text.casefold()
    lower = None  # the article's words written in lower case, on first need
    for key, entity in entities.items():
        if entity.label.casefold() in folded:
            continue
        if entity.labels and not any(label.casefold() in folded for label in entity.labels.values()):
            written = _row_name_as_written(key, entity, mentions, text, lex, gaz, starts)
            if written:
                entity.aliases.add(entity.label)
                entity.label, entity.language = written, language
                continue
        if entity.wikidata and any(
            m.entity == key and not m.nested and m.text[:1].isupper() and not m.text.isupper()
            and _as_name(m.text, lex, gaz)
            for m in mentions
        ):
            continue  # "US Defense Dept": a written variant of a linked body's label the gazetteer does not list
        if entity.wikidata and (
            entity.type not in ("Organization", "MilitaryUnit")
            or any(label.casefold() in folded for label in entity.labels.values())
        ):
            # a linked body keeps the gazetteer's label unless the article names it only by its
            # acronym: "told AFP" names "AFP", not "Agence France-Presse"
            continue
        names = [
            m.text for m in mentions
            if m.entity == key and not m.nested and m.text[:1].isupper() and not m.text.isupper()
            and not entity.wikidata
            and text[m.end : m.end + 2] not in ("'s", "’s")  # "General Staff of Ukraine's Armed Forces": cut short
            and m.text.casefold() not in lex.direction_words  # "East" in "East and West Gojjam zones": half a name
        ]
        if entity.labels:
            own_labels = {label.casefold() for label in entity.labels.values()}
            names = [n for n in (_as_name(n, lex, gaz, own_labels) for n in names) if n]
            opening = [m for m in mentions if m.entity == key and m.text in names and _opens_sentence(text, m, starts)]
            if opening:
                # "Pemberontak M23 ..." opening a sentence: a common noun capitalised by its place
                # ("pemberontak M23" elsewhere) is no word of the name
                if lower is None:
                    lower = {w for w in re.findall(r"(?<![\w'’-])[^\W\d_A-Z][\w'’-]*", text) if w[:1].islower()}
                common = {m.text for m in opening if m.text.split()[0].casefold() in lower and not _head_word(m.text, lex)}
                names = [n for n in names if n not in common]
        # "Yonhap" for "Yonhap News Agency": a one-word label of the row's own stands for a longer name
        own = {label.casefold() for label in entity.labels.values()} if len(entity.label.split()) > 1 else set()
        names = [n for n in names if len(n.split()) > 1 or not entity.labels or n.casefold() in own]
        if not names and entity.type in ("Organization", "MilitaryUnit"):
            # "M23 rebels", "OCHA said": a body the article names only by its acronym is known by it
            names = [m.text for m in mentions if m.entity == key and not m.nested and m.text.isupper() and len(m.text) > 1]
        if names:
            entity.aliases.add(entity.label)
            entity.label = max(names, key=len)
            entity.language = language


def _row_name_as_written(key, entity, mentions, text, lex, gaz, starts) -> str | None:
    """The name of a gazetteer row as this article writes it, when the article writes none of
    the row's labels: the label spelled as the article spells its words ("Jimmy Cherizier" for
    "Jimmy Chérizier"), else the fullest of the row's other names the article writes ("Suwayda"
    for "Sweida", "UN Office for the Coordination of Humanitarian Affairs" for "United Nations
    Office for ..."). An acronym, one word of a longer label (a surname), a description with
    common words ("M23 rebels", "UN humanitarian office") and a name cut short by a possessive
    ("General Staff of Ukraine's Armed Forces") are no fuller name, nor are a country's soldiers
    ("Tentara Suriah")."""
    own = [m for m in mentions if m.entity == key and not m.nested]
    spelled = {t.folded: t.text for m in own for t in tokenize(m.text) if t.is_word}
    respelled = _respelled(entity.label, spelled)
    if respelled != entity.label:
        return respelled
    several = len(entity.label.split()) > 1
    counts = Counter()
    for m in own:
        words = [t for t in tokenize(m.text) if t.is_word]
        if not words or m.text.isupper() or (several and len(words) == 1) or text[m.end : m.end + 2] in ("'s", "’s"):
            continue
        if not all(_name_word(t, lex) for t in words) or not _name_word(words[-1], lex, inner=False):
            continue  # "South Korean military": a name ends in a word of its own
        if _country_troops(list(tokenize(m.text)), lex, gaz):
            continue  # "Tentara Suriah": a country's soldiers, as for every name (_as_name)
        if _opens_sentence(text, m, starts) and not _head_word(m.text, lex) and re.search(rf"(?<![\w'’-]){re.escape(words[0].text.lower())}(?![\w'’-])", text):
            continue  # "Pemberontak M23" opening a sentence, "pemberontak M23" elsewhere: a common noun
        hit = gaz.match_at(words, 0)
        if hit and hit[0] == len(words) and any(e.key == key for e in hit[1]):
            counts[m.text] += 1
    if not counts:
        return None
    return max(counts, key=lambda n: (len(n.split()), counts[n], n))


def _name_word(t, lex, inner: bool = True) -> bool:
    """A word that can stand in a proper name: capitalised, a number, a particle fused to a
    personal name ("al-Baba") or, ``inner``, a joining word ("of", "bin")."""
    if t.is_capitalised or t.text[:1].isdigit():
        return True
    if inner and (t.folded in lex.organization_inner or t.folded in lex.title_links or t.folded in lex.name_particles):
        return True
    return any(t.folded.startswith(p) and len(t.text) > len(p) + 1 and t.text[len(p)].isupper() for p in lex.name_prefixes)


def _respelled(name: str, spelled: dict[str, str]) -> str:
    """``name`` with each word as the article spells it (same letters, other diacritics)."""
    out, at = [], 0
    for t in tokenize(name):
        if t.is_word and t.folded in spelled and spelled[t.folded] != t.text and spelled[t.folded].casefold() != t.text.casefold():
            out += [name[at : t.start], spelled[t.folded]]
            at = t.end
    return "".join(out) + name[at:] if out else name


def _head_word(written: str, lex) -> bool:
    """Whether a name opens with the head word of a body's name ("Kementerian Pertahanan ...",
    "Brigade ..."): capitalised as a part of the name, not by the sentence."""
    tokens = list(tokenize(written))
    return bool(lex.organization_heads.match_at(tokens, 0) or lex.unit_heads.match_at(tokens, 0))


def _opens_sentence(text, mention, starts) -> bool:
    """Whether a mention opens its sentence (past a dateline or other upper-case words only)."""
    if mention.sentence >= len(starts):
        return False
    before = text[starts[mention.sentence] : mention.start]
    return not any(c.islower() for c in before)


def _as_name(written: str, lex, gaz, own_labels=frozenset()) -> str | None:
    """A written form that is a name, or None for a description: "South Korea's National
    Intelligence Service" and "National Liberation Army" are names; "Rwandan soldiers",
    "Somali Army" (a country's troops) and "Sudan's army" (a lower-case content word) name
    nothing."""
    tokens = list(tokenize(written))
    cut = max((k for k, t in enumerate(tokens) if t.text in ("'s", "’s")), default=-1)
    rest = tokens[cut + 1 :]
    if any(t.is_word and "-" in t.text and t.text.rsplit("-", 1)[1][:1].islower() for t in rest):
        return None  # "Kenyan-led Multinational Security Support": a description in front of the name
    words = [k for k, t in enumerate(rest) if t.is_word]
    # a gazetteer label written out ("Angkatan Bersenjata Ukraina") leaves the row's label be
    formal = written.casefold() not in own_labels and _formal_forces(rest, words, lex)
    if not formal and _country_troops(rest, lex, gaz):
        return None  # "Tentara Somalia", "Somali Troops": a country's soldiers, not a name
    if not rest or any(t.is_word and not t.is_capitalised and not t.text[:1].isdigit() and t.folded not in lex.organization_inner and t.folded not in lex.title_links for t in rest):
        return None
    return written  # the possessor stays: "Russia's Defense Ministry" is how the text names it


def _country_troops(tokens, lex, gaz) -> bool:
    """Whether words name a country's soldiers and nothing of their own: "Tentara Somalia",
    "Somali Troops"."""
    words = [k for k, t in enumerate(tokens) if t.is_word]
    return bool(words) and bool(lex.troop_nouns.match_at(tokens, words[0]) or lex.troop_nouns.match_ending_at(tokens, words[-1] + 1)) and _only_countries(tokens, words, lex, gaz)


def _formal_forces(tokens, words, lex) -> bool:
    """A troop noun of two or more words, written capitalised, heads a formal name: "Nigerien
    Armed Forces", "Armed Forces of Ukraine" name the country's military as it calls itself,
    where "Somali Troops" or "Somali Army" only say whose soldiers they are."""
    if not words:
        return False
    spans = []
    if found := lex.troop_nouns.match_at(tokens, words[0]):
        spans.append(tokens[words[0] : words[0] + found[0]])
    if found := lex.troop_nouns.match_ending_at(tokens, words[-1] + 1):
        spans.append(tokens[words[-1] + 1 - found[0] : words[-1] + 1])
    return any(len(span) >= 2 and all(t.is_capitalised for t in span) for span in spans)


def _only_countries(tokens, words, lex, gaz) -> bool:
    """Whether the words of a name beside its troop noun only name a country ("Somali",
    "Korea Utara", "Republic of Korea"): then it says whose soldiers they are, no name of its
    own ("National Liberation Army", "Arakan Army" are names)."""
    k = 0
    while k < len(tokens):
        if not tokens[k].is_word or tokens[k].folded in lex.organization_inner:
            k += 1
            continue
        troop = lex.troop_nouns.match_at(tokens, k)
        if troop:
            k += troop[0]
            continue
        demonym = gaz.demonym_at(tokens, k)
        if demonym:
            k += demonym[0]
            continue
        hit = gaz.match_at(tokens, k)
        if hit and any(e.type == "Country" for e in hit[1]):
            k += hit[0]
            continue
        return False
    return True


def _countries(entities, finder, gaz):
    """Link each entity to its country; describe countries the article names only implicitly."""
    related, country_of = {}, {}
    for key, entity in entities.items():
        if not entity.country or entity.type == "Country":
            continue
        entry = gaz.country(entity.country)
        if entry is None:
            continue
        country = finder.entity_for(entry)
        country_of[key] = country.key
        if country.key not in entities:
            related[country.key] = country
    return related, country_of


def _language(article: Article) -> str:
    if article.language and article.language.lower()[:2] in lexicon.available():
        return article.language.lower()[:2]
    return lexicon.detect(article.text)


def _reference_date(article: Article, lex, today: date) -> date | None:
    published = article.published
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return dates.infer_reference(article.text, tokenize(article.text[:3000]), lex, today)


def _link_counts(quantities, mentions) -> None:
    """"3.000 tentara Korea Utara": the count is of the army mentioned right at the noun."""
    for q in quantities:
        for m in mentions:
            if not m.nested and m.start <= q.end and m.end > q.start and m.start >= q.start:
                q.count_of = m.entity
                break

