"""Property tests: generated manifests load and round-trip; mutations never crash the loader."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interlock.errors import ManifestError
from interlock.located_yaml import _Loader
from interlock.manifest import analyse, load_manifest_text
from interlock.manifest.models import Manifest
from tests.unit.manifest.strategies import manifests

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Dumper(yaml.SafeDumper):
    """Quotes every string the YAML 1.2 reader would take for another type ('0E0', '1:2')."""


_Dumper.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


@SETTINGS
@given(manifests())
def test_generated_manifests_load(data: dict[str, Any]) -> None:
    manifest = load_manifest_text(dump(data))
    assert manifest == Manifest.model_validate(data)
    # Analysis is total over valid manifests and gives stable, unique ids.
    first = analyse(manifest)
    assert [f.id for f in first] == [f.id for f in analyse(manifest)]
    assert len({f.id for f in first}) == len(first)


@SETTINGS
@given(manifests())
def test_round_trip_through_yaml(data: dict[str, Any]) -> None:
    manifest = load_manifest_text(dump(data))
    again = load_manifest_text(
        dump(manifest.model_dump(mode="json", by_alias=True, exclude_none=True))
    )
    assert again == manifest


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = dump(draw(manifests()))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start, min(len(text), start + 12)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        insert = draw(
            st.sampled_from(
                [
                    "",
                    ":",
                    "- ",
                    "{",
                    "]",
                    "&a ",
                    "*a",
                    "\t",
                    "\n  ",
                    "x",
                    "!!int ",
                    "'",
                    "99999999999999999999",
                    "null",
                    "~",
                ]
            )
        )
        if op == "delete":
            text = text[:start] + text[end:]
        elif op == "insert":
            text = text[:start] + insert + text[start:]
        elif op == "replace":
            text = text[:start] + insert + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_give_errors_never_crashes(text: str) -> None:
    try:
        load_manifest_text(text, "m.yaml")
    except ManifestError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "m.yaml"
            assert problem.message
            assert "\n" not in str(problem)


@SETTINGS
@given(manifests())
def test_fast_and_located_paths_read_the_same_data(data: dict[str, Any]) -> None:
    from interlock.located_yaml import _parse_fast, _parse_located

    text = dump(data)
    fast = _parse_fast(text)
    # The fast reader may decline (anchors, quoted dates, times); where it answers, it agrees.
    assert fast is None or fast == _parse_located(text, "m.yaml").data
