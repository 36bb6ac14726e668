"""Travel domain: a consumer travel-booking assistant (Wayfarer)."""

from pathlib import Path

from benchmarks.security.model import Domain
from benchmarks.security.travel.scenarios import COMPANIONS, OWN_IDS, SCENARIOS

DOMAIN = Domain(
    name="travel",
    title="Travel booking (hotels, flights, restaurants, cars)",
    manifest=Path(__file__).with_name("interlock.yaml"),
    agent="travel-assistant",
    user="trv-7731020",
    population="customers",
    principal_ids=OWN_IDS,
    directories={"companions": COMPANIONS},
    scenarios=SCENARIOS,
)
