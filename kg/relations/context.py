"""The context every relation frame reads: one article's Doc with its mentions resolved to entities
(:class:`Context`), the candidate facts it collects (:class:`Candidate`), and the word lists and
lexicon tables the frames look predicates up in (package data, each read here once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg import gazetteer as gz
from kg.dates import fact_date
from kg.entities import HONORIFIC_GENDER, LEXICON, PLACE_TYPES, Mention, country_entity
from kg.model import Article, Entity, Evidence, Relation
from kg.ontology import literal_places, load_properties, vocabulary_cache
from kg.resources import mapping, table, words
from kg.rules import FILTERS


NONFACTIVE = words("nonfactive_verbs.txt")
REPORTING = words("reporting_verbs.txt")
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE = words("relative_pronouns.txt")
MALE, FEMALE, NEUTER, FIRST_PERSON = (frozenset(w for w, g in mapping("pronouns.tsv").items() if g == gender)
                                      for gender in ("male", "female", "neuter", "first"))


ATTITUDES = words("attitude_properties.txt")  # said of an act, they are said of whoever did it
UNREALISED_MODIFIERS = words("unrealised_modifiers.txt")
COPULAS = words("copula_verbs.txt")
DEPUTY = words("deputy_modifiers.txt")
KINSHIP = words("kinship_properties.txt")
ORG_NOUNS = words("org_nouns.txt")
PLACE_NOUNS = words("place_nouns.txt")
STATE_BODY_NOUNS = words("state_body_nouns.txt")
PART_NOUNS = words("part_nouns.txt")
STAKE_NOUNS = words("stake_nouns.txt")
MEDIA_NOUNS = words("media_nouns.txt")
CONF = {kind: float(c) for kind, c in mapping("rule_confidence.tsv").items()}


def _table(name: str) -> tuple[tuple[str, ...], ...]:
    return table(name, LEXICON)


@vocabulary_cache
def constraints() -> dict[str, tuple[set[str], set[str]]]:
    """Domain and range per property, as sets of entity types (empty = any)."""
    expand = {"Place": PLACE_TYPES, "Person": {"Person"}, "Organization": {"Organization"}}
    return {p.name: ({t for c in p.domain for t in expand[c]}, {t for c in p.range for t in expand[c]})
            for p in load_properties().values()}


PLACE_RANK = {"City": 1, "Region": 2, "Country": 3}


def plausibly_inside(inner: Entity, outer: Entity) -> bool:
    """A country is not inside a city, nor one capital inside another ('Kabul in Afghanistan and
    Pyongyang in North Korea' parsed as Kabul in Pyongyang)."""
    if PLACE_RANK.get(inner.type, 0) > PLACE_RANK.get(outer.type, 9):
        return False
    if inner.type == outer.type == "City":
        a, b = gz.lookup(inner.label), gz.lookup(outer.label)
        if a and b and a.capital and b.capital:
            return False
    return True


def is_event(prop: str) -> bool:
    """Events happen at a time and take the sentence's date; states ('heads', 'locatedIn') do not."""
    known = load_properties().get(prop)
    return known.kind == "event" if known else True  # open predicates are verbs: events


@lru_cache(maxsize=1)
def verb_frames() -> dict[tuple[str, str], str]:
    return {(lemma, slot): prop for lemma, slot, prop in _table("verbs.tsv")}


@lru_cache(maxsize=1)
def verb_frame_lemmas() -> frozenset[str]:
    """The verbs the frame table has a frame for: every verb without an object asks, and a scan of the
    table each time was a tenth of the verb frames' time."""
    return frozenset(lemma for lemma, _ in verb_frames())


@lru_cache(maxsize=2)
def pair_frames(kind: str = "verbs") -> dict[str, dict[tuple[str, str], str]]:
    """Verb or noun frames whose slot is 'A>B': the property runs from complement A to complement B
    ('sell X to Y', 'the sale of X to Y': Y boughtFrom X)."""
    out: dict[str, dict[tuple[str, str], str]] = {}
    for (lemma, slot), prop in (verb_frames() if kind == "verbs" else noun_frames()).items():
        if ">" in slot:
            a, b = slot.split(">")
            out.setdefault(lemma, {})[(a, b)] = prop
    return out


@lru_cache(maxsize=1)
def noun_frames() -> dict[tuple[str, str], str]:
    return {(noun, prep): prop for noun, prep, prop in _table("nouns.tsv")}


@lru_cache(maxsize=1)
def meeting_nouns() -> frozenset[str]:
    """Nouns the noun frames read as meetings ('meeting', 'talks', 'summit')."""
    return frozenset(noun for (noun, _), prop in noun_frames().items() if prop == "metWith")


@dataclass
class Candidate:
    """A fact a rule proposes, before the filters: who, what, whom, where in the Doc, by which rule.

    ``status`` is the clause's: "asserted", "reported" (a speaker's claim: ``speaker`` says whose) or
    "unasserted" (negated, hedged, conditional), which the ``clause`` filter drops.
    """

    subject: str  # entity id
    predicate: str
    object: str
    trigger: Token
    rule: str
    speaker: str | None = None
    confidence: float = 0.5  # before a reported claim's discount
    status: str = "asserted"
    subject_span: Span | None = None  # the mention naming the subject nearest the trigger
    object_span: Span | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class Context:
    """One parsed article with its mentions resolved to entity ids.

    Rules propose :class:`Candidate` facts with :meth:`add`; reading :attr:`found` passes the new
    candidates through the registered filters (:data:`kg.rules.FILTERS`) into facts with evidence.
    """

    doc: Doc
    article: Article
    entities: dict[str, Entity]
    mentions: list[Mention]
    tok2ent: dict[int, str] = field(default_factory=dict)
    tok2norp: dict[int, str] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # from honorifics in this article ("Ms Jowell")
    countries: dict[str, str] = field(default_factory=dict)  # every country looked up by name -> its node
    ruleset: object = None  # the pattern rules to run (a kg.rules.RuleSet); None: the package's
    _found: dict[tuple[str, str, str], Relation] = field(default_factory=dict)
    _settled: int = 0
    _np: dict[tuple[int, bool, int], list[str]] = field(default_factory=dict)  # np_ents by (token, subject, depth)

    def __post_init__(self) -> None:
        for m in self.mentions:
            for i in range(m.start, m.end):
                if m.label == "NORP":
                    country = gz.demonym_country(m.text)
                    if country:
                        self.tok2norp[i] = self.country(country)
                elif m.entity:
                    self.tok2ent[i] = m.entity
            if m.entity and m.start > 0:
                gender = HONORIFIC_GENDER.get(self.doc[m.start - 1].lower_)
                if gender:
                    self.gender.setdefault(m.entity, gender)

    def country(self, name: str) -> str:
        """The node of a country named by a demonym, a capital or a name prefix (created if the build has
        none), recorded so that an article's cached facts can be checked against a later build."""
        eid = country_entity(name, self.entities)
        self.countries[name] = eid
        return eid

    def etype(self, eid: str) -> str:
        return self.entities[eid].type

    def add(self, s: str, prop: str, o: str, tok: Token, rule: str, attributed: str | None = None,
            confidence: float | None = None, status: str | None = None) -> None:
        """Propose a fact: ``s`` ``prop`` ``o``, stated around ``tok`` (the trigger) by ``rule``."""
        if not s or not o or s == o:
            return
        status = status or ("reported" if attributed else "asserted")
        confidence = CONF.get(rule.split(":")[0], 0.5) if confidence is None else confidence
        self.candidates.append(Candidate(s, prop, o, tok, rule, attributed, confidence, status,
                                         self.span_of(s, tok), self.span_of(o, tok)))

    def span_of(self, eid: str, near: Token) -> Span | None:
        """The mention of ``eid`` (a name or a demonym) nearest ``near``."""
        best = None
        for m in self.mentions:
            if m.entity == eid or (m.label == "NORP" and self.tok2norp.get(m.start) == eid):
                if best is None or abs(m.start - near.i) < abs(best.start - near.i):
                    best = m
        return self.doc[best.start:best.end] if best else None

    @property
    def found(self) -> dict[tuple[str, str, str], Relation]:
        """The facts so far: every candidate not yet filtered passes the filters now."""
        while self._settled < len(self.candidates):
            self._settled += 1
            self._accept(self.candidates[self._settled - 1])
        return self._found

    def _accept(self, c: Candidate) -> None:
        for keep in FILTERS.values():
            c = keep(c, self)
            if c is None:
                return
        tok, sent = c.trigger, c.trigger.sent
        conf = c.confidence * (0.8 if c.speaker else 1.0)
        when = fact_date(tok, self.article.date) if is_event(c.predicate) else None
        ev = Evidence(self.article.id, sent.text.strip(), sent.start_char, sent.end_char, c.rule, round(conf, 2),
                      date=when.iso if when else None, attributed_to=c.speaker,
                      date_precision=when.precision if when else None)
        rel = self._found.setdefault(c.key, Relation(*c.key))
        if not any(e.start == ev.start and e.rule == ev.rule for e in rel.evidence):
            rel.evidence.append(ev)

    def _metonymy(self, eid: str, prop: str) -> str:
        """A capital or seat of power acting stands for its state (kg:metonymyRule in the ontology)."""
        if prop in literal_places():
            return eid
        country = gz.capital_country(self.entities[eid].label)
        return self.country(country) if country else eid


