"""Interlock: keep AI systems safe after the pilot.

The public API: `Guard` (with sessions and `guarded` tools), `Decision`, the manifest
loader and analysis, and the errors the tool wrapper raises. Names are imported on first
use, so `import interlock` (and the CLI) stays fast when the guard is not needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from interlock.errors import ApprovalRequiredError, DeniedError, Error

if TYPE_CHECKING:
    from interlock.guard import Guard, Session
    from interlock.guard.adapters import check_tool_calls, check_tool_use
    from interlock.guard.wrap import guarded
    from interlock.manifest import Manifest, analyse, load_manifest
    from interlock.policy import Decision

_LAZY = {
    "Guard": "interlock.guard",
    "Session": "interlock.guard",
    "check_tool_calls": "interlock.guard.adapters",
    "check_tool_use": "interlock.guard.adapters",
    "guarded": "interlock.guard.wrap",
    "Manifest": "interlock.manifest",
    "analyse": "interlock.manifest",
    "load_manifest": "interlock.manifest",
    "Decision": "interlock.policy",
}

__all__ = [
    "ApprovalRequiredError",
    "Decision",
    "DeniedError",
    "Error",
    "Guard",
    "Manifest",
    "Session",
    "analyse",
    "check_tool_calls",
    "check_tool_use",
    "guarded",
    "load_manifest",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'interlock' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
