"""Errors kg reports to people: the CLI prints these as one line, without a traceback."""

from __future__ import annotations


class KgError(Exception):
    """Base of the errors whose message is meant for the user, not a developer."""

    exit_code: int = 1


class MissingInputError(KgError):
    """An input path does not exist; usage error, so the CLI exits 2 like argument errors."""

    exit_code = 2

    def __init__(self, path: str) -> None:
        super().__init__(f"no such file or directory: {path}")
        self.path = path


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

    exit_code = 3

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after its {seconds:g} s time-out (raise it with --timeout)")
        self.seconds = seconds
