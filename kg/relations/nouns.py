"""Noun frames: nominalised events and states ("Putin's visit to Azerbaijan", "talks with Y", "a deal
between X and Y") and the appointments and meetings they carry.
"""

from __future__ import annotations

from itertools import permutations

from spacy.tokens import Token

from kg.entities import titles
from kg.ontology import load_properties
from kg.resources import words
from kg.relations.context import (
    KINSHIP, PART_NOUNS, SUBJ_DEPS, UNREALISED_MODIFIERS, Context, meeting_nouns, noun_frames, pair_frames,
)
from kg.relations.reference import QUOTES, np_ents, own_stake, owned_ents, pobjs, resolve_pronoun
from kg.relations.titles import title_key

APPOINT_NOUNS = words("appointment_nouns.txt")
CANCEL_VERBS = words("cancel_verbs.txt")
COMPETITION_WORDS = words("competition_words.txt")
OFFER_NOUNS = words("offer_nouns.txt")  # "X's bid for Y": an offer, not yet a purchase
SUCCESS_MODIFIERS = words("success_modifiers.txt")  # "X's successful bid for Y": done


def appoint_roles(people: list[str], roles: list[Token], appointers: list[str], ctx: Context, speaker: str | None) -> None:
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
        appoint_roles(people, pobjs(noun, {"as"}), appointers, ctx, speaker)
    preps = [(c.lower_, g) for c in noun.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    preps += [(c.lower_, x) for p, g in preps if p == "of" and (g.lower_ in {"percent", "pct", "%"} or g.pos_ == "NUM")
              for c in g.children if c.dep_ == "prep" for x in c.children if x.dep_ == "pobj"]  # "a stake of 23
    # percent in X": the share's 'in' phrase hangs on the amount
    preps += [("to", x) for p, g in preps if p == "of" and g.lemma_.lower() in PART_NOUNS for c in g.children
              if c.dep_ == "prep" and c.lower_ == "to" for x in c.children if x.dep_ == "pobj"]  # "the sale of
    # a 20% stake to Y": the parser hangs the buyer on the part sold
    preps += [(c.lemma_.lower(), g) for c in noun.children if c.dep_ == "acl" and c.pos_ == "VERB"
              for g in c.children if g.dep_ == "dobj"]  # "sanctions targeting X"
    by = [x for p, g in preps if p == "by" for x in np_ents(g, ctx)]  # "the purchase of X by Y"
    verb = noun.head
    if noun.dep_ == "nsubj" and verb.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in verb.children):
        # "a confrontation erupted between X and Y", "talks began with Z": the verb only says it happened
        preps += [(c.lower_, g) for c in verb.children if c.dep_ == "prep" and c.lower_ in {"between", "with"}
                  for g in c.children if g.dep_ == "pobj"]
    if noun.dep_ in {"dobj", "nsubjpass"} and agents is not None:  # light verb: "imposed export curbs on X",
        # "sent a letter to X", "sanctions were imposed on X by Y"
        preps += [(c.lower_, g) for c in verb.children if c.dep_ in {"prep", "dative"} for g in c.children
                  if g.dep_ == "pobj"]
        preps += [("to", c) for c in verb.children if c.dep_ == "dative" and c.pos_ in {"PROPN", "NOUN", "PRON"}]
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
        if (a, b) == ("to", "of") and prop == "boughtFrom" and any(p == "of" and own_stake(g, ctx) for p, g in preps):
            for s in slots.get(a, []):  # "X completed the sale of a minority stake to Y": Y funds X
                for o in subj:
                    ctx.add(s, "funds", o, noun, f"noun:{lemma}_stake", speaker)


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


def joined_by_and(conj: Token) -> bool:
    """'Valdorian courts and the Kestrel Court': a name coordinated with a common noun by 'and/or' is
    another item of a list, not an instance of the noun ('companies, Huawei and SMIC' is one)."""
    return conj.dep_ == "conj" and any(t.dep_ == "cc" and conj.head.i < t.i < conj.i for t in conj.head.children)


def _unrealised(noun: Token) -> bool:
    """An event noun that did not (yet) happen, or that only a speaker calls one: 'a proposed summit',
    'the meeting was shelved', 'denounced the "invasion"', 'X's bid for Y' (not 'X's successful bid')."""
    mods = [c.lower_ for c in noun.children if c.dep_ in {"amod", "compound", "advmod"}]
    if any(m in UNREALISED_MODIFIERS for m in mods):
        return True
    if noun.lemma_.lower() in OFFER_NOUNS and not any(m in SUCCESS_MODIFIERS for m in mods):
        return True  # "Deutsche Boerse's bid for LSE": an offer, which may fail
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
