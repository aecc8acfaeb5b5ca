"""Citation chains and unnamed sources: who carried the words, whom the speaker cites, and the
speakers the text does not name.

* **Outlet** (``Statement.outlet``): the organisation that carried a statement, after a channel
  cue of the lexicon: a citation cue of the article ("dilansir Reuters", "seperti dikutip Antara",
  "as reported by Reuters"), an interview or audience phrase ("X told Reuters", "said in an
  interview with the BBC", "kepada wartawan Kompas"). The outlet is a channel, never the speaker,
  and never what the statement is about: only an organisation in such a position is one, and a
  name that says it is a body of another kind ("the UN Security Council") is not.
* **Cited source** (``Statement.citing``): what follows a citing cue that belongs to the
  statement's attribution ("X, citing Y, said", "X, mengutip sumber lokal, mengatakan", "Citing
  Y, X said", "X said, citing Y", "based on reports from Y"): a named actor, or an unnamed source.
* **Unnamed source** (:class:`AnonymousSource`): a noun phrase headed by a noun of the lexicon's
  ``anonymous`` list ("a senior US official", "sumber militer", "diplomats familiar with the
  matter"), with its words as written and the country or organisation it names as affiliation
  ("US official" -> United States, "pejabat ... Korea Selatan" -> South Korea). An unnamed source
  speaks or is cited; it is never a named speaker.

Everything here is local to one sentence and linear in its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import Lexicon
from ..text import QUOTES_CLOSE, QUOTES_OPEN, Token
from .model import AnonymousSource, Entity, Mention, Statement

_PHRASE = 14  # longest description of an unnamed or cited source, in tokens
_AFFILIATES = ("Country", "Organization", "MilitaryUnit")  # what an unnamed source can belong to
_CITED = ("Person", "Organization", "MilitaryUnit", "Country")  # what a named cited source can be


def key_of(start: int) -> str:
    """The key of the unnamed source whose description starts at char ``start``: no Entity key
    has this form."""
    return f"AnonymousSource:{start}"


@dataclass
class Sentence:
    """What the rules need of one sentence."""

    text: str
    start: int  # char offset of the sentence
    tokens: list[Token]
    mentions: list[Mention]  # all of them, nested ones too
    lead: int = 0  # char offset where the sentence's own words start (after a dateline)
    dates: frozenset[int] = frozenset()  # indices of the tokens inside dates

    def span(self, a: int, b: int) -> str:
        """The text of tokens a..b (inclusive) as written."""
        return self.text[self.tokens[a].start - self.start : self.tokens[b].end - self.start]


# --- unnamed sources -------------------------------------------------------------------------------


def unnamed(s: Sentence, a: int, b: int, entities: dict[str, Entity], lex: Lexicon, named: set[int],
            sources: dict[str, AnonymousSource], capital_of=None, subject: bool = True) -> str | None:
    """The unnamed source described by tokens a..b (inclusive), registered in ``sources``; None
    when no noun of an unnamed source heads them (outside names, the token indices in ``named``).
    The description starts at the words that modify the noun (an indefinite, adjectives, a
    country: "A senior US official"), after a date, a preposition or a relative before them,
    and runs to ``b``.

    A ``subject`` (the phrase before its verb) is no source when a preposition or a verb of
    saying governs it ("berkoordinasi dengan otoritas ... untuk memastikan", "said militants
    beheaded two men accused ...": objects, not speakers), or when a verb stands before its noun."""
    tokens = s.tokens
    head = next((x for x in range(a, b + 1) if x not in named and lex.anonymous.match_at(tokens, x)), None)
    if head is None:
        return None
    first = head
    prepositions = lex.place_prepositions | lex.between_prepositions.first_words
    stops = prepositions | lex.complementisers | lex.relatives | lex.coordinators | lex.conjunctions
    while first - 1 >= a and tokens[first - 1].is_word and first - 1 not in s.dates and tokens[first - 1].folded not in stops and not lex.verb_at(tokens, first - 1):
        first -= 1
    if subject:
        before = tokens[first - 1] if first > 0 else None
        if before is not None and before.is_word and (before.folded in prepositions or lex.verb_at(tokens, first - 1)) and first - 1 not in s.dates:
            return None
        if any(lex.looks_like_verb(tokens[x]) and x not in named for x in range(first, head)):
            return None
    while b > head and not tokens[b].is_word:
        b -= 1
    for x in range(head + 1, b + 1):
        if tokens[x].folded in stops or tokens[x].folded in lex.affiliation_links:
            break  # "yang enggan disebut namanya", "familiar with the plans": a clause or phrase of its own
        if x not in named and lex.looks_like_verb(tokens[x]):
            return None  # "some 250,000 people had been ordered ...": a clause, not a source
    return _register(s, first, b, head, entities, lex, sources, capital_of)


def _register(s, first, last, head, entities, lex, sources, capital_of) -> str:
    start = s.tokens[first].start
    key = key_of(start)
    if key not in sources or sources[key].end < s.tokens[last].end:  # read again, further
        sources[key] = AnonymousSource(
            key=key,
            description=s.span(first, last),
            language=lex.language,
            affiliation=_affiliation(s, first, last, head, entities, lex, capital_of),
            start=start,
            end=s.tokens[last].end,
        )
    return key


def _affiliation(s: Sentence, first: int, last: int, head: int, entities, lex, capital_of) -> str | None:
    """The country or organisation an unnamed source belongs to: named in the words that modify
    its noun ("a senior *US* official", "sumber militer *Israel*", "pejabat senior *Korea
    Selatan*") or after a linking word right after them ("an official *at the Defence
    Ministry*"). The outermost name wins ("militer Israel", not "Israel"). None when the
    description names none, or names a place only ("residents in Gaza")."""
    tokens = s.tokens
    lo, hi = tokens[first].start, tokens[last].end
    # The noun phrase proper: before the noun up to it, and after it up to the first word that
    # opens a clause or phrase (a relative, a preposition other than a linking word).
    end = head + 1
    while end <= last and tokens[end].is_word and tokens[end].folded not in lex.relatives and not lex.between_prepositions.match_at(tokens, end) and tokens[end].folded not in lex.place_prepositions:
        end += 1
    k = end
    while k <= last and (tokens[k].folded in lex.affiliation_links or tokens[k].folded in lex.determiners):
        k += 1
    reach = tokens[k].end if k > end and k <= last else tokens[end - 1].end
    inside = [m for m in s.mentions if lo <= m.start and m.end <= min(hi, reach)]
    if k > end and k <= last:
        inside = [m for m in inside if m.end <= tokens[end - 1].end or m.start == tokens[k].start]
    if any(tokens[x].folded in lex.conjunctions for x in range(first, end)):
        return None  # "UN and army officials": more than one body
    outer = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end) for o in inside)]
    for m in outer:
        e = entities.get(m.entity)
        if e is None:
            continue
        if e.type in _AFFILIATES:
            return m.entity
    return None


def phrase_after(s: Sentence, j: int, lex: Lexicon, stop_at: set[int] | None = None) -> int:
    """The last token of the noun phrase that starts at token ``j``: up to a comma, a quotation
    mark, a reporting verb, a complementiser or the end, at most _PHRASE tokens (-1 when empty)."""
    tokens = s.tokens
    last = j - 1
    for k in range(j, min(len(tokens), j + _PHRASE)):
        t = tokens[k]
        if t.text in ",;:.!?()" or t.text in QUOTES_OPEN + QUOTES_CLOSE or t.folded in lex.complementisers:
            break
        if (stop_at and k in stop_at) or (k > j and lex.verb_at(tokens, k)):
            break
        last = k
    return last


# --- outlets and cited sources of the statements of one sentence ----------------------------------


@dataclass
class Attribution:
    """A statement of the sentence with where its attribution stands (token indices)."""

    statement: Statement
    begin: int  # first token of the attribution (speaker or verb)
    verb: int  # the reporting verb


def annotate(s: Sentence, found: list[Attribution], entities: dict[str, Entity], lex: Lexicon, outlets: set[str],
             named: set[int], sources: dict[str, AnonymousSource], capital_of=None) -> None:
    """Fill the outlet and the cited sources of the sentence's statements."""
    if not found:
        return
    for cue_at, outlet in channels(s, entities, lex, outlets):
        for a in _owners(s, found, cue_at, lex):
            if a.statement.speaker != outlet and a.statement.outlet is None:
                a.statement.outlet = outlet
    for cue_at, cited in citations(s, entities, lex, named, sources, capital_of):
        for a in _owners(s, found, cue_at, lex)[:1]:
            if cited != a.statement.speaker and cited not in a.statement.citing:
                a.statement.citing.append(cited)


def _owners(s: Sentence, found: list[Attribution], c: int, lex: Lexicon) -> list[Attribution]:
    """The statements a cue at token ``c`` belongs to: the one whose attribution holds it ("X,
    citing Y, said"); else the one whose verb comes last before it ("X told Reuters", "X said,
    citing Y"); else, a cue that opens the sentence ("Dilansir Reuters, X mengatakan"), every
    statement after it."""
    inside = [a for a in found if a.begin <= c <= a.verb]
    if inside:
        return inside[:1]
    before = [a for a in found if a.verb < c]
    if before:
        return [max(before, key=lambda a: a.verb)]
    opens = all(t.start < s.lead or not t.is_word for t in s.tokens[:c]) or (c > 0 and s.tokens[c - 1].text in ",;")
    return [a for a in found if a.begin > c] if opens else []


def channels(s: Sentence, entities, lex: Lexicon, outlets: set[str]) -> list[tuple[int, str]]:
    """(cue token, outlet key) for each organisation the sentence names as carrying the words."""
    tokens = s.tokens
    by_start = {}
    for m in s.mentions:
        if not m.nested or m.start not in by_start:
            by_start.setdefault(m.start, m)
    out = []
    for table, strong in ((lex.source_cues, True), (lex.channel_cues, True), (lex.audience_cues, False)):
        for c in table.starts(tokens):
            hit = table.match_at(tokens, c)
            if not hit or lex.citing_cues.match_at(tokens, c):
                continue  # "citing Y", "mengutip Y": whom the speaker cites, below
            j = c + hit[0]
            noun = False
            m = None
            while j < len(tokens) and (m := by_start.get(tokens[j].start)) is None:
                if tokens[j].folded in lex.determiners or tokens[j].folded in lex.channel_links:
                    j += 1
                    continue
                n = lex.outlet_nouns.match_at(tokens, j) or lex.journalist_nouns.match_at(tokens, j)
                if not n:
                    break
                noun = True
                j += n[0]
            if m is None:
                continue
            e = entities.get(m.entity)
            if m.text[:1].islower() and lex.outlet_nouns.match_at(tokens, j):
                noun = True  # "kantor berita SANA": the outlet noun is part of the name
            elif m.text[:1].islower():
                continue  # "the ministry": a description
            if e is None or e.type != "Organization":
                continue
            if not noun and not _outlet_name(e, lex):
                continue  # "told the UN Security Council": a body of another kind heard it
            if not strong and not noun and m.entity not in outlets:
                continue
            out.append((c, m.entity))
    return out


def _outlet_name(e: Entity, lex: Lexicon) -> bool:
    """A name that can be a news outlet's: it has an outlet noun ("Yonhap News Agency", "Kantor
    Berita Antara") or no head noun of another kind of organisation ("Reuters", "Kompas"; not
    "UN Security Council", "Ministry of Defence")."""
    from ..text import tokenize

    for name in {e.label, *e.labels.values(), *e.aliases}:
        words = tokenize(name)
        if any(lex.outlet_nouns.match_at(words, k) for k in range(len(words)) if words[k].folded in lex.outlet_nouns.first_words):
            return True
    words = tokenize(e.label)
    return not any(lex.organization_heads.match_at(words, k) for k in range(len(words)))


def citations(s: Sentence, entities, lex: Lexicon, named: set[int], sources, capital_of=None) -> list[tuple[int, str]]:
    """(cue token, cited key) for each source the sentence cites: "citing Y", "mengutip Y",
    "based on reports from Y". An unnamed source when a noun of one heads the phrase after the cue
    ("citing intelligence sources", "sumber lokal"); else the actor the phrase opens with, or
    names after a noun of evidence ("citing data compiled by the WHO"); else nothing ("citing
    intercepted radio traffic": no source, named or unnamed)."""
    tokens = s.tokens
    out = []
    for c in lex.citing_cues.starts(tokens):
        hit = lex.citing_cues.match_at(tokens, c)
        if not hit:
            continue
        j = c + hit[0]
        last = phrase_after(s, j, lex)
        if last < j:
            continue
        anon = unnamed(s, j, last, entities, lex, named, sources, capital_of, subject=False)
        if anon is not None:
            out.append((c, anon))
            continue
        while j <= last and (tokens[j].folded in lex.determiners or tokens[j].folded in lex.indefinites):
            j += 1
        if j <= last and lex.evidence_nouns.match_at(tokens, j):
            # "citing data compiled by the WHO", "mengutip laporan dari kementerian": who gave it
            hi = tokens[last].end
            m = next((m for m in s.mentions if not m.nested and tokens[j].end < m.start and m.end <= hi and entities.get(m.entity) is not None and entities[m.entity].type in _CITED), None)
            if m is not None and not m.text[:1].islower():
                out.append((c, m.entity))
            continue
        m = next((m for m in s.mentions if not m.nested and j <= last and m.start == tokens[j].start), None)
        if m is None or m.text[:1].islower():
            continue
        e = entities.get(m.entity)
        if e is None:
            continue
        if e.type in _CITED:
            out.append((c, m.entity))
        elif capital_of is not None and (country := capital_of(m.entity)):
            out.append((c, country))
    return out
