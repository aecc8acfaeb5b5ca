"""Statements: who said what, when, with which numbers, about which place.

A sentence (quotations kept whole) gives at most one statement: the first reporting verb outside
quotation marks whose speaker can be found on the side the lexicon says ("X mengatakan",
"ujar X", "X said" / "said X", "according to X"). A sentence that is all quotation and names
no speaker continues the nearest speaker before it, else the one right after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..text import QUOTES_CLOSE, QUOTES_OPEN, Token
from . import events
from .mentions import ACTOR_TYPES, PLACE_TYPES, SentenceMentions
from .model import DateSpan, Entity, Mention, Quantity, Sentence, Statement

_MIN_QUOTE_WORDS = 4  # fewer quoted words are scare quotes ("tentara "bayaran""), not a quotation
_LOOKAHEAD = 14  # tokens after an "after" verb in which its speaker must appear (titles can be long)


@dataclass
class Context:
    sentence: Sentence
    index: int
    sm: SentenceMentions
    dates: list[DateSpan]
    quantities: list[Quantity]
    affiliation: dict[str, str]  # person -> organisation they hold a post in


def find(contexts: list[Context], entities: dict[str, Entity], lex: Lexicon) -> list[Statement]:
    statements: list[Statement | None] = []
    last_speaker: str | None = None
    for ctx in contexts:
        statement = _attributed(ctx, entities, lex, last_speaker)
        if statement is None and _is_whole_quote(ctx.sentence.text):
            previous = statements[-1] if statements else None
            if _continues(previous, ctx, contexts):
                # '"Q1," X told reporters. "Q2."': one act of saying, one statement.
                previous.quantities += ctx.quantities
                statements.append(None)
                continue
            statement = _quotation(ctx, entities, lex)
        if statement is not None and statement.speaker:
            last_speaker = statement.speaker
        statements.append(statement)
    _attach_back_references(statements)
    _fill_quote_speakers(statements, contexts)
    return [s for s in statements if s is not None and s.speaker]


def _continues(previous: Statement | None, ctx: Context, contexts: list[Context]) -> bool:
    """A quotation that goes on in the same paragraph after its attribution."""
    return bool(
        previous is not None
        and previous.quote
        and previous.speaker
        and previous.sentence == ctx.index - 1
        and contexts[previous.sentence].sentence.paragraph == ctx.sentence.paragraph
    )


def _attach_back_references(statements) -> None:
    """"Those were the words of Adam Yahya." / "Pernyataan itu disampaikan Peskov.": an attribution
    with no claim of its own names the speaker of the quotation just before it."""
    for k in range(1, len(statements)):
        st, previous = statements[k], statements[k - 1]
        if st is None or previous is None or previous.speaker or not previous.quote:
            continue
        if len(st.content.split()) <= 3:
            previous.speaker = st.speaker
            previous.date = previous.date or st.date
            statements[k] = None


def _attributed(ctx: Context, entities, lex: Lexicon, last_speaker) -> Statement | None:
    tokens = ctx.sm.tokens
    quoted = _quoted_spans(ctx.sentence.text, ctx.sentence.start)
    mentions = [m for m in ctx.sm.mentions if not m.nested]
    # Tokens in a quotation or a name are not reporting verbs ("said" in a quote, "Says" in a name).
    covered = _covered(tokens, quoted + [(m.start, m.end) for m in mentions])
    clause_start = 0
    for i, tok in enumerate(tokens):
        if covered[i]:
            continue
        if tok.folded in lex.complementisers:
            clause_start = i + 1
            continue
        verb = lex.verb_at(tokens, i)
        if not verb or _negated(tokens, i, lex):
            continue
        n, info = verb
        if info.speaker == "pronoun":
            if not last_speaker:
                continue
            return _statement(ctx, tokens, i, n, "after", last_speaker, None, _span_text(ctx, tokens, i, n), info.stance, quoted, lex, entities)
        if info.speaker == "either":
            # "..., said X" or "X said ...": after the verb only a name standing right there counts
            # ("HUR, said that 12 North Korean soldiers ...": the soldiers said nothing).
            sides = ("after", "before") if _at_clause_start(tokens, i, clause_start) else ("before", "after")
        else:
            sides = (info.speaker,)
        speaker = None
        for side in sides:
            speaker = _find_speaker(side, tokens, i, n, clause_start, mentions, ctx, entities, lex, last_speaker)
            if info.speaker == "either" and side == "after" and speaker and speaker[1] is not None:
                speaker = speaker if _right_after(tokens, i + n, speaker[1], lex) else None
            if speaker is not None:
                break
        if speaker is None:
            continue
        speaker_key, speaker_mention = speaker
        return _statement(ctx, tokens, i, n, side, speaker_key, speaker_mention, _span_text(ctx, tokens, i, n), info.stance, quoted, lex, entities)
    return None


def _span_text(ctx: Context, tokens, i, n) -> str:
    """The text of tokens i..i+n-1 as written (the reporting verb)."""
    s = ctx.sentence
    return s.text[tokens[i].start - s.start : tokens[i + n - 1].end - s.start]


def _statement(ctx, tokens, i, n, side, speaker, speaker_mention, verb_text, stance, quoted, lex, entities) -> Statement:
    s = ctx.sentence
    claim, said_region = _claim(ctx, tokens, i, n, side, speaker_mention, quoted, lex)
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
        date=_said_on(ctx.dates, said_region),
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


def _claim(ctx, tokens, i, n, side, speaker_mention, quoted, lex):
    """The parts of the sentence that say what was said, and the part that says when.

    "X said (on Tuesday) that C": C, and the date before "that". "C, X said (on Tuesday),
    adding that D": C and D. '"Q," X told reporters.': Q. "C, said X.": C. "According to X, C": C.
    """
    s = ctx.sentence
    verb_start, verb_end = tokens[i].start, tokens[i + n - 1].end
    if side == "before":
        leading = _leading_quote(quoted, speaker_mention, s)
        if leading and not _complementiser_after(tokens, i + n, lex):
            # '"Q," Peskov told reporters on a daily conference call.': the claim is Q.
            return [leading], (leading[1], s.end)
        cut = _inverted_at(tokens, speaker_mention, s, lex) if _short_tail(tokens, i + n, lex) else None
        if cut is not None:
            return [(s.start, cut), (_next_clause(tokens, i + n), s.end)], (speaker_mention.start, _next_clause(tokens, i + n))
        claim_start = _after_complementiser(tokens, i + n, lex)
        return [(claim_start, s.end)], (s.start, claim_start)
    if verb_start - s.start < 3 or tokens[0].start == verb_start:
        after = speaker_mention.end if speaker_mention else verb_end
        return [(after, s.end)], (s.start, after)
    return [(s.start, verb_start)], (verb_start, s.end)


def _inverted_at(tokens, speaker_mention, s, lex) -> int | None:
    """Where the claim ends when the attribution follows it: "C, the NIS said" -> end of C."""
    if speaker_mention is None:
        return None
    k = next((k for k, t in enumerate(tokens) if t.start >= speaker_mention.start), None)
    if k is None:
        return None
    # The comma may stand a few words before the name: "..., regional Gov. Vadym Filashkin said".
    for j in range(k - 1, max(-1, k - 7), -1):
        if tokens[j].text in ",;" + QUOTES_CLOSE:
            return tokens[j].start if _words_before(tokens, j) >= 3 else None
        if lex.verb_at(tokens, j):
            return None
    return None


def _short_tail(tokens, j, lex) -> bool:
    """After the verb, at most a short adverbial before a comma or the end ("said on Tuesday,")."""
    words = 0
    for t in tokens[j:]:
        if t.text in ",;":
            break
        if t.folded in lex.complementisers:
            return False
        words += t.is_word
    return words <= 5


def _next_clause(tokens, j) -> int:
    """The start of what follows the attribution: after the next comma, else the sentence end."""
    for k in range(j, len(tokens)):
        if tokens[k].text in ",;":
            return tokens[k].end
    return tokens[-1].end


def _words_before(tokens, k) -> int:
    return sum(1 for t in tokens[:k] if t.is_word)


def _quotation(ctx: Context, entities, lex: Lexicon) -> Statement:
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
        place=_place(ctx.sm, claim, lex, entities),
        quantities=list(ctx.quantities),
    )
    statement.events = events.find(statement, ctx.sm.tokens, claim, ctx.sm.mentions, ctx.dates, entities, lex)
    return statement


def _fill_quote_speakers(statements, contexts) -> None:
    for k, st in enumerate(statements):
        if st is None or st.speaker:
            continue
        paragraph = contexts[k].sentence.paragraph
        before = next((statements[j] for j in range(k - 1, max(-1, k - 3), -1) if statements[j] and statements[j].speaker), None)
        after = next((statements[j] for j in range(k + 1, min(len(statements), k + 3)) if statements[j] and statements[j].speaker), None)
        source = before or after
        if source is not None and abs(contexts[source.sentence].sentence.paragraph - paragraph) <= 2:
            st.speaker = source.speaker


def _right_after(tokens, j, mention, lex) -> bool:
    """The mention starts right after the verb, but for a determiner: "said the ministry"."""
    while j < len(tokens) and tokens[j].folded in lex.determiners:
        j += 1
    return j < len(tokens) and tokens[j].start == mention.start


def _find_speaker(side, tokens, i, n, clause_start, mentions, ctx, entities, lex, last_speaker):
    if side == "before":
        return _speaker_before(tokens, i, clause_start, mentions, ctx, entities, lex, last_speaker)
    return _speaker_after(tokens, i + n, mentions, ctx, entities, lex, last_speaker)


# --- speakers ----------------------------------------------------------------------------------


def _speaker_before(tokens, i, clause_start, mentions, ctx, entities, lex, last_speaker):
    verb_pos = tokens[i].start
    lower = tokens[clause_start].start if clause_start < len(tokens) else ctx.sentence.start
    roles = ctx.sm.roles
    candidates = [
        m
        for m in mentions
        if lower <= m.start
        and m.end <= verb_pos
        and _is_actor(m, entities)
        and not _in_role_of_other(m, roles)
        and not _cited(tokens, m, lex)
        and not _possessor(tokens, m, mentions)
    ]
    pronoun = _pronoun_between(tokens, clause_start, i, candidates, lex)
    if pronoun and last_speaker:
        return _resolve_pronoun(pronoun, last_speaker, lex, ctx.affiliation), None
    if not candidates:
        return None
    if _coordinated(tokens, i, lex):
        # "The spokesman refused to say how many RSF fighters ..., but said": the subject of the
        # sentence, not the nearest name.
        best = candidates[0]
    else:
        best = candidates[-1]
    return best.entity, best


def _possessor(tokens, m: Mention, mentions) -> bool:
    """"Ukraine's General Staff said": Ukraine owns the speaker, it is not the speaker."""
    k = next((k for k, t in enumerate(tokens) if t.start >= m.end), None)
    if k is None or tokens[k].text not in ("'s", "’s") or k + 1 >= len(tokens):
        return False
    return any(other.start == tokens[k + 1].start for other in mentions)


def _cited(tokens, m: Mention, lex) -> bool:
    """A source being cited ("seperti dikutip kantor berita Yonhap", "citing Interfax") is not the
    speaker of the sentence."""
    k = next((k for k, t in enumerate(tokens) if t.start >= m.start), 0)
    for _ in range(3):  # "dikutip (kantor berita) Yonhap": a few lower-case words may stand between
        if lex.source_cues.match_ending_at(tokens, k):
            return True
        if k == 0 or not tokens[k - 1].is_word or tokens[k - 1].is_capitalised:
            return False
        k -= 1
    return False


def _coordinated(tokens, i, lex) -> bool:
    """The verb follows a coordinator: "..., but said", "dan menyebut", "tetapi juga mengatakan"."""
    for j in range(i - 1, max(-1, i - 3), -1):
        if tokens[j].folded in lex.coordinators:
            return True
        if tokens[j].is_word and tokens[j].folded not in ("also", "juga", "pun"):
            return False
    return False


def _speaker_after(tokens, j, mentions, ctx, entities, lex, last_speaker):
    if j < len(tokens) and tokens[j].folded in lex.pronouns and last_speaker:
        return _resolve_pronoun(tokens[j].folded, last_speaker, lex, ctx.affiliation), None
    limit = tokens[min(j + _LOOKAHEAD, len(tokens)) - 1].end if j < len(tokens) else ctx.sentence.end
    for m in mentions:
        if m.start >= (tokens[j].start if j < len(tokens) else ctx.sentence.end) and m.end <= limit:
            if _is_actor(m, entities) and not _in_role_of_other(m, ctx.sm.roles):
                return m.entity, m
    return None


def _is_actor(m: Mention, entities) -> bool:
    e = entities.get(m.entity)
    return bool(e and e.type in ACTOR_TYPES)


def _in_role_of_other(m: Mention, roles) -> bool:
    return any(r.start <= m.start and m.end <= r.end and r.holder != m.entity for r in roles)


def _pronoun_between(tokens, clause_start, i, candidates, lex) -> str | None:
    """The pronoun that is the verb's subject, if it stands after every named candidate."""
    last_mention_end = candidates[-1].end if candidates else -1
    for t in tokens[clause_start:i]:
        if t.folded in lex.pronouns and t.start >= last_mention_end:
            return t.folded
    return None


def _resolve_pronoun(pronoun: str, last_speaker: str, lex, affiliation: dict[str, str]) -> str:
    """"pihaknya" after a spokesperson means the side they speak for."""
    if pronoun in lex.organisation_pronouns:
        return affiliation.get(last_speaker, last_speaker)
    return last_speaker


# --- where, when, about what ----------------------------------------------------------------------


def _said_on(dates: list[DateSpan], region):
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


def _at_clause_start(tokens, i, clause_start) -> bool:
    k = i - 1
    while k >= clause_start and tokens[k].text in QUOTES_CLOSE:
        k -= 1
    return k < clause_start or tokens[k].text in (",", ";", ":")


def _after_complementiser(tokens, j, lex) -> int:
    """Where the claim starts after a verb: past "bahwa"/"that" when it follows within a few words."""
    for k in range(j, min(j + 12, len(tokens))):
        if tokens[k].folded in lex.complementisers:
            return tokens[k].end
        if tokens[k].text in ",;:" or tokens[k].text in QUOTES_OPEN:
            break
    return tokens[j].start if j < len(tokens) else tokens[-1].end


def _strip(text: str) -> str:
    return text.strip().strip(",;:").strip()
