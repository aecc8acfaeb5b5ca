"""Events a statement reports: training, deployment, arrival, presence, casualties, treaty signing.

A trigger word from the lexicon in a statement's claim makes one event of that type per statement,
with the claim's actors (not the speaker) as participants, the statement's place, and a date the
claim itself gives (not the date of saying).
"""

from __future__ import annotations

from ..lexicon import Lexicon
from ..text import Token
from .model import DateSpan, Entity, Event, Mention, Statement

ACTOR_TYPES = ("Person", "Organization", "MilitaryUnit", "Country")


def find(
    statement: Statement,
    tokens: list[Token],
    claim: list[tuple[int, int]],
    mentions: list[Mention],
    dates: list[DateSpan],
    entities: dict[str, Entity],
    lex: Lexicon,
) -> list[Event]:
    inside = lambda a, b: any(x <= a and b <= y for x, y in claim)
    types: list[str] = []
    for i in lex.events.starts(tokens):
        tok = tokens[i]
        found = lex.events.match_at(tokens, i) if inside(tok.start, tok.end) else None
        if found and found[1] not in types:
            types.append(found[1])
    if not types:
        return []
    actors = []
    for m in mentions:
        entity = entities.get(m.entity)
        if m.nested or m.entity in (statement.speaker, statement.place) or m.entity in actors:
            continue  # "Korea Utara" inside "tentara Korea Utara": the army takes part, not the name
        if inside(m.start, m.end) and entity and entity.type in ACTOR_TYPES:
            actors.append(m.entity)
    when = next((d.value for d in dates if inside(d.start, d.end) and d.end_value is None), None)
    return [Event(type=t, actors=list(actors), place=statement.place, date=when) for t in types]
