"""Relations: the facts a sentence states, read off spaCy's dependency parse.

Frames, each a plain function over one token, all looking predicates up in the tables of
``ontology/lexicon`` rather than naming them in code:

- verb frames: active and passive voice, prepositional objects, control and coordination,
  relative clauses, light verbs carrying an event noun ("announced sanctions against");
- noun frames: titles and appositives ("Gazprom chief Aleksei Miller"), possessives
  ("Russia's Gazprom"), nominalisations ("Putin's visit to Azerbaijan"), hyphenated compounds
  ("a Kremlin-funded outlet"), places ("Russia's fourth-largest city");
- copulas ("Turkey has become a key partner for Russia").

Negated, hedged and conditional clauses assert nothing; a clause under a reporting verb is kept as
the speaker's claim. Pronouns and short references ("it", "he", "the committee") resolve to the
nearest entity the grammar allows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import permutations

from spacy.tokens import Doc, Span, Token

from kg import gazetteer as gz
from kg.dates import fact_date
from kg.entities import (HONORIFIC_GENDER, LEXICON, LOWERCASE_TITLES, PLACE_TYPES, Mention, country_entity, describes_pobj,
                         former_properties, roster, slug, title_jobs, title_owner_types, titles)
from kg.model import Article, Entity, Evidence, Relation
from kg.ontology import literal_places, load_properties, symmetric_properties, vocabulary_cache
from kg.resources import mapping, table, words
from kg.rules import candidate_filter, rule
from kg.rules import FILTERS, RULES

HEDGE_MODALS = words("hedge_modals.txt")
FUTURE_AUX = words("future_auxiliaries.txt")  # "will", "shall": a plan, not a fact
FUTURE_HEADS = words("future_heads.txt")  # "is set to visit", "is due to visit"
FUTURE_TIME = words("future_time_words.txt")  # "tomorrow", "next week"
CLAIM_NOUNS = words("claim_nouns.txt")  # "X's claim that Y ...": the content of a claim is not asserted
NONFACTIVE = words("nonfactive_verbs.txt")
PROSPECT_NOUNS = words("prospect_nouns.txt")  # "the right to sell", "a bid to buy"
NATIONAL_TITLES = {(c, t): p for c, t, p in table("national_titles.tsv")}  # "UK chancellor": a minister
REPORTING = words("reporting_verbs.txt")
RECIPROCAL = mapping("reciprocal_verbs.tsv")
OPEN_STOP = words("open_stop_verbs.txt")
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
EVENT_SETTINGS = words("event_setting_preps.txt")  # "said, after a meeting with Y"
RELATIVE = words("relative_pronouns.txt")
MALE, FEMALE, NEUTER, FIRST_PERSON = (frozenset(w for w, g in mapping("pronouns.tsv").items() if g == gender)
                                      for gender in ("male", "female", "neuter", "first"))
ATTITUDES = words("attitude_properties.txt")  # said of an act, they are said of whoever did it
APPOINT = words("appointment_verbs.txt")
APPOINT_NOUNS = words("appointment_nouns.txt")
UNREALISED_MODIFIERS = words("unrealised_modifiers.txt")
CANCEL_VERBS = words("cancel_verbs.txt")
GENERIC_ORG_NOUNS = words("generic_org_nouns.txt")
FACTIVE_EVENT_NOUNS = words("factive_event_nouns.txt")
LIGHT_OF = words("light_of_nouns.txt")
COPULAS = words("copula_verbs.txt")
CONDITIONAL_MARKS = words("conditional_marks.txt")
DEPUTY = words("deputy_modifiers.txt")
KINSHIP = words("kinship_properties.txt")
TRADE_NOUNS = words("trade_nouns.txt")  # "Chinese carmaker X": a trade classifies a company as "firm" does
ORG_NOUNS = words("org_nouns.txt")
PLACE_NOUNS = words("place_nouns.txt")
INSTITUTION_NOUNS = words("institution_nouns.txt")
FACILITY_NOUNS = words("facility_nouns.txt")
STATE_BODY_NOUNS = words("state_body_nouns.txt")
FUNCTION_ADJECTIVES = words("function_adjectives.txt")
MESSAGE_NOUNS = words("message_nouns.txt")
PART_NOUNS = words("part_nouns.txt")
ORG_PART_NOUNS = words("org_part_nouns.txt")
MEDIA_NOUNS = words("media_nouns.txt")
FORMER_MODIFIERS = words("former_modifiers.txt")
COMPASS_NOUNS = words("compass_nouns.txt")
COMPETITION_WORDS = words("competition_words.txt")
TOWN_NOUNS = words("town_nouns.txt")  # "the town", "the northeast Valdorian city"
STATE_TITLES = words("state_titles.txt")
ROLE_NOUNS = words("role_nouns.txt")  # "his role as chief of Y"
PEOPLE_NOUNS = words("people_nouns.txt")  # "Hollywood stars A and B"
DASHES = {"-", "\u2013", "\u2014", ":"}
EMPLOYMENT_PROPS = {"heads", "worksFor", "formerlyHeaded", "formerlyWorkedFor"}  # ties of a post (in a party: memberOf)
LEAVE_VERBS = words("leave_verbs.txt")  # "X, chairman of Y, resigned": a post left
DEFINITE_PLACE_NOUNS = mapping("definite_place_nouns.tsv")
PLACE_RANK_STRICT = {"City": 1, "Region": 2, "Country": 3}
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


# ------------------------------------------------------------------ filters, in this order


@candidate_filter("clause")
def asserted_only(c: Candidate, ctx: Context) -> Candidate | None:
    """Negated, hedged and conditional clauses assert nothing."""
    return None if c.status == "unasserted" else c


@candidate_filter("metonymy")
def metonymy(c: Candidate, ctx: Context) -> Candidate | None:
    """A capital or seat of power acting stands for its state."""
    s, o = ctx._metonymy(c.subject, c.predicate), ctx._metonymy(c.object, c.predicate)
    return None if s == o else replace(c, subject=s, object=o)


@candidate_filter("domain-range")
def domain_range(c: Candidate, ctx: Context) -> Candidate | None:
    """The ontology's domain and range of the predicate, by the entities' types."""
    for prop in c.predicate.split("|"):  # "captured|operates": the first the entities' types allow
        dom, rng = constraints().get(prop, (set(), set()))
        if not ((dom and ctx.etype(c.subject) not in dom) or (rng and ctx.etype(c.object) not in rng)):
            return c if prop == c.predicate else replace(c, predicate=prop)
    return None


@candidate_filter("places-nest")
def places_nest(c: Candidate, ctx: Context) -> Candidate | None:
    """A place lies in a bigger place, never in a smaller one."""
    if c.predicate == "locatedIn" and not plausibly_inside(ctx.entities[c.subject], ctx.entities[c.object]):
        return None
    return c


@candidate_filter("symmetric")
def symmetric_order(c: Candidate, ctx: Context) -> Candidate:
    """A symmetric fact is stored once, subject and object in id order."""
    return replace(c, subject=c.object, object=c.subject) if c.predicate in symmetric_properties() and c.subject > c.object else c


@candidate_filter("reported-speech")
def reported_speech(c: Candidate, ctx: Context) -> Candidate:
    """Inside quotation marks, a fact is the claim of whoever the sentence says is speaking."""
    speaker = c.speaker or quoted_speaker(c.trigger, ctx)
    return replace(c, speaker=speaker, status="reported") if speaker and not c.speaker else c


PORTFOLIO = words("portfolio_words.txt")
# titles a party itself confers ('Labour leader', 'Tory chairman'); any other title with a party
# ('Tory chancellor', 'Labour minister') is a post elsewhere held by one of its members
PARTY_POSTS = words("party_posts.txt")
COUNTERPARTS = words("counterpart_nouns.txt")


@candidate_filter("portfolio")
def not_a_portfolio(c: Candidate, ctx: Context) -> Candidate | None:
    """'Schools Minister X', 'the Secretary of State for Culture, Media and Sport': a portfolio NER took
    for an organisation is nobody's employer nor anything's party."""
    return None if _portfolio(ctx.entities[c.subject]) or _portfolio(ctx.entities[c.object]) else c


def _portfolio(e: Entity) -> bool:
    if e.type not in {"Organization", "Person"}:  # "Humanitarian Aid Commissioner" is sometimes taken for a person
        return False
    parts = [w for w in e.label.lower().replace("&", " ").replace(",", " ").split() if w not in {"and", "of", "for"}]
    return bool(parts) and all(w in PORTFOLIO or w in titles() and w not in LOWERCASE_TITLES for w in parts)


@candidate_filter("trigger-in-name")
def trigger_outside_names(c: Candidate, ctx: Context) -> Candidate | None:
    """A word of a name states nothing: 'BBC Films' Dirty War', 'the Peace Accord Hotel'."""
    kind = c.rule.split(":")[0].split(".")[0]
    if kind in {"reciprocal", "noun", "verb", "open", "passive"} and c.trigger.i in ctx.tok2ent:
        return None
    return c


@candidate_filter("stake")
def not_a_stake(c: Candidate, ctx: Context) -> Candidate | None:
    """'owns 6.7% of X's shares', 'owners of 5% of X's shares', 'owns shares in X': a minority shareholder
    does not operate X (but 'holds 60 percent of X' controls it)."""
    if c.predicate != "operates" or c.object_span is None:
        return c
    t = c.trigger
    between = ctx.doc[t.i + 1:c.object_span.start] if t.i < c.object_span.start else ctx.doc[0:0]
    shares = [w.i for w in between if w.lower_ in {"%", "percent", "per", "share", "shares", "stake", "stakes"}]
    if not shares:
        return c
    sizes = [_number(w.text) for w in between if w.like_num and w.i + 1 in shares]
    return c if sizes and all(x is not None and x > 50 for x in sizes) else None


STAKE_WORDS = {"%", "percent", "pct", "per", "share", "shares", "stake", "stakes", "holding", "holdings", "interest"}


@candidate_filter("stake-purchase")
def not_a_stake_purchase(c: Candidate, ctx: Context) -> Candidate | None:
    """'bought a stake in X', 'bought 20% of X', 'bought shares in X': the buyer bought shares from whoever
    held them, not from X, nor X itself (but 'bought 60% of X' takes X over: it stays)."""
    if c.predicate != "boughtFrom" or c.object_span is None:
        return c
    owner = c.object_span.root
    prep = owner.head if owner.dep_ in {"pobj", "conj"} else None
    while prep is not None and prep.dep_ == "conj":
        prep = prep.head
    if prep is None or prep.lower_ not in {"in", "of"}:
        return c
    part = prep.head
    if part.lower_ not in STAKE_WORDS and part.lemma_.lower() not in STAKE_WORDS:
        return c
    if any(w.lower_ in {"majority", "controlling"} for w in part.children):
        return c  # "bought a majority stake in X" takes X over
    sizes = [_number(w.text) for w in part.subtree if w.like_num and w.i < part.i + 2]
    return c if sizes and all(x is not None and x > 50 for x in sizes) else None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


GATHERINGS = words("gathering_nouns.txt")


@candidate_filter("gathering")
def not_where_it_met(c: Candidate, ctx: Context) -> Candidate | None:
    """'chaired a meeting of the Valdoria Commission in Lima': the place is the meeting's, not the body's seat."""
    t = c.trigger
    if c.rule == "place:in" and c.predicate == "basedIn" and t.dep_ == "pobj" and t.head.lower_ == "of" \
            and t.head.head.lemma_.lower() in GATHERINGS:
        return None
    return c


PHRASAL_KEPT = words("phrasal_verbs_kept.txt")


@candidate_filter("particle")
def plain_verb_only(c: Candidate, ctx: Context) -> Candidate | None:
    """A particle makes another verb: 'ruled out X' is not ruling X, 'set up X', 'charged down by X',
    'picked up a prize' are not what the verb alone says (phrasal_verbs_kept.txt lists those that are)."""
    t = c.trigger
    if t.pos_ not in {"VERB", "AUX"}:
        return c
    prt = [k.lower_ for k in t.children if k.dep_ == "prt"]
    return None if prt and f"{t.lemma_.lower()} {prt[0]}" not in PHRASAL_KEPT else c


@candidate_filter("left-post")
def left_post(c: Candidate, ctx: Context) -> Candidate | None:
    """'X, chairman of Y, resigned on Monday', 'Y founder X, who left the firm in 2001', 'X stepped down':
    a post its holder left, in the sentence that names it, is a past tie (ontology/lexicon/former.tsv)."""
    past = former_properties().get(c.predicate)
    if not past or ctx.etype(c.subject) != "Person" or c.rule.startswith("title.left") or c.status == "unasserted":
        return c
    for t in c.trigger.sent:
        if t.pos_ != "VERB" or not _leaves(t):
            continue
        if c.subject not in subjects(t, ctx) or not clause_status(t, ctx)[0]:
            continue
        if t.dep_ == "xcomp" and _is_passive(t.head):
            continue  # "X is said to have resigned": hearsay leaves the title as the sentence gives it
        left = [g for c2 in t.children for g in ([c2] if c2.dep_ == "dobj" else
                                                  [x for x in c2.children if x.dep_ == "pobj"] if c2.dep_ == "prep"
                                                  and c2.lower_ in {"from", "as"} else [])]
        named = [x for g in left for x in np_ents(g, ctx)]
        if named and c.object not in named:
            continue  # "X, chairman of Y, quit the board of Z": another post
        if t.lemma_.lower() == "leave" and not left:
            continue  # "X, chairman of Y, left for Paris": travel
        if any(g.i not in ctx.tok2ent and g.lemma_.lower() in PLACE_NOUNS for g in left):
            continue  # "left the country"
        return replace(c, predicate=past)
    return c


@candidate_filter("ended-span")
def ended_span(c: Candidate, ctx: Context) -> Candidate | None:
    """'X led Y from 1983 until 1992', 'X, chairman of Y from 1990 to 1995': a post held over a span of
    time that has ended is a past tie (ontology/lexicon/former.tsv)."""
    past = former_properties().get(c.predicate)
    if not past or c.status == "unasserted" or not _ended_span(c.trigger):
        return c
    return replace(c, predicate=past)


def _ended_span(t: Token) -> bool:
    """The trigger (a past-tense verb or a title) has a time span with an end: 'until 1992', 'from 1990 to
    1995', 'between 1990 and 1995' (not 'until now')."""
    if t.pos_ in {"VERB", "AUX"} and t.tag_ not in {"VBD", "VBN"}:
        return False
    for p in (c for c in t.children if c.dep_ == "prep"):
        ends = [p] if p.lower_ in {"until", "till"} else [
            q for q in p.children if q.dep_ == "prep" and q.lower_ in {"to", "until", "till"}] if p.lower_ == "from" else []
        dates = [g for e in ends for g in e.children if g.dep_ == "pobj"]
        if p.lower_ == "between":
            dates = [c for g in p.children if g.dep_ == "pobj" for c in g.children if c.dep_ == "conj"]
        if any(g.ent_type_ == "DATE" and g.lower_ not in {"now", "today", "date"} for g in dates):
            return True
    return False


def _leaves(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in {"step", "stand"}:
        return any(k.lower_ in {"down", "aside"} for k in verb.children)
    return lemma in LEAVE_VERBS and (lemma not in REMOVAL_VERBS or _is_passive(verb))


REMOVAL_VERBS = {"oust", "sack", "fire", "dismiss", "remove", "depose", "replace"}  # "X was sacked": X left


def title_property(title: Token, prop: str) -> str:
    """A 'heads' title's property as its modifiers make it: 'deputy chairman', 'branch chairman',
    'financial chief' work for the organisation, they do not head it."""
    if prop != "heads":
        return prop
    if any(c.lower_ in DEPUTY for c in title.children) or title.doc[title.i - 2:title.i].text.lower().startswith("vice"):
        return "worksFor"
    if any((c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower())
           or (c.dep_ == "amod" and c.lower_ in FUNCTION_ADJECTIVES) for c in title.children):
        return "worksFor"
    return prop


QUOTES = words("quote_marks.txt")


def quoted_speaker(tok: Token, ctx: Context) -> str | None:
    """Inside quotation marks, a fact is the claim of whoever the sentence says is speaking."""
    sent = tok.sent
    marks = [t for t in sent if t.i < tok.i and t.text in QUOTES and not (t.text in "'\u2019" and t.i > sent.start
             and ctx.doc[t.i - 1].is_alpha and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].is_alpha)]
    if len(marks) % 2 == 0:
        return None
    for t in sent:
        if t.lemma_.lower() in REPORTING and t.pos_ == "VERB":
            subj = subjects(t, ctx)
            if subj:
                return subj[0]
    return None


def _in_quotes(i: int, sent: Span) -> bool:
    """Whether token ``i`` of the sentence stands between quotation marks (an odd number of them before it)."""
    doc = sent.doc
    marks = [t for t in sent if t.i < i and t.text in QUOTES and not (t.text in "'\u2019" and t.i > sent.start
             and doc[t.i - 1].is_alpha and t.i + 1 < len(doc) and doc[t.i + 1].is_alpha)]
    return len(marks) % 2 == 1


def reported_speaker(tok: Token, ctx: Context) -> str | None:
    """Who 'I' or 'we' is: the subject of the reporting verb the clause hangs on ('We condemn X, Y
    said'), or the speaker of the quotation ('Y tweeted: "We condemn X"')."""
    for a in tok.ancestors:
        if a.dep_ == "ccomp" and a.head.lemma_.lower() in REPORTING:
            return _named_subject(a.head, ctx)
    marks = [t for t in tok.sent if t.i < tok.i and t.text in QUOTES]
    if marks:  # 'Y tweeted: "We condemn X"': the named subject of the sentence's reporting verb
        return next((x for t in tok.sent if t.lemma_.lower() in REPORTING and t.pos_ == "VERB"
                     for x in [_named_subject(t, ctx)] if x), None)
    return None


def _named_subject(verb: Token, ctx: Context) -> str | None:
    """The subject of a verb when it is a name (no pronoun resolution: a speaker's 'we' must not loop)."""
    return next((ctx.tok2ent[c.i] for c in verb.children if c.dep_ == "nsubj" and c.i in ctx.tok2ent), None)


def pobjs(tok: Token, preps: set[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` hanging on ``tok`` ("capital *of* X", "plant *in* Y")."""
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


# ------------------------------------------------------------------ noun phrases to entities


def np_ents(tok: Token, ctx: Context, subject: bool = False, depth: int = 0) -> list[str]:
    """The entities a noun phrase headed by ``tok`` denotes, coordination included (worked out once per
    article: the frames ask for the same phrases again and again)."""
    key = (tok.i, subject, depth)
    found = ctx._np.get(key)
    if found is None:
        found = ctx._np[key] = _np_ents(tok, ctx, subject, depth)
    return list(found)


def _np_ents(tok: Token, ctx: Context, subject: bool, depth: int) -> list[str]:
    if depth > 4:
        return []
    out: list[str] = []
    if tok.i in ctx.tok2ent:
        out.append(ctx.tok2ent[tok.i])
    elif tok.pos_ == "PRON" and tok.lower_ in {"which", "whom"} and tok.dep_ == "pobj":
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)  # "rivals, with which X held talks"
        if clause is not None:
            out.extend(np_ents(clause.head, ctx, subject, depth + 1))
    elif tok.pos_ == "PRON":
        ant = resolve_pronoun(tok, ctx)
        if ant:
            out.append(ant)
    else:
        out.extend(_noun_referent(tok, ctx, subject, depth))
    for c in tok.children:
        if c.dep_ == "conj" or (c.dep_ == "appos" and not out):
            out.extend(x for x in np_ents(c, ctx, subject, depth + 1) if x not in out)
    if tok.i in ctx.tok2ent and depth == 0:
        out.extend(x for x in listed_names(tok, ctx) if x not in out)
    return out


def listed_names(tok: Token, ctx: Context) -> list[str]:
    """The names listed after the name ``tok`` belongs to (an object, not a subject) when the words say a
    list the parse lost: 'owned by A, B and C' parsed with 'B and C' as an apposition. Only names of the
    same kind (people, organisations or places), separated by commas, closed by 'and' or 'or', the list
    ending the noun phrase (not 'A, B and C's chief' nor 'A, B and C shares')."""
    doc = ctx.doc
    if tok.dep_ in SUBJ_DEPS:
        return []  # a subject list the parser lost is mostly a sentence it lost ("... hosts Ant and Dec. Natalie ...")
    spans = {m.start: m for m in ctx.mentions if m.entity and m.entity in ctx.entities}
    first = next((m for m in spans.values() if m.start <= tok.i < m.end), None)
    if first is None:
        return []
    kind = _kind(ctx.etype(first.entity))
    out: list[str] = []
    i, closed = first.end, False
    while i + 1 < len(doc) and doc[i].text in {",", "and", "or"} and doc[i].sent.start == tok.sent.start:
        closing = doc[i].lower_ in {"and", "or"} or (doc[i].text == "," and doc[i + 1].lower_ in {"and", "or"})
        j = i + 1 if doc[i + 1].lower_ not in {"and", "or"} else i + 2
        m = spans.get(j)
        if m is None or _kind(ctx.etype(m.entity)) != kind:
            return []
        out.append(m.entity)
        i = m.end
        if closing:
            closed = True
            break
    if not closed or (i < len(doc) and (doc[i].lower_ in {"'s", "\u2019s", "'"} or doc[i].pos_ in {"NOUN", "PROPN"})):
        return []
    last = doc[spans[max(s for s in spans if s < i)].start:i].root
    if last.dep_ in SUBJ_DEPS or (i < len(doc) and doc[i].pos_ in {"VERB", "AUX"}):
        return []  # "X bought A, and B bought C": B is the next clause's subject
    return [x for x in out if x != first.entity]


def _kind(etype: str) -> str:
    return "Place" if etype in PLACE_TYPES else etype


def _introduces_members(prep: Token) -> bool:
    """'including X', 'such as X', 'like X': the names that follow are members of a plural noun."""
    if prep.lower_ in {"including", "like"}:
        return True
    return prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"


def _noun_referent(tok: Token, ctx: Context, subject: bool, depth: int) -> list[str]:
    lemma = tok.lemma_.lower()
    kids = list(tok.children)
    of = pobjs(tok, {"of"})
    if (lemma in LIGHT_OF or lemma in PLACE_NOUNS or tok.pos_ == "NUM") and of:
        return np_ents(of[0], ctx, subject, depth + 1)
    appos = [c for c in kids if c.dep_ == "appos" and (c.i in ctx.tok2ent)]
    if appos:
        return [ctx.tok2ent[appos[0].i]]
    named = next((c for c in kids if c.i == tok.i + 1 and c.dep_ in {"dobj", "dep", "npadvmod"} and c.i in ctx.tok2ent
                  and tok.tag_ == "NNS"), None)
    if named is not None:  # "to rivals X and Y, with which ...": the names the parser hung on the noun are it
        return np_ents(named, ctx, subject, depth + 1)
    if (lemma in ORG_NOUNS or lemma in TRADE_NOUNS) and describes_pobj(tok):  # "X of the Y Council, a
        return [x for p in tok.head.children if p.dep_ == "prep" and p.i < tok.i  # Brussels-based group"
                for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN" for x in np_ents(g, ctx, subject, depth + 1)]
    if tok.dep_ == "appos" and tok.head.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[tok.head.i]) != "Person" \
            and depth == 0:  # "Honeywell Bull, a company owned by X": the appositive noun is the name
        return [ctx.tok2ent[tok.head.i]]
    members = [g for c in kids if c.dep_ == "prep" and _introduces_members(c) for g in c.children if g.dep_ == "pobj"]
    if members and tok.tag_ == "NNS":  # "producers, including BP, Shell and Repsol, which accused ..."
        return [x for g in members for x in np_ents(g, ctx, subject, depth + 1)]
    comp = [c for c in kids if c.dep_ == "compound" and c.i in ctx.tok2ent and c.i == tok.i - 1]
    if comp and lemma in ORG_NOUNS:
        return []  # "the Baku offices" is not Baku
    if lemma in MEDIA_NOUNS and not any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ not in MEDIA_NOUNS
                                           for c in kids):  # "told Reuters news agency", "the BBC's Newsnight
        # programme", but not "SAC's compliance program"
        named = [ctx.tok2ent[g.i] for c in tok.lefts if c.dep_ in {"compound", "poss"} for g in c.subtree
                 if g.dep_ in {"compound", "poss"} and g.i in ctx.tok2ent]
        if named:
            return named[:1]
    modifier = _owner(tok, ctx)
    if modifier and (lemma in INSTITUTION_NOUNS or (lemma in titles() and lemma not in title_jobs()
                                                       and not _has_name(tok, ctx))):
        return [modifier]  # "Russian police", "Azerbaijan's ambassador" act for the state
    if tok.dep_ == "appos" and tok.head.i in ctx.tok2ent:  # "X, a company owned by Y", "X, a firm which ..."
        return [ctx.tok2ent[tok.head.i]]
    if tok.dep_ == "attr" and tok.head.lemma_ in COPULAS:
        subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if subj:
            return np_ents(subj[0], ctx, subject, depth + 1)
    if subject and modifier and tok.tag_ in {"NN", "NNS"} and lemma not in titles() and lemma not in COUNTERPARTS \
            and (lemma not in ORG_NOUNS | TRADE_NOUNS or lemma in STATE_BODY_NOUNS):
        return [modifier]  # "the EU's sanctions package imposed ...", not "X's rivals accused ...", nor "a
        # Russian company bought ...": a firm is not its country
    pair = _the_two(tok, ctx)
    if pair:
        return pair
    short = _short_reference(tok, ctx) or _definite_reference(tok, ctx) or _definite_town(tok, ctx)
    return [short] if short else []


def _definite_town(tok: Token, ctx: Context) -> str | None:
    """'after he seized the town', 'declared the northeast Valdorian city the capital': 'the' town or
    city with no name of its own is the one city the text named in this sentence or the two before
    (none when it named several)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in TOWN_NOUNS or tok.tag_ != "NN":
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) or any(
            c.dep_ in {"poss", "prep", "appos", "relcl", "acl", "nummod"} or c.i in ctx.tok2ent for c in kids):
        return None
    doc = ctx.doc
    start = tok.sent.start
    for _ in range(2):
        start = doc[start - 1].sent.start if start else 0
    towns = {m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities and (
        ctx.etype(m.entity) == "City" or ctx.etype(m.entity) == "Region" and not gz.lookup(ctx.entities[m.entity].label))}
    # a town the gazetteer does not know is typed a region
    return towns.pop() if len(towns) == 1 else None


def town_country_frame(tok: Token, ctx: Context) -> None:
    """'the northeast Valdorian city' said of a city named just before: the city lies in Valdoria."""
    country = next((ctx.tok2norp[c.i] for c in tok.children if c.dep_ in {"amod", "compound"} and c.i in ctx.tok2norp),
                   None)
    town = _definite_town(tok, ctx) if country else None
    if town:
        ctx.add(town, "locatedIn", country, tok, "place:definite-town")


def _the_two(tok: Token, ctx: Context) -> list[str]:
    """'the two countries', 'the two companies', 'both sides': the last two entities of that kind named
    before, in this sentence or the one before."""
    kinds = mapping("pair_nouns.tsv")
    if tok.lemma_.lower() not in kinds or not any(c.lower_ in {"two", "both"} for c in tok.children):
        return []
    wanted = {"Place": PLACE_TYPES - {"City", "Region"}}.get(kinds[tok.lemma_.lower()], {kinds[tok.lemma_.lower()]})
    start = ctx.doc[max(tok.sent.start - 1, 0)].sent.start
    seen: list[str] = []
    for m in reversed([m for m in ctx.mentions if start <= m.start < tok.i]):
        eid = m.entity or (ctx.tok2norp.get(m.start) if m.label == "NORP" else None)
        if eid and eid in ctx.entities and ctx.etype(eid) in wanted and eid not in seen:
            seen.append(eid)
        if len(seen) == 2:
            return seen[::-1]
    return []


def _definite_reference(tok: Token, ctx: Context) -> str | None:
    """'the country's King Abdullah', 'the brewery firm's former chairman': a possessive 'the country' or
    'the firm' is a country or organisation named in this sentence or the one before, the one the article
    names most (then the last named)."""
    if tok.dep_ != "poss" or not any(c.lower_ == "the" for c in tok.children):
        return None
    kind = DEFINITE_PLACE_NOUNS.get(tok.lemma_.lower())  # "the region's capital of Stepanakert"
    if kind is None:
        return None  # 'the company's ...' is read by the clause frames (the organisation just named)
    kinds = {kind}
    start = ctx.doc[tok.sent.start - 1].sent.start if tok.sent.start else 0
    cands = [m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities
             and ctx.etype(m.entity) in kinds]
    if not cands:
        return None
    counts = {e: sum(m.entity == e for m in ctx.mentions) for e in cands}
    return max(reversed(cands), key=counts.__getitem__)


def _has_name(tok: Token, ctx: Context) -> bool:
    return any(c.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[c.i]) == "Person" for c in tok.children
               if c.dep_ in {"appos", "compound"})


def _owner(tok: Token, ctx: Context) -> str | None:
    """The state or organisation a noun belongs to: possessor, demonym or name compound."""
    for c in tok.children:
        if c.dep_ == "poss":
            ents = np_ents(c, ctx, depth=3) if c.pos_ != "PRON" else [resolve_pronoun(c, ctx)]
            if ents and ents[0]:
                return ents[0]
        if c.dep_ in {"amod", "compound", "nmod"} and c.i in ctx.tok2norp:
            return ctx.tok2norp[c.i]
        if c.dep_ in {"compound", "nmod"} and c.i in ctx.tok2ent:
            return ctx.tok2ent[c.i]
    for c in tok.children:  # "the U.S. LNG producer": a place named in front of a modifying noun
        if c.dep_ == "compound" and c.i not in ctx.tok2ent:
            for g in c.children:
                if g.dep_ in {"compound", "nmod"} and g.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[g.i]) in PLACE_TYPES:
                    return ctx.tok2ent[g.i]
    return None


def _short_reference(tok: Token, ctx: Context) -> str | None:
    """'the committee' -> the organisation named '... Committee' earlier in the article."""
    if tok.pos_ != "NOUN" or not tok.text[:1].islower():
        return None
    if any(c.dep_ == "det" and c.lower_ in {"a", "an", "another", "any", "each", "every", "no", "some"}
           for c in tok.children):
        return None  # "running a marathon" is no marathon named before
    head = tok.lower_
    best = None
    for m in ctx.mentions:
        if m.start >= tok.i:
            break
        if m.entity and m.entity in ctx.entities and ctx.etype(m.entity) == "Organization":
            if m.text.split()[-1].lower() == head and len(m.text.split()) > 1:
                best = m.entity
    return best or _generic_reference(tok, ctx)


def _generic_reference(tok: Token, ctx: Context) -> str | None:
    """'the company purchased X': a bare 'the company' as subject is the organisation named last before
    it, in this sentence or the two before (a possessive one is :func:`_definite_reference`'s)."""
    if tok.dep_ not in SUBJ_DEPS or tok.lemma_.lower() not in GENERIC_ORG_NOUNS:
        return None
    if [c.lower_ for c in tok.children if c.dep_ not in {"case", "amod"}] != ["the"]:
        return None  # "the company" (or "the brewing company"), not "a company", "the Paris company"
    start = ctx.doc[max(tok.sent.start - 1, 0)].sent.start
    start = ctx.doc[max(start - 1, 0)].sent.start
    subj = [m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities
            and ctx.etype(m.entity) == "Organization"]
    return subj[-1] if subj else None


def resolve_pronoun(tok: Token, ctx: Context) -> str | None:
    """Nearest earlier entity of the pronoun's kind, preferring clause subjects."""
    low = tok.lower_
    if low in FIRST_PERSON:
        return reported_speaker(tok, ctx)
    if low in MALE or low in FEMALE:
        kinds = {"Person"}
        other = "female" if low in MALE else "male"
    elif low in NEUTER:
        kinds = {"Organization", "Country", "City", "Region"}
    elif low == "their" and tok.dep_ == "poss":  # "the Assembly stressed that their representatives, A and B"
        subj = [m for m in ctx.mentions if m.entity in ctx.entities and tok.sent.start <= m.start < tok.i
                and ctx.doc[m.start:m.end].root.dep_ in SUBJ_DEPS and ctx.etype(m.entity) == "Organization"]
        return subj[-1].entity if len(subj) == 1 else None
    else:
        return None
    if tok.dep_ == "poss":  # "It sold its unit": 'its' is whoever the clause's 'it' is
        verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        subj = next((c for c in verb.children if c.dep_ in SUBJ_DEPS and c.pos_ == "PRON" and c.i < tok.i
                     and ({c.lower_, low} <= MALE or {c.lower_, low} <= FEMALE or {c.lower_, low} <= NEUTER)),
                    None) if verb is not None else None
        if subj is not None:
            return resolve_pronoun(subj, ctx)
    np_head = tok.head if tok.dep_ == "poss" else tok
    cands = [m for m in ctx.mentions if m.entity in ctx.entities and m.start < tok.i
             and ctx.etype(m.entity) in kinds and not (m.start >= np_head.left_edge.i and m.end <= np_head.right_edge.i + 1)]
    if kinds == {"Person"}:
        cands = [m for m in cands if ctx.gender.get(m.entity) != other]
    if not cands:
        return None
    sent = tok.sent
    in_sent = [m for m in cands if m.start >= sent.start]
    if in_sent and not _in_quotes(tok.i, sent):  # '"That way, Tom Hart can go," he told X': not Hart
        cands = [m for m in cands if m.start < sent.start or not _in_quotes(m.start, sent)]
        in_sent = [m for m in in_sent if not _in_quotes(m.start, sent)]
        if not cands:
            return None
    subj = [m for m in in_sent if ctx.doc[m.start:m.end].root.dep_ in SUBJ_DEPS]
    if subj:
        return subj[-1].entity
    if in_sent and kinds == {"Person"}:
        return in_sent[-1].entity
    if low == "it" and tok.dep_ in SUBJ_DEPS:
        # a subject "it" refers to the previous sentence's subject or to something unnamed ("the plan",
        # "the delegation"): never to whichever organisation was last mentioned
        if sent.start == 0:
            return None
        before = ctx.doc[sent.start - 1].sent
        if before.root.lemma_.lower() in REPORTING and any(c.dep_ == "ccomp" for c in before.root.children):
            return None  # "..., the Financial Times reported." The source is not the topic
        main = [m for m in cands if m.start >= before.start and ctx.doc[m.start:m.end].root.dep_ in SUBJ_DEPS
                and ctx.doc[m.start:m.end].root.head.i == before.root.i]
        return main[-1].entity if main else None
    prev = [m for m in cands if m.start >= sent.start - 80]
    subj = [m for m in prev if ctx.doc[m.start:m.end].root.dep_ in SUBJ_DEPS]
    return (subj or prev or cands)[-1].entity


# ------------------------------------------------------------------ clause status


def clause_status(verb: Token, ctx: Context) -> tuple[bool, str | None]:
    """(asserted, speaker): negation, hedges and conditionals assert nothing."""
    t = verb
    speaker = None
    if _headline_infinitive(verb):
        return False, None
    for _ in range(6):
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids):
            return False, None
        if any(c.dep_ == "aux" and (c.lower_ in HEDGE_MODALS or c.lower_ in FUTURE_AUX) and not _future_in_past(c, t)
               for c in kids):
            return False, None
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids):
            return False, None
        if t.tag_ in {"VBZ", "VBP", "VB", "VBG"} and any(_future_time(c) for c in kids):
            return False, None  # "when he visits London next week"
        if t.dep_ == "acl" and t.head.lemma_.lower() in CLAIM_NOUNS:
            return False, None  # "X's claim that Britain is arming Y", "reports that X will buy Y"
        if t.dep_ == "acl" and t.head.lemma_.lower() in PROSPECT_NOUNS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in kids):
            return False, None  # "the right to sell its unit to Y", "a bid to buy Y"
        if t.dep_ in {"xcomp", "ccomp", "pcomp", "conj", "advcl"} and t.head.i != t.i:
            head = t.head
            if t.dep_ in {"xcomp", "ccomp", "pcomp"} and head.lemma_.lower() in NONFACTIVE:
                return False, None
            if t.dep_ == "xcomp" and _future_head(head) and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
                return False, None  # "X is to visit Y", "is going to", "is set to": planned, not done
            if t.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_.lower() in NONFACTIVE:
                return False, None  # "was banned from suing Y", "stopped X from buying Y"
            if head.lower_ == "of" and head.head.lower_ == "short":
                return False, None
            if t.dep_ == "ccomp" and head.lemma_.lower() in REPORTING and speaker is None:
                subj = subjects(head, ctx)
                speaker = subj[0] if subj else None
            t = head
            continue
        break
    return True, speaker


def _headline_infinitive(verb: Token) -> bool:
    """'Saab to build cars in Sweden', 'Tom Reyes to visit Peru': a headline's 'to' verb, with no finite
    verb in the sentence, announces a plan."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in verb.sent)


def _future_in_past(aux: Token, verb: Token) -> bool:
    """'X said it would buy Y' reports a decision (the speaker's claim), not a hedge. 'X will visit Y' and
    'X said he will visit Y' are plans, not facts."""
    if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children):
        return False  # "X said Y would have been a good president": counterfactual
    return aux.lower_ == "would" and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING


def _future_time(tok: Token) -> bool:
    """'tomorrow', 'next week', 'in the coming days': a time still to come."""
    if tok.dep_ in {"advmod", "npadvmod"} and tok.lower_ in FUTURE_TIME:
        return True
    if tok.dep_ == "prep":
        return any(_future_time(g) for g in tok.children if g.dep_ == "pobj")
    return tok.dep_ in {"npadvmod", "pobj"} and any(c.dep_ == "amod" and c.lower_ in FUTURE_TIME for c in tok.children)


def _future_head(head: Token) -> bool:
    """'is to visit', 'is going to visit', 'is set / due to visit': the verb under it has not happened."""
    lemma = head.lemma_.lower()
    return lemma == "be" or lemma in FUTURE_HEADS or (lemma == "go" and head.tag_ == "VBG")


# ------------------------------------------------------------------ verbs


def subjects(verb: Token, ctx: Context) -> list[str]:
    """Grammatical subjects of a verb, inherited through coordination, control and relatives."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            if c.lower_ in RELATIVE and verb.dep_ == "relcl":
                return _antecedent(verb, ctx)
            if c.lower_ in {"they", "we"} and verb.dep_ == "ccomp":  # "X and Y said they had agreed"
                group = subjects(verb.head, ctx)
                if len(group) > 1:
                    return group
            return np_ents(c, ctx, subject=True)
    if verb.dep_ in {"acl", "relcl"} and verb.head.lemma_.lower() in FACTIVE_EVENT_NOUNS and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):  # "X's deal to buy Y", "X struck a deal to buy Y"
        noun = verb.head
        owner = [x for c in noun.children if c.dep_ == "poss" for x in np_ents(c, ctx)]
        return owner or (subjects(noun.head, ctx) if noun.dep_ == "dobj" else [])
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return subjects(verb.head, ctx)
    if verb.dep_ == "xcomp":
        obj = [c for c in verb.head.children if c.dep_ == "dobj"]
        return np_ents(obj[0], ctx) if obj else subjects(verb.head, ctx)
    gerund = verb.tag_ == "VBG" or any(c.dep_ == "auxpass" and c.tag_ == "VBG" for c in verb.children)
    if verb.dep_ in {"advcl", "pcomp", "acl"} and gerund:  # "after being sacked by X", "before meeting Y"
        head = verb.head.head if verb.dep_ == "pcomp" else verb.head
        obj = [c for c in head.children if c.dep_ == "dobj"]
        if verb.dep_ == "pcomp" and verb.head.lower_ in {"for", "of", "from"} and obj:
            return np_ents(obj[0], ctx)  # "thanked fans for supporting X", "accused Y of helping X": the object did it
        if head.pos_ in {"VERB", "AUX"}:
            return subjects(head, ctx)
        if verb.dep_ == "acl" and head.i in ctx.tok2ent:  # "X, speaking on Y television, said"
            return np_ents(head, ctx, subject=True)
        if verb.dep_ == "acl" and head.lemma_.lower() in ORG_NOUNS:  # "the X group operating in Y": the group is X
            return [ctx.tok2ent[c.i] for c in head.children if c.dep_ == "compound" and c.i == head.i - 1
                    and c.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[c.i]) == "Organization"]
    if verb.dep_ == "relcl":
        return _antecedent(verb, ctx)
    return _adjacent_subject(verb, ctx)


def _antecedent(relcl: Token, ctx: Context) -> list[str]:
    """What a relative clause is about: 'X and Y, who met' both, 'X, who was chairman, and Y' only X."""
    head = relcl.head
    if head.i in ctx.tok2ent and any(c.dep_ == "conj" and c.i > relcl.i for c in head.children):
        return [ctx.tok2ent[head.i]]
    return np_ents(head, ctx, subject=True)


def _adjacent_subject(verb: Token, ctx: Context) -> list[str]:
    """A finite verb the parser left without a subject takes the coordinated names just before it
    ("..., Gazprom and SOCAR signed an agreement")."""
    if verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return []
    out: list[str] = []
    i = verb.i - 1
    while i >= verb.sent.start:
        tok = ctx.doc[i]
        if i in ctx.tok2ent:
            if tok.dep_ in {"pobj", "dobj", "poss"}:
                break  # the object of something else, not a subject
            if ctx.tok2ent[i] not in out:
                out.append(ctx.tok2ent[i])
        elif tok.lower_ not in {"and", ","} and tok.dep_ not in {"aux", "advmod", "neg"}:
            break
        i -= 1
    return out[::-1]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")


def _objects(verb: Token, ctx: Context) -> Iterator[tuple[str, Token]]:
    """(slot, head token) pairs of a verb's complements."""
    for c in verb.children:
        if c.dep_ == "dobj":
            yield "obj", c
        elif c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN", "PRON"}:
            yield "to", c  # "lent Bolivia $2 billion", "sold Chile arms"
        elif c.dep_ in {"prep", "dative"}:
            for g in c.children:
                if g.dep_ == "pobj":
                    yield c.lower_, g
    if not any(c.dep_ == "dobj" for c in verb.children):  # "X condemned and sanctioned Y": Y is both's
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ in SUBJ_DEPS for g in c.children):
                yield from (("obj", g) for g in c.children if g.dep_ == "dobj")


def verb_sense(verb: Token, slot: str, prop: str | None, ctx: Context) -> str | None:
    """The verbs table's property for a complement of ``verb``, unless the verb says something else there:
    with an object predicate ("held X responsible", "named X chairman") it is no plain transitive verb;
    "delivered his Budget to the Commons" supplies words, not goods; "sold its unit to Y" is a deal."""
    if not prop:
        return None
    if slot == "obj" and any(c.dep_ == "oprd" for c in verb.children) and not _is_passive(verb):
        return None
    if prop == "supplied" and any(c.dep_ == "dobj" and (c.lemma_.lower() in MESSAGE_NOUNS or (
            slot != "obj" and (owned_ents(c, ctx) or c.i in ctx.tok2ent))) for c in verb.children):
        return None
    return prop


def _setting_before_report(verb: Token) -> list[Token]:
    """'X said, after a meeting with Y, that ...': an event phrase set off by commas between a reporting
    verb and its clause is the reporter's; the parser hangs it on the reported clause's verb."""
    doc = verb.doc
    if verb.lemma_.lower() not in REPORTING or verb.i + 2 >= len(doc) or doc[verb.i + 1].text != ",":
        return []
    p = doc[verb.i + 2]
    if p.dep_ != "prep" or p.lower_ not in EVENT_SETTINGS:
        return []
    if not ((p.head.dep_ == "ccomp" and p.head.head.i == verb.i) or (verb.dep_ == "parataxis" and p.head.i == verb.head.i)):
        return []  # '"...," X said, after a meeting with Y': the quote's verb took it
    return [g for g in p.children if g.dep_ == "pobj"]


def verb_frame(verb: Token, ctx: Context) -> None:
    """What a verb states beyond its table frames, which are patterns (kg/patterns/verbs.jsonl): a shared
    object of coordinated verbs, 'each other', appointments, instruments, the setting of a meeting, light
    verbs carrying an event noun, open predicates and reciprocal verbs."""
    lemma = verb.lemma_.lower()
    asserted, speaker = clause_status(verb, ctx)
    if not asserted:
        return
    frames = verb_frames()
    passive = _is_passive(verb)
    subj = subjects(verb, ctx)
    appointment_frame(verb, subj, passive, ctx, speaker)
    if passive:
        patients = subj if not (verb.dep_ == "acl") else np_ents(verb.head, ctx)
        instrument_frame(verb, [], patients, ctx, speaker)
        for slot, tok in _objects(verb, ctx):  # "X was injured after a brawl with Y": the event is X's
            if slot in EVENT_SETTINGS and slot not in {"in", "into"}:
                noun_frame(tok, ctx, agents=patients, speaker=speaker)
        return
    had_object = False
    partners: list[str] = []
    for slot, tok in _objects(verb, ctx):
        objs = np_ents(tok, ctx) or owned_ents(tok, ctx)
        if not objs and slot == "obj" and frames.get((lemma, slot)) in ATTITUDES:
            objs = _doer(tok, ctx)  # "condemned X's attack", "praised X's decision"
        if slot in {"obj", "to", "with"}:
            partners += objs
        prop = verb_sense(verb, slot, frames.get((lemma, slot)), ctx)
        if prop and slot == "obj" and _each_other(tok):  # "X and Y accused each other"
            had_object = True
            for a, b in permutations(subj, 2):
                ctx.add(a, prop, b, verb, f"reciprocal:{lemma}", speaker)
            continue
        if prop and objs:
            had_object = True
            if tok.head.i != verb.i and tok.head.dep_ == "conj":  # "X condemned and sanctioned Y": Y is both's
                for s in subj:
                    for o in objs:
                        ctx.add(s, prop, o, verb, f"verb:{lemma}_{slot}", speaker)
        if (slot == "obj" and lemma not in NONFACTIVE) or slot in EVENT_SETTINGS:
            noun_frame(tok, ctx, agents=subj, speaker=speaker)  # not "demanded talks with Y", "threatened sanctions"
    for tok in _setting_before_report(verb):  # "X said, after a meeting with Y, that ..."
        noun_frame(tok, ctx, agents=subj, speaker=speaker)
    had_object |= pair_frame(verb, ctx, speaker)
    instrument_frame(verb, subj, [x for c in verb.children if c.dep_ == "dobj" for x in np_ents(c, ctx)], ctx, speaker)
    meeting_setting_frame(verb, subj, partners, ctx, speaker)
    if not had_object and subj and lemma not in OPEN_STOP and lemma not in APPOINT and lemma not in verb_frame_lemmas() \
            and not _plural_noun_after_place(verb, ctx):
        # a verb the table lacks, between two names: an open predicate, low confidence
        for c in verb.children:
            direct = [x for x in verb.children if x.dep_ == "nsubj" and x.i in ctx.tok2ent]
            if c.dep_ == "dobj" and c.i in ctx.tok2ent and direct:
                for s in subj:
                    for o in np_ents(c, ctx):
                        ctx.add(s, f"open:{lemma}", o, verb, "open:" + lemma, speaker)
    if not had_object and lemma in RECIPROCAL and len(subj) > 1:
        for a, b in permutations(subj, 2):
            if a < b:
                ctx.add(a, RECIPROCAL[lemma], b, verb, "reciprocal:" + lemma, speaker)


def _doer(noun: Token, ctx: Context) -> list[str]:
    """Whose act an event or decision noun is: its possessor, name compound or 'by' ('X's attack',
    'the attack by X')."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in titles():
        return []
    return [x for c in noun.children if c.dep_ in {"poss", "compound", "nmod"} and c.pos_ == "PROPN"
            for x in np_ents(c, ctx)] + [x for g in pobjs(noun, {"by"}) for x in np_ents(g, ctx)]


def instrument_frame(verb: Token, agents: list[str], targets: list[str], ctx: Context, speaker: str | None) -> None:
    """'X hit Y with new sanctions', 'Y was hit by an EU antitrust charge': the event noun names what
    was done to the verb's object; its agent is the verb's subject or the noun's own owner."""
    if not targets:
        return
    frames = noun_frames()
    for c in verb.children:
        if not (c.lower_ == "with" and c.dep_ == "prep") and c.dep_ != "agent":
            continue
        for noun in (g for g in c.children if g.dep_ == "pobj"):
            lemma = noun.lemma_.lower()
            prop = next((frames[(lemma, p)] for p in ("against", "on", "target") if (lemma, p) in frames), None)
            doers = agents if c.dep_ == "prep" else _doer(noun, ctx) + [
                ctx.tok2norp[g.i] for g in noun.children if g.i in ctx.tok2norp]
            for s in doers if prop else []:
                for o in targets:
                    ctx.add(s, prop, o, noun, f"noun:{lemma}_instrument", speaker)


def appointment_frame(verb: Token, subj: list[str], passive: bool, ctx: Context, speaker: str | None) -> None:
    """'X named Y chief executive', 'X appointed Y as its chairman', 'Y was elected president of X':
    the role is the object predicate ('oprd') or the object of 'as'; its owner is the role's 'of' or
    possessor, else the subject that appointed."""
    if verb.lemma_.lower() not in APPOINT:
        return
    roles = [c for c in verb.children if c.dep_ == "oprd"] + pobjs(verb, {"as"})
    people = (subj or (np_ents(verb.head, ctx) if verb.dep_ == "acl" else [])) if passive else [
        x for c in verb.children if c.dep_ == "dobj" for x in np_ents(c, ctx)]  # "Y, named chairman in May"
    people = people or [x for r in roles for c in r.children if c.dep_ == "nmod" for x in np_ents(c, ctx)]
    appointers = [x for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                  for x in np_ents(g, ctx)] + [x for r in roles for g in pobjs(r, {"by"}) for x in np_ents(g, ctx)] \
        if passive else subj  # "Y was named chairman by X" (the parser may hang 'by X' on the role)
    _appoint(people, roles, appointers, ctx, speaker)


def _appoint(people: list[str], roles: list[Token], appointers: list[str], ctx: Context, speaker: str | None) -> None:
    for role in roles:
        key: str | None = title_key(role)
        key = key if key in titles() else None
        if key is None and role.pos_ != "NOUN":
            continue
        prop, direction = titles()[key] if key else ("worksFor", "holder")  # "hired Y as chief financial officer"
        owners = [x for g in pobjs(role, {"of", "at"}) for x in np_ents(g, ctx)]
        owners += [x for c in role.children if c.dep_ == "poss" for x in np_ents(c, ctx)]
        owners = owners or appointers
        for p in people:
            if ctx.etype(p) != "Person" or prop in KINSHIP:
                continue
            for o in owners:
                ctx.add(*((p, prop, o) if direction == "holder" else (o, prop, p)), role, f"appoint:{key or 'role'}",
                        speaker)


def _each_other(tok: Token) -> bool:
    return tok.lower_ in {"other", "another"} and any(c.lower_ in {"each", "one"} for c in tok.children)


def pair_frame(verb: Token, ctx: Context, speaker: str | None) -> bool:
    """Frames between two complements, subject slot first: 'sell X to Y' -> Y boughtFrom X ('to>obj')."""
    slots: dict[str, list[str]] = {}
    for slot, tok in _objects(verb, ctx):
        slots.setdefault(slot, []).extend(np_ents(tok, ctx) or owned_ents(tok, ctx))
    found = False
    for (a, b), prop in pair_frames().get(verb.lemma_.lower(), {}).items():
        for s in slots.get(a, []):
            for o in slots.get(b, []):
                found = True
                ctx.add(s, prop, o, verb, f"verb:{verb.lemma_.lower()}_{a}>{b}", speaker)
    return found


def owned_ents(tok: Token, ctx: Context) -> list[str]:
    """What a part, stake or unit named by ``tok`` belongs to: 'its Brightline unit' -> Brightline,
    'Eastco's software unit', '60% of Eastco', 'a stake in Eastco' -> Eastco."""
    if tok.lemma_.lower() not in PART_NOUNS:
        return []
    named = [ctx.tok2ent[c.i] for c in tok.children if c.dep_ == "compound" and c.i in ctx.tok2ent]
    if named:
        return named
    owner = [x for c in tok.children if c.dep_ == "poss" for x in np_ents(c, ctx)]
    return owner or [x for g in pobjs(tok, {"of", "in"}) for x in np_ents(g, ctx) or owned_ents(g, ctx)]


# ------------------------------------------------------------------ nouns


def meeting_setting_frame(verb: Token, subj: list[str], partners: list[str], ctx: Context,
                          speaker: str | None) -> None:
    """'X apologised to Y during a meeting in Dushanbe': a meeting that names no one else is between
    the verb's subject and the person it addressed."""
    if not subj or not partners:
        return
    meetings = meeting_nouns()
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ not in {"during", "at"}:
            continue
        for g in c.children:
            if g.dep_ != "pobj" or g.lemma_.lower() not in meetings:
                continue
            if any(p.dep_ == "prep" and p.lower_ in {"with", "between"} for p in g.children):
                continue  # the meeting names its own participants (noun_frame reads them)
            for s in subj:
                for o in partners:
                    ctx.add(s, "metWith", o, g, f"noun:{g.lemma_.lower()}_setting", speaker)


def noun_frame(noun: Token, ctx: Context, agents: list[str] | None = None, speaker: str | None = None) -> None:
    """Nominalised events: 'Putin's visit to Azerbaijan', 'sanctions against X', 'a call with Y',
    'sanctions targeting X', light verbs ('imposed curbs on X', 'held talks ... with Y'), 'the
    purchase of X by Y', 'the sale of X to Y', and 'X and Y signed a deal' between the subjects."""
    frames = noun_frames()
    if noun.lemma_.lower() in APPOINT_NOUNS:  # "confirmed the appointment of Y as chief executive"
        appointers = [x for c in noun.children if c.dep_ == "poss" for x in np_ents(c, ctx)] or list(agents or [])
        people = [x for g in pobjs(noun, {"of"}) for x in np_ents(g, ctx)]
        _appoint(people, pobjs(noun, {"as"}), appointers, ctx, speaker)
    preps = [(c.lower_, g) for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    preps += [(c.lower_, x) for p, g in preps if p == "of" and (g.lower_ in {"percent", "pct", "%"} or g.pos_ == "NUM")
              for c in g.children if c.dep_ == "prep" for x in c.children if x.dep_ == "pobj"]  # "a stake of 23
    # percent in X": the share's 'in' phrase hangs on the amount
    preps += [(c.lemma_.lower(), g) for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"
              for g in c.children if g.dep_ == "dobj"]  # "sanctions targeting X"
    by = [x for p, g in preps if p == "by" for x in np_ents(g, ctx)]  # "the purchase of X by Y"
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in verb.children):
        # "a confrontation erupted between X and Y", "talks began with Z": the verb only says it happened
        preps += [(c.lower_, g) for c in verb.children if c.dep_ == "prep" and c.lower_ in {"between", "with"}
                  for g in c.children if g.dep_ == "pobj"]
    if noun.dep_ == "dobj" and agents is not None:  # light verb: "imposed export curbs on X"
        preps += [(c.lower_, g) for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    lemmas = [_noun_lemma(noun)] + [c.lemma_.lower() for c in noun.children
                                    if c.dep_ == "compound" and c.pos_ == "NOUN"]  # "a sanctions package"
    pairs = pair_frames("nouns")
    lemma = next((x for x in lemmas if x in pairs or any((x, p) in frames for p, _ in preps)), None)
    owner = [ctx.tok2ent[c.i] for c in noun.children if c.dep_ in {"poss", "compound"} and c.i in ctx.tok2ent]
    owner += [ctx.tok2norp[c.i] for c in noun.children if c.dep_ in {"amod", "compound"} and c.i in ctx.tok2norp]
    owner += [resolve_pronoun(c, ctx) for c in noun.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    subj = [x for x in owner + by if x] or list(agents or [])
    if _unrealised(noun) or _in_competition(noun):
        return  # "a planned meeting with Y", "talks with Y were called off", "a Carling Cup meeting with Y"
    if lemma is None:
        _joint_event(lemmas, preps, subj, noun, ctx, speaker)
        return
    slots: dict[str, list[str]] = {}
    for prep, pobj in preps:
        objs = np_ents(pobj, ctx) or owned_ents(pobj, ctx)
        slots.setdefault(prep, []).extend(objs)
        prop = frames.get((lemma, prep))
        if not prop:
            continue
        if prep == "between":
            for a, b in permutations(objs, 2):
                if a < b:
                    ctx.add(a, prop, b, noun, f"noun:{lemma}_between", speaker)
            continue
        for s in subj:
            for o in objs:
                ctx.add(s, prop, o, noun, f"noun:{lemma}_{prep}", speaker)
    for (a, b), prop in pairs.get(lemma, {}).items():
        for s in slots.get(a, []):
            for o in slots.get(b, []):
                ctx.add(s, prop, o, noun, f"noun:{lemma}_{a}>{b}", speaker)


def _noun_lemma(noun: Token) -> str:
    """'PARIS Talks between X and Y': a plural common noun capitalised after a dateline is tagged a proper
    noun and keeps its plural as lemma; its singular is the event noun."""
    lemma = noun.lemma_.lower()
    if noun.tag_ == "NNPS" and lemma.endswith("s") and lemma[:-1] in meeting_nouns() | {k[0] for k in noun_frames()}:
        return lemma[:-1]
    return lemma


def _in_competition(noun: Token) -> bool:
    """'a Carling Cup meeting with Y', 'their Valdoria Open tie': a fixture played in a competition."""
    return any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.lower_ in COMPETITION_WORDS for c in noun.children)


def _joined_by_and(conj: Token) -> bool:
    """'Valdorian courts and the Kestrel Court': a name coordinated with a common noun by 'and/or' is
    another item of a list, not an instance of the noun ('companies, Huawei and SMIC' is one)."""
    return conj.dep_ == "conj" and any(t.dep_ == "cc" and conj.head.i < t.i < conj.i for t in conj.head.children)


def _unrealised(noun: Token) -> bool:
    """An event noun that did not (yet) happen, or that only a speaker calls one: 'a proposed summit',
    'the meeting was shelved', 'denounced the "invasion"'."""
    if any(c.lower_ in UNREALISED_MODIFIERS for c in noun.children if c.dep_ in {"amod", "compound", "advmod"}):
        return True
    doc = noun.doc
    if noun.i + 1 < len(doc) and doc[noun.i + 1].text in QUOTES and any(
            t.text in QUOTES for t in doc[max(noun.i - 3, noun.sent.start):noun.i]):
        return True  # scare quotes: "denounced Britain's 'military invasion' of X" is a characterisation
    verb = noun.head
    return noun.dep_ in SUBJ_DEPS and verb.lemma_.lower() in CANCEL_VERBS or (
        noun.dep_ == "dobj" and verb.lemma_.lower() in CANCEL_VERBS)


def _joint_event(lemmas: list[str], preps: list[tuple[str, Token]], subj: list[str], noun: Token, ctx: Context,
                 speaker: str | None) -> None:
    """'X and Y signed a deal', 'the leaders of X and Y held talks': an event that names no partner is
    between its coordinated subjects, when the event is one done together (a symmetric property)."""
    if len(subj) < 2 or noun.dep_ != "dobj" or any(p in {"with", "between"} for p, _ in preps) or not any(
            c.dep_ == "nsubj" for c in noun.head.children):
        return
    props = load_properties()
    for lemma in lemmas:
        prop = noun_frames().get((lemma, "with"))
        if prop and props[prop].symmetric:
            for a, b in permutations(subj, 2):
                if a < b:
                    ctx.add(a, prop, b, noun, f"reciprocal:{lemma}", speaker)
            return


def title_frame(m: Mention, ctx: Context) -> None:
    """'SOCAR head Rovshan Najaf', 'Azerbaijan's President Ilham Aliyev', 'Aliyev's father, Heydar'."""
    if not m.entity or ctx.etype(m.entity) != "Person":
        return
    doc = ctx.doc
    root = doc[m.start:m.end].root
    cands = [c for c in root.children if c.dep_ in {"compound", "amod", "appos", "nmod"} and c.i not in range(m.start, m.end)]
    if root.dep_ in {"appos", "compound"} and not any(
            c.dep_ == "appos" and root.head.i < c.i < root.i for c in root.head.children):
        cands.append(root.head)  # not "X's founder A and Y's owner B" parsed with B on "founder"
    group = [m.entity] + [x for c in root.children if c.dep_ == "conj" for x in np_ents(c, ctx)]
    cands += [c for t in cands if t.dep_ == "appos" and t.head.i == root.i for c in t.children
              if c.dep_ == "conj" and c.pos_ == "NOUN"]  # "X, a barrister and chairman of Y"
    cands += _title_before(root, ctx)
    fused_org = _post_at_fused(root, m, ctx)
    fused = _post_title(root.head.head) if fused_org else None
    if fused is not None:
        cands.append(fused)
    for t in cands:
        key = title_key(t)
        if key not in titles():
            continue
        prop, direction = titles()[key]
        if any(c.lower_ in DEPUTY for c in t.children) or doc[t.i - 2:t.i].text.lower().startswith("vice"):
            prop = "worksFor" if prop == "heads" else prop
        owners = _title_owners(t, root, ctx)
        if t is fused:
            owners = [fused_org]
        if not owners and t.dep_ == "conj" and t.head.dep_ == "appos":  # "a barrister and chairman of Y": the
            owners = [x for p in t.head.children if p.dep_ == "prep" and p.i > t.i and p.lower_ in {"of", "at"}
                      for g in p.children if g.dep_ == "pobj" for x in np_ents(g, ctx)]  # parser hangs 'of Y' on the first
        if key in {"ambassador", "envoy"} and any(ctx.etype(o) in PLACE_TYPES for o in owners):
            owners = [o for o in owners if ctx.etype(o) != "Organization"]  # "Britain's UN ambassador X": posted to it
        if key in title_jobs():  # "British director X", "UK investment banker Y": a nationality or a field
            owners = [o for o in owners if o not in _nationality(t, key, ctx)]
        if prop == "heads" and any(c.dep_ == "prep" and c.lower_ == "of" and not np_ents(g, ctx)
                                   for c in t.children for g in c.children if g.dep_ == "pobj"):
            prop = "worksFor"  # "head of currency strategy at Bank of America" heads a department
        if prop == "heads" and any((c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower())
                                   or (c.dep_ == "amod" and c.lower_ in FUNCTION_ADJECTIVES)
                                   for c in t.children):
            prop = "worksFor"  # "communications chief", "financial chief": the chief of a function
        if is_former(t):
            prop = former_properties().get(prop, "")  # "ex-editor", "the ousted president": a past tie
            if not prop:
                continue
        base_prop = prop
        if prop == "siblingOf" and not owners and len(group) > 1:
            for a, b in permutations(group, 2):
                if a < b:
                    ctx.add(a, prop, b, t, "title:" + key)
            continue
        allowed = title_owner_types().get(key) or (frozenset({"Organization"}) if key in org_roles() else None)
        holders = group if t.tag_ in {"NNS", "NNPS"} else [m.entity]  # "its executives A and B"
        pairs = _respective(t, holders, ctx)
        for h, o in pairs or [(h, o) for h in holders for o in owners]:
            national = _national_post(o, key, ctx, is_former(t))
            prop = national or base_prop
            if not prop:
                continue
            if prop in KINSHIP and ctx.etype(o) != "Person":
                continue
            if allowed and ctx.etype(o) not in allowed:
                continue  # "London's Labour mayor" is London's mayor, not Labour's
            s, obj = (h, o) if direction == "holder" else (o, h)
            if prop in EMPLOYMENT_PROPS and key not in PARTY_POSTS \
                    and is_party(o, ctx):
                ctx.add(s, "memberOf", obj, t, "title:" + key)  # "Tory chancellor X" is no head of the party
                continue
            if prop == "partnerOf" and ctx.etype(o) == "Organization":
                ctx.add(s, "worksFor", obj, t, "title:" + key)  # "a partner at BDO" is one of its partners
                continue
            ctx.add(s, prop, obj, t, "title:" + key)


def _national_post(owner: str, key: str, ctx: Context, former: bool) -> str | None:
    """'UK chancellor X' works for the UK (its finance minister); 'German chancellor Y' heads Germany."""
    prop = NATIONAL_TITLES.get((ctx.entities[owner].label, key)) if owner in ctx.entities else None
    return former_properties().get(prop) if prop and former else prop


def _fused_holder(pobj: Token, eid: str, ctx: Context) -> bool:
    """'X, head of security at Y Corp Ada Vell': the person after the firm holds the post, not X's boss."""
    m = next((m for m in ctx.mentions if m.entity == eid and m.start <= pobj.i < m.end), None)
    return m is not None and ctx.etype(eid) == "Person" and _post_at_fused(pobj, m, ctx) is not None


def _post_title(tok: Token) -> Token | None:
    """The title noun an 'at' phrase hangs on: 'head at', or 'head of security at' hung on 'security'."""
    if tok.pos_ == "NOUN" and title_key(tok) in titles():
        return tok
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN" and title_key(tok.head.head) in titles():
        return tok.head.head
    return None


def _post_at_fused(root: Token, m: Mention, ctx: Context) -> str | None:
    """'head of security at X Corp Ada Vell': a title whose 'at' phrase is an organisation's name run
    into a person's (the tagger read one name; identity split it) is that person's post there: the
    organisation named by the words before the person's."""
    if root.dep_ != "pobj" or root.head.lower_ != "at" or _post_title(root.head.head) is None:
        return None  # not "ambassador to the U.N. X": posted there, working for the state
    before = [c for c in root.children if c.dep_ == "compound" and c.i < m.start]
    if not before:
        return None
    text = ctx.doc[before[0].i:m.start].text
    return next((e.id for e in ctx.entities.values() if e.type == "Organization" and (
        e.label == text or text in e.alt_labels)), None)


def _title_before(root: Token, ctx: Context) -> list[Token]:
    """'the chief executive of the X FA, Howard Wells,', 'Head of genetics at the X Institute, Professor Y,':
    a title written before its holder, whom the parser hangs as an apposition on the organisation (which a
    person cannot be); the title's own 'of' or 'at' names the organisation."""
    if root.dep_ != "appos" or root.head.i not in ctx.tok2ent or ctx.etype(ctx.tok2ent[root.head.i]) == "Person":
        return []
    tok = root.head
    for _ in range(2):  # up through "of" / "at": "Head of genetics at X"
        if tok.dep_ != "pobj" or tok.head.lower_ not in {"of", "at"}:
            return []
        tok = tok.head.head
        if tok.pos_ == "NOUN" and title_key(tok) in titles():
            if any(c.dep_ == "appos" for c in tok.children) or any(
                    c.lower_ in UNREALISED_MODIFIERS | {"incoming", "designate"} for c in tok.children):
                return []  # the title has a holder of its own; "the incoming president" is none yet
            return [tok]
    return []


@lru_cache(maxsize=1)
def org_roles() -> frozenset[str]:
    """Relational nouns only an organisation holds: 'subsidiary', 'unit', 'parent company'."""
    return frozenset(k for k in title_jobs() if titles()[k][0] in {"memberOf", "operates"} and k != "owner")


def title_key(t: Token) -> str:
    """The longest title in the lexicon ending at ``t``: 'Prime Minister', 'chief executive officer'."""
    longer = [f"{t.doc[i:t.i].text.lower()} {w}" for i in (t.i - 2, t.i - 1) if i >= t.sent.start
              for w in (t.lower_, t.lemma_.lower())]
    if t.lower_ in LOWERCASE_TITLES and not t.text.islower():
        return ""  # "Valdoria's Media Centre" is a name, not a centre's post
    return next((w for w in longer if w in titles()), t.lower_ if t.lower_ in titles() else t.lemma_.lower())


def is_former(title: Token) -> bool:
    """'former chairman', 'ex-editor', 'the ousted president', 'then-minister': the title is in the past."""
    former = FORMER_MODIFIERS
    if any(c.lower_ in former for c in title.children if c.dep_ in {"amod", "advmod", "compound", "nmod", "npadvmod"}):
        return True
    if _after_departure(title):
        return True
    for w in reversed(title.doc[max(title.sent.start, title.i - 6):title.i]):
        if w.lower_ in former:
            return True  # "former Northwind chief", "former Kestrel Rovers and England defender"
        if not (w.text in {"-", "\u2013"} or (w.dep_ in {"compound", "amod", "nmod", "cc", "conj"} and title in w.ancestors)):
            return False  # "the former Soviet republic's president" is a current president
    return False


DEPARTURE = words("departure_nouns.txt")


def _after_departure(title: Token) -> bool:
    """'the resignation of its chairman, X', 'prompted the departure of BBC chairman X': no longer in post."""
    np = title.head if title.dep_ in {"compound", "appos"} and title.head.pos_ == "PROPN" else title
    if np.dep_ == "appos":  # "its chairman, X" where X hangs on the title
        np = np.head
    prep = np.head if np.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() in DEPARTURE


def _respective(title: Token, holders: list[str], ctx: Context) -> list[tuple[str, str]]:
    """'X and Y sent their respective prime ministers A and B': the owners pair with the holders in order."""
    if not any(c.lower_ == "respective" for c in title.children):
        return []
    poss = next((c for c in title.children if c.dep_ == "poss" and c.lower_ == "their"), None)
    verb = title.head if poss is not None and title.dep_ in {"dobj", "nsubj", "pobj"} else None
    while verb is not None and verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    owners = subjects(verb, ctx) if verb is not None else []
    return list(zip(holders, owners)) if len(owners) == len(holders) > 1 else []


def _title_owners(title: Token, root: Token, ctx: Context) -> list[str]:
    out = []
    # "chairman of the X Centre at the University of Y": the post is X's; Y is where X sits
    of_org = any(ctx.etype(x) == "Organization" for g in pobjs(title, {"of"}) for x in np_ents(g, ctx))
    for c in title.children:
        if c.dep_ == "prep" and c.lower_ == "at" and of_org:
            continue
        if c.dep_ in {"compound", "poss", "amod", "nmod"}:
            if c.i in ctx.tok2ent:
                out.append(ctx.tok2ent[c.i])
            elif c.i in ctx.tok2norp:
                out.append(ctx.tok2norp[c.i])
            elif c.dep_ in {"compound", "amod"} and _party(c, ctx):
                out.append(_party(c, ctx))  # "Tory leader X", "Lib Dem MP Y"
            elif c.dep_ == "poss":
                out.extend(np_ents(c, ctx) if c.pos_ != "PRON" else [x for x in [resolve_pronoun(c, ctx)] if x])
            elif c.dep_ == "compound" and c.pos_ == "NOUN":  # "Global Asset Management investment chief"
                out.extend(ctx.tok2ent[g.i] for g in c.children if g.dep_ in {"compound", "nmod"} and g.i in ctx.tok2ent)
        if c.dep_ == "prep" and (c.lower_ in {"of", "at"} or c.lower_ == "with" and titles().get(
                title_key(title), ("",))[0] in {"worksFor", "spokespersonOf"}):  # "an analyst with X"
            out.extend(x for g in c.children if g.dep_ == "pobj" for x in [
                y for y in np_ents(g, ctx) if not (c.lower_ == "at" and _fused_holder(g, y, ctx))] or (
                owned_ents(g, ctx) if c.lower_ == "of" else []) or _named_org_part(g, ctx))  # "director of X's
            # Asian arm", "vice-president of the X consultancy"
        if c.dep_ == "prep" and c.lower_ == "for" and titles().get(title_key(title), ("",))[0] != "memberOf":
            # "a spokesman for X"; not "the envoy for Syria", nor "the MP for Northfield" (a seat)
            out.extend(x for g in c.children if g.dep_ == "pobj" for x in np_ents(g, ctx) or _named_org_part(g, ctx)
                       if ctx.etype(x) not in PLACE_TYPES)
    if any(ctx.etype(x) == "Organization" for x in out):
        out.extend(_owner_conjoined_on_title(title, ctx))
    employers = [x for g in pobjs(title, {"at", "for"}) for x in np_ents(g, ctx) if ctx.etype(x) == "Organization"]
    if employers:  # "UK economist at Royal Bank of Scotland", "Turkish economist for X": the place only says where
        out = [x for x in out if ctx.etype(x) not in PLACE_TYPES]
    if any(ctx.etype(x) == "Organization" for x in out):  # "Eastco's Peruvian agent X": the firm's, in Peru
        demonyms = {ctx.tok2norp.get(c.i) for c in title.children if c.dep_ in {"amod", "compound"}}
        out = [x for x in out if x not in demonyms]
    out = [x for x in out if x not in _places_before_owner(title, ctx)]
    if not out and title.i < root.i and title.head.i == root.i:
        out.extend(x for g in pobjs(root, {"of"}) for x in np_ents(g, ctx))  # "Queen Maria of Valdoria"
    if not out and title.head.i == root.i:
        for c in root.children:
            if c.dep_ in {"poss", "compound"} and c.i < title.i:
                if c.i in ctx.tok2ent:
                    out.append(ctx.tok2ent[c.i])
                elif c.dep_ == "poss":
                    out.extend(np_ents(c, ctx))
                elif _party(c, ctx):
                    out.append(_party(c, ctx))  # "Tory MP Peter Luff": the party word on the name
    return [x for x in out if x and not _inside_longer_name(x, title, ctx)]


def _places_before_owner(title: Token, ctx: Context) -> set[str]:
    """'At the show in Las Vegas Northwind boss X': a place named before the organisation that owns the
    title is where that organisation or the event is, not a second owner (the parser hangs both on
    'boss')."""
    named = [(c.i, ctx.tok2ent[c.i]) for c in title.children if c.dep_ == "compound" and c.i in ctx.tok2ent]
    orgs = [i for i, e in named if ctx.etype(e) == "Organization"]
    return {e for i, e in named if orgs and i < min(orgs) and ctx.etype(e) in PLACE_TYPES}


def _owner_conjoined_on_title(title: Token, ctx: Context) -> list[str]:
    """'ex-editor of the X Herald and the now defunct Y Times': the parser joins the second organisation
    to the title, not to the first; it is an owner too (not after a comma: 'chairman of X, and Y said')."""
    doc = ctx.doc
    return [ctx.tok2ent[c.i] for c in title.children if c.dep_ == "conj" and c.pos_ == "PROPN" and c.i in ctx.tok2ent
            and ctx.etype(ctx.tok2ent[c.i]) == "Organization" and doc[c.left_edge.i - 1].lower_ == "and"
            and doc[c.left_edge.i - 2].text != "," and not (c.i + 1 < len(doc) and doc[c.i + 1].pos_ in {"VERB", "AUX"})]


def _nationality(title: Token, key: str, ctx: Context) -> set[str]:
    """The states and places a job title's modifiers name ('British director', 'UK investment banker',
    'chief Turkish economist'): where the holder is from or works, not who employs them. A job whose
    owner types admit places ('England coach', 'Birmingham manager': a team) keeps named places."""
    mods = [c for c in title.children if c.dep_ in {"amod", "compound"}]
    mods += [g for c in mods if c.pos_ == "NOUN" for g in c.children if g.dep_ in {"amod", "compound"}]
    out = {ctx.tok2norp.get(c.i) for c in mods}
    if key in title_owner_types():
        return out
    return out | {ctx.tok2ent[c.i] for c in mods if c.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[c.i]) in PLACE_TYPES}


def _inside_longer_name(eid: str, title: Token, ctx: Context) -> bool:
    """'Lord of the Rings director X', 'Bank of England governor Y' read as 'England': the name before the
    title ends a longer capitalised name ('Lord of the ...') NER cut short, which is the title's owner."""
    named = [m for m in ctx.mentions if m.entity == eid and m.end <= title.i and m.start >= title.sent.start]
    if not named or title.i - named[-1].end > 3:
        return False
    i = named[-1].start - 1
    doc = ctx.doc
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ != "of":
        return False
    before = doc[i - 1]
    return before.is_title and before.i not in ctx.tok2ent and (before.lower_ not in titles() or doc[i + 1].lower_ == "the")


def _named_org_part(noun: Token, ctx: Context) -> list[str]:
    """'spokesman for St Bernard software', 'vice-president of the Arthur D. Little consultancy', 'manager
    of Toshiba's storage division': a common noun whose name modifier is an organisation stands for a
    part of it, so a post there is a post in that organisation (a place modifier only says where)."""
    if noun.pos_ != "NOUN" or noun.i in ctx.tok2ent or noun.lemma_.lower() not in ORG_NOUNS | ORG_PART_NOUNS | MEDIA_NOUNS:
        return []  # not "Gorman, a partner at Y, of the SEC charges"
    named = [ctx.tok2ent[c.i] for c in noun.children if c.dep_ in {"compound", "poss"} and c.i in ctx.tok2ent]
    return [x for x in dict.fromkeys(named) if ctx.etype(x) == "Organization"][:1]


def _party(tok: Token, ctx: Context) -> str | None:
    """'Tory', 'Lib Dem', 'Republican' before a title and in no name: the party's node in the build."""
    if tok.i in ctx.tok2ent or not tok.text[:1].isupper():
        return None
    for start in (tok.i - 1, tok.i):
        labels = party_names().get(ctx.doc[max(start, 0):tok.i + 1].text.lower())
        for label in labels.split("|") if labels else ():
            eid = slug(label)
            if eid in ctx.entities and ctx.etype(eid) == "Organization":
                return eid
    return None


def is_party(eid: str, ctx: Context) -> bool:
    """'Labour', 'the Conservative Party', 'Aldridge Conservatives': a political party by its name."""
    label = ctx.entities[eid].label.lower()
    return ctx.etype(eid) == "Organization" and (label.removesuffix(" party") in party_words()
                                                 or label.rsplit(" ", 1)[-1] in party_words()
                                                 or label in party_labels())  # "Scottish National Party"


@lru_cache(maxsize=1)
def party_labels() -> frozenset[str]:
    return frozenset(x.lower() for labels in party_names().values() for x in labels.split("|"))


@lru_cache(maxsize=1)
def party_words() -> frozenset[str]:
    return frozenset(party_names()) | words("party_words.txt")


@lru_cache(maxsize=1)
def party_names() -> dict[str, str]:
    return mapping("party_names.tsv")


def entity_frame(m: Mention, ctx: Context) -> None:
    """Possessives, appositives and places around a named organisation or place."""
    if not m.entity:
        return
    etype = ctx.etype(m.entity)
    root = ctx.doc[m.start:m.end].root
    kids = list(root.children)
    if etype == "Organization":
        poss = [c.i for c in kids if c.dep_ == "poss"]  # a place's: kg/patterns/names.jsonl
        owners = list(poss)
        if m.start >= 2 and ctx.doc[m.start - 1].tag_ == "POS" and root.dep_ != "compound":
            owners.append(m.start - 2)  # "Azerbaijan's SOCAR" even when the parse loses the arc
            # (but in "London's Labour mayor" the possessive belongs to the mayor, not to Labour)
        state_body = root.lower_ in STATE_BODY_NOUNS
        for i in owners:
            if i in ctx.tok2ent and ctx.etype(ctx.tok2ent[i]) in PLACE_TYPES and i not in poss:
                prop = "memberOf" if state_body and ctx.etype(ctx.tok2ent[i]) == "Country" else "basedIn"
                ctx.add(m.entity, prop, ctx.tok2ent[i], root, "possessive:org")
            elif i in ctx.tok2ent and ctx.etype(ctx.tok2ent[i]) == "Organization" and i == m.start - 2:
                ctx.add(ctx.tok2ent[i], "operates", m.entity, root, "possessive:org-org")  # "Alphabet Inc's Google"
        state = (_name_state(m, ctx) or next((ctx.tok2norp[c.i] for c in kids if c.i in ctx.tok2norp), None)
                 if state_body else None)
        if state:  # "the Russian Foreign Ministry", "the Azerbaijani Defence Ministry"
            ctx.add(m.entity, "memberOf", state, root, "name:state-body")
    # "Geneva in Switzerland", "the Donbas region in Ukraine's east"; "Russia's embassy in London"
    phrase = root.head if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS else root
    if etype in PLACE_TYPES | {"Organization"}:
        for o in places_in(phrase, ctx):
            if etype in PLACE_TYPES:
                ctx.add(m.entity, "locatedIn", o, root, "place:in")
            elif ctx.etype(o) != "Location" and len(m.text) > 2:  # not "the Organization for Security and
                # Cooperation in Europe", nor "TB in England"
                ctx.add(m.entity, "locatedIn" if root.lower_ in FACILITY_NOUNS else "basedIn", o, root, "place:in")
    _surface_place(m, root, ctx)
    if etype in PLACE_TYPES:
        for o in _place_apposition(phrase, m.entity, ctx):
            ctx.add(m.entity, "locatedIn", o, root, "place:appos")  # "Houston, Texas", "Borno state, northeast Nigeria"
    if etype == "Person":  # "Brooks, of Churchill, Oxfordshire" is a pattern (name.person-of-place)
        _affiliation(m, root, ctx)
        _representing(m, ctx)
    if etype == "Organization":
        _surface_based(m, ctx)
    # appositive or coordinated classifier noun: "Yekaterinburg, Russia's fourth-largest city",
    # "Russia's largest energy companies, Rosneft and Lukoil", "X, a Kremlin-funded outlet"
    heads = [c for c in kids if c.dep_ == "appos"]
    first = root
    while first.dep_ == "conj" and first.head.pos_ == "PROPN":
        first = first.head  # "Russia's largest companies, Rosneft and Lukoil": Lukoil shares Rosneft's noun
    if first.dep_ in {"appos", "conj"} and first.head.pos_ == "NOUN" and not _joined_by_and(first):
        heads.append(first.head)  # "China's largest companies, Huawei and SMIC" (parsed appos or conj)
    if etype in PLACE_TYPES | {"Organization"}:
        heads += _classifier_nouns(m, first, ctx)
    for n in heads:
        if n.dep_ == "appos" and n.i + 1 < len(ctx.doc) and ctx.doc[n.i + 1].pos_ == "VERB":
            continue  # "X, a Hong Kong newspaper said": the noun is the next clause's subject
        lemma = n.lemma_.lower()
        owner = _owner(n, ctx)
        if owner is None and n.head.i == root.i:  # "Australian stock broker Jacksons Ltd"
            owner = _owner(root, ctx)
        if etype in PLACE_TYPES and lemma in PLACE_NOUNS and not (first.head.i == n.i and _named_other(n, m, ctx)) \
                and not (n.dep_ == "appos" and _bracketed(n)):  # "Ana Ruiz (Czech Republic)" in a list of results
            target = (owner if owner != m.entity else None) or next(  # "the Kestrel region of Y": Y's, not Kestrel's
                (x for g in pobjs(n, {"of"}) for x in np_ents(g, ctx) if x != m.entity), None)
            if target and ctx.etype(target) in PLACE_TYPES:
                ctx.add(m.entity, "locatedIn", target, n, "place:appos")
        if etype == "Organization" and (lemma in ORG_NOUNS or lemma in TRADE_NOUNS) and owner and owner != m.entity \
                and ctx.etype(owner) == "Organization":  # "X's German unit Y": Y is based in Germany
            owner = next((ctx.tok2norp[c.i] for c in n.children if c.dep_ in {"amod", "compound"}
                          and c.i in ctx.tok2norp), owner)
        if etype == "Organization" and (lemma in ORG_NOUNS or lemma in TRADE_NOUNS) and owner and owner != m.entity \
                and ctx.etype(owner) in PLACE_TYPES:
            body = lemma in STATE_BODY_NOUNS and ctx.etype(owner) == "Country"  # "Russia's aviation authority X"
            ctx.add(m.entity, "memberOf" if body else "basedIn", owner, n, "possessive:org-noun")
        if etype == "Organization" and not (first.dep_ == "conj" and first.head.i == n.i):
            _relational_noun(n, m.entity, ctx)  # not "Federated - owner of Macy's and Bloomingdale's"


def _affiliation(m: Mention, root: Token, ctx: Context) -> None:
    """A person named with an organisation and no title: 'Ann Lowe of Zentec', 'Ann Lowe, from the
    Valdorian Retail Consortium, said', 'Zentec's Ann Lowe' (a party's: a member)."""
    orgs = [(x, c) for c in root.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}
            for g in c.children if g.dep_ == "pobj" and g.i in ctx.tok2ent
            and not any(a.dep_ == "appos" for a in g.children)  # "Brooks, of Churchill, Oxfordshire"
            for x in np_ents(g, ctx)]
    orgs += [(x, c) for c in root.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}
             for g in c.children if g.dep_ == "pobj" for x in _named_org_part(g, ctx)]  # "of JPMorgan Chase bank"
    orgs += [(ctx.tok2ent[c.i], c) for c in root.children if c.dep_ == "poss" and c.i in ctx.tok2ent
             and c.i < m.start and all(t.pos_ == "PROPN" or t.tag_ == "POS" for t in ctx.doc[c.i + 1:m.start])]
    orgs += [(p, c) for c in root.children if c.dep_ in {"compound", "amod"} and c.i == m.start - 1
             for p in [_party(c, ctx) or ctx.tok2ent.get(c.i)] if p and is_party(p, ctx)]  # "Liberal Democrat
    # David Laws", "Republican Ann Lowe"
    for o, tok in orgs:
        if ctx.etype(o) != "Organization" or o == m.entity:
            continue
        ctx.add(m.entity, "memberOf" if is_party(o, ctx) else "worksFor", o, tok,
                "affiliation:" + (tok.lower_ if tok.dep_ == "prep" else "possessive" if tok.dep_ == "poss" else "party"))


def _representing(m: Mention, ctx: Context) -> None:
    """'Foreign Minister Ann Lowe, representing the Valdor Union;', 'Ann Lowe, on behalf of the Union of
    X,': read from the words, as lists of delegates lose the parse of the participle. The organisation
    named right after is the one the person acts for (not a person: 'on behalf of his client X')."""
    doc, i = ctx.doc, m.end
    if i + 2 >= len(doc) or doc[i].text != ",":
        return
    i += 1
    if doc[i].lower_ == "representing":
        i += 1
    elif [t.lower_ for t in doc[i:i + 3]] == ["on", "behalf", "of"]:
        i += 3
    else:
        return
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    place = ctx.tok2ent.get(i)
    if place and ctx.etype(place) in PLACE_TYPES:  # "representing South America's X trade bloc"
        while ctx.tok2ent.get(i) == place:
            i += 1
        i += i < len(doc) and doc[i].tag_ == "POS"
    org = ctx.tok2ent.get(i)
    if org and ctx.etype(org) == "Organization" and org != m.entity and not any(
            p.start < i < p.end for p in ctx.mentions if p.entity == org):  # the name starts there
        ctx.add(m.entity, "worksFor", org, doc[m.end + 1], "affiliation:representing")


def _named_other(noun: Token, m: Mention, ctx: Context) -> bool:
    """'Valdoria's Tresk island and the Orlands': the noun names a place of its own (Tresk), so a name
    coordinated with it is not one of its kind (but 'Lome, the Valdoria state capital' is Valdoria's)."""
    return any(c.dep_ in {"compound", "nmod"} and ctx.tok2ent.get(c.i) not in (None, m.entity) for c in noun.children)


def _classifier_nouns(m: Mention, first: Token, ctx: Context) -> list[Token]:
    """The common noun that classifies a named organisation in a compound: 'Iran's Mehr news agency',
    'stock broker Jacksons Ltd', 'Northwind subsidiary Helix Power'."""
    root = ctx.doc[m.start:m.end].root
    out = [c for c in root.children if c.dep_ in {"compound", "nmod"} and c.pos_ in {"NOUN", "PROPN"}
           and c.text.islower() and c.i < m.start]  # "its province Kestrel"
    out += [c for c in root.children if c.dep_ == "amod" and c.lemma_.lower() in PLACE_NOUNS and c.text.islower()
            and c.i < m.start]  # "its exclave Kestrel", the noun tagged an adjective
    if first.dep_ in {"compound", "nmod"} and first.head.pos_ == "NOUN" and first.head.text.islower():
        out.append(first.head)
    return out


def _relational_noun(noun: Token, eid: str, ctx: Context) -> None:
    """An organisation named beside a relational noun: 'X subsidiary Y', 'Y, a unit of X', 'two of its
    units, A and B', 'its owner, X', 'the papers' parent group X' (the titles table gives the property)."""
    key = title_key(noun)
    if key not in titles() or titles()[key][0] not in {"memberOf", "operates", "allyOf", "partnerOf"}:
        return
    prop, direction = titles()[key]
    if is_former(noun):
        return  # a former unit or owner is no current tie, and no past property is declared for it
    if key == "member" and any(c.dep_ == "compound" and ctx.tok2ent.get(c.i) == eid for c in noun.children):
        return  # "X's two Valdoria Assembly members" are members of the assembly, which is no member of X
    for o in _title_owners(noun, noun, ctx):
        if o != eid and not (prop in {"memberOf", "operates"} and ctx.etype(o) in PLACE_TYPES):
            ctx.add(*((eid, prop, o) if direction == "holder" else (o, prop, eid)), noun, "noun:" + key)


def places_in(tok: Token, ctx: Context) -> list[str]:
    """Places of the 'in' phrases on ``tok``: 'in Geneva', 'in Ukraine's east', 'in the north of Chad'."""
    out = []
    for g in pobjs(tok, {"in"}):
        if g.lemma_.lower() in COMPASS_NOUNS:
            g = next((c for c in g.children if c.dep_ == "poss"), None) or next(iter(pobjs(g, {"of"})), g)
        out.extend(x for x in np_ents(g, ctx) if ctx.etype(x) in PLACE_TYPES and not _modifies_next_noun(g))
    return out


def _modifies_next_noun(last: Token) -> bool:
    """'Kestrel in Peru row', 'Northwind in $1bn London listing': a place name followed by a common noun
    modifies it (whatever the parse of a headline says), and X is in a row or a listing, not in the place."""
    nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    return nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower() and nxt.dep_ != "npadvmod"


def _place_apposition(tok: Token, eid: str, ctx: Context) -> list[str]:
    """'Houston, Texas': a larger place set beside a smaller one (never one item of a list)."""
    if any(c.dep_ == "conj" for c in tok.children) or tok.dep_ == "conj" or _listed_after_name(tok.left_edge.i, ctx):
        return []
    rank = PLACE_RANK_STRICT.get(ctx.etype(eid), 9)
    return [x for c in tok.children if c.dep_ == "appos" and not any(g.dep_ == "conj" for g in c.children)
            and c.left_edge.i > 0 and tok.doc[c.left_edge.i - 1].text in {",", "("}  # not "A v B; C v D"
            and not any(i in ctx.tok2ent and ctx.tok2ent[i] != eid for i in range(tok.i + 1, c.left_edge.i))
            for x in np_ents(c, ctx) if PLACE_RANK_STRICT.get(ctx.etype(x), 0) > rank
            and not (_bracketed(c) and not (ctx.etype(x) == "Country" and gz.lookup(ctx.entities[eid].label)))]


def _listed_after_name(start: int, ctx: Context) -> bool:
    """'Tonga, Ireland, Korea, USA': a name right after a comma and another name is an item of a list."""
    doc, i = ctx.doc, start - 2
    if i >= 0 and doc[i].text == ")":  # "New Zealand (1), Scotland (8), Tonga"
        while i > 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    return start >= 2 and doc[start - 1].text == "," and i in ctx.tok2ent


def _bracketed(tok: Token) -> bool:
    """'Lyon (France)' is in France, but a bracketed name is mostly an alias ('Kolkata (Calcutta)') or a
    label ('Ana Ruiz (Chile)' in a list of results), so only a known place in a country is kept."""
    i = tok.left_edge.i
    return tok.doc[i].text == "(" or (i > 0 and tok.doc[i - 1].text == "(")


def _surface_place(m: Mention, root: Token, ctx: Context) -> None:
    """Where the parse hangs 'in Y' on the verb or reads ', Y' as a list: 'the city of Aktau in Kazakhstan',
    'the Donbas region in Ukraine's east', 'Borno state, northeast Nigeria', 'the SOCAR Plant in Sumgait'."""
    doc, etype = ctx.doc, ctx.etype(m.entity)
    i = m.end
    if i < len(doc) and doc[i].lemma_.lower() in PLACE_NOUNS and doc[i].text.islower():
        i += 1  # "Borno state"
    if i + 1 >= len(doc) or doc[i].text not in {",", "in"} or (doc[i].text == "," and etype not in PLACE_TYPES):
        return
    j = i + 1 + (doc[i + 1].lower_ in {"the"} | COMPASS_NOUNS)
    outer = ctx.tok2ent.get(j)
    if outer is None or outer == m.entity or ctx.etype(outer) not in PLACE_TYPES:
        return
    end = j
    while end < len(doc) and ctx.tok2ent.get(end) == outer:
        end += 1
    if doc[i].text == "," and (any(t.lower_ in {"and", "or"} or t.i in ctx.tok2ent for t in doc[end:end + 2])
                               or _listed_after_name(m.start, ctx)):
        return  # "Paris, France and Berlin", "Tonga, Ireland, Korea, USA": a list, not a place and its country
    if _modifies_next_noun(doc[end - 1]):
        return
    if etype in PLACE_TYPES:
        if PLACE_RANK_STRICT.get(ctx.etype(outer), 0) > PLACE_RANK_STRICT.get(etype, 9):
            ctx.add(m.entity, "locatedIn", outer, root, "place:in")
    elif doc[i].text == "in" and root.dep_ != "dobj" and ctx.etype(outer) != "Location" and len(m.text) > 2:
        facility = root.lower_ in FACILITY_NOUNS
        ctx.add(m.entity, "locatedIn" if facility else "basedIn", outer, root, "place:in")


def _surface_based(m: Mention, ctx: Context) -> None:
    """'The Australia based Ariadne', where the parse loses 'based': a place, 'based', up to two words."""
    doc = ctx.doc
    for i in range(m.start - 1, max(doc[m.start].sent.start, m.start - 4) - 1, -1):
        if doc[i].lower_ == "based":
            j = i - 1 if i and doc[i - 1].text != "-" else i - 2
            place = ctx.tok2ent.get(j) if j >= 0 else None
            if place and ctx.etype(place) in PLACE_TYPES:
                ctx.add(m.entity, "basedIn", place, doc[i], "place:based")
            return
        if not doc[i].is_alpha or doc[i].pos_ in {"VERB", "AUX"} or i in ctx.tok2ent:
            return


def _name_state(m: Mention, ctx: Context) -> str | None:
    """The country a name opens with, by demonym or name: 'Russian Foreign Ministry' -> Russia."""
    first = next((t for t in ctx.doc[m.start:m.end] if t.lower_ != "the"), None)
    if first is None or first.i + 1 >= m.end:
        return None
    country = gz.demonym_country(first.text)
    if country is None:
        place = gz.lookup(first.text)
        country = place.name if place and place.kind == "Country" else None
    return ctx.country(country) if country else None


def surface_title_frame(m: Mention, ctx: Context) -> None:
    """'Transneft vice-president Andrey Badalov' read from the words alone, where the parse of a
    hyphenated title falls apart: an entity, a title from the lexicon, then the person."""
    if not m.entity or ctx.etype(m.entity) != "Person":
        return
    doc = ctx.doc
    end = m.start
    place = ctx.tok2ent.get(end - 1) if end > 2 else None
    if place or (end > 2 and gz.lookup(doc[end - 1].text)):
        i = end - 1  # "U.S. Ambassador to Turkey Tom Barrack", "Chad's ambassador to the U.N. X"
        while place and i > 0 and ctx.tok2ent.get(i - 1) == place:
            i -= 1
        i -= i > 1 and doc[i - 1].lower_ == "the" and not (place and ctx.etype(place) in PLACE_TYPES)
        if i > 1 and doc[i - 1].lower_ == "to":
            end = i - 1
        elif place and ctx.etype(place) not in PLACE_TYPES:
            end = m.start  # "Northwind chief X": the organisation is the owner, read below
    for width in (3, 2, 1):
        start = end - width
        if start < 1 or doc[start].sent.start != doc[m.start].sent.start:
            continue
        key = "".join(t.text_with_ws for t in doc[start:end]).strip().lower()
        owner_tok = start - 1
        possessive = doc[owner_tok].tag_ == "POS" and owner_tok - 1 in ctx.tok2ent
        if possessive:
            owner_tok -= 1  # "X's founder A and Y's owner B": the parse hangs B on A's title
        if key in titles() and (owner_tok in ctx.tok2ent or owner_tok in ctx.tok2norp):
            owner = ctx.tok2ent.get(owner_tok) or ctx.tok2norp[owner_tok]
            first = owner_tok
            while first - 1 >= 0 and (ctx.tok2ent.get(first - 1) or ctx.tok2norp.get(first - 1)) == owner:
                first -= 1
            if first > 1 and not possessive and (
                    doc[first - 1].lower_ in {"and", "&", "of", "for", "to"} and doc[first - 2].text[:1].isupper()
                    or doc[first - 1].lower_ == "the" and doc[first - 2].lower_ == "of"):
                return  # "Work and Pensions Secretary", "Lord of the Rings director": only part of a name (but
                # "from the whistle and Tresk defender X" names the whole club)
            prop, direction = titles()[key]
            prop = _national_post(owner, key, ctx, former=False) or prop  # before 'former' makes it past
            if key in {"ambassador", "envoy"} and ctx.etype(owner) == "Organization" and first > 1 and (
                    doc[first - 1].i in ctx.tok2norp or (doc[first - 1].tag_ == "POS" and ctx.tok2ent.get(first - 2)
                                                         and ctx.etype(ctx.tok2ent[first - 2]) in PLACE_TYPES)):
                return  # "Britain's U.N. Ambassador X" is Britain's, posted to the UN
            if is_former(doc[end - 1]) or any(w.lower_ in FORMER_MODIFIERS for w in doc[max(0, first - 2):first]):
                prop = former_properties().get(prop, "")  # "Former Siemens chief executive X"
            if prop in KINSHIP | {""} or ((key in org_roles() or key in title_jobs()) and owner_tok in ctx.tok2norp):
                return  # "Japanese subsidiary Fuso" is based in Japan, no part of it; "Peruvian economist X" is Peruvian
            if key in title_jobs() and key not in title_owner_types() and ctx.etype(owner) in PLACE_TYPES and (
                    first == 0 or doc[first - 1].tag_ != "POS"):
                return  # "US economist X" is American or works in the US; not "Valdoria's Gazette editor X"
            if key in title_owner_types() and ctx.etype(owner) not in title_owner_types()[key]:
                return
            if owner_tok in ctx.tok2norp and first > 1 and doc[first - 1].tag_ == "POS" and \
                    ctx.etype(ctx.tok2ent.get(first - 2, owner)) == "Organization":
                return  # "Eastco's Peruvian agent X" works for Eastco (in Peru)
            if prop in EMPLOYMENT_PROPS and key not in PARTY_POSTS \
                    and is_party(owner, ctx):
                prop = "memberOf"  # "ex-Tory minister X" was a minister and is a Tory, as in title_frame
            s, o = (m.entity, owner) if direction == "holder" else (owner, m.entity)
            if (s, prop, o) not in ctx.found:  # the parse-based title frame usually gets there first
                ctx.add(s, prop, o, doc[end - 1], "title:surface:" + key)
            return


def listed_title_frame(m: Mention, ctx: Context) -> None:
    """'Northwind chief executive A, head of corporate finance B and senior director C': titles listed
    with their holders share the organisation the first one names; each later title, written in lower
    case with no name of its own, is a post in the organisation of the title before it (a post there,
    not its head: 'head of corporate finance', 'senior director'). Not a state's post ('finance
    minister B'), nor across a list whose previous holder's title names no organisation."""
    if not m.entity or ctx.etype(m.entity) != "Person":
        return
    doc = ctx.doc
    phrase = _listed_title_words(doc, m.start)
    if not phrase:
        return
    before_of = [t for t in phrase if t.i < next((w.i for w in phrase if w.lower_ == "of"), m.start)]
    keys = [title_key(t) for t in before_of if title_key(t) in titles()]
    if not keys or keys[-1] in STATE_TITLES or titles()[keys[-1]][1] != "holder" or any(
            k in title_owner_types() and "Organization" not in title_owner_types()[k] for k in keys):
        return
    i = phrase[0].i - 1  # the ',', 'and' or dash before the title
    former = any(t.lower_ in FORMER_MODIFIERS for t in phrase)
    if doc[i].text in DASHES:
        owners, header_former = _list_header(doc[i], ctx)
        former |= header_former
    else:
        j = i - 1 if doc[i].lower_ == "and" and doc[i - 1].text == "," else i
        prev = next((p for p in ctx.mentions if p.end == j and p.entity and p.entity != m.entity
                     and ctx.etype(p.entity) == "Person"), None)
        if prev is None:
            return
        own = [c for c in ctx.candidates if c.subject == prev.entity and c.rule.startswith("title")
               and c.predicate in EMPLOYMENT_PROPS and doc[prev.start].sent.start <= c.trigger.i < prev.start
               and ctx.etype(c.object) == "Organization"]
        listed = [c for c in own if c.rule.startswith("title:listed")]  # the list's own reading goes first
        owners = {c.object for c in listed or own}
    if len(owners) != 1:
        return
    prop = "formerlyWorkedFor" if former else "worksFor"
    ctx.add(m.entity, prop, owners.pop(), phrase[-1], "title:listed:" + keys[-1])


def _list_header(dash: Token, ctx: Context) -> tuple[set[str], bool]:
    """'four former X journalists - news editor A, ...': the organisation named on the plural noun
    before the dash, and whether the header says the posts are past ('former', 'ex-')."""
    doc = ctx.doc
    noun = doc[dash.i - 1] if dash.i else None
    if noun is None or noun.tag_ != "NNS" or noun.lemma_.lower() not in titles():
        return set(), False  # "journalists", "executives": people holding posts
    org = next((m for m in ctx.mentions if m.end == noun.i and m.entity and ctx.etype(m.entity) == "Organization"),
               None)
    if org is None:
        return set(), False
    before = doc[max(noun.sent.start, org.start - 3):org.start]
    return {org.entity}, any(t.lower_ in FORMER_MODIFIERS for t in before)


def _listed_title_words(doc: Doc, start: int) -> list[Token]:
    """The lower-case words of a title written before the name at ``start`` and after a list's ',' or
    'and' ('head of corporate finance', 'ex-reporter'); [] when anything else comes between."""
    i = start - 1
    while i > doc[start].sent.start and (doc[i].is_alpha and doc[i].text.islower() and doc[i].lower_ != "and" or (
            doc[i].text == "-" and not doc[i - 1].whitespace_)):
        i -= 1
    if i == start - 1 or doc[i].text not in {","} | DASHES and doc[i].lower_ != "and":
        return []
    return list(doc[i + 1:start])


def role_frame(noun: Token, ctx: Context) -> None:
    """'in his role as retail chief at Y', 'poached from her job as head of Y', 'his former post as
    chairman of Y': the possessor of a post noun holds the title after 'as' in the organisation the
    title names; a post left ('from his role', 'his former role') or ended ('stint') is a past tie."""
    if noun.lemma_.lower() not in ROLE_NOUNS:
        return
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return
    verb = next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if poss.pos_ == "PRON":  # "his role": only the clause's own subject ("X, in his role as ...")
        holders = [x for x in [resolve_pronoun(poss, ctx)] if x and verb is not None and noun.dep_ not in SUBJ_DEPS
                   and x in subjects(verb, ctx)]
    else:
        holders = np_ents(poss, ctx)
    holders = [x for x in holders if ctx.etype(x) == "Person"]
    left = (noun.dep_ == "pobj" and noun.head.lower_ == "from") or noun.lemma_.lower() == "stint" or any(
        c.lower_ in FORMER_MODIFIERS for c in noun.children if c.dep_ == "amod")
    titles_as = pobjs(noun, {"as"})
    if noun.dep_ == "dobj":  # "took up her post as head of Y": the parser hangs 'as' on the verb
        titles_as += [g for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "as" and c.i == noun.i + 1
                      for g in c.children if g.dep_ == "pobj"]
    for title in titles_as:
        key = title_key(title)
        if key not in titles() or titles()[key][1] != "holder":
            continue
        prop = title_property(title, titles()[key][0])
        if left or is_former(title):
            prop = former_properties().get(prop, "")
        owners = [o for o in _title_owners(title, title, ctx) if ctx.etype(o) == "Organization"]
        if prop:
            for h in holders:
                for o in owners:
                    ctx.add(h, prop, o, title, "title:role-as:" + key)


def _plural_noun_after_place(verb: Token, ctx: Context) -> bool:
    """'Hollywood stars A and B were in the audience': a bare plural right after a place's name, which
    the tagger read as a verb ('stars'), is a noun that the place modifies; the place did nothing."""
    before = ctx.tok2ent.get(verb.i - 1) if verb.i else None
    noun = verb.lower_[:-1] if verb.lower_.endswith("s") else ""
    return bool(before) and ctx.etype(before) in PLACE_TYPES and verb.tag_ == "VBZ" and (
        noun in PEOPLE_NOUNS or noun in titles())


def copula_frame(verb: Token, ctx: Context) -> None:
    """'X became chairman of Y', 'who was Y's boss', 'Turkey has become a key partner for Russia'."""
    if verb.lemma_ not in COPULAS:
        return
    asserted, speaker = clause_status(verb, ctx)
    if not asserted:
        return
    subj = subjects(verb, ctx)
    attrs = [c for c in verb.children if c.dep_ == "attr"]
    for a in attrs:
        lemma = a.lemma_.lower()
        for s in subj:
            st = ctx.etype(s)
            if st == "Person" and title_key(a) in titles():
                prop, direction = titles()[title_key(a)]
                if prop == "heads" and any(c.lower_ in DEPUTY for c in a.children):
                    prop = "worksFor"  # "who is now Y's deputy leader"
                if is_former(a) or verb.tag_ == "VBD":  # "X was NotW editor from 2003 to 2007"
                    prop = former_properties().get(prop, "")
                owners = _title_owners(a, a, ctx) if prop else []
                for o in owners:
                    ctx.add(*((s, prop, o) if direction == "holder" else (o, prop, s)), a, "copula:" + lemma, speaker)
        # an organisation or place noun ("X is Russia's state monopoly") is a pattern: kg/patterns/copulas.jsonl
        noun_frame(a, ctx, agents=subj, speaker=speaker)


# ------------------------------------------------------------------ driver


def extract(ctx: Context) -> list[Relation]:
    """Every registered rule over one article (the frames below, then the package's patterns unless a
    component runs its own); relations deduplicated per (s, p, o)."""
    import kg.matching  # noqa: F401  (registers the pattern rule)

    for run in RULES.values():
        run(ctx)
    return list(ctx.found.values())


def _names(ctx: Context) -> Iterator[Mention]:
    return (m for m in ctx.mentions if m.label != "NORP")


def _tokens(ctx: Context, pos: set[str]) -> Iterator[Token]:
    return (t for t in ctx.doc if t.pos_ in pos)


@rule("title")
def title_rule(ctx: Context) -> None:
    """'SOCAR head Rovshan Najaf', 'Azerbaijan's President Ilham Aliyev': a title beside a person's name."""
    for m in _names(ctx):
        title_frame(m, ctx)


@rule("title-surface")
def surface_title_rule(ctx: Context) -> None:
    """'Transneft vice-president Andrey Badalov' where the parse of the title falls apart."""
    for m in _names(ctx):
        surface_title_frame(m, ctx)


@rule("title-listed")
def listed_title_rule(ctx: Context) -> None:
    """'X chief executive A, head of corporate finance B and senior director C': the list shares X."""
    for m in _names(ctx):
        listed_title_frame(m, ctx)


@rule("place-definite")
def town_country_rule(ctx: Context) -> None:
    """'the northeast Valdorian city': the city just named lies in Valdoria."""
    for tok in _tokens(ctx, {"NOUN"}):
        town_country_frame(tok, ctx)


@rule("title-role")
def role_rule(ctx: Context) -> None:
    """'his role as retail chief at Y': the possessor holds the post."""
    for tok in _tokens(ctx, {"NOUN"}):
        role_frame(tok, ctx)


#: What a team sheet's bracket may name: a club or a province. A town alone is no club (as for 'Tresk
#: striker X', titles.tsv), and a country in brackets is a nationality ('A Lowe (Kenya)' in a results list).
TEAM_TYPES = {"Organization", "Region"}


@rule("roster")
def roster_rule(ctx: Context) -> None:
    """A team sheet, 'A Kestrel (Northwind), B Lowe (Tresk Rovers, capt), ...': each player is a member
    of the club in his bracket (see :func:`kg.entities.roster` for what makes a list a team sheet)."""
    for sent in ctx.doc.sents:
        for player, start, end in roster(sent):
            who, club = ctx.tok2ent.get(player), ctx.tok2ent.get(start)
            if not who or not club or any(ctx.tok2ent.get(i) != club for i in range(start, end)):
                continue
            if ctx.etype(who) == "Person" and ctx.etype(club) in TEAM_TYPES and _initial_agrees(player, who, ctx):
                ctx.add(who, "memberOf", club, ctx.doc[player], "roster:bracket")


def _initial_agrees(tok: int, eid: str, ctx: Context) -> bool:
    """'J Lowe (Northwind)' where the name found is 'Lowe' alone: the initial left out must open the
    name of the entity 'Lowe' was taken for (not Ann Lowe, named elsewhere in the story)."""
    start = tok
    while start > 0 and ctx.tok2ent.get(start - 1) == eid:
        start -= 1
    before = ctx.doc[start - 1] if start > 0 else None
    if before is None or not (len(before.text) == 1 and before.text.isupper()):
        return True
    label = ctx.entities[eid].label
    return " " not in label or label[:1] == before.text  # a surname alone names no other given name


@rule("entity")
def entity_rule(ctx: Context) -> None:
    """Possessives, appositives, classifier nouns and places around a named organisation or place."""
    for m in _names(ctx):
        entity_frame(m, ctx)


@rule("verb")
def verb_rule(ctx: Context) -> None:
    """The verb frames that patterns cannot say (see :func:`verb_frame`)."""
    for tok in _tokens(ctx, {"VERB"}):
        verb_frame(tok, ctx)


@rule("copula")
def copula_rule(ctx: Context) -> None:
    """'X became chairman of Y', 'X is Russia's state monopoly'."""
    for tok in ctx.doc:
        if (tok.pos_ == "VERB" and tok.lemma_ in COPULAS - {"be"}) or (
                tok.pos_ == "AUX" and tok.dep_ in {"ROOT", "relcl", "ccomp", "advcl", "conj"}):
            copula_frame(tok, ctx)


@rule("noun")
def noun_rule(ctx: Context) -> None:
    """Nominalised events and states ('Putin's visit to Azerbaijan'); objects and attributes are read by
    the verb and copula frames, which know the noun's agents."""
    for tok in _tokens(ctx, {"NOUN", "PROPN"}):
        if tok.dep_ not in {"dobj", "attr"}:
            noun_frame(tok, ctx)


