"""Atomic file writes: a build killed half-way must never leave a truncated graph.ttl or graph.html.

A file is written in two steps: *staged* (a temp file beside its target, fsynced) and *committed*
(renamed over the target, then the folder fsynced so the rename survives a power cut). A build
stages every output first, while the slow work happens, and commits them together at the end, so a
kill at any moment leaves either all previous outputs or (bar the few microseconds between renames)
all new ones. A killed build's staged files are left behind; :func:`remove_stale` clears them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not every platform can open a directory; the rename itself is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stage_path(path: str | Path) -> Path:
    """A fresh, empty temp file beside *path* (same folder, so the final rename is atomic)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def stage_bytes(path: str | Path, data: bytes) -> Path:
    """Write *data* to a temp file beside *path* and fsync it; returns the temp file to commit."""
    tmp = stage_path(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(staged: Iterable[tuple[Path, Path]]) -> None:
    """Rename each staged temp file over its target, back to back, then fsync the folders."""
    folders = set()
    for tmp, target in staged:
        os.replace(tmp, target)
        folders.add(Path(target).parent)
    for folder in folders:
        _fsync_dir(folder)


def discard(paths: Iterable[Path]) -> None:
    """Remove staged files that will not be committed."""
    for p in paths:
        Path(p).unlink(missing_ok=True)


def remove_stale(folder: str | Path, names: Iterable[str]) -> list[Path]:
    """Delete temp files a killed writer left for the targets *names* in *folder*.

    Only call this while holding the folder's build lock: another live writer's temps look the same.
    """
    removed = []
    for name in names:
        # ".graph.ttl.x.tmp", and "..graph.html.x.tmp.y.tmp" (the temp of a write into a staged file)
        for p in [*Path(folder).glob(f".{name}.*.tmp"), *Path(folder).glob(f"..{name}.*.tmp")]:
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write *data* to a temp file beside *path*, fsync it, then rename it over *path*."""
    target = Path(path)
    tmp = stage_bytes(target, data)
    try:
        commit([(tmp, target)])
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: str | Path, text: str) -> Path:
    """UTF-8 text variant of :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
