"""Title frames: a title beside a person's name ("Gazprom chief Aleksei Miller", "X, chairman of Y",
"Y's President X"), titles the parse breaks, titles listed with their holders, roles ("his role as
chief at Y"), parties and national posts, and whether a post is former.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import permutations

from spacy.tokens import Doc, Token

from kg import gazetteer as gz
from kg.entities import (
    LOWERCASE_TITLES, PLACE_TYPES, Mention, former_properties, slug, title_jobs, title_owner_types, titles,
)
from kg.resources import mapping, table, words
from kg.relations.context import (
    DEPUTY, KINSHIP, MEDIA_NOUNS, ORG_NOUNS, SUBJ_DEPS, UNREALISED_MODIFIERS, Context,
)
from kg.relations.reference import np_ents, owned_ents, pobjs, resolve_pronoun, subjects

NATIONAL_TITLES = {(c, t): p for c, t, p in table("national_titles.tsv")}  # "UK chancellor": a minister
FUNCTION_ADJECTIVES = words("function_adjectives.txt")
ORG_PART_NOUNS = words("org_part_nouns.txt")
FORMER_MODIFIERS = words("former_modifiers.txt")
STATE_TITLES = words("state_titles.txt")
ROLE_NOUNS = words("role_nouns.txt")  # "his role as chief of Y"
HEDGED_TITLE_MODIFIERS = words("hedged_title_modifiers.txt")  # "the alleged killer of X"
DASHES = {"-", "\u2013", "\u2014", ":"}
EMPLOYMENT_PROPS = {"heads", "worksFor", "formerlyHeaded", "formerlyWorkedFor"}  # ties of a post (in a party: memberOf)
# titles a party itself confers ('Labour leader', 'Tory chairman'); any other title with a party
# ('Tory chancellor', 'Labour minister') is a post elsewhere held by one of its members
PARTY_POSTS = words("party_posts.txt")


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


def _hedged(title: Token) -> bool:
    """'the alleged killer of X', 'the accused assassin of X': a title held only on someone's charge
    states no tie ('the convicted assassin of X' does)."""
    return any(c.lower_ in HEDGED_TITLE_MODIFIERS for c in title.children if c.dep_ in {"amod", "advmod", "compound"})


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
        if _hedged(t):
            continue
        if any(c.lower_ in DEPUTY for c in t.children) or doc[t.i - 2:t.i].text.lower().startswith("vice"):
            prop = "worksFor" if prop == "heads" else prop
        owners = title_owners(t, root, ctx)
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
            if o in group:
                continue  # "A and B, both close allies of Z": a title shared by a group names no tie inside it
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
    doc = t.doc
    if t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_ and not doc[t.i + 1].whitespace_:
        joined = f"{t.lower_}-{doc[t.i + 2].lower_}"  # "secretary-general": the parser heads it on "secretary"
        if joined in titles():
            return joined
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


def title_owners(title: Token, root: Token, ctx: Context) -> list[str]:
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
            elif c.dep_ in {"compound", "amod"} and party_of(c, ctx):
                out.append(party_of(c, ctx))  # "Tory leader X", "Lib Dem MP Y"
            elif c.dep_ == "poss":
                out.extend(np_ents(c, ctx) if c.pos_ != "PRON" else [x for x in [resolve_pronoun(c, ctx)] if x])
            elif c.dep_ == "compound" and c.pos_ == "NOUN":  # "Global Asset Management investment chief"
                out.extend(ctx.tok2ent[g.i] for g in c.children if g.dep_ in {"compound", "nmod"} and g.i in ctx.tok2ent)
        if c.dep_ == "prep" and (c.lower_ in {"of", "at"} or c.lower_ == "with" and titles().get(
                title_key(title), ("",))[0] in {"worksFor", "spokespersonOf"}):  # "an analyst with X"
            out.extend(x for g in c.children if g.dep_ == "pobj" for x in [
                y for y in np_ents(g, ctx) if not (c.lower_ == "at" and _fused_holder(g, y, ctx))] or (
                owned_ents(g, ctx) if c.lower_ == "of" else []) or named_org_part(g, ctx))  # "director of X's
            # Asian arm", "vice-president of the X consultancy"
        if c.dep_ == "prep" and c.lower_ == "for" and titles().get(title_key(title), ("",))[0] != "memberOf":
            # "a spokesman for X"; not "the envoy for Syria", nor "the MP for Northfield" (a seat)
            out.extend(x for g in c.children if g.dep_ == "pobj" for x in np_ents(g, ctx) or named_org_part(g, ctx)
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
                elif party_of(c, ctx):
                    out.append(party_of(c, ctx))  # "Tory MP Peter Luff": the party word on the name
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


def named_org_part(noun: Token, ctx: Context) -> list[str]:
    """'spokesman for St Bernard software', 'vice-president of the Arthur D. Little consultancy', 'manager
    of Toshiba's storage division': a common noun whose name modifier is an organisation stands for a
    part of it, so a post there is a post in that organisation (a place modifier only says where)."""
    if noun.pos_ != "NOUN" or noun.i in ctx.tok2ent or noun.lemma_.lower() not in ORG_NOUNS | ORG_PART_NOUNS | MEDIA_NOUNS:
        return []  # not "Gorman, a partner at Y, of the SEC charges"
    named = [ctx.tok2ent[c.i] for c in noun.children if c.dep_ in {"compound", "poss"} and c.i in ctx.tok2ent]
    return [x for x in dict.fromkeys(named) if ctx.etype(x) == "Organization"][:1]


def party_of(tok: Token, ctx: Context) -> str | None:
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
        owners = [o for o in title_owners(title, title, ctx) if ctx.etype(o) == "Organization"]
        if prop:
            for h in holders:
                for o in owners:
                    ctx.add(h, prop, o, title, "title:role-as:" + key)
