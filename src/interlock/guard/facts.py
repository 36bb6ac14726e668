"""What rules may ask about one call or one response, computed lazily and at most once.

Native `match` conditions arrive as `RuntimeTest`s and are dispatched by kind through a
table; CEL `when` expressions read flat variables through `resolve`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from interlock.guard.arguments import strings
from interlock.guard.dates import date_key
from interlock.guard.identifiers import find_hidden, find_secret, scalar_key
from interlock.guard.provenance import TRUSTED, ArgumentOrigin
from interlock.manifest.models import Autonomy, Classification, Effect, Trust
from interlock.policy.cel import Need
from interlock.policy.compile import CallPlan, RuntimeTest

if TYPE_CHECKING:
    from interlock.guard.session import Session


_NOT_SCANNED = ""
"""What `CallFacts.secret` and `hidden` hold before their scan: a finding is never empty."""


class CallFacts:
    """What rules may ask about one call, computed lazily and at most once."""

    __slots__ = (
        "_hidden_found",
        "_secret",
        "_texts",
        "args",
        "digest",
        "origins",
        "plan",
        "rescanned",
        "session",
    )

    def __init__(
        self,
        session: Session,
        plan: CallPlan,
        args: Mapping[str, Any],
        origins: dict[str, ArgumentOrigin],
        digest: str | None = None,
    ) -> None:
        self.session = session
        self.plan = plan
        self.args = args
        self.origins = origins
        self.digest = digest
        """The arguments' digest, which also names the call among those already allowed."""
        self._secret: str | None = _NOT_SCANNED
        self._hidden_found: str | None = _NOT_SCANNED
        self._texts: list[str] | None = None
        self.rescanned: set[str] = set()
        """Arguments a CEL condition had scanned fully after the call was first looked at."""

    def texts(self) -> list[str]:
        """Every string in the arguments, nested ones too (gathered once per call)."""
        texts = self._texts
        if texts is None:
            texts = self._texts = []
            for value in self.args.values():
                # Most arguments are top-level text: no generator for them.
                if type(value) is str:
                    texts.append(value)
                else:
                    texts.extend(strings(value))
        return texts

    def secret(self) -> str | None:
        """The kind of the first credential in the arguments, or None."""
        if self._secret == _NOT_SCANNED:
            self._secret = _first_found(find_secret, self.texts())
        return self._secret

    def hidden(self) -> str | None:
        """What the arguments hold that a reader would not see (see `find_hidden`), or None."""
        if self._hidden_found == _NOT_SCANNED:
            self._hidden_found = _first_found(find_hidden, self.texts())
        return self._hidden_found

    def holds(self, test: RuntimeTest) -> bool:
        # The methods below define what each native test means. `check_tool` runs the plan's
        # rules as compiled code (`guard.rule_code`), which inlines most of them and calls
        # `holds` for the rest; tests/unit/guard/test_rule_code.py checks that both agree.
        return _CALL_TESTS[test.kind](self, test)

    def _sensitive(self, test: RuntimeTest) -> bool:
        wanted, origins = test.wanted, self.origins
        return any(p in origins and origins[p].provenance in wanted for p in test.params)

    def _embedded(self, test: RuntimeTest) -> bool:
        wanted = test.wanted
        return any(o.embedded in wanted for o in self.origins.values())

    def _constructed(self, test: RuntimeTest) -> bool:
        return any(o.constructed for o in self.origins.values())

    def _attested(self, test: RuntimeTest) -> bool:
        origins = self.origins
        return any(p in origins and origins[p].attested for p in test.params)

    def _unrelated_attested(self, test: RuntimeTest) -> bool:
        origins = self.origins
        for name in test.params:
            origin = origins.get(name)
            if origin is None or not origin.attested:
                continue
            if not self.session.index.related(origin.attested_keys, self._other_keys(name)):
                return True
        return False

    def _party(self, test: RuntimeTest) -> bool:
        """A destination names a party of content read in the session (a system-filled field
        of a record whose text is untrusted: its sender, recipients, organiser, poster) that
        the user never named, and the call does not refer to that record."""
        index = self.session.index
        attested, constants = index.attested, self.plan.constants
        if not attested:
            return False
        for name in test.params:
            value = self.args.get(name)
            parties = tuple(
                key
                for leaf in (value if isinstance(value, list) else (value,))
                if (key := scalar_key(leaf)) is not None
                and key in attested
                and key not in constants
                and not index.user_said(key)
            )
            if parties and not index.related(parties, self._other_keys(name)):
                return True
        return False

    def _other_keys(self, name: str) -> set[str]:
        """Whole-value keys of the call's other arguments (a message id, a thread, an event)."""
        return {
            key
            for other, value in self.args.items()
            if other != name
            for leaf in (value if isinstance(value, list) else (value,))
            if (key := scalar_key(leaf)) is not None
        }

    def _repeated(self, test: RuntimeTest) -> bool:
        return (self.plan.tool.id, self.digest) in self.session.allowed_calls

    def _hidden(self, test: RuntimeTest) -> bool:
        return self.hidden() is not None

    def _unstated_date(self, test: RuntimeTest) -> bool:
        """An argument asks for a day the user never named, and trusted data did not give
        it whole: content may have moved it ("book from the night before")."""
        stated, origins = self.session.stated_dates, self.origins
        for name, value in self.args.items():
            key = date_key(value)
            if key is None or key in stated:
                continue
            origin = origins.get(name)
            if origin is None or origin.provenance != TRUSTED:
                return True
        return False

    def _steered(self, test: RuntimeTest) -> bool:
        return any(o.steered for o in self.origins.values())

    def _restricted(self, test: RuntimeTest) -> bool:
        return any(o.restricted for o in self.origins.values())

    def _any_args(self, test: RuntimeTest) -> bool:
        wanted = test.wanted
        return any(o.provenance in wanted for o in self.origins.values())

    def _session_trust(self, test: RuntimeTest) -> bool:
        return self.session.trust_rank >= test.rank

    def _session_class(self, test: RuntimeTest) -> bool:
        return self.session.class_rank >= test.rank

    def _secrets(self, test: RuntimeTest) -> bool:
        return self.secret() is not None

    def _plan(self, test: RuntimeTest) -> bool:
        planned = self.session.planned
        return planned is not None and self.plan.tool.id not in planned

    def resolve(self, need: Need) -> object:
        kind, key = need.kind, need.key
        if kind == "arg":
            return self.args.get(key)
        if kind == "prov":
            if key not in self.args:
                return None
            if key not in self.plan.scanned and key not in self.rescanned:
                # Rules may ask about any argument; scan it fully now, once.
                self.rescanned.add(key)
                self.origins[key] = self.session.index.origin(self.args[key], self.plan.constants)
            return self.origins[key].provenance
        if kind == "has":
            return key in self.args
        if kind == "tool":
            return self.plan.tool.id if key == "id" else _TEXT[self.plan.tool.effect]
        if kind == "agent":
            return self.plan.agent.id if key == "id" else _TEXT[self.plan.agent.autonomy]
        if kind == "session":
            return session_value(self.session, key)
        return None


class ResponseFacts:
    """What response rules may ask about: the text, its links, the session."""

    __slots__ = ("origin", "session", "text")

    def __init__(self, session: Session, text: str, origin: ArgumentOrigin) -> None:
        self.session = session
        self.text = text
        self.origin = origin

    def holds(self, test: RuntimeTest) -> bool:
        kind = test.kind
        if kind == "embedded":
            return self.origin.embedded in test.wanted
        if kind == "constructed":
            return self.origin.constructed
        if kind == "session_trust":
            return self.session.trust_rank >= test.rank
        if kind == "session_class":
            return self.session.class_rank >= test.rank
        if kind == "secrets":
            return find_secret(self.text) is not None
        return False

    def resolve(self, need: Need) -> object:
        if need.kind == "text":
            return self.text
        if need.kind == "session":
            return session_value(self.session, need.key)
        if need.kind == "agent":
            return self.session.agent if need.key == "id" else None
        return None


def _first_found(scan: Callable[[str], str | None], texts: list[str]) -> str | None:
    """The first finding of `scan` over `texts` (a credential's kind, hidden text), or None."""
    for text in texts:
        found = scan(text)
        if found:
            return found
    return None  # never the empty `_NOT_SCANNED`, so each scan runs at most once


def session_value(session: Session, key: str) -> object:
    if key == "trust":
        return _TEXT[session.trust]
    if key == "classification":
        return _TEXT[session.classification]
    if key == "tainted":
        return session.tainted
    return getattr(session, key, None)  # steps, denials, user, population (checked at compile)


_TEXT: dict[enum.StrEnum, str] = {
    member: str(member.value)
    for kind in (Trust, Classification, Effect, Autonomy)
    for member in kind
}
"""Labels as the plain text CEL compares: a lookup, where `.value` goes through the enum's
descriptor at five times the cost."""

_CALL_TESTS = {
    "sensitive": CallFacts._sensitive,
    "embedded": CallFacts._embedded,
    "constructed": CallFacts._constructed,
    "any_args": CallFacts._any_args,
    "restricted": CallFacts._restricted,
    "attested": CallFacts._attested,
    "unrelated_attested": CallFacts._unrelated_attested,
    "party": CallFacts._party,
    "repeated": CallFacts._repeated,
    "unstated_date": CallFacts._unstated_date,
    "steered": CallFacts._steered,
    "session_trust": CallFacts._session_trust,
    "session_class": CallFacts._session_class,
    "secrets": CallFacts._secrets,
    "hidden": CallFacts._hidden,
    "plan": CallFacts._plan,
}
