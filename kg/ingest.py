"""Ingest: files on disk to clean stories.

News files arrive with page chrome (newsletter pleas, photo credits, "Related Articles" teasers).
This stage decodes them, strips the chrome, and splits a file that carries several stories into
one :class:`~kg.model.Article` per story, so each fact later points at the story that states it.
The chrome patterns are data (``kg/data/*.txt``), not code.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.dates import publication_date
from kg.model import Article

DATA = Path(__file__).parent / "data"
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
TEASER_MIN_WORDS = 20  # a paragraph this long after a section marker is a teaser body


class InputError(Exception):
    """A file or path the user named cannot be used; the message names it."""


@dataclass
class Skipped:
    path: str
    reason: str


def _patterns(name: str, flags: int = 0) -> list[re.Pattern[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [re.compile(x, flags) for x in lines if x.strip() and not x.startswith("#")]


@lru_cache(maxsize=1)
def _chrome() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]]:
    return (
        _patterns("chrome.txt", re.I),
        _patterns("section_markers.txt", re.I),
        _patterns("inline_chrome.txt", re.M),
    )


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into article files, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            found.append(p)
    return found


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: BOMs honoured, UTF-8 preferred, cp1252 as the last resort of old exports."""
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: binary file, not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def html_to_text(html: str) -> tuple[str, str, str | None]:
    """Main text, title and date of an HTML page, through trafilatura's boilerplate removal."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta else "") or ""
    date = meta.date if meta and meta.date else None
    return text, title, date


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(ZERO_WIDTH)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_chrome(par: str) -> bool:
    chrome, markers, _ = _chrome()
    return any(p.fullmatch(par) for p in chrome + markers)


def _is_marker(par: str) -> bool:
    return any(p.fullmatch(par.strip(" :")) for p in _chrome()[1])


def _clean_inline(par: str) -> str:
    for p in _chrome()[2]:
        par = p.sub("", par)
    return re.sub(r"[ \t]+", " ", par).strip()


def _kicker(par: str) -> str | None:
    """'Explainer | Headline' opens a teaser of another story: return its headline."""
    m = re.fullmatch(r"[A-Z][\w ]{1,30}\s+\|\s+(.{10,200})", par)
    return m.group(1) if m else None


def split_stories(text: str) -> list[tuple[str, list[str]]]:
    """Split cleaned text into (title, paragraphs) stories.

    The first story runs until a section marker ("Related Articles", "Hashtags", ...) or a
    kicker line ("Explainer | ..."). After a marker, each long paragraph is a teaser story whose
    title is the short line before it.
    """
    text = re.sub(r"(?<=[^\n])\n(?=[a-z])", " ", text)  # hard-wrapped lines: a lowercase line continues
    pars = [p.strip() for p in re.split(r"\n\s*\n|\n", text)]
    stories: list[tuple[str, list[str]]] = [("", [])]
    in_teasers = False
    pending_title = ""
    seen: set[str] = set()
    for raw in pars:
        if not raw:
            continue
        if _is_marker(raw):
            in_teasers, pending_title = True, ""
            continue
        kicker = _kicker(raw)
        if kicker:
            stories.append((kicker, [kicker]))
            continue
        if _is_chrome(raw):
            continue
        par = _clean_inline(raw)
        if not par or par in seen:
            continue
        seen.add(par)
        words = len(par.split())
        if in_teasers:
            if words >= TEASER_MIN_WORDS:
                stories.append((pending_title, [pending_title, par] if pending_title else [par]))
                pending_title = ""
            else:
                pending_title = par
            continue
        title, body = stories[-1]
        if not title and not body and words < 30:
            stories[-1] = (par, [par])
        else:
            body.append(par)
    out = [(t, b) for t, b in stories if b]
    if out and len(out[0][1]) > 2 and len(out[0][1][0].split()) <= 4 and len(out[0][1][1].split()) < 30:
        # a section label ("Azerbaijan–Russia Relations") above the headline
        out[0] = (out[0][1][1], out[0][1][1:])
    return out


def _slug(path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "article"
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:6]
    return f"{stem}-{digest}"


def read_file(path: Path) -> list[Article]:
    """One file to its stories. Raises InputError naming the file when it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    text = normalise(decode(raw, str(path)))
    title, date = "", None
    if path.suffix.lower() in {".html", ".htm"}:
        text, title, date = html_to_text(text)
        text = normalise(text)
    if not text.strip():
        raise InputError(f"{path}: empty, no text")
    date = date or publication_date(text)
    stories = split_stories(text)
    if not stories:
        raise InputError(f"{path}: no article text after removing page chrome")
    slug = _slug(path)
    articles = []
    for i, (story_title, pars) in enumerate(stories):
        articles.append(
            Article(
                id=slug if i == 0 else f"{slug}-s{i}",
                path=str(path),
                text="\n\n".join(pars),
                title=(title if i == 0 and title else story_title),
                date=date,
                story=i,
            )
        )
    return articles


def read_articles(paths: Iterable[str | Path], skipped: list[Skipped] | None = None) -> Iterator[Article]:
    """Stream stories from files and folders; unreadable files are reported in ``skipped``."""
    for path in discover(paths):
        try:
            yield from read_file(path)
        except InputError as e:
            if skipped is None:
                raise
            skipped.append(Skipped(str(path), str(e).split(": ", 1)[-1]))
