"""Rule files: located errors, CEL compilation, packs."""

from __future__ import annotations

from pathlib import Path

import pytest

from interlock.errors import PolicyError
from interlock.policy import load_rules
from interlock.policy.cel import compile_expression
from interlock.policy.packs import AVAILABLE, load_pack


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    return path


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PolicyError) as info:
        load_rules([write(tmp_path, text)])
    return info.value.diagnostics().splitlines()


def test_valid_rule_file(tmp_path: Path) -> None:
    (rule,) = load_rules(
        [
            write(
                tmp_path,
                "- id: r1\n  on: tool_call\n  tools: [send_*]\n  when: 'provenance(args.to) == \"untrusted\"'\n  effect: deny\n  origin: incident/INC-7\n",
            )
        ]
    )
    assert rule.rule.id == "r1" and rule.rule.origin == "incident/INC-7"
    assert rule.program is not None and rule.line == 1


def test_cel_syntax_error_names_file_line_and_expression(tmp_path: Path) -> None:
    (line,) = errors(
        tmp_path, "- id: ok\n  effect: deny\n- id: bad\n  when: 'args.to == '\n  effect: deny\n"
    )
    assert line.startswith(
        f"{tmp_path / 'rules.yaml'}:4:9: [1].when: CEL syntax error in 'args.to == '"
    )


def test_unknown_variable_is_a_compile_error(tmp_path: Path) -> None:
    (line,) = errors(tmp_path, "- id: r\n  when: 'session.mood == \"bad\"'\n  effect: deny\n")
    assert "unknown variable session.mood" in line
    (line,) = errors(tmp_path, "- id: r\n  when: 'whatever > 1'\n  effect: deny\n")
    assert "unknown variable 'whatever'" in line


def test_schema_errors_are_located(tmp_path: Path) -> None:
    lines = errors(tmp_path, "- id: r\n  effect: block\n  severty: high\n")
    assert any(
        ":2:11: [0].effect: 'block' is not one of allow, require_approval, deny" in x for x in lines
    )
    assert any("[0].severty: unknown key 'severty'; did you mean 'severity'?" in x for x in lines)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("- {id: same, effect: deny}\n")
    (tmp_path / "b.yaml").write_text("- {id: same, effect: allow}\n")
    with pytest.raises(PolicyError, match="duplicate rule id 'same'"):
        load_rules([tmp_path])


def test_not_a_list_and_missing_path(tmp_path: Path) -> None:
    (line,) = errors(tmp_path, "id: r\neffect: deny\n")
    assert "expected a list of rules, got mapping" in line
    with pytest.raises(PolicyError, match="no such rule file"):
        load_rules([tmp_path / "missing.yaml"])


def test_strings_are_not_rewritten() -> None:
    program = compile_expression('args.to == "args.to" && tool.effect == "session.trust"')
    assert program.rewritten == 'il_arg__to == "args.to" && il_tool__effect == "session.trust"'


@pytest.mark.parametrize("name", AVAILABLE)
def test_shipped_packs_load(name: str) -> None:
    rules = load_pack(name)
    assert rules and all(r.rule.id.startswith(f"{name}.") for r in rules)


def test_unknown_pack() -> None:
    with pytest.raises(PolicyError, match="unknown pack"):
        load_pack("nope")
