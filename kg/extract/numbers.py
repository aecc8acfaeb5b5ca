"""Counts: a number, its bound, and what it counts ("lebih dari 3.000 tentara", "about 11,000 troops").

A number counts only when something from the lexicon says what it counts: a noun after it
("15 soldiers", "2,5 juta orang"), a noun before it ("a crew of 18"), a verb whose object it is
("killed 40", "menewaskan 40"), what happened to those counted ("80 killed", "98 lainnya
ditawan"), or the count before it ("melukai 90 lainnya", "including 12 over Saratov"). That keeps
years, times, percentages, money and "24/7" out without a list of exceptions; nouns that are no
people or equipment ("2,000 families", "satu batalion") stop the search.

The kind is the noun's, unless the sentence says what happened to the people counted: a verb
before the number ("killed 15 soldiers"), a state after the noun ("15 soldiers were killed",
"tentara federal tewas"), a modifier ("two captured soldiers"), a total named before ("jumlah
tentara yang tewas dan luka-luka ... 3.000 orang"), or the count it is part of ("745 of them
civilians" after "1,000 killed"). Ranges ("8,000 to 9,000", "antara 10 hingga 12") give two
counts: the lower end bound ``lower``, the upper end ``upper``, of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import Lexicon
from ..text import QUOTES_CLOSE, QUOTES_OPEN, Token
from .model import DateSpan, Quantity

# Kinds of people that what happened to them can change: soldiers killed are ``killed``.
# Equipment keeps its kind ("lost 40 armoured vehicles"); displacement makes civilians of
# people, not of soldiers.
_ADJUSTABLE = frozenset({"troops", "people", "civilians", "prisoners"})
_CASUALTIES = frozenset({"killed", "wounded", "casualties"})
_WINDOW = 12  # tokens after a noun in which its state may stand
_CONTINUED = "continued"  # a total with no noun of its own ("bringing the total to 1,200"): see _continued_kind
_TOTAL_WINDOW = 35  # tokens before a number in which a total it gives may be named
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_QUOTES = frozenset(QUOTES_OPEN + QUOTES_CLOSE + "'‘’")


@dataclass
class _Count:
    quantity: Quantity
    first: int  # token index where the count starts (bound or range opener included)
    last: int  # token index after its last token
    source: str | None = None  # where a kind other than the noun's came from: verb, state, inherited


def find(text: str, tokens: list[Token], lex: Lexicon, dates: list[DateSpan]) -> list[Quantity]:
    counts: list[_Count] = []
    i = 0  # the first token not yet read
    # A number is a numeral or a number word: only those tokens are tried.
    for at in [k for k, t in enumerate(tokens) if t.text[:1].isdecimal() or _word_value(t.folded, lex) is not None or t.folded in lex.collectives]:
        if tokens[at].folded in lex.collectives and not (at + 1 < len(tokens) and lex.counts.match_at(tokens, at + 1)):
            continue  # "hari ketiga": an ordinal; "ketiga prajurit": all three soldiers
        if at < i or _inside(tokens[at], dates) or _negated(tokens, at, lex) or _date_goes_on(tokens, at, dates, lex) or _ordinal(tokens, at, lex):
            continue
        found = _number_at(tokens, at, lex)
        if not found:
            continue
        value, n = found
        span = _range(tokens, at, n, value, lex, dates)
        if span:
            value, opener, head, head_n, head_value = span
            first = opener
        else:
            head, head_n, head_value = at, n, value
            first = None
        read = _read(tokens, head, head_n, head_value, lex, counts, first, dates)
        if read is None:
            i = head + head_n if span else at + n
            continue
        noun_start, noun_end, kind, source = read
        last = tokens[noun_end - 1]
        unit = text[tokens[noun_start].start : last.end]
        if span:
            low_end = tokens[at + n - 1]
            counts.append(_Count(Quantity(tokens[first].start, low_end.end, text[tokens[first].start : low_end.end], value, "lower", kind, unit), first, at + n, source))
            counts.append(_Count(Quantity(tokens[head].start, last.end, text[tokens[head].start : last.end], head_value, "upper", kind, unit), head, noun_end, source))
        else:
            bound, first = _bound(tokens, at, lex)
            counts.append(_Count(Quantity(tokens[first].start, last.end, text[tokens[first].start : last.end], value, bound, kind, unit), first, max(noun_end, at + n), source))
        # A count inside this one's span ("2 of its 4 howitzers") is read on its own.
        inner = next((k for k in range(head + head_n, noun_end) if tokens[k].text[:1].isdecimal()), None)
        i = inner if inner is not None else max(noun_end, head + head_n)
    _share_across_coordination(counts, tokens, lex)
    return [c.quantity for c in counts]


# --- reading one count ---------------------------------------------------------------------------


def _read(tokens, i, n, value, lex, earlier: list[_Count], first: int | None, dates):
    """(noun start, noun end, kind, source) of the count whose number is tokens[i:i+n], or None."""
    after = i + n
    if _not_counted(tokens, after, lex):
        return None  # "12%", "2,000 families", "100 km", "satu batalion"
    if first is None:
        first = _bound(tokens, i, lex)[1]
    if n == 1 and _YEAR.fullmatch(tokens[i].text):
        # A year is no count unless its noun stands right after it ("1990 soldiers").
        found = lex.counts.match_at(tokens, after) if after < len(tokens) else None
        return (after, after + found[0], found[1], None) if found else None
    strength = _strength(tokens, first, after, lex)
    if strength:
        return strength
    noun = _counted_noun(tokens, after, value, lex)
    if noun is not None:
        start, end, kind, skipped, source = noun
        if source is None and kind != "equipment":
            kind, source = _context_kind(tokens, first, end, skipped, kind, lex, _specific(tokens, start, end, kind, lex))
        if source is None:
            inherited = _inherited(tokens, i, n, first, kind, lex, earlier, dates)
            if inherited == "civilians" and _specific(tokens, start, end, kind, lex):
                inherited = None  # "3,000 civilians fled, including 40 patients": patients still
            if inherited:
                kind, source = inherited, "inherited"
        if source is None and kind == "people":
            numbered = _numbered(tokens, first, lex)
            if numbered:
                kind, source = numbered, "total"
        if source is None and kind == "people":
            total = _continued_kind(_total_before(tokens, first, lex, dates, _reached(tokens, i, first, lex)), earlier, kind)
            if total:
                kind, source = total, "total"
        return start, end, kind, source
    before = _noun_before(tokens, i, first, lex)
    if before:
        return i, after, before, None
    numbered = _numbered(tokens, first, lex)
    if numbered:
        return i, after, numbered, None
    elided = _elided_noun(tokens, i, n, first, value, lex, earlier)
    if elided:
        return elided
    if _reached(tokens, i, first, lex):
        total = _continued_kind(_total_before(tokens, first, lex, dates, True), earlier, None)
        if total:
            return i, after, total, "total"  # "jumlah korban tewas ... sudah lebih dari 3.000"
    return None


def _counted_noun(tokens, j, value, lex):
    """(start, end, kind, skipped, source) of what the number at j counts: a noun, skipping one
    modifier or capitalised names ("3,000 North Korean troops", "four gun trucks"), or a state
    standing for it ("80 killed", "20 had been wounded", "98 lainnya ditawan")."""
    skipped: list[int] = []
    lowercase = 0
    found_partitive = lex.partitives.match_at(tokens, j) if j < len(tokens) else None
    partitive = found_partitive[0] if found_partitive else 0
    for k in range(j, min(j + 6 + partitive, len(tokens))):
        tok = tokens[k]
        if tok.text in _QUOTES:
            continue  # "300 'militia' killed": scare quotes
        if tok.text[:1].isdecimal() and value != 1 and k > j and all(t.folded in lex.linking_words for t in tokens[j:k]):
            continue  # "2 of its 4 howitzers", "29 dari 38 drone": a part of the count after it
        if k > j and tok.text[:1] in "'’" and tok.folded.endswith("s") and tokens[k - 1].is_word:
            continue  # "21 of the group's fighters"
        if k == j and partitive:
            continue  # "263 di antaranya warga sipil": the noun after the partitive
        if _copula_after_part(tokens, j, k, partitive, lex):
            continue  # "250 di antaranya adalah narapidana", "1.718 lainnya merupakan warga Gaza"
        if k < j + partitive:
            continue
        if tok.folded in lex.clause_words:
            return None  # "1,864 once security personnel are included": another clause
        if not tok.is_word or tok.text[:1].isdecimal():
            return None
        if k > j and _not_counted(tokens, k, lex):
            return None
        found = lex.counts.match_at(tokens, k)
        if value == 1:
            single = lex.counts_singular.match_at(tokens, k)
            if single and (not found or single[0] > found[0]):
                found = single  # "one crew member": the longer noun
        if found and k == j and found[1] != "equipment":
            state = _state_right_after(tokens, j, lex)
            if state and state[1] - state[0] > found[0]:
                return state  # "600,000 dead and wounded": the longer phrase
        if found and _state_modifier(tokens, k, found[0], lex):
            skipped.append(k)  # "five injured soldiers": a state before the noun, not the noun
            continue
        if found:
            end = k + found[0]
            if tok.folded in lex.classifiers:
                # "tiga orang tentara": "orang" only counts; the noun after it says what.
                more = lex.counts.match_at(tokens, end) if end < len(tokens) else None
                if more:
                    return end, end + more[0], more[1], skipped, None
            return k, end, found[1], skipped, None
        if _people_by_nationality(tok, lex):
            return k, k + 1, "people", skipped, None  # "189 Ukrainians", "200 Russians"
        if k == j:
            state = _state_right_after(tokens, j, lex)
            if state:
                return state
        if tok.folded in lex.linking_words or tok.folded in lex.classifiers:
            continue  # "8,000 of the soldiers", "100 unit artileri"
        if (tok.folded in lex.stopwords or tok.folded in lex.auxiliaries) and tok.folded not in lex.ellipsis:
            return None  # "sent 500 to protect civilians": a function word ends the noun phrase
        skipped.append(k)
        if not tok.is_capitalised:
            lowercase += 1
            if lowercase > lex.max_gap:
                return None
    return None


def _copula_after_part(tokens, j, k, partitive, lex) -> bool:
    """A copula right after the partitive or the "others" word that follows a number: what stands
    after it is the noun the part is ("250 di antaranya adalah narapidana")."""
    if tokens[k].folded not in lex.count_copulas:
        return False
    before = j + partitive
    if before < len(tokens) and tokens[before].folded in lex.ellipsis:
        before += 1
    return k == before and before > j and k + 1 < len(tokens) and bool(lex.counts.match_at(tokens, k + 1) or _people_by_nationality(tokens[k + 1], lex))


def _state_modifier(tokens, k, n, lex) -> bool:
    """The counted word at k is a state modifying the noun after it ("23 wounded soldiers")."""
    state = lex.count_states.match_at(tokens, k)
    return bool(state and state[0] == n and k + n < len(tokens) and lex.counts.match_at(tokens, k + n))


def _state_right_after(tokens, j, lex):
    """A state in place of the noun: "80 killed", "13 wounded", "around 250 were taken hostage",
    "98 lainnya ditawan", "of whom more than 4,000 had been killed or wounded"."""
    k = j
    if k < len(tokens) and tokens[k].folded in lex.ellipsis:
        k += 1
    while k < min(len(tokens), j + 3) and tokens[k].is_capitalised and tokens[k].is_word and not lex.count_states.match_at(tokens, k):
        k += 1  # "three Taliban died": a name for the people counted; "9 Tewas": a headline's state
    for _ in range(3):
        if k < len(tokens) and tokens[k].folded in lex.auxiliaries and not _state_at(tokens, k, lex):
            k += 1  # "were", not the "to" of "sent 1,277 others to hospital"
    found = _state_at(tokens, k, lex)
    if found is None:
        return None
    kind, end = found
    return k, end, kind, [], "state"


def _state_at(tokens, k, lex) -> tuple[str, int] | None:
    """The state phrase starting at k, unless it is an active verb with its object ("soldiers
    killed two militants")."""
    if k >= len(tokens):
        return None
    found = lex.count_states.match_at(tokens, k)
    if not found:
        opener = lex.state_openers.match_at(tokens, k)
        if opener and k + opener[0] < len(tokens):
            found = lex.count_states.match_at(tokens, k + opener[0])  # "were among those taken prisoner"
            if found:
                found = (opener[0] + found[0], found[1])
    if not found:
        return None
    end = k + found[0]
    phrase = " ".join(t.folded for t in tokens[k:end])
    if phrase in lex.transitive_states and _object_at(tokens, end, lex):
        return None
    return found[1], end


def _object_at(tokens, k, lex) -> bool:
    if k >= len(tokens):
        return False
    tok = tokens[k]
    if tok.text[:1].isdecimal() or tok.folded in lex.number_words:
        return True
    if tok.folded in lex.determiners or (tok.folded in lex.linking_words and tok.folded not in lex.post_links):
        return True
    return bool(lex.counts.match_at(tokens, k))


def _context_kind(tokens, first, end, skipped, kind, lex, specific=False) -> tuple[str, str | None]:
    """What happened to the people counted, when the sentence says: a verb before the number
    ("killed 15 soldiers"), a state after the noun ("15 soldiers had been killed", "602 tentara
    federal tewas"), else a modifier ("two captured soldiers"). People named by what they do
    (patients, workers) stay people when displaced or evacuated."""

    hurt = end > 0 and tokens[end - 1].folded in lex.hurt_people

    def changes(state):
        return _changes(kind, state) and not (specific and state == "civilians")

    verb = _verb_before(tokens, first, lex)
    if verb == "casualties" and changes(verb):
        # "lost 90 soldiers killed and 31 captured": the state after the noun says which losses
        state = _state_after(tokens, end, lex)
        if state in ("killed", "wounded", "prisoners"):
            return state, "after"
    if verb and changes(verb):
        return verb, "verb"
    state = _state_after(tokens, end, lex)
    if state and changes(state) and not (hurt and state == "wounded"):
        # "five injured soldiers died": what happened wins over what they were; but "patients with
        # gunshot wounds" stay people (while "38 wounded patients" are wounded)
        return state, "after"
    for k in skipped:
        state = lex.count_states.match_at(tokens, k)  # "two captured soldiers": no verb here
        if state and changes(state[1]):
            return state[1], "state"
    return kind, None


def _specific(tokens, start, end, kind, lex) -> bool:
    """People named by a role ("40 patients", "12 engineers"), not people in general ("40
    people", "40 orang", "400 Ukrainians")."""
    if kind != "people" or end - start != 1:
        return kind == "people" and end - start > 1
    tok = tokens[start]
    return tok.folded not in lex.generic_people and not _people_by_nationality(tok, lex)


def _changes(kind: str, state: str) -> bool:
    """A state changes the kind of people counted; displacement does not make soldiers or
    prisoners civilians ("529 inmates fled": escaped prisoners)."""
    if kind == "casualties":
        return state in ("killed", "wounded")  # "korban ... yang tewas": the casualties were deaths
    return kind in _ADJUSTABLE and state != kind and not (state == "civilians" and kind in ("troops", "prisoners"))


def _verb_before(tokens, first, lex) -> str | None:
    """The kind a verb right before the count gives its object: "killed 15 soldiers", "menewaskan
    sedikitnya 200 orang", 'had killed "between 30 and 40 terrorists"'."""
    j = first
    while j > 0 and tokens[j - 1].text in _QUOTES:
        j -= 1
    found = lex.count_verbs.match_ending_at(tokens, j)
    return found[1] if found else _verb_before_list(tokens, j, lex)


def _verb_before_list(tokens, j, lex) -> str | None:
    """The verb of a list the count ends: "killing a crew member, the garrison commander and at
    least 27 soldiers", "menewaskan seorang komandan dan 27 tentara". Another number (but one),
    another "and" or a word opening a clause on the way back ends the search."""
    k = j
    while k > 0 and tokens[k - 1].folded in lex.linking_words:
        k -= 1  # "and her three children"
    if k < 2 or tokens[k - 1].folded not in lex.and_words:
        return None
    for m in range(k - 2, max(-1, k - 14), -1):
        found = lex.count_verbs.match_ending_at(tokens, m + 1)
        if found:
            return found[1] if m < k - 2 else None  # a list item stands between verb and "and"
        tok = tokens[m]
        if tok.folded in lex.clause_words or tok.folded in lex.and_words or tok.text[:1].isdecimal() or lex.number_words.get(tok.folded, 1) != 1:
            return None
        if not tok.is_word and tok.text != "," and tok.text[:1] not in "'’":
            return None
    return None


def _state_after(tokens, k, lex) -> str | None:
    """The state said of the noun ending at k: past auxiliaries ("had also been"), names and, as
    the language allows, modifiers ("tentara federal tewas"), an "of" phrase ("three members of a
    TV crew were among those killed"), a coordinated noun ("tentara pemerintah dan anggota milisi
    sekutunya ditawan") or an aside ("12 civilians, four of them children, had been killed")."""
    modifiers = linked = 0
    modified = False
    stop = min(len(tokens), k + _WINDOW)
    while k < stop:
        state = _state_at(tokens, k, lex)
        if state:
            return state[0]
        tok = tokens[k]
        folded = tok.folded
        if folded in lex.clause_words:
            return None  # "500 soldiers guarded the town where civilians were killed"
        if tok.text in ",—–" and _aside_at(tokens, k + 1, lex, tok.text):
            k = _after_aside(tokens, k + 1, tok.text)
            stop = min(len(tokens), k + _WINDOW)
            continue
        if tok.text[:1] in "'’" and tok.folded.endswith("s"):
            k += 1  # "the government's security forces"
            continue
        if tok.text == "(":
            k = _after_aside(tokens, k + 1, ")")  # "dua pemberontak KNU (Karen National Union) tewas"
            continue
        if folded in lex.place_prepositions and k + 1 < len(tokens) and tokens[k + 1].is_capitalised:
            k += 1  # "2,400 people in Haiti were killed": a place named after the noun
            continue
        if folded in lex.auxiliaries or folded in lex.ellipsis or tok.text in _QUOTES:
            k += 1
            continue
        if not tok.is_word or tok.text[:1].isdecimal():
            return None
        if folded in lex.and_words:
            m = k + 1
            if m < len(tokens) and (tokens[m].text[:1].isdecimal() or tokens[m].folded in lex.number_words):
                m += 1  # "125 members of the forces and 148 fighters ... were among the dead"
            while m < len(tokens) and tokens[m].folded in lex.linking_words:
                m += 1  # "and their relatives"
            more = lex.counts.match_at(tokens, m)
            if not more:
                # "460 patients and their companions were killed", "200 anggota Taliban dan
                # kelompok afiliasinya tewas": another noun that the state names right after
                return _state_after_noun(tokens, m, lex)
            k, modifiers, linked = m + more[0], 0, 0
            stop = min(len(tokens), k + _WINDOW)
            continue
        if tok.is_capitalised:
            k += 1
            continue
        if folded in lex.post_links and not linked:
            linked = 5
            k += 1
            continue
        if not linked and _modifier_link(tokens, k, lex):
            linked, modified = 5, True  # "fighters loyal to the old regime", "soldiers serving with the mission"
            k += 2
            continue
        if modified and lex.counts.match_at(tokens, k) and not tok.is_capitalised:
            return None  # "troops trying to reach civilians who were trapped": the state is theirs
        if linked > 1:
            linked -= 1
        elif modifiers < lex.post_modifiers:
            modifiers += 1
        else:
            return None
        k += 1
    return None


def _state_after_noun(tokens, m, lex) -> str | None:
    """The state right after one or two lower-case words (an uncounted noun coordinated with the
    counted one, and its possessive), past auxiliaries."""
    for n in (1, 2):
        words = tokens[m : m + n]
        if len(words) < n or any(not t.is_word or t.is_capitalised or t.text[:1].isdecimal() or t.folded in lex.clause_words or t.folded in lex.and_words or t.folded in lex.auxiliaries or lex.count_states.match_at(tokens, m + x) for x, t in enumerate(words)):
            return None
        k = m + n
        while k < len(tokens) and tokens[k].folded in lex.auxiliaries:
            k += 1
        state = _state_at(tokens, k, lex)
        if state:
            return state[0]
    return None


def _modifier_link(tokens, k, lex) -> bool:
    """A lower-case word and a preposition opening a phrase about the noun before: "loyal to",
    "serving with", "suspected of"."""
    if k + 1 >= len(tokens) or tokens[k + 1].folded not in lex.modifier_links:
        return False
    tok = tokens[k]
    return tok.is_word and not tok.is_capitalised and not tok.text[:1].isdecimal() and tok.folded not in lex.stopwords and tok.folded not in lex.number_words and not lex.counts.match_at(tokens, k)


def _aside_at(tokens, k, lex, mark) -> bool:
    """", four of them children,", ", including three senior officers,", "— almost the whole
    population —": an aside about the noun before, set off by commas or dashes."""
    if k >= len(tokens):
        return False
    if mark != ",":
        return _after_aside(tokens, k, mark) < len(tokens)
    if lex.inclusion_words.match_at(tokens, k):
        return True
    if _name_aside(tokens, k, lex):
        return True
    return (tokens[k].text[:1].isdecimal() or tokens[k].folded in lex.number_words) and bool(lex.partitives.match_at(tokens, k + 1))


def _name_aside(tokens, k, lex) -> bool:
    """", Corporal John Smith," / ", Colonel A and Major B,": names in apposition to the noun
    before, closed by a comma."""
    if k >= len(tokens) or not tokens[k].is_capitalised:
        return False
    for m in range(k, min(len(tokens), k + 12)):
        tok = tokens[m]
        if tok.text == ",":
            return m > k
        if tok.folded in lex.and_words or tok.text in ".-'’" or (tok.is_word and tok.is_capitalised and not tok.text[:1].isdecimal()):
            continue
        return False
    return False


def _after_aside(tokens, k, mark=",") -> int:
    """The token after the mark that closes the aside (within 15 tokens), else the end."""
    for m in range(k, min(len(tokens), k + 15)):
        if tokens[m].text == mark:
            return m + 1
    return len(tokens)


def _inherited(tokens, i, n, first, kind, lex, earlier, dates) -> str | None:
    """The kind of the count this one is part of: "745 of them civilians", "among them 20
    children", "termasuk dua perwira", "korban tewas mencakup 69 petempur". With no count before
    it, the whole is what happened to people named before the inclusion ("thousands more are
    still held, including 2,000 civilians") or a total named before ("of the dead, 263 of them
    civilians")."""
    after = i + n
    partitive = lex.partitives.match_at(tokens, after) if after < len(tokens) else None
    inclusion = lex.inclusion_words.match_ending_at(tokens, first)
    if not (partitive or inclusion) and earlier and _included_after(tokens, earlier[-1].last, first, lex):
        return earlier[-1].quantity.kind if _compatible(earlier[-1].quantity.kind, kind) else None
    if not (partitive or inclusion) and earlier and kind == "people" and _whole_named_first(tokens, earlier[-1], first, lex):
        return earlier[-1].quantity.kind if _compatible(earlier[-1].quantity.kind, kind) else None
    if not (partitive or inclusion):
        return None
    if earlier:
        whole = earlier[-1].quantity.kind
    elif inclusion:
        found = lex.counts.match_ending_at(tokens, first - inclusion[0])
        whole = found[1] if found else _state_before(tokens, first - inclusion[0], lex)
    else:
        whole = _total_before(tokens, first, lex, dates, True)
        whole = None if whole == _CONTINUED else whole
    return whole if whole is not None and _compatible(whole, kind) else None


def _whole_named_first(tokens, whole: _Count, first, lex) -> bool:
    """The count before opens its clause as the whole this one is part of: "of the 200 prisoners
    released, 121 people ...", "dari 200 tahanan yang dibebaskan, 121 orang ...". The whole is
    introduced by a partitive word at the start of a clause, and a comma closes it right before
    this count."""
    k = whole.first
    while k > 0 and tokens[k - 1].folded in lex.determiners:
        k -= 1
    if k == 0 or tokens[k - 1].folded not in lex.whole_openers:
        return False
    if k > 1 and tokens[k - 2].text not in ",:;—–" and tokens[k - 2].folded not in lex.and_words and tokens[k - 2].folded not in lex.clause_words:
        return False
    if first == 0 or tokens[first - 1].text != "," or first - whole.last > 8:
        return False
    return not any(t.text[:1].isdecimal() or t.text in ",;" for t in tokens[whole.last : first - 1])


def _state_before(tokens, k, lex) -> str | None:
    """What happened to the people named before an inclusion ending at k ("are still held,
    including"): a state right before it, a comma apart."""
    if k > 0 and tokens[k - 1].text == ",":
        k -= 1
    found = lex.count_states.match_ending_at(tokens, k)
    return found[1] if found else None


def _compatible(whole: str, kind: str) -> bool:
    """A part takes the kind of its whole, but people are never a part of equipment."""
    return whole != kind and (whole == "equipment") == (kind == "equipment")


def _included_after(tokens, start, first, lex) -> bool:
    """An inclusion a few words before the count, after the count it is part of: "killed five
    people, among them a man and his three children"."""
    for k in range(first - 1, max(start - 1, first - 7), -1):
        tok = tokens[k]
        if lex.inclusion_words.match_ending_at(tokens, k + 1):
            return True
        if not tok.is_word or tok.text[:1].isdecimal() or tok.folded in lex.number_words:
            return False
    return False


def _total_before(tokens, first, lex, dates, reached: bool) -> str | None:
    """A total named before the number in its clause, whose value the number gives: "jumlah
    tentara Korea Utara yang tewas dan luka-luka ... melampaui 3.000 orang", "the death toll ...
    rose to 24", "korban tewas sejak kudeta telah mencapai 440 orang"."""
    for k in range(first - 1, max(-1, first - _TOTAL_WINDOW), -1):
        tok = tokens[k]
        if (tok.text[:1].isdecimal() or tok.folded in lex.number_words) and not _inside(tok, dates) and not _YEAR.fullmatch(tok.text):
            if k > 0 and tokens[k - 1].folded in lex.range_not_after:
                continue  # "rose from 31 to 47": the figure before
            return None  # another number stands between
        found = lex.totals.match_at(tokens, k) if tok.folded in lex.totals.first_words else None
        if found and found[1]:
            return found[1]
        m = k + found[0] if found else k
        noun = lex.counts.match_at(tokens, m) if m < len(tokens) else None
        if noun is None:
            if found:
                # "bringing the total to 1,200", "bringing its tally since February to 1,180,000"
                return _CONTINUED if reached and any(t.folded in lex.reach_words for t in tokens[m : first + 1]) else None
            continue
        if not found and (not reached or noun[1] not in _CASUALTIES or _counted_at(tokens, k, lex)):
            continue  # only a casualty noun names a total by itself ("korban tewas ... mencapai 440 orang")
        if not found and lex.count_states.match_ending_at(tokens, k + 1) and (lex.count_states.match_ending_at(tokens, k + 1)[0] > 1):
            continue  # "the number of soldiers killed or wounded at 30": the state of a total named before
        state = _state_after(tokens, m + noun[0], lex)
        return state if state and _changes(noun[1], state) else noun[1]
    return None


def _continued_kind(total: str | None, earlier: list[_Count], own: str | None) -> str | None:
    """A total with no noun of its own ("bringing the total to 1,200", "sehingga totalnya menjadi
    1.200 orang") continues the count before it in the sentence and takes its kind; with no count
    before it, it keeps its own noun's kind (or is no count)."""
    if total != _CONTINUED:
        return total
    if earlier and earlier[-1].quantity.kind != "equipment":
        return earlier[-1].quantity.kind
    return own


def _counted_at(tokens, k, lex) -> bool:
    """The noun at k is itself counted ("12 korban tewas"): a number stands right before it."""
    return k > 0 and (tokens[k - 1].text[:1].isdecimal() or tokens[k - 1].folded in lex.number_words)


def _numbered(tokens, first, lex) -> str | None:
    """The noun a number is the size of: "para penyerang berjumlah 150 orang", "the attackers
    numbered about 200"."""
    j = first
    if j < len(tokens) and tokens[j].folded in lex.numbering_words:
        j += 1  # a filler that is itself a numbering word: "berjumlah 300"
    k = j - 1
    if k < 0 or tokens[k].folded not in lex.numbering_words:
        return None
    found = lex.counts.match_ending_at(tokens, k)
    return found[1] if found else None


def _date_goes_on(tokens, at, dates, lex) -> bool:
    """"between March 2 and 5": the number ends a range of days, not a count."""
    return at > 1 and _inside(tokens[at - 2], dates) and (tokens[at - 1].folded in lex.range_words or tokens[at - 1].folded in lex.and_words)


def _reached(tokens, i, first, lex) -> bool:
    """The number is said to be a total's value: a bound or filler before it, or a word of
    reaching ("rose to 24", "mencapai 52.908")."""
    return first < i or (i > 0 and tokens[i - 1].folded in lex.reach_words)


def _noun_before(tokens, i, first, lex) -> str | None:
    """A counted noun before the number: "a crew of 18", "awak sebanyak 18"."""
    found = lex.counts_before.match_ending_at(tokens, i) or lex.counts_before.match_ending_at(tokens, first)
    return found[1] if found else None


def _elided_noun(tokens, i, n, first, value, lex, earlier):
    """A number whose noun is understood: "melukai sedikitnya 90 (lainnya)", "wounding 11",
    "up to 5,000 more". The kind comes from the verb, else from the count before it."""
    j = first
    verb = _verb_before(tokens, j, lex)
    after = i + n
    elided = after < len(tokens) and tokens[after].folded in lex.ellipsis
    if verb:
        return (after, after + 1, verb, "verb") if elided else (i, after, verb, "verb")
    previous = earlier[-1].quantity if earlier else None
    if elided and previous:
        return after, after + 1, previous.kind, "inherited"
    if previous and j > 0 and tokens[j - 1].folded in lex.and_words and tokens[j - 1].start - previous.end < 60 and _nothing_named(tokens, after, lex) and not _number_between(tokens, previous.end, tokens[j - 1].start, lex):
        return i, after, previous.kind, "inherited"  # "termasuk 12 di atas Oblast Saratov dan sembilan di atas Oblast Bryansk"
    if previous and j < i and j > 0 and tokens[j - 1].text == "," and earlier[-1].last == j - 1 and _nothing_named(tokens, after, lex):
        return i, after, previous.kind, "inherited"  # "at least 300 soldiers, approaching 400": a second bound
    partitive = lex.partitives.match_at(tokens, after) if after < len(tokens) else None
    if partitive and (previous or lex.inclusion_words.match_ending_at(tokens, j)):
        state = _state_after(tokens, after + partitive[0], lex)
        if state and (previous is None or _changes(previous.kind, state)):
            return after, after + partitive[0], state, "after"  # "24 korban, tujuh di antaranya tewas"
    if previous and (partitive and value != 1 or lex.inclusion_words.match_ending_at(tokens, j)):
        # "30 drones, including 12 over Saratov", "four sailors were injured, three of them critically"
        return (after, after + partitive[0], previous.kind, "inherited") if partitive else (i, after, previous.kind, "inherited")
    return None


def _number_between(tokens, start, end, lex) -> bool:
    """Another number stands between two offsets ("aged 21 and 23": 23 goes with 21)."""
    return any(start <= t.start < end and (t.text[:1].isdecimal() or t.folded in lex.number_words) for t in tokens)


def _nothing_named(tokens, k, lex) -> bool:
    """No noun of its own follows the number ("dan sembilan di atas ...", "and 12,"): an unknown
    noun ("dan 25 ambulans") counts something else."""
    if k >= len(tokens) or not tokens[k].is_word:
        return True
    folded = tokens[k].folded
    return folded in lex.stopwords or folded in lex.linking_words or folded in lex.place_prepositions


def _strength(tokens, first, j, lex):
    """"a 30,000-strong force", "its 4,000-strong local staff": the strength of a force, in
    troops, or of a staff. Said of the subject after a copula ("his force is 100,000-strong,"),
    with no noun after it, the language's default kind."""
    if j + 1 >= len(tokens) or tokens[j].text not in "-–" or tokens[j + 1].folded not in lex.strength_words:
        return None
    for k in range(j + 2, min(j + 4, len(tokens))):
        found = lex.strength_nouns.match_at(tokens, k)
        if found:
            return j + 2, k + found[0], found[1], None
        if not tokens[k].is_word:
            break
    after = j + 2
    unnamed = _strength_noun_unknown(tokens, after, lex)
    if unnamed:
        return unnamed
    alone = after >= len(tokens) or not tokens[after].is_word or tokens[after].folded in lex.and_words or tokens[after].folded in lex.clause_words
    if lex.strength_alone and alone and first > 0 and tokens[first - 1].folded in lex.auxiliaries:
        return j, j + 2, lex.strength_alone, None
    return None


def _strength_noun_unknown(tokens, k, lex):
    """"a 30,000-strong reserve": a strength names a body of people; a noun the lexicon does not
    know after it (lower-case, no function word, no verb of saying) is a force, counted in the
    language's default kind."""
    if not lex.strength_alone or k >= len(tokens):
        return None
    tok = tokens[k]
    if not tok.is_word or tok.is_capitalised or tok.folded in lex.stopwords or tok.folded in lex.and_words or tok.folded in lex.clause_words or tok.folded in lex.auxiliaries:
        return None
    if _not_counted(tokens, k, lex) or lex.verb_at(tokens, k):
        return None
    return k, k + 1, lex.strength_alone, None


def _share_across_coordination(counts: list[_Count], tokens, lex) -> None:
    """Counts joined by "and" or commas share what the sentence says happened to them:
    "killed 5 soldiers and 3 civilians", "14 tentara dan 32 warga sipil lainnya terluka"."""
    for a, b in zip(counts, counts[1:]):
        if not _coordinated(a, b, tokens, lex):
            continue
        if a.source in ("verb", "inherited", "total") and b.source is None and _changes(b.quantity.kind, a.quantity.kind):
            b.quantity.kind, b.source = a.quantity.kind, "inherited"
    for a, b in reversed(list(zip(counts, counts[1:]))):
        if a.source is not None or not _coordinated(a, b, tokens, lex):
            continue
        # "52 soldiers and 300 drones were lost": the state said after the last noun.
        state = b.quantity.kind if b.source == "after" else _state_after(tokens, b.last, lex) if b.source is None else None
        if state and _changes(a.quantity.kind, state):
            a.quantity.kind, a.source = state, "after"


def _coordinated(a: _Count, b: _Count, tokens, lex) -> bool:
    between = tokens[a.last : b.first]
    if between and between[0].folded in lex.post_links:
        # "165 members of the security forces and 18 fighters": past the first noun's "of" phrase
        joint = max((m for m, t in enumerate(between) if t.text == "," or t.folded in lex.and_words), default=0)
        phrase = between[1:joint]
        if not phrase or len(phrase) > 5 or any(not t.is_word or t.text[:1].isdecimal() or t.folded in lex.clause_words or t.folded in lex.and_words for t in phrase):
            return False
        between = between[joint:]
    joined = any(t.text == "," or t.folded in lex.and_words for t in between)
    return joined and len(between) <= 4 and all(t.text == "," or t.folded in lex.and_words or t.is_capitalised or t.folded in lex.ellipsis for t in between)


def _range(tokens, at, n, value, lex, dates):
    """"8,000 to 9,000", "8.000-9.000", "between 200 and 300", "antara 10 hingga 12":
    (lower value, first token, upper number's token, its length, upper value)."""
    j = at + n
    if j + 1 >= len(tokens):
        return None
    opener = tokens[at - 1].folded if at > 0 else None
    joiner = tokens[j].folded
    if not (joiner in lex.range_words or joiner in lex.range_openers.get(opener, ())):
        return None
    if opener in lex.range_not_after and not lex.bounds.match_ending_at(tokens, at):
        return None  # "rose from 20 to 35"
    if _inside(tokens[j + 1], dates):
        return None
    second = _number_at(tokens, j + 1, lex)
    if not second:
        return None
    upper, m = second
    if m > n and n == 1 and value < 1000 and tokens[j + 2].folded in lex.multipliers:
        value *= lex.multipliers[tokens[j + 2].folded]  # "2 to 3 million": both ends in millions
    if upper <= value:
        return None
    first = at - 1 if opener in lex.range_openers else at
    return value, first, j + 1, m, upper


# --- numbers ---------------------------------------------------------------------------------------


def _people_by_nationality(tok: Token, lex: Lexicon) -> bool:
    """A capitalised plural of a demonym ("Ukrainians") names people."""
    return tok.is_capitalised and tok.folded.endswith("s") and tok.folded[:-1] in lex.demonym_words


def _number_at(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(value, tokens used) for '3.000', '3,000', '1,5 juta', '10 ribu', 'dua ribu', 'sepuluh',
    'dua belas', 'tiga puluh lima', 'two hundred', 'twenty-five'."""
    tok = tokens[i]
    scaled = i + 1 < len(tokens) and tokens[i + 1].folded in lex.multipliers
    value = _numeral(tok.text, lex)
    if tok.text[:1].isdecimal() and (value is None or not scaled and _ANY_GROUPED.fullmatch(tok.text)):
        # Written with the other convention: "1.2 juta", "387,000 warga" in Indonesian text.
        value = _other_numeral(tok.text, scaled)
    if value is None:
        if tok.folded in lex.collectives:
            return lex.collectives[tok.folded], 1
        value = _word_value(tok.folded, lex)
        if value is None:
            return None
        return _compose(tokens, i, value, lex)
    used = 1
    if scaled:
        value *= lex.multipliers[tokens[i + 1].folded]
        used = 2
    if value != int(value):
        return None
    return int(value), used


def _word_value(word: str, lex: Lexicon) -> int | None:
    value = lex.number_words.get(word)
    if value is None and "-" in word:
        parts = [lex.number_words.get(p) for p in word.split("-")]
        if len(parts) == 2 and None not in parts and parts[0] % 10 == 0 and parts[0] >= 20 and parts[1] < 10:
            return parts[0] + parts[1]  # "twenty-five"
    return value


def _compose(tokens, i, value, lex) -> tuple[int, int]:
    """Number words with their multipliers: "dua ribu", "tiga puluh lima", "two hundred"."""
    total, current, k = 0, value, i + 1
    while k < len(tokens):
        word = tokens[k].folded
        if word in lex.teens and current < 10:
            current += lex.teens[word]
        elif word in lex.multipliers:
            factor = lex.multipliers[word]
            if factor >= 1000:
                total, current = total + current * factor, 0
            else:
                current *= factor
        elif word in lex.number_words and tokens[k - 1].folded in lex.multipliers and lex.number_words[word] < lex.multipliers[tokens[k - 1].folded]:
            current += lex.number_words[word]  # "tiga puluh lima"
        else:
            break
        k += 1
    return total + current, k - i


def _numeral(text: str, lex: Lexicon) -> float | None:
    if not text[:1].isdecimal():
        return None  # every form starts with a digit (\d is exactly what isdecimal accepts)
    grouped, decimal = _numeral_patterns(lex.thousands_separator, lex.decimal_separator)
    if grouped.fullmatch(text):
        return int(_NON_DIGIT.sub("", text))
    if decimal.fullmatch(text):
        return float(text.replace(lex.decimal_separator, "."))
    if _DIGITS.fullmatch(text):
        return int(text)
    return None


def _other_numeral(text: str, scaled: bool) -> float | None:
    """A numeral in the other convention: a decimal before a scale word, else 3-digit groups."""
    if scaled and _ANY_DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _ANY_GROUPED.fullmatch(text):
        return int(_NON_DIGIT.sub("", text))
    return None


_NON_DIGIT = re.compile(r"\D")
_ANY_DECIMAL = re.compile(r"\d+[.,]\d+")
_ANY_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DIGITS = re.compile(r"\d+")


@cache
def _numeral_patterns(thousands_separator: str, decimal_separator: str) -> tuple[re.Pattern, re.Pattern]:
    """"3.000" / "3,000" and "1,5" / "1.5" for a language's separators, compiled once."""
    thousands, decimal = re.escape(thousands_separator), re.escape(decimal_separator)
    return re.compile(rf"\d{{1,3}}(?:{thousands}\d{{3}})+"), re.compile(rf"\d+{decimal}\d+")


def _bound(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str, int]:
    """The bound word before a number, looking past fillers: "hampir mencapai 12.000"."""
    j = i
    filler = lex.fillers.match_ending_at(tokens, j)
    if filler:
        j -= filler[0]
    found = lex.bounds.match_ending_at(tokens, j)
    if found:
        return found[1], j - found[0]
    return "exact", j if filler else i


def _not_counted(tokens, j, lex) -> bool:
    """A percentage, or a noun that is no count of people or equipment ("2,000 families")."""
    if j >= len(tokens):
        return False
    return bool(lex.percent_words.match_at(tokens, j) or lex.not_counted.match_at(tokens, j))


def _ordinal(tokens, at, lex) -> bool:
    """"the 41st Combined Arms Army": a numeral with an ordinal suffix written onto it."""
    nxt = tokens[at + 1] if at + 1 < len(tokens) else None
    return nxt is not None and nxt.start == tokens[at].end and nxt.folded in lex.ordinal_suffixes


def _negated(tokens, at, lex) -> bool:
    """"no one was hurt", "tidak satu pun": the number is denied."""
    return at > 0 and tokens[at - 1].folded in lex.number_negators


def _inside(tok: Token, dates: list[DateSpan]) -> bool:
    return any(d.start <= tok.start < d.end for d in dates)
