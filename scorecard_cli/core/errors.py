"""Diagnostics and the error tree every bad input is reported through."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem with a place: ``file:line:col: message``."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error", "warning" or "notice"

    def format(self) -> str:
        """Render as the one line users see on stderr."""
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"

    def as_record(self) -> dict:
        """Plain-data form for the JSON document."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class ScorecardError(Exception):
    """Base of every error the tool reports as ``file:line:col: message`` and exit 2."""

    def __init__(self, message: str, file: str = "<input>", line: int = 1, column: int = 1):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    @property
    def diagnostic(self) -> Diagnostic:
        """This error as a Diagnostic."""
        return Diagnostic(self.file, self.line, self.column, self.message)


class DefinitionError(ScorecardError):
    """A scorecard definition is invalid."""


class DescriptorError(ScorecardError):
    """A catalog file (entity descriptor) cannot be read or is structurally invalid."""


class ConfigError(ScorecardError):
    """The configuration file is invalid."""


class UsageError(ScorecardError):
    """The command line asks for something impossible (unknown level, bad --repo...)."""


class ResultFileError(ScorecardError):
    """A result file given to ``report --from`` cannot be read or is not a result."""


class ScmError(ScorecardError):
    """A repository cannot be read (bad ref, failed clone, unsafe URL...)."""


class Problem(ValueError):
    """A problem inside a definition, at a key path relative to the part being checked.

    Raised while preparing rules and queries; the loader prepends the location of
    the part and turns it into a DefinitionError with a line and column.
    """

    def __init__(self, message: str, keys: tuple = (), at_key: bool = False):
        super().__init__(message)
        self.message = message
        self.keys = keys
        self.at_key = at_key  # point at the last key itself rather than its value

    def within(self, *prefix: object) -> Problem:
        """The same problem, seen from ``prefix`` further up."""
        return Problem(self.message, (*prefix, *self.keys), self.at_key)
