"""Relations: the facts a sentence states, read off spaCy's dependency parse.

Frames, each a plain function over one token, all looking predicates up in the tables of
``ontology/lexicon`` rather than naming them in code, one family to a module:

- :mod:`~kg.relations.verbs`: active and passive voice, prepositional objects, control and
  coordination, relative clauses, light verbs carrying an event noun ("announced sanctions against"),
  copulas ("Turkey has become a key partner for Russia");
- :mod:`~kg.relations.titles`: titles and appositives ("Gazprom chief Aleksei Miller");
- :mod:`~kg.relations.nouns`: nominalisations ("Putin's visit to Azerbaijan");
- :mod:`~kg.relations.names`: possessives ("Russia's Gazprom"), hyphenated compounds ("a
  Kremlin-funded outlet"), places ("Russia's fourth-largest city").

They read noun phrases through :mod:`~kg.relations.reference` and clauses through
:mod:`~kg.relations.clauses`, and propose facts on a :class:`~kg.relations.context.Context`;
:mod:`~kg.relations.driver` registers them as rules, and :mod:`~kg.relations.filters` registers
the filters every candidate passes. Negated, hedged and conditional clauses assert nothing; a clause
under a reporting verb is kept as the speaker's claim. Pronouns and short references ("it", "he",
"the committee") resolve to the nearest entity the grammar allows.
"""

from kg.relations import filters  # noqa: F401  (registers the candidate filters, in their order)
from kg.relations.clauses import clause_status
from kg.relations.context import CONF, Candidate, constraints, Context
from kg.relations.driver import extract
from kg.relations.reference import np_ents, subjects

__all__ = ["CONF", "Candidate", "Context", "clause_status", "constraints", "extract", "np_ents", "subjects"]
