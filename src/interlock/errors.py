"""Exceptions. Everything Interlock raises derives from `Error`.

The tree:

* Error
  + InputError               an input file is unusable (carries every located problem)
    - ManifestError          a manifest could not be loaded
    - PolicyError            a rule file could not be loaded or compiled
  + GuardError               misuse of the guard API (decisions themselves are data, not errors)
    - DeniedError            a wrapped tool call was denied
    - ApprovalRequiredError  a wrapped tool call needs a human approval first
  + ApprovalError            an approval could not be granted, denied or found
  + EvidenceError            the evidence log could not be written, read or verified
    - VerificationError      the evidence log or a proof failed verification
  + SigningKeyError          a signing key is missing, unsafe or not trusted

Decisions (allow / deny / require_approval) are returned as data and never raised, except
by the tool wrapper, whose contract is "run only if allowed".
"""

from __future__ import annotations

from dataclasses import dataclass


class Error(Exception):
    """Root of every Interlock exception; the CLI catches only this."""

    exit_code: int = 2

    def diagnostics(self) -> str:
        """Text for a person: what went wrong and, where known, where."""
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file.

    `line` and `column` are 1-based; 0 means the position is unknown.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class InputError(Error):
    """An input file is unusable; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def diagnostics(self) -> str:
        """One line per problem, located by file, line, column and field path."""
        return "\n".join(str(p) for p in self.problems)


class ManifestError(InputError):
    """A manifest could not be loaded: syntax, schema or cross-reference problems."""


class PolicyError(InputError):
    """A rule file could not be loaded or compiled."""


class GuardError(Error):
    """The guard was used in a way it cannot serve (closed session, unknown agent at start)."""


class DeniedError(GuardError):
    """Raised by the tool wrapper when a call is denied; carries the decision."""

    exit_code = 1

    def __init__(self, decision: object, message: str) -> None:
        self.decision = decision
        super().__init__(message)


class ApprovalRequiredError(GuardError):
    """Raised by the tool wrapper when a call waits for a human approval."""

    exit_code = 1

    def __init__(self, decision: object, approval_id: str, message: str) -> None:
        self.decision = decision
        self.approval_id = approval_id
        super().__init__(message)


class ApprovalError(Error):
    """An approval could not be found, granted or denied (wrong approver, expired, decided)."""


class EvidenceError(Error):
    """The evidence log could not be written or read."""


class VerificationError(EvidenceError):
    """Evidence, a checkpoint or an inclusion proof failed verification."""

    exit_code = 1


class SigningKeyError(Error):
    """A signing key is missing, has unsafe permissions, or is not trusted."""
