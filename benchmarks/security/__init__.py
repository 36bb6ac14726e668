"""Interlock's adversarial scenario suite: indirect prompt injection across four domains.

`python -m benchmarks.security` replays every scenario through the guard's public API and
prints attack success and benign utility per domain; see README.md in this directory.
"""

from __future__ import annotations

from benchmarks.security.model import Domain


def all_domains() -> tuple[Domain, ...]:
    """The suite's domains, in report order."""
    from benchmarks.security.banking import DOMAIN as BANKING
    from benchmarks.security.chat import DOMAIN as CHAT
    from benchmarks.security.travel import DOMAIN as TRAVEL
    from benchmarks.security.workspace import DOMAIN as WORKSPACE

    return (WORKSPACE, BANKING, TRAVEL, CHAT)
