"""Verb frames: active and passive voice, prepositional objects, control and coordination, relative
clauses, light verbs carrying an event noun ("announced sanctions against"), reciprocal and pair verbs,
appointments, and copulas ("X became chairman of Y").
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import permutations

from spacy.tokens import Token

from kg.entities import PLACE_TYPES, former_properties, titles
from kg.resources import mapping, words
from kg.relations.context import (
    ATTITUDES, COPULAS, DEPUTY, NONFACTIVE, REPORTING, SUBJ_DEPS, Context, noun_frames, pair_frames,
    verb_frame_lemmas, verb_frames,
)
from kg.relations.reference import is_passive_verb, np_ents, own_stake, owned_ents, pobjs, subjects
from kg.relations.clauses import clause_status
from kg.relations.titles import is_former, title_key, title_owners
from kg.relations.nouns import appoint_roles, meeting_setting_frame, noun_frame

RECIPROCAL = mapping("reciprocal_verbs.tsv")
OPEN_STOP = words("open_stop_verbs.txt")
EVENT_SETTINGS = words("event_setting_preps.txt")  # "said, after a meeting with Y"
APPOINT = words("appointment_verbs.txt")
MESSAGE_NOUNS = words("message_nouns.txt")
PEOPLE_NOUNS = words("people_nouns.txt")  # "Hollywood stars A and B"
EXCHANGE_VERBS = words("exchange_verbs.txt")  # "X and Y traded accusations"


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
    if slot == "obj" and any(c.dep_ == "oprd" for c in verb.children) and not is_passive_verb(verb):
        return None
    if prop == "supplied" and any(c.dep_ == "dobj" and (c.lemma_.lower() in MESSAGE_NOUNS or (
            slot != "obj" and (owned_ents(c, ctx) or c.i in ctx.tok2ent or own_stake(c, ctx))))
            for c in verb.children):
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
    passive = is_passive_verb(verb)
    subj = subjects(verb, ctx)
    appointment_frame(verb, subj, passive, ctx, speaker)
    if passive:
        patients = subj if not (verb.dep_ == "acl") else np_ents(verb.head, ctx)
        instrument_frame(verb, [], patients, ctx, speaker)
        for slot, tok in _objects(verb, ctx):  # "X was injured after a brawl with Y": the event is X's
            if slot in EVENT_SETTINGS and slot not in {"in", "into"}:
                noun_frame(tok, ctx, agents=patients, speaker=speaker)
        _passive_light_verb(verb, ctx, speaker)
        return
    had_object = False
    partners: list[str] = []
    for slot, tok in _objects(verb, ctx):
        objs = np_ents(tok, ctx) or owned_ents(tok, ctx)
        if not objs and slot == "obj" and frames.get((lemma, slot)) in ATTITUDES:
            objs = doer_of(tok, ctx)  # "condemned X's attack", "praised X's decision"
        if slot in {"obj", "to", "with"}:
            partners += objs
        prop = verb_sense(verb, slot, frames.get((lemma, slot)), ctx)
        if slot == "obj" and lemma in EXCHANGE_VERBS and _exchange(tok, subj, verb, ctx, speaker):
            had_object = True  # "X and Y traded accusations"
            continue
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


def doer_of(noun: Token, ctx: Context) -> list[str]:
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
            doers = agents if c.dep_ == "prep" else doer_of(noun, ctx) + [
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
    appoint_roles(people, roles, appointers, ctx, speaker)


def _passive_light_verb(verb: Token, ctx: Context, speaker: str | None) -> None:
    """'Sanctions were imposed on X by Y': a light verb in the passive; its subject is the event noun and
    its agent the event's doer, so the noun is read as the object of the active 'Y imposed sanctions on X'."""
    agents = [x for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
              for x in np_ents(g, ctx)]
    if not agents or verb.lemma_.lower() in NONFACTIVE:
        return
    for c in verb.children:
        if c.dep_ == "nsubjpass" and c.pos_ == "NOUN" and c.i not in ctx.tok2ent:
            noun_frame(c, ctx, agents=agents, speaker=speaker)


def _exchange(noun: Token, subj: list[str], verb: Token, ctx: Context, speaker: str | None) -> bool:
    """'X and Y traded accusations', 'exchanged strikes': the event noun of an exchange runs both ways
    between the coordinated subjects, or the subject and a 'with' partner ('X traded accusations with Y');
    its property is the noun's frame with 'against' or 'on'."""
    frames = noun_frames()
    lemma = noun.lemma_.lower()
    prop = frames.get((lemma, "against")) or frames.get((lemma, "on"))
    sides = list(subj) + [x for g in pobjs(verb, {"with"}) + pobjs(noun, {"with"}) for x in np_ents(g, ctx)]
    if not prop or len(sides) < 2:
        return False
    for a, b in permutations(sides, 2):
        ctx.add(a, prop, b, noun, f"reciprocal:{verb.lemma_.lower()}_{lemma}", speaker)
    return True


def _each_other(tok: Token) -> bool:
    """'each other', 'one another' (which the parser also reads as 'one' with 'another' under it)."""
    return (tok.lower_ in {"other", "another"} and any(c.lower_ in {"each", "one"} for c in tok.children)) or (
        tok.lower_ == "one" and any(c.lower_ == "another" for c in tok.children))


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
        if (a, b) == ("to", "obj") and prop == "boughtFrom" and any(
                c.dep_ == "dobj" and own_stake(c, ctx) for c in verb.children):  # "X sold a 10% stake to Y"
            for s in slots.get(a, []):
                for o in subjects(verb, ctx):
                    found = True
                    ctx.add(s, "funds", o, verb, f"verb:{verb.lemma_.lower()}_stake", speaker)
    return found


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
                if is_former(a) or verb.tag_ == "VBD" and verb.lemma_ != "become":  # "X was NotW editor from
                    # 2003 to 2007" (but "X became chairman in May" took the post)
                    prop = former_properties().get(prop, "")
                owners = title_owners(a, a, ctx) if prop else []
                for o in owners:
                    ctx.add(*((s, prop, o) if direction == "holder" else (o, prop, s)), a, "copula:" + lemma, speaker)
        # an organisation or place noun ("X is Russia's state monopoly") is a pattern: kg/patterns/copulas.jsonl
        noun_frame(a, ctx, agents=subj, speaker=speaker)
