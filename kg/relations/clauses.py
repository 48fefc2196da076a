"""Clause status: whether a clause asserts its fact, reports a speaker's claim or asserts nothing
(negated, hedged, conditional, planned, under a non-factive verb).
"""

from __future__ import annotations


from spacy.tokens import Token

from kg.resources import words
from kg.relations.context import NONFACTIVE, REPORTING, Context
from kg.relations.reference import subjects

HEDGE_MODALS = words("hedge_modals.txt")
FUTURE_AUX = words("future_auxiliaries.txt")  # "will", "shall": a plan, not a fact
FUTURE_HEADS = words("future_heads.txt")  # "is set to visit", "is due to visit"
FUTURE_TIME = words("future_time_words.txt")  # "tomorrow", "next week"
CLAIM_NOUNS = words("claim_nouns.txt")  # "X's claim that Y ...": the content of a claim is not asserted
PROSPECT_NOUNS = words("prospect_nouns.txt")  # "the right to sell", "a bid to buy"
CONDITIONAL_MARKS = words("conditional_marks.txt")
CHARGE_VERBS = words("charge_verbs.txt")  # "accused of killing Y": a charge, not a fact


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
            if t.dep_ == "pcomp" and (head.head.lemma_.lower() in CHARGE_VERBS
                                      or any(c.dep_ == "neg" for c in head.head.children)):
                return False, None  # "was accused of killing Y", "acquitted of", "pleaded not guilty to killing Y"
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
