"""Relation rules: Python rule functions in a registry, and dependency patterns kept as data.

Two kinds of rule turn a parsed, mention-annotated Doc into candidate facts (``Context.add``):

- **pattern rules**, one JSON object a line in ``kg/patterns/*.jsonl`` (and in users' own files):
  a spaCy ``DependencyMatcher`` pattern whose nodes named ``trigger``, ``subject`` and ``object`` are
  the slots, with either a ``predicate`` or a ``lookup`` into the lexicon tables (docs/patterns.md);
- **rule functions**, registered with :func:`rule`, for what a pattern cannot say: the frames of
  :mod:`kg.relations` (titles, coordination, pronouns, light verbs, open predicates ...).

Candidates then pass the registered :func:`candidate_filter` functions in order (clause status,
metonymy, domain and range, ...; see :mod:`kg.relations`) before they become facts.
Patterns are validated when loaded: a bad file raises :class:`PatternError` naming file, line and
problem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from kg.errors import KgError
from kg.resources import DATA, PATTERNS, words

SLOTS = ("trigger", "subject", "object")
LOOKUPS = ("verbs", "nouns", "titles")
DEFAULT_CONFIDENCE = 0.75
KEYS = {"id", "pattern", "predicate", "lookup", "slot", "swap", "types", "alone", "former", "confidence", "comment"}
#: entity types a slot may ask for (``"types": {"object": ["Place"]}``); Place is any of the four place types
ENTITY_TYPES = ("Person", "Organization", "Place", "Country", "City", "Region", "Location")

#: rule functions by name, in registration order: ``f(ctx) -> None`` calling ``ctx.add``
RULES: dict[str, Callable[[Any], None]] = {}
#: candidate filters by name, in order: ``f(candidate, ctx) -> candidate | None`` (None drops it)
FILTERS: dict[str, Callable[[Any, Any], Any]] = {}


def rule(name: str) -> Callable[[Callable], Callable]:
    """Register a rule function that reads a :class:`kg.relations.context.Context` and adds candidates."""
    def register(fn: Callable) -> Callable:
        RULES[name] = fn
        return fn
    return register


def candidate_filter(name: str) -> Callable[[Callable], Callable]:
    """Register a filter every candidate passes before it becomes a fact (in registration order)."""
    def register(fn: Callable) -> Callable:
        FILTERS[name] = fn
        return fn
    return register


class PatternError(KgError):
    """A pattern file cannot be used; the message names the file, the line and the problem (exit 1)."""


@dataclass(frozen=True)
class PatternRule:
    """One pattern rule, as written in its file."""

    id: str
    pattern: tuple  # the DependencyMatcher dicts, as JSON text per node (hashable)
    predicate: str | None = None
    lookup: str | None = None
    slot: str | None = None  # the lexicon key's second part; default: the node "prep", else "obj"
    confidence: float = DEFAULT_CONFIDENCE
    source: str = ""
    swap: bool = False  # subject and object change places: the agent of a passive ("bought by X") acts
    types: tuple = ()  # (slot, (entity type, ...)) pairs: the types a slot's entities must have
    alone: tuple = ()  # slots that stand for their own name only, not the names coordinated with it
    former: bool = False  # the tie is past ("stepped down as chairman of Y"): the property's past counterpart

    @property
    def nodes(self) -> list[dict]:
        return [json.loads(n) for n in self.pattern]

    @property
    def names(self) -> list[str]:
        return [n["RIGHT_ID"] for n in self.nodes]

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "pattern": self.nodes}
        for key in ("predicate", "lookup", "slot"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.swap:
            out["swap"] = True
        if self.types:
            out["types"] = {k: list(v) for k, v in self.types}
        if self.alone:
            out["alone"] = list(self.alone)
        if self.former:
            out["former"] = True
        out["confidence"] = self.confidence
        return out


def parse_rule(obj: Any, where: str, known: Callable[[str], bool]) -> PatternRule:
    """Check one decoded line and make it a rule; ``known(name)`` says whether a predicate exists."""
    if not isinstance(obj, dict):
        raise ValueError("a rule is a JSON object")
    extra = set(obj) - KEYS
    if extra:
        raise ValueError(f"unknown key {sorted(extra)[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    rid, nodes = obj.get("id"), obj.get("pattern")
    if not isinstance(rid, str) or not rid.strip():
        raise ValueError("'id' must be a non-empty string")
    if not isinstance(nodes, list) or not nodes or not all(isinstance(n, dict) for n in nodes):
        raise ValueError(f"{rid}: 'pattern' must be a non-empty list of DependencyMatcher node objects")
    nodes = [expand_lists(n, rid) for n in nodes]
    names = [n.get("RIGHT_ID") for n in nodes]
    if "trigger" not in names:
        raise ValueError(f"{rid}: the pattern needs a node with RIGHT_ID 'trigger'")
    if len(set(names)) != len(names):
        raise ValueError(f"{rid}: two nodes share a RIGHT_ID")
    predicate, lookup = obj.get("predicate"), obj.get("lookup")
    if (predicate is None) == (lookup is None):
        raise ValueError(f"{rid}: give exactly one of 'predicate' and 'lookup'")
    if predicate is not None and (not isinstance(predicate, str) or not known(predicate)):
        raise ValueError(f"{rid}: unknown predicate {predicate!r} (not in ontology/properties.tsv "
                         "nor in a --properties table)")
    if lookup is not None and lookup not in LOOKUPS:
        raise ValueError(f"{rid}: 'lookup' must be one of {', '.join(LOOKUPS)}, not {lookup!r}")
    if "object" not in names:
        raise ValueError(f"{rid}: the pattern needs a node with RIGHT_ID 'object' (a 'subject' node is "
                         "optional: without one the trigger's grammatical subject is taken)")
    slot = obj.get("slot")
    if slot is not None and not isinstance(slot, str):
        raise ValueError(f"{rid}: 'slot' must be a string")
    swap = obj.get("swap", False)
    if not isinstance(swap, bool):
        raise ValueError(f"{rid}: 'swap' must be true or false")
    types = obj.get("types", {})
    if not isinstance(types, dict) or any(k not in ("subject", "object") or not isinstance(v, list) or not v
                                          or any(t not in ENTITY_TYPES for t in v) for k, v in types.items()):
        raise ValueError(f"{rid}: 'types' maps 'subject' and/or 'object' to a list of entity types "
                         f"({', '.join(ENTITY_TYPES)})")
    alone = obj.get("alone", [])
    if not isinstance(alone, list) or any(x not in ("subject", "object") for x in alone):
        raise ValueError(f"{rid}: 'alone' is a list of the slots 'subject' and 'object'")
    former = obj.get("former", False)
    if not isinstance(former, bool):
        raise ValueError(f"{rid}: 'former' must be true or false")
    conf = obj.get("confidence", DEFAULT_CONFIDENCE)
    if isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 < conf <= 1:
        raise ValueError(f"{rid}: 'confidence' must be a number in (0, 1]")
    try:  # spaCy's own checks: node keys, operators, a tree rooted at the first node
        DependencyMatcher(Vocab(), validate=True).add(rid, [nodes])
    except Exception as err:  # noqa: BLE001 - spaCy raises ValueError/KeyError/TypeError here
        raise ValueError(f"{rid}: not a valid DependencyMatcher pattern: {_first_line(err)}") from None
    return PatternRule(rid, tuple(json.dumps(n, sort_keys=True) for n in nodes), predicate, lookup, slot,
                       float(conf), where, swap, tuple((k, tuple(v)) for k, v in sorted(types.items())),
                       tuple(sorted(set(alone))), former)


def expand_lists(node: dict, rid: str) -> dict:
    """A node whose ``IN``/``NOT_IN`` names kg's word lists, ``{"LEMMA": {"IN": "@place_nouns"}}`` (or several,
    ``"@org_nouns+place_nouns"``),
    with the list's words in its place (kg/data/place_nouns.txt; for LEMMA also capitalised, as a
    sentence-initial or name-internal word has it): a word list is written once, in its data file."""
    attrs = node.get("RIGHT_ATTRS")
    if not isinstance(attrs, dict):
        return node

    def expand(key: str, value: Any) -> Any:
        if isinstance(value, dict) and key != "_":
            return {op: _words(v, key, rid) if op in ("IN", "NOT_IN") and isinstance(v, str) else v
                    for op, v in value.items()}
        if isinstance(value, dict):
            return {k: expand(k, v) for k, v in value.items()}
        return value

    return {**node, "RIGHT_ATTRS": {k: expand(k, v) for k, v in attrs.items()}}


def _words(ref: str, key: str, rid: str) -> list[str]:
    """The words of '@name' (kg/data/name.txt), or of several lists joined: '@org_nouns+place_nouns'."""
    names = ref[1:].split("+")
    if not ref.startswith("@") or not all(n and (DATA / f"{n}.txt").is_file() for n in names):
        raise ValueError(f"{rid}: {key} IN/NOT_IN takes a list or '@name' of a word list in kg/data, not {ref!r}")
    found = sorted({w for n in names for w in words(f"{n}.txt")})
    return sorted(set(found) | {w[:1].upper() + w[1:] for w in found}) if key == "LEMMA" else found


def _first_line(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text[:300]


def read_patterns(path: str | Path, known: Callable[[str], bool]) -> list[PatternRule]:
    """Every rule of a JSONL pattern file; raises :class:`PatternError` at the first bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise PatternError(f"{path}: cannot read pattern file ({err.__class__.__name__}: "
                           f"{getattr(err, 'strerror', None) or err})") from None
    out: list[PatternRule] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise PatternError(f"{path}:{n}: not JSON ({err.msg}, column {err.colno})") from None
        try:
            out.append(parse_rule(obj, f"{path.name}:{n}", known))
        except ValueError as err:
            raise PatternError(f"{path}:{n}: {err}") from None
    return out


def package_pattern_files() -> list[Path]:
    """The pattern files shipped in the package (kg/patterns/*.jsonl), in name order."""
    return sorted(PATTERNS.glob("*.jsonl"))


def _tree_span(tok: Token):
    root = (list(tok.ancestors) or [tok])[-1]
    return range(root.left_edge.i, root.right_edge.i + 1)


#: the DependencyMatcher operators kg matches itself (the others go through spaCy's DependencyMatcher), with
#: spaCy's meaning: the tokens in that relation to the left node
OPS: dict[str, Callable[[Token], Iterable[Token]]] = {
    ">": lambda t: t.children,
    "<": lambda t: [t.head] if t.head.i != t.i else [],
    ">>": lambda t: (x for x in t.subtree if x.i != t.i),
    "<<": lambda t: t.ancestors,
    ".": lambda t: [t.doc[t.i + 1]] if t.i + 1 in _tree_span(t) else [],
    ";": lambda t: [t.doc[t.i - 1]] if t.i - 1 in _tree_span(t) else [],
}


#: token attributes kg tests itself, as spaCy's Matcher does: the token's string value of each
TOKEN_ATTRS: dict[str, Callable[[Token], str]] = {
    "LEMMA": attrgetter("lemma_"), "LOWER": attrgetter("lower_"), "ORTH": attrgetter("orth_"),
    "TEXT": attrgetter("text"), "NORM": attrgetter("norm_"), "DEP": attrgetter("dep_"), "POS": attrgetter("pos_"),
    "TAG": attrgetter("tag_"),
}
#: the attribute a node's candidate tokens are looked up by, most selective first
INDEX_ORDER = ("LEMMA", "LOWER", "ORTH", "TEXT", "NORM", "DEP", "TAG", "POS")


def _value_test(spec: Any) -> Callable[[Any], bool] | None:
    """A test of one attribute value as spaCy's Matcher reads ``spec`` (a value, ``IN`` or ``NOT_IN``)."""
    if not isinstance(spec, dict):
        return lambda v: v == spec
    if not spec or not set(spec) <= {"IN", "NOT_IN"}:
        return None
    allowed = frozenset(spec["IN"]) if "IN" in spec else None
    banned = frozenset(spec.get("NOT_IN", ()))
    return lambda v: (allowed is None or v in allowed) and v not in banned


#: readers of extension attributes for a whole Doc, for getters slow token by token: getter -> f(doc) giving
#: f(position) -> the value the getter gives that token
EXTENSION_READERS: dict[Callable, Callable[[Any], Callable[[int], Any]]] = {}


class DocTable:
    """A Doc's tokens with each attribute value read once, however many pattern nodes test it: columns of
    values by attribute, positions by value, extension values, children by head."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.toks: list[Token] = list(doc)
        self.columns: dict[str, list] = {}
        self.positions: dict[str, dict[Any, list[int]]] = {}
        self.extensions: dict[str, dict[int, Any]] = {}
        self.readers: dict[str, Callable[[int], Any]] = {}
        self._children: list[list[int]] | None = None

    def column(self, key: str) -> list:
        col = self.columns.get(key)
        if col is None:
            get = TOKEN_ATTRS[key]
            col = self.columns[key] = [get(t) for t in self.toks]
        return col

    def position(self, key: str) -> dict[Any, list[int]]:
        table = self.positions.get(key)
        if table is None:
            table = self.positions[key] = {}
            for i, v in enumerate(self.column(key)):
                table.setdefault(v, []).append(i)
        return table

    def extension(self, name: str, i: int) -> Any:
        """``token._.name`` of the token at *i* (a getter's value is read once per Doc)."""
        values = self.extensions.get(name)
        if values is None:
            values = self.extensions[name] = {}
            self.readers[name] = self._reader(name)
        if i in values:
            return values[i]
        value = values[i] = self.readers[name](i)
        return value

    def _reader(self, name: str) -> Callable[[int], Any]:
        getter = Token.get_extension(name)[2] if Token.has_extension(name) else None
        if getter in EXTENSION_READERS:
            return EXTENSION_READERS[getter](self.doc)
        if getter is not None:
            return lambda i: getter(self.toks[i])
        return lambda i: getattr(self.toks[i]._, name)

    def children(self, i: int) -> list[int]:
        """Positions of the token's children, in order (``token.children``)."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.toks]
            for t in self.toks:
                h = t.head.i
                if h != t.i:
                    kids[h].append(t.i)
            self._children = kids
        return self._children[i]


@dataclass(frozen=True)
class NodeTest:
    """One distinct pattern node, tested in Python on the tokens an index gives it.

    spaCy's ``Matcher`` runs every set predicate of every node on every token; most nodes name a few
    lemmas or one dependency label, so looking those up first and testing the rest on the few tokens
    found gives the same tokens for a fraction of the work.
    """

    index: tuple[str, frozenset[str]] | None  # (attribute, the values a token may have) or None: every token
    tests: tuple[tuple[str, Callable[[Any], bool]], ...]  # (attribute, test of its value), the index's aside
    #: tests of extension attributes (``{"_": {...}}``): their getters are slow, so they run last and each
    #: token's value is read once per Doc, whichever nodes ask for it
    ext_tests: tuple[tuple[str, Callable[[Any], bool]], ...] = ()

    @classmethod
    def of(cls, attrs: dict) -> NodeTest | None:
        """The test of a node, or None when it uses what only spaCy's Matcher knows."""
        tests, ext_tests, index = [], [], None
        for key, spec in attrs.items():
            if key == "_" and isinstance(spec, dict):
                for ext, ext_spec in spec.items():
                    test = _value_test(ext_spec)
                    if test is None:
                        return None
                    ext_tests.append((ext, test))
                continue
            test = _value_test(spec)
            if key not in TOKEN_ATTRS or test is None:
                return None
            tests.append((key, test))
        for key in INDEX_ORDER:
            spec = attrs.get(key)
            if isinstance(spec, str) or (isinstance(spec, dict) and "IN" in spec):
                index = (key, frozenset([spec] if isinstance(spec, str) else spec["IN"]))
                if isinstance(spec, str) or set(spec) == {"IN"}:
                    tests = [(k, t) for k, t in tests if k != key]  # what the index gives passes its test
                break
        return cls(index, tuple(tests), tuple(ext_tests))

    def tokens(self, table: DocTable) -> set[int]:
        """The positions of the tokens of the Doc the node matches."""
        if self.index is None:
            found: Iterable[int] = range(len(table.toks))
        else:
            key, values = self.index
            by_value = table.position(key)
            found = [i for v in values for i in by_value.get(v, ())]
        for key, test in self.tests:
            col = table.column(key)
            found = [i for i in found if test(col[i])]
        for ext, test in self.ext_tests:
            found = [i for i in found if test(table.extension(ext, i))]
        return set(found)

    def accepts(self, table: DocTable, i: int) -> bool:
        """Whether the token at *i* is one :meth:`tokens` finds, tested on that token alone (in the same
        order: an extension, slow to read, only when the rest pass)."""
        if self.index is not None:
            key, values = self.index
            if table.column(key)[i] not in values:
                return False
        for key, test in self.tests:
            if not test(table.column(key)[i]):
                return False
        return all(test(table.extension(ext, i)) for ext, test in self.ext_tests)


class NodeHits:
    """The tokens of one Doc each distinct node matches, worked out as the joins ask for them.

    A rule's first node is looked up over the whole Doc (once, whichever rules start with it); a later
    node is only ever asked about the few tokens next to a partial match, so it is tested on those alone.
    Most rules stop at their first node, and scanning every token for every node was most of the
    matcher's time; the matches are the same.
    """

    def __init__(self, table: DocTable, tested: dict[int, NodeTest], found: dict[int, set[int]]) -> None:
        self.table, self.tested = table, tested
        self.found = found  # positions by node key: spaCy's Matcher's nodes, and nodes already scanned

    def all(self, key: int) -> set[int]:
        """Every position the node matches."""
        hit = self.found.get(key)
        if hit is None:
            test = self.tested.get(key)
            hit = self.found[key] = test.tokens(self.table) if test is not None else set()
        return hit

    def accepts(self, key: int) -> Callable[[int], bool]:
        """A test of one position against the node."""
        test = self.tested.get(key)
        if test is None or key in self.found:
            return self.all(key).__contains__
        table = self.table
        return lambda i: test.accepts(table, i)


@dataclass
class RuleSet:
    """Pattern rules and what finds them (built per vocab, on first use).

    spaCy's ``DependencyMatcher`` runs one token pattern per node of every rule; the package's rules have
    ~330 nodes but fewer than 100 distinct ones, so kg matches each distinct node once (a ``Matcher``)
    and joins the nodes of a rule along its operators itself, as the DependencyMatcher does (same
    results: every assignment of tokens, within one sentence's tree, that satisfies every relation).
    Rules with operators outside :data:`OPS` go through spaCy's ``DependencyMatcher``.
    """

    rules: dict[str, PatternRule] = field(default_factory=dict)
    _matchers: dict[int, tuple] = field(default_factory=dict)
    _fingerprint: str | None = field(default=None, compare=False, repr=False)

    def add(self, rules: Iterable[PatternRule]) -> None:
        for r in rules:
            if r.id in self.rules and self.rules[r.id] != r:
                raise PatternError(f"{r.source}: rule id {r.id!r} is already used by {self.rules[r.id].source}")
            self.rules[r.id] = r
        self._matchers.clear()
        self._fingerprint = None

    def clear(self) -> None:
        self.rules.clear()
        self._matchers.clear()
        self._fingerprint = None

    def __len__(self) -> int:
        return len(self.rules)

    @property
    def fingerprint(self) -> str:
        """Changes whenever a rule does: part of the signature of cached relations (worked out once per
        set of rules, not once per article)."""
        if self._fingerprint is None:
            text = json.dumps([r.to_dict() for r in self.rules.values()], sort_keys=True)
            self._fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self._fingerprint

    def matcher(self, vocab: Vocab) -> tuple:
        """(token Matcher of the distinct nodes kg cannot test itself or None, kg's node tests by key, the
        rules they serve as (rule, node names, [(node key, left, op)]), a DependencyMatcher for the other
        rules or None). The node names are decoded here once, not from the rule's JSON at every match."""
        hit = self._matchers.get(id(vocab))
        if hit is None or hit[0] is not vocab:
            tokens, keys, fast, slow, tested = Matcher(vocab), {}, [], None, {}
            for r in self.rules.values():
                nodes = r.nodes
                if any(n.get("REL_OP", ">") not in OPS for n in nodes[1:]):
                    slow = slow or DependencyMatcher(vocab)
                    slow.add(r.id, [nodes])
                    continue
                names = [n["RIGHT_ID"] for n in nodes]
                plan = []
                for n in nodes:
                    attrs = json.dumps(n.get("RIGHT_ATTRS", {}), sort_keys=True)
                    if attrs not in keys:
                        keys[attrs] = f"kg-node-{len(keys)}"
                        test = NodeTest.of(n.get("RIGHT_ATTRS", {}))
                        if test is None:
                            tokens.add(keys[attrs], [[n.get("RIGHT_ATTRS", {})]])
                        else:
                            tested[vocab.strings.add(keys[attrs])] = test
                    plan.append((vocab.strings[keys[attrs]], names.index(n["LEFT_ID"]) if "LEFT_ID" in n else -1,
                                 n.get("REL_OP")))
                fast.append((r, names, plan))
            hit = self._matchers[id(vocab)] = (vocab, (tokens if len(tokens) else None, tested, fast, slow))
        return hit[1]

    def matches(self, doc) -> Iterator[tuple[PatternRule, dict[str, Token]]]:
        """(rule, tokens by node name) for every match, in document order of the trigger."""
        if not self.rules:
            return
        tokens, tested, fast, slow = self.matcher(doc.vocab)
        matched: dict[int, set[int]] = {}
        for key, start, _ in tokens(doc) if tokens is not None else ():
            matched.setdefault(key, set()).add(start)
        table = DocTable(doc)
        hits = NodeHits(table, tested, matched)
        found = []
        toks = table.toks
        for r, names, plan in fast:
            assignments = [[i] for i in sorted(hits.all(plan[0][0]))]
            for key, left, op in plan[1:]:
                if not assignments:
                    break
                accepts = hits.accepts(key)
                if op == ">":
                    assignments = [a + [i] for a in assignments for i in table.children(a[left]) if accepts(i)]
                else:
                    assignments = [a + [t.i] for a in assignments for t in OPS[op](toks[a[left]]) if accepts(t.i)]
            for ids in assignments:
                named = dict(zip(names, (toks[i] for i in ids)))
                found.append((named["trigger"].i, r.id, tuple(ids), r, named))
        for match_id, token_ids in slow(doc) if slow is not None else ():
            r = self.rules[doc.vocab.strings[match_id]]
            toks = {name: doc[i] for name, i in zip(r.names, token_ids)}
            found.append((toks["trigger"].i, r.id, tuple(token_ids), r, toks))
        found.sort(key=lambda x: x[:3])
        for _, _, _, r, toks in found:
            yield r, toks
