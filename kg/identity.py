"""Identity across a corpus: which name mentions denote the same real-world entity.

Mentions (:mod:`kg.entities`) are clustered once per build over every article of the build, so an
incremental build, which resolves the cached mentions of all its articles again, equals a clean one.

1. Names get a key that ignores what does not tell two entities apart: transliteration (anyascii),
   case, periods ("U.S."), a leading "the", a trailing legal form ("Symantec Corp" is Symantec,
   ``data/legal_suffixes.txt``); "Government of X" is the state X.
2. Names the tagger fused are cut at corpus evidence: a party or verb before a person's surname
   ("Labour Blair", "Vote Blair") is not part of the name; capitalised common words and titles alone
   ("Budget", "Honorary") are not names.
3. Within an article, a short form joins the longer name it shortens: a surname, a first name, the
   tail or head of an organisation's name (one sense per discourse).
4. A name whose articles strongly disagree about what it denotes (a person called Jordan, the
   country Jordan) splits into homonyms; otherwise the whole corpus votes one type.
5. Across articles, variants link: spelling and transliteration ("Aleksei"/"Alexei"), middle names
   and initials, acronyms and their expansions, "Nagorno-Karabakh"/"Karabakh". People who share a
   surname stay apart unless their given names agree.
6. A user's aliases file (``X = Y``, ``X != Y``, ``X = Y : Type``) overrides all of it.

Every surface form stays on its entity (``alt_labels``); the label is the most complete common form.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from kg import gazetteer as gz
from kg.entities import (BIG_CITY, HONORIFICS, english, english_words, titles, PLACE_TYPES, TYPE_OF_LABEL, Mention, _looks_like_place_or_org,
                         country_entity, slug)
from kg.errors import InputError
from kg.model import Entity
from kg import resources

WELL_KNOWN_STORIES = 3  # a person named in full in this many stories is who a surname alone means elsewhere
MISSPELT_MIN = 7  # organisation names this long merge with a one-letter misspelling
COMMON_SHARE = 0.25  # a form used this often, relative to the most used one, is a common form
CUE_WEIGHT = 2  # a grammar cue ("shares in X", "X said he") outweighs a tagger label two to one
CLASS_OF = {"Person": "Person", "Organization": "Organization", "Country": "Place", "City": "Place",
            "Region": "Place", "Location": "Place"}
PARTICLES = resources.words("name_key_particles.txt")
TEAM_WORDS = resources.words("team_words.txt")
LEGAL_SUFFIXES = resources.words("legal_suffixes.txt")
PARTY_WORDS = resources.words("party_words.txt")
ORG_NOUNS = resources.words("org_nouns.txt")
NAMED_AFTER_NOUNS = resources.words("building_nouns.txt") | resources.words("honour_nouns.txt") | ORG_NOUNS
STATE_BODY_NOUNS = resources.words("state_body_nouns.txt")
TITLE_MODIFIERS = resources.words("title_modifiers.txt")
COMPASS_NOUNS = resources.words("compass_nouns.txt")
__all__ = ["Aliases", "country_entity", "name_key", "parse_aliases", "read_aliases", "resolve", "skeleton"]


# ------------------------------------------------------------------ names and their keys


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The key under which spellings of one name meet: 'the U.S. Steel Corp.' -> 'us steel'."""
    s = gz.key(anyascii(text))
    s = re.sub(r"\.(?=\w)|(?<=\w)\.", "", s)  # U.S. -> us, Corp. -> corp
    s = re.sub(r"[^\w&' -]+", " ", s).replace("'", "")
    words = s.split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[-1] in {"&", "and"}:  # "James Ogilvy and Co"
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """A key with transliteration choices folded: 'aleksey' and 'alexei', 'zelenskyy' and
    'zelensky', 'surgutneftegaz' and 'surgutneftegas' share one."""
    s = key.replace("ks", "x").replace("ph", "f").replace("y", "i").replace("z", "s").replace("w", "v")
    s = s.replace("-", " ")
    return re.sub(r"(.)\1+", r"\1", s)


def _state_key(key: str) -> str | None:
    """'uk government', 'government of argentina', 'the philippine government' -> the country's key."""
    m = re.fullmatch(r"(?:(.+) government|government of (.+))", key)
    if not m:
        return None
    name = m.group(1) or m.group(2)
    country = gz.demonym_country(name)
    place = _place(country or name)
    return gz.key(place.name) if place and place.kind == "Country" else None


@lru_cache(maxsize=500_000)
def _place(name: str) -> gz.Place | None:
    return gz.lookup(name)


def mention_key(m: Mention) -> str:
    """Where a mention is grouped first: a place under its gazetteer name, anything else by name_key."""
    return _key_of(m.text, m.label == "PERSON", m.key)


@lru_cache(maxsize=500_000)
def _key_of(text: str, person: bool, plain: str) -> str:
    place = _place(text)
    if place and not person:
        return gz.key(place.name)
    k = name_key(text)
    state = _state_key(k)
    if state:
        return state
    of = re.fullmatch(r"(.+?) of (?:the )?(.+)", k)
    if of and _place(of.group(2)):  # "Legislative Assembly of the Falkland Islands"
        return f"{gz.key(_place(of.group(2)).name)} {of.group(1)}"
    islands = _place(re.sub(r"(ie)?s$", lambda x: "y" if x.group(1) else "", k) + " islands")
    if islands and not person:  # "the Falklands", "the Canaries"
        return gz.key(islands.name)
    place = _place(k) if k != plain else None
    return gz.key(place.name) if place and not person else k


# ------------------------------------------------------------------ user aliases


@dataclass
class Aliases:
    """A user's corrections: names to merge (with an optional type) and names to keep apart."""

    same: list[tuple[str, str]] = field(default_factory=list)
    apart: list[tuple[str, str]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # name key -> ontology class

    def __bool__(self) -> bool:
        return bool(self.same or self.apart or self.types)


def read_aliases(path: str | Path) -> Aliases:
    """Read an aliases file (:func:`parse_aliases`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the aliases file ({err.__class__.__name__})") from None
    return parse_aliases(text, str(path))


def parse_aliases(text: str, source: str = "aliases") -> Aliases:
    """One ``X = Y`` (same entity), ``X != Y`` (different entities) or ``X : Type`` per line, and
    ``X = Y : Type``; ``#`` starts a comment. A bad line raises :class:`InputError` naming the
    source and the line."""
    from kg.ontology import load_classes

    out = Aliases()
    known = set(load_classes())
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        body, _, etype = line.rpartition(":") if ":" in line else (line, "", "")
        etype = etype.strip()
        if ":" in line and etype not in known:
            raise InputError(f"{source}:{n}: unknown type {etype!r} (one of {', '.join(sorted(known))})")
        m = re.fullmatch(r"(.+?)\s*(!=|=)\s*(.+)", body.strip())
        names = [m.group(1), m.group(3)] if m else [body.strip()]
        if any(not name_key(x) for x in names) or (not m and not etype):
            raise InputError(f"{source}:{n}: expected 'X = Y', 'X != Y' or 'X : Type', got {line!r}")
        if m and m.group(2) == "!=":
            if etype:
                raise InputError(f"{source}:{n}: a type goes with 'X = Y' or 'X : Type', not with '!='")
            out.apart.append((name_key(names[0]), name_key(names[1])))
            continue
        if m:
            out.same.append((name_key(names[0]), name_key(names[1])))
        for x in names if etype else ():
            out.types[name_key(x)] = etype
    return out


# ------------------------------------------------------------------ clusters with cannot-links


class Clusters:
    """Union-find over group keys that refuses a union joining two names the user keeps apart."""

    def __init__(self, keys, apart: list[tuple[str, str]]) -> None:
        self.parent = {k: k for k in keys}
        self.members: dict[str, set[str]] = {k: {k} for k in keys}
        self.apart: dict[str, set[str]] = defaultdict(set)
        for a, b in apart:
            self.apart[a].add(b)
            self.apart[b].add(a)

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def allowed(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = sorted((self.members[ra], self.members[rb]), key=len)
        return not any(_base(x) in self.apart and self.apart[_base(x)] & {_base(y) for y in big} for x in small)

    def union(self, a: str, b: str) -> bool:
        """Join b's cluster into a's (a's root stays the root); False when kept apart."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.allowed(a, b) or a != b and _base(a) == _base(b):
            return ra == rb  # homonyms were set apart on purpose
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True


def _base(k: str) -> str:
    """A group key without its homonym tag ('jordan\\x00Person' -> 'jordan')."""
    return k.split("\x00", 1)[0]


# ------------------------------------------------------------------ resolution


def resolve(mentions: list[Mention], aliases: Aliases | None = None) -> dict[str, Entity]:
    """Group the mentions of a whole build into entities and set ``Mention.entity``."""
    aliases = aliases or Aliases()
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        m.entity = ""  # a mention resolved before (a test, a notebook) is resolved afresh
        if m.label != "NORP":
            groups[mention_key(m)].append(m)
    _split_fused(groups)
    _split_org_person(groups)
    _drop_common_words(groups)
    short: set[int] = set()
    _join_short_forms(groups, short)
    _split_homonyms(groups)
    people = _people_words(groups)
    types = {k: aliases.types.get(_base(k)) or _vote(ms, k, people) for k, ms in groups.items()}
    groups = {k: ms for k, ms in groups.items() if types[k]}
    clusters = Clusters(sorted(groups, key=lambda k: (-len(groups[k]), k)), aliases.apart)
    _link_persons(groups, types, clusters)
    _link_places(groups, types, clusters)
    _link_names(groups, types, clusters)
    _link_state_bodies(groups, types, clusters, mentions, short)
    _link_parties(groups, types, clusters)
    _link_known_as(groups, types, clusters)
    _link_clipped(groups, types, clusters)
    _link_clipped_words(groups, clusters)
    _apply_aliases(groups, clusters, aliases)
    return _entities(groups, types, clusters, aliases, short, people)


def _entities(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters,
              aliases: Aliases, short: set[int], people: dict[str, set[str]] | None = None) -> dict[str, Entity]:
    members: dict[str, list[Mention]] = defaultdict(list)
    for k, ms in groups.items():
        for m in ms:
            members[clusters.find(m.entity if m.entity in groups else k)].append(m)
    entities: dict[str, Entity] = {}
    used: set[str] = set()
    for k in sorted(members, key=lambda k: (-len(members[k]), k)):
        ms = members[k]
        keys = {name_key(m.text) for m in ms}
        etype = next((aliases.types[x] for x in sorted(keys) if x in aliases.types), None)
        etype = etype or _cluster_type(k, ms, types, groups, people)
        label = _canonical(k, [m for m in ms if id(m) not in short] or ms, etype)
        eid = base = slug(label)
        if eid in used:
            eid = base = f"{eid}-{etype.lower()}"
        n = 2
        while eid in used:  # names that differ only in punctuation or emoji share a slug
            eid, n = f"{base}-{n}", n + 1
        used.add(eid)
        ent = Entity(eid, label, etype)
        place = _place(label)
        if place and etype in PLACE_TYPES and place.geonameid:
            ent.same_as.append(f"https://sws.geonames.org/{place.geonameid}/")
        if place and etype == "Country" and place.kind == "Country":
            ent.country_code = place.iso
        ent.alt_labels = {m.text for m in ms} - {label}
        for m in ms:
            m.entity = eid
        entities[eid] = ent
    return entities


def _cluster_type(root: str, ms: list[Mention], types: dict[str, str], groups: dict[str, list[Mention]],
                  people: dict[str, set[str]] | None = None) -> str:
    """The root's type when the gazetteer or grammar fixed it; else the whole cluster's vote."""
    own = types[root]
    if own in PLACE_TYPES and own != "Location" or "\x00" in root:
        return own
    if len(ms) == len(groups[root]) and all(a is b for a, b in zip(ms, groups[root])):
        return own  # the root's own mentions alone: their vote is the root's
    pooled = _vote(ms, root, people)
    return pooled or own


# ------------------------------------------------------------------ fused and common-word names


def _person_words(groups: dict[str, list[Mention]]) -> tuple[Counter, Counter]:
    """How often each word starts, and ends, a multi-word name the tagger calls a person."""
    first: Counter = Counter()
    last: Counter = Counter()
    for k, ms in groups.items():
        words = k.split()
        if len(words) > 1 and sum(m.label == "PERSON" for m in ms) * 2 > len(ms):
            if not all(m.derived for m in ms):  # "Labour Blair" completed from "Labour and Blair"
                first[words[0]] += len(ms)
            last[words[-1]] += len(ms)
    return first, last


def _non_person(groups: dict[str, list[Mention]], key: str) -> bool:
    """A name the corpus knows as an organisation, party or place, not as a person."""
    forms = {key, key + "s", key.rstrip("s"), re.sub(r"ies$", "y", key)}
    place = _place(key)
    if forms & PARTY_WORDS or place and place.kind == "Country" or any(gz.demonym_country(f) for f in forms):
        return True
    ms = next((groups[f] for f in sorted(forms) if f in groups), [])
    labels = Counter(m.label for m in ms)
    return len(ms) >= 2 and labels["ORG"] + labels["NORP"] + labels["GPE"] > labels["PERSON"]


def _split_fused(groups: dict[str, list[Mention]]) -> None:
    """Cut what the tagger fused onto a person's name: a party or place ('Labour Blair', 'Tories Ken
    Clarke'), a verb ('Vote Blair'), another surname ('Brown Blair'); an adjective before a surname
    ('Final Straw') marks a title, not a person, and the mention is dropped. The mention keeps the
    person's part (its start moves), so later stages see the repaired span."""
    first, last = _person_words(groups)
    verbs, adjs = english()["verb"], english()["adj"]
    for k in [k for k in groups if len(k.split()) > 1]:
        words = k.split()
        ms = groups[k]
        cues: Counter = Counter()
        for m in ms:
            cues.update(m.cues)
        own = len(ms) if sum(m.label == "PERSON" for m in ms) * 2 > len(ms) else 0
        if not own or cues["Organization"] or cues["Region"]:
            continue
        for cut in (1, 2):
            head, rest = " ".join(words[:cut]), " ".join(words[cut:])
            if not rest:
                continue
            surname = rest.split()[-1]
            known = (rest in groups and len(rest.split()) > 1) or last[surname] - own > 0
            other = first[head] - (own if cut == 1 and not all(m.derived for m in ms) else 0)
            if len(rest.split()) > 1 and (_place(head) and _place(head).kind == "Country" or head in PARTY_WORDS):
                known = True  # "Valdoria Tom Reyes", "Lib Dem Tom Reyes": a country or party before a full name
            if not known or other > 0 and head not in PARTY_WORDS:  # a party is never a first name
                continue
            if _non_person(groups, head):
                verdict = "split"
            elif cut == 1 and last[head] > 0 and len(rest.split()) == 1:
                verdict = "split"  # two surnames side by side
            elif cut == 1 and len(ms) <= 2 and head in verbs and head not in adjs:
                verdict = "strip"
            elif cut == 1 and len(ms) <= 2 and head in adjs and last[head] == 0:
                verdict = "drop"
            else:
                continue
            del groups[k]
            for m in ms:
                if m.derived and verdict == "split" and m.end - m.start == cut:
                    m.text, m.label, m.derived = head_text(m, cut), "", False  # no first name after all
                    groups[mention_key(m)].append(m)
                elif len(m.text.split()) != m.end - m.start:
                    groups[k].append(m)  # words and tokens differ: the cut would misplace the span
                elif verdict != "drop":  # the mention becomes the person's name alone, in place
                    m.start, m.text, m.label = m.start + cut, " ".join(m.text.split()[cut:]), "PERSON"
                    groups[name_key(m.text)].append(m)
            break


def _split_org_person(groups: dict[str, list[Mention]]) -> None:
    """'head of security at Quarvex Media Ada Vell' tagged as one name: where the first words are an
    organisation's name of the corpus and the rest is a person's (a first name another person of
    the corpus bears, then capitalised words that are neither English words nor legal forms), the
    mention becomes the person's, in place."""
    words = english_words("noun", "adj", "verb")
    surnames: dict[str, set[str]] = defaultdict(set)
    for k, ms in groups.items():
        w = k.split()
        if len(w) > 1 and sum(m.label == "PERSON" for m in ms) * 2 > len(ms):
            surnames[w[0]].add(w[-1])
    orgs = {k for k, ms in groups.items() if sum(m.label == "ORG" for m in ms) * 2 > len(ms) and not _place(k)}
    for k in [k for k in groups if len(k.split()) > 2 and k not in orgs]:
        w = k.split()
        for cut in range(len(w) - 2, 0, -1):
            head, rest = " ".join(w[:cut]), w[cut:]
            if head not in orgs or not surnames.get(rest[0]) or rest[0] in titles() or rest[0] in HONORIFICS:
                continue
            if _place(" ".join(rest)) or any(x in LEGAL_SUFFIXES or _singulars(x) & words for x in rest[1:]):
                continue
            ms = groups.pop(k)
            for m in ms:
                if len(m.text.split()) == m.end - m.start and all(x[:1].isupper() for x in m.text.split()[cut:]):
                    m.start, m.text, m.label = m.start + cut, " ".join(m.text.split()[cut:]), "PERSON"
                    groups[name_key(m.text)].append(m)
                else:
                    groups[k].append(m)
            break


def _singulars(word: str) -> set[str]:
    """A word and what it is the plural of, if it is one ('systems', 'awards', 'companies')."""
    out = {word}
    if word.endswith("s"):
        out |= {word[:-1], word[:-2] if word.endswith("es") else word, word[:-3] + "y" if word.endswith("ies") else word}
    return out


def head_text(m: Mention, cut: int) -> str:
    return " ".join(m.text.split()[:cut])


def _drop_common_words(groups: dict[str, list[Mention]]) -> None:
    """A single capitalised word that is an English adjective, and no name the corpus otherwise
    knows, is a title or a heading ('Honorary', 'Final'), not an entity; nor is a headline in
    capitals whose words after the first are common words."""
    adjs, nouns, verbs = english()["adj"], english()["noun"], english()["verb"]
    for k in [k for k in groups if " " not in k]:
        ms = groups[k]
        if k in adjs and k not in nouns and not _place(k) and not any(m.text.isupper() for m in ms):
            del groups[k]
    for k in [k for k in groups if len(k.split()) > 2]:  # a headline: "QUARVEX DEAL FAILURE SEEN"
        words = k.split()[1:]
        if all(m.text.isupper() for m in groups[k]) and all(
                (w in nouns or w in verbs) and w not in ORG_NOUNS for w in words):
            del groups[k]


# ------------------------------------------------------------------ within one article


def _join_short_forms(groups: dict[str, list[Mention]], short: set[int]) -> None:
    """A name joins the longer name it shortens in the same article, before any gazetteer typing:
    "Najaf" beside "Rovshan Najaf" is the man, not the Iraqi city; "Sputnik" beside "Sputnik
    Azerbaijan" is the outlet; "Foreign Ministry" beside "Russian Foreign Ministry" is that ministry.
    A country is a short form only of a person's name; a place, or a name the corpus uses on its own
    in other articles, is never the head of an organisation's longer name ("London" in "London Stock
    Exchange"). The ids of the mentions that joined are added to *short*."""
    heads_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (article, short name) -> longer names
    tails_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f, ms in groups.items():
        w = f.split()
        for a in {m.article for m in ms} if len(w) > 1 else ():
            for n in range(1, len(w)):
                if w[n - 1] not in PARTICLES:
                    heads_of[(a, " ".join(w[:n]))].add(f)
                if w[-1] not in PARTICLES:
                    tails_of[(a, " ".join(w[-n:]))].add(f)
    standalone = Counter(k for k, ms in groups.items() for a in {m.article for m in ms} if (a, k) not in heads_of)
    person = {k: sum(x.label == "PERSON" for x in ms) * 2 > len(ms) for k, ms in groups.items()}
    anyperson = {k: any(x.label == "PERSON" for x in ms) for k, ms in groups.items()}
    derived = {k for k, ms in groups.items() if all(x.derived for x in ms)}
    given = {k.split()[0] for k in groups if " " in k and person[k] and k not in derived}
    organisation = {k for k, ms in groups.items() if sum(x.label == "ORG" for x in ms) * 2 > len(ms)}
    told = _told_genders(groups, tails_of)
    for k in sorted(groups, key=lambda k: len(k.split())):
        if k not in groups:
            continue
        words = k.split()
        place = _place(k)
        keep = []
        for m in groups[k]:
            tails = [f for f in tails_of.get((m.article, k), ()) if f in groups and f not in derived]
            heads = [f for f in heads_of.get((m.article, k), ()) if f in groups and f not in derived
                     and f not in tails]
            tails = [f for f in tails if not _compass_place(f, k)]
            if place and place.kind == "Country":  # a country is only ever a person's surname
                heads = []
                tails = [f for f in tails if person[f] and m.label == "PERSON" and not _looks_like_place_or_org(f)]
            elif place:  # a place shortens a person's name or a longer place's, not an organisation's
                heads = [f for f in heads if person[f]]
                tails = [f for f in tails if anyperson[f] or _place(f)]
            elif standalone[k] and len(words) == 1 and k not in ORG_NOUNS and k in organisation:
                # "Labour" is not "Old Labour"; but "Ogilvy" is "David Ogilvy and Co", named after a person
                tails = [f for f in tails if anyperson[f] or len(f.split()) == 2 and f.split()[0] in given]
            if standalone[k]:  # a name of its own elsewhere ("Gazprom" beside "Gazprom Neft")
                heads = [f for f in heads if person[f]]
            # the head of one longer name only, and not of a name joined to another ("Honeywell Bull")
            heads = [f for f in heads if not _named(groups, f.split()[len(words):])]
            if m.label == "PERSON":  # "the Tom Kestrel Theater" was named after Tom Kestrel
                heads = [f for f in heads if f.split()[-1] not in NAMED_AFTER_NOUNS]
            longest = max(heads, key=len, default="")
            if any(longest.split()[:len(f.split())] != f.split() for f in heads):
                heads = []
            heads = heads and [longest]
            persons = [f for f in tails if anyperson[f]]
            if _gender(m):  # "Mrs Blair" beside Tony and Cherie Blair is Cherie
                other = "Female" if _gender(m) == "Male" else "Male"
                persons = [f for f in persons if told[f][other] <= told[f][_gender(m)]]
                tails = [f for f in tails if f in persons or not anyperson[f]]
            cands = persons or tails or heads
            if cands:
                # the most mentioned, then the first introduced
                best = max(cands, key=lambda f: (len(groups[f]), f))
                if best in persons:
                    m.label = "PERSON"  # a surname is the person's, whatever the tagger said
                elif m.label == "PERSON" and not anyperson[best]:
                    m.label = ""  # 'the Library' of the 'British Library' is no person, whatever the tagger said
                groups[best].append(m)
                short.add(id(m))
            else:
                keep.append(m)
        if keep:
            groups[k] = keep
        else:
            del groups[k]


def _compass_place(longer: str, short: str) -> bool:
    """'South Africa' is not 'Africa', nor 'North Kestrel' 'Kestrel': a compass word before a place's name
    names another place."""
    first, _, rest = longer.partition(" ")
    return rest == short and first in COMPASS_NOUNS and _place(longer) is not None


def _told_genders(groups: dict[str, list[Mention]], tails_of: dict[tuple[str, str], set[str]]) -> dict[str, Counter]:
    """The honorifics a person's surname takes in the articles that name him or her in full: 'Mr
    Blair' beside 'Tony Blair' in most stories makes Tony Blair a man."""
    told: dict[str, Counter] = defaultdict(Counter)
    for k, ms in groups.items():
        for m in ms:
            longer = tails_of.get((m.article, k), ())
            if _gender(m) and len(longer) == 1:
                told[next(iter(longer))][_gender(m)] += 1
    return told


def _named(groups: dict[str, list[Mention]], words: list[str]) -> bool:
    """The words are a name of their own in the corpus, other than a place's."""
    k = " ".join(words)
    return k in groups and not _place(k)


# ------------------------------------------------------------------ homonyms


def _local_class(ms: list[Mention], place: gz.Place | None) -> tuple[str, bool]:
    """What one article's mentions of a name say it is, and whether they say it strongly: a person
    by an honorific, an organisation by organisation nouns, a place by the gazetteer (a small town's
    name only where the text puts something in it: 'a defeat in Hamilton', not a team sheet's
    'Corden, Murray, Curtis')."""
    labels = Counter(m.label for m in ms if m.label)
    cues: Counter = Counter()
    for m in ms:
        cues.update(m.cues)
    person = labels["PERSON"] + 2 * cues["Person"]
    placey = labels["GPE"] + labels["LOC"] + cues["Region"] + cues["City"]
    org = labels["ORG"] + labels["FAC"] + cues["Organization"]
    if cues["Honorific"] and person > placey + org:
        return "Person", True  # "Mr Jordan": only an honorific tells a person from a place or firm
    if place and place.kind == "Region" and gz.key(place.name) in gz.city_homonyms():
        return ("Region", True) if cues["Region"] else ("City", False)
    if cues["Organization"] >= 2 and labels["ORG"] and org > person + placey and not place:
        return "Organization", True
    if placey > person + org:  # a town's name is weak evidence of the town unless the text places something in it
        known = place and (place.kind != "City" or place.capital or place.population >= BIG_CITY)
        return "Place", bool(known or place and (cues["Locative"] or cues["Region"] or cues["City"]))
    return "", False


def _split_homonyms(groups: dict[str, list[Mention]]) -> None:
    """A name whose articles strongly disagree on its kind becomes one group per kind (Jordan the
    country, a Mr Jordan; Washington the city, the state). Articles with weak evidence follow the
    kind most of the name's mentions have."""
    for k in [k for k in groups if len({m.article for m in groups[k]}) > 1]:
        by_article: dict[str, list[Mention]] = defaultdict(list)
        for m in groups[k]:
            by_article[m.article].append(m)
        place = _place(k)
        verdicts = {a: _local_class(ms, place) for a, ms in by_article.items()}
        strong = {c for c, s in verdicts.values() if s}
        if len(strong | ({verdicts[a][0] for a in verdicts} & {"City"})) < 2:
            continue
        weight: Counter = Counter()
        for a, (c, s) in verdicts.items():
            if c in strong or c == "City":
                weight[c] += len(by_article[a]) * (2 if s else 1)
        default = weight.most_common(1)[0][0]
        split: dict[str, list[Mention]] = defaultdict(list)
        for a, (c, s) in verdicts.items():
            split[c if (s or c == "City") and c in weight else default].extend(by_article[a])
        del groups[k]
        for c, ms in split.items():  # the default keeps the plain key unless the gazetteer would retype it
            groups[k if c == default and (c == "Place" or not place) else f"{k}\x00{c}"] = ms


# ------------------------------------------------------------------ types


def _common_noun(name: str, ms: list[Mention], cues: Counter) -> bool:
    """A capitalised English noun ('the Budget', 'the Library', 'World number one') that a quarter of
    the stories naming it also use in lower case, with grammar calling it a company or a person less
    often than it is named, and no word that names an institution by itself ('Parliament').
    Newspapers ('the Sun') keep their names: their stories rarely use the noun."""
    word = name.casefold()
    if " " in name or word not in english()["noun"] or word in ORG_NOUNS or word in STATE_BODY_NOUNS:
        return False
    stories = {m.article for m in ms}
    common = {m.article for m in ms if m.cues["Common"]}
    return 4 * len(common) >= len(stories) and cues["Organization"] + cues["Person"] + cues["Honorific"] < len(ms)


def _work_or_kind(name: str, ms: list[Mention], cues: Counter) -> bool:
    """A one-word name that is an English noun and that the grammar calls a title ('the film X',
    'X, starring ...', '"X"', 'Scorsese's The X' with the cue once) or a thing of a kind ('won an X',
    'a second X') in a tenth of its mentions, more than it calls it a company or a person, is a work
    or an award, not an entity. The tagger's labels count for nothing here: it labels capitals."""
    if " " in name or name.casefold() not in english()["noun"]:
        return False
    evidence = cues["Organization"] + cues["Person"]
    works = sum(bool(m.cues["Work"]) for m in ms)
    kinds = sum(bool(m.cues["Kind"]) for m in ms)
    if works and (10 * works >= len(ms) or 2 * cues["Titled"] >= len(ms)) and cues["Work"] >= evidence:
        return True
    return kinds >= 2 and 10 * kinds >= len(ms) and kinds >= evidence


def _named_like_a_person(name: str, labels: Counter, cues: Counter) -> bool:
    """'Ministry of Defence official Bettina Jordan Barber', 'Mr Chad Reyes': a country's name inside a
    name of three words ending in another ('Jordan', 'Chad', 'Georgia' are also given names) where every
    label says a person and the grammar does too (a title before it, an honorific); not 'Sputnik
    Azerbaijan', nor 'Air Valdoria Cargo'."""
    words = name.split()
    if len(words) < 3 or gz.lookup(words[-1]) or any(w.lower() in ORG_NOUNS for w in words):
        return False
    return cues["Person"] >= 2 and labels["PERSON"] > 0 and labels["PERSON"] == sum(labels.values())


def _people_words(groups: dict[str, list[Mention]]) -> dict[str, set[str]]:
    """Each word of the names of two words or more the tagger mostly calls persons -> those names."""
    out: dict[str, set[str]] = defaultdict(set)
    for k, ms in groups.items():
        words = _base(k).split()
        if len(words) > 1 and sum(m.label == "PERSON" for m in ms) * 2 > len(ms):
            for w in words:
                out[w].add(k)
    return out


def _company_by_grammar(key: str, ms: list[Mention], cues: Counter, people: dict[str, set[str]] | None) -> bool:
    """'telecoms company Zentrax', 'shares in Aguas Verdes': the grammar calls the name an organisation
    (twice) and never a person, and none of its words is part of another person's name in the corpus
    (a surname, a given name): the tagger's person labels, repeated through one story, are its error."""
    if people is None or cues["Organization"] < 2 or cues["Person"] or cues["Honorific"]:
        return False
    own = {mention_key(m) for m in ms}
    if len(own) > 1:  # a surname joined to a full name: the person linking found a person
        return False
    return not any(people.get(w, set()) - own for w in _base(key or next(iter(own))).split())


def _given_name_of_others(key: str, ms: list[Mention], labels: Counter, people: dict[str, set[str]] | None) -> bool:
    """'Dana Orlek', labelled a person in every mention, whose first word starts other people's names
    in the corpus: a given name, which a grammar cue for an organisation ('Orlek manager X', a
    misparse) does not overrule."""
    words = _base(key).split() if key else []
    if people is None or len(words) < 2 or not labels["PERSON"] or labels["PERSON"] < sum(labels.values()):
        return False
    own = {mention_key(m) for m in ms}
    return any(o.split()[0] == words[0] for o in people.get(words[0], set()) - own)


def _vote(ms: list[Mention], key: str = "", people: dict[str, set[str]] | None = None) -> str:
    """Type by gazetteer, then by the weighted labels and grammar cues of every mention (``people``:
    :func:`_people_words`, which lets the grammar overrule the tagger on a name no person shares)."""
    tag = key.partition("\x00")[2]
    if tag and tag != "Place":  # a homonym its articles' evidence set apart
        return tag
    name = max((m.text for m in ms), key=len)
    place = _place(_base(key)) if key else _place(name) or _place(name_key(name))
    labels = Counter(m.label for m in ms if m.label)
    cues: Counter = Counter()
    for m in ms:
        cues.update(m.cues)
    if place:
        if place.kind == "Region" and gz.key(place.name) in gz.city_homonyms() and not cues["Region"]:
            place = gz.Place(place.name, "City", place.country, None, None, BIG_CITY, True)
        if place.kind == "Country" or place.iso or labels["GPE"] + labels["LOC"] >= labels["ORG"] + labels["FAC"] + labels["PERSON"]:
            return place.kind  # a country, or a nation ('Wales'), also when it names its team
        if place.kind == "City" and (place.capital or place.population >= BIG_CITY) and len(name.split()) == 1:
            return place.kind
        town = place.kind == "City" and not place.capital and place.population < BIG_CITY
        if town and 2 * cues["Honorific"] > labels["GPE"] + cues["Locative"]:
            place = None  # 'Mr Darwin' in most stories, a team sheet's 'Darwin' in one: a person
        elif place.kind == "City" and (cues["Region"] or labels["GPE"]):
            return place.kind
    if cues["Work"] and not cues["Honorific"] and not place and 2 * sum(bool(m.cues["Work"]) for m in ms) > len(ms) and (
            cues["Work"] >= cues["Person"] + cues["Organization"] + labels["PERSON"] + labels["ORG"]):
        return ""  # a film, a musical, a character: "the musical X", "his role as X"
    word = _base(key) or name_key(name)  # 'World Group' is World with a legal form
    if _common_noun(word, ms, cues) and not place:
        return ""  # "the Budget", "the Library": a common noun its stories also use in lower case
    if _work_or_kind(word, ms, cues) and not place and not cues["Honorific"]:
        return ""  # "Scorsese's The Aviator", "won an Oscar": a title, an award
    if gz.key(name) in gz.seats() or name_key(name) in PARTY_WORDS or name_key(name).rsplit(" ", 1)[-1] in TEAM_WORDS:
        return "Organization"  # a seat of power, a party ("Lib Dems"), a club ("Marwick Rovers")
    votes: Counter = Counter()
    for lab, n in labels.items():
        if lab in TYPE_OF_LABEL:
            votes[TYPE_OF_LABEL[lab]] += n * (0.5 if lab == "GPE" and not place else 1)
    votes.update({c: CUE_WEIGHT * n for c, n in cues.items() if c in TYPE_OF_LABEL.values() or c == "City"})
    # a town no label names: "Kestrel, Minn." (entities._before_its_state)
    if votes["Person"] and (_looks_like_place_or_org(name) and not _named_like_a_person(name, labels, cues)
                            or cues["Definite"] and " " not in name):
        votes["Person"] = 0  # "the Library said": a person's name takes no article
    if votes["Person"] and _company_by_grammar(key, ms, cues, people):
        votes["Person"] = 0
    if votes["Person"] and votes["Organization"] > votes["Person"] and _given_name_of_others(key, ms, labels, people):
        votes["Organization"] = 0
    votes = +votes
    if not votes:
        return "Organization" if name.isupper() and len(name) > 1 else ""
    best = votes.most_common()
    if len(best) > 1 and best[0][1] == best[1][1] and "Person" in (best[0][0], best[1][0]) and len(name.split()) > 1:
        return "Person"
    return best[0][0]


# ------------------------------------------------------------------ linking across articles


def _given_names_agree(a: list[str], b: list[str], given: frozenset[str] = frozenset()) -> bool:
    """First and middle names of two people with one surname: equal, spelling variants, a nickname
    ('steve'/'steven'), or an initial; a middle name one side leaves out is no disagreement. Two
    names that end differently and are both first names of other people in the corpus (*given*) are
    two names, not one misspelt ('Robbie' and 'Robin', 'Justin' and 'Justine')."""
    def same(x: str, y: str) -> bool:
        if x == y or len(x) == 1 and y[0] == x or len(y) == 1 and x[0] == y:
            return True
        sx, sy = skeleton(x), skeleton(y)
        if sx == sy:
            return True
        if min(len(x), len(y)) >= 5 and Levenshtein.distance(sx, sy) <= 1:
            return sx[-1] == sy[-1] and len(sx) == len(sy) or not (x in given and y in given)
        return min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))

    if not a or not b or not same(a[0], b[0]):
        return False
    ma, mb = a[1:], b[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(same(x, y) for x, y in zip(ma, mb))
    return True


def _link_persons(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """Full names of one person merge (spelling, initials, middle names, nicknames); a surname alone
    names the person written with it in full in the same article, else the most mentioned one that
    the article's company or the corpus's fame vouches for (:func:`_known_in`)."""
    persons = {k: ms for k, ms in groups.items() if types[k] == "Person"}
    full = sorted((k for k in persons if len(_base(k).split()) > 1), key=lambda k: (-len(groups[k]), k))
    given = _given_names(groups, types)
    by_surname: dict[str, list[str]] = defaultdict(list)
    for f in full:
        by_surname[skeleton(_base(f).split()[-1])].append(f)
    for names in by_surname.values():
        roots: list[str] = []
        for b in names:
            words = _base(b).split()
            for a in roots:
                members = [x for x in clusters.members[clusters.find(a)] if x in persons]
                if all(_given_names_agree(_base(x).split()[:-1], words[:-1], given) for x in members):
                    if clusters.union(a, b):
                        break
            else:
                roots.append(b)
    surnames: dict[str, list[str]] = defaultdict(list)
    for f in full:
        if not all(x.derived for x in groups[f]) and clusters.find(f) == f:
            surnames[_base(f).split()[-1]].append(f)
    per_article = {f: Counter(x.article for x in groups[f]) for f in full}
    size = Counter()
    for f in full:
        size[clusters.find(f)] += len(groups[f])
    linked: list[Mention] = []
    near = _names_by_article(groups, types)
    for k, ms in groups.items():
        if k in per_article or "\x00" in k or " " in k or k not in surnames:
            continue
        if types[k] != "Person" and not _weak_non_person(ms, max(size[f] for f in surnames[k])):
            continue
        same = surnames.get(k, [])
        for m in ms:
            local = [f for f in same if per_article[f][m.article]]
            cands = local or [f for f in same if _known_in(f, m.article, k, groups, clusters, near)]
            if cands:
                m.entity = max(cands, key=lambda f: (per_article[f][m.article], len(groups[f]), f))
                linked.append(m)
    _unlink_other_gender(linked, groups, clusters)


def _known_in(full: str, article: str, surname: str, groups: dict[str, list[Mention]], clusters: Clusters,
              near: dict[str, set[str]]) -> bool:
    """A surname alone in a story that never names the person in full is that person when the corpus
    names them in full in several stories (a leader, a star) or when the story shares another name
    (not a country's) with a story that does (a team-mate, the person's party or firm); else it is
    another person of that surname ('Reid' in a music story is no actress named in a play review)."""
    members = [x for x in clusters.members[clusters.find(full)] if x in groups]
    homes = {m.article for x in members if " " in _base(x) for m in groups[x]}
    if len(homes) >= WELL_KNOWN_STORIES:
        return True
    around = set().union(*(near.get(a, set()) for a in homes)) - set(members) - {surname}
    return bool(around & near.get(article, set()))


def _names_by_article(groups: dict[str, list[Mention]], types: dict[str, str]) -> dict[str, set[str]]:
    """The name keys (not countries') each article mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    for k, ms in groups.items():
        if types.get(k) != "Country":
            for m in ms:
                out[m.article].add(k)
    return out


def _gender(m: Mention) -> str:
    return "Male" if m.cues["Male"] else "Female" if m.cues["Female"] else ""


def _unlink_other_gender(linked: list[Mention], groups: dict[str, list[Mention]], clusters: Clusters) -> None:
    """'Mrs Lowe' in a story about Tom Lowe (mostly 'Mr Lowe') is his wife, not him: a surname whose
    honorific gives the other gender than most honorifics of the person it was linked to stays apart."""
    told: dict[str, Counter] = defaultdict(Counter)
    for k, ms in groups.items():
        for m in ms:
            if _gender(m):
                told[clusters.find(m.entity if m.entity in groups else k)][_gender(m)] += 1
    for m in linked:
        g = _gender(m)
        seen = told[clusters.find(m.entity)]
        if g and seen[g] < seen["Female" if g == "Male" else "Male"]:
            m.entity = ""


def _given_names(groups: dict[str, list[Mention]], types: dict[str, str]) -> frozenset[str]:
    """First names that people of different surnames bear in the corpus: names in their own right."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for k in groups:
        words = _base(k).split()
        if types[k] == "Person" and len(words) > 1 and len(words[0]) > 1:
            surnames[words[0]].add(words[-1])
    return frozenset(w for w, s in surnames.items() if len(s) > 1)


def _person_words_of(groups: dict[str, list[Mention]], types: dict[str, str]) -> frozenset[str]:
    """Every first name and surname of the corpus's people written in full."""
    out: set[str] = set()
    for k in groups:
        words = _base(k).split()
        if types[k] == "Person" and len(words) > 1:
            out.update(w for w in (words[0], words[-1]) if len(w) > 1)
    return frozenset(out)


def _misspelt(a: str, b: str, names: frozenset[str]) -> bool:
    """Two keys whose skeletons are one edit apart are one name misspelt: spaced or run together
    ('Time Warner', 'TimeWarner'), singular and plural ('Golden Globe(s)'), or a letter dropped,
    added or swapped in a long word ('Aretha Frankin'). Not when a one-word name is an English word
    ('energy', 'chorus', 'capital') or a person's name ('Johnson', 'Johansson'; 'Robert', 'Roberts'),
    nor when the word that differs is short ('UK'/'US', 'Tony'/'Tommy', initials): those are
    different names. A substitution needs eight letters ('PepsiCo' is not 'Persico')."""
    wa, wb = a.replace("-", " ").split(), b.replace("-", " ").split()
    if "".join(wa) == "".join(wb):
        return True
    if len(wa) != len(wb):
        return False
    diff = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(diff) != 1:
        return False
    (x, y), = diff
    if len(wa) == 1 and (x in names or y in names):
        return False
    if x + "s" == y or y + "s" == x:
        return True
    words = english_words("noun", "verb", "adj", "adv")
    if len(wa) == 1 and any(w in words or w.removesuffix("s") in words for w in (x, y)):
        return False
    sx, sy = skeleton(x), skeleton(y)
    return min(len(sx), len(sy)) >= (8 if len(sx) == len(sy) else 5)


def _weak_non_person(ms: list[Mention], person_mentions: int) -> bool:
    """A surname the tagger typed otherwise ('Trump' as ORG) belongs to the person when no grammar
    or gazetteer says it is something else and the person is mentioned more often."""
    cues: Counter = Counter()
    for m in ms:
        cues.update(m.cues)
    return not _place(ms[0].text) and not cues["Organization"] and not cues["Region"] and len(ms) < person_mentions


def _acronyms(name: str) -> set[str]:
    """What an acronym of this name may read: initials of its capitalised words, of all its words
    ('NotW'), and without a leading country ('U.S. Securities and Exchange Commission' -> 'SEC')."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    caps = [w for w in words if w[:1].isupper()]
    out = {"".join(w[0] for w in caps).casefold(), "".join(w[0] for w in words).casefold()}
    if len(caps) > 2 and (_place(caps[0]) or gz.demonym_country(caps[0])):
        out.add("".join(w[0] for w in caps[1:]).casefold())
    return {a for a in out if len(a) >= 2}


def _is_acronym(text: str) -> bool:
    """'EU', 'SOCAR', 'NotW', 'Siac': one short word, capitalised throughout or title-cased."""
    return " " not in text and 2 <= len(text) <= 6 and text[:1].isupper() and (
        sum(ch.isupper() for ch in text) >= 2 or len(text) >= 3)


def _expansions(groups: dict[str, list[Mention]], types: dict[str, str]) -> dict[str, set[str]]:
    """The names (keys) of several words, people's aside, that each acronym could stand for."""
    expansions: dict[str, set[str]] = defaultdict(set)
    for k in groups:
        if len(k.split()) > 1 and types[k] != "Person":
            for text in {m.text for m in groups[k]}:
                for a in _acronyms(text):
                    expansions[a].add(k)
    return expansions


def _link_names(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """Variants of one name across articles: acronyms and expansions, spelling and transliteration,
    'Nagorno-Karabakh' and 'Karabakh'."""
    keys = [k for k in groups if types[k] != "Person" or len(k.split()) == 1]
    order = {k: i for i, k in enumerate(sorted(groups, key=lambda k: (-len(groups[k]), k)))}
    articles = {k: {m.article for m in groups[k]} for k in groups}
    # spelling: one skeleton, or one edit apart on a long name
    acronym = {k: " " not in k and any(_is_acronym(m.text) and m.text.isupper() for m in ms) for k, ms in groups.items()}
    near: dict[str, list[str]] = defaultdict(list)
    for k in groups:  # full names of people too: a person's name may be tagged an organisation once
        s = skeleton(_base(k))
        near[s].append(k)
        if len(s) >= MISSPELT_MIN - 1:
            for v in _deletions(s):
                near[v].append(k)
    names = _person_words_of(groups, types)
    for a in sorted(groups, key=order.__getitem__):
        sa = skeleton(_base(a))
        cands = set(near.get(sa, ()))
        if len(sa) >= MISSPELT_MIN:
            for v in _deletions(sa):
                cands.update(near.get(v, ()))
        for b in sorted(cands - {a}, key=order.__getitem__):
            if types[a] == types[b] == "Person" and " " in a or _place(_base(a)) or _place(_base(b)):
                continue  # people's full names link by their given names; known places are spelt right
            if acronym[a] or acronym[b]:
                continue  # an acronym is spelt letter by letter: 'BBC' is not 'BCC', 'BAA' not 'BA'
            if order[b] < order[a] and _compatible(types[a], types[b]) and (
                    skeleton(_base(b)) == sa or Levenshtein.distance(skeleton(_base(b)), sa) == 1
                    and _misspelt(_base(a), _base(b), names)):
                clusters.union(b, a)
                break
    # acronyms: an acronym joins the expansion it shares an article with, else its only expansion
    expansions = _expansions(groups, types)
    for k in keys:
        texts = {m.text for m in groups[k]}
        if len(k.split()) > 1 or not any(_is_acronym(t) for t in texts) or types[k] == "Person":
            continue
        cands = sorted(set(expansions.get(k, ())), key=order.__getitem__)
        shared = [f for f in cands if articles[f] & articles[k]]
        if shared:
            best = max(shared, key=lambda f: (len(articles[f] & articles[k]), -order[f]))
        elif len({clusters.find(f) for f in cands}) == 1 and len(k) >= 3 and any(t.isupper() for t in texts) \
                and len(articles[k]) <= 2 * len(articles[cands[0]]):  # not 'NHS' of 40 stories for a school named once
            best = cands[0]
        else:
            continue
        clusters.union(best, k)
    # a hyphenated name whose head is no name of its own: 'Nagorno-Karabakh' is Karabakh
    for k in keys:
        head, _, tail = k.rpartition("-")
        if not head or " " in k or tail not in groups or head in groups or _place(head) or len(head) < 4:
            continue
        if "Person" in (types[k], types[tail]) or any(m.text[:1].isupper() and m.text[1:2].isupper() for m in groups[k]):
            continue  # an acronym's compound ('TNK-BP') is a name of its own
        clusters.union(tail, k)


def _link_places(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """A place's other name the tagger called a person ('Malvinas' for the Falkland Islands) joins the
    place when the corpus votes it a place; a person called Jordan stays a person."""
    for k in list(groups):
        place = _place(_base(k))
        home = gz.key(place.name) if place else ""
        if place and home != _base(k) and home in groups and types[k] in PLACE_TYPES:
            clusters.union(home, k)


def _link_clipped(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """An organisation's name with its first word clipped: 'Met Police' is the 'Metropolitan Police'
    (the clipped word opens the full one; the full one is no place, as 'Newcastle' is not 'New')."""
    by_rest: dict[str, list[str]] = defaultdict(list)
    for k in groups:
        first, _, rest = _base(k).partition(" ")
        if rest and types[k] == "Organization" and first.isalpha():
            by_rest[rest].append(k)
    for ks in by_rest.values():
        ks.sort(key=lambda k: (len(k), k))
        for i, short_k in enumerate(ks):
            clipped = short_k.split()[0]
            if len(clipped) < 3:
                continue
            full = [f for f in ks[i + 1:] if f.split()[0].startswith(clipped) and not _place(f.split()[0])]
            if len(full) == 1:
                clusters.union(full[0], short_k)


def _link_clipped_words(groups: dict[str, list[Mention]], clusters: Clusters) -> None:
    """A one-word name clipped in an article that also writes it in full ('Quarvexneft' ... 'Quarvex'):
    the clipped form names that one entity across the corpus. What is cut off is no English word
    ('Norvanebank' is a bank of Norvane's, not Norvane) and the clipped form no place."""
    words = english_words("noun", "adj", "verb")
    singles = sorted(k for k in groups if " " not in k and "-" not in k and k.isalpha())
    articles = {k: {m.article for m in groups[k]} for k in singles}
    for i, k in enumerate(singles):
        if len(k) < 5 or _place(k):
            continue
        full = []
        for f in singles[i + 1:]:
            if not f.startswith(k):
                break
            if len(f) >= len(k) + 3 and f[len(k):] not in words:
                full.append(f)
        if len(full) == 1 and articles[k] & articles[full[0]] and len(articles[k]) <= 2 * len(articles[full[0]]):
            # a name of its own in stories that never write the longer one ('Gazprom', 'Gazpromneft') is no clipping
            clusters.union(full[0], k)


@lru_cache(maxsize=1)
def party_names() -> dict[str, tuple[str, ...]]:
    """A party's member word and the names news gives the party ('tory': Conservative Party,
    Conservatives, Tories), from ``data/party_names.tsv``."""
    return {w: tuple(labels.split("|")) for w, labels in resources.mapping("party_names.tsv").items()}


def _link_parties(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """One party under its names: 'X Party' is 'X' and its members' plural ('Labour Party', 'Labour';
    'Green Party', 'Greens'), and a party's other names and nicknames ('Tories', 'Tory' and the
    'Conservative Party')."""
    orgs = {k for k in groups if types[k] == "Organization" and "\x00" not in k}
    order = {k: i for i, k in enumerate(sorted(groups, key=lambda k: (-len(groups[k]), k)))}
    sets = [{k.removesuffix(" party"), k.removesuffix(" party") + "s", k} for k in orgs if k.endswith(" party")]
    sets += [{name_key(w)} | {name_key(x) for x in labels} for w, labels in party_names().items()]
    for names in sets:
        found = sorted(names & orgs, key=order.__getitem__)
        for k in found[1:]:
            clusters.union(found[0], k)


def _link_known_as(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters) -> None:
    """'X, a firm formally known as Y': the text says the two names are one entity's (kg.entities)."""
    where = {(m.article, m.start): (m.entity if m.entity in groups else k) for k, ms in groups.items() for m in ms}
    for k, ms in groups.items():
        for m in ms:
            other = where.get((m.article, m.alias_of)) if m.alias_of >= 0 else None
            mine = m.entity if m.entity in groups else k
            if other and other != mine and "Person" not in (types[other], types[mine]) and not (
                    _place(_base(other)) or _place(_base(mine))):
                clusters.union(other, mine)


@lru_cache(maxsize=200_000)
def state_form(key: str) -> tuple[str, str] | None:
    """A body named after its state, as (the country's key, the rest): 'uk parliament', 'british
    parliament' and (via ``_key_of``) 'parliament of the united kingdom' are all ('united kingdom',
    'parliament')."""
    words = key.split()
    for n in (3, 2, 1):
        if len(words) <= n or words[n] in PARTICLES:
            continue
        head = " ".join(words[:n])
        place = _place(head)
        country = gz.demonym_country(head)
        if country and gz.key(gz.country_adjectives().get(country, "")) != head:
            country = None  # 'Scottish' is British, but a Scottish party is no British one
        country = country or (place.name if place and place.kind == "Country" else None)
        if country:
            return gz.key(country), " ".join(words[n:])
    return None


def _bare_body(key: str) -> bool:
    """'parliament', 'foreign ministry': a state body's name with no state in it."""
    words = key.split()
    return words[-1] in STATE_BODY_NOUNS and all(w in TITLE_MODIFIERS for w in words[:-1])


def _country_positions(mentions: list[Mention]) -> dict[str, list[tuple[int, str]]]:
    """Per article, where a country is named or implied by its demonym: [(token, country key)]."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for m in mentions:
        country = gz.demonym_country(m.text) if m.label == "NORP" else None
        place = None if country or m.label == "PERSON" else _place(m.text)
        country = country or (place.name if place and place.kind == "Country" else None)
        if country:
            out[m.article].append((m.start, gz.key(country)))
    return out


def _link_state_bodies(groups: dict[str, list[Mention]], types: dict[str, str], clusters: Clusters,
                       mentions: list[Mention], short: set[int]) -> None:
    """Bodies of one state under different names: 'UK Parliament', 'British Parliament' and
    'Parliament of the United Kingdom'; an acronym written for the state ('EU Commission' beside
    'European Commission' where the corpus expands EU as 'European Union'). A bare 'Foreign Ministry'
    or 'Parliament' is the one of the state the article names nearest before it (else the only one
    of the corpus's such bodies whose state the article names); 'the US court' is the US court the
    article names in full ('US Bankruptcy Court'), and in other articles too when that is the only
    one it ever shortens."""
    orgs = [k for k in groups if types[k] == "Organization" and "\x00" not in k]
    by_form: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in sorted(orgs, key=lambda k: (-len(groups[k]), k)):
        form = state_form(k)
        if form:
            by_form[form].append(k)
    for ks in by_form.values():
        for k in ks[1:]:
            clusters.union(ks[0], k)
    # an acronym standing for its expansion's first word: 'EU Commission' ~ 'European Commission'
    expansions = _expansions(groups, types)
    for k in orgs:
        first, _, rest = k.partition(" ")
        if not rest or not any(m.text.split()[0].isupper() and _is_acronym(m.text.split()[0]) for m in groups[k]):
            continue
        for e in sorted(expansions.get(first, ())):
            spelt = e.split()[0]  # an expansion's first word spelt out ('European'), no acronym itself ('US')
            for cand in (f"{e} {rest}",) + ((f"{spelt} {rest}",) if len(spelt) > len(first) else ()):
                if cand in groups and cand != k and types[cand] == "Organization":
                    clusters.union(cand, k)
    # bare bodies and shortened ones, by the state the article names
    bodies: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # rest -> country -> keys
    for (country, rest), ks in by_form.items():
        bodies[rest][country].append(ks[0])
    near = _country_positions(mentions)
    for k in orgs:
        form = state_form(k)
        if form:
            _shorten_body(groups, k, form, by_form, short)
            continue
        if not _bare_body(k) or k not in bodies:
            continue
        cands = bodies[k]
        for m in groups[k]:
            if m.entity:
                continue
            named = [(i, c) for i, c in near.get(m.article, ()) if c in cands]
            before = [c for i, c in named if i < m.start]
            countries = {c for _, c in named}
            country = before[-1] if before else next(iter(countries)) if len(countries) == 1 else None
            if country and len(cands[country]) == 1:
                m.entity = cands[country][0]
                short.add(id(m))


def _shorten_body(groups: dict[str, list[Mention]], k: str, form: tuple[str, str],
                  by_form: dict[tuple[str, str], list[str]], short: set[int]) -> None:
    """'US court' in an article that names the 'US Bankruptcy Court': the longer body of the same state
    whose name keeps every word of the shorter one and ends with the same noun."""
    country, rest = form
    words = rest.split()
    longer = [ks[0] for (c, r), ks in by_form.items() if c == country and r != rest
              and r.split()[-1] == words[-1] and set(words) < set(r.split())]
    if not longer:
        return
    where = {f: {m.article for m in groups[f]} for f in longer}
    moved: dict[str, list[Mention]] = defaultdict(list)
    for m in groups[k]:
        local = [f for f in longer if m.article in where[f]]
        if len(local) == 1 and not m.entity:
            moved[local[0]].append(m)
    if len(moved) != 1:
        return  # the short name stands for different bodies in different articles: left alone
    (target, ms), = moved.items()
    rest_ms = [m for m in groups[k] if not m.entity and all(m is not x for x in ms)]
    for m in ms + (rest_ms if len(longer) == 1 else []):
        m.entity = target
        short.add(id(m))


def _compatible(a: str, b: str) -> bool:
    """Two types one entity's mentions may carry: the same kind, or an organisation and a person
    (the tagger confuses them), never a person and a place."""
    ca, cb = CLASS_OF.get(a, a), CLASS_OF.get(b, b)
    return ca == cb or {ca, cb} == {"Organization", "Person"}


def _deletions(text: str) -> set[str]:
    """Every string one deletion away: two strings are one edit apart only if these sets meet."""
    return {text[:i] + text[i + 1:] for i in range(len(text))}


def _apply_aliases(groups: dict[str, list[Mention]], clusters: Clusters, aliases: Aliases) -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for k, ms in groups.items():
        for x in {_base(k)} | {name_key(m.text) for m in ms}:
            by_name[x].append(k)
    for a, b in aliases.same:
        for x in by_name.get(a, ())[:1]:
            for y in by_name.get(b, ()):
                clusters.union(x, y)
            for y in by_name.get(a, ())[1:]:
                clusters.union(x, y)
    for a, b in aliases.apart:  # a short form joined inside an article is moved back out
        for k, ms in list(groups.items()):
            names = {name_key(m.text) for m in ms}
            if _base(k) == a and b in names or _base(k) == b and a in names:
                other = b if _base(k) == a else a
                moved = [m for m in ms if name_key(m.text) == other]
                groups[k] = [m for m in ms if name_key(m.text) != other]
                for m in moved:
                    m.entity = ""
                    groups.setdefault(other, [])
                    if other not in clusters.parent:
                        clusters.parent[other] = other
                        clusters.members[other] = {other}
                    groups[other].append(m)


# ------------------------------------------------------------------ labels


def _canonical(k: str, ms: list[Mention], etype: str) -> str:
    """The most complete common form: a place's gazetteer name; else, among the forms used at
    least a quarter as often as the most used one, the longest (a person's in more than one word)."""
    place = _place(_base(k))
    if place and etype in PLACE_TYPES:
        return place.name
    names = Counter(m.text for m in ms if not m.derived) or Counter(m.text for m in ms)
    first = {}
    for i, m in enumerate(ms):
        first.setdefault(m.text, i)
    pool = names
    if etype == "Person":
        pool = Counter({n: c for n, c in names.items() if len(n.split()) > 1}) or names
    elif etype == "Organization":
        pool = Counter({n: c for n, c in names.items() if not _is_acronym(n) or n.istitle()}) or names
    top = max(pool.values())
    common = [n for n, c in pool.items() if c >= COMMON_SHARE * top]
    return max(common, key=lambda n: (len(name_key(n).split()), pool[n], -sum(w.isupper() for w in n.split()), -first[n]))


# ------------------------------------------------------------------ review


@dataclass(frozen=True)
class Node:
    """An entity as the store holds it, for review; ``weight`` is how much the graph says about it
    (its statements), so what matters most is reviewed first."""

    id: str
    label: str
    type: str
    alt_labels: tuple[str, ...] = ()
    weight: int = 0


# why two entities kept apart look alike, most suspicious first
SAME_NAME = "same name, same kind"
SAME_NAME_KIND = "same name, different kind"
GIVEN_AGREE = "same surname, given names that may be one person's"
SPELT_ALIKE = "spelt alike"
RANK = {SAME_NAME: 0, SAME_NAME_KIND: 1, GIVEN_AGREE: 2, SPELT_ALIKE: 3}
REVIEW_LIMIT = 40


def look_alikes(nodes: list[Node]) -> list[tuple[Node, Node, str]]:
    """Pairs of entities kept apart that an analyst may want to merge, most suspicious first: one name
    on two nodes (of one kind, then of two kinds), one surname with given names that agree (an
    initial, a nickname, a spelling), or names of one kind one edit apart. People who share only a
    surname ('Ana Vesk', 'Imre Vesk') and names of different kinds that merely look alike are not
    listed: they are different entities as a rule."""
    out: list[tuple[Node, Node, str]] = []
    by_key: dict[str, list[Node]] = defaultdict(list)
    by_surname: dict[str, list[Node]] = defaultdict(list)
    by_skeleton: dict[str, list[Node]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (n.label, n.id)):
        k = name_key(n.label)
        by_key[k].append(n)
        if n.type == "Person" and " " in k:
            by_surname[skeleton(k.split()[-1])].append(n)
        s = skeleton(k)
        if len(s) >= MISSPELT_MIN - 1:
            for v in _deletions(s) | {s}:
                by_skeleton[v].append(n)
    seen: set[tuple[str, str]] = set()

    def add(a: Node, b: Node, why: str) -> None:
        pair = tuple(sorted((a.id, b.id)))
        if a.id != b.id and pair not in seen:
            seen.add(pair)  # type: ignore[arg-type]
            out.append((a, b, why))

    def kind(n: Node) -> str:
        return CLASS_OF.get(n.type, n.type)

    for ns in by_key.values():
        for i, a in enumerate(ns):
            for b in ns[i + 1:]:
                add(a, b, SAME_NAME if kind(a) == kind(b) else SAME_NAME_KIND)
    for ns in by_surname.values():
        for i, a in enumerate(ns):
            for b in ns[i + 1:]:
                if _given_names_agree(name_key(a.label).split()[:-1], name_key(b.label).split()[:-1]):
                    add(a, b, GIVEN_AGREE)
    for ns in by_skeleton.values():
        for i, a in enumerate(ns):
            for b in ns[i + 1:]:
                if kind(a) == kind(b) and not (a.type == b.type == "Person" and " " in a.label) and (
                        Levenshtein.distance(skeleton(name_key(a.label)), skeleton(name_key(b.label))) <= 1):
                    add(a, b, SPELT_ALIKE)
    return sorted(out, key=lambda x: (RANK[x[2]], -min(x[0].weight, x[1].weight), x[0].label, x[1].label))


def surprising(n: Node) -> list[str]:
    """The other names of an entity that are not plain variants of its label: no shortening, initial,
    spelling or legal form of it ('Hon Hai Precision' for 'Talmont', 'Malvinas' for the Falkland
    Islands), which are the merges worth a look."""
    words = set(name_key(n.label).split())
    skel = {skeleton(w) for w in words}
    out = []
    for alt in n.alt_labels:
        alt_words = name_key(alt).split()
        if not all(w in words or skeleton(w) in skel or len(w) == 1 and any(x.startswith(w) for x in words)
                   for w in alt_words) and not _acronym_of(alt, n.label):
            out.append(alt)
    return sorted(out)


def _acronym_of(short: str, name: str) -> bool:
    return " " not in short and short.casefold() in _acronyms(name)


def review(nodes: list[Node], limit: int | None = REVIEW_LIMIT) -> str:
    """The identity decisions of a build, for an analyst: the merges of names that are no plain
    variant of one another, then the look-alike names kept apart, each list ranked (most suspicious,
    then most said about, first) and cut at ``limit`` (None: everything, plain merges included).
    An aliases file (``X = Y``, ``X != Y``) corrects either."""
    everything = limit is None
    merges = [(n, list(n.alt_labels) if everything else surprising(n)) for n in nodes]
    merges = sorted([x for x in merges if x[1]], key=lambda x: (-x[0].weight, x[0].label))
    apart = look_alikes(nodes)
    shown_m, shown_a = (merges, apart) if everything else (merges[:limit], apart[:limit])
    lines = ["# merged: entity [type] <- other names it was written as"
             + ("" if everything else " (only names that are no shortening, initial or spelling of it)")]
    for n, alts in shown_m:
        lines.append(f"merged\t{n.label} [{n.type}]\t<- {' | '.join(sorted(alts))}")
    lines.append("# kept apart: names that look alike but were judged different entities")
    for a, b, why in shown_a:
        lines.append(f"apart\t{a.label} [{a.type}]\t{b.label} [{b.type}]\t{why}")
    if len(shown_m) < len(merges) or len(shown_a) < len(apart):
        lines.append(f"# {len(merges) - len(shown_m)} more merges and {len(apart) - len(shown_a)} more pairs "
                     "kept apart not shown: raise --limit, or --all for every merge and pair")
    return "\n".join(lines)
