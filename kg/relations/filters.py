"""Candidate filters, run in the order they are registered here: each takes a candidate fact and keeps,
changes or drops it (clause status, metonymy, domain and range, nested places, ended posts ...).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.entities import LOWERCASE_TITLES, former_properties, titles
from kg.model import Entity
from kg.ontology import symmetric_properties
from kg.resources import words
from kg.rules import candidate_filter
from kg.relations.context import PLACE_NOUNS, STAKE_NOUNS, Candidate, constraints, Context, is_event, plausibly_inside
from kg.relations.reference import is_passive_verb, np_ents, quoted_speaker, subjects
from kg.relations.clauses import clause_status

LEAVE_VERBS = words("leave_verbs.txt")  # "X, chairman of Y, resigned": a post left
PORTFOLIO = words("portfolio_words.txt")


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
    between = list(ctx.doc[t.i + 1:c.object_span.start]) if t.i < c.object_span.start else []
    between += [w for m in t.lefts if m.dep_ == "npadvmod" for w in m.subtree]  # "X is 20 percent owned by Y"
    shares = [w.i for w in between if w.lower_ in {"%", "percent", "per", "share", "shares", "stake", "stakes"}]
    if not shares:
        return c
    sizes = [_number(w.text) for w in between if w.like_num and w.i + 1 in shares]
    return c if sizes and all(x is not None and x > 50 for x in sizes) else None


STAKE_WORDS = STAKE_NOUNS | {"per"}  # read on a token's text or lemma ("shares", "75 per cent")


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
    if any(w.lower_ in {"majority", "controlling", "remaining"} for w in part.children):
        return c  # "bought a majority stake in X", "the remaining 40% of X" take X over
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


EVENT_NAME_HEADS = words("event_name_heads.txt")


@candidate_filter("event-place")
def not_where_it_is_held(c: Candidate, ctx: Context) -> Candidate | None:
    """'the annual Kestrel Developers Conference in Valdoria', 'the Vell Music Awards in Lima': a name ending
    in an event's word is an event, held in the place that year; it has no base there."""
    if c.predicate == "basedIn" and c.rule == "place:in" and (
            ctx.entities[c.subject].label.split()[-1].lower() in EVENT_NAME_HEADS):
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
        if t.dep_ == "xcomp" and is_passive_verb(t.head):
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
    if _used_to(c.trigger) and not is_event(c.predicate):  # "X, who used to run Y": a habit of the past
        return replace(c, predicate=past) if past else None
    if not past or c.status == "unasserted" or not _ended_span(c.trigger):
        return c
    return replace(c, predicate=past)


def _used_to(t: Token) -> bool:
    """'used to run Y', 'used to be based in Y': the infinitive of a past 'used to'."""
    return t.dep_ == "xcomp" and t.head.lemma_ == "use" and t.head.tag_ == "VBD" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


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
    return lemma in LEAVE_VERBS and (lemma not in REMOVAL_VERBS or is_passive_verb(verb))


REMOVAL_VERBS = {"oust", "sack", "fire", "dismiss", "remove", "depose", "replace"}  # "X was sacked": X left
