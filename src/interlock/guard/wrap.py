"""Guarded tools: check a Python tool function's call, run it only if allowed, observe its result.

The session comes from the running `with guard.session(...)` block (a context variable), so a
tool decorated once at import time is checked in whichever session calls it. Outside any
session the call is refused: a guarded tool never runs unguarded.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

from interlock.errors import ApprovalRequiredError, DeniedError, GuardError
from interlock.guard.guard import current_session
from interlock.guard.session import Session
from interlock.policy.decision import Decision, Verdict

P = ParamSpec("P")
R = TypeVar("R")


def guarded(
    tool: str | None = None, *, session: Session | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a tool function (sync or async) so every call goes through the guard.

    The call's keyword and positional arguments are bound to the function's parameter
    names and checked as the arguments of `tool` (default: the function's name). Raises
    `DeniedError` when denied, `ApprovalRequiredError` (with the approval id) when a person
    must approve first, and `GuardError` when no session is active. A tool that raises is
    recorded with `observe_error`; its result is observed with the tool's result labels.
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        name = tool or fn.__name__
        signature = inspect.signature(fn)

        def arguments(*args: Any, **kwargs: Any) -> dict[str, Any]:
            bound = signature.bind(*args, **kwargs)
            return dict(bound.arguments)

        if inspect.iscoroutinefunction(fn):
            async_fn = cast(Callable[..., Awaitable[Any]], fn)

            @functools.wraps(fn)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                active = _active(session, name)
                _enforce(active.check_tool(name, arguments(*args, **kwargs)), name)
                try:
                    result = await async_fn(*args, **kwargs)
                except Exception as exc:
                    active.observe_error(name, f"{type(exc).__name__}: {exc}")
                    raise
                active.observe(name, result)
                return result

            return cast(Callable[P, R], run_async)

        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            active = _active(session, name)
            _enforce(active.check_tool(name, arguments(*args, **kwargs)), name)
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:
                active.observe_error(name, f"{type(exc).__name__}: {exc}")
                raise
            active.observe(name, result)
            return result

        return run

    return decorate


def _active(session: Session | None, tool: str) -> Session:
    active = session or current_session.get()
    if active is None:
        raise GuardError(f"{tool!r} was called outside a guard session; refusing to run it")
    return active


def _enforce(decision: Decision, tool: str) -> None:
    if decision.verdict is Verdict.ALLOW:
        return
    why = "; ".join(decision.reasons) or "no reason given"
    if decision.verdict is Verdict.REQUIRE_APPROVAL:
        raise ApprovalRequiredError(
            decision,
            decision.approval_id or "",
            f"{tool!r} needs approval {decision.approval_id}: {why}",
        )
    raise DeniedError(decision, f"{tool!r} denied: {why}")
