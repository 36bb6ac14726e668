"""Types of the compiled provenance code (`_provenance_native.pyx`), for type checkers."""

from collections.abc import Callable
from types import ModuleType

from interlock.guard.provenance import ArgumentOrigin, ProvenanceIndex

def bind(
    module: ModuleType,
) -> Callable[[ProvenanceIndex, object, frozenset[str], bool], ArgumentOrigin]: ...
def origin(
    index: ProvenanceIndex,
    value: object,
    constants: frozenset[str] = ...,
    scan: bool = ...,
) -> ArgumentOrigin: ...
def argument_tokens(text: str) -> list[str]: ...
def is_destination(token: str) -> bool: ...
