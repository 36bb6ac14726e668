"""Provider tool-call shapes become guard checks; malformed calls become denies."""

from __future__ import annotations

from types import SimpleNamespace

from interlock.guard import Session
from interlock.guard.adapters import check_tool_calls, check_tool_use


class TestOpenAI:
    def test_message_with_tool_calls(self, session: Session) -> None:
        session.observe_user("search cats and mail me@example.com")
        message = {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "search", "arguments": '{"query": "cats"}'},
                },
                {
                    "id": "c2",
                    "type": "function",
                    "function": {
                        "name": "send_email",
                        "arguments": '{"to": "evil@x.io", "body": "hi"}',
                    },
                },
            ],
        }
        results = check_tool_calls(session, message)
        assert [(r.call_id, r.name, r.decision.effect) for r in results] == [
            ("c1", "search", "allow"),
            ("c2", "send_email", "deny"),
        ]

    def test_invalid_json_arguments_deny_that_call(self, session: Session) -> None:
        (result,) = check_tool_calls(
            session, [{"id": "c1", "function": {"name": "search", "arguments": "{'query': 1"}}]
        )
        assert result.decision.effect == "deny"
        assert "not valid JSON" in result.decision.reasons[0]

    def test_sdk_objects(self, session: Session) -> None:
        call = SimpleNamespace(
            id="c9", function=SimpleNamespace(name="search", arguments='{"query": "q"}')
        )
        (result,) = check_tool_calls(session, SimpleNamespace(tool_calls=[call]))
        assert result.decision.allowed

    def test_missing_name_and_bad_shapes(self, session: Session) -> None:
        (result,) = check_tool_calls(session, [{"id": "c1", "function": {"arguments": "{}"}}])
        assert result.decision.rule_ids == ["guard.bad-input"]
        assert check_tool_calls(session, {"role": "assistant", "content": "hi"}) == []
        (bad,) = check_tool_calls(session, {"tool_calls": "nope"})
        assert bad.decision.effect == "deny"


class TestAnthropic:
    def test_tool_use_blocks(self, session: Session) -> None:
        message = {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Let me search."},
                {"type": "tool_use", "id": "tu1", "name": "search", "input": {"query": "cats"}},
                {"type": "tool_use", "id": "tu2", "name": "tag", "input": {"label": "nuke"}},
            ],
        }
        results = check_tool_use(session, message)
        assert [(r.call_id, r.decision.effect) for r in results] == [
            ("tu1", "allow"),
            ("tu2", "deny"),
        ]

    def test_input_that_is_not_an_object(self, session: Session) -> None:
        (result,) = check_tool_use(
            session, [{"type": "tool_use", "id": "t", "name": "search", "input": [1]}]
        )
        assert result.decision.effect == "deny"

    def test_text_only_content(self, session: Session) -> None:
        assert check_tool_use(session, {"content": "just text"}) == []
