"""Frames around a named organisation or place: possessives and appositives ("Russia's Gazprom",
"Y, a unit of X"), classifier nouns ("Leeds-based X"), affiliations, and where a place lies.
"""

from __future__ import annotations


from spacy.tokens import Token

from kg import gazetteer as gz
from kg.entities import PLACE_TYPES, TRADE_NOUNS, Mention, titles
from kg.resources import words
from kg.relations.context import ORG_NOUNS, PLACE_NOUNS, STATE_BODY_NOUNS, Context
from kg.relations.reference import definite_town, np_ents, owner_of, pobjs
from kg.relations.titles import is_former, is_party, named_org_part, party_of, title_key, title_owners
from kg.relations.nouns import joined_by_and

FACILITY_NOUNS = words("facility_nouns.txt")
COMPASS_NOUNS = words("compass_nouns.txt")
PLACE_RANK_STRICT = {"City": 1, "Region": 2, "Country": 3}


def town_country_frame(tok: Token, ctx: Context) -> None:
    """'the northeast Valdorian city' said of a city named just before: the city lies in Valdoria."""
    country = next((ctx.tok2norp[c.i] for c in tok.children if c.dep_ in {"amod", "compound"} and c.i in ctx.tok2norp),
                   None)
    town = definite_town(tok, ctx) if country else None
    if town:
        ctx.add(town, "locatedIn", country, tok, "place:definite-town")


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
    if first.dep_ in {"appos", "conj"} and first.head.pos_ == "NOUN" and not joined_by_and(first):
        heads.append(first.head)  # "China's largest companies, Huawei and SMIC" (parsed appos or conj)
    if etype in PLACE_TYPES | {"Organization"}:
        heads += _classifier_nouns(m, first, ctx)
    for n in heads:
        if n.dep_ == "appos" and n.i + 1 < len(ctx.doc) and ctx.doc[n.i + 1].pos_ == "VERB":
            continue  # "X, a Hong Kong newspaper said": the noun is the next clause's subject
        lemma = n.lemma_.lower()
        owner = owner_of(n, ctx)
        if owner is None and n.head.i == root.i:  # "Australian stock broker Jacksons Ltd"
            owner = owner_of(root, ctx)
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
    origin = {"of"} if root.dep_ in {"dobj", "nsubjpass"} else {"of", "from"}  # not "signed X from Y":
    # the object of a move comes from its old club or firm
    orgs = [(x, c) for c in root.children if c.dep_ == "prep" and c.lower_ in origin
            for g in c.children if g.dep_ == "pobj" and g.i in ctx.tok2ent
            and not any(a.dep_ == "appos" for a in g.children)  # "Brooks, of Churchill, Oxfordshire"
            for x in np_ents(g, ctx)]
    orgs += [(x, c) for c in root.children if c.dep_ == "prep" and c.lower_ in origin
             for g in c.children if g.dep_ == "pobj" for x in named_org_part(g, ctx)]  # "of JPMorgan Chase bank"
    orgs += [(ctx.tok2ent[c.i], c) for c in root.children if c.dep_ == "poss" and c.i in ctx.tok2ent
             and c.i < m.start and all(t.pos_ == "PROPN" or t.tag_ == "POS" for t in ctx.doc[c.i + 1:m.start])]
    orgs += [(p, c) for c in root.children if c.dep_ in {"compound", "amod"} and c.i == m.start - 1
             for p in [party_of(c, ctx) or ctx.tok2ent.get(c.i)] if p and is_party(p, ctx)]  # "Liberal Democrat
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
    prev = ctx.doc[m.start - 1] if m.start else None
    if prev is not None and prev.pos_ == "NOUN" and prev.text.islower() and prev.head.i == root.head.i and (
            prev.dep_ == root.dep_) and prev.lemma_.lower() in ORG_NOUNS | TRADE_NOUNS:
        out.append(prev)  # "Russian news agency Tass reported": the parse made noun and name two subjects
    return out


def _relational_noun(noun: Token, eid: str, ctx: Context) -> None:
    """An organisation named beside a relational noun: 'X subsidiary Y', 'Y, a unit of X', 'two of its
    units, A and B', 'its owner, X', 'the papers' parent group X', 'Y, a supplier to X' (the titles table
    gives the property)."""
    key = title_key(noun)
    if key not in titles() or titles()[key][0] not in {"memberOf", "operates", "allyOf", "partnerOf", "supplied"}:
        return
    prop, direction = titles()[key]
    if is_former(noun):
        return  # a former unit or owner is no current tie, and no past property is declared for it
    if key == "member" and any(c.dep_ == "compound" and ctx.tok2ent.get(c.i) == eid for c in noun.children):
        return  # "X's two Valdoria Assembly members" are members of the assembly, which is no member of X
    owners = title_owners(noun, noun, ctx)
    if not owners and noun.dep_ in {"compound", "nmod"}:  # "Westco's subsidiary Helix Power": the parser hangs
        owners = [ctx.tok2ent[c.i] for c in noun.head.children  # the possessor on the name
                  if c.dep_ == "poss" and c.i < noun.i and c.i in ctx.tok2ent]
    for o in owners:
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
    bracket = end < len(doc) and doc[end].text == "("  # "KESTREL, Iowa (AP)": the dateline's agency, no list
    if doc[i].text == "," and (not bracket and any(t.lower_ in {"and", "or"} or t.i in ctx.tok2ent
                                                   for t in doc[end:end + 2])
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
