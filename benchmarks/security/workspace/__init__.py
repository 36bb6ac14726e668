"""Workspace domain: an employee's e-mail, calendar and drive (Example Corp)."""

from pathlib import Path

from benchmarks.security.model import Domain
from benchmarks.security.workspace.scenarios import ALICE, CONTACTS, ORG_DIRECTORY, SCENARIOS

DOMAIN = Domain(
    name="workspace",
    title="Workspace (e-mail, calendar, drive)",
    manifest=Path(__file__).with_name("interlock.yaml"),
    agent="assistant",
    user="alice.martin",
    population="internal",
    principal_ids=(ALICE,),
    directories={"org-directory": ORG_DIRECTORY, "contacts": CONTACTS},
    scenarios=SCENARIOS,
)
