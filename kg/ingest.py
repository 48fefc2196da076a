"""Ingest: files on disk to clean stories.

News files arrive with page chrome (newsletter pleas, photo credits, "Related Articles" teasers).
This stage decodes them, strips the chrome, and splits a file that carries several stories into
one :class:`~kg.model.Article` per story, so each fact later points at the story that states it.
The chrome patterns are data (``kg/data/*.txt``), not code.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg import langid, resources
from kg.dates import publication_date
from kg.errors import InputError, MissingInputError
from kg.model import Article

RECORD_SUFFIXES = {".jsonl", ".csv"}  # one article per record (see kg/data/record_fields.tsv)
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"} | RECORD_SUFFIXES
# zero-width characters, the BOM, and bidirectional embedding/override/isolate controls: invisible,
# they split names ("Pu\u200btin") or reorder what a reader sees ("Trojan Source"), never carry meaning
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                               "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls except tab, LF, FF, CR
# lone UTF-16 surrogates: JSON can spell them ("\ud800"), no UTF-8 encoder accepts them
SURROGATE = re.compile("[\ud800-\udfff]")
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls: rare in any text encoding
BINARY_CONTROL_SHARE = 0.1  # more such bytes than this in a file's first 4 KiB: not text
TEASER_MIN_WORDS = 20  # a paragraph this long after a section marker is a teaser body
# Text kept per file: about 17,000 words, longer than nearly any news story. A longer "article" (a
# scraped dump, a log) is cut at the paragraph break before this point, with a warning, so one file
# cannot make a build take minutes (spaCy alone needs ~90 s for 5 MB) or exceed spaCy's max_length.
MAX_CHARS = 100_000
# A story longer than this is parsed as several parts (at paragraph breaks), each its own Article:
# some relation rules look back over every earlier mention of a document, which grows with the square
# of its length. Short references across a part boundary are lost; entities still merge across parts.
CHUNK_CHARS = 20_000

__all__ = ["InputError", "Unusable", "Skipped", "Repaired", "discover", "decode", "read_file", "read_articles"]


class Unusable(InputError):
    """A file whose content is no article (empty, binary, another language): skipped in a batch."""


@dataclass
class Skipped:
    """A file left out of the build, and why."""

    path: str
    reason: str


@dataclass
class Repaired:
    """A file used after kg repaired it (bad bytes replaced, control characters dropped, cut short)."""

    path: str
    reason: str


def _patterns(name: str, flags: int = 0) -> list[re.Pattern[str]]:
    return [re.compile(x, flags) for x in resources.lines(name) if x.strip()]


@lru_cache(maxsize=1)
def _chrome() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[re.Pattern[str]]]:
    return (
        _patterns("chrome.txt", re.I),
        _patterns("section_markers.txt", re.I),
        _patterns("inline_chrome.txt", re.M),
    )


#: What ``kg build`` writes into its output folder: never read back as articles, even when OUT lies
#: inside an input folder (or is one). A folder holding the lock file is an output folder.
LOCK_NAME = ".kg.lock"
OUTPUT_FILES = ("graph.ttl", "graph.html")
ALIASES_NAME = "aliases.txt"  # identity corrections kept in OUT (kg.api): not an article either
OUTPUT_FOLDERS = ("store", ".kg-cache")
VIEW_FILE = re.compile(r"view-.*\.html")


def _is_output(f: Path, root: Path, outs: set[Path]) -> bool:
    """Whether *f*, found under *root*, is something kg wrote into an output folder (*outs* or marked)."""
    for folder in [f.parent, *f.parent.parents]:
        if folder in outs or (folder / LOCK_NAME).exists():
            first, *rest = f.relative_to(folder).parts
            return first in OUTPUT_FOLDERS or (not rest and (first in (*OUTPUT_FILES, ALIASES_NAME) or bool(VIEW_FILE.fullmatch(first))))
        if folder == root:
            return False
    return False


def _outside_link(f: Path, root: Path) -> str | None:
    """Why a link found in the folder *root* is not followed, or None.

    A link whose target lies inside the folder is followed. One that leaves it is followed only to an
    article file (by suffix): a folder of links to a corpus kept elsewhere works, while a link planted
    to ``/etc/shadow`` or ``~/.ssh/id_rsa`` is not read into the graph.
    """
    if not any(p.is_symlink() for p in [f, *f.parents] if p != root and root in p.parents):
        return None
    target = f.resolve()
    if target == root or root.resolve() in target.parents:
        return None
    if target.is_file() and target.suffix.lower() in SUFFIXES:
        return None
    return f"a link to {target}, outside the folder and not an article file; not followed"


def discover(paths: Iterable[str | Path], skipped: list[Skipped] | None = None,
             out: str | Path | None = None) -> list[Path]:
    """Expand files and folders into article files, in a stable order.

    A path that does not exist, or a folder holding no article file, is an :class:`InputError`
    naming it: the user pointed at the wrong place, and nothing should be built. In a folder, kg's own
    outputs (*out*, or any folder a build wrote) are left out, and links leaving the folder to anything
    but an article file are listed in *skipped* (or just left out when it is None).
    """
    outs = {Path(os.path.abspath(out))} if out is not None else set()
    found: list[Path] = []
    for p in map(Path, paths):
        try:
            exists, is_dir, is_file = p.exists(), p.is_dir(), p.is_file()
        except OSError as e:  # a name too long for the file system, a loop of links
            raise InputError(f"{p}: cannot use this path ({e.strerror or e})") from None
        if not exists:
            raise MissingInputError(str(p))
        if not is_dir:
            if not is_file:  # a pipe or a device would block the build or never end
                raise InputError(f"{p}: cannot read (not a regular file or folder)")
            found.append(p)
            continue
        root = Path(os.path.abspath(p))
        files = []
        for f in sorted(p.rglob("*")):
            if f.suffix.lower() not in SUFFIXES or _is_output(Path(os.path.abspath(f)), root, outs):
                continue
            why = _outside_link(Path(os.path.abspath(f)), root)
            if why is not None:
                if skipped is not None:
                    skipped.append(Skipped(str(f), why))
            elif f.is_file():
                files.append(f)
        if not files:
            raise InputError(f"{p}: no article files in this folder (looked for {', '.join(sorted(SUFFIXES))})")
        found.extend(files)
    return found


def check_readable(files: Iterable[Path]) -> None:
    """Open every file before any model loads, so an unreadable one fails the build at once."""
    for f in files:
        try:
            with f.open("rb") as fh:
                fh.read(1)
        except OSError as e:
            raise InputError(f"{f}: cannot read ({e.strerror or e})") from None


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 is full of NULs
        return False
    if b"\x00" in head:
        return True
    controls = len(BINARY_BYTES.findall(head))
    return bool(head) and controls / len(head) > BINARY_CONTROL_SHARE


def decode(raw: bytes, path: str, repairs: list[str] | None = None) -> str:
    """Bytes to text: BOMs honoured, UTF-8 preferred, cp1252 as the last resort of old exports.

    Damage is repaired rather than fatal, and each repair is described in *repairs*: invalid bytes in
    text that has valid UTF-8 sequences become U+FFFD (one bad byte must not turn every accent into
    mojibake); text with no valid multi-byte UTF-8 sequence at all is read as Windows-1252.
    """
    notes = repairs if repairs is not None else []
    if _looks_binary(raw):
        raise Unusable(f"{path}: binary file, not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            text = raw.decode(enc, errors="replace")
            bad = text.count("\ufffd") - raw.decode(enc, errors="ignore").count("\ufffd")
            if bad:
                notes.append(f"{bad} invalid {enc.upper().removesuffix('-SIG')} sequence(s) replaced by U+FFFD")
            return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if good:  # a legacy 8-bit text almost never happens to hold a valid UTF-8 sequence
        notes.append(f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD")
        return text
    notes.append("not UTF-8; read as Windows-1252")
    return raw.decode("cp1252", errors="replace")


def html_to_text(html: str) -> tuple[str, str, str | None]:
    """Main text, title and date of an HTML page, through trafilatura's boilerplate removal."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta else "") or ""
    date = meta.date if meta and meta.date else None
    return text, title, date


CHAR_REF = re.compile(r"&#(?:(\d{2,7})|[xX]([0-9a-fA-F]{2,6}));")


def _char_ref(m: re.Match[str]) -> str:
    """The character a numeric reference names; a reference to no character is left as written."""
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return chr(code) if 32 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)


def normalise(text: str, repairs: list[str] | None = None) -> str:
    """NFC, Unix line ends, no invisible characters; control characters dropped (and reported); numeric
    character references left by an HTML export ('B&#233;ziers') read as their letters."""
    text = CHAR_REF.sub(_char_ref, text)
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text, controls = CONTROL.subn("", text)
    if controls and repairs is not None:
        repairs.append(f"{controls} control character(s) removed")
    text, surrogates = SURROGATE.subn("\ufffd", text)
    if surrogates and repairs is not None:
        repairs.append(f"{surrogates} lone surrogate(s) replaced by U+FFFD")
    return text


def cap(text: str, repairs: list[str] | None = None, limit: int = MAX_CHARS) -> str:
    """Cut a text longer than *limit* at the last paragraph (else line, else space) break before it."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind("\n\n", 0, limit), 0) or max(text.rfind("\n", 0, limit), 0) or text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    if repairs is not None:
        repairs.append(f"{len(text):,} characters of text; kept the first {cut:,} (limit {limit:,} per file)")
    return text[:cut]


@lru_cache(maxsize=1)
def _joined() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The chrome and marker patterns, and the marker patterns, each as one alternation: a paragraph
    matches it whole when it matches one of them whole."""
    chrome, markers, _ = _chrome()

    def join(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)", re.I)
    return join(chrome + markers), join(markers)


def _is_chrome(par: str) -> bool:
    return _joined()[0].fullmatch(par) is not None


def _is_marker(par: str) -> bool:
    return _joined()[1].fullmatch(par.strip(" :")) is not None


def _clean_inline(par: str) -> str:
    """Drop inline chrome; a pattern's named group ``keep`` stays (brackets around a name go, the name stays)."""
    for p in _chrome()[2]:
        par = p.sub(lambda m: m.group("keep") if "keep" in m.re.groupindex else "", par)
    return re.sub(r"[ \t]+", " ", par).strip()


def _kicker(par: str) -> str | None:
    """'Explainer | Headline' opens a teaser of another story: return its headline."""
    m = re.fullmatch(r"[A-Z][\w ]{1,30}\s+\|\s+(.{10,200})", par)
    return m.group(1) if m else None


def _pieces(par: str, limit: int) -> list[str]:
    """A paragraph longer than *limit* cut at sentence ends (else spaces) into pieces that fit."""
    out = []
    while len(par) > limit:
        cut = par.rfind(". ", 0, limit) + 1 or par.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        out.append(par[:cut].strip())
        par = par[cut:].strip()
    return [*out, par] if par else out


def chunk(pars: list[str], limit: int = CHUNK_CHARS) -> list[list[str]]:
    """Group a story's paragraphs into parts of at most *limit* characters (one part when it fits)."""
    parts: list[list[str]] = [[]]
    size = 0
    for piece in (x for par in pars for x in _pieces(par, limit)):
        if parts[-1] and size + len(piece) + 2 > limit:
            parts.append([])
            size = 0
        parts[-1].append(piece)
        size += len(piece) + 2
    return [p for p in parts if p]


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


def canonical(path: Path) -> Path:
    """The file's absolute path, its folders' links resolved: the same however the path was typed
    (relative or absolute, with ``./`` or ``..``). The file's own name is kept, so two links to one
    file stay two articles."""
    return Path(os.path.abspath(path)).parent.resolve() / path.name


def _slug(path: Path) -> str:
    """An article id: the file's name made safe, and a hash of its canonical path's bytes (a name that
    is not valid UTF-8 hashes as the bytes the file system holds)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem).strip("-") or "article"
    digest = hashlib.sha1(os.fsencode(canonical(path))).hexdigest()[:6]
    return f"{stem}-{digest}"


def _articles(base: str, path: Path, stories: list[tuple[str, list[str]]], title: str, date: str | None,
              url: str | None = None) -> list[Article]:
    """One Article per story part: the first keeps *base* as its id and the page's title, the rest
    (teasers, parts of a long story) get ``-sN`` ids and their own titles."""
    parts = [(t, part) for t, pars in stories for part in chunk(pars)]
    return [
        Article(
            id=base if i == 0 else f"{base}-s{i}",
            path=str(path),
            text="\n\n".join(pars),
            title=(title if i == 0 and title else story_title),
            date=date,
            url=url,
            story=i,
        )
        for i, (story_title, pars) in enumerate(parts)
    ]


def read_file(path: Path, lang: str | None = None, repairs: list[str] | None = None) -> list[Article]:
    """One file to its stories.

    Raises :class:`InputError` naming the file when it cannot be read, and :class:`Unusable` when it
    holds no article: empty, binary, or (when *lang*, the model's language, is given) confidently in
    another language. What was repaired on the way is described in *repairs*.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None
    if not raw:
        raise Unusable(f"{path}: empty file")
    text = normalise(decode(raw, str(path), repairs), repairs)
    title, date = "", None
    if path.suffix.lower() in {".html", ".htm"}:
        text, title, date = html_to_text(text)
        text = normalise(text)
    if not text.strip():
        raise Unusable(f"{path}: no text (only whitespace or markup)")
    if lang:
        other = langid.foreign(text, lang)
        if other:
            raise Unusable(f"{path}: written in {other.name} ({other.code}), not the model's language ({lang})")
    text = cap(text, repairs)
    date = date or publication_date(text)
    stories = split_stories(text)
    if not stories:
        raise Unusable(f"{path}: no article text after removing page chrome")
    return _articles(_slug(path), path, stories, title, date)


def read_articles(paths: Iterable[str | Path], skipped: list[Skipped] | None = None,
                  repaired: list[Repaired] | None = None, lang: str | None = None) -> Iterator[Article]:
    """Stream stories from files and folders.

    Files with no usable article are reported in ``skipped`` (raised when it is None); files that
    needed repair in ``repaired``. A file that cannot be read at all is an :class:`InputError`.
    """
    for path in discover(paths, skipped):
        repairs: list[str] = []
        try:
            if path.suffix.lower() in RECORD_SUFFIXES:
                yield from read_records(path, skipped, lang, repaired)
                continue
            articles = read_file(path, lang, repairs)
        except Unusable as e:
            if skipped is None:
                raise
            skipped.append(Skipped(str(path), str(e).removeprefix(f"{path}: ")))
            continue
        except InputError:
            raise
        except Exception as e:  # a file no rule foresaw (a parser's crash on odd HTML, say) costs only itself
            if skipped is None:
                raise
            skipped.append(Skipped(str(path), f"could not be read ({type(e).__name__}: {e})"))
            continue
        yield from articles
        if repairs and repaired is not None:
            repaired.append(Repaired(str(path), "; ".join(repairs)))


# --- corpora with one article per record: JSON Lines and CSV ---------------------------------------

@lru_cache(maxsize=1)
def record_fields() -> dict[str, tuple[str, ...]]:
    """Article field -> the record keys / CSV columns accepted for it (kg/data/record_fields.tsv)."""
    return {r[0]: tuple(r[1:]) for r in resources.table("record_fields.tsv")}


def _field(record: dict[str, object], name: str) -> str:
    """The first accepted key for *name* present in the record, as stripped text ('' when absent)."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in record_fields()[name]:
        value = lowered.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise Unusable(f"field {key!r} is {type(value).__name__}, not text")
        return str(value).strip()
    return ""


def _record_id(raw: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-")


def _record_articles(path: Path, record: dict[str, object], lang: str | None = None,
                     repairs: list[str] | None = None) -> list[Article]:
    """One record to its stories, as a .txt file's text would be, with the record's metadata."""
    body = _field(record, "text")
    if not body:
        raise Unusable(f"no text (accepted keys: {', '.join(record_fields()['text'])})")
    text = normalise(body, repairs)
    if lang:
        other = langid.foreign(text, lang)
        if other:
            raise Unusable(f"written in {other.name} ({other.code}), not the model's language ({lang})")
    text = cap(text)
    stories = split_stories(text)
    if not stories:
        raise Unusable("no article text after removing page chrome")
    title, url = normalise(_field(record, "title")), normalise(_field(record, "url")) or None
    date = normalise(_field(record, "date")) or publication_date(text)
    given = _record_id(_field(record, "id"))
    # without an id, the text names the record, so inserting records elsewhere keeps ids (and caches) stable
    base = given or f"{_slug(path)}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"
    return _articles(base, path, stories, title, date, url)


def _skip(skipped: list[Skipped] | None, where: str, reason: str) -> None:
    """A bad record is a warning naming file and line (the CLI prints ``skipped``), not the end of a build."""
    if skipped is None:
        raise Unusable(f"{where}: {reason}")
    skipped.append(Skipped(where, reason))


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    """(line number, record) per non-blank line, or (line, reason) when the line is not a JSON object."""
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                record = json.loads(decode(raw, f"{path}:{n}"))
            except (json.JSONDecodeError, Unusable) as e:
                yield n, f"not valid JSON ({e.msg if isinstance(e, json.JSONDecodeError) else e})"
                continue
            except RecursionError:
                yield n, "JSON nested too deeply"
                continue
            yield n, record if isinstance(record, dict) else f"a JSON {type(record).__name__}, not an object"


_EXTRA = "\0extra"  # DictReader's key for fields beyond the header


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, object] | str]]:
    """(line number, row) per CSV row under a header line naming the columns."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KB default
    try:
        text = normalise(decode(path.read_bytes(), str(path)))
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    reader = csv.DictReader(text.splitlines(keepends=True), restkey=_EXTRA)
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    if not header & set(record_fields()["text"]):
        raise Unusable(f"{path}: no text column (accepted: {', '.join(record_fields()['text'])})")
    line = reader.line_num  # the header's last line
    for row in reader:
        start, line = line + 1, reader.line_num
        if _EXTRA in row:
            yield start, f"{len(row[_EXTRA])} more fields than the header names"
        elif None in row.values():
            yield start, "fewer fields than the header names"
        else:
            yield start, row


def read_records(path: Path, skipped: list[Skipped] | None = None, lang: str | None = None,
                 repaired: list[Repaired] | None = None) -> Iterator[Article]:
    """Articles of a JSON Lines or CSV corpus, one per record; bad records are skipped with a warning.

    Keys/columns (case-insensitive, see kg/data/record_fields.tsv): text (required: text, body,
    content, article, story), title (title, headline), date (date, published, published_at, pubdate,
    datetime), url (url, link, source_url), id (id, article_id, guid, doc_id). Other keys are ignored.
    """
    records = _jsonl_records(path) if path.suffix.lower() == ".jsonl" else _csv_records(path)
    seen: set[str] = set()
    for line, record in records:
        where = f"{path}:{line}"
        if isinstance(record, str):
            _skip(skipped, where, record)
            continue
        repairs: list[str] = []
        try:
            articles = _record_articles(path, record, lang, repairs)
        except Unusable as e:
            _skip(skipped, where, str(e))
            continue
        if articles[0].id in seen:
            _skip(skipped, where, f"duplicate article id {articles[0].id!r}")
            continue
        seen.add(articles[0].id)
        if repairs and repaired is not None:
            repaired.append(Repaired(where, "; ".join(repairs)))
        yield from articles
