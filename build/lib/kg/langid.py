"""Language identification: skip articles the spaCy model cannot read.

An English pipeline run over Russian or Azerbaijani text tags nonsense as names and relations, so
such files are skipped with a warning instead. The identifier is py3langid (langid.py's naive Bayes
over byte n-grams, 97 languages); its model ships inside the wheel, so nothing is downloaded.
Short texts are not judged: a headline of names ("Putin met Xi.") carries too little evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SAMPLE_CHARS = 1_500  # ~250 words are plenty to tell a language, and every build reads every file
MIN_LETTERS = 80  # fewer letters than this and the guess is noise
MIN_CONFIDENCE = 0.9  # normalised probability needed to call a text foreign
MULTILINGUAL = {"xx", "mul"}  # spaCy's code for multi-language pipelines


@dataclass(frozen=True)
class Guess:
    code: str  # ISO 639-1, as py3langid reports it
    confidence: float

    @property
    def name(self) -> str:
        return language_name(self.code)


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no type hints
    """Load the model once (about a second: it is xz-compressed inside the package)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_name(code: str) -> str:
    """'az' -> 'Azerbaijani', through pycountry's ISO 639 table; the code itself when unknown."""
    import pycountry

    lang = pycountry.languages.get(alpha_2=code)
    return lang.name if lang is not None else code


def guess(text: str) -> Guess | None:
    """The language of *text*, or None when it is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    code, prob = _identifier().classify(sample)
    return Guess(str(code), float(prob))


def foreign(text: str, model_lang: str) -> Guess | None:
    """The language of *text* when it is confidently not the model's language, else None."""
    if not model_lang or model_lang in MULTILINGUAL:
        return None
    g = guess(text)
    if g is None or g.code == model_lang or g.confidence < MIN_CONFIDENCE:
        return None
    return g
