"""Loading manifests: every bad input gets a located, one-line error; valid ones load."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from interlock.errors import ManifestError
from interlock.manifest import load_manifest, load_manifest_text
from interlock.manifest.models import Effect

MINIMAL = """\
system: demo
tools:
  - id: search
    effect: read
  - id: send_email
    effect: external
    params:
      to: {type: string, sensitive: destination}
agents:
  - id: helper
    autonomy: human_on_the_loop
    grants:
      search: {}
      send_email:
        args: {to: {allow: ["*@example.com"]}}
"""


def problems(text: str | bytes, name: str = "m.yaml") -> list[str]:
    with pytest.raises(ManifestError) as info:
        load_manifest_text(text, name)
    lines = info.value.diagnostics().splitlines()
    assert lines, "a ManifestError must carry at least one problem"
    return lines


class TestValidManifest:
    def test_minimal_loads(self) -> None:
        manifest = load_manifest_text(MINIMAL)
        assert manifest.system == "demo"
        assert manifest.tool("send_email").effect is Effect.EXTERNAL  # type: ignore[union-attr]
        grant = manifest.agent("helper").grants["send_email"]  # type: ignore[union-attr]
        assert grant.args["to"].allow == ["*@example.com"]

    def test_directory_resolves_to_interlock_yaml(self, tmp_path: Path) -> None:
        (tmp_path / "interlock.yaml").write_text(MINIMAL)
        assert load_manifest(tmp_path).system == "demo"

    def test_directory_without_manifest(self, tmp_path: Path) -> None:
        with pytest.raises(ManifestError, match=r"no interlock\.yaml"):
            load_manifest(tmp_path)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ManifestError, match="no such file"):
            load_manifest(tmp_path / "nope.yaml")

    def test_a_quoted_date_stays_text(self) -> None:
        # Found by the property test: the fast reader took '0001-01-01' (quoted) for a date.
        text = MINIMAL.replace("system: demo", "system: '2026-01-01'")
        assert text != MINIMAL
        assert load_manifest_text(text).system == "2026-01-01"

    def test_a_date_time_without_seconds_stays_text(self) -> None:
        # Found by the property test: YAML 1.1 (the careful reader) needs seconds for a
        # timestamp, so this is text; the fast reader took it for a date-time.
        text = MINIMAL.replace("system: demo", "system: 2026-01-01T10:00")
        assert text != MINIMAL
        assert load_manifest_text(text).system == "2026-01-01T10:00"

    def test_merge_keys_are_supported(self) -> None:
        text = MINIMAL + "models:\n  - &m {id: a, provider: x}\n  - {<<: *m, id: b}\n"
        manifest = load_manifest_text(text)
        assert [m.provider for m in manifest.models] == ["x", "x"]


class TestSchemaErrors:
    def test_bad_enum_names_file_line_column_path_and_choices(self) -> None:
        text = MINIMAL.replace("effect: read", "effect: wirte")
        assert problems(text, "support/interlock.yaml") == [
            "support/interlock.yaml:4:13: tools[0].effect: 'wirte' is not one of "
            "read, write, external, irreversible"
        ]

    def test_unknown_key_is_an_error_with_suggestion(self) -> None:
        text = MINIMAL.replace("    effect: read", "    effect: read\n    descripton: x")
        (line,) = problems(text)
        assert (
            line
            == "m.yaml:5:5: tools[0].descripton: unknown key 'descripton'; did you mean 'description'?"
        )

    def test_unknown_top_level_key_lists_expected(self) -> None:
        (line,) = problems(MINIMAL + "zzz: 1\n")
        assert line.startswith("m.yaml:16:1: zzz: unknown key 'zzz'")

    def test_wrong_types(self) -> None:
        lines = problems("system: 5\ntools: {a: 1}\nregions: x\n")
        assert lines == [
            "m.yaml:1:9: system: expected text, got 5",
            "m.yaml:2:8: tools: expected a list, got a mapping",
            "m.yaml:3:10: regions: expected a list, got 'x'",
        ]

    def test_missing_required_key(self) -> None:
        text = MINIMAL.replace("    autonomy: human_on_the_loop\n", "")
        (line,) = problems(text)
        assert "agents[0]: missing required key 'autonomy'" in line
        assert line.startswith("m.yaml:10:")

    def test_bad_regex_in_constraint(self) -> None:
        text = MINIMAL.replace('allow: ["*@example.com"]', 'pattern: "([a-z"')
        (line,) = problems(text)
        assert "agents[0].grants.send_email.args.to.pattern" in line
        assert "not a valid regular expression" in line

    def test_containment_tool_that_sends_data_out(self) -> None:
        text = MINIMAL.replace(
            "    effect: external\n", "    effect: external\n    containment: true\n"
        )
        (line,) = problems(text)
        assert line.startswith("m.yaml:7:18: tools[1].containment: ")
        assert "containment applies to write and irreversible tools, not external" in line

    def test_containment_write_tool_loads(self) -> None:
        text = MINIMAL.replace("effect: read", "effect: write\n    containment: true")
        assert load_manifest_text(text, "m.yaml").tools[0].containment

    def test_all_errors_reported_at_once(self) -> None:
        text = (
            MINIMAL.replace("effect: read", "effect: wirte")
            .replace("search: {}", "serch: {}")
            .replace("autonomy: human_on_the_loop", "autonomy: yolo")
        )
        lines = problems(text)
        assert len(lines) == 3
        assert any("'wirte'" in line for line in lines)
        assert any("'yolo' is not one of human_approves" in line for line in lines)
        assert any("undeclared tool 'serch'; did you mean 'search'?" in line for line in lines)


class TestReferences:
    def test_grant_of_undeclared_tool_names_both_places(self) -> None:
        (line,) = problems(MINIMAL.replace("search: {}", "lookup: {}"))
        assert line.startswith("m.yaml:13:7: agents[0].grants.lookup: grant of undeclared tool")
        assert "under 'tools'" in line

    def test_constraint_on_undeclared_parameter(self) -> None:
        (line,) = problems(MINIMAL.replace("args: {to:", "args: {recipient:"))
        assert "tool 'send_email' (tools[1]) has no parameter 'recipient' (declared: to)" in line

    def test_duplicate_ids(self) -> None:
        text = MINIMAL.replace("  - id: send_email", "  - id: search")
        lines = problems(text)
        assert any(
            "tools[1].id: duplicate id 'search' (first declared at tools[0])" in line
            for line in lines
        )

    def test_dangling_source_and_agent_references(self) -> None:
        text = MINIMAL + "    reads: [kb]\n    delegates_to: [ghost]\n"
        lines = problems(text)
        assert any("agents[0].reads[0]: source 'kb' is not declared" in line for line in lines)
        assert any(
            "agents[0].delegates_to[0]: agent 'ghost' is not declared" in line for line in lines
        )

    def test_delegation_cycle(self) -> None:
        text = (
            MINIMAL
            + "    delegates_to: [b]\n"
            + "  - {id: b, autonomy: autonomous, delegates_to: [c]}\n"
            + "  - {id: c, autonomy: autonomous, delegates_to: [helper]}\n"
        )
        (line,) = problems(text)
        assert "delegation cycle: helper -> b -> c -> helper" in line

    def test_wildcard_grant_matching_nothing(self) -> None:
        (line,) = problems(MINIMAL.replace("search: {}", '"pay_*": {}'))
        assert "wildcard grant 'pay_*' matches no declared tool" in line

    def test_budget_names_must_resolve(self) -> None:
        text = MINIMAL + "    budgets: {calls: {nope: 1}, sums: {send_email.amount: 5}}\n"
        lines = problems(text)
        assert any("budget for undeclared tool 'nope'" in line for line in lines)
        assert any(
            "'send_email.amount' must name a declared 'tool.parameter'" in line for line in lines
        )


class TestHostileInput:
    """Each bad input gets one located line and never a traceback."""

    def test_empty_file(self) -> None:
        assert problems("") == ["m.yaml:1:1: file is empty"]

    def test_comments_only(self) -> None:
        assert problems("# nothing here\n\n") == ["m.yaml:1:1: file is empty"]

    def test_not_yaml(self) -> None:
        (line,) = problems("system: [unclosed\n")
        assert line.startswith("m.yaml:2:1: not valid YAML")

    def test_not_a_mapping(self) -> None:
        assert problems("- a\n- b\n") == [
            "m.yaml:1:1: expected a mapping with a 'system' key, got list"
        ]

    def test_binary(self) -> None:
        (line,) = problems(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        assert "not UTF-8 text" in line and "binary" in line

    def test_nul_byte_in_text(self) -> None:
        (line,) = problems(b"system: a\x00b\n")
        assert "NUL byte" in line

    def test_alias_bomb_rejected_quickly(self) -> None:
        levels = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
        for i, name in enumerate("bcdefghi"):
            prev = "abcdefghi"[i]
            levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
        start = time.perf_counter()
        (line,) = problems("\n".join(levels) + "\n")
        elapsed = time.perf_counter() - start
        assert "aliases expand to more than" in line
        assert elapsed < 0.5

    def test_recursive_alias(self) -> None:
        (line,) = problems("a: &a [*a]\n")
        assert "recursive alias" in line or "not valid YAML" in line

    def test_deep_nesting(self) -> None:
        (line,) = problems("a: " + "[" * 200 + "]" * 200 + "\n")
        assert "nested deeper than" in line

    def test_twenty_megabytes(self, tmp_path: Path) -> None:
        path = tmp_path / "interlock.yaml"
        with path.open("w") as fh:
            fh.write("system: big\ndescription: |\n")
            line = "  " + "x" * 98 + "\n"
            for _ in range(20 * 1024 * 1024 // len(line)):
                fh.write(line)
        start = time.perf_counter()
        with pytest.raises(ManifestError) as info:
            load_manifest(path)
        assert time.perf_counter() - start < 0.5
        assert "MiB; the limit is 4 MiB" in info.value.diagnostics()

    def test_duplicate_keys(self) -> None:
        assert problems("system: s\nsystem: t\n") == [
            "m.yaml:2:1: system: duplicate key 'system' (first at line 1)"
        ]

    def test_python_tags_are_not_constructed(self) -> None:
        (line,) = problems("system: !!python/object/apply:os.system ['true']\n")
        assert "m.yaml:1:9" in line

    def test_non_text_keys(self) -> None:
        (line,) = problems("system: s\n? [a, b]\n: 1\n")
        assert "keys must be text" in line


def test_explicit_tag_with_a_bad_value_is_located() -> None:
    # Found by the mutation property test: `!!int` on text raised ValueError from PyYAML.
    (line,) = problems("system: !!int system\n")
    assert line.startswith("m.yaml:1:9: system: cannot read value")


def test_ampersand_in_text_takes_the_careful_path_and_loads() -> None:
    assert (
        load_manifest_text(MINIMAL + "description: R&D assistant\n").description == "R&D assistant"
    )


def test_duplicate_keys_found_on_the_fast_path_are_located() -> None:
    text = MINIMAL.replace("    effect: read\n", "    effect: read\n    effect: write\n", 1)
    (line,) = problems(text)
    assert line == "m.yaml:5:5: tools[0].effect: duplicate key 'effect' (first at line 4)"
