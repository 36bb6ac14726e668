"""Turning model-provider tool-call shapes into guard checks, with no vendor SDK or network.

Both adapters accept plain dicts as the providers' JSON has them, or SDK objects with the
same attribute names. A malformed call becomes a deny for that call, never an exception.
"""

from interlock.guard.adapters.anthropic import check_tool_use
from interlock.guard.adapters.openai import check_tool_calls

__all__ = ["check_tool_calls", "check_tool_use"]
