"""Anthropic `tool_use` content blocks: `{"type": "tool_use", "id", "name", "input": {...}}`."""

from __future__ import annotations

from collections.abc import Iterable

from interlock.guard.adapters._common import CallDecision, field, malformed
from interlock.guard.session import Session


def check_tool_use(session: Session, message_or_content: object) -> list[CallDecision]:
    """Check every `tool_use` block of an assistant message (or of its content list)."""
    content = field(message_or_content, "content")
    if content is None and isinstance(message_or_content, list | tuple):
        content = message_or_content
    if content is None or isinstance(content, str):
        return []
    if not isinstance(content, Iterable) or isinstance(content, bytes | dict):
        return [malformed(None, None, "content is not a list of blocks")]
    out: list[CallDecision] = []
    for block in content:
        if field(block, "type") != "tool_use":
            continue
        block_id = field(block, "id")
        ident = block_id if isinstance(block_id, str) else None
        name = field(block, "name")
        if not isinstance(name, str):
            out.append(malformed(ident, None, "tool_use block has no name"))
            continue
        arguments = field(block, "input")
        out.append(CallDecision(ident, name, session.check_tool(name, arguments)))
    return out
