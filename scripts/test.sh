#!/usr/bin/env bash
# The body of `npm test`, run by scripts/with-node.sh on the project's Node after the bootstrap: lint + format check,
# type-check, build and the test-only tools (Python venv, Prometheus) side by side, each printing its output and
# seconds when done, then every jest suite in parallel lanes (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

# npm workspaces (packages/*), if any, build first: the product's lint, type-check and build read their types.
if node -e 'process.exit(require("./package.json").workspaces ? 0 : 1)'; then
  npm run -s build --workspaces --if-present
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
names=(test-tools lint typecheck build)
commands=("bash scripts/bootstrap.sh --with-python" "npm run -s lint" "npm run -s typecheck" "npm run -s build:product")
pids=()
for i in "${!names[@]}"; do
  (
    started=$SECONDS
    status=0
    bash -c "${commands[$i]}" >"$out/${names[$i]}" 2>&1 || status=$?
    echo "$((SECONDS - started))" >"$out/${names[$i]}.seconds"
    exit "$status"
  ) &
  pids+=($!)
done
failed=()
for i in "${!names[@]}"; do
  if ! wait "${pids[$i]}"; then failed+=("${names[$i]}"); fi
  cat "$out/${names[$i]}"
  echo "npm test: ${names[$i]} done in $(cat "$out/${names[$i]}.seconds") s"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "npm test: failed: ${failed[*]}" >&2
  exit 1
fi

# Last, so that jest's closing summary stays the last lines of the output (CI reads it).
npm run -s jest
