"""What extraction finds in one article: plain values, no RDF (that is :mod:`kg.graph`'s job)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..articles import Article


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@dataclass
class Entity:
    key: str  # stable within and across articles: a QID, or "Type:slug"
    type: str  # Person, Organization, MilitaryUnit, Country, Location
    label: str  # canonical label
    language: str  # language tag of ``label``
    wikidata: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # language -> label (gazetteer)
    aliases: set[str] = field(default_factory=set)  # other names the article uses
    country: str | None = None  # ISO code of the country it belongs to


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: str  # Entity.key
    sentence: int  # index into Extraction.sentences
    nested: bool = False  # inside a longer mention ("Korea Selatan" in "Kementerian Pertahanan Korea Selatan")


@dataclass
class Post:
    holder: str  # Entity.key of a person
    role: str  # role: concept local name
    label: str  # as written: "Kepala Intelijen Pertahanan Ukraina"
    organization: str | None = None  # Entity.key of the organisation or country


@dataclass
class Quantity:
    start: int
    end: int
    text: str  # "lebih dari 3.000 tentara"
    value: int
    bound: str  # exact, approximate, lower, upper
    kind: str  # kind: concept local name
    unit: str  # the counted noun as written
    count_of: str | None = None  # Entity.key


@dataclass
class DateSpan:
    start: int
    end: int
    value: date
    end_value: date | None = None  # for ranges: "between March 2 and 5"


@dataclass
class Event:
    type: str  # evtype: concept local name
    actors: list[str] = field(default_factory=list)  # Entity.key
    place: str | None = None
    date: date | None = None


@dataclass
class AnonymousSource:
    """An unnamed source: "a senior official", "sumber militer", "diplomats familiar with the matter".

    It can speak (``Statement.speaker`` is then its key) or be cited (``Statement.citing``).
    """

    key: str  # unique within the article, and distinct from every Entity.key
    description: str  # as written
    language: str  # language tag of ``description``
    affiliation: str | None = None  # Entity.key of the body it belongs to, when the text says ("a senior *US* official")
    start: int | None = None  # offsets of the description in the text, when known
    end: int | None = None


@dataclass
class Statement:
    sentence: int
    speaker: str  # Entity.key, or AnonymousSource.key for an unnamed speaker
    stance: str
    verb: str
    quote: bool
    content: str
    date: date | None = None
    about: list[str] = field(default_factory=list)
    place: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    outlet: str | None = None  # Entity.key of the outlet that carried it ("dilansir Media", "X told Reuters")
    citing: list[str] = field(default_factory=list)  # Entity.key or AnonymousSource.key of sources the speaker cites


@dataclass
class Extraction:
    article: Article
    language: str
    reference_date: date | None
    sentences: list[Sentence]
    entities: dict[str, Entity]
    mentions: list[Mention]
    posts: list[Post]
    statements: list[Statement]
    dateline: str | None = None  # Entity.key of the dateline place
    related: dict[str, Entity] = field(default_factory=dict)  # described, not mentioned (countries)
    country_of: dict[str, str] = field(default_factory=dict)  # Entity.key -> Entity.key of its country
    sources: dict[str, AnonymousSource] = field(default_factory=dict)  # unnamed speakers and cited sources, by key
