"""Policy: rules as data, compiled once into matchers the guard evaluates without parsing or I/O."""

from interlock.policy.compile import CompiledPolicy, compile_policy
from interlock.policy.decision import Decision, Verdict
from interlock.policy.rules import Rule, load_rules

__all__ = ["CompiledPolicy", "Decision", "Rule", "Verdict", "compile_policy", "load_rules"]
