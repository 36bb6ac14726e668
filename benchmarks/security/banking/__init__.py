"""Banking domain: a retail customer's in-app banking assistant (Bluebank)."""

from pathlib import Path

from benchmarks.security.banking.scenarios import OWN_IDS, PAYEES, SCENARIOS
from benchmarks.security.model import Domain

DOMAIN = Domain(
    name="banking",
    title="Banking (accounts, payees, bills)",
    manifest=Path(__file__).with_name("interlock.yaml"),
    agent="banking-assistant",
    user="cust-5520917",
    population="customers",
    principal_ids=OWN_IDS,
    directories={"payees": PAYEES},
    scenarios=SCENARIOS,
)
