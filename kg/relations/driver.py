"""The registered relation rules, in the order they run: each walks an article's names or tokens and
hands them to the frames of the modules beside this one.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.entities import Mention, roster
from kg.model import Relation
from kg.rules import RULES, rule
from kg.relations.context import COPULAS, Context
from kg.relations.titles import listed_title_frame, role_frame, surface_title_frame, title_frame
from kg.relations.nouns import noun_frame
from kg.relations.verbs import copula_frame, verb_frame
from kg.relations.names import entity_frame, town_country_frame


def extract(ctx: Context) -> list[Relation]:
    """Every registered rule over one article (the frames below, then the package's patterns unless a
    component runs its own); relations deduplicated per (s, p, o)."""
    import kg.matching  # noqa: F401  (registers the pattern rule)

    for run in RULES.values():
        run(ctx)
    return list(ctx.found.values())


def _names(ctx: Context) -> Iterator[Mention]:
    return (m for m in ctx.mentions if m.label != "NORP")


def _tokens(ctx: Context, pos: set[str]) -> Iterator[Token]:
    return (t for t in ctx.doc if t.pos_ in pos)


@rule("title")
def title_rule(ctx: Context) -> None:
    """'SOCAR head Rovshan Najaf', 'Azerbaijan's President Ilham Aliyev': a title beside a person's name."""
    for m in _names(ctx):
        title_frame(m, ctx)


@rule("title-surface")
def surface_title_rule(ctx: Context) -> None:
    """'Transneft vice-president Andrey Badalov' where the parse of the title falls apart."""
    for m in _names(ctx):
        surface_title_frame(m, ctx)


@rule("title-listed")
def listed_title_rule(ctx: Context) -> None:
    """'X chief executive A, head of corporate finance B and senior director C': the list shares X."""
    for m in _names(ctx):
        listed_title_frame(m, ctx)


@rule("place-definite")
def town_country_rule(ctx: Context) -> None:
    """'the northeast Valdorian city': the city just named lies in Valdoria."""
    for tok in _tokens(ctx, {"NOUN"}):
        town_country_frame(tok, ctx)


@rule("title-role")
def role_rule(ctx: Context) -> None:
    """'his role as retail chief at Y': the possessor holds the post."""
    for tok in _tokens(ctx, {"NOUN"}):
        role_frame(tok, ctx)


#: What a team sheet's bracket may name: a club or a province. A town alone is no club (as for 'Tresk
#: striker X', titles.tsv), and a country in brackets is a nationality ('A Lowe (Kenya)' in a results list).
TEAM_TYPES = {"Organization", "Region"}


@rule("roster")
def roster_rule(ctx: Context) -> None:
    """A team sheet, 'A Kestrel (Northwind), B Lowe (Tresk Rovers, capt), ...': each player is a member
    of the club in his bracket (see :func:`kg.entities.roster` for what makes a list a team sheet)."""
    for sent in ctx.doc.sents:
        for player, start, end in roster(sent):
            who, club = ctx.tok2ent.get(player), ctx.tok2ent.get(start)
            if not who or not club or any(ctx.tok2ent.get(i) != club for i in range(start, end)):
                continue
            if ctx.etype(who) == "Person" and ctx.etype(club) in TEAM_TYPES and _initial_agrees(player, who, ctx):
                ctx.add(who, "memberOf", club, ctx.doc[player], "roster:bracket")


def _initial_agrees(tok: int, eid: str, ctx: Context) -> bool:
    """'J Lowe (Northwind)' where the name found is 'Lowe' alone: the initial left out must open the
    name of the entity 'Lowe' was taken for (not Ann Lowe, named elsewhere in the story)."""
    start = tok
    while start > 0 and ctx.tok2ent.get(start - 1) == eid:
        start -= 1
    before = ctx.doc[start - 1] if start > 0 else None
    if before is None or not (len(before.text) == 1 and before.text.isupper()):
        return True
    label = ctx.entities[eid].label
    return " " not in label or label[:1] == before.text  # a surname alone names no other given name


@rule("entity")
def entity_rule(ctx: Context) -> None:
    """Possessives, appositives, classifier nouns and places around a named organisation or place."""
    for m in _names(ctx):
        entity_frame(m, ctx)


@rule("verb")
def verb_rule(ctx: Context) -> None:
    """The verb frames that patterns cannot say (see :func:`verb_frame`)."""
    for tok in _tokens(ctx, {"VERB"}):
        verb_frame(tok, ctx)


@rule("copula")
def copula_rule(ctx: Context) -> None:
    """'X became chairman of Y', 'X is Russia's state monopoly'."""
    for tok in ctx.doc:
        if (tok.pos_ == "VERB" and tok.lemma_ in COPULAS - {"be"}) or (
                tok.pos_ == "AUX" and tok.dep_ in {"ROOT", "relcl", "ccomp", "advcl", "conj"}):
            copula_frame(tok, ctx)


@rule("noun")
def noun_rule(ctx: Context) -> None:
    """Nominalised events and states ('Putin's visit to Azerbaijan'); objects and attributes are read by
    the verb and copula frames, which know the noun's agents."""
    for tok in _tokens(ctx, {"NOUN", "PROPN"}):
        if tok.dep_ not in {"dobj", "attr"}:
            noun_frame(tok, ctx)
