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
