"""The guard: the enforcement point on every observation and tool call of a live agent.

`Guard` and `Session` are imported on first use so that `interlock.guard.approvals` (used
by the CLI) does not pull in the policy engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interlock.guard.guard import Guard, current_session
    from interlock.guard.session import Session

__all__ = ["Guard", "Session", "current_session"]

_LAZY = {
    "Guard": "interlock.guard.guard",
    "current_session": "interlock.guard.guard",
    "Session": "interlock.guard.session",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'interlock.guard' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
