"""Noun phrases to entities: names, coordinated lists, possessors, pronouns and short references
("it", "he", "the committee", "the company"), and the subjects of a clause, which every frame asks.
"""

from __future__ import annotations


from spacy.tokens import Span, Token

from kg import gazetteer as gz
from kg.entities import PLACE_TYPES, TRADE_NOUNS, describes_pobj, title_jobs, titles
from kg.resources import mapping, words
from kg.relations.context import (
    COPULAS, FEMALE, FIRST_PERSON, MALE, MEDIA_NOUNS, NEUTER, ORG_NOUNS, PART_NOUNS, PLACE_NOUNS, STAKE_NOUNS,
    RELATIVE, REPORTING, STATE_BODY_NOUNS, SUBJ_DEPS, Context,
)

GENERIC_ORG_NOUNS = words("generic_org_nouns.txt")
DESCRIBED_ORG_NOUNS = GENERIC_ORG_NOUNS | TRADE_NOUNS | words("described_org_nouns.txt")
DESCRIBED_ONLY_NOUNS = words("described_only_org_nouns.txt")  # "on the positive side", "took $2m to the bank"
FACTIVE_EVENT_NOUNS = words("factive_event_nouns.txt")
LIGHT_OF = words("light_of_nouns.txt")
INSTITUTION_NOUNS = words("institution_nouns.txt")
VERDICT_ADJECTIVES = words("verdict_adjectives.txt")  # "pleaded guilty to killing Y"
TOWN_NOUNS = words("town_nouns.txt")  # "the town", "the northeast Valdorian city"
DEFINITE_PLACE_NOUNS = mapping("definite_place_nouns.tsv")
COUNTERPARTS = words("counterpart_nouns.txt")
QUOTES = words("quote_marks.txt")
OBJECT_CONTROL = words("object_control_verbs.txt")


def sentences_back(tok: Token, n: int) -> int:
    """Where the window of a short reference begins: the start of the sentence ``n`` before ``tok``'s
    (or of the Doc), so 'the company' looks at this sentence and the ``n`` before it."""
    start = tok.sent.start
    for _ in range(n):
        start = tok.doc[start - 1].sent.start if start else 0
    return start


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
        out.extend(noun_referent(tok, ctx, subject, depth))
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


def noun_referent(tok: Token, ctx: Context, subject: bool, depth: int) -> list[str]:
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
    modifier = owner_of(tok, ctx)
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
    short = (_short_reference(tok, ctx) or _definite_reference(tok, ctx) or definite_town(tok, ctx)
             or _described_org(tok, ctx) or _described_person(tok, ctx))
    return [short] if short else []


def _described_person(tok: Token, ctx: Context) -> str | None:
    """'accused the striker of cheating', 'the 28-year-old midfielder joined X': a bare 'the TITLE' is the
    one person the article named with that title before ('striker Tom Reyes', 'Tom Reyes, the striker'),
    or with that age ('Tom Reyes, 28,'). Never inside quotes, never when two people fit."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in {"NOUN", "PROPN"} or not tok.text.islower() or tok.tag_ not in {"NN", "NNP"} \
            or lemma not in titles():
        return None
    kids = list(tok.children)
    if [c.lower_ for c in kids if c.dep_ == "det"] != ["the"] or any(
            (c.dep_ not in {"det", "amod", "compound", "prep"} or c.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[c.i]) == "Person")
            or (c.dep_ == "prep" and any(g.i in ctx.tok2ent for g in c.subtree)) for c in kids):
        return None  # "the striker", "the 28-year-old England striker", not "the striker Tom Reyes", "the chief of X"
    if _in_quotes(tok.i, tok.sent):
        return None
    people = [m for m in ctx.mentions if m.start < tok.i and m.entity in ctx.entities and ctx.etype(m.entity) == "Person"]
    owners = {ctx.tok2ent.get(c.i) or ctx.tok2norp.get(c.i) for c in kids if c.i in ctx.tok2ent or c.i in ctx.tok2norp}
    described = {m.entity for m in people if _described_as(m, lemma, ctx) and owners <= _named_before(m, ctx)}
    if len(described) == 1:
        return described.pop()
    age = _age(tok)
    aged = {m.entity for m in people if age and _age_of(m, ctx) == age}
    return aged.pop() if len(aged) == 1 and (not described or aged <= described) else None


def _named_before(m, ctx: Context) -> set[str]:
    """The names and demonyms in the few words before a mention: 'the Kestrel defender' is the person
    introduced as 'Kestrel defender Tom Reyes', not 'Marwick defender Leo Marsh'."""
    return {ctx.tok2ent.get(i) or ctx.tok2norp.get(i) for i in range(max(m.start - 4, 0), m.start)
            if i in ctx.tok2ent or i in ctx.tok2norp}


def _age(tok: Token) -> str | None:
    """The age a description gives: 'the 28-year-old striker' -> '28'."""
    for c in tok.children:
        if c.dep_ == "amod" and c.lower_ == "old":
            words = [t.lower_ for t in c.subtree if t.i < c.i and t.text != "-"]
            if len(words) == 2 and words[0].isdigit() and words[1] == "year":
                return words[0]
    return None


def _age_of(m, ctx: Context) -> str | None:
    """The age the article gives a person at a mention: 'Tom Reyes, 28,' or '28-year-old Tom Reyes'."""
    doc = ctx.doc
    if m.end + 2 < len(doc) and doc[m.end].text == "," and doc[m.end + 1].is_digit and doc[m.end + 2].text == ",":
        return doc[m.end + 1].text
    before = [t.lower_ for t in doc[max(m.start - 5, 0):m.start] if t.text != "-"]
    if len(before) >= 3 and before[-1] == "old" and before[-2] == "year" and before[-3].isdigit():
        return before[-3]
    return None


def _described_org(tok: Token, ctx: Context) -> str | None:
    """'Tom Reyes, the insurer's chairman', 'chairman of the organisation', 'joined the club': a bare 'the
    NOUN' of an organisation's kind, in an object or possessive position, is the one organisation the
    article described with that noun before ('Northwind, Europe's largest insurer'), else the only one
    named in this sentence or the two before. Never inside quotes, where the speaker's 'the club' may be
    the speaker's own, and never the name the phrase stands beside ('X, the company's unit')."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or lemma not in DESCRIBED_ORG_NOUNS or tok.dep_ not in {"dobj", "pobj", "poss"}:
        return None
    kids = list(tok.children)
    if [c.lower_ for c in kids if c.dep_ == "det"] != ["the"] or any(
            (c.dep_ not in {"det", "case", "amod", "punct"} and not _aside(c)) or c.i in ctx.tok2ent or c.i in ctx.tok2norp
            for c in kids):
        return None  # "the company", "the brewing company", not "the Paris company", "the Valdorian club"
    if _in_quotes(tok.i, tok.sent):
        return None
    host = tok.head if tok.dep_ == "poss" else tok
    beside = {ctx.tok2ent[host.head.i]} if host.dep_ == "appos" and host.head.i in ctx.tok2ent else set()
    orgs = [m for m in ctx.mentions if m.start < tok.i and m.entity in ctx.entities and m.entity not in beside
            and ctx.etype(m.entity) == "Organization"]
    described = {m.entity for m in orgs if _described_as(m, lemma, ctx)
                 or lemma in ctx.entities[m.entity].label.lower().split()}  # "Bank of Valdoria" is a bank
    if described or lemma in DESCRIBED_ONLY_NOUNS:
        rivals = {m.entity for m in orgs if m.start >= tok.sent.start} - described  # "banned X and barred
        return described.pop() if len(described) == 1 and not rivals else None  # banks from funding the firm"
    start = sentences_back(tok, 2)
    near = {m.entity for m in orgs if m.start >= start}
    return near.pop() if len(near) == 1 else None


def _described_as(m, lemma: str, ctx: Context) -> bool:
    """Whether the mention ``m`` is described with the noun ``lemma``: 'insurer Northwind', 'Northwind, the
    insurer', 'the Northwind group', 'Northwind is a big insurer'."""
    root = ctx.doc[m.start:m.end].root
    near = [c for c in root.children if c.dep_ in {"compound", "appos"}]
    if m.start:
        near.append(ctx.doc[m.start - 1])  # "striker Tom Reyes", "Chancellor Tom Reyes"
    if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.dep_ != "compound"):
        near.append(root.head)  # "the Northwind group", not "Valdorian company Northwind Cheeses" for Valdoria
    if root.dep_ in SUBJ_DEPS and root.head.lemma_ in COPULAS:
        near += [c for c in root.head.children if c.dep_ == "attr"]
    return any(t.lemma_.lower() == lemma and t.pos_ in {"NOUN", "PROPN"} for t in near)


def definite_town(tok: Token, ctx: Context) -> str | None:
    """'after he seized the town', 'declared the northeast Valdorian city the capital': 'the' town or
    city with no name of its own is the one city the text named in this sentence or the two before
    (none when it named several)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in TOWN_NOUNS or tok.tag_ != "NN":
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) or any(
            c.dep_ in {"poss", "prep", "appos", "relcl", "acl", "nummod"} or c.i in ctx.tok2ent for c in kids):
        return None
    start = sentences_back(tok, 2)
    towns = {m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities and (
        ctx.etype(m.entity) == "City" or ctx.etype(m.entity) == "Region" and not gz.lookup(ctx.entities[m.entity].label))}
    # a town the gazetteer does not know is typed a region
    return towns.pop() if len(towns) == 1 else None


def _the_two(tok: Token, ctx: Context) -> list[str]:
    """'the two countries', 'the two companies', 'both sides': the last two entities of that kind named
    before, in this sentence or the one before."""
    kinds = mapping("pair_nouns.tsv")
    if tok.lemma_.lower() not in kinds or not any(c.lower_ in {"two", "both"} for c in tok.children):
        return []
    wanted = {"Place": PLACE_TYPES - {"City", "Region"}}.get(kinds[tok.lemma_.lower()], {kinds[tok.lemma_.lower()]})
    start = sentences_back(tok, 1)
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
    start = sentences_back(tok, 1)
    cands = [m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities
             and ctx.etype(m.entity) in kinds]
    if not cands:
        return None
    counts = {e: sum(m.entity == e for m in ctx.mentions) for e in cands}
    return max(reversed(cands), key=counts.__getitem__)


def _has_name(tok: Token, ctx: Context) -> bool:
    return any(c.i in ctx.tok2ent and ctx.etype(ctx.tok2ent[c.i]) == "Person" for c in tok.children
               if c.dep_ in {"appos", "compound"})


def owner_of(tok: Token, ctx: Context) -> str | None:
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
    if tok.dep_ != "poss" and not any(c.dep_ in {"det", "poss"} for c in tok.children):
        return None  # "restrictions on capital": a bare mass noun names no "... Capital" of the article
        # (a bare possessor does: "committee's spokesman X")
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
    if tok.dep_ not in SUBJ_DEPS or tok.lemma_.lower() not in GENERIC_ORG_NOUNS or tok.tag_ == "NNS":
        return None  # "the companies said" is several, not the last one named
    if [c.lower_ for c in tok.children if c.dep_ not in {"case", "amod", "punct"} and not _aside(c)] != ["the"]:
        return None  # "the company" (or "the brewing company"), not "a company", "the Paris company"
    start = sentences_back(tok, 2)
    subj = [m.entity for m in ctx.mentions if start <= m.start < tok.i and m.entity in ctx.entities
            and ctx.etype(m.entity) == "Organization"]
    return subj[-1] if subj else None


def _aside(clause: Token) -> bool:
    """A relative clause set off by a comma ('the company, which is based in Oslo,') adds to a description
    and leaves its referent alone; one without ('the company that makes X') may pick out another."""
    return clause.dep_ in {"relcl", "acl"} and clause.left_edge.i > 0 and clause.doc[clause.left_edge.i - 1].text == ","


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
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} or _copula_participle(verb):
        return subjects(verb.head, ctx)
    if verb.dep_ == "xcomp":  # "asked X to join Y": X joins; "left X to join Y": the subject does
        obj = [c for c in verb.head.children if c.dep_ == "dobj"]
        control = obj and verb.head.lemma_.lower() in OBJECT_CONTROL
        return np_ents(obj[0], ctx) if control else subjects(verb.head, ctx)
    gerund = verb.tag_ == "VBG" or any(c.dep_ == "auxpass" and c.tag_ == "VBG" for c in verb.children)
    if verb.dep_ in {"advcl", "pcomp", "acl"} and gerund:  # "after being sacked by X", "before meeting Y"
        head = verb.head.head if verb.dep_ == "pcomp" else verb.head
        obj = [c for c in head.children if c.dep_ == "dobj"]
        if verb.dep_ == "pcomp" and verb.head.lower_ in {"for", "of", "from"} and obj:
            return np_ents(obj[0], ctx)  # "thanked fans for supporting X", "accused Y of helping X": the object did it
        if head.pos_ in {"VERB", "AUX"}:
            return subjects(head, ctx)
        if head.lower_ in VERDICT_ADJECTIVES:
            if head.dep_ == "acomp":  # "X pleaded guilty to killing Y"
                return subjects(head.head, ctx)
            if head.dep_ == "amod" and head.head.i in ctx.tok2ent:  # "found X guilty of murdering Y"
                return np_ents(head.head, ctx, subject=True)
            if head.dep_ == "oprd":  # the same parsed as the verb's predicate
                return [x for c in head.head.children if c.dep_ == "dobj" for x in np_ents(c, ctx, subject=True)]
        if verb.dep_ == "acl" and head.i in ctx.tok2ent:  # "X, speaking on Y television, said"
            return np_ents(head, ctx, subject=True)
        if verb.dep_ == "acl" and head.lemma_.lower() in ORG_NOUNS:
            return _named_org_noun(head, ctx)
    if verb.dep_ == "relcl":
        return _antecedent(verb, ctx)
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i in ctx.tok2ent:
        return np_ents(verb.head, ctx, subject=True)  # "X, convicted of killing Y": the participle is said of X
    return _adjacent_subject(verb, ctx)


def _named_org_noun(noun: Token, ctx: Context) -> list[str]:
    """The organisation an organisation noun names: 'the X group operating in Y' (a name compounded
    right before it), 'X, a militant group operating in Y' and 'a group operating in Y, X,' (a name in
    apposition)."""
    names = [c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1]
    names += [c for c in noun.children if c.dep_ == "appos"] + ([noun.head] if noun.dep_ == "appos" else [])
    return [e for e in dict.fromkeys(ctx.tok2ent.get(c.i) for c in names) if e and ctx.etype(e) == "Organization"]


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


def is_passive_verb(verb: Token) -> bool:
    """A passive: 'was bought', 'the firm bought by X', a participle coordinated with one ('was founded and
    funded by X': the parser gives the second participle neither auxiliary nor subject), and a participle
    the parse made the complement of a copula but which has an agent ('X is 60 percent owned by Y')."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        return True
    head = verb.head
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and head.tag_ == "VBN" and head.i != verb.i and is_passive_verb(
        head) or _copula_participle(verb)


def _copula_participle(verb: Token) -> bool:
    return verb.dep_ == "acomp" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)


def own_stake(tok: Token, ctx: Context) -> bool:
    """'sold a 10% stake to Y', 'the sale of a minority stake to Y': a stake that names no owner is the
    seller's own (the buyer put money into the seller; it bought no business from anyone). A share of
    something ('sells 60% of its output to Y') is a share of goods, not of the seller."""
    return tok.lemma_.lower() in STAKE_NOUNS and tok.i not in ctx.tok2ent and not owned_ents(tok, ctx) and not any(
        c.dep_ == "prep" and c.lower_ in {"of", "in"} for c in tok.children)


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
