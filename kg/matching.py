"""Pattern rules on a Doc: each DependencyMatcher match becomes candidate facts.

The ``trigger`` node's clause decides whether the match asserts anything (negation, hedges, reported
speech: :func:`kg.relations.clauses.clause_status`); the ``subject`` and ``object`` nodes are heads of noun
phrases, resolved to entities the way the frames resolve theirs (names, coordination, pronouns,
"Russia's ambassador" for Russia, :func:`kg.relations.reference.np_ents`). A pattern without a ``subject``
node takes the trigger's grammatical subject, inherited through coordination, control and relative
clauses (:func:`kg.relations.reference.subjects`).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from kg.relations.clauses import clause_status
from kg.relations.context import ATTITUDES, PART_NOUNS, RELATIVE, Context, is_event, noun_frames, verb_frames
from kg.relations.reference import is_passive_verb, np_ents, owned_ents, subjects
from kg.relations.titles import title_key, title_property
from kg.relations.verbs import doer_of, verb_sense
from kg.entities import PLACE_TYPES, former_properties, titles
from kg.ontology import load_properties
from kg.rules import EXTENSION_READERS, PatternRule, RuleSet, package_pattern_files, read_patterns, rule

CLAUSE_HEADS = {"VERB", "AUX"}


def in_name(tok: Token) -> bool:
    """Whether the token is part of a name kg found (a mention): ``{"_": {"kg_name": true}}`` in a pattern."""
    return tok.i in name_tokens(tok.doc)


def name_tokens(doc: Doc) -> frozenset[int]:
    ms = doc._.kg_mentions or ()
    cached = doc.user_data.get("kg_name_tokens")
    if cached is None or cached[0] is not ms:
        cached = doc.user_data["kg_name_tokens"] = (ms, frozenset(i for m in ms for i in range(m.start, m.end)))
    return cached[1]


def entity_type(tok: Token) -> str:
    """The type of the entity a token names ("Person", "Organization", "Country", ...; a demonym names its
    country), in the Doc's resolved context: ``{"_": {"kg_type": {"IN": [...]}}}`` in a pattern; "" for none."""
    ctx = tok.doc._.kg_context
    eid = ctx and (ctx.tok2ent.get(tok.i) or ctx.tok2norp.get(tok.i))
    return ctx.entities[eid].type if eid and eid in ctx.entities else ""


def _type_reader(doc: Doc):
    """:func:`entity_type` of the Doc's tokens by position, the context looked up once."""
    ctx = doc._.kg_context
    if not ctx:
        return lambda i: ""
    tok2ent, tok2norp, entities = ctx.tok2ent, ctx.tok2norp, ctx.entities

    def read(i: int) -> str:
        eid = tok2ent.get(i) or tok2norp.get(i)
        return entities[eid].type if eid and eid in entities else ""
    return read


def is_passive(tok: Token) -> bool:
    """A passive verb ("was bought", "the firm bought by X"): ``{"_": {"kg_passive": true}}`` in a pattern."""
    return is_passive_verb(tok)


if not Doc.has_extension("kg_mentions"):
    Doc.set_extension("kg_mentions", default=None)
for _name, _getter in (("kg_name", in_name), ("kg_type", entity_type), ("kg_passive", is_passive)):
    if not Token.has_extension(_name):
        Token.set_extension(_name, getter=_getter)
EXTENSION_READERS[in_name] = lambda doc: name_tokens(doc).__contains__
EXTENSION_READERS[entity_type] = _type_reader


def known_predicate(name: str) -> bool:
    return name in load_properties()


@cache
def default_ruleset() -> RuleSet:
    """The package's own pattern rules (kg/patterns/*.jsonl)."""
    rs = RuleSet()
    for path in package_pattern_files():
        rs.add(read_patterns(path, known_predicate))
    return rs


@rule("patterns")
def pattern_rules(ctx: Context) -> None:
    """Every match of the context's pattern rules (the package's by default)."""
    rules = ctx.ruleset if ctx.ruleset is not None else default_ruleset()
    ctx.doc._.kg_context = ctx  # what kg_type reads
    for r, toks in rules.matches(ctx.doc):
        apply(r, toks, ctx)


def apply(r: PatternRule, toks: dict[str, Token], ctx: Context) -> None:
    """Candidates of one match: every subject entity with every object entity."""
    trigger = toks["trigger"]
    prop, inverse = predicate(r, toks, ctx)
    if prop == "worksFor" and r.lookup == "verbs" and trigger.lemma_.lower() == "work" and trigger.tag_ == "VBD":
        prop = former_properties().get(prop)  # "he worked at MTV for seven years": a past job ("has worked" is current)
    if prop and r.lookup == "titles":
        prop = title_property(trigger, prop)  # "resigned as UKIP's branch chairman" headed no party
    if prop and r.former:
        verb = toks.get("verb", trigger)
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return  # "for X to be replaced as leader", "agreed to step down as chairman": not done yet  # "stepped down as chairman of Y": a past tie, or none (ontology/lexicon/former.tsv)
        prop = former_properties().get(prop)
    if not prop:
        return
    # a node is resolved as what it ends up as: with 'swap', the 'object' node names the subject
    if "subject" in toks:
        subj = slot_entities(toks["subject"], trigger, ctx, subject=not r.swap)
    else:
        subj = subjects(trigger, ctx)
    obj = object_entities(toks["object"], trigger, prop, ctx, subject=r.swap)
    if prop == "heads" and toks["object"].i not in ctx.tok2ent and toks["object"].lemma_.lower() in PART_NOUNS:
        prop = "worksFor"  # "X heads the Asian unit of Y": Y's, not Y
    for slot in r.alone:  # "Bull of France and NEC of Japan": 'of France' is Bull's alone
        tok = toks.get(slot)
        if tok is not None and tok.i in ctx.tok2ent:
            if slot == "subject":
                subj = [ctx.tok2ent[tok.i]]
            else:
                obj = [ctx.tok2ent[tok.i]]
    if r.swap != inverse:
        subj, obj = obj, subj
    for slot, allowed in r.types:
        kinds = {k for t in allowed for k in (PLACE_TYPES if t == "Place" else {t})}
        if slot == "subject":
            subj = [x for x in subj if ctx.etype(x) in kinds]
        else:
            obj = [x for x in obj if ctx.etype(x) in kinds]
    if not subj or not obj:
        return
    status, speaker = clause(trigger, prop, ctx)
    for s in subj:
        for o in obj:
            ctx.add(s, prop, o, trigger, r.id, speaker, r.confidence, status)


def predicate(r: PatternRule, toks: dict[str, Token], ctx: Context) -> tuple[str | None, bool]:
    """(property, whether subject and object swap): the rule's own, or the lexicon's for the trigger.

    A ``slot`` may name the preposition node: ``"pass-{prep}"`` reads "based *in*" as ``pass-in``.
    """
    if r.predicate:
        return r.predicate, False
    trigger = toks["trigger"]
    lemma = trigger.lemma_.lower()
    prep = toks["prep"].lower_ if "prep" in toks else None
    slot = (r.slot or prep or "obj").replace("{prep}", prep or "")
    if r.lookup == "verbs":
        return verb_sense(trigger, slot, verb_frames().get((lemma, slot)), ctx), False
    if r.lookup == "nouns":
        return noun_frames().get((lemma, slot)), False
    table = titles()
    key = title_key(trigger)
    if key not in table:
        return None, False
    prop, direction = table[key]
    return prop, direction != "holder"


def slot_entities(tok: Token, trigger: Token, ctx: Context, subject: bool = False) -> list[str]:
    """The entities a slot's noun phrase denotes; a relative pronoun stands for the noun it modifies, a
    demonym for its country."""
    if tok.lower_ in RELATIVE:
        clause = next((t for t in [tok, *tok.ancestors] if t.dep_ == "relcl"), None)
        if clause is not None:
            return np_ents(clause.head, ctx, subject=subject)
    if tok.i not in ctx.tok2ent and tok.i in ctx.tok2norp:
        return [ctx.tok2norp[tok.i]]
    return np_ents(tok, ctx, subject=subject)


def object_entities(tok: Token, trigger: Token, prop: str, ctx: Context, subject: bool = False) -> list[str]:
    """An object slot's entities; failing a name, what a part or stake belongs to ("bought a stake in X",
    "sold its unit Y") and, for an attitude, whoever did the act ("condemned X's attack")."""
    out = slot_entities(tok, trigger, ctx, subject)
    if out or subject or trigger._.kg_passive:
        return out
    out = owned_ents(tok, ctx)
    if not out and prop in ATTITUDES and tok.dep_ == "dobj":
        out = doer_of(tok, ctx)
    return out


def clause(trigger: Token, prop: str, ctx: Context) -> tuple[str, str | None]:
    """(status, speaker) of the clause stating the match.

    A verb trigger's own clause; a noun trigger of an event ("sanctions on X") the clause of the verb it
    hangs on; a noun phrase naming a state of affairs ("the Paris offices of X") presupposes it:
    asserted whatever the clause says.
    """
    t = trigger
    if t.pos_ not in CLAUSE_HEADS:
        if not is_event(prop):
            return "asserted", None
        t = next((a for a in t.ancestors if a.pos_ in CLAUSE_HEADS), None)
        if t is None:
            return "asserted", None
    asserted, speaker = clause_status(t, ctx)
    if not asserted:
        return "unasserted", None
    return ("reported" if speaker else "asserted"), speaker
