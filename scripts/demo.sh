#!/usr/bin/env bash
# `make demo`: the main job end to end on the bundled examples.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. The pilot as it was approved: risky paths found (exit 1 expected)"
$BIN/interlock check examples/support-desk/pilot
echo "exit code: $?"

step "2. The same system made production-ready: nothing at or above high (exit 0 expected)"
$BIN/interlock check examples/support-desk/production
code=$?
echo "exit code: $code"
[ "$code" -eq 0 ] || { echo "demo: production example should pass" >&2; exit 1; }

step "3. Every example, pilot and production, as machines see it"
for variant in pilot production; do
  for dir in examples/*/"$variant"; do
    $BIN/interlock check "$dir" --format json >/tmp/interlock-demo.json
    printf '%-45s exit %s  findings: %s\n' "$dir" "$?" \
      "$($BIN/python -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"][0]["findings"]))' /tmp/interlock-demo.json)"
  done
done

step "4. The component graph (Mermaid)"
$BIN/interlock graph examples/support-desk/production --format mermaid

if [ -f scripts/demo_guard.py ]; then
  step "5. The guard stops a hijacked agent, lets the real task through, and signs the evidence"
  $BIN/python scripts/demo_guard.py || exit 1
fi
