"""The guard: the enforcement point on every observation and tool call of a live agent."""

from interlock.guard.guard import Guard, current_session
from interlock.guard.session import Session

__all__ = ["Guard", "Session", "current_session"]
