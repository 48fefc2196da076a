"""Errors kg reports to people: the CLI prints these as one line, without a traceback.

Exit codes, one meaning each across every command (also in the README and ``kg build --help``):

- 0: done; for ``kg build``, every input was used (files kg repaired are listed on stderr)
- 1: an error in what kg was asked to do (SPARQL or RDF syntax, no store yet, unknown model, ...)
- 2: an input cannot be used at all (missing path, unreadable file, a folder with no articles, an
  unknown file type, a store folder to replace that kg did not make), or an output cannot be written;
  nothing was written, previous outputs are untouched
- 3: a query ran past its time-out
- 4: another ``kg build`` is writing to the same output folder (pass ``--wait`` to wait for it)
- 5: ``kg build`` built the graph, but skipped some input files (each listed on stderr with the reason)
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INPUT = 2
EXIT_TIMEOUT = 3
EXIT_LOCKED = 4
EXIT_SKIPPED = 5


class KgError(Exception):
    """Base of the errors whose message is meant for the user, not a developer."""

    exit_code: int = EXIT_ERROR


class InputError(KgError):
    """A file or path the user named cannot be used; the message names it. Usage error: exit 2."""

    exit_code = EXIT_INPUT


class OutputError(InputError):
    """An output path kg was told to write cannot be written (a file where a folder should be, no
    permission, a name too long); nothing was written. Exit 2, like an unusable input."""


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


class UsageError(KgError):
    """The command was asked for something it cannot do (an unknown file type, say); exit 2 like argument errors."""

    exit_code = 2


class RdfSyntaxError(KgError):
    """An RDF file that does not parse, positioned by line and column in that file."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryTimeoutError(KgError):
    """A query ran past its time-out and was stopped; exit 3 so scripts can tell it from a bad query."""

    exit_code = EXIT_TIMEOUT

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after its {seconds:g} s time-out (raise it with --timeout)")
        self.seconds = seconds


class NotAStoreError(InputError):
    """A folder kg would replace is not a store kg made: it is left exactly as it is (exit 2)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"refusing to replace {path}: {reason}; nothing was changed "
                         "(name a new or empty folder, or a store kg made)")
        self.path = path


#: Longest piece of user text (a name, a query) quoted in an error line; longer text is shortened.
QUOTE_CHARS = 200


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """*text* as ``repr`` shows it, shortened in the middle past *limit* characters."""
    if len(text) > limit:
        text = f"{text[:limit // 2]}…({len(text) - limit:,} more characters)…{text[-limit // 2:]}"
    return repr(text)


#: Characters that can change what a terminal shows: C0/C1 controls (newline, carriage return, the ESC
#: of colour and cursor sequences), lone surrogates (a file name's undecodable bytes), line and
#: paragraph separators, and bidirectional marks and overrides.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u061c\u200e\u200f"
                          "\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """*text* as one line that shows in a terminal exactly what it holds.

    A file name holding a newline and a forged ``kg: error:`` line, an ANSI escape sequence or a
    right-to-left override is written with backslash escapes (``\\n``, ``\\x1b``, ``\\u202e``) instead.
    """
    return _UNPRINTABLE.sub(lambda m: ascii(m[0])[1:-1], text)
