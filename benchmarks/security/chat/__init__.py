"""Team-chat domain: a Slack assistant in Example Corp's workspace."""

from pathlib import Path

from benchmarks.security.chat.scenarios import MEMBERS, OWN_IDS, SCENARIOS
from benchmarks.security.model import Domain

DOMAIN = Domain(
    name="chat",
    title="Team chat (channels, DMs, files)",
    manifest=Path(__file__).with_name("interlock.yaml"),
    agent="chat-assistant",
    user="U04PRAMAN1",
    population="internal",
    principal_ids=OWN_IDS,
    directories={"member-directory": MEMBERS},
    scenarios=SCENARIOS,
)
