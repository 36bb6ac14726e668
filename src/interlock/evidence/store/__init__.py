"""Evidence stores and `open_store`, which picks one from a location string."""

from __future__ import annotations

from pathlib import Path

from interlock.evidence.store.interface import Head, Segment, Store
from interlock.evidence.store.sqlite import SQLiteStore

__all__ = ["Head", "SQLiteStore", "Segment", "Store", "is_postgres", "open_store"]


def is_postgres(location: str | Path) -> bool:
    """True when `location` is a PostgreSQL URL rather than a file path."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path, *, readonly: bool = False) -> Store:
    """Open the store at `location`: a `postgresql://` URL or a SQLite file path.

    Raises `EvidenceError` if it cannot be opened.
    """
    if is_postgres(location):
        from interlock.evidence.store.postgres import PostgresStore

        return PostgresStore(str(location), readonly=readonly)
    return SQLiteStore(Path(location), readonly=readonly)
