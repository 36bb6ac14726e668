"""OpenAI-style `tool_calls`: `{"id", "type": "function", "function": {"name", "arguments"}}`.

`arguments` is a JSON string the model wrote; it may be invalid JSON, which denies the call.
"""

from __future__ import annotations

from collections.abc import Iterable

from interlock.guard.adapters._common import CallDecision, field, malformed
from interlock.guard.session import Session


def check_tool_calls(session: Session, message_or_calls: object) -> list[CallDecision]:
    """Check every tool call of an assistant message (or a bare list of tool calls)."""
    calls = field(message_or_calls, "tool_calls")
    if calls is None and isinstance(message_or_calls, list | tuple):
        calls = message_or_calls
    if calls is None:
        return []
    if not isinstance(calls, Iterable) or isinstance(calls, str | bytes | dict):
        return [malformed(None, None, "tool_calls is not a list")]
    out: list[CallDecision] = []
    for call in calls:
        call_id = field(call, "id")
        function = field(call, "function")
        name = field(function, "name") if function is not None else None
        ident = call_id if isinstance(call_id, str) else None
        if not isinstance(name, str):
            out.append(malformed(ident, None, "tool call has no function name"))
            continue
        arguments = field(function, "arguments")
        if arguments is None:
            arguments = "{}"
        out.append(CallDecision(ident, name, session.check_tool(name, arguments)))
    return out
