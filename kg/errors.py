"""Errors kg reports to people: the CLI prints these as one line, without a traceback.

Exit codes (also in the README and ``kg build --help``):

- 0: done; every input was used (files kg repaired are listed on stderr)
- 1: an error in what kg was asked to do (SPARQL syntax, no store yet, unknown model, ...)
- 2: an input cannot be used at all (missing path, unreadable file, a folder with no articles);
  nothing was written, previous outputs are untouched
- 3: built, but some input files were skipped (each listed on stderr with the reason)
- 4: another ``kg build`` is writing to the same output folder (pass ``--wait`` to wait for it)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INPUT = 2
EXIT_SKIPPED = 3
EXIT_LOCKED = 4


class KgError(Exception):
    """Base of the errors whose message is meant for the user, not a developer."""

    exit_code: int = EXIT_ERROR


class InputError(KgError):
    """A file or path the user named cannot be used; the message names it. Usage error: exit 2."""

    exit_code = EXIT_INPUT


class MissingInputError(InputError):
    """An input path does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no such file or directory: {path}")
        self.path = path


class NoArticlesError(InputError):
    """The inputs hold no usable article: nothing to build, so the previous outputs stay as they were."""

    def __init__(self, message: str, notices: list | None = None) -> None:
        super().__init__(message)
        self.notices = notices or []


class BuildLockedError(KgError):
    """Another build holds the output folder's lock; two builds never write one folder at once."""

    exit_code = EXIT_LOCKED


class StoreNotFoundError(KgError):
    """The SPARQL store has not been built yet, which deserves a hint rather than a RocksDB error."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no store at {path} (run `kg build` first)")
        self.path = path


class QuerySyntaxError(KgError):
    """A SPARQL syntax error, positioned in the user's own query text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
