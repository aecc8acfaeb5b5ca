"""Statements: who said what, when, with which numbers, about which place.

A reporting verb outside quotation marks makes a statement when its speaker can be found where
the verb's form puts it: the subject before an active verb ("X mengatakan", "X also said"), the
name after an inverted or passive one ("..., said X", "..., ungkap UKMTO", "disampaikan Brown"),
the subject of the clause for a participle ("..., saying that ..."). The subject is read back from
the verb over adverbs, dates and short phrases ("X dalam pernyataannya mengatakan"), past an
apposition ("The UN's coordinator, Carol Smith, said": the person) or a relative clause ("The
task force, which draws troops from Chad, said": the task force). Unnamed sources ("a senior
official", "sumber militer") speak as AnonymousSources, never as named speakers; the outlet that
carried a statement and the sources its speaker cites are filled by kg/extract/sources.py.
Negated subjects ("Neither X nor Y has confirmed") and news outlets say nothing; descriptions ("the statement said", "kelompok itu") are the speaker they describe;
a capital that speaks is its country's government; coordinated names each speak ("X and Y said").

A sentence may hold several statements: one per speaker, and a second one by the same speaker
after a contrast ("... acknowledged the attacks but said ..."). A headline line also attributes
with a colon ("Army: 40 drones downed") and with bare verbs ("Houthi Klaim ..."). A sentence that
is all quotation continues the speaker before it, or is named by the next sentence. "Hal itu
disampaikan X, Senin" names the speaker of the sentence before, or only dates it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Callable

from ..lexicon import Lexicon, Verb
from ..text import QUOTES_CLOSE, QUOTES_OPEN, Token, fold
from . import events, sources as unnamed_sources
from .mentions import ACTOR_TYPES, PLACE_TYPES, SentenceMentions
from .model import AnonymousSource, DateSpan, Entity, Mention, Quantity, Sentence, Statement
from .references import names_other_branch

_MIN_QUOTE_WORDS = 4  # fewer quoted words are scare quotes ("tentara "bayaran""), not a quotation
_LOOKAHEAD = 14  # tokens after an "after" verb in which its speaker must appear (titles can be long)
_PHRASE = 12  # longest phrase skipped between a subject and its verb ("dalam pidato yang disiarkan ...")
_DESCRIBED_WITHIN = 1  # a description means an actor not yet heard only when named in this or the sentence before
_RECENT = 3  # sentences back in which a description ("the group", "kelompok itu") finds its speaker
_HEADLINE_WORDS = 25  # a line without a full stop and at most this many words is a headline


@dataclass
class Context:
    sentence: Sentence
    index: int
    sm: SentenceMentions
    dates: list[DateSpan]
    quantities: list[Quantity]
    affiliation: dict[str, str]  # person -> organisation they hold a post in
    headline: bool = False  # a line of its own without a full stop: a headline, sub-head or bullet
    lead: int = 0  # char offset where the sentence's own words start (after a dateline "KYIV -")


@dataclass
class Knowledge:
    """What the statement rules know about the article beyond one sentence."""

    entities: dict[str, Entity]
    lex: Lexicon
    capital_of: Callable[[str], str | None] = lambda key: None  # city key -> country key it governs
    outlets: set[str] = field(default_factory=set)  # entities that carry others' words
    # (sentence, person) for sentences that open with a person and report nothing: "Direktur X,
    # Isa Sanusi, menyesali ...": a pronoun in the next sentences may mean that person.
    subjects: list[tuple[int, str | None]] = field(default_factory=list)
    # Unnamed sources found so far ("a senior official", "sumber militer"), by key: they speak
    # (kg/extract/sources.py); the statements they make are kept apart from named speakers'.
    sources: dict[str, AnonymousSource] = field(default_factory=dict)
    # The actors named so far, in the order they were first named: a description ("the group
    # claimed") may mean the one of them of its kind, though it has not spoken; with the index of
    # the last sentence that named each.
    seen: dict[str, int] = field(default_factory=dict)
    # The last act of saying whose speaker no rule found, as (sentence, character): a pronoun
    # after it ("The naval mission Aspides said ... It said ...") cannot be read past it.
    unheard: tuple[int, int] = (-1, -1)
    # Statements made in a relative clause after another speaker's words ("..., klaim yang
    # dibantah TNI"): asides, by id; a pronoun after them still means the sentence's speaker.
    asides: set[int] = field(default_factory=set)


@dataclass
class _Found:
    """A statement as it is being read: the verb, the speaker, the claim's bounds."""

    statement: Statement
    verb: int  # token index of the verb
    begin: int  # char offset where the attribution starts (speaker or verb)
    back: bool = False  # "Hal itu disampaikan X": refers to the sentence before
    outlet_agent: bool = False  # "Angka itu dirilis kantor berita APA": an outlet's release


# Markers of the speaker finder: a subject shared with the verb before, or a negated subject.
_SHARED = "shared"
_NONE = "none"


def find(contexts: list[Context], entities: dict[str, Entity], lex: Lexicon, capital_of=None,
         sources: dict[str, AnonymousSource] | None = None, posts: dict[str, set[str]] | None = None) -> list[Statement]:
    """The statements of an article's sentences. ``capital_of`` maps a city's entity key to the
    key of the country it is the capital of (None for other places). The unnamed sources that
    speak or are cited go into ``sources`` (by key) when given. ``posts`` maps each role
    ("minister") to the people the article names holding it (headlines' descriptions)."""
    know = Knowledge(entities, lex, capital_of or (lambda key: None), _outlets(contexts, lex, entities))
    if sources is not None:
        know.sources = sources
    per: list[list[_Found]] = []
    history: list[Statement] = []  # statements so far, in text order
    for ctx in contexts:
        found = _attributed(ctx, know, history)
        if ctx.headline:
            said = {f.statement.speaker for f in found}
            found += [f for f in _headline_colon(ctx, know) if f.statement.speaker not in said]
            _split_claims(found, ctx)
        if not found and _is_whole_quote(ctx.sentence.text):
            previous = per[-1][-1].statement if per and per[-1] else None
            if _continues(previous, ctx, contexts):
                # '"Q1," X told reporters. "Q2."': one act of saying, one statement.
                previous.quantities += ctx.quantities
                per.append([])
                continue
            found = [_Found(_quotation(ctx, know), 0, ctx.sentence.start)]
        per.append(found)
        history += [f.statement for f in found if f.statement.speaker]
        know.seen.update((m.entity, ctx.index) for m in ctx.sm.mentions if not m.nested and _is_actor(m, entities))
        if not found:
            know.subjects.append((ctx.index, _person_subject(ctx, know)))
    _headline_descriptions(per, contexts, know, posts or {})
    _back_references(per, contexts, know)
    _totals_continue(per, contexts, know)
    _same_occasion_dates(per, contexts, know.lex)
    _citation_chains(per, contexts, know)
    flat = [[f.statement for f in found] for found in per]
    _attach_back_references(flat)
    _fill_quote_speakers(flat, contexts)
    statements = [s for sts in flat for s in sts if s is not None and s.speaker]
    used = {s.speaker for s in statements} | {k for s in statements for k in s.citing}
    for key in [k for k in know.sources if k not in used]:
        del know.sources[key]  # a description that spoke in no statement kept
    return statements


def _citation_chains(per: list[list[_Found]], contexts: list[Context], know: Knowledge) -> None:
    """The outlet that carried each statement and the sources its speaker cites (kg/extract/sources.py)."""
    for found, ctx in zip(per, contexts):
        if not found:
            continue
        tokens = ctx.sm.tokens
        reader = _Reader(ctx, know, [], tokens, [m for m in ctx.sm.mentions if not m.nested])
        starts = reader.starts
        attributions = [
            unnamed_sources.Attribution(f.statement, min(bisect_left(starts, f.begin), f.verb), f.verb)
            for f in found
            if f.statement.verb and f.statement.speaker
        ]
        unnamed_sources.annotate(reader.sentence(), attributions, know.entities, know.lex, know.outlets,
                                 reader.named_tokens(), know.sources, know.capital_of)


def _outlets(contexts: list[Context], lex: Lexicon, entities: dict[str, Entity]) -> set[str]:
    """Organisations the article names as carrying others' words: after a citing cue ("seperti
    dilansir Al Jazeera", "citing Interfax"), after an outlet noun ("the state news agency SANA",
    "kantor berita APA"), or told something ("told Reuters"). They are channels, never speakers."""
    outlets = set()
    for ctx in contexts:
        tokens = ctx.sm.tokens
        index = {t.start: k for k, t in enumerate(tokens)}
        for m in ctx.sm.mentions:
            e = entities.get(m.entity)
            if m.nested or e is None or e.type != "Organization":
                continue
            k = index.get(m.start)
            if k is None:
                continue
            j = k
            while j > 0 and tokens[j - 1].folded in lex.determiners:
                j -= 1
            if lex.citing_cues.match_ending_at(tokens, j) or m.text[:1].islower():
                continue  # "mengutip kementerian itu": the source quoted, not the outlet
            if lex.source_cues.match_ending_at(tokens, j) or lex.outlet_nouns.match_ending_at(tokens, j):
                outlets.add(m.entity)
            elif j > 0 and (verb := lex.verb_at(tokens, j - 1)) and verb[1].stance == "said" and tokens[j - 1].folded in lex.audience_verbs:
                outlets.add(m.entity)
    return outlets


def _totals_continue(per: list[list[_Found]], contexts: list[Context], know: Knowledge) -> None:
    """"X said 18 people were killed overnight. The toll has risen to 40,400.", "Dengan demikian
    jumlah korban tewas menjadi 40.400 orang.": a sentence that reports nothing, names no actor
    and only gives totals ("the toll", "jumlah korban") continues the one speaker of the sentence
    right before it; its totals are that speaker's."""
    lex = know.lex
    for k in range(1, len(per)):
        ctx = contexts[k]
        if per[k] or not ctx.quantities or ctx.headline:
            continue
        before = [f.statement for f in per[k - 1] if f.statement.speaker]
        if not before or len({st.speaker for st in before}) != 1:
            continue
        if contexts[k - 1].sentence.paragraph < ctx.sentence.paragraph - 1:
            continue
        if any(not m.nested and _is_actor(m, know.entities) for m in ctx.sm.mentions):
            continue
        if all(_is_total(ctx.sm.tokens, q, lex) for q in ctx.quantities):
            before[-1].quantities += ctx.quantities


def _is_total(tokens, q: Quantity, lex) -> bool:
    """A total's phrase ("the death toll", "jumlah korban") stands before the number in its clause."""
    first = bisect_left([t.start for t in tokens], q.start)
    for k in range(first - 1, max(-1, first - 10), -1):
        if tokens[k].text in ",;:" or tokens[k].text[:1].isdecimal():
            return False
        if tokens[k].folded in lex.totals.first_words and lex.totals.match_at(tokens, k):
            return True
    return False


def _same_occasion_dates(per: list[list[_Found]], contexts: list[Context], lex: Lexicon) -> None:
    """Dates the text gives by reference. "Pada hari yang sama, X memperkirakan ...": the day last
    named before. And a statement right after a dated one by the same speaker, with no date of
    its own ('"...," he said.'; "..., imbuhnya."), continues that act of saying: it takes its date."""
    last_day = None
    previous: Statement | None = None
    for k, found in enumerate(per):
        ctx = contexts[k]
        for f in found:
            st = f.statement
            if st.date is None and last_day is not None and _same_day_before(st, ctx, lex, f.verb):
                st.date = last_day
            if (
                st.date is None
                and previous is not None
                and previous.date is not None
                and previous.speaker == st.speaker
                and previous.sentence == k - 1
                and contexts[k - 1].sentence.paragraph >= ctx.sentence.paragraph - 1
                and (st.quote or ctx.sentence.text[:1] in QUOTES_OPEN or any(st.verb.casefold().endswith(c) for c in lex.pronoun_clitics)
                     or _goes_on(ctx, f.verb, lex))
            ):
                st.date = previous.date  # '"...," he said.', "..., imbuhnya.": the same occasion
            if st.speaker:
                previous = st
        days = [d.value for d in ctx.dates if d.end_value is None]
        if days:
            last_day = days[-1]


def _goes_on(ctx: Context, verb: int, lex: Lexicon) -> bool:
    """"Nabil juga mengatakan ..." right after Nabil's dated words: an adverb of going on just
    before the verb ([reporting] continuation_adverbs) makes it the same act of saying."""
    tokens = ctx.sm.tokens
    return 0 < verb < len(tokens) and tokens[verb - 1].folded in lex.continuation_adverbs


def _same_day_before(st: Statement, ctx: Context, lex: Lexicon, verb: int | None = None) -> bool:
    """The sentence says "on the same day" before what the statement says, or before its verb
    ("Pada malam yang sama, X menyatakan ...")."""
    found = ctx.sentence.text.find(st.content[:30]) if st.content else -1
    claim_at = ctx.sentence.start + (found if found >= 0 else len(ctx.sentence.text))
    if verb is not None and verb < len(ctx.sm.tokens):
        claim_at = max(claim_at, ctx.sm.tokens[verb].start)
    return any(ctx.sm.tokens[x].start < claim_at for x in lex.same_day.starts(ctx.sm.tokens) if lex.same_day.match_at(ctx.sm.tokens, x))


def _person_subject(ctx: Context, know: Knowledge) -> str | None:
    """The person a sentence opens with (past titles, a fronted phrase or an apposition), if any."""
    for m in ctx.sm.mentions:
        if m.nested or m.start < ctx.lead:
            continue
        e = know.entities.get(m.entity)
        if e is not None and e.type == "Person":
            head = ctx.sentence.text[: m.start - ctx.sentence.start]
            return m.entity if head.count(",") <= 1 and len(head.split()) <= 8 else None
        if e is not None and e.type in ACTOR_TYPES:
            continue  # "Direktur Amnesty International Nigeria, Isa Sanusi, ..."
        return None
    return None


def _continues(previous: Statement | None, ctx: Context, contexts: list[Context]) -> bool:
    """A quotation that goes on in the same paragraph after its attribution."""
    return bool(
        previous is not None
        and previous.quote
        and previous.speaker
        and previous.sentence == ctx.index - 1
        and contexts[previous.sentence].sentence.paragraph == ctx.sentence.paragraph
    )


def _attach_back_references(per: list[list[Statement]]) -> None:
    """"Those were the words of Adam Yahya.": an attribution with no claim of its own names the
    speaker of the quotation just before it."""
    for k in range(1, len(per)):
        if len(per[k]) != 1 or len(per[k - 1]) != 1:
            continue
        st, previous = per[k][0], per[k - 1][0]
        if previous.speaker or not previous.quote:
            continue
        if len(st.content.split()) <= 3:
            previous.speaker = st.speaker
            previous.date = previous.date or st.date
            per[k] = []


def _back_references(per: list[list[_Found]], contexts: list[Context], know: Knowledge) -> None:
    """"Hal itu disampaikan Brown di Jenewa, Jumat (31/10).": the speaker of the sentence before
    said it. When that sentence has statements by the same speaker (or, the doer left unnamed, any
    statements), they get this date; when it has none, it becomes the speaker's statement; an
    outlet's release ("dirilis kantor berita APA, Rabu") dates nothing."""
    for k, found in enumerate(per):
        for f in [f for f in found if f.back]:
            found.remove(f)
            if k == 0 or f.outlet_agent:
                continue
            st = f.statement
            unnamed = [b.statement for b in per[k - 1] if not b.statement.speaker]
            if unnamed and st.speaker:
                for b in unnamed:  # '"...". Pernyataan itu disampaikan Scholz pada Rabu (11/9).'
                    b.speaker, b.date = st.speaker, b.date or st.date
                continue
            before = [b.statement for b in per[k - 1] if b.statement.speaker]
            same = [b for b in before if not st.speaker or b.speaker == st.speaker]
            if same:
                for j in range(k - 1, max(-1, k - (4 if st.speaker else 2)), -1):
                    run = [b.statement for b in per[j] if b.statement.speaker and (not st.speaker or b.statement.speaker == st.speaker)]
                    if not run:
                        break
                    for b in run:
                        b.date = b.date or st.date
            elif before and st.speaker and st.speaker not in know.sources and contexts[k - 1].sentence.paragraph >= contexts[k].sentence.paragraph - 1:
                # "Hal itu (juga) disampaikan X" after Y's statement: X said it too (or carried Y's
                # words to reporters), an act of saying of X's own with Y's claim
                b = before[0]
                made = replace(b, speaker=st.speaker, verb=st.verb, stance=st.stance, date=st.date, outlet=None,
                               citing=[], about=list(b.about), quantities=list(b.quantities), events=list(b.events))
                per[k - 1].append(_Found(made, 0, contexts[k - 1].sentence.start))
            elif not per[k - 1] and st.speaker and contexts[k - 1].sentence.paragraph >= contexts[k].sentence.paragraph - 1:
                ctx = contexts[k - 1]
                made = _quotation(ctx, know)
                made.speaker, made.verb, made.stance, made.date = st.speaker, st.verb, st.stance, st.date
                made.quote = _is_whole_quote(ctx.sentence.text)
                per[k - 1].append(_Found(made, 0, ctx.sentence.start))


# --- one sentence --------------------------------------------------------------------------------


def _attributed(ctx: Context, know: Knowledge, history: list[Statement]) -> list[_Found]:
    lex = know.lex
    tokens = ctx.sm.tokens
    quoted = _quoted_spans(ctx.sentence.text, ctx.sentence.start)
    mentions = [m for m in ctx.sm.mentions if not m.nested]
    # Tokens in a quotation or a name are not reporting verbs ("said" in a quote, "Says" in a name).
    covered = _covered(tokens, quoted + [(m.start, m.end) for m in mentions])
    reader = _Reader(ctx, know, history, tokens, mentions)
    relay = _relays_unnamed(tokens, lex)
    found: list[_Found] = []
    clause_start = 0
    for i, tok in enumerate(tokens):
        if covered[i]:
            continue
        if tok.folded in lex.complementisers and not _relative_in_apposition(tokens, i, clause_start, lex):
            clause_start = i + 1
            continue
        verb = lex.verb_at(tokens, i) or _figure_verb(tokens, i, lex) or _quotation_verb(tokens, i, lex)
        if ctx.headline and (bare := lex.headline_verbs.get(tok.folded)) is not None:
            verb = (1, bare)  # "India Sebut ...", "Houthi Klaim ...": the headline's bare verb
        if not verb or _negated(tokens, i, lex) or _noun_use(tokens, i, lex):
            continue
        n, info = verb
        if info.addressed and not _addressed(tokens, i + n, mentions, know.entities, lex):
            continue  # "pasukan Rusia mendesak pinggiran kota": pressing, not urging
        got = reader.speakers(i, n, info.speaker, clause_start, found)
        if got is None:
            if info.speaker != "pronoun" and not ctx.headline:
                know.unheard = (ctx.index, tok.start)
            continue
        speakers, side, speaker_mention, back = got
        if side == "before" and _hypothetical(tokens, reader, speaker_mention, i, clause_start, lex):
            continue  # "... until the Houthis say they will stop": a condition, not a report
        if i > 0 and tokens[i - 1].folded in lex.relatives and all(k in know.sources for k in speakers):
            continue  # "A port official, who asked not to be named, told ...": the description's own clause
        if info.speaker == "agent" and i > 0 and tokens[i - 1].folded in lex.relatives and any(h.speaker in speakers and h.sentence >= ctx.index - 3 for h in history):
            continue  # "Angka yang diumumkan Zelensky ...": what he said before, not a new act
        if not back and found and not _new_act(found, speakers, tokens, i, lex, info.stance):
            continue
        if side == "after" and found and _carried(found, speakers, speaker_mention, tokens, i, lex):
            continue  # "X said A, according to Y, which monitors ...": Y carried X's words
        outlet = None
        if relay and info.stance == "reported" and all(know.entities.get(k) is not None and know.entities[k].type == "Organization" for k in speakers):
            # "Citing unnamed officials, The Daily Ledger reported ...": a channel of unnamed
            # sources, who are the speakers; the organisation carried their words
            relayed = _relayed(reader, know)
            if relayed is None or len(speakers) != 1 or any(f.statement.speaker == relayed for f in found):
                continue
            outlet, speakers = speakers[0], [relayed]
        outlet = outlet or reader.relay_outlet
        verb_text = _span_text(ctx, tokens, i, n)
        begin = min([tokens[i].start] + [m.start for m in speaker_mention if m is not None and m.start < tokens[i].start])
        lead = speaker_mention[0] if speaker_mention else None
        aside = info.speaker == "agent" and found and i > 0 and tokens[i - 1].folded in lex.relatives
        for key in speakers:
            st = _statement(ctx, tokens, i, n, side, key, lead, verb_text, info.stance, quoted, lex, know.entities)
            st.outlet = outlet
            if aside:
                know.asides.add(id(st))
            found.append(_Found(st, i, begin, back=back, outlet_agent=back and reader.outlet_agent))
    _split_claims(found, ctx)
    return found


def _addressed(tokens, j, mentions, entities, lex) -> bool:
    """After a verb that reports only when addressed ("mendesak"): false when its object is a
    place and nothing asked of anyone follows in the clause ("pasukan mendesak pinggiran
    Kostiantynivka": force); a word opening a request ("agar", "untuk") or a verb after the
    object ("mendesak kedua negara menahan diri") keeps it a report."""
    end = min(j + 10, len(tokens))
    for x in range(j, end):
        if tokens[x].text in ".;:":
            end = x
            break
        if tokens[x].folded in lex.request_markers:
            return True
        if x > j and tokens[x].is_word and len(tokens[x].folded) > 5 and tokens[x].folded.startswith(lex.verb_prefixes):
            return True
    near = {tokens[x].start for x in range(j, min(j + 3, end))}
    return not any(m.start in near and (e := entities.get(m.entity)) is not None and e.type == "Location" for m in mentions)


def _hypothetical(tokens, reader: "_Reader", speaker_mention, i, clause_start, lex) -> bool:
    """The subject before the verb at ``i`` follows a word that makes its clause a condition
    ("until X says", "sampai X menyatakan"), with only the subject's words between."""
    if not lex.hypotheticals:
        return False
    first = min([reader._token_at(m.start) for m in speaker_mention if m is not None and m.start < tokens[i].start] or [i])
    k = first - 1
    while k >= clause_start and tokens[k].is_word and (tokens[k].folded in lex.determiners or (k in reader.named_tokens() and first - k < 4)):
        k -= 1
    return k >= 0 and tokens[k].folded in lex.hypotheticals


def _figure_verb(tokens, i, lex):
    """A verb that reports through figures: "Figures from X show ...", "X's data showed ..." (its
    source speaks), or "X put the country's death toll at 3,360" (a figure noun as its object)."""
    word = tokens[i].folded
    if word in lex.figure_verbs:
        return 1, Verb("reported", "figure")
    if word in lex.estimate_verbs:
        for k in range(i + 1, min(i + 10, len(tokens))):
            if not tokens[k].is_word and tokens[k].text not in ("'s", "’s"):
                return None
            if k < i + 7 and lex.figure_nouns.match_at(tokens, k):
                return 1, Verb("estimated", "before")
            if k > i + 1 and tokens[k].folded in lex.estimate_prepositions and _number_at(tokens, k + 1, lex):
                return 1, Verb("estimated", "before")  # "X put Russian losses at 1,020": its object is what X counts
    return None


def _number_at(tokens, k, lex) -> bool:
    """A figure starts at ``k``, after a bound that may open it ("at more than 300", "at nine")."""
    if k < len(tokens) and (hit := lex.bounds.match_at(tokens, k)):
        k += hit[0]
    return k < len(tokens) and (tokens[k].text[:1].isdecimal() or tokens[k].folded in lex.number_words)


def _quotation_verb(tokens, i, lex):
    """A verb that reports only through a quotation in its object ("X called the campaign “a war
    on civilians”"): a quotation mark opens within a few words after it, before any comma."""
    info = lex.quotation_verbs.get(tokens[i].folded)
    if info is None or (i + 1 < len(tokens) and tokens[i + 1].folded in lex.noun_markers_after):
        return None
    for k in range(i + 1, min(i + 7, len(tokens))):
        if tokens[k].text in QUOTES_OPEN:
            return 1, info
        if not tokens[k].is_word and tokens[k].text not in ("'s", "’s"):
            return None
    return None


def _relayed(reader: "_Reader", know: Knowledge) -> str | None:
    """The unnamed source a sentence cites ("Citing unnamed U.S. officials, ..."), if one."""
    cited = unnamed_sources.citations(reader.sentence(), know.entities, know.lex, reader.named_tokens(), know.sources, know.capital_of)
    return next((key for _, key in cited if key in know.sources), None)


def _cited_actor(reader: "_Reader", know: Knowledge) -> str | None:
    """The one named actor a sentence cites ("citing the Lebanese Civil Defence"), if exactly one."""
    cited = unnamed_sources.citations(reader.sentence(), know.entities, know.lex, reader.named_tokens(), know.sources, know.capital_of)
    named = {key for _, key in cited if key not in know.sources}
    return next(iter(named)) if len(named) == 1 and len(cited) == 1 else None


def _relays_unnamed(tokens, lex) -> bool:
    """The sentence cites unnamed sources ("Citing unnamed U.S. officials, ...", "mengutip sumber
    yang tidak disebutkan namanya"): whoever reports it only relays them."""
    for k in lex.citing_cues.starts(tokens):
        hit = lex.citing_cues.match_at(tokens, k)
        if hit and any(lex.anonymous.match_at(tokens, x) for x in range(k + hit[0], min(k + hit[0] + 7, len(tokens)))):
            return True
    return False


def _new_act(found: list[_Found], speakers: list[str], tokens, i, lex, stance: str) -> bool:
    """Another statement in the same sentence: a new speaker ("..., while X said ..."). The same
    speaker's next verb goes on with its one act ("X said A and warned that B", "X acknowledged A
    but insisted B"), unless it closes the sentence as an addition ("..., imbuh lembaga itu").
    Who reports a statement already made ("..., Yonhap reported") only carried it."""
    if stance == "reported" and _ends_sentence_after(tokens, i, lex):
        return False  # "..., Yonhap News Agency reported (on Saturday)."
    said = {f.statement.speaker for f in found}
    if not set(speakers) <= said:
        return True
    return stance == "added" and i > 0 and tokens[i - 1].text == ","  # "X mencatat A, ..., imbuh lembaga itu"


def _carried(found: list[_Found], speakers: list[str], speaker_mention, tokens, i, lex) -> bool:
    """"JNIM said it killed 200 soldiers, according to the SITE Intelligence Group, which monitors
    ...": a name after the verb closing a sentence whose speaker, another, already spoke before
    it is who carried the words, no second speaker."""
    if i == 0 or tokens[i - 1].text != "," or not any(f.verb < i and f.statement.speaker not in speakers for f in found):
        return False
    m = speaker_mention[-1] if speaker_mention else None
    if m is None:
        return False
    rest = [t for t in tokens if t.start >= m.end]
    if not any(t.is_word for t in rest):
        return True
    return rest[0].text == "," and len(rest) > 1 and rest[1].folded in lex.relatives


def _ends_sentence_after(tokens, i, lex) -> bool:
    """Nothing but a date or an adverb follows the verb at ``i``: the attribution closes the sentence."""
    rest = [t for t in tokens[i + 1 :] if t.is_word]
    return len(rest) <= 3 and not any(t.folded in lex.complementisers for t in rest)


def _split_claims(found: list[_Found], ctx: Context) -> None:
    """A statement's numbers end where the next statement's attribution begins ("X said A,
    while Y said B": A is X's, B is Y's)."""
    if len(found) < 2:
        return
    begins = sorted({f.begin for f in found})
    for f in found:
        later = [b for b in begins if b > f.begin]
        hi = later[0] if later else ctx.sentence.end
        f.statement.quantities = [q for q in f.statement.quantities if q.end <= hi or q.start < f.begin]


def _span_text(ctx: Context, tokens, i, n) -> str:
    """The text of tokens i..i+n-1 as written (the reporting verb)."""
    s = ctx.sentence
    return s.text[tokens[i].start - s.start : tokens[i + n - 1].end - s.start]


def _statement(ctx, tokens, i, n, side, speaker, speaker_mention, verb_text, stance, quoted, lex, entities) -> Statement:
    s = ctx.sentence
    claim, said_regions = _claim(ctx, tokens, i, n, side, speaker_mention, quoted, lex)
    in_claim = lambda a, b: _within(claim, a, b)
    content = " … ".join(c for c in (_strip(s.text[x - s.start : y - s.start]) for x, y in claim) if c)
    quote = _is_whole_quote(s.text) or any(
        in_claim(a, b) and len(s.text[a - s.start : b - s.start].split()) >= _MIN_QUOTE_WORDS for a, b in quoted
    )
    statement = Statement(
        sentence=ctx.index,
        speaker=speaker,
        stance=stance,
        verb=verb_text,
        quote=quote,
        content=content,
        date=_said_on(_dates_of_saying(ctx, lex), said_regions),
        about=_about(ctx.sm.mentions, claim, speaker),
        place=_place(ctx.sm, claim, lex, entities),
        quantities=_own_quantities(ctx, tokens, claim, tokens[i + n - 1].end, speaker, quoted, entities, lex),
    )
    statement.events = events.find(statement, tokens, claim, ctx.sm.mentions, ctx.dates, entities, lex)
    return statement


def _own_quantities(ctx, tokens, claim, verb_end, speaker, quoted, entities, lex) -> list[Quantity]:
    """The numbers of the claim, up to where another named actor starts a claim of its own
    ("..., while Cambodia's ministry said over 101,000 ...", "meskipun laporan PBB menyebut
    4.000 tentara ..."): those numbers are that actor's, not this speaker's."""
    found = [q for q in ctx.quantities if _within(claim, q.start, q.end)]
    if not found:
        return found
    covered = _covered(tokens, quoted)
    actors = [m for m in ctx.sm.mentions if not m.nested and _is_actor(m, entities)]
    for k, tok in enumerate(tokens):
        if tok.start < verb_end or covered[k] or tok.start > found[-1].start:
            continue
        verb = lex.verb_at(tokens, k)
        if not verb or verb[1].speaker not in ("before", "either") or _negated(tokens, k, lex):
            continue
        near = tokens[max(0, k - 2)].start
        other = next((m for m in actors if near <= m.end <= tok.start and m.entity != speaker), None)
        if other is not None:
            return [q for q in found if q.start < other.start]
    return found


def _is_actor(m: Mention, entities) -> bool:
    e = entities.get(m.entity)
    return bool(e and e.type in ACTOR_TYPES)


_INSERTED_WORDS = 8  # tokens an attribution set off by commas may take ("lanjut Velásquez dalam jumpa pers")


def _claim(ctx, tokens, i, n, side, speaker_mention, quoted, lex):
    """The parts of the sentence that say what was said, and the parts that say when.

    "X said (on Tuesday) that C": C, and the date before "that". "X said on Tuesday C": C
    past the date. "C, X said (on Tuesday), adding that D": C and D. '"Q," X told reporters.':
    Q. "C, said X.": C. "According to X, C": C. A phrase about the act of saying after a comma
    ("..., speaking to reporters in Mogadishu on Monday") and a date closing the sentence after a
    comma ("..., Rabu (7/5).") say when, not what.
    """
    s = ctx.sentence
    verb_start, verb_end = tokens[i].start, tokens[i + n - 1].end
    if side == "before":
        if n == 1 and tokens[i].folded in lex.quotation_verbs and not lex.verb_at(tokens, i):
            # "X called the campaign “...”": the quotation is the claim
            q = next(((a, b) for a, b in quoted if a >= verb_end), None)
            if q is not None:
                return [q], [(s.start, q[0])]
        leading = _leading_quote(quoted, speaker_mention, s)
        if leading and not _complementiser_after(tokens, i + n, lex):
            # '"Q," Peskov told reporters on a daily conference call.': the claim is Q.
            return [leading], [(leading[1], s.end)]
        subject = _subject_start(tokens, i, speaker_mention, lex, ctx.sm.mentions)
        cut = _inverted_at(tokens, speaker_mention, s, lex, ctx.sm.roles, subject) if _short_tail(tokens, i + n, lex, ctx) else None
        if cut is not None:
            return [(s.start, cut), (_next_clause(tokens, i + n), s.end)], [(tokens[subject].start, _next_clause(tokens, i + n))]
        claim_start = _after_complementiser(tokens, i + n, lex, ctx.dates)
        if i + n < len(tokens) and claim_start == tokens[i + n].start:
            claim_start = tokens[_past_dates(tokens, i + n, ctx.dates, lex)].start if _past_dates(tokens, i + n, ctx.dates, lex) < len(tokens) else s.end
        claim_end, regions = _attribution_tail(tokens, claim_start, s, ctx.dates, lex)
        return [(claim_start, claim_end)], [(s.start, claim_start)] + regions + _object_then_date(tokens, claim_start, claim_end, ctx.dates, lex)
    if verb_start - s.start < 3 or tokens[0].start == verb_start:
        after = speaker_mention.end if speaker_mention else verb_end
        return [(after, s.end)], [(s.start, after)]
    inserted = _inserted_attribution(tokens, i, n, s, speaker_mention, ctx.dates, lex)
    if inserted is not None:
        return inserted
    return [(s.start, verb_start)], [(verb_start, s.end)]


def _inserted_attribution(tokens, i, n, s, speaker_mention, dates, lex):
    """"A, imbuhnya, B", "Pasukan pemerintah, lanjut X, telah menangkap ...": an attribution set
    off by commas inside the sentence; the claim is what stands on both sides of it. The
    attribution is short and holds no number and no other verb of saying."""
    if i == 0 or tokens[i - 1].text != ",":
        return None
    for k in range(i + n, min(i + n + _INSERTED_WORDS, len(tokens))):
        tok = tokens[k]
        if tok.text == ",":
            if speaker_mention is not None and speaker_mention.end > tok.start:
                return None  # "A, ungkap juru bicara PNH, X, Selasa": the speaker stands past the comma
            rest = [t for t in tokens[k + 1 :] if t.is_word and not any(d.start <= t.start < d.end for d in dates)]
            if len(rest) < 3:
                return None  # "A, kata X, Rabu (1/4).": the attribution closes the sentence
            return [(s.start, tokens[i - 1].start), (tok.end, s.end)], [(tokens[i - 1].start, tok.end)]
        if tok.text in ";:" + QUOTES_OPEN + QUOTES_CLOSE or tok.text[:1].isdecimal() or lex.verb_at(tokens, k):
            return None
    return None


def _past_dates(tokens, j, dates, lex) -> int:
    """The first token after the dates (and their prepositions) that open at ``j``: "said on
    Tuesday it would ..." -> "it"."""
    starts = {d.start: d for d in dates}
    while j < len(tokens):
        prep = lex.between_prepositions.match_at(tokens, j)
        k = j + prep[0] if prep else j
        d = starts.get(tokens[k].start) if k < len(tokens) else None
        if d is None:
            break
        j = k
        while j < len(tokens) and tokens[j].start < d.end:
            j += 1
        if j < len(tokens) and tokens[j].text == ",":
            j += 1
    return j


def _attribution_tail(tokens, claim_start, s, dates, lex):
    """Where the claim ends, and the parts after it that tell about the act of saying: a phrase
    opened by a comma and an attribution word ("..., speaking to reporters on Monday"), or a date
    standing alone at the end after a comma ("..., Rabu (7/5).")."""
    end, regions = s.end, []
    first = next((k for k, t in enumerate(tokens) if t.start >= claim_start), len(tokens))
    for k in range(first, len(tokens) - 1):
        if tokens[k].text == "," and (lex.attribution_phrases.match_at(tokens, k + 1) or _occasion_end(tokens, k + 1, lex)):
            return tokens[k].start, [(tokens[k].start, s.end)]
    for k in range(first + 1, len(tokens) - 1):
        # 'urged “restraint” in a statement on Wednesday and said ...': the occasion right after the
        # quoted object, up to the next clause
        if tokens[k - 1].text in QUOTES_CLOSE and _occasion_end(tokens, k, lex):
            stop = next((x for x in range(k, len(tokens)) if tokens[x].text in ",;" or tokens[x].folded in lex.coordinators), len(tokens))
            regions.append((tokens[k].start, tokens[stop].start if stop < len(tokens) else s.end))
            break
    for d in dates:
        k = next((k for k, t in enumerate(tokens) if t.start >= d.start), None)
        if k is None or k == 0 or tokens[k - 1].text != ",":
            continue
        rest = [t for t in tokens if t.start >= d.end]
        if all(not t.is_word for t in rest) and d.start > claim_start:
            end, regions = tokens[k - 1].start, [(tokens[k - 1].start, s.end)]
    return end, regions


def _occasion_end(tokens, k, lex) -> int | None:
    """The token after an occasion of saying that opens at ``k``: an opener, at most three words
    describing it, and an occasion noun ("in a written statement", "during a news conference",
    "in a lengthy post"). None when no such phrase opens there."""
    opener = lex.occasion_openers.match_at(tokens, k)
    if not opener:
        return None
    j = k + opener[0]
    for extra in range(4):
        if j + extra >= len(tokens):
            return None
        noun = lex.occasion_nouns.match_at(tokens, j + extra)
        if noun:
            return j + extra + noun[0]
        t = tokens[j + extra]
        if not t.is_word or t.folded in lex.complementisers or lex.verb_at(tokens, j + extra):
            return None
    return None


def _object_then_date(tokens, claim_start, claim_end, dates, lex) -> list[tuple[int, int]]:
    """"Moskow dan Kyiv mengonfirmasi pertukaran itu pada Kamis malam", "X confirmed this on
    Tuesday": the verb's object is a short phrase pointing back (a demonstrative) and a date closes
    the sentence: the date says when it was said, the thing itself was told before."""
    d = next((d for d in dates if claim_start < d.start and d.end <= claim_end), None)
    if d is None:
        return []
    after = [t for t in tokens if t.start >= d.end and t.end <= claim_end and t.is_word]
    if after and not lex.times_of_day.match_at(after, 0) and not lex.between.match_at(after, 0):
        return []  # more than "malam", "waktu setempat" follows the date
    if len(after) > 2:
        return []
    words = [t for t in tokens if claim_start <= t.start and t.end <= d.start and t.is_word]
    while words and lex.between_prepositions.match_at([words[-1]], 0):
        words.pop()
    if not 1 <= len(words) <= 4 or not any(t.folded in lex.demonstratives for t in words):
        return []
    return [(d.start, d.end)]


def _subject_start(tokens, i, speaker_mention, lex, mentions) -> int | None:
    """The token where the verb's subject starts: the name (or the long name before its acronym in
    parentheses: "..., the Office of the High Commissioner (OHCHR) said"), or a pronoun right
    before the verb ("..., he said")."""
    if speaker_mention is None:
        k = i - 1
        while k >= 0 and lex.between.match_ending_at(tokens, k + 1):
            k -= lex.between.match_ending_at(tokens, k + 1)[0]
        return k if k >= 0 and tokens[k].folded in lex.pronouns else None
    k = next((k for k, t in enumerate(tokens) if t.start >= speaker_mention.start), None)
    if k is not None and k >= 2 and tokens[k - 1].text == "(":
        outer = next((m for m in mentions if not m.nested and m.end == tokens[k - 2].end), None)
        if outer is not None:
            k = next(x for x, t in enumerate(tokens) if t.start >= outer.start)
    return k


def _inverted_at(tokens, speaker_mention, s, lex, roles=(), k=None) -> int | None:
    """Where the claim ends when the attribution follows it: "C, the NIS said" -> end of C. Not
    after a title in apposition ("Juru bicara X, Brigjen Y, menegaskan ...": the post, no claim).
    ``k`` is the token where the subject starts."""
    if k is None:
        return None
    # The comma may stand a few words before the name: "..., regional Gov. Vadym Filashkin said".
    for j in range(k - 1, max(-1, k - 7), -1):
        if tokens[j].text in ",;" + QUOTES_CLOSE:
            if speaker_mention is not None and any(r.holder == speaker_mention.entity and r.start < tokens[j].start < speaker_mention.start for r in roles):
                return None  # the comma closes the speaker's title: an apposition
            return tokens[j].start if _words_before(tokens, j) >= 3 else None
        if lex.verb_at(tokens, j):
            return None
    return None


def _short_tail(tokens, j, lex, ctx=None) -> bool:
    """After the verb, at most a short adverbial before a comma or the end ("said on Tuesday,",
    "told the Associated Press in an interview on Sunday."): names and dates count as no words."""
    skip = set()
    if ctx is not None and j < len(tokens):
        first = j
        while first < len(tokens) and tokens[first].folded in lex.determiners:
            first += 1
        audience = next((m for m in ctx.sm.mentions if not m.nested and first < len(tokens) and m.start == tokens[first].start), None)
        spans = [(d.start, d.end) for d in ctx.dates] + ([(audience.start, audience.end)] if audience else [])
        skip = {k for k in range(j, len(tokens)) if any(a <= tokens[k].start < b for a, b in spans)}
        occasion = _occasion_end(tokens, j, lex)
        if occasion is not None:  # "said in a lengthy post on Telegram on Friday."
            skip.update(range(j, occasion))
    words = 0
    for k in range(j, len(tokens)):
        t = tokens[k]
        if t.text in ",;":
            break
        if t.folded in lex.complementisers or t.text[:1].isdecimal():
            return False  # "menegaskan 4.500 tentara tetap bertahan" says something
        words += t.is_word and k not in skip
    return words <= 5


def _next_clause(tokens, j) -> int:
    """The start of what follows the attribution: after the next comma, else the sentence end."""
    for k in range(j, len(tokens)):
        if tokens[k].text in ",;":
            return tokens[k].end
    return tokens[-1].end


def _words_before(tokens, k) -> int:
    return sum(1 for t in tokens[:k] if t.is_word)


def _quotation(ctx: Context, know: Knowledge) -> Statement:
    s = ctx.sentence
    claim = [(s.start, s.end)]
    statement = Statement(
        sentence=ctx.index,
        speaker="",  # filled from the neighbouring statements
        stance="said",
        verb="",
        quote=True,
        content=_strip(s.text),
        about=_about(ctx.sm.mentions, claim, None),
        place=_place(ctx.sm, claim, know.lex, know.entities),
        quantities=list(ctx.quantities),
    )
    statement.events = events.find(statement, ctx.sm.tokens, claim, ctx.sm.mentions, ctx.dates, know.entities, know.lex)
    return statement


def _fill_quote_speakers(per: list[list[Statement]], contexts) -> None:
    def nearest(indices):
        for j in indices:
            named = [s for s in per[j] if s.speaker]
            if named:
                return named[-1] if j < k else named[0]
        return None

    for k, sts in enumerate(per):
        for st in sts:
            if st.speaker:
                continue
            paragraph = contexts[k].sentence.paragraph
            source = nearest(range(k - 1, max(-1, k - 3), -1)) or nearest(range(k + 1, min(len(per), k + 3)))
            if source is not None and abs(contexts[source.sentence].sentence.paragraph - paragraph) <= 2:
                st.speaker = source.speaker


def _relative_in_apposition(tokens, i, clause_start, lex) -> bool:
    """"X, a force controlled by Y that has absorbed Z, stressed ...": a word that is both a
    complementiser and a relative pronoun, inside an apposition opened by a comma and an
    indefinite article or relative ("a", "which"), with no verb of saying in it before, opens a
    relative clause, not the words said."""
    if tokens[i].folded not in lex.relatives:
        return False
    for x in range(i - 1, clause_start, -1):
        if tokens[x].text in ",;:":
            return tokens[x].text == "," and tokens[x + 1].folded in lex.insertion_openers and x + 1 < i
        if lex.verb_at(tokens, x):
            return False
    return False


def _headline_colon(ctx: Context, know: Knowledge) -> list[_Found]:
    """"Army: 40 drones downed", "Serangan di Macomia, IOM: Lebih dari 700 Warga Mengungsi",
    "Militants killed 5 soldiers: army": in a headline the colon attributes what it separates
    to the one actor named, alone, on the other side; not to a post ("Kapuspen TNI: ...", "Army
    spokesman: ..."): a post is no name, and articles name several holders of like posts."""
    tokens = ctx.sm.tokens
    colon = next((k for k, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or colon == 0 or colon == len(tokens) - 1:
        return []
    mentions = [m for m in ctx.sm.mentions if not m.nested]
    before = next((m for m in mentions if m.end == tokens[colon - 1].end), None)
    if before is not None:
        k = next(k for k, t in enumerate(tokens) if t.start == before.start)
        while k > 0 and tokens[k - 1].text in ".•·*-–—▪►":
            k -= 1
        if k != 0 and tokens[k - 1].text != ",":
            before = None  # "Serangan di Macomia" is no speaker: the name must stand alone
    after = None
    if before is None and tokens[-1].end == next((m.end for m in mentions if m.start == tokens[colon + 1].start), -1):
        after = next(m for m in mentions if m.start == tokens[colon + 1].start)  # "...: army"
    speaker = before or after
    if speaker is None:
        return []
    key = _actor_key(speaker, know)
    first = next(k for k, t in enumerate(tokens) if t.start >= speaker.start)
    title = know.lex.titles.match_at(tokens, first)
    if title and tokens[first + title[0] - 1].end >= speaker.end:
        return []  # "Kapuspen TNI: ...": a post, whose holder the colon does not name
    if key is None or key in know.outlets:
        return []
    s = ctx.sentence
    claim = [(tokens[colon].end, s.end)] if before else [(s.start, tokens[colon].start)]
    st = Statement(
        sentence=ctx.index,
        speaker=key,
        stance="said",
        verb=":",
        quote=False,
        content=_strip(" … ".join(s.text[a - s.start : b - s.start] for a, b in claim)),
        about=_about(ctx.sm.mentions, claim, key),
        place=_place(ctx.sm, claim, know.lex, know.entities),
        quantities=[q for q in ctx.quantities if _within(claim, q.start, q.end)],
    )
    st.events = events.find(st, tokens, claim, ctx.sm.mentions, ctx.dates, know.entities, know.lex)
    return [_Found(st, colon, speaker.start)]


def _headline_descriptions(per: list[list[_Found]], contexts: list[Context], know: Knowledge, posts: dict[str, set[str]]) -> None:
    """"Army says 40 drones downed", "Health minister says 558 killed", "Ministry: 50 children
    among the dead": a headline whose speaker is a description speaks as the one entity of that
    kind the article names (the only ministry, the only minister), or else as the first speaker
    of that kind below it, before the next headline, who gives one of its figures. With none or
    several, the headline says nothing."""
    lex = know.lex
    for k, ctx in enumerate(contexts):
        if not ctx.headline or per[k]:
            continue
        got = _headline_subject(ctx, lex)
        if got is None:
            continue
        a, head, v, n, info = got
        tokens = ctx.sm.tokens
        s = ctx.sentence
        claim = [(tokens[v + n - 1].end, s.end)]
        words = [t.folded for t in tokens[a:v] if t.is_word]
        speaker = None
        title = lex.titles.match_at(tokens, head) or lex.titles.match_ending_at(tokens, head + 1)
        kinds = lex.descriptions.match_at(tokens, head)
        if title:
            holders = posts.get(title[1], set())
            speaker = next(iter(holders)) if len(holders) == 1 else None
            kinds = (0, ("Person",)) if speaker is None else None
        elif kinds:
            speaker = _described_entity(know, kinds[1], words, tokens[head].folded)
        if speaker is None and kinds and ctx.quantities:
            speaker = _headline_below(per, contexts, k, kinds[1], know)
        if speaker is None:
            continue
        st = Statement(
            sentence=ctx.index,
            speaker=speaker,
            stance=info.stance,
            verb=_span_text(ctx, tokens, v, n),
            quote=False,
            content=_strip(s.text[claim[0][0] - s.start :]),
            about=_about(ctx.sm.mentions, claim, speaker),
            place=_place(ctx.sm, claim, lex, know.entities),
            quantities=[q for q in ctx.quantities if _within(claim, q.start, q.end)],
        )
        st.events = events.find(st, tokens, claim, ctx.sm.mentions, ctx.dates, know.entities, lex)
        per[k].append(_Found(st, v, tokens[head].start))


def _described_entity(know: Knowledge, kinds, words: list[str], noun: str) -> str | None:
    """The one entity of ``kinds`` whose name holds the description's words in a row ("air
    force" in "Nigerian Air Force", not "Joint Task Force"), else the one whose name holds its
    noun; None when none or several do."""
    for phrase in ([words] if words != [noun] else []) + [[noun]]:
        named = [key for key, e in know.entities.items() if e.type in kinds and key not in know.outlets
                 and any(_holds_run(_folded_words(name), phrase) for name in {e.label, *e.labels.values(), *e.aliases})]
        if len(named) == 1:
            return named[0]
    return None


def _holds_run(words: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def _headline_subject(ctx: Context, lex: Lexicon):
    """A headline that opens with one to three lower-case-meaning words and a verb of saying or a
    colon ("Health minister says ...", "Ministry: ..."), also after a topic closed by a colon
    ("Catatumbo violence: Governor says ..."): (first word, head word, verb index, verb length, verb)."""
    tokens = ctx.sm.tokens
    a = next((x for x, t in enumerate(tokens) if t.is_word and t.start >= ctx.lead), None)
    if a is None:
        return None
    if any(t.is_word for t in tokens[:a] if t.start >= ctx.lead):
        return None
    found = _headline_subject_at(ctx, lex, a)
    if found is None or (tokens[found[2]].text == ":" and not _describes(tokens, found[1], lex)):
        colon = next((x for x in range(a + 1, min(a + 5, len(tokens) - 2)) if tokens[x].text == ":"), None)
        if colon is not None:
            found = _headline_subject_at(ctx, lex, colon + 1)
    return found


def _describes(tokens, head, lex) -> bool:
    """Whether the word at ``head`` is a title or a description of a speaker."""
    return bool(lex.titles.match_at(tokens, head) or lex.titles.match_ending_at(tokens, head + 1) or lex.descriptions.match_at(tokens, head))


def _headline_subject_at(ctx: Context, lex: Lexicon, a: int):
    tokens = ctx.sm.tokens
    if not tokens[a].is_word:
        return None
    actors = [m for m in ctx.sm.mentions if not m.nested and m.entity and m.start < tokens[min(a + 4, len(tokens) - 1)].end]
    for v in range(a + 1, min(a + 4, len(tokens) - 1)):
        if not tokens[v - 1].is_word:
            return None
        if tokens[v].text == ":":
            n, info = 1, Verb("said", "before")
        elif (verb := lex.verb_at(tokens, v)) and verb[1].speaker in ("before", "either"):
            n, info = verb
        elif (bare := lex.headline_verbs.get(tokens[v].folded)) is not None:
            n, info = 1, bare
        else:
            continue
        if any(m.start < tokens[v].start and m.end > tokens[a].start for m in actors):
            return None  # a name stands in the subject: the other headline rules read it
        head = a if lex.heads_first else v - 1
        return a, head, v, n, info
    return None


def _headline_below(per, contexts, k, kinds, know) -> str | None:
    """The first speaker of one of ``kinds`` below headline ``k`` (before the next headline) whose
    statement gives one of the headline's figures. A block of headlines (bullet points) is read
    as one: the body starts after it."""
    values = {q.value for q in contexts[k].quantities}
    body = False
    for j in range(k + 1, min(len(contexts), k + 10)):
        if contexts[j].headline:
            if body:
                return None
            continue
        body = True
        for f in per[j]:
            e = know.entities.get(f.statement.speaker)
            if e is not None and e.type in kinds and values & {q.value for q in f.statement.quantities}:
                return f.statement.speaker
    return None


def is_headline(text: str) -> bool:
    """A line that is no sentence: no full stop at its end, and short ("Army says 40 drones
    downed", "• ISWAP claims 15 soldiers killed", "Yerevan: 23 Armenians still held")."""
    t = text.rstrip().rstrip(QUOTES_CLOSE + "'’\"")
    return bool(t) and t[-1] not in ".!?" and len(t.split()) <= _HEADLINE_WORDS


def _actor_key(m: Mention, know: Knowledge) -> str | None:
    """The speaker a mention names: an actor, or the country whose capital it is."""
    e = know.entities.get(m.entity)
    if e is None:
        return None
    if e.type in ACTOR_TYPES:
        return m.entity
    if e.type == "Location":
        return know.capital_of(m.entity)
    return None


# --- speakers ----------------------------------------------------------------------------------


class _Reader:
    """Finds the speakers of one sentence's verbs."""

    def __init__(self, ctx: Context, know: Knowledge, history: list[Statement], tokens: list[Token], mentions: list[Mention]):
        self.ctx = ctx
        self.know = know
        self.lex = know.lex
        self.history = history
        self.tokens = tokens
        self.mentions = mentions
        self.by_end = {m.end: m for m in mentions}
        self.by_start = {m.start: m for m in mentions}
        self.starts = [t.start for t in tokens]
        self._named_tokens: set[int] | None = None
        self.outlet_agent = False
        self.relay_outlet = None
        self.found: list[_Found] = []
        self._subject_end = -1  # last token of the subject before the verb being read
        date_tokens: dict[int, int] = {}  # token index -> index of the first token of its date
        for d in ctx.dates:
            first = bisect_left(self.starts, d.start)
            for k in range(first, bisect_left(self.starts, d.end)):
                date_tokens[k] = first
        self.date_first = date_tokens

    # Each finder returns (speaker keys, side, speaker mentions, back reference) or None.
    def speakers(self, i, n, kind, clause_start, found):
        tokens, lex = self.tokens, self.lex
        self.outlet_agent = False
        self.relay_outlet = None  # the outlet that carried an unnamed source's words (_relayed)
        self.found = found
        if kind == "pronoun":
            last = self._last_speaker()
            back = self._back_subject(i, clause_start)
            return ([self._resolve_pronoun("", last)], "after", [None], back) if last else None
        if kind == "figure":
            got = self._figure_subject(i, clause_start)
            return (got[0], "before", got[1], False) if got else None
        if kind == "subject":
            if found or i == 0 or tokens[i - 1].text != ",":
                return None  # "..., adding that ...": the same act as the verb before
            m = self._sentence_subject()
            return (m[0], "before", m[1], False) if m else None
        if kind == "inverted":
            if not _at_clause_start(tokens, i, clause_start):
                return None
            kind = "after"
        if kind == "either":
            sides = ("after", "before") if _at_clause_start(tokens, i, clause_start) and not self._apposed_before(i, clause_start) else ("before", "after")
        else:
            sides = (kind,)
        for side in sides:
            if side == "before":
                got = self._before(i, clause_start, found)
            elif side == "agent":
                got = self._agent(i, n, clause_start)
            else:
                got = self._after(i + n, strict=kind == "either")
            if got == _NONE:
                return None  # a negated or unnamed subject: nobody speaks here
            if got:
                speakers, mentions = got
                back = self._back_subject(i, clause_start) or self._back_object(i + n)
                return speakers, "before" if side == "before" else "after", mentions, back
        return None

    def _apposed_before(self, i, clause_start) -> bool:
        """"The head of the mission, Jane Doe, warned the council ...": the comma before the verb
        closes a person's name in apposition, who is the subject; what follows the verb is whom
        the words were addressed to, not an inverted speaker ("..., warned the council")."""
        if i < 2 or self.tokens[i - 1].text != ",":
            return False
        m = self.by_end.get(self.tokens[i - 2].end)
        if m is None or self._is_anaphor(m):
            return False
        e = self.know.entities.get(m.entity)
        if e is None or e.type != "Person":
            return False
        start = self._token_at(m.start)
        return start - 1 >= clause_start and self.tokens[start - 1].text == ","

    # -- before the verb -----------------------------------------------------------------------

    def _before(self, i, clause_start, found):
        k = self._skip_between(i - 1, clause_start)
        self._subject_end = k
        rel = next((x for x in range(k, clause_start - 1, -1) if self.tokens[x].folded in self.lex.relatives or self.tokens[x].text in ",;:"), None)
        if rel is not None and self.tokens[rel].folded in self.lex.relatives and rel - 1 >= clause_start:
            prev = self.tokens[rel - 1]
            if prev.end in self.by_end or prev.text == ")":
                k = rel - 1  # "MSS yang dipimpin Kenya di Haiti memastikan": the name before the relative clause
        got = self._subject_at(k, clause_start, depth=0)
        if got == _SHARED:
            if found:
                f = found[-1]
                return [f.statement.speaker], [None]
            return self._sentence_subject()
        return got

    def _skip_between(self, k, lower):
        """Step back from the verb over adverbs ("also", "juga"), dates ("on Tuesday", "Senin
        (3/11)") and a phrase that opens with a preposition right after a name ("X dalam
        pernyataannya mengatakan", "X in a statement said")."""
        tokens, lex = self.tokens, self.lex
        while k >= lower:
            hit = lex.between.match_ending_at(tokens, k + 1)
            if hit:
                k -= hit[0]
                continue
            if k in self.date_first or tokens[k].folded in lex.months or (tokens[k].text in "()/" and k - 1 in self.date_first):
                k = self.date_first.get(k, k) - 1
                prep = lex.between_prepositions.match_ending_at(tokens, k + 1)
                if prep:
                    k -= prep[0]
                continue
            start = self._phrase_start(k, lower)
            if start is not None:
                k = start - 1
                continue
            break
        return k

    def _phrase_start(self, k, lower):
        tokens, lex = self.tokens, self.lex
        if k >= lower and tokens[k].folded in lex.coordinators:
            return None  # "X memandang ... di Duhok sebagai pelanggaran dan meminta": a second predicate, no inserted phrase
        for j in range(k, max(lower, k - _PHRASE) - 1, -1):
            t = tokens[j]
            if t.text in ",;:" or t.text in QUOTES_OPEN + QUOTES_CLOSE or lex.verb_at(tokens, j):
                return None
            if t.text == "(" or t.text == ")":
                continue
            if j > lower and lex.between_prepositions.match_at(tokens, j):
                prev = tokens[j - 1]
                closes_name = prev.text == ")" and j >= 2 and tokens[j - 2].end in self.by_end
                if prev.end in self.by_end or prev.folded in lex.pronouns or (j - 1) in self.date_first or prev.text == "," or closes_name:
                    return j
        return None

    def _subject_at(self, k, lower, depth):
        """The subject whose last token is ``k``: a list of speakers with their mentions, _SHARED
        (the verb follows a coordinator), _NONE (nobody named speaks) or None (no subject)."""
        tokens, lex = self.tokens, self.lex
        if k < lower or depth > 3:
            return None
        tok = tokens[k]
        if tok.text == ")" and k >= 2:
            # "the Arakan Army (AA) said": the name before the parenthesis, or the one inside it
            opening = next((x for x in range(k - 1, max(lower - 1, k - 5), -1) if tokens[x].text == "("), None)
            if opening is not None and opening > lower:
                inner = self.by_end.get(tokens[k - 1].end)
                outer = self.by_end.get(tokens[opening - 1].end)
                if self._abbreviates_longer_name(outer, inner):
                    return _NONE
                if outer is not None or inner is not None:
                    return self._named_subject(inner or outer, lower)
        m = self.by_end.get(tok.end)
        if m is not None:
            return self._named_subject(m, lower)
        if tok.folded in lex.pronouns:
            if k > lower and tokens[k - 1].folded in lex.relatives:
                # "..., which it says are needed", "..., which he said would be named": the
                # sentence's own speaker, else its subject
                named = [f.statement.speaker for f in self.found if f.statement.speaker]
                if named:
                    return [named[-1]], [None]
                m = self._sentence_subject()
                e = self.know.entities.get(m[0][0]) if m else None
                if m and e is not None and not (tok.folded in lex.person_pronouns and e.type != "Person") and not (tok.folded in lex.thing_pronouns and e.type == "Person"):
                    return m
            last = self._last_speaker(tok.folded)
            return ([self._resolve_pronoun(tok.folded, last)], [None]) if last else None
        if tok.text == ",":
            return self._insertion(k, lower, depth)
        if tok.folded in lex.relatives and k - 1 > lower and tokens[k - 1].text == ",":
            return self._subject_at(self._skip_between(k - 2, lower), lower, depth + 1)  # "The AA, which says ..."
        if tok.folded in lex.coordinators:
            return _SHARED
        if tok.is_word and not tok.is_capitalised:
            return self._description(k, lower)
        if tok.is_word and k not in self.named_tokens() and self.lex.anonymous.match_at(tokens, k) and all(not t.is_word or t.start < self.ctx.lead for t in tokens[lower:k]):
            return self._description(k, lower)  # "Sources said ...", "Warga mengatakan ...": capitalised as the first word
        return None

    def _abbreviates_longer_name(self, outer: Mention | None, inner: Mention | None) -> bool:
        """"Human Rights Activists in Iran (HRANA) mencatat": a place before a parenthesised
        abbreviation it cannot shorten to (the first letters differ) ends a longer name nobody
        recognised, whose body speaks; neither the place nor the abbreviation read as it is."""
        if outer is None or inner is None:
            return False
        e = self.know.entities.get(outer.entity)
        if e is None or e.type not in PLACE_TYPES:
            return False
        short, name = inner.text.strip(), outer.text.strip()
        return short.isupper() and len(short) >= 2 and short[:1] != name[:1]

    def _named_subject(self, m: Mention, lower):
        tokens, lex = self.tokens, self.lex
        e = self.know.entities.get(m.entity)
        if e is None:
            return None
        if any(t.folded in lex.negative_subjects for t in tokens[lower : self._token_at(m.start)]):
            return _NONE  # "Neither X nor the army has confirmed": nobody speaks
        if self._is_anaphor(m):  # "the ministry", "kelompok itu"
            return self._described(m)
        if self._part_of_word(m):
            return None  # "The Washington-based monitor": part of an adjective
        key = _actor_key(m, self.know)
        if key in self.know.outlets and (relayed := self._relayed(key)) is not None:
            return relayed  # "Mengutip sumber keamanan, harian X melaporkan ...": the sources spoke through X
        if key is None and e.type in PLACE_TYPES and (run := self._unnamed_run(self._token_at(m.start), lower)) is not None:
            return self._unnamed(run, self._description_end(m))  # "A village chief in Mazeze, who ..., said"
        if key is None or key in self.know.outlets:
            return _NONE if key in self.know.outlets else None
        start = self._token_at(m.start)
        run = self._unnamed_run(start, lower) if e.type != "Person" else None
        if run is not None:
            # "Sumber keamanan Lebanon menyebut", "seorang pejabat Israel yang ... mengatakan": an
            # unnamed source of that country; "Menhan Pakistan klaim": nobody the text names
            return self._unnamed(run, self._description_end(m))
        for before in range(self._role_start(m, start) - 1, max(lower - 1, start - 5), -1):
            if tokens[before].folded in lex.agent_markers:
                # "The faction led by (TPLF chairman) X denied": X leads the one who speaks,
                # "the wing of the TPLF led by X said": a part of a named body, which speaks
                return self._part_of_body(before, lower) or _NONE
            if not tokens[before].is_word or lex.verb_at(tokens, before):
                break
        if e.type != "Person" and lex.heads_first and start - 1 >= lower and tokens[start - 1].text == ")":
            # "Kepala Staf Gabungan (JCS) Korea Selatan memperkirakan": the body of that country
            opening = next((x for x in range(start - 2, max(lower - 1, start - 6), -1) if tokens[x].text == "("), None)
            owner = self.by_end.get(tokens[opening - 1].end) if opening is not None and opening > lower else None
            inner = self.by_end.get(tokens[start - 2].end)
            body = inner or owner
            if body is not None and body is not m and not self._is_anaphor(body):
                return self._named_subject(body, lower)
        if e.type != "Person" and self._inside_unknown_name(start, lower):
            return _NONE  # "Tentara Kawasan Kedua Thailand melaporkan": a body the text names, not the country
        if e.type != "Person" and (member := self._member_of(start, lower)) is not None:
            # "Rep. Jane Doe of the ruling X Party told reporters": the member speaks, not the body
            return self._named_subject(member, lower) if member is not _NONE else _NONE
        speakers, mentions = [key], [m]
        # "X and Y said", "Bamako, Ouagadougou and Niamey announced": each of them speaks.
        k = self._coordinate_end(self._title_start(self._role_start(m, start), lower) - 1, lower)
        joined = False
        # "X and Y said", "Bamako, Ouagadougou and Niamey announced": the conjunction stands right
        # before the last speaker ("Syria and Egypt, Kiper wrote": the comma ends the claim)
        while k > lower and (tokens[k].folded in lex.conjunctions or (joined and tokens[k].text == ",")):
            joined = joined or tokens[k].folded in lex.conjunctions
            other = self.by_end.get(tokens[k - 1].end)
            if other is None:
                described = self._name_before_head(k - 1, lower)  # "The M23 rebel group and X said"
                if not described or described[1][0] is None:
                    break
                other = described[1][0]
            if self.know.entities[other.entity].type != "Person" and (member := self._member_of(self._token_at(other.start), lower)) is not None:
                if member is _NONE or self.know.entities[member.entity].type != "Person":
                    break
                other = member  # "Colonel A of the army and Commander B of the air force said"
            other_key = _actor_key(other, self.know)
            if other_key is None or self._is_anaphor(other):
                break
            speakers.insert(0, other_key)
            mentions.insert(0, other)
            k = self._coordinate_end(self._title_start(self._role_start(other, self._token_at(other.start)), lower) - 1, lower)
        if len(speakers) > 1 and not joined:
            speakers, mentions = speakers[-1:], mentions[-1:]  # "X, Y said": an apposition
        return list(dict.fromkeys(speakers)), mentions

    def _part_of_body(self, marker, lower):
        """"The wing of the TPLF led by X said", "the faction of the party led by X said": the
        one who speaks is a part ([reporting] part_nouns) of the body named before "led by"; the
        body speaks (the person only leads the part). None when no part noun names the body."""
        tokens, lex = self.tokens, self.lex
        if not lex.part_nouns:
            return None
        x = marker - 1
        while x >= lower and x > marker - 3 and tokens[x].is_word and not tokens[x].is_capitalised:
            x -= 1  # "led", "headed"
        if x < lower:
            return None
        inner = None
        if tokens[x].text == ")":
            # "the wing of the Tigray People's Liberation Front (TPLF) led by X": the name before
            # the parenthesis, or the acronym inside it
            opening = next((y for y in range(x - 1, max(lower - 1, x - 5), -1) if tokens[y].text == "("), None)
            if opening is None or opening - 1 < lower:
                return None
            inner = self.by_end.get(tokens[x - 1].end)
            x = opening - 1
        body = self.by_end.get(tokens[x].end)
        if body is not None:
            p = self._token_at(body.start) - 1
        elif inner is not None:
            body, p = inner, x  # the name before the acronym is no mention
        else:
            return None
        while p >= lower and (tokens[p].is_capitalised or tokens[p].text in ("'s", "’s")):
            p -= 1  # the capitalised words of the name the mention may not cover ("People's")
        e = self.know.entities.get(body.entity)
        if e is None or e.type not in ("Organization", "MilitaryUnit") or self._is_anaphor(body):
            return None
        if p >= lower and tokens[p].folded in lex.determiners:
            p -= 1
        if p >= lower and tokens[p].folded in lex.affiliation_links:
            p -= 1
        if p < lower or not lex.part_nouns.match_ending_at(tokens, p + 1):
            return None
        key = _actor_key(body, self.know)
        return ([key], [body]) if key is not None and key not in self.know.outlets else None

    def _coordinate_end(self, k, lower):
        """"The United States and the European Union said", "X dan pihak Y mengatakan": a
        determiner between the conjunction and the next coordinate's name belongs to that name;
        step over it to the conjunction (only there: "the X said" alone stays as it is)."""
        tokens, lex = self.tokens, self.lex
        if k - 1 > lower and tokens[k].folded in lex.determiners and tokens[k - 1].folded in lex.conjunctions:
            return k - 1
        return k

    def _insertion(self, k, lower, depth):
        """The verb follows a comma: an apposition naming the speaker ("The UN's coordinator,
        Carol Smith, said") or an insertion after the subject ("The task force, which draws
        troops from Chad and Niger, said"; "X, speaking in Omdurman, said"; "X, Rabu, menegaskan").
        The insertion opens at the last comma followed by a lower-case word or a date (commas
        followed by names belong to a list inside it)."""
        tokens = self.tokens
        commas = [x for x in range(lower, k) if tokens[x].text == ","]
        stop = lower - 1
        x = k - 1
        while x >= lower:
            if tokens[x].text in ";:":
                stop = x
                break
            if tokens[x].text in QUOTES_OPEN + QUOTES_CLOSE:
                # a nickname or scare quote inside the insertion ('X, the former officer known as
                # “Barbecue” who ..., warned') is no quotation that ends the subject's clause
                opening = next((y for y in range(x - 1, max(lower, x - _MIN_QUOTE_WORDS) - 1, -1) if tokens[y].text in QUOTES_OPEN + QUOTES_CLOSE), None)
                if opening is None or opening <= lower:
                    stop = x
                    break
                x = opening
            x -= 1
        commas = [x for x in commas if x > stop]
        if not commas:
            return self._subject_at(self._skip_between(k - 1, lower), lower, depth + 1)  # "X (NRC) pada Senin, melaporkan"
        last = commas[-1]
        first = last + 1
        while first < k and tokens[first].is_capitalised and (rank := self.lex.titles.match_at(tokens, first) or self.lex.honorifics.match_at(tokens, first)):
            first += rank[0]  # "..., Maj. Gen. Zaw Min Tun, said", "..., Dr. Abdirahman Ali Hassan, said"
        person = self.by_start.get(tokens[first].start) if first < k else None
        if person is not None and person.end == tokens[k - 1].end and self.know.entities[person.entity].type == "Person":
            return [person.entity], [person]
        body = self.by_start.get(tokens[last + 1].start)
        before_comma = self.by_end.get(tokens[last - 1].end) if last - 1 >= lower else None
        if body is not None and last - 1 >= lower and (before_comma is None or before_comma.entity == body.entity or self._place_in_description(before_comma, lower, last)) and self._closes(body, k):
            # "the UN agency for Palestinian refugees, UNRWA, said": the body in apposition
            got = self._named_subject(body, lower)
            if got:
                return got
        for c in commas:  # "X, speaking at a rally in Y, the capital, on Tuesday, said": the first opener
            # "X, seperti dikutip kantor berita TASS, Senin (19/5), menegaskan": a source cue opens
            # an insertion that names the channel, not the speaker
            if self._opens_insertion(tokens[c + 1]) or self.lex.source_cues.match_at(tokens, c + 1) or self.lex.citing_cues.match_at(tokens, c + 1):
                return self._subject_at(self._skip_between(c - 1, lower), lower, depth + 1)
        for c in reversed(commas):
            nxt = tokens[c + 1]
            owner = self.by_start.get(nxt.start)
            # "X, Kepala Intelijen ..., mengonfirmasi", "Kate Hixon, Africa advocacy director at ..., warned"
            titled = any(self.lex.titles.match_at(tokens, x) for x in range(c + 1, min(c + 4, k)))
            if (nxt.is_word and not nxt.is_capitalised) or (c + 1) in self.date_first or nxt.text == "(" or titled or (owner is not None and self._possessor(owner)):
                return self._subject_at(self._skip_between(c - 1, lower), lower, depth + 1)
        return None

    def _place_in_description(self, m: Mention, lower: int, comma: int) -> bool:
        """"The UN mission in southern Lebanon, UNIFIL, said", "Kelompok milisi yang didukung
        Iran, Kataib Hezbollah, mengumumkan": the name before the comma closes a description
        that opens the clause (a word of no name in it, the name after a lower-case word), so the
        name after the comma is the speaker in apposition, not a list of names."""
        e = self.know.entities.get(m.entity)
        if e is None or e.type not in PLACE_TYPES:
            return False
        start = self._token_at(m.start)
        if start - 1 < lower or any(self.tokens[x].text in ",;:()" for x in range(lower, comma)):
            return False
        prev = self.tokens[start - 1]
        if not prev.is_word or prev.is_capitalised:
            return False
        named = self.named_tokens()
        return any(t.is_word and x not in named for x, t in enumerate(self.tokens[lower:start - 1], lower))

    def _opens_insertion(self, tok: Token) -> bool:
        lex = self.lex
        if tok.folded in lex.insertion_openers:
            return True
        return bool(lex.participle_suffix) and tok.is_word and not tok.is_capitalised and tok.folded.endswith(lex.participle_suffix) and len(tok.text) > 5

    def _closes(self, m: Mention, k: int) -> bool:
        """The mention, with the acronym that may follow it in parentheses, ends right before token ``k``."""
        tokens = self.tokens
        end = self._token_at(m.end - 1) + 1
        if end < k and tokens[end].text == "(":
            close = next((x for x in range(end, min(k, end + 4)) if tokens[x].text == ")"), None)
            end = close + 1 if close is not None else end
        return end == k

    def _description(self, k, lower):
        """A lower-case subject: "the army said", "a senior official said", "officials said",
        "militer menuding"."""
        tokens, lex = self.tokens, self.lex
        a = k
        while a > lower and tokens[a - 1].is_word and not lex.verb_at(tokens, a - 1) and tokens[a - 1].folded not in lex.complementisers:
            a -= 1
        words = tokens[a : k + 1]
        if any(t.folded in lex.negative_subjects for t in words):
            return _NONE
        noun = lex.figure_nouns.match_ending_at(tokens, k + 1)
        if noun and k - noun[0] >= lower and (m := self.by_end.get(tokens[k - noun[0]].end)) is not None and not self._is_anaphor(m) and not self._possessor(m):
            # "A separate UN tally puts the number at ...": the body named before the figure noun
            key = _actor_key(m, self.know)  # the name qualifies the figures, no unnamed person
            return ([key], [m]) if key is not None and key not in self.know.outlets and not self._part_of_word(m) else _NONE
        together = self._spoke_together(words)
        if together is not None:
            return together
        if words[0].folded in lex.indefinites or self._has_anonymous(a, k + 1):
            return self._unnamed(a, k)  # "a senior US official said", "Sumber militer mengatakan"
        content = [x for x in range(a, k + 1) if tokens[x].folded not in lex.determiners and tokens[x].folded not in lex.anaphora_after]
        if not content:
            return _NONE
        named = self._name_before_head(k, lower)
        if named is not None:
            return named
        return self._speaker_described(content[0] if lex.heads_first else content[-1], None)

    def _spoke_together(self, words):
        """"The two lawmakers said", "both officials said", "kedua legislator itu mengatakan": the
        people who spoke together last (one sentence, as many of them as the description counts),
        each of them; None when the last sentence heard gave another number of speakers."""
        lex = self.lex
        first = words[0].folded
        count = lex.collectives.get(first) or lex.collective_words.get(first)
        if count is None and len(words) > 2:
            definite = first in lex.anaphora_before or words[-1].folded in lex.anaphora_after
            number = words[1].folded if first in lex.anaphora_before else first
            count = lex.number_words.get(number) if definite else None
        if not count or count < 2:
            return None
        last = self._last_statement()
        if last is None:
            return None
        speakers = list(dict.fromkeys(st.speaker for st in self.history if st.sentence == last.sentence))
        people = [k for k in speakers if (e := self.know.entities.get(k)) is not None and e.type == "Person"]
        if len(speakers) != count or len(people) != count:
            return None
        start, end = words[0].start, words[-1].end
        s = self.ctx.sentence
        surface = s.text[start - s.start : end - s.start]
        return people, [Mention(start, end, surface, k, self.ctx.index) for k in people]

    def _name_before_head(self, k, lower):
        """"the Magen David Adom rescue service said", "the Arakan Army rebel group said": a name
        right before the lower-case noun that heads the subject, when the noun can mean that kind
        of speaker ([reporting.descriptions]); the name speaks."""
        tokens, lex = self.tokens, self.lex
        if lex.heads_first:
            return None  # the head comes first: a name after it is an apposition, read elsewhere
        kinds = lex.descriptions.match_at(tokens, k)
        if not kinds:
            return None
        j = k
        while j > lower and tokens[j - 1].is_word and not tokens[j - 1].is_capitalised and not lex.verb_at(tokens, j - 1):
            j -= 1
        if k - j > 2 or j - 1 < lower:
            return None
        m = self.by_end.get(tokens[j - 1].end)
        e = self.know.entities.get(m.entity) if m is not None else None
        if e is None or e.type not in kinds[1] or self._is_anaphor(m):
            return None
        got = self._named_subject(m, lower)
        return got if got and got != _SHARED else None

    def _described(self, m: Mention):
        """An anaphor as speaker: the entity it names when that entity's name holds its noun
        ("the health ministry" -> "Lebanon's health ministry"; "the spokesman" -> the holder of
        that post), else what the description means (below)."""
        lex = self.lex
        words = [x for x in range(self._token_at(m.start), self._token_at(m.end - 1) + 1) if self.tokens[x].is_word]
        words = [x for x in words if self.tokens[x].folded not in lex.determiners and self.tokens[x].folded not in lex.anaphora_before and self.tokens[x].folded not in lex.anaphora_after]
        if not words:
            return _NONE
        head = words[0] if lex.heads_first else words[-1]
        e = self.know.entities.get(m.entity)
        if e is not None and e.type == "Person" and lex.titles.match_at(self.tokens, head):
            return [m.entity], [m]  # "the spokesman added": the holder of that post
        here = self._described_here(head)
        if here is not None:
            return [here], [m]
        if e is not None and e.type in ACTOR_TYPES and e.type != "Person" and not lex.statement_nouns.match_at(self.tokens, head):
            names = {w for name in {e.label, *e.labels.values(), *e.aliases} for w in _folded_words(name)}
            if self.tokens[head].folded in names or any(o.entity == m.entity and o.end <= m.start for o in self.mentions):
                return [m.entity], [m]  # named by it, or named earlier in the same sentence
        return self._speaker_described(head, m)

    def _speaker_described(self, head, m):
        """"the statement said": the speaker of the statement before; "the group said",
        "kelompok itu menyatakan": the last speaker, when the noun can mean that kind of speaker."""
        lex = self.lex
        own = self._own_side(head)
        if own is not None:
            return [own], [m]
        here = self._described_here(head)
        if here is not None:
            return [here], [m]
        last = self._last_statement()
        if last is None:
            return self._only_one_described(head, m)
        if lex.statement_nouns.match_at(self.tokens, head):
            return [last.speaker], [m]
        kinds = lex.descriptions.match_at(self.tokens, head)
        speaker = last.speaker
        e = self.know.entities.get(speaker)
        if kinds and e is not None and e.type == "Person" and speaker in self.ctx.affiliation:
            # "Kelompok itu juga mengklaim" after the group's spokesman spoke: the group
            speaker = self.ctx.affiliation[speaker]
            e = self.know.entities.get(speaker)
        if kinds and e is not None and e.type in kinds[1] and not self._other_branch(head, e):
            return [speaker], [m]
        if kinds and e is not None and e.type == "Person" and last.sentence >= self.ctx.index - 1:
            # "Juru bicara kelompok itu, X, menyatakan ... Kelompok itu juga mengklaim": the group
            # of the one who just spoke, which the text has not named as his
            return _NONE
        return self._only_one_described(head, m)

    def _described_here(self, head) -> str | None:
        """"Hamas must hand over ..., but the group said", "TNLA menahan 27 tentara ..., ungkap
        kelompok itu": a description of a group whose sentence named, before it, exactly one
        actor of a kind the noun can mean is that actor, not the last speaker of the text.
        Outlets and places named on the way do not count; two such actors decide nothing."""
        lex = self.lex
        if lex.statement_nouns.match_at(self.tokens, head):
            return None
        kinds = lex.descriptions.match_at(self.tokens, head)
        if not kinds or "Organization" not in kinds[1]:
            return None  # "kata militer" may well mean the army of the country just named
        start = self.tokens[head].start
        quoted = _quoted_spans(self.ctx.sentence.text, self.ctx.sentence.start)
        fits = set()
        for x in self.mentions:
            if x.end > start or any(a <= x.start < b for a, b in quoted) or not _is_actor(x, self.know.entities) or self._is_anaphor(x):
                continue
            e = self.know.entities.get(x.entity)
            first = self._token_at(x.start)
            if e is None or x.entity in self.know.outlets or self._possessor(x) or self._in_relative(first):
                continue
            if not self.tokens[first].is_capitalised and e.type in kinds[1]:
                continue  # "27 tentara pemerintah": a description, the object of the act
            if e.type not in kinds[1] or self._other_branch(head, e):
                return None  # another actor of the sentence could be meant: leave it
            fits.add(x.entity)
        return fits.pop() if len(fits) == 1 else None

    def _in_relative(self, k) -> bool:
        """The token stands in a relative clause of its stretch between commas ("dalam pernyataan
        yang dimuat kantor berita X,"): no subject of the sentence."""
        tokens, lex = self.tokens, self.lex
        x = k - 1
        while x >= 0 and tokens[x].text not in ",;:":
            if tokens[x].folded in lex.relatives:
                return True
            x -= 1
        return False

    def _own_side(self, head) -> str | None:
        """"X rejected the truce, according to a statement issued by his office": a description
        owned by a possessive pronoun after a speaker of the same sentence is that speaker's
        side (the one act goes on), not the speaker of an earlier sentence."""
        named = [f.statement.speaker for f in self.found if f.statement.speaker and f.verb < head]
        if not named:
            return None
        tokens, lex = self.tokens, self.lex
        k = head - 1
        while k >= 0 and head - k <= 3 and tokens[k].is_word and not tokens[k].is_capitalised:
            if tokens[k].folded in lex.possessive_pronouns:
                return named[-1]  # "his office said"
            k -= 1
        by = next((x for x in range(head + 1, min(head + 4, len(tokens))) if tokens[x].folded in lex.agent_markers), None)
        if by is not None and all(t.is_word for t in tokens[head + 1 : by]) and by + 1 < len(tokens) and tokens[by + 1].folded in lex.possessive_pronouns:
            return named[-1]  # "a statement issued by his office"
        return None

    def _only_one_described(self, head, m):
        """"Al-Shabaab fighters attacked ... The al Qaeda-linked group claimed ...", "kata militer"
        after Israel's army was named: the one actor named so far (before the description) that
        the noun can mean, though it has not spoken. With two or none, nobody is named."""
        kinds = self.lex.descriptions.match_at(self.tokens, head)
        if not kinds:
            return _NONE
        start = self.tokens[head].start
        earlier = list(self.know.seen) + [x.entity for x in self.mentions if x.end <= start and _is_actor(x, self.know.entities)]
        fits = {k for k in earlier if (e := self.know.entities.get(k)) is not None and e.type in kinds[1] and k not in self.know.outlets
                and not self._other_branch(head, e)}
        if len(fits) != 1:
            return _NONE
        fit = fits.pop()
        if self.know.seen.get(fit, self.ctx.index) < self.ctx.index - _DESCRIBED_WITHIN:
            return _NONE  # named long before: the description may well mean a body never named
        return [fit], [m]

    def _other_branch(self, head: int, e: Entity) -> bool:
        """"the army" cannot describe the Nigerian Air Force: a military noun means a body whose
        name holds it or holds no such noun."""
        lex = self.lex
        found = lex.branches.match_at(self.tokens, head) or lex.branches.match_ending_at(self.tokens, head + 1)
        if not found:
            return False
        a = head if lex.branches.match_at(self.tokens, head) else head + 1 - found[0]
        return names_other_branch(lex, tuple(t.folded for t in self.tokens[a : a + found[0]]), e)

    def _inside_unknown_name(self, start, lower) -> bool:
        """Capitalised words right before a name that are no name of their own, no title and no
        function word: the name ends a longer name nobody recognised."""
        tokens, lex = self.tokens, self.lex
        k = start - 1
        if k - 1 > lower and tokens[k].folded in lex.affiliation_links and not tokens[k].is_capitalised and self._unknown_capitalised(k - 1):
            return True  # "The UN Human Rights Monitoring Mission in Ukraine said": a body in that country
        if self._foreign_link_before(k, lower):
            return True
        if k < lower or not tokens[k].is_word or not tokens[k].is_capitalised:
            return False
        if lex.heads_first and tokens[k].folded in lex.stopwords:
            # "Tentara Kawasan Kedua Thailand melaporkan": an ordinal inside the longer name; a
            # capitalised word of no name further back (not the clause's first word) shows it
            j = k
            while j > lower and tokens[j].is_word and tokens[j].is_capitalised and tokens[j].end not in self.by_end and tokens[j].folded in lex.stopwords:
                j -= 1
            if j > lower and j < k and self._unknown_capitalised(j):
                return True
        if "-" in tokens[k].text and tokens[k].text.rsplit("-", 1)[1][:1].islower():
            return False  # "The Geneva-based Norwegian Refugee Council": a compound adjective
        before = self.by_end.get(tokens[k].end)
        if before is not None and not (lex.heads_first and self.know.entities.get(before.entity) and self.know.entities[before.entity].type in PLACE_TYPES):
            return False
        if tokens[k].folded in lex.stopwords or lex.titles.match_ending_at(tokens, start) or lex.between.match_ending_at(tokens, start):
            return False
        if k in self.date_first or tokens[k].folded in lex.months:
            return False
        return k > lower or not lex.heads_first

    def _foreign_link_before(self, k, lower) -> bool:
        """"kelompok riset All Eyes on Wagner menyebut": a short lower-case word of no language
        the lexicon knows as a link, after two capitalised words of no recognised name, joins them
        and the name after into one longer name nobody recognised (written in another language)."""
        tokens = self.tokens
        if k - 2 <= lower or not tokens[k].is_word or tokens[k].is_capitalised or len(tokens[k].text) > 3:
            return False
        return self._unknown_capitalised(k - 1) and self._unknown_capitalised(k - 2)

    def _member_of(self, start, lower):
        """A body named after "of"/"from" that a person right before belongs to ("Rep. Jane Doe of
        the ruling X Party", "Colonel A of the Indian Army"): that person's mention; _NONE when a
        capitalised name nobody recognised stands there; None when no such link."""
        tokens, lex = self.tokens, self.lex
        k = start - 1
        while k > lower and tokens[k].is_word and not tokens[k].is_capitalised and tokens[k].folded not in lex.affiliation_links and k > start - 4:
            k -= 1  # "the ruling", "the opposition"
        if k - 1 < lower or tokens[k].folded not in lex.affiliation_links or tokens[k].is_capitalised:
            return None
        before = self.by_end.get(tokens[k - 1].end)
        if before is not None and not self._is_anaphor(before):
            e = self.know.entities.get(before.entity)
            return before if e is not None and e.type == "Person" else None
        if before is None and self._unknown_capitalised(k - 1) and tokens[k - 1].end not in self.by_end:
            return _NONE  # "Rep. Park Sun of the ruling party": a person the gazetteer does not know
        return None

    def _unknown_capitalised(self, k) -> bool:
        """Token ``k`` is a capitalised word of no recognised name, no title, no function word and
        no unnamed-source noun: a word of a name nobody recognised."""
        tokens, lex = self.tokens, self.lex
        t = tokens[k]
        if not t.is_word or not t.is_capitalised or k in self.named_tokens() or t.folded in lex.stopwords:
            return False
        if lex.titles.match_ending_at(tokens, k + 1) or lex.titles.match_at(tokens, k) or lex.anonymous.match_at(tokens, k):
            return False
        return not (k in self.date_first or t.folded in lex.months)

    def _unnamed_run(self, start, lower) -> int | None:
        """Lower-case words before a name that make it a modifier of an unnamed source: "sumber
        keamanan Lebanon", "seorang pejabat Israel", "juru bicara militer Israel". The first
        of those words, or None."""
        tokens, lex = self.tokens, self.lex
        a = start
        while a > lower and tokens[a - 1].is_word and not tokens[a - 1].is_capitalised and not lex.verb_at(tokens, a - 1):
            a -= 1
        if a - 1 == lower and tokens[a - 1].is_word and tokens[a - 1].end not in self.by_end:
            a -= 1  # "Sumber keamanan Lebanon": the first word is capitalised only as the sentence's first
        title = lex.titles.match_ending_at(tokens, start) if start > lower else None
        if title:
            return min(a, start - title[0])  # "Menhan Pakistan klaim ...": an unnamed office-holder of that country
        if a == start:
            return None
        if start - 1 > a and tokens[start - 1].folded in lex.determiners and not self._has_anonymous(a, start) and not any(lex.titles.match_at(tokens, x) for x in range(a, start)):
            return None  # "a charge the Taliban reject": the name opens a noun phrase of its own
        if tokens[a].folded in lex.indefinites or self._has_anonymous(a, start) or any(lex.titles.match_at(tokens, x) for x in range(a, start)):
            return a
        return None

    # -- unnamed sources (kg/extract/sources.py) -------------------------------------------------

    def sentence(self) -> unnamed_sources.Sentence:
        s = self.ctx.sentence
        return unnamed_sources.Sentence(s.text, s.start, self.tokens, self.ctx.sm.mentions, self.ctx.lead, frozenset(self.date_first))

    def named_tokens(self) -> set[int]:
        """The tokens inside names (descriptions such as "the ministry" aside)."""
        if self._named_tokens is None:  # worked out once per sentence
            self._named_tokens = {k for m in self.mentions if not self._is_anaphor(m) for k in range(self._token_at(m.start), self._token_at(m.end - 1) + 1)}
        return self._named_tokens

    def _unnamed(self, a: int, b: int, subject: bool = True):
        """The unnamed source that tokens a..b describe, as the speaker; _NONE when they describe
        none ("Menhan Pakistan": an office-holder, not a source)."""
        key = unnamed_sources.unnamed(self.sentence(), a, b, self.know.entities, self.lex, self.named_tokens(), self.know.sources, self.know.capital_of, subject)
        if not key:
            return _NONE
        source = self.know.sources[key]
        s = self.ctx.sentence
        # where the description stands, as a mention of it: the claim starts or ends there
        return [key], [Mention(source.start, source.end, s.text[source.start - s.start : source.end - s.start], key, self.ctx.index)]

    def _unnamed_after(self, j: int):
        """"..., kata seorang pejabat senior", "according to U.S. officials familiar with the
        talks": the unnamed source the phrase at ``j`` describes (up to a date or a comma)."""
        lex, tokens = self.lex, self.tokens
        stop = set(self.date_first)
        for table in (lex.channel_cues, lex.audience_cues, lex.source_cues, lex.citing_cues):
            stop.update(x for x in table.starts(tokens) if x >= j and table.match_at(tokens, x))
        stop.update(x for x in range(j, len(tokens)) if not tokens[x].is_capitalised and lex.between_prepositions.match_at(tokens, x) and tokens[x].folded not in lex.affiliation_links)
        last = unnamed_sources.phrase_after(self.sentence(), j, lex, stop)
        return self._unnamed(j, last, subject=False) if last >= j else _NONE

    def _relayed(self, outlet: str):
        """An outlet that speaks while the sentence cites an unnamed source ("Citing unnamed
        officials, The Daily Ledger reported ...", "..., demikian dilaporkan Reuters, mengutip
        petugas medis"): the unnamed source is the speaker, the outlet carried the words. None
        when the sentence cites none."""
        if not _relays_unnamed(self.tokens, self.lex):
            # "The broadcaster X, citing the civil defence, reported ...": the named source it
            # cites speaks, the outlet carried the words
            cited = _cited_actor(self, self.know)
            if cited is None or cited == outlet:
                return None
            self.relay_outlet = outlet
            return [cited], [None]
        relayed = _relayed(self, self.know)
        if relayed is None:
            return None
        self.relay_outlet = outlet
        return [relayed], [None]

    def _description_end(self, m: Mention) -> int:
        """The last token of a description that ends with the name ``m``, or with a relative
        clause after it that runs to the verb ("seorang pejabat ... yang tidak mau disebutkan
        namanya mengatakan")."""
        end = self._token_at(m.end - 1)
        if end + 1 < len(self.tokens) and self.tokens[end + 1].folded in self.lex.relatives and self._subject_end > end:
            return self._subject_end
        return end

    def _has_anonymous(self, a, b) -> bool:
        """An unnamed-source noun ("officials", "sumber") among tokens a..b-1, outside names."""
        tokens, lex = self.tokens, self.lex
        named = self.named_tokens()
        return any(lex.anonymous.match_at(tokens, x) and x not in named for x in range(a, b))

    def _title_start(self, k: int, lower: int) -> int:
        """Back over a title standing before a name, and the demonym before it ("Armenian Prime
        Minister Nikol Pashinyan")."""
        tokens, lex = self.tokens, self.lex
        title = lex.titles.match_ending_at(tokens, k)
        if title and k - title[0] >= lower:
            k -= title[0]
        if k - 1 >= lower and tokens[k - 1].is_capitalised and tokens[k - 1].is_word and tokens[k - 1].end not in self.by_end and tokens[k - 1].folded not in lex.stopwords:
            k -= 1
        return k

    def _role_start(self, m: Mention, start: int) -> int:
        """The token where a name's title starts, when the title stands right before it."""
        for r in self.ctx.sm.roles:
            if r.holder == m.entity and r.end <= m.start and m.start - r.end <= 2:
                return self._token_at(r.start)
        return start

    # -- after the verb ------------------------------------------------------------------------

    def _after(self, j, strict):
        tokens, lex = self.tokens, self.lex
        if j < len(tokens) and tokens[j].folded in lex.pronouns and not strict:
            # "..., kata dia": the speaker; but "X, said it would ...": the pronoun opens the claim
            last = self._last_speaker(tokens[j].folded)
            return ([self._resolve_pronoun(tokens[j].folded, last)], [None]) if last else None
        k = j
        while k < len(tokens) and tokens[k].folded in lex.determiners:
            k += 1
        if not strict and k < len(tokens) and (source := self._figure_source(k)) is not None:
            return source  # "according to figures released by the mission"
        if (not strict and k + 1 < len(tokens) and tokens[k].is_word and not tokens[k].is_capitalised
                and lex.descriptions.match_at(tokens, k) and tokens[k + 1].folded in lex.relatives):
            # "..., ungkap kelompok yang didukung Iran itu": the group speaks, not the name in its clause
            return self._speaker_described(k, None)
        if k < len(tokens) and tokens[k].folded in lex.indefinites:
            # "kata seorang pejabat", "according to a source"; but "according to a casualty list
            # released by Nasser Hospital" names its source after "by".
            by = next((x for x in range(k, min(k + 8, len(tokens))) if tokens[x].folded in lex.agent_markers), None)
            if by is not None:
                return self._after(by + 1, strict=True)
            window = range(k, min(k + 4, len(tokens)))
            if strict and (not self._has_anonymous(k, window.stop) or any(tokens[x].text[:1].isdecimal() for x in window)):
                return None  # "..., said some 250,000 people had fled": the claim, not a speaker
            return self._unnamed_after(j)
        if not strict and (head := self._closed_description(k)) is not None:
            return self._speaker_described(head, None)  # "Menurut kementerian, dua prajurit SNA gugur"
        limit = tokens[min(j + _LOOKAHEAD, len(tokens)) - 1].end if j < len(tokens) else self.ctx.sentence.end
        begin = tokens[j].start if j < len(tokens) else self.ctx.sentence.end
        for m in self.mentions:
            if not (m.start >= begin and m.end <= limit):
                continue
            if strict and (k >= len(tokens) or m.start not in (tokens[j].start, tokens[k].start) or self._opens_clause(m)):
                return None
            if not strict and self._unknown_name_before(k, m):
                return None  # "Menurut Balalou, pasukan FACA ...": the speaker is a name not recognised
            if self._is_anaphor(m):
                if (person := self._titled_anaphor_person(k, m)) is not None:
                    return [person.entity], [person]  # "kata juru bicara layanan itu, Malek Merset"
                return self._described(m)
            if self._possessor(m):
                after = self._token_at(m.end - 1) + 2
                if not (after < len(tokens) and lex.figure_nouns.match_at(tokens, after)):
                    continue  # "according to the African Union's former mediator, ..."
            e = self.know.entities.get(m.entity)
            if e is None or _in_role_of_other(m, self.ctx.sm.roles):
                continue
            key = _actor_key(m, self.know)
            if key is None:
                if e.type in PLACE_TYPES:
                    continue
                return None
            if key in self.know.outlets:
                return self._relayed(key) or _NONE  # "..., demikian dilaporkan X, mengutip petugas medis"
            start = self._token_at(m.start)
            if e.type != "Person" and (self._has_anonymous(k, start) or self._anonymous_after(m)):
                return self._unnamed_after(j)  # "according to U.S. officials", "kata sumber militer Israel"
            titled = any(lex.titles.match_at(tokens, x) for x in range(k, start))
            person = self._titled_person(m, titled) or self._apposed_person(m)
            if person is not None:
                return [person.entity], [person]
            return [key], [m]
        if not strict and k < len(tokens) and tokens[k].is_word and not tokens[k].is_capitalised and (lex.statement_nouns.match_at(tokens, k) or lex.descriptions.match_at(tokens, k)):
            return self._speaker_described(k, None)  # "..., tulis pernyataan itu", "kata militer"
        return None

    def _titled_anaphor_person(self, k: int, m: Mention) -> Mention | None:
        """"..., kata juru bicara layanan itu, X": a title before a description of a body, then a
        person after a comma: that person speaks, not the body."""
        e = self.know.entities.get(m.entity)
        if e is None or e.type == "Person":
            return None
        start = self._token_at(m.start)
        if not any(self.lex.titles.match_at(self.tokens, x) for x in range(k, start + 1)):
            return None
        return self._apposed_person(m)

    def _closed_description(self, k: int) -> int | None:
        """"Menurut kementerian, dua prajurit SNA gugur", "menurut data kementerian, serangan Israel
        ...": lower-case words closed by a comma, among them a description of a speaker, are the
        whole source; the names after the comma belong to the claim. Returns the description's
        head, or None when the words run on (a title, a name, an apposition without comma)."""
        tokens, lex = self.tokens, self.lex
        head = None
        x = k
        while x < len(tokens) and x - k < 4 and tokens[x].is_word and not tokens[x].is_capitalised:
            if head is None and lex.descriptions.match_at(tokens, x):
                head = x
            x += 1
        if head is None or x >= len(tokens) or tokens[x].text != "," or lex.titles.match_at(tokens, k):
            return None
        return head

    def _unknown_name_before(self, k: int, m: Mention) -> bool:
        """Between the verb and the first mention after it, a capitalised word that is no part of
        a mention closes its phrase with a comma ("according to Smith, the army ...", "Menurut
        Balalou, pasukan ..."): the speaker is that word, a name not recognised, and the mention
        belongs to the claim."""
        tokens, lex = self.tokens, self.lex
        unknown = False
        x = k
        while x < len(tokens) and tokens[x].start < m.start:
            tok = tokens[x]
            if tok.text in (",", ";", ":"):
                if not unknown:
                    return False
                # "said the director of the Kamal Adwan hospital, Hussam Abu Safiya": a person in
                # apposition right after the comma is the speaker the phrase before described
                y = x + 1
                while y < len(tokens) and (tokens[y].folded in lex.determiners or lex.titles.match_at(tokens, y)):
                    y += lex.titles.match_at(tokens, y)[0] if lex.titles.match_at(tokens, y) else 1
                e = self.know.entities.get(m.entity)
                return not (y < len(tokens) and tokens[y].start == m.start and e is not None and e.type == "Person")
            if tok.is_word and tok.is_capitalised and tok.folded not in lex.determiners and not lex.titles.match_at(tokens, x):
                unknown = True
            x += 1
        return False

    def _figure_source(self, k):
        """The source of the figures named at ``k``: "figures released by the mission", "data
        from OCHA", "data yang dirilis PBB" (None when no figure noun with a source stands there)."""
        tokens, lex = self.tokens, self.lex
        noun = lex.figure_nouns.match_at(tokens, k)
        if not noun:
            return None
        p = k + noun[0]
        marker = lex.figure_sources.match_at(tokens, p)
        if marker:
            p += marker[0]
        elif not lex.heads_first:
            return None
        while p < len(tokens) and tokens[p].folded in lex.determiners:
            p += 1
        if p >= len(tokens):
            return None
        m = self.by_start.get(tokens[p].start)
        if m is None:
            return self._noun_in_sentence(p) if marker else None
        if self._is_anaphor(m):
            return self._described(m)
        key = _actor_key(m, self.know)
        if key is None or self._possessor(m):
            return None
        if key in self.know.outlets:
            return _NONE
        person = self._titled_person(m) or self._apposed_person(m)
        return ([person.entity], [person]) if person is not None else ([key], [m])

    def _noun_in_sentence(self, p):
        """"figures released by the mission": the one actor named earlier in the sentence whose
        name holds that noun."""
        tokens, lex = self.tokens, self.lex
        kinds = lex.descriptions.match_at(tokens, p)
        if not kinds or tokens[p].is_capitalised:
            return None
        noun = tokens[p].folded
        fits = []
        for m in self.mentions:
            e = self.know.entities.get(m.entity)
            if m.start >= tokens[p].start or e is None or e.type not in kinds[1] or m.entity in self.know.outlets:
                continue
            names = {w for name in {e.label, *e.labels.values(), *e.aliases} for w in _folded_words(name)}
            if noun in names:
                fits.append(m)
        if len({m.entity for m in fits}) != 1:
            return None
        return [fits[0].entity], [fits[0]]

    def _figure_subject(self, i, lower):
        """The source of the figures that are the subject of ``i``: "Figures from the health
        ministry show", "The ministry's data showed", "Data Kementerian Kesehatan menunjukkan"."""
        tokens, lex = self.tokens, self.lex
        for f in range(i - 1, max(lower, i - 12) - 1, -1):
            if tokens[f].text in ",;:" or lex.verb_at(tokens, f):
                return None
            if not lex.figure_nouns.match_at(tokens, f):
                continue
            if f >= 2 and tokens[f - 1].text in ("'s", "’s"):
                m = self.by_end.get(tokens[f - 2].end)
                if m is not None and not self._is_anaphor(m):
                    got = self._named_subject(m, lower)
                    return got if got and got not in (_NONE, _SHARED) else None
                return None
            got = self._figure_source(f)
            return got if got and got != _NONE else None
        return None

    def _opens_clause(self, m: Mention) -> bool:
        """The name after a verb is the subject of the clause reported, not the speaker: a verb
        follows it ("The Houthis' spokesman, Yahya Saree, said the group had fired ...")."""
        k = self._token_at(m.end - 1) + 1
        return k < len(self.tokens) and self.lex.looks_like_verb(self.tokens[k])

    def _agent(self, i, n, clause_start):
        """The doer of a passive verb, right after it ("disampaikan Brown", "dibantah militer";
        lower-case title words may come first: "disampaikan juru bicara PBB, Stéphane Dujarric").
        When the subject refers back ("Hal itu diumumkan melalui televisi IRIB, Selasa") and no
        doer is named, the sentence only dates the one before: the speaker is left empty."""
        tokens, lex = self.tokens, self.lex
        j = i + n
        while j < len(tokens) and (hit := lex.between.match_at(tokens, j)) and any(tokens[x].folded in lex.agent_markers for x in range(j + hit[0], min(j + hit[0] + 1, len(tokens)))):
            j += hit[0]  # "disampaikan pula oleh X": an adverb before the doer's marker
        if j < len(tokens) and tokens[j].folded in lex.agent_markers:
            j += 1
        back = self._back_subject(i, clause_start)
        unnamed = ([""], [None]) if back else None
        if j < len(tokens) and lex.outlet_nouns.match_at(tokens, j):
            self.outlet_agent = True  # "dirilis kantor berita APA": the outlet's date, not the speaker's
            return unnamed or _NONE
        begin = tokens[j].start if j < len(tokens) else self.ctx.sentence.end
        m = next((m for m in self.mentions if m.start >= begin), None)
        if m is None:
            return unnamed
        between = tokens[j : self._token_at(m.start)]
        if len(between) > 4 or any(not t.is_word or lex.between_prepositions.match_at(tokens, self._token_at(t.start)) for t in between):
            return unnamed  # "diumumkan melalui televisi IRIB": the channel, not the doer
        if lex.outlet_nouns.match_ending_at(tokens, self._token_at(m.start)) or m.entity in self.know.outlets:
            self.outlet_agent = True  # "dirilis kantor berita APA": the outlet's date, not the speaker's
            return unnamed or _NONE
        got = self._after(j, strict=False)
        return got if got else unnamed

    # -- shared helpers -------------------------------------------------------------------------

    def _back_subject(self, i, clause_start) -> bool:
        """The verb's subject refers to what was just said: "Hal itu disampaikan ...",
        "Pernyataan itu disampaikannya ..."."""
        k = i - 1
        while k >= clause_start and self.lex.between.match_ending_at(self.tokens, k + 1):
            k -= self.lex.between.match_ending_at(self.tokens, k + 1)[0]
        hit = self.lex.back_references.match_ending_at(self.tokens, k + 1)
        return bool(hit) and k - hit[0] + 1 <= clause_start + 1

    def _back_object(self, j) -> bool:
        """"Ia menyampaikan hal itu saat ...": the verb's object is what was just said."""
        return j < len(self.tokens) and self.lex.back_objects.match_at(self.tokens, j) is not None

    def _titled_person(self, m: Mention, titled: bool = False) -> Mention | None:
        """"UN rights chief Volker Türk", "U.S. President Donald Trump", "Direktur Pelindungan WNI
        Judha Nugraha": the first name only qualifies the title of the person named after it."""
        if self.know.entities[m.entity].type == "Person":
            return None
        tokens, lex = self.tokens, self.lex
        k = self._token_at(m.end - 1) + 1
        for _ in range(5):
            if k >= len(tokens):
                return None
            nxt = self.by_start.get(tokens[k].start)
            if nxt is not None:
                return nxt if titled and self.know.entities[nxt.entity].type == "Person" else None
            title = lex.titles.match_at(tokens, k)
            if title:
                titled, k = True, k + title[0]
            elif tokens[k].is_word and not tokens[k].is_capitalised and not lex.verb_at(tokens, k):
                k += 1
            else:
                return None
        return None

    def _apposed_person(self, m: Mention) -> Mention | None:
        """"juru bicara Kepolisian Somalia, Mayor Abdifatah Aden Hassan": the person named after
        a comma, when the first name is the institution."""
        if self.know.entities[m.entity].type == "Person":
            return None
        tokens = self.tokens
        k = self._token_at(m.end - 1) + 1
        for step in range(6):
            if k >= len(tokens):
                return None
            if tokens[k].text == ",":
                break
            if self.lex.verb_at(tokens, k) or tokens[k].text in ";:.":
                return None
            k += 1
        else:
            return None
        first = k + 1
        while first < len(tokens) and tokens[first].is_capitalised and (rank := self.lex.titles.match_at(tokens, first) or self.lex.honorifics.match_at(tokens, first)):
            first += rank[0]
        person = self.by_start.get(tokens[first].start) if first < len(tokens) else None
        if person is None or self.know.entities[person.entity].type != "Person":
            return None
        after = self._token_at(person.end - 1) + 1
        if after < len(tokens) and tokens[after].text not in ",.;" and not (after in self.date_first) and tokens[after].folded not in self.lex.between_prepositions.first_words:
            return None
        return person

    def _anonymous_after(self, m: Mention) -> bool:
        k = self._token_at(m.end - 1) + 1
        return k < len(self.tokens) and self.lex.anonymous.match_at(self.tokens, k) is not None

    def _possessor(self, m: Mention) -> bool:
        k = self._token_at(m.end - 1) + 1
        return k < len(self.tokens) and self.tokens[k].text in ("'s", "’s")

    def _sentence_subject(self):
        """The actor named first in the sentence, when it opens the sentence (after determiners
        and titles, or after a phrase closed by a comma): the subject of the main clause, as
        (speakers, mentions)."""
        tokens, lex = self.tokens, self.lex
        mentions = [m for m in self.mentions if m.start >= self.ctx.lead]
        # "The Washington-based HRANA ...": a name inside a compound adjective is no subject
        adjectives = set()
        while len(mentions) > 1 and self._part_of_word(mentions[0]):
            adjectives.add(self._token_at(mentions[0].start))
            mentions = mentions[1:]
        if not mentions:
            return None
        m = mentions[0]
        k = self._token_at(m.start)
        lead = [x for x in range(k) if tokens[x].start >= self.ctx.lead and tokens[x].folded not in lex.determiners and tokens[x].is_word and not lex.titles.match_at(tokens, x) and x not in adjectives]
        if lead and tokens[k - 1].text != ",":
            return None
        if self._part_of_word(m):
            return None
        if self._is_anaphor(m):
            got = self._described(m)
            return got if got and got != _NONE else None
        person = self._titled_person(m)
        if person is not None:
            return [person.entity], [person]
        key = _actor_key(m, self.know)
        if key is None or key in self.know.outlets or self._possessor(m):
            return None
        return [key], [m]

    def _part_of_word(self, m: Mention) -> bool:
        """The mention is a piece of a longer word: "Washington" in "Washington-based"."""
        k = self._token_at(m.end - 1)
        return self.tokens[k].end != m.end or self.tokens[self._token_at(m.start)].start != m.start

    def _is_anaphor(self, m: Mention) -> bool:
        """"the ministry", "The health ministry", "kelompok itu": a description, not a name."""
        words = [t for t in self.tokens[self._token_at(m.start) : self._token_at(m.end - 1) + 1] if t.is_word]
        if not words:
            return False
        if words[-1].folded in self.lex.anaphora_after:
            return True
        rest = words[1:] if words[0].folded in self.lex.anaphora_before else words
        # "the ministry", "The health ministry": lower-case words after the determiner ("militer
        # Israel" names the army, though it opens in lower case)
        return bool(rest) and not any(t.is_capitalised for t in rest)

    def _last_statement(self) -> Statement | None:
        for st in reversed(self.history):
            if st.sentence >= self.ctx.index - _RECENT:
                return st
            break
        return None

    def _last_speaker(self, pronoun: str = "") -> str | None:
        """The speaker a pronoun means: the last one of this sentence, else of the text so far;
        none when the pronoun cannot mean it ("it" is no person, "he" no institution)."""
        named = [f.statement.speaker for f in self.found if f.statement.speaker]
        heard = self._last_heard()
        last = named[-1] if named else (heard.speaker if heard else None)
        at = (named and self.found[-1].statement) or heard
        if at is not None and self.know.unheard > (at.sentence, self._said_at(at)):
            return None  # an act of saying by someone not found stands between: it may be theirs
        if not named and pronoun not in self.lex.thing_pronouns and self.know.subjects:
            index, person = self.know.subjects[-1]
            said_since = self.history and self.history[-1].sentence > index
            if person is not None and index >= self.ctx.index - 2 and not said_since:
                last = person  # the person the sentence before was about, who had not spoken yet
        if last in self.know.sources and pronoun in self.lex.thing_pronouns:
            return None  # "it said" means no unnamed person
        e = self.know.entities.get(last) if last else None
        if e is not None and pronoun:
            if pronoun in self.lex.person_pronouns and e.type != "Person":
                return None
            if pronoun in self.lex.thing_pronouns and e.type == "Person":
                return None
        return last

    def _last_heard(self) -> Statement | None:
        """The last statement of the text so far, passing over asides made in a relative clause
        after another speaker's words of the same sentence ("Ia mengklaim ..., klaim yang dibantah
        TNI. “...,” ditegaskannya": he, not the army)."""
        h = self.history
        if not h:
            return None
        k = len(h) - 1
        while k > 0 and id(h[k]) in self.know.asides and h[k - 1].sentence == h[k].sentence:
            k -= 1
        return h[k]

    def _said_at(self, st: Statement) -> int:
        """Where the act of a statement stands (its sentence's end for one made before this one)."""
        if st.sentence == self.ctx.index:
            return max((self.tokens[f.verb].start for f in self.found if f.statement is st), default=self.ctx.sentence.start)
        return 1 << 62

    def _resolve_pronoun(self, pronoun: str, last_speaker: str) -> str:
        """"pihaknya" after a spokesperson means the side they speak for."""
        if pronoun in self.lex.organisation_pronouns:
            return self.ctx.affiliation.get(last_speaker, last_speaker)
        return last_speaker

    def _token_at(self, char: int) -> int:
        starts = self.starts
        k = bisect_left(starts, char)
        if k < len(starts) and starts[k] == char:
            return k
        return max(0, k - 1)


def _folded_words(name: str) -> list[str]:
    return [w for w in re.findall(r"\w[\w'-]*", fold(name))]


def _in_role_of_other(m: Mention, roles) -> bool:
    return any(r.start <= m.start and m.end <= r.end and r.holder != m.entity for r in roles)


# --- where, when, about what ----------------------------------------------------------------------


def _dates_of_saying(ctx: Context, lex: Lexicon) -> list[DateSpan]:
    """The sentence's dates but those of an outlet that carried the words ("seperti dilansir Al
    Jazeera, Selasa (4/11)", "Dilansir dari Yonhap, Selasa (24/12), ..."): those say when the
    outlet published, not when the speaker spoke."""
    tokens = ctx.sm.tokens
    out = []
    for d in ctx.dates:
        k = next((k for k, t in enumerate(tokens) if t.start >= d.start), None)
        if k is None:
            out.append(d)
            continue
        j = k - 1
        if j >= 0 and tokens[j].text == ",":
            j -= 1
        while j >= 0 and tokens[j].is_word and tokens[j].is_capitalised and k - j < 7:
            j -= 1
        if j >= 0 and j < k - 1 and lex.source_cues.match_ending_at(tokens, j + 1):
            continue
        out.append(d)
    return out


def _said_on(dates: list[DateSpan], regions):
    for region in regions:
        for d in dates:
            if region[0] <= d.start and d.end <= region[1]:
                return d.value if d.end_value is None else None
    return None


def _within(claim, a, b) -> bool:
    return any(x <= a and b <= y for x, y in claim)


def _about(mentions: list[Mention], claim, speaker) -> list[str]:
    seen = []
    for m in mentions:
        if _within(claim, m.start, m.end) and m.entity != speaker and m.entity not in seen:
            seen.append(m.entity)
    return seen


def _place(sm: SentenceMentions, claim, lex: Lexicon, entities) -> str | None:
    """The place the claim is about: a place after a locative preposition ("di wilayah timur
    Rusia", "in the Kursk region"), preferring a region over a country; else a region named."""
    tokens = sm.tokens
    type_of = lambda m: entities[m.entity].type
    top = {m.start: m for m in sm.mentions if not m.nested}
    located: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.folded not in lex.place_prepositions or not _within(claim, tok.start, tok.end):
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].folded in lex.place_between and tokens[j].start not in top:
            j += 1
        m = top.get(tokens[j].start) if j < len(tokens) else None
        if m is not None and type_of(m) == "Country":
            # "in Russia's Kursk region": the region, not the country that owns it.
            k = next((k for k in range(j, len(tokens)) if tokens[k].start >= m.end), len(tokens))
            inner = top.get(tokens[k + 1].start) if k + 1 < len(tokens) and tokens[k].text in ("'s", "’s") else None
            m = inner if inner is not None and type_of(inner) in PLACE_TYPES else m
        if m is not None and type_of(m) in PLACE_TYPES:
            located.append(m)
    regions = [m for m in located if type_of(m) == "Location"]
    if regions or located:
        return (regions or located)[0].entity
    named = [m for m in top.values() if _within(claim, m.start, m.end) and type_of(m) == "Location"]
    return min(named, key=lambda m: m.start).entity if named else None


# --- small helpers --------------------------------------------------------------------------------


_QUOTE_MARK = re.compile("[" + re.escape(QUOTES_OPEN + QUOTES_CLOSE) + "]")


def _quoted_spans(text: str, offset: int) -> list[tuple[int, int]]:
    spans, open_at = [], None
    for mark in _QUOTE_MARK.finditer(text):  # only quote marks matter: jump from one to the next
        k, ch = mark.start(), mark.group()
        if open_at is None and ch in QUOTES_OPEN:
            open_at = k
        elif open_at is not None and ch in QUOTES_CLOSE and k > open_at:
            spans.append((open_at + offset, k + 1 + offset))
            open_at = None
    return spans


def _is_whole_quote(text: str) -> bool:
    """The sentence is one quotation: it opens with a quote mark and closes with the matching one."""
    t = text.strip()
    if len(t) < 2 or t[0] not in QUOTES_OPEN:
        return False
    body = t.rstrip(".")
    if not body or body[-1] not in QUOTES_CLOSE:
        return False
    inner = body[1:-1]
    return not any(c in inner for c in QUOTES_CLOSE)


def _leading_quote(quoted, speaker_mention, s) -> tuple[int, int] | None:
    if not quoted or speaker_mention is None:
        return None
    first = quoted[0]
    if s.text[: first[0] - s.start].strip() == "" and first[1] <= speaker_mention.start:
        return first
    return None


def _complementiser_after(tokens, j, lex) -> bool:
    return any(t.folded in lex.complementisers for t in tokens[j:])


def _covered(tokens: list[Token], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of the character spans (start inclusive).

    Tokens are in text order, so each span covers a run of them found by bisection, instead of
    every token testing every span."""
    starts = [t.start for t in tokens]
    covered = [False] * len(tokens)
    for a, b in spans:
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            covered[k] = True
    return covered


def _negated(tokens, i, lex) -> bool:
    return any(t.folded in lex.negations for t in tokens[max(0, i - 2) : i])


def _noun_use(tokens, i, lex) -> bool:
    """A verb form used as a noun: "the claims", "ISWAP's claims", "a report", "the Houthi claim of"."""
    if i + 1 < len(tokens) and tokens[i + 1].folded in lex.noun_markers_after:
        return True
    if i == 0:
        return False
    prev = tokens[i - 1]
    return prev.text in ("'s", "’s") or prev.folded in lex.determiners or prev.folded in lex.indefinites


def _at_clause_start(tokens, i, clause_start) -> bool:
    k = i - 1
    while k >= clause_start and tokens[k].text in QUOTES_CLOSE:
        k -= 1
    return k < clause_start or tokens[k].text in (",", ";", ":")


def _after_complementiser(tokens, j, lex, dates=()) -> int:
    """Where the claim starts after a verb: past "bahwa"/"that" when it follows within a few words
    (a date set off by commas may stand between: "mengatakan, Senin (10/3), bahwa ...")."""
    skip_to, limit = -1, j + 12
    for k in range(j, len(tokens)):
        if k >= limit:
            break
        if k <= skip_to:
            continue
        if tokens[k].folded in lex.complementisers:
            return tokens[k].end
        if tokens[k].text == "," and (closed := _comma_date(tokens, k, dates)) is not None:
            skip_to, limit = closed, limit + closed - k + 1  # the date's words do not count
            continue
        if tokens[k].text in ",;:" or tokens[k].text in QUOTES_OPEN:
            break
        if k > j and tokens[k].folded in lex.coordinators:
            break  # "said 14 were killed and that 30 were wounded": the claim starts at the verb
    return tokens[j].start if j < len(tokens) else tokens[-1].end


def _comma_date(tokens, k, dates) -> int | None:
    """The comma at ``k`` opens a date closed by another comma (", Senin (10/3),"): the index of
    that closing comma, else None."""
    if k + 1 >= len(tokens):
        return None
    d = next((d for d in dates if d.start == tokens[k + 1].start), None)
    if d is None:
        return None
    x = k + 1
    while x < len(tokens) and tokens[x].start < d.end:
        x += 1
    return x if x < len(tokens) and tokens[x].text == "," else None


def _strip(text: str) -> str:
    return text.strip().strip(",;:").strip()
