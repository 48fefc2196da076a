"""Entities: mentions in parsed text to one node per real-world entity.

Three steps, all driven by grammar and world knowledge rather than names:

1. ``find_mentions`` takes spaCy's entities and proper-noun runs the model missed, and repairs
   their boundaries (possessives, curly apostrophes, titles fused into names).
2. ``resolve`` types each name by gazetteer first and by a vote across all its mentions second
   (type agreement), then merges mentions of one entity: surname alone, a one-letter misspelling,
   an acronym and its expansion, across the sentences and articles of a build.
3. The result maps every mention to an entity id that later stages use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from kg import gazetteer as gz
from kg.model import Entity
from kg.resources import LEXICON

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
BIG_CITY = 500_000
APOSTROPHES = "'\u2019\u2018`"
NOT_NAMES = frozenset(gz.words("not_names.txt"))
TYPE_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "FAC": "Organization", "GPE": "Region",
                 "LOC": "Location"}
PLACE_TYPES = {"Country", "City", "Region", "Location"}
ADJECTIVE_ENDINGS = ("an", "ish", "ese", "ic", "i")  # European, British, Chinese, Arabic, Iraqi


@lru_cache(maxsize=1)
def titles() -> dict[str, tuple[str, str]]:
    rows = (LEXICON / "titles.tsv").read_text(encoding="utf-8").splitlines()
    return {r.split("\t")[0]: (r.split("\t")[1], r.split("\t")[2]) for r in rows if r and not r.startswith("#")}


@lru_cache(maxsize=1)
def title_owner_types() -> dict[str, frozenset[str]]:
    """Titles that only a place (or other given class) can have: 'mayor', 'governor'."""
    expand = {"Place": PLACE_TYPES}
    out = {}
    for r in (LEXICON / "titles.tsv").read_text(encoding="utf-8").splitlines():
        cols = r.split("\t")
        if r and not r.startswith("#") and len(cols) > 3 and cols[3]:
            out[cols[0]] = frozenset(t for c in cols[3].split("|") for t in expand.get(c, {c}))
    return out


@lru_cache(maxsize=1)
def title_jobs() -> frozenset[str]:
    """Titles that name a job rather than a post ('a Russian historian' does not act for Russia)."""
    rows = [r.split("\t") for r in (LEXICON / "titles.tsv").read_text(encoding="utf-8").splitlines()
            if r and not r.startswith("#")]
    return frozenset(r[0] for r in rows if len(r) > 4 and r[4] == "n")


@lru_cache(maxsize=1)
def former_properties() -> dict[str, str]:
    """Current property -> its past counterpart, for titles marked former (ontology/lexicon/former.tsv)."""
    rows = (LEXICON / "former.tsv").read_text(encoding="utf-8").splitlines()
    return {r.split("\t")[0]: r.split("\t")[1] for r in rows if r and not r.startswith("#")}


@lru_cache(maxsize=1)
def compass_words() -> frozenset[str]:
    return frozenset(gz.words("compass_nouns.txt"))


@lru_cache(maxsize=1)
def org_nouns() -> frozenset[str]:
    return frozenset(gz.words("org_nouns.txt"))


@lru_cache(maxsize=1)
def common_acronyms() -> frozenset[str]:
    return frozenset(gz.words("common_acronyms.txt"))


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    return frozenset(gz.words("place_nouns.txt"))


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
    return text if text.count(".") > 1 else text.rstrip(".")


@lru_cache(maxsize=1)
def title_modifiers() -> frozenset[str]:
    return frozenset(gz.words("title_modifiers.txt"))


def _is_title(tok) -> bool:
    """Title words, and portfolio words before a title ("Prime" in "Prime Minister Tony Blair")."""
    if tok.lower_ in titles() or tok.lower_ in NOT_NAMES:
        return True
    if tok.lower_ not in title_modifiers():
        return False
    for nxt in tok.doc[tok.i + 1:tok.i + 5]:
        if nxt.lower_ in titles():
            return True
        if nxt.lower_ not in title_modifiers() and nxt.lower_ not in {"and", "&", "of"}:
            return False
    return False


def _trim(span: Span) -> list[Span]:
    """Repair a name span: split at possessives, drop fused titles and determiners."""
    doc = span.doc
    parts: list[Span] = []
    start = span.start
    tail = [t for t in span if t.i > max((x.i for x in span if x.tag_ == "POS"), default=span.end)]
    if tail and all(t.lower_ in org_nouns() for t in tail):
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
                         or doc[s].text in compass_words()):  # "northeast Nigeria"
            if doc[s].pos_ == "PROPN" and doc[s + 1:e].root.lower_ in org_nouns() and e - s > 2 and span.label_ == "ORG":
                break  # "Queen Mary University": a title word can open an organisation's name
            s += 1
        portfolio = False
        while e > s and (doc[e - 1].pos_ in {"PUNCT", "PART"} or doc[e - 1].tag_ == "POS"
                         or (doc[e - 1].lower_ in title_modifiers() and _is_title(doc[e - 1]))):
            portfolio = portfolio or doc[e - 1].lower_ in title_modifiers()
            e -= 1  # "European Competition" of "European Competition Commissioner X" is a portfolio
        if portfolio and e - s == 1 and doc[s].lower_.endswith(ADJECTIVE_ENDINGS) and not gz.lookup(doc[s].text):
            continue  # ... and "European" alone an adjective, not a name
        if e > s:
            out.append(doc[s:e])
    return out


def _proper_runs(doc: Doc, taken: set[int]) -> list[Span]:
    """Runs of proper nouns the NER missed ("SOCAR head", "Grozny, the capital")."""
    runs, cur = [], []
    for t in doc:
        ok = (t.pos_ == "PROPN" and t.i not in taken and t.text[:1].isupper() and not _is_title(t)
              and t.tag_ != "POS" and t.is_alpha)
        if ok:
            cur.append(t.i)
        else:
            if cur:
                runs.append(doc[cur[0]:cur[-1] + 1])
            cur = []
    if cur:
        runs.append(doc[cur[0]:cur[-1] + 1])
    return runs


def _defined_acronyms(doc: Doc) -> set[str]:
    """Acronyms the text defines for a common-noun phrase: 'liquefied natural gas (LNG)'."""
    out = set()
    for m in re.finditer(r"((?:[a-z][\w-]*\s+){1,5})\(([A-Z]{2,6})\)", doc.text):
        initials = "".join(w[0] for w in re.split(r"[\s-]+", m.group(1).strip()) if w)
        if initials.upper().endswith(m.group(2)[: len(initials)]) or m.group(2)[0] == initials[0].upper():
            out.add(m.group(2))
    return out


def _cues(span: Span) -> Counter:
    """Type evidence from the grammar: 'bank Gazprombank', 'X, a media outlet', 'X chief'."""
    c: Counter = Counter()
    root = span.root
    near = [t for t in root.children if t.dep_ in {"compound", "appos"} and t.i not in range(span.start, span.end)]
    if root.dep_ == "appos" or root.dep_ == "compound":
        near.append(root.head)
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "its ministers A and B": B shares A's title
    if first is not root and first.dep_ == "appos":
        near.append(first.head)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in place_nouns():
        c["Region"] += 2  # "the port of X", "the city of X"
    if root.dep_ == "nsubj" and root.head.lemma_ in {"be", "become", "remain"}:
        near += [c for c in root.head.children if c.dep_ == "attr"]  # "X is a state corporation"
    for t in near:
        if t.lemma_.lower() in org_nouns() or t.lower_ in org_nouns():
            c["Organization"] += 2
        elif t.lemma_.lower() in place_nouns() and t.dep_ == "appos" or root.dep_ == "appos" and t.lemma_.lower() in place_nouns():
            c["Region"] += 2
        elif titles().get(t.lower_, titles().get(t.lemma_.lower(), ("",)))[0] in {"heads", "worksFor", "spokespersonOf"}:
            # "SOCAR head X": the name before a title is an organisation or state
            if root.dep_ == "compound" and root.head.i == t.i:
                c["Organization"] += 2
            elif t.head.i == root.i or t in root.children:
                c["Person"] += 1  # "X, chairman of Y"
            elif first.dep_ == "appos" and first.head.i == t.i:
                c["Person"] += 2  # "the ousted president, X", "their prime ministers X and Y"
    # listed among organisations: "arbitration brought by BP, Shell, Edison and Repsol"
    peers = [t for t in root.children if t.dep_ == "conj"] + ([root.head] if root.dep_ == "conj" else [])
    if peers and all(t.ent_type_ == "ORG" for t in peers):
        c["Organization"] += 1
    return c


def find_mentions(doc: Doc, article: str) -> list[Mention]:
    """All name mentions in one parsed article, boundaries repaired."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    junk = _defined_acronyms(doc) | common_acronyms()
    spans = [(e, e.label_) for e in doc.ents if e.label_ in NER_LABELS]
    for ent, label in spans:
        taken.update(range(ent.start, ent.end))
    spans += [(r, "") for r in _proper_runs(doc, taken)]
    spans = [(_with_state(s) if label == "ORG" else s, label) for s, label in spans]
    for span, label in spans:
        for part in _trim(span):
            text = clean_name(part.text)
            if not text or not any(ch.isupper() for ch in text[:1]) or text in junk:
                continue
            if text.casefold() in NOT_NAMES or len(text) < 2 or any(ch.isdigit() for ch in text):
                continue
            lab = label
            if gz.demonym_country(text) and not gz.lookup(text):
                lab = "NORP"
            elif label and not gz.lookup(text) and any(t.tag_ == "POS" for t in span.doc[span.start:part.start]):
                lab = ""  # a possessor split off a mis-tagged span: its type is decided by votes
            if lab == "NORP" and not gz.demonym_country(text):
                continue
            mentions.append(Mention(article, part.start, part.end, text, lab, _cues(part)))
    mentions += _repeat_mentions(doc, mentions)
    mentions += _state_offices(doc, {i for m in mentions for i in range(m.start, m.end)}, article)
    mentions.sort(key=lambda m: m.start)
    _complete_first_names(doc, mentions)
    return mentions


def _with_state(span: Span) -> Span:
    """'Armenian' + 'Defence Ministry' tagged apart: a state's body keeps its demonym in its name."""
    if span.start and span.root.lower_ in state_body_nouns() and gz.demonym_country(span.doc[span.start - 1].text):
        return span.doc[span.start - 1:span.end]
    return span


@lru_cache(maxsize=1)
def state_body_nouns() -> frozenset[str]:
    return frozenset(gz.words("state_body_nouns.txt"))


def _state_offices(doc: Doc, taken: set[int], article: str) -> list[Mention]:
    """Lowercase bodies of a named state: 'Azerbaijan's defence ministry' is the node 'Azerbaijani
    Defence Ministry', 'Russia's embassy in London' the 'Russian Embassy' (state_office_nouns.txt)."""
    out = []
    for tok in doc:
        noun = tok.lemma_.lower()
        if noun not in gz.words("state_office_nouns.txt") or tok.i in taken or not tok.text.islower():
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
        portfolio = [w for w in words if w.lower_ in title_modifiers()]
        words = portfolio if noun in {"ministry", "department"} else words
        if not country or not words and noun in {"ministry", "department"}:
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
    out: list[Mention] = []
    for i, tok in enumerate(doc):
        if i in taken or tok.text not in by_first:
            continue
        for words, m in by_first[tok.text]:
            end = i + len(words)
            if end > len(doc) or any(j in taken for j in range(i, end)):
                continue
            if tuple(t.text for t in doc[i:end]) != words:
                continue
            if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                continue  # part of a longer name ("Gazprom" inside "Gazprom Neft")
            if i > 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha and not doc[i - 1].is_sent_start:
                continue
            out.append(Mention(m.article, i, end, m.text, m.label, _cues(doc[i:end])))
            taken.update(range(i, end))
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
        surname = None
        for c in tok.children:
            other = at.get(c.left_edge.i) if c.dep_ == "conj" else None
            if other and other.label == "PERSON" and len(other.text.split()) == 2:
                surname = other.text.split()[-1]
        kin = tok.head if tok.dep_ == "appos" else None
        if kin is not None and titles().get(kin.lower_, ("", ""))[0] in {"parentOf", "siblingOf", "spouseOf"}:
            for c in kin.children:
                owner = at.get(c.left_edge.i) if c.dep_ == "poss" else None
                if owner and owner.label == "PERSON":
                    surname = owner.text.split()[-1]
        if surname and surname != m.text:
            m.text = f"{m.text} {surname}"
            m.derived = True


# ------------------------------------------------------------------ resolution across a build


def _vote(ms: list[Mention]) -> str:
    """Type by gazetteer, then by the weighted labels and grammar cues of every mention."""
    name = max((m.text for m in ms), key=len)
    place = gz.lookup(name)
    labels = Counter(m.label for m in ms if m.label)
    cues: Counter = Counter()
    for m in ms:
        cues.update(m.cues)
    if place:
        if place.kind == "Country" or labels["GPE"] + labels["LOC"] >= labels["ORG"] + labels["FAC"] + labels["PERSON"]:
            return place.kind
        if place.kind == "City" and (place.capital or place.population >= BIG_CITY) and len(name.split()) == 1:
            return place.kind
        if place.kind == "City" and (cues["Region"] or labels["GPE"]):
            return place.kind
    if gz.key(name) in gz.seats():
        return "Organization"
    votes: Counter = Counter()
    for lab, n in labels.items():
        if lab in TYPE_OF_LABEL:
            votes[TYPE_OF_LABEL[lab]] += n * (0.5 if lab == "GPE" and not place else 1)
    votes.update(cues)
    if votes["Person"] and _looks_like_place_or_org(name):
        votes["Person"] = 0
    if not votes:
        return "Organization" if name.isupper() and len(name) > 1 else ""
    best = votes.most_common()
    if len(best) > 1 and best[0][1] == best[1][1] and "Person" in (best[0][0], best[1][0]) and len(name.split()) > 1:
        return "Person"
    return best[0][0]


def _looks_like_place_or_org(name: str) -> bool:
    """A person's name does not contain a country's name ('Sputnik Azerbaijan')."""
    return any(gz.lookup(w) and gz.lookup(w).kind == "Country" for w in name.split()) or any(
        w.lower() in org_nouns() for w in name.split()
    )


def slug(text: str) -> str:
    """Readable id: ASCII letters and digits of the name; a name in another script keeps its own
    letters ("Путин" -> "путин") rather than collapsing to one shared fallback."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    if not s:
        s = "-".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold()))
    return s or "entity"


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _join_short_forms(groups: dict[str, list[Mention]]) -> None:
    """A one-word name joins the longer name it shortens in the same article, before any
    gazetteer typing: "Najaf" beside "Rovshan Najaf" is the man, not the Iraqi city;
    "Sputnik" beside "Sputnik Azerbaijan" is the outlet. Countries are never short forms."""
    by_article: dict[str, set[str]] = defaultdict(set)
    for k, ms in groups.items():
        if len(k.split()) > 1:
            for m in ms:
                by_article[m.article].add(k)
    for k in [k for k in groups if len(k.split()) == 1]:
        place = gz.lookup(k)
        if place and place.kind == "Country":
            continue
        keep = []
        for m in groups[k]:
            cands = [f for f in by_article[m.article] if (k == f.split()[-1] or (
                     k == f.split()[0] and (_looks_like_place_or_org(f)
                                            or not any(x.label == "PERSON" for x in groups[f]))))
                     and not (gz.lookup(f) and gz.lookup(f).kind == "Country")]
            cands = [f for f in cands if not all(x.derived for x in groups[f])]
            persons = [f for f in cands if f.split()[-1] == k and any(x.label == "PERSON" for x in groups[f])]
            cands = persons or cands
            if cands:
                # the most mentioned, then the first introduced
                best = max(cands, key=lambda f: (len(groups[f]), -min(x.start for x in groups[f])))
                if best in persons:
                    m.label = "PERSON"  # a surname is the person's, whatever the tagger said
                groups[best].append(m)
            else:
                keep.append(m)
        if keep:
            groups[k] = keep
        else:
            del groups[k]


MISSPELT_MIN = 7  # organisation names this long merge with a one-letter misspelling


def _deletions(text: str) -> set[str]:
    """Every string one deletion away: two strings are one edit apart only if these sets meet."""
    return {text[:i] + text[i + 1:] for i in range(len(text))}


def resolve(mentions: list[Mention]) -> dict[str, Entity]:
    """Group mentions into entities and set ``Mention.entity``. Returns entities by id."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label == "NORP":
            continue
        place = gz.lookup(m.text)
        k = gz.key(place.name) if place and m.label != "PERSON" else m.key
        groups[k].append(m)
    _join_short_forms(groups)
    types = {k: _vote(ms) for k, ms in groups.items()}
    groups = {k: ms for k, ms in groups.items() if types[k]}

    # Persons: a surname or first name alone joins the full name it abbreviates, preferring the
    # same article; one-letter misspellings of a first name merge ("Ilhan"/"Ilham Aliyev").
    persons = {k: ms for k, ms in groups.items() if types[k] == "Person"}
    full = {k: ms for k, ms in persons.items() if len(k.split()) > 1}
    parent: dict[str, str] = {}
    fulls = sorted(full, key=lambda k: -len(full[k]))
    # misspellings share the surname and the number of words: compare within such a group only (the
    # pairs, and their order, are those of comparing every pair of full names)
    shapes: dict[tuple[str, int], list[str]] = defaultdict(list)
    for f in fulls:
        shapes[(f.split()[-1], len(f.split()))].append(f)
    for same_shape in shapes.values():
        for i, a in enumerate(same_shape):
            for b in same_shape[i + 1:]:
                if Levenshtein.distance(" ".join(a.split()[:-1]), " ".join(b.split()[:-1])) == 1:
                    parent.setdefault(b, parent.get(a, a))
    by_surname: dict[str, list[str]] = defaultdict(list)
    for f in fulls:
        if f not in parent and not all(x.derived for x in full[f]):
            by_surname[f.split()[-1]].append(f)
    per_article = {f: Counter(x.article for x in full[f]) for f in fulls}
    for k, ms in persons.items():
        if k in full:
            continue
        same = by_surname.get(k, [])
        for m in ms:
            local = [f for f in same if per_article[f][m.article]]
            cands = local or same
            if cands:
                # a surname alone names the person most often written with it in full
                best = max(cands, key=lambda f: (per_article[f][m.article], len(full[f])))
                m.entity = best
    # Organisations: an acronym joins its expansion ("OSCE", "SOCAR"); one-letter misspellings of
    # long names merge when types agree. Each name is compared with the candidates an index of
    # acronyms and of one-letter deletions finds, in the order of a comparison with every name.
    orgs = [k for k in groups if types[k] == "Organization"]
    order = {k: i for i, k in enumerate(orgs)}
    by_acronym: dict[str, list[str]] = defaultdict(list)
    near: dict[str, list[str]] = defaultdict(list)
    for b in orgs:
        by_acronym[_acronym(groups[b][0].text)].append(b)
        if len(b) >= MISSPELT_MIN - 1:
            for v in _deletions(b) | {b}:
                near[v].append(b)
    for a in orgs:
        na = groups[a][0].text
        cands: set[str] = set()
        if na.isupper() and len(na) >= 3:
            cands.update(by_acronym.get(na, ()))
        if len(a) >= MISSPELT_MIN:
            for v in _deletions(a) | {a}:
                cands.update(near.get(v, ()))
        for b in sorted(cands, key=order.__getitem__):
            if a == b or b in parent or a in parent:
                continue
            nb = groups[b][0].text
            if na.isupper() and len(na) >= 3 and _acronym(nb) == na:
                parent[a] = b
            elif (len(a) >= MISSPELT_MIN and types[a] == types[b] and Levenshtein.distance(a, b) == 1
                  and len(groups[a]) < len(groups[b])):
                parent[a] = b

    def root(k: str) -> str:
        while k in parent:
            k = parent[k]
        return k

    clusters: dict[str, list[Mention]] = defaultdict(list)
    for k, ms in groups.items():
        for m in ms:
            clusters[root(m.entity or k)].append(m)

    entities: dict[str, Entity] = {}
    used: set[str] = set()
    for k in sorted(clusters, key=lambda k: (-len(clusters[k]), k)):
        ms = clusters[k]
        etype = types.get(k) or _vote(ms)
        label = _canonical(k, ms, etype)
        eid = base = slug(label)
        if eid in used:
            eid = base = f"{eid}-{etype.lower()}"
        n = 2
        while eid in used:  # names that differ only in punctuation or emoji share a slug
            eid, n = f"{base}-{n}", n + 1
        used.add(eid)
        ent = Entity(eid, label, etype)
        place = gz.lookup(label)
        if place and etype in PLACE_TYPES and place.geonameid:
            ent.same_as.append(f"https://sws.geonames.org/{place.geonameid}/")
        if place and etype == "Country" and place.kind == "Country":
            ent.country_code = place.iso
        ent.alt_labels = {m.text for m in ms} - {label}
        for m in ms:
            m.entity = eid
        entities[eid] = ent
    return entities


def _canonical(k: str, ms: list[Mention], etype: str) -> str:
    place = gz.lookup(k)
    if place and etype in PLACE_TYPES:
        return place.name
    names = Counter(m.text for m in ms)
    if etype == "Person":
        multi = [n for n in names if len(n.split()) > 1]
        if multi:
            return max(multi, key=lambda n: (names[n], -ms.index(next(m for m in ms if m.text == n))))
    if etype == "Organization":
        longer = [n for n in names if not n.isupper()]
        if longer and any(n.isupper() for n in names):
            return max(longer, key=lambda n: names[n])
    return max(names, key=lambda n: (names[n], len(n)))


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
