"""The records that flow between pipeline stages.

Extraction (ingest -> nlp -> entities -> relations) produces an :class:`Extraction`;
the RDF, store and view stages only read it. Keeping this contract small and plain lets
each stage be tested on hand-made records.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One story. A file with appended teasers yields several, each with its own id."""

    id: str  # stable slug, e.g. "002_863de59f3c3807f1-s2"
    path: str  # source file path as given
    text: str  # cleaned story text; evidence offsets index into this string
    title: str = ""
    date: str | None = None  # ISO date when known
    url: str | None = None
    story: int = 0  # index of the story within its file


@dataclass
class Entity:
    id: str  # readable slug, stable across runs: "vladimir-putin"
    label: str  # canonical name
    type: str  # ontology class local name: Person, Organization, Country, City, Region, Location, ...
    alt_labels: set[str] = field(default_factory=set)
    same_as: list[str] = field(default_factory=list)  # external IRIs of the same thing (GeoNames)
    country_code: str | None = None  # ISO 3166-1 alpha-2, for countries


@dataclass
class Evidence:
    article_id: str
    sentence: str
    start: int  # character offsets of the sentence in Article.text
    end: int
    rule: str  # the pattern that produced the fact
    confidence: float
    date: str | None = None  # ISO date of the event when the sentence gives one
    attributed_to: str | None = None  # entity id of the speaker when the fact is a reported claim
    date_precision: str | None = None  # "day" | "month" | "year": how much of ``date`` the text gave


@dataclass
class Relation:
    subject: str  # entity id
    predicate: str  # property local name in the kg ontology, or an open predicate "open:verb_prep"
    object: str  # entity id
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=0.0)


#: Predicate of a co-mention (two entities named in one sentence): kept apart from stated relations.
COMENTION = "coMentionedWith"


@dataclass
class Extraction:
    articles: list[Article] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    mentions: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)  # entity id -> (article, start, end)
    #: (entity id, entity id) in id order -> sentences naming both, for pairs named together often enough
    comentions: dict[tuple[str, str], int] = field(default_factory=dict)
