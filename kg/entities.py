"""Entities: mentions in parsed text to one node per real-world entity.

Three steps, all driven by grammar and world knowledge rather than names:

1. ``find_mentions`` takes spaCy's entities and proper-noun runs the model missed, and repairs
   their boundaries (possessives, curly apostrophes, titles fused into names).
2. ``_cues`` records the type evidence the grammar around each mention gives.
3. :func:`kg.identity.resolve` clusters the mentions of a whole build into entities, which later
   stages use by id.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg import gazetteer as gz
from kg.model import Entity
from kg import resources
from kg.resources import LEXICON, table

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
NOT_ENTITY_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"}
BIG_CITY = 500_000
APOSTROPHES = "'\u2019\u2018`"
NOT_NAMES = resources.words("not_names.txt")
TYPE_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "FAC": "Organization", "GPE": "Region",
                 "LOC": "Location"}
PLACE_TYPES = {"Country", "City", "Region", "Location"}
COPULAS = resources.words("copula_verbs.txt")
PERSONAL_BOSS_TITLES = resources.words("personal_boss_titles.txt")  # "X's boss" may be a person's
QUOTE_MARKS = resources.words("quote_marks.txt")
PORTFOLIO_NOUNS = resources.words("portfolio_nouns.txt")  # "the defence ministry" needs its portfolio
KINSHIP = resources.words("kinship_properties.txt")
FACILITY_NOUNS = resources.words("facility_nouns.txt")
COMPASS_NOUNS = resources.words("compass_nouns.txt")
ORG_NOUNS = resources.words("org_nouns.txt")
COMMON_ACRONYMS = resources.words("common_acronyms.txt")
COMPANY_NOUNS = resources.words("company_nouns.txt")
PLACE_NOUNS = resources.words("place_nouns.txt")
TITLE_MODIFIERS = resources.words("title_modifiers.txt")
LANDFORM_NOUNS = resources.words("landform_nouns.txt")
BUILDING_NOUNS = resources.words("building_nouns.txt")
POST_NOMINALS = resources.words("post_nominals.txt")
WORK_NOUNS = resources.words("work_nouns.txt")
REPORTING_VERBS = resources.words("reporting_verbs.txt")
STATE_BODY_NOUNS = resources.words("state_body_nouns.txt")
STATE_OFFICE_NOUNS = resources.words("state_office_nouns.txt")
LEGAL_SUFFIXES = resources.words("legal_suffixes.txt")
FIRM_TAILS = resources.words("firm_tails.txt")
TRADE_NOUNS = resources.words("trade_nouns.txt")  # "Chinese carmaker X", "Apple supplier Y"
ROSTER_MARKS = resources.words("roster_marks.txt")
LOWERCASE_TITLES = resources.words("lowercase_titles.txt")
ROSTER_MIN = 5  # entries a sentence needs to be a team sheet; award lists name three or four nominees
ROSTER_TAIL_MIN = 3  # entries a sentence right after a team sheet needs to go on with it
HONORIFICS = frozenset(r[0] for r in table("honorifics.tsv"))  # words before a person's name: 'Mr', 'Ms', 'Dame'
HONORIFIC_GENDER = {r[0]: r[1] for r in table("honorifics.tsv") if len(r) > 1}  # 'mrs' -> 'female'
ADJECTIVE_ENDINGS = ("an", "ish", "ese", "ic", "i")  # European, British, Chinese, Arabic, Iraqi


@lru_cache(maxsize=1)
def titles() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in table("titles.tsv", LEXICON)}


@lru_cache(maxsize=1)
def title_owner_types() -> dict[str, frozenset[str]]:
    """Titles that only a place (or other given class) can have: 'mayor', 'governor'."""
    expand = {"Place": PLACE_TYPES}
    out = {}
    for cols in table("titles.tsv", LEXICON):
        if len(cols) > 3 and cols[3]:
            out[cols[0]] = frozenset(t for c in cols[3].split("|") for t in expand.get(c, {c}))
    return out


@lru_cache(maxsize=1)
def title_jobs() -> frozenset[str]:
    """Titles that name a job rather than a post ('a Russian historian' does not act for Russia)."""
    return frozenset(r[0] for r in table("titles.tsv", LEXICON) if len(r) > 4 and r[4] == "n")


@lru_cache(maxsize=1)
def former_properties() -> dict[str, str]:
    """Current property -> its past counterpart, for titles marked former (ontology/lexicon/former.tsv)."""
    return {r[0]: r[1] for r in table("former.tsv", LEXICON)}


@dataclass
class Mention:
    """A name in one article. ``label`` is the NER label after repair (or '' when unknown)."""

    article: str
    start: int  # token offsets in the article's Doc
    end: int
    text: str
    label: str
    cues: Counter = field(default_factory=Counter)  # type evidence from the grammar around it
    entity: str = ""
    derived: bool = False  # name completed from grammar, not written in full
    alias_of: int = -1  # start of the mention in this article this one is another name of ("X, known as Y")

    @property
    def key(self) -> str:
        return gz.key(self.text)


def clean_name(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(rf"[{APOSTROPHES}]s?$", "", text.strip())
    text = re.sub(r"^(the|The)\s+", "", text)
    text = re.sub(r"^(?:[Ee]x|[Ff]ormer)-(?=[A-Z])", "", text)  # "Ex-Downing Street media chief"
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:\"'-")
    words = text.split()
    while len(words) > 2 and words[-1] in POST_NOMINALS:  # "Tom Reyes MP", "Ana Ruiz QC": the span keeps
        words.pop()  # the letters, which the grammar hangs appositions on
    text = " ".join(words)
    return text if text.count(".") > 1 else text.rstrip(".")


def _title_word(tok) -> bool:
    """A word of the title lexicon; 'centre' only in lower case ('the Media Centre' is a name)."""
    return tok.lower_ in titles() and (tok.lower_ not in LOWERCASE_TITLES or tok.text.islower())


def _is_title(tok) -> bool:
    """Title words, and portfolio words before a title ("Prime" in "Prime Minister Tony Blair")."""
    if _title_word(tok) or tok.lower_ in NOT_NAMES:
        return True
    if tok.lower_ not in TITLE_MODIFIERS:
        return False
    for nxt in tok.doc[tok.i + 1:tok.i + 5]:
        if _title_word(nxt):
            # "Energy Secretary", "energy secretary" are portfolios; a capitalised word before a lowercase
            # title ("Northwind Energy chief executive X") ends an organisation's name (not so at a
            # sentence's start, which capitalises any word)
            return not (nxt.text.islower() and tok.text[:1].isupper() and not tok.is_sent_start)
        if nxt.lower_ not in TITLE_MODIFIERS and nxt.lower_ not in {"and", "&", "of"}:
            return False
    return False


def _coordinated(span: Span) -> list[Span]:
    """Names the tagger fused together: over a coordination ('the Daily Gazette and The Evening Post': a
    second name opens with a capitalised 'The'), a list ('Smith, Jones', :func:`_separates_names`), an
    honorific ('told the Sunday Times Mr Reyes'), 'v' or 'as' ('Cyprus v Ireland', 'Riverside as Tresk
    lost') or a bracket ('A Kestrel (Northwind', 'Nasa) Ames': a name holds none)."""
    doc = span.doc
    cuts = [t.i for t in span[1:-1] if t.text == "," and _separates_names(t, span)
            or t.lower_ in {"and", "&"} and doc[t.i + 1].text == "The"
            or t.lower_ in HONORIFICS and t.text[:1].isupper() and t.i + 1 < span.end
            or t.text in {"v", "v.", "vs", "vs.", "versus", "as"}]
    cuts += [t.i for t in span if t.text in {"(", ")"}]
    cuts = sorted(set(cuts))
    if not cuts:
        return [span]
    parts, start = [], span.start
    for i in cuts:
        if i > start:
            parts.append(Span(doc, start, i, label=span.label_))
        start = i + 1
    if start < span.end:
        parts.append(Span(doc, start, span.end, label=span.label_))
    return parts


def _separates_names(comma, span: Span) -> bool:
    """'Smith, Jones', 'Napster, Kestrel and Real': a comma inside a person's or organisation's name
    span lists names, unless what follows is a legal form ('Northwind, Inc.')."""
    if span.label_ == "PERSON":
        return True
    after = comma.doc[comma.i + 1]
    return span.label_ == "ORG" and after.text[:1].isupper() and after.lower_.rstrip(".") not in LEGAL_SUFFIXES


def _fuses_names(span: Span) -> bool:
    """An organisation span over a list of names ('Napster, Kestrel', often people's)."""
    return span.label_ == "ORG" and any(
        t.text == "," and _separates_names(t, span) for t in span[1:-1])


def _bracket_club(doc: Doc, open_: int) -> tuple[int, int] | None:
    """The club in a team sheet's bracket opening at ``open_``: '(Northwind)', '(The Borders)',
    '(Northwind, capt)' -> the token range of the name; None for anything else ('(Tresk 82)', a
    substitution; '(the firm)')."""
    close = next((t.i for t in doc[open_ + 1:open_ + 9] if t.text in {")", "("}), None)
    if close is None or doc[close].text != ")" or close == open_ + 1:
        return None
    start, end = open_ + 1, close
    if doc[start].text == "The":
        start += 1
    if end - start > 2 and doc[end - 2].text == "," and doc[end - 1].lower_.rstrip(".") in ROSTER_MARKS:
        end -= 2
    words = doc[start:end]
    if not len(words) or not all(t.text[:1].isupper() and t.is_alpha or t.text in {"-", "&"} for t in words):
        return None
    return start, end


def roster(sent: Span) -> list[tuple[int, int, int]]:
    """A team sheet: 'A Kestrel (Northwind), B Lowe (Tresk Rovers), C Pike (Northwind, capt), ...' ->
    (the player's last token, the club's start, end) per entry. Only a long list in which some club
    supplies two players is one: a list of nominees and their films ('A (Film), B (Film)') names a
    different film each time and is short."""
    doc = sent.doc
    entries = []
    for t in sent:
        name = doc[t.i - 1].text.replace("'", "").replace("-", "") if t.i > sent.start else ""
        if t.text == "(" and name[:1].isupper() and name.isalpha():  # "R O'Gara (Munster)"
            club = _bracket_club(doc, t.i)
            if club and club[1] <= sent.end:
                entries.append((t.i - 1, *club))
    clubs = Counter(doc[s:e].text.lower() for _, s, e in entries)
    if len(entries) >= ROSTER_MIN and clubs.most_common(1)[0][1] >= 2:
        return entries
    if len(entries) >= ROSTER_TAIL_MIN and sent.start > 0 and roster(doc[sent.start - 1].sent):
        return entries  # the rest of a team sheet: 'Uncapped: A (X), B (Y), C (X).'
    return []


def _roster_cue(span: Span) -> str:
    """'Organization' for the club of a team-sheet entry, 'Person' for its player, else ''."""
    doc = span.doc
    near = (span.start > 0 and doc[span.start - 1].text in {"(", "The"}) or (
        span.end < len(doc) and doc[span.end].text == "(")
    if not near:
        return ""
    for player, start, end in roster(span.sent):
        if (start, end) == (span.start, span.end):
            return "Organization"
        if player == span.end - 1:
            return "Person"
    return ""


def _plural_possessor_in_name(span: Span) -> bool:
    """'the Women's Tennis Association', 'the Veterans' Fund': a plural word after 'the' and before the
    possessive belongs to the organisation's name (a named owner takes no article: 'Kestrel's chief')."""
    pos = [t for t in span if t.tag_ == "POS" or t.text in APOSTROPHES]
    if span.label_ != "ORG" or len(pos) != 1 or pos[0].i == span.start or pos[0].i + 1 >= span.end:
        return False
    owner = span.doc[pos[0].i - 1]
    return (owner.tag_ in {"NNS", "NNPS"} and owner.text[:1].isupper() and owner.i > 0
            and span.doc[owner.i - 1].lower_ == "the")


def _trim(span: Span) -> list[Span]:
    """Repair a name span: split at possessives and fused coordinations, drop fused titles and
    determiners."""
    parts = _coordinated(span)
    if len(parts) > 1:
        return [x for p in parts for x in _trim(p)]
    doc = span.doc
    parts: list[Span] = []
    start = span.start
    tail = [t for t in span if t.i > max((x.i for x in span if x.tag_ == "POS"), default=span.end)]
    if tail and all(t.lower_ in ORG_NOUNS for t in tail):
        return [span]
    if _plural_possessor_in_name(span):
        return [span]
    for t in span:
        if t.tag_ == "POS" or (t.text in APOSTROPHES and t.i + 1 < span.end and doc[t.i + 1].lower_ == "s"):
            if t.i > start:
                parts.append(doc[start:t.i])
            start = t.i + 1 + (t.text in APOSTROPHES)
    if start < span.end:
        parts.append(doc[start:span.end])
    out = []
    for p in parts:
        s, e = p.start, p.end
        while s < e and (doc[s].pos_ in {"DET", "PUNCT", "ADP", "PRON"} or _is_title(doc[s])
                         or doc[s].text in COMPASS_NOUNS  # "northeast Nigeria"
                         or (span.label_ == "PERSON" and e - s > 2 and _nationality_word(doc[s].text))):
            if doc[s].pos_ == "PROPN" and doc[s + 1:e].root.lower_ in ORG_NOUNS and e - s > 2 and span.label_ == "ORG":
                break  # "Queen Mary University": a title word can open an organisation's name
            if doc[s].text in calendar.day_name and span.label_ == "ORG" and e - s > 1:
                break  # "Sunday Times"
            s += 1
        portfolio = False
        while e > s and (doc[e - 1].pos_ in {"PUNCT", "PART", "CCONJ"} or doc[e - 1].tag_ == "POS"
                         or (doc[e - 1].lower_ in HONORIFICS and e < len(doc) and doc[e].pos_ == "PROPN")
                         or doc[e - 1].lower_ in {"of", "for", "the"}
                         or (doc[e - 1].lower_ in TITLE_MODIFIERS and _is_title(doc[e - 1])
                             and doc[e - 2].lower_ not in {"of", "and", "&", "for"})):  # not "Ministry of Defence"
            portfolio = portfolio or doc[e - 1].lower_ in TITLE_MODIFIERS
            e -= 1  # "European Competition" of "European Competition Commissioner X" is a portfolio
        if portfolio and e - s == 1 and doc[s].lower_.endswith(ADJECTIVE_ENDINGS) and not gz.lookup(doc[s].text):
            continue  # ... and "European" alone an adjective, not a name
        if e > s:
            out.append(doc[s:e])
    return out


IRISH_NAME = re.compile(r"[A-Z]'[A-Z][a-z]+")  # "O'Gara", "D'Arcy": a name, though not all letters


def _proper_runs(doc: Doc, taken: set[int]) -> list[Span]:
    """Runs of proper nouns the NER missed ("SOCAR head", "Grozny, the capital")."""
    runs, cur = [], []
    for t in doc:
        ok = (t.pos_ == "PROPN" and t.i not in taken and t.text[:1].isupper() and not _is_title(t)
              and t.tag_ != "POS" and (t.is_alpha or IRISH_NAME.fullmatch(t.text) is not None))
        if ok:
            cur.append(t.i)
        else:
            if cur:
                runs.append(doc[cur[0]:cur[-1] + 1])
            cur = []
    if cur:
        runs.append(doc[cur[0]:cur[-1] + 1])
    return runs


ACRONYM_IN_BRACKETS = re.compile(r"\([A-Z]{2,6}\)")
DEFINED_ACRONYM = re.compile(r"((?:[a-z][\w-]*\s+){1,5})\(([A-Z]{2,6})\)")


def _defined_acronyms(doc: Doc) -> set[str]:
    """Acronyms the text defines for a common-noun phrase: 'liquefied natural gas (LNG)'. Most texts
    have no acronym in brackets, and looking for one first spares them the phrase search, which tries
    every lowercase letter of the text (``doc.text`` is read once: spaCy joins it up from the tokens)."""
    out: set[str] = set()
    text = doc.text
    if not ACRONYM_IN_BRACKETS.search(text):
        return out
    for m in DEFINED_ACRONYM.finditer(text):
        initials = "".join(w[0] for w in re.split(r"[\s-]+", m.group(1).strip()) if w)
        if initials.upper().endswith(m.group(2)[: len(initials)]) or m.group(2)[0] == initials[0].upper():
            out.add(m.group(2))
    return out


def _cues(span: Span) -> Counter:
    """Type evidence from the grammar: 'bank Gazprombank', 'X, a media outlet', 'X chief'."""
    c: Counter = Counter()
    root = span.root
    near = [t for t in root.children if t.dep_ in {"compound", "appos"} and t.i not in range(span.start, span.end)
            and not describes_pobj(t)]
    if root.dep_ == "appos" or root.dep_ == "compound":
        near.append(root.head)
        if root.dep_ == "compound" and root.head.dep_ == "compound" and root.head.pos_ == "NOUN":
            near.append(root.head.head)  # "Global Asset Management investment chief X"
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "its ministers A and B": B shares A's title
    if first is not root and first.dep_ == "appos":
        near.append(first.head)
    if len(span) > 2 and span[-1].text in POST_NOMINALS:
        c["Person"] += 2  # "Ana Ruiz QC"
    if len(span) > 1 and span[-1].lower_.rstrip(".") in LEGAL_SUFFIXES:
        c["Organization"] += 2  # "Harold Fenwick and Co", "Vell Holdings": a legal form ends only a firm's name
    elif len(span) > 1 and (root.lower_ in ORG_NOUNS or root.lower_ in FACILITY_NOUNS):
        c["Organization"] += 1  # "SOCAR Carbamide Plant", "Helix Power Company"
    elif len(span) > 1 and (root.lower_ in LANDFORM_NOUNS or root.lower_ in BUILDING_NOUNS):
        c["Location"] += 2  # "the Kerrow Peninsula", "the Vell Islands", "the Tom Kestrel Theater"
    beside = near + [t for t in root.children if t.dep_ in {"amod", "nmod"} and t.i < span.start]
    maker = root.dep_ == "compound" and root.head.lemma_.lower() in WORK_NOUNS  # "a Quarvex song": who made it
    if not maker and any(t.lemma_.lower() in WORK_NOUNS for t in beside) or (
            root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head.lemma_.lower() in WORK_NOUNS):
        c["Work"] += 2  # "the film X", "X the musical", "his role as X": a title or a character
    doc = span.doc
    if 0 < span.start and span.end < len(doc) and doc[span.start - 1].text in QUOTE_MARKS and doc[span.end].text in QUOTE_MARKS:
        c["Work"] += 1  # 'known as "X"', 'the single "X"': a title or a nickname
    if root.dep_ != "compound" and any(t.dep_ == "det" and t.lower_ in {"a", "an"} for t in root.children):
        c["Kind"] += 1  # "won an X", "a second X": a thing of a kind (an award, a product), not one entity
    definite = span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    if (len(span) == 1 or definite) and root.dep_ == "pobj" and root.head.lower_ in {"of", "at"} and _heads_title(
            root.head.head):
        c["Organization"] += 1  # "the chief executive of X", "director of the X Opera House" (a bare full
        # name there is a misparse's)
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "near", "outside", "from"}:
        c["Locative"] += 1  # "a defeat in X": where something happened, if X is a place at all
    if _named_by_place_noun(span):
        c["Region"] += 2  # "the port of X", "the city of X"
    if root.dep_ == "nsubj" and root.head.lemma_ in COPULAS:
        near += [c for c in root.head.children if c.dep_ == "attr"]  # "X is a state corporation"
    for t in near:
        if t.lemma_.lower() in ORG_NOUNS or t.lower_ in ORG_NOUNS or (
                t.text.islower() and t.lemma_ in TRADE_NOUNS and t.i < span.start):
            c["Organization"] += 2  # "X group", "Apple supplier X" (but "Hollywood studios": the studios' place)
        elif t.lemma_.lower() in PLACE_NOUNS and t.dep_ == "appos" or root.dep_ == "appos" and t.lemma_.lower() in PLACE_NOUNS:
            c["Region"] += 2
        elif _team_role(t) and root.dep_ == "compound" and root.head.i == t.i and t.i == span.end:
            c["Organization"] += 2  # "Kestrel frontman X", "Tresk Saints flanker Y": a band or a club
        elif titles().get(t.lower_, titles().get(t.lemma_.lower(), ("",)))[0] in {"heads", "worksFor", "spokespersonOf"}:
            # "SOCAR head X": the name before a title is an organisation or state
            if root.dep_ == "compound" and (root.head.i == t.i or root.head.head.i == t.i):
                c["Organization"] += 2
            elif t.head.i == root.i and t.dep_ == "compound" and t.i < span.start:
                c["Person"] += 2  # "Ministry of Defence official X": a title written before a name
            elif t.head.i == root.i or t in root.children:
                c["Person"] += 1  # "X, chairman of Y"
            elif first.dep_ == "appos" and first.head.i == t.i:
                c["Person"] += 2  # "the ousted president, X", "their prime ministers X and Y"
    role = _roster_cue(span)
    if role:
        c[role] += 2  # a team sheet: 'A Kestrel (Northwind), ...'
    if root.dep_ == "poss" and _owned_by_organisations(root.head):
        c["Organization"] += 1  # "Yukos's subsidiary", "San Miguel's president"
    if root.dep_ in {"poss", "compound"} and root.head.lemma_.lower() in COMPANY_NOUNS:
        c["Organization"] += 2  # "X's shares", "X shareholders"
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "of"} and root.head.head.lemma_.lower() in COMPANY_NOUNS:
        c["Organization"] += 2  # "shares in X", "a stake in X", "the takeover of X"
    after = span.doc[span.end:span.end + 3]
    if len(after) == 3 and after[0].text == "," and after[1].lower_ == "who":
        c["Person"] += 1  # "X, who ..."
    elif root.dep_ == "nsubj" and root.head.lemma_ in REPORTING_VERBS and len(after) >= 2 and (
            after[0].i == root.head.i and after[1].lower_ in {"he", "she"}):
        c["Person"] += 1  # "X said he ..."
    before = span.doc[span.start - 1] if span.start else None
    if before is not None and before.lower_ in HONORIFICS and before.text[:1].isupper():  # not "to miss X"
        c["Person"] += 2  # "Mr Jordan", "Dame Kelly"
        c["Honorific"] += 1
        if HONORIFIC_GENDER.get(before.lower_) in {"male", "female"}:
            c[HONORIFIC_GENDER[before.lower_].capitalize()] += 1  # "Mrs Lowe" is no "Mr Lowe"
    elif before is not None and before.lower_ == "the" and len(span) == 1:
        c["Definite"] += 1  # "the Library", "the Budget": a person's name takes no article
        if before.text == "The" and not before.is_sent_start:
            c["Titled"] += 1  # "Scorsese's The X": 'The' begins a title (or a newspaper's name)
    if root.dep_ == "pobj" and root.head.lower_ in {"at", "to"} and _heads_title(root.head.head):
        c["PostAt"] += 1  # "head of security at X", "ambassador to the X": where a post is (or its holder, fused)
    if _told_the(span):
        c["Organization"] += 2  # "told the Herald", "in an interview with the Mail": an outlet, not a person
    if gz.key(span.text) in gz.region_abbreviations():
        c["Region"] += 2  # "Brackton, Okla.", "N.Y.": an abbreviated state is the state, not its namesake city
    if _before_its_state(span):
        c["City"] += 2  # "Kestrel, Minn.", "Dunmore, Texas": a town named with the state it lies in
    if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS and root.head.i == span.end:
        c["City" if root.head.lemma_.lower() == "city" else "Region"] += 2  # "Washington state"
    # listed among organisations: "arbitration brought by BP, Shell, Edison and Repsol"
    peers = [t for t in root.children if t.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
    if peers and all(t.ent_type_ == "ORG" for t in peers):
        c["Organization"] += 1
    return c


def _told_the(span: Span) -> bool:
    """'X told the Herald', 'speaking to the Mail', 'in an interview with the Globe': one capitalised word
    after 'the' that is told something is a newspaper's short name or a body ('told the Senate'); a
    person takes no article, so the tagger's person or a common noun's capital is no reason to drop it."""
    root = span.root
    if len(span) != 1 or span.start == 0 or span.doc[span.start - 1].lower_ != "the":
        return False
    head = root.head
    if root.dep_ in {"dobj", "dative"}:
        return head.lemma_.lower() == "tell"
    if root.dep_ == "pobj" and head.lower_ == "to":
        return head.head.lemma_.lower() in {"speak", "talk"}
    return root.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() == "interview"


def _before_its_state(span: Span) -> bool:
    """'Kestrel, Minn.', 'Dunmore, N.J.': a name set before a comma and a state of a federation (a region
    the gazetteer knows, in a country) is a town there, in datelines and after names ('X, of Kestrel,
    Tenn.'); the state closes the phrase ('Dunmore, Texas, said', not 'without Hill, England have' nor
    'at Roma, the England skipper'), so it is not one item of a list ('Texas, Ohio and Iowa')."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "," or not doc[span.end + 1].text[:1].isupper() or (
            span.label_ == "PERSON"):
        return False
    for n in (1, 2):
        end = span.end + 1 + n
        place = gz.lookup(doc[span.end + 1:end].text) if end <= len(doc) else None
        if place and place.kind == "Region" and place.country and place.country != place.name:
            return _closes(doc, end)
    # "Ann Lowe, of Tresk, Wessex,": a person's home town written with its county
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].text == ",":
        county = next((e for e in doc.ents if e.start == span.end + 1 and e.label_ in {"GPE", "LOC"}), None)
        return county is not None and _closes(doc, county.end)
    return False


def _closes(doc: Doc, end: int) -> bool:
    """The phrase ends at ``end``: the text ends or punctuation (not a possessive's apostrophe) follows."""
    return end == len(doc) or doc[end].is_punct and doc[end].text not in {"'", "\u2019"}


def _team_role(tok) -> bool:
    """A job in a team or band whose owner is an organisation, never a person ('frontman', 'flanker';
    not 'team-mate', nor 'member'; not a post such as 'MP', which a seat's name may precede)."""
    word = tok.lower_ if tok.lower_ in titles() else tok.lemma_.lower()
    owners = title_owner_types().get(word, frozenset())
    return titles().get(word, ("",))[0] == "memberOf" and "Organization" in owners and "Person" not in owners and \
        word in title_jobs() and tok.text.islower()  # not 'MP': 'Hornsey MP X' names a seat


def describes_pobj(appos) -> bool:
    """'X of the Kestrel Council, a Brussels-based group': an apposition after 'of/at/from' and a name
    describes that name (the parser hangs it on X)."""
    return appos.dep_ == "appos" and any(
        p.dep_ == "prep" and p.lower_ in {"of", "at", "from"} and p.i < appos.i and any(
            g.dep_ == "pobj" and g.pos_ == "PROPN" for g in p.children) for p in appos.head.children)


def _heads_title(tok) -> bool:
    """A title held in an organisation or state ('chief executive', 'chairman'), not one only a place has."""
    word = tok.lower_ if tok.lower_ in titles() else tok.lemma_.lower()
    return titles().get(word, ("",))[0] in {"heads", "worksFor"} and word not in title_owner_types()


def _owned_by_organisations(noun) -> bool:
    """Nouns a person rarely possesses: 'X's subsidiary', 'X's president' (but 'X's chief of staff', 'X's boss')."""
    lemma = noun.lemma_.lower()
    if lemma in ORG_NOUNS:
        return True
    return titles().get(lemma, ("",))[0] == "heads" and lemma not in PERSONAL_BOSS_TITLES


@lru_cache(maxsize=1)
def english() -> dict[str, frozenset[str]]:
    """English words by class ('verb', 'adj', 'noun'), from the spaCy model's lemmatizer tables
    (WordNet's index), read from the installed package: no pipeline is loaded."""
    import spacy
    from spacy.lookups import Lookups

    from kg.nlp import DEFAULT_MODEL

    for path in sorted(spacy.util.get_package_path(DEFAULT_MODEL).glob("*/lemmatizer/lookups")):
        table = Lookups().from_disk(path).get_table("lemma_index")
        return {pos: frozenset(table[pos]) for pos in ("noun", "verb", "adj", "adv")}
    return {pos: frozenset() for pos in ("noun", "verb", "adj", "adv")}


@lru_cache(maxsize=8)
def english_words(*pos: str) -> frozenset[str]:
    """English words of the classes *pos* ('noun', 'verb', 'adj', 'adv') together."""
    return frozenset().union(*(english()[p] for p in pos))


def _with_demonyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'British' + 'Library', 'Australian' + 'Open', 'Swiss' + 'Re' tagged apart: a demonym right before
    a name made of common English words is part of that name, which is no person's ('the British
    Library said'). A demonym before a person's name stays a description ('American Ada Vell'), and
    so does one before a title ('Spanish Judge')."""
    words = english_words("noun", "adj")
    at = {m.start: m for m in mentions}
    fused: dict[int, Mention] = {}
    for m in mentions:
        n = at.get(m.end)
        if m.label != "NORP" or n is None or n.label == "NORP" or m.start in fused or n.text.split()[0] == m.text:
            continue
        first = n.text.split()[0].lower()
        if not words.issuperset(n.text.lower().split()) or first in titles() or n.label == "PERSON" and " " in n.text:
            continue
        label = n.label if n.label in {"ORG", "FAC", "GPE", "LOC"} else "ORG" if n.label == "PERSON" else ""
        fused[m.start] = Mention(m.article, m.start, n.end, f"{m.text} {n.text}", label, _cues(doc[m.start:n.end]))
        fused[n.start] = fused[m.start]
    return [fused.get(m.start, m) for m in mentions if m.start not in fused or fused[m.start].start == m.start]


def find_mentions(doc: Doc, article: str) -> list[Mention]:
    """All name mentions in one parsed article, boundaries repaired."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    junk = _defined_acronyms(doc) | COMMON_ACRONYMS
    spans = [(e, e.label_) for e in doc.ents if e.label_ in NER_LABELS]
    for ent, label in spans:
        taken.update(range(ent.start, ent.end))
    for e in doc.ents:
        if e.label_ in NOT_ENTITY_LABELS:  # "Christmas": a date, no entity
            taken.update(range(e.start, e.end))
    works = {i for e in doc.ents if e.label_ == "WORK_OF_ART" for i in range(e.start, e.end)}
    spans += [(r, "") for r in _proper_runs(doc, taken)]
    spans = [(_with_acronym(_with_state(s)) if label == "ORG" else s, label) for s, label in spans]
    spans = _joined_names(_with_firm_tail(_with_particles(spans)))
    for span, label in spans:
        if _fuses_names(span):
            label = ""  # the tagger's label was for the fused whole: each name's type is decided by votes
        for part in _trim(span):
            text = clean_name(part.text)
            if not text or not any(ch.isupper() for ch in text[:1]) or text in junk or text in POST_NOMINALS:
                continue
            if text.casefold() in NOT_NAMES or len(text) < 2 or any(ch.isdigit() for ch in text):
                continue
            lab = label
            if gz.demonym_country(text) and not gz.lookup(text):
                lab = "NORP"
            elif label and not gz.lookup(text) and any(t.tag_ == "POS" for t in span.doc[span.start:part.start]):
                lab = ""  # a possessor split off a mis-tagged span: its type is decided by votes
            if lab == "NORP" and not gz.demonym_country(text) and _place_slot(part):
                lab = "GPE"  # "the Syrian city of Aleppo" tagged NORP like its demonym: a place all the same
            if lab == "NORP" and not gz.demonym_country(text):
                if not (part.end < len(doc) and doc[part.end].tag_ == "POS"):
                    continue
                lab = ""  # "Symantec's CEO" tagged NORP: a possessor is a name, most often an organisation's
                cues = _cues(part) + Counter({"Organization": 1})
                mentions.append(Mention(article, part.start, part.end, text, lab, cues))
                continue
            mentions.append(Mention(article, part.start, part.end, text, lab, _cues(part)))
    mentions = _with_demonyms(doc, mentions)
    lower = {t.lower_ for t in doc if t.pos_ == "NOUN" and t.text.islower()}
    for m in mentions:
        last = m.text.split()[-1].casefold().rstrip(".")
        if not m.label and works.issuperset(range(m.start, m.end)) and last not in ORG_NOUNS and (
                last not in LEGAL_SUFFIXES):  # "<Barwon Farms Ltd>" is a firm whatever the tagger read
            m.cues["Work"] += 2  # the tagger read a title ("The Kestrel", "Moon over Vell")
        if m.end - m.start == 1 and m.text.istitle() and m.text.lower() in lower:
            m.cues["Common"] += 1  # "the Budget" in a story that speaks of "a budget"
    extra = _repeat_mentions(doc, mentions)
    covered = {i for m in extra for i in range(m.start, m.end)}
    mentions = [m for m in mentions if m.label or not covered.issuperset(range(m.start, m.end))] + extra
    mentions += _state_offices(doc, {i for m in mentions for i in range(m.start, m.end)}, article)
    for m in mentions:
        m.text = _state_office_name(m.text)
    mentions.sort(key=lambda m: m.start)
    _complete_first_names(doc, mentions)
    _known_as(doc, mentions)
    return mentions


def _renamed(doc: Doc, tok, at: dict[int, Mention]) -> None:
    new = at.get(tok.i + 1 + (doc[tok.i + 1].lower_ == "as"))
    verb = tok.head if tok.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in tok.children) else tok
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    old = at.get(subject.i) if subject is not None else None
    if new is not None and old is not None and new is not old and new.start == tok.i + 1 + (
            doc[tok.i + 1].lower_ == "as") and "PERSON" not in (old.label, new.label):
        new.alias_of = old.start


def _known_as(doc: Doc, mentions: list[Mention]) -> None:
    """'X, a firm formally known as Y', 'X (also known as Y)', 'X has been renamed Y': Y is another
    name of X."""
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    for tok in doc[:-2]:
        if tok.lower_ in {"named", "renamed"} and any(c.dep_ == "auxpass" for c in tok.children):
            _renamed(doc, tok, at)  # "X ... has been renamed Y"
            continue
        if tok.lower_ != "known" or doc[tok.i + 1].lower_ != "as":
            continue
        j = tok.i + 2 + (doc[tok.i + 2].lower_ == "the")
        alias = at.get(j)
        if alias is None or alias.start != j:
            continue
        head = tok.head
        owner = at.get(head.i) or (at.get(head.head.i) if head.dep_ == "appos" else None)
        edge = head.left_edge.i
        if owner is None and head.pos_ == "NOUN" and edge > 1 and doc[edge - 1].text == ",":
            owner = at.get(edge - 2)  # "X, a firm known as Y" parsed without the apposition
        if owner is None:  # "X, formerly known as Y" however the parser attached it
            k = tok.i - 1
            k -= k >= 0 and doc[k].pos_ == "ADV"
            k -= k >= 0 and doc[k].text in ",("
            owner = at.get(k) if k >= 0 else None
        if owner is not None and owner is not alias and owner.label != "PERSON" and alias.label != "PERSON":
            alias.alias_of = owner.start


NAME_PARTICLES = resources.words("name_particles.txt")


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen with no space on either side joins two parts of one word ('Magnenat-Thalman')."""
    return (0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i - 1].is_alpha and doc[i + 1].is_alpha)


def _name_start(span: Span) -> int:
    """Where a name really starts: a hyphened proper word before it is part of it ('Blu-ray Disc
    Association', 'Nadia Magnenat-Thalman' cut at the hyphen), and so is a demonym coordinated with its
    first word ('British and Irish Lions': 'British' modifies the same name)."""
    doc, start = span.doc, span.start
    while True:
        if start >= 3 and _glued_hyphen(doc, start - 2) and doc[start - 1].whitespace_ and (
                doc[start - 3].pos_ == "PROPN" and doc[start - 3].text[:1].isupper()) and (
                doc[start - 1].text.islower() and doc[start - 1].pos_ == "PROPN"):
            start -= 3  # "Blu-ray" + "Disc Association" ("WRAZ-TV" + "Fox" are two names, "Hindi-language" a modifier)
        elif start >= 2 and _glued_hyphen(doc, start - 1) and doc[start - 2].text[:1].isupper() and (
                doc[start - 2].pos_ == "PROPN"):
            start -= 2  # "Magnenat" + "-" + "Thalman"
        else:
            break
    if (span.label_ == "ORG" and span.end - start > 1 and start >= 2 and doc[start - 1].lower_ == "and"
            and all(gz.demonym_country(doc[k].text) for k in (start - 2, start))):
        start -= 2  # "Scottish and Welsh Falcons", however the parser hung "Scottish"
    return start


def _name_end(span: Span) -> int:
    """Where a name really ends: 'Nadia Magnenat' + '-Thalman' is one name."""
    doc, end = span.doc, span.end
    while end + 1 < len(doc) and _glued_hyphen(doc, end) and doc[end + 1].text[:1].isupper() and (
            doc[end + 1].pos_ == "PROPN"):
        end += 2
    return end


def _common_last_word(span: Span) -> bool:
    """'the Texas Parks' ends in a common noun (a piece of a longer name); 'the IMF' is a whole name."""
    last = span[-1].lower_
    return not span[-1].is_upper and (last in english_words("noun") or last[:-1] in english_words("noun"))


def _joined_names(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Names the tagger cut in pieces, put back together: across a hyphen inside a word, across an
    adjective coordinated with the name's first word, and 'the Texas Parks' + 'and' + 'Wildlife Department'
    when the parse hangs the first piece on the second's head (one name, not two organisations; 'A and B'
    as two names are conjuncts). The pieces the joined name covers are dropped."""
    spans = sorted(spans, key=lambda x: x[0].start)
    grown: list[tuple[Span, str]] = []
    for span, label in spans:
        doc = span.doc
        start, end = _name_start(span), _name_end(span)
        if grown and label == "ORG" and grown[-1][1] == "ORG" and start >= 2 and doc[start - 1].lower_ == "and":
            prev = grown[-1][0]
            outside = [t for t in prev if t.head.i not in range(prev.start, prev.end)]
            listed = prev.start > 0 and doc[prev.start - 1].text == ","  # "A, B Capital and C Group": a list
            if prev.end == start - 1 and outside and not listed and _common_last_word(prev) and all(
                    t.head.i in range(start, end) and t.dep_ in {"nmod", "compound", "det"} for t in outside):
                grown[-1] = (doc[prev.start:end], label)
                continue
        grown.append((doc[start:end] if (start, end) != (span.start, span.end) else span, label))
    out = []
    for span, label in grown:
        if any(o.start <= span.start and span.end <= o.end and (o.start, o.end) != (span.start, span.end)
               for o, _ in grown):
            continue
        out.append((span, label))
    return out


def _with_particles(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """'Ursula Von' + 'der' + 'Leyen' tagged apart: a person's name runs on through its particles."""
    out: list[tuple[Span, str]] = []
    covered: set[int] = set()
    for span, label in sorted(spans, key=lambda x: x[0].start):
        if span.start in covered:
            continue
        doc, end = span.doc, span.end
        if label == "PERSON":
            i = end
            while i < len(doc) and doc[i].lower_ in NAME_PARTICLES and doc[i].text.islower():
                i += 1
            if i > end and i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha:
                end = i + 1
                covered.update(range(span.end, end))
        out.append((doc[span.start:end] if end > span.end else span, label))
    return out


def _named_by_place_noun(span: Span) -> bool:
    """'the city of X', 'the port of X': a place noun names what its 'of' phrase holds."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS


def _place_slot(span: Span) -> bool:
    """'the city of X' (:func:`_named_by_place_noun`), or a town the gazetteer knows after 'in', 'to',
    'from' or 'near' ('Brits see no further' is no town)."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        return _named_by_place_noun(span)
    return root.dep_ == "pobj" and root.head.lower_ in {"in", "to", "from", "near", "into", "outside"} and (
        gz.lookup(span.text) is not None)


def _with_firm_tail(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """'Harold Fenwick' + 'and Co' tagged apart: a name runs on through 'and' or '&' and a firm's tail
    word (firm_tails.txt); a span the tail alone made is dropped."""
    out: list[tuple[Span, str]] = []
    tails: set[int] = set()
    for span, label in sorted(spans, key=lambda x: x[0].start):
        doc, end = span.doc, span.end
        if span.start in tails:
            continue
        if end + 1 < len(doc) and doc[end].lower_ in {"and", "&"} and doc[end + 1].text[:1].isupper() and (
                doc[end + 1].lower_.rstrip(".") in FIRM_TAILS) and label != "GPE":
            tails.add(end + 1)
            out.append((doc[span.start:end + 2], "ORG"))
        else:
            out.append((span, label))
    return out


def _nationality_word(word: str) -> bool:
    """'Turkey Tom Barrack', 'Russian Igor Petrov', 'Briton Karl Vell': a country or demonym before a
    person's full name says where the person is from or posted to."""
    return _is_country(word) or bool(gz.demonym_country(word))


def _is_country(word: str) -> bool:
    place = gz.lookup(word)
    return bool(place and place.kind == "Country")


def _initials(name: str) -> str:
    """The initials of a name's capitalised words: what an acronym defined after it reads."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _with_acronym(span: Span) -> Span:
    """'Organisation for Security and Co-operation' + 'in Europe (OSCE)': the acronym the text gives
    says where the name ends."""
    doc = span.doc
    for end in range(span.end + 1, min(span.end + 6, len(doc) - 2)):
        if doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text.isupper():
            longer = doc[span.start:end]
            if doc[span.end].lower_ in {"in", "of", "for", "and", "on"} and _initials(longer.text) == doc[end + 1].text:
                return longer
            break
        if not (doc[end].text[:1].isupper() or doc[end].lower_ in {"in", "of", "for", "and", "on", "the"}):
            break
    return span


def _with_state(span: Span) -> Span:
    """'Armenian' + 'Defence Ministry' tagged apart: a state's body keeps its demonym in its name."""
    if span.start and span.root.lower_ in STATE_BODY_NOUNS and gz.demonym_country(span.doc[span.start - 1].text):
        return span.doc[span.start - 1:span.end]
    return span


def _state_office_name(text: str) -> str:
    """'Estonian health ministry', tagged whole by NER, is named like the office the grammar finds in
    'the Estonian health ministry said' ('Estonian Health Ministry'): one node, whichever found it."""
    words = text.split()
    if len(words) < 2 or words[-1] not in STATE_OFFICE_NOUNS or not gz.demonym_country(words[0]) or not all(
            w.isalpha() and w.islower() for w in words[1:]):
        return text
    return " ".join([words[0]] + [w.capitalize() for w in words[1:]])


def _state_offices(doc: Doc, taken: set[int], article: str) -> list[Mention]:
    """Lowercase bodies of a named state: 'Azerbaijan's defence ministry' is the node 'Azerbaijani
    Defence Ministry', 'Russia's embassy in London' the 'Russian Embassy' (state_office_nouns.txt)."""
    out = []
    for tok in doc:
        noun = tok.lemma_.lower()
        if noun not in STATE_OFFICE_NOUNS or tok.i in taken or not tok.text.islower():
            continue
        country, written, words = None, None, []
        for c in sorted(tok.children, key=lambda c: c.i):
            place = gz.lookup(c.text) if c.dep_ in {"poss", "compound", "nmod"} else None
            if place and place.kind == "Country" and c.i in taken:
                country, written = place.name, c.text if c.dep_ != "poss" else None  # "US court", "Russia's"
            elif c.dep_ in {"amod", "compound", "nmod"} and gz.demonym_country(c.text):
                country, written = gz.demonym_country(c.text), c.text
            elif c.dep_ in {"amod", "compound"} and c.i > tok.i - 4 and c.text.isalpha() and c.text.islower():
                words.append(c)
        portfolio = [w for w in words if w.lower_ in TITLE_MODIFIERS]
        words = portfolio if noun in PORTFOLIO_NOUNS else words
        if not country or not words and noun in PORTFOLIO_NOUNS:
            continue
        start = min([w.i for w in words] + [tok.i])
        adjective = written or gz.country_adjectives().get(country, country)
        name = " ".join([adjective] + [w.text.capitalize() for w in words] + [noun.capitalize()])
        out.append(Mention(article, start, tok.i + 1, name, "ORG", Counter({"Organization": 2})))
    return out


def _repeat_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A name the article uses elsewhere is a name here too, even where NER or the tagger missed it
    ("Transneft vice-president ..." parsed with Transneft as a verb): one sense per discourse."""
    known: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        words = tuple(t.text for t in doc[m.start:m.end])
        if m.label != "NORP" and len(m.text) >= 3 and m.text == " ".join(words) and words[0][:1].isupper():
            known.setdefault(words, m)
    by_first: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}
    for words, m in sorted(known.items(), key=lambda kv: -len(kv[0])):  # longest name first
        by_first.setdefault(words[0], []).append((words, m))
    taken = {i for m in mentions for i in range(m.start, m.end)}
    fragment = {}  # tokens of proper-noun runs the tagger did not call names: a known longer name may cover them
    for m in mentions:
        if not m.label:
            fragment.update({i: (m.start, m.end) for i in range(m.start, m.end)})
    out: list[Mention] = []
    for i, tok in enumerate(doc):
        if i in taken and i not in fragment or tok.text not in by_first:
            continue
        for words, m in by_first[tok.text]:
            end = i + len(words)
            inside = all(fragment[j][0] >= i and fragment[j][1] <= end for j in range(i, end) if j in fragment)
            if end > len(doc) or not inside or any(j in taken and (j not in fragment or len(words) == 1)
                                                   for j in range(i, end)):
                continue
            if tuple(t.text for t in doc[i:end]) != words:
                continue
            if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                continue  # part of a longer name ("Gazprom" inside "Gazprom Neft")
            if i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and not doc[i - 1].is_sent_start:
                continue
            out.append(Mention(m.article, i, end, m.text, m.label, _cues(doc[i:end])))
            taken.update(range(i, end))
            for j in range(i, end):
                fragment.pop(j, None)
            break
    return out


def _complete_first_names(doc: Doc, mentions: list[Mention]) -> None:
    """A first name alone borrows the surname the grammar gives it: "Huseyn and Ziyaddin Safarov"
    are both Safarovs; "Aliyev's father, Heydar" is a Heydar Aliyev. Such names are marked derived."""
    at = {m.start: m for m in mentions}
    for m in mentions:
        if m.label != "PERSON" or m.end - m.start != 1:
            continue
        tok = doc[m.start]
        if m.start and doc[m.start - 1].lower_.rstrip(".") in HONORIFICS:
            continue  # "Mr Li and Ana Reyes": after an honorific a single name is a surname
        surname = None
        for c in tok.children:
            other = at.get(c.left_edge.i) if c.dep_ == "conj" else None
            if other and other.label == "PERSON" and len(other.text.split()) == 2:
                surname = other.text.split()[-1]
        kin = tok.head if tok.dep_ == "appos" else None
        if kin is not None and titles().get(kin.lower_, ("", ""))[0] in KINSHIP:
            for c in kin.children:
                owner = at.get(c.left_edge.i) if c.dep_ == "poss" else None
                if owner and owner.label == "PERSON":
                    surname = owner.text.split()[-1]
        if surname and surname != m.text:
            m.text = f"{m.text} {surname}"
            m.derived = True


# ------------------------------------------------------------------ shared with identity and relations


def _looks_like_place_or_org(name: str) -> bool:
    """A person's name does not contain a country's name ('Sputnik Azerbaijan')."""
    return any(gz.lookup(w) and gz.lookup(w).kind == "Country" for w in name.split()) or any(
        w.lower() in ORG_NOUNS for w in name.split()
    )


def slug(text: str) -> str:
    """Readable id: ASCII letters and digits of the name; a name in another script keeps its own
    letters ("Путин" -> "путин") rather than collapsing to one shared fallback."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    if not s:
        s = "-".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold()))
    return s or "entity"


def country_entity(country: str, entities: dict[str, Entity]) -> str:
    """The id of a country's node, created when only its demonym was seen ('Russian President')."""
    for e in entities.values():
        if e.label == country and e.type == "Country":
            return e.id
    place = gz.lookup(country)
    eid = slug(country)
    if eid in entities:
        eid = f"{eid}-country"
    ent = Entity(eid, country, "Country")
    if place and place.geonameid:
        ent.same_as.append(f"https://sws.geonames.org/{place.geonameid}/")
    if place and place.kind == "Country":
        ent.country_code = place.iso
    entities[eid] = ent
    return eid
