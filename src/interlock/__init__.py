"""Interlock: keep AI systems safe after the pilot.

The public API: `Guard` (with sessions and `guarded` tools), `Decision`, the manifest
loader and analysis, and the errors the tool wrapper raises.
"""

from interlock.errors import ApprovalRequiredError, DeniedError, Error
from interlock.guard import Guard, Session
from interlock.guard.adapters import check_tool_calls, check_tool_use
from interlock.guard.wrap import guarded
from interlock.manifest import Manifest, analyse, load_manifest
from interlock.policy import Decision

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
